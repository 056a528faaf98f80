//! Multiclass decisions over an (n, K) score matrix: the class-weight rule
//! `argmax_j w_j s_ij`, the threshold rule `argmax_j (s_ij + b_j)`, the Bayes
//! rule of a cost matrix, the K x K confusion of a decision, and the best
//! weights or offsets for a metric by exact coordinate ascent.
//!
//! Ties between classes go to the lowest column index, as `numpy.argmax`
//! does. Scores are row-major: sample i's scores are `s[i*K .. (i+1)*K]`.
//!
//! **The optimiser.** For one coordinate j with the others fixed, sample i
//! is predicted j exactly when `w_j s_ij > m_i = max_{k != j} w_k s_ik` (or
//! `s_ij + b_j > m_i`): the decision changes only at the breakpoint
//! `t_i = m_i / s_ij` (`m_i - s_ij`), where the sample moves from its best
//! other class to j. A step sorts the breakpoints and scans them once,
//! moving one sample at a time between two columns of the confusion matrix
//! (O(1) per move, O(K) per evaluation): it finds the exact best `w_j`
//! given the others, and takes a value inside the best interval. Steps run
//! over the coordinates until none improves. The result is a local optimum
//! of a piecewise-constant function; restarts from several points (given by
//! the caller) are run in parallel and the best is kept (ties to the first
//! start), so the result does not depend on the number of threads.

use rayon::prelude::*;

use crate::alloc::try_with_capacity;
use crate::error::{Error, Result};
use crate::interrupt;
use crate::metric::multiclass::{McMetric, Tally};
use crate::metric::{Direction, Metric};

/// Samples per parallel chunk of a pass over the score matrix.
const CHUNK: usize = 1 << 14;
/// Samples moved between two interrupt checks in a scan.
const SCAN_CHECK: usize = 1 << 16;
/// At most this many passes over the coordinates per start.
const MAX_ROUNDS: usize = 100;

/// How a decision is read from the scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `argmax_j w_j s_ij` (the class-weight rule; scores must be >= 0).
    Weights,
    /// `argmax_j (s_ij + b_j)` (the threshold rule).
    Offsets,
}

impl Rule {
    /// Parses `weights` or `offsets`.
    pub fn parse(s: &str) -> Result<Rule> {
        match s.trim().to_ascii_lowercase().as_str() {
            "weights" => Ok(Rule::Weights),
            "offsets" => Ok(Rule::Offsets),
            _ => Err(Error::invalid(
                "rule",
                format!("{s:?}"),
                "rule must be \"weights\" (argmax_j w_j s_j) or \"offsets\" (argmax_j s_j + b_j)",
            )),
        }
    }

    /// The name users type.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Weights => "weights",
            Rule::Offsets => "offsets",
        }
    }

    /// The adjusted score of a class.
    #[inline(always)]
    fn apply(self, p: f64, s: f64) -> f64 {
        match self {
            Rule::Weights => p * s,
            Rule::Offsets => s + p,
        }
    }

    /// The lower end of the parameter's domain.
    fn lower(self) -> f64 {
        match self {
            Rule::Weights => 0.0,
            Rule::Offsets => f64::NEG_INFINITY,
        }
    }

    /// The parameter value above which a sample of score `s` in column j
    /// beats its best other class (adjusted score `m`, column `other`):
    /// `-inf` if it always does, `+inf` if it never does.
    #[inline(always)]
    fn breakpoint(self, m: f64, s: f64, j: usize, other: usize) -> f64 {
        match self {
            Rule::Weights if s > 0.0 => m / s,
            // w_j * 0 = 0 <= m: a tie when m = 0, won by the lower index.
            Rule::Weights if m == 0.0 && j < other => f64::NEG_INFINITY,
            Rule::Weights => f64::INFINITY,
            Rule::Offsets => m - s,
        }
    }

    /// A value strictly inside the interval `(lo, hi)` of the parameter
    /// (either end may be infinite), away from both ends where it can be.
    fn inside(self, lo: f64, hi: f64) -> f64 {
        match (lo.is_finite(), hi.is_finite()) {
            (true, true) => 0.5 * lo + 0.5 * hi,
            (true, false) => match self {
                Rule::Weights => {
                    if lo > 0.0 {
                        2.0 * lo
                    } else {
                        1.0
                    }
                }
                Rule::Offsets => lo + lo.abs().max(1.0),
            },
            (false, true) => match self {
                Rule::Weights => 0.5 * hi,
                Rule::Offsets => hi - hi.abs().max(1.0),
            },
            (false, false) => match self {
                Rule::Weights => 1.0,
                Rule::Offsets => 0.0,
            },
        }
    }

    /// Checks a parameter vector of this rule.
    fn check_params(self, name: &str, p: &[f64], k: usize) -> Result<()> {
        if p.len() != k {
            return Err(Error::invalid(
                name,
                format!("{} values", p.len()),
                format!("give one value per class ({k})"),
            ));
        }
        for (c, &v) in p.iter().enumerate() {
            let ok = match self {
                Rule::Weights => v.is_finite() && v > 0.0,
                Rule::Offsets => v.is_finite(),
            };
            if !ok {
                let allowed = match self {
                    Rule::Weights => "weights must be finite and > 0",
                    Rule::Offsets => "offsets must be finite",
                };
                return Err(Error::invalid(
                    format!("{name}[{c}]"),
                    v,
                    allowed.to_string(),
                ));
            }
        }
        Ok(())
    }
}

