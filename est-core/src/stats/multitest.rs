//! Multiple-testing corrections for maps that test hundreds or thousands of cells at once.
//!
//! | Method | Controls | Adjusted p of the i-th smallest of m p-values |
//! |---|---|---|
//! | [`Adjustment::None`] | nothing | `p` |
//! | [`Adjustment::Bonferroni`] | family-wise error | `min(1, m·p)` |
//! | [`Adjustment::Holm`] | family-wise error (step-down) | `max_{j ≤ i} (m − j + 1)·p_(j)` |
//! | [`Adjustment::BenjaminiHochberg`] | false discovery rate (step-up) | `min_{j ≥ i} (m/j)·p_(j)` |
//! | [`Adjustment::BenjaminiYekutieli`] | FDR under any dependence | BH × `Σ_{j=1..m} 1/j` |
//!
//! All adjusted values are capped at 1; ties keep their input order. Benjamini–Hochberg is
//! est's default for hotspot maps.
//!
//! [`esda_fdr_cutoff`] is PySAL esda's `fdr(p, α)`: a *cut-off* (not adjusted p-values).
//!
//! Values that are NaN are "not tested" (e.g. a cell whose statistic is undefined): they are
//! left out of the family, so `m` counts only the finite p-values, and stay NaN.
//!
//! # Reference implementation
//! statsmodels 0.15.0 `multipletests` (methods `bonferroni`, `holm`, `fdr_bh`, `fdr_by`),
//! which mirrors R's `p.adjust`; agreement 1e-12 relative on 3 × 289 p-values of the Gi*
//! golden (`tests/golden/gistar_synthetic_2k_500m.json`). esda 2.9.0 `fdr`.
//!
//! # Citations
//! Holm, S. (1979) *Scand. J. Statist.* 6:65–70. Benjamini, Y. & Hochberg, Y. (1995) *JRSS B*
//! 57:289–300. Benjamini, Y. & Yekutieli, D. (2001) *Ann. Statist.* 29:1165–1188.
//!
//! ```
//! use est_core::stats::multitest::{adjust, Adjustment};
//!
//! let p = [0.010, 0.040, 0.030, 0.005, 0.200, 0.500, 0.040, 0.900];
//! let bh = adjust(&p, Adjustment::BenjaminiHochberg)?;
//! assert!((bh[0] - 0.04).abs() < 1e-12 && (bh[1] - 0.064).abs() < 1e-12);
//! # Ok::<(), est_core::stats::StatsError>(())
//! ```

use super::StatsError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A multiple-testing correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adjustment {
    /// No correction.
    None,
    /// Bonferroni.
    Bonferroni,
    /// Holm's step-down.
    Holm,
    /// Benjamini–Hochberg false discovery rate (est's default for hotspot maps).
    #[default]
    BenjaminiHochberg,
    /// Benjamini–Yekutieli false discovery rate (any dependence).
    BenjaminiYekutieli,
}

const NAMES: &str = "none, bonferroni, holm, fdr_bh (bh, fdr), fdr_by (by)";

impl Adjustment {
    /// The statsmodels name (`"none"`, `"bonferroni"`, `"holm"`, `"fdr_bh"`, `"fdr_by"`).
    pub fn name(self) -> &'static str {
        match self {
            Adjustment::None => "none",
            Adjustment::Bonferroni => "bonferroni",
            Adjustment::Holm => "holm",
            Adjustment::BenjaminiHochberg => "fdr_bh",
            Adjustment::BenjaminiYekutieli => "fdr_by",
        }
    }
}

impl fmt::Display for Adjustment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Adjustment {
    type Err = StatsError;
    /// Reads statsmodels' and R's names, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "none" => Ok(Adjustment::None),
            "bonferroni" => Ok(Adjustment::Bonferroni),
            "holm" => Ok(Adjustment::Holm),
            "fdr_bh" | "bh" | "fdr" | "benjamini_hochberg" => Ok(Adjustment::BenjaminiHochberg),
            "fdr_by" | "by" | "benjamini_yekutieli" => Ok(Adjustment::BenjaminiYekutieli),
            _ => Err(StatsError::UnknownMethod {
                what: "multiple-testing adjustment".into(),
                name: s.to_string(),
                expected: NAMES.into(),
            }),
        }
    }
}

fn check(p: &[f64]) -> Result<(), StatsError> {
    for (index, &value) in p.iter().enumerate() {
        if !value.is_nan() && !(0.0..=1.0).contains(&value) {
            return Err(StatsError::InvalidPValue { index, value });
        }
    }
    Ok(())
}

/// Positions of the finite p-values, sorted by p (stable: ties keep input order).
fn order(p: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    idx.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    idx
}

