"""What a new user sends and reads: unaligned arrays, one-vs-rest labels, weights
near the float limit, numbers in tables, and the command line's messages."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest

import imbcore as ic
from imbcore.errors import ImbcoreError


def _unaligned(a: np.ndarray) -> np.ndarray:
    """``a`` as a C-contiguous array whose data starts one byte past an aligned address."""
    buf = bytearray(a.nbytes + 1)
    out = np.frombuffer(memoryview(buf)[1:], dtype=a.dtype)
    out[...] = a  # frombuffer of a bytearray is writable
    assert out.flags.c_contiguous and (a.dtype.itemsize == 1 or not out.flags.aligned)
    return out


# ---------------------------------------------------------------- unaligned arrays


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_unaligned_contiguous_arrays_are_read(dtype):
    rng = np.random.default_rng(0)
    y = rng.random(5000) < 0.2
    s = (rng.normal(size=5000) + y).astype(dtype)
    w = rng.random(5000) + 0.5
    want = ic.sweep(y, s, sample_weight=w)
    got = ic.sweep(_unaligned(y.astype(np.uint8)), _unaligned(s), sample_weight=_unaligned(w))
    np.testing.assert_array_equal(got.thresholds, want.thresholds)
    np.testing.assert_array_equal(got.tp, want.tp)
    np.testing.assert_array_equal(got.fp, want.fp)
    plain = ic.sweep(y, _unaligned(s))
    np.testing.assert_array_equal(plain.tp, ic.sweep(y, s).tp)
    a = ic.bootstrap(y, _unaligned(s), sample_weight=_unaligned(w), n_resamples=20,
                     random_state=1)
    b = ic.bootstrap(y, s, sample_weight=w, n_resamples=20, random_state=1)
    np.testing.assert_array_equal(a.threshold, b.threshold)
    assert ic.roc_auc_score(y, _unaligned(s), sample_weight=_unaligned(w)) == \
        ic.roc_auc_score(y, s, sample_weight=w)
    st = ic.SweepState()
    st.update(y, _unaligned(s))
    np.testing.assert_array_equal(st.finalize().tp, ic.sweep(y, s).tp)


def test_sweep_state_from_unaligned_pickle_buffers():
    """A protocol-5 pickle's out-of-band buffers may arrive at any byte offset."""
    rng = np.random.default_rng(1)
    y = rng.random(3000) < 0.3
    s = rng.normal(size=3000)
    for weights in (None, rng.random(3000)):
        st = ic.SweepState()
        st.update(y, s, sample_weight=weights)
        buffers: list[pickle.PickleBuffer] = []
        data = pickle.dumps(st, protocol=5, buffer_callback=buffers.append)
        assert buffers  # the arrays travel out of band
        moved = []
        for b in buffers:
            raw = bytes(b.raw())
            block = bytearray(len(raw) + 1)
            block[1:] = raw
            moved.append(memoryview(block)[1:])  # one byte off: unaligned
        back = pickle.loads(data, buffers=moved)
        np.testing.assert_array_equal(back.finalize().tp, st.finalize().tp)
        np.testing.assert_array_equal(back.finalize().thresholds, st.finalize().thresholds)


def test_a_strided_array_is_still_refused_for_the_right_reason():
    from imbcore import _core

    s = np.linspace(0, 1, 20)[::2]
    with pytest.raises(ImbcoreError, match="invalid y_score: got a non-contiguous array"):
        _core.sweep_scores(np.zeros(10, np.uint8), s)


# ---------------------------------------------------------------- one-vs-rest


def test_multiclass_labels_with_pos_label_give_scikit_learns_one_vs_rest_curve():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(2)
    y = rng.integers(0, 3, 2000)
    logits = rng.normal(size=(2000, 3)) + np.eye(3)[y]
    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    for k in range(3):
        sw = ic.sweep(y, P[:, k], pos_label=k)
        fpr, tpr, thr = metrics.roc_curve(y, P[:, k], pos_label=k, drop_intermediate=False)
        np.testing.assert_array_equal(sw.thresholds, thr[1:])
        np.testing.assert_array_equal(sw.tp, np.rint(tpr[1:] * sw.n_pos).astype(int))
        np.testing.assert_array_equal(sw.fp, np.rint(fpr[1:] * sw.n_neg).astype(int))
        assert sw.roc_auc == pytest.approx(metrics.roc_auc_score(y == k, P[:, k]), abs=1e-12)
    for labels in (["a", "b", "c", "a"], [0.0, 1.0, 2.0, 2.0]):
        with pytest.raises(ImbcoreError, match=r"name the positive class with pos_label "
                                               r"\(one-vs-rest\)"):
            ic.sweep(labels, [0.1, 0.2, 0.3, 0.4])


