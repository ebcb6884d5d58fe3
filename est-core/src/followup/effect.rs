//! Effect measures for the follow-up of an intervention: gross and net effect, the weighted
//! displacement quotient (WDQ), the total net effect (TNE), the weighted displacement
//! difference (WDD, with harm weights), the incidence rate ratio relative to a control area,
//! Poisson difference-in-differences (closed form for 2 × 2, IRLS for panels), and
//! [`evaluate`], the whole before/after evaluation of one registered intervention.
//!
//! Notation (method reference §9): target `R`/`T`, buffer (displacement) area `D`, control
//! `C`, control of the buffer `DC`; suffix `b`/`0` before, `a`/`1` after.
//!
//! | Measure | Definition | Source |
//! |---|---|---|
//! | [`gross_net_effect`] | `GE = R_b − R_a`, `NE = R_b/C_b − R_a/C_a` (positive = relative decrease) | Guerette 2009 |
//! | [`wdq`] | `(D_a/C_a − D_b/C_b) / (R_a/C_a − R_b/C_b)` | Bowers & Johnson 2003 |
//! | [`tne`] | `[R_b·C_a/C_b − R_a] + [D_b·C_a/C_b − D_a]` | Guerette 2009 |
//! | [`wdd`] | `(T1/ω − T0/ω) − (C1/ω − C0/ω)` + the same for `D`/`DC`; `Var = Σ count/ω²` | Wheeler & Ratcliffe 2018 |
//! | [`wdd_harm`] | `H = Σ h_k·WDD_k`, `Var(H) = Σ h_k²·Var_k` | ptools `wdd_harm` |
//! | [`did_2x2`] | `IRR = (T1/T0)/(C1/C0)`, `SE(ln IRR) = √(1/T0 + 1/T1 + 1/C0 + 1/C1)` | Poisson GLM, closed form |
//! | [`did_panel`] | `log E[y_gt] = α_g + γ_t + δ·D_gt (+ log exposure)`, `IRR = e^δ` by IRLS | Poisson GLM |
//! | [`relative_irr`] | `(T1/T0)/(C1/C0)` with a Wald-log or exact conditional interval | §9.6/§9.8 |
//!
//! Defaults: `alpha = 0.05` (est ◆; ptools' `wdd` defaults to 0.1, a 90 % interval).
//!
//! # Reference implementation
//! WDD, harm and the two-rate tests: the project's `ref_followup.py` (formula of ptools `wdd`
//! and `wdd_harm`; statsmodels 0.15.0 `test_poisson_2indep`), agreement 1e-8 absolute
//! (`tests/tests/reference_followup.rs`). DiD: statsmodels 0.15.0 `GLM(Poisson)` with group
//! and time dummies and `scale="X2"` for quasi-Poisson, agreement ≤ 1e-6
//! (`tests/reference/ref_did.py`). Exact conditional interval of the relative IRR: scipy
//! 1.17.1 `scipy.stats.contingency.odds_ratio(kind="conditional")` (same file).
//!
//! # Deviations
//! - WDQ with a zero control count or a zero success measure is an error value with the
//!   numbers (Ratcliffe's spreadsheet only warns); it has no confidence interval — use WDD.
//! - [`did_panel`] leaves out groups and periods whose counts are all zero (their fixed
//!   effects go to −∞ and carry no information on `δ`); statsmodels keeps iterating them
//!   towards −∞, which changes its residual degrees of freedom.
//!
//! # Example
//! ```
//! use est_core::followup::effect::{did_2x2, tne, wdd, wdq, WddCounts, Reading};
//!
//! // §9.2–9.4 of the method reference (Wheeler & Ratcliffe 2018 for WDD).
//! let q = wdq(100.0, 60.0, 80.0, 70.0, 400.0, 380.0)?;
//! assert!((q.value - 6.0 / 35.0).abs() < 1e-12);
//! assert_eq!(q.reading, Reading::Diffusion);
//! assert!((tne(100.0, 60.0, 80.0, 70.0, 400.0, 380.0)?.value - 41.0).abs() < 1e-12);
//! let counts = WddCounts::new((308.0, 318.0), (207.0, 110.0))
//!     .with_displacement((150.0, 140.0), (178.0, 157.0));
//! let w = wdd(&counts, 0.05)?;
//! assert!((w.estimate + 118.0).abs() < 1e-12 && (w.se - 1568f64.sqrt()).abs() < 1e-12);
//! let d = did_2x2(207, 110, 308, 318, 0.05)?;
//! assert!((d.irr - 0.5146902).abs() < 1e-7);
//! # Ok::<(), est_core::followup::FollowupError>(())
//! ```

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Stockholm;
use geo::{BoundingRect, Distance, Euclidean, Intersects, MultiPolygon, Point, Rect};
use serde::Serialize;

use super::FollowupError;
use super::registry::{Intervention, Registry};
use crate::incident::Incidents;
use crate::params::{ParamUsed, Source};
use crate::stats::poisson::{
    RateRatio, RatioCi, TwoRateMethod, TwoRateTest, normal_quantile, normal_sf, rate_ratio,
    test_poisson_2indep,
};
use crate::taxonomy::CategoryId;

/// est's significance level for follow-up intervals (◆; ptools' `wdd` uses 0.1).
pub const DEFAULT_ALPHA: f64 = 0.05;

/// Counts below which the relative IRR uses the exact conditional interval instead of
/// Wald-log (◆: the usual "expected count ≥ 5" rule for normal approximations to counts).
pub const DEFAULT_EXACT_BELOW: u64 = 5;

fn check_alpha(alpha: f64) -> Result<(), FollowupError> {
    if alpha > 0.0 && alpha < 1.0 {
        Ok(())
    } else {
        Err(FollowupError::InvalidParameter {
            name: "alpha".into(),
            value: alpha.to_string(),
            expected: "a significance level strictly between 0 and 1 (0.05 = 95 % intervals)"
                .into(),
        })
    }
}

fn check_count(name: &str, x: f64) -> Result<(), FollowupError> {
    if x.is_finite() && x >= 0.0 {
        Ok(())
    } else {
        Err(FollowupError::InvalidParameter {
            name: name.into(),
            value: x.to_string(),
            expected: "a finite count ≥ 0".into(),
        })
    }
}

fn check_weight(name: &str, x: f64) -> Result<(), FollowupError> {
    if x.is_finite() && x > 0.0 {
        Ok(())
    } else {
        Err(FollowupError::InvalidParameter {
            name: name.into(),
            value: x.to_string(),
            expected: "a finite weight > 0".into(),
        })
    }
}

fn undefined(measure: &str, reason: String) -> FollowupError {
    FollowupError::Undefined {
        measure: measure.into(),
        reason,
    }
}

/// Two-sided normal p-value of `z`.
fn p_two_sided(z: f64) -> f64 {
    (2.0 * normal_sf(z.abs())).min(1.0)
}

// ---------------------------------------------------------------------------------------------
// Gross and net effect, WDQ, TNE
// ---------------------------------------------------------------------------------------------

/// Gross and net effect (Guerette 2009).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrossNet {
    /// `GE = R_b − R_a` (positive = fewer incidents after).
    pub gross: f64,
    /// `NE = R_b/C_b − R_a/C_a` (positive = a decrease relative to the control).
    pub net: f64,
}

/// Gross effect `R_b − R_a` and net effect `R_b/C_b − R_a/C_a`.
///
/// # Errors
/// [`FollowupError::InvalidParameter`] for a negative or non-finite count;
/// [`FollowupError::Undefined`] when a control count is zero.
pub fn gross_net_effect(r_b: f64, r_a: f64, c_b: f64, c_a: f64) -> Result<GrossNet, FollowupError> {
    for (n, x) in [("r_b", r_b), ("r_a", r_a), ("c_b", c_b), ("c_a", c_a)] {
        check_count(n, x)?;
    }
    if c_b == 0.0 || c_a == 0.0 {
        return Err(undefined(
            "net effect",
            format!("a control count is zero (C_b = {c_b}, C_a = {c_a})"),
        ));
    }
    Ok(GrossNet {
        gross: r_b - r_a,
        net: r_b / c_b - r_a / c_a,
    })
}

/// How to read a WDQ (Bowers & Johnson 2003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// `WDQ > 1`: diffusion of benefits larger than the direct effect.
    DiffusionExceedsEffect,
    /// `0 < WDQ ≤ 1`: diffusion of benefits to the buffer.
    Diffusion,
    /// `WDQ = 0`: the buffer changed exactly as the control.
    NoBufferChange,
    /// `−1 < WDQ < 0`: some displacement, but a net benefit.
    DisplacementNetBenefit,
    /// `WDQ ≤ −1`: displacement at least as large as the benefit.
    DisplacementExceeds,
    /// The success measure is ≥ 0 (the target did not improve relative to the control), so
    /// the quotient has no displacement reading.
    NotInterpretable,
}

