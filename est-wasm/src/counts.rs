//! Counts of incidents per grid cell (`counts`) or per named area (`countsPerArea`) for a
//! category group and a time window, optionally weighted (core: `est_core::hotspot::counts`).

use crate::error::{IntoJsResult, object, options_error};
use crate::grid::StudyArea;
use crate::hotspot::{Opts, grid_from_js};
use crate::incident::Incidents;
use chrono::{DateTime, Utc};
use est_core::hotspot::counts::{
    Selection, counts_per_area as core_counts_per_area, counts_per_cell,
};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_COUNTS: &'static str = r#"
/** A time: a `Date`, epoch milliseconds or an ISO 8601 string with offset
 * (`"2024-03-01T00:00:00+01:00"`). */
export type TimeArg = string | Date | number;

/** Which incidents {@link counts} and {@link countsPerArea} count. */
export interface SelectionOptions {
  /** Categories (codes, labels or aliases of the incidents' taxonomy); an incident counts when
   * its category is one of these **or lies below one of them** (`"skadegörelse"` includes
   * `"klotter"`). Default: all. */
  categories?: string[];
  /** Start of the time window, inclusive (default: from the first incident). */
  start?: TimeArg;
  /** End of the time window, exclusive (default: to the last incident). */
  end?: TimeArg;
  /** Sum the incidents' weights instead of counting them (default false). */
  weighted?: boolean;
}

/** Options of {@link counts}. */
export interface CountsOptions extends SelectionOptions {
  /** The grid (in the incidents' CRS). */
  grid: Grid;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `CountsOptions`.
    #[wasm_bindgen(typescript_type = "CountsOptions")]
    pub type CountsOptionsArg;
    /// A JS object typed as `SelectionOptions`.
    #[wasm_bindgen(typescript_type = "SelectionOptions")]
    pub type SelectionOptionsArg;
    /// A JS object typed as `Record<string, StudyArea>`.
    #[wasm_bindgen(typescript_type = "Record<string, StudyArea>")]
    pub type AreasArg;
}

pub(crate) const SELECTION_KEYS: [&str; 4] = ["categories", "start", "end", "weighted"];

/// Reads a time option: a `Date`, epoch milliseconds or an ISO 8601 string with offset.
pub(crate) fn time_from_js(v: &JsValue, option: &str) -> Result<DateTime<Utc>, JsValue> {
    let bad = |m: String| options_error(option, &m);
    let ms = if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        d.get_time()
    } else if let Some(n) = v.as_f64() {
        n
    } else if let Some(s) = v.as_string() {
        return DateTime::parse_from_rfc3339(s.trim())
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| {
                bad(format!(
                    "{option}: cannot read {s:?} as an ISO 8601 time with offset, e.g. \
                     \"2024-03-01T00:00:00+01:00\" ({e})"
                ))
            });
    } else {
        return Err(bad(format!(
            "{option} must be a Date, epoch milliseconds or an ISO 8601 string"
        )));
    };
    if !ms.is_finite() {
        return Err(bad(format!(
            "{option} is not a valid time (an invalid Date or a non-finite number)"
        )));
    }
    // Finite and checked by from_timestamp_millis; sub-millisecond fractions are dropped.
    DateTime::from_timestamp_millis(ms as i64)
        .ok_or_else(|| bad(format!("{option} is out of range")))
}

/// The core selection from the shared option keys.
pub(crate) fn selection_from(o: &Opts, incidents: &Incidents) -> Result<Selection, JsValue> {
    let mut s = Selection::default();
    if let Some(c) = o.get("categories") {
        let labels: Vec<String> = if Array::is_array(&c) {
            Array::from(&c)
                .iter()
                .map(|v| v.as_string())
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    options_error("categories", "categories must be an array of strings")
                })?
        } else {
            return Err(options_error(
                "categories",
                "categories must be an array of strings",
            ));
        };
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        s = s.with_categories(&incidents.inner, &labels).js()?;
    }
    if let Some(t) = o.get("start") {
        s.from = Some(time_from_js(&t, "start")?);
    }
    if let Some(t) = o.get("end") {
        s.to = Some(time_from_js(&t, "end")?);
    }
    s.weighted = o.bool("weighted")?.unwrap_or(false);
    Ok(s)
}

