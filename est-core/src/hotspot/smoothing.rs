//! Rates for small areas, smoothed by empirical Bayes: a cell with 2 incidents among 10
//! residents is not "20 % victimised"; its raw rate is pulled towards the mean of all cells
//! (global) or of its neighbourhood (spatial) in proportion to how little population it has.
//!
//! With events `eᵢ`, population at risk (or address points) `bᵢ` and raw rates `rᵢ = eᵢ/bᵢ`:
//!
//! * **global** (Marshall 1991): `m = Σe/Σb`,
//!   `s² = Σ bᵢ(rᵢ − m)²/Σb − m/b̄`, `wᵢ = s²/(s² + m/bᵢ)`, rate `wᵢ·rᵢ + (1 − wᵢ)·m`;
//! * **spatial**: the same with the mean `mᵢ` and variance `sᵢ²` of the neighbourhood of `i`
//!   (its neighbours and itself, binary weights): `mᵢ = (eᵢ + Σⱼ eⱼ)/(bᵢ + Σⱼ bⱼ)`,
//!   `sᵢ² = Σₖ bₖ(rₖ − mᵢ)²/Bᵢ − mᵢ/(Bᵢ/nᵢ)` over the `nᵢ` units of the neighbourhood,
//!   `Bᵢ = bᵢ + Σⱼ bⱼ`.
//!
//! A negative variance estimate is set to 0 (all weight on the mean), as esda does in the
//! spatial case.
//!
//! # Reference implementation
//! PySAL esda 2.9.0 `smoothing.Empirical_Bayes`, `Spatial_Empirical_Bayes`, `Spatial_Rate`
//! (agreement 1e-12 relative on `tests/golden/eb_sample_town_500m.json`).
//!
//! # Deviations
//! esda's global `Empirical_Bayes` does not clamp a negative variance estimate (its weights
//! then fall outside [0, 1]); est clamps it to 0 in both methods.
//!
//! # Citation
//! Marshall, R.J. (1991) Mapping disease and mortality rates using empirical Bayes
//! estimators. *Applied Statistics* 40(2):283–294.
//!
//! ```
//! use est_core::hotspot::smoothing::empirical_bayes;
//!
//! let events = [2.0, 30.0, 0.0, 12.0];
//! let base = [10.0, 1_000.0, 50.0, 400.0];
//! let r = empirical_bayes(&events, &base)?;
//! // The small cell's 20 % is pulled down towards the overall rate of 3 %.
//! assert!(r[0] < 0.2 && r[0] > 0.03);
//! # Ok::<(), est_core::hotspot::HotspotError>(())
//! ```

use super::HotspotError;
use super::weights::SpatialWeights;

fn check(events: &[f64], base: &[f64]) -> Result<(), HotspotError> {
    if events.len() != base.len() {
        return Err(HotspotError::LengthMismatch {
            what: "base".into(),
            expected: events.len(),
            found: base.len(),
        });
    }
    if events.is_empty() {
        return Err(HotspotError::TooFewUnits { n: 0 });
    }
    for (index, (&e, &b)) in events.iter().zip(base).enumerate() {
        if !(e.is_finite() && e >= 0.0) {
            return Err(HotspotError::NotFinite { index, value: e });
        }
        if !(b.is_finite() && b > 0.0) {
            return Err(HotspotError::InvalidParameter {
                name: format!("base[{index}]"),
                value: b.to_string(),
                reason: "the population at risk must be a positive number".into(),
            });
        }
    }
    Ok(())
}

/// Raw rates `eᵢ/bᵢ`.
///
/// # Errors
/// [`HotspotError::LengthMismatch`], [`HotspotError::NotFinite`] (events),
/// [`HotspotError::InvalidParameter`] (a base that is not positive).
pub fn raw_rates(events: &[f64], base: &[f64]) -> Result<Vec<f64>, HotspotError> {
    check(events, base)?;
    Ok(events.iter().zip(base).map(|(e, b)| e / b).collect())
}

