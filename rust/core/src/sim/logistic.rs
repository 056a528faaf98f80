//! L2-penalised weighted logistic regression by Newton's method (IRLS).
//!
//! It minimises scikit-learn's objective of `LogisticRegression(C=C,
//! penalty="l2", fit_intercept=True)`:
//!
//! ```text
//! C * sum_i w_i * log(1 + exp(-s_i * (x_i . coef + b)))  +  ||coef||^2 / 2
//! ```
//!
//! with `s_i = +-1` the label and the intercept `b` not penalised. Each step
//! solves `H step = g` (the Hessian by Cholesky) and backtracks until the
//! objective falls; it stops when the step no longer changes the
//! coefficients (relative change below 1e-13) or after 100 steps. The
//! objective is strictly convex in the coefficients; when one class is
//! absent the intercept has no finite optimum and grows until the steps
//! stall, as any solver's would.

use crate::alloc::try_zeroed;
use crate::error::{Error, Result};

/// `log(1 + exp(z))` without overflow.
#[inline]
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// The logistic function.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The linear scores `x . coef + b` of `n` samples stored by column.
pub fn decision(x: &[f64], n: usize, beta: &[f64]) -> Result<Vec<f64>> {
    let d = beta.len().saturating_sub(1);
    if beta.is_empty() || x.len() != n.saturating_mul(d) {
        return Err(Error::invalid(
            "X",
            format!("{} values for {n} samples", x.len()),
            format!("X must have {d} features"),
        ));
    }
    let mut eta: Vec<f64> = try_zeroed("the scores", n)?;
    eta.iter_mut().for_each(|e| *e = beta[d]);
    for (j, col) in x.chunks_exact(n.max(1)).enumerate().take(d) {
        let b = beta[j];
        for (e, v) in eta.iter_mut().zip(col) {
            *e += v * b;
        }
    }
    Ok(eta)
}

/// The objective at the linear scores `eta` and coefficients `beta`.
fn objective(eta: &[f64], y: &[u8], w: &[f64], c: f64, beta: &[f64]) -> f64 {
    let d = beta.len() - 1;
    let loss: f64 = eta
        .iter()
        .zip(y)
        .zip(w)
        .map(|((&e, &l), &wi)| wi * softplus(if l != 0 { -e } else { e }))
        .sum();
    c * loss + 0.5 * beta[..d].iter().map(|b| b * b).sum::<f64>()
}

