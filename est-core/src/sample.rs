//! A seeded synthetic Swedish town, *Sjöstad*, for documentation, tests, benchmarks and the
//! main job. Nothing in it is real: it is generated so that every est method has something
//! to find.
//!
//! The town lies in SWEREF 99 TM around E 660 000, N 6 610 000 (an 8 × 8 km square) and has
//!
//! * a **background** of incidents spread over the built-up area, denser in the centre;
//! * three **persistent hotspots** (Resecentrum, Köpcentrum Norra, Stora torget) active the whole
//!   period, each with a few exact repeat addresses;
//! * a **former hotspot** (Björkskolan) active only in the first third of the period;
//! * an **emerging hotspot** (Ekparken) that starts in the last six weeks and grows week by week —
//!   what EST's early warning exists to catch;
//! * a weekly and daily rhythm per category (evenings and weekends for disorder, office hours
//!   for theft from shops, daytime on weekdays for burglary);
//! * several reporting organisations per category, place names and short free texts.
//!
//! The same `(n, seed, weeks, end)` always gives the same incidents, on every platform.
//!
//! ```
//! use est_core::sample::SampleTown;
//!
//! let town = SampleTown::new(2_000, 42);
//! let incidents = town.generate()?;
//! assert_eq!(incidents.len(), 2_000);
//! let truth = town.truth();
//! assert_eq!(truth.emerging.name, "Ekparken");
//! # Ok::<(), est_core::Error>(())
//! ```

use crate::Error;
use crate::crs::Crs;
use crate::incident::{Incidents, IncidentsBuilder, LoadOptions, RowInput};
use crate::taxonomy::Taxonomy;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64;
use serde::Serialize;

/// Name of the generator, recorded with results.
pub const GENERATOR: &str = "est SampleTown v1 (PCG64)";

/// A place in the town that attracts incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Name used as the incidents' place name.
    pub name: String,
    /// Centre, SWEREF 99 TM (E, N).
    pub centre: (f64, f64),
    /// Standard deviation of the spread around the centre, metres.
    pub sigma_m: f64,
    /// Weeks (0-based, half-open) in which the place is active.
    pub weeks: (u32, u32),
    /// Share of all incidents.
    pub share: f64,
}

/// What the generator put where: for tests that check that a method finds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Truth {
    /// Persistent hotspots.
    pub persistent: Vec<Place>,
    /// The former hotspot.
    pub former: Place,
    /// The emerging hotspot.
    pub emerging: Place,
    /// First day (a Monday, local) and number of weeks.
    pub start: NaiveDate,
    /// Number of weeks.
    pub weeks: u32,
}

/// Parameters of the synthetic town.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleTown {
    /// Number of incidents.
    pub n: usize,
    /// Seed of the random stream.
    pub seed: u64,
    /// Number of weeks (default 70: more than a year, so year-on-year views work).
    pub weeks: u32,
    /// Last day of the period, a Sunday (default 2026-11-22, the end of ISO week 2026-W47).
    pub end: NaiveDate,
}

const CENTRE: (f64, f64) = (660_000.0, 6_610_000.0);

/// (category code, relative weight) pairs.
type Mix = &'static [(&'static str, f64)];

// Category mixes per kind of place.
const MIX_BACKGROUND: Mix = &[
    ("skadegorelse", 14.0),
    ("klotter", 10.0),
    ("inbrott", 10.0),
    ("stold", 12.0),
    ("fordon", 8.0),
    ("nedskrapning", 8.0),
    ("ordningsstorning", 6.0),
    ("larm", 8.0),
    ("oro", 5.0),
    ("hot", 4.0),
    ("vald", 4.0),
    ("narkotika", 3.0),
    ("anlagd_brand", 3.0),
    ("ungdomshang", 3.0),
    ("ovrigt", 2.0),
];
const MIX_STATION: Mix = &[
    ("stold", 25.0),
    ("ordningsstorning", 20.0),
    ("narkotika", 15.0),
    ("klotter", 15.0),
    ("hot", 10.0),
    ("vald", 8.0),
    ("skadegorelse", 7.0),
];
const MIX_MALL: Mix = &[
    ("stold", 40.0),
    ("larm", 20.0),
    ("hot", 10.0),
    ("skadegorelse", 10.0),
    ("ungdomshang", 10.0),
    ("ordningsstorning", 10.0),
];
const MIX_SQUARE: Mix = &[
    ("ordningsstorning", 25.0),
    ("vald", 20.0),
    ("storande_folksamling", 15.0),
    ("nedskrapning", 15.0),
    ("ungdomshang", 15.0),
    ("hot", 10.0),
];
const MIX_SCHOOL: Mix = &[
    ("skadegorelse", 35.0),
    ("klotter", 30.0),
    ("anlagd_brand", 15.0),
    ("ungdomshang", 10.0),
    ("inbrott", 10.0),
];
const MIX_PARK: Mix = &[
    ("ungdomshang", 25.0),
    ("skadegorelse", 20.0),
    ("klotter", 15.0),
    ("narkotika", 15.0),
    ("oro", 10.0),
    ("storande_folksamling", 10.0),
    ("anlagd_brand", 5.0),
];

