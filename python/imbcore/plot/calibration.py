"""Figures of calibration and decision analysis: the CORP reliability diagram,
decision curves (net benefit), cost curves, gains and lift charts.

Each takes a sweep made by :func:`imbcore.sweep` (bands need its samples),
draws on ``ax`` (a new figure when None) and returns that Axes; calling it
again on the same Axes with another sweep and ``name=`` compares models
(colour is the model). Bands are pointwise bootstrap percentile intervals
from the sort-once bootstrap (``ci=None`` draws none).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import ImbcoreError
from ._style import _new_ax
from ._thin import thin

__all__ = ["reliability_diagram", "decision_curve", "cost_curve", "gains_chart", "lift_chart"]

_DIAGONAL = "imbcore-perfectly-calibrated"


def _models(sweep_or_sweeps: Any, name: Any) -> list[tuple[str, Any]]:
    """``[(name, sweep), ...]`` from one sweep, a sequence, or a mapping name -> sweep."""
    from .._sweep import Sweep

    if isinstance(sweep_or_sweeps, Sweep):
        return [(name if isinstance(name, str) else "model", sweep_or_sweeps)]
    if isinstance(sweep_or_sweeps, Mapping):
        items = [(str(k), v) for k, v in sweep_or_sweeps.items()]
    elif isinstance(sweep_or_sweeps, Sequence):
        names = (list(name) if isinstance(name, Sequence) and not isinstance(name, str)
                 else [f"model {i + 1}" for i in range(len(sweep_or_sweeps))])
        if len(names) != len(sweep_or_sweeps):
            raise ImbcoreError(f"invalid name: got {len(names)} names for "
                               f"{len(sweep_or_sweeps)} sweeps; give one name per sweep")
        items = list(zip(names, sweep_or_sweeps))
    else:
        items = []
    if not items or not all(isinstance(s, Sweep) for _, s in items):
        raise ImbcoreError(f"invalid sweep: got {type(sweep_or_sweeps).__name__}; give a "
                           "Sweep from imbcore.sweep, a list of them, or a dict name -> Sweep")
    return items


def _next_color(ax: Any) -> str:
    return ax._get_lines.get_next_color()


def _has_gid(ax: Any, gid: str) -> bool:
    return any(a.get_gid() == gid for a in ax.get_children())


def _band_kw(ci: Any, n_resamples: int, random_state: Any) -> dict[str, Any]:
    return {"ci": ci, "n_resamples": n_resamples, "random_state": random_state}


def reliability_diagram(sweep_or_sweeps: Any, *, name: Any = None, ci: float | None = 0.9,
                        n_resamples: int = 200, consistency: bool = False,
                        histogram: bool = True, random_state: Any = 0, ax: Any = None) -> Any:
    """The CORP reliability diagram: the isotonic recalibration of each model's
    scores against the scores, with bootstrap confidence bands.

    Parameters
    ----------
    sweep_or_sweeps : Sweep, list of Sweep, or dict name -> Sweep
        Sweeps of probabilities (scores in [0, 1]).
    name : str or list of str, optional
        The model names in the legend (with each model's Brier MCB).
    ci : float or None
        The level of the confidence bands (shaded around each curve, from
        the bootstrap of the samples); None for none.
    n_resamples : int
    consistency : bool
        Also draw CORP's consistency band (hatched grey, around the
        diagonal: where the recalibration of calibrated scores would fall)
        for the first model.
    histogram : bool
        A histogram of each model's scores along the bottom (its own axis,
        on the right).
    random_state : int, Generator or None
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    As scikit-learn's ``CalibrationDisplay``: x is the predicted probability,
    y the observed fraction of positives, the diagonal is labelled
    "perfectly calibrated". Unlike its binned curve, the CORP curve needs no
    bins: it is the step function that PAV fits at every distinct score.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import reliability_diagram
    >>> rng = np.random.default_rng(0)
    >>> p = rng.random(3000)
    >>> y = rng.random(3000) < p
    >>> ax = reliability_diagram({"calibrated": imbcore.sweep(y, p),
    ...                           "squared": imbcore.sweep(y, p ** 2)}, n_resamples=50)
    >>> [t.get_text().split(" (")[0] for t in ax.get_legend().get_texts()][:3]
    ['perfectly calibrated', 'calibrated', 'squared']
    """
    models = _models(sweep_or_sweeps, name)
    ax = _new_ax(ax, (6.0, 5.6))
    if not _has_gid(ax, _DIAGONAL):
        (d,) = ax.plot([0, 1], [0, 1], ls=":", color="0.3", lw=1.2, label="perfectly calibrated")
        d.set_gid(_DIAGONAL)
    hist_ax = None
    if histogram:
        # the histogram of the scores keeps to the bottom quarter, on an axis of its own
        hist_ax = ax.twinx()
        hist_ax.set_yticks([])
    for k, (label, s) in enumerate(models):
        cal = s.calibration()
        color = _next_color(ax)
        x = np.concatenate([cal.scores, [cal.scores[-1]]])
        y = np.concatenate([cal.calibrated, [cal.calibrated[-1]]])
        i = thin(x, y, max_points=4000)
        ax.step(x[i], y[i], where="post", color=color, lw=1.8,
                label=f"{label} (Brier MCB = {cal.brier.mcb:.3g})")
        if ci is not None:
            b = cal.bands(n_resamples=n_resamples, ci=ci, random_state=random_state)
            ax.fill_between(b.grid, b.lower, b.upper, step="post", color=color, alpha=0.22,
                            lw=0)
        if consistency and k == 0:
            cb = cal.consistency_bands(n_resamples=n_resamples, ci=ci or 0.9,
                                       random_state=random_state)
            ax.fill_between(cb.grid, cb.lower, cb.upper, step="post", facecolor="none",
                            edgecolor="0.5", hatch="////", lw=0,
                            label=f"{100 * (ci or 0.9):g}% consistency band (if calibrated)")
        if hist_ax is not None:
            pos, tot = cal._weights()
            hist_ax.hist(cal.scores, bins=50, range=(0, 1), weights=tot / tot.sum(),
                         color=color, alpha=0.25, histtype="stepfilled")
    if ci is not None and not _has_gid(ax, "imbcore-band-key"):
        key = ax.fill_between([], [], color="0.6", alpha=0.35,
                              label=f"shaded: {100 * ci:g}% bootstrap confidence band")
        key.set_gid("imbcore-band-key")
    if hist_ax is not None:
        top = hist_ax.get_ylim()[1]
        hist_ax.set_ylim(0, top * 4)
        hist_ax.set_yticks([])
        ax.set_zorder(hist_ax.get_zorder() + 1)
        ax.patch.set_visible(False)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("predicted probability (score)")
    ax.set_ylabel("observed fraction of positives (isotonic recalibration)")
    ax.set_title("Reliability diagram (CORP)"
                 + (", histograms of the scores at the bottom" if histogram else ""),
                 fontsize=10)
    ax.legend(loc="best", fontsize=7.5)
    return ax


def decision_curve(sweep: Any, *, name: str | None = None, ci: float | None = 0.9,
                   n_resamples: int = 200, max_threshold: float | None = None,
                   random_state: Any = 0, ax: Any = None) -> Any:
    """The decision curve: net benefit against the threshold probability, with
    "treat all" and "treat none" (Vickers & Elkin 2006).

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import decision_curve
    >>> rng = np.random.default_rng(0)
    >>> p = rng.random(2000) ** 3
    >>> ax = decision_curve(imbcore.sweep(rng.random(2000) < p, p), n_resamples=50)
    >>> ax.get_xlabel()
    'threshold probability'
    """
    (label, s), = _models(sweep, name)
    nb = s.net_benefit()
    ax = _new_ax(ax, (7.0, 4.6))
    color = _next_color(ax)
    top = float(nb.thresholds[-1]) if max_threshold is None else float(max_threshold)
    keep = nb.thresholds <= top
    t, m = nb.thresholds[keep], nb.model[keep]
    i = thin(t, m, max_points=4000)
    ax.plot(t[i], m[i], color=color, lw=1.8, label=label)
    if ci is not None:
        b = nb.bands(np.linspace(0, top, 100), **_band_kw(ci, n_resamples, random_state))
        ax.fill_between(b.grid, b.lower, b.upper, color=color, alpha=0.22, lw=0,
                        label=f"{label}: {100 * ci:g}% band")
    if not _has_gid(ax, "imbcore-treat-all"):
        g = np.linspace(0, top, 200)
        prev = s.prevalence
        (a,) = ax.plot(g, prev - (1 - prev) * g / (1 - g), color="0.4", ls="--", lw=1.1,
                       label="treat all")
        a.set_gid("imbcore-treat-all")
        (z,) = ax.plot([0, top], [0, 0], color="0.1", lw=1.0, label="treat none")
        z.set_gid("imbcore-treat-none")
    prev = s.prevalence
    ax.set_ylim(-0.25 * prev, 1.1 * prev)
    ax.set_xlim(0, top)
    ax.set_xlabel("threshold probability")
    ax.set_ylabel("net benefit (true positives per sample)")
    ax.set_title("Decision curve")
    ax.legend(fontsize=8)
    return ax


def cost_curve(sweep: Any, *, name: str | None = None, ci: float | None = 0.9,
               n_resamples: int = 200, lines: int = 40, random_state: Any = 0,
               ax: Any = None) -> Any:
    """The cost curve: normalised expected cost against probability cost, the
    lower envelope of the ROC convex hull's lines, with some of the model's
    own lines in grey (Drummond & Holte 2006).

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import cost_curve
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(2000) < 0.2
    >>> ax = cost_curve(imbcore.sweep(y, rng.normal(size=2000) + y), n_resamples=50)
    >>> ax.get_xlabel()
    'probability cost PC(+)'
    """
    (label, s), = _models(sweep, name)
    c = s.cost_curve()
    ax = _new_ax(ax, (6.4, 5.0))
    color = _next_color(ax)
    pick = np.unique(np.linspace(0, len(c.fpr) - 1, min(lines, len(c.fpr))).astype(int))
    for j, k in enumerate(pick):
        ax.plot([0, 1], [c.fpr[k], c.fnr[k]], color="0.75", lw=0.6,
                label="thresholds of the model (a line each)" if j == 0 else None)
    ax.plot(c.probability_cost, c.lower_envelope, color=color, lw=2.0,
            label=f"{label}: lower envelope")
    if ci is not None:
        b = c.bands(**_band_kw(ci, n_resamples, random_state))
        ax.fill_between(b.grid, b.lower, b.upper, color=color, alpha=0.22, lw=0,
                        label=f"{label}: {100 * ci:g}% band")
    ax.plot([0, 0.5, 1], [0, 0.5, 0], color="0.3", ls="--", lw=1.0,
            label="trivial classifiers")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 0.55)
    ax.set_xlabel("probability cost PC(+)")
    ax.set_ylabel("normalised expected cost")
    ax.set_title("Cost curve")
    ax.legend(fontsize=8)
    return ax


def _gains_or_lift(sweep: Any, lift: bool, name: Any, ci: Any, n_resamples: int,
                   random_state: Any, ax: Any) -> Any:
    (label, s), = _models(sweep, name)
    g = s.gains()
    ax = _new_ax(ax, (6.4, 5.0))
    color = _next_color(ax)
    f = np.concatenate([[0.0], g.fraction])
    y = np.concatenate([[0.0], g.gain])
    if lift:
        f, y = g.fraction, g.lift
    i = thin(f, y, max_points=4000)
    ax.plot(f[i], y[i], color=color, lw=1.8, label=label)
    if ci is not None:
        lo_f = max(1e-3, float(g.fraction[0]))
        grid = np.geomspace(lo_f, 1.0, 100) if lift else np.linspace(0.0, 1.0, 101)
        b = g.bands(grid, **_band_kw(ci, n_resamples, random_state))
        lo, hi = (b.lower / grid, b.upper / grid) if lift else (b.lower, b.upper)
        ax.fill_between(grid, lo, hi, color=color, alpha=0.22, lw=0,
                        label=f"{label}: {100 * ci:g}% band")
    if not _has_gid(ax, "imbcore-random"):
        (r,) = ax.plot([0, 1], [1, 1] if lift else [0, 1], color="0.4", ls="--", lw=1.0,
                       label="random order")
        r.set_gid("imbcore-random")
        prev = s.prevalence
        if lift:
            f = np.geomspace(1e-4, 1.0, 200)
            ax.plot(f, np.minimum(1 / prev, 1 / f), color="0.1", ls=":", lw=1.0,
                    label="perfect order")
        else:
            ax.plot([0, prev, 1], [0, 1, 1], color="0.1", ls=":", lw=1.0,
                    label="perfect order")
    ax.set_xlim(0, 1)
    if lift:
        ax.set_xscale("log")
        ax.set_xlim(max(1e-3, float(g.fraction[0])), 1)
        ax.set_ylabel("lift (precision / prevalence)")
        ax.set_title("Lift chart")
    else:
        ax.set_ylim(0, 1.02)
        ax.set_ylabel("gain (share of positives found)")
        ax.set_title("Cumulative gains chart")
    ax.set_xlabel("fraction of the population predicted positive")
    ax.legend(fontsize=8)
    return ax


def gains_chart(sweep: Any, *, name: str | None = None, ci: float | None = 0.9,
                n_resamples: int = 200, random_state: Any = 0, ax: Any = None) -> Any:
    """The cumulative gains chart: share of the positives found against the
    share of the population taken, highest scores first (ties linear).

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import gains_chart
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(2000) < 0.1
    >>> ax = gains_chart(imbcore.sweep(y, rng.normal(size=2000) + 2 * y), n_resamples=50)
    >>> ax.get_title()
    'Cumulative gains chart'
    """
    return _gains_or_lift(sweep, False, name, ci, n_resamples, random_state, ax)


def lift_chart(sweep: Any, *, name: str | None = None, ci: float | None = 0.9,
               n_resamples: int = 200, random_state: Any = 0, ax: Any = None) -> Any:
    """The lift chart: gain divided by the fraction taken (log x axis).

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import lift_chart
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(2000) < 0.1
    >>> ax = lift_chart(imbcore.sweep(y, rng.normal(size=2000) + 2 * y), n_resamples=50)
    >>> ax.get_title()
    'Lift chart'
    """
    return _gains_or_lift(sweep, True, name, ci, n_resamples, random_state, ax)
