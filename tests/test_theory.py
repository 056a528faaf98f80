"""The theory against a 50-digit mpmath evaluation of the same formulas.

The reference computes the landing point directly from its definition,
``x^p = a*b/D``, ``z^p = (1-b)/D``, ``D = a*b + 1 - b``, at 50 significant
digits, where no cancellation matters, and evaluates each metric from the
confusion fractions ``tp = b*x``, ``fn = b*(1-x)``, ``fp = (1-b)*(1-z)``,
``tn = (1-b)*z`` with its textbook formula (``det = tp*tn - fp*fn`` in mpmath).
Inputs are the float64 values imbcore sees, taken exactly.
"""

from __future__ import annotations

import math
import re

import mpmath as mp
import numpy as np
import pytest

from _expected_loss import ic

mp.mp.dps = 50

REL = 1e-12

ALPHA_RANGE = (1e-6, 1e9)
P_RANGE = (1.0, 1000.0)
BETA_RANGE = (1e-9, 0.5)

ALL_METRICS = ic.metric_names() + ["cost(c_fp=1, c_fn=10)", "f3", "f0.25"]
ZERO_AT_CHANCE = {"mcc", "youden_j", "cohen_kappa", "markedness"}


# --------------------------------------------------------------------------
# The mpmath reference
# --------------------------------------------------------------------------


def mp_landing(alpha, p, beta):
    """``(x, z)`` at 50 digits, from the definition."""
    a, p, b = mp.mpf(float(alpha)), mp.mpf(float(p)), mp.mpf(float(beta))
    d = a * b + 1 - b
    u = a * b / d
    v = (1 - b) / d
    return u ** (1 / p), v ** (1 / p)


def mp_confusion(alpha, p, beta):
    """``(tp, fp, fn, tn)`` at 50 digits."""
    x, z = mp_landing(alpha, p, beta)
    b = mp.mpf(float(beta))
    return b * x, (1 - b) * (1 - z), b * (1 - x), (1 - b) * z


_F = re.compile(r"^f(\d*\.?\d*)$")
_COST = re.compile(r"^cost\(c_fp=([0-9.]+), c_fn=([0-9.]+)\)$")


def mp_metric(name, tp, fp, fn, tn):
    """The textbook formula of a metric (all denominators are > 0 on the curve)."""
    det = tp * tn - fp * fn
    rec = tp / (tp + fn)
    spec = tn / (tn + fp)
    prec = tp / (tp + fp)
    npv = tn / (tn + fn)
    if name == "accuracy":
        return (tp + tn) / (tp + fp + fn + tn)
    if name == "precision":
        return prec
    if name == "recall":
        return rec
    if name == "specificity":
        return spec
    if name == "npv":
        return npv
    if name == "fpr":
        return fp / (fp + tn)
    if name == "fnr":
        return fn / (fn + tp)
    if name == "balanced_accuracy":
        return (rec + spec) / 2
    if name == "gmean":
        return mp.sqrt(rec * spec)
    if name == "mcc":
        return det / mp.sqrt((tp + fp) * (tn + fn) * (tp + fn) * (tn + fp))
    if name == "youden_j":
        return rec + spec - 1
    if name == "jaccard":
        return tp / (tp + fp + fn)
    if name == "cohen_kappa":
        po = tp + tn
        n = tp + fp + fn + tn
        pe = ((tp + fp) * (tp + fn) + (tn + fn) * (tn + fp)) / n**2
        return (po / n - pe) / (1 - pe)
    if name == "markedness":
        return prec + npv - 1
    if name == "cost":
        return fp + fn
    m = _COST.match(name)
    if m:
        return mp.mpf(m.group(1)) * fp + mp.mpf(m.group(2)) * fn
    m = _F.match(name)
    if m:
        b2 = mp.mpf(m.group(1)) ** 2
        return (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp)
    raise AssertionError(f"no reference for {name}")


def rel_err(got, want) -> float:
    return float(abs((mp.mpf(float(got)) - want) / want))


# --------------------------------------------------------------------------
# Points
# --------------------------------------------------------------------------


def _log_uniform(rng, lo, hi, n):
    return np.exp(rng.uniform(math.log(lo), math.log(hi), n))


def _random_points(n=400, seed=12345):
    rng = np.random.default_rng(seed)
    a = _log_uniform(rng, *ALPHA_RANGE, n)
    p = _log_uniform(rng, *P_RANGE, n)
    b = _log_uniform(rng, *BETA_RANGE, n)
    return a, p, b


def _corner_points():
    alphas = [1e-6, 1e-3, 1.0, 99.0, 1e9]
    ps = [1.0, 1.0 + 1e-12, 1.0 + 1e-9, 1.0 + 1e-6, 1.01, 2.0, 40.0, 1000.0]
    betas = [1e-9, 1e-5, 0.01, 0.5 - 1e-12, 0.5]
    pts = np.array([(a, p, b) for a in alphas for p in ps for b in betas])
    return pts[:, 0], pts[:, 1], pts[:, 2]


