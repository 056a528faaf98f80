"""Weight, threshold, probability and prior conversions against independent references.

* 50-digit mpmath evaluations of the defining formulas, on the float64 values
  imbcore sees (taken exactly), extremes included;
* round trips through each inverse;
* real training: scikit-learn's ``LogisticRegression`` fitted with and
  without a class weight on well-specified data (1-D equal-variance binormal
  classes, whose posterior log-odds are linear in the score);
* Bayes' rule applied directly to known binormal densities;
* the deployment prevalence of a sample drawn with known labels, and an EM
  loop and a likelihood root written here.
"""

from __future__ import annotations

import math
import re

import mpmath as mp
import numpy as np
import pytest

import imbcore as ic

mp.mp.dps = 50

REL = 1e-14  # a few ulps: the conversions are products and one sum of non-negative terms

PROBS = [0.0, 5e-300, 1e-200, 1e-17, 1e-9, 1e-3, 0.1, 0.3, 0.5, 0.7, 1 - 1e-6,
         1 - 1e-12, 1 - 2.0**-52, 1 - 2.0**-53, 1.0]
ALPHAS = [1e-300, 1e-12, 1e-6, 0.01, 1.0, 3.0, 99.0, 1e6, 1e9, 1e200]
THRESHOLDS = [1e-300, 1e-12, 1e-3, 0.1, 0.5, 0.8, 1 - 1e-9, 1 - 2.0**-53]
PREVALENCES = [1e-12, 1e-9, 1e-3, 0.01, 0.3, 0.5, 0.9, 1 - 1e-9]
RATES = [1e-12, 1e-6, 0.01, 0.1, 0.5, 1.0]


def mp_scale(p, k):
    """The probability whose odds are ``k`` times those of ``p``, at 50 digits."""
    p = mp.mpf(p)
    if p == 1:
        return mp.mpf(1)
    return k * p / (k * p + 1 - p)


def close(got, want, rel=REL):
    """``got`` within ``rel`` of the mpmath value (absolutely below the normal range)."""
    got = float(got)
    want = mp.mpf(want)
    if abs(want) < 1e-290:  # subnormal results carry fewer digits
        return abs(got - want) <= 1e-305
    return abs(mp.mpf(got) - want) <= rel * abs(want)


# --------------------------------------------------------------------------
# 50-digit references
# --------------------------------------------------------------------------


def test_threshold_for_weight_matches_mpmath():
    for a in ALPHAS:
        for t in THRESHOLDS:
            got = ic.threshold_for_weight(a, t)
            tt = mp.mpf(t)
            want = tt / (tt + mp.mpf(a) * (1 - tt))
            assert close(got, want), (a, t, float(got), want)


def test_weight_for_threshold_matches_mpmath():
    ts = [1e-300, 1e-12, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-9, 1 - 2.0**-53]
    for t in ts:
        for th in THRESHOLDS:
            got = ic.weight_for_threshold(t, th)
            tt, hh = mp.mpf(t), mp.mpf(th)
            want = hh * (1 - tt) / (tt * (1 - hh))
            if want > 1.7e308:
                assert got == math.inf
            else:
                assert close(got, want), (t, th, float(got), want)


def test_unweight_proba_matches_mpmath():
    for p in PROBS:
        for a in ALPHAS:
            got = ic.unweight_proba(p, a)
            assert close(got, mp_scale(p, 1 / mp.mpf(a))), (p, a, float(got))


def test_unweight_proba_with_keep_rate_matches_mpmath():
    # keep-rate r stands for the weight 1/r: the odds are divided by alpha/r
    for p in PROBS:
        for a in [1e-12, 0.5, 1.0, 7.0, 1e9]:
            for r in RATES:
                got = ic.unweight_proba(p, a, keep_rate=r)
                assert close(got, mp_scale(p, mp.mpf(r) / mp.mpf(a))), (p, a, r, float(got))
    # keep_rate alone is the undersampling correction p*r / (p*r + 1 - p)
    for p in PROBS:
        for r in RATES:
            got = ic.unweight_proba(p, keep_rate=r)
            pp, rr = mp.mpf(p), mp.mpf(r)
            assert close(got, pp * rr / (pp * rr + 1 - pp)), (p, r)


