//! The one error type of the core. Every precondition a user can violate is
//! reported here, never by a panic: the binding maps it to `ImbcoreError`
//! (and [`Error::OutOfMemory`] to `MemoryError`, [`Error::Interrupted`] to
//! `KeyboardInterrupt`).

use std::fmt;

/// Why a call was refused. Messages name the argument, the value seen and
/// what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// An argument has a value outside what is allowed.
    InvalidArgument {
        /// The argument, as users name it.
        argument: String,
        /// The value seen, as users would write it.
        value: String,
        /// What is allowed instead.
        allowed: String,
    },
    /// A metric name that the table does not know.
    UnknownMetric {
        /// The name given.
        name: String,
        /// The names the table knows, listed for the message.
        known: String,
    },
    /// A result too large for the address space.
    TooLarge {
        /// What would have been allocated.
        what: String,
        /// How many elements it would hold.
        elements: u128,
    },
    /// The allocator refused memory.
    OutOfMemory {
        /// What was being allocated.
        what: String,
        /// How many bytes were asked for.
        bytes: usize,
    },
    /// The work was stopped by a request to interrupt (Ctrl-C).
    Interrupted,
}

/// The result type of the core.
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
            Error::UnknownMetric { name, known } => write!(
                f,
                "invalid metric: got {name:?}, which is unknown; known metrics are {known}"
            ),
            Error::TooLarge { what, elements } => write!(
                f,
                "{what} would hold {elements} float64 values ({:.1} GiB), \
                 more than can be allocated; use smaller inputs",
                (*elements as f64) * 8.0 / (1u64 << 30) as f64
            ),
            Error::OutOfMemory { what, bytes } => write!(
                f,
                "out of memory: {what} needed {bytes} bytes ({:.2} GiB) that could not be \
                 allocated; use smaller inputs or free memory",
                *bytes as f64 / (1u64 << 30) as f64
            ),
            Error::Interrupted => write!(f, "interrupted"),
        }
    }
}

impl std::error::Error for Error {}
