"""Parity of imbcore's scikit-learn drop-ins with scikit-learn 1.9 (sklearn.metrics).

Every comparison here is against an independent reference: scikit-learn
itself, an O(n^2) pairwise oracle for ROC-AUC, or an O(n*m) brute force for
average precision. Nothing is compared with figures produced by imbcore.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

import imbcore as ic

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SETTINGS_SMALL = settings(SETTINGS, max_examples=60)  # n = 1, 2: few distinct cases

RTOL, ATOL = 1e-12, 1e-15

# ---------------------------------------------------------------------------
# input generation
# ---------------------------------------------------------------------------

#: Weights whose sums are exact in float64 (dyadic), so that exact ties of the
#: cumulative sums, which decide what drop_intermediate keeps, are the same
#: whatever the order of summation.
DYADIC_WEIGHTS = [0.0, 0.25, 0.5, 1.0, 2.0, 3.25]

LABEL_KINDS = ["bool", "int01", "int-11", "float01", "str", "int01_pos1"]


def encode_labels(positive: np.ndarray, kind: str):
    """``(y_true, pos_label for the curves, pos_label for AP)`` for 0/1 truth ``positive``."""
    positive = np.asarray(positive, dtype=bool)
    if kind == "bool":
        return positive.copy(), None, 1
    if kind == "int01":
        return positive.astype(np.int64), None, 1
    if kind == "int01_pos1":
        return positive.astype(np.int32), 1, 1
    if kind == "int-11":
        return np.where(positive, 1, -1), None, 1
    if kind == "float01":
        return positive.astype(np.float64), None, 1
    if kind == "str":
        return np.where(positive, "pos", "neg"), "pos", "pos"
    raise AssertionError(kind)


@st.composite
def scores_strategy(draw, n: int) -> np.ndarray:
    kind = draw(st.sampled_from(
        ["small_int", "constant", "signed_zero", "float32", "mixed", "general"]))
    if kind == "small_int":  # many ties
        vals = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
        return np.array(vals, dtype=np.float64)
    if kind == "constant":
        c = draw(st.sampled_from([0.0, -0.0, 1.5, -2.0, 1e30]))  # all exact in float32
        dtype = draw(st.sampled_from([np.float64, np.float32]))
        return np.full(n, np.float32(c), dtype=dtype)
    if kind == "signed_zero":
        vals = draw(st.lists(st.sampled_from([-0.0, 0.0, 1.0, -1.0]), min_size=n, max_size=n))
        return np.array(vals, dtype=np.float64)
    if kind == "float32":  # k / 16 is exactly representable in float32
        vals = draw(st.lists(st.integers(-40, 40), min_size=n, max_size=n))
        return (np.array(vals, dtype=np.float32) / np.float32(16)).astype(np.float32)
    if kind == "mixed":
        vals = draw(st.lists(
            st.one_of(st.sampled_from([-0.0, 0.0, 0.5, 0.25, 1.0]),
                      st.floats(-5, 5, allow_nan=False, allow_infinity=False)),
            min_size=n, max_size=n))
        return np.array(vals, dtype=np.float64)
    vals = draw(st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
                         min_size=n, max_size=n))
    return np.array(vals, dtype=np.float64)


@st.composite
def problems(draw, max_n: int = 30, weighted: bool | None = None):
    """A binary problem: (y_true, y_score, sample_weight, pos_label, ap_pos_label, truth)."""
    n = draw(st.integers(1, max_n))
    scores = draw(scores_strategy(n))
    truth = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    kind = draw(st.sampled_from(LABEL_KINDS))
    y, pos_label, ap_pos_label = encode_labels(truth, kind)
    use_w = draw(st.booleans()) if weighted is None else weighted
    w = None
    if use_w:
        w = np.array(draw(st.lists(st.sampled_from(DYADIC_WEIGHTS), min_size=n, max_size=n)))
        if not (w > 0).any():
            w[draw(st.integers(0, n - 1))] = 1.0
    return y, scores, w, pos_label, ap_pos_label, truth


def record(fn, *args, **kwargs):
    """``(result, sorted warning messages)`` of ``fn(*args, **kwargs)``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    return out, sorted(str(w.message) for w in caught)