/// An (n, K) score matrix, row-major.
#[derive(Debug, Clone, Copy)]
pub struct Scores<'a> {
    data: &'a [f64],
    k: usize,
}

impl<'a> Scores<'a> {
    /// Checks the shape: `k >= 2` columns and a whole number of rows.
    pub fn new(data: &'a [f64], k: usize) -> Result<Self> {
        if k < 2 {
            return Err(Error::invalid(
                "y_score",
                format!("{k} column(s)"),
                "a multiclass score matrix has one column per class, at least 2",
            ));
        }
        if data.len() % k != 0 {
            return Err(Error::invalid(
                "y_score",
                format!("{} values", data.len()),
                format!("expected a whole number of rows of {k} scores"),
            ));
        }
        Ok(Scores { data, k })
    }

    /// The number of samples.
    pub fn n(&self) -> usize {
        self.data.len() / self.k
    }

    /// The number of classes.
    pub fn k(&self) -> usize {
        self.k
    }

    #[inline(always)]
    fn row(&self, i: usize) -> &'a [f64] {
        &self.data[i * self.k..(i + 1) * self.k]
    }

    /// Checks every score is finite (and >= 0 under the weights rule),
    /// naming the first offending row in sample order.
    pub fn check(&self, rule: Option<Rule>) -> Result<()> {
        let k = self.k;
        let bad = self
            .data
            .par_chunks(CHUNK * k)
            .enumerate()
            .find_map_first(|(c, chunk)| chunk.iter().position(|v| !v.is_finite()).map(|p| (c, p)));
        if let Some((c, p)) = bad {
            let i = c * CHUNK + p / k;
            return Err(Error::invalid(
                "y_score",
                format!("{} at row {i}, column {}", self.data[i * k + p % k], p % k),
                "scores must be finite",
            ));
        }
        if rule == Some(Rule::Weights) {
            let neg = self
                .data
                .par_chunks(CHUNK * k)
                .enumerate()
                .find_map_first(|(c, chunk)| chunk.iter().position(|&v| v < 0.0).map(|p| (c, p)));
            if let Some((c, p)) = neg {
                let i = c * CHUNK + p / k;
                return Err(Error::invalid(
                    "y_score",
                    format!("{} at row {i}, column {}", self.data[i * k + p % k], p % k),
                    "the weights rule (argmax_j w_j s_j) needs non-negative scores such as \
                     probabilities; use rule=\"offsets\" for logits or other real scores",
                ));
            }
        }
        Ok(())
    }
}

/// The column of the largest `rule(p_j, s_j)`, the first on ties.
#[inline(always)]
fn argmax(row: &[f64], rule: Rule, params: &[f64]) -> u32 {
    let mut best = 0;
    let mut v = rule.apply(params[0], row[0]);
    for j in 1..row.len() {
        let a = rule.apply(params[j], row[j]);
        if a > v {
            v = a;
            best = j;
        }
    }
    best as u32
}

