//! Emerging hot spot analysis (Esri's 17 patterns, method reference §5.3) and the corrected
//! Chainey classes (§5.4).
//!
//! * The rule table: one hand-made sequence per pattern, and an exhaustive check for every
//!   sequence of up to 6 steps against a second, unordered statement of the rules
//!   (exactly one pattern holds; swapping hot/cold and up/down negates the code).
//! * The pipeline: synthetic cubes built so that the centre of an 11 × 11 lattice follows
//!   each hot pattern, and the mirrored cubes (`80 − x`) the matching cold pattern.
//! * Boston ecometrics panel (sfdep's example data, real data outside the repository; the
//!   test skips when it is absent): queen contiguity against libpysal, the space-time Gi\*
//!   z of every bin against numpy, significance flags, Mann–Kendall on z against
//!   pymannkendall, and the patterns against an independent Python statement of est's rules
//!   (`tests/golden/ehsa_boston_k1.json`, made by `tests/reference/ref_ehsa_sfdep_rules.py`).
//!   sfdep itself (R) was not run; the golden's replay of sfdep's rules is printed for
//!   information only.
//! * Chainey: sfhotspot 1.0.0's rule replayed with its two bugs, and cells where it and est
//!   differ.

use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
use est_core::trend::chainey::{
    ChaineyClass, ChaineyParams, chainey_from_values, classify_chainey, recent_periods,
};
use est_core::trend::emerging::{EmergingParams, Pattern, classify, emerging_hotspots};
use est_core::trend::mann_kendall::Trend;
use est_tests::{golden, real_data};
use serde_json::Value;

fn flags(t: usize, steps: &[usize]) -> Vec<bool> {
    let mut v = vec![false; t];
    for &s in steps {
        v[s] = true;
    }
    v
}

/// (hot steps, cold steps, trend up, trend down, expected pattern).
type Case<'a> = (&'a [usize], &'a [usize], bool, bool, Pattern);

/// Hand-made (hot steps, cold steps, up, down) for each of the 17 patterns, T = 10.
#[test]
fn classify_hits_every_pattern() {
    let all: Vec<usize> = (0..10).collect();
    let nine_with_final: Vec<usize> = (0..10).filter(|&s| s != 3).collect();
    let nine_without_final: Vec<usize> = (0..9).collect();
    let cases: [Case; 17] = [
        (&[9], &[], false, false, Pattern::NewHot),
        (&[7, 8, 9], &[], false, false, Pattern::ConsecutiveHot),
        (&all, &[], true, false, Pattern::IntensifyingHot),
        (&nine_with_final, &[], false, false, Pattern::PersistentHot),
        (&all, &[], false, true, Pattern::DiminishingHot),
        (&[2, 5, 9], &[], false, false, Pattern::SporadicHot),
        (&[9], &[3], false, false, Pattern::OscillatingHot),
        (
            &nine_without_final,
            &[],
            false,
            false,
            Pattern::HistoricalHot,
        ),
        (&[], &[9], false, false, Pattern::NewCold),
        (&[], &[8, 9], false, false, Pattern::ConsecutiveCold),
        (&[], &all, false, true, Pattern::IntensifyingCold),
        (&[], &all, false, false, Pattern::PersistentCold),
        (&[], &all, true, false, Pattern::DiminishingCold),
        (&[], &[0, 4, 9], false, false, Pattern::SporadicCold),
        (&[1], &[9], false, false, Pattern::OscillatingCold),
        (
            &[],
            &nine_without_final,
            false,
            false,
            Pattern::HistoricalCold,
        ),
        (&[2, 3], &[], true, false, Pattern::NoPattern),
    ];
    let mut seen = std::collections::HashSet::new();
    for (hot, cold, up, down, want) in cases {
        let got = classify(&flags(10, hot), &flags(10, cold), up, down).unwrap();
        assert_eq!(got, want, "hot {hot:?} cold {cold:?} up {up} down {down}");
        seen.insert(got.code());
    }
    assert_eq!(seen.len(), 17, "every code once");

    // Consequences of the order (method reference §5.3), each with its rule.
    // 4 of 5 steps (80 %) is not "≥ 90 %": a final run of 4 is consecutive, not persistent
    // (xarray-spatial's max(floor(0.9·T), 1) would say persistent).
    let p = classify(&flags(5, &[1, 2, 3, 4]), &flags(5, &[]), false, false).unwrap();
    assert_eq!(p, Pattern::ConsecutiveHot);
    // Hot only at the final step but cold before: oscillating, not new.
    let p = classify(&flags(10, &[9]), &flags(10, &[0]), false, false).unwrap();
    assert_eq!(p, Pattern::OscillatingHot);
    // ≥ 90 % hot but not at the final step: historical, whatever the trend.
    let p = classify(
        &flags(10, &nine_without_final),
        &flags(10, &[]),
        true,
        false,
    )
    .unwrap();
    assert_eq!(p, Pattern::HistoricalHot);
    // A run ending at the final step after an earlier hot step: sporadic.
    let p = classify(&flags(10, &[1, 8, 9]), &flags(10, &[]), false, false).unwrap();
    assert_eq!(p, Pattern::SporadicHot);
}

