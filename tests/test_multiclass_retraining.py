"""Section 1 of the multiclass theory, checked by retraining: a multinomial
logistic regression trained with class weights ``w`` decides like the
unweighted model under ``argmax_j w_j p_j`` (docs/theory.md)."""

from __future__ import annotations

import numpy as np
import pytest

import imbcore

PRIORS = np.array([0.85, 0.10, 0.04, 0.01])
MEANS = np.array([[0, 0], [1.5, 0.5], [0.5, 1.8], [1.6, 1.6]])


def draw(n: int, rng: np.random.Generator):
    # Gaussian classes with one covariance: the multinomial logistic model is
    # well specified, so its posteriors are the true ones up to estimation error.
    y = rng.choice(PRIORS.size, size=n, p=PRIORS)
    return MEANS[y] + rng.normal(size=(n, 2)), y


@pytest.mark.parametrize("w", [[1, 2, 5, 20], list(1 / PRIORS), [1, 8, 3, 1], [3, 1, 1, 1]])
def test_weighted_training_decides_like_the_weights_rule(w):
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X, y = draw(20_000, rng)
    Xt, yt = draw(20_000, rng)
    fit = dict(C=1e6, max_iter=2000)
    P = LogisticRegression(**fit).fit(X, y).predict_proba(Xt)
    w = np.asarray(w, dtype=float)
    retrained = LogisticRegression(class_weight=dict(enumerate(w)), **fit).fit(X, y).predict(Xt)
    rule = imbcore.sweep_multiclass(yt, P).decide(weights=w)
    moved = np.mean(rule != P.argmax(axis=1))
    disagree = np.mean(retrained != rule)
    print(f"w={np.round(w, 2)}: the rule moves {moved:.2%} of decisions, "
          f"retraining disagrees with it on {disagree:.3%}")
    assert moved > 0.03  # the weights matter ...
    assert disagree < 0.01  # ... and the rule predicts what retraining does
