//! Bindings of `est_core::report`: `lagesbild()` and the `Lagesbild` class.

use chrono::{Datelike, NaiveDate};
use est_core::hotspot::map::HotspotOptions;
use est_core::incident::Incidents;
use est_core::report::{Lagesbild, LagesbildOptions, Language};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::path::PathBuf;

use crate::error::OrRaise;
use crate::grid::{PyGrid, grid_options};
use crate::incident::{PyIncidents, io_error, with_errno};
use crate::params::{json_loads, params_list};

fn language_from_str(language: &str) -> PyResult<Language> {
    match language {
        "sv" => Ok(Language::Sv),
        "en" => Ok(Language::En),
        other => Err(PyValueError::new_err(format!(
            "language must be \"sv\" or \"en\" (got {other:?})"
        ))),
    }
}

fn language_code(language: Language) -> &'static str {
    match language {
        Language::Sv => "sv",
        Language::En => "en",
    }
}

/// `period_end`: a `datetime.date` (not a datetime) or a "YYYY-MM-DD" string.
fn date_from_py(obj: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    if let Ok(text) = obj.cast::<PyString>() {
        let text = text.to_cow()?;
        return NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| {
            PyValueError::new_err(format!(
                "period_end must be a date \"YYYY-MM-DD\" (got {text:?}: {e})"
            ))
        });
    }
    let datetime = obj.py().import("datetime")?;
    let is_datetime = obj.is_instance(&datetime.getattr("datetime")?)?;
    if is_datetime || !obj.is_instance(&datetime.getattr("date")?)? {
        return Err(PyTypeError::new_err(format!(
            "period_end must be a datetime.date or a \"YYYY-MM-DD\" string (got {})",
            obj.get_type().name()?
        )));
    }
    let (y, m, d): (i32, u32, u32) = (
        obj.getattr("year")?.extract()?,
        obj.getattr("month")?.extract()?,
        obj.getattr("day")?.extract()?,
    );
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        PyValueError::new_err(format!(
            "period_end is out of range (got {y:04}-{m:02}-{d:02})"
        ))
    })
}

fn date_to_py<'py>(py: Python<'py>, d: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    py.import("datetime")?
        .getattr("date")?
        .call1((d.year(), d.month(), d.day()))
}

/// A lägesbild (weekly situation picture) with the incidents it was made from.
#[pyclass(frozen, module = "est", name = "Lagesbild")]
pub(crate) struct PyLagesbild {
    inner: Lagesbild,
    /// The incidents, kept for the map in `to_html`.
    incidents: Incidents,
}

