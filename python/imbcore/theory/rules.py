"""Landing rules and losses: the names users pass, checked once.

``rule="bayes"`` (the default) lands a model trained with positive weight
``alpha`` where Bayes decision theory puts it: at the point of its curve that
maximises ``alpha*beta*x + (1-beta)*z``, where the ROC slope is
``(1-beta)/(alpha*beta)``; on calibrated scores the threshold ``1/(1+alpha)``.
``rule="expected_loss"`` is the original analysis's rule: the point that
maximises ``alpha*beta*ln(x) + (1-beta)*ln(z)``.

Focal loss (Lin et al. 2017) with class factor ``a`` weights positives by
``a`` and negatives by ``1-a``: the weight ``a/(1-a)``. Under the Bayes rule
it decides exactly like that weight whatever its ``gamma`` (its minimiser is a
monotone transform of the posterior that crosses 1/2 where the weighted
posterior does). Under the expected-loss rule ``gamma`` changes the landing
point: it maximises ``alpha*beta*(1-x)^gamma*ln(x) + (1-beta)*(1-z)^gamma*ln(z)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import _core
from ..errors import ImbcoreError

LOSSES = ("cross_entropy", "focal")


def check_rule(rule: Any) -> str:
    """The rule name, or an error listing the known ones (the core's list)."""
    rules = _core.rules()
    if not isinstance(rule, str) or rule not in rules:
        raise ImbcoreError(
            f"invalid rule: got {rule!r}; known rules are {', '.join(rules)}"
        )
    return rule


@dataclass(frozen=True)
class Loss:
    """A training loss: cross-entropy, or focal with ``gamma`` and class factor.

    ``weight`` is the positive weight the class factor adds (1 for
    cross-entropy or ``focal_alpha=None``).
    """

    name: str
    gamma: float
    weight: float

    @property
    def focal(self) -> bool:
        """A focal loss with ``gamma > 0`` (only the expected-loss rule sees gamma)."""
        return self.name == "focal" and self.gamma > 0


def check_loss(loss: Any, gamma: Any, focal_alpha: Any) -> Loss:
    """Checks ``loss``, ``gamma`` and ``focal_alpha``."""
    if not isinstance(loss, str) or loss not in LOSSES:
        raise ImbcoreError(
            f"invalid loss: got {loss!r}; known losses are {', '.join(LOSSES)}"
        )
    try:
        g = float(gamma)
    except (TypeError, ValueError):
        raise ImbcoreError(
            f"invalid gamma: got {gamma!r}; gamma (the focusing parameter) must be a number >= 0"
        ) from None
    if not (np.isfinite(g) and g >= 0):
        raise ImbcoreError(
            f"invalid gamma: got {g!r}; gamma (the focusing parameter) must be finite and >= 0"
        )
    w = 1.0
    if focal_alpha is not None:
        try:
            fa = float(focal_alpha)
        except (TypeError, ValueError):
            fa = float("nan")
        if not (0.0 < fa < 1.0):
            raise ImbcoreError(
                f"invalid focal_alpha: got {focal_alpha!r}; the focal class factor must lie "
                "strictly between 0 and 1 (it is the weight a/(1-a))"
            )
        w = fa / (1.0 - fa)
    if loss == "cross_entropy" and (g != 0.0 or focal_alpha is not None):
        raise ImbcoreError(
            f"invalid gamma/focal_alpha: got gamma={g!r}, focal_alpha={focal_alpha!r} with "
            "loss='cross_entropy'; pass loss='focal' to use them"
        )
    return Loss(loss, g, w)


def golden_max(f: Any, lo: np.ndarray, hi: np.ndarray, iterations: int = 120) -> np.ndarray:
    """Vectorised golden-section search: the argmax of ``f`` on each ``[lo, hi]``.

    ``f`` maps an array of parameters to an array of objective values; it must
    be unimodal on each interval. 120 iterations shrink the interval by
    ``0.618^120 ~ 1e-25`` of its length.
    """
    r = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = lo.astype(float).copy(), hi.astype(float).copy()
    c, d = b - r * (b - a), a + r * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        left = fc >= fd  # the maximum is in [a, d]
        b = np.where(left, d, b)
        a = np.where(left, a, c)
        nc = np.where(left, b - r * (b - a), d)
        nd = np.where(left, c, a + r * (b - a))
        fnew = f(np.where(left, nc, nd))
        fc, fd = np.where(left, fnew, fd), np.where(left, fc, fnew)
        c, d = nc, nd
    return (a + b) / 2.0


def focal_objective(alpha_beta: np.ndarray, one_minus_beta: np.ndarray, gamma: float,
                    x: np.ndarray, omx: np.ndarray, z: np.ndarray, omz: np.ndarray) -> np.ndarray:
    """``alpha*beta*(1-x)^gamma*ln x + (1-beta)*(1-z)^gamma*ln z`` (the negated expected focal loss)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        v = (alpha_beta * omx ** gamma * np.log(x)
             + one_minus_beta * omz ** gamma * np.log(z))
    return np.where(np.isnan(v), -np.inf, v)
