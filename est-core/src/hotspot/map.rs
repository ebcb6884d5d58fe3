//! The one-call hotspot map: from incidents to a grid with counts, kernel density and Gi*
//! classes, with every automatic choice recorded — what the lägesbild draws and what a web
//! map shows.
//!
//! Steps: a grid over the incidents ([`GridOptions`], automatic cell size by default); counts
//! per cell; quartic KDE ([`KdeOptions`]); Gi* on the counts with queen contiguity plus the
//! cell itself (sfhotspot's neighbourhood); analytic and (by default 999) permutation p-values;
//! Benjamini–Hochberg over all cells; Esri-style classes (±3/±2/±1 at 99/95/90 %) from the
//! **adjusted** analytic p by default (as Esri, spdep and sfhotspot; method reference §4.2).
//! Classes from the permutation p are an option ([`ClassP::Permutation`]): with thousands of
//! cells its floor of 1/(R+1) can leave nothing significant after the correction.
//!
//! ```
//! use est_core::hotspot::map::{hotspots, HotspotOptions};
//! use est_core::sample::SampleTown;
//!
//! let town = SampleTown::new(3_000, 1).generate()?;
//! let map = hotspots(&town, &HotspotOptions::default())?;
//! assert_eq!(map.counts.iter().sum::<f64>(), 3_000.0);
//! assert!(map.classes.iter().any(|c| *c == 3)); // the town's hotspots
//! let geojson = map.to_geojson()?;
//! assert!(geojson.contains("\"gi_class\""));
//! # Ok::<(), est_core::Error>(())
//! ```

use super::gistar::{LocalG, LocalGParams, local_g};
use super::kde::{Kde, KdeOptions, kde};
use super::weights::{Contiguity, SpatialWeights, WeightsOptions};
use super::{HotspotError, confidence_classes};
use crate::Error;
use crate::grid::{Grid, GridOptions};
use crate::incident::Incidents;
use crate::params::{ParamUsed, Source};
use crate::stats::multitest::{Adjustment, adjust};
use crate::stats::permutation::PermutationParams;
use serde::{Deserialize, Serialize};

/// The neighbourhood of a cell for Gi*.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "distance_m")]
pub enum Neighbourhood {
    /// The 8 surrounding cells (6 on hexagon grids) plus the cell itself (sfhotspot's
    /// default).
    #[default]
    Queen,
    /// The 4 edge neighbours (6 on hexagon grids) plus the cell itself.
    Rook,
    /// Cells whose centres lie within this distance in metres, plus the cell itself.
    DistanceBand(f64),
}

/// Which p-values the classes are drawn from (after the multiple-testing correction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassP {
    /// The analytic (normal) p of Gi* (default; Esri, spdep, sfhotspot).
    #[default]
    Analytic,
    /// The conditional permutation p (needs `permutations > 0`).
    Permutation,
}

/// Options for [`hotspots`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HotspotOptions {
    /// The grid (default: squares, sfhotspot's automatic cell size).
    pub grid: GridOptions,
    /// Kernel density (default: quartic, bandwidth nrd mean of E and N).
    pub kde: KdeOptions,
    /// Gi* neighbourhood (default queen + self).
    pub neighbourhood: Neighbourhood,
    /// Permutation inference (default 999 permutations, seed 0x5EED; 0 = analytic p only).
    pub permutation: PermutationParams,
    /// Multiple-testing correction across cells (default Benjamini–Hochberg).
    pub adjustment: Adjustment,
    /// Which p the classes use (default analytic).
    pub class_p: ClassP,
}

impl Default for HotspotOptions {
    fn default() -> Self {
        HotspotOptions {
            grid: GridOptions::default(),
            kde: KdeOptions::default(),
            neighbourhood: Neighbourhood::Queen,
            permutation: PermutationParams::default(),
            adjustment: Adjustment::BenjaminiHochberg,
            class_p: ClassP::Analytic,
        }
    }
}

/// A hotspot map on a grid's active cells (all per-cell vectors in [`Grid::cells`] order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotspotMap {
    /// The grid.
    pub grid: Grid,
    /// Incidents per cell.
    pub counts: Vec<f64>,
    /// Kernel density.
    pub kde: Kde,
    /// Gi* on the counts.
    pub gi_star: LocalG,
    /// The p-values the classes are drawn from, adjusted across cells.
    pub p_adjusted: Vec<f64>,
    /// Esri-style classes: +3/+2/+1 hot spot at 99/95/90 %, negative cold, 0 not significant.
    pub classes: Vec<i8>,
    /// Every parameter and where it came from.
    pub params_used: Vec<ParamUsed>,
    /// Things the reader should know (from the grid, KDE and Gi*).
    pub warnings: Vec<String>,
}

