//! Brent's root finder (zeroin): bisection's guarantee with the speed of
//! secant and inverse quadratic steps. Used by the optimiser of the theory (on
//! the exact derivative of a metric) and by the inverse of the AUC formula.

/// A root of `f` in `[a, b]`, where `f(a)` and `f(b)` have opposite signs (or
/// one is zero), to within `2 * f64::EPSILON * |x| + xtol`.
///
/// Precondition, checked by every caller: `fa = f(a)` and `fb = f(b)` bracket
/// a root. If they do not, the nearer end is returned.
pub fn zeroin(mut f: impl FnMut(f64) -> f64, a: f64, b: f64, fa: f64, fb: f64, xtol: f64) -> f64 {
    let (mut a, mut b, mut fa, mut fb) = (a, b, fa, fb);
    if fa == 0.0 {
        return a;
    }
    if fb == 0.0 {
        return b;
    }
    if fa.signum() == fb.signum() {
        return if fa.abs() < fb.abs() { a } else { b };
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..200 {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * xtol;
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            return b;
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            // Interpolate: secant when only two points are distinct, inverse
            // quadratic otherwise.
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                let qa = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * m * qa * (qa - r) - (b - a) * (r - 1.0));
                q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roots_to_full_precision() {
        let r = zeroin(|x| x * x - 2.0, 0.0, 2.0, -2.0, 2.0, 0.0);
        assert!((r - 2f64.sqrt()).abs() <= 4.0 * f64::EPSILON);
        let r = zeroin(|x| x.cos() - x, 0.0, 1.0, 1.0, 1f64.cos() - 1.0, 0.0);
        assert!((r.cos() - r).abs() < 1e-15);
        // a step function: bisection guarantee
        let r = zeroin(
            |x| if x < 0.3 { 1.0 } else { -1.0 },
            0.0,
            1.0,
            1.0,
            -1.0,
            1e-12,
        );
        assert!((r - 0.3).abs() < 1e-11);
    }
}
