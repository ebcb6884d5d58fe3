//! Calendar periods in Europe/Stockholm local time: days, ISO weeks, months, quarters,
//! tertials, years and custom blocks, as half-open UTC intervals (method reference §1.2).
//!
//! Every incident is stored as a UTC instant; its calendar keys (the ISO week, the day, the
//! month …) are those of its **local** Stockholm wall-clock time, so a burglary at 00:30 on
//! Monday 6 January 2025 (23:30 UTC on Sunday) belongs to week 2025-W02, not 2025-W01.
//!
//! # Definition
//!
//! A bin is the half-open interval `[start, end)` between two local midnights (or, for a
//! custom period, two local wall-clock times `length_days` calendar days apart), converted to
//! UTC with the bundled IANA time-zone database. Across a DST change a day therefore lasts 23
//! or 25 hours and a week 167 or 169 hours.
//!
//! | Kind | Bins | Label |
//! |---|---|---|
//! | [`PeriodKind::Day`] | local calendar days | `2026-11-23` |
//! | [`PeriodKind::IsoWeek`] | ISO 8601 weeks, Monday–Sunday; week 1 holds the year's first Thursday | `2026-W47` |
//! | [`PeriodKind::Month`] | calendar months | `2026-11` |
//! | [`PeriodKind::Quarter`] | Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec | `2026-Q4` |
//! | [`PeriodKind::Tertial`] | Jan–Apr, May–Aug, Sep–Dec (the Swedish municipal reporting unit) | `2026-T3` |
//! | [`PeriodKind::Year`] | calendar years | `2026` |
//! | [`PeriodKind::Custom`] | `[origin + k·length_days, origin + (k+1)·length_days)` in local calendar days | start date, e.g. `2026-01-05` |
//!
//! # Defaults
//!
//! The EST cadence: ISO weeks for the weekly lägesbild and the early warning, tertials or
//! quarters for the area analysis. [`sfhotspot_period_rule`] reproduces sfhotspot's automatic
//! period for its hot-spot classification.
//!
//! # Partial periods
//!
//! [`Periods::covering`] keeps every bin that touches the requested window; a bin only partly
//! inside it has `coverage < 1` (the share of its duration inside the window), to be used as
//! exposure by rates (method reference §1.2, policy `Keep`).
//!
//! # Example
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use est_core::trend::period::{iso_week, PeriodKind, Periods};
//!
//! // 23:30 UTC on Sunday 5 January 2025 is 00:30 on Monday in Stockholm.
//! let t = Utc.with_ymd_and_hms(2025, 1, 5, 23, 30, 0).unwrap();
//! assert_eq!(iso_week(t.timestamp()), (2025, 2));
//!
//! // Tertials of 2026, the last one only half requested.
//! let from = Utc.with_ymd_and_hms(2025, 12, 31, 23, 0, 0).unwrap(); // local 2026-01-01 00:00
//! let to = Utc.with_ymd_and_hms(2026, 10, 31, 23, 0, 0).unwrap(); // local 2026-11-01 00:00
//! let p = Periods::covering(PeriodKind::parse("tertial")?, from, to)?;
//! let labels: Vec<&str> = p.bins.iter().map(|b| b.label.as_str()).collect();
//! assert_eq!(labels, ["2026-T1", "2026-T2", "2026-T3"]);
//! assert_eq!(p.bins[0].coverage, 1.0);
//! assert!(p.bins[2].coverage > 0.49 && p.bins[2].coverage < 0.51);
//! assert_eq!(p.index_of(to.timestamp() - 1), Some(2));
//! # Ok::<(), est_core::trend::TrendError>(())
//! ```
//!
//! # Citation
//!
//! ISO 8601-1:2019 (week dates); IANA Time Zone Database (`Europe/Stockholm`); Ashby, M.
//! sfhotspot 1.0.0 (automatic period of `hotspot_classify`).

use super::TrendError;
use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime,
    TimeZone, Timelike, Utc,
};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};

/// The time zone in which every calendar key is computed.
pub const ZONE: &str = "Europe/Stockholm";

/// The largest number of bins [`Periods::covering`] builds (an est limit: 100 000 days are
/// 274 years).
pub const MAX_BINS: usize = 100_000;

/// The origin of the custom periods chosen by [`sfhotspot_period_rule`]: Monday 1970-01-05
/// 00:00 in Stockholm (1970-01-04T23:00:00Z), so that its blocks start on local Mondays.
pub const MONDAY_ORIGIN_UTC_SECONDS: i64 = 345_600 - 3_600;

