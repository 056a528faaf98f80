//! Calibration from the sweep state: the isotonic (PAV) recalibration of the
//! scores on their distinct values, and the CORP score decompositions
//! (Dimitriadis, Gneiting & Jordan, PNAS 2021).
//!
//! Everything here reads the state: the distinct scores with the positive
//! and negative weight (count or summed sample weight) at each, in the
//! descending order the sweep keeps them ([`Masses`]). So the recalibration
//! of `n` samples is one pass over `m <= n` distinct scores, with no sort.
//!
//! **Ties.** Two scores are tied when they are equal (the sweep's distinct
//! scores, with -0.0 folded onto +0.0), and only then. scikit-learn's
//! `IsotonicRegression` also merges scores closer than the dtype's
//! resolution (1e-15 for float64, 1e-6 for float32); a threshold separates
//! such scores (`score >= t` decides at exact values), so merging them would
//! give a recalibration that no threshold rule of the sweep attains, and the
//! breakpoints would no longer be vertices of the ROC convex hull.

use crate::alloc::try_zeroed;
use crate::error::{Error, Result};

use super::{Count, Score};

/// A sweep state read point by point: index `i` counts from the highest
/// score down.
pub trait Masses: Sync {
    /// The number of distinct scores.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The `i`-th highest distinct score.
    fn score(&self, i: usize) -> f64;
    /// The positive and the negative weight at that score.
    fn masses(&self, i: usize) -> (f64, f64);
}

/// The masses of a finished sweep: differences of its cumulative sums
/// (exact for counts; for summed weights, to a rounding of the running sum,
/// as [`super::State::from_sweep`] takes them).
pub struct SweepMasses<'a, S, C> {
    /// Distinct scores, descending.
    pub thresholds: &'a [S],
    /// Cumulative positives.
    pub tp: &'a [C],
    /// Cumulative negatives.
    pub fp: &'a [C],
}

impl<S: Score, C: Count> Masses for SweepMasses<'_, S, C> {
    #[inline]
    fn len(&self) -> usize {
        self.thresholds.len()
    }
    #[inline]
    fn score(&self, i: usize) -> f64 {
        self.thresholds[i].into()
    }
    #[inline]
    fn masses(&self, i: usize) -> (f64, f64) {
        if i == 0 {
            (self.tp[0].to_f64(), self.fp[0].to_f64())
        } else {
            (
                (self.tp[i] - self.tp[i - 1]).to_f64(),
                (self.fp[i] - self.fp[i - 1]).to_f64(),
            )
        }
    }
}

/// Masses held as plain columns (a bootstrap replicate; scores descending).
pub struct Columns<'a> {
    /// Distinct scores, descending.
    pub scores: &'a [f64],
    /// Positive weight at each.
    pub pos: &'a [f64],
    /// Negative weight at each.
    pub neg: &'a [f64],
}

impl Masses for Columns<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.scores.len()
    }
    #[inline]
    fn score(&self, i: usize) -> f64 {
        self.scores[i]
    }
    #[inline]
    fn masses(&self, i: usize) -> (f64, f64) {
        (self.pos[i], self.neg[i])
    }
}

/// Points between two looks at the interrupt flag.
const STOP_CHUNK: usize = 1 << 20;

/// The isotonic recalibration.
#[derive(Debug, Clone)]
pub struct Isotonic {
    /// The recalibrated probability of every distinct score, ascending by
    /// score (the reverse of the sweep's order).
    pub calibrated: Vec<f64>,
    /// The ascending index of the first score of each constant block: the
    /// breakpoints of the recalibration.
    pub block_starts: Vec<usize>,
}

/// One block of pooled adjacent points.
#[derive(Clone, Copy)]
struct Block {
    /// Positive weight.
    pos: f64,
    /// Total weight.
    total: f64,
    /// Ascending index of its first point.
    start: usize,
}

