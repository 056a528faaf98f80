//! Strings and small values from Python, converted once, here.
//!
//! Each `Wrap<T>` parses what users write (a rule, a curve family, a metric
//! name, a pair of noise rates) into the core's type; an unknown value gets
//! the core's error, which lists the allowed ones. Python keeps no copies of
//! those lists: it asks [`crate::theory::rules`] and friends.

use imbcore_core::theory::{Family, Noise, Rule};
use imbcore_core::Metric;
use pyo3::prelude::*;

use crate::errors::{imbcore_error, to_py};

/// A value converted from Python at the boundary.
pub struct Wrap<T>(pub T);

/// The string of an argument, or an error naming it.
fn string(obj: Borrowed<'_, '_, PyAny>, name: &str) -> PyResult<String> {
    obj.extract::<String>().map_err(|_| {
        imbcore_error(format!(
            "invalid {name}: got {}; pass a string",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    })
}

impl<'a, 'py> FromPyObject<'a, 'py> for Wrap<Rule> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Wrap(Rule::parse(&string(obj, "rule")?).map_err(to_py)?))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Wrap<Family> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Wrap(
            Family::parse(&string(obj, "curve family")?).map_err(to_py)?,
        ))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Wrap<Metric> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Wrap(Metric::parse(&string(obj, "metric")?).map_err(to_py)?))
    }
}

/// Noise rates `(rho_pos, rho_neg)`, or `None` for clean labels.
impl<'a, 'py> FromPyObject<'a, 'py> for Wrap<Noise> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_none() {
            return Ok(Wrap(Noise::NONE));
        }
        let (rp, rn) = obj.extract::<(f64, f64)>().map_err(|_| {
            imbcore_error(format!(
                "invalid noise: got {}; pass (rho_pos, rho_neg), two flip rates in [0, 1), or None",
                obj.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })?;
        Ok(Wrap(Noise::new(rp, rn).map_err(to_py)?))
    }
}
