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
Data: :func:`pr_curve`, :func:`roc_curve`, :func:`metric_vs_threshold`.

Sweeps of millions of thresholds are thinned before drawing (see
:func:`thin`): at most a few thousand points per line, keeping the first and
last point, the lowest and highest value in every slice of the curve and the
exact best points, so the drawn curve is the true one at screen resolution and
plotting stays fast.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

try:
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection
    from matplotlib.colors import LogNorm
    from matplotlib.ticker import FuncFormatter, NullFormatter
except ImportError as e:  # pragma: no cover - exercised only without matplotlib
    raise ImportError("imbcore.plot needs matplotlib: pip install 'imbcore[plot]'") from e

from . import (
    Sweep,
    expected_metric,
    grid,
    landing,
    lp_auc,
    metric_info,
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
    "metric_label",
    "thin",
]

# best-point markers for the sweep figures, one per metric in turn
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
_DEFAULT_MARKED = ("f1", "mcc", "balanced_accuracy")


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
                    ax: Any = None) -> Any:
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
            x, z = landing(alpha, ps, b)
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
                    alpha: Any = None, ax: Any = None) -> Any:
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
    opt = optimal_alpha(name, ps, b)
    a_opt, v_opt = np.atleast_1d(opt.alpha), np.atleast_1d(opt.value)
    at_bound, flat = np.atleast_1d(opt.at_bound), np.atleast_1d(opt.flat)
    interior = a_opt[~at_bound & ~flat]
    a = _alpha_axis(b, interior) if alpha is None else np.asarray(alpha, dtype=np.float64)
    values = grid(name, a, ps, [b])[:, :, 0]
    made_here = ax is None
    ax = _new_ax(ax, (9.6, 4.6))
    for j, pj in enumerate(ps):
        text = f"p = {pj:g} (AUC {float(lp_auc(pj)):.3f})"
        if flat[j]:
            text += ": flat in α"
        elif at_bound[j]:
            text += ": best as α → " + ("0" if a_opt[j] < 1 else "∞")
        else:
            text += f": α* = {_fmt(a_opt[j])}, {label} {v_opt[j]:.3f}"
        (line,) = ax.plot(a, values[:, j], lw=1.8, label=text)
        if not (flat[j] or at_bound[j]):
            ax.plot([a_opt[j]], [v_opt[j]], marker="o", ms=7, ls="none", color=line.get_color(),
                    markeredgecolor="black", markeredgewidth=0.7, zorder=3, label="_optimum")
    nw = float(natural_weight(b))
    ax.axvline(nw, color="0.35", ls="--", lw=1.0, label=f"natural weight (1−β)/β = {_fmt(nw)}")
    ax.set_xscale("log")
    ax.set_xlim(a[0], a[-1])
    ax.set_xlabel("class weight α on the positive class (log scale)")
    ax.set_ylabel(f"expected {label}")
    ax.set_title(f"Expected {label} vs class weight α\n"
                 f"prevalence β = {b:g}; ● marks the optimum α* of each curve")
    ax.grid(alpha=0.3, which="major", lw=0.5)
    _legend(ax, made_here, title="curve exponent p")
    return ax


def _crossing(p: float, beta: float) -> float:
    """The weight where expected precision equals expected recall (bisection in log alpha).

    Precision falls and recall rises with alpha, so their difference changes
    sign once; 200 halvings of [-40, 40] in ln(alpha) reach machine precision.
    """
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        d = expected_metric("precision", np.exp(mid), p, beta) - expected_metric(
            "recall", np.exp(mid), p, beta)
        if d > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return float(np.exp(0.5 * (lo + hi)))


