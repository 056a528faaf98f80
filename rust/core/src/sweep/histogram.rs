//! The first pass of a sweep too large for memory: positives, negatives and
//! rows over the top bits of the score key.
//!
//! A bucket holds the scores whose key (see [`Score::key`]) shares its top
//! `bits` bits, so bucket 0 holds the highest scores and buckets follow the
//! descending order of the scores. Histograms of parts of the data add up to
//! the histogram of all of it, in any order (counts in `u64`; weights in
//! `f64`, to the rounding of their sums). Each bucket also keeps the smallest
//! and largest key seen, so that a bucket holding one distinct score is known
//! exactly from the histogram alone, and the number of distinct scores a
//! bucket can hold is bounded by `hi - lo + 1`.

use super::keys::Score;
use super::partition::RadixKey;
use crate::alloc::try_zeroed;
use crate::error::{Error, Result};

/// Bits of the bucket index: from 1 to 24 (16 M buckets, 900 MB of arrays).
pub const MAX_BITS: u32 = 24;

/// Counts over buckets of the score key.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Bits of the bucket index.
    pub bits: u32,
    /// Bits of the key (32 for `f32` scores, 64 for `f64`).
    pub key_bits: u32,
    /// Rows in each bucket (weight zero included).
    pub rows: Vec<u64>,
    /// Positives in each bucket.
    pub pos: Vec<u64>,
    /// Negatives in each bucket.
    pub neg: Vec<u64>,
    /// Summed weights of the positives and negatives, for weighted data.
    pub weights: Option<[Vec<f64>; 2]>,
    /// The smallest key in each bucket (`u64::MAX` when it is empty).
    pub lo: Vec<u64>,
    /// The largest key in each bucket (0 when it is empty).
    pub hi: Vec<u64>,
}

impl Histogram {
    /// An empty histogram of `2^bits` buckets for scores of `key_bits` bits.
    pub fn new(bits: u32, key_bits: u32, weighted: bool) -> Result<Self> {
        if !(1..=MAX_BITS).contains(&bits) || bits > key_bits {
            return Err(Error::invalid(
                "bits",
                bits,
                format!("bits must be from 1 to {}", MAX_BITS.min(key_bits)),
            ));
        }
        if key_bits != 32 && key_bits != 64 {
            return Err(Error::invalid(
                "key_bits",
                key_bits,
                "key_bits must be 32 or 64",
            ));
        }
        let n = 1usize << bits;
        let weights = if weighted {
            Some([
                try_zeroed("the histogram", n)?,
                try_zeroed("the histogram", n)?,
            ])
        } else {
            None
        };
        let mut lo: Vec<u64> = try_zeroed("the histogram", n)?;
        lo.fill(u64::MAX);
        Ok(Histogram {
            bits,
            key_bits,
            rows: try_zeroed("the histogram", n)?,
            pos: try_zeroed("the histogram", n)?,
            neg: try_zeroed("the histogram", n)?,
            weights,
            lo,
            hi: try_zeroed("the histogram", n)?,
        })
    }

    /// The number of buckets.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the histogram has no buckets (never: it has at least two).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How far a key is shifted right to give its bucket.
    pub fn shift(&self) -> u32 {
        self.key_bits - self.bits
    }

    fn check_score<S: Score>(&self) -> Result<()> {
        let bits = 8 * std::mem::size_of::<S>() as u32;
        if bits != self.key_bits {
            return Err(Error::invalid(
                "y_score",
                format!("float{bits} scores"),
                format!(
                    "every batch must have the score dtype of the first (float{})",
                    self.key_bits
                ),
            ));
        }
        Ok(())
    }

    /// Adds a batch. Labels are 0 or 1; weights, if any, finite and >= 0.
    /// A refused batch (a NaN or infinite score, a bad label, lengths that
    /// differ) leaves the histogram as it was; the error names the index.
    pub fn update<S: Score>(
        &mut self,
        scores: &[S],
        labels: &[u8],
        weights: Option<&[f64]>,
    ) -> Result<()> {
        self.check_score::<S>()?;
        check_batch(scores, labels, weights)?;
        if weights.is_some() != self.weights.is_some() {
            return Err(Error::invalid(
                "sample_weight",
                if weights.is_some() {
                    "weights"
                } else {
                    "no weights"
                },
                "every batch must be weighted, or none",
            ));
        }
        let shift = self.shift();
        for (i, (&s, &y)) in scores.iter().zip(labels).enumerate() {
            if i % (1 << 20) == 0 {
                crate::interrupt::check()?;
            }
            let key: u64 = s.key().to_u64();
            let b = (key >> shift) as usize;
            // b < 2^bits by construction: key < 2^key_bits.
            let Some(rows) = self.rows.get_mut(b) else {
                continue;
            };
            *rows += 1;
            if y != 0 {
                self.pos[b] += 1;
            } else {
                self.neg[b] += 1;
            }
            if let (Some([wp, wn]), Some(w)) = (&mut self.weights, weights) {
                if y != 0 {
                    wp[b] += w[i];
                } else {
                    wn[b] += w[i];
                }
            }
            self.lo[b] = self.lo[b].min(key);
            self.hi[b] = self.hi[b].max(key);
        }
        Ok(())
    }

