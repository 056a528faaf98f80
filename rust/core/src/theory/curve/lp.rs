//! The Lp tradeoff family `z = (1 - x^p)^(1/p)` (recall `x`, specificity
//! `z`, `p >= 1`).
//!
//! Both landing rules have a closed form here. Write `u = x^p`, `v = z^p`
//! (`u + v = 1`) and `K = alpha*beta/(1-beta)`:
//!
//! * [`Rule::ExpectedLoss`] (the original analysis) lands where `u/v = K`,
//!   i.e. `x^p = alpha*beta/D`, `z^p = (1-beta)/D`, `D = alpha*beta + 1 - beta`;
//! * [`Rule::Bayes`] lands where the ROC slope `(z/x)^(p-1)` is `1/K`, i.e.
//!   `x/z = K^(1/(p-1))` and `u/v = K^(p/(p-1))`: the same point as the
//!   expected-loss rule at the odds `K^(p/(p-1))`. So both rules share one
//!   landing computation, from the logit `r = ln(u/v)`. At `p = 1` (the
//!   chance line, slope 1 everywhere) the Bayes point is a corner: all
//!   positive (`x = 1, z = 0`) when `K > 1`, all negative when `K < 1`, and
//!   the midpoint `x = z = 1/2` (the limit as `p -> 1`) when `K = 1`.
//!
//! Everything below is computed from `u`, `v` and their Everything below is computed from `u`, `v` and their
//! logarithms without subtracting nearly equal numbers:
//!
//! * `ln u` is `log(u)` when `u <= 1/2` and `log1p(-v)` otherwise (and the
//!   same for `v`), so both logarithms keep full relative accuracy;
//! * `x = u^(1/p)` and `1 - x` come from one `expm1` when `x > 1/2` and from
//!   one `exp` when `x <= 1/2` (then `1 - x >= 1/2` loses nothing);
//! * `x + z - 1`, which every chance-corrected metric is proportional to and
//!   which vanishes at `p = 1`, is the sum of two non-negative terms
//!   `u^(1/p) - u` and `v^(1/p) - v`, each `w * expm1((1/p - 1) ln w)`.
//!
//! The optimiser works on `t = ln alpha`, where the derivative of every metric
//! is carried exactly by dual numbers through the same formulas.

use rayon::prelude::*;

use crate::alloc::try_zeroed;
use crate::error::Result;
use crate::interrupt;
use crate::metric::{Confusion, Metric};
use crate::num::real::{Dual, Real};
use crate::num::roots::zeroin;

use super::super::args::{check_each, check_p};
use super::super::rule::Rule;
use super::TradeoffCurve;

const LN_2: f64 = std::f64::consts::LN_2;

/// What the landing point needs of one `(alpha, beta)` pair; shared by every `p`.
///
/// `beta` and `one_minus_beta` are the prevalence and its complement times
/// `scale`, a power of two that keeps the expected confusion fractions out
/// of the subnormal range when the prevalence is tiny (below `2^-400`, where
/// `tp = beta * x` would keep few or no digits). Every metric that is a
/// ratio of the fractions is unchanged by it; a total (the cost) is divided
/// by it again ([`Weighting::unscale`]).
#[derive(Debug, Clone, Copy)]
struct Weighting {
    u: f64,
    v: f64,
    ln_u: f64,
    ln_v: f64,
    beta: f64,
    one_minus_beta: f64,
    scale: f64,
    /// `Some((r, beta))` when `u` or `v` is below [`TINY`]: the logit
    /// `r = ln(u / v)` and the unscaled prevalence, from which
    /// [`log_confusion`] computes the fractions.
    logit: Option<(f64, f64)>,
}

/// `u` or `v` below this is computed in logarithms (`2^-800`).
const TINY: f64 = 1.499_696_813_895_631e-241;
/// Prevalences below this are scaled up by [`BETA_SCALE`].
const TINY_BETA: f64 = 3.872_591_914_849_318e-121; // 2^-400
/// `2^500`: the scaled fractions stay far from both underflow and overflow,
/// and so do the products of two of them that the formulas form.
const BETA_SCALE: f64 = 3.273_390_607_896_142e150;

