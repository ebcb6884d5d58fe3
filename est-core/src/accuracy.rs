//! Hot-spot accuracy and concentration: how well did last period's map capture this period's
//! incidents, and how concentrated is crime?
//!
//! With a flagged set `F` of cells, `n` events of the evaluation period in `F`, `N` events in
//! all, `a` the area of `F` and `A` the study area:
//!
//! * hit rate `HR = n/N`;
//! * **PAI** `= (n/N)/(a/A)` (Chainey, Tompson & Uhlig 2008);
//! * **PEI** `= PAI / PAI*`, `PAI*` the best PAI reachable with the same number of cells
//!   (cells ranked by observed events per area) — ptools' definition;
//! * two incompatible "RRI"s, named apart: [`recapture_rate_index`] `(n₂/n₁)/(N₂/N₁)`
//!   (Levine 2008, stability of hot spots between two periods) and [`PaiCurve::pred_obs_ratio`]
//!   `Σ predicted / Σ observed` over the flagged cells (ptools `RRI`, Wheeler & Steenbeek 2021);
//! * the **Gini** coefficient of counts, its unbiased form `× n/(n − 1)`, and the
//!   **generalised Gini** for sparse data (fewer events than places, Bernasco & Steenbeek
//!   2017): `G' = max(1, n/N)·(G − 1) + 1`, unbiased `G'·m/(m − 1)` with `m = min(n, N)`;
//! * the share of events in the top x % of cells and the concentration (Lorenz) curve.
//!
//! Ranking ties: cells are ranked by predicted density descending, then by observed count
//! **ascending** (the least favourable order, as ptools: the PAI reported is the minimum the
//! prediction guarantees).
//!
//! # Reference implementation
//! ptools (R) `pai` (values recomputed by the project's `ref_followup.py`, `EXACT`/1e-12);
//! lorenzgini (R) examples.
//!
//! ```
//! use est_core::accuracy::{gini, pai_curve};
//!
//! let curve = pai_curve(&[6.0, 3.0, 0.0], &[3.0, 2.0, 1.0], &[1.0, 1.0, 1.0])?;
//! assert_eq!(curve.pai, vec![2.0, 1.5, 1.0]);
//! let g = gini(&[10.0, 8.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])?;
//! assert!((g.gini - 0.78).abs() < 1e-12);
//! # Ok::<(), est_core::accuracy::AccuracyError>(())
//! ```

use serde::{Deserialize, Serialize};

/// Errors from the accuracy measures.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AccuracyError {
    /// No events in the evaluation period.
    #[error("no events to evaluate against (the observed counts sum to {total})")]
    NoEvents {
        /// The sum of the observed counts.
        total: f64,
    },
    /// Zero total or flagged area.
    #[error("the {what} area is zero: PAI needs a positive area")]
    ZeroArea {
        /// "study" or "flagged".
        what: String,
    },
    /// Inputs of different lengths.
    #[error("{what} has {found} values, expected {expected} (one per cell)")]
    LengthMismatch {
        /// The input.
        what: String,
        /// Number of cells.
        expected: usize,
        /// Number given.
        found: usize,
    },
    /// A negative, NaN or infinite value.
    #[error("{what}[{index}] must be a finite number ≥ 0 (got {value})")]
    InvalidValue {
        /// The input.
        what: String,
        /// Position.
        index: usize,
        /// The value.
        value: f64,
    },
    /// Fewer than two units for a Gini coefficient.
    #[error("a Gini coefficient needs at least 2 units (got {n})")]
    TooFewUnits {
        /// Number of units.
        n: usize,
    },
    /// A fraction outside (0, 1].
    #[error("fraction must lie in (0, 1] (got {fraction})")]
    InvalidFraction {
        /// The value given.
        fraction: f64,
    },
}

