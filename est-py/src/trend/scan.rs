//! Bindings of `est_core::trend::scan`: `scan` (incidents on a grid), `space_time_scan`
//! (zones and days), `Scan` and `Cluster`.

use est_core::trend::scan::{
    Cluster, Scan, ScanParams, scan_incidents, space_time_scan as core_scan,
};
use numpy::{AllowTypeChange, PyArray1, PyArray2, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::{array2, date_to_py, selection};
use crate::crs::owned;
use crate::error::OrRaise;
use crate::grid::PyGrid;
use crate::incident::PyIncidents;
use crate::params::params_list;

/// A space-time cluster: a circle of zones times a window of days.
#[pyclass(frozen, module = "est", name = "Cluster")]
pub(crate) struct PyCluster {
    inner: Cluster,
}

#[pymethods]
impl PyCluster {
    /// Centre of the circle (easting, northing): the centroid of its central zone.
    #[getter]
    fn centre(&self) -> (f64, f64) {
        self.inner.centre
    }
    /// Radius in metres (to the farthest zone centroid inside).
    #[getter]
    fn radius_m(&self) -> f64 {
        self.inner.radius_m
    }
    /// Zone indices inside the circle, nearest first.
    #[getter]
    fn zones(&self) -> Vec<usize> {
        self.inner.zones.clone()
    }
    /// First day of the window (`datetime.date`).
    #[getter]
    fn start_day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.start_day)
    }
    /// Last day of the window.
    #[getter]
    fn end_day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.end_day)
    }
    /// Cases in the cylinder.
    #[getter]
    fn observed(&self) -> u64 {
        self.inner.observed
    }
    /// Expected cases.
    #[getter]
    fn expected(&self) -> f64 {
        self.inner.expected
    }
    /// Log likelihood ratio.
    #[getter]
    fn llr(&self) -> f64 {
        self.inner.llr
    }
    /// Permutation p.
    #[getter]
    fn p(&self) -> f64 {
        self.inner.p
    }
    /// Recurrence interval `1/p` in days.
    #[getter]
    fn recurrence_days(&self) -> f64 {
        self.inner.recurrence_days
    }
    fn __repr__(&self) -> String {
        format!(
            "<Cluster: {} zone(s), radius {:.0} m, {} … {}, {} observed vs {:.2} expected, \
             LLR {:.3}, p = {}>",
            self.inner.zones.len(),
            self.inner.radius_m,
            self.inner.start_day,
            self.inner.end_day,
            self.inner.observed,
            self.inner.expected,
            self.inner.llr,
            self.inner.p
        )
    }
}

/// Kulldorff's space-time permutation scan: clusters, most likely first.
#[pyclass(frozen, module = "est", name = "Scan")]
pub(crate) struct PyScan {
    inner: Scan,
}

