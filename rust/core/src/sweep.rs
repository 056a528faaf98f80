//! Exact threshold sweeps: the confusion counts at every distinct score.
//!
//! A sample is predicted positive when `score >= threshold`; thresholds are
//! the distinct scores in descending order. Every curve and score of the
//! package (metrics along the curve, best thresholds, ROC-AUC, average
//! precision, scikit-learn's curves) is derived from this one kernel.
//!
//! **Sorting.** Each score becomes an integer key whose ascending order is the
//! descending order of the scores (with -0.0 folded onto +0.0). The keys are
//! spread by a radix partition ([`crate::partition`]) into buckets of
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

use rayon::prelude::*;

use crate::error::{try_zeroed, Error, Result};
use crate::metric::{Confusion, Metric};
use crate::partition::{
    count_digits, count_digits_split, pieces, sort_bucket, split_lengths, RadixKey,
};

/// A score type: `f32` or `f64`.
pub trait Score:
    Copy + Default + Send + Sync + bytemuck::Pod + std::fmt::Display + Into<f64>
{
    /// An unsigned integer of the same width.
    type Key: RadixKey + bytemuck::Pod;
    fn is_finite(self) -> bool;
    /// The sort key: ascending keys are descending scores; -0.0 and +0.0
    /// share one key. Only meaningful for finite scores.
    fn key(self) -> Self::Key;
    /// The bit pattern of the score whose key is `key`.
    fn bits_from_key(key: Self::Key) -> Self::Key;
    /// The score whose key, widened to 64 bits, is `key`.
    fn from_key_u64(key: u64) -> Self;
}

macro_rules! score_impl {
    ($float:ty, $uint:ty) => {
        impl Score for $float {
            type Key = $uint;
            #[inline]
            fn is_finite(self) -> bool {
                <$float>::is_finite(self)
            }
            #[inline]
            fn key(self) -> $uint {
                const SIGN: $uint = 1 << (<$uint>::BITS - 1);
                // Adding +0.0 turns -0.0 into +0.0 and changes nothing else.
                let bits = (self + 0.0).to_bits();
                let ascending = if bits & SIGN != 0 { !bits } else { bits | SIGN };
                !ascending
            }
            #[inline]
            fn from_key_u64(key: u64) -> Self {
                <$float>::from_bits(Self::bits_from_key(key as $uint))
            }
            #[inline]
            fn bits_from_key(key: $uint) -> $uint {
                const SIGN: $uint = 1 << (<$uint>::BITS - 1);
                let ascending = !key;
                if ascending & SIGN != 0 {
                    ascending & !SIGN
                } else {
                    !ascending
                }
            }
        }
    };
}
score_impl!(f64, u64);
score_impl!(f32, u32);

/// A count type: `u32` or `u64` for counts of samples, `f64` for sums of weights.
pub trait Count: Copy + Send + Sync + Default + PartialOrd + bytemuck::Pod {
    fn from_u64(x: u64) -> Self;
    /// From a total passed as a float (exact below 2^53).
    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
    /// The confusion matrix at a point of the curve; `det` is computed only
    /// when `need_det` (it costs 128-bit products for integer counts).
    fn confusion(tp: Self, fp: Self, n_pos: Self, n_neg: Self, need_det: bool) -> Confusion<f64>;
}

impl Count for u32 {
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
    fn confusion(tp: u32, fp: u32, n_pos: u32, n_neg: u32, need_det: bool) -> Confusion<f64> {
        u64::confusion(tp as u64, fp as u64, n_pos as u64, n_neg as u64, need_det)
    }
}

