//! Decision analysis from the sweep state, on grids: net benefit (Vickers &
//! Elkin 2006), gains, the Kolmogorov-Smirnov statistic, the lower envelope
//! of the cost curve (Drummond & Holte 2006), and the reliability curve.
//!
//! These are what the sort-once bootstrap evaluates in every replicate
//! ([`bands`]): each replicate is a state (the data's distinct scores with
//! resampled masses), and each statistic is one pass over it. Every
//! statistic is a ratio of masses, so the unit of summed weights drops out.
//! A sample is predicted positive when `score >= threshold`.

use crate::alloc::try_zeroed;
use crate::error::{Error, Result};

use super::bootstrap::{map_replicate_states, Method};
use super::calibration::{decompose, isotonic, isotonic_at, Columns, Masses};
use super::Score;

/// What to evaluate in each replicate, and where.
#[derive(Debug, Clone, PartialEq)]
pub enum Statistic {
    /// The isotonic recalibration at these scores (ascending).
    Reliability(Vec<f64>),
    /// Net benefit at these thresholds (each in [0, 1)).
    NetBenefit(Vec<f64>),
    /// The gain (share of the positives caught) at these fractions of the
    /// population (ascending, in [0, 1]), linear within a tie.
    Gains(Vec<f64>),
    /// The normalised expected cost of the ROC convex hull at these
    /// probability costs (ascending, in [0, 1]).
    CostEnvelope(Vec<f64>),
    /// `[ks, brier score, mcb, dsc, unc, log loss, mcb, dsc, unc]`.
    Scalars,
}

impl Statistic {
    /// The number of values per replicate.
    pub fn width(&self) -> usize {
        match self {
            Statistic::Reliability(g)
            | Statistic::NetBenefit(g)
            | Statistic::Gains(g)
            | Statistic::CostEnvelope(g) => g.len(),
            Statistic::Scalars => 9,
        }
    }

    /// Evaluates the statistic on a state.
    pub fn eval<M: Masses>(&self, m: &M) -> Result<Vec<f64>> {
        match self {
            Statistic::Reliability(g) => isotonic_at(m, g),
            Statistic::NetBenefit(g) => net_benefit(m, g),
            Statistic::Gains(g) => gains(m, g),
            Statistic::CostEnvelope(g) => cost_envelope(m, g),
            Statistic::Scalars => {
                let iso = isotonic(m)?;
                let d = decompose(m, &iso.calibrated)?;
                let (b, l) = (d.brier, d.log_loss);
                Ok(vec![
                    ks(m).0,
                    b.score,
                    b.mcb,
                    b.dsc,
                    b.unc,
                    l.score,
                    l.mcb,
                    l.dsc,
                    l.unc,
                ])
            }
        }
    }
}

/// The totals `(positive, negative)`.
fn totals<M: Masses>(m: &M) -> (f64, f64) {
    (0..m.len()).fold((0.0, 0.0), |(a, b), i| {
        let (p, q) = m.masses(i);
        (a + p, b + q)
    })
}

/// Net benefit `tp/w - fp/w * t/(1-t)` at each threshold `t` (any order).
pub fn net_benefit<M: Masses>(m: &M, thresholds: &[f64]) -> Result<Vec<f64>> {
    let (p, q) = totals(m);
    let w = p + q;
    // Thresholds visited from the highest, with one pass down the scores.
    let mut order: Vec<usize> = (0..thresholds.len()).collect();
    order.sort_by(|&a, &b| thresholds[b].total_cmp(&thresholds[a]));
    let mut out = try_zeroed::<f64>("the net benefit", thresholds.len())?;
    let (mut tp, mut fp, mut i) = (0.0, 0.0, 0usize);
    for &j in &order {
        let t = thresholds[j];
        while i < m.len() && m.score(i) >= t {
            let (a, b) = m.masses(i);
            tp += a;
            fp += b;
            i += 1;
        }
        out[j] = tp / w - fp / w * (t / (1.0 - t));
    }
    Ok(out)
}

/// The gain `tp / n_pos` at each fraction `f` of the population predicted
/// positive (ascending), interpolated linearly within a tie (the expected
/// gain when tied samples are taken in random order).
pub fn gains<M: Masses>(m: &M, fractions: &[f64]) -> Result<Vec<f64>> {
    let (p, q) = totals(m);
    let w = p + q;
    let mut out = try_zeroed::<f64>("the gains", fractions.len())?;
    let (mut f0, mut g0, mut tp, mut all, mut i) = (0.0, 0.0, 0.0, 0.0, 0usize);
    let (mut f1, mut g1) = (0.0, 0.0);
    for (o, &f) in out.iter_mut().zip(fractions) {
        while f1 < f && i < m.len() {
            let (a, b) = m.masses(i);
            i += 1;
            if a + b <= 0.0 {
                continue;
            }
            (f0, g0) = (f1, g1);
            tp += a;
            all += a + b;
            (f1, g1) = (all / w, tp / p);
        }
        *o = if f >= f1 || f1 <= f0 {
            g1
        } else if f <= f0 {
            g0
        } else {
            g0 + (g1 - g0) * ((f - f0) / (f1 - f0))
        };
    }
    Ok(out)
}

