"""Multiclass decisions where users meet them: class weights to train with, the tuner, figures.

References: scikit-learn's metrics (``f1_score``, ``confusion_matrix``,
``precision_recall_fscore_support``), real retraining of scikit-learn models,
out-of-fold probabilities computed here with ``cross_val_predict``, and the
best of many random weight vectors evaluated by scikit-learn.
"""

from __future__ import annotations

import numpy as np
import pytest

import imbcore as ic

sklearn = pytest.importorskip("sklearn")
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import StratifiedKFold, cross_val_predict  # noqa: E402


def data(n: int = 6000, seed: int = 0, priors=(0.85, 0.1, 0.04, 0.01)):
    return make_classification(n_samples=n, n_features=10, n_informative=6, n_redundant=0,
                               n_classes=len(priors), n_clusters_per_class=1,
                               weights=list(priors), class_sep=0.9, random_state=seed)


def macro_f1(y, pred, classes):
    return f1_score(y, pred, average="macro", labels=classes, zero_division=0.0)


def best_random(y, P, classes, n=2000, seed=0):
    """The best macro-F1 of ``argmax w * P`` over ``n`` random weight vectors (log-uniform
    over [1, 100] per class), and the argmax rule."""
    rng = np.random.default_rng(seed)
    best = macro_f1(y, classes[np.argmax(P, axis=1)], classes)
    for w in np.exp(rng.uniform(0, np.log(100), size=(n, classes.size))):
        best = max(best, macro_f1(y, classes[np.argmax(P * w, axis=1)], classes))
    return best


# ----------------------------------------------------------- class_weights(..., "optimal")


@pytest.fixture(scope="module")
def split():
    X, y = data(12_000, seed=1)
    rng = np.random.default_rng(1)
    order = rng.permutation(y.size)
    tr, va, te = order[:6000], order[6000:9000], order[9000:]
    base = LogisticRegression(max_iter=2000).fit(X[tr], y[tr])
    return X, y, tr, va, te, base


def test_optimal_weights_from_validation_beat_argmax_and_random_search(split):
    X, y, tr, va, te, base = split
    P_val = base.predict_proba(X[va])
    cw = ic.class_weights(y[tr], "optimal", metric="macro_f1", proba=P_val, y_val=y[va],
                          random_state=0)
    classes = np.unique(y)
    w = np.asarray(cw.weights)
    assert w.shape == (4,) and w.min() == 1.0
    # the value it reports is scikit-learn's macro-F1 of the rule argmax_j w_j p_j
    pred = classes[np.argmax(P_val * w, axis=1)]
    assert cw.optimum.value == pytest.approx(macro_f1(y[va], pred, classes), abs=1e-12)
    np.testing.assert_array_equal(cw.optimum.predict(P_val), pred)
    # never worse than argmax, balanced weights or 2000 random weight vectors
    assert cw.optimum.value >= best_random(y[va], P_val, classes) - 1e-12
    balanced = np.asarray(ic.class_weights(y[tr], "balanced").weights)
    assert cw.optimum.value >= macro_f1(y[va], classes[np.argmax(P_val * balanced, axis=1)],
                                        classes)


def test_optimal_weights_retrained_decide_like_the_rule(split):
    # weighted cross-entropy with class weights w decides like argmax_j w_j p_j of the
    # unweighted model: a multinomial logistic regression retrained with the tuned
    # weights agrees with the rule on nearly every test sample
    X, y, tr, va, te, base = split
    cw = ic.class_weights(y[tr], "optimal", metric="macro_f1", proba=base.predict_proba(X[va]),
                          y_val=y[va], random_state=0)
    weighted = LogisticRegression(max_iter=2000, class_weight=cw.for_sklearn()).fit(X[tr], y[tr])
    rule = cw.optimum.predict(base.predict_proba(X[te]))
    agree = np.mean(weighted.predict(X[te]) == rule)
    argmax_agree = np.mean(weighted.predict(X[te]) == base.predict(X[te]))
    assert agree > 0.97, agree
    assert agree > argmax_agree  # the weights moved the decision, and the rule follows
    # every library's parameter carries the same ratios
    w = np.asarray(cw.weights)
    sk = np.array(list(cw.for_sklearn().values()))
    np.testing.assert_allclose(sk / sk.min(), w / w.min(), rtol=1e-12)
    torch_w = np.array(cw.for_torch()["weight"])
    np.testing.assert_allclose(torch_w / torch_w.min(), w / w.min(), rtol=1e-12)
    sw = cw.sample_weight(y[tr])
    np.testing.assert_allclose(sw, sk[np.searchsorted(np.unique(y), y[tr])], rtol=1e-12)
    assert sw.sum() == pytest.approx(tr.size)
    assert cw.to_dict()["optimum"]["weights"] == pytest.approx(list(cw.optimum.weights))


def test_optimal_weights_any_metric_and_string_labels(split):
    X, y, tr, va, te, base = split
    names = np.array(["ant", "bee", "cat", "dog"])
    P_val = base.predict_proba(X[va])
    for metric in ("gmean", "weighted_f2", "mcc"):
        cw = ic.class_weights(names[y[tr]], "optimal", metric=metric, proba=P_val,
                              y_val=names[y[va]], random_state=1)
        assert cw.classes == tuple(names)
        assert cw.optimum.metric == metric
        assert cw.optimum.value >= ic.sweep_multiclass(names[y[va]], P_val).evaluate(metric)