impl Reading {
    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Reading::DiffusionExceedsEffect => "diffusion of benefits larger than the effect",
            Reading::Diffusion => "diffusion of benefits",
            Reading::NoBufferChange => "no change in the buffer relative to the control",
            Reading::DisplacementNetBenefit => "some displacement, net benefit",
            Reading::DisplacementExceeds => "displacement exceeds the benefit",
            Reading::NotInterpretable => "not interpretable (no improvement in the target)",
        }
    }

    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            Reading::DiffusionExceedsEffect => "spridning av nytta, större än effekten",
            Reading::Diffusion => "spridning av nytta",
            Reading::NoBufferChange => "ingen förändring i buffertområdet jämfört med kontrollen",
            Reading::DisplacementNetBenefit => "viss förflyttning, nettonytta",
            Reading::DisplacementExceeds => "förflyttningen är större än nyttan",
            Reading::NotInterpretable => "kan inte tolkas (ingen förbättring i målområdet)",
        }
    }
}

/// The weighted displacement quotient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wdq {
    /// `buffer / success`.
    pub value: f64,
    /// Success measure `R_a/C_a − R_b/C_b` (negative = the target improved).
    pub success: f64,
    /// Buffer measure `D_a/C_a − D_b/C_b` (positive = displacement, negative = diffusion).
    pub buffer: f64,
    /// Whether the success measure is negative (only then is the quotient read).
    pub interpretable: bool,
    /// The reading.
    pub reading: Reading,
}

/// Weighted displacement quotient `(D_a/C_a − D_b/C_b)/(R_a/C_a − R_b/C_b)`.
///
/// # Errors
/// [`FollowupError::InvalidParameter`] for a negative or non-finite count;
/// [`FollowupError::Undefined`] when `C_a` or `C_b` is zero or the success measure is zero.
pub fn wdq(
    r_b: f64,
    r_a: f64,
    d_b: f64,
    d_a: f64,
    c_b: f64,
    c_a: f64,
) -> Result<Wdq, FollowupError> {
    for (n, x) in [
        ("r_b", r_b),
        ("r_a", r_a),
        ("d_b", d_b),
        ("d_a", d_a),
        ("c_b", c_b),
        ("c_a", c_a),
    ] {
        check_count(n, x)?;
    }
    if c_b == 0.0 || c_a == 0.0 {
        return Err(undefined(
            "WDQ",
            format!("a control count is zero (C_b = {c_b}, C_a = {c_a})"),
        ));
    }
    let success = r_a / c_a - r_b / c_b;
    let buffer = d_a / c_a - d_b / c_b;
    if success == 0.0 {
        return Err(undefined(
            "WDQ",
            format!(
                "the success measure R_a/C_a − R_b/C_b is zero (R_b = {r_b}, R_a = {r_a}, \
                 C_b = {c_b}, C_a = {c_a})"
            ),
        ));
    }
    let value = buffer / success;
    let interpretable = success < 0.0;
    let reading = if !interpretable {
        Reading::NotInterpretable
    } else if value > 1.0 {
        Reading::DiffusionExceedsEffect
    } else if value > 0.0 {
        Reading::Diffusion
    } else if value == 0.0 {
        Reading::NoBufferChange
    } else if value > -1.0 {
        Reading::DisplacementNetBenefit
    } else {
        Reading::DisplacementExceeds
    };
    Ok(Wdq {
        value,
        success,
        buffer,
        interpretable,
        reading,
    })
}

/// The total net effect: incidents prevented in the target plus the buffer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tne {
    /// `target + buffer` (positive = incidents prevented).
    pub value: f64,
    /// `R_b·C_a/C_b − R_a`.
    pub target: f64,
    /// `D_b·C_a/C_b − D_a`.
    pub buffer: f64,
}

/// Total net effect `[R_b·C_a/C_b − R_a] + [D_b·C_a/C_b − D_a]`.
///
/// # Errors
/// [`FollowupError::InvalidParameter`] for a negative or non-finite count;
/// [`FollowupError::Undefined`] when `C_b` is zero.
pub fn tne(
    r_b: f64,
    r_a: f64,
    d_b: f64,
    d_a: f64,
    c_b: f64,
    c_a: f64,
) -> Result<Tne, FollowupError> {
    for (n, x) in [
        ("r_b", r_b),
        ("r_a", r_a),
        ("d_b", d_b),
        ("d_a", d_a),
        ("c_b", c_b),
        ("c_a", c_a),
    ] {
        check_count(n, x)?;
    }
    if c_b == 0.0 {
        return Err(undefined(
            "TNE",
            format!("the control count before is zero (C_b = {c_b}, C_a = {c_a})"),
        ));
    }
    let k = c_a / c_b;
    let target = r_b * k - r_a;
    let buffer = d_b * k - d_a;
    Ok(Tne {
        value: target + buffer,
        target,
        buffer,
    })
}

// ---------------------------------------------------------------------------------------------
// WDD
// ---------------------------------------------------------------------------------------------

/// Inputs of [`wdd`]: counts (before, after) per area and the weights of ptools `wdd`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WddCounts {
    /// Control area (before, after).
    pub control: (f64, f64),
    /// Treated (target) area (before, after).
    pub treated: (f64, f64),
    /// Control of the displacement area (before, after); `None` = 0 (ptools default).
    pub disp_control: Option<(f64, f64)>,
    /// Displacement (buffer) area (before, after); `None` = 0 (ptools default).
    pub disp_treated: Option<(f64, f64)>,
    /// Time weights (before, after), e.g. period lengths; default (1, 1).
    pub time_weights: (f64, f64),
    /// Area weights in the order control, treated, displacement control, displacement
    /// treated; default all 1.
    pub area_weights: [f64; 4],
}

impl WddCounts {
    /// Local-only counts with unit weights.
    pub fn new(control: (f64, f64), treated: (f64, f64)) -> Self {
        WddCounts {
            control,
            treated,
            disp_control: None,
            disp_treated: None,
            time_weights: (1.0, 1.0),
            area_weights: [1.0; 4],
        }
    }

    /// Adds the displacement-area counts (control side, treated side).
    pub fn with_displacement(mut self, disp_control: (f64, f64), disp_treated: (f64, f64)) -> Self {
        self.disp_control = Some(disp_control);
        self.disp_treated = Some(disp_treated);
        self
    }

    /// Sets the time weights (before, after).
    pub fn with_time_weights(mut self, before: f64, after: f64) -> Self {
        self.time_weights = (before, after);
        self
    }

    /// Sets the area weights (control, treated, displacement control, displacement treated).
    pub fn with_area_weights(mut self, weights: [f64; 4]) -> Self {
        self.area_weights = weights;
        self
    }
}

/// An estimate with its standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WddPart {
    /// Estimate (negative = incidents prevented).
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
}

/// The weighted displacement difference test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wdd {
    /// `local + displacement` (negative = incidents prevented).
    pub estimate: f64,
    /// Standard error of the total.
    pub se: f64,
    /// `estimate/se`.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p: f64,
    /// Lower limit of the `1 − alpha` interval.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
    /// The significance level used.
    pub alpha: f64,
    /// The target-versus-control part.
    pub local: WddPart,
    /// The displacement part (zero when no displacement counts were given).
    pub displacement: WddPart,
    /// The inputs.
    pub counts: WddCounts,
}

fn diff_part(
    treated: (f64, f64),
    control: (f64, f64),
    w_t: (f64, f64),
    w_c: (f64, f64),
) -> (f64, f64) {
    let est = (treated.1 / w_t.1 - treated.0 / w_t.0) - (control.1 / w_c.1 - control.0 / w_c.0);
    let var = treated.1 / (w_t.1 * w_t.1)
        + treated.0 / (w_t.0 * w_t.0)
        + control.1 / (w_c.1 * w_c.1)
        + control.0 / (w_c.0 * w_c.0);
    (est, var)
}

