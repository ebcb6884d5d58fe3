//! Follow-up of interventions (*uppföljning*): the `Registry` class, `evaluate`,
//! `recommend`, `recommendFromNumbers`, `wdq`, `tne`, `grossNetEffect`, `wdd`, `wddHarm`,
//! `relativeIrr`, `did2x2`, `didPanel` (core: `est_core::followup`).

use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, options_error};
use crate::grid::{absent, params_js};
use crate::hotspot::Opts;
use crate::incident::{Incidents, whole_number};
use crate::stats::ValuesArg;
use crate::taxonomy::Taxonomy;
use crate::trend::{
    flags_from_js, is_plain_object, ms, num, set, time_from_js, to_js_camel, window_from_js,
};
use chrono::{DateTime, Utc};
use est_core::followup::FollowupError;
use est_core::followup::effect::{
    DEFAULT_ALPHA, DEFAULT_EXACT_BELOW, Did, EvaluateParams, Evaluation, IrrCi, WddCounts, Window,
    did_2x2, did_panel, evaluate, relative_irr, tne, wdd, wdd_harm_values, wdq,
};
use est_core::followup::recommend::{
    FollowupNumbers, RecommendContext, RecommendParams, recommend_from_numbers,
};
use est_core::followup::registry::Registry as CoreRegistry;
use est_core::taxonomy::Taxonomy as CoreTaxonomy;
use js_sys::{Object, Reflect};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_FOLLOWUP: &'static str = r#"
/** A value, or why it is undefined for these data (with the numbers). */
export type Defined<T> = { value: T } | { undefined: string };

/** One intervention (*insats*) of a {@link Registry}. */
export interface Intervention {
  id: string;
  name: string;
  /** Name of the target place. */
  target: string;
  /** Name of the control place (absent: the rest of the study area). */
  control?: string;
  /** Name of the displacement (buffer) place. */
  buffer?: string;
  /** Or: a ring of this many metres around the target. */
  bufferM?: number;
  /** First day, `"YYYY-MM-DD"` (Europe/Stockholm). */
  start: string;
  /** Last day, inclusive (absent while it runs). */
  end?: string;
  /** Targeted categories (groups include their members). */
  categories: string[];
  organisations: string[];
  /** Free text for the EST group (never in evaluations or public exports). */
  description?: string;
  /** The goal as an incidence rate ratio in (0, 1]. */
  goalIrr?: number;
}

/** A named place of a {@link Registry}: a GeoJSON polygon in the registry's CRS. */
export interface Place {
  name: string;
  geometry: PolygonGeometry | MultiPolygonGeometry;
}

/** One problem found in a registry (`details.issues` of `FOLLOWUP_INVALID_REGISTRY`). */
export interface RegistryIssue {
  /** JSON path, e.g. `"interventions[2].start"`. */
  path: string;
  value: string;
  message: string;
  /** `"REGISTRY_BAD_DATE"`, `"REGISTRY_UNKNOWN_PLACE"`, … */
  code: string;
}

/** How to read a WDQ (Bowers & Johnson 2003). */
export type WdqReading =
  | "diffusionExceedsEffect" | "diffusion" | "noBufferChange" | "displacementNetBenefit"
  | "displacementExceeds" | "notInterpretable";

/** The weighted displacement quotient `(D_a/C_a − D_b/C_b)/(R_a/C_a − R_b/C_b)`. */
export interface WdqResult {
  value: number;
  /** Success measure `R_a/C_a − R_b/C_b` (negative = the target improved). */
  success: number;
  /** Buffer measure `D_a/C_a − D_b/C_b`. */
  buffer: number;
  /** Only when the success measure is negative. */
  interpretable: boolean;
  reading: WdqReading;
}

/** The total net effect (positive = incidents prevented). */
export interface TneResult {
  value: number;
  /** `R_b·C_a/C_b − R_a`. */
  target: number;
  /** `D_b·C_a/C_b − D_a`. */
  buffer: number;
}

/** Gross effect `R_b − R_a` and net effect `R_b/C_b − R_a/C_a`. */
export interface GrossNetResult {
  gross: number;
  net: number;
}

/** Counts `[before, after]` of one area. */
export type BeforeAfter = [number, number] | number[] | Float64Array;

/** Options of {@link wdd} (ptools `wdd`). */
export interface WddOptions {
  /** Control of the displacement area `[before, after]` (default 0, 0). */
  dispControl?: BeforeAfter;
  /** Displacement (buffer) area `[before, after]` (default 0, 0). */
  dispTreated?: BeforeAfter;
  /** Time weights `[before, after]`, e.g. period lengths (default 1, 1). */
  timeWeights?: BeforeAfter;
  /** Area weights: control, treated, displacement control, displacement treated (default 1). */
  areaWeights?: number[] | Float64Array;
  /** 1 − coverage of the interval (default 0.05; ptools uses 0.1). */
  alpha?: number;
}

/** An estimate with its standard error. */
export interface WddPart {
  estimate: number;
  se: number;
}

/** The counts and weights behind a {@link WddResult}. */
export interface WddCounts {
  control: [number, number];
  treated: [number, number];
  dispControl: [number, number] | null;
  dispTreated: [number, number] | null;
  timeWeights: [number, number];
  areaWeights: [number, number, number, number];
}

/** The weighted displacement difference (Wheeler & Ratcliffe 2018); negative = prevented. */
export interface WddResult {
  estimate: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
  alpha: number;
  local: WddPart;
  displacement: WddPart;
  counts: WddCounts;
}