fn organisation_mix(category: &str) -> Mix {
    match category {
        "stold" => &[("handel", 5.0), ("polis", 3.0), ("vaktbolag", 2.0)],
        "larm" => &[("vaktbolag", 7.0), ("raddningstjanst", 2.0), ("polis", 1.0)],
        "inbrott" => &[("polis", 6.0), ("fastighetsagare", 3.0), ("vaktbolag", 1.0)],
        "klotter" | "nedskrapning" => &[("kommun", 5.0), ("fastighetsagare", 4.0), ("ovrig", 1.0)],
        "skadegorelse" => &[("fastighetsagare", 4.0), ("kommun", 4.0), ("polis", 2.0)],
        "anlagd_brand" => &[
            ("raddningstjanst", 6.0),
            ("polis", 2.0),
            ("fastighetsagare", 2.0),
        ],
        "ungdomshang" | "oro" => &[
            ("kommun", 5.0),
            ("fastighetsagare", 3.0),
            ("vaktbolag", 2.0),
        ],
        "fordon" => &[("kommun", 4.0), ("polis", 4.0), ("fastighetsagare", 2.0)],
        _ => &[("polis", 6.0), ("vaktbolag", 2.0), ("kommun", 2.0)],
    }
}

fn text_for(category: &str) -> &'static str {
    match category {
        "skadegorelse" => "Sönderslagen ruta",
        "klotter" => "Klotter på fasad",
        "inbrott" => "Inbrott i förråd",
        "stold" => "Stöld ur butik",
        "fordon" => "Övergivet fordon",
        "nedskrapning" => "Nedskräpning vid container",
        "ordningsstorning" => "Högljudda personer",
        "storande_folksamling" => "Stor grupp som stör",
        "larm" => "Larm utlöst",
        "oro" => "Boende känner oro",
        "hot" => "Hot mot personal",
        "vald" => "Bråk mellan personer",
        "narkotika" => "Misstänkt langning",
        "anlagd_brand" => "Brand i papperskorg",
        "ungdomshang" => "Ungdomar samlas sent",
        _ => "Övrig händelse",
    }
}

/// Relative intensity per hour of day (local) for a category.
fn hour_profile(category: &str) -> [f64; 24] {
    let night = [
        6., 5., 4., 3., 2., 1., 1., 1., 1., 1., 1., 1., 2., 2., 2., 3., 3., 4., 5., 6., 7., 8., 8.,
        7.,
    ];
    let day = [
        1., 0.5, 0.3, 0.3, 0.3, 0.5, 1., 2., 4., 6., 7., 7., 7., 7., 7., 7., 7., 6., 5., 4., 3.,
        2., 1.5, 1.,
    ];
    let work = [
        1., 0.5, 0.5, 0.5, 0.5, 1., 2., 4., 6., 7., 7., 6., 5., 5., 5., 4., 3., 2., 2., 2., 1.5,
        1., 1., 1.,
    ];
    match category {
        "stold" | "larm" | "nedskrapning" | "fordon" | "oro" => day,
        "inbrott" => work,
        _ => night,
    }
}

/// Relative intensity per weekday (Monday first) for a category.
fn weekday_profile(category: &str) -> [f64; 7] {
    match category {
        "inbrott" | "stold" => [1.1, 1.1, 1.1, 1.1, 1.1, 0.9, 0.7],
        _ => [0.8, 0.8, 0.9, 1.0, 1.5, 1.8, 1.1],
    }
}

fn sn(rng: &mut Pcg64) -> f64 {
    StandardNormal.sample(rng)
}

fn pick<'a>(rng: &mut Pcg64, items: &'a [(&'a str, f64)]) -> &'a str {
    let total: f64 = items.iter().map(|i| i.1).sum();
    let mut u = rng.random::<f64>() * total;
    for (k, w) in items {
        if u < *w {
            return k;
        }
        u -= w;
    }
    items.last().map_or("ovrigt", |i| i.0)
}

fn pick_index(rng: &mut Pcg64, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut u = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i;
        }
        u -= w;
    }
    weights.len().saturating_sub(1)
}

impl SampleTown {
    /// `n` incidents from `seed`, 70 weeks ending on Sunday 2026-11-22.
    pub fn new(n: usize, seed: u64) -> Self {
        SampleTown {
            n,
            seed,
            weeks: 70,
            end: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default(),
        }
    }

    /// Sets the number of weeks (at least 12).
    pub fn weeks(mut self, weeks: u32) -> Self {
        self.weeks = weeks.max(12);
        self
    }

