//! Benchmarks for `est_core::hotspot`: Gi\* with 999 conditional permutations on a
//! 100 × 100 grid (10 000 cells, queen + self), the issue-5 target (~5 ms on 2 cores, at least
//! 50× faster than esda warm; build with `--features est-core/parallel` for rayon).
//!
//! Counts come from 20 000 seeded points (half uniform, half around three hot spots), so they
//! are integer counts full of small values as in real data. A second case uses continuous
//! values (every cell its own conditional problem): the engine's worst case.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use est_core::crs::Crs;
use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::gistar::{LocalGParams, local_g};
use est_core::hotspot::moran::{LocalMoranParams, local_moran};
use est_core::hotspot::weights::{Contiguity, SpatialWeights, WeightsOptions};

const SIDE_M: f64 = 10_000.0;

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

/// A 100 × 100 grid of 100 m cells and the counts of 20 000 points on it.
fn grid_and_counts() -> (Grid, Vec<f64>) {
    let opts = GridOptions::default().with_cell_size(100.0);
    // Cell centres at 0, 100, …, 9 900 m: exactly 100 × 100 cells.
    let grid =
        Grid::from_extent(0.0, 0.0, 9_900.0, 9_900.0, Crs::SWEREF99_TM, &opts).expect("grid");
    assert_eq!(grid.n_cells(), 10_000);
    let mut rng = Lcg(5);
    let centres = [(2_500.0, 3_000.0), (6_000.0, 7_000.0), (8_000.0, 2_000.0)];
    let (x, y): (Vec<f64>, Vec<f64>) = (0..20_000)
        .map(|i| {
            if i % 2 == 0 {
                (
                    rng.next_f64() * SIDE_M - 50.0,
                    rng.next_f64() * SIDE_M - 50.0,
                )
            } else {
                let (cx, cy) = centres[i % 3];
                let r = 800.0 * rng.next_f64().sqrt();
                let a = std::f64::consts::TAU * rng.next_f64();
                (cx + r * a.cos(), cy + r * a.sin())
            }
        })
        .unzip();
    let counts = grid.counts(&x, &y, None).expect("counts").counts;
    (grid, counts)
}

fn bench_gistar(c: &mut Criterion) {
    let (grid, counts) = grid_and_counts();
    let w = SpatialWeights::grid_contiguity(&grid, Contiguity::Queen, &WeightsOptions::gi_star())
        .expect("weights");
    let params = LocalGParams::default(); // Gi*, 999 permutations, seed 0x5EED
    let mut group = c.benchmark_group("hotspot");
    group.sample_size(20);
    group.bench_function("queen_weights_100x100", |b| {
        b.iter(|| {
            SpatialWeights::grid_contiguity(
                black_box(&grid),
                Contiguity::Queen,
                &WeightsOptions::gi_star(),
            )
        })
    });
    group.bench_function("gistar_999_perm_100x100_counts", |b| {
        b.iter(|| local_g(black_box(&counts), &w, &params).expect("gi*"))
    });
    let mut rng = Lcg(9);
    let continuous: Vec<f64> = counts.iter().map(|v| v + rng.next_f64()).collect();
    group.bench_function("gistar_999_perm_100x100_continuous", |b| {
        b.iter(|| local_g(black_box(&continuous), &w, &params).expect("gi*"))
    });
    let wq = SpatialWeights::grid_contiguity(&grid, Contiguity::Queen, &WeightsOptions::default())
        .expect("weights");
    group.bench_function("local_moran_999_perm_100x100_counts", |b| {
        b.iter(|| local_moran(black_box(&counts), &wq, &LocalMoranParams::default()).expect("lisa"))
    });
    group.finish();
}

/// Quartic KDE of 10 000 sample-town incidents at the 10 000 cell centres of a 100 × 100 grid
/// (h = 300 m): the comparison with scikit-learn (`benches/compare/`).
fn bench_kde(c: &mut Criterion) {
    use est_core::grid::GridOptions;
    use est_core::hotspot::kde::{BandwidthRule, KdeOptions, Kernel, kde};
    let town = est_core::sample::SampleTown::new(10_000, 1)
        .generate()
        .unwrap();
    let opts = GridOptions::default().with_cell_size(80.0);
    let grid = Grid::from_extent(
        656_000.0,
        6_606_000.0,
        663_940.0,
        6_613_940.0,
        est_core::crs::Crs::SWEREF99_TM,
        &opts,
    )
    .unwrap();
    let mut group = c.benchmark_group("kde");
    for kernel in [Kernel::Quartic, Kernel::Epanechnikov] {
        let o = KdeOptions {
            kernel,
            bandwidth: BandwidthRule::Fixed(300.0),
            ..KdeOptions::default()
        };
        group.bench_function(format!("{kernel}_10k_points_100x100_h300"), |b| {
            b.iter(|| kde(&grid, town.x(), town.y(), None, &o).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_gistar, bench_kde);
criterion_main!(benches);
