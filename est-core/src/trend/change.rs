//! Change between two periods per cell or area, with a significance test (method reference
//! §6.1): the "before/after" map of sfhotspot's `hotspot_change`, tested unit by unit.
//!
//! # Definition
//! A boundary `b` splits the time line: before = `t < b`, after = `t ≥ b` (or two explicit
//! windows). Per unit, `n_b` incidents before over `L_b` days and `n_a` after over `L_a` days:
//!
//! ```text
//! difference = n_a − n_b
//! rate ratio = (n_a/L_a)/(n_b/L_b)
//! under equal rates  n_a | n ~ Binomial(n = n_a + n_b, π0 = L_a/(L_a + L_b))
//! score z    = (n_a − nπ0)/√(nπ0(1 − π0))                  (statsmodels `score`)
//! p          = the chosen two-rate test, default exact conditional (two-sided, minlike)
//! Wheeler z  = 2(√n_a − √(n_b·r))/√(1 + r),   r = L_a/L_b  (two equally noisy counts;
//!              = √2(√n_a − √n_b) for equal periods)
//! ```
//!
//! The p-values are adjusted over the testable units (`n > 0`) with the chosen correction
//! (default Benjamini–Hochberg, §4.4); a unit is `significant` when `p_adjusted < alpha`.
//! Unequal period lengths always enter through `π0`.
//!
//! # Defaults
//! `alpha = 0.05`, Benjamini–Hochberg (est's map default, method reference §4.4), exact
//! conditional test (§6.1). The boundary of [`midpoint_boundary`] is sfhotspot's: the middle
//! of the incidents' time range.
//!
//! # Edge cases
//! `n_a = n_b = 0`: untestable; left out of the family and counted in
//! [`Change::untestable`]; its z, p and ratio are NaN (null in JSON). `n_b = 0 < n_a` gives
//! an infinite rate ratio (null in JSON). Counts must be whole numbers: weighted sums cannot be
//! tested.
//!
//! # Reference implementation
//! statsmodels 0.15.0 `test_poisson_2indep` and `multipletests(method="fdr_bh")`:
//! agreement 1e-8 relative on eight hand-written units (`tests/golden/rates_statsmodels.json`,
//! `tests/tests/reference_rates.rs`). Boundary: sfhotspot 1.0.0 (Memphis robberies, 2019-07-02
//! 08:30:00 UTC).
//!
//! # Deviations
//! sfhotspot prints the boundary in the R session's local time zone; est returns UTC.
//! sfhotspot's `hotspot_change` reports only the counts and their difference.
//!
//! # Citations
//! Ashby, M. sfhotspot 1.0.0 (`hotspot_change`). Wheeler, A. P. (2016) Tables and graphs for
//! monitoring temporal crime trends. *Int. J. Police Sci. & Mgmt* 18(3):159–172.
//!
//! # Example
//! ```
//! use est_core::trend::change::{change, ChangeParams};
//!
//! let labels = vec!["Torget".to_string(), "Parken".to_string(), "Skolan".to_string()];
//! let c = change(&labels, &[12.0, 0.0, 1.0], &[25.0, 0.0, 9.0], 181.0, 184.0, &ChangeParams::default())?;
//! assert_eq!(c.untestable, 1); // Parken: nothing in either period
//! assert!(c.units[0].difference == 13.0 && c.units[0].p < 0.05);
//! assert!(!c.units[1].testable && c.units[1].p.is_nan());
//! # Ok::<(), est_core::Error>(())
//! ```

use super::TrendError;
use crate::Error;
use crate::grid::Grid;
use crate::hotspot::counts::{Selection, counts_per_cell};
use crate::incident::Incidents;
use crate::params::{ParamUsed, Source};
use crate::stats::multitest::{Adjustment, adjust};
use crate::stats::poisson::{TwoRateMethod, test_poisson_2indep};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Seconds in a day (period lengths are reported in days).
const DAY: f64 = 86_400.0;

/// Largest count accepted per unit and period (an est limit that keeps the exact tests fast).
pub const MAX_COUNT: f64 = 1e12;

/// Parameters of the two-period change test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChangeParams {
    /// Significance level for `significant` (default 0.05).
    pub alpha: f64,
    /// Multiple-testing correction over the units with `n > 0` (default Benjamini–Hochberg,
    /// method reference §4.4).
    pub adjustment: Adjustment,
    /// The two-rate test (default exact conditional, method reference §6.1).
    pub method: TwoRateMethod,
}

