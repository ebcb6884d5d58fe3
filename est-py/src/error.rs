//! est's Python exceptions, created once here, and the conversion from [`est_core::Error`].
//!
//! ```text
//! ValueError
//! └── est.EstError                 .code (stable, e.g. "CRS_OUT_OF_AREA")
//!     ├── est.CrsError
//!     ├── est.TaxonomyError
//!     ├── est.ValidationError      .errors (list[RowError]), .rows_read
//!     ├── est.ParseError
//!     ├── est.GridError
//!     ├── est.SpatialIndexError
//!     ├── est.ReportError
//!     ├── est.HotspotError         weights, Gi/Gi*, Moran, General G, kernel density
//!     ├── est.StatsError           multiple testing, significance levels
//!     ├── est.AccuracyError        PAI/PEI, recapture rate, Gini, concentration
//!     ├── est.TrendError           cube, Mann-Kendall, emerging hot spots, early warning, Knox
//!     ├── est.FollowupError        intervention registry, WDQ/WDD, recommendation
//!     └── est.EstIOError           also an OSError; .filename
//! ```
//!
//! The conversion matches the core's variants one by one (no wildcard arm), so a new core
//! variant fails to compile here until it is given a Python class.

use est_core::Error;
use est_core::grid::GridError as CoreGridError;
use est_core::incident::LoadError;
use est_core::io::IoError;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};

use crate::incident::PyRowError;

pyo3::create_exception!(
    est,
    EstError,
    PyValueError,
    "Base class of every est error (a ValueError). `.code` is a stable machine-readable code."
);
pyo3::create_exception!(
    est,
    CrsError,
    EstError,
    "Coordinate problem: unknown EPSG code, point outside the area of use, swapped axes, NaN."
);
pyo3::create_exception!(
    est,
    TaxonomyError,
    EstError,
    "Unknown category label or invalid taxonomy extension."
);
pyo3::create_exception!(
    est,
    ValidationError,
    EstError,
    "Rows failed validation. `.errors` lists every problem (RowError), `.rows_read` the rows read."
);
pyo3::create_exception!(
    est,
    ParseError,
    EstError,
    "A file cannot be read as the format: missing column, undeclared CRS, broken structure, not UTF-8."
);
pyo3::create_exception!(
    est,
    GridError,
    EstError,
    "Grid construction problem: no points, degenerate extent, too many cells."
);
pyo3::create_exception!(
    est,
    SpatialIndexError,
    EstError,
    "Spatial index problem: points or query values that are not finite, an invalid radius, box or k."
);
pyo3::create_exception!(
    est,
    HotspotError,
    EstError,
    "Hotspot statistics problem: too few units, zero variance, invalid weights, kernel or bandwidth."
);
pyo3::create_exception!(
    est,
    StatsError,
    EstError,
    "Shared statistics problem: a p-value outside [0, 1], an invalid level, an unknown method."
);
pyo3::create_exception!(
    est,
    AccuracyError,
    EstError,
    "Accuracy or concentration measure problem: no events, zero area, lengths that differ, a \
     negative or non-finite count, too few units, a fraction outside (0, 1]."
);
pyo3::create_exception!(
    est,
    TrendError,
    EstError,
    "Time-method problem: a series too short, an invalid period or band, no incidents in the \
     period, a computation too large."
);
pyo3::create_exception!(
    est,
    FollowupError,
    EstError,
    "Follow-up problem: an invalid intervention registry (every problem listed in `.issues`), \
     a measure undefined for zero counts, an invalid parameter."
);
pyo3::create_exception!(
    est,
    ReportError,
    EstError,
    "The lägesbild could not be rendered."
);

const EST_IO_ERROR_DOC: &str =
    "Reading or writing a file failed at the operating-system level (an EstError and an OSError).";

