//! Sweeps as Python objects: `SweepCurve` (the confusion counts at every
//! distinct threshold) and `SweepState` (the mergeable distinct-score state
//! they are made from). Each holds the core's dtype-erased value
//! ([`AnySweep`], [`AnyState`]: the types it was made with, and the rules
//! that mix them); this file converts arrays and numbers, nothing more.

use imbcore_core::alloc::{try_copy, try_zeroed};
use imbcore_core::sweep::{
    self, ldexp, AnyScore, AnyState, AnySweep, Constraint, Count, Score, State, Sweep,
};
use imbcore_core::{with_any_sweep, Error};
use numpy::ndarray::ArrayView1;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::IntoPyObjectExt;

use crate::errors::to_py;
use crate::metric::metric;
use crate::run::run;
use crate::{data, owned};

/// A count as Python sees it: `int` for counts (exact: they are below
/// 2^53), `float` for summed weights.
fn count_obj(py: Python<'_>, x: f64, weighted: bool) -> PyResult<Py<PyAny>> {
    if weighted {
        x.into_py_any(py)
    } else {
        (x as u64).into_py_any(py)
    }
}

/// A read-only NumPy view of `data`, kept alive by `owner`.
fn view<'py, T: numpy::Element>(data: &[T], owner: Bound<'py, PyAny>) -> Bound<'py, PyArray1<T>> {
    // SAFETY: `data` lives inside the frozen `SweepCurve` that `owner` is;
    // the array holds a reference to `owner`, and nothing ever changes the
    // vectors of a curve once it is made. The view is made read-only, so
    // Python cannot write into it either.
    let a = unsafe { PyArray1::borrow_from_array(&ArrayView1::from(data), owner) };
    unsafe {
        (*a.as_array_ptr()).fields.flags &= !numpy::npyffi::flags::NPY_ARRAY_WRITEABLE;
    }
    a
}

/// The confusion counts at every distinct threshold (made by `sweep`,
/// `SweepState.finalize` or unpickling). Immutable.
#[pyclass(frozen, module = "imbcore._core")]
pub struct SweepCurve {
    curve: AnySweep,
}

/// A computation generic over the types a sweep was made with, for the
/// analyses that live in other binding files (see [`SweepCurve::visit`]).
pub(crate) trait CurveVisitor {
    /// What it returns.
    type Output;
    /// Runs on the typed sweep.
    fn visit<S: Score, C: Count>(self, s: &Sweep<S, C>) -> Self::Output;
}

impl SweepCurve {
    /// Runs `v` on the typed sweep inside.
    pub(crate) fn visit<V: CurveVisitor>(&self, v: V) -> V::Output {
        with_any_sweep!(&self.curve, s => v.visit(s))
    }
}

fn constraints(list: Vec<(String, f64)>) -> PyResult<Vec<Constraint>> {
    list.iter()
        .map(|(name, bound)| {
            Ok(Constraint {
                metric: metric(name)?,
                bound: *bound,
            })
        })
        .collect()
}

#[pymethods]
impl SweepCurve {
    /// The distinct scores, descending, in the dtype of the scores (read-only).
    #[getter]
    fn thresholds<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyAny> {
        let owner = slf.clone().into_any();
        with_any_sweep!(&slf.get().curve, s => view(&s.thresholds, owner).into_any())
    }