RANDOM = _random_points()
CORNERS = _corner_points()
POINTS = tuple(np.concatenate([r, c]) for r, c in zip(RANDOM, CORNERS))


@pytest.fixture(scope="module")
def mp_points():
    """The 50-digit landing point and confusion of every test point."""
    out = []
    for a, p, b in zip(*POINTS):
        x, z = mp_landing(a, p, b)
        bb = mp.mpf(float(b))
        out.append((x, z, (bb * x, (1 - bb) * (1 - z), bb * (1 - x), (1 - bb) * z)))
    return out


# --------------------------------------------------------------------------
# Landing point
# --------------------------------------------------------------------------


def test_landing_matches_mpmath(mp_points):
    x, z = ic.landing(*POINTS)
    assert x.shape == z.shape == POINTS[0].shape
    worst = []
    for i, (mx, mz, _) in enumerate(mp_points):
        for what, got, want in (("x", x[i], mx), ("z", z[i], mz)):
            e = rel_err(got, want)
            if e > REL:
                worst.append((what, POINTS[0][i], POINTS[1][i], POINTS[2][i], e))
    assert not worst, worst[:5]


@pytest.mark.parametrize(
    "name, ref",
    [
        ("recall", lambda x, z, c: x),
        ("specificity", lambda x, z, c: z),
        ("fnr", lambda x, z, c: 1 - x),
        ("fpr", lambda x, z, c: 1 - z),
        # cost with one weight zero reads a single confusion fraction
        ("cost(c_fp=1, c_fn=0)", lambda x, z, c: c[1]),
        ("cost(c_fp=0, c_fn=1)", lambda x, z, c: c[2]),
    ],
)
def test_fractions_and_complements_via_expected_metric(name, ref, mp_points):
    """``1 - x``, ``1 - z``, fp and fn, the quantities the plain formula loses."""
    got = ic.expected_metric(name, *POINTS)
    bad = []
    for i, (mx, mz, c) in enumerate(mp_points):
        e = rel_err(got[i], ref(mx, mz, c))
        if e > REL:
            bad.append((POINTS[0][i], POINTS[1][i], POINTS[2][i], e))
    assert not bad, bad[:5]


def _naive(alpha, p, beta):
    x = (alpha * beta / (alpha * beta - beta + 1)) ** (1 / p)
    z = (1 - x**p) ** (1 / p)
    return x, z


@pytest.mark.parametrize(
    "alpha, p, beta, what",
    [
        # u close to 1: 1 - x**p cancels, z keeps ~8 digits only
        (1e9, 1.0, 0.5, "z"),
        (1e9, 2.0, 0.5, "z"),
        # z close to 1: 1 - z cancels (no digit left at p=1000, ~3 at p=1)
        (1e-6, 1000.0, 1e-9, "1-z"),
        (1e-6, 1.0, 1e-9, "1-z"),
        # x close to 1 with large p: 1 - x keeps ~5 digits
        (1e9, 1000.0, 0.5, "1-x"),
    ],
)
def test_plain_formula_loses_digits_where_imbcore_does_not(alpha, p, beta, what):
    """Why the stable forms matter: the textbook NumPy formula fails in this range."""
    mx, mz = mp_landing(alpha, p, beta)
    nx, nz = _naive(np.float64(alpha), np.float64(p), np.float64(beta))
    if what == "z":
        want, naive, mine = mz, nz, ic.landing(alpha, p, beta)[1]
    elif what == "1-z":
        want, naive = 1 - mz, 1 - nz
        mine = ic.expected_metric("fpr", alpha, p, beta)
    else:
        want, naive = 1 - mx, 1 - nx
        mine = ic.expected_metric("fnr", alpha, p, beta)
    # fewer than 9 of 16 digits right
    assert rel_err(naive, want) > 1e-9, "the plain formula was expected to lose digits here"
    assert rel_err(mine, want) <= REL


def test_plain_formula_loses_many_digits_over_the_random_sample(mp_points):
    """Over the random sample the plain z loses digits somewhere; imbcore never."""
    a, p, b = RANDOM
    _, nz = _naive(a, p, b)
    _, iz = ic.landing(a, p, b)
    naive_worst = max(rel_err(nz[i], mp_points[i][1]) for i in range(len(a)))
    mine_worst = max(rel_err(iz[i], mp_points[i][1]) for i in range(len(a)))
    assert naive_worst > 1e-10
    assert mine_worst <= REL


