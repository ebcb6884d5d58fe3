//! Criterion benchmarks of est live in `benches/`; run them with `cargo bench -p est-benches`.