#[pymethods]
impl PyLagesbild {
    /// The page: one self-contained HTML document (inline SVG, no scripts, no network).
    fn to_html(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_html(&self.incidents))
            .or_raise(py)
    }

    /// The content as pretty-printed JSON (schema "est.lagesbild/1").
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.to_json().or_raise(py)
    }

    /// `to_json` parsed into a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_json(py)?;
        json_loads(py, &text)
    }

    /// Writes `lagesbild.html` and `lagesbild.json` into `out_dir` (created if missing);
    /// returns both paths.
    fn write(&self, py: Python<'_>, out_dir: PathBuf) -> PyResult<(PathBuf, PathBuf)> {
        let (html, json) = (
            out_dir.join("lagesbild.html"),
            out_dir.join("lagesbild.json"),
        );
        let (h, j) = (html.clone(), json.clone());
        py.detach(move || {
            let html_text = self.inner.to_html(&self.incidents).map_err(|e| (e, None))?;
            let json_text = self.inner.to_json().map_err(|e| (e, None))?;
            std::fs::create_dir_all(&out_dir).map_err(|e| io_error(&out_dir, &e))?;
            std::fs::write(&h, html_text).map_err(|e| io_error(&h, &e))?;
            std::fs::write(&j, json_text).map_err(|e| io_error(&j, &e))?;
            Ok(())
        })
        .map_err(|(err, errno)| with_errno(py, err, errno))?;
        Ok((html, json))
    }

    /// Title.
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// The reporting period and its baseline: `start`, `end`, `baseline_start`,
    /// `baseline_end` (datetime.date, inclusive), `iso_week`, `baseline_periods`, `time_zone`.
    #[getter]
    fn period<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.inner.period;
        let d = PyDict::new(py);
        d.set_item("start", date_to_py(py, p.start)?)?;
        d.set_item("end", date_to_py(py, p.end)?)?;
        d.set_item("iso_week", &p.iso_week)?;
        d.set_item("baseline_start", date_to_py(py, p.baseline_start)?)?;
        d.set_item("baseline_end", date_to_py(py, p.baseline_end)?)?;
        d.set_item("baseline_periods", p.baseline_periods)?;
        d.set_item("time_zone", &p.time_zone)?;
        Ok(d)
    }

    /// Incidents in the data set.
    #[getter]
    fn n_incidents(&self) -> usize {
        self.inner.n_incidents
    }

    /// Incidents in the reporting period.
    #[getter]
    fn n_current(&self) -> u64 {
        self.inner.n_current
    }

    /// Incidents with an approximate position (left off the map and the grid).
    #[getter]
    fn n_approximate(&self) -> usize {
        self.inner.n_approximate
    }

    /// Things the reader should know.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }

    /// The counts grid (a copy).
    #[getter]
    fn grid(&self) -> PyGrid {
        PyGrid::from(self.inner.grid.clone())
    }

    /// "sv" or "en".
    #[getter]
    fn language(&self) -> &'static str {
        language_code(self.inner.language)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Lagesbild: {:?} {} ({} – {}), {} of {} incidents in the period>",
            self.inner.title,
            self.inner.period.iso_week,
            self.inner.period.start,
            self.inner.period.end,
            self.inner.n_current,
            self.inner.n_incidents
        )
    }
}