def test_shift_prior_matches_mpmath():
    for p in PROBS:
        for f in PREVALENCES:
            for t in PREVALENCES:
                got = ic.shift_prior(p, f, t)
                ff, tt = mp.mpf(f), mp.mpf(t)
                k = (tt / (1 - tt)) / (ff / (1 - ff))
                assert close(got, mp_scale(p, k)), (p, f, t, float(got))


def test_the_reference_tells_a_cancelling_formula_apart():
    # the checks above can fail: the log-odds route expit(logit(p) - log(alpha)),
    # correct in exact arithmetic, misses REL where p is tiny (its error grows
    # with |logit p|)
    from scipy.special import expit, logit

    misses = 0
    for p in [1e-250, 1e-200]:
        for a in [3.0, 1e6]:
            misses += not close(expit(logit(p) - math.log(a)), mp_scale(p, 1 / mp.mpf(a)))
            assert close(ic.unweight_proba(p, a), mp_scale(p, 1 / mp.mpf(a)))
    assert misses == 4


# --------------------------------------------------------------------------
# Round trips and the special values
# --------------------------------------------------------------------------


def test_round_trips():
    # Each inverse undoes its map. From a threshold to a weight and back is
    # well conditioned everywhere (rtol 1e-14). From a weight to a threshold
    # and back, and unweighting then reweighting, pass through a probability
    # whose distance from 0 or 1 carries the information: kept within
    # [1e-4, 1 - 1e-4] here, a condition number of at most 1e4 (rtol 1e-11).
    rng = np.random.default_rng(1)
    t = 10.0 ** rng.uniform(-300, -1e-12, 2000)
    t = np.where(rng.random(2000) < 0.5, t, 1 - t * (t > 2.0**-53))
    t = np.clip(t, 1e-300, 1 - 2.0**-53)
    th = rng.uniform(1e-6, 1 - 1e-6, 2000)
    a = ic.weight_for_threshold(t, th)
    finite = np.isfinite(a)
    np.testing.assert_allclose(ic.threshold_for_weight(a[finite], th[finite]), t[finite],
                               rtol=1e-14)
    alpha = 10.0 ** rng.uniform(-2, 2, 2000)
    t = rng.uniform(0.01, 0.99, 2000)
    back = ic.weight_for_threshold(ic.threshold_for_weight(alpha, t), t)
    np.testing.assert_allclose(back, alpha, rtol=1e-11)
    p = rng.uniform(0.01, 0.99, 2000)
    np.testing.assert_allclose(ic.unweight_proba(ic.unweight_proba(p, alpha), 1 / alpha), p,
                               rtol=1e-11)
    r = rng.uniform(1e-6, 1, 2000)
    # a weight alpha and a keep-rate r undo together what weight alpha/r does
    np.testing.assert_allclose(ic.unweight_proba(p, alpha, keep_rate=r),
                               ic.unweight_proba(p, alpha / r), rtol=1e-14)
    f = rng.uniform(0.1, 0.9, 2000)
    g = rng.uniform(0.1, 0.9, 2000)
    np.testing.assert_allclose(ic.shift_prior(ic.shift_prior(p, f, g), g, f), p, rtol=1e-11)
    # the default threshold: 1/(1 + alpha) and (1 - t)/t, exactly as rational numbers
    for a in [1, 3, 9, 99, 999]:
        assert float(ic.threshold_for_weight(float(a))) == 1 / (1 + a)
    for k in [2, 4, 8, 16, 1024]:
        assert float(ic.weight_for_threshold(1 / k)) == k - 1


def test_zero_and_one_stay_put_and_identity_maps():
    p = np.array([0.0, 1.0])
    np.testing.assert_array_equal(ic.unweight_proba(p, 1e300), p)
    np.testing.assert_array_equal(ic.unweight_proba(p, 1e-300, keep_rate=1e-300), p)
    np.testing.assert_array_equal(ic.shift_prior(p, 1e-12, 1 - 1e-12), p)
    q = np.linspace(0, 1, 101)
    np.testing.assert_array_equal(ic.unweight_proba(q, 1.0), q)
    np.testing.assert_array_equal(ic.shift_prior(q, 0.3, 0.3), q)


