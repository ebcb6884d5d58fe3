//! Benchmarks for `est_core::trend`: Mann–Kendall with Sen's slope over every location of a
//! 10 000-location × 52-week cube, and emerging hot spot analysis (space-time Gi\*, BH over
//! all bins, Mann–Kendall on z, the 17-pattern rule) on a 100 × 100 × 52 cube.
//!
//! Counts are seeded Poisson draws (Knuth's multiplication method on an MMIX LCG), with a
//! mean that varies between locations (0.2 … 4) and a few rising and falling blocks, so the
//! series are full of ties and zeros as in real weekly counts.
//!
//! est-benches builds est-core **without** the `parallel` feature: these are serial times.
//! Run with `cargo bench -p est-benches --bench trend` (add `--features est-core/parallel`
//! for rayon; results are bit-identical).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
use est_core::trend::emerging::{EmergingParams, emerging_hotspots};
use est_core::trend::mann_kendall::mann_kendall_many;

const SIDE: usize = 100;
const WEEKS: usize = 52;

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

    /// A Poisson draw (Knuth's multiplication method; fine for small means).
    fn poisson(&mut self, mean: f64) -> f64 {
        let limit = (-mean).exp();
        let mut k = 0.0;
        let mut prod = self.next_f64();
        while prod > limit {
            k += 1.0;
            prod *= self.next_f64();
        }
        k
    }
}

/// Location-major counts of a SIDE × SIDE × WEEKS cube.
fn poisson_cube(seed: u64) -> Vec<f64> {
    let mut rng = Lcg(seed);
    let mut v = Vec::with_capacity(SIDE * SIDE * WEEKS);
    for loc in 0..SIDE * SIDE {
        let (r, c) = (loc / SIDE, loc % SIDE);
        let base = 0.2 + 3.8 * rng.next_f64();
        for t in 0..WEEKS {
            let frac = t as f64 / (WEEKS - 1) as f64;
            let mean = if (20..30).contains(&r) && (20..30).contains(&c) {
                base + 4.0 * frac // rising block
            } else if (60..70).contains(&r) && (50..60).contains(&c) {
                base + 4.0 * (1.0 - frac) // falling block
            } else {
                base
            };
            v.push(rng.poisson(mean));
        }
    }
    v
}

fn bench_mann_kendall(c: &mut Criterion) {
    let cube = poisson_cube(52);
    let mut g = c.benchmark_group("trend");
    g.sample_size(20);
    g.bench_function("mann_kendall_many_10000x52_serial", |b| {
        b.iter(|| mann_kendall_many(black_box(&cube), WEEKS, 0.05).expect("mann-kendall"))
    });
    g.finish();
}

fn bench_emerging(c: &mut Criterion) {
    let cube = poisson_cube(7);
    let (x, y): (Vec<f64>, Vec<f64>) = (0..SIDE * SIDE)
        .map(|i| ((i % SIDE) as f64 * 100.0, (i / SIDE) as f64 * 100.0))
        .unzip();
    // Queen neighbours (band 150 m between 100 m cell centres) with self.
    let w =
        SpatialWeights::distance_band(&x, &y, 150.0, &WeightsOptions::gi_star()).expect("weights");
    let params = EmergingParams::default();
    let mut g = c.benchmark_group("trend");
    g.sample_size(20);
    g.bench_function("emerging_hotspots_100x100x52_serial", |b| {
        b.iter(|| emerging_hotspots(black_box(&cube), SIDE * SIDE, &w, &params).expect("emerging"))
    });
    g.finish();
}

criterion_group!(benches, bench_mann_kendall, bench_emerging);
criterion_main!(benches);
