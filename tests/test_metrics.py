"""The metric table against scikit-learn, and the parsing of metric names.

Every metric of imbcore, evaluated by ``imbcore.metric_value`` on a confusion
matrix, must equal scikit-learn's function applied to label vectors built to
have exactly that confusion matrix. Where imbcore documents an undefined-value
convention that scikit-learn does not share (Youden's J, markedness, FPR, FNR
and accuracy on degenerate matrices), that convention is tested explicitly.
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.exceptions import UndefinedMetricWarning

import imbcore as ic

TOL = 1e-12

# The base names the brief documents (metric_names() reports these, plus f2/f0.5).
DOCUMENTED_NAMES = [
    "accuracy",
    "precision",
    "recall",
    "specificity",
    "npv",
    "fpr",
    "fnr",
    "f1",
    "balanced_accuracy",
    "gmean",
    "mcc",
    "youden_j",
    "jaccard",
    "cohen_kappa",
    "markedness",
    "cost",
]


# --------------------------------------------------------------------------
# Confusion matrices and the label vectors that realise them
# --------------------------------------------------------------------------


def _matrices() -> list[tuple[int, int, int, int]]:
    """Every pattern of zero cells (twice, with different fills), plus random ones."""
    rng = np.random.default_rng(20240611)
    out = []
    for zeros in itertools.product([False, True], repeat=4):
        if all(zeros):
            continue  # the empty matrix: scikit-learn refuses empty input
        for _ in range(2):
            fill = rng.integers(1, 40, size=4)
            out.append(tuple(0 if z else int(f) for z, f in zip(zeros, fill)))
    for _ in range(35):
        c = rng.integers(0, 60, size=4)
        c[rng.random(4) < 0.25] = 0
        if c.sum() == 0:
            c[rng.integers(4)] = 1
        out.append(tuple(int(v) for v in c))
    # A few fixed, hand-picked cases: perfect, all wrong, single cells.
    out += [(7, 0, 0, 9), (0, 5, 6, 0), (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)]
    return out


MATRICES = _matrices()


def labels(tp: int, fp: int, fn: int, tn: int) -> tuple[np.ndarray, np.ndarray]:
    """``(y_true, y_pred)`` whose binary confusion matrix is exactly the given one."""
    y_true = np.array([1] * tp + [0] * fp + [1] * fn + [0] * tn)
    y_pred = np.array([1] * tp + [1] * fp + [0] * fn + [0] * tn)
    return y_true, y_pred


@pytest.fixture(scope="module")
def entries():
    a = np.array(MATRICES, dtype=np.float64)
    return a[:, 0], a[:, 1], a[:, 2], a[:, 3]


def test_label_vectors_have_the_intended_confusion_matrix():
    for tp, fp, fn, tn in MATRICES:
        yt, yp = labels(tp, fp, fn, tn)
        cm = skm.confusion_matrix(yt, yp, labels=[0, 1])
        assert cm.tolist() == [[tn, fp], [fn, tp]]


def _sk(f, *args, **kwargs) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)  # single label, classes not in y_true
        return float(f(*args, **kwargs))


# name -> reference from scikit-learn on (y_true, y_pred)
SKLEARN_REFERENCES = {
    "accuracy": lambda yt, yp: _sk(skm.accuracy_score, yt, yp),
    "precision": lambda yt, yp: _sk(skm.precision_score, yt, yp),
    "recall": lambda yt, yp: _sk(skm.recall_score, yt, yp),
    "specificity": lambda yt, yp: _sk(skm.recall_score, yt, yp, pos_label=0),
    "npv": lambda yt, yp: _sk(skm.precision_score, yt, yp, pos_label=0),
    "f1": lambda yt, yp: _sk(skm.f1_score, yt, yp),
    "f2": lambda yt, yp: _sk(skm.fbeta_score, yt, yp, beta=2),
    "f0.5": lambda yt, yp: _sk(skm.fbeta_score, yt, yp, beta=0.5),
    "F3": lambda yt, yp: _sk(skm.fbeta_score, yt, yp, beta=3),
    "f0.25": lambda yt, yp: _sk(skm.fbeta_score, yt, yp, beta=0.25),
    "balanced_accuracy": lambda yt, yp: _sk(skm.balanced_accuracy_score, yt, yp),
    "mcc": lambda yt, yp: _sk(skm.matthews_corrcoef, yt, yp),
    "jaccard": lambda yt, yp: _sk(skm.jaccard_score, yt, yp),
    "cohen_kappa": lambda yt, yp: _sk(skm.cohen_kappa_score, yt, yp),
    "adjusted_balanced_accuracy": lambda yt, yp: _sk(
        skm.balanced_accuracy_score, yt, yp, adjusted=True
    ),
}


@functools.cache
def sk_ref(name: str) -> np.ndarray:
    """scikit-learn's value of ``name`` on every matrix of MATRICES (computed once)."""
    f = SKLEARN_REFERENCES[name]
    return np.array([f(*labels(*c)) for c in MATRICES])


