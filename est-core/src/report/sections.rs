//! The time and follow-up sections of the lägesbild: new problems (the weekly early warning
//! and the space-time scan), emerging hot spots, trends per category, the temporal profile
//! and the interventions with their follow-up and recommendation.
//!
//! Each section is computed on its own: a section that cannot be computed for the data (too
//! few weeks, no places, no registry) is left out with a warning that says why, and the rest
//! of the lägesbild is still written.

use super::LagesbildOptions;
use crate::Error;
use crate::followup::effect::{EvaluateParams, Evaluation, evaluate};
use crate::followup::recommend::{RecommendContext, RecommendParams, Recommendation, recommend};
use crate::followup::registry::Registry;
use crate::grid::Grid;
use crate::hotspot::counts::Selection;
use crate::hotspot::weights::{Contiguity, SpatialWeights, WeightsOptions};
use crate::incident::Incidents;
use crate::params::{ParamUsed, Source};
use crate::trend::cube::{LocationRule, cube_for_grid};
use crate::trend::early_warning::{Alert, EarlyWarningParams, early_warning_for_areas};
use crate::trend::emerging::{EmergingHotspots, EmergingParams, Pattern, emerging_hotspots_cube};
use crate::trend::mann_kendall::mann_kendall;
use crate::trend::period::Periods;
use crate::trend::profile::{TemporalProfile, profile};
use crate::trend::scan::{ScanParams, scan_incidents};
use chrono::{DateTime, NaiveDate, Utc};
use geo::{Contains, Distance, Euclidean, MultiPolygon, Point};
use serde::Serialize;

/// A named place drawn on the maps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceOutline {
    /// The place's name.
    pub name: String,
    /// Where its label goes (metric CRS of the grid).
    pub label_xy: (f64, f64),
    /// Outer rings in the grid's metric CRS.
    #[serde(skip)]
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// A space-time cluster of the scan, placed and named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterRow {
    /// The nearest named place, if one lies within 500 m.
    pub near: Option<String>,
    /// Centre, longitude (WGS 84).
    pub lon: f64,
    /// Centre, latitude (WGS 84).
    pub lat: f64,
    /// Radius, metres.
    pub radius_m: f64,
    /// First day of the cluster.
    pub start_day: NaiveDate,
    /// Last day of the cluster.
    pub end_day: NaiveDate,
    /// Incidents in the cluster.
    pub observed: u64,
    /// Expected without space-time interaction.
    pub expected: f64,
    /// Monte Carlo p.
    pub p: f64,
}

/// "Nya problem": the week's early-warning alerts and the scan's clusters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewProblems {
    /// The week under test.
    pub week: String,
    /// What the units are: `"places"` (named areas) or `"cells"` (grid cells).
    pub units: String,
    /// Number of place × category tests made (the multiple-testing family).
    pub tested: usize,
    /// The flagged units, most significant first.
    pub alerts: Vec<Alert>,
    /// The scan's clusters ending in the last day (prospective), most likely first.
    pub clusters: Vec<ClusterRow>,
    /// Monte Carlo replicates of the scan (0 when the scan was not run).
    pub scan_permutations: usize,
}

/// Number of locations with one emerging-hot-spot pattern.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatternCount {
    /// Esri-style code (−8 … 8).
    pub code: i8,
    /// Swedish label.
    pub sv: String,
    /// English label.
    pub en: String,
    /// Number of cells.
    pub n: usize,
}

/// A cell with a hot-spot pattern.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatternCell {
    /// Grid cell id.
    pub cell: u32,
    /// Centre, longitude (WGS 84).
    pub lon: f64,
    /// Centre, latitude (WGS 84).
    pub lat: f64,
    /// Pattern code.
    pub code: i8,
    /// Swedish label.
    pub sv: String,
    /// English label.
    pub en: String,
    /// The named place the cell lies in or near.
    pub near: Option<String>,
    /// Incidents in the cell in the last week of the cube.
    pub last_week: f64,
    /// Incidents in the cell over the cube.
    pub total: f64,
}

