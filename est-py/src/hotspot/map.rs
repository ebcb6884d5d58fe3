//! Bindings of `est_core::hotspot::map`: the one-call `hotspots` and `HotspotMap`.

use est_core::crs::{Crs, transform_slices};
use est_core::hotspot::kde::KdeOptions;
use est_core::hotspot::map::{ClassP, HotspotMap, HotspotOptions, Neighbourhood, hotspots};
use numpy::{IntoPyArray, PyArray1};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};

use super::gistar::PyLocalG;
use super::kde::{PyKde, bandwidth_from_py, kernel_from_str};
use super::opt_array;
use crate::error::OrRaise;
use crate::grid::{PyGrid, grid_options};
use crate::incident::PyIncidents;
use crate::params::{json_loads, params_list};
use crate::stats::permutation_params;

/// `neighbourhood="queen" | "rook" | <distance band in metres>`.
fn neighbourhood_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Neighbourhood> {
    if let Ok(text) = obj.cast::<PyString>() {
        return match &*text.to_cow()? {
            "queen" => Ok(Neighbourhood::Queen),
            "rook" => Ok(Neighbourhood::Rook),
            other => Err(PyValueError::new_err(format!(
                "neighbourhood must be \"queen\", \"rook\" or a distance band in metres \
                 (got {other:?})"
            ))),
        };
    }
    if !obj.is_instance_of::<PyBool>()
        && let Ok(d) = obj.extract::<f64>()
    {
        return Ok(Neighbourhood::DistanceBand(d));
    }
    Err(PyTypeError::new_err(format!(
        "neighbourhood must be \"queen\", \"rook\" or a distance band in metres (got {})",
        obj.get_type().name()?
    )))
}

/// `class_p="analytic" | "permutation"`.
fn class_p_from_str(class_p: &str) -> PyResult<ClassP> {
    match class_p {
        "analytic" => Ok(ClassP::Analytic),
        "permutation" => Ok(ClassP::Permutation),
        other => Err(PyValueError::new_err(format!(
            "class_p must be \"analytic\" or \"permutation\" (got {other:?})"
        ))),
    }
}

/// A hotspot map on a grid's active cells (arrays in `grid.cells` order).
#[pyclass(frozen, module = "est", name = "HotspotMap")]
pub(crate) struct PyHotspotMap {
    inner: HotspotMap,
}

#[pymethods]
impl PyHotspotMap {
    /// The grid.
    #[getter]
    fn grid(&self) -> PyGrid {
        PyGrid::from(self.inner.grid.clone())
    }
    /// Incidents per cell.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.counts)
    }
    /// Kernel density, incidents per km².
    #[getter]
    fn density_per_km2<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.kde.density_per_km2)
    }
    /// Kernel density × cell area: expected incidents per cell.
    #[getter]
    fn expected<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.kde.expected_per_cell)
    }
    /// Gi* z.
    #[getter]
    fn z<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.gi_star.z)
    }
    /// Gi* two-sided analytic p.
    #[getter]
    fn p<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.gi_star.p_norm)
    }
    /// Gi* permutation p, or None when `permutations=0`.
    #[getter]
    fn p_sim<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        opt_array(py, self.inner.gi_star.p_sim.as_ref())
    }
    /// The p-values the classes are drawn from, adjusted across cells.
    #[getter]
    fn p_adjusted<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.p_adjusted)
    }
    /// Classes, int8: +3/+2/+1 hot spot at 99/95/90 %, negative cold, 0 not significant.
    #[getter]
    fn classes<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i8>> {
        PyArray1::from_slice(py, &self.inner.classes)
    }
    /// Number of cells per class, `{-3: n, …, 3: n}`.
    #[getter]
    fn class_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (class, n) in (-3i8..=3).zip(self.inner.class_counts()) {
            d.set_item(class, n)?;
        }
        Ok(d)
    }
    /// The Gi* result behind the map.
    #[getter]
    fn gi_star(&self) -> PyLocalG {
        PyLocalG::from(self.inner.gi_star.clone())
    }
    /// The kernel density surface behind the map.
    #[getter]
    fn kde(&self) -> PyKde {
        PyKde {
            inner: self.inner.kde.clone(),
            grid: self.inner.grid.clone(),
        }
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// Warnings from the grid, KDE and Gi*.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// The cells as a GeoJSON FeatureCollection text in WGS 84.
    fn to_geojson(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_geojson()).or_raise(py)
    }

    /// `to_geojson()` parsed into a dict (the `__geo_interface__` protocol).
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_geojson(py)?;
        json_loads(py, &text)
    }

    /// The per-cell table as a dict of arrays (the columns of `to_pandas`).
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let m = &self.inner;
        let grid = &m.grid;
        let cells = grid.cells();
        let (rows, cols): (Vec<i64>, Vec<i64>) = cells
            .iter()
            .map(|&c| {
                let (r, k) = grid.row_col(c);
                (i64::from(r), i64::from(k))
            })
            .unzip();
        let (xs, ys): (Vec<f64>, Vec<f64>) = cells.iter().map(|&c| grid.centroid(c)).unzip();
        let (lon, lat) = py
            .detach(|| transform_slices(&xs, &ys, grid.crs(), Crs::WGS84))
            .or_raise(py)?;
        let p_sim = match &m.gi_star.p_sim {
            Some(p) => p.clone(),
            None => vec![f64::NAN; cells.len()],
        };
        let d = PyDict::new(py);
        d.set_item("cell", PyArray1::from_slice(py, cells))?;
        d.set_item("row", rows.into_pyarray(py))?;
        d.set_item("col", cols.into_pyarray(py))?;
        d.set_item("x", xs.into_pyarray(py))?;
        d.set_item("y", ys.into_pyarray(py))?;
        d.set_item("lon", lon.into_pyarray(py))?;
        d.set_item("lat", lat.into_pyarray(py))?;
        d.set_item("count", PyArray1::from_slice(py, &m.counts))?;
        d.set_item(
            "density_per_km2",
            PyArray1::from_slice(py, &m.kde.density_per_km2),
        )?;
        d.set_item(
            "expected",
            PyArray1::from_slice(py, &m.kde.expected_per_cell),
        )?;
        d.set_item("gi_z", PyArray1::from_slice(py, &m.gi_star.z))?;
        d.set_item("gi_p", PyArray1::from_slice(py, &m.gi_star.p_norm))?;
        d.set_item("gi_p_sim", p_sim.into_pyarray(py))?;
        d.set_item("gi_p_adjusted", PyArray1::from_slice(py, &m.p_adjusted))?;
        d.set_item("gi_class", PyArray1::from_slice(py, &m.classes))?;
        Ok(d)
    }

    /// A pandas DataFrame, one row per active cell (pandas is imported on first use).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("hotspots_to_pandas")?
            .call1((slf,))
    }

    /// A GeoPandas GeoDataFrame of the cell polygons in WGS 84 (geopandas is imported on
    /// first use; ImportError if it is not installed).
    fn to_geopandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("hotspots_to_geopandas")?
            .call1((slf,))
    }

    fn __len__(&self) -> usize {
        self.inner.counts.len()
    }

    fn __repr__(&self) -> String {
        let c = self.inner.class_counts();
        format!(
            "<HotspotMap: {} cells of {} m, {} incidents, hot {}/{}/{} (99/95/90 %), cold {}/{}/{}>",
            self.inner.counts.len(),
            self.inner.grid.cell_size(),
            self.inner.counts.iter().sum::<f64>(),
            c[6],
            c[5],
            c[4],
            c[0],
            c[1],
            c[2]
        )
    }
}

