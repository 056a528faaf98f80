//! Radix partition: spreads keys into buckets of consecutive key ranges, each
//! small enough to be sorted (and scanned) inside the core's cache.
//!
//! This is how a sweep sorts: one pass finds the key range, one counts a
//! 16-bit digit taken just below the common prefix of all keys, the counts
//! define buckets of about [`TARGET_BUCKET`] keys (equal depth, whatever the
//! distribution of the scores), one pass scatters the keys, and the buckets
//! are then sorted and scanned independently, in parallel. The bucket
//! boundaries depend only on the data, never on the number of threads.
//! Compared with a parallel comparison sort of the whole array this halves the
//! time on two cores, and the scan that follows runs on data still in cache.

use rayon::prelude::*;

/// An integer sort key.
pub trait RadixKey: Copy + Ord + Send + Sync + Default + std::fmt::Debug {
    /// The key widened to 64 bits (order kept).
    fn to_u64(self) -> u64;
}
impl RadixKey for u32 {
    #[inline]
    fn to_u64(self) -> u64 {
        self as u64
    }
}
impl RadixKey for u64 {
    #[inline]
    fn to_u64(self) -> u64 {
        self
    }
}

const DIGIT_BITS: u32 = 16;
/// Keys per bucket aimed at: 128 KiB of u64 keys, well inside L2.
pub const TARGET_BUCKET: usize = 1 << 14;

/// Maps a key to its bucket.
#[derive(Debug, Clone)]
pub struct Splitter {
    min: u64,
    max: u64,
    shift: u32,
    /// digit -> bucket
    lut: Vec<u32>,
    buckets: usize,
}

impl Splitter {
    #[inline]
    fn digit(&self, key: u64) -> usize {
        ((key - self.min) >> self.shift) as usize
    }

    /// The bucket of a key, or `None` if it lies outside `[min, max]` of
    /// the keys it was built from (the input changed since it was read).
    #[inline]
    pub fn bucket(&self, key: u64) -> Option<usize> {
        if key < self.min || key > self.max {
            return None;
        }
        self.lut.get(self.digit(key)).map(|&b| b as usize)
    }

    /// The number of buckets.
    pub fn buckets(&self) -> usize {
        self.buckets
    }
}

/// Per-chunk digit histograms of the keys of a slice cut in chunks.
pub struct DigitCounts {
    /// The smallest key.
    pub min: u64,
    /// The largest key.
    pub max: u64,
    /// How far keys are shifted right to give their digit.
    pub shift: u32,
    /// `counts[c][d]`: keys of chunk `c` with digit `d`.
    pub counts: Vec<Vec<u32>>,
}

/// Long loops over a chunk look at the interrupt flag every `POLL_MASK + 1`
/// items (about a tenth of a millisecond of work), so that a stop is
/// answered within the pass, whatever the size of the chunks.
pub const POLL_MASK: usize = (1 << 16) - 1;

/// The digit used for keys in `[min, max]`: the 16 bits just below their
/// common prefix.
pub fn digit_shift(min: u64, max: u64) -> u32 {
    let varying = 64 - (min ^ max).leading_zeros();
    varying.saturating_sub(DIGIT_BITS)
}

/// Counts digits chunk by chunk. `keys_of(c)` yields the keys of chunk `c`.
pub fn count_digits<I>(
    chunks: usize,
    min: u64,
    max: u64,
    keys_of: impl Fn(usize) -> I + Sync,
) -> DigitCounts
where
    I: Iterator<Item = u64>,
{
    let shift = digit_shift(min, max);
    let width = (((max - min) >> shift) + 1) as usize;
    let counts = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut h = vec![0u32; width];
            for (i, k) in keys_of(c).enumerate() {
                if i & POLL_MASK == 0 && crate::interrupt::requested() {
                    break; // the caller checks the flag after the pass
                }
                // Clamped: a key outside the range (input written meanwhile
                // by another thread) must not index out of bounds; the
                // scatter that follows finds it and refuses the input.
                h[((k.clamp(min, max) - min) >> shift) as usize] += 1;
            }
            h
        })
        .collect();
    DigitCounts {
        min,
        max,
        shift,
        counts,
    }
}

