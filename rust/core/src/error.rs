//! The one error type of the core. Every precondition a user can violate is
//! reported here, never by a panic: the binding maps it to `ImbcoreError`.

use std::fmt;

/// Why a call was refused. Messages name the argument, the value seen and
/// what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// An argument has a value outside what is allowed.
    InvalidArgument {
        argument: String,
        value: String,
        allowed: String,
    },
    /// A metric name that the table does not know.
    UnknownMetric { name: String },
    /// A result that cannot be allocated.
    TooLarge { what: String, elements: u128 },
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid(
        argument: impl Into<String>,
        value: impl fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        Error::InvalidArgument {
            argument: argument.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument {
                argument,
                value,
                allowed,
            } => write!(f, "invalid {argument}: got {value}; {allowed}"),
            Error::UnknownMetric { name } => write!(
                f,
                "invalid metric: got {name:?}, which is unknown; known metrics are {}",
                crate::metric::KNOWN_METRICS.join(", ")
            ),
            Error::TooLarge { what, elements } => write!(
                f,
                "{what} would hold {elements} float64 values ({:.1} GiB), \
                 more than can be allocated; use smaller inputs",
                (*elements as f64) * 8.0 / (1u64 << 30) as f64
            ),
        }
    }
}

impl std::error::Error for Error {}

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

/// A zeroed vector of `len` elements, or an error if it could never be allocated.
///
/// The memory comes from the allocator's zeroed path (fresh pages, not
/// written by a memset) and is advised to be backed by huge pages: first
/// touching tens of megabytes of fresh 4 KiB pages costs more than sorting
/// them on these machines. The pages are then touched first by the parallel
/// writes that fill the vector.
pub fn try_zeroed<T: Clone + Default>(what: &str, len: usize) -> Result<Vec<T>> {
    if len
        .checked_mul(std::mem::size_of::<T>())
        .is_none_or(|b| b > isize::MAX as usize)
    {
        return Err(Error::TooLarge {
            what: what.to_string(),
            elements: len as u128,
        });
    }
    let v = vec![T::default(); len];
    crate::memory::advise_huge_pages(&v);
    Ok(v)
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
