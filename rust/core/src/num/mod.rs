//! Numerical building blocks: dual numbers for exact derivatives, `e^a` and
//! `e^a - 1` together, Brent's root finder, and numbers as messages show them.

pub mod expm;
pub mod real;
pub mod roots;

/// A number as error messages show it, the way Python's `repr` does: plain
/// for ordinary magnitudes, scientific otherwise (`1e-300`, not three hundred
/// digits; `1e+300`).
pub fn show(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let a = x.abs();
    if x == 0.0 || (1e-4..1e16).contains(&a) {
        return format!("{x:?}");
    }
    let s = format!("{x:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = exp.strip_prefix('-').map_or(("+", exp), |d| ("-", d));
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::show;

    #[test]
    fn numbers_show_as_python_repr_does() {
        assert_eq!(show(1e300), "1e+300");
        assert_eq!(show(-1e-300), "-1e-300");
        assert_eq!(show(1.5e-7), "1.5e-07");
        assert_eq!(show(0.5), "0.5");
        assert_eq!(show(-2.0), "-2.0");
        assert_eq!(show(f64::NAN), "nan");
        assert_eq!(show(f64::NEG_INFINITY), "-inf");
    }
}