/// Adjusted p-values, in input order.
///
/// # Errors
/// [`StatsError::InvalidPValue`] for a value outside [0, 1] (NaN is allowed: not tested).
pub fn adjust(p: &[f64], method: Adjustment) -> Result<Vec<f64>, StatsError> {
    check(p)?;
    let idx = order(p);
    let m = idx.len();
    let mut out = vec![f64::NAN; p.len()];
    let mf = m as f64;
    match method {
        Adjustment::None => {
            for &i in &idx {
                out[i] = p[i];
            }
        }
        Adjustment::Bonferroni => {
            for &i in &idx {
                out[i] = (p[i] * mf).min(1.0);
            }
        }
        Adjustment::Holm => {
            let mut running = 0.0f64;
            for (rank, &i) in idx.iter().enumerate() {
                running = running.max(p[i] * (mf - rank as f64));
                out[i] = running.min(1.0);
            }
        }
        Adjustment::BenjaminiHochberg | Adjustment::BenjaminiYekutieli => {
            let c = if method == Adjustment::BenjaminiYekutieli {
                (1..=m).map(|j| 1.0 / j as f64).sum::<f64>()
            } else {
                1.0
            };
            let mut running = f64::INFINITY;
            for (rank, &i) in idx.iter().enumerate().rev() {
                let raw = p[i] / ((rank as f64 + 1.0) / mf) * c;
                running = running.min(raw);
                out[i] = running.min(1.0);
            }
        }
    }
    Ok(out)
}

/// Which tests are rejected at level `alpha`: adjusted p ≤ `alpha`, as statsmodels'
/// `reject`; a NaN (untested) p is never rejected.
///
/// # Errors
/// [`StatsError::InvalidAlpha`], [`StatsError::InvalidPValue`].
pub fn reject_at(p: &[f64], method: Adjustment, alpha: f64) -> Result<Vec<bool>, StatsError> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(StatsError::InvalidAlpha { alpha });
    }
    let adjusted = adjust(p, method)?;
    Ok(adjusted
        .iter()
        .map(|a| !a.is_nan() && *a <= alpha)
        .collect())
}

/// PySAL esda's `fdr(p, α)`: the cut-off `k·α/m` for the largest `k` with `p_(k) < k·α/m`
/// (strict), or the Bonferroni bound `α/m` when no `k` qualifies. Units with `p ≤` the
/// cut-off are called significant by esda's maps.
///
/// # Errors
/// [`StatsError::InvalidAlpha`], [`StatsError::InvalidPValue`]; an empty family gives
/// `α` itself (nothing to correct).
pub fn esda_fdr_cutoff(p: &[f64], alpha: f64) -> Result<f64, StatsError> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(StatsError::InvalidAlpha { alpha });
    }
    check(p)?;
    let idx = order(p);
    let m = idx.len();
    if m == 0 {
        return Ok(alpha);
    }
    let mf = m as f64;
    let mut cutoff = alpha / mf;
    for (rank, &i) in idx.iter().enumerate() {
        let k = rank as f64 + 1.0;
        if p[i] < k * alpha / mf {
            cutoff = k * alpha / mf;
        }
    }
    Ok(cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: [f64; 8] = [0.010, 0.040, 0.030, 0.005, 0.200, 0.500, 0.040, 0.900];

    fn close(a: &[f64], b: &[f64], tol: f64) {
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn statsmodels_methods_md_goldens() {
        // methods.md §4.4, statsmodels 0.15.0, printed to 10 decimals.
        let t = 0.5e-10;
        close(
            &adjust(&P, Adjustment::Bonferroni).unwrap(),
            &[0.08, 0.32, 0.24, 0.04, 1.0, 1.0, 0.32, 1.0],
            t,
        );
        close(
            &adjust(&P, Adjustment::Holm).unwrap(),
            &[0.07, 0.20, 0.18, 0.04, 0.60, 1.0, 0.20, 1.0],
            t,
        );
        close(
            &adjust(&P, Adjustment::BenjaminiHochberg).unwrap(),
            &[
                0.04,
                0.064,
                0.064,
                0.04,
                0.2666666667,
                0.5714285714,
                0.064,
                0.9,
            ],
            t,
        );
        close(
            &adjust(&P, Adjustment::BenjaminiYekutieli).unwrap(),
            &[
                0.1087142857,
                0.1739428571,
                0.1739428571,
                0.1087142857,
                0.7247619048,
                1.0,
                0.1739428571,
                1.0,
            ],
            t,
        );
    }

    #[test]
    fn esda_fdr_methods_md_goldens() {
        assert!((esda_fdr_cutoff(&P, 0.05).unwrap() - 0.0125).abs() < 1e-15);
        assert!((esda_fdr_cutoff(&P, 0.10).unwrap() - 0.0625).abs() < 1e-15);
        // Nothing qualifies: the Bonferroni bound.
        assert_eq!(esda_fdr_cutoff(&[0.5, 0.9], 0.05).unwrap(), 0.025);
    }

    #[test]
    fn nan_is_not_tested_and_bad_values_are_errors() {
        let a = adjust(&[0.01, f64::NAN, 0.02], Adjustment::Bonferroni).unwrap();
        assert_eq!(a[0], 0.02);
        assert!(a[1].is_nan());
        assert!(matches!(
            adjust(&[1.5], Adjustment::Holm),
            Err(StatsError::InvalidPValue { index: 0, .. })
        ));
        assert!("sidak".parse::<Adjustment>().is_err());
        assert_eq!(
            "FDR".parse::<Adjustment>().unwrap(),
            Adjustment::BenjaminiHochberg
        );
    }
}
