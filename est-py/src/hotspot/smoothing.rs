//! Bindings of `est_core::hotspot::smoothing`: `raw_rates`, `empirical_bayes`,
//! `spatial_rate` and `spatial_empirical_bayes`.

use est_core::hotspot::smoothing::{
    empirical_bayes, raw_rates, spatial_empirical_bayes, spatial_rate,
};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::prelude::*;

use crate::crs::owned;
use crate::error::OrRaise;
use crate::hotspot::weights::PySpatialWeights;

type Rates<'py> = PyResult<Bound<'py, PyArray1<f64>>>;

/// Raw rates `events / base`.
#[pyfunction(name = "raw_rates")]
fn raw_rates_py<'py>(
    py: Python<'py>,
    events: PyArrayLike1<'_, f64, AllowTypeChange>,
    base: PyArrayLike1<'_, f64, AllowTypeChange>,
) -> Rates<'py> {
    let (e, b) = (owned(&events), owned(&base));
    Ok(py
        .detach(|| raw_rates(&e, &b))
        .or_raise(py)?
        .into_pyarray(py))
}

/// Global empirical-Bayes rates (Marshall 1991).
#[pyfunction(name = "empirical_bayes")]
fn empirical_bayes_py<'py>(
    py: Python<'py>,
    events: PyArrayLike1<'_, f64, AllowTypeChange>,
    base: PyArrayLike1<'_, f64, AllowTypeChange>,
) -> Rates<'py> {
    let (e, b) = (owned(&events), owned(&base));
    Ok(py
        .detach(|| empirical_bayes(&e, &b))
        .or_raise(py)?
        .into_pyarray(py))
}

/// The rate of each unit's neighbourhood (itself and its neighbours, binary).
#[pyfunction(name = "spatial_rate")]
fn spatial_rate_py<'py>(
    py: Python<'py>,
    events: PyArrayLike1<'_, f64, AllowTypeChange>,
    base: PyArrayLike1<'_, f64, AllowTypeChange>,
    weights: PyRef<'_, PySpatialWeights>,
) -> Rates<'py> {
    let (e, b) = (owned(&events), owned(&base));
    let w = &weights.inner;
    Ok(py
        .detach(|| spatial_rate(&e, &b, w))
        .or_raise(py)?
        .into_pyarray(py))
}

/// Spatial empirical-Bayes rates: each unit shrunk towards its neighbourhood's rate.
#[pyfunction(name = "spatial_empirical_bayes")]
fn spatial_empirical_bayes_py<'py>(
    py: Python<'py>,
    events: PyArrayLike1<'_, f64, AllowTypeChange>,
    base: PyArrayLike1<'_, f64, AllowTypeChange>,
    weights: PyRef<'_, PySpatialWeights>,
) -> Rates<'py> {
    let (e, b) = (owned(&events), owned(&base));
    let w = &weights.inner;
    Ok(py
        .detach(|| spatial_empirical_bayes(&e, &b, w))
        .or_raise(py)?
        .into_pyarray(py))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(raw_rates_py, m)?)?;
    m.add_function(wrap_pyfunction!(empirical_bayes_py, m)?)?;
    m.add_function(wrap_pyfunction!(spatial_rate_py, m)?)?;
    m.add_function(wrap_pyfunction!(spatial_empirical_bayes_py, m)?)?;
    Ok(())
}
