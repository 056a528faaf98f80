//! The numbers the metric table is written over: plain `f64`, and a dual
//! number carrying a first derivative, so that the optimiser of the theory
//! gets exact derivatives of every metric from the same formulas (forward-mode
//! automatic differentiation) instead of noisy finite differences.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// Arithmetic the metric formulas need.
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// A constant (derivative zero).
    fn cst(x: f64) -> Self;
    /// The value part.
    fn val(self) -> f64;
    /// The square root.
    fn sqrt(self) -> Self;
    /// `(e^self, e^self - 1)`, both to full relative accuracy.
    fn exp_pair(self) -> (Self, Self);
}

impl Real for f64 {
    #[inline]
    fn cst(x: f64) -> Self {
        x
    }
    #[inline]
    fn val(self) -> f64 {
        self
    }
    #[inline]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    #[inline(always)]
    fn exp_pair(self) -> (Self, Self) {
        crate::num::expm::exp_pair(self)
    }
}

/// `v + d*eps` with `eps^2 = 0`: a value and its derivative along one direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual {
    /// The value.
    pub v: f64,
    /// The derivative.
    pub d: f64,
}

impl Dual {
    /// `v + d*eps`.
    pub fn new(v: f64, d: f64) -> Self {
        Dual { v, d }
    }
}

impl Add for Dual {
    type Output = Dual;
    #[inline]
    fn add(self, o: Dual) -> Dual {
        Dual::new(self.v + o.v, self.d + o.d)
    }
}
impl Sub for Dual {
    type Output = Dual;
    #[inline]
    fn sub(self, o: Dual) -> Dual {
        Dual::new(self.v - o.v, self.d - o.d)
    }
}
impl Mul for Dual {
    type Output = Dual;
    #[inline]
    fn mul(self, o: Dual) -> Dual {
        Dual::new(self.v * o.v, self.d * o.v + self.v * o.d)
    }
}
impl Div for Dual {
    type Output = Dual;
    #[inline]
    fn div(self, o: Dual) -> Dual {
        let q = self.v / o.v;
        Dual::new(q, (self.d - q * o.d) / o.v)
    }
}
impl Neg for Dual {
    type Output = Dual;
    #[inline]
    fn neg(self) -> Dual {
        Dual::new(-self.v, -self.d)
    }
}

impl Real for Dual {
    #[inline]
    fn cst(x: f64) -> Self {
        Dual::new(x, 0.0)
    }
    #[inline]
    fn val(self) -> f64 {
        self.v
    }
    #[inline]
    fn sqrt(self) -> Self {
        let s = self.v.sqrt();
        // d sqrt(v) = d / (2 sqrt(v)); at v = 0 the metric formulas never
        // differentiate through the square root (they return 0 first).
        Dual::new(s, if s > 0.0 { self.d / (2.0 * s) } else { 0.0 })
    }
    #[inline]
    fn exp_pair(self) -> (Self, Self) {
        let (e, em1) = crate::num::expm::exp_pair(self.v);
        (Dual::new(e, e * self.d), Dual::new(em1, e * self.d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dual_matches_hand_derivative() {
        // f(t) = sqrt(t) * exp(t) / (1 + t); f'(t) by hand.
        let t = 0.7_f64;
        let x = Dual::new(t, 1.0);
        let f = x.sqrt() * x.exp_pair().0 / (Dual::cst(1.0) + x);
        let want = t.sqrt() * t.exp() / (1.0 + t) * (0.5 / t + 1.0 - 1.0 / (1.0 + t));
        assert!((f.d - want).abs() < 1e-14 * want.abs());
        assert!((x.exp_pair().1.d - t.exp()).abs() < 1e-15);
    }
}
