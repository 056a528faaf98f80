//! The one mapping from core errors to Python exceptions.
//!
//! `ImbcoreError` is defined in Python (`imbcore.errors`), where users import
//! it and where it pickles like any Python exception; the binding raises that
//! very class. Allocation failures become `MemoryError`, interrupts
//! `KeyboardInterrupt`.

use imbcore_core::Error;
use pyo3::exceptions::{PyKeyboardInterrupt, PyMemoryError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static IMBCORE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `imbcore.errors.ImbcoreError` (imported once).
fn error_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    IMBCORE_ERROR.import(py, "imbcore.errors", "ImbcoreError")
}

/// An `ImbcoreError` with this message (a plain `ValueError` if the Python
/// package cannot be imported, which only a broken installation causes).
pub fn imbcore_error(message: impl Into<String>) -> PyErr {
    let message = message.into();
    Python::attach(|py| match error_class(py) {
        Ok(cls) => PyErr::from_type(cls.clone(), message),
        Err(_) => PyValueError::new_err(message),
    })
}

/// The Python exception for a core error.
pub fn to_py(e: Error) -> PyErr {
    match e {
        Error::OutOfMemory { .. } => PyMemoryError::new_err(e.to_string()),
        Error::Interrupted => PyKeyboardInterrupt::new_err(e.to_string()),
        _ => imbcore_error(e.to_string()),
    }
}
