//! Square and hexagonal grids in projected metres: the `Grid` and `StudyArea` classes and
//! `autoCellSize` (core: `est_core::grid`).

use crate::crs::{coords_from_js, crs_from_js, xy_object};
use crate::error::{IntoJsResult, from_options, object, options_error};
use crate::incident::{Incidents, whole_number};
use est_core::crs::Crs;
use est_core::grid::{
    ClipMode, Grid as CoreGrid, GridOptions, GridShape, StudyArea as CoreStudyArea,
};
use est_core::params::ParamUsed;
use js_sys::{Array, Float64Array, Object};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_GRID: &'static str = r#"
/** The cell shape: squares (default) or pointy-topped hexagons. */
export type GridShape = "square" | "hexagon";

/**
 * How {@link Grid.clip} treats cells on the study area's boundary:
 * `"intersects"` keeps whole cells whose interior overlaps it (default), `"centroidInside"`
 * keeps whole cells whose centre is inside (or on the boundary), `"cut"` keeps the overlapping
 * cells cut to the study area (their GeoJSON geometry and area shrink).
 */
export type ClipMode = "intersects" | "centroidInside" | "cut";

/** Options of {@link Grid.fromPoints}, {@link Grid.forIncidents} and {@link Grid.fromExtent}. */
export interface GridOptions {
  /** Cell size in metres (square side or hexagon flat-to-flat width); default automatic
   * (sfhotspot's rule `min_side/50, floor to 100 m`, recorded in {@link Grid.paramsUsed}). */
  cellSize?: number | null;
  /** Cell shape (default `"square"`). */
  shape?: GridShape;
  /** Fail above this many cells (default 10 000 000). */
  maxCells?: number;
  /** Warn above this many cells (default 100 000). */
  warnCells?: number;
}

/** A JSON value (the value of a parameter in {@link ParamUsed}). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One parameter a computation used, with its provenance. */
export interface ParamUsed {
  /** Parameter name as in the core and the lägesbild JSON, e.g. `"cell_size_m"`. */
  name: string;
  /** The value used (a `bigint` only for a seed above 2^53 − 1). */
  value: JsonValue | bigint;
  /** Given by the caller, the documented default, or chosen by an automatic rule. */
  source: "user" | "default" | "auto";
  /** The automatic rule (only when `source` is `"auto"`). */
  rule?: string;
}

/** Cell centres, in the grid's CRS. */
export interface Centroids {
  x: Float64Array;
  y: Float64Array;
}

/** Counts per active cell (in {@link Grid.cells} order). */
export interface CellCounts {
  /** Points per active cell, or the sum of their weights when weights were given. */
  counts: Float64Array;
  /** Points outside every active cell (outside the grid, or in a clipped-away cell). */
  outside: number;
  /** The sum of those points' weights (their number when unweighted). */
  outsideWeight: number;
}

/** The south-west corner of cell 0's bounding box. */
export interface GridOrigin {
  x: number;
  y: number;
}

/** Options of {@link StudyArea.fromGeoJSON}. */
export interface StudyAreaOptions {
  /** The CRS of the GeoJSON coordinates (default 4326: RFC 7946 GeoJSON is WGS 84). */
  crs?: CrsLike;
  /** The projected CRS to transform the study area to (default 3006, SWEREF 99 TM). */
  target?: CrsLike;
}

/** Per-cell values to write with {@link Grid.toGeoJSON}, one per active cell. */
export type GridColumns = Record<string, Coordinates>;
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `GridOptions`.
    #[wasm_bindgen(typescript_type = "GridOptions")]
    pub type GridOptionsArg;
    /// A JS object typed as `StudyAreaOptions`.
    #[wasm_bindgen(typescript_type = "StudyAreaOptions")]
    pub type StudyAreaOptionsArg;
    /// A string typed as `ClipMode`.
    #[wasm_bindgen(typescript_type = "ClipMode")]
    pub type ClipModeArg;
    /// Numbers typed as `Coordinates` (an array or a `Float64Array`).
    #[wasm_bindgen(typescript_type = "Coordinates")]
    pub type CoordinatesArg;
    /// A JS object typed as `GridColumns`.
    #[wasm_bindgen(typescript_type = "GridColumns")]
    pub type GridColumnsArg;
}

