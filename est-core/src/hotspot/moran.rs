//! Global Moran's I and Local Moran (LISA) (method reference §4.5–4.6).
//!
//! Both use the **non-self** weights (a self weight is ignored), row-standardised by default
//! as esda's `transformation="r"`; islands have a spatial lag of 0 (esda
//! `island_weight = 0`).
//!
//! # Reference implementation
//! esda 2.9.0 `Moran` and `Moran_Local` (✔ code read): I, E[I], variances, z and analytic p
//! agree to 1e-12 relative on the 6-point doctest and the 289-cell synthetic golden; local
//! `Is` and the analytic moments `EI`, `VI`, `EIc`, `VIc` to 1e-9; permutation p
//! statistically.
//!
//! # Deviations from esda
//! * esda's `p_sim` folds a one-sided count ("directed"); est reports the chosen
//!   [`Alternative`] (two-sided by default) with the ties policy of
//!   [`crate::stats::permutation`].
//! * Local Moran with `z_i = 0` has a constant statistic; every simulation ties and its
//!   two-sided p is 1 (esda gives `1/(R + 1)`).
//!
//! [`Alternative`]: crate::stats::permutation::Alternative

use serde::{Deserialize, Serialize};

use super::gistar::push_permutation_params;
use super::weights::SpatialWeights;
use super::{HotspotError, check_units, two_sided_p};
use crate::params::{ParamUsed, Source};
use crate::stats::permutation::{
    self, PermutationParams, conditional_tail_counts, full_permutations, global_p_value,
};

/// Parameters of [`moran`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoranParams {
    /// Row-standardise the weights first; default `true` (esda `transformation="r"`).
    pub row_standardise: bool,
    /// Permutation inference (default 999 as esda, seed `0x5EED`, two-sided).
    pub permutation: PermutationParams,
}

impl Default for MoranParams {
    fn default() -> Self {
        MoranParams {
            row_standardise: true, // esda transformation="r"
            permutation: PermutationParams::default(),
        }
    }
}

/// Result of [`moran`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moran {
    /// `I = (n/S0)·Σ_ij w_ij z_i z_j / Σ_i z_i²`, `z = y − ȳ`.
    pub i: f64,
    /// `E[I] = −1/(n − 1)`.
    pub expected: f64,
    /// Variance under normality.
    pub var_norm: f64,
    /// z under normality.
    pub z_norm: f64,
    /// Two-sided p under normality.
    pub p_norm: f64,
    /// Variance under randomisation.
    pub var_rand: f64,
    /// z under randomisation.
    pub z_rand: f64,
    /// Two-sided p under randomisation.
    pub p_rand: f64,
    /// Permutation p (`None` without permutations).
    pub p_sim: Option<f64>,
    /// Parameters used.
    pub params_used: Vec<ParamUsed>,
}

fn prepared_weights(weights: &SpatialWeights, row_standardise: bool) -> SpatialWeights {
    let w = weights.without_self_weights();
    if row_standardise {
        w.row_standardised()
    } else {
        w
    }
}

