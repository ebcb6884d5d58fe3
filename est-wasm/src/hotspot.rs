//! Hotspot statistics: `SpatialWeights`, `localG` (Gi/Gi\*), `generalG`, `moran`,
//! `localMoran`, `kde`, `bandwidth` and the one-call map `hotspots` / `HotspotMap`
//! (core: `est_core::hotspot`).
//!
//! Every statistic takes the values of any units (cells, areas, points) and either a
//! distance band in metres (`distance`, built with libpysal's `DistanceBand` rule) or a
//! prebuilt [`SpatialWeights`]. Per-unit results are typed arrays in input order.

use std::rc::Rc;

use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, check_keys, object, options_error};
use crate::grid::{Grid, GridOptionsJs, absent, params_js};
use crate::incident::{Incidents, whole_number};
use crate::stats::{ValuesArg, adjustment_from_js};
use est_core::hotspot::gistar::{GeneralGParams, LocalGParams, general_g, local_g};
use est_core::hotspot::kde::{
    BandwidthRule, DUAL_FLOOR, DualMeasure, KdeOptions, Kernel, bandwidth as core_bandwidth,
    dual_kde as core_dual_kde, kde as core_kde,
};
use est_core::hotspot::map::{
    ClassP, HotspotMap as CoreHotspotMap, HotspotOptions as CoreHotspotOptions, Neighbourhood,
    hotspots as core_hotspots,
};
use est_core::hotspot::moran::{
    LocalMoranParams, MoranParams, local_moran as core_local_moran, moran as core_moran,
};
use est_core::hotspot::weights::{
    Contiguity, SpatialWeights as CoreWeights, WeightStyle, WeightsOptions,
};
use est_core::stats::permutation::{Alternative, PermutationParams, Ties};
use js_sys::{Array, Float64Array, Function, Int8Array, Object, Reflect, Uint32Array};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_HOTSPOT: &'static str = r#"
/** Binary weights (`w_ij ∈ {0, 1}`, default) or row-standardised (`w_ij / W_i`). */
export type WeightStyle = "binary" | "row";

/** Queen (8 neighbours, default) or rook (4) contiguity on a square grid; hexagon grids
 * always use their 6 neighbours. */
export type Contiguity = "queen" | "rook";

/** Options of the {@link SpatialWeights} builders. */
export interface WeightsOptions {
  /** Add the unit itself with `w_ii = 1` (before standardising), as Gi* needs (default false). */
  selfWeight?: boolean;
  /** `"binary"` (default) or `"row"` (row-standardised, the row sum including the self weight). */
  style?: WeightStyle;
}

/** The alternative of a permutation test: `"twoSided"` (default,
 * `min(1, 2·min(M≥ + 1, M≤ + 1)/(R + 1))`), `"greater"` (hot), `"lesser"` (cold) or
 * `"folded"` (esda's `|sim − mean| ≥ |obs − mean|`). */
export type Alternative = "twoSided" | "greater" | "lesser" | "folded";

/** How a simulated value equal to the observed one counts: `"atLeastAsExtreme"` (default: on
 * whichever tail is tested, which keeps `(M + 1)/(R + 1)` a valid p-value on zero-heavy
 * counts) or `"esda"` (esda/GeoDa: a tie is "larger", for parity tests). */
export type Ties = "atLeastAsExtreme" | "esda";

/** A seed: a whole number from 0 to 2^53 − 1, or a `bigint` from 0 to 2^64 − 1. */
export type Seed = number | bigint;

/** Permutation inference (conditional randomisation with one seeded ChaCha8 stream per unit,
 * so results never depend on the machine). */
export interface PermutationOptions {
  /** Number of permutations R (default 999; 0 skips permutation inference). */
  permutations?: number;
  /** Seed (default 0x5EED = 24301). */
  seed?: Seed;
  /** Alternative (default `"twoSided"`). */
  alternative?: Alternative;
  /** Ties policy (default `"atLeastAsExtreme"`). */
  ties?: Ties;
}

/** Which neighbours a statistic uses: a distance band in metres or prebuilt weights (exactly
 * one of the two). */
export interface NeighbourOptions {
  /** Neighbours are the other units within this many metres (`0 < d ≤ distance`). */
  distance?: number;
  /** Prebuilt weights (with one unit per value); `xs`/`ys` are then not used (pass `null`). */
  weights?: SpatialWeights;
}

/** Options of {@link localG}. */
export interface LocalGOptions extends NeighbourOptions, PermutationOptions {
  /** Gi* (`true`, default: the unit is part of its own neighbourhood) or Gi (`false`). */
  star?: boolean;
  /** With `distance`: binary weights (`true`, default) or row-standardised (`false`); z is
   * the same either way. Not allowed with `weights`. */
  binary?: boolean;
}

/** The result of {@link localG}; one entry per unit in every array. */
export interface LocalGResult {
  /** Gi* (`true`) or Gi. */
  star: boolean;
  /** Ord–Getis z; `NaN` where undefined (see `undefinedUnits`). */
  z: Float64Array;
  /** Two-sided analytic p, `2·(1 − Φ(|z|))` (esda's `p_norm` is one-sided). */
  pNorm: Float64Array;
  /** Permutation p, or `null` when `permutations` is 0. */
  pSim: Float64Array | null;
  /** The G statistic (esda `Gs`). */
  g: Float64Array;
  /** Units without neighbours (islands). */
  islands: Uint32Array;
  /** Units whose z is undefined (the neighbourhood covers every unit, or for Gi no variation
   * among the other units). */
  undefinedUnits: Uint32Array;
  /** Distinct conditional problems simulated (0 without permutations). */
  nProblems: number;
  /** Every parameter with its provenance (weights, star, R, seed, RNG, alternative, ties). */
  paramsUsed: ParamUsed[];
  warnings: string[];
}

/** Options of {@link generalG}. */
export interface GeneralGOptions extends NeighbourOptions, PermutationOptions {}

/** The result of {@link generalG} (Getis & Ord 1992, binary weights). */
export interface GeneralGResult {
  g: number;
  /** E[G] = S0 / (n(n − 1)). */
  expected: number;
  /** Var[G] under randomisation. */
  variance: number;
  z: number;
  /** Two-sided `2·(1 − Φ(|z|))`. */
  pNorm: number;
  /** esda's one-sided `1 − Φ(|z|)`, for comparison. */
  pNormOneSided: number;
  /** Permutation p over full permutations, or `null` without permutations. */
  pSim: number | null;
  paramsUsed: ParamUsed[];
}

/** Options of {@link moran}. */
export interface MoranOptions extends NeighbourOptions, PermutationOptions {
  /** Row-standardise the weights first (default `true`, esda `transformation="r"`). */
  rowStandardise?: boolean;
}

/** The result of {@link moran} (global Moran's I). */
export interface MoranResult {
  i: number;
  /** E[I] = −1/(n − 1). */
  expected: number;
  varNorm: number;
  zNorm: number;
  /** Two-sided p under normality. */
  pNorm: number;
  varRand: number;
  zRand: number;
  /** Two-sided p under randomisation. */
  pRand: number;
  pSim: number | null;
  paramsUsed: ParamUsed[];
}

