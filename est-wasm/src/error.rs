//! Errors: every failure reaches JavaScript as a thrown `EstError` (a subclass of `Error`)
//! with
//!
//! * `name`: the error family, [`est_core::Error::kind`] (`"CrsError"`, `"ValidationError"`,
//!   `"ParseError"`, …), or `"OptionsError"` for a bad argument or option of this binding;
//! * `code`: the stable machine-readable code, [`est_core::Error::code`];
//! * `message`: the core's message, which names the values behind the failure;
//! * `details`: an object with those values (for a `ValidationError`: `errors`, one
//!   `{line, field, value, message, code}` per problem, and `rowsRead`).
//!
//! The class is defined once, in the JS snippet below; [`to_js`] is the only place that
//! builds one from a core error.

use est_core::Error;
use est_core::accuracy::AccuracyError;
use est_core::crs::CrsError;
use est_core::grid::GridError;
use est_core::hotspot::HotspotError;
use est_core::incident::LoadError;
use est_core::index::IndexError;
use est_core::io::IoError;
use est_core::report::ReportError;
use est_core::stats::StatsError;
use est_core::taxonomy::TaxonomyError;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export class EstError extends Error {
  constructor(name, code, message, details) {
    super(message);
    Object.defineProperty(this, "name", { value: name, writable: true, configurable: true });
    this.code = code;
    this.details = details ?? {};
  }
}
export function makeEstError(name, code, message, details) {
  return new EstError(name, code, message, details);
}
export function estErrorClass() {
  return EstError;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = makeEstError)]
    fn make_est_error(name: &str, code: &str, message: &str, details: &JsValue) -> JsValue;

    #[wasm_bindgen(js_name = estErrorClass)]
    fn est_error_class() -> JsValue;
}

