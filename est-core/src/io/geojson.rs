//! GeoJSON (RFC 7946) points in and out. GeoJSON is longitude/latitude on WGS 84 by
//! definition, so reading gives incidents in [`Crs::WGS84`] (transform them with
//! [`Incidents::to_crs`] before metric methods) and writing transforms to WGS 84.
//!
//! Each feature is one incident: a `Point` geometry and properties named like the CSV
//! columns (`id`, `time`, `category`, `organisation`, `place`, `weight`, `text`, or their
//! Swedish forms). A feature without an `id` property uses the feature's own `id`.
//!
//! ```
//! use est_core::io::geojson::{read_geojson, write_geojson, GeoJsonOptions, GeoJsonWriteOptions};
//!
//! let text = r#"{"type": "FeatureCollection", "features": [
//!   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [18.0649, 59.3326]},
//!    "properties": {"id": "a1", "time": "2025-05-01T22:10:00+02:00", "category": "klotter"}}]}"#;
//! let inc = read_geojson(text, &GeoJsonOptions::default())?;
//! assert_eq!(inc.len(), 1);
//! let out = write_geojson(&inc, &GeoJsonWriteOptions::default())?;
//! assert!(out.contains("\"klotter\""));
//! # Ok::<(), est_core::Error>(())
//! ```

use crate::Error;
use crate::crs::Crs;
use crate::incident::{FieldNames, Incidents, IncidentsBuilder, LoadOptions, RowError, RowInput};
use crate::io::IoError;
use crate::io::names::{CATEGORY, ID, ORG, PLACE, TEXT, TIME, WEIGHT};
use crate::taxonomy::Taxonomy;
use geojson::{Feature, FeatureCollection, GeoJson, Geometry, GeometryValue, JsonObject};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Options for [`read_geojson`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GeoJsonOptions {
    /// CRS of the coordinates. RFC 7946 says WGS 84 (the default); older files in SWEREF 99
    /// must say so here.
    pub crs: Option<Crs>,
    /// Validation options.
    pub load: LoadOptions,
    /// The taxonomy (EST default if `None`).
    #[serde(skip)]
    pub taxonomy: Option<Taxonomy>,
}

/// Options for [`write_geojson`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GeoJsonWriteOptions {
    /// Write incident ids (default true).
    pub include_ids: bool,
    /// Write free text (default false: free text is internal and never leaves in exports
    /// unless asked for).
    pub include_text: bool,
}

impl Default for GeoJsonWriteOptions {
    fn default() -> Self {
        GeoJsonWriteOptions {
            include_ids: true,
            include_text: false,
        }
    }
}

fn prop<'a>(props: &'a JsonObject, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| {
        props
            .iter()
            .find(|(k, _)| k.to_lowercase() == *n)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    })
}

fn as_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// Reads a FeatureCollection (or a single Feature) of points.
///
/// # Errors
/// [`IoError::Format`] for text that is not GeoJSON; [`crate::incident::LoadError`] listing
/// every bad feature (its 1-based position as the line, `geometry` or the property as field).
pub fn read_geojson(text: &str, options: &GeoJsonOptions) -> Result<Incidents, Error> {
    let gj: GeoJson = text.parse().map_err(|e: geojson::Error| IoError::Format {
        format: "GeoJSON".into(),
        line: None,
        message: e.to_string(),
    })?;
    let features: Vec<Feature> = match gj {
        GeoJson::FeatureCollection(fc) => fc.features,
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(_) => {
            return Err(IoError::Format {
                format: "GeoJSON".into(),
                line: None,
                message: "expected a FeatureCollection of Point features with properties, \
                          got a bare geometry"
                    .into(),
            }
            .into());
        }
    };
    let crs = options.crs.unwrap_or(Crs::WGS84);
    let names = FieldNames {
        x: "geometry".into(),
        y: "geometry".into(),
        ..FieldNames::default()
    };
    let taxonomy = options.taxonomy.clone().unwrap_or_default();
    let mut b = IncidentsBuilder::new(taxonomy, crs, options.load.clone()).with_field_names(names);
    let empty = JsonObject::new();
    for (i, f) in features.iter().enumerate() {
        let line = i + 1;
        let props = f.properties.as_ref().unwrap_or(&empty);
        let mut pre = Vec::new();
        let (x, y) = match f.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Point { coordinates }) if coordinates.len() >= 2 => {
                (Some(coordinates[0]), Some(coordinates[1]))
            }
            other => {
                pre.push(RowError {
                    line,
                    field: "geometry".into(),
                    value: other.map_or("null".to_string(), |g| g.type_name().to_string()),
                    message: "expected a Point geometry with [x, y] coordinates".into(),
                    code: "BAD_GEOMETRY".into(),
                });
                (None, None)
            }
        };
        let id = as_text(prop(props, ID)).or_else(|| {
            f.id.as_ref().map(|id| match id {
                geojson::feature::Id::String(s) => s.clone(),
                geojson::feature::Id::Number(n) => n.to_string(),
            })
        });
        let weight = match prop(props, WEIGHT) {
            Some(Value::Number(n)) => n.as_f64(),
            Some(v) => {
                pre.push(RowError {
                    line,
                    field: "weight".into(),
                    value: v.to_string(),
                    message: "weight must be a number".into(),
                    code: "BAD_NUMBER".into(),
                });
                None
            }
            None => None,
        };
        let row = RowInput {
            line,
            id: Some(id.unwrap_or_else(|| format!("F{line}"))),
            time: as_text(prop(props, TIME)).unwrap_or_default(),
            category: as_text(prop(props, CATEGORY)).unwrap_or_default(),
            x,
            y,
            organisation: as_text(prop(props, ORG)),
            place: as_text(prop(props, PLACE)),
            weight,
            text: as_text(prop(props, TEXT)),
            flags: 0,
        };
        b.push_with(row, pre);
    }
    Ok(b.finish()?)
}

