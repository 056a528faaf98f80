//! One fit of a study, and many in parallel.
//!
//! A fit: generate the data (seeded), split it into a training and a test
//! part at random (`ceil(test_size * n)` test samples, as scikit-learn's
//! `train_test_split`), apply the strategy to the training part, train the
//! learner, score the test part, and sweep the test scores.
//!
//! **Strategies** (`alpha` is the weight or the ratio):
//! * `weight`: positives get sample weight `alpha`;
//! * `oversample`: each positive is repeated `floor(alpha)` times plus once
//!   more with probability `alpha - floor(alpha)` (random oversampling by
//!   factor `alpha`; a positive may vanish when `alpha < 1`);
//! * `undersample`: each negative is kept with probability `1 / alpha`
//!   (`alpha >= 1`);
//! * `threshold`: trained unweighted, positive when the predicted
//!   probability is `>= 1 / (1 + alpha)` (the threshold that weight `alpha`
//!   moves the decision to);
//! * `tuned`: trained unweighted on the training part minus a validation
//!   part (a third of it, at random); for each metric, the threshold that is
//!   best for it on the validation part (ties to the highest) is applied to
//!   the test part: positive when the score is `>=` it. Without a best
//!   threshold (no validation point where the metric is defined) the default
//!   decision is kept.
//!
//! The *default decision* of the other strategies is the learner's own
//! prediction: a leaf's weighted positives outweigh its negatives (CART),
//! the linear score is `> 0` (logistic regression).
//!
//! **Record** of a fit: for each metric, its value at the default decision,
//! its best value over the test sweep and the threshold there; ROC-AUC,
//! average precision and the Brier score of the test scores; the recall and
//! specificity at the default decision (for `tuned`, at the first metric's
//! threshold); the positives of the training part (before resampling) and
//! of the test part; the depth of the tree (0 for logistic regression).
//!
//! **Randomness.** A fit's seed seeds a PCG generator, from which four
//! generators are drawn in a fixed order: for the data, the split, the
//! strategy and the learner. The same seed thus gives the same data and the
//! same split whatever the strategy and learner. Fits run on one thread
//! each, in parallel; nothing depends on the number of threads.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_pcg::{Pcg64, Pcg64Mcg};
use rayon::prelude::*;

use super::cart::{self, CartParams, TrainData};
use super::generators::refill;
use super::generators::{DataSpec, Dataset};
use super::logistic;
use crate::alloc::try_with_capacity;
use crate::error::{Error, Result};
use crate::metric::{Confusion, Metric};
use crate::num::show;
use crate::sweep::{average_precision, roc_auc, Sweep};

/// The learners, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learner {
    /// The weighted CART classifier ([`cart`]).
    Cart,
    /// Weighted L2-penalised logistic regression ([`logistic`]).
    Logistic,
}

impl Learner {
    /// The known names, as listed in messages.
    pub const NAMES: &'static str = "'cart', 'logistic'";

    /// The learner of this name, or an error listing the known ones.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "cart" => Ok(Learner::Cart),
            "logistic" => Ok(Learner::Logistic),
            _ => Err(Error::invalid(
                "learner",
                format!("{name:?}"),
                format!("known learners are {}", Self::NAMES),
            )),
        }
    }
}

/// The imbalance strategies, by name (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Positives weighted by alpha.
    Weight,
    /// Positives repeated alpha times on average.
    Oversample,
    /// Negatives kept at rate 1 / alpha.
    Undersample,
    /// Unweighted, thresholded at 1 / (1 + alpha).
    Threshold,
    /// Unweighted, thresholded where a validation part is best.
    Tuned,
}

impl Strategy {
    /// The known names, as listed in messages.
    pub const NAMES: &'static str = "'weight', 'oversample', 'undersample', 'threshold', 'tuned'";

    /// The strategy of this name, or an error listing the known ones.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "weight" => Ok(Strategy::Weight),
            "oversample" => Ok(Strategy::Oversample),
            "undersample" => Ok(Strategy::Undersample),
            "threshold" => Ok(Strategy::Threshold),
            "tuned" => Ok(Strategy::Tuned),
            _ => Err(Error::invalid(
                "strategy",
                format!("{name:?}"),
                format!("known strategies are {}", Self::NAMES),
            )),
        }
    }
}

/// The share of the training part that `tuned` sets aside for validation.
pub const VALIDATION_SHARE: f64 = 1.0 / 3.0;

