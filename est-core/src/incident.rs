//! Incidents: the columnar store, its validation and the load report.
//!
//! An [`Incidents`] value holds many incidents as a struct of arrays (one `Vec` per field,
//! strings packed into one buffer each), so that a million incidents take well under 200 MB
//! and scans over coordinates or times touch only the columns they need.
//!
//! Incidents are added through an [`IncidentsBuilder`], which validates each row and keeps
//! **every** problem as a [`RowError`] (line, field, value, reason). With
//! [`OnError::Raise`] any bad row fails the load with the full list; with
//! [`OnError::Collect`] the good rows are kept and the bad ones are listed in
//! [`Incidents::report`]. Nothing is dropped or clamped silently.
//!
//! ```
//! use est_core::incident::{IncidentsBuilder, LoadOptions, RowInput};
//! use est_core::{crs::Crs, taxonomy::Taxonomy};
//!
//! let mut b = IncidentsBuilder::new(Taxonomy::default(), Crs::SWEREF99_TM, LoadOptions::default());
//! b.push(RowInput {
//!     line: 2,
//!     id: Some("A1".into()),
//!     time: "2025-03-14 21:30".into(),          // naive: read as Europe/Stockholm
//!     category: "klotter".into(),
//!     x: Some(674_344.6),
//!     y: Some(6_581_100.5),
//!     organisation: Some("kommun".into()),
//!     ..RowInput::default()
//! });
//! let incidents = b.finish()?;
//! assert_eq!(incidents.len(), 1);
//! assert_eq!(incidents.time_utc(0).unwrap().to_rfc3339(), "2025-03-14T20:30:00+00:00");
//! # Ok::<(), est_core::incident::LoadError>(())
//! ```

use crate::crs::{Crs, CrsError};
use crate::taxonomy::{CategoryId, Taxonomy, TaxonomyError};
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// Clock skew tolerated before a timestamp counts as "in the future", in seconds.
pub const FUTURE_TOLERANCE_S: i64 = 600;

/// Who reported an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Organisation {
    /// The municipality (kommunen), including its staff and field workers.
    Kommun,
    /// The police (polisen).
    Polis,
    /// A property owner or housing company (fastighetsägare, bostadsbolag).
    Fastighetsagare,
    /// A security company (vaktbolag, väktare, ordningsvakter).
    Vaktbolag,
    /// Shops and retail (handel).
    Handel,
    /// The rescue service (räddningstjänsten).
    Raddningstjanst,
    /// Any other reporter (public transport, schools, residents …).
    Ovrig,
    /// Not given.
    Okand,
}

impl Organisation {
    /// All values, in code order.
    pub const ALL: [Organisation; 8] = [
        Organisation::Kommun,
        Organisation::Polis,
        Organisation::Fastighetsagare,
        Organisation::Vaktbolag,
        Organisation::Handel,
        Organisation::Raddningstjanst,
        Organisation::Ovrig,
        Organisation::Okand,
    ];

    /// Stable ASCII code (`"kommun"`, `"polis"`, …).
    pub fn code(self) -> &'static str {
        match self {
            Organisation::Kommun => "kommun",
            Organisation::Polis => "polis",
            Organisation::Fastighetsagare => "fastighetsagare",
            Organisation::Vaktbolag => "vaktbolag",
            Organisation::Handel => "handel",
            Organisation::Raddningstjanst => "raddningstjanst",
            Organisation::Ovrig => "ovrig",
            Organisation::Okand => "okand",
        }
    }

    /// Swedish label.
    pub fn sv(self) -> &'static str {
        match self {
            Organisation::Kommun => "Kommun",
            Organisation::Polis => "Polis",
            Organisation::Fastighetsagare => "Fastighetsägare",
            Organisation::Vaktbolag => "Vaktbolag",
            Organisation::Handel => "Handel",
            Organisation::Raddningstjanst => "Räddningstjänst",
            Organisation::Ovrig => "Övrig",
            Organisation::Okand => "Okänd",
        }
    }

    /// Reads a code or a common Swedish/English name (`"police"`, `"bostadsbolag"`,
    /// `"väktare"`, `"shop"` …); an empty string is [`Organisation::Okand`].
    pub fn parse(text: &str) -> Option<Organisation> {
        let t = text.trim().to_lowercase();
        let o = match t.as_str() {
            "" | "okand" | "okänd" | "unknown" => Organisation::Okand,
            "kommun" | "kommunen" | "municipality" | "stad" | "staden" | "fältgruppen"
            | "faltgruppen" => Organisation::Kommun,
            "polis" | "polisen" | "police" | "polismyndigheten" => Organisation::Polis,
            "fastighetsagare" | "fastighetsägare" | "bostadsbolag" | "bostadsföretag"
            | "housing" | "housing company" | "property owner" | "hyresvärd" => {
                Organisation::Fastighetsagare
            }
            "vaktbolag" | "väktare" | "vaktare" | "ordningsvakt" | "ordningsvakter"
            | "security" | "security company" | "guard" | "guards" => Organisation::Vaktbolag,
            "handel" | "butik" | "shop" | "shops" | "retail" | "handlare" => Organisation::Handel,
            "raddningstjanst"
            | "räddningstjänst"
            | "räddningstjänsten"
            | "rescue service"
            | "fire service" => Organisation::Raddningstjanst,
            "ovrig" | "övrig" | "övriga" | "other" | "annan" => Organisation::Ovrig,
            _ => return None,
        };
        Some(o)
    }
}

