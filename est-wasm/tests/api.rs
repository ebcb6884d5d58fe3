//! The exported API as JavaScript sees it, run by wasm-bindgen-test-runner in Node and, with
//! `WASM_BINDGEN_USE_BROWSER=1`, in headless Chromium: error objects, options, incidents,
//! the taxonomy and the sample town.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test. (clippy.toml's allow-*-in-tests only covers
// #[test] functions, not #[wasm_bindgen_test] ones.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use est_wasm::{Incidents, Taxonomy, read_incidents, sample_town, transform};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn get_str(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
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

fn read(csv: &str, opts: JsValue) -> Result<Incidents, JsValue> {
    read_incidents(csv, Some(opts.unchecked_into()))
}

/// Asserts that `e` is an `EstError` (and an `Error`) with this name and code.
fn assert_est_error(e: &JsValue, name: &str, code: &str) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    let class = est_wasm::error::error_class();
    let proto = get(&class, "prototype");
    assert_eq!(
        Reflect::get_prototype_of(e).unwrap(),
        Object::from(proto),
        "not an EstError"
    );
    assert_eq!(get_str(e, "name"), name);
    assert_eq!(get_str(e, "code"), code);
    assert!(get(e, "details").is_object());
    let err: &js_sys::Error = e.unchecked_ref();
    assert!(!String::from(err.message()).is_empty());
}

const NOW: &str = "2026-01-01T00:00:00Z";

#[wasm_bindgen_test]
fn validation_error_lists_every_row() {
    let csv = "id,time,category,x,y\n1,2025-06-01T12:00:00+02:00,klotter,NaN,6581100.5\n\
               2,never,nope,674344.6,6581100.5\n";
    let e = read(csv, options(&[("crs", 3006.into()), ("now", NOW.into())])).unwrap_err();
    assert_est_error(&e, "ValidationError", "INVALID_ROWS");
    let details = get(&e, "details");
    assert_eq!(get(&details, "rowsRead").as_f64(), Some(2.0));
    let rows = Array::from(&get(&details, "errors"));
    let got: Vec<(f64, String, String)> = rows
        .iter()
        .map(|r| {
            (
                get(&r, "line").as_f64().unwrap(),
                get_str(&r, "field"),
                get_str(&r, "code"),
            )
        })
        .collect();
    let want = [
        (2.0, "x", "NOT_FINITE"),
        (3.0, "time", "BAD_TIME"),
        (3.0, "category", "UNKNOWN_CATEGORY"),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1.as_str(), g.2.as_str()), w);
    }
    assert_eq!(get_str(&rows.get(2), "value"), "nope");
}

#[wasm_bindgen_test]
fn parse_and_crs_errors() {
    let csv = "id,time,category,x,y\n1,2025-06-01T12:00:00+02:00,klotter,674344.6,6581100.5\n";
    let e = read(csv, options(&[("now", NOW.into())])).unwrap_err();
    assert_est_error(&e, "ParseError", "CRS_REQUIRED");
    let e = read(csv, options(&[("crs", "EPSG:9999".into())])).unwrap_err();
    assert_est_error(&e, "CrsError", "CRS_UNKNOWN_EPSG");
    assert_eq!(get(&get(&e, "details"), "epsg").as_f64(), Some(9999.0));
    let e = transform(arr(&[18.0]), arr(&[59.0]), "sweden".into(), 3006.into()).unwrap_err();
    assert_est_error(&e, "CrsError", "CRS_UNPARSEABLE");
    let e = transform(arr(&[18.0, 18.1]), arr(&[59.0]), 4326.into(), 3006.into()).unwrap_err();
    assert_est_error(&e, "CrsError", "CRS_LENGTH_MISMATCH");
}

#[wasm_bindgen_test]
fn options_errors() {
    let csv = "id,time,category,x,y\n1,2025-06-01T12:00:00+02:00,klotter,674344.6,6581100.5\n";
    for (opts, option) in [
        (
            options(&[("crs", 3006.into()), ("onErorr", "collect".into())]),
            "options",
        ),
        (
            options(&[("crs", 3006.into()), ("now", "later".into())]),
            "now",
        ),
        (options(&[("crs", JsValue::TRUE)]), "crs"),
    ] {
        let e = read(csv, opts).unwrap_err();
        assert_est_error(&e, "OptionsError", "INVALID_OPTION");
        assert_eq!(get_str(&get(&e, "details"), "option"), option);
    }
    let e = transform(
        arr(&[18.0]),
        JsValue::from_str("59"),
        4326.into(),
        3006.into(),
    )
    .unwrap_err();
    assert_est_error(&e, "OptionsError", "INVALID_OPTION");
}

