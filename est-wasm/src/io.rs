//! Reading and writing incidents: `readIncidents` (CSV), `readGeoJSON`, `readPolisenJSON`
//! and the options of `Incidents.toCsv` / `Incidents.toGeoJSON` (core: `est_core::io`).

use crate::crs::crs_from_js;
use crate::error::{IntoJsResult, check_keys, from_options, options_error};
use crate::incident::Incidents;
use chrono::{DateTime, Utc};
use est_core::incident::{LoadOptions, OnError};
use est_core::io::csv::{ColumnMap, CsvOptions, CsvWriteOptions, Decimal, read_incidents};
use est_core::io::geojson::{GeoJsonOptions, GeoJsonWriteOptions, read_geojson};
use est_core::io::polisen::{PolisenOptions, read_polisen_json};
use est_core::taxonomy::Category;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_IO: &'static str = r#"
/**
 * Column names, when the header does not use one of the usual English or Swedish names
 * (`time`/`tidpunkt`, `category`/`kategori`, `x`/`easting`, `lat`/`latitud` …).
 */
export interface ColumnMap {
  id?: string;
  time?: string;
  category?: string;
  x?: string;
  y?: string;
  lon?: string;
  lat?: string;
  organisation?: string;
  place?: string;
  weight?: string;
  text?: string;
}

/** Options of {@link readIncidents}. */
export interface ReadOptions {
  /**
   * CRS of x/y columns: required for x/y (est never guesses a CRS); lon/lat columns are
   * WGS 84 unless another geographic CRS is given.
   */
  crs?: CrsLike | null;
  /** Column names (see {@link ColumnMap}). */
  columns?: ColumnMap;
  /** `"raise"` (default): any bad row throws a `ValidationError` listing every problem.
   * `"collect"`: keep the good rows; the problems are in {@link Incidents.errors}. */
  onError?: "raise" | "collect";
  /** Field separator, one character; detected from the header (`;`, `,` or tab) if omitted. */
  delimiter?: string;
  /** Decimal separator (default `"auto"`: `674344,5` and `674344.5` both work). */
  decimal?: "point" | "comma" | "auto";
  /** "Now" for the future-time check: a `Date`, epoch milliseconds or an ISO 8601 string
   * with offset; default `Date.now()`. */
  now?: string | Date | number;
  /** Reject naive local times in a DST gap/overlap instead of resolving them (default false). */
  rejectAmbiguousLocalTimes?: boolean;
  /** Mark every position as an area centroid (default false). */
  approximatePositions?: boolean;
  /** The taxonomy to resolve categories with (default: the EST categories). */
  taxonomy?: Taxonomy;
}

/** Options of {@link readGeoJSON}. */
export interface GeoJsonReadOptions {
  /** CRS of the coordinates (default 4326: RFC 7946 GeoJSON is WGS 84 lon/lat; older files in
   * SWEREF 99 TM must say `3006`). */
  crs?: CrsLike | null;
  /** `"raise"` (default) or `"collect"`, as in {@link ReadOptions}. */
  onError?: "raise" | "collect";
  /** "Now" for the future-time check (default `Date.now()`), as in {@link ReadOptions}. */
  now?: string | Date | number;
  /** The taxonomy to resolve categories with (default: the EST categories). */
  taxonomy?: Taxonomy;
}

/** Options of {@link readPolisenJSON}. */
export interface PolisenReadOptions {
  /** `"raise"` (default) or `"collect"`, as in {@link ReadOptions}. */
  onError?: "raise" | "collect";
  /** "Now" for the future-time check (default `Date.now()`), as in {@link ReadOptions}. */
  now?: string | Date | number;
  /** The taxonomy to map event types with (default: the EST categories). */
  taxonomy?: Taxonomy;
}

