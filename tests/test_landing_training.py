"""Weighted training lands where the Bayes rule says (issue 9 §5), checked by real training.

scikit-learn's ``LogisticRegression`` (``C = 1e6``, practically unpenalised)
is trained with class weight ``alpha`` on 1-D binormal data: negatives
``N(0, 1)``, positives ``N(1.5, 1)``, prevalence 0.01, 400,000 samples. The
model is well-specified (the posterior log-odds are linear in the score), so
it decides by one boundary ``c = -intercept/coef``, and its landing point on
the population's ROC is recall ``Phi(1.5 - c)`` and specificity ``Phi(c)``.

The prediction is ``imbcore.Binormal(1.5).landing(alpha, 0.01, rule="bayes")``.
The tolerance is the sampling error of the fitted boundary: its standard
error from the sandwich (robust) covariance of the weighted maximum-likelihood
fit, carried to recall and specificity by the delta method; the landing must
lie within 4 standard errors. The expected-loss rule of the original
analysis must miss by more than that everywhere except near the natural
weight ``(1-beta)/beta = 99``, where the two rules agree.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import imbcore as ic

D = 1.5
BETA = 0.01
N = 400_000
ALPHAS = [0.3, 1.0, 3.0, 10.0, 30.0, 99.0, 300.0]

norm = pytest.importorskip("scipy.stats").norm


@pytest.fixture(scope="module")
def sample():
    rng = np.random.default_rng(20260)
    y = rng.random(N) < BETA
    x = rng.standard_normal(N) + D * y
    return x, y


def fit_boundary(x, y, alpha):
    """The weighted fit's boundary c and its standard error (sandwich, delta method)."""
    lm = pytest.importorskip("sklearn.linear_model")
    m = lm.LogisticRegression(C=1e6, tol=1e-10, max_iter=1000,
                              class_weight={False: 1.0, True: alpha}).fit(x[:, None], y)
    b0, b1 = float(m.intercept_[0]), float(m.coef_[0, 0])
    z = np.column_stack([np.ones(x.size), x])
    q = 1 / (1 + np.exp(-(z @ [b0, b1])))
    w = np.where(y, alpha, 1.0)
    bread = np.linalg.inv((z * (w * q * (1 - q))[:, None]).T @ z)
    meat = (z * ((w * (q - y)) ** 2)[:, None]).T @ z
    cov = bread @ meat @ bread
    grad = np.array([-1 / b1, b0 / b1**2])  # of c = -b0/b1
    return -b0 / b1, math.sqrt(grad @ cov @ grad)


@pytest.fixture(scope="module")
def fits(sample):
    x, y = sample
    return {alpha: fit_boundary(x, y, alpha) for alpha in ALPHAS}


def bayes_boundary(alpha):
    """Where the likelihood ratio exp(D*c - D^2/2) equals (1-beta)/(alpha*beta)."""
    return (math.log((1 - BETA) / (alpha * BETA)) + D * D / 2) / D


@pytest.mark.parametrize("alpha", ALPHAS)
def test_weighted_logistic_regression_lands_on_the_bayes_prediction(fits, alpha):
    c, se_c = fits[alpha]
    recall, spec = norm.sf(c - D), norm.cdf(c)
    se_recall, se_spec = norm.pdf(c - D) * se_c, norm.pdf(c) * se_c
    xb, zb = ic.Binormal(D).landing(alpha, BETA, rule="bayes")
    assert abs(recall - xb) < 4 * se_recall, (alpha, recall, float(xb), se_recall)
    assert abs(spec - zb) < 4 * se_spec, (alpha, spec, float(zb), se_spec)
    # the prediction itself, against the Bayes boundary written out here
    cb = bayes_boundary(alpha)
    assert float(xb) == pytest.approx(norm.sf(cb - D), rel=1e-12)
    assert float(zb) == pytest.approx(norm.cdf(cb), rel=1e-12)
    # the expected-loss rule does not describe training, except near alpha = 99
    xe, ze = ic.Binormal(D).landing(alpha, BETA, rule="expected_loss")
    if alpha != 99.0:
        assert abs(recall - xe) > 4 * se_recall, (alpha, recall, float(xe))
    else:
        assert float(xe) == pytest.approx(float(xb), rel=1e-9)


def test_the_landing_moves_with_the_weight_as_the_threshold_does(fits):
    # the same fits seen as thresholds: weight alpha puts the boundary where
    # the calibrated posterior is 1/(1 + alpha) (imbcore.threshold_for_weight)
    for alpha in ALPHAS:
        c, se_c = fits[alpha]
        t = float(ic.threshold_for_weight(alpha))
        logit = D * c - D * D / 2 + math.log(BETA / (1 - BETA))  # posterior log-odds at c
        assert abs(1 / (1 + math.exp(-logit)) - t) < 4 * D * se_c * t * (1 - t)