    /// Sets the last day; it is moved back to the Sunday on or before it.
    pub fn end(mut self, end: NaiveDate) -> Self {
        let back = i64::from(end.weekday().num_days_from_sunday());
        self.end = end - Duration::days(back);
        self
    }

    fn start(&self) -> NaiveDate {
        self.end - Duration::days(i64::from(self.weeks) * 7 - 1)
    }

    /// The places the generator uses and when they are active.
    pub fn truth(&self) -> Truth {
        let w = self.weeks;
        let p = |name: &str, dx: f64, dy: f64, sigma: f64, weeks: (u32, u32), share: f64| Place {
            name: name.to_string(),
            centre: (CENTRE.0 + dx, CENTRE.1 + dy),
            sigma_m: sigma,
            weeks,
            share,
        };
        Truth {
            persistent: vec![
                p("Resecentrum", -300.0, 200.0, 90.0, (0, w), 0.12),
                p("Köpcentrum Norra", 2_200.0, 1_500.0, 120.0, (0, w), 0.12),
                p("Stora torget", 250.0, -150.0, 80.0, (0, w), 0.10),
            ],
            former: p("Björkskolan", -2_100.0, -1_800.0, 100.0, (0, w / 3), 0.07),
            emerging: p("Ekparken", 1_300.0, -2_300.0, 110.0, (w - 6, w), 0.04),
            start: self.start(),
            weeks: w,
        }
    }

    /// Named areas of the town, in SWEREF 99 TM: a disc of radius 3σ around every place of
    /// [`SampleTown::truth`] (Resecentrum, Köpcentrum Norra, Stora torget, Björkskolan,
    /// Ekparken) plus the town centre ("Centrum", 600 m) — the kind of areas an EST group
    /// names in its lägesbild. Adding areas does not change the generated incidents.
    pub fn places(&self) -> Vec<(String, geo::MultiPolygon<f64>)> {
        let truth = self.truth();
        let disc = |c: (f64, f64), r: f64| {
            let ring: Vec<geo::Coord<f64>> = (0..=64)
                .map(|k| {
                    let a = std::f64::consts::TAU * f64::from(k % 64) / 64.0;
                    geo::coord! { x: c.0 + r * a.cos(), y: c.1 + r * a.sin() }
                })
                .collect();
            geo::MultiPolygon::new(vec![geo::Polygon::new(geo::LineString::new(ring), vec![])])
        };
        let mut out: Vec<(String, geo::MultiPolygon<f64>)> = truth
            .persistent
            .iter()
            .chain([&truth.former, &truth.emerging])
            .map(|p| (p.name.clone(), disc(p.centre, 3.0 * p.sigma_m)))
            .collect();
        out.push(("Centrum".to_string(), disc(CENTRE, 600.0)));
        out
    }