pub(crate) const GRID_KEYS: &[&str] = &["cellSize", "shape", "maxCells", "warnCells"];

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GridOptionsJs {
    #[serde(default)]
    pub(crate) cell_size: Option<f64>,
    #[serde(default)]
    pub(crate) shape: Option<GridShape>,
    #[serde(default)]
    pub(crate) max_cells: Option<f64>,
    #[serde(default)]
    pub(crate) warn_cells: Option<f64>,
}

pub(crate) fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// Reads an optional options object: `None`, `undefined` and `null` give the defaults.
pub(crate) fn read_options<T: serde::de::DeserializeOwned + Default>(
    options: Option<JsValue>,
    allowed: &[&str],
) -> Result<T, JsValue> {
    match options {
        Some(v) if !absent(&v) => from_options(v, allowed, "options"),
        _ => Ok(T::default()),
    }
}

impl GridOptionsJs {
    /// The core options; `cellSize` is checked by the core (`GRID_INVALID_CELL_SIZE`).
    pub(crate) fn to_core(&self) -> Result<GridOptions, JsValue> {
        let mut o = GridOptions::default();
        if let Some(s) = self.shape {
            o.shape = s;
        }
        o.cell_size_m = self.cell_size;
        // Whole numbers below 2^53; `as usize` saturates on 32-bit targets, and the core
        // caps the limit at u32::MAX anyway.
        if let Some(m) = self.max_cells {
            o.max_cells = whole_number(m, "maxCells", 9_007_199_254_740_991.0)? as usize;
        }
        if let Some(w) = self.warn_cells {
            o.warn_cells = whole_number(w, "warnCells", 9_007_199_254_740_991.0)? as usize;
        }
        Ok(o)
    }
}

fn grid_options(options: Option<GridOptionsArg>) -> Result<GridOptions, JsValue> {
    read_options::<GridOptionsJs>(options.map(JsValue::from), GRID_KEYS)?.to_core()
}

/// Converts with objects (not `Map`s) for maps and `null` for missing values.
pub(crate) fn to_plain_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let s = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&s)
        .map_err(|e| options_error("value", &e.to_string()))
}

/// Parameters as a JS array of `{name, value, source, rule?}`.
/// A whole number above 2^53 − 1 (e.g. a bigint seed) is written as a `bigint`.
pub(crate) fn params_js(params: &[ParamUsed]) -> Result<JsValue, JsValue> {
    let out = Array::new();
    for p in params {
        match p.value.as_u64().filter(|&v| v > 9_007_199_254_740_991) {
            Some(big) => {
                let mut q = p.clone();
                q.value = Default::default();
                let o = to_plain_js(&q)?;
                let _ = js_sys::Reflect::set(
                    &o,
                    &JsValue::from_str("value"),
                    &js_sys::BigInt::from(big).into(),
                );
                out.push(&o);
            }
            None => {
                out.push(&to_plain_js(p)?);
            }
        }
    }
    Ok(out.into())
}

/// The JS name of a clip mode.
pub(crate) fn clip_mode_name(m: ClipMode) -> &'static str {
    match m {
        ClipMode::Intersects => "intersects",
        ClipMode::CentroidInside => "centroidInside",
        ClipMode::Cut => "cut",
    }
}

