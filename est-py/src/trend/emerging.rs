//! Bindings of `est_core::trend::emerging`: `emerging_hotspots`, `EmergingHotspots`,
//! `classify_pattern` and `Pattern`.

use est_core::trend::emerging::{
    EmergingHotspots, EmergingParams, Pattern, classify, emerging_hotspots as core_emerging,
    emerging_hotspots_cube,
};
use numpy::{IntoPyArray, PyArray1, PyArray2};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::cube::PySpaceTimeCube;
use super::mann_kendall::PyMannKendallCube;
use super::{array2, cube_weights, serde_name, table_from_py};
use crate::error::OrRaise;
use crate::hotspot::weights::PySpatialWeights;
use crate::params::params_list;
use crate::stats::adjustment_from_str;

/// One of Esri's 17 emerging hot spot patterns.
#[pyclass(frozen, eq, module = "est", name = "Pattern")]
#[derive(PartialEq)]
pub(crate) struct PyPattern {
    inner: Pattern,
}

#[pymethods]
impl PyPattern {
    /// −8 … 8: 1 new, 2 consecutive, 3 intensifying, 4 persistent, 5 diminishing,
    /// 6 sporadic, 7 oscillating, 8 historical; negative for cold spots; 0 no pattern.
    #[getter]
    fn code(&self) -> i8 {
        self.inner.code()
    }
    /// Snake-case name, e.g. `"new_hot"`, `"no_pattern"`.
    #[getter]
    fn name(&self) -> String {
        serde_name!(&self.inner)
    }
    /// Swedish label, e.g. `"ny hotspot"`.
    #[getter]
    fn label_sv(&self) -> &'static str {
        self.inner.label_sv()
    }
    /// English label (Esri's), e.g. `"new hot spot"`.
    #[getter]
    fn label_en(&self) -> &'static str {
        self.inner.label_en()
    }
    /// New, consecutive or intensifying hot spot.
    #[getter]
    fn is_emerging(&self) -> bool {
        self.inner.is_emerging()
    }
    /// A hot-spot pattern (code > 0).
    #[getter]
    fn is_hot(&self) -> bool {
        self.inner.is_hot()
    }
    /// A cold-spot pattern (code < 0).
    #[getter]
    fn is_cold(&self) -> bool {
        self.inner.is_cold()
    }
    fn __repr__(&self) -> String {
        format!(
            "Pattern({}, code={}, sv={:?})",
            serde_name!(&self.inner),
            self.inner.code(),
            self.inner.label_sv()
        )
    }
}

/// The pattern of one location from its significant hot and cold steps and the direction
/// of its Mann–Kendall trend in z (Esri's rule table, first match).
#[pyfunction]
#[pyo3(signature = (hot, cold, up = false, down = false))]
fn classify_pattern(
    py: Python<'_>,
    hot: Vec<bool>,
    cold: Vec<bool>,
    up: bool,
    down: bool,
) -> PyResult<PyPattern> {
    classify(&hot, &cold, up, down)
        .map(|inner| PyPattern { inner })
        .or_raise(py)
}

/// Every pattern with its code, name and labels, in code order of the hot side, then the
/// cold side, then no pattern.
#[pyfunction]
fn emerging_patterns() -> Vec<PyPattern> {
    Pattern::ALL
        .iter()
        .map(|&inner| PyPattern { inner })
        .collect()
}

/// An emerging hot spot analysis: per-bin arrays are (locations, periods), per-location
/// arrays have one entry per location.
#[pyclass(frozen, module = "est", name = "EmergingHotspots")]
pub(crate) struct PyEmergingHotspots {
    inner: EmergingHotspots,
}

impl PyEmergingHotspots {
    fn bins<'py, T: numpy::Element + Copy>(
        &self,
        py: Python<'py>,
        v: &[T],
    ) -> PyResult<Bound<'py, PyArray2<T>>> {
        array2(py, v.to_vec(), self.inner.n_locations, self.inner.n_periods)
    }
}