/// Global Moran's I with analytic inference under normality and randomisation (Cliff & Ord
/// 1981) and optional permutation inference (full permutations of the values).
///
/// `Var_norm = (n²S1 − nS2 + 3S0²)/((n² − 1)S0²) − E[I]²`;
/// `Var_rand = [n((n² − 3n + 3)S1 − nS2 + 3S0²) − b2((n² − n)S1 − 2nS2 + 6S0²)] /
/// ((n−1)(n−2)(n−3)S0²) − E[I]²`, `b2 = (Σz⁴/n)/(Σz²/n)²`.
///
/// # Errors
/// [`HotspotError::TooFewUnits`] (`n < 4`), [`HotspotError::LengthMismatch`],
/// [`HotspotError::NotFinite`], [`HotspotError::ZeroVariance`], [`HotspotError::Undefined`]
/// when the weights sum to 0.
///
/// # Examples
/// ```
/// use est_core::hotspot::moran::{moran, MoranParams};
/// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
///
/// let x = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
/// let y = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
/// let w = SpatialWeights::distance_band(&x, &y, 15.0, &WeightsOptions::default())?;
/// let m = moran(&[2.0, 3.0, 3.2, 5.0, 8.0, 7.0], &w, &MoranParams::default())?;
/// assert!((m.i - 0.11898954703832754).abs() < 1e-12);
/// assert!((m.z_rand - 1.0833176771158797).abs() < 1e-12);
/// # Ok::<(), est_core::hotspot::HotspotError>(())
/// ```
pub fn moran(
    values: &[f64],
    weights: &SpatialWeights,
    params: &MoranParams,
) -> Result<Moran, HotspotError> {
    check_units(values, weights.n(), 4, "Moran's I")?;
    let w = prepared_weights(weights, params.row_standardise);
    let n = values.len() as f64;
    let (mean, sd) = super::mean_sd(values);
    if sd == 0.0 {
        return Err(HotspotError::ZeroVariance {
            n: values.len(),
            value: values[0],
        });
    }
    let (s0, s1, s2) = w.global_sums();
    if s0 == 0.0 {
        return Err(HotspotError::Undefined {
            statistic: "Moran's I".into(),
            reason: "the weights sum to 0 (every unit is an island)".into(),
        });
    }
    let z: Vec<f64> = values.iter().map(|v| v - mean).collect();
    let z2: f64 = z.iter().map(|v| v * v).sum();
    let z4: f64 = z.iter().map(|v| v.powi(4)).sum();
    // Σ_j w_ij (v_j − ȳ) = lag_i(v) − ȳ·W_i; permutations keep ȳ and Σz².
    let row_sums: Vec<f64> = (0..values.len())
        .map(|i| w.neighbours(i).1.iter().sum())
        .collect();
    let stat = |v: &[f64]| -> f64 {
        let num: f64 = (0..v.len())
            .map(|i| (v[i] - mean) * (w.lag(i, v) - mean * row_sums[i]))
            .sum();
        n / s0 * num / z2
    };
    let i = stat(values);
    let ei = -1.0 / (n - 1.0);
    let s02 = s0 * s0;
    let n2 = n * n;
    let var_norm = (n2 * s1 - n * s2 + 3.0 * s02) / ((n2 - 1.0) * s02) - ei * ei;
    let b2 = (z4 / n) / ((z2 / n) * (z2 / n));
    let var_rand = (n * ((n2 - 3.0 * n + 3.0) * s1 - n * s2 + 3.0 * s02)
        - b2 * ((n2 - n) * s1 - 2.0 * n * s2 + 6.0 * s02))
        / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s02)
        - ei * ei;
    let z_norm = (i - ei) / var_norm.sqrt();
    let z_rand = (i - ei) / var_rand.sqrt();
    let pp = &params.permutation;
    let p_sim = if pp.permutations > 0 {
        let sims = full_permutations(values, pp.permutations, pp.seed, stat)?;
        Some(global_p_value(i, &sims, pp))
    } else {
        None
    };
    let mut params_used = weights.params_used().to_vec();
    params_used.push(ParamUsed::new(
        "row_standardise",
        params.row_standardise,
        if params.row_standardise {
            Source::Default
        } else {
            Source::User
        },
    ));
    push_permutation_params(&mut params_used, pp);
    Ok(Moran {
        i,
        expected: ei,
        var_norm,
        z_norm,
        p_norm: two_sided_p(z_norm),
        var_rand,
        z_rand,
        p_rand: two_sided_p(z_rand),
        p_sim,
        params_used,
    })
}

/// Parameters of [`local_moran`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalMoranParams {
    /// Row-standardise the weights first; default `true` (esda `transformation="r"`).
    pub row_standardise: bool,
    /// Permutation inference (default 999 as esda, seed `0x5EED`, two-sided).
    pub permutation: PermutationParams,
    /// Level below which a permutation p labels a cluster; default 0.05 (esda
    /// `get_cluster_labels(crit=0.05)`).
    pub significance: f64,
}

impl Default for LocalMoranParams {
    fn default() -> Self {
        LocalMoranParams {
            row_standardise: true, // esda transformation="r"
            permutation: PermutationParams::default(),
            significance: 0.05, // esda
        }
    }
}

/// Moran scatterplot quadrants, numbered as esda (GeoDa swaps 2 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// 1: `z > 0`, `lag > 0` ("High-High").
    HighHigh = 1,
    /// 2: `z ≤ 0`, `lag > 0` ("Low-High").
    LowHigh = 2,
    /// 3: `z ≤ 0`, `lag ≤ 0` ("Low-Low").
    LowLow = 3,
    /// 4: `z > 0`, `lag ≤ 0` ("High-Low").
    HighLow = 4,
}

impl Quadrant {
    /// esda's label: "High-High", "Low-High", "Low-Low", "High-Low".
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::HighHigh => "High-High",
            Quadrant::LowHigh => "Low-High",
            Quadrant::LowLow => "Low-Low",
            Quadrant::HighLow => "High-Low",
        }
    }
    fn of(z: f64, lag: f64) -> Quadrant {
        // Strict `> 0` tests: zeros fall on the "low" side, as in esda.
        match (z > 0.0, lag > 0.0) {
            (true, true) => Quadrant::HighHigh,
            (false, true) => Quadrant::LowHigh,
            (false, false) => Quadrant::LowLow,
            (true, false) => Quadrant::HighLow,
        }
    }
}