/// The Kolmogorov-Smirnov statistic `max |tpr - fpr|` over the thresholds,
/// and the index of the (highest) threshold that attains it.
pub fn ks<M: Masses>(m: &M) -> (f64, usize) {
    let (p, q) = totals(m);
    let (mut tp, mut fp, mut best, mut at) = (0.0, 0.0, -1.0, 0usize);
    for i in 0..m.len() {
        let (a, b) = m.masses(i);
        tp += a;
        fp += b;
        let d = (tp / p - fp / q).abs();
        if d > best {
            (best, at) = (d, i);
        }
    }
    (best, at)
}

/// The vertices `(fpr, tpr)` of the ROC convex hull, from `(0, 0)` to `(1, 1)`.
pub fn roc_hull<M: Masses>(m: &M) -> Result<Vec<(f64, f64)>> {
    let (p, q) = totals(m);
    let mut hull: Vec<(f64, f64)> = Vec::new();
    let push = |hull: &mut Vec<(f64, f64)>, pt: (f64, f64)| -> Result<()> {
        // Upper hull of points sorted by (fpr, tpr): drop the last vertex
        // while it is not strictly left of the turn to the new point.
        while hull.len() >= 2 {
            let (a, b) = (hull[hull.len() - 2], hull[hull.len() - 1]);
            let cross = (b.0 - a.0) * (pt.1 - a.1) - (b.1 - a.1) * (pt.0 - a.0);
            if cross >= 0.0 {
                hull.pop();
            } else {
                break;
            }
        }
        if hull.len() == hull.capacity() {
            hull.try_reserve(hull.len().max(16))
                .map_err(|_| Error::OutOfMemory {
                    what: "the ROC hull".into(),
                    bytes: hull.len() * 32,
                })?;
        }
        hull.push(pt);
        Ok(())
    };
    push(&mut hull, (0.0, 0.0))?;
    let (mut tp, mut fp) = (0.0, 0.0);
    for i in 0..m.len() {
        let (a, b) = m.masses(i);
        if a + b <= 0.0 {
            continue;
        }
        tp += a;
        fp += b;
        push(&mut hull, (fp / q, tp / p))?;
    }
    Ok(hull)
}

/// The lower envelope of the cost lines `fnr * pc + fpr * (1 - pc)` of the
/// ROC convex hull (the trivial classifiers included) at each probability
/// cost `pc`.
pub fn cost_envelope<M: Masses>(m: &M, pc: &[f64]) -> Result<Vec<f64>> {
    let hull = roc_hull(m)?;
    let mut out = try_zeroed::<f64>("the cost curve", pc.len())?;
    for (o, &c) in out.iter_mut().zip(pc) {
        *o = hull
            .iter()
            .map(|&(fpr, tpr)| (1.0 - tpr) * c + fpr * (1.0 - c))
            .fold(c.min(1.0 - c), f64::min);
    }
    Ok(out)
}

/// The statistic in each of `n_resamples` bootstrap replicates of the
/// samples (sorted once), replicate-major: `n_resamples * width` values.
/// The replicates are those of [`super::bootstrap::bootstrap`] with the same
/// method and seed.
pub fn bands<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: Option<&[f64]>,
    statistic: &Statistic,
    method: Method,
    seed: u64,
    n_resamples: usize,
) -> Result<Vec<f64>> {
    if n_resamples == 0 {
        return Err(Error::invalid(
            "n_resamples",
            0,
            "n_resamples must be an integer >= 1",
        ));
    }
    let rows = map_replicate_states(
        scores,
        labels,
        weights,
        method,
        seed,
        n_resamples,
        |s, pos, neg| {
            statistic.eval(&Columns {
                scores: s,
                pos,
                neg,
            })
        },
    )?;
    let width = statistic.width();
    let mut out = crate::alloc::try_with_capacity::<f64>("the replicates", n_resamples * width)?;
    for r in rows {
        out.extend_from_slice(&r);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols<'a>(s: &'a [f64], p: &'a [f64], n: &'a [f64]) -> Columns<'a> {
        Columns {
            scores: s,
            pos: p,
            neg: n,
        }
    }

    #[test]
    fn small_cases_by_hand() {
        // scores 0.8 (1 pos), 0.4 (1 pos, 1 neg), 0.1 (1 neg)
        let (s, p, n) = ([0.8, 0.4, 0.1], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0]);
        let m = cols(&s, &p, &n);
        // at t = 0.4: tp 2, fp 1 of 4: 0.5 - 0.25 * 0.4/0.6
        let nb = net_benefit(&m, &[0.4, 0.9]).unwrap();
        assert!((nb[0] - (0.5 - 0.25 * (0.4 / 0.6))).abs() < 1e-15 && nb[1] == 0.0);
        // fraction 0.25 -> gain 0.5; 0.5 is halfway through the tie at 0.4 -> 0.75
        assert_eq!(
            gains(&m, &[0.0, 0.25, 0.5, 1.0]).unwrap(),
            vec![0.0, 0.5, 0.75, 1.0]
        );
        assert_eq!(ks(&m), (0.5, 0));
        let hull = roc_hull(&m).unwrap();
        assert_eq!(hull, vec![(0.0, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 1.0)]);
        // pc = 0.5: min(0.5, 0.25, 0.25, 0.5, ...)
        assert_eq!(
            cost_envelope(&m, &[0.0, 0.5, 1.0]).unwrap(),
            vec![0.0, 0.25, 0.0]
        );
    }
}
