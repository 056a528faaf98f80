"""Values that cross module lines: Samples (validated once, kept by the sweep)
and Constraints (``subject_to`` parsed once, one selection rule everywhere)."""

from __future__ import annotations

import pickle
import warnings
from fractions import Fraction

import numpy as np
import pytest

import imbcore as ic
from imbcore import _core
from imbcore.constraints import Bound, Constraints
from imbcore.errors import ImbcoreError

# ---------------------------------------------------------------- Samples


def test_samples_are_validated_once_and_kept_by_the_sweep():
    y = np.array(["b", "a", "b", "c"])[[0, 1, 0, 1, 0]]
    s = np.array([0.9, 0.1, 0.7, 0.4, 0.2], dtype=np.float32)
    sw = ic.sweep(y, s, pos_label="b")
    smp = sw.samples
    assert isinstance(smp, ic.Samples)
    np.testing.assert_array_equal(smp.labels, (y == "b").astype(np.uint8))
    assert smp.scores.dtype == np.float32 and smp.score_dtype == np.float32
    assert smp.weights is None and len(smp) == 5 and smp.n_pos == 3 and smp.n_neg == 2
    # read-only views: the sweep's samples cannot be changed behind its back
    with pytest.raises(ValueError):
        smp.scores[0] = 0.0
    with pytest.raises(AttributeError):
        smp.labels = None  # type: ignore[misc]
    assert s[0] == np.float32(0.9)  # the caller's array is untouched and still writable
    s[0] = 0.8


def test_samples_pickle_and_a_pickled_sweep_keeps_none():
    y = np.array([0, 1, 1, 0, 1])
    smp = ic.Samples(y, [0.1, 0.8, 0.5, 0.3, 0.9], sample_weight=[1, 2, 1, 1, 3])
    back = pickle.loads(pickle.dumps(smp))
    for a, b in ((smp.labels, back.labels), (smp.scores, back.scores),
                 (smp.weights, back.weights)):
        np.testing.assert_array_equal(a, b)
    assert back.n_pos == 6.0 and back.n_neg == 2.0
    sw = ic.sweep(y, [0.1, 0.8, 0.5, 0.3, 0.9])
    assert pickle.loads(pickle.dumps(sw)).samples is None
    assert sw.to_state().finalize().samples is None


def test_samples_refuse_what_sweep_refuses():
    with pytest.raises(ImbcoreError, match="invalid y_score: got an array of shape"):
        ic.Samples([0, 1], [[0.1, 0.2]])
    with pytest.raises(ImbcoreError, match="invalid sample_weight: got length 1"):
        ic.Samples([0, 1], [0.1, 0.2], sample_weight=[1.0])
    with pytest.raises(ImbcoreError, match="invalid y_true: got more than two label"):
        ic.Samples([0, 1, 2], [0.1, 0.2, 0.3])
    # finiteness is checked where the core reads the scores, in the same pass
    smp = ic.Samples([0, 1], [0.1, np.nan])
    with pytest.raises(ImbcoreError, match="invalid y_score: got nan at index 1"):
        ic._sweep.sweep_samples(smp)


def test_sweep_bootstrap_reads_the_estimates_from_the_sweep_it_has(monkeypatch):
    """Sweep.bootstrap does not sweep the data again (imbcore.bootstrap, which has no
    sweep, does once); both give the same result."""
    rng = np.random.default_rng(3)
    y = rng.random(4000) < 0.1
    s = rng.normal(size=4000) + 1.5 * y
    sw = ic.sweep(y, s)
    calls = []
    real = _core.sweep_scores

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_core, "sweep_scores", counted)
    r1 = sw.bootstrap(["f1", "mcc"], n_resamples=50, random_state=4)
    assert calls == []
    r2 = ic.bootstrap(y, s, metrics=["f1", "mcc"], n_resamples=50, random_state=4)
    assert calls == [1]
    assert r1.estimate == r2.estimate
    np.testing.assert_array_equal(r1.threshold, r2.threshold)
    # the estimates are those of the data itself
    assert r1.estimate[("f1", "threshold")] == float(sw.best("f1").threshold)
    assert r1.estimate["roc_auc"] == sw.roc_auc


