//! Weekly early warning: which place × category is unusually high **this ISO week** compared
//! with the weeks before (method reference §6.2)?
//!
//! # Definition
//! A unit is a place (a named area or a cell) × a category. `x` is this week's count; the
//! baseline is the `B` ISO weeks before it, optionally skipping a guard of `g` weeks
//! (or, with a seasonal baseline, the same ISO weeks ± `w` in each of the previous years);
//! only weeks *with data* enter (weeks before the data set begins are NaN). With `S = Σ b_j`,
//! `μ = S/B` and the sample variance `v` (divisor `B − 1`):
//!
//! | [`ExceedanceMethod`] | Upper-tail p-value |
//! |---|---|
//! | `ExactConditional` (default) | `P(X ≥ x)`, `X ~ Binomial(x + S, 1/(B + 1))` — equal weekly rates given the total; works with an all-zero baseline |
//! | `Poisson` | `P(X ≥ x)`, `X ~ Poisson(μ)`; the exact conditional test when `μ = 0` |
//! | `NegativeBinomial` | `P(X ≥ x)`, `X ~ NB(mean μ, size k = μ²/(v − μ))` when `v > μ`; else as `Poisson` |
//! | `Auto` | `NegativeBinomial` when `v > μ` and `B ≥ 8`, else `ExactConditional` |
//!
//! Display: Wheeler's `z = 2(√x − √μ)` and the excess `x − μ`. The p-values of all tested
//! units of the week form one family, adjusted with the chosen correction (default
//! Benjamini–Hochberg). A unit is **flagged** when `p_adjusted < α` **and** `x ≥ x_min`.
//! Units without enough baseline weeks with data are not tested and are counted in
//! [`EarlyWarning::insufficient_baseline`]; units with nothing this week nor in the baseline
//! (`x + S = 0`) carry no information and are counted in [`EarlyWarning::untestable`].
//!
//! # Defaults (method reference §6.2, est's choices ◆)
//! `B = 8`, `g = 0`, at least 4 baseline weeks with data, `α = 0.01`, `x_min = 3`,
//! Benjamini–Hochberg, exact conditional test, no seasonal baseline (when chosen:
//! Farrington's 5 years × ±3 weeks).
//!
//! # Reference implementation
//! scipy 1.17.1 `binom.sf`, `poisson.sf`, `nbinom.sf` and statsmodels 0.15.0
//! `multipletests(method="fdr_bh")` on the method reference's cases and a 3 × 2 × 9 weekly
//! table (`tests/golden/rates_statsmodels.json`, `tests/tests/reference_rates.rs`): 1e-8
//! relative or better.
//!
//! # Citations
//! Wheeler, A. P. (2016) Tables and graphs for monitoring temporal crime trends. *Int. J.
//! Police Sci. & Mgmt* 18(3):159–172. Farrington, C. P., Andrews, N. J., Beale, A. D. &
//! Catchpole, M. A. (1996) A statistical algorithm for the early detection of outbreaks of
//! infectious disease. *JRSS A* 159:547–563.
//!
//! # Example
//! ```
//! use est_core::taxonomy::Taxonomy;
//! use est_core::trend::early_warning::{early_warning, EarlyWarningParams, WeeklyTable};
//!
//! let weeks: Vec<String> = (1..=9).map(|w| format!("2026-W{w:02}")).collect();
//! let table = WeeklyTable {
//!     places: vec!["Ekparken".into()],
//!     categories: vec!["skadegorelse".into()],
//!     weeks,
//!     counts: vec![2.0, 0.0, 1.0, 3.0, 1.0, 2.0, 0.0, 1.0, 9.0],
//! };
//! let ew = early_warning(&table, &Taxonomy::default(), &EarlyWarningParams::default())?;
//! assert_eq!((ew.tested, ew.alerts.len()), (1, 1));
//! assert_eq!(ew.alerts[0].sentence_sv, "Skadegörelse vid Ekparken: 9 händelser senaste veckan mot normalt 1,3");
//! assert_eq!(ew.alerts[0].sentence_en, "Criminal damage at Ekparken: 9 incidents last week against a usual 1.3");
//! # Ok::<(), est_core::Error>(())
//! ```