/// Writes incidents as a FeatureCollection of points in WGS 84 (RFC 7946), with properties
/// `id`, `time` (RFC 3339, Europe/Stockholm offset), `category`, `category_sv`,
/// `organisation`, `place`, `weight` and `approximate_position`.
///
/// # Errors
/// [`crate::crs::CrsError`] if a position cannot be transformed to WGS 84.
pub fn write_geojson(
    incidents: &Incidents,
    options: &GeoJsonWriteOptions,
) -> Result<String, Error> {
    let lonlat = incidents.to_crs(Crs::WGS84)?;
    let tax = incidents.taxonomy();
    let mut features = Vec::with_capacity(incidents.len());
    for (i, r) in incidents.iter().enumerate() {
        let mut p = JsonObject::new();
        if options.include_ids {
            p.insert("id".into(), r.id.into());
        }
        let local = r.time.with_timezone(&chrono_tz::Europe::Stockholm);
        p.insert("time".into(), local.to_rfc3339().into());
        p.insert("category".into(), tax.code(r.category).into());
        p.insert(
            "category_sv".into(),
            tax.get(r.category).map_or("", |c| c.sv.as_str()).into(),
        );
        p.insert("organisation".into(), r.organisation.code().into());
        if !r.place.is_empty() {
            p.insert("place".into(), r.place.into());
        }
        p.insert("weight".into(), r.weight.into());
        p.insert(
            "approximate_position".into(),
            (r.flags & crate::incident::flags::APPROX_POSITION != 0).into(),
        );
        if options.include_text && !r.text.is_empty() {
            p.insert("text".into(), r.text.into());
        }
        let (lon, lat) = (lonlat.x()[i], lonlat.y()[i]);
        features.push(Feature {
            bbox: None,
            geometry: Some(Geometry::new_point([round7(lon), round7(lat)])),
            id: None,
            properties: Some(p),
            foreign_members: None,
        });
    }
    let fc = FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    Ok(GeoJson::FeatureCollection(fc).to_string())
}

/// Rounds degrees to 7 decimals (about 1 cm), as RFC 7946 §11.2 recommends.
fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::SampleTown;

    #[test]
    fn round_trip_through_wgs84() {
        let town = SampleTown::new(200, 5).generate().unwrap();
        let text = write_geojson(&town, &GeoJsonWriteOptions::default()).unwrap();
        assert!(
            !text.contains("Klotter på fasad"),
            "free text must not be exported"
        );
        let back = read_geojson(&text, &GeoJsonOptions::default()).unwrap();
        assert_eq!(back.len(), town.len());
        let metric = back.to_crs(Crs::SWEREF99_TM).unwrap();
        for i in 0..town.len() {
            // 7 decimals of a degree: ≤ 1.1 cm.
            assert!((metric.x()[i] - town.x()[i]).abs() < 0.02);
            assert!((metric.y()[i] - town.y()[i]).abs() < 0.02);
            assert_eq!(back.id(i), town.id(i));
            assert_eq!(back.times()[i], town.times()[i]);
        }
    }

    #[test]
    fn bad_features_are_all_reported() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[18,59],[18.1,59.1]]},"properties":{"time":"2025-01-01","category":"hot"}},
          {"type":"Feature","geometry":{"type":"Point","coordinates":[18,59]},"properties":{"time":"2025-01-01","category":"nope"}},
          {"type":"Feature","geometry":{"type":"Point","coordinates":[18,59]},"properties":{"time":"2025-01-01","category":"hot"}}]}"#;
        let opts = GeoJsonOptions {
            load: LoadOptions {
                on_error: crate::incident::OnError::Collect,
                ..LoadOptions::default()
            },
            ..GeoJsonOptions::default()
        };
        let inc = read_geojson(text, &opts).unwrap();
        assert_eq!(inc.len(), 1);
        let got: Vec<_> = inc
            .report()
            .errors
            .iter()
            .map(|e| (e.line, e.code.as_str()))
            .collect();
        assert_eq!(got, [(1, "BAD_GEOMETRY"), (2, "UNKNOWN_CATEGORY")]);
    }
}
