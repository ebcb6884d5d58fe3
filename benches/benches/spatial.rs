//! Benchmarks for `est_core::index` and `est_core::grid`: building the R-tree, radius and
//! k-nearest queries, building square and hexagonal grids, counting points per cell and
//! clipping to a study area.
//!
//! Points come from a tiny inline linear congruential generator (seeded, no dependencies), in
//! a 10 km × 10 km square of SWEREF 99 TM around Stockholm.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use est_core::crs::Crs;
use est_core::grid::{ClipMode, Grid, GridOptions, GridShape, StudyArea};
use est_core::index::IncidentIndex;

const E0: f64 = 665_000.0;
const N0: f64 = 6_575_000.0;
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

/// `n` points: half uniform, half clustered around three hot spots (as in real data).
fn points(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Lcg(seed);
    let centres = [(2_500.0, 3_000.0), (6_000.0, 7_000.0), (8_000.0, 2_000.0)];
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                (E0 + rng.next_f64() * SIDE_M, N0 + rng.next_f64() * SIDE_M)
            } else {
                let (cx, cy) = centres[i % 3];
                let r = 400.0 * rng.next_f64().sqrt();
                let a = rng.next_f64() * std::f64::consts::TAU;
                (E0 + cx + r * a.cos(), N0 + cy + r * a.sin())
            }
        })
        .unzip()
}

/// A 40-vertex star-shaped study area covering most of the square (GeoJSON in SWEREF 99 TM,
/// so the bench needs no geometry crate of its own).
fn study_area() -> Option<StudyArea> {
    let mut rng = Lcg(42);
    let mut ring: Vec<String> = (0..40)
        .map(|k| {
            let a = f64::from(k) / 40.0 * std::f64::consts::TAU;
            let r = 3_500.0 + 1_400.0 * rng.next_f64();
            format!(
                "[{}, {}]",
                E0 + 5_000.0 + r * a.cos(),
                N0 + 5_000.0 + r * a.sin()
            )
        })
        .collect();
    ring.push(ring[0].clone());
    let text = format!(
        r#"{{"type": "Polygon", "coordinates": [[{}]]}}"#,
        ring.join(", ")
    );
    StudyArea::from_geojson(&text, Crs::SWEREF99_TM, Crs::SWEREF99_TM).ok()
}

fn index(c: &mut Criterion) {
    let mut group = c.benchmark_group("index");
    for n in [10_000usize, 100_000] {
        let (x, y) = points(n, 1);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("bulk_load", n), &n, |b, _| {
            b.iter(|| IncidentIndex::from_points(black_box(&x), black_box(&y)).map(|i| i.len()))
        });
        let Ok(idx) = IncidentIndex::from_points(&x, &y) else {
            continue;
        };
        let (qx, qy) = points(1_000, 2);
        group.throughput(Throughput::Elements(qx.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("within_radius_200m_x1000", n),
            &n,
            |b, _| {
                b.iter(|| {
                    qx.iter()
                        .zip(&qy)
                        .map(|(&px, &py)| idx.within_radius(px, py, 200.0).map_or(0, |v| v.len()))
                        .sum::<usize>()
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("nearest_k10_x1000", n), &n, |b, _| {
            b.iter(|| {
                qx.iter()
                    .zip(&qy)
                    .map(|(&px, &py)| idx.nearest(px, py, 10).map_or(0, |v| v.len()))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn grid(c: &mut Criterion) {
    let mut group = c.benchmark_group("grid");
    let (x, y) = points(100_000, 3);
    for (name, shape) in [
        ("square", GridShape::Square),
        ("hexagon", GridShape::Hexagon),
    ] {
        let opts = GridOptions::default()
            .with_cell_size(100.0)
            .with_shape(shape);
        group.bench_function(BenchmarkId::new("build_100m", name), |b| {
            b.iter(|| Grid::from_points(black_box(&x), black_box(&y), Crs::SWEREF99_TM, &opts))
        });
        let Ok(g) = Grid::from_points(&x, &y, Crs::SWEREF99_TM, &opts) else {
            continue;
        };
        group.throughput(Throughput::Elements(x.len() as u64));
        group.bench_function(BenchmarkId::new("counts_100k", name), |b| {
            b.iter(|| {
                g.counts(black_box(&x), black_box(&y), None)
                    .map(|c| c.outside)
            })
        });
        if let Some(area) = study_area() {
            group.throughput(Throughput::Elements(g.n_cells() as u64));
            group.bench_function(BenchmarkId::new("clip_cut_100m", name), |b| {
                b.iter(|| g.clip(black_box(&area), ClipMode::Cut).map(|g| g.n_cells()))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, index, grid);
criterion_main!(benches);
