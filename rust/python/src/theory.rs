//! The theory of class weights, as Python sees it.

use imbcore_core::theory;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::metric::metric;
use crate::run::run;
use crate::slice;
use imbcore_core::alloc::try_with_capacity;

pub type F64Array<'py> = Bound<'py, PyArray1<f64>>;

#[pyfunction]
#[pyo3(signature = (alpha, p, beta, n_jobs=None))]
pub fn landing<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    p: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<(F64Array<'py>, F64Array<'py>, F64Array<'py>, F64Array<'py>)> {
    let (a, pp, b) = (
        slice(&alpha, "alpha")?,
        slice(&p, "p")?,
        slice(&beta, "beta")?,
    );
    let [x, z, omx, omz] = run(py, n_jobs, || theory::landing(a, pp, b))?;
    Ok((
        x.into_pyarray(py),
        z.into_pyarray(py),
        omx.into_pyarray(py),
        omz.into_pyarray(py),
    ))
}

#[pyfunction]
#[pyo3(signature = (metric_name, alpha, p, beta, n_jobs=None))]
pub fn expected_metric<'py>(
    py: Python<'py>,
    metric_name: &str,
    alpha: PyReadonlyArray1<'py, f64>,
    p: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let m = metric(metric_name)?;
    let (a, pp, b) = (
        slice(&alpha, "alpha")?,
        slice(&p, "p")?,
        slice(&beta, "beta")?,
    );
    Ok(run(py, n_jobs, || theory::expected_metric(&m, a, pp, b))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (metric_name, alpha, p, beta, n_jobs=None))]
pub fn grid<'py>(
    py: Python<'py>,
    metric_name: &str,
    alpha: PyReadonlyArray1<'py, f64>,
    p: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let m = metric(metric_name)?;
    let (a, pp, b) = (
        slice(&alpha, "alpha")?,
        slice(&p, "p")?,
        slice(&beta, "beta")?,
    );
    Ok(run(py, n_jobs, || theory::grid(&m, a, pp, b))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (metric_name, p, beta, low, high, n_jobs=None))]
#[allow(clippy::type_complexity)]
pub fn optimal_alpha<'py>(
    py: Python<'py>,
    metric_name: &str,
    p: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    low: f64,
    high: f64,
    n_jobs: Option<usize>,
) -> PyResult<(
    F64Array<'py>,
    F64Array<'py>,
    Bound<'py, PyArray1<bool>>,
    Bound<'py, PyArray1<bool>>,
)> {
    let m = metric(metric_name)?;
    let (pp, b) = (slice(&p, "p")?, slice(&beta, "beta")?);
    let found = run(py, n_jobs, || theory::optimal_alpha(&m, pp, b, (low, high)))?;
    // Each column of the result, allocated fallibly (one per (p, beta) pair).
    fn column<T: Copy>(
        found: &[theory::Optimum],
        f: impl Fn(&theory::Optimum) -> T,
    ) -> PyResult<Vec<T>> {
        let mut out = try_with_capacity("the optimal weights", found.len()).map_err(to_py)?;
        out.extend(found.iter().map(f));
        Ok(out)
    }
    Ok((
        column(&found, |o| o.alpha)?.into_pyarray(py),
        column(&found, |o| o.value)?.into_pyarray(py),
        column(&found, |o| o.at_bound)?.into_pyarray(py),
        column(&found, |o| o.flat)?.into_pyarray(py),
    ))
}

#[pyfunction]
pub fn lp_auc<'py>(py: Python<'py>, p: PyReadonlyArray1<'py, f64>) -> PyResult<F64Array<'py>> {
    let pp = slice(&p, "p")?;
    Ok(run(py, None, || theory::lp_auc(pp))?.into_pyarray(py))
}

#[pyfunction]
pub fn p_from_auc<'py>(
    py: Python<'py>,
    auc: PyReadonlyArray1<'py, f64>,
) -> PyResult<F64Array<'py>> {
    let a = slice(&auc, "auc")?;
    Ok(run(py, None, || theory::p_from_auc(a))?.into_pyarray(py))
}
