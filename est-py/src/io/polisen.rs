//! Bindings of `est_core::io::polisen`: `read_polisen_json` (a file) and
//! `read_polisen_json_text` — the Swedish Police's published events.

use est_core::io::polisen::{PolisenOptions, read_polisen_json};
use pyo3::prelude::*;
use std::path::PathBuf;

use crate::error::OrRaise;
use crate::incident::PyIncidents;
use crate::io::{load_options, read_text_file};
use crate::taxonomy::PyTaxonomy;

fn options(
    on_error: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<PolisenOptions> {
    Ok(PolisenOptions {
        load: load_options(on_error, now)?,
        taxonomy: taxonomy.map(|t| t.inner.clone()),
    })
}

/// Reads a polisen.se events file (the JSON array the events API returns).
#[pyfunction]
#[pyo3(name = "read_polisen_json", signature = (
    path, *, on_error = "raise", now = None, taxonomy = None
))]
fn read_polisen_json_file(
    py: Python<'_>,
    path: PathBuf,
    on_error: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<PyIncidents> {
    let options = options(on_error, now, taxonomy)?;
    read_text_file(py, path, move |text| read_polisen_json(text, &options))
}

/// Reads polisen.se events from JSON text (same options as `read_polisen_json`).
#[pyfunction]
#[pyo3(signature = (text, *, on_error = "raise", now = None, taxonomy = None))]
fn read_polisen_json_text(
    py: Python<'_>,
    text: &str,
    on_error: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<PyIncidents> {
    let options = options(on_error, now, taxonomy)?;
    let text = text.to_owned();
    py.detach(move || read_polisen_json(&text, &options))
        .map(PyIncidents::from)
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_polisen_json_file, m)?)?;
    m.add_function(wrap_pyfunction!(read_polisen_json_text, m)?)?;
    Ok(())
}
