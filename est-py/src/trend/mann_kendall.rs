//! Bindings of `est_core::trend::mann_kendall`: `mann_kendall`, `MannKendall`,
//! `mann_kendall_cube`, `MannKendallCube` and `sen_slope_ci`.

use est_core::trend::mann_kendall::{
    MannKendall, Trend, mann_kendall as mk, mann_kendall_many, sen_slope_ci as core_ci,
};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::{cube_labels, table_from_py};
use crate::crs::owned;
use crate::error::OrRaise;

/// `1` increasing, `-1` decreasing, `0` no trend.
pub(crate) fn trend_code(t: Trend) -> i8 {
    match t {
        Trend::Increasing => 1,
        Trend::Decreasing => -1,
        Trend::NoTrend => 0,
    }
}

/// A Mann–Kendall test with Sen's slope (pymannkendall `original_test` field names).
#[pyclass(frozen, module = "est", name = "MannKendall")]
pub(crate) struct PyMannKendall {
    pub(crate) inner: MannKendall,
}

impl PyMannKendall {
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let m = &self.inner;
        (
            m.trend.as_str(),
            m.h,
            m.p,
            m.z,
            m.tau,
            m.s,
            m.var_s,
            m.slope,
            m.intercept,
        )
            .into_pyobject(py)
    }
}

#[pymethods]
impl PyMannKendall {
    /// `"increasing"`, `"decreasing"` or `"no trend"`.
    #[getter]
    fn trend(&self) -> &'static str {
        self.inner.trend.as_str()
    }
    /// True when `p < alpha`.
    #[getter]
    fn h(&self) -> bool {
        self.inner.h
    }
    /// Two-sided p-value.
    #[getter]
    fn p(&self) -> f64 {
        self.inner.p
    }
    /// Standardised statistic (continuity-corrected).
    #[getter]
    fn z(&self) -> f64 {
        self.inner.z
    }
    /// Kendall's tau-a (pymannkendall's `Tau`).
    #[getter(Tau)]
    fn tau_capital(&self) -> f64 {
        self.inner.tau
    }
    /// Kendall's tau-a (same as `Tau`).
    #[getter]
    fn tau(&self) -> f64 {
        self.inner.tau
    }
    /// Mann–Kendall score S.
    #[getter]
    fn s(&self) -> f64 {
        self.inner.s
    }
    /// Var(S) with the tie correction.
    #[getter]
    fn var_s(&self) -> f64 {
        self.inner.var_s
    }
    /// Theil–Sen slope per period.
    #[getter]
    fn slope(&self) -> f64 {
        self.inner.slope
    }
    /// Conover intercept at period 0.
    #[getter]
    fn intercept(&self) -> f64 {
        self.inner.intercept
    }
    /// Series length.
    #[getter]
    fn n(&self) -> usize {
        self.inner.n
    }
    /// True for a constant series (Var(S) = 0: z = 0, p = 1).
    #[getter]
    fn no_variation(&self) -> bool {
        self.inner.no_variation
    }
    /// The nine pymannkendall fields as a dict.
    fn _asdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let names = [
            "trend",
            "h",
            "p",
            "z",
            "Tau",
            "s",
            "var_s",
            "slope",
            "intercept",
        ];
        for (k, v) in names.iter().zip(self.fields(py)?.iter()) {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
    /// Unpacks like pymannkendall's named tuple:
    /// `trend, h, p, z, Tau, s, var_s, slope, intercept = est.mann_kendall(x)`.
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.fields(py)?.into_any().try_iter()?.into_any())
    }
    fn __repr__(&self) -> String {
        let m = &self.inner;
        format!(
            "MannKendall(trend={:?}, h={}, p={}, z={}, Tau={}, s={}, var_s={}, slope={}, \
             intercept={}, n={})",
            m.trend.as_str(),
            if m.h { "True" } else { "False" },
            m.p,
            m.z,
            m.tau,
            m.s,
            m.var_s,
            m.slope,
            m.intercept,
            m.n
        )
    }
}

/// Mann–Kendall trend test with Sen's slope of one series (pymannkendall `original_test`).
#[pyfunction]
#[pyo3(signature = (series, alpha = 0.05))]
fn mann_kendall(
    py: Python<'_>,
    series: PyArrayLike1<'_, f64, AllowTypeChange>,
    alpha: f64,
) -> PyResult<PyMannKendall> {
    let x = owned(&series);
    mk(&x, alpha)
        .map(|inner| PyMannKendall { inner })
        .or_raise(py)
}

/// Gilbert's `1 − alpha` confidence interval of Sen's slope.
#[pyfunction]
#[pyo3(signature = (series, alpha = 0.05))]
fn sen_slope_ci(
    py: Python<'_>,
    series: PyArrayLike1<'_, f64, AllowTypeChange>,
    alpha: f64,
) -> PyResult<(f64, f64)> {
    let x = owned(&series);
    core_ci(&x, alpha).or_raise(py)
}

