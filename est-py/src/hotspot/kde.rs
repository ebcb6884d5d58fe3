//! Bindings of `est_core::hotspot::kde`: `kde` / `Kde`, `bandwidth` and `dual_kde` / `DualKde`.

use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::kde::{
    BandwidthRule, DualKde, DualMeasure, Kde, KdeOptions, Kernel, bandwidth, dual_kde, kde,
};
use numpy::{AllowTypeChange, PyArray1, PyArrayLike1};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyList, PyString};

use crate::crs::{crs_from_py, owned};
use crate::error::OrRaise;
use crate::grid::PyGrid;
use crate::incident::PyIncidents;
use crate::params::params_list;

/// `kernel=`: the core's names (a `HotspotError` naming the accepted ones otherwise).
pub(crate) fn kernel_from_str(py: Python<'_>, kernel: &str) -> PyResult<Kernel> {
    kernel.parse::<Kernel>().or_raise(py)
}

/// A named bandwidth rule: `"nrd" | "silverman" | "esri"`.
fn rule_from_str(rule: &str) -> PyResult<BandwidthRule> {
    match rule {
        "nrd" => Ok(BandwidthRule::NrdMeanXy),
        "silverman" => Ok(BandwidthRule::Silverman2d),
        "esri" => Ok(BandwidthRule::EsriRobust),
        other => Err(PyValueError::new_err(format!(
            "bandwidth rule must be \"nrd\", \"silverman\" or \"esri\" (got {other:?})"
        ))),
    }
}

/// `bandwidth=None | float (metres) | "nrd" | "silverman" | "esri"`.
pub(crate) fn bandwidth_from_py(bandwidth: Option<&Bound<'_, PyAny>>) -> PyResult<BandwidthRule> {
    let Some(b) = bandwidth.filter(|b| !b.is_none()) else {
        return Ok(BandwidthRule::NrdMeanXy);
    };
    if let Ok(text) = b.cast::<PyString>() {
        return rule_from_str(&text.to_cow()?);
    }
    if !b.is_instance_of::<PyBool>()
        && let Ok(h) = b.extract::<f64>()
    {
        return Ok(BandwidthRule::Fixed(h));
    }
    Err(PyTypeError::new_err(format!(
        "bandwidth must be None, a number of metres or \"nrd\", \"silverman\" or \"esri\" (got {})",
        b.get_type().name()?
    )))
}

/// A kernel density surface on a grid's active cells (arrays in `grid.cells` order).
#[pyclass(frozen, module = "est", name = "Kde")]
pub(crate) struct PyKde {
    pub(crate) inner: Kde,
    pub(crate) grid: Grid,
}

#[pymethods]
impl PyKde {
    /// Incidents per km² at each active cell's centre.
    #[getter]
    fn density_per_km2<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.density_per_km2)
    }
    /// Density × the cell's area: expected incidents per cell.
    #[getter]
    fn expected_per_cell<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.expected_per_cell)
    }
    /// Σ wᵢ·profile(uᵢ): the "weighted point count" (not a density).
    #[getter]
    fn kernel_sum<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.kernel_sum)
    }
    /// The bandwidth used, metres.
    #[getter]
    fn bandwidth_m(&self) -> f64 {
        self.inner.bandwidth_m
    }
    /// The kernel's name.
    #[getter]
    fn kernel(&self) -> &'static str {
        self.inner.kernel.name()
    }
    /// The grid the surface is on.
    #[getter]
    fn grid(&self) -> PyGrid {
        PyGrid::from(self.grid.clone())
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// Warnings (e.g. a bandwidth smaller than the cell).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
    fn __len__(&self) -> usize {
        self.inner.density_per_km2.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Kde: {} kernel, bandwidth {:.1} m, {} cells>",
            self.inner.kernel.name(),
            self.inner.bandwidth_m,
            self.inner.density_per_km2.len()
        )
    }
}

