"""The Bayes landing rule and the curves (Lp, Binormal, Empirical) against
independent references: 50-digit mpmath evaluations of the closed forms, a
brute-force scan of the curve, scipy's optimiser, and decision theory's
identities, which must hold on every curve."""

import math

import mpmath as mp
import numpy as np
import pytest

import imbcore as ic
from imbcore.errors import ImbcoreError

mp.mp.dps = 50


def rel(a, b):
    a, b = mp.mpf(float(a)), mp.mpf(b)
    if b == 0:
        return abs(a)
    return float(abs(a - b) / abs(b))


# ------------------------------------------------------------------ Lp, bayes
def lp_bayes_mp(alpha, p, beta):
    """x, z, 1-x, 1-z at the Bayes point of x^p + z^p = 1 (the issue's closed form)."""
    a, p, b = mp.mpf(alpha), mp.mpf(p), mp.mpf(beta)
    r = (a * b / (1 - b)) ** (1 / (p - 1))
    z = (1 + r ** p) ** (-1 / p)
    x = r * z
    # 1 - z and 1 - x as expm1 of logarithms: either may be far below 1e-50
    # (then 50 digits of z hold none of it).
    omz = -mp.expm1(-mp.log1p(r ** p) / p)
    omx = -mp.expm1(-mp.log1p(r ** -p) / p)
    return x, z, omx, omz


LP_CASES = [(a, p, b) for a in (1e-6, 0.3, 1.0, 99.0, 1e4, 1e9)
            for p in (1.05, 1.5, 2.0, 5.0, 40.0, 1000.0)
            for b in (1e-9, 1e-4, 0.01, 0.3, 0.5)]


@pytest.mark.parametrize("alpha,p,beta", LP_CASES)
def test_lp_bayes_landing_matches_mpmath(alpha, p, beta):
    x, z = ic.landing(alpha, p, beta)
    mx, mz, momx, momz = lp_bayes_mp(alpha, p, beta)
    # The landing point is a power 1/(p-1) of the odds: a relative error e
    # of the odds moves it by e/(p-1); allow that conditioning.
    tol = 4e-15 * max(1.0, p / (p - 1)) * (1 + abs(math.log(alpha * beta / (1 - beta))))
    assert rel(x, mx) < tol and rel(z, mz) < tol
    for m, ref in [("recall", mx), ("specificity", mz), ("fnr", momx), ("fpr", momz)]:
        if ref > mp.mpf(10) ** -300:
            assert rel(ic.expected_metric(m, alpha, p, beta), ref) < tol, m


@pytest.mark.parametrize("metric", ["f1", "precision", "mcc", "balanced_accuracy", "cohen_kappa"])
def test_lp_bayes_metrics_match_mpmath(metric):
    rng = np.random.default_rng(1)
    for _ in range(40):
        alpha = float(10 ** rng.uniform(-3, 6))
        p = float(1 + 10 ** rng.uniform(-1, 2))
        beta = float(10 ** rng.uniform(-6, -0.4))
        x, z, omx, omz = lp_bayes_mp(alpha, p, beta)
        b = mp.mpf(beta)
        tp, fn, fp, tn = b * x, b * omx, (1 - b) * omz, (1 - b) * z
        ref = {
            "f1": 2 * tp / (2 * tp + fp + fn),
            "precision": tp / (tp + fp),
            "mcc": (tp * tn - fp * fn) / mp.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)),
            "balanced_accuracy": (x + z) / 2,
            "cohen_kappa": 2 * (tp * tn - fp * fn) / ((tp + fp) * (fp + tn) + (tp + fn) * (fn + tn)),
        }[metric]
        got = ic.expected_metric(metric, alpha, p, beta)
        assert rel(got, ref) < 1e-12, (alpha, p, beta)


