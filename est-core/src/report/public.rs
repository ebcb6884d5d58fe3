//! The privacy-safe public export: weekly counts for residents and open-data portals, with
//! small counts suppressed.
//!
//! What residents get, and what they never get:
//!
//! * **Places** are cells of a *fixed lattice* — squares of `cell_size_m` whose corners are
//!   multiples of the cell size in SWEREF 99 TM (EPSG:3006), whatever the extent of the data.
//!   Two exports that overlap in space therefore publish the *same* number for every cell
//!   they share, and differencing them reveals nothing.
//! * **Time** is coarsened to one ISO week (Europe/Stockholm). There are no multi-week sums:
//!   a 4-week export minus a 1-week export of the same cell would reveal the other three weeks.
//! * **Suppression.** A cell is published only if it holds at least `k` incidents (default 5,
//!   a common disclosure-control threshold); otherwise only the number of such cells is
//!   given, never their sum (a sum of suppressed cells differenced between two extents would
//!   reveal a single cell).
//! * **Category groups** (optional) are the taxonomy's top-level groups (klotter counts as
//!   skadegörelse). A group is published in a cell only with at least `k` incidents, and the
//!   cell's remainder (total minus the published groups) must be 0 or at least `k` —
//!   otherwise the smallest published groups are withdrawn too (secondary suppression), so
//!   that subtracting the published groups from the published total never gives 1 … k − 1.
//! * **Never** ids, free text, place names from reports, organisations or exact positions.
//!
//! A cell is included when its centre lies inside the requested area (all of it is counted,
//! not only the part inside), so an extent never changes a cell's number.
//!
//! One risk remains outside any single export: publishing the same week again after late
//! reports have arrived lets a reader subtract the two versions. Publish a week once, after
//! reporting has settled, or treat a revision as a new export of its own.
//!
//! ```
//! use est_core::report::public::{PublicExport, PublicOptions};
//! use est_core::sample::SampleTown;
//!
//! let town = SampleTown::new(6_000, 2026).generate()?;
//! let export = PublicExport::build(&town, "2026-W47", &PublicOptions::default())?;
//! assert!(export.cells.iter().all(|c| c.count >= 5));
//! let json = export.to_json()?;
//! assert!(!json.contains("\"id\""));
//! # Ok::<(), est_core::Error>(())
//! ```

use super::ReportError;
use crate::Error;
use crate::crs::Crs;
use crate::incident::Incidents;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use geo::{Contains, MultiPolygon, Point};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Options of [`PublicExport::build`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicOptions {
    /// Smallest count that is published (default 5).
    pub k: u64,
    /// Side of the lattice cells in metres (default 500; at least 100).
    pub cell_size_m: f64,
    /// Also publish counts per top-level category group (default true).
    pub groups: bool,
    /// Only cells whose centre lies in this area (SWEREF 99 TM); `None` = every cell.
    #[serde(skip)]
    pub area: Option<MultiPolygon<f64>>,
}

impl Default for PublicOptions {
    fn default() -> Self {
        PublicOptions {
            k: 5,
            cell_size_m: 500.0,
            groups: true,
            area: None,
        }
    }
}

/// One published category group of a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicGroup {
    /// Group code, e.g. `"skadegorelse"`.
    pub code: String,
    /// Swedish label.
    pub sv: String,
    /// English label.
    pub en: String,
    /// Incidents (at least `k`).
    pub count: u64,
}

/// One published lattice cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicCell {
    /// Stable key of the cell: `"{size}m:E{x0}N{y0}"` with its south-west corner in
    /// SWEREF 99 TM metres.
    pub key: String,
    /// South-west corner (SWEREF 99 TM).
    pub x0: f64,
    /// South-west corner (SWEREF 99 TM).
    pub y0: f64,
    /// Corners in WGS 84 (lon, lat), anticlockwise from the south-west, for web maps.
    pub lonlat: [(f64, f64); 4],
    /// Incidents in the cell and week (at least `k`).
    pub count: u64,
    /// Groups published for this cell (at least `k` each; the rest is withdrawn).
    pub groups: Vec<PublicGroup>,
}