/** Harm-weighted WDD over crime types (ptools `wdd_harm`). */
export interface WddHarmResult {
  estimate: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
  alpha: number;
  weights: number[];
}

/** How a difference in differences was computed. */
export type DidMethod = "closedForm2x2" | "poissonGlm" | "quasiPoissonGlm";

/** A Poisson difference-in-differences estimate. */
export interface DidResult {
  /** `e^δ`: the change of the treated units relative to the controls. */
  irr: number;
  logIrr: number;
  /** Standard error of δ (× √φ for quasi-Poisson). */
  seLog: number;
  lower: number;
  upper: number;
  z: number;
  p: number;
  alpha: number;
  method: DidMethod;
  /** Dispersion used (1 for Poisson). */
  scale: number;
  pearsonChi2: number;
  deviance: number;
  dfResid: number;
  nObs: number;
  iterations: number;
  /** Group labels left out (all counts zero). */
  droppedGroups: number[];
  /** Period labels left out (all counts zero). */
  droppedTimes: number[];
}

/** Options of {@link didPanel}. */
export interface DidPanelOptions {
  /** One exposure per count (offset `log exposure`). */
  exposure?: Values;
  /** Quasi-Poisson standard errors, `φ = Pearson χ²/df` (default false). */
  overdispersion?: boolean;
  /** Default 0.05. */
  alpha?: number;
}

/** The interval of a relative IRR: Wald on the log scale, or exact conditional. */
export type IrrCi = "waldLog" | "exactConditional";

/** The IRR of an area relative to the control, `(T1/T0)/(C1/C0)`. */
export interface RelativeIrr {
  irr: number;
  lower: number;
  upper: number;
  ci: IrrCi;
  alpha: number;
  /** Target (before, after). */
  target: [number, number];
  /** Control (before, after). */
  control: [number, number];
}

/** Options of {@link relativeIrr}. */
export interface RelativeIrrOptions {
  /** `"auto"` (default: exact when a count is below `exactBelow`), `"wald-log"` or `"exact"`. */
  ci?: "auto" | "wald-log" | "exact";
  /** Default 0.05. */
  alpha?: number;
  /** Default 5. */
  exactBelow?: number;
}

/** A half-open period in epoch milliseconds, with its length in days. */
export interface EvaluationWindow {
  start: number;
  end: number;
  days: number;
}

/** Counts of one area before and after, with the after-versus-before tests. */
export interface AreaChange {
  /** The place's name (`null` for a ring buffer or the default control). */
  name: string | null;
  /** How the area was formed. */
  rule: string;
  before: number;
  after: number;
  /** Rate ratio after/before per day. */
  irr: Defined<RateRatioResult>;
  score: Defined<TwoRateTestResult>;
  exactCond: Defined<TwoRateTestResult>;
  /** E-test, unpooled (the paper's). */
  etest: Defined<TwoRateTestResult>;
  /** E-test, pooled (statsmodels' default). */
  etestPooled: Defined<TwoRateTestResult>;
}

/** The before/after evaluation of one intervention ({@link evaluate}). */
export interface Evaluation {
  /** The intervention (without its description). */
  intervention: Intervention;
  /** Category codes counted. */
  categories: string[];
  before: EvaluationWindow;
  after: EvaluationWindow;
  followupWeeks: number;
  target: AreaChange;
  control: AreaChange;
  buffer: AreaChange | null;
  irrTarget: Defined<RelativeIrr>;
  irrBuffer: Defined<RelativeIrr> | null;
  grossNet: Defined<GrossNetResult>;
  wdq: Defined<WdqResult>;
  tne: Defined<TneResult>;
  wdd: Defined<WddResult>;
  did: Defined<DidResult>;
  alpha: number;
  goalIrr: number | null;
  notes: string[];
  paramsUsed: ParamUsed[];
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The evaluation date: the after period ends here at the latest (default: just after the
   * latest incident, the end of the data; no clock is read). */
  asOf?: TimeArg;
  /** The before period `[start, end)` (default: as long as the after period, ending where it
   * starts). */
  before?: [TimeArg, TimeArg];
  /** The after period `[start, end)` (default: from the first day 00:00 to the earlier of the
   * day after the last day and `asOf`). */
  after?: [TimeArg, TimeArg];
  /** Default 0.05. */
  alpha?: number;
  /** A registry place bounding the default control area. */
  studyArea?: string;
  /** Counts below which intervals are exact (default 5). */
  exactBelow?: number;
}

/** The counts behind a recommendation, when there is no {@link Evaluation}. */
export interface FollowupNumbers {
  /** Target `[before, after]`. */
  target: BeforeAfter;
  /** Control `[before, after]`. */
  control: BeforeAfter;
  /** Buffer `[before, after]`, if any. */
  buffer?: BeforeAfter | null;
  /** The buffer's own control (default: the control). */
  bufferControl?: BeforeAfter | null;
  beforeDays: number;
  afterDays: number;
  /** The registered goal, if any. */
  goalIrr?: number | null;
}

/** What the counts cannot tell: from the hot-spot and emerging-hot-spot analyses. */
export interface RecommendContext {
  /** The target is still a significant hot spot in the latest period (default false). */
  problemPersists?: boolean;
  /** New, consecutive or intensifying hot spots within the buffer (default 0). */
  nearbyEmerging?: number;
}

