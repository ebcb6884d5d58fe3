//! The public export leaks no count below k: not directly, not by subtracting published
//! groups from a published total, and not by differencing two overlapping exports of the
//! same week. A naive export (which publishes the sum of the suppressed cells) is shown to
//! leak under the same attack, so the test has teeth.

use est_core::incident::Incidents;
use est_core::report::public::{PublicExport, PublicOptions};
use est_core::sample::SampleTown;
use geo::{MultiPolygon, Rect, coord};
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

fn town() -> &'static Incidents {
    static TOWN: OnceLock<Incidents> = OnceLock::new();
    TOWN.get_or_init(|| SampleTown::new(6_000, 2026).generate().unwrap())
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        Rect::new(coord! { x: x0, y: y0 }, coord! { x: x1, y: y1 }).to_polygon(),
    ])
}

/// True counts per lattice cell for one week, computed independently of the export.
fn truth(week_from: i64, week_to: i64, size: f64) -> HashMap<String, u64> {
    let t = town();
    let mut m = HashMap::new();
    for i in 0..t.len() {
        let ts = t.times()[i];
        if ts < week_from || ts >= week_to {
            continue;
        }
        let (x0, y0) = (
            (t.x()[i] / size).floor() * size,
            (t.y()[i] / size).floor() * size,
        );
        *m.entry(format!("{size:.0}m:E{x0:.0}N{y0:.0}")).or_insert(0) += 1;
    }
    m
}

fn week_bounds() -> (i64, i64) {
    // 2026-W47: Monday 2026-11-16 00:00 CET = 2026-11-15T23:00Z.
    let from = chrono::DateTime::parse_from_rfc3339("2026-11-15T23:00:00Z")
        .unwrap()
        .timestamp();
    (from, from + 7 * 86_400)
}

fn check_export(e: &PublicExport) {
    let k = e.k;
    assert_eq!(
        e.published_total,
        e.cells.iter().map(|c| c.count).sum::<u64>(),
        "the published total is the sum of the published cells only"
    );
    for c in &e.cells {
        assert!(
            c.count >= k,
            "cell {} published with {} < k",
            c.key,
            c.count
        );
        let groups: u64 = c.groups.iter().map(|g| g.count).sum();
        for g in &c.groups {
            assert!(
                g.count >= k,
                "group {} in {} has {}",
                g.code,
                c.key,
                g.count
            );
        }
        let rest = c.count - groups;
        assert!(
            rest == 0 || rest >= k,
            "cell {}: total {} minus published groups {} reveals {rest} < k",
            c.key,
            c.count,
            groups
        );
    }
}

#[test]
fn published_cells_match_the_truth_and_small_ones_are_suppressed() {
    let options = PublicOptions::default();
    let e = PublicExport::build(town(), "2026-W47", &options).unwrap();
    check_export(&e);
    let (from, to) = week_bounds();
    let truth = truth(from, to, options.cell_size_m);
    let published: HashMap<&str, u64> = e.cells.iter().map(|c| (c.key.as_str(), c.count)).collect();
    for (key, n) in &truth {
        match published.get(key.as_str()) {
            Some(p) => assert_eq!(p, n, "cell {key}"),
            None => assert!(*n < options.k, "cell {key} with {n} ≥ k was not published"),
        }
    }
    let small = truth.values().filter(|n| **n < options.k).count();
    assert_eq!(e.suppressed_cells, small);
    assert!(small > 0, "the week should have cells below k to protect");
    assert!(!e.cells.is_empty(), "the week should have cells to publish");
    // Nothing identifying.
    let json = e.to_json().unwrap();
    for i in 0..town().len() {
        if let Some(id) = town().id(i) {
            assert!(
                !json.contains(&format!("\"{id}\"")),
                "id {id} in the export"
            );
        }
    }
    // No free text, no reported place names, no organisations.
    for i in 0..town().len() {
        for s in [town().text(i), town().place(i)].into_iter().flatten() {
            if s.len() > 3 {
                assert!(!json.contains(s), "{s:?} in the export");
            }
        }
    }
    assert!(!json.contains("organisation") && !json.contains("vaktbolag"));
    let gj = e.to_geojson().unwrap();
    assert!(gj.contains("FeatureCollection"));
}

