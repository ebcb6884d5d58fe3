//! Getis–Ord local Gi and Gi\* and the global General G (method reference §4.2, §4.7).
//!
//! # Gi\* (Ord & Getis 1995)
//!
//! With weights including the self weight `w_ii`, `W_i = Σ_j w_ij`, `S1_i = Σ_j w_ij²`,
//! `x̄` and `s` (divisor `n`) over all `n` units:
//!
//! ```text
//! z_i = ( Σ_j w_ij x_j − x̄·W_i ) / ( s · sqrt( (n·S1_i − W_i²) / (n − 1) ) )
//! ```
//!
//! **Gi** uses the non-self weights and the `n − 1` other units: `x̄_(i)`, `s_(i)` and
//! `n − 1` in place of `x̄`, `s`, `n`. The analytic p-value is two-sided,
//! `p = 2·(1 − Φ(|z|))`. z does not change when a row of weights is rescaled, so binary and
//! row-standardised weights give the same z.
//!
//! Permutation inference ([`crate::stats::permutation`]) tests the neighbourhood sum
//! `T_i = Σ_{j≠i} w_ij x_j` (z is increasing in it) with `x_i` held fixed.
//!
//! # Reference implementation
//! esda 2.9.0 `G_Local(transform="B")` (✔): z agrees to 1e-9 on the doctest and on the
//! 289-cell synthetic golden (see `tests/reference_esda.rs`); permutation p statistically.
//!
//! # Deviations from esda
//! * esda's default `transform="R"` uses `W_i(n − W_i)` in place of `n·S1_i − W_i²` and
//!   shrinks z by about `√(k+1)`; est computes the Ord–Getis z whatever the weights.
//! * esda's `p_norm` is one-sided; est's [`LocalG::p_norm`] is two-sided.
//! * esda counts a tied simulation as "larger" then folds ([`Ties::Esda`]); est's default
//!   ties policy is explained at [`Ties::AtLeastAsExtreme`].
//! * With `star=True` and weights without a diagonal, esda silently takes the row maximum as
//!   self weight; est adds `w_ii = 1` only to binary rows (recorded in `params_used`) and
//!   refuses other weights.
//!
//! [`Ties::Esda`]: crate::stats::permutation::Ties::Esda
//! [`Ties::AtLeastAsExtreme`]: crate::stats::permutation::Ties::AtLeastAsExtreme

use serde::{Deserialize, Serialize};

use super::weights::SpatialWeights;
use super::{HotspotError, check_units, invalid_param, two_sided_p};
use crate::params::{ParamUsed, Source};
use crate::stats::permutation::{
    self, PermutationParams, RNG_NAME, conditional_tail_counts, full_permutations, global_p_value,
};

/// Parameters of [`local_g`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalGParams {
    /// Gi\* (`true`, est's default: the cell is part of its neighbourhood, §4.2) or Gi
    /// (`false`, esda's `star=False` default).
    pub star: bool,
    /// Permutation inference (default 999 permutations as esda, seed `0x5EED`, two-sided,
    /// ties at least as extreme). `permutations = 0` skips it.
    pub permutation: PermutationParams,
}

impl Default for LocalGParams {
    fn default() -> Self {
        LocalGParams {
            star: true, // est (§4.2); esda defaults to star=False
            permutation: PermutationParams::default(),
        }
    }
}

impl LocalGParams {
    /// Gi\* or Gi.
    pub fn with_star(mut self, star: bool) -> Self {
        self.star = star;
        self
    }
    /// Permutation settings.
    pub fn with_permutation(mut self, permutation: PermutationParams) -> Self {
        self.permutation = permutation;
        self
    }
}

