//! The binormal tradeoff curve `TPR = Phi(a + b Phi^-1(FPR))`.
//!
//! It is the ROC of a score that is `N(0, 1)` on negatives and
//! `N(a/b, 1/b^2)` on positives (after a monotone transform). At the score
//! threshold `c` (on the negatives' scale): recall `x = Q(bc - a)`,
//! specificity `z = Q(-c)`, `1 - x = Q(a - bc)`, `1 - z = Q(c)`, with `Q` the
//! upper normal tail; each of the four is computed directly, so none loses
//! digits to `1 - (something close to 1)`. ROC-AUC is `Phi(a/sqrt(1+b^2))`.
//!
//! Landing rules (`K = alpha*beta/(1-beta)`):
//! * Bayes: the threshold maximises the utility `alpha*beta*x + (1-beta)*z`.
//!   Its stationary points solve `ln(b phi(a - bc)/phi(c)) = -ln K`, i.e.
//!   `(1-b^2) c^2 + 2ab c - a^2 + 2L = 0` with `L = ln(b K)`; for `b = 1`,
//!   `c = a/2 - L/a`. For `b != 1` the curve is not concave near one end
//!   (the likelihood ratio is not monotone), so both roots and both corners
//!   are compared: the point of the convex hull the rule picks.
//! * Expected loss: the threshold maximises `alpha*beta*ln x + (1-beta)*ln z`,
//!   whose derivative `-alpha*beta*b*lambda(a-bc) + (1-beta)*lambda(c)`
//!   (`lambda = phi/Phi`) decreases in `c`: one root, found by bisection
//!   refined by Brent's method.

use crate::error::{Error, Result};
use crate::metric::{Confusion, Metric};
use crate::num::real::Dual;
use crate::num::roots::zeroin;

use super::super::args::at;
use super::super::normal::{ln_pdf, ln_q, pdf, q, q_inv, Dd};
use super::super::rule::Rule;
use super::TradeoffCurve;

/// A binormal curve; `a` finite, `b` finite and > 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Binormal {
    /// The separation: `Phi^-1(TPR)` at `FPR = 1/2`.
    pub a: f64,
    /// The slope on the probit scale: the negatives' spread over the positives'.
    pub b: f64,
}

/// Checks the parameters, elementwise.
pub fn check(a: &[f64], b: &[f64]) -> Result<()> {
    if let Some(i) = a.iter().position(|a| !a.is_finite()) {
        return Err(Error::invalid(
            "a",
            at(a, i),
            "a (the separation of the binormal curve) must be finite",
        ));
    }
    if let Some(i) = b.iter().position(|&b| !(b.is_finite() && b > 0.0)) {
        return Err(Error::invalid(
            "b",
            at(b, i),
            "b (the slope of the binormal curve on the probit scale) must be finite and > 0",
        ));
    }
    Ok(())
}

/// Where the curve lands: the threshold `c` (double-double), or a corner.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Point {
    /// At a finite threshold; `dc` is `dc/d ln(alpha)`.
    At { c: Dd, dc: f64 },
    /// Everything predicted positive (`x = 1, z = 0`).
    AllPositive,
    /// Everything predicted negative (`x = 0, z = 1`).
    AllNegative,
}

/// `ln(alpha*beta*k/(1-beta))`, from one rounded quotient when that is a
/// normal number (an error of about one ulp of it, whatever the sizes of
/// `alpha` and `beta`).
fn ln_odds(alpha: f64, beta: f64, k: f64) -> f64 {
    let v = alpha * beta * k / (1.0 - beta);
    if v.is_normal() && v < 1e300 {
        v.ln()
    } else {
        alpha.ln() + beta.ln() + k.ln() - (-beta).ln_1p()
    }
}

impl Binormal {
    /// ROC-AUC: `Phi(a/sqrt(1+b^2))`.
    pub fn auc(&self) -> f64 {
        let s = self.a / self.b.hypot(1.0);
        q(Dd::new(-s))
    }

    /// `TPR = Phi(a + b Phi^-1(fpr))` = `Q(b Q^-1(fpr) - a)`.
    pub fn tpr(&self, fpr: f64) -> f64 {
        if fpr <= 0.0 {
            return 0.0;
        }
        if fpr >= 1.0 {
            return 1.0;
        }
        let y = q_inv(fpr);
        q(Dd::new(y).mul(self.b).add(Dd::new(-self.a)))
    }

