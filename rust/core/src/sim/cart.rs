//! A weighted CART classifier with the semantics of scikit-learn's
//! `DecisionTreeClassifier` for two classes (`criterion="gini"`,
//! `splitter="best"`, `max_features=None`, `min_samples_split=2`,
//! `min_weight_fraction_leaf=0`, `min_impurity_decrease=0`).
//!
//! * Features are read as `float32`, as scikit-learn converts them, and
//!   thresholds are `float64`: the midpoint `a/2 + b/2` of two consecutive
//!   distinct values (or `a` when the midpoint rounds to `b`); a sample goes
//!   left when `x <= threshold`. Values within `1e-7` of each other are not
//!   split apart (scikit-learn's `FEATURE_THRESHOLD`), and a feature whose
//!   values in a node all lie within `1e-7` is skipped there.
//! * A node is a leaf at `max_depth`, with fewer than 2 samples (or than
//!   `2 * min_samples_leaf`), when its weighted Gini impurity is at most the
//!   machine epsilon, or when no split leaves `min_samples_leaf` samples on
//!   each side. Otherwise it takes the split of the largest impurity
//!   decrease over all features, visited in a random order drawn per node;
//!   the first of equal decreases wins (as in scikit-learn, which makes the
//!   tie-break random between features and the lowest threshold within one).
//! * Sample weights multiply the class counts of the criterion; each sample
//!   also has a multiplicity (a row repeated `m` times, as random
//!   oversampling makes) that counts towards `min_samples_leaf`.
//! * A leaf's score is its weighted share of positives (`predict_proba`);
//!   it predicts positive when the weighted positives outweigh the
//!   negatives (scikit-learn's argmax sends ties to class 0).
//!
//! Each feature is sorted once; a split partitions the sorted index lists of
//! every feature stably (O(n d) per tree level), in buffers allocated once
//! per tree.

use rand::Rng;
use rand::RngExt;

use crate::alloc::{try_with_capacity, try_zeroed};
use crate::error::{Error, Result};

/// scikit-learn's `FEATURE_THRESHOLD`: values closer than this are equal.
const FEATURE_THRESHOLD: f64 = 1e-7;

/// The growth limits of a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartParams {
    /// The largest depth (the root has depth 0); `usize::MAX` for none.
    pub max_depth: usize,
    /// The fewest samples (counted with multiplicity) a leaf may hold, >= 1.
    pub min_samples_leaf: usize,
}

impl Default for CartParams {
    fn default() -> Self {
        CartParams {
            max_depth: usize::MAX,
            min_samples_leaf: 1,
        }
    }
}

/// A node: a split (`feature < u32::MAX`) or a leaf.
#[derive(Debug, Clone, Copy)]
struct Node {
    feature: u32,
    left: u32,
    right: u32,
    positive: bool,
    threshold: f64,
    value: f64,
}

/// A fitted tree.
#[derive(Debug, Clone)]
pub struct Tree {
    nodes: Vec<Node>,
    depth: usize,
    d: usize,
}

/// The training data of a tree: `d` feature columns of `n` samples
/// (`x[j * n + i]`), labels, weights and multiplicities (>= 1).
#[derive(Debug, Clone, Copy)]
pub struct TrainData<'a> {
    /// Features by column, as `float32`.
    pub x: &'a [f32],
    /// Labels, nonzero for a positive.
    pub y: &'a [u8],
    /// Sample weights, finite and > 0.
    pub w: &'a [f64],
    /// Multiplicities, >= 1.
    pub m: &'a [u32],
    /// Samples.
    pub n: usize,
    /// Features.
    pub d: usize,
}

impl TrainData<'_> {
    /// Checks shapes and values.
    pub fn validate(&self) -> Result<()> {
        let (n, d) = (self.n, self.d);
        if n == 0 || d == 0 || n > u32::MAX as usize {
            return Err(Error::invalid(
                "X",
                format!("{n} samples and {d} features"),
                "give at least one sample and one feature (and fewer than 2^32 samples)",
            ));
        }
        if self.x.len() != n.saturating_mul(d)
            || self.y.len() != n
            || self.w.len() != n
            || self.m.len() != n
        {
            return Err(Error::invalid(
                "X",
                format!(
                    "{} values, {} labels, {} weights, {} multiplicities",
                    self.x.len(),
                    self.y.len(),
                    self.w.len(),
                    self.m.len()
                ),
                format!("expected {n} x {d} values and {n} of each of the others"),
            ));
        }
        if let Some(i) = self.x.iter().position(|v| !v.is_finite()) {
            return Err(Error::invalid(
                "X",
                format!("{} at flat index {i}", self.x[i]),
                "features must be finite as float32",
            ));
        }
        if let Some(i) = self.w.iter().position(|v| !(v.is_finite() && *v > 0.0)) {
            return Err(Error::invalid(
                "sample_weight",
                format!("{} at index {i}", crate::num::show(self.w[i])),
                "weights must be finite and > 0",
            ));
        }
        if let Some(i) = self.m.iter().position(|&v| v == 0) {
            return Err(Error::invalid(
                "multiplicity",
                format!("0 at index {i}"),
                "multiplicities must be >= 1",
            ));
        }
        Ok(())
    }
}

