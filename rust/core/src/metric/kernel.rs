//! Loops over many confusion matrices, compiled once per metric so that each
//! can be vectorized.

use super::{Confusion, Metric};
use crate::error::{Error, Result};

/// Work to run with the metric known at compile time: see [`with_known_variant`].
pub trait Kernel {
    /// What the work returns.
    type Out;
    /// The work, with `m` a metric built from a constant variant. Implementations
    /// mark it `#[inline(always)]` so that each variant gets its own copy.
    fn run(self, m: Metric) -> Self::Out;
}

/// Runs `k` with a copy of `metric` built from its own variant, so that
/// inside `k` the compiler knows which formula applies: the match is taken
/// once, outside the loop `k` holds, and each loop is compiled (and
/// vectorized) for one metric.
#[inline(always)]
pub fn with_known_variant<K: Kernel>(metric: &Metric, k: K) -> K::Out {
    metric.dispatch(k)
}

/// `out[k]` = the metric of `(tp[k], fp[k], fn_[k], tn[k], det[k])`, one loop
/// per metric.
#[inline(always)]
pub fn eval_columns(
    metric: &Metric,
    tp: &[f64],
    fp: &[f64],
    fn_: &[f64],
    tn: &[f64],
    det: &[f64],
    out: &mut [f64],
) {
    struct Columns<'a> {
        cols: [&'a [f64]; 5],
        out: &'a mut [f64],
    }
    impl Kernel for Columns<'_> {
        type Out = ();
        #[inline(always)]
        fn run(self, m: Metric) {
            let n = self.out.len();
            let [tp, fp, fn_, tn, det] = self.cols.map(|c| &c[..n]);
            for k in 0..n {
                self.out[k] = m.eval(&Confusion {
                    tp: tp[k],
                    fp: fp[k],
                    fn_: fn_[k],
                    tn: tn[k],
                    det: det[k],
                });
            }
        }
    }
    with_known_variant(
        metric,
        Columns {
            cols: [tp, fp, fn_, tn, det],
            out,
        },
    )
}

/// The largest of `sign * metric(confusion(k))` over `k` in `range`, NaN
/// values ignored (`-inf` if there are none), one loop per metric.
#[inline(always)]
pub fn max_each<F: Fn(usize) -> Confusion<f64>>(
    metric: &Metric,
    sign: f64,
    range: std::ops::Range<usize>,
    confusion: F,
) -> f64 {
    struct Max<F> {
        sign: f64,
        range: std::ops::Range<usize>,
        confusion: F,
    }
    impl<F: Fn(usize) -> Confusion<f64>> Kernel for Max<F> {
        type Out = f64;
        #[inline(always)]
        fn run(self, m: Metric) -> f64 {
            let mut best = f64::NEG_INFINITY;
            for k in self.range {
                // f64::max ignores a NaN argument.
                best = best.max(self.sign * m.eval(&(self.confusion)(k)));
            }
            best
        }
    }
    with_known_variant(
        metric,
        Max {
            sign,
            range,
            confusion,
        },
    )
}

/// The metric of each confusion matrix `(tp[i], fp[i], fn_[i], tn[i])`.
pub fn evaluate(
    metric: &Metric,
    tp: &[f64],
    fp: &[f64],
    fn_: &[f64],
    tn: &[f64],
) -> Result<Vec<f64>> {
    for (name, xs) in [("tp", tp), ("fp", fp), ("fn", fn_), ("tn", tn)] {
        if xs.len() != tp.len() {
            return Err(Error::invalid(
                name,
                format!("length {}", xs.len()),
                format!("{name} must have the length of tp ({})", tp.len()),
            ));
        }
        if let Some(i) = xs.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
            return Err(Error::invalid(
                name,
                format!("{} at index {i}", crate::num::show(xs[i])),
                "confusion entries must be finite and >= 0",
            ));
        }
    }
    let mut out = crate::alloc::try_with_capacity("the metric values", tp.len())?;
    out.extend(
        (0..tp.len()).map(|i| metric.eval(&Confusion::from_entries(tp[i], fp[i], fn_[i], tn[i]))),
    );
    Ok(out)
}