/// Mann–Kendall tests of many series (the rows of a cube), one entry per row in every array.
#[pyclass(frozen, module = "est", name = "MannKendallCube")]
pub(crate) struct PyMannKendallCube {
    pub(crate) results: Vec<MannKendall>,
    pub(crate) labels: Option<Vec<String>>,
}

impl PyMannKendallCube {
    fn column<'py, T: numpy::Element>(
        &self,
        py: Python<'py>,
        f: impl Fn(&MannKendall) -> T,
    ) -> Bound<'py, PyArray1<T>> {
        self.results
            .iter()
            .map(f)
            .collect::<Vec<T>>()
            .into_pyarray(py)
    }
}

#[pymethods]
impl PyMannKendallCube {
    /// Trend codes (int8): 1 increasing, −1 decreasing, 0 no trend.
    #[getter]
    fn trend<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i8>> {
        self.column(py, |m| trend_code(m.trend))
    }
    /// Trend names: `"increasing"`, `"decreasing"`, `"no trend"`.
    #[getter]
    fn trend_names(&self) -> Vec<&'static str> {
        self.results.iter().map(|m| m.trend.as_str()).collect()
    }
    /// True where `p < alpha`.
    #[getter]
    fn h<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<bool>> {
        self.column(py, |m| m.h)
    }
    /// Two-sided p-values.
    #[getter]
    fn p<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.p)
    }
    /// z statistics.
    #[getter]
    fn z<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.z)
    }
    /// Kendall's tau-a.
    #[getter(Tau)]
    fn tau_capital<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.tau)
    }
    /// Kendall's tau-a (same as `Tau`).
    #[getter]
    fn tau<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.tau)
    }
    /// Scores S.
    #[getter]
    fn s<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.s)
    }
    /// Var(S).
    #[getter]
    fn var_s<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.var_s)
    }
    /// Sen's slopes.
    #[getter]
    fn slope<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.slope)
    }
    /// Intercepts.
    #[getter]
    fn intercept<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.column(py, |m| m.intercept)
    }
    /// True for constant series.
    #[getter]
    fn no_variation<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<bool>> {
        self.column(py, |m| m.no_variation)
    }
    /// The cube's location labels, None for a plain array.
    #[getter]
    fn labels(&self) -> Option<Vec<String>> {
        self.labels.clone()
    }
    /// Number of series of each trend: `{"increasing": …, "decreasing": …, "no trend": …}`.
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for t in [Trend::Increasing, Trend::Decreasing, Trend::NoTrend] {
            let n = self.results.iter().filter(|m| m.trend == t).count();
            d.set_item(t.as_str(), n)?;
        }
        Ok(d)
    }
    /// A `pandas.DataFrame` with one row per series.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("mann_kendall_cube_to_pandas")?
            .call1((slf,))
    }
    fn __len__(&self) -> usize {
        self.results.len()
    }
    fn __getitem__(&self, i: isize) -> PyResult<PyMannKendall> {
        let n = self.results.len() as isize;
        let k = if i < 0 { i + n } else { i };
        usize::try_from(k)
            .ok()
            .and_then(|k| self.results.get(k))
            .map(|m| PyMannKendall { inner: m.clone() })
            .ok_or_else(|| PyIndexError::new_err(format!("series {i} out of range ({n} series)")))
    }
    fn __repr__(&self) -> String {
        let count = |t| self.results.iter().filter(|m| m.trend == t).count();
        format!(
            "<MannKendallCube: {} series, {} increasing, {} decreasing, {} no trend>",
            self.results.len(),
            count(Trend::Increasing),
            count(Trend::Decreasing),
            count(Trend::NoTrend)
        )
    }
}

/// Mann–Kendall on every row of a 2-D array or of a `SpaceTimeCube` (GIL released; all
/// cores).
#[pyfunction]
#[pyo3(signature = (values, alpha = 0.05))]
fn mann_kendall_cube(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    alpha: f64,
) -> PyResult<PyMannKendallCube> {
    let table = table_from_py(values, "values")?;
    let labels = cube_labels(values);
    let results = py
        .detach(|| mann_kendall_many(&table.values, table.cols, alpha))
        .or_raise(py)?;
    Ok(PyMannKendallCube { results, labels })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMannKendall>()?;
    m.add_class::<PyMannKendallCube>()?;
    m.add_function(wrap_pyfunction!(mann_kendall, m)?)?;
    m.add_function(wrap_pyfunction!(sen_slope_ci, m)?)?;
    m.add_function(wrap_pyfunction!(mann_kendall_cube, m)?)?;
    Ok(())
}
