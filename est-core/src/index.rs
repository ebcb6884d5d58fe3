//! Spatial index over incidents: an R-tree of `([E, N], row id)` in projected metres.
//!
//! [`IncidentIndex`] answers the four queries the analyses need — all points within a radius,
//! in a box, in a polygon, and the `k` nearest — and always returns row ids (positions in the
//! [`Incidents`](crate::incident::Incidents) store or in the slices the index was built from)
//! in a deterministic order, so results do not depend on the shape of the tree.
//!
//! The tree is rstar's bulk-loaded R\*-tree (OMT packing); every query filters its candidates
//! with the exact predicate, so the results equal a linear scan (the property tests check
//! this against a brute-force oracle, as rstar's own nearest-neighbour tests do).
//!
//! ```
//! use est_core::index::IncidentIndex;
//!
//! let x = [0.0, 100.0, 100.0, 500.0];
//! let y = [0.0, 0.0, 100.0, 500.0];
//! let index = IncidentIndex::from_points(&x, &y)?;
//! assert_eq!(index.within_radius(0.0, 0.0, 100.0)?, vec![0, 1]);
//! assert_eq!(index.in_bbox(50.0, -10.0, 150.0, 150.0)?, vec![1, 2]);
//! let nearest = index.nearest(90.0, 0.0, 2)?;
//! assert_eq!(nearest[0].0, 1);
//! assert!((nearest[0].1 - 10.0).abs() < 1e-12);
//! # Ok::<(), est_core::index::IndexError>(())
//! ```

use geo::{BoundingRect, Intersects, MultiPolygon, Point};
use rstar::primitives::GeomWithData;
use rstar::{AABB, RTree};

use crate::crs::CrsError;
use crate::incident::Incidents;

/// Errors from building or querying an [`IncidentIndex`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndexError {
    /// x and y slices of different lengths.
    #[error("spatial index: x and y have different lengths (got {x_len} and {y_len})")]
    LengthMismatch {
        /// Length of x.
        x_len: usize,
        /// Length of y.
        y_len: usize,
    },
    /// A point to index is NaN or infinite.
    #[error("spatial index: point {index} is not finite (got x={x}, y={y})")]
    NotFinite {
        /// Zero-based row of the point.
        index: usize,
        /// x as given.
        x: f64,
        /// y as given.
        y: f64,
    },
    /// More points than a `u32` row id can address.
    #[error("spatial index: too many points (got {n}): at most {max} can be indexed", max = u32::MAX)]
    TooManyPoints {
        /// Number of points given.
        n: usize,
    },
    /// A query location that is NaN or infinite.
    #[error("spatial index query: location is not finite (got x={x}, y={y})")]
    InvalidQueryPoint {
        /// x as given.
        x: f64,
        /// y as given.
        y: f64,
    },
    /// A radius that is negative, NaN or infinite.
    #[error("spatial index query: invalid radius (got {radius_m} m): must be finite and ≥ 0")]
    InvalidRadius {
        /// Radius as given, metres.
        radius_m: f64,
    },
    /// A box whose corners are not finite or not ordered.
    #[error(
        "spatial index query: invalid box (got min=({min_x}, {min_y}), max=({max_x}, {max_y})): \
         corners must be finite with min ≤ max on both axes"
    )]
    InvalidBox {
        /// West edge.
        min_x: f64,
        /// South edge.
        min_y: f64,
        /// East edge.
        max_x: f64,
        /// North edge.
        max_y: f64,
    },
    /// `k = 0` nearest neighbours asked for.
    #[error("spatial index query: invalid k (got {k}): ask for at least one nearest neighbour")]
    InvalidK {
        /// k as given.
        k: usize,
    },
}

impl IndexError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            IndexError::LengthMismatch { .. } => "INDEX_LENGTH_MISMATCH",
            IndexError::NotFinite { .. } => "INDEX_NOT_FINITE",
            IndexError::TooManyPoints { .. } => "INDEX_TOO_MANY_POINTS",
            IndexError::InvalidQueryPoint { .. } => "INDEX_INVALID_QUERY_POINT",
            IndexError::InvalidRadius { .. } => "INDEX_INVALID_RADIUS",
            IndexError::InvalidBox { .. } => "INDEX_INVALID_BOX",
            IndexError::InvalidK { .. } => "INDEX_INVALID_K",
        }
    }
}