/// The isotonic (non-decreasing) regression of the positive fraction on the
/// score, weighted by the weight at each distinct score: pool adjacent
/// violators in one ascending pass with a stack of blocks.
///
/// Blocks pool while the lower one's mean is at least the upper one's, so
/// block means increase strictly and every breakpoint is a vertex of the
/// ROC convex hull. Means are compared as cross products (no division).
/// Scores of zero weight (absent from a bootstrap replicate) join the block
/// below them. If every weight is zero the result is NaN.
pub fn isotonic<M: Masses>(m: &M) -> Result<Isotonic> {
    let n = m.len();
    let mut blocks: Vec<Block> = Vec::new();
    for k in 0..n {
        if k % STOP_CHUNK == 0 {
            crate::interrupt::check()?;
        }
        let (p, q) = m.masses(n - 1 - k);
        let w = p + q;
        if w <= 0.0 {
            if blocks.is_empty() {
                blocks.push(Block {
                    pos: 0.0,
                    total: 0.0,
                    start: k,
                });
            }
            continue;
        }
        match blocks.last_mut() {
            // A leading block of zero weight takes the first weighted point.
            Some(top) if top.total <= 0.0 => {
                top.pos = p;
                top.total = w;
            }
            _ => {
                if blocks.len() == blocks.capacity() {
                    blocks
                        .try_reserve(blocks.len().max(64))
                        .map_err(|_| Error::OutOfMemory {
                            what: "the isotonic blocks".into(),
                            bytes: 2 * blocks.len().max(64) * std::mem::size_of::<Block>(),
                        })?;
                }
                blocks.push(Block {
                    pos: p,
                    total: w,
                    start: k,
                });
            }
        }
        while blocks.len() >= 2 {
            let (lo, hi) = (blocks[blocks.len() - 2], blocks[blocks.len() - 1]);
            if lo.pos * hi.total >= hi.pos * lo.total {
                blocks.pop();
                if let Some(top) = blocks.last_mut() {
                    top.pos += hi.pos;
                    top.total += hi.total;
                }
            } else {
                break;
            }
        }
    }
    let mut calibrated = try_zeroed::<f64>("the recalibrated scores", n)?;
    let mut block_starts = Vec::new();
    block_starts
        .try_reserve_exact(blocks.len())
        .map_err(|_| Error::OutOfMemory {
            what: "the isotonic blocks".into(),
            bytes: blocks.len() * 8,
        })?;
    for (b, blk) in blocks.iter().enumerate() {
        let end = blocks.get(b + 1).map_or(n, |x| x.start);
        let mean = if blk.total > 0.0 {
            blk.pos / blk.total
        } else {
            f64::NAN
        };
        calibrated[blk.start..end].fill(mean);
        block_starts.push(blk.start);
    }
    Ok(Isotonic {
        calibrated,
        block_starts,
    })
}

/// A score split as `score = mcb - dsc + unc`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Decomposition {
    /// The mean score of the original forecasts.
    pub score: f64,
    /// Miscalibration: the score minus the score of the recalibrated forecasts.
    pub mcb: f64,
    /// Discrimination: the score of the climatology (the overall positive
    /// fraction) minus the score of the recalibrated forecasts.
    pub dsc: f64,
    /// Uncertainty: the score of the climatology.
    pub unc: f64,
}

/// The Brier score and the log loss, each decomposed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Decompositions {
    /// Mean squared error of the probabilities.
    pub brier: Decomposition,
    /// Mean negative log-likelihood (natural log); infinite when a positive
    /// scores 0 or a negative scores 1.
    pub log_loss: Decomposition,
}

/// Neumaier's compensated sum: sums of 10^7 terms keep their last digits,
/// which matters for MCB, often a thousandth of the score.
#[derive(Clone, Copy, Default)]
struct Sum {
    s: f64,
    c: f64,
}

impl Sum {
    #[inline(always)]
    fn add(&mut self, x: f64) {
        let t = self.s + x;
        // An infinite log loss stays infinite (its compensation would be NaN).
        if t.is_finite() {
            if self.s.abs() >= x.abs() {
                self.c += (self.s - t) + x;
            } else {
                self.c += (x - t) + self.s;
            }
        }
        self.s = t;
    }
    #[inline(always)]
    fn get(self) -> f64 {
        if !self.s.is_finite() {
            return self.s;
        }
        self.s + self.c
    }
}

/// `a * ln(b / c)` with `0 * anything = 0` (the convention of the log
/// loss: a class with no weight contributes nothing).
#[inline(always)]
fn w_ln_ratio(a: f64, b: f64, c: f64) -> f64 {
    if a == 0.0 {
        0.0
    } else {
        a * (b.ln() - c.ln())
    }
}

/// `-(a ln b)` with `0 ln 0 = 0`.
#[inline(always)]
fn neg_xlogy(a: f64, b: f64) -> f64 {
    if a == 0.0 {
        0.0
    } else {
        -a * b.ln()
    }
}

/// The CORP decompositions of the Brier score and the log loss, from the
/// masses and their recalibration (ascending, as [`isotonic`] gives it).
///
/// Scores must lie in [0, 1] (the caller checks). MCB and DSC are summed as
/// differences per point (`(x - c)(pos (x + c - 2) + neg (x + c))` for the
/// Brier score), not as the difference of two large sums, so a small MCB
/// keeps its digits.
pub fn decompose<M: Masses>(m: &M, calibrated: &[f64]) -> Result<Decompositions> {
    let n = m.len();
    if calibrated.len() != n {
        return Err(Error::invalid(
            "calibrated",
            format!("length {}", calibrated.len()),
            format!("one value per distinct score ({n})"),
        ));
    }
    let (mut wp, mut wt) = (Sum::default(), Sum::default());
    for i in 0..n {
        let (p, q) = m.masses(i);
        wp.add(p);
        wt.add(p + q);
    }
    let (wp, wt) = (wp.get(), wt.get());
    let r = wp / wt;
    let (mut bs, mut bm, mut bd) = (Sum::default(), Sum::default(), Sum::default());
    let (mut ls, mut lm, mut ld) = (Sum::default(), Sum::default(), Sum::default());
    for i in 0..n {
        if i % STOP_CHUNK == 0 {
            crate::interrupt::check()?;
        }
        let (p, q) = m.masses(i);
        let x = m.score(i);
        let c = calibrated[n - 1 - i];
        if p + q <= 0.0 {
            continue;
        }
        bs.add(p * (1.0 - x) * (1.0 - x) + q * x * x);
        bm.add((x - c) * (p * (x + c - 2.0) + q * (x + c)));
        bd.add((r - c) * (p * (r + c - 2.0) + q * (r + c)));
        ls.add(neg_xlogy(p, x) + neg_xlogy(q, 1.0 - x));
        lm.add(w_ln_ratio(p, c, x) + w_ln_ratio(q, 1.0 - c, 1.0 - x));
        ld.add(w_ln_ratio(p, c, r) + w_ln_ratio(q, 1.0 - c, 1.0 - r));
    }
    let unc_log = (neg_xlogy(r, r) + neg_xlogy(1.0 - r, 1.0 - r)).max(0.0);
    Ok(Decompositions {
        brier: Decomposition {
            score: bs.get() / wt,
            mcb: bm.get() / wt,
            dsc: bd.get() / wt,
            unc: r * (1.0 - r),
        },
        log_loss: Decomposition {
            score: ls.get() / wt,
            mcb: lm.get() / wt,
            dsc: ld.get() / wt,
            unc: unc_log,
        },
    })
}

