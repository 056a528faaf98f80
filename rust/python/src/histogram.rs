//! The binding of the first pass of sweeps at any scale: `ScoreHistogram`
//! (counts over the top bits of the score key) and the bucket of each score.
//! Conversion only; the logic is in `imbcore_core::sweep::histogram`.

use imbcore_core::sweep::histogram::{self, Histogram};
use imbcore_core::Error;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::run::run;
use crate::slice;

/// A float32 or float64 array, as the core reads it.
enum Floats<'py> {
    F32(PyReadonlyArray1<'py, f32>),
    F64(PyReadonlyArray1<'py, f64>),
}

fn floats<'py>(a: &Bound<'py, PyAny>, name: &str) -> PyResult<Floats<'py>> {
    if let Ok(s) = a.extract::<PyReadonlyArray1<'py, f64>>() {
        Ok(Floats::F64(s))
    } else if let Ok(s) = a.extract::<PyReadonlyArray1<'py, f32>>() {
        Ok(Floats::F32(s))
    } else {
        Err(to_py(Error::invalid(
            name,
            a.get_type().name()?,
            "pass a 1-D float32 or float64 array",
        )))
    }
}

/// Positives, negatives (or their summed weights), rows and the smallest and
/// largest score key over `2^bits` buckets of the score key.
#[pyclass(module = "imbcore._core")]
pub struct ScoreHistogram {
    h: Histogram,
}

#[pymethods]
impl ScoreHistogram {
    #[new]
    #[pyo3(signature = (bits, score_bits, weighted))]
    fn new(bits: u32, score_bits: u32, weighted: bool) -> PyResult<Self> {
        Ok(ScoreHistogram {
            h: Histogram::new(bits, score_bits, weighted).map_err(to_py)?,
        })
    }

