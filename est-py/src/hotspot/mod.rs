//! Bindings of `est_core::hotspot`, one file per core module: `weights.rs`
//! (`SpatialWeights`), `gistar.rs` (`local_g`, `LocalG`, `general_g`, `GeneralG`),
//! `moran.rs` (`moran`, `Moran`, `local_moran`, `LocalMoran`), `kde.rs` (`kde`, `Kde`,
//! `bandwidth`, `dual_kde`, `DualKde`), `map.rs` (`hotspots`, `HotspotMap`), `counts.rs`
//! (`counts`, `counts_per_area`) and `smoothing.rs` (`raw_rates`, `empirical_bayes`,
//! `spatial_rate`, `spatial_empirical_bayes`). This file holds what they share.

use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::crs::owned;
use crate::error::OrRaise;

pub(crate) mod counts;
pub(crate) mod gistar;
pub(crate) mod kde;
pub(crate) mod map;
pub(crate) mod moran;
pub(crate) mod smoothing;
pub(crate) mod weights;

/// Unit indices (islands, undefined units) as an int64 array.
pub(crate) fn index_array<'py>(py: Python<'py>, units: &[usize]) -> Bound<'py, PyArray1<i64>> {
    units
        .iter()
        .map(|&u| i64::try_from(u).unwrap_or(i64::MAX))
        .collect::<Vec<i64>>()
        .into_pyarray(py)
}

/// An optional float vector as an array or None.
pub(crate) fn opt_array<'py>(
    py: Python<'py>,
    v: Option<&Vec<f64>>,
) -> Option<Bound<'py, PyArray1<f64>>> {
    v.map(|v| PyArray1::from_slice(py, v))
}

/// The weights of a statistic: the `weights=` object, or a distance band over `x`, `y` with
/// `options` (the GIL is released while the band is built).
pub(crate) fn resolve_weights(
    py: Python<'_>,
    x: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    y: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    distance: Option<f64>,
    weights: Option<PyRef<'_, weights::PySpatialWeights>>,
    options: &WeightsOptions,
) -> PyResult<SpatialWeights> {
    match (weights, x, y, distance) {
        (Some(w), None, None, None) => Ok(w.inner.clone()),
        (Some(_), ..) => Err(PyValueError::new_err(
            "give either weights= (a SpatialWeights) or x, y and distance, not both",
        )),
        (None, Some(x), Some(y), Some(distance)) => {
            let (xs, ys) = (owned(&x), owned(&y));
            py.detach(|| SpatialWeights::distance_band(&xs, &ys, distance, options))
                .or_raise(py)
        }
        (None, ..) => Err(PyValueError::new_err(
            "give x, y and distance (a distance band in the units of x and y, metres for \
             projected coordinates), or weights= (a SpatialWeights)",
        )),
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    weights::register(m)?;
    gistar::register(m)?;
    moran::register(m)?;
    kde::register(m)?;
    map::register(m)?;
    counts::register(m)?;
    smoothing::register(m)?;
    Ok(())
}
