//! Tradeoff curves: one trait, and the drivers every curve shares.
//!
//! A curve family implements [`TradeoffCurve`] (its ROC-AUC, its TPR, where
//! a weight lands under a rule, and the metric there with its derivative in
//! `ln alpha`); the drivers below do the rest for every family: the checks,
//! the elementwise loops in rayon with Ctrl-C, training-label noise (a change
//! of weight, [`Noise::effective`]), the optimiser and the grid. A new family
//! is one file implementing the trait and one line in [`curves!`].

pub mod binormal;
pub mod empirical;
pub mod lp;

use rayon::prelude::*;

use crate::alloc::try_zeroed;
use crate::error::{Error, Result};
use crate::interrupt;
use crate::metric::{Confusion, Metric};
use crate::num::real::Dual;

use super::args::{check_alpha, check_beta, check_bounds, check_fpr, check_same_len};
use super::optimize::{optimise, Optimum};
use super::rule::{Effective, Noise, Rule};

/// What a model can attain, recall `x` against specificity `z`, and where
/// training with weight `alpha` lands on it.
pub trait TradeoffCurve: Sized + Sync {
    /// The names of the parameters, in the order [`TradeoffCurve::new`] takes them.
    const PARAMS: &'static [&'static str];

    /// Checks columns of parameters (one column per name of
    /// [`TradeoffCurve::PARAMS`], of equal lengths).
    fn check(params: &[&[f64]]) -> Result<()>;

    /// The curve of one row of checked parameters.
    fn new(params: &[f64]) -> Self;

    /// The ROC-AUC.
    fn auc(&self) -> f64;

    /// The true-positive rate at a false-positive rate in `[0, 1]`.
    fn tpr(&self, fpr: f64) -> f64;

    /// `(x, z, 1 - x, 1 - z)` where the weight `alpha` lands (clean labels),
    /// each to full relative accuracy.
    fn landing(&self, rule: Rule, alpha: f64, beta: f64) -> [f64; 4];

    /// The metric at the landing point of `alpha = e^t`, with its exact
    /// derivative in `t` (the optimiser needs it).
    fn metric_at(&self, rule: Rule, metric: &Metric, t: f64, beta: f64) -> Dual;

    /// The metric at the landing point of `alpha`.
    fn metric(&self, rule: Rule, metric: &Metric, alpha: f64, beta: f64) -> f64 {
        self.metric_at(rule, metric, alpha.ln(), beta).v
    }

    /// The optimiser's scan: the number of points over `ln alpha`, and
    /// whether the landing point may jump (a curve that is not concave).
    fn scan(&self, rule: Rule) -> (usize, bool);

    /// The metric on the grid `alpha x curves x beta` (row-major), with
    /// every weight already clean and checked. The default evaluates every
    /// cell; a family may do better.
    fn grid(
        curves: &[Self],
        rule: Rule,
        metric: &Metric,
        alpha: &[f64],
        beta: &[f64],
    ) -> Result<Vec<f64>> {
        let eff: Vec<Effective> = alpha.iter().map(|&a| Effective::Weight(a, 1.0)).collect();
        generic_grid(curves, rule, metric, &eff, beta)
    }
}

/// The curves of columns of parameters, checked.
pub fn curves<C: TradeoffCurve>(params: &[&[f64]]) -> Result<Vec<C>> {
    if params.len() != C::PARAMS.len() {
        return Err(Error::invalid(
            "curve parameters",
            format!("{} columns", params.len()),
            format!("this family takes {}", C::PARAMS.join(", ")),
        ));
    }
    let lens: Vec<(&str, usize)> = C::PARAMS
        .iter()
        .zip(params)
        .map(|(n, c)| (*n, c.len()))
        .collect();
    let n = check_same_len(&lens)?;
    C::check(params)?;
    let mut out = Vec::new();
    out.try_reserve_exact(n).map_err(|_| Error::TooLarge {
        what: "the curves".into(),
        elements: n as u128,
    })?;
    let mut row = [0.0; 4];
    for i in 0..n {
        for (k, c) in params.iter().enumerate() {
            row[k] = c[i];
        }
        out.push(C::new(&row[..params.len()]));
    }
    Ok(out)
}