def test_landing_broadcasts_and_returns_numpy_scalars():
    x, z = ic.landing(1.0, 2.0, 0.5)
    assert np.ndim(x) == 0 and np.ndim(z) == 0
    assert isinstance(x, np.floating) and isinstance(z, np.floating)
    # x = z = 2^(-1/2) at the natural weight for p = 2
    assert abs(float(x) - math.sqrt(0.5)) <= 1e-15 and abs(float(z) - math.sqrt(0.5)) <= 1e-15
    a = np.array([[0.1], [1.0], [10.0]])
    p = np.array([1.5, 2.0, 3.0, 4.0])
    x, z = ic.landing(a, p, 0.2)
    assert x.shape == z.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            mx, mz = mp_landing(a[i, 0], p[j], 0.2)
            assert rel_err(x[i, j], mx) <= REL and rel_err(z[i, j], mz) <= REL
    em = ic.expected_metric("f1", a, p, [[[0.1]], [[0.3]]])
    assert em.shape == (2, 3, 4)
    assert np.ndim(ic.expected_metric("f1", 1.0, 2.0, 0.1)) == 0


def test_expected_metric_accepts_lists_and_integers():
    got = ic.expected_metric("mcc", [1, 10, 100], 3, [0.1, 0.2, 0.3])
    for i, (a, b) in enumerate([(1, 0.1), (10, 0.2), (100, 0.3)]):
        want = mp_metric("mcc", *mp_confusion(a, 3, b))
        assert rel_err(got[i], want) <= REL


@pytest.mark.parametrize("name", ALL_METRICS)
def test_expected_metric_at_random_points(name):
    a, p, b = (v[:60] for v in RANDOM)
    got = ic.expected_metric(name, a, p, b)
    for i in range(len(a)):
        want = mp_metric(name, *mp_confusion(a[i], p[i], b[i]))
        assert rel_err(got[i], want) <= REL, (name, a[i], p[i], b[i], got[i], float(want))


# --------------------------------------------------------------------------
# Grid
# --------------------------------------------------------------------------

G_ALPHA = np.array([1e-6, 3.7e-3, 0.5, 1.0, 42.0, 3.3e5, 1e9])
G_P = np.array([1.0, 1.0 + 1e-9, 1.0 + 1e-6, 1.01, 2.0, 17.0, 1000.0])
G_BETA = np.array([1e-9, 2.5e-6, 1e-3, 0.07, 0.5])


@pytest.fixture(scope="module")
def mp_grid():
    return {
        (i, j, k): mp_confusion(a, p, b)
        for i, a in enumerate(G_ALPHA)
        for j, p in enumerate(G_P)
        for k, b in enumerate(G_BETA)
    }


@pytest.mark.parametrize("name", ALL_METRICS)
def test_grid_matches_mpmath_for_every_metric(name, mp_grid):
    g = ic.grid(name, G_ALPHA, G_P, G_BETA)
    assert g.shape == (len(G_ALPHA), len(G_P), len(G_BETA))
    assert g.dtype == np.float64
    bad = []
    for (i, j, k), c in mp_grid.items():
        want = mp_metric(name, *c)
        got = g[i, j, k]
        if G_P[j] == 1.0 and name in ZERO_AT_CHANCE:
            # exactly 0 by symmetry at chance
            assert abs(want) < 1e-40
            ok = abs(got) <= 1e-15
            err = abs(got)
        else:
            err = rel_err(got, want)
            ok = err <= REL
        if not ok:
            bad.append((G_ALPHA[i], G_P[j], G_BETA[k], float(got), float(want), err))
    assert not bad, f"{name}: (alpha, p, beta, got, want, err) {bad[:4]}"


@pytest.mark.parametrize("name", ["f1", "mcc", "cost(c_fp=1, c_fn=10)", "gmean", "npv"])
def test_grid_shape_and_axis_order(name):
    a = np.array([0.3, 1.0, 7.0, 50.0, 400.0])
    p = np.array([1.5, 4.0, 30.0])
    b = np.array([0.01, 0.1, 0.2, 0.4])
    g = ic.grid(name, a, p, b)
    assert g.shape == (5, 3, 4)
    em = ic.expected_metric(name, a[:, None, None], p[None, :, None], b[None, None, :])
    np.testing.assert_allclose(g, em, rtol=1e-15, atol=0)
    # and against mpmath on a few cells, so that the order is not checked
    # against imbcore alone
    for i, j, k in [(0, 0, 0), (4, 2, 3), (1, 2, 0), (3, 0, 2)]:
        want = mp_metric(name, *mp_confusion(a[i], p[j], b[k]))
        assert rel_err(g[i, j, k], want) <= REL


def test_grid_f1_is_grid_of_f1_and_scalars_make_a_cell():
    a, p, b = [1.0, 99.0], [4.0], [0.01]
    np.testing.assert_array_equal(ic.grid_f1(a, p, b), ic.grid("f1", a, p, b))
    g = ic.grid("f1", 2.0, 3.0, 0.1)
    assert g.shape == (1, 1, 1)
    assert rel_err(g[0, 0, 0], mp_metric("f1", *mp_confusion(2.0, 3.0, 0.1))) <= REL


def test_grid_is_the_same_for_any_number_of_threads():
    a = np.logspace(-6, 9, 41)
    p = np.linspace(1, 50, 9)
    b = np.logspace(-9, np.log10(0.5), 7)
    g1 = ic.grid("mcc", a, p, b, n_jobs=1)
    g2 = ic.grid("mcc", a, p, b, n_jobs=2)
    g = ic.grid("mcc", a, p, b)
    np.testing.assert_array_equal(g1, g2)
    np.testing.assert_array_equal(g1, g)


