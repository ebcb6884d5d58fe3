//! Follow-up of interventions (*uppföljning*), method reference §9: named places and the
//! intervention registry, before/after evaluation (WDQ, TNE, WDD, two-rate Poisson tests,
//! difference in differences) and the advisory continue / expand / change / end
//! recommendation.
//!
//! | Module | What |
//! |---|---|
//! | [`registry`] | places and interventions (`est.interventions/1` JSON); every problem reported with its JSON path |
//! | [`effect`] | gross/net effect, WDQ, TNE, WDD (+ harm), relative IRR, Poisson DiD (2 × 2, panel IRLS), [`effect::evaluate`] |
//! | [`recommend`] | the advisory rule R0–R8 with Swedish and English reasons |
//!
//! Citations: Bowers & Johnson (2003) *J. Quant. Criminol.* 19:275–301 (WDQ); Guerette
//! (2009) POP Tool Guide 10 (gross/net effect, TNE); Wheeler & Ratcliffe (2018) *Crime
//! Science* 7:11 (WDD, DiD on counts); the two-rate tests are [`crate::stats::poisson`]'s.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use est_core::followup::effect::{evaluate, EvaluateParams};
//! use est_core::followup::recommend::{recommend, RecommendContext, RecommendParams};
//! use est_core::followup::registry::Registry;
//! use est_core::sample::SampleTown;
//!
//! let incidents = SampleTown::new(2000, 7).generate()?;
//! let registry = Registry::from_json(r#"{
//!   "schema": "est.interventions/1", "crs": 3006,
//!   "places": [{"name": "Stora torget", "geometry": {"type": "Polygon", "coordinates":
//!     [[[660010, 6609610], [660490, 6609610], [660490, 6610090], [660010, 6610090],
//!       [660010, 6609610]]]}}],
//!   "interventions": [{"id": "1", "name": "Belysning", "target": "Stora torget",
//!     "buffer_m": 300, "start": "2026-05-04", "categories": ["stold", "skadegorelse"]}]
//! }"#, incidents.taxonomy())?;
//! let as_of = Utc.with_ymd_and_hms(2026, 11, 22, 23, 0, 0).unwrap();
//! let evaluation = evaluate(&registry, "1", &incidents, &EvaluateParams::new(as_of))?;
//! assert!(evaluation.target.before + evaluation.target.after > 0);
//! let context = RecommendContext { problem_persists: true, nearby_emerging: 0 };
//! let advice = recommend(&evaluation, &context, &RecommendParams::default())?;
//! assert!(advice.rule_id.starts_with('R') && !advice.reasons_sv.is_empty());
//! # Ok::<(), est_core::Error>(())
//! ```

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
        .map(|i| {
            if i.value.is_empty() {
                format!("{}: {}", i.path, i.message)
            } else {
                format!("{} (got {}): {}", i.path, i.value, i.message)
            }
        })
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
