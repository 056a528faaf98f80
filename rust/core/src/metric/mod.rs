//! The one table of metric formulas, shared by the theory (expected fractions)
//! and by threshold sweeps (counts or summed weights).
//!
//! **Adding a metric is adding one row** to the [`metric_table!`] invocation
//! below: its variant, name, display label, direction, whether it is
//! one-sided (best at an end of the curve), whether it needs the determinant,
//! a formula in words and the formula itself. Parsing, canonical names,
//! labels, directions, the lists shown in messages and to `best_all`, the
//! vectorized kernels and the Python `MetricInfo` record all come from that
//! row. The test-only row `TestPrevalence` shows it (compiled into tests only).
//!
//! Undefined ratios follow scikit-learn's defaults: a ratio whose denominator
//! is zero (precision with no predicted positive, recall with no positive, the
//! F-scores, Jaccard, specificity, NPV, FPR, FNR, accuracy of nothing) is 0, as
//! with scikit-learn's `zero_division` default; MCC, Youden's J and
//! markedness are 0 when a margin of the confusion matrix is empty (as
//! `matthews_corrcoef` does); Cohen's kappa is NaN when it is undefined (as
//! `cohen_kappa_score` does); balanced accuracy averages the recall of the
//! classes that are present (as `balanced_accuracy_score` does).

mod kernel;
pub mod multiclass;
mod param;

pub use kernel::{eval_columns, evaluate, max_each, with_known_variant, Kernel};
pub use param::{Cost, FScore, Param};

use crate::error::{Error, Result};
use crate::num::real::Real;

/// A confusion matrix: fractions (theory) or counts / summed weights (sweeps).
///
/// `det = tp*tn - fp*fn` is carried separately because every chance-corrected
/// metric (MCC, Youden's J, kappa, markedness) is proportional to it and it
/// cancels catastrophically near chance; the theory supplies it in a
/// cancellation-free form, counts give it exactly.
#[derive(Debug, Clone, Copy)]
pub struct Confusion<T> {
    /// True positives.
    pub tp: T,
    /// False positives.
    pub fp: T,
    /// False negatives.
    pub fn_: T,
    /// True negatives.
    pub tn: T,
    /// `tp*tn - fp*fn`, formed apart (see above).
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

/// Whether larger or smaller values of a metric are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Larger is better.
    Max,
    /// Smaller is better.
    Min,
}

/// `num / den`, or 0 when `den` is 0 (scikit-learn's `zero_division` default).
#[inline]
pub fn ratio<T: Real>(num: T, den: T) -> T {
    // Divide first, then choose: a select rather than a branch, so loops over
    // it vectorize (x / 0 raises no trap, it only gives a value not used).
    let r = num / den;
    if den.val() == 0.0 {
        T::cst(0.0)
    } else {
        r
    }
}

/// `num / den`, or `otherwise` when `den` is 0 (a select, as in [`ratio`]).
#[inline]
fn ratio_or<T: Real>(num: T, den: T, otherwise: f64) -> T {
    let r = num / den;
    if den.val() == 0.0 {
        T::cst(otherwise)
    } else {
        r
    }
}

/// The table's facts about one metric, for messages and for Python.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// The canonical name (`f1`, `cost(c_fp=1, c_fn=10)`).
    pub name: String,
    /// The display label (`F1`, `Balanced accuracy`).
    pub label: String,
    /// The row of the table (`f<b>` for every F-score, `cost` for every cost).
    pub row: &'static str,
    /// Larger or smaller is better.
    pub direction: Direction,
    /// Best at an end of the curve (predict everything or nothing positive).
    pub one_sided: bool,
    /// The formula uses `det`.
    pub needs_det: bool,
    /// The value scales with the counts (a total such as a cost), rather
    /// than being a ratio of them.
    pub scales_with_counts: bool,
    /// The formula, in words.
    pub formula: &'static str,
}

// Helpers of the table macro: what a row with a parameter does differently.
macro_rules! row_name {
    ($name:literal) => {
        String::from($name)
    };
    ($name:literal, $p:ident) => {
        $p.name()
    };
}
macro_rules! row_label {
    ($label:literal) => {
        String::from($label)
    };
    ($label:literal, $p:ident) => {
        $p.label()
    };
}
macro_rules! row_parse {
    ($s:ident, $raw:ident, $name:literal, $V:ident) => {
        ($s == $name).then(|| Ok(Metric::$V))
    };
    ($s:ident, $raw:ident, $name:literal, $V:ident, $T:ty) => {
        <$T as Param>::parse($s, $raw).map(|r| r.map(Metric::$V))
    };
}
macro_rules! row_names {
    ($out:ident, $list:ident, $name:literal) => {
        $out.push(String::from($name))
    };
    ($out:ident, $list:ident, $name:literal, $T:ty) => {
        $out.extend(<$T as Param>::$list.iter().map(|s| s.to_string()))
    };
}