/// Emerging hot spot analysis over the last weeks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmergingSummary {
    /// First week of the cube.
    pub first_week: String,
    /// Last week of the cube.
    pub last_week: String,
    /// Number of weeks `T`.
    pub weeks: usize,
    /// Cells analysed.
    pub locations: usize,
    /// Locations per pattern (patterns that occur).
    pub counts: Vec<PatternCount>,
    /// Cells with a hot pattern, emerging ones (new, consecutive, intensifying) first.
    pub cells: Vec<PatternCell>,
    /// Parameters used.
    pub params_used: Vec<ParamUsed>,
}

/// Mann–Kendall trend of one category's weekly counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryTrend {
    /// Category group code.
    pub code: String,
    /// Swedish label.
    pub sv: String,
    /// English label.
    pub en: String,
    /// Number of weeks.
    pub weeks: usize,
    /// `"increasing"`, `"decreasing"` or `"no trend"` (α = 0.05).
    pub trend: String,
    /// Two-sided p.
    pub p: f64,
    /// Sen's slope, incidents per week.
    pub slope: f64,
    /// Kendall's τ.
    pub tau: f64,
    /// Incidents over the weeks.
    pub total: f64,
    /// The weekly counts.
    pub series: Vec<f64>,
}

/// One intervention with its follow-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterventionFollowup {
    /// Id in the registry.
    pub id: String,
    /// Name.
    pub name: String,
    /// Target place.
    pub target: String,
    /// The evaluation (the free-text description is removed).
    pub evaluation: Option<Evaluation>,
    /// The advisory recommendation.
    pub recommendation: Option<Recommendation>,
    /// Why the follow-up could not be made, if it could not.
    pub error: Option<String>,
    /// Whether the target still holds a significant hot cell in the last week.
    pub problem_persists: bool,
    /// Emerging hot cells within the buffer.
    pub nearby_emerging: usize,
}

/// Everything the time and follow-up sections add to the lägesbild.
#[derive(Debug, Clone, Default)]
pub(super) struct TimeSections {
    pub places: Vec<PlaceOutline>,
    pub new_problems: Option<NewProblems>,
    pub emerging: Option<EmergingSummary>,
    pub trends: Vec<CategoryTrend>,
    pub profile: Option<TemporalProfile>,
    pub interventions: Vec<InterventionFollowup>,
}

/// The named place `(x, y)` lies in, or the nearest one within `within` metres.
fn near(x: f64, y: f64, places: &[(String, MultiPolygon<f64>)], within: f64) -> Option<String> {
    let p = Point::new(x, y);
    if let Some((name, _)) = places.iter().find(|(_, mp)| mp.contains(&p)) {
        return Some(name.clone());
    }
    places
        .iter()
        .map(|(name, mp)| (name, Euclidean.distance(&p, mp)))
        .filter(|(_, d)| *d <= within)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(name, _)| name.clone())
}

/// Inputs shared by the sections.
pub(super) struct Inputs<'a> {
    /// Incidents with exact positions in the grid's metric CRS.
    pub metric: &'a Incidents,
    /// The lägesbild's grid.
    pub grid: &'a Grid,
    /// First instant of the reporting period's last week (Monday 00:00 local).
    pub last_week_start: DateTime<Utc>,
    /// First instant after the reporting period.
    pub period_end: DateTime<Utc>,
    /// First instant of the baseline.
    pub baseline_start: DateTime<Utc>,
    /// The options.
    pub options: &'a LagesbildOptions,
}

