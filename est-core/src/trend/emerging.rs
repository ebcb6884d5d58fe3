//! Emerging hot spot analysis: Esri's 17 patterns (method reference §5.3).
//!
//! How does each location's hot/cold status evolve over the periods of a space-time cube —
//! new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating or
//! historical hot (or cold) spot, or no pattern?
//!
//! # Algorithm
//! 1. **Space-time Gi\* per bin.** The neighbourhood of bin `(i, t)` is every spatial
//!    neighbour of `i` *and `i` itself*, at the steps `t, t−1, …, t−k` (`k` =
//!    [`EmergingParams::time_steps`], default 1; never future steps, so early steps have fewer
//!    temporal neighbours). Weights are binary. With `N = n·T` bins and `x̄`, `s` (divisor `N`)
//!    over the **entire cube**, the Gi\* formula of §4.2 reads, for a neighbourhood of `W`
//!    bins (`S1 = W` for binary weights):
//!    ```text
//!    z = ( Σ_{neighbourhood} x − x̄·W ) / ( s · sqrt( (N·W − W²) / (N − 1) ) )
//!    ```
//!    `p = 2·(1 − Φ(|z|))`, adjusted across **all bins** (Benjamini–Hochberg by default). A
//!    bin is *significant hot* when `z > 0` and the adjusted p `< α_bin` (default 0.10, 90 %
//!    confidence), *significant cold* when `z < 0` and the adjusted p `< α_bin`.
//! 2. **Mann–Kendall** ([`super::mann_kendall`]) on each location's z series at
//!    `α_trend` (default 0.05): `up` = increasing, `down` = decreasing.
//! 3. **Classification** by [`classify`], first match wins (`T` steps, `H`/`C` the
//!    significant hot/cold steps; "≥ 90 %" is the integer test `10·#H ≥ 9·T`):
//!
//! | # | Condition (hot side) | Pattern | Code |
//! |---|---|---|---|
//! | 1 | final step hot, `10·#H ≥ 9T`, up | intensifying hot | 3 |
//! | 2 | final step hot, `10·#H ≥ 9T`, down | diminishing hot | 5 |
//! | 3 | final step hot, `10·#H ≥ 9T` | persistent hot | 4 |
//! | 4 | final step hot, some step cold | oscillating hot | 7 |
//! | 5 | final step hot, `#H = 1` | new hot | 1 |
//! | 6 | final step hot, `H` = one run of `r ≥ 2` steps ending at the final step | consecutive hot | 2 |
//! | 7 | final step hot | sporadic hot | 6 |
//!
//! A final cold step uses the mirrored table (hot ↔ cold, up ↔ down; codes −1 … −7). If the
//! final step is neither: `10·#H ≥ 9T` → historical hot (8); `10·#C ≥ 9T` → historical cold
//! (−8); else no pattern (0).
//!
//! Consequences of the order: a location hot only at the final step but cold earlier is
//! *oscillating*, not *new*; a location ≥ 90 % hot whose final step is not hot is
//! *historical*, never *persistent*; historical patterns need `T ≥ 10`.
//!
//! # Defaults
//! `k = 1` (Esri's and sfdep's default neighbourhood time step), `α_bin = 0.10` (Esri: a bin
//! counts at 90 % confidence), `α_trend = 0.05`, Benjamini–Hochberg over all bins (est; Esri
//! applies "an FDR correction"). At least 3 steps (Mann–Kendall); a warning below 10.
//!
//! # Reference implementation
//! None trustworthy: Esri is closed and both open ports deviate (see Deviations). The Gi\*
//! z and the Mann–Kendall on z are checked against numpy and pymannkendall on the Boston
//! ecometrics panel (`tests/tests/emerging.rs`); the rule table is tested case by case and
//! exhaustively for `T ≤ 6`.
//!
//! # Deviations
//! * sfdep `emerging_hotspot_analysis`: per-slice mean and variance, one threshold (0.01)
//!   for bins and trend, one-tailed permutation p, Kendall's tau-b, and rules that disagree
//!   with Esri's text (intensifying counts cold bins, historical hot tests `z < 0`, sporadic
//!   needs no hot final step, a different order).
//! * xarray-spatial: its "Gi\*" is a standardised focal mean, and "≥ 90 %" is
//!   `max(floor(0.9·T), 1)` steps.
//!
//! # Citations
//! Esri, "How Emerging Hot Spot Analysis works" (ArcGIS Pro documentation). Ord, J.K. &
//! Getis, A. (1995) *Geographical Analysis* 27(4):286–306. Mann, H.B. (1945) *Econometrica*
//! 13:245–259.
//!
//! # Example
//! ```
//! use est_core::trend::emerging::{classify, Pattern};
//!
//! // Hot in the last three of ten steps, never before: consecutive hot spot.
//! let hot = [false, false, false, false, false, false, false, true, true, true];
//! let cold = [false; 10];
//! let p = classify(&hot, &cold, false, false)?;
//! assert_eq!(p, Pattern::ConsecutiveHot);
//! assert_eq!((p.code(), p.label_en(), p.label_sv()), (2, "consecutive hot spot", "sammanhängande hotspot"));
//! assert!(p.is_emerging());
//! # Ok::<(), est_core::trend::TrendError>(())
//! ```

