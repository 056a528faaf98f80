"""Label noise in the validation labels: the sweep corrected for flips, and
the flip rates estimated from an audited subset.

With class-conditional flips (``rho_pos`` of the positives labelled
negative, ``rho_neg`` of the negatives labelled positive) the noisy counts
above any threshold are, in expectation, a fixed linear map of the clean ones:

    tp~ = (1 - rho_pos) tp + rho_neg fp,    fp~ = rho_pos tp + (1 - rho_neg) fp,

so ``tp = ((1 - rho_neg) tp~ - rho_neg fp~) / d`` and
``fp = ((1 - rho_pos) fp~ - rho_pos tp~) / d`` with ``d = 1 - rho_pos -
rho_neg``: the 2 x 2 flip matrix inverted, at every threshold.
(Training-label noise is the ``noise=`` argument of the theory functions.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from .. import _core
from ..errors import ImbcoreError

__all__ = ["correct_noise", "estimate_noise", "NoiseEstimate"]


def _rates(rho_pos: Any, rho_neg: Any) -> tuple[float, float]:
    """The rates as floats, checked by the core (each in [0, 1), sum < 1)."""
    try:
        pair = (float(rho_pos), float(rho_neg))
    except (TypeError, ValueError):
        raise ImbcoreError(
            f"invalid noise: got ({rho_pos!r}, {rho_neg!r}); rho_pos and rho_neg must be "
            "numbers in [0, 1)"
        ) from None
    _core.clean_weight(np.ones(1), pair)
    return pair


def correct_noise(sweep: Any, rho_pos: float, rho_neg: float) -> Any:
    """The sweep of the clean labels, in expectation, from a sweep of noisy ones.

    See :meth:`imbcore.Sweep.correct_noise`, which calls this.
    """
    from .._sweep import Sweep

    rp, rn = _rates(rho_pos, rho_neg)
    d = 1.0 - rp - rn
    tp_n = np.asarray(sweep.tp, dtype=np.float64)
    fp_n = np.asarray(sweep.fp, dtype=np.float64)
    p_n, n_n = float(sweep.n_pos), float(sweep.n_neg)
    n_pos = ((1.0 - rn) * p_n - rn * n_n) / d
    n_neg = ((1.0 - rp) * n_n - rp * p_n) / d
    if not (n_pos > 0 and n_neg > 0):
        raise ImbcoreError(
            f"invalid rho_pos, rho_neg: got ({rp!r}, {rn!r}) for a sweep of {p_n:g} noisy "
            f"positives and {n_n:g} noisy negatives, which makes the corrected "
            f"{'positives' if not n_pos > 0 else 'negatives'} {min(n_pos, n_neg):.6g}; "
            "these labels cannot come from those flip rates (rho_neg must be below "
            f"{p_n / (p_n + n_n):.6g}, the noisy prevalence, for positives to remain)"
        )
    tp = ((1.0 - rn) * tp_n - rn * fp_n) / d
    fp = ((1.0 - rp) * fp_n - rp * tp_n) / d
    tp = _monotone(tp, n_pos)
    fp = _monotone(fp, n_neg)
    # A threshold where neither count grows adds no point of its own.
    # (Compared as the sweep compares them: the sum of the two must grow.)
    # The last point holds the totals, so the last kept point does too.
    total = tp + fp
    keep = np.flatnonzero(np.r_[total[0] > 0, np.diff(total) > 0])
    th = np.ascontiguousarray(sweep._curve.thresholds[keep])
    curve = _core._curve_from_parts(th, np.ascontiguousarray(tp[keep]),
                                    np.ascontiguousarray(fp[keep]))
    return Sweep(curve, n_jobs=sweep._n_jobs, score_dtype=sweep._score_dtype)


def _monotone(c: np.ndarray, total: float) -> np.ndarray:
    """The least-squares nondecreasing fit of cumulative counts, in [0, total],
    ending at ``total``."""
    from scipy.optimize import isotonic_regression

    out = np.clip(isotonic_regression(c, increasing=True).x, 0.0, total)
    out[-1] = total
    return out


@dataclass(frozen=True)
class NoiseEstimate:
    """Flip rates estimated from audited labels, with confidence intervals.

    Attributes
    ----------
    rho_pos, rho_neg : float
        The fraction of clean positives labelled negative, and of clean
        negatives labelled positive.
    rho_pos_ci, rho_neg_ci : (float, float)
        Wilson score intervals at the requested confidence.
    n_pos, n_neg : int
        The clean positives and negatives audited.
    """

    rho_pos: float
    rho_neg: float
    rho_pos_ci: tuple[float, float]
    rho_neg_ci: tuple[float, float]
    n_pos: int
    n_neg: int


def _wilson(k: int, n: int, z: float) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


def _binary(y: Any, name: str) -> np.ndarray:
    a = np.asarray(y)
    if a.ndim != 1:
        raise ImbcoreError(f"invalid {name}: got an array of shape {a.shape}; pass 1-D labels")
    if a.dtype == bool:
        return a
    vals = set(np.unique(a).tolist())
    if not vals <= {0, 1}:
        raise ImbcoreError(
            f"invalid {name}: got the values {sorted(vals, key=str)[:5]}; labels must be "
            "bool or 0/1"
        )
    return a.astype(bool)


def estimate_noise(y_noisy: Any, y_clean: Any, *, confidence: float = 0.95) -> NoiseEstimate:
    """The flip rates of noisy labels, from an audited subset with clean labels.

    Parameters
    ----------
    y_noisy, y_clean : array_like of bool or 0/1
        The noisy and the clean label of the same audited samples.
    confidence : float, default 0.95
        The level of the intervals (Wilson score intervals of a binomial
        proportion; each rate is the fraction of flips among the audited
        samples of its clean class).

    Returns
    -------
    NoiseEstimate

    Notes
    -----
    The audit must be a random sample of the data within each clean class
    (it may over-sample a class); a rate is then unbiased. With no audited
    sample of a class its rate is 0 with the interval (0, 1).

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> clean = np.r_[np.ones(200, bool), np.zeros(800, bool)]
    >>> noisy = clean.copy(); noisy[:20] = False; noisy[200:208] = True
    >>> e = imbcore.estimate_noise(noisy, clean)
    >>> e.rho_pos, e.rho_neg
    (0.1, 0.01)
    >>> round(e.rho_pos_ci[0], 3), round(e.rho_pos_ci[1], 3)
    (0.066, 0.149)
    """
    yn, yc = _binary(y_noisy, "y_noisy"), _binary(y_clean, "y_clean")
    if yn.size != yc.size:
        raise ImbcoreError(
            f"invalid y_noisy: got {yn.size} labels for {yc.size} clean ones; pass the noisy "
            "and clean label of the same samples"
        )
    try:
        level = float(confidence)
    except (TypeError, ValueError):
        level = float("nan")
    if not 0 < level < 1:
        raise ImbcoreError(f"invalid confidence: got {confidence!r}; it must lie in (0, 1)")
    z = NormalDist().inv_cdf(0.5 + level / 2)
    n_pos, n_neg = int(yc.sum()), int((~yc).sum())
    k_pos, k_neg = int((yc & ~yn).sum()), int((~yc & yn).sum())
    return NoiseEstimate(
        rho_pos=k_pos / n_pos if n_pos else 0.0,
        rho_neg=k_neg / n_neg if n_neg else 0.0,
        rho_pos_ci=_wilson(k_pos, n_pos, z),
        rho_neg_ci=_wilson(k_neg, n_neg, z),
        n_pos=n_pos,
        n_neg=n_neg,
    )
