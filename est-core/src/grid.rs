//! Square and hexagonal grids in projected metres: automatic cell size, size guard, clipping
//! to a study area, point → cell assignment, counts and GeoJSON export.
//!
//! Method reference §2.1–2.3.
//!
//! # Layout
//!
//! A grid has `ncol × nrow` cells of size `L` (the side of a square, or the flat-to-flat
//! width of a pointy-topped hexagon) with cell id `row · ncol + col`, row 0 at the south and
//! column 0 at the west. Over a data extent `[min E, max E] × [min N, max N]` the centre of
//! cell 0 is `(min E, min N)`, as in `sf::st_make_grid` / sfhotspot:
//!
//! * **Square:** origin (south-west corner of cell 0) `(min E − L/2, min N − L/2)`,
//!   `ncol = ⌊(max E − E₀)/L⌋ + 1`, `nrow = ⌊(max N − N₀)/L⌋ + 1` (the convention of the
//!   baseline scripts). Cell `(c, r)` is the half-open square
//!   `[E₀ + c·L, E₀ + (c+1)·L) × [N₀ + r·L, N₀ + (r+1)·L)`, so every point belongs to exactly
//!   one cell.
//! * **Hexagon:** pointy-topped, edge `s = L/√3`, area `(√3/2)·L²`; rows are `1.5·s` apart and
//!   odd rows are shifted half a cell west. Centre of `(c, r)`:
//!   `(E₀ + L/2 + c·L − (r odd ? L/2 : 0), N₀ + s + 1.5·s·r)` with origin
//!   `(min E − L/2, min N − s)`. Points are assigned with axial coordinates and cube
//!   rounding (the nearest centre). `ncol = ⌊w/L⌋ + 2`, `nrow = ⌊(h + s)/(1.5·s)⌋ + 2`, and
//!   cells that do not touch the extent are left inactive. Cell-for-cell agreement with sf's
//!   hexagon layout is not a goal.
//!
//! # Active cells
//!
//! A grid keeps the list of its **active** cells ([`Grid::cells`], ascending ids). Clipping to a
//! [`StudyArea`] removes cells outside it: they are absent from counts and statistics, not
//! zeros. Per-cell outputs ([`Grid::counts`], [`Grid::inside_fractions`]) are indexed by
//! position in that list ("active index"); [`Grid::index_of`] maps a point to it.
//!
//! # Example
//!
//! ```
//! use est_core::crs::Crs;
//! use est_core::grid::{Grid, GridOptions};
//!
//! let x = [674_000.0, 676_000.0, 681_000.0, 679_500.0];
//! let y = [6_580_000.0, 6_585_000.0, 6_581_000.0, 6_590_000.0];
//! let grid = Grid::from_points(&x, &y, Crs::SWEREF99_TM, &GridOptions::default())?;
//! // min side 7 000 m → ⌊7000/50/100⌋·100 = 100 m
//! assert_eq!(grid.cell_size(), 100.0);
//! assert_eq!(grid.origin(), (673_950.0, 6_579_950.0));
//! let counts = grid.counts(&x, &y, None)?;
//! assert_eq!(counts.counts.iter().sum::<f64>(), 4.0);
//! assert_eq!(counts.outside, 0);
//! # Ok::<(), est_core::grid::GridError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use geo::orient::{Direction, Orient};
use geo::{
    Area, BooleanOps, BoundingRect, Coord, Intersects, LineString, MultiPolygon, Point, Polygon,
    Rect,
};
use rstar::primitives::Line as RLine;
use rstar::{AABB, RTree};
use serde::{Deserialize, Serialize};

use crate::crs::{Crs, CrsError, transform};
use crate::incident::Incidents;
use crate::params::{ParamUsed, Source};

/// Default upper limit on the number of cells (an est choice, method reference §2.1: about
/// 40 MB of per-cell index at most).
pub const DEFAULT_MAX_CELLS: usize = 10_000_000;
/// Default number of cells above which a warning is returned (sfhotspot's threshold).
pub const DEFAULT_WARN_CELLS: usize = 100_000;
/// The name of the automatic cell-size rule, as recorded in [`Grid::params_used`].
pub const AUTO_CELL_SIZE_RULE: &str = "min_side/50, floor to 100 m";

const SQRT3: f64 = 1.732_050_807_568_877_2;

/// Errors from grid construction, clipping, counting and export.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GridError {
    /// No points to build a grid over.
    #[error("cannot build a grid over no points: give at least one incident or an explicit extent")]
    Empty,
    /// The automatic cell size needs an extent with two non-zero sides.
    #[error(
        "cannot choose a cell size automatically: the points span {width_m} m × {height_m} m \
         (one point, or all on one horizontal or vertical line); give an explicit cell size"
    )]
    DegenerateExtent {
        /// East–west extent of the points, metres.
        width_m: f64,
        /// North–south extent of the points, metres.
        height_m: f64,
    },
    /// A cell size that is zero, negative, NaN or infinite.
    #[error("invalid cell size (got {cell_m} m): must be a positive, finite number of metres")]
    InvalidCellSize {
        /// The cell size given, metres.
        cell_m: f64,
    },
    /// The grid would have more cells than allowed.
    #[error("{}", too_many_message(*cells, *cell_m, *width_m, *height_m, *max_cells, *min_cell_m))]
    TooManyCells {
        /// Number of cells the grid would have.
        cells: u64,
        /// Cell size asked for (or chosen automatically), metres.
        cell_m: f64,
        /// East–west extent, metres.
        width_m: f64,
        /// North–south extent, metres.
        height_m: f64,
        /// The limit ([`GridOptions::max_cells`], never above `u32::MAX`).
        max_cells: usize,
        /// The smallest cell size (rounded up to a whole metre, or to a millimetre below 1 m)
        /// that keeps the grid within the limit; `None` when no cell size can.
        min_cell_m: Option<f64>,
    },
    /// An extent that is not finite or whose minimum exceeds its maximum.
    #[error(
        "invalid extent (got min=({min_x}, {min_y}), max=({max_x}, {max_y})): corners must be \
         finite with min ≤ max on both axes"
    )]
    InvalidExtent {
        /// West edge.
        min_x: f64,
        /// South edge.
        min_y: f64,
        /// East edge.
        max_x: f64,
        /// North edge.
        max_y: f64,
    },
    /// A point that is NaN or infinite.
    #[error("grid: point {index} is not finite (got x={x}, y={y})")]
    NotFinite {
        /// Zero-based row of the point.
        index: usize,
        /// x as given.
        x: f64,
        /// y as given.
        y: f64,
    },
    /// x and y slices of different lengths.
    #[error("grid: x and y have different lengths (got {x_len} and {y_len})")]
    LengthMismatch {
        /// Length of x.
        x_len: usize,
        /// Length of y.
        y_len: usize,
    },
    /// Weights whose length differs from the number of points.
    #[error("grid: {points} points but {weights} weights; give one weight per point")]
    WeightsLength {
        /// Number of points.
        points: usize,
        /// Number of weights.
        weights: usize,
    },
    /// A coordinate problem: lon/lat where metres are needed ([`CrsError::NotMetric`]), or a
    /// study-area vertex or cell corner that cannot be transformed.
    #[error(transparent)]
    Crs(#[from] CrsError),
    /// Data or a study area in another CRS than the grid.
    #[error("the {what} is in {data} but the grid is in {grid}; transform it to the grid's CRS")]
    CrsMismatch {
        /// What was passed ("incidents", "study area").
        what: String,
        /// The grid's CRS.
        grid: Crs,
        /// The CRS of what was passed.
        data: Crs,
    },
    /// The study-area text is not valid GeoJSON.
    #[error("cannot read the study area as GeoJSON: {message}")]
    StudyAreaJson {
        /// The parser's message.
        message: String,
    },
    /// A study-area geometry that is not a polygon.
    #[error("the study area must be made of Polygon or MultiPolygon geometries (got {found})")]
    StudyAreaNotPolygon {
        /// The GeoJSON type found.
        found: String,
    },
    /// A study-area vertex that is NaN, infinite or has fewer than two coordinates.
    #[error("study area: vertex {index} is not a finite (x, y) position (got {value})")]
    StudyAreaBadVertex {
        /// Zero-based vertex number, counting through all rings.
        index: usize,
        /// The position as text.
        value: String,
    },
    /// A study area with no polygon or zero area.
    #[error("the study area has no area (got {polygons} polygon(s), {area_m2} m²)")]
    StudyAreaEmpty {
        /// Number of polygons read.
        polygons: usize,
        /// Their total area, square metres.
        area_m2: f64,
    },
    /// No active cell overlaps the study area.
    #[error(
        "no grid cell overlaps the study area (grid extent {min_x}…{max_x} E, {min_y}…{max_y} N): \
         check that the study area and the data cover the same place"
    )]
    NoCellsInStudyArea {
        /// West edge of the grid.
        min_x: f64,
        /// South edge of the grid.
        min_y: f64,
        /// East edge of the grid.
        max_x: f64,
        /// North edge of the grid.
        max_y: f64,
    },
    /// Clipping a grid that is already clipped.
    #[error("the grid is already clipped ({mode}); clip the original grid instead")]
    AlreadyClipped {
        /// The existing clip mode.
        mode: ClipMode,
    },
    /// An export column whose length is not the number of active cells.
    #[error("column {name:?} has {len} values but the grid has {n_cells} active cells")]
    ColumnLength {
        /// Column name.
        name: String,
        /// Its length.
        len: usize,
        /// Number of active cells.
        n_cells: usize,
    },
    /// An export column named like a built-in property or another column.
    #[error(
        "column name {name:?} is used twice or clashes with a built-in property \
         (cell, row, col, inside_fraction)"
    )]
    DuplicateColumn {
        /// The name.
        name: String,
    },
    /// Serialising the GeoJSON failed.
    #[error("cannot write GeoJSON: {message}")]
    Export {
        /// The serialiser's message.
        message: String,
    },
}