type Entry = GeomWithData<[f64; 2], u32>;

/// An R-tree over points in projected metres, each carrying its row id.
///
/// Build it from [`Incidents`] with [`IncidentIndex::new`] or from coordinate slices with
/// [`IncidentIndex::from_points`]; row ids are the positions in that input. Every query
/// returns row ids in a documented, deterministic order.
#[derive(Debug, Clone)]
pub struct IncidentIndex {
    tree: RTree<Entry>,
}

/// Squared Euclidean distance, computed the same way everywhere in this module.
#[inline]
fn dist2(a: [f64; 2], b: [f64; 2]) -> f64 {
    let dx = a[0] - b[0];
    let dy = a[1] - b[1];
    dx * dx + dy * dy
}

/// A small absolute allowance for envelope pruning, so that a point exactly on a search
/// boundary is never pruned by the rounding of `x ± r`; the exact predicate is applied after.
#[inline]
fn slack(x: f64, y: f64, r: f64) -> f64 {
    (x.abs() + y.abs() + r) * 4.0 * f64::EPSILON
}

impl IncidentIndex {
    /// Indexes the positions of `incidents`; row ids are their positions in the store.
    ///
    /// # Errors
    /// [`CrsError::NotMetric`] when the incidents are in longitude/latitude: distances in
    /// degrees are meaningless, transform them first (e.g. with
    /// [`Incidents::to_metric`](crate::incident::Incidents::to_metric)).
    ///
    /// Incident stores are limited far below `u32::MAX` rows by their own string storage;
    /// rows beyond that limit would not be indexed.
    ///
    /// # Examples
    /// ```
    /// use est_core::crs::Crs;
    /// use est_core::incident::Incidents;
    /// use est_core::index::IncidentIndex;
    /// use est_core::taxonomy::Taxonomy;
    ///
    /// let empty = Incidents::empty(Taxonomy::default(), Crs::SWEREF99_TM);
    /// assert!(IncidentIndex::new(&empty)?.is_empty());
    /// let lonlat = Incidents::empty(Taxonomy::default(), Crs::WGS84);
    /// assert_eq!(IncidentIndex::new(&lonlat).unwrap_err().code(), "CRS_NOT_METRIC");
    /// # Ok::<(), est_core::crs::CrsError>(())
    /// ```
    pub fn new(incidents: &Incidents) -> Result<Self, CrsError> {
        incidents.crs().require_metric("spatial index")?;
        let entries: Vec<Entry> = incidents
            .x()
            .iter()
            .zip(incidents.y())
            .enumerate()
            .filter_map(|(i, (&x, &y))| {
                let id = u32::try_from(i).ok()?;
                (x.is_finite() && y.is_finite()).then(|| GeomWithData::new([x, y], id))
            })
            .collect();
        Ok(IncidentIndex {
            tree: RTree::bulk_load(entries),
        })
    }

    /// Indexes the points `(x[i], y[i])` (projected metres); row id `i`.
    ///
    /// # Errors
    /// [`IndexError::LengthMismatch`], [`IndexError::NotFinite`] (naming the first bad row),
    /// [`IndexError::TooManyPoints`] above `u32::MAX` points.
    pub fn from_points(x: &[f64], y: &[f64]) -> Result<Self, IndexError> {
        if x.len() != y.len() {
            return Err(IndexError::LengthMismatch {
                x_len: x.len(),
                y_len: y.len(),
            });
        }
        if u32::try_from(x.len()).is_err() {
            return Err(IndexError::TooManyPoints { n: x.len() });
        }
        let mut entries = Vec::with_capacity(x.len());
        for (i, (&px, &py)) in x.iter().zip(y).enumerate() {
            if !px.is_finite() || !py.is_finite() {
                return Err(IndexError::NotFinite {
                    index: i,
                    x: px,
                    y: py,
                });
            }
            let id = u32::try_from(i).map_err(|_| IndexError::TooManyPoints { n: x.len() })?;
            entries.push(GeomWithData::new([px, py], id));
        }
        Ok(IncidentIndex {
            tree: RTree::bulk_load(entries),
        })
    }

