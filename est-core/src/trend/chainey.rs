//! Chainey-style hot-spot classes: persistent, emerging, former and intermittent hot and
//! cold spots (method reference §5.4; after Chainey 2020 and sfhotspot 1.0.0
//! `hotspot_classify`, with its two bugs fixed).
//!
//! A simpler, explainable companion to [`super::emerging`] for the tertial and yearly
//! lägesbild.
//!
//! # Definition
//! 1. Per period `t = 1 … T`: Gi\* (§4.2, analytic two-sided p) on the cells' counts,
//!    adjusted over the cells of that period ([`ChaineyParams::adjustment`], default
//!    Benjamini–Hochberg), then optionally per cell over its `T` periods
//!    ([`ChaineyParams::across_periods`], default none; sfhotspot uses Holm).
//! 2. `sig_hot(t) = p̃ < critical_p ∧ z > 0`, `sig_cold(t) = p̃ < critical_p ∧ z < 0`.
//! 3. `r = max(1, floor(recent_prop·T))` recent periods = **the last `r`**; older = the
//!    first `T − r` (at least one, else [`TrendError::NoOlderPeriods`]).
//! 4. Shares of significant periods: `overall = #sig/T`, `recent = #sig in the last r / r`,
//!    `older = #sig in the first T − r / (T − r)`.
//! 5. First match, for hot and for cold: **persistent** `overall ≥ persistent_prop`;
//!    **emerging** `older < hotspot_prop ∧ recent ≥ hotspot_prop`; **former**
//!    `older ≥ hotspot_prop ∧ recent < hotspot_prop`; **intermittent**
//!    `overall ≥ hotspot_prop`; else none. A cell with both a hot and a cold class is
//!    "mixed hot/coldspot".
//!
//! # Defaults
//! sfhotspot's `hotspot_classify_params()`: `hotspot_prop = 0.1`, `persistent_prop = 0.8`,
//! `recent_prop = 0.2`, `critical_p = 0.05`. est adds BH per period (sfhotspot passes no
//! adjustment, issue #94) and no adjustment across periods (sfhotspot: Holm).
//!
//! # Deviations from sfhotspot 1.0.0 (bugs not copied)
//! * sfhotspot's recent share sums the columns `T − r … T` — `r + 1` periods — and divides by
//!   `r`, and its older block overlaps the recent one by a period. est's recent block is
//!   exactly the last `r` periods.
//! * sfhotspot's *emerging* tests `recent ≥ recent_prop`; its documentation (and est) uses
//!   `hotspot_prop`.
//! * sfhotspot drops periods without events; est keeps them (every cell "not significant" in
//!   that period, reported in [`ChaineyResult::constant_periods`]) so that `T` counts
//!   calendar periods.
//!
//! `tests/tests/emerging.rs` replays sfhotspot's rule and shows cells where the two differ.
//!
//! # Citations
//! Chainey, S. (2020) *Understanding Crime: Analyzing the Geography of Crime*. Esri Press.
//! Ashby, M. sfhotspot 1.0.0 (R package), `hotspot_classify`.
//!
//! # Example
//! ```
//! use est_core::trend::chainey::{classify_chainey, ChaineyClass, ChaineyParams};
//!
//! // Two cells, ten periods (r = 2 recent). Cell 0 is hot in the last two periods only,
//! // cell 1 in periods 1–3 only.
//! let mut hot = vec![false; 20];
//! hot[8] = true;
//! hot[9] = true;
//! for t in 0..3 {
//!     hot[10 + t] = true;
//! }
//! let cold = vec![false; 20];
//! let classes = classify_chainey(&hot, &cold, 2, 10, &ChaineyParams::default())?;
//! assert_eq!(classes, [ChaineyClass::EmergingHot, ChaineyClass::FormerHot]);
//! assert_eq!(classes[0].label_en(), "emerging hotspot");
//! # Ok::<(), est_core::trend::TrendError>(())
//! ```

use serde::{Deserialize, Serialize};

