"""imbcore: the class weight and the decision threshold for the metric you care about.

Two sides, one vocabulary of metrics:

* **Theory** (:mod:`imbcore.theory`): where a model trained with weighted
  cross-entropy lands on the Lp tradeoff curve, the expected metrics there over
  whole ``alpha x p x beta`` grids, and the optimal weight per metric.
* **Data** (:mod:`imbcore.sweep`, :mod:`imbcore.ranking`): exact confusion
  counts at every distinct threshold of real scores, every metric along the
  curve, the best threshold per metric, ROC-AUC and average precision,
  identical to scikit-learn and much faster.

Bad input raises :class:`ImbcoreError` (a ``ValueError``).
"""

from __future__ import annotations

from ._core import ImbcoreError
from .metrics import canonical_name, higher_is_better, metric_names, metric_value
from .ranking import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from .sweep import BestThreshold, Confusion, Sweep, UndefinedMetricWarning, sweep
from .theory import (
    OptimalAlpha,
    expected_metric,
    grid,
    grid_f1,
    landing,
    lp_auc,
    natural_weight,
    optimal_alpha,
    p_from_auc,
)

__version__ = "0.1.0"

__all__ = [
    "ImbcoreError",
    "UndefinedMetricWarning",
    # metrics
    "metric_names",
    "canonical_name",
    "higher_is_better",
    "metric_value",
    # theory
    "landing",
    "expected_metric",
    "grid",
    "grid_f1",
    "optimal_alpha",
    "OptimalAlpha",
    "lp_auc",
    "p_from_auc",
    "natural_weight",
    # sweeps
    "sweep",
    "Sweep",
    "BestThreshold",
    "Confusion",
    "precision_recall_curve",
    "roc_curve",
    "roc_auc_score",
    "average_precision_score",
]


def __getattr__(name: str):  # plotting is imported only when used
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'imbcore' has no attribute {name!r}")
