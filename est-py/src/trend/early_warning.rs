//! Bindings of `est_core::trend::early_warning`: `early_warning` (a plain weekly table),
//! `early_warning_for_areas` (incidents and named areas), `EarlyWarning` and `Alert`.

use est_core::taxonomy::Taxonomy;
use est_core::trend::TrendError;
use est_core::trend::early_warning::{
    Alert, EarlyWarning, EarlyWarningParams, ExceedanceMethod, SeasonalBaseline, WeeklyTable,
    early_warning as core_ew, early_warning_for_areas as core_ewa,
};
use numpy::{AllowTypeChange, PyArray1, PyArrayLikeDyn};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList};

use crate::error::{OrRaise, crs_mismatch};
use crate::grid::PyStudyArea;
use crate::incident::PyIncidents;
use crate::io::time_from_py;
use crate::params::params_list;
use crate::stats::adjustment_from_str;
use crate::taxonomy::PyTaxonomy;

/// One tested place × category of the week.
#[pyclass(frozen, module = "est", name = "Alert")]
pub(crate) struct PyAlert {
    inner: Alert,
}

#[pymethods]
impl PyAlert {
    /// Place name.
    #[getter]
    fn place(&self) -> &str {
        &self.inner.place
    }
    /// Category code.
    #[getter]
    fn category(&self) -> &str {
        &self.inner.category
    }
    /// Swedish category label.
    #[getter]
    fn category_sv(&self) -> &str {
        &self.inner.category_sv
    }
    /// English category label.
    #[getter]
    fn category_en(&self) -> &str {
        &self.inner.category_en
    }
    /// The week under test.
    #[getter]
    fn week(&self) -> &str {
        &self.inner.week
    }
    /// This week's count.
    #[getter]
    fn observed(&self) -> u64 {
        self.inner.observed
    }
    /// The baseline mean over the weeks with data.
    #[getter]
    fn expected(&self) -> f64 {
        self.inner.expected
    }
    /// The baseline weeks in time order (NaN = no data).
    #[getter]
    fn baseline<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, &self.inner.baseline)
    }
    /// Upper-tail p-value.
    #[getter]
    fn p(&self) -> f64 {
        self.inner.p
    }
    /// Adjusted p over the week's tested units.
    #[getter]
    fn p_adjusted(&self) -> f64 {
        self.inner.p_adjusted
    }
    /// The test used: `"exact_conditional"`, `"poisson"` or `"negative_binomial"`.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method.name()
    }
    /// Wheeler's display z, `2(√x − √μ)`.
    #[getter]
    fn z(&self) -> f64 {
        self.inner.z
    }
    /// `x − μ`.
    #[getter]
    fn excess(&self) -> f64 {
        self.inner.excess
    }
    /// The Swedish sentence.
    #[getter]
    fn sentence_sv(&self) -> &str {
        &self.inner.sentence_sv
    }
    /// The English sentence.
    #[getter]
    fn sentence_en(&self) -> &str {
        &self.inner.sentence_en
    }
    /// 1-based rank in its list (by p, then larger excess).
    #[getter]
    fn rank(&self) -> usize {
        self.inner.rank
    }
    fn __repr__(&self) -> String {
        format!(
            "<Alert #{} {} / {}: {} against {:.2}, p = {:.3e}, adjusted {:.3e}>",
            self.inner.rank,
            self.inner.place,
            self.inner.category,
            self.inner.observed,
            self.inner.expected,
            self.inner.p,
            self.inner.p_adjusted
        )
    }
}

/// The week's early warning: the flagged units (`alerts`) and every tested unit (`all`).
#[pyclass(frozen, module = "est", name = "EarlyWarning")]
pub(crate) struct PyEarlyWarning {
    inner: EarlyWarning,
}

fn alerts(list: &[Alert]) -> Vec<PyAlert> {
    list.iter().map(|a| PyAlert { inner: a.clone() }).collect()
}

#[pymethods]
impl PyEarlyWarning {
    /// Flagged units (`p_adjusted < alpha` and `observed ≥ min_count`), ranked.
    #[getter]
    fn alerts(&self) -> Vec<PyAlert> {
        alerts(&self.inner.alerts)
    }
    /// Every tested unit, flagged or not, ranked.
    #[getter]
    fn all(&self) -> Vec<PyAlert> {
        alerts(&self.inner.all)
    }
    /// Number of tests (the multiple-testing family).
    #[getter]
    fn tested(&self) -> usize {
        self.inner.tested
    }
    /// Units not tested for lack of baseline weeks with data.
    #[getter]
    fn insufficient_baseline(&self) -> usize {
        self.inner.insufficient_baseline
    }
    /// Units with nothing this week nor in the baseline.
    #[getter]
    fn untestable(&self) -> usize {
        self.inner.untestable
    }
    /// The week under test.
    #[getter]
    fn week(&self) -> &str {
        &self.inner.week
    }
    /// Every parameter with its value and provenance.
    #[getter]
    fn params_used<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        params_list(py, &self.inner.params_used)
    }
    /// A `pandas.DataFrame` of every tested unit with a `flagged` column.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("est._pandas")?
            .getattr("early_warning_to_pandas")?
            .call1((slf,))
    }
    fn __len__(&self) -> usize {
        self.inner.alerts.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<EarlyWarning {}: {} alert(s) of {} tested; {} with too little baseline, {} \
             untestable>",
            self.inner.week,
            self.inner.alerts.len(),
            self.inner.tested,
            self.inner.insufficient_baseline,
            self.inner.untestable
        )
    }
}

