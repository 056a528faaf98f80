//! The one table of metric formulas, shared by the theory (expected fractions)
//! and by threshold sweeps (counts or summed weights).
//!
//! Undefined ratios follow scikit-learn's defaults: a ratio whose denominator
//! is zero (precision with no predicted positive, recall with no positive, the
//! F-scores, Jaccard, specificity, NPV, FPR, FNR, accuracy of nothing) is 0, as
//! with scikit-learn's `zero_division` default; MCC, Youden's J and
//! markedness are 0 when a margin of the confusion matrix is empty (as
//! `matthews_corrcoef` does); Cohen's kappa is NaN when it is undefined (as
//! `cohen_kappa_score` does); balanced accuracy averages the recall of the
//! classes that are present (as `balanced_accuracy_score` does).

use crate::error::{Error, Result};
use crate::real::Real;

/// The names users type, in the order they are listed. `f<b>` stands for
/// any F-score (`f1`, `f2`, `f0.5`); `cost` takes optional weights, as in
/// `cost(c_fp=1, c_fn=10)`.
pub const KNOWN_METRICS: &[&str] = &[
    "accuracy",
    "precision",
    "recall",
    "specificity",
    "npv",
    "fpr",
    "fnr",
    "f1",
    "f<b> (e.g. f2, f0.5)",
    "balanced_accuracy",
    "gmean",
    "mcc",
    "youden_j",
    "jaccard",
    "cohen_kappa",
    "markedness",
    "cost(c_fp=1, c_fn=1)",
];

/// The metrics `best_all` reports, with the F-score and cost at their defaults.
pub const STANDARD_METRICS: &[&str] = &[
    "accuracy",
    "precision",
    "recall",
    "specificity",
    "npv",
    "fpr",
    "fnr",
    "f1",
    "f2",
    "f0.5",
    "balanced_accuracy",
    "gmean",
    "mcc",
    "youden_j",
    "jaccard",
    "cohen_kappa",
    "markedness",
    "cost",
];

/// A confusion matrix: fractions (theory) or counts / summed weights (sweeps).
///
/// `det = tp*tn - fp*fn` is carried separately because every chance-corrected
/// metric (MCC, Youden's J, kappa, markedness) is proportional to it and it
/// cancels catastrophically near chance; the theory supplies it in a
/// cancellation-free form, counts give it exactly.
#[derive(Debug, Clone, Copy)]
pub struct Confusion<T> {
    pub tp: T,
    pub fp: T,
    pub fn_: T,
    pub tn: T,
    pub det: T,
}

impl<T: Real> Confusion<T> {
    /// From four entries, computing `det` directly (exact for integer counts
    /// below 2^26, and as good as any alternative for sums of weights).
    pub fn from_entries(tp: T, fp: T, fn_: T, tn: T) -> Self {
        Confusion {
            tp,
            fp,
            fn_,
            tn,
            det: tp * tn - fp * fn_,
        }
    }
}

impl Confusion<f64> {
    /// From integer counts. The determinant is formed in 128-bit integers so
    /// that it stays exact however many samples there are.
    pub fn from_counts(tp: u64, fp: u64, fn_: u64, tn: u64) -> Self {
        let det = tp as i128 * tn as i128 - fp as i128 * fn_ as i128;
        Confusion {
            tp: tp as f64,
            fp: fp as f64,
            fn_: fn_ as f64,
            tn: tn as f64,
            det: det as f64,
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    Accuracy,
    Precision,
    Recall,
    Specificity,
    Npv,
    Fpr,
    Fnr,
    /// F-score with a given beta (the weight of recall); see [`Metric::f_beta`].
    FBeta(FScore),
    BalancedAccuracy,
    Gmean,
    Mcc,
    YoudenJ,
    Jaccard,
    CohenKappa,
    Markedness,
    /// `c_fp * fp + c_fn * fn`; lower is better.
    Cost {
        c_fp: f64,
        c_fn: f64,
    },
}

/// The F-score's beta with the weights its formula uses, computed once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FScore {
    pub beta: f64,
    /// `b^2 / (1 + b^2)` and `1 / (1 + b^2)`: the F-score is
    /// `tp / (tp + w_fn fn + w_fp fp)`, which no beta can overflow.
    w_fn: f64,
    w_fp: f64,
}

#[inline]
fn ratio<T: Real>(num: T, den: T) -> T {
    // Divide first, then choose: a select rather than a branch, so loops over
    // it vectorize (x / 0 raises no trap, it only gives a value not used).
    let r = num / den;
    if den.val() == 0.0 {
        T::cst(0.0)
    } else {
        r
    }
}

impl Metric {
    /// The F-score with weight `beta` on recall (`f_beta(1.0)` is F1).
    pub fn f_beta(beta: f64) -> Metric {
        Metric::FBeta(FScore {
            beta,
            w_fn: 1.0 / (1.0 + 1.0 / (beta * beta)),
            w_fp: 1.0 / (1.0 + beta * beta),
        })
    }