fn too_many_message(
    cells: u64,
    cell_m: f64,
    width_m: f64,
    height_m: f64,
    max_cells: usize,
    min_cell_m: Option<f64>,
) -> String {
    let head = format!(
        "a grid of {cell_m} m cells over {width_m:.0} m × {height_m:.0} m would have {cells} \
         cells, more than max_cells = {max_cells}"
    );
    match min_cell_m {
        Some(m) => format!("{head}: use a cell size of at least {m} m, or raise max_cells"),
        None => format!("{head}: raise max_cells"),
    }
}

impl GridError {
    /// Stable machine-readable code. [`GridError::Crs`] gives the wrapped
    /// [`CrsError::code`] (e.g. `"CRS_NOT_METRIC"`).
    pub fn code(&self) -> &'static str {
        match self {
            GridError::Empty => "GRID_EMPTY",
            GridError::DegenerateExtent { .. } => "GRID_DEGENERATE_EXTENT",
            GridError::InvalidCellSize { .. } => "GRID_INVALID_CELL_SIZE",
            GridError::TooManyCells { .. } => "GRID_TOO_MANY_CELLS",
            GridError::InvalidExtent { .. } => "GRID_INVALID_EXTENT",
            GridError::NotFinite { .. } => "GRID_NOT_FINITE",
            GridError::LengthMismatch { .. } => "GRID_LENGTH_MISMATCH",
            GridError::WeightsLength { .. } => "GRID_WEIGHTS_LENGTH",
            GridError::Crs(e) => e.code(),
            GridError::CrsMismatch { .. } => "GRID_CRS_MISMATCH",
            GridError::StudyAreaJson { .. } => "GRID_STUDY_AREA_JSON",
            GridError::StudyAreaNotPolygon { .. } => "GRID_STUDY_AREA_NOT_POLYGON",
            GridError::StudyAreaBadVertex { .. } => "GRID_STUDY_AREA_BAD_VERTEX",
            GridError::StudyAreaEmpty { .. } => "GRID_STUDY_AREA_EMPTY",
            GridError::NoCellsInStudyArea { .. } => "GRID_NO_CELLS_IN_STUDY_AREA",
            GridError::AlreadyClipped { .. } => "GRID_ALREADY_CLIPPED",
            GridError::ColumnLength { .. } => "GRID_COLUMN_LENGTH",
            GridError::DuplicateColumn { .. } => "GRID_DUPLICATE_COLUMN",
            GridError::Export { .. } => "GRID_EXPORT",
        }
    }
}

/// The cell shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridShape {
    /// Squares of side `L` (the default, as in sfhotspot).
    #[default]
    Square,
    /// Pointy-topped hexagons, `L` = distance between opposite edges
    /// (`sf::st_make_grid(square = FALSE)`).
    Hexagon,
}

impl fmt::Display for GridShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GridShape::Square => "square",
            GridShape::Hexagon => "hexagon",
        })
    }
}

/// How a grid is clipped to a study area (method reference §2.3). Every mode records each
/// kept cell's `inside_fraction` = area(cell ∩ study area) / area(cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClipMode {
    /// Keep whole cells whose interior overlaps the study area (inside fraction > 0; a cell
    /// that only touches the boundary along an edge or at a corner is dropped). What sfhotspot
    /// does for its hull.
    Intersects,
    /// Keep whole cells whose centre lies inside the study area or on its boundary.
    CentroidInside,
    /// Keep the cells that overlap, cut to the study area: their geometry (in the GeoJSON
    /// export) and area shrink. What sfhotspot's `hotspot_clip` does.
    Cut,
}

impl fmt::Display for ClipMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClipMode::Intersects => "intersects",
            ClipMode::CentroidInside => "centroid_inside",
            ClipMode::Cut => "cut",
        })
    }
}

/// Options for building a grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GridOptions {
    /// Cell shape; default [`GridShape::Square`] (sfhotspot's default).
    pub shape: GridShape,
    /// Cell size in metres (square side, or hexagon flat-to-flat width); `None` (default)
    /// chooses it with sfhotspot's `set_cell_size` rule ([`AUTO_CELL_SIZE_RULE`]).
    pub cell_size_m: Option<f64>,
    /// Fail above this many cells; default [`DEFAULT_MAX_CELLS`] = 10 000 000 (an est
    /// choice). Cell ids are `u32`, so values above `u32::MAX` act as `u32::MAX`.
    pub max_cells: usize,
    /// Warn above this many cells; default [`DEFAULT_WARN_CELLS`] = 100 000 (sfhotspot's
    /// threshold).
    pub warn_cells: usize,
}

impl Default for GridOptions {
    fn default() -> Self {
        GridOptions {
            shape: GridShape::Square,       // sfhotspot
            cell_size_m: None,              // automatic, sfhotspot's rule
            max_cells: DEFAULT_MAX_CELLS,   // est (method reference §2.1)
            warn_cells: DEFAULT_WARN_CELLS, // sfhotspot
        }
    }
}

impl GridOptions {
    /// Sets the cell shape.
    pub fn with_shape(mut self, shape: GridShape) -> Self {
        self.shape = shape;
        self
    }

    /// Sets an explicit cell size in metres.
    pub fn with_cell_size(mut self, cell_size_m: f64) -> Self {
        self.cell_size_m = Some(cell_size_m);
        self
    }

    /// Sets the maximum number of cells.
    pub fn with_max_cells(mut self, max_cells: usize) -> Self {
        self.max_cells = max_cells;
        self
    }

    /// Sets the number of cells above which a warning is returned.
    pub fn with_warn_cells(mut self, warn_cells: usize) -> Self {
        self.warn_cells = warn_cells;
        self
    }
}

/// The automatic cell size of sfhotspot's `set_cell_size` for a bounding box of
/// `width_m × height_m`: with `side = min(width, height)`, `L = ⌊side/50/100⌋·100` when that
/// is positive, else `L = side/50`.
///
/// # Errors
/// [`GridError::DegenerateExtent`] when `side` is zero (or not a positive finite number).
///
/// # Examples
/// ```
/// use est_core::grid::auto_cell_size;
///
/// assert_eq!(auto_cell_size(31_674.2, 28_558.27)?, 500.0); // Memphis, method reference §2.1
/// assert_eq!(auto_cell_size(4_000.0, 3_000.0)?, 60.0); // under 5 km: side/50, unrounded
/// assert!(auto_cell_size(1_000.0, 0.0).is_err());
/// # Ok::<(), est_core::grid::GridError>(())
/// ```
pub fn auto_cell_size(width_m: f64, height_m: f64) -> Result<f64, GridError> {
    let side = width_m.min(height_m);
    if !(side.is_finite() && side > 0.0) {
        return Err(GridError::DegenerateExtent { width_m, height_m });
    }
    let hundreds = (side / 50.0 / 100.0).floor();
    Ok(if hundreds > 0.0 {
        hundreds * 100.0
    } else {
        side / 50.0
    })
}

