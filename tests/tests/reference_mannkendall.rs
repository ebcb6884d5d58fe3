//! Mann–Kendall and Sen's slope against pymannkendall 1.4.3 `original_test`.
//!
//! Goldens (provenance in `tests/golden/README.md`):
//! * `mk_cases.json`: hand-written series (the two complete series of method reference §5.2,
//!   constant and all-zero series, n = 3, S = 0 with variation, heavy ties, negative values,
//!   large values, sparse counts), made with `ref_mannkendall.py --write-series`. Shorter
//!   series are padded with empty cells in the script's wide input; the padding was checked
//!   to give the same results as the unpadded series, and it is stripped here.
//! * `mk_sample_town_2k_500m_weekly.json`: every cell of the sample town's weekly cube
//!   (2 000 incidents, seed 7, 500 m cells, 70 local weeks: 289 series of sparse counts),
//!   made with `ref_mannkendall.py --input-kind incidents --write-series`; the series are read
//!   from the golden itself.
//!
//! Tolerance: S and the numerator 18·Var(S) exactly (integers); the
//! floating values to 1e-9, relative to max(1, |reference|) (summation order and the normal
//! tail differ: pymannkendall computes `2·(1 − Φ(|z|))` with cancellation, est `2·Φ(−|z|)`).

use est_core::trend::mann_kendall::{Trend, mann_kendall, mann_kendall_many};
use est_tests::golden;
use serde_json::Value;

/// Agreement of floating values with pymannkendall, relative to max(1, |reference|).
const TOL_MK: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL_MK * b.abs().max(1.0)
}

fn trend_from(s: &str) -> Trend {
    match s {
        "increasing" => Trend::Increasing,
        "decreasing" => Trend::Decreasing,
        "no trend" => Trend::NoTrend,
        other => panic!("unknown trend {other}"),
    }
}

fn column<'a>(results: &'a Value, key: &str) -> &'a Vec<Value> {
    results[key]
        .as_array()
        .unwrap_or_else(|| panic!("column {key}"))
}

/// Compares est with every series of a `ref_mannkendall.py --write-series` golden; returns
/// the number of series compared and the largest relative difference seen.
fn compare_golden(name: &str) -> (usize, f64) {
    let text = std::fs::read_to_string(golden(name)).unwrap();
    let d: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(d["tool"], "ref_mannkendall.py");
    assert_eq!(d["versions"]["pymannkendall"], "1.4.3");
    let alpha = d["params"]["alpha"].as_f64().unwrap();
    let series = d["series"]
        .as_array()
        .expect("golden made with --write-series");
    let r = &d["results"];
    let mut worst = 0.0f64;
    for (i, row) in series.iter().enumerate() {
        let x: Vec<f64> = row
            .as_array()
            .unwrap()
            .iter()
            .map_while(Value::as_f64)
            .collect();
        assert_eq!(
            x.len() as u64,
            column(r, "n")[i].as_u64().unwrap(),
            "series {i}"
        );
        let mk = mann_kendall(&x, alpha).unwrap();
        let id = &d["ids"][i];
        assert_eq!(mk.s, column(r, "s")[i].as_f64().unwrap(), "S of {id}");
        // Var(S) = integer / 18: the numerator exactly. (serde_json here is built without
        // `float_roundtrip`, so a parsed 17-digit value can be one ulp off.)
        let var_ref = column(r, "var_s")[i].as_f64().unwrap();
        assert_eq!(
            (mk.var_s * 18.0).round(),
            (var_ref * 18.0).round(),
            "Var(S) of {id}"
        );
        assert!(
            close(mk.var_s, var_ref),
            "Var(S) of {id}: {} vs {var_ref}",
            mk.var_s
        );
        assert_eq!(
            mk.trend,
            trend_from(column(r, "trend")[i].as_str().unwrap()),
            "{id}"
        );
        assert_eq!(mk.h, column(r, "h")[i].as_bool().unwrap(), "h of {id}");
        for (key, ours) in [
            ("p", mk.p),
            ("z", mk.z),
            ("Tau", mk.tau),
            ("slope", mk.slope),
            ("intercept", mk.intercept),
        ] {
            let theirs = column(r, key)[i].as_f64().unwrap();
            assert!(
                close(ours, theirs),
                "{key} of {id}: est {ours}, pymannkendall {theirs}"
            );
            worst = worst.max((ours - theirs).abs() / theirs.abs().max(1.0));
        }
        assert_eq!(mk.no_variation, mk.var_s == 0.0);
    }
    (series.len(), worst)
}

#[test]
fn pymannkendall_original_test_hand_written_cases() {
    let (n, worst) = compare_golden("mk_cases.json");
    assert!(n >= 19, "only {n} series compared");
    println!("mk_cases.json: {n} series, max relative difference {worst:e}");
}

#[test]
fn pymannkendall_original_test_sample_town_weekly_cube() {
    let (n, worst) = compare_golden("mk_sample_town_2k_500m_weekly.json");
    assert_eq!(n, 289);
    println!("mk_sample_town_2k_500m_weekly.json: {n} series, max relative difference {worst:e}");
}

#[test]
fn many_series_match_single_calls_on_the_golden() {
    let d: Value =
        serde_json::from_str(&std::fs::read_to_string(golden("mk_cases.json")).unwrap()).unwrap();
    // Every complete 52-value series of the golden, stacked row-major.
    let rows: Vec<Vec<f64>> = d["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map_while(Value::as_f64)
                .collect::<Vec<_>>()
        })
        .filter(|x| x.len() == 52)
        .collect();
    assert!(rows.len() >= 2);
    let flat: Vec<f64> = rows.concat();
    let many = mann_kendall_many(&flat, 52, 0.05).unwrap();
    for (row, mk) in rows.iter().zip(&many) {
        assert_eq!(*mk, mann_kendall(row, 0.05).unwrap());
    }
}
