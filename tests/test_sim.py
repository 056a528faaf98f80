"""The Rust simulation engine against independent references.

* CART against scikit-learn's ``DecisionTreeClassifier`` on the same data and
  weights (200 data sets): test F1, depth, predictions;
* logistic regression against scikit-learn's ``LogisticRegression``:
  coefficients to 1e-6;
* the ``make_classification`` generator against scikit-learn's, in
  distribution: class balance, AUC of a fixed reference classifier;
* ``binormal``: the AUC of the Bayes score is ``Phi(separation / sqrt(2))``;
* ``run_fits``: identities of the strategies, thread-count independence,
  errors before any fit.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from imbcore import _core
from imbcore.errors import ImbcoreError
from imbcore.study._rust import CHUNK, run_fits

sklearn = pytest.importorskip("sklearn")


def _generate(generator: str, n: int, d: int, *, informative: int = 2, redundant: int = 0,
              repeated: int = 0, clusters: int = 2, sep: float = 1.0, prevalence: float = 0.5,
              flip_y: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    x, y = _core._sim_generate(generator, n, d, informative, redundant, repeated, clusters,
                               sep, prevalence, flip_y, seed)
    return x.reshape(d, n).T, y


def _welch_close(a: np.ndarray, b: np.ndarray, z: float = 4.0) -> tuple[bool, float, float]:
    """Whether two samples' means agree within ``z`` standard errors."""
    diff = abs(a.mean() - b.mean())
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    return diff <= z * se + 1e-12, diff, se


# ---------------------------------------------------------------- CART


def test_cart_matches_sklearn_decision_tree_on_200_datasets() -> None:
    from sklearn.datasets import make_classification
    from sklearn.metrics import f1_score
    from sklearn.tree import DecisionTreeClassifier

    f1_rust, f1_sk, depth_rust, depth_sk, agree = [], [], [], [], []
    exact = same_depth = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        X, y = make_classification(n_samples=500, n_features=6, n_informative=3,
                                   n_redundant=1, weights=(0.9,), flip_y=0.02,
                                   class_sep=float(rng.uniform(0.3, 2.0)), random_state=seed)
        X_tr, X_te, y_tr, y_te = X[:375], X[375:], y[:375], y[375:]
        y8 = y_tr.astype(np.uint8)
        max_depth, leaf = [(0, 1), (0, 3), (4, 1)][seed % 3]
        params = dict(max_depth=max_depth or None, min_samples_leaf=leaf, random_state=seed)

        # Class weights, as the study uses them.
        w = np.where(y_tr == 1, float(rng.choice([1.0, 3.0, 10.0])), 1.0)
        sk = DecisionTreeClassifier(**params).fit(X_tr, y_tr, sample_weight=w)
        _, pred, depth = _core._sim_cart_fit_predict(X_tr, y8, w, X_te, max_depth, leaf, seed)
        f1_rust.append(f1_score(y_te, pred, zero_division=0.0))
        f1_sk.append(f1_score(y_te, sk.predict(X_te), zero_division=0.0))
        depth_rust.append(depth)
        depth_sk.append(sk.get_depth())

        # Weights that differ per sample make the best partition unique (with
        # class weights, partitions with equal class sums tie, and the two
        # random feature orders break the ties differently): then both trees
        # must partition the training samples alike, so give them the same
        # probabilities. Test samples can still differ where several features
        # separate the same few training samples (a tie of identical
        # partitions, resolved at random by both).
        w = w * rng.uniform(0.5, 2.0, size=len(w))
        sk = DecisionTreeClassifier(**params).fit(X_tr, y_tr, sample_weight=w)
        both = np.vstack([X_tr, X_te])
        proba, pred, depth = _core._sim_cart_fit_predict(X_tr, y8, w, both, max_depth, leaf,
                                                          seed + 1)
        sk_proba = sk.predict_proba(both)[:, 1]
        exact += np.allclose(proba[:375], sk_proba[:375], rtol=0, atol=1e-12)
        same_depth += depth == sk.get_depth()
        agree.append(np.mean(pred[375:] == sk.predict(X_te)))
    f1_rust, f1_sk = np.array(f1_rust), np.array(f1_sk)
    assert abs(f1_rust.mean() - f1_sk.mean()) < 0.01, (f1_rust.mean(), f1_sk.mean())
    # Depths: means within 0.3 levels (about 3 standard errors of the mean of
    # the paired differences here) and the distributions alike (two-sample KS).
    from scipy.stats import ks_2samp

    depth_rust, depth_sk = np.array(depth_rust), np.array(depth_sk)
    assert abs(depth_rust.mean() - depth_sk.mean()) < 0.3, (depth_rust.mean(), depth_sk.mean())
    assert ks_2samp(depth_rust, depth_sk, method="asymp").pvalue > 0.01
    assert exact == 200, exact
    assert same_depth >= 180, same_depth
    assert np.mean(agree) > 0.97, np.mean(agree)


