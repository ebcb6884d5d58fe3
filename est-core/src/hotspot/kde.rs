//! Kernel density estimation on a grid: a smooth surface of incident intensity for the map.
//!
//! At the centre `c` of each active cell, with `u = d(c, xᵢ)/h` and weights `wᵢ`:
//!
//! ```text
//! λ̂(c) = Σᵢ wᵢ · K_h(d(c, xᵢ))        incidents per m² (× 10⁶ per km²)
//! ```
//!
//! with kernels normalised in two dimensions (∫K = 1 over the plane):
//!
//! | Kernel | K_h(d), u = d/h ≤ 1 (0 beyond) | profile (kernel sum) |
//! |---|---|---|
//! | quartic (biweight, default) | 3/(πh²)·(1 − u²)² | (1 − u²)² |
//! | Epanechnikov | 2/(πh²)·(1 − u²) | 1 − u² |
//! | triweight | 4/(πh²)·(1 − u²)³ | (1 − u²)³ |
//! | triangular | 3/(πh²)·(1 − u) | 1 − u |
//! | uniform | 1/(πh²) | 1 |
//! | Gaussian (h = s.d.) | 1/(2πh²)·exp(−u²/2), truncated at 5h | exp(−u²/2) |
//!
//! Three scales are returned: [`Kde::density_per_km2`] (a true density, Esri's quartic
//! output), [`Kde::expected_per_cell`] (density × the cell's area, comparable with counts) and
//! [`Kde::kernel_sum`] (Σ wᵢ·profile(uᵢ), sfhotspot's and SpatialKDE's `scaled = FALSE`
//! "weighted point count" — **not** a density).
//!
//! # Bandwidth rules ([`BandwidthRule`])
//! * `nrd(v) = 4 · 1.06 · min(sd(v), IQR(v)/1.34) · n^(−1/5)` (MASS `bandwidth.nrd`; sd with
//!   divisor n − 1, IQR from quantile type 7; when one of sd and IQR is 0 the other is used).
//! * [`BandwidthRule::NrdMeanXy`] (default): `(nrd(E) + nrd(N))/2`, what sfhotspot documents
//!   (its code takes `nrd(E)` only: R's `mean(a, b)` reads `b` as `trim`).
//! * [`BandwidthRule::Silverman2d`]: `A(K) · σ̄ · n^(−1/6)`, `σ̄² = (var(E) + var(N))/2`, with
//!   the normal-reference constant `A(K) = (4π·R(K)/μ₂(K)²)^(1/6)` of each kernel (1 for the
//!   Gaussian, 2.40 Epanechnikov, 2.78 quartic, 3.12 triweight, 2.54 triangular, 2 uniform).
//! * [`BandwidthRule::EsriRobust`]: `0.9 · min(SD, √(1/ln 2)·D_m) · n^(−0.2)`, SD the standard
//!   distance, `D_m` the median distance to the mean centre.
//! * [`BandwidthRule::Fixed`]. Every rule is multiplied by `adjust` (default 1); both the
//!   rule's value and the one used are recorded.
//!
//! # Dual KDE
//! [`dual_kde`] compares two sets on the same grid (sfhotspot's `hotspot_dual_kde`: ratio, log
//! ratio, difference, sum; est adds the relative risk of the normalised densities), with the
//! first set's bandwidth for both and a floor below which the ratio has no value (never ∞).
//!
//! # Reference implementation
//! scikit-learn 1.9.1 `KernelDensity` (Epanechnikov, Gaussian, tophat = uniform, linear =
//! triangular; exact: atol = rtol = 0) and the direct quartic sum of the project's `ref_kde.py`;
//! agreement 1e-9 relative (`tests/tests/reference_sklearn.rs`). scikit-learn's cosine kernel
//! does not integrate to 1 in 2-D and is not offered.
//!
//! # Citation
//! Silverman, B.W. (1986) *Density Estimation for Statistics and Data Analysis*, eq. 4.5;
//! Venables & Ripley (2002) *Modern Applied Statistics with S* (MASS `bandwidth.nrd`).
//!
//! ```
//! use est_core::grid::{Grid, GridOptions};
//! use est_core::hotspot::kde::{kde, KdeOptions};
//! use est_core::sample::SampleTown;
//!
//! let town = SampleTown::new(2_000, 1).generate()?;
//! let grid = Grid::for_incidents(&town, &GridOptions::default().with_cell_size(250.0))?;
//! let surface = kde(&grid, town.x(), town.y(), None, &KdeOptions::default())?;
//! // The kernels integrate to 1: the expected counts add up to (almost) the number of points.
//! let total: f64 = surface.expected_per_cell.iter().sum();
//! assert!((total - 2_000.0).abs() / 2_000.0 < 0.05);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::HotspotError;
use crate::grid::{Grid, GridShape};
use crate::params::{ParamUsed, Source};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

