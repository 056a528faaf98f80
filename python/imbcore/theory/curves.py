"""Tradeoff curves: what a model can attain, recall ``x`` against specificity ``z``.

Every curve answers the same questions for a landing rule (see
:mod:`imbcore.theory.rules`): where a model trained with positive weight
``alpha`` on prevalence ``beta`` lands (:meth:`Curve.landing`), every metric
there (:meth:`Curve.expected_metric`) and the weight that optimises a metric
(:meth:`Curve.optimal_alpha`).

* :class:`Lp`: ``x^p + z^p = 1`` (the original analysis);
* :class:`Binormal`: ``TPR = Phi(a + b Phi^-1(FPR))``, the ROC of two normal
  score distributions (``b = 1``: equal variances, a symmetric curve);
* :class:`Empirical`: a model's own ROC, from a :class:`~imbcore.Sweep` of
  its validation scores.

Under the Bayes rule these identities hold on every curve (decision theory;
for F1, Lipton, Elkan & Naryanaswamy 2014): the balanced-accuracy and Youden
optimum is ``alpha* = (1-beta)/beta``; the cost optimum is ``c_fn/c_fp``; the
F1 optimum is ``alpha* = 2/F1* - 1``; the F-beta optimum is
``(1+b^2)/F* - 1``. See :func:`imbcore.optimal_alpha`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _core
from .._inputs import broadcast_floats as _broadcast
from .._inputs import float_array
from .._inputs import shaped as _shaped
from ..errors import ImbcoreError
from ..metrics import _check_name, metric_info
from . import _call
from ._call import parse_bounds
from .lp import OptimalAlpha, check_fpr, check_weights
from .rules import Loss, check_loss, check_rule, focal_objective, golden_max


__all__ = ["Curve", "Lp", "Binormal", "Empirical"]


class Curve:
    """A tradeoff curve; subclasses say which.

    All methods broadcast over ``alpha`` and ``beta`` (and, for :class:`Lp`
    and :class:`Binormal`, over the curve's parameters). A family computed
    by the core names itself in ``_family`` and gives its parameters in
    :meth:`_params`; everything else is shared.
    """

    _family = ""

    def _params(self) -> dict[str, Any]:
        """The curve's parameters by name, as the core's family takes them."""
        raise NotImplementedError

    def _focal(self, loss: Loss) -> Any:
        """The focal expected-loss landing ``f(alpha, beta, *params)``, if any."""
        return None

    @property
    def auc(self) -> Any:
        """The ROC-AUC of the curve."""
        shape, cols = _broadcast(**self._params())
        return _shaped(_core.curve_auc(self._family, cols), shape)

    def tpr(self, fpr: Any) -> Any:
        """The true-positive rate (recall) at a false-positive rate ``1 - z``."""
        shape, flat = _broadcast(fpr=fpr, **self._params())
        return _shaped(_core.curve_tpr(self._family, flat[1:], flat[0]), shape)

    def landing(self, alpha: Any, beta: Any, *, rule: str = "bayes", loss: str = "cross_entropy",
                gamma: float = 0.0, focal_alpha: float | None = None,
                noise: tuple[float, float] | None = None) -> tuple[Any, Any]:
        """Recall ``x`` and specificity ``z`` where weight ``alpha`` lands.

        See :func:`imbcore.landing` for ``rule``, ``loss``, ``gamma``,
        ``focal_alpha`` and ``noise`` (flips of the training labels).
        """
        x, z, _, _ = self._landing(alpha, beta, rule, check_loss(loss, gamma, focal_alpha), noise)
        return x, z

    def expected_metric(self, metric: str, alpha: Any, beta: Any, *, rule: str = "bayes",
                        loss: str = "cross_entropy", gamma: float = 0.0,
                        focal_alpha: float | None = None,
                        noise: tuple[float, float] | None = None) -> Any:
        """The expected metric at the landing point of ``alpha`` on prevalence ``beta``."""
        lo = check_loss(loss, gamma, focal_alpha)
        return _call.expected_metric(self._family, self._params(), metric, alpha, beta, rule,
                                     lo, noise, self._focal(lo))

    def optimal_alpha(self, metric: str, beta: Any, *, rule: str = "bayes",
                      noise: tuple[float, float] | None = None,
                      bounds: tuple[float, float] = (1e-12, 1e12),
                      n_jobs: int | None = None) -> OptimalAlpha:
        """The weight that optimises ``metric`` on prevalence ``beta``; see
        :func:`imbcore.optimal_alpha` for the result, the identities and ``noise``."""
        return OptimalAlpha(*_call.optimal_alpha(self._family, self._params(), metric, beta,
                                                 rule, bounds, noise, n_jobs))

    def grid(self, metric: str, alpha: Any, beta: Any, *, rule: str = "bayes",
             noise: tuple[float, float] | None = None, n_jobs: int | None = None) -> np.ndarray:
        """The expected metric over the grid ``alpha x beta`` (and the curve's parameters).

        Returns
        -------
        ndarray of float64
            Shape ``(len(alpha), *parameter shape, len(beta))``: ``(len(alpha),
            len(beta))`` for a curve with scalar parameters.
        """
        return _call.grid(self._family, self._params(), metric, alpha, beta, rule, noise, n_jobs)

    # -- helpers shared by the subclasses --------------------------------
    def _landing(self, alpha: Any, beta: Any, rule: str, loss: Loss,
                 noise: Any = None) -> tuple[Any, Any, Any, Any]:
        """``(x, z, 1 - x, 1 - z)`` at the landing point, of the broadcast shape."""
        return _call.landing(self._family, self._params(), alpha, beta, rule, loss, noise,
                             self._focal(loss))  # type: ignore[return-value]

    @staticmethod
    def _beta_like(beta: Any, shape: tuple[int, ...]) -> np.ndarray:
        return np.broadcast_to(float_array(beta, "beta"), shape)


class Lp(Curve):
    """The Lp curve ``x^p + z^p = 1`` (``p >= 1``; ``p = 1`` is chance).

    Its ROC-AUC is ``Gamma(1+1/p)^2 / Gamma(1+2/p)``. Under the Bayes rule the
    landing point has the closed form ``z = (1 + r^p)^(-1/p)``, ``x = r*z``
    with ``r = (alpha*beta/(1-beta))^(1/(p-1))``; see :func:`imbcore.landing`.

    Parameters
    ----------
    p : array_like
        The exponent(s), finite and >= 1.

    Examples
    --------
    >>> import imbcore
    >>> c = imbcore.Lp(2.0)
    >>> round(float(c.auc), 12)
    0.785398163397
    >>> x, z = c.landing(99.0, 0.01)          # the natural weight: both rules agree
    >>> round(float(x), 12), round(float(z), 12)
    (0.707106781187, 0.707106781187)
    """

    _family = "lp"

    def __init__(self, p: Any) -> None:
        pp = float_array(p, "p")
        _core.curve_auc(self._family, [np.ascontiguousarray(pp).ravel()])  # checks p
        self.p = _shaped(pp.copy(), pp.shape)

    def __repr__(self) -> str:
        from .._repr import plain

        return f"Lp(p={plain(self.p)})"

    def _params(self) -> dict[str, Any]:
        return {"p": self.p}

    def _focal(self, loss: Loss) -> Any:
        from .lp import _focal

        return _focal(loss)

    def tpr(self, fpr: Any) -> Any:
        """``x = (1 - z^p)^(1/p)`` with ``z = 1 - fpr``, without cancellation.

        >>> import imbcore
        >>> round(float(imbcore.Lp(2.0).tpr(0.5)), 12)
        0.866025403784
        """
        return super().tpr(fpr)

    def expected_metric(self, metric: str, alpha: Any, beta: Any, *, rule: str = "bayes",
                        loss: str = "cross_entropy", gamma: float = 0.0,
                        focal_alpha: float | None = None,
                        noise: tuple[float, float] | None = None) -> Any:
        """The expected metric at the landing point (see :func:`imbcore.expected_metric`).

        >>> import imbcore
        >>> round(float(imbcore.Lp(1.0).expected_metric("balanced_accuracy", 3.0, 0.1)), 12)
        0.5
        """
        return super().expected_metric(metric, alpha, beta, rule=rule, loss=loss, gamma=gamma,
                                       focal_alpha=focal_alpha, noise=noise)

    def optimal_alpha(self, metric: str, beta: Any, *, rule: str = "bayes",
                      noise: tuple[float, float] | None = None,
                      bounds: tuple[float, float] = (1e-12, 1e12),
                      n_jobs: int | None = None) -> OptimalAlpha:
        """The optimal weight (see :func:`imbcore.optimal_alpha`).

        >>> import imbcore
        >>> round(float(imbcore.Lp(3.0).optimal_alpha("balanced_accuracy", 0.2).alpha), 9)
        4.0
        """
        return super().optimal_alpha(metric, beta, rule=rule, noise=noise, bounds=bounds,
                                     n_jobs=n_jobs)

    def grid(self, metric: str, alpha: Any, beta: Any, *, rule: str = "bayes",
             noise: tuple[float, float] | None = None, n_jobs: int | None = None) -> np.ndarray:
        """The expected metric over ``alpha x beta`` (see :meth:`Curve.grid`).

        >>> import imbcore
        >>> imbcore.Lp(4.0).grid("f1", [1.0, 99.0], [0.01, 0.1]).shape
        (2, 2)
        >>> imbcore.Lp([2.0, 4.0, 8.0]).grid("f1", [1.0, 99.0], [0.01]).shape
        (2, 3, 1)
        """
        return super().grid(metric, alpha, beta, rule=rule, noise=noise, n_jobs=n_jobs)


class Binormal(Curve):
    """The binormal curve ``TPR = Phi(a + b*Phi^-1(FPR))``.

    The ROC of a score that is normal on each class: negatives ``N(0, 1)``,
    positives ``N(a/b, 1/b^2)``. ``b = 1`` is the equal-variance, symmetric
    case (``a`` is then the separation ``d'``); ``b != 1`` is asymmetric, and
    the curve is not concave near one end, where the Bayes rule takes the
    convex hull. ROC-AUC is ``Phi(a/sqrt(1+b^2))``.

    Everything is computed in Rust to about 1e-13 relative against a 50-digit
    reference over ``a`` in [0.5, 8], ``b`` in [0.2, 5], prevalences down to
    1e-9 and weights from 1e-6 to 1e9, with the normal tails in logarithms
    where they leave the floating-point range. As ``a -> 0`` the Bayes
    threshold ``c = a/2 - ln(alpha*beta/(1-beta))/a`` runs off to infinity
    and the landing point becomes ill-conditioned (relative error about
    ``1e-16 * c/a``); at ``a = 0`` it is a corner.

    Parameters
    ----------
    a : array_like
        Separation, finite.
    b : array_like, default 1.0
        Slope on the probit scale, finite and > 0.

    Examples
    --------
    >>> import imbcore
    >>> c = imbcore.Binormal(1.5)
    >>> round(float(c.auc), 6)
    0.855578
    >>> x, z = c.landing([1.0, 99.0], 0.01)     # recall at alpha = 1 and at the natural weight
    >>> x.round(4)
    array([0.0103, 0.7734])
    """

    _family = "binormal"

    def __init__(self, a: Any, b: Any = 1.0) -> None:
        aa = float_array(a, "a")
        bb = float_array(b, "b")
        _, cols = _broadcast(a=aa, b=bb)
        _core.curve_auc(self._family, cols)  # checks a and b
        self.a = _shaped(aa.copy(), aa.shape)
        self.b = _shaped(bb.copy(), bb.shape)

    @classmethod
    def from_auc(cls, auc: Any, b: Any = 1.0) -> Binormal:
        """The binormal curve of slope ``b`` whose ROC-AUC is ``auc``:
        ``a = Phi^-1(auc) * sqrt(1 + b^2)``.

        Parameters
        ----------
        auc : array_like
            ROC-AUC, strictly between 0 and 1.
        b : array_like, default 1.0
            Slope on the probit scale, finite and > 0.

        Examples
        --------
        >>> import imbcore
        >>> c = imbcore.Binormal.from_auc(0.9)
        >>> round(float(c.a), 12), round(float(c.auc), 12)
        (1.812387604874, 0.9)
        """
        from statistics import NormalDist

        shape, (au, bb) = _broadcast(auc=auc, b=b)
        bad = ~((au > 0) & (au < 1))
        if bad.any():
            i = int(np.argmax(bad))
            where = "" if au.size == 1 else f" at index {i}"
            raise ImbcoreError(f"invalid auc: got {float(au[i])!r}{where}; a binormal curve's "
                               "ROC-AUC must lie strictly between 0 and 1")
        inv = NormalDist().inv_cdf
        a = np.array([inv(float(v)) for v in au]) * np.hypot(1.0, bb)
        return cls(_shaped(a, shape), _shaped(bb, shape))

    def __repr__(self) -> str:
        from .._repr import plain

        return f"Binormal(a={plain(self.a)}, b={plain(self.b)})"

    def _params(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b}

    def _focal(self, loss: Loss) -> Any:
        return lambda alpha, beta, a, b: self._focal_landing(alpha, beta, a, b, loss)

    def tpr(self, fpr: Any) -> Any:
        """``Phi(a + b*Phi^-1(fpr))``.

        >>> import imbcore
        >>> round(float(imbcore.Binormal(0.0).tpr(0.3)), 12)
        0.3
        """
        return super().tpr(fpr)

    @staticmethod
    def _focal_landing(alpha: np.ndarray, beta: np.ndarray, a: np.ndarray, b: np.ndarray,
                       loss: Loss) -> tuple[np.ndarray, ...]:
        """The expected-loss landing point of focal loss: a golden-section
        search over the threshold ``c`` (about 1e-10 in ``c``)."""
        check_weights(alpha, beta)
        erfc = np.frompyfunc(math.erfc, 1, 1)

        def q(y: np.ndarray) -> np.ndarray:
            return 0.5 * np.asarray(erfc(np.asarray(y) / math.sqrt(2)), dtype=float)

        def point(c: np.ndarray) -> tuple[np.ndarray, ...]:
            y = b * c - a
            return q(y), q(-c), q(-y), q(c)

        def f(c: np.ndarray) -> np.ndarray:
            x, z, omx, omz = point(c)
            return focal_objective(alpha * beta, 1 - beta, loss.gamma, x, omx, z, omz)

        c = golden_max(f, np.full(alpha.shape, -40.0), np.full(alpha.shape, 40.0))
        return point(c)

    def expected_metric(self, metric: str, alpha: Any, beta: Any, *, rule: str = "bayes",
                        loss: str = "cross_entropy", gamma: float = 0.0,
                        focal_alpha: float | None = None,
                        noise: tuple[float, float] | None = None) -> Any:
        """The expected metric at the landing point.

        >>> import imbcore
        >>> round(float(imbcore.Binormal(2.0).expected_metric("balanced_accuracy", 9.0, 0.1)), 12)
        0.841344746069
        """
        return super().expected_metric(metric, alpha, beta, rule=rule, loss=loss, gamma=gamma,
                                       focal_alpha=focal_alpha, noise=noise)

    def optimal_alpha(self, metric: str, beta: Any, *, rule: str = "bayes",
                      noise: tuple[float, float] | None = None,
                      bounds: tuple[float, float] = (1e-12, 1e12),
                      n_jobs: int | None = None) -> OptimalAlpha:
        """The optimal weight: a scan, then Brent's method on the exact
        derivative (the landing threshold differentiated implicitly).

        >>> import imbcore
        >>> r = imbcore.Binormal(1.5).optimal_alpha("f1", 0.01)
        >>> round(float(r.alpha), 6) == round(2 / float(r.value) - 1, 6)
        True
        """
        return super().optimal_alpha(metric, beta, rule=rule, noise=noise, bounds=bounds,
                                     n_jobs=n_jobs)

    def grid(self, metric: str, alpha: Any, beta: Any, *, rule: str = "bayes",
             noise: tuple[float, float] | None = None, n_jobs: int | None = None) -> np.ndarray:
        """The expected metric over ``alpha x beta`` (see :meth:`Curve.grid`).

        >>> import imbcore
        >>> imbcore.Binormal(1.5).grid("f1", [1.0, 99.0], [0.01, 0.1]).shape
        (2, 2)
        """
        return super().grid(metric, alpha, beta, rule=rule, noise=noise, n_jobs=n_jobs)


class Empirical(Curve):
    """A model's own ROC, from a :class:`~imbcore.Sweep` of its validation scores.

    Both rules maximise a utility that is linear in some coordinates of the
    ROC points (the Bayes rule ``alpha*beta*x + (1-beta)*z`` in
    ``(FPR, TPR)``; the expected-loss rule ``alpha*beta*ln x +
    (1-beta)*ln z`` in ``(-ln z, ln x)``), so the landing point is a vertex
    of the upper convex hull of the points in those coordinates, found once
    in Rust; on a tie between two vertices the one with higher recall wins
    (``score >= threshold`` is positive). On calibrated scores the Bayes
    point of ``alpha`` is, up to sampling error, the sweep's point at the
    threshold ``1/(1+alpha)``.

    Because the curve is a polygon, a metric is piecewise constant in
    ``alpha``: :meth:`optimal_alpha` reports the whole interval of optimal
    weights (``alpha_range``) and its geometric middle as ``alpha``.

    Parameters
    ----------
    sweep : Sweep
        From :func:`imbcore.sweep`; both classes must be present. Weighted
        sweeps use their weights.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> y = np.array([0, 0, 1, 0, 1, 1])
    >>> s = np.array([0.1, 0.2, 0.3, 0.4, 0.8, 0.9])
    >>> c = imbcore.Empirical(imbcore.sweep(y, s))
    >>> round(float(c.auc), 6)
    0.888889
    >>> c.landing(0.5, 0.5)                   # the threshold 0.8: recall 2/3, specificity 1
    (0.6666666666666666, 1.0)
    >>> c.landing(2.0, 0.5)                   # the threshold 0.3: recall 1, specificity 2/3
    (1.0, 0.6666666666666666)
    """

    def __init__(self, sweep: Any) -> None:
        from .._sweep import Sweep

        if not isinstance(sweep, Sweep):
            raise ImbcoreError(
                f"invalid sweep: got {type(sweep).__name__}; pass the result of imbcore.sweep"
            )
        if not (sweep.n_pos > 0 and sweep.n_neg > 0):
            raise ImbcoreError(
                f"invalid sweep: got a sweep with one class only ({sweep.n_pos} positives, "
                f"{sweep.n_neg} negatives); an empirical curve needs both classes"
            )
        self.sweep = sweep
        n_pos, n_neg = float(sweep.n_pos), float(sweep.n_neg)
        # The rates of every point, with the point before every threshold
        # first, each divided straight into its place (no further copies).
        self._tpr = np.empty(len(sweep) + 1)
        self._fpr = np.empty(len(sweep) + 1)
        self._tpr[0] = self._fpr[0] = 0.0
        np.divide(sweep.tp, n_pos, out=self._tpr[1:])
        np.divide(sweep.fp, n_neg, out=self._fpr[1:])
        self._hulls: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __repr__(self) -> str:
        return f"Empirical(<sweep of {len(self.sweep)} thresholds>)"

    def _at(self, v: np.ndarray) -> tuple[np.ndarray, ...]:
        """``(x, z, 1 - x, 1 - z)`` at point indices ``v`` (0 is the point
        before every threshold); ``1 - x`` and ``z`` from the complement
        counts, which keep their digits. Only the two rates of every point
        are kept, the rest is read where it is needed."""
        sw = self.sweep
        k = np.maximum(v - 1, 0)
        first = v == 0
        if sw.weighted:  # summed weights: the complements summed apart
            fn, tn = np.asarray(sw.fn[k], dtype=float), np.asarray(sw.tn[k], dtype=float)
        else:  # integer counts: n - count is exact
            fn = float(sw.n_pos) - np.asarray(sw.tp[k], dtype=float)
            tn = float(sw.n_neg) - np.asarray(sw.fp[k], dtype=float)
        omx = np.where(first, 1.0, fn / float(sw.n_pos))
        z = np.where(first, 1.0, tn / float(sw.n_neg))
        return self._tpr[v], z, omx, self._fpr[v]

    @property
    def prevalence(self) -> float:
        """The sweep's prevalence (the default ``beta``)."""
        return float(self.sweep.prevalence)

    @property
    def auc(self) -> float:
        return float(self.sweep.roc_auc)

    def tpr(self, fpr: Any) -> Any:
        """The ROC polyline's TPR at ``fpr`` (the highest where it is vertical)."""
        f = float_array(fpr, "fpr")
        check_fpr(f)
        # The last point of each run of equal FPR is the highest.
        last = np.r_[self._fpr[1:] != self._fpr[:-1], True]
        return _shaped(np.interp(f, self._fpr[last], self._tpr[last]), f.shape)

    def _hull(self, rule: str) -> tuple[np.ndarray, np.ndarray]:
        """The hull's vertices (indices into the points) and its edge slopes."""
        if rule not in self._hulls:
            if rule == "bayes":
                idx = np.arange(self._fpr.size)
                xs, ys = self._fpr, self._tpr
            else:
                idx = np.flatnonzero((self._tpr > 0) & (self._fpr < 1))
                xs = -np.log(self._at(idx)[1])
                ys = np.log(self._tpr[idx])
            h = _core.upper_hull(np.ascontiguousarray(xs), np.ascontiguousarray(ys)).astype(np.intp)
            with np.errstate(divide="ignore"):
                slopes = np.diff(ys[h]) / np.diff(xs[h])
            self._hulls[rule] = (idx[h], slopes)
        return self._hulls[rule]

    def _vertex(self, alpha: np.ndarray, beta: np.ndarray, rule: str) -> np.ndarray:
        """The landing vertex of each ``(alpha, beta)``: the hull vertex after
        every edge whose slope is at least ``(1-beta)/(alpha*beta)``."""
        verts, slopes = self._hull(rule)
        with np.errstate(divide="ignore"):
            k = (1.0 - beta) / (alpha * beta)
        j = np.searchsorted(-slopes, -k, side="right")
        return np.asarray(verts[j])

    def _landing(self, alpha: Any, beta: Any, rule: str, loss: Loss,
                 noise: Any = None) -> tuple[Any, Any, Any, Any]:
        rule = check_rule(rule)
        if beta is None:
            beta = self.prevalence
        shape, (al, be) = _broadcast(alpha=alpha, beta=beta)
        check_weights(al, be)
        pair = _call.check_noise(noise, rule)
        al = al * loss.weight
        if loss.focal and rule == "expected_loss":
            v = self._focal_vertex(al, be, loss)
        else:
            if pair is not None:
                # The clean weight each noisy one acts with (0 or inf: a corner).
                al = _core.clean_weight(np.ascontiguousarray(al), pair)
            v = self._vertex(al, be, rule)
        out = self._at(v)
        return tuple(_shaped(t, shape) for t in out)  # type: ignore[return-value]

    def _focal_vertex(self, alpha: np.ndarray, beta: np.ndarray, loss: Loss) -> np.ndarray:
        """The ROC point that maximises the expected focal objective (a scan of every point)."""
        x, z, omx, omz = self._at(np.arange(self._tpr.size))
        out = np.empty(alpha.size, dtype=np.intp)
        for i, (a, b) in enumerate(zip(alpha, beta)):
            out[i] = int(np.argmax(focal_objective(a * b, 1 - b, loss.gamma, x, omx, z, omz)))
        return out

    def landing(self, alpha: Any, beta: Any = None, *, rule: str = "bayes",
                loss: str = "cross_entropy", gamma: float = 0.0,
                focal_alpha: float | None = None,
                noise: tuple[float, float] | None = None) -> tuple[Any, Any]:
        """Recall and specificity where weight ``alpha`` lands; ``beta``
        defaults to the sweep's prevalence."""
        x, z = super().landing(alpha, beta, rule=rule, loss=loss, gamma=gamma,
                               focal_alpha=focal_alpha, noise=noise)
        return (float(x), float(z)) if np.ndim(x) == 0 else (x, z)

    def landing_threshold(self, alpha: Any, beta: Any = None, *, rule: str = "bayes",
                          noise: tuple[float, float] | None = None) -> Any:
        """The score threshold of the landing point (``inf``: nothing positive)."""
        rule = check_rule(rule)
        if beta is None:
            beta = self.prevalence
        shape, (al, be) = _broadcast(alpha=alpha, beta=beta)
        pair = _call.check_noise(noise, rule)
        if pair is not None:
            al = _core.clean_weight(np.ascontiguousarray(al), pair)
        v = self._vertex(al, be, rule)
        t = np.asarray(self.sweep.thresholds, dtype=float)[np.maximum(v - 1, 0)]
        return _shaped(np.where(v == 0, np.inf, t), shape)

    def expected_metric(self, metric: str, alpha: Any, beta: Any = None, *, rule: str = "bayes",
                        loss: str = "cross_entropy", gamma: float = 0.0,
                        focal_alpha: float | None = None,
                        noise: tuple[float, float] | None = None) -> Any:
        """The metric at the landing point, with the fractions of prevalence ``beta``."""
        if beta is None:
            beta = self.prevalence
        name = _check_name(metric)
        lo = check_loss(loss, gamma, focal_alpha)
        x, z, omx, omz = self._landing(alpha, beta, rule, lo, noise)
        shape = np.shape(x)
        b = self._beta_like(beta, shape)
        v = _core.evaluate(name, *(np.ascontiguousarray(np.ravel(t)) for t in (
            b * x, (1 - b) * omz, b * omx, (1 - b) * z)))
        return _shaped(v, shape)

    def grid(self, metric: str, alpha: Any, beta: Any = None, *, rule: str = "bayes",
             noise: tuple[float, float] | None = None, n_jobs: int | None = None) -> np.ndarray:
        """The metric over ``alpha x beta``, shape ``(len(alpha), len(beta))``
        (``beta`` defaults to the sweep's prevalence)."""
        if beta is None:
            beta = self.prevalence
        a = float_array(alpha, "alpha", ndim=1)
        b = float_array(beta, "beta", ndim=1)
        return np.asarray(self.expected_metric(metric, a[:, None], b[None, :], rule=rule,
                                               noise=noise), dtype=float)

    def optimal_alpha(self, metric: str, beta: Any = None, *, rule: str = "bayes",
                      noise: tuple[float, float] | None = None,
                      bounds: tuple[float, float] = (1e-12, 1e12),
                      n_jobs: int | None = None) -> OptimalAlpha:
        """The weights that optimise ``metric``: the best hull vertex and the
        interval of weights that land on it.

        The metric is evaluated at every hull vertex whose weight interval
        meets ``bounds``; ``alpha_range`` is that vertex's interval (clipped
        to ``bounds``) and ``alpha`` its geometric middle. ``at_bound`` says
        the interval runs past a bound; ``flat`` that every vertex scores the
        same.

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(0)
        >>> y = rng.random(20000) < 0.1
        >>> s = rng.normal(size=y.size) + 2 * y
        >>> c = imbcore.Empirical(imbcore.sweep(y, s))
        >>> r = c.optimal_alpha("f1")
        >>> lo, hi = r.alpha_range
        >>> bool(lo <= 2 / r.value - 1 <= hi)     # alpha* = 2/F1* - 1 lies in the interval
        True
        """
        name = _check_name(metric)
        rule = check_rule(rule)
        low, high = parse_bounds(bounds)
        if not (np.isfinite(low) and np.isfinite(high) and 0 < low < high):
            raise ImbcoreError(f"invalid bounds: got ({low}, {high}); bounds must be two "
                               "finite weights with 0 < low < high")
        if beta is None:
            beta = self.prevalence
        shape, (be,) = _broadcast(beta=beta)
        check_weights(beta=be)
        pair = _call.check_noise(noise, rule)
        if pair is not None:
            # Search the clean weights the bounds act with (a bound that acts
            # as a corner is kept), then map the answer back.
            clean = _core.clean_weight(np.array([low, high]), pair)
            low = float(clean[0]) if clean[0] > 0 else low
            high = float(clean[1]) if np.isfinite(clean[1]) else high
            if not low < high:
                low, high = parse_bounds(bounds)
        verts, slopes = self._hull(rule)
        sign = 1.0 if metric_info(name).higher_is_better else -1.0
        x, z, omx, omz = self._at(verts)
        cols: list[list[Any]] = [[], [], [], [], [], []]
        for b in be:
            vals = _core.evaluate(name, b * x, (1 - b) * omz, b * omx, (1 - b) * z)
            # Vertex j is the landing point for k in (s_j, s_{j-1}]: weights
            # alpha = (1-beta)/(beta k) in [a_lo, a_hi).
            with np.errstate(divide="ignore"):
                k_hi = np.r_[np.inf, slopes]
                k_lo = np.r_[slopes, -np.inf]
                a_lo = np.where(k_hi > 0, (1 - b) / (b * k_hi), np.inf)
                a_hi = np.where(k_lo > 0, (1 - b) / (b * np.maximum(k_lo, 0)), np.inf)
            ok = (a_hi > low) & (a_lo < high) & (a_hi > a_lo) & ~np.isnan(vals)
            if not ok.any():
                cols[0].append(np.nan)
                for c, v in zip(cols[1:], (np.nan, False, False, np.nan, np.nan)):
                    c.append(v)
                continue
            score = np.where(ok, sign * vals, -np.inf)
            best = int(np.argmax(score))
            lo_a, hi_a = max(a_lo[best], low), min(a_hi[best], high)
            flat = bool(np.ptp(vals[ok]) <= 1e-13 * max(1.0, float(np.max(np.abs(vals[ok])))))
            cols[0].append(math.sqrt(lo_a * hi_a))
            cols[1].append(float(vals[best]))
            cols[2].append(bool(a_lo[best] < low or a_hi[best] > high))
            cols[3].append(flat)
            cols[4].append(lo_a)
            cols[5].append(hi_a)
        arr = [np.asarray(c, dtype=float if k in (0, 1, 4, 5) else bool)
               for k, c in enumerate(cols)]
        if pair is not None:
            for k in (0, 4, 5):
                arr[k] = _core.noisy_weight(np.ascontiguousarray(arr[k]), pair)
        rng = (_shaped(arr[4], shape), _shaped(arr[5], shape))
        return OptimalAlpha(_shaped(arr[0], shape), _shaped(arr[1], shape),
                            _shaped(arr[2], shape), _shaped(arr[3], shape), alpha_range=rng)
