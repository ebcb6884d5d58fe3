//! The space-time cube: counts of incidents per location (grid cell or named area) and per
//! calendar period (method reference §2.4, §5.1) — the input of Mann–Kendall trends, emerging
//! hot spots and the Chainey classes.
//!
//! # Definition
//!
//! `n_{ℓ,t} = #{selected incidents in location ℓ whose instant lies in period t}` (or the
//! sum of their weights for a weighted [`Selection`]). Periods are [`Periods`] in
//! Europe/Stockholm local time; a grid cell is half-open (see [`Grid::cell_of`]); an area
//! contains the points inside it or on its boundary, and overlapping areas count a point in
//! each. Empty bins are **0**, not missing. Category and window filters apply before binning.
//!
//! # Locations
//!
//! [`LocationRule::AllCells`] keeps every active cell of the grid (with a study-area clip,
//! every in-area cell: the est recommendation for EST); [`LocationRule::WithIncidents`] keeps
//! the cells with at least one selected incident in the whole period — Esri's rule without a
//! mask (◐ Esri documentation). Areas are always all kept.
//!
//! # Partial periods
//!
//! Counting uses the whole bins of `periods`. For a partial first or last bin (coverage < 1),
//! give the selection the same window (`Selection::between`) so that only the covered part is
//! counted, and use the coverage as exposure.
//!
//! # Example
//!
//! ```
//! use est_core::grid::{Grid, GridOptions};
//! use est_core::hotspot::counts::Selection;
//! use est_core::sample::SampleTown;
//! use est_core::trend::cube::{cube_for_grid, LocationRule};
//! use est_core::trend::period::Periods;
//!
//! let town = SampleTown::new(2_000, 7).generate()?;
//! let grid = Grid::for_incidents(&town, &GridOptions::default().with_cell_size(500.0))?;
//! let (_, last) = town.time_range().unwrap();
//! let weeks = Periods::weeks_ending(last, 70)?; // the sample town's 70 weeks
//! let all = Selection::default();
//! let cube = cube_for_grid(&grid, &town, &all, &weeks, LocationRule::AllCells)?;
//! assert_eq!((cube.n_locations(), cube.n_periods()), (grid.n_cells(), 70));
//! assert_eq!(cube.totals_per_period().iter().sum::<f64>(), 2_000.0);
//! let busy = cube_for_grid(&grid, &town, &all, &weeks, LocationRule::WithIncidents)?;
//! assert!(busy.n_locations() < cube.n_locations());
//! # Ok::<(), est_core::Error>(())
//! ```

use super::TrendError;
use super::period::Periods;
use crate::Error;
use crate::crs::Crs;
use crate::grid::{Grid, GridError};
use crate::hotspot::counts::Selection;
use crate::incident::Incidents;
use geo::{BoundingRect, Centroid, Contains, Intersects, MultiPolygon, Point};
use serde::{Deserialize, Serialize};

/// The largest cube (locations × periods) built: 50 000 000 values, 400 MB (an est limit).
pub const MAX_CUBE_VALUES: u64 = 50_000_000;

/// Which grid cells become locations of the cube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationRule {
    /// Every active cell of the grid (default: with a study-area clip, every in-area cell).
    #[default]
    AllCells,
    /// Cells with at least one selected incident in the whole period (Esri's rule).
    WithIncidents,
}

/// Counts per location and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpaceTimeCube {
    /// The periods (columns).
    pub periods: Periods,
    /// One per location: the area's name or `"cell <id>"`.
    pub labels: Vec<String>,
    /// Location centroids `(E, N)` in the data CRS.
    pub xy: Vec<(f64, f64)>,
    /// Grid cell ids (`row · ncol + col`) of the locations when built from a grid.
    pub cell_ids: Option<Vec<usize>>,
    /// Location-major counts: `counts[l · T + t]`; empty bins are 0.
    pub counts: Vec<f64>,
    /// The rule that chose the locations.
    pub rule: LocationRule,
    /// CRS of `xy`.
    pub crs: Crs,
    /// Plain description of the selection (categories, window, counts or weights).
    pub selection: String,
}