# --------------------------------------------------------------------------
# Optimal alpha
# --------------------------------------------------------------------------


def mp_optimum(name, p, beta):
    """Maximise the metric over t = ln alpha at 50 digits: a coarse scan, then
    the root of the numerical derivative, bracketed by the scan's neighbours."""
    p = float(p)
    beta = float(beta)

    def f(t):
        a = mp.exp(t)
        pp, b = mp.mpf(p), mp.mpf(beta)
        d = a * b + 1 - b
        x = (a * b / d) ** (1 / pp)
        z = ((1 - b) / d) ** (1 / pp)
        return mp_metric(name, b * x, (1 - b) * (1 - z), b * (1 - x), (1 - b) * z)

    ts = [mp.log(10) * k / 4 for k in range(-48, 49)]  # alpha in [1e-12, 1e12]
    vals = [f(t) for t in ts]
    k = max(range(len(ts)), key=lambda i: vals[i])
    assert 0 < k < len(ts) - 1, "the reference optimum should be interior"
    t = mp.findroot(lambda t: mp.diff(f, t), (ts[k - 1], ts[k + 1]), solver="anderson")
    assert ts[k - 1] <= t <= ts[k + 1]
    return mp.exp(t), f(t)


PB_CASES = [
    (2.0, 0.01), (8.0, 0.1), (1.5, 1e-4), (50.0, 0.3), (200.0, 1e-7), (1.2, 0.05), (1.1, 0.3)
]


@pytest.mark.parametrize("p, beta", PB_CASES)
@pytest.mark.parametrize("name", ["f1", "mcc", "f2", "gmean", "jaccard"])
def test_optimal_alpha_matches_mpmath_optimisation(name, p, beta):
    want_alpha, want_value = mp_optimum(name, p, beta)
    o = ic.optimal_alpha(name, p, beta)
    assert not bool(o.at_bound) and not bool(o.flat)
    assert rel_err(o.alpha, want_alpha) <= 1e-9, (float(o.alpha), float(want_alpha))
    assert rel_err(o.value, want_value) <= REL, (float(o.value), float(want_value))


def test_optimal_alpha_of_a_broadcast_batch_matches_mpmath():
    p = np.array([2.0, 8.0, 50.0])
    beta = np.array([0.01, 0.1, 0.3])
    o = ic.optimal_alpha("mcc", p, beta)
    for i in range(3):
        wa, wv = mp_optimum("mcc", p[i], beta[i])
        assert rel_err(o.alpha[i], wa) <= 1e-9
        assert rel_err(o.value[i], wv) <= REL


BA_P = np.array([1.01, 1.05, 1.3, 2.0, 3.7, 10.0, 77.0, 300.0, 1000.0])
BA_BETA = np.array([1e-9, 3e-7, 1e-5, 1e-3, 0.01, 0.1, 0.3, 0.5])


def test_balanced_accuracy_optimum_is_the_natural_weight():
    o = ic.optimal_alpha("balanced_accuracy", BA_P[:, None], BA_BETA[None, :])
    assert o.alpha.shape == (len(BA_P), len(BA_BETA))
    assert not o.at_bound.any() and not o.flat.any()
    for i, p in enumerate(BA_P):
        for j, b in enumerate(BA_BETA):
            bb = mp.mpf(float(b))
            nat = (1 - bb) / bb
            assert rel_err(o.alpha[i, j], nat) <= 1e-10, (p, b, float(o.alpha[i, j]))
            # there u = v = 1/2, so x = z = 2^(-1/p) = balanced accuracy
            want = mp.mpf(2) ** (-1 / mp.mpf(float(p)))
            assert rel_err(o.value[i, j], want) <= REL, (p, b)


@pytest.mark.parametrize("p", [2.0, 3.0, 5.0, 10.0, 20.0, 40.0])
def test_f1_optimum_is_small_at_one_percent_prevalence(p):
    o = ic.optimal_alpha("f1", p, 0.01)
    assert 1.0 < float(o.alpha) < 3.0
    f_at_1 = mp_metric("f1", *mp_confusion(1.0, p, 0.01))
    f_at_99 = mp_metric("f1", *mp_confusion(99.0, p, 0.01))
    assert f_at_99 < f_at_1  # the natural weight is worse than no weight at all
    assert float(o.value) >= float(f_at_1) * (1 - 1e-15)
    got = ic.expected_metric("f1", [1.0, 99.0], p, 0.01)
    assert rel_err(got[0], f_at_1) <= REL and rel_err(got[1], f_at_99) <= REL


