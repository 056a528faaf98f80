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

from typing import Any, Mapping, Sequence

import numpy as np

try:
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection
    from matplotlib.colors import LogNorm
    from matplotlib.ticker import FuncFormatter, NullFormatter
except ImportError as e:  # pragma: no cover - exercised only without matplotlib
    raise ImportError("imbcore.plot needs matplotlib: pip install 'imbcore[plot]'") from e

from ._sweep import Sweep
from .metrics import metric_info
from .theory import (
    expected_metric,
    grid,
    landing,
    lp_auc,
    natural_weight,
    optimal_alpha,
    p_from_auc,
)
from .errors import ImbcoreError

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
]

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


def _p_values(p: Any) -> np.ndarray:
    ps = np.atleast_1d(np.asarray(p, dtype=np.float64))
    if ps.ndim != 1 or ps.size == 0:
        raise ImbcoreError(f"invalid p: got {p!r}; give one value or a list of values >= 1")
    return ps


def _beta_value(beta: Any) -> float:
    b = np.asarray(beta, dtype=np.float64)
    if b.ndim != 0:
        raise ImbcoreError(f"invalid beta: got {beta!r}; this figure takes one prevalence")
    natural_weight(b)  # validates 0 < beta < 1
    return float(b)


def _alpha_axis(beta: float, also: Sequence[float] = ()) -> np.ndarray:
    """Weights spanning alpha = 1, the natural weight and ``also``, with two decades spare."""
    anchors = [1.0, float(natural_weight(beta))] + [a for a in also if np.isfinite(a)]
    lo = max(min(anchors) / 100.0, 1e-9)
    hi = min(max(anchors) * 100.0, 1e11)
    return np.geomspace(lo, hi, 600)


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def _plain_log_ticks(axis: Any, ticks: Sequence[float] | None = None) -> None:
    """Label a log axis 0.01, 0.1, 2, 5 rather than 10^-2, 2x10^0."""
    if ticks is not None:
        axis.set_ticks(list(ticks))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def _contour_levels(lo: float, hi: float, fine: bool = True) -> list[float]:
    """Round values in (lo, hi): 1, 2, 5 per decade, and 1.1, 1.2, 1.5, 3 in the lowest."""
    first = int(np.floor(np.log10(lo)))
    levels = []
    for k in range(first, int(np.ceil(np.log10(hi))) + 1):
        subs = (1.0, 1.1, 1.2, 1.5, 2.0, 3.0, 5.0) if fine and k == first else (1.0, 2.0, 5.0)
        levels += [round(m * 10.0 ** k, 12) for m in subs if lo < m * 10.0 ** k < hi]
    while len(levels) > 10:
        levels = levels[::2]
    return levels


def _auc_axis(ax: Any, ps: np.ndarray) -> Any:
    """The ROC-AUC of each curve exponent p, as a secondary axis on the right of ``ax``."""
    auc = ax.secondary_yaxis(
        "right",
        functions=(lambda q: lp_auc(np.clip(np.nan_to_num(q, nan=1.0), 1.0, 1e6)),
                   lambda u: p_from_auc(np.clip(np.nan_to_num(u, nan=0.75), 0.5 + 1e-9,
                                                1 - 1e-9))))
    _plain_log_ticks(auc.yaxis, [v for v in (0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
                                 if ps.min() <= float(p_from_auc(v)) <= ps.max()])
    auc.set_ylabel("ROC-AUC of the curve")
    return auc


def _colorbar_pad(ax: Any, right: Any) -> float:
    """Space between ``ax`` and a colour bar on its right that clears the Axes ``right``.

    A layout engine (``layout="constrained"``) places the bar clear of the
    labels itself; without one, ``pad`` (a fraction of the Axes' width) must
    leave room for the tick labels and label of ``right``.
    """
    if ax.figure.get_layout_engine() is not None:
        return 0.02
    renderer = ax.figure.canvas.get_renderer()
    box, used = ax.get_window_extent(renderer), right.get_tightbbox(renderer)
    return 0.03 + max(float(used.x1 - box.x1), 0.0) / max(float(box.width), 1.0)


def _axes_length(ax: Any, seg: np.ndarray) -> float:
    """Length of a polyline in data coordinates, as a fraction of the axes' size."""
    if len(seg) < 2:
        return 0.0
    xy = ax.transAxes.inverted().transform(ax.transData.transform(seg))
    return float(np.hypot(*np.diff(xy, axis=0).T).sum())


def _legend(ax: Any, made_here: bool, **kw: Any) -> None:
    """Outside on the right when the figure is ours (lines stay visible), else inside."""
    if made_here:
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  borderaxespad=0.0, **kw)
    else:
        ax.legend(fontsize="small", loc="best", **kw)


# ---------------------------------------------------------------------------- theory


