//! Landing rules: how training with positive weight `alpha` picks a point of
//! the curve; and how flipped training labels change the weight it acts with.

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
                format!("'{}'", name.escape_debug()),
                format!("known rules are {}", Rule::KNOWN.join(", ")),
            )),
        }
    }
}

/// Class-conditional flips of the training labels: `rho_pos` of the
/// positives were labelled negative, `rho_neg` of the negatives positive.
///
/// A model trained on such labels estimates the noisy posterior
/// `rho_neg + (1 - rho_pos - rho_neg) * eta` (`eta` the clean one), and
/// weight `alpha` puts its decision where that crosses `1/(1+alpha)`: where
/// the clean posterior crosses `t = (1/(1+alpha) - rho_neg) / (1 - rho_pos -
/// rho_neg)`. That is the clean decision of the weight
///
/// `alpha' = (1-t)/t = (alpha (1 - rho_pos) - rho_pos) / (1 - rho_neg - alpha rho_neg)`,
///
/// so under the Bayes rule noise is a change of weight, the same on every
/// curve. `alpha <= rho_pos/(1-rho_pos)` predicts nothing positive (`t >= 1`),
/// `alpha >= (1-rho_neg)/rho_neg` everything (`t <= 0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Noise {
    /// The rate at which positive training labels were flipped to negative.
    pub rho_pos: f64,
    /// The rate at which negative training labels were flipped to positive.
    pub rho_neg: f64,
}

/// The clean weight a noisy weight acts with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effective {
    /// A finite positive weight and `d ln alpha' / d ln alpha`.
    Weight(f64, f64),
    /// Nothing is predicted positive.
    AllNegative,
    /// Everything is predicted positive.
    AllPositive,
}

impl Noise {
    /// No flips.
    pub const NONE: Noise = Noise {
        rho_pos: 0.0,
        rho_neg: 0.0,
    };

    /// Checked rates: each in `[0, 1)` and `rho_pos + rho_neg < 1` (at 1 the
    /// labels carry no information about the class).
    pub fn new(rho_pos: f64, rho_neg: f64) -> Result<Noise> {
        for (name, r) in [("noise (rho_pos)", rho_pos), ("noise (rho_neg)", rho_neg)] {
            if !(r.is_finite() && (0.0..1.0).contains(&r)) {
                return Err(Error::invalid(
                    name,
                    crate::num::show(r),
                    "a flip rate must lie in [0, 1)",
                ));
            }
        }
        if rho_pos + rho_neg >= 1.0 {
            return Err(Error::invalid(
                "noise",
                format!(
                    "({}, {})",
                    crate::num::show(rho_pos),
                    crate::num::show(rho_neg)
                ),
                "rho_pos + rho_neg must be < 1 (at 1 the labels carry no information)",
            ));
        }
        Ok(Noise { rho_pos, rho_neg })
    }

    /// Whether there are no flips.
    pub fn is_none(&self) -> bool {
        self.rho_pos == 0.0 && self.rho_neg == 0.0
    }

    /// Checks that a rule has a noisy form: only the Bayes rule has (the
    /// expected-loss rule replaces predictions by expectations of a loss on
    /// the labels, and has no derivation under flipped labels).
    pub fn check_rule(&self, rule: Rule) -> Result<()> {
        match rule {
            Rule::Bayes => Ok(()),
            Rule::ExpectedLoss if self.is_none() => Ok(()),
            Rule::ExpectedLoss => Err(Error::invalid(
                "noise",
                format!(
                    "({}, {}) with rule \"expected_loss\"",
                    crate::num::show(self.rho_pos),
                    crate::num::show(self.rho_neg)
                ),
                "training-label noise is modelled under rule \"bayes\" only; pass rule=\"bayes\" or noise=None",
            )),
        }
    }

    /// The clean weight that the noisy weight `alpha` acts with.
    pub fn effective(&self, alpha: f64) -> Effective {
        if self.is_none() {
            return Effective::Weight(alpha, 1.0);
        }
        let (rp, rn) = (self.rho_pos, self.rho_neg);
        let num = alpha * (1.0 - rp) - rp;
        let den = (1.0 - rn) - alpha * rn;
        if num <= 0.0 {
            return Effective::AllNegative;
        }
        if den <= 0.0 {
            return Effective::AllPositive;
        }
        let w = num / den;
        if w == 0.0 {
            Effective::AllNegative
        } else if !w.is_finite() {
            Effective::AllPositive
        } else {
            Effective::Weight(w, alpha * (1.0 - rp) / num + alpha * rn / den)
        }
    }

    /// The noisy weight that acts like the clean weight `alpha` (the inverse
    /// of [`Noise::effective`]): `(alpha (1-rho_neg) + rho_pos) / (1 - rho_pos + alpha rho_neg)`.
    pub fn noisy_weight(&self, alpha: f64) -> f64 {
        if self.is_none() {
            return alpha;
        }
        let (rp, rn) = (self.rho_pos, self.rho_neg);
        if alpha.is_infinite() {
            return (1.0 - rn) / rn;
        }
        (alpha * (1.0 - rn) + rp) / ((1.0 - rp) + alpha * rn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_weight_inverts_and_decides_at_the_noisy_posterior() {
        let n = Noise::new(0.1, 0.01).unwrap();
        for &a in &[0.2, 1.0, 3.0, 40.0] {
            let Effective::Weight(w, _) = n.effective(a) else {
                panic!("corner at {a}");
            };
            assert!((n.noisy_weight(w) - a).abs() < 1e-12 * a);
            // The clean threshold 1/(1+w) maps to the noisy posterior 1/(1+a).
            let eta = 1.0 / (1.0 + w);
            let noisy = 0.01 + (1.0 - 0.11) * eta;
            assert!((noisy - 1.0 / (1.0 + a)).abs() < 1e-14);
        }
        assert_eq!(n.effective(0.1), Effective::AllNegative);
        assert_eq!(n.effective(99.0), Effective::AllPositive);
        assert!(Noise::new(0.5, 0.5).is_err());
        assert!(Noise::new(-0.1, 0.0).is_err());
        assert!(n.check_rule(Rule::ExpectedLoss).is_err());
    }
}