@pytest.mark.parametrize("beta", [1e-9, 1e-3, 0.01, 0.2, 0.5])
@pytest.mark.parametrize(
    "name, value",
    [
        ("balanced_accuracy", 0.5),
        ("mcc", 0.0),
        ("youden_j", 0.0),
        ("cohen_kappa", 0.0),
        ("markedness", 0.0),
    ],
)
def test_flat_at_chance_reports_the_natural_weight(name, value, beta):
    o = ic.optimal_alpha(name, 1.0, beta)
    assert bool(o.flat) is True and bool(o.at_bound) is False
    nat = (1 - mp.mpf(beta)) / mp.mpf(beta)
    assert rel_err(o.alpha, nat) <= 1e-15
    assert abs(float(o.value) - value) <= 1e-15


@pytest.mark.parametrize("beta", [1e-6, 0.01, 0.3])
def test_precision_and_npv_are_flat_at_chance(beta):
    # at p = 1, x = u and 1 - z = u, so precision = beta and npv = 1 - beta for every alpha
    for name, value in (("precision", beta), ("npv", 1 - beta)):
        o = ic.optimal_alpha(name, 1.0, beta)
        assert bool(o.flat)
        assert abs(float(o.value) - value) <= 1e-15 * max(1, value) + 1e-15


@pytest.mark.parametrize("bounds", [(1e-6, 1e6), (1e-12, 1e12), (0.5, 3.0)])
@pytest.mark.parametrize("p", [1.5, 3.0, 100.0])
@pytest.mark.parametrize(
    "name, end",
    [("recall", 1), ("npv", 1), ("fnr", 1), ("precision", 0), ("specificity", 0), ("fpr", 0)],
)
def test_monotone_metrics_end_at_a_bound(name, end, p, bounds):
    """Recall grows with alpha (so npv; fnr shrinks): the upper bound. Precision and
    specificity grow as alpha shrinks, fpr (lower is better) shrinks: the lower bound."""
    beta = 0.01
    o = ic.optimal_alpha(name, p, beta, bounds=bounds)
    assert bool(o.at_bound) and not bool(o.flat)
    assert float(o.alpha) == bounds[end]
    want = mp_metric(name, *mp_confusion(bounds[end], p, beta))
    assert rel_err(o.value, want) <= REL
    other = mp_metric(name, *mp_confusion(bounds[1 - end], p, beta))
    if ic.higher_is_better(name):
        assert want > other
    else:
        assert want < other


def test_interior_optimum_outside_the_bounds_is_reported_at_the_bound():
    # the F1 optimum at p=2, beta=0.01 is near alpha=2; with bounds (10, 1000)
    # F1 decreases throughout, so the best is the lower bound
    o = ic.optimal_alpha("f1", 2.0, 0.01, bounds=(10.0, 1000.0))
    assert bool(o.at_bound) and float(o.alpha) == 10.0
    assert rel_err(o.value, mp_metric("f1", *mp_confusion(10.0, 2.0, 0.01))) <= REL


def test_cost_is_minimised():
    # cost(c_fp=1, c_fn=10): lower is better; compare to the mpmath scan minimum
    name = "cost(c_fp=1, c_fn=10)"
    o = ic.optimal_alpha(name, 4.0, 0.05)
    assert not bool(o.at_bound)
    ts = np.linspace(math.log(1e-3), math.log(1e3), 241)
    scan = [mp_metric(name, *mp_confusion(math.exp(t), 4.0, 0.05)) for t in ts]
    assert float(o.value) <= float(min(scan)) * (1 + 1e-15)
    assert rel_err(o.value, mp_metric(name, *mp_confusion(float(o.alpha), 4.0, 0.05))) <= REL


def test_optimal_alpha_broadcasting_shapes():
    ps = np.array([[2.0], [4.0], [8.0]])
    betas = np.array([0.01, 0.1, 0.2, 0.4])
    o = ic.optimal_alpha("f1", ps, betas)
    for field in (o.alpha, o.value, o.at_bound, o.flat):
        assert field.shape == (3, 4)
    assert o.at_bound.dtype == np.bool_ and o.flat.dtype == np.bool_
    s = ic.optimal_alpha("f1", 2.0, 0.01)
    assert isinstance(s, ic.OptimalAlpha)
    for field in (s.alpha, s.value, s.at_bound, s.flat):
        assert np.ndim(field) == 0
    assert ic.optimal_alpha("f1", [2.0, 4.0], 0.01).alpha.shape == (2,)
    # each cell of the batch is the optimum of its own (p, beta)
    for i in range(3):
        for j in range(4):
            one = ic.optimal_alpha("f1", ps[i, 0], betas[j])
            assert float(one.alpha) == pytest.approx(float(o.alpha[i, j]), rel=1e-14)
            assert float(one.value) == pytest.approx(float(o.value[i, j]), rel=1e-15)


def test_optimal_alpha_threads_give_the_same_answer():
    p = np.linspace(1.2, 60, 25)
    a1 = ic.optimal_alpha("mcc", p, 0.03, n_jobs=1)
    a2 = ic.optimal_alpha("mcc", p, 0.03, n_jobs=2)
    np.testing.assert_array_equal(a1.alpha, a2.alpha)
    np.testing.assert_array_equal(a1.value, a2.value)