/// The kind of calendar period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Local calendar days.
    Day,
    /// ISO 8601 weeks (Monday–Sunday), labelled with the ISO week-year.
    IsoWeek,
    /// Calendar months.
    Month,
    /// Quarters (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec).
    Quarter,
    /// Tertials (Jan–Apr, May–Aug, Sep–Dec).
    Tertial,
    /// Calendar years.
    Year,
    /// Blocks of `length_days` local calendar days starting at `origin`'s local wall-clock
    /// time (e.g. 28-day blocks anchored on a Monday midnight).
    Custom {
        /// Any instant at which a block starts.
        origin: DateTime<Utc>,
        /// Length of a block in calendar days (at least 1).
        length_days: u32,
    },
}

impl PeriodKind {
    /// Reads a period name: `day`, `week`, `month`, `quarter`, `tertial`, `year` or the
    /// Swedish `dag`, `vecka`, `månad`, `kvartal`, `tertial`, `år` (case and surrounding
    /// blanks ignored; `iso_week`, `manad` and `ar` are accepted too).
    ///
    /// # Errors
    /// [`TrendError::InvalidParameter`] (`period`) for any other text; custom periods are
    /// built as [`PeriodKind::Custom`] directly.
    pub fn parse(s: &str) -> Result<PeriodKind, TrendError> {
        let key = s.trim().to_lowercase();
        Ok(match key.as_str() {
            "day" | "dag" | "d" => PeriodKind::Day,
            "week" | "iso_week" | "isoweek" | "vecka" | "w" => PeriodKind::IsoWeek,
            "month" | "månad" | "manad" | "m" => PeriodKind::Month,
            "quarter" | "kvartal" | "q" => PeriodKind::Quarter,
            "tertial" | "t" => PeriodKind::Tertial,
            "year" | "år" | "ar" | "y" => PeriodKind::Year,
            _ => {
                return Err(TrendError::InvalidParameter {
                    name: "period".into(),
                    value: s.to_string(),
                    expected: "one of day, week, month, quarter, tertial, year (dag, vecka, \
                               månad, kvartal, tertial, år)"
                        .into(),
                });
            }
        })
    }

    /// The English name: `day`, `week`, `month`, `quarter`, `tertial`, `year` or `custom`.
    pub fn name(&self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::IsoWeek => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Tertial => "tertial",
            PeriodKind::Year => "year",
            PeriodKind::Custom { .. } => "custom",
        }
    }

    /// The same kind with another origin (only changes [`PeriodKind::Custom`]).
    pub fn anchored(self, origin: DateTime<Utc>) -> PeriodKind {
        match self {
            PeriodKind::Custom { length_days, .. } => PeriodKind::Custom {
                origin,
                length_days,
            },
            other => other,
        }
    }

    /// The shortest possible bin in seconds (a DST day lasts 23 hours).
    fn min_seconds(&self) -> i64 {
        let days: i64 = match self {
            PeriodKind::Day => 1,
            PeriodKind::IsoWeek => 7,
            PeriodKind::Month => 28,
            PeriodKind::Quarter => 89,
            PeriodKind::Tertial => 120,
            PeriodKind::Year => 365,
            PeriodKind::Custom { length_days, .. } => i64::from(*length_days),
        };
        days * 86_400 - 3_600
    }
}

/// One period: a half-open interval of UTC instants with its label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// `2026-W47`, `2026-11-23`, `2026-11`, `2026-T3`, `2026-Q4`, `2026`; a custom block is
    /// labelled by its local start date (and time, when it is not midnight).
    pub label: String,
    /// First instant (a local midnight for calendar periods, in UTC).
    pub start: DateTime<Utc>,
    /// First instant after the bin (exclusive).
    pub end: DateTime<Utc>,
    /// Share of the bin's duration inside the requested window; 1 for full bins.
    pub coverage: f64,
}

impl Bin {
    /// Whether the instant (UTC seconds) lies in `[start, end)`.
    pub fn contains(&self, t_utc_seconds: i64) -> bool {
        self.start.timestamp() <= t_utc_seconds && t_utc_seconds < self.end.timestamp()
    }

    /// Length in seconds (86 400 for an ordinary day, 82 800 and 90 000 on DST days).
    pub fn seconds(&self) -> i64 {
        self.end.timestamp() - self.start.timestamp()
    }
}

