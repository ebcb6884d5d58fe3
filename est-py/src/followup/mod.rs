//! Bindings of `est_core::followup`, one file per core module: `registry.rs` (`Registry`),
//! `effect.rs` (`evaluate`, `Evaluation`, `AreaChange`, `wdq`, `Wdq`, `tne`, `Tne`, `wdd`,
//! `Wdd`, `wdd_harm`, `WddHarm`, `did_2x2`, `did_panel`, `Did`, `relative_irr`,
//! `RelativeIrr`, `gross_net_effect`) and `recommend.rs` (`recommend`,
//! `recommend_from_numbers`, `Recommendation`). This file holds what they share.

use est_core::followup::FollowupError;
use pyo3::prelude::*;

use crate::error::OrRaise;

pub(crate) mod effect;
pub(crate) mod recommend;
pub(crate) mod registry;

/// A count given as a Python int (`FollowupError` naming it when negative).
pub(crate) fn count(py: Python<'_>, name: &str, c: i64) -> PyResult<u64> {
    u64::try_from(c)
        .map_err(|_| FollowupError::InvalidParameter {
            name: name.into(),
            value: c.to_string(),
            expected: "a whole count ≥ 0".into(),
        })
        .or_raise(py)
}

/// A pair of counts (before, after).
pub(crate) fn count_pair(py: Python<'_>, name: &str, pair: (i64, i64)) -> PyResult<(u64, u64)> {
    Ok((
        count(py, &format!("{name}[0] (before)"), pair.0)?,
        count(py, &format!("{name}[1] (after)"), pair.1)?,
    ))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    registry::register(m)?;
    effect::register(m)?;
    recommend::register(m)?;
    Ok(())
}
