//! The advisory recommendation after a follow-up: **continue**, **expand**, **change** or
//! **end** (*fortsätt, utvidga, ändra, avsluta*) — method reference §9.8 (an est design ◆; no
//! published rule exists). The EST group decides; est shows the rule that fired, the numbers
//! behind it and plain sentences in Swedish and English.
//!
//! **Derived.** `IRR_T = (T1/T0)/(C1/C0)`, the target's change relative to the control, with
//! its `1 − α` interval ([`relative_irr`]: exact conditional when any count is 0 (§9.8) or
//! below `exact_below`, Wald-log otherwise); the buffer's `IRR_B` relative to the buffer's
//! control the same way; WDQ; WDD total with its interval (time weights before/after days, 1).
//! Evidence: **Reduction** if the upper limit of `IRR_T` is below 1, **Increase** if the lower
//! limit is above 1, else **Inconclusive**. Buffer: **Displacement** if the lower limit of
//! `IRR_B` is above 1, **Diffusion** if the upper limit is below 1, else neutral.
//!
//! **Rule** (first match):
//!
//! | Id | Condition | Suggestion |
//! |---|---|---|
//! | R0 | follow-up < `min_followup_weeks`, or target events (before + after) < `min_events`, or a control count is 0 | continue (not yet evaluable) |
//! | R1 | Increase | change |
//! | R2 | Reduction ∧ Displacement ∧ WDD total interval not entirely < 0 | change |
//! | R3 | Reduction ∧ `IRR_T ≤ goal_irr` ∧ ¬`problem_persists` | end |
//! | R4 | Reduction ∧ (Diffusion ∨ Displacement ∨ `nearby_emerging > 0`) | expand |
//! | R5 | Reduction | continue |
//! | R6 | Inconclusive ∧ `IRR_T < 1` ∧ follow-up < `max_followup_weeks` | continue |
//! | R7 | Inconclusive ∧ ¬`problem_persists` | end |
//! | R8 | Inconclusive | change |
//!
//! The rule is total: R5 closes every Reduction, R8 every Inconclusive and R1 every Increase
//! (property-tested). Lowering the target's after count never turns continue/expand/end into
//! change **when the buffer shows no displacement**; with displacement it can (R6 or R7 → R2:
//! a reduction that becomes significant while the buffer grows is flagged as offset by
//! displacement), which the tests document.
//!
//! Defaults (every threshold a parameter, all est ◆): `alpha` 0.05, `goal_irr` 0.8 (a 20 %
//! relative reduction; the registry's goal for the intervention replaces it),
//! `min_followup_weeks` 12 (one quarter), `max_followup_weeks` 52, `min_events` 10 in the
//! target before + after, `exact_below` 5.
//!
//! ```
//! use est_core::followup::recommend::{
//!     recommend_from_numbers, FollowupNumbers, RecommendContext, RecommendParams, Suggestion,
//! };
//!
//! let numbers = FollowupNumbers::new((120, 60), (400, 410), 91.0, 91.0);
//! let context = RecommendContext { problem_persists: false, nearby_emerging: 0 };
//! let r = recommend_from_numbers(&numbers, &context, &RecommendParams::default())?;
//! assert_eq!((r.suggestion, r.rule_id.as_str()), (Suggestion::End, "R3"));
//! assert!(r.reasons_sv[0].starts_with("Händelserna i målområdet minskade med 51 %"));
//!
//! let few = FollowupNumbers::new((4, 3), (400, 410), 91.0, 91.0);
//! let r = recommend_from_numbers(&few, &context, &RecommendParams::default())?;
//! assert_eq!((r.suggestion, r.rule_id.as_str()), (Suggestion::Continue, "R0"));
//! assert!(r.too_few_incidents && r.reasons_sv[0].contains("för få händelser för att bedöma"));
//! # Ok::<(), est_core::followup::FollowupError>(())
//! ```

use serde::Serialize;

use super::FollowupError;
use super::effect::{
    DEFAULT_ALPHA, DEFAULT_EXACT_BELOW, Defined, Evaluation, IrrCi, RelativeIrr, Wdd, WddCounts,
    Wdq, relative_irr, wdd, wdq,
};