/// The decision of a rule for every sample (column indices).
pub fn decide(s: &Scores, rule: Rule, params: &[f64]) -> Result<Vec<u32>> {
    rule.check_params(rule.name(), params, s.k)?;
    let n = s.n();
    let mut out = try_with_capacity::<u32>("the decisions", n)?;
    out.resize(n, 0);
    out.par_chunks_mut(CHUNK)
        .enumerate()
        .try_for_each(|(c, o)| -> Result<()> {
            interrupt::check()?;
            for (t, v) in o.iter_mut().enumerate() {
                *v = argmax(s.row(c * CHUNK + t), rule, params);
            }
            Ok(())
        })?;
    Ok(out)
}

/// Checks a K x K cost matrix (row-major, `C[i, j]` the cost of predicting
/// j when the truth is i): the shape, and finite entries >= 0.
pub fn check_cost_matrix(cost: &[f64], k: usize) -> Result<()> {
    if cost.len() != k * k {
        return Err(Error::invalid(
            "cost_matrix",
            format!("{} entries", cost.len()),
            format!("cost_matrix must be {k} x {k} (one row and one column per class)"),
        ));
    }
    if let Some(p) = cost.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        return Err(Error::invalid(
            format!("cost_matrix[{}, {}]", p / k, p % k),
            cost[p],
            "costs must be finite and >= 0",
        ));
    }
    Ok(())
}

/// The Bayes decision of a cost matrix: for each sample the column of the
/// least expected cost `sum_i p_i C[i, j]`, the first on ties.
pub fn cost_decide(s: &Scores, cost: &[f64]) -> Result<Vec<u32>> {
    let k = s.k;
    check_cost_matrix(cost, k)?;
    let n = s.n();
    let mut out = try_with_capacity::<u32>("the decisions", n)?;
    out.resize(n, 0);
    out.par_chunks_mut(CHUNK)
        .enumerate()
        .try_for_each(|(c, o)| -> Result<()> {
            interrupt::check()?;
            let mut e = vec![0.0; k];
            for (t, v) in o.iter_mut().enumerate() {
                let p = s.row(c * CHUNK + t);
                e.iter_mut().for_each(|x| *x = 0.0);
                for (i, &pi) in p.iter().enumerate() {
                    for (j, x) in e.iter_mut().enumerate() {
                        *x += pi * cost[i * k + j];
                    }
                }
                let mut best = 0;
                for j in 1..k {
                    if e[j] < e[best] {
                        best = j;
                    }
                }
                *v = best as u32;
            }
            Ok(())
        })?;
    Ok(out)
}

/// True classes (column indices) with optional sample weights.
#[derive(Debug, Clone, Copy)]
pub struct Truth<'a> {
    y: &'a [u32],
    w: Option<&'a [f64]>,
    k: usize,
}

impl<'a> Truth<'a> {
    /// Checks every class index is below `k` and the weights' length.
    pub fn new(y: &'a [u32], w: Option<&'a [f64]>, k: usize) -> Result<Self> {
        if let Some(i) = y.iter().position(|&c| c as usize >= k) {
            return Err(Error::invalid(
                "y_true",
                format!("class index {} at row {i}", y[i]),
                format!("class indices must be below the number of classes ({k})"),
            ));
        }
        if let Some(w) = w {
            if w.len() != y.len() {
                return Err(Error::invalid(
                    "sample_weight",
                    format!("length {}", w.len()),
                    format!("sample_weight must have one value per sample ({})", y.len()),
                ));
            }
            if let Some(i) = w.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
                return Err(Error::invalid(
                    "sample_weight",
                    format!("{} at row {i}", w[i]),
                    "weights must be finite and >= 0",
                ));
            }
        }
        Ok(Truth { y, w, k })
    }

    #[inline(always)]
    fn weight(&self, i: usize) -> f64 {
        self.w.map_or(1.0, |w| w[i])
    }

    fn check_len(&self, n: usize, what: &str) -> Result<()> {
        if n != self.y.len() {
            return Err(Error::invalid(
                what,
                format!("{n} rows"),
                format!("expected one row per sample of y_true ({})", self.y.len()),
            ));
        }
        Ok(())
    }

    /// The tally of a decision (summed in sample order, so exact for counts
    /// and the same whatever the thread count).
    fn tally(&self, pred: &[u32], cost: Option<&[f64]>) -> Tally {
        let k = self.k;
        let mut t = Tally::new(k);
        for (i, (&y, &p)) in self.y.iter().zip(pred).enumerate() {
            let w = self.weight(i);
            let (y, p) = (y as usize, p as usize);
            t.row[y] += w;
            t.col[p] += w;
            if y == p {
                t.diag[y] += w;
            }
            if let Some(c) = cost {
                t.cost += w * c[y * k + p];
            }
        }
        t.total = t.row.iter().sum();
        t
    }
}

