//! Bindings of `est_core::trend::profile`: `profile`, `aoristic_profile` and
//! `TemporalProfile`.

use est_core::trend::profile::{
    Aoristic, TemporalProfile, aoristic_profile as core_aoristic, profile as core_profile,
};
use numpy::{PyArray1, PyArray2, PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use super::{array2, selection, utc_to_py};
use crate::error::OrRaise;
use crate::incident::PyIncidents;
use crate::io::time_from_py;

/// Counts (or weights) by local hour, weekday, hour × weekday, ISO week and month × year
/// (Europe/Stockholm).
#[pyclass(frozen, module = "est", name = "TemporalProfile")]
pub(crate) struct PyTemporalProfile {
    pub(crate) inner: TemporalProfile,
}

#[pymethods]
impl PyTemporalProfile {
    /// 7 × 24 table: rows Monday … Sunday, columns hours 00 … 23.
    #[getter]
    fn hour_weekday<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let flat: Vec<f64> = self.inner.hour_weekday.iter().flatten().copied().collect();
        array2(py, flat, self.inner.hour_weekday.len(), 24)
    }
    /// By hour of day (24).
    #[getter]
    fn hour<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.hour)
    }
    /// By ISO weekday, Monday … Sunday (7).
    #[getter]
    fn weekday<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.weekday)
    }
    /// Years × 12 months, every year from the first to the last (rows: `years`).
    #[getter]
    fn month_year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let flat: Vec<f64> = self
            .inner
            .month_year
            .iter()
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        array2(py, flat, self.inner.month_year.len(), 12)
    }
    /// The years of the rows of `month_year`.
    #[getter]
    fn years(&self) -> Vec<i32> {
        self.inner.month_year.iter().map(|(y, _)| *y).collect()
    }
    /// By ISO week number 1 … 53 (index week − 1), all years together.
    #[getter]
    fn iso_week<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.iso_week)
    }
    /// 7 × 24 occurrences of each hour × weekday slot in the exposure window (int64).
    #[getter]
    fn exposure<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<i64>>> {
        let flat: Vec<i64> = self
            .inner
            .exposure_hour_weekday
            .iter()
            .flatten()
            .map(|&v| i64::from(v))
            .collect();
        array2(py, flat, self.inner.exposure_hour_weekday.len(), 24)
    }
    /// The exposure window `(start, end)` (UTC), or None.
    #[getter]
    fn exposure_window<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<Option<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
        self.inner
            .exposure_window
            .map(|(a, b)| Ok((utc_to_py(py, a)?, utc_to_py(py, b)?)))
            .transpose()
    }
    /// Counts per occurrence of each slot (`hour_weekday / exposure`; 0 where it never
    /// occurred), 7 × 24.
    fn rates_hour_weekday<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let rates = self.inner.rates_hour_weekday();
        let flat: Vec<f64> = rates.iter().flatten().copied().collect();
        array2(py, flat, rates.len(), 24)
    }
    /// Sum of the tables.
    #[getter]
    fn total(&self) -> f64 {
        self.inner.total
    }
    /// Windows longer than the cap (not in the tables).
    #[getter]
    fn imprecise(&self) -> f64 {
        self.inner.imprecise
    }
    /// Number of incidents (windows) considered.
    #[getter]
    fn n(&self) -> usize {
        self.inner.n
    }
    /// `"proportional"` or `"equal"`.
    #[getter]
    fn method(&self) -> &'static str {
        match self.inner.method {
            Aoristic::Proportional => "proportional",
            Aoristic::Equal => "equal",
        }
    }
    /// The cap on a window, hours.
    #[getter]
    fn cap_hours(&self) -> f64 {
        self.inner.cap_hours
    }
    /// `"Europe/Stockholm"`.
    #[getter]
    fn zone(&self) -> &str {
        &self.inner.zone
    }
    /// A chart as SVG text: `"hour_weekday"` (heat map), `"year_wheel"` (month × year),
    /// `"hour"` or `"weekday"` (bars); Swedish (`"sv"`) or English (`"en"`).
    #[pyo3(signature = (kind = "hour_weekday", *, lang = "sv"))]
    fn to_svg(&self, kind: &str, lang: &str) -> PyResult<String> {
        crate::report::profile_svg(&self.inner, kind, lang)
    }
    fn __repr__(&self) -> String {
        let busiest = self
            .inner
            .hour
            .iter()
            .enumerate()
            .fold((0, f64::MIN), |b, (h, &v)| if v > b.1 { (h, v) } else { b });
        format!(
            "<TemporalProfile: {} incidents, total {}, {} imprecise; busiest hour {:02}>",
            self.inner.n, self.inner.total, self.inner.imprecise, busiest.0
        )
    }
}

/// The temporal profile of the selected incidents (each at its Stockholm local time).
#[pyfunction]
#[pyo3(signature = (incidents, *, categories = None, start = None, end = None, weighted = false))]
fn profile(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    categories: Option<Vec<String>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    weighted: bool,
) -> PyResult<PyTemporalProfile> {
    let inc = &incidents.inner;
    let sel = selection(py, inc, categories.as_deref(), start, end, weighted)?;
    py.detach(|| core_profile(inc, &sel))
        .map(|inner| PyTemporalProfile { inner })
        .or_raise(py)
}

/// Instants as UTC seconds: a `datetime64` array (UTC), an integer array of UTC seconds, or
/// a sequence of timezone-aware datetimes / ISO 8601 strings.
fn instants_from_py(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<i64>> {
    if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        let kind = arr.dtype().kind();
        let ints = match kind {
            b'M' => obj
                .call_method1("astype", ("datetime64[s]",))?
                .call_method1("astype", ("int64",))?,
            b'i' | b'u' => obj.call_method1("astype", ("int64",))?,
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "{name} must hold datetime64 values or integer UTC seconds (got dtype kind \
                     {:?})",
                    kind as char
                )));
            }
        };
        let v: Vec<i64> = ints.call_method0("tolist")?.extract()?;
        if let Some(i) = v.iter().position(|&t| t == i64::MIN) {
            return Err(PyValueError::new_err(format!("{name}[{i}] is NaT")));
        }
        return Ok(v);
    }
    let mut out = Vec::new();
    for (i, item) in obj.try_iter()?.enumerate() {
        out.push(time_from_py(&item?, &format!("{name}[{i}]"))?.timestamp());
    }
    Ok(out)
}

/// The temporal profile of incidents known as time windows `[start[i], end[i]]`, each
/// spread over the local hours it touches.
#[pyfunction]
#[pyo3(signature = (start, end, *, method = "proportional", cap_hours = 168.0))]
fn aoristic_profile(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    method: &str,
    cap_hours: f64,
) -> PyResult<PyTemporalProfile> {
    let method = match method {
        "proportional" => Aoristic::Proportional,
        "equal" => Aoristic::Equal,
        other => {
            return Err(PyValueError::new_err(format!(
                "method must be \"proportional\" or \"equal\" (got {other:?})"
            )));
        }
    };
    let (from, to) = (
        instants_from_py(start, "start")?,
        instants_from_py(end, "end")?,
    );
    py.detach(|| core_aoristic(&from, &to, method, cap_hours))
        .map(|inner| PyTemporalProfile { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTemporalProfile>()?;
    m.add_function(wrap_pyfunction!(profile, m)?)?;
    m.add_function(wrap_pyfunction!(aoristic_profile, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The literal default of `cap_hours` is the core's.
    #[test]
    fn cap_default_is_the_cores() {
        assert_eq!(est_core::trend::profile::DEFAULT_CAP_HOURS, 168.0);
    }
}
