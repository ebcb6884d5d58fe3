//! Incidents: the `Incidents` class (core: `est_core::incident`).

use crate::crs::crs_from_js;
use crate::error::{IntoJsResult, options_error};
use crate::taxonomy::{Taxonomy, to_js_value};
use est_core::incident::{Incidents as CoreIncidents, RowError};
use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_INCIDENT: &'static str = r#"
/** One problem with one input row. */
export interface RowError {
  /** 1-based line in the input (the header is line 1). */
  line: number;
  /** The field, as named in the input (`"x"`, `"tidpunkt"`, `"x/y"` …). */
  field: string;
  /** The offending value, as text. */
  value: string;
  /** What is wrong and what was expected. */
  message: string;
  /** Stable code: `"NOT_FINITE"`, `"OUT_OF_AREA"`, `"UNKNOWN_CATEGORY"`, … */
  code: string;
}

/** A row that was kept with a remark (e.g. a local time in a DST gap). */
export interface RowWarning {
  line: number;
  field: string;
  message: string;
}

/** What a load did. */
export interface LoadReport {
  rowsRead: number;
  rowsKept: number;
  errors: RowError[];
  warnings: RowWarning[];
  /** Rows read but deliberately not loaded (e.g. polisen.se summaries), each with a warning. */
  skipped: number;
  /** Naive local times in a DST gap (moved forward by the gap). */
  dstGap: number;
  /** Naive local times in a DST overlap (the earlier instant taken). */
  dstOverlap: number;
}

/** Reporting organisations (codes). */
export type Organisation =
  | "kommun"
  | "polis"
  | "fastighetsagare"
  | "vaktbolag"
  | "handel"
  | "raddningstjanst"
  | "ovrig"
  | "okand";

/** One incident, as returned by {@link Incidents.get}. */
export interface Incident {
  id: string;
  /** Epoch milliseconds (UTC). */
  time: number;
  category: string;
  x: number;
  y: number;
  organisation: Organisation;
  place: string;
  weight: number;
}

/** Options of {@link Incidents.toCsv}. */
export interface CsvWriteOptions {
  /** Field separator, one character (default `","`). */
  delimiter?: string;
  /** Write decimal commas (default `false`; use with `delimiter: ";"`). */
  decimalComma?: boolean;
  /** Include the free-text column (default `false`: free text is internal). */
  includeText?: boolean;
}
"#;

/// Row errors as a JS array of `{line, field, value, message, code}`.
pub(crate) fn row_errors_js(errors: &[RowError]) -> JsValue {
    to_js_value(errors).unwrap_or_else(|_| Array::new().into())
}

/// Many incidents, validated, in columns. Positions are in {@link Incidents.crs}.
///
/// Made by {@link readIncidents} or {@link sampleTown}. Column getters return copies:
/// `x`, `y`, `times`, `weights` as `Float64Array`, the rest as arrays of strings.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Incidents {
    pub(crate) inner: CoreIncidents,
}

impl From<CoreIncidents> for Incidents {
    fn from(inner: CoreIncidents) -> Self {
        Incidents { inner }
    }
}

#[wasm_bindgen]
impl Incidents {
    /// Number of incidents kept.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// The EPSG code of the positions (3006 for SWEREF 99 TM, 4326 for WGS 84 …).
    #[wasm_bindgen(getter)]
    pub fn crs(&self) -> u32 {
        self.inner.crs().epsg()
    }

    /// Eastings (or longitudes).
    #[wasm_bindgen(getter)]
    pub fn x(&self) -> Float64Array {
        Float64Array::from(self.inner.x())
    }

    /// Northings (or latitudes).
    #[wasm_bindgen(getter)]
    pub fn y(&self) -> Float64Array {
        Float64Array::from(self.inner.y())
    }

    /// Times as epoch milliseconds (UTC), ready for `new Date(ms)`.
    #[wasm_bindgen(getter)]
    pub fn times(&self) -> Float64Array {
        let ms: Vec<f64> = self
            .inner
            .times()
            .iter()
            .map(|s| *s as f64 * 1000.0)
            .collect();
        Float64Array::from(ms.as_slice())
    }

    /// Weights (1 where none was given).
    #[wasm_bindgen(getter)]
    pub fn weights(&self) -> Float64Array {
        Float64Array::from(self.inner.weights())
    }

    /// Incident ids.
    #[wasm_bindgen(getter)]
    pub fn ids(&self) -> Vec<String> {
        (0..self.inner.len())
            .map(|i| self.inner.id(i).unwrap_or_default().to_string())
            .collect()
    }

    /// Category codes (`"klotter"`, `"stold"` …).
    #[wasm_bindgen(getter)]
    pub fn categories(&self) -> Vec<String> {
        let tax = self.inner.taxonomy();
        self.inner
            .categories()
            .iter()
            .map(|c| tax.code(*c).to_string())
            .collect()
    }

    /// Reporting organisation codes (`"kommun"`, `"polis"` …).
    #[wasm_bindgen(getter, unchecked_return_type = "Organisation[]")]
    pub fn organisations(&self) -> Vec<String> {
        self.inner
            .organisations()
            .iter()
            .map(|o| o.code().to_string())
            .collect()
    }

    /// Place names (`""` where none was given).
    #[wasm_bindgen(getter)]
    pub fn places(&self) -> Vec<String> {
        (0..self.inner.len())
            .map(|i| self.inner.place(i).unwrap_or_default().to_string())
            .collect()
    }