    /// Number of indexed points.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Row ids of the points at Euclidean distance `d ≤ radius_m` from `(x, y)`, ascending.
    ///
    /// `d² = (xᵢ − x)² + (yᵢ − y)²` is compared with `radius_m²`, so a point exactly on the
    /// circle is included. A radius of 0 returns the points at exactly `(x, y)`.
    ///
    /// # Errors
    /// [`IndexError::InvalidQueryPoint`], [`IndexError::InvalidRadius`] (negative, NaN or
    /// infinite).
    pub fn within_radius(&self, x: f64, y: f64, radius_m: f64) -> Result<Vec<u32>, IndexError> {
        check_point(x, y)?;
        if !radius_m.is_finite() || radius_m < 0.0 {
            return Err(IndexError::InvalidRadius { radius_m });
        }
        let pad = radius_m + slack(x, y, radius_m);
        let env = AABB::from_corners([x - pad, y - pad], [x + pad, y + pad]);
        let r2 = radius_m * radius_m;
        let mut out: Vec<u32> = self
            .tree
            .locate_in_envelope(&env)
            .filter(|e| dist2(*e.geom(), [x, y]) <= r2)
            .map(|e| e.data)
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    /// Row ids of the points with `min_x ≤ x ≤ max_x` and `min_y ≤ y ≤ max_y`, ascending.
    ///
    /// # Errors
    /// [`IndexError::InvalidBox`] when a corner is not finite or `min > max`.
    pub fn in_bbox(
        &self,
        min_x: f64,
        min_y: f64,
        max_x: f64,
        max_y: f64,
    ) -> Result<Vec<u32>, IndexError> {
        let finite = [min_x, min_y, max_x, max_y].iter().all(|v| v.is_finite());
        if !finite || min_x > max_x || min_y > max_y {
            return Err(IndexError::InvalidBox {
                min_x,
                min_y,
                max_x,
                max_y,
            });
        }
        Ok(self.bbox_ids(min_x, min_y, max_x, max_y))
    }

    fn bbox_ids(&self, min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Vec<u32> {
        let env = AABB::from_corners([min_x, min_y], [max_x, max_y]);
        let mut out: Vec<u32> = self
            .tree
            .locate_in_envelope(&env)
            .filter(|e| {
                let [px, py] = *e.geom();
                px >= min_x && px <= max_x && py >= min_y && py <= max_y
            })
            .map(|e| e.data)
            .collect();
        out.sort_unstable();
        out
    }

    /// Row ids of the points inside `area` or on its boundary, ascending.
    ///
    /// The candidates are the points in the area's bounding box; each is then tested with
    /// geo's `Intersects` (closed polygons: boundary points count). An empty multipolygon
    /// selects nothing.
    pub fn in_polygon(&self, area: &MultiPolygon<f64>) -> Vec<u32> {
        let Some(rect) = area.bounding_rect() else {
            return Vec::new();
        };
        let (lo, hi) = (rect.min(), rect.max());
        let env = AABB::from_corners([lo.x, lo.y], [hi.x, hi.y]);
        let mut out: Vec<u32> = self
            .tree
            .locate_in_envelope(&env)
            .filter(|e| {
                let [px, py] = *e.geom();
                area.intersects(&Point::new(px, py))
            })
            .map(|e| e.data)
            .collect();
        out.sort_unstable();
        out
    }

    /// The `k` nearest points to `(x, y)` as `(row id, distance in metres)`, by ascending
    /// distance; equal distances are ordered by row id. Fewer than `k` when the index holds
    /// fewer points.
    ///
    /// # Errors
    /// [`IndexError::InvalidQueryPoint`], [`IndexError::InvalidK`] for `k = 0`.
    pub fn nearest(&self, x: f64, y: f64, k: usize) -> Result<Vec<(u32, f64)>, IndexError> {
        check_point(x, y)?;
        if k == 0 {
            return Err(IndexError::InvalidK { k });
        }
        let q = [x, y];
        // Walk the tree in distance order; once k are collected keep taking points whose
        // distance ties the k-th (with a rounding allowance) so ties can be ordered by id.
        let mut found: Vec<(f64, u32)> = Vec::with_capacity(k.min(self.len()) + 4);
        let mut kth: Option<f64> = None;
        for e in self.tree.nearest_neighbor_iter(&q) {
            let d2 = dist2(*e.geom(), q);
            if let Some(limit) = kth
                && d2 > limit * (1.0 + 8.0 * f64::EPSILON) + f64::MIN_POSITIVE
            {
                break;
            }
            found.push((d2, e.data));
            if kth.is_none() && found.len() == k {
                kth = Some(d2);
            }
        }
        found.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        found.truncate(k);
        Ok(found.into_iter().map(|(d2, id)| (id, d2.sqrt())).collect())
    }
}

fn check_point(x: f64, y: f64) -> Result<(), IndexError> {
    if x.is_finite() && y.is_finite() {
        Ok(())
    } else {
        Err(IndexError::InvalidQueryPoint { x, y })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn idx() -> IncidentIndex {
        let x = [0.0, 1.0, 1.0, 2.0, 2.0, 10.0];
        let y = [0.0, 0.0, 0.0, 2.0, 0.0, 10.0];
        IncidentIndex::from_points(&x, &y).unwrap()
    }

    #[test]
    fn errors_carry_values() {
        assert_eq!(
            IncidentIndex::from_points(&[1.0], &[]).unwrap_err(),
            IndexError::LengthMismatch { x_len: 1, y_len: 0 }
        );
        let e = IncidentIndex::from_points(&[1.0, f64::NAN], &[1.0, 2.0]).unwrap_err();
        assert_eq!(e.code(), "INDEX_NOT_FINITE");
        assert!(e.to_string().contains("point 1"), "{e}");
        let i = idx();
        assert_eq!(
            i.within_radius(0.0, 0.0, -1.0).unwrap_err().code(),
            "INDEX_INVALID_RADIUS"
        );
        assert_eq!(
            i.within_radius(0.0, 0.0, f64::NAN).unwrap_err().code(),
            "INDEX_INVALID_RADIUS"
        );
        assert_eq!(
            i.within_radius(f64::NAN, 0.0, 1.0).unwrap_err().code(),
            "INDEX_INVALID_QUERY_POINT"
        );
        assert_eq!(
            i.nearest(0.0, 0.0, 0).unwrap_err(),
            IndexError::InvalidK { k: 0 }
        );
        assert_eq!(
            i.in_bbox(1.0, 0.0, 0.0, 1.0).unwrap_err().code(),
            "INDEX_INVALID_BOX"
        );
    }

    #[test]
    fn radius_is_inclusive_and_sorted() {
        let i = idx();
        assert_eq!(i.within_radius(0.0, 0.0, 1.0).unwrap(), vec![0, 1, 2]);
        assert_eq!(i.within_radius(0.0, 0.0, 0.0).unwrap(), vec![0]);
        assert_eq!(i.within_radius(1.0, 0.0, 0.0).unwrap(), vec![1, 2]);
        assert_eq!(i.in_bbox(1.0, 0.0, 2.0, 0.0).unwrap(), vec![1, 2, 4]);
    }

    #[test]
    fn nearest_breaks_ties_by_id() {
        let i = idx();
        let n = i.nearest(1.0, 0.0, 3).unwrap();
        assert_eq!(n, vec![(1, 0.0), (2, 0.0), (0, 1.0)]);
        // 0 and 4 tie at distance 1: the smaller id comes first.
        let n = i.nearest(1.0, 0.0, 4).unwrap();
        assert_eq!(n.iter().map(|p| p.0).collect::<Vec<_>>(), vec![1, 2, 0, 4]);
        assert_eq!(i.nearest(0.0, 0.0, 100).unwrap().len(), 6);
        let empty = IncidentIndex::from_points(&[], &[]).unwrap();
        assert!(empty.is_empty() && empty.nearest(0.0, 0.0, 1).unwrap().is_empty());
    }

    #[test]
    fn polygon_includes_boundary() {
        let i = idx();
        let sq = MultiPolygon::new(vec![polygon![
            (x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0)
        ]]);
        assert_eq!(i.in_polygon(&sq), vec![0, 1, 2, 3, 4]);
        assert!(i.in_polygon(&MultiPolygon::new(vec![])).is_empty());
    }
}
