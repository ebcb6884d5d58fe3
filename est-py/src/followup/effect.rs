//! Bindings of `est_core::followup::effect`: `wdq`, `tne`, `wdd`, `wdd_harm`, `did_2x2`,
//! `did_panel`, `relative_irr`, `gross_net_effect`, and `evaluate` with its `Evaluation` and
//! `AreaChange`.

use chrono::Duration;
use est_core::followup::FollowupError;
use est_core::followup::effect::{
    AreaChange, Defined, Did, EvaluateParams, Evaluation, IrrCi, RelativeIrr, Tne, Wdd, WddCounts,
    WddHarm, Wdq, Window, did_2x2 as core_did2, did_panel as core_panel, evaluate as core_evaluate,
    gross_net_effect as core_gn, relative_irr as core_rirr, tne as core_tne, wdd as core_wdd,
    wdd_harm_values, wdq as core_wdq,
};
use numpy::{AllowTypeChange, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::{count, registry::PyRegistry};
use crate::crs::owned;
use crate::error::OrRaise;
use crate::incident::PyIncidents;
use crate::params::params_list;
use crate::stats::{PyRateRatio, PyTwoRateTest};
use crate::trend::{opt_time, serde_name, to_json_text, to_py_obj, utc_to_py, window_from_py};

/// The value of a `Defined`, wrapped, or None.
fn defined<T: Clone, P>(d: &Defined<T>, wrap: impl Fn(T) -> P) -> Option<P> {
    d.value().cloned().map(wrap)
}

/// The reason a `Defined` has no value.
fn reason<T>(d: &Defined<T>) -> Option<&str> {
    match d {
        Defined::Value(_) => None,
        Defined::Undefined(r) => Some(r),
    }
}

// ---------------------------------------------------------------------------------------------
// Result classes

/// The weighted displacement quotient (Bowers & Johnson 2003).
#[pyclass(frozen, module = "est", name = "Wdq")]
pub(crate) struct PyWdq {
    pub(crate) inner: Wdq,
}

#[pymethods]
impl PyWdq {
    /// `buffer / success`.
    #[getter]
    fn value(&self) -> f64 {
        self.inner.value
    }
    /// Success measure `R_a/C_a − R_b/C_b` (negative = the target improved).
    #[getter]
    fn success(&self) -> f64 {
        self.inner.success
    }
    /// Buffer measure `D_a/C_a − D_b/C_b` (positive = displacement).
    #[getter]
    fn buffer(&self) -> f64 {
        self.inner.buffer
    }
    /// Whether the success measure is negative (only then is the quotient read).
    #[getter]
    fn interpretable(&self) -> bool {
        self.inner.interpretable
    }
    /// The reading (`"diffusion"`, `"displacement_net_benefit"` …).
    #[getter]
    fn reading(&self) -> String {
        serde_name!(&self.inner.reading)
    }
    /// The reading in Swedish.
    #[getter]
    fn reading_sv(&self) -> &'static str {
        self.inner.reading.label_sv()
    }
    /// The reading in English.
    #[getter]
    fn reading_en(&self) -> &'static str {
        self.inner.reading.label_en()
    }
    fn __repr__(&self) -> String {
        format!(
            "Wdq(value={}, success={}, buffer={}, reading={:?})",
            self.inner.value,
            self.inner.success,
            self.inner.buffer,
            serde_name!(&self.inner.reading)
        )
    }
}

/// The total net effect (Guerette 2009): incidents prevented in target plus buffer.
#[pyclass(frozen, module = "est", name = "Tne")]
pub(crate) struct PyTne {
    pub(crate) inner: Tne,
}

#[pymethods]
impl PyTne {
    /// `target + buffer` (positive = incidents prevented).
    #[getter]
    fn value(&self) -> f64 {
        self.inner.value
    }
    /// `R_b·C_a/C_b − R_a`.
    #[getter]
    fn target(&self) -> f64 {
        self.inner.target
    }
    /// `D_b·C_a/C_b − D_a`.
    #[getter]
    fn buffer(&self) -> f64 {
        self.inner.buffer
    }
    fn __repr__(&self) -> String {
        format!(
            "Tne(value={}, target={}, buffer={})",
            self.inner.value, self.inner.target, self.inner.buffer
        )
    }
}