/// Counts digits chunk by chunk for all keys and, apart, for the keys marked
/// positive, in one pass. `items_of(c)` yields `(key, positive)` of chunk `c`.
pub fn count_digits_split<I>(
    chunks: usize,
    min: u64,
    max: u64,
    items_of: impl Fn(usize) -> I + Sync,
) -> (DigitCounts, DigitCounts)
where
    I: Iterator<Item = (u64, bool)>,
{
    let shift = digit_shift(min, max);
    let width = (((max - min) >> shift) + 1) as usize;
    let (all, pos): (Vec<Vec<u32>>, Vec<Vec<u32>>) = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let (mut h, mut hp) = (vec![0u32; width], vec![0u32; width]);
            for (i, (k, positive)) in items_of(c).enumerate() {
                if i & POLL_MASK == 0 && crate::interrupt::requested() {
                    break; // the caller checks the flag after the pass
                }
                // Clamped, as in `count_digits`.
                let d = ((k.clamp(min, max) - min) >> shift) as usize;
                h[d] += 1;
                hp[d] += positive as u32;
            }
            (h, hp)
        })
        .unzip();
    (
        DigitCounts {
            min,
            max,
            shift,
            counts: all,
        },
        DigitCounts {
            min,
            max,
            shift,
            counts: pos,
        },
    )
}

impl DigitCounts {
    /// Groups consecutive digits into buckets of about [`TARGET_BUCKET`] keys.
    pub fn splitter(&self) -> Splitter {
        let width = self.counts.first().map_or(1, |h| h.len());
        let mut lut = vec![0u32; width];
        let (mut bucket, mut fill) = (0u32, 0usize);
        for (d, slot) in lut.iter_mut().enumerate() {
            let count: usize = self.counts.iter().map(|h| h[d] as usize).sum();
            if fill > 0 && fill + count > TARGET_BUCKET {
                bucket += 1;
                fill = 0;
            }
            *slot = bucket;
            fill += count;
        }
        Splitter {
            min: self.min,
            max: self.max,
            shift: self.shift,
            lut,
            buckets: bucket as usize + 1,
        }
    }

    /// `[c][b]`: keys of chunk `c` in bucket `b`.
    pub fn bucket_counts(&self, s: &Splitter) -> Vec<Vec<usize>> {
        self.counts
            .par_iter()
            .map(|h| {
                let mut out = vec![0usize; s.buckets];
                for (d, &k) in h.iter().enumerate() {
                    out[s.lut[d] as usize] += k as usize;
                }
                out
            })
            .collect()
    }
}

/// Where each chunk writes each bucket: the destination cut into pieces,
/// bucket-major then chunk, regrouped as `pieces[c][b]`; also the bucket
/// starts (length `buckets + 1`). `None` if the counts do not add up to the
/// destination's length (the input changed between the passes that counted).
#[allow(clippy::type_complexity)]
pub fn pieces<'a, T>(
    dest: &'a mut [T],
    counts: &[Vec<usize>],
    buckets: usize,
) -> Option<(Vec<Vec<&'a mut [T]>>, Vec<usize>)> {
    let total: usize = counts.iter().flatten().sum();
    if total != dest.len() || counts.iter().any(|c| c.len() != buckets) {
        return None;
    }
    let chunks = counts.len();
    let mut starts = Vec::with_capacity(buckets + 1);
    let mut out: Vec<Vec<&'a mut [T]>> = (0..chunks).map(|_| Vec::with_capacity(buckets)).collect();
    let mut rest = dest;
    let mut at = 0;
    #[allow(clippy::needless_range_loop)] // b indexes every chunk's counts
    for b in 0..buckets {
        starts.push(at);
        for (c, piece_list) in out.iter_mut().enumerate() {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(counts[c][b]);
            piece_list.push(head);
            rest = tail;
            at += counts[c][b];
        }
    }
    starts.push(at);
    Some((out, starts))
}