/// Default support of the Gaussian kernel, in bandwidths (mass lost: exp(−12.5) ≈ 3.7e-6).
pub const GAUSSIAN_CUTOFF: f64 = 5.0;

/// A kernel, normalised in two dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kernel {
    /// Quartic (biweight), the crime-mapping default (QGIS, ArcGIS, CrimeStat, sfhotspot).
    #[default]
    Quartic,
    /// Epanechnikov.
    Epanechnikov,
    /// Triweight.
    Triweight,
    /// Triangular (scikit-learn's "linear").
    Triangular,
    /// Uniform disc (scikit-learn's "tophat").
    Uniform,
    /// Gaussian with standard deviation h, truncated at [`KdeOptions::gaussian_cutoff`]·h.
    Gaussian,
}

impl Kernel {
    /// The name (`"quartic"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Quartic => "quartic",
            Kernel::Epanechnikov => "epanechnikov",
            Kernel::Triweight => "triweight",
            Kernel::Triangular => "triangular",
            Kernel::Uniform => "uniform",
            Kernel::Gaussian => "gaussian",
        }
    }

    /// The unscaled profile at squared distance ratio `u2 = (d/h)²` (0 beyond `d = h` for the
    /// compact kernels; the Gaussian's truncation is applied by the caller).
    fn profile(self, u2: f64) -> f64 {
        if u2 > 1.0 && self != Kernel::Gaussian {
            return 0.0;
        }
        let a = 1.0 - u2;
        match self {
            Kernel::Quartic => a * a,
            Kernel::Epanechnikov => a,
            Kernel::Triweight => a * a * a,
            Kernel::Triangular => 1.0 - u2.sqrt(),
            Kernel::Uniform => 1.0,
            Kernel::Gaussian => (-0.5 * u2).exp(),
        }
    }

    /// `K_h(d) / profile(u)`: the normalising constant for bandwidth `h`.
    fn scale(self, h: f64) -> f64 {
        let h2 = h * h;
        match self {
            Kernel::Quartic => 3.0 / (PI * h2),
            Kernel::Epanechnikov => 2.0 / (PI * h2),
            Kernel::Triweight => 4.0 / (PI * h2),
            Kernel::Triangular => 3.0 / (PI * h2),
            Kernel::Uniform => 1.0 / (PI * h2),
            Kernel::Gaussian => 1.0 / (2.0 * PI * h2),
        }
    }

    /// The normal-reference constant `A(K) = (4π·R(K)/μ₂(K)²)^(1/6)` for two dimensions,
    /// with `R(K) = ∫K²` and `μ₂(K) = ∫x₁²K` of the unit-bandwidth kernel.
    pub fn silverman_constant(self) -> f64 {
        let (r, mu2): (f64, f64) = match self {
            Kernel::Quartic => (1.8 / PI, 1.0 / 8.0),
            Kernel::Epanechnikov => (4.0 / (3.0 * PI), 1.0 / 6.0),
            Kernel::Triweight => (16.0 / (7.0 * PI), 1.0 / 10.0),
            Kernel::Triangular => (3.0 / (2.0 * PI), 3.0 / 20.0),
            Kernel::Uniform => (1.0 / PI, 1.0 / 4.0),
            Kernel::Gaussian => (1.0 / (4.0 * PI), 1.0),
        };
        (4.0 * PI * r / (mu2 * mu2)).powf(1.0 / 6.0)
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kernel {
    type Err = HotspotError;
    /// Reads the names above and scikit-learn's (`tophat`, `linear`); anything else is an
    /// error (SpatialKDE silently falls back to uniform: est does not).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "quartic" | "biweight" => Ok(Kernel::Quartic),
            "epanechnikov" => Ok(Kernel::Epanechnikov),
            "triweight" => Ok(Kernel::Triweight),
            "triangular" | "linear" => Ok(Kernel::Triangular),
            "uniform" | "tophat" => Ok(Kernel::Uniform),
            "gaussian" | "normal" => Ok(Kernel::Gaussian),
            _ => Err(HotspotError::InvalidKernel {
                name: s.to_string(),
            }),
        }
    }
}