# ---------------------------------------------------------------- Constraints


def test_constraints_parse_mappings_and_text_alike():
    c = Constraints.parse({" Precision ": 0.9, "FPR": "0.01"})
    assert list(c) == [Bound("precision", 0.9, True), Bound("fpr", 0.01, False)]
    assert Constraints.parse("precision>=0.9, fpr<=0.01") == c
    assert Constraints.parse("precision=0.9,fpr=0.01") == c
    assert Constraints.parse(c) is c
    assert not Constraints.parse(None) and not Constraints.parse({})
    assert str(c) == "precision >= 0.9, fpr <= 0.01"
    assert c.as_dict() == {"precision": 0.9, "fpr": 0.01}


@pytest.mark.parametrize("subject_to, message", [
    ({"precision": float("nan")}, r"got \{'precision': nan\}; bounds must be finite"),
    ({"precision": "high"}, r"got \{'precision': 'high'\}; bounds must be finite"),
    ({"precison": 0.9}, r"invalid subject_to: got the metric 'precison', which is unknown"),
    ("precision>0.9", r"'precision>0.9' is not a bound"),
    ("fpr>=0.1", r"got fpr>=0.1; fpr is bounded as fpr<=0.1 \(lower is better\)"),
    ("precision=0.9, Precision=0.8", r"got precision twice"),
    ([("precision", 0.9)], r"give a mapping such as"),
])
def test_constraints_refuse_with_one_message_everywhere(subject_to, message):
    """Sweep.best, bootstrap and the tuner give the very same message."""
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression

    y = np.array([0, 1] * 20)
    s = np.linspace(0, 1, 40)
    errors = []
    for call in (
        lambda: ic.sweep(y, s).best("f1", subject_to=subject_to),
        lambda: ic.bootstrap(y, s, subject_to=subject_to, n_resamples=5, random_state=0),
        lambda: ic.ThresholdTuner(LogisticRegression(), subject_to=subject_to).fit(
            s.reshape(-1, 1), y),
    ):
        with pytest.raises(ImbcoreError, match=message) as e:
            call()
        errors.append(str(e.value))
    assert len(set(errors)) == 1, errors


def test_unmet_constraints_have_one_message():
    y = np.array([0, 1, 0, 1])
    s = np.array([0.9, 0.8, 0.3, 0.1])  # precision never reaches 0.99 above a positive
    with pytest.raises(ImbcoreError) as e:
        ic.sweep(y, s).best("recall", subject_to={"precision": 0.99})
    assert str(e.value) == ("invalid subject_to: got precision >= 0.99; no threshold "
                            "satisfies it, loosen the bounds")


def _balanced_accuracy_ties():
    """Counts where balanced accuracy is exactly equal at two thresholds (as
    fractions) but differs in the last bit as floats."""
    for n_pos in range(2, 40):
        for n_neg in range(2, 40):
            for tp1 in range(n_pos + 1):
                for fp1 in range(n_neg + 1):
                    a = 0.5 * (tp1 / n_pos + (n_neg - fp1) / n_neg)
                    for dt in range(1, n_pos - tp1 + 1):
                        # the same value with dt more positives needs dt*n_neg/n_pos more negatives
                        if (dt * n_neg) % n_pos:
                            continue
                        fp2 = fp1 + dt * n_neg // n_pos
                        if fp2 > n_neg:
                            continue
                        b = 0.5 * ((tp1 + dt) / n_pos + (n_neg - fp2) / n_neg)
                        if b > a:  # equal as fractions, larger as floats
                            return n_pos, n_neg, (tp1, fp1), (tp1 + dt, fp2)
    raise AssertionError("no rounding tie found")