def test_cart_weights_tie_breaks_and_multiplicity_follow_sklearn() -> None:
    from sklearn.tree import DecisionTreeClassifier

    # Tied feature values cannot be split apart; the leaf then holds both
    # classes and the weights decide (a tie goes to the negative class).
    X = np.array([[0.0], [0.0], [1.0], [1.0], [2.0]])
    y = np.array([0, 1, 0, 1, 1], dtype=np.uint8)
    for w in ([1.0, 1.0, 2.0, 1.0, 1.0], [1.0, 3.0, 1.0, 1.0, 1.0], [2.0, 2.0, 1.0, 1.0, 1.0]):
        w = np.array(w)
        sk = DecisionTreeClassifier(random_state=0).fit(X, y, sample_weight=w)
        X_te = np.array([[0.0], [0.4], [0.6], [1.0], [1.7], [5.0]])
        proba, pred, depth = _core._sim_cart_fit_predict(X, y, w, X_te)
        np.testing.assert_array_equal(pred, sk.predict(X_te))
        np.testing.assert_allclose(proba, sk.predict_proba(X_te)[:, 1], atol=1e-15)
        assert depth == sk.get_depth()


def test_cart_rejects_bad_input() -> None:
    X = np.zeros((3, 2))
    y = np.array([0, 1, 0], dtype=np.uint8)
    with pytest.raises(ImbcoreError, match="sample_weight"):
        _core._sim_cart_fit_predict(X, y, np.array([1.0, -1.0, 1.0]), X)
    with pytest.raises(ImbcoreError, match="X_test must have the 2 features"):
        _core._sim_cart_fit_predict(X, y, np.ones(3), X[:, :1])
    with pytest.raises(ImbcoreError, match="min_samples_leaf"):
        _core._sim_cart_fit_predict(X, y, np.ones(3), X, 0, 0)
    Xn = X.copy()
    Xn[1, 1] = np.nan
    with pytest.raises(ImbcoreError, match="finite"):
        _core._sim_cart_fit_predict(Xn, y, np.ones(3), X)


# ---------------------------------------------------------------- logistic


@pytest.mark.parametrize("C", [0.01, 1.0, 100.0])
def test_logistic_matches_sklearn_coefficients(C: float) -> None:
    from sklearn.linear_model import LogisticRegression

    for seed in range(5):
        rng = np.random.default_rng(seed)
        n, d = 400, 4
        X = rng.normal(size=(n, d)) * rng.uniform(0.5, 20, size=d) + rng.normal(size=d)
        logit = X @ rng.normal(size=d) / 5 - 1.5
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(np.uint8)
        w = np.where(y == 1, rng.uniform(1, 10), 1.0) * rng.uniform(0.5, 2, size=n)
        sk = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000)
        sk.fit(X, y, sample_weight=w)
        beta = _core._sim_logistic_fit(X, y, w, C)
        np.testing.assert_allclose(beta[:d], sk.coef_[0], rtol=0, atol=1e-6)
        np.testing.assert_allclose(beta[d], sk.intercept_[0], rtol=0, atol=1e-6)