/// Builds the hotspot map of `incidents` (lon/lat data are projected to SWEREF 99 TM first,
/// and the choice is recorded).
///
/// # Errors
/// Grid, CRS, KDE and Gi* errors ([`HotspotError::ZeroVariance`] when every cell has the same
/// count, e.g. one incident per cell).
pub fn hotspots(incidents: &Incidents, options: &HotspotOptions) -> Result<HotspotMap, Error> {
    let mut params = Vec::new();
    if incidents.crs().is_geographic() {
        params.push(ParamUsed::new(
            "crs",
            "EPSG:3006",
            Source::Auto {
                rule: "lon/lat data projected to SWEREF 99 TM for metric work".into(),
            },
        ));
    }
    let metric = incidents.to_metric()?;
    let grid = Grid::for_incidents(&metric, &options.grid)?;
    let counts = grid.counts_for(&metric)?.counts;
    let surface = kde(&grid, metric.x(), metric.y(), None, &options.kde)?;
    let star = WeightsOptions::gi_star();
    let weights = match options.neighbourhood {
        Neighbourhood::Queen => SpatialWeights::grid_contiguity(&grid, Contiguity::Queen, &star)?,
        Neighbourhood::Rook => SpatialWeights::grid_contiguity(&grid, Contiguity::Rook, &star)?,
        Neighbourhood::DistanceBand(d) => {
            let (cx, cy): (Vec<f64>, Vec<f64>) =
                grid.cells().iter().map(|&c| grid.centroid(c)).unzip();
            SpatialWeights::distance_band(&cx, &cy, d, &star)?
        }
    };
    params.push(ParamUsed::new(
        "neighbourhood",
        serde_json::to_value(options.neighbourhood).unwrap_or_default(),
        if options.neighbourhood == Neighbourhood::Queen {
            Source::Default
        } else {
            Source::User
        },
    ));
    let gi = local_g(
        &counts,
        &weights,
        &LocalGParams::default()
            .with_star(true)
            .with_permutation(options.permutation),
    )?;
    let p_source = match (options.class_p, gi.p_sim.as_ref()) {
        (ClassP::Analytic, _) => &gi.p_norm,
        (ClassP::Permutation, Some(p)) => p,
        (ClassP::Permutation, None) => {
            return Err(HotspotError::InvalidParameter {
                name: "class_p".into(),
                value: "permutation".into(),
                reason: "classes from permutation p need permutations > 0".into(),
            }
            .into());
        }
    };
    let p_adjusted = adjust(p_source, options.adjustment)?;
    let classes = confidence_classes(&gi.z, &p_adjusted).map_err(Error::from)?;
    params.push(ParamUsed::new(
        "class_p",
        serde_json::to_value(options.class_p).unwrap_or_default(),
        if options.class_p == ClassP::Analytic {
            Source::Default
        } else {
            Source::User
        },
    ));
    params.push(ParamUsed::new(
        "adjustment",
        options.adjustment.name(),
        if options.adjustment == Adjustment::BenjaminiHochberg {
            Source::Default
        } else {
            Source::User
        },
    ));
    let mut params_used = grid.params_used().to_vec();
    params_used.extend(params);
    params_used.extend(surface.params_used.iter().cloned());
    params_used.extend(gi.params_used.iter().cloned());
    let mut warnings = grid.warnings().to_vec();
    warnings.extend(surface.warnings.iter().cloned());
    warnings.extend(gi.warnings.iter().cloned());
    Ok(HotspotMap {
        grid,
        counts,
        kde: surface,
        gi_star: gi,
        p_adjusted,
        classes,
        params_used,
        warnings,
    })
}

impl HotspotMap {
    /// The cells as a GeoJSON FeatureCollection in WGS 84 with the properties `count`,
    /// `density_per_km2`, `expected`, `gi_z`, `gi_p`, `gi_p_sim` (when computed),
    /// `gi_p_adjusted` and `gi_class` (plus `cell`, `row`, `col`, `inside_fraction`), for
    /// MapLibre, Leaflet or GeoPandas.
    ///
    /// # Errors
    /// [`crate::grid::GridError`] if a cell cannot be transformed to WGS 84.
    pub fn to_geojson(&self) -> Result<String, Error> {
        let classes: Vec<f64> = self.classes.iter().map(|c| f64::from(*c)).collect();
        let mut columns: Vec<(&str, &[f64])> = vec![
            ("count", &self.counts),
            ("density_per_km2", &self.kde.density_per_km2),
            ("expected", &self.kde.expected_per_cell),
            ("gi_z", &self.gi_star.z),
            ("gi_p", &self.gi_star.p_norm),
        ];
        if let Some(p) = &self.gi_star.p_sim {
            columns.push(("gi_p_sim", p));
        }
        columns.push(("gi_p_adjusted", &self.p_adjusted));
        columns.push(("gi_class", &classes));
        Ok(self.grid.to_geojson_wgs84(&columns)?)
    }

    /// Number of cells in each class, from −3 to +3.
    pub fn class_counts(&self) -> [usize; 7] {
        let mut out = [0usize; 7];
        for c in &self.classes {
            if let Some(slot) = usize::try_from(i16::from(*c) + 3)
                .ok()
                .and_then(|i| out.get_mut(i))
            {
                *slot += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::SampleTown;

    #[test]
    fn records_where_the_classes_come_from() {
        let town = SampleTown::new(1_500, 4).generate().unwrap();
        let find = |m: &HotspotMap, name: &str| {
            m.params_used
                .iter()
                .find(|p| p.name == name)
                .cloned()
                .unwrap()
        };
        let m = hotspots(&town, &HotspotOptions::default()).unwrap();
        let p = find(&m, "class_p");
        assert_eq!(
            (p.value.as_str(), p.source),
            (Some("analytic"), Source::Default)
        );
        assert!(m.gi_star.p_sim.is_some()); // permutation p computed and reported as well
        let opts = HotspotOptions {
            class_p: ClassP::Permutation,
            ..HotspotOptions::default()
        };
        let m = hotspots(&town, &opts).unwrap();
        assert_eq!(find(&m, "class_p").value.as_str(), Some("permutation"));
        let none = HotspotOptions {
            class_p: ClassP::Permutation,
            permutation: PermutationParams::default().with_permutations(0),
            ..HotspotOptions::default()
        };
        assert!(matches!(
            hotspots(&town, &none),
            Err(Error::Hotspot(HotspotError::InvalidParameter { .. }))
        ));
    }
}
