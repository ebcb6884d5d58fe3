//! Temporal profiles: when incidents happen by hour of day, ISO weekday, the 24 × 7
//! hour-of-week table, ISO week and month × year (the *årshjul*), in Europe/Stockholm local
//! time, with aoristic weights for incidents known only as a time window (method reference
//! §5.5).
//!
//! # Definition
//!
//! An incident with a known instant adds its weight to the slot of its local time. An
//! incident known only as a window `[from, to]` (a burglary over a weekend) has its weight 1
//! spread over the local clock hours it touches ([`Aoristic`]):
//!
//! * [`Aoristic::Proportional`] (default, an est choice ◆): each hour gets
//!   `overlap(hour, window) / (to − from)`;
//! * [`Aoristic::Equal`] (Ratcliffe 2002): each of the `m` touched hours gets `1/m`.
//!
//! Windows longer than `cap_hours` (default 168 h, one week ◆) say nothing about the time of
//! day: they go to the `imprecise` count, not into the tables. So the table total is
//! `N − imprecise`. Incidents whose date only is known (the `DATE_ONLY` flag) are windows of
//! one local day.
//!
//! # Exposure
//!
//! `exposure_hour_weekday[d][h]` is the number of times local hour `h` of weekday `d` began
//! inside the exposure window (DST-aware: the spring Sunday has no 02:00, the autumn Sunday
//! has two), so `count / exposure` is a rate per occurrence. The window is the selection's
//! `[from, to)` when it has one, otherwise the whole local days from the first to the last
//! incident.
//!
//! # Example
//!
//! ```
//! use est_core::hotspot::counts::Selection;
//! use est_core::sample::SampleTown;
//! use est_core::trend::profile::{aoristic_profile, profile, Aoristic};
//!
//! let town = SampleTown::new(1_000, 7).generate()?;
//! let p = profile(&town, &Selection::default())?;
//! assert_eq!(p.total, 1_000.0);
//! assert_eq!(p.hour.iter().sum::<f64>(), 1_000.0);
//! assert_eq!(p.hour_weekday.len(), 7);
//!
//! // A window from Friday 18:00 to Monday 07:00 local (61 h): spread over 61 hours.
//! let from = 1_763_139_600; // 2025-11-14T17:00:00Z
//! let to = from + 61 * 3_600;
//! let w = aoristic_profile(&[from], &[to], Aoristic::Proportional, 168.0)?;
//! assert!((w.total - 1.0).abs() < 1e-12);
//! assert!((w.hour_weekday[4][18] - 1.0 / 61.0).abs() < 1e-12); // Friday 18:00
//! # Ok::<(), est_core::Error>(())
//! ```
//!
//! # Citation
//!
//! Ratcliffe, J.H. (2002) Aoristic signatures and the spatio-temporal analysis of high volume
//! crime patterns. *Journal of Quantitative Criminology* 18:23–43.

