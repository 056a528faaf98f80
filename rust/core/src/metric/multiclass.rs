//! The multiclass metrics: each a row of one table, evaluated on a K x K
//! confusion matrix (rows the true class, columns the predicted class).
//!
//! A row sees a [`Tally`]: the diagonal, the row sums (true classes), the
//! column sums (predicted classes), the total and, for `cost`, the total cost.
//! These are all any multiclass metric of the table needs, and all of them
//! change by O(1) when one sample moves between two columns, which is what
//! the exact coordinate ascent of `sweep::multiclass` does at each step.
//! **Adding a metric is adding one row** to [`mc_metric_table!`]; parsing,
//! names, labels, directions and the list in messages come from that row.
//!
//! Conventions follow scikit-learn (and imbalanced-learn for `gmean`):
//! averages of per-class ratios use 0 for an undefined ratio (the
//! `zero_division` default) and run over every class of `labels`;
//! `balanced_accuracy` averages the recall of the classes present in
//! `y_true`; `gmean` is the geometric mean of the recalls of the classes
//! present in `y_true` or in the predictions; `mcc` is 0 when a margin is
//! empty; `cohen_kappa` is NaN when undefined.

use super::{ratio, FScore, Param};
use crate::error::{Error, Result};

/// What every multiclass metric is computed from (sums of sample weights,
/// or counts).
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// `diag[c]`: samples of class c predicted c.
    pub diag: Vec<f64>,
    /// `row[c]`: samples of class c (the support).
    pub row: Vec<f64>,
    /// `col[c]`: samples predicted c.
    pub col: Vec<f64>,
    /// All samples.
    pub total: f64,
    /// `sum_i w_i C[y_i, yhat_i]` when a cost matrix is given, else 0.
    pub cost: f64,
}

impl Tally {
    /// An empty tally of `k` classes.
    pub fn new(k: usize) -> Self {
        Tally {
            diag: vec![0.0; k],
            row: vec![0.0; k],
            col: vec![0.0; k],
            total: 0.0,
            cost: 0.0,
        }
    }

    /// The tally of a K x K confusion matrix (row-major, rows true) and a
    /// cost total.
    pub fn from_matrix(k: usize, m: &[f64], cost: f64) -> Result<Self> {
        if m.len() != k * k {
            return Err(Error::invalid(
                "confusion matrix",
                format!("{} entries", m.len()),
                format!("a matrix of {k} classes has {} entries", k * k),
            ));
        }
        let mut t = Tally::new(k);
        for i in 0..k {
            for j in 0..k {
                let v = m[i * k + j];
                t.row[i] += v;
                t.col[j] += v;
                t.total += v;
            }
            t.diag[i] = m[i * k + i];
        }
        t.cost = cost;
        Ok(t)
    }

    /// The number of classes.
    pub fn k(&self) -> usize {
        self.diag.len()
    }

    /// The one-vs-rest confusion `(tp, fp, fn, tn)` of class `c`.
    pub fn one_vs_rest(&self, c: usize) -> super::Confusion<f64> {
        let (d, r, p) = (self.diag[c], self.row[c], self.col[c]);
        super::Confusion::from_entries(d, p - d, r - d, self.total - r - p + d)
    }

    /// The F-score of class `c`.
    #[inline]
    fn f(&self, c: usize, f: &FScore) -> f64 {
        let d = self.diag[c];
        ratio(
            d,
            d + f.w_fn * (self.row[c] - d) + f.w_fp * (self.col[c] - d),
        )
    }

    /// The mean over all classes of `g(c)`.
    #[inline]
    fn mean(&self, g: impl Fn(usize) -> f64) -> f64 {
        let k = self.k();
        ratio((0..k).map(g).sum::<f64>(), k as f64)
    }

    /// `sum_c row[c] col[c]`, the chance agreement (times the total squared).
    #[inline]
    fn chance(&self) -> f64 {
        self.row.iter().zip(&self.col).map(|(r, p)| r * p).sum()
    }
}

/// Direction of a multiclass metric (shared with the binary table).
pub use super::Direction;

macro_rules! mc_parse {
    ($s:ident, $raw:ident, $name:literal, $V:ident) => {
        ($s == $name).then(|| Ok(McMetric::$V))
    };
    ($s:ident, $raw:ident, $name:literal, $V:ident, $pre:literal) => {
        $s.strip_prefix($pre)
            .and_then(|rest| FScore::parse(rest, $raw))
            .map(|r| r.map(McMetric::$V))
    };
}
macro_rules! mc_name {
    ($name:literal) => {
        String::from($name)
    };
    ($name:literal, $p:ident, $pre:literal) => {
        format!("{}{}", $pre, $p.name())
    };
}
macro_rules! mc_label {
    ($label:literal) => {
        String::from($label)
    };
    ($label:literal, $p:ident, $pre:literal) => {
        format!("{} {}", $label, $p.label())
    };
}
macro_rules! mc_known {
    ($out:ident, $name:literal) => {
        $out.push(String::from($name))
    };
    ($out:ident, $name:literal, $pre:literal) => {{
        $out.push(format!("{}f1", $pre));
        $out.push(format!("{}f<b>", $pre));
    }};
}