/// Number of columns and rows (as floats, before any allocation) for a grid of `shape` and
/// cell size `l` over the extent `[min_x, max_x] × [min_y, max_y]`.
fn dims(shape: GridShape, l: f64, min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> (f64, f64) {
    match shape {
        GridShape::Square => {
            let x0 = min_x - l / 2.0;
            let y0 = min_y - l / 2.0;
            (
                ((max_x - x0) / l).floor() + 1.0,
                ((max_y - y0) / l).floor() + 1.0,
            )
        }
        GridShape::Hexagon => {
            let s = l / SQRT3;
            (
                ((max_x - min_x) / l).floor() + 2.0,
                ((max_y - min_y + s) / (1.5 * s)).floor() + 2.0,
            )
        }
    }
}

fn n_cells_for(shape: GridShape, l: f64, ext: [f64; 4]) -> f64 {
    let (c, r) = dims(shape, l, ext[0], ext[1], ext[2], ext[3]);
    c * r
}

/// The smallest "nice" cell size at which the grid has at most `max` cells.
fn min_fitting_cell(shape: GridShape, l: f64, ext: [f64; 4], max: f64) -> Option<f64> {
    let span = (ext[2] - ext[0]).max(ext[3] - ext[1]).max(l);
    let mut hi = 4.0 * span + 1.0;
    let fits = n_cells_for(shape, hi, ext) <= max;
    if !fits {
        return None;
    }
    let mut lo = l;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if n_cells_for(shape, mid, ext) <= max {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let nice = if hi >= 1.0 {
        hi.ceil()
    } else {
        (hi * 1000.0).ceil() / 1000.0
    };
    Some(if n_cells_for(shape, nice, ext) <= max {
        nice
    } else {
        hi
    })
}

/// A study area (municipality, district, EST area) as a multipolygon in a projected CRS.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyArea {
    area: MultiPolygon<f64>,
    crs: Crs,
}

impl StudyArea {
    /// A study area from a multipolygon whose coordinates are in `crs` (projected metres).
    ///
    /// # Errors
    /// [`GridError::Crs`] ([`CrsError::NotMetric`]) for a geographic CRS,
    /// [`GridError::StudyAreaBadVertex`] for a non-finite vertex, and
    /// [`GridError::StudyAreaEmpty`] when the area is zero.
    pub fn new(area: MultiPolygon<f64>, crs: Crs) -> Result<StudyArea, GridError> {
        crs.require_metric("a study area")?;
        let vertices = area.0.iter().flat_map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .flat_map(|r| r.0.iter())
        });
        for (index, c) in vertices.enumerate() {
            if !c.x.is_finite() || !c.y.is_finite() {
                return Err(GridError::StudyAreaBadVertex {
                    index,
                    value: format!("[{}, {}]", c.x, c.y),
                });
            }
        }
        let area_m2 = area.unsigned_area();
        if area_m2.is_nan() || area_m2 <= 0.0 {
            return Err(GridError::StudyAreaEmpty {
                polygons: area.0.len(),
                area_m2,
            });
        }
        Ok(StudyArea { area, crs })
    }

    /// Reads a GeoJSON Polygon, MultiPolygon, Feature, FeatureCollection or
    /// GeometryCollection (all polygons are combined) whose coordinates are in `crs_of_text`,
    /// and transforms every vertex to `target` with [`crate::crs::transform`].
    ///
    /// RFC 7946 GeoJSON is WGS 84 longitude/latitude, so `crs_of_text` is usually
    /// [`Crs::WGS84`]; files written by GIS software in SWEREF 99 TM pass
    /// [`Crs::SWEREF99_TM`].
    ///
    /// # Errors
    /// [`GridError::StudyAreaJson`], [`GridError::StudyAreaNotPolygon`] (points, lines, a
    /// feature without geometry), [`GridError::StudyAreaBadVertex`], [`GridError::Crs`] for a
    /// vertex outside the CRS's area of use or a geographic `target`, and
    /// [`GridError::StudyAreaEmpty`].
    ///
    /// # Examples
    /// ```
    /// use est_core::crs::Crs;
    /// use est_core::grid::StudyArea;
    ///
    /// let text = r#"{"type": "Polygon", "coordinates": [[[18.05, 59.32], [18.08, 59.32],
    ///     [18.08, 59.34], [18.05, 59.34], [18.05, 59.32]]]}"#;
    /// let area = StudyArea::from_geojson(text, Crs::WGS84, Crs::SWEREF99_TM)?;
    /// assert!((area.area_m2() - 3.78e6).abs() < 0.05e6); // about 1.7 km × 2.2 km
    /// # Ok::<(), est_core::grid::GridError>(())
    /// ```
    pub fn from_geojson(text: &str, crs_of_text: Crs, target: Crs) -> Result<StudyArea, GridError> {
        target.require_metric("a study area")?;
        let gj: geojson::GeoJson =
            text.parse()
                .map_err(|e: geojson::Error| GridError::StudyAreaJson {
                    message: e.to_string(),
                })?;
        let mut values: Vec<&geojson::GeometryValue> = Vec::new();
        match &gj {
            geojson::GeoJson::Geometry(g) => collect_values(g, &mut values),
            geojson::GeoJson::Feature(f) => collect_feature(f, &mut values)?,
            geojson::GeoJson::FeatureCollection(fc) => {
                for f in &fc.features {
                    collect_feature(f, &mut values)?;
                }
            }
        }
        let mut vertex = 0usize;
        let mut polygons = Vec::new();
        for value in values {
            let rings_list: Vec<&geojson::PolygonType> = match value {
                geojson::GeometryValue::Polygon { coordinates } => vec![coordinates],
                geojson::GeometryValue::MultiPolygon { coordinates } => {
                    coordinates.iter().collect()
                }
                other => {
                    return Err(GridError::StudyAreaNotPolygon {
                        found: other.type_name().to_string(),
                    });
                }
            };
            for rings in rings_list {
                let mut converted = Vec::with_capacity(rings.len());
                for ring in rings {
                    let mut coords = Vec::with_capacity(ring.len());
                    for pos in ring {
                        let p = pos.as_slice();
                        let (Some(&x), Some(&y)) = (p.first(), p.get(1)) else {
                            return Err(GridError::StudyAreaBadVertex {
                                index: vertex,
                                value: format!("{p:?}"),
                            });
                        };
                        if !x.is_finite() || !y.is_finite() {
                            return Err(GridError::StudyAreaBadVertex {
                                index: vertex,
                                value: format!("{p:?}"),
                            });
                        }
                        let (tx, ty) = transform(x, y, crs_of_text, target).map_err(|e| {
                            GridError::Crs(CrsError::AtIndex {
                                index: vertex,
                                source: Box::new(e),
                            })
                        })?;
                        coords.push(Coord { x: tx, y: ty });
                        vertex += 1;
                    }
                    converted.push(LineString::new(coords));
                }
                let mut it = converted.into_iter();
                if let Some(exterior) = it.next() {
                    polygons.push(Polygon::new(exterior, it.collect()));
                }
            }
        }
        StudyArea::new(MultiPolygon::new(polygons), target)
    }

    /// The multipolygon, in [`StudyArea::crs`].
    pub fn area(&self) -> &MultiPolygon<f64> {
        &self.area
    }

    /// The CRS of the coordinates.
    pub fn crs(&self) -> Crs {
        self.crs
    }

    /// Area in square metres.
    pub fn area_m2(&self) -> f64 {
        self.area.unsigned_area()
    }
}

fn collect_feature<'a>(
    f: &'a geojson::Feature,
    out: &mut Vec<&'a geojson::GeometryValue>,
) -> Result<(), GridError> {
    match &f.geometry {
        Some(g) => {
            collect_values(g, out);
            Ok(())
        }
        None => Err(GridError::StudyAreaNotPolygon {
            found: "Feature without geometry".into(),
        }),
    }
}

fn collect_values<'a>(g: &'a geojson::Geometry, out: &mut Vec<&'a geojson::GeometryValue>) {
    match &g.value {
        geojson::GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                collect_values(g, out);
            }
        }
        v => out.push(v),
    }
}

/// Counts (or weighted sums) per active cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellCounts {
    /// Per active cell (in [`Grid::cells`] order): the number of points, or the sum of their
    /// weights when weights were given.
    pub counts: Vec<f64>,
    /// Points outside every active cell (outside the grid, or in a clipped-away cell).
    pub outside: usize,
    /// Sum of the weights of those points (their number when unweighted).
    pub outside_weight: f64,
}

/// A square or hexagonal grid in projected metres with its active cells.
///
/// Build it with [`Grid::from_points`], [`Grid::for_incidents`] or [`Grid::from_extent`];
/// clip it with [`Grid::clip`]. Serialising gives the metadata (shape, cell size, origin,
/// dimensions, number of active cells, CRS, extent, clip mode, parameters and warnings), not
/// the cell list or geometries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    shape: GridShape,
    cell_size_m: f64,
    origin: (f64, f64),
    ncol: u32,
    nrow: u32,
    crs: Crs,
    /// Data extent the grid was laid over: [min_x, min_y, max_x, max_y].
    extent: [f64; 4],
    /// Number of active cells (serialised instead of the cell list).
    n_cells: usize,
    /// Active cell ids, ascending.
    #[serde(skip)]
    cells: Vec<u32>,
    /// Per active cell, area(cell ∩ study area) / area(cell); 1 when unclipped.
    #[serde(skip)]
    inside_fraction: Vec<f64>,
    /// Full cell id → active index (`u32::MAX` = inactive); `None` when every cell is active.
    #[serde(skip)]
    slot: Option<Vec<u32>>,
    clip_mode: Option<ClipMode>,
    /// Cut geometries of boundary cells (Cut mode), keyed by cell id.
    #[serde(skip)]
    cut: BTreeMap<u32, MultiPolygon<f64>>,
    params_used: Vec<ParamUsed>,
    warnings: Vec<String>,
}