/** Options of {@link localMoran}. */
export interface LocalMoranOptions extends MoranOptions {
  /** Level below which a permutation p labels a cluster (default 0.05). */
  significance?: number;
}

/**
 * The result of {@link localMoran} (LISA); one entry per unit in every array.
 *
 * Quadrants are numbered as esda (GeoDa swaps 2 and 3): **1 High-High, 2 Low-High, 3 Low-Low,
 * 4 High-Low**.
 */
export interface LocalMoranResult {
  /** Local I (esda `Is`). */
  i: Float64Array;
  /** Standardised values (population sd). */
  z: Float64Array;
  /** Spatial lag of z. */
  lag: Float64Array;
  /** Quadrant 1 HH, 2 LH, 3 LL, 4 HL. */
  quadrants: Int8Array;
  /** E[I_i] and Var[I_i] under total randomisation (esda `EI`, `VI`). */
  expected: Float64Array;
  variance: Float64Array;
  /** Under conditional randomisation (esda `EIc`, `VIc`). */
  expectedConditional: Float64Array;
  varianceConditional: Float64Array;
  zNorm: Float64Array;
  /** Two-sided analytic p. */
  pNorm: Float64Array;
  pSim: Float64Array | null;
  /** The quadrant where `pSim < significance`, else 0 (always 0 without permutations). */
  clusters: Int8Array;
  islands: Uint32Array;
  paramsUsed: ParamUsed[];
}

/** A kernel, normalised in two dimensions (`"biweight"` = quartic). */
export type Kernel = "quartic" | "biweight" | "epanechnikov" | "triweight" | "triangular" | "uniform" | "gaussian";

/** A bandwidth rule: `"nrd"` (default, mean of MASS `bandwidth.nrd` of E and N),
 * `"silverman"` (2-D normal reference per kernel) or `"esri"` (ArcGIS robust rule). */
export type BandwidthRuleName = "nrd" | "silverman" | "esri";

/** Options of {@link kde}. */
export interface KdeOptions {
  /** The grid whose active cell centres the density is evaluated at (same CRS as the points). */
  grid: Grid;
  /** One weight per point (default 1). */
  weights?: Values;
  /** Kernel (default `"quartic"`). */
  kernel?: Kernel;
  /** A bandwidth in metres, or a rule (default `"nrd"`). */
  bandwidth?: number | BandwidthRuleName;
  /** Multiplier of the bandwidth (default 1). */
  adjust?: number;
  /** Where the Gaussian is truncated, in bandwidths (default 5; `Infinity` = no truncation). */
  gaussianCutoff?: number;
}

/** The result of {@link kde}; one entry per active cell of the grid. */
export interface KdeResult {
  /** Incidents per km² at each cell centre. */
  densityPerKm2: Float64Array;
  /** Density × the cell's area: expected incidents per cell. */
  expectedPerCell: Float64Array;
  /** Σ wᵢ·profile(uᵢ), sfhotspot's "weighted point count" (not a density). */
  kernelSum: Float64Array;
  bandwidthM: number;
  kernel: Kernel;
  paramsUsed: ParamUsed[];
  warnings: string[];
}

/** One point set of {@link dualKde}. */
export interface PointSet {
  /** Eastings in the grid's CRS. */
  xs: Values;
  /** Northings in the grid's CRS. */
  ys: Values;
  /** One weight per point (default 1). */
  weights?: Values;
}

/** How {@link dualKde} compares the two densities `d₁` (first set) and `d₂` (second):
 * `"ratio"` `d₁/d₂` (default), `"log"` `ln(d₁/d₂)`, `"difference"` `d₁ − d₂`, `"sum"`
 * `d₁ + d₂`, `"relativeRisk"` `(d₁/Σw₁)/(d₂/Σw₂)` (1 where both sets are equally
 * concentrated). */
export type DualMeasure = "ratio" | "log" | "difference" | "sum" | "relativeRisk";

/** Options of {@link dualKde}. */
export interface DualKdeOptions {
  /** The grid whose active cell centres both densities are evaluated at. */
  grid: Grid;
  /** The comparison (default `"ratio"`). */
  measure?: DualMeasure;
  /** Kernel (default `"quartic"`). */
  kernel?: Kernel;
  /** A bandwidth in metres, or a rule applied to the **first** set (default `"nrd"`); the
   * same bandwidth is used for both sets. */
  bandwidth?: number | BandwidthRuleName;
  /** Multiplier of the bandwidth (default 1). */
  adjust?: number;
  /** Relative floor of the denominator, in [0, 1) (default 1e-12): cells where
   * `d₂ ≤ floor · max(d₂)` have no ratio, log or relative risk. */
  floor?: number;
}

/** The result of {@link dualKde}; one entry per active cell of the grid. */
export interface DualKdeResult {
  /** The measure per cell. **`NaN` where it is undefined**: for `"ratio"`, `"log"` and
   * `"relativeRisk"` where the second density is at or below the floor (e.g. 0 far from
   * every point of the second set), and for `"log"` also where the first density is 0. Never
   * `±Infinity`. `"difference"` and `"sum"` are defined everywhere. */
  values: Float64Array;
  measure: DualMeasure;
  /** The bandwidth used for both sets, metres. */
  bandwidthM: number;
  /** The floor used. */
  floor: number;
}

/** Which p-values the classes of a {@link HotspotMap} are drawn from (after adjustment). */
export type ClassP = "analytic" | "permutation";

/** Options of {@link hotspots}. */
export interface HotspotOptions extends PermutationOptions {
  /** Cell size in metres (default automatic, sfhotspot's rule). */
  cellSize?: number | null;
  /** Cell shape (default `"square"`). */
  shape?: GridShape;
  /** Fail above this many cells (default 10 000 000). */
  maxCells?: number;
  /** Warn above this many cells (default 100 000). */
  warnCells?: number;
  /** Gi* neighbourhood: `"queen"` (default) or `"rook"` plus the cell itself, or a distance
   * band in metres. */
  neighbourhood?: "queen" | "rook" | number;
  /** KDE kernel (default `"quartic"`). */
  kernel?: Kernel;
  /** KDE bandwidth in metres or a rule (default `"nrd"`). */
  bandwidth?: number | BandwidthRuleName;
  /** Multiplier of the KDE bandwidth (default 1). */
  adjust?: number;
  /** Where a Gaussian KDE kernel is truncated, in bandwidths (default 5). */
  gaussianCutoff?: number;
  /** Multiple-testing correction across cells (default `"fdr_bh"`). */
  adjustment?: Adjustment;
  /** Classes from the adjusted analytic p (default) or the adjusted permutation p. */
  classP?: ClassP;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `WeightsOptions`.
    #[wasm_bindgen(typescript_type = "WeightsOptions")]
    pub type WeightsOptionsArg;
    /// A string typed as `Contiguity`.
    #[wasm_bindgen(typescript_type = "Contiguity")]
    pub type ContiguityArg;
    /// A JS object typed as `LocalGOptions`.
    #[wasm_bindgen(typescript_type = "LocalGOptions")]
    pub type LocalGOptionsArg;
    /// A JS object typed as `GeneralGOptions`.
    #[wasm_bindgen(typescript_type = "GeneralGOptions")]
    pub type GeneralGOptionsArg;
    /// A JS object typed as `MoranOptions`.
    #[wasm_bindgen(typescript_type = "MoranOptions")]
    pub type MoranOptionsArg;
    /// A JS object typed as `LocalMoranOptions`.
    #[wasm_bindgen(typescript_type = "LocalMoranOptions")]
    pub type LocalMoranOptionsArg;
    /// A JS object typed as `KdeOptions`.
    #[wasm_bindgen(typescript_type = "KdeOptions")]
    pub type KdeOptionsArg;
    /// A JS object typed as `DualKdeOptions`.
    #[wasm_bindgen(typescript_type = "DualKdeOptions")]
    pub type DualKdeOptionsArg;
    /// A JS object typed as `PointSet`.
    #[wasm_bindgen(typescript_type = "PointSet")]
    pub type PointSetArg;
    /// A JS object typed as `HotspotOptions`.
    #[wasm_bindgen(typescript_type = "HotspotOptions")]
    pub type HotspotOptionsArg;
    /// A value typed as `BandwidthRuleName`.
    #[wasm_bindgen(typescript_type = "BandwidthRuleName")]
    pub type BandwidthRuleArg;
    /// A value typed as `Kernel`.
    #[wasm_bindgen(typescript_type = "Kernel")]
    pub type KernelArg;
}

