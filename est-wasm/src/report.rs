//! The lägesbild (situation picture): `lagesbild` and the `Lagesbild` class (core:
//! `est_core::report`).
//!
//! Submodules: [`public`] (the privacy-safe public export) and [`charts`] (SVG charts of
//! temporal profiles).

pub mod charts;
pub mod public;

use crate::error::{IntoJsResult, object, options_error};
use crate::grid::{Grid, GridOptionsJs, params_js, read_options, to_plain_js};
use crate::incident::{Incidents, whole_number};
use chrono::NaiveDate;
use est_core::grid::GridShape;
use est_core::incident::Incidents as CoreIncidents;
use est_core::report::{Lagesbild as CoreLagesbild, LagesbildOptions, Language};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The largest `baselinePeriods` accepted (100 years of weekly periods).
pub const MAX_BASELINE_PERIODS: f64 = 5_200.0;

#[wasm_bindgen(typescript_custom_section)]
const TS_REPORT: &'static str = r#"
/** Options of {@link lagesbild}. */
export interface LagesbildOptions {
  /** Title (default `"Lägesbild"`). */
  title?: string;
  /** Last day of the reporting period, `"YYYY-MM-DD"` (local date); the period runs to the
   * Sunday of its ISO week. Default: the day of the latest incident. */
  periodEnd?: string;
  /** Length of the reporting period in weeks, 1 to 52 (default 1). */
  periodWeeks?: number;
  /** Number of periods before the reporting period to compare with (default 12; at most 5200). */
  baselinePeriods?: number;
  /** Cell size of the counts grid in metres (default automatic). */
  cellSize?: number | null;
  /** Cell shape of the counts grid (default `"square"`). */
  shape?: GridShape;
  /** Language of the page (default `"sv"`). */
  language?: "sv" | "en";
  /** Named places and interventions as the JSON text of an `est.interventions/1` registry
   * (e.g. `Registry.toJson()`): the places are used by the early warning ("Nya problem") and
   * drawn on the maps; every intervention gets its follow-up and recommendation. */
  registry?: string;
  /** Weeks of the emerging hot spot analysis and the category trends (default 26). */
  trendWeeks?: number;
  /** Background tiles under the maps: a URL template with `{z}`, `{x}`, `{y}` (Web
   * Mercator). Default none: the page needs no network. */
  tilesUrl?: string;
  /** Reporting unit: `"weeks"` (`periodWeeks` ISO weeks, default), or the calendar
   * `"month"`, `"tertial"` (Jan–Apr, May–Aug, Sep–Dec) or `"year"` containing `periodEnd`. */
  unit?: "weeks" | "month" | "tertial" | "year";
}

/** The reporting period and its baseline: local dates (`"YYYY-MM-DD"`, inclusive). */
export interface LagesbildPeriod {
  /** First day of the reporting period (a Monday). */
  start: string;
  /** Last day of the reporting period (a Sunday). */
  end: string;
  /** ISO week of the last day, e.g. `"2026-W47"`. */
  isoWeek: string;
  /** First day of the baseline. */
  baselineStart: string;
  /** Last day of the baseline (the day before `start`). */
  baselineEnd: string;
  /** Number of periods in the baseline. */
  baselinePeriods: number;
  /** Time zone of the dates, `"Europe/Stockholm"`. */
  timeZone: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `LagesbildOptions`.
    #[wasm_bindgen(typescript_type = "LagesbildOptions")]
    pub type LagesbildOptionsArg;
}

const KEYS: &[&str] = &[
    "title",
    "periodEnd",
    "periodWeeks",
    "baselinePeriods",
    "cellSize",
    "shape",
    "language",
    "registry",
    "trendWeeks",
    "tilesUrl",
    "unit",
];

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Options {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    period_end: Option<String>,
    #[serde(default)]
    period_weeks: Option<f64>,
    #[serde(default)]
    baseline_periods: Option<f64>,
    #[serde(default)]
    cell_size: Option<f64>,
    #[serde(default)]
    shape: Option<GridShape>,
    #[serde(default)]
    language: Option<Language>,
    #[serde(default)]
    registry: Option<String>,
    #[serde(default)]
    trend_weeks: Option<f64>,
    #[serde(default)]
    tiles_url: Option<String>,
    #[serde(default)]
    unit: Option<String>,
}

/// A lägesbild: the summary the EST operative group reads every week or fortnight.
/// Made by {@link lagesbild}; render it with {@link Lagesbild.toHtml} or
/// {@link Lagesbild.toJson}.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Lagesbild {
    inner: CoreLagesbild,
    /// The incidents it summarises (the HTML map draws them).
    incidents: CoreIncidents,
}