use serde::{Deserialize, Serialize};

use super::TrendError;
use super::cube::{LocationRule, SpaceTimeCube};
use super::mann_kendall::{MannKendall, Trend, mann_kendall, mann_kendall_many};
use crate::Error;
use crate::hotspot::weights::SpatialWeights;
use crate::hotspot::{HotspotError, two_sided_p};
use crate::params::{ParamUsed, Source};
use crate::stats::multitest::{Adjustment, adjust};

/// Parameters of [`emerging_hotspots`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmergingParams {
    /// Neighbourhood time step `k`: bin `(i, t)` also sees steps `t−1 … t−k`. Default 1
    /// (Esri, sfdep).
    pub time_steps: usize,
    /// Significance level of a bin (adjusted p). Default 0.10 (Esri: 90 % confidence).
    pub alpha_bin: f64,
    /// Significance level of the Mann–Kendall trend on z. Default 0.05 (est; pymannkendall).
    pub alpha_trend: f64,
    /// Multiple-testing adjustment over all bins. Default Benjamini–Hochberg (est, §4.4).
    pub adjustment: Adjustment,
}

impl Default for EmergingParams {
    fn default() -> Self {
        EmergingParams {
            time_steps: 1,                             // Esri, sfdep
            alpha_bin: 0.10,                           // Esri: 90 % confidence
            alpha_trend: 0.05,                         // est (§5.3)
            adjustment: Adjustment::BenjaminiHochberg, // est (§4.4)
        }
    }
}

impl EmergingParams {
    /// Sets the neighbourhood time step `k`.
    pub fn with_time_steps(mut self, k: usize) -> Self {
        self.time_steps = k;
        self
    }
    /// Sets the bin significance level.
    pub fn with_alpha_bin(mut self, alpha: f64) -> Self {
        self.alpha_bin = alpha;
        self
    }
    /// Sets the Mann–Kendall significance level.
    pub fn with_alpha_trend(mut self, alpha: f64) -> Self {
        self.alpha_trend = alpha;
        self
    }
    /// Sets the multiple-testing adjustment.
    pub fn with_adjustment(mut self, adjustment: Adjustment) -> Self {
        self.adjustment = adjustment;
        self
    }
}

/// One of Esri's 17 emerging hot spot patterns (serialised in snake case, e.g.
/// `"new_hot"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// Hot at the final step only.
    NewHot,
    /// One uninterrupted run of ≥ 2 hot steps at the end, never hot before.
    ConsecutiveHot,
    /// Hot ≥ 90 % of the steps including the final one, z rising.
    IntensifyingHot,
    /// Hot ≥ 90 % of the steps including the final one, no trend in z.
    PersistentHot,
    /// Hot ≥ 90 % of the steps including the final one, z falling.
    DiminishingHot,
    /// Hot at the final step, on and off before, never cold.
    SporadicHot,
    /// Hot at the final step and cold at some earlier step.
    OscillatingHot,
    /// Not hot at the final step but hot ≥ 90 % of the steps.
    HistoricalHot,
    /// Cold at the final step only.
    NewCold,
    /// One uninterrupted run of ≥ 2 cold steps at the end, never cold before.
    ConsecutiveCold,
    /// Cold ≥ 90 % of the steps including the final one, z falling.
    IntensifyingCold,
    /// Cold ≥ 90 % of the steps including the final one, no trend in z.
    PersistentCold,
    /// Cold ≥ 90 % of the steps including the final one, z rising.
    DiminishingCold,
    /// Cold at the final step, on and off before, never hot.
    SporadicCold,
    /// Cold at the final step and hot at some earlier step.
    OscillatingCold,
    /// Not cold at the final step but cold ≥ 90 % of the steps.
    HistoricalCold,
    /// None of the above.
    NoPattern,
}

impl Pattern {
    /// All 17 patterns, hot side by code, then cold, then no pattern.
    pub const ALL: [Pattern; 17] = [
        Pattern::NewHot,
        Pattern::ConsecutiveHot,
        Pattern::IntensifyingHot,
        Pattern::PersistentHot,
        Pattern::DiminishingHot,
        Pattern::SporadicHot,
        Pattern::OscillatingHot,
        Pattern::HistoricalHot,
        Pattern::NewCold,
        Pattern::ConsecutiveCold,
        Pattern::IntensifyingCold,
        Pattern::PersistentCold,
        Pattern::DiminishingCold,
        Pattern::SporadicCold,
        Pattern::OscillatingCold,
        Pattern::HistoricalCold,
        Pattern::NoPattern,
    ];