/// Consecutive periods of one kind, in time order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Periods {
    /// The kind of every bin.
    pub kind: PeriodKind,
    /// The time zone of the calendar: always [`ZONE`], `"Europe/Stockholm"`.
    pub zone: String,
    /// The bins, contiguous and in time order.
    pub bins: Vec<Bin>,
}

impl Periods {
    /// Every bin of `kind` touching `[from, to)`. The first and last bin may stick out of the
    /// window; their `coverage` is then below 1.
    ///
    /// # Errors
    /// [`TrendError::InvalidParameter`] when `to ≤ from`, for a custom length of 0 days or for
    /// instants outside the supported calendar; [`TrendError::TooLarge`] above
    /// [`MAX_BINS`] bins.
    pub fn covering(
        kind: PeriodKind,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Periods, TrendError> {
        if to <= from {
            return Err(TrendError::InvalidParameter {
                name: "to".into(),
                value: to.to_rfc3339(),
                expected: format!("an instant after from ({})", from.to_rfc3339()),
            });
        }
        if let PeriodKind::Custom { length_days: 0, .. } = kind {
            return Err(TrendError::InvalidParameter {
                name: "length_days".into(),
                value: "0".into(),
                expected: "at least 1 day".into(),
            });
        }
        let (f, t) = (from.timestamp(), to.timestamp());
        let estimate = (t - f) / kind.min_seconds().max(1) + 2;
        if estimate > MAX_BINS as i64 {
            return Err(TrendError::TooLarge {
                what: format!("number of {} periods", kind.name()),
                n: u64::try_from(estimate).unwrap_or(u64::MAX),
                max: MAX_BINS as u64,
                hint: "choose a longer period or a shorter window".into(),
            });
        }
        let out_of_range = |name: &str, at: DateTime<Utc>| TrendError::InvalidParameter {
            name: name.into(),
            value: at.to_rfc3339(),
            expected: "an instant within the supported calendar".into(),
        };
        let mut start = containing_start(kind, f).ok_or_else(|| out_of_range("from", from))?;
        let mut s_utc = local_to_utc(start).ok_or_else(|| out_of_range("from", from))?;
        let mut bins = Vec::new();
        loop {
            let next = advance(kind, start).ok_or_else(|| out_of_range("to", to))?;
            let e_utc = local_to_utc(next).ok_or_else(|| out_of_range("to", to))?;
            let (s, e) = (s_utc.timestamp(), e_utc.timestamp());
            let overlap = e.min(t) - s.max(f);
            let coverage = if s >= f && e <= t {
                1.0
            } else {
                overlap as f64 / (e - s) as f64
            };
            bins.push(Bin {
                label: label(kind, start),
                start: s_utc,
                end: e_utc,
                coverage,
            });
            if e >= t || bins.len() > MAX_BINS {
                break;
            }
            start = next;
            s_utc = e_utc;
        }
        Ok(Periods {
            kind,
            zone: ZONE.to_string(),
            bins,
        })
    }

    /// `n` complete ISO weeks, the last one containing `last_week_containing` (local time):
    /// the weekly lägesbild's period and its baseline.
    ///
    /// # Errors
    /// [`TrendError::InvalidParameter`] for `n = 0` or an instant outside the calendar;
    /// [`TrendError::TooLarge`] above [`MAX_BINS`] weeks.
    pub fn weeks_ending(
        last_week_containing: DateTime<Utc>,
        n: usize,
    ) -> Result<Periods, TrendError> {
        if n == 0 {
            return Err(TrendError::InvalidParameter {
                name: "n".into(),
                value: "0".into(),
                expected: "at least 1 week".into(),
            });
        }
        if n > MAX_BINS {
            return Err(TrendError::TooLarge {
                what: "number of weeks".into(),
                n: n as u64,
                max: MAX_BINS as u64,
                hint: "ask for fewer weeks".into(),
            });
        }
        let bad = || TrendError::InvalidParameter {
            name: "last_week_containing".into(),
            value: last_week_containing.to_rfc3339(),
            expected: "an instant within the supported calendar".into(),
        };
        let monday = monday_of(local_date(last_week_containing.timestamp()));
        let first = monday
            .checked_sub_days(Days::new(7 * (n as u64 - 1)))
            .ok_or_else(bad)?;
        let after = monday.checked_add_days(Days::new(7)).ok_or_else(bad)?;
        let from = local_midnight(first).ok_or_else(bad)?;
        let to = local_midnight(after).ok_or_else(bad)?;
        Periods::covering(PeriodKind::IsoWeek, from, to)
    }

    /// The bin containing the instant (UTC seconds), by binary search; `None` before the first
    /// or at/after the end of the last bin.
    pub fn index_of(&self, t_utc_seconds: i64) -> Option<usize> {
        let k = self
            .bins
            .partition_point(|b| b.start.timestamp() <= t_utc_seconds);
        let i = k.checked_sub(1)?;
        self.bins
            .get(i)
            .filter(|b| t_utc_seconds < b.end.timestamp())
            .map(|_| i)
    }

    /// Number of bins.
    pub fn len(&self) -> usize {
        self.bins.len()
    }

    /// Whether there are no bins.
    pub fn is_empty(&self) -> bool {
        self.bins.is_empty()
    }

    /// The labels, in order.
    pub fn labels(&self) -> Vec<String> {
        self.bins.iter().map(|b| b.label.clone()).collect()
    }

    /// Start of the first bin and end of the last, if any.
    pub fn span(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        Some((self.bins.first()?.start, self.bins.last()?.end))
    }
}

/// ISO week-year and week number (1–53) of the Stockholm local date of the instant.
///
/// ```
/// use est_core::trend::period::iso_week;
/// // 2021-01-03T22:59:59Z is Sunday 23:59:59 local: still 2020-W53.
/// assert_eq!(iso_week(1_609_714_799), (2020, 53));
/// assert_eq!(iso_week(1_609_714_800), (2021, 1));
/// ```
pub fn iso_week(t_utc_seconds: i64) -> (i32, u32) {
    let w = local_date(t_utc_seconds).iso_week();
    (w.year(), w.week())
}

/// The Stockholm local calendar date of the instant (UTC seconds). Instants outside chrono's
/// calendar (±262 000 years) give its first or last date.
pub fn local_date(t_utc_seconds: i64) -> NaiveDate {
    local_datetime(t_utc_seconds).date()
}

/// The Stockholm local wall-clock time of the instant (UTC seconds); clamped like
/// [`local_date`].
pub fn local_datetime(t_utc_seconds: i64) -> NaiveDateTime {
    match DateTime::<Utc>::from_timestamp(t_utc_seconds, 0) {
        Some(t) => t.with_timezone(&Stockholm).naive_local(),
        None if t_utc_seconds < 0 => NaiveDateTime::MIN,
        None => NaiveDateTime::MAX,
    }
}

/// The UTC instant of a Stockholm wall-clock time, resolved "compatible" (method reference
/// §1.2): an ambiguous time (autumn 02:xx) takes the earlier instant (CEST), a time in the
/// spring gap moves forward by the gap (02:30 → 03:30 CEST). `None` outside the calendar.
pub fn local_to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let mut probe = local;
    // The gap is one hour in Stockholm; allow up to three for safety.
    for _ in 0..4 {
        match Stockholm.from_local_datetime(&probe) {
            LocalResult::Single(t) => return Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, _) => return Some(a.with_timezone(&Utc)),
            LocalResult::None => probe = probe.checked_add_signed(Duration::hours(1))?,
        }
    }
    None
}