def test_lp_bayes_at_p_1_is_a_corner():
    # The chance line: slope 1 everywhere, so the Bayes point is a corner
    # (the midpoint at the natural weight, the limit as p -> 1).
    x, z = ic.landing([1.0, 99.0, 1000.0], 1.0, 0.01)
    np.testing.assert_array_equal(x, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(z, [1.0, 0.5, 0.0])
    # and p slightly above 1 approaches it
    x, z = ic.landing([50.0, 200.0], 1.0 + 1e-9, 0.01)
    assert x[0] < 1e-300 and z[1] < 1e-300


# ------------------------------------------------------------ Binormal, mpmath
def binormal_bayes_mp(a, b, alpha, beta):
    """The Bayes point of TPR = Phi(a + b Phi^-1(FPR)): the threshold c that
    maximises alpha*beta*x + (1-beta)*z, x = Phi(a - b c), z = Phi(c),
    among the stationary points and the two corners."""
    a, b, al, be = (mp.mpf(v) for v in (a, b, alpha, beta))
    L = mp.log(al * be * b / (1 - be))
    A = 1 - b * b
    cands = []
    if A == 0:
        if a > 0:
            cands.append(a / 2 - L / a)
    else:
        D = a * a - 2 * L * A
        if D >= 0:
            cands += [(-a * b + s * mp.sqrt(D)) / A for s in (1, -1)]

    def better(c):  # the utility over each corner, each without cancellation
        over_neg = al * be * mp.ncdf(a - b * c) - (1 - be) * mp.ncdf(-c)
        over_pos = (1 - be) * mp.ncdf(c) - al * be * mp.ncdf(b * c - a)
        return over_neg, over_pos

    if A == 0 and a > 0:  # equal variances: a concave curve, the root is the maximum
        c = cands[0]
    else:
        c = "pos" if al * be > 1 - be else "neg"
        best = mp.mpf(0) if c == "neg" else al * be - (1 - be)
        for r in cands:
            over_neg, over_pos = better(r)
            if over_neg > 0 and over_pos > 0 and over_neg > best:
                c, best = r, over_neg
    if c == "pos":
        return mp.mpf(1), mp.mpf(0), mp.mpf(0), mp.mpf(1)
    if c == "neg":
        return mp.mpf(0), mp.mpf(1), mp.mpf(1), mp.mpf(0)
    return mp.ncdf(a - b * c), mp.ncdf(c), mp.ncdf(b * c - a), mp.ncdf(-c)


BIN_CASES = [(a, b, al, be) for a in (0.5, 1.0, 2.5, 8.0) for b in (0.2, 0.7, 1.0, 1.6, 5.0)
             for al in (1e-6, 1.0, 30.0, 1e9) for be in (1e-9, 0.01, 0.4)]


@pytest.mark.parametrize("a,b,alpha,beta", BIN_CASES)
def test_binormal_bayes_landing_matches_mpmath(a, b, alpha, beta):
    refs = binormal_bayes_mp(a, b, alpha, beta)
    c = ic.Binormal(a, b)
    got = [*c.landing(alpha, beta)]
    got += [c.expected_metric("fnr", alpha, beta), c.expected_metric("fpr", alpha, beta)]
    for g, r in zip(got, refs):
        if r < mp.mpf(10) ** -300:  # below the double range
            assert float(g) < 1e-290
        else:
            assert rel(g, r) < 1e-12, (g, r)


@pytest.mark.parametrize("metric", ["f1", "precision", "mcc", "balanced_accuracy", "f2"])
def test_binormal_bayes_metrics_match_mpmath(metric):
    rng = np.random.default_rng(2)
    for _ in range(60):
        a = float(rng.uniform(0.5, 8))
        b = float(rng.choice([1.0, rng.uniform(0.2, 5)]))
        alpha = float(10 ** rng.uniform(-6, 9))
        beta = float(10 ** rng.uniform(-9, -0.3))
        x, z, omx, omz = binormal_bayes_mp(a, b, alpha, beta)
        be = mp.mpf(beta)
        tp, fn, fp, tn = be * x, be * omx, (1 - be) * omz, (1 - be) * z
        if tp + fp == 0 or tp == 0:
            continue
        ref = {
            "f1": 2 * tp / (2 * tp + fp + fn),
            "f2": 5 * tp / (5 * tp + 4 * fn + fp),
            "precision": tp / (tp + fp),
            "mcc": (tp * tn - fp * fn) / mp.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)),
            "balanced_accuracy": (x + z) / 2,
        }[metric]
        got = ic.Binormal(a, b).expected_metric(metric, alpha, beta)
        assert rel(got, ref) < 1e-12, (a, b, alpha, beta, float(got), float(ref))


