//! Spatial index over incidents: the `IncidentIndex` class (core: `est_core::index`).

use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, object, options_error};
use crate::grid::StudyArea;
use crate::incident::{Incidents, whole_number};
use est_core::crs::Crs;
use est_core::index::IncidentIndex as CoreIndex;
use js_sys::{Float64Array, Uint32Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_INDEX: &'static str = r#"
/** The result of {@link IncidentIndex.nearest}: row ids and their distances, nearest first. */
export interface NearestResult {
  rows: Uint32Array;
  /** Distances in metres. */
  distances: Float64Array;
}
"#;

/// An R-tree over points in projected metres. Every query returns **row ids** (positions in
/// the incidents or arrays the index was built from) in a deterministic order, equal to a
/// linear scan.
///
/// Queries throw a `SpatialIndexError` for a bad argument (`INDEX_INVALID_QUERY_POINT`,
/// `INDEX_INVALID_RADIUS`, `INDEX_INVALID_BOX`, `INDEX_INVALID_K`).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct IncidentIndex {
    inner: CoreIndex,
    /// The CRS of the indexed points when known (built from incidents).
    crs: Option<Crs>,
}

#[wasm_bindgen]
impl IncidentIndex {
    /// Indexes the positions of `incidents`; row ids are their positions. Throws a
    /// `CrsError` `CRS_NOT_METRIC` for lon/lat incidents (transform them first, e.g.
    /// `incidents.toCrs(3006)`).
    #[wasm_bindgen(constructor)]
    pub fn new(incidents: &Incidents) -> Result<IncidentIndex, JsValue> {
        crate::hook();
        Ok(IncidentIndex {
            inner: CoreIndex::new(&incidents.inner).js()?,
            crs: Some(incidents.inner.crs()),
        })
    }

    /// Same as `new IncidentIndex(incidents)`.
    #[wasm_bindgen(js_name = fromIncidents)]
    pub fn from_incidents(incidents: &Incidents) -> Result<IncidentIndex, JsValue> {
        IncidentIndex::new(incidents)
    }

    /// Indexes the points `(xs[i], ys[i])` in projected metres; row id `i`. Throws a
    /// `SpatialIndexError` (`INDEX_LENGTH_MISMATCH`, `INDEX_NOT_FINITE` naming the first bad
    /// point).
    #[wasm_bindgen(js_name = fromPoints)]
    pub fn from_points(
        #[wasm_bindgen(unchecked_param_type = "Coordinates")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Coordinates")] ys: JsValue,
    ) -> Result<IncidentIndex, JsValue> {
        crate::hook();
        let xs = coords_from_js(&xs, "xs")?;
        let ys = coords_from_js(&ys, "ys")?;
        Ok(IncidentIndex {
            inner: CoreIndex::from_points(&xs, &ys).js()?,
            crs: None,
        })
    }

    /// Number of indexed points.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// Row ids of the points at distance ≤ `radius` metres from `(x, y)`, ascending (a point
    /// exactly on the circle is included).
    #[wasm_bindgen(js_name = withinRadius)]
    pub fn within_radius(&self, x: f64, y: f64, radius: f64) -> Result<Uint32Array, JsValue> {
        let ids = self.inner.within_radius(x, y, radius).js()?;
        Ok(Uint32Array::from(ids.as_slice()))
    }

    /// Row ids of the points with `minX ≤ x ≤ maxX` and `minY ≤ y ≤ maxY`, ascending.
    #[wasm_bindgen(js_name = inBbox)]
    pub fn in_bbox(
        &self,
        #[wasm_bindgen(js_name = minX)] min_x: f64,
        #[wasm_bindgen(js_name = minY)] min_y: f64,
        #[wasm_bindgen(js_name = maxX)] max_x: f64,
        #[wasm_bindgen(js_name = maxY)] max_y: f64,
    ) -> Result<Uint32Array, JsValue> {
        let ids = self.inner.in_bbox(min_x, min_y, max_x, max_y).js()?;
        Ok(Uint32Array::from(ids.as_slice()))
    }

    /// Row ids of the points inside `studyArea` or on its boundary, ascending. Throws an
    /// `OptionsError` when the index was built from incidents in another CRS than the study
    /// area (an index built from bare arrays cannot check this).
    #[wasm_bindgen(js_name = inPolygon)]
    pub fn in_polygon(
        &self,
        #[wasm_bindgen(js_name = studyArea)] study_area: &StudyArea,
    ) -> Result<Uint32Array, JsValue> {
        let area_crs = study_area.inner.crs();
        if let Some(crs) = self.crs
            && crs != area_crs
        {
            return Err(options_error(
                "studyArea",
                &format!(
                    "the study area is in {area_crs} but the indexed incidents are in {crs}; \
                     read the study area with {{ target: {} }}",
                    crs.epsg()
                ),
            ));
        }
        let ids = self.inner.in_polygon(study_area.inner.area());
        Ok(Uint32Array::from(ids.as_slice()))
    }

    /// The `k` nearest points to `(x, y)`, nearest first (equal distances by row id); fewer
    /// when the index holds fewer points. `k = 0` throws a `SpatialIndexError`
    /// `INDEX_INVALID_K`; a `k` that is not a whole number an `OptionsError`.
    #[wasm_bindgen(unchecked_return_type = "NearestResult")]
    pub fn nearest(&self, x: f64, y: f64, k: f64) -> Result<JsValue, JsValue> {
        // Whole and at most 2^32: exact as usize on every target; the core caps the work at
        // the number of points.
        let k = whole_number(k, "k", f64::from(u32::MAX))? as usize;
        let found = self.inner.nearest(x, y, k).js()?;
        let (rows, distances): (Vec<u32>, Vec<f64>) = found.into_iter().unzip();
        Ok(object(&[
            ("rows", Uint32Array::from(rows.as_slice()).into()),
            ("distances", Float64Array::from(distances.as_slice()).into()),
        ]))
    }
}
