"""Calibration and decision analysis from the sweep, against independent references:
scikit-learn's IsotonicRegression and calibration_curve, model-diagnostics, dcurves,
scipy's ks_2samp, direct NumPy computations, and coverage by simulation."""

from __future__ import annotations

import numpy as np
import pytest

import imbcore
from imbcore import ImbcoreError, _core

sklearn_isotonic = pytest.importorskip("sklearn.isotonic")


def _data(n=20_000, seed=0, ties=False, weights=False):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.1
    z = rng.normal(size=n) + 1.5 * y
    p = 1 / (1 + np.exp(-(z - 2.0)))  # scores in (0, 1), miscalibrated
    if ties:
        p = np.round(p, 3)
    w = rng.uniform(0.5, 2.0, size=n) if weights else None
    return y, p, w


# -- isotonic recalibration ------------------------------------------------------------------

@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("weights", [False, True])
def test_pav_equals_sklearn_isotonic_regression(ties, weights):
    y, p, w = _data(ties=ties, weights=weights)
    cal = imbcore.sweep(y, p, sample_weight=w).calibration()
    iso = sklearn_isotonic.IsotonicRegression(out_of_bounds="clip").fit(p, y, sample_weight=w)
    np.testing.assert_allclose(cal.calibrated, iso.predict(cal.scores), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(cal.scores, np.unique(p))
    assert np.all(np.diff(cal.calibrated) > 0)[()] or np.all(np.diff(cal.calibrated) >= 0)
    # the step values are the block means: each breakpoint starts a new, higher value
    starts = np.searchsorted(cal.scores, cal.breakpoints)
    assert np.all(np.diff(cal.calibrated[starts]) > 0)


def test_tie_convention_is_exact_equality_unlike_sklearn_resolution():
    # two scores 1e-16 apart: distinct thresholds for the sweep, one point for sklearn
    s = np.array([0.5, 0.5 + 1e-16 * 4, 0.2, 0.9])
    y = np.array([1, 0, 0, 1])
    assert s[0] != s[1]
    cal = imbcore.sweep(y, s).calibration()
    assert len(cal.scores) == 4
    # pooled by PAV anyway here (1 then 0 violates), so the values agree with sklearn
    iso = sklearn_isotonic.IsotonicRegression().fit(s, y)
    np.testing.assert_allclose(cal.calibrated, iso.predict(cal.scores), atol=1e-15)
    # but in increasing order they stay two blocks for the sweep
    y2 = np.array([0, 1, 0, 1])
    cal2 = imbcore.sweep(y2, s).calibration()
    iso2 = sklearn_isotonic.IsotonicRegression().fit(s, y2)
    assert cal2.calibrated[1] == 0.0 and cal2.calibrated[2] == 1.0
    assert iso2.predict([s[0]])[0] == pytest.approx(0.5)  # sklearn merged the two


def test_breakpoints_are_roc_convex_hull_vertices():
    y, p, _ = _data(n=3000, ties=True)
    s = imbcore.sweep(y, p)
    cal = s.calibration()
    fpr = np.concatenate([[0.0], s.fp / s.n_neg])
    tpr = np.concatenate([[0.0], s.tp / s.n_pos])
    from scipy.spatial import ConvexHull

    pts = np.column_stack([fpr, tpr])
    hull = ConvexHull(np.vstack([pts, [[1.0, 0.0]]]))
    v = set(hull.vertices.tolist()) - {len(pts)}
    # hull vertex k (k >= 1) is the point after threshold k-1; the block of threshold
    # index i (descending) ends there: its lowest score is thresholds[k-1]
    ends = sorted(k - 1 for k in v if k >= 1)
    block_lowest = np.sort(cal.breakpoints)[::-1]
    np.testing.assert_array_equal(np.sort(s.thresholds[ends])[::-1], block_lowest)


# -- decompositions --------------------------------------------------------------------------

def _direct(y, p, c, w=None):
    """Scores of the forecasts p, the recalibration c and the prevalence, directly."""
    w = np.ones_like(p) if w is None else w
    r = np.sum(w * y) / np.sum(w)

    def brier(f):
        return np.sum(w * (f - y) ** 2) / np.sum(w)

    def logl(f):
        from scipy.special import xlogy

        return -np.sum(w * (xlogy(y, f) + xlogy(1 - y, 1 - f))) / np.sum(w)

    out = {}
    for name, f in (("brier", brier), ("log_loss", logl)):
        s, sc, sr = f(p), f(c), f(np.full_like(p, r))
        out[name] = (s, s - sc, sr - sc, sr)
    return out


@pytest.mark.parametrize("weights", [False, True])
def test_decompositions_equal_direct_computation(weights):
    y, p, w = _data(weights=weights, ties=True)
    cal = imbcore.sweep(y, p, sample_weight=w).calibration()
    c = cal.transform(p)
    ref = _direct(y.astype(float), p, c, w)
    for name in ("brier", "log_loss"):
        d = getattr(cal, name)
        np.testing.assert_allclose([d.score, d.mcb, d.dsc, d.unc], ref[name], rtol=1e-9,
                                   atol=1e-14)
        assert d.score == pytest.approx(d.mcb - d.dsc + d.unc, abs=1e-14)
        assert d.mcb > 0 and d.dsc > 0


def test_decompositions_equal_model_diagnostics():
    md = pytest.importorskip("model_diagnostics.scoring")
    y, p, _ = _data(n=5000)
    cal = imbcore.sweep(y, p).calibration()
    for name, scoring in (("brier", md.SquaredError()), ("log_loss", md.LogLoss())):
        df = md.decompose(y_obs=y.astype(float), y_pred=p, scoring_function=scoring)
        d = getattr(cal, name)
        row = df.row(0, named=True) if hasattr(df, "row") else df.iloc[0].to_dict()
        np.testing.assert_allclose(
            [d.mcb, d.dsc, d.unc, d.score],
            [row["miscalibration"], row["discrimination"], row["uncertainty"], row["score"]],
            rtol=1e-9)


def test_log_loss_infinite_when_a_positive_scores_zero():
    cal = imbcore.sweep([1, 0, 1], [0.0, 0.3, 0.8]).calibration()
    assert np.isinf(cal.log_loss.score) and np.isfinite(cal.brier.score)


# -- ECE --------------------------------------------------------------------------------------

@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 5, 10, 37])
def test_ece_equals_sklearn_calibration_curve_binning(strategy, n_bins):
    from sklearn.calibration import calibration_curve

    y, p, _ = _data(ties=True)
    cal = imbcore.sweep(y, p).calibration()
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    if strategy == "quantile":
        bins = np.percentile(p, np.linspace(0, 100, n_bins + 1))
    else:
        bins = np.linspace(0, 1, n_bins + 1)
    counts = np.bincount(np.searchsorted(bins[1:-1], p), minlength=n_bins)
    counts = counts[counts > 0]
    ref = np.sum(counts * np.abs(prob_true - prob_pred)) / len(p)
    assert cal.ece(n_bins, strategy) == pytest.approx(ref, rel=1e-10)


