//! What follows from the confusion counts at every threshold: the metric
//! along the curve, the best threshold (with constraints), ROC-AUC, AP.

use rayon::prelude::*;

use super::{Count, Sweep};
use crate::alloc::try_zeroed;
use crate::error::{Error, Result};
use crate::metric::{Confusion, Metric};

/// Checks that `tp` and `fp` describe one curve.
fn check_curve<C: Count>(tp: &[C], fp: &[C]) -> Result<()> {
    if tp.len() != fp.len() {
        return Err(Error::invalid(
            "fp",
            format!("length {}", fp.len()),
            format!("fp must have the length of tp ({})", tp.len()),
        ));
    }
    Ok(())
}

/// The metric at every point of the curve.
pub fn metric_curve<C: Count>(
    metric: &Metric,
    tp: &[C],
    fp: &[C],
    n_pos: C,
    n_neg: C,
) -> Result<Vec<f64>> {
    check_curve(tp, fp)?;
    let need_det = metric.needs_det();
    metric_curve_with(metric, tp.len(), move |i| {
        C::confusion(tp[i], fp[i], n_pos, n_neg, need_det)
    })
}

/// The metric of `confusion(i)` for every `i` below `n`.
fn metric_curve_with(
    metric: &Metric,
    n: usize,
    confusion: impl Fn(usize) -> Confusion<f64> + Sync,
) -> Result<Vec<f64>> {
    let mut out = try_zeroed("the metric curve", n)?;
    const CHUNK: usize = 1 << 14;
    out.par_chunks_mut(CHUNK).enumerate().for_each(|(c, o)| {
        if crate::interrupt::requested() {
            return;
        }
        let base = c * CHUNK;
        for (k, o) in o.iter_mut().enumerate() {
            let i = base + k;
            *o = metric.eval(&confusion(i));
        }
    });
    crate::interrupt::check()?;
    Ok(out)
}

/// A bound on a metric for a constrained choice: at least `bound` for a metric
/// where higher is better, at most `bound` otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    /// The metric bounded.
    pub metric: Metric,
    /// The floor (or ceiling, for metrics where lower is better).
    pub bound: f64,
}

impl Constraint {
    #[inline]
    fn holds(&self, c: &Confusion<f64>) -> bool {
        let v = self.metric.eval(c);
        if self.metric.higher_is_better() {
            v >= self.bound
        } else {
            v <= self.bound
        }
    }
}

/// The index of the best point of the curve for `metric` among those that
/// satisfy every constraint, and the metric there; `None` if no point does.
///
/// Ties go to the first point in sweep order, that is the highest threshold:
/// the most conservative of the equally good choices. Values within 8 units in
/// the last place of the best are ties: metrics computed with several
/// roundings (balanced accuracy, the geometric mean, MCC) can give two exactly
/// equal values that differ in the last bit, and rounding must not decide.
/// NaN values (Cohen's kappa where it is undefined) never win.
pub fn best<C: Count>(
    metric: &Metric,
    constraints: &[Constraint],
    tp: &[C],
    fp: &[C],
    n_pos: C,
    n_neg: C,
) -> Result<Option<(usize, f64)>> {
    check_curve(tp, fp)?;
    let need_det = metric.needs_det() || constraints.iter().any(|c| c.metric.needs_det());
    let n = tp.len();
    best_with(metric, constraints, n, move |i| {
        debug_assert!(i < n);
        // SAFETY: `best_with` calls this only with `i < n`, the length of
        // both slices (checked above); checked indexing would keep the scan
        // from vectorizing.
        unsafe {
            C::confusion(
                *tp.get_unchecked(i),
                *fp.get_unchecked(i),
                n_pos,
                n_neg,
                need_det,
            )
        }
    })
}

/// [`best`] among points given by their four confusion entries (counts or
/// summed weights), in the order of preference for ties: the choice among
/// candidate thresholds, by the same rule as over a whole sweep.
pub fn best_of_points(
    metric: &Metric,
    constraints: &[Constraint],
    tp: &[f64],
    fp: &[f64],
    fn_: &[f64],
    tn: &[f64],
) -> Result<Option<(usize, f64)>> {
    let n = tp.len();
    for (name, v) in [("fp", fp), ("fn", fn_), ("tn", tn)] {
        if v.len() != n {
            return Err(Error::invalid(
                name,
                format!("length {}", v.len()),
                format!("{name} must have the length of tp ({n})"),
            ));
        }
    }
    let (fp, fn_, tn) = (&fp[..n], &fn_[..n], &tn[..n]);
    best_with(metric, constraints, n, move |i| {
        Confusion::from_entries(tp[i], fp[i], fn_[i], tn[i])
    })
}