impl Default for ChangeParams {
    fn default() -> Self {
        ChangeParams {
            alpha: 0.05,                               // method reference §4.4
            adjustment: Adjustment::BenjaminiHochberg, // method reference §4.4 / §6.1
            method: TwoRateMethod::ExactCond,          // method reference §6.1
        }
    }
}

/// The change of one cell or area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitChange {
    /// The unit's name (`"cell 17"` for grid cells).
    pub label: String,
    /// Count before the boundary.
    pub before: f64,
    /// Count after the boundary.
    pub after: f64,
    /// `after − before`.
    pub difference: f64,
    /// `(after/L_a)/(before/L_b)`; infinite when `before = 0 < after`, NaN when untestable.
    pub rate_ratio: f64,
    /// Score z of after against before (positive = increase); NaN when untestable.
    pub score_z: f64,
    /// Two-sided p-value of the chosen test; NaN when untestable.
    pub p: f64,
    /// Adjusted p-value over the testable units; NaN when untestable.
    pub p_adjusted: f64,
    /// `p_adjusted < alpha`.
    pub significant: bool,
    /// Whether there was at least one incident in either period.
    pub testable: bool,
    /// Wheeler's display z for two equally noisy counts, `2(√n_a − √(n_b·r))/√(1 + r)`,
    /// `r = L_a/L_b` (0 when untestable).
    pub wheeler_z: f64,
}

/// Change between two periods for every unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// One entry per unit, in input order.
    pub units: Vec<UnitChange>,
    /// Length of the before period in days.
    pub length_before_days: f64,
    /// Length of the after period in days.
    pub length_after_days: f64,
    /// Start of the after period. For [`change`] on plain counts (no instants known) it is
    /// the Unix epoch, 1970-01-01T00:00:00Z.
    pub boundary: DateTime<Utc>,
    /// Units with no incident in either period (left out of the multiple-testing family).
    pub untestable: usize,
    /// Every parameter with its provenance (including the family size `n_tested`).
    pub params_used: Vec<ParamUsed>,
}

fn check_length(name: &str, v: f64) -> Result<(), TrendError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(TrendError::InvalidParameter {
            name: name.into(),
            value: v.to_string(),
            expected: "a positive, finite length in days".into(),
        })
    }
}

/// A whole, non-negative count as an integer.
fn whole(what: &str, index: usize, v: f64) -> Result<u64, TrendError> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= MAX_COUNT {
        Ok(v as u64)
    } else {
        Err(TrendError::InvalidValue {
            what: what.into(),
            index,
            value: v,
            expected: "a whole, non-negative count up to 1e12 (weighted sums cannot be tested)"
                .into(),
        })
    }
}

/// Change between two periods from counts per unit.
///
/// # Parameters
/// `labels`, `before`, `after`: one entry per unit (whole counts); `length_before`,
/// `length_after`: the periods' lengths in days (any common unit works: only their ratio
/// enters the tests).
///
/// # Errors
/// [`TrendError::LengthMismatch`] when the three slices differ in length;
/// [`TrendError::InvalidParameter`] for a length or `alpha` out of range;
/// [`TrendError::InvalidValue`] for a count that is negative, NaN or not whole.
pub fn change(
    labels: &[String],
    before: &[f64],
    after: &[f64],
    length_before: f64,
    length_after: f64,
    params: &ChangeParams,
) -> Result<Change, Error> {
    change_inner(
        labels,
        before,
        after,
        length_before,
        length_after,
        params,
        DateTime::UNIX_EPOCH,
    )
}