/// Bit flags stored per incident.
pub mod flags {
    /// The position is an area centroid (e.g. polisen.se events), not the incident's place.
    pub const APPROX_POSITION: u8 = 1;
    /// Only the date was known; the time is local midnight.
    pub const DATE_ONLY: u8 = 2;
    /// A naive local time fell in a DST gap or overlap and was resolved ("compatible").
    pub const DST_RESOLVED: u8 = 4;
}

/// One problem with one input row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based line in the input file (the header is line 1), or record number.
    pub line: usize,
    /// The field (column name as given in the input).
    pub field: String,
    /// The offending value, as text.
    pub value: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// Stable machine-readable code (`"OUT_OF_AREA"`, `"UNKNOWN_CATEGORY"`, …).
    pub code: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, field '{}' (value {:?}): {}",
            self.line, self.field, self.value, self.message
        )
    }
}

/// A row that was loaded but with something the user should know (e.g. a DST adjustment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowWarning {
    /// 1-based line.
    pub line: usize,
    /// The field.
    pub field: String,
    /// What happened.
    pub message: String,
}

/// What a load did: rows read and kept, every error and warning.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadReport {
    /// Data rows read (header excluded).
    pub rows_read: usize,
    /// Rows kept.
    pub rows_kept: usize,
    /// Every problem, in input order (a row may have several).
    pub errors: Vec<RowError>,
    /// Rows kept with a remark (DST resolution, approximate positions, skipped types …).
    pub warnings: Vec<RowWarning>,
    /// Rows read but deliberately not loaded (e.g. polisen.se summaries), each with a warning.
    pub skipped: usize,
    /// Naive local times that fell in a DST gap (moved forward by the gap length).
    pub dst_gap: usize,
    /// Naive local times that fell in a DST overlap (the earlier instant taken).
    pub dst_overlap: usize,
}

impl LoadReport {
    /// The distinct lines that have at least one error.
    pub fn bad_lines(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.errors.iter().map(|e| e.line).collect();
        v.dedup();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A load that failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// Some rows are invalid and [`OnError::Raise`] was asked for (the default).
    #[error("{}", summarize(.errors, *.rows_read))]
    InvalidRows {
        /// Every problem found.
        errors: Vec<RowError>,
        /// Data rows read.
        rows_read: usize,
    },
    /// No rows at all.
    #[error("no incidents: the input has no data rows")]
    Empty,
}

fn summarize(errors: &[RowError], rows_read: usize) -> String {
    let mut lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let mut s = format!(
        "{} of {} rows are invalid ({} problems); to keep the good rows, load with \
         OnError::Collect (Python on_error=\"collect\", JS onError: \"collect\", CLI \
         --keep-good-rows)",
        lines.len(),
        rows_read,
        errors.len()
    );
    for e in errors.iter().take(10) {
        s.push_str("\n  ");
        s.push_str(&e.to_string());
    }
    if errors.len() > 10 {
        s.push_str(&format!("\n  … and {} more", errors.len() - 10));
    }
    s
}

impl LoadError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::InvalidRows { .. } => "INVALID_ROWS",
            LoadError::Empty => "EMPTY",
        }
    }

    /// The row errors (empty for [`LoadError::Empty`]).
    pub fn row_errors(&self) -> &[RowError] {
        match self {
            LoadError::InvalidRows { errors, .. } => errors,
            LoadError::Empty => &[],
        }
    }
}

/// What to do with bad rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// Fail the load, listing every bad row (default).
    #[default]
    Raise,
    /// Keep the good rows; list the bad ones in the report.
    Collect,
}

