//! Bindings of `est_core::trend::change`: `change`, `change_for_grid`, `Change` and
//! `midpoint_boundary`.

use est_core::stats::poisson::TwoRateMethod;
use est_core::trend::change::{
    Change, ChangeParams, UnitChange, change as core_change, change_for_grid as core_cfg,
    midpoint_boundary as core_midpoint,
};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::{selection, utc_to_py, window_from_py};
use crate::crs::owned;
use crate::error::OrRaise;
use crate::grid::PyGrid;
use crate::incident::PyIncidents;
use crate::params::params_list;
use crate::stats::adjustment_from_str;

/// Change between two periods per unit; every array has one entry per unit.
#[pyclass(frozen, module = "est", name = "Change")]
pub(crate) struct PyChange {
    inner: Change,
}

impl PyChange {
    fn column<'py, T: numpy::Element>(
        &self,
        py: Python<'py>,
        f: impl Fn(&UnitChange) -> T,
    ) -> Bound<'py, PyArray1<T>> {
        self.inner
            .units
            .iter()
            .map(f)
            .collect::<Vec<T>>()
            .into_pyarray(py)
    }
}

#[pymethods]
impl PyChange {
    /// Unit labels (`"cell <id>"` for grid cells).
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.units.iter().map(|u| u.label.clone()).collect()
    }
    /// Counts before the boundary.
    #[getter]
    fn before<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.before)
    }
    /// Counts after the boundary.
    #[getter]
    fn after<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.after)
    }
    /// `after − before`.
    #[getter]
    fn difference<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.difference)
    }
    /// `(after/L_a)/(before/L_b)` (inf when before = 0 < after, NaN when untestable).
    #[getter]
    fn rate_ratio<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.rate_ratio)
    }
    /// Score z of after against before (NaN when untestable).
    #[getter]
    fn score_z<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.score_z)
    }
    /// Two-sided p of the chosen test (NaN when untestable).
    #[getter]
    fn p<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.p)
    }
    /// Adjusted p over the testable units.
    #[getter]
    fn p_adjusted<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.p_adjusted)
    }
    /// `p_adjusted < alpha`.
    #[getter]
    fn significant<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<bool>> {
        self.column(py, |u| u.significant)
    }
    /// At least one incident in either period.
    #[getter]
    fn testable<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<bool>> {
        self.column(py, |u| u.testable)
    }
    /// Wheeler's display z, `2(√n_a − √(n_b·r))/√(1 + r)`.
    #[getter]
    fn wheeler_z<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |u| u.wheeler_z)
    }
    /// Length of the before period in days.
    #[getter]
    fn length_before_days(&self) -> f64 {
        self.inner.length_before_days
    }
    /// Length of the after period in days.
    #[getter]
    fn length_after_days(&self) -> f64 {
        self.inner.length_after_days
    }
    /// Start of the after period (UTC; the Unix epoch for plain counts).
    #[getter]
    fn boundary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        utc_to_py(py, self.inner.boundary)
    }
    /// Units with no incident in either period.
    #[getter]
    fn untestable(&self) -> usize {
        self.inner.untestable
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// A `pandas.DataFrame` with one row per unit.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("change_to_pandas")?
            .call1((slf,))
    }
    fn __len__(&self) -> usize {
        self.inner.units.len()
    }
    fn __repr__(&self) -> String {
        let sig = self.inner.units.iter().filter(|u| u.significant).count();
        format!(
            "<Change: {} units ({} untestable), {} significant; {:.1} days before, {:.1} after>",
            self.inner.units.len(),
            self.inner.untestable,
            sig,
            self.inner.length_before_days,
            self.inner.length_after_days
        )
    }
}

fn params(py: Python<'_>, alpha: f64, adjustment: &str, method: &str) -> PyResult<ChangeParams> {
    Ok(ChangeParams {
        alpha,
        adjustment: adjustment_from_str(py, adjustment)?,
        method: TwoRateMethod::parse(method).or_raise(py)?,
    })
}

/// Change between two periods from counts per unit, tested unit by unit.
#[pyfunction]
#[pyo3(signature = (
    before, after, length_before, length_after, *, labels = None, alpha = 0.05,
    adjustment = "fdr_bh", method = "exact-cond"
))]
#[allow(clippy::too_many_arguments)]
fn change(
    py: Python<'_>,
    before: PyArrayLike1<'_, f64, AllowTypeChange>,
    after: PyArrayLike1<'_, f64, AllowTypeChange>,
    length_before: f64,
    length_after: f64,
    labels: Option<Vec<String>>,
    alpha: f64,
    adjustment: &str,
    method: &str,
) -> PyResult<PyChange> {
    let p = params(py, alpha, adjustment, method)?;
    let (b, a) = (owned(&before), owned(&after));
    let labels = labels.unwrap_or_else(|| (0..b.len()).map(|i| format!("unit {i}")).collect());
    core_change(&labels, &b, &a, length_before, length_after, &p)
        .map(|inner| PyChange { inner })
        .or_raise(py)
}

/// Change per active cell of `grid` between two windows of the selected incidents.
#[pyfunction]
#[pyo3(signature = (
    incidents, grid, *, before, after, categories = None, alpha = 0.05,
    adjustment = "fdr_bh", method = "exact-cond"
))]
#[allow(clippy::too_many_arguments)]
fn change_for_grid(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    grid: PyRef<'_, PyGrid>,
    before: &Bound<'_, PyAny>,
    after: &Bound<'_, PyAny>,
    categories: Option<Vec<String>>,
    alpha: f64,
    adjustment: &str,
    method: &str,
) -> PyResult<PyChange> {
    let p = params(py, alpha, adjustment, method)?;
    let inc = &incidents.inner;
    let sel = selection(py, inc, categories.as_deref(), None, None, false)?;
    let (wb, wa) = (
        window_from_py(before, "before")?,
        window_from_py(after, "after")?,
    );
    let g = &grid.inner;
    py.detach(|| core_cfg(g, inc, &sel, wb, wa, &p))
        .map(|inner| PyChange { inner })
        .or_raise(py)
}

/// sfhotspot's default boundary: the middle of the incidents' time range (None without
/// incidents).
#[pyfunction]
fn midpoint_boundary<'py>(
    py: Python<'py>,
    incidents: PyRef<'_, PyIncidents>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    core_midpoint(&incidents.inner)
        .map(|t| utc_to_py(py, t))
        .transpose()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyChange>()?;
    m.add_function(wrap_pyfunction!(change, m)?)?;
    m.add_function(wrap_pyfunction!(change_for_grid, m)?)?;
    m.add_function(wrap_pyfunction!(midpoint_boundary, m)?)?;
    Ok(())
}
