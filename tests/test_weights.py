"""Class weights against the libraries that define them, never against imbcore's own output.

scikit-learn defines "balanced"; CatBoost defines its two schemes; training a
model (scikit-learn, XGBoost, LightGBM) shows a library's own parameter
weights exactly as per-sample weights or integer oversampling do;
imbalanced-learn's samplers give the counts predicted. Libraries that are not
installed skip their tests.
"""

from __future__ import annotations

import pickle
from collections import Counter

import numpy as np
import pytest

import imbcore
from imbcore.errors import ImbcoreError
from imbcore.weights import scheme_info, weight_schemes

sk_cw = pytest.importorskip("sklearn.utils.class_weight")


def _labels(kind: str, rng: np.random.Generator, n: int = 500) -> np.ndarray:
    if kind == "binary":
        return (rng.random(n) < 0.07).astype(int)
    if kind == "pm1":
        return np.where(rng.random(n) < 0.2, 1, -1)
    if kind == "bool":
        return rng.random(n) < 0.3
    if kind == "strings":
        return rng.choice(np.array(["cat", "dog", "emu", "fox"]), size=n, p=[0.6, 0.25, 0.1, 0.05])
    return rng.choice([3, 7, 11], size=n, p=[0.8, 0.15, 0.05])


KINDS = ["binary", "pm1", "bool", "strings", "multiclass"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("weighted", [False, True])
def test_balanced_equals_scikit_learn(kind: str, weighted: bool) -> None:
    rng = np.random.default_rng(len(kind) + weighted)
    y = _labels(kind, rng)
    sw = rng.exponential(size=y.size) if weighted else None
    classes = np.unique(y)
    want = sk_cw.compute_class_weight("balanced", classes=classes, y=y, sample_weight=sw)
    cw = imbcore.class_weights(y, "balanced", sample_weight=sw)
    assert list(cw.classes) == classes.tolist()
    np.testing.assert_allclose(list(cw.per_class.values()), want, rtol=1e-12, atol=0)
    np.testing.assert_allclose(list(cw.for_sklearn().values()), want, rtol=1e-12, atol=0)
    as_dict = dict(zip(classes.tolist(), want))
    np.testing.assert_allclose(cw.sample_weight(y), sk_cw.compute_sample_weight(as_dict, y),
                               rtol=1e-12, atol=0)
    if not weighted:
        np.testing.assert_allclose(cw.sample_weight(y),
                                   sk_cw.compute_sample_weight("balanced", y), rtol=1e-12, atol=0)
    total = y.size if sw is None else sw.sum()
    sample_total = np.sum(cw.sample_weight(y) * (1.0 if sw is None else sw))
    assert sample_total == pytest.approx(total, rel=1e-12)


@pytest.mark.parametrize("scheme", [s for s in weight_schemes() if s != "cost"])
@pytest.mark.parametrize("kind", KINDS)
def test_for_sklearn_sums_to_n_and_keeps_ratios(scheme: str, kind: str) -> None:
    rng = np.random.default_rng(3)
    y = _labels(kind, rng)
    sw = rng.uniform(0.5, 2.0, size=y.size)
    cw = imbcore.class_weights(y, scheme, sample_weight=sw)
    assert np.sum(cw.sample_weight(y, sample_weight=sw)) == pytest.approx(sw.sum(), rel=1e-12)
    sk = np.array(list(cw.for_sklearn().values()))
    np.testing.assert_allclose(sk / sk[0], cw.weights / cw.weights[0], rtol=1e-12)
    cb = np.array(cw.for_catboost()["class_weights"])
    np.testing.assert_allclose(cb / cb[0], cw.weights / cw.weights[0], rtol=1e-12)
    assert cw.for_catboost()["class_names"] == list(cw.classes)
    assert list(cw.for_keras()) == list(range(len(cw.classes)))


def _fit(X: np.ndarray, y: np.ndarray, **kw: object) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    sample_weight = kw.pop("sample_weight", None)
    m = LogisticRegression(tol=1e-12, max_iter=10_000, **kw)  # type: ignore[arg-type]
    m.fit(X, y, sample_weight=sample_weight)
    return np.r_[m.intercept_.ravel(), m.coef_.ravel()]


@pytest.mark.parametrize("scheme, params, factor", [
    ("balanced", {}, 19), ("natural", {}, 19), ("catboost_balanced", {}, 19),
    ("cost", {"c_fn": 7.0}, 7), ("cost", {"c_fn": 3.0, "c_fp": 2.0}, None)])
def test_logistic_regression_weighting_equals_oversampling(scheme: str, params: dict,
                                                           factor: int | None) -> None:
    pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(11)
    n_pos, n_neg = 20, 380  # prevalence 5 %: the balanced factor is exactly 19
    y = np.r_[np.zeros(n_neg, int), np.ones(n_pos, int)]
    X = rng.normal(size=(y.size, 3)) + 0.8 * y[:, None]
    cw = imbcore.class_weights(y, scheme, **params)
    by_class = _fit(X, y, class_weight=cw.for_sklearn())
    by_sample = _fit(X, y, sample_weight=cw.sample_weight(y))
    np.testing.assert_allclose(by_class, by_sample, rtol=0, atol=1e-6)
    # repeat each positive `factor` times, unweighted; the weighted fit's penalty sees the
    # weights scaled by s (they sum to n), so C / s makes the two objectives identical
    over = cw.oversampling()
    if factor is None:
        assert over == {0: 1.0, 1: 1.5}
        return
    assert over == {0: 1.0, 1: float(factor)}
    keep = np.repeat(np.arange(y.size), np.where(y == 1, factor, 1))
    C = 0.5
    oversampled = _fit(X[keep], y[keep], C=C)
    s = y.size / (n_neg + factor * n_pos)
    weighted = _fit(X, y, class_weight=cw.for_sklearn(), C=C / s)
    np.testing.assert_allclose(oversampled, weighted, rtol=0, atol=1e-6)
    # and without a penalty the scale does not matter at all
    np.testing.assert_allclose(_fit(X[keep], y[keep], C=np.inf),
                               _fit(X, y, sample_weight=cw.sample_weight(y), C=np.inf),
                               rtol=0, atol=1e-5)


@pytest.mark.parametrize("auto, scheme", [("Balanced", "catboost_balanced"),
                                          ("SqrtBalanced", "catboost_sqrt")])
@pytest.mark.parametrize("weights", [None, "whole"])
def test_catboost_auto_class_weights(auto: str, scheme: str, weights: str | None) -> None:
    catboost = pytest.importorskip("catboost")
    rng = np.random.default_rng(5)
    y = np.r_[np.zeros(45, int), np.ones(10, int), np.full(7, 2)]
    X = rng.normal(size=(y.size, 2))
    # CatBoost (1.2) truncates its summed class weights to whole numbers, so fractional
    # sample weights would compare its rounding, not the scheme: use whole ones
    sw = None if weights is None else rng.integers(1, 4, size=y.size).astype(float)
    m = catboost.CatBoostClassifier(iterations=1, auto_class_weights=auto, verbose=False,
                                    allow_writing_files=False, thread_count=1)
    m.fit(X, y, sample_weight=sw)
    want = m.get_all_params()["class_weights"]
    cw = imbcore.class_weights(y, scheme, sample_weight=sw)
    np.testing.assert_allclose(cw.for_catboost()["class_weights"], want, rtol=1e-6)
    np.testing.assert_allclose(list(cw.per_class.values()), want, rtol=1e-6)  # float32 there
    # and CatBoost takes the parameter as it is given
    m2 = catboost.CatBoostClassifier(iterations=1, verbose=False, allow_writing_files=False,
                                     thread_count=1, **cw.for_catboost())
    m2.fit(X, y)
    np.testing.assert_allclose(m2.get_all_params()["class_weights"], want, rtol=1e-6)


@pytest.mark.parametrize("scheme", ["balanced", "sqrt", "effective_number"])
@pytest.mark.parametrize("kind", ["binary", "strings", "multiclass"])
def test_imbalanced_learn_samplers_give_the_predicted_counts(scheme: str, kind: str) -> None:
    sampling = pytest.importorskip("imblearn.over_sampling")
    under = pytest.importorskip("imblearn.under_sampling")
    rng = np.random.default_rng(8)
    y = _labels(kind, rng, n=2000)
    X = rng.normal(size=(y.size, 2))
    cw = imbcore.class_weights(y, scheme, b=0.99) if scheme == "effective_number" else \
        imbcore.class_weights(y, scheme)
    for sampler, strategy in ((sampling.RandomOverSampler, cw.for_imblearn("over")),
                              (under.RandomUnderSampler, cw.for_imblearn("under"))):
        _, y_res = sampler(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
        got = {k.item() if hasattr(k, "item") else k: v for k, v in Counter(y_res).items()}
        assert got == strategy
    counts = dict(zip(cw.classes, cw.counts))
    for c, target in cw.for_imblearn("over").items():
        assert target == pytest.approx(counts[c] * cw.oversampling()[c], abs=0.5)
    for c, target in cw.for_imblearn("under").items():
        assert target == pytest.approx(max(1, counts[c] * cw.undersampling()[c]), abs=0.5)


def _binary_data(n: int = 400, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.1).astype(int)
    X = rng.normal(size=(n, 3)) + y[:, None]
    return X, y


def test_xgboost_scale_pos_weight_equals_sample_weights() -> None:
    xgb = pytest.importorskip("xgboost")
    X, y = _binary_data()
    cw = imbcore.class_weights(y, "cost", c_fn=6.0)
    kw = dict(n_estimators=5, max_depth=2, tree_method="exact", n_jobs=1, base_score=0.5)
    a = xgb.XGBClassifier(**kw, **cw.for_xgboost()).fit(X, y)
    b = xgb.XGBClassifier(**kw).fit(X, y, sample_weight=np.where(y == 1, cw.alpha, 1.0))
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=0, atol=1e-6)


def test_lightgbm_parameters_equal_sample_weights() -> None:
    lgb = pytest.importorskip("lightgbm")
    X, y = _binary_data()
    cw = imbcore.class_weights(y, "sqrt")
    kw = dict(n_estimators=5, num_leaves=4, n_jobs=1, verbose=-1, boost_from_average=False,
              min_child_samples=1)
    a = lgb.LGBMClassifier(**kw, **cw.for_lightgbm()).fit(X, y)
    b = lgb.LGBMClassifier(**kw).fit(X, y, sample_weight=np.where(y == 1, cw.alpha, 1.0))
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=0, atol=1e-6)
    # more classes: LGBMClassifier's class_weight, the same as per-sample weights
    rng = np.random.default_rng(4)
    y3 = rng.choice([0, 1, 2], size=X.shape[0], p=[0.7, 0.2, 0.1])
    cw3 = imbcore.class_weights(y3, "balanced")
    a = lgb.LGBMClassifier(**kw, **cw3.for_lightgbm()).fit(X, y3)
    b = lgb.LGBMClassifier(**kw).fit(X, y3, sample_weight=cw3.sample_weight(y3))
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=0, atol=1e-6)