// ---------------------------------------------------------------------------------------
// Option reading

/// A checked options object (absent = empty): keys are checked once, values on access.
pub(crate) struct Opts {
    v: JsValue,
}

const SEED_MAX: f64 = 9_007_199_254_740_991.0;

impl Opts {
    pub(crate) fn new(options: Option<JsValue>, allowed: &[&str]) -> Result<Opts, JsValue> {
        match options {
            Some(v) if !absent(&v) => {
                check_keys(&v, allowed, "options")?;
                Ok(Opts { v })
            }
            _ => Ok(Opts {
                v: Object::new().into(),
            }),
        }
    }

    /// The value of `key`, `None` when missing, `undefined` or `null`.
    pub(crate) fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.v, &JsValue::from_str(key))
            .ok()
            .filter(|v| !absent(v))
    }

    pub(crate) fn f64(&self, key: &str) -> Result<Option<f64>, JsValue> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| options_error(key, &format!("{key} must be a number"))),
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, JsValue> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| options_error(key, &format!("{key} must be true or false"))),
        }
    }

    /// One of `names` (JS spelling) mapped to its value.
    pub(crate) fn choice<T: Copy>(
        &self,
        key: &str,
        names: &[(&str, T)],
    ) -> Result<Option<T>, JsValue> {
        let Some(s) = self.get(key) else {
            return Ok(None);
        };
        let found = s
            .as_string()
            .and_then(|s| names.iter().find(|(n, _)| *n == s).map(|(_, t)| *t));
        match found {
            Some(t) => Ok(Some(t)),
            None => {
                let expected: Vec<String> = names.iter().map(|(n, _)| format!("{n:?}")).collect();
                Err(options_error(
                    key,
                    &format!(
                        "{key} must be one of {} (got {})",
                        expected.join(", "),
                        describe(&s)
                    ),
                ))
            }
        }
    }
}

fn describe(v: &JsValue) -> String {
    v.as_string().map_or_else(
        || {
            v.as_f64()
                .map_or_else(|| format!("{v:?}"), |n| n.to_string())
        },
        |s| format!("{s:?}"),
    )
}

const PERMUTATION_KEYS: [&str; 4] = ["permutations", "seed", "alternative", "ties"];
const NEIGHBOUR_KEYS: [&str; 2] = ["distance", "weights"];

/// Reads a seed: a whole number up to 2^53 − 1 or a bigint up to 2^64 − 1.
fn seed_from_js(v: &JsValue) -> Result<u64, JsValue> {
    if v.is_bigint() {
        return u64::try_from(v.clone()).map_err(|_| {
            options_error(
                "seed",
                &format!(
                    "seed must be a bigint from 0 to 2^64 − 1 (got {})",
                    js_sys::BigInt::from(v.clone())
                        .to_string(10)
                        .map(String::from)
                        .unwrap_or_default()
                ),
            )
        });
    }
    match v.as_f64() {
        // Whole and below 2^53: exact as u64.
        Some(n) => Ok(whole_number(n, "seed", SEED_MAX)? as u64),
        None => Err(options_error(
            "seed",
            "seed must be a whole number (up to 2^53 − 1) or a bigint (up to 2^64 − 1)",
        )),
    }
}

fn permutation_from(o: &Opts) -> Result<PermutationParams, JsValue> {
    let mut p = PermutationParams::default();
    if let Some(r) = o.f64("permutations")? {
        p.permutations = whole_number(r, "permutations", f64::from(u32::MAX))? as usize;
    }
    if let Some(s) = o.get("seed") {
        p.seed = seed_from_js(&s)?;
    }
    if let Some(a) = o.choice(
        "alternative",
        &[
            ("twoSided", Alternative::TwoSided),
            ("greater", Alternative::Greater),
            ("lesser", Alternative::Lesser),
            ("folded", Alternative::Folded),
        ],
    )? {
        p.alternative = a;
    }
    if let Some(t) = o.choice(
        "ties",
        &[
            ("atLeastAsExtreme", Ties::AtLeastAsExtreme),
            ("esda", Ties::Esda),
        ],
    )? {
        p.ties = t;
    }
    Ok(p)
}