impl SpaceTimeCube {
    /// Number of locations.
    pub fn n_locations(&self) -> usize {
        self.labels.len()
    }

    /// Number of periods `T`.
    pub fn n_periods(&self) -> usize {
        self.periods.len()
    }

    /// The time series of location `l` (empty when `l` is out of range).
    pub fn series(&self, l: usize) -> &[f64] {
        let t = self.n_periods();
        l.checked_mul(t)
            .and_then(|a| self.counts.get(a..a.checked_add(t)?))
            .unwrap_or(&[])
    }

    /// The counts of every location in period `t` (empty when `t` is out of range).
    pub fn slice(&self, t: usize) -> Vec<f64> {
        let n_t = self.n_periods();
        if t >= n_t {
            return Vec::new();
        }
        self.counts.iter().skip(t).step_by(n_t).copied().collect()
    }

    /// The total of each period over all locations.
    pub fn totals_per_period(&self) -> Vec<f64> {
        let n_t = self.n_periods();
        let mut out = vec![0.0; n_t];
        if n_t == 0 {
            return out;
        }
        for row in self.counts.chunks(n_t) {
            for (o, v) in out.iter_mut().zip(row) {
                *o += v;
            }
        }
        out
    }

    /// The total of each location over all periods.
    pub fn totals_per_location(&self) -> Vec<f64> {
        (0..self.n_locations())
            .map(|l| self.series(l).iter().sum())
            .collect()
    }

    /// The sum of all counts.
    pub fn total(&self) -> f64 {
        self.counts.iter().sum()
    }
}

/// A plain description of a selection, e.g. `categories: skadegorelse (with subgroups);
/// window: [2026-01-01T00:00:00+00:00, 2026-05-01T00:00:00+00:00); incidents counted`.
pub(crate) fn describe_selection(sel: &Selection, incidents: &Incidents) -> String {
    let cats = match &sel.categories {
        None => "all categories".to_string(),
        Some(ids) => {
            let tax = incidents.taxonomy();
            let codes: Vec<&str> = ids.iter().map(|&id| tax.code(id)).collect();
            format!("categories: {} (with subgroups)", codes.join(", "))
        }
    };
    let window = match (sel.from, sel.to) {
        (None, None) => "whole period".to_string(),
        (f, t) => format!(
            "window: [{}, {})",
            f.map_or("first incident".to_string(), |f| f.to_rfc3339()),
            t.map_or("after the last incident".to_string(), |t| t.to_rfc3339())
        ),
    };
    let what = if sel.weighted {
        "weights summed"
    } else {
        "incidents counted"
    };
    format!("{cats}; {window}; {what}")
}

fn too_large(n_locations: usize, n_periods: usize) -> Result<(), TrendError> {
    let n = (n_locations as u64).saturating_mul(n_periods as u64);
    if n > MAX_CUBE_VALUES {
        return Err(TrendError::TooLarge {
            what: format!("space-time cube ({n_locations} locations × {n_periods} periods)"),
            n,
            max: MAX_CUBE_VALUES,
            hint: "use larger cells, a study-area clip, LocationRule::WithIncidents or longer \
                   periods"
                .into(),
        });
    }
    Ok(())
}