use super::TrendError;
use super::period::{ZONE, local_date, local_datetime, local_midnight};
use crate::Error;
use crate::hotspot::counts::Selection;
use crate::incident::{Incidents, flags};
use chrono::{DateTime, Datelike, Days, LocalResult, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Default cap on an aoristic window: 168 hours, one week (an est choice, method reference
/// §5.5).
pub const DEFAULT_CAP_HOURS: f64 = 168.0;

/// The largest accepted cap: one leap year, 8 784 hours (longer windows say nothing about the
/// hour of the week).
pub const MAX_CAP_HOURS: f64 = 8_784.0;

/// The longest exposure window counted: 200 years of days.
pub const MAX_EXPOSURE_DAYS: i64 = 73_050;

/// How an incident's weight is spread over the hours of its time window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aoristic {
    /// In proportion to the overlap of each hour with the window (default, ◆).
    #[default]
    Proportional,
    /// Equally over the touched hours (Ratcliffe 2002).
    Equal,
}

/// Counts (or weights) by local hour, weekday, hour × weekday, ISO week and month × year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemporalProfile {
    /// 7 rows (ISO weekday Monday … Sunday) of 24 hours (00 … 23).
    pub hour_weekday: Vec<[f64; 24]>,
    /// By hour of day (00 … 23).
    pub hour: [f64; 24],
    /// By ISO weekday (Monday … Sunday).
    pub weekday: [f64; 7],
    /// By year and month (January … December), every year from the first to the last.
    pub month_year: Vec<(i32, [f64; 12])>,
    /// By ISO week number 1 … 53 (index `week − 1`), all years together.
    pub iso_week: Vec<f64>,
    /// Number of times each hour × weekday slot occurred in the exposure window (7 × 24).
    pub exposure_hour_weekday: Vec<[u32; 24]>,
    /// The exposure window `[from, to)`, if any.
    pub exposure_window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Sum of the tables (`N − imprecise` when unweighted).
    pub total: f64,
    /// Incidents (or their weights) whose window is longer than the cap: not in the tables.
    pub imprecise: f64,
    /// Number of incidents (windows) considered.
    pub n: usize,
    /// How windows were spread.
    pub method: Aoristic,
    /// The cap on a window, hours.
    pub cap_hours: f64,
    /// The time zone of the tables (`"Europe/Stockholm"`).
    pub zone: String,
}

impl TemporalProfile {
    /// Counts per occurrence of each hour × weekday slot (`count / exposure`; 0 where the slot
    /// never occurred).
    pub fn rates_hour_weekday(&self) -> Vec<[f64; 24]> {
        self.hour_weekday
            .iter()
            .zip(&self.exposure_hour_weekday)
            .map(|(c, e)| {
                let mut r = [0.0; 24];
                for ((r, c), e) in r.iter_mut().zip(c).zip(e) {
                    if *e > 0 {
                        *r = c / f64::from(*e);
                    }
                }
                r
            })
            .collect()
    }
}

/// Running tables.
struct Acc {
    hw: [[f64; 24]; 7],
    months: BTreeMap<i32, [f64; 12]>,
    weeks: [f64; 53],
}

impl Acc {
    fn new() -> Acc {
        Acc {
            hw: [[0.0; 24]; 7],
            months: BTreeMap::new(),
            weeks: [0.0; 53],
        }
    }

    /// Adds `w` at the local time of instant `t`.
    fn add(&mut self, t: i64, w: f64) {
        let local = local_datetime(t);
        let d = local.date();
        let wd = d.weekday().num_days_from_monday() as usize;
        if let Some(v) = self
            .hw
            .get_mut(wd)
            .and_then(|row| row.get_mut(local.hour() as usize))
        {
            *v += w;
        }
        if let Some(v) = self
            .months
            .entry(d.year())
            .or_insert([0.0; 12])
            .get_mut(d.month0() as usize)
        {
            *v += w;
        }
        let week = d.iso_week().week() as usize;
        if let Some(v) = week.checked_sub(1).and_then(|k| self.weeks.get_mut(k)) {
            *v += w;
        }
    }

    /// Spreads `w` over the clock hours touched by `[from, to)` (`to > from`). Stockholm's
    /// offsets are whole hours, so local clock hours are UTC hours.
    fn spread(&mut self, from: i64, to: i64, w: f64, method: Aoristic) {
        let (h0, h1) = (from.div_euclid(3_600), (to - 1).div_euclid(3_600));
        let m = (h1 - h0 + 1) as f64;
        let dur = (to - from) as f64;
        for h in h0..=h1 {
            let (s, e) = ((h * 3_600).max(from), ((h + 1) * 3_600).min(to));
            let share = match method {
                Aoristic::Proportional => (e - s) as f64 / dur,
                Aoristic::Equal => 1.0 / m,
            };
            self.add(s, w * share);
        }
    }

