//! Bindings of `est_core::hotspot::moran`: `moran` / `Moran` and `local_moran` /
//! `LocalMoran`.

use est_core::hotspot::moran::{
    LocalMoran, LocalMoranParams, Moran, MoranParams, Quadrant, local_moran, moran,
};
use est_core::hotspot::weights::WeightsOptions;
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::weights::PySpatialWeights;
use super::{index_array, opt_array, resolve_weights};
use crate::crs::owned;
use crate::error::OrRaise;
use crate::params::params_list;
use crate::stats::permutation_params;

/// Global Moran's I.
#[pyclass(frozen, module = "est", name = "Moran")]
pub(crate) struct PyMoran {
    inner: Moran,
}

#[pymethods]
impl PyMoran {
    /// Moran's I.
    #[getter]
    fn i(&self) -> f64 {
        self.inner.i
    }
    /// E[I] = −1/(n − 1).
    #[getter]
    fn expected(&self) -> f64 {
        self.inner.expected
    }
    /// Variance under normality.
    #[getter]
    fn var_norm(&self) -> f64 {
        self.inner.var_norm
    }
    /// z under normality.
    #[getter]
    fn z_norm(&self) -> f64 {
        self.inner.z_norm
    }
    /// Two-sided p under normality.
    #[getter]
    fn p_norm(&self) -> f64 {
        self.inner.p_norm
    }
    /// Variance under randomisation.
    #[getter]
    fn var_rand(&self) -> f64 {
        self.inner.var_rand
    }
    /// z under randomisation.
    #[getter]
    fn z_rand(&self) -> f64 {
        self.inner.z_rand
    }
    /// Two-sided p under randomisation.
    #[getter]
    fn p_rand(&self) -> f64 {
        self.inner.p_rand
    }
    /// Permutation p, or None when `permutations=0`.
    #[getter]
    fn p_sim(&self) -> Option<f64> {
        self.inner.p_sim
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Moran: I={:.6}, E[I]={:.6}, z_rand={:.4}, p_rand={:.4}>",
            self.inner.i, self.inner.expected, self.inner.z_rand, self.inner.p_rand
        )
    }
}

/// Global Moran's I of `values` (a distance band over `x`, `y`, or `weights`).
#[pyfunction(name = "moran")]
#[pyo3(signature = (
    values, x = None, y = None, *, distance = None, weights = None, permutations = 999,
    seed = None, row_standardise = true, alternative = "two-sided",
    ties = "at_least_as_extreme"
))]
#[allow(clippy::too_many_arguments)]
fn moran_py(
    py: Python<'_>,
    values: PyArrayLike1<'_, f64, AllowTypeChange>,
    x: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    y: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    distance: Option<f64>,
    weights: Option<PyRef<'_, PySpatialWeights>>,
    permutations: usize,
    seed: Option<u64>,
    row_standardise: bool,
    alternative: &str,
    ties: &str,
) -> PyResult<PyMoran> {
    let pp = permutation_params(permutations, seed, alternative, ties)?;
    let w = resolve_weights(py, x, y, distance, weights, &WeightsOptions::default())?;
    let values = owned(&values);
    let params = MoranParams {
        row_standardise,
        permutation: pp,
    };
    py.detach(|| moran(&values, &w, &params))
        .map(|inner| PyMoran { inner })
        .or_raise(py)
}

/// esda's quadrant number: 1 HH, 2 LH, 3 LL, 4 HL.
fn quadrant_code(q: Quadrant) -> i8 {
    match q {
        Quadrant::HighHigh => 1,
        Quadrant::LowHigh => 2,
        Quadrant::LowLow => 3,
        Quadrant::HighLow => 4,
    }
}

/// Local Moran's I (LISA): one entry per unit in every array.
#[pyclass(frozen, module = "est", name = "LocalMoran")]
pub(crate) struct PyLocalMoran {
    inner: LocalMoran,
}