#[pymethods]
impl PyEmergingHotspots {
    /// Number of locations.
    #[getter]
    fn n_locations(&self) -> usize {
        self.inner.n_locations
    }
    /// Number of time steps.
    #[getter]
    fn n_periods(&self) -> usize {
        self.inner.n_periods
    }
    /// Space-time Gi* z per bin (NaN where undefined).
    #[getter]
    fn z<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        self.bins(py, &self.inner.z)
    }
    /// Two-sided p per bin.
    #[getter]
    fn p<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        self.bins(py, &self.inner.p)
    }
    /// Adjusted p per bin (over all bins with a finite p).
    #[getter]
    fn p_adjusted<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        self.bins(py, &self.inner.p_adjusted)
    }
    /// Significant hot bins.
    #[getter]
    fn hot<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<bool>>> {
        self.bins(py, &self.inner.hot)
    }
    /// Significant cold bins.
    #[getter]
    fn cold<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<bool>>> {
        self.bins(py, &self.inner.cold)
    }
    /// Mann–Kendall of each location's z series.
    #[getter]
    fn trend(&self) -> PyMannKendallCube {
        PyMannKendallCube {
            results: self.inner.trend.clone(),
            labels: Some(self.inner.labels.clone()),
        }
    }
    /// Pattern codes −8 … 8 (int8), one per location.
    #[getter]
    fn codes<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i8>> {
        self.inner.codes().into_pyarray(py)
    }
    /// The pattern of each location.
    #[getter]
    fn patterns(&self) -> Vec<PyPattern> {
        self.inner
            .patterns
            .iter()
            .map(|&inner| PyPattern { inner })
            .collect()
    }
    /// Pattern names (`"new_hot"` …), one per location.
    #[getter]
    fn pattern_names(&self) -> Vec<String> {
        self.inner.patterns.iter().map(|p| serde_name!(p)).collect()
    }
    /// Swedish pattern labels, one per location.
    #[getter]
    fn labels_sv(&self) -> Vec<&'static str> {
        self.inner.patterns.iter().map(|p| p.label_sv()).collect()
    }
    /// English pattern labels, one per location.
    #[getter]
    fn labels_en(&self) -> Vec<&'static str> {
        self.inner.patterns.iter().map(|p| p.label_en()).collect()
    }
    /// Location labels (the cube's, or `"location <i>"`).
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels.clone()
    }
    /// Grid cell ids of the locations (int64), None without a grid cube.
    #[getter]
    fn cell_ids<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<i64>>> {
        self.inner
            .cell_ids
            .as_ref()
            .map(|ids| crate::hotspot::index_array(py, ids))
    }
    /// The cube's location rule (`"all"`, `"with_incidents"`), None for a plain array.
    #[getter]
    fn location_rule(&self) -> Option<String> {
        self.inner.location_rule.map(|r| {
            let name = serde_name!(&r);
            if name == "all_cells" {
                "all".to_string()
            } else {
                name
            }
        })
    }
    /// Bins in the multiple-testing family.
    #[getter]
    fn n_tested(&self) -> usize {
        self.inner.n_tested
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// Warnings (fewer than 10 steps, islands, undefined z).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }
    /// Number of locations per pattern name, every pattern listed (0 included).
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (p, n) in self.inner.counts() {
            d.set_item(serde_name!(&p), n)?;
        }
        Ok(d)
    }
    /// A `pandas.DataFrame` with one row per location (label, cell, code, pattern, labels,
    /// trend of z).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("emerging_to_pandas")?
            .call1((slf,))
    }
    fn __len__(&self) -> usize {
        self.inner.n_locations
    }
    fn __repr__(&self) -> String {
        let emerging = self
            .inner
            .patterns
            .iter()
            .filter(|p| p.is_emerging())
            .count();
        let hot = self.inner.patterns.iter().filter(|p| p.is_hot()).count();
        let cold = self.inner.patterns.iter().filter(|p| p.is_cold()).count();
        format!(
            "<EmergingHotspots: {} locations × {} steps; {hot} hot-spot patterns ({emerging} \
             new/consecutive/intensifying), {cold} cold-spot patterns>",
            self.inner.n_locations, self.inner.n_periods
        )
    }
}

/// Emerging hot spot analysis (Esri's 17 patterns) of a `SpaceTimeCube` or a 2-D array
/// (locations × periods).
#[pyfunction]
#[pyo3(signature = (
    values, weights = None, *, neighbourhood = None, time_steps = 1, alpha_bin = 0.10,
    alpha_trend = 0.05, adjustment = "fdr_bh"
), text_signature = "(values, weights=None, *, neighbourhood='queen', time_steps=1, \
                     alpha_bin=0.1, alpha_trend=0.05, adjustment='fdr_bh')")]
#[allow(clippy::too_many_arguments)]
fn emerging_hotspots(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    weights: Option<PyRef<'_, PySpatialWeights>>,
    neighbourhood: Option<&Bound<'_, PyAny>>,
    time_steps: usize,
    alpha_bin: f64,
    alpha_trend: f64,
    adjustment: &str,
) -> PyResult<PyEmergingHotspots> {
    let params = EmergingParams::default()
        .with_time_steps(time_steps)
        .with_alpha_bin(alpha_bin)
        .with_alpha_trend(alpha_trend)
        .with_adjustment(adjustment_from_str(py, adjustment)?);
    let queen = pyo3::types::PyString::new(py, "queen").into_any();
    let nb = neighbourhood.filter(|n| !n.is_none()).unwrap_or(&queen);
    let w = cube_weights(py, values, weights, nb)?;
    let inner = if let Ok(cube) = values.cast::<PySpaceTimeCube>() {
        let c = &cube.get().inner;
        py.detach(|| emerging_hotspots_cube(c, &w, &params))
            .or_raise(py)?
    } else {
        let t = table_from_py(values, "values")?;
        py.detach(|| core_emerging(&t.values, t.rows, &w, &params))
            .or_raise(py)?
    };
    Ok(PyEmergingHotspots { inner })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPattern>()?;
    m.add_class::<PyEmergingHotspots>()?;
    m.add_function(wrap_pyfunction!(classify_pattern, m)?)?;
    m.add_function(wrap_pyfunction!(emerging_patterns, m)?)?;
    m.add_function(wrap_pyfunction!(emerging_hotspots, m)?)?;
    Ok(())
}
