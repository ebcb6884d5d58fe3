//! The *lägesbild* (situation picture): what the EST operative group looks at every week or
//! fortnight. [`Lagesbild::build`] summarises incidents for a period against a baseline, lays a
//! counts grid over them and keeps every parameter it chose; [`Lagesbild::to_html`] renders a
//! self-contained page (inline SVG, no scripts, no network, printable, readable on a phone,
//! Swedish by default) and [`Lagesbild::to_json`] the same content for portals.
//!
//! ```
//! use est_core::report::{Lagesbild, LagesbildOptions};
//! use est_core::sample::SampleTown;
//!
//! let incidents = SampleTown::new(3_000, 1).generate()?;
//! let lb = Lagesbild::build(&incidents, &LagesbildOptions::default())?;
//! assert_eq!(lb.period.iso_week, "2026-W47");
//! let html = lb.to_html(&incidents)?;
//! assert!(html.contains("<svg") && html.contains("Lägesbild"));
//! # Ok::<(), est_core::Error>(())
//! ```

pub mod charts;
mod html;
pub mod public;
pub mod sections;
mod svg;

use crate::Error;
use crate::grid::{Grid, GridOptions};
use crate::hotspot::map::{HotspotMap, HotspotOptions, hotspots};
use crate::incident::{Incidents, Organisation};
use crate::params::{ParamUsed, Source};
use crate::trend::period::{iso_week_label, local_midnight, monday_of};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};

/// Errors from building or rendering a report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    /// Nothing to report on.
    #[error("cannot write a lägesbild for no incidents")]
    Empty,
    /// Invalid options.
    #[error("invalid lägesbild option {name} (got {value}): {reason}")]
    InvalidOption {
        /// Option name.
        name: String,
        /// The value given.
        value: String,
        /// What is expected.
        reason: String,
    },
}

impl ReportError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Empty => "REPORT_EMPTY",
            ReportError::InvalidOption { .. } => "REPORT_INVALID_OPTION",
        }
    }
}

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Swedish (default).
    #[default]
    Sv,
    /// English.
    En,
}

/// Options for [`Lagesbild::build`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LagesbildOptions {
    /// Title, e.g. "Lägesbild Sollentuna".
    pub title: String,
    /// The last day of the reporting period (local date); default: the day of the latest
    /// incident.
    pub period_end: Option<NaiveDate>,
    /// Length of the reporting period in weeks (1 = weekly, 2 = fortnightly); default 1.
    /// Used when `unit` is [`ReportUnit::Weeks`].
    pub period_weeks: u32,
    /// The reporting unit: whole ISO weeks (default), or a calendar month, tertial
    /// (Jan–Apr, May–Aug, Sep–Dec: the Swedish municipal reporting unit) or year.
    pub unit: ReportUnit,
    /// Baseline: the number of periods before the reporting period to compare with;
    /// default 12.
    pub baseline_periods: u32,
    /// The counts grid.
    pub grid: GridOptions,
    /// Language of the page.
    pub language: Language,
    /// The Gi* hotspot layer (its `grid` is ignored: the lägesbild's `grid` is used).
    pub hotspots: HotspotOptions,
    /// Named places (polygons in the incidents' metric CRS) for the early warning, the maps
    /// and the names of hot spots; default none (the early warning then uses grid cells).
    #[serde(skip)]
    pub places: Vec<(String, geo::MultiPolygon<f64>)>,
    /// The intervention registry: each intervention gets its follow-up and recommendation;
    /// its places are added to `places`. Default none.
    #[serde(skip)]
    pub registry: Option<crate::followup::registry::Registry>,
    /// The weekly early warning's parameters (method reference §6.2 defaults).
    #[serde(skip)]
    pub early_warning: crate::trend::early_warning::EarlyWarningParams,
    /// Weeks of the emerging hot spot analysis and the category trends; default 26.
    pub trend_weeks: u32,
    /// Optional background tiles under the maps: a `{z}/{x}/{y}` URL template of Web Mercator
    /// tiles. Default none: the page then needs no network at all.
    pub tiles_url: Option<String>,
}

