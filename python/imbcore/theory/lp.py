"""The theory of class weights on the Lp tradeoff family.

A classifier trained with weighted cross-entropy (weight ``alpha`` on the
positive class) on data of prevalence ``beta``, whose attainable tradeoff
between recall ``x`` and specificity ``z`` is ``z = (1 - x^p)^(1/p)``
(``p >= 1``; ``p = 1`` is chance, larger ``p`` a better model), lands

* under ``rule="bayes"`` (the default; decision theory, where well-specified
  weighted models land) where the ROC slope ``(z/x)^(p-1)`` equals
  ``(1-beta)/(alpha*beta)``: with ``r = (alpha*beta/(1-beta))^(1/(p-1))``,
  ``z = (1 + r^p)^(-1/p)`` and ``x = r*z``. At ``p = 1`` (the chance line) it
  is a corner: everything positive when ``alpha*beta > 1-beta``, everything
  negative when ``alpha*beta < 1-beta``, and ``x = z = 1/2`` (the limit as
  ``p -> 1``) at equality;
* under ``rule="expected_loss"`` (the original analysis) at

    x^p = alpha*beta / D,   z^p = (1 - beta) / D,   D = alpha*beta + 1 - beta.

The expected confusion fractions there are ``tp = beta*x``,
``fn = beta*(1-x)``, ``fp = (1-beta)*(1-z)``, ``tn = (1-beta)*z``, and every
metric of the table follows. All of it is computed in Rust without
cancellation, to about 1e-15 relative over ``alpha`` in [1e-6, 1e9], ``p`` in
[1, 1000] and ``beta`` in [1e-9, 0.5], where the plain formula loses up to 7
digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import _core
from .._inputs import broadcast_floats as _broadcast
from .._inputs import float_array
from .._inputs import shaped as _shaped
from ..errors import ImbcoreError
from . import _call
from ._call import parse_bounds
from .rules import check_loss, focal_objective, golden_max

__all__ = [
    "landing",
    "expected_metric",
    "grid",
    "grid_f1",
    "optimal_alpha",
    "OptimalAlpha",
    "lp_auc",
    "p_from_auc",
    "natural_weight",
]


def landing(alpha: Any, p: Any, beta: Any, *, rule: str = "bayes", loss: str = "cross_entropy",
            gamma: float = 0.0, focal_alpha: float | None = None,
            noise: tuple[float, float] | None = None) -> tuple[Any, Any]:
    """Where a model trained with weight ``alpha`` lands on the curve: recall and specificity.

    Parameters
    ----------
    alpha : array_like
        Weight of the positive class, finite and > 0.
    p : array_like
        Curve exponent, finite and >= 1.
    beta : array_like
        Prevalence of the positive class, in (0, 1).
    rule : {"bayes", "expected_loss"}
        The landing rule (see :mod:`imbcore.theory.rules`).
    loss : {"cross_entropy", "focal"}
        The training loss. Focal loss with class factor ``focal_alpha`` adds
        the weight ``focal_alpha/(1-focal_alpha)``; its ``gamma`` moves the
        landing point only under the expected-loss rule.
    gamma, focal_alpha : float, optional
        The focal loss's focusing parameter (>= 0) and class factor (in (0, 1)).
    noise : (rho_pos, rho_neg), optional
        Flips in the training labels: ``rho_pos`` of the positives were
        labelled negative, ``rho_neg`` of the negatives positive (each in
        [0, 1), with ``rho_pos + rho_neg < 1``); ``beta`` stays the clean
        prevalence. Under the Bayes rule the model estimates the noisy
        posterior ``rho_neg + (1 - rho_pos - rho_neg) * eta`` and weight
        ``alpha`` acts like the clean weight ``(alpha*(1-rho_pos) - rho_pos) /
        (1 - rho_neg - alpha*rho_neg)`` (a corner where that is <= 0 or
        infinite); see docs/theory.md. The expected-loss rule has no noisy
        form and refuses it.

    Returns
    -------
    x, z : float or ndarray
        Recall and specificity at the landing point, of the broadcast shape.

    Examples
    --------
    At the natural weight ``(1-beta)/beta`` both rules agree:

    >>> import imbcore
    >>> x, z = imbcore.landing(1.0, 2.0, 0.5)
    >>> round(float(x), 12), round(float(z), 12)
    (0.707106781187, 0.707106781187)
    >>> x, z = imbcore.landing([1.0, 99.0], 2.0, 0.01, rule="expected_loss")
    >>> x.round(4)
    array([0.1   , 0.7071])
    >>> x, z = imbcore.landing([1.0, 99.0], 2.0, 0.01)
    >>> x.round(4)
    array([0.0101, 0.7071])

    With 10 % of the positive training labels flipped, weight 99 acts like
    the clean weight ``(99*0.9 - 0.1)/1 = 89``:

    >>> x, z = imbcore.landing(89.0, 2.0, 0.01)
    >>> xn, zn = imbcore.landing(99.0, 2.0, 0.01, noise=(0.1, 0.0))
    >>> bool(abs(xn - x) < 1e-15)
    True
    """
    lo = check_loss(loss, gamma, focal_alpha)
    x, z, _, _ = _call.landing("lp", {"p": p}, alpha, beta, rule, lo, noise,
                               _focal(lo))
    return x, z


def _first_bad(name: str, values: np.ndarray, ok: np.ndarray, allowed: str) -> None:
    """Raises the usual error for the first value where ``ok`` is False."""
    bad = ~ok
    if bad.any():
        i = int(np.argmax(bad.ravel()))
        where = "" if values.size == 1 else f" at index {i}"
        raise ImbcoreError(f"invalid {name}: got {float(values.ravel()[i])!r}{where}; {allowed}")


def check_weights(alpha: np.ndarray | None = None, beta: np.ndarray | None = None) -> None:
    """Checks weights (finite, > 0) and prevalences (in (0, 1)) with the core's messages,
    for the paths that never reach the core's own checks."""
    if alpha is not None:
        _first_bad("alpha", alpha, np.isfinite(alpha) & (alpha > 0),
                   "alpha must be finite and > 0")
    if beta is not None:
        _first_bad("beta", beta, (beta > 0) & (beta < 1),
                   "beta (the prevalence) must lie strictly between 0 and 1")


