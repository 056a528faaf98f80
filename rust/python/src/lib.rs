//! The PyO3 binding of imbcore-core: the private module `imbcore._core`.
//!
//! It converts arrays (read without copying, results moved into NumPy without
//! copying), runs every heavy call through [`run`] (GIL released, optional
//! thread bound, errors mapped to `ImbcoreError`) and nothing else. Input
//! conversion and broadcasting live in the Python package.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use imbcore_core::sweep::{self, Constraint, Count, Score};
use imbcore_core::{theory, Error, Metric};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    _core,
    ImbcoreError,
    PyValueError,
    "Bad input to imbcore: the message names the argument, the value seen and what is allowed."
);

fn to_py(e: Error) -> PyErr {
    ImbcoreError::new_err(e.to_string())
}

/// Thread pools by size, built on first use and kept.
fn pool(n_jobs: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let pools = POOLS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut pools = pools
        .lock()
        .map_err(|_| ImbcoreError::new_err("the thread-pool registry is poisoned"))?;
    if let Some(p) = pools.get(&n_jobs) {
        return Ok(p.clone());
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(n_jobs)
            .build()
            .map_err(|e| ImbcoreError::new_err(format!("cannot start {n_jobs} threads: {e}")))?,
    );
    pools.insert(n_jobs, p.clone());
    Ok(p)
}

/// Releases the GIL, runs `f` (in a pool of `n_jobs` threads if given, else in
/// the global pool, which `IMBCORE_NUM_THREADS` bounds) and maps its error.
fn run<T: Send>(
    py: Python<'_>,
    n_jobs: Option<usize>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    match n_jobs {
        Some(0) => Err(to_py(Error::invalid(
            "n_jobs",
            0,
            "n_jobs must be >= 1 or None",
        ))),
        Some(n) => {
            let p = pool(n)?;
            py.detach(|| p.install(f)).map_err(to_py)
        }
        None => py.detach(f).map_err(to_py),
    }
}

fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>, name: &str) -> PyResult<&'a [T]> {
    a.as_slice().map_err(|_| {
        to_py(Error::invalid(
            name,
            "a non-contiguous array",
            "pass a contiguous 1-D array",
        ))
    })
}

fn metric(name: &str) -> PyResult<Metric> {
    Metric::parse(name).map_err(to_py)
}

/// `(canonical name, higher is better)` of a metric name; raises for unknown names.
#[pyfunction]
fn metric_info(name: &str) -> PyResult<(String, bool)> {
    let m = metric(name)?;
    Ok((m.name(), m.higher_is_better()))
}

/// The metric of each confusion matrix.
#[pyfunction]
fn evaluate<'py>(
    py: Python<'py>,
    metric_name: &str,
    tp: PyReadonlyArray1<'py, f64>,
    fp: PyReadonlyArray1<'py, f64>,
    fn_: PyReadonlyArray1<'py, f64>,
    tn: PyReadonlyArray1<'py, f64>,
) -> PyResult<F64Array<'py>> {
    let m = metric(metric_name)?;
    let (a, b, c, d) = (
        slice(&tp, "tp")?,
        slice(&fp, "fp")?,
        slice(&fn_, "fn")?,
        slice(&tn, "tn")?,
    );
    Ok(run(py, None, || imbcore_core::metric::evaluate(&m, a, b, c, d))?.into_pyarray(py))
}

/// The names `best_all` reports.
#[pyfunction]
fn standard_metrics() -> Vec<&'static str> {
    imbcore_core::metric::STANDARD_METRICS.to_vec()
}

/// The names as listed in error messages.
#[pyfunction]
fn known_metrics() -> Vec<&'static str> {
    imbcore_core::metric::KNOWN_METRICS.to_vec()
}

type F64Array<'py> = Bound<'py, PyArray1<f64>>;

#[pyfunction]
#[pyo3(signature = (alpha, p, beta, n_jobs=None))]
fn landing<'py>(
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
fn expected_metric<'py>(
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
fn grid<'py>(
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
fn optimal_alpha<'py>(
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
    Ok((
        found
            .iter()
            .map(|o| o.alpha)
            .collect::<Vec<_>>()
            .into_pyarray(py),
        found
            .iter()
            .map(|o| o.value)
            .collect::<Vec<_>>()
            .into_pyarray(py),
        found
            .iter()
            .map(|o| o.at_bound)
            .collect::<Vec<_>>()
            .into_pyarray(py),
        found
            .iter()
            .map(|o| o.flat)
            .collect::<Vec<_>>()
            .into_pyarray(py),
    ))
}