    /// The numeric code: 1 new, 2 consecutive, 3 intensifying, 4 persistent, 5 diminishing,
    /// 6 sporadic, 7 oscillating, 8 historical; negative for cold spots; 0 no pattern
    /// (the order of xarray-spatial; Esri's CATEGORY numbering is not verified).
    pub fn code(self) -> i8 {
        match self {
            Pattern::NewHot => 1,
            Pattern::ConsecutiveHot => 2,
            Pattern::IntensifyingHot => 3,
            Pattern::PersistentHot => 4,
            Pattern::DiminishingHot => 5,
            Pattern::SporadicHot => 6,
            Pattern::OscillatingHot => 7,
            Pattern::HistoricalHot => 8,
            Pattern::NewCold => -1,
            Pattern::ConsecutiveCold => -2,
            Pattern::IntensifyingCold => -3,
            Pattern::PersistentCold => -4,
            Pattern::DiminishingCold => -5,
            Pattern::SporadicCold => -6,
            Pattern::OscillatingCold => -7,
            Pattern::HistoricalCold => -8,
            Pattern::NoPattern => 0,
        }
    }

    /// The pattern of a code (`None` outside −8 … 8).
    pub fn from_code(code: i8) -> Option<Pattern> {
        Pattern::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The pattern with hot and cold swapped (no pattern stays).
    pub fn mirror(self) -> Pattern {
        Pattern::from_code(-self.code()).unwrap_or(Pattern::NoPattern)
    }

    /// English label, as Esri ("new hot spot", …, "no pattern detected").
    pub fn label_en(self) -> &'static str {
        match self {
            Pattern::NewHot => "new hot spot",
            Pattern::ConsecutiveHot => "consecutive hot spot",
            Pattern::IntensifyingHot => "intensifying hot spot",
            Pattern::PersistentHot => "persistent hot spot",
            Pattern::DiminishingHot => "diminishing hot spot",
            Pattern::SporadicHot => "sporadic hot spot",
            Pattern::OscillatingHot => "oscillating hot spot",
            Pattern::HistoricalHot => "historical hot spot",
            Pattern::NewCold => "new cold spot",
            Pattern::ConsecutiveCold => "consecutive cold spot",
            Pattern::IntensifyingCold => "intensifying cold spot",
            Pattern::PersistentCold => "persistent cold spot",
            Pattern::DiminishingCold => "diminishing cold spot",
            Pattern::SporadicCold => "sporadic cold spot",
            Pattern::OscillatingCold => "oscillating cold spot",
            Pattern::HistoricalCold => "historical cold spot",
            Pattern::NoPattern => "no pattern detected",
        }
    }

    /// Swedish label ("ny hotspot", …, "ny kallpunkt", …, "inget mönster").
    pub fn label_sv(self) -> &'static str {
        match self {
            Pattern::NewHot => "ny hotspot",
            Pattern::ConsecutiveHot => "sammanhängande hotspot",
            Pattern::IntensifyingHot => "intensifierande hotspot",
            Pattern::PersistentHot => "ihållande hotspot",
            Pattern::DiminishingHot => "avtagande hotspot",
            Pattern::SporadicHot => "sporadisk hotspot",
            Pattern::OscillatingHot => "oscillerande hotspot",
            Pattern::HistoricalHot => "historisk hotspot",
            Pattern::NewCold => "ny kallpunkt",
            Pattern::ConsecutiveCold => "sammanhängande kallpunkt",
            Pattern::IntensifyingCold => "intensifierande kallpunkt",
            Pattern::PersistentCold => "ihållande kallpunkt",
            Pattern::DiminishingCold => "avtagande kallpunkt",
            Pattern::SporadicCold => "sporadisk kallpunkt",
            Pattern::OscillatingCold => "oscillerande kallpunkt",
            Pattern::HistoricalCold => "historisk kallpunkt",
            Pattern::NoPattern => "inget mönster",
        }
    }

    /// New, consecutive or intensifying hot spot: the patterns that call for attention now.
    pub fn is_emerging(self) -> bool {
        matches!(
            self,
            Pattern::NewHot | Pattern::ConsecutiveHot | Pattern::IntensifyingHot
        )
    }

    /// A hot-spot pattern (code > 0).
    pub fn is_hot(self) -> bool {
        self.code() > 0
    }

    /// A cold-spot pattern (code < 0).
    pub fn is_cold(self) -> bool {
        self.code() < 0
    }
}

/// The pattern of one side (hot, with `up`/`down` meaning "towards" / "away from" that
/// side), given that the final step is significant on that side. Returns the hot-side code.
fn final_side_code(side: &[bool], other: &[bool], towards: bool, away: bool) -> i8 {
    let t = side.len();
    let count = side.iter().filter(|&&b| b).count();
    let ninety = 10 * count >= 9 * t;
    if ninety && towards {
        return 3;
    }
    if ninety && away {
        return 5;
    }
    if ninety {
        return 4;
    }
    if other.iter().any(|&b| b) {
        return 7;
    }
    if count == 1 {
        return 1;
    }
    // One run ending at the final step that holds every significant step.
    let run = side.iter().rev().take_while(|&&b| b).count();
    if run >= 2 && run == count {
        return 2;
    }
    6
}