/// `f(i)` for `i` in `0..n`, in rayon, stopping early on Ctrl-C.
pub(crate) fn map_par<T: Send + Default + Clone>(
    n: usize,
    f: impl Fn(usize) -> T + Sync + Send,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    out.try_reserve_exact(n).map_err(|_| Error::TooLarge {
        what: "the result".into(),
        elements: n as u128,
    })?;
    (0..n)
        .into_par_iter()
        .map(|i| {
            if interrupt::requested() {
                T::default()
            } else {
                f(i)
            }
        })
        .collect_into_vec(&mut out);
    interrupt::check()?;
    Ok(out)
}

/// The expected confusion at a corner of the curve.
fn corner_confusion(all_positive: bool, beta: f64) -> Confusion<f64> {
    let nb = 1.0 - beta;
    if all_positive {
        Confusion {
            tp: beta,
            fp: nb,
            fn_: 0.0,
            tn: 0.0,
            det: 0.0,
        }
    } else {
        Confusion {
            tp: 0.0,
            fp: 0.0,
            fn_: beta,
            tn: nb,
            det: 0.0,
        }
    }
}

fn corner_point(all_positive: bool) -> [f64; 4] {
    if all_positive {
        [1.0, 0.0, 0.0, 1.0]
    } else {
        [0.0, 1.0, 1.0, 0.0]
    }
}

/// The metric where a (possibly noisy) weight lands.
fn metric_eff<C: TradeoffCurve>(
    c: &C,
    rule: Rule,
    metric: &Metric,
    eff: Effective,
    beta: f64,
) -> f64 {
    match eff {
        Effective::Weight(w, _) => c.metric(rule, metric, w, beta),
        Effective::AllNegative => metric.eval(&corner_confusion(false, beta)),
        Effective::AllPositive => metric.eval(&corner_confusion(true, beta)),
    }
}

/// Checks the inputs every elementwise driver takes; returns their length.
fn check_elementwise(
    n_curves: usize,
    rule: Rule,
    noise: Noise,
    alpha: Option<&[f64]>,
    beta: &[f64],
) -> Result<usize> {
    let mut lens = vec![("curve parameters", n_curves), ("beta", beta.len())];
    if let Some(a) = alpha {
        lens.insert(0, ("alpha", a.len()));
        check_alpha(a)?;
    }
    let n = check_same_len(&lens)?;
    check_beta(beta)?;
    noise.check_rule(rule)?;
    Ok(n)
}

/// The ROC-AUC of every curve.
pub fn auc<C: TradeoffCurve>(curves: &[C]) -> Result<Vec<f64>> {
    map_par(curves.len(), |i| curves[i].auc())
}

/// The TPR of curve `i` at `fpr[i]`.
pub fn tpr<C: TradeoffCurve>(curves: &[C], fpr: &[f64]) -> Result<Vec<f64>> {
    let n = check_same_len(&[("curve parameters", curves.len()), ("fpr", fpr.len())])?;
    check_fpr(fpr)?;
    map_par(n, |i| curves[i].tpr(fpr[i]))
}

/// The landing point `(x, z, 1 - x, 1 - z)` of `(curve[i], alpha[i],
/// beta[i])` (the caller broadcasts), training labels flipped by `noise`.
pub fn landing<C: TradeoffCurve>(
    curves: &[C],
    rule: Rule,
    noise: Noise,
    alpha: &[f64],
    beta: &[f64],
) -> Result<[Vec<f64>; 4]> {
    let n = check_elementwise(curves.len(), rule, noise, Some(alpha), beta)?;
    let pts = map_par(n, |i| match noise.effective(alpha[i]) {
        Effective::Weight(w, _) => curves[i].landing(rule, w, beta[i]),
        Effective::AllNegative => corner_point(false),
        Effective::AllPositive => corner_point(true),
    })?;
    let mut out: [Vec<f64>; 4] = [
        try_zeroed("the landing point", n)?,
        try_zeroed("the landing point", n)?,
        try_zeroed("the landing point", n)?,
        try_zeroed("the landing point", n)?,
    ];
    for (i, p) in pts.iter().enumerate() {
        for (k, v) in p.iter().enumerate() {
            out[k][i] = *v;
        }
    }
    Ok(out)
}

