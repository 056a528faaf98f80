"""DeLong's ROC-AUC intervals and paired test against independent references.

The references: DeLong's formula written out from its definition in
O(n_pos * n_neg) (the psi kernel, V10/V01 components and S10/S01 covariances),
scikit-learn's ``roc_auc_score``, and coverage of the known AUC of binormal
data, ``Phi(d / sqrt(2))`` for unit-variance classes ``d`` apart.
"""

from __future__ import annotations

import math
import pickle
from statistics import NormalDist

import numpy as np
import pytest

import imbcore as ic
from imbcore.errors import ImbcoreError

sk_metrics = pytest.importorskip("sklearn.metrics")


# ---------------------------------------------------------------- the O(n^2) oracle


def _psi(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """DeLong's kernel for every (positive, negative) pair: 1, 1/2 on a tie, else 0."""
    diff = x[:, None] - y[None, :]
    return (diff > 0) + 0.5 * (diff == 0)


def _brute_components(y: np.ndarray, scores: list[np.ndarray]):
    """V10 (k x m) and V01 (k x n) from the pairwise kernel, and the AUCs."""
    pos = y.astype(bool)
    v10, v01, aucs = [], [], []
    for s in scores:
        k = _psi(s[pos], s[~pos])
        v10.append(k.mean(axis=1))
        v01.append(k.mean(axis=0))
        aucs.append(k.mean())
    return np.array(v10), np.array(v01), np.array(aucs)


def _brute_covariance(y: np.ndarray, scores: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """DeLong's covariance matrix S = S10/m + S01/n, from the sums of its definition."""
    v10, v01, aucs = _brute_components(y, scores)
    m, n = v10.shape[1], v01.shape[1]
    k = len(scores)
    s10 = np.empty((k, k))
    s01 = np.empty((k, k))
    for r in range(k):
        for q in range(k):
            s10[r, q] = sum((v10[r, i] - aucs[r]) * (v10[q, i] - aucs[q])
                            for i in range(m)) / (m - 1)
            s01[r, q] = sum((v01[r, j] - aucs[r]) * (v01[q, j] - aucs[q])
                            for j in range(n)) / (n - 1)
    return s10 / m + s01 / n, aucs


def _data(seed: int, n: int = 300, prevalence: float = 0.3, ties: bool = True):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prevalence).astype(int)
    y[:2] = [0, 1]
    s = rng.normal(size=n) + 1.0 * y
    if ties:
        s = np.round(s * 2) / 2  # a handful of distinct values: many ties within and across
    return rng, y, s


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ties", [True, False])
def test_variance_equals_the_brute_force_delong_formula(seed, ties):
    _, y, s = _data(seed, ties=ties)
    cov, aucs = _brute_covariance(y, [s])
    r = ic.roc_auc_ci(y, s)
    assert abs(r.variance - cov[0, 0]) <= 1e-10
    assert abs(r.se - math.sqrt(cov[0, 0])) <= 1e-10
    assert abs(r.auc - aucs[0]) <= 1e-12
    assert (r.n_pos, r.n_neg) == (int(y.sum()), int((1 - y).sum()))


@pytest.mark.parametrize("seed", range(6))
def test_paired_covariance_equals_the_brute_force_delong_formula(seed):
    rng, y, s1 = _data(seed)
    s2 = np.round((s1 + rng.normal(size=s1.size)) * 2) / 2
    cov, aucs = _brute_covariance(y, [s1, s2])
    c = ic.compare_auc(y, s1, s2)
    var_diff = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    assert abs(c.covariance - cov[0, 1]) <= 1e-10
    assert abs(c.variance - var_diff) <= 1e-10
    assert abs(c.auc1 - aucs[0]) <= 1e-12 and abs(c.auc2 - aucs[1]) <= 1e-12
    assert abs(c.difference - (aucs[0] - aucs[1])) <= 1e-12
    z = (aucs[0] - aucs[1]) / math.sqrt(var_diff)
    assert abs(c.z - z) <= 1e-8
    assert abs(c.p_value - 2 * NormalDist().cdf(-abs(z))) <= 1e-10
    q = NormalDist().inv_cdf(0.975)
    assert abs(c.low - (c.difference - q * math.sqrt(var_diff))) <= 1e-10
    assert abs(c.high - (c.difference + q * math.sqrt(var_diff))) <= 1e-10


@pytest.mark.parametrize("seed", range(5))
def test_auc_equals_scikit_learn(seed):
    rng = np.random.default_rng(100 + seed)
    y = rng.random(20_000) < 0.02
    s = rng.normal(size=y.size).astype(np.float32) + y  # float32: ties
    r = ic.roc_auc_ci(y, s)
    assert abs(r.auc - sk_metrics.roc_auc_score(y, s)) <= 1e-12
    c = ic.compare_auc(y, s, -s.astype(np.float64) ** 3)
    assert abs(c.auc1 - sk_metrics.roc_auc_score(y, s)) <= 1e-12
    assert abs(c.auc2 - sk_metrics.roc_auc_score(y, -s.astype(np.float64) ** 3)) <= 1e-12


def test_interval_is_the_normal_interval_at_the_level():
    _, y, s = _data(7, n=500, ties=False)
    cov, aucs = _brute_covariance(y, [s])
    for level in (0.5, 0.9, 0.99):
        r = ic.roc_auc_ci(y, s, ci=level)
        half = NormalDist().inv_cdf(0.5 + level / 2) * math.sqrt(cov[0, 0])
        assert abs(r.low - (aucs[0] - half)) <= 1e-10
        assert abs(r.high - (aucs[0] + half)) <= 1e-10
        assert r.ci == level and r.method == "delong"


def test_labels_pos_label_and_input_types():
    _, y, s = _data(3)
    ref = ic.roc_auc_ci(y, s)
    names = np.where(y == 1, "case", "control")
    assert ic.roc_auc_ci(names, s.tolist(), pos_label="case") == ref
    assert ic.roc_auc_ci(y.astype(bool), s) == ref
    assert ic.roc_auc_ci(2 * y - 1, s) == ref
    # the other class as positive mirrors the AUC
    flipped = ic.roc_auc_ci(names, s, pos_label="control")
    assert abs(flipped.auc - (1 - ref.auc)) <= 1e-12
    assert abs(flipped.variance - ref.variance) <= 1e-12
    c = ic.compare_auc(names, s, s, pos_label="case")
    assert c.difference == 0 and c.z == 0 and c.p_value == 1.0


def test_perfect_separation_gives_a_point_interval():
    r = ic.roc_auc_ci([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert (r.auc, r.low, r.high, r.se) == (1.0, 1.0, 1.0, 0.0)
    c = ic.compare_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], [0.9, 0.8, 0.2, 0.1])
    assert c.difference == 1.0 and c.z == math.inf and c.p_value == 0.0


def test_results_are_frozen_and_pickle():
    r = ic.roc_auc_ci([0, 1, 0, 1, 1], [0.1, 0.9, 0.5, 0.4, 0.6])
    assert pickle.loads(pickle.dumps(r)) == r
    with pytest.raises(AttributeError):
        r.auc = 0.5  # type: ignore[misc]


# ---------------------------------------------------------------- coverage


def test_delong_intervals_cover_the_binormal_auc():
    d = 1.0
    truth = NormalDist().cdf(d / math.sqrt(2))
    covered = 0
    for seed in range(400):
        rng = np.random.default_rng(seed)
        y = rng.random(1000) < 0.2
        s = rng.normal(size=y.size) + d * y
        r = ic.roc_auc_ci(y, s, ci=0.95)
        covered += r.low <= truth <= r.high
    assert 0.93 <= covered / 400 <= 0.97, covered


def test_paired_test_holds_its_level_under_the_null():
    # two scores that share the signal, each with its own independent noise of
    # the same size: the same AUC, correlated through the labels
    rejected = 0
    trials = 400
    for seed in range(trials):
        rng = np.random.default_rng(10_000 + seed)
        y = rng.random(600) < 0.25
        s1 = 1.0 * y + rng.normal(size=y.size)
        s2 = 1.0 * y + rng.normal(size=y.size)
        rejected += ic.compare_auc(y, s1, s2).p_value < 0.05
    # 5 % of 400 is 20; three binomial standard errors either side
    se = math.sqrt(0.05 * 0.95 * trials)
    assert abs(rejected - 0.05 * trials) <= 3 * se, rejected


def test_paired_test_detects_a_real_difference():
    rng = np.random.default_rng(5)
    y = rng.random(5000) < 0.2
    signal = rng.normal(size=y.size) + 1.0 * y
    c = ic.compare_auc(y, signal + 0.3 * rng.normal(size=y.size),
                       signal + 2.0 * rng.normal(size=y.size))
    assert c.difference > 0 and c.p_value < 1e-6 and c.low > 0


# ---------------------------------------------------------------- errors


def test_one_class_only_is_refused():
    with pytest.raises(ImbcoreError, match=r"invalid y_true: got positives only .*both classes"):
        ic.roc_auc_ci([1, 1, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ImbcoreError, match=r"invalid y_true: got negatives only"):
        ic.compare_auc([0, 0], [0.1, 0.2], [0.3, 0.4])


def test_mismatched_lengths_are_refused():
    with pytest.raises(ImbcoreError, match=r"invalid y_true: got length 3; .*same length as "
                                           r"y_score \(2\)"):
        ic.roc_auc_ci([0, 1, 1], [0.1, 0.2])
    with pytest.raises(ImbcoreError, match=r"invalid y_score2: got length 3; .*y_score1 \(2\)"):
        ic.compare_auc([0, 1], [0.1, 0.2], [0.1, 0.2, 0.3])
    with pytest.raises(ImbcoreError, match=r"same length as y_score1"):
        ic.compare_auc([0, 1, 1], [0.1, 0.2], [0.1, 0.2])


@pytest.mark.parametrize("ci", [0, 1, 1.5, -0.1, float("nan"), "0.95", True, None])
def test_ci_outside_zero_one_is_refused(ci):
    with pytest.raises(ImbcoreError, match=r"invalid ci: got .*; ci is a confidence level in "
                                           r"\(0, 1\)"):
        ic.roc_auc_ci([0, 1], [0.1, 0.2], ci=ci)
    with pytest.raises(ImbcoreError, match=r"invalid ci"):
        ic.compare_auc([0, 1], [0.1, 0.2], [0.2, 0.1], ci=ci)


@pytest.mark.parametrize("method", ["bootstrap", "hanley", "", None, 3])
def test_unknown_method_lists_the_known_ones(method):
    with pytest.raises(ImbcoreError, match=r"invalid method: got .*; known methods: 'delong'"):
        ic.roc_auc_ci([0, 1], [0.1, 0.2], method=method)
    with pytest.raises(ImbcoreError, match=r"known methods: 'delong'"):
        ic.compare_auc([0, 1], [0.1, 0.2], [0.2, 0.1], method=method)


def test_sample_weights_are_refused_with_the_reason():
    with pytest.raises(ImbcoreError, match=r"invalid sample_weight: .*unweighted samples only"):
        ic.roc_auc_ci([0, 1], [0.1, 0.2], sample_weight=[1, 2])
    with pytest.raises(ImbcoreError, match=r"invalid sample_weight"):
        ic.compare_auc([0, 1], [0.1, 0.2], [0.2, 0.1], sample_weight=[1, 1])


def test_bad_scores_and_labels_are_refused():
    with pytest.raises(ImbcoreError, match=r"invalid y_score: got nan at index 1"):
        ic.roc_auc_ci([0, 1], [0.1, float("nan")])
    with pytest.raises(ImbcoreError, match=r"invalid y_score2: got inf at index 0"):
        ic.compare_auc([0, 1], [0.1, 0.2], [float("inf"), 0.2])
    with pytest.raises(ImbcoreError, match=r"invalid y_true: got more than two label values"):
        ic.roc_auc_ci([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ImbcoreError, match=r"invalid pos_label"):
        ic.roc_auc_ci(["a", "b"], [0.1, 0.2])
    with pytest.raises(ImbcoreError, match=r"invalid y_score1: got an array of shape"):
        ic.compare_auc([0, 1], [[0.1, 0.2]], [0.1, 0.2])