/** Options of {@link Incidents.toGeoJSON}. */
export interface GeoJsonWriteOptions {
  /** Write incident ids (default `true`). */
  includeIds?: boolean;
  /** Include the free text (default `false`: free text is internal). */
  includeText?: boolean;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `ReadOptions`.
    #[wasm_bindgen(typescript_type = "ReadOptions")]
    pub type ReadOptionsArg;
    /// A JS object typed as `CsvWriteOptions`.
    #[wasm_bindgen(typescript_type = "CsvWriteOptions")]
    pub type CsvWriteOptionsArg;
    /// A JS object typed as `GeoJsonReadOptions`.
    #[wasm_bindgen(typescript_type = "GeoJsonReadOptions")]
    pub type GeoJsonReadOptionsArg;
    /// A JS object typed as `PolisenReadOptions`.
    #[wasm_bindgen(typescript_type = "PolisenReadOptions")]
    pub type PolisenReadOptionsArg;
    /// A JS object typed as `GeoJsonWriteOptions`.
    #[wasm_bindgen(typescript_type = "GeoJsonWriteOptions")]
    pub type GeoJsonWriteOptionsArg;
}

const READ_KEYS: &[&str] = &[
    "crs",
    "columns",
    "onError",
    "delimiter",
    "decimal",
    "now",
    "rejectAmbiguousLocalTimes",
    "approximatePositions",
    "taxonomy",
];

const COLUMN_KEYS: &[&str] = &[
    "id",
    "time",
    "category",
    "x",
    "y",
    "lon",
    "lat",
    "organisation",
    "place",
    "weight",
    "text",
];

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ReadOptions {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    crs: JsValue,
    #[serde(default)]
    columns: Option<ColumnMap>,
    #[serde(default)]
    on_error: Option<OnError>,
    #[serde(default)]
    delimiter: Option<String>,
    #[serde(default)]
    decimal: Option<Decimal>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    now: JsValue,
    #[serde(default)]
    reject_ambiguous_local_times: Option<bool>,
    #[serde(default)]
    approximate_positions: Option<bool>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    taxonomy: JsValue,
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn delimiter(text: &str, option: &str) -> Result<u8, JsValue> {
    match text.as_bytes() {
        [b] if b.is_ascii() && *b != b'"' && *b != b'\n' && *b != b'\r' => Ok(*b),
        _ => Err(options_error(
            option,
            &format!(
                "{option} must be one ASCII character such as \",\", \";\" or \"\\t\" (got {text:?})"
            ),
        )),
    }
}

/// Reads `now` from a `Date`, epoch milliseconds or an ISO 8601 string; without it, the
/// host's clock (`Date.now()`): est-core never reads a clock on wasm32.
fn now_from_js(v: &JsValue) -> Result<DateTime<Utc>, JsValue> {
    let bad = |m: &str| options_error("now", m);
    let ms = if absent(v) {
        js_sys::Date::now()
    } else if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        d.get_time()
    } else if let Some(n) = v.as_f64() {
        n
    } else if let Some(s) = v.as_string() {
        return DateTime::parse_from_rfc3339(s.trim())
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| {
                bad(&format!(
                    "now: cannot read {s:?} as an ISO 8601 time with offset ({e})"
                ))
            });
    } else {
        return Err(bad(
            "now must be a Date, epoch milliseconds or an ISO 8601 string",
        ));
    };
    if !ms.is_finite() {
        return Err(bad(
            "now is not a valid time (an invalid Date or a non-finite number)",
        ));
    }
    // Finite and checked by from_timestamp_millis; sub-millisecond fractions are dropped.
    DateTime::from_timestamp_millis(ms as i64).ok_or_else(|| bad("now is out of range"))
}