/// Thresholds of the rule; every default is an est design choice (◆, method reference §9.8).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecommendParams {
    /// Significance level of the intervals (◆ 0.05).
    pub alpha: f64,
    /// Goal as an IRR, used when the intervention has none in the registry (◆ 0.8).
    pub goal_irr: f64,
    /// Shortest follow-up that is judged (◆ 12 weeks, one quarter).
    pub min_followup_weeks: f64,
    /// Longest follow-up for "promising, keep going" (◆ 52 weeks).
    pub max_followup_weeks: f64,
    /// Fewest target incidents, before + after, that are judged (◆ 10).
    pub min_events: u64,
    /// Counts below which intervals are exact conditional rather than Wald-log (◆ 5; a zero
    /// count always gives the exact interval, as §9.8 asks).
    pub exact_below: u64,
}

impl Default for RecommendParams {
    fn default() -> Self {
        RecommendParams {
            alpha: DEFAULT_ALPHA,
            goal_irr: 0.8,
            min_followup_weeks: 12.0,
            max_followup_weeks: 52.0,
            min_events: 10,
            exact_below: DEFAULT_EXACT_BELOW,
        }
    }
}

/// What the counts cannot tell: from the hot-spot and emerging-hot-spot analyses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecommendContext {
    /// The target is still a significant hot spot in the latest period (§4.2/§5.4).
    pub problem_persists: bool,
    /// New, consecutive or intensifying hot spots within the buffer (§5.3).
    pub nearby_emerging: usize,
}

/// The counts and periods behind a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowupNumbers {
    /// Target incidents (before, after).
    pub target: (u64, u64),
    /// Control incidents (before, after).
    pub control: (u64, u64),
    /// Buffer incidents (before, after), if there is a buffer.
    pub buffer: Option<(u64, u64)>,
    /// The buffer's control (before, after); `None`: the control.
    pub buffer_control: Option<(u64, u64)>,
    /// Length of the before period, days.
    pub before_days: f64,
    /// Length of the after period (the follow-up), days.
    pub after_days: f64,
    /// The goal registered for the intervention, if any.
    pub goal_irr: Option<f64>,
}

impl FollowupNumbers {
    /// Target and control counts (before, after) and the period lengths in days.
    pub fn new(target: (u64, u64), control: (u64, u64), before_days: f64, after_days: f64) -> Self {
        FollowupNumbers {
            target,
            control,
            buffer: None,
            buffer_control: None,
            before_days,
            after_days,
            goal_irr: None,
        }
    }

    /// Adds buffer counts (before, after).
    pub fn with_buffer(mut self, buffer: (u64, u64)) -> Self {
        self.buffer = Some(buffer);
        self
    }

    /// The numbers of an [`Evaluation`].
    pub fn from_evaluation(e: &Evaluation) -> Self {
        FollowupNumbers {
            target: (e.target.before, e.target.after),
            control: (e.control.before, e.control.after),
            buffer: e.buffer.as_ref().map(|b| (b.before, b.after)),
            buffer_control: None,
            before_days: e.before.days,
            after_days: e.after.days,
            goal_irr: e.goal_irr,
        }
    }
}

/// The suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suggestion {
    /// Keep the intervention as it is (*fortsätt*).
    Continue,
    /// Extend it to a larger or neighbouring area (*utvidga*).
    Expand,
    /// Change its content or approach (*ändra*).
    Change,
    /// End it (*avsluta*), keeping early-warning monitoring.
    End,
}

impl Suggestion {
    /// Swedish label: "fortsätt", "utvidga", "ändra", "avsluta".
    pub fn label_sv(self) -> &'static str {
        match self {
            Suggestion::Continue => "fortsätt",
            Suggestion::Expand => "utvidga",
            Suggestion::Change => "ändra",
            Suggestion::End => "avsluta",
        }
    }

    /// English label: "continue", "expand", "change", "end".
    pub fn label_en(self) -> &'static str {
        match self {
            Suggestion::Continue => "continue",
            Suggestion::Expand => "expand",
            Suggestion::Change => "change",
            Suggestion::End => "end",
        }
    }
}

/// What the target's interval says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Upper limit of `IRR_T` below 1.
    Reduction,
    /// Lower limit of `IRR_T` above 1.
    Increase,
    /// The interval contains 1 (or `IRR_T` is undefined).
    Inconclusive,
}

/// What the buffer's interval says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BufferEffect {
    /// Lower limit of `IRR_B` above 1.
    Displacement,
    /// Upper limit of `IRR_B` below 1.
    Diffusion,
    /// Neither (or no buffer).
    Neutral,
}

/// A row of the rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Rule {
    /// Not yet evaluable → continue.
    R0,
    /// Increase → change.
    R1,
    /// Displacement offsets the benefit → change.
    R2,
    /// Goal reached, problem gone → end.
    R3,
    /// Benefit spreads or problem moves/emerges nearby → expand.
    R4,
    /// Reduction → continue.
    R5,
    /// Promising, underpowered → continue.
    R6,
    /// No effect, problem gone → end.
    R7,
    /// No effect → change.
    R8,
}

