//! Sweeps and states whose types are known only at run time: the score type
//! (`f32` or `f64`) is the caller's, the count type is chosen here (`u32`
//! counts below 2^32 samples, `u64` above, `f64` summed weights).
//!
//! [`AnySweep`] and [`AnyState`] hold the typed values, and carry the rules
//! that mix them: states of different types merge after promotion (`f32`
//! scores widen to `f64`, counts become weights of 1, both exact), a
//! finished sweep narrows its counts to `u32` where they fit, and a sweep
//! goes back to a state with `u64` counts (so merges never overflow).
//! Summed weights are stored in a power-of-two unit (`scale`, see
//! [`Sweep::scale`]); every total read from here is in the weights' own
//! units, and a weighted sweep's counts below a threshold are its complement
//! sums, not `total - cumulative`.

use super::summary::Constraint;
use super::{ldexp, sweep_unweighted, sweep_weighted, Count, Score, State, Sweep};
use crate::alloc::try_zeroed;
use crate::error::{Error, Result};
use crate::metric::Metric;

/// A sweep in the types it was made with.
#[derive(Debug, Clone)]
pub enum AnySweep {
    /// `f32` scores, `u32` counts.
    F32U32(Sweep<f32, u32>),
    /// `f32` scores, `u64` counts.
    F32U64(Sweep<f32, u64>),
    /// `f32` scores, summed weights.
    F32F64(Sweep<f32, f64>),
    /// `f64` scores, `u32` counts.
    F64U32(Sweep<f64, u32>),
    /// `f64` scores, `u64` counts.
    F64U64(Sweep<f64, u64>),
    /// `f64` scores, summed weights.
    F64F64(Sweep<f64, f64>),
}

/// Runs `$body` with `$s` bound to the typed sweep inside an [`AnySweep`]
/// (the body is compiled once per variant).
#[macro_export]
macro_rules! with_any_sweep {
    ($c:expr, $s:ident => $body:expr) => {
        match $c {
            $crate::sweep::any::AnySweep::F32U32($s) => $body,
            $crate::sweep::any::AnySweep::F32U64($s) => $body,
            $crate::sweep::any::AnySweep::F32F64($s) => $body,
            $crate::sweep::any::AnySweep::F64U32($s) => $body,
            $crate::sweep::any::AnySweep::F64U64($s) => $body,
            $crate::sweep::any::AnySweep::F64F64($s) => $body,
        }
    };
}

/// The score types a sweep may have, with the variants that hold them.
pub trait AnyScore: Score {
    /// The variant for counts below 2^32.
    fn counts32(s: Sweep<Self, u32>) -> AnySweep;
    /// The variant for counts of any size.
    fn counts64(s: Sweep<Self, u64>) -> AnySweep;
    /// The variant for summed weights.
    fn weights(s: Sweep<Self, f64>) -> AnySweep;
    /// The state variant for counts.
    fn state_counts(s: State<Self, u64>) -> AnyState;
    /// The state variant for summed weights.
    fn state_weights(s: State<Self, f64>) -> AnyState;
}

impl AnyScore for f32 {
    fn counts32(s: Sweep<f32, u32>) -> AnySweep {
        AnySweep::F32U32(s)
    }
    fn counts64(s: Sweep<f32, u64>) -> AnySweep {
        AnySweep::F32U64(s)
    }
    fn weights(s: Sweep<f32, f64>) -> AnySweep {
        AnySweep::F32F64(s)
    }
    fn state_counts(s: State<f32, u64>) -> AnyState {
        AnyState::F32U64(s)
    }
    fn state_weights(s: State<f32, f64>) -> AnyState {
        AnyState::F32F64(s)
    }
}

impl AnyScore for f64 {
    fn counts32(s: Sweep<f64, u32>) -> AnySweep {
        AnySweep::F64U32(s)
    }
    fn counts64(s: Sweep<f64, u64>) -> AnySweep {
        AnySweep::F64U64(s)
    }
    fn weights(s: Sweep<f64, f64>) -> AnySweep {
        AnySweep::F64F64(s)
    }
    fn state_counts(s: State<f64, u64>) -> AnyState {
        AnyState::F64U64(s)
    }
    fn state_weights(s: State<f64, f64>) -> AnyState {
        AnyState::F64F64(s)
    }
}