impl Weighting {
    fn new(alpha: f64, beta: f64) -> Self {
        let one_minus_beta = 1.0 - beta;
        let ab = alpha * beta;
        let scale = if beta < TINY_BETA { BETA_SCALE } else { 1.0 };
        let w = |u: f64, v: f64, ln_u: f64, ln_v: f64| Weighting {
            u,
            v,
            ln_u,
            ln_v,
            beta: beta * scale,
            one_minus_beta: one_minus_beta * scale,
            scale,
            logit: None,
        };
        if !(ab > TINY && one_minus_beta > ab * TINY) {
            // u = ab / (ab + 1 - beta) or v = 1 - u is too small to be formed
            // with all its digits (or at all), yet the landing point of a
            // steep curve depends on it: x = u^(1/p). In logarithms, with
            // r = ln alpha + ln beta - ln(1 - beta), u = 1 / (1 + e^-r), and
            // here |r| > 550, so ln(1 + e^-|r|) = e^-|r| to the last bit.
            let r = alpha.ln() + beta.ln() - (-beta).ln_1p();
            let mut out = if r < 0.0 {
                let u = r.exp();
                w(u, 1.0 - u, r, -u)
            } else {
                let v = (-r).exp();
                w(1.0 - v, v, -v, -r)
            };
            out.logit = Some((r, beta));
            return out;
        }
        let d = ab + one_minus_beta;
        let (u, v) = (ab / d, one_minus_beta / d);
        // The logarithm of the larger of u, v is taken as log1p of minus the
        // smaller, so that neither loses accuracy when it is close to 1.
        let ln_u = if u <= 0.5 { u.ln() } else { (-v).ln_1p() };
        let ln_v = if v <= 0.5 { v.ln() } else { (-u).ln_1p() };
        w(u, v, ln_u, ln_v)
    }

    /// The weighting of a rule: [`Weighting::new`] for the expected-loss
    /// rule, the Bayes point otherwise (which depends on `p`).
    fn for_rule(rule: Rule, alpha: f64, beta: f64, p: f64) -> Self {
        match rule {
            Rule::ExpectedLoss => Weighting::new(alpha, beta),
            Rule::Bayes => Weighting::bayes(alpha, beta, p),
        }
    }

    /// The Bayes landing point: the logit `r = ln(u/v) = p/(p-1) ln K`,
    /// `K = alpha*beta/(1-beta)`. `ln K` is the logarithm of one rounded
    /// quotient when that is a normal number (error about one ulp of `K`,
    /// whatever the sizes of `alpha` and `beta`), else a sum of logarithms.
    fn bayes(alpha: f64, beta: f64, p: f64) -> Self {
        Weighting::from_logit(
            Weighting::bayes_logit(Weighting::ln_odds(alpha, beta), p),
            beta,
        )
    }

    /// `ln K`, `K = alpha*beta/(1-beta)`.
    fn ln_odds(alpha: f64, beta: f64) -> f64 {
        let k = alpha * beta / (1.0 - beta);
        if k.is_normal() && k < 1e300 {
            k.ln()
        } else {
            alpha.ln() + beta.ln() - (-beta).ln_1p()
        }
    }

    /// The Bayes logit `ln(u/v) = p/(p-1) ln K`.
    fn bayes_logit(ln_k: f64, p: f64) -> f64 {
        if p == 1.0 {
            // The chance line: a corner, or the midpoint when K = 1.
            if ln_k > 0.0 {
                f64::INFINITY
            } else if ln_k < 0.0 {
                f64::NEG_INFINITY
            } else {
                0.0
            }
        } else {
            // p - 1 is exact for p near 1 (Sterbenz).
            ln_k * (p / (p - 1.0))
        }
    }

    /// The weighting with `u = 1/(1 + e^-r)`, `v = 1 - u` (`r = ln(u/v)`,
    /// possibly infinite: a corner of the curve).
    fn from_logit(r: f64, beta: f64) -> Self {
        let scale = if beta < TINY_BETA { BETA_SCALE } else { 1.0 };
        let one_minus_beta = 1.0 - beta;
        let mut out = Weighting {
            u: 0.0,
            v: 0.0,
            ln_u: 0.0,
            ln_v: 0.0,
            beta: beta * scale,
            one_minus_beta: one_minus_beta * scale,
            scale,
            logit: None,
        };
        // e^-|r| and the two sides: small = e/(1+e), big = 1/(1+e), with
        // logarithms -|r| - ln(1+e) and -ln(1+e), each to full accuracy.
        let e = (-r.abs()).exp();
        let l1p = e.ln_1p();
        let (small, big, ln_small, ln_big) = (e / (1.0 + e), 1.0 / (1.0 + e), -r.abs() - l1p, -l1p);
        (out.u, out.v, out.ln_u, out.ln_v) = if r >= 0.0 {
            (big, small, ln_big, ln_small)
        } else {
            (small, big, ln_small, ln_big)
        };
        if r.is_finite() && r.abs() > 550.0 {
            out.logit = Some((r, beta));
        }
        out
    }

    /// A metric computed from the scaled fractions, in the scale of the
    /// unscaled ones.
    #[inline]
    fn unscale<T: Real>(&self, metric: &Metric, value: T) -> T {
        if self.scale != 1.0 && metric.scales_with_counts() {
            value * T::cst(1.0 / self.scale)
        } else {
            value
        }
    }
}

