//! Seeded data generators of the simulation engine.
//!
//! Both return a [`Dataset`]: features stored by column (each feature's `n`
//! values contiguous, as the learners read them) and labels `0`/`1`.
//!
//! # `binormal`
//!
//! Two Gaussian classes in `d` dimensions with identity covariance: the
//! negatives `N(0, I)`, the positives `N(s u, I)` with `u = (1, ..., 1) /
//! sqrt(d)`, so that their means lie `s` (`separation`) apart. The Bayes
//! score is the projection on `u`, which is `N(0, 1)` for negatives and
//! `N(s, 1)` for positives: the Bayes ROC curve is the binormal one and its
//! area is `AUC = Phi(s / sqrt(2))`. The number of positives is fixed,
//! `round(prevalence * n)` (the class balance of a fixed design, as
//! `make_classification` has), and the samples are in random order.
//!
//! # `make_classification`
//!
//! The algorithm of scikit-learn's `sklearn.datasets.make_classification`
//! for two classes, matching it in distribution (not bit for bit: the random
//! streams differ). With `n_informative = k`, `n_clusters_per_class = c`,
//! `class_sep = s`, `weights = (1 - prevalence,)`:
//!
//! 1. Class weights `w0 = 1 - prevalence`, `w1 = 1 - w0`. The `2c` clusters
//!    alternate classes (cluster `j` has class `j mod 2`) and get
//!    `floor(n * w_(j mod 2) / c)` samples each; the remaining samples go one
//!    each to clusters `0, 1, 2, ...`.
//! 2. The cluster centroids are `2c` distinct vertices of the hypercube
//!    `{0, 1}^k` (drawn without replacement; beyond 30 dimensions the extra
//!    coordinates are independent random bits), mapped to `{-s, s}^k`.
//! 3. The `k` informative features of every sample are standard normal; each
//!    cluster draws a matrix `A` with entries uniform on `[-1, 1)` and its
//!    samples become `x A + centroid` (a random covariance).
//! 4. `n_redundant` features are `X_inf B` with `B` uniform on `[-1, 1)`
//!    (`k x n_redundant`); `n_repeated` features copy features drawn from
//!    the informative and redundant ones (`floor((k + r - 1) u + 0.5)`); the
//!    remaining features are standard normal noise.
//! 5. With probability `flip_y`, a label is replaced by a random class
//!    (0 or 1 with equal probability: half of the draws keep the label).
//! 6. Every feature is shifted by `(2u - 1) s` and scaled by `1 + 100u`
//!    (`u` uniform on `[0, 1)`, one per feature).
//! 7. The features are permuted at random (the permutation is drawn first,
//!    and each feature is written where it lands). scikit-learn also
//!    shuffles the samples; the fits split them by a random permutation,
//!    which makes that shuffle redundant, so it is not done.

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

use crate::alloc::{try_with_capacity, try_zeroed};
use crate::error::{Error, Result};

/// A data set: `d` features of `n` samples stored column by column.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Feature `j` of sample `i` at `x[j * n + i]`.
    pub x: Vec<f64>,
    /// Labels, 1 for a positive.
    pub y: Vec<u8>,
    /// Samples.
    pub n: usize,
    /// Features.
    pub d: usize,
}

impl Dataset {
    /// Feature `j` of every sample.
    #[inline]
    pub fn column(&self, j: usize) -> &[f64] {
        &self.x[j * self.n..(j + 1) * self.n]
    }
}

/// The generators, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// Two Gaussian classes (see the module docs).
    Binormal,
    /// scikit-learn's `make_classification` algorithm (see the module docs).
    MakeClassification,
}

impl Generator {
    /// The known names, as listed in messages.
    pub const NAMES: &'static str = "'binormal', 'make_classification'";

    /// The generator of this name, or an error listing the known ones.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "binormal" => Ok(Generator::Binormal),
            "make_classification" => Ok(Generator::MakeClassification),
            _ => Err(Error::invalid(
                "generator",
                format!("{name:?}"),
                format!("known generators are {}", Self::NAMES),
            )),
        }
    }
}