/// How the bandwidth is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule", content = "h")]
pub enum BandwidthRule {
    /// `(nrd(E) + nrd(N))/2` (the est default; what sfhotspot documents).
    #[default]
    NrdMeanXy,
    /// Silverman's normal-reference rule for two dimensions, per kernel.
    Silverman2d,
    /// ArcGIS Pro's robust rule (standard distance and median distance to the mean centre).
    EsriRobust,
    /// A bandwidth in metres.
    Fixed(f64),
}

impl BandwidthRule {
    /// The rule's name as recorded in `params_used`.
    pub fn name(self) -> &'static str {
        match self {
            BandwidthRule::NrdMeanXy => "nrd mean of E and N (MASS bandwidth.nrd)",
            BandwidthRule::Silverman2d => "Silverman 2-D normal reference",
            BandwidthRule::EsriRobust => "Esri robust (standard distance, median distance)",
            BandwidthRule::Fixed(_) => "fixed",
        }
    }
}

/// Options for [`kde`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KdeOptions {
    /// The kernel (default quartic, as crime-mapping tools).
    pub kernel: Kernel,
    /// The bandwidth rule (default [`BandwidthRule::NrdMeanXy`]).
    pub bandwidth: BandwidthRule,
    /// Multiplier of the rule's bandwidth (default 1).
    pub adjust: f64,
    /// Where the Gaussian is truncated, in bandwidths (default [`GAUSSIAN_CUTOFF`] = 5;
    /// `f64::INFINITY` sums every point into every cell, as scikit-learn does).
    pub gaussian_cutoff: f64,
}

impl Default for KdeOptions {
    fn default() -> Self {
        KdeOptions {
            kernel: Kernel::Quartic,             // crime-mapping tools
            bandwidth: BandwidthRule::NrdMeanXy, // sfhotspot's documented rule, done right
            adjust: 1.0,
            gaussian_cutoff: GAUSSIAN_CUTOFF, // est: 3.7e-6 of the mass lost
        }
    }
}

/// A kernel density surface on a grid's active cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kde {
    /// Incidents per km² at each active cell's centre.
    pub density_per_km2: Vec<f64>,
    /// Density × the active cell's area: expected incidents per cell.
    pub expected_per_cell: Vec<f64>,
    /// Σ wᵢ·profile(uᵢ): the "weighted point count" of sfhotspot/SpatialKDE, not a density.
    pub kernel_sum: Vec<f64>,
    /// The kernel.
    pub kernel: Kernel,
    /// The bandwidth used, metres.
    pub bandwidth_m: f64,
    /// Every parameter and where it came from.
    pub params_used: Vec<ParamUsed>,
    /// E.g. "the bandwidth is smaller than the cell".
    pub warnings: Vec<String>,
}

