//! Multiclass decisions, as Python sees them (conversion only). Score
//! matrices arrive flattened (row-major, contiguous) with their column count.

use imbcore_core::metric::multiclass::{known_multiclass_metrics, McMetric};
use imbcore_core::metric::Direction;
use imbcore_core::sweep::multiclass::{
    self as mc, Constraint, Problem, Rule, Scores, Target, Truth,
};
use imbcore_core::Metric;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::run::run;
use crate::slice;

/// A multiclass metric by name; raises `ImbcoreError` for unknown names.
fn mc_metric(name: &str) -> PyResult<McMetric> {
    McMetric::parse(name).map_err(to_py)
}

fn rule(name: &str) -> PyResult<Rule> {
    Rule::parse(name).map_err(to_py)
}

fn optional<'a>(
    a: &'a Option<PyReadonlyArray1<'_, f64>>,
    name: &str,
) -> PyResult<Option<&'a [f64]>> {
    a.as_ref().map(|a| slice(a, name)).transpose()
}

/// The facts of the multiclass table about a metric: `(name, label, direction, formula)`.
#[pyfunction]
pub fn mc_metric_info(name: &str) -> PyResult<(String, String, &'static str, &'static str)> {
    let m = mc_metric(name)?;
    let d = match m.direction() {
        Direction::Max => "max",
        Direction::Min => "min",
    };
    Ok((m.name(), m.label(), d, m.formula()))
}

/// The multiclass metric names, as listed in error messages.
#[pyfunction]
pub fn mc_known_metrics() -> Vec<String> {
    known_multiclass_metrics()
}

/// Checks a score matrix: finite, and non-negative under the weights rule.
#[pyfunction]
#[pyo3(signature = (scores, k, rule_name=None))]
pub fn mc_check_scores(
    py: Python<'_>,
    scores: PyReadonlyArray1<'_, f64>,
    k: usize,
    rule_name: Option<&str>,
) -> PyResult<()> {
    let r = rule_name.map(rule).transpose()?;
    let s = Scores::new(slice(&scores, "y_score")?, k).map_err(to_py)?;
    run(py, None, || s.check(r))
}

/// The decision of `rule` with parameters `params` for every row.
#[pyfunction]
pub fn mc_decide<'py>(
    py: Python<'py>,
    scores: PyReadonlyArray1<'py, f64>,
    k: usize,
    rule_name: &str,
    params: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<u32>>> {
    let r = rule(rule_name)?;
    let s = Scores::new(slice(&scores, "y_score")?, k).map_err(to_py)?;
    let p = slice(&params, r.name())?;
    Ok(run(py, None, || mc::decide(&s, r, p))?.into_pyarray(py))
}

/// The least-expected-cost column of every row.
#[pyfunction]
pub fn mc_cost_decide<'py>(
    py: Python<'py>,
    scores: PyReadonlyArray1<'py, f64>,
    k: usize,
    cost_matrix: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<u32>>> {
    let s = Scores::new(slice(&scores, "y_score")?, k).map_err(to_py)?;
    let c = slice(&cost_matrix, "cost_matrix")?;
    Ok(run(py, None, || mc::cost_decide(&s, c))?.into_pyarray(py))
}

/// The K x K confusion matrix (flattened, rows true) of a decision.
#[pyfunction]
#[pyo3(signature = (y, pred, sample_weight, k))]
pub fn mc_confusion<'py>(
    py: Python<'py>,
    y: PyReadonlyArray1<'py, u32>,
    pred: PyReadonlyArray1<'py, u32>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    k: usize,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let w = optional(&sample_weight, "sample_weight")?;
    let t = Truth::new(slice(&y, "y_true")?, w, k).map_err(to_py)?;
    let p = slice(&pred, "y_pred")?;
    Ok(run(py, None, || mc::confusion(&t, p))?.into_pyarray(py))
}

/// A multiclass metric of a decision.
#[pyfunction]
#[pyo3(signature = (metric_name, y, pred, sample_weight, k, cost_matrix=None))]
pub fn mc_evaluate(
    py: Python<'_>,
    metric_name: &str,
    y: PyReadonlyArray1<'_, u32>,
    pred: PyReadonlyArray1<'_, u32>,
    sample_weight: Option<PyReadonlyArray1<'_, f64>>,
    k: usize,
    cost_matrix: Option<PyReadonlyArray1<'_, f64>>,
) -> PyResult<f64> {
    let m = mc_metric(metric_name)?;
    let w = optional(&sample_weight, "sample_weight")?;
    let c = optional(&cost_matrix, "cost_matrix")?;
    let t = Truth::new(slice(&y, "y_true")?, w, k).map_err(to_py)?;
    let p = slice(&pred, "y_pred")?;
    run(py, None, || mc::evaluate(&m, &t, p, c))
}

/// A constraint as Python passes it: `(name, class index or None, metric, bound)`.
type RawConstraint = (String, Option<usize>, String, f64);

/// The best rule found from each start: `(params, value, constraint values,
/// start index, value of each start)`.
#[pyfunction]
#[pyo3(signature = (scores, k, y, sample_weight, metric_name, rule_name, starts, constraints, cost_matrix=None, n_jobs=None))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn mc_best(
    py: Python<'_>,
    scores: PyReadonlyArray1<'_, f64>,
    k: usize,
    y: PyReadonlyArray1<'_, u32>,
    sample_weight: Option<PyReadonlyArray1<'_, f64>>,
    metric_name: &str,
    rule_name: &str,
    starts: PyReadonlyArray1<'_, f64>,
    constraints: Vec<RawConstraint>,
    cost_matrix: Option<PyReadonlyArray1<'_, f64>>,
    n_jobs: Option<usize>,
) -> PyResult<(Vec<f64>, f64, Vec<f64>, usize, Vec<f64>)> {
    let metric = mc_metric(metric_name)?;
    let r = rule(rule_name)?;
    let w = optional(&sample_weight, "sample_weight")?;
    let cost = optional(&cost_matrix, "cost_matrix")?;
    let constraints = constraints
        .into_iter()
        .map(|(name, class, m, bound)| {
            let target = match class {
                Some(c) => Target::Class(c, Metric::parse(&m).map_err(to_py)?),
                None => Target::Overall(mc_metric(&m)?),
            };
            Ok(Constraint {
                name,
                target,
                bound,
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let problem = Problem {
        scores: Scores::new(slice(&scores, "y_score")?, k).map_err(to_py)?,
        truth: Truth::new(slice(&y, "y_true")?, w, k).map_err(to_py)?,
        metric,
        rule: r,
        constraints,
        cost,
    };
    let st = slice(&starts, "starts")?;
    let b = run(py, n_jobs, || problem.best(st))?;
    Ok((
        b.params,
        b.value,
        b.constraint_values,
        b.start,
        b.start_values,
    ))
}