/// Weighted displacement difference (Wheeler & Ratcliffe 2018) with ptools' time and area
/// weights: each count is divided by `time weight × area weight`.
///
/// # Errors
/// [`FollowupError::InvalidParameter`] for a negative count, a weight ≤ 0 or a bad `alpha`;
/// [`FollowupError::Undefined`] when every count is zero (no variance).
///
/// # Reference implementation
/// ptools `wdd` (formula; values recomputed by `ref_followup.py`).
pub fn wdd(counts: &WddCounts, alpha: f64) -> Result<Wdd, FollowupError> {
    check_alpha(alpha)?;
    let zero = (0.0, 0.0);
    let dc = counts.disp_control.unwrap_or(zero);
    let dt = counts.disp_treated.unwrap_or(zero);
    for (name, (b, a)) in [
        ("control", counts.control),
        ("treated", counts.treated),
        ("disp_control", dc),
        ("disp_treated", dt),
    ] {
        check_count(&format!("{name} (before)"), b)?;
        check_count(&format!("{name} (after)"), a)?;
    }
    check_weight("time_weights (before)", counts.time_weights.0)?;
    check_weight("time_weights (after)", counts.time_weights.1)?;
    for (i, w) in counts.area_weights.iter().enumerate() {
        check_weight(&format!("area_weights[{i}]"), *w)?;
    }
    let (t0, t1) = counts.time_weights;
    let [ac, at, adc, adt] = counts.area_weights;
    let w = |a: f64| (t0 * a, t1 * a);
    let (est_l, var_l) = diff_part(counts.treated, counts.control, w(at), w(ac));
    let (est_d, var_d) = diff_part(dt, dc, w(adt), w(adc));
    let estimate = est_l + est_d;
    let se = (var_l + var_d).sqrt();
    if se == 0.0 {
        return Err(undefined(
            "WDD",
            "every count is zero, so the difference has no variance".into(),
        ));
    }
    let z = estimate / se;
    let q = normal_quantile(1.0 - alpha / 2.0);
    Ok(Wdd {
        estimate,
        se,
        z,
        p: p_two_sided(z),
        lower: estimate - q * se,
        upper: estimate + q * se,
        alpha,
        local: WddPart {
            estimate: est_l,
            se: var_l.sqrt(),
        },
        displacement: WddPart {
            estimate: est_d,
            se: var_d.sqrt(),
        },
        counts: counts.clone(),
    })
}

/// Harm-weighted sum of WDD estimates over crime types.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WddHarm {
    /// `Σ h_k·est_k`.
    pub estimate: f64,
    /// `√(Σ h_k²·se_k²)`.
    pub se: f64,
    /// `estimate/se`.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p: f64,
    /// Lower limit.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
    /// The significance level used.
    pub alpha: f64,
    /// The harm weights.
    pub weights: Vec<f64>,
}

/// Harm-weighted WDD over crime types from the *total* estimate and standard error of each
/// [`Wdd`] (ptools `wdd_harm`).
///
/// # Errors
/// As [`wdd_harm_values`].
pub fn wdd_harm(wdds: &[Wdd], harm: &[f64], alpha: f64) -> Result<WddHarm, FollowupError> {
    let est: Vec<f64> = wdds.iter().map(|w| w.estimate).collect();
    let se: Vec<f64> = wdds.iter().map(|w| w.se).collect();
    wdd_harm_values(&est, &se, harm, alpha)
}

/// Harm-weighted sum `H = Σ h_k·est_k`, `SE = √(Σ h_k²·se_k²)` of any estimates and standard
/// errors (ptools `wdd_harm(est, se, weight)`).
///
/// # Errors
/// [`FollowupError::InvalidParameter`] for inputs of different lengths, no input, a
/// non-finite value, a negative standard error or weight, or a bad `alpha`;
/// [`FollowupError::Undefined`] when the combined standard error is zero.
pub fn wdd_harm_values(
    estimates: &[f64],
    ses: &[f64],
    harm: &[f64],
    alpha: f64,
) -> Result<WddHarm, FollowupError> {
    check_alpha(alpha)?;
    if estimates.is_empty() || estimates.len() != ses.len() || estimates.len() != harm.len() {
        return Err(FollowupError::InvalidParameter {
            name: "harm".into(),
            value: format!(
                "{} estimates, {} standard errors, {} weights",
                estimates.len(),
                ses.len(),
                harm.len()
            ),
            expected: "one weight and one standard error per estimate (at least one)".into(),
        });
    }
    for (i, ((e, s), h)) in estimates.iter().zip(ses).zip(harm).enumerate() {
        if !e.is_finite() {
            return Err(FollowupError::InvalidParameter {
                name: format!("estimates[{i}]"),
                value: e.to_string(),
                expected: "a finite number".into(),
            });
        }
        check_count(&format!("se[{i}]"), *s)?;
        check_count(&format!("harm[{i}]"), *h)?;
    }
    let estimate: f64 = estimates.iter().zip(harm).map(|(e, h)| e * h).sum();
    let var: f64 = ses.iter().zip(harm).map(|(s, h)| s * s * h * h).sum();
    let se = var.sqrt();
    if se == 0.0 {
        return Err(undefined(
            "harm-weighted WDD",
            "the combined standard error is zero".into(),
        ));
    }
    let z = estimate / se;
    let q = normal_quantile(1.0 - alpha / 2.0);
    Ok(WddHarm {
        estimate,
        se,
        z,
        p: p_two_sided(z),
        lower: estimate - q * se,
        upper: estimate + q * se,
        alpha,
        weights: harm.to_vec(),
    })
}

// ---------------------------------------------------------------------------------------------
// IRR relative to a control area
// ---------------------------------------------------------------------------------------------

/// Interval of the incidence rate ratio relative to a control area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IrrCi {
    /// `exp(ln IRR ± z·√(1/T0 + 1/T1 + 1/C0 + 1/C1))` — the Poisson GLM (DiD) interval.
    WaldLog,
    /// Exact conditional interval: given the target total `T0 + T1` and the control total,
    /// `T1` follows Fisher's noncentral hypergeometric distribution whose odds ratio is the
    /// relative IRR; the interval inverts its two one-sided tails at `alpha/2` (Cornfield
    /// 1956; R `fisher.test`, scipy `odds_ratio(kind="conditional")`). Valid with zero counts.
    ExactConditional,
}

impl IrrCi {
    /// The automatic choice: exact conditional when any of the counts is zero (§9.8) or below
    /// `exact_below`, Wald-log otherwise.
    pub fn auto(counts: &[u64], exact_below: u64) -> IrrCi {
        if counts.iter().any(|&c| c < exact_below.max(1)) {
            IrrCi::ExactConditional
        } else {
            IrrCi::WaldLog
        }
    }
}

/// The change in the target relative to the control: `IRR = (T1/T0)/(C1/C0)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelativeIrr {
    /// The ratio (0 when `T1 = 0`, infinite when `T0 = 0 < T1`).
    pub irr: f64,
    /// Lower limit of the `1 − alpha` interval.
    pub lower: f64,
    /// Upper limit (infinite when `T0 = 0`).
    pub upper: f64,
    /// The interval's method.
    pub ci: IrrCi,
    /// The significance level.
    pub alpha: f64,
    /// Target (before, after).
    pub target: (u64, u64),
    /// Control (before, after).
    pub control: (u64, u64),
}

/// Incidence rate ratio of the target relative to the control, `(T1/T0)/(C1/C0)` (the 2 × 2
/// difference-in-differences IRR; period lengths cancel because both areas share the
/// periods), with a Wald-log or exact conditional interval.
///
/// # Errors
/// [`FollowupError::Undefined`] when a control count is zero, when both target counts are
/// zero, or for [`IrrCi::WaldLog`] when a target count is zero; a bad `alpha`.
pub fn relative_irr(
    t0: u64,
    t1: u64,
    c0: u64,
    c1: u64,
    ci: IrrCi,
    alpha: f64,
) -> Result<RelativeIrr, FollowupError> {
    check_alpha(alpha)?;
    let measure = "IRR relative to the control area";
    if c0 == 0 || c1 == 0 {
        return Err(undefined(
            measure,
            format!("the control area has 0 incidents in a period (before {c0}, after {c1})"),
        ));
    }
    if t0 == 0 && t1 == 0 {
        return Err(undefined(
            measure,
            "the target area has no incidents before or after".into(),
        ));
    }
    let (ft0, ft1, fc0, fc1) = (t0 as f64, t1 as f64, c0 as f64, c1 as f64);
    let irr = if t0 == 0 {
        f64::INFINITY
    } else {
        (ft1 / ft0) / (fc1 / fc0)
    };
    let (lower, upper) = match ci {
        IrrCi::WaldLog => {
            if t0 == 0 || t1 == 0 {
                return Err(undefined(
                    measure,
                    format!(
                        "the Wald-log interval needs every count > 0 (target before {t0}, after \
                         {t1}); use the exact conditional interval"
                    ),
                ));
            }
            let se = (1.0 / ft0 + 1.0 / ft1 + 1.0 / fc0 + 1.0 / fc1).sqrt();
            let q = normal_quantile(1.0 - alpha / 2.0);
            ((irr.ln() - q * se).exp(), (irr.ln() + q * se).exp())
        }
        IrrCi::ExactConditional => exact_odds_ratio_ci(t1, t0, c1, c0, alpha),
    };
    Ok(RelativeIrr {
        irr,
        lower,
        upper,
        ci,
        alpha,
        target: (t0, t1),
        control: (c0, c1),
    })
}

