//! Calibration and decision analysis as Python sees them: the isotonic
//! recalibration and score decompositions of a sweep, and the bootstrap
//! replicates of the decision curves. Conversion only; the work is in
//! `imbcore_core::sweep::{calibration, decision}`.

use imbcore_core::sweep::bootstrap::Method;
use imbcore_core::sweep::calibration::{decompose, isotonic, Columns, SweepMasses};
use imbcore_core::sweep::decision::{bands, Statistic};
use imbcore_core::sweep::{Count, Score, Sweep};
use imbcore_core::Error;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::run::run;
use crate::slice;
use crate::sweep::{scores, CurveVisitor, Scores, SweepCurve};

/// The recalibration (ascending), its block starts, and the Brier and log
/// loss decompositions `[score, mcb, dsc, unc]` each.
type Recalibrated = (Vec<f64>, Vec<usize>, [f64; 8]);

struct Recalibrate;

impl CurveVisitor for Recalibrate {
    type Output = Result<Recalibrated, Error>;
    fn visit<S: Score, C: Count>(self, s: &Sweep<S, C>) -> Self::Output {
        let m = SweepMasses {
            thresholds: &s.thresholds,
            tp: &s.tp,
            fp: &s.fp,
        };
        let iso = isotonic(&m)?;
        let d = decompose(&m, &iso.calibrated)?;
        let (b, l) = (d.brier, d.log_loss);
        Ok((
            iso.calibrated,
            iso.block_starts,
            [b.score, b.mcb, b.dsc, b.unc, l.score, l.mcb, l.dsc, l.unc],
        ))
    }
}

/// The isotonic recalibration of a sweep's distinct scores (ascending), the
/// ascending indices where its constant blocks start, and the Brier score
/// and log loss decompositions `[score, mcb, dsc, unc, score, mcb, dsc,
/// unc]`. Scores must lie in [0, 1] (the caller checks).
#[pyfunction]
#[pyo3(signature = (curve, n_jobs=None))]
#[allow(clippy::type_complexity)]
pub fn calibration_of_sweep<'py>(
    py: Python<'py>,
    curve: &Bound<'py, SweepCurve>,
    n_jobs: Option<usize>,
) -> PyResult<(
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<usize>>,
    [f64; 8],
)> {
    let c = curve.get();
    let (cal, starts, d) = run(py, n_jobs, || c.visit(Recalibrate))?;
    Ok((cal.into_pyarray(py), starts.into_pyarray(py), d))
}

/// The statistic by name, on its grid.
fn statistic(kind: &str, grid: Vec<f64>) -> PyResult<Statistic> {
    Ok(match kind {
        "reliability" => Statistic::Reliability(grid),
        "net_benefit" => Statistic::NetBenefit(grid),
        "gains" => Statistic::Gains(grid),
        "cost" => Statistic::CostEnvelope(grid),
        "scalars" => Statistic::Scalars,
        other => {
            return Err(to_py(Error::invalid(
                "kind",
                format!("{other:?}"),
                "known kinds are 'reliability', 'net_benefit', 'gains', 'cost', 'scalars'",
            )))
        }
    })
}

/// The bootstrap replicates of a calibration or decision statistic of the
/// sweep of `(y_true, y_score, sample_weight)`, replicate-major
/// (`n_resamples * width` values; `width` is the grid's length, or 9 for
/// `'scalars'`: KS, then score, MCB, DSC, UNC of the Brier score and of the
/// log loss). The replicates are those of `bootstrap_scores` with the same
/// method and seed.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sample_weight, kind, grid, n_resamples,
                    method_="poisson", stratify=false, seed=0, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn calibration_bands<'py>(
    py: Python<'py>,
    y_true: PyReadonlyArray1<'py, u8>,
    y_score: &Bound<'py, PyAny>,
    sample_weight: Option<PyReadonlyArray1<'py, f64>>,
    kind: &str,
    grid: Vec<f64>,
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
    let stat = statistic(kind, grid)?;
    let method = match (method_, stratify) {
        ("poisson", false) => Method::Poisson,
        ("multinomial", s) => Method::Multinomial { stratify: s },
        _ => {
            return Err(to_py(Error::invalid(
                "method",
                format!("{method_:?} (stratify={stratify})"),
                "'poisson' (unstratified) or 'multinomial'",
            )))
        }
    };
    let out = match scores(y_score)? {
        Scores::F64(a) => {
            let s = slice(&a, "y_score")?;
            run(py, n_jobs, || {
                bands(s, labels, weights, &stat, method, seed, n_resamples)
            })?
        }
        Scores::F32(a) => {
            let s = slice(&a, "y_score")?;
            run(py, n_jobs, || {
                bands(s, labels, weights, &stat, method, seed, n_resamples)
            })?
        }
    };
    Ok(out.into_pyarray(py))
}

/// The isotonic recalibration of masses given as columns (the distinct
/// scores in descending order with the positive and negative weight at
/// each): the recalibrated values (ascending by score) and the ascending
/// block starts. For resampled outcomes (CORP's consistency bands).
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn isotonic_masses<'py>(
    py: Python<'py>,
    scores: PyReadonlyArray1<'py, f64>,
    pos: PyReadonlyArray1<'py, f64>,
    neg: PyReadonlyArray1<'py, f64>,
) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<usize>>)> {
    let (s, p, q) = (
        slice(&scores, "scores")?,
        slice(&pos, "pos")?,
        slice(&neg, "neg")?,
    );
    if p.len() != s.len() || q.len() != s.len() {
        return Err(to_py(Error::invalid(
            "pos",
            format!("lengths {}, {} and {}", s.len(), p.len(), q.len()),
            "scores, pos and neg must have one length",
        )));
    }
    let iso = run(py, Some(1), || {
        isotonic(&Columns {
            scores: s,
            pos: p,
            neg: q,
        })
    })?;
    Ok((
        iso.calibrated.into_pyarray(py),
        iso.block_starts.into_pyarray(py),
    ))
}