/// Result of [`local_g`]; every vector has one entry per unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalG {
    /// Gi\* (`true`) or Gi.
    pub star: bool,
    /// The G statistic (esda `Gs`): `Σ_j w_ij x_j / Σ_j x_j` (Gi: both sums without `i`).
    pub g: Vec<f64>,
    /// Ord–Getis z; NaN where undefined (see [`LocalG::undefined`]).
    pub z: Vec<f64>,
    /// Two-sided analytic p, `2·(1 − Φ(|z|))`; NaN where z is.
    pub p_norm: Vec<f64>,
    /// Permutation p (`None` when `permutations = 0`).
    pub p_sim: Option<Vec<f64>>,
    /// Units without non-self neighbours: Gi\* reduces to a one-cell statistic, Gi is
    /// undefined.
    pub islands: Vec<usize>,
    /// Units whose z is undefined: the neighbourhood covers every unit
    /// (`n·S1_i − W_i² = 0`), or (Gi) the other values are all equal or `i` is an island.
    pub undefined: Vec<usize>,
    /// Number of distinct conditional problems simulated (0 without permutations).
    pub n_problems: usize,
    /// Every parameter with its provenance (weights, star, R, seed, RNG, alternative, ties).
    pub params_used: Vec<ParamUsed>,
    /// Warnings (e.g. islands).
    pub warnings: Vec<String>,
}