/// The order key of a finite `f32`: ascending keys are ascending values.
#[inline]
fn key(v: f32) -> u32 {
    let b = v.to_bits();
    if b >> 31 == 1 {
        !b
    } else {
        b | 0x8000_0000
    }
}

/// One sample in a feature's sorted list: the feature's value, the sample,
/// and its weight (times its multiplicity), negated for a negative. The
/// lists carry what a scan reads, so that it streams through memory.
#[derive(Clone, Copy, Default)]
#[repr(C)]
struct Entry {
    x: f32,
    idx: u32,
    w: f64,
}

/// The positive and the negative weight of an entry (one of them 0).
#[inline(always)]
fn class_weights(e: &Entry) -> (f64, f64) {
    (e.w.max(0.0), (-e.w).max(0.0))
}

/// The sums of a node and the leaf size limit.
#[derive(Clone, Copy)]
struct Totals {
    tp: f64,
    tn: f64,
    tc: usize,
    msl: usize,
}

/// The best split so far: (proxy, feature, position, value below the cut).
type Best = Option<(f64, usize, usize, f64)>;

/// Scans feature `f` of a node (`seg`: its samples in ascending order of
/// the feature) for a better split than `best`.
///
/// The criterion's proxy is `sum_k L_k^2 / L + sum_k R_k^2 / R` (class
/// weights `L_k`, `R_k` left and right). Moving a cut over samples of one
/// class only changes it by a convex function of the weight moved (for
/// positive weight `a` left of it, the left term is `2 a^2 / s - 2 a + s` in
/// the left total `s`, and the same holds on the right), so over a stretch
/// of cuts separated by samples of one class the maximum is at an end of
/// the stretch, strictly unless no positive weight is involved (then the
/// node is pure). With `min_samples_leaf = 1` every cut is allowed, and only
/// the ends of such stretches are evaluated: the first and last cut, and
/// each cut whose neighbouring groups (the samples between it and the next
/// cut on either side) are not of one and the same class. The result is the
/// same split as evaluating every cut (the first best wins in both).
#[inline]
fn scan(seg: &[Entry], cnt: &[u32], t: Totals, f: usize, best: &mut Best, exhaustive: bool) {
    let Totals { tp, tn, tc, msl } = t;
    let mut consider = |lp: f64, ln: f64, p: usize, below: f64| {
        let (rp, rn) = (tp - lp, tn - ln);
        let proxy = (lp * lp + ln * ln) / (lp + ln) + (rp * rp + rn * rn) / (rp + rn);
        if best.is_none_or(|b| proxy > b.0) {
            *best = Some((proxy, f, p, below));
        }
    };
    let (mut lp, mut ln) = (0.0f64, 0.0f64);
    let mut prev = seg[0].x as f64;
    if msl > 1 || exhaustive {
        let mut lc = 0usize;
        for p in 1..seg.len() {
            let (a, b) = class_weights(&seg[p - 1]);
            lp += a;
            ln += b;
            lc += cnt[seg[p - 1].idx as usize] as usize;
            let cur = seg[p].x as f64;
            if cur <= prev + FEATURE_THRESHOLD {
                prev = cur;
                continue;
            }
            let below = prev;
            prev = cur;
            if lc >= msl && tc - lc >= msl {
                consider(lp, ln, p, below);
            }
        }
        return;
    }
    // The last cut not yet evaluated: (lp, ln, p, below, classes of the
    // group left of it: 1 negative, 2 positive, 3 both, 0 for the first cut).
    let mut pending: Option<(f64, f64, usize, f64, u8)> = None;
    let mut group = 0u8;
    for (p, pair) in seg.windows(2).enumerate() {
        let (a, b) = class_weights(&pair[0]);
        lp += a;
        ln += b;
        group |= if pair[0].w > 0.0 { 2 } else { 1 };
        let cur = pair[1].x as f64;
        if cur <= prev + FEATURE_THRESHOLD {
            prev = cur;
            continue;
        }
        let left_group = match pending {
            Some((plp, pln, pp, pbelow, pgroup)) => {
                if !(pgroup == group && group != 3) {
                    consider(plp, pln, pp, pbelow);
                }
                group
            }
            None => 0,
        };
        pending = Some((lp, ln, p + 1, prev, left_group));
        prev = cur;
        group = 0;
    }
    if let Some((plp, pln, pp, pbelow, _)) = pending {
        consider(plp, pln, pp, pbelow);
    }
}