pub(super) fn build(
    inp: &Inputs<'_>,
    params: &mut Vec<ParamUsed>,
    warnings: &mut Vec<String>,
) -> TimeSections {
    let opts = inp.options;
    // Named places: the options' places, then the registry's (by name, once).
    let mut places: Vec<(String, MultiPolygon<f64>)> = opts.places.clone();
    if let Some(reg) = &opts.registry {
        if reg.crs == inp.metric.crs() {
            for p in &reg.places {
                if !places.iter().any(|(n, _)| *n == p.name) {
                    places.push((p.name.clone(), p.geometry.clone()));
                }
            }
        } else {
            warnings.push(format!(
                "the intervention registry is in {} but the map in {}: its places are not drawn",
                reg.crs,
                inp.metric.crs()
            ));
        }
    }
    let mut out = TimeSections {
        places: places
            .iter()
            .map(|(name, mp)| PlaceOutline {
                name: name.clone(),
                // Above the outline, so that labels of neighbouring places overlap less.
                label_xy: geo::BoundingRect::bounding_rect(mp).map_or((0.0, 0.0), |r| {
                    ((r.min().x + r.max().x) / 2.0, r.max().y + 25.0)
                }),
                rings: mp
                    .0
                    .iter()
                    .map(|poly| poly.exterior().points().map(|p| (p.x(), p.y())).collect())
                    .collect(),
            })
            .collect(),
        ..TimeSections::default()
    };

    let emerging = match emerging_section(inp, &places, params) {
        Ok(e) => Some(e),
        Err(e) => {
            warnings.push(format!("no emerging hot spot analysis: {e}"));
            None
        }
    };
    match new_problems(inp, &places, params) {
        Ok(n) => out.new_problems = Some(n),
        Err(e) => warnings.push(format!("no early warning: {e}")),
    }
    match trends(inp, params) {
        Ok(t) => out.trends = t,
        Err(e) => warnings.push(format!("no trends: {e}")),
    }
    let sel = Selection::default().between(inp.baseline_start, inp.period_end);
    match profile(inp.metric, &sel) {
        Ok(p) => out.profile = Some(p),
        Err(e) => warnings.push(format!("no temporal profile: {e}")),
    }
    if let Some(reg) = &opts.registry {
        out.interventions = interventions(inp, reg, emerging.as_ref(), warnings);
    }
    out.emerging = emerging.map(|(summary, _)| summary);
    out
}

fn new_problems(
    inp: &Inputs<'_>,
    places: &[(String, MultiPolygon<f64>)],
    params: &mut Vec<ParamUsed>,
) -> Result<NewProblems, Error> {
    let ew_params: EarlyWarningParams = inp.options.early_warning;
    let (units, areas) = if places.is_empty() {
        // Every cell with an incident in the week or its baseline becomes a place.
        let since = inp.last_week_start
            - chrono::Duration::weeks(i64::try_from(ew_params.baseline_weeks).unwrap_or(8));
        let mut cells: Vec<u32> = (0..inp.metric.len())
            .filter(|&i| {
                inp.metric
                    .times()
                    .get(i)
                    .is_some_and(|t| *t >= since.timestamp() && *t < inp.period_end.timestamp())
            })
            .filter_map(|i| {
                let k = inp
                    .grid
                    .index_of(*inp.metric.x().get(i)?, *inp.metric.y().get(i)?)?;
                inp.grid.cells().get(k).copied()
            })
            .collect();
        cells.sort_unstable();
        cells.dedup();
        let areas: Vec<(String, MultiPolygon<f64>)> = cells
            .iter()
            .map(|&c| {
                (
                    format!("ruta {c}"),
                    MultiPolygon::new(vec![inp.grid.cell_polygon(c)]),
                )
            })
            .collect();
        ("cells", areas)
    } else {
        ("places", places.to_vec())
    };
    let ew = early_warning_for_areas(inp.metric, &areas, None, inp.last_week_start, &ew_params)?;
    params.push(ParamUsed::new(
        "early_warning_units",
        units,
        Source::Auto {
            rule: "named places when given, else grid cells with incidents".into(),
        },
    ));
    params.extend(ew.params_used.iter().map(|p| ParamUsed {
        name: format!("early_warning.{}", p.name),
        ..p.clone()
    }));
    // Twelve weeks: a problem that has grown for several weeks needs quieter weeks before
    // it in the window to stand out (with 28 days the sample town's Ekparken does not).
    let scan_params = ScanParams {
        permutations: 499,
        study_days: Some(84),
        ..ScanParams::default()
    };
    let (clusters, scan_permutations) = match scan_incidents(
        inp.metric,
        inp.grid,
        &Selection::default().between(inp.baseline_start, inp.period_end),
        &scan_params,
    ) {
        Ok(scan) => {
            let rows = scan
                .clusters
                .iter()
                .filter(|c| c.p < 0.05)
                .map(|c| {
                    let (lon, lat) = inp.grid.crs().to_lonlat_unchecked(c.centre.0, c.centre.1);
                    ClusterRow {
                        near: near(c.centre.0, c.centre.1, places, 500.0),
                        lon,
                        lat,
                        radius_m: c.radius_m,
                        start_day: c.start_day,
                        end_day: c.end_day,
                        observed: c.observed,
                        expected: c.expected,
                        p: c.p,
                    }
                })
                .collect();
            (rows, scan.permutations)
        }
        Err(_) => (Vec::new(), 0),
    };
    params.push(ParamUsed::new(
        "scan.permutations",
        scan_permutations,
        Source::Default,
    ));
    params.push(ParamUsed::new("scan.study_days", 84, Source::Default));
    Ok(NewProblems {
        week: ew.week.clone(),
        units: units.into(),
        tested: ew.tested,
        alerts: ew.alerts.into_iter().take(12).collect(),
        clusters,
        scan_permutations,
    })
}