impl Rule {
    /// All rows in order.
    pub const ALL: [Rule; 9] = [
        Rule::R0,
        Rule::R1,
        Rule::R2,
        Rule::R3,
        Rule::R4,
        Rule::R5,
        Rule::R6,
        Rule::R7,
        Rule::R8,
    ];

    /// `"R0"` … `"R8"`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::R0 => "R0",
            Rule::R1 => "R1",
            Rule::R2 => "R2",
            Rule::R3 => "R3",
            Rule::R4 => "R4",
            Rule::R5 => "R5",
            Rule::R6 => "R6",
            Rule::R7 => "R7",
            Rule::R8 => "R8",
        }
    }

    /// The suggestion of this row.
    pub fn suggestion(self) -> Suggestion {
        match self {
            Rule::R0 | Rule::R5 | Rule::R6 => Suggestion::Continue,
            Rule::R1 | Rule::R2 | Rule::R8 => Suggestion::Change,
            Rule::R3 | Rule::R7 => Suggestion::End,
            Rule::R4 => Suggestion::Expand,
        }
    }

    /// Whether this row's condition holds.
    pub fn holds(self, f: &RuleFacts) -> bool {
        use Evidence::{Inconclusive, Increase, Reduction};
        match self {
            Rule::R0 => f.followup_too_short || f.too_few_incidents,
            Rule::R1 => f.evidence == Increase,
            Rule::R2 => {
                f.evidence == Reduction
                    && f.buffer == BufferEffect::Displacement
                    && !f.wdd_entirely_below_zero
            }
            Rule::R3 => f.evidence == Reduction && f.irr_at_most_goal && !f.problem_persists,
            Rule::R4 => {
                f.evidence == Reduction
                    && (f.buffer != BufferEffect::Neutral || f.nearby_emerging > 0)
            }
            Rule::R5 => f.evidence == Reduction,
            Rule::R6 => f.evidence == Inconclusive && f.irr_below_one && f.followup_below_max,
            Rule::R7 => f.evidence == Inconclusive && !f.problem_persists,
            Rule::R8 => f.evidence == Inconclusive,
        }
    }
}

/// The facts the rule reads, derived from the numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleFacts {
    /// Follow-up shorter than `min_followup_weeks`.
    pub followup_too_short: bool,
    /// Target events below `min_events`, or a control count of 0.
    pub too_few_incidents: bool,
    /// The target's evidence.
    pub evidence: Evidence,
    /// The buffer's reading.
    pub buffer: BufferEffect,
    /// The WDD total interval lies entirely below 0.
    pub wdd_entirely_below_zero: bool,
    /// `IRR_T ≤ goal_irr`.
    pub irr_at_most_goal: bool,
    /// `IRR_T < 1`.
    pub irr_below_one: bool,
    /// Follow-up shorter than `max_followup_weeks`.
    pub followup_below_max: bool,
    /// From the context.
    pub problem_persists: bool,
    /// From the context.
    pub nearby_emerging: usize,
}

/// Every row whose condition holds, in table order (the first is the one that fires).
pub fn matching_rules(facts: &RuleFacts) -> Vec<Rule> {
    Rule::ALL.into_iter().filter(|r| r.holds(facts)).collect()
}

/// Everything the recommendation used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecommendInputs {
    /// The counts and periods.
    pub numbers: FollowupNumbers,
    /// The context.
    pub context: RecommendContext,
    /// The thresholds.
    pub params: RecommendParams,
    /// The goal applied.
    pub goal_irr: f64,
    /// Where it came from: `"registry"` or `"params"`.
    pub goal_source: String,
    /// `after_days / 7`.
    pub followup_weeks: f64,
}

/// The recommendation with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The suggestion.
    pub suggestion: Suggestion,
    /// Its Swedish label.
    pub label_sv: String,
    /// Its English label.
    pub label_en: String,
    /// The rule that fired, `"R0"` … `"R8"`.
    pub rule_id: String,
    /// The target's evidence.
    pub evidence: Evidence,
    /// The buffer's reading.
    pub buffer: BufferEffect,
    /// Whether too few incidents (in the target, or a zero control count) stopped the judgement.
    pub too_few_incidents: bool,
    /// The facts the rule read.
    pub facts: RuleFacts,
    /// `IRR_T` with its interval, when defined.
    pub irr_target: Option<RelativeIrr>,
    /// `IRR_B` with its interval, when there is a buffer and it is defined.
    pub irr_buffer: Option<RelativeIrr>,
    /// WDQ (undefined without a buffer).
    pub wdq: Defined<Wdq>,
    /// WDD total with its interval.
    pub wdd: Defined<Wdd>,
    /// Plain Swedish sentences with the numbers.
    pub reasons_sv: Vec<String>,
    /// The same in English.
    pub reasons_en: Vec<String>,
    /// Every input, echoed.
    pub inputs: RecommendInputs,
}