/// Exact conditional interval for the odds ratio of the table `[[a, b], [c, d]]`: with the
/// margins fixed, `a` follows Fisher's noncentral hypergeometric distribution with odds ratio
/// `ψ`; the lower limit solves `P(X ≥ a; ψ) = α/2` (0 when `a` is the smallest possible), the
/// upper `P(X ≤ a; ψ) = α/2` (∞ when `a` is the largest possible).
fn exact_odds_ratio_ci(a: u64, b: u64, c: u64, d: u64, alpha: f64) -> (f64, f64) {
    let m1 = a + b;
    let m2 = c + d;
    let n = a + c;
    let lo = n.saturating_sub(m2);
    let hi = m1.min(n);
    // log C(m1, x) + log C(m2, n − x) for x = lo..=hi, by the ratio recursion.
    let len = (hi - lo + 1) as usize;
    let mut lw = Vec::with_capacity(len);
    let mut cur = 0.0f64;
    lw.push(cur);
    for x in lo..hi {
        let (xf, m1f, m2f, nf) = (x as f64, m1 as f64, m2 as f64, n as f64);
        cur += ((m1f - xf) / (xf + 1.0)).ln() + ((nf - xf) / (m2f - nf + xf + 1.0)).ln();
        lw.push(cur);
    }
    let k = (a - lo) as usize;
    // P(X ≥ a) (upper = true) or P(X ≤ a) at log odds ratio θ.
    let tail = |theta: f64, upper: bool| -> f64 {
        let vals: Vec<f64> = lw
            .iter()
            .enumerate()
            .map(|(i, l)| l + i as f64 * theta)
            .collect();
        let m = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        let mut part = 0.0;
        for (i, v) in vals.iter().enumerate() {
            let e = (v - m).exp();
            total += e;
            if (upper && i >= k) || (!upper && i <= k) {
                part += e;
            }
        }
        part / total
    };
    let half = alpha / 2.0;
    let lower = if a == lo {
        0.0
    } else {
        solve_increasing(|t| tail(t, true) - half).exp()
    };
    let upper = if a == hi {
        f64::INFINITY
    } else {
        solve_increasing(|t| half - tail(t, false)).exp()
    };
    (lower, upper)
}

/// Root of an increasing function on the real line: bracket by doubling steps from 0, then
/// bisect to adjacent floating-point numbers.
fn solve_increasing(f: impl Fn(f64) -> f64) -> f64 {
    let (mut lo, mut hi) = (-1.0f64, 1.0f64);
    while f(lo) > 0.0 && lo > -700.0 {
        lo *= 2.0;
    }
    while f(hi) < 0.0 && hi < 700.0 {
        hi *= 2.0;
    }
    for _ in 0..2000 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

// ---------------------------------------------------------------------------------------------
// Difference in differences
// ---------------------------------------------------------------------------------------------

/// How a [`Did`] was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DidMethod {
    /// The closed form of the 2 × 2 Poisson GLM.
    ClosedForm2x2,
    /// Poisson GLM by IRLS (scale 1).
    PoissonGlm,
    /// Poisson GLM by IRLS with the quasi-Poisson scale `φ = Pearson χ²/df`.
    QuasiPoissonGlm,
}

/// A Poisson difference-in-differences estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Did {
    /// `e^δ`: the change in the treated units relative to the controls.
    pub irr: f64,
    /// `δ`.
    pub log_irr: f64,
    /// Standard error of `δ` (× √φ for quasi-Poisson).
    pub se_log: f64,
    /// Lower limit of the `1 − alpha` interval of the IRR.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
    /// `δ/se`.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p: f64,
    /// The significance level.
    pub alpha: f64,
    /// The method.
    pub method: DidMethod,
    /// Dispersion used for the standard error (1 for Poisson).
    pub scale: f64,
    /// Pearson χ² of the fit.
    pub pearson_chi2: f64,
    /// Residual deviance.
    pub deviance: f64,
    /// Residual degrees of freedom (observations used − parameters).
    pub df_resid: usize,
    /// Observations used.
    pub n_obs: usize,
    /// IRLS iterations (0 for the closed form).
    pub iterations: usize,
    /// Group labels left out because all their counts are zero.
    pub dropped_groups: Vec<usize>,
    /// Period labels left out because all their counts are zero.
    pub dropped_times: Vec<usize>,
}

/// 2 × 2 Poisson difference in differences: `IRR = (T1/T0)/(C1/C0)`,
/// `SE(ln IRR) = √(1/T0 + 1/T1 + 1/C0 + 1/C1)` (the exact MLE of the Poisson GLM with group,
/// period and interaction terms).
///
/// # Errors
/// [`FollowupError::Undefined`] when a count is zero; a bad `alpha`.
pub fn did_2x2(t0: u64, t1: u64, c0: u64, c1: u64, alpha: f64) -> Result<Did, FollowupError> {
    check_alpha(alpha)?;
    if t0 == 0 || t1 == 0 || c0 == 0 || c1 == 0 {
        return Err(undefined(
            "difference in differences",
            format!(
                "a count is zero (target before {t0}, after {t1}; control before {c0}, after \
                 {c1}); the log IRR is infinite — see the exact interval of the relative IRR"
            ),
        ));
    }
    let (ft0, ft1, fc0, fc1) = (t0 as f64, t1 as f64, c0 as f64, c1 as f64);
    let log_irr = (ft1 / ft0).ln() - (fc1 / fc0).ln();
    let se_log = (1.0 / ft0 + 1.0 / ft1 + 1.0 / fc0 + 1.0 / fc1).sqrt();
    Ok(did_result(
        log_irr,
        se_log,
        alpha,
        DidMethod::ClosedForm2x2,
        FitStats {
            scale: 1.0,
            pearson_chi2: 0.0,
            deviance: 0.0,
            df_resid: 0,
            n_obs: 4,
            iterations: 0,
        },
        Vec::new(),
        Vec::new(),
    ))
}

struct FitStats {
    scale: f64,
    pearson_chi2: f64,
    deviance: f64,
    df_resid: usize,
    n_obs: usize,
    iterations: usize,
}

fn did_result(
    log_irr: f64,
    se_log: f64,
    alpha: f64,
    method: DidMethod,
    s: FitStats,
    dropped_groups: Vec<usize>,
    dropped_times: Vec<usize>,
) -> Did {
    let q = normal_quantile(1.0 - alpha / 2.0);
    let z = log_irr / se_log;
    Did {
        irr: log_irr.exp(),
        log_irr,
        se_log,
        lower: (log_irr - q * se_log).exp(),
        upper: (log_irr + q * se_log).exp(),
        z,
        p: p_two_sided(z),
        alpha,
        method,
        scale: s.scale,
        pearson_chi2: s.pearson_chi2,
        deviance: s.deviance,
        df_resid: s.df_resid,
        n_obs: s.n_obs,
        iterations: s.iterations,
        dropped_groups,
        dropped_times,
    }
}

/// Largest number of fixed effects [`did_panel`] accepts (the normal equations are dense).
pub const MAX_PANEL_PARAMETERS: usize = 2_000;

/// Maximum IRLS iterations of [`did_panel`].
const IRLS_MAX_ITER: usize = 100;

