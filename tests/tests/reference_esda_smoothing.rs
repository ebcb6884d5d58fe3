//! Empirical-Bayes rate smoothing against esda 2.9.0 (`tests/golden/eb_sample_town_500m.json`,
//! made by `tests/reference/ref_smoothing.py` on est's sample-town fixture).

use est_core::crs::Crs;
use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::smoothing::{
    empirical_bayes, raw_rates, spatial_empirical_bayes, spatial_rate,
};
use est_core::hotspot::weights::{Contiguity, SpatialWeights, WeightsOptions};
use est_core::io::csv::{CsvOptions, read_incidents};
use serde_json::Value;

/// Oracle values with full f64 precision; only the order of summation differs.
const TOL_FULL_REL: f64 = 1e-12;

fn floats(v: &Value) -> Vec<Option<f64>> {
    v.as_array().unwrap().iter().map(Value::as_f64).collect()
}

#[test]
fn esda_smoothing_sample_town_500m() {
    let g: Value = serde_json::from_str(
        &std::fs::read_to_string(est_tests::golden("eb_sample_town_500m.json")).unwrap(),
    )
    .unwrap();
    // The same grid, counts and queen neighbours as the reference script.
    let text = std::fs::read_to_string(est_tests::fixture("sample_town_2k_seed7.csv")).unwrap();
    let inc = read_incidents(
        &text,
        &CsvOptions {
            crs: Some(Crs::SWEREF99_TM),
            ..CsvOptions::default()
        },
    )
    .unwrap();
    let grid = Grid::for_incidents(&inc, &GridOptions::default().with_cell_size(500.0)).unwrap();
    let events = grid.counts_for(&inc).unwrap().counts;
    let want_events: Vec<f64> = floats(&g["events"])
        .into_iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(events, want_events);
    let base: Vec<f64> = floats(&g["base"]).into_iter().map(Option::unwrap).collect();
    let w = SpatialWeights::grid_contiguity(&grid, Contiguity::Queen, &WeightsOptions::default())
        .unwrap();
    for (i, nb) in g["neighbours"].as_array().unwrap().iter().enumerate() {
        let want: Vec<u32> = nb
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let mut got = w.neighbours(i).0.to_vec();
        got.sort_unstable();
        assert_eq!(got, want, "neighbours of cell {i}");
    }
    let cases: [(&str, Vec<f64>); 4] = [
        ("raw", raw_rates(&events, &base).unwrap()),
        ("empirical_bayes", empirical_bayes(&events, &base).unwrap()),
        ("spatial_rate", spatial_rate(&events, &base, &w).unwrap()),
        (
            "spatial_empirical_bayes",
            spatial_empirical_bayes(&events, &base, &w).unwrap(),
        ),
    ];
    for (key, got) in cases {
        let mut compared = 0;
        for (i, (a, b)) in got.iter().zip(floats(&g[key])).enumerate() {
            match b {
                Some(b) => {
                    assert!(
                        (a - b).abs() <= TOL_FULL_REL * b.abs().max(1e-300),
                        "{key}[{i}]: {a} vs {b}"
                    );
                    compared += 1;
                }
                // esda: 0/0 where a whole neighbourhood has no events; est: the neighbourhood
                // rate, 0.
                None => assert_eq!(*a, 0.0, "{key}[{i}]"),
            }
        }
        assert!(compared >= 280, "{key}: {compared}");
    }
}