/// Result of [`local_moran`]; one entry per unit in every vector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalMoran {
    /// `I_i = (n − 1)·z_i·lag_i / Σ_k z_k²` (esda `Is`).
    pub i: Vec<f64>,
    /// Standardised values `z_i = (y_i − ȳ)/sd` (population sd).
    pub z: Vec<f64>,
    /// Spatial lag `Σ_j w_ij z_j`.
    pub lag: Vec<f64>,
    /// Quadrant of each unit.
    pub quadrant: Vec<Quadrant>,
    /// `E[I_i]` under total randomisation (Anselin 1995; esda `EI`).
    pub expected: Vec<f64>,
    /// `Var[I_i]` under total randomisation (esda `VI`).
    pub variance: Vec<f64>,
    /// `E[I_i]` under conditional randomisation (Sokal et al. 1998; esda `EIc`).
    pub expected_conditional: Vec<f64>,
    /// `Var[I_i]` under conditional randomisation (esda `VIc`).
    pub variance_conditional: Vec<f64>,
    /// `(I_i − E[I_i])/sqrt(Var[I_i])` (total randomisation).
    pub z_norm: Vec<f64>,
    /// Two-sided analytic p from `z_norm` (normal approximation; rough for skewed data).
    pub p_norm: Vec<f64>,
    /// Permutation p (`None` without permutations).
    pub p_sim: Option<Vec<f64>>,
    /// Quadrant where `p_sim < significance`, else `None` ("Insignificant");
    /// `None` for every unit without permutations.
    pub clusters: Vec<Option<Quadrant>>,
    /// Islands (lag 0).
    pub islands: Vec<usize>,
    /// Parameters used.
    pub params_used: Vec<ParamUsed>,
}

