//! Bindings of `est_core::hotspot::gistar`: `local_g` / `LocalG` (Gi and Gi*) and
//! `general_g` / `GeneralG`.

use est_core::hotspot::gistar::{
    GeneralG, GeneralGParams, LocalG, LocalGParams, general_g, local_g,
};
use est_core::hotspot::weights::{WeightStyle, WeightsOptions};
use numpy::{AllowTypeChange, PyArray1, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::weights::PySpatialWeights;
use super::{index_array, opt_array, resolve_weights};
use crate::crs::owned;
use crate::error::OrRaise;
use crate::params::params_list;
use crate::stats::permutation_params;

/// Local Getis–Ord Gi* or Gi: one entry per unit in every array.
#[pyclass(frozen, module = "est", name = "LocalG")]
pub(crate) struct PyLocalG {
    pub(crate) inner: LocalG,
}

impl From<LocalG> for PyLocalG {
    fn from(inner: LocalG) -> Self {
        PyLocalG { inner }
    }
}

#[pymethods]
impl PyLocalG {
    /// True for Gi*, False for Gi.
    #[getter]
    fn star(&self) -> bool {
        self.inner.star
    }

    /// The G statistic (esda `Gs`).
    #[getter]
    fn g<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.g)
    }

    /// Ord–Getis z (NaN where undefined).
    #[getter]
    fn z<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.z)
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

    /// Units without non-self neighbours (int64).
    #[getter]
    fn islands<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        index_array(py, &self.inner.islands)
    }

    /// Units whose z is undefined (int64).
    #[getter]
    fn undefined<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        index_array(py, &self.inner.undefined)
    }

    /// Number of distinct conditional problems simulated (0 without permutations).
    #[getter]
    fn n_problems(&self) -> usize {
        self.inner.n_problems
    }

    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }

    /// Warnings (islands, undefined z).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    fn __len__(&self) -> usize {
        self.inner.z.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<LocalG: {} on {} units, permutation p {}>",
            if self.inner.star { "Gi*" } else { "Gi" },
            self.inner.z.len(),
            if self.inner.p_sim.is_some() {
                "computed"
            } else {
                "not computed"
            }
        )
    }
}

/// Local Gi* (`star=True`) or Gi of `values` at the points `(x, y)` with a distance band,
/// or under `weights`.
#[pyfunction(name = "local_g")]
#[pyo3(signature = (
    values, x = None, y = None, *, distance = None, star = true, binary = true,
    permutations = 999, seed = None, ties = "at_least_as_extreme", alternative = "two-sided",
    weights = None
))]
#[allow(clippy::too_many_arguments)]
fn local_g_py(
    py: Python<'_>,
    values: PyArrayLike1<'_, f64, AllowTypeChange>,
    x: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    y: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    distance: Option<f64>,
    star: bool,
    binary: bool,
    permutations: usize,
    seed: Option<u64>,
    ties: &str,
    alternative: &str,
    weights: Option<PyRef<'_, PySpatialWeights>>,
) -> PyResult<PyLocalG> {
    let pp = permutation_params(permutations, seed, alternative, ties)?;
    let given = weights.is_some();
    let opts = WeightsOptions::default()
        .with_self_weight(star)
        .with_style(if binary {
            WeightStyle::Binary
        } else {
            WeightStyle::RowStandardised
        });
    let mut w = resolve_weights(py, x, y, distance, weights, &opts)?;
    if given && !binary {
        // Given weights are row-standardised here; binary Gi* rows first get w_ii = 1.
        if star && !w.has_self_weights() {
            w = w.with_self_weights(1.0);
        }
        w = w.row_standardised();
    }
    let values = owned(&values);
    let params = LocalGParams::default().with_star(star).with_permutation(pp);
    py.detach(|| local_g(&values, &w, &params))
        .map(PyLocalG::from)
        .or_raise(py)
}

/// The global General G (Getis & Ord 1992).
#[pyclass(frozen, module = "est", name = "GeneralG")]
pub(crate) struct PyGeneralG {
    inner: GeneralG,
}

#[pymethods]
impl PyGeneralG {
    /// G.
    #[getter]
    fn g(&self) -> f64 {
        self.inner.g
    }
    /// E[G].
    #[getter]
    fn expected(&self) -> f64 {
        self.inner.expected
    }
    /// Var[G] under randomisation.
    #[getter]
    fn variance(&self) -> f64 {
        self.inner.variance
    }
    /// z.
    #[getter]
    fn z(&self) -> f64 {
        self.inner.z
    }
    /// Two-sided analytic p.
    #[getter]
    fn p_norm(&self) -> f64 {
        self.inner.p_norm
    }
    /// esda's one-sided analytic p.
    #[getter]
    fn p_norm_one_sided(&self) -> f64 {
        self.inner.p_norm_one_sided
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
            "<GeneralG: G={:.6}, E[G]={:.6}, z={:.4}, p_norm={:.4}>",
            self.inner.g, self.inner.expected, self.inner.z, self.inner.p_norm
        )
    }
}

/// General G of `values` under binary weights (a distance band over `x`, `y`, or `weights`).
#[pyfunction(name = "general_g")]
#[pyo3(signature = (
    values, x = None, y = None, *, distance = None, weights = None, permutations = 999,
    seed = None, alternative = "two-sided", ties = "at_least_as_extreme"
))]
#[allow(clippy::too_many_arguments)]
fn general_g_py(
    py: Python<'_>,
    values: PyArrayLike1<'_, f64, AllowTypeChange>,
    x: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    y: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    distance: Option<f64>,
    weights: Option<PyRef<'_, PySpatialWeights>>,
    permutations: usize,
    seed: Option<u64>,
    alternative: &str,
    ties: &str,
) -> PyResult<PyGeneralG> {
    let pp = permutation_params(permutations, seed, alternative, ties)?;
    let w = resolve_weights(py, x, y, distance, weights, &WeightsOptions::default())?;
    let values = owned(&values);
    let params = GeneralGParams { permutation: pp };
    py.detach(|| general_g(&values, &w, &params))
        .map(|inner| PyGeneralG { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLocalG>()?;
    m.add_class::<PyGeneralG>()?;
    m.add_function(wrap_pyfunction!(local_g_py, m)?)?;
    m.add_function(wrap_pyfunction!(general_g_py, m)?)?;
    Ok(())
}