def test_torch_losses_equal_manually_weighted_losses() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    logits = rng.normal(size=50)
    y = (rng.random(50) < 0.2).astype(int)
    cw = imbcore.class_weights(y, "balanced")
    loss = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([cw.for_torch()["pos_weight"]]),
                                      reduction="sum")
    got = loss(torch.tensor(logits), torch.tensor(y, dtype=torch.float64)).item()
    p = 1 / (1 + np.exp(-logits))
    want = -np.sum(np.where(y == 1, cw.alpha * np.log(p), np.log(1 - p)))
    assert got == pytest.approx(want, rel=1e-10)
    y3 = rng.choice([0, 1, 2], size=50, p=[0.6, 0.3, 0.1])
    z = rng.normal(size=(50, 3))
    cw3 = imbcore.class_weights(y3, "effective_number", b=0.9)
    w = cw3.for_torch()["weight"]
    got = torch.nn.CrossEntropyLoss(weight=torch.tensor(w), reduction="sum")(
        torch.tensor(z), torch.tensor(y3)).item()
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    want = -np.sum(cw3.sample_weight(y3) * logp[np.arange(50), y3])
    assert got == pytest.approx(want, rel=1e-10)


# ----------------------------------------------------------------- the formulas


def test_one_percent_example_formulas() -> None:
    y = np.r_[np.zeros(99_000, int), np.ones(1_000, int)]
    alpha = {s: imbcore.class_weights(y, s, **({"c_fn": 10} if s == "cost" else {})).alpha
             for s in weight_schemes()}
    assert alpha["none"] == 1
    for s in ("balanced", "natural", "catboost_balanced"):
        assert alpha[s] == pytest.approx(99, rel=1e-14)
    for s in ("sqrt", "catboost_sqrt"):
        assert alpha[s] == pytest.approx(np.sqrt(99), rel=1e-14)
    assert alpha["log"] == pytest.approx(np.log(51) / np.log(1 + 100_000 / 198_000), rel=1e-14)
    assert alpha["effective_number"] == pytest.approx(1 / (1 - 0.999**1000), rel=1e-12)
    assert alpha["cost"] == 10
    cw = imbcore.class_weights(y, "effective_number", b=0.999)
    assert sum(cw.per_class.values()) == pytest.approx(2, rel=1e-14)


