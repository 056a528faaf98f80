//! The sweep of weighted samples: one sort of (key, weight) pairs.

use rayon::prelude::*;

use super::partition::{count_digits, pieces, split_lengths};
use super::{
    changed_while_read, check_lengths, chunk_len, first_where, ldexp, non_finite, Score, Sweep,
};
use crate::alloc::try_zeroed;
use crate::error::{Error, Result};
use crate::sweep::partition::RadixKey;

/// The sweep of weighted samples: `tp` and `fp` are summed weights.
pub fn sweep_weighted<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: &[f64],
) -> Result<Sweep<S, f64>> {
    weighted_scan(scores, labels, weights, true)?.ok_or_else(|| {
        Error::invalid(
            "sample_weight",
            "all zeros",
            "at least one weight must be > 0",
        )
    })
}

/// The distinct scores of weighted samples with the summed weight of the
/// positives and of the negatives at each: `tp` and `fp` of the result hold
/// per-score sums, not cumulative ones. `None` when every weight is zero.
pub(crate) fn weighted_state<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: &[f64],
) -> Result<Option<Sweep<S, f64>>> {
    weighted_scan(scores, labels, weights, false)
}

/// The weighted sweep: cumulative sums when `cumulative`, else per-score
/// sums; `None` when every weight is zero.
fn weighted_scan<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: &[f64],
    cumulative: bool,
) -> Result<Option<Sweep<S, f64>>> {
    let input = WeightedInput::check(scores, labels, weights)?;
    let n_kept = input.n_kept;
    if n_kept == 0 {
        return Ok(None);
    }
    // Weights so large that their sum could overflow, or so small that it
    // would lose digits, are summed in units of 2^scale (a power of two:
    // exact). Every ratio of the sums is unchanged.
    let max_weight = weights.par_iter().copied().reduce(|| 0.0, f64::max);
    let scale = weight_scale(max_weight, n_kept);
    crate::interrupt::check()?;
    // One u128 per sample: the key above the bits of the weight, which
    // carries the label as its sign. Sorting these integers orders by key,
    // and within a key by a fixed order of the weights, so that the order of
    // summation (and so every rounding) depends on the data only.
    let (mut pairs, starts) = input.partition(scale)?;
    let nb = starts.len() - 1;
    let sizes: Vec<usize> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    crate::interrupt::check()?;

    let key_of = |x: u128| (x >> 64) as u64;
    let weight_of = |x: u128| f64::from_bits(x as u64);
    // Per bucket: sort, count runs and sum.
    let totals: Vec<(usize, f64, f64)> = split_lengths(&mut pairs, sizes.iter().copied())
        .into_par_iter()
        .map(|part| {
            if crate::interrupt::requested() {
                return (0, 0.0, 0.0);
            }
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
    crate::interrupt::check()?;
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
    // The same from the other end, for the complements (what scores below).
    let mut below = vec![(0.0, 0.0); nb];
    let (mut t1, mut f1) = (0.0, 0.0);
    for (b, &(_, t, f)) in totals.iter().enumerate().rev() {
        below[b] = (t1, f1);
        t1 += t;
        f1 += f;
    }
    let mut thresholds: Vec<S> = try_zeroed("the thresholds", m)?;
    let mut tp: Vec<f64> = try_zeroed("the true-positive sums", m)?;
    let mut fp: Vec<f64> = try_zeroed("the false-positive sums", m)?;
    let (mut fns, mut tns) = if cumulative {
        (
            try_zeroed::<f64>("the false-negative sums", m)?,
            try_zeroed::<f64>("the true-negative sums", m)?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let out_sizes: Vec<usize> = totals.iter().map(|t| t.0).collect();
    let complement_sizes = out_sizes.iter().map(|&d| if cumulative { d } else { 0 });
    split_lengths(&mut thresholds, out_sizes.iter().copied())
        .into_par_iter()
        .zip(split_lengths(&mut tp, out_sizes.iter().copied()))
        .zip(split_lengths(&mut fp, out_sizes.iter().copied()))
        .zip(split_lengths(&mut fns, complement_sizes.clone()))
        .zip(split_lengths(&mut tns, complement_sizes))
        .zip(split_lengths(&mut pairs, sizes.iter().copied()))
        .zip(offsets.par_iter().zip(below.par_iter()))
        .for_each(
            |((((((ths, tps), fps), fnb), tnb), part), (&(t0, f0, _), &(t1, f1)))| {
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
                    if cumulative {
                        tps[out] = t0 + t;
                        fps[out] = f0 + f;
                    } else {
                        (tps[out], fps[out]) = (t, f);
                        (t, f) = (0.0, 0.0);
                    }
                    out += 1;
                }
                if cumulative {
                    // From the bucket's end: what scores strictly lower.
                    let (mut t, mut f) = (0.0, 0.0);
                    let mut j = part.len();
                    while j > 0 {
                        out -= 1;
                        fnb[out] = t1 + t;
                        tnb[out] = f1 + f;
                        let k = key_of(part[j - 1]);
                        while j > 0 && key_of(part[j - 1]) == k {
                            let w = weight_of(part[j - 1]);
                            if w > 0.0 {
                                t += w;
                            } else {
                                f -= w;
                            }
                            j -= 1;
                        }
                    }
                }
            },
        );
    let (n_pos, n_neg) = if cumulative {
        (tp[m - 1], fp[m - 1])
    } else {
        (t0, f0)
    };
    Ok(Some(Sweep {
        thresholds,
        tp,
        fp,
        complement: cumulative.then_some([fns, tns]),
        n_pos,
        n_neg,
        scale,
    }))
}

/// The power of two in whose units weights up to `max_weight` are summed
/// (`n` of them): 0 unless the sum could exceed 2^500 or the weights lie
/// below 2^-500. Within that window the products of two sums that the
/// metric formulas form (MCC, kappa) neither overflow nor underflow.
pub(crate) fn weight_scale(max_weight: f64, n: usize) -> i32 {
    if !(max_weight > 0.0 && max_weight.is_finite()) {
        return 0;
    }
    let top = max_weight.log2() + (n.max(1) as f64).log2();
    if top > 500.0 {
        (top - 500.0).ceil() as i32
    } else if max_weight.log2() < -500.0 {
        max_weight.log2().floor() as i32
    } else {
        0
    }
}

/// Weighted input, checked, cut into the chunks both weighted sweeps read,
/// with what a first pass over the samples of non-zero weight finds.
pub(super) struct WeightedInput<'a, S> {
    scores: &'a [S],
    labels: &'a [u8],
    weights: &'a [f64],
    len: usize,
    /// The number of chunks.
    pub(super) chunks: usize,
    /// Samples of non-zero weight.
    pub(super) n_kept: usize,
    /// The smallest and largest key among them.
    pub(super) min: u64,
    pub(super) max: u64,
}

impl<'a, S: Score> WeightedInput<'a, S> {
    /// Checks lengths, finite scores and finite weights >= 0, then finds the
    /// samples kept and their key range.
    pub(super) fn check(scores: &'a [S], labels: &'a [u8], weights: &'a [f64]) -> Result<Self> {
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
                format!("{} at index {i}", crate::num::show(weights[i])),
                "weights must be finite and >= 0",
            ));
        }
        let len = chunk_len(n);
        let mut input = WeightedInput {
            scores,
            labels,
            weights,
            len,
            chunks: n.div_ceil(len),
            n_kept: 0,
            min: 0,
            max: 0,
        };
        let stats: Vec<(u64, u64, usize)> = (0..input.chunks)
            .into_par_iter()
            .map(|c| {
                input
                    .kept(c)
                    .fold((u64::MAX, 0, 0), |(lo, hi, m), ((s, _), _)| {
                        let k = s.key().to_u64();
                        (lo.min(k), hi.max(k), m + 1)
                    })
            })
            .collect();
        input.n_kept = stats.iter().map(|s| s.2).sum();
        input.min = stats.iter().map(|s| s.0).min().unwrap_or(0);
        input.max = stats.iter().map(|s| s.1).max().unwrap_or(0);
        Ok(input)
    }

    /// The samples of non-zero weight as one `u128` each, the key above the
    /// bits of the weight times `2^-scale` with the label as its sign,
    /// spread into buckets of consecutive keys (each in input order), and
    /// the buckets' starts. The input is read again here: every write is
    /// checked against what the first pass found and the input refused
    /// unless every bucket is filled exactly (another thread may have
    /// written to it since it was checked).
    pub(super) fn partition(&self, scale: i32) -> Result<(Vec<u128>, Vec<usize>)> {
        let digits = count_digits(self.chunks, self.min, self.max, |c| {
            self.kept(c).map(|((s, _), _)| s.key().to_u64())
        });
        crate::interrupt::check()?; // a stopped count is incomplete
        let splitter = digits.splitter();
        let nb = splitter.buckets();
        let counts = digits.bucket_counts(&splitter);
        let mut items: Vec<u128> = try_zeroed("the sort keys", self.n_kept)?;
        let Some((piece_lists, starts)) = pieces(&mut items, &counts, nb) else {
            return Err(changed_while_read());
        };
        let consistent = piece_lists.into_par_iter().enumerate().all(|(c, mut out)| {
            let mut at = vec![0usize; nb];
            for ((s, &l), &w) in self.kept(c) {
                let k = s.key();
                let Some(b) = splitter
                    .bucket(k.to_u64())
                    .filter(|_| s.is_finite() && w.is_finite())
                else {
                    return false;
                };
                let Some(slot) = out[b].get_mut(at[b]) else {
                    return false;
                };
                // Two steps: 2^-scale itself may not be a float.
                let w = if scale == 0 { w } else { ldexp(w, -scale) };
                let signed = if l != 0 { w } else { -w };
                *slot = ((k.to_u64() as u128) << 64) | signed.to_bits() as u128;
                at[b] += 1;
            }
            (0..nb).all(|b| at[b] == out[b].len())
        });
        if !consistent {
            return Err(changed_while_read());
        }
        crate::interrupt::check()?;
        Ok((items, starts))
    }

    /// The samples of chunk `c` with a weight > 0 (samples of zero weight
    /// are dropped, as scikit-learn does).
    pub(super) fn kept(&self, c: usize) -> impl Iterator<Item = ((&'a S, &'a u8), &'a f64)> {
        let n = self.scores.len();
        let r = c * self.len..((c + 1) * self.len).min(n);
        self.scores[r.clone()]
            .iter()
            .zip(&self.labels[r.clone()])
            .zip(&self.weights[r])
            .filter(|(_, &w)| w > 0.0)
    }
}