/// The weighted displacement difference test (Wheeler & Ratcliffe 2018).
#[pyclass(frozen, module = "est", name = "Wdd")]
pub(crate) struct PyWdd {
    pub(crate) inner: Wdd,
}

#[pymethods]
impl PyWdd {
    /// `local + displacement` (negative = incidents prevented).
    #[getter]
    fn estimate(&self) -> f64 {
        self.inner.estimate
    }
    /// Standard error.
    #[getter]
    fn se(&self) -> f64 {
        self.inner.se
    }
    /// `estimate / se`.
    #[getter]
    fn z(&self) -> f64 {
        self.inner.z
    }
    /// Two-sided normal p.
    #[getter]
    fn p(&self) -> f64 {
        self.inner.p
    }
    /// Lower limit of the `1 − alpha` interval.
    #[getter]
    fn lower(&self) -> f64 {
        self.inner.lower
    }
    /// Upper limit.
    #[getter]
    fn upper(&self) -> f64 {
        self.inner.upper
    }
    /// The significance level.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }
    /// The target-versus-control part as `(estimate, se)`.
    #[getter]
    fn local(&self) -> (f64, f64) {
        (self.inner.local.estimate, self.inner.local.se)
    }
    /// The displacement part as `(estimate, se)`.
    #[getter]
    fn displacement(&self) -> (f64, f64) {
        (self.inner.displacement.estimate, self.inner.displacement.se)
    }
    /// The inputs as a dict.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner.counts)
    }
    fn __repr__(&self) -> String {
        format!(
            "Wdd(estimate={}, se={}, z={}, p={}, lower={}, upper={}, alpha={})",
            self.inner.estimate,
            self.inner.se,
            self.inner.z,
            self.inner.p,
            self.inner.lower,
            self.inner.upper,
            self.inner.alpha
        )
    }
}

/// A harm-weighted sum of WDD estimates (ptools `wdd_harm`).
#[pyclass(frozen, module = "est", name = "WddHarm")]
pub(crate) struct PyWddHarm {
    inner: WddHarm,
}

#[pymethods]
impl PyWddHarm {
    /// `Σ h_k·est_k`.
    #[getter]
    fn estimate(&self) -> f64 {
        self.inner.estimate
    }
    /// `√(Σ h_k²·se_k²)`.
    #[getter]
    fn se(&self) -> f64 {
        self.inner.se
    }
    /// `estimate / se`.
    #[getter]
    fn z(&self) -> f64 {
        self.inner.z
    }
    /// Two-sided normal p.
    #[getter]
    fn p(&self) -> f64 {
        self.inner.p
    }
    /// Lower limit.
    #[getter]
    fn lower(&self) -> f64 {
        self.inner.lower
    }
    /// Upper limit.
    #[getter]
    fn upper(&self) -> f64 {
        self.inner.upper
    }
    /// The significance level.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }
    /// The harm weights.
    #[getter]
    fn weights(&self) -> Vec<f64> {
        self.inner.weights.clone()
    }
    fn __repr__(&self) -> String {
        format!(
            "WddHarm(estimate={}, se={}, z={}, p={}, lower={}, upper={})",
            self.inner.estimate,
            self.inner.se,
            self.inner.z,
            self.inner.p,
            self.inner.lower,
            self.inner.upper
        )
    }
}

/// A Poisson difference-in-differences estimate.
#[pyclass(frozen, module = "est", name = "Did")]
pub(crate) struct PyDid {
    inner: Did,
}