/// The hot-side rule stated as unordered predicates (each row spells out the negation of
/// the rows before it); returns every code whose predicate holds.
fn predicates(hot: &[bool], cold: &[bool], up: bool, down: bool) -> Vec<i8> {
    let t = hot.len();
    let h: Vec<usize> = (0..t).filter(|&s| hot[s]).collect();
    let c: Vec<usize> = (0..t).filter(|&s| cold[s]).collect();
    let final_hot = hot[t - 1];
    let final_cold = cold[t - 1];
    let side = |s: &[usize], other: &[usize], fin: bool, towards: bool, away: bool| {
        let ninety = 10 * s.len() >= 9 * t;
        let run: Vec<usize> = (t - s.len()..t).collect();
        let contiguous_final = s.len() >= 2 && s == run.as_slice();
        [
            (3, fin && ninety && towards),
            (5, fin && ninety && away),
            (4, fin && ninety && !towards && !away),
            (7, fin && !ninety && !other.is_empty()),
            (1, fin && !ninety && other.is_empty() && s.len() == 1),
            (2, fin && !ninety && other.is_empty() && contiguous_final),
            (
                6,
                fin && !ninety && other.is_empty() && s.len() >= 2 && !contiguous_final,
            ),
        ]
    };
    let mut out = Vec::new();
    for (code, ok) in side(&h, &c, final_hot, up, down) {
        if ok {
            out.push(code);
        }
    }
    for (code, ok) in side(&c, &h, final_cold, down, up) {
        if ok {
            out.push(-code);
        }
    }
    let neither = !final_hot && !final_cold;
    let ninety_h = 10 * h.len() >= 9 * t;
    let ninety_c = 10 * c.len() >= 9 * t;
    if neither && ninety_h {
        out.push(8);
    }
    if neither && ninety_c {
        out.push(-8);
    }
    if neither && !ninety_h && !ninety_c {
        out.push(0);
    }
    out
}

