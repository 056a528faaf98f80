//! Kernels for the scikit-learn-named functions, where scikit-learn's own
//! order of work decides the result.
//!
//! **Weighted curves in scikit-learn's summation order**
//! ([`sweep_weighted_in_order`]). Which points `drop_intermediate` keeps
//! depends on exact ties of the cumulative weight sums, that is on their
//! rounding, that is on the order of summation. scikit-learn sorts the scores
//! descending with a stable sort (ties keep the order of the input), then
//! takes one sequential float64 cumulative sum of `y * w` and of
//! `(1 - y) * w` over all samples, read at the last sample of each distinct
//! score. This kernel reproduces those sums bit for bit: the radix partition
//! of the sweep spreads the samples into buckets of consecutive keys while
//! keeping the input order within each bucket, each bucket is sorted by key
//! with a stable radix sort (in parallel), one sequential pass folds the
//! weights bucket after bucket to find the running sums where each bucket
//! starts, and the buckets then emit their points in parallel, each folding
//! again from its start (the same additions in the same order, so the same
//! bits). The sequential fold costs about as much as reading the samples once.
//!
//! **Multiclass pair counts** ([`pair_wins`]). For every ordered pair of
//! classes (a, b), twice the number of pairs of samples (i of class a, j of
//! class b) with `score[i, a] > score[j, a]`, ties counting one: the
//! one-vs-rest AUC of a is the sum over b divided by `2 n_a (n - n_a)`, the
//! one-vs-one AUC of a against b is the count divided by `2 n_a n_b`.
//! Each column is read once: the keys of its own class are bucketed by their
//! top bits and every other key is compared with its bucket only (see
//! `column_wins`); the counts are exact integers.

use rayon::prelude::*;

use super::partition::{split_lengths, RadixKey};
use super::weighted::WeightedInput;
use super::{first_where, non_finite, Score, Sweep};
use crate::alloc::try_zeroed;
use crate::error::{Error, Result};

const SIGN: u64 = 1 << 63;

#[inline]
fn key_of(x: u128) -> u64 {
    (x >> 64) as u64
}

/// Sorts by the key (the high 64 bits) keeping the order of equal keys: a
/// least-significant-digit radix sort over the key bits that vary, 11 bits a
/// pass (each pass is stable; the counts, 16 KiB, stay in L1, and a float64
/// bucket needs four passes rather than six), insertion sort for small
/// buckets.
fn stable_sort_by_key(part: &mut [u128], scratch: &mut Vec<u128>) {
    let n = part.len();
    if n <= 48 {
        for i in 1..n {
            let x = part[i];
            let k = key_of(x);
            let mut j = i;
            while j > 0 && key_of(part[j - 1]) > k {
                part[j] = part[j - 1];
                j -= 1;
            }
            part[j] = x;
        }
        return;
    }
    let (lo, hi) = part.iter().fold((u64::MAX, 0u64), |(lo, hi), &x| {
        (lo.min(key_of(x)), hi.max(key_of(x)))
    });
    let varying = 64 - (lo ^ hi).leading_zeros();
    if scratch.len() < n {
        scratch.resize(n, 0);
    }
    let scratch = &mut scratch[..n];
    let mut in_part = true;
    const BITS: u32 = 11;
    for shift in (0..varying).step_by(BITS as usize) {
        let (src, dst): (&[u128], &mut [u128]) = if in_part {
            (&*part, &mut *scratch)
        } else {
            (&*scratch, &mut *part)
        };
        let digit = |x: u128| ((key_of(x) >> shift) & ((1 << BITS) - 1)) as usize;
        let mut count = [0usize; 1 << BITS];
        for &x in src {
            count[digit(x)] += 1;
        }
        if count.contains(&n) {
            continue;
        }
        let mut at = 0;
        for c in count.iter_mut() {
            (*c, at) = (at, at + *c);
        }
        for &x in src {
            let d = digit(x);
            dst[count[d]] = x;
            count[d] += 1;
        }
        in_part = !in_part;
    }
    if !in_part {
        part.copy_from_slice(scratch);
    }
}

/// Adds one sample to the running sums: positives (sign bit clear) to `t`,
/// negatives to `f`. scikit-learn adds `0 * w` to the other sum, which leaves
/// it unchanged, so skipping that addition gives the same bits.
#[inline]
fn add(x: u128, t: &mut f64, f: &mut f64) {
    let bits = x as u64;
    let w = f64::from_bits(bits & !SIGN);
    if bits & SIGN == 0 {
        *t += w;
    } else {
        *f += w;
    }
}