impl AccuracyError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AccuracyError::NoEvents { .. } => "ACCURACY_NO_EVENTS",
            AccuracyError::ZeroArea { .. } => "ACCURACY_ZERO_AREA",
            AccuracyError::LengthMismatch { .. } => "ACCURACY_LENGTH_MISMATCH",
            AccuracyError::InvalidValue { .. } => "ACCURACY_INVALID_VALUE",
            AccuracyError::TooFewUnits { .. } => "ACCURACY_TOO_FEW_UNITS",
            AccuracyError::InvalidFraction { .. } => "ACCURACY_INVALID_FRACTION",
        }
    }
}

fn check(what: &str, v: &[f64], n: usize) -> Result<(), AccuracyError> {
    if v.len() != n {
        return Err(AccuracyError::LengthMismatch {
            what: what.into(),
            expected: n,
            found: v.len(),
        });
    }
    match v
        .iter()
        .enumerate()
        .find(|(_, x)| !(x.is_finite() && **x >= 0.0))
    {
        Some((index, &value)) => Err(AccuracyError::InvalidValue {
            what: what.into(),
            index,
            value,
        }),
        None => Ok(()),
    }
}

/// PAI, PEI, hit rate and ptools' RRI for every prefix of the ranking (flag the top 1, 2, …
/// cells).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaiCurve {
    /// Cell indices in rank order (predicted density descending, observed ascending).
    pub order: Vec<usize>,
    /// Share of the study area flagged after k + 1 cells.
    pub area_share: Vec<f64>,
    /// Hit rate `n/N` after k + 1 cells.
    pub hit_rate: Vec<f64>,
    /// PAI after k + 1 cells.
    pub pai: Vec<f64>,
    /// PEI after k + 1 cells (NaN where the best possible PAI is 0).
    pub pei: Vec<f64>,
    /// ptools `RRI`: cumulative predicted / cumulative observed (NaN where nothing observed).
    pub pred_obs_ratio: Vec<f64>,
}

/// The PAI curve of a prediction (e.g. last period's KDE or counts) against observed counts.
///
/// # Errors
/// [`AccuracyError::LengthMismatch`], [`AccuracyError::InvalidValue`],
/// [`AccuracyError::NoEvents`], [`AccuracyError::ZeroArea`].
pub fn pai_curve(
    observed: &[f64],
    predicted: &[f64],
    area: &[f64],
) -> Result<PaiCurve, AccuracyError> {
    let n = observed.len();
    check("observed", observed, n)?;
    check("predicted", predicted, n)?;
    check("area", area, n)?;
    let total_obs: f64 = observed.iter().sum();
    let total_area: f64 = area.iter().sum();
    if total_obs <= 0.0 {
        return Err(AccuracyError::NoEvents { total: total_obs });
    }
    if total_area <= 0.0 {
        return Err(AccuracyError::ZeroArea {
            what: "study".into(),
        });
    }
    let density = |i: usize| {
        if area[i] > 0.0 {
            predicted[i] / area[i]
        } else {
            f64::INFINITY
        }
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        density(b)
            .total_cmp(&density(a))
            .then(observed[a].total_cmp(&observed[b]))
    });
    // The oracle: the same cells ranked by what was observed per area.
    let mut best: Vec<usize> = order.clone();
    let obs_density = |i: usize| {
        if area[i] > 0.0 {
            observed[i] / area[i]
        } else {
            f64::INFINITY
        }
    };
    best.sort_by(|&a, &b| obs_density(b).total_cmp(&obs_density(a)));
    let (mut co, mut ca, mut cp, mut bo, mut ba) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut curve = PaiCurve {
        order: order.clone(),
        area_share: Vec::with_capacity(n),
        hit_rate: Vec::with_capacity(n),
        pai: Vec::with_capacity(n),
        pei: Vec::with_capacity(n),
        pred_obs_ratio: Vec::with_capacity(n),
    };
    for (&i, &j) in order.iter().zip(&best) {
        co += observed[i];
        ca += area[i];
        cp += predicted[i];
        bo += observed[j];
        ba += area[j];
        let hr = co / total_obs;
        let share = ca / total_area;
        let pai = hr / share;
        let best_pai = (bo / total_obs) / (ba / total_area);
        curve.area_share.push(share);
        curve.hit_rate.push(hr);
        curve.pai.push(pai);
        curve.pei.push(if best_pai > 0.0 {
            pai / best_pai
        } else {
            f64::NAN
        });
        curve
            .pred_obs_ratio
            .push(if co > 0.0 { cp / co } else { f64::NAN });
    }
    Ok(curve)
}

