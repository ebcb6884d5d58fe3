//! Reading, generating and projecting incidents.
//!
//! `cargo bench -p est-benches --bench io_crs`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use est_core::crs::{Crs, transform_slices};
use est_core::io::csv::{CsvOptions, CsvWriteOptions, read_incidents, write_incidents};
use est_core::sample::SampleTown;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("io_crs");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let town = SampleTown::new(n, 1).generate().unwrap();
        let csv = write_incidents(&town, &CsvWriteOptions::default()).unwrap();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("sample_town", n), &n, |b, &n| {
            b.iter(|| SampleTown::new(n, 1).generate().unwrap())
        });
        let opts = CsvOptions {
            crs: Some(Crs::SWEREF99_TM),
            ..CsvOptions::default()
        };
        g.bench_with_input(BenchmarkId::new("read_csv_validated", n), &csv, |b, csv| {
            b.iter(|| read_incidents(black_box(csv), &opts).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("sweref99tm_to_wgs84", n), &town, |b, t| {
            b.iter(|| transform_slices(t.x(), t.y(), Crs::SWEREF99_TM, Crs::WGS84).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
