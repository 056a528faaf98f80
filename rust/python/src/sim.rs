//! The simulation engine, as Python sees it (wrapped by
//! `imbcore.study._rust`).
//!
//! A batch of fits arrives as a dict of equal-length 1-D arrays (one element
//! per fit, dtypes fixed by the wrapper: int64, float64, uint64), the three
//! named columns (`generator`, `learner`, `strategy`) as int64 codes into
//! lists of names. Records come back as a dict of 1-D arrays in fit order.

use imbcore_core::alloc::try_with_capacity;
use imbcore_core::sim::cart::{self, CartParams, TrainData};
use imbcore_core::sim::{logistic, run_fits, DataSpec, FitSpec, Generator, Learner, Strategy};
use imbcore_core::{Error, Metric};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rand::SeedableRng;

use crate::errors::to_py;
use crate::run::run;
use crate::slice;

/// A column of `fits`, or an error naming it.
fn column<'py, T: numpy::Element>(
    fits: &Bound<'py, PyDict>,
    name: &str,
) -> PyResult<PyReadonlyArray1<'py, T>> {
    let item = fits.get_item(name)?.ok_or_else(|| {
        to_py(Error::invalid(
            "fits",
            format!("a dict without {name:?}"),
            "the wrapper passes every column",
        ))
    })?;
    item.extract::<PyReadonlyArray1<'py, T>>().map_err(|_| {
        to_py(Error::invalid(
            name,
            "an array of the wrong dtype",
            format!(
                "{name} must be a 1-D array of {}",
                std::any::type_name::<T>()
            ),
        ))
    })
}

/// A count from an int64 value, or an error naming the column.
fn count(name: &str, v: i64) -> Result<usize, Error> {
    usize::try_from(v).map_err(|_| Error::invalid(name, v, format!("{name} must be >= 0")))
}

/// The parsed names of one named column.
fn parse_names<T>(
    names: &Bound<'_, PyDict>,
    key: &str,
    parse: impl Fn(&str) -> Result<T, Error>,
) -> PyResult<Vec<T>> {
    let list: Vec<String> = match names.get_item(key)? {
        Some(v) => v.extract()?,
        None => Vec::new(),
    };
    list.iter().map(|s| parse(s).map_err(to_py)).collect()
}

/// The fit specs of a batch, checked.
fn specs(fits: &Bound<'_, PyDict>, names: &Bound<'_, PyDict>) -> PyResult<Vec<FitSpec>> {
    let generators = parse_names(names, "generator", Generator::parse)?;
    let learners = parse_names(names, "learner", Learner::parse)?;
    let strategies = parse_names(names, "strategy", Strategy::parse)?;
    let ints = [
        "generator",
        "learner",
        "strategy",
        "n_samples",
        "n_features",
        "n_informative",
        "n_redundant",
        "n_repeated",
        "n_clusters_per_class",
        "max_depth",
        "min_samples_leaf",
    ];
    let floats = [
        "separation",
        "prevalence",
        "flip_y",
        "C",
        "alpha",
        "test_size",
    ];
    let int_cols = ints
        .iter()
        .map(|k| column::<i64>(fits, k))
        .collect::<PyResult<Vec<_>>>()?;
    let float_cols = floats
        .iter()
        .map(|k| column::<f64>(fits, k))
        .collect::<PyResult<Vec<_>>>()?;
    let seed = column::<u64>(fits, "seed")?;
    let seed = slice(&seed, "seed")?;
    let n = seed.len();
    let mut iv = Vec::with_capacity(ints.len());
    for (k, c) in ints.iter().zip(&int_cols) {
        let s = slice(c, k)?;
        if s.len() != n {
            return Err(to_py(Error::invalid(
                *k,
                format!("length {}", s.len()),
                format!("every column of fits must have one length ({n}, that of seed)"),
            )));
        }
        iv.push(s);
    }
    let mut fv = Vec::with_capacity(floats.len());
    for (k, c) in floats.iter().zip(&float_cols) {
        let s = slice(c, k)?;
        if s.len() != n {
            return Err(to_py(Error::invalid(
                *k,
                format!("length {}", s.len()),
                format!("every column of fits must have one length ({n}, that of seed)"),
            )));
        }
        fv.push(s);
    }
    let pick = |len: usize, code: i64, what: &str| -> Result<usize, Error> {
        usize::try_from(code)
            .ok()
            .filter(|&c| c < len)
            .ok_or_else(|| Error::invalid(what, code, "an internal code out of range"))
    };
    let mut out = try_with_capacity("the fits", n).map_err(to_py)?;
    for i in 0..n {
        let spec = (|| -> Result<FitSpec, Error> {
            let g = generators[pick(generators.len(), iv[0][i], "generator")?];
            let l = learners[pick(learners.len(), iv[1][i], "learner")?];
            let s = strategies[pick(strategies.len(), iv[2][i], "strategy")?];
            let spec = FitSpec {
                data: DataSpec {
                    generator: g,
                    n_samples: count("n_samples", iv[3][i])?,
                    n_features: count("n_features", iv[4][i])?,
                    n_informative: count("n_informative", iv[5][i])?,
                    n_redundant: count("n_redundant", iv[6][i])?,
                    n_repeated: count("n_repeated", iv[7][i])?,
                    n_clusters_per_class: count("n_clusters_per_class", iv[8][i])?,
                    separation: fv[0][i],
                    prevalence: fv[1][i],
                    flip_y: fv[2][i],
                },
                learner: l,
                max_depth: count("max_depth", iv[9][i])?,
                min_samples_leaf: count("min_samples_leaf", iv[10][i])?,
                c: fv[3][i],
                strategy: s,
                alpha: fv[4][i],
                test_size: fv[5][i],
                seed: seed[i],
            };
            spec.validate()?;
            Ok(spec)
        })()
        .map_err(|e| match e {
            Error::InvalidArgument {
                argument,
                value,
                allowed,
            } => Error::InvalidArgument {
                argument: format!("{argument} (fit {i})"),
                value,
                allowed,
            },
            e => e,
        })
        .map_err(to_py)?;
        out.push(spec);
    }
    Ok(out)
}

