//! The sweep state: the distinct scores, descending, with the positive and
//! the negative count (or summed weight) at each.
//!
//! It is what a sweep is made of before the counts are accumulated, and what
//! can be combined: [`State::merge`] of the states of two parts of the data
//! is a linear merge-join and gives the state of the whole, so that
//! [`State::finalize`] of merged states is the sweep of all the data at once
//! (exactly, for counts; for summed weights, to the rounding of the sums,
//! and exactly where the partial sums are exact, as for weights with few
//! binary digits). Streaming, out-of-core and map-reduce sweeps are built on
//! it.

use super::keys::Score;
use super::{sweep_unweighted, weighted::weighted_state, Count, Sweep};
use crate::alloc::{try_copy, try_with_capacity, try_zeroed};
use crate::error::{Error, Result};

/// Distinct scores, descending, with the positives and negatives at each.
#[derive(Debug, Clone, PartialEq)]
pub struct State<S, C> {
    /// The distinct scores, strictly descending.
    pub scores: Vec<S>,
    /// The positives (or their summed weight) at each score.
    pub pos: Vec<C>,
    /// The negatives (or their summed weight) at each score.
    pub neg: Vec<C>,
    /// The unit of summed weights, as in [`Sweep::scale`]: true sums are
    /// the stored ones times `2^scale`.
    pub scale: i32,
}

impl<S: Score, C: Count> Default for State<S, C> {
    fn default() -> Self {
        State {
            scores: Vec::new(),
            pos: Vec::new(),
            neg: Vec::new(),
            scale: 0,
        }
    }
}

impl<S: Score, C: Count> State<S, C> {
    /// The number of distinct scores.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// A copy, or [`Error::OutOfMemory`].
    pub fn try_clone(&self) -> Result<Self> {
        Ok(State {
            scores: try_copy("the scores", &self.scores)?,
            pos: try_copy("the counts", &self.pos)?,
            neg: try_copy("the counts", &self.neg)?,
            scale: self.scale,
        })
    }

    /// Whether no sample has been seen.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The totals `(positives, negatives)`, summed in score order.
    pub fn totals(&self) -> (C, C) {
        let sum = |v: &[C]| v.iter().fold(C::default(), |a, &b| a + b);
        (sum(&self.pos), sum(&self.neg))
    }

    /// The state of a sweep: the differences of its cumulative counts (in
    /// place, no new memory).
    pub fn from_sweep(s: Sweep<S, C>) -> Self {
        let Sweep {
            thresholds,
            mut tp,
            mut fp,
            scale,
            ..
        } = s;
        for v in [&mut tp, &mut fp] {
            for i in (1..v.len()).rev() {
                v[i] = v[i] - v[i - 1];
            }
        }
        State {
            scores: thresholds,
            pos: tp,
            neg: fp,
            scale,
        }
    }

    /// The sweep: cumulative counts at every distinct score (in place). The
    /// sums run in score order, so the result depends on the state only.
    pub fn finalize(self) -> Result<Sweep<S, C>> {
        if self.is_empty() {
            return Err(Error::invalid(
                "state",
                "an empty state",
                "update it with at least one sample of non-zero weight before finalizing",
            ));
        }
        let State {
            scores,
            mut pos,
            mut neg,
            scale,
        } = self;
        // Summed weights: the complements too, summed from the low end.
        let complement = if C::EXACT {
            None
        } else {
            let below = |v: &[C]| -> Result<Vec<C>> {
                let mut out = try_zeroed::<C>("the complement sums", v.len())?;
                let mut acc = C::default();
                for i in (0..v.len()).rev() {
                    out[i] = acc;
                    acc = acc + v[i];
                }
                Ok(out)
            };
            Some([below(&pos)?, below(&neg)?])
        };
        for v in [&mut pos, &mut neg] {
            for i in 1..v.len() {
                v[i] = v[i - 1] + v[i];
            }
        }
        let (n_pos, n_neg) = (pos[pos.len() - 1], neg[neg.len() - 1]);
        Ok(Sweep {
            thresholds: scores,
            tp: pos,
            fp: neg,
            complement,
            n_pos,
            n_neg,
            scale,
        })
    }