    /// Every problem found while loading (with `onError: "collect"`; a `"raise"` load that
    /// had problems threw instead).
    #[wasm_bindgen(getter, unchecked_return_type = "RowError[]")]
    pub fn errors(&self) -> JsValue {
        row_errors_js(&self.inner.report().errors)
    }

    /// Rows kept with a remark (DST resolution …).
    #[wasm_bindgen(getter, unchecked_return_type = "RowWarning[]")]
    pub fn warnings(&self) -> Result<JsValue, JsValue> {
        to_js_value(&self.inner.report().warnings)
    }

    /// Data rows read (the header excluded).
    #[wasm_bindgen(getter, js_name = rowsRead)]
    pub fn rows_read(&self) -> usize {
        self.inner.report().rows_read
    }

    /// Rows read but deliberately not loaded (e.g. polisen.se summaries).
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> usize {
        self.inner.report().skipped
    }

    /// Naive local times that fell in a DST gap (moved forward by the gap length).
    #[wasm_bindgen(getter, js_name = dstGap)]
    pub fn dst_gap(&self) -> usize {
        self.inner.report().dst_gap
    }

    /// Naive local times that fell in a DST overlap (the earlier instant taken).
    #[wasm_bindgen(getter, js_name = dstOverlap)]
    pub fn dst_overlap(&self) -> usize {
        self.inner.report().dst_overlap
    }

    /// The whole load report.
    #[wasm_bindgen(getter, unchecked_return_type = "LoadReport")]
    pub fn report(&self) -> JsValue {
        let r = self.inner.report();
        crate::error::object(&[
            ("rowsRead", JsValue::from_f64(r.rows_read as f64)),
            ("rowsKept", JsValue::from_f64(r.rows_kept as f64)),
            ("errors", row_errors_js(&r.errors)),
            (
                "warnings",
                to_js_value(&r.warnings).unwrap_or_else(|_| Array::new().into()),
            ),
            ("skipped", JsValue::from_f64(r.skipped as f64)),
            ("dstGap", JsValue::from_f64(r.dst_gap as f64)),
            ("dstOverlap", JsValue::from_f64(r.dst_overlap as f64)),
        ])
    }

    /// The taxonomy the category codes come from (a copy).
    #[wasm_bindgen(getter)]
    pub fn taxonomy(&self) -> Taxonomy {
        Taxonomy {
            inner: self.inner.taxonomy().clone(),
        }
    }

    /// Incident `i` as an object, or `undefined` when `i` is out of range.
    #[wasm_bindgen(unchecked_return_type = "Incident | undefined")]
    pub fn get(&self, i: usize) -> JsValue {
        let Some(r) = self.inner.get(i) else {
            return JsValue::UNDEFINED;
        };
        crate::error::object(&[
            ("id", JsValue::from_str(r.id)),
            ("time", JsValue::from_f64(r.time.timestamp_millis() as f64)),
            (
                "category",
                JsValue::from_str(self.inner.taxonomy().code(r.category)),
            ),
            ("x", JsValue::from_f64(r.x)),
            ("y", JsValue::from_f64(r.y)),
            ("organisation", JsValue::from_str(r.organisation.code())),
            ("place", JsValue::from_str(r.place)),
            ("weight", JsValue::from_f64(r.weight)),
        ])
    }

    /// The same incidents with positions transformed to `dst` (e.g. `4326` for a web map).
    /// Throws a `CrsError` naming the first incident outside the area of use of `dst`.
    #[wasm_bindgen(js_name = toCrs)]
    pub fn to_crs(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CrsLike")] dst: JsValue,
    ) -> Result<Incidents, JsValue> {
        let dst = crs_from_js(&dst, "dst")?;
        Ok(self.inner.to_crs(dst).js()?.into())
    }

    /// Writes the incidents as CSV (`id,time,category,x,y,organisation,place,weight`, times
    /// in RFC 3339 with the Europe/Stockholm offset). Reading it back with the same CRS gives
    /// the same incidents.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(
        &self,
        options: Option<crate::io::CsvWriteOptionsArg>,
    ) -> Result<String, JsValue> {
        let opts = crate::io::csv_write_options(options)?;
        est_core::io::csv::write_incidents(&self.inner, &opts).js()
    }

    /// Writes the incidents as an RFC 7946 GeoJSON `FeatureCollection` of points in WGS 84
    /// (positions are transformed, 7 decimals ≈ 1 cm), with the properties `id`, `time`
    /// (RFC 3339, Europe/Stockholm offset), `category`, `category_sv`, `organisation`,
    /// `place`, `weight` and `approximate_position`. Free text is written only with
    /// `includeText: true`. {@link readGeoJSON} reads it back.
    #[wasm_bindgen(js_name = toGeoJSON)]
    pub fn to_geojson(
        &self,
        options: Option<crate::io::GeoJsonWriteOptionsArg>,
    ) -> Result<String, JsValue> {
        let opts = crate::io::geojson_write_options(options)?;
        est_core::io::geojson::write_geojson(&self.inner, &opts).js()
    }
}

/// An `OptionsError` for a whole number argument; `max` bounds it.
pub(crate) fn whole_number(value: f64, name: &str, max: f64) -> Result<f64, JsValue> {
    if value.is_finite() && value.fract() == 0.0 && (0.0..=max).contains(&value) {
        Ok(value)
    } else {
        Err(options_error(
            name,
            &format!("{name} must be a whole number from 0 to {max} (got {value})"),
        ))
    }
}
