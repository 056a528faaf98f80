"""The drawing rules every figure shares: a metric's colour, marker and label, new Axes, legends.

A metric has one colour and one marker in every figure (:func:`metric_color`)
and is named by its label in the metric table (:func:`metric_label`).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

try:
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter
except ImportError as e:  # pragma: no cover - exercised only without matplotlib
    raise ImportError("imbcore.plot needs matplotlib: pip install 'imbcore[plot]'") from e

from ..metrics import metric_info

_DEFAULT_MARKED = ("f1", "mcc", "balanced_accuracy")

# One colour and one marker per metric, in every figure. Keyed by the metric's
# canonical name, then by its row of the table (an F-score f<b> or a cost with
# other parameters takes its row's style). Blue ("C0", the first colour of
# matplotlib's cycle) is left to the models' curves.
_METRIC_STYLE = {
    "f1": ("#ff7f0e", "o"),                 # orange
    "mcc": ("#2ca02c", "s"),                # green
    "balanced_accuracy": ("#d62728", "D"),  # red
    "precision": ("#9467bd", "^"),          # purple
    "recall": ("#8c564b", "v"),             # brown
    "specificity": ("#e377c2", "<"),        # pink
    "accuracy": ("#7f7f7f", ">"),           # grey
    "gmean": ("#bcbd22", "P"),              # olive
    "jaccard": ("#17becf", "X"),            # cyan
    "f2": ("#b35900", "p"),                 # dark orange
    "f0.5": ("#ffbb78", "h"),               # light orange
    "youden_j": ("#393b79", "*"),           # indigo
    "cohen_kappa": ("#637939", "d"),        # dark olive
    "markedness": ("#843c39", "8"),         # dark red
    "npv": ("#7b4173", "H"),                # plum
    "fpr": ("#e7969c", "1"),                # rose
    "fnr": ("#9c9ede", "2"),                # lavender
    "cost": ("#000000", "D"),               # black
}
_ROW_STYLE = {"f<b>": ("#ff9e4a", "o"), "cost": _METRIC_STYLE["cost"]}
_OTHER_STYLE = ("#555555", "o")


def metric_label(metric: str) -> str:
    """How a metric is written on a figure: ``'f1'`` -> ``'F1'``, ``'mcc'`` -> ``'MCC'``.

    The ``label`` of the metric's row in the table, :func:`imbcore.metric_info`.

    Examples
    --------
    >>> from imbcore.plot import metric_label
    >>> metric_label("balanced_accuracy"), metric_label("f0.5"), metric_label("cost(c_fn=10)")
    ('Balanced accuracy', 'F0.5', 'Cost (c_fp=1, c_fn=10)')
    """
    return str(metric_info(metric).label)


def metric_color(metric: str) -> str:
    """The colour of a metric in every figure (a hex string), from a fixed table.

    F-scores and costs not in the table take the colour of their row (all
    ``f<b>`` alike, all costs alike).

    Examples
    --------
    >>> from imbcore.plot import metric_color
    >>> metric_color("f1"), metric_color("F1") == metric_color("f1")
    ('#ff7f0e', True)
    >>> metric_color("cost(c_fn=10)") == metric_color("cost")
    True
    """
    return _metric_style(metric)[0]


def _metric_style(metric: str) -> tuple[str, str]:
    info = metric_info(metric)
    return _METRIC_STYLE.get(info.name) or _ROW_STYLE.get(info.row, _OTHER_STYLE)


def _bound_text(subject_to: Mapping[str, float] | None) -> str:
    """``{"precision": 0.5}`` as 'Precision ≥ 0.5' (a ceiling, ≤, for fpr, fnr, costs)."""
    return ", ".join(f"{metric_label(k)} {'≥' if metric_info(k).higher_is_better else '≤'} "
                     f"{float(v):g}" for k, v in (subject_to or {}).items())


def _new_ax(ax: Any, figsize: tuple[float, float] = (7.0, 4.6)) -> Any:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax



def _fmt(v: float) -> str:
    return f"{v:.3g}"


def _plain_log_ticks(axis: Any, ticks: Sequence[float] | None = None) -> None:
    """Label a log axis 0.01, 0.1, 2, 5 rather than 10^-2, 2x10^0."""
    if ticks is not None:
        axis.set_ticks(list(ticks))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())



def _legend(ax: Any, made_here: bool, **kw: Any) -> None:
    """Outside on the right when the figure is ours (lines stay visible), else inside."""
    if made_here:
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  borderaxespad=0.0, **kw)
    else:
        ax.legend(fontsize="small", loc="best", **kw)