static EST_IO_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `est.EstIOError(EstError, OSError)`. `create_exception!` takes a single base, so the class
/// is made with `type(name, bases, dict)`, once per interpreter.
pub(crate) fn est_io_error(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    let ty = EST_IO_ERROR.get_or_try_init(py, || -> PyResult<Py<PyType>> {
        let bases = PyTuple::new(py, [py.get_type::<EstError>(), py.get_type::<PyOSError>()])?;
        let dict = PyDict::new(py);
        dict.set_item("__module__", "est")?;
        dict.set_item("__doc__", EST_IO_ERROR_DOC)?;
        let made = py.get_type::<PyType>().call1(("EstIOError", bases, dict))?;
        Ok(made.cast_into::<PyType>()?.unbind())
    })?;
    Ok(ty.bind(py).clone())
}

/// The Python class of a core error: one per [`Error::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Crs,
    Taxonomy,
    Validation,
    Parse,
    Grid,
    SpatialIndex,
    Report,
    Hotspot,
    Stats,
    Accuracy,
    Trend,
    Followup,
    Io,
}

impl Family {
    /// The family of `err`; every variant is named, so a new one is a compile error.
    pub(crate) fn of(err: &Error) -> Family {
        match err {
            Error::Crs(_) => Family::Crs,
            Error::Taxonomy(_) => Family::Taxonomy,
            Error::Load(LoadError::InvalidRows { .. } | LoadError::Empty) => Family::Validation,
            // A grid refused for lon/lat data is a CRS problem, whoever noticed it.
            Error::Grid(CoreGridError::Crs(_)) => Family::Crs,
            Error::Grid(_) => Family::Grid,
            Error::Index(_) => Family::SpatialIndex,
            Error::Io(IoError::Io { .. }) => Family::Io,
            Error::Io(
                IoError::Encoding { .. }
                | IoError::MissingColumn { .. }
                | IoError::CrsRequired(_)
                | IoError::Format { .. },
            ) => Family::Parse,
            Error::Report(_) => Family::Report,
            Error::Hotspot(_) => Family::Hotspot,
            Error::Stats(_) => Family::Stats,
            Error::Accuracy(_) => Family::Accuracy,
            Error::Trend(_) => Family::Trend,
            Error::Followup(_) => Family::Followup,
        }
    }

    /// The core's name for the family ([`Error::kind`]).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Family::Crs => "CrsError",
            Family::Taxonomy => "TaxonomyError",
            Family::Validation => "ValidationError",
            Family::Parse => "ParseError",
            Family::Grid => "GridError",
            Family::SpatialIndex => "SpatialIndexError",
            Family::Report => "ReportError",
            Family::Hotspot => "HotspotError",
            Family::Stats => "StatsError",
            Family::Accuracy => "AccuracyError",
            Family::Trend => "TrendError",
            Family::Followup => "FollowupError",
            Family::Io => "IoError",
        }
    }

    fn class(self, py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
        Ok(match self {
            Family::Crs => py.get_type::<CrsError>(),
            Family::Taxonomy => py.get_type::<TaxonomyError>(),
            Family::Validation => py.get_type::<ValidationError>(),
            Family::Parse => py.get_type::<ParseError>(),
            Family::Grid => py.get_type::<GridError>(),
            Family::SpatialIndex => py.get_type::<SpatialIndexError>(),
            Family::Report => py.get_type::<ReportError>(),
            Family::Hotspot => py.get_type::<HotspotError>(),
            Family::Stats => py.get_type::<StatsError>(),
            Family::Accuracy => py.get_type::<AccuracyError>(),
            Family::Trend => py.get_type::<TrendError>(),
            Family::Followup => py.get_type::<FollowupError>(),
            Family::Io => est_io_error(py)?,
        })
    }
}

/// Converts a core error into the matching Python exception, with `.code` and the values the
/// family carries (`.errors`/`.rows_read`, `.filename`).
pub(crate) fn to_pyerr(py: Python<'_>, err: Error) -> PyErr {
    build(py, &err).unwrap_or_else(|e| e)
}

fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let exc = Family::of(err).class(py)?.call1((err.to_string(),))?;
    exc.setattr("code", err.code())?;
    match err {
        Error::Load(load) => {
            let (errors, rows_read) = match load {
                LoadError::InvalidRows { errors, rows_read } => (errors.as_slice(), *rows_read),
                LoadError::Empty => (&[][..], 0),
            };
            let list = PyList::empty(py);
            for e in errors {
                list.append(Bound::new(py, PyRowError::from(e))?)?;
            }
            exc.setattr("errors", list)?;
            exc.setattr("rows_read", rows_read)?;
        }
        Error::Io(IoError::Io {
            path: Some(path), ..
        }) => exc.setattr("filename", path)?,
        Error::Followup(est_core::followup::FollowupError::InvalidRegistry { issues }) => {
            let list = PyList::empty(py);
            for i in issues {
                let d = PyDict::new(py);
                d.set_item("path", &i.path)?;
                d.set_item("value", &i.value)?;
                d.set_item("message", &i.message)?;
                d.set_item("code", &i.code)?;
                list.append(d)?;
            }
            exc.setattr("issues", list)?;
        }
        Error::Crs(_)
        | Error::Taxonomy(_)
        | Error::Grid(_)
        | Error::Index(_)
        | Error::Io(_)
        | Error::Report(_)
        | Error::Hotspot(_)
        | Error::Stats(_)
        | Error::Accuracy(_)
        | Error::Trend(_)
        | Error::Followup(_) => {}
    }
    Ok(PyErr::from_value(exc))
}

/// `est.CrsError` (code `CRS_MISMATCH`) for data in another CRS than the bindings can use
/// without a transformation the user did not ask for; `message` names both CRSs.
pub(crate) fn crs_mismatch(py: Python<'_>, message: String) -> PyErr {
    let made = || -> PyResult<PyErr> {
        let exc = py.get_type::<CrsError>().call1((message,))?;
        exc.setattr("code", "CRS_MISMATCH")?;
        Ok(PyErr::from_value(exc))
    };
    made().unwrap_or_else(|e| e)
}

/// `result.or_raise(py)?`: a core result as a Python result.
pub(crate) trait OrRaise<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T, E: Into<Error>> OrRaise<T> for Result<T, E> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_pyerr(py, e.into()))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("EstError", py.get_type::<EstError>())?;
    m.add("CrsError", py.get_type::<CrsError>())?;
    m.add("TaxonomyError", py.get_type::<TaxonomyError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("ParseError", py.get_type::<ParseError>())?;
    m.add("GridError", py.get_type::<GridError>())?;
    m.add("SpatialIndexError", py.get_type::<SpatialIndexError>())?;
    m.add("ReportError", py.get_type::<ReportError>())?;
    m.add("HotspotError", py.get_type::<HotspotError>())?;
    m.add("StatsError", py.get_type::<StatsError>())?;
    m.add("AccuracyError", py.get_type::<AccuracyError>())?;
    m.add("TrendError", py.get_type::<TrendError>())?;
    m.add("FollowupError", py.get_type::<FollowupError>())?;
    m.add("EstIOError", est_io_error(py)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use est_core::crs::CrsError as CoreCrs;
    use est_core::grid::GridError as CoreGrid;
    use est_core::index::IndexError as CoreIndex;
    use est_core::report::ReportError as CoreReport;
    use est_core::taxonomy::TaxonomyError as CoreTax;

    #[test]
    fn family_matches_core_kind() {
        let errors: Vec<Error> = vec![
            CoreCrs::NullIsland.into(),
            CoreTax::Empty.into(),
            LoadError::Empty.into(),
            CoreGrid::Empty.into(),
            CoreGrid::Crs(CoreCrs::NullIsland).into(),
            CoreIndex::InvalidK { k: 0 }.into(),
            IoError::Io {
                path: None,
                message: String::new(),
            }
            .into(),
            IoError::Encoding { line: 1 }.into(),
            IoError::CrsRequired(String::new()).into(),
            CoreReport::Empty.into(),
            est_core::hotspot::HotspotError::TooFewUnits { n: 1 }.into(),
            est_core::stats::StatsError::InvalidAlpha { alpha: 2.0 }.into(),
            est_core::accuracy::AccuracyError::TooFewUnits { n: 1 }.into(),
            est_core::trend::TrendError::Empty {
                what: String::new(),
            }
            .into(),
            est_core::followup::FollowupError::InvalidRegistry { issues: vec![] }.into(),
        ];
        for e in &errors {
            assert_eq!(Family::of(e).kind(), e.kind(), "{e:?}");
        }
    }
}