fn keys(groups: &[&[&'static str]]) -> Vec<&'static str> {
    groups.iter().flat_map(|g| g.iter().copied()).collect()
}

/// Prebuilt weights passed inside an options object, shared (not copied, and the caller's
/// object stays usable).
fn weights_from_js(v: &JsValue) -> Result<Rc<CoreWeights>, JsValue> {
    let not_weights = || options_error("weights", "weights must be a SpatialWeights instance");
    let share = Reflect::get(v, &JsValue::from_str("__estShare"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(not_weights)?;
    let shared = share.call0(v).map_err(|_| not_weights())?;
    SpatialWeights::try_from_js_value(shared)
        .map(|w| w.inner)
        .map_err(|_| not_weights())
}

/// A grid passed inside an options object (a copy; the caller's object stays usable).
pub(crate) fn grid_from_js(v: &JsValue) -> Result<est_core::grid::Grid, JsValue> {
    let not_grid = || options_error("grid", "grid must be a Grid instance");
    let share = Reflect::get(v, &JsValue::from_str("__estShare"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(not_grid)?;
    let copy = share.call0(v).map_err(|_| not_grid())?;
    Grid::try_from_js_value(copy)
        .map(|g| g.inner)
        .map_err(|_| not_grid())
}

/// The weights of a statistic: `options.weights`, or a distance band over `(xs, ys)`.
fn neighbours(
    o: &Opts,
    xs: &JsValue,
    ys: &JsValue,
    wopts: &WeightsOptions,
) -> Result<Rc<CoreWeights>, JsValue> {
    match (o.get("weights"), o.f64("distance")?) {
        (Some(_), Some(_)) => Err(options_error(
            "distance",
            "give either distance or weights, not both",
        )),
        (Some(w), None) => weights_from_js(&w),
        (None, Some(d)) => {
            let xs = coords_from_js(xs, "xs")?;
            let ys = coords_from_js(ys, "ys")?;
            Ok(Rc::new(
                CoreWeights::distance_band(&xs, &ys, d, wopts).js()?,
            ))
        }
        (None, None) => Err(options_error(
            "distance",
            "options must give the neighbours: distance (metres) or weights (SpatialWeights)",
        )),
    }
}

fn values_from(values: ValuesArg) -> Result<Vec<f64>, JsValue> {
    coords_from_js(&values.into(), "values")
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

fn opt_f64s(v: Option<&Vec<f64>>) -> JsValue {
    v.map_or(JsValue::NULL, |v| f64s(v))
}

fn indices(v: &[usize]) -> JsValue {
    // Unit indices are below 2^32 (values come from JS arrays).
    let u: Vec<u32> = v.iter().map(|&i| i as u32).collect();
    Uint32Array::from(u.as_slice()).into()
}

fn strings(v: &[String]) -> JsValue {
    v.iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>()
        .into()
}

fn opt_num(v: Option<f64>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_f64)
}

// ---------------------------------------------------------------------------------------
// Weights

/// Sparse spatial weights (flat CSR arrays): for each unit its non-self neighbours with
/// weights, and optionally a self weight `w_ii` (Gi*). Build them once and pass them to
/// {@link localG}, {@link generalG}, {@link moran} or {@link localMoran} as
/// `options.weights` (they are shared, not copied).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct SpatialWeights {
    pub(crate) inner: Rc<CoreWeights>,
}

fn weights_options(options: Option<WeightsOptionsArg>) -> Result<WeightsOptions, JsValue> {
    let o = Opts::new(options.map(JsValue::from), &["selfWeight", "style"])?;
    let mut w = WeightsOptions::default();
    if let Some(s) = o.bool("selfWeight")? {
        w.self_weight = s;
    }
    if let Some(s) = o.choice(
        "style",
        &[
            ("binary", WeightStyle::Binary),
            ("row", WeightStyle::RowStandardised),
        ],
    )? {
        w.style = s;
    }
    Ok(w)
}

#[wasm_bindgen]
impl SpatialWeights {
    /// Distance-band weights: the neighbours of point `i` are the other points within
    /// `distance` metres (`0 < d_ij ≤ distance`, as libpysal `DistanceBand`; coincident points
    /// are not neighbours).
    ///
    /// Throws a `HotspotError` (`HOTSPOT_INVALID_PARAMETER` for a distance that is not a
    /// positive number, `HOTSPOT_NOT_FINITE`, `HOTSPOT_LENGTH_MISMATCH`).
    ///
    /// @param xs - eastings (metres)
    /// @param ys - northings (metres)
    /// @param distance - the band in metres
    /// @param options - self weight and style (default binary, no self weight)
    #[wasm_bindgen(js_name = distanceBand)]
    pub fn distance_band(
        xs: ValuesArg,
        ys: ValuesArg,
        distance: f64,
        options: Option<WeightsOptionsArg>,
    ) -> Result<SpatialWeights, JsValue> {
        crate::hook();
        let w = weights_options(options)?;
        let xs = coords_from_js(&xs.into(), "xs")?;
        let ys = coords_from_js(&ys.into(), "ys")?;
        Ok(CoreWeights::distance_band(&xs, &ys, distance, &w)
            .js()?
            .into())
    }

    /// The `k` nearest other points of each point (ties broken by index). Throws a
    /// `HotspotError` `HOTSPOT_INVALID_PARAMETER` unless `1 ≤ k < n`.
    #[wasm_bindgen]
    pub fn knn(
        xs: ValuesArg,
        ys: ValuesArg,
        k: f64,
        options: Option<WeightsOptionsArg>,
    ) -> Result<SpatialWeights, JsValue> {
        crate::hook();
        let w = weights_options(options)?;
        let k = whole_number(k, "k", f64::from(u32::MAX))? as usize;
        let xs = coords_from_js(&xs.into(), "xs")?;
        let ys = coords_from_js(&ys.into(), "ys")?;
        Ok(CoreWeights::knn(&xs, &ys, k, &w).js()?.into())
    }

    /// Queen (default) or rook contiguity among the active cells of `grid` (from integer cell
    /// offsets, never floating distances); hexagon grids use their 6 neighbours. Units are
    /// the grid's active cells in {@link Grid.cells} order.
    ///
    /// @param grid - the grid
    /// @param contiguity - `"queen"` (default) or `"rook"`
    /// @param options - self weight and style (Gi* on counts: `{ selfWeight: true }`)
    #[wasm_bindgen(js_name = gridContiguity)]
    pub fn grid_contiguity(
        grid: &Grid,
        contiguity: Option<ContiguityArg>,
        options: Option<WeightsOptionsArg>,
    ) -> Result<SpatialWeights, JsValue> {
        crate::hook();
        let w = weights_options(options)?;
        let c = match contiguity.map(JsValue::from) {
            Some(v) if !absent(&v) => match v.as_string().as_deref() {
                Some("queen") => Contiguity::Queen,
                Some("rook") => Contiguity::Rook,
                _ => {
                    return Err(options_error(
                        "contiguity",
                        &format!(
                            "contiguity must be \"queen\" or \"rook\" (got {})",
                            describe(&v)
                        ),
                    ));
                }
            },
            _ => Contiguity::Queen,
        };
        Ok(CoreWeights::grid_contiguity(&grid.inner, c, &w)
            .js()?
            .into())
    }

    /// Number of units.
    #[wasm_bindgen(getter)]
    pub fn n(&self) -> usize {
        self.inner.n()
    }

    /// Units without non-self neighbours (islands), ascending.
    #[wasm_bindgen(getter)]
    pub fn islands(&self) -> Uint32Array {
        indices(&self.inner.islands()).unchecked_into()
    }

    /// Number of non-self neighbours of each unit.
    #[wasm_bindgen(getter)]
    pub fn cardinalities(&self) -> Uint32Array {
        let k: Vec<u32> = (0..self.inner.n())
            .map(|i| self.inner.k(i) as u32)
            .collect();
        Uint32Array::from(k.as_slice())
    }

    /// True when the weights carry self weights `w_ii` (Gi*).
    #[wasm_bindgen(getter, js_name = hasSelfWeights)]
    pub fn has_self_weights(&self) -> bool {
        self.inner.has_self_weights()
    }

    /// The non-self neighbours of unit `i` and their weights (empty for `i ≥ n`).
    #[wasm_bindgen(unchecked_return_type = "{ indices: Uint32Array; weights: Float64Array }")]
    pub fn neighbours(&self, i: usize) -> JsValue {
        let (js, ws) = self.inner.neighbours(i);
        object(&[
            ("indices", Uint32Array::from(js).into()),
            ("weights", f64s(ws)),
        ])
    }

    /// How the weights were built (kind, band or k, self weight, style).
    #[wasm_bindgen(getter, js_name = paramsUsed, unchecked_return_type = "ParamUsed[]")]
    pub fn params_used(&self) -> Result<JsValue, JsValue> {
        params_js(self.inner.params_used())
    }

    /// The same weights, shared (used when weights are passed inside an options object).
    #[wasm_bindgen(js_name = "__estShare", skip_typescript)]
    pub fn share(&self) -> SpatialWeights {
        self.clone()
    }
}

impl From<CoreWeights> for SpatialWeights {
    fn from(w: CoreWeights) -> Self {
        SpatialWeights { inner: Rc::new(w) }
    }
}

// ---------------------------------------------------------------------------------------
// Gi / Gi*, General G, Moran

/// Local Getis–Ord **Gi\*** (default) or Gi of `values` (e.g. incident counts per cell, never
/// KDE values) at points `(xs[i], ys[i])`, with analytic and conditional permutation
/// p-values — the esda `G_Local` call. z agrees with esda `G_Local(transform="B")` to 1e-9;
/// binary and row-standardised weights give the same z (unlike esda's default `"R"`).
///
/// Neighbours: `options.distance` (metres; Gi* adds the unit itself) or prebuilt
/// `options.weights` (then `xs`/`ys` are not used and may be `null`).
///
/// Throws a `HotspotError`: `HOTSPOT_TOO_FEW_UNITS` (fewer than 3), `HOTSPOT_ZERO_VARIANCE`
/// (all values equal), `HOTSPOT_NOT_FINITE` (`details.index`), `HOTSPOT_LENGTH_MISMATCH`,
/// `HOTSPOT_INVALID_WEIGHTS`, `HOTSPOT_INVALID_PARAMETER`; or an `OptionsError`.
///
/// @param values - one value per unit
/// @param xs - eastings in metres (or `null` with `weights`)
/// @param ys - northings in metres (or `null` with `weights`)
/// @param options - neighbours, `star`, `binary` and permutation options
#[wasm_bindgen(js_name = localG, unchecked_return_type = "LocalGResult")]
pub fn local_g_js(
    values: ValuesArg,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] ys: JsValue,
    options: LocalGOptionsArg,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        Some(options.into()),
        &keys(&[&NEIGHBOUR_KEYS, &PERMUTATION_KEYS, &["star", "binary"]]),
    )?;
    let star = o.bool("star")?.unwrap_or(true);
    let binary = o.bool("binary")?;
    if binary.is_some() && o.get("weights").is_some() {
        return Err(options_error(
            "binary",
            "binary applies to distance-band weights; build SpatialWeights with the style wanted",
        ));
    }
    let wopts =
        WeightsOptions::default()
            .with_self_weight(star)
            .with_style(if binary.unwrap_or(true) {
                WeightStyle::Binary
            } else {
                WeightStyle::RowStandardised
            });
    let params = LocalGParams::default()
        .with_star(star)
        .with_permutation(permutation_from(&o)?);
    let w = neighbours(&o, &xs, &ys, &wopts)?;
    let values = values_from(values)?;
    let r = local_g(&values, &w, &params).js()?;
    Ok(object(&[
        ("star", JsValue::from_bool(r.star)),
        ("z", f64s(&r.z)),
        ("pNorm", f64s(&r.p_norm)),
        ("pSim", opt_f64s(r.p_sim.as_ref())),
        ("g", f64s(&r.g)),
        ("islands", indices(&r.islands)),
        ("undefinedUnits", indices(&r.undefined)),
        ("nProblems", JsValue::from_f64(r.n_problems as f64)),
        ("paramsUsed", params_js(&r.params_used)?),
        ("warnings", strings(&r.warnings)),
    ]))
}

/// General G (global Getis–Ord, binary weights; any self weights are ignored), matching
/// esda `G` (whose `p_norm` is one-sided: `pNormOneSided` here).
///
/// Throws a `HotspotError`: `HOTSPOT_TOO_FEW_UNITS` (fewer than 4),
/// `HOTSPOT_INVALID_PARAMETER` (a negative value), `HOTSPOT_UNDEFINED` (fewer than two
/// non-zero values), `HOTSPOT_NOT_FINITE`, `HOTSPOT_LENGTH_MISMATCH`.
///
/// @param values - one non-negative value per unit
/// @param xs - eastings in metres (or `null` with `weights`)
/// @param ys - northings in metres (or `null` with `weights`)
/// @param options - neighbours and permutation options
#[wasm_bindgen(js_name = generalG, unchecked_return_type = "GeneralGResult")]
pub fn general_g_js(
    values: ValuesArg,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] ys: JsValue,
    options: GeneralGOptionsArg,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        Some(options.into()),
        &keys(&[&NEIGHBOUR_KEYS, &PERMUTATION_KEYS]),
    )?;
    let params = GeneralGParams {
        permutation: permutation_from(&o)?,
    };
    let w = neighbours(&o, &xs, &ys, &WeightsOptions::default())?;
    let values = values_from(values)?;
    let r = general_g(&values, &w, &params).js()?;
    Ok(object(&[
        ("g", JsValue::from_f64(r.g)),
        ("expected", JsValue::from_f64(r.expected)),
        ("variance", JsValue::from_f64(r.variance)),
        ("z", JsValue::from_f64(r.z)),
        ("pNorm", JsValue::from_f64(r.p_norm)),
        ("pNormOneSided", JsValue::from_f64(r.p_norm_one_sided)),
        ("pSim", opt_num(r.p_sim)),
        ("paramsUsed", params_js(&r.params_used)?),
    ]))
}

/// Global Moran's I with inference under normality, randomisation and (by default 999)
/// full permutations, matching esda `Moran` (weights row-standardised unless
/// `rowStandardise: false`; self weights ignored).
///
/// Throws a `HotspotError`: `HOTSPOT_TOO_FEW_UNITS` (fewer than 4), `HOTSPOT_ZERO_VARIANCE`,
/// `HOTSPOT_UNDEFINED` (every unit an island), `HOTSPOT_NOT_FINITE`,
/// `HOTSPOT_LENGTH_MISMATCH`.
///
/// @param values - one value per unit
/// @param xs - eastings in metres (or `null` with `weights`)
/// @param ys - northings in metres (or `null` with `weights`)
/// @param options - neighbours, `rowStandardise` and permutation options
#[wasm_bindgen(js_name = moran, unchecked_return_type = "MoranResult")]
pub fn moran_js(
    values: ValuesArg,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] ys: JsValue,
    options: MoranOptionsArg,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        Some(options.into()),
        &keys(&[&NEIGHBOUR_KEYS, &PERMUTATION_KEYS, &["rowStandardise"]]),
    )?;
    let params = MoranParams {
        row_standardise: o.bool("rowStandardise")?.unwrap_or(true),
        permutation: permutation_from(&o)?,
    };
    let w = neighbours(&o, &xs, &ys, &WeightsOptions::default())?;
    let values = values_from(values)?;
    let r = core_moran(&values, &w, &params).js()?;
    Ok(object(&[
        ("i", JsValue::from_f64(r.i)),
        ("expected", JsValue::from_f64(r.expected)),
        ("varNorm", JsValue::from_f64(r.var_norm)),
        ("zNorm", JsValue::from_f64(r.z_norm)),
        ("pNorm", JsValue::from_f64(r.p_norm)),
        ("varRand", JsValue::from_f64(r.var_rand)),
        ("zRand", JsValue::from_f64(r.z_rand)),
        ("pRand", JsValue::from_f64(r.p_rand)),
        ("pSim", opt_num(r.p_sim)),
        ("paramsUsed", params_js(&r.params_used)?),
    ]))
}