def assert_curve_equal(ours, ref):
    """Curves (three arrays) equal: same shapes, order, values, threshold dtype."""
    assert len(ours) == len(ref) == 3
    for a, b in zip(ours[:2], ref[:2]):
        a, b = np.asarray(a), np.asarray(b)
        assert a.shape == b.shape, (a, b)
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True)
    ta, tb = ours[2], ref[2]
    assert ta.shape == tb.shape, (ta, tb)
    assert ta.dtype == tb.dtype, (ta.dtype, tb.dtype)
    np.testing.assert_array_equal(ta, tb)


def assert_same_float(a: float, b: float):
    assert isinstance(a, float)
    if np.isnan(b):
        assert np.isnan(a), (a, b)
    else:
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL)


# ---------------------------------------------------------------------------
# independent oracles
# ---------------------------------------------------------------------------


def pairwise_auc(truth, scores, w=None) -> float:
    """O(n^2) ROC-AUC: P(score_pos > score_neg) + 0.5 P(tie), weighted by w_pos * w_neg."""
    truth = np.asarray(truth, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    w = np.ones(s.shape) if w is None else np.asarray(w, dtype=np.float64)
    sp, sn = s[truth], s[~truth]
    wp, wn = w[truth], w[~truth]
    pair_w = wp[:, None] * wn[None, :]
    wins = (sp[:, None] > sn[None, :]) + 0.5 * (sp[:, None] == sn[None, :])
    return float((pair_w * wins).sum() / pair_w.sum())


def brute_force_ap(truth, scores, w=None) -> float:
    """sum over distinct thresholds (descending) of (R_i - R_{i-1}) P_i, by O(n*m) counting."""
    truth = np.asarray(truth, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    w = np.ones(s.shape) if w is None else np.asarray(w, dtype=np.float64)
    keep = w > 0
    truth, s, w = truth[keep], s[keep], w[keep]
    n_pos = w[truth].sum()
    total, prev_recall = 0.0, 0.0
    for t in np.unique(s)[::-1]:
        above = s >= t
        tp = w[above & truth].sum()
        fp = w[above & ~truth].sum()
        recall = tp / n_pos
        precision = tp / (tp + fp) if tp + fp > 0 else 0.0
        total += (recall - prev_recall) * precision
        prev_recall = recall
    return total


# ---------------------------------------------------------------------------
# hypothesis parity with scikit-learn
# ---------------------------------------------------------------------------


@SETTINGS
@given(problems(), st.booleans())
def test_precision_recall_curve_matches_sklearn(problem, drop):
    y, scores, w, pos_label, _, _ = problem
    ours, ours_warn = record(ic.precision_recall_curve, y, scores, pos_label=pos_label,
                             sample_weight=w, drop_intermediate=drop)
    ref, ref_warn = record(skm.precision_recall_curve, y, scores, pos_label=pos_label,
                           sample_weight=w, drop_intermediate=drop)
    assert_curve_equal(ours, ref)
    assert ours_warn == ref_warn
    # the curve ends at (recall 0, precision 1)
    assert ours[0][-1] == 1.0 and ours[1][-1] == 0.0


@SETTINGS
@given(problems(), st.booleans())
def test_roc_curve_matches_sklearn(problem, drop):
    y, scores, w, pos_label, _, _ = problem
    ours, ours_warn = record(ic.roc_curve, y, scores, pos_label=pos_label,
                             sample_weight=w, drop_intermediate=drop)
    ref, ref_warn = record(skm.roc_curve, y, scores, pos_label=pos_label,
                           sample_weight=w, drop_intermediate=drop)
    assert_curve_equal(ours, ref)
    assert ours_warn == ref_warn
    assert ours[2][0] == np.inf and ours[2].dtype == np.float64


@SETTINGS
@given(problems())
def test_roc_auc_score_matches_sklearn_and_pairwise_oracle(problem):
    y, scores, w, _, _, truth = problem
    ours, ours_warn = record(ic.roc_auc_score, y, scores, sample_weight=w)
    ref, ref_warn = record(skm.roc_auc_score, y, scores, sample_weight=w)
    assert_same_float(ours, ref)
    # scikit-learn words the warning differently when zero weights remove a
    # class; both must warn exactly when the score is undefined.
    assert bool(ours_warn) == bool(ref_warn) == np.isnan(ref)
    wv = np.ones(len(scores)) if w is None else w
    if (wv[truth] > 0).any() and (wv[~truth] > 0).any():
        np.testing.assert_allclose(ours, pairwise_auc(truth, scores, w), rtol=RTOL, atol=ATOL)


@SETTINGS
@given(problems())
def test_average_precision_score_matches_sklearn_and_brute_force(problem):
    y, scores, w, _, ap_pos_label, truth = problem
    ours, ours_warn = record(ic.average_precision_score, y, scores, pos_label=ap_pos_label,
                             sample_weight=w)
    ref, ref_warn = record(skm.average_precision_score, y, scores, pos_label=ap_pos_label,
                           sample_weight=w)
    assert_same_float(ours, ref)
    assert ours_warn == ref_warn
    wv = np.ones(len(scores)) if w is None else w
    if (wv[truth] > 0).any():
        np.testing.assert_allclose(ours, brute_force_ap(truth, scores, w), rtol=RTOL, atol=ATOL)


@SETTINGS_SMALL
@given(st.integers(1, 2), st.data())
def test_tiny_inputs_n1_n2(n, data):
    """n = 1 and n = 2 explicitly (every label and score pattern)."""
    scores = np.array(data.draw(st.lists(st.sampled_from([-0.0, 0.0, 1.0, 2.5]),
                                         min_size=n, max_size=n)))
    truth = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    y = truth.astype(int)
    for drop in (False, True):
        ours, ow = record(ic.precision_recall_curve, y, scores, drop_intermediate=drop)
        ref, rw = record(skm.precision_recall_curve, y, scores, drop_intermediate=drop)
        assert_curve_equal(ours, ref)
        assert ow == rw
        ours, ow = record(ic.roc_curve, y, scores, drop_intermediate=drop)
        ref, rw = record(skm.roc_curve, y, scores, drop_intermediate=drop)
        assert_curve_equal(ours, ref)
        assert ow == rw
    assert_same_float(record(ic.roc_auc_score, y, scores)[0],
                      record(skm.roc_auc_score, y, scores)[0])
    assert_same_float(record(ic.average_precision_score, y, scores)[0],
                      record(skm.average_precision_score, y, scores)[0])


@SETTINGS
@given(st.integers(2, 40), st.data())
def test_pairwise_auc_oracle_with_arbitrary_weights(n, data):
    """Non-dyadic weights: ROC-AUC and AP to 1e-12 of the O(n^2) / O(n*m) oracles."""
    scores = np.array(data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), float)
    truth = np.zeros(n, dtype=bool)
    truth[: data.draw(st.integers(1, n - 1))] = True
    truth = data.draw(st.permutations(truth.tolist()))
    truth = np.array(truth, dtype=bool)
    w = np.array(data.draw(st.lists(st.floats(0.01, 100.0), min_size=n, max_size=n)))
    np.testing.assert_allclose(ic.roc_auc_score(truth.astype(int), scores, sample_weight=w),
                               pairwise_auc(truth, scores, w), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ic.roc_auc_score(truth.astype(int), scores),
                               pairwise_auc(truth, scores), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(
        ic.average_precision_score(truth.astype(int), scores, sample_weight=w),
        brute_force_ap(truth, scores, w), rtol=RTOL, atol=ATOL)
    # curves without dropping do not depend on exact ties of weight sums
    for f in (ic.precision_recall_curve, ic.roc_curve):
        ref = getattr(skm, f.__name__)
        assert_curve_equal(f(truth, scores, sample_weight=w, drop_intermediate=False),
                           ref(truth, scores, sample_weight=w, drop_intermediate=False))


# ---------------------------------------------------------------------------
# a fixed larger case
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_case():
    rng = np.random.default_rng(20240611)
    n = 100_000
    latent = rng.random(n)
    truth = rng.random(n) < 0.05 + 0.4 * latent
    cont = latent + 0.3 * rng.standard_normal(n)  # continuous: few ties
    tied = np.round(cont, 2)  # heavy ties
    tied[rng.random(n) < 0.01] = -0.0
    f32 = (np.round(cont * 64) / 64).astype(np.float32)  # exactly representable
    dyadic_w = rng.integers(0, 9, n) / 4.0
    float_w = rng.exponential(1.0, n)
    float_w[rng.random(n) < 0.05] = 0.0
    return truth, {"continuous": cont, "tied": tied, "float32": f32}, dyadic_w, float_w


@pytest.mark.parametrize("score_kind", ["continuous", "tied", "float32"])
@pytest.mark.parametrize("weights", [None, "dyadic", "float"])
def test_large_random_case_matches_sklearn(large_case, score_kind, weights):
    truth, all_scores, dyadic_w, float_w = large_case
    scores = all_scores[score_kind]
    w = {None: None, "dyadic": dyadic_w, "float": float_w}[weights]
    y = np.where(truth, 1, -1)
    drops = [False, True] if weights != "float" else [False]
    for drop in drops:
        assert_curve_equal(ic.precision_recall_curve(y, scores, sample_weight=w,
                                                     drop_intermediate=drop),
                           skm.precision_recall_curve(y, scores, sample_weight=w,
                                                      drop_intermediate=drop))
        assert_curve_equal(ic.roc_curve(y, scores, sample_weight=w, drop_intermediate=drop),
                           skm.roc_curve(y, scores, sample_weight=w, drop_intermediate=drop))
    assert_same_float(ic.roc_auc_score(y, scores, sample_weight=w),
                      skm.roc_auc_score(y, scores, sample_weight=w))
    assert_same_float(ic.average_precision_score(y, scores, sample_weight=w),
                      skm.average_precision_score(y, scores, sample_weight=w))


def test_large_case_roc_curve_drop_intermediate_float_weights_shape(large_case):
    """With non-dyadic weights, drop_intermediate still agrees with scikit-learn here.

    (Which points are collinear can in principle depend on the rounding of the
    weight sums; on this data both keep the same points.)
    """
    truth, all_scores, _, float_w = large_case
    for kind in ("tied", "float32"):
        ours = ic.roc_curve(truth, all_scores[kind], sample_weight=float_w)
        ref = skm.roc_curve(truth, all_scores[kind], sample_weight=float_w)
        assert_curve_equal(ours, ref)


def test_pairwise_auc_oracle_on_2000_samples():
    rng = np.random.default_rng(7)
    n = 2000
    scores = rng.integers(0, 50, n) / 7.0
    truth = rng.random(n) < 0.3
    w = rng.random(n) * 3
    w[rng.random(n) < 0.1] = 0.0
    np.testing.assert_allclose(ic.roc_auc_score(truth, scores), pairwise_auc(truth, scores),
                               rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ic.roc_auc_score(truth, scores, sample_weight=w),
                               pairwise_auc(truth, scores, w), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ic.average_precision_score(truth, scores, sample_weight=w),
                               brute_force_ap(truth, scores, w), rtol=RTOL, atol=ATOL)


# ---------------------------------------------------------------------------
# one class: the same warnings and values as scikit-learn
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("y", [[1, 1, 1], [0, 0, 0], [-1, -1, -1], ["a", "a", "a"]])
def test_roc_auc_score_one_class_warns_and_is_nan(y):
    s = [0.1, 0.5, 0.5]
    with pytest.warns(UserWarning, match="Only one class is present in y_true"):
        ours = ic.roc_auc_score(y, s)
    with pytest.warns(UserWarning, match="Only one class is present in y_true"):
        ref = skm.roc_auc_score(y, s)
    assert np.isnan(ours) and np.isnan(ref)


def test_roc_auc_score_class_removed_by_zero_weights_is_nan_with_warning():
    y, s, w = [0, 1, 1, 0], [0.1, 0.2, 0.3, 0.4], [1.0, 0.0, 0.0, 2.0]
    with pytest.warns(UserWarning):
        ours = ic.roc_auc_score(y, s, sample_weight=w)
    with pytest.warns(UserWarning):
        ref = skm.roc_auc_score(y, s, sample_weight=w)
    assert np.isnan(ours) and np.isnan(ref)


def test_precision_recall_curve_without_positives_warns_like_sklearn():
    y, s = [0, 0, 0, 0], [0.3, 0.1, 0.3, 0.9]
    with pytest.warns(UserWarning, match="No positive class found in y_true"):
        ours = ic.precision_recall_curve(y, s)
    with pytest.warns(UserWarning, match="No positive class found in y_true"):
        ref = skm.precision_recall_curve(y, s)
    assert_curve_equal(ours, ref)
    np.testing.assert_array_equal(ours[1][:-1], 1.0)


def test_average_precision_without_positives_warns_like_sklearn():
    y, s = [0, 0, 0], [0.3, 0.1, 0.9]
    with pytest.warns(UserWarning, match="No positive class found in y_true"):
        ours = ic.average_precision_score(y, s)
    with pytest.warns(UserWarning, match="No positive class found in y_true"):
        ref = skm.average_precision_score(y, s)
    assert ours == ref == 0.0


@pytest.mark.parametrize("y, what", [([1, 1, 1], "negative"), ([0, 0, 0], "positive")])
def test_roc_curve_one_class_warns_like_sklearn(y, what):
    s = [0.2, 0.2, 0.7]
    with pytest.warns(UserWarning, match=f"No {what} samples in y_true"):
        ours = ic.roc_curve(y, s)
    with pytest.warns(UserWarning, match=f"No {what} samples in y_true"):
        ref = skm.roc_curve(y, s)
    assert_curve_equal(ours, ref)


def test_all_positive_average_precision_is_one_like_sklearn():
    y, s = [1, 1, 1], [0.3, 0.1, 0.3]
    assert ic.average_precision_score(y, s) == skm.average_precision_score(y, s) == 1.0


# ---------------------------------------------------------------------------
# labels, pos_label and dtypes
# ---------------------------------------------------------------------------


def test_string_labels_with_pos_label_match_sklearn():
    rng = np.random.default_rng(3)
    y = rng.choice(np.array(["cat", "dog"]), 500)
    s = rng.integers(0, 20, 500) / 4.0
    for pos in ("cat", "dog"):
        for drop in (False, True):
            assert_curve_equal(
                ic.precision_recall_curve(y, s, pos_label=pos, drop_intermediate=drop),
                skm.precision_recall_curve(y, s, pos_label=pos, drop_intermediate=drop))
            assert_curve_equal(ic.roc_curve(y, s, pos_label=pos, drop_intermediate=drop),
                               skm.roc_curve(y, s, pos_label=pos, drop_intermediate=drop))
        assert_same_float(ic.average_precision_score(y, s, pos_label=pos),
                          skm.average_precision_score(y, s, pos_label=pos))
    # roc_auc_score: the larger label ("dog") is positive, as in scikit-learn
    assert_same_float(ic.roc_auc_score(y, s), skm.roc_auc_score(y, s))


def test_average_precision_pos_label_not_present_raises_like_sklearn():
    y, s = ["a", "b", "a"], [0.1, 0.2, 0.3]
    with pytest.raises(ValueError):
        skm.average_precision_score(y, s)
    with pytest.raises(ic.ImbcoreError, match=r"invalid pos_label: got 1;"):
        ic.average_precision_score(y, s)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_threshold_dtype_follows_scores(dtype):
    y = [0, 1, 1, 0, 1]
    s = np.array([0.5, 0.25, 0.75, 0.5, 1.0], dtype=dtype)
    ours, ref = ic.precision_recall_curve(y, s), skm.precision_recall_curve(y, s)
    assert ours[2].dtype == ref[2].dtype == dtype
    ours, ref = ic.roc_curve(y, s), skm.roc_curve(y, s)
    assert ours[2].dtype == ref[2].dtype == np.float64


def test_integer_scores_threshold_dtype_like_sklearn():
    y, s = [0, 1, 1, 0, 1], np.array([1, 2, 2, 3, 1])
    ours, ref = ic.precision_recall_curve(y, s), skm.precision_recall_curve(y, s)
    assert_curve_equal(ours, ref)


def test_integer_scores_values_match_sklearn():
    y, s = [0, 1, 1, 0, 1], np.array([1, 2, 2, 3, 1])
    ours, ref = ic.precision_recall_curve(y, s), skm.precision_recall_curve(y, s)
    for a, b in zip(ours, ref):
        np.testing.assert_array_equal(a, b)
    assert_curve_equal(ic.roc_curve(y, s), skm.roc_curve(y, s))
    assert_same_float(ic.roc_auc_score(y, s), skm.roc_auc_score(y, s))


def test_signed_zero_is_one_threshold_like_sklearn():
    y = [0, 1, 0, 1, 1]
    s = np.array([-0.0, 0.0, 0.0, -0.0, 1.0])
    for drop in (False, True):
        ours = ic.precision_recall_curve(y, s, drop_intermediate=drop)
        ref = skm.precision_recall_curve(y, s, drop_intermediate=drop)
        assert_curve_equal(ours, ref)
        assert ours[2].shape == (2,)
        assert_curve_equal(ic.roc_curve(y, s, drop_intermediate=drop),
                           skm.roc_curve(y, s, drop_intermediate=drop))


def test_integer_scores_beyond_2_pow_53_are_refused_not_merged():
    # float64 cannot hold 2**53 + 1: rather than merge two scores silently
    # (scikit-learn keeps them apart), imbcore refuses, naming the value.
    y, s = [0, 1, 0], np.array([2**53, 2**53 + 1, 5], dtype=np.int64)
    with pytest.raises(ic.ImbcoreError, match=r"y_score.*9007199254740993.*2\^53"):
        ic.roc_auc_score(y, s)
    ok = np.array([2**53 - 1, 2**53, 5], dtype=np.int64)
    assert ic.roc_auc_score(y, ok) == skm.roc_auc_score(y, ok)


@pytest.mark.parametrize("labels, pos_label", [
    ("bool", False), ("int01", 0), ("int-11", -1), ("float-11", -1.0), ("object", "a"),
    ("uint8", 1), ("bool", True),
])
def test_every_pos_label_choice_matches_sklearn(labels, pos_label):
    rng = np.random.default_rng(17)
    n = 300
    truth = rng.random(n) < 0.4
    s = rng.integers(0, 12, n) / 4.0
    w = rng.integers(0, 4, n) / 2.0
    y = {
        "bool": truth, "int01": truth.astype(int), "int-11": np.where(truth, 1, -1),
        "float-11": np.where(truth, 1.0, -1.0), "uint8": truth.astype(np.uint8),
        "object": np.array(["a" if t else "b" for t in truth], dtype=object),
    }[labels]
    for sw in (None, w):
        for drop in (False, True):
            assert_curve_equal(
                ic.precision_recall_curve(y, s, pos_label=pos_label, sample_weight=sw,
                                          drop_intermediate=drop),
                skm.precision_recall_curve(y, s, pos_label=pos_label, sample_weight=sw,
                                           drop_intermediate=drop))
            assert_curve_equal(
                ic.roc_curve(y, s, pos_label=pos_label, sample_weight=sw, drop_intermediate=drop),
                skm.roc_curve(y, s, pos_label=pos_label, sample_weight=sw,
                              drop_intermediate=drop))
        assert_same_float(ic.average_precision_score(y, s, pos_label=pos_label, sample_weight=sw),
                          skm.average_precision_score(y, s, pos_label=pos_label, sample_weight=sw))
        assert_same_float(ic.roc_auc_score(y, s, sample_weight=sw),
                          skm.roc_auc_score(y, s, sample_weight=sw))


def test_non_contiguous_big_endian_and_list_inputs_match_sklearn():
    rng = np.random.default_rng(23)
    n = 200
    truth = rng.random(n) < 0.4
    s = rng.integers(0, 10, n) / 4.0
    w = rng.integers(0, 4, n) / 2.0
    ref = skm.precision_recall_curve(truth, s, sample_weight=w)
    variants = [
        (np.repeat(truth, 2)[::2], np.repeat(s, 3)[::3], np.repeat(w, 2)[::2]),
        (truth.astype(">i8"), s.astype(">f8"), w.astype(">f8")),
        (truth.tolist(), s.tolist(), w.tolist()),
    ]
    for y, sc, sw in variants:
        assert_curve_equal(ic.precision_recall_curve(y, sc, sample_weight=sw), ref)
        assert_same_float(ic.roc_auc_score(y, sc, sample_weight=sw),
                          skm.roc_auc_score(truth, s, sample_weight=w))


def test_drop_intermediate_with_non_dyadic_tied_weights_like_sklearn():
    s = np.array([1, 2, 2, 1, 1, 2, 0, 2, 2, 2, 0, 1, 2, 2, 2, 2], dtype=float)
    y = np.array([1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1], dtype=bool)
    w = np.array([0.1, 0.1, 0.1, 0.3, 0.3, 0.3, 0.7] + [0.1] * 9)
    # mathematically the true-positive weight is 0.6, 1.4, 2.2 at thresholds 2, 1, 0
    assert_curve_equal(ic.roc_curve(y, s, sample_weight=w), skm.roc_curve(y, s, sample_weight=w))


# ---------------------------------------------------------------------------
# multiclass and multilabel input, and the parameters scikit-learn has
# ---------------------------------------------------------------------------


def _probabilities(rng, n, k, dtype=np.float64, ties=False):
    logits = rng.normal(size=(n, k))
    if ties:
        logits = np.round(logits * 2) / 2
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return p.astype(dtype)


@pytest.mark.parametrize("k, n", [(3, 50), (4, 2000), (10, 30_000)])
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_multiclass_roc_auc_matches_sklearn(k, n, ties, dtype):
    rng = np.random.default_rng(k * n + ties)
    y = rng.integers(0, k, n)
    p = _probabilities(rng, n, k, dtype, ties)
    for multi_class, averages in (("ovr", ["macro", "weighted", "micro", None]),
                                  ("ovo", ["macro", "weighted"])):
        for average in averages:
            ours = ic.roc_auc_score(y, p, multi_class=multi_class, average=average)
            ref = skm.roc_auc_score(y, p, multi_class=multi_class, average=average)
            assert type(ours) is type(ref)
            np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL)
    w = rng.uniform(0.1, 3.0, n)
    for average in ("macro", "weighted", "micro", None):
        np.testing.assert_allclose(
            ic.roc_auc_score(y, p, multi_class="ovr", average=average, sample_weight=w),
            skm.roc_auc_score(y, p, multi_class="ovr", average=average, sample_weight=w),
            rtol=RTOL, atol=ATOL)


def test_multiclass_string_labels_and_absent_classes_like_sklearn():
    rng = np.random.default_rng(5)
    p = _probabilities(rng, 200, 4)
    y = rng.choice(np.array(["ant", "bee", "cat"]), 200)
    labels = ["ant", "bee", "cat", "dog"]  # 'dog' never occurs
    for mc in ("ovr", "ovo"):
        ours, ow = record(ic.roc_auc_score, y, p, multi_class=mc, labels=labels)
        ref, rw = record(skm.roc_auc_score, y, p, multi_class=mc, labels=labels)
        assert_same_float(float(ours), float(ref))
        assert ow == rw
    ours, ow = record(ic.roc_auc_score, y, p, multi_class="ovr", labels=labels, average=None)
    ref, rw = record(skm.roc_auc_score, y, p, multi_class="ovr", labels=labels, average=None)
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL, equal_nan=True)
    assert ow == rw


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", "samples", None])
def test_multilabel_scores_match_sklearn(average):
    rng = np.random.default_rng(9)
    y = (rng.random((300, 4)) < [0.1, 0.4, 0.0, 0.7]).astype(int)
    s = np.round(rng.random((300, 4)) + 0.5 * y, 2)
    w = rng.uniform(0.0, 2.0, 300)
    for sw in (None, w):
        ours, ow = record(ic.average_precision_score, y, s, average=average, sample_weight=sw)
        ref, rw = record(skm.average_precision_score, y, s, average=average, sample_weight=sw)
        np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL, equal_nan=True)
        assert ow == rw
        ours, ow = record(ic.roc_auc_score, y, s, average=average, sample_weight=sw)
        ref, rw = record(skm.roc_auc_score, y, s, average=average, sample_weight=sw)
        np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL, equal_nan=True)
        assert ow == rw


