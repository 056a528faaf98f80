"""The demo's data: a realistic scored validation set, made deterministically from a seed.

:func:`make_validation_set` makes it:

1. **Population.** Each sample is positive with probability 1.5 %. Six
   features: four standard normals, a log-normal "amount" and a binary flag.
   Positives come in two kinds that a linear model cannot fully separate:
   60 % are shifted on features 1 and 2 (by +1.6 and +1.0 standard
   deviations), 40 % on features 3 and 4 (+1.6 and -0.8) with feature 1 spread
   wider; positives also have larger amounts and set the flag more often
   (45 % against 20 %).
2. **Model.** A logistic regression (intercept + the six standardised
   features, a small ridge penalty) is fitted by Newton's method, in NumPy,
   on a separate training sample of 100,000 drawn from the same population,
   with no class weight (``alpha = 1``).
3. **Validation set.** ``n`` fresh samples (10^6 by default) are scored by the
   model; the scores are predicted probabilities stored as float32, as most
   models emit them, so some scores tie.

:func:`retrain` refits the same model on the same training sample with a
class weight ``alpha`` on the positives (weighted cross-entropy, the same
Newton iterations) and counts its decisions at the default threshold 0.5 on
the same validation samples: what weighted training really does, for the
report to set beside what each landing rule predicts.
"""

from __future__ import annotations

import numbers
from typing import Iterator, Sequence

import numpy as np

from ..errors import ImbcoreError

__all__ = ["make_validation_set", "retrain", "PREVALENCE", "SEED", "N_TRAIN"]

PREVALENCE = 0.015
SEED = 2024
N_TRAIN = 100_000
_CHUNK = 1 << 20  # samples generated per block, so memory stays bounded for any n


def _features(rng: np.random.Generator, y: np.ndarray) -> np.ndarray:
    n = y.shape[0]
    x = rng.standard_normal((n, 6))
    pos = np.flatnonzero(y)
    kind_a = rng.random(pos.size) < 0.6
    a, b = pos[kind_a], pos[~kind_a]
    x[a, 0] += 1.6
    x[a, 1] += 1.0
    x[b, 2] += 1.6
    x[b, 3] -= 0.8
    x[b, 0] *= 1.8
    x[:, 4] = np.exp(0.8 * x[:, 4] + 0.5 * y)
    x[:, 5] = rng.random(n) < np.where(y, 0.45, 0.2)
    return x


def _draw(rng: np.random.Generator, n: int, prevalence: float) -> tuple[np.ndarray, np.ndarray]:
    y = rng.random(n) < prevalence
    return y, _features(rng, y)


def _design(x: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(x.shape[0]), (x - mean) / sd])


