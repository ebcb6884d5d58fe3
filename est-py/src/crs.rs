//! Bindings of `est_core::crs`: `transform`, `crs_info` and the CRS argument (int or str).

use est_core::crs::{Crs, CrsError};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use crate::error::OrRaise;

/// A pair of coordinate arrays returned to Python.
type XyArrays<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>);

/// Arrays at least this long are transformed with the GIL released.
const DETACH_MIN_LEN: usize = 4096;

/// The values of a 1-D array-like as an owned vector: the GIL can then be released without
/// Python code changing the buffer under Rust's feet.
pub(crate) fn owned(a: &PyArrayLike1<'_, f64, AllowTypeChange>) -> Vec<f64> {
    match a.as_slice() {
        Ok(s) => s.to_vec(),
        Err(_) => a.as_array().iter().copied().collect(),
    }
}

/// Reads a CRS given as an EPSG integer (`3006`) or a string (`"EPSG:3006"`, `"SWEREF99TM"`).
pub(crate) fn crs_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Crs> {
    let py = obj.py();
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "crs must be an EPSG code (int) or a string such as \"EPSG:3006\" (got bool {obj})"
        )));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return Crs::parse(&text.to_cow()?).or_raise(py);
    }
    if let Ok(code) = obj.extract::<i64>() {
        return match u32::try_from(code) {
            Ok(code) => Crs::from_epsg(code).or_raise(py),
            Err(_) => Err(CrsError::Unparseable {
                text: code.to_string(),
            })
            .or_raise(py),
        };
    }
    Err(PyTypeError::new_err(format!(
        "crs must be an EPSG code (int) or a string such as \"EPSG:3006\" (got {})",
        obj.get_type().name()?
    )))
}

/// Transforms coordinate arrays from `src` to `dst`; every point is checked against the area
/// of use, and the first bad point is reported with its index.
#[pyfunction]
#[pyo3(signature = (x, y, src, dst))]
fn transform<'py>(
    py: Python<'py>,
    x: PyArrayLike1<'py, f64, AllowTypeChange>,
    y: PyArrayLike1<'py, f64, AllowTypeChange>,
    src: &Bound<'py, PyAny>,
    dst: &Bound<'py, PyAny>,
) -> PyResult<XyArrays<'py>> {
    let (src, dst) = (crs_from_py(src)?, crs_from_py(dst)?);
    let result = match (x.as_slice(), y.as_slice()) {
        (Ok(xs), Ok(ys)) if xs.len() < DETACH_MIN_LEN => {
            est_core::crs::transform_slices(xs, ys, src, dst)
        }
        _ => {
            // Copy out of the Python-owned buffers before releasing the GIL.
            let xs: Vec<f64> = x.as_array().iter().copied().collect();
            let ys: Vec<f64> = y.as_array().iter().copied().collect();
            py.detach(move || est_core::crs::transform_slices(&xs, &ys, src, dst))
        }
    };
    let (ox, oy) = result.or_raise(py)?;
    Ok((ox.into_pyarray(py), oy.into_pyarray(py)))
}

/// What est knows about a CRS: EPSG code, name, whether it is geographic, area of use.
#[pyfunction]
fn crs_info<'py>(py: Python<'py>, code: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let crs = crs_from_py(code)?;
    let a = crs.area_of_use();
    let area = PyDict::new(py);
    area.set_item("lon_min", a.lon_min)?;
    area.set_item("lon_max", a.lon_max)?;
    area.set_item("lat_min", a.lat_min)?;
    area.set_item("lat_max", a.lat_max)?;
    let d = PyDict::new(py);
    d.set_item("epsg", crs.epsg())?;
    d.set_item("name", crs.name())?;
    d.set_item("geographic", crs.is_geographic())?;
    d.set_item("area_of_use", area)?;
    Ok(d)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(transform, m)?)?;
    m.add_function(wrap_pyfunction!(crs_info, m)?)?;
    Ok(())
}
