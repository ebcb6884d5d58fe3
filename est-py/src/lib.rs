//! Python bindings of est: the extension module `est._est`, re-exported by the pure-Python
//! package `est` (`python/est/__init__.py`).
//!
//! The files mirror the core's modules one for one, so a missing binding is obvious:
//!
//! | Rust file | Core module | Python names |
//! |---|---|---|
//! | `error.rs` | `est_core::Error` | `EstError` and its subclasses |
//! | `crs.rs` | `est_core::crs` | `transform`, `crs_info` |
//! | `params.rs` | `est_core::params` | (parameter provenance as dicts) |
//! | `taxonomy.rs` | `est_core::taxonomy` | `Taxonomy` |
//! | `incident.rs` | `est_core::incident` | `Incidents`, `RowError`, `RowWarning` |
//! | `grid.rs` | `est_core::grid` | `Grid`, `StudyArea`, `CellCounts`, `auto_cell_size` |
//! | `index.rs` | `est_core::index` | `IncidentIndex` |
//! | `io/csv.rs` | `est_core::io::csv` | `read_incidents`, `read_incidents_text` |
//! | `io/geojson.rs` | `est_core::io::geojson` | `read_geojson`, `read_geojson_text` (writer: `Incidents.to_geojson`) |
//! | `io/polisen.rs` | `est_core::io::polisen` | `read_polisen_json`, `read_polisen_json_text` |
//! | `stats.rs` | `est_core::stats` | `adjust_pvalues`, `esda_fdr` (+ permutation keywords), `test_poisson_2indep`, `TwoRateTest`, `rate_ratio`, `RateRatio` |
//! | `hotspot/weights.rs` | `est_core::hotspot::weights` | `SpatialWeights` |
//! | `hotspot/gistar.rs` | `est_core::hotspot::gistar` | `local_g`, `LocalG`, `general_g`, `GeneralG` |
//! | `hotspot/moran.rs` | `est_core::hotspot::moran` | `moran`, `Moran`, `local_moran`, `LocalMoran` |
//! | `hotspot/kde.rs` | `est_core::hotspot::kde` | `kde`, `Kde`, `bandwidth`, `dual_kde`, `DualKde` |
//! | `hotspot/counts.rs` | `est_core::hotspot::counts` | `counts`, `counts_per_area` |
//! | `hotspot/smoothing.rs` | `est_core::hotspot::smoothing` | `raw_rates`, `empirical_bayes`, `spatial_rate`, `spatial_empirical_bayes` |
//! | `accuracy.rs` | `est_core::accuracy` | `pai_curve`, `PaiCurve`, `recapture_rate_index`, `gini`, `top_share`, `concentration_curve` |
//! | `hotspot/map.rs` | `est_core::hotspot::map` | `hotspots`, `HotspotMap` |
//! | `trend/period.rs` | `est_core::trend::period` | `periods`, `Periods`, `Bin`, `weeks_ending`, `iso_week` |
//! | `trend/cube.rs` | `est_core::trend::cube` | `cube`, `SpaceTimeCube` |
//! | `trend/mann_kendall.rs` | `est_core::trend::mann_kendall` | `mann_kendall`, `MannKendall`, `mann_kendall_cube`, `MannKendallCube`, `sen_slope_ci` |
//! | `trend/emerging.rs` | `est_core::trend::emerging` | `emerging_hotspots`, `EmergingHotspots`, `classify_pattern`, `emerging_patterns`, `Pattern` |
//! | `trend/chainey.rs` | `est_core::trend::chainey` | `chainey`, `Chainey`, `classify_chainey` |
//! | `trend/change.rs` | `est_core::trend::change` | `change`, `change_for_grid`, `Change`, `midpoint_boundary` |
//! | `trend/early_warning.rs` | `est_core::trend::early_warning` | `early_warning`, `early_warning_for_areas`, `EarlyWarning`, `Alert` |
//! | `trend/scan.rs` | `est_core::trend::scan` | `scan`, `space_time_scan`, `Scan`, `Cluster` |
//! | `trend/knox.rs` | `est_core::trend::knox` | `knox`, `knox_incidents`, `Knox` |
//! | `trend/profile.rs` | `est_core::trend::profile` | `profile`, `aoristic_profile`, `TemporalProfile` |
//! | `followup/registry.rs` | `est_core::followup::registry` | `Registry` |
//! | `followup/effect.rs` | `est_core::followup::effect` | `evaluate`, `Evaluation`, `AreaChange`, `wdq`, `Wdq`, `tne`, `Tne`, `wdd`, `Wdd`, `wdd_harm`, `WddHarm`, `did_2x2`, `did_panel`, `Did`, `relative_irr`, `RelativeIrr`, `gross_net_effect` |
//! | `followup/recommend.rs` | `est_core::followup::recommend` | `recommend`, `recommend_from_numbers`, `Recommendation` |
//! | `report.rs` | `est_core::report` | `lagesbild`, `Lagesbild`; `public_export`, `PublicExport` (`report::public`); `heatmap_hour_weekday_svg`, `year_wheel_svg`, `hour_bars_svg`, `weekday_bars_svg`, `bars_svg` (`report::charts`) |
//! | `sample.rs` | `est_core::sample` | `sample_town` |
//!
//! Each file has a `register` function; adding a module is one new file plus one line in
//! [`_est`]. The bindings hold core values and convert at the edge:
//! no analysis logic lives here. Heavy calls release the GIL (`Python::detach`).

use pyo3::prelude::*;

mod accuracy;
mod crs;
mod error;
mod followup;
mod grid;
mod hotspot;
mod incident;
mod index;
mod io;
mod params;
mod report;
mod sample;
mod stats;
mod taxonomy;
mod trend;

/// The extension module `est._est`.
#[pymodule]
fn _est(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    crs::register(m)?;
    taxonomy::register(m)?;
    incident::register(m)?;
    io::register(m)?;
    grid::register(m)?;
    index::register(m)?;
    stats::register(m)?;
    hotspot::register(m)?;
    accuracy::register(m)?;
    report::register(m)?;
    report::register_charts_and_public(m)?;
    trend::register(m)?;
    followup::register(m)?;
    sample::register(m)?;
    Ok(())
}
