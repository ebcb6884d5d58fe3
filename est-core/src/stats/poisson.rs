//! Two-rate Poisson tests, the incidence rate ratio with its confidence intervals, and the
//! accurate binomial, Poisson and negative-binomial tails behind them.
//!
//! Counts `c1`, `c2` observed over exposures `e1`, `e2` (days, weeks, person-years …). Under
//! H0 (equal rates) `n = c1 + c2` and `π0 = e1/(e1 + e2)`:
//!
//! | [`TwoRateMethod`] | statsmodels name | Statistic / p-value (two-sided) |
//! |---|---|---|
//! | `Score` | `score` | `z = (c1 − nπ0)/√(nπ0(1 − π0))` |
//! | `Wald` | `wald` | `z = (c1/e1 − c2/e2)/√(c1/e1² + c2/e2²)` |
//! | `ExactCond` | `exact-cond` | `c1 \| n ~ Bin(n, π0)`, "minlike" p as `scipy.stats.binomtest` |
//! | `ExactCondMidP` | `cond-midp` | the same minus `½·P(X = c1)` |
//! | `ETestPooled` | `etest-score` | E-test with the pooled (score) statistic |
//! | `ETestUnpooled` | `etest-wald` | E-test with the unpooled (Wald) statistic |
//!
//! The E-test (Krishnamoorthy & Thomson 2004) sums `Pois(k1; e1·λ̂)·Pois(k2; e2·λ̂)` over all
//! `(k1, k2)` whose statistic is at least as extreme as the observed one, `λ̂ = n/(e1 + e2)`.
//! The double sum runs over the counts whose Poisson tail beyond them is below 1e-20 on each
//! side; grids with more than [`MAX_ETEST_PAIRS`] pairs are refused.
//!
//! The rate ratio `IRR = (c1/e1)/(c2/e2)` has three intervals ([`RatioCi`]): Wald on the log
//! scale `exp(ln IRR ± z·√(1/c1 + 1/c2))`, exact (Clopper–Pearson for `c1` of `n`, mapped by
//! `p/(1 − p)·e2/e1`) and score (the inversion of the score test, closed form).
//!
//! The distribution functions compute each probability mass with Loader's saddle-point
//! formula (as R's `dbinom`/`dpois`) and sum the *smaller* tail directly, stopping when a
//! geometric bound on the rest falls below 1e-17 of the sum; so an upper tail of 1e-200 is
//! returned to full relative precision rather than as `1 − cdf`.
//!
//! # Reference implementation
//! statsmodels 0.15.0 `test_poisson_2indep` (`score`, `wald`, `exact-cond`, `cond-midp`,
//! `etest-score`, `etest-wald`), `confint_poisson_2indep` (`wald-log`, `score`); scipy 1.17.1
//! `binomtest` (minlike p and the exact proportion interval), `binom`, `poisson`, `nbinom`.
//! Agreement on 26 cases (zeros, unequal exposures, counts up to 1 500) in
//! `tests/tests/reference_rates.rs`: statistics 2e-16 relative; score, Wald, exact-cond and
//! mid-p p-values 1e-10 relative; E-test p-values 2e-13 absolute (statsmodels' grid
//! truncation); Wald-log limits 1e-15 and exact limits 4e-11 relative; score limits 5e-9
//! absolute (statsmodels' optimiser tolerance); binomial, Poisson and negative-binomial tails
//! 7e-13 relative, also far out in the tail.
//!
//! # Deviations
//! - `c1 = c2 = 0` is an error ([`StatsError::Undefined`]) for every method (statsmodels
//!   returns NaN or p = 1 depending on the method; ptools returns −1).
//! - statsmodels truncates the E-test grid at the Poisson 1 − 1e-13 quantile (at least 100);
//!   est truncates where each tail is below 1e-20, so p-values can differ by ~1e-13.
//! - statsmodels' score interval fails when a count is zero (it returned the degenerate
//!   `[1.280486, 1.280486]` for (0, 4, 6, 8)); est solves the quadratic in closed form and
//!   returns `[0, 1.280486]`.
//!
//! # Citations
//! Krishnamoorthy, K. & Thomson, J. (2004) A more powerful test for comparing two Poisson
//! means. *J. Statist. Plann. Inference* 119:23–35. Gu, K., Ng, H. K. T., Tang, M. L. &
//! Schucany, W. R. (2008) Testing the ratio of two Poisson rates. *Biometrical J.* 50:283–298.
//! Loader, C. (2000) Fast and accurate computation of binomial probabilities. Clopper, C. J.
//! & Pearson, E. S. (1934) *Biometrika* 26:404–413.
//!
//! ```
//! use est_core::stats::poisson::{rate_ratio, test_poisson_2indep, RatioCi, TwoRateMethod};
//!
//! // 30 incidents in one year against 50 in the next (§9.5 of the method reference).
//! let t = test_poisson_2indep(30, 1.0, 50, 1.0, TwoRateMethod::Score)?;
//! assert!((t.statistic + 2.23606798).abs() < 1e-8 && (t.p - 0.02534732).abs() < 1e-8);
//! let e = test_poisson_2indep(30, 1.0, 50, 1.0, TwoRateMethod::ExactCond)?;
//! assert!((e.p - 0.03299262).abs() < 1e-8);
//! let irr = rate_ratio(30, 1.0, 50, 1.0, RatioCi::Exact, 0.05)?;
//! assert!((irr.irr - 0.6).abs() < 1e-12 && (irr.lower - 0.368351).abs() < 1e-6);
//! # Ok::<(), est_core::stats::StatsError>(())
//! ```