/// `(w^q, 1 - w^q)` from `ln w`, each to full relative accuracy.
#[inline(always)]
fn power_and_complement<T: Real>(ln_w: T, q: f64) -> (T, T) {
    let (e, em1) = (ln_w * T::cst(q)).exp_pair();
    (e, -em1)
}

/// `w^q - w >= 0` for `0 <= w <= 1`, `0 < q <= 1`, without cancellation.
/// `w` may have underflowed to 0 while `ln w` is exact: then `w^q` (from
/// `ln w`) can still be large.
#[inline]
fn excess<T: Real>(w: T, ln_w: T, q: f64, q_minus_1: f64) -> T {
    if ln_w.val() == f64::NEG_INFINITY {
        return T::cst(0.0);
    }
    let b = ln_w * T::cst(q_minus_1);
    if b.val() > 1.0 {
        // w^(q-1) > e: the subtraction below loses less than one bit, and
        // e^b could overflow.
        (ln_w * T::cst(q)).exp_pair().0 - w
    } else {
        w * b.exp_pair().1
    }
}

/// The expected confusion fractions at the landing point.
#[inline]
#[allow(clippy::too_many_arguments)] // the landing point's parts, each computed once
fn landing_confusion<T: Real>(
    u: T,
    v: T,
    ln_u: T,
    ln_v: T,
    p: f64,
    beta: f64,
    one_minus_beta: f64,
    need_det: bool,
) -> Confusion<T> {
    let q = 1.0 / p;
    let (x, one_minus_x) = power_and_complement(ln_u, q);
    let (z, one_minus_z) = power_and_complement(ln_v, q);
    let (b, nb) = (T::cst(beta), T::cst(one_minus_beta));
    let det = if need_det {
        // (1 - p) / p rather than 1/p - 1: exact-ish for p close to 1.
        let q_minus_1 = (1.0 - p) / p;
        let x_plus_z_minus_1 = excess(u, ln_u, q, q_minus_1) + excess(v, ln_v, q, q_minus_1);
        T::cst(beta * one_minus_beta) * x_plus_z_minus_1
    } else {
        T::cst(f64::NAN)
    };
    Confusion {
        tp: b * x,
        fn_: b * one_minus_x,
        fp: nb * one_minus_z,
        tn: nb * z,
        det,
    }
}

/// The expected confusion at the landing point, in some scale, and the
/// factor that takes a total (a cost) computed from it back to fractions.
fn confusion_f64(w: &Weighting, p: f64, need_det: bool) -> (Confusion<f64>, f64) {
    if let Some((r, beta)) = w.logit {
        return log_confusion(r, beta, p, need_det);
    }
    let c = landing_confusion(
        w.u,
        w.v,
        w.ln_u,
        w.ln_v,
        p,
        w.beta,
        w.one_minus_beta,
        need_det,
    );
    (c, 1.0 / w.scale)
}

/// The metric at the landing point, in the scale of the fractions.
fn metric_f64(metric: &Metric, w: &Weighting, p: f64) -> f64 {
    let (c, back) = confusion_f64(w, p, metric.needs_det());
    let v = metric.eval(&c);
    if metric.scales_with_counts() {
        v * back
    } else {
        v
    }
}