fn clip_mode_from_js(v: &JsValue) -> Result<ClipMode, JsValue> {
    if absent(v) {
        return Ok(ClipMode::Intersects);
    }
    match v.as_string().as_deref() {
        Some("intersects") => Ok(ClipMode::Intersects),
        Some("centroidInside") => Ok(ClipMode::CentroidInside),
        Some("cut") => Ok(ClipMode::Cut),
        _ => Err(options_error(
            "mode",
            &format!(
                "mode must be \"intersects\", \"centroidInside\" or \"cut\" (got {})",
                v.as_string()
                    .map_or_else(|| format!("{v:?}"), |s| format!("{s:?}"))
            ),
        )),
    }
}

/// A square or hexagonal grid in projected metres with its **active** cells.
///
/// Cell ids are `row · ncol + col` (row 0 at the south, column 0 at the west). Clipping to a
/// {@link StudyArea} makes cells outside it inactive: they are absent from counts, not zeros.
/// Per-cell outputs ({@link Grid.counts}, {@link Grid.insideFraction}, {@link Grid.centroids})
/// are in the order of {@link Grid.cells}.
///
/// Grids over longitude/latitude are refused (`CrsError`, code `CRS_NOT_METRIC`): transform
/// the data first (e.g. `incidents.toCrs(3006)`).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Grid {
    pub(crate) inner: CoreGrid,
}

impl From<CoreGrid> for Grid {
    fn from(inner: CoreGrid) -> Self {
        Grid { inner }
    }
}

#[wasm_bindgen]
impl Grid {
    /// A grid over the bounding box of the points `(xs[i], ys[i])` in `crs` (projected
    /// metres). Without `cellSize` the cell size is chosen automatically (see
    /// {@link autoCellSize}); the choice is recorded in {@link Grid.paramsUsed}.
    ///
    /// Throws a `GridError` (`GRID_EMPTY`, `GRID_NOT_FINITE`, `GRID_DEGENERATE_EXTENT`,
    /// `GRID_INVALID_CELL_SIZE`, `GRID_TOO_MANY_CELLS` — checked before allocating, with the
    /// smallest workable cell size in the message and `details.minCellSize`) or a `CrsError`
    /// (`CRS_NOT_METRIC` for lon/lat).
    ///
    /// @param xs - eastings
    /// @param ys - northings
    /// @param crs - the projected CRS of the points, e.g. `3006`
    /// @param options - see {@link GridOptions}
    #[wasm_bindgen(js_name = fromPoints)]
    pub fn from_points(
        #[wasm_bindgen(unchecked_param_type = "Coordinates")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Coordinates")] ys: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CrsLike")] crs: JsValue,
        options: Option<GridOptionsArg>,
    ) -> Result<Grid, JsValue> {
        crate::hook();
        let crs = crs_from_js(&crs, "crs")?;
        let xs = coords_from_js(&xs, "xs")?;
        let ys = coords_from_js(&ys, "ys")?;
        let opts = grid_options(options)?;
        Ok(CoreGrid::from_points(&xs, &ys, crs, &opts).js()?.into())
    }

    /// A grid over the positions of `incidents` (in a projected CRS; see
    /// {@link Grid.fromPoints}).
    #[wasm_bindgen(js_name = forIncidents)]
    pub fn for_incidents(
        incidents: &Incidents,
        options: Option<GridOptionsArg>,
    ) -> Result<Grid, JsValue> {
        crate::hook();
        let opts = grid_options(options)?;
        Ok(CoreGrid::for_incidents(&incidents.inner, &opts)
            .js()?
            .into())
    }

    /// A grid over the rectangle `[minX, maxX] × [minY, maxY]` in `crs`, laid out exactly as
    /// over points with that bounding box (e.g. a study area's bounding box). Throws a
    /// `GridError` `GRID_INVALID_EXTENT` for non-finite or unordered corners.
    #[wasm_bindgen(js_name = fromExtent)]
    pub fn from_extent(
        #[wasm_bindgen(js_name = minX)] min_x: f64,
        #[wasm_bindgen(js_name = minY)] min_y: f64,
        #[wasm_bindgen(js_name = maxX)] max_x: f64,
        #[wasm_bindgen(js_name = maxY)] max_y: f64,
        #[wasm_bindgen(unchecked_param_type = "CrsLike")] crs: JsValue,
        options: Option<GridOptionsArg>,
    ) -> Result<Grid, JsValue> {
        crate::hook();
        let crs = crs_from_js(&crs, "crs")?;
        let opts = grid_options(options)?;
        Ok(
            CoreGrid::from_extent(min_x, min_y, max_x, max_y, crs, &opts)
                .js()?
                .into(),
        )
    }