/** Thresholds of the recommendation rule (est's choices, method reference §9.8). */
export interface RecommendParams {
  /** Default 0.05. */
  alpha?: number;
  /** Goal IRR when the registry has none (default 0.8). */
  goalIrr?: number;
  /** Shortest follow-up judged (default 12 weeks). */
  minFollowupWeeks?: number;
  /** Longest follow-up for "promising, keep going" (default 52 weeks). */
  maxFollowupWeeks?: number;
  /** Fewest target incidents, before + after (default 10). */
  minEvents?: number;
  /** Counts below which intervals are exact (default 5). */
  exactBelow?: number;
}

/** The suggestion: continue (*fortsätt*), expand (*utvidga*), change (*ändra*), end (*avsluta*). */
export type Suggestion = "continue" | "expand" | "change" | "end";
/** What the target's interval says. */
export type Evidence = "reduction" | "increase" | "inconclusive";
/** What the buffer's interval says. */
export type BufferEffect = "displacement" | "diffusion" | "neutral";

/** The facts the rule read. */
export interface RuleFacts {
  followupTooShort: boolean;
  tooFewIncidents: boolean;
  evidence: Evidence;
  buffer: BufferEffect;
  wddEntirelyBelowZero: boolean;
  irrAtMostGoal: boolean;
  irrBelowOne: boolean;
  followupBelowMax: boolean;
  problemPersists: boolean;
  nearbyEmerging: number;
}

/** The recommendation of {@link recommend}, with its reasons. */
export interface Recommendation {
  suggestion: Suggestion;
  /** "fortsätt", "utvidga", "ändra", "avsluta". */
  labelSv: string;
  labelEn: string;
  /** The rule that fired, `"R0"` … `"R8"`. */
  ruleId: string;
  evidence: Evidence;
  buffer: BufferEffect;
  tooFewIncidents: boolean;
  facts: RuleFacts;
  irrTarget: RelativeIrr | null;
  irrBuffer: RelativeIrr | null;
  wdq: Defined<WdqResult>;
  wdd: Defined<WddResult>;
  /** Plain Swedish sentences with the numbers. */
  reasonsSv: string[];
  reasonsEn: string[];
  /** Every input, echoed. */
  inputs: {
    numbers: {
      target: [number, number];
      control: [number, number];
      buffer: [number, number] | null;
      bufferControl: [number, number] | null;
      beforeDays: number;
      afterDays: number;
      goalIrr: number | null;
    };
    context: { problemPersists: boolean; nearbyEmerging: number };
    params: Required<RecommendParams>;
    goalIrr: number;
    goalSource: "registry" | "params";
    followupWeeks: number;
  };
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A JS object typed as `WddOptions`.
    #[wasm_bindgen(typescript_type = "WddOptions")]
    pub type WddOptionsArg;
    /// A JS object typed as `DidPanelOptions`.
    #[wasm_bindgen(typescript_type = "DidPanelOptions")]
    pub type DidPanelOptionsArg;
    /// A JS object typed as `EvaluateOptions`.
    #[wasm_bindgen(typescript_type = "EvaluateOptions")]
    pub type EvaluateOptionsArg;
    /// A JS object typed as `RecommendContext`.
    #[wasm_bindgen(typescript_type = "RecommendContext")]
    pub type RecommendContextArg;
    /// A JS object typed as `RecommendParams`.
    #[wasm_bindgen(typescript_type = "RecommendParams")]
    pub type RecommendParamsArg;
    /// A JS object typed as `RelativeIrrOptions`.
    #[wasm_bindgen(typescript_type = "RelativeIrrOptions")]
    pub type RelativeIrrOptionsArg;
    /// A value typed as `Taxonomy`.
    #[wasm_bindgen(typescript_type = "Taxonomy")]
    pub type TaxonomyArg;
    /// A value typed as `BeforeAfter`.
    #[wasm_bindgen(typescript_type = "BeforeAfter")]
    pub type BeforeAfterArg;
}

/// Enum values converted to their JS spelling in follow-up results.
const ENUM_KEYS: [&str; 6] = [
    "reading",
    "ci",
    "method",
    "suggestion",
    "evidence",
    "buffer",
];

/// A `FollowupError::InvalidParameter` as a thrown `EstError`.
fn invalid(name: &str, value: String, expected: &str) -> JsValue {
    crate::error::to_js(
        &FollowupError::InvalidParameter {
            name: name.into(),
            value,
            expected: expected.into(),
        }
        .into(),
    )
}

/// A whole count ≥ 0 (below 2^53), else `FOLLOWUP_INVALID_PARAMETER`.
fn count_arg(name: &str, v: f64) -> Result<u64, JsValue> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= crate::trend::MAX_SAFE {
        // Whole and below 2^53: exact.
        Ok(v as u64)
    } else {
        Err(invalid(name, v.to_string(), "a whole count ≥ 0"))
    }
}

/// `[before, after]` numbers.
fn pair_from_js(v: &JsValue, name: &str) -> Result<(f64, f64), JsValue> {
    let xs = coords_from_js(v, name)?;
    match xs.as_slice() {
        [b, a] => Ok((*b, *a)),
        _ => Err(options_error(
            name,
            &format!("{name} must be [before, after] (got {} numbers)", xs.len()),
        )),
    }
}

/// `[before, after]` whole counts.
fn count_pair(v: &JsValue, name: &str) -> Result<(u64, u64), JsValue> {
    let (b, a) = pair_from_js(v, name)?;
    Ok((
        count_arg(&format!("{name}[0]"), b)?,
        count_arg(&format!("{name}[1]"), a)?,
    ))
}

fn get(v: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(v, &JsValue::from_str(key))
        .ok()
        .filter(|x| !absent(x))
}

// ---------------------------------------------------------------------------------------
// Registry

