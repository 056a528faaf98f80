//! The bootstrap of a sweep: one sort, then `B` weighted scans.
//!
//! The order of the scores never changes between resamples, only how often
//! each sample counts. So the samples are sorted once (descending score,
//! grouped by distinct score), and each replicate is a scan of that order in
//! which sample `i` weighs `count(i) * weight(i)`. Per replicate and per
//! metric the scan finds the best threshold in-bag (as [`super::best`] does
//! on an ordinary weighted sweep with those weights: same tie rule, same
//! constraints), the metric there on the samples the replicate left out
//! (out-of-bag, count 0), and the ROC-AUC and average precision in-bag.
//!
//! **Randomness.** The count of a sample in a replicate depends only on
//! `(seed, replicate, sample index)`: a counter-based generator (a Weyl
//! sequence through the wyrand mixer, started at a key derived from the seed
//! and the replicate) gives one 64-bit uniform per sample and replicate. So
//! results do not depend on the number of threads, on chunking, nor on the
//! order in which samples are visited.
//!
//! * **Poisson(1)** counts come from one uniform by the inverse CDF: the
//!   count is the number of thresholds `2^64 * P(X <= k)` at or below the
//!   uniform. The thresholds are computed from the upper tails, so every
//!   probability is right to about 1e-16 (and counts up to 21 are drawn).
//! * **Multinomial** counts are `n` draws with replacement, draw `j` taking
//!   sample `floor(u_j * n / 2^64)` with `u_j` the uniform of counter `j` in
//!   the replicate's own stream (each index has probability within 2^-64 of
//!   `1/n`). Stratified, `n_pos` draws among the positives and `n_neg` among
//!   the negatives, from two further streams. A replicate's counts are a
//!   function of `(seed, replicate)` alone, built by one thread, so they do
//!   not depend on the thread count either.
//!
//! **Two passes per replicate.** Most metrics need the totals of the
//! replicate (its positives and negatives) at every threshold, so a first
//! pass sums them (and the out-of-bag totals); the second pass accumulates
//! the cumulative in-bag and out-of-bag sums in score order, and at the end
//! of each distinct score evaluates the metrics, the ROC trapezoid and the
//! average-precision step. Recomputing a count costs a few nanoseconds, less
//! than storing and reading it back. Replicates run in parallel.

use rayon::prelude::*;

use super::partition::RadixKey;
use super::{check_lengths, non_finite, Constraint, Count, Score};
use crate::alloc::{try_with_capacity, try_zeroed};
use crate::error::{Error, Result};
use crate::metric::{Confusion, Metric};

/// How the replicates resample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Independent Poisson(1) counts per sample (the total varies).
    Poisson,
    /// `n` draws with replacement; stratified: `n_pos` among the positives
    /// and `n_neg` among the negatives.
    Multinomial {
        /// Keep the number of positives and of negatives of the data.
        stratify: bool,
    },
}

/// What to bootstrap.
#[derive(Debug, Clone)]
pub struct Options {
    /// The metrics whose best threshold is sought (at least one).
    pub metrics: Vec<Metric>,
    /// Constraints every chosen threshold must meet (as for [`super::best`]).
    pub constraints: Vec<Constraint>,
    /// The number of replicates `B` (at least 1).
    pub n_resamples: usize,
    /// How to resample.
    pub method: Method,
    /// The seed of the counter-based generator.
    pub seed: u64,
}

/// The replicates. Arrays with one value per replicate and metric are
/// replicate-major: entry `r * n_metrics + m`.
#[derive(Debug, Clone, Default)]
pub struct Replicates {
    /// The number of metrics.
    pub n_metrics: usize,
    /// The best threshold in-bag; NaN when no threshold meets the
    /// constraints (or the metric is NaN everywhere) in that replicate.
    pub threshold: Vec<f64>,
    /// The index of that threshold among the distinct scores (descending),
    /// -1 when there is none.
    pub index: Vec<i64>,
    /// The metric at that threshold in-bag.
    pub in_bag: Vec<f64>,
    /// The metric at that threshold on the samples the replicate left out.
    pub out_of_bag: Vec<f64>,
    /// ROC-AUC in-bag per replicate (NaN when a class is absent).
    pub roc_auc: Vec<f64>,
    /// Average precision in-bag per replicate (NaN without positives).
    pub average_precision: Vec<f64>,
    /// The in-bag and the out-of-bag total weight per replicate
    /// (`2 * r` and `2 * r + 1`), in the units of the weights.
    pub totals: Vec<f64>,
}

/// The uniform of counter `i` in the stream that starts at `key`: one step
/// of wyrand (a Weyl sequence through a 128-bit multiply mixer).
#[inline(always)]
fn uniform(key: u64, i: u64) -> u64 {
    const GAMMA: u64 = 0xa076_1d64_78bd_642f;
    const XOR: u64 = 0xe703_7ed1_a0b4_28db;
    let s = key.wrapping_add(i.wrapping_add(1).wrapping_mul(GAMMA));
    let t = (s as u128) * ((s ^ XOR) as u128);
    ((t >> 64) as u64) ^ (t as u64)
}

/// SplitMix64's finalizer: a bijective mixer, for deriving stream keys.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Streams of one replicate: Poisson counts, and the draws of the multinomial.
#[derive(Clone, Copy)]
enum Stream {
    Poisson = 1,
    Draws = 2,
    Positives = 3,
    Negatives = 4,
}

/// The key of a replicate's stream.
fn stream_key(seed: u64, replicate: u64, stream: Stream) -> u64 {
    mix(mix(seed ^ mix(stream as u64)).wrapping_add(mix(replicate.wrapping_add(1))))
}

/// Thresholds of the inverse CDF of Poisson(1): `t[k] = 2^64 * P(X <= k)`,
/// rounded, for every `k` whose upper tail is at least 2^-64.
struct PoissonTable {
    t: [u64; 24],
    len: usize,
}

impl PoissonTable {
    fn new() -> Self {
        // pmf(k) = e^-1 / k!; the upper tail P(X > k) summed from the far end
        // (each term is exact to a rounding, and the small terms come first).
        let mut pmf = [0.0f64; 40];
        pmf[0] = (-1.0f64).exp();
        for k in 1..40 {
            pmf[k] = pmf[k - 1] / k as f64;
        }
        let mut t = [u64::MAX; 24];
        let mut len = 0;
        for (k, slot) in t.iter_mut().enumerate() {
            let tail: f64 = pmf[k + 1..].iter().rev().sum();
            let scaled = tail * 18_446_744_073_709_551_616.0; // 2^64
            if scaled < 1.0 {
                break;
            }
            // 2^64 - tail * 2^64, as an integer (the tail is < 2^64 here).
            *slot = (scaled.round() as u64).wrapping_neg();
            len = k + 1;
        }
        PoissonTable { t, len }
    }

