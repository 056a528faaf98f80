"""Decision analysis from a sweep: net benefit (decision curves), cost
curves, gains, lift and the Kolmogorov-Smirnov statistic.

Each is exact at every distinct threshold of the sweep (a sample is predicted
positive when ``score >= threshold``) and has bootstrap bands from the
sort-once bootstrap (:meth:`NetBenefit.bands` and the like). The
:class:`imbcore.Sweep` methods ``net_benefit``, ``cost_curve``, ``gains`` and
``ks`` return these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .calibration import Bands, _grid, _replicates, _resampling, check_probabilities
from .errors import ImbcoreError

if TYPE_CHECKING:
    from ._sweep import Sweep

__all__ = ["NetBenefit", "CostCurve", "Gains", "KS", "net_benefit", "cost_curve", "gains",
           "ks"]


def _rates(sweep: Sweep) -> tuple[np.ndarray, np.ndarray, float, float]:
    tp = np.asarray(sweep.tp, dtype=np.float64)
    fp = np.asarray(sweep.fp, dtype=np.float64)
    return tp, fp, float(sweep.n_pos), float(sweep.n_neg)


def _band_args(kw: dict[str, Any]) -> dict[str, Any]:
    return {k: kw[k] for k in ("n_resamples", "ci", "method", "random_state") if k in kw}


@dataclass(frozen=True, eq=False)
class NetBenefit:
    """Net benefit of treating when ``score >= threshold`` (Vickers & Elkin 2006).

    ``model = tp / N - fp / N * t / (1 - t)`` at each threshold ``t``: the
    true positives per sample, less the false positives weighted by the odds
    of the threshold probability, at which a decision maker is indifferent
    between treating and not. ``treat_all`` treats everyone
    (``prevalence - (1 - prevalence) t / (1 - t)``), ``treat_none`` no one (0).

    Attributes
    ----------
    thresholds, model, treat_all, treat_none : ndarray
        Thresholds ascending (every distinct score in [0, 1) by default).
    """

    thresholds: np.ndarray
    model: np.ndarray
    treat_all: np.ndarray
    treat_none: np.ndarray
    _sweep: Any = field(default=None, repr=False)

    def bands(self, thresholds: Any = None, *, n_resamples: int = 200, ci: float = 0.9,
              method: str = "poisson", random_state: Any = None,
              n_jobs: int | None = None) -> Bands:
        """Bootstrap bands of the model's net benefit, at ``thresholds``
        (default: 100 thresholds from 0 to the largest of :attr:`thresholds`)."""
        r = _resampling(n_resamples, ci, method, random_state)
        g = (np.linspace(0.0, float(self.thresholds[-1]), 100) if thresholds is None
             else _check_thresholds(thresholds))
        return Bands.from_replicates(g, _replicates(self._sweep, "net_benefit", g, r, n_jobs),
                                     r.ci)


def _check_thresholds(thresholds: Any) -> np.ndarray:
    t = _grid(thresholds, "thresholds")
    bad = t[(t < 0.0) | (t >= 1.0)]
    if bad.size:
        raise ImbcoreError(f"invalid thresholds: got {float(bad[0])!r}; net benefit takes "
                           "thresholds in [0, 1)")
    return t


def net_benefit(sweep: Sweep, thresholds: Any = None) -> NetBenefit:
    """Net benefit at every distinct threshold in [0, 1), or at ``thresholds``.

    Examples
    --------
    >>> import imbcore
    >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> nb = s.net_benefit([0.2, 0.5])
    >>> nb.model, nb.treat_all
    (array([0.4375, 0.25  ]), array([0.375, 0.   ]))
    """
    check_probabilities(sweep, "net benefit")
    tp, fp, n_pos, n_neg = _rates(sweep)
    n = n_pos + n_neg
    if thresholds is None:
        t_desc = np.asarray(sweep.thresholds, dtype=np.float64)
        keep = t_desc < 1.0
        t = t_desc[keep][::-1]
        tp_t, fp_t = tp[keep][::-1], fp[keep][::-1]
    else:
        t = _check_thresholds(thresholds)
        c = sweep.at(t)
        tp_t = np.asarray(c.tp, dtype=np.float64)
        fp_t = np.asarray(c.fp, dtype=np.float64)
    odds = t / (1.0 - t)
    model = tp_t / n - fp_t / n * odds
    treat_all = n_pos / n - n_neg / n * odds
    return NetBenefit(thresholds=t, model=model, treat_all=treat_all,
                      treat_none=np.zeros_like(t), _sweep=sweep)


@dataclass(frozen=True, eq=False)
class CostCurve:
    """The cost curve (Drummond & Holte 2006).

    Each ROC point ``(fpr, fnr)`` is the line ``fnr * pc + fpr * (1 - pc)``
    of normalised expected cost against the probability cost ``pc =
    p C(-|+) / (p C(-|+) + (1 - p) C(+|-))``; the lower envelope of the lines
    (the ROC convex hull's, with the trivial classifiers) is the cost of the
    best threshold at each ``pc``.

    Attributes
    ----------
    probability_cost, lower_envelope : ndarray
    fpr, fnr : ndarray
        The model's points (one line each), descending threshold.
    hull_fpr, hull_fnr : ndarray
        The vertices of the ROC convex hull (the lines of the envelope).
    """

    probability_cost: np.ndarray
    lower_envelope: np.ndarray
    fpr: np.ndarray
    fnr: np.ndarray
    hull_fpr: np.ndarray
    hull_fnr: np.ndarray
    _sweep: Any = field(default=None, repr=False)

    def bands(self, *, n_resamples: int = 200, ci: float = 0.9, method: str = "poisson",
              random_state: Any = None, n_jobs: int | None = None) -> Bands:
        """Bootstrap bands of the lower envelope at :attr:`probability_cost`."""
        r = _resampling(n_resamples, ci, method, random_state)
        g = self.probability_cost
        return Bands.from_replicates(g, _replicates(self._sweep, "cost", g, r, n_jobs), r.ci)


def cost_curve(sweep: Sweep, n: int = 101) -> CostCurve:
    """The cost curve of a sweep on ``n`` probability costs from 0 to 1.

    Examples
    --------
    >>> import imbcore
    >>> c = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).cost_curve(n=3)
    >>> c.probability_cost, c.lower_envelope
    (array([0. , 0.5, 1. ]), array([0.  , 0.25, 0.  ]))
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ImbcoreError(f"invalid n: got {n!r}; n must be an integer >= 2")
    tp, fp, n_pos, n_neg = _rates(sweep)
    fpr = np.concatenate([[0.0], fp / n_neg])
    tpr = np.concatenate([[0.0], tp / n_pos])
    h = np.asarray(_core.upper_hull(np.ascontiguousarray(fpr), np.ascontiguousarray(tpr)),
                   dtype=np.int64)
    hf, hn = fpr[h], 1.0 - tpr[h]
    pc = np.linspace(0.0, 1.0, int(n))
    env = np.min(hn[None, :] * pc[:, None] + hf[None, :] * (1.0 - pc[:, None]), axis=1)
    env = np.minimum(env, np.minimum(pc, 1.0 - pc))
    return CostCurve(probability_cost=pc, lower_envelope=env, fpr=fpr[1:], fnr=1.0 - tpr[1:],
                     hull_fpr=hf, hull_fnr=hn, _sweep=sweep)