impl Default for LagesbildOptions {
    fn default() -> Self {
        LagesbildOptions {
            title: String::new(),
            period_end: None,
            period_weeks: 1, // EST's weekly rhythm
            unit: ReportUnit::Weeks,
            baseline_periods: 12, // one quarter of weekly periods (an est choice)
            grid: GridOptions::default(),
            language: Language::Sv,
            hotspots: HotspotOptions::default(),
            places: Vec::new(),
            registry: None,
            early_warning: crate::trend::early_warning::EarlyWarningParams::default(),
            trend_weeks: 26, // half a year of weeks (an est choice)
            tiles_url: None,
        }
    }
}

/// The unit of the reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportUnit {
    /// `period_weeks` whole ISO weeks (Monday–Sunday) — the weekly or fortnightly meeting.
    #[default]
    Weeks,
    /// A calendar month.
    Month,
    /// A tertial: January–April, May–August or September–December.
    Tertial,
    /// A calendar year.
    Year,
}

impl ReportUnit {
    /// Months per unit (`None` for weeks).
    fn months(self) -> Option<u32> {
        match self {
            ReportUnit::Weeks => None,
            ReportUnit::Month => Some(1),
            ReportUnit::Tertial => Some(4),
            ReportUnit::Year => Some(12),
        }
    }

    /// Parses `"weeks"`/`"week"`, `"month"`, `"tertial"`, `"year"` (and Swedish `"vecka"`,
    /// `"månad"`, `"år"`).
    ///
    /// # Errors
    /// [`ReportError::InvalidOption`] naming the accepted units.
    pub fn parse(s: &str) -> Result<ReportUnit, ReportError> {
        match s.trim().to_lowercase().as_str() {
            "weeks" | "week" | "vecka" | "veckor" => Ok(ReportUnit::Weeks),
            "month" | "månad" | "manad" => Ok(ReportUnit::Month),
            "tertial" => Ok(ReportUnit::Tertial),
            "year" | "år" | "ar" => Ok(ReportUnit::Year),
            _ => Err(ReportError::InvalidOption {
                name: "unit".into(),
                value: s.into(),
                reason: "one of \"weeks\", \"month\", \"tertial\", \"year\"".into(),
            }),
        }
    }
}

/// The calendar unit of `months` months containing `d`: its first and last day, and the
/// first day `back` units earlier.
fn calendar_unit(
    d: NaiveDate,
    months: u32,
    back: u32,
) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
    let idx = (d.year() * 12 + i32::try_from(d.month0()).ok()?) / i32::try_from(months).ok()?;
    let first_of = |k: i32| {
        let m = k.checked_mul(i32::try_from(months).ok()?)?;
        NaiveDate::from_ymd_opt(
            m.div_euclid(12),
            u32::try_from(m.rem_euclid(12)).ok()? + 1,
            1,
        )
    };
    let start = first_of(idx)?;
    let end = first_of(idx + 1)?.pred_opt()?;
    let base = first_of(idx - i32::try_from(back).ok()?)?;
    Some((start, end, base))
}

/// The label of a reporting period: `2026-W47`, `2026-W46–W47`, `2026-11`, `2026-T3`, `2026`.
fn period_label(unit: ReportUnit, start: NaiveDate, end: NaiveDate) -> String {
    match unit {
        ReportUnit::Weeks if iso_week_label(start) == iso_week_label(end) => iso_week_label(end),
        ReportUnit::Weeks => format!("{}–W{:02}", iso_week_label(start), end.iso_week().week()),
        ReportUnit::Month => format!("{}-{:02}", start.year(), start.month()),
        ReportUnit::Tertial => format!("{}-T{}", start.year(), start.month0() / 4 + 1),
        ReportUnit::Year => start.year().to_string(),
    }
}