    /// The net gain `alpha*beta*x - (1-beta)*(1-z)` of a threshold, relative
    /// to predicting everything negative (used to compare candidates).
    fn gain(&self, c: Dd, ab: f64, nb: f64) -> f64 {
        ab * q(c.mul(self.b).add(Dd::new(-self.a))) - nb * q(c)
    }

    /// The Bayes landing point.
    fn bayes(&self, alpha: f64, beta: f64) -> Point {
        let (a, b) = (self.a, self.b);
        let l = ln_odds(alpha, beta, b);
        let (ab, nb) = (alpha * beta, 1.0 - beta);
        let corner = if ab > nb {
            Point::AllPositive
        } else {
            Point::AllNegative
        };
        if b == 1.0 {
            if a > 0.0 {
                // c = a/2 - L/a, to double-double.
                let c = Dd::new(0.5 * a).add(Dd::div(l, a).neg());
                return Point::At { c, dc: -1.0 / a };
            }
            if a == 0.0 && ab == nb {
                return Point::At {
                    c: Dd::new(0.0),
                    dc: 0.0,
                };
            }
            return corner;
        }
        let big_a = 1.0 - b * b;
        let d = a * a - 2.0 * l * big_a;
        let mut best = (corner, (ab - nb).max(0.0));
        if d >= 0.0 {
            let sq = d.sqrt();
            let qq = -(a * b + if a * b >= 0.0 { sq } else { -sq });
            let roots = if qq != 0.0 {
                [qq / big_a, (2.0 * l - a * a) / qq]
            } else {
                [0.0, 0.0]
            };
            for c in roots {
                if !c.is_finite() {
                    continue;
                }
                let g = self.gain(Dd::new(c), ab, nb);
                if g > best.1 {
                    let dc = -1.0 / (big_a * c + a * b);
                    best = (
                        Point::At {
                            c: Dd::new(c),
                            dc: if dc.is_finite() { dc } else { 0.0 },
                        },
                        g,
                    );
                }
            }
        }
        best.0
    }

    /// The expected-loss landing point: the root in `c` of
    /// `ln(alpha*beta*b) + ln lambda(a - bc) - ln(1-beta) - ln lambda(c)`.
    fn expected_loss(&self, alpha: f64, beta: f64) -> Point {
        let (a, b) = (self.a, self.b);
        let l = ln_odds(alpha, beta, b);
        // ln lambda(y) = ln phi(y) - ln Phi(y) = ln phi(y) - ln Q(-y).
        let ln_lambda = |y: f64| ln_pdf(y) - ln_q(Dd::new(-y)).val();
        let f = |c: f64| l + ln_lambda(a - b * c) - ln_lambda(c);
        // f increases in c; bracket the root by doubling.
        let (mut lo, mut hi) = (-1.0, 1.0);
        let mut k = 0;
        while f(lo) > 0.0 && k < 2000 {
            hi = lo;
            lo *= 2.0;
            k += 1;
        }
        while f(hi) < 0.0 && k < 2000 {
            lo = hi;
            hi *= 2.0;
            k += 1;
        }
        let (flo, fhi) = (f(lo), f(hi));
        if !(flo <= 0.0 && fhi >= 0.0) {
            return if flo > 0.0 {
                Point::AllPositive
            } else {
                Point::AllNegative
            };
        }
        let c = zeroin(f, lo, hi, flo, fhi, 0.0);
        // dc/dt = -1 / (df/dc), with (ln lambda)'(y) = -y - lambda(y).
        let dlambda = |y: f64| -y - (ln_lambda(y)).exp();
        let dfdc = -b * dlambda(a - b * c) - dlambda(c);
        Point::At {
            c: Dd::new(c),
            dc: -1.0 / dfdc,
        }
    }

    fn land(&self, rule: Rule, alpha: f64, beta: f64) -> Point {
        match rule {
            Rule::Bayes => self.bayes(alpha, beta),
            Rule::ExpectedLoss => self.expected_loss(alpha, beta),
        }
    }

    /// `(x, z, 1 - x, 1 - z)` at a landing point.
    fn xz(&self, p: Point) -> [f64; 4] {
        match p {
            Point::AllPositive => [1.0, 0.0, 0.0, 1.0],
            Point::AllNegative => [0.0, 1.0, 1.0, 0.0],
            Point::At { c, .. } => {
                let y = c.mul(self.b).add(Dd::new(-self.a)); // bc - a
                [q(y), q(c.neg()), q(y.neg()), q(c)]
            }
        }
    }