    /// Adds another histogram of the same shape.
    pub fn merge(&mut self, other: &Histogram) -> Result<()> {
        if other.bits != self.bits || other.key_bits != self.key_bits {
            return Err(Error::invalid(
                "other",
                format!(
                    "a histogram of {} bits over float{} keys",
                    other.bits, other.key_bits
                ),
                format!(
                    "histograms must have the same shape ({} bits over float{} keys)",
                    self.bits, self.key_bits
                ),
            ));
        }
        if other.weights.is_some() != self.weights.is_some() {
            return Err(Error::invalid(
                "other",
                if other.weights.is_some() {
                    "a weighted histogram"
                } else {
                    "an unweighted histogram"
                },
                "histograms must be both weighted or both unweighted",
            ));
        }
        for b in 0..self.len() {
            self.rows[b] += other.rows[b];
            self.pos[b] += other.pos[b];
            self.neg[b] += other.neg[b];
            self.lo[b] = self.lo[b].min(other.lo[b]);
            self.hi[b] = self.hi[b].max(other.hi[b]);
        }
        if let (Some([a, b]), Some([c, d])) = (&mut self.weights, &other.weights) {
            a.iter_mut().zip(c).for_each(|(x, y)| *x += y);
            b.iter_mut().zip(d).for_each(|(x, y)| *x += y);
        }
        Ok(())
    }
}

/// The bucket of every score, for `2^bits` buckets.
pub fn buckets<S: Score>(scores: &[S], bits: u32) -> Result<Vec<u32>> {
    let key_bits = 8 * std::mem::size_of::<S>() as u32;
    if !(1..=MAX_BITS).contains(&bits) || bits > key_bits {
        return Err(Error::invalid(
            "bits",
            bits,
            format!("bits must be from 1 to {}", MAX_BITS.min(key_bits)),
        ));
    }
    let shift = key_bits - bits;
    let mut out = crate::alloc::try_with_capacity("the buckets", scores.len())?;
    out.extend(scores.iter().map(|&s| {
        let key: u64 = s.key().to_u64();
        (key >> shift) as u32
    }));
    Ok(out)
}

/// The score whose key is `key` (for `f32` scores, the low 32 bits), as `f64`.
pub fn score_of_key<S: Score>(key: u64) -> f64 {
    S::from_key_u64(key).into()
}

fn check_batch<S: Score>(scores: &[S], labels: &[u8], weights: Option<&[f64]>) -> Result<()> {
    if labels.len() != scores.len() {
        return Err(Error::invalid(
            "y_true",
            format!("length {}", labels.len()),
            format!("y_true must have the length of y_score ({})", scores.len()),
        ));
    }
    if let Some(w) = weights {
        if w.len() != scores.len() {
            return Err(Error::invalid(
                "sample_weight",
                format!("length {}", w.len()),
                format!(
                    "sample_weight must have the length of y_score ({})",
                    scores.len()
                ),
            ));
        }
        if let Some(i) = w.iter().position(|w| !(w.is_finite() && *w >= 0.0)) {
            return Err(Error::invalid(
                "sample_weight",
                format!("{} at index {i}", w[i]),
                "weights must be finite and >= 0",
            ));
        }
    }
    if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
        return Err(Error::invalid(
            "y_score",
            format!("{} at index {i}", scores[i]),
            "scores must be finite numbers",
        ));
    }
    if let Some(i) = labels.iter().position(|&y| y > 1) {
        return Err(Error::invalid(
            "y_true",
            format!("{} at index {i}", labels[i]),
            "labels must be 0 or 1",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_descending_scores_and_histograms_add() {
        let s: Vec<f64> = vec![0.9, -3.0, 0.1, 0.1, 2.5, -0.0, 0.0, 1e300];
        let y = vec![1u8, 0, 0, 1, 1, 0, 0, 1];
        let b = buckets(&s, 12).unwrap();
        // a higher score never gets a higher bucket
        for i in 0..s.len() {
            for j in 0..s.len() {
                if s[i] > s[j] {
                    assert!(b[i] <= b[j]);
                }
            }
        }
        let mut whole = Histogram::new(12, 64, false).unwrap();
        whole.update(&s, &y, None).unwrap();
        let mut a = Histogram::new(12, 64, false).unwrap();
        let mut c = Histogram::new(12, 64, false).unwrap();
        a.update(&s[..3], &y[..3], None).unwrap();
        c.update(&s[3..], &y[3..], None).unwrap();
        a.merge(&c).unwrap();
        assert_eq!(a, whole);
        assert_eq!(whole.pos.iter().sum::<u64>(), 4);
        assert_eq!(whole.rows.iter().sum::<u64>(), 8);
        // -0.0 and 0.0 share one key: the bucket holds one distinct score
        let z = b[5] as usize;
        assert_eq!(whole.lo[z], whole.hi[z]);
        assert_eq!(score_of_key::<f64>(whole.lo[z]), 0.0);
    }

    #[test]
    fn refused_batches_change_nothing() {
        let mut h = Histogram::new(8, 32, false).unwrap();
        let before = h.clone();
        assert!(h.update(&[0.5f32, f32::NAN], &[0, 1], None).is_err());
        assert!(h.update(&[0.5f32], &[2], None).is_err());
        assert!(h.update(&[0.5f64], &[1], None).is_err());
        assert!(h.update(&[0.5f32], &[1], Some(&[1.0])).is_err());
        assert_eq!(h, before);
        assert!(Histogram::new(0, 32, false).is_err());
        assert!(Histogram::new(25, 64, false).is_err());
    }
}
