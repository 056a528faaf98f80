//! Exact threshold sweeps: the confusion counts at every distinct score.
//!
//! A sample is predicted positive when `score >= threshold`; thresholds are
//! the distinct scores in descending order. Every curve and score of the
//! package (metrics along the curve, best thresholds, ROC-AUC, average
//! precision, scikit-learn's curves) is derived from this one kernel.
//!
//! **Sorting.** Each score becomes an integer key whose ascending order is the
//! descending order of the scores (with -0.0 folded onto +0.0). The keys are
//! spread by a radix partition ([`partition`]) into buckets of
//! consecutive key ranges small enough for the core's cache; each bucket is
//! then sorted and scanned on its own, in parallel, while it is in cache.
//!
//! **Unweighted.** No key-value sort is needed: the keys of all samples and,
//! apart, the keys of the positives are partitioned with the same buckets and
//! sorted; one scan per bucket over runs of equal keys counts, at each distinct
//! threshold, how many samples and how many positives score at least that
//! high. The counts before a bucket are known from the partition, so buckets
//! need nothing from each other. The sorted keys are turned into the
//! thresholds in place. Counts accumulate in `u64` and are stored in the
//! narrowest exact type the caller picks (`u32` below 2^32 samples).
//!
//! **Weighted.** Samples of zero weight are dropped (as scikit-learn does).
//! Each sample is one `u128`, its key above the bits of its weight (whose
//! sign carries the label), so that sorting orders by key and, within a key,
//! by a fixed order of the weights: the order of summation, and hence every
//! rounding, depends on the data only, never on the number of threads.

pub mod any;
pub mod bootstrap;
pub mod calibration;
pub mod decision;
pub mod histogram;
pub mod keys;
pub mod multiclass;
pub mod partition;
pub mod sklearn_order;
pub mod state;
mod summary;
mod unweighted;
mod weighted;

pub use any::{sweep_any, AnyScore, AnyState, AnySweep};
pub use keys::Score;
pub use sklearn_order::{pair_wins, pr_curve_weighted_in_order, sweep_weighted_in_order};
pub use state::State;
pub use summary::{average_precision, best, best_of_points, metric_curve, roc_auc, Constraint};
pub use unweighted::sweep_unweighted;
pub use weighted::sweep_weighted;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::metric::Confusion;

/// A count type: `u32` or `u64` for counts of samples, `f64` for sums of weights.
pub trait Count:
    Copy
    + Send
    + Sync
    + Default
    + PartialOrd
    + bytemuck::Pod
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
{
    /// From a count.
    fn from_u64(x: u64) -> Self;
    /// From a total passed as a float (exact below 2^53).
    fn from_f64(x: f64) -> Self;
    /// As a float (exact below 2^53).
    fn to_f64(self) -> f64;
    /// Whether `total - part` is exact (integer counts), so that a sweep
    /// needs no complement sums.
    const EXACT: bool;
    /// `self * 2^e`: summed weights move between units; counts, whose unit
    /// is always 1 (`e` is then 0), are returned as they are.
    fn times_pow2(self, e: i32) -> Self;
    /// The confusion matrix at a point of the curve; `det` is computed only
    /// when `need_det` (it costs 128-bit products for integer counts).
    fn confusion(tp: Self, fp: Self, n_pos: Self, n_neg: Self, need_det: bool) -> Confusion<f64>;
}

impl Count for u32 {
    const EXACT: bool = true;
    #[inline]
    fn from_f64(x: f64) -> Self {
        x as u32
    }
    #[inline]
    fn from_u64(x: u64) -> Self {
        // Callers pick u32 only when every count fits.
        x as u32
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self as f64
    }
    #[inline]
    fn times_pow2(self, _e: i32) -> Self {
        self
    }
    #[inline]
    fn confusion(tp: u32, fp: u32, n_pos: u32, n_neg: u32, need_det: bool) -> Confusion<f64> {
        u64::confusion(tp as u64, fp as u64, n_pos as u64, n_neg as u64, need_det)
    }
}

impl Count for u64 {
    const EXACT: bool = true;
    #[inline]
    fn from_f64(x: f64) -> Self {
        x as u64
    }
    #[inline]
    fn from_u64(x: u64) -> Self {
        x
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self as f64
    }
    #[inline]
    fn times_pow2(self, _e: i32) -> Self {
        self
    }
    #[inline]
    fn confusion(tp: u64, fp: u64, n_pos: u64, n_neg: u64, need_det: bool) -> Confusion<f64> {
        let (fn_, tn) = (n_pos.saturating_sub(tp), n_neg.saturating_sub(fp));
        if need_det {
            Confusion::from_counts(tp, fp, fn_, tn)
        } else {
            Confusion {
                tp: tp as f64,
                fp: fp as f64,
                fn_: fn_ as f64,
                tn: tn as f64,
                det: f64::NAN,
            }
        }
    }
}