/// Reads incidents from CSV text: comma, semicolon or tab separated, decimal point or comma,
/// English or Swedish headers, x/y in a declared CRS or lon/lat in WGS 84.
///
/// Every row is validated (id, time, category, position in the CRS's area of use,
/// organisation, weight). With `onError: "raise"` (default) any bad row throws an
/// `EstError` named `ValidationError` (code `INVALID_ROWS`) whose `details.errors` lists
/// **every** problem as `{line, field, value, message, code}`; with `"collect"` the good
/// rows are kept and the problems are in {@link Incidents.errors}. Structural problems throw
/// a `ParseError` (`MISSING_COLUMN`, `CRS_REQUIRED`, `FORMAT`); no data rows throws a
/// `ValidationError` with code `EMPTY`.
///
/// @param csvText - the file's text (a leading byte-order mark is ignored)
/// @param options - see {@link ReadOptions}
#[wasm_bindgen(js_name = readIncidents)]
pub fn read_incidents_js(
    #[wasm_bindgen(js_name = csvText)] csv_text: &str,
    options: Option<ReadOptionsArg>,
) -> Result<Incidents, JsValue> {
    crate::hook();
    let opts: ReadOptions = match options.map(JsValue::from) {
        Some(v) if !absent(&v) => {
            let columns = js_sys::Reflect::get(&v, &JsValue::from_str("columns"));
            if let Ok(columns) = columns.as_ref()
                && !absent(columns)
            {
                check_keys(columns, COLUMN_KEYS, "columns")?;
            }
            from_options(v, READ_KEYS, "options")?
        }
        _ => ReadOptions::default(),
    };
    let crs = if absent(&opts.crs) {
        None
    } else {
        Some(crs_from_js(&opts.crs, "crs")?)
    };
    let delimiter = opts
        .delimiter
        .as_deref()
        .map(|d| delimiter(d, "delimiter"))
        .transpose()?;
    let taxonomy = if absent(&opts.taxonomy) {
        None
    } else {
        Some(taxonomy_from_js(&opts.taxonomy)?)
    };
    let load = LoadOptions {
        on_error: opts.on_error.unwrap_or_default(),
        now: Some(now_from_js(&opts.now)?),
        reject_ambiguous_local_times: opts.reject_ambiguous_local_times.unwrap_or(false),
        approximate_positions: opts.approximate_positions.unwrap_or(false),
    };
    let csv = CsvOptions {
        delimiter,
        decimal: opts.decimal.unwrap_or_default(),
        columns: opts.columns.unwrap_or_default(),
        crs,
        load,
        taxonomy,
    };
    Ok(read_incidents(csv_text, &csv).js()?.into())
}