    /// The expected confusion at a landing point with its derivative in
    /// `ln alpha`, and the factor that takes a total (a cost) back to
    /// fractions. When a tail is below the normal range, every entry comes
    /// from its logarithm, scaled by one factor `e^-k` as for the Lp curve.
    fn confusion(&self, p: Point, beta: f64, need_det: bool) -> (Confusion<Dual>, f64) {
        let nb = 1.0 - beta;
        let (c, dc) = match p {
            Point::At { c, dc } => (c, dc),
            _ => {
                let [x, z, omx, omz] = self.xz(p);
                let k = |v: f64| Dual::new(v, 0.0);
                return (
                    Confusion {
                        tp: k(beta * x),
                        fp: k(nb * omz),
                        fn_: k(beta * omx),
                        tn: k(nb * z),
                        det: k(beta * nb * (x + z - 1.0)),
                    },
                    1.0,
                );
            }
        };
        let (a, b) = (self.a, self.b);
        let y = c.mul(b).add(Dd::new(-a)); // bc - a
                                           // Derivatives in ln alpha: dx = -b phi(y) dc, dz = phi(c) dc.
        let (py, pc) = (pdf(y.hi), pdf(c.hi));
        let (dx, dz) = (-b * py * dc, pc * dc);
        if y.hi.abs() < 37.0 && c.hi.abs() < 37.0 {
            let ((x, omx), (omz, z)) = (tails(y), tails(c));
            let det = if need_det {
                beta * nb * normal_interval(c.neg(), y.neg())
            } else {
                f64::NAN
            };
            return (
                Confusion {
                    tp: Dual::new(beta * x, beta * dx),
                    fp: Dual::new(nb * omz, -nb * dz),
                    fn_: Dual::new(beta * omx, -beta * dx),
                    tn: Dual::new(nb * z, nb * dz),
                    det: Dual::new(det, beta * nb * (dx + dz)),
                },
                1.0,
            );
        }
        // Logarithms: ln x = ln Q(y), ln(1-x) = ln Q(-y), ln z = ln Q(-c),
        // ln(1-z) = ln Q(c).
        let (lx, lomx, lz, lomz) = (ln_q(y), ln_q(y.neg()), ln_q(c.neg()), ln_q(c));
        let (lb, lnb) = (beta.ln(), (-beta).ln_1p());
        let logs = [
            lx.add(Dd::new(lb)),
            lomz.add(Dd::new(lnb)),
            lomx.add(Dd::new(lb)),
            lz.add(Dd::new(lnb)),
        ];
        let k = (logs.iter().map(|l| l.hi).fold(f64::NEG_INFINITY, f64::max) - 354.0).round();
        let scaled = |l: Dd| l.add(Dd::new(-k)).val().exp();
        let [tp, fp, fn_, tn] = logs.map(scaled);
        // Derivatives from logarithms too (the densities may underflow):
        // d ln x / dt = -b dc phi(y)/x, and so on.
        let (lpy, lpc) = (ln_pdf(y.hi), ln_pdf(c.hi));
        let e = |l: f64| l.exp();
        let (rx, romx) = (-b * dc * e(lpy - lx.val()), b * dc * e(lpy - lomx.val()));
        let (rz, romz) = (dc * e(lpc - lz.val()), -dc * e(lpc - lomz.val()));
        let ddet = dc * (-b * e(lb + lnb + lpy - 2.0 * k) + e(lb + lnb + lpc - 2.0 * k));
        let det = if need_det {
            // x + z - 1 = x - (1 - z) (or (1-x) - z written the other way):
            // from the logarithms of the two small terms.
            let (small_a, small_b, sign) = if c.hi > 0.0 {
                (lx, lomz, 1.0)
            } else {
                (lz, lomx, 1.0)
            };
            let d = small_b.add(small_a.neg()).val();
            let (l, s) = if d < 0.0 {
                (small_a.val() + (-d.exp_m1()).ln(), sign)
            } else if d > 0.0 {
                (small_b.val() + (-(-d).exp_m1()).ln(), -sign)
            } else {
                (f64::NEG_INFINITY, 1.0)
            };
            s * (l + lb + lnb - 2.0 * k).exp()
        } else {
            f64::NAN
        };
        (
            Confusion {
                tp: Dual::new(tp, tp * rx),
                fp: Dual::new(fp, fp * romz),
                fn_: Dual::new(fn_, fn_ * romx),
                tn: Dual::new(tn, tn * rz),
                det: Dual::new(det, ddet),
            },
            k.exp(),
        )
    }