/// The pure rule table of the [module docs](self): the pattern of one location from its
/// significant hot and cold steps and its Mann–Kendall trend in z.
///
/// # Parameters
/// * `hot`, `cold`: one flag per step (time order), never both set at a step.
/// * `trend_up`, `trend_down`: significant increasing / decreasing trend of z (not both).
///
/// # Errors
/// [`TrendError::TooShort`] for fewer than 2 steps (with one step every hot location would be
/// "≥ 90 %", so *new* could never occur), [`TrendError::LengthMismatch`] when `cold` and
/// `hot` differ in length, [`TrendError::InvalidParameter`] for a step both hot and cold or
/// a trend both up and down.
///
/// # Example
/// ```
/// use est_core::trend::emerging::{classify, Pattern};
///
/// let hot = [true; 10];
/// let cold = [false; 10];
/// assert_eq!(classify(&hot, &cold, true, false)?, Pattern::IntensifyingHot);
/// assert_eq!(classify(&hot, &cold, false, false)?, Pattern::PersistentHot);
/// // Mirror: swapping hot and cold (and up and down) negates the code.
/// assert_eq!(classify(&cold, &hot, false, true)?.code(), -3);
/// # Ok::<(), est_core::trend::TrendError>(())
/// ```
pub fn classify(
    hot: &[bool],
    cold: &[bool],
    trend_up: bool,
    trend_down: bool,
) -> Result<Pattern, TrendError> {
    let t = hot.len();
    if t < 2 {
        return Err(TrendError::TooShort {
            what: "emerging hot spot series (time steps)".into(),
            n: t,
            min: 2,
        });
    }
    if cold.len() != t {
        return Err(TrendError::LengthMismatch {
            what: "cold (one flag per step, as hot)".into(),
            expected: t,
            got: cold.len(),
        });
    }
    if let Some(step) = (0..t).find(|&s| hot[s] && cold[s]) {
        return Err(TrendError::InvalidParameter {
            name: format!("hot[{step}] and cold[{step}]"),
            value: "both true".into(),
            expected: "a step that is hot, cold or neither".into(),
        });
    }
    if trend_up && trend_down {
        return Err(TrendError::InvalidParameter {
            name: "trend_up and trend_down".into(),
            value: "both true".into(),
            expected: "at most one trend direction".into(),
        });
    }
    let last = t - 1;
    let code = if hot[last] {
        final_side_code(hot, cold, trend_up, trend_down)
    } else if cold[last] {
        -final_side_code(cold, hot, trend_down, trend_up)
    } else {
        let nh = hot.iter().filter(|&&b| b).count();
        let nc = cold.iter().filter(|&&b| b).count();
        if 10 * nh >= 9 * t {
            8
        } else if 10 * nc >= 9 * t {
            -8
        } else {
            0
        }
    };
    Ok(Pattern::from_code(code).unwrap_or(Pattern::NoPattern))
}

/// Result of [`emerging_hotspots`]. Per-bin vectors are location-major (`n × T`, bin
/// `(i, t)` at `i·T + t`); per-location vectors have `n` entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmergingHotspots {
    /// Number of locations analysed.
    pub n_locations: usize,
    /// Number of time steps `T`.
    pub n_periods: usize,
    /// Space-time Gi\* z per bin (NaN where undefined).
    pub z: Vec<f64>,
    /// Two-sided normal p per bin.
    pub p: Vec<f64>,
    /// Adjusted p per bin (adjustment over all bins with a finite p).
    pub p_adjusted: Vec<f64>,
    /// Significant hot bins (`z > 0`, adjusted p `< α_bin`).
    pub hot: Vec<bool>,
    /// Significant cold bins (`z < 0`, adjusted p `< α_bin`).
    pub cold: Vec<bool>,
    /// Mann–Kendall on each location's z series.
    pub trend: Vec<MannKendall>,
    /// The pattern of each location.
    pub patterns: Vec<Pattern>,
    /// One label per location: the cube's labels (`"cell <id>"` or the area's name) for
    /// [`emerging_hotspots_cube`], `"location <i>"` otherwise.
    pub labels: Vec<String>,
    /// Grid cell ids of the locations, when built from a grid cube.
    pub cell_ids: Option<Vec<usize>>,
    /// The rule that chose the cube's locations (`None` without a cube): every active cell,
    /// or only cells with at least one incident (Esri's rule).
    pub location_rule: Option<LocationRule>,
    /// Number of bins in the multiple-testing family (bins with a finite p).
    pub n_tested: usize,
    /// Every parameter with its provenance.
    pub params_used: Vec<ParamUsed>,
    /// Warnings (fewer than 10 steps, islands, undefined z).
    pub warnings: Vec<String>,
}

