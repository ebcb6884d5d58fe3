//! The crate-wide error type. Each domain module has its own error enum carrying the values
//! behind a failure; [`Error`] wraps them so that `?` works across modules and so that the
//! bindings can map every variant to a native error (no wildcard arm).

use crate::{
    accuracy::AccuracyError, crs::CrsError, followup::FollowupError, grid::GridError,
    hotspot::HotspotError, incident::LoadError, index::IndexError, io::IoError,
    report::ReportError, stats::StatsError, taxonomy::TaxonomyError, trend::TrendError,
};

/// Any error est-core can return.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Coordinate reference system problem.
    #[error(transparent)]
    Crs(#[from] CrsError),
    /// Unknown category or invalid taxonomy extension.
    #[error(transparent)]
    Taxonomy(#[from] TaxonomyError),
    /// One or more incidents failed validation.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Grid construction problem.
    #[error(transparent)]
    Grid(#[from] GridError),
    /// Hotspot statistics (weights, Gi*, Moran, kernel density).
    #[error(transparent)]
    Hotspot(#[from] HotspotError),
    /// Shared statistics (multiple testing, permutation inference).
    #[error(transparent)]
    Stats(#[from] StatsError),
    /// Hot-spot accuracy and concentration measures.
    #[error(transparent)]
    Accuracy(#[from] AccuracyError),
    /// Spatial index construction or query problem.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Reading or writing a file format.
    #[error(transparent)]
    Io(#[from] IoError),
    /// Rendering the lägesbild.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// Time methods: cube, trends, emerging hot spots, change, early warning, scan, Knox.
    #[error(transparent)]
    Trend(#[from] TrendError),
    /// Intervention registry and follow-up.
    #[error(transparent)]
    Followup(#[from] FollowupError),
}

/// `Result` with est-core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A stable, machine-readable code for the error (`"CRS_OUT_OF_AREA"`, …), used by the
    /// bindings as the JS `code` field and the Python `.code` attribute.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Crs(e) => e.code(),
            Error::Taxonomy(e) => e.code(),
            Error::Load(e) => e.code(),
            Error::Grid(e) => e.code(),
            Error::Hotspot(e) => e.code(),
            Error::Stats(e) => e.code(),
            Error::Accuracy(e) => e.code(),
            Error::Index(e) => e.code(),
            Error::Io(e) => e.code(),
            Error::Report(e) => e.code(),
            Error::Trend(e) => e.code(),
            Error::Followup(e) => e.code(),
        }
    }

    /// The error family (`"CrsError"`, `"GridError"`, …): the Python exception class and JS
    /// error `name`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Crs(_) => "CrsError",
            Error::Taxonomy(_) => "TaxonomyError",
            Error::Load(_) => "ValidationError",
            // A grid refused for lon/lat data is a CRS problem, whoever noticed it.
            Error::Grid(GridError::Crs(_)) => "CrsError",
            Error::Grid(_) => "GridError",
            // Not "IndexError": that would shadow Python's built-in exception of that name.
            Error::Hotspot(_) => "HotspotError",
            Error::Stats(_) => "StatsError",
            Error::Accuracy(_) => "AccuracyError",
            Error::Index(_) => "SpatialIndexError",
            Error::Io(IoError::Io { .. }) => "IoError",
            Error::Io(_) => "ParseError",
            Error::Report(_) => "ReportError",
            Error::Trend(_) => "TrendError",
            Error::Followup(_) => "FollowupError",
        }
    }
}