fn method_from_str(py: Python<'_>, method: &str) -> PyResult<ExceedanceMethod> {
    match method {
        "exact_conditional" => Ok(ExceedanceMethod::ExactConditional),
        "poisson" => Ok(ExceedanceMethod::Poisson),
        "negative_binomial" => Ok(ExceedanceMethod::NegativeBinomial),
        "auto" => Ok(ExceedanceMethod::Auto),
        other => Err(TrendError::InvalidParameter {
            name: "method".into(),
            value: other.to_string(),
            expected: "\"exact_conditional\", \"poisson\", \"negative_binomial\" or \"auto\""
                .into(),
        })
        .or_raise(py),
    }
}

/// `seasonal=None | True | (years, half_width_weeks)`.
fn seasonal_from_py(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SeasonalBaseline>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(b.is_true().then(SeasonalBaseline::default));
    }
    let (years, half_width_weeks): (usize, usize) = obj.extract().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(
            "seasonal must be None, True (5 years × ±3 weeks, Farrington) or a pair \
             (years, half_width_weeks)",
        )
    })?;
    Ok(Some(SeasonalBaseline {
        years,
        half_width_weeks,
    }))
}

#[allow(clippy::too_many_arguments)]
fn params(
    py: Python<'_>,
    baseline_weeks: usize,
    guard_weeks: usize,
    min_baseline_weeks_with_data: usize,
    alpha: f64,
    min_count: u64,
    adjustment: &str,
    method: &str,
    seasonal: Option<&Bound<'_, PyAny>>,
) -> PyResult<EarlyWarningParams> {
    Ok(EarlyWarningParams {
        baseline_weeks,
        guard_weeks,
        min_baseline_weeks_with_data,
        alpha,
        min_count,
        adjustment: adjustment_from_str(py, adjustment)?,
        method: method_from_str(py, method)?,
        seasonal: seasonal_from_py(seasonal)?,
    })
}

/// The weekly early warning on a table of counts (places × categories × weeks; the last week
/// is the one under test; NaN = a week without data).
#[pyfunction]
#[pyo3(signature = (
    counts, places, categories, weeks, *, taxonomy = None, baseline_weeks = 8,
    guard_weeks = 0, min_baseline_weeks_with_data = 4, alpha = 0.01, min_count = 3,
    adjustment = "fdr_bh", method = "exact_conditional", seasonal = None
))]
#[allow(clippy::too_many_arguments)]
fn early_warning(
    py: Python<'_>,
    counts: PyArrayLikeDyn<'_, f64, AllowTypeChange>,
    places: Vec<String>,
    categories: Vec<String>,
    weeks: Vec<String>,
    taxonomy: Option<PyRef<'_, PyTaxonomy>>,
    baseline_weeks: usize,
    guard_weeks: usize,
    min_baseline_weeks_with_data: usize,
    alpha: f64,
    min_count: u64,
    adjustment: &str,
    method: &str,
    seasonal: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyEarlyWarning> {
    let p = params(
        py,
        baseline_weeks,
        guard_weeks,
        min_baseline_weeks_with_data,
        alpha,
        min_count,
        adjustment,
        method,
        seasonal,
    )?;
    let table = WeeklyTable {
        places,
        categories,
        weeks,
        counts: counts.as_array().iter().copied().collect(),
    };
    let default_tax;
    let tax = match &taxonomy {
        Some(t) => &t.inner,
        None => {
            default_tax = Taxonomy::default();
            &default_tax
        }
    };
    py.detach(|| core_ew(&table, tax, &p))
        .map(|inner| PyEarlyWarning { inner })
        .or_raise(py)
}

/// The weekly early warning for named areas × categories, binned in ISO weeks
/// (Europe/Stockholm); the week under test is the one containing `week`.
#[pyfunction]
#[pyo3(signature = (
    incidents, areas, week, *, categories = None, baseline_weeks = 8, guard_weeks = 0,
    min_baseline_weeks_with_data = 4, alpha = 0.01, min_count = 3, adjustment = "fdr_bh",
    method = "exact_conditional", seasonal = None
))]
#[allow(clippy::too_many_arguments)]
fn early_warning_for_areas(
    py: Python<'_>,
    incidents: PyRef<'_, PyIncidents>,
    areas: &Bound<'_, PyDict>,
    week: &Bound<'_, PyAny>,
    categories: Option<Vec<String>>,
    baseline_weeks: usize,
    guard_weeks: usize,
    min_baseline_weeks_with_data: usize,
    alpha: f64,
    min_count: u64,
    adjustment: &str,
    method: &str,
    seasonal: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyEarlyWarning> {
    let p = params(
        py,
        baseline_weeks,
        guard_weeks,
        min_baseline_weeks_with_data,
        alpha,
        min_count,
        adjustment,
        method,
        seasonal,
    )?;
    let inc = &incidents.inner;
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
    let t = time_from_py(week, "week")?;
    let cats: Option<Vec<&str>> = categories
        .as_ref()
        .map(|c| c.iter().map(String::as_str).collect());
    py.detach(|| core_ewa(inc, &polygons, cats.as_deref(), t, &p))
        .map(|inner| PyEarlyWarning { inner })
        .or_raise(py)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAlert>()?;
    m.add_class::<PyEarlyWarning>()?;
    m.add_function(wrap_pyfunction!(early_warning, m)?)?;
    m.add_function(wrap_pyfunction!(early_warning_for_areas, m)?)?;
    Ok(())
}