/// Local midnight at the start of `date`, in UTC (`None` outside the calendar).
pub fn local_midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    local_to_utc(date.and_time(NaiveTime::MIN))
}

/// The Monday of the ISO week of `d`.
pub(crate) fn monday_of(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(NaiveDate::MIN)
}

/// sfhotspot's automatic period length for `hotspot_classify` (method reference §1.2, ✔ code
/// read), for data spanning `span_days` days:
///
/// | span | sfhotspot | est |
/// |---|---|---|
/// | ≤ 14 d | 1 day | [`PeriodKind::Day`] |
/// | ≤ 91 d | 7 days | [`PeriodKind::IsoWeek`] |
/// | ≤ 732 d | 28 days | `Custom { length_days: 28 }` |
/// | ≤ 3 653 d | 91 days | `Custom { length_days: 91 }` |
/// | ≤ 7 306 d | 1 year | [`PeriodKind::Year`] |
/// | longer | span / 10 | `Custom { length_days: ⌈span/10⌉ }` |
///
/// # Deviations
/// sfhotspot cuts from the first incident's time; est's weeks are ISO weeks and its years
/// calendar years, and the custom blocks start on local Mondays at midnight (origin
/// [`MONDAY_ORIGIN_UTC_SECONDS`]; move it with [`PeriodKind::anchored`] or use
/// [`sfhotspot_period_for`], which anchors on the Monday on or before the first instant).
/// A span that is not a positive number gives [`PeriodKind::Day`].
///
/// ```
/// use est_core::trend::period::{sfhotspot_period_rule, PeriodKind};
/// assert_eq!(sfhotspot_period_rule(10.0), PeriodKind::Day);
/// assert_eq!(sfhotspot_period_rule(91.0), PeriodKind::IsoWeek);
/// assert!(matches!(sfhotspot_period_rule(489.0), PeriodKind::Custom { length_days: 28, .. }));
/// ```
pub fn sfhotspot_period_rule(span_days: f64) -> PeriodKind {
    let monday = DateTime::<Utc>::from_timestamp(MONDAY_ORIGIN_UTC_SECONDS, 0)
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let custom = |length_days: u32| PeriodKind::Custom {
        origin: monday,
        length_days,
    };
    if span_days.is_nan() || span_days <= 14.0 {
        PeriodKind::Day
    } else if span_days <= 91.0 {
        PeriodKind::IsoWeek
    } else if span_days <= 732.0 {
        custom(28)
    } else if span_days <= 3_653.0 {
        custom(91)
    } else if span_days <= 7_306.0 {
        PeriodKind::Year
    } else {
        let days = (span_days / 10.0).ceil().min(f64::from(u32::MAX));
        custom(days as u32)
    }
}

