//! The PyO3 binding of imbcore-core: the private module `imbcore._core`.
//!
//! It converts arrays (read without copying, results moved into NumPy without
//! copying), runs every heavy call through [`run::run`] (GIL released, thread
//! pool, Ctrl-C, errors mapped to `imbcore.errors.ImbcoreError`) and nothing
//! else. Input validation and broadcasting live in the Python package.

mod bootstrap;
mod calibration;
mod convert;
mod errors;
mod histogram;
mod metric;
mod multiclass;
mod ranking;
mod run;
mod sim;
mod sweep;
mod theory;

use std::borrow::Cow;

use imbcore_core::Error;
use numpy::{PyArrayMethods, PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::prelude::*;

/// The contiguous data of a read-only array, or an error naming it and why
/// it cannot be read in place.
fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>, name: &str) -> PyResult<&'a [T]> {
    a.as_slice().map_err(|_| {
        let (got, allowed) = if a.is_contiguous() {
            (
                "an unaligned array",
                "pass an aligned array (a copy, np.array(a), is one)",
            )
        } else {
            ("a non-contiguous array", "pass a contiguous 1-D array")
        };
        errors::to_py(Error::invalid(name, got, allowed))
    })
}

/// The data of a read-only contiguous array: in place, or, when its start is
/// not aligned for `T` (a buffer at a byte offset, a pickle's out-of-band
/// buffer), an aligned copy. Anything else is an error naming the array.
fn data<'a, T: numpy::Element + Copy>(
    a: &'a PyReadonlyArray1<'_, T>,
    name: &str,
) -> PyResult<Cow<'a, [T]>> {
    if let Ok(s) = a.as_slice() {
        return Ok(Cow::Borrowed(s));
    }
    if !a.is_contiguous() {
        return slice(a, name).map(Cow::Borrowed); // the error for a strided array
    }
    let n = a.len();
    let mut out: Vec<T> = imbcore_core::alloc::try_with_capacity(name, n).map_err(errors::to_py)?;
    let start = a.data() as *const T;
    // SAFETY: the array is contiguous with `n` elements of `T` from `start`
    // and stays borrowed (read-only) for the whole copy; `read_unaligned`
    // reads each element whatever the alignment of its address.
    out.extend((0..n).map(|i| unsafe { std::ptr::read_unaligned(start.add(i)) }));
    Ok(Cow::Owned(out))
}

/// The data of [`data`] as a vector of its own (a copy only when it was borrowed).
fn owned<T: Copy>(what: &str, d: Cow<'_, [T]>) -> PyResult<Vec<T>> {
    match d {
        Cow::Borrowed(s) => imbcore_core::alloc::try_copy(what, s).map_err(errors::to_py),
        Cow::Owned(v) => Ok(v),
    }
}

/// The number of threads of the global pool.
#[pyfunction]
fn num_threads() -> usize {
    rayon::current_num_threads()
}

/// Bounds the global pool by `IMBCORE_NUM_THREADS`, read once at import. A
/// value that is not an integer >= 1 warns and leaves the default (all
/// cores): a bad environment must never break `import imbcore`.
fn configure_threads(py: Python<'_>) -> PyResult<()> {
    let Ok(v) = std::env::var("IMBCORE_NUM_THREADS") else {
        return Ok(());
    };
    match v.trim().parse::<usize>() {
        Ok(n) if n >= 1 => {
            // Fails only if the global pool already exists; then it stays as is.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build_global();
        }
        _ => {
            let warnings = py.import("warnings")?;
            let category = py.get_type::<pyo3::exceptions::PyRuntimeWarning>();
            warnings.call_method1(
                "warn",
                (
                    format!(
                        "invalid IMBCORE_NUM_THREADS: got '{}'; it must be an integer >= 1, \
                         so all {} cores are used",
                        v.escape_default(),
                        std::thread::available_parallelism().map_or(1, |n| n.get())
                    ),
                    category,
                    2,
                ),
            )?;
        }
    }
    Ok(())
}

// `gil_used = false`: the module is safe without the GIL. Every piece of
// shared state is synchronised (the pool registry is behind a Mutex, the
// error class behind a PyOnceLock, the interrupt flag is atomic);
// `SweepCurve` is frozen (immutable) and `SweepState` is mutated only through
// PyO3's runtime borrow checking, which refuses concurrent mutation; input
// arrays are read through rust-numpy's borrow tracking.
#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    configure_threads(m.py())?;
    // The Python class, so that `_core.ImbcoreError` is `imbcore.errors.ImbcoreError`.
    m.add(
        "ImbcoreError",
        m.py().import("imbcore.errors")?.getattr("ImbcoreError")?,
    )?;
    m.add_function(wrap_pyfunction!(metric::metric_info, m)?)?;
    m.add_function(wrap_pyfunction!(metric::standard_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(metric::known_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(metric::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(theory::curve_families, m)?)?;
    m.add_function(wrap_pyfunction!(theory::rules, m)?)?;
    m.add_function(wrap_pyfunction!(theory::curve_auc, m)?)?;
    m.add_function(wrap_pyfunction!(theory::curve_tpr, m)?)?;
    m.add_function(wrap_pyfunction!(theory::curve_landing, m)?)?;
    m.add_function(wrap_pyfunction!(theory::curve_expected_metric, m)?)?;
    m.add_function(wrap_pyfunction!(theory::curve_grid, m)?)?;
    m.add_function(wrap_pyfunction!(theory::curve_optimal_alpha, m)?)?;
    m.add_function(wrap_pyfunction!(theory::clean_weight, m)?)?;
    m.add_function(wrap_pyfunction!(theory::noisy_weight, m)?)?;
    m.add_function(wrap_pyfunction!(theory::upper_hull, m)?)?;
    m.add_function(wrap_pyfunction!(theory::p_from_auc, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::sweep_scores, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::_curve_from_parts, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::best_of_points, m)?)?;
    m.add_function(wrap_pyfunction!(ranking::sklearn_weighted_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(ranking::sklearn_weighted_pr_curve, m)?)?;
    m.add_function(wrap_pyfunction!(ranking::multiclass_pair_wins, m)?)?;
    m.add_function(wrap_pyfunction!(bootstrap::bootstrap_scores, m)?)?;
    m.add_function(wrap_pyfunction!(bootstrap::bootstrap_counts, m)?)?;
    m.add_function(wrap_pyfunction!(bootstrap::bootstrap_bands, m)?)?;
    m.add_function(wrap_pyfunction!(calibration::calibration_of_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(calibration::calibration_bands, m)?)?;
    m.add_function(wrap_pyfunction!(calibration::isotonic_masses, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_metric_info, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_known_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_check_scores, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_decide, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_cost_decide, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_confusion, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(multiclass::mc_best, m)?)?;
    m.add_class::<sweep::SweepCurve>()?;
    m.add_class::<sweep::SweepState>()?;
    m.add_class::<histogram::ScoreHistogram>()?;
    m.add_function(wrap_pyfunction!(histogram::score_buckets, m)?)?;
    m.add_function(wrap_pyfunction!(histogram::scores_of_keys, m)?)?;
    m.add_function(wrap_pyfunction!(num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(sim::sim_check_fits, m)?)?;
    m.add_function(wrap_pyfunction!(sim::sim_run_fits, m)?)?;
    m.add_function(wrap_pyfunction!(sim::_sim_cart_fit_predict, m)?)?;
    m.add_function(wrap_pyfunction!(sim::_sim_logistic_fit, m)?)?;
    m.add_function(wrap_pyfunction!(sim::_sim_generate, m)?)?;
    Ok(())
}