use super::StatsError;
use serde::{Deserialize, Serialize};
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::ln_gamma;
use std::f64::consts::{PI, SQRT_2};
use std::fmt;
use std::str::FromStr;

/// Largest number of `(k1, k2)` pairs the E-test will sum (about 0.1 s natively); beyond it the
/// test is refused with [`StatsError::InvalidInput`] — use the score or exact test instead.
pub const MAX_ETEST_PAIRS: u64 = 40_000_000;

/// Probability mass below which each tail of the E-test grid is dropped (ptools' 1e-20).
const ETEST_TAIL: f64 = 1e-20;

/// Relative size of the neglected tail when summing a distribution's tail.
const SUM_EPS: f64 = 1e-17;

// ---------------------------------------------------------------------------------------------
// Methods and results
// ---------------------------------------------------------------------------------------------

/// A test of equal Poisson rates (H0: `c1/e1 = c2/e2`), all two-sided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TwoRateMethod {
    /// Score z (statsmodels `score`, its default for the ratio).
    Score,
    /// Wald z (statsmodels `wald`).
    Wald,
    /// Exact conditional binomial test with the minlike two-sided p (statsmodels
    /// `exact-cond`, scipy `binomtest`); est's default for change and early warning.
    ExactCond,
    /// Mid-p version of the exact conditional test (statsmodels `cond-midp`).
    ExactCondMidP,
    /// E-test with the pooled (score) statistic (statsmodels `etest-score`, its default).
    ETestPooled,
    /// E-test with the unpooled (Wald) statistic, the paper's eq. 3.3 (statsmodels
    /// `etest-wald`, scipy `poisson_means_test`).
    ETestUnpooled,
}

const METHOD_NAMES: &str = "score, wald, exact-cond, cond-midp, etest-score (etest), etest-wald";

impl TwoRateMethod {
    /// Reads statsmodels' names (`"score"`, `"wald"`, `"exact-cond"`, `"cond-midp"`,
    /// `"etest-score"` or `"etest"`, `"etest-wald"`), case-insensitively; `_` may replace `-`.
    ///
    /// # Errors
    /// [`StatsError::UnknownMethod`] for any other name.
    pub fn parse(name: &str) -> Result<Self, StatsError> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "score" => Ok(TwoRateMethod::Score),
            "wald" => Ok(TwoRateMethod::Wald),
            "exact-cond" | "exact" => Ok(TwoRateMethod::ExactCond),
            "cond-midp" | "midp" | "mid-p" => Ok(TwoRateMethod::ExactCondMidP),
            "etest-score" | "etest" | "e-test" | "etest-pooled" => Ok(TwoRateMethod::ETestPooled),
            "etest-wald" | "etest-unpooled" => Ok(TwoRateMethod::ETestUnpooled),
            _ => Err(StatsError::UnknownMethod {
                what: "two-rate test".into(),
                name: name.to_string(),
                expected: METHOD_NAMES.into(),
            }),
        }
    }

    /// The statsmodels name of the method.
    pub fn name(self) -> &'static str {
        match self {
            TwoRateMethod::Score => "score",
            TwoRateMethod::Wald => "wald",
            TwoRateMethod::ExactCond => "exact-cond",
            TwoRateMethod::ExactCondMidP => "cond-midp",
            TwoRateMethod::ETestPooled => "etest-score",
            TwoRateMethod::ETestUnpooled => "etest-wald",
        }
    }
}

impl fmt::Display for TwoRateMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TwoRateMethod {
    type Err = StatsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TwoRateMethod::parse(s)
    }
}

/// The result of a two-rate test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TwoRateTest {
    /// The method used.
    pub method: TwoRateMethod,
    /// The z statistic (score, Wald) or the E-test's statistic `T` (in statsmodels' count
    /// scale, equal to the score or Wald z); NaN for the exact conditional tests.
    pub statistic: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// First count.
    pub c1: u64,
    /// First exposure.
    pub e1: f64,
    /// Second count.
    pub c2: u64,
    /// Second exposure.
    pub e2: f64,
}

/// Confidence interval for the incidence rate ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatioCi {
    /// Wald interval on the log scale (statsmodels `wald-log`); needs both counts > 0.
    WaldLog,
    /// Exact interval from the Clopper–Pearson interval of `c1` out of `c1 + c2`.
    Exact,
    /// Inversion of the score test (statsmodels `score`), in closed form.
    Score,
}

impl RatioCi {
    /// The name used in results (`"wald-log"`, `"exact"`, `"score"`).
    pub fn name(self) -> &'static str {
        match self {
            RatioCi::WaldLog => "wald-log",
            RatioCi::Exact => "exact",
            RatioCi::Score => "score",
        }
    }
}

/// The incidence rate ratio `(c1/e1)/(c2/e2)` with a two-sided `1 − alpha` interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateRatio {
    /// The ratio (infinite when `c2 = 0 < c1`).
    pub irr: f64,
    /// Lower limit.
    pub lower: f64,
    /// Upper limit (infinite when `c2 = 0` for the exact and score intervals).
    pub upper: f64,
    /// The interval's method.
    pub method: RatioCi,
    /// The significance level (coverage `1 − alpha`).
    pub alpha: f64,
}

fn check_exposure(what: &str, e: f64) -> Result<(), StatsError> {
    if e.is_finite() && e > 0.0 {
        Ok(())
    } else {
        Err(StatsError::InvalidInput {
            what: what.into(),
            value: e.to_string(),
            expected: "a positive finite exposure".into(),
        })
    }
}