/// The expected metric at the landing point, elementwise.
pub fn expected_metric<C: TradeoffCurve>(
    curves: &[C],
    rule: Rule,
    noise: Noise,
    metric: &Metric,
    alpha: &[f64],
    beta: &[f64],
) -> Result<Vec<f64>> {
    let n = check_elementwise(curves.len(), rule, noise, Some(alpha), beta)?;
    map_par(n, |i| {
        metric_eff(&curves[i], rule, metric, noise.effective(alpha[i]), beta[i])
    })
}

/// The optimal weight for each `(curve[i], beta[i])` over `alpha` in `bounds`.
///
/// With noise the optimum is found on the clean weights (whose range the
/// noisy bounds map to; a bound that maps to a corner is kept as it is on
/// the clean scale) and mapped back with [`Noise::noisy_weight`]: the two
/// land on the same point, so the metric there is the same.
pub fn optimal_alpha<C: TradeoffCurve>(
    curves: &[C],
    rule: Rule,
    noise: Noise,
    metric: &Metric,
    beta: &[f64],
    bounds: (f64, f64),
) -> Result<Vec<Optimum>> {
    let n = check_elementwise(curves.len(), rule, noise, None, beta)?;
    check_bounds(bounds)?;
    let clean = |a: f64, fallback: f64| match noise.effective(a) {
        Effective::Weight(w, _) => w,
        _ => fallback,
    };
    let mut cb = (clean(bounds.0, bounds.0), clean(bounds.1, bounds.1));
    if cb.0 >= cb.1 {
        cb = bounds;
    }
    map_par(n, |i| {
        let c = &curves[i];
        let (points, may_jump) = c.scan(rule);
        let mut o = optimise(metric, beta[i], cb, points, may_jump, |t| {
            c.metric_at(rule, metric, t, beta[i])
        });
        o.alpha = noise.noisy_weight(o.alpha);
        o
    })
}

/// The expected metric on the grid `alpha x curves x beta`, row-major with
/// shape `(alpha.len(), curves.len(), beta.len())`.
pub fn grid<C: TradeoffCurve>(
    curves: &[C],
    rule: Rule,
    noise: Noise,
    metric: &Metric,
    alpha: &[f64],
    beta: &[f64],
) -> Result<Vec<f64>> {
    check_alpha(alpha)?;
    check_beta(beta)?;
    noise.check_rule(rule)?;
    if curves.is_empty() {
        return Err(Error::invalid(
            "curve parameters",
            "an empty array",
            "give at least one curve",
        ));
    }
    check_cells(alpha.len(), curves.len(), beta.len())?;
    let eff: Vec<Effective> = alpha.iter().map(|&a| noise.effective(a)).collect();
    let clean: Option<Vec<f64>> = eff
        .iter()
        .map(|e| match e {
            Effective::Weight(w, _) => Some(*w),
            _ => None,
        })
        .collect();
    match clean {
        Some(w) => C::grid(curves, rule, metric, &w, beta),
        None => generic_grid(curves, rule, metric, &eff, beta),
    }
}

/// Refuses a grid whose cells cannot be addressed.
pub(crate) fn check_cells(na: usize, nc: usize, nb: usize) -> Result<usize> {
    let cells = na as u128 * nc as u128 * nb as u128;
    if cells > (isize::MAX as u128) / 8 {
        return Err(Error::TooLarge {
            what: "the grid".into(),
            elements: cells,
        });
    }
    Ok(cells as usize)
}

