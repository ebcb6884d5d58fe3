//! Bindings of `est_core::followup::recommend`: `recommend`, `recommend_from_numbers` and
//! `Recommendation`.

use est_core::followup::recommend::{
    FollowupNumbers, RecommendContext, RecommendParams, Recommendation,
    recommend as core_recommend, recommend_from_numbers as core_from_numbers,
};
use pyo3::prelude::*;

use super::count_pair;
use super::effect::{PyEvaluation, PyRelativeIrr, PyWdd, PyWdq};
use crate::error::OrRaise;
use crate::trend::{serde_name, to_json_text, to_py_obj};

/// The advisory recommendation after a follow-up: continue, expand, change or end, with the
/// rule that fired and the reasons in Swedish and English.
#[pyclass(frozen, module = "est", name = "Recommendation")]
pub(crate) struct PyRecommendation {
    inner: Recommendation,
}

#[pymethods]
impl PyRecommendation {
    /// `"continue"`, `"expand"`, `"change"` or `"end"`.
    #[getter]
    fn suggestion(&self) -> String {
        serde_name!(&self.inner.suggestion)
    }
    /// Swedish label: fortsätt, utvidga, ändra, avsluta.
    #[getter]
    fn label_sv(&self) -> &str {
        &self.inner.label_sv
    }
    /// English label.
    #[getter]
    fn label_en(&self) -> &str {
        &self.inner.label_en
    }
    /// The rule that fired, `"R0"` … `"R8"`.
    #[getter]
    fn rule_id(&self) -> &str {
        &self.inner.rule_id
    }
    /// The target's evidence: `"reduction"`, `"increase"` or `"inconclusive"`.
    #[getter]
    fn evidence(&self) -> String {
        serde_name!(&self.inner.evidence)
    }
    /// The buffer's reading: `"displacement"`, `"diffusion"` or `"neutral"`.
    #[getter]
    fn buffer(&self) -> String {
        serde_name!(&self.inner.buffer)
    }
    /// Whether too few incidents (or a zero control count) stopped the judgement.
    #[getter]
    fn too_few_incidents(&self) -> bool {
        self.inner.too_few_incidents
    }
    /// The facts the rule read, as a dict.
    #[getter]
    fn facts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner.facts)
    }
    /// The target's IRR relative to the control, when defined.
    #[getter]
    fn irr_target(&self) -> Option<PyRelativeIrr> {
        self.inner
            .irr_target
            .clone()
            .map(|inner| PyRelativeIrr { inner })
    }
    /// The buffer's IRR relative to its control, when there is a buffer and it is defined.
    #[getter]
    fn irr_buffer(&self) -> Option<PyRelativeIrr> {
        self.inner
            .irr_buffer
            .clone()
            .map(|inner| PyRelativeIrr { inner })
    }
    /// WDQ (None without a buffer or when undefined).
    #[getter]
    fn wdq(&self) -> Option<PyWdq> {
        self.inner.wdq.value().cloned().map(|inner| PyWdq { inner })
    }
    /// WDD total with its interval (None when undefined).
    #[getter]
    fn wdd(&self) -> Option<PyWdd> {
        self.inner.wdd.value().cloned().map(|inner| PyWdd { inner })
    }
    /// Plain Swedish sentences with the numbers.
    #[getter]
    fn reasons_sv(&self) -> Vec<String> {
        self.inner.reasons_sv.clone()
    }
    /// The same in English.
    #[getter]
    fn reasons_en(&self) -> Vec<String> {
        self.inner.reasons_en.clone()
    }
    /// Every input (numbers, context, thresholds, goal and its source), as a dict.
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner.inputs)
    }
    /// The whole recommendation as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner)
    }
    /// The whole recommendation as pretty JSON.
    fn to_json(&self) -> PyResult<String> {
        to_json_text!(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Recommendation: {} ({}) by rule {}; evidence {}, buffer {}>",
            serde_name!(&self.inner.suggestion),
            self.inner.label_sv,
            self.inner.rule_id,
            serde_name!(&self.inner.evidence),
            serde_name!(&self.inner.buffer)
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn params(
    alpha: f64,
    goal_irr: f64,
    min_followup_weeks: f64,
    max_followup_weeks: f64,
    min_events: u64,
    exact_below: u64,
) -> RecommendParams {
    RecommendParams {
        alpha,
        goal_irr,
        min_followup_weeks,
        max_followup_weeks,
        min_events,
        exact_below,
    }
}

/// The recommendation for an `Evaluation` (its counts, periods and registered goal).
#[pyfunction]
#[pyo3(signature = (
    evaluation, *, problem_persists = false, nearby_emerging = 0, alpha = 0.05,
    goal_irr = 0.8, min_followup_weeks = 12.0, max_followup_weeks = 52.0, min_events = 10,
    exact_below = 5
))]
#[allow(clippy::too_many_arguments)]
fn recommend(
    py: Python<'_>,
    evaluation: PyRef<'_, PyEvaluation>,
    problem_persists: bool,
    nearby_emerging: usize,
    alpha: f64,
    goal_irr: f64,
    min_followup_weeks: f64,
    max_followup_weeks: f64,
    min_events: u64,
    exact_below: u64,
) -> PyResult<PyRecommendation> {
    let context = RecommendContext {
        problem_persists,
        nearby_emerging,
    };
    let p = params(
        alpha,
        goal_irr,
        min_followup_weeks,
        max_followup_weeks,
        min_events,
        exact_below,
    );
    core_recommend(&evaluation.inner, &context, &p)
        .map(|inner| PyRecommendation { inner })
        .or_raise(py)
}

