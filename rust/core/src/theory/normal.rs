//! The standard normal distribution to full relative accuracy in both tails,
//! with arguments carried as unevaluated sums `hi + lo` (double-double) where
//! the argument itself is the result of a computation.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// `1/sqrt(2)` to double-double: `FRAC_1_SQRT_2 + SQRT_HALF_LO`.
const SQRT_HALF_LO: f64 = -4.833_646_656_726_457e-17;
/// `ln(2 pi) / 2`.
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
/// Beyond this argument the upper tail is below the normal range (`Q(37.5)`
/// is about `5e-308`), so it is taken in logarithms.
const TAIL: f64 = 37.5;

/// A number as an unevaluated sum `hi + lo` with `|lo| <= ulp(hi)/2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dd {
    pub hi: f64,
    pub lo: f64,
}

impl Dd {
    pub fn new(x: f64) -> Dd {
        Dd { hi: x, lo: 0.0 }
    }

    /// `a + b`, exactly (Knuth's two-sum), then normalised.
    pub fn add(self, o: Dd) -> Dd {
        let s = self.hi + o.hi;
        let bb = s - self.hi;
        let err = (self.hi - (s - bb)) + (o.hi - bb);
        quick(s, err + self.lo + o.lo)
    }

    pub fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    /// `self * k` for a double `k`.
    pub fn mul(self, k: f64) -> Dd {
        let p = self.hi * k;
        let err = self.hi.mul_add(k, -p);
        quick(p, err + self.lo * k)
    }

    /// `x / k` for doubles, to double-double.
    pub fn div(x: f64, k: f64) -> Dd {
        let q = x / k;
        // x - q*k exactly, divided by k: the next digits of the quotient.
        let r = (-q).mul_add(k, x);
        quick(q, r / k)
    }

    pub fn val(self) -> f64 {
        self.hi + self.lo
    }
}

fn quick(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd {
        hi: s,
        lo: b - (s - a),
    }
}

/// The density `phi(y)`.
pub fn pdf(y: f64) -> f64 {
    ln_pdf(y).exp()
}

/// `ln phi(y)`.
pub fn ln_pdf(y: f64) -> f64 {
    -0.5 * y * y - HALF_LN_2PI
}

/// The upper tail `Q(y) = P(N > y) = erfc(y/sqrt 2)/2`, to full relative
/// accuracy for every `y` where it is a normal number: the division by
/// `sqrt 2` is carried to double-double and its rounding corrected to first
/// order, since `erfc` amplifies a relative error `e` of its argument `t`
/// to about `2 t^2 e`.
pub fn q(y: Dd) -> f64 {
    let t = y.hi * FRAC_1_SQRT_2;
    let r = y.hi.mul_add(FRAC_1_SQRT_2, -t) + y.hi * SQRT_HALF_LO + y.lo * FRAC_1_SQRT_2;
    // erfc(t + r) = erfc(t) - r 2/sqrt(pi) e^(-t^2) (1 + O(t r)).
    0.5 * libm::erfc(t) - r * (-t * t).exp() / PI.sqrt()
}

/// `ln Q(y)` for every `y`, as `hi + lo`: beyond [`TAIL`] from the
/// asymptotic series of Mills' ratio, with `y^2/2` exact to double-double
/// (`hi` is `-y^2/2` rounded, `lo` the rest), so that a caller that subtracts
/// a large offset from it loses nothing.
pub fn ln_q(y: Dd) -> Dd {
    if y.hi < TAIL {
        let v = q(y);
        let l = if v > 0.5 {
            (-q(y.neg())).ln_1p()
        } else {
            v.ln()
        };
        return Dd::new(l);
    }
    // Q(y) = phi(y)/y * S, S = 1 - 1/y^2 + 3/y^4 - 15/y^6 + ..., whose terms
    // shrink while (2k-1)/y^2 < 1: at y >= 37.5 the twelfth is below 1e-30.
    let yy = y.hi;
    let w = 1.0 / (yy * yy);
    let mut term = 1.0;
    let mut s = 1.0;
    for k in 1..=12 {
        term *= -((2 * k - 1) as f64) * w;
        s += term;
    }
    // y^2 = hi^2 + 2 hi lo (+ lo^2, negligible), hi^2 exact as h + l.
    let h = yy * yy;
    let l = yy.mul_add(yy, -h) + 2.0 * yy * y.lo;
    let rest = -0.5 * l - (yy + y.lo).ln() - HALF_LN_2PI + s.ln();
    quick(-0.5 * h, rest)
}

/// `Q^-1(p)`: the `y` with `Q(y) = p`, for `0 < p < 1`; Newton's method on
/// `ln Q`, which is concave, from the tail asymptote.
pub fn q_inv(p: f64) -> f64 {
    if p > 0.5 {
        // 1 - p is exact here (Sterbenz).
        return -q_inv_upper(1.0 - p);
    }
    q_inv_upper(p)
}

/// `Q^-1(p)` for `0 <= p <= 1/2`.
fn q_inv_upper(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::INFINITY;
    }
    let lp = p.ln();
    let mut y = if p > 0.2 {
        (0.5 - p) * (2.0 * PI).sqrt()
    } else {
        let l = -2.0 * lp;
        (l - l.ln() - (2.0 * PI).ln()).max(0.0).sqrt()
    };
    for _ in 0..60 {
        let lq = ln_q(Dd::new(y)).val();
        // d ln Q / dy = -phi(y)/Q(y), in logarithms.
        let slope = -(-0.5 * y * y - HALF_LN_2PI - lq).exp();
        let step = (lq - lp) / slope;
        y -= step;
        if step.abs() <= 1e-16 * y.abs().max(1e-300) {
            break;
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Q(0) = 1/2, Q(1) and Q(10) to 16 digits (tables of erfc).
        assert_eq!(q(Dd::new(0.0)), 0.5);
        let q1 = 0.158_655_253_931_457_05;
        assert!((q(Dd::new(1.0)) / q1 - 1.0).abs() < 4e-16);
        let q10 = 7.619_853_024_160_526e-24;
        assert!((q(Dd::new(10.0)) / q10 - 1.0).abs() < 4e-15);
        // The two branches of ln Q meet at the tail boundary.
        let a = ln_q(Dd::new(37.49999)).val();
        let b = ln_q(Dd::new(37.5)).val();
        assert!((a - b).abs() < 1e-3 && a > b);
        for p in [1e-300, 1e-20, 0.01, 0.3, 0.5, 0.7, 0.999] {
            let y = q_inv(p);
            assert!((q(Dd::new(y)) / p - 1.0).abs() < 1e-13, "{p} {y}");
        }
    }
}