impl Count for u64 {
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
    pub n_pos: C,
    pub n_neg: C,
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

fn non_finite<S: Score>(scores: &[S], i: usize) -> Error {
    Error::invalid(
        "y_score",
        format!("{} at index {i}", crate::error::show(scores[i].into())),
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

/// The sweep of unweighted samples. `labels[i] != 0` marks a positive.
/// `C` must hold `scores.len()` (the binding picks `u32` when it does).
pub fn sweep_unweighted<S: Score, C: Count>(scores: &[S], labels: &[u8]) -> Result<Sweep<S, C>> {
    let n = scores.len();
    check_lengths(n, &[("y_true", labels.len())])?;
    let len = chunk_len(n);
    let chunks = n.div_ceil(len);
    let range = |c: usize| c * len..((c + 1) * len).min(n);

    // Pass 1: finiteness, key range, positives.
    let stats: Vec<(Option<usize>, u64, u64, usize)> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let r = range(c);
            let (mut lo, mut hi, mut pos) = (u64::MAX, 0u64, 0usize);
            for (i, (s, &l)) in scores[r.clone()].iter().zip(&labels[r.clone()]).enumerate() {
                if !s.is_finite() {
                    return (Some(r.start + i), lo, hi, pos);
                }
                let k = s.key().to_u64();
                lo = lo.min(k);
                hi = hi.max(k);
                pos += (l != 0) as usize;
            }
            (None, lo, hi, pos)
        })
        .collect();
    if let Some(i) = stats.iter().find_map(|s| s.0) {
        return Err(non_finite(scores, i));
    }
    let min = stats.iter().map(|s| s.1).min().unwrap_or(0);
    let max = stats.iter().map(|s| s.2).max().unwrap_or(0);
    let n_pos: usize = stats.iter().map(|s| s.3).sum();

    // Pass 2: digit counts of all keys and of the positives' keys; buckets.
    let (all, pos) = count_digits_split(chunks, min, max, |c| {
        let r = range(c);
        scores[r.clone()]
            .iter()
            .zip(&labels[r])
            .map(|(s, &l)| (s.key().to_u64(), l != 0))
    });
    let splitter = all.splitter();
    let nb = splitter.buckets();
    let all_counts = all.bucket_counts(&splitter);
    let pos_counts = pos.bucket_counts(&splitter);

    // Pass 3: scatter the keys (all, and the positives apart) into buckets.
    let mut keys: Vec<S::Key> = try_zeroed("the sort keys", n)?;
    let mut pos_keys: Vec<S::Key> = try_zeroed("the sort keys", n_pos)?;
    let starts;
    let pos_starts;
    {
        let (all_pieces, s1) = pieces(&mut keys, &all_counts, nb);
        let (pos_pieces, s2) = pieces(&mut pos_keys, &pos_counts, nb);
        starts = s1;
        pos_starts = s2;
        all_pieces
            .into_par_iter()
            .zip(pos_pieces)
            .enumerate()
            .for_each(|(c, (mut all_out, mut pos_out))| {
                let r = range(c);
                let mut at = vec![0usize; nb];
                let mut pos_at = vec![0usize; nb];
                for (s, &l) in scores[r.clone()].iter().zip(&labels[r]) {
                    let k = s.key();
                    let b = splitter.bucket(k.to_u64());
                    all_out[b][at[b]] = k;
                    at[b] += 1;
                    if l != 0 {
                        pos_out[b][pos_at[b]] = k;
                        pos_at[b] += 1;
                    }
                }
            });
    }

    // Per bucket, in cache: sort, then count runs; thresholds go in place to
    // the front of the bucket, counts to the same positions of tp and fp.
    let mut tp: Vec<C> = try_zeroed("the true-positive counts", n)?;
    let mut fp: Vec<C> = try_zeroed("the false-positive counts", n)?;
    let sizes = |st: &[usize]| st.windows(2).map(|w| w[1] - w[0]).collect::<Vec<_>>();
    let distinct: Vec<usize> = split_lengths(&mut keys, sizes(&starts).into_iter())
        .into_par_iter()
        .zip(split_lengths(&mut pos_keys, sizes(&pos_starts).into_iter()))
        .zip(split_lengths(&mut tp, sizes(&starts).into_iter()))
        .zip(split_lengths(&mut fp, sizes(&starts).into_iter()))
        .enumerate()
        .map_init(Vec::new, |scratch, (b, (((ks, ps), tps), fps))| {
            sort_bucket(ks, scratch);
            ps.sort_unstable();
            let (mut t, mut f) = (pos_starts[b] as u64, (starts[b] - pos_starts[b]) as u64);
            let (mut j, mut pj, mut out) = (0, 0, 0);
            while j < ks.len() {
                let k = ks[j];
                let mut run = 1;
                while j + run < ks.len() && ks[j + run] == k {
                    run += 1;
                }
                let mut p = 0;
                while pj < ps.len() && ps[pj] == k {
                    pj += 1;
                    p += 1;
                }
                t += p as u64;
                f += (run - p) as u64;
                tps[out] = C::from_u64(t);
                fps[out] = C::from_u64(f);
                ks[out] = S::bits_from_key(k);
                out += 1;
                j += run;
            }
            out
        })
        .collect();

    // Close the gaps left by ties: each array moves its buckets down in
    // order (a move never overwrites what a later bucket still has to move);
    // the three arrays move in parallel.
    fn close_gaps<T: Copy + Send>(v: &mut [T], starts: &[usize], distinct: &[usize]) -> usize {
        let mut at = 0;
        for (&s, &d) in starts.iter().zip(distinct) {
            if s != at {
                v.copy_within(s..s + d, at);
            }
            at += d;
        }
        at
    }
    let (m, _) = rayon::join(
        || close_gaps(&mut keys, &starts, &distinct),
        || {
            rayon::join(
                || close_gaps(&mut tp, &starts, &distinct),
                || close_gaps(&mut fp, &starts, &distinct),
            )
        },
    );
    for v in [&mut tp, &mut fp] {
        v.truncate(m);
    }
    keys.truncate(m);
    if m < n / 2 {
        // Many ties: give the unused memory back.
        keys.shrink_to_fit();
        tp.shrink_to_fit();
        fp.shrink_to_fit();
    }
    let thresholds: Vec<S> = bytemuck::allocation::cast_vec(keys);
    Ok(Sweep {
        thresholds,
        tp,
        fp,
        n_pos: C::from_u64(n_pos as u64),
        n_neg: C::from_u64((n - n_pos) as u64),
    })
}

/// The sweep of weighted samples: `tp` and `fp` are summed weights.
pub fn sweep_weighted<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: &[f64],
) -> Result<Sweep<S, f64>> {
    let n = scores.len();
    check_lengths(
        n,
        &[("y_true", labels.len()), ("sample_weight", weights.len())],
    )?;
    if let Some(i) = first_where(scores, |s| !s.is_finite()) {
        return Err(non_finite(scores, i));
    }
    if let Some(i) = first_where(weights, |w| !(w.is_finite() && w >= 0.0)) {
        return Err(Error::invalid(
            "sample_weight",
            format!("{} at index {i}", crate::error::show(weights[i])),
            "weights must be finite and >= 0",
        ));
    }
    let len = chunk_len(n);
    let chunks = n.div_ceil(len);
    let range = |c: usize| c * len..((c + 1) * len).min(n);
    // Samples of zero weight are dropped, as scikit-learn does.
    let kept = |c: usize| {
        let r = range(c);
        scores[r.clone()]
            .iter()
            .zip(&labels[r.clone()])
            .zip(&weights[r])
            .filter(|(_, &w)| w > 0.0)
    };
    let stats: Vec<(u64, u64, usize)> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            kept(c).fold((u64::MAX, 0, 0), |(lo, hi, m), ((s, _), _)| {
                let k = s.key().to_u64();
                (lo.min(k), hi.max(k), m + 1)
            })
        })
        .collect();
    let n_kept: usize = stats.iter().map(|s| s.2).sum();
    if n_kept == 0 {
        return Err(Error::invalid(
            "sample_weight",
            "all zeros",
            "at least one weight must be > 0",
        ));
    }
    let min = stats.iter().map(|s| s.0).min().unwrap_or(0);
    let max = stats.iter().map(|s| s.1).max().unwrap_or(0);
    let digits = count_digits(chunks, min, max, |c| {
        kept(c).map(|((s, _), _)| s.key().to_u64())
    });
    let splitter = digits.splitter();
    let nb = splitter.buckets();
    let counts = digits.bucket_counts(&splitter);

    // One u128 per sample: the key above the bits of the weight, which
    // carries the label as its sign. Sorting these integers orders by key,
    // and within a key by a fixed order of the weights, so that the order of
    // summation (and so every rounding) depends on the data only.
    let mut pairs: Vec<u128> = try_zeroed("the sort keys", n_kept)?;
    let (piece_lists, starts) = pieces(&mut pairs, &counts, nb);
    piece_lists
        .into_par_iter()
        .enumerate()
        .for_each(|(c, mut out)| {
            let mut at = vec![0usize; nb];
            for ((s, &l), &w) in kept(c) {
                let k = s.key();
                let b = splitter.bucket(k.to_u64());
                let signed = if l != 0 { w } else { -w };
                out[b][at[b]] = ((k.to_u64() as u128) << 64) | signed.to_bits() as u128;
                at[b] += 1;
            }
        });
    let sizes: Vec<usize> = starts.windows(2).map(|w| w[1] - w[0]).collect();

    let key_of = |x: u128| (x >> 64) as u64;
    let weight_of = |x: u128| f64::from_bits(x as u64);
    // Per bucket: sort, count runs and sum.
    let totals: Vec<(usize, f64, f64)> = split_lengths(&mut pairs, sizes.iter().copied())
        .into_par_iter()
        .map(|part| {
            part.sort_unstable();
            let distinct = if part.is_empty() {
                0
            } else {
                1 + part
                    .windows(2)
                    .filter(|p| key_of(p[0]) != key_of(p[1]))
                    .count()
            };
            let (mut t, mut f) = (0.0, 0.0);
            for w in part.iter().map(|&x| weight_of(x)) {
                if w > 0.0 {
                    t += w;
                } else {
                    f -= w;
                }
            }
            (distinct, t, f)
        })
        .collect();
    let m: usize = totals.iter().map(|t| t.0).sum();
    // Offsets: bucket sums added in order. Local sums start from zero and the
    // offset is added last, so the last value of a bucket equals the next
    // bucket's offset exactly and the sums never decrease.
    let mut offsets = Vec::with_capacity(nb);
    let (mut t0, mut f0, mut o0) = (0.0, 0.0, 0usize);
    for &(d, t, f) in &totals {
        offsets.push((t0, f0, o0));
        t0 += t;
        f0 += f;
        o0 += d;
    }
    let mut thresholds: Vec<S> = try_zeroed("the thresholds", m)?;
    let mut tp: Vec<f64> = try_zeroed("the true-positive sums", m)?;
    let mut fp: Vec<f64> = try_zeroed("the false-positive sums", m)?;
    let out_sizes: Vec<usize> = totals.iter().map(|t| t.0).collect();
    split_lengths(&mut thresholds, out_sizes.iter().copied())
        .into_par_iter()
        .zip(split_lengths(&mut tp, out_sizes.iter().copied()))
        .zip(split_lengths(&mut fp, out_sizes.iter().copied()))
        .zip(split_lengths(&mut pairs, sizes.iter().copied()))
        .zip(offsets.par_iter())
        .for_each(|((((ths, tps), fps), part), &(t0, f0, _))| {
            let (mut t, mut f) = (0.0, 0.0);
            let (mut j, mut out) = (0, 0);
            while j < part.len() {
                let k = key_of(part[j]);
                while j < part.len() && key_of(part[j]) == k {
                    let w = weight_of(part[j]);
                    if w > 0.0 {
                        t += w;
                    } else {
                        f -= w;
                    }
                    j += 1;
                }
                ths[out] = S::from_key_u64(k);
                tps[out] = t0 + t;
                fps[out] = f0 + f;
                out += 1;
            }
        });
    let (n_pos, n_neg) = (tp[m - 1], fp[m - 1]);
    Ok(Sweep {
        thresholds,
        tp,
        fp,
        n_pos,
        n_neg,
    })
}

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
    let mut out = try_zeroed("the metric curve", tp.len())?;
    let need_det = metric.needs_det();
    out.par_iter_mut()
        .zip(tp.par_iter().zip(fp.par_iter()))
        .for_each(|(o, (&t, &f))| *o = metric.eval(&C::confusion(t, f, n_pos, n_neg, need_det)));
    Ok(out)
}