use super::TrendError;
use super::cube::cube_for_areas;
use super::period::{Periods, iso_week_label};
use crate::Error;
use crate::hotspot::counts::Selection;
use crate::incident::Incidents;
use crate::params::{ParamUsed, Source};
use crate::stats::multitest::{Adjustment, adjust};
use crate::stats::poisson::{binom_sf, nbinom_sf, poisson_sf};
use crate::taxonomy::Taxonomy;
use chrono::{DateTime, Utc};
use chrono::{Days, NaiveDate, Weekday};
use geo::MultiPolygon;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How this week's count is compared with its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceedanceMethod {
    /// `x | x + S ~ Binomial(x + S, 1/(B + 1))` (est's default, method reference §6.2).
    #[default]
    ExactConditional,
    /// `x ~ Poisson(μ)` (exact conditional when `μ = 0`).
    Poisson,
    /// `x ~ NB(μ, μ²/(v − μ))` when overdispersed, else Poisson.
    NegativeBinomial,
    /// Negative binomial when `v > μ` and `B ≥ 8`, else exact conditional.
    Auto,
}

impl ExceedanceMethod {
    /// `"exact_conditional"`, `"poisson"`, `"negative_binomial"` or `"auto"`.
    pub fn name(self) -> &'static str {
        match self {
            ExceedanceMethod::ExactConditional => "exact_conditional",
            ExceedanceMethod::Poisson => "poisson",
            ExceedanceMethod::NegativeBinomial => "negative_binomial",
            ExceedanceMethod::Auto => "auto",
        }
    }
}

/// A seasonal baseline: the same ISO week ± `half_width_weeks` in each of the `years`
/// previous ISO years (Farrington-like). It replaces the recent weeks (and the guard).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeasonalBaseline {
    /// Number of previous years (Farrington et al. 1996: 5).
    pub years: usize,
    /// Weeks on either side of the same ISO week (Farrington et al. 1996: 3).
    pub half_width_weeks: usize,
}

impl Default for SeasonalBaseline {
    fn default() -> Self {
        SeasonalBaseline {
            years: 5,            // Farrington et al. (1996)
            half_width_weeks: 3, // Farrington et al. (1996)
        }
    }
}

/// Parameters of the weekly early warning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EarlyWarningParams {
    /// Number of baseline weeks `B` before this week (default 8, method reference §6.2).
    pub baseline_weeks: usize,
    /// Weeks skipped between the baseline and this week (default 0).
    pub guard_weeks: usize,
    /// Fewest baseline weeks with data for a unit to be tested (default 4).
    pub min_baseline_weeks_with_data: usize,
    /// Level for the adjusted p-value (default 0.01).
    pub alpha: f64,
    /// Fewest incidents this week for an alert (default 3).
    pub min_count: u64,
    /// Multiple-testing correction over the week's tested units (default Benjamini–Hochberg).
    pub adjustment: Adjustment,
    /// The exceedance test (default exact conditional).
    pub method: ExceedanceMethod,
    /// Optional seasonal baseline instead of the recent weeks (default none).
    pub seasonal: Option<SeasonalBaseline>,
}

impl Default for EarlyWarningParams {
    fn default() -> Self {
        EarlyWarningParams {
            baseline_weeks: 8,                          // method reference §6.2 ◆
            guard_weeks: 0,                             // method reference §6.2 ◆
            min_baseline_weeks_with_data: 4,            // method reference §6.2 ◆
            alpha: 0.01,                                // method reference §6.2 ◆
            min_count: 3,                               // method reference §6.2 ◆
            adjustment: Adjustment::BenjaminiHochberg,  // method reference §6.2
            method: ExceedanceMethod::ExactConditional, // method reference §6.2
            seasonal: None,
        }
    }
}

/// Weekly counts per place × category: the early warning's input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyTable {
    /// Place names.
    pub places: Vec<String>,
    /// Category codes (or labels the taxonomy resolves).
    pub categories: Vec<String>,
    /// Week labels in time order (`2026-W47`); the last is the week under test.
    pub weeks: Vec<String>,
    /// Unit-major counts: unit `u = place·n_categories + category`, value
    /// `counts[u·n_weeks + w]`. NaN marks a week without data (not a zero).
    pub counts: Vec<f64>,
}