/// The expected confusion where one side of the landing point, `u` or `v`,
/// is too small to be formed (`|r| > 550`, `r = ln(u / v)`): every entry
/// from its logarithm, all scaled by one factor `e^-k` that brings the
/// largest to `e^354` (so that the product of two entries, which the
/// formulas form, cannot overflow, and entries up to `e^-1062` times the
/// largest stay normal): ratios of entries far below the smallest float
/// (`fp = (1 - beta)(1 - z)` with `1 - z ~ u / p`) keep their digits.
/// Returns the confusion and `e^k`.
///
/// With `s` the small side and `b = 1 - s` (`ln s = -|r|`, `ln b = -s`):
/// `s^q`, `1 - s^q = -expm1(q ln s)`, `b^q = e^(-q s)` and
/// `1 - b^q = q s (1 + O(s))`, so `ln(1 - b^q) = ln q + ln s`; and
/// `x + z - 1 = (s^q - s) + (b^q - b)` with `s^q - s = s expm1((q - 1) ln s)`
/// and `b^q - b = (1 - q) s (1 + O(s))`, both >= 0.
fn log_confusion(r: f64, beta: f64, p: f64, need_det: bool) -> (Confusion<f64>, f64) {
    let q = 1.0 / p;
    let ln_s = -r.abs();
    let s = ln_s.exp();
    let ln_sq = q * ln_s;
    let ln_one_minus_sq = (-ln_sq.exp_m1()).ln();
    let ln_bq = -q * s;
    let ln_one_minus_bq = q.ln() + ln_s;
    let (ln_x, ln_omx, ln_z, ln_omz) = if r < 0.0 {
        (ln_sq, ln_one_minus_sq, ln_bq, ln_one_minus_bq)
    } else {
        (ln_bq, ln_one_minus_bq, ln_sq, ln_one_minus_sq)
    };
    let (lb, lnb) = (beta.ln(), (-beta).ln_1p());
    let logs = [lb + ln_x, lnb + ln_omz, lb + ln_omx, lnb + ln_z];
    let k = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max) - 354.0;
    let [tp, fp, fn_, tn] = logs.map(|l| (l - k).exp());
    let det = if need_det {
        // ln(s^q - s): for a large (q - 1) ln s, expm1 is e^((q-1) ln s).
        let y = (q - 1.0) * ln_s;
        let ln_es = if y > 700.0 {
            ln_s + y
        } else {
            ln_s + y.exp_m1().ln()
        };
        let ln_eb = ln_s + (1.0 - q).ln();
        let (hi, lo) = if ln_es > ln_eb {
            (ln_es, ln_eb)
        } else {
            (ln_eb, ln_es)
        };
        let ln_sum = if hi == f64::NEG_INFINITY {
            hi
        } else {
            hi + (lo - hi).exp().ln_1p()
        };
        (lb + lnb + ln_sum - 2.0 * k).exp()
    } else {
        f64::NAN
    };
    (
        Confusion {
            tp,
            fp,
            fn_,
            tn,
            det,
        },
        k.exp(),
    )
}

/// Number of points of the coarse scan over `ln alpha` that brackets the optimum.
const SCAN_POINTS: usize = 24;

/// The metric and its exact derivative with respect to `t = ln alpha`.
#[inline]
fn metric_at(rule: Rule, metric: &Metric, t: f64, p: f64, beta: f64) -> Dual {
    let w = Weighting::for_rule(rule, t.exp(), beta, p);
    // With the logit r = ln(u/v): d ln u / dr = v, d ln v / dr = -u,
    // du/dr = uv, dv/dr = -uv; dr/dt is 1 for the expected-loss rule and
    // p/(p-1) for the Bayes rule (0 at p = 1, where the Bayes point is a
    // corner that does not move until it jumps).
    let dr = match rule {
        Rule::ExpectedLoss => 1.0,
        Rule::Bayes if p == 1.0 => 0.0,
        Rule::Bayes => p / (p - 1.0),
    };
    let uv = w.u * w.v * dr;
    let c = landing_confusion(
        Dual::new(w.u, uv),
        Dual::new(w.v, -uv),
        Dual::new(w.ln_u, w.v * dr),
        Dual::new(w.ln_v, -w.u * dr),
        p,
        w.beta,
        w.one_minus_beta,
        metric.needs_det(),
    );
    w.unscale(metric, metric.eval(&c))
}

/// The grid `alpha x p x beta` (row-major), every weight clean and checked.
///
/// This is the Lp family's own fast path behind [`TradeoffCurve::grid`]:
/// under the expected-loss rule the `(alpha, beta)` part of the landing
/// point does not depend on `p`, so it is made once per row, and the cells
/// of a line are computed column-wise in loops the compiler vectorizes. The
/// generic per-cell path would redo the landing point for every cell.
fn lp_grid(
    rule: Rule,
    metric: &Metric,
    alpha: &[f64],
    p: &[f64],
    beta: &[f64],
) -> Result<Vec<f64>> {
    let cells = super::check_cells(alpha.len(), p.len(), beta.len())?;
    let (np, nb) = (p.len(), beta.len());
    let mut out = try_zeroed::<f64>("the grid", cells)?;
    // One alpha per task. Under the expected-loss rule the (alpha, beta) part
    // of the landing point is computed once per row and reused for every p;
    // the Bayes point depends on p too, so there it is made per line.
    out.par_chunks_mut(np * nb)
        .zip(alpha.par_iter())
        .for_each(|(row, &a)| {
            let mut ws = Row::new(beta.iter().map(|&b| Weighting::new(a, b)));
            // The Bayes logit is p/(p-1) ln K: ln K once per (alpha, beta).
            let ln_k: Vec<f64> = match rule {
                Rule::Bayes => beta.iter().map(|&b| Weighting::ln_odds(a, b)).collect(),
                Rule::ExpectedLoss => Vec::new(),
            };
            let mut scratch = Columns::new(nb);
            for (cells, &pj) in row.chunks_exact_mut(nb).zip(p) {
                if interrupt::requested() {
                    return;
                }
                if rule == Rule::Bayes {
                    ws.refill(
                        ln_k.iter().zip(beta).map(|(&lk, &b)| {
                            Weighting::from_logit(Weighting::bayes_logit(lk, pj), b)
                        }),
                    );
                }
                grid_cells(metric, pj, &ws, &mut scratch, cells);
                if ws.special {
                    // Scaled or logarithmic weightings (tiny prevalences or
                    // landing points): those cells again, one at a time.
                    for (cell, w) in cells.iter_mut().zip(&ws.weightings) {
                        if w.logit.is_some() {
                            *cell = metric_f64(metric, w, pj);
                        } else {
                            *cell = w.unscale(metric, *cell);
                        }
                    }
                }
            }
        });
    interrupt::check()?;
    Ok(out)
}