#[pymethods]
impl PyDid {
    /// `e^δ`: the change in the treated relative to the controls.
    #[getter]
    fn irr(&self) -> f64 {
        self.inner.irr
    }
    /// `δ`.
    #[getter]
    fn log_irr(&self) -> f64 {
        self.inner.log_irr
    }
    /// Standard error of `δ`.
    #[getter]
    fn se_log(&self) -> f64 {
        self.inner.se_log
    }
    /// Lower limit of the IRR interval.
    #[getter]
    fn lower(&self) -> f64 {
        self.inner.lower
    }
    /// Upper limit.
    #[getter]
    fn upper(&self) -> f64 {
        self.inner.upper
    }
    /// `δ / se`.
    #[getter]
    fn z(&self) -> f64 {
        self.inner.z
    }
    /// Two-sided normal p.
    #[getter]
    fn p(&self) -> f64 {
        self.inner.p
    }
    /// The significance level.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }
    /// `"closed_form2x2"`, `"poisson_glm"` or `"quasi_poisson_glm"`.
    #[getter]
    fn method(&self) -> String {
        serde_name!(&self.inner.method)
    }
    /// Dispersion used for the standard error (1 for Poisson).
    #[getter]
    fn scale(&self) -> f64 {
        self.inner.scale
    }
    /// Pearson χ² of the fit.
    #[getter]
    fn pearson_chi2(&self) -> f64 {
        self.inner.pearson_chi2
    }
    /// Residual deviance.
    #[getter]
    fn deviance(&self) -> f64 {
        self.inner.deviance
    }
    /// Residual degrees of freedom.
    #[getter]
    fn df_resid(&self) -> usize {
        self.inner.df_resid
    }
    /// Observations used.
    #[getter]
    fn n_obs(&self) -> usize {
        self.inner.n_obs
    }
    /// IRLS iterations (0 for the closed form).
    #[getter]
    fn iterations(&self) -> usize {
        self.inner.iterations
    }
    /// Group labels left out (all counts zero).
    #[getter]
    fn dropped_groups(&self) -> Vec<usize> {
        self.inner.dropped_groups.clone()
    }
    /// Period labels left out (all counts zero).
    #[getter]
    fn dropped_times(&self) -> Vec<usize> {
        self.inner.dropped_times.clone()
    }
    fn __repr__(&self) -> String {
        format!(
            "Did(irr={}, lower={}, upper={}, z={}, p={}, method={:?})",
            self.inner.irr,
            self.inner.lower,
            self.inner.upper,
            self.inner.z,
            self.inner.p,
            serde_name!(&self.inner.method)
        )
    }
}

/// The target's incidence rate ratio relative to a control, `(T1/T0)/(C1/C0)`.
#[pyclass(frozen, module = "est", name = "RelativeIrr")]
pub(crate) struct PyRelativeIrr {
    pub(crate) inner: RelativeIrr,
}

#[pymethods]
impl PyRelativeIrr {
    /// The ratio.
    #[getter]
    fn irr(&self) -> f64 {
        self.inner.irr
    }
    /// Lower limit.
    #[getter]
    fn lower(&self) -> f64 {
        self.inner.lower
    }
    /// Upper limit.
    #[getter]
    fn upper(&self) -> f64 {
        self.inner.upper
    }
    /// `"wald_log"` or `"exact_conditional"`.
    #[getter]
    fn ci(&self) -> String {
        serde_name!(&self.inner.ci)
    }
    /// The significance level.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }
    /// Target (before, after).
    #[getter]
    fn target(&self) -> (u64, u64) {
        self.inner.target
    }
    /// Control (before, after).
    #[getter]
    fn control(&self) -> (u64, u64) {
        self.inner.control
    }
    fn __repr__(&self) -> String {
        format!(
            "RelativeIrr(irr={}, lower={}, upper={}, ci={:?})",
            self.inner.irr,
            self.inner.lower,
            self.inner.upper,
            serde_name!(&self.inner.ci)
        )
    }
}

/// Counts of one area before and after, with the after-versus-before tests.
#[pyclass(frozen, module = "est", name = "AreaChange")]
pub(crate) struct PyAreaChange {
    inner: AreaChange,
}

fn test_of(d: &Defined<est_core::stats::poisson::TwoRateTest>) -> Option<PyTwoRateTest> {
    defined(d, |inner| PyTwoRateTest { inner })
}