/// One tested unit of the week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Place name.
    pub place: String,
    /// Category code.
    pub category: String,
    /// Swedish label of the category.
    pub category_sv: String,
    /// English label of the category.
    pub category_en: String,
    /// The week under test.
    pub week: String,
    /// This week's count `x`.
    pub observed: u64,
    /// The baseline mean `μ` (over the weeks with data).
    pub expected: f64,
    /// The baseline weeks in time order (NaN, null in JSON, for a week without data).
    pub baseline: Vec<f64>,
    /// Upper-tail p-value.
    pub p: f64,
    /// Adjusted p-value over the week's tested units.
    pub p_adjusted: f64,
    /// The test actually used (never `Auto`).
    pub method: ExceedanceMethod,
    /// Wheeler's display z, `2(√x − √μ)`.
    pub z: f64,
    /// `x − μ`.
    pub excess: f64,
    /// "Skadegörelse vid Ekparken: 9 händelser senaste veckan mot normalt 2".
    pub sentence_sv: String,
    /// "Criminal damage at Ekparken: 9 incidents last week against a usual 2".
    pub sentence_en: String,
    /// Position (1-based) in its list, ordered by p, then by larger excess.
    pub rank: usize,
}

/// The week's early warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EarlyWarning {
    /// The flagged units (`p_adjusted < α` and `x ≥ x_min`), ranked by p, then excess.
    pub alerts: Vec<Alert>,
    /// Number of tests made (the size of the multiple-testing family).
    pub tested: usize,
    /// Units not tested for lack of baseline weeks with data.
    pub insufficient_baseline: usize,
    /// Units not tested because they had no incident this week nor in the baseline.
    pub untestable: usize,
    /// The week under test.
    pub week: String,
    /// Every parameter with its provenance.
    pub params_used: Vec<ParamUsed>,
    /// Every tested unit, flagged or not, ranked as `alerts`.
    pub all: Vec<Alert>,
}

fn invalid(name: &str, value: impl ToString, expected: &str) -> Error {
    TrendError::InvalidParameter {
        name: name.into(),
        value: value.to_string(),
        expected: expected.into(),
    }
    .into()
}

/// Largest number of years of a seasonal baseline.
pub const MAX_SEASONAL_YEARS: usize = 50;
/// Largest half-width (weeks) of a seasonal baseline.
pub const MAX_HALF_WIDTH_WEEKS: usize = 26;

/// A whole, non-negative count no larger than 1e12 (an est limit that keeps the tests fast).
fn is_count(v: f64) -> bool {
    v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 1e12
}

fn check_params(p: &EarlyWarningParams) -> Result<(), Error> {
    if !(p.alpha > 0.0 && p.alpha < 1.0) {
        return Err(invalid(
            "alpha",
            p.alpha,
            "a level strictly between 0 and 1",
        ));
    }
    let available = match p.seasonal {
        None => {
            if p.baseline_weeks == 0 {
                return Err(invalid("baseline_weeks", 0, "at least 1 week"));
            }
            p.baseline_weeks
        }
        Some(s) => {
            if s.years == 0 {
                return Err(invalid("seasonal.years", 0, "at least 1 year"));
            }
            if s.years > MAX_SEASONAL_YEARS || s.half_width_weeks > MAX_HALF_WIDTH_WEEKS {
                return Err(invalid(
                    "seasonal",
                    format!("{} years, ±{} weeks", s.years, s.half_width_weeks),
                    &format!(
                        "at most {MAX_SEASONAL_YEARS} years and ±{MAX_HALF_WIDTH_WEEKS} weeks"
                    ),
                ));
            }
            s.years * (2 * s.half_width_weeks + 1)
        }
    };
    if p.min_baseline_weeks_with_data > available {
        return Err(invalid(
            "min_baseline_weeks_with_data",
            p.min_baseline_weeks_with_data,
            &format!("at most the number of baseline weeks ({available})"),
        ));
    }
    Ok(())
}

/// Parses `2026-W47` into (ISO year, week).
fn parse_iso_week(label: &str) -> Option<(i32, u32)> {
    let (y, w) = label.trim().split_once("-W")?;
    Some((y.parse().ok()?, w.parse().ok()?))
}