/// Global empirical-Bayes rates (Marshall 1991).
///
/// # Errors
/// As [`raw_rates`].
pub fn empirical_bayes(events: &[f64], base: &[f64]) -> Result<Vec<f64>, HotspotError> {
    check(events, base)?;
    let n = events.len() as f64;
    let (se, sb): (f64, f64) = (events.iter().sum(), base.iter().sum());
    let m = se / sb;
    let left: f64 = events
        .iter()
        .zip(base)
        .map(|(e, b)| b * (e / b - m).powi(2))
        .sum::<f64>()
        / sb;
    let var = (left - m / (sb / n)).max(0.0);
    Ok(events
        .iter()
        .zip(base)
        .map(|(e, b)| {
            let w = if var > 0.0 { var / (var + m / b) } else { 0.0 };
            w * (e / b) + (1.0 - w) * m
        })
        .collect())
}

/// The spatial rate `(eᵢ + Σⱼ eⱼ)/(bᵢ + Σⱼ bⱼ)` over each unit's neighbourhood (binary
/// weights; self weights ignored): esda's `Spatial_Rate`.
///
/// # Errors
/// As [`raw_rates`], and [`HotspotError::LengthMismatch`] when the weights have another
/// number of units.
pub fn spatial_rate(
    events: &[f64],
    base: &[f64],
    weights: &SpatialWeights,
) -> Result<Vec<f64>, HotspotError> {
    check(events, base)?;
    check_weights(events.len(), weights)?;
    Ok((0..events.len())
        .map(|i| {
            let (nb, _) = weights.neighbours(i);
            let e: f64 = events[i] + nb.iter().map(|&j| events[j as usize]).sum::<f64>();
            let b: f64 = base[i] + nb.iter().map(|&j| base[j as usize]).sum::<f64>();
            e / b
        })
        .collect())
}

fn check_weights(n: usize, weights: &SpatialWeights) -> Result<(), HotspotError> {
    if weights.n() == n {
        Ok(())
    } else {
        Err(HotspotError::LengthMismatch {
            what: "weights".into(),
            expected: n,
            found: weights.n(),
        })
    }
}

/// Spatial empirical-Bayes rates: each unit shrunk towards its neighbourhood's rate.
///
/// # Errors
/// As [`spatial_rate`].
pub fn spatial_empirical_bayes(
    events: &[f64],
    base: &[f64],
    weights: &SpatialWeights,
) -> Result<Vec<f64>, HotspotError> {
    let means = spatial_rate(events, base, weights)?;
    Ok((0..events.len())
        .map(|i| {
            let (nb, _) = weights.neighbours(i);
            let m = means[i];
            let hood = nb.iter().map(|&j| j as usize).chain(std::iter::once(i));
            let big_b: f64 = base[i] + nb.iter().map(|&j| base[j as usize]).sum::<f64>();
            let k = (nb.len() + 1) as f64;
            let left: f64 = hood
                .map(|j| base[j] * (events[j] / base[j] - m).powi(2))
                .sum::<f64>()
                / big_b;
            let var = (left - m / (big_b / k)).max(0.0);
            let rate = events[i] / base[i];
            if var > 0.0 {
                m + (rate - m) * (var / (var + m / base[i]))
            } else {
                m
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotspot::weights::WeightsOptions;

    #[test]
    fn shrinks_small_areas_more() {
        let events = [2.0, 30.0, 0.0, 12.0, 5.0];
        let base = [10.0, 1_000.0, 50.0, 400.0, 100.0];
        let raw = raw_rates(&events, &base).unwrap();
        let eb = empirical_bayes(&events, &base).unwrap();
        let m = 49.0 / 1_560.0;
        // Every rate moves towards the mean, the small area most.
        for (r, s) in raw.iter().zip(&eb) {
            assert!((s - m).abs() <= (r - m).abs() + 1e-15);
        }
        assert!((raw[0] - eb[0]).abs() > (raw[1] - eb[1]).abs());
    }

    #[test]
    fn spatial_rate_of_isolated_units_is_the_raw_rate() {
        let x = [0.0, 1_000.0, 5_000.0];
        let y = [0.0, 0.0, 0.0];
        let w = SpatialWeights::distance_band(&x, &y, 1_500.0, &WeightsOptions::default()).unwrap();
        let r = spatial_rate(&[1.0, 3.0, 4.0], &[10.0, 30.0, 20.0], &w).unwrap();
        assert!(
            (r[0] - 0.1).abs() < 1e-15 && (r[1] - 0.1).abs() < 1e-15 && (r[2] - 0.2).abs() < 1e-15
        );
        assert!(matches!(
            empirical_bayes(&[1.0], &[0.0]),
            Err(HotspotError::InvalidParameter { .. })
        ));
    }
}
