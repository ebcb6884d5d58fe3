//! Bindings of `est_core::trend`, one file per core module: `period.rs` (`periods`,
//! `Periods`, `Bin`, `weeks_ending`, `iso_week`), `cube.rs` (`cube`, `SpaceTimeCube`),
//! `mann_kendall.rs` (`mann_kendall`, `MannKendall`, `mann_kendall_cube`,
//! `MannKendallCube`, `sen_slope_ci`), `emerging.rs` (`emerging_hotspots`,
//! `EmergingHotspots`, `classify_pattern`, `Pattern`), `chainey.rs` (`chainey`, `Chainey`,
//! `classify_chainey`), `change.rs` (`change`, `change_for_grid`, `Change`,
//! `midpoint_boundary`), `early_warning.rs` (`early_warning`, `early_warning_for_areas`,
//! `EarlyWarning`, `Alert`), `scan.rs` (`scan`, `space_time_scan`, `Scan`, `Cluster`),
//! `knox.rs` (`knox`, `knox_incidents`, `Knox`) and `profile.rs` (`profile`,
//! `aoristic_profile`, `TemporalProfile`). This file holds what they share: times and dates
//! to and from Python, the incident selection keywords, 2-D arrays, and the spatial weights of
//! a space-time cube.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use est_core::grid::Grid;
use est_core::hotspot::counts::Selection;
use est_core::hotspot::weights::{Contiguity, SpatialWeights, WeightsOptions};
use est_core::incident::Incidents;
use numpy::ndarray::Array2;
use numpy::{AllowTypeChange, IntoPyArray, PyArray2, PyArrayLike2, PyUntypedArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

use crate::error::OrRaise;
use crate::hotspot::weights::PySpatialWeights;
use crate::io::time_from_py;

pub(crate) mod chainey;
pub(crate) mod change;
pub(crate) mod cube;
pub(crate) mod early_warning;
pub(crate) mod emerging;
pub(crate) mod knox;
pub(crate) mod mann_kendall;
pub(crate) mod period;
pub(crate) mod profile;
pub(crate) mod scan;

use cube::PySpaceTimeCube;

/// A UTC instant as a timezone-aware `datetime.datetime` (UTC).
pub(crate) fn utc_to_py<'py>(py: Python<'py>, t: DateTime<Utc>) -> PyResult<Bound<'py, PyAny>> {
    let dt = py.import("datetime")?;
    let utc = dt.getattr("timezone")?.getattr("utc")?;
    let epoch = dt
        .getattr("datetime")?
        .call1((1970, 1, 1, 0, 0, 0, 0, utc))?;
    let delta = dt.getattr("timedelta")?.call1((
        0,
        t.timestamp(),
        i64::from(t.timestamp_subsec_micros()),
    ))?;
    epoch.call_method1("__add__", (delta,))
}

/// A calendar date as a `datetime.date`.
pub(crate) fn date_to_py<'py>(py: Python<'py>, d: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    py.import("datetime")?
        .getattr("date")?
        .call1((d.year(), d.month(), d.day()))
}

/// An optional instant keyword (`None` = not given): a timezone-aware datetime or an ISO 8601
/// string.
pub(crate) fn opt_time(
    obj: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<Option<DateTime<Utc>>> {
    obj.filter(|t| !t.is_none())
        .map(|t| time_from_py(t, name))
        .transpose()
}

/// A window `(start, end)` of two instants.
pub(crate) fn window_from_py(
    obj: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<(DateTime<Utc>, DateTime<Utc>)> {
    let pair: (Bound<'_, PyAny>, Bound<'_, PyAny>) = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a pair (start, end) of timezone-aware datetimes or ISO 8601 strings"
        ))
    })?;
    Ok((
        time_from_py(&pair.0, &format!("{name}[0]"))?,
        time_from_py(&pair.1, &format!("{name}[1]"))?,
    ))
}

/// The core's selection from the keywords shared by the incident functions (`categories`,
/// `start` inclusive, `end` exclusive, `weighted`), as `est.counts` reads them.
pub(crate) fn selection(
    py: Python<'_>,
    incidents: &Incidents,
    categories: Option<&[String]>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    weighted: bool,
) -> PyResult<Selection> {
    let mut s = Selection::default();
    if let Some(labels) = categories {
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        s = s.with_categories(incidents, &labels).or_raise(py)?;
    }
    s.from = opt_time(start, "start")?;
    s.to = opt_time(end, "end")?;
    s.weighted = weighted;
    Ok(s)
}

