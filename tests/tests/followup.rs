//! Intervention follow-up through the public API: the registry fixtures
//! (`tests/fixtures/interventions_*.json`), [`evaluate`] on hand-placed incidents and on the
//! sample town (checked against an independent count written here), and the §9.8
//! recommendation: one case per rule R0–R8, every outcome, and property tests (totality,
//! monotonicity in the target's after count).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use est_core::crs::Crs;
use est_core::followup::FollowupError;
use est_core::followup::effect::{
    EvaluateParams, Evaluation, IrrCi, WddCounts, evaluate, relative_irr, wdd,
};
use est_core::followup::recommend::{
    BufferEffect, Evidence, FollowupNumbers, RecommendContext, RecommendParams, Recommendation,
    Rule, RuleFacts, Suggestion, matching_rules, recommend, recommend_from_numbers,
};
use est_core::followup::registry::Registry;
use est_core::io::csv::{CsvOptions, read_incidents};
use est_core::taxonomy::Taxonomy;
use proptest::prelude::*;

fn read(name: &str) -> String {
    std::fs::read_to_string(est_tests::fixture(name)).unwrap()
}

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Stockholm
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_registry_fixture_round_trips() {
    let tax = Taxonomy::default();
    let r = Registry::from_json(&read("interventions_valid.json"), &tax).unwrap();
    assert_eq!(r.crs, Crs::SWEREF99_TM);
    assert_eq!(r.places.len(), 6);
    assert_eq!(r.interventions.len(), 3);
    // A polygon with a hole and a multipolygon survive.
    assert_eq!(
        r.place("Stora torget, omgivning").unwrap().geometry.0[0]
            .interiors()
            .len(),
        1
    );
    assert_eq!(
        r.place("Västra bostadsområdena").unwrap().geometry.0.len(),
        2
    );
    let i = r.intervention("2026-02").unwrap();
    assert_eq!(i.buffer_m, Some(300.0));
    assert_eq!(i.end, NaiveDate::from_ymd_opt(2026, 9, 27));
    assert_eq!(i.categories, ["Stöld", "narkotika"]);
    // Round trip through est's own JSON.
    let text = r.to_json().unwrap();
    assert_eq!(Registry::from_json(&text, &tax).unwrap(), r);
    // Descriptions stay in the registry file, never in the public export.
    assert!(text.contains("Intern anteckning"));
    let public = r.to_public_json().unwrap();
    assert!(!public.contains("Intern anteckning"));
    assert!(
        Registry::from_json(&public, &tax).unwrap().interventions[0]
            .description
            .is_none()
    );
    r.validate(&tax).unwrap();
}

#[test]
fn invalid_registry_fixture_reports_every_problem() {
    let err =
        Registry::from_json(&read("interventions_invalid.json"), &Taxonomy::default()).unwrap_err();
    assert_eq!(err.code(), "FOLLOWUP_INVALID_REGISTRY");
    let issues = match err {
        est_core::Error::Followup(FollowupError::InvalidRegistry { issues }) => issues,
        other => panic!("expected InvalidRegistry, got {other:?}"),
    };
    let got: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect();
    let want = [
        ("schema", "REGISTRY_SCHEMA_VERSION"),
        ("kommentar", "REGISTRY_UNKNOWN_FIELD"),
        ("places[1].name", "REGISTRY_DUPLICATE_PLACE"),
        ("places[2].name", "REGISTRY_EMPTY_VALUE"),
        ("places[2].geometry.coordinates[0]", "REGISTRY_BAD_GEOMETRY"),
        (
            "places[3].geometry.coordinates[0][0]",
            "REGISTRY_OUT_OF_AREA",
        ),
        ("places[4].geometry", "REGISTRY_BAD_GEOMETRY"),
        ("places[5].geometry.type", "REGISTRY_BAD_GEOMETRY"),
        ("places[6].geometry", "REGISTRY_EMPTY_GEOMETRY"),
        ("places[7].area_km2", "REGISTRY_UNKNOWN_FIELD"),
        ("interventions[1].id", "REGISTRY_DUPLICATE_ID"),
        ("interventions[1].target", "REGISTRY_UNKNOWN_PLACE"),
        ("interventions[1].control", "REGISTRY_UNKNOWN_PLACE"),
        ("interventions[1].start", "REGISTRY_BAD_DATE"),
        (
            "interventions[1].categories[0]",
            "REGISTRY_UNKNOWN_CATEGORY",
        ),
        ("interventions[2].id", "REGISTRY_EMPTY_VALUE"),
        ("interventions[2].control", "REGISTRY_SAME_PLACE"),
        ("interventions[2].end", "REGISTRY_INVERTED_DATES"),
        ("interventions[2].categories", "REGISTRY_EMPTY_VALUE"),
        ("interventions[2].goal_irr", "REGISTRY_BAD_GOAL_IRR"),
        ("interventions[3].buffer_m", "REGISTRY_BAD_BUFFER"),
        ("interventions[3].start", "REGISTRY_WRONG_TYPE"),
        ("interventions[3].categories[1]", "REGISTRY_WRONG_TYPE"),
        ("interventions[3].organisations[1]", "REGISTRY_EMPTY_VALUE"),
        ("interventions[3].goal_irr", "REGISTRY_BAD_GOAL_IRR"),
        ("interventions[3].ende", "REGISTRY_UNKNOWN_FIELD"),
        ("interventions[4].name", "REGISTRY_MISSING_FIELD"),
        ("interventions[4].buffer", "REGISTRY_SAME_PLACE"),
        ("interventions[4].buffer_m", "REGISTRY_BUFFER_CONFLICT"),
        ("interventions[5]", "REGISTRY_WRONG_TYPE"),
    ];
    assert_eq!(got, want);
    // The messages carry the values and help.
    let msg = |path: &str| issues.iter().find(|i| i.path == path).unwrap();
    assert!(
        msg("interventions[1].target")
            .message
            .contains("did you mean \"Torget\"")
    );
    assert!(
        msg("interventions[1].categories[0]")
            .message
            .contains("klotter")
    );
    assert_eq!(msg("interventions[1].start").value, "2026-02-30");
    assert!(
        msg("interventions[3].ende")
            .message
            .contains("did you mean \"end\"")
    );
    assert!(
        msg("places[4].geometry")
            .message
            .contains("self-intersection")
    );
}