impl Count for f64 {
    const EXACT: bool = false;
    #[inline]
    fn from_f64(x: f64) -> Self {
        x
    }
    #[inline]
    fn from_u64(x: u64) -> Self {
        x as f64
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline]
    fn times_pow2(self, e: i32) -> Self {
        if e == 0 {
            self
        } else {
            ldexp(self, e)
        }
    }
    #[inline]
    fn confusion(tp: f64, fp: f64, n_pos: f64, n_neg: f64, _need_det: bool) -> Confusion<f64> {
        // Clamp: rounding must not make a remaining sum negative.
        Confusion::from_entries(tp, fp, (n_pos - tp).max(0.0), (n_neg - fp).max(0.0))
    }
}

/// The confusion counts at every distinct threshold.
#[derive(Debug, Clone)]
pub struct Sweep<S, C> {
    /// Distinct scores, descending.
    pub thresholds: Vec<S>,
    /// Positives (or their summed weight) with `score >= thresholds[i]`.
    pub tp: Vec<C>,
    /// Negatives (or their summed weight) with `score >= thresholds[i]`.
    pub fp: Vec<C>,
    /// For summed weights: the positives and the negatives with
    /// `score < thresholds[i]`, summed from the low end rather than found as
    /// `n_pos - tp`, which loses the digits of a small remainder next to a
    /// large total (weights spanning 10^6 lost 8e-12 of Cohen's kappa that
    /// way). `None` for counts, whose subtraction is exact.
    pub complement: Option<[Vec<C>; 2]>,
    /// The number (or summed weight) of positives.
    pub n_pos: C,
    /// The number (or summed weight) of negatives.
    pub n_neg: C,
    /// The unit of summed weights: the true sums are the stored ones times
    /// `2^scale`. 0 for counts and for weights of ordinary size; weights
    /// near the largest (or smallest) float are summed in a power-of-two
    /// scale that cannot overflow (or lose digits), so that every ratio of
    /// the sums (each metric but the cost, ROC-AUC, AP) stays exact while
    /// the sums themselves may exceed what a float holds.
    pub scale: i32,
}

/// `x * 2^e`, exact unless the result leaves the range of floats (two steps,
/// so that `2^e` itself never overflows).
#[inline]
pub fn ldexp(x: f64, e: i32) -> f64 {
    let half = e / 2;
    x * 2f64.powi(half) * 2f64.powi(e - half)
}

impl<S: Score, C: Count> Sweep<S, C> {
    /// A copy, or [`Error::OutOfMemory`].
    pub fn try_clone(&self) -> Result<Self> {
        use crate::alloc::try_copy;
        Ok(Sweep {
            thresholds: try_copy("the thresholds", &self.thresholds)?,
            tp: try_copy("the counts", &self.tp)?,
            fp: try_copy("the counts", &self.fp)?,
            complement: match &self.complement {
                Some([a, b]) => Some([try_copy("the counts", a)?, try_copy("the counts", b)?]),
                None => None,
            },
            n_pos: self.n_pos,
            n_neg: self.n_neg,
            scale: self.scale,
        })
    }

    /// Builds a sweep from its columns (as a pickle carries them), checking
    /// everything a sweep promises: one length, at least one point, finite
    /// thresholds in strictly descending order, counts finite, >= 0 and
    /// non-decreasing, with at least one sample more at each threshold.
    pub fn from_parts(thresholds: Vec<S>, tp: Vec<C>, fp: Vec<C>) -> Result<Self> {
        let n = thresholds.len();
        if n == 0 || tp.len() != n || fp.len() != n {
            return Err(Error::invalid(
                "sweep",
                format!("columns of lengths {n}, {} and {}", tp.len(), fp.len()),
                "thresholds, tp and fp must have one length, at least 1",
            ));
        }
        if let Some(i) = thresholds.iter().position(|s| !s.is_finite()) {
            return Err(Error::invalid(
                "sweep",
                format!(
                    "threshold {} at index {i}",
                    crate::num::show(thresholds[i].into())
                ),
                "thresholds must be finite",
            ));
        }
        let ok = |i: usize| {
            let (t, f) = (tp[i].to_f64(), fp[i].to_f64());
            let (t0, f0) = if i == 0 {
                (0.0, 0.0)
            } else {
                (tp[i - 1].to_f64(), fp[i - 1].to_f64())
            };
            t.is_finite()
                && f.is_finite()
                && t >= t0
                && f >= f0
                && t + f > t0 + f0
                && (i == 0 || thresholds[i].key() > thresholds[i - 1].key())
        };
        if let Some(i) = (0..n).find(|&i| !ok(i)) {
            return Err(Error::invalid(
                "sweep",
                format!("a point out of order at index {i}"),
                "thresholds must descend strictly and counts grow at every threshold",
            ));
        }
        let (n_pos, n_neg) = (tp[n - 1], fp[n - 1]);
        Ok(Sweep {
            thresholds,
            tp,
            fp,
            complement: None,
            n_pos,
            n_neg,
            scale: 0,
        })
    }