def test_binormal_auc_matches_mpmath():
    for a in (0.0, 0.5, 1.5, 8.0):
        for b in (0.2, 1.0, 5.0):
            ref = mp.ncdf(mp.mpf(a) / mp.sqrt(1 + mp.mpf(b) ** 2))
            assert rel(ic.Binormal(a, b).auc, ref) < 1e-15


def test_binormal_tpr_matches_mpmath():
    for a, b in [(1.5, 1.0), (0.7, 0.3), (3.0, 2.5)]:
        for f in (1e-300, 1e-12, 0.01, 0.5, 0.99, 1 - 1e-12):
            ref = mp.ncdf(a + b * mp.sqrt(2) * mp.erfinv(2 * mp.mpf(f) - 1))
            assert rel(ic.Binormal(a, b).tpr(f), ref) < 1e-12, (a, b, f)


def binormal_el_mp(a, b, alpha, beta):
    """The expected-loss point: root in c of
    d/dc [alpha*beta*ln Phi(a-bc) + (1-beta)*ln Phi(c)]."""
    a, b, al, be = (mp.mpf(v) for v in (a, b, alpha, beta))

    def g(c):
        return (-al * be * b * mp.npdf(a - b * c) / mp.ncdf(a - b * c)
                + (1 - be) * mp.npdf(c) / mp.ncdf(c))

    lo, hi = mp.mpf(-60), mp.mpf(60)
    for _ in range(400):  # g decreases in c: bisection to 50 digits
        mid = (lo + hi) / 2
        if g(mid) > 0:
            lo = mid
        else:
            hi = mid
    c = (lo + hi) / 2
    return mp.ncdf(a - b * c), mp.ncdf(c)


@pytest.mark.parametrize("a,b,alpha,beta", [(1.5, 1.0, 1.0, 0.01), (1.5, 1.0, 99.0, 0.01),
                                            (0.8, 0.5, 3.0, 0.1), (3.0, 2.0, 0.01, 0.3),
                                            (2.0, 1.0, 1e5, 1e-6)])
def test_binormal_expected_loss_matches_mpmath(a, b, alpha, beta):
    x, z = ic.Binormal(a, b).landing(alpha, beta, rule="expected_loss")
    mx, mz = binormal_el_mp(a, b, alpha, beta)
    assert rel(x, mx) < 1e-11 and rel(z, mz) < 1e-11


def test_issue_landing_figures_both_rules():
    # The figures the issue quotes for d = 1.5, beta = 0.01.
    c = ic.Binormal(1.5)
    x, _ = c.landing([1.0, 3.0, 10.0, 99.0], 0.01)
    np.testing.assert_allclose(x, [0.0103, 0.0569, 0.2182, 0.7734], atol=6e-5)
    x, _ = c.landing([1.0, 3.0, 10.0, 99.0], 0.01, rule="expected_loss")
    np.testing.assert_allclose(x, [0.148, 0.251, 0.413, 0.773], atol=6e-4)


# -------------------------------------------------- identities on every curve
def f_star_scan(curve, beta, fb=1.0):
    """The best F-beta a curve attains, by a dense scan of its points (an
    independent brute force: no landing rule involved)."""
    fpr = np.concatenate([np.geomspace(1e-12, 1e-3, 20_000), np.linspace(1e-3, 1, 200_000)])
    x = np.asarray(curve.tpr(fpr), dtype=float)
    tp, fn, fp = beta * x, beta * (1 - x), (1 - beta) * fpr
    return float(np.max((1 + fb**2) * tp / ((1 + fb**2) * tp + fb**2 * fn + fp)))