const INACTIVE: u32 = u32::MAX;

impl Grid {
    /// A grid over the bounding box of the points `(x[i], y[i])` in `crs` (projected metres).
    ///
    /// The cell size is `options.cell_size_m` or, when `None`, sfhotspot's rule
    /// ([`auto_cell_size`]); the origin is `(min x − L/2, min y − L/2)` (squares) — see the
    /// [module docs](self) for the layout.
    ///
    /// # Reference implementation
    /// sfhotspot 1.0.0 `set_cell_size` and `create_grid` (✔ code read): same cell size and
    /// origin. sfhotspot keeps only the cells touching the points' convex hull buffered by
    /// `L/2`; est keeps the whole rectangle (clip with [`Grid::clip`]).
    ///
    /// # Errors
    /// [`GridError::Crs`] (lon/lat data), [`GridError::LengthMismatch`],
    /// [`GridError::NotFinite`], [`GridError::Empty`], [`GridError::DegenerateExtent`]
    /// (automatic size with a zero side), [`GridError::InvalidCellSize`],
    /// [`GridError::TooManyCells`] (checked before allocating).
    pub fn from_points(
        x: &[f64],
        y: &[f64],
        crs: Crs,
        options: &GridOptions,
    ) -> Result<Grid, GridError> {
        crs.require_metric("a grid")?;
        if x.len() != y.len() {
            return Err(GridError::LengthMismatch {
                x_len: x.len(),
                y_len: y.len(),
            });
        }
        let mut ext = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for (index, (&px, &py)) in x.iter().zip(y).enumerate() {
            if !px.is_finite() || !py.is_finite() {
                return Err(GridError::NotFinite {
                    index,
                    x: px,
                    y: py,
                });
            }
            ext = [
                ext[0].min(px),
                ext[1].min(py),
                ext[2].max(px),
                ext[3].max(py),
            ];
        }
        if x.is_empty() {
            return Err(GridError::Empty);
        }
        Grid::build(ext, crs, options)
    }

    /// A grid over the positions of `incidents` (see [`Grid::from_points`]).
    ///
    /// # Errors
    /// As [`Grid::from_points`]; [`CrsError::NotMetric`] (wrapped) for lon/lat incidents.
    pub fn for_incidents(incidents: &Incidents, options: &GridOptions) -> Result<Grid, GridError> {
        Grid::from_points(incidents.x(), incidents.y(), incidents.crs(), options)
    }

    /// A grid over the rectangle `[min_x, max_x] × [min_y, max_y]`, laid out exactly as over
    /// points with that bounding box (e.g. a study area's bounding box).
    ///
    /// # Errors
    /// [`GridError::InvalidExtent`] and the errors of [`Grid::from_points`].
    ///
    /// # Examples
    /// ```
    /// use est_core::crs::Crs;
    /// use est_core::grid::{Grid, GridOptions, GridShape};
    ///
    /// let opts = GridOptions::default().with_cell_size(250.0);
    /// let g = Grid::from_extent(670_000.0, 6_580_000.0, 672_000.0, 6_581_000.0, Crs::SWEREF99_TM, &opts)?;
    /// assert_eq!((g.ncol(), g.nrow(), g.n_cells()), (9, 5, 45));
    /// assert_eq!(g.cell_of(670_000.0, 6_580_000.0), Some(0));
    ///
    /// let hex = Grid::from_extent(
    ///     670_000.0, 6_580_000.0, 672_000.0, 6_581_000.0, Crs::SWEREF99_TM,
    ///     &opts.with_shape(GridShape::Hexagon),
    /// )?;
    /// assert_eq!(hex.centroid(0), (670_000.0, 6_580_000.0));
    /// # Ok::<(), est_core::grid::GridError>(())
    /// ```
    pub fn from_extent(
        min_x: f64,
        min_y: f64,
        max_x: f64,
        max_y: f64,
        crs: Crs,
        options: &GridOptions,
    ) -> Result<Grid, GridError> {
        crs.require_metric("a grid")?;
        let finite = [min_x, min_y, max_x, max_y].iter().all(|v| v.is_finite());
        if !finite || min_x > max_x || min_y > max_y {
            return Err(GridError::InvalidExtent {
                min_x,
                min_y,
                max_x,
                max_y,
            });
        }
        Grid::build([min_x, min_y, max_x, max_y], crs, options)
    }

    fn build(ext: [f64; 4], crs: Crs, options: &GridOptions) -> Result<Grid, GridError> {
        let [min_x, min_y, max_x, max_y] = ext;
        let (width_m, height_m) = (max_x - min_x, max_y - min_y);
        let mut params = Vec::new();
        let l = match options.cell_size_m {
            Some(l) => {
                if !(l.is_finite() && l > 0.0) {
                    return Err(GridError::InvalidCellSize { cell_m: l });
                }
                params.push(ParamUsed::new("cell_size_m", l, Source::User));
                l
            }
            None => {
                let l = auto_cell_size(width_m, height_m)?;
                params.push(ParamUsed::new(
                    "cell_size_m",
                    l,
                    Source::Auto {
                        rule: AUTO_CELL_SIZE_RULE.to_string(),
                    },
                ));
                l
            }
        };
        let shape = options.shape;
        let (ncol_f, nrow_f) = dims(shape, l, min_x, min_y, max_x, max_y);
        let cells_f = ncol_f * nrow_f;
        let max_cells = options.max_cells.min(u32::MAX as usize);
        if !cells_f.is_finite() || cells_f > max_cells as f64 {
            return Err(GridError::TooManyCells {
                cells: if cells_f.is_finite() {
                    cells_f as u64
                } else {
                    u64::MAX
                },
                cell_m: l,
                width_m,
                height_m,
                max_cells,
                min_cell_m: min_fitting_cell(shape, l, ext, max_cells as f64),
            });
        }
        // Bounded by max_cells ≤ u32::MAX above, so these conversions are exact.
        let (ncol, nrow) = (ncol_f as u32, nrow_f as u32);
        let total = ncol_f as u64 * nrow_f as u64;
        let mut warnings = Vec::new();
        if total > options.warn_cells as u64 {
            warnings.push(format!(
                "the grid has {total} cells of {l} m (more than {}); a larger cell size gives \
                 faster and steadier results",
                options.warn_cells
            ));
        }
        let origin = match shape {
            GridShape::Square => (min_x - l / 2.0, min_y - l / 2.0),
            GridShape::Hexagon => (min_x - l / 2.0, min_y - l / SQRT3),
        };
        params.push(ParamUsed::new(
            "shape",
            shape.to_string(),
            if shape == GridShape::default() {
                Source::Default
            } else {
                Source::User
            },
        ));
        params.push(ParamUsed::new(
            "origin",
            vec![origin.0, origin.1],
            Source::Auto {
                rule: match shape {
                    GridShape::Square => "bbox min − L/2 (st_make_grid)".to_string(),
                    GridShape::Hexagon => {
                        "bbox min − (L/2, L/√3): cell 0 centred on bbox min".to_string()
                    }
                },
            },
        ));
        params.push(ParamUsed::new(
            "max_cells",
            options.max_cells,
            if options.max_cells == DEFAULT_MAX_CELLS {
                Source::Default
            } else {
                Source::User
            },
        ));
        let mut grid = Grid {
            shape,
            cell_size_m: l,
            origin,
            ncol,
            nrow,
            crs,
            extent: ext,
            n_cells: 0,
            cells: Vec::new(),
            inside_fraction: Vec::new(),
            slot: None,
            clip_mode: None,
            cut: BTreeMap::new(),
            params_used: params,
            warnings,
        };
        let total = ncol.saturating_mul(nrow);
        match shape {
            GridShape::Square => {
                grid.cells = (0..total).collect();
            }
            GridShape::Hexagon => {
                // Leave inactive the margin cells that do not touch the (slightly widened)
                // extent; every point of the extent lies in an active cell.
                let eps = l * 1e-9
                    + (min_x.abs().max(max_x.abs()) + min_y.abs().max(max_y.abs())) * 1e-13;
                let rect = Rect::new(
                    Coord {
                        x: min_x - eps,
                        y: min_y - eps,
                    },
                    Coord {
                        x: max_x + eps,
                        y: max_y + eps,
                    },
                );
                let (hw, hh) = (l / 2.0, l / SQRT3);
                grid.cells = (0..total)
                    .filter(|&id| {
                        let (cx, cy) = grid.centroid(id);
                        if cx + hw < rect.min().x
                            || cx - hw > rect.max().x
                            || cy + hh < rect.min().y
                            || cy - hh > rect.max().y
                        {
                            return false;
                        }
                        let inside = cx >= rect.min().x
                            && cx <= rect.max().x
                            && cy >= rect.min().y
                            && cy <= rect.max().y;
                        inside || grid.cell_polygon(id).intersects(&rect)
                    })
                    .collect();
            }
        }
        grid.inside_fraction = vec![1.0; grid.cells.len()];
        grid.rebuild_slot();
        Ok(grid)
    }