/// Everything one fit needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitSpec {
    /// The data.
    pub data: DataSpec,
    /// The learner.
    pub learner: Learner,
    /// CART's largest depth; 0 for none.
    pub max_depth: usize,
    /// CART's fewest samples per leaf.
    pub min_samples_leaf: usize,
    /// Logistic regression's inverse penalty.
    pub c: f64,
    /// The strategy.
    pub strategy: Strategy,
    /// Its weight or ratio.
    pub alpha: f64,
    /// The share of samples in the test part.
    pub test_size: f64,
    /// The seed of every random draw of the fit.
    pub seed: u64,
}

/// The sizes of the training and the test part.
fn split_sizes(n: usize, test_size: f64) -> (usize, usize) {
    let n_test = (test_size * n as f64).ceil() as usize;
    (n.saturating_sub(n_test), n_test)
}

impl FitSpec {
    /// Checks every parameter; errors name the argument and what is allowed.
    pub fn validate(&self) -> Result<()> {
        self.data.validate()?;
        if !(self.test_size > 0.0 && self.test_size < 1.0) {
            return Err(Error::invalid(
                "test_size",
                show(self.test_size),
                "test_size must lie strictly between 0 and 1",
            ));
        }
        let (n_train, n_test) = split_sizes(self.data.n_samples, self.test_size);
        let min_train = if self.strategy == Strategy::Tuned {
            2
        } else {
            1
        };
        if n_test < 1 || n_train < min_train {
            return Err(Error::invalid(
                "test_size",
                format!(
                    "{} with n_samples {}",
                    show(self.test_size),
                    self.data.n_samples
                ),
                format!("the split must leave at least 1 test and {min_train} training samples"),
            ));
        }
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(Error::invalid(
                "alpha",
                show(self.alpha),
                "alpha must be finite and > 0",
            ));
        }
        if self.strategy == Strategy::Undersample && self.alpha < 1.0 {
            return Err(Error::invalid(
                "alpha",
                show(self.alpha),
                "the undersample strategy keeps negatives at rate 1 / alpha: alpha must be >= 1",
            ));
        }
        if self.strategy == Strategy::Oversample && self.alpha > 1e6 {
            return Err(Error::invalid(
                "alpha",
                show(self.alpha),
                "the oversample strategy repeats positives alpha times: alpha must be <= 1e6",
            ));
        }
        match self.learner {
            Learner::Cart => {
                if self.min_samples_leaf < 1 {
                    return Err(Error::invalid(
                        "min_samples_leaf",
                        self.min_samples_leaf,
                        "min_samples_leaf must be >= 1",
                    ));
                }
            }
            Learner::Logistic => {
                if !(self.c.is_finite() && self.c > 0.0) {
                    return Err(Error::invalid(
                        "C",
                        show(self.c),
                        "C must be finite and > 0",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// What one fit records (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct FitRecord {
    /// Each metric at the default decision.
    pub metric: Vec<f64>,
    /// Each metric at its best threshold of the test sweep (NaN if none).
    pub metric_best: Vec<f64>,
    /// That threshold (NaN if none).
    pub best_threshold: Vec<f64>,
    /// ROC-AUC of the test scores (NaN with one class).
    pub roc_auc: f64,
    /// Average precision of the test scores.
    pub average_precision: f64,
    /// Mean squared difference of the test scores and labels.
    pub brier: f64,
    /// Recall at the default decision (NaN without test positives).
    pub recall: f64,
    /// Specificity at the default decision (NaN without test negatives).
    pub specificity: f64,
    /// Positives in the training part, before resampling.
    pub n_pos_train: u64,
    /// Positives in the test part.
    pub n_pos_test: u64,
    /// The tree's depth (0 for logistic regression).
    pub tree_depth: u64,
}

/// The columns `rows` of `data`, by column, as `T`.
fn gather<T: Default + Copy>(
    data: &Dataset,
    rows: &[usize],
    cast: impl Fn(f64) -> T,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    gather_into(data, rows, cast, &mut out)?;
    Ok(out)
}

/// [`gather`] into `out`, reusing its memory.
fn gather_into<T: Default + Copy>(
    data: &Dataset,
    rows: &[usize],
    cast: impl Fn(f64) -> T,
    out: &mut Vec<T>,
) -> Result<()> {
    let m = rows.len();
    refill(out, m * data.d, "the gathered features")?;
    for j in 0..data.d {
        let col = data.column(j);
        for (o, &r) in out[j * m..(j + 1) * m].iter_mut().zip(rows) {
            *o = cast(col[r]);
        }
    }
    Ok(())
}

/// Memory a thread reuses from fit to fit: fresh megabytes per fit cost
/// page faults.
struct FitBuffers {
    data: Dataset,
    train: Vec<f32>,
}

thread_local! {
    static FIT_BUFFERS: std::cell::RefCell<FitBuffers> = const {
        std::cell::RefCell::new(FitBuffers {
            data: Dataset {
                x: Vec::new(),
                y: Vec::new(),
                n: 0,
                d: 0,
            },
            train: Vec::new(),
        })
    };
}

/// A trained model.
enum Model {
    Tree(cart::Tree),
    Linear(Vec<f64>),
}

impl Model {
    /// Scores (probabilities of the positive class) and the learner's own
    /// predictions of `rows`.
    fn predict(&self, data: &Dataset, rows: &[usize]) -> Result<(Vec<f64>, Vec<u8>)> {
        let x = gather(data, rows, |v| v)?;
        let m = rows.len();
        match self {
            Model::Tree(t) => t.predict(&x, m),
            Model::Linear(beta) => {
                let eta = logistic::decision(&x, m, beta)?;
                let pred = eta.iter().map(|&e| (e > 0.0) as u8).collect();
                Ok((eta.into_iter().map(logistic::sigmoid).collect(), pred))
            }
        }
    }
}

/// Confusion counts of `pred` against `y`.
fn confusion(y: &[u8], pred: impl Iterator<Item = bool>) -> Confusion<f64> {
    let (mut tp, mut fp, mut fn_, mut tn) = (0u64, 0u64, 0u64, 0u64);
    for (&l, p) in y.iter().zip(pred) {
        match (l != 0, p) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    Confusion::from_counts(tp, fp, fn_, tn)
}

/// The sweep of a fit's scores (finite): the confusion counts at every
/// distinct score, descending, built by one sort and one scan, then checked
/// by [`Sweep::from_parts`]. The package's parallel sweep is made for
/// millions of samples (its radix tables alone are larger than a test part);
/// the metrics, best thresholds, ROC-AUC and AP are then read from this
/// sweep by the package's one summary code.
fn small_sweep(scores: &[f64], y: &[u8]) -> Result<Sweep<f64, u64>> {
    let mut order: Vec<(f64, u8)> = try_with_capacity("the sweep", scores.len())?;
    // + 0.0 folds -0.0 onto 0.0.
    order.extend(
        scores
            .iter()
            .zip(y)
            .map(|(&s, &l)| (s + 0.0, (l != 0) as u8)),
    );
    order.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut thresholds = Vec::new();
    let (mut tp, mut fp) = (Vec::new(), Vec::new());
    let (mut t, mut f) = (0u64, 0u64);
    for (k, &(s, l)) in order.iter().enumerate() {
        t += l as u64;
        f += 1 - l as u64;
        if order.get(k + 1).is_none_or(|next| next.0 != s) {
            thresholds.push(s);
            tp.push(t);
            fp.push(f);
        }
    }
    Sweep::from_parts(thresholds, tp, fp)
}

/// `a / b`, NaN when `b` is 0.
fn share(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// Runs one fit.
pub fn run_fit(spec: &FitSpec, metrics: &[Metric]) -> Result<FitRecord> {
    FIT_BUFFERS.with(|b| {
        let mut b = b.borrow_mut();
        let FitBuffers { data, train } = &mut *b;
        let record = run_fit_in(spec, metrics, data, train);
        // Keep the memory of ordinary fits; give back that of a huge one.
        if std::mem::size_of_val(&data.x[..]) > super::cart::KEEP_BYTES {
            *data = Dataset {
                x: Vec::new(),
                y: Vec::new(),
                n: 0,
                d: 0,
            };
            *train = Vec::new();
        }
        record
    })
}

/// [`run_fit`] in the given buffers.
fn run_fit_in(
    spec: &FitSpec,
    metrics: &[Metric],
    data: &mut Dataset,
    train_x: &mut Vec<f32>,
) -> Result<FitRecord> {
    spec.validate()?;
    let mut master = Pcg64::seed_from_u64(spec.seed);
    let mut rng_data = Pcg64Mcg::from_rng(&mut master);
    let mut rng_split = Pcg64Mcg::from_rng(&mut master);
    let mut rng_strategy = Pcg64Mcg::from_rng(&mut master);
    let mut rng_learner = Pcg64Mcg::from_rng(&mut master);

    spec.data.generate_into(&mut rng_data, data)?;
    let data = &*data;
    let n = data.n;
    let (n_train, n_test) = split_sizes(n, spec.test_size);
    let mut perm: Vec<usize> = try_with_capacity("the split", n)?;
    perm.extend(0..n);
    perm.shuffle(&mut rng_split);
    let (test_rows, train_rows) = perm.split_at(n_test);
    let train_rows = &train_rows[..n_train];
    let n_pos_train = train_rows.iter().filter(|&&r| data.y[r] != 0).count() as u64;

    // The validation part of `tuned`: a random third of the training part.
    let (fit_rows, val_rows): (Vec<usize>, Vec<usize>) = if spec.strategy == Strategy::Tuned {
        let n_val = ((n_train as f64 * VALIDATION_SHARE).ceil() as usize).clamp(1, n_train - 1);
        let mut rows = train_rows.to_vec();
        rows.shuffle(&mut rng_strategy);
        let val = rows.split_off(n_train - n_val);
        (rows, val)
    } else {
        (train_rows.to_vec(), Vec::new())
    };

    // The strategy: rows, weights and multiplicities of the training set.
    let mut rows: Vec<usize> = try_with_capacity("the training set", fit_rows.len())?;
    let mut w: Vec<f64> = try_with_capacity("the training set", fit_rows.len())?;
    let mut mult: Vec<u32> = try_with_capacity("the training set", fit_rows.len())?;
    let alpha = spec.alpha;
    for &r in &fit_rows {
        let pos = data.y[r] != 0;
        let (weight, times) = match spec.strategy {
            Strategy::Weight => (if pos { alpha } else { 1.0 }, 1),
            Strategy::Oversample if pos => {
                let whole = alpha.floor();
                let extra = rng_strategy.random_bool((alpha - whole).clamp(0.0, 1.0));
                (1.0, whole as u32 + extra as u32)
            }
            Strategy::Undersample if !pos => (
                1.0,
                rng_strategy.random_bool((1.0 / alpha).clamp(0.0, 1.0)) as u32,
            ),
            _ => (1.0, 1),
        };
        if times > 0 {
            rows.push(r);
            w.push(weight);
            mult.push(times);
        }
    }

    let (model, tree_depth) = if rows.is_empty() {
        // Every row resampled away: nothing to learn from; a constant score.
        (Model::Linear(vec![0.0; data.d + 1]), 0)
    } else {
        match spec.learner {
            Learner::Cart => {
                gather_into(data, &rows, |v| v as f32, train_x)?;
                let x = &train_x[..];
                let y: Vec<u8> = rows.iter().map(|&r| data.y[r]).collect();
                let params = CartParams {
                    max_depth: if spec.max_depth == 0 {
                        usize::MAX
                    } else {
                        spec.max_depth
                    },
                    min_samples_leaf: spec.min_samples_leaf,
                };
                let train = TrainData {
                    x,
                    y: &y,
                    w: &w,
                    m: &mult,
                    n: rows.len(),
                    d: data.d,
                };
                let tree = cart::fit(&train, params, &mut rng_learner)?;
                let depth = tree.depth() as u64;
                (Model::Tree(tree), depth)
            }
            Learner::Logistic => {
                let x = gather(data, &rows, |v| v)?;
                let y: Vec<u8> = rows.iter().map(|&r| data.y[r]).collect();
                let wm: Vec<f64> = w.iter().zip(&mult).map(|(a, &b)| a * b as f64).collect();
                let beta = logistic::fit(&x, &y, &wm, rows.len(), data.d, spec.c)?;
                (Model::Linear(beta), 0)
            }
        }
    };

    let (scores, own) = model.predict(data, test_rows)?;
    let y_test: Vec<u8> = test_rows.iter().map(|&r| data.y[r]).collect();
    let n_pos_test = y_test.iter().filter(|&&l| l != 0).count() as u64;

    // The decision rule of each metric.
    let default_threshold = match spec.strategy {
        Strategy::Threshold => Some(1.0 / (1.0 + alpha)),
        _ => None,
    };
    let tuned: Vec<Option<f64>> = if spec.strategy == Strategy::Tuned {
        let (val_scores, _) = model.predict(data, &val_rows)?;
        let y_val: Vec<u8> = val_rows.iter().map(|&r| data.y[r]).collect();
        let sweep = small_sweep(&val_scores, &y_val)?;
        metrics
            .iter()
            .map(|m| Ok(sweep.best(m, &[])?.map(|(i, _)| sweep.thresholds[i])))
            .collect::<Result<_>>()?
    } else {
        vec![default_threshold; metrics.len()]
    };
    let decide = |t: Option<f64>| -> Confusion<f64> {
        match t {
            Some(t) => confusion(&y_test, scores.iter().map(|&s| s >= t)),
            None => confusion(&y_test, own.iter().map(|&p| p != 0)),
        }
    };

    let sweep = small_sweep(&scores, &y_test)?;
    let mut metric = Vec::with_capacity(metrics.len());
    let mut metric_best = Vec::with_capacity(metrics.len());
    let mut best_threshold = Vec::with_capacity(metrics.len());
    for (m, &t) in metrics.iter().zip(&tuned) {
        metric.push(m.eval(&decide(t)));
        match sweep.best(m, &[])? {
            Some((i, v)) => {
                metric_best.push(v);
                best_threshold.push(sweep.thresholds[i]);
            }
            None => {
                metric_best.push(f64::NAN);
                best_threshold.push(f64::NAN);
            }
        }
    }
    let landing = decide(tuned.first().copied().unwrap_or(default_threshold));
    let brier = scores
        .iter()
        .zip(&y_test)
        .map(|(&s, &l)| (s - l as f64) * (s - l as f64))
        .sum::<f64>()
        / n_test as f64;
    Ok(FitRecord {
        metric,
        metric_best,
        best_threshold,
        roc_auc: roc_auc(&sweep.tp, &sweep.fp, sweep.n_pos, sweep.n_neg)?,
        average_precision: average_precision(&sweep.tp, &sweep.fp, sweep.n_pos)?,
        brier,
        recall: share(landing.tp, landing.tp + landing.fn_),
        specificity: share(landing.tn, landing.tn + landing.fp),
        n_pos_train,
        n_pos_test,
        tree_depth,
    })
}

/// Runs every fit, in parallel (one fit per thread at a time), and returns
/// the records in the order of `specs`. Every spec is checked before any
/// fit starts; a stop request ([`crate::interrupt`]) ends the work between
/// fits.
pub fn run_fits(specs: &[FitSpec], metrics: &[Metric]) -> Result<Vec<FitRecord>> {
    for s in specs {
        s.validate()?;
    }
    specs
        .par_iter()
        .with_max_len(1)
        .map(|s| {
            crate::interrupt::check()?;
            run_fit(s, metrics)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::generators::Generator;

    fn spec(strategy: Strategy, learner: Learner, seed: u64) -> FitSpec {
        FitSpec {
            data: DataSpec {
                generator: Generator::MakeClassification,
                n_samples: 2000,
                n_features: 10,
                n_informative: 5,
                n_redundant: 0,
                n_repeated: 0,
                n_clusters_per_class: 2,
                separation: 1.0,
                prevalence: 0.05,
                flip_y: 0.0,
            },
            learner,
            max_depth: 0,
            min_samples_leaf: 1,
            c: 1.0,
            strategy,
            alpha: 4.0,
            test_size: 0.25,
            seed,
        }
    }

    #[test]
    fn every_strategy_and_learner_runs_and_records() {
        let metrics = [
            Metric::parse("f1").unwrap(),
            Metric::parse("accuracy").unwrap(),
        ];
        for strategy in ["weight", "oversample", "undersample", "threshold", "tuned"] {
            for learner in [Learner::Cart, Learner::Logistic] {
                let s = spec(Strategy::parse(strategy).unwrap(), learner, 3);
                let r = run_fit(&s, &metrics).unwrap();
                assert_eq!(r.metric.len(), 2);
                // The best threshold's F1 is at least the default decision's.
                assert!(r.metric_best[0] >= r.metric[0] - 1e-12, "{strategy}: {r:?}");
                assert!(r.roc_auc > 0.5 && r.roc_auc <= 1.0, "{strategy}: {r:?}");
                assert_eq!(r.n_pos_test + r.n_pos_train, 100);
                assert_eq!(r.tree_depth > 0, learner == Learner::Cart);
                // Same seed, same record.
                assert_eq!(run_fit(&s, &metrics).unwrap(), r);
            }
        }
    }

    #[test]
    fn bad_specs_are_refused_before_any_fit() {
        let metrics = [Metric::parse("f1").unwrap()];
        let mut bad = spec(Strategy::Undersample, Learner::Cart, 1);
        bad.alpha = 0.5;
        let specs = [spec(Strategy::Weight, Learner::Cart, 1), bad];
        let e = run_fits(&specs, &metrics).unwrap_err().to_string();
        assert!(e.contains("alpha") && e.contains("0.5"), "{e}");
        let mut bad = spec(Strategy::Weight, Learner::Logistic, 1);
        bad.test_size = 1.0;
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("test_size"));
    }
}