def test_ece_weighted_quantile_bins_follow_numpy_weighted_quantiles():
    y, p, w = _data(weights=True, ties=True)
    cal = imbcore.sweep(y, p, sample_weight=w).calibration()
    edges = np.quantile(p, np.linspace(0, 1, 8), weights=w, method="inverted_cdf")
    ids = np.searchsorted(edges[1:-1], p)
    ref = np.sum(np.abs(np.bincount(ids, w * y) - np.bincount(ids, w * p))) / w.sum()
    assert cal.ece(7, "quantile") == pytest.approx(ref, rel=1e-10)


# -- net benefit ------------------------------------------------------------------------------

def test_net_benefit_equals_dcurves_on_its_grid():
    dcurves = pytest.importorskip("dcurves")
    import pandas as pd

    y, p, _ = _data(n=5000, ties=True)
    assert not np.any((p == 0) | (p == 1))
    df = pd.DataFrame({"y": y.astype(int), "m": p})
    ref = dcurves.dca(data=df, outcome="y", modelnames=["m"])
    grid = np.arange(100) / 100
    nb = imbcore.sweep(y, p).net_benefit(grid)
    for name, col in (("m", nb.model), ("all", nb.treat_all), ("none", nb.treat_none)):
        r = ref[ref.model == name].sort_values("threshold")
        np.testing.assert_allclose(r.threshold.to_numpy(), grid)
        np.testing.assert_allclose(col, r.net_benefit.to_numpy(), rtol=0, atol=1e-12)