/// Local Moran's I (LISA, Anselin 1995) with quadrants, analytic moments and conditional
/// permutation p-values, matching esda `Moran_Local`.
///
/// Quadrants (`quadrants`, `clusters`) are numbered as esda: **1 High-High, 2 Low-High,
/// 3 Low-Low, 4 High-Low** (GeoDa swaps 2 and 3); `clusters` is 0 where `pSim ≥
/// significance` (and everywhere without permutations).
///
/// Throws a `HotspotError` (`HOTSPOT_TOO_FEW_UNITS` below 3 units, `HOTSPOT_ZERO_VARIANCE`,
/// `HOTSPOT_NOT_FINITE`, `HOTSPOT_LENGTH_MISMATCH`, `HOTSPOT_INVALID_PARAMETER`).
///
/// @param values - one value per unit
/// @param xs - eastings in metres (or `null` with `weights`)
/// @param ys - northings in metres (or `null` with `weights`)
/// @param options - neighbours, `rowStandardise`, `significance` and permutation options
#[wasm_bindgen(js_name = localMoran, unchecked_return_type = "LocalMoranResult")]
pub fn local_moran_js(
    values: ValuesArg,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Values | null")] ys: JsValue,
    options: LocalMoranOptionsArg,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        Some(options.into()),
        &keys(&[
            &NEIGHBOUR_KEYS,
            &PERMUTATION_KEYS,
            &["rowStandardise", "significance"],
        ]),
    )?;
    let d = LocalMoranParams::default();
    let params = LocalMoranParams {
        row_standardise: o.bool("rowStandardise")?.unwrap_or(true),
        permutation: permutation_from(&o)?,
        significance: o.f64("significance")?.unwrap_or(d.significance),
    };
    let w = neighbours(&o, &xs, &ys, &WeightsOptions::default())?;
    let values = values_from(values)?;
    let r = core_local_moran(&values, &w, &params).js()?;
    let q: Vec<i8> = r.quadrant.iter().map(|q| *q as i8).collect();
    let c: Vec<i8> = r
        .clusters
        .iter()
        .map(|c| c.map_or(0, |q| q as i8))
        .collect();
    Ok(object(&[
        ("i", f64s(&r.i)),
        ("z", f64s(&r.z)),
        ("lag", f64s(&r.lag)),
        ("quadrants", Int8Array::from(q.as_slice()).into()),
        ("expected", f64s(&r.expected)),
        ("variance", f64s(&r.variance)),
        ("expectedConditional", f64s(&r.expected_conditional)),
        ("varianceConditional", f64s(&r.variance_conditional)),
        ("zNorm", f64s(&r.z_norm)),
        ("pNorm", f64s(&r.p_norm)),
        ("pSim", opt_f64s(r.p_sim.as_ref())),
        ("clusters", Int8Array::from(c.as_slice()).into()),
        ("islands", indices(&r.islands)),
        ("paramsUsed", params_js(&r.params_used)?),
    ]))
}

