//! The theory of class weights: a tradeoff curve family times a landing rule.
//!
//! A model trained with positive weight `alpha` on data of prevalence `beta`
//! lands somewhere on its attainable tradeoff curve (recall `x` against
//! specificity `z`); every metric follows from the expected confusion
//! fractions there. [`Rule`] says where it lands; the curves are
//! [`lp`] (`x^p + z^p = 1`), [`binormal`] (`TPR = Phi(a + b Phi^-1(FPR))`) and
//! [`empirical`] (a model's own ROC from a sweep).

pub mod binormal;
pub mod empirical;
pub mod lp;
mod normal;
pub mod rule;

pub use lp::*;
pub use rule::Rule;
