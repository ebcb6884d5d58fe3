//! Follow-up of interventions (*uppföljning*): named places and the intervention registry,
//! before/after evaluation (WDQ, TNE, WDD, two-rate Poisson tests, difference in
//! differences) and the advisory continue / expand / change / end recommendation.

pub mod effect;
pub mod recommend;
pub mod registry;

use serde::Serialize;

/// One problem found while validating an intervention registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistryIssue {
    /// JSON path of the offending value (`interventions[2].start`).
    pub path: String,
    /// The offending value, as text.
    pub value: String,
    /// What was expected.
    pub message: String,
    /// Stable code (`REGISTRY_BAD_DATE`, …).
    pub code: String,
}

/// Errors from the follow-up methods. Every variant carries the values behind the failure.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "variant", rename_all = "camelCase")]
pub enum FollowupError {
    /// The registry failed validation; every problem is listed.
    #[error("the intervention registry has {} problem(s): {}", issues.len(), summary(issues))]
    InvalidRegistry {
        /// Every problem found.
        issues: Vec<RegistryIssue>,
    },
    /// A measure that divides by a count that is zero (WDQ with an empty control area, …).
    #[error("{measure} is undefined: {reason}")]
    Undefined {
        /// The measure (e.g. "WDQ").
        measure: String,
        /// Why, with the values.
        reason: String,
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
    /// An intervention id not in the registry.
    #[error("unknown intervention {id:?}; known: {known}")]
    UnknownIntervention {
        /// The id asked for.
        id: String,
        /// The ids in the registry.
        known: String,
    },
}

fn summary(issues: &[RegistryIssue]) -> String {
    let mut parts: Vec<String> = issues
        .iter()
        .take(5)
        .map(|i| format!("{}: {}", i.path, i.message))
        .collect();
    if issues.len() > 5 {
        parts.push(format!("… and {} more", issues.len() - 5));
    }
    parts.join("; ")
}

impl FollowupError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            FollowupError::InvalidRegistry { .. } => "FOLLOWUP_INVALID_REGISTRY",
            FollowupError::Undefined { .. } => "FOLLOWUP_UNDEFINED",
            FollowupError::InvalidParameter { .. } => "FOLLOWUP_INVALID_PARAMETER",
            FollowupError::UnknownIntervention { .. } => "FOLLOWUP_UNKNOWN_INTERVENTION",
        }
    }
}