/// [`sfhotspot_period_rule`] for the span `[from, to]`, with custom blocks anchored on the
/// local Monday midnight on or before `from` (method reference §1.2: "4-week blocks anchored
/// on a Monday").
pub fn sfhotspot_period_for(from: DateTime<Utc>, to: DateTime<Utc>) -> PeriodKind {
    let span_days = (to.timestamp() - from.timestamp()) as f64 / 86_400.0;
    let kind = sfhotspot_period_rule(span_days);
    match local_midnight(monday_of(local_date(from.timestamp()))) {
        Some(origin) => kind.anchored(origin),
        None => kind,
    }
}

/// Local start of the bin of `kind` containing the instant.
fn containing_start(kind: PeriodKind, t: i64) -> Option<NaiveDateTime> {
    let date = local_date(t);
    let midnight = |d: NaiveDate| Some(d.and_time(NaiveTime::MIN));
    let first_of = |month0: u32| NaiveDate::from_ymd_opt(date.year(), month0 + 1, 1);
    let m0 = date.month0();
    match kind {
        PeriodKind::Day => midnight(date),
        PeriodKind::IsoWeek => midnight(monday_of(date)),
        PeriodKind::Month => midnight(first_of(m0)?),
        PeriodKind::Quarter => midnight(first_of(m0 / 3 * 3)?),
        PeriodKind::Tertial => midnight(first_of(m0 / 4 * 4)?),
        PeriodKind::Year => midnight(first_of(0)?),
        PeriodKind::Custom {
            origin,
            length_days,
        } => {
            let o = local_datetime(origin.timestamp());
            let len = i64::from(length_days.max(1));
            let k0 = (local_datetime(t) - o)
                .num_seconds()
                .div_euclid(len * 86_400);
            let start_k = |k: i64| o.checked_add_signed(Duration::days(k.checked_mul(len)?));
            let mut k = k0;
            // The local difference can be off by the DST hour: correct with real instants.
            for _ in 0..3 {
                if local_to_utc(start_k(k)?)?.timestamp() > t {
                    k -= 1;
                } else if local_to_utc(start_k(k + 1)?)?.timestamp() <= t {
                    k += 1;
                } else {
                    break;
                }
            }
            start_k(k)
        }
    }
}

/// Local start of the bin after the one starting at `start`.
fn advance(kind: PeriodKind, start: NaiveDateTime) -> Option<NaiveDateTime> {
    match kind {
        PeriodKind::Day => start.checked_add_days(Days::new(1)),
        PeriodKind::IsoWeek => start.checked_add_days(Days::new(7)),
        PeriodKind::Month => start.checked_add_months(Months::new(1)),
        PeriodKind::Quarter => start.checked_add_months(Months::new(3)),
        PeriodKind::Tertial => start.checked_add_months(Months::new(4)),
        PeriodKind::Year => start.checked_add_months(Months::new(12)),
        PeriodKind::Custom { length_days, .. } => {
            start.checked_add_days(Days::new(u64::from(length_days.max(1))))
        }
    }
}

