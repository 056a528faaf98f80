//! `e^a` and `e^a - 1` together, each to full relative accuracy, from one
//! polynomial and without branches, so that loops over whole grids vectorize.
//!
//! The landing point needs `x = u^(1/p)` and `1 - x` (and the same for `z`),
//! both to full relative accuracy: `1 - x` is `-(e^a - 1)` with `a = ln(u)/p`.
//! The C library offers `exp` and `expm1` as separate scalar calls, about
//! 15 ns each here; this computes both for the price of one polynomial.
//!
//! Method (as in fdlibm's `expm1`): `a = k ln 2 + r` with `|r| <= ln(2)/2`
//! (Cody-Waite reduction), `expm1(r)` from its Taylor series to degree 14
//! (truncation below 4e-18 relative), then `e^a = 2^k (1 + expm1(r))` and
//! `e^a - 1 = 2^k expm1(r) + (2^k - 1)`, in which the two terms never cancel
//! badly (`k = 0` gives `expm1(r)` itself).

const LOG2_E: f64 = std::f64::consts::LOG2_E;
// The split of ln 2 as fdlibm writes it: digits beyond f64 are kept so
// that the constants read as published.
#[allow(clippy::excessive_precision)]
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1;
#[allow(clippy::excessive_precision)]
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
/// Adding then subtracting 1.5 * 2^52 rounds to the nearest integer.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// `1/n!` for n = 2..=14.
const INV_FACT: [f64; 13] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
    1.0 / 87178291200.0,
];

/// `(e^a, e^a - 1)`. Below `a = -708` the first is 0 and the second -1;
/// above 709 both are clamped to `e^709` (the theory never goes there).
#[inline(always)]
pub fn exp_pair(a: f64) -> (f64, f64) {
    let x = a.clamp(-708.0, 709.0);
    let t = x * LOG2_E + SHIFT;
    let kf = t - SHIFT;
    // t = SHIFT + k exactly, so k sits in the low bits of t.
    let k = (t.to_bits() as i64).wrapping_sub(SHIFT.to_bits() as i64);
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    let mut poly = INV_FACT[12];
    for c in INV_FACT[..12].iter().rev() {
        poly = poly * r + c;
    }
    let expm1_r = r + r * r * poly;
    let scale = f64::from_bits(((k + 1023) as u64) << 52);
    let e = scale + scale * expm1_r;
    let em1 = scale * expm1_r + (scale - 1.0);
    let under = a < -708.0;
    (if under { 0.0 } else { e }, if under { -1.0 } else { em1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_c_library_to_a_few_ulps() {
        let mut worst: f64 = 0.0;
        for i in 0..200_001 {
            let a = -40.0 + 45.0 * i as f64 / 200_000.0;
            let (e, em1) = exp_pair(a);
            worst = worst.max(((e - a.exp()) / a.exp()).abs());
            worst = worst.max(((em1 - a.exp_m1()) / a.exp_m1()).abs());
        }
        for &a in &[
            1e-300, -1e-300, 1e-12, -1e-9, 0.34, -0.35, 0.7, -0.7, 1.0, -1.0, 50.0, 700.0, -700.0,
        ] {
            let (e, em1) = exp_pair(a);
            worst = worst.max(((e - a.exp()) / a.exp()).abs());
            worst = worst.max(((em1 - a.exp_m1()) / a.exp_m1()).abs());
        }
        assert!(worst < 1e-15, "{worst}");
        assert_eq!(exp_pair(0.0), (1.0, 0.0));
        assert_eq!(exp_pair(f64::NEG_INFINITY), (0.0, -1.0));
        assert_eq!(exp_pair(-800.0), (0.0, -1.0));
    }
}