/// Builds the lägesbild of `incidents` for a reporting period against its baseline.
#[pyfunction]
#[pyo3(signature = (
    incidents, *, title = None, period_end = None, period_weeks = 1, baseline_periods = 12,
    cell_size = None, shape = "square", language = "sv", registry = None, trend_weeks = 26,
    tiles_url = None, unit = "weeks"
))]
#[allow(clippy::too_many_arguments)]
fn lagesbild(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    title: Option<String>,
    period_end: Option<&Bound<'_, PyAny>>,
    period_weeks: u32,
    baseline_periods: u32,
    cell_size: Option<f64>,
    shape: &str,
    language: &str,
    registry: Option<PyRef<'_, crate::followup::registry::PyRegistry>>,
    trend_weeks: u32,
    tiles_url: Option<String>,
    unit: &str,
) -> PyResult<PyLagesbild> {
    let unit = est_core::report::ReportUnit::parse(unit).or_raise(py)?;
    let grid = grid_options(
        cell_size,
        shape,
        est_core::grid::DEFAULT_MAX_CELLS,
        est_core::grid::DEFAULT_WARN_CELLS,
    )?;
    let options = LagesbildOptions {
        title: title.unwrap_or_default(),
        period_end: period_end
            .filter(|d| !d.is_none())
            .map(date_from_py)
            .transpose()?,
        period_weeks,
        baseline_periods,
        grid,
        language: language_from_str(language)?,
        // The Gi* layer with the core's defaults (its grid is the lägesbild's).
        hotspots: HotspotOptions::default(),
        // The registry's places feed the early warning and the maps; each intervention gets
        // its follow-up and recommendation.
        registry: registry.map(|r| r.inner.clone()),
        trend_weeks,
        tiles_url,
        unit,
        ..LagesbildOptions::default()
    };
    let incidents = incidents.inner.clone();
    py.detach(move || {
        Lagesbild::build(&incidents, &options).map(|inner| PyLagesbild { inner, incidents })
    })
    .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLagesbild>()?;
    m.add_function(wrap_pyfunction!(lagesbild, m)?)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Charts of temporal profiles (`est_core::report::charts`) and the public export
// (`est_core::report::public`).

/// A chart of a temporal profile as SVG: `kind` is `"hour_weekday"`, `"year_wheel"`,
/// `"hour"` or `"weekday"`; `lang` `"sv"` or `"en"`.
pub(crate) fn profile_svg(
    profile: &est_core::trend::profile::TemporalProfile,
    kind: &str,
    lang: &str,
) -> PyResult<String> {
    use est_core::report::charts;
    let lang = language_from_str(lang)?;
    match kind {
        "hour_weekday" => Ok(charts::heatmap_hour_weekday_svg(profile, lang)),
        "year_wheel" => Ok(charts::year_wheel_svg(profile, lang)),
        "hour" => Ok(charts::hour_bars_svg(profile, lang)),
        "weekday" => Ok(charts::weekday_bars_svg(profile, lang)),
        other => Err(PyValueError::new_err(format!(
            "kind must be \"hour_weekday\", \"year_wheel\", \"hour\" or \"weekday\" (got \
             {other:?})"
        ))),
    }
}

/// The 24 × 7 heat map of a profile by local hour and weekday, as SVG text.
#[pyfunction]
#[pyo3(signature = (profile, lang = "sv"))]
fn heatmap_hour_weekday_svg(
    profile: PyRef<'_, crate::trend::profile::PyTemporalProfile>,
    lang: &str,
) -> PyResult<String> {
    profile_svg(&profile.inner, "hour_weekday", lang)
}

/// The month × year heat map (årshjul) of a profile, as SVG text.
#[pyfunction]
#[pyo3(signature = (profile, lang = "sv"))]
fn year_wheel_svg(
    profile: PyRef<'_, crate::trend::profile::PyTemporalProfile>,
    lang: &str,
) -> PyResult<String> {
    profile_svg(&profile.inner, "year_wheel", lang)
}

/// Bars of a profile by local hour of day, as SVG text.
#[pyfunction]
#[pyo3(signature = (profile, lang = "sv"))]
fn hour_bars_svg(
    profile: PyRef<'_, crate::trend::profile::PyTemporalProfile>,
    lang: &str,
) -> PyResult<String> {
    profile_svg(&profile.inner, "hour", lang)
}

/// Bars of a profile by ISO weekday, as SVG text.
#[pyfunction]
#[pyo3(signature = (profile, lang = "sv"))]
fn weekday_bars_svg(
    profile: PyRef<'_, crate::trend::profile::PyTemporalProfile>,
    lang: &str,
) -> PyResult<String> {
    profile_svg(&profile.inner, "weekday", lang)
}

/// A vertical bar chart of `values` with one label per bar, as SVG text.
#[pyfunction]
#[pyo3(signature = (title, labels, values, lang = "sv"))]
fn bars_svg(
    title: &str,
    labels: Vec<String>,
    values: numpy::PyArrayLike1<'_, f64, numpy::AllowTypeChange>,
    lang: &str,
) -> PyResult<String> {
    let values = crate::crs::owned(&values);
    Ok(est_core::report::charts::bars_svg(
        title,
        &labels,
        &values,
        language_from_str(lang)?,
    ))
}

/// A privacy-safe weekly export: counts per fixed SWEREF 99 TM lattice cell, small counts
/// suppressed.
#[pyclass(frozen, module = "est", name = "PublicExport")]
pub(crate) struct PyPublicExport {
    inner: est_core::report::public::PublicExport,
}

#[pymethods]
impl PyPublicExport {
    /// The export as pretty JSON (schema `est.public/1`).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.to_json().or_raise(py)
    }
    /// `to_json` parsed into a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_json(py)?;
        json_loads(py, &text)
    }
    /// The published cells as a GeoJSON FeatureCollection text (WGS 84 polygons).
    fn to_geojson(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.to_geojson().or_raise(py)
    }
    /// `to_geojson` parsed into a dict (the `__geo_interface__` protocol).
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_geojson(py)?;
        json_loads(py, &text)
    }
    /// The published cells as dicts (`key`, `x0`, `y0`, `lonlat`, `count`, `groups`).
    #[getter]
    fn cells<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::trend::to_py_obj!(py, &self.inner.cells)
    }
    /// Number of cells with 1 … k − 1 incidents (their counts are not published).
    #[getter]
    fn suppressed_cells(&self) -> usize {
        self.inner.suppressed_cells
    }
    /// Sum of the published cells.
    #[getter]
    fn published_total(&self) -> u64 {
        self.inner.published_total
    }
    /// The ISO week, e.g. `"2026-W47"`.
    #[getter]
    fn week(&self) -> &str {
        &self.inner.week
    }
    /// The Monday of the week.
    #[getter]
    fn monday<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.monday)
    }
    /// The suppression threshold.
    #[getter]
    fn k(&self) -> u64 {
        self.inner.k
    }
    /// Lattice cell size in metres.
    #[getter]
    fn cell_size_m(&self) -> f64 {
        self.inner.cell_size_m
    }
    /// How the data were protected, in Swedish.
    #[getter]
    fn note_sv(&self) -> &str {
        &self.inner.note_sv
    }
    /// How the data were protected, in English.
    #[getter]
    fn note_en(&self) -> &str {
        &self.inner.note_en
    }
    fn __len__(&self) -> usize {
        self.inner.cells.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<PublicExport {}: {} cells of {} m published (k = {}), {} suppressed, total {}>",
            self.inner.week,
            self.inner.cells.len(),
            self.inner.cell_size_m,
            self.inner.k,
            self.inner.suppressed_cells,
            self.inner.published_total
        )
    }
}