/// Declares the multiclass table. A row reads
///
/// ```text
/// Variant[(FScore, "prefix_")]: "name" = "Label", max|min, "formula in words",
///     |t[, f]| formula over the Tally t;
/// ```
///
/// A row with an F-score parameter is named `prefix_f<b>` (`macro_f2`).
macro_rules! mc_metric_table {
    ($(
        $V:ident $(($T:ty, $pre:literal))? : $name:literal = $label:literal, $dir:ident,
        $formula:literal, |$t:ident $(, $p:ident)?| $body:expr;
    )*) => {
        /// A multiclass metric: one row of the table (see the module documentation).
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum McMetric {
            $( #[doc = $formula] $V $(($T))?, )*
        }

        impl McMetric {
            /// The metric of one tally.
            #[inline]
            pub fn eval(&self, tally: &Tally) -> f64 {
                match *self {
                    $( McMetric::$V $(($p))? => { let $t = tally; $body } )*
                }
            }

            /// The canonical name (`macro_f1`, `weighted_f0.5`, `gmean`).
            pub fn name(&self) -> String {
                match self {
                    $( McMetric::$V $(($p))? => mc_name!($name $(, $p, $pre)?), )*
                }
            }

            /// The display label.
            pub fn label(&self) -> String {
                match self {
                    $( McMetric::$V $(($p))? => mc_label!($label $(, $p, $pre)?), )*
                }
            }

            /// Whether larger or smaller values are better.
            pub fn direction(&self) -> Direction {
                match self {
                    $( McMetric::$V { .. } => mc_metric_table!(@dir $dir), )*
                }
            }

            /// The formula, in words.
            pub fn formula(&self) -> &'static str {
                match self {
                    $( McMetric::$V { .. } => $formula, )*
                }
            }

            fn parse_row(s: &str, raw: &str) -> Option<Result<McMetric>> {
                $( if let Some(m) = mc_parse!(s, raw, $name, $V $(, $pre)?) {
                    return Some(m);
                } )*
                None
            }
        }

        /// The names users can type, in table order.
        pub fn known_multiclass_metrics() -> Vec<String> {
            let mut out = Vec::new();
            $( mc_known!(out, $name $(, $pre)?); )*
            out
        }
    };
    (@dir max) => { Direction::Max };
    (@dir min) => { Direction::Min };
}

mc_metric_table! {
    Accuracy: "accuracy" = "Accuracy", max,
        "sum_c diag[c] / total",
        |t| ratio(t.diag.iter().sum::<f64>(), t.total);
    MacroF(FScore, "macro_"): "macro_f<b>" = "Macro", max,
        "mean over classes of the F-score of each class (one-vs-rest)",
        |t, f| t.mean(|c| t.f(c, &f));
    MicroF(FScore, "micro_"): "micro_f<b>" = "Micro", max,
        "the F-score of the summed one-vs-rest counts (equal to accuracy)",
        |t, f| {
            let d: f64 = t.diag.iter().sum();
            ratio(d, d + (f.w_fn + f.w_fp) * (t.total - d))
        };
    WeightedF(FScore, "weighted_"): "weighted_f<b>" = "Weighted", max,
        "mean of the per-class F-scores weighted by support",
        |t, f| ratio(
            (0..t.k()).map(|c| t.row[c] * t.f(c, &f)).sum::<f64>(),
            t.row.iter().sum::<f64>(),
        );
    MacroPrecision: "macro_precision" = "Macro precision", max,
        "mean over classes of diag[c] / col[c]",
        |t| t.mean(|c| ratio(t.diag[c], t.col[c]));
    MacroRecall: "macro_recall" = "Macro recall", max,
        "mean over classes of diag[c] / row[c]",
        |t| t.mean(|c| ratio(t.diag[c], t.row[c]));
    BalancedAccuracy: "balanced_accuracy" = "Balanced accuracy", max,
        "mean of diag[c] / row[c] over the classes present in y_true",
        |t| {
            let (mut s, mut m) = (0.0, 0.0);
            for c in 0..t.k() {
                if t.row[c] > 0.0 {
                    s += t.diag[c] / t.row[c];
                    m += 1.0;
                }
            }
            ratio(s, m)
        };
    Gmean: "gmean" = "G-mean", max,
        "geometric mean of diag[c] / row[c] over the classes present or predicted",
        |t| {
            let (mut s, mut m) = (0.0, 0.0);
            for c in 0..t.k() {
                if t.row[c] > 0.0 || t.col[c] > 0.0 {
                    s += ratio(t.diag[c], t.row[c]).ln();
                    m += 1.0;
                }
            }
            if m == 0.0 { 0.0 } else { (s / m).exp() }
        };
    Mcc: "mcc" = "MCC",  max,
        "(c s - sum t_k p_k) / sqrt((s^2 - sum p_k^2)(s^2 - sum t_k^2)), s total, c trace",
        |t| {
            let s = t.total;
            let c: f64 = t.diag.iter().sum();
            let cov_tp = c * s - t.chance();
            let cov_pp = s * s - t.col.iter().map(|p| p * p).sum::<f64>();
            let cov_tt = s * s - t.row.iter().map(|r| r * r).sum::<f64>();
            if cov_pp * cov_tt == 0.0 { 0.0 } else { cov_tp / (cov_tt * cov_pp).sqrt() }
        };
    CohenKappa: "cohen_kappa" = "Cohen's kappa", max,
        "1 - (s - c) / (s - sum t_k p_k / s); NaN when undefined",
        |t| {
            let s = t.total;
            let c: f64 = t.diag.iter().sum();
            let den = s - t.chance() / s;
            if den == 0.0 || s == 0.0 { f64::NAN } else { 1.0 - (s - c) / den }
        };
    Cost: "cost" = "Cost", min,
        "sum_i w_i C[y_i, yhat_i] for the cost_matrix C",
        |t| t.cost;
}