#[pymethods]
impl PyAreaChange {
    /// The place's name (None for a ring buffer or the default control).
    #[getter]
    fn name(&self) -> Option<String> {
        self.inner.name.clone()
    }
    /// How the area was formed.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }
    /// Incidents before.
    #[getter]
    fn before(&self) -> u64 {
        self.inner.before
    }
    /// Incidents after.
    #[getter]
    fn after(&self) -> u64 {
        self.inner.after
    }
    /// Rate ratio after/before per day with its interval (None when undefined).
    #[getter]
    fn irr(&self) -> Option<PyRateRatio> {
        defined(&self.inner.irr, |inner| PyRateRatio { inner })
    }
    /// Score test of equal rates.
    #[getter]
    fn score(&self) -> Option<PyTwoRateTest> {
        test_of(&self.inner.score)
    }
    /// Exact conditional test.
    #[getter]
    fn exact_cond(&self) -> Option<PyTwoRateTest> {
        test_of(&self.inner.exact_cond)
    }
    /// E-test, unpooled statistic.
    #[getter]
    fn etest(&self) -> Option<PyTwoRateTest> {
        test_of(&self.inner.etest)
    }
    /// E-test, pooled statistic.
    #[getter]
    fn etest_pooled(&self) -> Option<PyTwoRateTest> {
        test_of(&self.inner.etest_pooled)
    }
    fn __repr__(&self) -> String {
        format!(
            "<AreaChange {}: {} before, {} after ({})>",
            self.inner.name.as_deref().unwrap_or("(unnamed)"),
            self.inner.before,
            self.inner.after,
            self.inner.rule
        )
    }
}

fn window_dict<'py>(py: Python<'py>, w: &Window) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("start", utc_to_py(py, w.start)?)?;
    d.set_item("end", utc_to_py(py, w.end)?)?;
    d.set_item("days", w.days)?;
    Ok(d)
}

/// The before/after evaluation of one registered intervention.
#[pyclass(frozen, module = "est", name = "Evaluation")]
pub(crate) struct PyEvaluation {
    pub(crate) inner: Evaluation,
}

