"""The demo's retraining check against scikit-learn and brute-force counting.

The demo retrains its NumPy logistic regression with a class weight; the
weighted Newton fit is compared with scikit-learn's ``LogisticRegression``
given the same weights and the same ridge penalty, and the report's measured
columns with counts made here from the scores.
"""

from __future__ import annotations

import numpy as np
import pytest

import imbcore as ic
from imbcore.demo import data as demo_data
from imbcore.demo.report import RETRAIN_METRICS, retraining_markdown, retraining_table


def _training_sample(seed=demo_data.SEED):
    train_rng, _ = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    return demo_data._draw(train_rng, demo_data.N_TRAIN, demo_data.PREVALENCE)


@pytest.mark.parametrize("alpha", [1.0, 6.5, 65.0])
def test_weighted_newton_fit_equals_sklearn(alpha):
    lm = pytest.importorskip("sklearn.linear_model")
    y, x = _training_sample()
    mean, sd, w = demo_data._fit_logistic(x, y, alpha=alpha)
    # the same objective: sum_i sw_i * log-loss_i + (ridge * sum sw / 2) * |coef|^2,
    # i.e. scikit-learn's C = 1 / (ridge * sum sw) on the standardised features
    sw = np.where(y, alpha, 1.0)
    ref = lm.LogisticRegression(C=1 / (1e-3 * sw.sum()), tol=1e-12, max_iter=10_000)
    ref.fit((x - mean) / sd, y, sample_weight=sw)
    np.testing.assert_allclose(w[1:], ref.coef_[0], rtol=1e-5, atol=1e-7)
    assert w[0] == pytest.approx(ref.intercept_[0], rel=1e-5, abs=1e-7)


def test_retrain_at_weight_one_is_the_demo_model():
    n = 30_000
    y, s = ic.demo.make_validation_set(n)
    tp, fp, fn, tn = demo_data.retrain([1.0], n)[0]
    pred = s >= 0.5
    assert (tp, fp, fn, tn) == (int(np.sum(pred & y)), int(np.sum(pred & ~y)),
                                int(np.sum(~pred & y)), int(np.sum(~pred & ~y)))


def test_retraining_table_measures_what_it_says():
    n = 30_000
    y, s = ic.demo.make_validation_set(n)
    sw = ic.sweep(y, s)
    adv = ic.advice.advice_table(sw.roc_auc, sw.prevalence, sweep=sw, metrics=["f1"])
    rows = retraining_table(sw, adv, n, ic.demo.SEED)
    alphas = [r["alpha"] for r in rows]
    nw = (1 - sw.prevalence) / sw.prevalence
    assert alphas == sorted(alphas) and alphas[0] == 1.0
    assert alphas[-1] == pytest.approx(nw)
    counts = demo_data.retrain(alphas, n)
    for r, c in zip(rows, counts):
        t = 1 / (1 + r["alpha"])
        pred = s >= t
        tp, fp = np.sum(pred & y), np.sum(pred & ~y)
        fn, tn = np.sum(~pred & y), np.sum(~pred & ~y)
        moved = {"f1": 2 * tp / (2 * tp + fp + fn),
                 "balanced_accuracy": (tp / (tp + fn) + tn / (tn + fp)) / 2}
        tp, fp, fn, tn = c
        measured = {"f1": 2 * tp / (2 * tp + fp + fn),
                    "balanced_accuracy": (tp / (tp + fn) + tn / (tn + fp)) / 2}
        for m in RETRAIN_METRICS:
            assert r[m]["measured"] == pytest.approx(measured[m], rel=1e-12)
            assert r[m]["moved"] == pytest.approx(moved[m], rel=1e-12)
    # both rules agree at the natural weight, and only there
    last = rows[-1]["f1"]
    assert last["lp_bayes"] == pytest.approx(last["lp_expected_loss"], rel=1e-9)
    assert abs(rows[0]["f1"]["lp_bayes"] - rows[0]["f1"]["lp_expected_loss"]) > 0.05
    text = "\n".join(retraining_markdown(rows))
    assert "retrained, threshold 0.5 (measured)" in text and "expected loss, Lp" in text


def test_weighted_training_follows_the_bayes_rule_on_the_demo():
    # The check the report prints: retraining with a weight lands where moving
    # the unweighted model's threshold to 1/(1+alpha) lands (well within 0.02
    # in F1 and balanced accuracy), and the expected-loss rule on the Lp curve
    # misses the retrained F1 at alpha = 1 by far more than the Bayes rule does.
    n = 200_000
    y, s = ic.demo.make_validation_set(n)
    sw = ic.sweep(y, s)
    adv = ic.advice.advice_table(sw.roc_auc, sw.prevalence, sweep=sw, metrics=["f1"])
    rows = retraining_table(sw, adv, n, ic.demo.SEED)
    for r in rows:
        for m in RETRAIN_METRICS:
            assert abs(r[m]["moved"] - r[m]["measured"]) < 0.02, (r["alpha"], m)
    f1 = rows[0]["f1"]
    assert abs(f1["lp_expected_loss"] - f1["measured"]) > 3 * abs(f1["lp_bayes"] - f1["measured"])


def test_retrain_refuses_bad_weights():
    with pytest.raises(ic.ImbcoreError, match=r"invalid alphas: got 0.0; every weight"):
        demo_data.retrain([1.0, 0.0], 1000)
    with pytest.raises(ic.ImbcoreError, match=r"invalid n: got 0"):
        demo_data.retrain([1.0], 0)