def test_broadcasting_and_scalars():
    out = ic.threshold_for_weight(np.array([1.0, 3.0])[:, None], np.array([0.2, 0.5, 0.9]))
    assert out.shape == (2, 3)
    assert np.isclose(out[1, 1], 0.25)
    assert np.ndim(ic.threshold_for_weight(3.0)) == 0
    assert isinstance(ic.unweight_proba(0.5, 3.0), np.floating)
    out = ic.shift_prior(np.full((4, 1), 0.5), [0.1, 0.2], 0.5)
    assert out.shape == (4, 2)
    assert ic.unweight_proba([[0.5]], [1.0, 3.0], keep_rate=[[1.0], [0.5]]).shape == (2, 2)
    assert ic.weight_for_threshold([0.1, 0.2], [[0.5], [0.3]]).shape == (2, 2)
    with pytest.raises(ic.ImbcoreError, match=r"^invalid shapes: got p \(2,\), alpha \(3,\)"):
        ic.unweight_proba([0.1, 0.2], [1.0, 2.0, 3.0])


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


@pytest.mark.parametrize("call, message", [
    (lambda: ic.unweight_proba([0.1, 1.5], 2.0),
     r"^invalid p: got 1\.5 at index 1; p must hold probabilities, finite and in \[0, 1\]$"),
    (lambda: ic.unweight_proba(-0.1, 2.0), r"^invalid p: got -0\.1; "),
    (lambda: ic.unweight_proba(np.nan, 2.0), r"^invalid p: got nan; "),
    (lambda: ic.shift_prior([0.2, np.inf], 0.1, 0.2), r"^invalid p: got inf at index 1; "),
    (lambda: ic.unweight_proba(0.5, 0.0),
     r"^invalid alpha: got 0\.0; alpha \(the weight of the positive class\) must be finite and > 0$"),
    (lambda: ic.unweight_proba(0.5, -2.0), r"^invalid alpha: got -2\.0; "),
    (lambda: ic.threshold_for_weight(np.inf), r"^invalid alpha: got inf; "),
    (lambda: ic.threshold_for_weight([1.0, np.nan]), r"^invalid alpha: got nan at index 1; "),
    (lambda: ic.threshold_for_weight(2.0, 1.0),
     r"^invalid threshold: got 1\.0; threshold must lie strictly between 0 and 1$"),
    (lambda: ic.threshold_for_weight(2.0, 0.0), r"^invalid threshold: got 0\.0; "),
    (lambda: ic.weight_for_threshold(0.0), r"^invalid t: got 0\.0; t \(a threshold on "),
    (lambda: ic.weight_for_threshold(0.5, 1.5), r"^invalid threshold: got 1\.5; "),
    (lambda: ic.unweight_proba(0.5, 1.0, keep_rate=0.0),
     r"^invalid keep_rate: got 0\.0; keep_rate \(the fraction of negatives kept\) must lie in \(0, 1\]$"),
    (lambda: ic.unweight_proba(0.5, 1.0, keep_rate=2.0), r"^invalid keep_rate: got 2\.0; "),
    (lambda: ic.shift_prior(0.5, 0.0, 0.5), r"^invalid from_prevalence: got 0\.0; "),
    (lambda: ic.shift_prior(0.5, 0.5, 1.0), r"^invalid to_prevalence: got 1\.0; "),
    (lambda: ic.shift_prior(0.5, 0.5, "a"), r"^invalid to_prevalence: got 'a'; .* must be numeric"),
    (lambda: ic.estimate_prior([0.5, 2.0], 0.5), r"^invalid p: got 2\.0 at index 1; "),
    (lambda: ic.estimate_prior([], 0.5), r"^invalid p: got an empty array; "),
    (lambda: ic.estimate_prior([[0.5]], 0.5), r"^invalid p: got an array of shape \(1, 1\); "),
    (lambda: ic.estimate_prior([0.5], 1.0), r"^invalid train_prevalence: got 1\.0; "),
    (lambda: ic.estimate_prior([0.5], [0.5, 0.4]), r"^invalid train_prevalence: got an array"),
    (lambda: ic.estimate_prior([0.5], 0.5, tol=0.0), r"^invalid tol: got 0\.0; "),
    (lambda: ic.estimate_prior([0.5], 0.5, max_iter=0), r"^invalid max_iter: got 0; "),
    (lambda: ic.estimate_prior([0.5, 0.2], 0.5, sample_weight=[1.0]),
     r"^invalid sample_weight: got shape \(1,\); "),
    (lambda: ic.estimate_prior([0.5, 0.2], 0.5, sample_weight=[1.0, -1.0]),
     r"^invalid sample_weight: got -1\.0 at index 1; "),
    (lambda: ic.estimate_prior([0.5, 0.2], 0.5, sample_weight=[0.0, 0.0]),
     r"^invalid sample_weight: got weights summing to 0; "),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ic.ImbcoreError, match=message):
        call()


# --------------------------------------------------------------------------
# Real training: a class weight does what moving the threshold does
# --------------------------------------------------------------------------

D = 1.5  # separation of the binormal classes (negatives N(0, 1), positives N(D, 1))


def binormal(n, prevalence, rng):
    y = rng.random(n) < prevalence
    return rng.standard_normal(n) + D * y, y


@pytest.fixture(scope="module")
def trained():
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(20021)
    x, y = binormal(200_000, 0.1, rng)
    X = x[:, None]
    unweighted = sklearn.LogisticRegression(C=1e6).fit(X, y)
    weighted = {a: sklearn.LogisticRegression(C=1e6, class_weight={False: 1.0, True: a}).fit(X, y)
                for a in (0.3, 3.0, 9.0, 30.0)}
    return X, unweighted, weighted


@pytest.mark.parametrize("alpha", [0.3, 3.0, 9.0, 30.0])
def test_weighted_training_decides_like_the_moved_threshold(trained, alpha):
    # Weighted cross-entropy on a well-specified model has its population
    # optimum at log-odds + log(alpha): the weighted model at 0.5 and the
    # unweighted one at threshold_for_weight(alpha) differ only by the two
    # fits' estimation noise. Measured (seed above): at most 0.04 % of the
    # 200,000 samples disagree, boundaries 0.003 apart; tolerance 0.5 % and 0.02.
    X, unweighted, weighted = trained
    m = weighted[alpha]
    p0 = unweighted.predict_proba(X)[:, 1]
    decided_weighted = m.predict(X)
    decided_moved = p0 >= ic.threshold_for_weight(alpha)
    assert np.mean(decided_weighted != decided_moved) < 0.005
    boundary_weighted = -m.intercept_[0] / m.coef_[0, 0]
    logit = math.log(ic.threshold_for_weight(alpha) / (1 - ic.threshold_for_weight(alpha)))
    boundary_moved = (logit - unweighted.intercept_[0]) / unweighted.coef_[0, 0]
    assert abs(boundary_weighted - boundary_moved) < 0.02
    # the weighted model's probabilities, unweighted, are the unweighted model's
    pw = m.predict_proba(X)[:, 1]
    assert np.max(np.abs(ic.unweight_proba(pw, alpha) - p0)) < 0.005
    # the check can fail: the unweighted model left at 0.5 decides differently
    if alpha != 0.3:
        assert np.mean(decided_weighted != (p0 >= 0.5)) > 0.01


# --------------------------------------------------------------------------
# Bayes' rule on known binormal posteriors
# --------------------------------------------------------------------------


def mp_posterior(s, prevalence):
    """P(positive | score s) for N(D, 1) positives and N(0, 1) negatives, at 50 digits."""
    s, pi = mp.mpf(s), mp.mpf(prevalence)
    f1 = mp.npdf(s, D, 1)
    f0 = mp.npdf(s, 0, 1)
    return pi * f1 / (pi * f1 + (1 - pi) * f0)


def test_shift_prior_is_bayes_rule_on_binormal_posteriors():
    # The posterior at one prevalence, rounded to float64, moved to another,
    # against the posterior computed there directly at 50 digits. The input's
    # own rounding dp is carried through the map (derivative dp'/dp =
    # k/(k*p + 1 - p)^2, k the odds ratio): the tolerance is that plus REL.
    scores = np.linspace(-6, 8, 57)
    for f in (0.5, 0.1, 1e-4):
        exact_from = [mp_posterior(s, f) for s in scores]
        p_from = np.array([float(v) for v in exact_from])
        for t in (0.3, 0.01, 1e-6, 0.999):
            got = ic.shift_prior(p_from, f, t)
            ff, tt = mp.mpf(f), mp.mpf(t)
            k = (tt / (1 - tt)) / (ff / (1 - ff))
            for g, pf, ex, s in zip(got, p_from, exact_from, scores):
                want = mp_posterior(s, t)
                pf = mp.mpf(pf)
                carried = k / (k * pf + 1 - pf) ** 2 * abs(pf - ex)
                assert abs(mp.mpf(float(g)) - want) <= REL * want + 1.01 * carried, \
                    (f, t, s)
            # and the direct formula misses by far more when shift_prior is skipped
            assert not np.allclose(p_from, [float(mp_posterior(s, t)) for s in scores])


# --------------------------------------------------------------------------
# The deployment prevalence, by EM
# --------------------------------------------------------------------------


def simple_em(p, pi_train, iters=100_000, tol=1e-15):
    """Saerens et al. (2002), eq. (2.9)-(2.10), written out for two classes."""
    pi = pi_train
    for _ in range(iters):
        num = p * pi / pi_train
        post = num / (num + (1 - p) * (1 - pi) / (1 - pi_train))
        new = post.mean()
        if abs(new - pi) < tol:
            return new
        pi = new
    raise AssertionError("the reference EM did not converge")


def likelihood_root(p, pi_train):
    """The maximum-likelihood prevalence: the root of the score of the concave log-likelihood."""
    from scipy.optimize import brentq

    l1 = p / pi_train  # f1/f and f0/f up to the common factor f(s)
    l0 = (1 - p) / (1 - pi_train)

    def score(pi):
        return np.sum((l1 - l0) / (pi * l1 + (1 - pi) * l0))

    return brentq(score, 1e-12, 1 - 1e-12, xtol=1e-16, rtol=4 * np.finfo(float).eps)


@pytest.mark.parametrize("train, deploy", [(0.5, 0.05), (0.1, 0.3), (0.02, 0.002)])
def test_estimate_prior_recovers_the_deployment_prevalence(train, deploy):
    pytest.importorskip("scipy")
    rng = np.random.default_rng(2002)
    n = 200_000
    s, y = binormal(n, deploy, rng)
    # the model's calibrated posteriors at the training prevalence, exact
    logit = D * s - D * D / 2 + math.log(train / (1 - train))
    p = 1 / (1 + np.exp(-logit))
    est = ic.estimate_prior(p, train)
    assert est.converged
    # within sampling error: the standard error of the maximum-likelihood
    # mixture proportion, from the observed Fisher information
    l1 = p / train
    l0 = (1 - p) / (1 - train)
    info = np.sum(((l1 - l0) / (deploy * l1 + (1 - deploy) * l0)) ** 2)
    se = 1 / math.sqrt(info)
    assert abs(est.prevalence - deploy) < 4 * se, (est.prevalence, deploy, se)
    # the error is the estimator's, not the labels': the sample's own share of
    # positives is near as well, and far from the training prevalence
    assert abs(est.prevalence - y.mean()) < 4 * se
    assert abs(est.prevalence - train) > 20 * se
    # agrees with an EM written here and with the likelihood's root
    assert est.prevalence == pytest.approx(simple_em(p, train), rel=1e-8)
    assert est.prevalence == pytest.approx(likelihood_root(p, train), rel=1e-8)
    # the adjusted probabilities are the posteriors at the estimated prevalence
    want = 1 / (1 + np.exp(-(D * s - D * D / 2 + math.log(est.prevalence / (1 - est.prevalence)))))
    np.testing.assert_allclose(est.proba, want, rtol=1e-10, atol=1e-300)
    # and are calibrated on the deployment sample: their mean is the estimate
    assert est.proba.mean() == pytest.approx(est.prevalence, rel=1e-9)


def test_estimate_prior_with_sample_weight_equals_repetition():
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 1, 500)
    k = rng.integers(0, 4, 500)
    weighted = ic.estimate_prior(p, 0.4, sample_weight=k)
    repeated = ic.estimate_prior(np.repeat(p, k), 0.4)
    assert weighted.prevalence == pytest.approx(repeated.prevalence, rel=1e-9)


