//! The time and follow-up bindings as JavaScript sees them, run by wasm-bindgen-test-runner in
//! Node and, with `WASM_BINDGEN_USE_BROWSER=1`, in headless Chromium: Mann–Kendall on the
//! method reference's series, Knox observed pairs against a double loop, a weekly cube against
//! plain counts, WDD on the paper's counts, the public export's k rule, and the error objects.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use est_wasm::{
    Grid, Registry, cube, knox_incidents, mann_kendall, mann_kendall_cube, periods, public_export,
    sample_town, test_poisson_2indep, wdd,
};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn arr(v: &[f64]) -> JsValue {
    v.iter()
        .map(|x| JsValue::from_f64(*x))
        .collect::<Array>()
        .into()
}

fn f64s(v: JsValue) -> Vec<f64> {
    v.dyn_into::<Float64Array>().unwrap().to_vec()
}

/// Rows of numbers (`number[][]`).
fn rows(v: JsValue) -> Vec<Vec<f64>> {
    Array::from(&v)
        .iter()
        .map(|r| {
            Array::from(&r)
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect()
}

/// Asserts that `e` is an `EstError` with this name and code.
fn assert_est_error(e: &JsValue, name: &str, code: &str) {
    let class = est_wasm::error::error_class();
    let proto = get(&class, "prototype");
    assert_eq!(
        Reflect::get_prototype_of(e).unwrap(),
        Object::from(proto),
        "not an EstError: {e:?}"
    );
    assert_eq!(get(e, "name").as_string().unwrap(), name);
    assert_eq!(get(e, "code").as_string().unwrap(), code);
    assert!(get(e, "details").is_object());
}

/// pymannkendall 1.4.3 on the series of method reference §5.2 (S and Var(S) exact, the rest to
/// 1e-12).
#[wasm_bindgen_test]
fn mann_kendall_matches_the_method_reference() {
    let x = [
        3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0, 9.0, 7.0, 9.0,
    ];
    let r = mann_kendall(arr(&x).unchecked_into(), None).unwrap();
    assert_eq!(get(&r, "trend").as_string().unwrap(), "increasing");
    assert_eq!((num(&r, "s"), num(&r, "varS")), (55.0, 399.0));
    for (key, want) in [
        ("z", 2.703381341337498),
        ("p", 0.00686379498544909),
        ("tau", 0.5238095238095238),
        ("slope", 0.4444444444444444),
        ("intercept", 1.8888888888888893),
    ] {
        assert!((num(&r, key) - want).abs() < 1e-12, "{key}");
    }
    // The same series twice as a 2 × 15 cube.
    let two: Vec<f64> = x.iter().chain(x.iter()).copied().collect();
    let c = mann_kendall_cube(arr(&two).unchecked_into(), 2.0, 15.0, None).unwrap();
    assert_eq!(f64s(get(&c, "s")), [55.0, 55.0]);
    // Errors: too short, and a missing value.
    let e = mann_kendall(arr(&[1.0, 2.0]).unchecked_into(), None).unwrap_err();
    assert_est_error(&e, "TrendError", "TREND_TOO_SHORT");
    let e = mann_kendall(arr(&[1.0, f64::NAN, 3.0]).unchecked_into(), None).unwrap_err();
    assert_est_error(&e, "TrendError", "TREND_INVALID_VALUE");
    assert_eq!(num(&get(&e, "details"), "index"), 1.0);
}

/// Knox observed pairs (default bands, Manhattan) equal a double loop over the sample town.
#[wasm_bindgen_test]
fn knox_observed_pairs_equal_a_double_loop() {
    let town = sample_town(400.0, 11.0, None).unwrap();
    let (x, y) = (town.x().to_vec(), town.y().to_vec());
    let t: Vec<f64> = town
        .times()
        .to_vec()
        .iter()
        .map(|ms| ms / 86_400_000.0)
        .collect();
    let k = knox_incidents(
        &town,
        Some(options(&[("permutations", 9.0.into())]).unchecked_into()),
    )
    .unwrap();
    let (sb, tb) = ([0.0, 0.1, 200.0, 400.0, 600.0], [0.0, 7.0, 14.0, 21.0]);
    let band = |edges: &[f64], v: f64| -> Option<usize> {
        (v >= edges[0] && v < edges[edges.len() - 1])
            .then(|| edges.partition_point(|&e| e <= v) - 1)
    };
    let mut want = vec![vec![0.0; 3]; 4];
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            let d = (x[i] - x[j]).abs() + (y[i] - y[j]).abs();
            if let (Some(a), Some(b)) = (band(&sb, d), band(&tb, (t[i] - t[j]).abs())) {
                want[a][b] += 1.0;
            }
        }
    }
    assert_eq!(rows(get(&k, "observed")), want);
    assert_eq!(num(&k, "permutations"), 9.0);
}

