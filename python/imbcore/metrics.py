"""The metric table: names, facts, and values of confusion matrices.

Every metric of imbcore is one row of a table written once in Rust and shared
by the theory (expected fractions) and the sweeps (counts or summed weights).
Python keeps no metric facts of its own: :func:`metric_info` asks the table.

Names, as users type them: ``accuracy``, ``precision``, ``recall``,
``specificity``, ``npv``, ``fpr``, ``fnr``, ``f1`` and any F-score ``f<b>``
(``f2``, ``f0.5``), ``balanced_accuracy``, ``gmean`` (geometric mean of recall
and specificity), ``mcc``, ``youden_j`` (recall + specificity - 1),
``jaccard``, ``cohen_kappa``, ``markedness`` (precision + npv - 1) and
``cost`` (``c_fp * fp + c_fn * fn``, lower is better; weights as in
``cost(c_fp=1, c_fn=10)``, both 1 by default).

Undefined ratios follow scikit-learn's defaults: a ratio whose denominator is
zero is 0 (precision, recall, F-scores, Jaccard, specificity, NPV, FPR, FNR);
MCC, Youden's J and markedness are 0 when a row or column of the confusion
matrix is empty; Cohen's kappa is NaN when undefined; balanced accuracy
averages the recall of the classes present.

Adding a metric is adding one row to the table in
``rust/core/src/metric/mod.rs``; everything here follows from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from . import _core
from ._inputs import broadcast_floats, shaped
from .errors import ImbcoreError

__all__ = ["MetricInfo", "metric_info", "metric_names", "higher_is_better", "canonical_name",
           "metric_value"]


@dataclass(frozen=True)
class MetricInfo:
    """What the metric table knows about one metric.

    Attributes
    ----------
    name : str
        The canonical name (``'f1'``, ``'cost(c_fp=1, c_fn=10)'``).
    label : str
        How figures and tables write it (``'F1'``, ``'Balanced accuracy'``).
    row : str
        The row of the table: ``'f<b>'`` for every F-score, ``'cost'`` for
        every cost, else the name.
    direction : {'max', 'min'}
        Whether larger or smaller values are better.
    one_sided : bool
        Best at an end of the curve (predicting everything or nothing
        positive), as for precision or recall alone.
    needs_det : bool
        The formula uses ``tp*tn - fp*fn``.
    scales_with_counts : bool
        The value is a total that grows with the counts (the cost), not a
        ratio of them (every other metric; unchanged when all counts are
        multiplied by one factor).
    formula : str
        The formula, in words.
    """

    name: str
    label: str
    row: str
    direction: Literal["max", "min"]
    one_sided: bool
    needs_det: bool
    scales_with_counts: bool
    formula: str

    @property
    def higher_is_better(self) -> bool:
        """Whether a larger value is better."""
        return self.direction == "max"


def metric_info(metric: str) -> MetricInfo:
    """The table's facts about a metric; raises ``ImbcoreError`` if unknown.

    Examples
    --------
    >>> import imbcore
    >>> info = imbcore.metric_info(" F0.5 ")
    >>> info.name, info.label, info.row, info.direction, info.one_sided
    ('f0.5', 'F0.5', 'f<b>', 'max', False)
    >>> imbcore.metric_info("cost(c_fn=10)").label
    'Cost (c_fp=1, c_fn=10)'
    >>> imbcore.metric_info("recall").one_sided
    True
    """
    name, label, row, direction, one_sided, needs_det, total, formula = _core.metric_info(
        _check_name(metric))
    return MetricInfo(name, label, row, "max" if direction == "max" else "min", one_sided,
                      needs_det, total, formula)


def metric_names() -> list[str]:
    """The metrics :meth:`Sweep.best_all` reports, by name.

    Examples
    --------
    >>> import imbcore
    >>> imbcore.metric_names()[:4]
    ['accuracy', 'precision', 'recall', 'specificity']
    """
    return list(_core.standard_metrics())


def canonical_name(metric: str) -> str:
    """The canonical spelling of a metric name; raises ``ImbcoreError`` if unknown.

    Examples
    --------
    >>> import imbcore
    >>> imbcore.canonical_name(" F1 ")
    'f1'
    >>> imbcore.canonical_name("cost(c_fn=10)")
    'cost(c_fp=1, c_fn=10)'
    """
    return metric_info(metric).name


def higher_is_better(metric: str) -> bool:
    """Whether a larger value of ``metric`` is better (False for fpr, fnr, cost).

    Examples
    --------
    >>> import imbcore
    >>> imbcore.higher_is_better("f1"), imbcore.higher_is_better("cost")
    (True, False)
    """
    return metric_info(metric).higher_is_better


def metric_value(metric: str, tp: Any, fp: Any, fn: Any, tn: Any) -> Any:
    """The metric of confusion matrices given entry by entry (broadcasting).

    Parameters
    ----------
    metric : str
        A metric name (see :mod:`imbcore.metrics`).
    tp, fp, fn, tn : array_like
        Counts, summed weights or fractions; finite and >= 0.

    Returns
    -------
    float or ndarray
        The metric, of the broadcast shape of the inputs.

    Examples
    --------
    >>> import imbcore
    >>> float(imbcore.metric_value("f1", 3, 1, 2, 4))
    0.6666666666666666
    >>> imbcore.metric_value("precision", [3, 0], [1, 0], [2, 5], [4, 5])
    array([0.75, 0.  ])
    """
    name = _check_name(metric)
    shape, flat = broadcast_floats(tp=tp, fp=fp, fn=fn, tn=tn)
    return shaped(_core.evaluate(name, *flat), shape)


def _check_name(metric: Any) -> str:
    if not isinstance(metric, str):
        raise ImbcoreError(
            f"invalid metric: got {metric!r}; a metric is named by a string such as 'f1'"
        )
    return metric