// A hidden copy method, so that a `Taxonomy` can be passed as an optional argument or inside
// an options object without being consumed (the pattern of `Grid` and `StudyArea`).
#[wasm_bindgen]
impl Taxonomy {
    /// A copy (used when a taxonomy is passed as an optional argument).
    #[wasm_bindgen(js_name = "__estShare", skip_typescript)]
    pub fn share(&self) -> Taxonomy {
        self.clone()
    }
}

/// A taxonomy passed as an optional argument (a copy; the caller's object stays usable);
/// absent gives the EST taxonomy.
pub(crate) fn taxonomy_from_js(v: Option<JsValue>) -> Result<CoreTaxonomy, JsValue> {
    let Some(v) = v.filter(|v| !absent(v)) else {
        return Ok(CoreTaxonomy::est());
    };
    let not_taxonomy = || options_error("taxonomy", "taxonomy must be a Taxonomy instance");
    let share = Reflect::get(&v, &JsValue::from_str("__estShare"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(not_taxonomy)?;
    let copy = share.call0(&v).map_err(|_| not_taxonomy())?;
    Taxonomy::try_from_js_value(copy)
        .map(|t| t.inner)
        .map_err(|_| not_taxonomy())
}

/// The intervention registry (schema `est.interventions/1`): named places and interventions
/// in one CRS, validated against a taxonomy. Read it with {@link Registry.fromJson}, keep it
/// as the JSON of {@link Registry.toJson}.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Registry {
    pub(crate) inner: CoreRegistry,
}

#[wasm_bindgen]
impl Registry {
    /// Reads and validates a registry; categories are resolved with `taxonomy` (default: the
    /// EST taxonomy).
    ///
    /// Throws a `FollowupError` `FOLLOWUP_INVALID_REGISTRY` listing every problem in
    /// `details.issues` (`{path, value, message, code}`).
    ///
    /// @param text - the registry JSON
    /// @param taxonomy - the taxonomy of the categories (default: EST's)
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str, taxonomy: Option<TaxonomyArg>) -> Result<Registry, JsValue> {
        crate::hook();
        let tax = taxonomy_from_js(taxonomy.map(JsValue::from))?;
        Ok(Registry {
            inner: CoreRegistry::from_json(text, &tax).js()?,
        })
    }

    /// The registry as pretty-printed JSON, with descriptions (the file the EST group keeps).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        self.inner.to_json().js()
    }

    /// As {@link Registry.toJson} without the free-text descriptions, for publication.
    #[wasm_bindgen(js_name = toPublicJson)]
    pub fn to_public_json(&self) -> Result<String, JsValue> {
        self.inner.to_public_json().js()
    }

    /// The schema identifier, `"est.interventions/1"`.
    #[wasm_bindgen(getter)]
    pub fn schema(&self) -> String {
        self.inner.schema.clone()
    }

    /// The EPSG code of the place geometries.
    #[wasm_bindgen(getter)]
    pub fn crs(&self) -> u32 {
        self.inner.crs.epsg()
    }

    /// The named places (GeoJSON geometries in the registry's CRS).
    #[wasm_bindgen(getter, unchecked_return_type = "Place[]")]
    pub fn places(&self) -> Result<JsValue, JsValue> {
        to_js_camel(&self.inner.places, &[])
    }

    /// The interventions.
    #[wasm_bindgen(getter, unchecked_return_type = "Intervention[]")]
    pub fn interventions(&self) -> Result<JsValue, JsValue> {
        to_js_camel(&self.inner.interventions, &[])
    }

    /// Validates the registry again, e.g. against a municipality's own taxonomy (default:
    /// the EST taxonomy). Throws as {@link Registry.fromJson}.
    pub fn validate(&self, taxonomy: Option<TaxonomyArg>) -> Result<(), JsValue> {
        let tax = taxonomy_from_js(taxonomy.map(JsValue::from))?;
        self.inner.validate(&tax).js()
    }

    /// Number of interventions.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.interventions.len()
    }

    /// The intervention with this id. Throws a `FollowupError`
    /// `FOLLOWUP_UNKNOWN_INTERVENTION` with the known ids.
    #[wasm_bindgen(unchecked_return_type = "Intervention")]
    pub fn intervention(&self, id: &str) -> Result<JsValue, JsValue> {
        let i = self.inner.intervention(id).js()?;
        to_js_camel(i, &[])
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation and recommendation

fn window_js(w: &Window) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "start", &num(ms(w.start)));
    set(&o, "end", &num(ms(w.end)));
    set(&o, "days", &num(w.days));
    o
}

fn evaluation_js(e: &Evaluation) -> Result<JsValue, JsValue> {
    let out = to_js_camel(e, &ENUM_KEYS)?;
    set(&out, "before", &window_js(&e.before));
    set(&out, "after", &window_js(&e.after));
    set(&out, "paramsUsed", &params_js(&e.params_used)?);
    Ok(out)
}

