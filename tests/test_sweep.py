"""imbcore.sweep: exact counts, invariants, metrics along the curve, best
thresholds, confusion at arbitrary thresholds, concurrency and the error contract.

References are independent of imbcore: O(n*m) brute-force counting, exact
rational arithmetic (fractions.Fraction) for metrics and their argmax, and
scikit-learn.
"""

from __future__ import annotations

import math
import threading
import time
import warnings
from fractions import Fraction

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
#: for the slower properties (exact rationals, scikit-learn per example)
SETTINGS_100 = settings(SETTINGS, max_examples=100)

#: Weights whose sums are exact in float64 whatever the order of summation.
DYADIC_WEIGHTS = [0.0, 0.25, 0.5, 1.0, 2.0, 3.75]

# ---------------------------------------------------------------------------
# strategies
# ---------------------------------------------------------------------------


@st.composite
def scores_st(draw, n: int) -> np.ndarray:
    kind = draw(st.sampled_from(["small_int", "signed_zero", "float32", "constant", "general"]))
    if kind == "small_int":
        return np.array(draw(st.lists(st.integers(-2, 2), min_size=n, max_size=n)), float)
    if kind == "signed_zero":
        vals = draw(st.lists(st.sampled_from([-0.0, 0.0, 0.5, -1.0]), min_size=n, max_size=n))
        return np.array(vals, dtype=np.float64)
    if kind == "float32":
        vals = draw(st.lists(st.integers(-20, 20), min_size=n, max_size=n))
        return np.array(vals, dtype=np.float32) / np.float32(8)
    if kind == "constant":
        return np.full(n, draw(st.sampled_from([0.0, -0.0, 2.5])))
    vals = draw(st.lists(st.floats(-100, 100, allow_nan=False, allow_infinity=False),
                         min_size=n, max_size=n))
    return np.array(vals, dtype=np.float64)


@st.composite
def data_st(draw, max_n: int = 40, weights: str | None = None, min_n: int = 1):
    """(truth: bool array, scores, weights or None); weights in {None, 'dyadic', 'float'}."""
    n = draw(st.integers(min_n, max_n))
    scores = draw(scores_st(n))
    truth = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    if weights is None:
        return truth, scores, None
    if weights == "dyadic":
        w = np.array(draw(st.lists(st.sampled_from(DYADIC_WEIGHTS), min_size=n, max_size=n)))
    else:
        w = np.array(draw(st.lists(
            st.one_of(st.just(0.0), st.floats(1e-3, 1e3)), min_size=n, max_size=n)))
    if not (w > 0).any():
        w[0] = 1.0
    return truth, scores, w


# ---------------------------------------------------------------------------
# independent references
# ---------------------------------------------------------------------------


def brute_sweep(truth, scores, w=None):
    """O(n*m): distinct thresholds (descending) and counts/sums with score >= t."""
    truth = np.asarray(truth, dtype=bool)
    s64 = np.asarray(scores).astype(np.float64)
    w = np.ones(len(s64)) if w is None else np.asarray(w, dtype=np.float64)
    keep = w > 0
    # a Python set holds -0.0 and 0.0 once
    ths = sorted({float(x) for x in s64[keep]}, reverse=True)
    tp, fp = [], []
    for t in ths:
        above = keep & (s64 >= t)
        tp.append(math.fsum(w[above & truth]))
        fp.append(math.fsum(w[above & ~truth]))
    return np.array(ths), np.array(tp), np.array(fp)


def brute_at(truth, scores, w, t):
    truth = np.asarray(truth, dtype=bool)
    s64 = np.asarray(scores).astype(np.float64)
    w = np.ones(len(s64)) if w is None else np.asarray(w, dtype=np.float64)
    above = s64 >= t
    tp, fp = w[above & truth].sum(), w[above & ~truth].sum()
    return tp, fp, w[truth].sum() - tp, w[~truth].sum() - fp


def _ratio(a, b):
    return a / b if b != 0 else Fraction(0)