fn invalid(name: &str, value: impl ToString, reason: &str) -> HotspotError {
    HotspotError::InvalidParameter {
        name: name.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

fn check_points(x: &[f64], y: &[f64], weights: Option<&[f64]>) -> Result<(), HotspotError> {
    if x.len() != y.len() {
        return Err(invalid(
            "y",
            y.len(),
            &format!("x has {} values; give one y per x", x.len()),
        ));
    }
    if let Some(w) = weights {
        if w.len() != x.len() {
            return Err(invalid(
                "weights",
                w.len(),
                &format!("give one weight per point ({})", x.len()),
            ));
        }
        if let Some((index, &value)) = w
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            return Err(HotspotError::NotFinite { index, value });
        }
    }
    for (index, (&a, &b)) in x.iter().zip(y).enumerate() {
        if !a.is_finite() {
            return Err(HotspotError::NotFinite { index, value: a });
        }
        if !b.is_finite() {
            return Err(HotspotError::NotFinite { index, value: b });
        }
    }
    Ok(())
}

/// Quantile of sorted data, R's type 7.
fn quantile7(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n as f64 - 1.0) * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn mean_var(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let ss: f64 = v.iter().map(|a| (a - mean) * (a - mean)).sum();
    (mean, ss / (n - 1.0))
}

/// MASS `bandwidth.nrd`: `4 · 1.06 · min(sd, IQR/1.34) · n^(−1/5)`; when one of sd and
/// IQR/1.34 is zero the other is used.
///
/// # Errors
/// [`HotspotError::TooFewUnits`] below 2 values; [`HotspotError::InvalidBandwidth`] when both
/// spreads are zero (all points on one line).
pub fn nrd(v: &[f64]) -> Result<f64, HotspotError> {
    if v.len() < 2 {
        return Err(HotspotError::TooFewUnits { n: v.len() });
    }
    let (_, var) = mean_var(v);
    let sd = var.sqrt();
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let iqr = (quantile7(&s, 0.75) - quantile7(&s, 0.25)) / 1.34;
    let spread = match (sd > 0.0, iqr > 0.0) {
        (true, true) => sd.min(iqr),
        (true, false) => sd,
        (false, true) => iqr,
        (false, false) => return Err(HotspotError::InvalidBandwidth { bandwidth_m: 0.0 }),
    };
    Ok(4.0 * 1.06 * spread * (v.len() as f64).powf(-0.2))
}

/// The bandwidth of `rule` for the points (before `adjust`).
///
/// # Errors
/// [`HotspotError::TooFewUnits`], [`HotspotError::InvalidBandwidth`] for a degenerate spread
/// or a fixed bandwidth that is not a positive number.
pub fn bandwidth(
    x: &[f64],
    y: &[f64],
    rule: BandwidthRule,
    kernel: Kernel,
) -> Result<f64, HotspotError> {
    let n = x.len().min(y.len());
    let h = match rule {
        BandwidthRule::Fixed(h) => h,
        BandwidthRule::NrdMeanXy => (nrd(x)? + nrd(y)?) / 2.0,
        BandwidthRule::Silverman2d => {
            if n < 2 {
                return Err(HotspotError::TooFewUnits { n });
            }
            let sigma = ((mean_var(x).1 + mean_var(y).1) / 2.0).sqrt();
            kernel.silverman_constant() * sigma * (n as f64).powf(-1.0 / 6.0)
        }
        BandwidthRule::EsriRobust => {
            if n < 2 {
                return Err(HotspotError::TooFewUnits { n });
            }
            let nf = n as f64;
            let (mx, my) = (x.iter().sum::<f64>() / nf, y.iter().sum::<f64>() / nf);
            let sd = (x.iter().map(|a| (a - mx).powi(2)).sum::<f64>() / nf
                + y.iter().map(|b| (b - my).powi(2)).sum::<f64>() / nf)
                .sqrt();
            let mut d: Vec<f64> = x
                .iter()
                .zip(y)
                .map(|(a, b)| (a - mx).hypot(b - my))
                .collect();
            d.sort_by(f64::total_cmp);
            let dm = quantile7(&d, 0.5);
            0.9 * sd.min((1.0 / std::f64::consts::LN_2).sqrt() * dm) * nf.powf(-0.2)
        }
    };
    if h.is_finite() && h > 0.0 {
        Ok(h)
    } else {
        Err(HotspotError::InvalidBandwidth { bandwidth_m: h })
    }
}

/// Kernel density of the points `(x[i], y[i])` (in the grid's CRS) at the centres of the
/// grid's active cells.
///
/// # Errors
/// [`HotspotError::NotFinite`] / [`HotspotError::InvalidParameter`] for bad input,
/// [`HotspotError::TooFewUnits`] and [`HotspotError::InvalidBandwidth`] from the bandwidth
/// rule, [`HotspotError::InvalidParameter`] for `adjust ≤ 0`.
pub fn kde(
    grid: &Grid,
    x: &[f64],
    y: &[f64],
    weights: Option<&[f64]>,
    options: &KdeOptions,
) -> Result<Kde, HotspotError> {
    check_points(x, y, weights)?;
    if !(options.adjust.is_finite() && options.adjust > 0.0) {
        return Err(invalid(
            "adjust",
            options.adjust,
            "must be a positive number",
        ));
    }
    if options.gaussian_cutoff.is_nan() || options.gaussian_cutoff <= 0.0 {
        return Err(invalid(
            "gaussian_cutoff",
            options.gaussian_cutoff,
            "must be a positive number of bandwidths (or infinity)",
        ));
    }
    let kernel = options.kernel;
    let rule_h = bandwidth(x, y, options.bandwidth, kernel)?;
    let h = rule_h * options.adjust;
    let kernel_source = if kernel == Kernel::default() {
        Source::Default
    } else {
        Source::User
    };
    let mut params = vec![ParamUsed::new("kernel", kernel.name(), kernel_source)];
    match options.bandwidth {
        BandwidthRule::Fixed(_) => params.push(ParamUsed::new("bandwidth_m", h, Source::User)),
        rule => {
            params.push(ParamUsed::new(
                "bandwidth_rule_m",
                rule_h,
                Source::Auto {
                    rule: rule.name().into(),
                },
            ));
            params.push(ParamUsed::new(
                "bandwidth_m",
                h,
                Source::Auto {
                    rule: format!("{} × adjust {}", rule.name(), options.adjust),
                },
            ));
        }
    }
    let mut warnings = Vec::new();
    if h < grid.cell_size() {
        warnings.push(format!(
            "the bandwidth ({h:.0} m) is smaller than the cell size ({:.0} m): the surface is \
             evaluated too coarsely to show its shape; use a smaller cell or a larger bandwidth",
            grid.cell_size()
        ));
    }
    let n_cells = grid.n_cells();
    let mut sum = vec![0.0f64; n_cells];
    let support = if kernel == Kernel::Gaussian {
        options.gaussian_cutoff
    } else {
        1.0
    };
    let radius = h * support;
    let (inv_h2, max_u2) = (1.0 / (h * h), support * support);
    let mut add = |k: usize, cx: f64, cy: f64, px: f64, py: f64, w: f64| {
        let u2 = ((cx - px).powi(2) + (cy - py).powi(2)) * inv_h2;
        if u2 <= max_u2
            && let Some(s) = sum.get_mut(k)
        {
            *s += w * kernel.profile(u2);
        }
    };
    match grid.shape() {
        GridShape::Square => {
            // Visit only the cells whose centre can lie within the support of each point.
            let (x0, y0) = grid.origin();
            let l = grid.cell_size();
            let (ncol, nrow) = (i64::from(grid.ncol()), i64::from(grid.nrow()));
            for (i, (&px, &py)) in x.iter().zip(y).enumerate() {
                let w = weights.and_then(|w| w.get(i)).copied().unwrap_or(1.0);
                // `as` saturates: an infinite radius covers the whole grid.
                let c0 = (((px - radius - x0) / l - 0.5).floor() as i64).max(0);
                let c1 = (((px + radius - x0) / l - 0.5).ceil() as i64).min(ncol - 1);
                let r0 = (((py - radius - y0) / l - 0.5).floor() as i64).max(0);
                let r1 = (((py + radius - y0) / l - 0.5).ceil() as i64).min(nrow - 1);
                for r in r0..=r1 {
                    let cy = y0 + (r as f64 + 0.5) * l;
                    for c in c0..=c1 {
                        let cell = u32::try_from(r * ncol + c).unwrap_or(u32::MAX);
                        if let Some(k) = grid.active_index(cell) {
                            add(k, x0 + (c as f64 + 0.5) * l, cy, px, py, w);
                        }
                    }
                }
            }
        }
        GridShape::Hexagon => {
            // Centres in an R-tree; each point visits the centres within its support.
            let centres: Vec<rstar::primitives::GeomWithData<[f64; 2], usize>> = grid
                .cells()
                .iter()
                .enumerate()
                .map(|(k, &cell)| {
                    let (cx, cy) = grid.centroid(cell);
                    rstar::primitives::GeomWithData::new([cx, cy], k)
                })
                .collect();
            let tree = rstar::RTree::bulk_load(centres);
            for (i, (&px, &py)) in x.iter().zip(y).enumerate() {
                let w = weights.and_then(|w| w.get(i)).copied().unwrap_or(1.0);
                for c in tree.locate_within_distance([px, py], radius * radius) {
                    add(c.data, c.geom()[0], c.geom()[1], px, py, w);
                }
            }
        }
    }
    let scale = kernel.scale(h);
    let areas = grid.active_areas();
    let density_per_km2: Vec<f64> = sum.iter().map(|s| s * scale * 1e6).collect();
    let expected_per_cell: Vec<f64> = sum.iter().zip(&areas).map(|(s, a)| s * scale * a).collect();
    Ok(Kde {
        density_per_km2,
        expected_per_cell,
        kernel_sum: sum,
        kernel,
        bandwidth_m: h,
        params_used: params,
        warnings,
    })
}

/// How two densities on the same grid are compared by [`dual_kde`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DualMeasure {
    /// `d_x / d_y` (depends on the totals of both sets).
    #[default]
    Ratio,
    /// `ln(d_x / d_y)`.
    Log,
    /// `d_x − d_y`.
    Difference,
    /// `d_x + d_y`.
    Sum,
    /// `(d_x/Σw_x) / (d_y/Σw_y)`: the ratio of the normalised densities, 1 where the two sets
    /// are equally concentrated (an est addition to sfhotspot's measures).
    RelativeRisk,
}