    /// The count for uniform `u`: how many thresholds lie at or below it.
    #[inline(always)]
    fn count(&self, u: u64) -> u32 {
        let t = &self.t;
        // Four comparisons cover 98.1 % of draws without a branch.
        let c = (u >= t[0]) as u32 + (u >= t[1]) as u32 + (u >= t[2]) as u32 + (u >= t[3]) as u32;
        if u < t[3] {
            c
        } else {
            c + t[4..self.len].iter().map(|&x| (u >= x) as u32).sum::<u32>()
        }
    }
}

/// The samples in score order, ready for the scans.
struct Sorted {
    /// Per sample: the original index (low 62 bits), the label (bit 62) and
    /// whether the next sample has a lower score (bit 63).
    packed: Vec<u64>,
    /// The weights in score order, scaled by `2^-scale` (None: all 1).
    weights: Option<Vec<f64>>,
    /// The distinct scores, descending.
    thresholds: Vec<f64>,
    /// Weights are stored in units of `2^scale`.
    scale: i32,
}

const IDX: u64 = (1 << 62) - 1;
const END: u64 = 1 << 63;

/// Checks the input and sorts it once.
fn sort<S: Score>(scores: &[S], labels: &[u8], weights: Option<&[f64]>) -> Result<Sorted> {
    let n = scores.len();
    let mut other = vec![("y_true", labels.len())];
    if let Some(w) = weights {
        other.push(("sample_weight", w.len()));
    }
    check_lengths(n, &other)?;
    if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
        return Err(non_finite(scores, i));
    }
    let mut scale = 0;
    if let Some(w) = weights {
        if let Some(i) = w.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
            return Err(Error::invalid(
                "sample_weight",
                format!("{} at index {i}", crate::num::show(w[i])),
                "weights must be finite and >= 0",
            ));
        }
        let max = w.iter().copied().fold(0.0, f64::max);
        if max == 0.0 {
            return Err(Error::invalid(
                "sample_weight",
                "all zeros",
                "at least one weight must be > 0",
            ));
        }
        // Weights in units of a power of two near the largest, so that sums
        // of counts times weights neither overflow nor lose their range.
        scale = libm::ilogb(max);
    }
    if n as u64 > IDX {
        return Err(Error::invalid(
            "y_score",
            format!("{n} samples"),
            "the bootstrap takes fewer than 2^62 samples",
        ));
    }
    // Samples of zero weight count for nothing in or out of bag (and a
    // weighted sweep drops them), so they are left out of the scans; the
    // counts of the others do not change, being keyed on their own index.
    let kept = |i: usize| weights.is_none_or(|w| w[i] > 0.0);
    let m = (0..n).filter(|&i| kept(i)).count();
    let mut keyed: Vec<u128> = try_with_capacity("the sorted samples", m)?;
    keyed.extend((0..n).filter(|&i| kept(i)).map(|i| {
        let key = scores[i].key().to_u64();
        ((key as u128) << 64) | i as u128
    }));
    crate::interrupt::check()?;
    keyed.par_sort_unstable();
    crate::interrupt::check()?;
    let mut packed: Vec<u64> = try_zeroed("the sorted samples", m)?;
    let mut sorted_w = match weights {
        Some(_) => Some(try_zeroed::<f64>("the sorted weights", m)?),
        None => None,
    };
    let mut distinct = 0usize;
    for j in 0..m {
        let i = keyed[j] as u64 as usize;
        let end = j + 1 == m || (keyed[j + 1] >> 64) != (keyed[j] >> 64);
        distinct += end as usize;
        packed[j] = i as u64 | ((labels[i] != 0) as u64) << 62 | (end as u64) << 63;
        if let (Some(sw), Some(w)) = (sorted_w.as_mut(), weights) {
            sw[j] = super::ldexp(w[i], -scale);
        }
    }
    let mut thresholds: Vec<f64> = try_with_capacity("the thresholds", distinct)?;
    thresholds.extend(
        (0..m)
            .filter(|&j| packed[j] & END != 0)
            .map(|j| scores[(packed[j] & IDX) as usize].into() + 0.0),
    );
    Ok(Sorted {
        packed,
        weights: sorted_w,
        thresholds,
        scale,
    })
}

/// Samples between two looks at the interrupt flag within a pass (a few
/// milliseconds of work).
const STOP_CHUNK: usize = 1 << 20;

/// Where a replicate's counts come from.
trait Counts: Sync {
    /// The count of the sample at sorted position `j`, of original index `i`.
    fn count(&self, j: usize, i: u64) -> u32;
}

/// Poisson(1) counts drawn on the fly.
struct PoissonCounts<'a> {
    key: u64,
    table: &'a PoissonTable,
}

impl Counts for PoissonCounts<'_> {
    #[inline(always)]
    fn count(&self, _j: usize, i: u64) -> u32 {
        self.table.count(uniform(self.key, i))
    }
}

/// Counts drawn beforehand (multinomial), by original index.
struct ByIndex<'a>(&'a [u32]);

impl Counts for ByIndex<'_> {
    #[inline(always)]
    fn count(&self, _j: usize, i: u64) -> u32 {
        // Every index comes from the sorted samples, all below the length.
        self.0.get(i as usize).copied().unwrap_or(0)
    }
}

/// Counts kept from the first pass, by sorted position (Poisson counts are
/// at most 21, so a byte each: a replicate of 10^6 samples stays in L2).
struct BySorted<'a>(&'a [u8]);

impl Counts for BySorted<'_> {
    #[inline(always)]
    fn count(&self, j: usize, _i: u64) -> u32 {
        debug_assert!(j < self.0.len());
        // SAFETY: the scans call this only with `j` below the number of
        // sorted samples, the length of the buffer (checked by the caller).
        unsafe { *self.0.get_unchecked(j) as u32 }
    }
}

/// The sample weights in score order, and how sums of them accumulate.
trait Weights: Sync {
    /// The running sums: exact `u64` counts unweighted (integer adds are
    /// shorter chains than float adds), `f64` sums of weights otherwise.
    type Acc: Copy
        + Default
        + PartialOrd
        + std::ops::Add<Output = Self::Acc>
        + std::ops::Sub<Output = Self::Acc>;
    /// Twice the ROC area, unnormalised: `u128` for counts (exact), `f64`.
    type Area: Copy + Default + std::ops::Add<Output = Self::Area>;
    /// For sorted sample `j` counted `c` times: its in-bag weight (`c`
    /// times its weight) and its out-of-bag weight (its weight if `c` is 0).
    fn split(&self, j: usize, c: u32) -> (Self::Acc, Self::Acc);
    /// `(x, 0)` for a positive, `(0, x)` for a negative, without a branch.
    fn by_label(positive: u64, x: Self::Acc) -> (Self::Acc, Self::Acc);
    /// As a float.
    fn f(x: Self::Acc) -> f64;
    /// The trapezoid `df * (tp + tp0)`.
    fn area(df: Self::Acc, tsum: Self::Acc) -> Self::Area;
    /// As a float.
    fn area_f(a: Self::Area) -> f64;
}

/// Unweighted: every weight is 1.
struct Unit;

