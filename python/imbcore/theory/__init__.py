"""The theory of class weights: a tradeoff curve family times a landing rule.

:mod:`imbcore.theory.lp` holds the Lp family's vectorised functions
(``landing``, ``expected_metric``, ``grid``, ``optimal_alpha`` ...).
"""

from __future__ import annotations

from .lp import (
    OptimalAlpha,
    expected_metric,
    grid,
    grid_f1,
    landing,
    lp_auc,
    natural_weight,
    optimal_alpha,
    p_from_auc,
)

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