    /// Adds a batch: labels uint8 (0 or 1), scores float32 or float64 (the
    /// dtype of the histogram), weights float64 or None.
    #[pyo3(signature = (y_true, y_score, sample_weight=None))]
    fn update<'py>(
        &mut self,
        py: Python<'py>,
        y_true: PyReadonlyArray1<'py, u8>,
        y_score: &Bound<'py, PyAny>,
        sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    ) -> PyResult<()> {
        let labels = slice(&y_true, "y_true")?;
        let weights = match &sample_weight {
            Some(w) => Some(slice(w, "sample_weight")?),
            None => None,
        };
        let h = &mut self.h;
        match floats(y_score, "y_score")? {
            Floats::F32(a) => {
                let s = slice(&a, "y_score")?;
                run(py, Some(1), || h.update(s, labels, weights))
            }
            Floats::F64(a) => {
                let s = slice(&a, "y_score")?;
                run(py, Some(1), || h.update(s, labels, weights))
            }
        }
    }

    /// Adds another histogram of the same shape.
    fn merge(&mut self, other: PyRef<'_, ScoreHistogram>) -> PyResult<()> {
        self.h.merge(&other.h).map_err(to_py)
    }

    #[getter]
    fn bits(&self) -> u32 {
        self.h.bits
    }

    #[getter]
    fn score_bits(&self) -> u32 {
        self.h.key_bits
    }

    #[getter]
    fn weighted(&self) -> bool {
        self.h.weights.is_some()
    }

    /// Copies of the arrays: rows, pos, neg, lo, hi (uint64) and the summed
    /// weights of positives and negatives (float64, or None).
    #[allow(clippy::type_complexity)]
    fn arrays<'py>(
        &self,
        py: Python<'py>,
    ) -> (
        Bound<'py, PyArray1<u64>>,
        Bound<'py, PyArray1<u64>>,
        Bound<'py, PyArray1<u64>>,
        Bound<'py, PyArray1<u64>>,
        Bound<'py, PyArray1<u64>>,
        Option<Bound<'py, PyArray1<f64>>>,
        Option<Bound<'py, PyArray1<f64>>>,
    ) {
        let h = &self.h;
        let (wp, wn) = match &h.weights {
            Some([a, b]) => (
                Some(PyArray1::from_slice(py, a)),
                Some(PyArray1::from_slice(py, b)),
            ),
            None => (None, None),
        };
        (
            PyArray1::from_slice(py, &h.rows),
            PyArray1::from_slice(py, &h.pos),
            PyArray1::from_slice(py, &h.neg),
            PyArray1::from_slice(py, &h.lo),
            PyArray1::from_slice(py, &h.hi),
            wp,
            wn,
        )
    }

    /// Sets the buckets `index` (non-empty buckets, as a pickle carries
    /// them) of an empty histogram.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (index, rows, pos, neg, lo, hi, pos_weight=None, neg_weight=None))]
    fn _load<'py>(
        &mut self,
        index: PyReadonlyArray1<'py, u64>,
        rows: PyReadonlyArray1<'py, u64>,
        pos: PyReadonlyArray1<'py, u64>,
        neg: PyReadonlyArray1<'py, u64>,
        lo: PyReadonlyArray1<'py, u64>,
        hi: PyReadonlyArray1<'py, u64>,
        pos_weight: Option<PyReadonlyArray1<'py, f64>>,
        neg_weight: Option<PyReadonlyArray1<'py, f64>>,
    ) -> PyResult<()> {
        let index = slice(&index, "index")?;
        let cols = [
            slice(&rows, "rows")?,
            slice(&pos, "pos")?,
            slice(&neg, "neg")?,
            slice(&lo, "lo")?,
            slice(&hi, "hi")?,
        ];
        let weights = match (&pos_weight, &neg_weight) {
            (Some(a), Some(b)) => Some([slice(a, "pos_weight")?, slice(b, "neg_weight")?]),
            _ => None,
        };
        let n = self.h.len();
        let bad = |what: &str| {
            to_py(Error::invalid(
                "state",
                what,
                "unpickle what ScoreHistogram pickled",
            ))
        };
        if cols.iter().any(|c| c.len() != index.len())
            || weights
                .as_ref()
                .is_some_and(|[a, b]| a.len() != index.len() || b.len() != index.len())
            || weights.is_some() != self.h.weights.is_some()
        {
            return Err(bad("columns of different lengths"));
        }
        for (k, &b) in index.iter().enumerate() {
            let b = usize::try_from(b)
                .ok()
                .filter(|&b| b < n)
                .ok_or_else(|| bad("a bucket out of range"))?;
            self.h.rows[b] = cols[0][k];
            self.h.pos[b] = cols[1][k];
            self.h.neg[b] = cols[2][k];
            self.h.lo[b] = cols[3][k];
            self.h.hi[b] = cols[4][k];
            if let (Some([wp, wn]), Some([a, c])) = (&mut self.h.weights, &weights) {
                wp[b] = a[k];
                wn[b] = c[k];
            }
        }
        Ok(())
    }
}

/// The bucket (of `2^bits`) of every score: bucket 0 holds the highest.
#[pyfunction]
pub fn score_buckets<'py>(
    py: Python<'py>,
    y_score: &Bound<'py, PyAny>,
    bits: u32,
) -> PyResult<Bound<'py, PyArray1<u32>>> {
    let out = match floats(y_score, "y_score")? {
        Floats::F32(a) => {
            let s = slice(&a, "y_score")?;
            run(py, Some(1), || histogram::buckets(s, bits))?
        }
        Floats::F64(a) => {
            let s = slice(&a, "y_score")?;
            run(py, Some(1), || histogram::buckets(s, bits))?
        }
    };
    Ok(out.into_pyarray(py))
}

/// The scores (as float64) whose keys are `keys`, for scores of `score_bits`.
#[pyfunction]
pub fn scores_of_keys<'py>(
    py: Python<'py>,
    keys: PyReadonlyArray1<'py, u64>,
    score_bits: u32,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let keys = slice(&keys, "keys")?;
    let out: Vec<f64> = match score_bits {
        32 => keys
            .iter()
            .map(|&k| histogram::score_of_key::<f32>(k))
            .collect(),
        64 => keys
            .iter()
            .map(|&k| histogram::score_of_key::<f64>(k))
            .collect(),
        _ => {
            return Err(to_py(Error::invalid(
                "score_bits",
                score_bits,
                "score_bits must be 32 or 64",
            )))
        }
    };
    Ok(out.into_pyarray(py))
}
