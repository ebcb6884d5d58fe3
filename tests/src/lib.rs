//! Shared helpers for est's integration, reference and property tests: fixture paths,
//! the optional real-data folder, and named tolerance constants.

use std::path::PathBuf;

/// Named tolerances, each with its reason (see the method reference §0.3).
pub mod tol {
    /// Forward projection vs PROJ, metres: the issue asks for ≤ 1 cm; Krüger's series of
    /// order 4 agree with PROJ to a few µm, so 1 mm is used (observed: below 10 µm).
    pub const TOL_PROJ_M: f64 = 1e-3;
    /// Round trip geodetic → grid → geodetic, degrees (1e-9 ° ≈ 0.1 mm).
    pub const TOL_ROUNDTRIP_DEG: f64 = 1e-9;
    /// Round trip grid → geodetic → grid, metres (the issue asks for ≤ 1 mm).
    pub const TOL_ROUNDTRIP_M: f64 = 1e-3;
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests").join("fixtures").join(name)
}

/// A file under `tests/golden/`.
pub fn golden(name: &str) -> PathBuf {
    workspace_root().join("tests").join("golden").join(name)
}

/// The bundled sample town.
pub fn sample_town_csv() -> PathBuf {
    workspace_root().join("data").join("sample_town.csv")
}

/// A file in the real public data sets, which live outside the repository (in
/// `../shared/data/real/` next to a checkout, or under `$EST_REAL_DATA`). Returns `None`, after
/// printing why, when it is not there: tests on real data skip rather than fail on a user's
/// machine.
pub fn real_data(relative: &str) -> Option<PathBuf> {
    let base = match std::env::var_os("EST_REAL_DATA") {
        Some(p) => PathBuf::from(p),
        None => workspace_root()
            .join("..")
            .join("shared")
            .join("data")
            .join("real"),
    };
    let path = base.join(relative);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED: real data file {} is not available (set EST_REAL_DATA to the folder of the \
             public data sets to run this test)",
            path.display()
        );
        None
    }
}