def exact_metric(name: str, tp, fp, fn, tn):
    """(key, value) with exact rationals: argmax of ``key`` is the best point
    (key is a monotone transform of the metric, sign-flipped for lower-is-better
    metrics, None where the metric is undefined); ``value`` is a float."""
    tp, fp, fn, tn = (Fraction(x) for x in (tp, fp, fn, tn))
    pos, neg, ppos, pneg = tp + fn, fp + tn, tp + fp, fn + tn
    det = tp * tn - fp * fn
    if name == "accuracy":
        v = _ratio(tp + tn, pos + neg)
        return v, float(v)
    if name == "precision":
        v = _ratio(tp, ppos)
        return v, float(v)
    if name == "recall":
        v = _ratio(tp, pos)
        return v, float(v)
    if name == "specificity":
        v = _ratio(tn, neg)
        return v, float(v)
    if name == "npv":
        v = _ratio(tn, pneg)
        return v, float(v)
    if name == "fpr":
        v = _ratio(fp, neg)
        return -v, float(v)
    if name == "fnr":
        v = _ratio(fn, pos)
        return -v, float(v)
    if name.startswith("cost"):
        c_fp, c_fn = (1, 1) if name == "cost" else (1, 10)
        v = c_fp * fp + c_fn * fn
        return -v, float(v)
    if name in ("f1", "f2", "f0.5", "f3"):
        b2 = Fraction(name[1:]) ** 2
        v = _ratio((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp)
        return v, float(v)
    if name == "balanced_accuracy":
        if pos > 0 and neg > 0:
            v = (tp / pos + tn / neg) / 2
        elif pos > 0:
            v = tp / pos
        elif neg > 0:
            v = tn / neg
        else:
            v = Fraction(0)
        return v, float(v)
    if name == "gmean":
        v = _ratio(tp, pos) * _ratio(tn, neg)
        return v, math.sqrt(v)
    if name == "mcc":
        den = ppos * pneg * pos * neg
        if den == 0:
            return Fraction(0), 0.0
        return (1 if det >= 0 else -1) * det * det / den, float(det) / math.sqrt(den)
    if name == "youden_j":
        v = _ratio(det, pos * neg)
        return v, float(v)
    if name == "markedness":
        v = _ratio(det, ppos * pneg)
        return v, float(v)
    if name == "jaccard":
        v = _ratio(tp, tp + fp + fn)
        return v, float(v)
    if name == "cohen_kappa":
        den = ppos * neg + pos * pneg
        if den == 0:
            return None, math.nan
        v = 2 * det / den
        return v, float(v)
    raise AssertionError(name)


def exact_best(name, tp, fp, n_pos, n_neg, feasible=None):
    """Index of the first (highest-threshold) point with the largest key, or None."""
    best_i, best_k = None, None
    for i in range(len(tp)):
        if feasible is not None and not feasible[i]:
            continue
        k, _ = exact_metric(name, tp[i], fp[i], n_pos - Fraction(tp[i]), n_neg - Fraction(fp[i]))
        if k is None:
            continue
        if best_k is None or k > best_k:
            best_i, best_k = i, k
    return best_i


STANDARD = ic.metric_names()
OPTIMISED = STANDARD + ["f3", "cost(c_fp=1, c_fn=10)"]

# ---------------------------------------------------------------------------
# counts against the brute force
# ---------------------------------------------------------------------------


def check_against_brute_force(truth, scores, w, exact=True):
    s = ic.sweep(truth, scores, sample_weight=w)
    th, tp, fp = brute_sweep(truth, scores, w)
    assert s.thresholds.dtype == (scores.dtype if scores.dtype == np.float32 else np.float64)
    np.testing.assert_array_equal(s.thresholds.astype(np.float64), th)
    assert len(s) == len(th)
    # distinct and strictly descending; -0.0 and 0.0 are one threshold
    assert np.all(np.diff(s.thresholds.astype(np.float64)) < 0)
    assert np.count_nonzero(s.thresholds == 0) <= 1
    if w is None:
        assert s.tp.dtype == s.fp.dtype == np.int64
        assert isinstance(s.n_pos, int) and isinstance(s.n_neg, int)
    else:
        assert s.tp.dtype == s.fp.dtype == np.float64
    if exact:
        np.testing.assert_array_equal(s.tp, tp)
        np.testing.assert_array_equal(s.fp, fp)
    else:
        np.testing.assert_allclose(s.tp, tp, rtol=1e-12, atol=0)
        np.testing.assert_allclose(s.fp, fp, rtol=1e-12, atol=0)
    return s


@SETTINGS
@given(st.sampled_from([None, "dyadic", "float"]).flatmap(
    lambda k: st.tuples(st.just(k), data_st(weights=k))))
def test_counts_match_brute_force(case):
    """Unweighted and dyadic weights: exact; other weights: to 1e-12."""
    kind, d = case
    check_against_brute_force(*d, exact=kind != "float")


def test_signed_zero_is_one_threshold():
    s = ic.sweep([1, 0, 1, 0], np.array([-0.0, 0.0, 0.0, -0.0]))
    assert len(s) == 1 and s.thresholds[0] == 0.0
    assert (s.tp[0], s.fp[0]) == (2, 2)
    s = ic.sweep([1, 0, 1], np.array([-0.0, 1.0, 0.0], dtype=np.float32))
    assert len(s) == 2 and s.thresholds.dtype == np.float32
    np.testing.assert_array_equal(s.tp, [0, 2])


def test_zero_weight_samples_are_dropped():
    s = ic.sweep([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6], sample_weight=[1.0, 0.0, 2.0, 0.5])
    np.testing.assert_array_equal(s.thresholds, [0.9, 0.7, 0.6])
    np.testing.assert_array_equal(s.tp, [1.0, 3.0, 3.0])
    np.testing.assert_array_equal(s.fp, [0.0, 0.0, 0.5])
    assert (s.n_pos, s.n_neg) == (3.0, 0.5)


# ---------------------------------------------------------------------------
# invariants
# ---------------------------------------------------------------------------


def assert_same_sweep(a, b):
    assert a.thresholds.dtype == b.thresholds.dtype
    np.testing.assert_array_equal(a.thresholds, b.thresholds)
    assert a.tp.dtype == b.tp.dtype
    np.testing.assert_array_equal(a.tp, b.tp)  # exact, also for float sums
    np.testing.assert_array_equal(a.fp, b.fp)
    assert (a.n_pos, a.n_neg) == (b.n_pos, b.n_neg)


@SETTINGS
@given(st.sampled_from([None, "dyadic", "float"]).flatmap(lambda k: data_st(weights=k)),
       st.randoms(use_true_random=False))
def test_invariants(d, rnd):
    truth, scores, w = d
    s = ic.sweep(truth, scores, sample_weight=w)
    wv = np.ones(len(scores)) if w is None else w
    assert np.all(np.diff(s.tp) >= 0) and np.all(np.diff(s.fp) >= 0)
    assert s.tp[-1] == s.n_pos and s.fp[-1] == s.n_neg
    np.testing.assert_allclose([s.n_pos, s.n_neg],
                               [math.fsum(wv[truth]), math.fsum(wv[~truth])], rtol=1e-13)
    if w is None or np.all(np.isin(w, DYADIC_WEIGHTS)):
        np.testing.assert_array_equal(s.tp + s.fn, s.n_pos)
        np.testing.assert_array_equal(s.fp + s.tn, s.n_neg)
        assert s.n_pos == math.fsum(wv[truth]) and s.n_neg == math.fsum(wv[~truth])
    assert np.all(s.fn >= 0) and np.all(s.tn >= 0)
    # shuffling the samples changes nothing, exactly
    perm = list(range(len(scores)))
    rnd.shuffle(perm)
    perm = np.array(perm)
    shuffled = ic.sweep(truth[perm], scores[perm],
                        sample_weight=None if w is None else w[perm])
    assert_same_sweep(s, shuffled)
    # one thread or two: identical, including weighted sums and derived values
    s1 = ic.sweep(truth, scores, sample_weight=w, n_jobs=1)
    s2 = ic.sweep(truth, scores, sample_weight=w, n_jobs=2)
    assert_same_sweep(s1, s)
    assert_same_sweep(s2, s)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.array_equal(s1.roc_auc, s2.roc_auc, equal_nan=True)
    assert s1.average_precision == s2.average_precision


@pytest.fixture(scope="module")
def big():
    """300k samples with heavy ties: several chunks of the parallel scans."""
    rng = np.random.default_rng(12345)
    n = 300_000
    scores = rng.integers(0, 5000, n) / 64.0
    truth = rng.random(n) < 0.2
    w = rng.exponential(1.0, n)
    w[rng.random(n) < 0.1] = 0.0
    return truth, scores, w


@pytest.mark.parametrize("weighted", [False, True])
def test_big_sweep_thread_count_and_order_independent(big, weighted):
    truth, scores, w = big
    w = w if weighted else None
    s1 = ic.sweep(truth, scores, sample_weight=w, n_jobs=1)
    s2 = ic.sweep(truth, scores, sample_weight=w, n_jobs=2)
    assert_same_sweep(s1, s2)
    for name in ("f1", "mcc", "cost"):
        np.testing.assert_array_equal(s1.metric(name), s2.metric(name))
        assert s1.best(name) == s2.best(name)
    assert s1.roc_auc == s2.roc_auc and s1.average_precision == s2.average_precision
    perm = np.random.default_rng(1).permutation(len(scores))
    s3 = ic.sweep(truth[perm], scores[perm], sample_weight=None if w is None else w[perm])
    assert_same_sweep(s1, s3)
    # and against an independent count
    keep = np.ones(len(scores), bool) if w is None else w > 0
    wv = np.ones(len(scores)) if w is None else w
    u, inv = np.unique(scores[keep], return_inverse=True)
    pos = np.bincount(inv, weights=wv[keep] * truth[keep], minlength=len(u))[::-1]
    neg = np.bincount(inv, weights=wv[keep] * ~truth[keep], minlength=len(u))[::-1]
    np.testing.assert_array_equal(s1.thresholds, u[::-1])
    np.testing.assert_allclose(s1.tp, np.cumsum(pos), rtol=1e-12)
    np.testing.assert_allclose(s1.fp, np.cumsum(neg), rtol=1e-12)


def _adversarial_scores(kind: str, n: int, rng) -> np.ndarray:
    """Score layouts aimed at a radix partition of the keys (bucket edges, skew)."""
    if kind == "clustered_with_outliers":
        # almost all keys share a long prefix; a few extremes widen the key range
        s = 0.5 + rng.integers(0, 5000, n) * np.spacing(0.5)
        s[:8] = [1e300, -1e300, 5e-324, -5e-324, 0.0, -0.0, np.finfo(float).max, -1.0]
        return s
    if kind == "signed_zeros":
        s = np.where(rng.random(n) < 0.5, 0.0, -0.0)
        s[0] = 1.0
        return s
    if kind == "constant":
        return np.full(n, -3.25)
    if kind == "consecutive_floats":  # every key distinct and adjacent
        return 1.0 + np.arange(n) * np.spacing(1.0)
    if kind == "all_magnitudes":
        return np.where(rng.random(n) < 0.5, -1.0, 1.0) * np.exp2(rng.uniform(-1000, 1000, n))
    if kind == "one_huge_tie":  # a tie much larger than a cache-sized bucket
        s = rng.normal(0.0, 1.0, n)
        s[rng.random(n) < 0.6] = 0.125
        return s
    raise AssertionError(kind)


ADVERSARIAL = ["clustered_with_outliers", "signed_zeros", "constant", "consecutive_floats",
               "all_magnitudes", "one_huge_tie"]


@pytest.mark.parametrize("kind", ADVERSARIAL)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_counts_on_adversarial_layouts_match_numpy_reference(kind, dtype):
    rng = np.random.default_rng(ADVERSARIAL.index(kind))
    n = 70_000
    with np.errstate(over="ignore", under="ignore"):
        scores = _adversarial_scores(kind, n, rng).astype(dtype)
    scores[~np.isfinite(scores)] = 0.0  # float32 overflow of the extremes
    truth = rng.random(n) < 0.3
    w = rng.integers(0, 17, n) / 4.0  # dyadic: exact sums in any order
    s64 = scores.astype(np.float64) + 0.0  # -0.0 -> 0.0
    for weights in (None, w):
        wv = np.ones(n) if weights is None else weights
        keep = wv > 0
        u, inv = np.unique(s64[keep], return_inverse=True)
        pos = np.bincount(inv, weights=(wv * truth)[keep], minlength=len(u))[::-1]
        neg = np.bincount(inv, weights=(wv * ~truth)[keep], minlength=len(u))[::-1]
        results = [ic.sweep(truth, scores, sample_weight=weights, n_jobs=k) for k in (None, 1, 2)]
        for r in results:
            assert r.thresholds.dtype == dtype
            np.testing.assert_array_equal(r.thresholds.astype(np.float64), u[::-1])
            np.testing.assert_array_equal(r.tp, np.cumsum(pos))
            np.testing.assert_array_equal(r.fp, np.cumsum(neg))
            assert_same_sweep(r, results[0])


def _exact_float32_case(n, rng, prevalence=0.5):
    codes = rng.integers(0, 64, n, dtype=np.uint8)  # 64 distinct scores: heavy ties
    truth = rng.random(n, dtype=np.float32) < prevalence
    if np.count_nonzero(truth) % 2 == 0:  # an odd number of positives
        truth[0] = not truth[0]
    scores = codes.astype(np.float32) / np.float32(8)
    pos = np.bincount(codes[truth], minlength=64).astype(np.int64)[::-1]
    allc = np.bincount(codes, minlength=64).astype(np.int64)[::-1]
    present = allc > 0
    return truth, scores, np.cumsum(pos)[present], np.cumsum(allc - pos)[present]


def test_float32_counts_exact_beyond_2_pow_24():
    """~17 million float32 samples: counts above 2^24 stay exact (int64)."""
    n = 17_000_001
    rng = np.random.default_rng(99)
    t0 = time.perf_counter()
    # nearly all positive, so that the true-positive counts pass 2^24 themselves
    truth, scores, tp_ref, fp_ref = _exact_float32_case(n, rng, prevalence=0.99)
    if time.perf_counter() - t0 > 5.0:  # not a timing assertion: a slow machine skips
        pytest.skip("building 17 million samples took more than 5 s on this machine")
    s = ic.sweep(truth, scores)
    assert s.tp.dtype == s.fp.dtype == np.int64 and s.thresholds.dtype == np.float32
    assert s.n_pos + s.n_neg == n > 2**24
    # the reference holds counts that float32 cannot represent
    assert any(c > 2**24 and c % 2 == 1 for c in tp_ref)
    assert any(c > 2**24 and c % 2 == 1 for c in tp_ref + fp_ref)
    np.testing.assert_array_equal(s.tp, tp_ref)
    np.testing.assert_array_equal(s.fp, fp_ref)
    del s


def test_counts_int64_and_exact_for_3_million_heavy_ties():
    rng = np.random.default_rng(5)
    truth, scores, tp_ref, fp_ref = _exact_float32_case(3_000_000, rng)
    s = ic.sweep(truth, scores.astype(np.float64))
    assert s.tp.dtype == s.fp.dtype == np.int64
    np.testing.assert_array_equal(s.tp, tp_ref)
    np.testing.assert_array_equal(s.fp, fp_ref)


# ---------------------------------------------------------------------------
# metrics along the curve
# ---------------------------------------------------------------------------


def sklearn_metric(name, truth, pred, w):
    kw = {"sample_weight": w}
    cm = skm.confusion_matrix(truth, pred, labels=[False, True], **kw)
    (tn, fp), (fn, tp) = cm.astype(float)
    table = {
        "accuracy": lambda: skm.accuracy_score(truth, pred, **kw),
        "precision": lambda: skm.precision_score(truth, pred, zero_division=0, **kw),
        "recall": lambda: skm.recall_score(truth, pred, zero_division=0, **kw),
        "f1": lambda: skm.f1_score(truth, pred, zero_division=0, **kw),
        "f2": lambda: skm.fbeta_score(truth, pred, beta=2, zero_division=0, **kw),
        "f0.5": lambda: skm.fbeta_score(truth, pred, beta=0.5, zero_division=0, **kw),
        "balanced_accuracy": lambda: skm.balanced_accuracy_score(truth, pred, **kw),
        "mcc": lambda: skm.matthews_corrcoef(truth, pred, **kw),
        "jaccard": lambda: skm.jaccard_score(truth, pred, zero_division=0, **kw),
        "cohen_kappa": lambda: skm.cohen_kappa_score(truth, pred, sample_weight=w),
        "specificity": lambda: skm.recall_score(~truth, ~pred, zero_division=0, **kw),
        "npv": lambda: skm.precision_score(~truth, ~pred, zero_division=0, **kw),
        "fpr": lambda: fp / (fp + tn),
        "fnr": lambda: fn / (fn + tp),
        "youden_j": lambda: skm.recall_score(truth, pred, **kw)
        + skm.recall_score(~truth, ~pred, **kw) - 1,
        # documented: 0 when a margin of the confusion matrix is empty
        "markedness": lambda: 0.0 if min(tp + fp, fn + tn, tp + fn, fp + tn) == 0 else
        skm.precision_score(truth, pred, **kw) + skm.precision_score(~truth, ~pred, **kw) - 1,
        "gmean": lambda: math.sqrt(skm.recall_score(truth, pred, **kw)
                                   * skm.recall_score(~truth, ~pred, **kw)),
        "cost": lambda: fp + fn,
        "cost(c_fp=1, c_fn=10)": lambda: fp + 10 * fn,
    }
    return table[name]()


@pytest.mark.parametrize("weighted", [False, True])
def test_metric_curve_matches_metric_value_and_sklearn(weighted):
    rng = np.random.default_rng(11)
    n = 400
    scores = rng.integers(0, 40, n) / 8.0
    truth = rng.random(n) < 0.3
    w = rng.random(n) * 2 if weighted else None
    s = ic.sweep(truth, scores, sample_weight=w)
    picks = [0, 3, len(s) // 2, len(s) - 2, len(s) - 1]
    for name in STANDARD + ["cost(c_fp=1, c_fn=10)"]:
        curve = s.metric(name)
        assert curve.dtype == np.float64 and curve.shape == (len(s),)
        # the metric table applied to the counts along the curve
        np.testing.assert_allclose(
            curve, ic.metric_value(name, s.tp, s.fp, s.fn, s.tn), rtol=1e-12, atol=1e-15)
        # the metric of the predictions score >= t, by scikit-learn
        for i in picks:
            pred = scores >= s.thresholds[i]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ref = sklearn_metric(name, truth, pred, w)
            np.testing.assert_allclose(curve[i], ref, rtol=1e-12, atol=1e-12,
                                       err_msg=f"{name} at threshold index {i}")


@SETTINGS_100
@given(data_st(weights="dyadic", max_n=25))
def test_metric_curve_matches_exact_rationals(d):
    truth, scores, w = d
    s = ic.sweep(truth, scores, sample_weight=w)
    _, tp, fp = brute_sweep(truth, scores, w)
    n_pos, n_neg = Fraction(tp[-1]), Fraction(fp[-1])
    for name in OPTIMISED:
        curve = s.metric(name)
        ref = [exact_metric(name, a, b, n_pos - Fraction(a), n_neg - Fraction(b))[1]
               for a, b in zip(tp, fp)]
        np.testing.assert_allclose(curve, ref, rtol=1e-13, atol=1e-15, equal_nan=True,
                                   err_msg=name)


# ---------------------------------------------------------------------------
# best thresholds
# ---------------------------------------------------------------------------


#: Metrics computed with more than one rounding: mathematically equal values at
#: two thresholds can differ in the last bit, and then best() does not follow the
#: tie rule (see test_best_tie_rule_with_rounding_in_the_metric below).
ROUNDED_TWICE = {"balanced_accuracy", "gmean", "mcc"}


def check_best(s, truth, scores, w, name):
    th, tp, fp = brute_sweep(truth, scores, w)
    n_pos, n_neg = Fraction(tp[-1]), Fraction(fp[-1])
    want = exact_best(name, tp, fp, n_pos, n_neg)
    if want is None:
        with pytest.raises(ic.ImbcoreError, match="undefined"):
            s.best(name)
        return None
    b = s.best(name)
    if name in ROUNDED_TWICE:
        # exactly optimal; the tie rule itself is checked in
        # test_best_tie_rule_with_rounding_in_the_metric
        def key(i):
            return exact_metric(name, tp[i], fp[i], n_pos - Fraction(tp[i]),
                                n_neg - Fraction(fp[i]))[0]
        assert key(b.index) == key(want), (name, b, want)
        want = b.index
    assert b.index == want, (name, b, want)
    assert float(b.threshold) == th[want]
    _, value = exact_metric(name, tp[want], fp[want], n_pos - Fraction(tp[want]),
                            n_neg - Fraction(fp[want]))
    np.testing.assert_allclose(b.value, value, rtol=1e-13, atol=1e-15)
    assert (b.tp, b.fp) == (tp[want], fp[want])
    assert b.fn == float(n_pos) - tp[want] and b.tn == float(n_neg) - fp[want]
    assert b.metric == ic.canonical_name(name)
    return b


# draws of one class warn that the metric is ill-defined; the values are still compared
@pytest.mark.filterwarnings("ignore::imbcore.errors.UndefinedMetricWarning")
@SETTINGS_100
@given(st.sampled_from([None, "dyadic"]).flatmap(lambda k: data_st(weights=k, max_n=30)))
def test_best_is_exact_argmax_with_highest_threshold_on_ties(d):
    truth, scores, w = d
    s = ic.sweep(truth, scores, sample_weight=w)
    for name in OPTIMISED:
        check_best(s, truth, scores, w, name)


@pytest.mark.parametrize("name, truth, tied", [
    # (1/2 + 4/6) / 2 == (1 + 1/6) / 2 == 7/12 at thresholds 6 and 2
    ("balanced_accuracy", [0, 0, 1, 0, 0, 0, 1, 0], (2, 6)),
    # sqrt(1/2 * 3/5) == sqrt(3/4 * 2/5) == sqrt(3/10) at thresholds 6 and 4
    ("gmean", [0, 0, 1, 1, 0, 1, 0, 0, 1], (3, 5)),
    # 10 / sqrt(600) == 8 / sqrt(384) == 1 / sqrt(6)
    ("mcc", [0, 0, 1, 1, 1, 0, 0, 1, 0, 0], (4, 7)),
])
def test_best_tie_rule_with_rounding_in_the_metric(name, truth, tied):
    truth = np.array(truth, dtype=bool)
    scores = np.arange(len(truth), 0, -1, dtype=np.float64)  # threshold i keeps samples 0..i
    tp, fp = np.cumsum(truth), np.cumsum(~truth)
    n_pos, n_neg = Fraction(int(tp[-1])), Fraction(int(fp[-1]))
    keys = [exact_metric(name, int(a), int(b), n_pos - int(a), n_neg - int(b))[0]
            for a, b in zip(tp, fp)]
    best_key = max(keys)
    assert [i for i, k in enumerate(keys) if k == best_key] == list(tied)  # an exact tie
    b = ic.sweep(truth, scores).best(name)
    assert b.index == tied[0] and float(b.threshold) == scores[tied[0]]


def test_best_ties_go_to_highest_threshold_for_minimised_metrics():
    # fpr is 0 at the three highest thresholds: the highest wins
    s = ic.sweep([1, 1, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5])
    b = s.best("fpr")
    assert (b.index, float(b.threshold), b.value) == (0, 0.9, 0.0)
    # cost fp + fn: 2 (t=.9), 1 (t=.8), 2 (t=.7), 1 (t=.6), 2 (t=.5) -> first 1 wins
    s = ic.sweep([1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5])
    b = s.best("cost")
    assert (b.index, float(b.threshold), b.value) == (1, 0.8, 1.0)


# draws of one class warn that the metric is ill-defined; the values are still compared
@pytest.mark.filterwarnings("ignore::imbcore.errors.UndefinedMetricWarning")
@SETTINGS
@given(st.sampled_from([None, "dyadic"]).flatmap(lambda k: data_st(weights=k, max_n=30)),
       st.sampled_from([0.5, 0.75, 0.9, 1.0]), st.sampled_from([0.0, 0.1, 0.3, 0.5]))
def test_best_subject_to_matches_brute_force(d, p_floor, fpr_ceiling):
    truth, scores, w = d
    s = ic.sweep(truth, scores, sample_weight=w)
    th, tp, fp = brute_sweep(truth, scores, w)
    n_pos, n_neg = tp[-1], fp[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        fpr = np.where(n_neg > 0, fp / n_neg, 0.0)
        recall = np.where(n_pos > 0, tp / n_pos, 0.0)
    cases = [
        ("recall", {"precision": p_floor}, precision >= p_floor),
        ("f1", {"fpr": fpr_ceiling}, fpr <= fpr_ceiling),
        ("accuracy", {"precision": p_floor, "recall": 0.5}, (precision >= p_floor)
         & (recall >= 0.5)),
        ("precision", {"cost(c_fp=1, c_fn=10)": 10.0},
         (fp + 10 * (n_pos - tp)) <= 10.0),
    ]
    for name, rule, feasible in cases:
        want = exact_best(name, tp, fp, Fraction(n_pos), Fraction(n_neg), feasible)
        if want is None:
            with pytest.raises(ic.ImbcoreError, match="invalid subject_to"):
                s.best(name, subject_to=rule)
            continue
        b = s.best(name, subject_to=rule)
        assert b.index == want, (name, rule, b, want)
        assert float(b.threshold) == th[want]


def test_highest_recall_with_precision_floor_fixed_case():
    rng = np.random.default_rng(21)
    n = 3000
    truth = rng.random(n) < 0.25
    scores = np.round(truth * 0.8 + rng.random(n), 3)
    s = ic.sweep(truth, scores)
    b = s.best("recall", subject_to={"precision": 0.9})
    # brute force over every distinct score
    best_t, best_r = None, -1.0
    for t in np.unique(scores)[::-1]:
        pred = scores >= t
        tp = np.count_nonzero(pred & truth)
        if tp / np.count_nonzero(pred) >= 0.9 and tp / truth.sum() > best_r:
            best_t, best_r = t, tp / truth.sum()
    assert float(b.threshold) == best_t and b.value == best_r
    assert skm.precision_score(truth, scores >= b.threshold) >= 0.9


def test_unsatisfiable_constraint_raises():
    s = ic.sweep([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4])
    with pytest.raises(ic.ImbcoreError, match=r"invalid subject_to: got precision >= 1\.01"):
        s.best("recall", subject_to={"precision": 1.01})
    with pytest.raises(ic.ImbcoreError, match=r"invalid subject_to: got fpr <= -0\.1"):
        s.best("recall", subject_to={"fpr": -0.1})
    with pytest.raises(ValueError, match="loosen the bounds"):
        s.best("f1", subject_to={"precision": 0.9, "recall": 0.9})
    with pytest.raises(ic.ImbcoreError, match=r"invalid subject_to: got \{'precision': inf\}; bounds must be finite"):
        s.best("f1", subject_to={"precision": float("inf")})


def test_best_all_returns_every_standard_metric():
    rng = np.random.default_rng(8)
    n = 300
    truth = rng.random(n) < 0.3
    scores = rng.integers(0, 30, n) / 4.0
    s = ic.sweep(truth, scores)
    out = s.best_all()
    assert list(out) == STANDARD
    for name, b in out.items():
        assert isinstance(b, ic.BestThreshold)
        assert b == check_best(s, truth, scores, None, name)
    sub = s.best_all(["f2", "mcc"])
    assert list(sub) == ["f2", "mcc"] and sub["mcc"] == out["mcc"]
    with pytest.raises(ic.ImbcoreError, match="bogus"):
        s.best_all(["f1", "bogus"])


# ---------------------------------------------------------------------------
# at(threshold)
# ---------------------------------------------------------------------------


@SETTINGS_100
@given(st.sampled_from([None, "dyadic"]).flatmap(lambda k: data_st(weights=k, max_n=30)))
def test_at_matches_brute_force(d):
    truth, scores, w = d
    s = ic.sweep(truth, scores, sample_weight=w)
    u = np.unique(scores.astype(np.float64))
    probes = np.concatenate([
        u, (u[1:] + u[:-1]) / 2, [u[0] - 1, u[-1] + 1, np.inf, -np.inf, 0.0, -0.0],
        np.nextafter(u, np.inf), np.nextafter(u, -np.inf),
    ])
    got = s.at(probes)
    assert all(np.shape(x) == probes.shape for x in got)
    ref = np.array([brute_at(truth, scores, w, t) for t in probes])
    for k in range(4):
        np.testing.assert_array_equal(np.asarray(got[k], dtype=float), ref[:, k])
    # scalar in, scalars out; matrix in, matrix out
    c = s.at(float(u[0]))
    assert np.ndim(c.tp) == 0 and tuple(map(float, c)) == tuple(ref[0])
    grid = s.at(probes[:6].reshape(2, 3))
    assert grid.tp.shape == (2, 3)
    np.testing.assert_array_equal(np.asarray(grid.fp, float).ravel(), ref[:6, 1])


def test_at_float32_scores_with_float64_thresholds():
    scores = np.array([0.1, 0.2, 0.7], dtype=np.float32)
    s = ic.sweep([1, 0, 1], scores)
    # 0.1 (float64) is below float32(0.1) = 0.10000000149...: all three are predicted positive
    assert float(np.float32(0.1)) > 0.1 and s.at(0.1) == (2, 1, 0, 0)
    assert s.at(float(np.float32(0.1)) + 1e-12) == (1, 1, 1, 0)
    # float32(0.7) = 0.69999998807... is below 0.7: nothing is predicted positive
    assert float(np.float32(0.7)) < 0.7 and s.at(0.7) == (0, 0, 2, 1)
    assert s.at(float(np.float32(0.7))) == (1, 0, 1, 1)


def test_at_nan_threshold_raises():
    s = ic.sweep([1, 0], [0.5, 0.2])
    with pytest.raises(ic.ImbcoreError, match="invalid threshold: got NaN"):
        s.at([0.1, np.nan])


# ---------------------------------------------------------------------------
# roc_auc and average_precision
# ---------------------------------------------------------------------------


@SETTINGS_100
@given(st.sampled_from([None, "dyadic", "float"]).flatmap(
    lambda k: data_st(weights=k, max_n=40)))
def test_roc_auc_and_average_precision_match_sklearn(d):
    truth, scores, w = d
    s = ic.sweep(truth, scores, sample_weight=w)
    wv = np.ones(len(scores)) if w is None else w
    has_pos, has_neg = (wv[truth] > 0).any(), (wv[~truth] > 0).any()
    if has_pos and has_neg:
        np.testing.assert_allclose(
            s.roc_auc, skm.roc_auc_score(truth, scores, sample_weight=w), rtol=1e-12, atol=1e-15)
    else:
        with pytest.warns(UserWarning, match="Only one class"):
            assert np.isnan(s.roc_auc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref_ap = skm.average_precision_score(truth, scores, sample_weight=w)
    np.testing.assert_allclose(s.average_precision, ref_ap, rtol=1e-12, atol=1e-15)


def test_roc_auc_and_average_precision_large_fixed_case(big):
    truth, scores, w = big
    for sw in (None, w):
        s = ic.sweep(truth, scores, sample_weight=sw)
        np.testing.assert_allclose(s.roc_auc, skm.roc_auc_score(truth, scores, sample_weight=sw),
                                   rtol=1e-12)
        np.testing.assert_allclose(
            s.average_precision,
            skm.average_precision_score(truth, scores, sample_weight=sw), rtol=1e-12)


def test_one_class_sweep_works_and_roc_auc_is_nan_with_warning():
    s = ic.sweep([1, 1, 1], [0.2, 0.1, 0.2])
    np.testing.assert_array_equal(s.tp, [2, 3])
    np.testing.assert_array_equal(s.fp, [0, 0])
    assert (s.n_pos, s.n_neg) == (3, 0)
    np.testing.assert_array_equal(s.metric("recall"), [2 / 3, 1.0])
    with pytest.warns(UserWarning, match="Only one class is present in y_true"):
        auc = s.roc_auc
    with pytest.warns(UserWarning, match="Only one class is present in y_true"):
        ref = skm.roc_auc_score([1, 1, 1], [0.2, 0.1, 0.2])
    assert np.isnan(auc) and np.isnan(ref)
    assert s.average_precision == skm.average_precision_score([1, 1, 1], [0.2, 0.1, 0.2]) == 1.0

    s = ic.sweep([0, 0], [0.2, 0.1])
    np.testing.assert_array_equal(s.tp, [0, 0])
    np.testing.assert_array_equal(s.fp, [1, 2])
    with pytest.warns(UserWarning, match="Only one class"):
        assert np.isnan(s.roc_auc)
    assert s.average_precision == 0.0


# ---------------------------------------------------------------------------
# concurrency: the GIL is released during the sweep
# ---------------------------------------------------------------------------


def _two_thread_starts(truth, scores, delay):
    """Thread 0 sweeps at once, thread 1 after ``delay``: the (start, end) of each call."""
    intervals = [None, None]
    errors = []
    barrier = threading.Barrier(2)

    def work(k):
        try:
            barrier.wait()
            if k == 1:
                # Sleep while thread 0 is in the sweep. Waking needs the GIL: if
                # the sweep held it, thread 1 could only start once thread 0's
                # sweep had ended.
                time.sleep(delay)
            t0 = time.perf_counter()
            ic.sweep(truth, scores)
            intervals[k] = (t0, time.perf_counter())
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return intervals


def test_two_threads_sweep_at_the_same_time():
    """Two Python threads are inside imbcore.sweep at the same time (GIL released).

    The intervals [start, end] of the two calls must overlap. As the end of a
    call is only recorded once its thread gets the GIL back, an overlap alone
    would also appear if the GIL were held (thread 0's end would wait for
    thread 1's call); so the test also asks that thread 1 started less than
    half a solo sweep after thread 0 started: with the GIL held it could only
    start after thread 0's sweep had finished.
    """
    rng = np.random.default_rng(0)
    n = 5_000_000
    scores = rng.random(n)
    truth = rng.random(n) < 0.3
    ic.sweep(truth[:1000], scores[:1000])  # start the thread pool
    t0 = time.perf_counter()
    ic.sweep(truth, scores)
    solo = time.perf_counter() - t0
    delay = 0.02
    seen = []
    for _ in range(3):  # robust against an unlucky schedule
        (a0, a1), (b0, b1) = _two_thread_starts(truth, scores, delay)
        seen.append(((a0, a1), (b0, b1)))
        if solo <= 2 * delay:  # too fast here to tell; make the case larger
            pytest.skip(f"a sweep of {n} samples took only {solo:.3f} s")
        overlap = b0 < a1 and a0 < b1
        if overlap and delay / 2 <= b0 - a0 < solo / 2:
            return
    pytest.fail(f"the sweeps did not run at the same time (solo sweep {solo:.3f} s): {seen}")


# ---------------------------------------------------------------------------
# errors: ImbcoreError (a ValueError) naming the argument and the value
# ---------------------------------------------------------------------------

BAD_INPUTS = [
    # (y_true, y_score, kwargs, pattern)
    ([0, 1, 1], [0.1, np.nan, 0.3], {}, r"(?i)invalid y_score: got nan at index 1;.*finite"),
    ([0, 1, 1, 0], [0.1, 0.2, np.inf, np.nan], {}, r"invalid y_score: got inf at index 2;"),
    ([0, 1], [-np.inf, 0.2], {}, r"invalid y_score: got -inf at index 0;"),
    ([0, 1], np.array([0.2, np.nan], np.float32), {}, r"(?i)invalid y_score: got nan at index 1;"),
    ([0, 1], [0.1, 0.2, 0.3], {}, r"invalid y_true: got length 2; .*same length as y_score \(3\)"),
    ([0, 1, 1, 0], [0.1, 0.2, 0.3], {},
     r"invalid y_true: got length 4; .*same length as y_score \(3\)"),
    ([0, 1, 1], [0.1, 0.2, 0.3], {"sample_weight": [1.0, 2.0]},
     r"invalid sample_weight: got length 2; .*same length as y_score \(3\)"),
    ([], [], {}, r"invalid y_true: got an empty array"),
    ([0, 1, 2], [0.1, 0.2, 0.3], {}, r"invalid y_true: got more than two label values \{0, 1, 2\}"),
    (["a", "b", "c"], [0.1, 0.2, 0.3], {},
     # imbcore.sweep points to pos_label; the drop-ins say what scikit-learn says
     r"invalid y_true: got more than two label values \{'a', 'b', 'c'\}(.*pos_label|; "
     r"multiclass format is not supported)"),
    ([0, 2, 2], [0.1, 0.2, 0.3], {}, r"invalid pos_label: got None with labels \[0, 2\]"),
    ([-1, 0, 0], [0.1, 0.2, 0.3], {}, r"invalid pos_label: got None with labels \[-1, 0\]"),
    (["no", "yes"], [0.1, 0.2], {}, r"invalid pos_label: got None with labels \['no', 'yes'\]"),
    ([0.0, np.nan], [0.1, 0.2], {}, r"invalid y_true: got non-finite labels"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [1.0, -1.0]},
     r"invalid sample_weight: got -1(\.0)? at index 1; .*finite and >= 0"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [np.nan, 1.0]},
     r"(?i)invalid sample_weight: got nan at index 0;"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [1.0, np.inf]},
     r"invalid sample_weight: got inf at index 1;"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [0.0, 0.0]},
     r"invalid sample_weight: got all zeros; at least one weight must be > 0"),
    ([[0, 1]], [[0.1, 0.2]], {}, r"invalid y_score: got an array of shape \(1, 2\)"),
    ([0, 1], [[0.1, 0.2], [0.3, 0.4]], {}, r"invalid y_score: got an array of shape \(2, 2\)"),
    ([[0, 1], [1, 0]], [0.1, 0.2], {}, r"invalid y_true: got an array of shape \(2, 2\)"),
    ([0, 1], [0.1, 0.2], {"sample_weight": [[1.0, 1.0]]},
     r"invalid sample_weight: got an array of shape \(1, 2\)"),
    ([0, 1], ["a", "b"], {}, r"invalid y_score: got an array of dtype <U1; scores must be numeric"),
    ([0, 1], [0.1, 0.2], {"sample_weight": ["a", "b"]}, r"invalid sample_weight: got .*numeric"),
    ([0, 1], 0.5, {}, r"invalid y_score: got 0\.5; y_score must be a 1-D array"),
    ([0, 1], [0.1, 0.2], {"n_jobs": 0}, r"invalid n_jobs: got 0; n_jobs must be >= 1"),
]


