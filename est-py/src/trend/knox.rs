//! Bindings of `est_core::trend::knox`: `knox`, `knox_incidents` and `Knox`.

use est_core::trend::knox::{
    Knox, KnoxParams, Metric, knox as core_knox, knox_incidents as core_ki,
};
use numpy::{AllowTypeChange, PyArray1, PyArray2, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::{selection, table2};
use crate::crs::owned;
use crate::error::OrRaise;
use crate::incident::PyIncidents;
use crate::params::params_list;

/// The banded Knox test: tables indexed `[space band, time band]`.
#[pyclass(frozen, module = "est", name = "Knox")]
pub(crate) struct PyKnox {
    inner: Knox,
}

#[pymethods]
impl PyKnox {
    /// Observed pair counts (int64), shape (space bands, time bands).
    #[getter]
    fn observed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<i64>>> {
        let t: Vec<Vec<i64>> = self
            .inner
            .observed
            .iter()
            .map(|r| {
                r.iter()
                    .map(|&v| i64::try_from(v).unwrap_or(i64::MAX))
                    .collect()
            })
            .collect();
        table2(py, &t)
    }
    /// Mean of the permuted counts.
    #[getter]
    fn expected<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        table2(py, &self.inner.expected)
    }
    /// Median of the permuted counts.
    #[getter]
    fn median<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        table2(py, &self.inner.median)
    }
    /// Standard deviation of the permuted counts (divisor R).
    #[getter]
    fn sd<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        table2(py, &self.inner.sd)
    }
    /// Knox ratio observed / expected (NaN where expected is 0).
    #[getter]
    fn ratio<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        table2(py, &self.inner.ratio)
    }
    /// Observed / median (NaN where the median is 0).
    #[getter]
    fn median_ratio<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        table2(py, &self.inner.median_ratio)
    }
    /// Permutation p `(#{O_r ≥ O} + 1)/(R + 1)`.
    #[getter]
    fn p<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        table2(py, &self.inner.p)
    }
    /// Space band edges (metres).
    #[getter]
    fn space_bands<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.space_bands)
    }
    /// Time band edges (days).
    #[getter]
    fn time_bands<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.time_bands)
    }
    /// Number of events.
    #[getter]
    fn n_events(&self) -> usize {
        self.inner.n_events
    }
    /// Pairs in some space band, whatever their time.
    #[getter]
    fn close_pairs(&self) -> usize {
        self.inner.close_pairs
    }
    /// `"manhattan"` or `"euclidean"`.
    #[getter]
    fn metric(&self) -> &'static str {
        self.inner.metric.as_str()
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
    /// Generator and stream layout.
    #[getter]
    fn rng(&self) -> &str {
        &self.inner.rng
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// A long `pandas.DataFrame`: one row per space band × time band.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("knox_to_pandas")?
            .call1((slf,))
    }
    fn __repr__(&self) -> String {
        format!(
            "<Knox: {} events, {} close pairs, {} × {} bands, {}, R = {}, seed {}>",
            self.inner.n_events,
            self.inner.close_pairs,
            self.inner.space_bands.len().saturating_sub(1),
            self.inner.time_bands.len().saturating_sub(1),
            self.inner.metric.as_str(),
            self.inner.permutations,
            self.inner.seed
        )
    }
}

fn params(
    py: Python<'_>,
    space_bands: Option<Vec<f64>>,
    time_bands: Option<Vec<f64>>,
    metric: &str,
    permutations: usize,
    seed: Option<u64>,
) -> PyResult<KnoxParams> {
    let mut p = KnoxParams::default().with_permutations(permutations);
    if let Some(s) = space_bands {
        p = p.with_space_bands(&s);
    }
    if let Some(t) = time_bands {
        p = p.with_time_bands(&t);
    }
    p = p.with_metric(metric.parse::<Metric>().or_raise(py)?);
    p.seed = seed;
    Ok(p)
}

/// The banded Knox test of events at `(x, y)` (projected metres) with times in days.
#[pyfunction]
#[pyo3(signature = (
    x, y, t_days, *, space_bands = None, time_bands = None, metric = "manhattan",
    permutations = 999, seed = None
))]
#[allow(clippy::too_many_arguments)]
fn knox(
    py: Python<'_>,
    x: PyArrayLike1<'_, f64, AllowTypeChange>,
    y: PyArrayLike1<'_, f64, AllowTypeChange>,
    t_days: PyArrayLike1<'_, f64, AllowTypeChange>,
    space_bands: Option<Vec<f64>>,
    time_bands: Option<Vec<f64>>,
    metric: &str,
    permutations: usize,
    seed: Option<u64>,
) -> PyResult<PyKnox> {
    let p = params(py, space_bands, time_bands, metric, permutations, seed)?;
    let (xs, ys, ts) = (owned(&x), owned(&y), owned(&t_days));
    py.detach(|| core_knox(&xs, &ys, &ts, &p))
        .map(|inner| PyKnox { inner })
        .or_raise(py)
}

/// The Knox test on the selected incidents (projected CRS; times as exact elapsed days).
#[pyfunction]
#[pyo3(signature = (
    incidents, *, categories = None, start = None, end = None, space_bands = None,
    time_bands = None, metric = "manhattan", permutations = 999, seed = None
))]
#[allow(clippy::too_many_arguments)]
fn knox_incidents(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    categories: Option<Vec<String>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    space_bands: Option<Vec<f64>>,
    time_bands: Option<Vec<f64>>,
    metric: &str,
    permutations: usize,
    seed: Option<u64>,
) -> PyResult<PyKnox> {
    let inc = &incidents.inner;
    let sel = selection(py, inc, categories.as_deref(), start, end, false)?;
    let p = params(py, space_bands, time_bands, metric, permutations, seed)?;
    py.detach(|| core_ki(inc, &sel, &p))
        .map(|inner| PyKnox { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyKnox>()?;
    m.add_function(wrap_pyfunction!(knox, m)?)?;
    m.add_function(wrap_pyfunction!(knox_incidents, m)?)?;
    Ok(())
}