def _close(got: float, want: float) -> bool:
    if math.isnan(want):
        return math.isnan(got)
    return abs(got - want) <= TOL * max(1.0, abs(want))


@pytest.mark.parametrize(
    "name",
    # F3 and f0.25 are checked on weighted entries below (kept out here for time)
    sorted(set(SKLEARN_REFERENCES) - {"adjusted_balanced_accuracy", "F3", "f0.25"}),
)
def test_metric_equals_sklearn_on_label_vectors(name, entries):
    got = ic.metric_value(name, *entries)
    assert got.shape == (len(MATRICES),)
    ref = sk_ref(name)
    bad = []
    for i, want in enumerate(ref):
        if not _close(float(got[i]), want):
            bad.append((MATRICES[i], float(got[i]), want))
    assert not bad, f"{name}: (tp, fp, fn, tn), imbcore, sklearn: {bad[:5]}"


def test_cohen_kappa_is_nan_exactly_where_sklearn_is_nan(entries):
    got = ic.metric_value("cohen_kappa", *entries)
    want = sk_ref("cohen_kappa")
    assert np.isnan(want).any(), "the sample should contain undefined kappa"
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))


def test_youden_j_is_adjusted_balanced_accuracy_where_both_classes_present(entries):
    got = ic.metric_value("youden_j", *entries)
    checked = 0
    for i, (tp, fp, fn, tn) in enumerate(MATRICES):
        if tp + fn > 0 and tn + fp > 0:
            want = sk_ref("adjusted_balanced_accuracy")[i]
            checked += 1
        else:
            # imbcore's documented convention: 0 when a margin is empty
            # (scikit-learn's adjusted balanced accuracy is -inf or NaN here).
            want = 0.0
        assert _close(float(got[i]), want), ((tp, fp, fn, tn), float(got[i]), want)
    assert checked > 35


def test_fpr_fnr_are_complements_where_defined_and_zero_otherwise(entries):
    fpr = ic.metric_value("fpr", *entries)
    fnr = ic.metric_value("fnr", *entries)
    for i, (tp, fp, fn, tn) in enumerate(MATRICES):
        spec = sk_ref("specificity")[i]
        rec = sk_ref("recall")[i]
        want_fpr = 1.0 - spec if fp + tn > 0 else 0.0
        want_fnr = 1.0 - rec if fn + tp > 0 else 0.0
        assert _close(float(fpr[i]), want_fpr), ((tp, fp, fn, tn), float(fpr[i]), want_fpr)
        assert _close(float(fnr[i]), want_fnr), ((tp, fp, fn, tn), float(fnr[i]), want_fnr)


def test_gmean_is_sqrt_of_recall_times_specificity(entries):
    got = ic.metric_value("gmean", *entries)
    for i in range(len(MATRICES)):
        want = math.sqrt(sk_ref("recall")[i] * sk_ref("specificity")[i])
        assert _close(float(got[i]), want), (MATRICES[i], float(got[i]), want)


def test_markedness_is_precision_plus_npv_minus_one_where_defined(entries):
    got = ic.metric_value("markedness", *entries)
    defined = 0
    for i, (tp, fp, fn, tn) in enumerate(MATRICES):
        if tp + fp > 0 and tn + fn > 0:
            want = sk_ref("precision")[i] + sk_ref("npv")[i] - 1
            defined += 1
        else:
            want = 0.0  # documented: 0 when a margin is empty
        assert _close(float(got[i]), want), ((tp, fp, fn, tn), float(got[i]), want)
    assert defined > 35


