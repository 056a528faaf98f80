"""Weight, threshold, probability and prior: exact conversions between them.

A well-specified probabilistic model trained with weight ``alpha`` on the
positive class learns the odds ``alpha * p/(1-p)`` instead of the calibrated
odds ``p/(1-p)``; undersampling the negatives at keep-rate ``r`` multiplies the
odds by ``1/r``; deploying where the prevalence is ``pi'`` instead of ``pi``
multiplies them by ``(pi'/(1-pi')) / (pi/(1-pi))`` (Bayes' rule). Every
conversion here is therefore one map: the probability whose odds are ``k``
times the odds of ``p``,

    p*a / (p*a + (1-p)*b),   k = a/b,

evaluated in that form. ``1 - p`` is exact for ``p >= 1/2`` and correct to
half an ulp below, every term is a product of non-negative numbers and the one
sum adds two non-negative terms, so nothing cancels: the result is correct to
a few ulps for every ``p`` in [0, 1] and every ``k`` (``a`` and ``b`` are
scaled so that the larger is 1, which keeps the products from overflowing or
underflowing). The plain odds form ``k*o/(1 + k*o)`` with ``o = p/(1-p)``
overflows near ``p = 1`` and loses ``p``'s last digits there.

Everything broadcasts over its arguments, as NumPy ufuncs do, and returns a
NumPy scalar for scalar input.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._inputs import broadcast_floats as _broadcast
from .._inputs import float_array
from .._inputs import shaped as _shaped
from ..errors import ImbcoreError, ImbcoreWarning

__all__ = [
    "threshold_for_weight",
    "weight_for_threshold",
    "unweight_proba",
    "shift_prior",
    "estimate_prior",
    "PriorEstimate",
]


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------


def _first_bad(bad: np.ndarray, values: np.ndarray) -> tuple[Any, str]:
    i = int(np.argmax(bad))
    where = "" if values.size == 1 else f" at index {i}"
    return values[i].item(), where


def _check(values: np.ndarray, name: str, ok: np.ndarray, allowed: str) -> None:
    """Raises naming ``name``, the first value where ``ok`` is False, and ``allowed``."""
    bad = ~ok
    if bad.any():
        v, where = _first_bad(bad, values)
        raise ImbcoreError(f"invalid {name}: got {v!r}{where}; {allowed}")


def _proba(p: np.ndarray, name: str = "p") -> None:
    _check(p, name, (p >= 0) & (p <= 1),
           f"{name} must hold probabilities, finite and in [0, 1]")


def _open_unit(v: np.ndarray, name: str, what: str) -> None:
    _check(v, name, (v > 0) & (v < 1), f"{what} must lie strictly between 0 and 1")


def _positive(v: np.ndarray, name: str, what: str) -> None:
    _check(v, name, (v > 0) & np.isfinite(v), f"{what} must be finite and > 0")


# --------------------------------------------------------------------------
# The one map
# --------------------------------------------------------------------------


def _scale_odds(p: np.ndarray, a: np.ndarray | None, b: np.ndarray) -> np.ndarray:
    """The probability whose odds are ``a/b`` times those of ``p`` (see the module doc).

    ``a`` and ``b`` are finite and >= 0, not both 0; ``a = None`` stands for 1
    (``p/(p + b*(1-p))``, where ``b*(1-p) <= b`` cannot overflow). Otherwise
    both are divided by the larger, so one of them is exactly 1 and neither
    product can overflow, and a pair of tiny factors does not underflow.
    """
    if a is None:
        num = p
    else:
        m = np.maximum(a, b)
        a = a / m
        b = b / m
        num = p * a
    with np.errstate(under="ignore"):
        return num / (num + (1.0 - p) * b)


# --------------------------------------------------------------------------
# Weight <-> threshold
# --------------------------------------------------------------------------


def threshold_for_weight(alpha: Any, threshold: Any = 0.5, *,
                         noise: tuple[float, float] | None = None) -> Any:
    """The threshold on the unweighted model equivalent to a class weight.

    A well-specified model trained with weight ``alpha`` on the positive class
    and thresholded at ``threshold`` decides like the same model trained
    without the weight, its calibrated probabilities thresholded at

        t' = t / (t + alpha*(1 - t)),   t = threshold.

    At the default ``threshold = 0.5`` this is ``1/(1 + alpha)``: weighting the
    rare class and moving the threshold after training are one and the same
    decision, and the threshold can be moved at no cost.

    Parameters
    ----------
    alpha : array_like
        Weight of the positive class, finite and > 0.
    threshold : array_like, default 0.5
        The threshold applied to the weighted model, in (0, 1).
    noise : (rho_pos, rho_neg), optional
        Flips in the training labels of the weighted model (``rho_pos`` of
        the positives labelled negative, ``rho_neg`` of the negatives
        positive). It estimates the noisy posterior ``rho_neg + (1 - rho_pos
        - rho_neg) * p``, so its decision is the clean calibrated probability
        ``p`` at least ``(t' - rho_neg) / (1 - rho_pos - rho_neg)``. That
        threshold is returned as it is, even outside [0, 1]: below 0 the
        noisy model predicts every sample positive, above 1 none.

    Returns
    -------
    float or ndarray
        The equivalent threshold on the unweighted model's clean calibrated
        probabilities, in (0, 1) without noise, of the broadcast shape of the
        arguments.

    Raises
    ------
    ImbcoreError
        ``alpha`` not finite and > 0, or ``threshold`` outside (0, 1).

    See Also
    --------
    weight_for_threshold : the inverse.
    unweight_proba : the same map applied to the model's probabilities.

    Notes
    -----
    Weighted cross-entropy is minimised, for a model that can represent the
    posterior, by ``q`` with ``q/(1-q) = alpha * p/(1-p)``, ``p`` the calibrated
    posterior (Elkan 2001, Theorem 1, with cost ratio ``alpha``). Hence
    ``q >= t`` exactly when ``p >= t'``.

    References
    ----------
    .. [1] C. Elkan, "The foundations of cost-sensitive learning", IJCAI 2001.

    Examples
    --------
    >>> import imbcore
    >>> float(imbcore.threshold_for_weight(99.0))
    0.01
    >>> imbcore.threshold_for_weight([1.0, 3.0, 9.0])
    array([0.5 , 0.25, 0.1 ])
    >>> round(float(imbcore.threshold_for_weight(4.0, threshold=0.8)), 15)
    0.5

    With 10 % of the positive training labels flipped, weight 9 acts at the
    clean probability ``(0.1 - 0)/(1 - 0.1) = 1/9``:

    >>> round(float(imbcore.threshold_for_weight(9.0, noise=(0.1, 0.0))), 15)
    0.111111111111111
    """
    shape, (a, t) = _broadcast(alpha=alpha, threshold=threshold)
    _positive(a, "alpha", "alpha (the weight of the positive class)")
    _open_unit(t, "threshold", "threshold")
    out = _scale_odds(t, None, a)
    if noise is not None:
        from .. import _core
        from ._call import noise_arg

        pair = noise_arg(noise)
        assert pair is not None  # noise is not None
        rp, rn = pair
        _core.clean_weight(np.ones(1), pair)  # the core checks the rates
        out = (out - rn) / (1.0 - rp - rn)
    return _shaped(out, shape)


def weight_for_threshold(t: Any, threshold: Any = 0.5) -> Any:
    """The class weight equivalent to a threshold on the unweighted model.

    The exact inverse of :func:`threshold_for_weight`: thresholding the
    unweighted model's calibrated probabilities at ``t`` decides like training
    with weight

        alpha = (threshold/t) * ((1 - t)/(1 - threshold))

    and thresholding at ``threshold``. At the default ``threshold = 0.5`` this
    is ``(1 - t)/t``: the best threshold found on validation data names the
    weight that would have put the model there.

    Parameters
    ----------
    t : array_like
        Threshold on the unweighted model's probabilities, in (0, 1).
    threshold : array_like, default 0.5
        The threshold the weighted model would be used at, in (0, 1).

    Returns
    -------
    float or ndarray
        The weight ``alpha`` (> 0), of the broadcast shape. A weight beyond the
        float64 range (``t`` below about 1e-308) is ``inf``.

    Raises
    ------
    ImbcoreError
        ``t`` or ``threshold`` outside (0, 1).

    Notes
    -----
    The two ratios are each correct to half an ulp and neither can overflow
    unless the result does, so the weight is correct to about 2 ulps.

    Examples
    --------
    >>> import imbcore
    >>> float(imbcore.weight_for_threshold(0.01))
    99.0
    >>> imbcore.weight_for_threshold([0.5, 0.25, 0.1])
    array([1., 3., 9.])
    >>> round(float(imbcore.weight_for_threshold(imbcore.threshold_for_weight(7.0, 0.3), 0.3)), 12)
    7.0
    """
    shape, (tt, th) = _broadcast(t=t, threshold=threshold)
    _open_unit(tt, "t", "t (a threshold on probabilities)")
    _open_unit(th, "threshold", "threshold")
    with np.errstate(over="ignore", under="ignore"):
        alpha = (th / tt) * ((1.0 - tt) / (1.0 - th))
    return _shaped(alpha, shape)


# --------------------------------------------------------------------------
# Probabilities
# --------------------------------------------------------------------------


def unweight_proba(p: Any, alpha: Any = 1.0, *, keep_rate: Any = None) -> Any:
    """The probability a weighted (or undersampled) model would give unweighted.

    A model trained with weight ``alpha`` on the positive class reports
    probabilities ``p`` whose odds are ``alpha`` times the calibrated odds;
    one trained on data whose negatives were kept at rate ``keep_rate = r``
    (random undersampling) reports odds ``1/r`` times too large. This undoes
    both at once, the odds divided by ``alpha / r``:

        p_unweighted = p*r / (p*r + alpha*(1 - p))

    (``r = 1`` without ``keep_rate``). With ``alpha = 1`` this is the
    undersampling correction of Dal Pozzolo et al. (2015).

    Parameters
    ----------
    p : array_like
        The weighted model's probabilities of the positive class, in [0, 1].
    alpha : array_like, default 1.0
        The positive-class weight used in training, finite and > 0.
    keep_rate : array_like, optional
        The fraction of negatives kept when undersampling, in (0, 1]. It
        stands for the weight ``1/keep_rate`` and combines with ``alpha`` by
        multiplication (the total weight is ``alpha/keep_rate``).

    Returns
    -------
    float or ndarray
        The calibrated probabilities, of the broadcast shape; 0 and 1 stay 0
        and 1.

    Raises
    ------
    ImbcoreError
        ``p`` outside [0, 1] or not finite, ``alpha`` not finite and > 0,
        ``keep_rate`` outside (0, 1].

    References
    ----------
    .. [1] A. Dal Pozzolo, O. Caelen, R. A. Johnson, G. Bontempi, "Calibrating
       probability with undersampling for unbalanced classification", IEEE
       SSCI 2015.

    Examples
    --------
    >>> import imbcore
    >>> float(imbcore.unweight_proba(0.5, 99.0))
    0.01
    >>> imbcore.unweight_proba([0.0, 0.5, 0.9, 1.0], 9.0)
    array([0. , 0.1, 0.5, 1. ])
    >>> float(imbcore.unweight_proba(0.5, keep_rate=0.1))
    0.09090909090909091
    >>> float(imbcore.unweight_proba(0.5, 5.0, keep_rate=0.5))  # total weight 10
    0.09090909090909091
    """
    r: np.ndarray | None = None
    if keep_rate is None:
        shape, (pp, a) = _broadcast(p=p, alpha=alpha)
    else:
        shape, (pp, a, r) = _broadcast(p=p, alpha=alpha, keep_rate=keep_rate)
        _check(r, "keep_rate", (r > 0) & (r <= 1),
               "keep_rate (the fraction of negatives kept) must lie in (0, 1]")
    _proba(pp)
    _positive(a, "alpha", "alpha (the weight of the positive class)")
    return _shaped(_scale_odds(pp, r, a), shape)


def shift_prior(p: Any, from_prevalence: Any, to_prevalence: Any) -> Any:
    """Calibrated probabilities moved to a new prevalence (known prior shift).

    When the class-conditional score distributions stay and only the
    prevalence changes from ``pi`` (``from_prevalence``, the training data's)
    to ``pi'`` (``to_prevalence``, the deployment's), Bayes' rule multiplies
    the posterior odds by ``(pi'/(1-pi')) / (pi/(1-pi))``:

        p' = p*pi'*(1-pi) / (p*pi'*(1-pi) + (1-p)*(1-pi')*pi)

    **K classes.** Given posteriors of K >= 3 classes (``p`` of shape
    ``(..., K)``, rows summing to 1) and a prior per class in each of
    ``from_prevalence`` and ``to_prevalence`` (vectors of K, each summing to
    1), each posterior is multiplied by ``pi'_j / pi_j`` and the row
    normalised (Saerens et al. 2002, eq. 2.4):

        p'_ij = p_ij (pi'_j / pi_j) / sum_k p_ik (pi'_k / pi_k).

    A call is read this way exactly when both prevalences are vectors of one
    length K >= 3 that each sum to 1 and ``p``'s last axis has K entries;
    otherwise the arguments broadcast as in the binary form. (For K = 2 the
    binary form on each column gives the same numbers.)

    Parameters
    ----------
    p : array_like
        Calibrated probabilities of the positive class under ``from_prevalence``,
        in [0, 1]; or, for K classes, posteriors of shape ``(..., K)``.
    from_prevalence, to_prevalence : array_like
        The prevalence the probabilities are calibrated for and the one to move
        them to, each in (0, 1); or, for K classes, a vector of K class priors
        each, summing to 1.

    Returns
    -------
    float or ndarray
        The probabilities calibrated for ``to_prevalence``, of the broadcast
        shape (of ``p``'s shape for K classes).

    Raises
    ------
    ImbcoreError
        ``p`` outside [0, 1] or not finite, a prevalence outside (0, 1); for K
        classes also a row of ``p`` that does not sum to 1.

    See Also
    --------
    estimate_prior : when the deployment prevalence is not known.

    References
    ----------
    .. [1] M. Saerens, P. Latinne, C. Decaestecker, "Adjusting the outputs of a
       classifier to new a priori probabilities: a simple procedure", Neural
       Computation 14(1):21-41, 2002, eq. (2.4).

    Examples
    --------
    >>> import imbcore
    >>> float(imbcore.shift_prior(0.5, 0.5, 0.01))
    0.01
    >>> imbcore.shift_prior([0.1, 0.5, 0.9], 0.1, 0.5).round(6)
    array([0.5     , 0.9     , 0.987805])

    Three classes, trained on priors (0.5, 0.3, 0.2), deployed where they are
    (0.2, 0.3, 0.5): the ratios (0.4, 1, 2.5) reweigh each row, e.g.
    (0.2, 0.2, 0.6) to (0.08, 0.2, 1.5) / 1.78.

    >>> imbcore.shift_prior([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]],
    ...                     [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]).round(4)
    array([[0.2   , 0.3   , 0.5   ],
           [0.0449, 0.1124, 0.8427]])
    """
    from .class_priors import is_class_prior_shift, shift_class_prior

    if is_class_prior_shift(p, from_prevalence, to_prevalence):
        return shift_class_prior(p, from_prevalence, to_prevalence)
    shape, (pp, f, t) = _broadcast(p=p, from_prevalence=from_prevalence,
                                   to_prevalence=to_prevalence)
    _proba(pp)
    _open_unit(f, "from_prevalence", "from_prevalence")
    _open_unit(t, "to_prevalence", "to_prevalence")
    return _shaped(_scale_odds(pp, t * (1.0 - f), (1.0 - t) * f), shape)


@dataclass(frozen=True)
class PriorEstimate:
    """The deployment prevalence estimated from unlabelled probabilities.

    Attributes
    ----------
    prevalence : float or ndarray
        The maximum-likelihood prevalence of the positive class in the
        deployment sample; for K classes, the vector of the K class priors
        (summing to 1).
    proba : ndarray
        The probabilities moved to that prevalence (:func:`shift_prior`), the
        model's calibrated posteriors on the deployment data (an ``(n, K)``
        array for K classes).
    n_iter : int
        EM steps done (each one pass over the probabilities).
    converged : bool
        Whether the change of the prevalence fell below the tolerance within
        ``max_iter`` iterations.
    """

    prevalence: Any
    proba: np.ndarray
    n_iter: int
    converged: bool


def estimate_prior(
    p: Any,
    train_prevalence: float,
    *,
    sample_weight: Any = None,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> PriorEstimate:
    """The deployment prevalence, estimated by EM from unlabelled probabilities.

    The EM procedure of Saerens, Latinne & Decaestecker (2002): starting from
    ``pi_0 = train_prevalence``, move the probabilities to the current
    estimate with :func:`shift_prior` and take their (weighted) mean as the
    next estimate,

        pi_{s+1} = mean_i shift_prior(p_i, train_prevalence, pi_s),

    until ``|pi_{s+1} - pi_s| <= tol * max(min(pi_{s+1}, 1 - pi_{s+1}), 1/n)``
    (a relative change, floored at the resolution ``1/n`` of a sample of
    ``n`` so that an estimate tending to 0 or 1 stops too). Every second step
    is extrapolated by SQUAREM (Varadhan & Roland 2008), which leaves EM's
    fixed point as it is and turns the thousands of steps a weak model needs
    into tens.

    **K classes.** With ``p`` an ``(n, K)`` array of posteriors (rows summing
    to 1) and ``train_prevalence`` a vector of the K training priors, the
    same EM runs on the vector of priors, ``pi_{s+1} = mean_i
    shift_prior(p_i, train_prevalence, pi_s)`` (the K-class shift, Saerens et
    al. 2002, section 2.3), extrapolated by SQUAREM in the same way; it stops
    when every prior meets the test above, and ``prevalence`` is the vector.

    Parameters
    ----------
    p : array_like, 1-D or 2-D
        The model's calibrated probabilities of the positive class on the
        deployment sample (calibrated for the training prevalence), in [0, 1];
        or an ``(n, K)`` array of the K class posteriors.
    train_prevalence : float or array_like
        The prevalence the probabilities are calibrated for, in (0, 1); for K
        classes, the K training priors (each in (0, 1), summing to 1).
    sample_weight : array_like, 1-D, optional
        Weights of the samples (finite, >= 0, not all 0).
    tol : float, default 1e-10
        The relative change of the estimate at which to stop, > 0.
    max_iter : int, default 10000
        The most iterations to do, >= 1.

    Returns
    -------
    PriorEstimate
        ``prevalence``, the adjusted probabilities ``proba``, ``n_iter`` and
        ``converged``.

    Raises
    ------
    ImbcoreError
        ``p`` empty, not 1-D, outside [0, 1] or not finite; a bad
        ``train_prevalence``, ``sample_weight``, ``tol`` or ``max_iter``.

    Warns
    -----
    ImbcoreWarning
        When the estimate has not converged within ``max_iter`` iterations.

    Notes
    -----
    The fixed point is the maximum-likelihood prevalence of the mixture
    ``pi*f1 + (1-pi)*f0`` of the class-conditional score densities, which the
    calibrated posteriors determine up to a factor. The log-likelihood is
    concave in ``pi``, so the fixed point is unique, and EM increases the
    likelihood at every step (linear convergence, slower the weaker the
    model). The estimate assumes prior shift only: the class-conditional
    score distributions are those of training, and the probabilities are
    calibrated there.

    References
    ----------
    .. [1] M. Saerens, P. Latinne, C. Decaestecker, "Adjusting the outputs of a
       classifier to new a priori probabilities: a simple procedure", Neural
       Computation 14(1):21-41, 2002.
    .. [2] R. Varadhan, C. Roland, "Simple and globally convergent methods for
       accelerating the convergence of any EM algorithm", Scandinavian Journal
       of Statistics 35(2):335-353, 2008.

    Examples
    --------
    Posteriors of a model trained at prevalence 0.5 on a deployment sample
    (likelihood ratios 9 and 1/9); the likelihood
    ``2*log(1 + 8*pi) + 4*log(1 - 8*pi/9)`` is largest at ``pi = 7/24``, where
    the posteriors become 63/80 and 7/160:

    >>> import imbcore
    >>> p = [0.9, 0.1, 0.1, 0.9, 0.1, 0.1]
    >>> est = imbcore.estimate_prior(p, 0.5)
    >>> round(est.prevalence, 9), round(7 / 24, 9), est.converged
    (0.291666667, 0.291666667, True)
    >>> est.proba.round(5)
    array([0.7875 , 0.04375, 0.04375, 0.7875 , 0.04375, 0.04375])

    Three classes: the training priors were equal, and the deployment sample
    leans to the first class. At the fixed point the moved posteriors average
    to the priors.

    >>> P = [[0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6],
    ...      [0.6, 0.1, 0.3], [0.1, 0.3, 0.6]]
    >>> est = imbcore.estimate_prior(P, [1 / 3, 1 / 3, 1 / 3])
    >>> est.prevalence.round(4), est.converged
    (array([0.5728, 0.2094, 0.2179]), True)
    >>> est.proba.mean(axis=0).round(4)
    array([0.5728, 0.2094, 0.2179])
    """
    pp = float_array(p, "p")
    if pp.ndim == 2 and np.ndim(train_prevalence) == 1:
        _iteration_limits(tol, max_iter)
        from .class_priors import estimate_class_prior

        pi, q, n_iter, converged = estimate_class_prior(
            pp, train_prevalence, sample_weight=sample_weight, tol=tol, max_iter=max_iter)
        return PriorEstimate(pi, q, n_iter, converged)
    if pp.ndim != 1:
        raise ImbcoreError(f"invalid p: got an array of shape {pp.shape}; p must be a 1-D "
                           "array of probabilities (or an (n, K) array of class posteriors, with "
                           "a train_prevalence per class)")
    if pp.size == 0:
        raise ImbcoreError("invalid p: got an empty array; give at least one probability")
    _proba(pp)
    pi_train = float_array(train_prevalence, "train_prevalence")
    if pi_train.ndim != 0:
        raise ImbcoreError(f"invalid train_prevalence: got an array of shape {pi_train.shape}; "
                           "train_prevalence is one number")
    _open_unit(pi_train.reshape(1), "train_prevalence", "train_prevalence")
    pi0 = float(pi_train)
    if sample_weight is None:
        w = None
        n = float(pp.size)
    else:
        w = float_array(sample_weight, "sample_weight")
        if w.shape != pp.shape:
            raise ImbcoreError(f"invalid sample_weight: got shape {w.shape}; sample_weight must "
                               f"have the shape of p {pp.shape}")
        _check(w, "sample_weight", (w >= 0) & np.isfinite(w),
               "sample_weight must be finite and >= 0")
        total = float(w.sum())
        if not total > 0:
            raise ImbcoreError("invalid sample_weight: got weights summing to 0; give some "
                               "weight > 0")
        w = w / total
        n = float(np.count_nonzero(w))
    _iteration_limits(tol, max_iter)

    # shift_prior(p, pi0, pi) with its scaled factors, without re-checking p
    # at every iteration
    one = np.ones(1)

    def moved(pi: float) -> np.ndarray:
        return _scale_odds(pp, one * (pi * (1.0 - pi0)), one * ((1.0 - pi) * pi0))

    def em_step(pi: float) -> float:
        q = moved(pi)
        new = float(q.mean()) if w is None else float(np.dot(q, w))
        return min(max(new, 0.0), 1.0)

    def small(step: float, pi: float) -> bool:
        return step <= tol * max(min(pi, 1.0 - pi), 1.0 / n)

    # EM steps, extrapolated by SQUAREM every two steps (Varadhan & Roland 2008,
    # scheme S3). The extrapolation only moves the point EM continues from:
    # every estimate returned is an EM step, EM ascends the concave likelihood
    # from any start, so the fixed point is EM's; a weak model's slow linear
    # convergence (thousands of steps) becomes tens.
    pi, converged, n_iter, step = pi0, False, 0, math.inf
    history: list[float] = [pi]
    while n_iter < max_iter:
        new = em_step(pi)
        n_iter += 1
        step = abs(new - pi)
        pi = new
        if small(step, pi):
            converged = True
            break
        history.append(pi)
        if len(history) == 3:
            t0, t1, t2 = history
            r, v = t1 - t0, (t2 - t1) - (t1 - t0)
            history = [pi]
            if v != 0.0:
                a = min(-abs(r) / abs(v), -1.0)
                jump = t0 - 2.0 * a * r + a * a * v
                if 0.0 < jump < 1.0:
                    pi = jump
                    history = [pi]
    q = moved(pi)
    if not converged:
        warnings.warn(
            f"estimate_prior did not converge in {n_iter} iterations (last change "
            f"{step:.3g}); raise max_iter or tol", ImbcoreWarning, stacklevel=2)
    return PriorEstimate(pi, q, n_iter, converged)


def _iteration_limits(tol: Any, max_iter: Any) -> None:
    numeric = isinstance(tol, (int, float, np.floating, np.integer))
    if isinstance(tol, (bool, np.bool_)) or not (numeric and np.isfinite(tol) and tol > 0):
        raise ImbcoreError(f"invalid tol: got {tol!r}; tol must be a finite number > 0")
    if isinstance(max_iter, (bool, np.bool_)) or not isinstance(max_iter, (int, np.integer)) \
            or max_iter < 1:
        raise ImbcoreError(f"invalid max_iter: got {max_iter!r}; max_iter must be an integer >= 1")