def test_the_tuner_chooses_among_candidates_as_sweep_best_does():
    """One selection rule: the tuner's candidate grid breaks a rounding tie as
    Sweep.best does (the highest threshold), where an exact argmax of the float
    values would take the lower one. The oracle is exact arithmetic."""
    n_pos, n_neg, (tp1, fp1), (tp2, fp2) = _balanced_accuracy_ties()
    # scores: the first tp1 positives and fp1 negatives at 3, the next ones at 2, the rest at 1
    y = np.r_[np.ones(tp1), np.zeros(fp1), np.ones(tp2 - tp1), np.zeros(fp2 - fp1),
              np.ones(n_pos - tp2), np.zeros(n_neg - fp2)].astype(int)
    s = np.r_[np.full(tp1 + fp1, 3.0), np.full(tp2 - tp1 + fp2 - fp1, 2.0),
              np.ones(n_pos - tp2 + n_neg - fp2)]
    sw = ic.sweep(y, s)
    conf = sw.at(sw.thresholds)
    exact = [Fraction(int(tp), n_pos) / 2 + Fraction(int(tn), n_neg) / 2
             for tp, tn in zip(conf.tp, conf.tn)]
    best = max(exact)
    oracle = next(float(t) for t, v in zip(sw.thresholds, exact) if v == best)
    floats = sw.metric("balanced_accuracy")
    assert float(sw.thresholds[int(np.argmax(floats))]) != oracle  # the trap is real
    assert float(sw.best("balanced_accuracy").threshold) == oracle
    pytest.importorskip("sklearn")
    from sklearn.base import BaseEstimator, ClassifierMixin

    class Fixed(ClassifierMixin, BaseEstimator):
        """Scores each sample by its one feature (a real, fitted estimator)."""

        def fit(self, X, y):
            self.classes_ = np.unique(y)
            return self

        def decision_function(self, X):
            return np.asarray(X)[:, 0]

    X = s.reshape(-1, 1)
    t = ic.ThresholdTuner(Fixed().fit(X, y), metric="balanced_accuracy", cv="prefit",
                          thresholds=np.array([3.0, 2.0, 1.0])).fit(X, y)
    assert t.best_threshold_ == oracle
    assert t.best_score_ == pytest.approx(float(best), abs=1e-15)


def test_the_tuner_grid_meets_constraints_as_sweep_best_does():
    rng = np.random.default_rng(8)
    y = (rng.random(3000) < 0.2).astype(int)
    s = rng.normal(size=3000) + 1.2 * y
    sw = ic.sweep(y, s)
    cons = Constraints.parse({"precision": 0.5})
    tp, fp, fn, tn = (np.asarray(x, dtype=np.float64) for x in sw.at(sw.thresholds))
    i, v = _core.best_of_points("recall", cons.pairs(), tp, fp, fn, tn)
    b = sw.best("recall", subject_to=cons)
    assert (i, v) == (b.index, b.value)
    # an independent check: the largest recall with precision >= 0.5, by brute force
    with np.errstate(invalid="ignore", divide="ignore"):
        prec = tp / (tp + fp)
    ok = prec >= 0.5
    assert b.value == pytest.approx((tp / (tp + fn))[ok].max(), abs=0)


def test_one_class_best_warns_as_scikit_learn_does():
    sk = pytest.importorskip("sklearn.metrics")
    s = np.random.default_rng(0).random(50)
    with pytest.warns(ic.UndefinedMetricWarning, match="no positive samples"):
        b = ic.sweep(np.zeros(50), s).best("f1")
    assert b.value == 0.0
    with pytest.warns(sk._classification.UndefinedMetricWarning):  # the same class family
        sk.recall_score(np.zeros(50), s >= b.threshold)
    assert issubclass(ic.UndefinedMetricWarning, sk._classification.UndefinedMetricWarning)
    with pytest.warns(ic.UndefinedMetricWarning, match="no negative samples"):
        ic.sweep(np.ones(50), s).best("specificity")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ic.sweep(np.r_[np.zeros(25), np.ones(25)], s).best("f1")  # two classes: no warning
