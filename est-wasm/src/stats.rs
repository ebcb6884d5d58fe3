//! Shared statistics: multiple testing (`adjustPValues`, `esdaFdr`; core:
//! `est_core::stats::multitest`) and the two-rate Poisson tests (`testPoisson2indep`,
//! `rateRatio`; core: `est_core::stats::poisson`).

use crate::crs::coords_from_js;
use crate::error::IntoJsResult;
use crate::grid::absent;
use est_core::stats::StatsError;
use est_core::stats::multitest::{Adjustment, adjust, esda_fdr_cutoff};
use est_core::stats::poisson::{RateRatio, RatioCi, TwoRateMethod, TwoRateTest};
use js_sys::{Float64Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_STATS: &'static str = r#"
/** Numbers: a plain array or a `Float64Array` (one value per unit, cell or test). */
export type Values = number[] | Float64Array;

/**
 * A multiple-testing correction (statsmodels' names): `"none"`, `"bonferroni"`, `"holm"`,
 * `"fdr_bh"` (Benjamini–Hochberg, est's default for hotspot maps) or `"fdr_by"`
 * (Benjamini–Yekutieli, any dependence).
 */
export type Adjustment = "none" | "bonferroni" | "holm" | "fdr_bh" | "fdr_by";
"#;

#[wasm_bindgen]
extern "C" {
    /// Numbers typed as `Values` (an array or a `Float64Array`).
    #[wasm_bindgen(typescript_type = "Values")]
    pub type ValuesArg;
    /// A string typed as `Adjustment`.
    #[wasm_bindgen(typescript_type = "Adjustment")]
    pub type AdjustmentArg;
    /// A string typed as `TwoRateMethod`.
    #[wasm_bindgen(typescript_type = "TwoRateMethod")]
    pub type TwoRateMethodArg;
    /// A string typed as `RatioCiMethod`.
    #[wasm_bindgen(typescript_type = "RatioCiMethod")]
    pub type RatioCiMethodArg;
}

/// Reads an adjustment name (statsmodels' and R's names, case-insensitive); absent gives
/// Benjamini–Hochberg. An unknown name is a `StatsError` `STATS_UNKNOWN_METHOD`.
pub(crate) fn adjustment_from_js(v: &JsValue) -> Result<Adjustment, JsValue> {
    if absent(v) {
        return Ok(Adjustment::BenjaminiHochberg);
    }
    match v.as_string() {
        Some(s) => s.parse::<Adjustment>().js(),
        None => Err::<Adjustment, StatsError>(StatsError::UnknownMethod {
            what: "multiple-testing adjustment".into(),
            name: format!("{v:?}"),
            expected: "none, bonferroni, holm, fdr_bh, fdr_by".into(),
        })
        .js(),
    }
}

/// Adjusted p-values (in input order) for a family of tests, matching statsmodels
/// `multipletests` (and R's `p.adjust`) to 1e-12.
///
/// A `NaN` p-value means "not tested" (e.g. a cell whose statistic is undefined): it is left
/// out of the family (`m` counts only the others) and stays `NaN`. Adjusted values are
/// capped at 1.
///
/// Throws a `StatsError`: `STATS_INVALID_P` (a p-value outside [0, 1]; `details.index`,
/// `details.value`) or `STATS_UNKNOWN_METHOD` (`details.method`).
///
/// @param p - the p-values
/// @param method - `"fdr_bh"` (default), `"fdr_by"`, `"holm"`, `"bonferroni"` or `"none"`
/// @returns the adjusted p-values
#[wasm_bindgen(js_name = adjustPValues)]
pub fn adjust_p_values(
    p: ValuesArg,
    method: Option<AdjustmentArg>,
) -> Result<Float64Array, JsValue> {
    crate::hook();
    let method = adjustment_from_js(&method.map_or(JsValue::UNDEFINED, JsValue::from))?;
    let p = coords_from_js(&p.into(), "p")?;
    let out = adjust(&p, method).js()?;
    Ok(Float64Array::from(out.as_slice()))
}

/// PySAL esda's `fdr(p, alpha)`: the p-value **cut-off** of the false discovery rate at
/// level `alpha` (not adjusted p-values): `k·alpha/m` for the largest `k` with
/// `p_(k) < k·alpha/m`, else the Bonferroni bound `alpha/m`. Units with `p ≤` the cut-off
/// are what esda's maps call significant. `NaN` p-values are not tested.
///
/// Throws a `StatsError` `STATS_INVALID_ALPHA` (`alpha` not strictly between 0 and 1) or
/// `STATS_INVALID_P`.
///
/// @param p - the p-values
/// @param alpha - the level (default 0.05)
#[wasm_bindgen(js_name = esdaFdr)]
pub fn esda_fdr(p: ValuesArg, alpha: Option<f64>) -> Result<f64, JsValue> {
    crate::hook();
    let p = coords_from_js(&p.into(), "p")?;
    esda_fdr_cutoff(&p, alpha.unwrap_or(0.05)).js()
}

// ---------------------------------------------------------------------------------------
// Two-rate Poisson tests and the rate ratio (core: `est_core::stats::poisson`).

#[wasm_bindgen(typescript_custom_section)]
const TS_POISSON: &'static str = r#"
/** A two-rate test (statsmodels' names): `"score"`, `"wald"`, `"exact-cond"` (exact
 * conditional binomial, minlike p), `"cond-midp"`, `"etest-score"` (E-test, pooled; also
 * `"etest"`) or `"etest-wald"` (E-test, unpooled). */
export type TwoRateMethod = "score" | "wald" | "exact-cond" | "cond-midp" | "etest-score" | "etest" | "etest-wald";

/** The result of {@link testPoisson2indep}. */
export interface TwoRateTestResult {
  /** The test, in statsmodels' spelling. */
  method: "score" | "wald" | "exact-cond" | "cond-midp" | "etest-score" | "etest-wald";
  /** The z statistic (score, Wald) or the E-test's statistic; NaN for the exact tests. */
  statistic: number;
  /** Two-sided p. */
  p: number;
  c1: number;
  e1: number;
  c2: number;
  e2: number;
}

/** An interval of the incidence rate ratio: `"wald-log"` (needs both counts > 0), `"exact"`
 * (Clopper–Pearson of c1 out of c1 + c2, mapped to the ratio) or `"score"` (inverted score
 * test). */
export type RatioCiMethod = "wald-log" | "exact" | "score";

/** The result of {@link rateRatio}. */
export interface RateRatioResult {
  /** `(c1/e1)/(c2/e2)` (`Infinity` when c2 = 0 < c1). */
  irr: number;
  lower: number;
  /** `Infinity` when c2 = 0 for the exact and score intervals. */
  upper: number;
  method: RatioCiMethod;
  /** 1 − coverage. */
  alpha: number;
}
"#;

/// A count: a whole number from 0 to 2^53 − 1, else a `StatsError` `STATS_INVALID_INPUT`.
fn count_arg(what: &str, v: f64) -> Result<u64, JsValue> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 {
        // Whole and below 2^53: exact.
        Ok(v as u64)
    } else {
        Err::<u64, StatsError>(StatsError::InvalidInput {
            what: what.into(),
            value: v.to_string(),
            expected: "a whole, non-negative count".into(),
        })
        .js()
    }
}

