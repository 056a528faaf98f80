//! The sweep of unweighted samples: key-only sorts, counts by one scan.

use rayon::prelude::*;

use super::partition::{count_digits_split, pieces, sort_bucket, split_lengths};
use super::{check_lengths, chunk_len, non_finite, Count, Score, Sweep};
use crate::alloc::try_zeroed;
use crate::error::Result;
use crate::sweep::partition::RadixKey;

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
    crate::interrupt::check()?;

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

    crate::interrupt::check()?;
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
            if crate::interrupt::requested() {
                return 0;
            }
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

    crate::interrupt::check()?;
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
