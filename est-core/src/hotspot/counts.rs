//! Counts of incidents per grid cell or per named area, for a category (or category group)
//! and a time window, optionally weighted.
//!
//! ```
//! use est_core::grid::{Grid, GridOptions};
//! use est_core::hotspot::counts::{counts_per_cell, Selection};
//! use est_core::sample::SampleTown;
//!
//! let town = SampleTown::new(2_000, 1).generate()?;
//! let grid = Grid::for_incidents(&town, &GridOptions::default().with_cell_size(250.0))?;
//! // Criminal damage including its subgroups (graffiti) — klotter ⊂ skadegörelse.
//! let damage = Selection::default().with_categories(&town, &["skadegorelse"])?;
//! let c = counts_per_cell(&grid, &town, &damage)?;
//! let all = counts_per_cell(&grid, &town, &Selection::default())?;
//! assert!(c.counts.iter().sum::<f64>() < all.counts.iter().sum::<f64>());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::Error;
use crate::grid::{CellCounts, Grid};
use crate::incident::Incidents;
use crate::taxonomy::CategoryId;
use chrono::{DateTime, Utc};
use geo::{Contains, Intersects, MultiPolygon, Point};
use serde::Serialize;

/// Which incidents to count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Selection {
    /// Categories (an incident counts when its category is one of these or lies below one of
    /// them in the taxonomy); `None` = all.
    pub categories: Option<Vec<CategoryId>>,
    /// Start of the time window (inclusive); `None` = from the first incident.
    pub from: Option<DateTime<Utc>>,
    /// End of the time window (exclusive); `None` = to the last incident.
    pub to: Option<DateTime<Utc>>,
    /// Sum the incidents' weights instead of counting them.
    pub weighted: bool,
}

impl Selection {
    /// Selects these categories (codes, labels or aliases) and their subgroups.
    ///
    /// # Errors
    /// [`crate::taxonomy::TaxonomyError::Unknown`] for a label not in the incidents' taxonomy.
    pub fn with_categories(
        mut self,
        incidents: &Incidents,
        labels: &[&str],
    ) -> Result<Self, Error> {
        let tax = incidents.taxonomy();
        let ids = labels
            .iter()
            .map(|l| tax.resolve(l))
            .collect::<Result<Vec<_>, _>>()?;
        self.categories = Some(ids);
        Ok(self)
    }

    /// Selects the time window `[from, to)`.
    pub fn between(mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        self.from = Some(from);
        self.to = Some(to);
        self
    }

    /// Counts weights instead of incidents.
    pub fn weighted(mut self) -> Self {
        self.weighted = true;
        self
    }

    /// Whether incident `i` is selected, and its contribution (also the selection rule of the
    /// space-time cube and the temporal profiles).
    pub(crate) fn weight(&self, incidents: &Incidents, i: usize) -> Option<f64> {
        let t = *incidents.times().get(i)?;
        if self.from.is_some_and(|f| t < f.timestamp())
            || self.to.is_some_and(|e| t >= e.timestamp())
        {
            return None;
        }
        if let Some(cats) = &self.categories {
            let c = *incidents.categories().get(i)?;
            if !cats.iter().any(|g| incidents.taxonomy().is_in_group(c, *g)) {
                return None;
            }
        }
        Some(if self.weighted {
            *incidents.weights().get(i)?
        } else {
            1.0
        })
    }
}

/// Counts (or weights) of the selected incidents per active cell of `grid`.
///
/// # Errors
/// [`crate::grid::GridError::CrsMismatch`] when the incidents are in another CRS than the grid.
pub fn counts_per_cell(
    grid: &Grid,
    incidents: &Incidents,
    selection: &Selection,
) -> Result<CellCounts, Error> {
    if incidents.crs() != grid.crs() {
        return Err(crate::grid::GridError::CrsMismatch {
            what: "incidents".into(),
            grid: grid.crs(),
            data: incidents.crs(),
        }
        .into());
    }
    let (mut xs, mut ys, mut ws) = (Vec::new(), Vec::new(), Vec::new());
    for (i, (&x, &y)) in incidents.x().iter().zip(incidents.y()).enumerate() {
        if let Some(w) = selection.weight(incidents, i) {
            xs.push(x);
            ys.push(y);
            ws.push(w);
        }
    }
    Ok(grid.counts(&xs, &ys, Some(&ws))?)
}

/// The count of one named area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaCount {
    /// The area's name, e.g. "Valsta centrum".
    pub name: String,
    /// Incidents (or weights) inside the area (boundary included).
    pub count: f64,
}

/// Counts (or weights) of the selected incidents per named area (polygons in the incidents'
/// CRS). Areas may overlap: an incident counts in every area that contains it.
pub fn counts_per_area(
    areas: &[(String, MultiPolygon<f64>)],
    incidents: &Incidents,
    selection: &Selection,
) -> Vec<AreaCount> {
    areas
        .iter()
        .map(|(name, poly)| {
            let count = (0..incidents.len())
                .filter_map(|i| {
                    let w = selection.weight(incidents, i)?;
                    let p = Point::new(*incidents.x().get(i)?, *incidents.y().get(i)?);
                    (poly.contains(&p) || poly.intersects(&p)).then_some(w)
                })
                .sum();
            AreaCount {
                name: name.clone(),
                count,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GridOptions;
    use crate::sample::SampleTown;

    #[test]
    fn groups_windows_and_weights() {
        let town = SampleTown::new(3_000, 2).generate().unwrap();
        let grid =
            Grid::for_incidents(&town, &GridOptions::default().with_cell_size(500.0)).unwrap();
        let total = |s: &Selection| {
            counts_per_cell(&grid, &town, s)
                .unwrap()
                .counts
                .iter()
                .sum::<f64>()
        };
        let tax = town.taxonomy();
        let (skad, klotter) = (
            tax.resolve("skadegorelse").unwrap(),
            tax.resolve("klotter").unwrap(),
        );
        let direct = |f: &dyn Fn(CategoryId) -> bool| {
            town.categories().iter().filter(|c| f(**c)).count() as f64
        };
        let group = Selection::default()
            .with_categories(&town, &["skadegörelse"])
            .unwrap();
        assert_eq!(total(&group), direct(&|c| c == skad || c == klotter));
        let (lo, hi) = town.time_range().unwrap();
        let mid = lo + (hi - lo) / 2;
        let first = Selection::default().between(lo, mid);
        let second = Selection::default().between(mid, hi + chrono::Duration::seconds(1));
        assert_eq!(total(&first) + total(&second), 3_000.0);
        assert_eq!(total(&Selection::default().weighted()), 3_000.0); // weights are 1
        let areas = vec![(
            "all".to_string(),
            MultiPolygon::new(vec![
                geo::Rect::new(
                    geo::coord! { x: 600_000.0, y: 6_600_000.0 },
                    geo::coord! { x: 700_000.0, y: 6_700_000.0 },
                )
                .to_polygon(),
            ]),
        )];
        assert_eq!(
            counts_per_area(&areas, &town, &Selection::default())[0].count,
            3_000.0
        );
    }
}
