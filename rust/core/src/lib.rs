//! imbcore-core: the class weight and the decision threshold for the metric
//! you care about, on imbalanced data.
//!
//! * [`metric`]: the one table of metric formulas over a confusion matrix;
//! * [`theory`]: the landing point of weighted cross-entropy on the Lp curve
//!   family, metric grids and the optimal weight;
//! * [`sweep`]: exact confusion counts at every distinct threshold of real
//!   scores, ROC-AUC and average precision.

pub mod error;
pub mod expm;
pub mod memory;
pub mod metric;
pub mod partition;
pub mod real;
pub mod roots;
pub mod sweep;
pub mod theory;

pub use error::{Error, Result};
pub use metric::{Confusion, Metric};
