//! Emerging hot spot analysis (Esri's 17 patterns): `emergingHotspots`, `classifyPattern`,
//! `emergingPatterns` (core: `est_core::trend::emerging`).

use super::mann_kendall::mk_many_js;
use super::{count, cube_from_js, f64s, flags, flags_from_js, indices, serde_name, set, strings};
use crate::error::{IntoJsResult, options_error};
use crate::grid::params_js;
use crate::hotspot::Opts;
use crate::incident::whole_number;
use crate::stats::adjustment_from_js;
use est_core::trend::emerging::{EmergingParams, Pattern, classify, emerging_hotspots};
use js_sys::{Int8Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_EMERGING: &'static str = r#"
/** One of Esri's 17 emerging hot spot patterns. */
export type EmergingPattern =
  | "newHot" | "consecutiveHot" | "intensifyingHot" | "persistentHot" | "diminishingHot"
  | "sporadicHot" | "oscillatingHot" | "historicalHot"
  | "newCold" | "consecutiveCold" | "intensifyingCold" | "persistentCold" | "diminishingCold"
  | "sporadicCold" | "oscillatingCold" | "historicalCold"
  | "noPattern";

/** A pattern with its code and labels ({@link classifyPattern}). */
export interface PatternInfo {
  pattern: EmergingPattern;
  /** 1 new, 2 consecutive, 3 intensifying, 4 persistent, 5 diminishing, 6 sporadic,
   * 7 oscillating, 8 historical; negative for cold spots; 0 no pattern. */
  code: number;
  /** Esri's label, e.g. `"new hot spot"`. */
  labelEn: string;
  /** Swedish label, e.g. `"ny hotspot"`. */
  labelSv: string;
  /** New, consecutive or intensifying hot spot. */
  emerging: boolean;
}

/** Options of {@link emergingHotspots}. */
export interface EmergingOptions {
  /** Neighbourhood time step k: bin (i, t) also sees steps t−1 … t−k (default 1, Esri). */
  timeSteps?: number;
  /** Level of a bin's adjusted p (default 0.10: Esri's 90 % confidence). */
  alphaBin?: number;
  /** Level of the Mann–Kendall trend of z (default 0.05). */
  alphaTrend?: number;
  /** Multiple-testing adjustment over all bins (default `"fdr_bh"`). */
  adjustment?: Adjustment;
}

/** The result of {@link emergingHotspots}. Per-bin arrays are location-major
 * (`i·nPeriods + t`); per-location arrays have `nLocations` entries. */
export interface EmergingResult {
  nLocations: number;
  nPeriods: number;
  /** Space-time Gi* z per bin (NaN where undefined). */
  z: Float64Array;
  /** Two-sided normal p per bin. */
  p: Float64Array;
  /** Adjusted p per bin. */
  pAdjusted: Float64Array;
  /** 1 for significant hot bins (z > 0, adjusted p < alphaBin). */
  hot: Uint8Array;
  /** 1 for significant cold bins. */
  cold: Uint8Array;
  /** Mann–Kendall of each location's z series. */
  trend: MannKendallCubeResult;
  /** The pattern of each location. */
  patterns: EmergingPattern[];
  /** Swedish label of each location's pattern ("ny hotspot" …). */
  labelsSv: string[];
  /** Esri's English label of each location's pattern ("new hot spot" …). */
  labelsEn: string[];
  /** Its code (−8 … 8). */
  codes: Int8Array;
  /** One label per location (the cube's labels, or `"location <i>"`). */
  labels: string[];
  /** Grid cell ids of the locations, when the cube had them. */
  cellIds: Uint32Array | null;
  /** The cube's location rule, when the input was a {@link SpaceTimeCube}. */
  locationRule: LocationRule | null;
  /** Bins in the multiple-testing family. */
  nTested: number;
  /** Locations per pattern (every pattern listed). */
  counts: Record<EmergingPattern, number>;
  paramsUsed: ParamUsed[];
  warnings: string[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `EmergingOptions`.
    #[wasm_bindgen(typescript_type = "EmergingOptions")]
    pub type EmergingOptionsArg;
    /// A value typed as `Flags`.
    #[wasm_bindgen(typescript_type = "Flags")]
    pub type FlagsArg;
}

/// The JS name of a pattern (`"newHot"` …).
pub(crate) fn pattern_name(p: Pattern) -> String {
    serde_name(&p)
}

fn pattern_info(p: Pattern) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "pattern", &JsValue::from_str(&pattern_name(p)));
    set(&o, "code", &JsValue::from_f64(f64::from(p.code())));
    set(&o, "labelEn", &JsValue::from_str(p.label_en()));
    set(&o, "labelSv", &JsValue::from_str(p.label_sv()));
    set(&o, "emerging", &JsValue::from_bool(p.is_emerging()));
    o
}

/// The pattern of one location from its significant hot and cold steps and the
/// Mann–Kendall trend of its z series (Esri's rules in est's fixed order; see the core
/// documentation for the table).
///
/// Throws a `TrendError`: `TREND_TOO_SHORT` (fewer than 2 steps), `TREND_LENGTH_MISMATCH`,
/// `TREND_INVALID_PARAMETER` (a step both hot and cold, a trend both up and down).
///
/// @param hot - one flag per step: significant hot
/// @param cold - one flag per step: significant cold
/// @param up - significant increasing trend of z (default false)
/// @param down - significant decreasing trend of z (default false)
#[wasm_bindgen(js_name = classifyPattern, unchecked_return_type = "PatternInfo")]
pub fn classify_pattern(
    hot: FlagsArg,
    cold: FlagsArg,
    #[wasm_bindgen(js_name = up)] trend_up: Option<bool>,
    #[wasm_bindgen(js_name = down)] trend_down: Option<bool>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let hot = flags_from_js(&hot.into(), "hot")?;
    let cold = flags_from_js(&cold.into(), "cold")?;
    let p = classify(
        &hot,
        &cold,
        trend_up.unwrap_or(false),
        trend_down.unwrap_or(false),
    )
    .js()?;
    Ok(pattern_info(p))
}