/// Kernel density of points (`x`, `y` arrays, or an `Incidents` as `x`) at the centres of
/// the active cells of `grid` (or of a default grid over the points).
#[pyfunction(name = "kde")]
#[pyo3(signature = (
    x, y = None, *, grid = None, weights = None, kernel = "quartic", bandwidth = None,
    adjust = 1.0, gaussian_cutoff = 5.0, crs = None
))]
#[allow(clippy::too_many_arguments)]
fn kde_py(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    y: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    grid: Option<PyRef<'_, PyGrid>>,
    weights: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    kernel: &str,
    bandwidth: Option<&Bound<'_, PyAny>>,
    adjust: f64,
    gaussian_cutoff: f64,
    crs: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyKde> {
    let options = KdeOptions {
        kernel: kernel_from_str(py, kernel)?,
        bandwidth: bandwidth_from_py(bandwidth)?,
        adjust,
        gaussian_cutoff,
    };
    let ws = weights.as_ref().map(owned);
    let grid = grid.map(|g| g.inner.clone());
    let (xs, ys, grid) = if let Ok(inc) = x.cast::<PyIncidents>() {
        if y.is_some() || crs.is_some() {
            return Err(PyValueError::new_err(
                "with Incidents as the first argument, y and crs must be None (the incidents \
                 carry their coordinates and CRS)",
            ));
        }
        let inc = &inc.get().inner;
        // Metric coordinates: the grid's CRS when a grid is given, else the incidents' own
        // projected CRS (lon/lat data are transformed to SWEREF 99 TM).
        let metric = match &grid {
            Some(g) if g.crs() != inc.crs() => py.detach(|| inc.to_crs(g.crs())),
            Some(_) => Ok(inc.clone()),
            None => py.detach(|| inc.to_metric()),
        }
        .or_raise(py)?;
        let grid = match grid {
            Some(g) => g,
            None => py
                .detach(|| Grid::for_incidents(&metric, &GridOptions::default()))
                .or_raise(py)?,
        };
        (metric.x().to_vec(), metric.y().to_vec(), grid)
    } else {
        let x: PyArrayLike1<'_, f64, AllowTypeChange> = x.extract().map_err(|_| {
            PyTypeError::new_err("x must be a 1-D array-like of numbers or an est.Incidents")
        })?;
        let Some(y) = y else {
            return Err(PyValueError::new_err(
                "y is required when x is an array of coordinates",
            ));
        };
        let (xs, ys) = (owned(&x), owned(&y));
        let grid = match (grid, crs) {
            (Some(g), None) => g,
            (Some(_), Some(_)) => {
                return Err(PyValueError::new_err(
                    "give grid or crs, not both (the grid carries its CRS)",
                ));
            }
            (None, Some(c)) => {
                let c = crs_from_py(c)?;
                py.detach(|| Grid::from_points(&xs, &ys, c, &GridOptions::default()))
                    .or_raise(py)?
            }
            (None, None) => {
                return Err(PyValueError::new_err(
                    "give grid= (an est.Grid), or crs= to lay the default grid over the \
                     points (est never guesses a CRS)",
                ));
            }
        };
        (xs, ys, grid)
    };
    py.detach(|| kde(&grid, &xs, &ys, ws.as_deref(), &options))
        .map(|inner| PyKde { inner, grid })
        .or_raise(py)
}

/// The bandwidth (metres) a rule gives for the points.
#[pyfunction(name = "bandwidth")]
#[pyo3(signature = (x, y, rule = "nrd", kernel = "quartic"))]
fn bandwidth_py(
    py: Python<'_>,
    x: PyArrayLike1<'_, f64, AllowTypeChange>,
    y: PyArrayLike1<'_, f64, AllowTypeChange>,
    rule: &str,
    kernel: &str,
) -> PyResult<f64> {
    let rule = rule_from_str(rule)?;
    let kernel = kernel_from_str(py, kernel)?;
    let (xs, ys) = (owned(&x), owned(&y));
    bandwidth(&xs, &ys, rule, kernel).or_raise(py)
}

/// `measure=`: the Python names of the core's measures.
fn measure_from_str(measure: &str) -> PyResult<DualMeasure> {
    match measure {
        "ratio" => Ok(DualMeasure::Ratio),
        "log" => Ok(DualMeasure::Log),
        "difference" => Ok(DualMeasure::Difference),
        "sum" => Ok(DualMeasure::Sum),
        "relative_risk" => Ok(DualMeasure::RelativeRisk),
        other => Err(PyValueError::new_err(format!(
            "measure must be \"ratio\", \"log\", \"difference\", \"sum\" or \
             \"relative_risk\" (got {other:?})"
        ))),
    }
}