/// Poisson difference in differences on a panel (areas × periods) by iteratively reweighted
/// least squares: `log E[y_i] = α_group(i) + γ_time(i) + δ·treated_post_i (+ log exposure_i)`,
/// `IRR = e^δ`. The first group and period (smallest labels) are the reference levels.
/// With `overdispersion` the standard error is multiplied by `√φ`, `φ = Pearson χ²/df`
/// (quasi-Poisson); the interval is Wald on the log scale with the normal quantile.
///
/// Groups and periods whose counts are all zero are left out (listed in the result).
///
/// # Errors
/// [`FollowupError::InvalidParameter`] for inputs of different lengths, a negative or
/// non-finite count, an exposure ≤ 0, a bad `alpha` or more than [`MAX_PANEL_PARAMETERS`]
/// fixed effects; [`FollowupError::Undefined`] when the treated-after cells are all zero,
/// when `treated_post` is collinear with the fixed effects, when IRLS does not converge (the
/// MLE does not exist) or when quasi-Poisson has no residual degrees of freedom.
///
/// # Reference implementation
/// statsmodels 0.15.0 `GLM(y, X, family=Poisson(), offset=log(exposure)).fit(scale=…)` with
/// dummy-coded groups and periods (`tests/reference/ref_did.py`), agreement ≤ 1e-6.
pub fn did_panel(
    y: &[f64],
    group: &[usize],
    time: &[usize],
    treated_post: &[bool],
    exposure: Option<&[f64]>,
    overdispersion: bool,
    alpha: f64,
) -> Result<Did, FollowupError> {
    check_alpha(alpha)?;
    let n = y.len();
    let lens = [
        ("group", group.len()),
        ("time", time.len()),
        ("treated_post", treated_post.len()),
        ("exposure", exposure.map_or(n, <[f64]>::len)),
    ];
    for (name, len) in lens {
        if len != n {
            return Err(FollowupError::InvalidParameter {
                name: name.into(),
                value: format!("{len} values"),
                expected: format!("{n} values, one per count in y"),
            });
        }
    }
    for (i, v) in y.iter().enumerate() {
        check_count(&format!("y[{i}]"), *v)?;
    }
    if let Some(e) = exposure {
        for (i, v) in e.iter().enumerate() {
            check_weight(&format!("exposure[{i}]"), *v)?;
        }
    }
    // Totals per level; leave out all-zero groups and periods.
    let mut groups: Vec<usize> = group.to_vec();
    groups.sort_unstable();
    groups.dedup();
    let mut times: Vec<usize> = time.to_vec();
    times.sort_unstable();
    times.dedup();
    let total_of = |labels: &[usize], which: &[usize]| -> Vec<f64> {
        let mut t = vec![0.0; labels.len()];
        for (i, &l) in which.iter().enumerate() {
            if let (Ok(k), Some(v)) = (labels.binary_search(&l), y.get(i))
                && let Some(slot) = t.get_mut(k)
            {
                *slot += v;
            }
        }
        t
    };
    let g_tot = total_of(&groups, group);
    let t_tot = total_of(&times, time);
    let dropped_groups: Vec<usize> = groups
        .iter()
        .zip(&g_tot)
        .filter(|(_, t)| **t == 0.0)
        .map(|(g, _)| *g)
        .collect();
    let dropped_times: Vec<usize> = times
        .iter()
        .zip(&t_tot)
        .filter(|(_, t)| **t == 0.0)
        .map(|(g, _)| *g)
        .collect();
    let kept_groups: Vec<usize> = groups
        .iter()
        .copied()
        .filter(|g| !dropped_groups.contains(g))
        .collect();
    let kept_times: Vec<usize> = times
        .iter()
        .copied()
        .filter(|t| !dropped_times.contains(t))
        .collect();
    let p = kept_groups.len() + kept_times.len();
    if p > MAX_PANEL_PARAMETERS {
        return Err(FollowupError::InvalidParameter {
            name: "group/time".into(),
            value: format!(
                "{} groups + {} periods",
                kept_groups.len(),
                kept_times.len()
            ),
            expected: format!("at most {MAX_PANEL_PARAMETERS} fixed effects"),
        });
    }
    // Rows kept, each as (column of its group dummy, column of its time dummy, D, y, offset).
    struct Row {
        g: Option<usize>,
        t: Option<usize>,
        d: bool,
        y: f64,
        off: f64,
    }
    let mut rows = Vec::with_capacity(n);
    let mut treated_total = 0.0;
    let mut treated_rows = 0usize;
    for i in 0..n {
        let (Some(&gl), Some(&tl), Some(&d), Some(&yi)) =
            (group.get(i), time.get(i), treated_post.get(i), y.get(i))
        else {
            continue;
        };
        let (Ok(gk), Ok(tk)) = (
            kept_groups.binary_search(&gl),
            kept_times.binary_search(&tl),
        ) else {
            continue;
        };
        let off = exposure.and_then(|e| e.get(i)).map_or(0.0, |e| e.ln());
        if d {
            treated_total += yi;
            treated_rows += 1;
        }
        // Column layout: 0 intercept, 1.. group dummies (reference = first), then time dummies,
        // then D.
        rows.push(Row {
            g: (gk > 0).then_some(gk),
            t: (tk > 0).then(|| kept_groups.len() - 1 + tk),
            d,
            y: yi,
            off,
        });
    }
    let measure = "Poisson difference in differences";
    if treated_rows == 0 {
        return Err(undefined(
            measure,
            "no observation is treated and after (treated_post is all false)".into(),
        ));
    }
    if treated_total == 0.0 {
        return Err(undefined(
            measure,
            "every treated-after count is zero, so δ is −∞".into(),
        ));
    }
    let d_col = p - 1;
    let ncol = p;
    let n_used = rows.len();
    if n_used <= ncol && overdispersion {
        return Err(undefined(
            "quasi-Poisson scale",
            format!(
                "{n_used} observations for {ncol} parameters leave no residual degrees of freedom"
            ),
        ));
    }
    let x_row = |r: &Row| -> Vec<(usize, f64)> {
        let mut v = vec![(0usize, 1.0)];
        if let Some(g) = r.g {
            v.push((g, 1.0));
        }
        if let Some(t) = r.t {
            v.push((t, 1.0));
        }
        if r.d {
            v.push((d_col, 1.0));
        }
        v
    };
    let xs: Vec<Vec<(usize, f64)>> = rows.iter().map(x_row).collect();
    let ybar = rows.iter().map(|r| r.y).sum::<f64>() / n_used as f64;
    // statsmodels' start: μ = (y + ȳ)/2.
    let mut mu: Vec<f64> = rows.iter().map(|r| (r.y + ybar) / 2.0).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
    let mut beta = vec![0.0; ncol];
    let mut dev_old = f64::INFINITY;
    let mut iterations = 0;
    let mut converged = false;
    let mut chol: Vec<f64> = Vec::new();
    for it in 1..=IRLS_MAX_ITER {
        iterations = it;
        let mut xtwx = vec![0.0; ncol * ncol];
        let mut xtwz = vec![0.0; ncol];
        for ((r, x), (m, e)) in rows.iter().zip(&xs).zip(mu.iter().zip(&eta)) {
            let w = *m;
            let z = e - r.off + (r.y - m) / m;
            for &(a, va) in x {
                if let Some(s) = xtwz.get_mut(a) {
                    *s += w * va * z;
                }
                for &(b, vb) in x {
                    if let Some(s) = xtwx.get_mut(a * ncol + b) {
                        *s += w * va * vb;
                    }
                }
            }
        }
        chol = cholesky(&xtwx, ncol).ok_or_else(|| {
            undefined(
                measure,
                "treated_post is collinear with the group and period effects (for example \
                 every group treated in every later period)"
                    .into(),
            )
        })?;
        let new_beta = chol_solve(&chol, ncol, &xtwz);
        let step = new_beta
            .iter()
            .zip(&beta)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        beta = new_beta;
        for ((r, x), (m, e)) in rows.iter().zip(&xs).zip(mu.iter_mut().zip(eta.iter_mut())) {
            let lin: f64 = x
                .iter()
                .map(|&(a, v)| v * beta.get(a).copied().unwrap_or(0.0))
                .sum();
            *e = lin + r.off;
            *m = e.exp();
        }
        let dev = deviance(&rows.iter().map(|r| r.y).collect::<Vec<_>>(), &mu);
        if !dev.is_finite() || beta.iter().any(|b| !b.is_finite()) {
            break;
        }
        if it > 1 && ((dev_old - dev).abs() <= 1e-13 * (dev.abs() + 1.0) || step < 1e-12) {
            converged = true;
            // One more weight update at the converged μ would change nothing measurable.
            break;
        }
        dev_old = dev;
    }
    if !converged {
        return Err(undefined(
            measure,
            format!(
                "IRLS did not converge in {iterations} iterations (the maximum-likelihood \
                 estimate may not exist, e.g. a group with counts only after treatment)"
            ),
        ));
    }
    // Covariance of δ at the final μ: [(XᵀWX)⁻¹]_δδ.
    let mut xtwx = vec![0.0; ncol * ncol];
    for (x, m) in xs.iter().zip(&mu) {
        for &(a, va) in x {
            for &(b, vb) in x {
                if let Some(s) = xtwx.get_mut(a * ncol + b) {
                    *s += m * va * vb;
                }
            }
        }
    }
    if let Some(c) = cholesky(&xtwx, ncol) {
        chol = c;
    }
    let mut unit = vec![0.0; ncol];
    if let Some(u) = unit.get_mut(d_col) {
        *u = 1.0;
    }
    let var_d = chol_solve(&chol, ncol, &unit)
        .get(d_col)
        .copied()
        .unwrap_or(f64::NAN);
    let ys: Vec<f64> = rows.iter().map(|r| r.y).collect();
    let pearson_chi2: f64 = ys.iter().zip(&mu).map(|(y, m)| (y - m) * (y - m) / m).sum();
    let dev = deviance(&ys, &mu);
    let df_resid = n_used.saturating_sub(ncol);
    let scale = if overdispersion {
        pearson_chi2 / df_resid as f64
    } else {
        1.0
    };
    let log_irr = beta.get(d_col).copied().unwrap_or(f64::NAN);
    let se_log = (var_d * scale).sqrt();
    if !se_log.is_finite() || se_log <= 0.0 {
        return Err(undefined(
            measure,
            format!("the standard error of δ is not positive (got {se_log})"),
        ));
    }
    Ok(did_result(
        log_irr,
        se_log,
        alpha,
        if overdispersion {
            DidMethod::QuasiPoissonGlm
        } else {
            DidMethod::PoissonGlm
        },
        FitStats {
            scale,
            pearson_chi2,
            deviance: dev,
            df_resid,
            n_obs: n_used,
            iterations,
        },
        dropped_groups,
        dropped_times,
    ))
}