/// The before/after evaluation of intervention `id`: counts of the targeted categories (with
/// their subcategories) in the target, buffer and control areas (exclusive, in that order),
/// the after-versus-before tests per area, the target's and buffer's IRR relative to the
/// control, gross/net effect, WDQ, TNE, WDD and the 2 × 2 Poisson difference in differences.
/// Measures that the counts do not define are `{ undefined: reason }`.
///
/// Throws a `FollowupError` (`FOLLOWUP_UNKNOWN_INTERVENTION`, `FOLLOWUP_INVALID_REGISTRY`,
/// `FOLLOWUP_INVALID_PARAMETER`), a `CrsError` or an `OptionsError`.
///
/// @param registry - the intervention registry
/// @param id - the intervention's id
/// @param incidents - the incidents (transformed to the registry's CRS when needed)
/// @param options - `asOf`, periods, `alpha`, `studyArea`, `exactBelow`
#[wasm_bindgen(js_name = evaluate, unchecked_return_type = "Evaluation")]
pub fn evaluate_js(
    registry: &Registry,
    id: &str,
    incidents: &Incidents,
    options: Option<EvaluateOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        options.map(JsValue::from),
        &[
            "asOf",
            "before",
            "after",
            "alpha",
            "studyArea",
            "exactBelow",
        ],
    )?;
    let as_of: DateTime<Utc> = match o.get("asOf") {
        Some(t) => time_from_js(&t, "asOf")?,
        // The end of the data (as the Python front door): no clock is read.
        None => match incidents.inner.time_range() {
            Some((_, last)) => last + chrono::Duration::seconds(1),
            None => {
                return Err(invalid(
                    "as_of",
                    "(none)".into(),
                    "an evaluation date (there are no incidents to take it from)",
                ));
            }
        },
    };
    let mut p = EvaluateParams::new(as_of);
    if let Some(w) = o.get("before") {
        p.before = Some(window_from_js(&w, "before")?);
    }
    if let Some(w) = o.get("after") {
        p.after = Some(window_from_js(&w, "after")?);
    }
    if let Some(a) = o.f64("alpha")? {
        p.alpha = a;
    }
    if let Some(s) = o.get("studyArea") {
        p.study_area = Some(
            s.as_string()
                .ok_or_else(|| options_error("studyArea", "studyArea must be a place name"))?,
        );
    }
    if let Some(e) = o.f64("exactBelow")? {
        p.exact_below = whole_number(e, "exactBelow", crate::trend::MAX_SAFE)? as u64;
    }
    let e = evaluate(&registry.inner, id, &incidents.inner, &p).js()?;
    evaluation_js(&e)
}

/// The numbers of a recommendation from an {@link Evaluation} result or a
/// {@link FollowupNumbers} object.
fn numbers_from_js(v: &JsValue) -> Result<FollowupNumbers, JsValue> {
    if !v.is_object() {
        return Err(options_error(
            "evaluation",
            "evaluation must be the result of evaluate() or {target, control, beforeDays, afterDays}",
        ));
    }
    let target = get(v, "target")
        .ok_or_else(|| options_error("evaluation", "evaluation.target is required"))?;
    let goal = |v: Option<JsValue>| -> Result<Option<f64>, JsValue> {
        match v {
            None => Ok(None),
            Some(g) => g
                .as_f64()
                .map(Some)
                .ok_or_else(|| options_error("goalIrr", "goalIrr must be a number")),
        }
    };
    if is_plain_object(&target) {
        // An Evaluation: areas with before/after counts, windows with days.
        let area = |key: &str| -> Result<Option<(u64, u64)>, JsValue> {
            let Some(a) = get(v, key) else {
                return Ok(None);
            };
            let n = |k: &str| -> Result<u64, JsValue> {
                let x = get(&a, k).and_then(|x| x.as_f64()).ok_or_else(|| {
                    options_error("evaluation", &format!("evaluation.{key}.{k} is required"))
                })?;
                count_arg(&format!("{key}.{k}"), x)
            };
            Ok(Some((n("before")?, n("after")?)))
        };
        let days = |key: &str| -> Result<f64, JsValue> {
            get(v, key)
                .and_then(|w| get(&w, "days"))
                .and_then(|d| d.as_f64())
                .ok_or_else(|| {
                    options_error("evaluation", &format!("evaluation.{key}.days is required"))
                })
        };
        let target = area("target")?.unwrap_or_default();
        let control = area("control")?
            .ok_or_else(|| options_error("evaluation", "evaluation.control is required"))?;
        let mut n = FollowupNumbers::new(target, control, days("before")?, days("after")?);
        n.buffer = area("buffer")?;
        n.goal_irr = goal(get(v, "goalIrr"))?;
        return Ok(n);
    }
    crate::error::check_keys(
        v,
        &[
            "target",
            "control",
            "buffer",
            "bufferControl",
            "beforeDays",
            "afterDays",
            "goalIrr",
        ],
        "numbers",
    )?;
    let control =
        get(v, "control").ok_or_else(|| options_error("numbers", "numbers.control is required"))?;
    let days = |k: &str| {
        get(v, k)
            .and_then(|d| d.as_f64())
            .ok_or_else(|| options_error(k, &format!("numbers.{k} (a number) is required")))
    };
    let mut n = FollowupNumbers::new(
        count_pair(&target, "target")?,
        count_pair(&control, "control")?,
        days("beforeDays")?,
        days("afterDays")?,
    );
    if let Some(b) = get(v, "buffer") {
        n.buffer = Some(count_pair(&b, "buffer")?);
    }
    if let Some(b) = get(v, "bufferControl") {
        n.buffer_control = Some(count_pair(&b, "bufferControl")?);
    }
    n.goal_irr = goal(get(v, "goalIrr"))?;
    Ok(n)
}