CURVES = [ic.Lp(1.5), ic.Lp(2.0), ic.Lp(6.0), ic.Binormal(1.0), ic.Binormal(2.0, 0.6),
          ic.Binormal(1.2, 1.8)]


@pytest.mark.parametrize("curve", CURVES, ids=repr)
@pytest.mark.parametrize("beta", [0.001, 0.05, 0.3])
def test_bayes_identities_on_smooth_curves(curve, beta):
    # Each identity names a weight that is optimal. On a concave curve (Lp,
    # equal-variance binormal) it is the only one; on a binormal with b != 1
    # a whole range of weights may land on the same corner, so there the
    # check is that the named weight reaches the optimum's value.
    concave = isinstance(curve, ic.Lp) or float(curve.b) == 1.0
    nat = (1 - beta) / beta
    named = [("balanced_accuracy", nat), ("youden_j", nat), ("cost(c_fp=2, c_fn=7)", 3.5)]
    for m, want in named:
        r = curve.optimal_alpha(m, beta)
        assert float(curve.expected_metric(m, want, beta)) == pytest.approx(
            float(r.value), rel=1e-9, abs=1e-15)
        if concave:
            assert float(r.alpha) == pytest.approx(want, rel=1e-9)
    for fb, name in [(1.0, "f1"), (2.0, "f2"), (0.5, "f0.5")]:
        r = curve.optimal_alpha(name, beta)
        # The identity, from the optimum's own value ...
        assert float(r.alpha) == pytest.approx((1 + fb**2) / float(r.value) - 1, rel=1e-8)
        # ... and that value is the curve's best F, found by brute force.
        assert float(r.value) == pytest.approx(f_star_scan(curve, beta, fb), rel=2e-4)


def calibrated_binormal(n, beta, a, seed):
    """Scores that are exact posteriors P(y=1|t) of 1-D binormal data."""
    rng = np.random.default_rng(seed)
    y = rng.random(n) < beta
    t = rng.normal(size=n) + a * y
    post = 1.0 / (1.0 + (1 - beta) / beta * np.exp(-(a * t - a * a / 2)))
    return y, post


def test_bayes_identities_on_the_empirical_curve():
    y, s = calibrated_binormal(200_000, 0.05, 1.5, 3)
    emp = ic.Empirical(ic.sweep(y, s))
    beta = emp.prevalence
    for m, want in [("balanced_accuracy", (1 - beta) / beta), ("youden_j", (1 - beta) / beta),
                    ("cost(c_fp=1, c_fn=10)", 10.0)]:
        lo, hi = emp.optimal_alpha(m).alpha_range
        assert lo <= want <= hi, m
    for fb, name in [(1.0, "f1"), (2.0, "f2")]:
        r = emp.optimal_alpha(name)
        lo, hi = r.alpha_range
        assert lo <= (1 + fb**2) / r.value - 1 <= hi
        # the value is the sweep's own best (a linear-fractional metric peaks on the hull)
        assert r.value == pytest.approx(ic.sweep(y, s).best(name).value, rel=1e-12)


def test_empirical_bayes_point_is_the_threshold_one_over_one_plus_alpha():
    n, beta, a = 400_000, 0.02, 1.5
    y, s = calibrated_binormal(n, beta, a, 4)
    sw = ic.sweep(y, s)
    emp = ic.Empirical(sw)
    npos = int(y.sum())
    for alpha in (1.0, 3.0, 10.0, 49.0):
        beta = sw.prevalence
        x, z = emp.landing(alpha, beta)
        t = 1.0 / (1.0 + alpha)
        pred = s >= t
        x_t, z_t = pred[y].mean(), (~pred[~y]).mean()
        # The hull vertex maximises the sample utility; the threshold
        # 1/(1+alpha) maximises the expected one. They differ by sampling
        # error only: the utility is flat at its maximum, so compare there
        # (the threshold's regret is far below the utility's own noise) and
        # bound the distance between the points loosely.
        u_hull = alpha * beta * x + (1 - beta) * z
        u_thr = alpha * beta * x_t + (1 - beta) * z_t
        noise = math.sqrt(alpha**2 * beta * x_t * (1 - x_t) + (1 - beta) * z_t * (1 - z_t))
        assert 0 <= u_hull - u_thr < noise / math.sqrt(n), alpha
        assert abs(x - x_t) < 0.08 and abs(z - z_t) < 0.02