/// Levine's (2008) recapture rate index for hot spots flagged in period 1:
/// `(n₂/n₁)/(N₂/N₁)`, with `n` the events in the flagged cells and `N` all events. 1 means the
/// hot spots kept their share; not to be confused with ptools' `RRI`
/// ([`PaiCurve::pred_obs_ratio`]).
///
/// # Errors
/// [`AccuracyError::NoEvents`] when `n₁`, `N₁` or `N₂` is 0; [`AccuracyError::InvalidValue`].
pub fn recapture_rate_index(
    n1: f64,
    n2: f64,
    total1: f64,
    total2: f64,
) -> Result<f64, AccuracyError> {
    check("counts", &[n1, n2, total1, total2], 4)?;
    if n1 <= 0.0 || total1 <= 0.0 || total2 <= 0.0 {
        return Err(AccuracyError::NoEvents {
            total: n1.min(total1).min(total2),
        });
    }
    Ok((n2 / n1) / (total2 / total1))
}

/// Gini coefficients of counts per unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Gini {
    /// `G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)` (ascending order).
    pub gini: f64,
    /// `G · n/(n − 1)`.
    pub gini_unbiased: f64,
    /// `G' = max(1, n/N)·(G − 1) + 1` (Bernasco & Steenbeek 2017), `N = Σx`.
    pub generalised: f64,
    /// `G' · m/(m − 1)`, `m = min(n, N)` (NaN when m ≤ 1).
    pub generalised_unbiased: f64,
}

/// The Gini coefficients of `counts`.
///
/// # Errors
/// [`AccuracyError::TooFewUnits`], [`AccuracyError::InvalidValue`],
/// [`AccuracyError::NoEvents`] (all zero).
pub fn gini(counts: &[f64]) -> Result<Gini, AccuracyError> {
    let n = counts.len();
    check("counts", counts, n)?;
    if n < 2 {
        return Err(AccuracyError::TooFewUnits { n });
    }
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return Err(AccuracyError::NoEvents { total });
    }
    let mut sorted = counts.to_vec();
    sorted.sort_by(f64::total_cmp);
    let nf = n as f64;
    let g = sorted
        .iter()
        .enumerate()
        .map(|(k, x)| (2.0 * (k as f64 + 1.0) - nf - 1.0) * x)
        .sum::<f64>()
        / (nf * total);
    let generalised = (nf / total).max(1.0) * (g - 1.0) + 1.0;
    let m = nf.min(total);
    Ok(Gini {
        gini: g,
        gini_unbiased: g * nf / (nf - 1.0),
        generalised,
        generalised_unbiased: if m > 1.0 {
            generalised * m / (m - 1.0)
        } else {
            f64::NAN
        },
    })
}

/// Share of all events in the top `fraction` of units (at least one unit; `⌈fraction·n⌉`).
///
/// # Errors
/// [`AccuracyError::InvalidFraction`], [`AccuracyError::InvalidValue`],
/// [`AccuracyError::NoEvents`].
pub fn top_share(counts: &[f64], fraction: f64) -> Result<f64, AccuracyError> {
    if !(fraction > 0.0 && fraction <= 1.0) {
        return Err(AccuracyError::InvalidFraction { fraction });
    }
    let curve = concentration_curve(counts)?;
    let k = ((fraction * counts.len() as f64).ceil() as usize).clamp(1, counts.len());
    Ok(curve.get(k - 1).map_or(1.0, |p| p.1))
}

