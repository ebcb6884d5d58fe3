//! Rates for small areas, smoothed by empirical Bayes: `rawRates`, `empiricalBayes`,
//! `spatialRate`, `spatialEmpiricalBayes` (core: `est_core::hotspot::smoothing`).
//!
//! With events `eᵢ` and population at risk (or address points) `bᵢ` per unit, a unit with
//! little population has its raw rate `eᵢ/bᵢ` pulled towards the mean of all units (global,
//! Marshall 1991) or of its neighbourhood (spatial). Agrees with PySAL esda 2.9.0 to 1e-12
//! relative, except that est clamps a negative global variance estimate to 0.

use crate::crs::coords_from_js;
use crate::error::IntoJsResult;
use crate::hotspot::SpatialWeights;
use crate::stats::ValuesArg;
use est_core::hotspot::smoothing::{
    empirical_bayes as core_eb, raw_rates as core_raw, spatial_empirical_bayes as core_seb,
    spatial_rate as core_spatial_rate,
};
use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

fn inputs(events: ValuesArg, base: ValuesArg) -> Result<(Vec<f64>, Vec<f64>), JsValue> {
    Ok((
        coords_from_js(&events.into(), "events")?,
        coords_from_js(&base.into(), "base")?,
    ))
}

/// Raw rates `eᵢ/bᵢ`.
///
/// Throws a `HotspotError` (`HOTSPOT_LENGTH_MISMATCH`, `HOTSPOT_NOT_FINITE` for an event
/// count, `HOTSPOT_INVALID_PARAMETER` for a base that is not positive).
///
/// @param events - events per unit
/// @param base - population at risk per unit (positive)
#[wasm_bindgen(js_name = rawRates)]
pub fn raw_rates_js(events: ValuesArg, base: ValuesArg) -> Result<Float64Array, JsValue> {
    crate::hook();
    let (e, b) = inputs(events, base)?;
    Ok(Float64Array::from(core_raw(&e, &b).js()?.as_slice()))
}

/// Global empirical-Bayes rates (Marshall 1991, esda `Empirical_Bayes`): each raw rate shrunk
/// towards the overall rate `Σe/Σb`, the more the smaller its base. A negative variance
/// estimate is clamped to 0 (esda does not clamp it in this method).
///
/// Throws as {@link rawRates}.
///
/// @param events - events per unit
/// @param base - population at risk per unit (positive)
#[wasm_bindgen(js_name = empiricalBayes)]
pub fn empirical_bayes_js(events: ValuesArg, base: ValuesArg) -> Result<Float64Array, JsValue> {
    crate::hook();
    let (e, b) = inputs(events, base)?;
    Ok(Float64Array::from(core_eb(&e, &b).js()?.as_slice()))
}

/// The spatial rate `(eᵢ + Σⱼ eⱼ)/(bᵢ + Σⱼ bⱼ)` over each unit's neighbours (binary: weight
/// values and self weights are ignored), esda `Spatial_Rate`.
///
/// Throws as {@link rawRates}, and a `HotspotError` `HOTSPOT_LENGTH_MISMATCH` when the
/// weights have another number of units.
///
/// @param events - events per unit
/// @param base - population at risk per unit (positive)
/// @param weights - the neighbours, e.g. `SpatialWeights.gridContiguity(grid)`
#[wasm_bindgen(js_name = spatialRate)]
pub fn spatial_rate_js(
    events: ValuesArg,
    base: ValuesArg,
    weights: &SpatialWeights,
) -> Result<Float64Array, JsValue> {
    crate::hook();
    let (e, b) = inputs(events, base)?;
    Ok(Float64Array::from(
        core_spatial_rate(&e, &b, &weights.inner).js()?.as_slice(),
    ))
}

/// Spatial empirical-Bayes rates (esda `Spatial_Empirical_Bayes`): each raw rate shrunk
/// towards its neighbourhood's rate ({@link spatialRate}); a negative local variance
/// estimate is clamped to 0. Where a whole neighbourhood has no events the rate is that
/// neighbourhood's rate, 0 (esda gives `NaN`, 0/0).
///
/// Throws as {@link spatialRate}.
///
/// @param events - events per unit
/// @param base - population at risk per unit (positive)
/// @param weights - the neighbours (binary use)
#[wasm_bindgen(js_name = spatialEmpiricalBayes)]
pub fn spatial_empirical_bayes_js(
    events: ValuesArg,
    base: ValuesArg,
    weights: &SpatialWeights,
) -> Result<Float64Array, JsValue> {
    crate::hook();
    let (e, b) = inputs(events, base)?;
    Ok(Float64Array::from(
        core_seb(&e, &b, &weights.inner).js()?.as_slice(),
    ))
}
