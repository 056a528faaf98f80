//! Exact threshold sweeps: the confusion counts at every distinct score.
//!
//! A sample is predicted positive when `score >= threshold`; thresholds are
//! the distinct scores in descending order. Every curve and score of the
//! package (metrics along the curve, best thresholds, ROC-AUC, average
//! precision, scikit-learn's curves) is derived from this one kernel.
//!
//! **Unweighted.** Each score becomes an integer key whose ascending order is
//! the descending order of the scores (with -0.0 folded onto +0.0). The keys of
//! all samples and, separately, the keys of the positives are sorted (keys
//! only: no key-value sort); one scan over runs of equal keys then counts, at
//! each distinct threshold, how many samples and how many positives have a
//! score at least that high. The sorted key array is reused in place for the
//! thresholds. Counts accumulate in `u64` and are stored in the narrowest
//! exact type the caller picks (`u32` below 2^32 samples).
//!
//! **Weighted.** Samples of zero weight are dropped (as scikit-learn does);
//! the label is carried as the sign of the weight, pairs are sorted by key and
//! then by weight (so that the order of summation, and hence every rounding,
//! is the same whatever the number of threads), and the scan accumulates
//! float64 sums over chunks whose boundaries depend only on the data.

use rayon::prelude::*;

use crate::error::{try_zeroed, Error, Result};
use crate::metric::{Confusion, Metric};

