"""Figures for the theory of class weights and for threshold sweeps.

Needs matplotlib (``pip install 'imbcore[plot]'``); it is imported only when
this module is. Every function draws on ``ax`` (a new figure when None) and
returns that Axes, so figures compose::

    import matplotlib.pyplot as plt, imbcore as ic
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    ic.plot.metric_vs_alpha("f1", p=[2, 5, 10], beta=0.01, ax=a)
    ic.plot.pr_curve(ic.sweep(y_true, y_score), ax=b)

Theory: :func:`tradeoff_curves`, :func:`metric_vs_alpha`,
:func:`precision_recall_vs_alpha`, :func:`optimal_alpha_map`.
Data: :func:`pr_curve`, :func:`roc_curve`, :func:`metric_vs_threshold` (and
:func:`pr_curve_from_predictions`, :func:`roc_curve_from_predictions`);
bootstrap: :func:`threshold_distribution`.
Multiclass (:mod:`.multiclass`): :func:`per_class_curves`,
:func:`confusion_before_after`, :func:`per_class_bars`.

Conventions, as in scikit-learn's ``PrecisionRecallDisplay`` and
``RocCurveDisplay``: each data figure draws one model (``name=``), with its
average precision or ROC-AUC in its legend entry, and can be called again on
the same Axes to compare models; the chance level is drawn once per Axes
(``plot_chance_level``, ``chance_level_kw``). Best thresholds take
``subject_to=`` as :meth:`imbcore.Sweep.best` does, so a figure marks what the
table reports. A metric has one colour and one marker in every figure
(:func:`metric_color`), and is named by its label in the metric table
(:func:`metric_label`); axis labels are lower-case descriptions.

Sweeps of millions of thresholds are thinned before drawing (see
:func:`thin`): at most a few thousand points per line, keeping the first and
last point, the lowest and highest value in every slice of the curve and the
exact best points, so the drawn curve is the true one at screen resolution and
plotting stays fast.
"""

from __future__ import annotations

from ._style import metric_color, metric_label  # first: it says when matplotlib is missing
from ._thin import thin
from .bootstrap import threshold_distribution
from .calibration import cost_curve, decision_curve, gains_chart, lift_chart, reliability_diagram
from .curves import (
    metric_vs_threshold,
    pr_curve,
    pr_curve_from_predictions,
    roc_curve,
    roc_curve_from_predictions,
)
from .theory import metric_vs_alpha, optimal_alpha_map, precision_recall_vs_alpha, tradeoff_curves
from .multiclass import confusion_before_after, per_class_bars, per_class_curves

__all__ = [
    "tradeoff_curves",
    "metric_vs_alpha",
    "precision_recall_vs_alpha",
    "optimal_alpha_map",
    "pr_curve",
    "roc_curve",
    "metric_vs_threshold",
    "threshold_distribution",
    "pr_curve_from_predictions",
    "roc_curve_from_predictions",
    "metric_label",
    "metric_color",
    "thin",
    "per_class_curves",
    "confusion_before_after",
    "per_class_bars",
    "reliability_diagram",
    "decision_curve",
    "cost_curve",
    "gains_chart",
    "lift_chart",
]
