//! Grids, study areas, the spatial index and the lägesbild through the JS boundary, run by
//! wasm-bindgen-test-runner in Node and, with `WASM_BINDGEN_USE_BROWSER=1`, in headless
//! Chromium.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test. (clippy.toml's allow-*-in-tests only covers
// #[test] functions, not #[wasm_bindgen_test] ones.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use est_wasm::{Grid, IncidentIndex, StudyArea, lagesbild, sample_town};
use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
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

fn assert_est_error(e: &JsValue, name: &str, code: &str) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert_eq!(get(e, "name").as_string().as_deref(), Some(name));
    assert_eq!(get(e, "code").as_string().as_deref(), Some(code));
    assert!(get(e, "details").is_object());
}

const POLYGON: &str = r#"{"type": "Polygon", "coordinates": [[[17.80, 59.575], [17.87, 59.578],
    [17.885, 59.60], [17.845, 59.622], [17.805, 59.61], [17.80, 59.575]]]}"#;

#[wasm_bindgen_test]
fn grid_counts_clip_and_errors() {
    let town = sample_town(2000.0, 1.0, None).unwrap();
    let grid = Grid::for_incidents(&town, None).unwrap();
    assert_eq!(grid.shape(), "square");
    assert_eq!(grid.crs(), 3006);
    assert_eq!(grid.n_cells(), (grid.ncol() * grid.nrow()) as usize);
    let params = Array::from(&grid.params_used().unwrap());
    let cell = params
        .iter()
        .find(|p| get(p, "name").as_string().as_deref() == Some("cell_size_m"))
        .unwrap();
    assert_eq!(get(&cell, "source").as_string().as_deref(), Some("auto"));
    assert_eq!(get(&cell, "value").as_f64(), Some(grid.cell_size()));

    let c = grid.counts_for(&town).unwrap();
    let counts: Float64Array = get(&c, "counts").dyn_into().unwrap();
    assert_eq!(counts.length() as usize, grid.n_cells());
    let total: f64 = counts.to_vec().iter().sum();
    assert_eq!(total + get(&c, "outside").as_f64().unwrap(), 2000.0);
    assert_eq!(get(&c, "outside").as_f64(), Some(0.0));

    let area = StudyArea::from_geojson(POLYGON, None).unwrap();
    assert_eq!(area.crs(), 3006);
    let cut = grid
        .clip(&area, Some(JsValue::from_str("cut").unchecked_into()))
        .unwrap();
    assert_eq!(cut.clip_mode().as_string().as_deref(), Some("cut"));
    assert!(cut.n_cells() > 0 && cut.n_cells() < grid.n_cells());
    assert!(
        cut.inside_fraction()
            .to_vec()
            .iter()
            .all(|f| *f > 0.0 && *f <= 1.0)
    );
    let c = cut.counts_for(&town).unwrap();
    let inside: f64 = Float64Array::from(get(&c, "counts")).to_vec().iter().sum();
    assert_eq!(inside + get(&c, "outside").as_f64().unwrap(), 2000.0);
    let geojson = cut.to_geojson(None).unwrap();
    assert!(geojson.starts_with(r#"{"type":"FeatureCollection""#));

    // Errors: too many cells (with details), lon/lat, unknown option, bad clip mode.
    let e = Grid::from_points(
        arr(&[600_000.0, 700_000.0]),
        arr(&[6_500_000.0, 6_600_000.0]),
        3006.into(),
        Some(options(&[("cellSize", 1.0.into())]).unchecked_into()),
    )
    .unwrap_err();
    assert_est_error(&e, "GridError", "GRID_TOO_MANY_CELLS");
    let details = get(&e, "details");
    assert_eq!(get(&details, "cellSize").as_f64(), Some(1.0));
    assert_eq!(get(&details, "maxCells").as_f64(), Some(10_000_000.0));
    assert!(get(&details, "minCellSize").as_f64().unwrap() > 1.0);
    let e =
        Grid::from_points(arr(&[18.0, 18.1]), arr(&[59.0, 59.1]), 4326.into(), None).unwrap_err();
    assert_est_error(&e, "CrsError", "CRS_NOT_METRIC");
    let e = Grid::for_incidents(
        &town,
        Some(options(&[("cellsize", 100.0.into())]).unchecked_into()),
    )
    .unwrap_err();
    assert_est_error(&e, "OptionsError", "INVALID_OPTION");
    let e = grid
        .clip(&area, Some(JsValue::from_str("inside").unchecked_into()))
        .unwrap_err();
    assert_est_error(&e, "OptionsError", "INVALID_OPTION");
}

#[wasm_bindgen_test]
fn index_queries_match_a_scan() {
    let town = sample_town(1500.0, 2.0, None).unwrap();
    let (x, y) = (town.x().to_vec(), town.y().to_vec());
    let index = IncidentIndex::new(&town).unwrap();
    assert_eq!(index.length(), 1500);
    let (qx, qy) = (x[10] + 20.0, y[10] - 15.0);
    let d2 = |i: usize| (x[i] - qx).powi(2) + (y[i] - qy).powi(2);

    let got: Uint32Array = index.within_radius(qx, qy, 300.0).unwrap();
    let want: Vec<u32> = (0..x.len())
        .filter(|&i| d2(i) <= 300.0 * 300.0)
        .map(|i| i as u32)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got.to_vec(), want);

    let got = index
        .in_bbox(qx - 500.0, qy - 200.0, qx + 100.0, qy + 400.0)
        .unwrap();
    let want: Vec<u32> = (0..x.len())
        .filter(|&i| {
            (qx - 500.0..=qx + 100.0).contains(&x[i]) && (qy - 200.0..=qy + 400.0).contains(&y[i])
        })
        .map(|i| i as u32)
        .collect();
    assert_eq!(got.to_vec(), want);

    let near = index.nearest(qx, qy, 7.0).unwrap();
    let rows: Uint32Array = get(&near, "rows").dyn_into().unwrap();
    let dists: Float64Array = get(&near, "distances").dyn_into().unwrap();
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| d2(a).total_cmp(&d2(b)).then(a.cmp(&b)));
    let want: Vec<u32> = order[..7].iter().map(|&i| i as u32).collect();
    assert_eq!(rows.to_vec(), want);
    for (k, &i) in order[..7].iter().enumerate() {
        assert!((dists.get_index(k as u32) - d2(i).sqrt()).abs() < 1e-9);
    }

    let area = StudyArea::from_geojson(POLYGON, None).unwrap();
    let inside = index.in_polygon(&area).unwrap();
    assert!(inside.length() > 0 && (inside.length() as usize) < x.len());

    let e = index.within_radius(qx, qy, -1.0).unwrap_err();
    assert_est_error(&e, "SpatialIndexError", "INDEX_INVALID_RADIUS");
    assert_eq!(get(&get(&e, "details"), "radius").as_f64(), Some(-1.0));
    let e = index.nearest(qx, qy, 0.0).unwrap_err();
    assert_est_error(&e, "SpatialIndexError", "INDEX_INVALID_K");
    let e = IncidentIndex::from_points(arr(&[1.0, f64::NAN]), arr(&[2.0, 3.0])).unwrap_err();
    assert_est_error(&e, "SpatialIndexError", "INDEX_NOT_FINITE");
}

#[wasm_bindgen_test]
fn lagesbild_renders() {
    let town = sample_town(3000.0, 1.0, None).unwrap();
    let lb = lagesbild(&town, None).unwrap();
    assert_eq!(
        get(&lb.period(), "isoWeek").as_string().as_deref(),
        Some("2026-W47")
    );
    let html = lb.to_html().unwrap();
    assert!(html.contains("<svg") && !html.contains("<script"));
    assert!(lb.to_json().unwrap().contains("\"est.lagesbild/1\""));
}