/// [`best`] over `confusion(i)` for every `i` below `n`.
fn best_with(
    metric: &Metric,
    constraints: &[Constraint],
    n: usize,
    confusion: impl Fn(usize) -> Confusion<f64> + Sync,
) -> Result<Option<(usize, f64)>> {
    // Compared in a scale that keeps the values finite (a cost of 1e308 per
    // error overflows, its best threshold does not); reported as it is.
    let reported = *metric;
    let metric = &metric.scale_free();
    let sign = if metric.higher_is_better() { 1.0 } else { -1.0 };
    // The signed metric at point i, if it is a candidate.
    let score = |i: usize| {
        let conf = confusion(i);
        let v = metric.eval(&conf);
        if v.is_nan() || !constraints.iter().all(|k| k.holds(&conf)) {
            None
        } else {
            Some(sign * v)
        }
    };
    const CHUNK: usize = 1 << 14;
    let chunk = |c: usize| c * CHUNK..((c + 1) * CHUNK).min(n);
    // Pass 1: the best of each chunk (a max, so the order does not matter).
    let maxima: Vec<Option<f64>> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            if crate::interrupt::requested() {
                return None;
            }
            if constraints.is_empty() {
                // The common case, in a loop the compiler can vectorize.
                let m = crate::metric::max_each(metric, sign, chunk(c), &confusion);
                (m > f64::NEG_INFINITY).then_some(m)
            } else {
                chunk(c).filter_map(score).reduce(f64::max)
            }
        })
        .collect();
    crate::interrupt::check()?;
    let Some(top) = maxima.iter().flatten().copied().reduce(f64::max) else {
        return Ok(None);
    };
    let floor = top - 8.0 * f64::EPSILON * top.abs();
    // Pass 2: the first point within rounding of the best, in the first chunk
    // that has one.
    let found = maxima
        .iter()
        .position(|m| m.is_some_and(|m| m >= floor))
        .and_then(|c| {
            chunk(c).find_map(|i| score(i).filter(|&g| g >= floor).map(|g| (i, sign * g)))
        });
    Ok(found.map(|(i, v)| {
        if reported == *metric {
            (i, v)
        } else {
            (i, reported.eval(&confusion(i)))
        }
    }))
}

/// Sums `f(i)` over `0..n` in fixed chunks, then the chunk sums in order:
/// the rounding does not depend on the number of threads.
fn deterministic_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> Result<f64> {
    const CHUNK: usize = 1 << 14;
    let parts: Vec<f64> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            if crate::interrupt::requested() {
                return 0.0;
            }
            (c * CHUNK..((c + 1) * CHUNK).min(n)).map(&f).sum()
        })
        .collect();
    crate::interrupt::check()?;
    Ok(parts.iter().sum())
}

/// The area under the ROC curve (trapezoids through every distinct threshold,
/// from (0, 0)); NaN when a class is absent.
pub fn roc_auc<C: Count>(tp: &[C], fp: &[C], n_pos: C, n_neg: C) -> Result<f64> {
    check_curve(tp, fp)?;
    let (np, nn) = (n_pos.to_f64(), n_neg.to_f64());
    if np <= 0.0 || nn <= 0.0 {
        return Ok(f64::NAN);
    }
    // Each trapezoid in units of the totals, so that summed weights of any
    // magnitude neither overflow nor underflow.
    let twice = deterministic_sum(tp.len(), |i| {
        let (t0, f0) = if i == 0 {
            (0.0, 0.0)
        } else {
            (tp[i - 1].to_f64(), fp[i - 1].to_f64())
        };
        ((fp[i].to_f64() - f0) / nn) * ((tp[i].to_f64() + t0) / np)
    })?;
    Ok(twice / 2.0)
}