#[pymethods]
impl PyScan {
    /// The most likely cluster first, then secondary clusters by LLR.
    #[getter]
    fn clusters(&self) -> Vec<PyCluster> {
        self.inner
            .clusters
            .iter()
            .map(|c| PyCluster { inner: c.clone() })
            .collect()
    }
    /// Cases in the study period.
    #[getter]
    fn cases(&self) -> usize {
        self.inner.cases
    }
    /// Number of zones.
    #[getter]
    fn zones(&self) -> usize {
        self.inner.zones
    }
    /// Days in the study period.
    #[getter]
    fn days(&self) -> usize {
        self.inner.days
    }
    /// First day of the study period.
    #[getter]
    fn first_day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.first_day)
    }
    /// Last day of the study period.
    #[getter]
    fn last_day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.last_day)
    }
    /// Zone centroids, shape (zones, 2).
    #[getter]
    fn zone_xy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let flat: Vec<f64> = self
            .inner
            .zone_xy
            .iter()
            .flat_map(|&(x, y)| [x, y])
            .collect();
        array2(py, flat, self.inner.zone_xy.len(), 2)
    }
    /// Grid cell id of each zone (`scan` on incidents; empty for `space_time_scan`).
    #[getter]
    fn zone_cells<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u32>> {
        PyArray1::from_slice(py, &self.inner.zone_cells)
    }
    /// Selected incidents of the study period outside the grid.
    #[getter]
    fn outside_grid(&self) -> usize {
        self.inner.outside_grid
    }
    /// Distinct circles scanned.
    #[getter]
    fn circles(&self) -> usize {
        self.inner.circles
    }
    /// Number of permutations.
    #[getter]
    fn permutations(&self) -> usize {
        self.inner.permutations
    }
    /// Seed used.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    fn __len__(&self) -> usize {
        self.inner.clusters.len()
    }
    fn __repr__(&self) -> String {
        let top = self.inner.clusters.first().map_or(String::new(), |c| {
            format!("; top: {} cases, p = {}", c.observed, c.p)
        });
        format!(
            "<Scan: {} cases in {} zones over {} days ({} … {}), {} cluster(s){top}>",
            self.inner.cases,
            self.inner.zones,
            self.inner.days,
            self.inner.first_day,
            self.inner.last_day,
            self.inner.clusters.len()
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn params(
    max_radius_m: f64,
    max_days: u32,
    study_days: Option<u32>,
    prospective: bool,
    permutations: usize,
    seed: Option<u64>,
    max_clusters: usize,
) -> ScanParams {
    ScanParams {
        max_radius_m,
        max_days,
        study_days,
        prospective,
        permutations,
        seed,
        max_clusters,
    }
}

/// The space-time permutation scan on the selected incidents over the cells of `grid`
/// (days in Europe/Stockholm).
#[pyfunction]
#[pyo3(
    signature = (
        incidents, grid, *, categories = None, start = None, end = None,
        max_radius_m = 1000.0, max_days = 7, study_days = Some(28), prospective = true,
        permutations = 999, seed = None, max_clusters = 5
    ),
    text_signature = "(incidents, grid, *, categories=None, start=None, end=None, \
                      max_radius_m=1000.0, max_days=7, study_days=28, prospective=True, \
                      permutations=999, seed=None, max_clusters=5)"
)]
#[allow(clippy::too_many_arguments)]
fn scan(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    grid: PyRef<'_, PyGrid>,
    categories: Option<Vec<String>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    max_radius_m: f64,
    max_days: u32,
    study_days: Option<u32>,
    prospective: bool,
    permutations: usize,
    seed: Option<u64>,
    max_clusters: usize,
) -> PyResult<PyScan> {
    let inc = &incidents.inner;
    let sel = selection(py, inc, categories.as_deref(), start, end, false)?;
    let p = params(
        max_radius_m,
        max_days,
        study_days,
        prospective,
        permutations,
        seed,
        max_clusters,
    );
    let g = &grid.inner;
    py.detach(|| scan_incidents(inc, g, &sel, &p))
        .map(|inner| PyScan { inner })
        .or_raise(py)
}

/// The space-time permutation scan on cases given by zone and day (days since 1970-01-01).
#[pyfunction]
#[pyo3(
    signature = (
        zone_x, zone_y, case_zone, case_day, *, max_radius_m = 1000.0, max_days = 7,
        study_days = Some(28), prospective = true, permutations = 999, seed = None,
        max_clusters = 5
    ),
    text_signature = "(zone_x, zone_y, case_zone, case_day, *, max_radius_m=1000.0, \
                      max_days=7, study_days=28, prospective=True, permutations=999, \
                      seed=None, max_clusters=5)"
)]
#[allow(clippy::too_many_arguments)]
fn space_time_scan(
    py: Python<'_>,
    zone_x: PyArrayLike1<'_, f64, AllowTypeChange>,
    zone_y: PyArrayLike1<'_, f64, AllowTypeChange>,
    case_zone: Vec<usize>,
    case_day: Vec<i64>,
    max_radius_m: f64,
    max_days: u32,
    study_days: Option<u32>,
    prospective: bool,
    permutations: usize,
    seed: Option<u64>,
    max_clusters: usize,
) -> PyResult<PyScan> {
    let (xs, ys) = (owned(&zone_x), owned(&zone_y));
    if xs.len() != ys.len() {
        return Err(est_core::trend::TrendError::LengthMismatch {
            what: "zone_y".into(),
            expected: xs.len(),
            got: ys.len(),
        })
        .or_raise(py);
    }
    let zones: Vec<(f64, f64)> = xs.into_iter().zip(ys).collect();
    let p = params(
        max_radius_m,
        max_days,
        study_days,
        prospective,
        permutations,
        seed,
        max_clusters,
    );
    py.detach(|| core_scan(&zones, &case_zone, &case_day, &p))
        .map(|inner| PyScan { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCluster>()?;
    m.add_class::<PyScan>()?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(space_time_scan, m)?)?;
    Ok(())
}