impl std::str::FromStr for OnError {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "raise" => Ok(OnError::Raise),
            "collect" => Ok(OnError::Collect),
            other => Err(format!(
                "on_error must be \"raise\" or \"collect\" (got {other:?})"
            )),
        }
    }
}

/// Options for validating incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    /// Bad rows: fail (default) or collect.
    pub on_error: OnError,
    /// "Now", for the future-timestamp check. `None` uses the system clock where there is
    /// one (never on wasm32, where the bindings pass the host's clock).
    pub now: Option<DateTime<Utc>>,
    /// Reject naive local times that fall in a DST gap or overlap instead of resolving them
    /// "compatibly" (gap: moved forward by the gap; overlap: the earlier instant). Either way
    /// they are counted in the report.
    pub reject_ambiguous_local_times: bool,
    /// Treat every position as an area centroid (sets [`flags::APPROX_POSITION`]).
    pub approximate_positions: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            on_error: OnError::Raise,
            now: None,
            reject_ambiguous_local_times: false,
            approximate_positions: false,
        }
    }
}

/// One row to validate. Numbers are already parsed (readers report unparseable numbers
/// themselves with [`IncidentsBuilder::reject`]); the timestamp is text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowInput {
    /// 1-based line (or record number) for error messages.
    pub line: usize,
    /// Incident id; `None` gives `"L<line>"`.
    pub id: Option<String>,
    /// Timestamp: RFC 3339 / ISO 8601 with offset or `Z`, or a naive local time
    /// (`2025-03-14 21:30[:00]`, read as Europe/Stockholm), or a date (`2025-03-14`).
    pub time: String,
    /// Category code, label or alias.
    pub category: String,
    /// Easting or longitude.
    pub x: Option<f64>,
    /// Northing or latitude.
    pub y: Option<f64>,
    /// Reporting organisation.
    pub organisation: Option<String>,
    /// Place name.
    pub place: Option<String>,
    /// Weight (e.g. a harm or count weight), default 1.
    pub weight: Option<f64>,
    /// Free text: kept, never written by public exports.
    pub text: Option<String>,
    /// Extra [`flags`] for this row.
    pub flags: u8,
}

/// Field names used in error messages (the reader passes the input's own column names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldNames {
    /// Id column.
    pub id: String,
    /// Time column.
    pub time: String,
    /// Category column.
    pub category: String,
    /// x column.
    pub x: String,
    /// y column.
    pub y: String,
    /// Organisation column.
    pub organisation: String,
    /// Weight column.
    pub weight: String,
}

impl Default for FieldNames {
    fn default() -> Self {
        FieldNames {
            id: "id".into(),
            time: "time".into(),
            category: "category".into(),
            x: "x".into(),
            y: "y".into(),
            organisation: "organisation".into(),
            weight: "weight".into(),
        }
    }
}

/// Strings packed into one buffer, with an optional marker per entry.
#[derive(Debug, Clone, Default, PartialEq)]
struct StrColumn {
    data: String,
    ends: Vec<u32>,
}

impl StrColumn {
    fn push(&mut self, s: &str) {
        self.data.push_str(s);
        self.ends
            .push(u32::try_from(self.data.len()).unwrap_or(u32::MAX));
    }
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 {
            0
        } else {
            *self.ends.get(i - 1)? as usize
        };
        self.data.get(start..end)
    }
    fn bytes(&self) -> usize {
        self.data.capacity() + self.ends.capacity() * 4
    }
}

/// Many incidents in columns. Positions are in [`Incidents::crs`].
#[derive(Debug, Clone, PartialEq)]
pub struct Incidents {
    crs: Crs,
    taxonomy: Taxonomy,
    ids: StrColumn,
    time: Vec<i64>,
    category: Vec<CategoryId>,
    x: Vec<f64>,
    y: Vec<f64>,
    organisation: Vec<Organisation>,
    place: StrColumn,
    text: StrColumn,
    weight: Vec<f64>,
    flags: Vec<u8>,
    report: LoadReport,
}

/// One incident, as a row (for iteration and conversion).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident<'a> {
    /// Id.
    pub id: &'a str,
    /// Time (UTC).
    pub time: DateTime<Utc>,
    /// Category id in the store's taxonomy.
    pub category: CategoryId,
    /// Easting or longitude.
    pub x: f64,
    /// Northing or latitude.
    pub y: f64,
    /// Reporting organisation.
    pub organisation: Organisation,
    /// Place name ("" if none).
    pub place: &'a str,
    /// Weight.
    pub weight: f64,
    /// Free text ("" if none). Never written by public exports.
    pub text: &'a str,
    /// [`flags`].
    pub flags: u8,
}