@pytest.mark.parametrize(
    "name, c_fp, c_fn",
    [
        ("cost", 1, 1),
        ("cost(c_fp=1, c_fn=10)", 1, 10),
        ("cost(c_fp=2, c_fn=5)", 2, 5),
        ("cost(c_fn=3.5)", 1, 3.5),
        ("cost(c_fp=0.25)", 0.25, 1),
        ("cost(c_fp=0, c_fn=0)", 0, 0),
    ],
)
def test_cost_by_hand(name, c_fp, c_fn, entries):
    got = ic.metric_value(name, *entries)
    for i, (tp, fp, fn, tn) in enumerate(MATRICES):
        assert got[i] == c_fp * fp + c_fn * fn, (name, MATRICES[i], got[i])


def test_cost_hand_example():
    # tp=3, fp=1, fn=2, tn=4: 2*1 + 5*2
    assert float(ic.metric_value("cost(c_fp=2, c_fn=5)", 3, 1, 2, 4)) == 12.0


@pytest.mark.parametrize(
    "name", [n for n in SKLEARN_REFERENCES if n != "adjusted_balanced_accuracy"]
)
def test_weighted_entries_equal_sklearn_with_sample_weight(name):
    """Non-integer entries: four samples, one per cell, weighted by the entry."""
    rng = np.random.default_rng(7)
    yt = np.array([1, 0, 1, 0])
    yp = np.array([1, 1, 0, 0])
    for _ in range(8):
        w = rng.uniform(0.01, 50.0, size=4)
        got = float(ic.metric_value(name, *w))
        want = _sk_weighted(name, yt, yp, w)
        assert _close(got, want), (name, w.tolist(), got, want)


def _sk_weighted(name, yt, yp, w):
    fn = {
        "accuracy": lambda: skm.accuracy_score(yt, yp, sample_weight=w),
        "precision": lambda: skm.precision_score(yt, yp, sample_weight=w),
        "recall": lambda: skm.recall_score(yt, yp, sample_weight=w),
        "specificity": lambda: skm.recall_score(yt, yp, pos_label=0, sample_weight=w),
        "npv": lambda: skm.precision_score(yt, yp, pos_label=0, sample_weight=w),
        "f1": lambda: skm.f1_score(yt, yp, sample_weight=w),
        "f2": lambda: skm.fbeta_score(yt, yp, beta=2, sample_weight=w),
        "f0.5": lambda: skm.fbeta_score(yt, yp, beta=0.5, sample_weight=w),
        "F3": lambda: skm.fbeta_score(yt, yp, beta=3, sample_weight=w),
        "f0.25": lambda: skm.fbeta_score(yt, yp, beta=0.25, sample_weight=w),
        "balanced_accuracy": lambda: skm.balanced_accuracy_score(yt, yp, sample_weight=w),
        "mcc": lambda: skm.matthews_corrcoef(yt, yp, sample_weight=w),
        "jaccard": lambda: skm.jaccard_score(yt, yp, sample_weight=w),
        "cohen_kappa": lambda: skm.cohen_kappa_score(yt, yp, sample_weight=w),
    }[name]
    return _sk(fn)


# --------------------------------------------------------------------------
# Documented conventions on degenerate matrices
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, want",
    [
        ("accuracy", 0.0),
        ("precision", 0.0),
        ("recall", 0.0),
        ("specificity", 0.0),
        ("npv", 0.0),
        ("fpr", 0.0),
        ("fnr", 0.0),
        ("f1", 0.0),
        ("f2", 0.0),
        ("jaccard", 0.0),
        ("gmean", 0.0),
        ("mcc", 0.0),
        ("youden_j", 0.0),
        ("markedness", 0.0),
        ("balanced_accuracy", 0.0),
        ("cost", 0.0),
        ("cohen_kappa", float("nan")),
    ],
)
def test_empty_matrix_follows_documented_convention(name, want):
    got = float(ic.metric_value(name, 0, 0, 0, 0))
    if math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == want


@pytest.mark.parametrize(
    "cm",
    [(0, 0, 0, 5), (5, 0, 0, 0), (0, 4, 0, 3), (2, 0, 3, 0), (0, 3, 0, 0), (0, 0, 3, 0)],
)
@pytest.mark.parametrize("name", ["mcc", "youden_j", "markedness"])
def test_chance_corrected_metrics_are_zero_when_a_margin_is_empty(cm, name):
    assert float(ic.metric_value(name, *cm)) == 0.0