impl EmergingHotspots {
    /// The pattern codes (−8 … 8), one per location.
    pub fn codes(&self) -> Vec<i8> {
        self.patterns.iter().map(|p| p.code()).collect()
    }

    /// How many locations have each pattern, in the order of [`Pattern::ALL`].
    pub fn counts(&self) -> Vec<(Pattern, usize)> {
        Pattern::ALL
            .iter()
            .map(|&p| (p, self.patterns.iter().filter(|&&q| q == p).count()))
            .collect()
    }
}

fn check_alpha(name: &str, alpha: f64) -> Result<(), TrendError> {
    if alpha > 0.0 && alpha < 1.0 {
        Ok(())
    } else {
        Err(TrendError::InvalidParameter {
            name: name.into(),
            value: alpha.to_string(),
            expected: "a significance level strictly between 0 and 1".into(),
        })
    }
}

/// Source of a parameter: default when it equals the default value.
fn src(same: bool) -> Source {
    if same { Source::Default } else { Source::User }
}

/// A Mann–Kendall result for a z series that could not be tested (an undefined z).
fn untested(n: usize) -> MannKendall {
    MannKendall {
        trend: Trend::NoTrend,
        h: false,
        p: f64::NAN,
        z: f64::NAN,
        tau: f64::NAN,
        s: f64::NAN,
        var_s: f64::NAN,
        slope: f64::NAN,
        intercept: f64::NAN,
        n,
        no_variation: false,
    }
}

/// Emerging hot spot analysis of a space-time cube given as a flat array.
///
/// Algorithm, defaults and the rule table: see the [module docs](self).
///
/// # Parameters
/// * `values`: location-major `n × T` values (counts per bin; bin `(i, t)` at `i·T + t`),
///   finite; empty bins are 0.
/// * `n_locations`: `n`; `T = values.len() / n` must be at least 3.
/// * `weights`: spatial neighbours of the `n` locations, **binary**; the location itself is
///   always part of its neighbourhood (a self weight, if present, must be 1).
/// * `params`: [`EmergingParams`].
///
/// # Returns
/// [`EmergingHotspots`]: z, p and adjusted p per bin, hot/cold flags, the Mann–Kendall test of
/// each location's z series, the patterns, parameters used and warnings.
///
/// # Errors
/// [`TrendError::InvalidParameter`] (`n_locations = 0`, an α outside (0, 1)),
/// [`TrendError::LengthMismatch`] (values not a multiple of `n`),
/// [`TrendError::TooShort`] (`T < 3`), [`TrendError::InvalidValue`] (NaN or infinite value),
/// [`HotspotError::LengthMismatch`] (weights for another number of units),
/// [`HotspotError::InvalidWeights`] (non-binary weights), [`HotspotError::ZeroVariance`]
/// (every bin equal).
///
/// # Example
/// ```
/// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
/// use est_core::trend::emerging::{emerging_hotspots, EmergingParams, Pattern};
///
/// // 25 locations on a line (neighbours within 1), 12 steps; location 12 flares up in the
/// // last three steps.
/// let x: Vec<f64> = (0..25).map(f64::from).collect();
/// let y = vec![0.0; 25];
/// let w = SpatialWeights::distance_band(&x, &y, 1.0, &WeightsOptions::gi_star())?;
/// let t = 12;
/// let mut values = vec![1.0; 25 * t];
/// for step in 9..12 {
///     for loc in 11..=13 {
///         values[loc * t + step] = 30.0;
///     }
/// }
/// let ehsa = emerging_hotspots(&values, 25, &w, &EmergingParams::default())?;
/// assert_eq!(ehsa.patterns[12], Pattern::ConsecutiveHot);
/// assert_eq!(ehsa.patterns[0], Pattern::NoPattern);
/// # Ok::<(), est_core::Error>(())
/// ```
pub fn emerging_hotspots(
    values: &[f64],
    n_locations: usize,
    weights: &SpatialWeights,
    params: &EmergingParams,
) -> Result<EmergingHotspots, Error> {
    let labels = (0..n_locations).map(|i| format!("location {i}")).collect();
    run(values, n_locations, weights, params, labels, Vec::new())
}