impl Incidents {
    /// An empty store.
    pub fn empty(taxonomy: Taxonomy, crs: Crs) -> Self {
        Incidents {
            crs,
            taxonomy,
            ids: StrColumn::default(),
            time: Vec::new(),
            category: Vec::new(),
            x: Vec::new(),
            y: Vec::new(),
            organisation: Vec::new(),
            place: StrColumn::default(),
            text: StrColumn::default(),
            weight: Vec::new(),
            flags: Vec::new(),
            report: LoadReport::default(),
        }
    }

    /// Number of incidents.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// The CRS of the positions.
    pub fn crs(&self) -> Crs {
        self.crs
    }

    /// The taxonomy the category ids refer to.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The load report (rows read, every error and warning).
    pub fn report(&self) -> &LoadReport {
        &self.report
    }

    /// Eastings (or longitudes).
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// Northings (or latitudes).
    pub fn y(&self) -> &[f64] {
        &self.y
    }

    /// Times as Unix seconds (UTC).
    pub fn times(&self) -> &[i64] {
        &self.time
    }

    /// Category ids.
    pub fn categories(&self) -> &[CategoryId] {
        &self.category
    }

    /// Organisations.
    pub fn organisations(&self) -> &[Organisation] {
        &self.organisation
    }

    /// Weights (1 where none was given).
    pub fn weights(&self) -> &[f64] {
        &self.weight
    }

    /// Per-incident [`flags`].
    pub fn flags(&self) -> &[u8] {
        &self.flags
    }

    /// The id of incident `i`.
    pub fn id(&self, i: usize) -> Option<&str> {
        self.ids.get(i)
    }

    /// The place name of incident `i` (empty if none).
    pub fn place(&self, i: usize) -> Option<&str> {
        self.place.get(i)
    }

    /// The free text of incident `i` (empty if none).
    pub fn text(&self, i: usize) -> Option<&str> {
        self.text.get(i)
    }

    /// The time of incident `i`.
    pub fn time_utc(&self, i: usize) -> Option<DateTime<Utc>> {
        self.time
            .get(i)
            .and_then(|t| DateTime::from_timestamp(*t, 0))
    }

    /// Incident `i` as a row.
    pub fn get(&self, i: usize) -> Option<Incident<'_>> {
        Some(Incident {
            id: self.ids.get(i)?,
            time: self.time_utc(i)?,
            category: *self.category.get(i)?,
            x: *self.x.get(i)?,
            y: *self.y.get(i)?,
            organisation: *self.organisation.get(i)?,
            place: self.place.get(i)?,
            weight: *self.weight.get(i)?,
            text: self.text.get(i)?,
            flags: *self.flags.get(i)?,
        })
    }

    /// Iterates over the incidents as rows.
    pub fn iter(&self) -> impl Iterator<Item = Incident<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Heap bytes used by the columns (for memory budgets).
    pub fn heap_bytes(&self) -> usize {
        self.ids.bytes()
            + self.place.bytes()
            + self.text.bytes()
            + self.time.capacity() * 8
            + self.category.capacity() * 2
            + self.x.capacity() * 8
            + self.y.capacity() * 8
            + self.organisation.capacity()
            + self.weight.capacity() * 8
            + self.flags.capacity()
    }

    /// The same incidents with positions transformed to `dst` (an explicit step: est never
    /// reads degrees as metres).
    ///
    /// # Errors
    /// [`CrsError::AtIndex`] naming the first incident outside the area of use of `dst`.
    pub fn to_crs(&self, dst: Crs) -> Result<Incidents, CrsError> {
        let (x, y) = crate::crs::transform_slices(&self.x, &self.y, self.crs, dst)?;
        Ok(Incidents {
            crs: dst,
            x,
            y,
            ..self.clone()
        })
    }

    /// Positions in metres: the store itself when its CRS is projected, otherwise transformed
    /// to SWEREF 99 TM (and the CRS chosen is in the result's [`Incidents::crs`]).
    ///
    /// # Errors
    /// As [`Incidents::to_crs`].
    pub fn to_metric(&self) -> Result<Incidents, CrsError> {
        if self.crs.is_geographic() {
            self.to_crs(Crs::SWEREF99_TM)
        } else {
            Ok(self.clone())
        }
    }

    /// Keeps the incidents for which `keep(i)` is true (the report is kept as it was).
    pub fn filter(&self, mut keep: impl FnMut(usize) -> bool) -> Incidents {
        let mut out = Incidents::empty(self.taxonomy.clone(), self.crs);
        out.report = self.report.clone();
        for i in 0..self.len() {
            if keep(i)
                && let Some(r) = self.get(i)
            {
                out.push_valid(&r);
            }
        }
        out
    }

    fn shrink_to_fit(&mut self) {
        for c in [&mut self.ids, &mut self.place, &mut self.text] {
            c.data.shrink_to_fit();
            c.ends.shrink_to_fit();
        }
        self.time.shrink_to_fit();
        self.category.shrink_to_fit();
        self.x.shrink_to_fit();
        self.y.shrink_to_fit();
        self.organisation.shrink_to_fit();
        self.weight.shrink_to_fit();
        self.flags.shrink_to_fit();
    }

    fn push_valid(&mut self, r: &Incident<'_>) {
        self.ids.push(r.id);
        self.time.push(r.time.timestamp());
        self.category.push(r.category);
        self.x.push(r.x);
        self.y.push(r.y);
        self.organisation.push(r.organisation);
        self.place.push(r.place);
        self.text.push(r.text);
        self.weight.push(r.weight);
        self.flags.push(r.flags);
    }

    /// Earliest and latest time, if any.
    pub fn time_range(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let lo = self.time.iter().min()?;
        let hi = self.time.iter().max()?;
        Some((
            DateTime::from_timestamp(*lo, 0)?,
            DateTime::from_timestamp(*hi, 0)?,
        ))
    }
}