# ---------------------------------------------------------------- weights near 1e308


def test_drop_ins_are_exact_with_weights_near_the_float_limit():
    metrics = pytest.importorskip("sklearn.metrics")
    y = np.array([0, 0, 1, 1])
    s = np.array([0.1, 0.4, 0.35, 0.8])
    w = np.full(4, 1e308)
    # the oracle: the same data with unit weights (AUC and AP are ratios of the sums)
    want_auc = metrics.roc_auc_score(y, s)
    want_ap = metrics.average_precision_score(y, s)
    assert (want_auc, round(want_ap, 12)) == (0.75, round(5 / 6, 12))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither NumPy's overflow warning nor any other
        assert ic.roc_auc_score(y, s, sample_weight=w) == want_auc
        assert ic.average_precision_score(y, s, sample_weight=w) == pytest.approx(
            want_ap, abs=1e-15)
    with pytest.warns(ic.ImbcoreWarning, match="partial ROC-AUC"):
        assert np.isnan(ic.roc_auc_score(y, s, sample_weight=w, max_fpr=0.5))


# ---------------------------------------------------------------- numbers in tables


def test_a_rate_is_never_rounded_onto_a_bound_it_is_not():
    from imbcore.formatting import fmt_value

    n_neg = 250_000
    assert fmt_value("specificity", 1 - 1 / n_neg) == "0.999996"
    assert fmt_value("fpr", 1 / n_neg) == "4e-06"
    assert float(fmt_value("specificity", 1 - 1 / n_neg)) < 1.0
    assert fmt_value("specificity", 1.0) == "1.0000" and fmt_value("fpr", 0.0) == "0.0000"


def test_thresholds_are_written_with_the_digits_that_separate_them():
    from imbcore.formatting import fmt_threshold

    rng = np.random.default_rng(5)
    s = np.sort(rng.random(1000))[::-1]
    y = (rng.random(1000) < s).astype(int)
    sw = ic.sweep(y, s)
    for i in range(len(sw) - 1):
        t, lower = sw.thresholds[i], sw.thresholds[i + 1]
        text = fmt_threshold(t, lower)
        v = float(text)
        # the printed number selects exactly the samples the threshold selects
        assert lower < v <= t, (t, lower, text)
        assert len(text.replace("0.", "").lstrip("0")) <= 17
    assert max(len(fmt_threshold(t, lo)) for t, lo in zip(sw.thresholds, sw.thresholds[1:])) < 12


# ---------------------------------------------------------------- the command line


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "imbcore", *args], capture_output=True,
                          text=True, input=stdin, timeout=300)


def _csv(tmp_path, y, s, name="val.csv"):
    path = tmp_path / name
    path.write_text("label,score\n" + "".join(f"{int(a)},{float(b)!r}\n" for a, b in zip(y, s)))
    return str(path)


@pytest.fixture
def scored(tmp_path):
    rng = np.random.default_rng(6)
    y = (rng.random(400) < 0.3).astype(int)
    s = np.round(rng.normal(size=400) + y, 6)
    return _csv(tmp_path, y, s), y, s


def test_cli_suggests_a_metric_for_a_misspelt_one(scored):
    path, _, _ = scored
    r = _cli("sweep", path, "--metrics", "recal")
    assert r.returncode == 2
    assert "unknown metric 'recal' (did you mean 'recall'?)" in r.stderr
    r = _cli("sweep", path, "--subject-to", "precison=0.9")
    assert r.returncode == 2 and "did you mean 'precision'?" in r.stderr


def test_cli_subject_to_takes_commas_and_operators(scored):
    path, y, s = scored
    a = _cli("sweep", path, "--json", "--metrics", "recall", "--subject-to",
             "precision=0.5,fpr=0.2")
    b = _cli("sweep", path, "--json", "--metrics", "recall", "--subject-to", "precision>=0.5",
             "--subject-to", "fpr<=0.2")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    assert ja["best"] == jb["best"] and ja["subject_to"] == {"precision": 0.5, "fpr": 0.2}
    want = ic.sweep(y, s).best("recall", subject_to={"precision": 0.5, "fpr": 0.2})
    assert ja["best"]["recall"]["threshold"] == float(want.threshold)
    bad = _cli("sweep", path, "--subject-to", "fpr>=0.2")
    assert bad.returncode == 2 and "fpr is bounded as fpr<=0.2" in bad.stderr
    bad = _cli("sweep", path, "--subject-to", "precision>0.5")
    assert bad.returncode == 2 and "give METRIC=BOUND" in bad.stderr