/// Local Getis–Ord Gi\* or Gi of `values` (counts per cell, never KDE values) under
/// `weights`, with analytic and (optionally) permutation p-values.
///
/// Formula and conventions: see the [module docs](self).
///
/// # Parameters
/// * `values`: one value per unit, finite.
/// * `weights`: for Gi\* with self weights ([`WeightsOptions::gi_star`]); binary weights
///   without a diagonal get `w_ii = 1`. For Gi any self weights are ignored.
/// * `params`: [`LocalGParams`].
///
/// # Errors
/// [`HotspotError::LengthMismatch`], [`HotspotError::NotFinite`],
/// [`HotspotError::TooFewUnits`] (`n < 3`), [`HotspotError::ZeroVariance`] (all values
/// equal), [`HotspotError::InvalidWeights`] (Gi\* on non-binary weights without self
/// weights), [`HotspotError::InvalidParameter`] (permutations above 2³¹).
///
/// # Examples
/// The esda `G_Local` doctest (binary distance band 15 with self weight):
/// ```
/// use est_core::hotspot::gistar::{local_g, LocalGParams};
/// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
///
/// let x = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
/// let y = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
/// let w = SpatialWeights::distance_band(&x, &y, 15.0, &WeightsOptions::gi_star())?;
/// let values = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0];
/// let g = local_g(&values, &w, &LocalGParams::default())?;
/// assert!((g.z[0] - (-1.39727626)).abs() < 1e-8);
/// assert!((g.z[5] - 2.02424331).abs() < 1e-8);
/// # Ok::<(), est_core::hotspot::HotspotError>(())
/// ```
///
/// [`WeightsOptions::gi_star`]: super::weights::WeightsOptions::gi_star
pub fn local_g(
    values: &[f64],
    weights: &SpatialWeights,
    params: &LocalGParams,
) -> Result<LocalG, HotspotError> {
    check_units(values, weights.n(), 3, "Gi/Gi*")?;
    let n = values.len();
    let nf = n as f64;
    let mut params_used: Vec<ParamUsed> = weights.params_used().to_vec();
    params_used.push(ParamUsed::new("star", params.star, Source::User));
    let mut warnings = Vec::new();

    let added;
    let w: &SpatialWeights = if params.star && !weights.has_self_weights() {
        let binary = weights.weight_values().iter().all(|&v| v == 1.0);
        if !binary {
            return Err(HotspotError::InvalidWeights {
                reason: "Gi* needs self weights w_ii: build the weights with \
                         WeightsOptions::gi_star() / with_self_weight(true), or use \
                         with_self_weights(value)"
                    .into(),
            });
        }
        added = weights.with_self_weights(1.0);
        params_used.push(ParamUsed::new(
            "self_weight",
            1.0,
            Source::Auto {
                rule: "binary weights without diagonal: w_ii = 1".into(),
            },
        ));
        &added
    } else {
        weights
    };

    let (mean, sd) = super::mean_sd(values);
    if sd == 0.0 {
        return Err(HotspotError::ZeroVariance {
            n,
            value: values[0],
        });
    }
    let total: f64 = values.iter().sum();
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();

    let mut g = Vec::with_capacity(n);
    let mut z = Vec::with_capacity(n);
    let mut undefined = Vec::new();
    for (i, &x_i) in values.iter().enumerate() {
        let lag = w.lag(i, values);
        let (zi, gi) = if params.star {
            let s_ii = w.self_weight(i);
            let wi = w.row_sum(i);
            let s1 = w.row_sum_sq(i);
            let num = lag + s_ii * x_i - mean * wi;
            let q = nf * s1 - wi * wi;
            let zi = if q > 1e-12 * nf * s1 {
                num / (sd * (q / (nf - 1.0)).sqrt())
            } else {
                f64::NAN
            };
            (zi, (lag + s_ii * x_i) / total)
        } else {
            let m = nf - 1.0;
            let ws = w.neighbours(i).1;
            let wi: f64 = ws.iter().sum();
            let s1: f64 = ws.iter().map(|v| v * v).sum();
            let d = mean - x_i;
            let mean_i = mean + d / m;
            let ss_i = ss - (x_i - mean) * (x_i - mean) - m * (d / m) * (d / m);
            let sd_i = (ss_i.max(0.0) / m).sqrt();
            let q = m * s1 - wi * wi;
            let zi = if q > 1e-12 * m * s1 && sd_i > 1e-14 * sd {
                (lag - mean_i * wi) / (sd_i * (q / (m - 1.0)).sqrt())
            } else {
                f64::NAN
            };
            (zi, lag / (total - x_i))
        };
        if zi.is_nan() {
            undefined.push(i);
        }
        z.push(zi);
        g.push(gi);
    }
    let p_norm: Vec<f64> = z.iter().map(|&v| two_sided_p(v)).collect();
    let islands = w.islands();
    if !islands.is_empty() {
        warnings.push(format!(
            "{} unit(s) without neighbours (islands): {}",
            islands.len(),
            if params.star {
                "Gi* reduces to the unit's own value there"
            } else {
                "Gi is undefined there"
            }
        ));
    }
    if !undefined.is_empty() {
        warnings.push(format!(
            "z is undefined for {} unit(s) (neighbourhood covers every unit, or no variation \
             among the other units)",
            undefined.len()
        ));
    }

    let pp = &params.permutation;
    let (p_sim, n_problems) = if pp.permutations > 0 {
        let counts = conditional_tail_counts(values, w, pp.permutations, pp.seed)?;
        (
            Some(permutation::p_values(&counts, None, pp)),
            counts.n_problems,
        )
    } else {
        (None, 0)
    };
    push_permutation_params(&mut params_used, pp);
    Ok(LocalG {
        star: params.star,
        g,
        z,
        p_norm,
        p_sim,
        islands,
        undefined,
        n_problems,
        params_used,
        warnings,
    })
}

pub(crate) fn push_permutation_params(params_used: &mut Vec<ParamUsed>, pp: &PermutationParams) {
    let d = PermutationParams::default();
    let src = |same: bool| if same { Source::Default } else { Source::User };
    params_used.push(ParamUsed::new(
        "permutations",
        pp.permutations,
        src(pp.permutations == d.permutations),
    ));
    if pp.permutations > 0 {
        params_used.push(ParamUsed::new("seed", pp.seed, src(pp.seed == d.seed)));
        params_used.push(ParamUsed::new("rng", RNG_NAME, Source::Default));
        params_used.push(ParamUsed::new(
            "alternative",
            serde_json::to_value(pp.alternative).unwrap_or_default(),
            src(pp.alternative == d.alternative),
        ));
        params_used.push(ParamUsed::new(
            "ties",
            serde_json::to_value(pp.ties).unwrap_or_default(),
            src(pp.ties == d.ties),
        ));
    }
}