/// Indices of the baseline weeks of the last week of `weeks`, in time order.
fn baseline_indices(weeks: &[String], p: &EarlyWarningParams) -> Result<Vec<usize>, Error> {
    let t = weeks.len() - 1;
    match p.seasonal {
        None => {
            let end = t.saturating_sub(p.guard_weeks);
            let start = end.saturating_sub(p.baseline_weeks);
            Ok((start..end).collect())
        }
        Some(s) => {
            let last = &weeks[t];
            let bad = || {
                invalid(
                    "weeks",
                    last,
                    "ISO week labels such as 2026-W47 (needed for a seasonal baseline)",
                )
            };
            let (year, week) = parse_iso_week(last).ok_or_else(bad)?;
            let index: HashMap<&str, usize> = weeks
                .iter()
                .enumerate()
                .map(|(i, w)| (w.as_str(), i))
                .collect();
            let mut out = Vec::new();
            for back in (1..=s.years).rev() {
                let y = year - i32::try_from(back).map_err(|_| bad())?;
                // Week 53 in a year of 52 weeks: the last week of that year.
                let monday = NaiveDate::from_isoywd_opt(y, week, Weekday::Mon)
                    .or_else(|| NaiveDate::from_isoywd_opt(y, 52, Weekday::Mon))
                    .ok_or_else(bad)?;
                let hw = s.half_width_weeks as u64;
                let first = monday.checked_sub_days(Days::new(7 * hw)).ok_or_else(bad)?;
                for k in 0..=(2 * hw) {
                    let d = first.checked_add_days(Days::new(7 * k)).ok_or_else(bad)?;
                    if let Some(&i) = index.get(iso_week_label(d).as_str())
                        && i < t
                    {
                        out.push(i);
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
            Ok(out)
        }
    }
}

/// `1 händelse` / `9 händelser`; `1 incident` / `9 incidents`.
fn format_expected(v: f64, decimal: char) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if v >= 10.0 {
        return format!("{}", v.round());
    }
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}").replace('.', &decimal.to_string())
    }
}

/// The alert sentences in Swedish and English.
pub fn sentences(
    place: &str,
    sv: &str,
    en: &str,
    observed: u64,
    expected: f64,
) -> (String, String) {
    let (h, i) = if observed == 1 {
        ("händelse", "incident")
    } else {
        ("händelser", "incidents")
    };
    (
        format!(
            "{sv} vid {place}: {observed} {h} senaste veckan mot normalt {}",
            format_expected(expected, ',')
        ),
        format!(
            "{en} at {place}: {observed} {i} last week against a usual {}",
            format_expected(expected, '.')
        ),
    )
}

/// The upper-tail p-value of `x` against the baseline values with data, and the test used.
pub fn exceedance_p(x: u64, baseline: &[f64], method: ExceedanceMethod) -> (f64, ExceedanceMethod) {
    let b = baseline.len();
    let s: f64 = baseline.iter().sum();
    let mu = if b > 0 { s / b as f64 } else { 0.0 };
    let v = if b > 1 {
        baseline.iter().map(|y| (y - mu) * (y - mu)).sum::<f64>() / (b - 1) as f64
    } else {
        0.0
    };
    let conditional = || {
        let n = x.saturating_add(s as u64);
        (
            binom_sf(x, n, 1.0 / (b as f64 + 1.0)),
            ExceedanceMethod::ExactConditional,
        )
    };
    let poisson = || {
        if mu > 0.0 {
            (poisson_sf(x, mu), ExceedanceMethod::Poisson)
        } else {
            conditional()
        }
    };
    let nb = || {
        let k = mu * mu / (v - mu);
        (nbinom_sf(x, mu, k), ExceedanceMethod::NegativeBinomial)
    };
    match method {
        ExceedanceMethod::ExactConditional => conditional(),
        ExceedanceMethod::Poisson => poisson(),
        ExceedanceMethod::NegativeBinomial => {
            if v > mu && mu > 0.0 {
                nb()
            } else {
                poisson()
            }
        }
        ExceedanceMethod::Auto => {
            if v > mu && mu > 0.0 && b >= 8 {
                nb()
            } else {
                conditional()
            }
        }
    }
}