/// The weightings of one alpha and every beta, as columns.
struct Row {
    u: Vec<f64>,
    v: Vec<f64>,
    ln_u: Vec<f64>,
    ln_v: Vec<f64>,
    beta: Vec<f64>,
    one_minus_beta: Vec<f64>,
    /// Each weighting, for the cells the vectorized kernel cannot do.
    weightings: Vec<Weighting>,
    /// Whether any weighting is scaled or logarithmic.
    special: bool,
}

impl Row {
    /// Replaces every weighting and column in place (no allocation).
    fn refill(&mut self, weightings: impl Iterator<Item = Weighting>) {
        self.special = false;
        for (j, w) in weightings.enumerate() {
            self.u[j] = w.u;
            self.v[j] = w.v;
            self.ln_u[j] = w.ln_u;
            self.ln_v[j] = w.ln_v;
            self.beta[j] = w.beta;
            self.one_minus_beta[j] = w.one_minus_beta;
            self.special |= w.scale != 1.0 || w.logit.is_some();
            self.weightings[j] = w;
        }
    }

    fn new(weightings: impl Iterator<Item = Weighting>) -> Self {
        let ws: Vec<Weighting> = weightings.collect();
        let col = |f: fn(&Weighting) -> f64| ws.iter().map(f).collect::<Vec<f64>>();
        Row {
            u: col(|w| w.u),
            v: col(|w| w.v),
            ln_u: col(|w| w.ln_u),
            ln_v: col(|w| w.ln_v),
            beta: col(|w| w.beta),
            one_minus_beta: col(|w| w.one_minus_beta),
            special: ws.iter().any(|w| w.scale != 1.0 || w.logit.is_some()),
            weightings: ws,
        }
    }
}

/// Work space for one line of a grid: the landing point and the confusion,
/// one column per beta.
struct Columns {
    x: Vec<f64>,
    omx: Vec<f64>,
    z: Vec<f64>,
    omz: Vec<f64>,
    tp: Vec<f64>,
    fp: Vec<f64>,
    fn_: Vec<f64>,
    tn: Vec<f64>,
    det: Vec<f64>,
}

impl Columns {
    fn new(n: usize) -> Self {
        Columns {
            x: vec![0.0; n],
            omx: vec![0.0; n],
            z: vec![0.0; n],
            omz: vec![0.0; n],
            tp: vec![0.0; n],
            fp: vec![0.0; n],
            fn_: vec![0.0; n],
            tn: vec![0.0; n],
            det: vec![f64::NAN; n],
        }
    }
}

/// The metric at every beta of one `(alpha, p)` line of a grid.
///
/// Written as loops without branches over columns (landing point, then the
/// confusion and the metric, one loop per metric) so that the compiler
/// vectorizes them; compiled twice and chosen at run time, for AVX2 with FMA
/// and for the baseline, with the same IEEE operations and so the same
/// results on every processor.
fn grid_cells(metric: &Metric, p: f64, ws: &Row, c: &mut Columns, cells: &mut [f64]) {
    #[inline(always)]
    fn kernel(metric: &Metric, p: f64, ws: &Row, c: &mut Columns, cells: &mut [f64]) {
        let n = cells.len();
        let q = 1.0 / p;
        let (x, omx) = (&mut c.x[..n], &mut c.omx[..n]);
        let (z, omz) = (&mut c.z[..n], &mut c.omz[..n]);
        let (ln_u, ln_v) = (&ws.ln_u[..n], &ws.ln_v[..n]);
        let (beta, one_minus_beta) = (&ws.beta[..n], &ws.one_minus_beta[..n]);
        for k in 0..n {
            (x[k], omx[k]) = power_and_complement(ln_u[k], q);
            (z[k], omz[k]) = power_and_complement(ln_v[k], q);
        }
        let det = &mut c.det[..n];
        if metric.needs_det() {
            // (1 - p) / p rather than 1/p - 1: exact-ish for p close to 1.
            let q_minus_1 = (1.0 - p) / p;
            for k in 0..n {
                let xz1 =
                    excess(ws.u[k], ln_u[k], q, q_minus_1) + excess(ws.v[k], ln_v[k], q, q_minus_1);
                det[k] = beta[k] * one_minus_beta[k] * xz1;
            }
        }
        let (tp, fn_) = (&mut c.tp[..n], &mut c.fn_[..n]);
        let (fp, tn) = (&mut c.fp[..n], &mut c.tn[..n]);
        for k in 0..n {
            tp[k] = beta[k] * x[k];
            fn_[k] = beta[k] * omx[k];
            fp[k] = one_minus_beta[k] * omz[k];
            tn[k] = one_minus_beta[k] * z[k];
        }
        crate::metric::eval_columns(metric, tp, fp, fn_, tn, det, cells);
    }
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx2,fma")]
        fn kernel_avx2(metric: &Metric, p: f64, ws: &Row, c: &mut Columns, cells: &mut [f64]) {
            kernel(metric, p, ws, c, cells)
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the processor has been checked to support AVX2 and FMA.
            return unsafe { kernel_avx2(metric, p, ws, c, cells) };
        }
    }
    kernel(metric, p, ws, c, cells)
}