def test_net_benefit_scores_exactly_zero_follow_the_ge_rule_unlike_dcurves():
    dcurves = pytest.importorskip("dcurves")
    import pandas as pd

    y = np.array([1, 0, 1, 0, 0, 1])
    p = np.array([0.0, 0.0, 0.3, 0.6, 0.2, 1.0])
    df = pd.DataFrame({"y": y, "m": p})
    ref = dcurves.dca(data=df, outcome="y", modelnames=["m"], thresholds=[0.0, 0.25])
    ref = ref[ref.model == "m"].sort_values("threshold").net_benefit.to_numpy()
    nb = imbcore.sweep(y, p).net_benefit([0.0, 0.25]).model
    # at 0.25 both agree; at 0 dcurves moves a score of 0 below the threshold, the sweep
    # treats score >= 0: all three positives count
    assert nb[1] == pytest.approx(ref[1], abs=1e-12)
    assert nb[0] == pytest.approx(3 / 6) and ref[0] == pytest.approx(2 / 6)


def test_net_benefit_at_every_threshold_equals_numpy():
    y, p, w = _data(n=3000, weights=True, ties=True)
    nb = imbcore.sweep(y, p, sample_weight=w).net_benefit()
    W = w.sum()
    ref = [(w * y * (p >= t)).sum() / W - (w * (1 - y) * (p >= t)).sum() / W * t / (1 - t)
           for t in nb.thresholds]
    np.testing.assert_allclose(nb.model, ref, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(nb.thresholds, np.unique(p[p < 1]))


# -- gains, lift, KS, cost --------------------------------------------------------------------

def test_gains_and_lift_equal_numpy():
    y, p, _ = _data(n=4000, ties=True)
    g = imbcore.sweep(y, p).gains()
    frac = np.array([(p >= t).mean() for t in g.thresholds])
    gain = np.array([(y & (p >= t)).sum() / y.sum() for t in g.thresholds])
    np.testing.assert_allclose(g.fraction, frac, rtol=1e-15)
    np.testing.assert_allclose(g.gain, gain, rtol=1e-15)
    np.testing.assert_allclose(g.lift, gain / frac, rtol=1e-14)
    # at given fractions: with distinct scores, the top-k samples exactly
    y2, p2, _ = _data(n=4000)
    f = np.array([0.01, 0.1, 0.5])
    g2 = imbcore.sweep(y2, p2).gains(f)
    top = np.argsort(-p2)
    np.testing.assert_allclose(g2.gain, [y2[top[: int(k * 4000)]].sum() / y2.sum() for k in f])


def test_ks_equals_scipy_ks_2samp():
    from scipy.stats import ks_2samp

    for ties in (False, True):
        y, p, _ = _data(n=5000, ties=ties)
        k = imbcore.sweep(y, p).ks()
        ref = ks_2samp(p[y], p[~y])
        assert k.statistic == pytest.approx(ref.statistic, abs=1e-15)


def test_cost_curve_envelope_equals_brute_force_minimum():
    y, p, _ = _data(n=2000, ties=True)
    s = imbcore.sweep(y, p)
    c = s.cost_curve(n=51)
    fpr = np.concatenate([[0.0], s.fp / s.n_neg, [1.0]])
    fnr = np.concatenate([[1.0], 1 - s.tp / s.n_pos, [0.0]])
    ref = np.min(fnr[None] * c.probability_cost[:, None]
                 + fpr[None] * (1 - c.probability_cost[:, None]), axis=1)
    np.testing.assert_allclose(c.lower_envelope, ref, atol=1e-15)


# -- bands: the replicates are those of ordinary weighted sweeps ------------------------------

@pytest.mark.parametrize("weights", [False, True])
def test_band_replicates_equal_sweeps_of_the_replicate_counts(weights):
    y, p, w = _data(n=3000, ties=True, weights=weights)
    s = imbcore.sweep(y, p, sample_weight=w)
    cal = s.calibration()
    g = np.linspace(0.01, 0.99, 23)
    from imbcore.bootstrap import _seed

    seed = _seed(5)
    cb = cal.bands(g, n_resamples=3, random_state=5)
    nb = s.net_benefit().bands(g, n_resamples=3, random_state=5)
    gn = s.gains().bands(g, n_resamples=3, random_state=5)
    cc = s.cost_curve(n=23)
    cs = cc.bands(n_resamples=3, random_state=5)
    for r in range(3):
        k = _core.bootstrap_counts(y.astype(np.uint8), r, seed=seed).astype(float)
        rw = k if w is None else k * w
        keep = rw > 0
        sr = imbcore.sweep(y[keep], p[keep], sample_weight=rw[keep])
        np.testing.assert_allclose(cb.replicates[r], sr.calibration().transform(g), atol=1e-12)
        np.testing.assert_allclose(nb.replicates[r], sr.net_benefit(g).model, atol=1e-12)
        np.testing.assert_allclose(gn.replicates[r], sr.gains(g).gain, atol=1e-12)
        np.testing.assert_allclose(cs.replicates[r], sr.cost_curve(n=23).lower_envelope,
                                   atol=1e-12)
    iv = cal.decomposition_intervals(n_resamples=50, random_state=0)
    assert iv["brier.mcb"][0] <= cal.brier.mcb <= iv["brier.mcb"][1]
    assert iv["ks"][0] <= s.ks().statistic <= iv["ks"][1]


def test_bands_reproduce_and_do_not_depend_on_threads():
    y, p, _ = _data(n=5000)
    s = imbcore.sweep(y, p)
    a = s.calibration().bands(n_resamples=20, random_state=3, n_jobs=1)
    b = s.calibration().bands(n_resamples=20, random_state=3, n_jobs=2)
    np.testing.assert_array_equal(a.replicates, b.replicates)


def _coverage(kind, n, reps=60, B=200, ci=0.9, seed=0):
    """Share of (simulation, grid point) pairs where the band holds the true curve."""
    rng = np.random.default_rng(seed)
    grid = np.linspace(0.15, 0.85, 8)
    hits = []
    for k in range(reps):
        x = rng.random(n) if kind == "continuous" else rng.integers(1, 20, n) / 20
        truth = lambda t: t ** 2  # noqa: E731  the true calibration curve P(y=1 | x) = x^2
        y = rng.random(n) < truth(x)
        s = imbcore.sweep(y, x)
        if kind == "continuous":
            b = s.calibration().bands(grid, n_resamples=B, ci=ci, random_state=k)
            hits.append((b.lower <= truth(grid)) & (truth(grid) <= b.upper))
        else:
            g = np.unique(x)
            b = s.calibration().bands(g, n_resamples=B, ci=ci, random_state=k)
            hits.append((b.lower <= truth(g)) & (truth(g) <= b.upper))
    return float(np.mean(hits))


def test_confidence_bands_cover_the_true_calibration_curve():
    # scores on a grid of 19 values: every score has many samples, the bootstrap is valid
    cov = _coverage("discrete", 4000)
    assert 0.83 <= cov <= 0.95, cov
    # continuous scores: isotonic regression's cube-root asymptotics; measured coverage
    cov = _coverage("continuous", 4000)
    assert 0.8 <= cov <= 0.97, cov


def test_consistency_bands_hold_calibrated_scores():
    rng = np.random.default_rng(7)
    inside = []
    for k in range(30):
        x = rng.random(3000)
        y = rng.random(3000) < x  # calibrated
        cal = imbcore.sweep(y, x).calibration()
        g = np.linspace(0.1, 0.9, 9)
        b = cal.consistency_bands(g, n_resamples=200, ci=0.9, random_state=k)
        inside.append((b.lower <= cal.transform(g)) & (cal.transform(g) <= b.upper))
    assert 0.82 <= np.mean(inside) <= 0.97


# -- bad input --------------------------------------------------------------------------------

def test_bad_input_errors():
    s = imbcore.sweep([0, 1, 1], [0.2, 1.3, 0.5])
    with pytest.raises(ImbcoreError, match=r"y_score.*1\.3.*\[0, 1\]"):
        s.calibration()
    with pytest.raises(ImbcoreError, match=r"y_score.*1\.3"):
        s.net_benefit()
    s2 = imbcore.sweep([0, 1, 1], [-0.5, 0.9, 0.5])
    with pytest.raises(ImbcoreError, match=r"-0\.5.*smallest"):
        s2.calibration()
    ok = imbcore.sweep([0, 1, 1, 0], [0.2, 0.9, 0.5, 0.4])
    for t in ([1.0], [-0.1], [0.5, np.nan]):
        with pytest.raises(ImbcoreError, match="thresholds"):
            ok.net_benefit(t)
    cal = ok.calibration()
    for nb in (0, -3, 2.5, True):
        with pytest.raises(ImbcoreError, match="n_bins"):
            cal.ece(nb)
    with pytest.raises(ImbcoreError, match="strategy"):
        cal.ece(5, "kmeans")
    with pytest.raises(ImbcoreError, match="fractions"):
        ok.gains([1.5])
    with pytest.raises(ImbcoreError, match="n_resamples"):
        cal.bands(n_resamples=0)
    with pytest.raises(ImbcoreError, match="ci"):
        cal.bands(ci=1.5)
    with pytest.raises(ImbcoreError, match=r"\bn\b"):
        ok.cost_curve(n=1)
    unpickled = __import__("pickle").loads(__import__("pickle").dumps(ok))
    with pytest.raises(ImbcoreError, match="samples"):
        unpickled.calibration().bands(n_resamples=5)
