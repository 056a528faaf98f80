//! The theory of class weights, as Python sees it: a few functions over a
//! curve specification (a family name and columns of its parameters).

use imbcore_core::alloc::try_with_capacity;
use imbcore_core::theory::curve::empirical;
use imbcore_core::theory::rule::Effective;
use imbcore_core::theory::{self, Curves, Family, Noise, Optimum, Rule};
use imbcore_core::Metric;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::convert::Wrap;
use crate::errors::to_py;
use crate::run::run;
use crate::slice;

pub type F64Array<'py> = Bound<'py, PyArray1<f64>>;
type Four<'py> = (F64Array<'py>, F64Array<'py>, F64Array<'py>, F64Array<'py>);
type Optima<'py> = (
    F64Array<'py>,
    F64Array<'py>,
    Bound<'py, PyArray1<bool>>,
    Bound<'py, PyArray1<bool>>,
);

/// The parameter columns as slices, named after the family's parameters.
fn columns<'a>(
    family: Family,
    params: &'a [PyReadonlyArray1<'_, f64>],
) -> PyResult<Vec<&'a [f64]>> {
    let names = family.params();
    params
        .iter()
        .enumerate()
        .map(|(i, p)| slice(p, names.get(i).copied().unwrap_or("curve parameter")))
        .collect()
}

/// The checked curves of a specification.
fn curves(family: Family, params: &[PyReadonlyArray1<'_, f64>]) -> PyResult<Curves> {
    Curves::new(family, &columns(family, params)?).map_err(to_py)
}

fn four<'py>(py: Python<'py>, v: [Vec<f64>; 4]) -> Four<'py> {
    let [a, b, c, d] = v;
    (
        a.into_pyarray(py),
        b.into_pyarray(py),
        c.into_pyarray(py),
        d.into_pyarray(py),
    )
}

/// The curve families and the names of their parameters.
#[pyfunction]
pub fn curve_families() -> Vec<(&'static str, Vec<&'static str>)> {
    Family::KNOWN
        .iter()
        .filter_map(|n| Family::parse(n).ok().map(|f| (*n, f.params().to_vec())))
        .collect()
}

/// The landing rules.
#[pyfunction]
pub fn rules() -> Vec<&'static str> {
    Rule::KNOWN.to_vec()
}

#[pyfunction]
#[pyo3(signature = (family, params, n_jobs=None))]
pub fn curve_auc<'py>(
    py: Python<'py>,
    family: Wrap<Family>,
    params: Vec<PyReadonlyArray1<'py, f64>>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let c = curves(family.0, &params)?;
    Ok(run(py, n_jobs, || c.auc())?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (family, params, fpr, n_jobs=None))]
pub fn curve_tpr<'py>(
    py: Python<'py>,
    family: Wrap<Family>,
    params: Vec<PyReadonlyArray1<'py, f64>>,
    fpr: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let c = curves(family.0, &params)?;
    let f = slice(&fpr, "fpr")?;
    Ok(run(py, n_jobs, || c.tpr(f))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (family, params, rule, alpha, beta, noise=None, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn curve_landing<'py>(
    py: Python<'py>,
    family: Wrap<Family>,
    params: Vec<PyReadonlyArray1<'py, f64>>,
    rule: Wrap<Rule>,
    alpha: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    noise: Option<Wrap<Noise>>,
    n_jobs: Option<usize>,
) -> PyResult<Four<'py>> {
    let c = curves(family.0, &params)?;
    let (a, b) = (slice(&alpha, "alpha")?, slice(&beta, "beta")?);
    let noise = noise.map_or(Noise::NONE, |n| n.0);
    Ok(four(
        py,
        run(py, n_jobs, || c.landing(rule.0, noise, a, b))?,
    ))
}