def test_logistic_rejects_bad_input() -> None:
    X = np.ones((2, 1))
    y = np.array([0, 1], dtype=np.uint8)
    with pytest.raises(ImbcoreError, match="invalid C"):
        _core._sim_logistic_fit(X, y, np.ones(2), 0.0)
    with pytest.raises(ImbcoreError, match="sample_weight"):
        _core._sim_logistic_fit(X, y, np.array([1.0, np.nan]), 1.0)


# ---------------------------------------------------------------- generators


def test_make_classification_matches_sklearn_in_distribution() -> None:
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    params = dict(n=1000, d=8, informative=3, redundant=2, repeated=1, clusters=2, sep=0.8,
                  prevalence=0.2)
    auc_rust, auc_sk, pos_rust, pos_sk = [], [], [], []
    for seed in range(50):
        for source in ("rust", "sklearn"):
            if source == "rust":
                X, y = _generate("make_classification", params["n"], params["d"],
                                 informative=params["informative"],
                                 redundant=params["redundant"], repeated=params["repeated"],
                                 clusters=params["clusters"], sep=params["sep"],
                                 prevalence=params["prevalence"], seed=seed)
            else:
                X, y = make_classification(
                    n_samples=params["n"], n_features=params["d"],
                    n_informative=params["informative"], n_redundant=params["redundant"],
                    n_repeated=params["repeated"], n_clusters_per_class=params["clusters"],
                    class_sep=params["sep"], weights=(1 - params["prevalence"],), flip_y=0.0,
                    random_state=seed)
            # The reference classifier, fitted on half, scored on the other half.
            clf = LogisticRegression(C=1.0, max_iter=1000).fit(X[::2], y[::2])
            auc = roc_auc_score(y[1::2], clf.decision_function(X[1::2]))
            (auc_rust if source == "rust" else auc_sk).append(auc)
            (pos_rust if source == "rust" else pos_sk).append(int(y.sum()))
    # Without label noise the class counts are fixed by the design: equal.
    assert set(pos_rust) == set(pos_sk) and len(set(pos_sk)) == 1, (pos_rust[:3], pos_sk[:3])
    ok, diff, se = _welch_close(np.array(auc_rust), np.array(auc_sk))
    assert ok, (np.mean(auc_rust), np.mean(auc_sk), diff, se)
    # The spread agrees too (ratio of standard deviations).
    ratio = np.std(auc_rust) / np.std(auc_sk)
    assert 0.6 < ratio < 1.6, ratio


def test_make_classification_label_noise_matches_sklearn() -> None:
    from sklearn.datasets import make_classification

    pos_rust, pos_sk = [], []
    for seed in range(50):
        _, y = _generate("make_classification", 2000, 5, informative=3, sep=1.0,
                         prevalence=0.1, flip_y=0.2, seed=seed)
        pos_rust.append(y.sum())
        _, y = make_classification(n_samples=2000, n_features=5, n_informative=3,
                                   n_redundant=0, weights=(0.9,), flip_y=0.2,
                                   random_state=seed)
        pos_sk.append(y.sum())
    ok, diff, se = _welch_close(np.array(pos_rust, float), np.array(pos_sk, float))
    assert ok, (np.mean(pos_rust), np.mean(pos_sk), se)


def test_make_classification_original_study_design_counts() -> None:
    from sklearn.datasets import make_classification

    _, y = _generate("make_classification", 10000, 10, informative=5, sep=1.0,
                     prevalence=0.01, seed=3)
    _, y_sk = make_classification(n_samples=10000, n_features=10, n_informative=5,
                                  n_redundant=0, weights=(0.99,), flip_y=0, random_state=3)
    assert y.sum() == y_sk.sum()


