//! Gi* and the one-call hotspot map as JavaScript sees them, run by wasm-bindgen-test-runner
//! in Node and, with `WASM_BINDGEN_USE_BROWSER=1`, in headless Chromium.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use est_wasm::{SpatialWeights, hotspots, local_g, sample_town};
use js_sys::{Array, Float64Array, Int8Array, Object, Reflect, Uint32Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
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

const X: [f64; 6] = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0];
const Y: [f64; 6] = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0];
const V: [f64; 6] = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0];

/// The esda `G_Local` doctest (methods.md): Gi* and Gi z to 1e-8, from a distance band and
/// from prebuilt weights (which stay usable after the call).
#[wasm_bindgen_test]
fn local_g_matches_the_esda_doctest() {
    let star = [
        -1.39727626,
        -0.28917762,
        0.65064964,
        -0.28917762,
        1.23452088,
        2.02424331,
    ];
    let gi = [
        -1.0136729,
        -0.04361589,
        1.31558703,
        -0.31412676,
        1.15373986,
        1.77833941,
    ];
    let r = local_g(
        arr(&V).unchecked_into(),
        arr(&X),
        arr(&Y),
        options(&[("distance", 15.0.into())]).unchecked_into(),
    )
    .unwrap();
    for (a, b) in f64s(get(&r, "z")).iter().zip(star) {
        assert!((a - b).abs() < 1e-8, "Gi* {a} vs {b}");
    }
    let p_sim = f64s(get(&r, "pSim"));
    assert_eq!(p_sim.len(), 6);
    assert!(p_sim.iter().all(|p| *p > 0.0 && *p <= 1.0));
    let r = local_g(
        arr(&V).unchecked_into(),
        arr(&X),
        arr(&Y),
        options(&[
            ("distance", 15.0.into()),
            ("star", false.into()),
            ("permutations", 0.0.into()),
        ])
        .unchecked_into(),
    )
    .unwrap();
    for (a, b) in f64s(get(&r, "z")).iter().zip(gi) {
        assert!((a - b).abs() < 1e-8, "Gi {a} vs {b}");
    }
    assert!(get(&r, "pSim").is_null());

    let w = SpatialWeights::distance_band(
        arr(&X).unchecked_into(),
        arr(&Y).unchecked_into(),
        15.0,
        Some(options(&[("selfWeight", true.into())]).unchecked_into()),
    )
    .unwrap();
    let w_js = JsValue::from(w);
    for _ in 0..2 {
        let r = local_g(
            arr(&V).unchecked_into(),
            JsValue::NULL,
            JsValue::NULL,
            options(&[("weights", w_js.clone())]).unchecked_into(),
        )
        .unwrap();
        for (a, b) in f64s(get(&r, "z")).iter().zip(star) {
            assert!((a - b).abs() < 1e-8, "Gi* (weights) {a} vs {b}");
        }
    }
    assert_eq!(get(&w_js, "n").as_f64(), Some(6.0));
}

/// The one-call map on the sample town: counts add up, the town's hotspots are found, the
/// GeoJSON has one feature per cell, and the same seed gives the same map.
#[wasm_bindgen_test]
fn hotspots_on_the_sample_town() {
    let town = sample_town(3000.0, 1.0, None).unwrap();
    let m = hotspots(&town, None).unwrap();
    let counts = m.counts().to_vec();
    assert_eq!(counts.iter().sum::<f64>(), 3000.0);
    let classes: Int8Array = m.classes();
    assert!(classes.to_vec().contains(&3));
    let cc: Uint32Array = m.class_counts();
    assert_eq!(
        cc.to_vec().iter().map(|&c| c as usize).sum::<usize>(),
        m.n_cells()
    );
    let gj = m.to_geojson().unwrap();
    let parsed = js_sys::JSON::parse(&gj).unwrap();
    let features = Array::from(&get(&parsed, "features"));
    assert_eq!(features.length() as usize, m.n_cells());
    let props = get(&features.get(0), "properties");
    assert!(get(&props, "gi_class").as_f64().is_some(), "no gi_class");
    let again = hotspots(&sample_town(3000.0, 1.0, None).unwrap(), None).unwrap();
    assert_eq!(again.classes().to_vec(), classes.to_vec());
    assert_eq!(f64s(again.p_sim()), f64s(m.p_sim()));
}