/// [`emerging_hotspots`] on a [`SpaceTimeCube`]: its location-major counts, one location per
/// cube location (the cube's [`LocationRule`] decided which cells entered; it is recorded in
/// the result with the cube's labels and cell ids).
///
/// `weights` must describe the cube's locations in the cube's order: for a grid cube built
/// with [`LocationRule::AllCells`], [`SpatialWeights::grid_contiguity`] on the same grid.
///
/// # Errors
/// As [`emerging_hotspots`].
///
/// # Example
/// ```
/// use est_core::grid::{Grid, GridOptions};
/// use est_core::hotspot::counts::Selection;
/// use est_core::hotspot::weights::{Contiguity, SpatialWeights, WeightsOptions};
/// use est_core::sample::SampleTown;
/// use est_core::trend::cube::{cube_for_grid, LocationRule};
/// use est_core::trend::emerging::{emerging_hotspots_cube, EmergingParams};
/// use est_core::trend::period::Periods;
///
/// let town = SampleTown::new(2_000, 7).generate()?;
/// let grid = Grid::for_incidents(&town, &GridOptions::default().with_cell_size(500.0))?;
/// let (_, last) = town.time_range().unwrap();
/// let weeks = Periods::weeks_ending(last, 52)?;
/// let cube = cube_for_grid(&grid, &town, &Selection::default(), &weeks, LocationRule::AllCells)?;
/// let w = SpatialWeights::grid_contiguity(&grid, Contiguity::Queen, &WeightsOptions::gi_star())?;
/// let ehsa = emerging_hotspots_cube(&cube, &w, &EmergingParams::default())?;
/// assert_eq!(ehsa.patterns.len(), grid.n_cells());
/// assert_eq!(ehsa.location_rule, Some(LocationRule::AllCells));
/// # Ok::<(), est_core::Error>(())
/// ```
pub fn emerging_hotspots_cube(
    cube: &SpaceTimeCube,
    weights: &SpatialWeights,
    params: &EmergingParams,
) -> Result<EmergingHotspots, Error> {
    let params_used = vec![
        ParamUsed::new(
            "location_rule",
            serde_json::to_value(cube.rule).unwrap_or_default(),
            Source::User,
        ),
        ParamUsed::new("locations", cube.n_locations(), Source::User),
        ParamUsed::new("selection", cube.selection.clone(), Source::User),
    ];
    let mut res = run(
        &cube.counts,
        cube.n_locations(),
        weights,
        params,
        cube.labels.clone(),
        params_used,
    )?;
    res.cell_ids = cube.cell_ids.clone();
    res.location_rule = Some(cube.rule);
    Ok(res)
}

/// Validates the inputs and returns `T`.
fn check_inputs(
    values: &[f64],
    n_locations: usize,
    weights: &SpatialWeights,
    params: &EmergingParams,
) -> Result<usize, Error> {
    if n_locations == 0 {
        return Err(TrendError::InvalidParameter {
            name: "n_locations".into(),
            value: "0".into(),
            expected: "at least one location".into(),
        }
        .into());
    }
    if !values.len().is_multiple_of(n_locations) {
        return Err(TrendError::LengthMismatch {
            what: "values (n_locations × periods, location-major)".into(),
            expected: (values.len() / n_locations + 1) * n_locations,
            got: values.len(),
        }
        .into());
    }
    let t = values.len() / n_locations;
    if t < 3 {
        return Err(TrendError::TooShort {
            what: "emerging hot spot cube (time steps; Mann-Kendall needs 3)".into(),
            n: t,
            min: 3,
        }
        .into());
    }
    check_alpha("alpha_bin", params.alpha_bin)?;
    check_alpha("alpha_trend", params.alpha_trend)?;
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(TrendError::InvalidValue {
            what: "cube value".into(),
            index,
            value,
            expected: "a finite number (empty bins are 0)".into(),
        }
        .into());
    }
    if weights.n() != n_locations {
        return Err(HotspotError::LengthMismatch {
            what: "weights".into(),
            expected: n_locations,
            found: weights.n(),
        }
        .into());
    }
    let binary = weights.weight_values().iter().all(|&w| w == 1.0)
        && weights
            .self_weights()
            .is_none_or(|s| s.iter().all(|&w| w == 1.0));
    if !binary {
        return Err(HotspotError::InvalidWeights {
            reason: "emerging hot spot analysis needs binary weights (every neighbour and \
                     self weight 1): build them with WeightStyle::Binary or call binarised()"
                .into(),
        }
        .into());
    }
    Ok(t)
}