/// The samples in scikit-learn's order, bucket after bucket, with what the
/// parallel emission of the points needs.
struct Ordered {
    /// Key above signed weight, sorted within each bucket.
    items: Vec<u128>,
    /// Samples per bucket.
    sizes: Vec<usize>,
    /// Distinct keys (points of the curve) per bucket.
    distinct: Vec<usize>,
    /// The running sums (tp, fp) where each bucket starts.
    begin: Vec<(f64, f64)>,
    /// The final sums (tp, fp).
    totals: (f64, f64),
}

impl Ordered {
    /// Calls `point(&mut outs[b], j, key, tp, fp)` for the `j`-th point of
    /// each bucket `b` (descending thresholds), buckets in parallel, each
    /// folding from its start: the same additions in the same order as the
    /// sequential pass, so the same sums.
    fn points<T: Send>(&self, outs: Vec<T>, point: impl Fn(&mut T, usize, u64, f64, f64) + Sync) {
        let mut rest = self.items.as_slice();
        let parts: Vec<&[u128]> = self
            .sizes
            .iter()
            .map(|&len| {
                let (head, tail) = rest.split_at(len);
                rest = tail;
                head
            })
            .collect();
        outs.into_par_iter()
            .zip(parts)
            .zip(self.begin.par_iter())
            .for_each(|((mut out, part), &(t0, f0))| {
                let (mut t, mut f) = (t0, f0);
                let mut j = 0;
                for (i, &x) in part.iter().enumerate() {
                    add(x, &mut t, &mut f);
                    if i + 1 == part.len() || key_of(part[i + 1]) != key_of(x) {
                        point(&mut out, j, key_of(x), t, f);
                        j += 1;
                    }
                }
            });
    }
}

/// Sorts the samples into scikit-learn's order and finds where each bucket's
/// sums start (see the module doc).
fn ordered<S: Score>(scores: &[S], labels: &[u8], weights: &[f64]) -> Result<Ordered> {
    let input = WeightedInput::check(scores, labels, weights)?;
    let n_kept = input.n_kept;
    if n_kept == 0 {
        return Err(Error::invalid(
            "sample_weight",
            "all zeros",
            "at least one weight must be > 0",
        ));
    }
    crate::interrupt::check()?;
    // One u128 per sample: the key above the weight, whose sign bit carries
    // the label. Chunks write their pieces of each bucket in input order and
    // the pieces follow the chunk order, so each bucket holds its samples in
    // input order: the stable sort below then gives scikit-learn's order.
    let (mut items, starts) = input.partition(0)?;
    let nb = starts.len() - 1;
    let sizes: Vec<usize> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    crate::interrupt::check()?;

    // Sort each bucket and count its distinct keys (in parallel).
    let distinct: Vec<usize> = split_lengths(&mut items, sizes.iter().copied())
        .into_par_iter()
        .map_init(Vec::new, |scratch, part| {
            if crate::interrupt::requested() || part.is_empty() {
                return 0;
            }
            stable_sort_by_key(part, scratch);
            1 + part
                .windows(2)
                .filter(|p| key_of(p[0]) != key_of(p[1]))
                .count()
        })
        .collect();
    crate::interrupt::check()?;

    // The one sequential pass: the running sums where each bucket starts.
    let mut begin = Vec::with_capacity(nb);
    let (mut t, mut f) = (0.0f64, 0.0f64);
    for (b, &start) in starts[..nb].iter().enumerate() {
        begin.push((t, f));
        for &x in &items[start..start + sizes[b]] {
            add(x, &mut t, &mut f);
        }
        if b % 64 == 63 {
            crate::interrupt::check()?;
        }
    }
    Ok(Ordered {
        items,
        sizes,
        distinct,
        begin,
        totals: (t, f),
    })
}