fn invalid(name: &str, value: f64, expected: &str) -> FollowupError {
    FollowupError::InvalidParameter {
        name: name.into(),
        value: value.to_string(),
        expected: expected.into(),
    }
}

fn check_params(p: &RecommendParams, n: &FollowupNumbers) -> Result<(), FollowupError> {
    if !(p.alpha > 0.0 && p.alpha < 1.0) {
        return Err(invalid(
            "alpha",
            p.alpha,
            "a level strictly between 0 and 1",
        ));
    }
    for (name, g) in [
        ("goal_irr", Some(p.goal_irr)),
        ("numbers.goal_irr", n.goal_irr),
    ] {
        if let Some(g) = g
            && !(g > 0.0 && g <= 1.0)
        {
            return Err(invalid(name, g, "an incidence rate ratio in (0, 1]"));
        }
    }
    if !(p.min_followup_weeks.is_finite() && p.min_followup_weeks >= 0.0) {
        return Err(invalid(
            "min_followup_weeks",
            p.min_followup_weeks,
            "a number of weeks ≥ 0",
        ));
    }
    if p.max_followup_weeks.is_nan() || p.max_followup_weeks < p.min_followup_weeks {
        return Err(invalid(
            "max_followup_weeks",
            p.max_followup_weeks,
            "a number of weeks ≥ min_followup_weeks",
        ));
    }
    for (name, d) in [("before_days", n.before_days), ("after_days", n.after_days)] {
        if !(d.is_finite() && d > 0.0) {
            return Err(invalid(name, d, "a positive number of days"));
        }
    }
    Ok(())
}

/// The recommendation for an [`Evaluation`] (its counts, periods and registered goal).
///
/// # Errors
/// As [`recommend_from_numbers`].
pub fn recommend(
    evaluation: &Evaluation,
    context: &RecommendContext,
    params: &RecommendParams,
) -> Result<Recommendation, FollowupError> {
    recommend_from_numbers(
        &FollowupNumbers::from_evaluation(evaluation),
        context,
        params,
    )
}

