//! Bindings of `est_core::trend::period`: `periods`, `Periods`, `Bin`, `weeks_ending`,
//! `iso_week`.

use chrono::{DateTime, Utc};
use est_core::trend::period::{
    Bin, MONDAY_ORIGIN_UTC_SECONDS, PeriodKind, Periods, iso_week as core_iso_week,
};
use numpy::datetime::{Datetime, units::Seconds};
use numpy::{IntoPyArray, PyArray1};
use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;

use super::{opt_time, utc_to_py};
use crate::error::OrRaise;
use crate::io::time_from_py;

/// One period `[start, end)` with its label.
#[pyclass(frozen, module = "est", name = "Bin")]
pub(crate) struct PyBin {
    inner: Bin,
}

#[pymethods]
impl PyBin {
    /// `2026-W47`, `2026-11-23`, `2026-11`, `2026-T3`, `2026-Q4`, `2026`, or a custom block's
    /// start date.
    #[getter]
    fn label(&self) -> &str {
        &self.inner.label
    }
    /// First instant (timezone-aware, UTC).
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        utc_to_py(py, self.inner.start)
    }
    /// First instant after the bin (exclusive; timezone-aware, UTC).
    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        utc_to_py(py, self.inner.end)
    }
    /// Share of the bin inside the requested window (1 for a whole bin).
    #[getter]
    fn coverage(&self) -> f64 {
        self.inner.coverage
    }
    /// Length in seconds (a DST day lasts 82 800 or 90 000).
    #[getter]
    fn seconds(&self) -> i64 {
        self.inner.seconds()
    }
    /// Whether the instant lies in `[start, end)`.
    fn contains(&self, t: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.inner.contains(time_from_py(t, "t")?.timestamp()))
    }
    fn __repr__(&self) -> String {
        format!(
            "<Bin {}: [{}, {}) UTC, coverage {}>",
            self.inner.label,
            self.inner.start.format("%Y-%m-%d %H:%M"),
            self.inner.end.format("%Y-%m-%d %H:%M"),
            self.inner.coverage
        )
    }
}

/// Consecutive calendar periods of one kind in Europe/Stockholm local time.
#[pyclass(frozen, module = "est", name = "Periods")]
pub(crate) struct PyPeriods {
    pub(crate) inner: Periods,
}

fn instants<'py>(
    py: Python<'py>,
    t: impl Iterator<Item = i64>,
) -> Bound<'py, PyArray1<Datetime<Seconds>>> {
    t.map(Datetime::from).collect::<Vec<_>>().into_pyarray(py)
}

#[pymethods]
impl PyPeriods {
    /// `day`, `week`, `month`, `quarter`, `tertial`, `year` or `custom`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.name()
    }
    /// `"Europe/Stockholm"`.
    #[getter]
    fn zone(&self) -> &str {
        &self.inner.zone
    }
    /// The labels in order.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels()
    }
    /// Starts as `datetime64[s]` (UTC).
    #[getter]
    fn starts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<Datetime<Seconds>>> {
        instants(py, self.inner.bins.iter().map(|b| b.start.timestamp()))
    }
    /// Ends (exclusive) as `datetime64[s]` (UTC).
    #[getter]
    fn ends<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<Datetime<Seconds>>> {
        instants(py, self.inner.bins.iter().map(|b| b.end.timestamp()))
    }
    /// Share of each bin inside the requested window.
    #[getter]
    fn coverage<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner
            .bins
            .iter()
            .map(|b| b.coverage)
            .collect::<Vec<_>>()
            .into_pyarray(py)
    }
    /// The bins.
    #[getter]
    fn bins(&self) -> Vec<PyBin> {
        self.inner
            .bins
            .iter()
            .map(|b| PyBin { inner: b.clone() })
            .collect()
    }
    /// The index of the bin containing the instant, or None.
    fn index_of(&self, t: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
        Ok(self.inner.index_of(time_from_py(t, "t")?.timestamp()))
    }
    fn __len__(&self) -> usize {
        self.inner.len()
    }
    fn __getitem__(&self, i: isize) -> PyResult<PyBin> {
        let n = self.inner.len() as isize;
        let k = if i < 0 { i + n } else { i };
        usize::try_from(k)
            .ok()
            .and_then(|k| self.inner.bins.get(k))
            .map(|b| PyBin { inner: b.clone() })
            .ok_or_else(|| PyIndexError::new_err(format!("bin {i} out of range ({n} bins)")))
    }
    fn __repr__(&self) -> String {
        let labels = self.inner.labels();
        match (labels.first(), labels.last()) {
            (Some(a), Some(b)) => format!(
                "<Periods: {} {} bins {a} … {b} ({})>",
                labels.len(),
                self.inner.kind.name(),
                self.inner.zone
            ),
            _ => "<Periods: empty>".to_string(),
        }
    }
}

/// The kind from a name, with `origin`/`length_days` for `"custom"`.
pub(crate) fn kind_from_py(
    py: Python<'_>,
    kind: &str,
    length_days: Option<u32>,
    origin: Option<&Bound<'_, PyAny>>,
) -> PyResult<PeriodKind> {
    let is_custom = kind.trim().eq_ignore_ascii_case("custom");
    if !is_custom && (length_days.is_some() || opt_time(origin, "origin")?.is_some()) {
        return Err(PyValueError::new_err(format!(
            "length_days and origin are for period=\"custom\" only (got period={kind:?})"
        )));
    }
    if !is_custom {
        return PeriodKind::parse(kind).or_raise(py);
    }
    let Some(length_days) = length_days else {
        return Err(PyValueError::new_err(
            "period=\"custom\" needs length_days (e.g. 28 for four-week blocks)",
        ));
    };
    let origin = match opt_time(origin, "origin")? {
        Some(o) => o,
        None => DateTime::<Utc>::from_timestamp(MONDAY_ORIGIN_UTC_SECONDS, 0)
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
    };
    Ok(PeriodKind::Custom {
        origin,
        length_days,
    })
}

/// Every bin of `kind` touching `[start, end)` (Europe/Stockholm calendar).
#[pyfunction]
#[pyo3(signature = (kind, start, end, *, length_days = None, origin = None))]
fn periods(
    py: Python<'_>,
    kind: &str,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    length_days: Option<u32>,
    origin: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPeriods> {
    let kind = kind_from_py(py, kind, length_days, origin)?;
    let (from, to) = (time_from_py(start, "start")?, time_from_py(end, "end")?);
    Periods::covering(kind, from, to)
        .map(|inner| PyPeriods { inner })
        .or_raise(py)
}

/// `n` whole ISO weeks, the last one containing `t`.
#[pyfunction]
fn weeks_ending(py: Python<'_>, t: &Bound<'_, PyAny>, n: usize) -> PyResult<PyPeriods> {
    Periods::weeks_ending(time_from_py(t, "t")?, n)
        .map(|inner| PyPeriods { inner })
        .or_raise(py)
}

/// ISO week-year and week of the Stockholm local date of the instant.
#[pyfunction]
fn iso_week(t: &Bound<'_, PyAny>) -> PyResult<(i32, u32)> {
    Ok(core_iso_week(time_from_py(t, "t")?.timestamp()))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyBin>()?;
    m.add_class::<PyPeriods>()?;
    m.add_function(wrap_pyfunction!(periods, m)?)?;
    m.add_function(wrap_pyfunction!(weeks_ending, m)?)?;
    m.add_function(wrap_pyfunction!(iso_week, m)?)?;
    Ok(())
}
