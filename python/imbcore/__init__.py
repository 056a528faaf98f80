"""imbcore: the class weight and the decision threshold for the metric you care about.

Two sides, one vocabulary of metrics:

* **Theory** (:mod:`imbcore.theory`): where a model trained with weighted
  cross-entropy lands on the Lp tradeoff curve, the expected metrics there over
  whole ``alpha x p x beta`` grids, and the optimal weight per metric.
* **Data** (:func:`imbcore.sweep`, :mod:`imbcore.ranking`): exact confusion
  counts at every distinct threshold of real scores, every metric along the
  curve, the best threshold per metric, ROC-AUC and average precision,
  identical to scikit-learn and much faster.

Bad input raises :class:`ImbcoreError` (a ``ValueError``, from
:mod:`imbcore.errors`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tuner import ThresholdTuner as ThresholdTuner
from .bootstrap import BootstrapResult, bootstrap
from .delong import AucComparison, AucInterval, compare_auc, roc_auc_ci
from .errors import ImbcoreError, ImbcoreWarning
from .metrics import (
    MetricInfo,
    canonical_name,
    higher_is_better,
    metric_info,
    metric_names,
    metric_value,
)
from .ranking import (
    average_precision_score,
    det_curve,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)
from ._samples import Samples
from ._sweep import BestThreshold, Confusion, Sweep, SweepState, sweep
from .constraints import Constraints
from .scale import DatasetSweep, sweep_dask, sweep_dataset
from .multiclass import (
    MulticlassDecision,
    MulticlassSweep,
    cost_decision,
    multiclass_metric_names,
    sweep_multiclass,
)
from .theory import (
    Binormal,
    CurveFit,
    Empirical,
    Lp,
    NoiseEstimate,
    OptimalAlpha,
    estimate_noise,
    expected_metric,
    fit_curve,
    grid,
    grid_f1,
    landing,
    lp_auc,
    natural_weight,
    optimal_alpha,
    p_from_auc,
)
from .weights import ClassWeights, class_weights, weight_schemes
from .theory.conversions import (
    PriorEstimate,
    estimate_prior,
    shift_prior,
    threshold_for_weight,
    unweight_proba,
    weight_for_threshold,
)

try:  # the one place the version lives is Cargo.toml; maturin copies it
    __version__ = version("imbcore")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "ImbcoreError",
    "ImbcoreWarning",
    "UndefinedMetricWarning",
    # metrics
    "metric_info",
    "MetricInfo",
    "metric_names",
    "canonical_name",
    "higher_is_better",
    "metric_value",
    # theory: curves x landing rules
    "Lp",
    "Binormal",
    "Empirical",
    "fit_curve",
    "CurveFit",
    "estimate_noise",
    "NoiseEstimate",
    "landing",
    "expected_metric",
    "grid",
    "grid_f1",
    "optimal_alpha",
    "OptimalAlpha",
    "lp_auc",
    "p_from_auc",
    "natural_weight",
    # weight <-> threshold <-> probability <-> prior
    "threshold_for_weight",
    "weight_for_threshold",
    "unweight_proba",
    "shift_prior",
    "estimate_prior",
    "PriorEstimate",
    # class weights for every library
    "class_weights",
    "ClassWeights",
    "weight_schemes",
    # sweeps
    "Samples",
    "Constraints",
    "sweep",
    "Sweep",
    "SweepState",
    "BestThreshold",
    "Confusion",
    "sweep_dataset",
    "sweep_dask",
    "DatasetSweep",
    "precision_recall_curve",
    "roc_curve",
    "roc_auc_score",
    "average_precision_score",
    "det_curve",
    # multiclass decisions
    "sweep_multiclass",
    "MulticlassSweep",
    "MulticlassDecision",
    "cost_decision",
    "multiclass_metric_names",
    # bootstrap
    "bootstrap",
    "BootstrapResult",
    # uncertainty and tuning
    "roc_auc_ci",
    "AucInterval",
    "compare_auc",
    "AucComparison",
    "ThresholdTuner",
]


def __getattr__(name: str):  # imported only when used
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    if name == "ThresholdTuner":  # a scikit-learn estimator: imports scikit-learn
        from .tuner import ThresholdTuner

        return ThresholdTuner
    if name == "study":  # experiments: imbcore.study.Study, run_study, StudyResult
        import importlib

        return importlib.import_module(".study", __name__)
    if name == "UndefinedMetricWarning":  # scikit-learn's subclass, when installed
        from .errors import _undefined_metric_warning

        return _undefined_metric_warning()
    raise AttributeError(f"module 'imbcore' has no attribute {name!r}")