    fn finish(
        self,
        exposure_window: Option<(DateTime<Utc>, DateTime<Utc>)>,
        imprecise: f64,
        n: usize,
        method: Aoristic,
        cap_hours: f64,
    ) -> Result<TemporalProfile, TrendError> {
        let mut hour = [0.0; 24];
        let mut weekday = [0.0; 7];
        for (d, row) in self.hw.iter().enumerate() {
            for (h, v) in row.iter().enumerate() {
                hour[h] += v;
                weekday[d] += v;
            }
        }
        let total = weekday.iter().sum();
        let month_year = match (
            self.months.keys().next().copied(),
            self.months.keys().next_back().copied(),
        ) {
            (Some(a), Some(b)) => (a..=b)
                .map(|y| (y, self.months.get(&y).copied().unwrap_or([0.0; 12])))
                .collect(),
            _ => Vec::new(),
        };
        let exposure_hour_weekday = match exposure_window {
            Some((f, t)) => exposure(f.timestamp(), t.timestamp())?,
            None => vec![[0; 24]; 7],
        };
        Ok(TemporalProfile {
            hour_weekday: self.hw.to_vec(),
            hour,
            weekday,
            month_year,
            iso_week: self.weeks.to_vec(),
            exposure_hour_weekday,
            exposure_window,
            total,
            imprecise,
            n,
            method,
            cap_hours,
            zone: ZONE.to_string(),
        })
    }
}