fn measure_name(measure: DualMeasure) -> &'static str {
    match measure {
        DualMeasure::Ratio => "ratio",
        DualMeasure::Log => "log",
        DualMeasure::Difference => "difference",
        DualMeasure::Sum => "sum",
        DualMeasure::RelativeRisk => "relative_risk",
    }
}

/// Two densities on the same grid compared cell by cell (arrays in `grid.cells` order).
#[pyclass(frozen, module = "est", name = "DualKde")]
pub(crate) struct PyDualKde {
    inner: DualKde,
    grid: Grid,
}

#[pymethods]
impl PyDualKde {
    /// The measure per active cell; NaN where it is undefined (the denominator below the
    /// floor, or a zero numerator for `log`).
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        let v: Vec<f64> = self
            .inner
            .values
            .iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect();
        PyArray1::from_vec(py, v)
    }
    /// The measure's name.
    #[getter]
    fn measure(&self) -> &'static str {
        measure_name(self.inner.measure)
    }
    /// Density of the first set (numerator).
    #[getter]
    fn x(&self) -> PyKde {
        PyKde {
            inner: self.inner.x.clone(),
            grid: self.grid.clone(),
        }
    }
    /// Density of the second set (denominator).
    #[getter]
    fn y(&self) -> PyKde {
        PyKde {
            inner: self.inner.y.clone(),
            grid: self.grid.clone(),
        }
    }
    /// Relative floor: cells whose denominator is at most `floor × max(y)` have no value.
    #[getter]
    fn floor(&self) -> f64 {
        self.inner.floor
    }
    fn __len__(&self) -> usize {
        self.inner.values.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<DualKde: {}, {} cells, bandwidth {:.1} m>",
            measure_name(self.inner.measure),
            self.inner.values.len(),
            self.inner.x.bandwidth_m
        )
    }
}

/// Compares the densities of two point sets (`x1`, `y1` and `x2`, `y2`, in the grid's CRS)
/// on the active cells of `grid`; the bandwidth is chosen from the first set.
#[pyfunction(name = "dual_kde")]
#[pyo3(signature = (
    x1, y1, x2, y2, *, grid, weights1 = None, weights2 = None, measure = "ratio",
    kernel = "quartic", bandwidth = None, adjust = 1.0, floor = 1e-12
))]
#[allow(clippy::too_many_arguments)]
fn dual_kde_py(
    py: Python<'_>,
    x1: PyArrayLike1<'_, f64, AllowTypeChange>,
    y1: PyArrayLike1<'_, f64, AllowTypeChange>,
    x2: PyArrayLike1<'_, f64, AllowTypeChange>,
    y2: PyArrayLike1<'_, f64, AllowTypeChange>,
    grid: PyRef<'_, PyGrid>,
    weights1: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    weights2: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    measure: &str,
    kernel: &str,
    bandwidth: Option<&Bound<'_, PyAny>>,
    adjust: f64,
    floor: f64,
) -> PyResult<PyDualKde> {
    let options = KdeOptions {
        kernel: kernel_from_str(py, kernel)?,
        bandwidth: bandwidth_from_py(bandwidth)?,
        adjust,
        ..KdeOptions::default()
    };
    let measure = measure_from_str(measure)?;
    let (xs1, ys1, xs2, ys2) = (owned(&x1), owned(&y1), owned(&x2), owned(&y2));
    let (ws1, ws2) = (weights1.as_ref().map(owned), weights2.as_ref().map(owned));
    let grid = grid.inner.clone();
    py.detach(|| {
        dual_kde(
            &grid,
            (&xs1, &ys1, ws1.as_deref()),
            (&xs2, &ys2, ws2.as_deref()),
            &options,
            measure,
            floor,
        )
    })
    .map(|inner| PyDualKde { inner, grid })
    .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyKde>()?;
    m.add_class::<PyDualKde>()?;
    m.add_function(wrap_pyfunction!(dual_kde_py, m)?)?;
    m.add_function(wrap_pyfunction!(kde_py, m)?)?;
    m.add_function(wrap_pyfunction!(bandwidth_py, m)?)?;
    Ok(())
}
