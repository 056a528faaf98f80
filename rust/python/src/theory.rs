//! The theory of class weights, as Python sees it.

use imbcore_core::theory::{self, binormal, empirical, Rule};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::metric::metric;
use crate::run::run;
use crate::slice;
use imbcore_core::alloc::try_with_capacity;

pub type F64Array<'py> = Bound<'py, PyArray1<f64>>;

#[pyfunction]
#[pyo3(signature = (rule, alpha, p, beta, n_jobs=None))]
pub fn landing<'py>(
    py: Python<'py>,
    rule: &str,
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
    let rule = Rule::parse(rule).map_err(to_py)?;
    let [x, z, omx, omz] = run(py, n_jobs, || theory::landing(rule, a, pp, b))?;
    Ok((
        x.into_pyarray(py),
        z.into_pyarray(py),
        omx.into_pyarray(py),
        omz.into_pyarray(py),
    ))
}

#[pyfunction]
#[pyo3(signature = (rule, metric_name, alpha, p, beta, n_jobs=None))]
pub fn expected_metric<'py>(
    py: Python<'py>,
    rule: &str,
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
    let rule = Rule::parse(rule).map_err(to_py)?;
    Ok(run(py, n_jobs, || theory::expected_metric(rule, &m, a, pp, b))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (rule, metric_name, alpha, p, beta, n_jobs=None))]
pub fn grid<'py>(
    py: Python<'py>,
    rule: &str,
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
    let rule = Rule::parse(rule).map_err(to_py)?;
    Ok(run(py, n_jobs, || theory::grid(rule, &m, a, pp, b))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (rule, metric_name, p, beta, low, high, n_jobs=None))]
#[allow(clippy::type_complexity)]
#[allow(clippy::too_many_arguments)]
pub fn optimal_alpha<'py>(
    py: Python<'py>,
    rule: &str,
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
    let rule = Rule::parse(rule).map_err(to_py)?;
    let (pp, b) = (slice(&p, "p")?, slice(&beta, "beta")?);
    let found = run(py, n_jobs, || {
        theory::optimal_alpha(rule, &m, pp, b, (low, high))
    })?;
    optima(py, &found)
}

type Optima<'py> = (
    F64Array<'py>,
    F64Array<'py>,
    Bound<'py, PyArray1<bool>>,
    Bound<'py, PyArray1<bool>>,
);

/// The columns of a list of optima, allocated fallibly.
fn optima<'py>(py: Python<'py>, found: &[theory::Optimum]) -> PyResult<Optima<'py>> {
    fn column<T: Copy>(
        found: &[theory::Optimum],
        f: impl Fn(&theory::Optimum) -> T,
    ) -> PyResult<Vec<T>> {
        let mut out = try_with_capacity("the optimal weights", found.len()).map_err(to_py)?;
        out.extend(found.iter().map(f));
        Ok(out)
    }
    Ok((
        column(found, |o| o.alpha)?.into_pyarray(py),
        column(found, |o| o.value)?.into_pyarray(py),
        column(found, |o| o.at_bound)?.into_pyarray(py),
        column(found, |o| o.flat)?.into_pyarray(py),
    ))
}

#[pyfunction]
#[pyo3(signature = (a, b, n_jobs=None))]
pub fn binormal_auc<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let (a, b) = (slice(&a, "a")?, slice(&b, "b")?);
    Ok(run(py, n_jobs, || binormal::auc(a, b))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (a, b, fpr, n_jobs=None))]
pub fn binormal_tpr<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
    fpr: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let (a, b, f) = (slice(&a, "a")?, slice(&b, "b")?, slice(&fpr, "fpr")?);
    Ok(run(py, n_jobs, || binormal::tpr(a, b, f))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (rule, a, b, alpha, beta, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn binormal_landing<'py>(
    py: Python<'py>,
    rule: &str,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
    alpha: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<(F64Array<'py>, F64Array<'py>, F64Array<'py>, F64Array<'py>)> {
    let rule = Rule::parse(rule).map_err(to_py)?;
    let (a, b) = (slice(&a, "a")?, slice(&b, "b")?);
    let (al, be) = (slice(&alpha, "alpha")?, slice(&beta, "beta")?);
    let [x, z, omx, omz] = run(py, n_jobs, || binormal::landing(rule, a, b, al, be))?;
    Ok((
        x.into_pyarray(py),
        z.into_pyarray(py),
        omx.into_pyarray(py),
        omz.into_pyarray(py),
    ))
}

#[pyfunction]
#[pyo3(signature = (rule, metric_name, a, b, alpha, beta, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn binormal_expected_metric<'py>(
    py: Python<'py>,
    rule: &str,
    metric_name: &str,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
    alpha: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let m = metric(metric_name)?;
    let rule = Rule::parse(rule).map_err(to_py)?;
    let (a, b) = (slice(&a, "a")?, slice(&b, "b")?);
    let (al, be) = (slice(&alpha, "alpha")?, slice(&beta, "beta")?);
    Ok(run(py, n_jobs, || {
        binormal::expected_metric(rule, &m, a, b, al, be)
    })?
    .into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (rule, metric_name, a, b, beta, low, high, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn binormal_optimal_alpha<'py>(
    py: Python<'py>,
    rule: &str,
    metric_name: &str,
    a: PyReadonlyArray1<'py, f64>,
    b: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    low: f64,
    high: f64,
    n_jobs: Option<usize>,
) -> PyResult<Optima<'py>> {
    let m = metric(metric_name)?;
    let rule = Rule::parse(rule).map_err(to_py)?;
    let (a, b, be) = (slice(&a, "a")?, slice(&b, "b")?, slice(&beta, "beta")?);
    let found = run(py, n_jobs, || {
        binormal::optimal_alpha(rule, &m, a, b, be, (low, high))
    })?;
    optima(py, &found)
}

/// The vertices of the upper convex hull of points sorted by `x`.
#[pyfunction]
pub fn upper_hull<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'py, f64>,
    y: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<u64>>> {
    let (xs, ys) = (slice(&x, "x")?, slice(&y, "y")?);
    let h = run(py, Some(1), || empirical::upper_hull(xs, ys))?;
    Ok(h.into_iter()
        .map(|i| i as u64)
        .collect::<Vec<u64>>()
        .into_pyarray(py))
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