def test_empirical_landing_is_the_utility_maximum_by_brute_force():
    rng = np.random.default_rng(5)
    y = rng.random(3000) < 0.1
    s = np.round(rng.normal(size=y.size) + y, 1)  # ties
    sw = ic.sweep(y, s)
    emp = ic.Empirical(sw)
    tpr = np.r_[0, sw.tp / sw.n_pos]
    fpr = np.r_[0, sw.fp / sw.n_neg]
    for alpha in (0.3, 1.0, 5.0, 40.0):
        for beta in (0.1, 0.01):
            x, z = emp.landing(alpha, beta)
            u = alpha * beta * tpr + (1 - beta) * (1 - fpr)
            assert alpha * beta * x + (1 - beta) * z == pytest.approx(u.max(), rel=1e-12)
            # expected loss: the maximum of alpha*beta*ln x + (1-beta)*ln z
            x, z = emp.landing(alpha, beta, rule="expected_loss")
            with np.errstate(divide="ignore"):
                v = alpha * beta * np.log(tpr) + (1 - beta) * np.log(1 - fpr)
            assert alpha * beta * math.log(x) + (1 - beta) * math.log(z) == pytest.approx(
                v.max(), rel=1e-12)


# ----------------------------------------------------------------- focal loss
@pytest.mark.parametrize("curve", [ic.Lp(3.0), ic.Binormal(1.5), None], ids=repr)
def test_focal_under_bayes_decides_like_its_weight(curve):
    if curve is None:
        y, s = calibrated_binormal(20_000, 0.05, 1.5, 6)
        curve = ic.Empirical(ic.sweep(y, s))
    for fa in (0.25, 0.5, 0.9):
        w = fa / (1 - fa)  # torchvision's default 0.25 is the weight 1/3
        want = curve.landing(2.0 * w, 0.05)
        for gamma in (0.0, 0.5, 2.0, 5.0):
            got = curve.landing(2.0, 0.05, loss="focal", gamma=gamma, focal_alpha=fa)
            np.testing.assert_array_equal(np.asarray(got, float), np.asarray(want, float))


def test_focal_gamma_moves_the_expected_loss_point():
    from scipy.optimize import minimize_scalar

    p, beta, alpha, gamma = 2.0, 0.1, 1.0, 2.0

    def neg(s):  # s = logit of u = x^p along the curve
        u = 1 / (1 + math.exp(-s))
        x, z = u ** (1 / p), (1 - u) ** (1 / p)
        return -(alpha * beta * (1 - x) ** gamma * math.log(x)
                 + (1 - beta) * (1 - z) ** gamma * math.log(z))

    r = minimize_scalar(neg, bounds=(-30, 30), method="bounded", options={"xatol": 1e-12})
    u = 1 / (1 + math.exp(-r.x))
    x_ref = u ** (1 / p)
    x, _ = ic.landing(alpha, p, beta, rule="expected_loss", loss="focal", gamma=gamma)
    assert float(x) == pytest.approx(x_ref, rel=1e-6)
    x0, _ = ic.landing(alpha, p, beta, rule="expected_loss")
    assert abs(float(x) - float(x0)) > 0.01  # gamma changes it


