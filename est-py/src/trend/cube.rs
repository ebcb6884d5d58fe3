//! Bindings of `est_core::trend::cube`: `cube` and `SpaceTimeCube`.

use chrono::Duration;
use est_core::grid::Grid;
use est_core::trend::TrendError;
use est_core::trend::cube::{LocationRule, SpaceTimeCube, cube_for_areas, cube_for_grid};
use est_core::trend::period::Periods;
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use super::period::{PyPeriods, kind_from_py};
use super::{array2, selection};
use crate::error::{OrRaise, crs_mismatch};
use crate::grid::{PyGrid, PyStudyArea};
use crate::incident::PyIncidents;

fn rule_name(rule: LocationRule) -> &'static str {
    match rule {
        LocationRule::AllCells => "all",
        LocationRule::WithIncidents => "with_incidents",
    }
}

/// Counts per location (grid cell or named area) and calendar period.
#[pyclass(frozen, module = "est", name = "SpaceTimeCube")]
pub(crate) struct PySpaceTimeCube {
    pub(crate) inner: SpaceTimeCube,
    /// The grid of a grid cube (for contiguity weights).
    pub(crate) grid: Option<Grid>,
}

#[pymethods]
impl PySpaceTimeCube {
    /// Counts, float64, shape (locations, periods); empty bins are 0.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        array2(
            py,
            self.inner.counts.clone(),
            self.inner.n_locations(),
            self.inner.n_periods(),
        )
    }
    /// One label per location: the area's name or `"cell <id>"`.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels.clone()
    }
    /// The period labels (columns), e.g. `"2026-W47"`.
    #[getter]
    fn periods(&self) -> Vec<String> {
        self.inner.periods.labels()
    }
    /// The periods as a `Periods` object (starts, ends, coverage).
    #[getter]
    fn bins(&self) -> PyPeriods {
        PyPeriods {
            inner: self.inner.periods.clone(),
        }
    }
    /// Location centroids, float64, shape (locations, 2): easting, northing.
    #[getter]
    fn xy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let flat: Vec<f64> = self.inner.xy.iter().flat_map(|&(x, y)| [x, y]).collect();
        array2(py, flat, self.inner.n_locations(), 2)
    }
    /// Grid cell ids of the locations (int64), None for areas.
    #[getter]
    fn cell_ids<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<i64>>> {
        self.inner
            .cell_ids
            .as_ref()
            .map(|ids| crate::hotspot::index_array(py, ids))
    }
    /// `"all"` (every active cell) or `"with_incidents"` (cells with at least one incident).
    #[getter]
    fn rule(&self) -> &'static str {
        rule_name(self.inner.rule)
    }
    /// EPSG code of `xy`.
    #[getter]
    fn crs(&self) -> u32 {
        self.inner.crs.epsg()
    }
    /// What was counted (categories, window, counts or weights).
    #[getter]
    fn selection(&self) -> &str {
        &self.inner.selection
    }
    /// The grid of a grid cube (a copy), None for areas.
    #[getter]
    fn grid(&self) -> Option<PyGrid> {
        self.grid.clone().map(PyGrid::from)
    }
    /// Number of locations.
    #[getter]
    fn n_locations(&self) -> usize {
        self.inner.n_locations()
    }
    /// Number of periods.
    #[getter]
    fn n_periods(&self) -> usize {
        self.inner.n_periods()
    }
    /// Total of each period over all locations.
    fn totals_per_period<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.totals_per_period().into_pyarray(py)
    }
    /// Total of each location over all periods.
    fn totals_per_location<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.totals_per_location().into_pyarray(py)
    }
    /// The time series of location `i`.
    fn series<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyArray1<f64>>> {
        if i >= self.inner.n_locations() {
            return Err(PyIndexError::new_err(format!(
                "location {i} out of range ({} locations)",
                self.inner.n_locations()
            )));
        }
        Ok(PyArray1::from_slice(py, self.inner.series(i)))
    }
    /// Sum of all counts.
    #[getter]
    fn total(&self) -> f64 {
        self.inner.total()
    }
    /// A long `pandas.DataFrame`: one row per location × period (`location`, `cell`,
    /// `period`, `start`, `x`, `y`, `count`).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("cube_to_pandas")?
            .call1((slf,))
    }
    fn __len__(&self) -> usize {
        self.inner.n_locations()
    }
    fn __repr__(&self) -> String {
        let labels = self.inner.periods.labels();
        format!(
            "<SpaceTimeCube: {} locations ({}) × {} {} periods {} … {}, total {}>",
            self.inner.n_locations(),
            rule_name(self.inner.rule),
            self.inner.n_periods(),
            self.inner.periods.kind.name(),
            labels.first().map_or("", String::as_str),
            labels.last().map_or("", String::as_str),
            self.inner.total()
        )
    }
}