/// Sorts `keys` by their high 32 bits, stably (so ties keep the order of
/// the low bits, the sample index, as built): a least-significant-digit
/// radix sort in three passes of 11 bits, skipping a pass where every key
/// has the same digit. `tmp` has the length of `keys`.
fn radix_sort_high(keys: &mut Vec<u64>, tmp: &mut Vec<u64>) {
    const BITS: u32 = 11;
    let mut counts = [0usize; 1 << BITS];
    for pass in 0..3 {
        let shift = 32 + BITS * pass;
        let digit = |k: u64| ((k >> shift) & ((1 << BITS) - 1)) as usize;
        counts.iter_mut().for_each(|c| *c = 0);
        for &k in keys.iter() {
            counts[digit(k)] += 1;
        }
        if counts.contains(&keys.len()) {
            continue;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = sum;
            sum += here;
        }
        for &k in keys.iter() {
            let b = &mut counts[digit(k)];
            tmp[*b] = k;
            *b += 1;
        }
        std::mem::swap(keys, tmp);
    }
}

/// Moves the entries of `seg` whose sample goes left (`goes_left[idx] ==
/// 1`) before the others, each side in its order. A side whose `keep` flag
/// is false (a leaf) is not written: its part of `seg` is left unspecified.
fn partition(seg: &mut [Entry], scratch: &mut [Entry], goes_left: &[u8], keep: (bool, bool)) {
    let len = seg.len();
    let scratch = &mut scratch[..len];
    let ptr = seg.as_mut_ptr();
    let sp = scratch.as_mut_ptr();
    let go = |e: &Entry| goes_left[e.idx as usize] as usize;
    let (mut l, mut r) = (0usize, 0usize);
    // Branch-free: each write happens, a cursor moves only past a kept
    // entry. SAFETY (all three loops): `k < len`; `l` and `r` grow by at
    // most 1 per step after the write, so `l, r <= k < len`: every access
    // is inside `seg` (length `len`) or `scratch` (length `len`), which do
    // not overlap, and `seg[l]` is written only after `seg[k]` (k >= l) was
    // read.
    match keep {
        (true, true) => {
            for k in 0..len {
                unsafe {
                    let e = *ptr.add(k);
                    let g = go(&e);
                    *ptr.add(l) = e;
                    *sp.add(r) = e;
                    l += g;
                    r += 1 - g;
                }
            }
            seg[l..].copy_from_slice(&scratch[..r]);
        }
        (true, false) => {
            for k in 0..len {
                unsafe {
                    let e = *ptr.add(k);
                    *ptr.add(l) = e;
                    l += go(&e);
                }
            }
        }
        (false, true) => {
            for k in 0..len {
                unsafe {
                    let e = *ptr.add(k);
                    *sp.add(r) = e;
                    r += 1 - go(&e);
                }
            }
            seg[len - r..].copy_from_slice(&scratch[..r]);
        }
        (false, false) => {}
    }
}

/// What the stack of nodes to grow holds.
struct Pending {
    start: usize,
    end: usize,
    depth: usize,
    /// Weighted positives, weighted negatives, samples (with multiplicity).
    totals: (f64, f64, usize),
    /// The parent node and whether this is its left child (none for the root).
    parent: Option<(usize, bool)>,
}

/// Fits a tree; `rng` draws the order in which each node visits the features.
pub fn fit<R: Rng>(data: &TrainData<'_>, params: CartParams, rng: &mut R) -> Result<Tree> {
    fit_with(data, params, rng, false)
}