/// A location-major vector as a 2-D float64 array `rows × cols`.
pub(crate) fn array2<'py, T: numpy::Element>(
    py: Python<'py>,
    values: Vec<T>,
    rows: usize,
    cols: usize,
) -> PyResult<Bound<'py, PyArray2<T>>> {
    Array2::from_shape_vec((rows, cols), values)
        .map(|a| a.into_pyarray(py))
        .map_err(|e| PyValueError::new_err(format!("cannot shape {rows} × {cols} values: {e}")))
}

/// A table indexed `[row][col]` as a 2-D array.
pub(crate) fn table2<'py, T: numpy::Element + Copy>(
    py: Python<'py>,
    table: &[Vec<T>],
) -> PyResult<Bound<'py, PyArray2<T>>> {
    let cols = table.first().map_or(0, Vec::len);
    let flat: Vec<T> = table.iter().flatten().copied().collect();
    array2(py, flat, table.len(), cols)
}

/// The stable snake-case name serde gives a unit enum variant (`"new_hot"` …).
macro_rules! serde_name {
    ($v:expr) => {
        match serde_json::to_value($v) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(_) => String::new(),
        }
    };
}
pub(crate) use serde_name;

/// A serialisable core value as plain Python objects (dicts, lists, numbers; NaN as None).
macro_rules! to_py_obj {
    ($py:expr, $v:expr) => {
        serde_json::to_value($v)
            .map_err(|e| {
                pyo3::exceptions::PyValueError::new_err(format!("cannot convert the result: {e}"))
            })
            .and_then(|value| $crate::params::json_to_py($py, &value))
    };
}
pub(crate) use to_py_obj;

/// A serialisable core value as pretty-printed JSON.
macro_rules! to_json_text {
    ($v:expr) => {
        serde_json::to_string_pretty($v).map_err(|e| {
            pyo3::exceptions::PyValueError::new_err(format!("cannot write the result as JSON: {e}"))
        })
    };
}
pub(crate) use to_json_text;

/// Values of a space-time table: a `SpaceTimeCube` or a 2-D array `locations × periods`.
pub(crate) struct Table {
    /// Location-major values.
    pub(crate) values: Vec<f64>,
    /// Number of locations (rows).
    pub(crate) rows: usize,
    /// Number of periods (columns).
    pub(crate) cols: usize,
}

/// Reads `values`: a `SpaceTimeCube` (its counts) or any 2-D array-like of numbers.
pub(crate) fn table_from_py(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Table> {
    if let Ok(cube) = obj.cast::<PySpaceTimeCube>() {
        let c = &cube.get().inner;
        return Ok(Table {
            values: c.counts.clone(),
            rows: c.n_locations(),
            cols: c.n_periods(),
        });
    }
    let arr: PyArrayLike2<'_, f64, AllowTypeChange> = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a SpaceTimeCube or a 2-D array of numbers (locations × periods)"
        ))
    })?;
    let shape = arr.shape();
    let (rows, cols) = (shape[0], shape[1]);
    Ok(Table {
        values: arr.as_array().iter().copied().collect(),
        rows,
        cols,
    })
}

/// `neighbourhood="queen" | "rook" | <distance band in metres>`.
pub(crate) enum Neighbourhood {
    /// Grid contiguity.
    Contiguity(Contiguity),
    /// A distance band over the location centroids.
    Distance(f64),
}

pub(crate) fn neighbourhood_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Neighbourhood> {
    if let Ok(text) = obj.cast::<PyString>() {
        return match &*text.to_cow()? {
            "queen" => Ok(Neighbourhood::Contiguity(Contiguity::Queen)),
            "rook" => Ok(Neighbourhood::Contiguity(Contiguity::Rook)),
            other => Err(PyValueError::new_err(format!(
                "neighbourhood must be \"queen\", \"rook\" or a distance band in metres \
                 (got {other:?})"
            ))),
        };
    }
    if !obj.is_instance_of::<PyBool>()
        && let Ok(d) = obj.extract::<f64>()
    {
        return Ok(Neighbourhood::Distance(d));
    }
    Err(PyTypeError::new_err(format!(
        "neighbourhood must be \"queen\", \"rook\" or a distance band in metres (got {})",
        obj.get_type().name()?
    )))
}

