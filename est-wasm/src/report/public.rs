//! The privacy-safe public export: `publicExport` and the `PublicExport` class (core:
//! `est_core::report::public`).

use crate::error::{IntoJsResult, options_error};
use crate::hotspot::Opts;
use crate::incident::{Incidents, whole_number};
use crate::trend::{MAX_SAFE, study_area_instance, to_js_camel};
use est_core::crs::Crs;
use est_core::report::public::{PublicExport as CoreExport, PublicOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_PUBLIC: &'static str = r#"
/** Options of {@link publicExport}. */
export interface PublicExportOptions {
  /** Smallest count published (default 5). */
  k?: number;
  /** Side of the lattice cells in metres, 100 … 100 000 (default 500). */
  cellSizeM?: number;
  /** Also publish counts per top-level category group (default true). */
  groups?: boolean;
  /** Only cells whose centre lies in this area (a {@link StudyArea} in SWEREF 99 TM). */
  area?: StudyArea;
}

/** One published category group of a cell (at least k incidents). */
export interface PublicGroup {
  /** Group code, e.g. `"skadegorelse"`. */
  code: string;
  sv: string;
  en: string;
  count: number;
}

/** One published lattice cell (at least k incidents). */
export interface PublicCell {
  /** Stable key `"{size}m:E{x0}N{y0}"` (south-west corner in SWEREF 99 TM metres). */
  key: string;
  x0: number;
  y0: number;
  /** Corners in WGS 84 `[lon, lat]`, anticlockwise from the south-west. */
  lonlat: [number, number][];
  count: number;
  /** Groups published for this cell. */
  groups: PublicGroup[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `PublicExportOptions`.
    #[wasm_bindgen(typescript_type = "PublicExportOptions")]
    pub type PublicExportOptionsArg;
}

/// A privacy-safe weekly export for residents and open-data portals (schema `est.public/1`):
/// counts per cell of a fixed SWEREF 99 TM lattice for one ISO week, cells below `k` only
/// counted (never summed), category groups with secondary suppression; no ids, free text or
/// exact positions. Made by {@link publicExport}.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct PublicExport {
    inner: CoreExport,
}

/// The public export of one ISO week of `incidents` (any CRS; projected to SWEREF 99 TM for
/// the lattice; approximate positions are left out).
///
/// Throws a `ReportError` `REPORT_INVALID_OPTION` (a malformed week, `k` = 0, a cell size
/// outside 100 … 100 000 m), a `CrsError`, or an `OptionsError`.
///
/// @param incidents - the incidents
/// @param week - the ISO week, e.g. `"2026-W47"`
/// @param options - `k`, `cellSizeM`, `groups`, `area`
#[wasm_bindgen(js_name = publicExport)]
pub fn public_export(
    incidents: &Incidents,
    week: &str,
    options: Option<PublicExportOptionsArg>,
) -> Result<PublicExport, JsValue> {
    crate::hook();
    let o = Opts::new(
        options.map(JsValue::from),
        &["k", "cellSizeM", "groups", "area"],
    )?;
    let mut p = PublicOptions::default();
    if let Some(k) = o.f64("k")? {
        p.k = whole_number(k, "k", MAX_SAFE)? as u64;
    }
    if let Some(s) = o.f64("cellSizeM")? {
        p.cell_size_m = s;
    }
    if let Some(g) = o.bool("groups")? {
        p.groups = g;
    }
    if let Some(a) = o.get("area") {
        let area = study_area_instance(&a)
            .ok_or_else(|| options_error("area", "area must be a StudyArea instance"))?;
        if area.inner.crs() != Crs::SWEREF99_TM {
            return Err(options_error(
                "area",
                &format!(
                    "area must be in SWEREF 99 TM (EPSG:3006), the lattice's CRS; it is in {}",
                    area.inner.crs()
                ),
            ));
        }
        p.area = Some(area.inner.area().clone());
    }
    Ok(PublicExport {
        inner: CoreExport::build(&incidents.inner, week, &p).js()?,
    })
}

#[wasm_bindgen]
impl PublicExport {
    /// The export as pretty-printed JSON (schema `"est.public/1"`, snake_case keys).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        self.inner.to_json().js()
    }

    /// The export as a GeoJSON FeatureCollection: WGS 84 cell polygons with properties `key`,
    /// `week`, `count` and one property per published group.
    #[wasm_bindgen(js_name = toGeoJson)]
    pub fn to_geojson(&self) -> Result<String, JsValue> {
        self.inner.to_geojson().js()
    }

    /// The published cells, by key.
    #[wasm_bindgen(getter, unchecked_return_type = "PublicCell[]")]
    pub fn cells(&self) -> Result<JsValue, JsValue> {
        to_js_camel(&self.inner.cells, &[])
    }

    /// Cells with 1 … k − 1 incidents: how many (their counts are never published).
    #[wasm_bindgen(getter, js_name = suppressedCells)]
    pub fn suppressed_cells(&self) -> usize {
        self.inner.suppressed_cells
    }

    /// Sum of the published cells.
    #[wasm_bindgen(getter, js_name = publishedTotal)]
    pub fn published_total(&self) -> f64 {
        // A count of incidents: far below 2^53.
        self.inner.published_total as f64
    }

    /// The ISO week, e.g. `"2026-W47"`.
    #[wasm_bindgen(getter)]
    pub fn week(&self) -> String {
        self.inner.week.clone()
    }

    /// The Monday of the week, `"YYYY-MM-DD"`.
    #[wasm_bindgen(getter)]
    pub fn monday(&self) -> String {
        self.inner.monday.to_string()
    }

    /// The suppression threshold k.
    #[wasm_bindgen(getter)]
    pub fn k(&self) -> f64 {
        // k came from a JS number below 2^53.
        self.inner.k as f64
    }

    /// The lattice cell size in metres.
    #[wasm_bindgen(getter, js_name = cellSizeM)]
    pub fn cell_size_m(&self) -> f64 {
        self.inner.cell_size_m
    }

    /// How the data were protected, in Swedish.
    #[wasm_bindgen(getter, js_name = noteSv)]
    pub fn note_sv(&self) -> String {
        self.inner.note_sv.clone()
    }

    /// How the data were protected, in English.
    #[wasm_bindgen(getter, js_name = noteEn)]
    pub fn note_en(&self) -> String {
        self.inner.note_en.clone()
    }
}