/// A score type: `f32` or `f64`.
pub trait Score: Copy + Default + Send + Sync + bytemuck::Pod + std::fmt::Display {
    /// An unsigned integer of the same width.
    type Key: Copy + Ord + Send + Sync + Default + bytemuck::Pod + std::fmt::Debug;
    fn is_finite(self) -> bool;
    /// The sort key: ascending keys are descending scores; -0.0 and +0.0
    /// share one key. Only meaningful for finite scores.
    fn key(self) -> Self::Key;
    /// The bit pattern of the score whose key is `key`.
    fn bits_from_key(key: Self::Key) -> Self::Key;
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
    /// The confusion matrix at a point of the curve.
    fn confusion(tp: Self, fp: Self, n_pos: Self, n_neg: Self) -> Confusion<f64>;
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
    fn confusion(tp: u32, fp: u32, n_pos: u32, n_neg: u32) -> Confusion<f64> {
        Confusion::from_counts(
            tp as u64,
            fp as u64,
            (n_pos - tp) as u64,
            (n_neg - fp) as u64,
        )
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
    fn confusion(tp: u64, fp: u64, n_pos: u64, n_neg: u64) -> Confusion<f64> {
        Confusion::from_counts(tp, fp, n_pos - tp, n_neg - fp)
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
    fn confusion(tp: f64, fp: f64, n_pos: f64, n_neg: f64) -> Confusion<f64> {
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

/// Checks lengths, emptiness and finiteness of the scores.
fn check_scores<S: Score>(scores: &[S], other: &[(&str, usize)]) -> Result<()> {
    if scores.is_empty() {
        return Err(Error::invalid(
            "y_score",
            "an empty array",
            "give at least one sample",
        ));
    }
    for &(name, len) in other {
        if len != scores.len() {
            return Err(Error::invalid(
                name,
                format!("length {len}"),
                format!(
                    "{name} must have the same length as y_score ({})",
                    scores.len()
                ),
            ));
        }
    }
    if let Some(i) = scores.par_iter().position_first(|s| !s.is_finite()) {
        return Err(Error::invalid(
            "y_score",
            format!("{} at index {i}", scores[i]),
            "scores must be finite (no NaN or infinity)",
        ));
    }
    Ok(())
}

/// Splits `0..n` into about `parts` chunks that start where a run of equal
/// keys starts, so that no run is shared by two chunks.
fn run_aligned_bounds<K: PartialEq>(keys: &[K], parts: usize, min_len: usize) -> Vec<usize> {
    let n = keys.len();
    let step = (n / parts.max(1)).max(min_len).max(1);
    let mut bounds = vec![0];
    let mut next = step;
    while next < n {
        let mut b = next;
        while b < n && keys[b] == keys[b - 1] {
            b += 1;
        }
        if b < n {
            bounds.push(b);
        }
        next = b + step;
    }
    bounds.push(n);
    bounds
}

/// Splits `v` into consecutive mutable pieces of the given lengths.
fn split_lengths<'a, T>(mut v: &'a mut [T], lens: impl Iterator<Item = usize>) -> Vec<&'a mut [T]> {
    let mut out = Vec::new();
    for len in lens {
        let (head, tail) = std::mem::take(&mut v).split_at_mut(len);
        out.push(head);
        v = tail;
    }
    out
}

/// The sweep of unweighted samples. `labels[i] != 0` marks a positive.
/// `C` must hold `scores.len()` (the binding picks `u32` when it does).
pub fn sweep_unweighted<S: Score, C: Count>(scores: &[S], labels: &[u8]) -> Result<Sweep<S, C>> {
    check_scores(scores, &[("y_true", labels.len())])?;
    let n = scores.len();
    let n_pos = labels.par_iter().filter(|&&l| l != 0).count();

    // Keys of every sample, and of the positives alone.
    let mut keys: Vec<S::Key> = Vec::new();
    keys.try_reserve_exact(n).map_err(|_| Error::TooLarge {
        what: "the sort keys".into(),
        elements: n as u128,
    })?;
    scores
        .par_iter()
        .map(|s| s.key())
        .collect_into_vec(&mut keys);
    let mut pos_keys: Vec<S::Key> = Vec::new();
    pos_keys
        .try_reserve_exact(n_pos)
        .map_err(|_| Error::TooLarge {
            what: "the sort keys".into(),
            elements: n_pos as u128,
        })?;
    pos_keys.par_extend(
        scores
            .par_iter()
            .zip(labels.par_iter())
            .filter(|(_, &l)| l != 0)
            .map(|(s, _)| s.key()),
    );

    keys.par_sort_unstable();
    pos_keys.par_sort_unstable();

    // Chunks of the sorted keys that do not split a run; per chunk, the
    // number of distinct keys and the range of positive keys it covers.
    let bounds = run_aligned_bounds(&keys, 8 * rayon::current_num_threads(), 1 << 16);
    let chunks: Vec<(usize, usize, usize, usize, usize)> = bounds
        .par_windows(2)
        .map(|w| {
            let (s, e) = (w[0], w[1]);
            let distinct = 1 + keys[s..e].windows(2).filter(|p| p[0] != p[1]).count();
            let ps = pos_keys.partition_point(|&k| k < keys[s]);
            let pe = if e == n {
                pos_keys.len()
            } else {
                pos_keys.partition_point(|&k| k < keys[e])
            };
            (s, e, distinct, ps, pe)
        })
        .collect();
    let m: usize = chunks.iter().map(|c| c.2).sum();
    let mut tp: Vec<C> = try_zeroed("the true-positive counts", m)?;
    let mut fp: Vec<C> = try_zeroed("the false-positive counts", m)?;

    {
        let key_parts = split_lengths(&mut keys, chunks.iter().map(|c| c.1 - c.0));
        let tp_parts = split_lengths(&mut tp, chunks.iter().map(|c| c.2));
        let fp_parts = split_lengths(&mut fp, chunks.iter().map(|c| c.2));
        let pos_keys = &pos_keys;
        key_parts
            .into_par_iter()
            .zip(tp_parts)
            .zip(fp_parts)
            .zip(chunks.par_iter())
            .for_each(|(((ks, tps), fps), &(s, _, _, ps, pe))| {
                let (mut t, mut f) = (ps as u64, (s - ps) as u64);
                let (mut j, mut pj, mut out) = (0, ps, 0);
                while j < ks.len() {
                    let k = ks[j];
                    let mut run = 1;
                    while j + run < ks.len() && ks[j + run] == k {
                        run += 1;
                    }
                    let mut pos = 0;
                    while pj < pe && pos_keys[pj] == k {
                        pj += 1;
                        pos += 1;
                    }
                    t += pos as u64;
                    f += (run - pos) as u64;
                    tps[out] = C::from_u64(t);
                    fps[out] = C::from_u64(f);
                    // The threshold goes to the front of this chunk's own part.
                    ks[out] = S::bits_from_key(k);
                    out += 1;
                    j += run;
                }
            });
    }
    // Close the gaps between the chunks' thresholds.
    let mut at = 0;
    for &(s, _, d, _, _) in &chunks {
        keys.copy_within(s..s + d, at);
        at += d;
    }
    keys.truncate(m);
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
    check_scores(
        scores,
        &[("y_true", labels.len()), ("sample_weight", weights.len())],
    )?;
    if let Some(i) = weights
        .par_iter()
        .position_first(|w| !(w.is_finite() && *w >= 0.0))
    {
        return Err(Error::invalid(
            "sample_weight",
            format!("{} at index {i}", weights[i]),
            "weights must be finite and >= 0",
        ));
    }
    // (key, weight with the label as its sign); zero weights dropped.
    let mut pairs: Vec<(S::Key, f64)> = scores
        .par_iter()
        .zip(labels.par_iter())
        .zip(weights.par_iter())
        .filter(|(_, &w)| w > 0.0)
        .map(|((s, &l), &w)| (s.key(), if l != 0 { w } else { -w }))
        .collect();
    if pairs.is_empty() {
        return Err(Error::invalid(
            "sample_weight",
            "all zeros",
            "at least one weight must be > 0",
        ));
    }
    pairs.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));