/// Parameters of [`general_g`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GeneralGParams {
    /// Permutation inference (default 999 as esda `G`, seed `0x5EED`, two-sided).
    pub permutation: PermutationParams,
}

/// Result of [`general_g`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneralG {
    /// `G = Σ_i Σ_{j≠i} w_ij x_i x_j / Σ_i Σ_{j≠i} x_i x_j` (binary weights).
    pub g: f64,
    /// `E[G] = S0 / (n(n − 1))`.
    pub expected: f64,
    /// `Var[G]` under randomisation.
    pub variance: f64,
    /// `(G − E[G]) / sqrt(Var[G])`.
    pub z: f64,
    /// Two-sided `2·(1 − Φ(|z|))`.
    pub p_norm: f64,
    /// esda's one-sided `1 − Φ(|z|)` (for comparison only).
    pub p_norm_one_sided: f64,
    /// Permutation p over full permutations of the values (`None` without permutations).
    pub p_sim: Option<f64>,
    /// Parameters used.
    pub params_used: Vec<ParamUsed>,
}

/// General G (global Getis–Ord, Getis & Ord 1992) with binary weights (any non-zero non-self
/// weight counts as 1, as esda forces `transform="B"`; self weights are ignored).
///
/// `E[G²] = [b0(Σx²)² + b1Σx⁴ + b2(Σx)²Σx² + b3ΣxΣx³ + b4(Σx)⁴] /
/// [((Σx)² − Σx²)² n(n−1)(n−2)(n−3)]` with the `b` coefficients of method reference §4.7.
///
/// # Reference implementation
/// esda 2.9.0 `G` (✔): G, E[G], Var[G], z agree to 1e-12 relative; esda's `p_norm` is
/// one-sided (`p_norm_one_sided` here).
///
/// # Errors
/// [`HotspotError::TooFewUnits`] (`n < 4`), [`HotspotError::NotFinite`],
/// [`HotspotError::LengthMismatch`], [`HotspotError::InvalidParameter`] for a negative value,
/// [`HotspotError::Undefined`] with fewer than two non-zero values.
///
/// # Examples
/// ```
/// use est_core::hotspot::gistar::{general_g, GeneralGParams};
/// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
///
/// let x = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
/// let y = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
/// let w = SpatialWeights::distance_band(&x, &y, 15.0, &WeightsOptions::default())?;
/// let gg = general_g(&[2.0, 3.0, 3.2, 5.0, 8.0, 7.0], &w, &GeneralGParams::default())?;
/// assert!((gg.g - 0.5570977917981073).abs() < 1e-12);
/// # Ok::<(), est_core::hotspot::HotspotError>(())
/// ```
pub fn general_g(
    values: &[f64],
    weights: &SpatialWeights,
    params: &GeneralGParams,
) -> Result<GeneralG, HotspotError> {
    check_units(values, weights.n(), 4, "General G")?;
    if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| **v < 0.0) {
        return Err(invalid_param(
            &format!("values[{i}]"),
            v,
            "General G needs non-negative values",
        ));
    }
    if values.iter().filter(|&&v| v != 0.0).count() < 2 {
        return Err(HotspotError::Undefined {
            statistic: "General G".into(),
            reason: "fewer than two non-zero values: Σ_i Σ_{j≠i} x_i x_j = 0".into(),
        });
    }
    let w = weights.binarised().without_self_weights();
    let n = values.len() as f64;
    let (s0, s1, s2) = w.global_sums();
    let sx: f64 = values.iter().sum();
    let sx2: f64 = values.iter().map(|v| v * v).sum();
    let sx3: f64 = values.iter().map(|v| v * v * v).sum();
    let sx4: f64 = values.iter().map(|v| v * v * v * v).sum();
    let den = sx * sx - sx2;
    let stat = |v: &[f64]| -> f64 { (0..v.len()).map(|i| v[i] * w.lag(i, v)).sum::<f64>() / den };
    let g = stat(values);
    let eg = s0 / (n * (n - 1.0));
    let s02 = s0 * s0;
    let n2 = n * n;
    let b0 = (n2 - 3.0 * n + 3.0) * s1 - n * s2 + 3.0 * s02;
    let b1 = -((n2 - n) * s1 - 2.0 * n * s2 + 6.0 * s02);
    let b2 = -(2.0 * n * s1 - (n + 3.0) * s2 + 6.0 * s02);
    let b3 = 4.0 * (n - 1.0) * s1 - 2.0 * (n + 1.0) * s2 + 8.0 * s02;
    let b4 = s1 - s2 + s02;
    let eg2 = (b0 * sx2 * sx2 + b1 * sx4 + b2 * sx * sx * sx2 + b3 * sx * sx3 + b4 * sx.powi(4))
        / (den * den * n * (n - 1.0) * (n - 2.0) * (n - 3.0));
    let variance = eg2 - eg * eg;
    let z = (g - eg) / variance.sqrt();
    let pp = &params.permutation;
    let p_sim = if pp.permutations > 0 {
        let sims = full_permutations(values, pp.permutations, pp.seed, stat)?;
        Some(global_p_value(g, &sims, pp))
    } else {
        None
    };
    let mut params_used = w.params_used().to_vec();
    params_used.push(ParamUsed::new(
        "binary",
        true,
        Source::Auto {
            rule: "General G uses binary weights (esda G)".into(),
        },
    ));
    push_permutation_params(&mut params_used, pp);
    Ok(GeneralG {
        g,
        expected: eg,
        variance,
        z,
        p_norm: two_sided_p(z),
        p_norm_one_sided: super::normal_sf(z.abs()),
        p_sim,
        params_used,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotspot::weights::WeightsOptions;
    use crate::stats::permutation::Ties;

    const X6: [f64; 6] = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
    const Y6: [f64; 6] = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
    const V6: [f64; 6] = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0];

    #[test]
    fn row_standardised_z_equals_binary_z() {
        let b = SpatialWeights::distance_band(&X6, &Y6, 15.0, &WeightsOptions::gi_star()).unwrap();
        let r = b.row_standardised();
        let p = LocalGParams::default()
            .with_permutation(PermutationParams::default().with_permutations(0));
        let zb = local_g(&V6, &b, &p).unwrap().z;
        let zr = local_g(&V6, &r, &p).unwrap().z;
        for (a, c) in zb.iter().zip(&zr) {
            assert!((a - c).abs() < 1e-12);
        }
    }

    #[test]
    fn undefined_when_neighbourhood_is_everything() {
        // 3 × 3 queen: the centre's neighbourhood with self is all 9 cells.
        let opts = crate::grid::GridOptions::default().with_cell_size(100.0);
        let grid = crate::grid::Grid::from_extent(
            0.0,
            0.0,
            200.0,
            200.0,
            crate::crs::Crs::SWEREF99_TM,
            &opts,
        )
        .unwrap();
        let w = SpatialWeights::grid_contiguity(
            &grid,
            crate::hotspot::weights::Contiguity::Queen,
            &WeightsOptions::gi_star(),
        )
        .unwrap();
        let v = [0.0, 1.0, 0.0, 2.0, 5.0, 0.0, 1.0, 0.0, 3.0];
        let g = local_g(&v, &w, &LocalGParams::default()).unwrap();
        assert!(g.z[4].is_nan());
        assert_eq!(g.undefined, vec![4]);
        assert_eq!(g.p_sim.as_ref().unwrap()[4], 1.0);
        assert!(g.z[0].is_finite());
        let e = local_g(&[1.0; 9], &w, &LocalGParams::default()).unwrap_err();
        assert_eq!(e.code(), "HOTSPOT_ZERO_VARIANCE");
        let e = local_g(&[1.0, 2.0], &w, &LocalGParams::default()).unwrap_err();
        assert_eq!(e.code(), "HOTSPOT_LENGTH_MISMATCH");
    }

    #[test]
    fn esda_ties_give_spurious_cold_spots_on_a_zero_heavy_grid() {
        // 30 × 30 grid, counts zero except a few scattered cells: most cells have an
        // all-zero queen neighbourhood. esda's rule calls them significant cold spots.
        let opts = crate::grid::GridOptions::default().with_cell_size(100.0);
        let grid = crate::grid::Grid::from_extent(
            0.0,
            0.0,
            2900.0,
            2900.0,
            crate::crs::Crs::SWEREF99_TM,
            &opts,
        )
        .unwrap();
        let w = SpatialWeights::grid_contiguity(
            &grid,
            crate::hotspot::weights::Contiguity::Queen,
            &WeightsOptions::gi_star(),
        )
        .unwrap();
        let n = grid.n_cells();
        let mut v = vec![0.0; n];
        for i in (0..n).step_by(37) {
            v[i] = 1.0 + (i % 3) as f64;
        }
        let base = PermutationParams::default()
            .with_alternative(crate::stats::permutation::Alternative::TwoSided);
        let est = local_g(&v, &w, &LocalGParams::default().with_permutation(base)).unwrap();
        let esda = local_g(
            &v,
            &w,
            &LocalGParams::default().with_permutation(base.with_ties(Ties::Esda)),
        )
        .unwrap();
        let zero_nb: Vec<usize> = (0..n)
            .filter(|&i| v[i] == 0.0 && w.neighbours(i).0.iter().all(|&j| v[j as usize] == 0.0))
            .collect();
        assert!(zero_nb.len() > 300, "{}", zero_nb.len());
        let pe = est.p_sim.unwrap();
        let pd = esda.p_sim.unwrap();
        let sig_est = zero_nb.iter().filter(|&&i| pe[i] < 0.05).count();
        let sig_esda = zero_nb.iter().filter(|&&i| pd[i] < 0.05).count();
        assert_eq!(sig_est, 0);
        assert_eq!(sig_esda, zero_nb.len());
        for &i in &zero_nb {
            assert_eq!(pd[i], 2.0 / 1000.0);
        }
    }

    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    proptest! {
        #![proptest_config(Config { cases: 24, rng_seed: RngSeed::Fixed(3006), ..Config::default() })]

        /// Relabelling the units (weights permuted with them) changes neither z nor the
        /// permutation p (p because streams belong to conditional problems, not positions).
        #[test]
        fn relabelling_units_changes_nothing(
            counts in proptest::collection::vec(0u8..6, 36),
            order_seed in any::<u64>(),
        ) {
            let values: Vec<f64> = counts.iter().map(|&c| f64::from(c)).collect();
            prop_assume!(values.iter().any(|&v| v != values[0]));
            let opts = crate::grid::GridOptions::default().with_cell_size(100.0);
            let grid = crate::grid::Grid::from_extent(0.0, 0.0, 500.0, 500.0, crate::crs::Crs::SWEREF99_TM, &opts).unwrap();
            let w = SpatialWeights::grid_contiguity(&grid, crate::hotspot::weights::Contiguity::Queen, &WeightsOptions::gi_star()).unwrap();
            // A permutation of 0..36 from the seed (Fisher–Yates with SplitMix-style steps).
            let mut order: Vec<usize> = (0..36).collect();
            let mut st = order_seed;
            for t in (1..36).rev() {
                st = st.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(t, (st >> 33) as usize % (t + 1));
            }
            let pv: Vec<f64> = order.iter().map(|&o| values[o]).collect();
            let pw = w.permuted(&order).unwrap();
            let params = LocalGParams::default().with_permutation(PermutationParams::default().with_permutations(199));
            let a = local_g(&values, &w, &params).unwrap();
            let b = local_g(&pv, &pw, &params).unwrap();
            let pa = a.p_sim.unwrap();
            let pb = b.p_sim.unwrap();
            for (new, &old) in order.iter().enumerate() {
                prop_assert!((a.z[old] - b.z[new]).abs() < 1e-12);
                prop_assert_eq!(pa[old], pb[new]);
            }
        }
    }
}