/// The metrics, by name.
fn metrics(names: &[String]) -> PyResult<Vec<Metric>> {
    names
        .iter()
        .map(|m| Metric::parse(m).map_err(to_py))
        .collect()
}

/// Checks a batch of fits (see the module docs) without running it; returns
/// the number of fits.
#[pyfunction]
pub fn sim_check_fits(
    fits: &Bound<'_, PyDict>,
    names: &Bound<'_, PyDict>,
    metric_names: Vec<String>,
) -> PyResult<usize> {
    metrics(&metric_names)?;
    Ok(specs(fits, names)?.len())
}

/// Runs a batch of fits in parallel; returns the records by column.
#[pyfunction]
#[pyo3(signature = (fits, names, metric_names, n_jobs=None))]
pub fn sim_run_fits<'py>(
    py: Python<'py>,
    fits: &Bound<'py, PyDict>,
    names: &Bound<'py, PyDict>,
    metric_names: Vec<String>,
    n_jobs: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let ms = metrics(&metric_names)?;
    let specs = specs(fits, names)?;
    let records = run(py, n_jobs, || run_fits(&specs, &ms))?;
    let out = PyDict::new(py);
    let col = |f: &dyn Fn(&imbcore_core::sim::FitRecord) -> f64| -> Vec<f64> {
        records.iter().map(f).collect()
    };
    let ucol = |f: &dyn Fn(&imbcore_core::sim::FitRecord) -> u64| -> Vec<i64> {
        records.iter().map(|r| f(r) as i64).collect()
    };
    for (k, m) in metric_names.iter().enumerate() {
        out.set_item(m, col(&|r| r.metric[k]).into_pyarray(py))?;
        out.set_item(
            format!("{m}_best"),
            col(&|r| r.metric_best[k]).into_pyarray(py),
        )?;
        out.set_item(
            format!("best_threshold_{m}"),
            col(&|r| r.best_threshold[k]).into_pyarray(py),
        )?;
    }
    out.set_item("roc_auc", col(&|r| r.roc_auc).into_pyarray(py))?;
    out.set_item(
        "average_precision",
        col(&|r| r.average_precision).into_pyarray(py),
    )?;
    out.set_item("brier", col(&|r| r.brier).into_pyarray(py))?;
    out.set_item("recall", col(&|r| r.recall).into_pyarray(py))?;
    out.set_item("specificity", col(&|r| r.specificity).into_pyarray(py))?;
    out.set_item("n_pos_train", ucol(&|r| r.n_pos_train).into_pyarray(py))?;
    out.set_item("n_pos_test", ucol(&|r| r.n_pos_test).into_pyarray(py))?;
    out.set_item("tree_depth", ucol(&|r| r.tree_depth).into_pyarray(py))?;
    Ok(out)
}

