//! Coordinate reference systems: `transform` and `crsInfo` (core: `est_core::crs`).

use crate::error::{IntoJsResult, object, options_error};
use est_core::crs::{Crs, CrsError, transform_slices};
use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CRS: &'static str = r#"
/**
 * A coordinate reference system: an EPSG code (`3006`) or text (`"EPSG:3006"`,
 * `"SWEREF 99 TM"`, `"WGS 84"`). est supports EPSG:4326, 3006–3018, 32601–32660 and
 * 25828–25838.
 */
export type CrsLike = number | string;

/** Coordinates: a plain array of numbers or a `Float64Array`. */
export type Coordinates = number[] | Float64Array;

/** The result of {@link transform}: eastings (or longitudes) and northings (or latitudes). */
export interface TransformResult {
  x: Float64Array;
  y: Float64Array;
}

/** What {@link crsInfo} returns. */
export interface CrsInfo {
  epsg: number;
  name: string;
  geographic: boolean;
  areaOfUse: { lonMin: number; lonMax: number; latMin: number; latMax: number };
}
"#;

/// Reads a CRS given as an EPSG number or as text; `option` names the argument in errors.
pub(crate) fn crs_from_js(value: &JsValue, option: &str) -> Result<Crs, JsValue> {
    if let Some(n) = value.as_f64() {
        if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
            // Exact: n is a whole number in u32's range.
            return Crs::from_epsg(n as u32).js();
        }
        return Err(CrsError::Unparseable {
            text: n.to_string(),
        })
        .js();
    }
    if let Some(s) = value.as_string() {
        return Crs::parse(&s).js();
    }
    Err(options_error(
        option,
        &format!("{option} must be an EPSG code (number) or a string such as \"EPSG:3006\""),
    ))
}

/// Reads coordinates from a `Float64Array` or an array of numbers. Anything else (including
/// `null` entries, which `Float64Array.from` would read as 0) is an `OptionsError`.
pub(crate) fn coords_from_js(value: &JsValue, option: &str) -> Result<Vec<f64>, JsValue> {
    if let Some(a) = value.dyn_ref::<Float64Array>() {
        return Ok(a.to_vec());
    }
    if Array::is_array(value) {
        let arr = Array::from(value);
        let mut out = Vec::with_capacity(arr.length() as usize);
        for (i, v) in arr.iter().enumerate() {
            match v.as_f64() {
                Some(n) => out.push(n),
                None => {
                    return Err(options_error(
                        option,
                        &format!("{option}[{i}] is not a number (use NaN for a missing value)"),
                    ));
                }
            }
        }
        return Ok(out);
    }
    Err(options_error(
        option,
        &format!("{option} must be an array of numbers or a Float64Array"),
    ))
}

/// Transforms coordinates from `src` to `dst`.
///
/// Every point is checked against the area of use of both systems: the first bad point
/// fails the call with a `CrsError` whose message and `details.index` name it (codes
/// `CRS_NOT_FINITE`, `CRS_NULL_ISLAND`, `CRS_PROBABLE_SWAP`, `CRS_OUT_OF_AREA`); unsupported
/// systems give `CRS_UNKNOWN_EPSG` / `CRS_UNPARSEABLE`, arrays of different lengths
/// `CRS_LENGTH_MISMATCH`. `x` is always the easting (or longitude), `y` the northing (or
/// latitude), whatever the EPSG axis order.
///
/// @param xs - eastings or longitudes
/// @param ys - northings or latitudes
/// @param src - the CRS of the input, e.g. `4326` or `"EPSG:4326"`
/// @param dst - the CRS wanted, e.g. `3006`
/// @returns `{x, y}` as `Float64Array`s
#[wasm_bindgen(js_name = transform, unchecked_return_type = "TransformResult")]
pub fn transform(
    #[wasm_bindgen(unchecked_param_type = "Coordinates")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Coordinates")] ys: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CrsLike")] src: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CrsLike")] dst: JsValue,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let src = crs_from_js(&src, "src")?;
    let dst = crs_from_js(&dst, "dst")?;
    let xs = coords_from_js(&xs, "xs")?;
    let ys = coords_from_js(&ys, "ys")?;
    let (x, y) = transform_slices(&xs, &ys, src, dst).js()?;
    Ok(xy_object(&x, &y))
}

/// `{x: Float64Array, y: Float64Array}`.
pub(crate) fn xy_object(x: &[f64], y: &[f64]) -> JsValue {
    object(&[
        ("x", Float64Array::from(x).into()),
        ("y", Float64Array::from(y).into()),
    ])
}

/// Describes a CRS: EPSG code, name, whether it is geographic (degrees) and its area of use.
///
/// @param crs - an EPSG code or text such as `"SWEREF 99 TM"`
#[wasm_bindgen(js_name = crsInfo, unchecked_return_type = "CrsInfo")]
pub fn crs_info(
    #[wasm_bindgen(unchecked_param_type = "CrsLike")] crs: JsValue,
) -> Result<JsValue, JsValue> {
    crate::hook();
    let c = crs_from_js(&crs, "crs")?;
    let a = c.area_of_use();
    Ok(object(&[
        ("epsg", JsValue::from_f64(f64::from(c.epsg()))),
        ("name", JsValue::from_str(&c.name())),
        ("geographic", JsValue::from_bool(c.is_geographic())),
        (
            "areaOfUse",
            object(&[
                ("lonMin", JsValue::from_f64(a.lon_min)),
                ("lonMax", JsValue::from_f64(a.lon_max)),
                ("latMin", JsValue::from_f64(a.lat_min)),
                ("latMax", JsValue::from_f64(a.lat_max)),
            ]),
        ),
    ]))
}