def check_fpr(fpr: np.ndarray) -> None:
    """Checks false-positive rates: in [0, 1] (NaN is not)."""
    _first_bad("fpr", fpr, (fpr >= 0) & (fpr <= 1), "fpr must lie in [0, 1]")


def _focal(loss: Any) -> Any:
    """The focal expected-loss landing of ``loss`` on Lp curves, as ``_call`` takes it."""
    return lambda alpha, beta, p: _focal_landing(alpha, p, beta, loss)


def _focal_landing(alpha: np.ndarray, p: np.ndarray, beta: np.ndarray,
                   loss: Any) -> tuple[np.ndarray, ...]:
    """The expected-loss landing point of focal loss on Lp curves (no closed form).

    A golden-section search over the logit ``s = ln(u/v)`` of ``u = x^p``
    maximises ``alpha*beta*(1-x)^gamma*ln x + (1-beta)*(1-z)^gamma*ln z``
    (unimodal along the curve); about 1e-10 relative in the landing point.
    """
    check_weights(alpha, beta)
    ab, nb = alpha * beta, 1.0 - beta

    def point(s: np.ndarray) -> tuple[np.ndarray, ...]:
        ln_u = -np.logaddexp(0.0, -s)
        ln_v = -np.logaddexp(0.0, s)
        x, z = np.exp(ln_u / p), np.exp(ln_v / p)
        return x, z, -np.expm1(ln_u / p), -np.expm1(ln_v / p)

    def f(s: np.ndarray) -> np.ndarray:
        x, z, omx, omz = point(s)
        return focal_objective(ab, nb, loss.gamma, x, omx, z, omz)

    s = golden_max(f, np.full(alpha.shape, -700.0), np.full(alpha.shape, 700.0))
    return point(s)


def expected_metric(metric: str, alpha: Any, p: Any, beta: Any, *, rule: str = "bayes",
                    loss: str = "cross_entropy", gamma: float = 0.0,
                    focal_alpha: float | None = None,
                    noise: tuple[float, float] | None = None) -> Any:
    """The expected value of a metric at the landing point (broadcasting).

    See :func:`landing` for ``rule``, ``loss``, ``gamma``, ``focal_alpha`` and ``noise``.

    Examples
    --------
    >>> import imbcore
    >>> round(float(imbcore.expected_metric("balanced_accuracy", 1.0, 1.0, 0.1)), 12)
    0.5
    >>> imbcore.expected_metric("f1", [1.0, 99.0], 4.0, 0.01, rule="expected_loss").round(3)
    array([0.404, 0.096])
    >>> imbcore.expected_metric("f1", [1.0, 99.0], 4.0, 0.01).round(3)
    array([0.34 , 0.096])
    """
    lo = check_loss(loss, gamma, focal_alpha)
    return _call.expected_metric("lp", {"p": p}, metric, alpha, beta, rule, lo, noise,
                                 _focal(lo))