fn deviance(y: &[f64], mu: &[f64]) -> f64 {
    2.0 * y
        .iter()
        .zip(mu)
        .map(|(&y, &m)| {
            let t = if y > 0.0 { y * (y / m).ln() } else { 0.0 };
            t - (y - m)
        })
        .sum::<f64>()
}

/// Cholesky factor `L` (row-major, lower) of a symmetric positive-definite `n × n` matrix;
/// `None` when a pivot is not clearly positive (rank deficiency).
fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    let scale = (0..n)
        .filter_map(|i| a.get(i * n + i))
        .fold(0.0f64, |m, v| m.max(v.abs()));
    for i in 0..n {
        for j in 0..=i {
            let mut s = *a.get(i * n + j)?;
            for k in 0..j {
                s -= l.get(i * n + k)? * l.get(j * n + k)?;
            }
            if i == j {
                if s <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
                    return None;
                }
                *l.get_mut(i * n + i)? = s.sqrt();
            } else {
                *l.get_mut(i * n + j)? = s / l.get(j * n + j)?;
            }
        }
    }
    Some(l)
}

/// Solves `L Lᵀ x = b`.
fn chol_solve(l: &[f64], n: usize, b: &[f64]) -> Vec<f64> {
    let at = |i: usize, j: usize| l.get(i * n + j).copied().unwrap_or(f64::NAN);
    // Forward substitution L z = b.
    let mut z: Vec<f64> = Vec::with_capacity(n);
    for i in 0..n {
        let s: f64 = z.iter().enumerate().map(|(k, zk)| at(i, k) * zk).sum();
        z.push((b.get(i).copied().unwrap_or(0.0) - s) / at(i, i));
    }
    // Back substitution Lᵀ x = z, filling x from the end.
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = x
            .iter()
            .enumerate()
            .skip(i + 1)
            .map(|(k, xk)| at(k, i) * xk)
            .sum();
        let zi = z.get(i).copied().unwrap_or(f64::NAN);
        if let Some(xi) = x.get_mut(i) {
            *xi = (zi - s) / at(i, i);
        }
    }
    x
}

// ---------------------------------------------------------------------------------------------
// Evaluation of one intervention
// ---------------------------------------------------------------------------------------------

/// A value, or why it is undefined for these data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Defined<T> {
    /// The value.
    Value(T),
    /// Why there is no value (with the numbers).
    Undefined(String),
}

impl<T> Defined<T> {
    /// The value, if defined.
    pub fn value(&self) -> Option<&T> {
        match self {
            Defined::Value(v) => Some(v),
            Defined::Undefined(_) => None,
        }
    }

    pub(crate) fn from_result<E: std::fmt::Display>(r: Result<T, E>) -> Defined<T> {
        match r {
            Ok(v) => Defined::Value(v),
            Err(e) => Defined::Undefined(e.to_string()),
        }
    }
}

/// Parameters of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluateParams {
    /// The evaluation date: the after period ends here at the latest (no clock is read).
    pub as_of: DateTime<Utc>,
    /// The before period `[start, end)`; default: as long as the after period, ending where
    /// it starts.
    pub before: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The after period `[start, end)`; default: from the intervention's first day
    /// (00:00 Europe/Stockholm) to the earlier of the day after its last day and `as_of`.
    pub after: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Significance level of every interval (est ◆ 0.05).
    pub alpha: f64,
    /// Name of a registry place that bounds the default control area; `None`: every incident
    /// outside target and buffer is a control.
    pub study_area: Option<String>,
    /// Counts below which intervals are exact (est ◆ [`DEFAULT_EXACT_BELOW`]); a zero count
    /// always gives an exact interval.
    pub exact_below: u64,
}

impl EvaluateParams {
    /// Defaults for an evaluation on `as_of`.
    pub fn new(as_of: DateTime<Utc>) -> Self {
        EvaluateParams {
            as_of,
            before: None,
            after: None,
            alpha: DEFAULT_ALPHA,
            study_area: None,
            exact_below: DEFAULT_EXACT_BELOW,
        }
    }
}

/// A half-open period `[start, end)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// First instant.
    pub start: DateTime<Utc>,
    /// First instant after the period.
    pub end: DateTime<Utc>,
    /// Length in days (elapsed time / 86 400 s).
    pub days: f64,
}

impl Window {
    fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Window {
        Window {
            start,
            end,
            days: (end - start).num_seconds() as f64 / 86_400.0,
        }
    }
    fn contains(&self, t: i64) -> bool {
        t >= self.start.timestamp() && t < self.end.timestamp()
    }
}

/// Counts of one area before and after, with the after-versus-before tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaChange {
    /// The place's name (`None` for a ring buffer or the default control).
    pub name: Option<String>,
    /// How the area was formed.
    pub rule: String,
    /// Incidents before.
    pub before: u64,
    /// Incidents after.
    pub after: u64,
    /// Rate ratio after/before (per day): exact (Clopper–Pearson based) interval when a count
    /// is 0 or below `exact_below`, Wald-log otherwise.
    pub irr: Defined<RateRatio>,
    /// Score test of equal rates.
    pub score: Defined<TwoRateTest>,
    /// Exact conditional (binomial) test.
    pub exact_cond: Defined<TwoRateTest>,
    /// E-test, unpooled statistic (est's default, the paper's).
    pub etest: Defined<TwoRateTest>,
    /// E-test, pooled statistic (statsmodels' default).
    pub etest_pooled: Defined<TwoRateTest>,
}

/// The before/after evaluation of one intervention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The intervention (its free-text description removed).
    pub intervention: Intervention,
    /// Codes of the categories counted (the targeted ones and their subcategories).
    pub categories: Vec<String>,
    /// The before period.
    pub before: Window,
    /// The after period.
    pub after: Window,
    /// Length of the after period in weeks.
    pub followup_weeks: f64,
    /// The target area.
    pub target: AreaChange,
    /// The control area (also the control of the buffer).
    pub control: AreaChange,
    /// The buffer (displacement) area, if the intervention has one.
    pub buffer: Option<AreaChange>,
    /// The target's IRR relative to the control with its interval.
    pub irr_target: Defined<RelativeIrr>,
    /// The buffer's IRR relative to the control (`None` without a buffer).
    pub irr_buffer: Option<Defined<RelativeIrr>>,
    /// Gross and net effect.
    pub gross_net: Defined<GrossNet>,
    /// WDQ (undefined without a buffer).
    pub wdq: Defined<Wdq>,
    /// TNE (undefined without a buffer).
    pub tne: Defined<Tne>,
    /// WDD with time weights (before days / after days, 1): in incidents per after period.
    pub wdd: Defined<Wdd>,
    /// 2 × 2 Poisson DiD, target versus control.
    pub did: Defined<Did>,
    /// Significance level.
    pub alpha: f64,
    /// The goal from the registry, if any.
    pub goal_irr: Option<f64>,
    /// What the reader should know (area precedence, default control).
    pub notes: Vec<String>,
    /// Every parameter with its source.
    pub params_used: Vec<ParamUsed>,
}

fn local_midnight(date: NaiveDate, what: &str) -> Result<DateTime<Utc>, FollowupError> {
    crate::trend::period::local_midnight(date).ok_or_else(|| FollowupError::InvalidParameter {
        name: what.into(),
        value: date.to_string(),
        expected: "a date with a local midnight in Europe/Stockholm".into(),
    })
}

fn check_window(name: &str, w: (DateTime<Utc>, DateTime<Utc>)) -> Result<(), FollowupError> {
    if w.0 < w.1 {
        Ok(())
    } else {
        Err(FollowupError::InvalidParameter {
            name: name.into(),
            value: format!("[{}, {})", w.0.to_rfc3339(), w.1.to_rfc3339()),
            expected: "a period whose start is before its end".into(),
        })
    }
}

fn area_change(
    name: Option<String>,
    rule: String,
    before: u64,
    after: u64,
    windows: (&Window, &Window),
    exact_below: u64,
    alpha: f64,
) -> AreaChange {
    let (wb, wa) = windows;
    let test = |m: TwoRateMethod| {
        Defined::from_result(test_poisson_2indep(after, wa.days, before, wb.days, m))
    };
    let ci = if after < exact_below.max(1) || before < exact_below.max(1) {
        RatioCi::Exact
    } else {
        RatioCi::WaldLog
    };
    AreaChange {
        name,
        rule,
        before,
        after,
        irr: Defined::from_result(rate_ratio(after, wa.days, before, wb.days, ci, alpha)),
        score: test(TwoRateMethod::Score),
        exact_cond: test(TwoRateMethod::ExactCond),
        etest: test(TwoRateMethod::ETestUnpooled),
        etest_pooled: test(TwoRateMethod::ETestPooled),
    }
}