    /// Adds complement sums (as a pickle carries them), checked: one length
    /// with the sweep, finite, >= 0, never growing along it, 0 at its end.
    pub fn with_complement(mut self, fn_: Vec<C>, tn: Vec<C>) -> Result<Self> {
        let n = self.tp.len();
        let ok = |v: &[C]| {
            v.len() == n
                && v.iter()
                    .all(|x| x.to_f64().is_finite() && x.to_f64() >= 0.0)
                && v.windows(2).all(|w| w[1] <= w[0])
                && v.last().is_some_and(|x| x.to_f64() == 0.0)
        };
        if !(ok(&fn_) && ok(&tn)) {
            return Err(Error::invalid(
                "sweep",
                "complement sums out of order",
                "fn and tn must have the sweep's length, be finite, >= 0, never grow, end at 0",
            ));
        }
        self.complement = Some([fn_, tn]);
        Ok(self)
    }
}

/// Checks lengths and emptiness.
fn check_lengths(n: usize, other: &[(&str, usize)]) -> Result<()> {
    if n == 0 {
        return Err(Error::invalid(
            "y_score",
            "an empty array",
            "give at least one sample",
        ));
    }
    for &(name, len) in other {
        if len != n {
            return Err(Error::invalid(
                name,
                format!("length {len}"),
                format!("{name} must have the same length as y_score ({n})"),
            ));
        }
    }
    Ok(())
}

/// The error for an input that another thread wrote to while a sweep read it.
fn changed_while_read() -> Error {
    Error::invalid(
        "y_score",
        "arrays that changed while they were read",
        "another thread wrote to y_score, y_true or sample_weight during the call; \
         pass arrays that nothing writes to meanwhile (or a copy)",
    )
}

fn non_finite<S: Score>(scores: &[S], i: usize) -> Error {
    Error::invalid(
        "y_score",
        format!("{} at index {i}", crate::num::show(scores[i].into())),
        "scores must be finite (no NaN or infinity)",
    )
}

/// The first index where `bad` holds, scanning fixed chunks in parallel.
fn first_where<T: Copy + Sync>(xs: &[T], bad: impl Fn(T) -> bool + Sync) -> Option<usize> {
    const CHUNK: usize = 1 << 16;
    xs.par_chunks(CHUNK)
        .enumerate()
        .filter_map(|(c, part)| part.iter().position(|&x| bad(x)).map(|i| c * CHUNK + i))
        .min()
}

/// Input chunks for the partition passes: a few per thread, for balance.
fn chunk_len(n: usize) -> usize {
    n.div_ceil(4 * rayon::current_num_threads())
        .clamp(1 << 14, 1 << 30)
}

/// What the tests of the sweep share.
#[cfg(test)]
pub(crate) mod testing {
    /// A small deterministic generator (an LCG) for test data.
    pub(crate) struct Lcg(pub(crate) u64);
    impl Lcg {
        /// The next 31 bits.
        pub(crate) fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::Metric;

    /// The obvious O(n * m) sweep.
    fn oracle(scores: &[f64], labels: &[u8]) -> (Vec<f64>, Vec<u64>, Vec<u64>) {
        let mut th: Vec<f64> = scores.iter().map(|s| s + 0.0).collect();
        th.sort_by(|a, b| b.partial_cmp(a).unwrap());
        th.dedup();
        let tp = th
            .iter()
            .map(|&t| {
                scores
                    .iter()
                    .zip(labels)
                    .filter(|(&s, &l)| s >= t && l != 0)
                    .count() as u64
            })
            .collect();
        let fp = th
            .iter()
            .map(|&t| {
                scores
                    .iter()
                    .zip(labels)
                    .filter(|(&s, &l)| s >= t && l == 0)
                    .count() as u64
            })
            .collect();
        (th, tp, fp)
    }

    pub(crate) use crate::sweep::testing::Lcg;

