//! Hot-spot accuracy and concentration: `paiCurve`, `recaptureRateIndex`, `gini`, `topShare`,
//! `concentrationCurve` (core: `est_core::accuracy`).
//!
//! Every function takes plain numbers per unit (cells, areas) as an array or a
//! `Float64Array` and throws an `AccuracyError` (codes `ACCURACY_NO_EVENTS`,
//! `ACCURACY_ZERO_AREA`, `ACCURACY_LENGTH_MISMATCH`, `ACCURACY_INVALID_VALUE`,
//! `ACCURACY_TOO_FEW_UNITS`, `ACCURACY_INVALID_FRACTION`) whose `details` name the values.

use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, object};
use crate::grid::absent;
use crate::stats::ValuesArg;
use est_core::accuracy::{
    concentration_curve as core_concentration_curve, gini as core_gini, pai_curve as core_pai,
    recapture_rate_index as core_rri, top_share as core_top_share,
};
use js_sys::{Float64Array, Uint32Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ACCURACY: &'static str = r#"
/** The result of {@link paiCurve}: one entry per prefix of the ranking (flag the top 1, 2, …
 * cells), in rank order. */
export interface PaiCurve {
  /** Cell indices in rank order (predicted descending, then observed **ascending**: the least
   * favourable order, as ptools). */
  order: Uint32Array;
  /** Share of the study area flagged after k + 1 cells. */
  areaShare: Float64Array;
  /** Hit rate `n/N` after k + 1 cells. */
  hitRate: Float64Array;
  /** PAI `(n/N)/(a/A)` after k + 1 cells (Chainey, Tompson & Uhlig 2008). */
  pai: Float64Array;
  /** PEI `PAI / PAI*` (ptools); `NaN` where the best possible PAI is 0. */
  pei: Float64Array;
  /** ptools' `RRI`: cumulative predicted / cumulative observed (`NaN` where nothing is
   * observed yet). Not Levine's recapture rate index ({@link recaptureRateIndex}). */
  predObsRatio: Float64Array;
}

/** The result of {@link gini}. */
export interface Gini {
  /** `G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)` (ascending order). */
  gini: number;
  /** `G · n/(n − 1)`. */
  giniUnbiased: number;
  /** Generalised Gini for sparse data `G' = max(1, n/N)·(G − 1) + 1` (Bernasco & Steenbeek
   * 2017), `N = Σx`. */
  generalised: number;
  /** `G' · m/(m − 1)`, `m = min(n, N)`; `NaN` when `m ≤ 1`. */
  generalisedUnbiased: number;
}

/** The result of {@link concentrationCurve}: after the k units with most events, the share of
 * units and the share of events (k = 1 … n). */
export interface ConcentrationCurve {
  unitShare: Float64Array;
  eventShare: Float64Array;
}
"#;

fn values(v: ValuesArg, what: &str) -> Result<Vec<f64>, JsValue> {
    coords_from_js(&v.into(), what)
}

/// The PAI curve of a prediction (e.g. last period's KDE or counts per cell) against the
/// counts observed in the evaluation period: hit rate, PAI, PEI and ptools' `RRI` for every
/// number of flagged cells. Agrees with ptools (R) `pai`.
///
/// Throws an `AccuracyError` (`ACCURACY_LENGTH_MISMATCH`, `ACCURACY_INVALID_VALUE` for a
/// negative or non-finite value, `ACCURACY_NO_EVENTS`, `ACCURACY_ZERO_AREA`).
///
/// @param observed - events per cell in the evaluation period
/// @param predicted - the prediction per cell (higher = flagged first)
/// @param area - the area of each cell (any unit; default 1 for every cell)
#[wasm_bindgen(js_name = paiCurve, unchecked_return_type = "PaiCurve")]
pub fn pai_curve_js(
    observed: ValuesArg,
    predicted: ValuesArg,
    area: Option<ValuesArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let observed = values(observed, "observed")?;
    let predicted = values(predicted, "predicted")?;
    let area = match area.map(JsValue::from) {
        Some(a) if !absent(&a) => coords_from_js(&a, "area")?,
        _ => vec![1.0; observed.len()],
    };
    let c = core_pai(&observed, &predicted, &area).js()?;
    // Cell indices come from JS arrays: below 2^32.
    let order: Vec<u32> = c.order.iter().map(|&i| i as u32).collect();
    Ok(object(&[
        ("order", Uint32Array::from(order.as_slice()).into()),
        (
            "areaShare",
            Float64Array::from(c.area_share.as_slice()).into(),
        ),
        ("hitRate", Float64Array::from(c.hit_rate.as_slice()).into()),
        ("pai", Float64Array::from(c.pai.as_slice()).into()),
        ("pei", Float64Array::from(c.pei.as_slice()).into()),
        (
            "predObsRatio",
            Float64Array::from(c.pred_obs_ratio.as_slice()).into(),
        ),
    ]))
}

/// Levine's (2008) recapture rate index of hot spots flagged in period 1:
/// `(n₂/n₁)/(N₂/N₁)`, with `n` the events in the flagged cells and `N` all events of each
/// period. 1 means the hot spots kept their share. Not ptools' `RRI`
/// ({@link PaiCurve.predObsRatio}).
///
/// Throws an `AccuracyError` (`ACCURACY_NO_EVENTS` when `n1`, `total1` or `total2` is 0,
/// `ACCURACY_INVALID_VALUE`).
#[wasm_bindgen(js_name = recaptureRateIndex)]
pub fn recapture_rate_index_js(n1: f64, n2: f64, total1: f64, total2: f64) -> Result<f64, JsValue> {
    crate::hook();
    core_rri(n1, n2, total1, total2).js()
}

/// The Gini coefficients of counts per unit: classic, unbiased and the generalised Gini for
/// sparse data (Bernasco & Steenbeek 2017). Agrees with lorenzgini (R).
///
/// Throws an `AccuracyError` (`ACCURACY_TOO_FEW_UNITS` below 2 units,
/// `ACCURACY_INVALID_VALUE`, `ACCURACY_NO_EVENTS` when every count is 0).
///
/// @param counts - events per unit
#[wasm_bindgen(js_name = gini, unchecked_return_type = "Gini")]
pub fn gini_js(counts: ValuesArg) -> Result<JsValue, JsValue> {
    crate::hook();
    let counts = values(counts, "counts")?;
    let g = core_gini(&counts).js()?;
    Ok(object(&[
        ("gini", JsValue::from_f64(g.gini)),
        ("giniUnbiased", JsValue::from_f64(g.gini_unbiased)),
        ("generalised", JsValue::from_f64(g.generalised)),
        (
            "generalisedUnbiased",
            JsValue::from_f64(g.generalised_unbiased),
        ),
    ]))
}

/// The share of all events in the top `fraction` of units (`⌈fraction·n⌉` units, at least
/// one), e.g. `topShare(counts, 0.05)`: the share of crime in the top 5 % of cells.
///
/// Throws an `AccuracyError` (`ACCURACY_INVALID_FRACTION` outside (0, 1],
/// `ACCURACY_INVALID_VALUE`, `ACCURACY_NO_EVENTS`).
///
/// @param counts - events per unit
/// @param fraction - the share of units, in (0, 1]
#[wasm_bindgen(js_name = topShare)]
pub fn top_share_js(counts: ValuesArg, fraction: f64) -> Result<f64, JsValue> {
    crate::hook();
    let counts = values(counts, "counts")?;
    core_top_share(&counts, fraction).js()
}

/// The concentration (Lorenz) curve: after the k units with most events, the share of units
/// and the share of events, for k = 1 … n.
///
/// Throws an `AccuracyError` (`ACCURACY_INVALID_VALUE`, `ACCURACY_NO_EVENTS`).
///
/// @param counts - events per unit
#[wasm_bindgen(js_name = concentrationCurve, unchecked_return_type = "ConcentrationCurve")]
pub fn concentration_curve_js(counts: ValuesArg) -> Result<JsValue, JsValue> {
    crate::hook();
    let counts = values(counts, "counts")?;
    let (units, events): (Vec<f64>, Vec<f64>) =
        core_concentration_curve(&counts).js()?.into_iter().unzip();
    Ok(object(&[
        ("unitShare", Float64Array::from(units.as_slice()).into()),
        ("eventShare", Float64Array::from(events.as_slice()).into()),
    ]))
}