fn change_inner(
    labels: &[String],
    before: &[f64],
    after: &[f64],
    length_before: f64,
    length_after: f64,
    params: &ChangeParams,
    boundary: DateTime<Utc>,
) -> Result<Change, Error> {
    for (what, got) in [("before", before.len()), ("after", after.len())] {
        if got != labels.len() {
            return Err(TrendError::LengthMismatch {
                what: what.into(),
                expected: labels.len(),
                got,
            }
            .into());
        }
    }
    check_length("length_before", length_before)?;
    check_length("length_after", length_after)?;
    if !(params.alpha > 0.0 && params.alpha < 1.0) {
        return Err(TrendError::InvalidParameter {
            name: "alpha".into(),
            value: params.alpha.to_string(),
            expected: "a level strictly between 0 and 1".into(),
        }
        .into());
    }
    let r = length_after / length_before;
    let mut units = Vec::with_capacity(labels.len());
    let mut p_raw = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let (b, a) = (before[i], after[i]);
        let nb = whole("before", i, b)?;
        let na = whole("after", i, a)?;
        let testable = na + nb > 0;
        let (score_z, p, rate_ratio, wheeler_z) = if testable {
            let s = test_poisson_2indep(na, length_after, nb, length_before, TwoRateMethod::Score)?;
            let p = if params.method == TwoRateMethod::Score {
                s.p
            } else {
                test_poisson_2indep(na, length_after, nb, length_before, params.method)?.p
            };
            let ratio = (a / length_after) / (b / length_before);
            let wz = 2.0 * (a.sqrt() - (b * r).sqrt()) / (1.0 + r).sqrt();
            (s.statistic, p, ratio, wz)
        } else {
            (f64::NAN, f64::NAN, f64::NAN, 0.0)
        };
        p_raw.push(p);
        units.push(UnitChange {
            label: label.clone(),
            before: b,
            after: a,
            difference: a - b,
            rate_ratio,
            score_z,
            p,
            p_adjusted: f64::NAN,
            significant: false,
            testable,
            wheeler_z,
        });
    }
    let adjusted = adjust(&p_raw, params.adjustment)?;
    for (u, pa) in units.iter_mut().zip(adjusted) {
        u.p_adjusted = pa;
        u.significant = pa < params.alpha;
    }
    let untestable = units.iter().filter(|u| !u.testable).count();
    let d = ChangeParams::default();
    let src = |same: bool| if same { Source::Default } else { Source::User };
    let params_used = vec![
        ParamUsed::new("alpha", params.alpha, src(params.alpha == d.alpha)),
        ParamUsed::new(
            "adjustment",
            params.adjustment.name(),
            src(params.adjustment == d.adjustment),
        ),
        ParamUsed::new(
            "method",
            params.method.name(),
            src(params.method == d.method),
        ),
        ParamUsed::new("length_before_days", length_before, Source::User),
        ParamUsed::new("length_after_days", length_after, Source::User),
        ParamUsed::new(
            "n_tested",
            units.len() - untestable,
            Source::Auto {
                rule: "units with at least one incident in either period".into(),
            },
        ),
    ];
    Ok(Change {
        units,
        length_before_days: length_before,
        length_after_days: length_after,
        boundary,
        untestable,
        params_used,
    })
}

/// sfhotspot's default boundary: the middle of the incidents' time range,
/// `min(t) + (max(t) − min(t))/2` (to the millisecond); `None` without incidents.
pub fn midpoint_boundary(incidents: &Incidents) -> Option<DateTime<Utc>> {
    let t = incidents.times();
    let min = *t.iter().min()?;
    let max = *t.iter().max()?;
    let half_ms = (i128::from(max) - i128::from(min)) * 1000 / 2;
    let ms = i128::from(min) * 1000 + half_ms;
    DateTime::from_timestamp_millis(i64::try_from(ms).ok()?)
}