# -------------------------------------------------------------------- fitting
def test_fit_curve_recovers_binormal_parameters():
    rng = np.random.default_rng(7)
    n = 400_000
    y = rng.random(n) < 0.05
    s = np.where(y, rng.normal(2.0, 1 / 0.7, n), rng.normal(0.0, 1.0, n))
    sw = ic.sweep(y, s)
    fit = ic.fit_curve(sw)
    assert float(fit.curve.a) == pytest.approx(2.0 * 0.7, abs=0.05)
    assert float(fit.curve.b) == pytest.approx(0.7, abs=0.03)
    # The goodness of fit is the largest vertical distance to the empirical
    # ROC; the true curve's own distance (from scipy) is the yardstick, since
    # the curve is steep near FPR = 0, where sampling moves the ROC sideways.
    from scipy.stats import norm

    fpr, tpr = sw.fp / sw.n_neg, sw.tp / sw.n_pos
    true_dist = np.max(np.abs(norm.cdf(1.4 + 0.7 * norm.ppf(fpr)) - tpr))
    assert fit.max_distance <= 1.5 * true_dist + 0.005
    # a weighted sweep counts its weights: integer weights equal duplication
    w = rng.integers(1, 4, n).astype(float)
    dup = ic.fit_curve(ic.sweep(np.repeat(y, w.astype(int)), np.repeat(s, w.astype(int))))
    wfit = ic.fit_curve(ic.sweep(y, s, sample_weight=w))
    assert float(wfit.curve.a) == pytest.approx(float(dup.curve.a), rel=1e-9)
    assert float(wfit.curve.b) == pytest.approx(float(dup.curve.b), rel=1e-9)


def test_fit_curve_lp_matches_the_auc_of_an_lp_shaped_roc():
    # Scores whose ROC is exactly Lp(3): negatives uniform on [0, 1] (FPR = 1 - t),
    # positives with TPR(t) = (1 - t^3)^(1/3).
    rng = np.random.default_rng(8)
    n = 300_000
    y = rng.random(n) < 0.1
    u = rng.random(n)
    pos_t = (1 - (1 - u) ** 3) ** (1 / 3)  # inverse of P(T > t) = (1 - t^3)^(1/3)
    s = np.where(y, pos_t, rng.random(n))
    sw = ic.sweep(y, s)
    fit = ic.fit_curve(sw, family="lp")
    assert float(fit.curve.p) == pytest.approx(3.0, rel=0.05)
    fpr, tpr = sw.fp / sw.n_neg, sw.tp / sw.n_pos
    true_dist = np.max(np.abs((1 - (1 - fpr) ** 3) ** (1 / 3) - tpr))
    assert fit.max_distance <= 1.5 * true_dist + 0.005


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("make,arg", [
    (lambda: ic.Binormal(1.0, 0.0), "b"),
    (lambda: ic.Binormal(1.0, -2.0), "b"),
    (lambda: ic.Binormal(float("nan")), "a"),
    (lambda: ic.Binormal(float("inf")), "a"),
    (lambda: ic.landing(1.0, 2.0, 0.1, rule="bayesian"), "rule"),
    (lambda: ic.Binormal(1.0).landing(1.0, 0.1, rule="nope"), "rule"),
    (lambda: ic.landing(1.0, 2.0, 0.1, loss="focal", gamma=-1), "gamma"),
    (lambda: ic.landing(1.0, 2.0, 0.1, loss="focal", focal_alpha=1.0), "focal_alpha"),
    (lambda: ic.landing(1.0, 2.0, 0.1, loss="focal", focal_alpha=0.0), "focal_alpha"),
    (lambda: ic.landing(1.0, 2.0, 0.1, loss="hinge"), "loss"),
    (lambda: ic.Empirical(ic.sweep([1, 1, 1], [0.1, 0.2, 0.3])), "sweep"),
    (lambda: ic.fit_curve(ic.sweep([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]), family="beta"), "family"),
    (lambda: ic.Lp(0.5), "p"),
    (lambda: ic.Lp(float("nan")), "p"),
    (lambda: ic.Lp(2.0).tpr(float("nan")), "fpr"),
    (lambda: ic.Lp(2.0).tpr(1.5), "fpr"),
    (lambda: ic.Binormal(1.0).tpr(float("nan")), "fpr"),
    (lambda: ic.Empirical(ic.sweep([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4])).tpr([0.2, float("nan")]),
     "fpr"),
    (lambda: ic.Empirical(ic.sweep([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4])).landing([1.0, -2.0]),
     "alpha"),
    (lambda: ic.Empirical(ic.sweep([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4])).optimal_alpha("f1", 2.0),
     "beta"),
    (lambda: ic.landing(float("nan"), 2.0, 0.1, rule="expected_loss", loss="focal", gamma=2.0),
     "alpha"),
    (lambda: ic.Binormal(1.0).optimal_alpha("f1", 0.1, bounds=5), "bounds"),
])
def test_bad_input_names_the_argument(make, arg):
    with pytest.raises(ImbcoreError, match=f"invalid {arg}"):
        make()