/// A weekly cube sums to the plain per-cell counts; periods and errors.
#[wasm_bindgen_test]
fn cube_totals_equal_cell_counts() {
    let town = sample_town(800.0, 4.0, None).unwrap();
    let grid = Grid::for_incidents(
        &town,
        Some(options(&[("cellSize", 500.0.into())]).unchecked_into()),
    )
    .unwrap();
    let c = cube(
        &town,
        grid.share().into(),
        Some(options(&[("period", "month".into())]).unchecked_into()),
    )
    .unwrap();
    let (n_l, n_t) = (num(&c, "nLocations") as usize, num(&c, "nPeriods") as usize);
    let counts = f64s(get(&c, "counts"));
    assert_eq!(counts.len(), n_l * n_t);
    let flat = f64s(get(&grid.counts_for(&town).unwrap(), "counts"));
    for (l, want) in flat.iter().enumerate() {
        let got: f64 = counts[l * n_t..(l + 1) * n_t].iter().sum();
        assert_eq!(got, *want, "cell {l}");
    }
    let p = periods(
        JsValue::from_str("tertial").unchecked_into(),
        "2026-01-01T00:00:00+01:00".into(),
        "2026-11-01T00:00:00+01:00".into(),
    )
    .unwrap();
    assert_eq!(Array::from(&get(&p, "labels")).length(), 3);
    let e = periods(
        JsValue::from_str("fortnight").unchecked_into(),
        0.0.into(),
        1.0.into(),
    )
    .unwrap_err();
    assert_est_error(&e, "TrendError", "TREND_INVALID_PARAMETER");
}

/// WDD on the paper's counts (method reference §9.4), a two-rate test and registry errors.
#[wasm_bindgen_test]
fn followup_measures_and_errors() {
    let w = wdd(
        arr(&[308.0, 318.0]).unchecked_into(),
        arr(&[207.0, 110.0]).unchecked_into(),
        Some(
            options(&[
                ("dispControl", arr(&[150.0, 140.0])),
                ("dispTreated", arr(&[178.0, 157.0])),
            ])
            .unchecked_into(),
        ),
    )
    .unwrap();
    assert_eq!(num(&w, "estimate"), -118.0);
    assert!((num(&w, "se") - 1568f64.sqrt()).abs() < 1e-12);
    // statsmodels 0.15.0 (rates_statsmodels.json), to 1e-8 relative.
    let t = test_poisson_2indep(30.0, 1.0, 50.0, 1.0, None).unwrap();
    assert!((num(&t, "p") / 0.025347318677468252 - 1.0).abs() < 1e-8);
    let e = test_poisson_2indep(0.0, 1.0, 0.0, 1.0, None).unwrap_err();
    assert_est_error(&e, "StatsError", "STATS_UNDEFINED");
    let e = Registry::from_json("{\"schema\": 1}", None).unwrap_err();
    assert_est_error(&e, "FollowupError", "FOLLOWUP_INVALID_REGISTRY");
    assert!(Array::from(&get(&get(&e, "details"), "issues")).length() >= 3);
}

/// The public export publishes only cells with at least k incidents.
#[wasm_bindgen_test]
fn public_export_k_rule() {
    let town = sample_town(6000.0, 2026.0, None).unwrap();
    let ex = public_export(
        &town,
        "2026-W47",
        Some(options(&[("k", 7.0.into())]).unchecked_into()),
    )
    .unwrap();
    let cells = Array::from(&ex.cells().unwrap());
    assert!(cells.length() > 0);
    for c in cells.iter() {
        assert!(num(&c, "count") >= 7.0);
    }
    assert!(ex.suppressed_cells() > 0);
    assert!(!ex.to_json().unwrap().contains("\"id\""));
    let e = public_export(&town, "2026-W99", None).unwrap_err();
    assert_est_error(&e, "ReportError", "REPORT_INVALID_OPTION");
}