    fn rebuild_slot(&mut self) {
        self.n_cells = self.cells.len();
        let total = self.ncol as usize * self.nrow as usize;
        if self.cells.len() == total {
            self.slot = None;
        } else {
            let mut slot = vec![INACTIVE; total];
            for (i, &c) in self.cells.iter().enumerate() {
                if let Some(s) = slot.get_mut(c as usize) {
                    *s = i as u32;
                }
            }
            self.slot = Some(slot);
        }
    }

    /// The cell shape.
    pub fn shape(&self) -> GridShape {
        self.shape
    }

    /// The cell size `L` in metres (square side or hexagon flat-to-flat width).
    pub fn cell_size(&self) -> f64 {
        self.cell_size_m
    }

    /// The south-west corner of cell 0's bounding box, `(E₀, N₀)`.
    pub fn origin(&self) -> (f64, f64) {
        self.origin
    }

    /// Number of columns.
    pub fn ncol(&self) -> u32 {
        self.ncol
    }

    /// Number of rows.
    pub fn nrow(&self) -> u32 {
        self.nrow
    }

    /// Number of **active** cells (after clipping; for hexagons, without the margin cells
    /// that do not touch the extent).
    pub fn n_cells(&self) -> usize {
        self.cells.len()
    }

    /// The grid's CRS.
    pub fn crs(&self) -> Crs {
        self.crs
    }

    /// The data extent the grid was laid over, `[min_x, min_y, max_x, max_y]`.
    pub fn extent(&self) -> [f64; 4] {
        self.extent
    }

    /// Every parameter with its value and provenance (cell size user/automatic, shape,
    /// origin, max cells, clip mode).
    pub fn params_used(&self) -> &[ParamUsed] {
        &self.params_used
    }

    /// Warnings (e.g. more than [`GridOptions::warn_cells`] cells).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The clip mode, `None` for an unclipped grid.
    pub fn clip_mode(&self) -> Option<ClipMode> {
        self.clip_mode
    }

    /// Active cell ids, ascending. Per-cell outputs are in this order.
    pub fn cells(&self) -> &[u32] {
        &self.cells
    }

    /// Per active cell, `area(cell ∩ study area) / area(cell)` (1 for an unclipped grid).
    pub fn inside_fractions(&self) -> &[f64] {
        &self.inside_fraction
    }

    /// Position of `cell` in [`Grid::cells`], `None` when it is inactive or not in the grid.
    pub fn active_index(&self, cell: u32) -> Option<usize> {
        if cell >= self.ncol.saturating_mul(self.nrow) {
            return None;
        }
        match &self.slot {
            None => Some(cell as usize),
            Some(slot) => slot
                .get(cell as usize)
                .filter(|&&s| s != INACTIVE)
                .map(|&s| s as usize),
        }
    }

    /// `(row, col)` of a cell id (`row = id / ncol`, `col = id % ncol`).
    pub fn row_col(&self, cell: u32) -> (u32, u32) {
        let ncol = self.ncol.max(1);
        (cell / ncol, cell % ncol)
    }

    /// Area of a full cell in m²: `L²` or `(√3/2)·L²`.
    pub fn cell_area(&self) -> f64 {
        let l = self.cell_size_m;
        match self.shape {
            GridShape::Square => l * l,
            GridShape::Hexagon => SQRT3 / 2.0 * l * l,
        }
    }

    /// Per active cell, the area inside the study area in m² (`inside_fraction · cell area`):
    /// the denominator for densities per km² in [`ClipMode::Cut`] (method reference §2.3).
    pub fn active_areas(&self) -> Vec<f64> {
        let a = self.cell_area();
        self.inside_fraction.iter().map(|f| f * a).collect()
    }

    /// The cell id containing `(x, y)` in the full grid, active or not.
    fn locate(&self, x: f64, y: f64) -> Option<u32> {
        let l = self.cell_size_m;
        let (x0, y0) = self.origin;
        let (col, row) = match self.shape {
            GridShape::Square => (((x - x0) / l).floor(), ((y - y0) / l).floor()),
            GridShape::Hexagon => {
                let s = l / SQRT3;
                let px = x - (x0 + l / 2.0);
                let py = y - (y0 + s);
                let rf = py / (1.5 * s);
                let qf = px / l - rf / 2.0;
                let (q, r) = cube_round(qf, rf);
                // Odd rows are shifted half a cell west: col = q + ⌈r/2⌉.
                (q + ((r + 1.0) / 2.0).floor(), r)
            }
        };
        // NaN fails both comparisons and is rejected here.
        if !(col >= 0.0 && row >= 0.0 && col < f64::from(self.ncol) && row < f64::from(self.nrow)) {
            return None;
        }
        let (col, row) = (col as u32, row as u32);
        Some(row * self.ncol + col)
    }

    /// The id of the active cell containing `(x, y)`; `None` outside the grid or in an
    /// inactive (clipped-away) cell. Squares are half-open (west and south edges belong to the
    /// cell); hexagons assign the nearest centre (cube rounding), ties resolved consistently.
    pub fn cell_of(&self, x: f64, y: f64) -> Option<u32> {
        let id = self.locate(x, y)?;
        self.active_index(id).map(|_| id)
    }

    /// The active index (position in [`Grid::cells`]) of the cell containing `(x, y)`.
    pub fn index_of(&self, x: f64, y: f64) -> Option<usize> {
        self.active_index(self.locate(x, y)?)
    }

    /// Centre of a cell, `(E, N)`. Ids outside the grid give the centre the cell would have.
    pub fn centroid(&self, cell: u32) -> (f64, f64) {
        let (row, col) = self.row_col(cell);
        let (x0, y0) = self.origin;
        let l = self.cell_size_m;
        let (c, r) = (f64::from(col), f64::from(row));
        match self.shape {
            GridShape::Square => (x0 + (c + 0.5) * l, y0 + (r + 0.5) * l),
            GridShape::Hexagon => {
                let s = l / SQRT3;
                let shift = if row % 2 == 1 { l / 2.0 } else { 0.0 };
                (x0 + l / 2.0 + c * l - shift, y0 + s + 1.5 * s * r)
            }
        }
    }

    /// The full cell as a polygon with a counter-clockwise exterior (not cut to the study
    /// area; see [`Grid::cell_geometry`]).
    pub fn cell_polygon(&self, cell: u32) -> Polygon<f64> {
        let (cx, cy) = self.centroid(cell);
        let l = self.cell_size_m;
        let coords: Vec<Coord<f64>> = match self.shape {
            GridShape::Square => {
                let h = l / 2.0;
                vec![
                    Coord {
                        x: cx - h,
                        y: cy - h,
                    },
                    Coord {
                        x: cx + h,
                        y: cy - h,
                    },
                    Coord {
                        x: cx + h,
                        y: cy + h,
                    },
                    Coord {
                        x: cx - h,
                        y: cy + h,
                    },
                ]
            }
            GridShape::Hexagon => {
                let (h, s) = (l / 2.0, l / SQRT3);
                vec![
                    Coord {
                        x: cx + h,
                        y: cy - s / 2.0,
                    },
                    Coord {
                        x: cx + h,
                        y: cy + s / 2.0,
                    },
                    Coord { x: cx, y: cy + s },
                    Coord {
                        x: cx - h,
                        y: cy + s / 2.0,
                    },
                    Coord {
                        x: cx - h,
                        y: cy - s / 2.0,
                    },
                    Coord { x: cx, y: cy - s },
                ]
            }
        };
        Polygon::new(LineString::new(coords), Vec::new())
    }

    /// The cell's geometry as used by the grid: cut to the study area in [`ClipMode::Cut`],
    /// else the full cell.
    pub fn cell_geometry(&self, cell: u32) -> MultiPolygon<f64> {
        match self.cut.get(&cell) {
            Some(g) => g.clone(),
            None => MultiPolygon::new(vec![self.cell_polygon(cell)]),
        }
    }