/// The K x K confusion matrix of a decision (row-major, rows true), as
/// counts or sums of sample weights.
pub fn confusion(truth: &Truth, pred: &[u32]) -> Result<Vec<f64>> {
    truth.check_len(pred.len(), "y_pred")?;
    let k = truth.k;
    if let Some(i) = pred.iter().position(|&c| c as usize >= k) {
        return Err(Error::invalid(
            "y_pred",
            format!("class index {} at row {i}", pred[i]),
            format!("class indices must be below the number of classes ({k})"),
        ));
    }
    let mut m = vec![0.0; k * k];
    for (i, (&y, &p)) in truth.y.iter().zip(pred).enumerate() {
        m[y as usize * k + p as usize] += truth.weight(i);
    }
    Ok(m)
}

/// What one constraint bounds.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A binary metric of one class against the rest (`recall[fraud]`).
    Class(usize, Metric),
    /// A multiclass metric (`macro_recall`).
    Overall(McMetric),
}

/// One constraint: `target >= bound` for a metric where larger is better,
/// `<= bound` otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// The name shown in messages (`recall[fraud]`).
    pub name: String,
    /// What is bounded.
    pub target: Target,
    /// The bound.
    pub bound: f64,
}

impl Constraint {
    fn direction(&self) -> Direction {
        match &self.target {
            Target::Class(_, m) => m.direction(),
            Target::Overall(m) => m.direction(),
        }
    }

    /// The bounded value at a tally.
    pub fn value(&self, t: &Tally) -> f64 {
        match &self.target {
            Target::Class(c, m) => m.eval(&t.one_vs_rest(*c)),
            Target::Overall(m) => m.eval(t),
        }
    }

    /// How far the tally is from meeting it (0 when met; infinite for NaN).
    fn shortfall(&self, t: &Tally) -> f64 {
        let v = self.value(t);
        let s = match self.direction() {
            Direction::Max => self.bound - v,
            Direction::Min => v - self.bound,
        };
        if s.is_nan() {
            f64::INFINITY
        } else {
            s.max(0.0)
        }
    }
}

/// What the search compares: the total shortfall of the constraints first,
/// then the metric oriented so that larger is better (NaN the worst).
#[derive(Debug, Clone, Copy)]
struct Objective {
    short: f64,
    value: f64,
}

#[inline]
fn tol(x: f64) -> f64 {
    1e-12 * x.abs().max(1.0)
}

impl Objective {
    /// Strictly better than `b` by more than rounding.
    #[inline]
    fn beats(&self, b: &Objective) -> bool {
        if self.short < b.short - tol(b.short) {
            return true;
        }
        if self.short > b.short + tol(b.short) {
            return false;
        }
        self.value > b.value + tol(b.value)
    }
}

/// A search problem: scores, truth, the metric, constraints, a cost matrix.
#[derive(Debug, Clone)]
pub struct Problem<'a> {
    /// The score matrix.
    pub scores: Scores<'a>,
    /// The true classes.
    pub truth: Truth<'a>,
    /// The metric to optimise.
    pub metric: McMetric,
    /// The rule whose parameters are searched.
    pub rule: Rule,
    /// Constraints every decision should meet.
    pub constraints: Vec<Constraint>,
    /// A K x K cost matrix, for the `cost` metric.
    pub cost: Option<&'a [f64]>,
}

/// The best rule found.
#[derive(Debug, Clone, PartialEq)]
pub struct McBest {
    /// The weights (or offsets) of the rule.
    pub params: Vec<f64>,
    /// The metric at the decision.
    pub value: f64,
    /// The constraints' values at the decision, in order.
    pub constraint_values: Vec<f64>,
    /// Which start it came from.
    pub start: usize,
    /// The metric of each start's local optimum.
    pub start_values: Vec<f64>,
}