use super::TrendError;
use crate::Error;
use crate::hotspot::HotspotError;
use crate::hotspot::gistar::{LocalGParams, local_g};
use crate::hotspot::weights::SpatialWeights;
use crate::params::{ParamUsed, Source};
use crate::stats::multitest::{Adjustment, adjust};
use crate::stats::permutation::PermutationParams;

/// Parameters of [`classify_chainey`] and [`chainey_from_values`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChaineyParams {
    /// Minimum share of significant periods for a hot/cold spot. Default 0.1 (sfhotspot).
    pub hotspot_prop: f64,
    /// Share of significant periods for a persistent spot. Default 0.8 (sfhotspot).
    pub persistent_prop: f64,
    /// Share of the periods that are "recent": `r = max(1, floor(recent_prop·T))`.
    /// Default 0.2 (sfhotspot).
    pub recent_prop: f64,
    /// Significance level of a cell in a period (adjusted p). Default 0.05 (sfhotspot).
    pub critical_p: f64,
    /// Adjustment over the cells of each period. Default Benjamini–Hochberg (est, §4.4;
    /// sfhotspot passes none).
    pub adjustment: Adjustment,
    /// Adjustment of each cell's `T` p-values across periods. Default none (est); sfhotspot
    /// uses Holm.
    pub across_periods: Adjustment,
}

impl Default for ChaineyParams {
    fn default() -> Self {
        ChaineyParams {
            hotspot_prop: 0.1,                         // sfhotspot hotspot_classify_params()
            persistent_prop: 0.8,                      // sfhotspot
            recent_prop: 0.2,                          // sfhotspot
            critical_p: 0.05,                          // sfhotspot
            adjustment: Adjustment::BenjaminiHochberg, // est (§4.4)
            across_periods: Adjustment::None,          // est; sfhotspot: Holm
        }
    }
}

impl ChaineyParams {
    /// Sets `hotspot_prop`.
    pub fn with_hotspot_prop(mut self, v: f64) -> Self {
        self.hotspot_prop = v;
        self
    }
    /// Sets `persistent_prop`.
    pub fn with_persistent_prop(mut self, v: f64) -> Self {
        self.persistent_prop = v;
        self
    }
    /// Sets `recent_prop`.
    pub fn with_recent_prop(mut self, v: f64) -> Self {
        self.recent_prop = v;
        self
    }
    /// Sets `critical_p`.
    pub fn with_critical_p(mut self, v: f64) -> Self {
        self.critical_p = v;
        self
    }
    /// Sets the per-period adjustment.
    pub fn with_adjustment(mut self, a: Adjustment) -> Self {
        self.adjustment = a;
        self
    }
    /// Sets the adjustment across periods.
    pub fn with_across_periods(mut self, a: Adjustment) -> Self {
        self.across_periods = a;
        self
    }
}

/// A Chainey-style class (serialised in snake case, e.g. `"emerging_hot"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChaineyClass {
    /// Significant hot in at least `persistent_prop` of the periods.
    PersistentHot,
    /// Rarely hot before, hot in the recent periods.
    EmergingHot,
    /// Hot before, not in the recent periods.
    FormerHot,
    /// Hot in at least `hotspot_prop` of the periods, no clearer pattern.
    IntermittentHot,
    /// Significant cold in at least `persistent_prop` of the periods.
    PersistentCold,
    /// Rarely cold before, cold in the recent periods.
    EmergingCold,
    /// Cold before, not in the recent periods.
    FormerCold,
    /// Cold in at least `hotspot_prop` of the periods, no clearer pattern.
    IntermittentCold,
    /// Both a hot and a cold class.
    Mixed,
    /// Neither.
    NoPattern,
}

impl ChaineyClass {
    /// All classes.
    pub const ALL: [ChaineyClass; 10] = [
        ChaineyClass::PersistentHot,
        ChaineyClass::EmergingHot,
        ChaineyClass::FormerHot,
        ChaineyClass::IntermittentHot,
        ChaineyClass::PersistentCold,
        ChaineyClass::EmergingCold,
        ChaineyClass::FormerCold,
        ChaineyClass::IntermittentCold,
        ChaineyClass::Mixed,
        ChaineyClass::NoPattern,
    ];

