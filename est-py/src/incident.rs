//! Bindings of `est_core::incident`: `Incidents`, `RowError`, `RowWarning`.

use est_core::incident::{Incidents, RowError, RowWarning};
use est_core::io::csv::{CsvWriteOptions, write_incidents};
use est_core::io::geojson::{GeoJsonWriteOptions, write_geojson};
use numpy::datetime::{Datetime, units::Seconds};
use numpy::{IntoPyArray, PyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::path::PathBuf;

use crate::crs::crs_from_py;
use crate::error::{OrRaise, to_pyerr};
use crate::params::json_loads;
use crate::taxonomy::PyTaxonomy;

/// One problem with one input row: line, field, value, message and a stable code.
#[pyclass(frozen, eq, get_all, module = "est", name = "RowError")]
#[derive(PartialEq)]
pub(crate) struct PyRowError {
    /// 1-based line in the input (the header is line 1).
    line: usize,
    /// The field (column name as given in the input).
    field: String,
    /// The offending value, as text.
    value: String,
    /// What is wrong and what was expected.
    message: String,
    /// Stable machine-readable code ("OUT_OF_AREA", "UNKNOWN_CATEGORY", …).
    code: String,
}

impl From<&RowError> for PyRowError {
    fn from(e: &RowError) -> Self {
        PyRowError {
            line: e.line,
            field: e.field.clone(),
            value: e.value.clone(),
            message: e.message.clone(),
            code: e.code.clone(),
        }
    }
}

#[pymethods]
impl PyRowError {
    fn __repr__(&self) -> String {
        format!(
            "RowError(line={}, field={:?}, value={:?}, code={:?}, message={:?})",
            self.line, self.field, self.value, self.code, self.message
        )
    }

    fn __str__(&self) -> String {
        format!(
            "line {}, field '{}' (value {:?}): {}",
            self.line, self.field, self.value, self.message
        )
    }
}

/// A row that was loaded (or skipped) with a remark, e.g. a DST adjustment.
#[pyclass(frozen, eq, get_all, module = "est", name = "RowWarning")]
#[derive(PartialEq)]
pub(crate) struct PyRowWarning {
    /// 1-based line (0 for the whole load).
    line: usize,
    /// The field.
    field: String,
    /// What happened.
    message: String,
}

impl From<&RowWarning> for PyRowWarning {
    fn from(w: &RowWarning) -> Self {
        PyRowWarning {
            line: w.line,
            field: w.field.clone(),
            message: w.message.clone(),
        }
    }
}

#[pymethods]
impl PyRowWarning {
    fn __repr__(&self) -> String {
        format!(
            "RowWarning(line={}, field={:?}, message={:?})",
            self.line, self.field, self.message
        )
    }
}

/// Many incidents in columns, with the report of the load that made them.
#[pyclass(frozen, module = "est", name = "Incidents")]
pub(crate) struct PyIncidents {
    pub(crate) inner: Incidents,
}

impl From<Incidents> for PyIncidents {
    fn from(inner: Incidents) -> Self {
        PyIncidents { inner }
    }
}

impl PyIncidents {
    fn strings(&self, get: impl Fn(&Incidents, usize) -> Option<&str>) -> Vec<&str> {
        (0..self.inner.len())
            .map(|i| get(&self.inner, i).unwrap_or(""))
            .collect()
    }
}

/// Writes `text` to `path`, turning an OS error into `est.EstIOError`.
pub(crate) fn write_file(py: Python<'_>, path: PathBuf, text: String) -> PyResult<()> {
    py.detach(move || std::fs::write(&path, text).map_err(|e| io_error(&path, &e)))
        .map_err(|(err, errno)| with_errno(py, err, errno))
}

/// A core I/O error for `path`, with the OS error number kept for Python's `OSError.errno`.
pub(crate) fn io_error(
    path: &std::path::Path,
    e: &std::io::Error,
) -> (est_core::Error, Option<i32>) {
    let err = est_core::io::IoError::Io {
        path: Some(path.display().to_string()),
        message: e.to_string(),
    };
    (err.into(), e.raw_os_error())
}

/// Converts a core error and sets `errno` when the OS gave one.
pub(crate) fn with_errno(py: Python<'_>, err: est_core::Error, errno: Option<i32>) -> PyErr {
    let pyerr = to_pyerr(py, err);
    if let Some(n) = errno
        && let Err(e) = pyerr.value(py).setattr("errno", n)
    {
        return e;
    }
    pyerr
}

#[pymethods]
impl PyIncidents {
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        let r = self.inner.report();
        let span = match self.inner.time_range() {
            Some((lo, hi)) => format!(
                ", {} … {} UTC",
                lo.format("%Y-%m-%d %H:%M"),
                hi.format("%Y-%m-%d %H:%M")
            ),
            None => String::new(),
        };
        format!(
            "<Incidents: {} rows in {}{span}; {} rows read, {} problems, {} warnings>",
            self.inner.len(),
            self.inner.crs(),
            r.rows_read,
            r.errors.len(),
            r.warnings.len()
        )
    }

    /// Every problem found while loading (kept rows only when on_error="collect").
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for e in &self.inner.report().errors {
            list.append(Bound::new(py, PyRowError::from(e))?)?;
        }
        Ok(list)
    }

    /// Remarks on rows that were loaded or skipped (DST adjustments …).
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for w in &self.inner.report().warnings {
            list.append(Bound::new(py, PyRowWarning::from(w))?)?;
        }
        Ok(list)
    }

    /// Data rows read (header excluded).
    #[getter]
    fn rows_read(&self) -> usize {
        self.inner.report().rows_read
    }

    /// Rows kept.
    #[getter]
    fn rows_kept(&self) -> usize {
        self.inner.report().rows_kept
    }

    /// Rows read but deliberately not loaded (e.g. polisen.se summaries), each with a warning.
    #[getter]
    fn skipped(&self) -> usize {
        self.inner.report().skipped
    }

    /// Naive local times that fell in a DST gap (moved forward by the gap length).
    #[getter]
    fn dst_gap(&self) -> usize {
        self.inner.report().dst_gap
    }

    /// Naive local times that fell in a DST overlap (the earlier instant taken).
    #[getter]
    fn dst_overlap(&self) -> usize {
        self.inner.report().dst_overlap
    }

    /// EPSG code of the positions.
    #[getter]
    fn crs(&self) -> u32 {
        self.inner.crs().epsg()
    }

    /// Eastings (or longitudes), float64.
    #[getter]
    fn x<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, self.inner.x())
    }

    /// Northings (or latitudes), float64.
    #[getter]
    fn y<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, self.inner.y())
    }

    /// Times as `datetime64[s]` (UTC).
    #[getter]
    fn times<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<Datetime<Seconds>>> {
        let v: Vec<Datetime<Seconds>> = self
            .inner
            .times()
            .iter()
            .map(|t| Datetime::from(*t))
            .collect();
        v.into_pyarray(py)
    }

    /// Incident ids.
    #[getter]
    fn ids(&self) -> Vec<&str> {
        self.strings(Incidents::id)
    }

    /// Category codes.
    #[getter]
    fn categories(&self) -> Vec<&str> {
        let tax = self.inner.taxonomy();
        self.inner
            .categories()
            .iter()
            .map(|c| tax.code(*c))
            .collect()
    }

    /// Organisation codes ("kommun", "polis", …, "okand").
    #[getter]
    fn organisations(&self) -> Vec<&'static str> {
        self.inner
            .organisations()
            .iter()
            .map(|o| o.code())
            .collect()
    }

    /// Place names ("" where none).
    #[getter]
    fn places(&self) -> Vec<&str> {
        self.strings(Incidents::place)
    }

    /// Free texts ("" where none). Internal: never written by public exports.
    #[getter]
    fn texts(&self) -> Vec<&str> {
        self.strings(Incidents::text)
    }

    /// Weights, float64 (1 where none was given).
    #[getter]
    fn weights<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, self.inner.weights())
    }

    /// Per-incident flags, uint8 (1 approximate position, 2 date only, 4 DST resolved).
    #[getter]
    fn flags<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u8>> {
        PyArray1::from_slice(py, self.inner.flags())
    }

    /// A copy of the taxonomy the categories refer to.
    #[getter]
    fn taxonomy(&self) -> PyTaxonomy {
        PyTaxonomy {
            inner: self.inner.taxonomy().clone(),
        }
    }

    /// The same incidents with positions transformed to `dst` (EPSG int or str).
    fn to_crs(&self, py: Python<'_>, dst: &Bound<'_, PyAny>) -> PyResult<PyIncidents> {
        let dst = crs_from_py(dst)?;
        let out = py.detach(|| self.inner.to_crs(dst)).or_raise(py)?;
        Ok(out.into())
    }

    /// CSV text with the columns id,time,category,x,y,organisation,place,weight (times in
    /// RFC 3339 with the Europe/Stockholm offset). Written to `path` if given (returns None).
    #[pyo3(signature = (path = None, *, delimiter = ",", decimal_comma = false, include_text = false))]
    fn to_csv(
        &self,
        py: Python<'_>,
        path: Option<PathBuf>,
        delimiter: &str,
        decimal_comma: bool,
        include_text: bool,
    ) -> PyResult<Option<String>> {
        let options = CsvWriteOptions {
            delimiter: delimiter_byte(delimiter)?,
            decimal_comma,
            include_text,
        };
        let text = py
            .detach(|| write_incidents(&self.inner, &options))
            .or_raise(py)?;
        match path {
            Some(path) => write_file(py, path, text).map(|()| None),
            None => Ok(Some(text)),
        }
    }

    /// A GeoJSON FeatureCollection of points in WGS 84 (RFC 7946). Free text only with
    /// `include_text=True`.
    #[pyo3(signature = (*, include_ids = true, include_text = false))]
    fn to_geojson(
        &self,
        py: Python<'_>,
        include_ids: bool,
        include_text: bool,
    ) -> PyResult<String> {
        let options = GeoJsonWriteOptions {
            include_ids,
            include_text,
        };
        py.detach(|| write_geojson(&self.inner, &options))
            .or_raise(py)
    }

    /// The incidents as a GeoJSON dict in WGS 84 (the `__geo_interface__` protocol; no free
    /// text).
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_geojson(py, true, false)?;
        json_loads(py, &text)
    }

    /// A pandas DataFrame (pandas is imported on first use; `pip install 'est[pandas]'`).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("est._pandas")?
            .getattr("incidents_to_pandas")?
            .call1((slf,))
    }
}

/// A one-character ASCII delimiter.
pub(crate) fn delimiter_byte(delimiter: &str) -> PyResult<u8> {
    let mut chars = delimiter.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii() => Ok(c as u8),
        _ => Err(PyValueError::new_err(format!(
            "delimiter must be a single ASCII character such as \",\", \";\" or \"\\t\" (got {delimiter:?})"
        ))),
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRowError>()?;
    m.add_class::<PyRowWarning>()?;
    m.add_class::<PyIncidents>()?;
    Ok(())
}