/// The recommendation from the counts directly (§9.8; see the module docs for the rule).
///
/// # Errors
/// [`FollowupError::InvalidParameter`] for an `alpha` outside (0, 1), a goal outside (0, 1],
/// negative or reversed follow-up thresholds, or a period length that is not positive. For
/// valid parameters it never fails: every input reaches exactly one rule.
pub fn recommend_from_numbers(
    numbers: &FollowupNumbers,
    context: &RecommendContext,
    params: &RecommendParams,
) -> Result<Recommendation, FollowupError> {
    check_params(params, numbers)?;
    let alpha = params.alpha;
    let (t0, t1) = numbers.target;
    let (c0, c1) = numbers.control;
    let weeks = numbers.after_days / 7.0;
    let (goal, goal_source) = match numbers.goal_irr {
        Some(g) => (g, "registry"),
        None => (params.goal_irr, "params"),
    };

    let irr_with = |a: (u64, u64), c: (u64, u64)| {
        let ci = IrrCi::auto(&[a.0, a.1, c.0, c.1], params.exact_below);
        relative_irr(a.0, a.1, c.0, c.1, ci, alpha).ok()
    };
    let irr_target = irr_with(numbers.target, numbers.control);
    let evidence = match &irr_target {
        Some(r) if r.upper < 1.0 => Evidence::Reduction,
        Some(r) if r.lower > 1.0 => Evidence::Increase,
        _ => Evidence::Inconclusive,
    };
    let buffer_control = numbers.buffer_control.unwrap_or(numbers.control);
    let irr_buffer = numbers.buffer.and_then(|b| irr_with(b, buffer_control));
    let buffer = match &irr_buffer {
        Some(r) if r.lower > 1.0 => BufferEffect::Displacement,
        Some(r) if r.upper < 1.0 => BufferEffect::Diffusion,
        _ => BufferEffect::Neutral,
    };
    let f = |x: u64| x as f64;
    let wdq_value = match numbers.buffer {
        Some((d0, d1)) => Defined::from_result(wdq(f(t0), f(t1), f(d0), f(d1), f(c0), f(c1))),
        None => Defined::Undefined("there is no buffer (displacement) area".into()),
    };
    let mut counts = WddCounts::new((f(c0), f(c1)), (f(t0), f(t1)))
        .with_time_weights(numbers.before_days / numbers.after_days, 1.0);
    if let Some((d0, d1)) = numbers.buffer {
        counts =
            counts.with_displacement((f(buffer_control.0), f(buffer_control.1)), (f(d0), f(d1)));
    }
    let wdd_value = Defined::from_result(wdd(&counts, alpha));

    let target_events = t0 + t1;
    let too_few = target_events < params.min_events || c0 == 0 || c1 == 0;
    let irr = irr_target.as_ref().map_or(f64::NAN, |r| r.irr);
    let facts = RuleFacts {
        followup_too_short: weeks < params.min_followup_weeks,
        too_few_incidents: too_few,
        evidence,
        buffer,
        wdd_entirely_below_zero: wdd_value.value().is_some_and(|w| w.upper < 0.0),
        irr_at_most_goal: irr <= goal,
        irr_below_one: irr < 1.0,
        followup_below_max: weeks < params.max_followup_weeks,
        problem_persists: context.problem_persists,
        nearby_emerging: context.nearby_emerging,
    };
    // R5 and R8 close Reduction and Inconclusive, R1 closes Increase: some row always holds.
    let rule = Rule::ALL
        .into_iter()
        .find(|r| r.holds(&facts))
        .unwrap_or(Rule::R8);
    let suggestion = rule.suggestion();

    let text = Text {
        numbers,
        params,
        facts: &facts,
        irr_target: irr_target.as_ref(),
        irr_buffer: irr_buffer.as_ref(),
        wdq: wdq_value.value(),
        wdd: wdd_value.value(),
        goal,
        weeks,
    };
    let (reasons_sv, reasons_en) = text.reasons(rule);

    Ok(Recommendation {
        suggestion,
        label_sv: suggestion.label_sv().to_string(),
        label_en: suggestion.label_en().to_string(),
        rule_id: rule.id().to_string(),
        evidence,
        buffer,
        too_few_incidents: too_few,
        facts: facts.clone(),
        irr_target,
        irr_buffer,
        wdq: wdq_value,
        wdd: wdd_value,
        reasons_sv,
        reasons_en,
        inputs: RecommendInputs {
            numbers: numbers.clone(),
            context: context.clone(),
            params: params.clone(),
            goal_irr: goal,
            goal_source: goal_source.to_string(),
            followup_weeks: weeks,
        },
    })
}

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

/// A number with `dec` decimals: decimal comma and a true minus sign in Swedish.
fn num(x: f64, dec: usize, sv: bool) -> String {
    if x.is_infinite() {
        return if x > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    let s = format!("{x:.dec$}");
    if sv {
        s.replace('.', ",").replace('-', "−")
    } else {
        s
    }
}

/// A number of weeks: whole, or with one decimal.
fn weeks_text(w: f64, sv: bool) -> String {
    if (w - w.round()).abs() < 0.05 {
        format!("{}", w.round())
    } else {
        num(w, 1, sv)
    }
}

/// The confidence level in per cent (`95`, `90`, `99,9`).
fn level(alpha: f64, sv: bool) -> String {
    let c = (1.0 - alpha) * 100.0;
    if (c - c.round()).abs() < 1e-9 {
        format!("{}", c.round())
    } else {
        num(c, 1, sv)
    }
}

struct Text<'a> {
    numbers: &'a FollowupNumbers,
    params: &'a RecommendParams,
    facts: &'a RuleFacts,
    irr_target: Option<&'a RelativeIrr>,
    irr_buffer: Option<&'a RelativeIrr>,
    wdq: Option<&'a Wdq>,
    wdd: Option<&'a Wdd>,
    goal: f64,
    weeks: f64,
}