/// The result of reading a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTime {
    /// The instant.
    pub utc: DateTime<Utc>,
    /// [`flags`] that apply (DATE_ONLY, DST_RESOLVED).
    pub flags: u8,
    /// Which DST case applied to a naive local time, if any.
    pub dst: Option<DstCase>,
}

/// A naive local time that does not map to exactly one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DstCase {
    /// Skipped by the spring change (02:xx on the last Sunday of March).
    Gap,
    /// Repeated by the autumn change (02:xx on the last Sunday of October).
    Overlap,
}

/// Reads a timestamp: RFC 3339 / ISO 8601 with an offset or `Z` (also with a space instead
/// of `T`, and polisen.se's `2022-10-05 9:41:24 +02:00`), a naive local date-time (read as
/// Europe/Stockholm), or a date (local midnight).
///
/// Naive times in the spring gap are moved forward by the gap (02:30 → 03:30 CEST), those in
/// the autumn overlap take the earlier instant (CEST): the "compatible" rule of
/// RFC 9557/Temporal. The case is returned so the caller can report it.
///
/// # Errors
/// A message saying which forms are accepted.
pub fn parse_time(text: &str) -> Result<ParsedTime, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("time is empty: expected e.g. 2025-03-14T21:30:00+01:00".into());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(ParsedTime {
            utc: dt.with_timezone(&Utc),
            flags: 0,
            dst: None,
        });
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M %:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(t, fmt) {
            return Ok(ParsedTime {
                utc: dt.with_timezone(&Utc),
                flags: 0,
                dst: None,
            });
        }
    }
    if let Some(rest) = t.strip_suffix('Z').or_else(|| t.strip_suffix('z'))
        && let Some(naive) = parse_naive(rest)
    {
        return Ok(ParsedTime {
            utc: naive.and_utc(),
            flags: 0,
            dst: None,
        });
    }
    if let Some(naive) = parse_naive(t) {
        return Ok(local_to_utc(naive, 0));
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        && let Some(naive) = d.and_hms_opt(0, 0, 0)
    {
        return Ok(local_to_utc(naive, flags::DATE_ONLY));
    }
    Err(format!(
        "cannot read {t:?} as a time: expected ISO 8601 such as 2025-03-14T21:30:00+01:00, \
         2025-03-14T20:30:00Z, a local time 2025-03-14 21:30 (Europe/Stockholm) or a date"
    ))
}

fn parse_naive(t: &str) -> Option<NaiveDateTime> {
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, fmt) {
            return Some(n);
        }
    }
    None
}

