"""Prior shift for K classes: posteriors moved to new class priors, and the priors estimated.

The multiclass forms of :func:`imbcore.shift_prior` and
:func:`imbcore.estimate_prior`, which call these when given a matrix of class
probabilities and a prevalence per class. Under prior shift the
class-conditional densities stay and only the priors change from ``pi`` to
``pi'``, so Bayes' rule multiplies each posterior by ``pi'_j / pi_j`` and
normalises the row:

    p'_ij = p_ij * (pi'_j / pi_j) / sum_k p_ik * (pi'_k / pi_k).

The ratios are divided by the largest before use, so no product overflows,
and every term of the row sum is non-negative, so nothing cancels.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .._inputs import float_array
from ..errors import ImbcoreError, ImbcoreWarning

__all__ = ["shift_class_prior", "estimate_class_prior", "is_class_prior_shift"]

# how far a row of probabilities (or a vector of priors) may sum from 1: float32
# softmax output is off by a few 1e-7
_SUM_TOL = 1e-5


def _vector(v: Any, name: str) -> np.ndarray | None:
    """``v`` as a 1-D float array of length >= 2, or None when it is not one."""
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return a if a.ndim == 1 and a.size >= 2 else None


def is_class_prior_shift(p: Any, from_prevalence: Any, to_prevalence: Any) -> bool:
    """Whether a call of ``shift_prior`` is the K-class form.

    It is when both prevalences are vectors of one length K >= 3 that each
    sum to 1 and ``p``'s last axis has K entries. With K = 2 the binary form,
    applied column by column, gives the same numbers for rows that sum to 1,
    so it stays the binary form (which also accepts rows that do not).
    """
    f = _vector(from_prevalence, "from_prevalence")
    t = _vector(to_prevalence, "to_prevalence")
    if f is None or t is None or f.size != t.size or f.size < 3:
        return False
    if not (abs(f.sum() - 1.0) <= _SUM_TOL and abs(t.sum() - 1.0) <= _SUM_TOL):
        return False
    shape = np.shape(p)
    return len(shape) >= 1 and shape[-1] == f.size


def _priors(v: Any, name: str, k: int | None) -> np.ndarray:
    a = float_array(v, name)
    if a.ndim != 1 or a.size < 2:
        raise ImbcoreError(f"invalid {name}: got an array of shape {a.shape}; {name} must be a "
                           "1-D array with the prior of each class (the columns of p)")
    if k is not None and a.size != k:
        raise ImbcoreError(f"invalid {name}: got {a.size} priors for {k} columns of p; give one "
                           "prior per class, in the order of the columns")
    bad = ~((a > 0) & (a < 1))
    if bad.any():
        i = int(np.argmax(bad))
        raise ImbcoreError(f"invalid {name}: got {a[i].item()!r} at index {i}; each class "
                           "prior must lie strictly between 0 and 1")
    if abs(a.sum() - 1.0) > _SUM_TOL:
        raise ImbcoreError(f"invalid {name}: got priors summing to {a.sum():.6g}; the class "
                           "priors must sum to 1")
    return a / a.sum()


def _class_proba(p: Any, name: str = "p", *, ndim: int | None = None) -> np.ndarray:
    a = float_array(p, name)
    if a.ndim < 1 or (ndim is not None and a.ndim != ndim):
        want = "an (n, K) array" if ndim == 2 else "an array whose last axis holds the K classes"
        raise ImbcoreError(f"invalid {name}: got an array of shape {a.shape}; {name} must be "
                           f"{want} of class probabilities")
    if a.size == 0:
        raise ImbcoreError(f"invalid {name}: got an empty array; give at least one row of "
                           "class probabilities")
    bad = ~((a >= 0) & (a <= 1))
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ImbcoreError(f"invalid {name}: got {a[idx].item()!r} at index {idx}; {name} must "
                           "hold probabilities, finite and in [0, 1]")
    sums = a.sum(axis=-1)
    off = np.abs(sums - 1.0) > _SUM_TOL
    if off.any():
        row = tuple(int(i) for i in np.argwhere(off)[0])
        where = f"row {row[0]}" if len(row) == 1 else f"row {row}"
        raise ImbcoreError(f"invalid {name}: got a {where} summing to {sums[row].item():.6g}; "
                           f"each row of {name} must hold the posteriors of the K classes, "
                           "summing to 1 (for one-vs-rest probabilities, shift each column "
                           "with its own scalar prevalences)")
    return a


def _moved(p: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """Rows of ``p`` times ``ratio`` (>= 0, largest 1), normalised.

    A row whose every mass sits on classes of ratio 0 (possible only inside
    the EM, for a row of zero weight) is left at zero rather than made NaN.
    """
    with np.errstate(under="ignore"):
        q = p * ratio
        total = q.sum(axis=-1, keepdims=True)
    return q / np.where(total > 0, total, 1.0)


def shift_class_prior(p: Any, from_prevalence: Any, to_prevalence: Any) -> np.ndarray:
    """Posteriors of K classes moved from priors ``from_prevalence`` to ``to_prevalence``.

    The K-class form of :func:`imbcore.shift_prior` (see it and the module
    doc): ``p`` of shape ``(..., K)``, each row summing to 1, and two vectors
    of K priors in (0, 1), each summing to 1.
    """
    a = _class_proba(p)
    k = a.shape[-1]
    f = _priors(from_prevalence, "from_prevalence", k)
    t = _priors(to_prevalence, "to_prevalence", k)
    ratio = t / f
    return _moved(a, ratio / ratio.max())


def estimate_class_prior(p: Any, train_prevalence: Any, *, sample_weight: Any,
                         tol: float, max_iter: int) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """The K-class EM of Saerens, Latinne & Decaestecker, accelerated by SQUAREM.

    Returns the priors, the moved posteriors, the number of EM steps and
    whether it converged; :func:`imbcore.estimate_prior` documents it and
    checks ``tol`` and ``max_iter``.
    """
    a = _class_proba(p, ndim=2)
    n, k = a.shape
    pi0 = _priors(train_prevalence, "train_prevalence", k)
    if sample_weight is None:
        w = None
        resolution = 1.0 / n
    else:
        w = float_array(sample_weight, "sample_weight")
        if w.shape != (n,):
            raise ImbcoreError(f"invalid sample_weight: got shape {w.shape}; sample_weight must "
                               f"have one weight per row of p ({n},)")
        bad = ~((w >= 0) & np.isfinite(w))
        if bad.any():
            i = int(np.argmax(bad))
            raise ImbcoreError(f"invalid sample_weight: got {w[i].item()!r} at index {i}; "
                               "sample_weight must be finite and >= 0")
        total = float(w.sum())
        if not total > 0:
            raise ImbcoreError("invalid sample_weight: got weights summing to 0; give some "
                               "weight > 0")
        w = w / total
        resolution = 1.0 / np.count_nonzero(w)

    def moved(pi: np.ndarray) -> np.ndarray:
        ratio = pi / pi0
        return _moved(a, ratio / ratio.max())

    def em_step(pi: np.ndarray) -> np.ndarray:
        q = moved(pi)
        new = q.mean(axis=0) if w is None else w @ q
        return np.clip(new, 0.0, 1.0)

    def small(step: np.ndarray, pi: np.ndarray) -> bool:
        # each prior's change relative to itself (or its complement), floored at
        # the resolution of the sample, as in the binary estimate
        scale = np.maximum(np.minimum(pi, 1.0 - pi), resolution)
        return bool(np.all(step <= tol * scale))

    # EM steps, extrapolated by SQUAREM every two steps (Varadhan & Roland 2008,
    # scheme S3, with the step length of the vector norms). The extrapolated
    # point keeps the sum 1 (r and v sum to 0) and is used only when every
    # prior stays in (0, 1); every estimate returned is an EM step, so the
    # fixed point is EM's.
    pi, converged, n_iter, step = pi0.copy(), False, 0, np.full(k, math.inf)
    history: list[np.ndarray] = [pi]
    while n_iter < max_iter:
        new = em_step(pi)
        n_iter += 1
        step = np.abs(new - pi)
        pi = new
        if small(step, pi):
            converged = True
            break
        history.append(pi)
        if len(history) == 3:
            t0, t1, t2 = history
            r, v = t1 - t0, (t2 - t1) - (t1 - t0)
            history = [pi]
            nv = float(np.linalg.norm(v))
            if nv > 0.0:
                alpha = min(-float(np.linalg.norm(r)) / nv, -1.0)
                jump = t0 - 2.0 * alpha * r + alpha * alpha * v
                if np.all((jump > 0.0) & (jump < 1.0)):
                    pi = jump / jump.sum()
                    history = [pi]
    if not converged:
        warnings.warn(
            f"estimate_prior did not converge in {n_iter} iterations (last change "
            f"{float(step.max()):.3g}); raise max_iter or tol", ImbcoreWarning, stacklevel=3)
    return pi, moved(pi), n_iter, converged
