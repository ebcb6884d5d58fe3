//! The lägesbild (situation picture) as HTML and JSON (being written).

/// Errors from rendering a report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    /// Nothing to report on.
    #[error("cannot write a lägesbild for no incidents")]
    Empty,
}