fn cube_periods(inp: &Inputs<'_>, weeks: usize) -> Result<Periods, Error> {
    // No more weeks than the data cover: leading weeks before the first incident would be
    // zeros that are not really zeros.
    let first = inp.metric.time_range().map(|(a, _)| a);
    let covered = first.map_or(weeks, |f| {
        let w = (inp.last_week_start - f).num_days() / 7 + 1;
        usize::try_from(w.max(1)).unwrap_or(weeks)
    });
    Ok(Periods::weeks_ending(
        inp.last_week_start,
        weeks.min(covered),
    )?)
}

fn emerging_section(
    inp: &Inputs<'_>,
    places: &[(String, MultiPolygon<f64>)],
    params: &mut Vec<ParamUsed>,
) -> Result<(EmergingSummary, EmergingHotspots), Error> {
    let weeks = usize::try_from(inp.options.trend_weeks).unwrap_or(26);
    let periods = cube_periods(inp, weeks)?;
    let cube = cube_for_grid(
        inp.grid,
        inp.metric,
        &Selection::default(),
        &periods,
        LocationRule::AllCells,
    )?;
    let w =
        SpatialWeights::grid_contiguity(inp.grid, Contiguity::Queen, &WeightsOptions::gi_star())?;
    let ehsa = emerging_hotspots_cube(&cube, &w, &EmergingParams::default())?;
    params.push(ParamUsed::new(
        "emerging.weeks",
        periods.len(),
        Source::Auto {
            rule: format!("the last {weeks} weeks, or fewer when the data are shorter"),
        },
    ));
    params.push(ParamUsed::new(
        "emerging.neighbourhood",
        "queen + self, time step 1",
        Source::Default,
    ));
    let t = cube.n_periods();
    let mut cells: Vec<PatternCell> = ehsa
        .patterns
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_hot())
        .filter_map(|(l, p)| {
            let cell = u32::try_from(*cube.cell_ids.as_ref()?.get(l)?).ok()?;
            let (x, y) = inp.grid.centroid(cell);
            let (lon, lat) = inp.grid.crs().to_lonlat_unchecked(x, y);
            let series = cube.series(l);
            Some(PatternCell {
                cell,
                lon,
                lat,
                code: p.code(),
                sv: p.label_sv().into(),
                en: p.label_en().into(),
                near: near(x, y, places, 500.0),
                last_week: series.get(t.saturating_sub(1)).copied().unwrap_or(0.0),
                total: series.iter().sum(),
            })
        })
        .collect();
    cells.sort_by(|a, b| {
        let rank = |c: &PatternCell| {
            Pattern::from_code(c.code).map_or(2, |p| if p.is_emerging() { 0 } else { 1 })
        };
        rank(a)
            .cmp(&rank(b))
            .then(b.last_week.total_cmp(&a.last_week))
            .then(a.cell.cmp(&b.cell))
    });
    let counts = ehsa
        .counts()
        .into_iter()
        .filter(|(p, n)| *n > 0 && *p != Pattern::NoPattern)
        .map(|(p, n)| PatternCount {
            code: p.code(),
            sv: p.label_sv().into(),
            en: p.label_en().into(),
            n,
        })
        .collect();
    let summary = EmergingSummary {
        first_week: periods
            .bins
            .first()
            .map(|b| b.label.clone())
            .unwrap_or_default(),
        last_week: periods
            .bins
            .last()
            .map(|b| b.label.clone())
            .unwrap_or_default(),
        weeks: t,
        locations: cube.n_locations(),
        counts,
        cells,
        params_used: ehsa.params_used.clone(),
    };
    Ok((summary, ehsa))
}

