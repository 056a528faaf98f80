//! The metric table, as Python sees it.

use imbcore_core::metric::{self, Direction};
use imbcore_core::Metric;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::run::run;
use crate::slice;

/// A metric by name; raises `ImbcoreError` for unknown names.
pub fn metric(name: &str) -> PyResult<Metric> {
    Metric::parse(name).map_err(to_py)
}

/// The facts of the table about a metric: `(name, label, row, direction,
/// one_sided, needs_det, scales_with_counts, formula)`.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn metric_info(
    name: &str,
) -> PyResult<(
    String,
    String,
    &'static str,
    &'static str,
    bool,
    bool,
    bool,
    &'static str,
)> {
    let i = metric(name)?.info();
    let direction = match i.direction {
        Direction::Max => "max",
        Direction::Min => "min",
    };
    Ok((
        i.name,
        i.label,
        i.row,
        direction,
        i.one_sided,
        i.needs_det,
        i.scales_with_counts,
        i.formula,
    ))
}

/// The names `best_all` reports.
#[pyfunction]
pub fn standard_metrics() -> Vec<String> {
    metric::standard_metrics()
}

/// The names as listed in error messages.
#[pyfunction]
pub fn known_metrics() -> Vec<String> {
    metric::known_metrics()
}

/// The metric of each confusion matrix.
#[pyfunction]
pub fn evaluate<'py>(
    py: Python<'py>,
    metric_name: &str,
    tp: PyReadonlyArray1<'py, f64>,
    fp: PyReadonlyArray1<'py, f64>,
    fn_: PyReadonlyArray1<'py, f64>,
    tn: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = metric(metric_name)?;
    let (a, b, c, d) = (
        slice(&tp, "tp")?,
        slice(&fp, "fp")?,
        slice(&fn_, "fn")?,
        slice(&tn, "tn")?,
    );
    Ok(run(py, None, || metric::evaluate(&m, a, b, c, d))?.into_pyarray(py))
}
