//! Multiple testing: `adjustPValues` and `esdaFdr` (core: `est_core::stats::multitest`).

use crate::crs::coords_from_js;
use crate::error::IntoJsResult;
use crate::grid::absent;
use est_core::stats::StatsError;
use est_core::stats::multitest::{Adjustment, adjust, esda_fdr_cutoff};
use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_STATS: &'static str = r#"
/** Numbers: a plain array or a `Float64Array` (one value per unit, cell or test). */
export type Values = number[] | Float64Array;

/**
 * A multiple-testing correction (statsmodels' names): `"none"`, `"bonferroni"`, `"holm"`,
 * `"fdr_bh"` (Benjamini–Hochberg, est's default for hotspot maps) or `"fdr_by"`
 * (Benjamini–Yekutieli, any dependence).
 */
export type Adjustment = "none" | "bonferroni" | "holm" | "fdr_bh" | "fdr_by";
"#;

#[wasm_bindgen]
extern "C" {
    /// Numbers typed as `Values` (an array or a `Float64Array`).
    #[wasm_bindgen(typescript_type = "Values")]
    pub type ValuesArg;
    /// A string typed as `Adjustment`.
    #[wasm_bindgen(typescript_type = "Adjustment")]
    pub type AdjustmentArg;
}

/// Reads an adjustment name (statsmodels' and R's names, case-insensitive); absent gives
/// Benjamini–Hochberg. An unknown name is a `StatsError` `STATS_UNKNOWN_METHOD`.
pub(crate) fn adjustment_from_js(v: &JsValue) -> Result<Adjustment, JsValue> {
    if absent(v) {
        return Ok(Adjustment::BenjaminiHochberg);
    }
    match v.as_string() {
        Some(s) => s.parse::<Adjustment>().js(),
        None => Err::<Adjustment, StatsError>(StatsError::UnknownMethod {
            what: "multiple-testing adjustment".into(),
            name: format!("{v:?}"),
            expected: "none, bonferroni, holm, fdr_bh, fdr_by".into(),
        })
        .js(),
    }
}

/// Adjusted p-values (in input order) for a family of tests, matching statsmodels
/// `multipletests` (and R's `p.adjust`) to 1e-12.
///
/// A `NaN` p-value means "not tested" (e.g. a cell whose statistic is undefined): it is left
/// out of the family (`m` counts only the others) and stays `NaN`. Adjusted values are
/// capped at 1.
///
/// Throws a `StatsError`: `STATS_INVALID_P` (a p-value outside [0, 1]; `details.index`,
/// `details.value`) or `STATS_UNKNOWN_METHOD` (`details.method`).
///
/// @param p - the p-values
/// @param method - `"fdr_bh"` (default), `"fdr_by"`, `"holm"`, `"bonferroni"` or `"none"`
/// @returns the adjusted p-values
#[wasm_bindgen(js_name = adjustPValues)]
pub fn adjust_p_values(
    p: ValuesArg,
    method: Option<AdjustmentArg>,
) -> Result<Float64Array, JsValue> {
    crate::hook();
    let method = adjustment_from_js(&method.map_or(JsValue::UNDEFINED, JsValue::from))?;
    let p = coords_from_js(&p.into(), "p")?;
    let out = adjust(&p, method).js()?;
    Ok(Float64Array::from(out.as_slice()))
}

/// PySAL esda's `fdr(p, alpha)`: the p-value **cut-off** of the false discovery rate at
/// level `alpha` (not adjusted p-values): `k·alpha/m` for the largest `k` with
/// `p_(k) < k·alpha/m`, else the Bonferroni bound `alpha/m`. Units with `p ≤` the cut-off
/// are what esda's maps call significant. `NaN` p-values are not tested.
///
/// Throws a `StatsError` `STATS_INVALID_ALPHA` (`alpha` not strictly between 0 and 1) or
/// `STATS_INVALID_P`.
///
/// @param p - the p-values
/// @param alpha - the level (default 0.05)
#[wasm_bindgen(js_name = esdaFdr)]
pub fn esda_fdr(p: ValuesArg, alpha: Option<f64>) -> Result<f64, JsValue> {
    crate::hook();
    let p = coords_from_js(&p.into(), "p")?;
    esda_fdr_cutoff(&p, alpha.unwrap_or(0.05)).js()
}