    /// A new grid clipped to `studyArea`: cells outside it become inactive and each kept cell
    /// records its {@link Grid.insideFraction}. This grid is unchanged.
    ///
    /// Throws a `GridError`: `GRID_CRS_MISMATCH` (study area in another CRS),
    /// `GRID_ALREADY_CLIPPED`, `GRID_NO_CELLS_IN_STUDY_AREA`.
    ///
    /// @param mode - `"intersects"` (default), `"centroidInside"` or `"cut"`
    pub fn clip(
        &self,
        #[wasm_bindgen(js_name = studyArea)] study_area: &StudyArea,
        mode: Option<ClipModeArg>,
    ) -> Result<Grid, JsValue> {
        let mode = clip_mode_from_js(&mode.map_or(JsValue::UNDEFINED, JsValue::from))?;
        Ok(self.inner.clip(&study_area.inner, mode).js()?.into())
    }

    /// The id of the active cell containing `(x, y)`, `undefined` outside the grid or in a
    /// clipped-away cell.
    #[wasm_bindgen(js_name = cellOf)]
    pub fn cell_of(&self, x: f64, y: f64) -> Option<u32> {
        self.inner.cell_of(x, y)
    }

    /// The centres of the active cells (in {@link Grid.cells} order), in the grid's CRS.
    #[wasm_bindgen(unchecked_return_type = "Centroids")]
    pub fn centroids(&self) -> JsValue {
        let (x, y): (Vec<f64>, Vec<f64>) = self
            .inner
            .cells()
            .iter()
            .map(|c| self.inner.centroid(*c))
            .unzip();
        xy_object(&x, &y)
    }

