//! Square and hexagonal grids (placeholder; being written).

/// Errors from grid construction.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GridError {
    /// No points to build a grid over.
    #[error("cannot build a grid over no points: give at least one incident or an explicit extent")]
    Empty,
}

impl GridError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            GridError::Empty => "GRID_EMPTY",
        }
    }
}