@pytest.mark.parametrize("sep,d", [(0.5, 1), (1.5, 3), (3.0, 10)])
def test_binormal_bayes_auc_is_phi_of_separation(sep: float, d: int) -> None:
    from scipy.stats import norm
    from sklearn.metrics import roc_auc_score

    n, prevalence = 20000, 0.3
    aucs = []
    for seed in range(5):
        X, y = _generate("binormal", n, d, sep=sep, prevalence=prevalence, seed=seed)
        assert y.sum() == round(prevalence * n)
        aucs.append(roc_auc_score(y, X.sum(axis=1)))  # the Bayes score, up to scale
    expected = norm.cdf(sep / math.sqrt(2))
    # Hanley & McNeil standard error of one AUC, then of the mean of five.
    a, n1, n0 = expected, prevalence * n, (1 - prevalence) * n
    q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
    se = math.sqrt((a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a))
                   / (n1 * n0)) / math.sqrt(len(aucs))
    assert abs(np.mean(aucs) - expected) < 4 * se, (np.mean(aucs), expected, se)


# ---------------------------------------------------------------- run_fits


def _fits(k: int, **over: object) -> dict[str, object]:
    f: dict[str, object] = dict(
        generator="make_classification", n_samples=1500, n_features=6, n_informative=3,
        n_clusters_per_class=2, separation=1.0, prevalence=0.05, learner="cart",
        strategy="weight", alpha=4.0, seed=np.arange(k, dtype=np.uint64))
    f.update(over)
    return f


def test_run_fits_does_not_depend_on_the_thread_count() -> None:
    strategies = np.array(["weight", "oversample", "undersample", "threshold", "tuned"] * 8)
    learners = np.array(["cart", "logistic"] * 20)
    fits = _fits(40, strategy=strategies, learner=learners,
                 generator=np.array(["binormal", "make_classification"] * 20)[::-1])
    metrics = ["f1", "balanced_accuracy", "mcc"]
    a = run_fits(fits, metrics=metrics, n_jobs=1)
    b = run_fits(fits, metrics=metrics, n_jobs=2)
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    assert a["tree_depth"][learners == "logistic"].max() == 0
    assert a["tree_depth"][learners == "cart"].min() > 0


def test_run_fits_records_are_consistent() -> None:
    r = run_fits(_fits(30, strategy=np.array(["weight", "threshold", "tuned"] * 10)),
                 metrics=["f1", "recall"])
    assert np.all(r["f1_best"] >= r["f1"] - 1e-12)
    assert np.all((r["brier"] >= 0) & (r["brier"] <= 1))
    assert np.all((r["roc_auc"] > 0.5) & (r["roc_auc"] <= 1))
    # The recall column is the landing point's recall: for `tuned`, at the
    # first metric's threshold, which here is F1's.
    assert np.all((r["recall"] >= 0) & (r["recall"] <= 1))
    # 75 positives: floor(1500 * 0.05 / 2) = 37 per positive cluster + 1 left over.
    np.testing.assert_array_equal(r["n_pos_train"] + r["n_pos_test"], 75)


@pytest.mark.parametrize("learner", ["cart", "logistic"])
def test_oversampling_by_an_integer_equals_weighting(learner: str) -> None:
    # Repeating each positive k times and weighting it by k give the same
    # criterion (CART) and the same objective (logistic regression): the same
    # model, so the same records.
    common = dict(learner=learner, alpha=np.array([1.0, 3.0, 7.0] * 4), C=0.5)
    w = run_fits(_fits(12, strategy="weight", **common), metrics=["f1"])
    o = run_fits(_fits(12, strategy="oversample", **common), metrics=["f1"])
    for k in ("f1", "f1_best", "roc_auc", "tree_depth", "recall", "specificity"):
        np.testing.assert_allclose(w[k], o[k], rtol=0, atol=1e-7, err_msg=k)


