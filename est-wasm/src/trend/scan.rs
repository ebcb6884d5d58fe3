//! Kulldorff's space-time permutation scan: `scan`, `spaceTimeScan` (core:
//! `est_core::trend::scan`).

use super::{SELECTION_KEYS, count, f64s, seed_from_js, seed_js, selection_from, set, to_js_camel};
use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, options_error};
use crate::grid::{Grid, params_js};
use crate::hotspot::Opts;
use crate::incident::{Incidents, whole_number};
use crate::stats::ValuesArg;
use est_core::trend::TrendError;
use est_core::trend::scan::{Scan, ScanParams, scan_incidents, space_time_scan};
use js_sys::{Object, Uint32Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SCAN: &'static str = r#"
/** Options of the space-time permutation scan (defaults: est's weekly surveillance;
 * SaTScan's R = 999). */
export interface ScanOptions {
  /** Largest circle radius in metres (default 1000). */
  maxRadiusM?: number;
  /** Longest window in days (default 7). */
  maxDays?: number;
  /** Study period in days ending on the last day (default 28; `null` = from the first case). */
  studyDays?: number | null;
  /** Only windows ending on the last study day (default true). */
  prospective?: boolean;
  /** Number of permutations R (default 999). */
  permutations?: number;
  /** Seed (default 0x5EED = 24301). */
  seed?: Seed;
  /** Most clusters reported (default 5). */
  maxClusters?: number;
}

/** Options of {@link scan}. */
export interface ScanIncidentsOptions extends ScanOptions {
  /** Categories (each with its subgroups); default all. */
  categories?: string[];
  /** Start of the selection window. */
  start?: TimeArg;
  /** End of the selection window, exclusive; its last local day is the last study day. */
  end?: TimeArg;
}

/** A space-time cluster (a cylinder). */
export interface ScanCluster {
  /** Centre of the circle (E, N): the centroid of its central zone. */
  centre: [number, number];
  /** Distance from the centre to the farthest zone centroid inside, metres. */
  radiusM: number;
  /** Zones inside the circle (indices, nearest first). */
  zones: number[];
  /** First day of the window, `"YYYY-MM-DD"` (local date). */
  startDay: string;
  /** Last day of the window. */
  endDay: string;
  /** Cases in the cylinder. */
  observed: number;
  /** Expected cases. */
  expected: number;
  /** Log likelihood ratio. */
  llr: number;
  /** `(1 + #{max_r ≥ LLR})/(R + 1)`. */
  p: number;
  /** Recurrence interval `1/p` in days. */
  recurrenceDays: number;
}

/** The result of {@link scan} and {@link spaceTimeScan}. */
export interface ScanResult {
  /** Most likely cluster first, then non-overlapping secondary clusters. */
  clusters: ScanCluster[];
  /** Cases in the study period. */
  cases: number;
  /** Number of zones. */
  zones: number;
  /** Days in the study period. */
  days: number;
  firstDay: string;
  lastDay: string;
  /** Zone centroids. */
  zoneX: Float64Array;
  zoneY: Float64Array;
  /** {@link scan}: the grid cell id of each zone (empty for {@link spaceTimeScan}). */
  zoneCells: Uint32Array;
  /** {@link scan}: selected incidents of the study period outside the grid. */
  outsideGrid: number;
  /** Distinct circles scanned. */
  circles: number;
  permutations: number;
  seed: number | bigint;
  rng: string;
  paramsUsed: ParamUsed[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `ScanOptions`.
    #[wasm_bindgen(typescript_type = "ScanOptions")]
    pub type ScanOptionsArg;
    /// A JS object typed as `ScanIncidentsOptions`.
    #[wasm_bindgen(typescript_type = "ScanIncidentsOptions")]
    pub type ScanIncidentsOptionsArg;
}

const SCAN_KEYS: [&str; 7] = [
    "maxRadiusM",
    "maxDays",
    "studyDays",
    "prospective",
    "permutations",
    "seed",
    "maxClusters",
];

/// Whether the options object sets `key` to `null` explicitly.
fn is_null_option(raw: &Option<JsValue>, key: &str) -> bool {
    raw.as_ref().is_some_and(|r| {
        r.is_object() && js_sys::Reflect::get(r, &JsValue::from_str(key)).is_ok_and(|v| v.is_null())
    })
}

fn params_from(o: &Opts, raw: &Option<JsValue>) -> Result<ScanParams, JsValue> {
    let mut p = ScanParams::default();
    if let Some(r) = o.f64("maxRadiusM")? {
        p.max_radius_m = r;
    }
    if let Some(d) = o.f64("maxDays")? {
        p.max_days = whole_number(d, "maxDays", f64::from(u32::MAX))? as u32;
    }
    // `studyDays: null` means "from the first case".
    if is_null_option(raw, "studyDays") {
        p.study_days = None;
    } else if let Some(d) = o.f64("studyDays")? {
        p.study_days = Some(whole_number(d, "studyDays", f64::from(u32::MAX))? as u32);
    }
    if let Some(b) = o.bool("prospective")? {
        p.prospective = b;
    }
    if let Some(r) = o.f64("permutations")? {
        p.permutations = whole_number(r, "permutations", f64::from(u32::MAX))? as usize;
    }
    if let Some(s) = o.get("seed") {
        p.seed = Some(seed_from_js(&s)?);
    }
    if let Some(m) = o.f64("maxClusters")? {
        p.max_clusters = whole_number(m, "maxClusters", f64::from(u32::MAX))? as usize;
    }
    Ok(p)
}

fn scan_js(s: &Scan) -> Result<JsValue, JsValue> {
    let out: JsValue = Object::new().into();
    set(&out, "clusters", &to_js_camel(&s.clusters, &[])?);
    set(&out, "cases", &count(s.cases));
    set(&out, "zones", &count(s.zones));
    set(&out, "days", &count(s.days));
    set(
        &out,
        "firstDay",
        &JsValue::from_str(&s.first_day.to_string()),
    );
    set(&out, "lastDay", &JsValue::from_str(&s.last_day.to_string()));
    let x: Vec<f64> = s.zone_xy.iter().map(|p| p.0).collect();
    let y: Vec<f64> = s.zone_xy.iter().map(|p| p.1).collect();
    set(&out, "zoneX", &f64s(&x));
    set(&out, "zoneY", &f64s(&y));
    set(
        &out,
        "zoneCells",
        &Uint32Array::from(s.zone_cells.as_slice()).into(),
    );
    set(&out, "outsideGrid", &count(s.outside_grid));
    set(&out, "circles", &count(s.circles));
    set(&out, "permutations", &count(s.permutations));
    set(&out, "seed", &seed_js(s.seed));
    set(&out, "rng", &JsValue::from_str(&s.rng));
    set(&out, "paramsUsed", &params_js(&s.params_used)?);
    Ok(out)
}

/// Kulldorff's space-time permutation scan on the selected incidents: zones are the cells of
/// `grid` holding cases, days are Europe/Stockholm local dates, cylinders are circles (up to
/// `maxRadiusM`) × day windows (up to `maxDays`, ending on the last study day when
/// `prospective`). p-values from `permutations` seeded permutations of the case dates.
///
/// Throws a `CrsError` `CRS_NOT_METRIC` for longitude/latitude, a `GridError`
/// `GRID_CRS_MISMATCH`, a `TrendError` (`TREND_EMPTY`, `TREND_TOO_SHORT`,
/// `TREND_INVALID_PARAMETER`, `TREND_TOO_LARGE`) or an `OptionsError`.
///
/// @param incidents - the incidents (projected CRS)
/// @param grid - the zones: cells of this grid (in the incidents' CRS)
/// @param options - selection and scan options
#[wasm_bindgen(js_name = scan, unchecked_return_type = "ScanResult")]
pub fn scan_fn(
    incidents: &Incidents,
    grid: &Grid,
    options: Option<ScanIncidentsOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut keys: Vec<&str> = SCAN_KEYS.to_vec();
    keys.extend(SELECTION_KEYS.iter().filter(|k| **k != "weighted"));
    let raw = options.map(JsValue::from);
    let o = Opts::new(raw.clone(), &keys)?;
    let selection = selection_from(&o, incidents)?;
    let params = params_from(&o, &raw)?;
    let s = scan_incidents(&incidents.inner, &grid.inner, &selection, &params).js()?;
    scan_js(&s)
}

/// The space-time permutation scan on cases given by zone and day: zone centroids
/// `(zoneX[k], zoneY[k])` in projected metres (every zone is a circle centre); case `i` in
/// zone `caseZone[i]` on day `caseDay[i]` (days since 1970-01-01, so that the reported
/// dates are calendar dates).
///
/// Throws a `TrendError` (`TREND_LENGTH_MISMATCH`, `TREND_EMPTY`, `TREND_INVALID_VALUE`,
/// `TREND_TOO_SHORT`, `TREND_INVALID_PARAMETER`, `TREND_TOO_LARGE`) or an `OptionsError`.
///
/// @param zoneX - zone centroid eastings (metres)
/// @param zoneY - zone centroid northings (metres)
/// @param caseZone - the zone index of each case
/// @param caseDay - the day of each case (whole days since 1970-01-01)
/// @param options - scan options
#[wasm_bindgen(js_name = spaceTimeScan, unchecked_return_type = "ScanResult")]
pub fn space_time_scan_js(
    #[wasm_bindgen(js_name = zoneX)] zone_x: ValuesArg,
    #[wasm_bindgen(js_name = zoneY)] zone_y: ValuesArg,
    #[wasm_bindgen(js_name = caseZone)] case_zone: ValuesArg,
    #[wasm_bindgen(js_name = caseDay)] case_day: ValuesArg,
    options: Option<ScanOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let raw = options.map(JsValue::from);
    let o = Opts::new(raw.clone(), &SCAN_KEYS)?;
    let zx = coords_from_js(&zone_x.into(), "zoneX")?;
    let zy = coords_from_js(&zone_y.into(), "zoneY")?;
    if zx.len() != zy.len() {
        return Err::<JsValue, TrendError>(TrendError::LengthMismatch {
            what: "zoneY".into(),
            expected: zx.len(),
            got: zy.len(),
        })
        .js();
    }
    let zones: Vec<(f64, f64)> = zx.into_iter().zip(zy).collect();
    let cz = coords_from_js(&case_zone.into(), "caseZone")?
        .into_iter()
        .map(|z| whole_number(z, "caseZone", f64::from(u32::MAX)).map(|z| z as usize))
        .collect::<Result<Vec<_>, _>>()?;
    let cd = coords_from_js(&case_day.into(), "caseDay")?
        .into_iter()
        .map(|d| {
            if d.is_finite() && d.fract() == 0.0 && d.abs() <= 1.0e8 {
                // Whole and within ±10^8 days: exact as i64.
                Ok(d as i64)
            } else {
                Err(options_error(
                    "caseDay",
                    &format!("caseDay must hold whole numbers of days since 1970-01-01 (got {d})"),
                ))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let s = space_time_scan(&zones, &cz, &cd, &params_from(&o, &raw)?).js()?;
    scan_js(&s)
}