/// A `Taxonomy` passed inside an options object. It is read through its `categories`
/// (so the instance stays usable in JS) and rebuilt category by category, so that any
/// conflict is reported rather than dropped.
fn taxonomy_from_js(v: &JsValue) -> Result<est_core::taxonomy::Taxonomy, JsValue> {
    let not_taxonomy = || options_error("taxonomy", "taxonomy must be a Taxonomy instance");
    let cats =
        js_sys::Reflect::get(v, &JsValue::from_str("categories")).map_err(|_| not_taxonomy())?;
    if !js_sys::Array::is_array(&cats) {
        return Err(not_taxonomy());
    }
    let cats: Vec<Category> = serde_wasm_bindgen::from_value(cats)
        .map_err(|e| options_error("taxonomy", &format!("taxonomy: {e}")))?;
    // (categories come from a Taxonomy's own getter: no key check needed)
    let mut t = est_core::taxonomy::Taxonomy::from(Vec::new());
    for c in cats {
        t.add_category(c).js()?;
    }
    Ok(t)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct WriteOptions {
    #[serde(default)]
    delimiter: Option<String>,
    #[serde(default)]
    decimal_comma: Option<bool>,
    #[serde(default)]
    include_text: Option<bool>,
}

/// The options of `Incidents.toCsv`.
pub(crate) fn csv_write_options(
    options: Option<CsvWriteOptionsArg>,
) -> Result<CsvWriteOptions, JsValue> {
    let o: WriteOptions = match options.map(JsValue::from) {
        Some(v) if !absent(&v) => {
            from_options(v, &["delimiter", "decimalComma", "includeText"], "options")?
        }
        _ => WriteOptions::default(),
    };
    let d = CsvWriteOptions::default();
    Ok(CsvWriteOptions {
        delimiter: o
            .delimiter
            .as_deref()
            .map(|t| delimiter(t, "delimiter"))
            .transpose()?
            .unwrap_or(d.delimiter),
        decimal_comma: o.decimal_comma.unwrap_or(d.decimal_comma),
        include_text: o.include_text.unwrap_or(d.include_text),
    })
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct OtherReadOptions {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    crs: JsValue,
    #[serde(default)]
    on_error: Option<OnError>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    now: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    taxonomy: JsValue,
}

impl OtherReadOptions {
    fn read(options: Option<JsValue>, allowed: &[&str]) -> Result<Self, JsValue> {
        match options {
            Some(v) if !absent(&v) => from_options(v, allowed, "options"),
            _ => Ok(OtherReadOptions::default()),
        }
    }

    fn load(&self) -> Result<LoadOptions, JsValue> {
        Ok(LoadOptions {
            on_error: self.on_error.unwrap_or_default(),
            now: Some(now_from_js(&self.now)?),
            ..LoadOptions::default()
        })
    }

    fn taxonomy(&self) -> Result<Option<est_core::taxonomy::Taxonomy>, JsValue> {
        if absent(&self.taxonomy) {
            Ok(None)
        } else {
            taxonomy_from_js(&self.taxonomy).map(Some)
        }
    }
}

/// Reads incidents from a GeoJSON `FeatureCollection` (or one `Feature`) of `Point`s whose
/// properties are named like the CSV columns (`id`, `time`, `category`, `organisation`,
/// `place`, `weight`, `text`, or their Swedish forms). The incidents are in WGS 84 (or the
/// `crs` option): transform them with `toCrs(3006)` before grids and distances.
///
/// Every feature is validated as a CSV row is (its 1-based position in the collection is the
/// `line`); text that is not GeoJSON throws a `ParseError` `FORMAT`.
///
/// @param text - the GeoJSON text
/// @param options - see {@link GeoJsonReadOptions}
#[wasm_bindgen(js_name = readGeoJSON)]
pub fn read_geojson_js(
    text: &str,
    options: Option<GeoJsonReadOptionsArg>,
) -> Result<Incidents, JsValue> {
    crate::hook();
    let o = OtherReadOptions::read(
        options.map(JsValue::from),
        &["crs", "onError", "now", "taxonomy"],
    )?;
    let crs = if absent(&o.crs) {
        None
    } else {
        Some(crs_from_js(&o.crs, "crs")?)
    };
    let opts = GeoJsonOptions {
        crs,
        load: o.load()?,
        taxonomy: o.taxonomy()?,
    };
    Ok(read_geojson(text, &opts).js()?.into())
}

/// Reads the JSON array of events published by the Swedish Police (polisen.se
/// "händelser"). Event types are mapped to EST categories; types that are not incident
/// reports (summaries, traffic accidents …) are skipped and counted in `skipped`, each with a
/// warning.
///
/// **Positions are municipality or county centroids**, not the place of the event: every
/// incident is marked approximate. Use them for time series and category counts, never for
/// hotspots or distances. The incidents are in WGS 84.
///
/// @param text - the JSON text the events API returned
/// @param options - see {@link PolisenReadOptions}
#[wasm_bindgen(js_name = readPolisenJSON)]
pub fn read_polisen_json_js(
    text: &str,
    options: Option<PolisenReadOptionsArg>,
) -> Result<Incidents, JsValue> {
    crate::hook();
    let o = OtherReadOptions::read(options.map(JsValue::from), &["onError", "now", "taxonomy"])?;
    let opts = PolisenOptions {
        load: o.load()?,
        taxonomy: o.taxonomy()?,
    };
    Ok(read_polisen_json(text, &opts).js()?.into())
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct GeoJsonWriteOptionsJs {
    #[serde(default)]
    include_ids: Option<bool>,
    #[serde(default)]
    include_text: Option<bool>,
}

/// The options of `Incidents.toGeoJSON`.
pub(crate) fn geojson_write_options(
    options: Option<GeoJsonWriteOptionsArg>,
) -> Result<GeoJsonWriteOptions, JsValue> {
    let o: GeoJsonWriteOptionsJs = match options.map(JsValue::from) {
        Some(v) if !absent(&v) => from_options(v, &["includeIds", "includeText"], "options")?,
        _ => GeoJsonWriteOptionsJs::default(),
    };
    let d = GeoJsonWriteOptions::default();
    Ok(GeoJsonWriteOptions {
        include_ids: o.include_ids.unwrap_or(d.include_ids),
        include_text: o.include_text.unwrap_or(d.include_text),
    })
}