fn set_key(o: &JsValue, key: &str, v: JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), &v);
}

fn two_rate_js(t: &TwoRateTest) -> JsValue {
    let o: JsValue = Object::new().into();
    set_key(&o, "method", JsValue::from_str(t.method.name()));
    set_key(&o, "statistic", JsValue::from_f64(t.statistic));
    set_key(&o, "p", JsValue::from_f64(t.p));
    // Counts came from JS numbers below 2^53.
    set_key(&o, "c1", JsValue::from_f64(t.c1 as f64));
    set_key(&o, "e1", JsValue::from_f64(t.e1));
    set_key(&o, "c2", JsValue::from_f64(t.c2 as f64));
    set_key(&o, "e2", JsValue::from_f64(t.e2));
    o
}

/// A rate ratio as a plain JS object.
pub(crate) fn rate_ratio_js(r: &RateRatio) -> JsValue {
    let o: JsValue = Object::new().into();
    set_key(&o, "irr", JsValue::from_f64(r.irr));
    set_key(&o, "lower", JsValue::from_f64(r.lower));
    set_key(&o, "upper", JsValue::from_f64(r.upper));
    set_key(&o, "method", JsValue::from_str(r.method.name()));
    set_key(&o, "alpha", JsValue::from_f64(r.alpha));
    o
}