@pytest.mark.parametrize("option, what", [("--bootstrap", "replicates"),
                                          ("--threads", "threads")])
def test_cli_counts_get_messages_about_their_own_range(scored, option, what):
    path, _, _ = scored
    r = _cli("sweep", path, option, "0")
    assert r.returncode == 2
    assert f"argument {option}: got '0'; give a number of {what} >= 1" in r.stderr
    assert "1000000" not in r.stderr


def test_cli_a_third_label_names_the_file_and_the_line(tmp_path):
    path = _csv(tmp_path, [0, 1, 0, 2, 1], [0.1, 0.9, 0.2, 0.5, 0.7])
    r = _cli("sweep", path)
    assert r.returncode == 2
    assert f"{path}: column 'label' holds more than two labels (0, 1, 2)" in r.stderr
    assert "the third, 2, first appears at line 5" in r.stderr
    ok = _cli("sweep", path, "--pos-label", "2", "--json")  # one-vs-rest
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["n_pos"] == 1


def test_cli_table_shows_a_specificity_below_one(tmp_path):
    # one negative among 30001 scores above every positive: under recall >= 0.9
    # the best specificity is 30000/30001 and the best fpr 1/30001
    n = 30_000
    y = np.r_[np.ones(200), np.zeros(1), np.zeros(n)].astype(int)
    s = np.r_[np.full(200, 0.9), [0.95], np.linspace(0, 0.5, n)]
    r = _cli("sweep", _csv(tmp_path, y, s), "--metrics", "specificity,fpr",
             "--subject-to", "recall=0.9")
    assert r.returncode == 0, r.stderr
    rows = {line.split()[0]: line.split() for line in r.stdout.splitlines()[4:]}
    assert rows["specificity"][1] == "0.999967"  # not 1.0000
    assert rows["fpr"][1] == "3.33e-05"  # not 0.0000
    assert float(rows["specificity"][1]) == pytest.approx(n / (n + 1), rel=1e-6)


# ---------------------------------------------------------------- the tuner's errors


def test_tuner_prefit_unfitted_is_also_scikit_learns_not_fitted_error():
    pytest.importorskip("sklearn")
    from sklearn.exceptions import NotFittedError
    from sklearn.linear_model import LogisticRegression

    X = np.random.default_rng(0).normal(size=(100, 2))
    y = np.arange(100) % 2
    with pytest.raises(NotFittedError) as e:
        ic.ThresholdTuner(LogisticRegression(), cv="prefit").fit(X, y)
    assert isinstance(e.value, ImbcoreError)
    assert str(e.value).startswith("invalid estimator: got an unfitted LogisticRegression")
    assert pickle.loads(pickle.dumps(e.value)) == e.value


def test_tuner_refuses_constant_out_of_fold_scores_as_scikit_learn_does():
    pytest.importorskip("sklearn")
    from sklearn.dummy import DummyClassifier
    from sklearn.model_selection import TunedThresholdClassifierCV

    X = np.random.default_rng(0).normal(size=(200, 2))
    y = (np.arange(200) % 5 == 0).astype(int)
    with pytest.raises(ImbcoreError, match="out-of-fold scores are all 0.2; a constant "
                                           "score leaves no threshold to tune"):
        ic.ThresholdTuner(DummyClassifier(strategy="prior")).fit(X, y)
    try:  # scikit-learn: an error too, not a threshold
        TunedThresholdClassifierCV(DummyClassifier(strategy="prior")).fit(X, y)
    except ValueError:
        pass
    else:  # pragma: no cover - depends on the scikit-learn version
        pytest.skip("this scikit-learn version tunes a constant score")


def test_tuner_target_message_is_ours_alone():
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression

    X = np.random.default_rng(0).normal(size=(4, 2))
    with pytest.raises(ImbcoreError) as e:
        ic.ThresholdTuner(LogisticRegression()).fit(X, [0.5, 1.5, 2.5, 3.5])
    assert str(e.value) == ("invalid y: got continuous labels {0.5, 1.5, 2.5, 3.5}; "
                            "ThresholdTuner tunes the threshold of a binary classifier or the "
                            "decision rule of a multiclass one, so y must hold class labels")