fn check_alpha(alpha: f64) -> Result<(), StatsError> {
    if alpha > 0.0 && alpha < 1.0 {
        Ok(())
    } else {
        Err(StatsError::InvalidAlpha { alpha })
    }
}

fn both_zero(what: &str, c1: u64, c2: u64) -> Result<(), StatsError> {
    if c1 == 0 && c2 == 0 {
        Err(StatsError::Undefined {
            what: what.into(),
            reason: "both counts are zero (c1 = c2 = 0): there is no information on the rates"
                .into(),
        })
    } else {
        Ok(())
    }
}

/// Two-sided test of equal Poisson rates `c1/e1 = c2/e2`.
///
/// # Parameters
/// `c1`, `e1`: count and exposure of the first period or unit; `c2`, `e2`: the second;
/// `method`: see [`TwoRateMethod`].
///
/// # Returns
/// The statistic (NaN for the exact tests) and the two-sided p-value.
///
/// # Errors
/// [`StatsError::InvalidInput`] for an exposure that is not positive and finite, or an
/// E-test grid larger than [`MAX_ETEST_PAIRS`]; [`StatsError::Undefined`] when
/// `c1 = c2 = 0`.
///
/// # Reference implementation
/// statsmodels 0.15.0 `test_poisson_2indep(c1, e1, c2, e2, method=…)` (compare `"ratio"`,
/// value 1, two-sided).
pub fn test_poisson_2indep(
    c1: u64,
    e1: f64,
    c2: u64,
    e2: f64,
    method: TwoRateMethod,
) -> Result<TwoRateTest, StatsError> {
    check_exposure("exposure e1", e1)?;
    check_exposure("exposure e2", e2)?;
    both_zero("two-rate test", c1, c2)?;
    let (y1, y2) = (c1 as f64, c2 as f64);
    // statsmodels' parametrisation: d = e2/e1, r_d = 1/d.
    let r_d = 1.0 / (e2 / e1);
    let (statistic, p) = match method {
        TwoRateMethod::Score => {
            let z = (y1 - y2 * r_d) / ((y1 + y2) * r_d).sqrt();
            (z, normal_two_sided(z))
        }
        TwoRateMethod::Wald => {
            let z = (y1 - y2 * r_d) / (y1 + y2 * r_d * r_d).sqrt();
            (z, normal_two_sided(z))
        }
        TwoRateMethod::ExactCond | TwoRateMethod::ExactCondMidP => {
            let bp = r_d / (1.0 + r_d);
            let n = c1 + c2;
            let mut p = binom_test_minlike(c1, n, bp);
            if method == TwoRateMethod::ExactCondMidP {
                p -= 0.5 * binom_pmf(c1, n, bp);
            }
            (f64::NAN, p)
        }
        TwoRateMethod::ETestPooled | TwoRateMethod::ETestUnpooled => {
            etest(c1, e1, c2, e2, method == TwoRateMethod::ETestPooled)?
        }
    };
    Ok(TwoRateTest {
        method,
        statistic,
        p,
        c1,
        e1,
        c2,
        e2,
    })
}

/// Two-sided normal p-value `2·Φ(−|z|)`.
fn normal_two_sided(z: f64) -> f64 {
    if z.is_nan() {
        f64::NAN
    } else {
        erfc(z.abs() / SQRT_2).min(1.0)
    }
}

/// The E-test's p-value and statistic (statsmodels' count-scale statistics, with its `1e-20`
/// guard inside the square root and its `1e-15` allowance for ties).
fn etest(c1: u64, e1: f64, c2: u64, e2: f64, pooled: bool) -> Result<(f64, f64), StatsError> {
    let n = c1 as f64 + c2 as f64;
    if n > 1e7 {
        return Err(StatsError::InvalidInput {
            what: "E-test total count c1 + c2".into(),
            value: format!("{}", c1 as u128 + c2 as u128),
            expected:
                "at most 10 000 000 (use the score or exact conditional test for larger counts)"
                    .into(),
        });
    }
    let r_d = 1.0 / (e2 / e1);
    let stat = |x1: f64, x2: f64| -> f64 {
        const EPS: f64 = 1e-20;
        if pooled {
            (x1 - x2 * r_d) / ((x1 + x2) * r_d + EPS).sqrt()
        } else {
            (x1 - x2 * r_d) / (x1 + x2 * r_d * r_d + EPS).sqrt()
        }
    };
    let mean1 = n * e1 / (e1 + e2);
    let mean2 = n * e2 / (e1 + e2);
    let (lo1, pmf1) = poisson_window(mean1, ETEST_TAIL);
    let (lo2, pmf2) = poisson_window(mean2, ETEST_TAIL);
    let pairs = pmf1.len() as u64 * pmf2.len() as u64;
    if pairs > MAX_ETEST_PAIRS {
        return Err(StatsError::InvalidInput {
            what: "E-test grid size (pairs of counts)".into(),
            value: pairs.to_string(),
            expected: format!(
                "at most {MAX_ETEST_PAIRS} pairs (c1 = {c1}, c2 = {c2}); use the score or exact conditional test"
            ),
        });
    }
    let t_obs = stat(c1 as f64, c2 as f64);
    let threshold = t_obs.abs() - 1e-15 - 1e-13 * t_obs.abs();
    let mut p = 0.0;
    for (i, &q1) in pmf1.iter().enumerate() {
        let x1 = (lo1 + i as u64) as f64;
        let mut row = 0.0;
        for (j, &q2) in pmf2.iter().enumerate() {
            let x2 = (lo2 + j as u64) as f64;
            if stat(x1, x2).abs() >= threshold {
                row += q2;
            }
        }
        p += q1 * row;
    }
    Ok((t_obs, p.min(1.0)))
}

