//! Landing rules: how training with positive weight `alpha` picks a point of
//! the curve.

use crate::error::{Error, Result};

/// Where a model trained with positive weight `alpha` on prevalence `beta`
/// lands on its tradeoff curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Decision theory: the point that maximises the weighted utility
    /// `alpha*beta*x + (1-beta)*z`, i.e. where the ROC slope `dTPR/dFPR` is
    /// `(1-beta)/(alpha*beta)` (on a concave curve; otherwise the best point of
    /// its convex hull). On calibrated scores this is the threshold
    /// `1/(1+alpha)`. A well-specified model trained with weighted
    /// cross-entropy lands here.
    Bayes,
    /// The original analysis: the point that maximises
    /// `alpha*beta*ln(x) + (1-beta)*ln(z)` (predictions replaced by their
    /// expectations in the weighted cross-entropy).
    ExpectedLoss,
}

impl Rule {
    /// The names, as the user writes them.
    pub const KNOWN: [&'static str; 2] = ["bayes", "expected_loss"];

    /// Parses a rule name.
    pub fn parse(name: &str) -> Result<Rule> {
        match name {
            "bayes" => Ok(Rule::Bayes),
            "expected_loss" => Ok(Rule::ExpectedLoss),
            _ => Err(Error::invalid(
                "rule",
                format!("{name:?}"),
                format!("known rules are {}", Rule::KNOWN.join(", ")),
            )),
        }
    }
}
