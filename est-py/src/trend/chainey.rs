//! Bindings of `est_core::trend::chainey`: `chainey`, `Chainey` and `classify_chainey`.

use est_core::trend::chainey::{
    ChaineyClass, ChaineyParams, ChaineyResult, Shares, chainey_from_values,
    classify_chainey as core_classify,
};
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::{array2, cube_labels, cube_weights, serde_name, table_from_py};
use crate::error::OrRaise;
use crate::hotspot::weights::PySpatialWeights;
use crate::params::params_list;
use crate::stats::adjustment_from_str;

/// Chainey-style classes of cells over periods (per cell-period arrays are (cells, periods)).
#[pyclass(frozen, module = "est", name = "Chainey")]
pub(crate) struct PyChainey {
    inner: ChaineyResult,
    labels: Option<Vec<String>>,
}

fn shares_dict<'py>(py: Python<'py>, shares: &[Shares]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let col = |f: fn(&Shares) -> f64| shares.iter().map(f).collect::<Vec<f64>>();
    d.set_item("overall", col(|s| s.overall).into_pyarray(py))?;
    d.set_item("recent", col(|s| s.recent).into_pyarray(py))?;
    d.set_item("older", col(|s| s.older).into_pyarray(py))?;
    Ok(d)
}

impl PyChainey {
    fn bins<'py, T: numpy::Element + Copy>(
        &self,
        py: Python<'py>,
        v: &[T],
    ) -> PyResult<Bound<'py, PyArray2<T>>> {
        array2(py, v.to_vec(), self.inner.n_locations, self.inner.n_periods)
    }
}

#[pymethods]
impl PyChainey {
    /// Number of cells.
    #[getter]
    fn n_locations(&self) -> usize {
        self.inner.n_locations
    }
    /// Number of periods `T`.
    #[getter]
    fn n_periods(&self) -> usize {
        self.inner.n_periods
    }
    /// Number of recent periods `r = max(1, floor(recent_prop·T))`.
    #[getter]
    fn recent_periods(&self) -> usize {
        self.inner.recent_periods
    }
    /// Gi* z per cell-period (NaN in constant periods).
    #[getter]
    fn z<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        self.bins(py, &self.inner.z)
    }
    /// Two-sided p per cell-period.
    #[getter]
    fn p<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        self.bins(py, &self.inner.p)
    }
    /// p after the per-period and across-period adjustments.
    #[getter]
    fn p_adjusted<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        self.bins(py, &self.inner.p_adjusted)
    }
    /// Significant hot cell-periods.
    #[getter]
    fn sig_hot<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<bool>>> {
        self.bins(py, &self.inner.sig_hot)
    }
    /// Significant cold cell-periods.
    #[getter]
    fn sig_cold<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<bool>>> {
        self.bins(py, &self.inner.sig_cold)
    }
    /// Shares of significant hot periods per cell: `{"overall", "recent", "older"}` arrays.
    #[getter]
    fn hot_shares<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        shares_dict(py, &self.inner.hot_shares)
    }
    /// Shares of significant cold periods per cell.
    #[getter]
    fn cold_shares<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        shares_dict(py, &self.inner.cold_shares)
    }
    /// Class names (`"emerging_hot"` …), one per cell.
    #[getter]
    fn classes(&self) -> Vec<String> {
        self.inner.classes.iter().map(|c| serde_name!(c)).collect()
    }
    /// Swedish class labels.
    #[getter]
    fn labels_sv(&self) -> Vec<&'static str> {
        self.inner.classes.iter().map(|c| c.label_sv()).collect()
    }
    /// English class labels (sfhotspot's).
    #[getter]
    fn labels_en(&self) -> Vec<&'static str> {
        self.inner.classes.iter().map(|c| c.label_en()).collect()
    }
    /// The cube's location labels, None for a plain array.
    #[getter]
    fn labels(&self) -> Option<Vec<String>> {
        self.labels.clone()
    }
    /// Periods in which every cell has the same count (Gi* undefined; not significant).
    #[getter]
    fn constant_periods<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        crate::hotspot::index_array(py, &self.inner.constant_periods)
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// Warnings.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
    /// Number of cells per class name, every class listed.
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for c in ChaineyClass::ALL {
            let n = self.inner.classes.iter().filter(|&&k| k == c).count();
            d.set_item(serde_name!(&c), n)?;
        }
        Ok(d)
    }
    /// A `pandas.DataFrame` with one row per cell (class, labels, shares).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("chainey_to_pandas")?
            .call1((slf,))
    }
    fn __len__(&self) -> usize {
        self.inner.n_locations
    }
    fn __repr__(&self) -> String {
        let n = |c| self.inner.classes.iter().filter(|&&k| k == c).count();
        format!(
            "<Chainey: {} cells × {} periods (last {} recent); {} persistent, {} emerging, \
             {} former, {} intermittent hot>",
            self.inner.n_locations,
            self.inner.n_periods,
            self.inner.recent_periods,
            n(ChaineyClass::PersistentHot),
            n(ChaineyClass::EmergingHot),
            n(ChaineyClass::FormerHot),
            n(ChaineyClass::IntermittentHot)
        )
    }
}