/// Declares the table: the [`Metric`] enum and everything derived from its
/// rows. A row reads
///
/// ```text
/// Variant[(ParamType)]: "name" = "Label", max|min, one_sided|two_sided,
///     det|no_det, ratio|total, "formula in words", |c[, param]| formula over c;
/// ```
///
/// `ratio` marks a metric that multiplying every count by one factor leaves
/// unchanged (so sums of huge or tiny weights can be rescaled exactly by a
/// power of two before it is computed); `total` one that scales with them.
///
/// `c` is the [`Confusion`]; a row with a parameter (the F-scores, cost)
/// names a [`Param`] type that parses, names and labels its instances.
macro_rules! metric_table {
    ($(
        $(#[$attr:meta])*
        $V:ident $(($T:ty))? : $name:literal = $label:literal, $dir:ident, $sided:ident,
        $det:ident, $scale:ident, $formula:literal, |$c:ident $(, $p:ident)?| $body:expr;
    )*) => {
        /// A metric: one row of the table (see the module documentation).
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Metric {
            $( $(#[$attr])* #[doc = $formula] $V $(($T))?, )*
        }

        impl Metric {
            /// The metric of one confusion matrix.
            #[inline(always)]
            pub fn eval<T: Real>(&self, c: &Confusion<T>) -> T {
                match *self {
                    $( $(#[$attr])* Metric::$V $(($p))? => { let $c = c; $body } )*
                }
            }

            /// The canonical name (`f1`, `f0.5`, `cost(c_fp=1, c_fn=10)`).
            pub fn name(&self) -> String {
                match self {
                    $( $(#[$attr])* Metric::$V $(($p))? => row_name!($name $(, $p)?), )*
                }
            }

            /// The label figures and tables show (`F1`, `Balanced accuracy`).
            pub fn label(&self) -> String {
                match self {
                    $( $(#[$attr])* Metric::$V $(($p))? => row_label!($label $(, $p)?), )*
                }
            }

            /// The row of the table (`f<b>` for every F-score, `cost` for every cost).
            pub fn row(&self) -> &'static str {
                match self {
                    $( $(#[$attr])* Metric::$V { .. } => $name, )*
                }
            }

            /// Whether larger or smaller values are better.
            pub fn direction(&self) -> Direction {
                match self {
                    $( $(#[$attr])* Metric::$V { .. } => metric_table!(@dir $dir), )*
                }
            }

            /// Whether the best value lies at an end of the curve (predicting
            /// everything or nothing positive), as for precision or recall alone.
            pub fn one_sided(&self) -> bool {
                match self {
                    $( $(#[$attr])* Metric::$V { .. } => metric_table!(@sided $sided), )*
                }
            }

            /// Whether the formula uses `det` (the theory computes it only when needed).
            pub fn needs_det(&self) -> bool {
                match self {
                    $( $(#[$attr])* Metric::$V { .. } => metric_table!(@det $det), )*
                }
            }

            /// Whether the value grows with the scale of the counts (a total,
            /// such as a cost) rather than being a ratio of them, which
            /// multiplying every count by one factor leaves unchanged.
            pub fn scales_with_counts(&self) -> bool {
                match self {
                    $( $(#[$attr])* Metric::$V { .. } => metric_table!(@scale $scale), )*
                }
            }

            /// The formula, in words.
            pub fn formula(&self) -> &'static str {
                match self {
                    $( $(#[$attr])* Metric::$V { .. } => $formula, )*
                }
            }

            /// Parses a lowercased, trimmed name (`raw` as the user typed it).
            fn parse_row(s: &str, raw: &str) -> Option<Result<Metric>> {
                $( $(#[$attr])* if let Some(m) = row_parse!(s, raw, $name, $V $(, $T)?) {
                    return Some(m);
                } )*
                None
            }

            /// Runs `k` on a copy of `self` built from its own variant, so that
            /// inside `k` the compiler knows which formula applies (see
            /// [`with_known_variant`]).
            #[inline(always)]
            pub(crate) fn dispatch<K: Kernel>(&self, k: K) -> K::Out {
                match *self {
                    $( $(#[$attr])* Metric::$V $(($p))? => k.run(Metric::$V $(($p))?), )*
                }
            }
        }

        /// The names users can type, in table order, as messages list them
        /// (`f<b> (e.g. f2, f0.5)` stands for every F-score).
        #[allow(clippy::vec_init_then_push)] // one push per row, some only in tests
        pub fn known_metrics() -> Vec<String> {
            let mut out = Vec::new();
            $( $(#[$attr])* row_names!(out, KNOWN, $name $(, $T)?); )*
            out
        }

        /// The metrics `best_all` reports, in table order, with the F-scores
        /// and the cost at their usual settings.
        #[allow(clippy::vec_init_then_push)] // one push per row, some only in tests
        pub fn standard_metrics() -> Vec<String> {
            let mut out = Vec::new();
            $( $(#[$attr])* row_names!(out, STANDARD, $name $(, $T)?); )*
            out
        }
    };
    (@dir max) => { Direction::Max };
    (@dir min) => { Direction::Min };
    (@sided one_sided) => { true };
    (@sided two_sided) => { false };
    (@det det) => { true };
    (@det no_det) => { false };
    (@scale ratio) => { false };
    (@scale total) => { true };
}

metric_table! {
    Accuracy: "accuracy" = "Accuracy", max, two_sided, no_det, ratio,
        "(tp + tn) / (tp + fp + fn + tn)",
        |c| ratio(c.tp + c.tn, c.tp + c.fp + c.fn_ + c.tn);
    Precision: "precision" = "Precision", max, one_sided, no_det, ratio,
        "tp / (tp + fp)",
        |c| ratio(c.tp, c.tp + c.fp);
    Recall: "recall" = "Recall", max, one_sided, no_det, ratio,
        "tp / (tp + fn)",
        |c| ratio(c.tp, c.tp + c.fn_);
    Specificity: "specificity" = "Specificity", max, one_sided, no_det, ratio,
        "tn / (tn + fp)",
        |c| ratio(c.tn, c.tn + c.fp);
    Npv: "npv" = "NPV", max, one_sided, no_det, ratio,
        "tn / (tn + fn)",
        |c| ratio(c.tn, c.tn + c.fn_);
    Fpr: "fpr" = "FPR", min, one_sided, no_det, ratio,
        "fp / (fp + tn)",
        |c| ratio(c.fp, c.fp + c.tn);
    Fnr: "fnr" = "FNR", min, one_sided, no_det, ratio,
        "fn / (fn + tp)",
        |c| ratio(c.fn_, c.fn_ + c.tp);
    FBeta(FScore): "f<b>" = "F", max, two_sided, no_det, ratio,
        "(1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp)",
        |c, f| ratio(c.tp, c.tp + T::cst(f.w_fn) * c.fn_ + T::cst(f.w_fp) * c.fp);
    BalancedAccuracy: "balanced_accuracy" = "Balanced accuracy", max, two_sided, no_det, ratio,
        "(recall + specificity) / 2, over the classes present",
        |c| {
            let (pos, neg) = (c.tp + c.fn_, c.tn + c.fp);
            let (r, s) = (c.tp / pos, c.tn / neg);
            let both = (r + s) * T::cst(0.5);
            match (pos.val() > 0.0, neg.val() > 0.0) {
                (true, true) => both,
                (true, false) => r,
                (false, true) => s,
                (false, false) => T::cst(0.0),
            }
        };
    Gmean: "gmean" = "G-mean", max, two_sided, no_det, ratio,
        "sqrt(recall * specificity)",
        |c| (ratio(c.tp, c.tp + c.fn_) * ratio(c.tn, c.tn + c.fp)).sqrt();
    Mcc: "mcc" = "MCC", max, two_sided, det, ratio,
        "(tp tn - fp fn) / sqrt((tp + fp)(tn + fn)(tp + fn)(tn + fp))",
        // Two square roots of two products each, not one of four: summed
        // weights up to 1e150 neither overflow nor underflow here.
        |c| ratio(
            c.det,
            ((c.tp + c.fp) * (c.tn + c.fn_)).sqrt() * ((c.tp + c.fn_) * (c.tn + c.fp)).sqrt(),
        );
    YoudenJ: "youden_j" = "Youden's J", max, two_sided, det, ratio,
        "recall + specificity - 1",
        |c| ratio(c.det, (c.tp + c.fn_) * (c.tn + c.fp));
    Jaccard: "jaccard" = "Jaccard index", max, two_sided, no_det, ratio,
        "tp / (tp + fp + fn)",
        |c| ratio(c.tp, c.tp + c.fp + c.fn_);
    CohenKappa: "cohen_kappa" = "Cohen's kappa", max, two_sided, det, ratio,
        "2 (tp tn - fp fn) / ((tp + fp)(fp + tn) + (tp + fn)(fn + tn)); NaN when undefined",
        |c| ratio_or(
            T::cst(2.0) * c.det,
            (c.tp + c.fp) * (c.fp + c.tn) + (c.tp + c.fn_) * (c.fn_ + c.tn),
            f64::NAN,
        );
    Markedness: "markedness" = "Markedness", max, two_sided, det, ratio,
        "precision + npv - 1",
        |c| ratio(c.det, (c.tp + c.fp) * (c.tn + c.fn_));
    Cost(Cost): "cost" = "Cost", min, two_sided, no_det, total,
        "c_fp fp + c_fn fn (both 1 by default)",
        |c, k| T::cst(k.c_fp) * c.fp + T::cst(k.c_fn) * c.fn_;
    #[cfg(test)]
    TestPrevalence: "test_prevalence" = "Prevalence (test)", max, two_sided, no_det, ratio,
        "(tp + fn) / (tp + fp + fn + tn), a row that exists only in tests",
        |c| ratio(c.tp + c.fn_, c.tp + c.fp + c.fn_ + c.tn);
}

impl Metric {
    /// The F-score with weight `beta` on recall (`f_beta(1.0)` is F1).
    pub fn f_beta(beta: f64) -> Metric {
        Metric::FBeta(FScore::new(beta))
    }

    /// `c_fp * fp + c_fn * fn`.
    pub fn cost(c_fp: f64, c_fn: f64) -> Metric {
        Metric::Cost(Cost { c_fp, c_fn })
    }

    /// Parses a name as users type it (case-insensitive, surrounding blanks ignored).
    pub fn parse(name: &str) -> Result<Metric> {
        let s = name.trim().to_ascii_lowercase();
        Metric::parse_row(&s, name).unwrap_or_else(|| Err(unknown(name)))
    }

    /// Whether a larger value is better (false for fpr, fnr and cost).
    pub fn higher_is_better(&self) -> bool {
        self.direction() == Direction::Max
    }

    /// The same metric with its parameters rescaled so that its values stay
    /// finite, for comparing thresholds: a cost is divided by its largest
    /// weight (which changes no comparison); every other metric is itself.
    pub fn scale_free(&self) -> Metric {
        match *self {
            Metric::Cost(Cost { c_fp, c_fn }) if c_fp.max(c_fn) > 0.0 => {
                let m = c_fp.max(c_fn);
                Metric::cost(c_fp / m, c_fn / m)
            }
            other => other,
        }
    }

    /// Every fact of the table about this metric.
    pub fn info(&self) -> Info {
        Info {
            name: self.name(),
            label: self.label(),
            row: self.row(),
            direction: self.direction(),
            one_sided: self.one_sided(),
            needs_det: self.needs_det(),
            scales_with_counts: self.scales_with_counts(),
            formula: self.formula(),
        }
    }
}

impl Metric {
    /// Whether the metric is defined at `c`: false where the table's formula
    /// meets a zero denominator (and so reports scikit-learn's
    /// `zero_division` value, 0, or kappa's NaN), such as precision with no
    /// predicted positive. A cost is always defined. Bootstrap bands leave
    /// out the replicates where a metric is undefined rather than average a
    /// convention into them.
    pub fn is_defined(&self, c: &Confusion<f64>) -> bool {
        let (pred_pos, pred_neg) = (c.tp + c.fp, c.fn_ + c.tn);
        let (pos, neg) = (c.tp + c.fn_, c.fp + c.tn);
        // Every row is listed (no wildcard), so a new row must say here
        // when it is defined.
        match self {
            Metric::Accuracy => pos + neg > 0.0,
            Metric::Precision => pred_pos > 0.0,
            Metric::Recall | Metric::Fnr => pos > 0.0,
            Metric::Specificity | Metric::Fpr => neg > 0.0,
            Metric::Npv => pred_neg > 0.0,
            Metric::FBeta(_) | Metric::Jaccard => c.tp + c.fp + c.fn_ > 0.0,
            Metric::BalancedAccuracy => pos > 0.0 || neg > 0.0,
            Metric::Gmean | Metric::YoudenJ => pos > 0.0 && neg > 0.0,
            Metric::Mcc => pred_pos > 0.0 && pred_neg > 0.0 && pos > 0.0 && neg > 0.0,
            Metric::Markedness => pred_pos > 0.0 && pred_neg > 0.0,
            Metric::CohenKappa => !self.eval(c).is_nan(),
            Metric::Cost(_) => true,
            #[cfg(test)]
            Metric::TestPrevalence => pos + neg > 0.0,
        }
    }
}

/// The error for a name the table does not know.
pub(crate) fn unknown(name: &str) -> Error {
    Error::UnknownMetric {
        name: name.to_string(),
        known: known_metrics().join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_listed_name_and_round_trips() {
        for name in standard_metrics() {
            let m = Metric::parse(&name).unwrap();
            assert_eq!(m.name(), name);
            assert_eq!(Metric::parse(&m.name()).unwrap(), m);
        }
        assert_eq!(Metric::parse(" F2 ").unwrap(), Metric::f_beta(2.0));
        assert_eq!(
            Metric::parse("cost(c_fp=1, c_fn=10)").unwrap(),
            Metric::cost(1.0, 10.0)
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
        let e = Metric::parse("bogus").unwrap_err().to_string();
        assert!(
            e.contains("\"bogus\"") && e.contains("f<b> (e.g. f2, f0.5)"),
            "{e}"
        );
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

    #[test]
    fn facts_of_the_rows() {
        let f = Metric::parse("f0.5").unwrap().info();
        assert_eq!(
            (f.name.as_str(), f.label.as_str(), f.row),
            ("f0.5", "F0.5", "f<b>")
        );
        assert!(!f.one_sided && !f.needs_det && f.direction == Direction::Max);
        let c = Metric::parse("cost(c_fn=10)").unwrap().info();
        assert_eq!(
            (c.name.as_str(), c.label.as_str(), c.row),
            ("cost(c_fp=1, c_fn=10)", "Cost (c_fp=1, c_fn=10)", "cost")
        );
        assert_eq!(c.direction, Direction::Min);
        assert_eq!(Metric::parse("cost").unwrap().label(), "Cost");
        assert!(Metric::Precision.one_sided() && Metric::Mcc.needs_det());
        assert_eq!(Metric::YoudenJ.label(), "Youden's J");
    }

    /// A metric added as one row (`TestPrevalence`, compiled into tests only)
    /// is parsed, named, labelled, listed, evaluated, swept, optimised over a
    /// curve and gridded by the theory with no other change anywhere.
    #[test]
    fn a_new_metric_is_one_row() {
        let m = Metric::parse("Test_Prevalence").unwrap();
        assert_eq!(m, Metric::TestPrevalence);
        assert_eq!(m.name(), "test_prevalence");
        assert_eq!(m.label(), "Prevalence (test)");
        assert!(known_metrics().contains(&"test_prevalence".to_string()));
        assert!(standard_metrics().contains(&"test_prevalence".to_string()));
        assert_eq!(m.eval(&Confusion::from_counts(3, 1, 2, 4)), 0.5);
        // Through a sweep and its best threshold.
        let s = crate::sweep::sweep_unweighted::<f64, u32>(&[0.9, 0.5, 0.1], &[1, 0, 1]).unwrap();
        let curve = crate::sweep::metric_curve(&m, &s.tp, &s.fp, s.n_pos, s.n_neg).unwrap();
        assert!(curve.iter().all(|&v| (v - 2.0 / 3.0).abs() < 1e-15));
        let b = crate::sweep::best(&m, &[], &s.tp, &s.fp, s.n_pos, s.n_neg).unwrap();
        assert_eq!(b.map(|b| b.0), Some(0));
        // Through the theory's grid: the prevalence is beta at every weight.
        let g = crate::theory::Curves::new(crate::theory::Family::Lp, &[&[2.0]])
            .unwrap()
            .grid(
                crate::theory::Rule::ExpectedLoss,
                crate::theory::Noise::NONE,
                &m,
                &[0.5, 3.0],
                &[0.01, 0.2],
            )
            .unwrap();
        assert!(g
            .iter()
            .zip([0.01, 0.2, 0.01, 0.2])
            .all(|(a, b)| (a - b).abs() < 1e-15));
    }
}