def tradeoff_curves(p: Any = (1, 1.5, 2, 3, 5, 10), *, beta: float | None = None,
                    rule: str = "bayes", ax: Any = None) -> Any:
    """The family of attainable tradeoffs ``specificity = (1 - recall^p)^(1/p)``.

    Parameters
    ----------
    p : sequence of float
        Curve exponents (>= 1); ``p = 1`` is chance, larger is a better model.
        Each curve is labelled with its ROC-AUC, :func:`imbcore.lp_auc`.
    beta : float, optional
        A prevalence. When given, each curve is marked where weighted
        cross-entropy lands with weight ``alpha = 1`` (circle) and with the
        natural weight ``(1 - beta) / beta`` (square).
    rule : {"bayes", "expected_loss"}
        The landing rule (see :mod:`imbcore.theory.rules`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    ps = _p_values(p)
    ax = _new_ax(ax, (5.6, 5.2))
    # sample by angle: x^p = cos^2 t, z^p = sin^2 t puts points evenly round the
    # corner that large p bends the curve into, where a grid in x would skip it
    t = np.linspace(0.0, np.pi / 2, 721)
    cos, sin = np.cos(t), np.sin(t)
    cos[-1] = sin[0] = 0.0  # cos(pi/2) is 6e-17 in floating point, not 0
    for pj in ps:
        if pj < 1 or not np.isfinite(pj):
            lp_auc(pj)  # raises the usual error for p
        x = cos ** (2.0 / pj)
        z = sin ** (2.0 / pj)
        ax.plot(x, z, lw=1.8, label=f"p = {pj:g}  (ROC-AUC {float(lp_auc(pj)):.3f})")
    if beta is not None:
        b = _beta_value(beta)
        nw = float(natural_weight(b))
        colors = [ln.get_color() for ln in ax.get_lines()[-len(ps):]]
        marks = ((1.0, "o", "α = 1"), (nw, "s", f"α = (1−β)/β = {_fmt(nw)}"))
        for alpha, marker, what in marks:
            x, z = landing(alpha, ps, b, rule=rule)
            ax.scatter(x, z, marker=marker, c=colors, s=42, zorder=3, edgecolors="black",
                       linewidths=0.6, label=f"lands at {what}")
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel("recall (true positive rate) x")
    ax.set_ylabel("specificity (true negative rate) z")
    title = "Attainable tradeoffs: $z = (1 - x^p)^{1/p}$"
    if beta is not None:
        title += f"\nlanding points at prevalence β = {_beta_value(beta):g}"
    ax.set_title(title)
    ax.grid(alpha=0.3)
    legend = ax.legend(loc="lower left", fontsize="small")
    for handle in legend.legend_handles:  # the landing markers: one colour per curve,
        if isinstance(handle, PathCollection):  # so their legend key is neutral
            handle.set_facecolor("white")
    return ax


def metric_vs_alpha(metric: str, p: Any = (1.5, 2, 3, 5, 10), beta: float = 0.01, *,
                    alpha: Any = None, rule: str = "bayes", ax: Any = None) -> Any:
    """The expected metric against the class weight, one line per ``p``, optima marked.

    Parameters
    ----------
    metric : str
        Any metric of the table (``"f1"``, ``"balanced_accuracy"``, ...).
    p : sequence of float
        Curve exponents, one line each.
    beta : float
        The prevalence.
    alpha : array_like, optional
        The weights to draw; by default a log grid spanning 1, the natural
        weight and every optimum, with two decades to spare.
    rule : {"bayes", "expected_loss"}
        The landing rule (see :mod:`imbcore.theory.rules`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    Each optimum, from :func:`imbcore.optimal_alpha`, is a filled circle on its
    line. No circle is drawn when the metric keeps improving towards a bound
    (the legend says which way) or does not depend on alpha (``flat``). The
    dashed vertical line is the natural weight ``(1 - beta) / beta``.
    """
    name = metric_info(metric).name
    label = metric_label(name)
    ps = _p_values(p)
    b = _beta_value(beta)
    opt = optimal_alpha(name, ps, b, rule=rule)
    a_opt, v_opt = np.atleast_1d(opt.alpha), np.atleast_1d(opt.value)
    at_bound, flat = np.atleast_1d(opt.at_bound), np.atleast_1d(opt.flat)
    interior = a_opt[~at_bound & ~flat]
    a = _alpha_axis(b, interior) if alpha is None else np.asarray(alpha, dtype=np.float64)
    values = grid(name, a, ps, [b], rule=rule)[:, :, 0]
    made_here = ax is None
    ax = _new_ax(ax, (9.6, 4.6))
    for j, pj in enumerate(ps):
        text = f"p = {pj:g} (AUC {float(lp_auc(pj)):.3f})"
        if flat[j]:
            text += ": flat in α"
        elif at_bound[j]:
            text += ": best as α → " + ("0" if a_opt[j] < 1 else "∞")
        else:
            text += f": best {v_opt[j]:.3f} at α* = {_fmt(a_opt[j])}"
        (line,) = ax.plot(a, values[:, j], lw=1.8, label=text)
        if not (flat[j] or at_bound[j]):
            ax.plot([a_opt[j]], [v_opt[j]], marker="o", ms=7, ls="none", color=line.get_color(),
                    markeredgecolor="black", markeredgewidth=0.7, zorder=3, label="_optimum")
    nw = float(natural_weight(b))
    ax.axvline(nw, color="0.35", ls="--", lw=1.0, label=f"natural weight (1−β)/β = {_fmt(nw)}")
    ax.set_xscale("log")
    ax.set_xlim(a[0], a[-1])
    ax.set_xlabel("class weight α on the positive class (log scale)")
    ax.set_ylabel(f"{label} (expected value)")
    ax.set_title(f"{label}: expected value vs class weight α\n"
                 f"prevalence β = {b:g}; ● marks the optimum α* of each curve")
    ax.grid(alpha=0.3, which="major", lw=0.5)
    _legend(ax, made_here, title="curve exponent p")
    return ax


def _crossing(p: float, beta: float, rule: str) -> float:
    """The weight where expected precision equals expected recall (bisection in log alpha).

    Precision falls and recall rises with alpha, so their difference changes
    sign once; 200 halvings of [-40, 40] in ln(alpha) reach machine precision.
    """
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        d = expected_metric("precision", np.exp(mid), p, beta, rule=rule) - expected_metric(
            "recall", np.exp(mid), p, beta, rule=rule)
        if d > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return float(np.exp(0.5 * (lo + hi)))


def precision_recall_vs_alpha(p: float = 2.0, beta: float = 0.01, *, alpha: Any = None,
                              rule: str = "bayes", ax: Any = None) -> Any:
    """Expected precision and recall against the class weight, for one ``p``.

    The natural weight ``(1 - beta) / beta`` is the dashed line, with the
    precision and recall there marked by squares; the weight where precision
    equals recall (where F1 equals both) is marked by a cross. Precision and
    recall have their colours of every figure (:func:`metric_color`).

    Returns
    -------
    matplotlib Axes
    """
    if np.ndim(p) != 0:
        raise ImbcoreError(f"invalid p: got {p!r}; this figure takes one curve exponent")
    pj = float(p)
    lp_auc(pj)  # validates p >= 1
    b = _beta_value(beta)
    nw = float(natural_weight(b))
    cross = _crossing(pj, b, rule)
    a = _alpha_axis(b, [cross]) if alpha is None else np.asarray(alpha, dtype=np.float64)
    made_here = ax is None
    ax = _new_ax(ax, (9.6, 4.6))
    prec = expected_metric("precision", a, pj, b, rule=rule)
    rec = expected_metric("recall", a, pj, b, rule=rule)
    (lp,) = ax.plot(a, prec, lw=2, color=metric_color("precision"), label="Precision")
    (lr,) = ax.plot(a, rec, lw=2, color=metric_color("recall"), label="Recall")
    ax.axvline(nw, color="0.35", ls="--", lw=1.0, label=f"natural weight (1−β)/β = {_fmt(nw)}")
    pn = float(expected_metric("precision", nw, pj, b, rule=rule))
    rn = float(expected_metric("recall", nw, pj, b, rule=rule))
    ax.plot([nw], [pn], marker="s", ms=7, ls="none", color=lp.get_color(), markeredgecolor="black",
            label=f"Precision {pn:.3f} at the natural weight")
    ax.plot([nw], [rn], marker="s", ms=7, ls="none", color=lr.get_color(), markeredgecolor="black",
            label=f"Recall {rn:.3f} at the natural weight")
    v = float(expected_metric("precision", cross, pj, b, rule=rule))
    ax.plot([cross], [v], marker="X", ms=10, ls="none", color="black",
            label=f"Precision = Recall = {v:.3f}\nat α = {_fmt(cross)} (crossing)")
    ax.set_xscale("log")
    ax.set_xlim(a[0], a[-1])
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("class weight α on the positive class (log scale)")
    ax.set_ylabel("expected value")
    ax.set_title(f"Precision and Recall: expected values vs class weight α\n"
                 f"p = {pj:g} (ROC-AUC {float(lp_auc(pj)):.3f}), prevalence β = {b:g}")
    ax.grid(alpha=0.3, which="major", lw=0.5)
    _legend(ax, made_here)
    return ax


def optimal_alpha_map(metric: str, p: Any = None, beta: Any = None, *, rule: str = "bayes",
                      ax: Any = None) -> Any:
    """A heat map of the optimal weight alpha* over curve exponent ``p`` and prevalence ``beta``.

    Parameters
    ----------
    metric : str
    p : 1-D array_like, optional
        Curve exponents (y axis, log scale); by default 80 values from 1.2 to 20
        (ROC-AUC 0.59 to 0.996).
    beta : 1-D array_like, optional
        Prevalences (x axis, log scale); by default 80 values from 1e-4 to 0.3.
    rule : {"bayes", "expected_loss"}
        The landing rule (see :mod:`imbcore.theory.rules`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        The map's Axes; the colour bar and the ROC-AUC scale on the right are
        attached to it.

    Notes
    -----
    Colour is alpha* on a log scale, with labelled contours at powers of ten.
    The colour bar stands clear of the ROC-AUC scale, on a figure of its own or
    on given Axes.
    Cells where the metric keeps improving towards the search bound, or does
    not depend on alpha, have no optimum and are left grey.
    """
    name = metric_info(metric).name
    ps = np.geomspace(1.2, 20, 80) if p is None else _p_values(p)
    bs = np.geomspace(1e-4, 0.3, 80) if beta is None else np.atleast_1d(
        np.asarray(beta, dtype=np.float64))
    opt = optimal_alpha(name, ps[:, None], bs[None, :], rule=rule)
    a = np.where(opt.at_bound | opt.flat, np.nan, opt.alpha)
    ax = _new_ax(ax, (7.2, 5.0))
    ax.set_facecolor("0.85")
    # scales first: contour labels are placed (and sized) in screen coordinates
    ax.set_xscale("log")
    ax.set_yscale("log")
    finite = a[np.isfinite(a)]
    if finite.size:
        lo, hi = float(finite.min()), float(finite.max())
        if hi <= lo * 1.0001:
            lo, hi = lo / 2, hi * 2
        mesh = ax.pcolormesh(bs, ps, np.ma.masked_invalid(a), shading="nearest",
                             norm=LogNorm(vmin=lo, vmax=hi), cmap="viridis")
    auc = _auc_axis(ax, ps)  # before the colour bar, which must clear it
    if finite.size:
        cbar = ax.figure.colorbar(mesh, ax=ax, pad=_colorbar_pad(ax, auc))
        cbar.set_label("optimal class weight α* (log scale)")
        cbar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        cbar.ax.yaxis.set_minor_formatter(NullFormatter())
        levels = _contour_levels(lo, hi)
        if levels and a.shape[0] > 1 and a.shape[1] > 1:
            cs = ax.contour(bs, ps, np.ma.masked_invalid(a), levels=levels, colors="white",
                            linewidths=0.8)
            # label only contours long enough to hold a label; in a corner
            # where alpha* climbs steeply the lines crowd and labels would overlap
            frac = [sum(_axes_length(ax, seg) for seg in segs) for segs in cs.allsegs]
            long_enough = [lv for lv, f in zip(cs.levels, frac) if f > 0.15]
            if long_enough:
                ax.clabel(cs, levels=long_enough, fmt=lambda v: f"α*={v:g}", fontsize="x-small")
        if levels:
            cbar.set_ticks([lv for lv in _contour_levels(lo, hi, fine=False)] or levels)
    else:
        ax.text(0.5, 0.5, f"{metric_label(name)} has no interior optimum here:\n"
                "it improves all the way to a bound of alpha", ha="center", va="center",
                transform=ax.transAxes)
    _plain_log_ticks(ax.xaxis)
    _plain_log_ticks(ax.yaxis, [v for v in (1, 1.25, 1.5, 2, 3, 5, 10, 20, 50, 100)
                                if ps.min() <= v <= ps.max()])
    ax.set_xlabel("prevalence β (log scale)")
    ax.set_ylabel("curve exponent p (log scale)")
    ax.set_title(f"{metric_label(name)}: optimal class weight α*"
                 + ("\n(grey: no interior optimum)" if np.isnan(a).any() else ""))
    return ax


# ------------------------------------------------------------------------------ data


def thin(x: np.ndarray, y: np.ndarray, *, keep: Sequence[int] = (),
         max_points: int = 8000, log_x: bool = False) -> np.ndarray:
    """Indices of the points of a long curve worth drawing (all of them when few).

    ``x`` must be monotone (recall, FPR, or the descending thresholds). The
    curve is cut into slices of equal length in index and in ``x`` (about
    ``max_points / 8`` of each); from every slice its first and last point and
    its lowest and highest ``y`` are kept (the M4 rule), plus ``keep``. Lines
    through the kept points cover the same pixels as lines through all of them.
    With ``log_x`` the slices in ``x`` are of equal length on a log scale.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.plot import thin
    >>> x = np.linspace(0, 1, 10**6); y = np.sin(40 * x); y[123457] = 5.0
    >>> i = thin(x, y, keep=[7])
    >>> len(i) <= 8000, 123457 in i, 7 in i, int(i[0]), int(i[-1])
    (True, True, True, 0, 999999)
    """
    n = len(x)
    kept = np.asarray(keep, dtype=np.int64).reshape(-1)
    if n <= max_points:
        return np.arange(n)
    per = max(max_points // 8, 1)
    xs = np.asarray(x, dtype=np.float64)
    ascending = bool(xs[0] <= xs[-1])
    xa = xs if ascending else xs[::-1]
    positive = xa[xa > 0]
    if log_x and positive.size and positive[-1] > positive[0]:
        grid_x = np.geomspace(positive[0], positive[-1], per + 1)
    else:
        grid_x = np.linspace(xa[0], xa[-1], per + 1)
    cuts = np.searchsorted(xa, grid_x, side="left")
    edges = np.unique(np.concatenate([
        np.linspace(0, n, per + 1).astype(np.int64),
        cuts if ascending else n - cuts[::-1],
        [0, n],
    ]))
    starts, ends = edges[:-1], edges[1:]
    yv = np.asarray(y, dtype=np.float64)
    lengths = ends - starts
    picks: list[np.ndarray] = [starts, ends - 1, kept[(kept >= 0) & (kept < n)]]
    for reduce in (np.fmin, np.fmax):  # fmin/fmax skip NaN
        extreme = reduce.reduceat(yv, starts)
        hit = np.flatnonzero(yv == np.repeat(extreme, lengths))
        bucket = np.searchsorted(starts, hit, side="right") - 1
        _, first = np.unique(bucket, return_index=True)
        picks.append(hit[first])
    return np.unique(np.concatenate(picks))


def _rates(s: Sweep) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tp = np.asarray(s.tp, dtype=np.float64)
    fp = np.asarray(s.fp, dtype=np.float64)
    recall = tp / s.n_pos if s.n_pos > 0 else np.zeros_like(tp)
    fpr = fp / s.n_neg if s.n_neg > 0 else np.zeros_like(fp)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
    return recall, fpr, precision


def _metric_names(metrics: Sequence[str]) -> list[str]:
    """Canonical names; an unknown name raises (it is never silently left out)."""
    if isinstance(metrics, str):
        metrics = [metrics]
    return [metric_info(m).name for m in metrics]


def _best_points(s: Sweep, metrics: Sequence[str],
                 subject_to: Mapping[str, float] | None) -> list[tuple[str, Any]]:
    """The best threshold of each metric, under ``subject_to``, as :meth:`Sweep.best` finds it.

    A metric undefined (NaN) at every threshold has nothing to mark and is left
    out; constraints no threshold meets raise, as they do in :meth:`Sweep.best`.
    """
    out = []
    for m in metrics:
        if np.isnan(s.metric(m)).all():
            continue
        out.append((m, s.best(m, subject_to=subject_to)))
    return out


def _check_sweep(s: Any) -> Sweep:
    if not isinstance(s, Sweep):
        raise ImbcoreError(f"invalid sweep: got {type(s).__name__}; pass the result of "
                           "imbcore.sweep(y_true, y_score)")
    if s.n_pos <= 0 or s.n_neg <= 0:
        raise ImbcoreError(f"invalid sweep: got n_pos={s.n_pos}, n_neg={s.n_neg}; "
                           "the curve needs both classes")
    return s


def _fmt_threshold(t: Any) -> str:
    return f"{float(t):.4g}"


def _best_label(m: str, b: Any, name: str | None, at: str = "at threshold ") -> str:
    who = f" ({name})" if name else ""
    return (f"best {metric_label(m)} = {b.value:.3f} {at}{_fmt_threshold(b.threshold)}{who}")


def _mark_best(ax: Any, points: list[tuple[str, Any]], xs: np.ndarray, ys: np.ndarray,
               name: str | None) -> None:
    for m, b in points:
        color, marker = _metric_style(m)
        ax.plot([xs[b.index]], [ys[b.index]], marker=marker, ms=8, ls="none", color=color,
                markeredgecolor="black", zorder=4, label=_best_label(m, b, name))


_CHANCE = "imbcore-chance"
_BOUND = "imbcore-bound"


def _has_line(ax: Any, gid: str, x: Any = None, y: Any = None) -> bool:
    """Whether ``ax`` already holds the line ``gid`` (at ``x`` or ``y``, when given)."""
    for ln in ax.get_lines():
        if ln.get_gid() != gid:
            continue
        if x is not None and not np.allclose(ln.get_xdata(), x, rtol=1e-12, atol=0):
            continue
        if y is not None and not np.allclose(ln.get_ydata(), y, rtol=1e-12, atol=0):
            continue
        return True
    return False


def _draw_bounds(ax: Any, subject_to: Mapping[str, float] | None,
                 where: Mapping[str, tuple[str, Any]]) -> None:
    """A dotted line per constraint on a metric this figure has an axis for, drawn once.

    ``where`` maps a metric to ``("x" or "y", how its bound maps to that axis)``.
    """
    for k, v in (subject_to or {}).items():
        info = metric_info(k)
        if info.name not in where:
            continue
        axis, to_axis = where[info.name]
        at = float(to_axis(float(v)))
        line = ax.axhline if axis == "y" else ax.axvline
        if _has_line(ax, _BOUND, **{axis: [at, at]}):
            continue
        line(at, color=metric_color(info.name), ls=":", lw=1.2, gid=_BOUND,
             label=f"{_bound_text({k: v})} (constraint)")


def _title(text: str, subject_to: Mapping[str, float] | None) -> str:
    return text + (f"\nbest thresholds subject to {_bound_text(subject_to)}" if subject_to
                   else "")


def pr_curve(sweep: Sweep, *, metrics: Sequence[str] = _DEFAULT_MARKED,
             subject_to: Mapping[str, float] | None = None, name: str | None = None,
             plot_chance_level: bool = True, chance_level_kw: dict[str, Any] | None = None,
             ax: Any = None, max_points: int = 8000) -> Any:
    """The precision-recall curve of a sweep, with the best threshold per metric marked.

    Call it again with the same ``ax`` to compare models: each has its own
    line and legend entry (its name and average precision), the chance level
    is drawn once.

    Parameters
    ----------
    sweep : Sweep
        From :func:`imbcore.sweep`.
    metrics : sequence of str
        Metrics whose best threshold is marked on the curve (an unknown name
        raises :class:`~imbcore.ImbcoreError`).
    subject_to : mapping of metric name to bound, optional
        Mark the best thresholds under these constraints, as
        :meth:`imbcore.Sweep.best` finds them (and ``imbcore sweep
        --subject-to`` reports them). A bound on precision or recall is drawn
        as a dotted line.
    name : str, optional
        The model's name, in its legend entry (default ``"model"``).
    plot_chance_level : bool
        Draw the chance level, precision = prevalence (once per Axes and
        prevalence).
    chance_level_kw : dict, optional
        Keyword arguments for the chance line (``color``, ``ls``, ...).
    ax : matplotlib Axes, optional
    max_points : int
        Upper bound (about) on the points drawn; see :func:`thin`.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import pr_curve
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(5000) < 0.05
    >>> ax = pr_curve(imbcore.sweep(y, rng.normal(size=5000) + 2 * y), name="strong")
    >>> ax = pr_curve(imbcore.sweep(y, rng.normal(size=5000) + y), name="weak", ax=ax)
    >>> [t.get_text()[:13] for t in ax.get_legend().get_texts()][:2]
    ['strong (AP = ', 'chance level ']
    """
    s = _check_sweep(sweep)
    names = _metric_names(metrics)
    recall, _, precision = _rates(s)
    points = _best_points(s, names, subject_to)
    i = thin(recall, precision, keep=[b.index for _, b in points], max_points=max_points)
    ax = _new_ax(ax, (6.2, 5.0))
    ax.plot(recall[i], precision[i], lw=1.6,
            label=f"{name or 'model'} (AP = {s.average_precision:.3f})")
    prevalence = s.n_pos / (s.n_pos + s.n_neg)
    if plot_chance_level and not _has_line(ax, _CHANCE, y=[prevalence, prevalence]):
        kw = {"color": "0.5", "ls": "--", "lw": 1.0,
              "label": f"chance level (AP = prevalence = {prevalence:.3g})",
              **(chance_level_kw or {})}
        ax.axhline(prevalence, gid=_CHANCE, **kw)
    _draw_bounds(ax, subject_to, {"precision": ("y", float), "recall": ("x", float)})
    _mark_best(ax, points, recall, precision, name)
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("recall (true positive rate)")
    ax.set_ylabel("precision (positive predictive value)")
    ax.set_title(_title("Precision-Recall curve", subject_to))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper right")
    return ax


def roc_curve(sweep: Sweep, *, metrics: Sequence[str] = _DEFAULT_MARKED,
              subject_to: Mapping[str, float] | None = None, name: str | None = None,
              plot_chance_level: bool = True, chance_level_kw: dict[str, Any] | None = None,
              ax: Any = None, log_fpr: bool = False, max_points: int = 8000) -> Any:
    """The ROC curve of a sweep, with the best threshold per metric marked.

    Call it again with the same ``ax`` to compare models: each has its own
    line and legend entry (its name and ROC-AUC), the chance diagonal is
    drawn once.

    Parameters
    ----------
    sweep : Sweep
    metrics : sequence of str
        Metrics whose best threshold is marked (an unknown name raises).
    subject_to : mapping of metric name to bound, optional
        As in :func:`pr_curve`; a bound on recall, FPR or specificity is
        drawn as a dotted line.
    name : str, optional
        The model's name, in its legend entry (default ``"model"``).
    plot_chance_level : bool
        Draw the chance diagonal (once per Axes).
    chance_level_kw : dict, optional
        Keyword arguments for the chance line.
    ax : matplotlib Axes, optional
    log_fpr : bool
        Draw the false positive rate on a log scale (the low-FPR region is
        where a rare-class detector operates).
    max_points : int

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import roc_curve
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(5000) < 0.05
    >>> ax = roc_curve(imbcore.sweep(y, rng.normal(size=5000) + 2 * y), log_fpr=True)
    >>> ax.get_xscale(), ax.get_legend().get_texts()[0].get_text()[:12]
    ('log', 'model (AUC =')
    """
    s = _check_sweep(sweep)
    names = _metric_names(metrics)
    tpr, fpr, _ = _rates(s)
    points = _best_points(s, names, subject_to)
    i = thin(fpr, tpr, keep=[b.index for _, b in points], max_points=max_points,
             log_x=log_fpr)
    drawn_before = _has_line(ax, _CHANCE) if ax is not None else False
    ax = _new_ax(ax, (5.8, 5.2))
    x, y = fpr[i], tpr[i]
    if log_fpr:  # FPR = 0 has no place on a log axis
        x, y = x[x > 0], y[x > 0]
    else:
        x, y = np.concatenate([[0.0], x]), np.concatenate([[0.0], y])
    ax.plot(x, y, lw=1.6, label=f"{name or 'model'} (AUC = {s.roc_auc:.3f})")
    if plot_chance_level and not _has_line(ax, _CHANCE):
        kw = {"color": "0.5", "ls": "--", "lw": 1.0, "label": "chance level (AUC = 0.5)",
              **(chance_level_kw or {})}
        # on a log axis the diagonal is drawn from far below any FPR a sweep can have
        grid_x = np.geomspace(1e-12, 1, 400) if log_fpr else np.array([0.0, 1.0])
        ax.plot(grid_x, grid_x, gid=_CHANCE, **kw)
    if log_fpr:
        lo = max(float(fpr[fpr > 0].min()) if (fpr > 0).any() else 1e-6, 1e-12)
        if drawn_before and ax.get_xscale() == "log":
            lo = min(lo, ax.get_xlim()[0])
        ax.set_xscale("log")
        ax.set_xlim(lo, 1)
        ax.set_xlabel("false positive rate (1 − specificity, log scale)")
    else:
        ax.set_xlim(0, 1)
        ax.set_aspect("equal")
        ax.set_xlabel("false positive rate (1 − specificity)")
    _draw_bounds(ax, subject_to, {"recall": ("y", float), "fpr": ("x", float),
                                  "specificity": ("x", lambda v: 1.0 - v)})
    _mark_best(ax, points, fpr, tpr, name)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("true positive rate (recall)")
    ax.set_title(_title("ROC curve", subject_to))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper left" if log_fpr else "lower right")
    return ax


def pr_curve_from_predictions(y_true: Any, y_score: Any, *, sample_weight: Any = None,
                              pos_label: Any = None, **kwargs: Any) -> Any:
    """:func:`pr_curve` of ``imbcore.sweep(y_true, y_score, ...)``, as scikit-learn's
    ``PrecisionRecallDisplay.from_predictions``.

    ``kwargs`` go to :func:`pr_curve` (``name``, ``metrics``, ``subject_to``,
    ``ax``, ...).

    Examples
    --------
    >>> from imbcore.plot import pr_curve_from_predictions
    >>> ax = pr_curve_from_predictions([0, 1, 0, 1, 1, 0], [0.1, 0.9, 0.3, 0.6, 0.4, 0.2],
    ...                                name="m")
    >>> ax.get_legend().get_texts()[0].get_text()
    'm (AP = 1.000)'
    """
    from ._sweep import sweep as make_sweep

    return pr_curve(make_sweep(y_true, y_score, sample_weight=sample_weight,
                               pos_label=pos_label), **kwargs)


def roc_curve_from_predictions(y_true: Any, y_score: Any, *, sample_weight: Any = None,
                               pos_label: Any = None, **kwargs: Any) -> Any:
    """:func:`roc_curve` of ``imbcore.sweep(y_true, y_score, ...)``, as scikit-learn's
    ``RocCurveDisplay.from_predictions``.

    Examples
    --------
    >>> from imbcore.plot import roc_curve_from_predictions
    >>> ax = roc_curve_from_predictions(["a", "b", "a", "b"], [0.1, 0.9, 0.3, 0.2],
    ...                                 pos_label="b", name="m")
    >>> ax.get_legend().get_texts()[0].get_text()
    'm (AUC = 0.750)'
    """
    from ._sweep import sweep as make_sweep

    return roc_curve(make_sweep(y_true, y_score, sample_weight=sample_weight,
                                pos_label=pos_label), **kwargs)


def metric_vs_threshold(sweep: Sweep,
                        metrics: Sequence[str] = ("f1", "mcc", "balanced_accuracy",
                                                  "precision", "recall"),
                        *, mark: Sequence[str] | None = None,
                        subject_to: Mapping[str, float] | None = None, ax: Any = None,
                        xscale: str = "linear", max_points: int = 8000,
                        ci: float | None = None, n_resamples: int = 200,
                        random_state: Any = 0) -> Any:
    """Metrics along the decision threshold, with the best threshold of each marked.

    Parameters
    ----------
    sweep : Sweep
    metrics : sequence of str
        One line each, in the metric's colour (:func:`metric_color`). Costs
        (in units of counts, not in [0, 1]) are drawn against a second y axis
        on the right. An unknown name raises :class:`~imbcore.ImbcoreError`.
    mark : sequence of str, optional
        Metrics whose best threshold is marked; by default every metric drawn
        except the one-sided ones (precision, recall, specificity, NPV, FPR,
        FNR), whose best is an end of the range, unless ``subject_to``
        constrains another metric (the highest recall with precision >= 0.9
        is a real choice).
    subject_to : mapping of metric name to bound, optional
        Mark the best thresholds under these constraints, as
        :meth:`imbcore.Sweep.best` finds them; the bound of a metric drawn is
        a dotted line in its colour.
    ax : matplotlib Axes, optional
    xscale : str
        Scale of the threshold axis (``"linear"``, ``"log"``, ``"logit"``, ...).
    max_points : int
    ci : float, optional
        Draw a confidence band around each metric: at each of up to 400
        thresholds, the percentile interval of the metric over
        ``n_resamples`` Poisson bootstrap replicates (the replicates of
        :func:`imbcore.bootstrap`, each an ordinary weighted sweep). Needs
        the sweep made by :func:`imbcore.sweep` (which keeps its samples).
    n_resamples : int
        Replicates for the band (each is a sweep of the data).
    random_state : None, int or numpy.random.Generator
        Seeds the band's replicates.

    Returns
    -------
    matplotlib Axes
        The main Axes (a cost axis, if any, is its twin).

    Examples
    --------
    >>> import imbcore
    >>> from imbcore.plot import metric_vs_threshold
    >>> s = imbcore.sweep([0, 1, 0, 1, 1, 0, 0, 1], [.1, .9, .3, .6, .4, .2, .5, .45])
    >>> ax = metric_vs_threshold(s, ["recall", "precision"], subject_to={"precision": 0.9})
    >>> [ln.get_label() for ln in ax.get_lines() if ln.get_label().startswith("best")]
    ['best Recall = 0.500 at 0.6']
    """
    s = _check_sweep(sweep)
    infos = [metric_info(m) for m in _metric_names(metrics)]
    constrained = {metric_info(k).name for k in (subject_to or {})}
    marked = (set(_metric_names(mark)) if mark is not None
              else {i.name for i in infos
                    if not i.one_sided or (constrained and i.name not in constrained)})
    x = np.asarray(s.thresholds, dtype=np.float64)
    bands: dict[str, np.ndarray] = {}
    if ci is not None:
        from .bootstrap import metric_bands

        samples = s.samples
        if samples is None:
            raise ImbcoreError("invalid ci: got a sweep without its samples (made from a "
                               "SweepState, or unpickled); confidence bands need the sweep "
                               "made by imbcore.sweep(y_true, y_score)")
        at = np.unique(np.linspace(0, len(x) - 1, min(len(x), 400)).round().astype(np.intp))
        bands = metric_bands(samples, [i.name for i in infos], x[at], ci=ci,
                             n_resamples=n_resamples, random_state=random_state,
                             n_jobs=s.n_jobs)
    made_here = ax is None
    ax = _new_ax(ax, (9.6, 4.8))
    cost_ax = None
    handles = []
    styles_used: list[str] = []
    for info in infos:
        m = info.name
        y = s.metric(m)
        target = ax
        if info.row == "cost":  # counts (or summed weights), not in [0, 1]
            if cost_ax is None:
                cost_ax = ax.twinx()
                cost_ax.set_ylabel("cost (c_fp·fp + c_fn·fn)")
            target = cost_ax
        best = None
        if m in marked and not np.isnan(y).all():
            best = s.best(m, subject_to=subject_to)
        i = thin(x, y, keep=[best.index] if best is not None else [], max_points=max_points,
                 log_x=xscale == "log")
        color, marker = _metric_style(m)
        # two metrics of one row (f1 and f3, two costs) share a colour: tell them apart
        ls = ("-", "--", ":", "-.")[styles_used.count(color) % 4]
        styles_used.append(color)
        (line,) = target.plot(x[i], y[i], lw=1.6, color=color, ls=ls, label=metric_label(m))
        handles.append(line)
        if m in bands:
            target.fill_between(x[at], bands[m][0], bands[m][1], color=color, alpha=0.2, lw=0,
                                gid=f"ci-{m}")
        if best is not None:
            (pt,) = target.plot([x[best.index]], [y[best.index]], marker=marker, ms=7,
                                ls="none", color=color, markeredgecolor="black", zorder=4,
                                label=_best_label(m, best, None, at="at "))
            handles.append(pt)
        if m in constrained:
            before = len(target.get_lines())
            _draw_bounds(target, {k: v for k, v in subject_to.items()  # type: ignore[union-attr]
                                  if metric_info(k).name == m}, {m: ("y", float)})
            handles += target.get_lines()[before:]
    ax.set_xscale(xscale)
    scale = "" if xscale == "linear" else f", {xscale} scale"
    ax.set_xlabel(f"decision threshold (predict positive when score ≥ threshold{scale})")
    ax.set_ylabel("metric value")
    ax.set_title(_title("Metrics vs decision threshold", subject_to))
    ax.grid(alpha=0.3)
    if cost_ax is not None:
        made_here = True  # a legend inside would sit under the twin axis' lines
    _legend(ax, made_here, handles=handles)
    return ax


def threshold_distribution(result: Any, metric: str | None = None, *, ax: Any = None,
                           bins: int = 40) -> Any:
    """The distribution of the best threshold over bootstrap replicates.

    A histogram of :attr:`imbcore.BootstrapResult.threshold` per metric (all
    metrics of the result by default), with the threshold chosen on the data
    itself (solid line) and the percentile interval (dotted lines).

    Parameters
    ----------
    result : BootstrapResult
        From :func:`imbcore.bootstrap` or :meth:`imbcore.Sweep.bootstrap`.
    metric : str, optional
        One metric of the result; all of them by default.
    ax : matplotlib Axes, optional
    bins : int

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import threshold_distribution
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(2000) < 0.1
    >>> r = imbcore.bootstrap(y, rng.normal(size=2000) + 2 * y, metrics=["f1", "mcc"],
    ...                       n_resamples=100, random_state=0)
    >>> ax = threshold_distribution(r)
    >>> len(ax.patches) > 0
    True
    """
    from .bootstrap import BootstrapResult

    if not isinstance(result, BootstrapResult):
        raise ImbcoreError(f"invalid result: got {type(result).__name__}; pass what "
                           "imbcore.bootstrap returns")
    names = result.metrics if metric is None else [metric_info(metric).name]
    for m in names:
        if m not in result.metrics:
            raise ImbcoreError(f"invalid metric: got {metric!r}; this bootstrap has "
                               f"{result.metrics}")
    made_here = ax is None
    ax = _new_ax(ax)
    for m in names:
        t = result.threshold[:, result.metrics.index(m)]
        t = t[~np.isnan(t)]
        color, _ = _metric_style(m)
        lo, hi = result.interval("threshold", m)
        ax.hist(t, bins=bins, color=color, alpha=0.45,
                label=f"{metric_label(m)}: {result.ci:.0%} interval [{lo:.4g}, {hi:.4g}]")
        est = result.estimate.get((m, "threshold"), float("nan"))
        if np.isfinite(est):
            ax.axvline(est, color=color, lw=1.6)
        for v in (lo, hi):
            ax.axvline(v, color=color, lw=1.2, ls=":")
    ax.set_xlabel("best threshold in a replicate")
    ax.set_ylabel("replicates")
    ax.set_title(f"Best threshold over {result.n_resamples:,} {result.method} bootstrap "
                 "replicates")
    ax.grid(alpha=0.3)
    _legend(ax, made_here)
    return ax
