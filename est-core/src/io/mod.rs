//! Reading and writing incidents: CSV, GeoJSON and polisen.se events.

pub mod csv;
pub mod geojson;
pub mod polisen;

/// Common column and property names per field (lower case), English and Swedish, tried in
/// order when the caller does not name the column.
pub(crate) mod names {
    pub(crate) const ID: &[&str] = &[
        "id",
        "incident_id",
        "händelse_id",
        "handelse_id",
        "nr",
        "ärende",
        "arende",
    ];
    pub(crate) const TIME: &[&str] = &[
        "timestamp",
        "time",
        "datetime",
        "date_time",
        "tid",
        "tidpunkt",
        "datum_tid",
        "händelsetid",
        "date",
        "datum",
    ];
    pub(crate) const CATEGORY: &[&str] = &[
        "category",
        "kategori",
        "type",
        "typ",
        "händelsetyp",
        "handelsetyp",
        "incident_type",
    ];
    pub(crate) const X: &[&str] = &["x", "easting", "e", "east", "östlig", "ostlig"];
    pub(crate) const Y: &[&str] = &["y", "northing", "n", "north", "nordlig"];
    pub(crate) const LON: &[&str] = &["lon", "lng", "long", "longitude", "longitud"];
    pub(crate) const LAT: &[&str] = &["lat", "latitude", "latitud"];
    pub(crate) const ORG: &[&str] = &[
        "organisation",
        "organization",
        "org",
        "source",
        "reporter",
        "rapportör",
        "rapportor",
        "källa",
        "kalla",
        "aktör",
        "aktor",
    ];
    pub(crate) const PLACE: &[&str] = &[
        "place",
        "plats",
        "platsnamn",
        "location",
        "location_name",
        "område",
    ];
    pub(crate) const WEIGHT: &[&str] = &["weight", "vikt"];
    pub(crate) const TEXT: &[&str] = &[
        "text",
        "description",
        "beskrivning",
        "fritext",
        "comment",
        "kommentar",
    ];
}

/// Errors from reading or writing a format (row-level problems are
/// [`crate::incident::LoadError`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IoError {
    /// Reading or writing failed at the operating-system level.
    #[error("I/O error{}: {message}", .path.as_ref().map(|p| format!(" on {p}")).unwrap_or_default())]
    Io {
        /// The file, when known.
        path: Option<String>,
        /// The OS message.
        message: String,
    },
    /// The input is not UTF-8.
    #[error("input is not UTF-8 text (invalid byte at line {line}); save the file as UTF-8")]
    Encoding {
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// A required column is missing.
    #[error(
        "no column for {what}: looked for {tried}; the header has: {found}. Name the column with the `columns` option"
    )]
    MissingColumn {
        /// What the column holds ("time", "category", "x/y or lon/lat" …).
        what: String,
        /// Names tried, comma-separated.
        tried: String,
        /// Header names found, comma-separated.
        found: String,
    },
    /// The CRS is needed but not declared.
    #[error("{0}")]
    CrsRequired(String),
    /// A malformed document (CSV structure, JSON, GeoJSON).
    #[error("{format} error{}: {message}", .line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Format {
        /// "CSV", "JSON", "GeoJSON" …
        format: String,
        /// 1-based line when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
}

impl IoError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            IoError::Io { .. } => "IO",
            IoError::Encoding { .. } => "ENCODING",
            IoError::MissingColumn { .. } => "MISSING_COLUMN",
            IoError::CrsRequired(_) => "CRS_REQUIRED",
            IoError::Format { .. } => "FORMAT",
        }
    }
}
