"""The one path from a curve specification to the core's generic theory functions.

A specification is a family name (as the core spells it) and its parameters
by name. These helpers broadcast, pass everything to the core in one call
and reshape; the core checks every value, rule, metric and noise rate.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import _core
from .._inputs import broadcast_floats as _broadcast
from .._inputs import check_fits_in_memory, float_array, n_jobs_arg
from .._inputs import shaped as _shaped
from ..errors import ImbcoreError
from .rules import Loss, check_rule

Params = dict[str, Any]
FocalLanding = Callable[..., tuple[np.ndarray, ...]]


def noise_arg(noise: Any) -> tuple[float, float] | None:
    """``noise`` as the core reads it: None or a pair (the core checks the rates)."""
    if noise is None:
        return None
    try:
        pair = tuple(float(r) for r in noise)
    except (TypeError, ValueError):
        raise ImbcoreError(
            f"invalid noise: got {noise!r}; pass (rho_pos, rho_neg), two flip rates in "
            "[0, 1), or None"
        ) from None
    if len(pair) != 2:
        raise ImbcoreError(
            f"invalid noise: got {noise!r}; pass (rho_pos, rho_neg), two flip rates in "
            "[0, 1), or None"
        )
    return pair  # type: ignore[return-value]


def check_noise(noise: Any, rule: str) -> tuple[float, float] | None:
    """Checks ``noise`` with ``rule`` in the core (for paths that do not reach it)."""
    pair = noise_arg(noise)
    if pair is not None:
        _core.clean_weight(np.ones(1), pair)  # checks the rates
        if rule == "expected_loss" and pair != (0.0, 0.0):
            # The core's message, from the core.
            _core.curve_landing("lp", [np.full(1, 2.0)], rule, np.ones(1), np.full(1, 0.5), pair)
    return pair


def landing(family: str, params: Params, alpha: Any, beta: Any, rule: str, loss: Loss,
            noise: Any = None, focal: FocalLanding | None = None) -> tuple[Any, ...]:
    """``(x, z, 1 - x, 1 - z)`` of the broadcast shape."""
    shape, flat = _broadcast(alpha=alpha, beta=beta, **params)
    a, b, cols = flat[0], flat[1], flat[2:]
    if loss.focal and focal is not None and check_rule(rule) == "expected_loss":
        check_noise(noise, rule)
        out = focal(a * loss.weight, b, *cols)
    else:
        out = _core.curve_landing(family, cols, rule, a * loss.weight, b, noise_arg(noise))
    return tuple(_shaped(np.asarray(t, dtype=float), shape) for t in out)


def expected_metric(family: str, params: Params, metric: str, alpha: Any, beta: Any,
                    rule: str, loss: Loss, noise: Any = None,
                    focal: FocalLanding | None = None) -> Any:
    """The metric at the landing point, of the broadcast shape."""
    if loss.focal and focal is not None and check_rule(rule) == "expected_loss":
        x, z, omx, omz = landing(family, params, alpha, beta, rule, loss, noise, focal)
        shape = np.shape(x)
        b = np.broadcast_to(float_array(beta, "beta"), shape)
        v = _core.evaluate(metric, *(np.ascontiguousarray(np.ravel(t)) for t in (
            b * x, (1 - b) * omz, b * omx, (1 - b) * z)))
        return _shaped(v, shape)
    shape, flat = _broadcast(alpha=alpha, beta=beta, **params)
    a, b, cols = flat[0], flat[1], flat[2:]
    return _shaped(_core.curve_expected_metric(family, cols, rule, metric, a * loss.weight, b,
                                               noise_arg(noise)), shape)


def optimal_alpha(family: str, params: Params, metric: str, beta: Any, rule: str,
                  bounds: Any, noise: Any = None, n_jobs: Any = None) -> tuple[Any, ...]:
    """``(alpha, value, at_bound, flat)`` of the broadcast shape of ``beta`` and the parameters."""
    low, high = parse_bounds(bounds)
    shape, flat = _broadcast(beta=beta, **params)
    out = _core.curve_optimal_alpha(family, flat[1:], rule, metric, flat[0], low, high,
                                    noise_arg(noise), n_jobs=n_jobs_arg(n_jobs))
    return tuple(_shaped(t, shape) for t in out)


def grid(family: str, params: Params, metric: str, alpha: Any, beta: Any, rule: str,
         noise: Any = None, n_jobs: Any = None) -> np.ndarray:
    """The grid ``alpha x curves x beta`` of shape ``(len(alpha), *curve shape, len(beta))``."""
    a = float_array(alpha, "alpha", ndim=1)
    b = float_array(beta, "beta", ndim=1)
    if params:
        cshape, cols = _broadcast(**params)
    else:
        cshape, cols = (), []
    n_curves = int(np.prod(cshape, dtype=np.int64))
    check_fits_in_memory(a.size * n_curves * b.size, "grid size")
    out = _core.curve_grid(family, cols, rule, metric, a, b, noise_arg(noise),
                           n_jobs=n_jobs_arg(n_jobs))
    return out.reshape((a.size, *cshape, b.size))


def parse_bounds(bounds: Any) -> tuple[float, float]:
    """``bounds`` as two floats (the core checks their order and sign)."""
    try:
        return float(bounds[0]), float(bounds[1])
    except (TypeError, ValueError, IndexError):
        raise ImbcoreError(
            f"invalid bounds: got {bounds!r}; bounds must be two numbers (low, high)"
        ) from None