/// Local Moran's I (LISA, Anselin 1995) with quadrants, analytic moments and conditional
/// permutation p-values.
///
/// # Errors
/// [`HotspotError::TooFewUnits`] (`n < 3`), [`HotspotError::LengthMismatch`],
/// [`HotspotError::NotFinite`], [`HotspotError::ZeroVariance`],
/// [`HotspotError::InvalidParameter`] for a significance level outside (0, 1).
///
/// # Examples
/// ```
/// use est_core::hotspot::moran::{local_moran, LocalMoranParams, Quadrant};
/// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
///
/// let x = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
/// let y = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
/// let w = SpatialWeights::distance_band(&x, &y, 15.0, &WeightsOptions::default())?;
/// let lm = local_moran(&[2.0, 3.0, 3.2, 5.0, 8.0, 7.0], &w, &LocalMoranParams::default())?;
/// assert!((lm.i[0] - 0.3292682927).abs() < 1e-8);
/// assert_eq!(lm.quadrant[5], Quadrant::HighHigh);
/// # Ok::<(), est_core::hotspot::HotspotError>(())
/// ```
pub fn local_moran(
    values: &[f64],
    weights: &SpatialWeights,
    params: &LocalMoranParams,
) -> Result<LocalMoran, HotspotError> {
    check_units(values, weights.n(), 3, "Local Moran")?;
    if !(params.significance > 0.0 && params.significance < 1.0) {
        return Err(super::invalid_param(
            "significance",
            params.significance,
            "must lie strictly between 0 and 1",
        ));
    }
    let w = prepared_weights(weights, params.row_standardise);
    let nn = values.len();
    let n = nn as f64;
    let (mean, sd) = super::mean_sd(values);
    if sd == 0.0 {
        return Err(HotspotError::ZeroVariance {
            n: nn,
            value: values[0],
        });
    }
    let z: Vec<f64> = values.iter().map(|v| (v - mean) / sd).collect();
    let z2: f64 = z.iter().map(|v| v * v).sum();
    let m2 = z2 / n;
    let m4 = z.iter().map(|v| v.powi(4)).sum::<f64>() / n;
    let b2 = m4 / (m2 * m2);
    let mut out = LocalMoran {
        i: Vec::with_capacity(nn),
        z: z.clone(),
        lag: Vec::with_capacity(nn),
        quadrant: Vec::with_capacity(nn),
        expected: Vec::with_capacity(nn),
        variance: Vec::with_capacity(nn),
        expected_conditional: Vec::with_capacity(nn),
        variance_conditional: Vec::with_capacity(nn),
        z_norm: Vec::with_capacity(nn),
        p_norm: Vec::with_capacity(nn),
        p_sim: None,
        clusters: vec![None; nn],
        islands: w.islands(),
        params_used: weights.params_used().to_vec(),
    };
    for (idx, &zi) in z.iter().enumerate() {
        let lag = w.lag(idx, &z);
        let ii = (n - 1.0) * zi * lag / z2;
        let ws = w.neighbours(idx).1;
        let wi: f64 = ws.iter().sum();
        let wi2: f64 = ws.iter().map(|v| v * v).sum();
        let ei = -wi / (n - 1.0);
        let vi = wi2 * (n - b2) / (n - 1.0)
            + (wi * wi - wi2) * (2.0 * b2 - n) / ((n - 1.0) * (n - 2.0))
            - ei * ei;
        let eic = -(zi * zi * wi) / ((n - 1.0) * m2);
        let vic = (zi / m2).powi(2)
            * (n / (n - 2.0))
            * (wi2 - wi * wi / (n - 1.0))
            * (m2 - zi * zi / (n - 1.0));
        let zn = if vi > 0.0 {
            (ii - ei) / vi.sqrt()
        } else {
            f64::NAN
        };
        out.i.push(ii);
        out.lag.push(lag);
        out.quadrant.push(Quadrant::of(zi, lag));
        out.expected.push(ei);
        out.variance.push(vi);
        out.expected_conditional.push(eic);
        out.variance_conditional.push(vic);
        out.z_norm.push(zn);
        out.p_norm.push(two_sided_p(zn));
    }
    let pp = &params.permutation;
    if pp.permutations > 0 {
        // I_i moves with the raw neighbourhood sum when z_i > 0, against it when z_i < 0.
        let counts = conditional_tail_counts(values, &w, pp.permutations, pp.seed)?;
        let direction: Vec<i8> = values
            .iter()
            .map(|&v| {
                if v > mean {
                    1
                } else if v < mean {
                    -1
                } else {
                    0
                }
            })
            .collect();
        let p = permutation::p_values(&counts, Some(&direction), pp);
        for (k, &pk) in p.iter().enumerate() {
            if pk < params.significance {
                out.clusters[k] = out.quadrant.get(k).copied();
            }
        }
        out.p_sim = Some(p);
    }
    out.params_used.push(ParamUsed::new(
        "row_standardise",
        params.row_standardise,
        if params.row_standardise {
            Source::Default
        } else {
            Source::User
        },
    ));
    out.params_used.push(ParamUsed::new(
        "significance",
        params.significance,
        if params.significance == 0.05 {
            Source::Default
        } else {
            Source::User
        },
    ));
    push_permutation_params(&mut out.params_used, pp);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotspot::weights::WeightsOptions;

    const X6: [f64; 6] = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
    const Y6: [f64; 6] = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
    const V6: [f64; 6] = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0];

    fn w6() -> SpatialWeights {
        SpatialWeights::distance_band(&X6, &Y6, 15.0, &WeightsOptions::default()).unwrap()
    }

    #[test]
    fn esda_moran_doctest_values() {
        let m = moran(&V6, &w6(), &MoranParams::default()).unwrap();
        let close = |a: f64, b: f64| ((a - b) / b).abs() < 1e-12;
        assert!(close(m.i, 0.11898954703832754));
        assert!(close(m.var_norm, 0.07335978835978839));
        assert!(close(m.z_norm, 1.1777345536260104));
        assert!(close(m.p_norm, 0.2389024470028226));
        assert!(close(m.var_rand, 0.08670442134154213));
        assert!(close(m.p_rand, 0.2786674416893089));
        let b = moran(
            &V6,
            &w6(),
            &MoranParams {
                row_standardise: false,
                ..MoranParams::default()
            },
        )
        .unwrap();
        assert!(close(b.i, 0.03852663016426081));
    }

    #[test]
    fn esda_local_moran_doctest_values() {
        let want_r = [
            0.3292682927,
            -0.0888501742,
            -0.862369338,
            -0.0191637631,
            -0.0862369338,
            1.3222996516,
        ];
        let want_b = [
            0.6585365854,
            -0.2665505226,
            -0.862369338,
            -0.0574912892,
            -0.3449477352,
            1.3222996516,
        ];
        let lm = local_moran(&V6, &w6(), &LocalMoranParams::default()).unwrap();
        let q: Vec<u8> = lm.quadrant.iter().map(|&q| q as u8).collect();
        assert_eq!(q, vec![3, 2, 2, 4, 4, 1]);
        for (a, b) in lm.i.iter().zip(want_r) {
            assert!((a - b).abs() < 1e-8);
        }
        let lb = local_moran(
            &V6,
            &w6(),
            &LocalMoranParams {
                row_standardise: false,
                ..LocalMoranParams::default()
            },
        )
        .unwrap();
        for (a, b) in lb.i.iter().zip(want_b) {
            assert!((a - b).abs() < 1e-8);
        }
    }
}