    /// Counts the points `(x[i], y[i])` per active cell; with `weights`, sums them instead.
    ///
    /// `Σ counts + outside = N` (and likewise for weights).
    ///
    /// # Errors
    /// [`GridError::LengthMismatch`], [`GridError::WeightsLength`], [`GridError::NotFinite`].
    pub fn counts(
        &self,
        x: &[f64],
        y: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<CellCounts, GridError> {
        if x.len() != y.len() {
            return Err(GridError::LengthMismatch {
                x_len: x.len(),
                y_len: y.len(),
            });
        }
        if let Some(w) = weights
            && w.len() != x.len()
        {
            return Err(GridError::WeightsLength {
                points: x.len(),
                weights: w.len(),
            });
        }
        let mut out = CellCounts {
            counts: vec![0.0; self.cells.len()],
            outside: 0,
            outside_weight: 0.0,
        };
        for (index, (&px, &py)) in x.iter().zip(y).enumerate() {
            if !px.is_finite() || !py.is_finite() {
                return Err(GridError::NotFinite {
                    index,
                    x: px,
                    y: py,
                });
            }
            let w = weights.and_then(|w| w.get(index)).copied().unwrap_or(1.0);
            match self.index_of(px, py).and_then(|i| out.counts.get_mut(i)) {
                Some(c) => *c += w,
                None => {
                    out.outside += 1;
                    out.outside_weight += w;
                }
            }
        }
        Ok(out)
    }

    /// Counts incidents per active cell (unweighted; use [`Grid::counts`] with
    /// `Some(incidents.weights())` for weighted sums).
    ///
    /// # Errors
    /// [`GridError::CrsMismatch`] when the incidents are in another CRS than the grid.
    pub fn counts_for(&self, incidents: &Incidents) -> Result<CellCounts, GridError> {
        if incidents.crs() != self.crs {
            return Err(GridError::CrsMismatch {
                what: "incidents".into(),
                grid: self.crs,
                data: incidents.crs(),
            });
        }
        self.counts(incidents.x(), incidents.y(), None)
    }

    /// The grid's outer bounds `[min_x, min_y, max_x, max_y]` (all cells, active or not).
    pub fn bounds(&self) -> [f64; 4] {
        let l = self.cell_size_m;
        let (x0, y0) = self.origin;
        match self.shape {
            GridShape::Square => [
                x0,
                y0,
                x0 + f64::from(self.ncol) * l,
                y0 + f64::from(self.nrow) * l,
            ],
            GridShape::Hexagon => {
                let s = l / SQRT3;
                let rows = f64::from(self.nrow.saturating_sub(1));
                [
                    x0 - l / 2.0,
                    y0,
                    x0 + f64::from(self.ncol) * l,
                    y0 + 2.0 * s + 1.5 * s * rows,
                ]
            }
        }
    }

    /// Clips the grid to a study area: cells outside it become inactive (removed from counts
    /// and statistics, not zeros), and each kept cell records its `inside_fraction`.
    ///
    /// * [`ClipMode::Intersects`]: keeps cells with `inside_fraction > 0`.
    /// * [`ClipMode::CentroidInside`]: keeps cells whose centre is inside or on the boundary.
    /// * [`ClipMode::Cut`]: keeps cells with `inside_fraction > 0` and cuts their geometry.
    ///
    /// Cells with no study-area edge in their bounding box are classified by their centre
    /// alone; the others are intersected with geo's `BooleanOps` (i_overlay).
    ///
    /// # Errors
    /// [`GridError::CrsMismatch`], [`GridError::AlreadyClipped`],
    /// [`GridError::NoCellsInStudyArea`].
    ///
    /// # Examples
    /// ```
    /// use est_core::crs::Crs;
    /// use est_core::grid::{ClipMode, Grid, GridOptions, StudyArea};
    /// use geo::{MultiPolygon, polygon};
    ///
    /// let opts = GridOptions::default().with_cell_size(100.0);
    /// let grid = Grid::from_extent(500_050.0, 6_500_050.0, 500_950.0, 6_500_950.0, Crs::SWEREF99_TM, &opts)?;
    /// assert_eq!(grid.n_cells(), 100);
    /// // a triangle over the lower-left half of the grid
    /// let tri = polygon![(x: 500_000.0, y: 6_500_000.0), (x: 501_000.0, y: 6_500_000.0),
    ///                    (x: 500_000.0, y: 6_501_000.0)];
    /// let area = StudyArea::new(MultiPolygon::new(vec![tri]), Crs::SWEREF99_TM)?;
    /// let cut = grid.clip(&area, ClipMode::Cut)?;
    /// assert_eq!(cut.n_cells(), 55); // 45 whole cells + 10 halves on the diagonal
    /// let total: f64 = cut.active_areas().iter().sum();
    /// assert!((total - 500_000.0).abs() < 1e-3);
    /// let centres = grid.clip(&area, ClipMode::CentroidInside)?;
    /// assert_eq!(centres.n_cells(), 55); // diagonal centres lie on the boundary
    /// # Ok::<(), est_core::grid::GridError>(())
    /// ```
    pub fn clip(&self, area: &StudyArea, mode: ClipMode) -> Result<Grid, GridError> {
        if area.crs() != self.crs {
            return Err(GridError::CrsMismatch {
                what: "study area".into(),
                grid: self.crs,
                data: area.crs(),
            });
        }
        if let Some(existing) = self.clip_mode {
            return Err(GridError::AlreadyClipped { mode: existing });
        }
        let mp = area.area();
        let Some(abox) = mp.bounding_rect() else {
            return Err(self.no_cells());
        };
        let segments: Vec<RLine<[f64; 2]>> =
            mp.0.iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|ring| ring.lines())
                .map(|seg| RLine::new([seg.start.x, seg.start.y], [seg.end.x, seg.end.y]))
                .collect();
        let edges = RTree::bulk_load(segments);
        let cell_area = self.cell_area();
        let mut cells = Vec::new();
        let mut fractions = Vec::new();
        let mut cut = BTreeMap::new();
        for &id in &self.cells {
            let poly = self.cell_polygon(id);
            let Some(cbox) = poly.bounding_rect() else {
                continue;
            };
            let (cmin, cmax) = (cbox.min(), cbox.max());
            let disjoint = cmax.x < abox.min().x
                || cmin.x > abox.max().x
                || cmax.y < abox.min().y
                || cmin.y > abox.max().y;
            let (cx, cy) = self.centroid(id);
            let centre_in = !disjoint && mp.intersects(&Point::new(cx, cy));
            let env = AABB::from_corners([cmin.x, cmin.y], [cmax.x, cmax.y]);
            let crossed = !disjoint && edges.locate_in_envelope_intersecting(&env).next().is_some();
            let (fraction, piece) = if disjoint {
                (0.0, None)
            } else if !crossed {
                (if centre_in { 1.0 } else { 0.0 }, None)
            } else {
                let inter = poly.intersection(mp);
                let f = (inter.unsigned_area() / cell_area).clamp(0.0, 1.0);
                (f, Some(inter))
            };
            let keep = match mode {
                ClipMode::Intersects | ClipMode::Cut => fraction > 0.0,
                ClipMode::CentroidInside => centre_in,
            };
            if keep {
                cells.push(id);
                fractions.push(fraction);
                if mode == ClipMode::Cut
                    && fraction < 1.0
                    && let Some(p) = piece
                {
                    cut.insert(id, p);
                }
            }
        }
        if cells.is_empty() {
            return Err(self.no_cells());
        }
        let mut g = self.clone();
        g.cells = cells;
        g.inside_fraction = fractions;
        g.cut = cut;
        g.clip_mode = Some(mode);
        g.params_used
            .push(ParamUsed::new("clip_mode", mode.to_string(), Source::User));
        g.rebuild_slot();
        Ok(g)
    }

    fn no_cells(&self) -> GridError {
        let [min_x, min_y, max_x, max_y] = self.bounds();
        GridError::NoCellsInStudyArea {
            min_x,
            min_y,
            max_x,
            max_y,
        }
    }