def test_unknown_rule_lists_the_known_ones():
    with pytest.raises(ImbcoreError, match="bayes, expected_loss"):
        ic.optimal_alpha("f1", 2.0, 0.1, rule="x")


@pytest.mark.parametrize("a,beta", [(0.5, 0.01), (1.5, 0.01), (3.0, 1e-4), (6.0, 1e-9),
                                    (1.0, 0.3), (8.0, 0.2)])
def test_binormal_f1_optimal_alpha_matches_mpmath(a, beta):
    # F1* maximised over the threshold c in 50 digits (the root of dF1/dc),
    # then alpha* = 2/F1* - 1 (decision theory; Lipton et al. 2014).
    A, Be = mp.mpf(a), mp.mpf(beta)

    def f1(c):
        tp = Be * mp.ncdf(A - c)
        return 2 * tp / (2 * tp + Be * mp.ncdf(c - A) + (1 - Be) * mp.ncdf(-c))

    def slope(c):  # the sign of dF1/dc: tp'(beta + fp) - tp fp'
        tp, fp = Be * mp.ncdf(A - c), (1 - Be) * mp.ncdf(-c)
        return -Be * mp.npdf(A - c) * (Be + fp) + tp * (1 - Be) * mp.npdf(c)

    lo, hi = mp.mpf(-40), mp.mpf(60)
    assert slope(lo) > 0 > slope(hi)
    for _ in range(250):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if slope(mid) > 0 else (lo, mid)
    c_star = (lo + hi) / 2
    want = 2 / f1(c_star) - 1
    r = ic.Binormal(a).optimal_alpha("f1", beta)
    assert rel(r.alpha, want) < 1e-10
    assert rel(r.value, f1(c_star)) < 1e-13


def test_bayes_grid_matches_mpmath():
    alpha = np.array([1e-3, 1.0, 50.0, 1e6])
    p = np.array([1.2, 2.0, 7.0])
    beta = np.array([1e-7, 0.01, 0.4])
    g = ic.grid("f1", alpha, p, beta)
    for i, a in enumerate(alpha):
        for j, pp in enumerate(p):
            for k, b in enumerate(beta):
                x, z, omx, omz = lp_bayes_mp(a, pp, b)
                be = mp.mpf(b)
                tp = be * x
                ref = 2 * tp / (2 * tp + be * omx + (1 - be) * omz)
                assert rel(g[i, j, k], ref) < 1e-12, (a, pp, b)


def test_empirical_landing_threshold_by_hand():
    # ROC points of these scores (threshold: FPR, TPR): 0.9: (0, 1/3),
    # 0.8: (0, 2/3), 0.4: (1/3, 2/3), 0.3: (1/3, 1), 0.2: (2/3, 1), 0.1: (1, 1).
    # At beta = 1/2 the Bayes utility is alpha*x + z: alpha = 0.5 is best at
    # 0.8 (1/3 + 1 against 1/2 + 2/3), alpha = 2 at 0.3 (2 + 2/3 against 4/3 + 1).
    y = np.array([0, 0, 1, 0, 1, 1])
    s = np.array([0.1, 0.2, 0.3, 0.4, 0.8, 0.9])
    emp = ic.Empirical(ic.sweep(y, s))
    np.testing.assert_array_equal(emp.landing_threshold([0.5, 2.0], 0.5), [0.8, 0.3])
    x, z = emp.landing([0.5, 2.0], 0.5)
    np.testing.assert_allclose(x, [2 / 3, 1.0], rtol=1e-15)
    np.testing.assert_allclose(z, [1.0, 2 / 3], rtol=1e-15)