/// The sweep of samples (`labels[i] != 0` marks a positive), weighted when
/// `weights` is given, with the narrowest exact count type.
pub fn sweep_any<S: AnyScore>(
    scores: &[S],
    labels: &[u8],
    weights: Option<&[f64]>,
) -> Result<AnySweep> {
    Ok(match weights {
        Some(w) => S::weights(sweep_weighted(scores, labels, w)?),
        None if scores.len() <= u32::MAX as usize => {
            S::counts32(sweep_unweighted::<S, u32>(scores, labels)?)
        }
        None => S::counts64(sweep_unweighted::<S, u64>(scores, labels)?),
    })
}

/// `(fn, tn)` at index `i` of a typed sweep, in its stored unit.
fn below<S: Score, C: Count>(s: &Sweep<S, C>, i: usize) -> (C, C) {
    match &s.complement {
        Some([a, b]) => (a[i], b[i]),
        None => (s.n_pos - s.tp[i], s.n_neg - s.fp[i]),
    }
}

impl AnySweep {
    /// Whether the counts are summed weights.
    pub fn is_weighted(&self) -> bool {
        matches!(self, AnySweep::F32F64(_) | AnySweep::F64F64(_))
    }

    /// The number of distinct thresholds.
    pub fn len(&self) -> usize {
        with_any_sweep!(self, s => s.thresholds.len())
    }

    /// Whether the sweep has no threshold (never, for a finished sweep).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The unit of the stored sums (see [`Sweep::scale`]); 0 for counts.
    pub fn scale(&self) -> i32 {
        with_any_sweep!(self, s => s.scale)
    }

    /// `(n_pos, n_neg)` in the weights' units (may be infinite for summed
    /// weights stored in a larger unit).
    pub fn totals(&self) -> (f64, f64) {
        with_any_sweep!(self, s => (
            s.n_pos.times_pow2(s.scale).to_f64(),
            s.n_neg.times_pow2(s.scale).to_f64(),
        ))
    }

    /// `[tp, fp, fn, tn]` at index `i`, in the weights' units.
    pub fn counts_at(&self, i: usize) -> Result<[f64; 4]> {
        with_any_sweep!(self, s => {
            if i >= s.tp.len() {
                return Err(Error::invalid(
                    "index",
                    i,
                    format!("the sweep has {} thresholds", s.tp.len()),
                ));
            }
            let (fn_, tn) = below(s, i);
            let e = s.scale;
            Ok([s.tp[i], s.fp[i], fn_, tn].map(|x| x.times_pow2(e).to_f64()))
        })
    }

    /// A total computed from the stored sums, in the units of the weights.
    fn unscaled(&self, metric: &Metric, v: f64) -> f64 {
        if metric.scales_with_counts() {
            ldexp(v, self.scale())
        } else {
            v
        }
    }

    /// The metric at every threshold, in the weights' units.
    pub fn metric_curve(&self, metric: &Metric) -> Result<Vec<f64>> {
        let mut v = with_any_sweep!(self, s => s.metric_curve(metric))?;
        let e = self.scale();
        if metric.scales_with_counts() && e != 0 {
            v.iter_mut().for_each(|x| *x = ldexp(*x, e));
        }
        Ok(v)
    }

    /// `(index, value)` of the best threshold under the constraints (see
    /// [`super::best`]), the value in the weights' units.
    pub fn best(
        &self,
        metric: &Metric,
        constraints: &[Constraint],
    ) -> Result<Option<(usize, f64)>> {
        let found = with_any_sweep!(self, s => s.best(metric, constraints))?;
        Ok(found.map(|(i, v)| (i, self.unscaled(metric, v))))
    }

    /// The area under the ROC curve (NaN when a class is absent).
    pub fn roc_auc(&self) -> Result<f64> {
        with_any_sweep!(self, s => super::roc_auc(&s.tp, &s.fp, s.n_pos, s.n_neg))
    }

    /// Average precision (0 without positives).
    pub fn average_precision(&self) -> Result<f64> {
        with_any_sweep!(self, s => super::average_precision(&s.tp, &s.fp, s.n_pos))
    }

    /// `u32` counts where they fit (half the memory), else as it is.
    pub fn narrow(self) -> Result<AnySweep> {
        let fits = |n: u64| n <= u32::MAX as u64;
        Ok(match self {
            AnySweep::F32U64(s) if fits(s.n_pos + s.n_neg) => AnySweep::F32U32(s.narrow()?),
            AnySweep::F64U64(s) if fits(s.n_pos + s.n_neg) => AnySweep::F64U32(s.narrow()?),
            other => other,
        })
    }