/// The ISO week of a date as a label, `"2026-W47"` (the ISO week-year may differ from the
/// calendar year).
pub fn iso_week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The label of the bin starting at the local time `start`.
fn label(kind: PeriodKind, start: NaiveDateTime) -> String {
    let d = start.date();
    match kind {
        PeriodKind::Day => d.format("%Y-%m-%d").to_string(),
        PeriodKind::IsoWeek => iso_week_label(d),
        PeriodKind::Month => d.format("%Y-%m").to_string(),
        PeriodKind::Quarter => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
        PeriodKind::Tertial => format!("{}-T{}", d.year(), d.month0() / 4 + 1),
        PeriodKind::Year => format!("{}", d.year()),
        PeriodKind::Custom { .. } => {
            if start.time() == NaiveTime::MIN {
                d.format("%Y-%m-%d").to_string()
            } else if start.second() == 0 {
                start.format("%Y-%m-%d %H:%M").to_string()
            } else {
                start.format("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// Method reference §1.2 golden table (Python `zoneinfo`, IANA tzdb).
    #[test]
    fn golden_iso_weeks_in_local_time() {
        let cases = [
            ("2025-01-05T23:30:00Z", "2025-01-06 00:30", (2025, 2)),
            ("2024-12-29T23:30:00Z", "2024-12-30 00:30", (2025, 1)),
            ("2021-01-03T22:59:59Z", "2021-01-03 23:59", (2020, 53)),
            ("2021-01-03T23:00:00Z", "2021-01-04 00:00", (2021, 1)),
            ("2026-03-29T00:59:59Z", "2026-03-29 01:59", (2026, 13)),
            ("2026-03-29T01:00:00Z", "2026-03-29 03:00", (2026, 13)),
            ("2025-10-26T00:30:00Z", "2025-10-26 02:30", (2025, 43)),
            ("2025-10-26T01:30:00Z", "2025-10-26 02:30", (2025, 43)),
        ];
        for (instant, local, week) in cases {
            let t = utc(instant).timestamp();
            assert_eq!(iso_week(t), week, "{instant}");
            assert_eq!(
                local_datetime(t).format("%Y-%m-%d %H:%M").to_string(),
                local,
                "{instant}"
            );
        }
        // The "if UTC were used" column differs for the first rows: local time matters.
        let t = utc("2025-01-05T23:30:00Z");
        let w = t.date_naive().iso_week();
        assert_eq!((w.year(), w.week()), (2025, 1));
    }

    #[test]
    fn years_with_53_weeks() {
        for year in 2015..=2032 {
            let dec28 = NaiveDate::from_ymd_opt(year, 12, 28).unwrap();
            let t = local_midnight(dec28).unwrap().timestamp() + 12 * 3_600;
            let weeks = iso_week(t).1;
            let expected = if [2015, 2020, 2026, 2032].contains(&year) {
                53
            } else {
                52
            };
            assert_eq!(weeks, expected, "{year}");
        }
        // A whole ISO year of weeks: 2026 has 53.
        let from =
            local_midnight(NaiveDate::from_isoywd_opt(2026, 1, chrono::Weekday::Mon).unwrap())
                .unwrap();
        let to = local_midnight(NaiveDate::from_isoywd_opt(2027, 1, chrono::Weekday::Mon).unwrap())
            .unwrap();
        let p = Periods::covering(PeriodKind::IsoWeek, from, to).unwrap();
        assert_eq!(p.len(), 53);
        assert_eq!(p.bins[52].label, "2026-W53");
        assert_eq!(p.bins[0].label, "2026-W01");
        assert_eq!(p.bins[0].start, utc("2025-12-28T23:00:00Z"));
    }

    #[test]
    fn dst_days_and_weeks_have_local_lengths() {
        let from = utc("2026-03-27T23:00:00Z"); // Sat 2026-03-28 00:00 CET
        let to = utc("2026-03-30T22:00:00Z"); // Tue 2026-03-31 00:00 CEST
        let p = Periods::covering(PeriodKind::Day, from, to).unwrap();
        let secs: Vec<i64> = p.bins.iter().map(Bin::seconds).collect();
        assert_eq!(secs, [86_400, 82_800, 86_400]);
        assert_eq!(p.bins[1].label, "2026-03-29");
        assert_eq!(p.bins[1].end, utc("2026-03-29T22:00:00Z"));
        assert!(p.bins.iter().all(|b| b.coverage == 1.0));
        // Autumn: the week of 2025-10-26 lasts 169 hours.
        let w = Periods::weeks_ending(utc("2025-10-26T12:00:00Z"), 2).unwrap();
        assert_eq!(w.labels(), ["2025-W42".to_string(), "2025-W43".to_string()]);
        assert_eq!(w.bins[0].seconds(), 168 * 3_600);
        assert_eq!(w.bins[1].seconds(), 169 * 3_600);
        assert_eq!(w.bins[1].end, utc("2025-10-26T23:00:00Z"));
    }

    #[test]
    fn bins_are_half_open_and_contiguous() {
        let p = Periods::covering(
            PeriodKind::Month,
            utc("2025-12-31T23:00:00Z"),
            utc("2026-12-31T23:00:00Z"),
        )
        .unwrap();
        assert_eq!(p.len(), 12);
        assert_eq!(p.bins[11].label, "2026-12");
        for pair in p.bins.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        let b = p.bins[2].start.timestamp(); // 2026-03-01 00:00 local
        assert_eq!(p.index_of(b), Some(2));
        assert_eq!(p.index_of(b - 1), Some(1));
        assert_eq!(p.index_of(p.bins[0].start.timestamp() - 1), None);
        assert_eq!(p.index_of(p.bins[11].end.timestamp()), None);
        assert_eq!(p.index_of(p.bins[11].end.timestamp() - 1), Some(11));
        assert!(!p.bins[2].contains(p.bins[2].end.timestamp()));
    }

    #[test]
    fn labels_of_every_kind() {
        let t = utc("2026-11-23T10:00:00Z");
        let to = t + Duration::seconds(1);
        let one = |k: PeriodKind| Periods::covering(k, t, to).unwrap().bins[0].label.clone();
        assert_eq!(one(PeriodKind::Day), "2026-11-23");
        assert_eq!(one(PeriodKind::IsoWeek), "2026-W48");
        assert_eq!(one(PeriodKind::Month), "2026-11");
        assert_eq!(one(PeriodKind::Quarter), "2026-Q4");
        assert_eq!(one(PeriodKind::Tertial), "2026-T3");
        assert_eq!(one(PeriodKind::Year), "2026");
        let origin = local_midnight(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()).unwrap();
        let c = Periods::covering(
            PeriodKind::Custom {
                origin,
                length_days: 28,
            },
            t,
            to,
        )
        .unwrap();
        // 2026-01-05 + 11·28 days = 2026-11-09.
        assert_eq!(c.bins[0].label, "2026-11-09");
        assert_eq!(c.bins[0].start, utc("2026-11-08T23:00:00Z"));
        assert_eq!(c.bins[0].end, utc("2026-12-06T23:00:00Z"));
        let tiny = c.bins[0].coverage;
        assert!(tiny > 0.0 && tiny < 1e-6);
    }

    #[test]
    fn custom_blocks_across_dst_start_at_local_midnight() {
        let origin = local_midnight(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()).unwrap();
        let kind = PeriodKind::Custom {
            origin,
            length_days: 28,
        };
        let p = Periods::covering(kind, origin, utc("2026-12-01T00:00:00Z")).unwrap();
        for b in &p.bins {
            assert_eq!(local_datetime(b.start.timestamp()).time(), NaiveTime::MIN);
            assert_eq!(
                local_date(b.start.timestamp()).weekday(),
                chrono::Weekday::Mon
            );
        }
        // A window ending before the origin still works (negative k).
        let early = Periods::covering(kind, utc("2025-06-01T00:00:00Z"), origin).unwrap();
        assert_eq!(early.bins.last().unwrap().end, origin);
    }

    #[test]
    fn partial_bins_carry_their_coverage() {
        // 2026-T1 is Jan–Apr (120 days, one of them 23 h long); ask from local 2026-03-01.
        let from = utc("2026-02-28T23:00:00Z");
        let to = utc("2026-06-30T22:00:00Z"); // local 2026-07-01 00:00
        let p = Periods::covering(PeriodKind::Tertial, from, to).unwrap();
        assert_eq!(p.labels(), ["2026-T1".to_string(), "2026-T2".to_string()]);
        let t1 = &p.bins[0];
        let inside = (t1.end - from).num_seconds() as f64;
        assert_eq!(t1.coverage, inside / t1.seconds() as f64);
        let t2 = &p.bins[1];
        assert_eq!(
            t2.coverage,
            (to - t2.start).num_seconds() as f64 / t2.seconds() as f64
        );
    }

    #[test]
    fn errors_carry_values() {
        let t = utc("2026-01-01T00:00:00Z");
        assert!(matches!(
            Periods::covering(PeriodKind::Day, t, t),
            Err(TrendError::InvalidParameter { name, .. }) if name == "to"
        ));
        let zero = PeriodKind::Custom {
            origin: t,
            length_days: 0,
        };
        assert!(Periods::covering(zero, t, t + Duration::days(1)).is_err());
        assert!(matches!(
            Periods::covering(PeriodKind::Day, t, t + Duration::days(200_000)),
            Err(TrendError::TooLarge { .. })
        ));
        assert!(Periods::weeks_ending(t, 0).is_err());
        assert!(PeriodKind::parse("fortnight").is_err());
    }

    #[test]
    fn parse_names_in_both_languages() {
        for (s, k) in [
            ("day", PeriodKind::Day),
            ("Dag", PeriodKind::Day),
            ("week", PeriodKind::IsoWeek),
            ("vecka", PeriodKind::IsoWeek),
            ("month", PeriodKind::Month),
            ("Månad", PeriodKind::Month),
            ("quarter", PeriodKind::Quarter),
            ("kvartal", PeriodKind::Quarter),
            (" tertial ", PeriodKind::Tertial),
            ("year", PeriodKind::Year),
            ("år", PeriodKind::Year),
        ] {
            assert_eq!(PeriodKind::parse(s).unwrap(), k, "{s}");
            assert_eq!(PeriodKind::parse(k.name()).unwrap(), k);
        }
    }

    #[test]
    fn sfhotspot_rule_thresholds() {
        assert_eq!(sfhotspot_period_rule(14.0), PeriodKind::Day);
        assert_eq!(sfhotspot_period_rule(f64::NAN), PeriodKind::Day);
        assert_eq!(sfhotspot_period_rule(14.5), PeriodKind::IsoWeek);
        let len = |k| match k {
            PeriodKind::Custom { length_days, .. } => length_days,
            _ => 0,
        };
        assert_eq!(len(sfhotspot_period_rule(92.0)), 28);
        assert_eq!(len(sfhotspot_period_rule(732.0)), 28);
        assert_eq!(len(sfhotspot_period_rule(733.0)), 91);
        assert_eq!(sfhotspot_period_rule(7_306.0), PeriodKind::Year);
        assert_eq!(len(sfhotspot_period_rule(10_000.0)), 1_000);
        // The default origin is a local Monday midnight.
        let PeriodKind::Custom { origin, .. } = sfhotspot_period_rule(100.0) else {
            panic!("custom expected")
        };
        assert_eq!(
            local_datetime(origin.timestamp()).to_string(),
            "1970-01-05 00:00:00"
        );
        let from = utc("2026-03-04T12:00:00Z"); // a Wednesday
        let PeriodKind::Custom { origin, .. } =
            sfhotspot_period_for(from, from + Duration::days(400))
        else {
            panic!("custom expected")
        };
        assert_eq!(
            local_datetime(origin.timestamp()).to_string(),
            "2026-03-02 00:00:00"
        );
    }

    #[test]
    fn compatible_resolution_of_local_times() {
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(local_to_utc(gap).unwrap(), utc("2026-03-29T01:30:00Z"));
        let twice = NaiveDate::from_ymd_opt(2025, 10, 26)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(local_to_utc(twice).unwrap(), utc("2025-10-26T00:30:00Z"));
    }

    proptest! {
        /// Every instant of the window lies in exactly one bin, found by `index_of`, and the
        /// bins tile the window without gaps.
        #[test]
        fn index_of_matches_a_linear_scan(
            start in 1_400_000_000i64..1_900_000_000,
            len in 1i64..40_000_000,
            probe in 0f64..1.0,
            kind in 0usize..6,
        ) {
            let kinds = [PeriodKind::Day, PeriodKind::IsoWeek, PeriodKind::Month,
                         PeriodKind::Quarter, PeriodKind::Tertial, PeriodKind::Year];
            let from = DateTime::<Utc>::from_timestamp(start, 0).unwrap();
            let to = DateTime::<Utc>::from_timestamp(start + len, 0).unwrap();
            let p = Periods::covering(kinds[kind], from, to).unwrap();
            prop_assert!(p.bins[0].start <= from && p.bins.last().unwrap().end >= to);
            for w in p.bins.windows(2) {
                prop_assert_eq!(w[0].end, w[1].start);
            }
            let t = start + (probe * len as f64) as i64;
            let linear = p.bins.iter().position(|b| b.contains(t));
            prop_assert_eq!(p.index_of(t), linear);
            prop_assert!(linear.is_some());
            let covered: f64 = p.bins.iter().map(|b| b.coverage * b.seconds() as f64).sum();
            prop_assert!((covered - len as f64).abs() < 1e-6 * len as f64 + 1e-3);
        }
    }
}