/// The reporting period and its baseline (local dates, inclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// First day of the reporting period (a Monday for whole ISO weeks).
    pub start: NaiveDate,
    /// Last day of the reporting period.
    pub end: NaiveDate,
    /// ISO week of the last day, e.g. "2026-W47" (the week of the early warning and of the
    /// public export).
    pub iso_week: String,
    /// The unit of the period.
    pub unit: ReportUnit,
    /// The period's label: "2026-W47", "2026-W46–W47", "2026-11", "2026-T3" or "2026".
    pub label: String,
    /// First day of the baseline.
    pub baseline_start: NaiveDate,
    /// Last day of the baseline (the day before `start`).
    pub baseline_end: NaiveDate,
    /// Number of periods in the baseline.
    pub baseline_periods: u32,
    /// Time zone the dates are in.
    pub time_zone: String,
}

/// Counts for one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryRow {
    /// Category code.
    pub code: String,
    /// Swedish label.
    pub sv: String,
    /// English label.
    pub en: String,
    /// Incidents in the reporting period.
    pub current: u64,
    /// Mean per period over the baseline.
    pub baseline_mean: f64,
    /// Incidents over the whole data set.
    pub total: u64,
}

/// Counts per reporting organisation in the reporting period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationRow {
    /// Organisation code.
    pub code: String,
    /// Swedish label.
    pub sv: String,
    /// Incidents in the reporting period.
    pub current: u64,
    /// Incidents over the whole data set.
    pub total: u64,
}

/// Incidents per ISO week (local time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekCount {
    /// ISO week label, e.g. "2026-W47".
    pub week: String,
    /// Monday of that week.
    pub monday: NaiveDate,
    /// Incidents.
    pub count: u64,
}

/// One grid cell with incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRow {
    /// Cell id in the grid.
    pub cell: u32,
    /// Centre, longitude (WGS 84).
    pub lon: f64,
    /// Centre, latitude (WGS 84).
    pub lat: f64,
    /// Incidents over the whole data set.
    pub total: u64,
    /// Incidents in the reporting period.
    pub current: u64,
}

/// A significant Gi* cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotspotCell {
    /// Cell id in the grid.
    pub cell: u32,
    /// Centre, longitude (WGS 84).
    pub lon: f64,
    /// Centre, latitude (WGS 84).
    pub lat: f64,
    /// Incidents in the cell.
    pub count: f64,
    /// Gi* z.
    pub z: f64,
    /// p after the multiple-testing correction.
    pub p_adjusted: f64,
    /// +3/+2/+1 hot at 99/95/90 %, negative cold.
    pub class: i8,
}

/// The Gi* hotspot layer of the lägesbild.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotspotSummary {
    /// Number of cells per class, from −3 to +3.
    pub class_counts: [usize; 7],
    /// The multiple-testing correction used.
    pub adjustment: String,
    /// The significant cells, strongest hot spots first.
    pub cells: Vec<HotspotCell>,
}

impl HotspotSummary {
    fn new(map: &HotspotMap, grid: &Grid) -> Self {
        let mut cells: Vec<HotspotCell> = grid
            .cells()
            .iter()
            .enumerate()
            .filter_map(|(k, &cell)| {
                let class = *map.classes.get(k)?;
                if class == 0 {
                    return None;
                }
                let (cx, cy) = grid.centroid(cell);
                let (lon, lat) = grid.crs().to_lonlat_unchecked(cx, cy);
                Some(HotspotCell {
                    cell,
                    lon,
                    lat,
                    count: *map.counts.get(k)?,
                    z: *map.gi_star.z.get(k)?,
                    p_adjusted: *map.p_adjusted.get(k)?,
                    class,
                })
            })
            .collect();
        cells.sort_by(|a, b| b.z.total_cmp(&a.z));
        let adjustment = map
            .params_used
            .iter()
            .find(|p| p.name == "adjustment")
            .map_or_else(String::new, |p| {
                p.value.as_str().unwrap_or_default().to_string()
            });
        HotspotSummary {
            class_counts: map.class_counts(),
            adjustment,
            cells,
        }
    }

    /// The class of a cell (0 when not significant).
    pub fn class_of(&self, cell: u32) -> i8 {
        self.cells
            .iter()
            .find(|c| c.cell == cell)
            .map_or(0, |c| c.class)
    }
}