def test_effective_number_limits() -> None:
    y = [0] * 30 + [1] * 3 + [2] * 7
    none = imbcore.class_weights(y, "effective_number", b=0.0)
    assert list(none.per_class.values()) == [1.0, 1.0, 1.0]
    near_one = imbcore.class_weights(y, "effective_number", b=1 - 1e-12)
    balanced = imbcore.class_weights(y, "balanced")
    ratio = near_one.weights / balanced.weights
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)


def test_cost_matrix_rows_and_binary_costs_agree() -> None:
    y = np.array(["ok"] * 9 + ["fraud"])
    by_costs = imbcore.class_weights(y, "cost", c_fn=20, c_fp=2, pos_label="fraud")
    # sorted labels: fraud, ok; a missed fraud (true fraud, predicted ok) costs 20
    by_matrix = imbcore.class_weights(y, "cost", cost_matrix=[[0, 20], [2, 0]],
                                      pos_label="fraud")
    assert by_costs.per_class == by_matrix.per_class == {"fraud": 20.0, "ok": 2.0}
    assert by_costs.alpha == by_matrix.alpha == 10.0
    three = imbcore.class_weights([0, 0, 0, 1, 2], "cost",
                                  cost_matrix=[[1, 3, 5], [2, 0, 2], [9, 9, 0]])
    assert three.per_class == {0: 3.0, 1: 2.0, 2: 9.0}


