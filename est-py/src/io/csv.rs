//! Bindings of `est_core::io::csv`: `read_incidents` (a file) and `read_incidents_text`.

use est_core::io::csv::{ColumnMap, CsvOptions, Decimal, read_incidents, read_incidents_bytes};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

use crate::crs::crs_from_py;
use crate::error::OrRaise;
use crate::incident::{PyIncidents, delimiter_byte, io_error, with_errno};
use crate::io::load_options;
use crate::taxonomy::PyTaxonomy;

const COLUMN_FIELDS: &str = "id, time, category, x, y, lon, lat, organisation, place, weight, text";

/// `columns={"time": "Datum", …}` as the core's column map.
fn column_map(columns: Option<&Bound<'_, PyDict>>) -> PyResult<ColumnMap> {
    let mut map = ColumnMap::default();
    let Some(columns) = columns else {
        return Ok(map);
    };
    for (key, value) in columns.iter() {
        let key: String = key.extract()?;
        let value: Option<String> = value.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "columns[{key:?}] must be a column name (str) or None"
            ))
        })?;
        let slot = match key.as_str() {
            "id" => &mut map.id,
            "time" => &mut map.time,
            "category" => &mut map.category,
            "x" => &mut map.x,
            "y" => &mut map.y,
            "lon" => &mut map.lon,
            "lat" => &mut map.lat,
            "organisation" => &mut map.organisation,
            "place" => &mut map.place,
            "weight" => &mut map.weight,
            "text" => &mut map.text,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown field {other:?} in columns: the fields are {COLUMN_FIELDS}"
                )));
            }
        };
        *slot = value;
    }
    Ok(map)
}

fn decimal(text: &str) -> PyResult<Decimal> {
    match text {
        "auto" => Ok(Decimal::Auto),
        "point" | "." => Ok(Decimal::Point),
        "comma" | "," => Ok(Decimal::Comma),
        other => Err(PyValueError::new_err(format!(
            "decimal must be \"auto\", \"point\" or \"comma\" (got {other:?})"
        ))),
    }
}

/// Builds the core's CSV options from the keyword arguments shared by both readers.
#[allow(clippy::too_many_arguments)]
fn csv_options(
    crs: Option<&Bound<'_, PyAny>>,
    columns: Option<&Bound<'_, PyDict>>,
    on_error: &str,
    delimiter: Option<&str>,
    decimal_sep: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<CsvOptions> {
    Ok(CsvOptions {
        delimiter: delimiter.map(delimiter_byte).transpose()?,
        decimal: decimal(decimal_sep)?,
        columns: column_map(columns)?,
        crs: crs.filter(|c| !c.is_none()).map(crs_from_py).transpose()?,
        load: load_options(on_error, now)?,
        taxonomy: taxonomy.map(|t| t.inner.clone()),
    })
}

/// Reads incidents from a CSV file (UTF-8, with or without BOM; `,`, `;` or tab separated;
/// decimal point or comma).
#[pyfunction]
#[pyo3(name = "read_incidents", signature = (
    path, *, crs = None, columns = None, on_error = "raise", delimiter = None, decimal = "auto",
    now = None, taxonomy = None
))]
#[allow(clippy::too_many_arguments)]
fn read_incidents_file(
    py: Python<'_>,
    path: PathBuf,
    crs: Option<&Bound<'_, PyAny>>,
    columns: Option<&Bound<'_, PyDict>>,
    on_error: &str,
    delimiter: Option<&str>,
    decimal: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<PyIncidents> {
    let options = csv_options(crs, columns, on_error, delimiter, decimal, now, taxonomy)?;
    py.detach(move || {
        let bytes = std::fs::read(&path).map_err(|e| io_error(&path, &e))?;
        read_incidents_bytes(&bytes, &options).map_err(|e| (e, None))
    })
    .map(PyIncidents::from)
    .map_err(|(err, errno)| with_errno(py, err, errno))
}

/// Reads incidents from CSV text (same options as `read_incidents`).
#[pyfunction]
#[pyo3(signature = (
    text, *, crs = None, columns = None, on_error = "raise", delimiter = None, decimal = "auto",
    now = None, taxonomy = None
))]
#[allow(clippy::too_many_arguments)]
fn read_incidents_text(
    py: Python<'_>,
    text: &str,
    crs: Option<&Bound<'_, PyAny>>,
    columns: Option<&Bound<'_, PyDict>>,
    on_error: &str,
    delimiter: Option<&str>,
    decimal: &str,
    now: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
) -> PyResult<PyIncidents> {
    let options = csv_options(crs, columns, on_error, delimiter, decimal, now, taxonomy)?;
    let text = text.to_owned();
    py.detach(move || read_incidents(&text, &options))
        .map(PyIncidents::from)
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // `read_incidents_file` is exposed as `read_incidents` (the Rust name avoids the core's).
    m.add_function(wrap_pyfunction!(read_incidents_file, m)?)?;
    m.add_function(wrap_pyfunction!(read_incidents_text, m)?)?;
    Ok(())
}