impl Weights for Unit {
    type Acc = u64;
    type Area = u128;
    #[inline(always)]
    fn split(&self, _j: usize, c: u32) -> (u64, u64) {
        (c as u64, (c == 0) as u64)
    }
    #[inline(always)]
    fn by_label(positive: u64, x: u64) -> (u64, u64) {
        let mask = 0u64.wrapping_sub(positive);
        (x & mask, x & !mask)
    }
    #[inline(always)]
    fn f(x: u64) -> f64 {
        // Through i64: one instruction (counts stay far below 2^63).
        x as i64 as f64
    }
    #[inline(always)]
    fn area(df: u64, tsum: u64) -> u128 {
        df as u128 * tsum as u128
    }
    #[inline(always)]
    fn area_f(a: u128) -> f64 {
        a as f64
    }
}

/// Weighted.
struct Given<'a>(&'a [f64]);

impl Weights for Given<'_> {
    type Acc = f64;
    type Area = f64;
    #[inline(always)]
    fn split(&self, j: usize, c: u32) -> (f64, f64) {
        debug_assert!(j < self.0.len());
        // SAFETY: the scans call this only with `j` below the number of
        // sorted samples, which is the length of the sorted weights.
        let w = unsafe { *self.0.get_unchecked(j) };
        (c as f64 * w, if c == 0 { w } else { 0.0 })
    }
    #[inline(always)]
    fn by_label(positive: u64, x: f64) -> (f64, f64) {
        if positive != 0 {
            (x, 0.0)
        } else {
            (0.0, x)
        }
    }
    #[inline(always)]
    fn f(x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn area(df: f64, tsum: f64) -> f64 {
        df * tsum
    }
    #[inline(always)]
    fn area_f(a: f64) -> f64 {
        a
    }
}

/// Sums of weights of positives and negatives.
#[derive(Debug, Clone, Copy, Default)]
struct Pair {
    pos: f64,
    neg: f64,
}

/// The in-bag and the out-of-bag totals of a replicate (first pass); with
/// `keep`, each count is also stored there by sorted position.
fn totals<Q: Counts, W: Weights>(
    s: &Sorted,
    q: &Q,
    w: &W,
    keep: Option<&mut [u8]>,
) -> (Pair, Pair) {
    let z = W::Acc::default();
    let (mut ip, mut in_, mut op, mut on) = (z, z, z, z);
    let mut step = |j: usize, p: u64| {
        let c = q.count(j, p & IDX);
        let (x, o) = w.split(j, c);
        let l = (p >> 62) & 1;
        let (xp, xn) = W::by_label(l, x);
        let (opos, oneg) = W::by_label(l, o);
        ip = ip + xp;
        in_ = in_ + xn;
        op = op + opos;
        on = on + oneg;
        c
    };
    match keep {
        Some(buf) => {
            for ((j, &p), b) in s.packed.iter().enumerate().zip(buf.iter_mut()) {
                if j % STOP_CHUNK == 0 && crate::interrupt::requested() {
                    break;
                }
                *b = step(j, p) as u8;
            }
        }
        None => {
            for (j, &p) in s.packed.iter().enumerate() {
                if j % STOP_CHUNK == 0 && crate::interrupt::requested() {
                    break;
                }
                step(j, p);
            }
        }
    }
    (
        Pair {
            pos: W::f(ip),
            neg: W::f(in_),
        },
        Pair {
            pos: W::f(op),
            neg: W::f(on),
        },
    )
}

/// A point that was the best so far of one metric.
#[derive(Debug, Clone, Copy, Default)]
struct Record {
    /// The signed, scale-free value compared.
    g: f64,
    /// The index of the distinct score.
    k: usize,
    /// In-bag cumulative sums there.
    tp: f64,
    fp: f64,
    /// Out-of-bag cumulative sums there.
    otp: f64,
    ofp: f64,
}

/// The records of one metric within rounding of the best so far: the
/// first point within 8 units in the last place of the final best (the
/// choice of [`super::best`]) is always one of them (it is larger than
/// every point before it), and at most 33 distinct floats lie within that
/// distance below any value, so a fixed ring holds them all.
struct Records {
    ring: [Record; 64],
    head: usize,
    len: usize,
    top: f64,
}

impl Records {
    fn new() -> Self {
        Records {
            ring: [Record::default(); 64],
            head: 0,
            len: 0,
            top: f64::NEG_INFINITY,
        }
    }

    #[inline]
    fn push(&mut self, r: Record) {
        self.top = r.g;
        let floor = r.g - 8.0 * f64::EPSILON * r.g.abs();
        while self.len > 0 && self.ring[self.head].g < floor {
            self.head = (self.head + 1) % 64;
            self.len -= 1;
        }
        if self.len == 64 {
            // Cannot happen (see above); keep the newest rather than fail.
            self.head = (self.head + 1) % 64;
            self.len -= 1;
        }
        self.ring[(self.head + self.len) % 64] = r;
        self.len += 1;
    }

    fn first(&self) -> Option<Record> {
        (self.len > 0).then(|| self.ring[self.head])
    }
}

/// Whether every constraint holds at `c`.
#[inline]
fn holds(constraints: &[Constraint], c: &Confusion<f64>) -> bool {
    constraints.iter().all(|k| {
        let v = k.metric.eval(c);
        if k.metric.higher_is_better() {
            v >= k.bound
        } else {
            v <= k.bound
        }
    })
}

/// One replicate's results.
struct One {
    best: Vec<Option<Record>>,
    tin: Pair,
    tout: Pair,
    auc: f64,
    ap: f64,
}

/// What a scan needs besides the counts and the weights.
struct Plan<'a> {
    /// The metrics as compared (scale-free), their signs (+1 where higher
    /// is better), and the constraints.
    compared: &'a [Metric],
    signs: &'a [f64],
    constraints: &'a [Constraint],
    need_det: bool,
    /// Every metric compared and constrained is [`monotone`].
    monotone: bool,
}

/// Whether a metric never gets worse with one more true positive and never
/// gets better with one more false positive (at fixed totals), so that a
/// threshold that adds only negatives can never be the best. The chance-
/// corrected ratios (MCC, kappa, markedness) are not: below chance (a
/// negative determinant) a false positive can raise them. A row added to
/// the table is treated as not monotone until it is listed here.
fn monotone(m: &Metric) -> bool {
    matches!(
        m,
        Metric::Accuracy
            | Metric::Precision
            | Metric::Recall
            | Metric::Specificity
            | Metric::Npv
            | Metric::Fpr
            | Metric::Fnr
            | Metric::FBeta(_)
            | Metric::BalancedAccuracy
            | Metric::Gmean
            | Metric::YoudenJ
            | Metric::Jaccard
            | Metric::Cost(_)
    )
}