    /// sfhotspot's label ("persistent hotspot", …, "mixed hot/coldspot", "no pattern").
    pub fn label_en(self) -> &'static str {
        match self {
            ChaineyClass::PersistentHot => "persistent hotspot",
            ChaineyClass::EmergingHot => "emerging hotspot",
            ChaineyClass::FormerHot => "former hotspot",
            ChaineyClass::IntermittentHot => "intermittent hotspot",
            ChaineyClass::PersistentCold => "persistent coldspot",
            ChaineyClass::EmergingCold => "emerging coldspot",
            ChaineyClass::FormerCold => "former coldspot",
            ChaineyClass::IntermittentCold => "intermittent coldspot",
            ChaineyClass::Mixed => "mixed hot/coldspot",
            ChaineyClass::NoPattern => "no pattern",
        }
    }

    /// Swedish label ("ihållande hotspot", …, "blandad hotspot/kallpunkt", "inget mönster").
    pub fn label_sv(self) -> &'static str {
        match self {
            ChaineyClass::PersistentHot => "ihållande hotspot",
            ChaineyClass::EmergingHot => "framväxande hotspot",
            ChaineyClass::FormerHot => "tidigare hotspot",
            ChaineyClass::IntermittentHot => "återkommande hotspot",
            ChaineyClass::PersistentCold => "ihållande kallpunkt",
            ChaineyClass::EmergingCold => "framväxande kallpunkt",
            ChaineyClass::FormerCold => "tidigare kallpunkt",
            ChaineyClass::IntermittentCold => "återkommande kallpunkt",
            ChaineyClass::Mixed => "blandad hotspot/kallpunkt",
            ChaineyClass::NoPattern => "inget mönster",
        }
    }
}

/// Shares of significant periods of one cell on one side (hot or cold).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shares {
    /// `#sig / T`.
    pub overall: f64,
    /// `#sig in the last r periods / r`.
    pub recent: f64,
    /// `#sig in the first T − r periods / (T − r)`.
    pub older: f64,
}

/// The number of recent periods, `r = max(1, floor(recent_prop·T))`.
///
/// # Errors
/// [`TrendError::InvalidParameter`] for `recent_prop` outside (0, 1),
/// [`TrendError::NoOlderPeriods`] when `T − r < 1`.
pub fn recent_periods(periods: usize, recent_prop: f64) -> Result<usize, TrendError> {
    if !(recent_prop > 0.0 && recent_prop < 1.0) {
        return Err(TrendError::InvalidParameter {
            name: "recent_prop".into(),
            value: recent_prop.to_string(),
            expected: "a share strictly between 0 and 1".into(),
        });
    }
    let r = ((recent_prop * periods as f64).floor() as usize).max(1);
    if periods < r + 1 {
        return Err(TrendError::NoOlderPeriods { periods, recent: r });
    }
    Ok(r)
}

fn check_prop(name: &str, v: f64) -> Result<(), TrendError> {
    if v > 0.0 && v <= 1.0 {
        Ok(())
    } else {
        Err(TrendError::InvalidParameter {
            name: name.into(),
            value: v.to_string(),
            expected: "a share in (0, 1]".into(),
        })
    }
}

fn check_params(params: &ChaineyParams) -> Result<(), TrendError> {
    check_prop("hotspot_prop", params.hotspot_prop)?;
    check_prop("persistent_prop", params.persistent_prop)?;
    if !(params.critical_p > 0.0 && params.critical_p < 1.0) {
        return Err(TrendError::InvalidParameter {
            name: "critical_p".into(),
            value: params.critical_p.to_string(),
            expected: "a significance level strictly between 0 and 1".into(),
        });
    }
    Ok(())
}