    /// The state this sweep is made of; counts widen to `u64`.
    pub fn to_state(&self) -> Result<AnyState> {
        Ok(match self {
            AnySweep::F32U32(s) => AnyState::F32U64(State::from_sweep(widen(s)?)),
            AnySweep::F32U64(s) => AnyState::F32U64(State::from_sweep(s.try_clone()?)),
            AnySweep::F32F64(s) => AnyState::F32F64(State::from_sweep(s.try_clone()?)),
            AnySweep::F64U32(s) => AnyState::F64U64(State::from_sweep(widen(s)?)),
            AnySweep::F64U64(s) => AnyState::F64U64(State::from_sweep(s.try_clone()?)),
            AnySweep::F64F64(s) => AnyState::F64F64(State::from_sweep(s.try_clone()?)),
        })
    }
}

/// `u32` counts as `u64` (a copy).
fn widen<S: Score>(s: &Sweep<S, u32>) -> Result<Sweep<S, u64>> {
    let wide = |v: &[u32]| -> Result<Vec<u64>> {
        let mut out = try_zeroed::<u64>("the counts", v.len())?;
        out.iter_mut().zip(v).for_each(|(o, &x)| *o = x as u64);
        Ok(out)
    };
    Ok(Sweep {
        complement: None,
        thresholds: crate::alloc::try_copy("the thresholds", &s.thresholds)?,
        tp: wide(&s.tp)?,
        fp: wide(&s.fp)?,
        n_pos: s.n_pos as u64,
        n_neg: s.n_neg as u64,
        scale: 0,
    })
}

/// A state in the types it was made with; counts of an unweighted state are
/// `u64` so that merges never overflow.
#[derive(Debug, Clone, Default)]
pub enum AnyState {
    /// Nothing seen yet.
    #[default]
    Empty,
    /// `f32` scores, counts.
    F32U64(State<f32, u64>),
    /// `f32` scores, summed weights.
    F32F64(State<f32, f64>),
    /// `f64` scores, counts.
    F64U64(State<f64, u64>),
    /// `f64` scores, summed weights.
    F64F64(State<f64, f64>),
}

impl AnyState {
    /// The state of a batch of samples (weighted when `weights` is given).
    pub fn from_samples<S: AnyScore>(
        scores: &[S],
        labels: &[u8],
        weights: Option<&[f64]>,
    ) -> Result<AnyState> {
        Ok(match weights {
            Some(w) => S::state_weights(State::from_weighted_samples(scores, labels, w)?),
            None => S::state_counts(State::from_samples(scores, labels)?),
        })
    }

    /// A copy, or an out-of-memory error.
    pub fn try_clone(&self) -> Result<AnyState> {
        Ok(match self {
            AnyState::Empty => AnyState::Empty,
            AnyState::F32U64(s) => AnyState::F32U64(s.try_clone()?),
            AnyState::F32F64(s) => AnyState::F32F64(s.try_clone()?),
            AnyState::F64U64(s) => AnyState::F64U64(s.try_clone()?),
            AnyState::F64F64(s) => AnyState::F64F64(s.try_clone()?),
        })
    }

    /// Whether the counts are summed weights.
    pub fn is_weighted(&self) -> bool {
        matches!(self, AnyState::F32F64(_) | AnyState::F64F64(_))
    }

    /// The number of distinct scores.
    pub fn len(&self) -> usize {
        match self {
            AnyState::Empty => 0,
            AnyState::F32U64(s) => s.len(),
            AnyState::F32F64(s) => s.len(),
            AnyState::F64U64(s) => s.len(),
            AnyState::F64F64(s) => s.len(),
        }
    }