/// [`fit`], evaluating every cut when `exhaustive` (the reference the
/// tests compare the skipping scan with).
fn fit_with<R: Rng>(
    data: &TrainData<'_>,
    params: CartParams,
    rng: &mut R,
    exhaustive: bool,
) -> Result<Tree> {
    data.validate()?;
    if params.min_samples_leaf < 1 {
        return Err(Error::invalid(
            "min_samples_leaf",
            params.min_samples_leaf,
            "min_samples_leaf must be >= 1",
        ));
    }
    let (n, d) = (data.n, data.d);
    BUFFERS.with(|b| {
        let mut b = b.borrow_mut();
        let Buffers {
            order,
            scratch,
            keys,
            tmp,
            goes_left,
            w,
        } = &mut *b;
        prepare(order, n * d)?;
        prepare(scratch, n)?;
        prepare(keys, n)?;
        prepare(tmp, n)?;
        prepare(goes_left, n)?;
        prepare(w, n)?;
        let tree = grow(
            data, params, rng, exhaustive, order, scratch, keys, tmp, goes_left, w,
        );
        // Keep the memory of ordinary fits; give back that of a huge one.
        if std::mem::size_of_val(&order[..]) > KEEP_BYTES {
            *b = Buffers::default();
        }
        tree
    })
}

/// Per-thread buffers larger than this are freed after use.
pub(crate) const KEEP_BYTES: usize = 64 << 20;