fn shares(sig: &[bool], r: usize) -> Shares {
    let t = sig.len();
    let count = |s: &[bool]| s.iter().filter(|&&b| b).count() as f64;
    let (older, recent) = sig.split_at(t - r);
    Shares {
        overall: count(sig) / t as f64,
        recent: count(recent) / r as f64,
        older: count(older) / (t - r) as f64,
    }
}

/// 0 none, 1 persistent, 2 emerging, 3 former, 4 intermittent.
fn side_class(s: &Shares, params: &ChaineyParams) -> u8 {
    if s.overall >= params.persistent_prop {
        1
    } else if s.older < params.hotspot_prop && s.recent >= params.hotspot_prop {
        2
    } else if s.older >= params.hotspot_prop && s.recent < params.hotspot_prop {
        3
    } else if s.overall >= params.hotspot_prop {
        4
    } else {
        0
    }
}

fn combine(hot: u8, cold: u8) -> ChaineyClass {
    match (hot, cold) {
        (0, 0) => ChaineyClass::NoPattern,
        (1, 0) => ChaineyClass::PersistentHot,
        (2, 0) => ChaineyClass::EmergingHot,
        (3, 0) => ChaineyClass::FormerHot,
        (_, 0) => ChaineyClass::IntermittentHot,
        (0, 1) => ChaineyClass::PersistentCold,
        (0, 2) => ChaineyClass::EmergingCold,
        (0, 3) => ChaineyClass::FormerCold,
        (0, _) => ChaineyClass::IntermittentCold,
        _ => ChaineyClass::Mixed,
    }
}

/// Classes and shares; inputs already checked except the flags.
type Classified = (Vec<ChaineyClass>, Vec<Shares>, Vec<Shares>, usize);

fn classify_inner(
    sig_hot: &[bool],
    sig_cold: &[bool],
    n_locations: usize,
    periods: usize,
    params: &ChaineyParams,
) -> Result<Classified, TrendError> {
    check_params(params)?;
    let r = recent_periods(periods, params.recent_prop)?;
    let len = n_locations.saturating_mul(periods);
    for (what, v) in [("sig_hot", sig_hot), ("sig_cold", sig_cold)] {
        if v.len() != len {
            return Err(TrendError::LengthMismatch {
                what: format!("{what} (n_locations × periods, location-major)"),
                expected: len,
                got: v.len(),
            });
        }
    }
    if let Some(b) = (0..len).find(|&b| sig_hot[b] && sig_cold[b]) {
        return Err(TrendError::InvalidParameter {
            name: format!("sig_hot[{b}] and sig_cold[{b}]"),
            value: "both true".into(),
            expected: "a cell-period that is hot, cold or neither".into(),
        });
    }
    let mut classes = Vec::with_capacity(n_locations);
    let mut hot_shares = Vec::with_capacity(n_locations);
    let mut cold_shares = Vec::with_capacity(n_locations);
    for i in 0..n_locations {
        let span = i * periods..(i + 1) * periods;
        let h = shares(&sig_hot[span.clone()], r);
        let c = shares(&sig_cold[span], r);
        classes.push(combine(side_class(&h, params), side_class(&c, params)));
        hot_shares.push(h);
        cold_shares.push(c);
    }
    Ok((classes, hot_shares, cold_shares, r))
}

/// Classifies cells from their significant hot and cold periods (the rule of the
/// [module docs](self)).
///
/// # Parameters
/// * `sig_hot`, `sig_cold`: location-major `n × T` flags (cell `i`, period `t` at `i·T + t`),
///   never both set for one cell-period.
/// * `n_locations`, `periods`: `n` and `T`.
/// * `params`: the shares (`critical_p` and the adjustments are not used here).
///
/// # Errors
/// [`TrendError::LengthMismatch`], [`TrendError::NoOlderPeriods`] (`T − r < 1`, e.g. a single
/// period), [`TrendError::InvalidParameter`] (a share outside its range, a cell-period both
/// hot and cold).
pub fn classify_chainey(
    sig_hot: &[bool],
    sig_cold: &[bool],
    n_locations: usize,
    periods: usize,
    params: &ChaineyParams,
) -> Result<Vec<ChaineyClass>, TrendError> {
    Ok(classify_inner(sig_hot, sig_cold, n_locations, periods, params)?.0)
}

