"""Fitting a tradeoff curve to a model's validation sweep.

:func:`fit_curve` fits the binormal or the Lp family by weighted least squares
on the probit scale, the classical way to fit a binormal ROC (Swets 1986;
Hanley 1988), and returns the curve with the largest vertical distance
between it and the empirical ROC.

Why least squares on the probit scale rather than maximum likelihood: the
binormal ROC is the straight line ``Phi^-1(TPR) = a + b Phi^-1(FPR)`` there,
so the fit is a weighted line fit that is exact for binormal data, needs no
assumption on the score distributions beyond the curve (unlike a likelihood,
which needs the model of the ordinal scores, as in Dorfman & Alf 1969 and
Metz's ROCFIT), and costs nothing next to the sweep. The weights make it
nearly as efficient: each operating point's probit coordinates get the
delta-method variance of a binomial proportion, ``T(1-T)/(n_pos
phi(Phi^-1 T)^2)`` (and the same for FPR), and the residual of the line is
scaled by ``var_TPR + b^2 var_FPR`` (errors in both coordinates), iterated to
a fixed point. The operating points are the ROC points at up to 256 evenly
spaced ranks, away from the corners (where the probit scale is unbounded).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from .. import _core
from ..errors import ImbcoreError
from .curves import Binormal, Curve, Empirical, Lp

__all__ = ["CurveFit", "fit_curve"]

_POINTS = 256


@dataclass(frozen=True)
class CurveFit:
    """A fitted curve and how well it fits.

    Attributes
    ----------
    curve : Binormal or Lp
        The fitted curve.
    max_distance : float
        The largest vertical distance ``|TPR_fit(FPR) - TPR|`` over every
        point of the empirical ROC.
    family : str
    n_points : int
        The number of operating points the fit used.
    """

    curve: Curve
    max_distance: float
    family: str
    n_points: int


def _operating_points(sweep: Any) -> tuple[np.ndarray, ...]:
    """FPR and TPR at up to 256 evenly spaced ranks, strictly inside (0, 1)."""
    tpr = np.asarray(sweep.tp, dtype=float) / float(sweep.n_pos)
    fpr = np.asarray(sweep.fp, dtype=float) / float(sweep.n_neg)
    inside = np.flatnonzero((tpr > 0) & (tpr < 1) & (fpr > 0) & (fpr < 1))
    if inside.size < 3:
        raise ImbcoreError(
            f"invalid sweep: got {inside.size} operating points strictly inside the unit "
            "square; a curve fit needs at least 3 (scores that separate the classes "
            "perfectly, or too few distinct scores, cannot be fitted)"
        )
    take = inside[np.unique(np.linspace(0, inside.size - 1, _POINTS).round().astype(int))]
    return fpr[take], tpr[take]


def _probit(p: np.ndarray) -> np.ndarray:
    nd = NormalDist()
    return np.array([nd.inv_cdf(float(v)) for v in p])


def _variance(p: np.ndarray, z: np.ndarray, n: float) -> np.ndarray:
    """Delta-method variance of ``Phi^-1`` of a proportion ``p`` of ``n``."""
    dens = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return p * (1 - p) / (n * dens * dens)


def _fit_binormal(u: np.ndarray, v: np.ndarray, vu: np.ndarray,
                  vv: np.ndarray) -> tuple[float, float]:
    """Weighted line ``v = a + b u`` with errors in both coordinates."""
    b = 1.0
    a = float(np.mean(v - u))
    for _ in range(50):
        w = 1.0 / (vv + b * b * vu)
        W = w.sum()
        mu, mv = (w * u).sum() / W, (w * v).sum() / W
        suu = (w * (u - mu) ** 2).sum()
        suv = (w * (u - mu) * (v - mv)).sum()
        b_new = suv / suu if suu > 0 else 1.0
        b_new = min(max(b_new, 1e-3), 1e3)
        a = float(mv - b_new * mu)
        if abs(b_new - b) <= 1e-12 * abs(b):
            b = b_new
            break
        b = b_new
    return a, b


def _fit_lp(f: np.ndarray, v: np.ndarray, vu: np.ndarray, vv: np.ndarray) -> float:
    """The ``p`` that minimises the weighted probit residuals of ``Lp(p).tpr``."""

    def loss(lp1: float) -> float:
        p = 1.0 + math.exp(lp1)
        t = np.clip(np.asarray(Lp(p).tpr(f), dtype=float), 1e-300, 1 - 1e-16)
        r = _probit(t) - v
        return float(np.sum(r * r / (vv + vu)))

    lo, hi = math.log(1e-6), math.log(1e4)
    xs = np.linspace(lo, hi, 41)
    ls = [loss(x) for x in xs]
    i = int(np.argmin(ls))
    a, b = xs[max(i - 1, 0)], xs[min(i + 1, xs.size - 1)]
    g = (math.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = loss(c), loss(d)
    for _ in range(60):
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = loss(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = loss(d)
    return 1.0 + math.exp((a + b) / 2)


def fit_curve(sweep: Any, family: str = "binormal") -> CurveFit:
    """Fit a tradeoff curve to a model's validation sweep.

    Parameters
    ----------
    sweep : Sweep
        From :func:`imbcore.sweep` on validation scores; a weighted sweep's
        weights count (its summed weights are the sample sizes of the
        variances).
    family : {"binormal", "lp"}
        ``"binormal"`` fits ``a`` and ``b`` of :class:`~imbcore.Binormal`;
        ``"lp"`` fits ``p`` of :class:`~imbcore.Lp`.

    Returns
    -------
    CurveFit
        ``.curve``, and ``.max_distance``, the largest vertical distance
        between the fitted curve and the empirical ROC (at its points).

    Notes
    -----
    Weighted least squares on the probit scale; see :mod:`imbcore.theory.fit`
    for the method and why it is used rather than maximum likelihood.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(200_000) < 0.05
    >>> s = np.where(y, rng.normal(1.5, 1 / 0.8, y.size), rng.normal(size=y.size))
    >>> fit = imbcore.fit_curve(imbcore.sweep(y, s))
    >>> round(float(fit.curve.a), 1), round(float(fit.curve.b), 1)   # a = 1.5 * 0.8, b = 0.8
    (1.2, 0.8)
    >>> fit.max_distance < 0.02
    True
    """
    known = [name for name, _ in _core.curve_families()]
    if not isinstance(family, str) or family not in known:
        raise ImbcoreError(
            f"invalid family: got {family!r}; known families are {', '.join(known)}"
        )
    emp = Empirical(sweep)  # checks the sweep
    f, t = _operating_points(sweep)
    u, v = _probit(f), _probit(t)
    vu = _variance(f, u, float(sweep.n_neg))
    vv = _variance(t, v, float(sweep.n_pos))
    curve: Curve
    if family == "binormal":
        a, b = _fit_binormal(u, v, vu, vv)
        curve = Binormal(a, b)
    else:
        curve = Lp(_fit_lp(f, v, vu, vv))
    fpr, tpr = emp._fpr, emp._tpr
    dist = float(np.max(np.abs(np.asarray(curve.tpr(fpr), dtype=float) - tpr)))
    return CurveFit(curve, dist, family, int(f.size))
