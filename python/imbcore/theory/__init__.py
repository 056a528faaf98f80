"""The theory of class weights: a tradeoff curve family times a landing rule.

:mod:`imbcore.theory.curves` holds the curves (:class:`Lp`, :class:`Binormal`,
:class:`Empirical`), :mod:`imbcore.theory.rules` the landing rules ("bayes",
the default, and "expected_loss"), :mod:`imbcore.theory.lp` the Lp family's
vectorised functions (``landing``, ``expected_metric``, ``grid``,
``optimal_alpha`` ...) and :mod:`imbcore.theory.fit` the fit of a curve to a
model's sweep.
"""

from __future__ import annotations

from .curves import Binormal, Curve, Empirical, Lp
from .fit import CurveFit, fit_curve
from .noise import NoiseEstimate, estimate_noise
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
    "Curve",
    "Lp",
    "Binormal",
    "Empirical",
    "CurveFit",
    "fit_curve",
    "estimate_noise",
    "NoiseEstimate",
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