    /// Parses a name as users type it (case-insensitive, surrounding blanks ignored).
    pub fn parse(name: &str) -> Result<Metric> {
        let unknown = || Error::UnknownMetric {
            name: name.to_string(),
        };
        let s = name.trim().to_ascii_lowercase();
        let m = match s.as_str() {
            "accuracy" => Metric::Accuracy,
            "precision" => Metric::Precision,
            "recall" => Metric::Recall,
            "specificity" => Metric::Specificity,
            "npv" => Metric::Npv,
            "fpr" => Metric::Fpr,
            "fnr" => Metric::Fnr,
            "balanced_accuracy" => Metric::BalancedAccuracy,
            "gmean" => Metric::Gmean,
            "mcc" => Metric::Mcc,
            "youden_j" => Metric::YoudenJ,
            "jaccard" => Metric::Jaccard,
            "cohen_kappa" => Metric::CohenKappa,
            "markedness" => Metric::Markedness,
            "cost" => Metric::Cost {
                c_fp: 1.0,
                c_fn: 1.0,
            },
            _ => {
                if let Some(rest) = s.strip_prefix("cost(") {
                    return parse_cost(rest.strip_suffix(')').ok_or_else(unknown)?, name);
                }
                let b = s.strip_prefix('f').ok_or_else(unknown)?;
                if b.is_empty() || !b.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    return Err(unknown());
                }
                let b: f64 = b.parse().map_err(|_| unknown())?;
                if !(b.is_finite() && b > 0.0) {
                    return Err(Error::invalid(
                        "metric",
                        format!("{name:?}"),
                        "the beta of an F-score must be finite and > 0, as in f1, f2, f0.5",
                    ));
                }
                Metric::f_beta(b)
            }
        };
        Ok(m)
    }

    /// The canonical name (`f1`, `f0.5`, `cost(c_fp=1, c_fn=10)`).
    pub fn name(&self) -> String {
        match self {
            Metric::Accuracy => "accuracy".into(),
            Metric::Precision => "precision".into(),
            Metric::Recall => "recall".into(),
            Metric::Specificity => "specificity".into(),
            Metric::Npv => "npv".into(),
            Metric::Fpr => "fpr".into(),
            Metric::Fnr => "fnr".into(),
            Metric::FBeta(f) => format!("f{}", f.beta),
            Metric::BalancedAccuracy => "balanced_accuracy".into(),
            Metric::Gmean => "gmean".into(),
            Metric::Mcc => "mcc".into(),
            Metric::YoudenJ => "youden_j".into(),
            Metric::Jaccard => "jaccard".into(),
            Metric::CohenKappa => "cohen_kappa".into(),
            Metric::Markedness => "markedness".into(),
            Metric::Cost { c_fp, c_fn } if *c_fp == 1.0 && *c_fn == 1.0 => "cost".into(),
            Metric::Cost { c_fp, c_fn } => format!("cost(c_fp={c_fp}, c_fn={c_fn})"),
        }
    }

    /// Whether a larger value is better (false for fpr, fnr and cost).
    pub fn higher_is_better(&self) -> bool {
        !matches!(self, Metric::Fpr | Metric::Fnr | Metric::Cost { .. })
    }

    /// Whether the formula uses `det` (the theory computes it only when needed).
    pub fn needs_det(&self) -> bool {
        matches!(
            self,
            Metric::Mcc | Metric::YoudenJ | Metric::CohenKappa | Metric::Markedness
        )
    }