/// Solves `a x = b` for a symmetric positive definite `a` (`k x k`, row
/// major) by Cholesky; `None` if `a` is not numerically positive definite.
fn cholesky_solve(a: &[f64], b: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut s = a[i * k + j];
            for t in 0..j {
                s -= l[i * k + t] * l[j * k + t];
            }
            if i == j {
                if s.is_nan() || s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    let mut z = b.to_vec();
    for i in 0..k {
        for t in 0..i {
            z[i] -= l[i * k + t] * z[t];
        }
        z[i] /= l[i * k + i];
    }
    for i in (0..k).rev() {
        for t in i + 1..k {
            z[i] -= l[t * k + i] * z[t];
        }
        z[i] /= l[i * k + i];
    }
    Some(z)
}

/// Fits the model to `n` samples of `d` features stored by column
/// (`x[j * n + i]`), labels `y` (nonzero = positive) and weights `w` (finite,
/// >= 0). Returns `d` coefficients followed by the intercept.
pub fn fit(x: &[f64], y: &[u8], w: &[f64], n: usize, d: usize, c: f64) -> Result<Vec<f64>> {
    if n == 0 || x.len() != n.saturating_mul(d) || y.len() != n || w.len() != n {
        return Err(Error::invalid(
            "X",
            format!(
                "{} values, {} labels, {} weights for {n} samples",
                x.len(),
                y.len(),
                w.len()
            ),
            format!(
                "give at least one sample, {d} features per sample and one label and weight each"
            ),
        ));
    }
    if !(c.is_finite() && c > 0.0) {
        return Err(Error::invalid(
            "C",
            crate::num::show(c),
            "C must be finite and > 0",
        ));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(Error::invalid(
            "X",
            format!("{} at flat index {i}", crate::num::show(x[i])),
            "features must be finite",
        ));
    }
    if let Some(i) = w.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        return Err(Error::invalid(
            "sample_weight",
            format!("{} at index {i}", crate::num::show(w[i])),
            "weights must be finite and >= 0",
        ));
    }
    let k = d + 1;
    let mut beta = vec![0.0; k];
    let mut eta = decision(x, n, &beta)?;
    let mut f = objective(&eta, y, w, c, &beta);
    let mut r: Vec<f64> = try_zeroed("the residuals", n)?;
    let mut h: Vec<f64> = try_zeroed("the curvatures", n)?;
    let mut hess = vec![0.0; k * k];
    let col = |j: usize| -> &[f64] { &x[j * n..(j + 1) * n] };
    for _ in 0..100 {
        // Residuals and curvatures, scaled by C and the weights.
        for i in 0..n {
            let p = sigmoid(eta[i]);
            let t = if y[i] != 0 { 1.0 } else { 0.0 };
            r[i] = c * w[i] * (p - t);
            h[i] = c * w[i] * p * (1.0 - p);
        }
        let mut g = vec![0.0; k];
        for j in 0..d {
            g[j] = col(j).iter().zip(&r).map(|(a, b)| a * b).sum::<f64>() + beta[j];
        }
        g[d] = r.iter().sum();
        // Hessian: X~' diag(h) X~ + diag(1, ..., 1, 0).
        for a in 0..k {
            for b in 0..=a {
                let s: f64 = match (a == d, b == d) {
                    (true, true) => h.iter().sum(),
                    (true, false) => col(b).iter().zip(&h).map(|(u, v)| u * v).sum(),
                    // b <= a < d: two feature columns.
                    (false, _) => col(a)
                        .iter()
                        .zip(col(b))
                        .zip(&h)
                        .map(|((u, v), z)| u * v * z)
                        .sum(),
                };
                hess[a * k + b] = s;
                hess[b * k + a] = s;
            }
        }
        for j in 0..d {
            hess[j * k + j] += 1.0;
        }
        // A tiny ridge keeps a vanishing curvature (one class only) solvable.
        let step = cholesky_solve(&hess, &g, k).or_else(|| {
            let mut hr = hess.clone();
            let scale = (0..k).map(|j| hess[j * k + j].abs()).fold(1e-300, f64::max);
            for j in 0..k {
                hr[j * k + j] += 1e-12 * scale;
            }
            cholesky_solve(&hr, &g, k)
        });
        let Some(step) = step else { break };
        let slope: f64 = g.iter().zip(&step).map(|(a, b)| a * b).sum();
        // Backtracking until the objective falls (Armijo).
        let mut t = 1.0;
        let mut accepted = false;
        let mut trial = vec![0.0; k];
        while t > 1e-10 {
            for j in 0..k {
                trial[j] = beta[j] - t * step[j];
            }
            let eta_t = decision(x, n, &trial)?;
            let f_t = objective(&eta_t, y, w, c, &trial);
            if f_t <= f - 1e-4 * t * slope || f_t <= f {
                let change = (0..k)
                    .map(|j| (trial[j] - beta[j]).abs() / (1.0 + beta[j].abs()))
                    .fold(0.0, f64::max);
                beta.copy_from_slice(&trial);
                eta = eta_t;
                f = f_t;
                accepted = change > 1e-13;
                break;
            }
            t *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    Ok(beta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gradient_vanishes_at_the_fit() {
        // Two features, overlapping classes, unequal weights.
        let n = 8;
        let x = [
            0.1, 0.5, -0.3, 1.2, 0.8, -1.0, 0.3, 2.0, // feature 0
            1.0, -0.5, 0.2, 0.1, -0.7, 0.4, 1.5, -0.2, // feature 1
        ];
        let y = [0u8, 1, 0, 1, 1, 0, 0, 1];
        let w = [1.0, 2.0, 1.0, 0.5, 3.0, 1.0, 1.0, 1.0];
        let c = 0.7;
        let beta = fit(&x, &y, &w, n, 2, c).unwrap();
        let eta = decision(&x, n, &beta).unwrap();
        for j in 0..3 {
            let mut g = if j < 2 { beta[j] } else { 0.0 };
            for i in 0..n {
                let xi = if j < 2 { x[j * n + i] } else { 1.0 };
                g += c * w[i] * (sigmoid(eta[i]) - y[i] as f64) * xi;
            }
            assert!(g.abs() < 1e-12, "{j}: {g}");
        }
    }

    #[test]
    fn one_class_and_bad_input_do_not_panic() {
        let beta = fit(&[0.0, 1.0], &[1, 1], &[1.0, 1.0], 2, 1, 1.0).unwrap();
        assert!(beta.iter().all(|b| b.is_finite()) && beta[1] > 5.0);
        assert!(fit(&[0.0], &[1], &[1.0], 1, 1, 0.0).is_err());
        assert!(fit(&[f64::NAN], &[1], &[1.0], 1, 1, 1.0).is_err());
    }
}