def _fit_logistic(x: np.ndarray, y: np.ndarray, ridge: float = 1e-3, alpha: float = 1.0
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logistic regression by Newton's method, weight ``alpha`` on the positives
    (weighted cross-entropy); returns (mean, sd, coefficients).

    The ridge penalty scales with the summed weights, so it stays as small
    next to the data for every ``alpha``; at ``alpha = 1`` every product
    with the weights is exact and the fit is the unweighted one, bit for bit.
    """
    mean, sd = x.mean(axis=0), x.std(axis=0)
    z = _design(x, mean, sd)
    sw = np.where(y, alpha, 1.0)
    w = np.zeros(z.shape[1])
    w[0] = np.log(alpha * y.mean() / (1 - y.mean()))
    penalty = ridge * sw.sum() * np.diag(np.r_[0.0, np.ones(z.shape[1] - 1)])
    for _ in range(50):
        prob = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (sw * (prob - y)) + penalty @ w
        hess = (z * (sw * (prob * (1 - prob)))[:, None]).T @ z + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return mean, sd, w


def make_validation_set(n: int = 1_000_000, *, seed: int = SEED,
                        prevalence: float = PREVALENCE) -> tuple[np.ndarray, np.ndarray]:
    """A scored validation set: labels (bool) and a model's scores (float32).

    See :mod:`imbcore.demo.data` for how it is made. The same ``n`` and ``seed``
    give the same data.

    Examples
    --------
    >>> from imbcore.demo import make_validation_set
    >>> y, s = make_validation_set(5000)
    >>> y.dtype, s.dtype, y.shape, bool(0 < y.mean() < 0.05)
    (dtype('bool'), dtype('float32'), (5000,), True)
    """
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ImbcoreError(f"invalid n: got {n!r}; give a whole number of samples >= 1")
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0:
        raise ImbcoreError(f"invalid seed: got {seed!r}; give a whole number >= 0")
    n, seed = int(n), int(seed)
    train_rng, valid_rng = (np.random.default_rng(s)
                            for s in np.random.SeedSequence(seed).spawn(2))
    y_train, x_train = _draw(train_rng, N_TRAIN, prevalence)
    mean, sd, w = _fit_logistic(x_train, y_train)
    y = np.empty(n, dtype=bool)
    scores = np.empty(n, dtype=np.float32)
    for start, stop, yb, xb in _validation_chunks(valid_rng, n, prevalence):
        y[start:stop] = yb
        scores[start:stop] = 1.0 / (1.0 + np.exp(-(_design(xb, mean, sd) @ w)))
    return y, scores


def _validation_chunks(rng: np.random.Generator, n: int, prevalence: float
                       ) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
    """The validation samples, block by block: (start, stop, labels, features)."""
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        yb, xb = _draw(rng, stop - start, prevalence)
        yield start, stop, yb, xb


def validation_set_with_weight(alpha: float, n: int = 1_000_000, *, seed: int = SEED,
                               prevalence: float = PREVALENCE) -> tuple[np.ndarray, np.ndarray]:
    """The validation set of :func:`make_validation_set`, scored by the demo
    model retrained with weight ``alpha`` on the positives (float32 scores).

    Weighting moves a calibrated model's probabilities to
    ``alpha p / (alpha p + 1 - p)``; :func:`imbcore.unweight_proba` undoes it.

    Examples
    --------
    >>> from imbcore.demo.data import validation_set_with_weight, make_validation_set
    >>> y, s10 = validation_set_with_weight(10.0, 5000)
    >>> y1, s1 = make_validation_set(5000)
    >>> bool((y == y1).all()), bool(s10.mean() > s1.mean())
    (True, True)
    """
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ImbcoreError(f"invalid n: got {n!r}; give a whole number of samples >= 1")
    a = float(alpha)
    if not (np.isfinite(a) and a > 0):
        raise ImbcoreError(f"invalid alpha: got {alpha!r}; the weight must be finite and > 0")
    train_rng, valid_rng = (np.random.default_rng(s)
                            for s in np.random.SeedSequence(int(seed)).spawn(2))
    y_train, x_train = _draw(train_rng, N_TRAIN, prevalence)
    mean, sd, w = _fit_logistic(x_train, y_train, alpha=a)
    y = np.empty(int(n), dtype=bool)
    scores = np.empty(int(n), dtype=np.float32)
    for start, stop, yb, xb in _validation_chunks(valid_rng, int(n), prevalence):
        y[start:stop] = yb
        scores[start:stop] = 1.0 / (1.0 + np.exp(-(_design(xb, mean, sd) @ w)))
    return y, scores


def retrain(alphas: Sequence[float], n: int = 1_000_000, *, seed: int = SEED,
            prevalence: float = PREVALENCE) -> list[tuple[int, int, int, int]]:
    """The demo model retrained with each class weight: its confusion at threshold 0.5.

    For each ``alpha`` the logistic regression of :func:`make_validation_set`
    is fitted again on the same training sample with weight ``alpha`` on the
    positives, and its predictions ``probability >= 0.5`` are counted on the
    same ``n`` validation samples (the same ``seed``).

    Returns
    -------
    list of (tp, fp, fn, tn)
        One confusion per ``alpha``, in order.

    Examples
    --------
    >>> from imbcore.demo.data import retrain
    >>> (tp1, fp1, _, _), (tp9, fp9, _, _) = retrain([1.0, 9.0], 20_000)
    >>> tp9 > tp1 and fp9 > fp1        # a larger weight flags more of both
    True
    """
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ImbcoreError(f"invalid n: got {n!r}; give a whole number of samples >= 1")
    a = np.asarray(alphas, dtype=np.float64).reshape(-1)
    bad = ~(np.isfinite(a) & (a > 0))
    if bad.any():
        raise ImbcoreError(f"invalid alphas: got {a[int(np.argmax(bad))].item()!r}; every "
                           "weight must be finite and > 0")
    train_rng, valid_rng = (np.random.default_rng(s)
                            for s in np.random.SeedSequence(int(seed)).spawn(2))
    y_train, x_train = _draw(train_rng, N_TRAIN, prevalence)
    models = [_fit_logistic(x_train, y_train, alpha=float(v)) for v in a]
    counts = np.zeros((a.size, 4), dtype=np.int64)
    for _, _, yb, xb in _validation_chunks(valid_rng, int(n), prevalence):
        for k, (mean, sd, w) in enumerate(models):
            # probability >= 0.5 exactly when the linear score is >= 0 (as float32
            # scores would round, compare the stored probability)
            prob = (1.0 / (1.0 + np.exp(-(_design(xb, mean, sd) @ w)))).astype(np.float32)
            pred = prob >= 0.5
            counts[k] += [np.sum(pred & yb), np.sum(pred & ~yb), np.sum(~pred & yb),
                          np.sum(~pred & ~yb)]
    return [(int(c[0]), int(c[1]), int(c[2]), int(c[3])) for c in counts]