impl McMetric {
    /// Parses a name as users type it (case-insensitive, blanks ignored).
    pub fn parse(name: &str) -> Result<McMetric> {
        let s = name.trim().to_ascii_lowercase();
        McMetric::parse_row(&s, name).unwrap_or_else(|| {
            Err(Error::UnknownMetric {
                name: name.to_string(),
                known: known_multiclass_metrics().join(", "),
            })
        })
    }

    /// Whether a larger value is better.
    pub fn higher_is_better(&self) -> bool {
        self.direction() == Direction::Max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows true, columns predicted.
    fn tally(k: usize, m: &[f64]) -> Tally {
        Tally::from_matrix(k, m, 0.0).unwrap()
    }

    #[test]
    fn names_round_trip() {
        for n in [
            "accuracy",
            "macro_f1",
            "micro_f2",
            "weighted_f0.5",
            "gmean",
            "mcc",
            "cohen_kappa",
            "cost",
            "balanced_accuracy",
            "macro_precision",
            "macro_recall",
        ] {
            let m = McMetric::parse(n).unwrap();
            assert_eq!(m.name(), n);
        }
        assert_eq!(McMetric::parse(" Macro_F1 ").unwrap().label(), "Macro F1");
        let e = McMetric::parse("macro_f0").unwrap_err().to_string();
        assert!(e.contains("beta"), "{e}");
        let e = McMetric::parse("f1").unwrap_err().to_string();
        assert!(e.contains("macro_f<b>"), "{e}");
    }

    #[test]
    fn hand_computed_values() {
        // 3 classes: true 0 -> (5, 1, 0), true 1 -> (2, 3, 1), true 2 -> (0, 0, 2)
        let t = tally(3, &[5.0, 1.0, 0.0, 2.0, 3.0, 1.0, 0.0, 0.0, 2.0]);
        let get = |n: &str| McMetric::parse(n).unwrap().eval(&t);
        assert_eq!(get("accuracy"), 10.0 / 14.0);
        // F1 per class: 2*5/(10+1+2)=10/13, 6/(6+3+1)=0.6, 4/(4+0+1)=0.8
        let macro_f1 = (10.0 / 13.0 + 0.6 + 0.8) / 3.0;
        assert!((get("macro_f1") - macro_f1).abs() < 1e-15);
        assert!((get("micro_f1") - 10.0 / 14.0).abs() < 1e-15);
        let weighted = (6.0 * 10.0 / 13.0 + 6.0 * 0.6 + 2.0 * 0.8) / 14.0;
        assert!((get("weighted_f1") - weighted).abs() < 1e-15);
        let recalls = [5.0 / 6.0, 0.5, 1.0];
        let br = recalls.iter().sum::<f64>() / 3.0;
        assert!((get("balanced_accuracy") - br).abs() < 1e-15);
        assert!((get("macro_recall") - br).abs() < 1e-15);
        let g = (recalls.iter().product::<f64>()).powf(1.0 / 3.0);
        assert!((get("gmean") - g).abs() < 1e-15);
    }

    #[test]
    fn undefined_values() {
        let t = tally(2, &[0.0, 3.0, 0.0, 0.0]);
        assert_eq!(McMetric::Mcc.eval(&t), 0.0);
        assert!(McMetric::CohenKappa.eval(&tally(2, &[0.0; 4])).is_nan());
        assert_eq!(McMetric::parse("macro_f1").unwrap().eval(&t), 0.0);
    }
}
