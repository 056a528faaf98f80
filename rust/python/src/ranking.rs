//! Kernels of the scikit-learn-named functions (`imbcore.ranking`): weighted
//! confusion sums in scikit-learn's summation order, and the pairwise class
//! counts behind multiclass ROC-AUC.

use imbcore_core::sweep::{self, Score};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::run::run;
use crate::sweep::{scores, Scores};
use crate::{data, slice};

/// Thresholds (descending, in the scores' dtype) and the cumulative weights
/// of positives and negatives, summed exactly as scikit-learn sums them.
type Curve<'py> = (
    Bound<'py, PyAny>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
);

/// The weighted confusion sums in scikit-learn's order. `y_true` is uint8
/// (non-zero = positive), `y_score` float32 or float64, `sample_weight`
/// float64.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sample_weight, n_jobs=None))]
pub fn sklearn_weighted_sweep<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    y_score: &Bound<'py, PyAny>,
    sample_weight: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<Curve<'py>> {
    let labels = data(&y_true, "y_true")?;
    let weights = data(&sample_weight, "sample_weight")?;
    let (labels, weights) = (&*labels, &*weights);
    fn typed<'py, S: Score + numpy::Element>(
        py: Python<'py>,
        s: &[S],
        labels: &[u8],
        weights: &[f64],
        n_jobs: Option<usize>,
    ) -> PyResult<Curve<'py>> {
        let sw = run(py, n_jobs, || {
            sweep::sweep_weighted_in_order(s, labels, weights)
        })?;
        Ok((
            sw.thresholds.into_pyarray(py).into_any(),
            sw.tp.into_pyarray(py),
            sw.fp.into_pyarray(py),
        ))
    }
    match scores(y_score)? {
        Scores::F64(a) => typed(py, &data(&a, "y_score")?, labels, weights, n_jobs),
        Scores::F32(a) => typed(py, &data(&a, "y_score")?, labels, weights, n_jobs),
    }
}

/// scikit-learn's weighted precision-recall curve (no points dropped):
/// `(precision, recall, thresholds, n_pos)`, the arrays in their final order.
type PrCurve<'py> = (
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyAny>,
    f64,
);

/// The weighted precision-recall curve from scikit-learn's sums, written in
/// its final order (arguments as for `sklearn_weighted_sweep`).
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sample_weight, n_jobs=None))]
pub fn sklearn_weighted_pr_curve<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    y_score: &Bound<'py, PyAny>,
    sample_weight: PyReadonlyArray1<'py, f64>,
    n_jobs: Option<usize>,
) -> PyResult<PrCurve<'py>> {
    let labels = data(&y_true, "y_true")?;
    let weights = data(&sample_weight, "sample_weight")?;
    let (labels, weights) = (&*labels, &*weights);
    fn typed<'py, S: Score + numpy::Element>(
        py: Python<'py>,
        s: &[S],
        labels: &[u8],
        weights: &[f64],
        n_jobs: Option<usize>,
    ) -> PyResult<PrCurve<'py>> {
        let (p, r, t, n_pos) = run(py, n_jobs, || {
            sweep::pr_curve_weighted_in_order(s, labels, weights)
        })?;
        Ok((
            p.into_pyarray(py),
            r.into_pyarray(py),
            t.into_pyarray(py).into_any(),
            n_pos,
        ))
    }
    match scores(y_score)? {
        Scores::F64(a) => typed(py, &data(&a, "y_score")?, labels, weights, n_jobs),
        Scores::F32(a) => typed(py, &data(&a, "y_score")?, labels, weights, n_jobs),
    }
}

/// Twice the wins of each class over each other one (k * k), and the class sizes.
type PairWins<'py> = (Bound<'py, PyArray1<u64>>, Bound<'py, PyArray1<u64>>);

/// Twice the pairwise wins of every class over every other in its own
/// column, and the class sizes. `y_true` holds class codes (uint32, < k),
/// `y_score` the n x k scores flattened row by row (float32 or float64).
#[pyfunction]
#[pyo3(signature = (y_true, y_score, k, n_jobs=None))]
pub fn multiclass_pair_wins<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u32>,
    y_score: &Bound<'py, PyAny>,
    k: usize,
    n_jobs: Option<usize>,
) -> PyResult<PairWins<'py>> {
    let codes = slice(&y_true, "y_true")?;
    let (wins, counts) = match scores(y_score)? {
        Scores::F64(a) => {
            let s = slice(&a, "y_score")?;
            run(py, n_jobs, || sweep::pair_wins(codes, s, k))?
        }
        Scores::F32(a) => {
            let s = slice(&a, "y_score")?;
            run(py, n_jobs, || sweep::pair_wins(codes, s, k))?
        }
    };
    Ok((wins.into_pyarray(py), counts.into_pyarray(py)))
}