// ---------------------------------------------------------------------------------------
// Kernel density

fn kernel_from_js(v: &JsValue) -> Result<Kernel, JsValue> {
    match v.as_string() {
        // The core parses (and names every kernel in its HOTSPOT_INVALID_KERNEL error).
        Some(s) => s.parse::<Kernel>().js(),
        None => Err(options_error(
            "kernel",
            &format!(
                "kernel must be a string such as \"quartic\" (got {})",
                describe(v)
            ),
        )),
    }
}

fn bandwidth_rule_from_js(v: &JsValue) -> Result<BandwidthRule, JsValue> {
    if let Some(h) = v.as_f64() {
        // A fixed bandwidth; the core checks that it is a positive number.
        return Ok(BandwidthRule::Fixed(h));
    }
    match v.as_string().as_deref() {
        Some("nrd") => Ok(BandwidthRule::NrdMeanXy),
        Some("silverman") => Ok(BandwidthRule::Silverman2d),
        Some("esri") => Ok(BandwidthRule::EsriRobust),
        _ => Err(options_error(
            "bandwidth",
            &format!(
                "bandwidth must be a number of metres or \"nrd\", \"silverman\" or \"esri\" (got {})",
                describe(v)
            ),
        )),
    }
}

/// Reads the KDE keys shared by `kde` and `hotspots`.
fn kde_options_from(o: &Opts) -> Result<KdeOptions, JsValue> {
    let mut k = KdeOptions::default();
    if let Some(v) = o.get("kernel") {
        k.kernel = kernel_from_js(&v)?;
    }
    if let Some(v) = o.get("bandwidth") {
        k.bandwidth = bandwidth_rule_from_js(&v)?;
    }
    if let Some(a) = o.f64("adjust")? {
        k.adjust = a;
    }
    if let Some(c) = o.f64("gaussianCutoff")? {
        k.gaussian_cutoff = c;
    }
    Ok(k)
}

/// Kernel density of the points `(xs[i], ys[i])` at the centres of the active cells of
/// `options.grid`, with kernels normalised in two dimensions (quartic by default) and the
/// bandwidth given in metres or chosen by a rule (recorded in `paramsUsed`). Agrees with
/// scikit-learn `KernelDensity` and a direct sum to 1e-9 relative.
///
/// Throws a `HotspotError` (`HOTSPOT_INVALID_KERNEL`, `HOTSPOT_INVALID_BANDWIDTH`,
/// `HOTSPOT_INVALID_PARAMETER`, `HOTSPOT_TOO_FEW_UNITS`) or an `OptionsError`.
///
/// @param xs - eastings in the grid's CRS
/// @param ys - northings in the grid's CRS
/// @param options - `grid` (required), `weights`, `kernel`, `bandwidth`, `adjust`,
///   `gaussianCutoff`
#[wasm_bindgen(js_name = kde, unchecked_return_type = "KdeResult")]
pub fn kde_js(xs: ValuesArg, ys: ValuesArg, options: KdeOptionsArg) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        Some(options.into()),
        &[
            "grid",
            "weights",
            "kernel",
            "bandwidth",
            "adjust",
            "gaussianCutoff",
        ],
    )?;
    let grid = match o.get("grid") {
        Some(g) => grid_from_js(&g)?,
        None => return Err(options_error("grid", "options.grid (a Grid) is required")),
    };
    let k = kde_options_from(&o)?;
    let weights = match o.get("weights") {
        Some(w) => Some(coords_from_js(&w, "weights")?),
        None => None,
    };
    let xs = coords_from_js(&xs.into(), "xs")?;
    let ys = coords_from_js(&ys.into(), "ys")?;
    let r = core_kde(&grid, &xs, &ys, weights.as_deref(), &k).js()?;
    Ok(object(&[
        ("densityPerKm2", f64s(&r.density_per_km2)),
        ("expectedPerCell", f64s(&r.expected_per_cell)),
        ("kernelSum", f64s(&r.kernel_sum)),
        ("bandwidthM", JsValue::from_f64(r.bandwidth_m)),
        ("kernel", JsValue::from_str(r.kernel.name())),
        ("paramsUsed", params_js(&r.params_used)?),
        ("warnings", strings(&r.warnings)),
    ]))
}

