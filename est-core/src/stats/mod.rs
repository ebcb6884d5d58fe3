//! Numerics shared by several domains: multiple testing and the permutation engine.

pub mod multitest;
pub mod permutation;

/// Errors from the shared statistics.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    /// A p-value outside [0, 1] or NaN.
    #[error("p-value {index} is not in [0, 1] (got {value})")]
    InvalidPValue {
        /// Position of the value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A significance level outside (0, 1).
    #[error("invalid significance level (got {alpha}): must lie strictly between 0 and 1")]
    InvalidAlpha {
        /// The level given.
        alpha: f64,
    },
    /// An unknown method name.
    #[error("unknown {what} {name:?}: expected one of {expected}")]
    UnknownMethod {
        /// What kind of method.
        what: String,
        /// The name given.
        name: String,
        /// The accepted names.
        expected: String,
    },
}

impl StatsError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StatsError::InvalidPValue { .. } => "STATS_INVALID_P",
            StatsError::InvalidAlpha { .. } => "STATS_INVALID_ALPHA",
            StatsError::UnknownMethod { .. } => "STATS_UNKNOWN_METHOD",
        }
    }
}
