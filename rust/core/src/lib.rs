//! imbcore-core: the class weight and the decision threshold for the metric
//! you care about, on imbalanced data.
//!
//! * [`metric`]: the one table of metric formulas over a confusion matrix;
//! * [`theory`]: the landing point of weighted cross-entropy on the Lp curve
//!   family, metric grids and the optimal weight;
//! * [`sweep`]: exact confusion counts at every distinct threshold of real
//!   scores, the state they are built from (mergeable), ROC-AUC and average
//!   precision;
//! * [`sim`]: the simulation engine of studies (data generators, weighted
//!   CART and logistic regression, fits in parallel);
//! * [`interrupt`]: how long work learns that it should stop;
//! * [`alloc`], [`num`], [`error`]: fallible allocation, numerical building
//!   blocks, the one error type.

pub mod alloc;
pub mod error;
pub mod interrupt;
pub mod metric;
pub mod num;
pub mod sim;
pub mod sweep;
pub mod theory;

pub use error::{Error, Result};
pub use metric::{Confusion, Metric};
