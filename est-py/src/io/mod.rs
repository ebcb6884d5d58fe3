//! Bindings of `est_core::io`, one file per format as in the core: `csv.rs`
//! (`read_incidents`, `read_incidents_text`), `geojson.rs` (`read_geojson`,
//! `read_geojson_text`, `Incidents.to_geojson`) and `polisen.rs` (`read_polisen_json`,
//! `read_polisen_json_text`). This file holds what the readers share.

use chrono::{DateTime, Utc};
use est_core::incident::{Incidents, LoadOptions, OnError, parse_time};
use est_core::io::IoError;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::path::PathBuf;

use crate::incident::{PyIncidents, io_error, with_errno};

pub(crate) mod csv;
pub(crate) mod geojson;
pub(crate) mod polisen;

/// "Now" for the future-time check: a timezone-aware `datetime` or an ISO 8601 string.
pub(crate) fn now_from_py(obj: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
    time_from_py(obj, "now")
}

/// An instant given as a timezone-aware `datetime` or an ISO 8601 string; `name` is the
/// parameter named in the error messages.
pub(crate) fn time_from_py(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DateTime<Utc>> {
    let py = obj.py();
    if let Ok(text) = obj.cast::<PyString>() {
        return parse_time(&text.to_cow()?)
            .map(|p| p.utc)
            .map_err(|e| PyValueError::new_err(format!("{name}: {e}")));
    }
    let datetime = py.import("datetime")?.getattr("datetime")?;
    if !obj.is_instance(&datetime)? {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a timezone-aware datetime or an ISO 8601 string (got {})",
            obj.get_type().name()?
        )));
    }
    if obj.call_method0("utcoffset")?.is_none() {
        return Err(PyValueError::new_err(format!(
            "{name} must be timezone-aware (got the naive datetime {}); use e.g. \
             datetime.now(timezone.utc)",
            obj.str()?
        )));
    }
    let seconds: f64 = obj.call_method0("timestamp")?.extract()?;
    let whole = seconds.floor();
    let nanos = ((seconds - whole) * 1e9).round().clamp(0.0, 999_999_999.0) as u32;
    // `whole` is within datetime's range (years 1–9999), so the cast cannot saturate.
    DateTime::from_timestamp(whole as i64, nanos).ok_or_else(|| {
        PyValueError::new_err(format!(
            "{name} is out of range (got {})",
            obj.str().map(|s| s.to_string()).unwrap_or_default()
        ))
    })
}

/// The core's validation options from `on_error` and `now`.
pub(crate) fn load_options(
    on_error: &str,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<LoadOptions> {
    let on_error: OnError = on_error.parse().map_err(PyValueError::new_err)?;
    Ok(LoadOptions {
        on_error,
        now: now.filter(|n| !n.is_none()).map(now_from_py).transpose()?,
        ..LoadOptions::default()
    })
}

/// Reads the UTF-8 file at `path` with the GIL released and parses it with `parse`; an OS
/// failure becomes `est.EstIOError` (with `errno`), invalid UTF-8 `est.ParseError`.
pub(crate) fn read_text_file(
    py: Python<'_>,
    path: PathBuf,
    parse: impl FnOnce(&str) -> Result<Incidents, est_core::Error> + Send,
) -> PyResult<PyIncidents> {
    py.detach(move || {
        let bytes = std::fs::read(&path).map_err(|e| io_error(&path, &e))?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                let before = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
                return Err((IoError::Encoding { line }.into(), None));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        parse(text).map_err(|e| (e, None))
    })
    .map(PyIncidents::from)
    .map_err(|(err, errno)| with_errno(py, err, errno))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    csv::register(m)?;
    geojson::register(m)?;
    polisen::register(m)?;
    Ok(())
}