    /// The state of the data of `self` and `other` together: a merge-join on
    /// the scores, adding the counts at scores both have.
    pub fn merge(&self, other: &Self) -> Result<Self> {
        let (a, b) = (self, other);
        let most = a.len() + b.len();
        // One unit for both (summed weights only): the larger, or larger
        // still if the merged sums could leave the window of `weight_scale`.
        let mut scale = a.scale.max(b.scale);
        let total = |s: &Self| {
            let (p, n) = s.totals();
            (p.to_f64() + n.to_f64()) * 2f64.powi((s.scale - scale).max(-1000))
        };
        let t = total(a) + total(b);
        if t > 2f64.powi(500) {
            scale += (t.log2() - 500.0).ceil() as i32;
        }
        let (ea, eb) = (a.scale - scale, b.scale - scale);
        let mut out = State {
            scores: try_with_capacity("the merged scores", most)?,
            pos: try_with_capacity("the merged counts", most)?,
            neg: try_with_capacity("the merged counts", most)?,
            scale,
        };
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if (i + j) % (1 << 20) == 0 {
                crate::interrupt::check()?;
            }
            // Ascending keys are descending scores.
            let ka = a.scores.get(i).map(|s| s.key());
            let kb = b.scores.get(j).map(|s| s.key());
            let take = match (ka, kb) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match take {
                std::cmp::Ordering::Less => {
                    out.push(
                        a.scores[i],
                        a.pos[i].times_pow2(ea),
                        a.neg[i].times_pow2(ea),
                    );
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(
                        b.scores[j],
                        b.pos[j].times_pow2(eb),
                        b.neg[j].times_pow2(eb),
                    );
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(
                        a.scores[i],
                        a.pos[i].times_pow2(ea) + b.pos[j].times_pow2(eb),
                        a.neg[i].times_pow2(ea) + b.neg[j].times_pow2(eb),
                    );
                    i += 1;
                    j += 1;
                }
            }
        }
        if out.len() < most / 2 {
            out.scores.shrink_to_fit();
            out.pos.shrink_to_fit();
            out.neg.shrink_to_fit();
        }
        Ok(out)
    }

    fn push(&mut self, s: S, p: C, n: C) {
        self.scores.push(s);
        self.pos.push(p);
        self.neg.push(n);
    }

    /// Builds a state from its three columns (as a pickle carries them),
    /// checking everything a state promises: equal lengths, finite scores in
    /// strictly descending order, counts finite and >= 0, and at least one
    /// sample at each score.
    pub fn from_parts(scores: Vec<S>, pos: Vec<C>, neg: Vec<C>, scale: i32) -> Result<Self> {
        if pos.len() != scores.len() || neg.len() != scores.len() {
            return Err(Error::invalid(
                "state",
                format!(
                    "columns of lengths {}, {} and {}",
                    scores.len(),
                    pos.len(),
                    neg.len()
                ),
                "scores, positives and negatives must have one length",
            ));
        }
        if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
            return Err(Error::invalid(
                "state",
                format!("score {} at index {i}", crate::num::show(scores[i].into())),
                "scores must be finite",
            ));
        }
        if let Some(i) = (1..scores.len()).find(|&i| scores[i].key() <= scores[i - 1].key()) {
            return Err(Error::invalid(
                "state",
                format!("scores out of order at index {i}"),
                "scores must be distinct and descending",
            ));
        }
        let zero = C::default();
        if let Some(i) = (0..scores.len()).find(|&i| {
            let (p, n) = (pos[i].to_f64(), neg[i].to_f64());
            !(p.is_finite() && n.is_finite() && p >= 0.0 && n >= 0.0) || (pos[i] + neg[i]) <= zero
        }) {
            return Err(Error::invalid(
                "state",
                format!(
                    "counts ({}, {}) at index {i}",
                    crate::num::show(pos[i].to_f64()),
                    crate::num::show(neg[i].to_f64())
                ),
                "counts must be finite, >= 0 and not both zero",
            ));
        }
        if !(-2200..=2200).contains(&scale) {
            return Err(Error::invalid(
                "state",
                format!("scale {scale}"),
                "the scale is a power of two within +-2200",
            ));
        }
        Ok(State {
            scores,
            pos,
            neg,
            scale,
        })
    }

    /// Every score as `f64`, in a state of `f64` scores (exact: every `f32`
    /// is an `f64`).
    pub fn widen_scores(&self) -> Result<State<f64, C>> {
        let mut scores = try_zeroed::<f64>("the scores", self.len())?;
        for (o, &s) in scores.iter_mut().zip(&self.scores) {
            *o = s.into();
        }
        Ok(State {
            scores,
            pos: try_copy("the counts", &self.pos)?,
            neg: try_copy("the counts", &self.neg)?,
            scale: self.scale,
        })
    }
}

impl<S: Score> State<S, u64> {
    /// The state of unweighted samples (`labels[i] != 0` marks a positive).
    /// An empty batch gives the empty state.
    pub fn from_samples(scores: &[S], labels: &[u8]) -> Result<Self> {
        if scores.is_empty() && labels.is_empty() {
            return Ok(State::default());
        }
        Ok(State::from_sweep(sweep_unweighted::<S, u64>(
            scores, labels,
        )?))
    }

    /// The counts as summed weights (exact below 2^53 samples).
    pub fn to_weights(&self) -> Result<State<S, f64>> {
        let conv = |v: &[u64]| -> Result<Vec<f64>> {
            let mut o = try_zeroed::<f64>("the summed weights", v.len())?;
            for (o, &x) in o.iter_mut().zip(v) {
                *o = x as f64;
            }
            Ok(o)
        };
        Ok(State {
            scores: try_copy("the scores", &self.scores)?,
            pos: conv(&self.pos)?,
            neg: conv(&self.neg)?,
            scale: 0,
        })
    }
}

