//! The Knox near-repeat test: `knox`, `knoxIncidents` (core: `est_core::trend::knox`).

use super::{SELECTION_KEYS, count, seed_from_js, seed_js, selection_from, set};
use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, options_error};
use crate::grid::params_js;
use crate::hotspot::Opts;
use crate::incident::Incidents;
use crate::stats::ValuesArg;
use est_core::trend::TrendError;
use est_core::trend::knox::{Knox, KnoxParams, MAX_PERMUTATIONS, Metric, knox, knox_incidents};
use js_sys::{Array, Object};
use std::str::FromStr;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_KNOX: &'static str = r#"
/** Distance between two events: `"manhattan"` `|ΔE| + |ΔN|` (default, the Near Repeat
 * Calculator's) or `"euclidean"`. */
export type KnoxMetric = "manhattan" | "euclidean";

/** Options of {@link knox}; defaults from the NearRepeat vignette. */
export interface KnoxOptions {
  /** Space band edges in metres, strictly increasing (default `[0, 0.1, 200, 400, 600]`;
   * bands are half-open `[a, b)`). */
  spaceBands?: number[] | Float64Array;
  /** Time band edges in days, strictly increasing, the last may be `Infinity` (default
   * `[0, 7, 14, 21]`). */
  timeBands?: number[] | Float64Array;
  /** Distance (default `"manhattan"`). */
  metric?: KnoxMetric;
  /** Permutations R, 1 … 1 000 000 (default 999). */
  permutations?: number;
  /** Seed (default 0x5EED = 24301). */
  seed?: Seed;
}

/** Options of {@link knoxIncidents}. */
export interface KnoxIncidentsOptions extends KnoxOptions {
  /** Categories (each with its subgroups); default all. */
  categories?: string[];
  /** Start of the selection window. */
  start?: TimeArg;
  /** End of the selection window, exclusive. */
  end?: TimeArg;
}