/// Poisson probabilities `P(X = k)` for `k = lo ..= hi`, where the mass below `lo` and above
/// `hi` are each below `tail` (geometric bounds). Returns `(lo, masses)`.
fn poisson_window(mu: f64, tail: f64) -> (u64, Vec<f64>) {
    if mu.is_nan() || mu <= 0.0 {
        return (0, vec![1.0]);
    }
    let mode = mu.floor() as u64;
    let t_mode = poisson_pmf(mode, mu);
    // Upward.
    let mut up = Vec::new();
    let mut t = t_mode;
    let mut j = mode;
    loop {
        let r = mu / (j as f64 + 1.0);
        t *= r;
        j += 1;
        up.push(t);
        let r_next = mu / (j as f64 + 1.0);
        if t * r_next / (1.0 - r_next) < tail || t == 0.0 {
            break;
        }
    }
    // Downward.
    let mut down = Vec::new();
    let mut t = t_mode;
    let mut j = mode;
    while j > 0 {
        let r = j as f64 / mu;
        t *= r;
        j -= 1;
        down.push(t);
        if j == 0 {
            break;
        }
        let r_next = j as f64 / mu;
        if t * r_next / (1.0 - r_next) < tail || t == 0.0 {
            break;
        }
    }
    let lo = j;
    let mut out: Vec<f64> = down.into_iter().rev().collect();
    out.push(t_mode);
    out.extend(up);
    (lo, out)
}

/// The incidence rate ratio `(c1/e1)/(c2/e2)` with a two-sided `1 − alpha` interval.
///
/// - [`RatioCi::WaldLog`]: `exp(ln IRR ± z·√(1/c1 + 1/c2))`, `z = Φ⁻¹(1 − α/2)`.
/// - [`RatioCi::Exact`]: Clopper–Pearson `[p_L, p_U]` for `c1` successes of `c1 + c2`, then
///   `IRR = p/(1 − p)·e2/e1` (`p_L = 0` when `c1 = 0`, upper = ∞ when `c2 = 0`).
/// - [`RatioCi::Score`]: the ratios `r` with `|z_score(r)| ≤ z`; with `q = r·e1/e2` the limits
///   are the roots of `c2²q² − (2c1c2 + z²n)q + c1² = 0`.
///
/// # Errors
/// [`StatsError::InvalidInput`] for a bad exposure; [`StatsError::InvalidAlpha`] for `alpha`
/// outside (0, 1); [`StatsError::Undefined`] when `c1 = c2 = 0`, or for `WaldLog` when either
/// count is zero.
///
/// # Reference implementation
/// statsmodels 0.15.0 `confint_poisson_2indep(method="wald-log" | "score")`; scipy 1.17.1
/// `binomtest(c1, n, π0).proportion_ci(method="exact")` mapped as above.
pub fn rate_ratio(
    c1: u64,
    e1: f64,
    c2: u64,
    e2: f64,
    ci: RatioCi,
    alpha: f64,
) -> Result<RateRatio, StatsError> {
    check_exposure("exposure e1", e1)?;
    check_exposure("exposure e2", e2)?;
    check_alpha(alpha)?;
    both_zero("incidence rate ratio", c1, c2)?;
    let (y1, y2) = (c1 as f64, c2 as f64);
    let irr = (y1 / e1) / (y2 / e2);
    let z = normal_quantile(1.0 - alpha / 2.0);
    let (lower, upper) = match ci {
        RatioCi::WaldLog => {
            if c1 == 0 || c2 == 0 {
                return Err(StatsError::Undefined {
                    what: "Wald-log interval of the rate ratio".into(),
                    reason: format!(
                        "a count is zero (c1 = {c1}, c2 = {c2}); use the exact or score interval"
                    ),
                });
            }
            let center = y1 / y2 * e2 / e1;
            let sd = (1.0 / y1 + 1.0 / y2).sqrt();
            (center * (-z * sd).exp(), center * (z * sd).exp())
        }
        RatioCi::Exact => {
            let n = c1 + c2;
            let (pl, pu) = clopper_pearson(c1, n, alpha);
            let map = |p: f64| {
                if p >= 1.0 {
                    f64::INFINITY
                } else {
                    p / (1.0 - p) * e2 / e1
                }
            };
            (map(pl), map(pu))
        }
        RatioCi::Score => {
            let n = y1 + y2;
            let z2n = z * z * n;
            let (q_lo, q_hi) = if c2 == 0 {
                (y1 * y1 / z2n, f64::INFINITY)
            } else if c1 == 0 {
                (0.0, z2n / (y2 * y2))
            } else {
                let a = y2 * y2;
                let b = 2.0 * y1 * y2 + z2n;
                let disc = z2n * (4.0 * y1 * y2 + z2n);
                let q_hi = (b + disc.sqrt()) / (2.0 * a);
                (y1 * y1 / (a * q_hi), q_hi)
            };
            (q_lo * e2 / e1, q_hi * e2 / e1)
        }
    };
    Ok(RateRatio {
        irr,
        lower,
        upper,
        method: ci,
        alpha,
    })
}

/// Clopper–Pearson interval for `k` successes of `n` (`n > 0`), solved on [`binom_sf`] and
/// [`binom_cdf`] by bisection to adjacent floating-point numbers.
pub fn clopper_pearson(k: u64, n: u64, alpha: f64) -> (f64, f64) {
    let half = alpha / 2.0;
    let lower = if k == 0 {
        0.0
    } else {
        bisect_increasing(|p| binom_sf(k, n, p) - half)
    };
    let upper = if k >= n {
        1.0
    } else {
        bisect_increasing(|p| half - binom_cdf(k, n, p))
    };
    (lower, upper)
}