/// The privacy-safe public export of one ISO week (`"2026-W47"`) of `incidents`.
#[pyfunction]
#[pyo3(signature = (incidents, week, *, k = 5, cell_size_m = 500.0, groups = true, area = None))]
fn public_export(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    week: &str,
    k: u64,
    cell_size_m: f64,
    groups: bool,
    area: Option<PyRef<'_, crate::grid::PyStudyArea>>,
) -> PyResult<PyPublicExport> {
    use est_core::crs::Crs;
    use est_core::report::public::{PublicExport, PublicOptions};
    let area = match area {
        Some(a) if a.inner.crs() != Crs::SWEREF99_TM => {
            return Err(crate::error::crs_mismatch(
                py,
                format!(
                    "the area is in {} but the public lattice is in {}; read it with \
                     StudyArea.from_geojson(..., target=3006)",
                    a.inner.crs(),
                    Crs::SWEREF99_TM
                ),
            ));
        }
        Some(a) => Some(a.inner.area().clone()),
        None => None,
    };
    let options = PublicOptions {
        k,
        cell_size_m,
        groups,
        area,
    };
    let inc = &incidents.inner;
    py.detach(|| PublicExport::build(inc, week, &options))
        .map(|inner| PyPublicExport { inner })
        .or_raise(py)
}

/// Registers the charts and the public export.
pub(crate) fn register_charts_and_public(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPublicExport>()?;
    m.add_function(wrap_pyfunction!(public_export, m)?)?;
    m.add_function(wrap_pyfunction!(heatmap_hour_weekday_svg, m)?)?;
    m.add_function(wrap_pyfunction!(year_wheel_svg, m)?)?;
    m.add_function(wrap_pyfunction!(hour_bars_svg, m)?)?;
    m.add_function(wrap_pyfunction!(weekday_bars_svg, m)?)?;
    m.add_function(wrap_pyfunction!(bars_svg, m)?)?;
    Ok(())
}