#[test]
fn registry_header_problems() {
    let tax = Taxonomy::default();
    let text = r#"{"schema": "est.interventions/1", "crs": 9999, "places": {}}"#;
    let codes = |t: &str| match Registry::from_json(t, &tax) {
        Err(est_core::Error::Followup(FollowupError::InvalidRegistry { issues })) => issues
            .into_iter()
            .map(|i| (i.path, i.code))
            .collect::<Vec<_>>(),
        other => panic!("expected InvalidRegistry, got {other:?}"),
    };
    assert_eq!(
        codes(text),
        [
            ("crs".to_string(), "REGISTRY_BAD_CRS".to_string()),
            ("places".into(), "REGISTRY_WRONG_TYPE".into()),
            ("interventions".into(), "REGISTRY_MISSING_FIELD".into()),
        ]
    );
    assert_eq!(
        codes("[1, 2]"),
        [("$".to_string(), "REGISTRY_WRONG_TYPE".to_string())]
    );
    assert_eq!(
        codes("{\"schema\": "),
        [("$".to_string(), "REGISTRY_JSON".to_string())]
    );
    // A ring in metres around a target in degrees is refused.
    let wgs = r#"{"schema": "est.interventions/1", "crs": "EPSG:4326",
      "places": [{"name": "T", "geometry": {"type": "Polygon", "coordinates":
        [[[18.05, 59.32], [18.08, 59.32], [18.08, 59.34], [18.05, 59.32]]]}}],
      "interventions": [{"id": "x", "name": "x", "target": "T", "buffer_m": 100,
        "start": "2026-01-01", "categories": ["hot"]}]}"#;
    assert_eq!(
        codes(wgs),
        [(
            "interventions[0].buffer_m".to_string(),
            "REGISTRY_BUFFER_NEEDS_METRIC".to_string()
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Evaluation on hand-placed incidents
// ---------------------------------------------------------------------------------------------

/// Target 660000–660100 × 6610000–6610100; control place 661000–661100; study area
/// 659900–661200 × 6609900–6610200. Intervention "A": control place, 50 m ring; "B": default
/// control, no buffer. Both start on Monday 2026-03-30 (the day after the DST change).
const HAND_REGISTRY: &str = r#"{
  "schema": "est.interventions/1", "crs": 3006,
  "places": [
    {"name": "T", "geometry": {"type": "Polygon", "coordinates": [[[660000, 6610000],
      [660100, 6610000], [660100, 6610100], [660000, 6610100], [660000, 6610000]]]}},
    {"name": "C", "geometry": {"type": "Polygon", "coordinates": [[[661000, 6610000],
      [661100, 6610000], [661100, 6610100], [661000, 6610100], [661000, 6610000]]]}},
    {"name": "Kommunen", "geometry": {"type": "Polygon", "coordinates": [[[659900, 6609900],
      [661200, 6609900], [661200, 6610200], [659900, 6610200], [659900, 6609900]]]}}
  ],
  "interventions": [
    {"id": "A", "name": "A", "target": "T", "control": "C", "buffer_m": 50,
     "start": "2026-03-30", "categories": ["skadegorelse"], "description": "hemlig"},
    {"id": "B", "name": "B", "target": "T", "start": "2026-03-30",
     "categories": ["skadegorelse"], "goal_irr": 0.5}
  ]
}"#;

/// Before = [2026-03-01 23:00, 2026-03-30 00:00) local (28 × 24 h), after =
/// [2026-03-30 00:00, 2026-04-27 00:00) local.
const HAND_INCIDENTS: &str = "id,time,category,x,y
t_b1,2026-03-10 12:00,klotter,660050,6610050
t_b2,2026-03-29 23:30,skadegorelse,660050,6610050
t_stold,2026-03-10 12:00,stold,660050,6610050
t_a1,2026-03-30 00:00,skadegorelse,660100,6610050
t_a2,2026-04-26 23:59,klotter,660020,6610020
t_late,2026-04-27 00:00,skadegorelse,660050,6610050
t_early,2026-03-01 22:30,skadegorelse,660050,6610050
d_b1,2026-03-15 08:00,skadegorelse,660130,6610050
d_a1,2026-04-01 08:00,skadegorelse,660140,6610050
d_a2,2026-04-02 08:00,klotter,660050,6610140
c_b1,2026-03-05 08:00,skadegorelse,661050,6610050
c_b2,2026-03-06 08:00,skadegorelse,661050,6610050
c_b3,2026-03-07 08:00,klotter,661050,6610050
c_a1,2026-04-05 08:00,skadegorelse,661050,6610050
o_b1,2026-03-20 08:00,skadegorelse,660200,6610300
o_b2,2026-03-20 09:00,skadegorelse,660160,6610160
";

fn hand() -> (Registry, est_core::incident::Incidents) {
    let inc = read_incidents(
        HAND_INCIDENTS,
        &CsvOptions {
            crs: Some(Crs::SWEREF99_TM),
            ..CsvOptions::default()
        },
    )
    .unwrap();
    let reg = Registry::from_json(HAND_REGISTRY, inc.taxonomy()).unwrap();
    (reg, inc)
}

#[test]
fn evaluate_counts_hand_placed_incidents() {
    let (reg, inc) = hand();
    let as_of = local(2026, 4, 27, 0, 0);
    let e = evaluate(&reg, "A", &inc, &EvaluateParams::new(as_of)).unwrap();
    // Periods: from local midnight of the start, equal elapsed lengths.
    assert_eq!(e.after.start, local(2026, 3, 30, 0, 0));
    assert_eq!(e.after.end, as_of);
    assert_eq!(e.before.end, e.after.start);
    assert_eq!(e.before.start, local(2026, 3, 1, 23, 0));
    assert_eq!((e.before.days, e.after.days), (28.0, 28.0));
    assert_eq!(e.followup_weeks, 4.0);
    // Categories: the group and its subcategories (klotter under skadegörelse), not stöld.
    assert!(e.categories.contains(&"klotter".to_string()));
    assert!(!e.categories.contains(&"stold".to_string()));
    // The boundary point of the target is in the target; o_b2 (≈ 85 m from the corner) is
    // outside the 50 m ring and outside the control place.
    assert_eq!((e.target.before, e.target.after), (2, 2));
    assert_eq!(e.buffer.as_ref().map(|b| (b.before, b.after)), Some((1, 2)));
    assert_eq!((e.control.before, e.control.after), (3, 1));
    assert_eq!(e.intervention.description, None);
    // The measures equal the functions called on the counts.
    let wdd_direct = wdd(
        &WddCounts::new((3.0, 1.0), (2.0, 2.0)).with_displacement((3.0, 1.0), (1.0, 2.0)),
        0.05,
    )
    .unwrap();
    assert_eq!(e.wdd.value().unwrap().estimate, wdd_direct.estimate);
    assert_eq!(e.wdd.value().unwrap().se, wdd_direct.se);
    let irr = relative_irr(2, 2, 3, 1, IrrCi::ExactConditional, 0.05).unwrap();
    assert_eq!(e.irr_target.value().unwrap(), &irr);
    assert!(e.did.value().is_some());
    assert!(e.wdq.value().is_some() && e.tne.value().is_some());
    // Exact rate-ratio interval for small counts; the tests are defined.
    let t = e.target.irr.value().unwrap();
    assert_eq!(t.method, est_core::stats::poisson::RatioCi::Exact);
    assert!(e.target.exact_cond.value().is_some() && e.target.etest.value().is_some());
    // JSON of the result never carries the description.
    assert!(!serde_json::to_string(&e).unwrap().contains("hemlig"));
}

#[test]
fn evaluate_default_control_and_study_area() {
    let (reg, inc) = hand();
    let as_of = local(2026, 4, 27, 0, 0);
    let e = evaluate(&reg, "B", &inc, &EvaluateParams::new(as_of)).unwrap();
    // Everything outside the target (no buffer): d_*, c_*, o_*.
    assert_eq!((e.control.before, e.control.after), (6, 3));
    assert!(e.buffer.is_none() && e.irr_buffer.is_none());
    assert!(e.wdq.value().is_none() && e.tne.value().is_none());
    assert!(e.control.rule.contains("default"));
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("No control area is registered"))
    );
    assert_eq!(e.goal_irr, Some(0.5));
    // Bounded by the study area: o_b1 lies north of it.
    let p = EvaluateParams {
        study_area: Some("Kommunen".into()),
        ..EvaluateParams::new(as_of)
    };
    let e = evaluate(&reg, "B", &inc, &p).unwrap();
    assert_eq!((e.control.before, e.control.after), (5, 3));
    assert!(e.control.rule.contains("Kommunen"));
    // Explicit periods.
    let p = EvaluateParams {
        before: Some((local(2026, 3, 1, 0, 0), local(2026, 3, 15, 0, 0))),
        after: Some((local(2026, 4, 1, 0, 0), local(2026, 4, 3, 0, 0))),
        ..EvaluateParams::new(as_of)
    };
    let e = evaluate(&reg, "A", &inc, &p).unwrap();
    assert_eq!((e.target.before, e.target.after), (2, 0));
    assert_eq!(e.buffer.as_ref().map(|b| (b.before, b.after)), Some((0, 2)));
    assert_eq!(e.before.days, 14.0);
    assert_eq!(e.after.days, 2.0);
}