def test_library_parameters_binary_and_multiclass() -> None:
    cw = imbcore.class_weights([True] * 3 + [False] * 12, "natural")
    assert cw.pos_label is True and cw.alpha == 4.0
    assert cw.for_torch() == {"pos_weight": 4.0}
    assert cw.for_xgboost() == cw.for_lightgbm() == {"scale_pos_weight": 4.0}
    assert cw.for_focal() == {"alpha": 0.8}
    assert cw.undersampling() == {False: 0.25, True: 1.0}
    m = imbcore.class_weights(["a", "b", "b", "c", "c", "c", "c"], "catboost_balanced")
    assert m.alpha is None
    assert m.for_catboost() == {"class_weights": [4.0, 2.0, 1.0], "class_names": ["a", "b", "c"]}
    assert set(m.for_torch()) == {"weight"}
    assert m.for_focal()["alpha"] == pytest.approx([4 / 7, 2 / 7, 1 / 7], rel=1e-14)
    with pytest.raises(ImbcoreError, match="3 classes.*sample_weight"):
        m.for_xgboost()
    assert "class_weight" in m.for_lightgbm()
    assert pickle.loads(pickle.dumps(m)).per_class == m.per_class


def test_every_scheme_is_documented() -> None:
    for s in weight_schemes(include_optimal=True):
        info = scheme_info(s)
        assert info.formula and info.normalization and info.source
    # a table of every scheme computes them from labels alone: 'optimal' also
    # needs a metric and a curve, so it is listed only on request
    assert "optimal" not in weight_schemes()
    assert weight_schemes(include_optimal=True) == weight_schemes() + ["optimal"]


# ------------------------------------------------------ the optimal weight (theory)
# Identities of the Bayes rule (decision theory), checked against quantities
# computed here: the prevalence of y, the costs, and F1* from a brute-force
# scan of every threshold of the binormal curve with SciPy's normal tails.


def _binormal_f1_star(a: float, beta: float) -> float:
    """The best F1 over every threshold c: positives N(a, 1), negatives N(0, 1)."""
    from scipy.stats import norm

    c = np.linspace(-6.0, a + 8.0, 2_000_001)
    x, fpr = norm.sf(c - a), norm.sf(c)
    f1 = 2 * beta * x / (beta * x + beta + (1 - beta) * fpr)
    k = int(np.argmax(f1))
    # refine around the grid's best (F1 is smooth there): a fine second scan
    fine = np.linspace(c[max(k - 1, 0)], c[min(k + 1, c.size - 1)], 200_001)
    x, fpr = norm.sf(fine - a), norm.sf(fine)
    return float(np.max(2 * beta * x / (beta * x + beta + (1 - beta) * fpr)))


