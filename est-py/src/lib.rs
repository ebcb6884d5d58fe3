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
//! | `stats.rs` | `est_core::stats` | `adjust_pvalues`, `esda_fdr` (+ permutation keywords) |
//! | `hotspot/weights.rs` | `est_core::hotspot::weights` | `SpatialWeights` |
//! | `hotspot/gistar.rs` | `est_core::hotspot::gistar` | `local_g`, `LocalG`, `general_g`, `GeneralG` |
//! | `hotspot/moran.rs` | `est_core::hotspot::moran` | `moran`, `Moran`, `local_moran`, `LocalMoran` |
//! | `hotspot/kde.rs` | `est_core::hotspot::kde` | `kde`, `Kde`, `bandwidth`, `dual_kde`, `DualKde` |
//! | `hotspot/counts.rs` | `est_core::hotspot::counts` | `counts`, `counts_per_area` |
//! | `hotspot/smoothing.rs` | `est_core::hotspot::smoothing` | `raw_rates`, `empirical_bayes`, `spatial_rate`, `spatial_empirical_bayes` |
//! | `accuracy.rs` | `est_core::accuracy` | `pai_curve`, `PaiCurve`, `recapture_rate_index`, `gini`, `top_share`, `concentration_curve` |
//! | `hotspot/map.rs` | `est_core::hotspot::map` | `hotspots`, `HotspotMap` |
//! | `report.rs` | `est_core::report` | `lagesbild`, `Lagesbild` |
//! | `sample.rs` | `est_core::sample` | `sample_town` |
//!
//! Each file has a `register` function; adding a module (trend …) is one new
//! file plus one line in [`_est`]. The bindings hold core values and convert at the edge:
//! no analysis logic lives here. Heavy calls release the GIL (`Python::detach`).

use pyo3::prelude::*;

mod accuracy;
mod crs;
mod error;
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
    sample::register(m)?;
    Ok(())
}