    /// Whether nothing has been seen.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The dtype of the scores (`"float32"`, `"float64"`; None when empty).
    pub fn score_dtype(&self) -> Option<&'static str> {
        match self {
            AnyState::Empty => None,
            AnyState::F32U64(_) | AnyState::F32F64(_) => Some("float32"),
            _ => Some("float64"),
        }
    }

    /// `(positives, negatives)` seen, in the weights' units.
    pub fn totals(&self) -> (f64, f64) {
        fn of<S: Score, C: Count>(s: &State<S, C>) -> (f64, f64) {
            let (a, b) = s.totals();
            (
                a.times_pow2(s.scale).to_f64(),
                b.times_pow2(s.scale).to_f64(),
            )
        }
        match self {
            AnyState::Empty => (0.0, 0.0),
            AnyState::F32U64(s) => of(s),
            AnyState::F32F64(s) => of(s),
            AnyState::F64U64(s) => of(s),
            AnyState::F64F64(s) => of(s),
        }
    }

    /// The state of the data of both (neither is changed), after promotion:
    /// `f32` scores widen to `f64` and counts become summed weights when the
    /// other side has them (both exact).
    pub fn merge(&self, other: &AnyState) -> Result<AnyState> {
        use AnyState::*;
        Ok(match (self, other) {
            (Empty, x) | (x, Empty) => x.try_clone()?,
            (F32U64(x), F32U64(y)) => F32U64(x.merge(y)?),
            (F32F64(x), F32F64(y)) => F32F64(x.merge(y)?),
            (F64U64(x), F64U64(y)) => F64U64(x.merge(y)?),
            (F64F64(x), F64F64(y)) => F64F64(x.merge(y)?),
            _ => {
                let (a, b) = unify(self.try_clone()?, other.try_clone()?)?;
                return a.merge(&b);
            }
        })
    }

    /// The sweep of everything seen (the state is kept), counts narrowed to
    /// `u32` where they fit. Empty: the error of an empty sweep.
    pub fn finalize(&self) -> Result<AnySweep> {
        let sweep = match self.try_clone()? {
            AnyState::Empty => AnySweep::F64U64(State::<f64, u64>::default().finalize()?),
            AnyState::F32U64(s) => AnySweep::F32U64(s.finalize()?),
            AnyState::F32F64(s) => AnySweep::F32F64(s.finalize()?),
            AnyState::F64U64(s) => AnySweep::F64U64(s.finalize()?),
            AnyState::F64F64(s) => AnySweep::F64F64(s.finalize()?),
        };
        sweep.narrow()
    }
}

