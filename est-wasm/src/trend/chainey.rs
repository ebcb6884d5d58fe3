//! Chainey-style hot-spot classes (sfhotspot `hotspot_classify`, corrected): `chainey`,
//! `classifyChainey` (core: `est_core::trend::chainey`).

use super::{count, cube_from_js, f64s, flags, flags_from_js, indices, serde_name, set, strings};
use crate::error::{IntoJsResult, options_error};
use crate::grid::params_js;
use crate::hotspot::{Opts, SpatialWeights};
use crate::incident::whole_number;
use crate::stats::adjustment_from_js;
use est_core::trend::TrendError;
use est_core::trend::chainey::{
    ChaineyClass, ChaineyParams, Shares, chainey_from_values, classify_chainey,
};
use js_sys::Object;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CHAINEY: &'static str = r#"
/** A Chainey-style class (sfhotspot's classes; `"mixed"` = both a hot and a cold class). */
export type ChaineyClass =
  | "persistentHot" | "emergingHot" | "formerHot" | "intermittentHot"
  | "persistentCold" | "emergingCold" | "formerCold" | "intermittentCold"
  | "mixed" | "noPattern";

/** Options of {@link chainey}; defaults from sfhotspot `hotspot_classify_params()`. */
export interface ChaineyOptions {
  /** Least share of significant periods for a hot/cold spot (default 0.1). */
  hotspotProp?: number;
  /** Share of significant periods for a persistent spot (default 0.8). */
  persistentProp?: number;
  /** Share of periods that are recent, `r = max(1, floor(recentProp·T))` (default 0.2). */
  recentProp?: number;
  /** Level of a cell's adjusted p in a period (default 0.05). */
  criticalP?: number;
  /** Adjustment over the cells of each period (default `"fdr_bh"`; sfhotspot: none). */
  adjustment?: Adjustment;
  /** Adjustment of each cell's p-values across periods (default `"none"`; sfhotspot: `"holm"`). */
  acrossPeriods?: Adjustment;
}

/** Options of {@link classifyChainey}: the shares of {@link ChaineyOptions}. */
export interface ChaineyShareOptions {
  hotspotProp?: number;
  persistentProp?: number;
  recentProp?: number;
}

/** Shares of significant periods, one entry per location. */
export interface ChaineyShares {
  /** `#sig / T`. */
  overall: Float64Array;
  /** `#sig in the last r / r`. */
  recent: Float64Array;
  /** `#sig in the first T − r / (T − r)`. */
  older: Float64Array;
}

