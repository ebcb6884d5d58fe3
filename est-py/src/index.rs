//! Bindings of `est_core::index`: the `IncidentIndex` class (an R-tree of row ids).

use est_core::crs::Crs;
use est_core::index::IncidentIndex;
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::crs::owned;
use crate::error::OrRaise;
use crate::grid::PyStudyArea;
use crate::incident::PyIncidents;

/// Row ids and distances of a k-nearest query.
type Nearest<'py> = (Bound<'py, PyArray1<u32>>, Bound<'py, PyArray1<f64>>);

/// An R-tree over points in projected metres; queries return row ids.
#[pyclass(frozen, module = "est", name = "IncidentIndex")]
pub(crate) struct PyIncidentIndex {
    inner: IncidentIndex,
    /// The CRS of the indexed incidents; None when built from bare coordinates.
    crs: Option<Crs>,
}

fn ids<'py>(py: Python<'py>, v: Vec<u32>) -> Bound<'py, PyArray1<u32>> {
    v.into_pyarray(py)
}

#[pymethods]
impl PyIncidentIndex {
    /// Indexes the positions of `incidents` (projected metres); row ids are their positions.
    #[new]
    fn new(py: Python<'_>, incidents: PyRef<'_, PyIncidents>) -> PyResult<Self> {
        let inc = &incidents.inner;
        let inner = py.detach(|| IncidentIndex::new(inc)).or_raise(py)?;
        Ok(PyIncidentIndex {
            inner,
            crs: Some(inc.crs()),
        })
    }

    /// Indexes the points `(x[i], y[i])` (projected metres); row id `i`.
    #[staticmethod]
    fn from_points(
        py: Python<'_>,
        x: PyArrayLike1<'_, f64, AllowTypeChange>,
        y: PyArrayLike1<'_, f64, AllowTypeChange>,
    ) -> PyResult<Self> {
        let (xs, ys) = (owned(&x), owned(&y));
        let inner = py
            .detach(move || IncidentIndex::from_points(&xs, &ys))
            .or_raise(py)?;
        Ok(PyIncidentIndex { inner, crs: None })
    }

    /// Row ids of the points at distance ≤ `radius_m` from `(x, y)`, ascending (uint32).
    fn within_radius<'py>(
        &self,
        py: Python<'py>,
        x: f64,
        y: f64,
        radius_m: f64,
    ) -> PyResult<Bound<'py, PyArray1<u32>>> {
        let v = py
            .detach(|| self.inner.within_radius(x, y, radius_m))
            .or_raise(py)?;
        Ok(ids(py, v))
    }

    /// Row ids of the points in the closed box, ascending (uint32).
    fn in_bbox<'py>(
        &self,
        py: Python<'py>,
        min_x: f64,
        min_y: f64,
        max_x: f64,
        max_y: f64,
    ) -> PyResult<Bound<'py, PyArray1<u32>>> {
        let v = py
            .detach(|| self.inner.in_bbox(min_x, min_y, max_x, max_y))
            .or_raise(py)?;
        Ok(ids(py, v))
    }

    /// Row ids of the points inside the study area or on its boundary, ascending (uint32).
    fn in_polygon<'py>(
        &self,
        py: Python<'py>,
        area: PyRef<'_, PyStudyArea>,
    ) -> PyResult<Bound<'py, PyArray1<u32>>> {
        let area_crs = area.inner.crs();
        if let Some(crs) = self.crs
            && crs != area_crs
        {
            return Err(PyValueError::new_err(format!(
                "the study area is in {area_crs} but the indexed incidents are in {crs}; \
                 read the study area with target={}",
                crs.epsg()
            )));
        }
        let mp = area.inner.area();
        let v = py.detach(|| self.inner.in_polygon(mp));
        Ok(ids(py, v))
    }

    /// The `k` nearest points to `(x, y)`: row ids (uint32) and distances in metres
    /// (float64), by ascending distance, ties by row id.
    fn nearest<'py>(&self, py: Python<'py>, x: f64, y: f64, k: usize) -> PyResult<Nearest<'py>> {
        let found = py.detach(|| self.inner.nearest(x, y, k)).or_raise(py)?;
        let (ids, dists): (Vec<u32>, Vec<f64>) = found.into_iter().unzip();
        Ok((ids.into_pyarray(py), dists.into_pyarray(py)))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        match self.crs {
            Some(crs) => format!("<IncidentIndex: {} points in {crs}>", self.inner.len()),
            None => format!("<IncidentIndex: {} points>", self.inner.len()),
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyIncidentIndex>()
}
