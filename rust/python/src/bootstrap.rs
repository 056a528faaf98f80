//! The bootstrap of a sweep, as Python sees it: the replicates as arrays.

use imbcore_core::sweep::bootstrap::{self, Method, Options, Replicates};
use imbcore_core::sweep::{Constraint, Score};
use imbcore_core::Error;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::metric::metric;
use crate::run::run;
use crate::sweep::{scores, Scores};
use crate::{data, slice};

/// The method by name.
fn method(name: &str, stratify: bool) -> PyResult<Method> {
    match name {
        "poisson" if !stratify => Ok(Method::Poisson),
        "poisson" => Err(to_py(Error::invalid(
            "stratify",
            "True with method='poisson'",
            "stratification needs method='multinomial' (Poisson counts keep no total)",
        ))),
        "multinomial" => Ok(Method::Multinomial { stratify }),
        other => Err(to_py(Error::invalid(
            "method",
            format!("{other:?}"),
            "known methods are 'poisson', 'multinomial'",
        ))),
    }
}

/// The replicates as `(threshold, index, in_bag, out_of_bag, roc_auc,
/// average_precision, totals)`; the first four hold `n_resamples *
/// len(metrics)` values, replicate-major.
type Arrays<'py> = (
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
);

/// The bootstrap of the sweep of `(y_true, y_score, sample_weight)`:
/// `y_score` float32 or float64, `y_true` uint8 (non-zero = positive),
/// `sample_weight` float64 or None.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sample_weight, metrics, constraints, n_resamples,
                    method_="poisson", stratify=false, seed=0, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn bootstrap_scores<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    y_score: &Bound<'py, PyAny>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    metrics: Vec<String>,
    constraints: Vec<(String, f64)>,
    n_resamples: usize,
    method_: &str,
    stratify: bool,
    seed: u64,
    n_jobs: Option<usize>,
) -> PyResult<Arrays<'py>> {
    let labels = data(&y_true, "y_true")?;
    let labels = &*labels;
    let weights = match &sample_weight {
        Some(w) => Some(data(w, "sample_weight")?),
        None => None,
    };
    let weights = weights.as_deref();
    let options = Options {
        metrics: metrics.iter().map(|m| metric(m)).collect::<PyResult<_>>()?,
        constraints: constraints
            .iter()
            .map(|(name, bound)| {
                Ok(Constraint {
                    metric: metric(name)?,
                    bound: *bound,
                })
            })
            .collect::<PyResult<_>>()?,
        n_resamples,
        method: method(method_, stratify)?,
        seed,
    };
    fn typed<S: Score>(
        py: Python<'_>,
        s: &[S],
        labels: &[u8],
        weights: Option<&[f64]>,
        options: &Options,
        n_jobs: Option<usize>,
    ) -> PyResult<Replicates> {
        run(py, n_jobs, || {
            bootstrap::bootstrap(s, labels, weights, options)
        })
    }
    let r = match scores(y_score)? {
        Scores::F64(a) => typed(py, &data(&a, "y_score")?, labels, weights, &options, n_jobs)?,
        Scores::F32(a) => typed(py, &data(&a, "y_score")?, labels, weights, &options, n_jobs)?,
    };
    Ok((
        r.threshold.into_pyarray(py),
        r.index.into_pyarray(py),
        r.in_bag.into_pyarray(py),
        r.out_of_bag.into_pyarray(py),
        r.roc_auc.into_pyarray(py),
        r.average_precision.into_pyarray(py),
        r.totals.into_pyarray(py),
    ))
}

/// The count of every sample (by index) in one replicate, as the bootstrap
/// draws it (for tests and for users who want to check a replicate).
#[pyfunction]
#[pyo3(signature = (y_true, replicate, method_="poisson", stratify=false, seed=0))]
pub fn bootstrap_counts<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    replicate: u64,
    method_: &str,
    stratify: bool,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<u32>>> {
    let labels = data(&y_true, "y_true")?;
    let labels = &*labels;
    let m = method(method_, stratify)?;
    let counts = run(py, None, || {
        bootstrap::replicate_counts(labels, m, seed, replicate)
    })?;
    Ok(counts.into_pyarray(py))
}

/// The metrics at `thresholds` in every replicate (the values of the bands
/// around metric curves): `n_resamples * len(metrics) * len(thresholds)`
/// values, replicate-major, then metric, then threshold; NaN where a metric
/// is undefined in a replicate.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sample_weight, thresholds, metrics, n_resamples,
                    method_="poisson", stratify=false, seed=0, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn bootstrap_bands<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    y_score: &Bound<'py, PyAny>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    thresholds: PyReadonlyArray1<'py, f64>,
    metrics: Vec<String>,
    n_resamples: usize,
    method_: &str,
    stratify: bool,
    seed: u64,
    n_jobs: Option<usize>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let labels = slice(&y_true, "y_true")?;
    let weights = match &sample_weight {
        Some(w) => Some(slice(w, "sample_weight")?),
        None => None,
    };
    let at = slice(&thresholds, "thresholds")?;
    let metrics: Vec<_> = metrics.iter().map(|m| metric(m)).collect::<PyResult<_>>()?;
    let m = method(method_, stratify)?;
    #[allow(clippy::too_many_arguments)]
    fn typed<S: Score>(
        py: Python<'_>,
        s: &[S],
        labels: &[u8],
        weights: Option<&[f64]>,
        at: &[f64],
        metrics: &[imbcore_core::Metric],
        n_resamples: usize,
        m: Method,
        seed: u64,
        n_jobs: Option<usize>,
    ) -> PyResult<Vec<f64>> {
        run(py, n_jobs, || {
            bootstrap::bands(s, labels, weights, at, metrics, n_resamples, m, seed)
        })
    }
    let v = match scores(y_score)? {
        Scores::F64(a) => typed(
            py,
            slice(&a, "y_score")?,
            labels,
            weights,
            at,
            &metrics,
            n_resamples,
            m,
            seed,
            n_jobs,
        )?,
        Scores::F32(a) => typed(
            py,
            slice(&a, "y_score")?,
            labels,
            weights,
            at,
            &metrics,
            n_resamples,
            m,
            seed,
            n_jobs,
        )?,
    };
    Ok(v.into_pyarray(py))
}