fn local_to_utc(naive: NaiveDateTime, flags_in: u8) -> ParsedTime {
    match Stockholm.from_local_datetime(&naive) {
        LocalResult::Single(dt) => ParsedTime {
            utc: dt.with_timezone(&Utc),
            flags: flags_in,
            dst: None,
        },
        LocalResult::Ambiguous(earlier, _) => ParsedTime {
            utc: earlier.with_timezone(&Utc),
            flags: flags_in | flags::DST_RESOLVED,
            dst: Some(DstCase::Overlap),
        },
        LocalResult::None => {
            // Spring gap: the offset before the gap (CET) applied to the wall time gives the
            // instant one gap-length later on the wall clock ("compatible").
            let utc = naive - chrono::Duration::hours(1);
            ParsedTime {
                utc: utc.and_utc(),
                flags: flags_in | flags::DST_RESOLVED,
                dst: Some(DstCase::Gap),
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn system_now() -> Option<DateTime<Utc>> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    DateTime::from_timestamp(i64::try_from(secs).ok()?, 0)
}

#[cfg(target_arch = "wasm32")]
fn system_now() -> Option<DateTime<Utc>> {
    None
}

/// Validates rows one by one and collects every problem.
#[derive(Debug, Clone)]
pub struct IncidentsBuilder {
    out: Incidents,
    options: LoadOptions,
    names: FieldNames,
    now: Option<DateTime<Utc>>,
    seen: HashMap<String, usize>,
    bad_rows: usize,
}

impl IncidentsBuilder {
    /// A builder for positions in `crs`.
    pub fn new(taxonomy: Taxonomy, crs: Crs, options: LoadOptions) -> Self {
        let now = options.now.or_else(system_now);
        IncidentsBuilder {
            out: Incidents::empty(taxonomy, crs),
            options,
            names: FieldNames::default(),
            now,
            seen: HashMap::new(),
            bad_rows: 0,
        }
    }

    /// Uses the input's own column names in error messages.
    pub fn with_field_names(mut self, names: FieldNames) -> Self {
        self.names = names;
        self
    }

    /// The taxonomy in use.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.out.taxonomy
    }

    /// Records a row that a reader could not even parse (e.g. a number that is not a number),
    /// together with any further problems found by validating the rest of the row.
    pub fn reject(&mut self, errors: Vec<RowError>) {
        if !errors.is_empty() {
            self.bad_rows += 1;
        }
        self.out.report.rows_read += 1;
        self.out.report.errors.extend(errors);
    }

    /// Adds a warning for a row that is kept, or for the whole load (line 0).
    pub fn warn(&mut self, line: usize, field: &str, message: String) {
        self.out.report.warnings.push(RowWarning {
            line,
            field: field.to_string(),
            message,
        });
    }

    /// Counts a row that is read but deliberately not loaded (not an error), with the reason
    /// as a warning: nothing is dropped silently.
    pub fn skip(&mut self, line: usize, field: &str, message: String) {
        self.out.report.rows_read += 1;
        self.out.report.skipped += 1;
        self.warn(line, field, message);
    }

    /// Validates one row and keeps it if it is valid. `pre_errors` are problems the reader
    /// already found in this row (e.g. a coordinate that is not a number): they make it
    /// invalid too, are reported with the rest, and their fields are not checked again.
    pub fn push_with(&mut self, row: RowInput, pre_errors: Vec<RowError>) -> bool {
        let mut errs = pre_errors;
        let n = &self.names;
        let line = row.line;
        let err = |field: &str, value: &str, code: &str, message: String| RowError {
            line,
            field: field.to_string(),
            value: value.to_string(),
            message,
            code: code.to_string(),
        };

        // id
        let id = match row.id {
            Some(id) if id.trim().is_empty() => {
                errs.push(err(
                    &n.id,
                    "",
                    "EMPTY_ID",
                    "id is empty: every incident needs an id".into(),
                ));
                String::new()
            }
            Some(id) => id.trim().to_string(),
            None => format!("L{line}"),
        };
        if !id.is_empty()
            && let Some(first) = self.seen.get(&id)
        {
            errs.push(err(
                &n.id,
                &id,
                "DUPLICATE_ID",
                format!("duplicate id {id:?}: already used on line {first}"),
            ));
        }

        // time
        let mut row_flags = row.flags;
        let mut time = None;
        match parse_time(&row.time) {
            Ok(p) => {
                let future = self
                    .now
                    .is_some_and(|now| p.utc.timestamp() > now.timestamp() + FUTURE_TOLERANCE_S);
                if future {
                    errs.push(err(
                        &n.time,
                        &row.time,
                        "FUTURE_TIME",
                        format!(
                            "time {} lies in the future (now is {})",
                            p.utc.to_rfc3339(),
                            self.now.map(|t| t.to_rfc3339()).unwrap_or_default()
                        ),
                    ));
                } else if let Some(case) = p.dst {
                    let what = match case {
                        DstCase::Gap => "does not exist in Europe/Stockholm (spring DST gap)",
                        DstCase::Overlap => "occurs twice in Europe/Stockholm (autumn DST overlap)",
                    };
                    if self.options.reject_ambiguous_local_times {
                        errs.push(err(
                            &n.time,
                            &row.time,
                            "DST_AMBIGUOUS",
                            format!("local time {:?} {what}; give a UTC offset", row.time),
                        ));
                    } else {
                        match case {
                            DstCase::Gap => self.out.report.dst_gap += 1,
                            DstCase::Overlap => self.out.report.dst_overlap += 1,
                        }
                        self.out.report.warnings.push(RowWarning {
                            line,
                            field: n.time.clone(),
                            message: format!(
                                "local time {:?} {what}; read as {} (compatible rule)",
                                row.time,
                                p.utc.to_rfc3339()
                            ),
                        });
                        row_flags |= p.flags;
                        time = Some(p.utc);
                    }
                } else {
                    row_flags |= p.flags;
                    time = Some(p.utc);
                }
            }
            Err(m) => errs.push(err(&n.time, &row.time, "BAD_TIME", m)),
        }

        // category
        let category = match self.out.taxonomy.resolve(&row.category) {
            Ok(c) => Some(c),
            Err(e) => {
                let code = e.code();
                errs.push(err(&n.category, &row.category, code, e.to_string()));
                None
            }
        };

        // position (fields the reader already reported are not reported again)
        let reported = |f: &str| errs.iter().any(|e| e.field == f);
        let (x_done, y_done, w_done) = (reported(&n.x), reported(&n.y), reported(&n.weight));
        let (x, y) = match (row.x, row.y) {
            _ if x_done || y_done => (f64::NAN, f64::NAN),
            (Some(x), Some(y)) => match self.out.crs.check(x, y) {
                Ok(_) => (x, y),
                Err(e) => {
                    let (field, value) = match &e {
                        CrsError::NotFinite { .. } if !x.is_finite() => {
                            (n.x.clone(), x.to_string())
                        }
                        CrsError::NotFinite { .. } => (n.y.clone(), y.to_string()),
                        _ => (format!("{}/{}", n.x, n.y), format!("{x}, {y}")),
                    };
                    errs.push(err(&field, &value, crs_row_code(&e), e.to_string()));
                    (f64::NAN, f64::NAN)
                }
            },
            (mx, my) => {
                if mx.is_none() {
                    errs.push(err(
                        &n.x,
                        "",
                        "MISSING_COORDINATE",
                        format!("{} is missing", n.x),
                    ));
                }
                if my.is_none() {
                    errs.push(err(
                        &n.y,
                        "",
                        "MISSING_COORDINATE",
                        format!("{} is missing", n.y),
                    ));
                }
                (f64::NAN, f64::NAN)
            }
        };

        // organisation
        let org_text = row.organisation.unwrap_or_default();
        let organisation = match Organisation::parse(&org_text) {
            Some(o) => o,
            None => {
                errs.push(err(
                    &n.organisation,
                    &org_text,
                    "UNKNOWN_ORGANISATION",
                    format!(
                        "unknown organisation {org_text:?}: expected one of kommun, polis, \
                         fastighetsagare, vaktbolag, handel, raddningstjanst, ovrig (or empty)"
                    ),
                ));
                Organisation::Okand
            }
        };

        // weight
        let weight = row.weight.unwrap_or(1.0);
        if !w_done && (!weight.is_finite() || weight < 0.0) {
            errs.push(err(
                &n.weight,
                &weight.to_string(),
                "BAD_WEIGHT",
                "weight must be a finite number ≥ 0".into(),
            ));
        }

        self.out.report.rows_read += 1;
        if !errs.is_empty() {
            self.bad_rows += 1;
            self.out.report.errors.extend(errs);
            return false;
        }
        let (Some(time), Some(category)) = (time, category) else {
            return false;
        };
        if self.options.approximate_positions {
            row_flags |= flags::APPROX_POSITION;
        }
        self.seen.insert(id.clone(), line);
        self.out.push_valid(&Incident {
            id: &id,
            time,
            category,
            x,
            y,
            organisation,
            place: row.place.as_deref().unwrap_or("").trim(),
            weight,
            text: row.text.as_deref().unwrap_or(""),
            flags: row_flags,
        });
        true
    }

    /// Validates one row (see [`IncidentsBuilder::push_with`]). Returns whether it was kept.
    pub fn push(&mut self, row: RowInput) -> bool {
        self.push_with(row, Vec::new())
    }

    /// Finishes the load.
    ///
    /// # Errors
    /// [`LoadError::InvalidRows`] with every problem when a row is bad and the policy is
    /// [`OnError::Raise`]; [`LoadError::Empty`] when no rows were read at all.
    pub fn finish(mut self) -> Result<Incidents, LoadError> {
        let report = &mut self.out.report;
        if report.rows_read == 0 {
            return Err(LoadError::Empty);
        }
        if self.bad_rows > 0 && self.options.on_error == OnError::Raise {
            return Err(LoadError::InvalidRows {
                errors: std::mem::take(&mut report.errors),
                rows_read: report.rows_read,
            });
        }
        self.out.report.rows_kept = self.out.len();
        self.out.shrink_to_fit();
        Ok(self.out)
    }
}

fn crs_row_code(e: &CrsError) -> &'static str {
    match e {
        CrsError::NotFinite { .. } => "NOT_FINITE",
        CrsError::NullIsland => "NULL_ISLAND",
        CrsError::ProbableSwap { .. } => "PROBABLE_SWAP",
        CrsError::OutOfArea { .. } => "OUT_OF_AREA",
        other => other.code(),
    }
}

/// Converts a taxonomy error on one field into a [`RowError`].
pub fn taxonomy_row_error(line: usize, field: &str, value: &str, e: &TaxonomyError) -> RowError {
    RowError {
        line,
        field: field.to_string(),
        value: value.to_string(),
        message: e.to_string(),
        code: e.code().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, id: &str, time: &str, cat: &str, x: f64, y: f64) -> RowInput {
        RowInput {
            line,
            id: Some(id.into()),
            time: time.into(),
            category: cat.into(),
            x: Some(x),
            y: Some(y),
            ..RowInput::default()
        }
    }

    fn opts(on_error: OnError) -> LoadOptions {
        LoadOptions {
            on_error,
            now: DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                .ok()
                .map(|d| d.into()),
            ..LoadOptions::default()
        }
    }

    #[test]
    fn methods_md_time_goldens() {
        // methods.md §1.2: naive local times and offsets.
        let p = parse_time("2026-03-29 02:30").unwrap();
        assert_eq!(p.dst, Some(DstCase::Gap));
        assert_eq!(p.utc.to_rfc3339(), "2026-03-29T01:30:00+00:00"); // 03:30 CEST
        let p = parse_time("2025-10-26 02:30").unwrap();
        assert_eq!(p.dst, Some(DstCase::Overlap));
        assert_eq!(p.utc.to_rfc3339(), "2025-10-26T00:30:00+00:00"); // earlier, +02
        let p = parse_time("2025-01-06 00:30").unwrap();
        assert_eq!(p.utc.to_rfc3339(), "2025-01-05T23:30:00+00:00");
        let p = parse_time("2022-10-05 9:41:24 +02:00").unwrap();
        assert_eq!(p.utc.to_rfc3339(), "2022-10-05T07:41:24+00:00");
        assert_eq!(parse_time("2016-01-03").unwrap().flags, flags::DATE_ONLY);
        assert!(parse_time("14/03/2025").is_err());
    }

    #[test]
    fn every_bad_row_is_reported_and_good_rows_kept() {
        let mut b = IncidentsBuilder::new(
            Taxonomy::default(),
            Crs::SWEREF99_TM,
            opts(OnError::Collect),
        );
        b.push(row(
            2,
            "a",
            "2025-01-01T10:00:00Z",
            "klotter",
            674_000.0,
            6_581_000.0,
        ));
        b.push(row(
            3,
            "a",
            "2025-01-01T10:00:00Z",
            "klotter",
            674_000.0,
            6_581_000.0,
        ));
        b.push(row(
            4,
            "b",
            "2030-01-01T10:00:00Z",
            "klotr",
            f64::NAN,
            6_581_000.0,
        ));
        b.push(row(
            5,
            "c",
            "2025-01-01T10:00:00Z",
            "",
            6_581_000.0,
            674_000.0,
        ));
        let inc = b.finish().unwrap();
        assert_eq!(inc.len(), 1);
        let r = inc.report();
        assert_eq!(r.rows_read, 4);
        assert_eq!(r.bad_lines(), vec![3, 4, 5]);
        let codes: Vec<&str> = r.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "DUPLICATE_ID",
                "FUTURE_TIME",
                "UNKNOWN_CATEGORY",
                "NOT_FINITE",
                "EMPTY_CATEGORY",
                "PROBABLE_SWAP"
            ]
        );
    }

    #[test]
    fn raise_lists_everything() {
        let mut b =
            IncidentsBuilder::new(Taxonomy::default(), Crs::SWEREF99_TM, opts(OnError::Raise));
        b.push(row(2, "a", "nonsense", "klotter", 674_000.0, 6_581_000.0));
        b.push(row(3, "b", "2025-01-01", "hot", 0.0, 0.0));
        let e = b.finish().unwrap_err();
        assert_eq!(e.row_errors().len(), 2);
        assert!(e.to_string().contains("line 3"), "{e}");
    }
}