    /// Generates the incidents (SWEREF 99 TM, EST taxonomy).
    ///
    /// # Errors
    /// Only if the generator produced an invalid row, which would be a bug; the error lists it.
    pub fn generate(&self) -> Result<Incidents, Error> {
        let truth = self.truth();
        let mut rng = Pcg64::seed_from_u64(self.seed);
        // The period is fixed by `end`, not by a clock: no future-time check for generated rows.
        let options = LoadOptions {
            now: Some(DateTime::<Utc>::MAX_UTC),
            ..LoadOptions::default()
        };
        let mut b = IncidentsBuilder::new(Taxonomy::default(), Crs::SWEREF99_TM, options);
        let mixes: [Mix; 3] = [MIX_STATION, MIX_MALL, MIX_SQUARE];
        let mut components: Vec<(Option<&Place>, Mix, f64)> = Vec::new();
        for (place, mix) in truth.persistent.iter().zip(mixes) {
            components.push((Some(place), mix, place.share));
        }
        components.push((Some(&truth.former), MIX_SCHOOL, truth.former.share));
        components.push((Some(&truth.emerging), MIX_PARK, truth.emerging.share));
        let used: f64 = components.iter().map(|c| c.2).sum();
        components.push((None, MIX_BACKGROUND, 1.0 - used));
        let shares: Vec<f64> = components.iter().map(|c| c.2).collect();
        let addresses: Vec<Vec<(f64, f64)>> = components
            .iter()
            .map(|(place, _, _)| match place {
                Some(p) => (0..3)
                    .map(|_| {
                        (
                            p.centre.0 + sn(&mut rng) * p.sigma_m * 0.5,
                            p.centre.1 + sn(&mut rng) * p.sigma_m * 0.5,
                        )
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        let start = self.start();
        for i in 0..self.n {
            let c = pick_index(&mut rng, &shares);
            let (place, mix, _) = components[c];
            let category = pick(&mut rng, mix);
            let (x, y, week) = match place {
                Some(p) => {
                    let (x, y) = if rng.random::<f64>() < 0.4 {
                        let a = addresses[c][rng.random_range(0..addresses[c].len())];
                        (a.0 + sn(&mut rng) * 4.0, a.1 + sn(&mut rng) * 4.0)
                    } else {
                        (
                            p.centre.0 + sn(&mut rng) * p.sigma_m,
                            p.centre.1 + sn(&mut rng) * p.sigma_m,
                        )
                    };
                    let span = p.weeks.1 - p.weeks.0;
                    // The emerging place grows: week k of its span has weight k + 1.
                    let week = if p.name == truth.emerging.name {
                        let w: Vec<f64> = (0..span).map(|k| f64::from(k) + 1.0).collect();
                        p.weeks.0 + u32::try_from(pick_index(&mut rng, &w)).unwrap_or(0)
                    } else {
                        p.weeks.0 + rng.random_range(0..span.max(1))
                    };
                    (x, y, week)
                }
                None => {
                    // Built-up area: a dense centre and a wider town, clipped to 8 × 8 km.
                    let s = if rng.random::<f64>() < 0.5 {
                        900.0
                    } else {
                        2_000.0
                    };
                    let (mut x, mut y) = (CENTRE.0, CENTRE.1);
                    for _ in 0..64 {
                        (x, y) = (CENTRE.0 + sn(&mut rng) * s, CENTRE.1 + sn(&mut rng) * s);
                        if (x - CENTRE.0).abs() < 3_990.0 && (y - CENTRE.1).abs() < 3_990.0 {
                            break;
                        }
                    }
                    // Mild summer peak.
                    let weights: Vec<f64> = (0..self.weeks)
                        .map(|k| {
                            let d = start + Duration::days(i64::from(k) * 7);
                            1.0 + 0.3
                                * (f64::from(d.ordinal()) / 365.25 * std::f64::consts::TAU - 3.4)
                                    .cos()
                        })
                        .collect();
                    (
                        x,
                        y,
                        u32::try_from(pick_index(&mut rng, &weights)).unwrap_or(0),
                    )
                }
            };
            let dow = pick_index(&mut rng, &weekday_profile(category));
            let hour = pick_index(&mut rng, &hour_profile(category));
            let minute = rng.random_range(0..60u32);
            let second = rng.random_range(0..60u32);
            let date = start + Duration::days(i64::from(week) * 7 + dow as i64);
            let naive = date
                .and_hms_opt(u32::try_from(hour).unwrap_or(0), minute, second)
                .unwrap_or_default();
            let local = match Stockholm.from_local_datetime(&naive) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
                LocalResult::None => Stockholm
                    .from_local_datetime(&(naive + Duration::hours(1)))
                    .earliest()
                    .unwrap_or_else(|| Stockholm.from_utc_datetime(&naive)),
            };
            let org = pick(&mut rng, organisation_mix(category));
            let with_text = rng.random::<f64>() < 0.5;
            b.push(RowInput {
                line: i + 2,
                id: Some(format!("SJ-{:06}", i + 1)),
                time: local.to_rfc3339(),
                category: category.to_string(),
                x: Some((x * 10.0).round() / 10.0),
                y: Some((y * 10.0).round() / 10.0),
                organisation: Some(org.to_string()),
                place: place.map(|p| p.name.clone()),
                weight: None,
                text: with_text.then(|| text_for(category).to_string()),
                flags: 0,
            });
        }
        if self.n == 0 {
            return Ok(Incidents::empty(Taxonomy::default(), Crs::SWEREF99_TM));
        }
        Ok(b.finish()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_inside_the_town() {
        let a = SampleTown::new(3_000, 1).generate().unwrap();
        let b = SampleTown::new(3_000, 1).generate().unwrap();
        assert_eq!(a, b);
        assert!(a.x().iter().all(|x| (655_000.0..665_000.0).contains(x)));
        assert!(a.y().iter().all(|y| (6_605_000.0..6_615_000.0).contains(y)));
    }

    #[test]
    fn emerging_place_only_in_last_six_weeks() {
        let town = SampleTown::new(5_000, 3);
        let inc = town.generate().unwrap();
        let t = town.truth();
        let six_weeks_before_end = Stockholm
            .from_local_datetime(
                &(town.end - Duration::days(41))
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            )
            .unwrap()
            .timestamp();
        let mut n = 0;
        for i in 0..inc.len() {
            if inc.place(i) == Some(t.emerging.name.as_str()) {
                n += 1;
                assert!(inc.times()[i] >= six_weeks_before_end);
            }
        }
        assert!(n > 100, "{n}");
        let (lo, hi) = inc.time_range().unwrap();
        assert!(lo.date_naive() >= t.start - Duration::days(1));
        assert!(hi.date_naive() <= town.end);
    }
}
