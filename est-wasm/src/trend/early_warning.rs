//! The weekly early warning: `earlyWarning`, `earlyWarningForAreas` (core:
//! `est_core::trend::early_warning`).

use super::{named_areas, set, strings_from_js, time_from_js, to_js_camel};
use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, options_error};
use crate::grid::params_js;
use crate::hotspot::Opts;
use crate::incident::{Incidents, whole_number};
use crate::stats::adjustment_from_js;
use est_core::trend::TrendError;
use est_core::trend::early_warning::{
    EarlyWarning, EarlyWarningParams, ExceedanceMethod, SeasonalBaseline, WeeklyTable,
    early_warning, early_warning_for_areas,
};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_EARLY_WARNING: &'static str = r#"
/** How this week's count is compared with its baseline: `"exactConditional"` (default:
 * `x | x + S ~ Bin(x + S, 1/(B + 1))`), `"poisson"`, `"negativeBinomial"` (when overdispersed)
 * or `"auto"` (negative binomial when `v > μ` and `B ≥ 8`, else exact conditional). */
export type ExceedanceMethod = "exactConditional" | "poisson" | "negativeBinomial" | "auto";

/** A seasonal baseline: the same ISO week ± `halfWidthWeeks` in each of the `years` previous
 * years (Farrington et al. 1996: 5 years, ± 3 weeks). */
export interface SeasonalBaseline {
  years: number;
  halfWidthWeeks: number;
}

/** Options of {@link earlyWarning} (defaults: method reference §6.2). */
export interface EarlyWarningOptions {
  /** Baseline weeks B before this week (default 8). */
  baselineWeeks?: number;
  /** Weeks skipped between the baseline and this week (default 0). */
  guardWeeks?: number;
  /** Fewest baseline weeks with data for a unit to be tested (default 4). */
  minBaselineWeeksWithData?: number;
  /** Level of the adjusted p (default 0.01). */
  alpha?: number;
  /** Fewest incidents this week for an alert (default 3). */
  minCount?: number;
  /** Adjustment over the week's tested units (default `"fdr_bh"`). */
  adjustment?: Adjustment;
  /** The test (default `"exactConditional"`). */
  method?: ExceedanceMethod;
  /** A seasonal baseline instead of the recent weeks (default none; `true` = Farrington's
   * 5 years × ± 3 weeks). */
  seasonal?: SeasonalBaseline | boolean | null;
}

/** Options of {@link earlyWarning}. */
export interface EarlyWarningTableOptions extends EarlyWarningOptions {
  /** Resolves the table's categories (default: the EST taxonomy). */
  taxonomy?: Taxonomy;
}

/** Options of {@link earlyWarningForAreas}. */
export interface EarlyWarningAreasOptions extends EarlyWarningOptions {
  /** A time in the ISO week under test (default: the latest incident). */
  week?: TimeArg;
  /** Categories (each counting its subgroups); default: every top-level group present. */
  categories?: string[];
}

/** Weekly counts per place × category: the input of {@link earlyWarning}. */
export interface WeeklyTable {
  places: string[];
  /** Category codes or labels. */
  categories: string[];
  /** ISO week labels in time order (`"2026-W47"`); the last is the week under test. */
  weeks: string[];
  /** Unit-major counts: unit `u = place·categories.length + category`, week `w` at
   * `u·weeks.length + w`. NaN marks a week without data (not a zero). */
  counts: Values;
}

/** One tested place × category of the week. */
export interface Alert {
  place: string;
  /** Category code. */
  category: string;
  categorySv: string;
  categoryEn: string;
  week: string;
  /** This week's count x. */
  observed: number;
  /** The baseline mean μ (over the weeks with data). */
  expected: number;
  /** The baseline weeks in time order (NaN for a week without data). */
  baseline: number[];
  /** Upper-tail p. */
  p: number;
  /** Adjusted p over the week's tested units. */
  pAdjusted: number;
  /** The test actually used (never `"auto"`). */
  method: ExceedanceMethod;
  /** Wheeler's display z, `2(√x − √μ)`. */
  z: number;
  /** `x − μ`. */
  excess: number;
  /** "Skadegörelse vid Ekparken: 9 händelser senaste veckan mot normalt 2". */
  sentenceSv: string;
  /** "Criminal damage at Ekparken: 9 incidents last week against a usual 2". */
  sentenceEn: string;
  /** Position (1-based) in its list, by p, then larger excess. */
  rank: number;
}

