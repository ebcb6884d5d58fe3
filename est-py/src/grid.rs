//! Bindings of `est_core::grid`: `Grid`, `StudyArea`, `CellCounts`, `auto_cell_size`.

use est_core::grid::{
    CellCounts, ClipMode, Grid, GridOptions, GridShape, StudyArea, auto_cell_size,
};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::crs::{crs_from_py, owned};
use crate::error::OrRaise;
use crate::incident::PyIncidents;
use crate::params::{json_loads, params_list};

/// A pair of coordinate arrays returned to Python.
type XyArrays<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>);

/// `shape="square" | "hexagon"`.
pub(crate) fn shape_from_str(shape: &str) -> PyResult<GridShape> {
    match shape {
        "square" => Ok(GridShape::Square),
        "hexagon" => Ok(GridShape::Hexagon),
        other => Err(PyValueError::new_err(format!(
            "shape must be \"square\" or \"hexagon\" (got {other:?})"
        ))),
    }
}

fn mode_from_str(mode: &str) -> PyResult<ClipMode> {
    match mode {
        "intersects" => Ok(ClipMode::Intersects),
        "centroid_inside" => Ok(ClipMode::CentroidInside),
        "cut" => Ok(ClipMode::Cut),
        other => Err(PyValueError::new_err(format!(
            "mode must be \"intersects\", \"centroid_inside\" or \"cut\" (got {other:?})"
        ))),
    }
}

/// The core's grid options from the keyword arguments shared by the constructors.
pub(crate) fn grid_options(
    cell_size: Option<f64>,
    shape: &str,
    max_cells: usize,
    warn_cells: usize,
) -> PyResult<GridOptions> {
    Ok(GridOptions {
        shape: shape_from_str(shape)?,
        cell_size_m: cell_size,
        max_cells,
        warn_cells,
    })
}

/// A study area (municipality, district, EST area) as a multipolygon in projected metres.
#[pyclass(frozen, module = "est", name = "StudyArea")]
pub(crate) struct PyStudyArea {
    pub(crate) inner: StudyArea,
}

#[pymethods]
impl PyStudyArea {
    /// Reads a GeoJSON Polygon/MultiPolygon/Feature/FeatureCollection in `crs` (WGS 84 by
    /// default, as RFC 7946 says) and transforms it to `target` (projected metres).
    #[staticmethod]
    #[pyo3(
        signature = (text, *, crs = None, target = None),
        text_signature = "(text, *, crs=4326, target=3006)"
    )]
    fn from_geojson(
        py: Python<'_>,
        text: &str,
        crs: Option<&Bound<'_, PyAny>>,
        target: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyStudyArea> {
        let src = match crs {
            Some(c) => crs_from_py(c)?,
            None => est_core::crs::Crs::WGS84,
        };
        let dst = match target {
            Some(c) => crs_from_py(c)?,
            None => est_core::crs::Crs::SWEREF99_TM,
        };
        let text = text.to_owned();
        py.detach(move || StudyArea::from_geojson(&text, src, dst))
            .map(|inner| PyStudyArea { inner })
            .or_raise(py)
    }

    /// Area in square metres.
    #[getter]
    fn area_m2(&self) -> f64 {
        self.inner.area_m2()
    }

    /// EPSG code of the coordinates.
    #[getter]
    fn crs(&self) -> u32 {
        self.inner.crs().epsg()
    }

    /// Number of polygons.
    #[getter]
    fn n_polygons(&self) -> usize {
        self.inner.area().0.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<StudyArea: {} polygon(s), {:.3} km² in {}>",
            self.inner.area().0.len(),
            self.inner.area_m2() / 1e6,
            self.inner.crs()
        )
    }
}

/// Counts (or weighted sums) per active cell, and what fell outside the active cells.
#[pyclass(frozen, module = "est", name = "CellCounts")]
pub(crate) struct PyCellCounts {
    pub(crate) inner: CellCounts,
}

#[pymethods]
impl PyCellCounts {
    /// Per active cell (in `Grid.cells` order): the number of points, or the sum of their
    /// weights; float64.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.counts)
    }

    /// Points outside every active cell (outside the grid, or in a clipped-away cell).
    #[getter]
    fn outside(&self) -> usize {
        self.inner.outside
    }

    /// Sum of the weights of those points (their number when unweighted).
    #[getter]
    fn outside_weight(&self) -> f64 {
        self.inner.outside_weight
    }

    /// Sum over the active cells.
    #[getter]
    fn total(&self) -> f64 {
        self.inner.counts.iter().sum()
    }

    fn __len__(&self) -> usize {
        self.inner.counts.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<CellCounts: {} cells, total {}, outside {}>",
            self.inner.counts.len(),
            self.inner.counts.iter().sum::<f64>(),
            self.inner.outside
        )
    }
}

/// A square or hexagonal grid in projected metres with its active cells.
#[pyclass(frozen, module = "est", name = "Grid")]
pub(crate) struct PyGrid {
    pub(crate) inner: Grid,
}