/** The Knox test: every table has one row per space band and one column per time band. */
export interface KnoxResult {
  /** Observed pair counts O. */
  observed: number[][];
  /** Mean of the permuted counts E. */
  expected: number[][];
  /** Knox ratio O/E (NaN where E = 0). */
  ratio: number[][];
  /** `(#{O_r ≥ O} + 1)/(R + 1)`. */
  p: number[][];
  /** Median of the permuted counts. */
  median: number[][];
  /** O/median (NaN where the median is 0). */
  medianRatio: number[][];
  /** Standard deviation of the permuted counts (divisor R). */
  sd: number[][];
  spaceBands: number[];
  timeBands: number[];
  nEvents: number;
  /** Pairs in some space band, whatever their time. */
  closePairs: number;
  metric: KnoxMetric;
  permutations: number;
  seed: number | bigint;
  rng: string;
  paramsUsed: ParamUsed[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `KnoxOptions`.
    #[wasm_bindgen(typescript_type = "KnoxOptions")]
    pub type KnoxOptionsArg;
    /// A JS object typed as `KnoxIncidentsOptions`.
    #[wasm_bindgen(typescript_type = "KnoxIncidentsOptions")]
    pub type KnoxIncidentsOptionsArg;
}

const KNOX_KEYS: [&str; 5] = ["spaceBands", "timeBands", "metric", "permutations", "seed"];

fn params_from(o: &Opts) -> Result<KnoxParams, JsValue> {
    let mut p = KnoxParams::default();
    if let Some(b) = o.get("spaceBands") {
        p.space_bands = coords_from_js(&b, "spaceBands")?;
    }
    if let Some(b) = o.get("timeBands") {
        p.time_bands = coords_from_js(&b, "timeBands")?;
    }
    if let Some(m) = o.get("metric") {
        p.metric = match m.as_string() {
            Some(s) => Metric::from_str(&s).js()?,
            None => return Err(options_error("metric", "metric must be a string")),
        };
    }
    if let Some(r) = o.get("permutations") {
        let n = r.as_f64().unwrap_or(f64::NAN);
        // The core checks the range; a value that is not a whole number in it is the same
        // error here.
        if !(n.is_finite() && n.fract() == 0.0 && (0.0..=MAX_PERMUTATIONS as f64).contains(&n)) {
            return Err::<KnoxParams, TrendError>(TrendError::InvalidParameter {
                name: "permutations".into(),
                value: r
                    .as_f64()
                    .map_or_else(|| format!("{r:?}"), |v| v.to_string()),
                expected: "between 1 and 1 000 000".into(),
            })
            .js();
        }
        p.permutations = n as usize;
    }
    if let Some(s) = o.get("seed") {
        p.seed = Some(seed_from_js(&s)?);
    }
    Ok(p)
}

fn rows<T: Copy + Into<f64>>(t: &[Vec<T>]) -> JsValue {
    t.iter()
        .map(|row| {
            row.iter()
                .map(|&v| JsValue::from_f64(v.into()))
                .collect::<Array>()
        })
        .collect::<Array>()
        .into()
}

fn plain(v: &[f64]) -> JsValue {
    v.iter()
        .map(|&x| JsValue::from_f64(x))
        .collect::<Array>()
        .into()
}

fn knox_js(k: &Knox) -> Result<JsValue, JsValue> {
    let out: JsValue = Object::new().into();
    // Pair counts are far below 2^53.
    let observed: Vec<Vec<f64>> = k
        .observed
        .iter()
        .map(|r| r.iter().map(|&v| v as f64).collect())
        .collect();
    set(&out, "observed", &rows(&observed));
    set(&out, "expected", &rows(&k.expected));
    set(&out, "ratio", &rows(&k.ratio));
    set(&out, "p", &rows(&k.p));
    set(&out, "median", &rows(&k.median));
    set(&out, "medianRatio", &rows(&k.median_ratio));
    set(&out, "sd", &rows(&k.sd));
    set(&out, "spaceBands", &plain(&k.space_bands));
    set(&out, "timeBands", &plain(&k.time_bands));
    set(&out, "nEvents", &count(k.n_events));
    set(&out, "closePairs", &count(k.close_pairs));
    set(&out, "metric", &JsValue::from_str(k.metric.as_str()));
    set(&out, "permutations", &count(k.permutations));
    set(&out, "seed", &seed_js(k.seed));
    set(&out, "rng", &JsValue::from_str(&k.rng));
    set(&out, "paramsUsed", &params_js(&k.params_used)?);
    Ok(out)
}

/// The banded Knox test of space-time interaction (NearRepeat; Knox 1964): pairs of events
/// counted by space band (metres, Manhattan by default) × time band (days), against `R`
/// seeded permutations of the times over the events. Bands are half-open `[a, b)`.
///
/// Throws a `TrendError`: `TREND_LENGTH_MISMATCH`, `TREND_TOO_SHORT` (fewer than 2 events),
/// `TREND_INVALID_VALUE` (a NaN or infinite coordinate or time), `TREND_INVALID_PARAMETER`
/// (band edges, metric, permutations), `TREND_TOO_LARGE` (too many close pairs).
///
/// @param x - eastings (metres)
/// @param y - northings (metres)
/// @param tDays - times in days (any origin)
/// @param options - bands, metric, permutations, seed
#[wasm_bindgen(js_name = knox, unchecked_return_type = "KnoxResult")]
pub fn knox_fn(
    x: ValuesArg,
    y: ValuesArg,
    #[wasm_bindgen(js_name = tDays)] t_days: ValuesArg,
    options: Option<KnoxOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(options.map(JsValue::from), &KNOX_KEYS)?;
    let params = params_from(&o)?;
    let x = coords_from_js(&x.into(), "x")?;
    let y = coords_from_js(&y.into(), "y")?;
    let t = coords_from_js(&t_days.into(), "tDays")?;
    knox_js(&knox(&x, &y, &t, &params).js()?)
}

/// The Knox test on the selected incidents: positions in their projected CRS, times as
/// elapsed days (UTC seconds / 86 400).
///
/// Throws a `CrsError` `CRS_NOT_METRIC` for longitude/latitude, otherwise as {@link knox}.
///
/// @param incidents - the incidents
/// @param options - selection and the options of {@link knox}
#[wasm_bindgen(js_name = knoxIncidents, unchecked_return_type = "KnoxResult")]
pub fn knox_incidents_js(
    incidents: &Incidents,
    options: Option<KnoxIncidentsOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut keys: Vec<&str> = KNOX_KEYS.to_vec();
    keys.extend(SELECTION_KEYS.iter().filter(|k| **k != "weighted"));
    let o = Opts::new(options.map(JsValue::from), &keys)?;
    let selection = selection_from(&o, incidents)?;
    let params = params_from(&o)?;
    knox_js(&knox_incidents(&incidents.inner, &selection, &params).js()?)
}