/// The second pass of a replicate: cumulative sums in score order, the
/// metrics at the end of every distinct score present in the replicate.
/// The first metric is compiled in (see [`crate::metric::with_known_variant`]):
/// evaluated through the table's match, it cost more than the rest of the
/// scan together.
fn scan<Q: Counts, W: Weights>(s: &Sorted, q: &Q, w: &W, totals: (Pair, Pair), plan: &Plan) -> One {
    struct K<'a, Q, W> {
        s: &'a Sorted,
        q: &'a Q,
        w: &'a W,
        totals: (Pair, Pair),
        plan: &'a Plan<'a>,
    }
    impl<Q: Counts, W: Weights> crate::metric::Kernel for K<'_, Q, W> {
        type Out = One;
        #[inline(always)]
        fn run(self, first: Metric) -> One {
            scan_with(self.s, self.q, self.w, self.totals, self.plan, first)
        }
    }
    match plan.compared.first() {
        Some(m) => crate::metric::with_known_variant(
            m,
            K {
                s,
                q,
                w,
                totals,
                plan,
            },
        ),
        None => scan_with(s, q, w, totals, plan, Metric::Accuracy),
    }
}

/// [`scan`] with its first metric known.
#[inline(always)]
fn scan_with<Q: Counts, W: Weights>(
    s: &Sorted,
    q: &Q,
    w: &W,
    (tin, tout): (Pair, Pair),
    plan: &Plan,
    first: Metric,
) -> One {
    let Plan {
        compared,
        signs,
        constraints,
        need_det,
        ..
    } = *plan;
    let nm = compared.len();
    let first_sign = signs.first().copied().unwrap_or(1.0);
    let mut records: Vec<Records> = compared.iter().map(|_| Records::new()).collect();
    let z = W::Acc::default();
    let (mut tp, mut fp, mut otp, mut ofp) = (z, z, z, z);
    let (mut tp0, mut fp0) = (z, z);
    let mut twice_auc = W::Area::default();
    let mut ap = 0.0f64;
    let mut present = 0u32;
    let mut k = 0usize;
    for (j, &p) in s.packed.iter().enumerate() {
        // A replicate of 10^9 samples takes seconds: look for Ctrl-C now and
        // then (an interrupted replicate is discarded by the caller).
        if j % STOP_CHUNK == 0 && crate::interrupt::requested() {
            break;
        }
        let c = q.count(j, p & IDX);
        let (x, o) = w.split(j, c);
        let l = (p >> 62) & 1;
        let (xp, xn) = W::by_label(l, x);
        let (opos, oneg) = W::by_label(l, o);
        tp = tp + xp;
        fp = fp + xn;
        otp = otp + opos;
        ofp = ofp + oneg;
        present |= c;
        if p & END == 0 {
            continue;
        }
        // The end of a distinct score. A score absent from the replicate
        // adds nothing to the areas, and is no candidate (an ordinary sweep
        // of the replicate has no such threshold).
        twice_auc = twice_auc + W::area(fp - fp0, tp + tp0);
        let gained = tp > tp0;
        // Floats only where they are used (a conversion per score costs).
        let (tpf, fpf) = if gained || !plan.monotone || tp == z {
            (W::f(tp), W::f(fp))
        } else {
            (0.0, 0.0)
        };
        if gained {
            ap += (tpf - W::f(tp0)) * (tpf / (tpf + fpf));
        }
        tp0 = tp;
        fp0 = fp;
        // A score that adds only negatives is dominated, for a monotone
        // metric, by the last score that added a positive (same tp, fewer
        // fp: at least as good and as constrained, and first in sweep order),
        // so only scores that add positives, and those before any positive,
        // need the metrics: about the prevalence's share of the scores.
        if nm > 0 && (gained || !plan.monotone || tp == z) {
            let conf = f64::confusion(tpf, fpf, tin.pos, tin.neg, need_det);
            // Whether the point may be chosen, asked only of a new best: a
            // branch on presence alone would be mispredicted a third of the time.
            let candidate =
                || present != 0 && (constraints.is_empty() || holds(constraints, &conf));
            let record = |g: f64| Record {
                g,
                k,
                tp: tpf,
                fp: fpf,
                otp: W::f(otp),
                ofp: W::f(ofp),
            };
            let g = first_sign * first.eval(&conf);
            if g > records[0].top && candidate() {
                records[0].push(record(g));
            }
            for i in 1..nm {
                let g = signs[i] * compared[i].eval(&conf);
                if g > records[i].top && candidate() {
                    records[i].push(record(g));
                }
            }
        }
        present = 0;
        k += 1;
    }
    let auc = if tin.pos > 0.0 && tin.neg > 0.0 {
        W::area_f(twice_auc) / (2.0 * tin.pos * tin.neg)
    } else {
        f64::NAN
    };
    let ap = if tin.pos > 0.0 {
        (ap / tin.pos).max(0.0)
    } else {
        f64::NAN
    };
    One {
        best: records.iter().map(Records::first).collect(),
        tin,
        tout,
        auc,
        ap,
    }
}

/// The counts of one replicate by original sample index (multinomial), into
/// `buf` (zeroed, of length `labels.len()`).
fn draw_multinomial(
    labels: &[u8],
    groups: Option<&(Vec<u64>, Vec<u64>)>,
    seed: u64,
    replicate: u64,
    buf: &mut [u32],
) {
    let n = labels.len() as u64;
    let pick = |u: u64, len: u64| ((u as u128 * len as u128) >> 64) as u64;
    match groups {
        None => {
            let key = stream_key(seed, replicate, Stream::Draws);
            for j in 0..n {
                let i = pick(uniform(key, j), n) as usize;
                buf[i] += 1;
            }
        }
        Some((pos, neg)) => {
            for (list, stream) in [(pos, Stream::Positives), (neg, Stream::Negatives)] {
                let key = stream_key(seed, replicate, stream);
                let len = list.len() as u64;
                for j in 0..len {
                    let i = list[pick(uniform(key, j), len) as usize] as usize;
                    buf[i] += 1;
                }
            }
        }
    }
}

/// The original indices of the positives and of the negatives.
fn class_lists(labels: &[u8]) -> Result<(Vec<u64>, Vec<u64>)> {
    let n_pos = labels.iter().filter(|&&l| l != 0).count();
    let mut pos = try_with_capacity("the positives", n_pos)?;
    let mut neg = try_with_capacity("the negatives", labels.len() - n_pos)?;
    for (i, &l) in labels.iter().enumerate() {
        if l != 0 {
            pos.push(i as u64);
        } else {
            neg.push(i as u64);
        }
    }
    Ok((pos, neg))
}

/// The count of every sample (by original index) in replicate `replicate`:
/// what the bootstrap uses, for checking it against an ordinary weighted
/// sweep.
pub fn replicate_counts(
    labels: &[u8],
    method: Method,
    seed: u64,
    replicate: u64,
) -> Result<Vec<u32>> {
    let n = labels.len();
    let mut out: Vec<u32> = try_zeroed("the counts", n)?;
    match method {
        Method::Poisson => {
            let table = PoissonTable::new();
            let key = stream_key(seed, replicate, Stream::Poisson);
            for (i, o) in out.iter_mut().enumerate() {
                *o = table.count(uniform(key, i as u64));
            }
        }
        Method::Multinomial { stratify } => {
            let groups = if stratify {
                Some(class_lists(labels)?)
            } else {
                None
            };
            draw_multinomial(labels, groups.as_ref(), seed, replicate, &mut out);
        }
    }
    Ok(out)
}