/// A C-ordered 2-D array as columns (`x[j * n + i]`), with its shape.
fn columns(x: &PyReadonlyArray2<'_, f64>, name: &str) -> PyResult<(Vec<f64>, usize, usize)> {
    let a = x.as_array();
    let (n, d) = a.dim();
    let mut out = try_with_capacity(name, n * d).map_err(to_py)?;
    for j in 0..d {
        out.extend(a.column(j).iter().copied());
    }
    Ok((out, n, d))
}

/// Fits the CART learner to `x`, `y` (0/1), `w` and scores `x_test`:
/// (scores, predictions, depth). For tests against scikit-learn.
#[pyfunction]
#[pyo3(signature = (x, y, w, x_test, max_depth=0, min_samples_leaf=1, seed=0))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn _sim_cart_fit_predict<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray1<'py, u8>,
    w: PyReadonlyArray1<'py, f64>,
    x_test: PyReadonlyArray2<'py, f64>,
    max_depth: usize,
    min_samples_leaf: usize,
    seed: u64,
) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<u8>>, usize)> {
    let (xc, n, d) = columns(&x, "X")?;
    let (tc, nt, dt) = columns(&x_test, "X_test")?;
    if dt != d {
        return Err(to_py(Error::invalid(
            "X_test",
            format!("{dt} features"),
            format!("X_test must have the {d} features of X"),
        )));
    }
    let (ys, ws) = (slice(&y, "y")?, slice(&w, "w")?);
    let (scores, pred, depth) = run(py, Some(1), || {
        let xf: Vec<f32> = xc.iter().map(|&v| v as f32).collect();
        let m = vec![1u32; n];
        let data = TrainData {
            x: &xf,
            y: ys,
            w: ws,
            m: &m,
            n,
            d,
        };
        let params = CartParams {
            max_depth: if max_depth == 0 {
                usize::MAX
            } else {
                max_depth
            },
            min_samples_leaf,
        };
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        let tree = cart::fit(&data, params, &mut rng)?;
        let (s, p) = tree.predict(&tc, nt)?;
        Ok((s, p, tree.depth()))
    })?;
    Ok((scores.into_pyarray(py), pred.into_pyarray(py), depth))
}

/// Fits the logistic learner: `d` coefficients, then the intercept. For
/// tests against scikit-learn.
#[pyfunction]
pub fn _sim_logistic_fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    y: PyReadonlyArray1<'py, u8>,
    w: PyReadonlyArray1<'py, f64>,
    c: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (xc, n, d) = columns(&x, "X")?;
    let (ys, ws) = (slice(&y, "y")?, slice(&w, "w")?);
    let beta = run(py, Some(1), || logistic::fit(&xc, ys, ws, n, d, c))?;
    Ok(beta.into_pyarray(py))
}

/// Generates a data set: features by column (flat, `n_features` blocks of
/// `n_samples`) and labels. For tests of the generators.
#[pyfunction]
#[pyo3(signature = (generator, n_samples, n_features, n_informative, n_redundant, n_repeated,
    n_clusters_per_class, separation, prevalence, flip_y, seed))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn _sim_generate<'py>(
    py: Python<'py>,
    generator: &str,
    n_samples: usize,
    n_features: usize,
    n_informative: usize,
    n_redundant: usize,
    n_repeated: usize,
    n_clusters_per_class: usize,
    separation: f64,
    prevalence: f64,
    flip_y: f64,
    seed: u64,
) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<u8>>)> {
    let spec = DataSpec {
        generator: Generator::parse(generator).map_err(to_py)?,
        n_samples,
        n_features,
        n_informative,
        n_redundant,
        n_repeated,
        n_clusters_per_class,
        separation,
        prevalence,
        flip_y,
    };
    let data = run(py, Some(1), || {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        spec.generate(&mut rng)
    })?;
    Ok((data.x.into_pyarray(py), data.y.into_pyarray(py)))
}
