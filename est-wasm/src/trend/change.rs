//! Change between two periods per cell or area: `change`, `changeForGrid`,
//! `midpointBoundary` (core: `est_core::trend::change`).

use super::window_from_js;
use super::{ms, num, selection_from, set, strings_from_js, time_from_js, to_js_camel};
use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, options_error};
use crate::grid::{Grid, params_js};
use crate::hotspot::Opts;
use crate::incident::Incidents;
use crate::stats::{ValuesArg, adjustment_from_js};
use chrono::{DateTime, Duration, Utc};
use est_core::stats::poisson::TwoRateMethod;
use est_core::trend::TrendError;
use est_core::trend::change::{Change, ChangeParams, change, change_for_grid, midpoint_boundary};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CHANGE: &'static str = r#"
/** Options shared by {@link change} and {@link changeForGrid}. */
export interface ChangeTestOptions {
  /** Level of `significant` (default 0.05). */
  alpha?: number;
  /** Adjustment over the testable units (default `"fdr_bh"`). */
  adjustment?: Adjustment;
  /** The test (default `"exact-cond"`). */
  method?: TwoRateMethod;
}

/** Options of {@link change}. */
export interface ChangeOptions extends ChangeTestOptions {
  /** One label per unit (default `"unit <i>"`). */
  labels?: string[];
  /** Length of the before period in days (default 1; only the ratio of the lengths matters). */
  lengthBefore?: number;
  /** Length of the after period in days (default 1). */
  lengthAfter?: number;
}

/** Options of {@link changeForGrid}. */
export interface ChangeForGridOptions extends ChangeTestOptions {
  /** The before window `[start, end)` (default: from the first incident to `boundary`). */
  before?: [TimeArg, TimeArg];
  /** The after window `[start, end)` (default: from `boundary` to just after the last incident). */
  after?: [TimeArg, TimeArg];
  /** Where before ends and after starts, when the windows are not given (default: the middle
   * of the incidents' time range, sfhotspot's rule). */
  boundary?: TimeArg;
  /** Categories (each with its subgroups). Default: all. */
  categories?: string[];
}

/** The change of one cell or area. */
export interface UnitChange {
  label: string;
  before: number;
  after: number;
  /** `after − before`. */
  difference: number;
  /** `(after/L_a)/(before/L_b)`; `Infinity` when before = 0 < after, NaN when untestable. */
  rateRatio: number;
  /** Score z of after against before (positive = increase); NaN when untestable. */
  scoreZ: number;
  /** Two-sided p of the chosen test; NaN when untestable. */
  p: number;
  /** Adjusted p over the testable units; NaN when untestable. */
  pAdjusted: number;
  /** `pAdjusted < alpha`. */
  significant: boolean;
  /** At least one incident in either period. */
  testable: boolean;
  /** Wheeler's display z for two equally noisy counts (0 when untestable). */
  wheelerZ: number;
}

