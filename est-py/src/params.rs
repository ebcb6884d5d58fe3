//! Conversion of `est_core::params` (the provenance of every parameter a result used) and of
//! JSON values to plain Python objects. No Python class: a parameter is a dict.

use est_core::params::{ParamUsed, Source};
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

/// A JSON value as the Python object `json.loads` would give (int stays int).
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(b) => b.into_bound_py_any(py),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)
            }
        }
        Value::String(s) => s.into_bound_py_any(py),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            Ok(dict.into_any())
        }
    }
}

/// One parameter as `{"name", "value", "source", "rule"}`; `source` is "user", "default" or
/// "auto", `rule` the automatic rule's name (None unless auto).
fn param_dict<'py>(py: Python<'py>, p: &ParamUsed) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", &p.name)?;
    d.set_item("value", json_to_py(py, &p.value)?)?;
    let (source, rule) = match &p.source {
        Source::User => ("user", None),
        Source::Default => ("default", None),
        Source::Auto { rule } => ("auto", Some(rule.as_str())),
    };
    d.set_item("source", source)?;
    d.set_item("rule", rule)?;
    Ok(d)
}

/// Every parameter as a list of dicts (see [`param_dict`]).
pub(crate) fn params_list<'py>(
    py: Python<'py>,
    params: &[ParamUsed],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for p in params {
        list.append(param_dict(py, p)?)?;
    }
    Ok(list)
}

/// `json.loads(text)`: used for the `__geo_interface__` and `to_dict` views of the core's JSON.
pub(crate) fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((text,))
}