def precision_recall_vs_alpha(p: float = 2.0, beta: float = 0.01, *, alpha: Any = None,
                              ax: Any = None) -> Any:
    """Expected precision and recall against the class weight, for one ``p``.

    The natural weight ``(1 - beta) / beta`` is the dashed line, with the
    precision and recall there marked by squares; the weight where precision
    equals recall (where F1 equals both) is marked by a cross.

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
    cross = _crossing(pj, b)
    a = _alpha_axis(b, [cross]) if alpha is None else np.asarray(alpha, dtype=np.float64)
    made_here = ax is None
    ax = _new_ax(ax, (9.6, 4.6))
    prec = expected_metric("precision", a, pj, b)
    rec = expected_metric("recall", a, pj, b)
    (lp,) = ax.plot(a, prec, lw=2, label="precision")
    (lr,) = ax.plot(a, rec, lw=2, label="recall")
    ax.axvline(nw, color="0.35", ls="--", lw=1.0, label=f"natural weight (1−β)/β = {_fmt(nw)}")
    pn = float(expected_metric("precision", nw, pj, b))
    rn = float(expected_metric("recall", nw, pj, b))
    ax.plot([nw], [pn], marker="s", ms=7, ls="none", color=lp.get_color(), markeredgecolor="black",
            label=f"at the natural weight:\nprecision {pn:.3f}, recall {rn:.3f}")
    ax.plot([nw], [rn], marker="s", ms=7, ls="none", color=lr.get_color(), markeredgecolor="black",
            label="_natural_recall")
    v = float(expected_metric("precision", cross, pj, b))
    ax.plot([cross], [v], marker="X", ms=10, ls="none", color="black",
            label=f"crossing: precision = recall\n= {v:.3f} at α = {_fmt(cross)}")
    ax.set_xscale("log")
    ax.set_xlim(a[0], a[-1])
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("class weight α on the positive class (log scale)")
    ax.set_ylabel("expected value")
    ax.set_title(f"Expected precision and recall vs class weight α\n"
                 f"p = {pj:g} (ROC-AUC {float(lp_auc(pj)):.3f}), prevalence β = {b:g}")
    ax.grid(alpha=0.3, which="major", lw=0.5)
    _legend(ax, made_here)
    return ax


def optimal_alpha_map(metric: str, p: Any = None, beta: Any = None, *, ax: Any = None) -> Any:
    """A heat map of the optimal weight alpha* over curve exponent ``p`` and prevalence ``beta``.

    Parameters
    ----------
    metric : str
    p : 1-D array_like, optional
        Curve exponents (y axis, log scale); by default 80 values from 1.2 to 20
        (ROC-AUC 0.59 to 0.996).
    beta : 1-D array_like, optional
        Prevalences (x axis, log scale); by default 80 values from 1e-4 to 0.3.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        The map's Axes; the colour bar and the ROC-AUC scale on the right are
        attached to it.

    Notes
    -----
    Colour is alpha* on a log scale, with labelled contours at powers of ten.
    Cells where the metric keeps improving towards the search bound, or does
    not depend on alpha, have no optimum and are left grey.
    """
    name = metric_info(metric).name
    ps = np.geomspace(1.2, 20, 80) if p is None else _p_values(p)
    bs = np.geomspace(1e-4, 0.3, 80) if beta is None else np.atleast_1d(
        np.asarray(beta, dtype=np.float64))
    opt = optimal_alpha(name, ps[:, None], bs[None, :])
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
        cbar = ax.figure.colorbar(mesh, ax=ax, pad=0.02)
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
    ax.set_title(f"Optimal class weight α* for {metric_label(name)}"
                 + ("\n(grey: no interior optimum)" if np.isnan(a).any() else ""))
    # the ROC-AUC of each p, on the right
    auc = ax.secondary_yaxis(
        "right",
        functions=(lambda q: lp_auc(np.clip(np.nan_to_num(q, nan=1.0), 1.0, 1e6)),
                   lambda u: p_from_auc(np.clip(np.nan_to_num(u, nan=0.75), 0.5 + 1e-9,
                                                1 - 1e-9))))
    _plain_log_ticks(auc.yaxis, [v for v in (0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
                                 if ps.min() <= float(p_from_auc(v)) <= ps.max()])
    auc.set_ylabel("ROC-AUC of the curve")
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


def _best_points(s: Sweep, metrics: Sequence[str]) -> list[tuple[str, Any]]:
    out = []
    for m in metrics:
        try:
            out.append((m, s.best(m)))
        except ImbcoreError:
            continue  # undefined at every threshold: nothing to mark
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


def _mark_best(ax: Any, points: list[tuple[str, Any]], xs: np.ndarray, ys: np.ndarray) -> None:
    for k, (m, b) in enumerate(points):
        ax.plot([xs[b.index]], [ys[b.index]], marker=_MARKERS[k % len(_MARKERS)], ms=8,
                ls="none", color=f"C{(k + 1) % 10}", markeredgecolor="black", zorder=4,
                label=f"best {metric_label(m)} = {b.value:.3f} at threshold "
                      f"{_fmt_threshold(b.threshold)}")


def pr_curve(sweep: Sweep, *, metrics: Sequence[str] = _DEFAULT_MARKED, ax: Any = None,
             max_points: int = 8000) -> Any:
    """The precision-recall curve of a sweep, with the best threshold per metric marked.

    Parameters
    ----------
    sweep : Sweep
        From :func:`imbcore.sweep`.
    metrics : sequence of str
        Metrics whose best threshold is marked on the curve.
    ax : matplotlib Axes, optional
    max_points : int
        Upper bound (about) on the points drawn; see :func:`thin`.

    Returns
    -------
    matplotlib Axes
    """
    s = _check_sweep(sweep)
    recall, _, precision = _rates(s)
    points = _best_points(s, metrics)
    i = thin(recall, precision, keep=[b.index for _, b in points], max_points=max_points)
    ax = _new_ax(ax, (6.2, 5.0))
    ax.plot(recall[i], precision[i], lw=1.6, color="C0", label="model")
    prevalence = s.n_pos / (s.n_pos + s.n_neg)
    ax.axhline(prevalence, color="0.5", ls="--", lw=1.0,
               label=f"chance (precision = prevalence {prevalence:.3g})")
    _mark_best(ax, points, recall, precision)
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("recall (true positive rate)")
    ax.set_ylabel("precision (positive predictive value)")
    ax.set_title(f"Precision-recall curve (average precision = {s.average_precision:.3f})")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper right")
    return ax


def roc_curve(sweep: Sweep, *, metrics: Sequence[str] = _DEFAULT_MARKED, ax: Any = None,
              log_fpr: bool = False, max_points: int = 8000) -> Any:
    """The ROC curve of a sweep, with the best threshold per metric marked.

    Parameters
    ----------
    sweep : Sweep
    metrics : sequence of str
        Metrics whose best threshold is marked.
    ax : matplotlib Axes, optional
    log_fpr : bool
        Draw the false positive rate on a log scale (the low-FPR region is
        where a rare-class detector operates).
    max_points : int

    Returns
    -------
    matplotlib Axes
    """
    s = _check_sweep(sweep)
    tpr, fpr, _ = _rates(s)
    points = _best_points(s, metrics)
    i = thin(fpr, tpr, keep=[b.index for _, b in points], max_points=max_points,
             log_x=log_fpr)
    ax = _new_ax(ax, (5.8, 5.2))
    x, y = fpr[i], tpr[i]
    if log_fpr:  # FPR = 0 has no place on a log axis
        x, y = x[x > 0], y[x > 0]
    else:
        x, y = np.concatenate([[0.0], x]), np.concatenate([[0.0], y])
    ax.plot(x, y, lw=1.6, color="C0", label="model")
    if log_fpr:
        lo = max(float(fpr[fpr > 0].min()) if (fpr > 0).any() else 1e-6, 1e-12)
        grid_x = np.geomspace(lo, 1, 200)
        ax.plot(grid_x, grid_x, color="0.5", ls="--", lw=1.0, label="chance")
        ax.set_xscale("log")
        ax.set_xlim(lo, 1)
        ax.set_xlabel("false positive rate (1 − specificity, log scale)")
    else:
        ax.plot([0, 1], [0, 1], color="0.5", ls="--", lw=1.0, label="chance")
        ax.set_xlim(0, 1)
        ax.set_aspect("equal")
        ax.set_xlabel("false positive rate (1 − specificity)")
    _mark_best(ax, points, fpr, tpr)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("true positive rate (recall)")
    ax.set_title(f"ROC curve (ROC-AUC = {s.roc_auc:.3f})")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper left" if log_fpr else "lower right")
    return ax


def metric_vs_threshold(sweep: Sweep,
                        metrics: Sequence[str] = ("f1", "mcc", "balanced_accuracy",
                                                  "precision", "recall"),
                        *, mark: Sequence[str] | None = None, ax: Any = None,
                        xscale: str = "linear", max_points: int = 8000) -> Any:
    """Metrics along the decision threshold, with the best threshold of each marked.

    Parameters
    ----------
    sweep : Sweep
    metrics : sequence of str
        One line each. Costs (in units of counts, not in [0, 1]) are drawn
        against a second y axis on the right.
    mark : sequence of str, optional
        Metrics whose best threshold is marked; by default every metric drawn
        except the one-sided ones (precision, recall, specificity, NPV, FPR,
        FNR), whose best is an end of the range.
    ax : matplotlib Axes, optional
    xscale : str
        Scale of the threshold axis (``"linear"``, ``"log"``, ``"logit"``, ...).
    max_points : int

    Returns
    -------
    matplotlib Axes
        The main Axes (a cost axis, if any, is its twin).
    """
    s = _check_sweep(sweep)
    infos = [metric_info(m) for m in metrics]
    marked = ({metric_info(m).name for m in mark} if mark is not None
              else {i.name for i in infos if not i.one_sided})
    x = np.asarray(s.thresholds, dtype=np.float64)
    made_here = ax is None
    ax = _new_ax(ax, (9.6, 4.8))
    cost_ax = None
    handles = []
    for k, info in enumerate(infos):
        m = info.name
        y = s.metric(m)
        target = ax
        if info.row == "cost":  # counts (or summed weights), not in [0, 1]
            if cost_ax is None:
                cost_ax = ax.twinx()
                cost_ax.set_ylabel("cost (c_fp·fp + c_fn·fn)")
            target = cost_ax
        best = None
        if m in marked:
            try:
                best = s.best(m)
            except ImbcoreError:
                best = None
        i = thin(x, y, keep=[best.index] if best is not None else [], max_points=max_points,
                 log_x=xscale == "log")
        (line,) = target.plot(x[i], y[i], lw=1.6, color=f"C{k % 10}", label=metric_label(m))
        handles.append(line)
        if best is not None:
            (pt,) = target.plot([x[best.index]], [y[best.index]], marker="o", ms=7, ls="none",
                                color=line.get_color(), markeredgecolor="black", zorder=4,
                                label=f"best {metric_label(m)} = {best.value:.3f} at "
                                      f"{_fmt_threshold(best.threshold)}")
            handles.append(pt)
    ax.set_xscale(xscale)
    scale = "" if xscale == "linear" else f", {xscale} scale"
    ax.set_xlabel(f"decision threshold (predict positive when score ≥ threshold{scale})")
    ax.set_ylabel("metric value")
    ax.set_title("Metrics vs decision threshold")
    ax.grid(alpha=0.3)
    if cost_ax is not None:
        made_here = True  # a legend inside would sit under the twin axis' lines
    _legend(ax, made_here, handles=handles)
    return ax