/// The concentration curve: after the `k` units with most events, (share of units, share of
/// events), for k = 1 … n.
///
/// # Errors
/// [`AccuracyError::InvalidValue`], [`AccuracyError::NoEvents`].
pub fn concentration_curve(counts: &[f64]) -> Result<Vec<(f64, f64)>, AccuracyError> {
    check("counts", counts, counts.len())?;
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return Err(AccuracyError::NoEvents { total });
    }
    let mut sorted = counts.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let n = sorted.len() as f64;
    let mut acc = 0.0;
    Ok(sorted
        .iter()
        .enumerate()
        .map(|(k, x)| {
            acc += x;
            ((k as f64 + 1.0) / n, acc / total)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn ptools_pai_test_suite() {
        // ptools tests/testthat/test-pai.R, recomputed by ref_followup.py.
        let c = pai_curve(&[6.0, 3.0, 0.0], &[3.0, 2.0, 1.0], &[1.0, 1.0, 1.0]).unwrap();
        close(&c.pai, &[2.0, 1.5, 1.0], 1e-12);
        close(&c.pei, &[1.0, 1.0, 1.0], 1e-12);
        close(&c.pred_obs_ratio, &[0.5, 5.0 / 9.0, 6.0 / 9.0], 1e-12);
    }

    #[test]
    fn ptools_pai_doc_example() {
        // methods.md §8, printed to 6 decimals.
        let obs = [6.0, 7.0, 3.0, 2.0, 1.0, 0.0];
        let pred = [8.0, 4.0, 4.0, 2.0, 1.0, 0.0];
        let c = pai_curve(&obs, &pred, &[1.0; 6]).unwrap();
        assert_eq!(c.order, vec![0, 2, 1, 3, 4, 5]);
        let t = 0.5e-6;
        close(
            &c.pai,
            &[1.894737, 1.421053, 1.684211, 1.421053, 1.2, 1.0],
            t,
        );
        close(&c.pei, &[0.857143, 0.692308, 1.0, 1.0, 1.0, 1.0], t);
        close(
            &c.pred_obs_ratio,
            &[1.333333, 1.333333, 1.0, 1.0, 1.0, 1.0],
            t,
        );
    }

    #[test]
    fn lorenzgini_examples() {
        // methods.md §8 (lorenzgini, 10 units).
        let mut v = vec![0.0; 10];
        v[..3].copy_from_slice(&[10.0, 8.0, 2.0]);
        let g = gini(&v).unwrap();
        assert!((g.gini - 0.78).abs() < 1e-12 && (g.generalised - 0.78).abs() < 1e-12);
        assert!((g.gini_unbiased - 0.866_666_7).abs() < 0.5e-7);
        v[..3].copy_from_slice(&[5.0, 2.0, 1.0]);
        let g = gini(&v).unwrap();
        assert!((g.gini - 0.8).abs() < 1e-12 && (g.generalised - 0.75).abs() < 1e-12);
        let mut one = vec![0.0; 10];
        one[0] = 10.0;
        assert!((gini(&one).unwrap().gini - 0.9).abs() < 1e-12);
        let mut sparse = vec![0.0; 100];
        sparse[0] = 10.0;
        let g = gini(&sparse).unwrap();
        assert!((g.gini - 0.99).abs() < 1e-12 && (g.generalised - 0.9).abs() < 1e-12);
    }

    #[test]
    fn shares_and_errors() {
        let v = [5.0, 3.0, 1.0, 1.0];
        assert_eq!(top_share(&v, 0.25).unwrap(), 0.5);
        assert_eq!(top_share(&v, 1.0).unwrap(), 1.0);
        assert!((recapture_rate_index(10.0, 8.0, 100.0, 80.0).unwrap() - 1.0).abs() < 1e-12);
        assert!(matches!(
            gini(&[0.0, 0.0]),
            Err(AccuracyError::NoEvents { .. })
        ));
        assert!(matches!(
            pai_curve(&[1.0], &[1.0, 2.0], &[1.0]),
            Err(AccuracyError::LengthMismatch { .. })
        ));
        assert!(matches!(
            top_share(&v, 0.0),
            Err(AccuracyError::InvalidFraction { .. })
        ));
    }
}