/// Sorts a bucket of keys: least-significant-digit radix sort, 8 bits per
/// pass, over only the bits that vary within the bucket (passes in which every
/// key has the same digit are skipped). A bucket fits in cache, where each pass
/// costs about one nanosecond per key; float32 keys need two passes, float64
/// keys at most six, against some fourteen levels of a comparison sort.
/// `scratch` is reused from bucket to bucket.
pub fn sort_bucket<K: RadixKey>(keys: &mut [K], scratch: &mut Vec<K>) {
    let n = keys.len();
    if n <= 256 {
        keys.sort_unstable();
        return;
    }
    let (lo, hi) = keys.iter().fold((u64::MAX, 0u64), |(lo, hi), k| {
        let k = k.to_u64();
        (lo.min(k), hi.max(k))
    });
    let varying = 64 - (lo ^ hi).leading_zeros();
    if varying == 0 {
        return; // all equal
    }
    if scratch.len() < n {
        // A bucket is cache-sized unless many keys share one digit; its
        // scratch space may then be refused, and the bucket sorts in place.
        if scratch.try_reserve_exact(n - scratch.len()).is_err() {
            keys.sort_unstable();
            return;
        }
        scratch.resize(n, K::default());
    }
    let scratch = &mut scratch[..n];
    let mut in_keys = true; // where the current order lives
    for shift in (0..varying).step_by(8) {
        let (src, dst): (&[K], &mut [K]) = if in_keys {
            (&*keys, &mut *scratch)
        } else {
            (&*scratch, &mut *keys)
        };
        let digit = |k: &K| ((k.to_u64() >> shift) & 0xff) as usize;
        let mut count = [0usize; 256];
        for k in src {
            count[digit(k)] += 1;
        }
        if count.contains(&n) {
            continue; // one digit for all: this pass would not move anything
        }
        let mut at = 0;
        for c in count.iter_mut() {
            (*c, at) = (at, at + *c);
        }
        for k in src {
            let d = digit(k);
            dst[count[d]] = *k;
            count[d] += 1;
        }
        in_keys = !in_keys;
    }
    if !in_keys {
        keys.copy_from_slice(scratch);
    }
}

/// Splits `v` into consecutive mutable pieces of the given lengths.
pub fn split_lengths<T>(mut v: &mut [T], lens: impl Iterator<Item = usize>) -> Vec<&mut [T]> {
    let mut out = Vec::new();
    for len in lens {
        let (head, tail) = std::mem::take(&mut v).split_at_mut(len);
        out.push(head);
        v = tail;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_sort_sorts() {
        let mut scratch = Vec::new();
        for n in [0usize, 1, 5, 300, 5000] {
            for spread in [1u64, 255, 1 << 20, u64::MAX] {
                let mut keys: Vec<u64> = (0..n as u64)
                    .map(|i| (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 7) % spread.max(1) + 3)
                    .collect();
                let mut want = keys.clone();
                want.sort_unstable();
                sort_bucket(&mut keys, &mut scratch);
                assert_eq!(keys, want, "n={n} spread={spread}");
                let mut k32: Vec<u32> = want.iter().rev().map(|&k| k as u32).collect();
                let mut w32 = k32.clone();
                w32.sort_unstable();
                sort_bucket(&mut k32, &mut scratch_u32());
                assert_eq!(k32, w32);
            }
        }
    }

    fn scratch_u32() -> Vec<u32> {
        Vec::new()
    }

    #[test]
    fn buckets_are_ordered_and_cover_every_key() {
        let keys: Vec<u64> = (0..200_000u64)
            .map(|i| (i * 2_654_435_761) % 1_000_003 + 17)
            .collect();
        let (min, max) = (*keys.iter().min().unwrap(), *keys.iter().max().unwrap());
        let chunks = 3;
        let len = keys.len().div_ceil(chunks);
        let dc = count_digits(chunks, min, max, |c| {
            keys[c * len..((c + 1) * len).min(keys.len())]
                .iter()
                .copied()
        });
        let s = dc.splitter();
        assert!(s.buckets() > 1);
        let counts = dc.bucket_counts(&s);
        let mut dest = vec![0u64; keys.len()];
        let (mut ps, starts) = pieces(&mut dest, &counts, s.buckets()).unwrap();
        for (c, piece_list) in ps.iter_mut().enumerate() {
            let mut cursor = vec![0usize; s.buckets()];
            for &k in &keys[c * len..((c + 1) * len).min(keys.len())] {
                let b = s.bucket(k).unwrap();
                piece_list[b][cursor[b]] = k;
                cursor[b] += 1;
            }
        }
        for b in 0..s.buckets() {
            let part = &dest[starts[b]..starts[b + 1]];
            if b + 1 < s.buckets() && !part.is_empty() {
                let next = &dest[starts[b + 1]..starts[b + 2]];
                assert!(next.iter().all(|&k| k > *part.iter().max().unwrap()));
            }
            assert!(part.len() <= 2 * TARGET_BUCKET);
        }
        let mut a = dest.clone();
        a.sort_unstable();
        let mut b = keys.clone();
        b.sort_unstable();
        assert_eq!(a, b);
    }
}