impl<'a> Problem<'a> {
    /// Checks the parts agree.
    pub fn check(&self) -> Result<()> {
        self.truth.check_len(self.scores.n(), "y_score")?;
        if self.truth.k != self.scores.k {
            return Err(Error::invalid(
                "y_score",
                format!("{} columns", self.scores.k),
                format!("y_score must have one column per class ({})", self.truth.k),
            ));
        }
        match (self.metric, self.cost) {
            (McMetric::Cost, None) => {
                return Err(Error::invalid(
                    "cost_matrix",
                    "None",
                    "the metric \"cost\" needs a cost_matrix",
                ))
            }
            (_, Some(c)) => check_cost_matrix(c, self.scores.k)?,
            _ => {}
        }
        for c in &self.constraints {
            if let Target::Class(j, _) = c.target {
                if j >= self.scores.k {
                    return Err(Error::invalid(
                        "subject_to",
                        format!("{:?}", c.name),
                        format!("class indices must be below {}", self.scores.k),
                    ));
                }
            }
        }
        self.scores.check(Some(self.rule))
    }

    fn objective(&self, t: &Tally) -> Objective {
        let short = self.constraints.iter().map(|c| c.shortfall(t)).sum();
        let v = self.metric.eval(t);
        let value = match self.metric.direction() {
            Direction::Max => v,
            Direction::Min => -v,
        };
        Objective {
            short,
            value: if value.is_nan() {
                f64::NEG_INFINITY
            } else {
                value
            },
        }
    }

    /// Moves sample i from column `from` to column `to` in `t`.
    #[inline(always)]
    fn shift(&self, t: &mut Tally, i: usize, from: usize, to: usize) {
        let w = self.truth.weight(i);
        let y = self.truth.y[i] as usize;
        t.col[from] -= w;
        t.col[to] += w;
        if y == from {
            t.diag[from] -= w;
        }
        if y == to {
            t.diag[to] += w;
        }
        if let Some(c) = self.cost {
            let k = self.scores.k;
            t.cost += w * (c[y * k + to] - c[y * k + from]);
        }
    }

    /// The exact best value of coordinate `j` given the others, and its
    /// objective (from the scan; the caller re-checks it on a fresh tally).
    fn coordinate(&self, j: usize, params: &[f64]) -> Result<(f64, Objective)> {
        let (s, rule, n) = (&self.scores, self.rule, self.scores.n());
        // Each sample's best other class and the breakpoint where j takes it.
        let mut other = try_with_capacity::<u32>("the best other classes", n)?;
        other.resize(n, 0);
        let mut points = try_with_capacity::<(f64, u32)>("the breakpoints", n)?;
        points.resize(n, (0.0, 0));
        other
            .par_chunks_mut(CHUNK)
            .zip(points.par_chunks_mut(CHUNK))
            .enumerate()
            .try_for_each(|(c, (o, p))| -> Result<()> {
                interrupt::check()?;
                for t in 0..o.len() {
                    let i = c * CHUNK + t;
                    let row = s.row(i);
                    let (mut b, mut m) = (usize::MAX, f64::NEG_INFINITY);
                    for (k, (&v, &q)) in row.iter().zip(params).enumerate() {
                        let a = rule.apply(q, v);
                        if k != j && (b == usize::MAX || a > m) {
                            b = k;
                            m = a;
                        }
                    }
                    o[t] = b as u32;
                    p[t] = (rule.breakpoint(m, row[j], j, b), i as u32);
                }
                Ok(())
            })?;
        // Every sample at its best other class: the rule as p_j -> lower end.
        let mut t = self.truth.tally(&other, self.cost);
        points.retain(|p| p.0 != f64::INFINITY);
        sort_points(&mut points)?;
        let lower = rule.lower();
        let mut at = 0;
        while at < points.len() && points[at].0 <= lower {
            let i = points[at].1 as usize;
            self.shift(&mut t, i, other[i] as usize, j);
            at += 1;
        }
        let mut best = (
            self.objective(&t),
            lower,
            points.get(at).map_or(f64::INFINITY, |p| p.0),
        );
        let mut moved = 0;
        while at < points.len() {
            let here = points[at].0;
            while at < points.len() && points[at].0 == here {
                let i = points[at].1 as usize;
                self.shift(&mut t, i, other[i] as usize, j);
                at += 1;
                moved += 1;
                if moved % SCAN_CHECK == 0 {
                    interrupt::check()?;
                }
            }
            let next = points.get(at).map_or(f64::INFINITY, |p| p.0);
            let o = self.objective(&t);
            if o.beats(&best.0) {
                best = (o, here, next);
            }
        }
        Ok((rule.inside(best.1, best.2), best.0))
    }