/// Summarises `incidents` for the reporting period (the `periodWeeks` whole ISO weeks,
/// Monday–Sunday in Europe/Stockholm, ending with the week of `periodEnd`) against the
/// `baselinePeriods` periods before it: counts per category and organisation, incidents per
/// week and a counts grid. Lon/lat incidents are projected to SWEREF 99 TM for the grid;
/// incidents with approximate positions (polisen.se) are left off the map and the grid.
/// Every parameter chosen is recorded in {@link Lagesbild.paramsUsed}.
///
/// Nothing here reads a clock: without `periodEnd` the period ends with the latest incident.
/// Throws a `ReportError` (`REPORT_EMPTY`, `REPORT_INVALID_OPTION`), grid and CRS errors.
///
/// @param incidents - the incidents to summarise
/// @param options - see {@link LagesbildOptions}
#[wasm_bindgen(js_name = lagesbild)]
pub fn lagesbild(
    incidents: &Incidents,
    options: Option<LagesbildOptionsArg>,
) -> Result<Lagesbild, JsValue> {
    crate::hook();
    let o: Options = read_options(options.map(JsValue::from), KEYS)?;
    let mut opts = LagesbildOptions::default();
    if let Some(t) = o.title {
        opts.title = t;
    }
    if let Some(d) = o.period_end {
        opts.period_end = Some(
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                options_error(
                    "periodEnd",
                    &format!("periodEnd must be a date \"YYYY-MM-DD\" (got {d:?})"),
                )
            })?,
        );
    }
    // Whole numbers within u32 (the core checks 1–52 weeks and names the option).
    if let Some(w) = o.period_weeks {
        opts.period_weeks = whole_number(w, "periodWeeks", f64::from(u32::MAX))? as u32;
    }
    if let Some(b) = o.baseline_periods {
        opts.baseline_periods = whole_number(b, "baselinePeriods", MAX_BASELINE_PERIODS)? as u32;
    }
    opts.grid = GridOptionsJs {
        cell_size: o.cell_size,
        shape: o.shape,
        ..GridOptionsJs::default()
    }
    .to_core()?;
    if let Some(l) = o.language {
        opts.language = l;
    }
    if let Some(text) = o.registry {
        opts.registry = Some(
            est_core::followup::registry::Registry::from_json(&text, incidents.inner.taxonomy())
                .js()?,
        );
    }
    if let Some(w) = o.trend_weeks {
        opts.trend_weeks = whole_number(w, "trendWeeks", 520.0)? as u32;
    }
    opts.tiles_url = o.tiles_url;
    if let Some(u) = o.unit {
        opts.unit = est_core::report::ReportUnit::parse(&u)
            .map_err(est_core::Error::from)
            .js()?;
    }
    let inner = CoreLagesbild::build(&incidents.inner, &opts).js()?;
    Ok(Lagesbild {
        inner,
        incidents: incidents.inner.clone(),
    })
}

#[wasm_bindgen]
impl Lagesbild {
    /// One self-contained HTML page: inline SVG map of the incidents and the counts grid,
    /// category table, weekly chart and the parameters used. No scripts, no network, no free
    /// text; printable and readable on a phone.
    #[wasm_bindgen(js_name = toHtml)]
    pub fn to_html(&self) -> Result<String, JsValue> {
        self.inner.to_html(&self.incidents).js()
    }

    /// The same content as pretty-printed JSON (schema `"est.lagesbild/1"`, snake_case keys)
    /// for portals. (Named `toJson`, not `toJSON`, so that `JSON.stringify` does not pick it
    /// up.)
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        self.inner.to_json().js()
    }

    /// The title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// The reporting period and its baseline.
    #[wasm_bindgen(getter, unchecked_return_type = "LagesbildPeriod")]
    pub fn period(&self) -> JsValue {
        let p = &self.inner.period;
        let date = |d: NaiveDate| JsValue::from_str(&d.to_string());
        object(&[
            ("start", date(p.start)),
            ("end", date(p.end)),
            ("isoWeek", JsValue::from_str(&p.iso_week)),
            ("baselineStart", date(p.baseline_start)),
            ("baselineEnd", date(p.baseline_end)),
            (
                "baselinePeriods",
                JsValue::from_f64(f64::from(p.baseline_periods)),
            ),
            ("timeZone", JsValue::from_str(&p.time_zone)),
        ])
    }

    /// Incidents in the data set.
    #[wasm_bindgen(getter, js_name = nIncidents)]
    pub fn n_incidents(&self) -> usize {
        self.inner.n_incidents
    }

    /// Incidents in the reporting period.
    #[wasm_bindgen(getter, js_name = nCurrent)]
    pub fn n_current(&self) -> f64 {
        // A count of incidents: far below 2^53.
        self.inner.n_current as f64
    }

    /// Incidents with an approximate position (area centroids), left off the map and grid.
    #[wasm_bindgen(getter, js_name = nApproximate)]
    pub fn n_approximate(&self) -> usize {
        self.inner.n_approximate
    }

    /// Things the reader should know (incomplete last week, short baseline …).
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// Every parameter and where it came from.
    #[wasm_bindgen(getter, js_name = paramsUsed, unchecked_return_type = "ParamUsed[]")]
    pub fn params_used(&self) -> Result<JsValue, JsValue> {
        params_js(&self.inner.params_used)
    }

    /// The counts grid (a copy), in SWEREF 99 TM or the incidents' projected CRS.
    #[wasm_bindgen(getter)]
    pub fn grid(&self) -> Grid {
        self.inner.grid.clone().into()
    }

    /// `"sv"` or `"en"`.
    #[wasm_bindgen(getter, unchecked_return_type = "\"sv\" | \"en\"")]
    pub fn language(&self) -> Result<JsValue, JsValue> {
        to_plain_js(&self.inner.language)
    }
}
