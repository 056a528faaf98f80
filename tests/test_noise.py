"""Label noise: in the training labels (the theory's landing under flipped
labels) and in the validation labels (the sweep corrected for flips).

References are independent of the code under test: the noisy landing point
is found from its definition (the noisy posterior ``rho_neg + (1 - rho_pos -
rho_neg) * eta`` crossing ``1/(1+alpha)``) at 50 digits with mpmath, never
through the change of weight the code uses.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import imbcore
from imbcore.errors import ImbcoreError

mp.mp.dps = 50

NOISES = [(0.1, 0.01), (0.2, 0.02), (0.0, 0.05), (0.3, 0.0)]


def mp_clean_posterior_cut(alpha, beta, rho_pos, rho_neg):
    """The clean posterior at which the noisy posterior is ``1/(1+alpha)``,
    or None when it lies outside (0, 1) (a corner)."""
    a, rp, rn = mp.mpf(alpha), mp.mpf(rho_pos), mp.mpf(rho_neg)
    eta = (1 / (1 + a) - rn) / (1 - rp - rn)
    return eta if 0 < eta < 1 else None


def mp_lp_bayes_point(alpha, p, beta, rho_pos, rho_neg):
    """``(x, z)`` on ``x^p + z^p = 1`` where the ROC slope is the likelihood
    ratio of the clean posterior cut: ``(z/x)^(p-1) = (1-beta) eta / (beta (1-eta))``."""
    eta = mp_clean_posterior_cut(alpha, beta, rho_pos, rho_neg)
    b, p = mp.mpf(beta), mp.mpf(p)
    slope = (1 - b) * eta / (b * (1 - eta))
    r = slope ** (-1 / (p - 1))  # x / z
    z = (1 + r**p) ** (-1 / p)
    return r * z, z


def mp_binormal_bayes_recall(alpha, a, beta, rho_pos, rho_neg):
    """Recall on the binormal curve (b = 1) at the score where the clean
    posterior equals the cut: the likelihood ratio ``exp(a c - a^2/2)``."""
    eta = mp_clean_posterior_cut(alpha, beta, rho_pos, rho_neg)
    a, b = mp.mpf(a), mp.mpf(beta)
    lr = (1 - b) * eta / (b * (1 - eta))
    c = (mp.log(lr) + a * a / 2) / a
    return mp.ncdf(a - c)


@pytest.mark.parametrize("noise", NOISES)
@pytest.mark.parametrize("alpha", [0.5, 3.0, 20.0])
@pytest.mark.parametrize("p", [1.5, 3.0, 10.0])
def test_lp_noisy_landing_matches_the_noisy_posterior(noise, alpha, p):
    beta = 0.05
    eta = mp_clean_posterior_cut(alpha, beta, *noise)
    x, z = imbcore.landing(alpha, p, beta, noise=noise)
    if eta is None:  # a corner: nothing or everything positive
        assert (float(x), float(z)) in ((0.0, 1.0), (1.0, 0.0))
        return
    mx, mz = mp_lp_bayes_point(alpha, p, beta, *noise)
    assert float(x) == pytest.approx(float(mx), rel=1e-12)
    assert float(z) == pytest.approx(float(mz), rel=1e-12)


@pytest.mark.parametrize("noise", NOISES)
def test_binormal_noisy_landing_matches_the_noisy_posterior(noise):
    alpha = np.array([0.3, 1.0, 4.0, 15.0, 60.0])
    for a, beta in ((1.0, 0.01), (2.5, 0.2)):
        x, _ = imbcore.Binormal(a).landing(alpha, beta, noise=noise)
        for xi, al in zip(x, alpha):
            if mp_clean_posterior_cut(al, beta, *noise) is None:
                assert xi in (0.0, 1.0)
            else:
                want = float(mp_binormal_bayes_recall(al, a, beta, *noise))
                assert xi == pytest.approx(want, rel=1e-11)


def test_noise_corners_sit_where_the_noisy_posterior_cannot_reach():
    # rho_pos = 0.2: the noisy posterior never exceeds 0.8, so any weight
    # with 1/(1+alpha) >= 0.8 (alpha <= 0.25) predicts nothing positive;
    # rho_neg = 0.1: it never falls below 0.1, so alpha >= 9 predicts all.
    x, z = imbcore.landing([0.2, 0.25, 9.0, 50.0], 3.0, 0.1, noise=(0.2, 0.1))
    np.testing.assert_array_equal(x, [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(z, [1.0, 1.0, 0.0, 0.0])


@pytest.mark.parametrize("curve", [imbcore.Lp(4.0), imbcore.Binormal(1.5),
                                   imbcore.Binormal(1.2, 0.7)])
@pytest.mark.parametrize("metric", ["f1", "balanced_accuracy", "mcc"])
def test_noisy_optimum_beats_a_dense_scan_and_keeps_the_clean_value(curve, metric):
    beta, noise = 0.02, (0.1, 0.005)
    o = curve.optimal_alpha(metric, beta, noise=noise)
    clean = curve.optimal_alpha(metric, beta)
    assert float(o.value) == pytest.approx(float(clean.value), rel=1e-9)
    # Exhaustive: the noisy metric on a dense grid of weights is never better.
    grid = np.geomspace(0.11, 199.0, 20001)
    vals = curve.expected_metric(metric, grid, beta, noise=noise)
    assert np.nanmax(vals) <= float(o.value) * (1 + 1e-9)
    assert float(curve.expected_metric(metric, o.alpha, beta, noise=noise)) == pytest.approx(
        float(o.value), rel=1e-9)


def test_noisy_f1_optimum_is_the_clean_identity_mapped_back():
    beta, (rp, rn) = 0.01, (0.1, 0.01)
    o = imbcore.optimal_alpha("f1", 3.0, beta, noise=(rp, rn))
    ac = 2 / float(o.value) - 1  # the clean F1 optimum, alpha* = 2/F1* - 1
    assert float(o.alpha) == pytest.approx((ac * (1 - rn) + rp) / (1 - rp + ac * rn), rel=1e-8)
    # Noise in the positive labels calls for a larger weight.
    assert float(o.alpha) > ac


def test_grid_with_noise_is_the_elementwise_metric():
    alpha = np.geomspace(0.05, 500, 41)
    beta = np.array([0.001, 0.05, 0.3])
    families = ((imbcore.Lp([1.5, 6.0]), [imbcore.Lp(1.5), imbcore.Lp(6.0)]),
                (imbcore.Binormal([0.8, 2.0], [1.0, 0.6]),
                 [imbcore.Binormal(0.8), imbcore.Binormal(2.0, 0.6)]))
    for curve, singles in families:
        for rule, noise in (("bayes", (0.15, 0.01)), ("bayes", None), ("expected_loss", None)):
            g = curve.grid("f1", alpha, beta, rule=rule, noise=noise)
            assert g.shape == (41, 2, 3)
            for k, one in enumerate(singles):
                el = one.expected_metric("f1", alpha[:, None], beta[None, :], rule=rule,
                                         noise=noise)
                np.testing.assert_allclose(g[:, k, :], el, rtol=1e-13, atol=0)
    g = imbcore.grid_f1(alpha, [2.0, 5.0], beta, noise=(0.1, 0.02))
    np.testing.assert_allclose(g[:, 1, :], imbcore.Lp(5.0).grid("f1", alpha, beta,
                                                               noise=(0.1, 0.02)), rtol=0)


def test_empirical_noise_is_the_clean_landing_of_the_acting_weight():
    rng = np.random.default_rng(3)
    y = rng.random(50_000) < 0.05
    s = rng.normal(size=y.size) + 1.8 * y
    c = imbcore.Empirical(imbcore.sweep(y, s))
    rp, rn = 0.1, 0.01
    for a in (0.5, 2.0, 10.0, 50.0):
        w = (a * (1 - rp) - rp) / (1 - rn - a * rn)
        want = c.landing(w) if w > 0 and 1 - rn - a * rn > 0 else None
        got = c.landing(a, noise=(rp, rn))
        if want is not None:
            assert got == want
    o = c.optimal_alpha("f1", noise=(rp, rn))
    lo, hi = o.alpha_range
    assert lo <= o.alpha <= hi
    assert float(c.expected_metric("f1", o.alpha, noise=(rp, rn))) == pytest.approx(
        float(o.value), rel=1e-12)


@pytest.mark.parametrize("noise, match", [
    ((1.0, 0.0), "rho_pos"), ((-0.1, 0.0), "rho_pos"), ((0.0, float("nan")), "rho_neg"),
    ((0.6, 0.4), "rho_pos \\+ rho_neg must be < 1"), ((0.1,), "noise"), ("a", "noise"),
])
def test_bad_noise_is_an_error_naming_it(noise, match):
    with pytest.raises(ImbcoreError, match=match):
        imbcore.landing(1.0, 2.0, 0.1, noise=noise)


def test_expected_loss_refuses_noise():
    with pytest.raises(ImbcoreError, match="expected_loss.*bayes"):
        imbcore.expected_metric("f1", 1.0, 2.0, 0.1, rule="expected_loss", noise=(0.1, 0.0))
    with pytest.raises(ImbcoreError, match="bayes"):
        imbcore.Binormal(1.0).landing(1.0, 0.1, rule="expected_loss", noise=(0.1, 0.0),
                                      loss="focal", gamma=2.0)
    # Zero noise is no noise, under either rule.
    x0, _ = imbcore.landing(2.0, 3.0, 0.1, rule="expected_loss")
    x1, _ = imbcore.landing(2.0, 3.0, 0.1, rule="expected_loss", noise=(0.0, 0.0))
    assert x0 == x1


def test_unknown_family_and_curve_arguments_are_errors():
    with pytest.raises(ImbcoreError, match="family.*weibull.*binormal, lp|weibull.*lp"):
        imbcore.fit_curve(imbcore.sweep([0, 1, 0, 1], [0.1, 0.9, 0.3, 0.6]), family="weibull")
    with pytest.raises(ImbcoreError, match="curve family.*weibull.*known families"):
        imbcore._core.curve_auc("weibull", [np.ones(1)])
    with pytest.raises(ImbcoreError, match="invalid b"):
        imbcore.Binormal(1.0, -1.0)
    with pytest.raises(ImbcoreError, match="invalid p"):
        imbcore.Lp(0.5)
    with pytest.raises(ImbcoreError, match="rule.*known rules are bayes, expected_loss"):
        imbcore.Lp(2.0).grid("f1", [1.0], [0.1], rule="bayse")
    with pytest.raises(ImbcoreError, match="auc"):
        imbcore.Binormal.from_auc(1.0)


def test_binormal_from_auc_round_trips():
    from scipy.stats import norm

    for auc, b in ((0.6, 1.0), (0.9, 0.5), (0.99, 2.0)):
        c = imbcore.Binormal.from_auc(auc, b)
        assert float(c.auc) == pytest.approx(auc, rel=1e-14)
        assert float(c.a) == pytest.approx(norm.ppf(auc) * np.hypot(1, b), rel=1e-14)


# ----------------------------------------------------------- validation noise


def _binormal_data(n, prevalence, auc, seed):
    from scipy.stats import norm

    rng = np.random.default_rng(seed)
    y = rng.random(n) < prevalence
    s = rng.normal(size=n) + norm.ppf(auc) * np.sqrt(2) * y
    return rng, y, s


def _flip(rng, y, rho_pos, rho_neg):
    return y ^ np.where(y, rng.random(y.size) < rho_pos, rng.random(y.size) < rho_neg)


def test_correction_of_expected_noisy_counts_is_exact():
    # Each clean sample split into its expected noisy labels (weights), so the
    # noisy counts are exactly their expectation: the correction must give the
    # clean counts back to rounding.
    rng = np.random.default_rng(5)
    y = rng.random(3000) < 0.2
    s = np.round(rng.normal(size=y.size) + 1.5 * y, 2)  # ties too
    rp, rn = 0.15, 0.05
    lab = np.r_[np.ones(y.size, bool), np.zeros(y.size, bool)]
    w = np.r_[np.where(y, 1 - rp, rn), np.where(y, rp, 1 - rn)]
    noisy = imbcore.sweep(lab, np.r_[s, s], sample_weight=w)
    fixed = noisy.correct_noise(rp, rn)
    clean = imbcore.sweep(y, s)
    assert fixed.n_pos == pytest.approx(clean.n_pos, rel=1e-12)
    assert fixed.n_neg == pytest.approx(clean.n_neg, rel=1e-12)
    c = fixed.at(clean.thresholds)
    np.testing.assert_allclose(c.tp, clean.tp, rtol=1e-10, atol=1e-9)
    np.testing.assert_allclose(c.fp, clean.fp, rtol=1e-10, atol=1e-9)
    assert fixed.roc_auc == pytest.approx(clean.roc_auc, rel=1e-10)
    assert fixed.average_precision == pytest.approx(clean.average_precision, rel=1e-9)
    assert fixed.best("f1").value == pytest.approx(clean.best("f1").value, rel=1e-10)


@pytest.mark.parametrize("rates", [(0.1, 0.01), (0.2, 0.02)])
def test_correction_recovers_the_clean_sweep_in_simulation(rates):
    """Prevalence 1 %, clean AUC 0.90: the noisy AUC, best F1 and threshold
    are far off; corrected, they are within sampling error of the clean ones."""
    n, rp, rn = 1_000_000, *rates
    rng, y, s = _binormal_data(n, 0.01, 0.90, seed=11)
    clean = imbcore.sweep(y, s)
    noisy = imbcore.sweep(_flip(rng, y, rp, rn), s)
    fixed = noisy.correct_noise(rp, rn)
    # The noisy sweep is far off ...
    assert clean.roc_auc - noisy.roc_auc > 0.1
    assert clean.best("f1").value - noisy.best("f1").value > 0.05
    # ... the corrected one within sampling error (over seeds the corrected
    # AUC here scatters by about 0.006 around the clean one, the best F1 by
    # about 0.003).
    assert fixed.roc_auc == pytest.approx(clean.roc_auc, abs=0.025)
    assert fixed.average_precision == pytest.approx(clean.average_precision, abs=0.03)
    assert fixed.best("f1").value == pytest.approx(clean.best("f1").value, abs=0.03)
    # The threshold chosen on the corrected sweep loses little clean F1; the
    # one chosen on the noisy labels loses more.
    f1_clean = clean.metric("f1")

    def clean_f1_at(t):
        c = clean.at(t)
        return 2 * c.tp / (2 * c.tp + c.fp + c.fn)

    best = f1_clean.max()
    loss_fixed = 1 - clean_f1_at(fixed.best("f1").threshold) / best
    loss_noisy = 1 - clean_f1_at(noisy.best("f1").threshold) / best
    assert loss_fixed < 0.02
    assert loss_fixed < loss_noisy


def test_correction_refuses_rates_the_labels_cannot_come_from():
    y = np.r_[np.ones(10, bool), np.zeros(990, bool)]  # noisy prevalence 1 %
    sw = imbcore.sweep(y, np.arange(y.size, dtype=float))
    with pytest.raises(ImbcoreError, match="rho_pos, rho_neg.*positives"):
        sw.correct_noise(0.0, 0.02)
    with pytest.raises(ImbcoreError, match="rho_pos"):
        sw.correct_noise(1.2, 0.0)
    with pytest.raises(ImbcoreError, match="rho_pos \\+ rho_neg"):
        sw.correct_noise(0.5, 0.5)


def test_estimate_noise_covers_the_true_rates():
    rng = np.random.default_rng(2)
    hits = np.zeros(2)
    for _ in range(200):
        clean = rng.random(2000) < 0.3
        noisy = _flip(rng, clean, 0.1, 0.02)
        e = imbcore.estimate_noise(noisy, clean)
        hits += [e.rho_pos_ci[0] <= 0.1 <= e.rho_pos_ci[1],
                 e.rho_neg_ci[0] <= 0.02 <= e.rho_neg_ci[1]]
    # 95 % intervals: coverage within binomial error of 0.95
    assert np.all(np.abs(hits / 200 - 0.95) < 0.045), hits
    with pytest.raises(ImbcoreError, match="y_noisy"):
        imbcore.estimate_noise([0, 1], [0, 1, 1])
    with pytest.raises(ImbcoreError, match="y_clean.*bool or 0/1"):
        imbcore.estimate_noise([0, 1], [0, 2])