/// `2 ln Gamma(1+q) - ln Gamma(1+2q)`, the logarithm of the ROC-AUC of the
/// curve with `p = 1/q`. For small `q` the two log-gammas nearly cancel, so
/// there it is summed from their Taylor series, whose linear terms cancel
/// exactly: `sum_{k>=2} (-1)^k zeta(k) (2 - 2^k) q^k / k`.
fn ln_lp_auc(q: f64) -> f64 {
    if q > 0.1 {
        return 2.0 * libm::lgamma(1.0 + q) - libm::lgamma(1.0 + 2.0 * q);
    }
    let mut sum = 0.0;
    let mut qk = q; // q^(k-1)
    let mut two_k = 2.0; // 2^(k-1)
    for (i, zeta) in ZETA.iter().enumerate() {
        let k = (i + 2) as f64;
        qk *= q;
        two_k *= 2.0;
        let term = zeta * (2.0 - two_k) * qk / k;
        let term = if i % 2 == 0 { term } else { -term };
        sum += term;
        if term.abs() <= 1e-18 * sum.abs() {
            break;
        }
    }
    sum
}

/// `zeta(k)` for `k = 2, 3, ..., 32`.
#[allow(clippy::excessive_precision)] // digits as tabulated
const ZETA: [f64; 31] = [
    1.644_934_066_848_226_4,
    1.202_056_903_159_594_3,
    1.082_323_233_711_138_2,
    1.036_927_755_143_369_9,
    1.017_343_061_984_449_1,
    1.008_349_277_381_922_8,
    1.004_077_356_197_944_3,
    1.002_008_392_826_082_2,
    1.000_994_575_127_818_1,
    1.000_494_188_604_119_5,
    1.000_246_086_553_308_0,
    1.000_122_713_347_578_5,
    1.000_061_248_135_058_7,
    1.000_030_588_236_307_0,
    1.000_015_282_259_408_7,
    1.000_007_637_197_637_9,
    1.000_003_817_293_265_0,
    1.000_001_908_212_716_6,
    1.000_000_953_962_033_9,
    1.000_000_476_932_986_8,
    1.000_000_238_450_502_7,
    1.000_000_119_219_926_0,
    1.000_000_059_608_189_1,
    1.000_000_029_803_503_5,
    1.000_000_014_901_554_8,
    1.000_000_007_450_711_8,
    1.000_000_003_725_334_0,
    1.000_000_001_862_659_7,
    1.000_000_000_931_327_4,
    1.000_000_000_465_662_9,
    1.000_000_000_232_831_2,
];

/// The Lp curve `x^p + z^p = 1` (`p >= 1`; `p = 1` is chance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lp {
    /// The exponent.
    pub p: f64,
}