def grid(metric: str, alpha: Any, p: Any, beta: Any, *, rule: str = "bayes",
         noise: tuple[float, float] | None = None, n_jobs: int | None = None) -> np.ndarray:
    """The expected metric over the whole grid ``alpha x p x beta``.

    Parameters
    ----------
    metric : str
        Any metric name of the table (``"f1"``, ``"mcc"``, ``"cost(c_fn=5)"``, ...).
    alpha, p, beta : array_like, 1-D
        The axes of the grid (scalars count as one value).
    rule : {"bayes", "expected_loss"}
        The landing rule.
    noise : (rho_pos, rho_neg), optional
        Flips in the training labels (see :func:`landing`).
    n_jobs : int, optional
        Threads to use; None or -1 for all (bounded by ``IMBCORE_NUM_THREADS``).

    Returns
    -------
    ndarray of float64, shape ``(len(alpha), len(p), len(beta))``

    Notes
    -----
    Computed in parallel in Rust. Under the expected-loss rule the part of
    the landing point that depends on ``(alpha, beta)`` only is computed once
    per pair and reused for every ``p``.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> g = imbcore.grid("mcc", np.logspace(-1, 3, 5), [2, 8], [0.01, 0.1])
    >>> g.shape
    (5, 2, 2)
    """
    pp = float_array(p, "p", ndim=1)
    return _call.grid("lp", {"p": pp}, metric, alpha, beta, rule, noise, n_jobs)


def grid_f1(alpha: Any, p: Any, beta: Any, *, rule: str = "bayes",
            noise: tuple[float, float] | None = None, n_jobs: int | None = None) -> np.ndarray:
    """The expected F1 over the grid ``alpha x p x beta``; see :func:`grid`.

    Examples
    --------
    >>> import imbcore
    >>> imbcore.grid_f1([1.0, 99.0], [4.0], [0.01], rule="expected_loss").ravel().round(3)
    array([0.404, 0.096])
    """
    return grid("f1", alpha, p, beta, rule=rule, noise=noise, n_jobs=n_jobs)


@dataclass(frozen=True)
class OptimalAlpha:
    """The optimal weight per ``(p, beta)``; each field has their broadcast shape.

    Attributes
    ----------
    alpha : float or ndarray
        The weight that optimises the metric.
    value : float or ndarray
        The metric there.
    at_bound : bool or ndarray
        The metric keeps improving towards a bound of the search interval
        (recall grows with alpha, precision as alpha shrinks): ``alpha`` is that
        bound, not an interior optimum.
    flat : bool or ndarray
        The metric does not depend on alpha (balanced accuracy, MCC, Youden's
        J, kappa and markedness at ``p = 1``, where the model is at chance):
        every alpha is optimal, and the natural weight ``(1-beta)/beta`` is
        reported, the limit of the balanced-accuracy optimum as ``p -> 1``.
    alpha_range : (low, high) or None
        For curves on which the metric is piecewise constant in alpha
        (:class:`~imbcore.Empirical`): every weight in ``[low, high)`` is
        optimal; ``alpha`` is its geometric middle. None for smooth curves.
    """

    alpha: Any
    value: Any
    at_bound: Any
    flat: Any
    alpha_range: Any = None