@pytest.mark.parametrize("n_neg, n_pos", [(99_000, 1_000), (9_000, 1_000), (999_500, 500)])
def test_optimal_weight_identities_under_bayes(n_neg: int, n_pos: int) -> None:
    pytest.importorskip("scipy")
    from scipy.stats import norm

    y = np.r_[np.zeros(n_neg, int), np.ones(n_pos, int)]
    beta = n_pos / (n_pos + n_neg)
    for auc in (0.7, 0.85, 0.97):
        a = float(np.sqrt(2) * norm.ppf(auc))  # the equal-variance curve with this AUC
        for curve in ({"auc": auc}, {"curve": imbcore.Binormal(a)}):
            ba = imbcore.class_weights(y, "optimal", metric="balanced_accuracy", **curve)
            assert ba.alpha == pytest.approx((1 - beta) / beta, rel=1e-9)
            cost = imbcore.class_weights(y, "optimal", metric="cost(c_fp=1, c_fn=10)", **curve)
            assert cost.alpha == pytest.approx(10.0, rel=1e-9)
            f1 = imbcore.class_weights(y, "optimal", metric="f1", **curve)
            f1_star = _binormal_f1_star(a, beta)
            assert f1.alpha == pytest.approx(2 / f1_star - 1, rel=1e-7)
            assert float(f1.optimum.value) == pytest.approx(f1_star, rel=1e-9)
            assert f1.per_class == {0: 1.0, 1: f1.alpha}
    # an Lp curve obeys the same identities
    ba = imbcore.class_weights(y, "optimal", metric="balanced_accuracy", curve=imbcore.Lp(3.0))
    assert ba.alpha == pytest.approx((1 - beta) / beta, rel=1e-9)


def test_optimal_weight_uses_the_weighted_prevalence_and_the_positive_label() -> None:
    y = np.array(["ok"] * 8 + ["fraud"] * 2)
    sw = np.r_[np.full(8, 3.0), np.full(2, 0.5)]  # weighted prevalence 1/25
    cw = imbcore.class_weights(y, "optimal", sample_weight=sw, pos_label="fraud",
                               metric="balanced_accuracy", auc=0.8)
    assert cw.alpha == pytest.approx(24.0, rel=1e-9)
    assert cw.per_class["ok"] == 1.0 and cw.per_class["fraud"] == pytest.approx(24.0, rel=1e-9)
    assert cw.for_xgboost()["scale_pos_weight"] == pytest.approx(24.0, rel=1e-9)
    d = cw.to_dict()
    assert d["optimum"]["alpha"] == pytest.approx(24.0) and d["params"]["auc"] == 0.8
    __import__("json").dumps(d)  # plain values only


def test_optimal_weight_on_an_empirical_curve_lands_on_the_best_threshold() -> None:
    # on calibrated scores the weight alpha lands at threshold 1/(1+alpha): the
    # optimal weight's interval of thresholds holds the sweep's own best F1
    # threshold (the best operating point of the data, found by brute force here)
    rng = np.random.default_rng(7)
    y = rng.random(50_000) < 0.05
    s = rng.standard_normal(y.size) + 1.5 * y
    p = 1 / (1 + np.exp(-(1.5 * s - 1.125 + np.log(0.05 / 0.95))))
    sw = imbcore.sweep(y, p)
    cw = imbcore.class_weights(y, "optimal", metric="f1", curve=imbcore.Empirical(sw))
    order = np.argsort(-p)
    tp = np.cumsum(y[order])
    k = np.arange(1, y.size + 1)
    f1 = 2 * tp / (k + y.sum())
    assert float(cw.optimum.value) == pytest.approx(float(f1.max()), rel=1e-12)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(1, 400), min_size=2, max_size=6),
       scheme=st.sampled_from([s for s in weight_schemes() if s != "cost"]),
       weighted=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_every_library_gets_the_same_ratios(counts, scheme, weighted, seed) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.repeat(np.arange(len(counts)), counts))
    sw = rng.uniform(0.1, 5.0, size=y.size) if weighted else None
    cw = imbcore.class_weights(y, scheme, sample_weight=sw)
    ratios = cw.weights / cw.weights[0]
    for got in (list(cw.for_sklearn().values()), list(cw.for_keras().values()),
                cw.for_catboost()["class_weights"], list(cw.oversampling().values()),
                list(cw.undersampling().values())):
        np.testing.assert_allclose(np.array(got) / got[0], ratios, rtol=1e-12)
    total = y.size if sw is None else sw.sum()
    assert np.sum(cw.sample_weight(y, sample_weight=sw)) == pytest.approx(total, rel=1e-12)
    assert min(cw.oversampling().values()) == 1.0 == max(cw.undersampling().values())
    assert max(cw.for_catboost()["class_weights"][i] for i in
               np.flatnonzero(cw.totals == cw.totals.max())) == 1.0
    if len(counts) == 2:
        a = cw.alpha
        assert a == pytest.approx(ratios[1], rel=1e-12)
        assert cw.for_focal()["alpha"] == pytest.approx(a / (1 + a), rel=1e-12)
        assert cw.for_xgboost()["scale_pos_weight"] == a == cw.for_torch()["pos_weight"]
        over, under = cw.for_imblearn("over"), cw.for_imblearn("under")
        assert all(over[c] >= n and under[c] <= n for c, n in zip(cw.classes, cw.counts))