    /// The metric of one confusion matrix.
    #[inline(always)]
    pub fn eval<T: Real>(&self, c: &Confusion<T>) -> T {
        let (tp, fp, fn_, tn) = (c.tp, c.fp, c.fn_, c.tn);
        match *self {
            Metric::Accuracy => ratio(tp + tn, tp + fp + fn_ + tn),
            Metric::Precision => ratio(tp, tp + fp),
            Metric::Recall => ratio(tp, tp + fn_),
            Metric::Specificity => ratio(tn, tn + fp),
            Metric::Npv => ratio(tn, tn + fn_),
            Metric::Fpr => ratio(fp, fp + tn),
            Metric::Fnr => ratio(fn_, fn_ + tp),
            Metric::FBeta(f) => ratio(tp, tp + T::cst(f.w_fn) * fn_ + T::cst(f.w_fp) * fp),
            Metric::BalancedAccuracy => {
                let (pos, neg) = (tp + fn_, tn + fp);
                let (r, s) = (tp / pos, tn / neg);
                let both = (r + s) * T::cst(0.5);
                match (pos.val() > 0.0, neg.val() > 0.0) {
                    (true, true) => both,
                    (true, false) => r,
                    (false, true) => s,
                    (false, false) => T::cst(0.0),
                }
            }
            Metric::Gmean => (ratio(tp, tp + fn_) * ratio(tn, tn + fp)).sqrt(),
            Metric::Mcc => {
                // Two square roots of two products each, not one of four: summed
                // weights up to 1e150 neither overflow nor underflow here.
                let den = ((tp + fp) * (tn + fn_)).sqrt() * ((tp + fn_) * (tn + fp)).sqrt();
                let r = c.det / den;
                if den.val() == 0.0 {
                    T::cst(0.0)
                } else {
                    r
                }
            }
            Metric::YoudenJ => ratio(c.det, (tp + fn_) * (tn + fp)),
            Metric::Markedness => ratio(c.det, (tp + fp) * (tn + fn_)),
            Metric::Jaccard => ratio(tp, tp + fp + fn_),
            Metric::CohenKappa => {
                let den = (tp + fp) * (fp + tn) + (tp + fn_) * (fn_ + tn);
                let r = T::cst(2.0) * c.det / den;
                if den.val() == 0.0 {
                    T::cst(f64::NAN)
                } else {
                    r
                }
            }
            Metric::Cost { c_fp, c_fn } => T::cst(c_fp) * fp + T::cst(c_fn) * fn_,
        }
    }
}

/// Runs `$body` with `$m` bound to a copy of `$metric` built from its own
/// variant, so that inside `$body` the compiler knows which formula applies:
/// the match is taken once, outside the loop that `$body` holds, and each
/// loop is compiled (and vectorized) for one metric.
macro_rules! with_known_variant {
    ($metric:expr, $m:ident => $body:expr) => {
        match *$metric {
            Metric::Accuracy => {
                let $m = Metric::Accuracy;
                $body
            }
            Metric::Precision => {
                let $m = Metric::Precision;
                $body
            }
            Metric::Recall => {
                let $m = Metric::Recall;
                $body
            }
            Metric::Specificity => {
                let $m = Metric::Specificity;
                $body
            }
            Metric::Npv => {
                let $m = Metric::Npv;
                $body
            }
            Metric::Fpr => {
                let $m = Metric::Fpr;
                $body
            }
            Metric::Fnr => {
                let $m = Metric::Fnr;
                $body
            }
            Metric::FBeta(f) => {
                let $m = Metric::FBeta(f);
                $body
            }
            Metric::BalancedAccuracy => {
                let $m = Metric::BalancedAccuracy;
                $body
            }
            Metric::Gmean => {
                let $m = Metric::Gmean;
                $body
            }
            Metric::Mcc => {
                let $m = Metric::Mcc;
                $body
            }
            Metric::YoudenJ => {
                let $m = Metric::YoudenJ;
                $body
            }
            Metric::Jaccard => {
                let $m = Metric::Jaccard;
                $body
            }
            Metric::CohenKappa => {
                let $m = Metric::CohenKappa;
                $body
            }
            Metric::Markedness => {
                let $m = Metric::Markedness;
                $body
            }
            Metric::Cost { c_fp, c_fn } => {
                let $m = Metric::Cost { c_fp, c_fn };
                $body
            }
        }
    };
}

/// `out[k]` = the metric of `(tp[k], fp[k], fn_[k], tn[k], det[k])`, with one
/// loop per metric (the match is taken once, outside), so that each loop can
/// be vectorized.
#[inline(always)]
pub fn eval_columns(
    metric: &Metric,
    tp: &[f64],
    fp: &[f64],
    fn_: &[f64],
    tn: &[f64],
    det: &[f64],
    out: &mut [f64],
) {
    let n = out.len();
    let (tp, fp, fn_, tn, det) = (&tp[..n], &fp[..n], &fn_[..n], &tn[..n], &det[..n]);
    with_known_variant!(metric, m => {
        for k in 0..n {
            out[k] = m.eval(&Confusion {
                tp: tp[k],
                fp: fp[k],
                fn_: fn_[k],
                tn: tn[k],
                det: det[k],
            });
        }
    })
}