/** The week's early warning. */
export interface EarlyWarningResult {
  /** Flagged units (`pAdjusted < alpha` and `observed ≥ minCount`), ranked. */
  alerts: Alert[];
  /** Number of tests made (the multiple-testing family). */
  tested: number;
  /** Units not tested for lack of baseline weeks with data. */
  insufficientBaseline: number;
  /** Units with no incident this week nor in the baseline. */
  untestable: number;
  week: string;
  paramsUsed: ParamUsed[];
  /** Every tested unit, flagged or not, ranked. */
  all: Alert[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `EarlyWarningTableOptions`.
    #[wasm_bindgen(typescript_type = "EarlyWarningTableOptions")]
    pub type EarlyWarningOptionsArg;
    /// A JS object typed as `EarlyWarningAreasOptions`.
    #[wasm_bindgen(typescript_type = "EarlyWarningAreasOptions")]
    pub type EarlyWarningAreasOptionsArg;
    /// A JS object typed as `WeeklyTable`.
    #[wasm_bindgen(typescript_type = "WeeklyTable")]
    pub type WeeklyTableArg;
}

const PARAM_KEYS: [&str; 8] = [
    "baselineWeeks",
    "guardWeeks",
    "minBaselineWeeksWithData",
    "alpha",
    "minCount",
    "adjustment",
    "method",
    "seasonal",
];

const MAX_WEEKS: f64 = 100_000.0;

fn params_from(o: &Opts) -> Result<EarlyWarningParams, JsValue> {
    let mut p = EarlyWarningParams::default();
    if let Some(b) = o.f64("baselineWeeks")? {
        p.baseline_weeks = whole_number(b, "baselineWeeks", MAX_WEEKS)? as usize;
    }
    if let Some(g) = o.f64("guardWeeks")? {
        p.guard_weeks = whole_number(g, "guardWeeks", MAX_WEEKS)? as usize;
    }
    if let Some(m) = o.f64("minBaselineWeeksWithData")? {
        p.min_baseline_weeks_with_data =
            whole_number(m, "minBaselineWeeksWithData", MAX_WEEKS)? as usize;
    }
    if let Some(a) = o.f64("alpha")? {
        p.alpha = a;
    }
    if let Some(m) = o.f64("minCount")? {
        p.min_count = whole_number(m, "minCount", super::MAX_SAFE)? as u64;
    }
    if let Some(a) = o.get("adjustment") {
        p.adjustment = adjustment_from_js(&a)?;
    }
    if let Some(m) = o.choice(
        "method",
        &[
            ("exactConditional", ExceedanceMethod::ExactConditional),
            ("poisson", ExceedanceMethod::Poisson),
            ("negativeBinomial", ExceedanceMethod::NegativeBinomial),
            ("auto", ExceedanceMethod::Auto),
        ],
    )? {
        p.method = m;
    }
    if let Some(s) = o.get("seasonal") {
        if let Some(b) = s.as_bool() {
            p.seasonal = b.then(SeasonalBaseline::default);
            return Ok(p);
        }
        let so = Opts::new(Some(s), &["years", "halfWidthWeeks"])?;
        let d = SeasonalBaseline::default();
        p.seasonal = Some(SeasonalBaseline {
            years: match so.f64("years")? {
                Some(y) => whole_number(y, "seasonal.years", 1_000.0)? as usize,
                None => d.years,
            },
            half_width_weeks: match so.f64("halfWidthWeeks")? {
                Some(h) => whole_number(h, "seasonal.halfWidthWeeks", 26.0)? as usize,
                None => d.half_width_weeks,
            },
        });
    }
    Ok(p)
}

fn early_warning_js(e: &EarlyWarning) -> Result<JsValue, JsValue> {
    let out = to_js_camel(e, &["method"])?;
    set(&out, "paramsUsed", &params_js(&e.params_used)?);
    Ok(out)
}

/// Reads a [`WeeklyTable`] (unknown keys are an error).
fn table_from_js(v: &JsValue) -> Result<WeeklyTable, JsValue> {
    crate::error::check_keys(v, &["places", "categories", "weeks", "counts"], "table")?;
    let get = |k: &str| {
        Reflect::get(v, &JsValue::from_str(k))
            .ok()
            .filter(|x| !crate::grid::absent(x))
            .ok_or_else(|| options_error("table", &format!("table.{k} is required")))
    };
    Ok(WeeklyTable {
        places: strings_from_js(&get("places")?, "table.places")?,
        categories: strings_from_js(&get("categories")?, "table.categories")?,
        weeks: strings_from_js(&get("weeks")?, "table.weeks")?,
        counts: coords_from_js(&get("counts")?, "table.counts")?,
    })
}

/// The weekly early warning on a table of counts: for each place × category, this week's
/// count (the last week) against the baseline weeks before it, an upper-tail test (exact
/// conditional by default, valid when the baseline is all zeros), Benjamini–Hochberg over
/// the week's tests, and an alert when the adjusted p is below `alpha` and the count at
/// least `minCount`. Each alert carries a sentence in Swedish and English.
///
/// Throws a `TrendError` (`TREND_LENGTH_MISMATCH`, `TREND_TOO_SHORT` below 2 weeks,
/// `TREND_INVALID_VALUE` for a count that is negative or not whole,
/// `TREND_INVALID_PARAMETER`) or a `TaxonomyError` for an unknown category.
///
/// @param table - places, categories, ISO weeks and unit-major counts
/// @param options - baseline, level, test, taxonomy (see {@link EarlyWarningTableOptions})
#[wasm_bindgen(js_name = earlyWarning, unchecked_return_type = "EarlyWarningResult")]
pub fn early_warning_js_fn(
    table: WeeklyTableArg,
    options: Option<EarlyWarningOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut keys = vec!["taxonomy"];
    keys.extend(PARAM_KEYS);
    let o = Opts::new(options.map(JsValue::from), &keys)?;
    let table = table_from_js(&table.into())?;
    let tax = crate::followup::taxonomy_from_js(o.get("taxonomy"))?;
    let e = early_warning(&table, &tax, &params_from(&o)?).js()?;
    early_warning_js(&e)
}

/// The weekly early warning for named areas × categories, counted from the incidents in ISO
/// weeks of Europe/Stockholm local time. The week under test is the one containing
/// `options.week` (default: the week of the latest incident); baseline weeks before the first
/// incident have no data.
///
/// Throws a `TrendError` (`TREND_INVALID_PARAMETER` when the week lies outside the data,
/// `TREND_EMPTY` without incidents), a `TaxonomyError`, a `GridError`/`CrsError` for an
/// area that cannot be read, or an `OptionsError`.
///
/// @param incidents - the incidents
/// @param areas - named areas: `StudyArea`s in the incidents' CRS or GeoJSON polygons (WGS 84)
/// @param options - week, categories and the options of {@link earlyWarning}
#[wasm_bindgen(js_name = earlyWarningForAreas, unchecked_return_type = "EarlyWarningResult")]
pub fn early_warning_for_areas_js(
    incidents: &Incidents,
    #[wasm_bindgen(unchecked_param_type = "NamedAreas")] areas: JsValue,
    options: Option<EarlyWarningAreasOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut keys = vec!["week", "categories"];
    keys.extend(PARAM_KEYS);
    let o = Opts::new(options.map(JsValue::from), &keys)?;
    let week = match o.get("week") {
        Some(t) => time_from_js(&t, "week")?,
        None => match incidents.inner.time_range() {
            Some((_, last)) => last,
            None => {
                return Err::<JsValue, TrendError>(TrendError::Empty {
                    what: "incidents for the early warning".into(),
                })
                .js();
            }
        },
    };
    let categories = match o.get("categories") {
        Some(c) => Some(strings_from_js(&c, "categories")?),
        None => None,
    };
    let cats: Option<Vec<&str>> = categories
        .as_ref()
        .map(|c| c.iter().map(String::as_str).collect());
    let areas = named_areas(&areas, incidents.inner.crs(), "areas")?;
    let pairs: Vec<_> = areas
        .iter()
        .map(|(n, a)| (n.clone(), a.area().clone()))
        .collect();
    let e = early_warning_for_areas(
        &incidents.inner,
        &pairs,
        cats.as_deref(),
        week,
        &params_from(&o)?,
    )
    .js()?;
    early_warning_js(&e)
}