/// The weekly early warning on a plain table of counts.
///
/// # Errors
/// [`TrendError::LengthMismatch`] when `counts` is not places × categories × weeks;
/// [`TrendError::TooShort`] for fewer than 2 weeks; [`TrendError::InvalidParameter`] for a
/// parameter out of range (or week labels that are not ISO weeks with a seasonal baseline);
/// [`TrendError::InvalidValue`] for a count that is negative or not whole (NaN is allowed in
/// baseline weeks, meaning "no data", not in the week under test);
/// [`crate::taxonomy::TaxonomyError`] for a category the taxonomy does not know.
pub fn early_warning(
    table: &WeeklyTable,
    taxonomy: &Taxonomy,
    params: &EarlyWarningParams,
) -> Result<EarlyWarning, Error> {
    check_params(params)?;
    let n_w = table.weeks.len();
    if n_w < 2 {
        return Err(TrendError::TooShort {
            what: "weekly table".into(),
            n: n_w,
            min: 2,
        }
        .into());
    }
    let n_c = table.categories.len();
    let n_units = table.places.len() * n_c;
    if table.counts.len() != n_units * n_w {
        return Err(TrendError::LengthMismatch {
            what: "counts (places × categories × weeks)".into(),
            expected: n_units * n_w,
            got: table.counts.len(),
        }
        .into());
    }
    let labels = table
        .categories
        .iter()
        .map(|c| {
            let id = taxonomy.resolve(c)?;
            let cat = taxonomy.get(id);
            Ok((
                taxonomy.code(id).to_string(),
                cat.map_or_else(|| c.clone(), |k| k.sv.clone()),
                cat.map_or_else(|| c.clone(), |k| k.en.clone()),
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let base_idx = baseline_indices(&table.weeks, params)?;
    let t = n_w - 1;
    let week = table.weeks[t].clone();
    let mut units: Vec<Alert> = Vec::new();
    let (mut insufficient, mut untestable) = (0, 0);
    for u in 0..n_units {
        let row = &table.counts[u * n_w..(u + 1) * n_w];
        let xv = row[t];
        if !is_count(xv) {
            return Err(TrendError::InvalidValue {
                what: "count of the week under test".into(),
                index: u * n_w + t,
                value: xv,
                expected: "a whole, non-negative count up to 1e12".into(),
            }
            .into());
        }
        let baseline: Vec<f64> = base_idx.iter().map(|&i| row[i]).collect();
        let mut with_data = Vec::with_capacity(baseline.len());
        for (&i, &v) in base_idx.iter().zip(&baseline) {
            if v.is_nan() {
                continue;
            }
            if !is_count(v) {
                return Err(TrendError::InvalidValue {
                    what: "baseline count".into(),
                    index: u * n_w + i,
                    value: v,
                    expected:
                        "a whole, non-negative count up to 1e12, or NaN for a week without data"
                            .into(),
                }
                .into());
            }
            with_data.push(v);
        }
        if with_data.len() < params.min_baseline_weeks_with_data || with_data.is_empty() {
            insufficient += 1;
            continue;
        }
        let x = xv as u64;
        let s: f64 = with_data.iter().sum();
        if x == 0 && s == 0.0 {
            untestable += 1;
            continue;
        }
        let mu = s / with_data.len() as f64;
        let (p, method) = exceedance_p(x, &with_data, params.method);
        let place = &table.places[u / n_c];
        let (code, sv, en) = &labels[u % n_c];
        let (sentence_sv, sentence_en) = sentences(place, sv, en, x, mu);
        units.push(Alert {
            place: place.clone(),
            category: code.clone(),
            category_sv: sv.clone(),
            category_en: en.clone(),
            week: week.clone(),
            observed: x,
            expected: mu,
            baseline,
            p,
            p_adjusted: f64::NAN,
            method,
            z: 2.0 * (xv.sqrt() - mu.sqrt()),
            excess: xv - mu,
            sentence_sv,
            sentence_en,
            rank: 0,
        });
    }
    let ps: Vec<f64> = units.iter().map(|a| a.p).collect();
    let adjusted = adjust(&ps, params.adjustment)?;
    for (a, pa) in units.iter_mut().zip(adjusted) {
        a.p_adjusted = pa;
    }
    units.sort_by(|a, b| {
        a.p.total_cmp(&b.p)
            .then(b.excess.total_cmp(&a.excess))
            .then_with(|| a.place.cmp(&b.place))
            .then_with(|| a.category.cmp(&b.category))
    });
    for (i, a) in units.iter_mut().enumerate() {
        a.rank = i + 1;
    }
    let mut alerts: Vec<Alert> = units
        .iter()
        .filter(|a| a.p_adjusted < params.alpha && a.observed >= params.min_count)
        .cloned()
        .collect();
    for (i, a) in alerts.iter_mut().enumerate() {
        a.rank = i + 1;
    }
    let tested = units.len();
    let params_used = params_used(params, tested, base_idx.len());
    Ok(EarlyWarning {
        alerts,
        tested,
        insufficient_baseline: insufficient,
        untestable,
        week,
        params_used,
        all: units,
    })
}

fn params_used(p: &EarlyWarningParams, tested: usize, window: usize) -> Vec<ParamUsed> {
    let d = EarlyWarningParams::default();
    let src = |same: bool| if same { Source::Default } else { Source::User };
    let mut out = vec![
        ParamUsed::new(
            "baseline_weeks",
            p.baseline_weeks,
            src(p.baseline_weeks == d.baseline_weeks),
        ),
        ParamUsed::new(
            "guard_weeks",
            p.guard_weeks,
            src(p.guard_weeks == d.guard_weeks),
        ),
        ParamUsed::new(
            "min_baseline_weeks_with_data",
            p.min_baseline_weeks_with_data,
            src(p.min_baseline_weeks_with_data == d.min_baseline_weeks_with_data),
        ),
        ParamUsed::new("alpha", p.alpha, src(p.alpha == d.alpha)),
        ParamUsed::new("min_count", p.min_count, src(p.min_count == d.min_count)),
        ParamUsed::new(
            "adjustment",
            p.adjustment.name(),
            src(p.adjustment == d.adjustment),
        ),
        ParamUsed::new("method", p.method.name(), src(p.method == d.method)),
    ];
    match p.seasonal {
        None => out.push(ParamUsed::new(
            "seasonal",
            serde_json::Value::Null,
            Source::Default,
        )),
        Some(s) => out.push(ParamUsed::new(
            "seasonal",
            serde_json::json!({"years": s.years, "half_width_weeks": s.half_width_weeks}),
            Source::User,
        )),
    }
    out.push(ParamUsed::new(
        "baseline_window_weeks",
        window,
        Source::Auto {
            rule: "weeks of the baseline found in the table".into(),
        },
    ));
    out.push(ParamUsed::new(
        "n_tested",
        tested,
        Source::Auto {
            rule: "units with enough baseline weeks and at least one incident".into(),
        },
    ));
    out
}

/// The weekly early warning for named areas (polygons in the incidents' CRS) × categories,
/// binned in ISO weeks of Europe/Stockholm local time; the week under test is the one
/// containing `week_containing`.
///
/// `categories`: codes or labels, each counting its subgroups (`skadegorelse` includes
/// `klotter`); `None` = every top-level category group that occurs in the incidents, so that
/// each incident counts in exactly one category. Baseline weeks that end before the first
/// incident of the data set are weeks without data.
///
/// # Errors
/// [`TrendError::InvalidParameter`] when the week under test lies outside the incidents'
/// time range, for an empty area or a parameter out of range; [`TrendError::Empty`] without
/// incidents; the errors of [`early_warning`] and of the weekly binning.
pub fn early_warning_for_areas(
    incidents: &Incidents,
    areas: &[(String, MultiPolygon<f64>)],
    categories: Option<&[&str]>,
    week_containing: DateTime<Utc>,
    params: &EarlyWarningParams,
) -> Result<EarlyWarning, Error> {
    check_params(params)?;
    let (first, last) = incidents.time_range().ok_or_else(|| TrendError::Empty {
        what: "incidents for the early warning".into(),
    })?;
    let n_weeks = match params.seasonal {
        None => params
            .baseline_weeks
            .saturating_add(params.guard_weeks)
            .saturating_add(1),
        Some(s) => 53 * s.years + s.half_width_weeks + 1,
    };
    let periods = Periods::weeks_ending(week_containing, n_weeks)?;
    let Some(tested_bin) = periods.bins.last() else {
        return Err(invalid(
            "week_containing",
            week_containing.to_rfc3339(),
            "an instant in a week",
        ));
    };
    if tested_bin.end <= first || tested_bin.start > last {
        return Err(invalid(
            "week_containing",
            week_containing.to_rfc3339(),
            &format!(
                "an instant in a week that overlaps the incidents' time range [{}, {}]",
                first.to_rfc3339(),
                last.to_rfc3339()
            ),
        ));
    }
    let taxonomy = incidents.taxonomy();
    let codes: Vec<String> = match categories {
        Some(list) => list
            .iter()
            .map(|c| Ok(taxonomy.code(taxonomy.resolve(c)?).to_string()))
            .collect::<Result<_, Error>>()?,
        None => {
            let mut groups: Vec<_> = incidents
                .categories()
                .iter()
                .map(|&c| taxonomy.group_of(c))
                .collect();
            groups.sort_unstable();
            groups.dedup();
            groups
                .into_iter()
                .map(|g| taxonomy.code(g).to_string())
                .collect()
        }
    };
    let n_w = periods.len();
    let n_c = codes.len();
    let mut counts = vec![0.0; areas.len() * n_c * n_w];
    for (c, code) in codes.iter().enumerate() {
        let sel = Selection::default().with_categories(incidents, &[code.as_str()])?;
        let cube = cube_for_areas(areas, incidents, &sel, &periods)?;
        for a in 0..areas.len() {
            let u = a * n_c + c;
            for (w, &v) in cube.series(a).iter().enumerate() {
                counts[u * n_w + w] = v;
            }
        }
    }
    // Weeks ending before the data set begins have no data.
    for (w, bin) in periods.bins.iter().enumerate() {
        if bin.end <= first {
            for u in 0..areas.len() * n_c {
                counts[u * n_w + w] = f64::NAN;
            }
        }
    }
    let table = WeeklyTable {
        places: areas.iter().map(|(n, _)| n.clone()).collect(),
        categories: codes,
        weeks: periods.labels(),
        counts,
    };
    let mut ew = early_warning(&table, taxonomy, params)?;
    ew.params_used.push(ParamUsed::new(
        "zone",
        periods.zone.clone(),
        Source::Default,
    ));
    ew.params_used.push(ParamUsed::new(
        "categories",
        table.categories.clone(),
        match categories {
            Some(_) => Source::User,
            None => Source::Auto {
                rule: "top-level category groups present in the incidents".into(),
            },
        },
    ));
    Ok(ew)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(counts: Vec<f64>) -> WeeklyTable {
        let n_w = counts.len();
        WeeklyTable {
            places: vec!["Ekparken".into()],
            categories: vec!["skadegorelse".into()],
            weeks: (1..=n_w).map(|w| format!("2026-W{w:02}")).collect(),
            counts,
        }
    }

    #[test]
    fn method_reference_6_2_cases() {
        // scipy 1.17.1 values from the method reference §6.2 (TOL_FULL_REL).
        let b = [2.0, 0.0, 1.0, 3.0, 1.0, 2.0, 0.0, 1.0];
        let (p, m) = exceedance_p(5, &b, ExceedanceMethod::Poisson);
        assert!((p / 0.009124279218395273 - 1.0).abs() < 1e-12 && m == ExceedanceMethod::Poisson);
        let (p, _) = exceedance_p(5, &b, ExceedanceMethod::ExactConditional);
        assert!((p / 0.01952040968043932 - 1.0).abs() < 1e-12);
        let b = [0.0, 4.0, 1.0, 6.0, 0.0, 2.0, 5.0, 0.0];
        let (p, m) = exceedance_p(8, &b, ExceedanceMethod::Auto);
        assert_eq!(m, ExceedanceMethod::NegativeBinomial);
        assert!((p / 0.04115457956577662 - 1.0).abs() < 1e-12);
        let (p, _) = exceedance_p(8, &b, ExceedanceMethod::Poisson);
        assert!((p / 0.0022670878963224074 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn sentences_round_and_agree_in_number() {
        let (sv, en) = sentences("Ekparken", "Skadegörelse", "Criminal damage", 9, 2.0);
        assert_eq!(
            sv,
            "Skadegörelse vid Ekparken: 9 händelser senaste veckan mot normalt 2"
        );
        assert_eq!(
            en,
            "Criminal damage at Ekparken: 9 incidents last week against a usual 2"
        );
        let (sv, en) = sentences("Torget", "Hot", "Threat", 1, 0.25);
        assert_eq!(
            sv,
            "Hot vid Torget: 1 händelse senaste veckan mot normalt 0,3"
        );
        assert_eq!(
            en,
            "Threat at Torget: 1 incident last week against a usual 0.3"
        );
        let (sv, _) = sentences("Torget", "Hot", "Threat", 30, 12.4);
        assert!(sv.ends_with("mot normalt 12"));
    }

    #[test]
    fn insufficient_and_untestable_units_are_counted() {
        let nan = f64::NAN;
        let mut t = table(vec![nan, nan, nan, nan, nan, 1.0, 0.0, 2.0, 6.0]);
        t.places.push("Torget".into());
        t.counts.extend([0.0; 9]);
        let ew = early_warning(&t, &Taxonomy::default(), &EarlyWarningParams::default()).unwrap();
        assert_eq!(
            (ew.tested, ew.insufficient_baseline, ew.untestable),
            (0, 1, 1)
        );
        assert!(ew.alerts.is_empty());
    }

    #[test]
    fn guard_weeks_and_ranks() {
        let p = EarlyWarningParams {
            guard_weeks: 1,
            baseline_weeks: 4,
            ..Default::default()
        };
        // The week before the tested one (index 8) is skipped.
        let ew = early_warning(
            &table(vec![0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 50.0, 7.0]),
            &Taxonomy::default(),
            &p,
        )
        .unwrap();
        assert_eq!(ew.all[0].baseline, vec![1.0; 4]);
        assert_eq!(ew.alerts[0].rank, 1);
    }

    #[test]
    fn seasonal_baseline_uses_previous_years() {
        // 2024-W01 … 2026-W10: same week ± 1 in 2025 and 2024.
        let mut weeks = Vec::new();
        let mut d = NaiveDate::from_isoywd_opt(2024, 1, Weekday::Mon).unwrap();
        while iso_week_label(d) != "2026-W11" {
            weeks.push(iso_week_label(d));
            d = d.checked_add_days(Days::new(7)).unwrap();
        }
        let n = weeks.len();
        let mut counts = vec![0.0; n];
        for (i, w) in weeks.iter().enumerate() {
            if [
                "2025-W09", "2025-W10", "2025-W11", "2024-W09", "2024-W10", "2024-W11",
            ]
            .contains(&w.as_str())
            {
                counts[i] = 2.0;
            }
        }
        counts[n - 1] = 3.0;
        let t = WeeklyTable {
            places: vec!["P".into()],
            categories: vec!["stold".into()],
            weeks,
            counts,
        };
        let p = EarlyWarningParams {
            seasonal: Some(SeasonalBaseline {
                years: 2,
                half_width_weeks: 1,
            }),
            ..Default::default()
        };
        let ew = early_warning(&t, &Taxonomy::default(), &p).unwrap();
        assert_eq!(ew.all[0].baseline, vec![2.0; 6]);
        assert_eq!(ew.all[0].expected, 2.0);
    }

    #[test]
    fn areas_weeks_before_the_data_have_no_data() {
        use crate::sample::SampleTown;
        let town = SampleTown::new(2_000, 1);
        let inc = town.generate().unwrap();
        let areas = town.places();
        let truth = town.truth();
        let at = |week: u64| {
            let d = truth.start + Days::new(7 * week + 2);
            crate::trend::period::local_midnight(d).unwrap() + chrono::Duration::hours(12)
        };
        let p = EarlyWarningParams::default();
        // Third week of the data: at most two baseline weeks with data.
        let early = early_warning_for_areas(&inc, &areas, None, at(2), &p).unwrap();
        assert_eq!(early.tested, 0);
        assert!(early.insufficient_baseline > 0);
        let later =
            early_warning_for_areas(&inc, &areas, Some(&["skadegorelse", "stold"]), at(30), &p)
                .unwrap();
        assert!(later.tested > 0 && later.insufficient_baseline == 0);
        assert_eq!(later.tested + later.untestable, areas.len() * 2);
        // A seasonal baseline one year back.
        let s = EarlyWarningParams {
            seasonal: Some(SeasonalBaseline {
                years: 1,
                half_width_weeks: 2,
            }),
            ..Default::default()
        };
        let seasonal = early_warning_for_areas(&inc, &areas, Some(&["stold"]), at(69), &s).unwrap();
        assert!(seasonal.all.iter().all(|a| a.baseline.len() == 5));
        // Outside the data.
        assert!(early_warning_for_areas(&inc, &areas, None, at(200), &p).is_err());
    }

    #[test]
    fn bad_tables_are_refused() {
        let mut t = table(vec![1.0; 9]);
        t.counts.pop();
        assert!(matches!(
            early_warning(&t, &Taxonomy::default(), &EarlyWarningParams::default()),
            Err(Error::Trend(TrendError::LengthMismatch { .. }))
        ));
        let t = table(vec![1.0, 1.0, 1.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0]);
        assert!(matches!(
            early_warning(&t, &Taxonomy::default(), &EarlyWarningParams::default()),
            Err(Error::Trend(TrendError::InvalidValue { .. }))
        ));
        let mut t = table(vec![1.0; 9]);
        t.categories = vec!["no such category".into()];
        assert!(matches!(
            early_warning(&t, &Taxonomy::default(), &EarlyWarningParams::default()),
            Err(Error::Taxonomy(_))
        ));
    }
}