@pytest.mark.parametrize("max_fpr", [1e-3, 0.05, 0.3, 0.99, 1.0])
def test_partial_roc_auc_matches_sklearn(max_fpr):
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 2000)
    s = np.round(rng.normal(size=2000) + y, 1)
    w = rng.uniform(0.1, 2.0, 2000)
    for sw in (None, w):
        assert_same_float(ic.roc_auc_score(y, s, max_fpr=max_fpr, sample_weight=sw),
                          skm.roc_auc_score(y, s, max_fpr=max_fpr, sample_weight=sw))


def test_one_class_after_zero_weights_is_nan_with_sklearns_warning():
    ours, ow = record(ic.roc_auc_score, [0], [1.2], sample_weight=[0.0])
    ref, rw = record(skm.roc_auc_score, [0], [1.2], sample_weight=[0.0])
    assert np.isnan(ours) and np.isnan(ref) and ow == rw


def test_det_curve_matches_sklearn():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 500)
    s = np.round(rng.random(500), 1)
    w = rng.uniform(0.1, 2.0, 500)
    for sw in (None, w):
        for drop in (False, True):
            ours = ic.det_curve(y, s, sample_weight=sw, drop_intermediate=drop)
            ref = skm.det_curve(y, s, sample_weight=sw, drop_intermediate=drop)
            assert_curve_equal(ours, ref)