#[test]
fn a_naive_export_would_leak_by_differencing() {
    // The attack: two overlapping extents, each with "other places: sum of suppressed".
    let options = PublicOptions::default();
    let (from, to) = week_bounds();
    let truth = truth(from, to, options.cell_size_m);
    let k = options.k;
    let small: Vec<(&String, &u64)> = truth.iter().filter(|(_, n)| **n < k).collect();
    // Extent B = everything; extent A = everything except one small cell.
    let (key, n) = small[0];
    let naive_remainder = |skip: Option<&str>| -> u64 {
        truth
            .iter()
            .filter(|(kk, v)| **v < k && Some(kk.as_str()) != skip)
            .map(|(_, v)| v)
            .sum()
    };
    let leaked = naive_remainder(None) - naive_remainder(Some(key));
    assert_eq!(leaked, *n, "the naive remainders reveal the small cell");
    assert!(leaked < k);
    // est publishes no remainder, so the same pair of extents reveals nothing about it.
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn overlapping_exports_agree_on_shared_cells(
        ax in 655_000.0f64..661_000.0, ay in 6_605_000.0f64..6_611_000.0,
        aw in 1_000.0f64..6_000.0, ah in 1_000.0f64..6_000.0,
        dx in -2_000.0f64..2_000.0, dy in -2_000.0f64..2_000.0,
        k in 2u64..8, groups in any::<bool>(),
        size in prop::sample::select(vec![250.0, 500.0, 1_000.0]),
    ) {
        let a = PublicOptions { k, cell_size_m: size, groups,
            area: Some(rect(ax, ay, ax + aw, ay + ah)) };
        let b = PublicOptions { area: Some(rect(ax + dx, ay + dy, ax + dx + aw, ay + dy + ah)),
            ..a.clone() };
        let ea = PublicExport::build(town(), "2026-W47", &a).unwrap();
        let eb = PublicExport::build(town(), "2026-W47", &b).unwrap();
        check_export(&ea);
        check_export(&eb);
        let cells_b: HashMap<&str, _> = eb.cells.iter().map(|c| (c.key.as_str(), c)).collect();
        for c in &ea.cells {
            if let Some(other) = cells_b.get(c.key.as_str()) {
                // Differencing a shared cell gives 0 for the count and every group.
                prop_assert_eq!(c.count, other.count);
                prop_assert_eq!(&c.groups, &other.groups);
            }
        }
        // Differencing the totals only ever combines published cells (each ≥ k).
        let only_a: u64 = ea.cells.iter().filter(|c| !cells_b.contains_key(c.key.as_str()))
            .map(|c| c.count).sum();
        let cells_a: HashMap<&str, _> = ea.cells.iter().map(|c| (c.key.as_str(), c)).collect();
        let only_b: u64 = eb.cells.iter().filter(|c| !cells_a.contains_key(c.key.as_str()))
            .map(|c| c.count).sum();
        prop_assert_eq!(ea.published_total as i64 - eb.published_total as i64,
            only_a as i64 - only_b as i64);
    }
}

#[test]
fn bad_options_are_errors() {
    let t = town();
    for (week, options, field) in [
        ("2026-W60", PublicOptions::default(), "week"),
        ("next week", PublicOptions::default(), "week"),
        (
            "2026-W47",
            PublicOptions {
                k: 0,
                ..PublicOptions::default()
            },
            "k",
        ),
        (
            "2026-W47",
            PublicOptions {
                cell_size_m: 10.0,
                ..PublicOptions::default()
            },
            "cell_size_m",
        ),
        (
            "2026-W47",
            PublicOptions {
                cell_size_m: f64::NAN,
                ..PublicOptions::default()
            },
            "cell_size_m",
        ),
    ] {
        let e = PublicExport::build(t, week, &options).unwrap_err();
        assert_eq!(e.code(), "REPORT_INVALID_OPTION");
        assert!(e.to_string().contains(field), "{e}");
    }
}