/// The `EstError` class (the package's entry re-exports it as `EstError`).
#[wasm_bindgen(js_name = "__estErrorClass", skip_typescript)]
pub fn error_class() -> JsValue {
    est_error_class()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &'static str = r#"
/** The `name` of an {@link EstError}: the error family. */
export type EstErrorName =
  | "CrsError"
  | "TaxonomyError"
  | "ValidationError"
  | "GridError"
  | "SpatialIndexError"
  | "ParseError"
  | "IoError"
  | "ReportError"
  | "HotspotError"
  | "StatsError"
  | "AccuracyError"
  | "TrendError"
  | "FollowupError"
  | "OptionsError";

/** `details` of a `ValidationError`: every bad row, and how many rows were read. */
export interface ValidationErrorDetails {
  errors: RowError[];
  rowsRead: number;
}

/** `details` of an {@link EstError}: the values behind the failure (keys depend on `code`). */
export type EstErrorDetails = Partial<ValidationErrorDetails> & { [key: string]: unknown };
"#;

/// Every `name` an `EstError` can have.
pub const EST_ERROR_NAMES: [&str; 14] = [
    "CrsError",
    "TaxonomyError",
    "ValidationError",
    "GridError",
    "SpatialIndexError",
    "ParseError",
    "IoError",
    "ReportError",
    "HotspotError",
    "StatsError",
    "AccuracyError",
    "TrendError",
    "FollowupError",
    "OptionsError",
];

/// Builds a plain JS object from `(key, value)` pairs.
pub(crate) fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn num(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

fn usize_js(v: usize) -> JsValue {
    // Counts and lines are far below 2^53.
    JsValue::from_f64(v as f64)
}

fn str_js(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn strings(v: &[String]) -> JsValue {
    v.iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>()
        .into()
}

/// The fields of an error that implements `Serialize`, as a plain JS object (keys camelCase).
fn serde_details<T: serde::Serialize>(e: &T) -> JsValue {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    e.serialize(&ser).unwrap_or_else(|_| object(&[]))
}

/// Converts any core error into a thrown-ready `EstError`.
pub fn to_js(e: &Error) -> JsValue {
    let details = match e {
        Error::Crs(c) => crs_details(c),
        Error::Taxonomy(t) => taxonomy_details(t),
        Error::Load(l) => load_details(l),
        Error::Grid(g) => grid_details(g),
        Error::Index(i) => index_details(i),
        Error::Io(i) => io_details(i),
        Error::Report(r) => report_details(r),
        Error::Hotspot(h) => hotspot_details(h),
        Error::Stats(s) => stats_details(s),
        Error::Accuracy(a) => accuracy_details(a),
        // The time and follow-up errors serialise their fields (camelCase keys, plus
        // `variant`), so new variants reach JS without a hand-written mapping.
        Error::Trend(t) => serde_details(t),
        Error::Followup(f) => serde_details(f),
    };
    make_est_error(e.kind(), e.code(), &e.to_string(), &details)
}

/// An `OptionsError`: an argument or option this binding cannot use (wrong type, unknown
/// option name, value out of range). `option` names it.
pub fn options_error(option: &str, message: &str) -> JsValue {
    let details = object(&[("option", str_js(option))]);
    make_est_error("OptionsError", "INVALID_OPTION", message, &details)
}

/// Reads a plain options object with serde-wasm-bindgen, after checking that it names only
/// `allowed` keys (serde-wasm-bindgen reads the declared fields only, so a misspelt option
/// would otherwise be ignored silently). `what` names the object in errors.
pub(crate) fn from_options<T: serde::de::DeserializeOwned>(
    value: JsValue,
    allowed: &[&str],
    what: &str,
) -> Result<T, JsValue> {
    check_keys(&value, allowed, what)?;
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        let m = e.to_string();
        let m = m.strip_prefix("Error: ").unwrap_or(&m);
        options_error(what, &format!("{what}: {m}"))
    })
}

/// Fails with an `OptionsError` when `value` is not an object or has a key not in `allowed`.
pub(crate) fn check_keys(value: &JsValue, allowed: &[&str], what: &str) -> Result<(), JsValue> {
    if !value.is_object() || Array::is_array(value) {
        return Err(options_error(what, &format!("{what} must be an object")));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(options_error(
                what,
                &format!(
                    "{what}: unknown option {key:?}; expected one of {}",
                    allowed.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// [`to_js`] for `Result`s.
pub(crate) trait IntoJsResult<T> {
    /// Maps the error to an `EstError`.
    fn js(self) -> Result<T, JsValue>;
}

impl<T, E: Into<Error>> IntoJsResult<T> for Result<T, E> {
    fn js(self) -> Result<T, JsValue> {
        self.map_err(|e| to_js(&e.into()))
    }
}

fn crs_details(e: &CrsError) -> JsValue {
    match e {
        CrsError::UnknownEpsg { code } => object(&[("epsg", num(f64::from(*code)))]),
        CrsError::Unparseable { text } => object(&[("text", str_js(text))]),
        CrsError::NotFinite { x, y } => object(&[("x", num(*x)), ("y", num(*y))]),
        CrsError::NullIsland => object(&[("x", num(0.0)), ("y", num(0.0))]),
        CrsError::ProbableSwap { x, y, crs } => object(&[
            ("x", num(*x)),
            ("y", num(*y)),
            ("crs", num(f64::from(crs.epsg()))),
        ]),
        CrsError::OutOfArea {
            x,
            y,
            crs,
            lon_min,
            lon_max,
            lat_min,
            lat_max,
        } => object(&[
            ("x", num(*x)),
            ("y", num(*y)),
            ("crs", num(f64::from(crs.epsg()))),
            (
                "areaOfUse",
                object(&[
                    ("lonMin", num(*lon_min)),
                    ("lonMax", num(*lon_max)),
                    ("latMin", num(*lat_min)),
                    ("latMax", num(*lat_max)),
                ]),
            ),
        ]),
        CrsError::NotMetric { crs, what } => {
            object(&[("crs", num(f64::from(crs.epsg()))), ("what", str_js(what))])
        }
        CrsError::LengthMismatch { x_len, y_len } => {
            object(&[("xLength", usize_js(*x_len)), ("yLength", usize_js(*y_len))])
        }
        CrsError::AtIndex { index, source } => {
            let inner = crs_details(source);
            let _ = Reflect::set(&inner, &str_js("index"), &usize_js(*index));
            inner
        }
    }
}

fn taxonomy_details(e: &TaxonomyError) -> JsValue {
    match e {
        TaxonomyError::Unknown { label, suggestions } => object(&[
            ("label", str_js(label)),
            ("suggestions", strings(suggestions)),
        ]),
        TaxonomyError::Empty => object(&[("label", str_js(""))]),
        TaxonomyError::Conflict { label, existing } => {
            object(&[("label", str_js(label)), ("existing", str_js(existing))])
        }
        TaxonomyError::UnknownParent { code, parent } => {
            object(&[("categoryCode", str_js(code)), ("parent", str_js(parent))])
        }
        TaxonomyError::InvalidCode { code } => object(&[("categoryCode", str_js(code))]),
        TaxonomyError::File { line, message } => {
            object(&[("line", usize_js(*line)), ("reason", str_js(message))])
        }
        TaxonomyError::TooMany => object(&[]),
    }
}

fn load_details(e: &LoadError) -> JsValue {
    let rows_read = match e {
        LoadError::InvalidRows { rows_read, .. } => *rows_read,
        LoadError::Empty => 0,
    };
    object(&[
        ("errors", crate::incident::row_errors_js(e.row_errors())),
        ("rowsRead", usize_js(rows_read)),
    ])
}

fn io_details(e: &IoError) -> JsValue {
    match e {
        IoError::Io { path, message } => object(&[
            ("path", path.as_deref().map_or(JsValue::NULL, str_js)),
            ("reason", str_js(message)),
        ]),
        IoError::Encoding { line } => object(&[("line", usize_js(*line))]),
        IoError::MissingColumn { what, tried, found } => object(&[
            ("what", str_js(what)),
            ("tried", str_js(tried)),
            ("found", str_js(found)),
        ]),
        IoError::CrsRequired(_) => object(&[]),
        IoError::Format {
            format,
            line,
            message,
        } => object(&[
            ("format", str_js(format)),
            ("line", line.map_or(JsValue::NULL, usize_js)),
            ("reason", str_js(message)),
        ]),
    }
}

fn extent(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> [(&'static str, JsValue); 4] {
    [
        ("minX", num(min_x)),
        ("minY", num(min_y)),
        ("maxX", num(max_x)),
        ("maxY", num(max_y)),
    ]
}

fn grid_details(e: &GridError) -> JsValue {
    match e {
        GridError::Empty => object(&[]),
        GridError::DegenerateExtent { width_m, height_m } => {
            object(&[("width", num(*width_m)), ("height", num(*height_m))])
        }
        GridError::InvalidCellSize { cell_m } => object(&[("cellSize", num(*cell_m))]),
        GridError::TooManyCells {
            cells,
            cell_m,
            width_m,
            height_m,
            max_cells,
            min_cell_m,
        } => object(&[
            // Cell counts above 2^53 lose precision, harmlessly.
            ("cells", num(*cells as f64)),
            ("cellSize", num(*cell_m)),
            ("width", num(*width_m)),
            ("height", num(*height_m)),
            ("maxCells", usize_js(*max_cells)),
            ("minCellSize", min_cell_m.map_or(JsValue::NULL, num)),
        ]),
        GridError::InvalidExtent {
            min_x,
            min_y,
            max_x,
            max_y,
        }
        | GridError::NoCellsInStudyArea {
            min_x,
            min_y,
            max_x,
            max_y,
        } => object(&extent(*min_x, *min_y, *max_x, *max_y)),
        GridError::NotFinite { index, x, y } => {
            object(&[("index", usize_js(*index)), ("x", num(*x)), ("y", num(*y))])
        }
        GridError::LengthMismatch { x_len, y_len } => {
            object(&[("xLength", usize_js(*x_len)), ("yLength", usize_js(*y_len))])
        }
        GridError::WeightsLength { points, weights } => object(&[
            ("points", usize_js(*points)),
            ("weights", usize_js(*weights)),
        ]),
        GridError::Crs(c) => crs_details(c),
        GridError::CrsMismatch { what, grid, data } => object(&[
            ("what", str_js(what)),
            ("gridCrs", num(f64::from(grid.epsg()))),
            ("dataCrs", num(f64::from(data.epsg()))),
        ]),
        GridError::StudyAreaJson { message } => object(&[("reason", str_js(message))]),
        GridError::StudyAreaNotPolygon { found } => object(&[("found", str_js(found))]),
        GridError::StudyAreaBadVertex { index, value } => {
            object(&[("index", usize_js(*index)), ("value", str_js(value))])
        }
        GridError::StudyAreaEmpty { polygons, area_m2 } => {
            object(&[("polygons", usize_js(*polygons)), ("areaM2", num(*area_m2))])
        }
        GridError::AlreadyClipped { mode } => {
            object(&[("mode", str_js(crate::grid::clip_mode_name(*mode)))])
        }
        GridError::ColumnLength { name, len, n_cells } => object(&[
            ("column", str_js(name)),
            ("length", usize_js(*len)),
            ("nCells", usize_js(*n_cells)),
        ]),
        GridError::DuplicateColumn { name } => object(&[("column", str_js(name))]),
        GridError::Export { message } => object(&[("reason", str_js(message))]),
    }
}

fn index_details(e: &IndexError) -> JsValue {
    match e {
        IndexError::LengthMismatch { x_len, y_len } => {
            object(&[("xLength", usize_js(*x_len)), ("yLength", usize_js(*y_len))])
        }
        IndexError::NotFinite { index, x, y } => {
            object(&[("index", usize_js(*index)), ("x", num(*x)), ("y", num(*y))])
        }
        IndexError::TooManyPoints { n } => object(&[("n", usize_js(*n))]),
        IndexError::InvalidQueryPoint { x, y } => object(&[("x", num(*x)), ("y", num(*y))]),
        IndexError::InvalidRadius { radius_m } => object(&[("radius", num(*radius_m))]),
        IndexError::InvalidBox {
            min_x,
            min_y,
            max_x,
            max_y,
        } => object(&extent(*min_x, *min_y, *max_x, *max_y)),
        IndexError::InvalidK { k } => object(&[("k", usize_js(*k))]),
    }
}

fn report_details(e: &ReportError) -> JsValue {
    match e {
        ReportError::Empty => object(&[]),
        ReportError::InvalidOption {
            name,
            value,
            reason,
        } => object(&[
            // The JS name of the option (`period_weeks` → `periodWeeks`).
            ("option", str_js(&camel_case(name))),
            ("value", str_js(value)),
            ("reason", str_js(reason)),
        ]),
    }
}

fn hotspot_details(e: &HotspotError) -> JsValue {
    match e {
        HotspotError::TooFewUnits { n } => object(&[("n", usize_js(*n))]),
        HotspotError::ZeroVariance { n, value } => {
            object(&[("n", usize_js(*n)), ("value", num(*value))])
        }
        HotspotError::LengthMismatch {
            what,
            expected,
            found,
        } => object(&[
            ("what", str_js(what)),
            ("expected", usize_js(*expected)),
            ("found", usize_js(*found)),
        ]),
        HotspotError::NotFinite { index, value } => {
            object(&[("index", usize_js(*index)), ("value", num(*value))])
        }
        HotspotError::InvalidParameter {
            name,
            value,
            reason,
        } => object(&[
            // The JS name of the parameter (`gaussian_cutoff` → `gaussianCutoff`).
            ("option", str_js(&camel_case(name))),
            ("value", str_js(value)),
            ("reason", str_js(reason)),
        ]),
        HotspotError::InvalidBandwidth { bandwidth_m } => {
            object(&[("bandwidth", num(*bandwidth_m))])
        }
        HotspotError::InvalidKernel { name } => object(&[("kernel", str_js(name))]),
        HotspotError::InvalidWeights { reason } => object(&[("reason", str_js(reason))]),
        HotspotError::Undefined { statistic, reason } => {
            object(&[("statistic", str_js(statistic)), ("reason", str_js(reason))])
        }
    }
}

fn stats_details(e: &StatsError) -> JsValue {
    match e {
        StatsError::InvalidPValue { index, value } => {
            object(&[("index", usize_js(*index)), ("value", num(*value))])
        }
        StatsError::InvalidAlpha { alpha } => object(&[("alpha", num(*alpha))]),
        StatsError::InvalidInput {
            what,
            value,
            expected,
        } => object(&[
            ("what", str_js(what)),
            ("value", str_js(value)),
            ("expected", str_js(expected)),
        ]),
        StatsError::Undefined { what, reason } => {
            object(&[("what", str_js(what)), ("reason", str_js(reason))])
        }
        StatsError::UnknownMethod {
            what,
            name,
            expected,
        } => object(&[
            ("what", str_js(what)),
            ("method", str_js(name)),
            ("expected", str_js(expected)),
        ]),
    }
}

fn accuracy_details(e: &AccuracyError) -> JsValue {
    match e {
        AccuracyError::NoEvents { total } => object(&[("total", num(*total))]),
        AccuracyError::ZeroArea { what } => object(&[("what", str_js(what))]),
        AccuracyError::LengthMismatch {
            what,
            expected,
            found,
        } => object(&[
            ("what", str_js(what)),
            ("expected", usize_js(*expected)),
            ("found", usize_js(*found)),
        ]),
        AccuracyError::InvalidValue { what, index, value } => object(&[
            ("what", str_js(what)),
            ("index", usize_js(*index)),
            ("value", num(*value)),
        ]),
        AccuracyError::TooFewUnits { n } => object(&[("n", usize_js(*n))]),
        AccuracyError::InvalidFraction { fraction } => object(&[("fraction", num(*fraction))]),
    }
}

fn camel_case(name: &str) -> String {
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