/// A dual kernel density surface ("risk surface").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DualKde {
    /// The measure per active cell; `None` where the denominator is below the floor (or, for
    /// `Log`, the numerator is 0): never ∞ or NaN.
    pub values: Vec<Option<f64>>,
    /// The measure used.
    pub measure: DualMeasure,
    /// Density of the first set (numerator).
    pub x: Kde,
    /// Density of the second set (denominator).
    pub y: Kde,
    /// Cells whose denominator is below `floor × max(d_y)` have no value.
    pub floor: f64,
}

/// Default relative floor of [`dual_kde`]'s denominator.
pub const DUAL_FLOOR: f64 = 1e-12;

/// Compares the densities of two point sets on the same grid (e.g. one category over all
/// incidents, or incidents over population points).
///
/// The bandwidth is chosen from the **first** set by `options` and used for both, as
/// sfhotspot's `hotspot_dual_kde` does; give a fixed bandwidth to choose otherwise.
///
/// # Errors
/// As [`kde`], and [`HotspotError::InvalidParameter`] for a floor outside [0, 1).
pub fn dual_kde(
    grid: &Grid,
    first: (&[f64], &[f64], Option<&[f64]>),
    second: (&[f64], &[f64], Option<&[f64]>),
    options: &KdeOptions,
    measure: DualMeasure,
    floor: f64,
) -> Result<DualKde, HotspotError> {
    if !(0.0..1.0).contains(&floor) {
        return Err(invalid("floor", floor, "must lie in [0, 1)"));
    }
    let x = kde(grid, first.0, first.1, first.2, options)?;
    let same_h = KdeOptions {
        bandwidth: BandwidthRule::Fixed(x.bandwidth_m),
        adjust: 1.0,
        ..*options
    };
    let y = kde(grid, second.0, second.1, second.2, &same_h)?;
    let total = |w: Option<&[f64]>, n: usize| w.map_or(n as f64, |w| w.iter().sum());
    let (tx, ty) = (
        total(first.2, first.0.len()),
        total(second.2, second.0.len()),
    );
    let max_y = y.density_per_km2.iter().copied().fold(0.0, f64::max);
    let cut = floor * max_y;
    let values = x
        .density_per_km2
        .iter()
        .zip(&y.density_per_km2)
        .map(|(&a, &b)| {
            let defined = b > cut && b > 0.0;
            match measure {
                DualMeasure::Difference => Some(a - b),
                DualMeasure::Sum => Some(a + b),
                DualMeasure::Ratio => defined.then(|| a / b),
                DualMeasure::Log => (defined && a > 0.0).then(|| (a / b).ln()),
                DualMeasure::RelativeRisk => (defined && tx > 0.0).then(|| (a / tx) / (b / ty)),
            }
        })
        .collect();
    Ok(DualKde {
        values,
        measure,
        x,
        y,
        floor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;
    use crate::grid::GridOptions;

    #[test]
    fn silverman_constants_match_the_method_reference() {
        // methods.md §3.2 prints 1.00 Gaussian, 2.40 Epanechnikov, 2.78 quartic, 3.11 triweight
        // to two decimals (triweight truncated: the closed form gives (6400/7)^(1/6) = 3.1154).
        for (k, a) in [
            (Kernel::Gaussian, 1.00),
            (Kernel::Epanechnikov, 2.40),
            (Kernel::Quartic, 2.78),
            (Kernel::Triweight, 3.11),
        ] {
            assert!(
                (k.silverman_constant() - a).abs() < 0.01,
                "{k}: {}",
                k.silverman_constant()
            );
        }
    }

    #[test]
    fn one_point_far_from_edges_has_mass_one() {
        // A single point in the middle of a fine grid: Σ expected ≈ 1 for every kernel.
        let opts = GridOptions::default().with_cell_size(10.0);
        let grid = Grid::from_extent(
            600_000.0,
            6_600_000.0,
            604_000.0,
            6_604_000.0,
            Crs::SWEREF99_TM,
            &opts,
        )
        .unwrap();
        for kernel in [
            Kernel::Quartic,
            Kernel::Epanechnikov,
            Kernel::Triweight,
            Kernel::Triangular,
            Kernel::Uniform,
            Kernel::Gaussian,
        ] {
            let o = KdeOptions {
                kernel,
                bandwidth: BandwidthRule::Fixed(300.0),
                ..KdeOptions::default()
            };
            let s = kde(&grid, &[602_003.0], &[6_602_007.0], None, &o).unwrap();
            let mass: f64 = s.expected_per_cell.iter().sum();
            assert!((mass - 1.0).abs() < 2e-3, "{kernel}: {mass}");
        }
    }

    #[test]
    fn dual_kde_of_a_set_with_itself() {
        let opts = GridOptions::default().with_cell_size(50.0);
        let grid = Grid::from_extent(
            600_000.0,
            6_600_000.0,
            602_000.0,
            6_602_000.0,
            Crs::SWEREF99_TM,
            &opts,
        )
        .unwrap();
        let x = [600_500.0, 601_000.0, 601_200.0, 601_500.0];
        let y = [6_600_500.0, 6_601_000.0, 6_601_100.0, 6_601_500.0];
        let o = KdeOptions {
            bandwidth: BandwidthRule::Fixed(400.0),
            ..KdeOptions::default()
        };
        for (measure, want) in [
            (DualMeasure::Ratio, 1.0),
            (DualMeasure::RelativeRisk, 1.0),
            (DualMeasure::Log, 0.0),
        ] {
            let d = dual_kde(
                &grid,
                (&x, &y, None),
                (&x, &y, None),
                &o,
                measure,
                DUAL_FLOOR,
            )
            .unwrap();
            let defined: Vec<f64> = d.values.iter().flatten().copied().collect();
            assert!(!defined.is_empty());
            assert!(
                defined.iter().all(|v| (v - want).abs() < 1e-12),
                "{measure:?}"
            );
            // Cells beyond every kernel have no value rather than NaN or infinity.
            assert!(d.values.iter().any(Option::is_none));
        }
        // Twice the weight: ratio 2, relative risk 1.
        let w2 = [2.0; 4];
        let r = dual_kde(
            &grid,
            (&x, &y, Some(&w2)),
            (&x, &y, None),
            &o,
            DualMeasure::Ratio,
            DUAL_FLOOR,
        )
        .unwrap();
        assert!(r.values.iter().flatten().all(|v| (v - 2.0).abs() < 1e-12));
        let rr = dual_kde(
            &grid,
            (&x, &y, Some(&w2)),
            (&x, &y, None),
            &o,
            DualMeasure::RelativeRisk,
            DUAL_FLOOR,
        )
        .unwrap();
        assert!(rr.values.iter().flatten().all(|v| (v - 1.0).abs() < 1e-12));
    }

    #[test]
    fn unknown_kernel_is_an_error() {
        assert!(matches!(
            "cosine".parse::<Kernel>(),
            Err(HotspotError::InvalidKernel { .. })
        ));
        assert_eq!("tophat".parse::<Kernel>().unwrap(), Kernel::Uniform);
    }

    #[test]
    fn nrd_uses_the_positive_spread() {
        // Most points at one address: IQR = 0, sd > 0.
        let v = [5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 9.0];
        assert!(nrd(&v).unwrap() > 0.0);
        assert!(matches!(
            nrd(&[3.0, 3.0]),
            Err(HotspotError::InvalidBandwidth { .. })
        ));
    }
}