/// The space-time cube of the selected incidents on the active cells of `grid`.
///
/// Locations are in [`Grid::cells`] order (ascending cell id); with
/// [`LocationRule::WithIncidents`] only cells with at least one selected incident inside the
/// periods are kept. Incidents outside the grid or the periods are not counted.
///
/// # Errors
/// [`GridError::CrsMismatch`] when the incidents are in another CRS than the grid;
/// [`TrendError::TooLarge`] above [`MAX_CUBE_VALUES`] values.
pub fn cube_for_grid(
    grid: &Grid,
    incidents: &Incidents,
    selection: &Selection,
    periods: &Periods,
    rule: LocationRule,
) -> Result<SpaceTimeCube, Error> {
    if incidents.crs() != grid.crs() {
        return Err(GridError::CrsMismatch {
            what: "incidents".into(),
            grid: grid.crs(),
            data: incidents.crs(),
        }
        .into());
    }
    let n_t = periods.len();
    // (active cell index, period, weight) of every counted incident.
    let mut hits: Vec<(usize, usize, f64)> = Vec::new();
    for (i, (&x, &y)) in incidents.x().iter().zip(incidents.y()).enumerate() {
        let Some(w) = selection.weight(incidents, i) else {
            continue;
        };
        let (Some(cell), Some(t)) = (
            grid.index_of(x, y),
            incidents.times().get(i).and_then(|&t| periods.index_of(t)),
        ) else {
            continue;
        };
        hits.push((cell, t, w));
    }
    let active = grid.cells();
    // Position of each active cell among the cube's locations.
    let (slot, kept): (Vec<Option<usize>>, Vec<usize>) = match rule {
        LocationRule::AllCells => (
            (0..active.len()).map(Some).collect(),
            (0..active.len()).collect(),
        ),
        LocationRule::WithIncidents => {
            let mut touched = vec![false; active.len()];
            for &(c, _, _) in &hits {
                if let Some(b) = touched.get_mut(c) {
                    *b = true;
                }
            }
            let mut slot = vec![None; active.len()];
            let mut kept = Vec::new();
            for (c, _) in touched.iter().enumerate().filter(|(_, b)| **b) {
                if let Some(s) = slot.get_mut(c) {
                    *s = Some(kept.len());
                }
                kept.push(c);
            }
            (slot, kept)
        }
    };
    too_large(kept.len(), n_t)?;
    let mut counts = vec![0.0; kept.len() * n_t];
    for (c, t, w) in hits {
        if let Some(v) = slot
            .get(c)
            .copied()
            .flatten()
            .and_then(|l| counts.get_mut(l * n_t + t))
        {
            *v += w;
        }
    }
    let ids: Vec<u32> = kept
        .iter()
        .filter_map(|&a| active.get(a).copied())
        .collect();
    Ok(SpaceTimeCube {
        periods: periods.clone(),
        labels: ids.iter().map(|id| format!("cell {id}")).collect(),
        xy: ids.iter().map(|&id| grid.centroid(id)).collect(),
        cell_ids: Some(ids.iter().map(|&id| id as usize).collect()),
        counts,
        rule,
        crs: grid.crs(),
        selection: describe_selection(selection, incidents),
    })
}