# --------------------------------------------------------------------------
# Lp AUC, its inverse, the natural weight
# --------------------------------------------------------------------------


def mp_lp_auc(p):
    q = 1 / mp.mpf(float(p))
    return mp.gamma(1 + q) ** 2 / mp.gamma(1 + 2 * q)


LP_P = np.concatenate(
    [
        [1.0, 1.0 + 1e-12, 1.0 + 1e-9, 1.01, 1.5, 2.0, 3.0, 9.99, 10.0, 10.0 + 1e-7, 10.01,
         11.0, 100.0, 999.0, 1000.0],
        _log_uniform(np.random.default_rng(99), 1.0, 1000.0, 150),
    ]
)


def test_lp_auc_matches_mpmath_gamma_formula():
    got = ic.lp_auc(LP_P)
    assert got.shape == LP_P.shape
    bad = [(p, float(g)) for p, g in zip(LP_P, got) if rel_err(g, mp_lp_auc(p)) > REL]
    assert not bad, bad[:5]


def test_lp_auc_known_values():
    assert abs(float(ic.lp_auc(1.0)) - 0.5) <= 1e-15
    assert abs(float(ic.lp_auc(2.0)) - math.pi / 4) <= 1e-15
    assert np.ndim(ic.lp_auc(2)) == 0
    # increasing in p towards 1
    a = ic.lp_auc(np.array([1.0, 1.5, 3.0, 30.0, 1000.0]))
    assert np.all(np.diff(a) > 0) and a[-1] < 1.0


def mp_p_from_auc(auc):
    """The root of the gamma formula for the float ``auc`` taken exactly, bracketed
    in ``q = 1/p`` by (0, 1], where the log-AUC goes from 0 down to -ln 2."""
    target = mp.log(mp.mpf(float(auc)))

    def h(q):
        return 2 * mp.loggamma(1 + q) - mp.loggamma(1 + 2 * q) - target

    q = mp.findroot(h, (mp.mpf("1e-30"), mp.mpf(1)), solver="anderson")
    assert abs(h(q)) < mp.mpf("1e-40")
    return 1 / q


INV_P = np.concatenate(
    [
        [1.01, 1.0100001, 1.5, 2.0, 9.99, 10.0, 10.01, 100.0, 1000.0],
        _log_uniform(np.random.default_rng(7), 1.01, 1000.0, 80),
    ]
)


def test_p_from_auc_matches_mpmath_inversion():
    auc = ic.lp_auc(INV_P)
    got = ic.p_from_auc(auc)
    assert got.shape == INV_P.shape
    bad = []
    for p, a, g in zip(INV_P, auc, got):
        want = mp_p_from_auc(a)
        if rel_err(g, want) > REL:
            bad.append((p, float(a), float(g), float(want)))
    assert not bad, bad[:5]


@pytest.mark.parametrize("auc", [0.5 + 2**-52, 0.5000001, 0.6, 0.75, math.pi / 4, 0.9, 0.99,
                                 0.999999])
def test_p_from_auc_at_chosen_aucs(auc):
    got = float(ic.p_from_auc(auc))
    want = mp_p_from_auc(auc)
    assert rel_err(got, want) <= REL
    assert abs(float(mp_lp_auc(want)) - auc) <= 1e-15


def test_p_from_auc_of_quarter_pi_is_two():
    assert abs(float(ic.p_from_auc(math.pi / 4)) - 2.0) <= 1e-13


@pytest.mark.parametrize("beta", [1e-9, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.9, 1 - 1e-9])
def test_natural_weight(beta):
    want = (1 - mp.mpf(beta)) / mp.mpf(beta)
    assert rel_err(ic.natural_weight(beta), want) <= 1e-15
    assert np.ndim(ic.natural_weight(beta)) == 0


def test_natural_weight_broadcasts():
    b = np.array([[0.01, 0.1], [0.2, 0.5]])
    w = ic.natural_weight(b)
    assert w.shape == (2, 2)
    assert float(w[0, 0]) == pytest.approx(99.0, rel=1e-15)
    assert float(w[1, 1]) == 1.0


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def _value_strings(v) -> list[str]:
    """How a value may be spelled in a message (Python or Rust formatting)."""
    if isinstance(v, str):
        return [v]
    f = float(v)
    if math.isnan(f):
        return ["nan"]
    if math.isinf(f):
        return ["-inf"] if f < 0 else ["inf"]
    out = [repr(f), str(f)]
    if f == int(f):
        out.append(str(int(f)))
    return out


def _check_error(call, arg, value):
    with pytest.raises(ic.ImbcoreError) as e:
        call()
    assert isinstance(e.value, ValueError)
    msg = str(e.value)
    assert f"invalid {arg}" in msg, msg
    assert any(s.lower() in msg.lower() for s in _value_strings(value)), (value, msg)


