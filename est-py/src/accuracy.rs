//! Bindings of `est_core::accuracy`: `pai_curve` / `PaiCurve`, `recapture_rate_index`,
//! `gini`, `top_share` and `concentration_curve`.

use est_core::accuracy::{
    PaiCurve, concentration_curve, gini, pai_curve, recapture_rate_index, top_share,
};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::crs::owned;
use crate::error::OrRaise;
use crate::hotspot::index_array;

/// PAI, PEI, hit rate and ptools' RRI after flagging the top 1, 2, … cells of a prediction
/// (arrays in rank order).
#[pyclass(frozen, module = "est", name = "PaiCurve")]
pub(crate) struct PyPaiCurve {
    inner: PaiCurve,
}

#[pymethods]
impl PyPaiCurve {
    /// Cell indices in rank order (predicted density descending, observed ascending); int64.
    #[getter]
    fn order<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        index_array(py, &self.inner.order)
    }
    /// Share of the study area flagged after k + 1 cells.
    #[getter]
    fn area_share<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.area_share)
    }
    /// Hit rate `n/N` after k + 1 cells.
    #[getter]
    fn hit_rate<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.hit_rate)
    }
    /// PAI after k + 1 cells.
    #[getter]
    fn pai<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.pai)
    }
    /// PEI after k + 1 cells (NaN where the best possible PAI is 0).
    #[getter]
    fn pei<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.pei)
    }
    /// ptools' `RRI`: cumulative predicted / cumulative observed (NaN where nothing observed).
    #[getter]
    fn pred_obs_ratio<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.pred_obs_ratio)
    }
    /// The curve as a pandas DataFrame, one row per rank (columns `order`, `area_share`,
    /// `hit_rate`, `pai`, `pei`, `pred_obs_ratio`).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("pai_curve_to_pandas")?
            .call1((slf,))
    }
    fn __len__(&self) -> usize {
        self.inner.order.len()
    }
    fn __repr__(&self) -> String {
        format!("<PaiCurve: {} cells>", self.inner.order.len())
    }
}

/// The PAI curve of `predicted` (e.g. last period's density or counts) against `observed`
/// counts per cell; `area` per cell (None: all cells equal).
#[pyfunction(name = "pai_curve")]
#[pyo3(signature = (observed, predicted, area = None))]
fn pai_curve_py(
    py: Python<'_>,
    observed: PyArrayLike1<'_, f64, AllowTypeChange>,
    predicted: PyArrayLike1<'_, f64, AllowTypeChange>,
    area: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
) -> PyResult<PyPaiCurve> {
    let (obs, pred) = (owned(&observed), owned(&predicted));
    let area = area.as_ref().map_or_else(|| vec![1.0; obs.len()], owned);
    py.detach(|| pai_curve(&obs, &pred, &area))
        .map(|inner| PyPaiCurve { inner })
        .or_raise(py)
}

/// Levine's recapture rate index `(n2/n1)/(total2/total1)`.
#[pyfunction(name = "recapture_rate_index")]
fn recapture_rate_index_py(
    py: Python<'_>,
    n1: f64,
    n2: f64,
    total1: f64,
    total2: f64,
) -> PyResult<f64> {
    recapture_rate_index(n1, n2, total1, total2).or_raise(py)
}

/// Gini coefficients of counts per unit as a dict.
#[pyfunction(name = "gini")]
fn gini_py<'py>(
    py: Python<'py>,
    counts: PyArrayLike1<'_, f64, AllowTypeChange>,
) -> PyResult<Bound<'py, PyDict>> {
    let counts = owned(&counts);
    let g = py.detach(|| gini(&counts)).or_raise(py)?;
    let d = PyDict::new(py);
    d.set_item("gini", g.gini)?;
    d.set_item("gini_unbiased", g.gini_unbiased)?;
    d.set_item("generalised", g.generalised)?;
    d.set_item("generalised_unbiased", g.generalised_unbiased)?;
    Ok(d)
}

/// Share of all events in the top `fraction` of units.
#[pyfunction(name = "top_share")]
fn top_share_py(
    py: Python<'_>,
    counts: PyArrayLike1<'_, f64, AllowTypeChange>,
    fraction: f64,
) -> PyResult<f64> {
    let counts = owned(&counts);
    py.detach(|| top_share(&counts, fraction)).or_raise(py)
}

type Curve<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>);

/// The concentration curve: (share of units, share of events) after the k units with most
/// events, k = 1 … n.
#[pyfunction(name = "concentration_curve")]
fn concentration_curve_py<'py>(
    py: Python<'py>,
    counts: PyArrayLike1<'_, f64, AllowTypeChange>,
) -> PyResult<Curve<'py>> {
    let counts = owned(&counts);
    let curve = py.detach(|| concentration_curve(&counts)).or_raise(py)?;
    let (units, events): (Vec<f64>, Vec<f64>) = curve.into_iter().unzip();
    Ok((units.into_pyarray(py), events.into_pyarray(py)))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPaiCurve>()?;
    m.add_function(wrap_pyfunction!(pai_curve_py, m)?)?;
    m.add_function(wrap_pyfunction!(recapture_rate_index_py, m)?)?;
    m.add_function(wrap_pyfunction!(gini_py, m)?)?;
    m.add_function(wrap_pyfunction!(top_share_py, m)?)?;
    m.add_function(wrap_pyfunction!(concentration_curve_py, m)?)?;
    Ok(())
}
