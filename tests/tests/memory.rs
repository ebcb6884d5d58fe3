//! The columnar store's footprint: the issue asks that 1 M incidents stay well under 200 MB.
//! 200 000 sample-town incidents (with ids, place names and free text on half of them) are
//! measured and the per-incident cost is bounded so that 1 M stays under 200 MB.

use est_core::sample::SampleTown;

#[test]
fn one_million_incidents_fit_in_200_mb() {
    let inc = SampleTown::new(200_000, 11).generate().unwrap();
    let per = inc.heap_bytes() as f64 / inc.len() as f64;
    eprintln!(
        "columnar store: {per:.1} bytes per incident → {:.0} MB per million",
        per
    );
    assert!(per * 1e6 < 200e6, "{per} bytes per incident");
}