/// The one-call hotspot map of `incidents`: grid, counts, kernel density, Gi* with
/// multiple-testing-adjusted classes.
#[pyfunction(name = "hotspots")]
#[pyo3(signature = (
    incidents, *, cell_size = None, shape = "square", neighbourhood = None, kernel = "quartic",
    bandwidth = None, permutations = 999, seed = None, adjustment = "fdr_bh",
    class_p = "analytic", alternative = "two-sided", ties = "at_least_as_extreme",
    max_cells = 10_000_000, warn_cells = 100_000
), text_signature = "(incidents, *, cell_size=None, shape='square', neighbourhood='queen', \
    kernel='quartic', bandwidth=None, permutations=999, seed=None, adjustment='fdr_bh', \
    class_p='analytic', alternative='two-sided', ties='at_least_as_extreme', \
    max_cells=10000000, warn_cells=100000)")]
#[allow(clippy::too_many_arguments)]
fn hotspots_py(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    cell_size: Option<f64>,
    shape: &str,
    neighbourhood: Option<&Bound<'_, PyAny>>,
    kernel: &str,
    bandwidth: Option<&Bound<'_, PyAny>>,
    permutations: usize,
    seed: Option<u64>,
    adjustment: &str,
    class_p: &str,
    alternative: &str,
    ties: &str,
    max_cells: usize,
    warn_cells: usize,
) -> PyResult<PyHotspotMap> {
    let options = HotspotOptions {
        grid: grid_options(cell_size, shape, max_cells, warn_cells)?,
        kde: KdeOptions {
            kernel: kernel_from_str(py, kernel)?,
            bandwidth: bandwidth_from_py(bandwidth)?,
            ..KdeOptions::default()
        },
        neighbourhood: match neighbourhood.filter(|n| !n.is_none()) {
            Some(n) => neighbourhood_from_py(n)?,
            None => Neighbourhood::Queen,
        },
        permutation: permutation_params(permutations, seed, alternative, ties)?,
        adjustment: crate::stats::adjustment_from_str(py, adjustment)?,
        class_p: class_p_from_str(class_p)?,
    };
    let inc = &incidents.inner;
    py.detach(|| hotspots(inc, &options))
        .map(|inner| PyHotspotMap { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHotspotMap>()?;
    m.add_function(wrap_pyfunction!(hotspots_py, m)?)?;
    Ok(())
}