/// Number of times each local hour × weekday slot begins in `[from, to)` (UTC seconds):
/// 7 rows Monday … Sunday of 24 hours. DST-aware: on the spring Sunday 02:00 never begins, on
/// the autumn Sunday it begins twice.
///
/// # Errors
/// [`TrendError::TooLarge`] for a window longer than [`MAX_EXPOSURE_DAYS`].
pub fn exposure(from: i64, to: i64) -> Result<Vec<[u32; 24]>, TrendError> {
    let mut out = vec![[0u32; 24]; 7];
    if to <= from {
        return Ok(out);
    }
    let (d0, d1) = (local_date(from), local_date(to - 1));
    let days = (d1 - d0).num_days();
    if days > MAX_EXPOSURE_DAYS {
        return Err(TrendError::TooLarge {
            what: "exposure window (days)".into(),
            n: u64::try_from(days).unwrap_or(u64::MAX),
            max: MAX_EXPOSURE_DAYS as u64,
            hint: "give a shorter window".into(),
        });
    }
    let mut d = d0;
    while d <= d1 {
        let wd = d.weekday().num_days_from_monday() as usize;
        for h in 0..24u32 {
            let Some(naive) = NaiveTime::from_hms_opt(h, 0, 0).map(|t| d.and_time(t)) else {
                continue;
            };
            let starts: Vec<i64> = match Stockholm.from_local_datetime(&naive) {
                LocalResult::Single(t) => vec![t.timestamp()],
                LocalResult::Ambiguous(a, b) => vec![a.timestamp(), b.timestamp()],
                LocalResult::None => Vec::new(),
            };
            let k = starts.iter().filter(|&&s| s >= from && s < to).count() as u32;
            if let Some(v) = out.get_mut(wd).and_then(|row| row.get_mut(h as usize)) {
                *v += k;
            }
        }
        match d.checked_add_days(Days::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    Ok(out)
}

/// Whole local days from the date of `first` to the date of `last` (inclusive).
fn local_days(first: i64, last: i64) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = local_midnight(local_date(first))?;
    let end = local_midnight(local_date(last).checked_add_days(Days::new(1))?)?;
    Some((start, end))
}

/// The temporal profile of the selected incidents (each at its local time; `DATE_ONLY`
/// incidents spread over their local day in proportion to the hours). Weighted selections sum
/// the incidents' weights.
///
/// # Errors
/// [`TrendError::Empty`] when nothing is selected and the selection has no window (there is
/// then no exposure window); [`TrendError::TooLarge`] for an exposure window over
/// [`MAX_EXPOSURE_DAYS`].
pub fn profile(incidents: &Incidents, selection: &Selection) -> Result<TemporalProfile, Error> {
    let mut acc = Acc::new();
    let (mut first, mut last, mut n) = (i64::MAX, i64::MIN, 0usize);
    for i in 0..incidents.len() {
        let Some(w) = selection.weight(incidents, i) else {
            continue;
        };
        let (Some(&t), Some(&f)) = (incidents.times().get(i), incidents.flags().get(i)) else {
            continue;
        };
        n += 1;
        first = first.min(t);
        last = last.max(t);
        let day_end = local_date(t)
            .checked_add_days(Days::new(1))
            .and_then(local_midnight)
            .map(|e| e.timestamp());
        match day_end {
            Some(end) if f & flags::DATE_ONLY != 0 && end > t => {
                acc.spread(t, end, w, Aoristic::Proportional);
                last = last.max(end - 1);
            }
            _ => acc.add(t, w),
        }
    }
    let window = match (selection.from, selection.to) {
        (Some(f), Some(t)) => Some((f, t)),
        _ if n == 0 => {
            return Err(TrendError::Empty {
                what: format!(
                    "no incident in the selection ({})",
                    super::cube::describe_selection(selection, incidents)
                ),
            }
            .into());
        }
        (f, t) => local_days(first, last)
            .map(|(a, b)| (f.unwrap_or(a), t.unwrap_or(b)))
            .filter(|(a, b)| a < b),
    };
    Ok(acc.finish(window, 0.0, n, Aoristic::Proportional, DEFAULT_CAP_HOURS)?)
}

/// The temporal profile of incidents known as time windows `[from[i], to[i]]` (UTC seconds):
/// each window's weight 1 is spread over the local clock hours it touches (`method`); windows
/// longer than `cap_hours` go to `imprecise`. A window with `from = to` is an exact instant.
/// The exposure window is the whole local days from the earliest start to the latest end.
///
/// # Errors
/// [`TrendError::LengthMismatch`] (`to`), [`TrendError::InvalidValue`] for a window ending
/// before it starts, [`TrendError::InvalidParameter`] (`cap_hours`) outside
/// `(0, MAX_CAP_HOURS]`, [`TrendError::Empty`] for no windows.
pub fn aoristic_profile(
    from: &[i64],
    to: &[i64],
    method: Aoristic,
    cap_hours: f64,
) -> Result<TemporalProfile, Error> {
    if from.len() != to.len() {
        return Err(TrendError::LengthMismatch {
            what: "to (window ends)".into(),
            expected: from.len(),
            got: to.len(),
        }
        .into());
    }
    if !(cap_hours > 0.0 && cap_hours <= MAX_CAP_HOURS) {
        return Err(TrendError::InvalidParameter {
            name: "cap_hours".into(),
            value: cap_hours.to_string(),
            expected: format!("a number of hours in (0, {MAX_CAP_HOURS}]"),
        }
        .into());
    }
    if from.is_empty() {
        return Err(TrendError::Empty {
            what: "no time windows given".into(),
        }
        .into());
    }
    let cap_seconds = cap_hours * 3_600.0;
    let mut acc = Acc::new();
    let (mut first, mut last, mut imprecise) = (i64::MAX, i64::MIN, 0.0);
    for (index, (&f, &t)) in from.iter().zip(to).enumerate() {
        if t < f {
            return Err(TrendError::InvalidValue {
                what: "window end (to)".into(),
                index,
                value: t as f64,
                expected: format!("an instant at or after its start {f}"),
            }
            .into());
        }
        first = first.min(f);
        last = last.max(t);
        if (t - f) as f64 > cap_seconds {
            imprecise += 1.0;
        } else if t == f {
            acc.add(f, 1.0);
        } else {
            acc.spread(f, t, 1.0, method);
        }
    }
    let window = local_days(first, last);
    Ok(acc.finish(window, imprecise, from.len(), method, cap_hours)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::SampleTown;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn midnight(y: i32, m: u32, d: u32) -> i64 {
        local_midnight(NaiveDate::from_ymd_opt(y, m, d).unwrap())
            .unwrap()
            .timestamp()
    }

    #[test]
    fn exposure_on_dst_sundays() {
        // Spring: Sunday 2026-03-29 has no 02:00.
        let e = exposure(midnight(2026, 3, 29), midnight(2026, 3, 30)).unwrap();
        assert_eq!(e[6][2], 0);
        assert_eq!(e[6][1], 1);
        assert_eq!(e[6][3], 1);
        assert_eq!(e[6].iter().sum::<u32>(), 23);
        assert_eq!(e[0].iter().sum::<u32>(), 0);
        // Autumn: Sunday 2025-10-26 has 02:00 twice.
        let e = exposure(midnight(2025, 10, 26), midnight(2025, 10, 27)).unwrap();
        assert_eq!(e[6][2], 2);
        assert_eq!(e[6].iter().sum::<u32>(), 25);
        // A whole year: every slot 52 or 53 times, Sunday 02:00 once less and once more.
        let y = exposure(midnight(2025, 1, 1), midnight(2026, 1, 1)).unwrap();
        let total: u32 = y.iter().flatten().sum();
        assert_eq!(total, 365 * 24);
        assert_eq!(y[6][2], 52); // 52 Sundays in 2025, minus spring, plus autumn
        assert_eq!(y[6][3], 52);
        assert_eq!(y[2][10], 53); // 2025 starts on a Wednesday: 53 Wednesdays
    }

    #[test]
    fn dst_autumn_incidents_both_land_in_hour_two() {
        // 00:30Z and 01:30Z on 2025-10-26 are both 02:30 local.
        let p = aoristic_profile(
            &[1_761_438_600, 1_761_442_200],
            &[1_761_438_600, 1_761_442_200],
            Aoristic::Proportional,
            168.0,
        )
        .unwrap();
        assert_eq!(p.hour_weekday[6][2], 2.0);
        assert_eq!(p.exposure_hour_weekday[6][2], 2);
        assert_eq!(p.rates_hour_weekday()[6][2], 1.0);
        assert_eq!(
            p.month_year,
            vec![(2025, {
                let mut m = [0.0; 12];
                m[9] = 2.0;
                m
            })]
        );
        assert_eq!(p.iso_week[42], 2.0); // 2025-W43
    }

    #[test]
    fn profile_totals_and_tables_agree() {
        let town = SampleTown::new(1_200, 11).generate().unwrap();
        let p = profile(&town, &Selection::default()).unwrap();
        assert_eq!(p.n, 1_200);
        assert_eq!(p.imprecise, 0.0);
        assert!((p.total - 1_200.0).abs() < 1e-9);
        assert!((p.hour.iter().sum::<f64>() - p.total).abs() < 1e-9);
        assert!((p.iso_week.iter().sum::<f64>() - p.total).abs() < 1e-9);
        let my: f64 = p.month_year.iter().flat_map(|(_, m)| m.iter()).sum();
        assert!((my - p.total).abs() < 1e-9);
        // Rows follow local time: compare with a direct count of Monday 08:xx.
        let direct = town
            .times()
            .iter()
            .filter(|&&t| {
                let l = local_datetime(t);
                l.weekday() == chrono::Weekday::Mon && l.hour() == 8
            })
            .count() as f64;
        assert_eq!(p.hour_weekday[0][8], direct);
        // The exposure window is whole local days over the data: 70 weeks of the sample.
        let e: u32 = p.exposure_hour_weekday.iter().flatten().sum();
        let (a, b) = p.exposure_window.unwrap();
        assert_eq!(i64::from(e) * 3_600, (b - a).num_seconds());
        assert_eq!(p.month_year.first().unwrap().0, 2025);
    }

    #[test]
    fn selection_window_sets_exposure_and_empty_is_an_error() {
        let town = SampleTown::new(300, 2).generate().unwrap();
        let (f, t) = (
            DateTime::<Utc>::from_timestamp(midnight(2026, 1, 5), 0).unwrap(),
            DateTime::<Utc>::from_timestamp(midnight(2026, 1, 12), 0).unwrap(),
        );
        let p = profile(&town, &Selection::default().between(f, t)).unwrap();
        assert!(p.exposure_hour_weekday.iter().flatten().all(|&e| e == 1));
        let none = Selection::default().between(
            DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
            DateTime::<Utc>::from_timestamp(1, 0).unwrap(),
        );
        assert_eq!(profile(&town, &none).unwrap().total, 0.0);
        let late = Selection {
            from: Some(DateTime::<Utc>::from_timestamp(4_000_000_000, 0).unwrap()),
            ..Selection::default()
        };
        assert!(matches!(
            profile(&town, &late),
            Err(Error::Trend(TrendError::Empty { .. }))
        ));
    }

    #[test]
    fn windows_over_the_cap_are_imprecise() {
        let f = midnight(2026, 2, 2);
        let p = aoristic_profile(
            &[f, f, f],
            &[f + 3_600, f + 169 * 3_600, f + 30 * 60],
            Aoristic::Equal,
            168.0,
        )
        .unwrap();
        assert_eq!(p.imprecise, 1.0);
        assert!((p.total - 2.0).abs() < 1e-12);
        assert_eq!(p.hour_weekday[0][0], 2.0);
        assert!(aoristic_profile(&[f], &[f - 1], Aoristic::Equal, 168.0).is_err());
        assert!(aoristic_profile(&[f], &[], Aoristic::Equal, 168.0).is_err());
        assert!(aoristic_profile(&[f], &[f], Aoristic::Equal, 0.0).is_err());
        assert!(aoristic_profile(&[f], &[f], Aoristic::Equal, f64::NAN).is_err());
        assert!(aoristic_profile(&[], &[], Aoristic::Equal, 168.0).is_err());
    }

    #[test]
    fn equal_and_proportional_differ_on_partial_hours() {
        // 10:30 → 12:00 local: proportional 1/3 + 2/3, equal 1/2 + 1/2.
        let f = midnight(2026, 2, 3) + 10 * 3_600 + 1_800;
        let t = midnight(2026, 2, 3) + 12 * 3_600;
        let p = aoristic_profile(&[f], &[t], Aoristic::Proportional, 168.0).unwrap();
        assert!((p.hour_weekday[1][10] - 1.0 / 3.0).abs() < 1e-15);
        assert!((p.hour_weekday[1][11] - 2.0 / 3.0).abs() < 1e-15);
        let e = aoristic_profile(&[f], &[t], Aoristic::Equal, 168.0).unwrap();
        assert_eq!(e.hour_weekday[1][10], 0.5);
        assert_eq!(e.hour_weekday[1][11], 0.5);
        assert_eq!(e.hour_weekday[1][12], 0.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Each window's weight sums to 1 (or goes to imprecise): table total = N − imprecise.
        #[test]
        fn aoristic_weights_sum_to_one_per_window(
            windows in prop::collection::vec((1_700_000_000i64..1_760_000_000, 0i64..800_000), 1..40),
            equal in any::<bool>(),
            cap in 1f64..300.0,
        ) {
            let method = if equal { Aoristic::Equal } else { Aoristic::Proportional };
            let from: Vec<i64> = windows.iter().map(|w| w.0).collect();
            let to: Vec<i64> = windows.iter().map(|w| w.0 + w.1).collect();
            let p = aoristic_profile(&from, &to, method, cap).unwrap();
            let over = windows.iter().filter(|w| w.1 as f64 > cap * 3_600.0).count() as f64;
            prop_assert_eq!(p.imprecise, over);
            let n = windows.len() as f64;
            prop_assert!((p.total - (n - over)).abs() < 1e-9);
            prop_assert!((p.hour.iter().sum::<f64>() - p.total).abs() < 1e-9);
            for (f, t) in from.iter().zip(&to) {
                let one = aoristic_profile(&[*f], &[*t], method, cap).unwrap();
                let s: f64 = one.hour_weekday.iter().flatten().sum();
                let expect = if (t - f) as f64 > cap * 3_600.0 { 0.0 } else { 1.0 };
                prop_assert!((s - expect).abs() < 1e-12, "window {f}..{t}: {s}");
            }
        }
    }
}
