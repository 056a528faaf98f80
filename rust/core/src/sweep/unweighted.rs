//! The sweep of unweighted samples: key-only sorts, counts by one scan.

use rayon::prelude::*;

use super::partition::{count_digits_split, pieces, sort_bucket, split_lengths, POLL_MASK};
use super::{changed_while_read, check_lengths, chunk_len, non_finite, Count, Score, Sweep};
use crate::alloc::{try_with_capacity, try_zeroed};
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
                // A chunk holds up to n / (4 threads) samples (tens of
                // millions): look at the flag inside it, not only after it.
                if i & POLL_MASK == 0 && crate::interrupt::requested() {
                    return (None, lo, hi, pos);
                }
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
    crate::interrupt::check()?; // a stopped count is incomplete
    let splitter = all.splitter();
    let nb = splitter.buckets();
    let all_counts = all.bucket_counts(&splitter);
    let pos_counts = pos.bucket_counts(&splitter);

    // Pass 3: scatter the keys (all, and the positives apart) into buckets.
    // The input is read again: another thread may have written to it since
    // (Python lets it), so every write is checked against what the passes
    // before found, and the input is refused unless every bucket is filled
    // exactly. What follows reads only the buckets, so the result is the
    // sweep of the input as this pass read it, or an error.
    let mut keys: Vec<S::Key> = try_zeroed("the sort keys", n)?;
    let mut pos_keys: Vec<S::Key> = try_zeroed("the sort keys", n_pos)?;
    let starts;
    let pos_starts;
    {
        let (Some((all_pieces, s1)), Some((pos_pieces, s2))) = (
            pieces(&mut keys, &all_counts, nb),
            pieces(&mut pos_keys, &pos_counts, nb),
        ) else {
            return Err(changed_while_read());
        };
        starts = s1;
        pos_starts = s2;
        let consistent = all_pieces.into_par_iter().zip(pos_pieces).enumerate().all(
            |(c, (mut all_out, mut pos_out))| {
                let r = range(c);
                let mut at = vec![0usize; nb];
                let mut pos_at = vec![0usize; nb];
                for (i, (s, &l)) in scores[r.clone()].iter().zip(&labels[r]).enumerate() {
                    if i & POLL_MASK == 0 && crate::interrupt::requested() {
                        return false;
                    }
                    let k = s.key();
                    let Some(b) = splitter.bucket(k.to_u64()).filter(|_| s.is_finite()) else {
                        return false;
                    };
                    let Some(slot) = all_out[b].get_mut(at[b]) else {
                        return false;
                    };
                    *slot = k;
                    at[b] += 1;
                    if l != 0 {
                        let Some(slot) = pos_out[b].get_mut(pos_at[b]) else {
                            return false;
                        };
                        *slot = k;
                        pos_at[b] += 1;
                    }
                }
                (0..nb).all(|b| at[b] == all_out[b].len() && pos_at[b] == pos_out[b].len())
            },
        );
        if !consistent {
            crate::interrupt::check()?; // a stop, not a change of the input
            return Err(changed_while_read());
        }
    }

    crate::interrupt::check()?;
    // Per bucket, in cache: sort, and count the distinct scores.
    let sizes = |st: &[usize]| st.windows(2).map(|w| w[1] - w[0]).collect::<Vec<_>>();
    let distinct: Vec<usize> = split_lengths(&mut keys, sizes(&starts).into_iter())
        .into_par_iter()
        .zip(split_lengths(&mut pos_keys, sizes(&pos_starts).into_iter()))
        .map_init(Vec::new, |scratch, (ks, ps)| {
            if crate::interrupt::requested() {
                return 0;
            }
            sort_bucket(ks, scratch);
            ps.sort_unstable();
            if ks.is_empty() {
                0
            } else {
                1 + ks.windows(2).filter(|w| w[0] != w[1]).count()
            }
        })
        .collect();
    crate::interrupt::check()?;

    // The counts need one place per distinct score only (with ties, far
    // fewer than the samples): allocated now that their number is known.
    let m: usize = distinct.iter().sum();
    let mut tp: Vec<C> = try_zeroed("the true-positive counts", m)?;
    let mut fp: Vec<C> = try_zeroed("the false-positive counts", m)?;
    // Per bucket: count runs; thresholds go in place to the front of the
    // bucket, counts to the bucket's place in tp and fp.
    split_lengths(&mut keys, sizes(&starts).into_iter())
        .into_par_iter()
        .zip(split_lengths(&mut pos_keys, sizes(&pos_starts).into_iter()))
        .zip(split_lengths(&mut tp, distinct.iter().copied()))
        .zip(split_lengths(&mut fp, distinct.iter().copied()))
        .enumerate()
        .for_each(|(b, (((ks, ps), tps), fps))| {
            if crate::interrupt::requested() {
                return;
            }
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
        });
    crate::interrupt::check()?;

    // Close the gaps the ties left between the buckets' thresholds (each
    // bucket moves down in order: a move never overwrites what a later
    // bucket still has to move).
    let mut at = 0;
    for (&s, &d) in starts.iter().zip(&distinct) {
        if s != at {
            keys.copy_within(s..s + d, at);
        }
        at += d;
    }
    keys.truncate(m);
    drop(pos_keys);
    let keys = if m < n / 2 {
        // Many ties: give the unused memory back (a copy, so that a refusal
        // of the allocator is an error rather than an abort).
        let mut small = try_with_capacity("the thresholds", m)?;
        small.extend_from_slice(&keys);
        small
    } else {
        keys
    };
    let thresholds: Vec<S> = bytemuck::allocation::cast_vec(keys);
    Ok(Sweep {
        thresholds,
        tp,
        fp,
        complement: None,
        n_pos: C::from_u64(n_pos as u64),
        n_neg: C::from_u64((n - n_pos) as u64),
        scale: 0,
    })
}