/// The weighted sweep with scikit-learn's cumulative sums, bit for bit (see
/// the module doc): thresholds descending, `tp` and `fp` cumulative. Samples
/// of zero weight are dropped; weights must be finite and >= 0, not all zero.
pub fn sweep_weighted_in_order<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: &[f64],
) -> Result<Sweep<S, f64>> {
    let o = ordered(scores, labels, weights)?;
    let m: usize = o.distinct.iter().sum();
    let mut thresholds: Vec<S> = try_zeroed("the thresholds", m)?;
    let mut tp: Vec<f64> = try_zeroed("the true-positive sums", m)?;
    let mut fp: Vec<f64> = try_zeroed("the false-positive sums", m)?;
    let d = || o.distinct.iter().copied();
    let outs: Vec<_> = split_lengths(&mut thresholds, d())
        .into_iter()
        .zip(split_lengths(&mut tp, d()))
        .zip(split_lengths(&mut fp, d()))
        .collect();
    o.points(outs, |((ths, tps), fps), j, key, t, f| {
        ths[j] = S::from_key_u64(key);
        tps[j] = t;
        fps[j] = f;
    });
    crate::interrupt::check()?;
    // scikit-learn's sums as scikit-learn forms them: no complements, no
    // rescaling (its own functions read only these).
    Ok(Sweep {
        thresholds,
        tp,
        fp,
        complement: None,
        n_pos: o.totals.0,
        n_neg: o.totals.1,
        scale: 0,
    })
}

/// scikit-learn's weighted precision-recall curve without dropping points,
/// written straight into its final order: `precision` and `recall` (length
/// m + 1, ending at (1, 0)) and increasing `thresholds`, from the sums of
/// [`sweep_weighted_in_order`]. Without positives, recall is 1 (scikit-learn
/// warns and sets it so). Also returns the summed weight of the positives.
#[allow(clippy::type_complexity)] // the three arrays of the curve and a total
pub fn pr_curve_weighted_in_order<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: &[f64],
) -> Result<(Vec<f64>, Vec<f64>, Vec<S>, f64)> {
    let o = ordered(scores, labels, weights)?;
    let m: usize = o.distinct.iter().sum();
    let mut precision: Vec<f64> = try_zeroed("the precisions", m + 1)?;
    let mut recall: Vec<f64> = try_zeroed("the recalls", m + 1)?;
    let mut thresholds: Vec<S> = try_zeroed("the thresholds", m)?;
    precision[m] = 1.0;
    let n_pos = o.totals.0;
    // The curve runs the other way: bucket b's points are a piece of the
    // reversed arrays, in reverse.
    let d = || o.distinct.iter().rev().copied();
    let mut outs: Vec<_> = split_lengths(&mut precision[..m], d())
        .into_iter()
        .zip(split_lengths(&mut recall[..m], d()))
        .zip(split_lengths(&mut thresholds, d()))
        .collect();
    outs.reverse();
    o.points(outs, |((ps, rs), ths), j, key, t, f| {
        let i = ths.len() - 1 - j;
        ths[i] = S::from_key_u64(key);
        // t + f > 0: every point adds a sample of weight > 0
        ps[i] = t / (t + f);
        rs[i] = if n_pos > 0.0 { t / n_pos } else { 1.0 };
    });
    crate::interrupt::check()?;
    Ok((precision, recall, thresholds, n_pos))
}

/// Twice the wins of class `a` over every class in column `a`: `col` holds
/// the column's keys (ascending key = descending score) class after class,
/// the runs starting at `offsets`.
///
/// Class `a`'s keys are spread by their top bits into about two buckets per
/// key (a counting sort, sizes from the data) and each bucket sorted (most
/// hold zero, one or two keys). A key `y` of another class then beats or ties
/// only the keys of its own bucket; every key of a lower bucket beats it:
/// twice the wins over `y` are `2 * (keys below its bucket + smaller keys in
/// it) + equal keys in it`. One pass over the column, with no sort of it.
fn column_wins<K: RadixKey>(col: &[K], offsets: &[usize], a: usize) -> Result<Vec<u64>> {
    let k = offsets.len() - 1;
    let mut out = vec![0u64; k];
    let own = &col[offsets[a]..offsets[a + 1]];
    if own.is_empty() {
        return Ok(out);
    }
    let (lo, hi) = col.iter().fold((u64::MAX, 0u64), |(lo, hi), x| {
        (lo.min(x.to_u64()), hi.max(x.to_u64()))
    });
    let varying = 64 - (lo ^ hi).leading_zeros();
    let bits = (usize::BITS - own.len().leading_zeros()).clamp(1, 22);
    let shift = varying.saturating_sub(bits);
    let digit = |x: u64| ((x - lo) >> shift) as usize;
    let width = digit(hi) + 1;
    // start[i]: keys of class a in buckets below i.
    let mut start: Vec<u32> = try_zeroed("the bucket starts", width + 1)?;
    for x in own {
        start[digit(x.to_u64()) + 1] += 1;
    }
    for i in 1..=width {
        start[i] += start[i - 1];
    }
    let mut at: Vec<u32> = start[..width].to_vec();
    let mut sorted: Vec<u64> = try_zeroed("the sorted keys", own.len())?;
    for x in own {
        let d = digit(x.to_u64());
        sorted[at[d] as usize] = x.to_u64();
        at[d] += 1;
    }
    drop(at);
    for w in start.windows(2) {
        if w[1] - w[0] > 1 {
            sorted[w[0] as usize..w[1] as usize].sort_unstable();
        }
    }
    for (b, slot) in out.iter_mut().enumerate() {
        if b == a {
            continue;
        }
        let mut twice = 0u64;
        for y in &col[offsets[b]..offsets[b + 1]] {
            let y = y.to_u64();
            let i = digit(y);
            let (s, e) = (start[i] as usize, start[i + 1] as usize);
            let (mut below, mut equal) = (s as u64, 0u64);
            for &x in &sorted[s..e] {
                below += (x < y) as u64;
                equal += (x == y) as u64;
            }
            twice += 2 * below + equal;
        }
        *slot = twice;
    }
    Ok(out)
}