fn recommend_impl(
    numbers: &FollowupNumbers,
    context: Option<JsValue>,
    params: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let c = Opts::new(context, &["problemPersists", "nearbyEmerging"])?;
    let context = RecommendContext {
        problem_persists: c.bool("problemPersists")?.unwrap_or(false),
        nearby_emerging: match c.f64("nearbyEmerging")? {
            Some(k) => whole_number(k, "nearbyEmerging", f64::from(u32::MAX))? as usize,
            None => 0,
        },
    };
    let o = Opts::new(
        params,
        &[
            "alpha",
            "goalIrr",
            "minFollowupWeeks",
            "maxFollowupWeeks",
            "minEvents",
            "exactBelow",
        ],
    )?;
    let mut p = RecommendParams::default();
    if let Some(a) = o.f64("alpha")? {
        p.alpha = a;
    }
    if let Some(g) = o.f64("goalIrr")? {
        p.goal_irr = g;
    }
    if let Some(w) = o.f64("minFollowupWeeks")? {
        p.min_followup_weeks = w;
    }
    if let Some(w) = o.f64("maxFollowupWeeks")? {
        p.max_followup_weeks = w;
    }
    if let Some(m) = o.f64("minEvents")? {
        p.min_events = whole_number(m, "minEvents", crate::trend::MAX_SAFE)? as u64;
    }
    if let Some(e) = o.f64("exactBelow")? {
        p.exact_below = whole_number(e, "exactBelow", crate::trend::MAX_SAFE)? as u64;
    }
    let r = recommend_from_numbers(numbers, &context, &p).js()?;
    to_js_camel(&r, &ENUM_KEYS)
}

/// The advisory recommendation — continue, expand, change or end — from an evaluation and
/// what the hot-spot analyses say, by the first matching row of a fixed rule table (R0 … R8,
/// method reference §9.8): R0 not yet evaluable → continue; R1 increase → change; R2
/// reduction offset by displacement → change; R3 goal reached and the problem gone → end; R4
/// reduction with diffusion, displacement or emerging hot spots nearby → expand; R5
/// reduction → continue; R6 promising but underpowered → continue; R7 no effect, problem
/// gone → end; R8 → change. The EST group decides; the result says why, in Swedish and
/// English, and echoes every input.
///
/// Throws a `FollowupError` `FOLLOWUP_INVALID_PARAMETER` for a threshold out of range, or an
/// `OptionsError`.
///
/// @param evaluation - the result of {@link evaluate} (or {@link FollowupNumbers})
/// @param context - `problemPersists` (default false) and `nearbyEmerging` (default 0)
/// @param params - thresholds (see {@link RecommendParams})
#[wasm_bindgen(js_name = recommend, unchecked_return_type = "Recommendation")]
pub fn recommend_js(
    #[wasm_bindgen(unchecked_param_type = "Evaluation | FollowupNumbers")] evaluation: JsValue,
    context: Option<RecommendContextArg>,
    params: Option<RecommendParamsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let numbers = numbers_from_js(&evaluation)?;
    recommend_impl(
        &numbers,
        context.map(JsValue::from),
        params.map(JsValue::from),
    )
}

/// {@link recommend} from the counts directly: target and control `[before, after]`,
/// optional buffer (and its own control), the period lengths in days and a registered goal.
///
/// @param numbers - the counts and periods
/// @param context - `problemPersists` (default false) and `nearbyEmerging` (default 0)
/// @param params - thresholds (see {@link RecommendParams})
#[wasm_bindgen(js_name = recommendFromNumbers, unchecked_return_type = "Recommendation")]
pub fn recommend_from_numbers_js(
    #[wasm_bindgen(unchecked_param_type = "FollowupNumbers")] numbers: JsValue,
    context: Option<RecommendContextArg>,
    params: Option<RecommendParamsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    if !is_plain_object(&numbers) {
        return Err(options_error("numbers", "numbers must be an object"));
    }
    let target = get(&numbers, "target");
    if target.as_ref().is_some_and(is_plain_object) {
        return Err(options_error(
            "numbers",
            "numbers.target must be [before, after]; pass an evaluation to recommend()",
        ));
    }
    let n = numbers_from_js(&numbers)?;
    recommend_impl(&n, context.map(JsValue::from), params.map(JsValue::from))
}

/// The IRR of a target relative to a control, `(T1/T0)/(C1/C0)`, with a Wald-log or exact
/// conditional (noncentral hypergeometric, valid with zero counts) interval; `"auto"` is
/// exact when a count is below `exactBelow`.
///
/// Throws a `FollowupError`: `FOLLOWUP_UNDEFINED` (a zero control count, no target
/// incidents, Wald-log with a zero count), `FOLLOWUP_INVALID_PARAMETER`.
///
/// @param t0 - target before
/// @param t1 - target after
/// @param c0 - control before
/// @param c1 - control after
/// @param options - `ci` (`"auto"` default, `"wald-log"`, `"exact"`), `alpha`, `exactBelow`
#[wasm_bindgen(js_name = relativeIrr, unchecked_return_type = "RelativeIrr")]
pub fn relative_irr_js(
    t0: f64,
    t1: f64,
    c0: f64,
    c1: f64,
    options: Option<RelativeIrrOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(options.map(JsValue::from), &["ci", "alpha", "exactBelow"])?;
    let counts = [
        count_arg("t0", t0)?,
        count_arg("t1", t1)?,
        count_arg("c0", c0)?,
        count_arg("c1", c1)?,
    ];
    let exact_below = match o.f64("exactBelow")? {
        Some(e) => whole_number(e, "exactBelow", crate::trend::MAX_SAFE)? as u64,
        None => DEFAULT_EXACT_BELOW,
    };
    let ci = match o.choice(
        "ci",
        &[
            ("auto", None),
            ("wald-log", Some(IrrCi::WaldLog)),
            ("exact", Some(IrrCi::ExactConditional)),
        ],
    )? {
        Some(Some(ci)) => ci,
        _ => IrrCi::auto(&counts, exact_below),
    };
    let [t0, t1, c0, c1] = counts;
    let r = relative_irr(t0, t1, c0, c1, ci, o.f64("alpha")?.unwrap_or(DEFAULT_ALPHA)).js()?;
    to_js_camel(&r, &ENUM_KEYS)
}

