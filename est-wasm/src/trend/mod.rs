//! The time dimension (core: `est_core::trend`): calendar periods, the space-time cube,
//! Mann–Kendall, emerging hot spots, the Chainey classes, two-period change, the weekly early
//! warning, the space-time permutation scan, the Knox near-repeat test and temporal profiles.
//!
//! One file per core file. This module holds what they share: reading times, selections,
//! named areas, seeds and cubes from JS, and turning core results into plain JS objects with
//! camelCase keys.

pub mod chainey;
pub mod change;
pub mod cube;
pub mod early_warning;
pub mod emerging;
pub mod knox;
pub mod mann_kendall;
pub mod period;
pub mod profile;
pub mod scan;

use crate::crs::coords_from_js;
use crate::error::{IntoJsResult, options_error};
use crate::grid::{StudyArea, absent};
// The selection and time readers shared with `countsPerCell`/`countsPerArea`.
pub(crate) use crate::counts::{SELECTION_KEYS, selection_from, time_from_js};
use crate::incident::whole_number;
use chrono::{DateTime, Utc};
use est_core::crs::Crs;
use est_core::grid::StudyArea as CoreStudyArea;
use js_sys::{
    Array, ArrayBuffer, Float64Array, Function, Object, Reflect, Uint8Array, Uint32Array,
};
use serde::Serialize;
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TREND: &'static str = r#"
/** A GeoJSON polygon geometry (RFC 7946: WGS 84 longitude, latitude). */
export interface PolygonGeometry {
  type: "Polygon";
  coordinates: number[][][];
}

/** A GeoJSON multipolygon geometry (RFC 7946: WGS 84 longitude, latitude). */
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: number[][][][];
}

/** A GeoJSON Feature whose geometry is a polygon or multipolygon. */
export interface PolygonFeature {
  type: "Feature";
  geometry: PolygonGeometry | MultiPolygonGeometry;
  properties?: { [key: string]: JsonValue } | null;
}

/** A named area: a {@link StudyArea} in the incidents' CRS, or a GeoJSON polygon (object or
 * text) in WGS 84, which is transformed to the incidents' CRS. */
export type NamedArea = StudyArea | PolygonGeometry | MultiPolygonGeometry | PolygonFeature | string;

/** Named areas, e.g. `{ "Ekparken": area1, "Torget": area2 }`. */
export type NamedAreas = Record<string, NamedArea>;

/** Flags: a plain array of booleans or a `Uint8Array` (non-zero = true). */
export type Flags = boolean[] | Uint8Array;
"#;

/// Epoch milliseconds of an instant.
pub(crate) fn ms(t: DateTime<Utc>) -> f64 {
    // Milliseconds since 1970 are far below 2^53 for every date chrono represents here.
    t.timestamp_millis() as f64
}

/// A JS number.
pub(crate) fn num(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

/// A count or index as a JS number (far below 2^53).
pub(crate) fn count(v: usize) -> JsValue {
    JsValue::from_f64(v as f64)
}

/// A `Float64Array` copy.
pub(crate) fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

/// A `Uint8Array` of 0/1.
pub(crate) fn flags(v: &[bool]) -> JsValue {
    let b: Vec<u8> = v.iter().map(|&x| u8::from(x)).collect();
    Uint8Array::from(b.as_slice()).into()
}

/// A `Uint32Array` of indices (below 2^32: they index JS arrays).
pub(crate) fn indices(v: &[usize]) -> JsValue {
    let u: Vec<u32> = v.iter().map(|&i| i as u32).collect();
    Uint32Array::from(u.as_slice()).into()
}

/// An array of strings.
pub(crate) fn strings<S: AsRef<str>>(v: &[S]) -> JsValue {
    v.iter()
        .map(|s| JsValue::from_str(s.as_ref()))
        .collect::<Array>()
        .into()
}

/// Sets `key` on a JS object (a fresh plain object: cannot fail).
pub(crate) fn set(o: &JsValue, key: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), v);
}

/// `snake_case` → `camelCase`.
pub(crate) fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The JS spelling of an enum value serialised by the core: the reference library's name for
/// the two-rate tests and rate-ratio intervals (statsmodels), camelCase otherwise.
fn enum_value(s: &str) -> String {
    match s {
        "exact_cond" => "exact-cond".into(),
        "exact_cond_mid_p" => "cond-midp".into(),
        "e_test_pooled" => "etest-score".into(),
        "e_test_unpooled" => "etest-wald".into(),
        other => camel_case(other),
    }
}

/// The camelCase JS name of a unit enum value from its serde name (`NewHot` → `"newHot"`).
pub(crate) fn serde_name<T: Serialize>(v: &T) -> String {
    serde_wasm_bindgen::to_value(v)
        .ok()
        .and_then(|s| s.as_string())
        .map_or_else(String::new, |s| camel_case(&s))
}