/// Change per active cell of `grid` between the windows `before = [from, to)` and
/// `after = [from, to)`, counting the incidents of `selection` (its categories; its own time
/// window is replaced by the two windows). Labels are `"cell <id>"`; `boundary` is the start
/// of the after window; lengths are the windows' durations in days.
///
/// # Errors
/// [`TrendError::InvalidParameter`] for an empty or overlapping window or a weighted
/// selection; the errors of [`change`] and of
/// [`crate::hotspot::counts::counts_per_cell`].
pub fn change_for_grid(
    grid: &Grid,
    incidents: &Incidents,
    selection: &Selection,
    before: (DateTime<Utc>, DateTime<Utc>),
    after: (DateTime<Utc>, DateTime<Utc>),
    params: &ChangeParams,
) -> Result<Change, Error> {
    if selection.weighted {
        return Err(TrendError::InvalidParameter {
            name: "selection.weighted".into(),
            value: "true".into(),
            expected: "counts (the change tests need whole numbers of incidents)".into(),
        }
        .into());
    }
    for (name, (from, to)) in [("before", before), ("after", after)] {
        if to <= from {
            return Err(TrendError::InvalidParameter {
                name: name.into(),
                value: format!("[{}, {})", from.to_rfc3339(), to.to_rfc3339()),
                expected: "a window whose end is after its start".into(),
            }
            .into());
        }
    }
    if before.0 < after.1 && after.0 < before.1 {
        return Err(TrendError::InvalidParameter {
            name: "after".into(),
            value: format!("[{}, {})", after.0.to_rfc3339(), after.1.to_rfc3339()),
            expected: format!(
                "a window that does not overlap the before window [{}, {})",
                before.0.to_rfc3339(),
                before.1.to_rfc3339()
            ),
        }
        .into());
    }
    let window = |w: (DateTime<Utc>, DateTime<Utc>)| {
        let mut s = selection.clone();
        s.from = Some(w.0);
        s.to = Some(w.1);
        s
    };
    let nb = counts_per_cell(grid, incidents, &window(before))?;
    let na = counts_per_cell(grid, incidents, &window(after))?;
    let labels: Vec<String> = grid.cells().iter().map(|id| format!("cell {id}")).collect();
    let days =
        |w: (DateTime<Utc>, DateTime<Utc>)| (w.1 - w.0).num_milliseconds() as f64 / 1000.0 / DAY;
    let mut c = change_inner(
        &labels,
        &nb.counts,
        &na.counts,
        days(before),
        days(after),
        params,
        after.0,
    )?;
    c.params_used.push(ParamUsed::new(
        "before",
        format!("[{}, {})", before.0.to_rfc3339(), before.1.to_rfc3339()),
        Source::User,
    ));
    c.params_used.push(ParamUsed::new(
        "after",
        format!("[{}, {})", after.0.to_rfc3339(), after.1.to_rfc3339()),
        Source::User,
    ));
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GridOptions;
    use crate::sample::SampleTown;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("u{i}")).collect()
    }

    #[test]
    fn equal_periods_and_symmetry() {
        let c = change(
            &labels(2),
            &[10.0, 4.0],
            &[4.0, 10.0],
            7.0,
            7.0,
            &ChangeParams::default(),
        )
        .unwrap();
        let (a, b) = (&c.units[0], &c.units[1]);
        assert_eq!(a.difference, -6.0);
        assert!((a.score_z + b.score_z).abs() < 1e-15);
        assert_eq!(a.p, b.p);
        assert!((a.wheeler_z - 2f64.sqrt() * (4f64.sqrt() - 10f64.sqrt())).abs() < 1e-14);
        assert_eq!(c.untestable, 0);
    }

    #[test]
    fn untestable_units_stay_out_of_the_family() {
        let p = ChangeParams {
            adjustment: Adjustment::Bonferroni,
            ..ChangeParams::default()
        };
        let c = change(
            &labels(3),
            &[0.0, 1.0, 0.0],
            &[0.0, 9.0, 0.0],
            10.0,
            10.0,
            &p,
        )
        .unwrap();
        assert_eq!(c.untestable, 2);
        // Bonferroni over one test: adjusted = raw.
        assert_eq!(c.units[1].p_adjusted, c.units[1].p);
        assert!(c.units[0].p_adjusted.is_nan() && !c.units[0].significant);
        let json = serde_json::to_value(&c.units[0]).unwrap();
        assert!(json["p"].is_null());
    }

    #[test]
    fn bad_inputs() {
        let p = ChangeParams::default();
        assert!(matches!(
            change(&labels(2), &[1.0], &[1.0, 2.0], 1.0, 1.0, &p),
            Err(Error::Trend(TrendError::LengthMismatch { .. }))
        ));
        assert!(matches!(
            change(&labels(1), &[1.5], &[1.0], 1.0, 1.0, &p),
            Err(Error::Trend(TrendError::InvalidValue { .. }))
        ));
        assert!(matches!(
            change(&labels(1), &[1.0], &[1.0], 0.0, 1.0, &p),
            Err(Error::Trend(TrendError::InvalidParameter { .. }))
        ));
    }

    #[test]
    fn grid_change_counts_every_incident_once() {
        let town = SampleTown::new(1_500, 4).generate().unwrap();
        let grid =
            Grid::for_incidents(&town, &GridOptions::default().with_cell_size(500.0)).unwrap();
        let b = midpoint_boundary(&town).unwrap();
        let (first, last) = town.time_range().unwrap();
        let end = last + chrono::Duration::seconds(1);
        let c = change_for_grid(
            &grid,
            &town,
            &Selection::default(),
            (first, b),
            (b, end),
            &ChangeParams::default(),
        )
        .unwrap();
        let total: f64 = c.units.iter().map(|u| u.before + u.after).sum();
        assert_eq!(total, 1_500.0);
        assert_eq!(c.boundary, b);
        assert!((c.length_before_days - c.length_after_days).abs() < 1e-3);
        assert!(
            change_for_grid(
                &grid,
                &town,
                &Selection::default(),
                (first, end),
                (b, end),
                &ChangeParams::default()
            )
            .is_err()
        );
    }
}