    /// Counts the points `(xs[i], ys[i])` per active cell (with `weights`, sums them);
    /// `sum(counts) + outside` is the number of points. Throws a `GridError`
    /// (`GRID_LENGTH_MISMATCH`, `GRID_WEIGHTS_LENGTH`, `GRID_NOT_FINITE`).
    #[wasm_bindgen(unchecked_return_type = "CellCounts")]
    pub fn counts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Coordinates")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Coordinates")] ys: JsValue,
        weights: Option<CoordinatesArg>,
    ) -> Result<JsValue, JsValue> {
        let xs = coords_from_js(&xs, "xs")?;
        let ys = coords_from_js(&ys, "ys")?;
        let weights = match weights.map(JsValue::from) {
            Some(w) if !absent(&w) => Some(coords_from_js(&w, "weights")?),
            _ => None,
        };
        let c = self.inner.counts(&xs, &ys, weights.as_deref()).js()?;
        Ok(counts_js(&c))
    }

    /// Counts incidents per active cell (unweighted; pass `incidents.weights` to
    /// {@link Grid.counts} for weighted sums). Throws a `GridError` `GRID_CRS_MISMATCH` when
    /// the incidents are in another CRS than the grid.
    #[wasm_bindgen(js_name = countsFor, unchecked_return_type = "CellCounts")]
    pub fn counts_for(&self, incidents: &Incidents) -> Result<JsValue, JsValue> {
        let c = self.inner.counts_for(&incidents.inner).js()?;
        Ok(counts_js(&c))
    }

    /// The active cells as an RFC 7946 GeoJSON `FeatureCollection` in WGS 84 (lon/lat), one
    /// feature per active cell with the properties `cell`, `row`, `col`, `inside_fraction` and
    /// one per column (non-finite values are written as `null`). Cut cells are written cut.
    ///
    /// Throws a `GridError` `GRID_COLUMN_LENGTH` (a column without one value per active cell)
    /// or `GRID_DUPLICATE_COLUMN`.
    ///
    /// @param columns - e.g. `{ n: counts.counts }`
    #[wasm_bindgen(js_name = toGeoJSON)]
    pub fn to_geojson(&self, columns: Option<GridColumnsArg>) -> Result<String, JsValue> {
        let mut cols: Vec<(String, Vec<f64>)> = Vec::new();
        if let Some(c) = columns.map(JsValue::from)
            && !absent(&c)
        {
            if !c.is_object() || Array::is_array(&c) {
                return Err(options_error(
                    "columns",
                    "columns must be an object of name → numbers, e.g. { n: counts.counts }",
                ));
            }
            for entry in Object::entries(c.unchecked_ref::<Object>()).iter() {
                let entry = Array::from(&entry);
                let name = entry.get(0).as_string().unwrap_or_default();
                let values = coords_from_js(&entry.get(1), &format!("columns.{name}"))?;
                cols.push((name, values));
            }
        }
        let refs: Vec<(&str, &[f64])> = cols
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
        self.inner.to_geojson_wgs84(&refs).js()
    }

    /// `"square"` or `"hexagon"`.
    #[wasm_bindgen(getter, unchecked_return_type = "GridShape")]
    pub fn shape(&self) -> String {
        self.inner.shape().to_string()
    }

    /// The cell size in metres (square side or hexagon flat-to-flat width).
    #[wasm_bindgen(getter, js_name = cellSize)]
    pub fn cell_size(&self) -> f64 {
        self.inner.cell_size()
    }

    /// The south-west corner of cell 0's bounding box.
    #[wasm_bindgen(getter, unchecked_return_type = "GridOrigin")]
    pub fn origin(&self) -> JsValue {
        let (x, y) = self.inner.origin();
        object(&[("x", JsValue::from_f64(x)), ("y", JsValue::from_f64(y))])
    }

    /// The data extent the grid was laid over: `[minX, minY, maxX, maxY]`.
    #[wasm_bindgen(getter)]
    pub fn extent(&self) -> Float64Array {
        Float64Array::from(self.inner.extent().as_slice())
    }

    /// Number of columns.
    #[wasm_bindgen(getter)]
    pub fn ncol(&self) -> u32 {
        self.inner.ncol()
    }

    /// Number of rows.
    #[wasm_bindgen(getter)]
    pub fn nrow(&self) -> u32 {
        self.inner.nrow()
    }

    /// Number of active cells.
    #[wasm_bindgen(getter, js_name = nCells)]
    pub fn n_cells(&self) -> usize {
        self.inner.n_cells()
    }

    /// The EPSG code of the grid's CRS.
    #[wasm_bindgen(getter)]
    pub fn crs(&self) -> u32 {
        self.inner.crs().epsg()
    }

    /// Active cell ids, ascending.
    #[wasm_bindgen(getter)]
    pub fn cells(&self) -> Vec<u32> {
        self.inner.cells().to_vec()
    }

    /// Per active cell, area(cell ∩ study area) / area(cell) (1 for an unclipped grid).
    #[wasm_bindgen(getter, js_name = insideFraction)]
    pub fn inside_fraction(&self) -> Float64Array {
        Float64Array::from(self.inner.inside_fractions())
    }

    /// Every parameter with its value and provenance (cell size user/automatic with its rule,
    /// shape, origin, max cells, clip mode).
    #[wasm_bindgen(getter, js_name = paramsUsed, unchecked_return_type = "ParamUsed[]")]
    pub fn params_used(&self) -> Result<JsValue, JsValue> {
        params_js(self.inner.params_used())
    }

    /// Warnings (e.g. more cells than `warnCells`).
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.inner.warnings().to_vec()
    }

    /// A copy of this grid (used when a grid is passed inside an options object).
    #[wasm_bindgen(js_name = "__estShare", skip_typescript)]
    pub fn share(&self) -> Grid {
        self.clone()
    }

    /// The clip mode, `null` for an unclipped grid.
    #[wasm_bindgen(getter, js_name = clipMode, unchecked_return_type = "ClipMode | null")]
    pub fn clip_mode(&self) -> JsValue {
        self.inner
            .clip_mode()
            .map_or(JsValue::NULL, |m| JsValue::from_str(clip_mode_name(m)))
    }
}