def test_estimate_prior_edges():
    # all negatives with certainty: prevalence 0; all positives: 1
    assert ic.estimate_prior([0.0, 0.0], 0.3).prevalence == 0.0
    est = ic.estimate_prior([1.0, 1.0, 1.0], 0.3)
    assert est.prevalence == 1.0
    np.testing.assert_array_equal(est.proba, [1.0, 1.0, 1.0])
    # uninformative scores keep the training prevalence
    assert ic.estimate_prior([0.3] * 10, 0.3).prevalence == pytest.approx(0.3, rel=1e-12)
    # no convergence in one step warns
    with pytest.warns(ic.ImbcoreWarning, match=r"did not converge in 1 iterations"):
        est = ic.estimate_prior([0.9, 0.1, 0.1], 0.5, max_iter=1)
    assert not est.converged and est.n_iter == 1


def test_messages_follow_the_contract():
    with pytest.raises(ic.ImbcoreError) as e:
        ic.unweight_proba([0.5, 0.5, -1.0], 1.0)
    assert re.match(r"invalid \w+: got .+; .+", str(e.value))


def test_estimate_prior_on_a_weak_model_reaches_the_likelihood_maximum():
    # separation 0.4: plain EM creeps (its rate is close to 1); the extrapolated
    # EM must still end on the maximum-likelihood prevalence
    pytest.importorskip("scipy")
    rng = np.random.default_rng(11)
    d = 0.4
    y = rng.random(300_000) < 0.08
    s = rng.standard_normal(y.size) + d * y
    p = 1 / (1 + np.exp(-(d * s - d * d / 2 + math.log(0.3 / 0.7))))
    est = ic.estimate_prior(p, 0.3)
    assert est.converged and est.n_iter < 200
    l1, l0 = p / 0.3, (1 - p) / 0.7
    from scipy.optimize import brentq

    root = brentq(lambda pi: np.sum((l1 - l0) / (pi * l1 + (1 - pi) * l0)), 1e-9, 1 - 1e-9,
                  xtol=1e-16, rtol=4 * np.finfo(float).eps)
    assert est.prevalence == pytest.approx(root, rel=1e-7)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(p=st.floats(0, 1), t=st.floats(1e-12, 1 - 1e-12),
       log_alpha=st.floats(-25, 25), log_r=st.floats(-25, 0))
def test_decisions_and_order_are_kept(p, t, log_alpha, log_r):
    # Thresholding the weighted model's probability p at t decides like
    # thresholding the unweighted probability at threshold_for_weight(alpha, t)
    # (away from the boundary, where either side may round); the map is monotone.
    alpha, r = math.exp(log_alpha), math.exp(log_r)
    q = float(ic.unweight_proba(p, alpha))
    t2 = float(ic.threshold_for_weight(alpha, t))
    if abs(p - t) > 1e-9 * max(t, 1 - t) and abs(q - t2) > 1e-9 * max(t2, 1 - t2):
        assert (p >= t) == (q >= t2)
    assert 0.0 <= q <= 1.0
    q_up = float(ic.unweight_proba(min(1.0, p + 0.01), alpha))
    assert q_up >= q
    # keep_rate r is weight 1/r: one of them undone by the other
    both = float(ic.unweight_proba(p, alpha, keep_rate=r))
    assert both == pytest.approx(float(ic.unweight_proba(p, alpha / r)), rel=1e-13, abs=1e-300)