/// The space-time cube of the selected incidents per grid cell (or named area) and period.
#[pyfunction]
#[pyo3(
    signature = (
        incidents, grid_or_areas, *, period = None, categories = None, start = None,
        end = None, locations = "all", weighted = false, length_days = None, origin = None
    ),
    text_signature = "(incidents, grid_or_areas, *, period='week', categories=None, \
                      start=None, end=None, locations='all', weighted=False, \
                      length_days=None, origin=None)"
)]
#[allow(clippy::too_many_arguments)]
fn cube(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    grid_or_areas: &Bound<'_, PyAny>,
    period: Option<&Bound<'_, PyAny>>,
    categories: Option<Vec<String>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    locations: &str,
    weighted: bool,
    length_days: Option<u32>,
    origin: Option<&Bound<'_, PyAny>>,
) -> PyResult<PySpaceTimeCube> {
    let inc = &incidents.inner;
    let sel = selection(py, inc, categories.as_deref(), start, end, weighted)?;
    let rule = match locations {
        "all" => LocationRule::AllCells,
        "with_incidents" => LocationRule::WithIncidents,
        other => {
            return Err(PyValueError::new_err(format!(
                "locations must be \"all\" or \"with_incidents\" (got {other:?})"
            )));
        }
    };
    let periods = match period {
        Some(p) if p.cast::<PyPeriods>().is_ok() => {
            if length_days.is_some() || origin.is_some() {
                return Err(PyValueError::new_err(
                    "length_days and origin are for a period name, not a Periods object",
                ));
            }
            p.cast::<PyPeriods>()?.get().inner.clone()
        }
        _ => {
            let name = match period {
                None => "week".to_string(),
                Some(p) if p.is_none() => "week".to_string(),
                Some(p) => p
                    .cast::<PyString>()
                    .map_err(|_| {
                        PyTypeError::new_err(
                            "period must be a name (\"week\", \"month\" …) or a Periods object",
                        )
                    })?
                    .to_cow()?
                    .into_owned(),
            };
            let kind = kind_from_py(py, &name, length_days, origin)?;
            let range = inc.time_range();
            let from = sel.from.or(range.map(|r| r.0));
            let to = sel.to.or(range.map(|r| r.1 + Duration::seconds(1)));
            let (Some(from), Some(to)) = (from, to) else {
                return Err(TrendError::Empty {
                    what: "no incidents, and no start and end to lay the periods over".into(),
                })
                .or_raise(py);
            };
            Periods::covering(kind, from, to).or_raise(py)?
        }
    };
    if let Ok(grid) = grid_or_areas.cast::<PyGrid>() {
        let g = &grid.get().inner;
        let inner = py
            .detach(|| cube_for_grid(g, inc, &sel, &periods, rule))
            .or_raise(py)?;
        return Ok(PySpaceTimeCube {
            inner,
            grid: Some(g.clone()),
        });
    }
    let Ok(areas) = grid_or_areas.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "grid_or_areas must be a Grid or a dict of name → StudyArea (got {})",
            grid_or_areas.get_type().name()?
        )));
    };
    if rule != LocationRule::AllCells {
        return Err(PyValueError::new_err(
            "locations=\"with_incidents\" is for grids; named areas are always all kept",
        ));
    }
    let mut polygons = Vec::with_capacity(areas.len());
    for (name, area) in areas.iter() {
        let name: String = name.extract()?;
        let area = area.cast::<PyStudyArea>()?.get();
        if area.inner.crs() != inc.crs() {
            return Err(crs_mismatch(
                py,
                format!(
                    "the area {name:?} is in {} but the incidents are in {}; read the area \
                     with StudyArea.from_geojson(..., target={}) or transform the incidents \
                     with Incidents.to_crs({})",
                    area.inner.crs(),
                    inc.crs(),
                    inc.crs().epsg(),
                    area.inner.crs().epsg()
                ),
            ));
        }
        polygons.push((name, area.inner.area().clone()));
    }
    let inner = py
        .detach(|| cube_for_areas(&polygons, inc, &sel, &periods))
        .or_raise(py)?;
    Ok(PySpaceTimeCube { inner, grid: None })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySpaceTimeCube>()?;
    m.add_function(wrap_pyfunction!(cube, m)?)?;
    Ok(())
}