#[pyfunction]
#[pyo3(signature = (family, params, rule, metric, alpha, beta, noise=None, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn curve_expected_metric<'py>(
    py: Python<'py>,
    family: Wrap<Family>,
    params: Vec<PyReadonlyArray1<'py, f64>>,
    rule: Wrap<Rule>,
    metric: Wrap<Metric>,
    alpha: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    noise: Option<Wrap<Noise>>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let c = curves(family.0, &params)?;
    let (a, b) = (slice(&alpha, "alpha")?, slice(&beta, "beta")?);
    let noise = noise.map_or(Noise::NONE, |n| n.0);
    let m = metric.0;
    Ok(run(py, n_jobs, || c.expected_metric(rule.0, noise, &m, a, b))?.into_pyarray(py))
}

/// The grid `alpha x curves x beta`, flat (row-major).
#[pyfunction]
#[pyo3(signature = (family, params, rule, metric, alpha, beta, noise=None, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn curve_grid<'py>(
    py: Python<'py>,
    family: Wrap<Family>,
    params: Vec<PyReadonlyArray1<'py, f64>>,
    rule: Wrap<Rule>,
    metric: Wrap<Metric>,
    alpha: PyReadonlyArray1<'py, f64>,
    beta: PyReadonlyArray1<'py, f64>,
    noise: Option<Wrap<Noise>>,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let c = curves(family.0, &params)?;
    let (a, b) = (slice(&alpha, "alpha")?, slice(&beta, "beta")?);
    let noise = noise.map_or(Noise::NONE, |n| n.0);
    let m = metric.0;
    Ok(run(py, n_jobs, || c.grid(rule.0, noise, &m, a, b))?.into_pyarray(py))
}

#[pyfunction]
#[pyo3(signature = (family, params, rule, metric, beta, low, high, noise=None, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn curve_optimal_alpha<'py>(
    py: Python<'py>,
    family: Wrap<Family>,
    params: Vec<PyReadonlyArray1<'py, f64>>,
    rule: Wrap<Rule>,
    metric: Wrap<Metric>,
    beta: PyReadonlyArray1<'py, f64>,
    low: f64,
    high: f64,
    noise: Option<Wrap<Noise>>,
    n_jobs: Option<usize>,
) -> PyResult<Optima<'py>> {
    let c = curves(family.0, &params)?;
    let b = slice(&beta, "beta")?;
    let noise = noise.map_or(Noise::NONE, |n| n.0);
    let m = metric.0;
    let found = run(py, n_jobs, || {
        c.optimal_alpha(rule.0, noise, &m, b, (low, high))
    })?;
    optima(py, &found)
}

/// The clean weight each noisy weight acts with under the Bayes rule (0:
/// nothing positive, inf: everything positive).
#[pyfunction]
pub fn clean_weight<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    noise: Wrap<Noise>,
) -> PyResult<F64Array<'py>> {
    let a = slice(&alpha, "alpha")?;
    theory::args::check_alpha(a).map_err(to_py)?;
    let mut out = try_with_capacity("the weights", a.len()).map_err(to_py)?;
    out.extend(a.iter().map(|&x| match noise.0.effective(x) {
        Effective::Weight(w, _) => w,
        Effective::AllNegative => 0.0,
        Effective::AllPositive => f64::INFINITY,
    }));
    Ok(out.into_pyarray(py))
}

/// The noisy weight that acts like each clean weight.
#[pyfunction]
pub fn noisy_weight<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    noise: Wrap<Noise>,
) -> PyResult<F64Array<'py>> {
    let a = slice(&alpha, "alpha")?;
    let mut out = try_with_capacity("the weights", a.len()).map_err(to_py)?;
    out.extend(a.iter().map(|&x| noise.0.noisy_weight(x)));
    Ok(out.into_pyarray(py))
}

/// The columns of a list of optima, allocated fallibly.
fn optima<'py>(py: Python<'py>, found: &[Optimum]) -> PyResult<Optima<'py>> {
    fn column<T: Copy>(found: &[Optimum], f: impl Fn(&Optimum) -> T) -> PyResult<Vec<T>> {
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
pub fn p_from_auc<'py>(
    py: Python<'py>,
    auc: PyReadonlyArray1<'py, f64>,
) -> PyResult<F64Array<'py>> {
    let a = slice(&auc, "auc")?;
    Ok(run(py, None, || theory::p_from_auc(a))?.into_pyarray(py))
}