@pytest.mark.parametrize("y_true, y_score, kwargs, pattern", BAD_INPUTS)
def test_sweep_errors_name_argument_and_value(y_true, y_score, kwargs, pattern):
    with pytest.raises(ic.ImbcoreError, match=pattern) as info:
        ic.sweep(y_true, y_score, **kwargs)
    assert isinstance(info.value, ValueError)


# scikit-learn's curves take multiclass labels with a pos_label (one class
# against the rest): the drop-ins must too (see the test below), while
# imbcore's own sweep refuses them.
_SWEEP_ONLY = [c for c in BAD_INPUTS if c[2].get("pos_label") == "a"]


@pytest.mark.parametrize("y_true, y_score, kwargs, pattern",
                         [c for c in BAD_INPUTS[:-1] if c not in _SWEEP_ONLY])
def test_sklearn_dropins_raise_the_same_errors(y_true, y_score, kwargs, pattern):
    kwargs = {k: v for k, v in kwargs.items() if k != "n_jobs"}
    for f in (ic.precision_recall_curve, ic.roc_curve):
        with pytest.raises(ic.ImbcoreError, match=pattern):
            f(y_true, y_score, **kwargs)


@pytest.mark.parametrize("y_true, y_score, kwargs, pattern", _SWEEP_ONLY)
def test_dropins_take_multiclass_labels_with_a_pos_label_as_scikit_learn_does(
        y_true, y_score, kwargs, pattern):
    skm = pytest.importorskip("sklearn.metrics")
    for name in ("precision_recall_curve", "roc_curve"):
        got = getattr(ic, name)(y_true, y_score, **kwargs)
        want = getattr(skm, name)(y_true, y_score, **kwargs)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)