    /// The decision and objective of a parameter vector, computed afresh.
    fn fresh(&self, params: &[f64]) -> Result<(Tally, Objective)> {
        let pred = decide(&self.scores, self.rule, params)?;
        let t = self.truth.tally(&pred, self.cost);
        let o = self.objective(&t);
        Ok((t, o))
    }

    /// Coordinate ascent from one start to a local optimum.
    fn ascend(&self, start: &[f64]) -> Result<(Vec<f64>, Tally, Objective)> {
        let mut p = start.to_vec();
        let (mut tally, mut obj) = self.fresh(&p)?;
        for _ in 0..MAX_ROUNDS {
            let mut improved = false;
            for j in 0..self.scores.k {
                interrupt::check()?;
                let (v, scan) = self.coordinate(j, &p)?;
                if !scan.beats(&obj) {
                    continue;
                }
                let old = p[j];
                p[j] = v;
                let (t, o) = self.fresh(&p)?;
                if o.beats(&obj) {
                    (tally, obj) = (t, o);
                    improved = true;
                } else {
                    p[j] = old; // a tie at the chosen value undid the scan's gain
                }
            }
            if !improved {
                break;
            }
        }
        Ok((p, tally, obj))
    }

    /// The best rule from each start (an (S, K) row-major array), the best
    /// kept. Errors if no start reaches a decision that meets every
    /// constraint, with the values the closest one reached.
    pub fn best(&self, starts: &[f64]) -> Result<McBest> {
        self.check()?;
        let k = self.scores.k;
        if starts.is_empty() || starts.len() % k != 0 {
            return Err(Error::invalid(
                "starts",
                format!("{} values", starts.len()),
                format!("give at least one start of {k} values"),
            ));
        }
        for st in starts.chunks(k) {
            self.rule.check_params("start", st, k)?;
        }
        let found: Vec<(Vec<f64>, Tally, Objective)> = starts
            .par_chunks(k)
            .map(|st| self.ascend(st))
            .collect::<Result<_>>()?;
        let mut at = 0;
        for (i, f) in found.iter().enumerate() {
            if f.2.beats(&found[at].2) {
                at = i;
            }
        }
        let (params, tally, obj) = &found[at];
        let constraint_values: Vec<f64> = self.constraints.iter().map(|c| c.value(tally)).collect();
        if obj.short > 0.0 {
            let wanted: Vec<String> = self
                .constraints
                .iter()
                .map(|c| {
                    let op = match c.direction() {
                        Direction::Max => ">=",
                        Direction::Min => "<=",
                    };
                    format!("{} {op} {}", c.name, c.bound)
                })
                .collect();
            let reached: Vec<String> = self
                .constraints
                .iter()
                .zip(&constraint_values)
                .map(|(c, v)| format!("{} = {v:.6}", c.name))
                .collect();
            return Err(Error::invalid(
                "subject_to",
                format!("{{{}}}", wanted.join(", ")),
                format!(
                    "no decision of the {} rule found from {} starts meets it; the closest \
                     reaches {}",
                    self.rule.name(),
                    starts.len() / k,
                    reached.join(", ")
                ),
            ));
        }
        let mut params = params.clone();
        normalise(self.rule, &mut params);
        Ok(McBest {
            params,
            value: self.metric.eval(tally),
            constraint_values,
            start: at,
            start_values: found.iter().map(|f| self.metric.eval(&f.1)).collect(),
        })
    }
}