/// Whether `v` is a plain JS object (not an array, typed array or class instance).
pub(crate) fn is_plain_object(v: &JsValue) -> bool {
    if !v.is_object() || Array::is_array(v) || ArrayBuffer::is_view(v) {
        return false;
    }
    let proto = Object::get_prototype_of(v);
    proto.is_null() || Object::get_prototype_of(&proto).is_null()
}

/// Renames the keys of plain objects to camelCase, recursively; string values under a key
/// in `enum_keys` (at any depth; `method` uses the reference names, see [`enum_value`]) are
/// converted too. The RatioCi value `wald_log` under `method` becomes statsmodels'
/// `"wald-log"`.
fn camelize(v: &JsValue, enum_keys: &[&str]) -> JsValue {
    if Array::is_array(v) {
        return Array::from(v)
            .iter()
            .map(|x| camelize(&x, enum_keys))
            .collect::<Array>()
            .into();
    }
    if !is_plain_object(v) {
        return v.clone();
    }
    let out: JsValue = Object::new().into();
    for entry in Object::entries(v.unchecked_ref::<Object>()).iter() {
        let pair = Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let value = match value.as_string() {
            Some(s) if key == "method" && s == "wald_log" => JsValue::from_str("wald-log"),
            Some(s) if enum_keys.contains(&key.as_str()) => JsValue::from_str(&enum_value(&s)),
            _ => camelize(&value, enum_keys),
        };
        set(&out, &camel_case(&key), &value);
    }
    out
}

/// A core result as a plain JS object: serde field names turned into camelCase keys (maps
/// as objects, `None` as `null`, NaN and ±∞ kept), and the enum values under `enum_keys`
/// in their JS spelling.
pub(crate) fn to_js_camel<T: Serialize + ?Sized>(
    value: &T,
    enum_keys: &[&str],
) -> Result<JsValue, JsValue> {
    let plain = crate::grid::to_plain_js(value)?;
    Ok(camelize(&plain, enum_keys))
}

/// Reads a `[start, end)` pair of times.
pub(crate) fn window_from_js(
    v: &JsValue,
    option: &str,
) -> Result<(DateTime<Utc>, DateTime<Utc>), JsValue> {
    let bad = || {
        options_error(
            option,
            &format!("{option} must be a pair [start, end] of times (Date, epoch ms or ISO text)"),
        )
    };
    if !Array::is_array(v) {
        return Err(bad());
    }
    let a = Array::from(v);
    if a.length() != 2 {
        return Err(bad());
    }
    Ok((
        time_from_js(&a.get(0), &format!("{option}[0]"))?,
        time_from_js(&a.get(1), &format!("{option}[1]"))?,
    ))
}

/// A list of strings (`categories`).
pub(crate) fn strings_from_js(v: &JsValue, option: &str) -> Result<Vec<String>, JsValue> {
    let bad = || options_error(option, &format!("{option} must be an array of strings"));
    if !Array::is_array(v) {
        return Err(bad());
    }
    Array::from(v)
        .iter()
        .map(|s| s.as_string())
        .collect::<Option<Vec<_>>>()
        .ok_or_else(bad)
}

/// The largest whole number a JS number holds exactly.
pub(crate) const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// Reads a seed: a whole number up to 2^53 − 1 or a bigint up to 2^64 − 1.
pub(crate) fn seed_from_js(v: &JsValue) -> Result<u64, JsValue> {
    if v.is_bigint() {
        return u64::try_from(v.clone())
            .map_err(|_| options_error("seed", "seed must be a bigint from 0 to 2^64 − 1"));
    }
    match v.as_f64() {
        // Whole and below 2^53: exact as u64.
        Some(n) => Ok(whole_number(n, "seed", MAX_SAFE)? as u64),
        None => Err(options_error(
            "seed",
            "seed must be a whole number (up to 2^53 − 1) or a bigint (up to 2^64 − 1)",
        )),
    }
}

/// A seed as JS: a number, or a bigint above 2^53 − 1.
pub(crate) fn seed_js(seed: u64) -> JsValue {
    if seed as f64 > MAX_SAFE {
        js_sys::BigInt::from(seed).into()
    } else {
        JsValue::from_f64(seed as f64)
    }
}

