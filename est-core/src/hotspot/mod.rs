//! Hotspot methods: where are incidents concentrated, and is that concentration more than
//! chance? (Method reference §3–4.)
//!
//! | Module | Method | Reference |
//! |---|---|---|
//! | [`weights`] | sparse spatial weights: distance band, k nearest, queen/rook/hex contiguity | libpysal `DistanceBand`, `KNN`, `lat2W` |
//! | [`gistar`] | local Getis–Ord Gi and Gi\*, Esri-style classes, General G | Ord & Getis (1995); Getis & Ord (1992); esda `G_Local`, `G` |
//! | [`moran`] | global Moran's I, Local Moran (LISA) with quadrants | Moran (1950); Anselin (1995); esda `Moran`, `Moran_Local` |
//! | [`kde`] | kernel density on a grid | Silverman (1986) |
//! | [`map`] | the one-call hotspot map: counts, KDE, Gi* with adjusted classes | — |
//!
//! Permutation inference for all local statistics runs through
//! [`crate::stats::permutation`] (conditional randomisation with seeded ChaCha8 streams).
//!
//! Every function returns [`HotspotError`] for invalid input; nothing here panics.

pub mod counts;
pub mod gistar;
pub mod kde;
pub mod map;
pub mod moran;
pub mod smoothing;
pub mod weights;

use serde::{Deserialize, Serialize};

/// Errors from the hotspot methods. Each variant carries the values behind the failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HotspotError {
    /// Fewer units than the method needs.
    #[error(
        "too few units (got {n}): the method needs more (Gi/Gi* and Local Moran 3, global Moran and General G 4)"
    )]
    TooFewUnits {
        /// Number of units given.
        n: usize,
    },
    /// All values are equal, so the statistic's variance is zero (e.g. an empty period).
    #[error("all {n} values are equal ({value}): the statistic has zero variance")]
    ZeroVariance {
        /// Number of units.
        n: usize,
        /// The common value.
        value: f64,
    },
    /// Two inputs that must have one entry per unit have different lengths.
    #[error("{what} has {found} entries, expected {expected} (one per unit)")]
    LengthMismatch {
        /// Which input.
        what: String,
        /// Entries expected (number of units).
        expected: usize,
        /// Entries found.
        found: usize,
    },
    /// A value or coordinate is NaN or infinite (or negative where counts are needed).
    #[error("value {index} is not a finite number (got {value})")]
    NotFinite {
        /// Position of the value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A parameter outside its valid range.
    #[error("invalid {name} (got {value}): {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: String,
        /// The value given, as text.
        value: String,
        /// Why it is invalid and what is accepted.
        reason: String,
    },
    /// A KDE bandwidth that is not a positive finite number of metres.
    #[error("invalid bandwidth (got {bandwidth_m} m): must be a positive number of metres")]
    InvalidBandwidth {
        /// The bandwidth in metres.
        bandwidth_m: f64,
    },
    /// An unknown kernel name.
    #[error(
        "unknown kernel {name:?}: expected quartic (biweight), epanechnikov, triweight, \
         gaussian or uniform"
    )]
    InvalidKernel {
        /// The name given.
        name: String,
    },
    /// Weights that do not fit the values or the method (wrong number of units, a neighbour
    /// index out of range, negative or non-finite weights, Gi\* without self weights …).
    #[error("invalid spatial weights: {reason}")]
    InvalidWeights {
        /// What is wrong.
        reason: String,
    },
    /// A statistic whose denominator is zero for these values (e.g. General G with fewer than
    /// two non-zero values).
    #[error("{statistic} is undefined for these values: {reason}")]
    Undefined {
        /// The statistic.
        statistic: String,
        /// Why.
        reason: String,
    },
}

