//! Sweeps as Python objects: `SweepCurve` (the confusion counts at every
//! distinct threshold) and `SweepState` (the mergeable distinct-score state
//! they are made from). Each holds its data in Rust, in the types it was made
//! with (`f32` or `f64` scores; `u32`, `u64` or `f64` counts), so no call
//! has to guess a dtype again.

use imbcore_core::alloc::{try_copy, try_zeroed};
use imbcore_core::sweep::{self, ldexp, Constraint, Count, Score, State, Sweep};
use imbcore_core::{Error, Metric};
use numpy::ndarray::ArrayView1;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::IntoPyObjectExt;

use crate::errors::to_py;
use crate::metric::metric;
use crate::run::run;
use crate::slice;

/// A sweep in the types it was made with.
enum Curve {
    F32U32(Sweep<f32, u32>),
    F32U64(Sweep<f32, u64>),
    F32F64(Sweep<f32, f64>),
    F64U32(Sweep<f64, u32>),
    F64U64(Sweep<f64, u64>),
    F64F64(Sweep<f64, f64>),
}

/// Runs `$body` with `$s` bound to the typed sweep inside a [`Curve`].
macro_rules! with_curve {
    ($c:expr, $s:ident => $body:expr) => {
        match $c {
            Curve::F32U32($s) => $body,
            Curve::F32U64($s) => $body,
            Curve::F32F64($s) => $body,
            Curve::F64U32($s) => $body,
            Curve::F64U64($s) => $body,
            Curve::F64F64($s) => $body,
        }
    };
}

/// A state in the types it was made with; counts of an unweighted state are
/// `u64` so that merges never overflow.
enum StateData {
    Empty,
    F32U64(State<f32, u64>),
    F32F64(State<f32, f64>),
    F64U64(State<f64, u64>),
    F64F64(State<f64, f64>),
}

impl StateData {
    /// A copy, or an out-of-memory error.
    fn try_clone(&self) -> Result<StateData, Error> {
        Ok(match self {
            StateData::Empty => StateData::Empty,
            StateData::F32U64(s) => StateData::F32U64(s.try_clone()?),
            StateData::F32F64(s) => StateData::F32F64(s.try_clone()?),
            StateData::F64U64(s) => StateData::F64U64(s.try_clone()?),
            StateData::F64F64(s) => StateData::F64F64(s.try_clone()?),
        })
    }
}