/// Two-sided test of equal Poisson rates `c1/e1 = c2/e2`, matching statsmodels
/// `test_poisson_2indep(c1, e1, c2, e2, method)` (compare ratio, value 1) to 1e-8.
///
/// Throws a `StatsError`: `STATS_UNKNOWN_METHOD`, `STATS_INVALID_INPUT` (an exposure that is
/// not positive, a count that is not a whole non-negative number, an E-test too large),
/// `STATS_UNDEFINED` (`c1 = c2 = 0`).
///
/// @param c1 - first count
/// @param e1 - first exposure (e.g. days)
/// @param c2 - second count
/// @param e2 - second exposure
/// @param method - `"score"` (default, statsmodels'), `"wald"`, `"exact-cond"`, `"cond-midp"`,
///   `"etest-score"` (or `"etest"`), `"etest-wald"`
#[wasm_bindgen(js_name = testPoisson2indep, unchecked_return_type = "TwoRateTestResult")]
pub fn test_poisson_2indep_js(
    c1: f64,
    e1: f64,
    c2: f64,
    e2: f64,
    method: Option<TwoRateMethodArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let method = match method.map(JsValue::from).filter(|m| !absent(m)) {
        None => TwoRateMethod::Score,
        Some(m) => match m.as_string() {
            Some(s) => TwoRateMethod::parse(&s).js()?,
            None => {
                return Err::<JsValue, StatsError>(StatsError::UnknownMethod {
                    what: "two-rate test".into(),
                    name: format!("{m:?}"),
                    expected: "score, wald, exact-cond, cond-midp, etest-score (etest), etest-wald"
                        .into(),
                })
                .js();
            }
        },
    };
    let (c1, c2) = (count_arg("c1", c1)?, count_arg("c2", c2)?);
    let t = est_core::stats::poisson::test_poisson_2indep(c1, e1, c2, e2, method).js()?;
    Ok(two_rate_js(&t))
}

/// Reads an interval method (`"wald-log"`, `"exact"`, `"score"`; `_` may replace `-`).
fn ratio_ci_from_js(v: Option<JsValue>) -> Result<RatioCi, JsValue> {
    let Some(v) = v.filter(|m| !absent(m)) else {
        return Ok(RatioCi::Exact);
    };
    let name = v.as_string().unwrap_or_else(|| format!("{v:?}"));
    match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "wald-log" | "waldlog" => Ok(RatioCi::WaldLog),
        "exact" => Ok(RatioCi::Exact),
        "score" => Ok(RatioCi::Score),
        _ => Err::<RatioCi, StatsError>(StatsError::UnknownMethod {
            what: "rate-ratio interval".into(),
            name,
            expected: "wald-log, exact, score".into(),
        })
        .js(),
    }
}

/// The incidence rate ratio `(c1/e1)/(c2/e2)` with a two-sided `1 − alpha` interval:
/// `"exact"` (default; valid with zero counts), `"wald-log"` or `"score"` (statsmodels
/// `confint_poisson_2indep`; scipy `binomtest(...).proportion_ci("exact")` mapped).
///
/// Throws a `StatsError`: `STATS_INVALID_INPUT`, `STATS_INVALID_ALPHA`, `STATS_UNDEFINED`
/// (`c1 = c2 = 0`, or Wald-log with a zero count), `STATS_UNKNOWN_METHOD`.
///
/// @param c1 - first count
/// @param e1 - first exposure
/// @param c2 - second count
/// @param e2 - second exposure
/// @param method - `"exact"` (default), `"wald-log"` or `"score"`
/// @param alpha - 1 − coverage (default 0.05)
#[wasm_bindgen(js_name = rateRatio, unchecked_return_type = "RateRatioResult")]
pub fn rate_ratio_fn(
    c1: f64,
    e1: f64,
    c2: f64,
    e2: f64,
    method: Option<RatioCiMethodArg>,
    alpha: Option<f64>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let ci = ratio_ci_from_js(method.map(JsValue::from))?;
    let (c1, c2) = (count_arg("c1", c1)?, count_arg("c2", c2)?);
    let r = est_core::stats::poisson::rate_ratio(c1, e1, c2, e2, ci, alpha.unwrap_or(0.05)).js()?;
    Ok(rate_ratio_js(&r))
}