fn run(
    values: &[f64],
    n_locations: usize,
    weights: &SpatialWeights,
    params: &EmergingParams,
    labels: Vec<String>,
    mut params_used: Vec<ParamUsed>,
) -> Result<EmergingHotspots, Error> {
    let t_len = check_inputs(values, n_locations, weights, params)?;
    let n = n_locations;
    let big_n = values.len();
    let nf = big_n as f64;
    let d = EmergingParams::default();
    params_used.extend(weights.params_used().iter().cloned());
    params_used.push(ParamUsed::new(
        "time_steps",
        params.time_steps,
        src(params.time_steps == d.time_steps),
    ));
    params_used.push(ParamUsed::new(
        "alpha_bin",
        params.alpha_bin,
        src(params.alpha_bin == d.alpha_bin),
    ));
    params_used.push(ParamUsed::new(
        "alpha_trend",
        params.alpha_trend,
        src(params.alpha_trend == d.alpha_trend),
    ));
    params_used.push(ParamUsed::new(
        "adjustment",
        params.adjustment.name(),
        src(params.adjustment == d.adjustment),
    ));
    params_used.push(ParamUsed::new(
        "global_window",
        "entire cube",
        Source::Default,
    ));
    params_used.push(ParamUsed::new(
        "bin_test",
        "two-sided normal p of the space-time Gi* z",
        Source::Default,
    ));
    if !weights.has_self_weights() {
        params_used.push(ParamUsed::new(
            "self_weight",
            1.0,
            Source::Auto {
                rule: "a location is always part of its own space-time neighbourhood".into(),
            },
        ));
    }

    // Mean and population s.d. over the whole cube (two-pass).
    let mean = values.iter().sum::<f64>() / nf;
    let sd = (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / nf)
        .max(0.0)
        .sqrt();
    if sd == 0.0 {
        return Err(HotspotError::ZeroVariance {
            n: big_n,
            value: values[0],
        }
        .into());
    }

    // Spatial sums per bin: x_(i,t) + Σ_{j ∈ N(i)} x_(j,t).
    let mut spatial = vec![0.0; big_n];
    for i in 0..n {
        let row = &mut spatial[i * t_len..(i + 1) * t_len];
        row.copy_from_slice(&values[i * t_len..(i + 1) * t_len]);
        for &j in weights.neighbours(i).0 {
            let j = j as usize;
            for (acc, &v) in row.iter_mut().zip(&values[j * t_len..(j + 1) * t_len]) {
                *acc += v;
            }
        }
    }
    let k = params.time_steps;
    let mut z = vec![f64::NAN; big_n];
    for i in 0..n {
        let m = (1 + weights.k(i)) as f64;
        let row = &spatial[i * t_len..(i + 1) * t_len];
        for t in 0..t_len {
            let first = t.saturating_sub(k);
            let steps = (t - first + 1) as f64;
            let sum: f64 = row[first..=t].iter().sum();
            let w = m * steps;
            let q = nf * w - w * w;
            if q > 1e-12 * nf * w {
                z[i * t_len + t] = (sum - mean * w) / (sd * (q / (nf - 1.0)).sqrt());
            }
        }
    }
    let p: Vec<f64> = z.iter().map(|&v| two_sided_p(v)).collect();
    let p_adjusted = adjust(&p, params.adjustment)?;
    let n_tested = p.iter().filter(|v| !v.is_nan()).count();
    let hot: Vec<bool> = z
        .iter()
        .zip(&p_adjusted)
        .map(|(&zi, &pa)| zi > 0.0 && pa < params.alpha_bin)
        .collect();
    let cold: Vec<bool> = z
        .iter()
        .zip(&p_adjusted)
        .map(|(&zi, &pa)| zi < 0.0 && pa < params.alpha_bin)
        .collect();

    let undefined = big_n - n_tested;
    let trend = if undefined == 0 {
        mann_kendall_many(&z, t_len, params.alpha_trend)?
    } else {
        let mut out = Vec::with_capacity(n);
        for row in z.chunks(t_len) {
            out.push(if row.iter().all(|v| v.is_finite()) {
                mann_kendall(row, params.alpha_trend)?
            } else {
                untested(t_len)
            });
        }
        out
    };
    let mut patterns = Vec::with_capacity(n);
    for (i, mk) in trend.iter().enumerate() {
        let span = i * t_len..(i + 1) * t_len;
        patterns.push(classify(
            &hot[span.clone()],
            &cold[span],
            mk.trend == Trend::Increasing,
            mk.trend == Trend::Decreasing,
        )?);
    }

    let mut warnings = Vec::new();
    if t_len < 10 {
        warnings.push(format!(
            "only {t_len} time steps: Esri recommends at least 10, the Mann-Kendall normal \
             approximation is rough below 10, and historical patterns need 10"
        ));
    }
    let islands = weights.n_islands();
    if islands > 0 {
        warnings.push(format!(
            "{islands} location(s) without spatial neighbours (islands): their neighbourhood \
             is their own series"
        ));
    }
    if undefined > 0 {
        warnings.push(format!(
            "z is undefined for {undefined} bin(s) (the neighbourhood covers the whole cube); \
             they are left out of the adjustment and their locations get no trend"
        ));
    }
    params_used.push(ParamUsed::new(
        "n_tested",
        n_tested,
        Source::Auto {
            rule: "bins with a defined z form the multiple-testing family".into(),
        },
    ));
    Ok(EmergingHotspots {
        n_locations: n,
        n_periods: t_len,
        z,
        p,
        p_adjusted,
        hot,
        cold,
        trend,
        patterns,
        labels,
        cell_ids: None,
        location_rule: None,
        n_tested,
        params_used,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotspot::weights::WeightsOptions;

    /// All sequences in {none, hot, cold}^t as (hot, cold) flag vectors.
    fn sequences(t: usize) -> Vec<(Vec<bool>, Vec<bool>)> {
        let total = 3usize.pow(t as u32);
        (0..total)
            .map(|mut code| {
                let mut hot = vec![false; t];
                let mut cold = vec![false; t];
                for s in 0..t {
                    match code % 3 {
                        1 => hot[s] = true,
                        2 => cold[s] = true,
                        _ => {}
                    }
                    code /= 3;
                }
                (hot, cold)
            })
            .collect()
    }

    #[test]
    fn exhaustive_total_and_mirror_symmetric_up_to_six_steps() {
        let trends = [(false, false), (true, false), (false, true)];
        for t in 2..=6 {
            for (hot, cold) in sequences(t) {
                for &(up, down) in &trends {
                    let p = classify(&hot, &cold, up, down).unwrap();
                    let m = classify(&cold, &hot, down, up).unwrap();
                    assert_eq!(m.code(), -p.code(), "{hot:?} {cold:?} {up} {down}");
                    assert_eq!(p.mirror(), m);
                    // The final step decides the side.
                    assert_eq!(p.is_hot(), hot[t - 1]);
                    assert_eq!(p.is_cold(), cold[t - 1]);
                }
            }
        }
    }

    #[test]
    fn codes_labels_round_trip() {
        let mut codes: Vec<i8> = Pattern::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        assert_eq!(codes, (-8..=8).collect::<Vec<i8>>());
        for p in Pattern::ALL {
            assert_eq!(Pattern::from_code(p.code()), Some(p));
            assert!(!p.label_en().is_empty() && !p.label_sv().is_empty());
        }
        assert_eq!(Pattern::from_code(9), None);
        assert_eq!(
            serde_json::to_value(Pattern::NewHot).unwrap(),
            serde_json::json!("new_hot")
        );
    }

    #[test]
    fn classify_rejects_bad_input() {
        assert!(matches!(
            classify(&[true], &[false], false, false),
            Err(TrendError::TooShort { n: 1, .. })
        ));
        assert!(matches!(
            classify(&[true, true], &[false], false, false),
            Err(TrendError::LengthMismatch { got: 1, .. })
        ));
        assert!(classify(&[true, true], &[true, false], false, false).is_err());
        assert!(classify(&[true, true], &[false, false], true, true).is_err());
    }

    #[test]
    fn space_time_gistar_matches_a_brute_force_loop() {
        // 6 locations on a line, 5 steps, k = 2: compare with a direct sum over the
        // neighbourhood set.
        let x: Vec<f64> = (0..6).map(f64::from).collect();
        let w =
            SpatialWeights::distance_band(&x, &[0.0; 6], 1.0, &WeightsOptions::default()).unwrap();
        let t = 5;
        let values: Vec<f64> = (0..30).map(|v| ((v * 7) % 11) as f64).collect();
        let params = EmergingParams::default().with_time_steps(2);
        let r = emerging_hotspots(&values, 6, &w, &params).unwrap();
        let nf = 30.0;
        let mean = values.iter().sum::<f64>() / nf;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / nf).sqrt();
        for i in 0..6usize {
            for s in 0..t {
                let mut sum = 0.0;
                let mut wsum = 0.0;
                for j in 0..6usize {
                    if j.abs_diff(i) > 1 {
                        continue;
                    }
                    for u in 0..t {
                        if u <= s && s - u <= 2 {
                            sum += values[j * t + u];
                            wsum += 1.0;
                        }
                    }
                }
                let want =
                    (sum - mean * wsum) / (sd * ((nf * wsum - wsum * wsum) / (nf - 1.0)).sqrt());
                assert!((r.z[i * t + s] - want).abs() < 1e-12, "bin ({i}, {s})");
            }
        }
        assert_eq!(r.n_tested, 30);
        assert!(r.warnings.iter().any(|w| w.contains("time steps")));
    }

    #[test]
    fn pipeline_errors() {
        let x: Vec<f64> = (0..4).map(f64::from).collect();
        let w =
            SpatialWeights::distance_band(&x, &[0.0; 4], 1.0, &WeightsOptions::default()).unwrap();
        let p = EmergingParams::default();
        assert!(matches!(
            emerging_hotspots(&[1.0; 8], 4, &w, &p),
            Err(Error::Trend(TrendError::TooShort { n: 2, .. }))
        ));
        assert!(matches!(
            emerging_hotspots(&[1.0; 12], 4, &w, &p),
            Err(Error::Hotspot(HotspotError::ZeroVariance { .. }))
        ));
        assert!(matches!(
            emerging_hotspots(&[1.0; 13], 4, &w, &p),
            Err(Error::Trend(TrendError::LengthMismatch { got: 13, .. }))
        ));
        let rs = w.row_standardised();
        let v: Vec<f64> = (0..12).map(f64::from).collect();
        assert!(matches!(
            emerging_hotspots(&v, 4, &rs, &p),
            Err(Error::Hotspot(HotspotError::InvalidWeights { .. }))
        ));
        assert!(emerging_hotspots(&v, 4, &w, &p.with_alpha_bin(0.0)).is_err());
    }
}