/// Buffers of a tree's growth, kept per thread: fits run one after another
/// on each thread, and fresh megabytes per fit would cost page faults.
#[derive(Default)]
struct Buffers {
    order: Vec<Entry>,
    scratch: Vec<Entry>,
    keys: Vec<u64>,
    tmp: Vec<u64>,
    goes_left: Vec<u8>,
    w: Vec<f64>,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// Gives `v` the length `len` (contents unspecified), or an error.
fn prepare<T: Default + Copy>(v: &mut Vec<T>, len: usize) -> Result<()> {
    if len > v.len() {
        v.try_reserve(len - v.len())
            .map_err(|_| Error::OutOfMemory {
                what: "the tree's buffers".into(),
                bytes: len.saturating_mul(std::mem::size_of::<T>()),
            })?;
    }
    v.resize(len, T::default());
    Ok(())
}

/// Grows the tree in the given buffers (each of the length it needs).
#[allow(clippy::too_many_arguments)]
fn grow<R: Rng>(
    data: &TrainData<'_>,
    params: CartParams,
    rng: &mut R,
    exhaustive: bool,
    order: &mut [Entry],
    scratch: &mut [Entry],
    keys: &mut Vec<u64>,
    tmp: &mut Vec<u64>,
    goes_left: &mut [u8],
    w: &mut [f64],
) -> Result<Tree> {
    let (n, d) = (data.n, data.d);
    let x = data.x;
    let cnt = data.m;
    // The signed weight of each sample.
    for (i, w) in w.iter_mut().enumerate() {
        let v = data.w[i] * data.m[i] as f64;
        *w = if data.y[i] != 0 { v } else { -v };
    }

    // Each feature's samples in ascending order of its values.
    for j in 0..d {
        let col = &x[j * n..(j + 1) * n];
        for (i, (k, &v)) in keys.iter_mut().zip(col).enumerate() {
            *k = ((key(v) as u64) << 32) | i as u64;
        }
        radix_sort_high(keys, tmp);
        for (o, k) in order[j * n..(j + 1) * n].iter_mut().zip(keys.iter()) {
            let i = *k as u32 as usize;
            *o = Entry {
                x: col[i],
                idx: i as u32,
                w: w[i],
            };
        }
    }

    let mut features: Vec<usize> = (0..d).collect();
    let mut nodes: Vec<Node> = try_with_capacity("the tree", 64)?;
    let mut stack: Vec<Pending> = try_with_capacity("the tree", 64)?;
    let msl = params.min_samples_leaf;
    // The totals of a segment of a feature's list.
    let sums = |seg: &[Entry]| {
        let (mut tp, mut tn) = (0.0f64, 0.0f64);
        for e in seg {
            let (a, b) = class_weights(e);
            tp += a;
            tn += b;
        }
        // Samples with multiplicity; an impure node has at least 2 anyway,
        // so with min_samples_leaf = 1 they need not be counted.
        let tc = if msl > 1 {
            seg.iter().map(|e| cnt[e.idx as usize] as usize).sum()
        } else {
            seg.len()
        };
        (tp, tn, tc)
    };
    // Whether a node of these totals at this depth is a leaf.
    let leaf = |(tp, tn, tc): (f64, f64, usize), depth: usize| {
        let tw = tp + tn;
        let impurity = 1.0 - (tp / tw) * (tp / tw) - (tn / tw) * (tn / tw);
        depth >= params.max_depth || tc < 2 || tc < 2 * msl || impurity <= f64::EPSILON
    };
    stack.push(Pending {
        start: 0,
        end: n,
        depth: 0,
        totals: sums(&order[..n]),
        parent: None,
    });
    let mut depth = 0;

    while let Some(Pending {
        start,
        end,
        depth: node_depth,
        totals,
        parent,
    }) = stack.pop()
    {
        let id = nodes.len();
        if let Some((p, is_left)) = parent {
            if is_left {
                nodes[p].left = id as u32;
            } else {
                nodes[p].right = id as u32;
            }
        }
        depth = depth.max(node_depth);
        let (tp, tn, tc) = totals;
        let tw = tp + tn;
        nodes.try_reserve(1).map_err(|_| Error::OutOfMemory {
            what: "the tree".into(),
            bytes: std::mem::size_of::<Node>(),
        })?;
        nodes.push(Node {
            feature: u32::MAX,
            left: 0,
            right: 0,
            positive: tp > tn,
            threshold: 0.0,
            value: tp / tw,
        });
        if leaf(totals, node_depth) {
            continue;
        }

        // The best split: (proxy, feature, position in the sorted segment, threshold).
        let mut best: Best = None;
        // Fisher-Yates, drawn per node.
        for k in (1..d).rev() {
            let r = rng.random_range(0..=k);
            features.swap(k, r);
        }
        for &f in &features {
            let seg = &order[f * n + start..f * n + end];
            if seg[seg.len() - 1].x as f64 <= seg[0].x as f64 + FEATURE_THRESHOLD {
                continue;
            }
            let totals = Totals { tp, tn, tc, msl };
            scan(seg, cnt, totals, f, &mut best, exhaustive);
        }
        let Some((_, f, p, below)) = best else {
            continue;
        };
        let above = order[f * n + start + p].x as f64;
        let mut threshold = below / 2.0 + above / 2.0;
        if threshold == above || threshold.is_infinite() {
            threshold = below;
        }
        // The children's totals, and which of them are leaves: the order of
        // a leaf's samples is never read again, so it is not kept.
        let left = sums(&order[f * n + start..f * n + start + p]);
        let right = sums(&order[f * n + start + p..f * n + end]);
        let keep = (!leaf(left, node_depth + 1), !leaf(right, node_depth + 1));
        // Partition every feature's segment stably: left samples first.
        if keep != (false, false) {
            for e in &order[f * n + start..f * n + start + p] {
                goes_left[e.idx as usize] = 1;
            }
            for e in &order[f * n + start + p..f * n + end] {
                goes_left[e.idx as usize] = 0;
            }
            for g in 0..d {
                if g != f {
                    partition(
                        &mut order[g * n + start..g * n + end],
                        scratch,
                        goes_left,
                        keep,
                    );
                }
            }
        }
        nodes[id].feature = f as u32;
        nodes[id].threshold = threshold;
        // Right pushed first so that the left child is grown first.
        stack.push(Pending {
            start: start + p,
            end,
            depth: node_depth + 1,
            totals: right,
            parent: Some((id, false)),
        });
        stack.push(Pending {
            start,
            end: start + p,
            depth: node_depth + 1,
            totals: left,
            parent: Some((id, true)),
        });
    }
    Ok(Tree { nodes, depth, d })
}

impl Tree {
    /// The depth of the deepest leaf (0 for a single leaf).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The leaf of one sample, whose feature `j` is `feature(j)`.
    #[inline]
    fn leaf(&self, feature: impl Fn(usize) -> f64) -> &Node {
        let mut k = 0;
        loop {
            let node = &self.nodes[k];
            if node.feature == u32::MAX {
                return node;
            }
            // Read as float32, as scikit-learn does.
            let v = feature(node.feature as usize) as f32 as f64;
            k = if v <= node.threshold {
                node.left
            } else {
                node.right
            } as usize;
        }
    }

