//! The optimiser of a metric over the weight, for any curve.

use crate::metric::Metric;
use crate::num::real::Dual;
use crate::num::roots::zeroin;

/// The weight that makes the weighted classes equally heavy: `(1 - beta) / beta`.
pub fn natural_weight(beta: f64) -> f64 {
    (1.0 - beta) / beta
}

/// Where a metric is best over `alpha`, for one curve and prevalence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Optimum {
    /// The optimal weight.
    pub alpha: f64,
    /// The metric there.
    pub value: f64,
    /// The optimum lies at a bound of the search interval: the metric keeps
    /// improving towards it (recall as alpha grows, precision as it shrinks).
    pub at_bound: bool,
    /// The metric does not depend on alpha (e.g. balanced accuracy at p = 1);
    /// every alpha is optimal and the natural weight is reported.
    pub flat: bool,
}

impl Default for Optimum {
    fn default() -> Self {
        Optimum {
            alpha: f64::NAN,
            value: f64::NAN,
            at_bound: false,
            flat: false,
        }
    }
}

/// The optimum over `t = ln alpha` in `ln bounds` of a metric given with its
/// exact derivative by `metric_at(t)`, for any curve: a scan of `points`
/// points brackets every interior optimum, Brent's method finds the root of
/// the derivative in each bracket, and the best candidate (or a bound) wins.
/// `may_jump` says the landing point may leap at some weight (a curve that
/// is not concave): then jumps are searched for too.
pub fn optimise(
    metric: &Metric,
    beta: f64,
    bounds: (f64, f64),
    points: usize,
    may_jump: bool,
    metric_at: impl Fn(f64) -> Dual,
) -> Optimum {
    let sign = if metric.higher_is_better() { 1.0 } else { -1.0 };
    let (t_lo, t_hi) = (bounds.0.ln(), bounds.1.ln());
    let points = points.max(2);
    let step = (t_hi - t_lo) / (points - 1) as f64;
    let at = |t: f64| {
        let d = metric_at(t);
        (sign * d.v, sign * d.d)
    };
    let mut ts = vec![0.0; points];
    let mut gs = vec![(0.0, 0.0); points];
    for k in 0..points {
        ts[k] = if k + 1 == points {
            t_hi
        } else {
            t_lo + step * k as f64
        };
        gs[k] = at(ts[k]);
    }
    let (lo, hi) = gs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), g| {
            (lo.min(g.0), hi.max(g.0))
        });
    if hi - lo <= 1e-13 * hi.abs().max(lo.abs()) {
        let alpha = natural_weight(beta).clamp(bounds.0, bounds.1);
        return Optimum {
            alpha,
            value: metric_at(alpha.ln()).v,
            at_bound: false,
            flat: true,
        };
    }
    // Candidates: both ends, and every interior maximum, bracketed by a sign
    // change of the derivative from + to - between neighbouring scan points.
    let mut best = if gs[points - 1].0 > gs[0].0 {
        (bounds.1, gs[points - 1].0, true)
    } else {
        (bounds.0, gs[0].0, true)
    };
    for k in 0..points - 1 {
        let (g0, g1) = (gs[k].1, gs[k + 1].1);
        if g0 > 0.0 && g1 <= 0.0 {
            let t = zeroin(|t| at(t).1, ts[k], ts[k + 1], g0, g1, 0.0);
            let g = at(t).0;
            if g > best.1 || (g == best.1 && best.2) {
                best = (t.exp(), g, false);
            }
        }
        // A jump: on a curve that is not concave (or at p = 1) the landing
        // point leaps across a segment of the convex hull at one weight, and
        // the metric with it. The trapezoid rule on the exact derivatives
        // then misses the change of value; bisect to the jump and take the
        // better side as a candidate.
        let dt = ts[k + 1] - ts[k];
        let (v0, v1) = (gs[k].0, gs[k + 1].0);
        let predicted = 0.5 * (gs[k].1 + gs[k + 1].1) * dt;
        if may_jump && ((v1 - v0) - predicted).abs() > 1e-3 * v0.abs().max(v1.abs()) + 1e-300 {
            let (mut lo, mut hi) = ((ts[k], gs[k]), (ts[k + 1], gs[k + 1]));
            for _ in 0..64 {
                let mid = 0.5 * (lo.0 + hi.0);
                if mid <= lo.0 || mid >= hi.0 {
                    break;
                }
                let gm = at(mid);
                let mismatch = |a: (f64, (f64, f64)), b: (f64, (f64, f64))| {
                    ((b.1 .0 - a.1 .0) - 0.5 * (a.1 .1 + b.1 .1) * (b.0 - a.0)).abs()
                };
                if mismatch(lo, (mid, gm)) >= mismatch((mid, gm), hi) {
                    hi = (mid, gm);
                } else {
                    lo = (mid, gm);
                }
            }
            for (t, g) in [lo, hi] {
                if g.0 > best.1 {
                    best = (t.exp(), g.0, false);
                }
            }
            // An interior optimum on either side of the jump, within this
            // scan interval, is bracketed by the one-sided derivatives.
            for (a, b) in [((ts[k], gs[k]), lo), (hi, (ts[k + 1], gs[k + 1]))] {
                if a.1 .1 > 0.0 && b.1 .1 <= 0.0 && b.0 > a.0 {
                    let t = zeroin(|t| at(t).1, a.0, b.0, a.1 .1, b.1 .1, 0.0);
                    let g = at(t).0;
                    if g > best.1 {
                        best = (t.exp(), g, false);
                    }
                }
            }
        }
    }
    let (alpha, g, at_bound) = best;
    Optimum {
        alpha,
        value: sign * g,
        at_bound,
        flat: false,
    }
}