/// Twice the pairwise wins of class `a` over class `b` in column `a`, for
/// every ordered pair, and the number of samples of each class.
///
/// `codes[i] < k` is the class of sample `i`; `scores` holds `n` rows of `k`
/// scores (row-major). Returns `(wins, counts)` with `wins[a * k + b]` twice
/// the number of pairs (i of class a, j of class b) where
/// `scores[i, a] > scores[j, a]`, plus the number of ties (diagonal zero).
pub fn pair_wins<S: Score>(codes: &[u32], scores: &[S], k: usize) -> Result<(Vec<u64>, Vec<u64>)>
where
    S::Key: bytemuck::Pod,
{
    let n = codes.len();
    if k == 0 || n.checked_mul(k) != Some(scores.len()) {
        return Err(Error::invalid(
            "y_score",
            format!("{} scores for {n} samples and {k} classes", scores.len()),
            "y_score must hold one score per sample and class",
        ));
    }
    if let Some(i) = first_where(codes, |c| c as usize >= k) {
        return Err(Error::invalid(
            "y_true",
            format!("class code {} at index {i}", codes[i]),
            format!("codes must be < {k}"),
        ));
    }
    if let Some(i) = first_where(scores, |s| !s.is_finite()) {
        return Err(non_finite(scores, i));
    }
    if n > u32::MAX as usize {
        return Err(Error::invalid(
            "y_true",
            format!("{n} samples"),
            "multiclass scores take at most 2^32 - 1 samples",
        ));
    }
    let mut counts = vec![0u64; k];
    for &c in codes {
        counts[c as usize] += 1;
    }
    let mut offsets = Vec::with_capacity(k + 1);
    let mut at = 0usize;
    for &c in &counts {
        offsets.push(at);
        at += c as usize;
    }
    offsets.push(n);
    // Where each sample goes within its class run (input order kept).
    let mut dest: Vec<u32> = try_zeroed("the class positions", n)?;
    let mut next = offsets[..k].to_vec();
    for (d, &c) in dest.iter_mut().zip(codes) {
        *d = next[c as usize] as u32;
        next[c as usize] += 1;
    }
    crate::interrupt::check()?;
    // Column a's keys, class after class, each class run then sorted.
    let total = n * k;
    let mut keys: Vec<S::Key> = try_zeroed("the multiclass sort keys", total)?;
    // One group of columns per thread: each reads the rows once, in order
    // (reading a column alone would pull in every row once per column).
    let per_group = k.div_ceil(rayon::current_num_threads().max(1));
    let mut columns: Vec<&mut [S::Key]> = keys.chunks_mut(n.max(1)).collect();
    let mut groups: Vec<(usize, Vec<&mut [S::Key]>)> = Vec::new();
    let mut first = 0;
    while !columns.is_empty() {
        let rest = columns.split_off(per_group.min(columns.len()));
        groups.push((first, std::mem::replace(&mut columns, rest)));
        first += per_group;
    }
    groups.into_par_iter().for_each(|(first, mut cols)| {
        for (i, &d) in dest.iter().enumerate() {
            let row = &scores[i * k + first..i * k + first + cols.len()];
            for (col, s) in cols.iter_mut().zip(row) {
                col[d as usize] = s.key();
            }
        }
    });
    crate::interrupt::check()?;
    let wins: Vec<Vec<u64>> = keys
        .par_chunks(n.max(1))
        .enumerate()
        .map(|(a, col)| {
            if crate::interrupt::requested() {
                return Ok(vec![0; k]);
            }
            column_wins(col, &offsets, a)
        })
        .collect::<Result<_>>()?;
    crate::interrupt::check()?;
    Ok((wins.concat(), counts))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// scikit-learn's recipe, literally: stable descending sort, sequential sums.
    fn reference(scores: &[f64], labels: &[u8], w: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let mut idx: Vec<usize> = (0..scores.len()).filter(|&i| w[i] != 0.0).collect();
        idx.sort_by(|&i, &j| scores[j].partial_cmp(&scores[i]).unwrap());
        let (mut t, mut f) = (0.0, 0.0);
        let (mut th, mut tp, mut fp) = (vec![], vec![], vec![]);
        for (p, &i) in idx.iter().enumerate() {
            if labels[i] != 0 {
                t += w[i];
            } else {
                f += w[i];
            }
            if p + 1 == idx.len() || scores[idx[p + 1]] != scores[i] {
                th.push(scores[i] + 0.0);
                tp.push(t);
                fp.push(f);
            }
        }
        (th, tp, fp)
    }

    #[test]
    fn weighted_sums_are_scikit_learns_bit_for_bit_whatever_the_threads() {
        let mut rng = Lcg(11);
        for n in [1usize, 7, 300, 5000, 120_000] {
            let scores: Vec<f64> = (0..n).map(|_| (rng.next() % 53) as f64 / 7.0).collect();
            let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 3 == 0) as u8).collect();
            let w: Vec<f64> = (0..n)
                .map(|_| match rng.next() % 5 {
                    0 => 0.0,
                    r => 0.1 * r as f64 + 1e-3 * (rng.next() % 100) as f64,
                })
                .collect();
            if !w.iter().any(|&x| x > 0.0) {
                continue;
            }
            let (th, tp, fp) = reference(&scores, &labels, &w);
            let s = sweep_weighted_in_order(&scores, &labels, &w).unwrap();
            assert_eq!(s.thresholds, th);
            assert!(s
                .tp
                .iter()
                .zip(&tp)
                .all(|(a, b)| a.to_bits() == b.to_bits()));
            assert!(s
                .fp
                .iter()
                .zip(&fp)
                .all(|(a, b)| a.to_bits() == b.to_bits()));
            let (p, r, t, n_pos) = pr_curve_weighted_in_order(&scores, &labels, &w).unwrap();
            let m = th.len();
            assert_eq!(n_pos.to_bits(), tp[m - 1].to_bits());
            assert_eq!((p[m], r[m]), (1.0, 0.0));
            for i in 0..m {
                let at = m - 1 - i;
                assert_eq!(t[at], th[i]);
                assert_eq!(p[at].to_bits(), (tp[i] / (tp[i] + fp[i])).to_bits());
                let want = if n_pos > 0.0 { tp[i] / n_pos } else { 1.0 };
                assert_eq!(r[at].to_bits(), want.to_bits());
            }
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let s1 = one.install(|| sweep_weighted_in_order(&scores, &labels, &w).unwrap());
            assert_eq!(s1.tp, s.tp);
        }
    }

    #[test]
    fn pair_wins_match_a_pairwise_count() {
        let mut rng = Lcg(5);
        for (n, k) in [(1usize, 1usize), (40, 3), (3000, 4), (40_000, 3)] {
            let codes: Vec<u32> = (0..n).map(|_| (rng.next() % k as u64) as u32).collect();
            let scores: Vec<f64> = (0..n * k)
                .map(|_| (rng.next() % 17) as f64 / 16.0)
                .collect();
            let (wins, counts) = pair_wins(&codes, &scores, k).unwrap();
            assert_eq!(counts.iter().sum::<u64>(), n as u64);
            if n > 3000 {
                continue;
            }
            for a in 0..k {
                for b in 0..k {
                    let mut twice = 0u64;
                    if a != b {
                        for i in (0..n).filter(|&i| codes[i] as usize == a) {
                            for j in (0..n).filter(|&j| codes[j] as usize == b) {
                                let (x, y) = (scores[i * k + a], scores[j * k + a]);
                                twice += if x > y { 2 } else { (x == y) as u64 };
                            }
                        }
                    }
                    assert_eq!(wins[a * k + b], twice, "{a} {b}");
                }
            }
        }
        assert!(pair_wins(&[0, 3], &[0.0f64; 6], 3).is_err());
        assert!(pair_wins(&[0, 1], &[0.0f64; 5], 3).is_err());
        assert!(pair_wins(&[0, 1], &[0.0, f64::NAN, 0.0, 0.0], 2).is_err());
    }
}