    /// Scores (the weighted share of positives of the leaf) and predictions
    /// (1 where the leaf's positives outweigh its negatives) of the `n`
    /// samples of `x`, stored by column (`x[j * n + i]`).
    pub fn predict(&self, x: &[f64], n: usize) -> Result<(Vec<f64>, Vec<u8>)> {
        if x.len() != n.saturating_mul(self.d) {
            return Err(Error::invalid(
                "X_test",
                format!("{} values for {n} samples", x.len()),
                format!("X_test must have {} features", self.d),
            ));
        }
        let mut scores: Vec<f64> = try_zeroed("the scores", n)?;
        let mut pred: Vec<u8> = try_zeroed("the predictions", n)?;
        for i in 0..n {
            let leaf = self.leaf(|j| x[j * n + i]);
            scores[i] = leaf.value;
            pred[i] = leaf.positive as u8;
        }
        Ok((scores, pred))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn separable_data_gives_a_stump_and_weights_move_the_prediction() {
        // One feature: negatives at 0, 1, 2; positives at 3, 4.
        let x = [0.0f32, 1.0, 2.0, 3.0, 4.0];
        let y = [0u8, 0, 0, 1, 1];
        let w = [1.0; 5];
        let m = [1u32; 5];
        let data = TrainData {
            x: &x,
            y: &y,
            w: &w,
            m: &m,
            n: 5,
            d: 1,
        };
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(0);
        let t = fit(&data, CartParams::default(), &mut rng).unwrap();
        assert_eq!(t.depth(), 1);
        assert_eq!(t.node_count(), 3);
        let (s, p) = t.predict(&[2.4, 2.6], 2).unwrap();
        assert_eq!((s, p), (vec![0.0, 1.0], vec![0, 1]));

        // Overlapping classes at one value: the leaf holds both, weights decide.
        let x = [0.0f32, 0.0, 1.0];
        let y = [0u8, 1, 1];
        let w = [3.0, 2.0, 1.0];
        let m = [1u32; 3];
        let data = TrainData {
            x: &x,
            y: &y,
            w: &w,
            m: &m,
            n: 3,
            d: 1,
        };
        let t = fit(&data, CartParams::default(), &mut rng).unwrap();
        let (s, p) = t.predict(&[0.0], 1).unwrap();
        assert_eq!((s, p), (vec![0.4], vec![0]));
        // Equal weights: a tie goes to the negative class.
        let w = [2.0, 2.0, 1.0];
        let t = fit(
            &TrainData { w: &w, ..data },
            CartParams::default(),
            &mut rng,
        )
        .unwrap();
        assert_eq!(t.predict(&[0.0], 1).unwrap().1, vec![0]);
        // min_samples_leaf = 2 forbids the split.
        let p2 = CartParams {
            max_depth: usize::MAX,
            min_samples_leaf: 2,
        };
        assert_eq!(fit(&data, p2, &mut rng).unwrap().depth(), 0);
    }

    #[test]
    fn skipping_one_class_stretches_finds_the_split_of_the_exhaustive_scan() {
        let mut lcg = crate::sweep::testing::Lcg(11);
        for case in 0..40 {
            let (n, d) = (300 + 37 * case, 3);
            // Few distinct values in some cases (ties), unequal weights.
            let levels = if case % 3 == 0 { 7 } else { 1 << 20 };
            let x: Vec<f32> = (0..n * d)
                .map(|_| (lcg.next() % levels) as f32 / 16.0)
                .collect();
            let y: Vec<u8> = (0..n).map(|_| (lcg.next() % 10 == 0) as u8).collect();
            let w: Vec<f64> = y
                .iter()
                .map(|&l| if l != 0 { 1.0 + case as f64 } else { 1.0 })
                .collect();
            let m = vec![1u32; n];
            let data = TrainData {
                x: &x,
                y: &y,
                w: &w,
                m: &m,
                n,
                d,
            };
            let fast = fit(
                &data,
                CartParams::default(),
                &mut rand_pcg::Pcg64Mcg::seed_from_u64(case as u64),
            )
            .unwrap();
            let slow = fit_with(
                &data,
                CartParams::default(),
                &mut rand_pcg::Pcg64Mcg::seed_from_u64(case as u64),
                true,
            )
            .unwrap();
            assert_eq!(fast.node_count(), slow.node_count(), "case {case}");
            for (a, b) in fast.nodes.iter().zip(&slow.nodes) {
                assert_eq!(
                    (a.feature, a.threshold, a.value),
                    (b.feature, b.threshold, b.value)
                );
            }
        }
    }

    #[test]
    fn bad_training_data_is_an_error() {
        let data = TrainData {
            x: &[f32::NAN],
            y: &[0],
            w: &[1.0],
            m: &[1],
            n: 1,
            d: 1,
        };
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(0);
        assert!(fit(&data, CartParams::default(), &mut rng).is_err());
        let data = TrainData {
            x: &[1.0],
            w: &[-1.0],
            ..data
        };
        assert!(fit(&data, CartParams::default(), &mut rng)
            .unwrap_err()
            .to_string()
            .contains("sample_weight"));
    }
}