/// Result of [`chainey_from_values`]. Per cell-period vectors are location-major (`n × T`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChaineyResult {
    /// Number of cells.
    pub n_locations: usize,
    /// Number of periods `T`.
    pub n_periods: usize,
    /// Number of recent periods `r`.
    pub recent_periods: usize,
    /// Gi\* z per cell-period (NaN in constant periods and where undefined).
    pub z: Vec<f64>,
    /// Two-sided normal p per cell-period.
    pub p: Vec<f64>,
    /// p after the per-period and the across-period adjustments.
    pub p_adjusted: Vec<f64>,
    /// Significant hot cell-periods.
    pub sig_hot: Vec<bool>,
    /// Significant cold cell-periods.
    pub sig_cold: Vec<bool>,
    /// Shares of significant hot periods per cell.
    pub hot_shares: Vec<Shares>,
    /// Shares of significant cold periods per cell.
    pub cold_shares: Vec<Shares>,
    /// The class of each cell.
    pub classes: Vec<ChaineyClass>,
    /// Periods in which every cell has the same count (e.g. no events): Gi\* is undefined,
    /// every cell counts as "not significant", and the period stays in `T`.
    pub constant_periods: Vec<usize>,
    /// Every parameter with its provenance.
    pub params_used: Vec<ParamUsed>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Per-period Gi\* on a location-major `n × T` array of counts, then