# ------------------------------------------------------------------------ errors


@pytest.mark.parametrize("call, pattern", [
    (lambda: imbcore.class_weights([0, 1], "magic"),
     r"invalid scheme: got 'magic'; known schemes are none, balanced, .*cost, optimal$"),
    (lambda: imbcore.class_weights([0, 1], "optimal"),
     r"^invalid metric: got None; scheme 'optimal' needs metric= .* and a curve"),
    (lambda: imbcore.class_weights([0, 1], "optimal", auc=0.8),
     r"^invalid metric: got None; scheme 'optimal' needs metric="),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f1"),
     r"^invalid parameters for scheme 'optimal': got curve=None and auc=None; give one"),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f1", auc=0.8,
                                   curve=imbcore.Binormal(1.0)),
     r"^invalid parameters for scheme 'optimal': got curve=Binormal.* and auc=0.8; give one"),
    (lambda: imbcore.class_weights([0, 1, 2], "optimal", metric="f1", auc=0.8),
     r"^invalid scheme: got 'optimal' with 3 classes and no proba; the theory's optimal weight "
     r"alpha\* is for two classes, give the model's validation probabilities"),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f1", auc=1.0),
     r"^invalid auc: got 1.0; auc \(the model's ROC-AUC\) must lie strictly between 0.5"),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f1", auc=0.4),
     r"^invalid auc: got 0.4; "),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f1", curve=0.8),
     r"^invalid curve: got float; curve must be an imbcore tradeoff curve"),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f9x", auc=0.8), r"f9x"),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="recall", auc=0.8),
     r"^invalid metric: got 'recall'; it keeps improving towards the weight bound"),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f1",
                                   curve=imbcore.Binormal([1.0, 2.0])),
     r"^invalid curve: got Binormal.* with parameters of shape \(2,\); give a curve with one"),
    (lambda: imbcore.class_weights([0, 1], "optimal", metric="f1", auc=0.8, rule="magic"),
     r"^invalid rule: got 'magic'"),
    (lambda: imbcore.class_weights(["a", "b"], "optimal", metric="f1", auc=0.8),
     r"^invalid pos_label: got None with labels \['a', 'b'\]; scheme 'optimal' needs"),
    (lambda: imbcore.class_weights([0, 1], "effective_number", b=1.0),
     r"invalid b: got 1.0; b must lie in \[0, 1\)"),
    (lambda: imbcore.class_weights([0, 1], "effective_number", b=-0.1), r"invalid b: got -0.1"),
    (lambda: imbcore.class_weights([0, 1, 2], "cost", cost_matrix=[[0, 1, 1], [1, 0, 1]]),
     r"invalid cost_matrix: got shape \(2, 3\); cost_matrix must be square"),
    (lambda: imbcore.class_weights([0, 1, 2], "cost", cost_matrix=[[0, 1], [1, 0]]),
     r"invalid cost_matrix: got shape \(2, 2\) for 3 classes; it must be 3 x 3"),
    (lambda: imbcore.class_weights([0, 1], "cost", cost_matrix=[[0, -1], [1, 0]]),
     r"invalid cost_matrix: got -1.0 at \[0, 1\]; costs must be finite and >= 0"),
    (lambda: imbcore.class_weights([0, 1], "cost", cost_matrix=[[1, 1], [1, 0]]),
     r"class 0 gets weight 0.0 under scheme 'cost'"),
    (lambda: imbcore.class_weights([0, 1, 2], "cost", c_fn=5),
     r"got 'cost' with c_fp/c_fn and 3 classes.*cost_matrix"),
    (lambda: imbcore.class_weights([0, 1], "cost"), r"got no c_fn and no cost_matrix"),
    (lambda: imbcore.class_weights([0, 1], "cost", c_fn=0), r"invalid c_fn: got 0; c_fn must"),
    (lambda: imbcore.class_weights(["a", "b"], "cost", c_fn=5),
     r"invalid pos_label: got None with labels \['a', 'b'\]"),
    (lambda: imbcore.class_weights([0, 1], "balanced", b=0.9),
     r"invalid parameter for scheme 'balanced': got b=0.9; it takes none"),
    (lambda: imbcore.class_weights([0, 0, 1], classes=[0, 1, 2]),
     r"invalid classes: class 2 has zero samples"),
    (lambda: imbcore.class_weights([0, 0, 1], sample_weight=[1, 1, 0]),
     r"invalid sample_weight: class 1 has total weight 0"),
    (lambda: imbcore.class_weights([0, 1], sample_weight=[1, -1]),
     r"invalid sample_weight: got -1.0 at index 1"),
    (lambda: imbcore.class_weights([0, 1], sample_weight=[1]), r"invalid sample_weight"),
    (lambda: imbcore.class_weights([1, 1, 1]), r"invalid y: got one class \(1\)"),
    (lambda: imbcore.class_weights([]), r"invalid y: got an empty array"),
    (lambda: imbcore.class_weights([[0, 1]]), r"invalid y: got an array of shape \(1, 2\)"),
    (lambda: imbcore.class_weights([0.0, float("nan")]), r"invalid y: got a non-finite label"),
    (lambda: imbcore.class_weights(np.array([1, "a"], dtype=object)), r"labels of mixed types"),
    (lambda: imbcore.class_weights([0, 1], pos_label=2),
     r"invalid pos_label: got 2; it must be one of the labels \[0, 1\]"),
    (lambda: imbcore.class_weights(["a", "b"]).alpha,
     r"invalid pos_label: got None with labels 'a', 'b'"),
    (lambda: imbcore.class_weights([0, 1]).sample_weight([0, 5]),
     r"invalid y: got label 5, which is not one of the classes \(0, 1\)"),
    (lambda: imbcore.class_weights([0, 1]).for_imblearn("smote"), r"invalid sampler: got 'smote'"),
    (lambda: imbcore.class_weights([0, 1]).for_torch("mse"), r"invalid loss: got 'mse'"),
    (lambda: imbcore.class_weights([0, 1, 2]).for_torch("bce"), r"got 3 classes"),
])
def test_bad_input_names_argument_value_and_allowed(call, pattern) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImbcoreError, match=pattern) as e:
        call()
    assert isinstance(e.value, ValueError)


