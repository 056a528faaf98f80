"""What the theory predicts for a binormal study: the metric against alpha under each landing rule.

The binormal generator draws unit-variance Gaussian classes whose means lie
``separation`` apart, so the best score (the projection on the difference of
the means) has a binormal ROC with ``a = separation`` and ``b = 1``. A model
trained with positive weight ``alpha`` on prevalence ``beta``

* under the ``bayes`` rule predicts positive where the likelihood ratio is at
  least ``(1 - beta) / (alpha * beta)``: on the projection ``s`` (N(0, 1) on
  negatives, N(a, 1) on positives) where ``s >= log(L) / a + a / 2``;
* under the ``expected_loss`` rule lands where ``alpha*beta*log(x) +
  (1-beta)*log(z)`` is largest along the curve: computed by
  ``imbcore.Binormal`` when the package has it (otherwise that overlay is
  left out).

Either way the metric follows from the expected confusion fractions
``tp = beta*x``, ``fn = beta*(1-x)``, ``fp = (1-beta)*(1-z)``, ``tn = (1-beta)*z``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["bayes_landing", "predicted_metric"]


def _phi(x: np.ndarray) -> np.ndarray:
    return np.array([0.5 * math.erfc(-v / math.sqrt(2.0)) for v in np.ravel(x)]).reshape(
        np.shape(x))


def bayes_landing(a: float, alpha: Any, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """Recall and specificity at the bayes rule's landing point on the binormal ROC (a, b=1).

    Examples
    --------
    >>> from imbcore.study.theory_curves import bayes_landing
    >>> x, z = bayes_landing(2.0, [1.0], 0.5)    # equal priors, weight 1: the midpoint
    >>> round(float(x[0]), 6), round(float(z[0]), 6)
    (0.841345, 0.841345)
    """
    alpha = np.asarray(alpha, dtype=np.float64)
    cut = np.log((1.0 - beta) / (alpha * beta)) / a + a / 2.0
    return _phi(a - cut), _phi(cut)


def predicted_metric(metric: str, a: float, alpha: Any, beta: float,
                     rule: str = "bayes") -> np.ndarray | None:
    """The metric the theory predicts at each alpha, or None when it cannot say.

    ``rule="bayes"`` is computed here; ``rule="expected_loss"`` needs
    ``imbcore.Binormal``. None (never an error) when the rule is not available
    or the separation is 0.
    """
    import imbcore

    alpha = np.asarray(alpha, dtype=np.float64)
    if not a > 0:
        return None
    model = getattr(imbcore, "Binormal", None)
    if model is not None:
        try:
            out = model(a).expected_metric(metric, alpha, beta, rule=rule)
            return np.asarray(out, dtype=np.float64)
        except Exception:  # an older or different signature: fall back below
            pass
    if rule != "bayes":
        return None
    x, z = bayes_landing(a, alpha, beta)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(imbcore.metric_value(metric, beta * x, (1 - beta) * (1 - z),
                                               beta * (1 - x), (1 - beta) * z), dtype=np.float64)
