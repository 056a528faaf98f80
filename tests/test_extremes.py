"""Numbers are right wherever the input is accepted: the theory at extreme
weights and prevalences against 50-digit mpmath; sweeps with huge weights;
costs that overflow."""

from __future__ import annotations

import itertools
import re

import mpmath as mp
import numpy as np
import pytest

from _expected_loss import ic

mp.mp.dps = 60

ALPHAS = [5e-324, 1e-300, 1e-100, 1e-10, 1.0, 1e10, 1e100, 1e300, 1.7e308]
PS = [1.0, 1.5, 40.0, 1e6, 1e12]
BETAS = [5e-324, 1e-300, 1e-100, 1e-9, 0.5, 1 - 1e-9, 1 - 2.0**-53]
CELLS = list(itertools.product(ALPHAS, PS, BETAS))


def mp_landing(alpha, p, beta):
    """``(x, 1-x, z, 1-z)`` at 60 digits, from the definition."""
    a, p, b = mp.mpf(alpha), mp.mpf(p), mp.mpf(beta)
    d = a * b + 1 - b
    u, v = a * b / d, (1 - b) / d
    # ln of the one near 1 as log1p of minus the other: u can be 1e-600,
    # far below what 60 digits resolve next to 1
    ln_u = mp.log(u) if u < 0.5 else mp.log1p(-v)
    ln_v = mp.log(v) if v < 0.5 else mp.log1p(-u)
    x, z = mp.exp(ln_u / p), mp.exp(ln_v / p)
    return x, -mp.expm1(ln_u / p), z, -mp.expm1(ln_v / p)


def close(got, want, tol=1e-12):
    want = mp.mpf(want)
    if abs(want) < mp.mpf("1e-300"):  # below what float64 holds with full digits
        return abs(mp.mpf(float(got)) - want) < mp.mpf("1e-300")
    return abs((mp.mpf(float(got)) - want) / want) <= tol


def test_landing_at_extreme_weights_and_prevalences():
    a, p, b = (np.array(c) for c in zip(*CELLS))
    x, z = ic.landing(a, p, b)
    bad = []
    for k, (aa, pp, bb) in enumerate(CELLS):
        mx, _, mz, _ = mp_landing(aa, pp, bb)
        if not (close(x[k], mx) and close(z[k], mz)):
            bad.append((aa, pp, bb, x[k], float(mx), z[k], float(mz)))
    assert not bad, bad[:5]


@pytest.mark.parametrize("name", ["f1", "recall", "precision", "mcc", "balanced_accuracy",
                                  "specificity", "fnr", "cohen_kappa", "youden_j", "accuracy"])
def test_expected_metric_at_extreme_weights_and_prevalences(name):
    a, p, b = (np.array(c) for c in zip(*CELLS))
    got = ic.expected_metric(name, a, p, b)
    bad = []
    for k, (aa, pp, bb) in enumerate(CELLS):
        x, omx, z, omz = mp_landing(aa, pp, bb)
        B = mp.mpf(bb)
        tp, fn, fp, tn = B * x, B * omx, (1 - B) * omz, (1 - B) * z
        want = _mp_metric(name, tp, fp, fn, tn)
        if want is None:
            continue
        if not _close_metric(got[k], want):
            bad.append((aa, pp, bb, got[k], float(want)))
    assert not bad, (name, len(bad), bad[:5])


def _close_metric(got, want):
    # Values of the metrics lie in [-1, 1]: an absolute error of 1e-12 is
    # what "within 1e-12" means for them (a relative one for tiny values
    # would ask for digits float64 cannot carry through 1 - x).
    return abs(mp.mpf(float(got)) - want) <= mp.mpf("1e-12")


def _mp_metric(name, tp, fp, fn, tn):
    n = tp + fp + fn + tn
    def r(a, b):
        return a / b if b != 0 else mp.mpf(0)
    det = tp * tn - fp * fn
    if name == "f1":
        return r(2 * tp, 2 * tp + fp + fn)
    if name == "recall":
        return r(tp, tp + fn)
    if name == "precision":
        return r(tp, tp + fp)
    if name == "specificity":
        return r(tn, tn + fp)
    if name == "fnr":
        return r(fn, fn + tp)
    if name == "accuracy":
        return (tp + tn) / n
    if name == "balanced_accuracy":
        return (r(tp, tp + fn) + r(tn, tn + fp)) / 2
    if name == "youden_j":
        return r(tp, tp + fn) + r(tn, tn + fp) - 1
    if name == "mcc":
        den = mp.sqrt((tp + fp) * (tn + fn) * (tp + fn) * (tn + fp))
        return r(det, den)
    if name == "cohen_kappa":
        den = (tp + fp) * (fp + tn) + (tp + fn) * (fn + tn)
        return None if den == 0 else 2 * det / den
    raise AssertionError(name)


def test_the_examples_of_the_issue():
    assert abs(float(ic.expected_metric("f1", 1e-100, 1e6, 1e-300)) - 0.99954) < 1e-5
    x, _ = ic.landing(1e-300, 1e6, 1e-300)
    assert abs(float(x) - 0.99862) < 1e-5


@pytest.mark.parametrize("name", ["f1", "mcc", "precision", "cost(c_fp=1, c_fn=10)"])
def test_grid_at_extremes_agrees_with_expected_metric(name):
    # The grid is another code path (vectorized columns, with the scaled and
    # logarithmic cells redone one by one); expected_metric is checked
    # against mpmath above and below.
    g = ic.grid(name, ALPHAS, PS, BETAS)
    a, p, b = np.meshgrid(ALPHAS, PS, BETAS, indexing="ij")
    e = ic.expected_metric(name, a, p, b)
    np.testing.assert_allclose(g, e, rtol=1e-12, atol=0)