/// Sorts breakpoints `(t, sample)` by `t`, ties by sample (they arrive in
/// sample order): a stable least-significant-digit radix sort on the
/// order-preserving bits of `t`, 11 bits per pass, skipping the passes in
/// which every key has the same digit. -0.0 and +0.0 sort as one value, as
/// the scan's `==` groups them.
fn sort_points(points: &mut Vec<(f64, u32)>) -> Result<()> {
    #[inline(always)]
    fn key(t: f64) -> u64 {
        let b = (t + 0.0).to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | (1 << 63)
        }
    }
    const BITS: u32 = 11;
    let n = points.len();
    if n <= 512 {
        points.sort_by(|a, b| key(a.0).cmp(&key(b.0)).then(a.1.cmp(&b.1)));
        return Ok(());
    }
    let (lo, hi) = points.iter().fold((u64::MAX, 0u64), |(lo, hi), p| {
        let k = key(p.0);
        (lo.min(k), hi.max(k))
    });
    let varying = 64 - (lo ^ hi).leading_zeros();
    let mut scratch = try_with_capacity::<(f64, u32)>("the breakpoints, sorted", n)?;
    scratch.resize(n, (0.0, 0));
    let mut count = vec![0usize; 1 << BITS];
    for shift in (0..varying).step_by(BITS as usize) {
        let digit = |t: f64| ((key(t) >> shift) & ((1 << BITS) - 1)) as usize;
        count.iter_mut().for_each(|c| *c = 0);
        for p in points.iter() {
            count[digit(p.0)] += 1;
        }
        if count.contains(&n) {
            continue;
        }
        let mut at = 0;
        for c in count.iter_mut() {
            (*c, at) = (at, at + *c);
        }
        for p in points.iter() {
            let d = digit(p.0);
            scratch[count[d]] = *p;
            count[d] += 1;
        }
        std::mem::swap(points, &mut scratch);
    }
    Ok(())
}

/// Weights scaled so the smallest is 1; offsets shifted so the smallest is
/// 0. Neither changes a decision (beyond rounding, which the caller's
/// fresh evaluation of the returned vector accounts for).
fn normalise(rule: Rule, p: &mut [f64]) {
    let lo = p.iter().copied().fold(f64::INFINITY, f64::min);
    match rule {
        Rule::Weights => p.iter_mut().for_each(|v| *v /= lo),
        Rule::Offsets => p.iter_mut().for_each(|v| *v -= lo),
    }
}

