//! Coordinate transforms through the JS boundary: the PROJ goldens
//! (`tests/golden/crs_sweden.csv`, pyproj 3.7.2 / PROJ 9.5.1, embedded at compile time so
//! that the browser run needs no file access) and a round-trip property test. Run by
//! wasm-bindgen-test-runner in Node and in headless Chromium.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test. (clippy.toml's allow-*-in-tests only covers
// #[test] functions, not #[wasm_bindgen_test] ones.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use est_core::crs::Crs;
use est_wasm::transform;
use js_sys::{Float64Array, Reflect};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const GOLDEN: &str = include_str!("../../tests/golden/crs_sweden.csv");
/// Agreement with PROJ, metres.
const TOL_M: f64 = 1e-3;
/// Round-trip tolerance, degrees (about 1 mm).
const TOL_DEG: f64 = 1e-8;

fn xy(v: &JsValue) -> (Vec<f64>, Vec<f64>) {
    let f = |k: &str| {
        Reflect::get(v, &JsValue::from_str(k))
            .unwrap()
            .unchecked_into::<Float64Array>()
            .to_vec()
    };
    (f("x"), f("y"))
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

#[wasm_bindgen_test]
fn proj_goldens_sweden() {
    let mut checked = 0;
    for line in GOLDEN.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let [id, lat, lon, epsg, e, n, inside] = c[..] else {
            panic!("bad golden line {line}")
        };
        if inside != "True" {
            continue;
        }
        let p = |s: &str| s.parse::<f64>().unwrap();
        let epsg = p(epsg);
        let out = transform(f64s(&[p(lon)]), f64s(&[p(lat)]), 4326.into(), epsg.into()).unwrap();
        let (x, y) = xy(&out);
        assert!(
            (x[0] - p(e)).abs() <= TOL_M && (y[0] - p(n)).abs() <= TOL_M,
            "{id}: {x:?} {y:?}"
        );
        checked += 1;
    }
    assert!(checked >= 300, "only {checked} golden rows checked");
}

#[wasm_bindgen_test]
fn text_and_number_crs_agree() {
    let a = transform(f64s(&[18.0649]), f64s(&[59.3326]), 4326.into(), 3006.into()).unwrap();
    let b = transform(
        f64s(&[18.0649]),
        f64s(&[59.3326]),
        "EPSG:4326".into(),
        "SWEREF 99 TM".into(),
    )
    .unwrap();
    assert_eq!(xy(&a), xy(&b));
    let (x, y) = xy(&a);
    assert!((x[0] - 674_344.559).abs() < TOL_M && (y[0] - 6_581_100.536).abs() < TOL_M);
}

#[wasm_bindgen_test]
fn round_trip_property() {
    // A fixed seed: the same cases in Node, Chromium and every CI run.
    let config = Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    // Any SWEREF 99 system, any point of its area of use (the EPSG bounding box).
    let strategy = (3006u32..=3018, 0.0..=1.0f64, 0.0..=1.0f64);
    runner
        .run(&strategy, |(epsg, u, v)| {
            let a = Crs::from_epsg(epsg).unwrap().area_of_use();
            let lon = a.lon_min + u * (a.lon_max - a.lon_min);
            let lat = a.lat_min + v * (a.lat_max - a.lat_min);
            let fail =
                |e: JsValue| TestCaseError::fail(format!("EPSG:{epsg} ({lon}, {lat}): {e:?}"));
            let dst = JsValue::from(epsg);
            let fwd =
                transform(f64s(&[lon]), f64s(&[lat]), 4326.into(), dst.clone()).map_err(fail)?;
            let (x, y) = xy(&fwd);
            let back = transform(f64s(&x), f64s(&y), dst, 4326.into()).map_err(fail)?;
            let (lo, la) = xy(&back);
            prop_assert!((lo[0] - lon).abs() < TOL_DEG && (la[0] - lat).abs() < TOL_DEG);
            Ok(())
        })
        .unwrap();
}