impl From<Grid> for PyGrid {
    fn from(inner: Grid) -> Self {
        PyGrid { inner }
    }
}

#[pymethods]
impl PyGrid {
    /// A grid over the bounding box of the points `(x[i], y[i])` in `crs` (projected metres).
    #[staticmethod]
    #[pyo3(signature = (
        x, y, crs, *, cell_size = None, shape = "square", max_cells = 10_000_000,
        warn_cells = 100_000
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_points(
        py: Python<'_>,
        x: PyArrayLike1<'_, f64, AllowTypeChange>,
        y: PyArrayLike1<'_, f64, AllowTypeChange>,
        crs: &Bound<'_, PyAny>,
        cell_size: Option<f64>,
        shape: &str,
        max_cells: usize,
        warn_cells: usize,
    ) -> PyResult<PyGrid> {
        let crs = crs_from_py(crs)?;
        let options = grid_options(cell_size, shape, max_cells, warn_cells)?;
        let (xs, ys) = (owned(&x), owned(&y));
        py.detach(move || Grid::from_points(&xs, &ys, crs, &options))
            .map(PyGrid::from)
            .or_raise(py)
    }

    /// A grid over the positions of `incidents` (projected metres).
    #[staticmethod]
    #[pyo3(signature = (
        incidents, *, cell_size = None, shape = "square", max_cells = 10_000_000,
        warn_cells = 100_000
    ))]
    fn for_incidents(
        py: Python<'_>,
        incidents: PyRef<'_, PyIncidents>,
        cell_size: Option<f64>,
        shape: &str,
        max_cells: usize,
        warn_cells: usize,
    ) -> PyResult<PyGrid> {
        let options = grid_options(cell_size, shape, max_cells, warn_cells)?;
        let inc = &incidents.inner;
        py.detach(|| Grid::for_incidents(inc, &options))
            .map(PyGrid::from)
            .or_raise(py)
    }

    /// A grid over the rectangle `[min_x, max_x] × [min_y, max_y]` in `crs`.
    #[staticmethod]
    #[pyo3(signature = (
        min_x, min_y, max_x, max_y, crs, *, cell_size = None, shape = "square",
        max_cells = 10_000_000, warn_cells = 100_000
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_extent(
        py: Python<'_>,
        min_x: f64,
        min_y: f64,
        max_x: f64,
        max_y: f64,
        crs: &Bound<'_, PyAny>,
        cell_size: Option<f64>,
        shape: &str,
        max_cells: usize,
        warn_cells: usize,
    ) -> PyResult<PyGrid> {
        let crs = crs_from_py(crs)?;
        let options = grid_options(cell_size, shape, max_cells, warn_cells)?;
        py.detach(|| Grid::from_extent(min_x, min_y, max_x, max_y, crs, &options))
            .map(PyGrid::from)
            .or_raise(py)
    }

    /// The grid clipped to a study area (a new grid; this one is unchanged).
    #[pyo3(signature = (study_area, mode = "intersects"))]
    fn clip(
        &self,
        py: Python<'_>,
        study_area: PyRef<'_, PyStudyArea>,
        mode: &str,
    ) -> PyResult<PyGrid> {
        let mode = mode_from_str(mode)?;
        let area = &study_area.inner;
        py.detach(|| self.inner.clip(area, mode))
            .map(PyGrid::from)
            .or_raise(py)
    }

    /// The id of the active cell containing `(x, y)`, or None.
    fn cell_of(&self, x: f64, y: f64) -> Option<u32> {
        self.inner.cell_of(x, y)
    }

    /// Centres of the active cells, `(x, y)` float64 arrays in `cells` order.
    fn centroids<'py>(&self, py: Python<'py>) -> XyArrays<'py> {
        let (xs, ys): (Vec<f64>, Vec<f64>) = self
            .inner
            .cells()
            .iter()
            .map(|&c| self.inner.centroid(c))
            .unzip();
        (xs.into_pyarray(py), ys.into_pyarray(py))
    }

    /// Counts the points per active cell (or sums `weights`).
    #[pyo3(signature = (x, y, weights = None))]
    fn counts(
        &self,
        py: Python<'_>,
        x: PyArrayLike1<'_, f64, AllowTypeChange>,
        y: PyArrayLike1<'_, f64, AllowTypeChange>,
        weights: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    ) -> PyResult<PyCellCounts> {
        let (xs, ys) = (owned(&x), owned(&y));
        let ws = weights.as_ref().map(owned);
        py.detach(|| self.inner.counts(&xs, &ys, ws.as_deref()))
            .map(|inner| PyCellCounts { inner })
            .or_raise(py)
    }

    /// Counts incidents per active cell (unweighted).
    fn counts_for(
        &self,
        py: Python<'_>,
        incidents: PyRef<'_, PyIncidents>,
    ) -> PyResult<PyCellCounts> {
        let inc = &incidents.inner;
        py.detach(|| self.inner.counts_for(inc))
            .map(|inner| PyCellCounts { inner })
            .or_raise(py)
    }

    /// The active cells as a GeoJSON FeatureCollection text in WGS 84, one feature per cell
    /// with `cell`, `row`, `col`, `inside_fraction` and one property per column.
    #[pyo3(signature = (columns = None))]
    fn to_geojson(&self, py: Python<'_>, columns: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        let mut cols: Vec<(String, Vec<f64>)> = Vec::new();
        if let Some(columns) = columns {
            for (key, value) in columns.iter() {
                let name: String = key.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "column names must be str (got {})",
                        key.get_type()
                            .name()
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    ))
                })?;
                let values: PyArrayLike1<'_, f64, AllowTypeChange> =
                    value.extract().map_err(|_| {
                        PyTypeError::new_err(format!(
                            "columns[{name:?}] must be a 1-D array-like of numbers"
                        ))
                    })?;
                cols.push((name, owned(&values)));
            }
        }
        py.detach(|| {
            let refs: Vec<(&str, &[f64])> = cols
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_slice()))
                .collect();
            self.inner.to_geojson_wgs84(&refs)
        })
        .or_raise(py)
    }

    /// `to_geojson` parsed into a dict (a GeoJSON FeatureCollection).
    #[pyo3(signature = (columns = None))]
    fn to_geojson_dict<'py>(
        &self,
        py: Python<'py>,
        columns: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_geojson(py, columns)?;
        json_loads(py, &text)
    }

    /// The active cells as a GeoJSON dict (the `__geo_interface__` protocol), WGS 84.
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_geojson_dict(py, None)
    }

    /// "square" or "hexagon".
    #[getter]
    fn shape(&self) -> String {
        self.inner.shape().to_string()
    }

    /// Cell size in metres (square side or hexagon flat-to-flat width).
    #[getter]
    fn cell_size(&self) -> f64 {
        self.inner.cell_size()
    }

    /// South-west corner of cell 0's bounding box, `(x, y)`.
    #[getter]
    fn origin(&self) -> (f64, f64) {
        self.inner.origin()
    }

    /// Number of columns.
    #[getter]
    fn ncol(&self) -> u32 {
        self.inner.ncol()
    }

    /// Number of rows.
    #[getter]
    fn nrow(&self) -> u32 {
        self.inner.nrow()
    }

    /// Number of active cells.
    #[getter]
    fn n_cells(&self) -> usize {
        self.inner.n_cells()
    }

    /// EPSG code of the grid.
    #[getter]
    fn crs(&self) -> u32 {
        self.inner.crs().epsg()
    }

    /// The data extent the grid was laid over, `(min_x, min_y, max_x, max_y)`.
    #[getter]
    fn extent(&self) -> (f64, f64, f64, f64) {
        let [a, b, c, d] = self.inner.extent();
        (a, b, c, d)
    }

    /// Active cell ids, ascending (uint32); per-cell outputs are in this order.
    #[getter]
    fn cells<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u32>> {
        PyArray1::from_slice(py, self.inner.cells())
    }

    /// Per active cell, area(cell ∩ study area) / area(cell) (1 for an unclipped grid).
    #[getter]
    fn inside_fraction<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, self.inner.inside_fractions())
    }

    /// Per active cell, the area inside the study area in m².
    #[getter]
    fn areas<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.active_areas().into_pyarray(py)
    }

    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, self.inner.params_used())
    }

    /// Warnings (e.g. a very large grid).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings().to_vec()
    }

    /// The clip mode, None for an unclipped grid.
    #[getter]
    fn clip_mode(&self) -> Option<String> {
        self.inner.clip_mode().map(|m| m.to_string())
    }

    fn __len__(&self) -> usize {
        self.inner.n_cells()
    }

    fn __repr__(&self) -> String {
        let (x0, y0) = self.inner.origin();
        let clip = match self.inner.clip_mode() {
            Some(m) => format!(", clipped ({m})"),
            None => String::new(),
        };
        format!(
            "<Grid: {} {} m cells, {} × {} ({} active{clip}), origin ({x0}, {y0}) in {}>",
            self.inner.shape(),
            self.inner.cell_size(),
            self.inner.ncol(),
            self.inner.nrow(),
            self.inner.n_cells(),
            self.inner.crs()
        )
    }
}

/// sfhotspot's automatic cell size for a `width_m × height_m` bounding box.
#[pyfunction(name = "auto_cell_size")]
fn auto_cell_size_py(py: Python<'_>, width_m: f64, height_m: f64) -> PyResult<f64> {
    auto_cell_size(width_m, height_m).or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyGrid>()?;
    m.add_class::<PyStudyArea>()?;
    m.add_class::<PyCellCounts>()?;
    m.add_function(wrap_pyfunction!(auto_cell_size_py, m)?)?;
    Ok(())
}