// ---------------------------------------------------------------------------------------
// Effect measures

/// The weighted displacement quotient `WDQ = (D_a/C_a − D_b/C_b)/(R_a/C_a − R_b/C_b)`
/// (Bowers & Johnson 2003) with its reading: `> 0` diffusion of benefits, `−1 … 0` some
/// displacement with a net benefit, `≤ −1` displacement exceeds the benefit; interpretable
/// only when the target improved (negative success measure).
///
/// Throws a `FollowupError`: `FOLLOWUP_INVALID_PARAMETER` (a negative count),
/// `FOLLOWUP_UNDEFINED` (a control count or the success measure is zero).
///
/// @param rB - target before
/// @param rA - target after
/// @param dB - buffer before
/// @param dA - buffer after
/// @param cB - control before
/// @param cA - control after
#[wasm_bindgen(js_name = wdq, unchecked_return_type = "WdqResult")]
pub fn wdq_js(
    #[wasm_bindgen(js_name = rB)] r_b: f64,
    #[wasm_bindgen(js_name = rA)] r_a: f64,
    #[wasm_bindgen(js_name = dB)] d_b: f64,
    #[wasm_bindgen(js_name = dA)] d_a: f64,
    #[wasm_bindgen(js_name = cB)] c_b: f64,
    #[wasm_bindgen(js_name = cA)] c_a: f64,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let r = wdq(r_b, r_a, d_b, d_a, c_b, c_a).js()?;
    to_js_camel(&r, &ENUM_KEYS)
}

/// The total net effect `[R_b·C_a/C_b − R_a] + [D_b·C_a/C_b − D_a]` (Guerette 2009):
/// incidents prevented in the target plus the buffer.
///
/// Throws a `FollowupError`: `FOLLOWUP_INVALID_PARAMETER`, `FOLLOWUP_UNDEFINED` (`cB = 0`).
///
/// @param rB - target before
/// @param rA - target after
/// @param dB - buffer before
/// @param dA - buffer after
/// @param cB - control before
/// @param cA - control after
#[wasm_bindgen(js_name = tne, unchecked_return_type = "TneResult")]
pub fn tne_js(
    #[wasm_bindgen(js_name = rB)] r_b: f64,
    #[wasm_bindgen(js_name = rA)] r_a: f64,
    #[wasm_bindgen(js_name = dB)] d_b: f64,
    #[wasm_bindgen(js_name = dA)] d_a: f64,
    #[wasm_bindgen(js_name = cB)] c_b: f64,
    #[wasm_bindgen(js_name = cA)] c_a: f64,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let r = tne(r_b, r_a, d_b, d_a, c_b, c_a).js()?;
    to_js_camel(&r, &[])
}

/// Gross effect `R_b − R_a` and net effect `R_b/C_b − R_a/C_a` (positive = a decrease).
///
/// Throws a `FollowupError`: `FOLLOWUP_INVALID_PARAMETER`, `FOLLOWUP_UNDEFINED` (a control
/// count is zero).
///
/// @param rB - target before
/// @param rA - target after
/// @param cB - control before
/// @param cA - control after
#[wasm_bindgen(js_name = grossNetEffect, unchecked_return_type = "GrossNetResult")]
pub fn gross_net_effect_js(
    #[wasm_bindgen(js_name = rB)] r_b: f64,
    #[wasm_bindgen(js_name = rA)] r_a: f64,
    #[wasm_bindgen(js_name = cB)] c_b: f64,
    #[wasm_bindgen(js_name = cA)] c_a: f64,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let r = est_core::followup::effect::gross_net_effect(r_b, r_a, c_b, c_a).js()?;
    to_js_camel(&r, &[])
}

/// The weighted displacement difference test (Wheeler & Ratcliffe 2018; ptools `wdd`):
/// `(T1 − T0) − (C1 − C0)` plus the same for the displacement areas, each count divided by
/// its time × area weight, with a normal interval. Negative = incidents prevented.
///
/// Throws a `FollowupError`: `FOLLOWUP_INVALID_PARAMETER` (a negative count, a weight ≤ 0, a
/// bad `alpha`), `FOLLOWUP_UNDEFINED` (every count zero).
///
/// @param control - control `[before, after]`
/// @param treated - treated (target) `[before, after]`
/// @param options - displacement counts, weights and `alpha` (default 0.05)
#[wasm_bindgen(js_name = wdd, unchecked_return_type = "WddResult")]
pub fn wdd_js(
    control: BeforeAfterArg,
    treated: BeforeAfterArg,
    options: Option<WddOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        options.map(JsValue::from),
        &[
            "dispControl",
            "dispTreated",
            "timeWeights",
            "areaWeights",
            "alpha",
        ],
    )?;
    let mut counts = WddCounts::new(
        pair_from_js(&control.into(), "control")?,
        pair_from_js(&treated.into(), "treated")?,
    );
    match (o.get("dispControl"), o.get("dispTreated")) {
        (None, None) => {}
        (dc, dt) => {
            let zero = (0.0, 0.0);
            let dc = dc.map_or(Ok(zero), |v| pair_from_js(&v, "dispControl"))?;
            let dt = dt.map_or(Ok(zero), |v| pair_from_js(&v, "dispTreated"))?;
            counts = counts.with_displacement(dc, dt);
        }
    }
    if let Some(t) = o.get("timeWeights") {
        let (b, a) = pair_from_js(&t, "timeWeights")?;
        counts = counts.with_time_weights(b, a);
    }
    if let Some(a) = o.get("areaWeights") {
        let w = coords_from_js(&a, "areaWeights")?;
        let w: [f64; 4] = w.as_slice().try_into().map_err(|_| {
            options_error(
                "areaWeights",
                &format!(
                    "areaWeights needs 4 numbers (control, treated, displacement control, \
                     displacement treated), got {}",
                    w.len()
                ),
            )
        })?;
        counts = counts.with_area_weights(w);
    }
    let r = wdd(&counts, o.f64("alpha")?.unwrap_or(DEFAULT_ALPHA)).js()?;
    to_js_camel(&r, &[])
}

