//! Reading and writing incidents: CSV, GeoJSON and polisen.se events.

pub mod csv;

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
    #[error("no column for {what}: looked for {tried}; the header has: {found}. Name the column with the `columns` option")]
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
