//! # est-wasm
//!
//! WebAssembly bindings of [est](est_core): the crime-prevention analysis behind an EST
//! *lägesbild*, for browsers and Node, with a typed TypeScript API. The npm package in
//! `est-wasm/js/` wraps the output of `wasm-bindgen --target web` and loads its own `.wasm`
//! file without any network access.
//!
//! The bindings mirror the core module for module and stay thin: arguments in, one core
//! call, results out.
//!
//! | Module | JS API | Core |
//! |---|---|---|
//! | [`crs`] | `transform`, `crsInfo` | `est_core::crs` |
//! | [`taxonomy`] | `Taxonomy` | `est_core::taxonomy` |
//! | [`incident`] | `Incidents` | `est_core::incident` |
//! | [`io`] | `readIncidents`, `readGeoJSON`, `readPolisenJSON`, `Incidents.toCsv`, `Incidents.toGeoJSON` | `est_core::io` |
//! | [`grid`] | `Grid`, `StudyArea`, `autoCellSize` | `est_core::grid` |
//! | [`index`] | `IncidentIndex` | `est_core::index` |
//! | [`report`] | `lagesbild`, `Lagesbild` | `est_core::report` |
//! | [`report::public`] | `publicExport`, `PublicExport` | `est_core::report::public` |
//! | [`report::charts`] | `profileSvg`, `barsSvg` | `est_core::report::charts` |
//! | [`trend`] | `periods`, `weeksEnding`, `isoWeek`, `cube`, `mannKendall`, `mannKendallCube`, `senSlopeCi`, `emergingHotspots`, `classifyPattern`, `emergingPatterns`, `chainey`, `classifyChainey`, `change`, `changeForGrid`, `midpointBoundary`, `earlyWarning`, `earlyWarningForAreas`, `scan`, `spaceTimeScan`, `knox`, `knoxIncidents`, `profile`, `aoristicProfile`, `TemporalProfile` | `est_core::trend` |
//! | [`followup`] | `Registry`, `evaluate`, `recommend`, `recommendFromNumbers`, `relativeIrr`, `wdq`, `tne`, `grossNetEffect`, `wdd`, `wddHarm`, `did2x2`, `didPanel` | `est_core::followup` |
//! | [`sample`] | `sampleTown` | `est_core::sample` |
//! | [`hotspot`] | `SpatialWeights`, `localG`, `generalG`, `moran`, `localMoran`, `kde`, `dualKde`, `bandwidth`, `hotspots`, `HotspotMap` | `est_core::hotspot` |
//! | [`accuracy`] | `paiCurve`, `recaptureRateIndex`, `gini`, `topShare`, `concentrationCurve` | `est_core::accuracy` |
//! | [`counts`](mod@counts) | `counts`, `countsPerArea` | `est_core::hotspot::counts` |
//! | [`smoothing`] | `rawRates`, `empiricalBayes`, `spatialRate`, `spatialEmpiricalBayes` | `est_core::hotspot::smoothing` |
//! | [`stats`] | `adjustPValues`, `esdaFdr`, `testPoisson2indep`, `rateRatio` | `est_core::stats` |
//! | [`error`] | `EstError` | `est_core::Error` |
//!
//! Conventions: camelCase names, and camelCase string values (`"newHot"`,
//! `"exactConditional"`) except names taken from a reference library (statsmodels'
//! `"exact-cond"`, `"wald-log"`, `"fdr_bh"`; pymannkendall's `"no trend"`); option objects are
//! plain JS objects read with serde-wasm-bindgen (unknown option names are an error);
//! coordinates in as arrays or `Float64Array`, out as `Float64Array`; times in as a `Date`,
//! epoch milliseconds or ISO 8601 text, out as epoch milliseconds; every failure is
//! a thrown `EstError` (see [`error`]). Nothing here reads a clock or OS entropy by itself:
//! `readIncidents` passes the host's `Date.now()` (or the `now` option) to the core.
//!
//! Cargo features: `console_error_panic_hook` (default) prints the Rust message of a panic
//! (a bug) to the JS console.