impl Text<'_> {
    fn reasons(&self, rule: Rule) -> (Vec<String>, Vec<String>) {
        let mut sv = Vec::new();
        let mut en = Vec::new();
        if rule == Rule::R0 {
            self.not_evaluable(&mut sv, &mut en);
            return (sv, en);
        }
        self.effect(&mut sv, &mut en);
        self.buffer(&mut sv, &mut en);
        self.conclusion(rule, &mut sv, &mut en);
        (sv, en)
    }

    fn not_evaluable(&self, sv: &mut Vec<String>, en: &mut Vec<String>) {
        let p = self.params;
        let (t0, t1) = self.numbers.target;
        let (c0, c1) = self.numbers.control;
        if t0 + t1 < p.min_events {
            sv.push(format!(
                "Det finns för få händelser för att bedöma effekten: {} i målområdet före och \
                 efter insatsen (minst {} behövs).",
                t0 + t1,
                p.min_events
            ));
            en.push(format!(
                "There are too few incidents to judge the effect: {} in the target area before \
                 and after the intervention (at least {} needed).",
                t0 + t1,
                p.min_events
            ));
        }
        if c0 == 0 || c1 == 0 {
            let (when_sv, when_en) = match (c0, c1) {
                (0, 0) => ("före och efter", "before and after"),
                (0, _) => ("före", "before"),
                _ => ("efter", "after"),
            };
            sv.push(format!(
                "Det finns för få händelser för att bedöma effekten: kontrollområdet har 0 \
                 händelser {when_sv} insatsen, så jämförelsen går inte att göra."
            ));
            en.push(format!(
                "There are too few incidents to judge the effect: the control area has 0 \
                 incidents {when_en} the intervention, so there is nothing to compare with."
            ));
        }
        if self.facts.followup_too_short {
            sv.push(format!(
                "Uppföljningen omfattar {} veckor; minst {} veckor behövs innan effekten kan \
                 bedömas.",
                weeks_text(self.weeks, true),
                weeks_text(p.min_followup_weeks, true)
            ));
            en.push(format!(
                "The follow-up covers {} weeks; at least {} weeks are needed before the effect \
                 can be judged.",
                weeks_text(self.weeks, false),
                weeks_text(p.min_followup_weeks, false)
            ));
        }
        sv.push("Fortsätt och samla in fler uppgifter innan insatsen bedöms.".into());
        en.push("Continue and collect more data before judging the intervention.".into());
    }

    fn interval(r: &RelativeIrr, sv: bool) -> String {
        let l = level(r.alpha, sv);
        if sv {
            format!(
                "IRR {}; {l} % KI {}–{}",
                num(r.irr, 2, true),
                num(r.lower, 2, true),
                num(r.upper, 2, true)
            )
        } else {
            format!(
                "IRR {}; {l} % CI {}–{}",
                num(r.irr, 2, false),
                num(r.lower, 2, false),
                num(r.upper, 2, false)
            )
        }
    }

    fn effect(&self, sv: &mut Vec<String>, en: &mut Vec<String>) {
        let Some(r) = self.irr_target else {
            sv.push(
                "Förändringen i målområdet jämfört med kontrollområdet kan inte beräknas.".into(),
            );
            en.push(
                "The change in the target area relative to the control area cannot be computed."
                    .into(),
            );
            return;
        };
        let (isv, ien) = (Self::interval(r, true), Self::interval(r, false));
        if r.irr.is_infinite() {
            let t1 = self.numbers.target.1;
            sv.push(format!(
                "Målområdet hade inga händelser före insatsen men {t1} efter ({} % KI för IRR \
                 {}–∞).",
                level(r.alpha, true),
                num(r.lower, 2, true)
            ));
            en.push(format!(
                "The target area had no incidents before the intervention and {t1} after ({} % \
                 CI of the IRR {}–∞).",
                level(r.alpha, false),
                num(r.lower, 2, false)
            ));
        } else if r.irr < 1.0 {
            let pct = ((1.0 - r.irr) * 100.0).round();
            sv.push(format!(
                "Händelserna i målområdet minskade med {pct} % ({isv}) jämfört med \
                 kontrollområdet."
            ));
            en.push(format!(
                "Incidents in the target area fell by {pct} % ({ien}) relative to the control \
                 area."
            ));
        } else if r.irr > 1.0 {
            let pct = ((r.irr - 1.0) * 100.0).round();
            sv.push(format!(
                "Händelserna i målområdet ökade med {pct} % ({isv}) jämfört med kontrollområdet."
            ));
            en.push(format!(
                "Incidents in the target area rose by {pct} % ({ien}) relative to the control \
                 area."
            ));
        } else {
            sv.push(format!(
                "Händelserna i målområdet förändrades som i kontrollområdet ({isv})."
            ));
            en.push(format!(
                "Incidents in the target area changed as in the control area ({ien})."
            ));
        }
        match self.facts.evidence {
            Evidence::Reduction => {
                sv.push(
                    "Minskningen är statistiskt säkerställd: hela konfidensintervallet ligger \
                     under 1."
                        .into(),
                );
                en.push(
                    "The reduction is statistically significant: the whole confidence interval \
                     lies below 1."
                        .into(),
                );
            }
            Evidence::Increase => {
                sv.push(
                    "Ökningen är statistiskt säkerställd: hela konfidensintervallet ligger över 1."
                        .into(),
                );
                en.push(
                    "The increase is statistically significant: the whole confidence interval \
                     lies above 1."
                        .into(),
                );
            }
            Evidence::Inconclusive => {
                sv.push(
                    "Förändringen är inte statistiskt säkerställd: konfidensintervallet omfattar 1."
                        .into(),
                );
                en.push(
                    "The change is not statistically significant: the confidence interval \
                     includes 1."
                        .into(),
                );
            }
        }
    }

    fn buffer(&self, sv: &mut Vec<String>, en: &mut Vec<String>) {
        if self.numbers.buffer.is_none() {
            return;
        }
        let Some(r) = self.irr_buffer else {
            sv.push("Buffertområdet har för få händelser för att bedöma förflyttning.".into());
            en.push("The buffer area has too few incidents to judge displacement.".into());
            return;
        };
        let (isv, ien) = (Self::interval(r, true), Self::interval(r, false));
        match self.facts.buffer {
            BufferEffect::Displacement => {
                sv.push(format!(
                    "I buffertområdet ökade händelserna jämfört med kontrollområdet ({isv}): \
                     tecken på förflyttning."
                ));
                en.push(format!(
                    "In the buffer area incidents rose relative to the control area ({ien}): a \
                     sign of displacement."
                ));
            }
            BufferEffect::Diffusion => {
                sv.push(format!(
                    "I buffertområdet minskade händelserna också ({isv}): tecken på spridning \
                     av nytta."
                ));
                en.push(format!(
                    "In the buffer area incidents fell too ({ien}): a sign of diffusion of \
                     benefits."
                ));
            }
            BufferEffect::Neutral => {
                sv.push(format!(
                    "I buffertområdet syns ingen säkerställd förändring ({isv})."
                ));
                en.push(format!(
                    "The buffer area shows no significant change ({ien})."
                ));
            }
        }
        if let Some(q) = self.wdq
            && q.interpretable
        {
            sv.push(format!(
                "WDQ {}: {}.",
                num(q.value, 2, true),
                q.reading.label_sv()
            ));
            en.push(format!(
                "WDQ {}: {}.",
                num(q.value, 2, false),
                q.reading.label_en()
            ));
        }
    }

    fn conclusion(&self, rule: Rule, sv: &mut Vec<String>, en: &mut Vec<String>) {
        let p = self.params;
        let goal_sv = num(self.goal, 2, true);
        let goal_en = num(self.goal, 2, false);
        let (w_sv, w_en) = (weeks_text(self.weeks, true), weeks_text(self.weeks, false));
        match rule {
            Rule::R0 => {}
            Rule::R1 => {
                sv.push("Händelserna har ökat i målområdet jämfört med kontrollområdet: ändra insatsen.".into());
                en.push(
                    "Incidents increased in the target area relative to the control area: change \
                     the intervention."
                        .into(),
                );
            }
            Rule::R2 => {
                let (e, lo, hi) = self.wdd.map_or((f64::NAN, f64::NAN, f64::NAN), |w| {
                    (w.estimate, w.lower, w.upper)
                });
                let l = self.wdd.map_or(0.05, |w| w.alpha);
                sv.push(format!(
                    "Förflyttningen till buffertområdet tar ut nyttan: WDD totalt {} ({} % KI {} \
                     till {}) ligger inte säkert under 0. Ändra insatsen.",
                    num(e, 1, true),
                    level(l, true),
                    num(lo, 1, true),
                    num(hi, 1, true)
                ));
                en.push(format!(
                    "Displacement to the buffer area offsets the benefit: the total WDD {} ({} % \
                     CI {} to {}) is not clearly below 0. Change the intervention.",
                    num(e, 1, false),
                    level(l, false),
                    num(lo, 1, false),
                    num(hi, 1, false)
                ));
            }
            Rule::R3 => {
                sv.push(format!(
                    "Målet (IRR högst {goal_sv}) är nått och problemet kvarstår inte: insatsen kan \
                     avslutas, med fortsatt bevakning i veckorapporterna."
                ));
                en.push(format!(
                    "The goal (IRR at most {goal_en}) is reached and the problem no longer \
                     persists: the intervention can end, with continued monitoring in the weekly \
                     reports."
                ));
            }
            Rule::R4 => {
                let mut why_sv = Vec::new();
                let mut why_en = Vec::new();
                match self.facts.buffer {
                    BufferEffect::Diffusion => {
                        why_sv.push("nyttan sprids till buffertområdet".to_string());
                        why_en.push("the benefit spreads to the buffer area".to_string());
                    }
                    BufferEffect::Displacement => {
                        why_sv.push("händelser flyttar till buffertområdet".to_string());
                        why_en.push("incidents move to the buffer area".to_string());
                    }
                    BufferEffect::Neutral => {}
                }
                let k = self.facts.nearby_emerging;
                if k > 0 {
                    why_sv.push(format!(
                        "{k} nya eller tilltagande hot spots finns i närheten"
                    ));
                    why_en.push(format!("{k} new or intensifying hot spots lie nearby"));
                }
                sv.push(format!(
                    "Insatsen verkar och {}: överväg att utvidga den.",
                    why_sv.join(" och ")
                ));
                en.push(format!(
                    "The intervention works and {}: consider expanding it.",
                    why_en.join(" and ")
                ));
            }
            Rule::R5 => {
                let mut why_sv = Vec::new();
                let mut why_en = Vec::new();
                if !self.facts.irr_at_most_goal {
                    why_sv.push(format!("målet (IRR högst {goal_sv}) är ännu inte nått"));
                    why_en.push(format!(
                        "the goal (IRR at most {goal_en}) is not yet reached"
                    ));
                }
                if self.facts.problem_persists {
                    why_sv.push("problemet kvarstår".to_string());
                    why_en.push("the problem persists".to_string());
                }
                sv.push(format!(
                    "Insatsen verkar, men {}: fortsätt.",
                    why_sv.join(" och ")
                ));
                en.push(format!(
                    "The intervention works, but {}: continue.",
                    why_en.join(" and ")
                ));
            }
            Rule::R6 => {
                sv.push(format!(
                    "Utvecklingen pekar mot en minskning men är ännu inte säkerställd efter {w_sv} \
                     veckor (uppföljningen pågår högst {} veckor): fortsätt och följ upp igen.",
                    weeks_text(p.max_followup_weeks, true)
                ));
                en.push(format!(
                    "The trend points to a reduction but is not yet significant after {w_en} \
                     weeks (follow-up runs for at most {} weeks): continue and follow up again.",
                    weeks_text(p.max_followup_weeks, false)
                ));
            }
            Rule::R7 => {
                sv.push(format!(
                    "Ingen mätbar effekt efter {w_sv} veckor, men problemet kvarstår inte: \
                     insatsen kan avslutas."
                ));
                en.push(format!(
                    "No measurable effect after {w_en} weeks, but the problem no longer persists: \
                     the intervention can end."
                ));
            }
            Rule::R8 => {
                sv.push(format!(
                    "Ingen mätbar effekt efter {w_sv} veckor och problemet kvarstår: ändra \
                     insatsen."
                ));
                en.push(format!(
                    "No measurable effect after {w_en} weeks and the problem persists: change \
                     the intervention."
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let all = [
            Suggestion::Continue,
            Suggestion::Expand,
            Suggestion::Change,
            Suggestion::End,
        ];
        let sv: Vec<_> = all.iter().map(|s| s.label_sv()).collect();
        assert_eq!(sv, ["fortsätt", "utvidga", "ändra", "avsluta"]);
        let en: Vec<_> = all.iter().map(|s| s.label_en()).collect();
        assert_eq!(en, ["continue", "expand", "change", "end"]);
    }

    #[test]
    fn swedish_numbers() {
        assert_eq!(num(0.583, 2, true), "0,58");
        assert_eq!(num(-118.0, 1, true), "−118,0");
        assert_eq!(num(-118.0, 1, false), "-118.0");
        assert_eq!(level(0.05, true), "95");
        assert_eq!(level(0.001, true), "99,9");
        assert_eq!(weeks_text(13.0, true), "13");
        assert_eq!(weeks_text(12.4, true), "12,4");
    }

    #[test]
    fn bad_parameters_are_errors() {
        let n = FollowupNumbers::new((10, 5), (10, 10), 7.0, 7.0);
        let c = RecommendContext {
            problem_persists: false,
            nearby_emerging: 0,
        };
        let p = RecommendParams {
            alpha: 1.5,
            ..RecommendParams::default()
        };
        assert!(recommend_from_numbers(&n, &c, &p).is_err());
        let p = RecommendParams {
            goal_irr: 1.2,
            ..RecommendParams::default()
        };
        assert!(recommend_from_numbers(&n, &c, &p).is_err());
        let bad = FollowupNumbers::new((10, 5), (10, 10), 0.0, 7.0);
        assert!(recommend_from_numbers(&bad, &c, &RecommendParams::default()).is_err());
    }
}