/// The space-time cube of the selected incidents in named areas (polygons in the incidents'
/// CRS), one location per area in the given order. A point on an area's boundary is inside
/// it; overlapping areas count a point in each (as
/// [`crate::hotspot::counts::counts_per_area`]).
///
/// # Errors
/// [`TrendError::InvalidParameter`] (`areas[i]`) for an empty polygon;
/// [`TrendError::TooLarge`] above [`MAX_CUBE_VALUES`] values.
pub fn cube_for_areas(
    areas: &[(String, MultiPolygon<f64>)],
    incidents: &Incidents,
    selection: &Selection,
    periods: &Periods,
) -> Result<SpaceTimeCube, Error> {
    let n_t = periods.len();
    too_large(areas.len(), n_t)?;
    let mut xy = Vec::with_capacity(areas.len());
    let mut boxes = Vec::with_capacity(areas.len());
    for (k, (name, poly)) in areas.iter().enumerate() {
        let (Some(c), Some(b)) = (poly.centroid(), poly.bounding_rect()) else {
            return Err(TrendError::InvalidParameter {
                name: format!("areas[{k}]"),
                value: name.clone(),
                expected: "a non-empty polygon".into(),
            }
            .into());
        };
        xy.push((c.x(), c.y()));
        boxes.push(b);
    }
    let mut counts = vec![0.0; areas.len() * n_t];
    for i in 0..incidents.len() {
        let Some(w) = selection.weight(incidents, i) else {
            continue;
        };
        let (Some(&x), Some(&y), Some(t)) = (
            incidents.x().get(i),
            incidents.y().get(i),
            incidents.times().get(i).and_then(|&t| periods.index_of(t)),
        ) else {
            continue;
        };
        let p = Point::new(x, y);
        for (l, ((_, poly), b)) in areas.iter().zip(&boxes).enumerate() {
            let in_box = x >= b.min().x && x <= b.max().x && y >= b.min().y && y <= b.max().y;
            if in_box
                && (poly.contains(&p) || poly.intersects(&p))
                && let Some(v) = counts.get_mut(l * n_t + t)
            {
                *v += w;
            }
        }
    }
    Ok(SpaceTimeCube {
        periods: periods.clone(),
        labels: areas.iter().map(|(n, _)| n.clone()).collect(),
        xy,
        cell_ids: None,
        counts,
        rule: LocationRule::AllCells,
        crs: incidents.crs(),
        selection: describe_selection(selection, incidents),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GridOptions;
    use crate::hotspot::counts::counts_per_cell;
    use crate::sample::SampleTown;
    use crate::trend::period::PeriodKind;
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;

    fn town_cube(rule: LocationRule, sel: &Selection) -> (Incidents, Grid, SpaceTimeCube) {
        let town = SampleTown::new(1_500, 3).generate().unwrap();
        let grid =
            Grid::for_incidents(&town, &GridOptions::default().with_cell_size(500.0)).unwrap();
        let (_, last) = town.time_range().unwrap();
        let weeks = Periods::weeks_ending(last, 70).unwrap();
        let cube = cube_for_grid(&grid, &town, sel, &weeks, rule).unwrap();
        (town, grid, cube)
    }

    #[test]
    fn cube_matches_counts_per_cell() {
        let (town, grid, cube) = town_cube(LocationRule::AllCells, &Selection::default());
        let flat = counts_per_cell(&grid, &town, &Selection::default()).unwrap();
        assert_eq!(cube.totals_per_location(), flat.counts);
        assert_eq!(cube.total(), 1_500.0);
        assert_eq!(cube.series(0).len(), 70);
        assert_eq!(cube.slice(3).len(), grid.n_cells());
        assert!(cube.series(cube.n_locations()).is_empty());
        assert!(cube.slice(70).is_empty());
        // One week's slice equals the per-cell counts of that week.
        let b = &cube.periods.bins[40];
        let week = Selection::default().between(b.start, b.end);
        let wk = counts_per_cell(&grid, &town, &week).unwrap();
        assert_eq!(cube.slice(40), wk.counts);
        assert_eq!(cube.cell_ids.as_ref().unwrap().len(), grid.n_cells());
        assert_eq!(cube.xy[5], grid.centroid(grid.cells()[5]));
    }

    #[test]
    fn with_incidents_keeps_only_busy_cells() {
        let sel = Selection::default();
        let (_, grid, all) = town_cube(LocationRule::AllCells, &sel);
        let (_, _, busy) = town_cube(LocationRule::WithIncidents, &sel);
        let nonzero = all
            .totals_per_location()
            .iter()
            .filter(|v| **v > 0.0)
            .count();
        assert_eq!(busy.n_locations(), nonzero);
        assert!(busy.totals_per_location().iter().all(|v| *v > 0.0));
        assert_eq!(busy.total(), all.total());
        let id = busy.cell_ids.as_ref().unwrap()[0];
        assert_eq!(busy.labels[0], format!("cell {id}"));
        let a = grid.active_index(id as u32).unwrap();
        assert_eq!(busy.series(0), all.series(a));
    }

    #[test]
    fn categories_and_weights_filter_before_binning() {
        let town = SampleTown::new(800, 5).generate().unwrap();
        let sel = Selection::default()
            .with_categories(&town, &["skadegorelse"])
            .unwrap();
        let (_, _, cube) = town_cube(LocationRule::AllCells, &sel);
        assert!(cube.total() > 0.0 && cube.total() < 1_500.0);
        assert!(cube.selection.contains("skadegorelse"));
        let (_, _, w) = town_cube(LocationRule::AllCells, &Selection::default().weighted());
        assert!(w.selection.contains("weights"));
    }

    #[test]
    fn refuses_crs_mismatch() {
        let town = SampleTown::new(200, 1).generate().unwrap();
        let wgs = town.to_crs(Crs::WGS84).unwrap();
        let grid =
            Grid::for_incidents(&town, &GridOptions::default().with_cell_size(500.0)).unwrap();
        let (_, last) = town.time_range().unwrap();
        let p = Periods::weeks_ending(last, 4).unwrap();
        let e = cube_for_grid(
            &grid,
            &wgs,
            &Selection::default(),
            &p,
            LocationRule::AllCells,
        );
        assert!(matches!(e, Err(Error::Grid(GridError::CrsMismatch { .. }))));
    }

    #[test]
    fn areas_cube_counts_points_in_polygons() {
        let town = SampleTown::new(600, 4).generate().unwrap();
        let [x0, y0, x1, y1] = {
            let g =
                Grid::for_incidents(&town, &GridOptions::default().with_cell_size(500.0)).unwrap();
            g.extent()
        };
        let xm = (x0 + x1) / 2.0;
        let rect = |a: f64, b: f64| {
            MultiPolygon::new(vec![
                geo::Rect::new(
                    geo::coord! { x: a, y: y0 - 1.0 },
                    geo::coord! { x: b, y: y1 + 1.0 },
                )
                .to_polygon(),
            ])
        };
        let areas = vec![
            ("väst".to_string(), rect(x0 - 1.0, xm)),
            ("öst".to_string(), rect(xm, x1 + 1.0)),
        ];
        let (_, last) = town.time_range().unwrap();
        let p = Periods::weeks_ending(last, 70).unwrap();
        let cube = cube_for_areas(&areas, &town, &Selection::default(), &p).unwrap();
        let on_line = town.x().iter().filter(|x| **x == xm).count() as f64;
        assert_eq!(cube.total(), 600.0 + on_line);
        assert_eq!(cube.labels, ["väst", "öst"]);
        assert!(cube.cell_ids.is_none());
        let empty = vec![("tom".to_string(), MultiPolygon::new(vec![]))];
        assert!(cube_for_areas(&empty, &town, &Selection::default(), &p).is_err());
    }

    #[test]
    fn too_large_cube_is_an_error() {
        assert!(too_large(10_000_000, 6).is_err());
        assert!(too_large(1_000, 70).is_ok());
    }

    proptest! {
        /// With every cell kept, the cube's total is the number of selected incidents inside
        /// the grid and the periods (the grid covers every incident).
        #[test]
        fn cube_total_equals_selected_incidents(
            n in 50usize..400,
            seed in 0u64..1_000,
            kind in 0usize..4,
            cell in 200f64..900.0,
            cut in 0.1f64..0.9,
        ) {
            let town = SampleTown::new(n, seed).generate().unwrap();
            let grid = Grid::for_incidents(&town, &GridOptions::default().with_cell_size(cell))
                .unwrap();
            let (first, last) = town.time_range().unwrap();
            let kinds = [PeriodKind::Day, PeriodKind::IsoWeek, PeriodKind::Month,
                         PeriodKind::Tertial];
            let periods = Periods::covering(kinds[kind], first, last + chrono::Duration::seconds(1))
                .unwrap();
            let mid = first.timestamp() + ((last - first).num_seconds() as f64 * cut) as i64;
            let from = DateTime::<Utc>::from_timestamp(mid, 0).unwrap();
            let sel = Selection::default().with_categories(&town, &["stold", "inbrott"]).unwrap()
                .between(from, last);
            let expected = (0..town.len()).filter(|&i| sel.weight(&town, i).is_some())
                .count() as f64;
            let cube = cube_for_grid(&grid, &town, &sel, &periods, LocationRule::AllCells)
                .unwrap();
            prop_assert_eq!(cube.total(), expected);
            prop_assert_eq!(cube.totals_per_period().iter().sum::<f64>(), expected);
            prop_assert_eq!(cube.counts.len(), grid.n_cells() * periods.len());
        }
    }
}