impl HotspotError {
    /// Stable machine-readable code (used as the JS `code` and Python `.code`).
    pub fn code(&self) -> &'static str {
        match self {
            HotspotError::TooFewUnits { .. } => "HOTSPOT_TOO_FEW_UNITS",
            HotspotError::ZeroVariance { .. } => "HOTSPOT_ZERO_VARIANCE",
            HotspotError::LengthMismatch { .. } => "HOTSPOT_LENGTH_MISMATCH",
            HotspotError::NotFinite { .. } => "HOTSPOT_NOT_FINITE",
            HotspotError::InvalidParameter { .. } => "HOTSPOT_INVALID_PARAMETER",
            HotspotError::InvalidBandwidth { .. } => "HOTSPOT_INVALID_BANDWIDTH",
            HotspotError::InvalidKernel { .. } => "HOTSPOT_INVALID_KERNEL",
            HotspotError::InvalidWeights { .. } => "HOTSPOT_INVALID_WEIGHTS",
            HotspotError::Undefined { .. } => "HOTSPOT_UNDEFINED",
        }
    }
}

pub(crate) fn invalid_param(name: &str, value: impl ToString, reason: &str) -> HotspotError {
    HotspotError::InvalidParameter {
        name: name.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

/// Checks that every value is finite.
pub(crate) fn check_finite(values: &[f64]) -> Result<(), HotspotError> {
    match values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        Some((index, &value)) => Err(HotspotError::NotFinite { index, value }),
        None => Ok(()),
    }
}

/// Checks the number of values against the weights and that there are at least `min` units.
pub(crate) fn check_units(
    values: &[f64],
    n_weights: usize,
    min: usize,
    method: &str,
) -> Result<(), HotspotError> {
    if values.len() != n_weights {
        return Err(HotspotError::LengthMismatch {
            what: "values".into(),
            expected: n_weights,
            found: values.len(),
        });
    }
    if values.len() < min {
        let _ = method;
        return Err(HotspotError::TooFewUnits { n: values.len() });
    }
    check_finite(values)
}

/// Mean and population standard deviation (divisor n), two-pass.
pub(crate) fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.max(0.0).sqrt())
}

/// Standard normal upper tail `1 − Φ(z)`, accurate in the tail (W. J. Cody's rational
/// approximations of erfc, relative error below 1e-15).
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// Two-sided normal p-value `2·(1 − Φ(|z|))`, capped at 1; NaN for NaN.
pub fn two_sided_p(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    (2.0 * normal_sf(z.abs())).min(1.0)
}

/// Complementary error function (W. J. Cody, "Rational Chebyshev approximations for the error
/// function", Math. Comp. 1969), as used by most libm implementations.
fn erfc(x: f64) -> f64 {
    let ax = x.abs();
    let r = if ax < 0.5 {
        // erfc = 1 − erf for small |x|.
        const A: [f64; 5] = [
            3.161_123_743_870_565_6,
            113.864_154_151_050_16,
            377.485_237_685_302_1,
            3_209.377_589_138_469_4,
            0.185_777_706_184_603_15,
        ];
        const B: [f64; 4] = [
            23.601_290_952_344_122,
            244.024_637_934_444_17,
            1_282.616_526_077_372_3,
            2_844.236_833_439_171,
        ];
        let y = ax * ax;
        let mut num = A[4] * y;
        let mut den = y;
        for i in 0..3 {
            num = (num + A[i]) * y;
            den = (den + B[i]) * y;
        }
        let erf = x * (num + A[3]) / (den + B[3]);
        return 1.0 - erf;
    } else if ax <= 4.0 {
        const C: [f64; 9] = [
            0.564_188_496_988_670_1,
            8.883_149_794_388_376,
            66.119_190_637_141_63,
            298.635_138_197_400_1,
            881.952_221_241_769,
            1_712.047_612_634_070_7,
            2_051.078_377_826_071_6,
            1_230.339_354_797_997_2,
            2.153_115_354_744_038_3e-8,
        ];
        const D: [f64; 8] = [
            15.744_926_110_709_835,
            117.693_950_891_312_5,
            537.181_101_862_009_9,
            1_621.389_574_566_690_3,
            3_290.799_235_733_459_7,
            4_362.619_090_143_247,
            3_439.367_674_143_721_6,
            1_230.339_354_803_749_5,
        ];
        let mut num = C[8] * ax;
        let mut den = ax;
        for i in 0..7 {
            num = (num + C[i]) * ax;
            den = (den + D[i]) * ax;
        }
        let r = (num + C[7]) / (den + D[7]);
        let z = (ax * 16.0).trunc() / 16.0;
        let del = (ax - z) * (ax + z);
        (-z * z).exp() * (-del).exp() * r
    } else {
        const P: [f64; 6] = [
            0.305_326_634_961_232_36,
            0.360_344_899_949_804_4,
            0.125_781_726_111_229_26,
            0.016_083_785_148_742_275,
            6.587_491_615_298_378e-4,
            0.016_315_387_137_302_097,
        ];
        const Q: [f64; 5] = [
            2.568_520_192_289_822,
            1.872_952_849_923_460_4,
            0.527_905_102_951_428_5,
            0.060_518_341_312_441_32,
            0.002_335_204_976_268_691_8,
        ];
        if ax >= 27.0 {
            0.0
        } else {
            let y = 1.0 / (ax * ax);
            let mut num = P[5] * y;
            let mut den = y;
            for i in 0..4 {
                num = (num + P[i]) * y;
                den = (den + Q[i]) * y;
            }
            let mut r = y * (num + P[4]) / (den + Q[4]);
            r = (1.0 / std::f64::consts::PI.sqrt() - r) / ax;
            let z = (ax * 16.0).trunc() / 16.0;
            let del = (ax - z) * (ax + z);
            (-z * z).exp() * (-del).exp() * r
        }
    };
    if x < 0.0 { 2.0 - r } else { r }
}

