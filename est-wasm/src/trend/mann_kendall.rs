//! Mann–Kendall trend test and Sen's slope: `mannKendall`, `mannKendallCube`, `senSlopeCi`
//! (core: `est_core::trend::mann_kendall`).

use super::{count, f64s, flags, num, set};
use crate::crs::coords_from_js;
use crate::error::IntoJsResult;
use crate::incident::whole_number;
use crate::stats::ValuesArg;
use est_core::trend::TrendError;
use est_core::trend::mann_kendall::{
    MannKendall, Trend, mann_kendall, mann_kendall_many, sen_slope_ci,
};
use js_sys::{Int8Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_MK: &'static str = r#"
/** Direction of a Mann–Kendall trend (pymannkendall's strings). */
export type TrendDirection = "increasing" | "decreasing" | "no trend";

/** The result of {@link mannKendall} (pymannkendall `original_test`). */
export interface MannKendallResult {
  /** Direction, when significant at `alpha`. */
  trend: TrendDirection;
  /** `p < alpha`. */
  h: boolean;
  /** Two-sided p, `2·(1 − Φ(|z|))`. */
  p: number;
  /** Standardised S with continuity correction. */
  z: number;
  /** Kendall's tau-a, `S/(n(n−1)/2)`. */
  tau: number;
  /** Mann–Kendall score S. */
  s: number;
  /** Var(S) with the tie correction. */
  varS: number;
  /** Theil–Sen slope per period. */
  slope: number;
  /** Conover intercept at period 0. */
  intercept: number;
  /** Series length. */
  n: number;
  /** `Var(S) = 0` (a constant series): z = 0, p = 1. */
  noVariation: boolean;
}

/** Mann–Kendall results of many series, one entry per series (location) in each array. */
export interface MannKendallCubeResult {
  /** +1 increasing, −1 decreasing, 0 no trend. */
  trend: Int8Array;
  /** 1 where `p < alpha`. */
  h: Uint8Array;
  p: Float64Array;
  z: Float64Array;
  tau: Float64Array;
  s: Float64Array;
  varS: Float64Array;
  slope: Float64Array;
  intercept: Float64Array;
  /** 1 where the series is constant. */
  noVariation: Uint8Array;
  nLocations: number;
  nPeriods: number;
}

/** Sen's slope interval of {@link senSlopeCi} (Gilbert 1987). */
export interface SlopeInterval {
  lower: number;
  upper: number;
}
"#;

fn trend_str(t: Trend) -> &'static str {
    t.as_str()
}

/// One result as a plain JS object.
pub(crate) fn mk_js(r: &MannKendall) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "trend", &JsValue::from_str(trend_str(r.trend)));
    set(&o, "h", &JsValue::from_bool(r.h));
    set(&o, "p", &num(r.p));
    set(&o, "z", &num(r.z));
    set(&o, "tau", &num(r.tau));
    set(&o, "s", &num(r.s));
    set(&o, "varS", &num(r.var_s));
    set(&o, "slope", &num(r.slope));
    set(&o, "intercept", &num(r.intercept));
    set(&o, "n", &count(r.n));
    set(&o, "noVariation", &JsValue::from_bool(r.no_variation));
    o
}

/// Many results as typed arrays.
pub(crate) fn mk_many_js(r: &[MannKendall], n_periods: usize) -> JsValue {
    let o: JsValue = Object::new().into();
    let col = |f: fn(&MannKendall) -> f64| -> JsValue {
        let v: Vec<f64> = r.iter().map(f).collect();
        f64s(&v)
    };
    let trend: Vec<i8> = r
        .iter()
        .map(|m| match m.trend {
            Trend::Increasing => 1,
            Trend::Decreasing => -1,
            Trend::NoTrend => 0,
        })
        .collect();
    set(&o, "trend", &Int8Array::from(trend.as_slice()).into());
    let h: Vec<bool> = r.iter().map(|m| m.h).collect();
    set(&o, "h", &flags(&h));
    set(&o, "p", &col(|m| m.p));
    set(&o, "z", &col(|m| m.z));
    set(&o, "tau", &col(|m| m.tau));
    set(&o, "s", &col(|m| m.s));
    set(&o, "varS", &col(|m| m.var_s));
    set(&o, "slope", &col(|m| m.slope));
    set(&o, "intercept", &col(|m| m.intercept));
    let nv: Vec<bool> = r.iter().map(|m| m.no_variation).collect();
    set(&o, "noVariation", &flags(&nv));
    set(&o, "nLocations", &count(r.len()));
    set(&o, "nPeriods", &count(n_periods));
    o
}

