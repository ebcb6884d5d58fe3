//! The space-time permutation scan (method reference §6.3). No public numeric oracle can be
//! run here (SaTScan is closed source), so the tests check the LLR against a hand
//! computation, that the emerging place injected into est's sample town is found, that data
//! without space-time interaction are rarely flagged, and determinism.

use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::counts::Selection;
use est_core::sample::SampleTown;
use est_core::trend::scan::{Scan, ScanParams, scan_incidents, space_time_scan};

/// SplitMix64: a tiny seeded generator for the test data (independent of est's own).
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Index drawn with probability proportional to `weights`.
    fn pick(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut u = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return i;
            }
            u -= w;
        }
        weights.len() - 1
    }
}

#[test]
fn llr_of_a_two_zone_two_day_example_by_hand() {
    // Zone A: 1 case on day 0, 4 on day 1; zone B (10 km away): 4 and 1. C = 10, every zone
    // and day total is 5, so μ_zd = 5·5/10 = 2.5 in every cell. Circles of radius 0 (single
    // zones), windows of one day, all days scanned.
    let zones = [(0.0, 0.0), (10_000.0, 0.0)];
    let mut zone = Vec::new();
    let mut day = Vec::new();
    for (z, d, n) in [(0, 0, 1), (0, 1, 4), (1, 0, 4), (1, 1, 1)] {
        for _ in 0..n {
            zone.push(z);
            day.push(19_000 + d);
        }
    }
    let params = ScanParams {
        max_radius_m: 100.0,
        max_days: 1,
        study_days: None,
        prospective: false,
        permutations: 999,
        ..ScanParams::default()
    };
    let s = space_time_scan(&zones, &zone, &day, &params).unwrap();
    // By hand: LLR = c·ln(c/μ) + (C − c)·ln((C − c)/(C − μ)) with c = 4, μ = 2.5, C = 10:
    // 4·ln 1.6 + 6·ln 0.8 = 1.880 00 − 1.338 86 = 0.541 15.
    let by_hand = 4.0 * 1.6f64.ln() + 6.0 * 0.8f64.ln();
    assert!((by_hand - 0.541_15).abs() < 1e-5);
    assert_eq!(s.cases, 10);
    assert_eq!(s.days, 2);
    assert_eq!(
        s.clusters.len(),
        2,
        "A on day 1 and B on day 0, which do not overlap"
    );
    let a = &s.clusters[0];
    assert_eq!(a.zones, vec![0]);
    assert_eq!(a.observed, 4);
    assert!((a.expected - 2.5).abs() < 1e-12);
    assert!((a.llr - by_hand).abs() < 1e-12, "{} vs {by_hand}", a.llr);
    assert_eq!(a.start_day, a.end_day);
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    assert_eq!(a.end_day, epoch + chrono::Duration::days(19_001));
    let b = &s.clusters[1];
    assert_eq!(b.zones, vec![1]);
    assert!((b.llr - by_hand).abs() < 1e-12);
    // The permutation distribution by hand: zone A's day-1 count k is hypergeometric
    // (10 cases, 5 on day 1, 5 in A); the largest LLR reaches 0.541 15 exactly when
    // k ∈ {0, 1, 4, 5} (k = 2, 3 give at most 3 cases in a cell, LLR 0.064), probability
    // (1 + 25 + 25 + 1)/252. With R = 999: E[p] = (1 + 999·52/252)/1000, binomial standard
    // error √(999·q(1 − q))/1000; tolerance 4 standard errors.
    let q: f64 = 52.0 / 252.0;
    let r: f64 = 999.0;
    let expected_p = (1.0 + r * q) / (r + 1.0);
    let se = (r * q * (1.0 - q)).sqrt() / (r + 1.0);
    assert!(
        (a.p - expected_p).abs() <= 4.0 * se,
        "p = {} vs {expected_p} ± {}",
        a.p,
        4.0 * se
    );
    assert_eq!(a.p, b.p);
}