/// The recommendation from counts directly: target and control `(before, after)`, period
/// lengths in days, optional buffer (and buffer control) counts and the registered goal.
#[pyfunction]
#[pyo3(signature = (
    target, control, before_days, after_days, *, buffer = None, buffer_control = None,
    registered_goal_irr = None, problem_persists = false, nearby_emerging = 0,
    alpha = 0.05, goal_irr = 0.8, min_followup_weeks = 12.0,
    max_followup_weeks = 52.0, min_events = 10, exact_below = 5
))]
#[allow(clippy::too_many_arguments)]
fn recommend_from_numbers(
    py: Python<'_>,
    target: (i64, i64),
    control: (i64, i64),
    before_days: f64,
    after_days: f64,
    buffer: Option<(i64, i64)>,
    buffer_control: Option<(i64, i64)>,
    registered_goal_irr: Option<f64>,
    problem_persists: bool,
    nearby_emerging: usize,
    alpha: f64,
    goal_irr: f64,
    min_followup_weeks: f64,
    max_followup_weeks: f64,
    min_events: u64,
    exact_below: u64,
) -> PyResult<PyRecommendation> {
    let mut numbers = FollowupNumbers::new(
        count_pair(py, "target", target)?,
        count_pair(py, "control", control)?,
        before_days,
        after_days,
    );
    numbers.buffer = buffer.map(|b| count_pair(py, "buffer", b)).transpose()?;
    numbers.buffer_control = buffer_control
        .map(|b| count_pair(py, "buffer_control", b))
        .transpose()?;
    numbers.goal_irr = registered_goal_irr;
    let context = RecommendContext {
        problem_persists,
        nearby_emerging,
    };
    let p = params(
        alpha,
        goal_irr,
        min_followup_weeks,
        max_followup_weeks,
        min_events,
        exact_below,
    );
    core_from_numbers(&numbers, &context, &p)
        .map(|inner| PyRecommendation { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRecommendation>()?;
    m.add_function(wrap_pyfunction!(recommend, m)?)?;
    m.add_function(wrap_pyfunction!(recommend_from_numbers, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use est_core::followup::recommend::RecommendParams;

    /// The literal defaults of the signatures are the core's.
    #[test]
    fn signature_defaults_are_the_cores() {
        let d = RecommendParams::default();
        assert_eq!(
            (
                d.alpha,
                d.goal_irr,
                d.min_followup_weeks,
                d.max_followup_weeks
            ),
            (0.05, 0.8, 12.0, 52.0)
        );
        assert_eq!((d.min_events, d.exact_below), (10, 5));
    }
}