/// Brings two states to common types: f32 scores widen to f64 and counts to
/// summed weights when the other side has them (both exact).
fn unify(a: AnyState, b: AnyState) -> Result<(AnyState, AnyState)> {
    use AnyState::*;
    let f64_scores = |d: AnyState| -> Result<AnyState> {
        Ok(match d {
            F32U64(s) => F64U64(s.widen_scores()?),
            F32F64(s) => F64F64(s.widen_scores()?),
            other => other,
        })
    };
    let weights = |d: AnyState| -> Result<AnyState> {
        Ok(match d {
            F32U64(s) => F32F64(s.to_weights()?),
            F64U64(s) => F64F64(s.to_weights()?),
            other => other,
        })
    };
    let wide = |d: &AnyState| matches!(d, F64U64(_) | F64F64(_));
    let (mut a, mut b) = (a, b);
    if wide(&a) || wide(&b) {
        a = f64_scores(a)?;
        b = f64_scores(b)?;
    }
    if a.is_weighted() || b.is_weighted() {
        a = weights(a)?;
        b = weights(b)?;
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::testing::Lcg;

    fn data(n: usize, seed: u64) -> (Vec<f32>, Vec<u8>, Vec<f64>) {
        let mut g = Lcg(seed);
        let scores = (0..n).map(|_| (g.next() % 97) as f32 / 8.0).collect();
        let labels = (0..n).map(|_| (g.next() % 3 == 0) as u8).collect();
        let weights = (0..n).map(|_| (1 + g.next() % 4) as f64 / 4.0).collect();
        (scores, labels, weights)
    }

    fn as_f64(v: &[f32]) -> Vec<f64> {
        v.iter().map(|&x| x as f64).collect()
    }

    #[test]
    fn counts_are_narrowed_to_u32_and_widened_back_exactly() {
        let (s, l, _) = data(2000, 1);
        let sw = sweep_any(&s, &l, None).unwrap();
        assert!(matches!(sw, AnySweep::F32U32(_)));
        let st = sw.to_state().unwrap();
        assert!(matches!(st, AnyState::F32U64(_)));
        let back = st.finalize().unwrap();
        assert!(matches!(back, AnySweep::F32U32(_)));
        let (AnySweep::F32U32(a), AnySweep::F32U32(b)) = (&sw, &back) else {
            unreachable!()
        };
        assert_eq!((&a.thresholds, &a.tp, &a.fp), (&b.thresholds, &b.tp, &b.fp));
        assert_eq!(sw.totals(), (a.n_pos as f64, a.n_neg as f64));
    }

    #[test]
    fn states_of_mixed_types_merge_as_the_sweep_of_all_data() {
        // f32 counts + f64 weights: the merged state is f64 weights, and equals
        // the weighted f64 sweep of both batches with weight 1 on the first.
        let (s1, l1, _) = data(700, 2);
        let (s2, l2, w2) = data(900, 3);
        let a = AnyState::from_samples(&s1, &l1, None).unwrap();
        let b = AnyState::from_samples(&as_f64(&s2), &l2, Some(&w2)).unwrap();
        let merged = a.merge(&b).unwrap();
        assert!(matches!(merged, AnyState::F64F64(_)));
        assert_eq!(merged.score_dtype(), Some("float64"));
        let mut all_s = as_f64(&s1);
        all_s.extend(as_f64(&s2));
        let mut all_l = l1.clone();
        all_l.extend(&l2);
        let mut all_w = vec![1.0; s1.len()];
        all_w.extend(&w2);
        let whole = sweep_any(&all_s, &all_l, Some(&all_w)).unwrap();
        let got = merged.finalize().unwrap();
        let (AnySweep::F64F64(x), AnySweep::F64F64(y)) = (&got, &whole) else {
            panic!("both weighted f64 sweeps")
        };
        // quarter weights and unit counts sum exactly in any order
        assert_eq!((&x.thresholds, &x.tp, &x.fp), (&y.thresholds, &y.tp, &y.fp));
        assert_eq!(merged.totals(), whole.totals());
        assert_eq!(b.merge(&a).unwrap().totals(), merged.totals()); // either order
                                                                    // merging with the empty state changes nothing
        assert_eq!(AnyState::Empty.merge(&a).unwrap().len(), a.len());
        assert!(AnyState::Empty.finalize().is_err());
    }

    #[test]
    fn f32_states_stay_f32_and_counts_stay_counts() {
        let (s1, l1, _) = data(500, 4);
        let (s2, l2, _) = data(600, 5);
        let a = AnyState::from_samples(&s1, &l1, None).unwrap();
        let b = AnyState::from_samples(&s2, &l2, None).unwrap();
        let m = a.merge(&b).unwrap();
        assert!(matches!(m, AnyState::F32U64(_)));
        assert_eq!(m.score_dtype(), Some("float32"));
        assert_eq!(m.totals().0 + m.totals().1, 1100.0);
    }

    #[test]
    fn complements_and_scale_give_totals_in_the_weights_units() {
        // weights near the largest float: stored in a scaled unit, read back in
        // the weights' units (sums of 1e308 overflow to infinity, as they are).
        let scores = [0.1f64, 0.4, 0.35, 0.8];
        let labels = [0u8, 0, 1, 1];
        let w = [1e308; 4];
        let sw = sweep_any(&scores, &labels, Some(&w)).unwrap();
        assert!(sw.is_weighted() && sw.scale() > 0);
        assert_eq!(sw.roc_auc().unwrap(), 0.75);
        assert!((sw.average_precision().unwrap() - 5.0 / 6.0).abs() < 1e-15);
        let [tp, fp, fn_, tn] = sw.counts_at(0).unwrap();
        assert_eq!([tp, fp, fn_, tn], [1e308, 0.0, 1e308, f64::INFINITY]); // 2e308 overflows
        let best = sw
            .best(&Metric::parse("f1").unwrap(), &[])
            .unwrap()
            .unwrap();
        let fine = sweep_any(&scores, &labels, Some(&[1.0; 4])).unwrap();
        assert_eq!(
            Some(best),
            fine.best(&Metric::parse("f1").unwrap(), &[]).unwrap()
        );
        // a total (the cost) is reported in the weights' units
        let cost = Metric::parse("cost(c_fp=1, c_fn=1)").unwrap();
        let v = sw.metric_curve(&cost).unwrap();
        let v1 = fine.metric_curve(&cost).unwrap();
        assert_eq!(v[0], v1[0] * 1e308);
        // small weights: fn and tn are the complement sums, exact beside large totals
        let w = [1e-3, 1e6, 1e-3, 1e6];
        let sw = sweep_any(&scores, &labels, Some(&w)).unwrap();
        let [_, _, fn_, tn] = sw.counts_at(2).unwrap();
        assert_eq!((fn_, tn), (0.0, 1e-3));
        assert!(sw.counts_at(4).is_err());
    }
}