    let keys_equal = |a: &(S::Key, f64), b: &(S::Key, f64)| a.0 == b.0;
    // Fixed-size chunks (moved to run starts): the sums, and so every rounding,
    // do not depend on the number of threads.
    let n = pairs.len();
    let mut bounds = vec![0];
    let mut next = 1usize << 15;
    while next < n {
        let mut b = next;
        while b < n && keys_equal(&pairs[b], &pairs[b - 1]) {
            b += 1;
        }
        if b < n {
            bounds.push(b);
        }
        next = b + (1 << 15);
    }
    bounds.push(n);
    // Per chunk: distinct keys and the local sums.
    let chunks: Vec<(usize, usize, usize, f64, f64)> = bounds
        .par_windows(2)
        .map(|w| {
            let (s, e) = (w[0], w[1]);
            let part = &pairs[s..e];
            let distinct = 1 + part.windows(2).filter(|p| p[0].0 != p[1].0).count();
            let (mut t, mut f) = (0.0, 0.0);
            for &(_, w) in part {
                if w > 0.0 {
                    t += w;
                } else {
                    f -= w;
                }
            }
            (s, e, distinct, t, f)
        })
        .collect();
    let m: usize = chunks.iter().map(|c| c.2).sum();
    let mut offsets = Vec::with_capacity(chunks.len());
    let (mut t0, mut f0) = (0.0, 0.0);
    for c in &chunks {
        offsets.push((t0, f0));
        t0 += c.3;
        f0 += c.4;
    }
    let mut thresholds: Vec<S> = try_zeroed("the thresholds", m)?;
    let mut tp: Vec<f64> = try_zeroed("the true-positive sums", m)?;
    let mut fp: Vec<f64> = try_zeroed("the false-positive sums", m)?;
    {
        let th_parts = split_lengths(&mut thresholds, chunks.iter().map(|c| c.2));
        let tp_parts = split_lengths(&mut tp, chunks.iter().map(|c| c.2));
        let fp_parts = split_lengths(&mut fp, chunks.iter().map(|c| c.2));
        th_parts
            .into_par_iter()
            .zip(tp_parts)
            .zip(fp_parts)
            .zip(chunks.par_iter().zip(offsets.par_iter()))
            .for_each(|(((ths, tps), fps), (&(s, e, _, _, _), &(t0, f0)))| {
                // Local sums from zero, then the offset: the last value of a
                // chunk equals the next chunk's offset exactly, so the sums
                // never decrease from one threshold to the next.
                let (mut t, mut f) = (0.0, 0.0);
                let mut out = 0;
                let part = &pairs[s..e];
                let mut j = 0;
                while j < part.len() {
                    let k = part[j].0;
                    while j < part.len() && part[j].0 == k {
                        let w = part[j].1;
                        if w > 0.0 {
                            t += w;
                        } else {
                            f -= w;
                        }
                        j += 1;
                    }
                    ths[out] = bytemuck::cast(S::bits_from_key(k));
                    tps[out] = t0 + t;
                    fps[out] = f0 + f;
                    out += 1;
                }
            });
    }
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
    out.par_iter_mut()
        .zip(tp.par_iter().zip(fp.par_iter()))
        .for_each(|(o, (&t, &f))| *o = metric.eval(&C::confusion(t, f, n_pos, n_neg)));
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
/// Ties (equal metric values) go to the first point in sweep order, that is
/// the highest threshold: the most conservative of the equally good choices.
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
    const CHUNK: usize = 1 << 14;
    let better = |a: Option<(usize, f64)>, b: Option<(usize, f64)>| match (a, b) {
        (None, x) | (x, None) => x,
        (Some(x), Some(y)) => {
            if sign * y.1 > sign * x.1 || (y.1 == x.1 && y.0 < x.0) {
                Some(y)
            } else {
                Some(x)
            }
        }
    };
    let found = tp
        .par_chunks(CHUNK)
        .zip(fp.par_chunks(CHUNK))
        .enumerate()
        .map(|(c, (tps, fps))| {
            let mut local: Option<(usize, f64)> = None;
            for (i, (&t, &f)) in tps.iter().zip(fps).enumerate() {
                let conf = C::confusion(t, f, n_pos, n_neg);
                let v = metric.eval(&conf);
                if v.is_nan() || !constraints.iter().all(|k| k.holds(&conf)) {
                    continue;
                }
                if local.is_none_or(|(_, b)| sign * v > sign * b) {
                    local = Some((c * CHUNK + i, v));
                }
            }
            local
        })
        .reduce(|| None, better);
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
    // Twice the area in count units: each term is an integer for counts, so
    // the sum is exact below 2^53 (n_pos * n_neg < 2^52).
    let twice = deterministic_sum(tp.len(), |i| {
        let (t0, f0) = if i == 0 {
            (0.0, 0.0)
        } else {
            (tp[i - 1].to_f64(), fp[i - 1].to_f64())
        };
        (fp[i].to_f64() - f0) * (tp[i].to_f64() + t0)
    });
    Ok(twice / (2.0 * np * nn))
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
