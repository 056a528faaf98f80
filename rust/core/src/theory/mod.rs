//! The theory of class weights: a tradeoff curve family times a landing rule.
//!
//! A model trained with positive weight `alpha` on data of prevalence `beta`
//! lands somewhere on its attainable tradeoff curve (recall `x` against
//! specificity `z`); every metric follows from the expected confusion
//! fractions there. [`Rule`] says where it lands, [`Noise`] how flipped
//! training labels change the weight it acts with; the curves
//! ([`curve::TradeoffCurve`]) are [`curve::lp`] (`x^p + z^p = 1`),
//! [`curve::binormal`] (`TPR = Phi(a + b Phi^-1(FPR))`) and
//! [`curve::empirical`] (a model's own ROC from a sweep).

pub mod args;
pub mod curve;
mod normal;
pub mod optimize;
pub mod rule;

pub use curve::lp::p_from_auc;
pub use curve::{Curves, Family, TradeoffCurve};
pub use optimize::{natural_weight, Optimum};
pub use rule::{Noise, Rule};