/// The lägesbild's content (what [`Lagesbild::to_json`] writes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lagesbild {
    /// Format version of this JSON.
    pub schema: String,
    /// Title.
    pub title: String,
    /// The est version that made it.
    pub est_version: String,
    /// Reporting period and baseline.
    pub period: Period,
    /// Incidents in the data set.
    pub n_incidents: usize,
    /// Incidents in the reporting period.
    pub n_current: u64,
    /// Incidents with an approximate position (area centroids), left off the map and grid.
    pub n_approximate: usize,
    /// Per category, most frequent in the reporting period first.
    pub categories: Vec<CategoryRow>,
    /// Per reporting organisation.
    pub organisations: Vec<OrganisationRow>,
    /// Incidents per ISO week over the whole data set.
    pub weeks: Vec<WeekCount>,
    /// The counts grid's metadata (shape, cell size, origin, CRS, parameters used).
    pub grid: Grid,
    /// Cells with incidents, most incidents first.
    pub cells: Vec<CellRow>,
    /// Gi* hotspots on the same grid (absent when Gi* is undefined for the data).
    pub hotspot: Option<HotspotSummary>,
    /// Every parameter and where it came from.
    pub params_used: Vec<ParamUsed>,
    /// Things the reader should know.
    pub warnings: Vec<String>,
    /// Language of the page.
    pub language: Language,
    /// Named places drawn on the maps.
    pub places: Vec<sections::PlaceOutline>,
    /// "Nya problem": the week's early-warning alerts and space-time clusters.
    pub new_problems: Option<sections::NewProblems>,
    /// Emerging hot spot analysis over the last `trend_weeks` weeks.
    pub emerging: Option<sections::EmergingSummary>,
    /// Mann–Kendall trend of each category group's weekly counts.
    pub trends: Vec<sections::CategoryTrend>,
    /// When incidents happen (hour × weekday, year wheel) over the period and its baseline.
    pub profile: Option<crate::trend::profile::TemporalProfile>,
    /// The interventions with their follow-up and recommendation.
    pub interventions: Vec<sections::InterventionFollowup>,
    /// Kernel density (per km²) per grid cell, in grid order (absent without a hotspot map).
    pub kde: Option<Vec<f64>>,
    /// The background tiles' URL template, when one was given.
    pub tiles_url: Option<String>,
}

fn local_date(t: i64) -> Option<NaiveDate> {
    DateTime::<Utc>::from_timestamp(t, 0).map(|d| d.with_timezone(&Stockholm).date_naive())
}