    /// The active cells as an RFC 7946 GeoJSON `FeatureCollection` in WGS 84 longitude/latitude
    /// (counter-clockwise exterior rings), one feature per active cell with the properties
    /// `cell`, `row`, `col`, `inside_fraction` and one per named column (non-finite values are
    /// written as `null`). In [`ClipMode::Cut`] boundary cells are written cut.
    ///
    /// # Errors
    /// [`GridError::ColumnLength`], [`GridError::DuplicateColumn`], [`GridError::Crs`] when a
    /// cell corner falls outside the CRS's area of use, [`GridError::Export`].
    ///
    /// # Examples
    /// ```
    /// use est_core::crs::Crs;
    /// use est_core::grid::{Grid, GridOptions};
    ///
    /// let opts = GridOptions::default().with_cell_size(500.0);
    /// let grid = Grid::from_extent(674_000.0, 6_580_000.0, 675_000.0, 6_580_400.0, Crs::SWEREF99_TM, &opts)?;
    /// let n = vec![3.0; grid.n_cells()];
    /// let text = grid.to_geojson_wgs84(&[("n", &n)])?;
    /// assert!(text.starts_with(r#"{"type":"FeatureCollection""#));
    /// assert!(text.contains(r#""n":3.0"#));
    /// # Ok::<(), est_core::grid::GridError>(())
    /// ```
    pub fn to_geojson_wgs84(&self, columns: &[(&str, &[f64])]) -> Result<String, GridError> {
        const BUILT_IN: [&str; 4] = ["cell", "row", "col", "inside_fraction"];
        for (k, (name, values)) in columns.iter().enumerate() {
            if values.len() != self.cells.len() {
                return Err(GridError::ColumnLength {
                    name: (*name).to_string(),
                    len: values.len(),
                    n_cells: self.cells.len(),
                });
            }
            let clash =
                BUILT_IN.contains(name) || columns.iter().take(k).any(|(other, _)| other == name);
            if clash {
                return Err(GridError::DuplicateColumn {
                    name: (*name).to_string(),
                });
            }
        }
        let mut features = Vec::with_capacity(self.cells.len());
        for (i, &id) in self.cells.iter().enumerate() {
            let geometry = self.cell_geometry(id);
            let mut polys = Vec::with_capacity(geometry.0.len());
            for poly in &geometry.0 {
                let ll = self.poly_to_wgs84(poly)?.orient(Direction::Default);
                let rings: Vec<Vec<[f64; 2]>> = std::iter::once(ll.exterior())
                    .chain(ll.interiors())
                    .map(|r| r.0.iter().map(|c| [c.x, c.y]).collect())
                    .collect();
                polys.push(rings);
            }
            let value = if polys.len() == 1 {
                geojson::GeometryValue::new_polygon(polys.into_iter().flatten())
            } else {
                geojson::GeometryValue::new_multi_polygon(polys)
            };
            let (row, col) = self.row_col(id);
            let mut props = serde_json::Map::new();
            props.insert("cell".into(), id.into());
            props.insert("row".into(), row.into());
            props.insert("col".into(), col.into());
            let frac = self.inside_fraction.get(i).copied().unwrap_or(f64::NAN);
            props.insert("inside_fraction".into(), json_f64(frac));
            for (name, values) in columns {
                let v = values.get(i).copied().unwrap_or(f64::NAN);
                props.insert((*name).to_string(), json_f64(v));
            }
            features.push(geojson::Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new(value)),
                id: None,
                properties: Some(props),
                foreign_members: None,
            });
        }
        let fc = geojson::FeatureCollection::new(features);
        serde_json::to_string(&fc).map_err(|e| GridError::Export {
            message: e.to_string(),
        })
    }

    fn poly_to_wgs84(&self, poly: &Polygon<f64>) -> Result<Polygon<f64>, GridError> {
        let conv = |ring: &LineString<f64>| -> Result<LineString<f64>, GridError> {
            ring.0
                .iter()
                .map(|c| {
                    transform(c.x, c.y, self.crs, Crs::WGS84)
                        .map(|(x, y)| Coord { x, y })
                        .map_err(GridError::from)
                })
                .collect::<Result<Vec<_>, _>>()
                .map(LineString::new)
        };
        let exterior = conv(poly.exterior())?;
        let interiors = poly
            .interiors()
            .iter()
            .map(conv)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Polygon::new(exterior, interiors))
    }
}