/// Minimum distance from a point to a multipolygon (0 inside).
fn distance_to(p: Point<f64>, mp: &MultiPolygon<f64>) -> f64 {
    mp.0.iter()
        .map(|poly| Euclidean.distance(&p, poly))
        .fold(f64::INFINITY, f64::min)
}

/// The before/after evaluation of intervention `id` on `incidents`: counts of the targeted
/// categories (with their subcategories) in the target, buffer and control areas, the
/// after-versus-before tests per area, the target's and buffer's IRR relative to the control,
/// gross/net effect, WDQ, TNE, WDD and the 2 × 2 DiD.
///
/// Areas are exclusive, in the order target → buffer → control: an incident inside the
/// target is never a buffer or control incident, one in the buffer never a control
/// incident. A ring buffer (`buffer_m`) holds the incidents outside the target within
/// `buffer_m` metres of it. Without a named control, the control is everything outside target
/// and buffer (within `params.study_area` when given) — the result says so. The buffer's
/// control is the control.
///
/// # Errors
/// [`FollowupError::UnknownIntervention`]; [`FollowupError::InvalidRegistry`] when the
/// registry does not validate against the incidents' taxonomy;
/// [`FollowupError::InvalidParameter`] for a bad `alpha`, an unknown `study_area`, an empty
/// or reversed period, overlapping periods, or an `as_of` not after the start;
/// [`crate::crs::CrsError`] when the incidents cannot be transformed to the registry's CRS.
pub fn evaluate(
    registry: &Registry,
    id: &str,
    incidents: &Incidents,
    params: &EvaluateParams,
) -> crate::Result<Evaluation> {
    check_alpha(params.alpha)?;
    let taxonomy = incidents.taxonomy();
    registry.validate(taxonomy)?;
    let iv = registry.intervention(id)?;
    let mut notes = Vec::new();
    let mut used = vec![
        ParamUsed::new("as_of", params.as_of.to_rfc3339(), Source::User),
        ParamUsed::new(
            "alpha",
            params.alpha,
            if params.alpha == DEFAULT_ALPHA {
                Source::Default
            } else {
                Source::User
            },
        ),
        ParamUsed::new(
            "exact_below",
            params.exact_below,
            if params.exact_below == DEFAULT_EXACT_BELOW {
                Source::Default
            } else {
                Source::User
            },
        ),
    ];

    // Periods.
    let after = match params.after {
        Some(w) => {
            check_window("after", w)?;
            used.push(ParamUsed::new("after", window_json(w), Source::User));
            w
        }
        None => {
            let start = local_midnight(iv.start, "start")?;
            let end_excl = match iv.end {
                Some(e) => Some(local_midnight(e + Duration::days(1), "end")?),
                None => None,
            };
            let end = end_excl.map_or(params.as_of, |e| e.min(params.as_of));
            if end <= start {
                return Err(FollowupError::InvalidParameter {
                    name: "as_of".into(),
                    value: params.as_of.to_rfc3339(),
                    expected: format!(
                        "an instant after the intervention's start ({} 00:00 Europe/Stockholm)",
                        iv.start
                    ),
                }
                .into());
            }
            let w = (start, end);
            used.push(ParamUsed::new(
                "after",
                window_json(w),
                Source::Auto {
                    rule: "from the first day 00:00 Europe/Stockholm to the earlier of the day \
                           after the last day and as_of"
                        .into(),
                },
            ));
            w
        }
    };
    let before = match params.before {
        Some(w) => {
            check_window("before", w)?;
            used.push(ParamUsed::new("before", window_json(w), Source::User));
            w
        }
        None => {
            let mut w = (after.0 - (after.1 - after.0), after.0);
            // Never before the data begin: days without data are not days without incidents.
            let data_start = incidents.time_range().and_then(|(first, _)| {
                local_midnight(
                    first.with_timezone(&Stockholm).date_naive(),
                    "first incident",
                )
                .ok()
            });
            let mut rule = "as long as the after period, ending where it starts".to_string();
            if let Some(d0) = data_start
                && d0 > w.0
                && d0 < w.1
            {
                w.0 = d0;
                rule.push_str(", shortened to start with the data (the first incident's day)");
            }
            used.push(ParamUsed::new(
                "before",
                window_json(w),
                Source::Auto { rule },
            ));
            w
        }
    };
    if before.1 > after.0 {
        return Err(FollowupError::InvalidParameter {
            name: "before".into(),
            value: window_json(before),
            expected: format!(
                "a period ending at or before the after period starts ({})",
                after.0.to_rfc3339()
            ),
        }
        .into());
    }
    let wb = Window::new(before.0, before.1);
    let wa = Window::new(after.0, after.1);

    // Categories (with subcategories).
    let mut groups: Vec<CategoryId> = Vec::new();
    for c in &iv.categories {
        groups.push(taxonomy.resolve(c)?);
    }
    let selected: Vec<bool> = (0..taxonomy.len())
        .map(|i| {
            u16::try_from(i).is_ok_and(|i| {
                groups
                    .iter()
                    .any(|g| taxonomy.is_in_group(CategoryId(i), *g))
            })
        })
        .collect();
    let categories: Vec<String> = taxonomy
        .categories()
        .iter()
        .zip(&selected)
        .filter(|(_, s)| **s)
        .map(|(c, _)| c.code.clone())
        .collect();

    // Areas.
    let place = |name: &str| {
        registry
            .place(name)
            .ok_or_else(|| FollowupError::InvalidParameter {
                name: "place".into(),
                value: name.to_string(),
                expected: "a place in the registry".into(),
            })
    };
    let target = &place(&iv.target)?.geometry;
    let target_box = target.bounding_rect();
    let buffer_place = match &iv.buffer {
        Some(b) => Some(&place(b)?.geometry),
        None => None,
    };
    let control_place = match &iv.control {
        Some(c) => Some(&place(c)?.geometry),
        None => None,
    };
    let study = match &params.study_area {
        Some(s) => {
            used.push(ParamUsed::new("study_area", s.clone(), Source::User));
            Some(
                &registry
                    .place(s)
                    .ok_or_else(|| FollowupError::InvalidParameter {
                        name: "study_area".into(),
                        value: s.clone(),
                        expected: format!(
                            "the name of a place in the registry ({})",
                            registry
                                .places
                                .iter()
                                .map(|p| p.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })?
                    .geometry,
            )
        }
        None => None,
    };
    let ring_box: Option<(Rect<f64>, f64)> = match (iv.buffer_m, target_box) {
        (Some(m), Some(b)) if buffer_place.is_none() => Some((
            Rect::new(
                (b.min().x - m, b.min().y - m),
                (b.max().x + m, b.max().y + m),
            ),
            m,
        )),
        _ => None,
    };
    let has_buffer = buffer_place.is_some() || ring_box.is_some();

    let metric;
    let inc = if incidents.crs() == registry.crs {
        incidents
    } else {
        metric = incidents.to_crs(registry.crs)?;
        notes.push(format!(
            "incidents were transformed from {} to the registry's {}",
            incidents.crs(),
            registry.crs
        ));
        &metric
    };

    // Counting: index 0 before, 1 after.
    let mut t = [0u64; 2];
    let mut d = [0u64; 2];
    let mut c = [0u64; 2];
    for i in 0..inc.len() {
        let (Some(&ti), Some(&cat), Some(&x), Some(&y)) = (
            inc.times().get(i),
            inc.categories().get(i),
            inc.x().get(i),
            inc.y().get(i),
        ) else {
            continue;
        };
        if !selected.get(usize::from(cat.0)).copied().unwrap_or(false) {
            continue;
        }
        let k = if wb.contains(ti) {
            0
        } else if wa.contains(ti) {
            1
        } else {
            continue;
        };
        let pt = Point::new(x, y);
        if target.intersects(&pt) {
            t[k] += 1;
            continue;
        }
        let in_buffer = match (buffer_place, ring_box) {
            (Some(b), _) => b.intersects(&pt),
            (None, Some((bx, m))) => bx.intersects(&pt) && distance_to(pt, target) <= m,
            _ => false,
        };
        if in_buffer {
            d[k] += 1;
            continue;
        }
        let in_control = match (control_place, study) {
            (Some(cp), _) => cp.intersects(&pt),
            (None, Some(s)) => s.intersects(&pt),
            (None, None) => true,
        };
        if in_control {
            c[k] += 1;
        }
    }

    let control_rule = match (&iv.control, &params.study_area) {
        (Some(n), _) => format!("the place {n:?} outside target and buffer"),
        (None, Some(s)) => {
            format!("default: the rest of the study area {s:?} outside target and buffer")
        }
        (None, None) => {
            "default: every incident outside target and buffer (no study area given)".to_string()
        }
    };
    if iv.control.is_none() {
        notes.push(format!(
            "No control area is registered; the control is {control_rule}."
        ));
    }
    notes.push(
        "Areas are exclusive in the order target, buffer, control; the buffer's control is the \
         control area."
            .into(),
    );
    let buffer_rule = match (&iv.buffer, iv.buffer_m) {
        (Some(b), _) => Some(format!("the place {b:?} outside the target")),
        (None, Some(m)) => Some(format!("a ring of {m} m around the target")),
        _ => None,
    };

    let (alpha, eb) = (params.alpha, params.exact_below);
    let target_change = area_change(
        Some(iv.target.clone()),
        "the target place".into(),
        t[0],
        t[1],
        (&wb, &wa),
        eb,
        alpha,
    );
    let control_change = area_change(
        iv.control.clone(),
        control_rule,
        c[0],
        c[1],
        (&wb, &wa),
        eb,
        alpha,
    );
    let buffer_change = buffer_rule
        .map(|rule| area_change(iv.buffer.clone(), rule, d[0], d[1], (&wb, &wa), eb, alpha));

    let rel = |a: [u64; 2]| {
        let counts = [a[0], a[1], c[0], c[1]];
        Defined::from_result(relative_irr(
            a[0],
            a[1],
            c[0],
            c[1],
            IrrCi::auto(&counts, eb),
            alpha,
        ))
    };
    let f = |x: u64| x as f64;
    let no_buffer = || "the intervention has no buffer (displacement) area".to_string();
    let mut wdd_counts = WddCounts::new((f(c[0]), f(c[1])), (f(t[0]), f(t[1])))
        .with_time_weights(wb.days / wa.days, 1.0);
    if has_buffer {
        wdd_counts = wdd_counts.with_displacement((f(c[0]), f(c[1])), (f(d[0]), f(d[1])));
    }
    let mut intervention = iv.clone();
    intervention.description = None;
    Ok(Evaluation {
        categories,
        followup_weeks: wa.days / 7.0,
        irr_target: rel(t),
        irr_buffer: has_buffer.then(|| rel(d)),
        gross_net: Defined::from_result(gross_net_effect(f(t[0]), f(t[1]), f(c[0]), f(c[1]))),
        wdq: if has_buffer {
            Defined::from_result(wdq(f(t[0]), f(t[1]), f(d[0]), f(d[1]), f(c[0]), f(c[1])))
        } else {
            Defined::Undefined(no_buffer())
        },
        tne: if has_buffer {
            Defined::from_result(tne(f(t[0]), f(t[1]), f(d[0]), f(d[1]), f(c[0]), f(c[1])))
        } else {
            Defined::Undefined(no_buffer())
        },
        wdd: Defined::from_result(wdd(&wdd_counts, alpha)),
        did: Defined::from_result(did_2x2(t[0], t[1], c[0], c[1], alpha)),
        target: target_change,
        control: control_change,
        buffer: buffer_change,
        before: wb,
        after: wa,
        alpha,
        goal_irr: iv.goal_irr,
        intervention,
        notes,
        params_used: used,
    })
}

fn window_json(w: (DateTime<Utc>, DateTime<Utc>)) -> String {
    format!("[{}, {})", w.0.to_rfc3339(), w.1.to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn wdq_tne_gross_net_method_reference_9_2() {
        let q = wdq(100.0, 60.0, 80.0, 70.0, 400.0, 380.0).unwrap();
        assert!(close(q.value, 6.0 / 35.0, 1e-15));
        assert!(close(q.success, -0.0921053, 5e-8));
        assert!(close(q.buffer, -0.0157895, 5e-8));
        assert!(q.interpretable);
        let t = tne(100.0, 60.0, 80.0, 70.0, 400.0, 380.0).unwrap();
        assert!(close(t.value, 41.0, 1e-12) && close(t.target, 35.0, 1e-12));
        let g = gross_net_effect(100.0, 60.0, 400.0, 380.0).unwrap();
        assert!(close(g.gross, 40.0, 0.0) && close(g.net, 0.0921053, 5e-8));
    }

    #[test]
    fn wdq_edges() {
        assert!(matches!(
            wdq(1.0, 1.0, 1.0, 1.0, 0.0, 1.0),
            Err(FollowupError::Undefined { .. })
        ));
        assert!(matches!(
            wdq(10.0, 10.0, 1.0, 1.0, 5.0, 5.0),
            Err(FollowupError::Undefined { .. })
        ));
        // The target worsened: returned, not interpretable.
        let q = wdq(10.0, 20.0, 5.0, 5.0, 10.0, 10.0).unwrap();
        assert!(!q.interpretable);
        assert_eq!(q.reading, Reading::NotInterpretable);
        // Displacement larger than the benefit.
        let q = wdq(20.0, 10.0, 5.0, 20.0, 10.0, 10.0).unwrap();
        assert_eq!(q.reading, Reading::DisplacementExceeds);
        let q = wdq(20.0, 10.0, 5.0, 8.0, 10.0, 10.0).unwrap();
        assert_eq!(q.reading, Reading::DisplacementNetBenefit);
        let q = wdq(20.0, 10.0, 20.0, 5.0, 10.0, 10.0).unwrap();
        assert_eq!(q.reading, Reading::DiffusionExceedsEffect);
        assert!(wdq(-1.0, 1.0, 1.0, 1.0, 1.0, 1.0).is_err());
    }

    #[test]
    fn exact_conditional_interval_edges() {
        // T1 = 0: lower limit 0; T0 = 0: upper limit ∞.
        let r = relative_irr(10, 0, 20, 20, IrrCi::ExactConditional, 0.05).unwrap();
        assert_eq!(r.lower, 0.0);
        assert!(r.upper > 0.0 && r.upper < 1.0);
        let r = relative_irr(0, 10, 20, 20, IrrCi::ExactConditional, 0.05).unwrap();
        assert!(r.upper.is_infinite() && r.lower > 1.0);
        assert!(relative_irr(0, 0, 1, 1, IrrCi::ExactConditional, 0.05).is_err());
        assert!(relative_irr(1, 1, 0, 1, IrrCi::ExactConditional, 0.05).is_err());
        assert!(relative_irr(1, 0, 1, 1, IrrCi::WaldLog, 0.05).is_err());
        // Exact and Wald-log agree roughly for large counts.
        let e = relative_irr(400, 300, 500, 520, IrrCi::ExactConditional, 0.05).unwrap();
        let w = relative_irr(400, 300, 500, 520, IrrCi::WaldLog, 0.05).unwrap();
        assert!((e.lower / w.lower - 1.0).abs() < 0.01 && (e.upper / w.upper - 1.0).abs() < 0.01);
    }

    #[test]
    fn did_panel_equals_closed_form_on_2x2() {
        let y = [308.0, 318.0, 207.0, 110.0];
        let g = [0, 0, 1, 1];
        let t = [0, 1, 0, 1];
        let d = [false, false, false, true];
        let p = did_panel(&y, &g, &t, &d, None, false, 0.05).unwrap();
        let c = did_2x2(207, 110, 308, 318, 0.05).unwrap();
        assert!(
            close(p.log_irr, c.log_irr, 1e-12),
            "{} {}",
            p.log_irr,
            c.log_irr
        );
        assert!(close(p.se_log, c.se_log, 1e-10));
        assert!(p.deviance.abs() < 1e-9);
        assert!(close(c.irr, 0.5146902, 5e-8) && close(c.se_log, 0.1425245, 5e-8));
        assert!(close(c.lower, 0.389250, 5e-7) && close(c.upper, 0.680555, 5e-7));
        assert!(close(c.z, -4.660181, 5e-7));
    }

    #[test]
    fn did_panel_errors() {
        let y = [1.0, 2.0, 3.0];
        assert!(
            did_panel(
                &y,
                &[0, 1],
                &[0, 1, 0],
                &[false, true, false],
                None,
                false,
                0.05
            )
            .is_err()
        );
        let y = [1.0, 2.0, 3.0, 0.0];
        let r = did_panel(
            &y,
            &[0, 0, 1, 1],
            &[0, 1, 0, 1],
            &[false, false, false, true],
            None,
            false,
            0.05,
        );
        assert!(matches!(r, Err(FollowupError::Undefined { .. })));
        // Collinear: every row treated-after in period 1 for all groups.
        let y = [1.0, 2.0, 3.0, 4.0];
        let r = did_panel(
            &y,
            &[0, 0, 1, 1],
            &[0, 1, 0, 1],
            &[false, true, false, true],
            None,
            false,
            0.05,
        );
        assert!(matches!(r, Err(FollowupError::Undefined { .. })));
    }
}