/// The scan of the 6 000-event sample town and the share of the top cluster's cases that
/// are Ekparken's incidents.
fn ekparken_scan(prospective: bool) -> (Scan, f64) {
    let town = SampleTown::new(6_000, 7);
    let incidents = town.generate().unwrap();
    let truth = town.truth();
    assert_eq!(truth.emerging.name, "Ekparken");
    let grid =
        Grid::for_incidents(&incidents, &GridOptions::default().with_cell_size(250.0)).unwrap();
    // Twelve weeks: the six weeks before Ekparken starts give its zones their baseline.
    let params = ScanParams {
        study_days: Some(84),
        prospective,
        permutations: 99,
        ..ScanParams::default()
    };
    let s = scan_incidents(&incidents, &grid, &Selection::default(), &params).unwrap();
    assert_eq!(s.days, 84);
    assert_eq!(s.last_day, town.end);
    let top = &s.clusters[0];
    // The circle holds the cell of Ekparken's centre.
    let (ex, ey) = truth.emerging.centre;
    let cell = grid.cell_of(ex, ey).unwrap();
    assert!(
        top.zones.iter().any(|&z| s.zone_cells[z] == cell),
        "Ekparken's cell is not in the top cluster {top:?}"
    );
    // Ekparken's incidents inside the cylinder.
    let cells: Vec<u32> = top.zones.iter().map(|&z| s.zone_cells[z]).collect();
    let inside = (0..incidents.len())
        .filter(|&i| incidents.place(i) == Some("Ekparken"))
        .filter(|&i| {
            let day = incidents
                .time_utc(i)
                .unwrap()
                .with_timezone(&chrono_tz::Europe::Stockholm)
                .date_naive();
            let c = grid.cell_of(incidents.x()[i], incidents.y()[i]);
            day >= top.start_day && day <= top.end_day && c.is_some_and(|c| cells.contains(&c))
        })
        .count();
    let share = inside as f64 / top.observed as f64;
    eprintln!(
        "top cluster (prospective = {prospective}): {top:?}; {inside} Ekparken incidents, \
         {share:.2} of its cases"
    );
    (s, share)
}

#[test]
fn finds_the_emerging_place_in_the_sample_town_prospective() {
    let (s, share) = ekparken_scan(true);
    let top = &s.clusters[0];
    assert_eq!(top.end_day, s.last_day);
    // R = 99: the smallest possible p is 0.01.
    assert!(top.p <= 0.02, "p = {}", top.p);
    // The cluster is Ekparken's (background cases in a 1 km circle over 7 days are few).
    assert!(share > 0.8, "Ekparken makes {share:.2} of the cluster");
}

#[test]
fn finds_the_emerging_place_in_the_sample_town_retrospective() {
    let (s, share) = ekparken_scan(false);
    let top = &s.clusters[0];
    // Within Ekparken's six active weeks.
    assert!((s.last_day - top.start_day).num_days() < 42);
    assert!(top.p <= 0.02, "p = {}", top.p);
    assert!(share > 0.8, "Ekparken makes {share:.2} of the cluster");
}

/// Cases whose zone and day are drawn independently (no space-time interaction), with
/// uneven zone and day intensities as in real data.
fn null_data(seed: u64) -> (Vec<(f64, f64)>, Vec<usize>, Vec<i64>) {
    let mut rng = SplitMix(seed);
    let zones: Vec<(f64, f64)> = (0..100)
        .map(|i| (f64::from(i % 10) * 200.0, f64::from(i / 10) * 200.0))
        .collect();
    let zone_w: Vec<f64> = (0..100).map(|i| 1.0 + f64::from((i * 37) % 11)).collect();
    let day_w: Vec<f64> = (0..28)
        .map(|d| if d % 7 >= 5 { 2.0 } else { 1.0 })
        .collect();
    let n = 600;
    let zone: Vec<usize> = (0..n).map(|_| rng.pick(&zone_w)).collect();
    let day: Vec<i64> = (0..n).map(|_| 20_000 + rng.pick(&day_w) as i64).collect();
    (zones, zone, day)
}

#[test]
fn no_interaction_is_rarely_flagged() {
    // Under the null p is (about) uniform: P(p ≤ 0.05) ≈ 0.05. With 12 data sets, 3 or more
    // below 0.05 would happen with probability ≈ 0.02.
    let mut small = 0;
    let mut ps = Vec::new();
    for seed in 0..12u64 {
        let (zones, zone, day) = null_data(seed);
        let params = ScanParams {
            max_radius_m: 500.0,
            permutations: 99,
            seed: Some(seed),
            ..ScanParams::default()
        };
        let s = space_time_scan(&zones, &zone, &day, &params).unwrap();
        let p = s.clusters.first().map_or(1.0, |c| c.p);
        ps.push(p);
        if p <= 0.05 {
            small += 1;
        }
    }
    eprintln!("null p-values: {ps:?}");
    assert!(small <= 2, "{small} of 12 null data sets flagged: {ps:?}");
    let mean = ps.iter().sum::<f64>() / ps.len() as f64;
    assert!(mean > 0.25, "mean null p {mean}");
}

#[test]
fn deterministic_with_a_seed() {
    let (zones, zone, day) = null_data(99);
    let params = ScanParams {
        prospective: false,
        permutations: 49,
        seed: Some(3),
        ..ScanParams::default()
    };
    let a = space_time_scan(&zones, &zone, &day, &params).unwrap();
    let b = space_time_scan(&zones, &zone, &day, &params).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.seed, 3);
    // Another seed: the same clusters and LLRs, other Monte-Carlo p-values.
    let c = space_time_scan(
        &zones,
        &zone,
        &day,
        &ScanParams {
            seed: Some(4),
            ..params
        },
    )
    .unwrap();
    assert_eq!(a.clusters.len(), c.clusters.len());
    for (x, y) in a.clusters.iter().zip(&c.clusters) {
        assert_eq!(x.llr, y.llr);
        assert_eq!(x.zones, y.zones);
    }
}
