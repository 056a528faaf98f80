"""Figures of a sweep: the PR and ROC curves and the metrics along the threshold."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from .._sweep import Sweep
from ..errors import ImbcoreError
from ..metrics import metric_info
from ._style import (
    _DEFAULT_MARKED,
    _bound_text,
    _legend,
    _metric_style,
    _new_ax,
    metric_color,
    metric_label,
)
from ._thin import thin

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


#: The legend title of a figure that can hold several models.
_MODEL_RULE = "colour: model, marker shape: metric"


def _mark_best(ax: Any, points: list[tuple[str, Any]], xs: np.ndarray, ys: np.ndarray,
               name: str | None, color: Any) -> None:
    """The best point of each metric, in the model's ``color`` and the metric's marker."""
    for m, b in points:
        _, marker = _metric_style(m)
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
    is drawn once. Colour identifies the model (its curve and its best
    points), marker shape the metric (the legend says so).

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
    (line,) = ax.plot(recall[i], precision[i], lw=1.6,
                      label=f"{name or 'model'} (AP = {s.average_precision:.3f})")
    prevalence = s.n_pos / (s.n_pos + s.n_neg)
    if plot_chance_level and not _has_line(ax, _CHANCE, y=[prevalence, prevalence]):
        kw = {"color": "0.5", "ls": "--", "lw": 1.0,
              "label": f"chance level (AP = prevalence = {prevalence:.3g})",
              **(chance_level_kw or {})}
        ax.axhline(prevalence, gid=_CHANCE, **kw)
    _draw_bounds(ax, subject_to, {"precision": ("y", float), "recall": ("x", float)})
    _mark_best(ax, points, recall, precision, name, line.get_color())
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("recall (true positive rate)")
    ax.set_ylabel("precision (positive predictive value)")
    ax.set_title(_title("Precision-Recall curve", subject_to))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper right", title=_MODEL_RULE,
              title_fontsize="small")
    return ax


def roc_curve(sweep: Sweep, *, metrics: Sequence[str] = _DEFAULT_MARKED,
              subject_to: Mapping[str, float] | None = None, name: str | None = None,
              plot_chance_level: bool = True, chance_level_kw: dict[str, Any] | None = None,
              ax: Any = None, log_fpr: bool = False, max_points: int = 8000) -> Any:
    """The ROC curve of a sweep, with the best threshold per metric marked.

    Call it again with the same ``ax`` to compare models: each has its own
    line and legend entry (its name and ROC-AUC), the chance diagonal is
    drawn once. Colour identifies the model (its curve and its best points),
    marker shape the metric (the legend says so).

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
    (line,) = ax.plot(x, y, lw=1.6, label=f"{name or 'model'} (AUC = {s.roc_auc:.3f})")
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
    _mark_best(ax, points, fpr, tpr, name, line.get_color())
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("true positive rate (recall)")
    ax.set_title(_title("ROC curve", subject_to))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper left" if log_fpr else "lower right",
              title=_MODEL_RULE, title_fontsize="small")
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
    from .._sweep import sweep as make_sweep

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
    from .._sweep import sweep as make_sweep

    return roc_curve(make_sweep(y_true, y_score, sample_weight=sample_weight,
                                pos_label=pos_label), **kwargs)


def _threshold_scale(s: Sweep, x: np.ndarray) -> str:
    """``"log"`` when the scores are positive and the positives' scores span two decades
    (5th to 95th percentile), else ``"linear"``."""
    if x.size < 2 or x[-1] <= 0 or s.n_pos <= 0:
        return "linear"
    tp = np.asarray(s.tp, dtype=np.float64)  # cumulative, thresholds descending
    hi, lo = (x[min(int(np.searchsorted(tp, q * tp[-1])), x.size - 1)] for q in (0.05, 0.95))
    return "log" if hi >= 100.0 * lo else "linear"


def _band_points(x: np.ndarray, log: bool, n: int = 200) -> np.ndarray:
    """Indices of up to ``2 n`` thresholds: even in rank, and even along the axis."""
    by_rank = np.linspace(0, len(x) - 1, min(len(x), n)).round().astype(np.intp)
    ends = (np.log(x[-1]), np.log(x[0])) if log else (x[-1], x[0])
    grid = np.linspace(*ends, min(len(x), n))
    grid = np.exp(grid) if log else grid
    # x descends: the first threshold at or below each grid value
    along = np.clip(np.searchsorted(-x, -grid, side="left"), 0, len(x) - 1)
    return np.unique(np.concatenate([by_rank, along]))


def metric_vs_threshold(sweep: Sweep,
                        metrics: Sequence[str] = ("f1", "mcc", "balanced_accuracy",
                                                  "precision", "recall"),
                        *, mark: Sequence[str] | None = None,
                        subject_to: Mapping[str, float] | None = None, ax: Any = None,
                        xscale: str | None = None, max_points: int = 8000,
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
    xscale : str, optional
        Scale of the threshold axis (``"linear"``, ``"log"``, ``"logit"``,
        ...). By default linear, unless the scores are positive and the
        scores of the positives span two decades or more (the middle 90 % of
        them), as scores on a log scale do; probabilities in [0, 1] that
        separate the classes in their upper range stay linear.
    max_points : int
    ci : float, optional
        Draw a confidence band around each metric: at up to 400 thresholds
        (even in rank and even along the axis), the percentile interval of
        the metric over ``n_resamples`` Poisson bootstrap replicates (the
        replicates of :func:`imbcore.bootstrap`, computed in one pass of the
        core per replicate over scores sorted once). Replicates in which
        the metric is undefined at a threshold (precision where nothing is
        predicted positive, NPV where nothing is predicted negative, MCC at
        either end: where scikit-learn warns and reports 0) are left out
        there instead of counting as 0; where fewer than half of the
        replicates remain, no band is drawn. Needs the sweep made by
        :func:`imbcore.sweep` (which keeps its samples).
    n_resamples : int
        Replicates for the band.
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
    if xscale is None:
        xscale = _threshold_scale(s, x)
    bands: dict[str, np.ndarray] = {}
    if ci is not None:
        from ..bootstrap import metric_bands

        samples = s.samples
        if samples is None:
            raise ImbcoreError("invalid ci: got a sweep without its samples (made from a "
                               "SweepState, or unpickled); confidence bands need the sweep "
                               "made by imbcore.sweep(y_true, y_score)")
        at = _band_points(x, xscale == "log")
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
            lo, hi = bands[m]
            drawn = ~np.isnan(lo) & ~np.isnan(hi)  # NaN: too few replicates define it
            target.fill_between(x[at], np.where(drawn, lo, 0.0), np.where(drawn, hi, 0.0),
                                where=drawn, color=color, alpha=0.2, lw=0, gid=f"ci-{m}")
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