def test_nan_index_is_the_first_one():
    scores = np.zeros(100_000)
    scores[[70_001, 80_000, 99_999]] = np.nan
    scores[90_000] = np.inf
    with pytest.raises(ic.ImbcoreError, match=r"(?i)got nan at index 70001;"):
        ic.sweep(np.zeros(100_000, bool), scores)
    w = np.ones(100_000)
    w[[50_000, 60_000]] = -2.5
    with pytest.raises(ic.ImbcoreError, match=r"got -2\.5 at index 50000;"):
        ic.sweep(np.zeros(100_000, bool), np.zeros(100_000), sample_weight=w)


@pytest.mark.parametrize("call", [
    lambda s: s.metric("precison"),
    lambda s: s.best("precison"),
    lambda s: s.best("f1", subject_to={"precison": 0.9}),
    lambda s: s.best_all(["precison"]),
    lambda s: s.metric("cost(c_fp=-1)"),
])
def test_unknown_metric_names_raise(call):
    s = ic.sweep([0, 1], [0.1, 0.2])
    with pytest.raises(ic.ImbcoreError, match=r"metric.*precison|cost\(c_fp=-1\)") as info:
        call(s)
    assert isinstance(info.value, ValueError)
    if "precison" in str(info.value):  # and it lists what is allowed
        assert "precision" in str(info.value) and "f1" in str(info.value)


def test_non_string_metric_raises():
    s = ic.sweep([0, 1], [0.1, 0.2])
    with pytest.raises(ic.ImbcoreError, match=r"invalid metric: got 3;"):
        s.metric(3)
