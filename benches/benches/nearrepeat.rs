//! Benchmarks for the near-repeat and space-time cluster methods: the Knox test with 999
//! permutations and the default bands on 2 000 and 10 000 seeded events (uniform over
//! 8 km × 8 km and one year, times in fractional days), and the prospective space-time
//! permutation scan (default parameters: last 28 days, ≤ 7-day windows, ≤ 1 000 m) with
//! 99 permutations on the 6 000-event sample town counted on 250 m cells (also the
//! retrospective scan of the last 28 days and of the whole 70 weeks), and a weekly report:
//! the default scan (R = 999) of a 10 000-event sample town.
//!
//! Build with `--features est-core/parallel` for rayon; the results are identical.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::counts::Selection;
use est_core::sample::SampleTown;
use est_core::trend::knox::{KnoxParams, knox};
use est_core::trend::scan::{ScanParams, scan_incidents};

/// Knuth's MMIX LCG; the top 53 bits give a uniform number in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` events uniform over 8 km × 8 km (SWEREF 99 TM-like coordinates) and 365 days.
fn events(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut rng = Lcg(seed);
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    let mut t = Vec::with_capacity(n);
    for _ in 0..n {
        x.push(656_000.0 + 8_000.0 * rng.next_f64());
        y.push(6_606_000.0 + 8_000.0 * rng.next_f64());
        t.push(365.0 * rng.next_f64());
    }
    (x, y, t)
}

fn bench_knox(c: &mut Criterion) {
    let mut g = c.benchmark_group("knox_999");
    g.sample_size(10);
    for n in [2_000usize, 10_000] {
        let (x, y, t) = events(n, 42);
        let params = KnoxParams::default();
        let k = knox(&x, &y, &t, &params).expect("knox");
        eprintln!("knox n = {n}: {} close pairs", k.close_pairs);
        g.bench_function(format!("n{n}"), |b| {
            b.iter(|| knox(black_box(&x), black_box(&y), black_box(&t), &params).expect("knox"))
        });
    }
    g.finish();
}

fn bench_scan(c: &mut Criterion) {
    let town = SampleTown::new(6_000, 1).generate().expect("town");
    let grid =
        Grid::for_incidents(&town, &GridOptions::default().with_cell_size(250.0)).expect("grid");
    let mut g = c.benchmark_group("scan_sample_town_6k_99");
    g.sample_size(10);
    for (name, prospective) in [("prospective_28d", true), ("retrospective_28d", false)] {
        let params = ScanParams {
            permutations: 99,
            prospective,
            ..ScanParams::default()
        };
        let s = scan_incidents(&town, &grid, &Selection::default(), &params).expect("scan");
        eprintln!(
            "scan {name}: {} cases, {} zones, {} circles",
            s.cases, s.zones, s.circles
        );
        g.bench_function(name, |b| {
            b.iter(|| {
                scan_incidents(black_box(&town), &grid, &Selection::default(), &params)
                    .expect("scan")
            })
        });
    }
    // The whole period (70 weeks) in one retrospective scan: the costly case.
    let params = ScanParams {
        permutations: 99,
        prospective: false,
        study_days: None,
        ..ScanParams::default()
    };
    g.bench_function("retrospective_all_days", |b| {
        b.iter(|| {
            scan_incidents(black_box(&town), &grid, &Selection::default(), &params).expect("scan")
        })
    });
    g.finish();
    // A weekly report: 10 000 incidents, the default parameters (R = 999).
    let town = SampleTown::new(10_000, 1).generate().expect("town");
    let grid =
        Grid::for_incidents(&town, &GridOptions::default().with_cell_size(250.0)).expect("grid");
    let params = ScanParams::default();
    let mut g = c.benchmark_group("scan_weekly_10k_999");
    g.sample_size(10);
    g.bench_function("prospective_28d", |b| {
        b.iter(|| {
            scan_incidents(black_box(&town), &grid, &Selection::default(), &params).expect("scan")
        })
    });
    g.finish();
}

criterion_group!(benches, bench_knox, bench_scan);
criterion_main!(benches);