#[test]
fn evaluate_errors_name_the_parameter() {
    let (reg, inc) = hand();
    let as_of = local(2026, 4, 27, 0, 0);
    let err = evaluate(&reg, "Z", &inc, &EvaluateParams::new(as_of)).unwrap_err();
    assert_eq!(err.code(), "FOLLOWUP_UNKNOWN_INTERVENTION");
    assert!(err.to_string().contains("A, B"));
    let early = EvaluateParams::new(local(2026, 3, 29, 12, 0));
    let err = evaluate(&reg, "A", &inc, &early).unwrap_err();
    assert!(matches!(
        err,
        est_core::Error::Followup(FollowupError::InvalidParameter { ref name, .. }) if name == "as_of"
    ));
    let p = EvaluateParams {
        study_area: Some("Kommun".into()),
        ..EvaluateParams::new(as_of)
    };
    let err = evaluate(&reg, "B", &inc, &p).unwrap_err();
    assert!(err.to_string().contains("study_area") && err.to_string().contains("Kommunen"));
    let p = EvaluateParams {
        alpha: 0.0,
        ..EvaluateParams::new(as_of)
    };
    assert!(evaluate(&reg, "A", &inc, &p).is_err());
    let p = EvaluateParams {
        before: Some((local(2026, 4, 1, 0, 0), local(2026, 4, 10, 0, 0))),
        ..EvaluateParams::new(as_of)
    };
    let err = evaluate(&reg, "A", &inc, &p).unwrap_err();
    assert!(err.to_string().contains("before"));
}

