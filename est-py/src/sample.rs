//! Bindings of `est_core::sample`: `sample_town`.

use est_core::sample::SampleTown;
use pyo3::prelude::*;

use crate::error::OrRaise;
use crate::incident::PyIncidents;

/// A seeded synthetic Swedish town (SWEREF 99 TM, EST taxonomy) for docs, tests and demos:
/// `n` incidents over `weeks` weeks ending on Sunday 2026-11-22.
#[pyfunction]
#[pyo3(signature = (n = 5000, seed = 1, *, weeks = 70))]
fn sample_town(py: Python<'_>, n: usize, seed: u64, weeks: u32) -> PyResult<PyIncidents> {
    py.detach(|| SampleTown::new(n, seed).weeks(weeks).generate())
        .map(PyIncidents::from)
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sample_town, m)?)
}