@dataclass(frozen=True, eq=False)
class Gains:
    """Cumulative gains and lift.

    Attributes
    ----------
    thresholds : ndarray
        Descending: every distinct threshold, or the threshold whose tie
        holds each given fraction.
    fraction : ndarray
        The fraction (by weight) of the population predicted positive.
    gain : ndarray
        The fraction of the positives among them (recall).
    lift : ndarray
        ``gain / fraction``: how many times the prevalence the precision is.
    """

    thresholds: np.ndarray
    fraction: np.ndarray
    gain: np.ndarray
    lift: np.ndarray
    _sweep: Any = field(default=None, repr=False)

    def bands(self, fractions: Any = None, *, n_resamples: int = 200, ci: float = 0.9,
              method: str = "poisson", random_state: Any = None,
              n_jobs: int | None = None) -> Bands:
        """Bootstrap bands of the gain at ``fractions`` (default 101 from 0 to
        1); the bands of the lift are these divided by the fraction."""
        r = _resampling(n_resamples, ci, method, random_state)
        g = np.linspace(0.0, 1.0, 101) if fractions is None else _check_fractions(fractions)
        return Bands.from_replicates(g, _replicates(self._sweep, "gains", g, r, n_jobs), r.ci)


def _check_fractions(fractions: Any) -> np.ndarray:
    f = _grid(fractions, "fractions")
    if f[0] < 0.0 or f[-1] > 1.0:
        raise ImbcoreError(f"invalid fractions: got {fractions!r}; fractions lie in [0, 1]")
    return f