def test_balanced_accuracy_averages_recall_of_present_classes():
    # only negatives present: balanced accuracy is the specificity
    assert float(ic.metric_value("balanced_accuracy", 0, 2, 0, 6)) == 0.75
    # only positives present: the recall
    assert float(ic.metric_value("balanced_accuracy", 3, 0, 1, 0)) == 0.75


# --------------------------------------------------------------------------
# Broadcasting and input checks of metric_value
# --------------------------------------------------------------------------


def test_metric_value_broadcasts():
    tp = np.array([[3.0], [0.0]])
    fp = np.array([1.0, 0.0, 2.0])
    got = ic.metric_value("f1", tp, fp, 2, 4)
    assert got.shape == (2, 3)
    for i in range(2):
        for j in range(3):
            t, f, n = tp[i, 0], fp[j], 2.0
            want = 2 * t / (2 * t + f + n) if t + f + n else 0.0
            assert abs(got[i, j] - want) <= 1e-15


def test_metric_value_of_scalars_is_a_numpy_scalar():
    v = ic.metric_value("f1", 3, 1, 2, 4)
    assert np.ndim(v) == 0 and isinstance(v, np.floating)
    assert abs(float(v) - 2 / 3) <= 1e-15


@pytest.mark.parametrize(
    "args, arg, value",
    [
        ((-1, 0, 0, 0), "tp", "-1"),
        ((1, -2.5, 0, 0), "fp", "-2.5"),
        ((1, 1, np.nan, 1), "fn", "nan"),
        ((1, 1, 1, np.inf), "tn", "inf"),
        (([1, 2, 3], [1, 1, -1], 1, 1), "fp", "index 2"),
        (("a", 1, 1, 1), "tp", "'a'"),
        ((1, None, 1, 1), "fp", "None"),
        ((1, 1, [[1, 2], [3]], 1), "fn", "[[1, 2], [3]]"),
    ],
)
def test_metric_value_bad_entries(args, arg, value):
    with pytest.raises(ic.ImbcoreError) as e:
        ic.metric_value("f1", *args)
    msg = str(e.value)
    assert f"invalid {arg}" in msg and value.lower() in msg.lower(), msg


def test_metric_value_shape_mismatch_is_imbcore_error():
    with pytest.raises(ic.ImbcoreError, match="shape"):
        ic.metric_value("f1", [1, 2], [1, 2, 3], 1, 1)


def test_metric_value_too_large_broadcast_is_imbcore_error():
    tp = np.ones((10**5, 1))
    fp = np.ones((1, 10**6))
    with pytest.raises(ic.ImbcoreError):
        ic.metric_value("f1", tp, fp, 1, 1)


def test_f_beta_with_huge_beta_is_recall():
    # F_beta -> recall as beta -> inf; at beta = 1e160 they agree to ~1e-320.
    name = "f1" + "0" * 160
    got = float(ic.metric_value(name, 3, 1, 2, 4))
    assert abs(got - 0.6) <= 1e-12, got


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------


def test_metric_names_contains_documented_names_and_they_parse():
    names = ic.metric_names()
    assert isinstance(names, list)
    for n in DOCUMENTED_NAMES + ["f2", "f0.5"]:
        assert n in names, n
    for n in names:
        assert ic.canonical_name(n) == n


@pytest.mark.parametrize(
    "typed, canonical",
    [
        (" F1 ", "f1"),
        ("f1", "f1"),
        ("F1.0", "f1"),
        ("f2", "f2"),
        ("F2", "f2"),
        ("f0.5", "f0.5"),
        ("f.5", "f0.5"),
        ("\tMCC\n", "mcc"),
        ("Balanced_Accuracy", "balanced_accuracy"),
        ("cost", "cost"),
        ("cost()", "cost"),
        ("cost(c_fp=1, c_fn=1)", "cost"),
        ("cost(c_fn=10)", "cost(c_fp=1, c_fn=10)"),
        ("cost(c_fp=1, c_fn=10)", "cost(c_fp=1, c_fn=10)"),
        ("cost(c_fp=2, c_fn=5)", "cost(c_fp=2, c_fn=5)"),
        ("COST(C_FP=2,C_FN=5)", "cost(c_fp=2, c_fn=5)"),
        ("cost( c_fn = 10 )", "cost(c_fp=1, c_fn=10)"),
        ("cost(c_fn=5, c_fp=2)", "cost(c_fp=2, c_fn=5)"),
        ("cost(c_fp=0.5)", "cost(c_fp=0.5, c_fn=1)"),
    ],
)
def test_canonical_name(typed, canonical):
    assert ic.canonical_name(typed) == canonical
    # canonical names are fixed points
    assert ic.canonical_name(canonical) == canonical