def optimal_alpha(
    metric: str,
    p: Any,
    beta: Any,
    *,
    rule: str = "bayes",
    noise: tuple[float, float] | None = None,
    bounds: tuple[float, float] = (1e-12, 1e12),
    n_jobs: int | None = None,
) -> OptimalAlpha:
    """The weight ``alpha`` that optimises a metric, for each ``(p, beta)``.

    Under ``rule="bayes"`` (the default) the optimum obeys identities that
    hold on every curve (decision theory; for F1, Lipton, Elkan & Naryanaswamy
    2014, "Optimal thresholding of classifiers to maximize F1 measure"):

    * balanced accuracy and Youden's J: ``alpha* = (1-beta)/beta``;
    * ``cost(c_fp=A, c_fn=B)``: ``alpha* = B/A``;
    * F1: ``alpha* = 2/F1* - 1``, where ``F1*`` is the best F1 the curve
      attains (the F1-optimal threshold on calibrated scores is ``F1*/2``);
    * F-beta (``f<b>``): ``alpha* = (1+b^2)/F* - 1`` (the optimal threshold on
      calibrated scores is ``F*/(1+b^2)``): at the optimum the level line of
      ``F = (1+b^2)tp/((1+b^2)tp + b^2 fn + fp)`` is the Bayes line of
      ``alpha``, since ``d F = 0`` along ``(1+b^2-F) d tp = F d fp`` gives the
      ROC slope ``F(1-beta)/((1+b^2-F) beta)``.

    The metric is maximised (minimised for fpr, fnr and cost) over ``alpha``
    in ``bounds`` on a log scale: a scan of 24 points brackets the optimum,
    then Brent's method finds the root of the exact derivative (carried by
    dual numbers through the metric formulas), to about 1e-14 relative.

    Parameters
    ----------
    metric : str
        Any metric name of the table.
    p, beta : array_like
        Curve exponents (>= 1) and prevalences (in (0, 1)); they broadcast.
    rule : {"bayes", "expected_loss"}
        The landing rule. Under the Bayes rule at ``p = 1`` (chance) the
        landing point is a corner that jumps at the natural weight, so a
        metric that differs between the corners is optimal at a bound.
    noise : (rho_pos, rho_neg), optional
        Flips in the training labels (see :func:`landing`). Under the Bayes
        rule the noisy optimum is the clean one mapped back:
        ``alpha = (alpha_c*(1-rho_neg) + rho_pos) / (1 - rho_pos + alpha_c*rho_neg)``
        for the clean optimum ``alpha_c`` (for F1, ``alpha_c = 2/F1* - 1``),
        and the metric there is the clean optimum's. The search runs over the
        clean weights the bounds map to; a bound that maps to a corner of the
        curve is kept as a clean weight.
    bounds : (float, float)
        The search interval for alpha.
    n_jobs : int, optional
        Threads to use; by default all.

    Returns
    -------
    OptimalAlpha
        ``alpha``, ``value``, ``at_bound`` and ``flat``, each a scalar or an
        array of the broadcast shape of ``p`` and ``beta``.

    Examples
    --------
    Balanced accuracy is best at the inverse-prevalence weight; F1 at a far
    smaller one:

    >>> import imbcore
    >>> round(float(imbcore.optimal_alpha("balanced_accuracy", 4.0, 0.01).alpha), 8)
    99.0
    >>> r = imbcore.optimal_alpha("f1", [2.0, 10.0], 0.01, rule="expected_loss")
    >>> r.alpha.round(3), r.value.round(3)
    (array([2.01 , 1.112]), array([0.132, 0.729]))
    >>> r = imbcore.optimal_alpha("f1", [2.0, 10.0], 0.01)
    >>> bool(abs(r.alpha[0] - (2 / r.value[0] - 1)) < 1e-9)
    True
    """
    return OptimalAlpha(*_call.optimal_alpha("lp", {"p": p}, metric, beta, rule, bounds,
                                             noise, n_jobs))


def lp_auc(p: Any) -> Any:
    """The ROC-AUC of the curve ``z = (1 - x^p)^(1/p)``: ``Gamma(1+1/p)^2 / Gamma(1+2/p)``.

    Examples
    --------
    >>> import imbcore
    >>> float(imbcore.lp_auc(1.0)), round(float(imbcore.lp_auc(2.0)), 15)
    (0.5, 0.785398163397448)
    """
    shape, (pp,) = _broadcast(p=p)
    return _shaped(_core.curve_auc("lp", [pp]), shape)


def p_from_auc(auc: Any) -> Any:
    """The ``p`` whose curve has ROC-AUC ``auc``, for ``auc`` in (0.5, 1).

    Examples
    --------
    >>> import imbcore
    >>> round(float(imbcore.p_from_auc(0.7853981633974483)), 10)
    2.0
    """
    shape, (a,) = _broadcast(auc=auc)
    return _shaped(_core.p_from_auc(a), shape)


def natural_weight(beta: Any) -> Any:
    """The inverse-prevalence weight ``(1 - beta) / beta`` that balances the classes.

    Examples
    --------
    >>> import imbcore
    >>> round(float(imbcore.natural_weight(0.01)), 10)
    99.0
    """
    shape, (b,) = _broadcast(beta=beta)
    bad = ~((b > 0) & (b < 1))
    if bad.any():
        i = int(np.argmax(bad))
        where = "" if b.size == 1 else f" at index {i}"
        raise ImbcoreError(
            f"invalid beta: got {b[i]}{where}; beta (the prevalence) must lie strictly between 0 and 1"
        )
    return _shaped((1.0 - b) / b, shape)