    /// Positives (or their summed weight) at or above each threshold: int64
    /// counts or float64 sums (read-only).
    #[getter]
    fn tp<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::column(slf, true)
    }

    /// Negatives (or their summed weight) at or above each threshold.
    #[getter]
    fn fp<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::column(slf, false)
    }

    /// The number (or summed weight) of positives.
    #[getter]
    fn n_pos(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        count_obj(py, self.curve.totals().0, self.curve.is_weighted())
    }

    /// The number (or summed weight) of negatives.
    #[getter]
    fn n_neg(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        count_obj(py, self.curve.totals().1, self.curve.is_weighted())
    }

    /// Whether the counts are summed weights.
    #[getter(weighted)]
    fn is_weighted(&self) -> bool {
        self.curve.is_weighted()
    }

    /// `(tp, fp, fn, tn)` at index `i`, as Python numbers.
    #[allow(clippy::type_complexity)]
    fn counts_at(
        &self,
        py: Python<'_>,
        i: usize,
    ) -> PyResult<(Py<PyAny>, Py<PyAny>, Py<PyAny>, Py<PyAny>)> {
        let w = self.curve.is_weighted();
        let [tp, fp, fn_, tn] = self.curve.counts_at(i).map_err(to_py)?;
        Ok((
            count_obj(py, tp, w)?,
            count_obj(py, fp, w)?,
            count_obj(py, fn_, w)?,
            count_obj(py, tn, w)?,
        ))
    }

    /// Positives (or their summed weight) below each threshold: int64 or
    /// float64 (read-only).
    #[getter(r#fn)]
    fn false_negatives<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::remainder(slf, true)
    }

    /// Negatives (or their summed weight) below each threshold.
    #[getter]
    fn tn<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::remainder(slf, false)
    }

    fn __len__(&self) -> usize {
        self.curve.len()
    }

    /// The metric at every threshold.
    #[pyo3(signature = (name, n_jobs=None))]
    fn metric<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        n_jobs: Option<usize>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let m = metric(name)?;
        let c = &self.curve;
        Ok(run(py, n_jobs, || c.metric_curve(&m))?.into_pyarray(py))
    }

    /// `(index, value)` of the best threshold under the constraints, or None.
    #[pyo3(signature = (name, constraints_=Vec::new(), n_jobs=None))]
    fn best(
        &self,
        py: Python<'_>,
        name: &str,
        constraints_: Vec<(String, f64)>,
        n_jobs: Option<usize>,
    ) -> PyResult<Option<(usize, f64)>> {
        let m = metric(name)?;
        let cs = constraints(constraints_)?;
        let c = &self.curve;
        run(py, n_jobs, || c.best(&m, &cs))
    }

    /// The area under the ROC curve (NaN when a class is absent).
    #[pyo3(signature = (n_jobs=None))]
    fn roc_auc(&self, py: Python<'_>, n_jobs: Option<usize>) -> PyResult<f64> {
        let c = &self.curve;
        run(py, n_jobs, || c.roc_auc())
    }

    /// Average precision (0 without positives).
    #[pyo3(signature = (n_jobs=None))]
    fn average_precision(&self, py: Python<'_>, n_jobs: Option<usize>) -> PyResult<f64> {
        let c = &self.curve;
        run(py, n_jobs, || c.average_precision())
    }

    /// The state this sweep is made of (its counts at each distinct score).
    fn to_state(&self, py: Python<'_>) -> PyResult<SweepState> {
        let c = &self.curve;
        let data = run(py, None, || c.to_state())?;
        Ok(SweepState { data })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let f = py.import("imbcore._core")?.getattr("_curve_from_parts")?;
        // Summed weights travel as stored, with their unit and complements
        // (the sums in the weights' units may not be finite).
        let owner = slf.clone().into_any();
        let scale = slf.get().curve.scale().into_pyobject(py)?.into_any();
        let none = || py.None().into_bound(py);
        macro_rules! stored {
            ($s:expr) => {{
                let (a, b) = match &$s.complement {
                    Some([a, b]) => (
                        view(a, owner.clone()).into_any(),
                        view(b, owner.clone()).into_any(),
                    ),
                    None => (none(), none()),
                };
                [
                    Self::thresholds(slf),
                    view(&$s.tp, owner.clone()).into_any(),
                    view(&$s.fp, owner.clone()).into_any(),
                    scale,
                    a,
                    b,
                ]
            }};
        }
        let parts = match &slf.get().curve {
            AnySweep::F32F64(s) => stored!(s),
            AnySweep::F64F64(s) => stored!(s),
            _ => [
                Self::thresholds(slf),
                Self::column(slf, true)?,
                Self::column(slf, false)?,
                scale,
                none(),
                none(),
            ],
        };
        PyTuple::new(py, [f.into_any(), PyTuple::new(py, parts)?.into_any()])
    }
}

