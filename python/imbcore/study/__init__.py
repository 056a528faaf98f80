"""Experiments: grids of independent fits that check the theory against real training.

A study is a grid (data generator x separation x prevalence x learner x
strategy x alpha) of independent fits, each repeated ``reps`` times: generate
data (seeded), train under a strategy (class weight, over/undersampling,
SMOTE, threshold moving, a tuned threshold), score a held-out split and sweep
it. Two engines run it: the Rust engine (generators and learners in Rust, no
Python per fit) and the estimator engine (any scikit-learn estimator and
imbalanced-learn's samplers through ``joblib.Parallel``, so a dask cluster
runs it unchanged).

:class:`Study` checks a design and runs it (resumably, into a Parquet
folder); :class:`StudyResult` holds one row per fit with summaries and
figures; :mod:`.presets` holds the named studies of ``imbcore study``.
:mod:`imbcore.study._rust` runs fits in the Rust engine (data generators,
weighted CART and logistic regression, in parallel with no Python per fit).
"""

from __future__ import annotations

from .result import StudyResult
from .run import Study, run_study

__all__ = ["Study", "StudyResult", "run_study"]
