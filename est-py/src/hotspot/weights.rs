//! Bindings of `est_core::hotspot::weights`: the `SpatialWeights` class.

use est_core::hotspot::weights::{Contiguity, SpatialWeights, WeightStyle, WeightsOptions};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::crs::owned;
use crate::error::OrRaise;
use crate::grid::PyGrid;
use crate::params::params_list;

/// Neighbour indices and weights of one unit.
type Row<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<f64>>);

/// `style="binary" | "row"`.
pub(crate) fn style_from_str(style: &str) -> PyResult<WeightStyle> {
    match style {
        "binary" => Ok(WeightStyle::Binary),
        "row" => Ok(WeightStyle::RowStandardised),
        other => Err(PyValueError::new_err(format!(
            "style must be \"binary\" or \"row\" (got {other:?})"
        ))),
    }
}

/// `contiguity="queen" | "rook"`.
pub(crate) fn contiguity_from_str(contiguity: &str) -> PyResult<Contiguity> {
    match contiguity {
        "queen" => Ok(Contiguity::Queen),
        "rook" => Ok(Contiguity::Rook),
        other => Err(PyValueError::new_err(format!(
            "contiguity must be \"queen\" or \"rook\" (got {other:?})"
        ))),
    }
}

fn options(self_weight: bool, style: &str) -> PyResult<WeightsOptions> {
    Ok(WeightsOptions::default()
        .with_self_weight(self_weight)
        .with_style(style_from_str(style)?))
}

fn style_name(style: WeightStyle) -> &'static str {
    match style {
        WeightStyle::Binary => "binary",
        WeightStyle::RowStandardised => "row",
    }
}

/// Sparse spatial weights: for each unit its non-self neighbours and weights, plus optional
/// self weights (Gi*).
#[pyclass(frozen, module = "est", name = "SpatialWeights")]
pub(crate) struct PySpatialWeights {
    pub(crate) inner: SpatialWeights,
}

impl From<SpatialWeights> for PySpatialWeights {
    fn from(inner: SpatialWeights) -> Self {
        PySpatialWeights { inner }
    }
}

#[pymethods]
impl PySpatialWeights {
    /// Distance band: `j` is a neighbour of `i` when `0 < d_ij <= distance` (libpysal
    /// `DistanceBand(binary=True)`).
    #[staticmethod]
    #[pyo3(signature = (x, y, distance, *, self_weight = false, style = "binary"))]
    fn distance_band(
        py: Python<'_>,
        x: PyArrayLike1<'_, f64, AllowTypeChange>,
        y: PyArrayLike1<'_, f64, AllowTypeChange>,
        distance: f64,
        self_weight: bool,
        style: &str,
    ) -> PyResult<PySpatialWeights> {
        let opts = options(self_weight, style)?;
        let (xs, ys) = (owned(&x), owned(&y));
        py.detach(|| SpatialWeights::distance_band(&xs, &ys, distance, &opts))
            .map(PySpatialWeights::from)
            .or_raise(py)
    }

    /// The `k` nearest other points of each point (ties broken by index).
    #[staticmethod]
    #[pyo3(signature = (x, y, k, *, self_weight = false, style = "binary"))]
    fn knn(
        py: Python<'_>,
        x: PyArrayLike1<'_, f64, AllowTypeChange>,
        y: PyArrayLike1<'_, f64, AllowTypeChange>,
        k: usize,
        self_weight: bool,
        style: &str,
    ) -> PyResult<PySpatialWeights> {
        let opts = options(self_weight, style)?;
        let (xs, ys) = (owned(&x), owned(&y));
        py.detach(|| SpatialWeights::knn(&xs, &ys, k, &opts))
            .map(PySpatialWeights::from)
            .or_raise(py)
    }

    /// Queen or rook contiguity among the active cells of `grid` (units in `grid.cells`
    /// order); hexagon grids always use their 6 neighbours.
    #[staticmethod]
    #[pyo3(signature = (grid, contiguity = "queen", *, self_weight = false, style = "binary"))]
    fn grid_contiguity(
        py: Python<'_>,
        grid: PyRef<'_, PyGrid>,
        contiguity: &str,
        self_weight: bool,
        style: &str,
    ) -> PyResult<PySpatialWeights> {
        let opts = options(self_weight, style)?;
        let contiguity = contiguity_from_str(contiguity)?;
        let g = &grid.inner;
        py.detach(|| SpatialWeights::grid_contiguity(g, contiguity, &opts))
            .map(PySpatialWeights::from)
            .or_raise(py)
    }

    /// Number of units.
    #[getter]
    fn n(&self) -> usize {
        self.inner.n()
    }

    /// Units without non-self neighbours, ascending (int64).
    #[getter]
    fn islands<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        super::index_array(py, &self.inner.islands())
    }

    /// Number of non-self neighbours of each unit (int64).
    #[getter]
    fn cardinalities<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        (0..self.inner.n())
            .map(|i| i64::try_from(self.inner.k(i)).unwrap_or(i64::MAX))
            .collect::<Vec<i64>>()
            .into_pyarray(py)
    }

    /// Self weights `w_ii` (float64), or None when the weights have no diagonal.
    #[getter]
    fn self_weights<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.inner
            .self_weights()
            .map(|s| PyArray1::from_slice(py, s))
    }

    /// "binary" or "row".
    #[getter]
    fn style(&self) -> Option<&'static str> {
        self.inner.style().map(style_name)
    }

    /// How the weights were built, with provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, self.inner.params_used())
    }

    /// Row `i`: non-self neighbour indices (int64, ascending) and their weights (float64).
    fn neighbours<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Row<'py>> {
        if i >= self.inner.n() {
            return Err(PyIndexError::new_err(format!(
                "unit {i} out of range (the weights have {} units)",
                self.inner.n()
            )));
        }
        let (idx, w) = self.inner.neighbours(i);
        let idx: Vec<i64> = idx.iter().map(|&j| i64::from(j)).collect();
        Ok((idx.into_pyarray(py), PyArray1::from_slice(py, w)))
    }

    /// Every row as Python lists: `(neighbours, weights)`, each a list of one list per unit
    /// (libpysal's `W.neighbors` / `W.weights` as lists).
    fn to_lists(&self) -> (Vec<Vec<u32>>, Vec<Vec<f64>>) {
        (0..self.inner.n())
            .map(|i| {
                let (idx, w) = self.inner.neighbours(i);
                (idx.to_vec(), w.to_vec())
            })
            .unzip()
    }

    /// A row-standardised copy (`w_ij / W_i`, `W_i` including any self weight).
    fn row_standardised(&self) -> PySpatialWeights {
        self.inner.row_standardised().into()
    }

    /// A copy with self weight `value` for every unit (replacing any).
    fn with_self_weights(&self, value: f64) -> PySpatialWeights {
        self.inner.with_self_weights(value).into()
    }

    fn __len__(&self) -> usize {
        self.inner.n()
    }

    fn __repr__(&self) -> String {
        let n = self.inner.n();
        let links = self.inner.neighbour_indices().len();
        format!(
            "<SpatialWeights: {n} units, {links} links (mean {:.2}), {} island(s), {}{}>",
            if n == 0 { 0.0 } else { links as f64 / n as f64 },
            self.inner.n_islands(),
            self.inner.style().map(style_name).unwrap_or("custom"),
            if self.inner.has_self_weights() {
                ", self weights"
            } else {
                ""
            }
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySpatialWeights>()
}