impl<S: Score> State<S, f64> {
    /// The state of weighted samples; samples of weight zero are left out.
    /// An empty batch gives the empty state.
    pub fn from_weighted_samples(scores: &[S], labels: &[u8], weights: &[f64]) -> Result<Self> {
        if scores.is_empty() && labels.is_empty() && weights.is_empty() {
            return Ok(State::default());
        }
        Ok(match weighted_state(scores, labels, weights)? {
            Some(s) => State {
                scores: s.thresholds,
                pos: s.tp,
                neg: s.fp,
                scale: s.scale,
            },
            None => State::default(),
        })
    }
}

impl<S: Score> Sweep<S, u64> {
    /// The same sweep with `u32` counts, when every count fits.
    pub fn narrow(self) -> Result<Sweep<S, u32>> {
        let conv = |v: Vec<u64>| -> Result<Vec<u32>> {
            let mut o = try_zeroed::<u32>("the counts", v.len())?;
            for (o, &x) in o.iter_mut().zip(&v) {
                *o = u32::try_from(x).map_err(|_| {
                    Error::invalid("counts", x, "counts must be below 2^32 to narrow")
                })?;
            }
            Ok(o)
        };
        let n_pos = u32::try_from(self.n_pos).ok();
        let n_neg = u32::try_from(self.n_neg).ok();
        match (n_pos, n_neg) {
            (Some(n_pos), Some(n_neg)) => Ok(Sweep {
                thresholds: self.thresholds,
                tp: conv(self.tp)?,
                fp: conv(self.fp)?,
                complement: None,
                n_pos,
                n_neg,
                scale: 0,
            }),
            _ => Err(Error::invalid(
                "counts",
                self.n_pos.saturating_add(self.n_neg),
                "counts must be below 2^32 to narrow",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::sweep_weighted;

    use crate::sweep::testing::Lcg;

    #[test]
    fn merged_parts_are_the_sweep_of_the_whole() {
        let mut rng = Lcg(11);
        for n in [1usize, 7, 300, 40_000] {
            let scores: Vec<f64> = (0..n).map(|_| (rng.next() % 61) as f64 - 30.0).collect();
            let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 4 == 0) as u8).collect();
            // Weights with few binary digits: every partial sum is exact.
            let weights: Vec<f64> = (0..n).map(|_| (rng.next() % 9) as f64 / 4.0).collect();
            let whole = sweep_unweighted::<f64, u64>(&scores, &labels).unwrap();
            let whole_w = sweep_weighted(&scores, &labels, &weights).unwrap();
            for parts in [1usize, 2, 5] {
                let mut st = State::<f64, u64>::default();
                let mut sw = State::<f64, f64>::default();
                for p in 0..parts {
                    let r = p * n / parts..(p + 1) * n / parts;
                    let part = State::from_samples(&scores[r.clone()], &labels[r.clone()]).unwrap();
                    st = st.merge(&part).unwrap();
                    let part_w = State::from_weighted_samples(
                        &scores[r.clone()],
                        &labels[r.clone()],
                        &weights[r],
                    )
                    .unwrap();
                    sw = part_w.merge(&sw).unwrap();
                }
                let s = st.finalize().unwrap();
                assert_eq!(
                    (&s.thresholds, &s.tp, &s.fp, s.n_pos, s.n_neg),
                    (
                        &whole.thresholds,
                        &whole.tp,
                        &whole.fp,
                        whole.n_pos,
                        whole.n_neg
                    )
                );
                let w = sw.finalize().unwrap();
                assert_eq!(
                    (&w.thresholds, &w.tp, &w.fp, w.n_pos, w.n_neg),
                    (
                        &whole_w.thresholds,
                        &whole_w.tp,
                        &whole_w.fp,
                        whole_w.n_pos,
                        whole_w.n_neg
                    )
                );
            }
        }
    }

    #[test]
    fn parts_are_checked() {
        assert!(State::<f64, u64>::from_parts(vec![2.0, 1.0], vec![1, 0], vec![0, 1], 0).is_ok());
        for (s, p, n) in [
            (vec![1.0, 2.0], vec![1u64, 0], vec![0u64, 1]),
            (vec![1.0, 1.0], vec![1, 0], vec![0, 1]),
            (vec![1.0, 0.5], vec![0, 0], vec![0, 1]),
            (vec![f64::NAN], vec![1], vec![0]),
            (vec![1.0], vec![1, 2], vec![0]),
        ] {
            assert!(State::<f64, u64>::from_parts(s, p, n, 0).is_err());
        }
        assert!(State::<f64, f64>::from_parts(vec![1.0], vec![-1.0], vec![2.0], 0).is_err());
        assert!(State::<f64, u64>::default().finalize().is_err());
    }
}
