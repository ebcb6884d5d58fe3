//! Numerics shared by several domains: multiple testing, the permutation engine and the
//! Poisson/binomial tests behind change, early warning and follow-up.

pub mod multitest;
pub mod permutation;
pub mod poisson;

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
    /// A count, exposure or other input outside its valid range.
    #[error("invalid {what} (got {value}): expected {expected}")]
    InvalidInput {
        /// Which input.
        what: String,
        /// The value given.
        value: String,
        /// What is accepted.
        expected: String,
    },
    /// A statistic that is undefined for these inputs (e.g. both counts zero).
    #[error("{what} is undefined: {reason}")]
    Undefined {
        /// The statistic.
        what: String,
        /// Why, with the values.
        reason: String,
    },
}

impl StatsError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StatsError::InvalidPValue { .. } => "STATS_INVALID_P",
            StatsError::InvalidAlpha { .. } => "STATS_INVALID_ALPHA",
            StatsError::UnknownMethod { .. } => "STATS_UNKNOWN_METHOD",
            StatsError::InvalidInput { .. } => "STATS_INVALID_INPUT",
            StatsError::Undefined { .. } => "STATS_UNDEFINED",
        }
    }
}