impl SweepCurve {
    /// What lies below each threshold: the stored complement sums of a
    /// weighted sweep, else `total - cumulative` (exact for counts).
    fn remainder<'py>(slf: &Bound<'py, Self>, positives: bool) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let owner = slf.clone().into_any();
        /// `total - v[i]` in `T`, the type Python reads (a new array).
        fn rest<C: Count, T: numpy::Element + Default + Copy>(
            total: C,
            v: &[C],
            cast: impl Fn(C) -> T,
        ) -> Result<Vec<T>, Error> {
            let mut out = Vec::new();
            out.try_reserve_exact(v.len())
                .map_err(|_| Error::OutOfMemory {
                    what: "the counts below".into(),
                    bytes: v.len() * std::mem::size_of::<T>(),
                })?;
            out.extend(v.iter().map(|&x| cast(total - x)));
            Ok(out)
        }
        macro_rules! counts {
            ($s:expr) => {{
                let (total, v) = if positives {
                    ($s.n_pos, &$s.tp)
                } else {
                    ($s.n_neg, &$s.fp)
                };
                let r = rest(total, v, |x| x as i64).map_err(to_py)?;
                read_only(r.into_pyarray(py)).into_any()
            }};
        }
        macro_rules! sums {
            ($s:expr) => {{
                match &$s.complement {
                    Some([a, b]) => scaled(py, if positives { a } else { b }, $s.scale, owner)?,
                    None => {
                        // A sweep rebuilt without its complements: the
                        // subtraction, in a new array.
                        let (total, v) = if positives {
                            ($s.n_pos, &$s.tp)
                        } else {
                            ($s.n_neg, &$s.fp)
                        };
                        let e = $s.scale;
                        let r = rest(total, v, |x: f64| ldexp(x, e)).map_err(to_py)?;
                        read_only(r.into_pyarray(py)).into_any()
                    }
                }
            }};
        }
        Ok(match &slf.get().curve {
            AnySweep::F32U32(s) => counts!(s),
            AnySweep::F64U32(s) => counts!(s),
            AnySweep::F32U64(s) => counts!(s),
            AnySweep::F64U64(s) => counts!(s),
            AnySweep::F32F64(s) => sums!(s),
            AnySweep::F64F64(s) => sums!(s),
        })
    }

    fn column<'py>(slf: &Bound<'py, Self>, positives: bool) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let owner = slf.clone().into_any();
        fn pick<C>(s: &Sweep<impl Score, C>, positives: bool) -> &[C] {
            if positives {
                &s.tp
            } else {
                &s.fp
            }
        }
        Ok(match &slf.get().curve {
            // int64 as the counts are read: a widened copy of u32 counts, a
            // reinterpreting view of u64 ones (counts are far below 2^63).
            AnySweep::F32U32(s) => widened(py, pick(s, positives))?,
            AnySweep::F64U32(s) => widened(py, pick(s, positives))?,
            AnySweep::F32U64(s) => {
                view(bytemuck::cast_slice::<u64, i64>(pick(s, positives)), owner).into_any()
            }
            AnySweep::F64U64(s) => {
                view(bytemuck::cast_slice::<u64, i64>(pick(s, positives)), owner).into_any()
            }
            AnySweep::F32F64(s) => scaled(py, pick(s, positives), s.scale, owner)?,
            AnySweep::F64F64(s) => scaled(py, pick(s, positives), s.scale, owner)?,
        })
    }
}

/// Summed weights in the weights' units: a view when they are stored so, a
/// copy (which may hold infinities) when they are stored in another unit.
fn scaled<'py>(
    py: Python<'py>,
    v: &[f64],
    scale: i32,
    owner: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    if scale == 0 {
        return Ok(view(v, owner).into_any());
    }
    let mut out = try_zeroed::<f64>("the summed weights", v.len()).map_err(to_py)?;
    out.iter_mut()
        .zip(v)
        .for_each(|(o, &x)| *o = ldexp(x, scale));
    Ok(read_only(out.into_pyarray(py)).into_any())
}

/// The array, made read-only (the data of a sweep never changes).
fn read_only<T: numpy::Element>(a: Bound<'_, PyArray1<T>>) -> Bound<'_, PyArray1<T>> {
    // SAFETY: the array was just made and is not shared; clearing a flag
    // only restricts what may be done with it.
    unsafe {
        (*a.as_array_ptr()).fields.flags &= !numpy::npyffi::flags::NPY_ARRAY_WRITEABLE;
    }
    a
}

fn widened<'py>(py: Python<'py>, v: &[u32]) -> PyResult<Bound<'py, PyAny>> {
    let mut out = try_zeroed::<i64>("the counts", v.len()).map_err(to_py)?;
    out.iter_mut().zip(v).for_each(|(o, &x)| *o = x as i64);
    Ok(read_only(out.into_pyarray(py)).into_any())
}

