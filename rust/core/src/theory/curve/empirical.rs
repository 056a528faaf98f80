//! A model's own ROC as the tradeoff curve: landing rules on its hull.
//!
//! Both rules maximise a utility that is linear in some coordinates of the
//! ROC points: the Bayes rule `alpha*beta*x + (1-beta)*z` in `(FPR, TPR)`,
//! the expected-loss rule `alpha*beta*ln x + (1-beta)*ln z` in
//! `(-ln z, ln x)`. A linear utility is maximised at a vertex of the upper
//! convex hull of the points, and the vertex it picks moves along the hull
//! as the weight grows. So each rule needs the hull once (`O(n)`, the points
//! arrive sorted), then a binary search per weight.

use crate::error::Result;
use crate::interrupt;

/// The indices of the vertices of the upper convex hull of points sorted by
/// `x` ascending (ties by `y` ascending), from the first point to the last
/// (Andrew's monotone chain). Collinear middle points are dropped.
pub fn upper_hull(x: &[f64], y: &[f64]) -> Result<Vec<usize>> {
    let n = x.len().min(y.len());
    let mut h: Vec<usize> = Vec::new();
    h.try_reserve(n.min(1 << 20))
        .map_err(|_| crate::error::Error::OutOfMemory {
            what: "the hull".into(),
            bytes: 8 * n,
        })?;
    for i in 0..n {
        if i % (1 << 20) == 0 {
            interrupt::check()?;
        }
        // Among points with equal x only the highest can be a vertex.
        if i + 1 < n && x[i + 1] == x[i] {
            continue;
        }
        while h.len() >= 2 {
            let (o, a) = (h[h.len() - 2], h[h.len() - 1]);
            // Cross product of (a - o) and (i - o): >= 0 means a is not
            // strictly above the chord from o to i.
            let cross = (x[a] - x[o]) * (y[i] - y[o]) - (y[a] - y[o]) * (x[i] - x[o]);
            if cross >= 0.0 {
                h.pop();
            } else {
                break;
            }
        }
        if h.len() == h.capacity() {
            h.try_reserve(h.len())
                .map_err(|_| crate::error::Error::OutOfMemory {
                    what: "the hull".into(),
                    bytes: 16 * h.len(),
                })?;
        }
        h.push(i);
    }
    Ok(h)
}