/// The KDE bandwidth in metres of a rule for the points (before any `adjust`): `"nrd"`
/// (default: `(nrd(E) + nrd(N))/2`, MASS `bandwidth.nrd`), `"silverman"` (2-D normal
/// reference, depends on the kernel) or `"esri"` (ArcGIS robust rule).
///
/// Throws a `HotspotError` (`HOTSPOT_TOO_FEW_UNITS`, `HOTSPOT_INVALID_BANDWIDTH` for a
/// degenerate spread).
///
/// @param xs - eastings in metres
/// @param ys - northings in metres
/// @param rule - `"nrd"` (default), `"silverman"` or `"esri"`
/// @param kernel - the kernel (default `"quartic"`; only `"silverman"` depends on it)
#[wasm_bindgen(js_name = bandwidth)]
pub fn bandwidth_js(
    xs: ValuesArg,
    ys: ValuesArg,
    rule: Option<BandwidthRuleArg>,
    kernel: Option<KernelArg>,
) -> Result<f64, JsValue> {
    crate::hook();
    let rule = match rule.map(JsValue::from) {
        Some(v) if !absent(&v) => {
            if v.as_f64().is_some() {
                return Err(options_error(
                    "rule",
                    "rule must be \"nrd\", \"silverman\" or \"esri\"",
                ));
            }
            bandwidth_rule_from_js(&v)?
        }
        _ => BandwidthRule::NrdMeanXy,
    };
    let kernel = match kernel.map(JsValue::from) {
        Some(v) if !absent(&v) => kernel_from_js(&v)?,
        _ => Kernel::Quartic,
    };
    let xs = coords_from_js(&xs.into(), "xs")?;
    let ys = coords_from_js(&ys.into(), "ys")?;
    core_bandwidth(&xs, &ys, rule, kernel).js()
}

const DUAL_MEASURES: [(&str, DualMeasure); 5] = [
    ("ratio", DualMeasure::Ratio),
    ("log", DualMeasure::Log),
    ("difference", DualMeasure::Difference),
    ("sum", DualMeasure::Sum),
    ("relativeRisk", DualMeasure::RelativeRisk),
];

/// `(xs, ys, weights)` of a point set.
type Points = (Vec<f64>, Vec<f64>, Option<Vec<f64>>);

/// Reads a `PointSet` (`xs`, `ys`, optional `weights`); `what` names it in errors.
fn point_set(v: JsValue, what: &str) -> Result<Points, JsValue> {
    if absent(&v) || !v.is_object() || Array::is_array(&v) {
        return Err(options_error(
            what,
            &format!("{what} must be an object {{ xs, ys, weights? }}"),
        ));
    }
    check_keys(&v, &["xs", "ys", "weights"], what)?;
    let get = |key: &str| {
        Reflect::get(&v, &JsValue::from_str(key))
            .ok()
            .filter(|x| !absent(x))
    };
    let coords = |key: &str| -> Result<Vec<f64>, JsValue> {
        let name = format!("{what}.{key}");
        match get(key) {
            Some(c) => coords_from_js(&c, &name),
            None => Err(options_error(&name, &format!("{name} is required"))),
        }
    };
    let weights = match get("weights") {
        Some(w) => Some(coords_from_js(&w, &format!("{what}.weights"))?),
        None => None,
    };
    Ok((coords("xs")?, coords("ys")?, weights))
}

/// Dual kernel density ("risk surface"): compares the densities of two point sets on the same
/// grid, e.g. one category over all incidents, or incidents over population points
/// (sfhotspot's `hotspot_dual_kde`, plus the relative risk of the normalised densities).
/// The bandwidth is chosen from the **first** set and used for both.
///
/// `values` is `NaN` where the measure is undefined: for `"ratio"`, `"log"` and
/// `"relativeRisk"` where the second density is at or below `floor · max` (never ±∞), and for
/// `"log"` also where the first density is 0.
///
/// Throws a `HotspotError` (`HOTSPOT_INVALID_KERNEL`, `HOTSPOT_INVALID_BANDWIDTH`,
/// `HOTSPOT_INVALID_PARAMETER` e.g. for a floor outside [0, 1), `HOTSPOT_TOO_FEW_UNITS`) or an
/// `OptionsError`.
///
/// @param first - the numerator set `{ xs, ys, weights? }`
/// @param second - the denominator set `{ xs, ys, weights? }`
/// @param options - `grid` (required), `measure`, `kernel`, `bandwidth`, `adjust`, `floor`
#[wasm_bindgen(js_name = dualKde, unchecked_return_type = "DualKdeResult")]
pub fn dual_kde_js(
    first: PointSetArg,
    second: PointSetArg,
    options: DualKdeOptionsArg,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        Some(options.into()),
        &["grid", "measure", "kernel", "bandwidth", "adjust", "floor"],
    )?;
    let grid = match o.get("grid") {
        Some(g) => grid_from_js(&g)?,
        None => return Err(options_error("grid", "options.grid (a Grid) is required")),
    };
    let k = kde_options_from(&o)?;
    let measure = o.choice("measure", &DUAL_MEASURES)?.unwrap_or_default();
    let floor = o.f64("floor")?.unwrap_or(DUAL_FLOOR);
    let a = point_set(first.into(), "first")?;
    let b = point_set(second.into(), "second")?;
    let r = core_dual_kde(
        &grid,
        (&a.0, &a.1, a.2.as_deref()),
        (&b.0, &b.1, b.2.as_deref()),
        &k,
        measure,
        floor,
    )
    .js()?;
    let values: Vec<f64> = r.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    let name = DUAL_MEASURES
        .iter()
        .find(|(_, m)| *m == r.measure)
        .map_or("ratio", |(n, _)| n);
    Ok(object(&[
        ("values", f64s(&values)),
        ("measure", JsValue::from_str(name)),
        ("bandwidthM", JsValue::from_f64(r.x.bandwidth_m)),
        ("floor", JsValue::from_f64(r.floor)),
    ]))
}

// ---------------------------------------------------------------------------------------
// The one-call map

const HOTSPOT_KEYS: [&str; 15] = [
    "cellSize",
    "shape",
    "maxCells",
    "warnCells",
    "neighbourhood",
    "kernel",
    "bandwidth",
    "adjust",
    "permutations",
    "seed",
    "alternative",
    "ties",
    "adjustment",
    "classP",
    "gaussianCutoff",
];

