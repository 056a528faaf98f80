"""Inputs that users send by mistake or by habit: each gets an ImbcoreError
naming the argument, or is handled as scikit-learn handles it."""

import os

import numpy as np
import pytest
import sklearn.metrics as skm

import imbcore as ic

S = [0.1, 0.4, 0.35, 0.8]
Y = [0, 0, 1, 1]


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: ic.sweep(np.array([0, None, 1, 1], dtype=object), S), "y_true"),
        (lambda: ic.roc_auc_score(np.array([0, None, 1, 1], dtype=object), S), "y_true"),
        (lambda: ic.average_precision_score(np.array(["a", 1, "b", 1], dtype=object), S), "y_true"),
        (lambda: ic.sweep([[0], [1, 1]], S[:2]), "y_true"),
        (lambda: ic.sweep(Y, S).best("recall", subject_to=[("precision", 0.5)]), "subject_to"),
        (lambda: ic.sweep(Y, S).at("a"), "threshold"),
        (lambda: ic.sweep(Y, S, pos_label=np.array([1, 0, 0, 1])), "pos_label"),
        (lambda: ic.sweep(Y, S, n_jobs=2**70 * 1.0), "n_jobs"),
    ],
)
def test_mistakes_are_imbcore_errors_naming_the_argument(call, argument):
    with pytest.raises(ic.ImbcoreError, match=f"invalid {argument}"):
        call()


def test_n_jobs_beyond_the_cores_is_bounded_not_a_thousand_threads():
    s = ic.sweep(Y, S, n_jobs=10**6)  # would start 10^6 threads if taken literally
    assert s.roc_auc == skm.roc_auc_score(Y, S)
    assert ic.sweep(Y, S, n_jobs=2**70).roc_auc == skm.roc_auc_score(Y, S)
    assert os.cpu_count() is not None


def test_longdouble_scores_that_float64_cannot_hold_are_refused():
    s = np.array([1, 1], dtype=np.longdouble)
    if np.finfo(np.longdouble).eps >= np.finfo(np.float64).eps:
        pytest.skip("longdouble is float64 on this platform")
    s[0] += np.finfo(np.longdouble).eps
    with pytest.raises(ic.ImbcoreError, match="y_score.*float64 cannot hold"):
        ic.sweep([1, 0], s)
    exact = np.array([0.25, 0.5, 0.75], dtype=np.longdouble)
    t = ic.precision_recall_curve([0, 1, 1], exact)[2]
    assert t.dtype == np.longdouble
    np.testing.assert_array_equal(t, skm.precision_recall_curve([0, 1, 1], exact)[2])


def test_float16_scores_keep_their_dtype_like_sklearn():
    s16 = np.array(S, dtype=np.float16)
    ours, ref = ic.precision_recall_curve(Y, s16), skm.precision_recall_curve(Y, s16)
    assert ours[2].dtype == ref[2].dtype == np.float16
    for a, b in zip(ours, ref):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("k", [1e-140, 1e-100, 1e-30, 1.0, 1e30, 1e80, 1e140])
def test_weighted_metrics_do_not_depend_on_the_scale_of_the_weights(k):
    # MCC, kappa, Youden's J, markedness and ROC-AUC are invariant under a
    # common factor on the weights; products of four sums used to overflow.
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 40)
    s = rng.random(40)
    w = rng.uniform(0.5, 2.0, 40)
    ref = ic.sweep(y, s, sample_weight=w)
    got = ic.sweep(y, s, sample_weight=w * k)
    for name in ("mcc", "cohen_kappa", "youden_j", "markedness", "f1", "balanced_accuracy"):
        np.testing.assert_allclose(got.metric(name), ref.metric(name), rtol=1e-12, atol=1e-15)
    want = skm.roc_auc_score(y, s, sample_weight=w)
    assert got.roc_auc == pytest.approx(want, rel=1e-12)
    assert ic.roc_auc_score(y, s, sample_weight=w * k) == pytest.approx(want, rel=1e-12)