def test_weighted_drop_intermediate_keeps_sklearns_points_at_20000():
    """The case of issue 8: non-integer weights, every tenth sample positive."""
    n = 20_000
    s = -np.arange(n, dtype=float)
    y = np.zeros(n, dtype=int)
    y[::10] = 1
    w = np.full(n, 0.1)
    ours = ic.roc_curve(y, s, sample_weight=w)
    ref = skm.roc_curve(y, s, sample_weight=w)
    assert ours[0].shape == ref[0].shape == (4015,)
    assert_curve_equal(ours, ref)


def _sklearn_order_sums(y, s, w):
    """scikit-learn's recipe in NumPy: stable descending sort, sequential cumsum."""
    keep = w != 0
    y, s, w = y[keep], s[keep], w[keep]
    order = np.argsort(-s, kind="stable")
    y, s, w = y[order].astype(float), s[order], w[order]
    last = np.r_[np.flatnonzero(np.diff(s)), s.size - 1]
    return s[last], np.cumsum(y * w)[last], np.cumsum((1 - y) * w)[last]


@pytest.mark.parametrize("n", [1, 10, 5000, 300_000])
def test_weighted_sums_are_sklearns_bit_for_bit(n):
    rng = np.random.default_rng(n)
    y = (rng.random(n) < 0.3).astype(np.uint8)
    s = np.round(rng.normal(size=n), 2)
    w = rng.exponential(size=n)
    w[rng.random(n) < 0.05] = 0.0
    w[0] = 1.0
    th, tp, fp = ic._core.sklearn_weighted_sweep(y, s, w)
    rth, rtp, rfp = _sklearn_order_sums(y, s, w)
    np.testing.assert_array_equal(th, rth)
    np.testing.assert_array_equal(tp, rtp)
    np.testing.assert_array_equal(fp, rfp)