fn hotspot_options(options: Option<HotspotOptionsArg>) -> Result<CoreHotspotOptions, JsValue> {
    let o = Opts::new(options.map(JsValue::from), &HOTSPOT_KEYS)?;
    let mut h = CoreHotspotOptions::default();
    // The grid keys, read exactly as Grid.forIncidents reads them.
    let g = Object::new();
    for key in crate::grid::GRID_KEYS {
        if let Some(v) = o.get(key) {
            let _ = Reflect::set(&g, &JsValue::from_str(key), &v);
        }
    }
    h.grid =
        crate::error::from_options::<GridOptionsJs>(g.into(), crate::grid::GRID_KEYS, "options")?
            .to_core()?;
    h.kde = kde_options_from(&o)?;
    if let Some(v) = o.get("neighbourhood") {
        h.neighbourhood = match (v.as_string().as_deref(), v.as_f64()) {
            (Some("queen"), _) => Neighbourhood::Queen,
            (Some("rook"), _) => Neighbourhood::Rook,
            // The core checks the band (a positive number of metres).
            (_, Some(d)) => Neighbourhood::DistanceBand(d),
            _ => {
                return Err(options_error(
                    "neighbourhood",
                    &format!(
                        "neighbourhood must be \"queen\", \"rook\" or a distance in metres (got {})",
                        describe(&v)
                    ),
                ));
            }
        };
    }
    h.permutation = permutation_from(&o)?;
    if let Some(v) = o.get("adjustment") {
        h.adjustment = adjustment_from_js(&v)?;
    }
    if let Some(c) = o.choice(
        "classP",
        &[
            ("analytic", ClassP::Analytic),
            ("permutation", ClassP::Permutation),
        ],
    )? {
        h.class_p = c;
    }
    Ok(h)
}

/// The one-call hotspot map: from incidents to a grid (automatic cell size by default) with
/// counts, quartic kernel density, Gi* on the counts (queen neighbours plus the cell itself),
/// analytic and (by default 999) permutation p, a Benjamini–Hochberg adjustment across cells
/// and Esri-style classes (±3/±2/±1 at 99/95/90 %) from the **adjusted** p. Every automatic
/// choice is in {@link HotspotMap.paramsUsed}. Incidents in lon/lat are projected to
/// SWEREF 99 TM first (recorded); other projected CRSs are used as they are.
///
/// Throws a `GridError`, `CrsError`, `HotspotError` (e.g. `HOTSPOT_ZERO_VARIANCE` when every
/// cell has the same count), `StatsError` or `OptionsError`.
///
/// @param incidents - the incidents
/// @param options - grid, neighbourhood, KDE, permutation and adjustment options
#[wasm_bindgen(js_name = hotspots)]
pub fn hotspots_js(
    incidents: &Incidents,
    options: Option<HotspotOptionsArg>,
) -> Result<HotspotMap, JsValue> {
    crate::hook();
    let o = hotspot_options(options)?;
    Ok(HotspotMap {
        inner: core_hotspots(&incidents.inner, &o).js()?,
    })
}

/// A hotspot map on a grid's active cells: every per-cell array is in {@link Grid.cells}
/// order (each getter returns a new copy). Export it with {@link HotspotMap.toGeoJSON}.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct HotspotMap {
    inner: CoreHotspotMap,
}

#[wasm_bindgen]
impl HotspotMap {
    /// The grid (a copy).
    #[wasm_bindgen(getter)]
    pub fn grid(&self) -> Grid {
        self.inner.grid.clone().into()
    }

    /// Number of active cells.
    #[wasm_bindgen(getter, js_name = nCells)]
    pub fn n_cells(&self) -> usize {
        self.inner.counts.len()
    }

    /// Incidents per cell.
    #[wasm_bindgen(getter)]
    pub fn counts(&self) -> Float64Array {
        Float64Array::from(self.inner.counts.as_slice())
    }

    /// Kernel density, incidents per km² at each cell centre.
    #[wasm_bindgen(getter, js_name = densityPerKm2)]
    pub fn density_per_km2(&self) -> Float64Array {
        Float64Array::from(self.inner.kde.density_per_km2.as_slice())
    }

    /// Kernel density × cell area: expected incidents per cell.
    #[wasm_bindgen(getter)]
    pub fn expected(&self) -> Float64Array {
        Float64Array::from(self.inner.kde.expected_per_cell.as_slice())
    }

    /// The KDE bandwidth used, metres.
    #[wasm_bindgen(getter, js_name = bandwidthM)]
    pub fn bandwidth_m(&self) -> f64 {
        self.inner.kde.bandwidth_m
    }

    /// Gi* z of the counts (NaN where undefined).
    #[wasm_bindgen(getter)]
    pub fn z(&self) -> Float64Array {
        Float64Array::from(self.inner.gi_star.z.as_slice())
    }

    /// Two-sided analytic p of Gi*.
    #[wasm_bindgen(getter)]
    pub fn p(&self) -> Float64Array {
        Float64Array::from(self.inner.gi_star.p_norm.as_slice())
    }

    /// Permutation p of Gi*, `null` with `permutations: 0`.
    #[wasm_bindgen(getter, js_name = pSim, unchecked_return_type = "Float64Array | null")]
    pub fn p_sim(&self) -> JsValue {
        opt_f64s(self.inner.gi_star.p_sim.as_ref())
    }

    /// The p-values the classes are drawn from (analytic by default), adjusted across cells.
    #[wasm_bindgen(getter, js_name = pAdjusted)]
    pub fn p_adjusted(&self) -> Float64Array {
        Float64Array::from(self.inner.p_adjusted.as_slice())
    }

    /// Esri-style classes: +3/+2/+1 hot spot at 99/95/90 % (adjusted p), −3/−2/−1 cold spot,
    /// 0 not significant.
    #[wasm_bindgen(getter)]
    pub fn classes(&self) -> Int8Array {
        Int8Array::from(self.inner.classes.as_slice())
    }

    /// Number of cells per class: 7 entries for the classes −3 … +3 (entry `c + 3` is class
    /// `c`).
    #[wasm_bindgen(getter, js_name = classCounts)]
    pub fn class_counts(&self) -> Uint32Array {
        let c: Vec<u32> = self
            .inner
            .class_counts()
            .iter()
            .map(|&n| n as u32)
            .collect();
        Uint32Array::from(c.as_slice())
    }

    /// Every parameter with its value and provenance (cell size, neighbourhood, bandwidth,
    /// permutations, seed, adjustment …).
    #[wasm_bindgen(getter, js_name = paramsUsed, unchecked_return_type = "ParamUsed[]")]
    pub fn params_used(&self) -> Result<JsValue, JsValue> {
        params_js(&self.inner.params_used)
    }

    /// Warnings from the grid, the KDE and Gi*.
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// The cells as a GeoJSON FeatureCollection in WGS 84 (for MapLibre, Leaflet, GeoPandas)
    /// with the properties `cell`, `row`, `col`, `inside_fraction`, `count`,
    /// `density_per_km2`, `expected`, `gi_z`, `gi_p`, `gi_p_sim` (when computed),
    /// `gi_p_adjusted` and `gi_class`; non-finite values are `null`.
    #[wasm_bindgen(js_name = toGeoJSON)]
    pub fn to_geojson(&self) -> Result<String, JsValue> {
        self.inner.to_geojson().js()
    }
}