BAD_THEORY_VALUES = [
    ("alpha", 0.0),
    ("alpha", -1.0),
    ("alpha", float("nan")),
    ("alpha", float("inf")),
    ("alpha", float("-inf")),
    ("p", 0.999),
    ("p", 0.0),
    ("p", -2.0),
    ("p", float("nan")),
    ("p", float("inf")),
    ("beta", 0.0),
    ("beta", 1.0),
    ("beta", -0.1),
    ("beta", 1.5),
    ("beta", float("nan")),
    ("beta", float("inf")),
]

GOOD = {"alpha": 2.0, "p": 3.0, "beta": 0.1}


def _args(arg, value):
    d = dict(GOOD)
    d[arg] = value
    return d


@pytest.mark.parametrize("arg, value", BAD_THEORY_VALUES)
def test_landing_and_expected_metric_reject(arg, value):
    d = _args(arg, value)
    _check_error(lambda: ic.landing(d["alpha"], d["p"], d["beta"]), arg, value)
    _check_error(lambda: ic.expected_metric("f1", d["alpha"], d["p"], d["beta"]), arg, value)


@pytest.mark.parametrize("arg, value", [("alpha", -1e-300), ("beta", 1e300), ("p", 1e-300)])
def test_extreme_bad_values_are_rejected(arg, value):
    d = _args(arg, value)
    with pytest.raises(ic.ImbcoreError) as e:
        ic.grid("mcc", d["alpha"], d["p"], d["beta"])
    assert f"invalid {arg}" in str(e.value)


@pytest.mark.parametrize("arg, value", [("alpha", -1e-300), ("beta", 1e300), ("p", 1e-300)])
def test_extreme_bad_values_are_shown_compactly(arg, value):
    d = _args(arg, value)
    with pytest.raises(ic.ImbcoreError) as e:
        ic.grid("mcc", d["alpha"], d["p"], d["beta"])
    msg = str(e.value)
    assert repr(value) in msg and len(msg) < 200, msg


@pytest.mark.parametrize("arg, value", BAD_THEORY_VALUES)
def test_grid_rejects(arg, value):
    d = _args(arg, value)
    _check_error(lambda: ic.grid("mcc", d["alpha"], d["p"], d["beta"]), arg, value)
    # the bad value inside an array: the message names its index
    arrays = {k: [v, v] for k, v in GOOD.items()}
    arrays[arg] = [GOOD[arg], value]
    with pytest.raises(ic.ImbcoreError) as e:
        ic.grid("mcc", arrays["alpha"], arrays["p"], arrays["beta"])
    assert f"invalid {arg}" in str(e.value) and "index 1" in str(e.value)


@pytest.mark.parametrize("arg, value", [(a, v) for a, v in BAD_THEORY_VALUES if a != "alpha"])
def test_optimal_alpha_rejects(arg, value):
    d = _args(arg, value)
    _check_error(lambda: ic.optimal_alpha("f1", d["p"], d["beta"]), arg, value)


@pytest.mark.parametrize("value", [0.5, 0.0, -1.0, float("nan"), float("inf")])
def test_lp_auc_rejects(value):
    _check_error(lambda: ic.lp_auc(value), "p", value)


@pytest.mark.parametrize("value", [0.5, 1.0, 0.3, 0.0, 1.2, float("nan"), float("inf")])
def test_p_from_auc_rejects(value):
    _check_error(lambda: ic.p_from_auc(value), "auc", value)


@pytest.mark.parametrize("value", [0.0, 1.0, -0.5, 2.0, float("nan"), float("inf")])
def test_natural_weight_rejects(value):
    _check_error(lambda: ic.natural_weight(value), "beta", value)


@pytest.mark.parametrize(
    "bounds, shown",
    [
        ((0.0, 1.0), "(0"),
        ((-1.0, 1.0), "(-1"),
        ((2.0, 1.0), "(2"),
        ((1.0, 1.0), "(1"),
        ((1.0, float("inf")), "inf"),
        ((float("nan"), 1.0), "nan"),
        ((1e-3,), "(0.001,)"),
        (None, "None"),
        ("ab", "'ab'"),
    ],
)
def test_optimal_alpha_rejects_bad_bounds(bounds, shown):
    with pytest.raises(ic.ImbcoreError) as e:
        ic.optimal_alpha("f1", 2.0, 0.1, bounds=bounds)
    msg = str(e.value)
    assert "invalid bounds" in msg and shown.lower() in msg.lower(), msg


@pytest.mark.parametrize("arg", ["alpha", "p", "beta"])
def test_grid_rejects_two_dimensional_axes(arg):
    d = {k: [v] for k, v in GOOD.items()}
    d[arg] = np.full((2, 2), GOOD[arg])
    with pytest.raises(ic.ImbcoreError) as e:
        ic.grid("f1", d["alpha"], d["p"], d["beta"])
    msg = str(e.value)
    assert f"invalid {arg}" in msg and "(2, 2)" in msg, msg