/// Reads [`EmergingParams`].
fn emerging_params(options: Option<JsValue>) -> Result<EmergingParams, JsValue> {
    let o = Opts::new(
        options,
        &["timeSteps", "alphaBin", "alphaTrend", "adjustment"],
    )?;
    let mut p = EmergingParams::default();
    if let Some(k) = o.f64("timeSteps")? {
        p.time_steps = whole_number(k, "timeSteps", f64::from(u32::MAX))? as usize;
    }
    if let Some(a) = o.f64("alphaBin")? {
        p.alpha_bin = a;
    }
    if let Some(a) = o.f64("alphaTrend")? {
        p.alpha_trend = a;
    }
    if let Some(a) = o.get("adjustment") {
        p.adjustment = adjustment_from_js(&a)?;
    }
    Ok(p)
}

/// Emerging hot spot analysis (Esri's 17 patterns): the space-time Gi* of every bin (binary
/// weights, the location itself and `timeSteps` earlier steps; mean and s.d. over the whole
/// cube), an adjustment over all bins, Mann–Kendall on each location's z series, and the
/// pattern rules.
///
/// Throws a `TrendError` (`TREND_TOO_SHORT` below 3 periods, `TREND_LENGTH_MISMATCH`,
/// `TREND_INVALID_VALUE`, `TREND_INVALID_PARAMETER`), a `HotspotError`
/// (`HOTSPOT_LENGTH_MISMATCH` for weights of another size, `HOTSPOT_INVALID_WEIGHTS` for
/// non-binary weights, `HOTSPOT_ZERO_VARIANCE` for a constant cube) or an `OptionsError`.
///
/// @param cube - a {@link SpaceTimeCube} or `{ counts, nLocations }`
/// @param weights - binary spatial neighbours of the locations, in the cube's order (e.g.
///   `SpatialWeights.gridContiguity(grid)` for a grid cube of all cells)
/// @param options - time steps, levels, adjustment
#[wasm_bindgen(js_name = emergingHotspots, unchecked_return_type = "EmergingResult")]
pub fn emerging_hotspots_js(
    #[wasm_bindgen(unchecked_param_type = "CubeLike")] cube: JsValue,
    weights: &crate::hotspot::SpatialWeights,
    options: Option<EmergingOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let c = cube_from_js(&cube)?;
    let params = emerging_params(options.map(JsValue::from))?;
    let mut r = emerging_hotspots(&c.counts, c.n_locations, &weights.inner, &params).js()?;
    if let Some(labels) = c.labels {
        if labels.len() != r.n_locations {
            return Err(options_error(
                "cube.labels",
                &format!(
                    "cube.labels has {} entries for {} locations",
                    labels.len(),
                    r.n_locations
                ),
            ));
        }
        r.labels = labels;
    }
    r.cell_ids = c.cell_ids;
    let o: JsValue = Object::new().into();
    set(&o, "nLocations", &count(r.n_locations));
    set(&o, "nPeriods", &count(r.n_periods));
    set(&o, "z", &f64s(&r.z));
    set(&o, "p", &f64s(&r.p));
    set(&o, "pAdjusted", &f64s(&r.p_adjusted));
    set(&o, "hot", &flags(&r.hot));
    set(&o, "cold", &flags(&r.cold));
    set(&o, "trend", &mk_many_js(&r.trend, r.n_periods));
    let names: Vec<String> = r.patterns.iter().map(|&p| pattern_name(p)).collect();
    set(&o, "patterns", &strings(&names));
    let sv: Vec<&str> = r.patterns.iter().map(|p| p.label_sv()).collect();
    let en: Vec<&str> = r.patterns.iter().map(|p| p.label_en()).collect();
    set(&o, "labelsSv", &strings(&sv));
    set(&o, "labelsEn", &strings(&en));
    set(&o, "codes", &Int8Array::from(r.codes().as_slice()).into());
    set(&o, "labels", &strings(&r.labels));
    set(
        &o,
        "cellIds",
        &r.cell_ids.as_deref().map_or(JsValue::NULL, indices),
    );
    let rule = js_sys::Reflect::get(&cube, &JsValue::from_str("locationRule"))
        .ok()
        .filter(|v| v.is_string())
        .unwrap_or(JsValue::NULL);
    set(&o, "locationRule", &rule);
    set(&o, "nTested", &count(r.n_tested));
    let counts: JsValue = Object::new().into();
    for (p, n) in r.counts() {
        set(&counts, &pattern_name(p), &count(n));
    }
    set(&o, "counts", &counts);
    set(&o, "paramsUsed", &params_js(&r.params_used)?);
    set(&o, "warnings", &strings(&r.warnings));
    Ok(o)
}

/// All 17 patterns with their codes and labels: the hot side by code, the cold side, then no
/// pattern.
#[wasm_bindgen(js_name = emergingPatterns, unchecked_return_type = "PatternInfo[]")]
pub fn emerging_patterns() -> JsValue {
    Pattern::ALL
        .iter()
        .map(|&p| pattern_info(p))
        .collect::<js_sys::Array>()
        .into()
}