/// A bound on a metric for a constrained choice: at least `bound` for a metric
/// where higher is better, at most `bound` otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    pub metric: Metric,
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
    let sign = if metric.higher_is_better() { 1.0 } else { -1.0 };
    let need_det = metric.needs_det() || constraints.iter().any(|c| c.metric.needs_det());
    // The signed metric at point i, if it is a candidate.
    let score = |i: usize| {
        let conf = C::confusion(tp[i], fp[i], n_pos, n_neg, need_det);
        let v = metric.eval(&conf);
        if v.is_nan() || !constraints.iter().all(|k| k.holds(&conf)) {
            None
        } else {
            Some(sign * v)
        }
    };
    const CHUNK: usize = 1 << 14;
    let n = tp.len();
    let chunk = |c: usize| c * CHUNK..((c + 1) * CHUNK).min(n);
    // Pass 1: the best of each chunk (a max, so the order does not matter).
    let maxima: Vec<Option<f64>> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            if constraints.is_empty() {
                // The common case, in a loop the compiler can vectorize.
                let m = crate::metric::max_each(metric, sign, chunk(c), |i| {
                    C::confusion(tp[i], fp[i], n_pos, n_neg, need_det)
                });
                (m > f64::NEG_INFINITY).then_some(m)
            } else {
                chunk(c).filter_map(score).reduce(f64::max)
            }
        })
        .collect();
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
    Ok(found)
}

/// Sums `f(i)` over `0..n` in fixed chunks, then the chunk sums in order:
/// the rounding does not depend on the number of threads.
fn deterministic_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    const CHUNK: usize = 1 << 14;
    let parts: Vec<f64> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| (c * CHUNK..((c + 1) * CHUNK).min(n)).map(&f).sum())
        .collect();
    parts.iter().sum()
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
    });
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
    });
    Ok((s / np).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

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