/// The parameters of a generator (those of `make_classification`; binormal
/// reads `n_samples`, `n_features`, `separation`, `prevalence`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DataSpec {
    /// Which generator.
    pub generator: Generator,
    /// Samples.
    pub n_samples: usize,
    /// Features.
    pub n_features: usize,
    /// Informative features (`make_classification`).
    pub n_informative: usize,
    /// Redundant features (`make_classification`).
    pub n_redundant: usize,
    /// Repeated features (`make_classification`).
    pub n_repeated: usize,
    /// Clusters per class (`make_classification`).
    pub n_clusters_per_class: usize,
    /// `class_sep` (`make_classification`) or the distance of the means (binormal).
    pub separation: f64,
    /// The share of positives.
    pub prevalence: f64,
    /// The share of labels replaced at random (`make_classification`).
    pub flip_y: f64,
}

impl DataSpec {
    /// Checks the parameters; errors name the argument and what is allowed.
    pub fn validate(&self) -> Result<()> {
        if self.n_samples < 2 {
            return Err(Error::invalid(
                "n_samples",
                self.n_samples,
                "n_samples must be >= 2",
            ));
        }
        if self.n_features < 1 {
            return Err(Error::invalid(
                "n_features",
                self.n_features,
                "n_features must be >= 1",
            ));
        }
        // Keeps n_samples * n_features (and the hypercube) far from overflow.
        if self.n_samples.saturating_mul(self.n_features) > 1 << 32 {
            return Err(Error::invalid(
                "n_samples",
                format!("{} with n_features {}", self.n_samples, self.n_features),
                "n_samples * n_features must be at most 2^32",
            ));
        }
        if !(self.separation.is_finite() && self.separation >= 0.0) {
            return Err(Error::invalid(
                "separation",
                crate::num::show(self.separation),
                "separation must be finite and >= 0",
            ));
        }
        if !(self.prevalence > 0.0 && self.prevalence < 1.0) {
            return Err(Error::invalid(
                "prevalence",
                crate::num::show(self.prevalence),
                "prevalence must lie strictly between 0 and 1",
            ));
        }
        if !(0.0..=1.0).contains(&self.flip_y) {
            return Err(Error::invalid(
                "flip_y",
                crate::num::show(self.flip_y),
                "flip_y must lie in [0, 1]",
            ));
        }
        if self.generator == Generator::MakeClassification {
            let k = self.n_informative;
            if k < 1 {
                return Err(Error::invalid(
                    "n_informative",
                    k,
                    "n_informative must be >= 1",
                ));
            }
            if self.n_clusters_per_class < 1 {
                return Err(Error::invalid(
                    "n_clusters_per_class",
                    self.n_clusters_per_class,
                    "n_clusters_per_class must be >= 1",
                ));
            }
            let used = k
                .saturating_add(self.n_redundant)
                .saturating_add(self.n_repeated);
            if used > self.n_features {
                return Err(Error::invalid(
                    "n_informative",
                    format!(
                        "{k} with n_redundant {} and n_repeated {}",
                        self.n_redundant, self.n_repeated
                    ),
                    format!(
                        "n_informative + n_redundant + n_repeated must be at most \
                         n_features ({})",
                        self.n_features
                    ),
                ));
            }
            let clusters = 2 * self.n_clusters_per_class as u128;
            if k < 64 && clusters > 1u128 << k {
                return Err(Error::invalid(
                    "n_clusters_per_class",
                    self.n_clusters_per_class,
                    format!(
                        "2 * n_clusters_per_class must be at most 2^n_informative ({})",
                        1u128 << k
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Generates the data set with `rng`.
    pub fn generate<R: Rng>(&self, rng: &mut R) -> Result<Dataset> {
        let mut out = Dataset {
            x: Vec::new(),
            y: Vec::new(),
            n: 0,
            d: 0,
        };
        self.generate_into(rng, &mut out)?;
        Ok(out)
    }

    /// Generates the data set with `rng` into `out`, reusing its memory.
    pub fn generate_into<R: Rng>(&self, rng: &mut R, out: &mut Dataset) -> Result<()> {
        self.validate()?;
        let (n, d) = (self.n_samples, self.n_features);
        refill(&mut out.x, n * d, "the features")?;
        refill(&mut out.y, n, "the labels")?;
        (out.n, out.d) = (n, d);
        match self.generator {
            Generator::Binormal => binormal(self, rng, &mut out.x, &mut out.y),
            Generator::MakeClassification => make_classification(self, rng, &mut out.x, &mut out.y),
        }
    }
}

/// Makes `v` hold `len` zeros, reusing its memory, or an error.
pub(crate) fn refill<T: Default + Copy>(v: &mut Vec<T>, len: usize, what: &str) -> Result<()> {
    v.clear();
    v.try_reserve(len).map_err(|_| Error::OutOfMemory {
        what: what.into(),
        bytes: len.saturating_mul(std::mem::size_of::<T>()),
    })?;
    v.resize(len, T::default());
    Ok(())
}

/// A standard normal draw.
#[inline]
fn normal<R: Rng>(rng: &mut R) -> f64 {
    rng.sample(StandardNormal)
}

/// A uniform draw on `[0, 1)`.
#[inline]
fn uniform<R: Rng>(rng: &mut R) -> f64 {
    rng.random::<f64>()
}

fn binormal<R: Rng>(spec: &DataSpec, rng: &mut R, x: &mut [f64], y: &mut [u8]) -> Result<()> {
    let (n, d) = (spec.n_samples, spec.n_features);
    let n_pos = ((spec.prevalence * n as f64).round() as usize).min(n);
    y[..n_pos].iter_mut().for_each(|l| *l = 1);
    y.shuffle(rng);
    let shift = spec.separation / (d as f64).sqrt();
    for col in x.chunks_exact_mut(n).take(d) {
        for (v, &l) in col.iter_mut().zip(y.iter()) {
            *v = normal(rng) + if l != 0 { shift } else { 0.0 };
        }
    }
    Ok(())
}

/// `count` distinct vertices of `{0, 1}^dims` as rows of 0/1 values.
fn hypercube<R: Rng>(count: usize, dims: usize, rng: &mut R) -> Result<Vec<Vec<f64>>> {
    let low = dims.min(30);
    let mut seen: Vec<u32> = try_with_capacity("the cluster centroids", count)?;
    let mut rows = try_with_capacity("the cluster centroids", count)?;
    for _ in 0..count {
        // Rejection: at most half of the 2^low vertices are taken (validated),
        // so a draw is new with probability at least 1/2.
        let v = loop {
            let v = rng.random_range(0..(1u64 << low)) as u32;
            if !seen.contains(&v) {
                break v;
            }
        };
        seen.push(v);
        let mut row: Vec<f64> = try_zeroed("the cluster centroids", dims)?;
        for r in row.iter_mut().take(dims - low) {
            *r = (rng.next_u32() & 1) as f64;
        }
        for b in 0..low {
            row[dims - low + b] = ((v >> (low - 1 - b)) & 1) as f64;
        }
        rows.push(row);
    }
    Ok(rows)
}

fn make_classification<R: Rng>(
    spec: &DataSpec,
    rng: &mut R,
    x: &mut [f64],
    y: &mut [u8],
) -> Result<()> {
    let (n, d, k) = (spec.n_samples, spec.n_features, spec.n_informative);
    let (nr, nrep) = (spec.n_redundant, spec.n_repeated);
    let c = spec.n_clusters_per_class;
    let sep = spec.separation;
    let w0 = 1.0 - spec.prevalence;
    let weights = [w0, 1.0 - w0];
    let n_clusters = 2 * c;
    let mut per_cluster: Vec<usize> = (0..n_clusters)
        .map(|j| (n as f64 * weights[j % 2] / c as f64) as usize)
        .collect();
    let assigned: usize = per_cluster.iter().sum();
    for i in 0..n.saturating_sub(assigned) {
        per_cluster[i % n_clusters] += 1;
    }

    // Where each feature lands (the final permutation of the features).
    let mut dst: Vec<usize> = (0..d).collect();
    dst.shuffle(rng);
    let at = |col: usize| dst[col] * n;
    let centroids = hypercube(n_clusters, k, rng)?;
    // Informative features, row by row within each cluster.
    let mut a: Vec<f64> = try_zeroed("the covariance matrix", k * k)?;
    let mut z: Vec<f64> = try_zeroed("a sample", k)?;
    let mut start = 0;
    for (j, &m) in per_cluster.iter().enumerate() {
        a.iter_mut().for_each(|v| *v = 2.0 * uniform(rng) - 1.0);
        for i in start..start + m {
            y[i] = (j % 2) as u8;
            z.iter_mut().for_each(|v| *v = normal(rng));
            for col in 0..k {
                let mut s = 0.0;
                for (r, zr) in z.iter().enumerate() {
                    s += zr * a[r * k + col];
                }
                x[at(col) + i] = s + (2.0 * centroids[j][col] - 1.0) * sep;
            }
        }
        start += m;
    }
    // Redundant features: X_inf B.
    if nr > 0 {
        let b: Vec<f64> = (0..k * nr).map(|_| 2.0 * uniform(rng) - 1.0).collect();
        for r in 0..nr {
            for i in 0..n {
                let mut s = 0.0;
                for col in 0..k {
                    s += x[at(col) + i] * b[col * nr + r];
                }
                x[at(k + r) + i] = s;
            }
        }
    }
    // Repeated features.
    let used = k + nr;
    for r in 0..nrep {
        let src = ((used as f64 - 1.0) * uniform(rng) + 0.5) as usize;
        let src = src.min(used - 1);
        x.copy_within(at(src)..at(src) + n, at(used + r));
    }
    // Noise features.
    for col in used + nrep..d {
        for v in x[at(col)..at(col) + n].iter_mut() {
            *v = normal(rng);
        }
    }
    // Label noise.
    if spec.flip_y > 0.0 {
        for l in y.iter_mut() {
            if uniform(rng) < spec.flip_y {
                *l = (rng.next_u32() & 1) as u8;
            }
        }
    }
    // Shift and scale.
    let shift: Vec<f64> = (0..d).map(|_| (2.0 * uniform(rng) - 1.0) * sep).collect();
    let scale: Vec<f64> = (0..d).map(|_| 1.0 + 100.0 * uniform(rng)).collect();
    for col in 0..d {
        for v in x[at(col)..at(col) + n].iter_mut() {
            *v = (*v + shift[col]) * scale[col];
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn spec(generator: Generator) -> DataSpec {
        DataSpec {
            generator,
            n_samples: 1000,
            n_features: 6,
            n_informative: 3,
            n_redundant: 1,
            n_repeated: 1,
            n_clusters_per_class: 2,
            separation: 1.0,
            prevalence: 0.1,
            flip_y: 0.0,
        }
    }

    #[test]
    fn class_counts_follow_the_design() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(1);
        let d = spec(Generator::MakeClassification)
            .generate(&mut rng)
            .unwrap();
        // scikit-learn's make_classification(1000, 6, n_informative=3,
        // n_redundant=1, n_repeated=1, weights=[0.9], flip_y=0) has 99
        // positives: 1 - 0.9 rounds below 0.1, so each positive cluster gets
        // 49 samples, and one of the 2 left over goes to a positive cluster.
        let pos: usize = d.y.iter().map(|&l| l as usize).sum();
        assert_eq!(pos, 99);
        let b = spec(Generator::Binormal).generate(&mut rng).unwrap();
        assert_eq!(b.y.iter().map(|&l| l as usize).sum::<usize>(), 100);
        assert_eq!(b.x.len(), 6000);
    }

    #[test]
    fn bad_parameters_are_errors() {
        let mut s = spec(Generator::MakeClassification);
        s.n_informative = 1;
        assert!(s
            .validate()
            .unwrap_err()
            .to_string()
            .contains("n_clusters_per_class"));
        let mut s = spec(Generator::MakeClassification);
        s.n_repeated = 5;
        assert!(s.validate().unwrap_err().to_string().contains("n_features"));
        let mut s = spec(Generator::Binormal);
        s.prevalence = 1.0;
        assert!(s.validate().unwrap_err().to_string().contains("prevalence"));
        assert!(Generator::parse("gauss")
            .unwrap_err()
            .to_string()
            .contains("'binormal'"));
    }
}