/// Esri-style hot/cold classes from z and a (possibly adjusted) p: `±3` for `p < 0.01`, `±2`
/// for `p < 0.05`, `±1` for `p < 0.10` with the sign of `z`, else 0 (ArcGIS `Gi_Bin`).
/// NaN z or p gives 0.
///
/// Pass the **adjusted** p-values when a multiple-testing correction is used (as ArcGIS does
/// with its FDR option); `z` and raw `p` stay as they are.
///
/// # Errors
/// [`HotspotError::LengthMismatch`] when `z` and `p` differ in length.
///
/// # Examples
/// ```
/// use est_core::hotspot::confidence_classes;
/// let classes = confidence_classes(&[3.1, -2.2, 1.7, 0.3], &[0.002, 0.03, 0.09, 0.7])?;
/// assert_eq!(classes, vec![3, -2, 1, 0]);
/// # Ok::<(), est_core::hotspot::HotspotError>(())
/// ```
pub fn confidence_classes(z: &[f64], p: &[f64]) -> Result<Vec<i8>, HotspotError> {
    if z.len() != p.len() {
        return Err(HotspotError::LengthMismatch {
            what: "p".into(),
            expected: z.len(),
            found: p.len(),
        });
    }
    Ok(z.iter()
        .zip(p)
        .map(|(&z, &p)| {
            if z.is_nan() || p.is_nan() || z == 0.0 {
                return 0;
            }
            let level = if p < 0.01 {
                3
            } else if p < 0.05 {
                2
            } else if p < 0.10 {
                1
            } else {
                0
            };
            if z > 0.0 { level } else { -level }
        })
        .collect())
}

/// A count of units with a property, and which ones (e.g. islands).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UnitFlags {
    /// Indices of the flagged units, ascending.
    pub units: Vec<usize>,
}

impl UnitFlags {
    /// Number of flagged units.
    pub fn len(&self) -> usize {
        self.units.len()
    }
    /// True when no unit is flagged.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_tail_matches_scipy() {
        // scipy.stats.norm.sf
        let cases = [
            (0.0, 0.5),
            (1.0, 0.15865525393145707),
            (1.959963984540054, 0.025000000000000012),
            (3.0, 0.0013498980316301035),
            (5.0, 2.866515718791939e-07),
            (-1.5, 0.9331927987311419),
            (0.3, 0.3820885778110474),
            (8.0, 6.220960574271785e-16),
        ];
        for (z, want) in cases {
            let got = normal_sf(z);
            assert!(
                ((got - want) / want).abs() < 1e-13,
                "z={z}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn classes_and_codes() {
        let c = confidence_classes(&[-4.0, f64::NAN, 2.0], &[0.0001, 0.0, 0.2]).unwrap();
        assert_eq!(c, vec![-3, 0, 0]);
        let e = confidence_classes(&[1.0], &[]).unwrap_err();
        assert_eq!(e.code(), "HOTSPOT_LENGTH_MISMATCH");
    }
}
