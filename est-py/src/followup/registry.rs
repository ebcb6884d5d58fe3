//! Bindings of `est_core::followup::registry`: the `Registry` class (named places and
//! interventions).

use est_core::followup::registry::Registry;
use est_core::taxonomy::Taxonomy;
use pyo3::prelude::*;

use crate::error::OrRaise;
use crate::taxonomy::PyTaxonomy;
use crate::trend::to_py_obj;

/// The intervention registry (*insatsregister*, schema `est.interventions/1`): named places
/// and interventions in one CRS.
#[pyclass(frozen, module = "est", name = "Registry")]
pub(crate) struct PyRegistry {
    pub(crate) inner: Registry,
}

#[pymethods]
impl PyRegistry {
    /// Reads and validates a registry (every problem reported at once in
    /// `FollowupError.issues`); categories resolve against `taxonomy` (EST's by default).
    #[staticmethod]
    #[pyo3(signature = (text, taxonomy = None))]
    fn from_json(
        py: Python<'_>,
        text: &str,
        taxonomy: Option<PyRef<'_, PyTaxonomy>>,
    ) -> PyResult<PyRegistry> {
        let default_tax;
        let tax = match &taxonomy {
            Some(t) => &t.inner,
            None => {
                default_tax = Taxonomy::default();
                &default_tax
            }
        };
        let text = text.to_owned();
        py.detach(|| Registry::from_json(&text, tax))
            .map(|inner| PyRegistry { inner })
            .or_raise(py)
    }
    /// Validates the registry again against `taxonomy` (EST's by default).
    #[pyo3(signature = (taxonomy = None))]
    fn validate(&self, py: Python<'_>, taxonomy: Option<PyRef<'_, PyTaxonomy>>) -> PyResult<()> {
        match taxonomy {
            Some(t) => self.inner.validate(&t.inner),
            None => self.inner.validate(&Taxonomy::default()),
        }
        .or_raise(py)
    }
    /// The registry as pretty JSON, with descriptions (the file the EST group keeps).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.to_json().or_raise(py)
    }
    /// As `to_json` but without any free-text `description`, for publication.
    fn to_public_json(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.to_public_json().or_raise(py)
    }
    /// `"est.interventions/1"`.
    #[getter]
    fn schema(&self) -> &str {
        &self.inner.schema
    }
    /// EPSG code of the place geometries.
    #[getter]
    fn crs(&self) -> u32 {
        self.inner.crs.epsg()
    }
    /// The places as dicts `{"name", "geometry"}` (GeoJSON geometry in the registry's CRS).
    #[getter]
    fn places<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner.places)
    }
    /// The interventions as dicts (id, name, target, control, buffer, buffer_m, start, end,
    /// categories, organisations, description, goal_irr; absent fields left out).
    #[getter]
    fn interventions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_obj!(py, &self.inner.interventions)
    }
    /// The intervention with this id as a dict (`FollowupError`
    /// `FOLLOWUP_UNKNOWN_INTERVENTION` otherwise).
    fn intervention<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let iv = self.inner.intervention(id).or_raise(py)?;
        to_py_obj!(py, iv)
    }
    fn __len__(&self) -> usize {
        self.inner.interventions.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Registry {}: {} place(s), {} intervention(s) in {}>",
            self.inner.schema,
            self.inner.places.len(),
            self.inner.interventions.len(),
            self.inner.crs
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRegistry>()
}