/// Grid contiguity over the active cells, restricted to the cells `cell_ids` (ascending, a
/// subset of `grid.cells()`, as a cube built with `locations="with_incidents"` keeps them).
/// The core builds contiguity over all active cells only, so the rows and columns of the
/// other cells are dropped here.
fn contiguity_on_cells(
    grid: &Grid,
    cell_ids: &[usize],
    contiguity: Contiguity,
) -> Result<SpatialWeights, est_core::Error> {
    let full = SpatialWeights::grid_contiguity(grid, contiguity, &WeightsOptions::default())?;
    let active = grid.cells();
    if cell_ids.len() == active.len() {
        return Ok(full);
    }
    // Position of each active cell among the kept locations.
    let mut slot = vec![u32::MAX; active.len()];
    let mut kept = Vec::with_capacity(cell_ids.len());
    for (l, &id) in cell_ids.iter().enumerate() {
        if let Ok(a) = active.binary_search(&(id as u32)) {
            slot[a] = l as u32;
            kept.push(a);
        }
    }
    let mut offsets = Vec::with_capacity(kept.len() + 1);
    offsets.push(0);
    let (mut nbrs, mut wts) = (Vec::new(), Vec::new());
    for &a in &kept {
        let (idx, w) = full.neighbours(a);
        for (&j, &wj) in idx.iter().zip(w) {
            if let Some(&s) = slot.get(j as usize)
                && s != u32::MAX
            {
                nbrs.push(s);
                wts.push(wj);
            }
        }
        offsets.push(nbrs.len());
    }
    Ok(SpatialWeights::from_csr(offsets, nbrs, wts, None)?)
}

/// The spatial weights of the locations of `values`: the `weights=` given, or — for a
/// `SpaceTimeCube` — its grid's contiguity (`"queen"`/`"rook"`) or a distance band over its
/// location centroids. Binary, without self weights (the methods add the location itself).
pub(crate) fn cube_weights(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    weights: Option<PyRef<'_, PySpatialWeights>>,
    neighbourhood: &Bound<'_, PyAny>,
) -> PyResult<SpatialWeights> {
    if let Some(w) = weights {
        return Ok(w.inner.clone());
    }
    let nb = neighbourhood_from_py(neighbourhood)?;
    let Ok(cube) = values.cast::<PySpaceTimeCube>() else {
        return Err(PyValueError::new_err(
            "give weights= (a SpatialWeights over the rows of values) for a plain array; \
             neighbourhood= is used with a SpaceTimeCube",
        ));
    };
    let cube = cube.get();
    let c = &cube.inner;
    match (nb, &cube.grid, &c.cell_ids) {
        (Neighbourhood::Contiguity(k), Some(grid), Some(ids)) => {
            py.detach(|| contiguity_on_cells(grid, ids, k)).or_raise(py)
        }
        (Neighbourhood::Contiguity(_), ..) => Err(PyValueError::new_err(
            "neighbourhood=\"queen\"/\"rook\" needs a cube built on a grid; for areas give \
             weights= (e.g. SpatialWeights.distance_band or knn over the area centroids) or a \
             distance band in metres",
        )),
        (Neighbourhood::Distance(d), ..) => {
            let (xs, ys): (Vec<f64>, Vec<f64>) = c.xy.iter().copied().unzip();
            py.detach(|| SpatialWeights::distance_band(&xs, &ys, d, &WeightsOptions::default()))
                .or_raise(py)
        }
    }
}

/// The location labels of `values` when it is a cube.
pub(crate) fn cube_labels(values: &Bound<'_, PyAny>) -> Option<Vec<String>> {
    values
        .cast::<PySpaceTimeCube>()
        .ok()
        .map(|c| c.get().inner.labels.clone())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    period::register(m)?;
    cube::register(m)?;
    mann_kendall::register(m)?;
    emerging::register(m)?;
    chainey::register(m)?;
    change::register(m)?;
    early_warning::register(m)?;
    scan::register(m)?;
    knox::register(m)?;
    profile::register(m)?;
    Ok(())
}