/// The replicates as states, for statistics of the distinct-score state
/// (calibration and decision curves, [`super::decision::bands`]): `f` gets,
/// per replicate, the data's distinct scores (descending) and the in-bag
/// positive and negative weight at each (0 at a score the replicate missed;
/// weights in the units of `2^-scale`, which ratios do not see). The counts
/// are those of [`bootstrap`] with the same method and seed; the samples are
/// sorted once, and the results come back in replicate order, independent
/// of the number of threads.
pub fn map_replicate_states<S: Score, T: Send>(
    scores: &[S],
    labels: &[u8],
    weights: Option<&[f64]>,
    method: Method,
    seed: u64,
    n_resamples: usize,
    f: impl Fn(&[f64], &[f64], &[f64]) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let s = sort(scores, labels, weights)?;
    let table = PoissonTable::new();
    let groups = match method {
        Method::Multinomial { stratify: true } => Some(class_lists(labels)?),
        _ => None,
    };
    let (n, d) = (labels.len(), s.thresholds.len());
    #[derive(Default)]
    struct Buffers {
        pos: Vec<f64>,
        neg: Vec<f64>,
        by_index: Vec<u32>,
    }
    let one = |r: usize, buf: &mut Buffers| -> Result<T> {
        crate::interrupt::check()?;
        if buf.pos.len() != d {
            buf.pos = try_zeroed("the masses of a replicate", d)?;
            buf.neg = try_zeroed("the masses of a replicate", d)?;
        } else {
            buf.pos.iter_mut().for_each(|x| *x = 0.0);
            buf.neg.iter_mut().for_each(|x| *x = 0.0);
        }
        let key = stream_key(seed, r as u64, Stream::Poisson);
        if let Method::Multinomial { .. } = method {
            if buf.by_index.len() != n {
                buf.by_index = try_zeroed("the counts of a replicate", n)?;
            } else {
                buf.by_index.iter_mut().for_each(|x| *x = 0);
            }
            draw_multinomial(labels, groups.as_ref(), seed, r as u64, &mut buf.by_index);
        }
        let mut k = 0usize;
        for (j, &p) in s.packed.iter().enumerate() {
            if j % STOP_CHUNK == 0 && crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            let i = p & IDX;
            let c = match method {
                Method::Poisson => table.count(uniform(key, i)),
                Method::Multinomial { .. } => buf.by_index.get(i as usize).copied().unwrap_or(0),
            };
            let w = match &s.weights {
                Some(w) => c as f64 * w[j],
                None => c as f64,
            };
            if let (Some(a), Some(b)) = (buf.pos.get_mut(k), buf.neg.get_mut(k)) {
                if (p >> 62) & 1 != 0 {
                    *a += w;
                } else {
                    *b += w;
                }
            }
            k += (p >> 63) as usize;
        }
        f(&s.thresholds, &buf.pos, &buf.neg)
    };
    let rows: Vec<Result<T>> = (0..n_resamples)
        .into_par_iter()
        .map_init(Buffers::default, |buf, r| {
            if crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            one(r, buf)
        })
        .collect();
    crate::interrupt::check()?;
    rows.into_iter().collect()
}

/// The bootstrap: `options.n_resamples` replicates (see the module
/// documentation). Parallel over replicates; each replicate is computed by
/// one thread in a fixed order, so the results do not depend on the number
/// of threads.
pub fn bootstrap<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: Option<&[f64]>,
    options: &Options,
) -> Result<Replicates> {
    if options.n_resamples == 0 {
        return Err(Error::invalid(
            "n_resamples",
            0,
            "n_resamples must be an integer >= 1",
        ));
    }
    if options.metrics.is_empty() {
        return Err(Error::invalid(
            "metrics",
            "an empty list",
            "give at least one metric",
        ));
    }
    if let Some(c) = options.constraints.iter().find(|c| !c.bound.is_finite()) {
        return Err(Error::invalid(
            "subject_to",
            format!("{}={}", c.metric.name(), crate::num::show(c.bound)),
            "bounds must be finite numbers",
        ));
    }
    let s = sort(scores, labels, weights)?;
    let b = options.n_resamples;
    let nm = options.metrics.len();
    let compared: Vec<Metric> = options.metrics.iter().map(Metric::scale_free).collect();
    let signs: Vec<f64> = compared
        .iter()
        .map(|m| if m.higher_is_better() { 1.0 } else { -1.0 })
        .collect();
    let need_det = compared.iter().any(Metric::needs_det)
        || options.constraints.iter().any(|c| c.metric.needs_det());
    let table = PoissonTable::new();
    let groups = match options.method {
        Method::Multinomial { stratify: true } => Some(class_lists(labels)?),
        _ => None,
    };
    let n = labels.len();
    let plan = Plan {
        compared: &compared,
        signs: &signs,
        constraints: &options.constraints,
        need_det,
        monotone: compared.iter().all(monotone)
            && options.constraints.iter().all(|c| monotone(&c.metric)),
    };
    let m = s.packed.len();
    // Per thread, a buffer of counts: bytes by sorted position (Poisson), or
    // u32 by original index (multinomial).
    #[derive(Default)]
    struct Buffers {
        sorted: Vec<u8>,
        by_index: Vec<u32>,
    }
    let one = |r: usize, buf: &mut Buffers| -> Result<One> {
        crate::interrupt::check()?;
        Ok(match options.method {
            Method::Poisson => {
                if buf.sorted.len() != m {
                    buf.sorted = try_zeroed("the counts of a replicate", m)?;
                }
                let q = PoissonCounts {
                    key: stream_key(options.seed, r as u64, Stream::Poisson),
                    table: &table,
                };
                match &s.weights {
                    Some(w) => {
                        let t = totals(&s, &q, &Given(w), Some(&mut buf.sorted));
                        scan(&s, &BySorted(&buf.sorted), &Given(w), t, &plan)
                    }
                    None => {
                        let t = totals(&s, &q, &Unit, Some(&mut buf.sorted));
                        scan(&s, &BySorted(&buf.sorted), &Unit, t, &plan)
                    }
                }
            }
            Method::Multinomial { .. } => {
                if buf.by_index.len() != n {
                    buf.by_index = try_zeroed("the counts of a replicate", n)?;
                } else {
                    buf.by_index.iter_mut().for_each(|x| *x = 0);
                }
                draw_multinomial(
                    labels,
                    groups.as_ref(),
                    options.seed,
                    r as u64,
                    &mut buf.by_index,
                );
                let q = ByIndex(&buf.by_index);
                match &s.weights {
                    Some(w) => scan(&s, &q, &Given(w), totals(&s, &q, &Given(w), None), &plan),
                    None => scan(&s, &q, &Unit, totals(&s, &q, &Unit, None), &plan),
                }
            }
        })
    };
    let ones: Vec<Result<One>> = (0..b)
        .into_par_iter()
        .map_init(Buffers::default, |buf, r| {
            if crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            one(r, buf)
        })
        .collect();
    crate::interrupt::check()?;
    let mut out = Replicates {
        n_metrics: nm,
        threshold: try_with_capacity("the replicates", b * nm)?,
        index: try_with_capacity("the replicates", b * nm)?,
        in_bag: try_with_capacity("the replicates", b * nm)?,
        out_of_bag: try_with_capacity("the replicates", b * nm)?,
        roc_auc: try_with_capacity("the replicates", b)?,
        average_precision: try_with_capacity("the replicates", b)?,
        totals: try_with_capacity("the replicates", 2 * b)?,
    };
    let scale = s.scale;
    for one in ones {
        let one = one?;
        out.roc_auc.push(one.auc);
        out.average_precision.push(one.ap);
        let (win, wout) = (one.tin.pos + one.tin.neg, one.tout.pos + one.tout.neg);
        out.totals.push(super::ldexp(win, scale));
        out.totals.push(super::ldexp(wout, scale));
        for (m, best) in options.metrics.iter().zip(&one.best) {
            let unscale = |v: f64| {
                if m.scales_with_counts() {
                    super::ldexp(v, scale)
                } else {
                    v
                }
            };
            match best {
                Some(rec) => {
                    let cin = f64::confusion(rec.tp, rec.fp, one.tin.pos, one.tin.neg, true);
                    let cout = f64::confusion(rec.otp, rec.ofp, one.tout.pos, one.tout.neg, true);
                    out.threshold.push(s.thresholds[rec.k]);
                    out.index.push(rec.k as i64);
                    out.in_bag.push(unscale(m.eval(&cin)));
                    out.out_of_bag.push(unscale(m.eval(&cout)));
                }
                None => {
                    out.threshold.push(f64::NAN);
                    out.index.push(-1);
                    out.in_bag.push(f64::NAN);
                    out.out_of_bag.push(f64::NAN);
                }
            }
        }
    }
    Ok(out)
}