pub mod accuracy;
pub mod counts;
pub mod crs;
pub mod error;
pub mod followup;
pub mod grid;
pub mod hotspot;
pub mod incident;
pub mod index;
pub mod io;
pub mod report;
pub mod sample;
pub mod smoothing;
pub mod stats;
pub mod taxonomy;
pub mod trend;

pub use accuracy::{
    concentration_curve_js as concentration_curve, gini_js as gini, pai_curve_js as pai_curve,
    recapture_rate_index_js as recapture_rate_index, top_share_js as top_share,
};
pub use counts::{counts_js as counts, counts_per_area_js as counts_per_area};
pub use crs::{crs_info, transform};
pub use error::EST_ERROR_NAMES;
pub use followup::{
    Registry, did_2x2_js as did_2x2, did_panel_js as did_panel, evaluate_js as evaluate,
    gross_net_effect_js as gross_net_effect, recommend_from_numbers_js as recommend_from_numbers,
    recommend_js as recommend, relative_irr_js as relative_irr, tne_js as tne,
    wdd_harm_js as wdd_harm, wdd_js as wdd, wdq_js as wdq,
};
pub use grid::{Grid, StudyArea, auto_cell_size};
pub use hotspot::{
    HotspotMap, SpatialWeights, bandwidth_js as bandwidth, dual_kde_js as dual_kde,
    general_g_js as general_g, hotspots_js as hotspots, kde_js as kde, local_g_js as local_g,
    local_moran_js as local_moran, moran_js as moran,
};
pub use incident::Incidents;
pub use index::IncidentIndex;
pub use io::read_geojson_js as read_geojson;
pub use io::read_incidents_js as read_incidents;
pub use io::read_polisen_json_js as read_polisen_json;
pub use report::charts::{bars_svg_js as bars_svg, profile_svg};
pub use report::public::{PublicExport, public_export};
pub use report::{Lagesbild, lagesbild};
pub use sample::sample_town;
pub use smoothing::{
    empirical_bayes_js as empirical_bayes, raw_rates_js as raw_rates,
    spatial_empirical_bayes_js as spatial_empirical_bayes, spatial_rate_js as spatial_rate,
};
pub use stats::{
    adjust_p_values, esda_fdr, rate_ratio_fn as rate_ratio,
    test_poisson_2indep_js as test_poisson_2indep,
};
pub use taxonomy::Taxonomy;
pub use trend::chainey::{chainey_js as chainey, classify_chainey_js as classify_chainey};
pub use trend::change::{
    change_fn as change, change_for_grid_js as change_for_grid,
    midpoint_boundary_js as midpoint_boundary,
};
pub use trend::cube::cube_fn as cube;
pub use trend::early_warning::{
    early_warning_for_areas_js as early_warning_for_areas, early_warning_js_fn as early_warning,
};
pub use trend::emerging::{
    classify_pattern, emerging_hotspots_js as emerging_hotspots, emerging_patterns,
};
pub use trend::knox::{knox_fn as knox, knox_incidents_js as knox_incidents};
pub use trend::mann_kendall::{
    mann_kendall_cube_js as mann_kendall_cube, mann_kendall_js as mann_kendall,
    sen_slope_ci_js as sen_slope_ci,
};
pub use trend::period::{iso_week_js as iso_week, periods_fn as periods, weeks_ending};
pub use trend::profile::{
    TemporalProfile, aoristic_profile_js as aoristic_profile, profile_js as profile,
};
pub use trend::scan::{scan_fn as scan, space_time_scan_js as space_time_scan};

use wasm_bindgen::prelude::*;

/// The version of est (from Cargo), e.g. `"0.1.0"`; the package exports it as `version`.
#[wasm_bindgen(js_name = "__estVersion", skip_typescript)]
pub fn version() -> String {
    est_core::VERSION.to_string()
}

/// Installs the panic hook (once; a no-op afterwards). Called by every entry point that
/// makes an object, so it is in place before any method can run.
pub(crate) fn hook() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}