fn trends(inp: &Inputs<'_>, params: &mut Vec<ParamUsed>) -> Result<Vec<CategoryTrend>, Error> {
    let weeks = usize::try_from(inp.options.trend_weeks).unwrap_or(26);
    let periods = cube_periods(inp, weeks)?;
    let tax = inp.metric.taxonomy();
    let n_t = periods.len();
    let mut series: Vec<Vec<f64>> = vec![vec![0.0; n_t]; tax.len()];
    for (i, &t) in inp.metric.times().iter().enumerate() {
        let (Some(k), Some(&c)) = (periods.index_of(t), inp.metric.categories().get(i)) else {
            continue;
        };
        let g = usize::from(tax.group_of(c).0);
        if let Some(v) = series.get_mut(g).and_then(|s| s.get_mut(k)) {
            *v += 1.0;
        }
    }
    params.push(ParamUsed::new("trend.weeks", n_t, Source::Default));
    let mut out = Vec::new();
    for (g, s) in series.into_iter().enumerate() {
        let total: f64 = s.iter().sum();
        let Some(cat) = tax.get(crate::taxonomy::CategoryId(
            u16::try_from(g).unwrap_or(u16::MAX),
        )) else {
            continue;
        };
        if total < 1.0 || s.len() < 3 {
            continue;
        }
        let mk = mann_kendall(&s, 0.05)?;
        out.push(CategoryTrend {
            code: cat.code.clone(),
            sv: cat.sv.clone(),
            en: cat.en.clone(),
            weeks: s.len(),
            trend: mk.trend.as_str().into(),
            p: mk.p,
            slope: mk.slope,
            tau: mk.tau,
            total,
            series: s,
        });
    }
    out.sort_by(|a, b| a.p.total_cmp(&b.p).then(b.total.total_cmp(&a.total)));
    Ok(out)
}

fn interventions(
    inp: &Inputs<'_>,
    reg: &Registry,
    emerging: Option<&(EmergingSummary, EmergingHotspots)>,
    warnings: &mut Vec<String>,
) -> Vec<InterventionFollowup> {
    let mut out = Vec::new();
    for iv in &reg.interventions {
        let target = reg.place(&iv.target).map(|p| p.geometry.clone());
        // Context from the emerging hot spot analysis: is the target still hot in the last
        // week, and do new hot spots appear around it?
        let (mut persists, mut nearby) = (false, 0usize);
        if let (Some((_, ehsa)), Some(target)) = (emerging, &target) {
            let t = ehsa.n_periods;
            let buffer_m = iv.buffer_m.unwrap_or(500.0);
            for (l, pattern) in ehsa.patterns.iter().enumerate() {
                let Some(cell) = ehsa
                    .cell_ids
                    .as_ref()
                    .and_then(|c| c.get(l))
                    .and_then(|c| u32::try_from(*c).ok())
                else {
                    continue;
                };
                let (x, y) = inp.grid.centroid(cell);
                let p = Point::new(x, y);
                if target.contains(&p) {
                    if t > 0 && ehsa.hot.get(l * t + t - 1).copied().unwrap_or(false) {
                        persists = true;
                    }
                } else if pattern.is_emerging() && Euclidean.distance(&p, target) <= buffer_m {
                    nearby += 1;
                }
            }
        }
        let mut row = InterventionFollowup {
            id: iv.id.clone(),
            name: iv.name.clone(),
            target: iv.target.clone(),
            evaluation: None,
            recommendation: None,
            error: None,
            problem_persists: persists,
            nearby_emerging: nearby,
        };
        let ev = evaluate(
            reg,
            &iv.id,
            inp.metric,
            &EvaluateParams::new(inp.period_end),
        );
        match ev {
            Ok(mut ev) => {
                ev.intervention.description = None;
                let ctx = RecommendContext {
                    problem_persists: persists,
                    nearby_emerging: nearby,
                };
                match recommend(&ev, &ctx, &RecommendParams::default()) {
                    Ok(r) => row.recommendation = Some(r),
                    Err(e) => row.error = Some(e.to_string()),
                }
                row.evaluation = Some(ev);
            }
            Err(e) => {
                warnings.push(format!("intervention {}: {e}", iv.id));
                row.error = Some(e.to_string());
            }
        }
        out.push(row);
    }
    out
}