@pytest.mark.parametrize("arg", ["alpha", "p", "beta"])
@pytest.mark.parametrize(
    "value, shown",
    [("abc", "'abc'"), (None, "None"), (["1", "2"], "dtype <U1"), ([[1, 2], [3]], "[[1, 2], [3]]"),
     (1 + 2j, "(1+2j)"), ({"a": 1}, "{'a': 1}")],
)
def test_non_numeric_input_is_rejected(arg, value, shown):
    d = dict(GOOD)
    d[arg] = value
    calls = [
        lambda: ic.grid("f1", d["alpha"], d["p"], d["beta"]),
        lambda: ic.expected_metric("f1", d["alpha"], d["p"], d["beta"]),
        lambda: ic.landing(d["alpha"], d["p"], d["beta"]),
    ]
    if arg != "alpha":
        calls.append(lambda: ic.optimal_alpha("f1", d["p"], d["beta"]))
    for call in calls:
        with pytest.raises(ic.ImbcoreError) as e:
            call()
        msg = str(e.value)
        assert f"invalid {arg}" in msg and shown in msg, msg


@pytest.mark.parametrize("arg", ["alpha", "p", "beta"])
def test_empty_axes_are_rejected(arg):
    d = {k: [v] for k, v in GOOD.items()}
    d[arg] = []
    with pytest.raises(ic.ImbcoreError) as e:
        ic.grid("f1", d["alpha"], d["p"], d["beta"])
    assert f"invalid {arg}" in str(e.value) and "empty" in str(e.value)


def test_mismatched_shapes_are_rejected():
    with pytest.raises(ic.ImbcoreError) as e:
        ic.landing([1.0, 2.0], [2.0, 3.0, 4.0], 0.1)
    msg = str(e.value)
    assert "(2,)" in msg and "(3,)" in msg
    with pytest.raises(ic.ImbcoreError):
        ic.optimal_alpha("f1", [2.0, 3.0], [0.1, 0.2, 0.3])


def test_grid_too_large_to_allocate_is_an_error_not_a_crash():
    alpha = np.full(10**6, 2.0)
    p = np.full(10**6, 2.0)
    beta = np.full(10**3, 0.1)
    with pytest.raises(ic.ImbcoreError) as e:
        ic.grid("f1", alpha, p, beta)
    msg = str(e.value)
    assert "grid" in msg and str(10**15) in msg, msg


def test_broadcast_too_large_is_an_error_not_a_crash():
    a = np.full((10**6, 1, 1), 2.0)
    p = np.full((1, 10**6, 1), 2.0)
    b = np.full((1, 1, 10**3), 0.1)
    for call in (lambda: ic.landing(a, p, b), lambda: ic.expected_metric("f1", a, p, b)):
        with pytest.raises(ic.ImbcoreError) as e:
            call()
        assert str(10**15) in str(e.value)
    with pytest.raises(ic.ImbcoreError):
        ic.optimal_alpha("f1", p.reshape(1, 10**6), np.full((10**6, 1), 0.1))


@pytest.mark.parametrize("bad", ["bogus", "f0", "roc_auc", "cost(c_fp=-1)"])
def test_theory_rejects_unknown_metric_names(bad):
    calls = [
        lambda: ic.grid(bad, [1.0], [2.0], [0.1]),
        lambda: ic.expected_metric(bad, 1.0, 2.0, 0.1),
        lambda: ic.optimal_alpha(bad, 2.0, 0.1),
    ]
    for call in calls:
        with pytest.raises(ic.ImbcoreError) as e:
            call()
        msg = str(e.value)
        assert bad in msg
        if bad in ("bogus", "roc_auc"):
            for n in ("accuracy", "precision", "recall", "f1", "mcc", "balanced_accuracy",
                      "cohen_kappa", "markedness", "cost", "gmean", "jaccard", "youden_j"):
                assert n in msg, msg


@pytest.mark.parametrize("bad", [None, 3, ["f1"]])
def test_theory_rejects_non_string_metric(bad):
    with pytest.raises(ic.ImbcoreError) as e:
        ic.grid(bad, [1.0], [2.0], [0.1])
    assert "invalid metric" in str(e.value)


def test_n_jobs_zero_is_rejected():
    for call in (
        lambda: ic.grid("f1", [1.0], [2.0], [0.1], n_jobs=0),
        lambda: ic.grid_f1([1.0], [2.0], [0.1], n_jobs=0),
        lambda: ic.optimal_alpha("f1", 2.0, 0.1, n_jobs=0),
    ):
        _check_error(call, "n_jobs", 0)


@pytest.mark.parametrize("n_jobs", [-2, 1.5, "2", True])
def test_bad_n_jobs_types_are_imbcore_errors(n_jobs):
    with pytest.raises(ic.ImbcoreError, match="n_jobs"):
        ic.grid("f1", [1.0], [2.0], [0.1], n_jobs=n_jobs)


def test_n_jobs_minus_one_means_all_threads():
    a, p, b = np.logspace(-2, 3, 7), [1.5, 4.0], [0.01, 0.2]
    np.testing.assert_array_equal(ic.grid("f1", a, p, b, n_jobs=-1), ic.grid("f1", a, p, b, n_jobs=1))