/// A study area inside a plain object (a copy).
pub(crate) fn study_area_instance(v: &JsValue) -> Option<StudyArea> {
    let share = Reflect::get(v, &JsValue::from_str("__estShare"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())?;
    let copy = share.call0(v).ok()?;
    StudyArea::try_from_js_value(copy).ok()
}

/// Named areas in `crs`: each value a `StudyArea` in that CRS, or a GeoJSON polygon
/// (object or text) in WGS 84, transformed to `crs`. Order: the object's key order. (The
/// core takes `(name, polygon)` pairs: `.map(|(n, a)| (n.clone(), a.area().clone()))`.)
pub(crate) fn named_areas(
    areas: &JsValue,
    crs: Crs,
    option: &str,
) -> Result<Vec<(String, CoreStudyArea)>, JsValue> {
    if !is_plain_object(areas) {
        return Err(options_error(
            option,
            &format!(
                "{option} must be an object of named areas (StudyArea or GeoJSON polygon by name)"
            ),
        ));
    }
    let mut out = Vec::new();
    for entry in Object::entries(areas.unchecked_ref::<Object>()).iter() {
        let pair = Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let v = pair.get(1);
        if let Some(area) = study_area_instance(&v) {
            let area_crs = area.inner.crs();
            if area_crs != crs {
                return Err(options_error(
                    option,
                    &format!(
                        "area {name:?} is in {area_crs} but the incidents are in {crs}; read it \
                         with StudyArea.fromGeoJSON(text, {{ target: {} }}) or pass the GeoJSON \
                         geometry itself",
                        crs.epsg()
                    ),
                ));
            }
            out.push((name, area.inner));
            continue;
        }
        let text = if let Some(s) = v.as_string() {
            s
        } else if is_plain_object(&v) {
            js_sys::JSON::stringify(&v)
                .map(String::from)
                .map_err(|_| options_error(option, &format!("area {name:?} is not JSON")))?
        } else {
            return Err(options_error(
                option,
                &format!(
                    "area {name:?} must be a StudyArea, a GeoJSON polygon object or GeoJSON text"
                ),
            ));
        };
        let area = CoreStudyArea::from_geojson(&text, Crs::WGS84, crs).js()?;
        out.push((name, area));
    }
    Ok(out)
}

/// Reads flags: an array of booleans or a `Uint8Array`.
pub(crate) fn flags_from_js(v: &JsValue, option: &str) -> Result<Vec<bool>, JsValue> {
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec().into_iter().map(|b| b != 0).collect());
    }
    if Array::is_array(v) {
        return Array::from(v)
            .iter()
            .enumerate()
            .map(|(i, b)| {
                b.as_bool().ok_or_else(|| {
                    options_error(option, &format!("{option}[{i}] is not true or false"))
                })
            })
            .collect();
    }
    Err(options_error(
        option,
        &format!("{option} must be an array of booleans or a Uint8Array"),
    ))
}

/// A location-major cube given as `{counts, nLocations, labels?, cellIds?}` (a
/// {@link cube} result qualifies).
pub(crate) struct CubeInput {
    pub(crate) counts: Vec<f64>,
    pub(crate) n_locations: usize,
    pub(crate) labels: Option<Vec<String>>,
    pub(crate) cell_ids: Option<Vec<usize>>,
}

/// Reads a [`CubeInput`]; other keys (a full cube's `periods`, `x`, …) are ignored.
pub(crate) fn cube_from_js(v: &JsValue) -> Result<CubeInput, JsValue> {
    if !v.is_object() {
        return Err(options_error(
            "cube",
            "cube must be an object {counts, nLocations} (e.g. the result of cube())",
        ));
    }
    let get = |k: &str| {
        Reflect::get(v, &JsValue::from_str(k))
            .ok()
            .filter(|x| !absent(x))
    };
    let counts = match get("counts") {
        Some(c) => coords_from_js(&c, "cube.counts")?,
        None => return Err(options_error("cube", "cube.counts is required")),
    };
    let n_locations = match get("nLocations").and_then(|n| n.as_f64()) {
        Some(n) => whole_number(n, "cube.nLocations", f64::from(u32::MAX))? as usize,
        None => {
            return Err(options_error(
                "cube",
                "cube.nLocations (a number) is required",
            ));
        }
    };
    let labels = match get("labels") {
        Some(l) => Some(strings_from_js(&l, "cube.labels")?),
        None => None,
    };
    let cell_ids = match get("cellIds") {
        Some(c) if c.is_instance_of::<Uint32Array>() => Some(
            c.unchecked_into::<Uint32Array>()
                .to_vec()
                .into_iter()
                .map(|i| i as usize)
                .collect(),
        ),
        Some(c) => Some(
            coords_from_js(&c, "cube.cellIds")?
                .into_iter()
                .map(|x| whole_number(x, "cube.cellIds", f64::from(u32::MAX)).map(|x| x as usize))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        None => None,
    };
    Ok(CubeInput {
        counts,
        n_locations,
        labels,
        cell_ids,
    })
}
