//! Bindings of `est_core::stats`: `adjust_pvalues`, `esda_fdr` (multiple testing) and the
//! keyword arguments of permutation inference (`permutations`, `seed`, `alternative`,
//! `ties`) shared by the hotspot functions.

use est_core::stats::multitest::{Adjustment, adjust, esda_fdr_cutoff};
use est_core::stats::permutation::{Alternative, DEFAULT_SEED, PermutationParams, Ties};
use numpy::{AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::crs::owned;
use crate::error::OrRaise;

/// `method=` of `adjust_pvalues` / `adjustment=` of `hotspots`: the core's names
/// (a `StatsError` naming the accepted ones otherwise).
pub(crate) fn adjustment_from_str(py: Python<'_>, method: &str) -> PyResult<Adjustment> {
    method.parse::<Adjustment>().or_raise(py)
}

/// `alternative="two-sided" | "greater" | "lesser" | "folded"`.
pub(crate) fn alternative_from_str(alternative: &str) -> PyResult<Alternative> {
    match alternative {
        "two-sided" | "two_sided" => Ok(Alternative::TwoSided),
        "greater" => Ok(Alternative::Greater),
        "lesser" => Ok(Alternative::Lesser),
        "folded" => Ok(Alternative::Folded),
        other => Err(PyValueError::new_err(format!(
            "alternative must be \"two-sided\", \"greater\", \"lesser\" or \"folded\" (got {other:?})"
        ))),
    }
}

/// `ties="at_least_as_extreme" | "esda"`.
pub(crate) fn ties_from_str(ties: &str) -> PyResult<Ties> {
    match ties {
        "at_least_as_extreme" => Ok(Ties::AtLeastAsExtreme),
        "esda" => Ok(Ties::Esda),
        other => Err(PyValueError::new_err(format!(
            "ties must be \"at_least_as_extreme\" or \"esda\" (got {other:?})"
        ))),
    }
}

/// The permutation settings from the shared keyword arguments; `seed=None` is the core's
/// default seed (`0x5EED`).
pub(crate) fn permutation_params(
    permutations: usize,
    seed: Option<u64>,
    alternative: &str,
    ties: &str,
) -> PyResult<PermutationParams> {
    Ok(PermutationParams::default()
        .with_permutations(permutations)
        .with_seed(seed.unwrap_or(DEFAULT_SEED))
        .with_alternative(alternative_from_str(alternative)?)
        .with_ties(ties_from_str(ties)?))
}

/// Adjusted p-values in input order (statsmodels `multipletests` names); NaN = not tested,
/// left out of the family and returned as NaN.
#[pyfunction]
#[pyo3(signature = (p, method = "fdr_bh"))]
fn adjust_pvalues<'py>(
    py: Python<'py>,
    p: PyArrayLike1<'py, f64, AllowTypeChange>,
    method: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let method = adjustment_from_str(py, method)?;
    let p = owned(&p);
    let out = adjust(&p, method).or_raise(py)?;
    Ok(out.into_pyarray(py))
}

/// PySAL esda's `fdr(p, alpha)`: the p-value cut-off of the false discovery rate.
#[pyfunction]
#[pyo3(signature = (p, alpha = 0.05))]
fn esda_fdr(
    py: Python<'_>,
    p: PyArrayLike1<'_, f64, AllowTypeChange>,
    alpha: f64,
) -> PyResult<f64> {
    let p = owned(&p);
    esda_fdr_cutoff(&p, alpha).or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(adjust_pvalues, m)?)?;
    m.add_function(wrap_pyfunction!(esda_fdr, m)?)?;
    Ok(())
}