/// Every cell of a grid, one at a time (one row of weights per task).
pub fn generic_grid<C: TradeoffCurve>(
    curves: &[C],
    rule: Rule,
    metric: &Metric,
    eff: &[Effective],
    beta: &[f64],
) -> Result<Vec<f64>> {
    let cells = check_cells(eff.len(), curves.len(), beta.len())?;
    let mut out = try_zeroed::<f64>("the grid", cells)?;
    let line = curves.len() * beta.len();
    out.par_chunks_mut(line.max(1))
        .zip(eff.par_iter())
        .for_each(|(row, &e)| {
            for (cells, c) in row.chunks_exact_mut(beta.len()).zip(curves) {
                if interrupt::requested() {
                    return;
                }
                for (cell, &b) in cells.iter_mut().zip(beta) {
                    *cell = metric_eff(c, rule, metric, e, b);
                }
            }
        });
    interrupt::check()?;
    Ok(out)
}

/// The curve families: one line each (`Variant("name") => type`). It
/// generates [`Family`] (the names, listed in the error for an unknown one)
/// and [`Curves`], checked curves of one family whose methods dispatch to
/// the generic drivers.
macro_rules! curves {
    ($($variant:ident($name:literal) => $ty:ty),* $(,)?) => {
        /// A curve family, by the name users write.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Family {
            $(#[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl Family {
            /// The names, as users write them.
            pub const KNOWN: &'static [&'static str] = &[$($name),*];

            /// Parses a family name.
            pub fn parse(name: &str) -> Result<Family> {
                match name {
                    $($name => Ok(Family::$variant),)*
                    _ => Err(Error::invalid(
                        "curve family",
                        format!("'{}'", name.escape_debug()),
                        format!("known families are {}", Family::KNOWN.join(", ")),
                    )),
                }
            }

            /// The names of the family's parameters.
            pub fn params(&self) -> &'static [&'static str] {
                match self {
                    $(Family::$variant => <$ty as TradeoffCurve>::PARAMS,)*
                }
            }
        }

        /// Checked curves of one family (one per row of parameters).
        pub enum Curves {
            $(#[doc = concat!("`", $name, "` curves")] $variant(Vec<$ty>),)*
        }

        impl Curves {
            /// The curves of a family from columns of parameters, checked.
            pub fn new(family: Family, params: &[&[f64]]) -> Result<Curves> {
                Ok(match family {
                    $(Family::$variant => Curves::$variant(curves::<$ty>(params)?),)*
                })
            }

            /// The number of curves.
            pub fn len(&self) -> usize {
                match self {
                    $(Curves::$variant(c) => c.len(),)*
                }
            }

            /// Whether there are no curves.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// See [`auc`].
            pub fn auc(&self) -> Result<Vec<f64>> {
                match self {
                    $(Curves::$variant(c) => auc(c),)*
                }
            }

            /// See [`tpr`].
            pub fn tpr(&self, fpr: &[f64]) -> Result<Vec<f64>> {
                match self {
                    $(Curves::$variant(c) => tpr(c, fpr),)*
                }
            }

            /// See [`landing`].
            pub fn landing(&self, rule: Rule, noise: Noise, alpha: &[f64], beta: &[f64]) -> Result<[Vec<f64>; 4]> {
                match self {
                    $(Curves::$variant(c) => landing(c, rule, noise, alpha, beta),)*
                }
            }

            /// See [`expected_metric`].
            pub fn expected_metric(&self, rule: Rule, noise: Noise, metric: &Metric, alpha: &[f64], beta: &[f64]) -> Result<Vec<f64>> {
                match self {
                    $(Curves::$variant(c) => expected_metric(c, rule, noise, metric, alpha, beta),)*
                }
            }

            /// See [`optimal_alpha`].
            pub fn optimal_alpha(&self, rule: Rule, noise: Noise, metric: &Metric, beta: &[f64], bounds: (f64, f64)) -> Result<Vec<Optimum>> {
                match self {
                    $(Curves::$variant(c) => optimal_alpha(c, rule, noise, metric, beta, bounds),)*
                }
            }

            /// See [`grid`].
            pub fn grid(&self, rule: Rule, noise: Noise, metric: &Metric, alpha: &[f64], beta: &[f64]) -> Result<Vec<f64>> {
                match self {
                    $(Curves::$variant(c) => grid(c, rule, noise, metric, alpha, beta),)*
                }
            }
        }
    };
}

curves! {
    Lp("lp") => lp::Lp,
    Binormal("binormal") => binormal::Binormal,
}