/// The metrics at fixed thresholds in every replicate, for bands around
/// metric curves: entry `(r * metrics.len() + m) * thresholds.len() + t` is
/// metric `m` at `thresholds[t]` (predict positive when `score >=
/// threshold`) in replicate `r`, NaN where the metric is undefined in that
/// replicate ([`Metric::is_defined`]: precision where it predicts no
/// positive, ...).
///
/// The same replicates as [`bootstrap`] with the same seed (same counts),
/// on the same single sort; each replicate is then one pass over the
/// sorted samples that accumulates its in-bag sums and copies them at the
/// thresholds, so `B` replicates cost `B` linear scans, not `B` sorts.
/// The totals of a replicate are its sums at the end of the pass, so no
/// separate pass is needed. Results do not depend on the thread count.
#[allow(clippy::too_many_arguments)]
pub fn bands<S: Score>(
    scores: &[S],
    labels: &[u8],
    weights: Option<&[f64]>,
    thresholds: &[f64],
    metrics: &[Metric],
    n_resamples: usize,
    method: Method,
    seed: u64,
) -> Result<Vec<f64>> {
    if n_resamples == 0 {
        return Err(Error::invalid(
            "n_resamples",
            0,
            "n_resamples must be an integer >= 1",
        ));
    }
    if let Some(i) = thresholds.iter().position(|t| t.is_nan()) {
        return Err(Error::invalid(
            "thresholds",
            format!("NaN at index {i}"),
            "thresholds must be numbers",
        ));
    }
    let s = sort(scores, labels, weights)?;
    let (nm, nt) = (metrics.len(), thresholds.len());
    let size = n_resamples
        .checked_mul(nm)
        .and_then(|x| x.checked_mul(nt))
        .ok_or_else(|| {
            Error::invalid(
                "n_resamples",
                n_resamples,
                "n_resamples x metrics x thresholds must fit in memory",
            )
        })?;
    // How many distinct scores (descending) lie at or above each threshold;
    // the thresholds visited in that order.
    let cut: Vec<usize> = thresholds
        .iter()
        .map(|&t| s.thresholds.partition_point(|&x| x >= t))
        .collect();
    let mut order: Vec<usize> = (0..nt).collect();
    order.sort_by_key(|&i| cut[i]);
    let need_det = metrics.iter().any(Metric::needs_det);
    let table = PoissonTable::new();
    let groups = match method {
        Method::Multinomial { stratify: true } => Some(class_lists(labels)?),
        _ => None,
    };
    let n = labels.len();
    let plan = Cuts {
        cut: &cut,
        order: &order,
    };
    let one = |r: usize, buf: &mut Vec<u32>| -> Result<Vec<f64>> {
        crate::interrupt::check()?;
        let (sums, total) = match method {
            Method::Poisson => {
                let q = PoissonCounts {
                    key: stream_key(seed, r as u64, Stream::Poisson),
                    table: &table,
                };
                match &s.weights {
                    Some(w) => sums_at(&s, &q, &Given(w), &plan)?,
                    None => sums_at(&s, &q, &Unit, &plan)?,
                }
            }
            Method::Multinomial { .. } => {
                if buf.len() != n {
                    *buf = try_zeroed("the counts of a replicate", n)?;
                } else {
                    buf.iter_mut().for_each(|x| *x = 0);
                }
                draw_multinomial(labels, groups.as_ref(), seed, r as u64, buf);
                let q = ByIndex(buf);
                match &s.weights {
                    Some(w) => sums_at(&s, &q, &Given(w), &plan)?,
                    None => sums_at(&s, &q, &Unit, &plan)?,
                }
            }
        };
        crate::interrupt::check()?;
        let mut out: Vec<f64> = try_with_capacity("the band values", nm * nt)?;
        for m in metrics {
            out.extend(sums.iter().map(|&(tp, fp)| {
                let c = f64::confusion(tp, fp, total.pos, total.neg, need_det);
                if !m.is_defined(&c) {
                    f64::NAN
                } else if m.scales_with_counts() {
                    super::ldexp(m.eval(&c), s.scale)
                } else {
                    m.eval(&c)
                }
            }));
        }
        Ok(out)
    };
    let per: Vec<Result<Vec<f64>>> = (0..n_resamples)
        .into_par_iter()
        .map_init(Vec::new, |buf, r| one(r, buf))
        .collect();
    let mut out: Vec<f64> = try_with_capacity("the band values", size)?;
    for values in per {
        out.extend(values?);
    }
    Ok(out)
}

/// Where [`sums_at`] copies its sums: `cut[t]` distinct scores lie at or
/// above threshold `t`, and `order` lists the thresholds by `cut`.
struct Cuts<'a> {
    cut: &'a [usize],
    order: &'a [usize],
}