@pytest.mark.parametrize("name", DOCUMENTED_NAMES + ["f2", "f0.5", "f3", "cost(c_fp=1, c_fn=10)"])
def test_higher_is_better(name):
    lower = name in ("fpr", "fnr") or name.startswith("cost")
    assert ic.higher_is_better(name) is (not lower)
    assert ic.higher_is_better(name.upper()) is (not lower)


def test_cost_weights_are_applied_in_metric_value():
    assert float(ic.metric_value("cost(c_fp=2, c_fn=5)", 3, 1, 2, 4)) == 12.0
    assert float(ic.metric_value("COST(C_FN=10)", 3, 1, 2, 4)) == 21.0
    assert float(ic.metric_value("cost", 3, 1, 2, 4)) == 3.0


def _assert_lists_known_metrics(msg: str) -> None:
    for n in DOCUMENTED_NAMES:
        assert n in msg, f"{n!r} not listed in: {msg}"


@pytest.mark.parametrize(
    "bad",
    ["bogus", "", "   ", "f", "f1_score", "precision_score", "mcc2", "roc_auc", "cost(", "costs",
     "cost c_fp=1", "cost(c_fp=1", "f1e3", "f 2", "f1..2", "fx", "f-1", "finf", "fnan"],
)
def test_unknown_names_raise_and_list_known_metrics(bad):
    for f in (ic.canonical_name, ic.higher_is_better):
        with pytest.raises(ic.ImbcoreError) as e:
            f(bad)
        assert isinstance(e.value, ValueError)
    with pytest.raises(ic.ImbcoreError) as e:
        ic.metric_value(bad, 1, 1, 1, 1)
    msg = str(e.value)
    assert repr(bad).strip("'") in msg or bad in msg, msg
    _assert_lists_known_metrics(msg)


@pytest.mark.parametrize("bad", ["f0", "f00", "f0.0", "F0", "f-1", "fx", "f-0.5", "f.", "f0x"])
def test_bad_f_beta_raises(bad):
    with pytest.raises(ic.ImbcoreError) as e:
        ic.canonical_name(bad)
    msg = str(e.value)
    assert bad in msg, msg
    with pytest.raises(ic.ImbcoreError):
        ic.metric_value(bad, 1, 2, 3, 4)


@pytest.mark.parametrize(
    "bad",
    [
        "cost(c_fp=-1)",
        "cost(c_fn=-0.5)",
        "cost(a=1)",
        "cost(c_tp=1)",
        "cost(c_fp=abc)",
        "cost(c_fp)",
        "cost(c_fp=)",
        "cost(c_fp=inf)",
        "cost(c_fn=nan)",
        "cost(c_fp=1e400)",
        "cost(c_fp=1, c_fn=2, c_tp=3)",
        "cost(c_fp=1; c_fn=2)",
    ],
)
def test_bad_cost_strings_raise(bad):
    with pytest.raises(ic.ImbcoreError) as e:
        ic.canonical_name(bad)
    msg = str(e.value)
    assert "metric" in msg and bad in msg, msg
    with pytest.raises(ic.ImbcoreError):
        ic.metric_value(bad, 1, 2, 3, 4)


@pytest.mark.parametrize("bad", [None, 1, 1.5, b"f1", ["f1"]])
def test_non_string_metric_raises(bad):
    with pytest.raises(ic.ImbcoreError) as e:
        ic.metric_value(bad, 1, 1, 1, 1)
    assert "invalid metric" in str(e.value)
    with pytest.raises(ic.ImbcoreError):
        ic.canonical_name(bad)
    with pytest.raises(ic.ImbcoreError):
        ic.higher_is_better(bad)


def test_imbcore_error_is_a_value_error():
    assert issubclass(ic.ImbcoreError, ValueError)