/// Rebuilds a sweep from its columns (what pickling a `SweepCurve` gives),
/// checking everything a sweep promises.
#[pyfunction]
#[pyo3(signature = (thresholds, tp, fp, scale=0, r#fn=None, tn=None))]
pub fn _curve_from_parts(
    thresholds: &Bound<'_, PyAny>,
    tp: &Bound<'_, PyAny>,
    fp: &Bound<'_, PyAny>,
    scale: i32,
    r#fn: Option<&Bound<'_, PyAny>>,
    tn: Option<&Bound<'_, PyAny>>,
) -> PyResult<SweepCurve> {
    fn read<T: numpy::Element + Copy>(
        a: &Bound<'_, PyAny>,
        name: &str,
    ) -> Option<PyResult<Vec<T>>> {
        let a = a.extract::<PyReadonlyArray1<'_, T>>().ok()?;
        Some(data(&a, name).and_then(|s| owned(name, s)))
    }
    fn counts(v: Vec<i64>) -> PyResult<Vec<u64>> {
        v.into_iter()
            .map(|x| {
                u64::try_from(x)
                    .map_err(|_| to_py(Error::invalid("sweep", x, "counts must be >= 0")))
            })
            .collect()
    }
    fn build<S: Score + numpy::Element>(
        th: Vec<S>,
        tp: &Bound<'_, PyAny>,
        fp: &Bound<'_, PyAny>,
        scale: i32,
        complement: (Option<&Bound<'_, PyAny>>, Option<&Bound<'_, PyAny>>),
        counts_curve: fn(Sweep<S, u64>) -> AnySweep,
        weights_curve: fn(Sweep<S, f64>) -> AnySweep,
    ) -> PyResult<AnySweep> {
        if let (Some(a), Some(b)) = (read::<i64>(tp, "tp"), read::<i64>(fp, "fp")) {
            Ok(counts_curve(
                Sweep::from_parts(th, counts(a?)?, counts(b?)?).map_err(to_py)?,
            ))
        } else if let (Some(a), Some(b)) = (read::<f64>(tp, "tp"), read::<f64>(fp, "fp")) {
            let mut s = Sweep::from_parts(th, a?, b?).map_err(to_py)?;
            if !(-2200..=2200).contains(&scale) {
                return Err(to_py(Error::invalid(
                    "sweep",
                    format!("scale {scale}"),
                    "the scale is a power of two within +-2200",
                )));
            }
            s.scale = scale;
            if let (Some(a), Some(b)) = (complement.0, complement.1) {
                let (Some(a), Some(b)) = (read::<f64>(a, "fn"), read::<f64>(b, "tn")) else {
                    return Err(to_py(Error::invalid(
                        "sweep",
                        "complements of another dtype",
                        "fn and tn must be float64",
                    )));
                };
                s = s.with_complement(a?, b?).map_err(to_py)?;
            }
            Ok(weights_curve(s))
        } else {
            Err(to_py(Error::invalid(
                "sweep",
                "counts of other dtypes",
                "tp and fp must both be int64 or both float64",
            )))
        }
    }
    let curve = if let Some(th) = read::<f32>(thresholds, "thresholds") {
        build(
            th?,
            tp,
            fp,
            scale,
            (r#fn, tn),
            AnySweep::F32U64,
            AnySweep::F32F64,
        )?
    } else if let Some(th) = read::<f64>(thresholds, "thresholds") {
        build(
            th?,
            tp,
            fp,
            scale,
            (r#fn, tn),
            AnySweep::F64U64,
            AnySweep::F64F64,
        )?
    } else {
        return Err(to_py(Error::invalid(
            "sweep",
            "thresholds of another dtype",
            "thresholds must be float32 or float64",
        )));
    };
    Ok(SweepCurve {
        curve: curve.narrow().map_err(to_py)?,
    })
}

/// `(index, value)` of the best of the points given by their confusion
/// entries under the constraints (ties to the first), or None: the rule of
/// `SweepCurve.best` applied to candidate thresholds.
#[pyfunction]
#[pyo3(signature = (name, constraints_, tp, fp, r#fn, tn))]
pub fn best_of_points<'py>(
    py: Python<'py>,
    name: &str,
    constraints_: Vec<(String, f64)>,
    tp: PyReadonlyArray1<'py, f64>,
    fp: PyReadonlyArray1<'py, f64>,
    r#fn: PyReadonlyArray1<'py, f64>,
    tn: PyReadonlyArray1<'py, f64>,
) -> PyResult<Option<(usize, f64)>> {
    let m = metric(name)?;
    let cs = constraints(constraints_)?;
    let (a, b, c, d) = (
        data(&tp, "tp")?,
        data(&fp, "fp")?,
        data(&r#fn, "fn")?,
        data(&tn, "tn")?,
    );
    run(py, None, || sweep::best_of_points(&m, &cs, &a, &b, &c, &d))
}

/// Scores as the core reads them: a contiguous float32 or float64 array.
pub(crate) enum Scores<'py> {
    F32(PyReadonlyArray1<'py, f32>),
    F64(PyReadonlyArray1<'py, f64>),
}

pub(crate) fn scores<'py>(y_score: &Bound<'py, PyAny>) -> PyResult<Scores<'py>> {
    if let Ok(s) = y_score.extract::<PyReadonlyArray1<'py, f64>>() {
        Ok(Scores::F64(s))
    } else if let Ok(s) = y_score.extract::<PyReadonlyArray1<'py, f32>>() {
        Ok(Scores::F32(s))
    } else {
        Err(to_py(Error::invalid(
            "y_score",
            y_score.get_type().name()?,
            "pass a 1-D float32 or float64 array",
        )))
    }
}