    /// The metric at the landing point of `(alpha, beta)`, with its
    /// derivative in `ln alpha`.
    fn metric_at(&self, rule: Rule, metric: &Metric, t: f64, beta: f64) -> Dual {
        let p = self.land(rule, t.exp(), beta);
        let (c, back) = self.confusion(p, beta, metric.needs_det());
        let v = metric.eval(&c);
        if metric.scales_with_counts() {
            v * Dual::new(back, 0.0)
        } else {
            v
        }
    }
}

/// `(Q(y), Q(-y))`: the smaller from `erfc`, the other as one minus it
/// (at least 1/2, so it loses nothing).
fn tails(y: Dd) -> (f64, f64) {
    if y.hi >= 0.0 {
        let small = q(y);
        (small, 1.0 - small)
    } else {
        let small = q(y.neg());
        (1.0 - small, small)
    }
}

/// `Phi(hi) - Phi(lo)` (signed), without cancellation: from `erf`-like sums
/// when the interval straddles 0, from a Taylor series of the density when
/// it is narrow, and as a difference of tails (which then keep most digits)
/// otherwise.
fn normal_interval(lo: Dd, hi: Dd) -> f64 {
    if hi.hi < lo.hi {
        return -normal_interval(hi, lo);
    }
    let w = hi.add(lo.neg()).val();
    let m = 0.5 * (hi.val() + lo.val());
    if w * (m.abs() + 1.0) < 0.06 {
        // int_{m-h}^{m+h} phi = 2h phi(m) sum_k He_2k(m) h^2k / (2k+1)!
        let h = 0.5 * w;
        let (m2, h2) = (m * m, h * h);
        let he2 = m2 - 1.0;
        let he4 = m2 * m2 - 6.0 * m2 + 3.0;
        let he6 = ((m2 - 15.0) * m2 + 45.0) * m2 - 15.0;
        let he8 = (((m2 - 28.0) * m2 + 210.0) * m2 - 420.0) * m2 + 105.0;
        let s = 1.0
            + h2 * (he2 / 6.0 + h2 * (he4 / 120.0 + h2 * (he6 / 5040.0 + h2 * he8 / 362_880.0)));
        return w * pdf(m) * s;
    }
    if lo.hi >= 0.0 {
        q(lo) - q(hi)
    } else if hi.hi <= 0.0 {
        q(hi.neg()) - q(lo.neg())
    } else {
        // Both tails outside are below 1/2.
        (0.5 - q(hi)) + (0.5 - q(lo.neg()))
    }
}

impl TradeoffCurve for Binormal {
    const PARAMS: &'static [&'static str] = &["a", "b"];

    fn check(params: &[&[f64]]) -> Result<()> {
        check(params[0], params[1])
    }

    fn new(params: &[f64]) -> Self {
        Binormal {
            a: params[0],
            b: params[1],
        }
    }

    fn auc(&self) -> f64 {
        Binormal::auc(self)
    }

    fn tpr(&self, fpr: f64) -> f64 {
        Binormal::tpr(self, fpr)
    }

    fn landing(&self, rule: Rule, alpha: f64, beta: f64) -> [f64; 4] {
        self.xz(self.land(rule, alpha, beta))
    }

    fn metric_at(&self, rule: Rule, metric: &Metric, t: f64, beta: f64) -> Dual {
        Binormal::metric_at(self, rule, metric, t, beta)
    }

    fn metric(&self, rule: Rule, metric: &Metric, alpha: f64, beta: f64) -> f64 {
        let p = self.land(rule, alpha, beta);
        let (conf, back) = self.confusion(p, beta, metric.needs_det());
        let v = metric.eval(&Confusion {
            tp: conf.tp.v,
            fp: conf.fp.v,
            fn_: conf.fn_.v,
            tn: conf.tn.v,
            det: conf.det.v,
        });
        if metric.scales_with_counts() {
            v * back
        } else {
            v
        }
    }

    /// Only a concave curve (`b = 1`, `a > 0`) lands without jumps.
    fn scan(&self, _rule: Rule) -> (usize, bool) {
        if self.b == 1.0 && self.a > 0.0 {
            (24, false)
        } else {
            (48, true)
        }
    }
}