def gains(sweep: Sweep, fractions: Any = None) -> Gains:
    """Gains and lift at every distinct threshold, or at given fractions of the
    population (ascending; linear within a tie, the expected gain when tied
    samples are taken in random order).

    Examples
    --------
    >>> import imbcore
    >>> g = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).gains()
    >>> g.fraction, g.gain, g.lift
    (array([0.25, 0.5 , 0.75, 1.  ]), array([0.5, 0.5, 1. , 1. ]), array([2.        , 1.        , 1.33333333, 1.        ]))
    """
    tp, fp, n_pos, n_neg = _rates(sweep)
    frac = (tp + fp) / (n_pos + n_neg)
    gain = tp / n_pos if n_pos > 0 else np.full_like(tp, np.nan)
    th = np.asarray(sweep.thresholds)
    if fractions is not None:
        f = _check_fractions(fractions)
        g = np.interp(f, np.concatenate([[0.0], frac]), np.concatenate([[0.0], gain]))
        k = np.minimum(np.searchsorted(frac, f, side="left"), len(frac) - 1)
        th, frac, gain = th[k], f, g
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = gain / frac
    return Gains(thresholds=th, fraction=frac, gain=gain, lift=lift, _sweep=sweep)


@dataclass(frozen=True)
class KS:
    """The Kolmogorov-Smirnov statistic of the class-conditional score
    distributions: ``max |tpr - fpr|`` over the thresholds, and the (highest)
    threshold attaining it."""

    statistic: float
    threshold: float


def ks(sweep: Sweep) -> KS:
    """The KS statistic of a sweep (what ``scipy.stats.ks_2samp`` gives on the
    scores of the positives and of the negatives).

    Examples
    --------
    >>> import imbcore
    >>> imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).ks()
    KS(statistic=0.5, threshold=0.8)
    """
    tp, fp, n_pos, n_neg = _rates(sweep)
    d = np.abs(tp / n_pos - fp / n_neg)
    i = int(np.argmax(d))
    return KS(statistic=float(d[i]), threshold=float(sweep.thresholds[i]))


def summary_json(sweep: Sweep, thresholds: dict[str, float]) -> dict[str, Any]:
    """What ``imbcore sweep --json`` reports of calibration and decisions.

    ``"ks"`` always; when every score lies in [0, 1], also ``"calibration"``
    (the Brier and log-loss decompositions, ECE with 10 uniform and 10
    quantile bins, the largest gap) and ``"net_benefit"``: per metric, the net
    benefit at its recommended threshold (``thresholds``, metric -> threshold;
    thresholds of 1 or more are left out), beside treating everyone.

    Examples
    --------
    >>> import imbcore
    >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> r = summary_json(s, {"f1": 0.35})
    >>> r["ks"], r["net_benefit"]["f1"]
    ({'statistic': 0.5, 'threshold': 0.8}, {'threshold': 0.35, 'model': 0.3653846153846154, 'treat_all': 0.23076923076923078})
    """
    k = ks(sweep)
    out: dict[str, Any] = {"ks": {"statistic": k.statistic, "threshold": k.threshold}}
    t = sweep.thresholds
    if float(t[0]) > 1.0 or float(t[-1]) < 0.0:
        return out
    cal = sweep.calibration()
    out["calibration"] = {"brier": cal.brier.as_dict(), "log_loss": cal.log_loss.as_dict(),
                          "ece_uniform_10": cal.ece(10, "uniform"),
                          "ece_quantile_10": cal.ece(10, "quantile"),
                          "largest_gap": cal.largest_gap}
    nb = {}
    for name, thr in thresholds.items():
        if 0.0 <= float(thr) < 1.0:
            r = net_benefit(sweep, [float(thr)])
            nb[name] = {"threshold": float(thr), "model": float(r.model[0]),
                        "treat_all": float(r.treat_all[0])}
    out["net_benefit"] = nb
    return out