/// The exact sweep. `y_score` is a float32 or float64 array, `y_true` a uint8
/// array (non-zero = positive), `sample_weight` float64 or None.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sample_weight=None, n_jobs=None))]
pub fn sweep_scores<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    y_score: &Bound<'py, PyAny>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    n_jobs: Option<usize>,
) -> PyResult<SweepCurve> {
    let labels = data(&y_true, "y_true")?;
    let labels = &*labels;
    let weights = match &sample_weight {
        Some(w) => Some(data(w, "sample_weight")?),
        None => None,
    };
    let weights = weights.as_deref();
    fn typed<S: AnyScore>(
        py: Python<'_>,
        s: &[S],
        labels: &[u8],
        weights: Option<&[f64]>,
        n_jobs: Option<usize>,
    ) -> PyResult<AnySweep> {
        run(py, n_jobs, || sweep::sweep_any(s, labels, weights))
    }
    let curve = match scores(y_score)? {
        Scores::F64(a) => typed(py, &data(&a, "y_score")?, labels, weights, n_jobs)?,
        Scores::F32(a) => typed(py, &data(&a, "y_score")?, labels, weights, n_jobs)?,
    };
    Ok(SweepCurve { curve })
}

/// The distinct scores seen so far, with the positives and negatives (or
/// their summed weights) at each: mergeable, picklable, finalized into a
/// `SweepCurve`.
#[pyclass(module = "imbcore._core")]
pub struct SweepState {
    data: AnyState,
}

#[pymethods]
impl SweepState {
    /// An empty state.
    #[new]
    fn new() -> Self {
        SweepState {
            data: AnyState::Empty,
        }
    }