def test_threshold_strategy_is_the_threshold_of_the_weight() -> None:
    # Unweighted logistic regression thresholded at 1 / (1 + alpha): recall
    # grows with alpha on the same data (same seed).
    alphas = np.array([0.5, 1.0, 4.0, 16.0])
    r = run_fits(_fits(4, learner="logistic", strategy="threshold", alpha=alphas,
                       seed=np.full(4, 5, np.uint64)), metrics=["f1"])
    assert np.all(np.diff(r["recall"]) >= 0) and r["recall"][-1] > r["recall"][0]
    np.testing.assert_array_equal(r["roc_auc"], r["roc_auc"][0])  # one model


def test_run_fits_progress_and_chunks() -> None:
    seen: list[int] = []
    r = run_fits(_fits(CHUNK + 3, n_samples=200, n_features=3, n_informative=2,
                       learner="logistic"), metrics=["f1"], progress=seen.append)
    assert seen == [CHUNK, 3] and len(r["f1"]) == CHUNK + 3
    empty = run_fits(_fits(0), metrics=["f1"])
    assert all(len(v) == 0 for v in empty.values()) and "f1_best" in empty


@pytest.mark.parametrize("over,match", [
    (dict(generator="gauss"), r"invalid generator: got \"gauss\"; known generators are "
                              r"'binormal', 'make_classification'"),
    (dict(learner="svm"), r"known learners are 'cart', 'logistic'"),
    (dict(strategy="smote"), r"known strategies are 'weight', 'oversample', 'undersample', "
                             r"'threshold', 'tuned'"),
    (dict(n_samples=1), r"invalid n_samples \(fit 0\): got 1"),
    (dict(n_samples=-5), r"invalid n_samples: got -5"),
    (dict(n_informative=1), r"n_clusters_per_class"),
    (dict(n_informative=7), r"at most n_features \(6\)"),
    (dict(prevalence=0.0), r"invalid prevalence \(fit 0\): got 0"),
    (dict(alpha=np.inf), r"invalid alpha \(fit 0\): got inf"),
    (dict(strategy="undersample", alpha=0.5), r"alpha must be >= 1"),
    (dict(test_size=1.0), r"invalid test_size"),
    (dict(learner="logistic", C=-1.0), r"invalid C"),
    (dict(min_samples_leaf=0), r"invalid min_samples_leaf"),
    (dict(flip_y=2.0), r"invalid flip_y"),
    (dict(n_features=2.5), r"invalid n_features: got values of dtype float64"),
    (dict(alpha=np.ones(4)), r"different lengths"),
    (dict(colour="red"), r"unknown column\(s\) 'colour'"),
    (dict(alpha=None), r"invalid alpha: got values of dtype object"),
])
def test_run_fits_errors_name_the_argument(over: dict[str, object], match: str) -> None:
    with pytest.raises(ImbcoreError, match=match):
        run_fits(_fits(5, **over), metrics=["f1"])


def test_run_fits_checks_every_fit_before_the_first_runs() -> None:
    k = CHUNK * 2
    alpha = np.full(k, 2.0)
    alpha[-1] = -1.0
    seen: list[int] = []
    with pytest.raises(ImbcoreError, match=rf"invalid alpha \(fit {k - 1}\)"):
        run_fits(_fits(k, alpha=alpha), metrics=["f1"], progress=seen.append)
    assert seen == []
    with pytest.raises(ImbcoreError, match="invalid metric"):
        run_fits(_fits(2), metrics=["f1", "nonsense"])
    with pytest.raises(ImbcoreError, match="distinct"):
        run_fits(_fits(2), metrics=["f1", "f1"])
    with pytest.raises(ImbcoreError, match="invalid n_jobs"):
        run_fits(_fits(2), metrics=["f1"], n_jobs=0)
    missing = _fits(2)
    del missing["separation"]
    with pytest.raises(ImbcoreError, match="got no column"):
        run_fits(missing, metrics=["f1"])
