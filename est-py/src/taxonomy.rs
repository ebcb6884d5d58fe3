//! Bindings of `est_core::taxonomy`: the `Taxonomy` class.

use est_core::taxonomy::{Category, CategoryId, Taxonomy};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::error::OrRaise;

/// The incident categories an analysis uses: codes, Swedish/English labels, groups, aliases.
#[pyclass(module = "est", name = "Taxonomy")]
pub(crate) struct PyTaxonomy {
    pub(crate) inner: Taxonomy,
}

/// One category as a dict (code, sv, en, parent, aliases).
pub(crate) fn category_dict<'py>(py: Python<'py>, c: &Category) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", &c.code)?;
    d.set_item("sv", &c.sv)?;
    d.set_item("en", &c.en)?;
    d.set_item("parent", c.parent.as_deref())?;
    d.set_item("aliases", PyList::new(py, &c.aliases)?)?;
    Ok(d)
}

impl PyTaxonomy {
    fn id(&self, py: Python<'_>, label: &str) -> PyResult<CategoryId> {
        self.inner.resolve(label).or_raise(py)
    }
}

#[pymethods]
impl PyTaxonomy {
    /// The built-in EST categories (same as `Taxonomy.default()`).
    #[new]
    fn new() -> Self {
        PyTaxonomy {
            inner: Taxonomy::default(),
        }
    }

    /// The built-in EST categories.
    #[staticmethod]
    fn default() -> Self {
        PyTaxonomy {
            inner: Taxonomy::default(),
        }
    }

    /// The code of the category a code, label or alias names.
    fn resolve(&self, py: Python<'_>, label: &str) -> PyResult<String> {
        let id = self.id(py, label)?;
        Ok(self.inner.code(id).to_string())
    }

    /// Up to `k` known labels closest to `label`, best first.
    #[pyo3(signature = (label, k = 3))]
    fn closest(&self, label: &str, k: usize) -> Vec<String> {
        self.inner.closest(label, k)
    }

    /// All categories as dicts (code, sv, en, parent, aliases), in id order.
    #[getter]
    fn categories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for c in self.inner.categories() {
            list.append(category_dict(py, c)?)?;
        }
        Ok(list)
    }

    /// Adds a category; `parent` is the code of its group. Returns the code.
    #[pyo3(signature = (code, sv, en, parent = None, aliases = Vec::new()))]
    fn add_category(
        &mut self,
        py: Python<'_>,
        code: String,
        sv: String,
        en: String,
        parent: Option<String>,
        aliases: Vec<String>,
    ) -> PyResult<String> {
        let id = self
            .inner
            .add_category(Category {
                code,
                sv,
                en,
                parent,
                aliases,
            })
            .or_raise(py)?;
        Ok(self.inner.code(id).to_string())
    }

    /// Adds an alias to the category that `target` names.
    fn add_alias(&mut self, py: Python<'_>, alias: &str, target: &str) -> PyResult<()> {
        self.inner.add_alias(alias, target).or_raise(py)
    }

    /// Extends from CSV text with the header `code,sv,en,parent,aliases` (aliases separated by
    /// `|`). Rows with an existing code only add aliases. Returns the number of categories added.
    fn extend_from_csv(&mut self, py: Python<'_>, text: &str) -> PyResult<usize> {
        self.inner.extend_from_csv(text).or_raise(py)
    }

    /// Extends from a JSON array of category objects. Returns the number of categories added.
    fn extend_from_json(&mut self, py: Python<'_>, text: &str) -> PyResult<usize> {
        self.inner.extend_from_json(text).or_raise(py)
    }

    /// The category code for a polisen.se event type; None for types that are not incident
    /// reports (summaries, traffic accidents …).
    fn polisen_category(&self, py: Python<'_>, event_type: &str) -> PyResult<Option<String>> {
        let id = self.inner.polisen_category(event_type).or_raise(py)?;
        Ok(id.map(|id| self.inner.code(id).to_string()))
    }

    /// Whether the category `code` is `group` or lies below it (both: code, label or alias).
    fn is_in_group(&self, py: Python<'_>, code: &str, group: &str) -> PyResult<bool> {
        Ok(self
            .inner
            .is_in_group(self.id(py, code)?, self.id(py, group)?))
    }

    /// The code of the top-level group of a category (itself when it has no parent).
    fn group_of(&self, py: Python<'_>, code: &str) -> PyResult<String> {
        let group = self.inner.group_of(self.id(py, code)?);
        Ok(self.inner.code(group).to_string())
    }

    /// A copy.
    fn copy(&self) -> Self {
        PyTaxonomy {
            inner: self.inner.clone(),
        }
    }

    fn __copy__(&self) -> Self {
        self.copy()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Whether a code, label or alias resolves.
    fn __contains__(&self, label: &str) -> bool {
        self.inner.resolve(label).is_ok()
    }

    fn __repr__(&self) -> String {
        format!("<Taxonomy: {} categories>", self.inner.len())
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTaxonomy>()
}