/// The Mann–Kendall trend test with Sen's slope (pymannkendall `original_test`; S and
/// Var(S) exact, the rest to 1e-9).
///
/// Throws a `TrendError`: `TREND_TOO_SHORT` (fewer than 3 values), `TREND_INVALID_VALUE`
/// (a NaN or infinite value; `details.index`), `TREND_INVALID_PARAMETER` (`alpha` outside
/// (0, 1)).
///
/// @param series - values in time order (equally spaced periods)
/// @param alpha - significance level (default 0.05)
#[wasm_bindgen(js_name = mannKendall, unchecked_return_type = "MannKendallResult")]
pub fn mann_kendall_js(series: ValuesArg, alpha: Option<f64>) -> Result<JsValue, JsValue> {
    crate::hook();
    let x = coords_from_js(&series.into(), "series")?;
    let r = mann_kendall(&x, alpha.unwrap_or(0.05)).js()?;
    Ok(mk_js(&r))
}

/// Mann–Kendall on every location of a location-major cube (`values[i·nPeriods + t]`, e.g.
/// {@link SpaceTimeCube.counts}), as typed arrays with one entry per location.
///
/// Throws a `TrendError`: `TREND_LENGTH_MISMATCH` (`values.length ≠ nLocations·nPeriods`),
/// `TREND_TOO_SHORT` (`nPeriods < 3`), `TREND_INVALID_VALUE`, `TREND_INVALID_PARAMETER`.
///
/// @param values - location-major values
/// @param nLocations - number of locations
/// @param nPeriods - number of periods (series length)
/// @param alpha - significance level (default 0.05)
#[wasm_bindgen(js_name = mannKendallCube, unchecked_return_type = "MannKendallCubeResult")]
pub fn mann_kendall_cube_js(
    values: ValuesArg,
    #[wasm_bindgen(js_name = nLocations)] n_locations: f64,
    #[wasm_bindgen(js_name = nPeriods)] n_periods: f64,
    alpha: Option<f64>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let n_l = whole_number(n_locations, "nLocations", f64::from(u32::MAX))? as usize;
    let n_t = whole_number(n_periods, "nPeriods", f64::from(u32::MAX))? as usize;
    let v = coords_from_js(&values.into(), "values")?;
    if n_l.checked_mul(n_t) != Some(v.len()) {
        return Err::<JsValue, TrendError>(TrendError::LengthMismatch {
            what: format!("values (nLocations × nPeriods = {n_l} × {n_t})"),
            expected: n_l.saturating_mul(n_t),
            got: v.len(),
        })
        .js();
    }
    let r = mann_kendall_many(&v, n_t, alpha.unwrap_or(0.05)).js()?;
    Ok(mk_many_js(&r, n_t))
}

/// The `1 − alpha` confidence interval of Sen's slope (Gilbert 1987: the ordered pairwise
/// slopes of rank `(N' ∓ C)/2` (+1), `C = z_{1−α/2}·√Var(S)`, interpolated).
///
/// Throws a `TrendError` as {@link mannKendall}.
///
/// @param series - values in time order
/// @param alpha - 1 − coverage (default 0.05)
#[wasm_bindgen(js_name = senSlopeCi, unchecked_return_type = "SlopeInterval")]
pub fn sen_slope_ci_js(series: ValuesArg, alpha: Option<f64>) -> Result<JsValue, JsValue> {
    crate::hook();
    let x = coords_from_js(&series.into(), "series")?;
    let (lower, upper) = sen_slope_ci(&x, alpha.unwrap_or(0.05)).js()?;
    let o: JsValue = Object::new().into();
    set(&o, "lower", &num(lower));
    set(&o, "upper", &num(upper));
    Ok(o)
}