#[pymethods]
impl PyEvaluation {
    /// The intervention as a dict (without its free-text description).
    #[getter]
    fn intervention<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner.intervention)
    }
    /// The intervention's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.intervention.id
    }
    /// Codes of the categories counted.
    #[getter]
    fn categories(&self) -> Vec<String> {
        self.inner.categories.clone()
    }
    /// The before period: `{"start", "end", "days"}`.
    #[getter]
    fn before<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        window_dict(py, &self.inner.before)
    }
    /// The after period: `{"start", "end", "days"}`.
    #[getter]
    fn after<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        window_dict(py, &self.inner.after)
    }
    /// Length of the after period in weeks.
    #[getter]
    fn followup_weeks(&self) -> f64 {
        self.inner.followup_weeks
    }
    /// The target area.
    #[getter]
    fn target(&self) -> PyAreaChange {
        PyAreaChange {
            inner: self.inner.target.clone(),
        }
    }
    /// The control area.
    #[getter]
    fn control(&self) -> PyAreaChange {
        PyAreaChange {
            inner: self.inner.control.clone(),
        }
    }
    /// The buffer (displacement) area, if any.
    #[getter]
    fn buffer(&self) -> Option<PyAreaChange> {
        self.inner
            .buffer
            .clone()
            .map(|inner| PyAreaChange { inner })
    }
    /// The target's IRR relative to the control (None when undefined).
    #[getter]
    fn irr_target(&self) -> Option<PyRelativeIrr> {
        defined(&self.inner.irr_target, |inner| PyRelativeIrr { inner })
    }
    /// The buffer's IRR relative to the control (None without a buffer or when undefined).
    #[getter]
    fn irr_buffer(&self) -> Option<PyRelativeIrr> {
        self.inner
            .irr_buffer
            .as_ref()
            .and_then(|d| defined(d, |inner| PyRelativeIrr { inner }))
    }
    /// Gross and net effect `{"gross", "net"}` (None when undefined).
    #[getter]
    fn gross_net<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .gross_net
            .value()
            .map(|g| to_py_obj!(py, g))
            .transpose()
    }
    /// WDQ (None without a buffer or when undefined).
    #[getter]
    fn wdq(&self) -> Option<PyWdq> {
        defined(&self.inner.wdq, |inner| PyWdq { inner })
    }
    /// TNE (None without a buffer or when undefined).
    #[getter]
    fn tne(&self) -> Option<PyTne> {
        defined(&self.inner.tne, |inner| PyTne { inner })
    }
    /// WDD with time weights (before days / after days, 1).
    #[getter]
    fn wdd(&self) -> Option<PyWdd> {
        defined(&self.inner.wdd, |inner| PyWdd { inner })
    }
    /// 2 × 2 Poisson DiD, target versus control.
    #[getter]
    fn did(&self) -> Option<PyDid> {
        defined(&self.inner.did, |inner| PyDid { inner })
    }
    /// Why each undefined measure is undefined, by name (`"wdq"`, `"did"` …).
    #[getter]
    fn undefined<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let e = &self.inner;
        let d = PyDict::new(py);
        let items = [
            ("irr_target", reason(&e.irr_target)),
            ("irr_buffer", e.irr_buffer.as_ref().and_then(reason)),
            ("gross_net", reason(&e.gross_net)),
            ("wdq", reason(&e.wdq)),
            ("tne", reason(&e.tne)),
            ("wdd", reason(&e.wdd)),
            ("did", reason(&e.did)),
        ];
        for (k, r) in items {
            if let Some(r) = r {
                d.set_item(k, r)?;
            }
        }
        Ok(d)
    }
    /// Significance level.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }
    /// The goal from the registry, if any.
    #[getter]
    fn goal_irr(&self) -> Option<f64> {
        self.inner.goal_irr
    }
    /// What the reader should know (area precedence, default control).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes.clone()
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// The whole evaluation as plain Python objects (undefined measures as
    /// `{"undefined": reason}`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner)
    }
    /// The whole evaluation as pretty JSON.
    fn to_json(&self) -> PyResult<String> {
        to_json_text!(&self.inner)
    }
    fn __repr__(&self) -> String {
        let e = &self.inner;
        let irr = e.irr_target.value().map_or("undefined".to_string(), |r| {
            format!("{:.3} [{:.3}, {:.3}]", r.irr, r.lower, r.upper)
        });
        format!(
            "<Evaluation {}: target {} → {}, control {} → {}, {:.1} weeks; IRR {irr}>",
            e.intervention.id,
            e.target.before,
            e.target.after,
            e.control.before,
            e.control.after,
            e.followup_weeks
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Functions

/// Weighted displacement quotient `(D_a/C_a − D_b/C_b)/(R_a/C_a − R_b/C_b)`.
#[pyfunction]
fn wdq(
    py: Python<'_>,
    r_b: f64,
    r_a: f64,
    d_b: f64,
    d_a: f64,
    c_b: f64,
    c_a: f64,
) -> PyResult<PyWdq> {
    core_wdq(r_b, r_a, d_b, d_a, c_b, c_a)
        .map(|inner| PyWdq { inner })
        .or_raise(py)
}

/// Total net effect `[R_b·C_a/C_b − R_a] + [D_b·C_a/C_b − D_a]`.
#[pyfunction]
fn tne(
    py: Python<'_>,
    r_b: f64,
    r_a: f64,
    d_b: f64,
    d_a: f64,
    c_b: f64,
    c_a: f64,
) -> PyResult<PyTne> {
    core_tne(r_b, r_a, d_b, d_a, c_b, c_a)
        .map(|inner| PyTne { inner })
        .or_raise(py)
}

/// Gross effect `R_b − R_a` and net effect `R_b/C_b − R_a/C_a` as a dict.
#[pyfunction]
fn gross_net_effect<'py>(
    py: Python<'py>,
    r_b: f64,
    r_a: f64,
    c_b: f64,
    c_a: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let g = core_gn(r_b, r_a, c_b, c_a).or_raise(py)?;
    to_py_obj!(py, &g)
}

/// Weighted displacement difference (ptools `wdd` argument order): counts are
/// `(before, after)` pairs.
#[pyfunction]
#[pyo3(
    signature = (
        control, treated, disp_control = None, disp_treated = None, *,
        time_weights = (1.0, 1.0), area_weights = (1.0, 1.0, 1.0, 1.0), alpha = 0.05
    ),
    text_signature = "(control, treated, disp_control=None, disp_treated=None, *, \
                      time_weights=(1.0, 1.0), area_weights=(1.0, 1.0, 1.0, 1.0), alpha=0.05)"
)]
#[allow(clippy::too_many_arguments)]
fn wdd(
    py: Python<'_>,
    control: (f64, f64),
    treated: (f64, f64),
    disp_control: Option<(f64, f64)>,
    disp_treated: Option<(f64, f64)>,
    time_weights: (f64, f64),
    area_weights: (f64, f64, f64, f64),
    alpha: f64,
) -> PyResult<PyWdd> {
    let mut counts = WddCounts::new(control, treated)
        .with_time_weights(time_weights.0, time_weights.1)
        .with_area_weights([
            area_weights.0,
            area_weights.1,
            area_weights.2,
            area_weights.3,
        ]);
    counts.disp_control = disp_control;
    counts.disp_treated = disp_treated;
    core_wdd(&counts, alpha)
        .map(|inner| PyWdd { inner })
        .or_raise(py)
}

