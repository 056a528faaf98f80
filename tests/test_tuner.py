"""ThresholdTuner against scikit-learn's TunedThresholdClassifierCV and brute force.

Every expected figure comes from scikit-learn: out-of-fold scores from
``cross_val_predict`` on the same splits, metrics from ``sklearn.metrics``, and
brute-force searches over every distinct out-of-fold score.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")

from sklearn.base import clone  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.frozen import FrozenEstimator  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression, RidgeClassifier  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    fbeta_score,
    make_scorer,
    matthews_corrcoef,
    precision_score,
    recall_score,
)
from sklearn.model_selection import (  # noqa: E402
    StratifiedKFold,
    TunedThresholdClassifierCV,
    cross_val_predict,
)
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

import imbcore as ic  # noqa: E402
from imbcore.errors import ImbcoreError  # noqa: E402


def _problem(seed: int, n: int = 2000):
    rng = np.random.default_rng(seed)
    weights = [float(rng.uniform(0.8, 0.97))]
    X, y = make_classification(n_samples=n, n_features=8, n_informative=4,
                               weights=weights, flip_y=0.03, class_sep=0.8,
                               random_state=seed)
    return X, y


def _oof(estimator, X, y, cv, method="predict_proba", **params):
    out = cross_val_predict(estimator, X, y, cv=cv, method=method, params=params or None)
    return out[:, 1] if method == "predict_proba" else out


def _brute_best(y, s, score, higher=True, feasible=None):
    """The best value of ``score(y, pred)`` over every distinct threshold of ``s``."""
    best = None
    for t in np.unique(s):
        pred = (s >= t).astype(int)
        if feasible is not None and not feasible(y, pred):
            continue
        v = score(y, pred)
        if best is None or (v > best if higher else v < best):
            best = v
    return best


# ------------------------------------------------ against TunedThresholdClassifierCV


def test_never_worse_than_scikit_learns_grid_on_20_problems():
    # the pooled out-of-fold F1 of each threshold, on the same splits and the
    # same model, computed apart with cross_val_predict and sklearn's f1_score
    better = 0
    for seed in range(20):
        X, y = _problem(seed, n=1500)
        cv = StratifiedKFold(5, shuffle=True, random_state=seed)
        ours = ic.ThresholdTuner(LogisticRegression(), metric="f1", cv=cv).fit(X, y)
        theirs = TunedThresholdClassifierCV(LogisticRegression(), scoring="f1", cv=cv,
                                            thresholds=100).fit(X, y)
        s = _oof(LogisticRegression(), X, y, cv)
        f1_ours = f1_score(y, s >= ours.best_threshold_)
        f1_theirs = f1_score(y, s >= theirs.best_threshold_)
        assert f1_ours >= f1_theirs - 1e-12, (seed, f1_ours, f1_theirs)
        assert abs(ours.best_score_ - f1_ours) <= 1e-12, seed
        better += f1_ours > f1_theirs
    # a 100-point grid rarely lands on the best of ~1500 distinct scores
    assert better >= 10, better


@pytest.mark.parametrize("metric, scoring, score", [
    ("balanced_accuracy", "balanced_accuracy", balanced_accuracy_score),
    ("f2", make_scorer(fbeta_score, beta=2), lambda y, p: fbeta_score(y, p, beta=2)),
    ("mcc", "matthews_corrcoef", matthews_corrcoef),
])
@pytest.mark.parametrize("seed", range(2))
def test_never_worse_for_other_metrics(metric, scoring, score, seed):
    X, y = _problem(50 + seed, n=1000)
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    ours = ic.ThresholdTuner(LogisticRegression(), metric=metric, cv=cv).fit(X, y)
    theirs = TunedThresholdClassifierCV(LogisticRegression(), scoring=scoring, cv=cv).fit(X, y)
    s = _oof(LogisticRegression(), X, y, cv)
    assert score(y, s >= ours.best_threshold_) >= score(y, s >= theirs.best_threshold_) - 1e-12
    assert abs(ours.best_score_ - score(y, s >= ours.best_threshold_)) <= 1e-12


# ------------------------------------------------ exactness


@pytest.mark.parametrize("seed", range(3))
def test_best_score_is_the_exact_optimum_over_every_out_of_fold_score(seed):
    X, y = _problem(seed, n=400)
    cv = StratifiedKFold(4, shuffle=True, random_state=seed)
    t = ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(X, y)
    s = _oof(LogisticRegression(), X, y, cv)
    assert abs(t.best_score_ - _brute_best(y, s, f1_score)) <= 1e-12
    assert f1_score(y, s >= t.best_threshold_) == pytest.approx(t.best_score_, abs=1e-12)
    # the pooled curve of cv_results_ is the metric at every distinct out-of-fold score
    thresholds = np.unique(s)[::-1]
    np.testing.assert_array_equal(t.cv_results_["thresholds"], thresholds)
    expected = [f1_score(y, s >= u) for u in thresholds]
    np.testing.assert_allclose(t.cv_results_["scores"], expected, rtol=0, atol=1e-12)
    assert t.cv_results_["feasible"].all()


def test_per_fold_thresholds_and_their_spread():
    X, y = _problem(4, n=600)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    t = ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(X, y)
    expected_t, expected_v, sizes = [], [], []
    for train, test in cv.split(X, y):
        m = LogisticRegression().fit(X[train], y[train])
        s = m.predict_proba(X[test])[:, 1]
        values = {u: f1_score(y[test], s >= u) for u in np.unique(s)}
        best = max(values.values())
        # ties go to the highest threshold
        expected_t.append(max(u for u, v in values.items() if v >= best - 1e-12))
        expected_v.append(best)
        sizes.append(test.size)
    np.testing.assert_allclose(t.cv_results_["split_threshold"], expected_t, rtol=0, atol=1e-15)
    np.testing.assert_allclose(t.cv_results_["split_score"], expected_v, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(t.cv_results_["split_n_samples"], sizes)
    assert t.threshold_std_ == pytest.approx(np.std(expected_t, ddof=1), abs=1e-15)


def test_cost_metric_is_minimised():
    X, y = _problem(8, n=500)
    cv = StratifiedKFold(5, shuffle=True, random_state=1)
    t = ic.ThresholdTuner(LogisticRegression(), metric="cost(c_fp=1, c_fn=10)", cv=cv).fit(X, y)
    s = _oof(LogisticRegression(), X, y, cv)

    def cost(yy, p):
        tn, fp, fn, tp = confusion_matrix(yy, p, labels=[0, 1]).ravel()
        return fp + 10 * fn

    assert t.best_score_ == _brute_best(y, s, cost, higher=False)
    assert cost(y, s >= t.best_threshold_) == t.best_score_


def test_subject_to_is_met_and_the_constrained_optimum_is_exact():
    X, y = _problem(9, n=800)
    cv = StratifiedKFold(5, shuffle=True, random_state=2)
    t = ic.ThresholdTuner(LogisticRegression(), metric="recall",
                          subject_to={"precision": 0.6}, cv=cv).fit(X, y)
    s = _oof(LogisticRegression(), X, y, cv)
    pred = s >= t.best_threshold_
    assert precision_score(y, pred) >= 0.6
    expected = _brute_best(y, s, recall_score,
                           feasible=lambda yy, p: precision_score(yy, p, zero_division=0) >= 0.6)
    assert t.best_score_ == pytest.approx(expected, abs=1e-12)
    feasible = t.cv_results_["feasible"]
    assert feasible.any() and not feasible.all()
    with pytest.raises(ImbcoreError, match=r"invalid subject_to: got .*no threshold satisfies"):
        ic.ThresholdTuner(LogisticRegression(), metric="recall", cv=cv,
                          subject_to={"precision": 0.99, "recall": 0.99}).fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid subject_to: got .*no threshold among the candidate thresholds"):
        ic.ThresholdTuner(LogisticRegression(), metric="recall", cv=cv, thresholds=10,
                          subject_to={"precision": 0.99, "recall": 0.99}).fit(X, y)


# ------------------------------------------------ grids, prefit, labels, weights


def test_integer_and_array_thresholds_search_only_those():
    X, y = _problem(10, n=600)
    cv = StratifiedKFold(5, shuffle=True, random_state=3)
    s = _oof(LogisticRegression(), X, y, cv)
    grid = ic.ThresholdTuner(LogisticRegression(), cv=cv, thresholds=20).fit(X, y)
    cands = grid.cv_results_["thresholds"]
    assert 1 < cands.size <= 20 and np.isin(cands, s).all()
    assert grid.best_threshold_ in cands
    assert grid.best_score_ == pytest.approx(max(f1_score(y, s >= u) for u in cands), abs=1e-12)
    auto = ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(X, y)
    assert auto.best_score_ >= grid.best_score_
    given = np.linspace(0.05, 0.95, 19)
    arr = ic.ThresholdTuner(LogisticRegression(), cv=cv, thresholds=given).fit(X, y)
    assert arr.best_threshold_ in given
    assert arr.best_score_ == pytest.approx(max(f1_score(y, s >= u) for u in given), abs=1e-12)


def test_prefit_uses_the_data_as_the_validation_set_and_does_not_refit():
    X, y = _problem(11, n=1200)
    model = LogisticRegression().fit(X[:600], y[:600])
    coef = model.coef_.copy()
    t = ic.ThresholdTuner(model, cv="prefit").fit(X[600:], y[600:])
    assert t.estimator_ is model
    np.testing.assert_array_equal(model.coef_, coef)
    s = model.predict_proba(X[600:])[:, 1]
    assert t.best_score_ == pytest.approx(_brute_best(y[600:], s, f1_score), abs=1e-12)
    np.testing.assert_array_equal(t.predict(X), (model.predict_proba(X)[:, 1]
                                                 >= t.best_threshold_).astype(int))
    assert np.isnan(t.threshold_std_) and t.cv_results_["split_threshold"].size == 1
    # a FrozenEstimator is the same model in every fold: the pooled scores are those of prefit
    frozen = ic.ThresholdTuner(FrozenEstimator(model), cv=5).fit(X[600:], y[600:])
    assert frozen.best_threshold_ == t.best_threshold_ and frozen.best_score_ == t.best_score_
    np.testing.assert_array_equal(frozen.predict(X), t.predict(X))
    with pytest.raises(ImbcoreError, match=r"invalid estimator: got an unfitted "
                                           r"LogisticRegression; cv='prefit' needs a fitted"):
        ic.ThresholdTuner(LogisticRegression(), cv="prefit").fit(X, y)


def test_string_labels_pos_label_and_decision_function():
    X, y = _problem(12, n=800)
    names = np.where(y == 1, "pos", "neg")
    cv = StratifiedKFold(5, shuffle=True, random_state=4)
    # pos_label is the first class: decision_function scores the other, so it is negated
    t = ic.ThresholdTuner(RidgeClassifier(), pos_label="neg", cv=cv).fit(X, names)
    assert t.response_method_ == "decision_function"
    s = -_oof(RidgeClassifier(), X, names, cv, method="decision_function")
    f1 = lambda yy, p: f1_score(yy, np.where(p, "neg", "pos"), pos_label="neg")  # noqa: E731
    assert t.best_score_ == pytest.approx(_brute_best(names, s, f1), abs=1e-12)
    pred = t.predict(X)
    assert set(pred) <= {"neg", "pos"}
    full = RidgeClassifier().fit(X, names)
    np.testing.assert_array_equal(pred, np.where(-full.decision_function(X) >= t.best_threshold_,
                                                 "neg", "pos"))
    default = ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(X, names)
    assert default.pos_label_ == "pos" and list(default.classes_) == ["neg", "pos"]


def test_sample_weights_weight_the_metric_and_the_fits():
    X, y = _problem(13, n=800)
    w = np.random.default_rng(0).uniform(0.2, 3.0, size=y.size)
    cv = StratifiedKFold(5, shuffle=True, random_state=5)
    t = ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(X, y, sample_weight=w)
    s = _oof(LogisticRegression(), X, y, cv, sample_weight=w)
    f1w = lambda yy, p: f1_score(yy, p, sample_weight=w)  # noqa: E731
    assert t.best_score_ == pytest.approx(_brute_best(y, s, f1w), abs=1e-10)
    ref = LogisticRegression().fit(X, y, sample_weight=w)
    np.testing.assert_allclose(t.estimator_.coef_, ref.coef_)


def test_parallel_folds_give_the_same_result():
    X, y = _problem(14, n=600)
    cv = StratifiedKFold(5, shuffle=True, random_state=6)
    one = ic.ThresholdTuner(LogisticRegression(), cv=cv, n_jobs=1).fit(X, y)
    two = ic.ThresholdTuner(LogisticRegression(), cv=cv, n_jobs=2).fit(X, y)
    assert (one.best_threshold_, one.best_score_) == (two.best_threshold_, two.best_score_)
    np.testing.assert_array_equal(one.cv_results_["split_threshold"],
                                  two.cv_results_["split_threshold"])


def test_a_float_cv_is_one_seeded_stratified_split():
    X, y = _problem(15, n=600)
    a = ic.ThresholdTuner(LogisticRegression(), cv=0.3, refit=False, random_state=0).fit(X, y)
    b = ic.ThresholdTuner(LogisticRegression(), cv=0.3, refit=False, random_state=0).fit(X, y)
    assert a.best_threshold_ == b.best_threshold_
    assert a.cv_results_["split_n_samples"].tolist() == [180]


def test_pandas_input_keeps_the_feature_names():
    pd = pytest.importorskip("pandas")
    X, y = _problem(21, n=400)
    df = pd.DataFrame(X, columns=[f"c{i}" for i in range(X.shape[1])])
    cv = StratifiedKFold(4, shuffle=True, random_state=7)
    t = ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(df, pd.Series(y))
    assert list(t.feature_names_in_) == list(df.columns) and t.n_features_in_ == X.shape[1]
    ref = ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(X, y)
    assert (t.best_threshold_, t.best_score_) == (ref.best_threshold_, ref.best_score_)
    np.testing.assert_array_equal(t.predict(df), ref.predict(X))


def test_pickle_and_clone():
    X, y = _problem(16, n=500)
    t = ic.ThresholdTuner(LogisticRegression(C=0.5), metric="f2", subject_to={"recall": 0.3},
                          cv=3).fit(X, y)
    back = pickle.loads(pickle.dumps(t))
    np.testing.assert_array_equal(back.predict(X), t.predict(X))
    assert back.best_threshold_ == t.best_threshold_
    assert back.sweep_.best("f2") == t.sweep_.best("f2")
    c = clone(t)
    assert not hasattr(c, "best_threshold_")
    assert c.get_params()["estimator__C"] == 0.5 and c.get_params()["metric"] == "f2"
    assert c.get_params()["subject_to"] == {"recall": 0.3}
    c.set_params(metric="mcc", estimator__C=2.0)
    assert c.metric == "mcc" and c.estimator.C == 2.0


def test_import_imbcore_does_not_import_scikit_learn_until_the_tuner_is_used():
    import subprocess
    import sys

    code = ("import sys, imbcore; assert 'sklearn' not in sys.modules; "
            "imbcore.ThresholdTuner; assert 'sklearn' in sys.modules")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# ------------------------------------------------ bad input


def test_an_estimator_without_scores_is_refused():
    X, y = _problem(17, n=100)
    with pytest.raises(ImbcoreError, match=r"invalid estimator: got LinearRegression, which has "
                                           r"no predict_proba or decision_function"):
        ic.ThresholdTuner(LinearRegression()).fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid estimator: .*has no decision_function"):
        ic.ThresholdTuner(LinearRegression(), response_method="decision_function").fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid response_method: got 'predict'"):
        ic.ThresholdTuner(LogisticRegression(), response_method="predict").fit(X, y)


@pytest.mark.parametrize("target, kind", [
    (np.linspace(0, 1, 100), "continuous"),
    (np.linspace(0, 1, 100) - 0.5, "continuous"),
])
def test_a_target_that_is_not_binary_is_refused(target, kind):
    X, _ = _problem(18, n=100)
    with pytest.raises(ImbcoreError, match=rf"invalid y: got {kind} labels .*; ThresholdTuner "
                                           "tunes the threshold of a binary classifier"):
        ic.ThresholdTuner(LogisticRegression()).fit(X, target)
    with pytest.raises(ImbcoreError, match=r"invalid y: got one class only"):
        ic.ThresholdTuner(LogisticRegression()).fit(X, np.ones(100))


@pytest.mark.parametrize("cv", ["folds", 1.5, 0.0, -2, object(), True])
def test_an_unrecognised_cv_is_refused(cv):
    X, y = _problem(19, n=100)
    with pytest.raises(ImbcoreError, match=r"invalid cv: got "):
        ic.ThresholdTuner(LogisticRegression(), cv=cv).fit(X, y)


def test_other_bad_parameters_are_refused():
    X, y = _problem(20, n=200)
    est = LogisticRegression()
    with pytest.raises(ImbcoreError, match=r"invalid metric"):
        ic.ThresholdTuner(est, metric="f1_macro").fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid metric"):
        ic.ThresholdTuner(est, metric=None).fit(X, y)  # type: ignore[arg-type]
    with pytest.raises(ImbcoreError, match=r"invalid subject_to"):
        ic.ThresholdTuner(est, subject_to={"precison": 0.9}).fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid subject_to"):
        ic.ThresholdTuner(est, subject_to=[("precision", 0.9)]).fit(X, y)  # type: ignore[arg-type]
    for bad in ("grid", 0, [], [0.5, np.nan], [[0.5]]):
        with pytest.raises(ImbcoreError, match=r"invalid thresholds"):
            ic.ThresholdTuner(est, thresholds=bad).fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid refit: got False with 5 splits"):
        ic.ThresholdTuner(est, refit=False).fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid pos_label: got 7; the labels are \[0, 1\]"):
        ic.ThresholdTuner(est, pos_label=7).fit(X, y)
    with pytest.raises(ImbcoreError, match=r"invalid sample_weight: got length 3"):
        ic.ThresholdTuner(est).fit(X, y, sample_weight=[1, 2, 3])
    with pytest.raises(ImbcoreError, match=r"invalid y: got None"):
        ic.ThresholdTuner(est).fit(X, None)


# ------------------------------------------------ scikit-learn's estimator checks


def _expected_failures(estimator):
    return {
        "check_classifiers_train": (
            "the check expects the predictions of a threshold at probability 0.5; a tuned "
            "threshold lies elsewhere on purpose (TunedThresholdClassifierCV fails it too)"),
    }


@parametrize_with_checks([ic.ThresholdTuner(LogisticRegression())],
                         expected_failed_checks=_expected_failures)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)