    #[test]
    fn keys_order_scores_descending() {
        let xs = [f64::MIN, -3.5, -1e-300, -0.0, 0.0, 1e-300, 2.0, f64::MAX];
        for w in xs.windows(2) {
            if w[0] == w[1] {
                assert_eq!(w[0].key(), w[1].key());
            } else {
                assert!(w[0].key() > w[1].key(), "{w:?}");
            }
            assert_eq!(f64::from_bits(f64::bits_from_key(w[1].key())), w[1]);
        }
        assert_eq!(f32::from_bits(f32::bits_from_key((-2.5f32).key())), -2.5);
    }

    #[test]
    fn matches_the_oracle_with_ties_and_is_thread_count_independent() {
        let mut rng = Lcg(7);
        for n in [1usize, 2, 5, 50, 3000, 200_000] {
            let scores: Vec<f64> = (0..n)
                .map(|_| (rng.next() % 97) as f64 / 8.0 - 6.0)
                .collect();
            let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 3 == 0) as u8).collect();
            let s = sweep_unweighted::<f64, u32>(&scores, &labels).unwrap();
            if n <= 3000 {
                let (th, tp, fp) = oracle(&scores, &labels);
                assert_eq!(s.thresholds, th);
                assert_eq!(s.tp.iter().map(|&x| x as u64).collect::<Vec<_>>(), tp);
                assert_eq!(s.fp.iter().map(|&x| x as u64).collect::<Vec<_>>(), fp);
            }
            // Invariants.
            assert!(s.tp.windows(2).all(|w| w[0] <= w[1]) && s.fp.windows(2).all(|w| w[0] <= w[1]));
            assert_eq!(*s.tp.last().unwrap(), s.n_pos);
            assert_eq!(s.n_pos + s.n_neg, n as u32);
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let s1 = one.install(|| sweep_unweighted::<f64, u32>(&scores, &labels).unwrap());
            assert_eq!(
                (s1.thresholds, s1.tp, s1.fp),
                (s.thresholds.clone(), s.tp.clone(), s.fp.clone())
            );
            // Weighted with unit weights gives the same counts.
            let w = sweep_weighted(&scores, &labels, &vec![1.0; n]).unwrap();
            assert_eq!(w.thresholds, s.thresholds);
            assert!(w.tp.iter().zip(&s.tp).all(|(a, &b)| *a == b as f64));
        }
    }

    #[test]
    fn auc_matches_pairwise_count() {
        let mut rng = Lcg(3);
        let n = 400;
        let scores: Vec<f64> = (0..n).map(|_| (rng.next() % 31) as f64).collect();
        let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 4 == 0) as u8).collect();
        let s = sweep_unweighted::<f64, u64>(&scores, &labels).unwrap();
        let auc = roc_auc(&s.tp, &s.fp, s.n_pos, s.n_neg).unwrap();
        let (mut wins, mut pairs) = (0.0, 0.0);
        for i in 0..n {
            for j in 0..n {
                if labels[i] != 0 && labels[j] == 0 {
                    pairs += 1.0;
                    wins += if scores[i] > scores[j] {
                        1.0
                    } else if scores[i] == scores[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        assert!((auc - wins / pairs).abs() < 1e-15);
    }

    #[test]
    fn errors_name_the_problem() {
        let e = sweep_unweighted::<f64, u32>(&[0.1, f64::NAN], &[0, 1])
            .unwrap_err()
            .to_string();
        assert!(e.contains("y_score") && e.contains("index 1"), "{e}");
        assert!(sweep_unweighted::<f64, u32>(&[], &[]).is_err());
        assert!(sweep_unweighted::<f64, u32>(&[0.1], &[0, 1]).is_err());
        let e = sweep_weighted(&[0.1, 0.2], &[0, 1], &[1.0, -1.0])
            .unwrap_err()
            .to_string();
        assert!(e.contains("sample_weight") && e.contains("-1"), "{e}");
    }

    #[test]
    fn best_breaks_ties_towards_the_highest_threshold() {
        // Curve where accuracy ties at indices 1 and 2.
        let tp = [1u64, 1, 2];
        let fp = [1u64, 1, 2];
        let b = best(&Metric::Accuracy, &[], &tp, &fp, 2, 2)
            .unwrap()
            .unwrap();
        assert_eq!(b.0, 0);
        let c = [Constraint {
            metric: Metric::Recall,
            bound: 1.0,
        }];
        assert_eq!(
            best(&Metric::Precision, &c, &tp, &fp, 2, 2)
                .unwrap()
                .unwrap()
                .0,
            2
        );
    }
}