/// One replicate's in-bag sums `(tp, fp)` at every threshold of `at`, and its
/// totals: one pass over the sorted samples.
fn sums_at<Q: Counts, W: Weights>(
    s: &Sorted,
    q: &Q,
    w: &W,
    at: &Cuts,
) -> Result<(Vec<(f64, f64)>, Pair)> {
    let nt = at.cut.len();
    let mut sums: Vec<(f64, f64)> = try_zeroed_pairs(nt)?;
    let z = W::Acc::default();
    let (mut tp, mut fp) = (z, z);
    // Thresholds above every score predict nothing positive: their sums are 0.
    let mut next = at.order.partition_point(|&i| at.cut[i] == 0);
    let mut k = 0usize;
    for (j, &p) in s.packed.iter().enumerate() {
        if j % STOP_CHUNK == 0 && crate::interrupt::requested() {
            return Err(Error::Interrupted);
        }
        let c = q.count(j, p & IDX);
        let (x, _) = w.split(j, c);
        let (xp, xn) = W::by_label((p >> 62) & 1, x);
        tp = tp + xp;
        fp = fp + xn;
        if p & END == 0 {
            continue;
        }
        k += 1;
        while next < nt && at.cut[at.order[next]] == k {
            sums[at.order[next]] = (W::f(tp), W::f(fp));
            next += 1;
        }
    }
    Ok((
        sums,
        Pair {
            pos: W::f(tp),
            neg: W::f(fp),
        },
    ))
}