#[test]
fn exhaustive_rule_table_up_to_six_steps() {
    let trends = [(false, false), (true, false), (false, true)];
    let mut checked = 0usize;
    let mut codes_seen = std::collections::BTreeSet::new();
    for t in 2..=6usize {
        for mut code in 0..3usize.pow(t as u32) {
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
            for (up, down) in trends {
                let p = classify(&hot, &cold, up, down).unwrap();
                let holds = predicates(&hot, &cold, up, down);
                assert_eq!(
                    holds,
                    vec![p.code()],
                    "{hot:?} {cold:?} up {up} down {down}"
                );
                let mirror = classify(&cold, &hot, down, up).unwrap();
                assert_eq!(mirror.code(), -p.code());
                codes_seen.insert(p.code());
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * (9 + 27 + 81 + 243 + 729));
    // Historical patterns need T ≥ 10, so 15 codes occur for T ≤ 6.
    assert_eq!(codes_seen.len(), 15);
}

/// 11 × 11 lattice, queen neighbours (band 1.5 between unit-spaced points) with self.
fn lattice() -> SpatialWeights {
    let (x, y): (Vec<f64>, Vec<f64>) = (0..121)
        .map(|i| (f64::from(i % 11), f64::from(i / 11)))
        .unzip();
    SpatialWeights::distance_band(&x, &y, 1.5, &WeightsOptions::gi_star()).unwrap()
}

const T: usize = 20;
const CENTRE: usize = 5 * 11 + 5;

/// Background 40 ± 2 (deterministic), and the centre's 3 × 3 block set to `level(t)` where
/// it returns `Some`.
fn cube(level: impl Fn(usize) -> Option<f64>) -> Vec<f64> {
    let mut v = vec![0.0; 121 * T];
    for i in 0..121 {
        for t in 0..T {
            v[i * T + t] = 40.0 + ((7 * i + 13 * t) % 5) as f64 - 2.0;
        }
    }
    for dr in [-1i64, 0, 1] {
        for dc in [-1i64, 0, 1] {
            let i = (CENTRE as i64 + dr * 11 + dc) as usize;
            for t in 0..T {
                if let Some(l) = level(t) {
                    v[i * T + t] = l;
                }
            }
        }
    }
    v
}

#[test]
fn pipeline_produces_each_pattern_on_synthetic_cubes() {
    let w = lattice();
    let params = EmergingParams::default();
    let hot = |steps: &'static [usize]| move |t: usize| steps.contains(&t).then_some(60.0);
    let cases: Vec<(&str, Vec<f64>, Pattern)> = vec![
        ("new", cube(hot(&[19])), Pattern::NewHot),
        (
            "consecutive",
            cube(hot(&[16, 17, 18, 19])),
            Pattern::ConsecutiveHot,
        ),
        (
            "intensifying",
            cube(|t| Some(50.0 + t as f64)),
            Pattern::IntensifyingHot,
        ),
        ("persistent", cube(|_| Some(60.0)), Pattern::PersistentHot),
        (
            "diminishing",
            cube(|t| Some(70.0 - t as f64)),
            Pattern::DiminishingHot,
        ),
        // Elevated at 4, 10, 19: hot at 4, 5, 10, 11, 19 (k = 1 carries a step into the next).
        ("sporadic", cube(hot(&[4, 10, 19])), Pattern::SporadicHot),
        (
            "oscillating",
            cube(|t| match t {
                5 | 6 => Some(20.0),
                19 => Some(60.0),
                _ => None,
            }),
            Pattern::OscillatingHot,
        ),
        // Elevated at 0–17: hot at 0–18 (19 of 20), not at the final step.
        (
            "historical",
            cube(|t| (t <= 17).then_some(60.0)),
            Pattern::HistoricalHot,
        ),
    ];
    for (name, values, want) in &cases {
        let r = emerging_hotspots(values, 121, &w, &params).unwrap();
        assert_eq!(r.patterns[CENTRE], *want, "{name}");
        // Far from the block nothing is hot.
        assert!(!r.hot[..T].iter().any(|&b| b), "{name}: corner hot");
        // The mirrored cube gives the mirrored pattern at the centre.
        let mirrored: Vec<f64> = values.iter().map(|v| 80.0 - v).collect();
        let m = emerging_hotspots(&mirrored, 121, &w, &params).unwrap();
        assert_eq!(m.patterns[CENTRE], want.mirror(), "{name} mirrored");
        for (a, b) in r.z.iter().zip(&m.z) {
            assert!((a + b).abs() < 1e-9, "{name}: z not antisymmetric");
        }
    }
    // The trend behind intensifying / diminishing is the Mann–Kendall test of z.
    let r = emerging_hotspots(&cases[2].1, 121, &w, &params).unwrap();
    assert_eq!(r.trend[CENTRE].trend, Trend::Increasing);
    assert_eq!(
        r.params_used
            .iter()
            .filter(|p| p.name == "time_steps")
            .count(),
        1
    );
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

/// z agreement with numpy: summation order differs, relative to max(1, |z|).
const TOL_Z: f64 = 1e-9;

#[test]
fn boston_ecometrics_against_numpy_libpysal_pymannkendall() {
    let (Some(csv_path), Some(geo_path)) = (
        real_data("boston_ecometric/bos-ecometric.csv"),
        real_data("boston_ecometric/bos-ecometric.geojson"),
    ) else {
        eprintln!("skipped: the Boston ecometrics panel is not available");
        return;
    };
    let g: Value =
        serde_json::from_str(&std::fs::read_to_string(golden("ehsa_boston_k1.json")).unwrap())
            .unwrap();
    let fc: Value = serde_json::from_str(&std::fs::read_to_string(geo_path).unwrap()).unwrap();
    let features = fc["features"].as_array().unwrap();
    let ids: Vec<String> = features
        .iter()
        .map(|f| f["properties"][".region_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 168);
    assert_eq!(
        ids,
        g["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect::<Vec<_>>()
    );
    // Rings of every polygon (Polygon or MultiPolygon).
    let ring = |r: &Value| -> Vec<[f64; 2]> {
        r.as_array()
            .unwrap()
            .iter()
            .map(|c| [num(&c[0]), num(&c[1])])
            .collect()
    };
    let polygons: Vec<Vec<Vec<[f64; 2]>>> = features
        .iter()
        .map(|f| {
            let coords = f["geometry"]["coordinates"].as_array().unwrap();
            match f["geometry"]["type"].as_str().unwrap() {
                "Polygon" => coords.iter().map(ring).collect(),
                _ => coords
                    .iter()
                    .flat_map(|p| p.as_array().unwrap().iter().map(ring))
                    .collect(),
            }
        })
        .collect();
    let w = SpatialWeights::polygon_queen(&polygons, 1.5e-8, &WeightsOptions::gi_star()).unwrap();
    for (i, want) in g["neighbours"].as_array().unwrap().iter().enumerate() {
        let want: Vec<u32> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(
            w.neighbours(i).0,
            want.as_slice(),
            "neighbours of {}",
            ids[i]
        );
    }

    // The panel, location-major in geometry order.
    let years: Vec<i64> = g["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let t_len = years.len();
    let mut values = vec![f64::NAN; ids.len() * t_len];
    let mut reader = csv::Reader::from_path(csv_path).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let loc = ids.iter().position(|id| id == &row[0]).unwrap();
        let year: i64 = row[2].parse().unwrap();
        let t = years.iter().position(|&y| y == year).unwrap();
        values[loc * t_len + t] = row[3].parse().unwrap();
    }
    assert!(values.iter().all(|v| v.is_finite()), "complete panel");

    let params = EmergingParams::default();
    let r = emerging_hotspots(&values, ids.len(), &w, &params).unwrap();

    let mut worst_z = 0.0f64;
    for (i, row) in g["gistar_z"].as_array().unwrap().iter().enumerate() {
        for (t, want) in row.as_array().unwrap().iter().enumerate() {
            let (ours, theirs) = (r.z[i * t_len + t], num(want));
            let d = (ours - theirs).abs() / theirs.abs().max(1.0);
            assert!(
                d <= TOL_Z,
                "z of {} {}: {ours} vs {theirs}",
                ids[i],
                years[t]
            );
            worst_z = worst_z.max(d);
        }
    }
    for (i, row) in g["bins"].as_array().unwrap().iter().enumerate() {
        for (t, want) in row.as_array().unwrap().iter().enumerate() {
            let ours = i64::from(r.hot[i * t_len + t]) - i64::from(r.cold[i * t_len + t]);
            assert_eq!(ours, want.as_i64().unwrap(), "bin {} {}", ids[i], years[t]);
        }
    }
    // Mann–Kendall on z. A few z series hold two values that are equal in exact arithmetic
    // (equal neighbourhood sums of decimal rates) but differ in the last bits depending on
    // the summation order; there S may differ by the number of such pairs, and the other
    // statistics with it. Those locations are compared on the trend decision only.
    let mk = &g["mann_kendall"];
    let mut worst_mk = 0.0f64;
    let mut near_tie_locations = 0;
    for (i, ours) in r.trend.iter().enumerate() {
        let zr: Vec<f64> = g["gistar_z"][i]
            .as_array()
            .unwrap()
            .iter()
            .map(num)
            .collect();
        let near_ties = (0..t_len)
            .flat_map(|a| (a + 1..t_len).map(move |b| (a, b)))
            .filter(|&(a, b)| (zr[a] - zr[b]).abs() <= TOL_Z * zr[a].abs().max(1.0))
            .count();
        assert_eq!(ours.trend.as_str(), mk["trend"][i].as_str().unwrap());
        if near_ties > 0 {
            near_tie_locations += 1;
            assert!((ours.s - num(&mk["s"][i])).abs() <= near_ties as f64);
            continue;
        }
        assert_eq!(ours.s, num(&mk["s"][i]), "S of {}", ids[i]);
        for (key, v) in [
            ("var_s", ours.var_s),
            ("z", ours.z),
            ("p", ours.p),
            ("Tau", ours.tau),
            ("slope", ours.slope),
            ("intercept", ours.intercept),
        ] {
            let theirs = num(&mk[key][i]);
            let d = (v - theirs).abs() / theirs.abs().max(1.0);
            assert!(d <= TOL_Z, "{key} of {}: {v} vs {theirs}", ids[i]);
            worst_mk = worst_mk.max(d);
        }
    }
    assert!(
        near_tie_locations <= 3,
        "{near_tie_locations} locations with near-ties"
    );
    let want_codes: Vec<i8> = g["est_rule_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap() as i8)
        .collect();
    assert_eq!(r.codes(), want_codes);

    let sfdep: Vec<i64> = g["sfdep_rule_codes_informative"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let agree = r
        .codes()
        .iter()
        .zip(&sfdep)
        .filter(|(a, b)| i64::from(**a) == **b)
        .count();
    println!(
        "Boston: {} bins, z max rel. diff {worst_z:e}, MK max rel. diff {worst_mk:e} \
         ({near_tie_locations} locations with near-tied z compared on the trend only); \
         patterns {:?}; sfdep's rules (replayed, informative) agree on {agree}/{}",
        r.z.len(),
        r.counts()
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(p, n)| (p.code(), *n))
            .collect::<Vec<_>>(),
        ids.len()
    );
}

// ---------------------------------------------------------------------------------------
// Chainey classes

/// sfhotspot 1.0.0's `hotspot_classify` rule, replayed with its two bugs: the recent share
/// sums R columns `(T − r):T` (r + 1 periods) over `r`, and *emerging* tests
/// `recent ≥ recent_prop`. Returns sfhotspot's label.
fn sfhotspot_rule(hot: &[bool], cold: &[bool], p: &ChaineyParams) -> &'static str {
    let t = hot.len();
    let mut r = (p.recent_prop * t as f64).floor() as usize;
    if r < 1 || t < r + 1 {
        r = 1;
    }
    let side = |s: &[bool]| -> u8 {
        let count = |a: usize, b: usize| s[a..b].iter().filter(|&&v| v).count() as f64;
        let overall = count(0, t) / t as f64;
        let recent = count(t - r - 1, t) / r as f64; // R: (ncol - r):ncol, 1-based
        let older = count(0, t - r) / (t - r) as f64; // R: 1:(ncol - r)
        if overall >= p.persistent_prop {
            1
        } else if older < p.hotspot_prop && recent >= p.recent_prop {
            2
        } else if older >= p.hotspot_prop && recent < p.hotspot_prop {
            3
        } else if overall >= p.hotspot_prop {
            4
        } else {
            0
        }
    };
    let labels = [
        "no pattern",
        "persistent",
        "emerging",
        "former",
        "intermittent",
    ];
    match (side(hot), side(cold)) {
        (0, 0) => "no pattern",
        (h, 0) => match labels[h as usize] {
            "persistent" => "persistent hotspot",
            "emerging" => "emerging hotspot",
            "former" => "former hotspot",
            _ => "intermittent hotspot",
        },
        (0, c) => match labels[c as usize] {
            "persistent" => "persistent coldspot",
            "emerging" => "emerging coldspot",
            "former" => "former coldspot",
            _ => "intermittent coldspot",
        },
        _ => "mixed hot/coldspot",
    }
}

fn chainey_one(hot: &[usize], cold: &[usize], t: usize) -> (ChaineyClass, &'static str) {
    let (h, c) = (flags(t, hot), flags(t, cold));
    let p = ChaineyParams::default();
    (
        classify_chainey(&h, &c, 1, t, &p).unwrap()[0],
        sfhotspot_rule(&h, &c, &p),
    )
}

#[test]
fn chainey_differs_from_sfhotspot_where_its_bugs_bite() {
    // Bug 1 (off by one): T = 10, r = 2, hot only in period 8 (1-based), the last older
    // period. est: older 1/8, recent 0/2 → former. sfhotspot also counts period 8 as recent
    // (3 columns over 2) → recent 0.5, so not former → intermittent (overall 0.1).
    let (est, sfh) = chainey_one(&[7], &[], 10);
    assert_eq!(est, ChaineyClass::FormerHot);
    assert_eq!(sfh, "intermittent hotspot");
    assert_ne!(est.label_en(), sfh);

    // Bug 2 (emerging tests recent_prop): T = 30, r = 6, hot once in the last six periods.
    // est: older 0, recent 1/6 ≥ hotspot_prop 0.1 → emerging. sfhotspot: 1/6 < recent_prop
    // 0.2 → not emerging; overall 1/30 < 0.1 → no pattern.
    let (est, sfh) = chainey_one(&[27], &[], 30);
    assert_eq!(est, ChaineyClass::EmergingHot);
    assert_eq!(sfh, "no pattern");

    // Where neither bug matters the two agree, e.g. persistent, and a long recent run.
    for (hot, t) in [(&(0..9).collect::<Vec<_>>()[..], 10), (&[8, 9][..], 10)] {
        let (est, sfh) = chainey_one(hot, &[], t);
        assert_eq!(est.label_en(), sfh, "hot {hot:?}");
    }

    // Over every hot/none sequence of T = 10 (cold empty), count the disagreements; each
    // one must involve the period just before the recent block (bug 1) or a recent share in
    // [hotspot_prop, recent_prop) (bug 2).
    let p = ChaineyParams::default();
    let t = 10;
    let r = recent_periods(t, p.recent_prop).unwrap();
    let mut differ = 0;
    for bits in 0u32..(1 << t) {
        let hot: Vec<bool> = (0..t).map(|s| bits >> s & 1 == 1).collect();
        let cold = vec![false; t];
        let est = classify_chainey(&hot, &cold, 1, t, &p).unwrap()[0];
        let sfh = sfhotspot_rule(&hot, &cold, &p);
        if est.label_en() != sfh {
            differ += 1;
            let recent = hot[t - r..].iter().filter(|&&b| b).count() as f64 / r as f64;
            let bug2 = recent >= p.hotspot_prop && recent < p.recent_prop;
            assert!(hot[t - r - 1] || bug2, "unexplained difference for {hot:?}");
        }
    }
    assert!(differ > 0);
    println!("T = 10: est and sfhotspot's rule differ on {differ} of 1024 hot sequences");
}

#[test]
fn chainey_keeps_empty_periods_where_sfhotspot_drops_them() {
    // 30 cells on a line, 5 weeks (r = 1); cells 14–16 are busy in week 3 (0-based) and
    // week 4 has no events at all.
    let x: Vec<f64> = (0..30).map(f64::from).collect();
    let w = SpatialWeights::distance_band(&x, &[0.0; 30], 1.0, &WeightsOptions::gi_star()).unwrap();
    let t = 5;
    let mut counts = vec![0.0; 30 * t];
    for cell in 0..30 {
        for week in 0..4 {
            counts[cell * t + week] = 1.0 + ((cell + week) % 3) as f64;
        }
    }
    for cell in 14..=16 {
        counts[cell * t + 3] = 20.0;
    }
    let p = ChaineyParams::default();
    let res = chainey_from_values(&counts, 30, &w, &p).unwrap();
    assert_eq!(res.constant_periods, vec![4]);
    assert_eq!((res.n_periods, res.recent_periods), (5, 1));
    let hot15: Vec<bool> = res.sig_hot[15 * t..16 * t].to_vec();
    assert_eq!(hot15, [false, false, false, true, false]);
    // est keeps the empty last week: nothing happened recently, so the cell is a former hot
    // spot (older 1/4, recent 0/1).
    assert_eq!(res.classes[15], ChaineyClass::FormerHot);
    // sfhotspot drops the empty week: T = 4, r = 1, and the same cell becomes emerging, with
    // its rule and with est's.
    let kept = &hot15[..4];
    assert_eq!(sfhotspot_rule(kept, &[false; 4], &p), "emerging hotspot");
    assert_eq!(
        classify_chainey(kept, &[false; 4], 1, 4, &p).unwrap()[0],
        ChaineyClass::EmergingHot
    );
    assert!(res.warnings.iter().any(|m| m.contains("stays in")));
}