# --------------------------------------------------------------------------- CLI


def _cli(capsys, *args):  # type: ignore[no-untyped-def]
    from imbcore import cli

    rc = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def label_files(tmp_path):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(21)
    y = (rng.random(3000) < 0.02).astype(int)
    sw = rng.uniform(0.5, 3.0, size=y.size)
    (tmp_path / "y.csv").write_text("id;target;w\n" + "".join(
        f"{i};{v};{float(x)!r}\n" for i, (v, x) in enumerate(zip(y, sw))))
    np.save(tmp_path / "y.npy", y)
    names = np.array(["legit", "fraud"])[y]
    np.savez(tmp_path / "y.npz", label=names, weight=sw)
    return tmp_path, y, sw


def test_cli_table_of_every_scheme(capsys, label_files) -> None:  # type: ignore[no-untyped-def]
    path, y, _ = label_files
    rc, out, err = _cli(capsys, "weights", path / "y.csv", "--c-fn", 10)
    assert rc == 0, err
    for s in weight_schemes():
        assert f"\n{s}" in out
    assert "3,000 samples" in out and "optimal" in out
    want = sk_cw.compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    assert f"{y.size / y.sum() - 1:.6g}"[:5] in out.split("\nbalanced")[1].splitlines()[0]
    rc, out, err = _cli(capsys, "weights", path / "y.csv", "--json")
    got = {d["scheme"]: d for d in __import__("json").loads(out)["schemes"]}
    np.testing.assert_allclose(got["balanced"]["per_class"], want, rtol=1e-12)
    assert "cost" not in got