/// Root in (0, 1) of an increasing function, by bisection until the bracket is two adjacent
/// floating-point numbers (or 1e-15 relative).
fn bisect_increasing(f: impl Fn(f64) -> f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..2200 {
        let mid = if lo > 0.0 && hi / lo > 4.0 {
            (lo * hi).sqrt() // geometric steps reach tiny roots quickly
        } else if lo == 0.0 && hi < 1e-3 {
            hi * 1e-3
        } else {
            0.5 * (lo + hi)
        };
        if mid <= lo || mid >= hi || hi - lo <= 1e-15 * hi {
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
// Distribution functions
// ---------------------------------------------------------------------------------------------

/// `ln(n!) − ln(√(2πn)·(n/e)ⁿ)` for integers 1..=15 (computed to 50 digits).
#[allow(clippy::excessive_precision)] // the digits as computed; rounding is the compiler's
const STIRLERR: [f64; 16] = [
    0.0,
    8.106_146_679_532_725_821_967_0e-2,
    4.134_069_595_540_929_409_382_2e-2,
    2.767_792_568_499_833_914_878_9e-2,
    2.079_067_210_376_509_311_152_3e-2,
    1.664_469_118_982_119_216_319_5e-2,
    1.387_612_882_307_074_799_874_6e-2,
    1.189_670_994_589_177_009_505_6e-2,
    1.041_126_526_197_209_649_747_9e-2,
    9.255_462_182_712_732_917_728_6e-3,
    8.330_563_433_362_871_256_469_3e-3,
    7.573_675_487_951_840_794_972_0e-3,
    6.942_840_107_209_529_865_664_2e-3,
    6.408_994_188_004_207_068_439_6e-3,
    5.951_370_112_758_847_735_624_4e-3,
    5.554_733_551_962_801_371_038_7e-3,
];

/// Stirling's error `ln(n!) − ln(√(2πn)·(n/e)ⁿ)` (Loader 2000).
fn stirlerr(n: u64) -> f64 {
    if let Some(&v) = STIRLERR.get(n as usize) {
        return v;
    }
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    let x = n as f64;
    let nn = x * x;
    if n > 500 {
        (S0 - S1 / nn) / x
    } else if n > 80 {
        (S0 - (S1 - S2 / nn) / nn) / x
    } else if n > 35 {
        (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / x
    } else {
        (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / x
    }
}

/// Deviance term `x·ln(x/np) + np − x`, accurate when `x ≈ np` (Loader 2000).
fn bd0(x: f64, np: f64) -> f64 {
    if (x - np).abs() < 0.1 * (x + np) {
        let mut v = (x - np) / (x + np);
        let mut s = (x - np) * v;
        if s.abs() < f64::MIN_POSITIVE {
            return s;
        }
        let mut ej = 2.0 * x * v;
        v *= v;
        for j in 1..1000 {
            ej *= v;
            let s1 = s + ej / f64::from(2 * j + 1);
            if s1 == s {
                return s1;
            }
            s = s1;
        }
    }
    x * (x / np).ln() + np - x
}

/// Binomial probability `P(X = k)`, `X ~ Bin(n, p)` (Loader's saddle-point form, as R's
/// `dbinom`). NaN when `p` is outside [0, 1].
pub fn binom_pmf(k: u64, n: u64, p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if k > n {
        return 0.0;
    }
    let q = 1.0 - p;
    if p == 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    if q == 0.0 {
        return if k == n { 1.0 } else { 0.0 };
    }
    let nf = n as f64;
    if k == 0 {
        if n == 0 {
            return 1.0;
        }
        let lc = if p < 0.1 {
            -bd0(nf, nf * q) - nf * p
        } else {
            nf * q.ln()
        };
        return lc.exp();
    }
    if k == n {
        let lc = if q < 0.1 {
            -bd0(nf, nf * p) - nf * q
        } else {
            nf * p.ln()
        };
        return lc.exp();
    }
    let x = k as f64;
    let lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(x, nf * p) - bd0(nf - x, nf * q);
    let lf = (2.0 * PI).ln() + x.ln() + (-x / nf).ln_1p();
    (lc - 0.5 * lf).exp()
}

/// Sum of a tail starting at the mass `t0`, each next term `t·ratio(j)`, where the ratios are
/// below one and decreasing along the walk; stops when the geometric bound on the rest is
/// below [`SUM_EPS`] of the sum or `next` returns `None` (end of the support).
fn tail_sum(t0: f64, mut next_ratio: impl FnMut() -> Option<f64>) -> f64 {
    let mut sum = t0;
    let mut t = t0;
    while let Some(r) = next_ratio() {
        t *= r;
        sum += t;
        if t == 0.0 || (r < 1.0 && t * r / (1.0 - r) <= SUM_EPS * sum) {
            break;
        }
    }
    sum
}

/// Binomial lower tail `P(X ≤ k)`, summed directly when it is the smaller tail.
pub fn binom_cdf(k: u64, n: u64, p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if k >= n {
        return 1.0;
    }
    if (k as f64) < n as f64 * p {
        lower_binom(k, n, p)
    } else {
        1.0 - upper_binom(k + 1, n, p)
    }
}

/// Binomial upper tail `P(X ≥ k)`, `X ~ Bin(n, p)`, summed directly when it is the smaller
/// tail (full relative precision far out in the tail). NaN when `p` is outside [0, 1].
pub fn binom_sf(k: u64, n: u64, p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    if (k as f64) > n as f64 * p {
        upper_binom(k, n, p)
    } else {
        1.0 - lower_binom(k - 1, n, p)
    }
}

/// `Σ_{j ≥ k} P(X = j)` walking up from `k` (`k > np`, so the terms decrease).
fn upper_binom(k: u64, n: u64, p: f64) -> f64 {
    let t0 = binom_pmf(k, n, p);
    let odds = p / (1.0 - p);
    let mut j = k;
    tail_sum(t0, || {
        if j >= n {
            return None;
        }
        let r = (n - j) as f64 / (j + 1) as f64 * odds;
        j += 1;
        Some(r)
    })
    .min(1.0)
}

/// `Σ_{j ≤ k} P(X = j)` walking down from `k` (`k < np`, so the terms decrease).
fn lower_binom(k: u64, n: u64, p: f64) -> f64 {
    let t0 = binom_pmf(k, n, p);
    let odds_inv = (1.0 - p) / p;
    let mut j = k;
    tail_sum(t0, || {
        if j == 0 {
            return None;
        }
        let r = j as f64 / (n - j + 1) as f64 * odds_inv;
        j -= 1;
        Some(r)
    })
    .min(1.0)
}

/// Two-sided exact binomial test of `P(success) = p` with `k` successes in `n` trials, the
/// "minlike" p-value of `scipy.stats.binomtest`: the probability of all outcomes no more
/// likely than `k` (relative allowance `1e-7` for ties). NaN when `p` is outside [0, 1];
/// 1 when `n = 0`.
pub fn binom_test_minlike(k: u64, n: u64, p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) || k > n {
        return f64::NAN;
    }
    if n == 0 {
        return 1.0;
    }
    let d = binom_pmf(k, n, p);
    let rerr = 1.0 + 1e-7;
    let np = p * n as f64;
    let pval = if k as f64 == np {
        1.0
    } else if (k as f64) < np {
        // The first j ≥ ceil(np) with pmf(j) ≤ d·rerr.
        let lo = np.ceil() as u64;
        let ix = search_binom(|x| -binom_pmf(x, n, p), -d * rerr, lo, n);
        let y = n as i64 - ix + i64::from(d * rerr == binom_pmf(ix.max(0) as u64, n, p));
        let from = n as i64 - y; // sf(n - y) = P(X > n - y) = P(X ≥ n − y + 1)
        binom_cdf(k, n, p) + binom_sf((from + 1).max(0) as u64, n, p)
    } else {
        let hi = np.floor() as u64;
        let ix = search_binom(|x| binom_pmf(x, n, p), d * rerr, 0, hi);
        let y = ix + 1;
        let lower = if y >= 1 {
            binom_cdf((y - 1) as u64, n, p)
        } else {
            0.0
        };
        lower + binom_sf(k, n, p)
    };
    pval.min(1.0)
}

/// scipy's `_binary_search_for_binom_tst`: the index `i` in `[lo, hi]` with
/// `a(i) ≤ d < a(i + 1)` for an increasing `a` (may return `lo − 1`).
fn search_binom(a: impl Fn(u64) -> f64, d: f64, lo: u64, hi: u64) -> i64 {
    let (mut lo, mut hi) = (lo as i64, hi as i64);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let v = a(mid as u64);
        if v < d {
            lo = mid + 1;
        } else if v > d {
            hi = mid - 1;
        } else {
            return mid;
        }
    }
    if lo >= 0 && a(lo as u64) <= d {
        lo
    } else {
        lo - 1
    }
}

/// A finite, non-negative mean.
fn valid_mean(mu: f64) -> bool {
    mu.is_finite() && mu >= 0.0
}

/// Poisson probability `P(X = k)`, `X ~ Pois(mu)` (Loader's form, as R's `dpois`). NaN for a
/// negative or non-finite `mu`.
pub fn poisson_pmf(k: u64, mu: f64) -> f64 {
    if !valid_mean(mu) {
        return f64::NAN;
    }
    if mu == 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    if k == 0 {
        return (-mu).exp();
    }
    let x = k as f64;
    (-stirlerr(k) - bd0(x, mu)).exp() / (2.0 * PI * x).sqrt()
}

/// Poisson lower tail `P(X ≤ k)`, summed directly when it is the smaller tail.
pub fn poisson_cdf(k: u64, mu: f64) -> f64 {
    if !valid_mean(mu) {
        return f64::NAN;
    }
    if (k as f64) < mu {
        lower_poisson(k, mu)
    } else {
        1.0 - upper_poisson(k + 1, mu)
    }
}

/// Poisson upper tail `P(X ≥ k)`, `X ~ Pois(mu)`, summed directly when it is the smaller
/// tail (full relative precision far out in the tail). NaN for a negative or non-finite `mu`.
pub fn poisson_sf(k: u64, mu: f64) -> f64 {
    if !valid_mean(mu) {
        return f64::NAN;
    }
    if k == 0 {
        return 1.0;
    }
    if (k as f64) > mu {
        upper_poisson(k, mu)
    } else {
        1.0 - lower_poisson(k - 1, mu)
    }
}

fn upper_poisson(k: u64, mu: f64) -> f64 {
    let mut j = k;
    tail_sum(poisson_pmf(k, mu), || {
        let r = mu / (j + 1) as f64;
        j += 1;
        Some(r)
    })
    .min(1.0)
}

fn lower_poisson(k: u64, mu: f64) -> f64 {
    let mut j = k;
    tail_sum(poisson_pmf(k, mu), || {
        if j == 0 {
            return None;
        }
        let r = j as f64 / mu;
        j -= 1;
        Some(r)
    })
    .min(1.0)
}

/// Negative-binomial probability `P(X = k)` with mean `mean` and size (dispersion) `size`:
/// `Γ(k + r)/(Γ(r)·k!)·pʳ·(1 − p)ᵏ`, `p = r/(r + mean)` (scipy `nbinom(r, p)`, R's
/// `dnbinom(mu=)`). NaN for invalid parameters; `size = ∞` is the Poisson.
pub fn nbinom_pmf(k: u64, mean: f64, size: f64) -> f64 {
    if !valid_mean(mean) || size.is_nan() || size <= 0.0 {
        return f64::NAN;
    }
    if size.is_infinite() {
        return poisson_pmf(k, mean);
    }
    if mean == 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    let x = k as f64;
    // ln p = −ln(1 + mean/size), ln(1 − p) = −ln(1 + size/mean).
    let ln_p = -(mean / size).ln_1p();
    let ln_q = -(size / mean).ln_1p();
    if k == 0 {
        return (size * ln_p).exp();
    }
    (ln_gamma(x + size) - ln_gamma(size) - ln_gamma(x + 1.0) + size * ln_p + x * ln_q).exp()
}

/// Negative-binomial upper tail `P(X ≥ k)` with mean `mean` and size `size` (method-of-moments
/// `size = μ²/(v − μ)` in the early warning). NaN for invalid parameters; `size = ∞` is the
/// Poisson.
pub fn nbinom_sf(k: u64, mean: f64, size: f64) -> f64 {
    if !valid_mean(mean) || size.is_nan() || size <= 0.0 {
        return f64::NAN;
    }
    if size.is_infinite() {
        return poisson_sf(k, mean);
    }
    if k == 0 {
        return 1.0;
    }
    if mean == 0.0 {
        return 0.0;
    }
    let q = mean / (size + mean);
    if (k as f64) > mean {
        // Walk up: ratio (j + r)/(j + 1)·q < 1 for j > mean; the ratios tend to q, so the
        // larger of the current ratio and q bounds the rest.
        let t0 = nbinom_pmf(k, mean, size);
        let mut sum = t0;
        let mut t = t0;
        let mut j = k as f64;
        for _ in 0..100_000_000u64 {
            let r = (j + size) / (j + 1.0) * q;
            t *= r;
            j += 1.0;
            sum += t;
            let bound = r.max(q);
            if t == 0.0 || t * bound / (1.0 - bound) <= SUM_EPS * sum {
                break;
            }
        }
        sum.min(1.0)
    } else {
        // k ≤ mean: 1 − P(X ≤ k − 1), all k terms from 0 upwards.
        let mut t = nbinom_pmf(0, mean, size);
        let mut sum = t;
        let mut j = 0.0;
        let last = (k - 1) as f64;
        while j < last {
            t *= (j + size) / (j + 1.0) * q;
            j += 1.0;
            sum += t;
        }
        (1.0 - sum).max(0.0)
    }
}

/// Standard normal quantile `Φ⁻¹(p)` (−∞ at 0, +∞ at 1, NaN outside [0, 1]).
pub fn normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    -SQRT_2 * erfc_inv(2.0 * p)
}

/// Standard normal upper tail `1 − Φ(z)`, accurate far into the tail.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        if a == b {
            0.0
        } else {
            (a - b).abs() / b.abs().max(f64::MIN_POSITIVE)
        }
    }

    #[test]
    fn method_reference_table_9_5() {
        // (c1, e1, c2, e2): score z, score p, exact-cond, mid-p, pooled E, unpooled E
        // (statsmodels 0.15.0, printed to 8 decimals).
        let cases = [
            (
                (30, 1.0, 50, 1.0),
                [
                    -2.23606798,
                    0.02534732,
                    0.03299262,
                    0.02932349,
                    0.02530216,
                    0.02530216,
                ],
            ),
            (
                (12, 13.0, 30, 26.0),
                [
                    -0.65465367,
                    0.51269076,
                    0.62407427,
                    0.56981695,
                    0.52212955,
                    0.50470276,
                ],
            ),
            (
                (0, 4.0, 6, 8.0),
                [
                    -1.73205081,
                    0.08326452,
                    0.18792867,
                    0.14403292,
                    0.09973254,
                    0.02975808,
                ],
            ),
        ];
        for ((c1, e1, c2, e2), want) in cases {
            let s = test_poisson_2indep(c1, e1, c2, e2, TwoRateMethod::Score).unwrap();
            assert!((s.statistic - want[0]).abs() < 5e-9);
            assert!((s.p - want[1]).abs() < 5e-9);
            let methods = [
                TwoRateMethod::ExactCond,
                TwoRateMethod::ExactCondMidP,
                TwoRateMethod::ETestPooled,
                TwoRateMethod::ETestUnpooled,
            ];
            for (m, w) in methods.iter().zip(&want[2..]) {
                let t = test_poisson_2indep(c1, e1, c2, e2, *m).unwrap();
                assert!((t.p - w).abs() < 5e-9, "{m:?} {c1} {c2}: {} vs {w}", t.p);
            }
        }
    }

    #[test]
    fn method_reference_table_9_6() {
        let r = rate_ratio(30, 1.0, 50, 1.0, RatioCi::WaldLog, 0.05).unwrap();
        assert!((r.lower - 0.381570).abs() < 5e-7 && (r.upper - 0.943469).abs() < 5e-7);
        let r = rate_ratio(30, 1.0, 50, 1.0, RatioCi::Exact, 0.05).unwrap();
        assert!((r.lower - 0.368351).abs() < 5e-7 && (r.upper - 0.962149).abs() < 5e-7);
        let r = rate_ratio(30, 1.0, 50, 1.0, RatioCi::Score, 0.05).unwrap();
        assert!((r.lower - 0.383015).abs() < 5e-7 && (r.upper - 0.939912).abs() < 5e-7);
        let r = rate_ratio(12, 13.0, 30, 26.0, RatioCi::WaldLog, 0.05).unwrap();
        assert!((r.irr - 0.8).abs() < 1e-12);
        assert!((r.lower - 0.409590).abs() < 5e-7 && (r.upper - 1.562538).abs() < 5e-7);
        let r = rate_ratio(12, 13.0, 30, 26.0, RatioCi::Exact, 0.05).unwrap();
        assert!((r.lower - 0.373018).abs() < 5e-7 && (r.upper - 1.609058).abs() < 5e-7);
        let r = rate_ratio(0, 4.0, 6, 8.0, RatioCi::Exact, 0.05).unwrap();
        assert_eq!(r.lower, 0.0);
        assert!((r.upper - 1.698622).abs() < 5e-7);
        let r = rate_ratio(0, 4.0, 6, 8.0, RatioCi::Score, 0.05).unwrap();
        assert_eq!(r.lower, 0.0);
        assert!((r.upper - 1.280486).abs() < 5e-7);
        assert!(matches!(
            rate_ratio(0, 4.0, 6, 8.0, RatioCi::WaldLog, 0.05),
            Err(StatsError::Undefined { .. })
        ));
    }

    #[test]
    fn method_reference_6_2() {
        // scipy 1.17.1 values from the method reference (§6.2).
        assert!(rel(poisson_sf(5, 1.25), 0.009124279218395273) < 1e-12);
        assert!(rel(binom_sf(5, 15, 1.0 / 9.0), 0.01952040968043932) < 1e-12);
        assert!(rel(nbinom_sf(8, 2.25, 1.3762135922330097), 0.04115457956577662) < 1e-12);
        assert!(rel(poisson_sf(8, 2.25), 0.0022670878963224074) < 1e-12);
        // Wheeler's example: 25 vs 16, E-test p = 0.1647963178547.
        let t = test_poisson_2indep(25, 1.0, 16, 1.0, TwoRateMethod::ETestUnpooled).unwrap();
        assert!((t.p - 0.1647963178547).abs() < 1e-12);
    }

    #[test]
    fn both_zero_is_undefined_and_bad_exposure_refused() {
        for m in [
            TwoRateMethod::Score,
            TwoRateMethod::ExactCond,
            TwoRateMethod::ETestPooled,
        ] {
            assert!(matches!(
                test_poisson_2indep(0, 1.0, 0, 1.0, m),
                Err(StatsError::Undefined { .. })
            ));
        }
        assert!(matches!(
            test_poisson_2indep(1, 0.0, 2, 1.0, TwoRateMethod::Score),
            Err(StatsError::InvalidInput { .. })
        ));
        assert!(matches!(
            test_poisson_2indep(5_000_000, 1.0, 5_000_001, 1.0, TwoRateMethod::ETestPooled),
            Err(StatsError::InvalidInput { .. })
        ));
    }

    #[test]
    fn tails_sum_to_one_and_match_direct_sums() {
        for &(n, p) in &[(10u64, 0.3), (57, 0.01), (200, 0.97), (1, 0.5)] {
            let total: f64 = (0..=n).map(|k| binom_pmf(k, n, p)).sum();
            assert!((total - 1.0).abs() < 1e-13);
            for k in 0..=n {
                let direct: f64 = (k..=n).map(|j| binom_pmf(j, n, p)).sum();
                assert!(rel(binom_sf(k, n, p), direct) < 1e-12, "n={n} p={p} k={k}");
                assert!((binom_cdf(k, n, p) + binom_sf(k + 1, n, p) - 1.0).abs() < 1e-13);
            }
        }
        for &mu in &[0.1, 1.25, 7.5, 40.0] {
            for k in 0..120u64 {
                let direct: f64 = (k..400).map(|j| poisson_pmf(j, mu)).sum();
                let got = poisson_sf(k, mu);
                assert!(rel(got, direct) < 1e-12 || direct < 1e-300, "mu={mu} k={k}");
            }
        }
        // Far tail keeps relative precision (no `1 − cdf`): P(Pois(1) ≥ 50) against the direct sum.
        let far = poisson_sf(50, 1.0);
        let direct: f64 = (50..200u64).map(|j| poisson_pmf(j, 1.0)).sum();
        assert!(far > 1e-70 && rel(far, direct) < 1e-13);
        let far = binom_sf(180, 200, 0.3);
        let direct: f64 = (180..=200u64).map(|j| binom_pmf(j, 200, 0.3)).sum();
        assert!(far > 0.0 && rel(far, direct) < 1e-13);
    }

    #[test]
    fn parse_names() {
        for m in [
            TwoRateMethod::Score,
            TwoRateMethod::Wald,
            TwoRateMethod::ExactCond,
            TwoRateMethod::ExactCondMidP,
            TwoRateMethod::ETestPooled,
            TwoRateMethod::ETestUnpooled,
        ] {
            assert_eq!(TwoRateMethod::parse(m.name()).unwrap(), m);
        }
        assert_eq!(
            TwoRateMethod::parse("etest").unwrap(),
            TwoRateMethod::ETestPooled
        );
        assert!(TwoRateMethod::parse("bogus").is_err());
    }

    #[test]
    fn normal_quantile_round_trip() {
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-14);
        assert!((normal_sf(normal_quantile(1e-12)) - (1.0 - 1e-12)).abs() < 1e-15);
    }
}