/// The recalibration evaluated at `grid` (ascending scores): the value of
/// the highest distinct score at or below each grid point (the first block's
/// value below every score).
pub fn isotonic_at<M: Masses>(m: &M, grid: &[f64]) -> Result<Vec<f64>> {
    let iso = isotonic(m)?;
    let n = m.len();
    let mut out = try_zeroed::<f64>("the curve", grid.len())?;
    let mut k = 0usize; // ascending index of the next score above the grid point
    for (o, &g) in out.iter_mut().zip(grid) {
        while k < n && m.score(n - 1 - k) <= g {
            k += 1;
        }
        *o = iso.calibrated[k.saturating_sub(1).min(n.saturating_sub(1))];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::testing::Lcg;

    /// The obvious PAV: repeat "pool the first violating adjacent pair" until none.
    fn slow_pav(y: &[f64], w: &[f64]) -> Vec<f64> {
        let mut blocks: Vec<(f64, f64, usize)> =
            y.iter().zip(w).map(|(&y, &w)| (y * w, w, 1)).collect();
        loop {
            let bad = (0..blocks.len().saturating_sub(1))
                .find(|&i| blocks[i].0 / blocks[i].1 > blocks[i + 1].0 / blocks[i + 1].1);
            match bad {
                Some(i) => {
                    let b = blocks.remove(i + 1);
                    blocks[i].0 += b.0;
                    blocks[i].1 += b.1;
                    blocks[i].2 += b.2;
                }
                None => break,
            }
        }
        blocks
            .iter()
            .flat_map(|&(s, w, k)| std::iter::repeat_n(s / w, k))
            .collect()
    }

    #[test]
    fn pav_matches_the_slow_pooling_and_decomposition_adds_up() {
        let mut rng = Lcg(11);
        for n in [1usize, 2, 7, 300] {
            // descending scores in (0, 1), integer masses, some zero on one side
            let scores: Vec<f64> = (0..n).map(|i| 1.0 - (i as f64 + 0.5) / n as f64).collect();
            let pos: Vec<f64> = (0..n).map(|_| (rng.next() % 3) as f64).collect();
            let neg: Vec<f64> = (0..n)
                .map(|i| (rng.next() % 4) as f64 + (pos[i] == 0.0) as u8 as f64)
                .collect();
            let m = Columns {
                scores: &scores,
                pos: &pos,
                neg: &neg,
            };
            let iso = isotonic(&m).unwrap();
            let y: Vec<f64> = (0..n).rev().map(|i| pos[i] / (pos[i] + neg[i])).collect();
            let w: Vec<f64> = (0..n).rev().map(|i| pos[i] + neg[i]).collect();
            let slow = slow_pav(&y, &w);
            for (a, b) in iso.calibrated.iter().zip(&slow) {
                assert!((a - b).abs() < 1e-14, "{a} {b}");
            }
            assert!(iso.calibrated.windows(2).all(|v| v[0] <= v[1]));
            let d = decompose(&m, &iso.calibrated).unwrap();
            for dd in [d.brier, d.log_loss] {
                assert!(
                    (dd.score - (dd.mcb - dd.dsc + dd.unc)).abs() < 1e-13,
                    "{dd:?}"
                );
                assert!(dd.mcb >= -1e-15 && dd.dsc >= -1e-15);
            }
        }
    }

    #[test]
    fn zero_weight_points_join_the_block_below() {
        let scores = [0.9, 0.5, 0.1];
        let m = Columns {
            scores: &scores,
            pos: &[1.0, 0.0, 0.0],
            neg: &[0.0, 0.0, 1.0],
        };
        let iso = isotonic(&m).unwrap();
        assert_eq!(iso.calibrated, vec![0.0, 0.0, 1.0]);
        assert_eq!(iso.block_starts, vec![0, 2]);
        assert_eq!(
            isotonic_at(&m, &[0.0, 0.5, 0.95]).unwrap(),
            vec![0.0, 0.0, 1.0]
        );
    }
}