fn counts_js(c: &est_core::grid::CellCounts) -> JsValue {
    object(&[
        ("counts", Float64Array::from(c.counts.as_slice()).into()),
        ("outside", JsValue::from_f64(c.outside as f64)),
        ("outsideWeight", JsValue::from_f64(c.outside_weight)),
    ])
}

/// A study area (municipality, district, EST area) as a multipolygon in a projected CRS,
/// for {@link Grid.clip} and {@link IncidentIndex.inPolygon}.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct StudyArea {
    pub(crate) inner: CoreStudyArea,
}

#[derive(Deserialize, Default)]
struct StudyAreaOptions {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    crs: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    target: JsValue,
}

#[wasm_bindgen]
impl StudyArea {
    /// Reads a GeoJSON Polygon, MultiPolygon, Feature, FeatureCollection or
    /// GeometryCollection (all polygons are combined) and transforms it to `target`.
    ///
    /// Throws a `GridError` (`GRID_STUDY_AREA_JSON`, `GRID_STUDY_AREA_NOT_POLYGON`,
    /// `GRID_STUDY_AREA_BAD_VERTEX`, `GRID_STUDY_AREA_EMPTY`) or a `CrsError` (a vertex
    /// outside the CRS's area of use, a geographic `target`).
    ///
    /// @param text - the GeoJSON text
    /// @param options - `crs` of the text (default 4326) and `target` (default 3006)
    #[wasm_bindgen(js_name = fromGeoJSON)]
    pub fn from_geojson(
        text: &str,
        options: Option<StudyAreaOptionsArg>,
    ) -> Result<StudyArea, JsValue> {
        crate::hook();
        let o: StudyAreaOptions = read_options(options.map(JsValue::from), &["crs", "target"])?;
        let crs = if absent(&o.crs) {
            Crs::WGS84
        } else {
            crs_from_js(&o.crs, "crs")?
        };
        let target = if absent(&o.target) {
            Crs::SWEREF99_TM
        } else {
            crs_from_js(&o.target, "target")?
        };
        Ok(StudyArea {
            inner: CoreStudyArea::from_geojson(text, crs, target).js()?,
        })
    }

    /// Area in square metres.
    #[wasm_bindgen(getter, js_name = areaM2)]
    pub fn area_m2(&self) -> f64 {
        self.inner.area_m2()
    }

    /// The EPSG code of the study area's coordinates.
    #[wasm_bindgen(getter)]
    pub fn crs(&self) -> u32 {
        self.inner.crs().epsg()
    }

    /// A copy (used when study areas are passed inside a plain object).
    #[wasm_bindgen(js_name = "__estShare", skip_typescript)]
    pub fn share(&self) -> StudyArea {
        self.clone()
    }
}

/// The automatic cell size (sfhotspot's `set_cell_size`) for a bounding box of
/// `widthM × heightM` metres: with `side = min(width, height)`, `floor(side/50/100)·100` when
/// that is positive, else `side/50`. Throws a `GridError` `GRID_DEGENERATE_EXTENT` when a
/// side is zero.
#[wasm_bindgen(js_name = autoCellSize)]
pub fn auto_cell_size(
    #[wasm_bindgen(js_name = widthM)] width_m: f64,
    #[wasm_bindgen(js_name = heightM)] height_m: f64,
) -> Result<f64, JsValue> {
    crate::hook();
    est_core::grid::auto_cell_size(width_m, height_m).js()
}