#[pyfunction]
fn lp_auc<'py>(py: Python<'py>, p: PyReadonlyArray1<'py, f64>) -> PyResult<F64Array<'py>> {
    let pp = slice(&p, "p")?;
    Ok(run(py, None, || theory::lp_auc(pp))?.into_pyarray(py))
}

#[pyfunction]
fn p_from_auc<'py>(py: Python<'py>, auc: PyReadonlyArray1<'py, f64>) -> PyResult<F64Array<'py>> {
    let a = slice(&auc, "auc")?;
    Ok(run(py, None, || theory::p_from_auc(a))?.into_pyarray(py))
}

/// Sweep result: thresholds (score dtype), tp, fp (uint32, uint64 or float64), n_pos, n_neg.
type SweepOut<'py> = (
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    f64,
    f64,
);

fn sweep_typed<'py, S: Score + numpy::Element>(
    py: Python<'py>,
    scores: &[S],
    labels: &[u8],
    weights: Option<&[f64]>,
    n_jobs: Option<usize>,
) -> PyResult<SweepOut<'py>> {
    fn pack<'py, S: Score + numpy::Element, C: Count + numpy::Element>(
        py: Python<'py>,
        s: sweep::Sweep<S, C>,
    ) -> SweepOut<'py> {
        (
            s.thresholds.into_pyarray(py).into_any(),
            s.tp.into_pyarray(py).into_any(),
            s.fp.into_pyarray(py).into_any(),
            s.n_pos.to_f64(),
            s.n_neg.to_f64(),
        )
    }
    Ok(match weights {
        Some(w) => pack(
            py,
            run(py, n_jobs, || sweep::sweep_weighted(scores, labels, w))?,
        ),
        None if scores.len() <= u32::MAX as usize => pack(
            py,
            run(py, n_jobs, || {
                sweep::sweep_unweighted::<S, u32>(scores, labels)
            })?,
        ),
        None => pack(
            py,
            run(py, n_jobs, || {
                sweep::sweep_unweighted::<S, u64>(scores, labels)
            })?,
        ),
    })
}

/// The exact sweep. `y_score` is a float32 or float64 array, `y_true` a uint8
/// array (non-zero = positive), `sample_weight` float64 or None.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sample_weight=None, n_jobs=None))]
fn sweep_counts<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    y_score: &Bound<'py, PyAny>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    n_jobs: Option<usize>,
) -> PyResult<SweepOut<'py>> {
    let labels = slice(&y_true, "y_true")?;
    let weights = match &sample_weight {
        Some(w) => Some(slice(w, "sample_weight")?),
        None => None,
    };
    if let Ok(s) = y_score.extract::<PyReadonlyArray1<'py, f64>>() {
        sweep_typed(py, slice(&s, "y_score")?, labels, weights, n_jobs)
    } else if let Ok(s) = y_score.extract::<PyReadonlyArray1<'py, f32>>() {
        sweep_typed(py, slice(&s, "y_score")?, labels, weights, n_jobs)
    } else {
        Err(to_py(Error::invalid(
            "y_score",
            y_score.get_type().name()?,
            "pass a 1-D float32 or float64 array",
        )))
    }
}

/// Dispatches a function of a curve on the dtype of its counts.
macro_rules! on_counts {
    ($tp:expr, $fp:expr, |$t:ident, $f:ident, $C:ident| $body:expr) => {{
        let (tp, fp) = ($tp, $fp);
        if let (Ok(a), Ok(b)) = (
            tp.extract::<PyReadonlyArray1<'_, u32>>(),
            fp.extract::<PyReadonlyArray1<'_, u32>>(),
        ) {
            type $C = u32;
            let ($t, $f) = (slice(&a, "tp")?, slice(&b, "fp")?);
            $body
        } else if let (Ok(a), Ok(b)) = (
            tp.extract::<PyReadonlyArray1<'_, u64>>(),
            fp.extract::<PyReadonlyArray1<'_, u64>>(),
        ) {
            type $C = u64;
            let ($t, $f) = (slice(&a, "tp")?, slice(&b, "fp")?);
            $body
        } else if let (Ok(a), Ok(b)) = (
            tp.extract::<PyReadonlyArray1<'_, f64>>(),
            fp.extract::<PyReadonlyArray1<'_, f64>>(),
        ) {
            type $C = f64;
            let ($t, $f) = (slice(&a, "tp")?, slice(&b, "fp")?);
            $body
        } else {
            Err(to_py(Error::invalid(
                "tp, fp",
                "arrays of another or mixed dtype",
                "tp and fp must both be uint32, uint64 or float64 1-D arrays",
            )))
        }
    }};
}

fn count<C: Count>(x: f64) -> C {
    C::from_f64(x)
}