/// A privacy-safe weekly export (schema `est.public/1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicExport {
    /// Format version.
    pub schema: String,
    /// ISO week, e.g. `"2026-W47"`.
    pub week: String,
    /// Monday of the week.
    pub monday: NaiveDate,
    /// Time zone of the week.
    pub time_zone: String,
    /// Suppression threshold.
    pub k: u64,
    /// Lattice cell size in metres.
    pub cell_size_m: f64,
    /// The lattice's CRS (always EPSG:3006).
    pub crs: Crs,
    /// Published cells, by key.
    pub cells: Vec<PublicCell>,
    /// Cells with 1 … k − 1 incidents: how many there are (their counts are not published).
    pub suppressed_cells: usize,
    /// Sum of the published cells (never including suppressed ones).
    pub published_total: u64,
    /// How the data were protected, in Swedish and English.
    pub note_sv: String,
    /// How the data were protected, in English.
    pub note_en: String,
}

/// Parses `"2026-W47"` (or `"2026W47"`) into the Monday of that ISO week.
fn parse_week(week: &str) -> Option<NaiveDate> {
    let (y, w) = week.split_once('W')?;
    let y: i32 = y.trim_end_matches('-').parse().ok()?;
    let w: u32 = w.parse().ok()?;
    NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
}

impl PublicExport {
    /// The export of one ISO week (`"2026-W47"`) of `incidents` (any CRS; projected to
    /// SWEREF 99 TM for the lattice).
    ///
    /// # Errors
    /// [`ReportError::InvalidOption`] for a malformed week, `k` = 0 or a cell size below
    /// 100 m or not finite; CRS errors when the incidents cannot be projected.
    pub fn build(
        incidents: &Incidents,
        week: &str,
        options: &PublicOptions,
    ) -> Result<PublicExport, Error> {
        let invalid = |name: &str, value: String, reason: &str| -> Error {
            ReportError::InvalidOption {
                name: name.into(),
                value,
                reason: reason.into(),
            }
            .into()
        };
        let monday = parse_week(week).ok_or_else(|| {
            invalid(
                "week",
                week.to_string(),
                "an ISO week like 2026-W47 that exists",
            )
        })?;
        if options.k == 0 {
            return Err(invalid("k", "0".into(), "at least 1 (5 is usual)"));
        }
        let size = options.cell_size_m;
        if !(size.is_finite() && (100.0..=100_000.0).contains(&size)) {
            return Err(invalid(
                "cell_size_m",
                size.to_string(),
                "a cell size from 100 to 100 000 metres",
            ));
        }
        let (from, to) = week_bounds(monday)
            .ok_or_else(|| invalid("week", week.to_string(), "a week chrono can represent"))?;
        let metric = if incidents.crs() == Crs::SWEREF99_TM {
            incidents.filter(|_| true)
        } else {
            incidents.to_crs(Crs::SWEREF99_TM)?
        };
        let approx = crate::incident::flags::APPROX_POSITION;
        let tax = metric.taxonomy();
        // (col, row) → (total, per group id)
        let mut cells: BTreeMap<(i64, i64), (u64, BTreeMap<u16, u64>)> = BTreeMap::new();
        for i in 0..metric.len() {
            let (Some(&x), Some(&y), Some(&t), Some(&f), Some(&c)) = (
                metric.x().get(i),
                metric.y().get(i),
                metric.times().get(i),
                metric.flags().get(i),
                metric.categories().get(i),
            ) else {
                continue;
            };
            if f & approx != 0 || t < from || t >= to {
                continue;
            }
            let key = ((x / size).floor() as i64, (y / size).floor() as i64);
            let entry = cells.entry(key).or_default();
            entry.0 += 1;
            *entry.1.entry(tax.group_of(c).0).or_default() += 1;
        }
        let k = options.k;
        let mut out = Vec::new();
        let mut suppressed = 0usize;
        for ((col, row), (total, groups)) in cells {
            let (x0, y0) = (col as f64 * size, row as f64 * size);
            if let Some(area) = &options.area
                && !area.contains(&Point::new(x0 + size / 2.0, y0 + size / 2.0))
            {
                continue;
            }
            if total < k {
                suppressed += 1;
                continue;
            }
            let mut published: Vec<(u16, u64)> = if options.groups {
                groups.into_iter().filter(|(_, n)| *n >= k).collect()
            } else {
                Vec::new()
            };
            if options.groups {
                // Secondary suppression: total − Σ published must be 0 or ≥ k.
                published.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                loop {
                    let rest = total - published.iter().map(|g| g.1).sum::<u64>();
                    if rest == 0 || rest >= k || published.is_empty() {
                        break;
                    }
                    published.pop();
                }
            }
            let corners = [
                (x0, y0),
                (x0 + size, y0),
                (x0 + size, y0 + size),
                (x0, y0 + size),
            ]
            .map(|(x, y)| Crs::SWEREF99_TM.to_lonlat_unchecked(x, y));
            out.push(PublicCell {
                key: format!("{size:.0}m:E{x0:.0}N{y0:.0}"),
                x0,
                y0,
                lonlat: corners,
                count: total,
                groups: published
                    .into_iter()
                    .filter_map(|(g, n)| {
                        let c = tax.get(crate::taxonomy::CategoryId(g))?;
                        Some(PublicGroup {
                            code: c.code.clone(),
                            sv: c.sv.clone(),
                            en: c.en.clone(),
                            count: n,
                        })
                    })
                    .collect(),
            });
        }
        let published_total = out.iter().map(|c| c.count).sum();
        let iso = monday.iso_week();
        Ok(PublicExport {
            schema: "est.public/1".into(),
            week: crate::trend::period::iso_week_label(monday),
            monday,
            time_zone: "Europe/Stockholm".into(),
            k,
            cell_size_m: size,
            crs: Crs::SWEREF99_TM,
            cells: out,
            suppressed_cells: suppressed,
            published_total,
            note_sv: format!(
                "Antal händelser per ruta om {size:.0} m under vecka {}. Rutor med färre än {k} \
                 händelser visas inte; inga id:n, fritexter eller exakta platser ingår.",
                iso.week()
            ),
            note_en: format!(
                "Incidents per {size:.0} m cell in week {}. Cells with fewer than {k} incidents \
                 are not shown; no ids, free text or exact positions are included.",
                iso.week()
            ),
        })
    }