/// Harm-weighted WDD over crime types (ptools `wdd_harm(est, se, weight)`).
#[pyfunction]
#[pyo3(signature = (est, se, weight, *, alpha = 0.05))]
fn wdd_harm(
    py: Python<'_>,
    est: PyArrayLike1<'_, f64, AllowTypeChange>,
    se: PyArrayLike1<'_, f64, AllowTypeChange>,
    weight: PyArrayLike1<'_, f64, AllowTypeChange>,
    alpha: f64,
) -> PyResult<PyWddHarm> {
    wdd_harm_values(&owned(&est), &owned(&se), &owned(&weight), alpha)
        .map(|inner| PyWddHarm { inner })
        .or_raise(py)
}

/// 2 × 2 Poisson difference in differences: `IRR = (T1/T0)/(C1/C0)`.
#[pyfunction]
#[pyo3(signature = (t0, t1, c0, c1, *, alpha = 0.05))]
fn did_2x2(py: Python<'_>, t0: i64, t1: i64, c0: i64, c1: i64, alpha: f64) -> PyResult<PyDid> {
    let (t0, t1) = (count(py, "t0", t0)?, count(py, "t1", t1)?);
    let (c0, c1) = (count(py, "c0", c0)?, count(py, "c1", c1)?);
    core_did2(t0, t1, c0, c1, alpha)
        .map(|inner| PyDid { inner })
        .or_raise(py)
}

/// Poisson difference in differences on a panel by IRLS:
/// `log E[y] = α_group + γ_time + δ·treated_post (+ log exposure)`, `IRR = e^δ`.
#[pyfunction]
#[pyo3(signature = (
    y, group, time, treated_post, *, exposure = None, overdispersion = false,
    alpha = 0.05
))]
#[allow(clippy::too_many_arguments)]
fn did_panel(
    py: Python<'_>,
    y: PyArrayLike1<'_, f64, AllowTypeChange>,
    group: Vec<usize>,
    time: Vec<usize>,
    treated_post: Vec<bool>,
    exposure: Option<PyArrayLike1<'_, f64, AllowTypeChange>>,
    overdispersion: bool,
    alpha: f64,
) -> PyResult<PyDid> {
    let y = owned(&y);
    let e = exposure.as_ref().map(owned);
    py.detach(|| {
        core_panel(
            &y,
            &group,
            &time,
            &treated_post,
            e.as_deref(),
            overdispersion,
            alpha,
        )
    })
    .map(|inner| PyDid { inner })
    .or_raise(py)
}

/// The target's IRR relative to a control `(T1/T0)/(C1/C0)` with a `"wald-log"`,
/// `"exact"` (conditional) or `"auto"` interval (exact when a count is below `exact_below`).
#[pyfunction]
#[pyo3(signature = (t0, t1, c0, c1, *, ci = "auto", alpha = 0.05, exact_below = 5))]
#[allow(clippy::too_many_arguments)]
fn relative_irr(
    py: Python<'_>,
    t0: i64,
    t1: i64,
    c0: i64,
    c1: i64,
    ci: &str,
    alpha: f64,
    exact_below: u64,
) -> PyResult<PyRelativeIrr> {
    let (t0, t1) = (count(py, "t0", t0)?, count(py, "t1", t1)?);
    let (c0, c1) = (count(py, "c0", c0)?, count(py, "c1", c1)?);
    let ci = match ci {
        "auto" => IrrCi::auto(&[t0, t1, c0, c1], exact_below),
        "wald-log" | "wald_log" => IrrCi::WaldLog,
        "exact" | "exact_conditional" => IrrCi::ExactConditional,
        other => {
            return Err(FollowupError::InvalidParameter {
                name: "ci".into(),
                value: other.to_string(),
                expected: "\"auto\", \"wald-log\" or \"exact\"".into(),
            })
            .or_raise(py);
        }
    };
    core_rirr(t0, t1, c0, c1, ci, alpha)
        .map(|inner| PyRelativeIrr { inner })
        .or_raise(py)
}