/** The result of {@link chainey}. Per cell-period arrays are location-major. */
export interface ChaineyResult {
  nLocations: number;
  nPeriods: number;
  /** Number of recent periods r. */
  recentPeriods: number;
  /** Gi* z per cell-period (NaN in constant periods). */
  z: Float64Array;
  p: Float64Array;
  pAdjusted: Float64Array;
  sigHot: Uint8Array;
  sigCold: Uint8Array;
  hotShares: ChaineyShares;
  coldShares: ChaineyShares;
  /** The class of each location. */
  classes: ChaineyClass[];
  /** sfhotspot's label of each class ("persistent hotspot" …). */
  labelsEn: string[];
  /** Swedish label of each class ("ihållande hotspot" …). */
  labelsSv: string[];
  /** One label per location (the cube's labels, or `"location <i>"`). */
  labels: string[];
  /** Periods where every cell has the same count (not significant anywhere, kept in T). */
  constantPeriods: Uint32Array;
  paramsUsed: ParamUsed[];
  warnings: string[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `ChaineyOptions`.
    #[wasm_bindgen(typescript_type = "ChaineyOptions")]
    pub type ChaineyOptionsArg;
    /// A JS object typed as `ChaineyShareOptions`.
    #[wasm_bindgen(typescript_type = "ChaineyShareOptions")]
    pub type ChaineyShareOptionsArg;
    /// A value typed as `Flags`.
    #[wasm_bindgen(typescript_type = "Flags")]
    pub type ChaineyFlagsArg;
}

fn shares_js(s: &[Shares]) -> JsValue {
    let o: JsValue = Object::new().into();
    let col = |f: fn(&Shares) -> f64| {
        let v: Vec<f64> = s.iter().map(f).collect();
        f64s(&v)
    };
    set(&o, "overall", &col(|x| x.overall));
    set(&o, "recent", &col(|x| x.recent));
    set(&o, "older", &col(|x| x.older));
    o
}

fn chainey_params(options: Option<JsValue>) -> Result<ChaineyParams, JsValue> {
    let o = Opts::new(
        options,
        &[
            "hotspotProp",
            "persistentProp",
            "recentProp",
            "criticalP",
            "adjustment",
            "acrossPeriods",
        ],
    )?;
    let mut p = ChaineyParams::default();
    if let Some(v) = o.f64("hotspotProp")? {
        p.hotspot_prop = v;
    }
    if let Some(v) = o.f64("persistentProp")? {
        p.persistent_prop = v;
    }
    if let Some(v) = o.f64("recentProp")? {
        p.recent_prop = v;
    }
    if let Some(v) = o.f64("criticalP")? {
        p.critical_p = v;
    }
    if let Some(a) = o.get("adjustment") {
        p.adjustment = adjustment_from_js(&a)?;
    }
    if let Some(a) = o.get("acrossPeriods") {
        p.across_periods = adjustment_from_js(&a)?;
    }
    Ok(p)
}

/// Chainey-style classes (persistent, emerging, former, intermittent hot/cold spots) from
/// per-period Gi* on a cube of counts: sfhotspot's `hotspot_classify` with its bugs fixed
/// (the recent block is the last `r` periods, periods without events stay in `T`, and each
/// period's p-values are adjusted).
///
/// Throws a `TrendError` (`TREND_NO_OLDER_PERIODS` when `T − r < 1`,
/// `TREND_LENGTH_MISMATCH`, `TREND_INVALID_VALUE`, `TREND_INVALID_PARAMETER`), a
/// `HotspotError` (too few cells, weights that do not fit) or a `StatsError`.
///
/// @param cube - a {@link SpaceTimeCube} or `{ counts, nLocations }` (counts per cell and period)
/// @param weights - spatial neighbours of the locations (binary weights get the Gi* self weight)
/// @param options - shares, level and adjustments
#[wasm_bindgen(js_name = chainey, unchecked_return_type = "ChaineyResult")]
pub fn chainey_js(
    #[wasm_bindgen(unchecked_param_type = "CubeLike")] cube: JsValue,
    weights: &SpatialWeights,
    options: Option<ChaineyOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let c = cube_from_js(&cube)?;
    let params = chainey_params(options.map(JsValue::from))?;
    let r = chainey_from_values(&c.counts, c.n_locations, &weights.inner, &params).js()?;
    let labels = match c.labels {
        Some(l) if l.len() == r.n_locations => l,
        Some(l) => {
            return Err(options_error(
                "cube.labels",
                &format!(
                    "cube.labels has {} entries for {} locations",
                    l.len(),
                    r.n_locations
                ),
            ));
        }
        None => (0..r.n_locations)
            .map(|i| format!("location {i}"))
            .collect(),
    };
    let o: JsValue = Object::new().into();
    set(&o, "nLocations", &count(r.n_locations));
    set(&o, "nPeriods", &count(r.n_periods));
    set(&o, "recentPeriods", &count(r.recent_periods));
    set(&o, "z", &f64s(&r.z));
    set(&o, "p", &f64s(&r.p));
    set(&o, "pAdjusted", &f64s(&r.p_adjusted));
    set(&o, "sigHot", &flags(&r.sig_hot));
    set(&o, "sigCold", &flags(&r.sig_cold));
    set(&o, "hotShares", &shares_js(&r.hot_shares));
    set(&o, "coldShares", &shares_js(&r.cold_shares));
    let names: Vec<String> = r.classes.iter().map(serde_name).collect();
    set(&o, "classes", &strings(&names));
    let en: Vec<&str> = r
        .classes
        .iter()
        .map(|c| ChaineyClass::label_en(*c))
        .collect();
    let sv: Vec<&str> = r
        .classes
        .iter()
        .map(|c| ChaineyClass::label_sv(*c))
        .collect();
    set(&o, "labelsEn", &strings(&en));
    set(&o, "labelsSv", &strings(&sv));
    set(&o, "labels", &strings(&labels));
    set(&o, "constantPeriods", &indices(&r.constant_periods));
    set(&o, "paramsUsed", &params_js(&r.params_used)?);
    set(&o, "warnings", &strings(&r.warnings));
    Ok(o)
}

/// The Chainey classes from significant hot and cold flags, location-major
/// (`i·nPeriods + t`), with the rule of {@link chainey} (recent periods: the last
/// `max(1, floor(recentProp·T))`).
///
/// Throws a `TrendError`: `TREND_LENGTH_MISMATCH`, `TREND_NO_OLDER_PERIODS`,
/// `TREND_INVALID_PARAMETER` (a share out of range, a cell-period both hot and cold).
///
/// @param sigHot - significant hot flags, location-major
/// @param sigCold - significant cold flags, location-major
/// @param nPeriods - number of periods T
/// @param options - `hotspotProp`, `persistentProp`, `recentProp`
#[wasm_bindgen(js_name = classifyChainey, unchecked_return_type = "ChaineyClass[]")]
pub fn classify_chainey_js(
    #[wasm_bindgen(js_name = sigHot)] sig_hot: ChaineyFlagsArg,
    #[wasm_bindgen(js_name = sigCold)] sig_cold: ChaineyFlagsArg,
    #[wasm_bindgen(js_name = nPeriods)] n_periods: f64,
    options: Option<ChaineyShareOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let hot = flags_from_js(&sig_hot.into(), "sigHot")?;
    let cold = flags_from_js(&sig_cold.into(), "sigCold")?;
    let t = whole_number(n_periods, "nPeriods", f64::from(u32::MAX))? as usize;
    let o = Opts::new(
        options.map(JsValue::from),
        &["hotspotProp", "persistentProp", "recentProp"],
    )?;
    let mut p = ChaineyParams::default();
    if let Some(v) = o.f64("hotspotProp")? {
        p.hotspot_prop = v;
    }
    if let Some(v) = o.f64("persistentProp")? {
        p.persistent_prop = v;
    }
    if let Some(v) = o.f64("recentProp")? {
        p.recent_prop = v;
    }
    if t == 0 || hot.len() % t != 0 {
        return Err::<JsValue, TrendError>(TrendError::LengthMismatch {
            what: format!("sigHot (locations × nPeriods = {t})"),
            expected: (hot.len() / t.max(1) + 1) * t.max(1),
            got: hot.len(),
        })
        .js();
    }
    let classes = classify_chainey(&hot, &cold, hot.len() / t, t, &p).js()?;
    let names: Vec<String> = classes.iter().map(serde_name).collect();
    Ok(strings(&names))
}