fn json_f64(v: f64) -> serde_json::Value {
    serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// Rounds fractional axial coordinates `(q, r)` to the hexagon containing them (cube
/// rounding: round all three cube coordinates and fix the one with the largest change).
fn cube_round(qf: f64, rf: f64) -> (f64, f64) {
    let sf = -qf - rf;
    let (mut q, mut r, s) = (qf.round(), rf.round(), sf.round());
    let (dq, dr, ds) = ((q - qf).abs(), (r - rf).abs(), (s - sf).abs());
    if dq > dr && dq > ds {
        q = -r - s;
    } else if dr > ds {
        r = -q - s;
    }
    (q, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    const TM: Crs = Crs::SWEREF99_TM;

    fn opts(l: f64) -> GridOptions {
        GridOptions::default().with_cell_size(l)
    }

    #[test]
    fn auto_cell_size_rule() {
        assert_eq!(auto_cell_size(31_674.20, 28_558.27).unwrap(), 500.0);
        assert_eq!(auto_cell_size(35_246.69, 29_299.81).unwrap(), 500.0);
        assert_eq!(auto_cell_size(9_999.0, 20_000.0).unwrap(), 100.0);
        assert_eq!(auto_cell_size(4_999.0, 20_000.0).unwrap(), 4_999.0 / 50.0);
        assert_eq!(
            auto_cell_size(0.0, 10.0).unwrap_err(),
            GridError::DegenerateExtent {
                width_m: 0.0,
                height_m: 10.0
            }
        );
    }

    #[test]
    fn auto_params_are_recorded() {
        let x = [670_000.0, 680_000.0];
        let y = [6_580_000.0, 6_590_000.0];
        let g = Grid::from_points(&x, &y, TM, &GridOptions::default()).unwrap();
        assert_eq!(g.cell_size(), 200.0);
        let p = &g.params_used()[0];
        assert_eq!(p.name, "cell_size_m");
        assert_eq!(
            p.source,
            Source::Auto {
                rule: AUTO_CELL_SIZE_RULE.into()
            }
        );
        let g = Grid::from_points(&x, &y, TM, &opts(250.0)).unwrap();
        assert_eq!(g.params_used()[0].source, Source::User);
        let json = serde_json::to_value(&g).unwrap();
        assert_eq!(json["shape"], "square");
        assert_eq!(json["params_used"][0]["source"], "user");
        assert_eq!(json["n_cells"], g.n_cells());
        assert!(json.get("cells").is_none());
    }

    #[test]
    fn errors() {
        let one = Grid::from_points(&[670_000.0], &[6_580_000.0], TM, &GridOptions::default());
        assert_eq!(one.unwrap_err().code(), "GRID_DEGENERATE_EXTENT");
        let one = Grid::from_points(&[670_000.0], &[6_580_000.0], TM, &opts(100.0)).unwrap();
        assert_eq!((one.ncol(), one.nrow()), (1, 1));
        assert_eq!(
            Grid::from_points(&[], &[], TM, &opts(1.0)).unwrap_err(),
            GridError::Empty
        );
        let e = Grid::from_points(&[18.0], &[59.0], Crs::WGS84, &opts(1.0)).unwrap_err();
        assert_eq!(e.code(), "CRS_NOT_METRIC");
        for bad in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            let e = Grid::from_points(&[1.0], &[1.0], TM, &opts(bad)).unwrap_err();
            assert_eq!(e.code(), "GRID_INVALID_CELL_SIZE");
        }
        let e = Grid::from_points(&[1.0, f64::NAN], &[1.0, 2.0], TM, &opts(1.0)).unwrap_err();
        assert!(
            matches!(
                e,
                GridError::NotFinite {
                    index: 1,
                    y: 2.0,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = Grid::from_extent(1.0, 0.0, 0.0, 1.0, TM, &opts(1.0)).unwrap_err();
        assert_eq!(e.code(), "GRID_INVALID_EXTENT");
    }

    #[test]
    fn too_many_cells_suggests_a_fitting_size() {
        let o = GridOptions::default()
            .with_cell_size(1.0)
            .with_max_cells(10_000);
        let e = Grid::from_extent(0.0 + 5e5, 6e6, 1000.0 + 5e5, 1000.0 + 6e6, TM, &o).unwrap_err();
        let GridError::TooManyCells {
            cells,
            min_cell_m: Some(m),
            max_cells,
            ..
        } = e.clone()
        else {
            panic!("{e:?}");
        };
        assert_eq!(cells, 1001 * 1001);
        assert_eq!(max_cells, 10_000);
        assert_eq!(m, 11.0); // 10 m gives 101 × 101 > 10 000; 11 m gives 92 × 92
        assert!(e.to_string().contains("at least 11 m"), "{e}");
        let ok = Grid::from_extent(
            5e5,
            6e6,
            5e5 + 1000.0,
            6e6 + 1000.0,
            TM,
            &o.with_cell_size(m),
        );
        assert!(ok.unwrap().n_cells() <= 10_000);
        let w = Grid::from_extent(
            5e5,
            6e6,
            5e5 + 1000.0,
            6e6 + 1000.0,
            TM,
            &opts(1.0).with_warn_cells(10),
        )
        .unwrap();
        assert_eq!(w.warnings().len(), 1);
    }

    #[test]
    fn square_cells_are_half_open() {
        let g = Grid::from_extent(
            500_000.0,
            6_500_000.0,
            500_300.0,
            6_500_200.0,
            TM,
            &opts(100.0),
        )
        .unwrap();
        assert_eq!(
            (g.origin(), g.ncol(), g.nrow()),
            ((499_950.0, 6_499_950.0), 4, 3)
        );
        assert_eq!(g.cell_of(499_950.0, 6_499_950.0), Some(0));
        assert_eq!(g.cell_of(500_050.0, 6_499_950.0), Some(1));
        assert_eq!(g.cell_of(500_050.0, 6_500_050.0), Some(5));
        assert_eq!(g.cell_of(499_949.9, 6_500_000.0), None);
        assert_eq!(g.cell_of(500_350.0, 6_500_000.0), None);
        assert_eq!(g.centroid(5), (500_100.0, 6_500_100.0));
        assert_eq!(g.row_col(5), (1, 1));
        assert_eq!(g.cell_polygon(5).unsigned_area(), 10_000.0);
    }

    #[test]
    fn hex_layout_and_assignment() {
        let o = opts(100.0).with_shape(GridShape::Hexagon);
        let g = Grid::from_extent(500_000.0, 6_500_000.0, 501_000.0, 6_500_800.0, TM, &o).unwrap();
        assert_eq!(g.centroid(0), (500_000.0, 6_500_000.0));
        let odd = g.centroid(g.ncol());
        assert!((odd.0 - 499_950.0).abs() < 1e-9);
        assert!((odd.1 - (6_500_000.0 + 150.0 / SQRT3)).abs() < 1e-9);
        assert!((g.cell_polygon(0).unsigned_area() - g.cell_area()).abs() < 1e-6);
        assert!(g.n_cells() < (g.ncol() * g.nrow()) as usize);
        for id in g.cells().iter().copied() {
            let (cx, cy) = g.centroid(id);
            assert_eq!(g.cell_of(cx, cy), Some(id));
            assert_eq!(g.cell_of(cx + 49.0, cy), Some(id));
            assert_eq!(g.cell_of(cx, cy + 57.0), Some(id));
        }
    }

    #[test]
    fn counts_and_outside() {
        let g = Grid::from_extent(
            500_000.0,
            6_500_000.0,
            500_100.0,
            6_500_100.0,
            TM,
            &opts(100.0),
        )
        .unwrap();
        let x = [500_000.0, 500_000.0, 500_100.0, 600_000.0];
        let y = [6_500_000.0, 6_500_000.0, 6_500_100.0, 6_500_000.0];
        let c = g.counts(&x, &y, None).unwrap();
        assert_eq!(c.counts, vec![2.0, 0.0, 0.0, 1.0]);
        assert_eq!((c.outside, c.outside_weight), (1, 1.0));
        let w = g.counts(&x, &y, Some(&[1.0, 2.0, 3.0, 4.0])).unwrap();
        assert_eq!(w.counts, vec![3.0, 0.0, 0.0, 3.0]);
        assert_eq!(w.outside_weight, 4.0);
        assert_eq!(
            g.counts(&x, &y, Some(&[1.0])).unwrap_err().code(),
            "GRID_WEIGHTS_LENGTH"
        );
        assert_eq!(
            g.counts(&x, &y[..2], None).unwrap_err().code(),
            "GRID_LENGTH_MISMATCH"
        );
    }

    fn square_area(x0: f64, y0: f64, x1: f64, y1: f64) -> StudyArea {
        let p = polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1)];
        StudyArea::new(MultiPolygon::new(vec![p]), TM).unwrap()
    }

    #[test]
    fn clip_modes() {
        let g = Grid::from_extent(
            500_050.0,
            6_500_050.0,
            500_350.0,
            6_500_350.0,
            TM,
            &opts(100.0),
        )
        .unwrap();
        assert_eq!(g.n_cells(), 16);
        // covers columns 0–1 fully and a quarter of column 2, rows 0–3
        let area = square_area(499_000.0, 6_499_000.0, 500_225.0, 6_501_000.0);
        let i = g.clip(&area, ClipMode::Intersects).unwrap();
        assert_eq!(i.n_cells(), 12);
        assert_eq!(i.inside_fractions().iter().filter(|&&f| f < 1.0).count(), 4);
        let c = g.clip(&area, ClipMode::CentroidInside).unwrap();
        assert_eq!(c.n_cells(), 8);
        let cut = g.clip(&area, ClipMode::Cut).unwrap();
        assert_eq!(cut.n_cells(), 12);
        let total: f64 = cut.active_areas().iter().sum();
        assert!((total - 4.0 * 225.0 * 100.0).abs() < 1e-3, "{total}");
        assert!((cut.cell_geometry(2).unsigned_area() - 2_500.0).abs() < 1e-3);
        // removed cells are outside, not zeros
        assert_eq!(cut.cell_of(500_350.0, 6_500_050.0), None);
        assert_eq!(cut.index_of(500_250.0, 6_500_150.0), Some(5));
        assert_eq!(
            cut.clip(&area, ClipMode::Cut).unwrap_err().code(),
            "GRID_ALREADY_CLIPPED"
        );
        let far = square_area(600_000.0, 6_600_000.0, 600_100.0, 6_600_100.0);
        assert_eq!(
            g.clip(&far, ClipMode::Cut).unwrap_err().code(),
            "GRID_NO_CELLS_IN_STUDY_AREA"
        );
    }

    #[test]
    fn study_area_from_geojson_forms() {
        let poly = r#"{"type":"Polygon","coordinates":[[[18.0,59.3],[18.1,59.3],[18.1,59.4],[18.0,59.3]]]}"#;
        let a = StudyArea::from_geojson(poly, Crs::WGS84, TM).unwrap();
        let feature = format!(r#"{{"type":"Feature","properties":{{}},"geometry":{poly}}}"#);
        let fc = format!(r#"{{"type":"FeatureCollection","features":[{feature}]}}"#);
        for text in [feature.as_str(), fc.as_str()] {
            let b = StudyArea::from_geojson(text, Crs::WGS84, TM).unwrap();
            assert_eq!(a, b);
        }
        let point = r#"{"type":"Point","coordinates":[18.0,59.3]}"#;
        let e = StudyArea::from_geojson(point, Crs::WGS84, TM).unwrap_err();
        assert_eq!(
            e,
            GridError::StudyAreaNotPolygon {
                found: "Point".into()
            }
        );
        let e = StudyArea::from_geojson("{", Crs::WGS84, TM).unwrap_err();
        assert_eq!(e.code(), "GRID_STUDY_AREA_JSON");
        let e = StudyArea::from_geojson(poly, Crs::WGS84, Crs::WGS84).unwrap_err();
        assert_eq!(e.code(), "CRS_NOT_METRIC");
        let swapped = poly.replace("18.0,59.3", "59.3,18.0");
        let e = StudyArea::from_geojson(&swapped, Crs::WGS84, TM).unwrap_err();
        assert_eq!(e.code(), "CRS_PROBABLE_SWAP");
        let empty = r#"{"type":"FeatureCollection","features":[]}"#;
        let e = StudyArea::from_geojson(empty, Crs::WGS84, TM).unwrap_err();
        assert_eq!(e.code(), "GRID_STUDY_AREA_EMPTY");
    }

    #[test]
    fn geojson_export_is_ccw_wgs84() {
        let g = Grid::from_extent(
            674_000.0,
            6_580_000.0,
            674_400.0,
            6_580_000.0,
            TM,
            &opts(200.0),
        )
        .unwrap();
        let n: Vec<f64> = (0..g.n_cells()).map(|i| i as f64).collect();
        let mut nan = n.clone();
        nan[0] = f64::NAN;
        let text = g.to_geojson_wgs84(&[("n", &n), ("z", &nan)]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let feats = v["features"].as_array().unwrap();
        assert_eq!(feats.len(), 3);
        assert_eq!(feats[1]["properties"]["cell"], 1);
        assert_eq!(feats[1]["properties"]["col"], 1);
        assert_eq!(feats[2]["properties"]["n"], 2.0);
        assert!(feats[0]["properties"]["z"].is_null());
        let ring = feats[0]["geometry"]["coordinates"][0].as_array().unwrap();
        let pts: Vec<(f64, f64)> = ring
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        assert_eq!(pts.first(), pts.last());
        assert!(
            (pts[0].0 - 18.0).abs() < 0.1 && (pts[0].1 - 59.3).abs() < 0.1,
            "{pts:?}"
        );
        let signed: f64 = pts
            .windows(2)
            .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
            .sum();
        assert!(signed > 0.0, "exterior ring must be counter-clockwise");
        let e = g.to_geojson_wgs84(&[("n", &n[..1])]).unwrap_err();
        assert_eq!(e.code(), "GRID_COLUMN_LENGTH");
        let e = g.to_geojson_wgs84(&[("row", &n)]).unwrap_err();
        assert_eq!(e.code(), "GRID_DUPLICATE_COLUMN");
    }

    #[test]
    fn cut_export_writes_cut_cells() {
        let g = Grid::from_extent(
            674_050.0,
            6_580_050.0,
            674_150.0,
            6_580_050.0,
            TM,
            &opts(100.0),
        )
        .unwrap();
        let area = square_area(674_000.0, 6_580_000.0, 674_150.0, 6_580_100.0);
        let cut = g.clip(&area, ClipMode::Cut).unwrap();
        assert_eq!(cut.inside_fractions(), &[1.0, 0.5]);
        let text = cut.to_geojson_wgs84(&[]).unwrap();
        assert!(text.contains(r#""inside_fraction":0.5"#), "{text}");
    }
}