/// The before/after evaluation of intervention `id` of `registry` on `incidents`.
#[pyfunction]
#[pyo3(signature = (
    registry, id, incidents, *, as_of = None, before = None, after = None,
    alpha = 0.05, study_area = None, exact_below = 5
))]
#[allow(clippy::too_many_arguments)]
fn evaluate(
    py: Python<'_>,
    registry: PyRef<'_, PyRegistry>,
    id: &str,
    incidents: PyRef<'_, PyIncidents>,
    as_of: Option<&Bound<'_, PyAny>>,
    before: Option<&Bound<'_, PyAny>>,
    after: Option<&Bound<'_, PyAny>>,
    alpha: f64,
    study_area: Option<String>,
    exact_below: u64,
) -> PyResult<PyEvaluation> {
    let inc = &incidents.inner;
    let as_of = match opt_time(as_of, "as_of")? {
        Some(t) => t,
        None => match inc.time_range() {
            Some((_, last)) => last + Duration::seconds(1),
            None => {
                return Err(FollowupError::InvalidParameter {
                    name: "as_of".into(),
                    value: "None".into(),
                    expected: "an instant (there are no incidents to take the end of the data \
                               from)"
                        .into(),
                })
                .or_raise(py);
            }
        },
    };
    let mut params = EvaluateParams::new(as_of);
    params.alpha = alpha;
    params.exact_below = exact_below;
    params.study_area = study_area;
    params.before = before
        .filter(|b| !b.is_none())
        .map(|b| window_from_py(b, "before"))
        .transpose()?;
    params.after = after
        .filter(|a| !a.is_none())
        .map(|a| window_from_py(a, "after"))
        .transpose()?;
    let reg = &registry.inner;
    py.detach(|| core_evaluate(reg, id, inc, &params))
        .map(|inner| PyEvaluation { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyWdq>()?;
    m.add_class::<PyTne>()?;
    m.add_class::<PyWdd>()?;
    m.add_class::<PyWddHarm>()?;
    m.add_class::<PyDid>()?;
    m.add_class::<PyRelativeIrr>()?;
    m.add_class::<PyAreaChange>()?;
    m.add_class::<PyEvaluation>()?;
    m.add_function(wrap_pyfunction!(wdq, m)?)?;
    m.add_function(wrap_pyfunction!(tne, m)?)?;
    m.add_function(wrap_pyfunction!(gross_net_effect, m)?)?;
    m.add_function(wrap_pyfunction!(wdd, m)?)?;
    m.add_function(wrap_pyfunction!(wdd_harm, m)?)?;
    m.add_function(wrap_pyfunction!(did_2x2, m)?)?;
    m.add_function(wrap_pyfunction!(did_panel, m)?)?;
    m.add_function(wrap_pyfunction!(relative_irr, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use est_core::followup::effect::{DEFAULT_ALPHA, DEFAULT_EXACT_BELOW, EvaluateParams};

    /// The literal defaults of the signatures are the core's.
    #[test]
    fn signature_defaults_are_the_cores() {
        assert_eq!(DEFAULT_ALPHA, 0.05);
        assert_eq!(DEFAULT_EXACT_BELOW, 5);
        let p = EvaluateParams::new(chrono::DateTime::UNIX_EPOCH);
        assert_eq!((p.alpha, p.exact_below), (0.05, 5));
        let w = est_core::followup::effect::WddCounts::new((1.0, 1.0), (1.0, 1.0));
        assert_eq!((w.time_weights, w.area_weights), ((1.0, 1.0), [1.0; 4]));
    }
}