/// The largest of `sign * metric(confusion(k))` over `k` in `range`, NaN
/// values ignored (`-inf` if there are none), with one loop per metric so
/// that each can be vectorized.
#[inline(always)]
pub fn max_each(
    metric: &Metric,
    sign: f64,
    range: std::ops::Range<usize>,
    confusion: impl Fn(usize) -> Confusion<f64>,
) -> f64 {
    with_known_variant!(metric, m => {
        let mut best = f64::NEG_INFINITY;
        for k in range {
            // f64::max ignores a NaN argument.
            best = best.max(sign * m.eval(&confusion(k)));
        }
        best
    })
}

/// The metric of each confusion matrix `(tp[i], fp[i], fn_[i], tn[i])`.
pub fn evaluate(
    metric: &Metric,
    tp: &[f64],
    fp: &[f64],
    fn_: &[f64],
    tn: &[f64],
) -> crate::Result<Vec<f64>> {
    for (name, xs) in [("tp", tp), ("fp", fp), ("fn", fn_), ("tn", tn)] {
        if xs.len() != tp.len() {
            return Err(Error::invalid(
                name,
                format!("length {}", xs.len()),
                format!("{name} must have the length of tp ({})", tp.len()),
            ));
        }
        if let Some(i) = xs.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
            return Err(Error::invalid(
                name,
                format!("{} at index {i}", crate::error::show(xs[i])),
                "confusion entries must be finite and >= 0",
            ));
        }
    }
    Ok((0..tp.len())
        .map(|i| metric.eval(&Confusion::from_entries(tp[i], fp[i], fn_[i], tn[i])))
        .collect())
}

fn parse_cost(args: &str, name: &str) -> Result<Metric> {
    let bad = |why: &str| {
        Error::invalid(
            "metric",
            format!("{name:?}"),
            format!("{why}; write cost, or cost(c_fp=A, c_fn=B) with finite A, B >= 0"),
        )
    };
    let (mut c_fp, mut c_fn) = (1.0, 1.0);
    let mut seen = (false, false);
    for part in args.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| bad("expected key=value"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| bad("a cost weight is not a number"))?;
        if !(value.is_finite() && value >= 0.0) {
            return Err(bad("a cost weight is negative or not finite"));
        }
        match key.trim() {
            "c_fp" if !seen.0 => (c_fp, seen.0) = (value, true),
            "c_fn" if !seen.1 => (c_fn, seen.1) = (value, true),
            "c_fp" | "c_fn" => return Err(bad("a weight is given twice")),
            _ => return Err(bad("the only keys are c_fp and c_fn")),
        }
    }
    Ok(Metric::Cost { c_fp, c_fn })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_listed_name_and_round_trips() {
        for name in STANDARD_METRICS {
            let m = Metric::parse(name).unwrap();
            assert_eq!(Metric::parse(&m.name()).unwrap(), m);
        }
        assert_eq!(Metric::parse(" F2 ").unwrap(), Metric::f_beta(2.0));
        assert_eq!(
            Metric::parse("cost(c_fp=1, c_fn=10)").unwrap(),
            Metric::Cost {
                c_fp: 1.0,
                c_fn: 10.0
            }
        );
        for bad in [
            "f",
            "fx",
            "f-1",
            "f0",
            "bogus",
            "cost(c_fp=-1)",
            "cost(a=1)",
        ] {
            assert!(Metric::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hand_computed_values() {
        // tp=3, fp=1, fn=2, tn=4
        let c = Confusion::from_counts(3, 1, 2, 4);
        let get = |n: &str| Metric::parse(n).unwrap().eval(&c);
        assert_eq!(get("accuracy"), 0.7);
        assert_eq!(get("precision"), 0.75);
        assert_eq!(get("recall"), 0.6);
        assert_eq!(get("specificity"), 0.8);
        assert!((get("f1") - 6.0 / 9.0).abs() < 1e-15);
        assert!((get("mcc") - 10.0 / (4.0f64 * 6.0 * 5.0 * 5.0).sqrt()).abs() < 1e-15);
        assert_eq!(get("cost(c_fp=2, c_fn=5)"), 12.0);
    }

    #[test]
    fn undefined_ratios_are_zero_and_kappa_nan() {
        let c = Confusion::from_counts(0, 0, 0, 5);
        for n in ["precision", "recall", "f1", "jaccard", "mcc", "youden_j"] {
            assert_eq!(Metric::parse(n).unwrap().eval(&c), 0.0, "{n}");
        }
        assert!(Metric::CohenKappa.eval(&c).is_nan());
        assert_eq!(Metric::BalancedAccuracy.eval(&c), 1.0);
    }
}