// ---------------------------------------------------------------------------------------------
// Evaluation on the sample town, against a count written here
// ---------------------------------------------------------------------------------------------

/// Axis-aligned rectangles: the fixture's places are squares (one with a square hole).
#[derive(Clone, Copy)]
struct Sq {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Sq {
    fn centred(cx: f64, cy: f64, h: f64) -> Sq {
        Sq {
            x0: cx - h,
            y0: cy - h,
            x1: cx + h,
            y1: cy + h,
        }
    }
    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
    fn distance(&self, x: f64, y: f64) -> f64 {
        let dx = (self.x0 - x).max(0.0).max(x - self.x1);
        let dy = (self.y0 - y).max(0.0).max(y - self.y1);
        dx.hypot(dy)
    }
}

fn sample_town() -> est_core::incident::Incidents {
    read_incidents(
        &read("sample_town_2k_seed7.csv"),
        &CsvOptions {
            crs: Some(Crs::SWEREF99_TM),
            ..CsvOptions::default()
        },
    )
    .unwrap()
}

/// (before, after) counts of the incidents in `codes` (with subcategories) that `area` accepts.
fn brute_count(
    inc: &est_core::incident::Incidents,
    e: &Evaluation,
    area: impl Fn(f64, f64) -> bool,
) -> (u64, u64) {
    let tax = inc.taxonomy();
    let mut out = (0, 0);
    for i in 0..inc.len() {
        let code = tax.code(inc.categories()[i]);
        if !e.categories.iter().any(|c| c == code) {
            continue;
        }
        let t = inc.times()[i];
        let (x, y) = (inc.x()[i], inc.y()[i]);
        if !area(x, y) {
            continue;
        }
        if t >= e.before.start.timestamp() && t < e.before.end.timestamp() {
            out.0 += 1;
        } else if t >= e.after.start.timestamp() && t < e.after.end.timestamp() {
            out.1 += 1;
        }
    }
    out
}

#[test]
fn evaluate_sample_town_matches_an_independent_count() {
    let inc = sample_town();
    let reg = Registry::from_json(&read("interventions_valid.json"), inc.taxonomy()).unwrap();
    let as_of = local(2026, 11, 23, 0, 0);
    let params = EvaluateParams::new(as_of);

    // 2026-01: named control (two squares) and a buffer place (square with the target as hole).
    let e = evaluate(&reg, "2026-01", &inc, &params).unwrap();
    let torget = Sq::centred(660250.0, 6609850.0, 240.0);
    let omgivning = Sq::centred(660250.0, 6609850.0, 640.0);
    let vastra = [
        Sq::centred(657500.0, 6609000.0, 800.0),
        Sq::centred(657500.0, 6611500.0, 600.0),
    ];
    let t = brute_count(&inc, &e, |x, y| torget.contains(x, y));
    let d = brute_count(&inc, &e, |x, y| {
        omgivning.contains(x, y) && !torget.contains(x, y)
    });
    let c = brute_count(&inc, &e, |x, y| vastra.iter().any(|s| s.contains(x, y)));
    assert_eq!((e.target.before, e.target.after), t);
    assert_eq!(e.buffer.as_ref().map(|b| (b.before, b.after)), Some(d));
    assert_eq!((e.control.before, e.control.after), c);
    assert!(
        t.0 + t.1 > 20,
        "the fixture should put incidents on the square: {t:?}"
    );
    assert_eq!(e.after.start, local(2026, 5, 4, 0, 0));
    assert_eq!(e.after.end, as_of);

    // 2026-02: a 300 m ring and the default control (everything else), ended on 2026-09-27.
    let e = evaluate(&reg, "2026-02", &inc, &params).unwrap();
    assert_eq!(e.after.start, local(2026, 3, 2, 0, 0));
    assert_eq!(e.after.end, local(2026, 9, 28, 0, 0));
    assert_eq!(e.before.end - e.before.start, e.after.end - e.after.start);
    let rese = Sq::centred(659700.0, 6610200.0, 270.0);
    let t = brute_count(&inc, &e, |x, y| rese.contains(x, y));
    let d = brute_count(&inc, &e, |x, y| {
        !rese.contains(x, y) && rese.distance(x, y) <= 300.0
    });
    let c = brute_count(&inc, &e, |x, y| rese.distance(x, y) > 300.0);
    assert_eq!((e.target.before, e.target.after), t);
    assert_eq!(e.buffer.as_ref().map(|b| (b.before, b.after)), Some(d));
    assert_eq!((e.control.before, e.control.after), c);
    let all = brute_count(&inc, &e, |_, _| true);
    assert_eq!(t.0 + d.0 + c.0, all.0);
    assert_eq!(t.1 + d.1 + c.1, all.1);

    // The recommendation reads exactly these numbers and the registry's goal.
    let ctx = RecommendContext {
        problem_persists: true,
        nearby_emerging: 1,
    };
    let r = recommend(&e, &ctx, &RecommendParams::default()).unwrap();
    assert_eq!(r.inputs.numbers, FollowupNumbers::from_evaluation(&e));
    assert_eq!(r.inputs.goal_source, "params");
    let e1 = evaluate(&reg, "2026-01", &inc, &params).unwrap();
    let r1 = recommend(&e1, &ctx, &RecommendParams::default()).unwrap();
    assert_eq!(
        (r1.inputs.goal_irr, r1.inputs.goal_source.as_str()),
        (0.7, "registry")
    );
    assert_eq!(
        r1.irr_target.as_ref().map(|x| x.irr),
        e1.irr_target.value().map(|x| x.irr)
    );
}

// ---------------------------------------------------------------------------------------------
// Recommendation
// ---------------------------------------------------------------------------------------------

fn ctx(persists: bool, emerging: usize) -> RecommendContext {
    RecommendContext {
        problem_persists: persists,
        nearby_emerging: emerging,
    }
}

fn rec(n: &FollowupNumbers, c: &RecommendContext) -> Recommendation {
    recommend_from_numbers(n, c, &RecommendParams::default()).unwrap()
}

/// 13 weeks after, 13 weeks before.
fn quarter(target: (u64, u64), control: (u64, u64)) -> FollowupNumbers {
    FollowupNumbers::new(target, control, 91.0, 91.0)
}

#[test]
fn rule_r0_too_few_incidents() {
    let r = rec(&quarter((5, 3), (300, 310)), &ctx(false, 0));
    assert_eq!(r.rule_id, "R0");
    assert_eq!(r.suggestion, Suggestion::Continue);
    assert_eq!(
        (r.label_sv.as_str(), r.label_en.as_str()),
        ("fortsätt", "continue")
    );
    assert!(r.too_few_incidents);
    assert!(r.reasons_sv[0].contains("för få händelser för att bedöma"));
    assert!(r.reasons_sv[0].contains("8 i målområdet") && r.reasons_sv[0].contains("minst 10"));
    assert!(r.reasons_en[0].contains("too few incidents to judge"));
    // A zero control count is also "too few incidents".
    let r = rec(&quarter((50, 20), (40, 0)), &ctx(false, 0));
    assert_eq!(r.rule_id, "R0");
    assert!(r.too_few_incidents);
    assert!(r.reasons_sv[0].contains("kontrollområdet har 0 händelser efter"));
    assert!(r.reasons_en[0].contains("too few incidents to judge"));
}

#[test]
fn rule_r0_short_followup_is_not_too_few_incidents() {
    let n = FollowupNumbers::new((120, 40), (400, 410), 56.0, 56.0);
    let r = rec(&n, &ctx(false, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.suggestion),
        ("R0", Suggestion::Continue)
    );
    assert!(!r.too_few_incidents);
    assert!(r.reasons_sv[0].contains("8 veckor") && r.reasons_sv[0].contains("minst 12"));
    assert!(r.reasons_en[0].contains("8 weeks"));
    // The evidence is still computed and reported.
    assert_eq!(r.evidence, Evidence::Reduction);
}

#[test]
fn rule_r1_increase_changes() {
    let r = rec(&quarter((40, 90), (300, 310)), &ctx(false, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.suggestion),
        ("R1", Suggestion::Change)
    );
    assert_eq!(r.evidence, Evidence::Increase);
    assert_eq!(
        (r.label_sv.as_str(), r.label_en.as_str()),
        ("ändra", "change")
    );
    assert!(r.reasons_sv[0].starts_with("Händelserna i målområdet ökade med"));
}

#[test]
fn rule_r2_displacement_offsets_the_benefit() {
    let n = quarter((100, 50), (400, 400)).with_buffer((100, 170));
    let r = rec(&n, &ctx(false, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.suggestion),
        ("R2", Suggestion::Change)
    );
    assert_eq!(r.evidence, Evidence::Reduction);
    assert_eq!(r.buffer, BufferEffect::Displacement);
    assert!(r.wdd.value().unwrap().upper >= 0.0);
    assert!(
        r.reasons_sv
            .iter()
            .any(|s| s.contains("tecken på förflyttning"))
    );
    assert!(
        r.reasons_en
            .iter()
            .any(|s| s.contains("offsets the benefit"))
    );
}

#[test]
fn rule_r3_goal_reached_ends() {
    // The form of the example sentence: a 42 % reduction relative to the control.
    let r = rec(&quarter((200, 116), (500, 500)), &ctx(false, 0));
    assert_eq!((r.rule_id.as_str(), r.suggestion), ("R3", Suggestion::End));
    assert_eq!(
        (r.label_sv.as_str(), r.label_en.as_str()),
        ("avsluta", "end")
    );
    let irr = r.irr_target.as_ref().unwrap();
    assert_eq!(irr.ci, IrrCi::WaldLog);
    assert!((irr.irr - 0.58).abs() < 1e-12);
    let se = (1.0f64 / 200.0 + 1.0 / 116.0 + 2.0 / 500.0).sqrt();
    let z = est_core::stats::poisson::normal_quantile(0.975);
    let (lo, hi) = (0.58 * (-z * se).exp(), 0.58 * (z * se).exp());
    let fmt = |x: f64| format!("{x:.2}").replace('.', ",");
    assert_eq!(
        r.reasons_sv[0],
        format!(
            "Händelserna i målområdet minskade med 42 % (IRR 0,58; 95 % KI {}–{}) jämfört med \
             kontrollområdet.",
            fmt(lo),
            fmt(hi)
        )
    );
    assert_eq!(
        r.reasons_en[0],
        format!(
            "Incidents in the target area fell by 42 % (IRR 0.58; 95 % CI {lo:.2}–{hi:.2}) \
             relative to the control area."
        )
    );
}

#[test]
fn rule_r4_spreading_benefit_expands() {
    // Diffusion in the buffer.
    let n = quarter((100, 50), (400, 400)).with_buffer((150, 90));
    let r = rec(&n, &ctx(true, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.suggestion),
        ("R4", Suggestion::Expand)
    );
    assert_eq!(r.buffer, BufferEffect::Diffusion);
    assert_eq!(
        (r.label_sv.as_str(), r.label_en.as_str()),
        ("utvidga", "expand")
    );
    // Emerging hot spots nearby, no buffer.
    let r = rec(&quarter((100, 50), (400, 400)), &ctx(true, 2));
    assert_eq!(r.rule_id, "R4");
    assert!(
        r.reasons_sv
            .last()
            .unwrap()
            .contains("2 nya eller tilltagande hot spots")
    );
    // Displacement with a clearly negative WDD total: expand, not R2.
    let n = quarter((300, 100), (400, 400)).with_buffer((100, 140));
    let r = rec(&n, &ctx(true, 0));
    assert_eq!(r.buffer, BufferEffect::Displacement);
    assert!(r.wdd.value().unwrap().upper < 0.0);
    assert_eq!(r.rule_id, "R4");
}

#[test]
fn rule_r5_reduction_continues() {
    // Significant, but the goal (0.8) is not reached: IRR ≈ 0.86.
    let r = rec(&quarter((1000, 860), (2000, 2000)), &ctx(false, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.suggestion),
        ("R5", Suggestion::Continue)
    );
    assert!(r.reasons_en.last().unwrap().contains("not yet reached"));
    // Goal reached but the problem persists.
    let r = rec(&quarter((200, 100), (500, 500)), &ctx(true, 0));
    assert_eq!(r.rule_id, "R5");
    assert!(r.reasons_sv.last().unwrap().contains("problemet kvarstår"));
    // The registry's goal replaces the default: 0.5 is not reached by 0.58.
    let mut n = quarter((200, 116), (500, 500));
    n.goal_irr = Some(0.5);
    let r = rec(&n, &ctx(false, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.inputs.goal_source.as_str()),
        ("R5", "registry")
    );
}

#[test]
fn rule_r6_promising_continues() {
    let r = rec(&quarter((30, 22), (300, 300)), &ctx(true, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.suggestion),
        ("R6", Suggestion::Continue)
    );
    assert_eq!(r.evidence, Evidence::Inconclusive);
    assert!(r.reasons_sv.last().unwrap().contains("13 veckor"));
}

#[test]
fn rule_r7_no_effect_problem_gone_ends() {
    let r = rec(&quarter((30, 33), (300, 300)), &ctx(false, 0));
    assert_eq!((r.rule_id.as_str(), r.suggestion), ("R7", Suggestion::End));
    // Promising but past the maximum follow-up: R6 no longer applies.
    let n = FollowupNumbers::new((30, 22), (300, 300), 420.0, 420.0);
    let r = rec(&n, &ctx(false, 0));
    assert_eq!(r.rule_id, "R7");
}

#[test]
fn rule_r8_no_effect_problem_persists_changes() {
    let r = rec(&quarter((30, 33), (300, 300)), &ctx(true, 0));
    assert_eq!(
        (r.rule_id.as_str(), r.suggestion),
        ("R8", Suggestion::Change)
    );
    assert!(
        r.reasons_en
            .last()
            .unwrap()
            .contains("the problem persists")
    );
}

#[test]
fn every_threshold_is_a_parameter() {
    let n = quarter((5, 3), (300, 310));
    let p = RecommendParams {
        min_events: 5,
        ..RecommendParams::default()
    };
    assert_ne!(
        recommend_from_numbers(&n, &ctx(false, 0), &p)
            .unwrap()
            .rule_id,
        "R0"
    );
    let n = FollowupNumbers::new((120, 40), (400, 410), 56.0, 56.0);
    let p = RecommendParams {
        min_followup_weeks: 8.0,
        ..RecommendParams::default()
    };
    assert_eq!(
        recommend_from_numbers(&n, &ctx(false, 0), &p)
            .unwrap()
            .rule_id,
        "R3"
    );
    // alpha = 0.2 makes (30, 22) significant.
    let p = RecommendParams {
        alpha: 0.2,
        ..RecommendParams::default()
    };
    let r = recommend_from_numbers(&quarter((60, 40), (300, 300)), &ctx(true, 0), &p).unwrap();
    assert_eq!(r.evidence, Evidence::Reduction);
}

/// Displacement breaks monotonicity: lowering the target's after count turns an
/// inconclusive "continue" (R6) into a significant reduction whose displacement is not
/// offset (R2, change). This is the rule of §9.8 as written; the property below holds it
/// fixed without displacement.
#[test]
fn displacement_makes_the_rule_non_monotone() {
    let before = quarter((100, 80), (100, 100)).with_buffer((50, 150));
    let after = quarter((100, 50), (100, 100)).with_buffer((50, 150));
    let r1 = rec(&before, &ctx(false, 0));
    let r2 = rec(&after, &ctx(false, 0));
    assert_eq!(r1.buffer, BufferEffect::Displacement);
    assert_eq!(
        (r1.rule_id.as_str(), r1.suggestion),
        ("R6", Suggestion::Continue)
    );
    assert_eq!(
        (r2.rule_id.as_str(), r2.suggestion),
        ("R2", Suggestion::Change)
    );
}

#[test]
fn the_rule_table_is_total_over_every_combination_of_facts() {
    let evidences = [
        Evidence::Reduction,
        Evidence::Increase,
        Evidence::Inconclusive,
    ];
    let buffers = [
        BufferEffect::Displacement,
        BufferEffect::Diffusion,
        BufferEffect::Neutral,
    ];
    let mut n = 0;
    for bits in 0u32..(1 << 7) {
        let b = |k: u32| bits & (1 << k) != 0;
        for evidence in evidences {
            for buffer in buffers {
                for nearby_emerging in [0, 3] {
                    let f = RuleFacts {
                        followup_too_short: b(0),
                        too_few_incidents: b(1),
                        evidence,
                        buffer,
                        wdd_entirely_below_zero: b(2),
                        irr_at_most_goal: b(3),
                        irr_below_one: b(4),
                        followup_below_max: b(5),
                        problem_persists: b(6),
                        nearby_emerging,
                    };
                    let m = matching_rules(&f);
                    assert!(!m.is_empty(), "no rule for {f:?}");
                    n += 1;
                }
            }
        }
    }
    assert_eq!(n, 128 * 3 * 3 * 2);
    assert_eq!(Rule::ALL.len(), 9);
}

fn numbers_strategy() -> impl Strategy<Value = (FollowupNumbers, RecommendContext)> {
    (
        (0u64..80, 0u64..80, 0u64..250, 0u64..250),
        prop::option::of((0u64..80, 0u64..80)),
        (1.0f64..400.0, 1.0f64..400.0),
        any::<bool>(),
        0usize..3,
        prop::option::of(0.3f64..1.0),
    )
        .prop_map(
            |((t0, t1, c0, c1), buffer, (bd, ad), persists, emerging, goal)| {
                let mut n = FollowupNumbers::new((t0, t1), (c0, c1), bd, ad);
                n.buffer = buffer;
                n.goal_irr = goal;
                (n, ctx(persists, emerging))
            },
        )
}

fn params_strategy() -> impl Strategy<Value = RecommendParams> {
    (
        prop_oneof![Just(0.05), Just(0.1), 0.001f64..0.5],
        0.3f64..1.0,
        0.0f64..20.0,
        0.0f64..60.0,
        0u64..30,
        0u64..12,
    )
        .prop_map(
            |(alpha, goal_irr, min_w, extra_w, min_events, exact_below)| RecommendParams {
                alpha,
                goal_irr,
                min_followup_weeks: min_w,
                max_followup_weeks: min_w + extra_w,
                min_events,
                exact_below,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Totality: every valid input reaches exactly one row — the first whose condition holds —
    /// and the suggestion is that row's.
    #[test]
    fn recommendation_is_total((n, c) in numbers_strategy(), p in params_strategy()) {
        let r = recommend_from_numbers(&n, &c, &p).unwrap();
        let m = matching_rules(&r.facts);
        prop_assert!(!m.is_empty());
        prop_assert_eq!(m[0].id(), r.rule_id.as_str());
        prop_assert_eq!(m[0].suggestion(), r.suggestion);
        prop_assert_eq!(r.suggestion.label_sv(), r.label_sv.as_str());
        prop_assert!(!r.reasons_sv.is_empty() && r.reasons_sv.len() == r.reasons_en.len());
        prop_assert_eq!(
            r.too_few_incidents,
            n.target.0 + n.target.1 < p.min_events || n.control.0 == 0 || n.control.1 == 0
        );
    }

    /// Monotone in the effect: lowering T1, all else fixed, never moves continue/expand/end to
    /// change — for buffers without displacement (see `displacement_makes_the_rule_non_monotone`).
    #[test]
    fn lowering_t1_never_turns_a_suggestion_into_change(
        (n, c) in numbers_strategy(),
        p in params_strategy(),
        frac in 0.0f64..1.0,
    ) {
        let r = recommend_from_numbers(&n, &c, &p).unwrap();
        let mut lower = n.clone();
        lower.target.1 = (n.target.1 as f64 * frac).floor() as u64;
        let r2 = recommend_from_numbers(&lower, &c, &p).unwrap();
        if r.buffer != BufferEffect::Displacement && r.suggestion != Suggestion::Change {
            prop_assert_ne!(
                r2.suggestion,
                Suggestion::Change,
                "T1 {} → {}: {} → {} ({:?} → {:?})",
                n.target.1,
                lower.target.1,
                r.rule_id,
                r2.rule_id,
                r.irr_target,
                r2.irr_target
            );
        }
    }
}
