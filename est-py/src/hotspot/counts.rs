//! Bindings of `est_core::hotspot::counts`: `counts` (per grid cell) and `counts_per_area`.

use est_core::hotspot::counts::{Selection, counts_per_area, counts_per_cell};
use est_core::incident::Incidents;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::{OrRaise, crs_mismatch};
use crate::grid::{PyCellCounts, PyGrid, PyStudyArea};
use crate::incident::PyIncidents;

/// The core's selection from the shared keywords (the same reader as the time methods').
fn selection(
    py: Python<'_>,
    incidents: &Incidents,
    categories: Option<Vec<String>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    weighted: bool,
) -> PyResult<Selection> {
    crate::trend::selection(py, incidents, categories.as_deref(), start, end, weighted)
}

/// Counts (or weights) of the selected incidents per active cell of `grid`.
#[pyfunction(name = "counts")]
#[pyo3(signature = (incidents, *, grid, categories = None, start = None, end = None, weighted = false))]
fn counts_py(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    grid: PyRef<'_, PyGrid>,
    categories: Option<Vec<String>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    weighted: bool,
) -> PyResult<PyCellCounts> {
    let inc = &incidents.inner;
    let sel = selection(py, inc, categories, start, end, weighted)?;
    let g = &grid.inner;
    py.detach(|| counts_per_cell(g, inc, &sel))
        .map(|inner| PyCellCounts { inner })
        .or_raise(py)
}

/// Counts (or weights) of the selected incidents per named area; the areas must be in the
/// incidents' CRS (`est.CrsError`, code `CRS_MISMATCH`, otherwise).
#[pyfunction(name = "counts_per_area")]
#[pyo3(signature = (incidents, areas, *, categories = None, start = None, end = None, weighted = false))]
fn counts_per_area_py<'py>(
    py: Python<'py>,
    incidents: PyRef<'_, PyIncidents>,
    areas: &Bound<'py, PyDict>,
    categories: Option<Vec<String>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    weighted: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let inc = &incidents.inner;
    let sel = selection(py, inc, categories, start, end, weighted)?;
    let mut polygons = Vec::with_capacity(areas.len());
    for (name, area) in areas.iter() {
        let name: String = name.extract()?;
        let area = area.cast::<PyStudyArea>()?.get();
        if area.inner.crs() != inc.crs() {
            return Err(crs_mismatch(
                py,
                format!(
                    "the area {name:?} is in {} but the incidents are in {}; read the area \
                     with StudyArea.from_geojson(..., target={}) or transform the incidents \
                     with Incidents.to_crs({})",
                    area.inner.crs(),
                    inc.crs(),
                    inc.crs().epsg(),
                    area.inner.crs().epsg()
                ),
            ));
        }
        polygons.push((name, area.inner.area().clone()));
    }
    let counts = py.detach(|| counts_per_area(&polygons, inc, &sel));
    let out = PyDict::new(py);
    for c in counts {
        out.set_item(c.name, c.count)?;
    }
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(counts_py, m)?)?;
    m.add_function(wrap_pyfunction!(counts_per_area_py, m)?)?;
    Ok(())
}