impl TradeoffCurve for Lp {
    const PARAMS: &'static [&'static str] = &["p"];

    fn check(params: &[&[f64]]) -> Result<()> {
        check_p(params[0])
    }

    fn new(params: &[f64]) -> Self {
        Lp { p: params[0] }
    }

    /// `Gamma(1 + 1/p)^2 / Gamma(1 + 2/p)`.
    fn auc(&self) -> f64 {
        ln_lp_auc(1.0 / self.p).exp()
    }

    /// `x = (1 - z^p)^(1/p)` with `z = 1 - fpr`, from logarithms (no cancellation).
    fn tpr(&self, fpr: f64) -> f64 {
        let ln_zp = self.p * (-fpr).ln_1p();
        let ln_u = (-ln_zp.exp_m1()).ln();
        (ln_u / self.p).exp()
    }

    fn landing(&self, rule: Rule, alpha: f64, beta: f64) -> [f64; 4] {
        let w = Weighting::for_rule(rule, alpha, beta, self.p);
        let q = 1.0 / self.p;
        let (x, omx) = power_and_complement(w.ln_u, q);
        let (z, omz) = power_and_complement(w.ln_v, q);
        [x, z, omx, omz]
    }

    fn metric_at(&self, rule: Rule, metric: &Metric, t: f64, beta: f64) -> Dual {
        metric_at(rule, metric, t, self.p, beta)
    }

    fn metric(&self, rule: Rule, metric: &Metric, alpha: f64, beta: f64) -> f64 {
        metric_f64(
            metric,
            &Weighting::for_rule(rule, alpha, beta, self.p),
            self.p,
        )
    }

    /// Under the Bayes rule the landing point moves `p/(p-1)` times faster in
    /// `ln alpha`; the scan is that much finer (up to 64 times), so that it
    /// still brackets every interior optimum of a curve close to chance. At
    /// `p = 1` the Bayes point jumps from one corner to the other.
    fn scan(&self, rule: Rule) -> (usize, bool) {
        let p = self.p;
        match rule {
            Rule::Bayes if p > 1.0 => (
                SCAN_POINTS * (p / (p - 1.0)).ceil().min(64.0) as usize,
                false,
            ),
            Rule::Bayes => (SCAN_POINTS, true),
            Rule::ExpectedLoss => (SCAN_POINTS, false),
        }
    }

    fn grid(
        curves: &[Self],
        rule: Rule,
        metric: &Metric,
        alpha: &[f64],
        beta: &[f64],
    ) -> Result<Vec<f64>> {
        let p: Vec<f64> = curves.iter().map(|c| c.p).collect();
        lp_grid(rule, metric, alpha, &p, beta)
    }
}