#[pymethods]
impl PyLocalMoran {
    /// Local statistic `I_i` (esda `Is`).
    #[getter]
    fn i<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.i)
    }
    /// Standardised values.
    #[getter]
    fn z<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.z)
    }
    /// Spatial lag of the standardised values.
    #[getter]
    fn lag<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.lag)
    }
    /// Quadrant of each unit, int8, esda numbering: 1 HH, 2 LH, 3 LL, 4 HL.
    #[getter]
    fn quadrants<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i8>> {
        self.inner
            .quadrant
            .iter()
            .map(|&q| quadrant_code(q))
            .collect::<Vec<i8>>()
            .into_pyarray(py)
    }
    /// Quadrant where the permutation p is below the significance level, else 0, int8.
    #[getter]
    fn clusters<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i8>> {
        self.inner
            .clusters
            .iter()
            .map(|q| q.map_or(0, quadrant_code))
            .collect::<Vec<i8>>()
            .into_pyarray(py)
    }
    /// esda's cluster labels: "High-High", "Low-High", "Low-Low", "High-Low" or
    /// "Insignificant".
    #[getter]
    fn cluster_labels(&self) -> Vec<&'static str> {
        self.inner
            .clusters
            .iter()
            .map(|q| q.map_or("Insignificant", Quadrant::label))
            .collect()
    }
    /// E[I_i] under total randomisation (esda `EI`).
    #[getter]
    fn expected<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.expected)
    }
    /// Var[I_i] under total randomisation (esda `VI`).
    #[getter]
    fn variance<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.variance)
    }
    /// E[I_i] under conditional randomisation (esda `EIc`).
    #[getter]
    fn expected_conditional<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.expected_conditional)
    }
    /// Var[I_i] under conditional randomisation (esda `VIc`).
    #[getter]
    fn variance_conditional<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.variance_conditional)
    }
    /// z from total randomisation.
    #[getter]
    fn z_norm<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.z_norm)
    }
    /// Two-sided analytic p.
    #[getter]
    fn p_norm<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.p_norm)
    }
    /// Permutation p, or None when `permutations=0`.
    #[getter]
    fn p_sim<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        opt_array(py, self.inner.p_sim.as_ref())
    }
    /// Units without neighbours (int64).
    #[getter]
    fn islands<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        index_array(py, &self.inner.islands)
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    fn __len__(&self) -> usize {
        self.inner.i.len()
    }
    fn __repr__(&self) -> String {
        let significant = self.inner.clusters.iter().filter(|c| c.is_some()).count();
        format!(
            "<LocalMoran: {} units, {significant} significant cluster unit(s)>",
            self.inner.i.len()
        )
    }
}

/// Local Moran's I of `values` (a distance band over `x`, `y`, or `weights`).
#[pyfunction(name = "local_moran")]
#[pyo3(signature = (
    values, x = None, y = None, *, distance = None, weights = None, permutations = 999,
    seed = None, row_standardise = true, significance = 0.05, alternative = "two-sided",
    ties = "at_least_as_extreme"
))]
#[allow(clippy::too_many_arguments)]
fn local_moran_py(
    py: Python<'_>,
    values: PyArrayLike1<'_, f64, AllowTypeChange>,
    x: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    y: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    distance: Option<f64>,
    weights: Option<PyRef<'_, PySpatialWeights>>,
    permutations: usize,
    seed: Option<u64>,
    row_standardise: bool,
    significance: f64,
    alternative: &str,
    ties: &str,
) -> PyResult<PyLocalMoran> {
    let pp = permutation_params(permutations, seed, alternative, ties)?;
    let w = resolve_weights(py, x, y, distance, weights, &WeightsOptions::default())?;
    let values = owned(&values);
    let params = LocalMoranParams {
        row_standardise,
        permutation: pp,
        significance,
    };
    py.detach(|| local_moran(&values, &w, &params))
        .map(|inner| PyLocalMoran { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMoran>()?;
    m.add_class::<PyLocalMoran>()?;
    m.add_function(wrap_pyfunction!(moran_py, m)?)?;
    m.add_function(wrap_pyfunction!(local_moran_py, m)?)?;
    Ok(())
}
