//! The simulation engine of studies: seeded data generators, weighted
//! learners and the fits that combine them, run in parallel with no Python
//! per fit.
//!
//! * [`generators`]: `binormal` (known Bayes ROC) and scikit-learn's
//!   `make_classification` algorithm;
//! * [`cart`]: weighted CART with `DecisionTreeClassifier` semantics;
//! * [`logistic`]: weighted L2-penalised logistic regression (Newton);
//! * [`study`]: one fit (generate, split, strategy, train, score, sweep) and
//!   many in parallel.

pub mod cart;
pub mod generators;
pub mod logistic;
pub mod study;

pub use generators::{DataSpec, Dataset, Generator};
pub use study::{run_fit, run_fits, FitRecord, FitSpec, Learner, Strategy};