/// Harm-weighted WDD over crime types (ptools `wdd_harm`): `H = Σ h_k·est_k`,
/// `SE = √(Σ h_k²·se_k²)`, with a normal interval.
///
/// Throws a `FollowupError`: `FOLLOWUP_INVALID_PARAMETER` (lengths differ, a negative weight
/// or standard error), `FOLLOWUP_UNDEFINED` (zero standard error).
///
/// @param estimates - the WDD estimate of each crime type
/// @param ses - their standard errors
/// @param harm - the harm weight of each type
/// @param alpha - 1 − coverage (default 0.05)
#[wasm_bindgen(js_name = wddHarm, unchecked_return_type = "WddHarmResult")]
pub fn wdd_harm_js(
    estimates: ValuesArg,
    ses: ValuesArg,
    harm: ValuesArg,
    alpha: Option<f64>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let e = coords_from_js(&estimates.into(), "estimates")?;
    let s = coords_from_js(&ses.into(), "ses")?;
    let h = coords_from_js(&harm.into(), "harm")?;
    let r = wdd_harm_values(&e, &s, &h, alpha.unwrap_or(DEFAULT_ALPHA)).js()?;
    to_js_camel(&r, &[])
}

fn did_js(d: &Did) -> Result<JsValue, JsValue> {
    to_js_camel(d, &ENUM_KEYS)
}

/// The 2 × 2 Poisson difference in differences: `IRR = (T1/T0)/(C1/C0)`,
/// `SE(ln IRR) = √(1/T0 + 1/T1 + 1/C0 + 1/C1)` (equal to a Poisson GLM fit).
///
/// Throws a `FollowupError`: `FOLLOWUP_UNDEFINED` (a count is zero),
/// `FOLLOWUP_INVALID_PARAMETER` (a count that is not whole, a bad `alpha`).
///
/// @param t0 - treated before
/// @param t1 - treated after
/// @param c0 - control before
/// @param c1 - control after
/// @param alpha - 1 − coverage (default 0.05)
#[wasm_bindgen(js_name = did2x2, unchecked_return_type = "DidResult")]
pub fn did_2x2_js(
    t0: f64,
    t1: f64,
    c0: f64,
    c1: f64,
    alpha: Option<f64>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let r = did_2x2(
        count_arg("t0", t0)?,
        count_arg("t1", t1)?,
        count_arg("c0", c0)?,
        count_arg("c1", c1)?,
        alpha.unwrap_or(DEFAULT_ALPHA),
    )
    .js()?;
    did_js(&r)
}

/// Labels (whole numbers ≥ 0).
fn labels_from_js(v: &JsValue, name: &str) -> Result<Vec<usize>, JsValue> {
    coords_from_js(v, name)?
        .into_iter()
        .map(|x| whole_number(x, name, f64::from(u32::MAX)).map(|x| x as usize))
        .collect()
}

/// Poisson difference in differences on a panel (areas × periods) by IRLS:
/// `log E[y_i] = α_group(i) + γ_time(i) + δ·treatedPost_i (+ log exposure_i)`, `IRR = e^δ`;
/// optionally quasi-Poisson standard errors. Matches statsmodels' Poisson GLM to 1e-6.
///
/// Throws a `FollowupError`: `FOLLOWUP_INVALID_PARAMETER` (lengths differ, a negative count,
/// an exposure ≤ 0, too many fixed effects), `FOLLOWUP_UNDEFINED` (no treated-after events,
/// collinear design, no convergence).
///
/// @param y - counts
/// @param group - group (area) label of each count, whole numbers
/// @param time - period label of each count, whole numbers
/// @param treatedPost - whether each count is of a treated area after the start
/// @param options - exposure, overdispersion, alpha
#[wasm_bindgen(js_name = didPanel, unchecked_return_type = "DidResult")]
pub fn did_panel_js(
    y: ValuesArg,
    group: ValuesArg,
    time: ValuesArg,
    #[wasm_bindgen(js_name = treatedPost, unchecked_param_type = "Flags")] treated_post: JsValue,
    options: Option<DidPanelOptionsArg>,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let o = Opts::new(
        options.map(JsValue::from),
        &["exposure", "overdispersion", "alpha"],
    )?;
    let y = coords_from_js(&y.into(), "y")?;
    let group = labels_from_js(&group.into(), "group")?;
    let time = labels_from_js(&time.into(), "time")?;
    let tp = flags_from_js(&treated_post, "treatedPost")?;
    let exposure = match o.get("exposure") {
        Some(e) => Some(coords_from_js(&e, "exposure")?),
        None => None,
    };
    let r = did_panel(
        &y,
        &group,
        &time,
        &tp,
        exposure.as_deref(),
        o.bool("overdispersion")?.unwrap_or(false),
        o.f64("alpha")?.unwrap_or(DEFAULT_ALPHA),
    )
    .js()?;
    did_js(&r)
}
