//! Bindings of `est_core::io::geojson`: `read_geojson` (a file), `read_geojson_text`; the
//! writer is `Incidents.to_geojson` / `Incidents.__geo_interface__` (in `incident.rs`).

use est_core::io::geojson::{GeoJsonOptions, read_geojson};
use pyo3::prelude::*;
use std::path::PathBuf;

use crate::crs::crs_from_py;
use crate::error::OrRaise;
use crate::incident::PyIncidents;
use crate::io::{load_options, read_text_file};
use crate::taxonomy::PyTaxonomy;

fn options(
    crs: Option<&Bound<'_, PyAny>>,
    on_error: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<GeoJsonOptions> {
    Ok(GeoJsonOptions {
        crs: crs.filter(|c| !c.is_none()).map(crs_from_py).transpose()?,
        load: load_options(on_error, now)?,
        taxonomy: taxonomy.map(|t| t.inner.clone()),
    })
}

/// Reads incidents from a GeoJSON file (a FeatureCollection of Point features).
#[pyfunction]
#[pyo3(name = "read_geojson", signature = (
    path, *, crs = None, on_error = "raise", now = None, taxonomy = None
))]
fn read_geojson_file(
    py: Python<'_>,
    path: PathBuf,
    crs: Option<&Bound<'_, PyAny>>,
    on_error: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<PyIncidents> {
    let options = options(crs, on_error, now, taxonomy)?;
    read_text_file(py, path, move |text| read_geojson(text, &options))
}

/// Reads incidents from GeoJSON text (same options as `read_geojson`).
#[pyfunction]
#[pyo3(signature = (text, *, crs = None, on_error = "raise", now = None, taxonomy = None))]
fn read_geojson_text(
    py: Python<'_>,
    text: &str,
    crs: Option<&Bound<'_, PyAny>>,
    on_error: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<PyIncidents> {
    let options = options(crs, on_error, now, taxonomy)?;
    let text = text.to_owned();
    py.detach(move || read_geojson(&text, &options))
        .map(PyIncidents::from)
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_geojson_file, m)?)?;
    m.add_function(wrap_pyfunction!(read_geojson_text, m)?)?;
    Ok(())
}