/// A number of the count type as Python sees it: `int` for counts, `float`
/// for summed weights.
fn count_obj<C: Count>(py: Python<'_>, x: C, weighted: bool) -> PyResult<Py<PyAny>> {
    if weighted {
        x.to_f64().into_py_any(py)
    } else {
        (x.to_f64() as u64).into_py_any(py)
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
    curve: Curve,
}

impl SweepCurve {
    fn weighted(&self) -> bool {
        matches!(self.curve, Curve::F32F64(_) | Curve::F64F64(_))
    }

    /// The unit of the stored sums (see `Sweep::scale`).
    fn scale(&self) -> i32 {
        with_curve!(&self.curve, s => s.scale)
    }

    /// A total computed from the stored sums, in the units of the weights.
    fn unscaled(&self, metric: &Metric, v: f64) -> f64 {
        if metric.scales_with_counts() {
            ldexp(v, self.scale())
        } else {
            v
        }
    }
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
        with_curve!(&self.curve, s => v.visit(s))
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
        with_curve!(&slf.get().curve, s => view(&s.thresholds, owner).into_any())
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
        let w = self.weighted();
        with_curve!(&self.curve, s => count_obj(py, s.n_pos.times_pow2(s.scale), w))
    }

    /// The number (or summed weight) of negatives.
    #[getter]
    fn n_neg(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let w = self.weighted();
        with_curve!(&self.curve, s => count_obj(py, s.n_neg.times_pow2(s.scale), w))
    }

    /// Whether the counts are summed weights.
    #[getter(weighted)]
    fn is_weighted(&self) -> bool {
        self.weighted()
    }

    /// `(tp, fp, fn, tn)` at index `i`, as Python numbers.
    #[allow(clippy::type_complexity)]
    fn counts_at(
        &self,
        py: Python<'_>,
        i: usize,
    ) -> PyResult<(Py<PyAny>, Py<PyAny>, Py<PyAny>, Py<PyAny>)> {
        let w = self.weighted();
        with_curve!(&self.curve, s => {
            if i >= s.tp.len() {
                return Err(to_py(Error::invalid("index", i, format!("the sweep has {} thresholds", s.tp.len()))));
            }
            let (fn_, tn) = match &s.complement {
                Some([a, b]) => (a[i], b[i]),
                None => (s.n_pos - s.tp[i], s.n_neg - s.fp[i]),
            };
            let e = s.scale;
            Ok((
                count_obj(py, s.tp[i].times_pow2(e), w)?,
                count_obj(py, s.fp[i].times_pow2(e), w)?,
                count_obj(py, fn_.times_pow2(e), w)?,
                count_obj(py, tn.times_pow2(e), w)?,
            ))
        })
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
        with_curve!(&self.curve, s => s.thresholds.len())
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
        let e = if m.scales_with_counts() {
            self.scale()
        } else {
            0
        };
        with_curve!(&self.curve, s => Ok(run(py, n_jobs, || {
            let mut v = s.metric_curve(&m)?;
            if e != 0 {
                v.iter_mut().for_each(|x| *x = ldexp(*x, e));
            }
            Ok(v)
        })?.into_pyarray(py)))
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
        let found = with_curve!(&self.curve, s => run(py, n_jobs, || s.best(&m, &cs)))?;
        Ok(found.map(|(i, v)| (i, self.unscaled(&m, v))))
    }

    /// The area under the ROC curve (NaN when a class is absent).
    #[pyo3(signature = (n_jobs=None))]
    fn roc_auc(&self, py: Python<'_>, n_jobs: Option<usize>) -> PyResult<f64> {
        with_curve!(&self.curve, s => run(py, n_jobs, || sweep::roc_auc(&s.tp, &s.fp, s.n_pos, s.n_neg)))
    }

    /// Average precision (0 without positives).
    #[pyo3(signature = (n_jobs=None))]
    fn average_precision(&self, py: Python<'_>, n_jobs: Option<usize>) -> PyResult<f64> {
        with_curve!(&self.curve, s => run(py, n_jobs, || sweep::average_precision(&s.tp, &s.fp, s.n_pos)))
    }

    /// The state this sweep is made of (its counts at each distinct score).
    fn to_state(&self, py: Python<'_>) -> PyResult<SweepState> {
        let data = run(py, None, || {
            Ok(match &self.curve {
                Curve::F32U32(s) => StateData::F32U64(State::from_sweep(widen(s)?)),
                Curve::F32U64(s) => StateData::F32U64(State::from_sweep(s.try_clone()?)),
                Curve::F32F64(s) => StateData::F32F64(State::from_sweep(s.try_clone()?)),
                Curve::F64U32(s) => StateData::F64U64(State::from_sweep(widen(s)?)),
                Curve::F64U64(s) => StateData::F64U64(State::from_sweep(s.try_clone()?)),
                Curve::F64F64(s) => StateData::F64F64(State::from_sweep(s.try_clone()?)),
            })
        })?;
        Ok(SweepState { data })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let f = py.import("imbcore._core")?.getattr("_curve_from_parts")?;
        // Summed weights travel as stored, with their unit and complements
        // (the sums in the weights' units may not be finite).
        let owner = slf.clone().into_any();
        let scale = slf.get().scale().into_pyobject(py)?.into_any();
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
            Curve::F32F64(s) => stored!(s),
            Curve::F64F64(s) => stored!(s),
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
            Curve::F32U32(s) => counts!(s),
            Curve::F64U32(s) => counts!(s),
            Curve::F32U64(s) => counts!(s),
            Curve::F64U64(s) => counts!(s),
            Curve::F32F64(s) => sums!(s),
            Curve::F64F64(s) => sums!(s),
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
            Curve::F32U32(s) => widened(py, pick(s, positives))?,
            Curve::F64U32(s) => widened(py, pick(s, positives))?,
            Curve::F32U64(s) => {
                view(bytemuck::cast_slice::<u64, i64>(pick(s, positives)), owner).into_any()
            }
            Curve::F64U64(s) => {
                view(bytemuck::cast_slice::<u64, i64>(pick(s, positives)), owner).into_any()
            }
            Curve::F32F64(s) => scaled(py, pick(s, positives), s.scale, owner)?,
            Curve::F64F64(s) => scaled(py, pick(s, positives), s.scale, owner)?,
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

fn widen<S: Score>(s: &Sweep<S, u32>) -> Result<Sweep<S, u64>, Error> {
    let wide = |v: &[u32]| -> Result<Vec<u64>, Error> {
        let mut out = try_zeroed::<u64>("the counts", v.len())?;
        out.iter_mut().zip(v).for_each(|(o, &x)| *o = x as u64);
        Ok(out)
    };
    Ok(Sweep {
        complement: None,
        thresholds: try_copy("the thresholds", &s.thresholds)?,
        tp: wide(&s.tp)?,
        fp: wide(&s.fp)?,
        n_pos: s.n_pos as u64,
        n_neg: s.n_neg as u64,
        scale: 0,
    })
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
        Some(slice(&a, name).and_then(|s| try_copy(name, s).map_err(to_py)))
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
        counts_curve: fn(Sweep<S, u64>) -> Curve,
        weights_curve: fn(Sweep<S, f64>) -> Curve,
    ) -> PyResult<Curve> {
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
        build(th?, tp, fp, scale, (r#fn, tn), Curve::F32U64, Curve::F32F64)?
    } else if let Some(th) = read::<f64>(thresholds, "thresholds") {
        build(th?, tp, fp, scale, (r#fn, tn), Curve::F64U64, Curve::F64F64)?
    } else {
        return Err(to_py(Error::invalid(
            "sweep",
            "thresholds of another dtype",
            "thresholds must be float32 or float64",
        )));
    };
    Ok(SweepCurve {
        curve: narrow(curve).map_err(to_py)?,
    })
}

/// `u32` counts where they fit (half the memory), else as they are.
fn narrow(c: Curve) -> Result<Curve, Error> {
    let fits = |n: u64| n <= u32::MAX as u64;
    Ok(match c {
        Curve::F32U64(s) if fits(s.n_pos + s.n_neg) => Curve::F32U32(s.narrow()?),
        Curve::F64U64(s) if fits(s.n_pos + s.n_neg) => Curve::F64U32(s.narrow()?),
        other => other,
    })
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
    let labels = slice(&y_true, "y_true")?;
    let weights = match &sample_weight {
        Some(w) => Some(slice(w, "sample_weight")?),
        None => None,
    };
    #[allow(clippy::too_many_arguments)] // the batch, and one constructor per count type
    fn typed<S: Score>(
        py: Python<'_>,
        s: &[S],
        labels: &[u8],
        weights: Option<&[f64]>,
        n_jobs: Option<usize>,
        f64c: fn(Sweep<S, f64>) -> Curve,
        u32c: fn(Sweep<S, u32>) -> Curve,
        u64c: fn(Sweep<S, u64>) -> Curve,
    ) -> PyResult<Curve> {
        Ok(match weights {
            Some(w) => f64c(run(py, n_jobs, || sweep::sweep_weighted(s, labels, w))?),
            None if s.len() <= u32::MAX as usize => u32c(run(py, n_jobs, || {
                sweep::sweep_unweighted::<S, u32>(s, labels)
            })?),
            None => u64c(run(py, n_jobs, || {
                sweep::sweep_unweighted::<S, u64>(s, labels)
            })?),
        })
    }
    let curve = match scores(y_score)? {
        Scores::F64(a) => typed(
            py,
            slice(&a, "y_score")?,
            labels,
            weights,
            n_jobs,
            Curve::F64F64,
            Curve::F64U32,
            Curve::F64U64,
        )?,
        Scores::F32(a) => typed(
            py,
            slice(&a, "y_score")?,
            labels,
            weights,
            n_jobs,
            Curve::F32F64,
            Curve::F32U32,
            Curve::F32U64,
        )?,
    };
    Ok(SweepCurve { curve })
}

/// The distinct scores seen so far, with the positives and negatives (or
/// their summed weights) at each: mergeable, picklable, finalized into a
/// `SweepCurve`.
#[pyclass(module = "imbcore._core")]
pub struct SweepState {
    data: StateData,
}

/// Brings two states to common types: f32 scores widen to f64 and counts to
/// summed weights when the other side has them (both exact).
fn unify(a: StateData, b: StateData) -> Result<(StateData, StateData), Error> {
    use StateData::*;
    let f64_scores = |d: StateData| -> Result<StateData, Error> {
        Ok(match d {
            F32U64(s) => F64U64(s.widen_scores()?),
            F32F64(s) => F64F64(s.widen_scores()?),
            other => other,
        })
    };
    let weights = |d: StateData| -> Result<StateData, Error> {
        Ok(match d {
            F32U64(s) => F32F64(s.to_weights()?),
            F64U64(s) => F64F64(s.to_weights()?),
            other => other,
        })
    };
    let wide = |d: &StateData| matches!(d, F64U64(_) | F64F64(_));
    let weighted = |d: &StateData| matches!(d, F32F64(_) | F64F64(_));
    let (mut a, mut b) = (a, b);
    if wide(&a) || wide(&b) {
        a = f64_scores(a)?;
        b = f64_scores(b)?;
    }
    if weighted(&a) || weighted(&b) {
        a = weights(a)?;
        b = weights(b)?;
    }
    Ok((a, b))
}

fn merge_data(a: &StateData, b: &StateData) -> Result<StateData, Error> {
    use StateData::*;
    Ok(match (a, b) {
        (Empty, x) | (x, Empty) => x.try_clone()?,
        (F32U64(x), F32U64(y)) => F32U64(x.merge(y)?),
        (F32F64(x), F32F64(y)) => F32F64(x.merge(y)?),
        (F64U64(x), F64U64(y)) => F64U64(x.merge(y)?),
        (F64F64(x), F64F64(y)) => F64F64(x.merge(y)?),
        _ => {
            let (a, b) = unify(a.try_clone()?, b.try_clone()?)?;
            return merge_data(&a, &b);
        }
    })
}

#[pymethods]
impl SweepState {
    /// An empty state.
    #[new]
    fn new() -> Self {
        SweepState {
            data: StateData::Empty,
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
        let labels = slice(&y_true, "y_true")?;
        let weights = match &sample_weight {
            Some(w) => Some(slice(w, "sample_weight")?),
            None => None,
        };
        let sc = scores(y_score)?;
        let current = &self.data;
        // The batch's own state, merged in; a refused batch changes nothing.
        let add = |batch: StateData| match current {
            StateData::Empty => Ok(batch),
            _ => merge_data(current, &batch),
        };
        let data = match &sc {
            Scores::F64(a) => {
                let s = slice(a, "y_score")?;
                run(py, n_jobs, || {
                    add(match weights {
                        Some(w) => StateData::F64F64(State::from_weighted_samples(s, labels, w)?),
                        None => StateData::F64U64(State::from_samples(s, labels)?),
                    })
                })?
            }
            Scores::F32(a) => {
                let s = slice(a, "y_score")?;
                run(py, n_jobs, || {
                    add(match weights {
                        Some(w) => StateData::F32F64(State::from_weighted_samples(s, labels, w)?),
                        None => StateData::F32U64(State::from_samples(s, labels)?),
                    })
                })?
            }
        };
        self.data = data;
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
            data: run(py, n_jobs, || merge_data(a, b))?,
        })
    }

    /// The sweep of everything seen so far (the state is kept).
    fn finalize(&self, py: Python<'_>) -> PyResult<SweepCurve> {
        let data = self.data.try_clone().map_err(to_py)?;
        let curve = run(py, None, || {
            Ok(match data {
                StateData::Empty => State::<f64, u64>::default().finalize().map(Curve::F64U64)?,
                StateData::F32U64(s) => Curve::F32U64(s.finalize()?),
                StateData::F32F64(s) => Curve::F32F64(s.finalize()?),
                StateData::F64U64(s) => Curve::F64U64(s.finalize()?),
                StateData::F64F64(s) => Curve::F64F64(s.finalize()?),
            })
        })?;
        Ok(SweepCurve {
            curve: narrow(curve).map_err(to_py)?,
        })
    }

    /// The number of distinct scores.
    fn __len__(&self) -> usize {
        match &self.data {
            StateData::Empty => 0,
            StateData::F32U64(s) => s.len(),
            StateData::F32F64(s) => s.len(),
            StateData::F64U64(s) => s.len(),
            StateData::F64F64(s) => s.len(),
        }
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
            StateData::Empty => ("empty", py.None(), py.None(), py.None(), 0).into_pyobject(py),
            StateData::F32U64(s) => parts(py, "counts", s),
            StateData::F32F64(s) => parts(py, "weights", s),
            StateData::F64U64(s) => parts(py, "counts", s),
            StateData::F64F64(s) => parts(py, "weights", s),
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
            self.data = StateData::Empty;
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
                    try_copy("the scores", slice(&s, "scores")?).map_err(to_py)?,
                    try_copy("the counts", slice(&p, "positives")?).map_err(to_py)?,
                    try_copy("the counts", slice(&n, "negatives")?).map_err(to_py)?,
                    scale,
                )
                .map_err(to_py)
            })())
        }
        self.data = match kind.as_str() {
            "counts" => {
                if let Some(r) = get::<f32, u64>(&s, &p, &n, 0) {
                    StateData::F32U64(r?)
                } else if let Some(r) = get::<f64, u64>(&s, &p, &n, 0) {
                    StateData::F64U64(r?)
                } else {
                    return Err(bad());
                }
            }
            "weights" => {
                if let Some(r) = get::<f32, f64>(&s, &p, &n, scale) {
                    StateData::F32F64(r?)
                } else if let Some(r) = get::<f64, f64>(&s, &p, &n, scale) {
                    StateData::F64F64(r?)
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
        matches!(self.data, StateData::F32F64(_) | StateData::F64F64(_))
    }

    /// The dtype of the scores ("float32", "float64"; None when empty).
    #[getter]
    fn score_dtype(&self) -> Option<&'static str> {
        match &self.data {
            StateData::Empty => None,
            StateData::F32U64(_) | StateData::F32F64(_) => Some("float32"),
            _ => Some("float64"),
        }
    }

    /// `(positives, negatives)` seen so far, as Python numbers.
    fn totals(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        let w = self.weighted();
        match &self.data {
            StateData::Empty => Ok((0u64.into_py_any(py)?, 0u64.into_py_any(py)?)),
            StateData::F32U64(s) => {
                let (a, b) = s.totals();
                Ok((
                    count_obj(py, a.times_pow2(s.scale), w)?,
                    count_obj(py, b.times_pow2(s.scale), w)?,
                ))
            }
            StateData::F32F64(s) => {
                let (a, b) = s.totals();
                Ok((
                    count_obj(py, a.times_pow2(s.scale), w)?,
                    count_obj(py, b.times_pow2(s.scale), w)?,
                ))
            }
            StateData::F64U64(s) => {
                let (a, b) = s.totals();
                Ok((
                    count_obj(py, a.times_pow2(s.scale), w)?,
                    count_obj(py, b.times_pow2(s.scale), w)?,
                ))
            }
            StateData::F64F64(s) => {
                let (a, b) = s.totals();
                Ok((
                    count_obj(py, a.times_pow2(s.scale), w)?,
                    count_obj(py, b.times_pow2(s.scale), w)?,
                ))
            }
        }
    }
}
