"""Training on flipped labels lands where the noisy Bayes rule says, checked by real training.

1-D binormal data (negatives ``N(0, 1)``, positives ``N(1.5, 1)``, clean
prevalence 0.05, 300,000 samples); the training labels are flipped at rates
``(rho_pos, rho_neg)``, the evaluation is on the population (the ROC of the
score is known: recall ``Q(c - 1.5)`` at the decision boundary ``c``).

Under noise the posterior's logit is not linear in the score, so plain
logistic regression is misspecified; logistic regression on cubic spline
features (scikit-learn's ``SplineTransformer``) can represent it. The weighted
model decides where its probability crosses 1/2; the noisy posterior is
increasing in the score, so that is one boundary ``c``, found on a fine grid.

The prediction is ``imbcore.Binormal(1.5).landing(alpha, 0.05, noise=...)``.
Tolerance: 0.02 in recall. The spread of the fitted boundary's recall over
training seeds at this size has not been measured yet; the four fits of one seed
reported in docs/theory.md landed within 0.005 of the prediction.
"""

from __future__ import annotations

import numpy as np
import pytest

import imbcore as ic

D, BETA, N = 1.5, 0.05, 300_000
norm = pytest.importorskip("scipy.stats").norm
pytest.importorskip("sklearn")


def noisy_sample(rho_pos, rho_neg, seed):
    rng = np.random.default_rng(seed)
    y = rng.random(N) < BETA
    x = rng.standard_normal(N) + D * y
    flip = np.where(y, rng.random(N) < rho_pos, rng.random(N) < rho_neg)
    return x, y ^ flip


def boundary(model, lo=-4.0, hi=7.0):
    """The score where the model's probability first reaches 1/2 (inf: never)."""
    grid = np.linspace(lo, hi, 22001)
    p = model.predict_proba(grid[:, None])[:, 1]
    above = np.flatnonzero(p >= 0.5)
    return grid[above[0]] if above.size else np.inf


def fit(x, y, alpha, splines):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import SplineTransformer

    lr = LogisticRegression(C=1e4, tol=1e-8, max_iter=5000,
                            class_weight={False: 1.0, True: alpha})
    steps = [SplineTransformer(n_knots=10, degree=3, extrapolation="linear"), lr] if splines \
        else [lr]
    return make_pipeline(*steps).fit(x[:, None], y)


def recall_at(c):
    return float(norm.sf(c - D))


def f1_at(c):
    tp, fn, fp = BETA * norm.sf(c - D), BETA * norm.cdf(c - D), (1 - BETA) * norm.sf(c)
    return float(2 * tp / (2 * tp + fp + fn))


@pytest.mark.parametrize("noise", [(0.2, 0.02), (0.1, 0.05)])
def test_spline_logistic_regression_lands_on_the_noisy_bayes_prediction(noise):
    x, yn = noisy_sample(*noise, seed=7)
    misses = []
    for alpha in (1.0, 4.0, 20.0):
        want = float(ic.Binormal(D).landing(alpha, BETA, noise=noise)[0])
        got = recall_at(boundary(fit(x, yn, alpha, splines=True)))
        assert abs(got - want) < 0.02, (noise, alpha, got, want)
        # Where the clean prediction differs, training follows the noisy one.
        clean = float(ic.Binormal(D).landing(alpha, BETA)[0])
        if abs(want - clean) > 0.06:
            assert abs(got - clean) > 0.04, (noise, alpha, got, clean)
        print(f"noise={noise} alpha={alpha}: trained recall {got:.4f}, noisy-Bayes "
              f"{want:.4f}, clean-Bayes {clean:.4f}", end="; ")
        plain = recall_at(boundary(fit(x, yn, alpha, splines=False)))
        misses.append(abs(plain - want))
        print(f"plain logistic regression {plain:.4f}")
    # Plain logistic regression, misspecified under noise, misses more.
    assert max(misses) > 0.02, misses


def test_the_optimal_weight_shifts_as_predicted():
    noise = (0.2, 0.02)
    x, yn = noisy_sample(*noise, seed=8)
    curve = ic.Binormal(D)
    noisy_opt = float(curve.optimal_alpha("f1", BETA, noise=noise).alpha)
    clean_opt = float(curve.optimal_alpha("f1", BETA).alpha)
    best = float(curve.optimal_alpha("f1", BETA).value)
    f_noisy_opt = f1_at(boundary(fit(x, yn, noisy_opt, splines=True)))
    f_clean_opt = f1_at(boundary(fit(x, yn, clean_opt, splines=True)))
    # Trained at the noisy optimum the model reaches the clean best F1; trained
    # at the clean optimum on noisy labels it lands where the noisy rule puts
    # that weight, a little short (F1 is flat near its optimum: the theory says
    # 0.3685 against 0.3713 here).
    predicted = float(curve.expected_metric("f1", clean_opt, BETA, noise=noise))
    assert predicted < best - 0.002
    assert f_noisy_opt == pytest.approx(best, abs=0.005)
    assert f_clean_opt == pytest.approx(predicted, abs=0.005)
    assert f_clean_opt < f_noisy_opt