/// The value of a multiclass metric at a decision.
pub fn evaluate(
    metric: &McMetric,
    truth: &Truth,
    pred: &[u32],
    cost: Option<&[f64]>,
) -> Result<f64> {
    let m = confusion(truth, pred)?;
    let total_cost = match (metric, cost) {
        (McMetric::Cost, None) => {
            return Err(Error::invalid(
                "cost_matrix",
                "None",
                "the metric \"cost\" needs a cost_matrix",
            ))
        }
        (_, Some(c)) => {
            check_cost_matrix(c, truth.k)?;
            m.iter().zip(c).map(|(a, b)| a * b).sum()
        }
        _ => 0.0,
    };
    Ok(metric.eval(&Tally::from_matrix(truth.k, &m, total_cost)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small seeded problem: n samples, 3 classes, probabilities.
    fn problem(n: usize, seed: u64) -> (Vec<f64>, Vec<u32>) {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 11) as f64) / (1u64 << 53) as f64
        };
        let mut s = Vec::new();
        let mut y = Vec::new();
        for _ in 0..n {
            let u = next();
            let c = if u < 0.7 {
                0
            } else if u < 0.92 {
                1
            } else {
                2
            };
            let mut row = [next(), next(), next()];
            row[c] += 0.6;
            let sum: f64 = row.iter().sum();
            s.extend(row.iter().map(|v| v / sum));
            y.push(c as u32);
        }
        (s, y)
    }

    /// Every decision a weight vector (1, a, b) can give, by brute force over
    /// the midpoints of all ratios where a sample changes class.
    fn exhaustive(s: &[f64], y: &[u32], m: McMetric) -> f64 {
        let sc = Scores::new(s, 3).unwrap();
        let tr = Truth::new(y, None, 3).unwrap();
        let n = sc.n();
        // a changes a decision where a s1 = s0 (class 0 against 1) and where
        // the lines b = s0_i / s2_i and b = a s1_l / s2_l cross.
        let mut ra = vec![0.0];
        for i in 0..n {
            let r = sc.row(i);
            ra.push(r[0] / r[1]);
            for l in 0..n {
                let q = sc.row(l);
                ra.push(r[0] * q[2] / (r[2] * q[1]));
            }
        }
        ra.sort_by(f64::total_cmp);
        let mids = |v: &[f64]| -> Vec<f64> {
            let mut out: Vec<f64> = v.windows(2).map(|w| 0.5 * (w[0] + w[1])).collect();
            out.push(2.0 * v[v.len() - 1] + 1.0);
            out
        };
        let mut best = f64::NEG_INFINITY;
        for a in mids(&ra) {
            if a <= 0.0 {
                continue;
            }
            let mut rb = vec![0.0];
            for i in 0..n {
                let r = sc.row(i);
                rb.push(r[0].max(a * r[1]) / r[2]);
            }
            rb.sort_by(f64::total_cmp);
            for b in mids(&rb) {
                if b <= 0.0 {
                    continue;
                }
                let pred = decide(&sc, Rule::Weights, &[1.0, a, b]).unwrap();
                best = best.max(evaluate(&m, &tr, &pred, None).unwrap());
            }
        }
        best
    }

    #[test]
    fn reaches_the_exhaustive_optimum_on_tiny_problems() {
        let m = McMetric::parse("macro_f1").unwrap();
        let mut hits = 0;
        for seed in 0..20 {
            let (s, y) = problem(30, seed);
            let p = Problem {
                scores: Scores::new(&s, 3).unwrap(),
                truth: Truth::new(&y, None, 3).unwrap(),
                metric: m,
                rule: Rule::Weights,
                constraints: vec![],
                cost: None,
            };
            let mut starts = vec![1.0, 1.0, 1.0, 1.0, 3.0, 10.0];
            for t in 0..30 {
                let u = (t as f64 * 0.618).fract();
                starts.extend([1.0, (4.0 * u).exp(), (6.0 * (1.0 - u)).exp()]);
            }
            let b = p.best(&starts).unwrap();
            let ex = exhaustive(&s, &y, m);
            assert!(b.value <= ex + 1e-12, "seed {seed}: {} > {ex}", b.value);
            // the reported value is that of the returned weights
            let pred = decide(&p.scores, Rule::Weights, &b.params).unwrap();
            let v = evaluate(&m, &p.truth, &pred, None).unwrap();
            assert_eq!(v, b.value);
            hits += usize::from(b.value >= ex - 1e-12);
        }
        assert!(hits >= 18, "{hits} of 20");
    }

    #[test]
    fn breakpoints_sort_by_value_then_sample() {
        let mut x = 7u64;
        let mut pts: Vec<(f64, u32)> = (0..5000u32)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let v = match x >> 61 {
                    0 => 0.0,
                    1 => -0.0,
                    2 => f64::NEG_INFINITY,
                    3 => 1.5,
                    _ => ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 1e3,
                };
                (v, i)
            })
            .collect();
        let mut expect = pts.clone();
        expect.sort_by(|a, b| (a.0 + 0.0).total_cmp(&(b.0 + 0.0)).then(a.1.cmp(&b.1)));
        sort_points(&mut pts).unwrap();
        let same = pts
            .iter()
            .zip(&expect)
            .all(|(a, b)| a.0 == b.0 && a.1 == b.1);
        assert!(same);
    }

    #[test]
    fn bad_input_is_refused() {
        let s = [0.5, 0.5, f64::NAN, 0.2];
        let e = Scores::new(&s, 2)
            .unwrap()
            .check(None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 1"), "{e}");
        let s = [0.5, -0.5];
        let e = Scores::new(&s, 2)
            .unwrap()
            .check(Some(Rule::Weights))
            .unwrap_err()
            .to_string();
        assert!(e.contains("non-negative"), "{e}");
        assert!(check_cost_matrix(&[0.0, 1.0, -1.0, 0.0], 2).is_err());
        assert!(check_cost_matrix(&[0.0, 1.0, 1.0], 2).is_err());
        assert!(Truth::new(&[0, 3], None, 3).is_err());
    }
}