    /// Adds a batch of samples (arrays as for `sweep_scores`).
    #[pyo3(signature = (y_true, y_score, sample_weight=None, n_jobs=None))]
    fn update<'py>(
        &mut self,
        py: Python<'py>,
        y_true: PyReadonlyArray1<'py, u8>,
        y_score: &Bound<'py, PyAny>,
        sample_weight: Option<PyReadonlyArray1<'py, f64>>,
        n_jobs: Option<usize>,
    ) -> PyResult<()> {
        let labels = data(&y_true, "y_true")?;
        let labels = &*labels;
        let weights = match &sample_weight {
            Some(w) => Some(data(w, "sample_weight")?),
            None => None,
        };
        let weights = weights.as_deref();
        let current = &self.data;
        // The batch's own state, merged in; a refused batch changes nothing.
        fn add<S: AnyScore>(
            py: Python<'_>,
            current: &AnyState,
            s: &[S],
            labels: &[u8],
            weights: Option<&[f64]>,
            n_jobs: Option<usize>,
        ) -> PyResult<AnyState> {
            run(py, n_jobs, || {
                let batch = AnyState::from_samples(s, labels, weights)?;
                match current {
                    AnyState::Empty => Ok(batch),
                    _ => current.merge(&batch),
                }
            })
        }
        self.data = match scores(y_score)? {
            Scores::F64(a) => add(py, current, &data(&a, "y_score")?, labels, weights, n_jobs)?,
            Scores::F32(a) => add(py, current, &data(&a, "y_score")?, labels, weights, n_jobs)?,
        };
        Ok(())
    }

    /// The state of the data of both (neither is changed).
    #[pyo3(signature = (other, n_jobs=None))]
    fn merge(
        &self,
        py: Python<'_>,
        other: &SweepState,
        n_jobs: Option<usize>,
    ) -> PyResult<SweepState> {
        let (a, b) = (&self.data, &other.data);
        Ok(SweepState {
            data: run(py, n_jobs, || a.merge(b))?,
        })
    }

    /// The sweep of everything seen so far (the state is kept).
    fn finalize(&self, py: Python<'_>) -> PyResult<SweepCurve> {
        let data = &self.data;
        Ok(SweepCurve {
            curve: run(py, None, || data.finalize())?,
        })
    }

    /// The number of distinct scores.
    fn __len__(&self) -> usize {
        self.data.len()
    }

    /// `(kind, scores, positives, negatives)`: kind is "empty", or
    /// "counts"/"weights"; the arrays are copies.
    fn _parts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        fn parts<'py, S: Score + numpy::Element, C: Count + numpy::Element>(
            py: Python<'py>,
            kind: &str,
            s: &State<S, C>,
        ) -> PyResult<Bound<'py, PyTuple>> {
            let copy = |e| to_py(e);
            (
                kind,
                try_copy("the scores", &s.scores)
                    .map_err(copy)?
                    .into_pyarray(py),
                try_copy("the counts", &s.pos)
                    .map_err(copy)?
                    .into_pyarray(py),
                try_copy("the counts", &s.neg)
                    .map_err(copy)?
                    .into_pyarray(py),
                s.scale,
            )
                .into_pyobject(py)
        }
        match &self.data {
            AnyState::Empty => ("empty", py.None(), py.None(), py.None(), 0).into_pyobject(py),
            AnyState::F32U64(s) => parts(py, "counts", s),
            AnyState::F32F64(s) => parts(py, "weights", s),
            AnyState::F64U64(s) => parts(py, "counts", s),
            AnyState::F64F64(s) => parts(py, "weights", s),
        }
    }

    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self._parts(py)
    }

    fn __setstate__(&mut self, state: &Bound<'_, PyTuple>) -> PyResult<()> {
        let bad = || {
            to_py(Error::invalid(
                "state",
                "a pickle of another form",
                "unpickle what SweepState pickled",
            ))
        };
        let kind: String = state.get_item(0)?.extract().map_err(|_| bad())?;
        if kind == "empty" {
            self.data = AnyState::Empty;
            return Ok(());
        }
        let (s, p, n) = (state.get_item(1)?, state.get_item(2)?, state.get_item(3)?);
        let scale: i32 = match state.get_item(4) {
            Ok(v) => v.extract().map_err(|_| bad())?,
            Err(_) => 0,
        };
        fn get<'py, S: Score + numpy::Element, C: Count + numpy::Element>(
            s: &Bound<'py, PyAny>,
            p: &Bound<'py, PyAny>,
            n: &Bound<'py, PyAny>,
            scale: i32,
        ) -> Option<PyResult<State<S, C>>> {
            let s = s.extract::<PyReadonlyArray1<'_, S>>().ok()?;
            let p = p.extract::<PyReadonlyArray1<'_, C>>().ok()?;
            let n = n.extract::<PyReadonlyArray1<'_, C>>().ok()?;
            Some((|| {
                State::from_parts(
                    owned("the scores", data(&s, "scores")?)?,
                    owned("the counts", data(&p, "positives")?)?,
                    owned("the counts", data(&n, "negatives")?)?,
                    scale,
                )
                .map_err(to_py)
            })())
        }
        self.data = match kind.as_str() {
            "counts" => {
                if let Some(r) = get::<f32, u64>(&s, &p, &n, 0) {
                    AnyState::F32U64(r?)
                } else if let Some(r) = get::<f64, u64>(&s, &p, &n, 0) {
                    AnyState::F64U64(r?)
                } else {
                    return Err(bad());
                }
            }
            "weights" => {
                if let Some(r) = get::<f32, f64>(&s, &p, &n, scale) {
                    AnyState::F32F64(r?)
                } else if let Some(r) = get::<f64, f64>(&s, &p, &n, scale) {
                    AnyState::F64F64(r?)
                } else {
                    return Err(bad());
                }
            }
            _ => return Err(bad()),
        };
        Ok(())
    }

    /// Whether the counts are summed weights.
    #[getter]
    fn weighted(&self) -> bool {
        self.data.is_weighted()
    }

    /// The dtype of the scores ("float32", "float64"; None when empty).
    #[getter]
    fn score_dtype(&self) -> Option<&'static str> {
        self.data.score_dtype()
    }

    /// `(positives, negatives)` seen so far, as Python numbers.
    fn totals(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        let w = self.data.is_weighted();
        let (a, b) = self.data.totals();
        Ok((count_obj(py, a, w)?, count_obj(py, b, w)?))
    }
}