/// [`classify_chainey`].
///
/// # Parameters
/// * `values`: counts per cell and period, location-major (`i·T + t`), finite.
/// * `n_locations`: `n`, at least 3 (Gi\*).
/// * `weights`: neighbours of the `n` cells; binary weights without a diagonal get
///   `w_ii = 1` (Gi\*), other weights need self weights (see
///   [`local_g`]).
/// * `params`: [`ChaineyParams`].
///
/// # Errors
/// [`TrendError::InvalidParameter`], [`TrendError::LengthMismatch`],
/// [`TrendError::NoOlderPeriods`], [`TrendError::InvalidValue`] (NaN or infinite count),
/// [`HotspotError`] from Gi\* (too few cells, weights that do not fit), and
/// [`crate::stats::StatsError`] from the adjustment.
///
/// # Example
/// ```
/// use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
/// use est_core::trend::chainey::{chainey_from_values, ChaineyClass, ChaineyParams};
///
/// // 30 cells on a line, 10 periods; cells 14–16 are busy in the last two periods only.
/// let x: Vec<f64> = (0..30).map(f64::from).collect();
/// let w = SpatialWeights::distance_band(&x, &vec![0.0; 30], 1.0, &WeightsOptions::gi_star())?;
/// let t = 10;
/// let mut counts = vec![1.0; 30 * t];
/// for cell in 14..=16 {
///     counts[cell * t + 8] = 20.0;
///     counts[cell * t + 9] = 20.0;
/// }
/// let res = chainey_from_values(&counts, 30, &w, &ChaineyParams::default())?;
/// assert_eq!(res.recent_periods, 2);
/// assert_eq!(res.classes[15], ChaineyClass::EmergingHot);
/// assert_eq!(res.classes[0], ChaineyClass::NoPattern);
/// # Ok::<(), est_core::Error>(())
/// ```
pub fn chainey_from_values(
    values: &[f64],
    n_locations: usize,
    weights: &SpatialWeights,
    params: &ChaineyParams,
) -> Result<ChaineyResult, Error> {
    check_params(params)?;
    if n_locations == 0 || !values.len().is_multiple_of(n_locations) {
        return Err(TrendError::LengthMismatch {
            what: "values (n_locations × periods, location-major)".into(),
            expected: (values.len() / n_locations.max(1) + 1) * n_locations.max(1),
            got: values.len(),
        }
        .into());
    }
    let t_len = values.len() / n_locations;
    let r = recent_periods(t_len, params.recent_prop)?;
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(TrendError::InvalidValue {
            what: "count".into(),
            index,
            value,
            expected: "a finite number".into(),
        }
        .into());
    }
    let n = n_locations;
    // Add the Gi* self weight once (not once per period).
    let with_self;
    let w = if !weights.has_self_weights() && weights.weight_values().iter().all(|&v| v == 1.0) {
        with_self = weights.with_self_weights(1.0);
        &with_self
    } else {
        weights
    };
    let gi_params = LocalGParams::default().with_permutation(PermutationParams {
        permutations: 0,
        ..PermutationParams::default()
    });
    let mut z = vec![f64::NAN; n * t_len];
    let mut p = vec![f64::NAN; n * t_len];
    let mut p_adjusted = vec![f64::NAN; n * t_len];
    let mut constant_periods = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut params_used: Vec<ParamUsed> = Vec::new();
    let mut column = vec![0.0; n];
    for t in 0..t_len {
        for (i, c) in column.iter_mut().enumerate() {
            *c = values[i * t_len + t];
        }
        let g = match local_g(&column, w, &gi_params) {
            Ok(g) => g,
            Err(HotspotError::ZeroVariance { .. }) => {
                constant_periods.push(t);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if params_used.is_empty() {
            params_used = g
                .params_used
                .iter()
                .filter(|p| p.name != "permutations")
                .cloned()
                .collect();
        }
        for msg in g.warnings {
            if !warnings.contains(&msg) {
                warnings.push(msg);
            }
        }
        let adj = adjust(&g.p_norm, params.adjustment)?;
        for i in 0..n {
            z[i * t_len + t] = g.z[i];
            p[i * t_len + t] = g.p_norm[i];
            p_adjusted[i * t_len + t] = adj[i];
        }
    }
    if params.across_periods != Adjustment::None {
        for row in p_adjusted.chunks_mut(t_len) {
            let a = adjust(row, params.across_periods)?;
            row.copy_from_slice(&a);
        }
    }
    let sig_hot: Vec<bool> = z
        .iter()
        .zip(&p_adjusted)
        .map(|(&zi, &pa)| zi > 0.0 && pa < params.critical_p)
        .collect();
    let sig_cold: Vec<bool> = z
        .iter()
        .zip(&p_adjusted)
        .map(|(&zi, &pa)| zi < 0.0 && pa < params.critical_p)
        .collect();
    let (classes, hot_shares, cold_shares, _) =
        classify_inner(&sig_hot, &sig_cold, n, t_len, params)?;

    if !constant_periods.is_empty() {
        warnings.push(format!(
            "{} period(s) with the same count in every cell (e.g. no events): Gi* is \
             undefined there, every cell counts as not significant, and the period stays in \
             T = {t_len}",
            constant_periods.len()
        ));
    }
    let d = ChaineyParams::default();
    let src = |same: bool| if same { Source::Default } else { Source::User };
    params_used.push(ParamUsed::new(
        "hotspot_prop",
        params.hotspot_prop,
        src(params.hotspot_prop == d.hotspot_prop),
    ));
    params_used.push(ParamUsed::new(
        "persistent_prop",
        params.persistent_prop,
        src(params.persistent_prop == d.persistent_prop),
    ));
    params_used.push(ParamUsed::new(
        "recent_prop",
        params.recent_prop,
        src(params.recent_prop == d.recent_prop),
    ));
    params_used.push(ParamUsed::new(
        "recent_periods",
        r,
        Source::Auto {
            rule: "max(1, floor(recent_prop·T)), the last r periods".into(),
        },
    ));
    params_used.push(ParamUsed::new(
        "critical_p",
        params.critical_p,
        src(params.critical_p == d.critical_p),
    ));
    params_used.push(ParamUsed::new(
        "adjustment",
        params.adjustment.name(),
        src(params.adjustment == d.adjustment),
    ));
    params_used.push(ParamUsed::new(
        "across_periods",
        params.across_periods.name(),
        src(params.across_periods == d.across_periods),
    ));
    Ok(ChaineyResult {
        n_locations: n,
        n_periods: t_len,
        recent_periods: r,
        z,
        p,
        p_adjusted,
        sig_hot,
        sig_cold,
        hot_shares,
        cold_shares,
        classes,
        constant_periods,
        params_used,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hotspot::weights::WeightsOptions;

    fn one(hot: &[usize], cold: &[usize], t: usize) -> ChaineyClass {
        let mut h = vec![false; t];
        let mut c = vec![false; t];
        hot.iter().for_each(|&s| h[s] = true);
        cold.iter().for_each(|&s| c[s] = true);
        classify_chainey(&h, &c, 1, t, &ChaineyParams::default()).unwrap()[0]
    }

    #[test]
    fn every_class_by_hand() {
        let t = 10; // r = 2: periods 8, 9 are recent
        assert_eq!(
            one(&[0, 1, 2, 3, 4, 5, 6, 7], &[], t),
            ChaineyClass::PersistentHot
        );
        assert_eq!(one(&[9], &[], t), ChaineyClass::EmergingHot);
        assert_eq!(one(&[0, 3], &[], t), ChaineyClass::FormerHot);
        assert_eq!(one(&[0, 9], &[], t), ChaineyClass::IntermittentHot);
        assert_eq!(
            one(&[], &(0..9).collect::<Vec<_>>(), t),
            ChaineyClass::PersistentCold
        );
        assert_eq!(one(&[], &[8], t), ChaineyClass::EmergingCold);
        assert_eq!(one(&[], &[7], t), ChaineyClass::FormerCold);
        assert_eq!(one(&[], &[2, 8], t), ChaineyClass::IntermittentCold);
        assert_eq!(one(&[9], &[0], t), ChaineyClass::Mixed);
        assert_eq!(one(&[], &[], t), ChaineyClass::NoPattern);
    }

    #[test]
    fn recent_block_boundaries() {
        assert_eq!(recent_periods(5, 0.2), Ok(1));
        assert_eq!(recent_periods(10, 0.2), Ok(2));
        assert_eq!(recent_periods(11, 0.2), Ok(2));
        // floor(0.2·4) = 0 is promoted to 1.
        assert_eq!(recent_periods(4, 0.2), Ok(1));
        assert_eq!(
            recent_periods(1, 0.2),
            Err(TrendError::NoOlderPeriods {
                periods: 1,
                recent: 1
            })
        );
        assert!(recent_periods(10, 1.0).is_err());
        // T = 5, r = 1: hot only in the last period is emerging; only in period 3 former.
        assert_eq!(one(&[4], &[], 5), ChaineyClass::EmergingHot);
        assert_eq!(one(&[3], &[], 5), ChaineyClass::FormerHot);
        // T = 11, r = 2: period 8 is older, 9 and 10 recent.
        assert_eq!(one(&[8], &[], 11), ChaineyClass::FormerHot);
        assert_eq!(one(&[9], &[], 11), ChaineyClass::EmergingHot);
    }

    #[test]
    fn empty_periods_stay_in_t() {
        let x: Vec<f64> = (0..12).map(f64::from).collect();
        let w =
            SpatialWeights::distance_band(&x, &[0.0; 12], 1.0, &WeightsOptions::gi_star()).unwrap();
        let t = 5;
        let mut v = vec![0.0; 12 * t];
        for s in 0..4 {
            v[6 * t + s] = 9.0;
            v[5 * t + s] = 1.0;
        }
        // Period 4 has no events at all.
        let res = chainey_from_values(&v, 12, &w, &ChaineyParams::default()).unwrap();
        assert_eq!(res.constant_periods, vec![4]);
        assert_eq!(res.n_periods, 5);
        assert!(res.z[6 * t + 4].is_nan() && !res.sig_hot[6 * t + 4]);
        assert!(res.warnings.iter().any(|w| w.contains("stays in")));
    }
}