impl Lagesbild {
    /// Summarises `incidents` (any CRS: lon/lat data are projected to SWEREF 99 TM for the
    /// grid, and the choice is recorded) for the reporting period.
    ///
    /// The reporting period is the `period_weeks` whole ISO weeks (Monday–Sunday,
    /// Europe/Stockholm) ending with the week of `period_end`; the baseline is the
    /// `baseline_periods` periods before it.
    ///
    /// # Errors
    /// [`ReportError::Empty`], [`ReportError::InvalidOption`], grid and CRS errors.
    pub fn build(incidents: &Incidents, options: &LagesbildOptions) -> Result<Lagesbild, Error> {
        if incidents.is_empty() {
            return Err(ReportError::Empty.into());
        }
        if options.baseline_periods > 520 {
            return Err(ReportError::InvalidOption {
                name: "baseline_periods".into(),
                value: options.baseline_periods.to_string(),
                reason: "at most 520 periods (ten years of weeks)".into(),
            }
            .into());
        }
        if options.period_weeks == 0 || options.period_weeks > 52 {
            return Err(ReportError::InvalidOption {
                name: "period_weeks".into(),
                value: options.period_weeks.to_string(),
                reason: "a whole number of weeks from 1 to 52".into(),
            }
            .into());
        }
        if let Some(url) = &options.tiles_url
            && !((url.starts_with("https://") || url.starts_with("http://"))
                && ["{z}", "{x}", "{y}"].iter().all(|k| url.contains(k)))
        {
            return Err(ReportError::InvalidOption {
                name: "tiles_url".into(),
                value: url.clone(),
                reason: "an http(s) URL template with {z}, {x} and {y}".into(),
            }
            .into());
        }
        let mut params = Vec::new();
        let mut warnings = Vec::new();
        let dates: Vec<Option<NaiveDate>> =
            incidents.times().iter().map(|t| local_date(*t)).collect();
        let latest = dates
            .iter()
            .flatten()
            .max()
            .copied()
            .ok_or(ReportError::Empty)?;
        let end_day = match options.period_end {
            Some(d) => {
                params.push(ParamUsed::new("period_end", d.to_string(), Source::User));
                d
            }
            None => {
                params.push(ParamUsed::new(
                    "period_end",
                    latest.to_string(),
                    Source::Auto {
                        rule: "date of the latest incident".into(),
                    },
                ));
                latest
            }
        };
        // Whole ISO weeks: the period ends on the Sunday of end_day's week.
        // Checked date arithmetic: an absurd period_end or baseline is an error, not a panic.
        let bad_dates = || ReportError::InvalidOption {
            name: "period_end/baseline_periods".into(),
            value: format!("{end_day}, {}", options.baseline_periods),
            reason: "the period and its baseline must lie within the calendar chrono supports"
                .into(),
        };
        let plen = i64::from(options.period_weeks) * 7;
        let (start, week_end, baseline_start) = match options.unit.months() {
            None => {
                let week_end = monday_of(end_day)
                    .checked_add_signed(Duration::days(6))
                    .ok_or_else(bad_dates)?;
                let start = week_end
                    .checked_sub_signed(Duration::days(plen - 1))
                    .ok_or_else(bad_dates)?;
                let baseline_start = start
                    .checked_sub_signed(Duration::days(plen * i64::from(options.baseline_periods)))
                    .ok_or_else(bad_dates)?;
                (start, week_end, baseline_start)
            }
            Some(m) => calendar_unit(end_day, m, options.baseline_periods).ok_or_else(bad_dates)?,
        };
        if week_end > end_day {
            warnings.push(format!(
                "the reporting period runs to {week_end}, but the data end on {end_day}: the \
                 period is incomplete"
            ));
        }
        params.push(ParamUsed::new(
            "unit",
            serde_json::to_value(options.unit).unwrap_or_default(),
            if options.unit == ReportUnit::Weeks {
                Source::Default
            } else {
                Source::User
            },
        ));
        if options.unit == ReportUnit::Weeks {
            params.push(ParamUsed::new(
                "period_weeks",
                options.period_weeks,
                source_of(options.period_weeks, 1),
            ));
        }
        params.push(ParamUsed::new(
            "baseline_periods",
            options.baseline_periods,
            source_of(options.baseline_periods, 12),
        ));
        let period = Period {
            start,
            end: week_end,
            // The week of the early warning: the period's last week with data.
            iso_week: iso_week_label(week_end.min(end_day)),
            unit: options.unit,
            label: period_label(options.unit, start, week_end),
            baseline_start,
            baseline_end: start - Duration::days(1),
            baseline_periods: options.baseline_periods,
            time_zone: "Europe/Stockholm".into(),
        };
        let in_current = |d: &Option<NaiveDate>| d.is_some_and(|d| d >= start && d <= week_end);
        let in_baseline =
            |d: &Option<NaiveDate>| d.is_some_and(|d| d >= baseline_start && d < start);
        let covered_baseline = dates.iter().flatten().min().map_or(0, |first| {
            let first = (*first).max(baseline_start);
            match options.unit.months() {
                None => ((start - first).num_days().max(0) + plen - 1) / plen,
                // Calendar units: those from the one containing the first incident on.
                Some(m) => {
                    let months = (start.year() - first.year()) * 12 + start.month0() as i32
                        - first.month0() as i32;
                    i64::from((months.max(0) + m as i32 - 1) / m as i32)
                }
            }
        });
        let baseline_n = u32::try_from(covered_baseline)
            .unwrap_or(0)
            .min(options.baseline_periods);
        if baseline_n < options.baseline_periods {
            warnings.push(format!(
                "the data cover only {baseline_n} of the {} baseline periods",
                options.baseline_periods
            ));
        }

        // Categories.
        let tax = incidents.taxonomy();
        let mut categories: Vec<CategoryRow> = tax
            .categories()
            .iter()
            .map(|c| CategoryRow {
                code: c.code.clone(),
                sv: c.sv.clone(),
                en: c.en.clone(),
                current: 0,
                baseline_mean: 0.0,
                total: 0,
            })
            .collect();
        let mut orgs: Vec<OrganisationRow> = Organisation::ALL
            .iter()
            .map(|o| OrganisationRow {
                code: o.code().into(),
                sv: o.sv().into(),
                current: 0,
                total: 0,
            })
            .collect();
        for (i, d) in dates.iter().enumerate() {
            let (Some(cat), Some(org)) = (
                incidents.categories().get(i),
                incidents.organisations().get(i),
            ) else {
                continue;
            };
            let org_row = Organisation::ALL
                .iter()
                .position(|o| o == org)
                .and_then(|k| orgs.get_mut(k));
            let cat_row = categories.get_mut(usize::from(cat.0));
            if let Some(row) = cat_row {
                row.total += 1;
                if in_current(d) {
                    row.current += 1;
                }
                if in_baseline(d) {
                    row.baseline_mean += 1.0;
                }
            }
            if let Some(row) = org_row {
                row.total += 1;
                if in_current(d) {
                    row.current += 1;
                }
            }
        }
        for c in &mut categories {
            c.baseline_mean = if baseline_n > 0 {
                c.baseline_mean / f64::from(baseline_n)
            } else {
                0.0
            };
        }
        categories.retain(|c| c.total > 0);
        categories.sort_by(|a, b| b.current.cmp(&a.current).then(b.total.cmp(&a.total)));
        orgs.retain(|o| o.total > 0);
        orgs.sort_by_key(|o| std::cmp::Reverse(o.total));

        // Weeks.
        let first_monday = dates
            .iter()
            .flatten()
            .min()
            .map(|d| monday_of(*d))
            .unwrap_or(start);
        let nweeks =
            usize::try_from((monday_of(latest.max(week_end)) - first_monday).num_days() / 7 + 1)
                .unwrap_or(0);
        let mut weeks: Vec<WeekCount> = (0..nweeks)
            .map(|k| {
                let monday = first_monday + Duration::days(7 * k as i64);
                WeekCount {
                    week: iso_week_label(monday),
                    monday,
                    count: 0,
                }
            })
            .collect();
        for d in dates.iter().flatten() {
            let k = usize::try_from((monday_of(*d) - first_monday).num_days() / 7)
                .unwrap_or(usize::MAX);
            if let Some(w) = weeks.get_mut(k) {
                w.count += 1;
            }
        }

        // Grid over the incidents with exact positions, in metres.
        let approx = crate::incident::flags::APPROX_POSITION;
        let n_approximate = incidents
            .flags()
            .iter()
            .filter(|f| **f & approx != 0)
            .count();
        if n_approximate > 0 {
            warnings.push(format!(
                "{n_approximate} incidents have approximate positions (area centroids) and are \
                 left off the map and the grid"
            ));
        }
        let exact = incidents.filter(|i| incidents.flags().get(i).is_some_and(|f| f & approx == 0));
        if incidents.crs().is_geographic() {
            params.push(ParamUsed::new(
                "map_crs",
                "EPSG:3006",
                Source::Auto {
                    rule: "lon/lat data projected to SWEREF 99 TM for metric work".into(),
                },
            ));
        }
        let metric = exact.to_metric()?;
        if metric.is_empty() {
            return Err(ReportError::Empty.into());
        }
        // Hotspots (Gi* classes) on the same grid as the counts. A data set on which Gi* is
        // undefined (e.g. one incident per cell) still gets its lägesbild, with a warning.
        let hs_options = HotspotOptions {
            grid: options.grid.clone(),
            ..options.hotspots.clone()
        };
        let map = match hotspots(&metric, &hs_options) {
            Ok(m) => Some(m),
            Err(e) => {
                warnings.push(format!("no hotspot analysis: {e}"));
                None
            }
        };
        let grid = match &map {
            Some(m) => m.grid.clone(),
            None => Grid::for_incidents(&metric, &options.grid)?,
        };
        let hotspot = map.as_ref().map(|m| HotspotSummary::new(m, &grid));
        if let Some(m) = &map {
            let keep = [
                "neighbourhood",
                "adjustment",
                "class_p",
                "kernel",
                "bandwidth_m",
                "permutations",
                "seed",
            ];
            params.extend(
                m.params_used
                    .iter()
                    .filter(|p| keep.contains(&p.name.as_str()))
                    .cloned(),
            );
        }
        let mut total = vec![0u64; grid.n_cells()];
        let mut current = vec![0u64; grid.n_cells()];
        let exact_dates: Vec<Option<NaiveDate>> =
            metric.times().iter().map(|t| local_date(*t)).collect();
        for (i, (&x, &y)) in metric.x().iter().zip(metric.y()).enumerate() {
            if let Some(k) = grid.index_of(x, y) {
                if let Some(t) = total.get_mut(k) {
                    *t += 1;
                }
                if exact_dates.get(i).is_some_and(in_current)
                    && let Some(c) = current.get_mut(k)
                {
                    *c += 1;
                }
            }
        }
        let mut cells: Vec<CellRow> = grid
            .cells()
            .iter()
            .enumerate()
            .filter(|(k, _)| total.get(*k).is_some_and(|t| *t > 0))
            .map(|(k, &cell)| {
                let (cx, cy) = grid.centroid(cell);
                let (lon, lat) = grid.crs().to_lonlat_unchecked(cx, cy);
                CellRow {
                    cell,
                    lon,
                    lat,
                    total: total.get(k).copied().unwrap_or(0),
                    current: current.get(k).copied().unwrap_or(0),
                }
            })
            .collect();
        cells.sort_by(|a, b| b.total.cmp(&a.total).then(a.cell.cmp(&b.cell)));
        params.extend(grid.params_used().iter().cloned());
        warnings.extend(grid.warnings().iter().cloned());

        let n_current = dates.iter().filter(|d| in_current(d)).count() as u64;
        let instant = |d: NaiveDate| local_midnight(d).ok_or_else(bad_dates);
        let inputs = sections::Inputs {
            metric: &metric,
            grid: &grid,
            last_week_start: instant(monday_of(week_end.min(end_day)))?,
            period_end: instant(week_end + Duration::days(1))?,
            baseline_start: instant(baseline_start)?,
            options,
        };
        let time = sections::build(&inputs, &mut params, &mut warnings);
        let kde = map.as_ref().map(|m| m.kde.density_per_km2.clone());
        Ok(Lagesbild {
            schema: "est.lagesbild/1".into(),
            title: if options.title.is_empty() {
                "Lägesbild".into()
            } else {
                options.title.clone()
            },
            est_version: crate::VERSION.into(),
            period,
            n_incidents: incidents.len(),
            n_current,
            n_approximate,
            categories,
            organisations: orgs,
            weeks,
            grid,
            cells,
            hotspot,
            params_used: params,
            warnings,
            language: options.language,
            places: time.places,
            new_problems: time.new_problems,
            emerging: time.emerging,
            trends: time.trends,
            profile: time.profile,
            interventions: time.interventions,
            kde,
            tiles_url: options.tiles_url.clone(),
        })
    }

    /// The lägesbild as pretty-printed JSON (schema `est.lagesbild/1`).
    ///
    /// # Errors
    /// Only if serialisation fails, which would be a bug.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| {
            ReportError::InvalidOption {
                name: "json".into(),
                value: String::new(),
                reason: e.to_string(),
            }
            .into()
        })
    }

    /// The lägesbild as one self-contained HTML page with an inline SVG map of the incidents
    /// and the counts grid, the category table and the weekly chart. Free text is never
    /// written.
    ///
    /// # Errors
    /// CRS errors if the incidents cannot be projected for the map.
    pub fn to_html(&self, incidents: &Incidents) -> Result<String, Error> {
        html::render(self, incidents)
    }
}

fn source_of(value: u32, default: u32) -> Source {
    if value == default {
        Source::Default
    } else {
        Source::User
    }
}
