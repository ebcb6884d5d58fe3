//! The time dimension: the space-time cube, Mann–Kendall trends and Sen's slope, emerging hot
//! spots (Esri's 17 patterns and the corrected Chainey classes), change between two periods,
//! the weekly early warning, Kulldorff's space-time permutation scan, the Knox near-repeat
//! test and temporal profiles. Calendar keys are computed in Europe/Stockholm local time.

pub mod chainey;
pub mod change;
pub mod cube;
pub mod early_warning;
pub mod emerging;
pub mod knox;
pub mod mann_kendall;
pub mod period;
pub mod profile;
pub mod scan;

use serde::Serialize;

/// Errors from the time methods. Every variant carries the values behind the failure.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "variant", rename_all = "camelCase")]
pub enum TrendError {
    /// A series, cube or event set too short for the method.
    #[error("{what} is too short: {n} given, at least {min} needed")]
    TooShort {
        /// What was too short (e.g. "Mann-Kendall series").
        what: String,
        /// Its length.
        n: usize,
        /// The minimum length.
        min: usize,
    },
    /// A parameter outside its valid range.
    #[error("invalid {name} (got {value}): expected {expected}")]
    InvalidParameter {
        /// The parameter's name as the user wrote it.
        name: String,
        /// The value given.
        value: String,
        /// What is accepted.
        expected: String,
    },
    /// Inputs whose lengths should agree but do not.
    #[error("{what}: expected length {expected}, got {got}")]
    LengthMismatch {
        /// Which input.
        what: String,
        /// The expected length.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// A value that is NaN, infinite or negative where a count or time is needed.
    #[error("{what} {index} is not valid (got {value}): expected {expected}")]
    InvalidValue {
        /// Which input.
        what: String,
        /// Position of the value.
        index: usize,
        /// The value.
        value: f64,
        /// What is accepted.
        expected: String,
    },
    /// No incidents in the selection or period.
    #[error("no incidents to analyse: {what}")]
    Empty {
        /// Which selection or period was empty.
        what: String,
    },
    /// The Chainey classification needs at least one period before the recent ones.
    #[error(
        "no older periods: {periods} periods of which the last {recent} are recent; \
         at least {min} periods are needed",
        min = recent + 1
    )]
    NoOlderPeriods {
        /// Number of periods.
        periods: usize,
        /// Number of recent periods.
        recent: usize,
    },
    /// A computation that would need more memory or time than allowed.
    #[error("{what} is too large: {n} exceeds the limit {max}; {hint}")]
    TooLarge {
        /// What was too large.
        what: String,
        /// The size asked for.
        n: u64,
        /// The limit.
        max: u64,
        /// How to get below it.
        hint: String,
    },
}

impl TrendError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            TrendError::TooShort { .. } => "TREND_TOO_SHORT",
            TrendError::InvalidParameter { .. } => "TREND_INVALID_PARAMETER",
            TrendError::LengthMismatch { .. } => "TREND_LENGTH_MISMATCH",
            TrendError::InvalidValue { .. } => "TREND_INVALID_VALUE",
            TrendError::Empty { .. } => "TREND_EMPTY",
            TrendError::NoOlderPeriods { .. } => "TREND_NO_OLDER_PERIODS",
            TrendError::TooLarge { .. } => "TREND_TOO_LARGE",
        }
    }
}