/// The `p` whose curve has ROC-AUC `auc`, for `auc` in `(0.5, 1)`.
pub fn p_from_auc(auc: &[f64]) -> Result<Vec<f64>> {
    check_each(
        "auc",
        auc,
        |a| a > 0.5 && a < 1.0,
        "auc must lie strictly between 0.5 and 1 (p = 1 gives 0.5, p -> inf gives 1)",
    )?;
    Ok(auc
        .iter()
        .map(|&a| {
            // a - 1 is exact for a in (0.5, 1), so log1p keeps every digit.
            let target = (a - 1.0).ln_1p();
            let h = |q: f64| ln_lp_auc(q) - target;
            let q = zeroin(h, 0.0, 1.0, -target, -LN_2 - target, 0.0);
            1.0 / q
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::super::args::check_alpha;
    use super::super::super::optimize::{natural_weight, Optimum};
    use super::super::super::rule::Noise;
    use super::super::curves;
    use super::*;

    // The drivers over Lp curves, with the arguments in the old order.
    fn landing(rule: Rule, alpha: &[f64], p: &[f64], beta: &[f64]) -> Result<[Vec<f64>; 4]> {
        super::super::landing(&curves::<Lp>(&[p])?, rule, Noise::NONE, alpha, beta)
    }
    fn expected_metric(
        rule: Rule,
        metric: &Metric,
        alpha: &[f64],
        p: &[f64],
        beta: &[f64],
    ) -> Result<Vec<f64>> {
        super::super::expected_metric(&curves::<Lp>(&[p])?, rule, Noise::NONE, metric, alpha, beta)
    }
    fn optimal_alpha(
        rule: Rule,
        metric: &Metric,
        p: &[f64],
        beta: &[f64],
        bounds: (f64, f64),
    ) -> Result<Vec<Optimum>> {
        super::super::optimal_alpha(
            &curves::<Lp>(&[p])?,
            rule,
            Noise::NONE,
            metric,
            beta,
            bounds,
        )
    }
    fn grid(
        rule: Rule,
        metric: &Metric,
        alpha: &[f64],
        p: &[f64],
        beta: &[f64],
    ) -> Result<Vec<f64>> {
        super::super::grid(&curves::<Lp>(&[p])?, rule, Noise::NONE, metric, alpha, beta)
    }
    fn lp_auc(p: &[f64]) -> Result<Vec<f64>> {
        super::super::auc(&curves::<Lp>(&[p])?)
    }

    fn naive(alpha: f64, p: f64, beta: f64) -> (f64, f64) {
        let x = (alpha * beta / (alpha * beta - beta + 1.0)).powf(1.0 / p);
        let z = (1.0 - x.powf(p)).powf(1.0 / p);
        (x, z)
    }

    #[test]
    fn landing_agrees_with_the_plain_formula_where_it_is_accurate() {
        for &(a, p, b) in &[(1.0, 2.0, 0.1), (5.0, 3.5, 0.3), (0.2, 1.5, 0.45)] {
            let [x, z, omx, omz] = landing(Rule::ExpectedLoss, &[a], &[p], &[b]).unwrap();
            let (nx, nz) = naive(a, p, b);
            assert!((x[0] - nx).abs() < 1e-13 && (z[0] - nz).abs() < 1e-13);
            assert!((omx[0] - (1.0 - nx)).abs() < 1e-13 && (omz[0] - (1.0 - nz)).abs() < 1e-13);
            // On the curve: x^p + z^p = 1.
            assert!((x[0].powf(p) + z[0].powf(p) - 1.0).abs() < 1e-14);
        }
    }

    #[test]
    fn balanced_accuracy_optimum_is_the_natural_weight() {
        for &b in &[0.5, 0.1, 0.01, 1e-4, 1e-7] {
            for &p in &[1.1, 2.0, 7.0, 100.0] {
                let o = optimal_alpha(
                    Rule::ExpectedLoss,
                    &Metric::BalancedAccuracy,
                    &[p],
                    &[b],
                    (1e-12, 1e12),
                )
                .unwrap()[0];
                let want = natural_weight(b);
                assert!(((o.alpha - want) / want).abs() < 1e-10, "p={p} b={b} {o:?}");
                assert!(!o.at_bound && !o.flat);
            }
        }
    }

    #[test]
    fn flat_and_bound_cases_are_reported() {
        let o = optimal_alpha(
            Rule::ExpectedLoss,
            &Metric::BalancedAccuracy,
            &[1.0],
            &[0.01],
            (1e-12, 1e12),
        )
        .unwrap()[0];
        assert!(o.flat && (o.value - 0.5).abs() < 1e-15 && (o.alpha - 99.0).abs() < 1e-12);
        let o = optimal_alpha(
            Rule::ExpectedLoss,
            &Metric::Recall,
            &[3.0],
            &[0.01],
            (1e-6, 1e6),
        )
        .unwrap()[0];
        assert!(o.at_bound && o.alpha == 1e6);
        let o = optimal_alpha(
            Rule::ExpectedLoss,
            &Metric::Precision,
            &[3.0],
            &[0.01],
            (1e-6, 1e6),
        )
        .unwrap()[0];
        assert!(o.at_bound && (o.alpha - 1e-6).abs() < 1e-18);
    }

    #[test]
    fn f1_optimum_is_small_and_beats_the_natural_weight() {
        for &p in &[2.0, 5.0, 40.0] {
            let o = optimal_alpha(
                Rule::ExpectedLoss,
                &Metric::f_beta(1.0),
                &[p],
                &[0.01],
                (1e-12, 1e12),
            )
            .unwrap()[0];
            assert!(o.alpha > 1.0 && o.alpha < 3.0, "p={p} {o:?}");
            let f = expected_metric(
                Rule::ExpectedLoss,
                &Metric::f_beta(1.0),
                &[1.0, 99.0, o.alpha],
                &[p; 3],
                &[0.01; 3],
            )
            .unwrap();
            assert!(f[1] < f[0] && f[0] <= f[2]);
        }
    }

    #[test]
    fn lp_auc_known_values_and_inverse() {
        let a = lp_auc(&[1.0, 2.0]).unwrap();
        assert!((a[0] - 0.5).abs() < 1e-15);
        assert!((a[1] - std::f64::consts::PI / 4.0).abs() < 1e-15);
        for &p in &[1.5, 2.0, 9.0, 11.0, 300.0] {
            let auc = lp_auc(&[p]).unwrap()[0];
            let back = p_from_auc(&[auc]).unwrap()[0];
            assert!(((back - p) / p).abs() < 1e-9, "p={p} back={back}");
        }
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(grid(
            Rule::ExpectedLoss,
            &Metric::Accuracy,
            &[0.0],
            &[2.0],
            &[0.1]
        )
        .is_err());
        assert!(grid(
            Rule::ExpectedLoss,
            &Metric::Accuracy,
            &[1.0],
            &[0.5],
            &[0.1]
        )
        .is_err());
        assert!(grid(
            Rule::ExpectedLoss,
            &Metric::Accuracy,
            &[1.0],
            &[2.0],
            &[1.0]
        )
        .is_err());
        assert!(grid(
            Rule::ExpectedLoss,
            &Metric::Accuracy,
            &[f64::NAN],
            &[2.0],
            &[0.1]
        )
        .is_err());
        assert!(p_from_auc(&[0.5]).is_err());
        let e = check_alpha(&[1.0, -2.0]).unwrap_err().to_string();
        assert!(
            e.contains("alpha") && e.contains("-2") && e.contains("index 1"),
            "{e}"
        );
    }
}