#[pyfunction]
#[pyo3(signature = (metric_name, tp, fp, n_pos, n_neg, n_jobs=None))]
fn metric_curve<'py>(
    py: Python<'py>,
    metric_name: &str,
    tp: &Bound<'py, PyAny>,
    fp: &Bound<'py, PyAny>,
    n_pos: f64,
    n_neg: f64,
    n_jobs: Option<usize>,
) -> PyResult<F64Array<'py>> {
    let m = metric(metric_name)?;
    on_counts!(tp, fp, |t, f, C| {
        let (np, nn) = (count::<C>(n_pos), count::<C>(n_neg));
        Ok(run(py, n_jobs, || sweep::metric_curve(&m, t, f, np, nn))?.into_pyarray(py))
    })
}

/// `(index, value)` of the best point, or None when no point satisfies the constraints.
#[pyfunction]
#[pyo3(signature = (metric_name, constraints, tp, fp, n_pos, n_neg, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
fn best<'py>(
    py: Python<'py>,
    metric_name: &str,
    constraints: Vec<(String, f64)>,
    tp: &Bound<'py, PyAny>,
    fp: &Bound<'py, PyAny>,
    n_pos: f64,
    n_neg: f64,
    n_jobs: Option<usize>,
) -> PyResult<Option<(usize, f64)>> {
    let m = metric(metric_name)?;
    let cs = constraints
        .iter()
        .map(|(name, bound)| {
            Ok(Constraint {
                metric: metric(name)?,
                bound: *bound,
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    on_counts!(tp, fp, |t, f, C| {
        let (np, nn) = (count::<C>(n_pos), count::<C>(n_neg));
        run(py, n_jobs, || sweep::best(&m, &cs, t, f, np, nn))
    })
}

#[pyfunction]
#[pyo3(signature = (tp, fp, n_pos, n_neg, n_jobs=None))]
fn roc_auc<'py>(
    py: Python<'py>,
    tp: &Bound<'py, PyAny>,
    fp: &Bound<'py, PyAny>,
    n_pos: f64,
    n_neg: f64,
    n_jobs: Option<usize>,
) -> PyResult<f64> {
    on_counts!(tp, fp, |t, f, C| {
        let (np, nn) = (count::<C>(n_pos), count::<C>(n_neg));
        run(py, n_jobs, || sweep::roc_auc(t, f, np, nn))
    })
}

#[pyfunction]
#[pyo3(signature = (tp, fp, n_pos, n_jobs=None))]
fn average_precision<'py>(
    py: Python<'py>,
    tp: &Bound<'py, PyAny>,
    fp: &Bound<'py, PyAny>,
    n_pos: f64,
    n_jobs: Option<usize>,
) -> PyResult<f64> {
    on_counts!(tp, fp, |t, f, C| {
        let np = count::<C>(n_pos);
        run(py, n_jobs, || sweep::average_precision(t, f, np))
    })
}

/// The number of threads of the global pool.
#[pyfunction]
fn num_threads() -> usize {
    rayon::current_num_threads()
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // IMBCORE_NUM_THREADS bounds the global pool (read once, at import).
    if let Ok(v) = std::env::var("IMBCORE_NUM_THREADS") {
        let n: usize = v.trim().parse().ok().filter(|&n| n >= 1).ok_or_else(|| {
            ImbcoreError::new_err(format!(
                "invalid IMBCORE_NUM_THREADS: got {v:?}; it must be an integer >= 1"
            ))
        })?;
        // Fails only if the global pool already exists; then it stays as is.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    m.add("ImbcoreError", m.py().get_type::<ImbcoreError>())?;
    m.add_function(wrap_pyfunction!(metric_info, m)?)?;
    m.add_function(wrap_pyfunction!(standard_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(known_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(landing, m)?)?;
    m.add_function(wrap_pyfunction!(expected_metric, m)?)?;
    m.add_function(wrap_pyfunction!(grid, m)?)?;
    m.add_function(wrap_pyfunction!(optimal_alpha, m)?)?;
    m.add_function(wrap_pyfunction!(lp_auc, m)?)?;
    m.add_function(wrap_pyfunction!(p_from_auc, m)?)?;
    m.add_function(wrap_pyfunction!(sweep_counts, m)?)?;
    m.add_function(wrap_pyfunction!(metric_curve, m)?)?;
    m.add_function(wrap_pyfunction!(best, m)?)?;
    m.add_function(wrap_pyfunction!(roc_auc, m)?)?;
    m.add_function(wrap_pyfunction!(average_precision, m)?)?;
    m.add_function(wrap_pyfunction!(num_threads, m)?)?;
    Ok(())
}