@pytest.mark.parametrize("params, message", [
    (dict(metric="macro_f1", proba=np.full((3, 3), 1 / 3), y_val=[0, 1, 2]),
     r"^invalid proba: got an array of shape \(3, 3\); proba must have one column per class"),
    (dict(metric="macro_f1", proba=np.full((3, 4), 0.25)),
     r"^invalid parameters for scheme 'optimal': got no y_val; "),
    (dict(metric="macro_f1", proba=np.full((3, 4), 0.25), y_val=[0, 1, 2], auc=0.8),
     r"^invalid parameters for scheme 'optimal': got auc and proba; "),
    (dict(metric="macro_f1", proba=np.full((3, 4), 0.25), y_val=[0, 1, 2],
          rule="expected_loss"), r"^invalid rule: got 'expected_loss' with proba; "),
    (dict(metric="f1", auc=0.8), r"^invalid scheme: got 'optimal' with 4 classes and no proba; "),
    (dict(metric="f1", auc=0.8, n_starts=4), r"^invalid parameters for scheme 'optimal': got "
     r"n_starts=4 without proba; "),
])
def test_optimal_weights_errors(params, message):
    y = [0, 1, 2, 3, 0, 0]
    with pytest.raises(ic.ImbcoreError, match=message):
        ic.class_weights(y, "optimal", **params)


# ------------------------------------------------------------------ ThresholdTuner


def test_tuner_multiclass_against_out_of_fold_oracle():
    X, y = data(5000, seed=3)
    names = np.array(["low", "mid", "high", "rare"])
    labels = names[y]
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    tuner = ic.ThresholdTuner(LogisticRegression(max_iter=2000), metric="macro_f1", cv=cv,
                              random_state=0).fit(X, labels)
    classes = np.unique(labels)
    np.testing.assert_array_equal(tuner.classes_, classes)
    # the out-of-fold probabilities, computed here by scikit-learn on the same folds
    P = cross_val_predict(LogisticRegression(max_iter=2000), X, labels, cv=cv,
                          method="predict_proba")
    w = np.asarray(tuner.decision_.weights)
    pooled = macro_f1(labels, classes[np.argmax(P * w, axis=1)], classes)
    assert tuner.best_score_ == pytest.approx(pooled, abs=1e-9)
    assert tuner.best_score_ > macro_f1(labels, classes[np.argmax(P, axis=1)], classes)
    assert tuner.best_score_ >= best_random(labels, P, classes, n=1000) - 1e-12
    # each fold's score is the rule on that fold's held-out part
    for i, (_, test) in enumerate(cv.split(X, labels)):
        want = macro_f1(labels[test], classes[np.argmax(P[test] * w, axis=1)], classes)
        assert tuner.cv_results_["split_score"][i] == pytest.approx(want, abs=1e-9)
    # predict: the rule on the refitted model's probabilities, labels of y's type
    refit = LogisticRegression(max_iter=2000).fit(X, labels)
    want = classes[np.argmax(refit.predict_proba(X) * w, axis=1)]
    got = tuner.predict(X)
    assert got.dtype.kind == "U"
    np.testing.assert_array_equal(got, want)


def test_tuner_multiclass_offsets_rule_on_decision_function():
    from sklearn.svm import LinearSVC

    X, y = data(3000, seed=4, priors=(0.8, 0.15, 0.05))
    cv = StratifiedKFold(3, shuffle=True, random_state=1)
    tuner = ic.ThresholdTuner(LinearSVC(), metric="balanced_accuracy", rule="offsets",
                              cv=cv, random_state=0).fit(X, y)
    assert tuner.response_method_ == "decision_function"
    b = np.asarray(tuner.decision_.offsets)
    S = cross_val_predict(LinearSVC(), X, y, cv=cv, method="decision_function")
    from sklearn.metrics import balanced_accuracy_score

    assert tuner.best_score_ == pytest.approx(
        balanced_accuracy_score(y, np.argmax(S + b, axis=1)), abs=1e-9)
    assert tuner.best_score_ > balanced_accuracy_score(y, np.argmax(S, axis=1))
    refit = LinearSVC().fit(X, y)
    np.testing.assert_array_equal(tuner.predict(X), np.argmax(refit.decision_function(X) + b,
                                                              axis=1))


def test_tuner_multiclass_with_constraint_and_sample_weight():
    X, y = data(4000, seed=5, priors=(0.8, 0.15, 0.05))
    w = np.random.default_rng(0).uniform(0.5, 2.0, y.size)
    cv = StratifiedKFold(3, shuffle=True, random_state=2)
    tuner = ic.ThresholdTuner(LogisticRegression(max_iter=2000), metric="macro_f1", cv=cv,
                              subject_to={"recall[2]": 0.6}, random_state=0)
    tuner.fit(X, y, sample_weight=w)
    P = cross_val_predict(LogisticRegression(max_iter=2000), X, y, cv=cv,
                          method="predict_proba", params={"sample_weight": w})
    pred = np.argmax(P * tuner.decision_.weights, axis=1)
    recall = precision_recall_fscore_support(y, pred, sample_weight=w, zero_division=0.0)[1]
    assert recall[2] >= 0.6 - 1e-12
    assert tuner.best_score_ == pytest.approx(
        f1_score(y, pred, average="macro", sample_weight=w), abs=1e-9)


@pytest.mark.parametrize("kwargs, message", [
    (dict(rule="bogus"), r"^invalid rule: got 'bogus'; for multiclass targets"),
    (dict(pos_label=1), r"^invalid pos_label: got 1 with multiclass labels"),
    (dict(thresholds=10), r"^invalid thresholds: got 10 with multiclass labels"),
    (dict(response_method="decision_function"),
     r"^invalid rule: got 'weights' with LogisticRegression\.decision_function scores"),
])
def test_tuner_multiclass_errors(kwargs, message):
    X, y = data(600, seed=6, priors=(0.6, 0.3, 0.1))
    with pytest.raises(ic.ImbcoreError, match=message):
        ic.ThresholdTuner(LogisticRegression(), **kwargs).fit(X, y)
