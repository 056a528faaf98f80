"""Figures of the theory: tradeoff curves, expected metrics against the weight, optimal weights."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import LogNorm
from matplotlib.ticker import FuncFormatter, NullFormatter

from ..theory import (
    expected_metric,
    grid,
    landing,
    lp_auc,
    natural_weight,
    optimal_alpha,
    p_from_auc,
)
from ..errors import ImbcoreError
from ..metrics import metric_info
from ._style import _fmt, _legend, _new_ax, _plain_log_ticks, metric_color, metric_label

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


def _label_spots(ax: Any, cs: Any, levels: Sequence[float]) -> list[tuple[float, float]]:
    """Where to label each contour: its point farthest from the edges of the Axes.

    matplotlib's own choice can put a label where the line leaves the Axes,
    half cut off by the edge; a point deep inside keeps the whole label in view.
    """
    spots = []
    for lv, segs in zip(cs.levels, cs.allsegs):
        if lv not in levels:
            continue
        pts = np.concatenate([seg for seg in segs if len(seg)]) if segs else np.empty((0, 2))
        if not len(pts):
            continue
        xy = ax.transAxes.inverted().transform(ax.transData.transform(pts))
        depth = np.minimum(np.minimum(xy[:, 0], 1 - xy[:, 0]), np.minimum(xy[:, 1], 1 - xy[:, 1]))
        spots.append(tuple(float(v) for v in pts[int(np.argmax(depth))]))
    return spots


def _axes_length(ax: Any, seg: np.ndarray) -> float:
    """Length of a polyline in data coordinates, as a fraction of the axes' size."""
    if len(seg) < 2:
        return 0.0
    xy = ax.transAxes.inverted().transform(ax.transData.transform(seg))
    return float(np.hypot(*np.diff(xy, axis=0).T).sum())



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
                ax.clabel(cs, levels=long_enough, fmt=lambda v: f"α*={v:g}", fontsize="x-small",
                          manual=_label_spots(ax, cs, long_enough))
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