/// `n` pairs of zeros, or a `MemoryError`-like error.
fn try_zeroed_pairs(n: usize) -> Result<Vec<(f64, f64)>> {
    let mut v: Vec<(f64, f64)> = try_with_capacity("the band sums", n)?;
    v.resize(n, (0.0, 0.0));
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::testing::Lcg;

    #[test]
    fn poisson_table_is_the_cdf() {
        let t = PoissonTable::new();
        let f = |k: usize| t.t[k] as f64 / 18_446_744_073_709_551_616.0;
        let e = (-1.0f64).exp();
        assert!((f(0) - e).abs() < 1e-15);
        assert!((f(1) - 2.0 * e).abs() < 1e-15);
        assert!((f(2) - 2.5 * e).abs() < 1e-15);
        assert!(t.len >= 20 && t.t[..t.len].windows(2).all(|w| w[0] < w[1]));
        assert_eq!(t.count(0), 0);
        assert_eq!(t.count(t.t[0]), 1);
        assert_eq!(t.count(t.t[5]), 6);
        assert_eq!(t.count(u64::MAX), t.len as u32);
    }

    #[test]
    fn counts_have_the_moments_of_poisson_one() {
        let labels = vec![0u8; 200_000];
        let c = replicate_counts(&labels, Method::Poisson, 42, 3).unwrap();
        let n = c.len() as f64;
        let mean = c.iter().map(|&x| x as f64).sum::<f64>() / n;
        let var = c.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
        let zeros = c.iter().filter(|&&x| x == 0).count() as f64 / n;
        // Standard errors: 1/sqrt(n) = 0.0022 for the mean, about 0.0032
        // for the variance, 0.0011 for the share of zeros.
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
        assert!((var - 1.0).abs() < 0.015, "{var}");
        assert!((zeros - (-1.0f64).exp()).abs() < 0.005, "{zeros}");
    }

    #[test]
    fn multinomial_draws_n_and_keeps_the_classes_when_stratified() {
        let mut rng = Lcg(5);
        let labels: Vec<u8> = (0..1000).map(|_| (rng.next() % 7 == 0) as u8).collect();
        let n_pos: u32 = labels.iter().map(|&l| l as u32).sum();
        let c = replicate_counts(&labels, Method::Multinomial { stratify: false }, 1, 0).unwrap();
        assert_eq!(c.iter().sum::<u32>(), 1000);
        let c = replicate_counts(&labels, Method::Multinomial { stratify: true }, 1, 0).unwrap();
        let pos: u32 = c
            .iter()
            .zip(&labels)
            .filter(|(_, &l)| l != 0)
            .map(|(&x, _)| x)
            .sum();
        assert_eq!((c.iter().sum::<u32>(), pos), (1000, n_pos));
    }

    /// One replicate equals an ordinary weighted sweep with weights
    /// `count * weight`, and the results do not depend on the thread count.
    #[test]
    fn a_replicate_is_a_weighted_sweep() {
        let mut rng = Lcg(11);
        let n = 3000;
        let scores: Vec<f64> = (0..n).map(|_| (rng.next() % 500) as f64 / 50.0).collect();
        let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 5 == 0) as u8).collect();
        let w: Vec<f64> = (0..n).map(|_| (rng.next() % 3) as f64).collect();
        // With MCC every score is evaluated; without, only those that add
        // positives (the metrics are monotone).
        for metrics in [
            vec![
                Metric::f_beta(1.0),
                Metric::Mcc,
                Metric::cost(1.0, 10.0),
                Metric::BalancedAccuracy,
            ],
            vec![
                Metric::f_beta(2.0),
                Metric::cost(10.0, 1.0),
                Metric::Recall,
                Metric::Specificity,
                Metric::Accuracy,
            ],
        ] {
            check_replicates(&scores, &labels, &w, &metrics);
        }
    }

    fn check_replicates(scores: &[f64], labels: &[u8], w: &[f64], metrics: &[Metric]) {
        let constraints = [Constraint {
            metric: Metric::Precision,
            bound: 0.3,
        }];
        for method in [
            Method::Poisson,
            Method::Multinomial { stratify: false },
            Method::Multinomial { stratify: true },
        ] {
            for cons in [&[][..], &constraints[..]] {
                let options = Options {
                    metrics: metrics.to_vec(),
                    constraints: cons.to_vec(),
                    n_resamples: 7,
                    method,
                    seed: 99,
                };
                let r = bootstrap(scores, labels, Some(w), &options).unwrap();
                let one = rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .build()
                    .unwrap();
                let r1 = one.install(|| bootstrap(scores, labels, Some(w), &options).unwrap());
                assert_eq!(r.index, r1.index);
                assert_eq!(
                    r.in_bag.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    r1.in_bag.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                );
                for rep in [0usize, 6] {
                    let c = replicate_counts(labels, method, 99, rep as u64).unwrap();
                    let cw: Vec<f64> = c.iter().zip(w).map(|(&c, &w)| c as f64 * w).collect();
                    let sw = crate::sweep::sweep_weighted(scores, labels, &cw).unwrap();
                    for (m, metric) in metrics.iter().enumerate() {
                        let e = sw.best(metric, cons).unwrap();
                        let k = rep * metrics.len() + m;
                        match e {
                            Some((i, v)) => {
                                assert_eq!(r.threshold[k], sw.thresholds[i], "{metric:?}");
                                assert_eq!(r.in_bag[k], v, "{metric:?}");
                            }
                            None => assert_eq!(r.index[k], -1),
                        }
                    }
                    let auc = crate::sweep::roc_auc(&sw.tp, &sw.fp, sw.n_pos, sw.n_neg).unwrap();
                    assert!((r.roc_auc[rep] - auc).abs() < 1e-13);
                    let ap = crate::sweep::average_precision(&sw.tp, &sw.fp, sw.n_pos).unwrap();
                    assert!((r.average_precision[rep] - ap).abs() < 1e-13);
                }
            }
        }
    }

    /// The band values of a replicate are the metrics of the samples at or
    /// above each threshold, counted as that replicate counts them (a brute
    /// force over the samples), NaN where undefined, whatever the threads.
    #[test]
    fn bands_are_the_metrics_of_each_replicate_at_each_threshold() {
        let mut rng = Lcg(17);
        let n = 2000;
        let scores: Vec<f64> = (0..n).map(|_| (rng.next() % 300) as f64 / 30.0).collect();
        let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 6 == 0) as u8).collect();
        let w: Vec<f64> = (0..n).map(|_| 0.5 + (rng.next() % 4) as f64).collect();
        // below every score, between scores, at scores, above every score
        let thresholds = [-1.0, 10.5, 9.95, 3.0, 0.0, 5.01, 9.9, f64::INFINITY, 2.0];
        let metrics = [
            Metric::Precision,
            Metric::f_beta(1.0),
            Metric::Mcc,
            Metric::cost(1.0, 10.0),
            Metric::Npv,
        ];
        for weights in [None, Some(&w[..])] {
            for method in [Method::Poisson, Method::Multinomial { stratify: true }] {
                let b = 5;
                let got = bands(
                    &scores,
                    &labels,
                    weights,
                    &thresholds,
                    &metrics,
                    b,
                    method,
                    3,
                )
                .unwrap();
                let one = rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .build()
                    .unwrap();
                let got1 = one.install(|| {
                    bands(
                        &scores,
                        &labels,
                        weights,
                        &thresholds,
                        &metrics,
                        b,
                        method,
                        3,
                    )
                    .unwrap()
                });
                assert_eq!(
                    got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    got1.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                );
                for r in 0..b {
                    let c = replicate_counts(&labels, method, 3, r as u64).unwrap();
                    let cw: Vec<f64> = (0..n)
                        .map(|i| c[i] as f64 * weights.map_or(1.0, |w| w[i]))
                        .collect();
                    let (pos, neg) = (0..n).fold((0.0, 0.0), |(p, q), i| {
                        if labels[i] != 0 {
                            (p + cw[i], q)
                        } else {
                            (p, q + cw[i])
                        }
                    });
                    for (t, &th) in thresholds.iter().enumerate() {
                        let (mut tp, mut fp) = (0.0, 0.0);
                        for i in 0..n {
                            if scores[i] >= th {
                                if labels[i] != 0 {
                                    tp += cw[i];
                                } else {
                                    fp += cw[i];
                                }
                            }
                        }
                        let conf = Confusion::from_entries(tp, fp, pos - tp, neg - fp);
                        for (m, metric) in metrics.iter().enumerate() {
                            let v = got[(r * metrics.len() + m) * thresholds.len() + t];
                            let undefined = match metric {
                                Metric::Precision => tp + fp == 0.0,
                                Metric::Npv => pos - tp + neg - fp == 0.0,
                                Metric::Mcc => tp + fp == 0.0 || pos - tp + neg - fp == 0.0,
                                _ => false,
                            };
                            if undefined {
                                assert!(v.is_nan(), "{metric:?} at {th}: {v}");
                            } else {
                                let e = metric.eval(&conf);
                                assert!((v - e).abs() <= 1e-12 * e.abs().max(1.0), "{v} {e}");
                            }
                        }
                    }
                }
            }
        }
        let e = bands(
            &scores,
            &labels,
            None,
            &[f64::NAN],
            &metrics,
            2,
            Method::Poisson,
            0,
        );
        assert!(e.unwrap_err().to_string().contains("thresholds"));
    }

    #[test]
    fn out_of_bag_is_the_left_out_samples() {
        let mut rng = Lcg(2);
        let n = 500;
        let scores: Vec<f64> = (0..n).map(|_| (rng.next() % 100) as f64).collect();
        let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 3 == 0) as u8).collect();
        let options = Options {
            metrics: vec![Metric::f_beta(1.0)],
            constraints: vec![],
            n_resamples: 3,
            method: Method::Poisson,
            seed: 7,
        };
        let r = bootstrap(&scores, &labels, None, &options).unwrap();
        for rep in 0..3 {
            let c = replicate_counts(&labels, Method::Poisson, 7, rep as u64).unwrap();
            let t = r.threshold[rep];
            let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
            for i in 0..n {
                if c[i] != 0 {
                    continue;
                }
                match (scores[i] >= t, labels[i] != 0) {
                    (true, true) => tp += 1,
                    (true, false) => fp += 1,
                    (false, true) => fn_ += 1,
                    (false, false) => {}
                }
            }
            let f1 = 2.0 * tp as f64 / (2.0 * tp as f64 + fp as f64 + fn_ as f64);
            assert!((r.out_of_bag[rep] - f1).abs() < 1e-15);
        }
    }

    #[test]
    fn bad_input_is_refused() {
        let o = Options {
            metrics: vec![Metric::f_beta(1.0)],
            constraints: vec![],
            n_resamples: 0,
            method: Method::Poisson,
            seed: 0,
        };
        let e = bootstrap(&[0.1f64, 0.2], &[0, 1], None, &o).unwrap_err();
        assert!(e.to_string().contains("n_resamples"));
        let o = Options {
            n_resamples: 2,
            ..o
        };
        let e = bootstrap(&[0.1f64, f64::NAN], &[0, 1], None, &o).unwrap_err();
        assert!(e.to_string().contains("index 1"));
        let e = bootstrap(&[0.1f64, 0.2], &[0, 1], Some(&[1.0, -1.0]), &o).unwrap_err();
        assert!(e.to_string().contains("sample_weight"));
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::sweep::testing::Lcg;

    fn cpu() -> f64 {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
    }

    #[test]
    #[ignore]
    fn time_parts() {
        let mut rng = Lcg(1);
        let n = 1_000_000;
        let labels: Vec<u8> = (0..n).map(|_| (rng.next() % 100 == 0) as u8).collect();
        let scores: Vec<f64> = (0..n)
            .map(|i| (rng.next() as f64) / 2f64.powi(31) + 1.5 * labels[i] as f64)
            .collect();
        let s = sort(&scores, &labels, None).unwrap();
        let table = PoissonTable::new();
        let q = PoissonCounts {
            key: 5,
            table: &table,
        };
        let reps = 10;
        let per = |t0: f64| (cpu() - t0) * 1e9 / (reps * n) as f64;
        let mut buf = vec![0u8; n];
        let t = cpu();
        let mut x = 0.0;
        for _ in 0..reps {
            x += totals(&s, &q, &Unit, Some(&mut buf)).0.pos;
        }
        println!("totals+store {:.2} ns {x}", per(t));
        let tt = totals(&s, &q, &Unit, None);
        for (name, ms) in [
            ("f1", vec![Metric::f_beta(1.0)]),
            ("none", vec![]),
            ("mcc", vec![Metric::Mcc]),
        ] {
            let signs = vec![1.0; ms.len()];
            let plan = Plan {
                compared: &ms,
                signs: &signs,
                constraints: &[],
                need_det: name == "mcc",
                monotone: name != "mcc",
            };
            let t = cpu();
            for _ in 0..reps {
                x += scan(&s, &BySorted(&buf), &Unit, tt, &plan).auc;
            }
            println!("scan {name} {:.2} ns {x}", per(t));
        }
    }
}
