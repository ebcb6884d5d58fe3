//! Provenance of parameters: every result records each parameter it used and where the value
//! came from (the caller, a default, or an automatic rule), so that a lägesbild can always say
//! *why* a cell is 200 m or a bandwidth 600 m.

use serde::{Deserialize, Serialize};

/// Where a parameter's value came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Source {
    /// Given by the caller.
    User,
    /// The documented default (the comment on the default names its origin).
    Default,
    /// Chosen automatically by a named rule.
    Auto {
        /// The rule, e.g. `"min_side/50, floor to 100 m"`.
        rule: String,
    },
}

/// One parameter as used by a computation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamUsed {
    /// Parameter name, e.g. `"cell_size_m"`.
    pub name: String,
    /// The value used.
    pub value: serde_json::Value,
    /// Where it came from.
    #[serde(flatten)]
    pub source: Source,
}

impl ParamUsed {
    /// A parameter with its value and source.
    pub fn new(name: &str, value: impl Into<serde_json::Value>, source: Source) -> Self {
        ParamUsed {
            name: name.to_string(),
            value: value.into(),
            source,
        }
    }
}