/** The result of {@link change} and {@link changeForGrid}. */
export interface ChangeResult {
  /** One entry per unit, in input order (grid cells in {@link Grid.cells} order). */
  units: UnitChange[];
  lengthBeforeDays: number;
  lengthAfterDays: number;
  /** Start of the after period, epoch ms (0 for {@link change} on plain counts). */
  boundary: number;
  /** Units with no incident in either period. */
  untestable: number;
  paramsUsed: ParamUsed[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `ChangeOptions`.
    #[wasm_bindgen(typescript_type = "ChangeOptions")]
    pub type ChangeOptionsArg;
    /// A JS object typed as `ChangeForGridOptions`.
    #[wasm_bindgen(typescript_type = "ChangeForGridOptions")]
    pub type ChangeForGridOptionsArg;
}

const TEST_KEYS: [&str; 3] = ["alpha", "adjustment", "method"];

/// Reads a two-rate method name (statsmodels' names); absent gives `default`.
pub(crate) fn method_from_js(
    v: Option<JsValue>,
    default: TwoRateMethod,
) -> Result<TwoRateMethod, JsValue> {
    match v {
        None => Ok(default),
        Some(m) => match m.as_string() {
            Some(s) => TwoRateMethod::parse(&s).js(),
            None => Err(options_error(
                "method",
                "method must be a string such as \"score\" or \"exact-cond\"",
            )),
        },
    }
}

fn params_from(o: &Opts) -> Result<ChangeParams, JsValue> {
    let mut p = ChangeParams::default();
    if let Some(a) = o.f64("alpha")? {
        p.alpha = a;
    }
    if let Some(a) = o.get("adjustment") {
        p.adjustment = adjustment_from_js(&a)?;
    }
    p.method = method_from_js(o.get("method"), p.method)?;
    Ok(p)
}

fn change_js(c: &Change) -> Result<JsValue, JsValue> {
    let out = to_js_camel(c, &[])?;
    set(&out, "boundary", &num(ms(c.boundary)));
    set(&out, "paramsUsed", &params_js(&c.params_used)?);
    Ok(out)
}

/// Change between two periods from counts per unit: per unit the counts, the rate ratio, the
/// score z, the two-sided p of the chosen test (exact conditional by default), the adjusted p
/// over the testable units and Wheeler's display z. Matches statsmodels
/// `test_poisson_2indep` and `multipletests`.
///
/// Throws a `TrendError` (`TREND_LENGTH_MISMATCH`, `TREND_INVALID_VALUE` for a count that is
/// negative or not whole, `TREND_INVALID_PARAMETER`) or a `StatsError`
/// (`STATS_UNKNOWN_METHOD`).
///
/// @param before - counts before, one per unit
/// @param after - counts after
/// @param options - labels, period lengths in days, alpha, adjustment, method
#[wasm_bindgen(js_name = change, unchecked_return_type = "ChangeResult")]
pub fn change_fn(
    before: ValuesArg,
    after: ValuesArg,
    options: Option<ChangeOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut keys = vec!["labels", "lengthBefore", "lengthAfter"];
    keys.extend(TEST_KEYS);
    let o = Opts::new(options.map(JsValue::from), &keys)?;
    let before = coords_from_js(&before.into(), "before")?;
    let after = coords_from_js(&after.into(), "after")?;
    let labels = match o.get("labels") {
        Some(l) => strings_from_js(&l, "labels")?,
        None => (0..before.len()).map(|i| format!("unit {i}")).collect(),
    };
    let lb = o.f64("lengthBefore")?.unwrap_or(1.0);
    let la = o.f64("lengthAfter")?.unwrap_or(1.0);
    let c = change(&labels, &before, &after, lb, la, &params_from(&o)?).js()?;
    change_js(&c)
}

/// Change per active cell of `grid` between two windows of the selected incidents (the
/// before/after map of sfhotspot `hotspot_change`, with a test per cell). Without windows
/// the data are split at `boundary` (default: the middle of the time range, as sfhotspot):
/// before `[first incident, boundary)`, after `[boundary, last incident + 1 s)`.
///
/// Throws a `TrendError` (`TREND_INVALID_PARAMETER` for an empty or overlapping window,
/// `TREND_EMPTY` without incidents), a `GridError` `GRID_CRS_MISMATCH`, a `TaxonomyError` or a
/// `StatsError`.
///
/// @param incidents - the incidents
/// @param grid - the grid (in the incidents' CRS)
/// @param options - windows or boundary, categories, alpha, adjustment, method
#[wasm_bindgen(js_name = changeForGrid, unchecked_return_type = "ChangeResult")]
pub fn change_for_grid_js(
    incidents: &Incidents,
    grid: &Grid,
    options: Option<ChangeForGridOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut keys = vec!["before", "after", "boundary", "categories"];
    keys.extend(TEST_KEYS);
    let o = Opts::new(options.map(JsValue::from), &keys)?;
    let selection = selection_from(&o, incidents)?;
    let windows = (o.get("before"), o.get("after"));
    let (before, after) = match windows {
        (Some(b), Some(a)) => {
            if o.get("boundary").is_some() {
                return Err(options_error(
                    "boundary",
                    "give either the before and after windows or a boundary, not both",
                ));
            }
            (window_from_js(&b, "before")?, window_from_js(&a, "after")?)
        }
        (None, None) => {
            let (first, last) = incidents.inner.time_range().ok_or_else(|| {
                crate::error::to_js(
                    &TrendError::Empty {
                        what: "incidents for the change map".into(),
                    }
                    .into(),
                )
            })?;
            let boundary: DateTime<Utc> = match o.get("boundary") {
                Some(b) => time_from_js(&b, "boundary")?,
                None => midpoint_boundary(&incidents.inner).unwrap_or(first),
            };
            ((first, boundary), (boundary, last + Duration::seconds(1)))
        }
        _ => {
            return Err(options_error(
                "before",
                "give both the before and the after window, or neither",
            ));
        }
    };
    let c = change_for_grid(
        &grid.inner,
        &incidents.inner,
        &selection,
        before,
        after,
        &params_from(&o)?,
    )
    .js()?;
    change_js(&c)
}

/// sfhotspot's default change boundary: the middle of the incidents' time range,
/// `min(t) + (max(t) − min(t))/2`, in epoch milliseconds; `null` without incidents.
///
/// @param incidents - the incidents
#[wasm_bindgen(js_name = midpointBoundary, unchecked_return_type = "number | null")]
pub fn midpoint_boundary_js(incidents: &Incidents) -> JsValue {
    crate::hook();
    midpoint_boundary(&incidents.inner).map_or(JsValue::NULL, |t| num(ms(t)))
}
