//! The space-time cube against the reference scripts' week convention
//! (`tests/golden/mk_sample_town_2k_500m_weekly.json`, made by the baselines'
//! `ref_mannkendall.py --input-kind incidents` on est's sample-town fixture: numpy/pandas
//! bin the incidents into the 500 m grid × Europe/Stockholm local weeks starting Monday
//! 2025-07-21). The cube's per-cell weekly counts must equal the script's series exactly.

use chrono::NaiveDate;
use est_core::crs::Crs;
use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::counts::Selection;
use est_core::incident::Incidents;
use est_core::io::csv::{CsvOptions, read_incidents};
use est_core::trend::cube::{LocationRule, cube_for_grid};
use est_core::trend::period::{PeriodKind, Periods, local_midnight};
use serde_json::Value;

const GOLDEN: &str = "mk_sample_town_2k_500m_weekly.json";

/// Counts are integers: the cube must reproduce them exactly (method reference §0.3 `EXACT`).
const EXACT: f64 = 0.0;

fn golden() -> Value {
    let g: Value =
        serde_json::from_str(&std::fs::read_to_string(est_tests::golden(GOLDEN)).unwrap()).unwrap();
    // Provenance: the file names the script and the library versions it was made with.
    assert_eq!(g["tool"], "ref_mannkendall.py");
    assert!(g["versions"]["pymannkendall"].is_string());
    assert_eq!(
        g["params"]["input"],
        "tests/fixtures/sample_town_2k_seed7.csv"
    );
    assert_eq!(g["params"]["input_kind"], "incidents");
    g
}

fn fixture() -> Incidents {
    let text = std::fs::read_to_string(est_tests::fixture("sample_town_2k_seed7.csv")).unwrap();
    read_incidents(
        &text,
        &CsvOptions {
            crs: Some(Crs::SWEREF99_TM),
            ..CsvOptions::default()
        },
    )
    .unwrap()
}

/// The script's weeks: `--weeks` bins of 7 local days from local midnight of `--start`.
fn script_weeks(g: &Value) -> Periods {
    let start =
        NaiveDate::parse_from_str(g["params"]["start"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let weeks = g["params"]["weeks"].as_u64().unwrap();
    let end = start + chrono::Days::new(7 * weeks);
    Periods::covering(
        PeriodKind::IsoWeek,
        local_midnight(start).unwrap(),
        local_midnight(end).unwrap(),
    )
    .unwrap()
}

#[test]
fn cube_equals_reference_weekly_counts() {
    let g = golden();
    let inc = fixture();
    let grid = Grid::for_incidents(&inc, &GridOptions::default().with_cell_size(500.0)).unwrap();
    // The same grid: origin = min − cell/2 on both axes, same dimensions.
    let spec = &g["input"]["grid"];
    assert_eq!(grid.origin().0, spec["origin_x"].as_f64().unwrap());
    assert_eq!(grid.origin().1, spec["origin_y"].as_f64().unwrap());
    assert_eq!(u64::from(grid.ncol()), spec["ncols"].as_u64().unwrap());
    assert_eq!(u64::from(grid.nrow()), spec["nrows"].as_u64().unwrap());

    let periods = script_weeks(&g);
    assert_eq!(periods.len() as u64, g["n_bins"].as_u64().unwrap());
    // The script's weeks from a Monday are ISO weeks: 2025-07-21 is the Monday of 2025-W30.
    assert_eq!(periods.bins[0].label, "2025-W30");
    assert_eq!(periods.bins[69].label, "2026-W47");
    assert!(periods.bins.iter().all(|b| b.coverage == 1.0));
    // And they are the 70 weeks ending with the last incident's week.
    let (_, last) = inc.time_range().unwrap();
    assert_eq!(Periods::weeks_ending(last, 70).unwrap(), periods);

    let cube = cube_for_grid(
        &grid,
        &inc,
        &Selection::default(),
        &periods,
        LocationRule::AllCells,
    )
    .unwrap();
    let ids: Vec<usize> = g["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(cube.cell_ids.as_deref().unwrap(), ids.as_slice());
    let series = g["series"].as_array().unwrap();
    assert_eq!(series.len(), cube.n_locations());
    let (mut max_abs, mut compared) = (0.0f64, 0usize);
    for (l, row) in series.iter().enumerate() {
        let want: Vec<f64> = row
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let got = cube.series(l);
        assert_eq!(got.len(), want.len(), "cell {}", ids[l]);
        for (t, (a, b)) in got.iter().zip(&want).enumerate() {
            let d = (a - b).abs();
            assert!(
                d <= EXACT,
                "cell {} week {t}: est {a}, reference {b}",
                ids[l]
            );
            max_abs = max_abs.max(d);
            compared += 1;
        }
    }
    assert_eq!(compared, 289 * 70);
    assert_eq!(
        cube.total(),
        g["input"]["n_events_in_cube"].as_f64().unwrap()
    );
    println!(
        "{compared} cell-week counts compared with ref_mannkendall.py: max |diff| = {max_abs}"
    );
}

#[test]
fn esri_location_rule_keeps_the_reference_nonempty_cells() {
    let g = golden();
    let inc = fixture();
    let grid = Grid::for_incidents(&inc, &GridOptions::default().with_cell_size(500.0)).unwrap();
    let periods = script_weeks(&g);
    let cube = cube_for_grid(
        &grid,
        &inc,
        &Selection::default(),
        &periods,
        LocationRule::WithIncidents,
    )
    .unwrap();
    // The script's `--nonempty-only` rule: cells whose series sums to more than 0.
    let nonempty: Vec<usize> = g["series"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .sum::<f64>()
                > 0.0
        })
        .map(|(i, _)| i)
        .collect();
    assert!(!nonempty.is_empty());
    assert_eq!(cube.cell_ids.as_deref().unwrap(), nonempty.as_slice());
    for (l, &id) in nonempty.iter().enumerate() {
        let want: Vec<f64> = g["series"][id]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(cube.series(l), want.as_slice(), "cell {id}");
    }
}