/// Counts (or, with `weighted`, weights) of the selected incidents per active cell of
/// `options.grid`, in {@link Grid.cells} order; `sum(counts) + outside` is the number of
/// selected incidents. A category selects its subgroups too (`"skadegörelse"` counts
/// `"klotter"`); the time window is `[start, end)`.
///
/// Throws a `GridError` `GRID_CRS_MISMATCH` (incidents and grid in different CRSs), a
/// `TaxonomyError` `TAXONOMY_UNKNOWN` (a category not in the taxonomy, with suggestions) or an
/// `OptionsError`.
///
/// @param incidents - the incidents
/// @param options - `grid` (required), `categories`, `start`, `end`, `weighted`
#[wasm_bindgen(js_name = counts, unchecked_return_type = "CellCounts")]
pub fn counts_js(incidents: &Incidents, options: CountsOptionsArg) -> Result<JsValue, JsValue> {
    crate::hook();
    let mut allowed = vec!["grid"];
    allowed.extend(SELECTION_KEYS);
    let o = Opts::new(Some(options.into()), &allowed)?;
    let grid = match o.get("grid") {
        Some(g) => grid_from_js(&g)?,
        None => return Err(options_error("grid", "options.grid (a Grid) is required")),
    };
    let s = selection_from(&o, incidents)?;
    let c = counts_per_cell(&grid, &incidents.inner, &s).js()?;
    Ok(object(&[
        ("counts", Float64Array::from(c.counts.as_slice()).into()),
        // Counts of incidents: far below 2^53.
        ("outside", JsValue::from_f64(c.outside as f64)),
        ("outsideWeight", JsValue::from_f64(c.outside_weight)),
    ]))
}

/// A study area inside a plain object (a copy; the caller's object stays usable).
fn study_area_from_js(v: &JsValue, name: &str) -> Result<StudyArea, JsValue> {
    crate::trend::study_area_instance(v).ok_or_else(|| {
        options_error(
            "areas",
            &format!("areas[{name:?}] must be a StudyArea instance"),
        )
    })
}

/// Counts (or, with `weighted`, weights) of the selected incidents per named area, e.g.
/// `{ "Valsta centrum": area1, "Stationsområdet": area2 }` → `{ "Valsta centrum": 42, … }`.
/// An incident on a boundary counts; areas may overlap (an incident counts in every area that
/// contains it).
///
/// The areas must be in the incidents' CRS (read them with
/// `StudyArea.fromGeoJSON(text, { target: incidents.crs })`); otherwise an `OptionsError`
/// names both. Also throws a `TaxonomyError` `TAXONOMY_UNKNOWN` for an unknown category.
///
/// @param incidents - the incidents
/// @param areas - study areas by name
/// @param options - `categories`, `start`, `end`, `weighted`
#[wasm_bindgen(js_name = countsPerArea, unchecked_return_type = "Record<string, number>")]
pub fn counts_per_area_js(
    incidents: &Incidents,
    areas: AreasArg,
    options: Option<SelectionOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let areas: JsValue = areas.into();
    if !areas.is_object() || Array::is_array(&areas) {
        return Err(options_error(
            "areas",
            "areas must be an object of StudyArea by name",
        ));
    }
    let o = Opts::new(options.map(JsValue::from), &SELECTION_KEYS)?;
    let s = selection_from(&o, incidents)?;
    let crs = incidents.inner.crs();
    let mut named = Vec::new();
    for entry in Object::entries(areas.unchecked_ref::<Object>()).iter() {
        let pair = Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let area = study_area_from_js(&pair.get(1), &name)?;
        let area_crs = area.inner.crs();
        if area_crs != crs {
            return Err(options_error(
                "areas",
                &format!(
                    "area {name:?} is in {area_crs} but the incidents are in {crs}; read it \
                     with StudyArea.fromGeoJSON(text, {{ target: {} }}) or transform the \
                     incidents with incidents.toCrs({})",
                    crs.epsg(),
                    area_crs.epsg()
                ),
            ));
        }
        named.push((name, area.inner.area().clone()));
    }
    let out = Object::new();
    for c in core_counts_per_area(&named, &incidents.inner, &s) {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(
            &out,
            &JsValue::from_str(&c.name),
            &JsValue::from_f64(c.count),
        );
    }
    Ok(out.into())
}