def test_cli_one_scheme_and_one_library(capsys, label_files) -> None:  # type: ignore[no-untyped-def]
    import json

    path, y, sw = label_files
    rc, out, err = _cli(capsys, "weights", path / "y.csv", "--weight", "w", "--scheme",
                        "balanced", "--for", "sklearn", "--json")
    assert rc == 0, err
    want = sk_cw.compute_class_weight("balanced", classes=np.array([0, 1]), y=y, sample_weight=sw)
    got = json.loads(out)["class_weight"]
    np.testing.assert_allclose([got["0"], got["1"]], want, rtol=1e-12)
    rc, out, err = _cli(capsys, "weights", path / "y.csv", "--scheme", "cost", "--c-fn", 4,
                        "--for", "xgboost")
    assert (rc, out) == (0, "scale_pos_weight=4.0\n")
    rc, out, err = _cli(capsys, "weights", path / "y.csv", "--scheme", "effective_number",
                        "--b", 0.99)
    assert rc == 0 and "Cui et al. 2019" in out and "what each library receives" in out
    rc, out, err = _cli(capsys, "weights", path / "y.npy", "--scheme", "natural", "--for", "torch")
    assert rc == 0 and out.startswith("pos_weight=")
    assert float(out.split("=")[1]) == pytest.approx((y.size - y.sum()) / y.sum(), rel=1e-14)


def test_cli_string_labels_need_pos_label_for_alpha(capsys, label_files) -> None:  # type: ignore[no-untyped-def]
    import json

    path, y, sw = label_files
    rc, out, err = _cli(capsys, "weights", path / "y.npz", "--weight", "weight")
    assert rc == 0, err and "--pos-label" in out
    rc, out, err = _cli(capsys, "weights", path / "y.npz", "--weight", "weight", "--pos-label",
                        "fraud", "--scheme", "catboost_balanced", "--json")
    d = json.loads(out)
    W = np.bincount(y, weights=sw)
    assert d["classes"] == ["fraud", "legit"] and d["pos_label"] == "fraud"
    assert d["alpha"] == pytest.approx(W[0] / W[1], rel=1e-12)


@pytest.mark.parametrize("args, needles", [
    (["--scheme", "magic"], ["invalid scheme", "'magic'", "balanced"]),
    (["--scheme", "optimal"], ["invalid metric: got None", "scheme 'optimal' needs metric="]),
    (["--label", "targt"], ["no column 'targt'", "did you mean 'target'"]),
    (["--pos-label", "7"], ["--pos-label '7'", "values seen"]),
    (["--scheme", "cost", "--cost-matrix", "0,1;2"], ["--cost-matrix", "different lengths"]),
    (["--scheme", "cost", "--cost-matrix", "0,1,1;1,0,1;1,1,0"], ["(3, 3) for 2 classes", "2 x 2"]),
    (["--scheme", "effective_number", "--b", "1"], ["invalid b: got 1.0", "[0, 1)"]),
])
def test_cli_errors_are_one_line(capsys, label_files, args, needles) -> None:  # type: ignore[no-untyped-def]
    path, _, _ = label_files
    rc, out, err = _cli(capsys, "weights", path / "y.csv", *args)
    assert rc == 2, (out, err)
    line = err.strip().splitlines()[-1]
    assert "Traceback" not in err
    for needle in needles:
        assert needle in line, line


def test_cli_unknown_library_is_argparse_usage(capsys, label_files) -> None:  # type: ignore[no-untyped-def]
    path, _, _ = label_files
    with pytest.raises(SystemExit) as e:
        _cli(capsys, "weights", path / "y.csv", "--for", "sas")
    assert e.value.code == 2
    assert "--for: invalid choice: 'sas'" in capsys.readouterr().err


def test_cli_single_class_file(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "one.csv").write_text("label\n1\n1\n")
    rc, out, err = _cli(capsys, "weights", tmp_path / "one.csv")
    assert rc == 2 and "got one class (1)" in err