#[wasm_bindgen_test]
fn now_defaults_to_the_host_clock() {
    // est-core reads no clock on wasm32; the binding must pass Date.now().
    let csv = "id,time,category,x,y\n1,2999-01-01T00:00:00Z,klotter,674344.6,6581100.5\n";
    let e = read(csv, options(&[("crs", 3006.into())])).unwrap_err();
    assert_est_error(&e, "ValidationError", "INVALID_ROWS");
    let rows = Array::from(&get(&get(&e, "details"), "errors"));
    assert_eq!(get_str(&rows.get(0), "code"), "FUTURE_TIME");
    let date = js_sys::Date::new(&JsValue::from_str("3000-01-01T00:00:00Z"));
    let inc = read(csv, options(&[("crs", 3006.into()), ("now", date.into())])).unwrap();
    assert_eq!(inc.length(), 1);
}

#[wasm_bindgen_test]
fn collect_keeps_good_rows() {
    let csv = "id,time,category,x,y\n1,2025-06-01T12:00:00+02:00,klotter,674344.6,6581100.5\n\
               2,2025-06-01T12:00:00+02:00,klotter,NaN,6581100.5\n";
    let inc = read(
        csv,
        options(&[
            ("crs", 3006.into()),
            ("now", NOW.into()),
            ("onError", "collect".into()),
        ]),
    )
    .unwrap();
    assert_eq!(inc.length(), 1);
    assert_eq!(inc.rows_read(), 2);
    assert_eq!(Array::from(&inc.errors()).length(), 1);
    assert_eq!(inc.ids(), vec!["1".to_string()]);
    assert_eq!(inc.times().to_vec(), vec![1_748_772_000_000.0]);
}

#[wasm_bindgen_test]
fn sample_town_is_deterministic() {
    let a = sample_town(1_000.0, 42.0, None).unwrap();
    let b = sample_town(1_000.0, 42.0, None).unwrap();
    let c = sample_town(1_000.0, 43.0, None).unwrap();
    assert_eq!(a.length(), 1_000);
    assert_eq!(a.crs(), 3006);
    assert_eq!(a.x().to_vec(), b.x().to_vec());
    assert_eq!(a.times().to_vec(), b.times().to_vec());
    assert_eq!(a.categories(), b.categories());
    assert_ne!(a.x().to_vec(), c.x().to_vec());
    // Same numbers as the native core: the generator is platform-independent.
    let native = est_core::sample::SampleTown::new(1_000, 42)
        .generate()
        .unwrap();
    assert_eq!(a.x().to_vec(), native.x());
    let w = a.to_crs(4326.into()).unwrap();
    assert_eq!(w.crs(), 4326);
    assert!(w.y().to_vec().iter().all(|lat| (55.0..70.0).contains(lat)));
    let e = sample_town(10.0, -1.0, None).unwrap_err();
    assert_est_error(&e, "OptionsError", "INVALID_OPTION");
}

#[wasm_bindgen_test]
fn taxonomy_api() {
    let mut t = Taxonomy::est_default();
    assert_eq!(t.resolve("Graffiti").unwrap(), "klotter");
    let e = t.resolve("inbrot").unwrap_err();
    assert_est_error(&e, "TaxonomyError", "UNKNOWN_CATEGORY");
    assert!(get_str(&e, "message").contains("inbrott"));
    assert_eq!(
        t.extend_from_csv(
            "code,sv,en,parent,aliases\ne_skoter,Elsparkcykel,E-scooter,fordon,elsparkis\n"
        )
        .unwrap(),
        1
    );
    assert_eq!(t.resolve("elsparkis").unwrap(), "e_skoter");
    assert!(t.is_in_group("e_skoter", "fordon").unwrap());
    assert_eq!(
        Array::from(&t.categories().unwrap()).length() as usize,
        t.length()
    );
}

#[wasm_bindgen_test]
fn to_csv_round_trip() {
    let a = sample_town(300.0, 5.0, None).unwrap();
    let text = a.to_csv(None).unwrap();
    let b = read(&text, options(&[("crs", 3006.into())])).unwrap();
    assert_eq!(b.ids(), a.ids());
    assert_eq!(b.x().to_vec(), a.x().to_vec());
    assert_eq!(b.times().to_vec(), a.times().to_vec());
    let x: Float64Array = get(
        &transform(a.x().into(), a.y().into(), 3006.into(), 4326.into()).unwrap(),
        "x",
    )
    .unchecked_into();
    assert_eq!(x.length(), 300);
}