    /// The export as pretty JSON.
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

    /// The export as a GeoJSON FeatureCollection (WGS 84 polygons, properties `key`,
    /// `count`, `week` and one property per published group).
    ///
    /// # Errors
    /// Only if serialisation fails, which would be a bug.
    pub fn to_geojson(&self) -> Result<String, Error> {
        let features: Vec<serde_json::Value> = self
            .cells
            .iter()
            .map(|c| {
                let mut ring: Vec<[f64; 2]> = c.lonlat.iter().map(|(x, y)| [*x, *y]).collect();
                ring.push([c.lonlat[0].0, c.lonlat[0].1]);
                let mut props = serde_json::Map::new();
                props.insert("key".into(), c.key.clone().into());
                props.insert("week".into(), self.week.clone().into());
                props.insert("count".into(), c.count.into());
                for g in &c.groups {
                    props.insert(g.code.clone(), g.count.into());
                }
                serde_json::json!({
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": props,
                })
            })
            .collect();
        let fc = serde_json::json!({
            "type": "FeatureCollection",
            "features": features,
            "est": {"schema": self.schema, "week": self.week, "k": self.k,
                    "cell_size_m": self.cell_size_m, "suppressed_cells": self.suppressed_cells},
        });
        serde_json::to_string(&fc).map_err(|e| {
            ReportError::InvalidOption {
                name: "geojson".into(),
                value: String::new(),
                reason: e.to_string(),
            }
            .into()
        })
    }
}

/// `[monday 00:00, next monday 00:00)` in Stockholm local time, as UTC seconds.
fn week_bounds(monday: NaiveDate) -> Option<(i64, i64)> {
    let next = monday.checked_add_signed(Duration::days(7))?;
    Some((
        crate::trend::period::local_midnight(monday)?.timestamp(),
        crate::trend::period::local_midnight(next)?.timestamp(),
    ))
}
