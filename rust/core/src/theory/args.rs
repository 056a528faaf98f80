//! The checks of the theory's inputs: one place for every message.

use crate::error::{Error, Result};

/// Checks a weight: finite and > 0.
pub fn check_alpha(alpha: &[f64]) -> Result<()> {
    check_each(
        "alpha",
        alpha,
        |a| a.is_finite() && a > 0.0,
        "alpha must be finite and > 0",
    )
}

/// Checks a curve exponent: finite and >= 1.
pub fn check_p(p: &[f64]) -> Result<()> {
    check_each(
        "p",
        p,
        |p| p.is_finite() && p >= 1.0,
        "p must be finite and >= 1",
    )
}

/// Checks a prevalence: strictly between 0 and 1.
pub fn check_beta(beta: &[f64]) -> Result<()> {
    check_each(
        "beta",
        beta,
        |b| b > 0.0 && b < 1.0,
        "beta (the prevalence) must lie strictly between 0 and 1",
    )
}

/// Checks false-positive rates: in `[0, 1]`.
pub fn check_fpr(fpr: &[f64]) -> Result<()> {
    check_each(
        "fpr",
        fpr,
        |f| (0.0..=1.0).contains(&f),
        "fpr must lie in [0, 1]",
    )
}

/// Checks every element of `xs` with `ok`; the error names the first bad one
/// (with its index when there are several values).
pub fn check_each(
    name: &str,
    xs: &[f64],
    ok: impl Fn(f64) -> bool + Sync,
    allowed: &str,
) -> Result<()> {
    if xs.is_empty() {
        return Err(Error::invalid(
            name,
            "an empty array",
            format!("{allowed}; give at least one value"),
        ));
    }
    match xs.iter().position(|&x| !ok(x)) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(name, at(xs, i), allowed)),
    }
}

/// Element `i` of `xs` as an error shows it (with its index when there are
/// several values).
pub fn at(xs: &[f64], i: usize) -> String {
    if xs.len() == 1 {
        crate::num::show(xs[i])
    } else {
        format!("{} at index {i}", crate::num::show(xs[i]))
    }
}

/// Checks the search interval of an optimiser.
pub fn check_bounds(bounds: (f64, f64)) -> Result<()> {
    let (lo, hi) = bounds;
    if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && hi > lo) {
        return Err(Error::invalid(
            "bounds",
            format!("({lo}, {hi})"),
            "bounds must be two finite weights with 0 < low < high",
        ));
    }
    Ok(())
}

/// Checks that broadcast inputs have one length; returns it.
pub fn check_same_len(args: &[(&str, usize)]) -> Result<usize> {
    let (first, n) = args[0];
    for &(name, m) in &args[1..] {
        if m != n {
            return Err(Error::invalid(
                name,
                format!("length {m}"),
                format!("{name} must have the same length as {first} ({n})"),
            ));
        }
    }
    Ok(n)
}