/// Average precision: `sum_i (R_i - R_{i-1}) P_i` over the distinct
/// thresholds, as scikit-learn defines it (no interpolation); 0 without positives.
pub fn average_precision<C: Count>(tp: &[C], fp: &[C], n_pos: C) -> Result<f64> {
    check_curve(tp, fp)?;
    let np = n_pos.to_f64();
    if np <= 0.0 {
        return Ok(0.0);
    }
    let s = deterministic_sum(tp.len(), |i| {
        let t = tp[i].to_f64();
        let t0 = if i == 0 { 0.0 } else { tp[i - 1].to_f64() };
        if t == t0 {
            0.0
        } else {
            (t - t0) * (t / (t + fp[i].to_f64()))
        }
    })?;
    Ok((s / np).max(0.0))
}

impl<S, C: Count> Sweep<S, C> {
    /// The confusion at point `i` from the complement sums (`fn_`, `tn`),
    /// with `det` only when it is needed.
    #[inline(always)]
    fn complement_confusion(tp: C, fp: C, fn_: C, tn: C, need_det: bool) -> Confusion<f64> {
        let (tp, fp, fn_, tn) = (tp.to_f64(), fp.to_f64(), fn_.to_f64(), tn.to_f64());
        Confusion {
            tp,
            fp,
            fn_,
            tn,
            det: if need_det {
                tp * tn - fp * fn_
            } else {
                f64::NAN
            },
        }
    }

    /// The metric at every threshold (see [`metric_curve`]), from the
    /// complement sums where the sweep has them.
    pub fn metric_curve(&self, metric: &Metric) -> Result<Vec<f64>> {
        check_curve(&self.tp, &self.fp)?;
        let (tp, fp) = (&self.tp, &self.fp);
        match &self.complement {
            Some([fn_, tn]) if fn_.len() == tp.len() && tn.len() == tp.len() => {
                let need_det = metric.needs_det();
                let n = tp.len();
                let (tp, fp, fn_, tn) = (&tp[..n], &fp[..n], &fn_[..n], &tn[..n]);
                metric_curve_with(metric, n, move |i| {
                    debug_assert!(i < n);
                    // SAFETY: `metric_curve_with` and `best_with` call this
                    // only with `i < n`, and the four slices have length `n`.
                    // Checked indexing here keeps the loop from vectorizing
                    // (F1 over 10^7 weighted thresholds: 80 ms against 6).
                    unsafe {
                        Self::complement_confusion(
                            *tp.get_unchecked(i),
                            *fp.get_unchecked(i),
                            *fn_.get_unchecked(i),
                            *tn.get_unchecked(i),
                            need_det,
                        )
                    }
                })
            }
            _ => metric_curve(metric, tp, fp, self.n_pos, self.n_neg),
        }
    }

    /// The best threshold (see [`best`]), from the complement sums where the
    /// sweep has them.
    pub fn best(
        &self,
        metric: &Metric,
        constraints: &[Constraint],
    ) -> Result<Option<(usize, f64)>> {
        check_curve(&self.tp, &self.fp)?;
        let (tp, fp) = (&self.tp, &self.fp);
        match &self.complement {
            Some([fn_, tn]) if fn_.len() == tp.len() && tn.len() == tp.len() => {
                let need_det =
                    metric.needs_det() || constraints.iter().any(|c| c.metric.needs_det());
                // One length for all four, so that indexing needs no checks
                // the compiler cannot drop (they would stop vectorization).
                let n = tp.len();
                let (tp, fp, fn_, tn) = (&tp[..n], &fp[..n], &fn_[..n], &tn[..n]);
                best_with(metric, constraints, n, move |i| {
                    debug_assert!(i < n);
                    // SAFETY: `metric_curve_with` and `best_with` call this
                    // only with `i < n`, and the four slices have length `n`.
                    // Checked indexing here keeps the loop from vectorizing
                    // (F1 over 10^7 weighted thresholds: 80 ms against 6).
                    unsafe {
                        Self::complement_confusion(
                            *tp.get_unchecked(i),
                            *fp.get_unchecked(i),
                            *fn_.get_unchecked(i),
                            *tn.get_unchecked(i),
                            need_det,
                        )
                    }
                })
            }
            _ => best(metric, constraints, tp, fp, self.n_pos, self.n_neg),
        }
    }
}
