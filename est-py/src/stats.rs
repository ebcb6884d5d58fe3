//! Bindings of `est_core::stats`: `adjust_pvalues`, `esda_fdr` (multiple testing), the
//! keyword arguments of permutation inference (`permutations`, `seed`, `alternative`,
//! `ties`) shared by the hotspot functions, and the two-rate Poisson tests of
//! `est_core::stats::poisson` (`test_poisson_2indep`, `TwoRateTest`, `rate_ratio`,
//! `RateRatio`).

use est_core::stats::StatsError;
use est_core::stats::multitest::{Adjustment, adjust, esda_fdr_cutoff};
use est_core::stats::permutation::{Alternative, DEFAULT_SEED, PermutationParams, Ties};
use est_core::stats::poisson::{self, RateRatio, RatioCi, TwoRateMethod, TwoRateTest};
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

// ---------------------------------------------------------------------------------------------
// Two-rate Poisson tests (`est_core::stats::poisson`)

/// A count given as a Python int: negative counts are a `StatsError` naming the count.
pub(crate) fn count_from_i64(py: Python<'_>, what: &str, c: i64) -> PyResult<u64> {
    u64::try_from(c)
        .map_err(|_| StatsError::InvalidInput {
            what: what.into(),
            value: c.to_string(),
            expected: "a whole count ≥ 0".into(),
        })
        .or_raise(py)
}

/// A two-sided test of equal Poisson rates `c1/e1 = c2/e2`.
#[pyclass(frozen, module = "est", name = "TwoRateTest")]
pub(crate) struct PyTwoRateTest {
    pub(crate) inner: TwoRateTest,
}

#[pymethods]
impl PyTwoRateTest {
    /// The statsmodels name of the method.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method.name()
    }
    /// z (score, Wald) or the E-test statistic; NaN for the exact conditional tests.
    #[getter]
    fn statistic(&self) -> f64 {
        self.inner.statistic
    }
    /// Two-sided p-value.
    #[getter]
    fn p(&self) -> f64 {
        self.inner.p
    }
    /// Two-sided p-value (statsmodels' name).
    #[getter]
    fn pvalue(&self) -> f64 {
        self.inner.p
    }
    /// First count.
    #[getter]
    fn c1(&self) -> u64 {
        self.inner.c1
    }
    /// First exposure.
    #[getter]
    fn e1(&self) -> f64 {
        self.inner.e1
    }
    /// Second count.
    #[getter]
    fn c2(&self) -> u64 {
        self.inner.c2
    }
    /// Second exposure.
    #[getter]
    fn e2(&self) -> f64 {
        self.inner.e2
    }
    fn __repr__(&self) -> String {
        format!(
            "TwoRateTest(method={:?}, statistic={}, p={}, c1={}, e1={}, c2={}, e2={})",
            self.inner.method.name(),
            self.inner.statistic,
            self.inner.p,
            self.inner.c1,
            self.inner.e1,
            self.inner.c2,
            self.inner.e2
        )
    }
}

/// The incidence rate ratio `(c1/e1)/(c2/e2)` with a two-sided `1 − alpha` interval.
#[pyclass(frozen, module = "est", name = "RateRatio")]
pub(crate) struct PyRateRatio {
    pub(crate) inner: RateRatio,
}

#[pymethods]
impl PyRateRatio {
    /// The ratio (inf when `c2 = 0 < c1`).
    #[getter]
    fn irr(&self) -> f64 {
        self.inner.irr
    }
    /// Lower limit.
    #[getter]
    fn lower(&self) -> f64 {
        self.inner.lower
    }
    /// Upper limit (inf when `c2 = 0` for the exact and score intervals).
    #[getter]
    fn upper(&self) -> f64 {
        self.inner.upper
    }
    /// `"wald-log"`, `"exact"` or `"score"`.
    #[getter]
    fn ci(&self) -> &'static str {
        self.inner.method.name()
    }
    /// The significance level.
    #[getter]
    fn alpha(&self) -> f64 {
        self.inner.alpha
    }
    fn __repr__(&self) -> String {
        format!(
            "RateRatio(irr={}, lower={}, upper={}, ci={:?}, alpha={})",
            self.inner.irr,
            self.inner.lower,
            self.inner.upper,
            self.inner.method.name(),
            self.inner.alpha
        )
    }
}

/// `ci="exact" | "wald-log" | "score"` (a `StatsError` naming the accepted ones otherwise).
fn ratio_ci_from_str(py: Python<'_>, ci: &str) -> PyResult<RatioCi> {
    match ci.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "exact" => Ok(RatioCi::Exact),
        "wald-log" | "waldlog" => Ok(RatioCi::WaldLog),
        "score" => Ok(RatioCi::Score),
        _ => Err(StatsError::UnknownMethod {
            what: "rate ratio interval".into(),
            name: ci.to_string(),
            expected: "exact, wald-log, score".into(),
        })
        .or_raise(py),
    }
}

/// Two-sided test of equal Poisson rates (statsmodels `test_poisson_2indep` method names:
/// `score`, `wald`, `exact-cond`, `cond-midp`, `etest-score`/`etest`, `etest-wald`).
#[pyfunction]
#[pyo3(signature = (c1, e1, c2, e2, method = "score"))]
fn test_poisson_2indep(
    py: Python<'_>,
    c1: i64,
    e1: f64,
    c2: i64,
    e2: f64,
    method: &str,
) -> PyResult<PyTwoRateTest> {
    let method = TwoRateMethod::parse(method).or_raise(py)?;
    let (c1, c2) = (
        count_from_i64(py, "count c1", c1)?,
        count_from_i64(py, "count c2", c2)?,
    );
    py.detach(|| poisson::test_poisson_2indep(c1, e1, c2, e2, method))
        .map(|inner| PyTwoRateTest { inner })
        .or_raise(py)
}

/// The incidence rate ratio `(c1/e1)/(c2/e2)` with an `"exact"`, `"wald-log"` or `"score"`
/// interval.
#[pyfunction]
#[pyo3(signature = (c1, e1, c2, e2, ci = "exact", alpha = 0.05))]
fn rate_ratio(
    py: Python<'_>,
    c1: i64,
    e1: f64,
    c2: i64,
    e2: f64,
    ci: &str,
    alpha: f64,
) -> PyResult<PyRateRatio> {
    let ci = ratio_ci_from_str(py, ci)?;
    let (c1, c2) = (
        count_from_i64(py, "count c1", c1)?,
        count_from_i64(py, "count c2", c2)?,
    );
    poisson::rate_ratio(c1, e1, c2, e2, ci, alpha)
        .map(|inner| PyRateRatio { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(adjust_pvalues, m)?)?;
    m.add_function(wrap_pyfunction!(esda_fdr, m)?)?;
    m.add_class::<PyTwoRateTest>()?;
    m.add_class::<PyRateRatio>()?;
    m.add_function(wrap_pyfunction!(test_poisson_2indep, m)?)?;
    m.add_function(wrap_pyfunction!(rate_ratio, m)?)?;
    Ok(())
}