fn params(
    py: Python<'_>,
    hotspot_prop: f64,
    persistent_prop: f64,
    recent_prop: f64,
    critical_p: f64,
    adjustment: &str,
    across_periods: &str,
) -> PyResult<ChaineyParams> {
    Ok(ChaineyParams::default()
        .with_hotspot_prop(hotspot_prop)
        .with_persistent_prop(persistent_prop)
        .with_recent_prop(recent_prop)
        .with_critical_p(critical_p)
        .with_adjustment(adjustment_from_str(py, adjustment)?)
        .with_across_periods(adjustment_from_str(py, across_periods)?))
}

/// Chainey-style classes (persistent, emerging, former, intermittent hot/cold spots) from
/// per-period Gi* of a `SpaceTimeCube` or a 2-D array of counts (cells × periods).
#[pyfunction]
#[pyo3(signature = (
    values, weights = None, *, neighbourhood = None, hotspot_prop = 0.1,
    persistent_prop = 0.8, recent_prop = 0.2, critical_p = 0.05, adjustment = "fdr_bh",
    across_periods = "none"
), text_signature = "(values, weights=None, *, neighbourhood='queen', hotspot_prop=0.1, \
                     persistent_prop=0.8, recent_prop=0.2, critical_p=0.05, \
                     adjustment='fdr_bh', across_periods='none')")]
#[allow(clippy::too_many_arguments)]
fn chainey(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    weights: Option<PyRef<'_, PySpatialWeights>>,
    neighbourhood: Option<&Bound<'_, PyAny>>,
    hotspot_prop: f64,
    persistent_prop: f64,
    recent_prop: f64,
    critical_p: f64,
    adjustment: &str,
    across_periods: &str,
) -> PyResult<PyChainey> {
    let p = params(
        py,
        hotspot_prop,
        persistent_prop,
        recent_prop,
        critical_p,
        adjustment,
        across_periods,
    )?;
    let queen = pyo3::types::PyString::new(py, "queen").into_any();
    let nb = neighbourhood.filter(|n| !n.is_none()).unwrap_or(&queen);
    let w = cube_weights(py, values, weights, nb)?;
    let t = table_from_py(values, "values")?;
    let inner = py
        .detach(|| chainey_from_values(&t.values, t.rows, &w, &p))
        .or_raise(py)?;
    Ok(PyChainey {
        inner,
        labels: cube_labels(values),
    })
}

/// Chainey classes from significant hot and cold flags (2-D, cells × periods); returns the
/// class names.
#[pyfunction]
#[pyo3(signature = (sig_hot, sig_cold, *, hotspot_prop = 0.1, persistent_prop = 0.8, recent_prop = 0.2))]
fn classify_chainey(
    py: Python<'_>,
    sig_hot: Vec<Vec<bool>>,
    sig_cold: Vec<Vec<bool>>,
    hotspot_prop: f64,
    persistent_prop: f64,
    recent_prop: f64,
) -> PyResult<Vec<String>> {
    let n = sig_hot.len();
    let t = sig_hot.first().map_or(0, Vec::len);
    if sig_hot.iter().chain(&sig_cold).any(|row| row.len() != t) {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "every row of sig_hot and sig_cold must have {t} periods"
        )));
    }
    let hot: Vec<bool> = sig_hot.into_iter().flatten().collect();
    let cold: Vec<bool> = sig_cold.into_iter().flatten().collect();
    let p = params(
        py,
        hotspot_prop,
        persistent_prop,
        recent_prop,
        0.05,
        "fdr_bh",
        "none",
    )?;
    let classes = core_classify(&hot, &cold, n, t, &p).or_raise(py)?;
    Ok(classes.iter().map(|c| serde_name!(c)).collect())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyChainey>()?;
    m.add_function(wrap_pyfunction!(chainey, m)?)?;
    m.add_function(wrap_pyfunction!(classify_chainey, m)?)?;
    Ok(())
}
