//! Import of the Swedish Police's published events (polisen.se, "händelser").
//!
//! Each event has a type (e.g. "Skadegörelse"), a time with offset, a location name and a
//! `gps` string. **The position is the centroid of the municipality or county**, not the
//! place of the event: every imported incident carries
//! [`flags::APPROX_POSITION`](crate::incident::flags::APPROX_POSITION) and the load report
//! says so. Use these incidents for time series and category counts per municipality, never
//! for hotspots, kernel density or distances.
//!
//! Types are mapped with [`POLISEN_TYPE_MAP`](crate::taxonomy::POLISEN_TYPE_MAP); types that
//! are not incident reports (summaries, traffic accidents, missing persons …) are skipped and
//! counted, each with a warning; an unknown type is a row error naming the closest types.
//!
//! ```
//! use est_core::io::polisen::{read_polisen_json, PolisenOptions};
//!
//! let json = r#"[{"id": 1, "datetime": "2025-03-01 22:10:05 +01:00", "type": "Skadegörelse",
//!   "name": "01 mars 22.10, Skadegörelse, Sollentuna", "summary": "…",
//!   "location": {"name": "Sollentuna", "gps": "59.428,17.950833"}},
//!   {"id": 2, "datetime": "2025-03-02 07:00:00 +01:00", "type": "Sammanfattning natt",
//!   "location": {"name": "Stockholms län", "gps": "59.3,18.0"}}]"#;
//! let inc = read_polisen_json(json, &PolisenOptions::default())?;
//! assert_eq!(inc.len(), 1);
//! assert_eq!(inc.report().skipped, 1);
//! # Ok::<(), est_core::Error>(())
//! ```

use crate::Error;
use crate::crs::Crs;
use crate::incident::{
    FieldNames, Incidents, IncidentsBuilder, LoadOptions, RowError, RowInput, flags,
};
use crate::io::IoError;
use crate::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};

/// One event as published (the fields est uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolisenEvent {
    /// Event id.
    pub id: serde_json::Value,
    /// Time, e.g. `"2022-10-05 9:41:24 +02:00"`.
    pub datetime: String,
    /// Event type, e.g. `"Skadegörelse"`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Headline.
    pub name: String,
    /// Short summary (kept as free text; never exported publicly).
    pub summary: String,
    /// Location.
    pub location: PolisenLocation,
}

/// The location of an event: a municipality or county and its centroid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolisenLocation {
    /// Municipality or county name.
    pub name: String,
    /// `"lat,lon"` of the centroid.
    pub gps: String,
}

/// Options for the import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolisenOptions {
    /// Validation options.
    pub load: LoadOptions,
    /// Taxonomy (EST default if `None`).
    #[serde(skip)]
    pub taxonomy: Option<Taxonomy>,
}

/// Reads the JSON array the events API returns.
///
/// # Errors
/// [`IoError::Format`] for malformed JSON, [`crate::incident::LoadError`] for bad events.
pub fn read_polisen_json(text: &str, options: &PolisenOptions) -> Result<Incidents, Error> {
    let events: Vec<PolisenEvent> = serde_json::from_str(text).map_err(|e| IoError::Format {
        format: "JSON".into(),
        line: Some(e.line()),
        message: format!("{e} (expected the polisen.se events array)"),
    })?;
    read_polisen_events(&events, options)
}

/// Converts events already read (e.g. from an archive) into incidents in WGS 84.
///
/// # Errors
/// [`crate::incident::LoadError`] for bad events (line = 1-based position in `events`).
pub fn read_polisen_events(
    events: &[PolisenEvent],
    options: &PolisenOptions,
) -> Result<Incidents, Error> {
    let taxonomy = options.taxonomy.clone().unwrap_or_default();
    let names = FieldNames {
        time: "datetime".into(),
        category: "type".into(),
        x: "location.gps".into(),
        y: "location.gps".into(),
        ..FieldNames::default()
    };
    let mut b = IncidentsBuilder::new(
        taxonomy.clone(),
        Crs::WGS84,
        LoadOptions {
            approximate_positions: true,
            ..options.load.clone()
        },
    )
    .with_field_names(names);
    b.warn(
        0,
        "location.gps",
        "polisen.se positions are municipality or county centroids, not incident places: \
         use them for counts and trends per area, not for hotspots or distances"
            .into(),
    );
    for (i, ev) in events.iter().enumerate() {
        let line = i + 1;
        let mut pre = Vec::new();
        let category = match taxonomy.polisen_category(&ev.event_type) {
            Ok(Some(id)) => taxonomy.code(id).to_string(),
            Ok(None) => {
                b.skip(
                    line,
                    "type",
                    format!("{:?} is not an incident report; skipped", ev.event_type),
                );
                continue;
            }
            Err(e) => {
                // An unknown type is reported with the closest polisen.se types.
                pre.push(crate::incident::taxonomy_row_error(
                    line,
                    "type",
                    &ev.event_type,
                    &e,
                ));
                "ovrigt".to_string()
            }
        };
        let parsed: Option<(f64, f64)> = ev.location.gps.split_once(',').and_then(|(la, lo)| {
            Some((
                lo.trim().parse::<f64>().ok()?,
                la.trim().parse::<f64>().ok()?,
            ))
        });
        if parsed.is_none() {
            pre.push(RowError {
                line,
                field: "location.gps".into(),
                value: ev.location.gps.clone(),
                message: "expected \"lat,lon\" in decimal degrees".into(),
                code: "BAD_NUMBER".into(),
            });
        }
        let id = match &ev.id {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => format!("L{line}"),
            other => other.to_string(),
        };
        let row = RowInput {
            line,
            id: Some(format!("polisen-{id}")),
            time: ev.datetime.clone(),
            category,
            x: parsed.map(|p| p.0),
            y: parsed.map(|p| p.1),
            organisation: Some("polis".into()),
            place: Some(ev.location.name.clone()),
            weight: None,
            text: Some(ev.summary.clone()),
            flags: flags::APPROX_POSITION,
        };
        b.push_with(row, pre);
    }
    Ok(b.finish()?)
}