def test_cost_at_extremes_against_mpmath():
    a, p, b = (np.array(c) for c in zip(*CELLS))
    got = ic.expected_metric("cost(c_fp=1, c_fn=10)", a, p, b)
    bad = []
    for k, (aa, pp, bb) in enumerate(CELLS):
        _, omx, _, omz = mp_landing(aa, pp, bb)
        B = mp.mpf(bb)
        want = (1 - B) * omz + 10 * B * omx  # a total: compared relatively
        if not close(got[k], want):
            bad.append((aa, pp, bb, got[k], float(want)))
    assert not bad, (len(bad), bad[:5])


@pytest.mark.parametrize("unit", [1e308, 2.0**1000, 1e-300, 5e-324 * 2**20, 2.0**-1070])
def test_sweeps_are_scale_free_in_the_weights(unit):
    # Multiplying every weight by one power of two changes no ratio: AUC, AP
    # and every metric but the cost must be those of the plain weights, even
    # where the sums of the scaled weights leave the range of floats.
    rng = np.random.default_rng(4)
    n = 2000
    y = rng.random(n) < 0.3
    s = np.round(rng.normal(size=n) + y, 1)
    w = rng.integers(1, 5, n) / 4.0  # <= 1, so that w * 2^1023 is still a float
    scale = 2.0 ** np.round(np.log2(unit))
    plain = ic.sweep(y, s, sample_weight=w)
    big = ic.sweep(y, s, sample_weight=w * scale)
    assert big.roc_auc == plain.roc_auc and big.average_precision == plain.average_precision
    for name in ["f1", "mcc", "cohen_kappa", "balanced_accuracy", "precision"]:
        np.testing.assert_array_equal(big.metric(name), plain.metric(name))
        assert big.best(name).index == plain.best(name).index
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(big.tp, plain.tp * scale)
    # the same through states merged from parts
    a, b = ic.SweepState(), ic.SweepState()
    a.update(y[:700], s[:700], sample_weight=w[:700] * scale)
    b.update(y[700:], s[700:], sample_weight=w[700:] * scale)
    merged = a.merge(b).finalize()
    assert merged.roc_auc == pytest.approx(plain.roc_auc, rel=1e-14)
    assert merged.average_precision == pytest.approx(plain.average_precision, rel=1e-14)


def test_the_huge_weights_of_the_issue():
    y, s = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    got = ic.sweep(y, s, sample_weight=[1e308] * 4)
    assert got.roc_auc == 0.75 and got.average_precision == pytest.approx(5 / 6, rel=1e-15)


def test_weighted_kappa_and_mcc_against_exact_fractions_with_weights_spanning_1e6():
    # fn and tn are summed from the low end, not found as n_pos - tp: a small
    # remainder next to a large total keeps its digits.
    from fractions import Fraction as Fr
    import math

    rng = np.random.default_rng(9)
    n = 60
    y = rng.random(n) < 0.4
    s = np.round(rng.normal(size=n), 1)
    w = 10.0 ** rng.uniform(-3, 3, n)
    sw = ic.sweep(y, s, sample_weight=w)
    W = [Fr(float(x)) for x in w]
    for name in ["cohen_kappa", "mcc", "f1", "balanced_accuracy"]:
        got = sw.metric(name)
        for i, t in enumerate(sw.thresholds):
            tp = sum(W[j] for j in range(n) if y[j] and s[j] >= t)
            fp = sum(W[j] for j in range(n) if not y[j] and s[j] >= t)
            fn = sum(W[j] for j in range(n) if y[j] and s[j] < t)
            tn = sum(W[j] for j in range(n) if not y[j] and s[j] < t)
            det = tp * tn - fp * fn
            if name == "cohen_kappa":
                den = (tp + fp) * (fp + tn) + (tp + fn) * (fn + tn)
                want = float(2 * det / den) if den else float("nan")
            elif name == "mcc":
                den2 = (tp + fp) * (tn + fn) * (tp + fn) * (tn + fp)
                want = float(det) / math.sqrt(float(den2)) if den2 else 0.0
            elif name == "f1":
                want = float(2 * tp / (2 * tp + fp + fn))
            else:
                want = float((tp / (tp + fn) + tn / (tn + fp)) / 2)
            if math.isnan(want):
                assert math.isnan(got[i])
            else:
                assert abs(got[i] - want) <= 1e-13 * max(abs(want), 1e-300), (name, i)
        # the counts below each threshold too, and in best()
    fn_exact = [float(sum(W[j] for j in range(n) if y[j] and s[j] < t)) for t in sw.thresholds]
    np.testing.assert_allclose(sw.fn, fn_exact, rtol=1e-15, atol=0)
    b = sw.best("cohen_kappa")
    assert b.fn == sw.fn[b.index] and b.tn == sw.tn[b.index]


def test_the_kappa_example_of_the_issue():
    from fractions import Fraction as Fr

    s = ic.sweep([1, 0, 1], [1.0, -0.0, -0.0], sample_weight=[1000, 0.001, 0.001])
    tp, fp, fn, tn = Fr(1000), Fr(0), Fr(0.001), Fr(0.001)
    want = 2 * (tp * tn - fp * fn) / ((tp + fp) * (fp + tn) + (tp + fn) * (fn + tn))
    assert abs(s.metric("cohen_kappa")[0] - float(want)) <= 1e-13 * float(want)
