//! Named places and the intervention registry (*insatsregister*): what was done, where, from
//! when, against which categories, with which control and displacement (buffer) areas.
//!
//! The registry is a JSON document with a versioned schema (`"schema": "est.interventions/1"`,
//! described by `schema/interventions-v1.schema.json` in the repository):
//!
//! ```json
//! {
//!   "schema": "est.interventions/1",
//!   "crs": 3006,
//!   "places": [
//!     {"name": "Torget", "geometry": {"type": "Polygon", "coordinates": [[[…]]]}}
//!   ],
//!   "interventions": [
//!     {"id": "2024-01", "name": "Belysning vid torget", "target": "Torget",
//!      "control": "Norra", "buffer_m": 200, "start": "2024-03-01", "end": null,
//!      "categories": ["skadegorelse"], "organisations": ["kommun"], "goal_irr": 0.8}
//!   ]
//! }
//! ```
//!
//! * `crs` is an EPSG code (number or `"EPSG:3006"`); place geometries are GeoJSON Polygon or
//!   MultiPolygon geometry objects **in that CRS** (not necessarily WGS 84).
//! * `start` and `end` are calendar dates (Europe/Stockholm). `end` is the last day of the
//!   intervention (inclusive); `null` or absent while it is still running.
//! * `buffer` names a displacement area; `buffer_m` instead asks for a ring of that many metres
//!   around the target (projected CRS only). At most one of the two.
//! * `categories` are EST category codes, labels or aliases, resolved against a
//!   [`Taxonomy`]; a group (`skadegorelse`) includes its subcategories (`klotter`).
//! * `description` is free text for the EST group. It is kept in the registry file but never
//!   written by [`Registry::to_public_json`] nor copied into evaluation results.
//! * `goal_irr` is the goal set when the intervention was planned, as an incidence rate ratio
//!   in (0, 1] (0.8 = a 20 % relative reduction).
//!
//! [`Registry::from_json`] reports **every** problem at once as
//! [`FollowupError::InvalidRegistry`], each [`RegistryIssue`] with its JSON path
//! (`interventions[2].start`), the offending value, a message and a stable code:
//!
//! | Code | Problem |
//! |---|---|
//! | `REGISTRY_JSON` | the text is not JSON |
//! | `REGISTRY_SCHEMA_VERSION` | `schema` is not `est.interventions/1` |
//! | `REGISTRY_MISSING_FIELD` | a required field is absent |
//! | `REGISTRY_WRONG_TYPE` | a value of the wrong JSON type |
//! | `REGISTRY_UNKNOWN_FIELD` | a field this schema does not define (usually a typo) |
//! | `REGISTRY_BAD_CRS` | an unsupported or unreadable CRS |
//! | `REGISTRY_EMPTY_VALUE` | an empty id, name or category list |
//! | `REGISTRY_DUPLICATE_PLACE`, `REGISTRY_DUPLICATE_ID` | a name or id used twice |
//! | `REGISTRY_UNKNOWN_PLACE` | `target`, `control` or `buffer` names no place |
//! | `REGISTRY_SAME_PLACE` | control or buffer is the target (or buffer = control) |
//! | `REGISTRY_BAD_DATE`, `REGISTRY_INVERTED_DATES` | not a `YYYY-MM-DD` date; `end` before `start` |
//! | `REGISTRY_UNKNOWN_CATEGORY` | a category the taxonomy does not know (with suggestions) |
//! | `REGISTRY_BAD_GEOMETRY`, `REGISTRY_EMPTY_GEOMETRY` | not a valid polygon; zero area |
//! | `REGISTRY_OUT_OF_AREA` | a vertex outside the CRS's area of use (or x/y swapped) |
//! | `REGISTRY_BAD_GOAL_IRR` | `goal_irr` outside (0, 1] |
//! | `REGISTRY_BAD_BUFFER`, `REGISTRY_BUFFER_CONFLICT`, `REGISTRY_BUFFER_NEEDS_METRIC` | `buffer_m` ≤ 0; both `buffer` and `buffer_m`; a ring in degrees |
//!
//! # Example
//! ```
//! use est_core::followup::registry::Registry;
//! use est_core::taxonomy::Taxonomy;
//!
//! let text = r#"{
//!   "schema": "est.interventions/1", "crs": 3006,
//!   "places": [{"name": "Torget", "geometry": {"type": "Polygon", "coordinates":
//!     [[[660000, 6610000], [660400, 6610000], [660400, 6610300], [660000, 6610300],
//!       [660000, 6610000]]]}}],
//!   "interventions": [{"id": "T1", "name": "Belysning", "target": "Torget",
//!     "buffer_m": 200, "start": "2024-03-01", "categories": ["klotter"]}]
//! }"#;
//! let registry = Registry::from_json(text, &Taxonomy::default())?;
//! assert_eq!(registry.intervention("T1")?.target, "Torget");
//! let again = Registry::from_json(&registry.to_json()?, &Taxonomy::default())?;
//! assert_eq!(again, registry);
//!
//! let bad = text.replace("2024-03-01", "2024-02-30").replace("klotter", "kloter");
//! let err = Registry::from_json(&bad, &Taxonomy::default()).unwrap_err();
//! assert!(err.to_string().contains("interventions[0].start"));
//! assert!(err.to_string().contains("interventions[0].categories[0]"));
//! # Ok::<(), est_core::Error>(())
//! ```

use std::collections::HashMap;

use chrono::NaiveDate;
use geo::{Area, Coord, LineString, MultiPolygon, Polygon, Validation};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::{FollowupError, RegistryIssue};
use crate::crs::Crs;
use crate::taxonomy::{Taxonomy, TaxonomyError};

/// The schema identifier this version of est reads and writes.
pub const SCHEMA_V1: &str = "est.interventions/1";

/// A named place (target, control or displacement area).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Unique name, referred to by interventions.
    pub name: String,
    /// The area, in the registry's CRS (a GeoJSON Polygon or MultiPolygon in the file).
    pub geometry: MultiPolygon<f64>,
}

impl Serialize for Place {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        json!({"name": self.name, "geometry": geometry_to_json(&self.geometry)})
            .serialize(serializer)
    }
}

/// One intervention (*insats*).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intervention {
    /// Unique id.
    pub id: String,
    /// Short name.
    pub name: String,
    /// Name of the target place.
    pub target: String,
    /// Name of the control place; `None`: the rest of the study area outside target and buffer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// Name of the displacement (buffer) place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buffer: Option<String>,
    /// Or: a ring of this many metres around the target as the displacement area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buffer_m: Option<f64>,
    /// First day (Europe/Stockholm).
    pub start: NaiveDate,
    /// Last day, inclusive; `None` while the intervention runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Targeted EST categories (codes, labels or aliases; groups include their members).
    pub categories: Vec<String>,
    /// Organisations taking part (free text, e.g. "kommun", "polis").
    pub organisations: Vec<String>,
    /// Free text for the EST group; never in public exports or evaluation results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The goal set when planning, as an incidence rate ratio in (0, 1].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal_irr: Option<f64>,
}

/// The intervention registry: places and interventions in one CRS.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Registry {
    /// Schema identifier, [`SCHEMA_V1`].
    pub schema: String,
    /// CRS of every place geometry.
    pub crs: Crs,
    /// Named places.
    pub places: Vec<Place>,
    /// Interventions.
    pub interventions: Vec<Intervention>,
}

impl Registry {
    /// An empty registry in `crs`.
    pub fn new(crs: Crs) -> Registry {
        Registry {
            schema: SCHEMA_V1.to_string(),
            crs,
            places: Vec::new(),
            interventions: Vec::new(),
        }
    }

    /// Reads and validates a registry; categories are resolved against `taxonomy`.
    ///
    /// # Errors
    /// [`FollowupError::InvalidRegistry`] listing every problem (see the module docs for the
    /// codes).
    pub fn from_json(text: &str, taxonomy: &Taxonomy) -> crate::Result<Registry> {
        let root: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                return Err(FollowupError::InvalidRegistry {
                    issues: vec![RegistryIssue {
                        path: "$".to_string(),
                        value: format!("line {}, column {}", e.line(), e.column()),
                        message: format!("not valid JSON: {e}"),
                        code: "REGISTRY_JSON".to_string(),
                    }],
                }
                .into());
            }
        };
        let mut issues = Issues::default();
        let registry = read_registry(&root, taxonomy, &mut issues);
        match registry {
            Some(r) if issues.0.is_empty() => Ok(r),
            _ => Err(FollowupError::InvalidRegistry { issues: issues.0 }.into()),
        }
    }

    /// Validates a registry built in code with the same checks as [`Registry::from_json`].
    ///
    /// # Errors
    /// [`FollowupError::InvalidRegistry`] listing every problem.
    pub fn validate(&self, taxonomy: &Taxonomy) -> crate::Result<()> {
        Registry::from_json(&self.to_json()?, taxonomy).map(|_| ())
    }

    /// The registry as pretty-printed JSON (with descriptions; the file the EST group keeps).
    ///
    /// # Errors
    /// [`FollowupError::Undefined`] if serialisation fails (it does not for valid values).
    pub fn to_json(&self) -> crate::Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| {
            FollowupError::Undefined {
                measure: "registry JSON".to_string(),
                reason: e.to_string(),
            }
            .into()
        })
    }

    /// As [`Registry::to_json`] but without the free-text `description` of any intervention,
    /// for publication.
    ///
    /// # Errors
    /// As [`Registry::to_json`].
    pub fn to_public_json(&self) -> crate::Result<String> {
        let mut public = self.clone();
        for i in &mut public.interventions {
            i.description = None;
        }
        public.to_json()
    }

    /// The place with this name.
    pub fn place(&self, name: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.name == name)
    }

    /// The intervention with this id.
    ///
    /// # Errors
    /// [`FollowupError::UnknownIntervention`] with the known ids.
    pub fn intervention(&self, id: &str) -> Result<&Intervention, FollowupError> {
        self.interventions
            .iter()
            .find(|i| i.id == id)
            .ok_or_else(|| FollowupError::UnknownIntervention {
                id: id.to_string(),
                known: self
                    .interventions
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

fn geometry_to_json(mp: &MultiPolygon<f64>) -> Value {
    fn ring(ls: &LineString<f64>) -> Value {
        Value::Array(ls.0.iter().map(|c| json!([c.x, c.y])).collect())
    }
    fn poly(p: &Polygon<f64>) -> Value {
        Value::Array(
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(ring)
                .collect(),
        )
    }
    match mp.0.as_slice() {
        [one] => json!({"type": "Polygon", "coordinates": poly(one)}),
        many => {
            json!({"type": "MultiPolygon", "coordinates": many.iter().map(poly).collect::<Vec<_>>()})
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

#[derive(Default)]
struct Issues(Vec<RegistryIssue>);

impl Issues {
    fn add(&mut self, path: &str, value: String, code: &str, message: impl Into<String>) {
        self.0.push(RegistryIssue {
            path: path.to_string(),
            value,
            message: message.into(),
            code: code.to_string(),
        });
    }
}

/// A JSON value as short text for an issue.
fn show(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::normalized_levenshtein(word, k), k))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

fn unknown_fields(obj: &Map<String, Value>, known: &[&str], path: &str, issues: &mut Issues) {
    for (key, value) in obj {
        if !known.contains(&key.as_str()) {
            let hint = closest(key, known.iter().copied())
                .map(|k| format!(" (did you mean {k:?}?)"))
                .unwrap_or_default();
            issues.add(
                &join(path, key),
                show(value),
                "REGISTRY_UNKNOWN_FIELD",
                format!(
                    "unknown field {key:?}{hint}; known fields: {}",
                    known.join(", ")
                ),
            );
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A required field; reports its absence. `null` counts as absent.
fn required<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
    issues: &mut Issues,
) -> Option<&'a Value> {
    match obj.get(key) {
        Some(Value::Null) | None => {
            issues.add(
                &join(path, key),
                String::new(),
                "REGISTRY_MISSING_FIELD",
                format!("{key:?} is required"),
            );
            None
        }
        Some(v) => Some(v),
    }
}

/// An optional field (`null` = absent).
fn optional<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

fn as_str<'a>(v: &'a Value, path: &str, issues: &mut Issues) -> Option<&'a str> {
    match v {
        Value::String(s) => Some(s.as_str()),
        other => {
            issues.add(
                path,
                show(other),
                "REGISTRY_WRONG_TYPE",
                format!("expected a string, found {}", type_name(other)),
            );
            None
        }
    }
}

/// A string that must not be blank.
fn non_empty_str(v: &Value, path: &str, issues: &mut Issues) -> Option<String> {
    let s = as_str(v, path, issues)?;
    if s.trim().is_empty() {
        issues.add(
            path,
            s.to_string(),
            "REGISTRY_EMPTY_VALUE",
            "must not be empty",
        );
        None
    } else {
        Some(s.to_string())
    }
}

fn as_f64(v: &Value, path: &str, issues: &mut Issues) -> Option<f64> {
    match v.as_f64() {
        Some(x) => Some(x),
        None => {
            issues.add(
                path,
                show(v),
                "REGISTRY_WRONG_TYPE",
                format!("expected a number, found {}", type_name(v)),
            );
            None
        }
    }
}

fn as_array<'a>(v: &'a Value, path: &str, issues: &mut Issues) -> Option<&'a Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        other => {
            issues.add(
                path,
                show(other),
                "REGISTRY_WRONG_TYPE",
                format!("expected an array, found {}", type_name(other)),
            );
            None
        }
    }
}

fn as_object<'a>(v: &'a Value, path: &str, issues: &mut Issues) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        other => {
            issues.add(
                path,
                show(other),
                "REGISTRY_WRONG_TYPE",
                format!("expected an object, found {}", type_name(other)),
            );
            None
        }
    }
}

fn as_date(v: &Value, path: &str, issues: &mut Issues) -> Option<NaiveDate> {
    let s = as_str(v, path, issues)?;
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if s.len() == 10 => Some(d),
        _ => {
            issues.add(
                path,
                s.to_string(),
                "REGISTRY_BAD_DATE",
                "expected a calendar date YYYY-MM-DD (e.g. \"2024-03-01\")",
            );
            None
        }
    }
}

const TOP_FIELDS: &[&str] = &["$schema", "schema", "crs", "places", "interventions"];
const PLACE_FIELDS: &[&str] = &["name", "geometry"];
const INTERVENTION_FIELDS: &[&str] = &[
    "id",
    "name",
    "target",
    "control",
    "buffer",
    "buffer_m",
    "start",
    "end",
    "categories",
    "organisations",
    "description",
    "goal_irr",
];

fn read_registry(root: &Value, taxonomy: &Taxonomy, issues: &mut Issues) -> Option<Registry> {
    let obj = as_object(root, "$", issues)?;
    let schema = required(obj, "schema", "", issues)
        .and_then(|v| as_str(v, "schema", issues))
        .map(str::to_string);
    if let Some(s) = &schema
        && s != SCHEMA_V1
    {
        issues.add(
            "schema",
            s.clone(),
            "REGISTRY_SCHEMA_VERSION",
            format!("unknown schema version; this version of est reads {SCHEMA_V1:?}"),
        );
    }
    let crs = required(obj, "crs", "", issues).and_then(|v| read_crs(v, issues));
    unknown_fields(obj, TOP_FIELDS, "", issues);

    let places = required(obj, "places", "", issues)
        .and_then(|v| as_array(v, "places", issues))
        .map(|arr| read_places(arr, crs, issues));
    let place_names: Vec<String> = places
        .as_ref()
        .map(|ps| ps.iter().filter_map(|p| p.name.clone()).collect())
        .unwrap_or_default();
    let interventions = required(obj, "interventions", "", issues)
        .and_then(|v| as_array(v, "interventions", issues))
        .map(|arr| read_interventions(arr, &place_names, places.is_some(), crs, taxonomy, issues));

    // Build only when every part is complete (otherwise the issues say why).
    let places: Option<Vec<Place>> = places?
        .into_iter()
        .map(|p| {
            Some(Place {
                name: p.name?,
                geometry: p.geometry?,
            })
        })
        .collect();
    Some(Registry {
        schema: schema?,
        crs: crs?,
        places: places?,
        interventions: interventions?.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

fn read_crs(v: &Value, issues: &mut Issues) -> Option<Crs> {
    let parsed = match v {
        Value::Number(n) => match n.as_u64().and_then(|c| u32::try_from(c).ok()) {
            Some(code) => Crs::from_epsg(code),
            None => Crs::parse(&n.to_string()),
        },
        Value::String(s) => Crs::parse(s),
        other => {
            issues.add(
                "crs",
                show(other),
                "REGISTRY_WRONG_TYPE",
                format!(
                    "expected an EPSG code (3006 or \"EPSG:3006\"), found {}",
                    type_name(other)
                ),
            );
            return None;
        }
    };
    match parsed {
        Ok(c) => Some(c),
        Err(e) => {
            issues.add("crs", show(v), "REGISTRY_BAD_CRS", e.to_string());
            None
        }
    }
}

struct RawPlace {
    name: Option<String>,
    geometry: Option<MultiPolygon<f64>>,
}

fn read_places(arr: &[Value], crs: Option<Crs>, issues: &mut Issues) -> Vec<RawPlace> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(arr.len());
    for (i, v) in arr.iter().enumerate() {
        let path = format!("places[{i}]");
        let Some(obj) = as_object(v, &path, issues) else {
            out.push(RawPlace {
                name: None,
                geometry: None,
            });
            continue;
        };
        let name_path = join(&path, "name");
        let name =
            required(obj, "name", &path, issues).and_then(|v| non_empty_str(v, &name_path, issues));
        if let Some(n) = &name {
            if let Some(first) = seen.get(n) {
                issues.add(
                    &name_path,
                    n.clone(),
                    "REGISTRY_DUPLICATE_PLACE",
                    format!("place name already used by places[{first}]"),
                );
            } else {
                seen.insert(n.clone(), i);
            }
        }
        let geometry = required(obj, "geometry", &path, issues)
            .and_then(|g| read_geometry(g, &join(&path, "geometry"), crs, issues));
        unknown_fields(obj, PLACE_FIELDS, &path, issues);
        out.push(RawPlace { name, geometry });
    }
    out
}

/// Reads a GeoJSON Polygon or MultiPolygon geometry object; the first structural problem of a
/// geometry is reported and ends its reading.
fn read_geometry(
    v: &Value,
    path: &str,
    crs: Option<Crs>,
    issues: &mut Issues,
) -> Option<MultiPolygon<f64>> {
    let obj = as_object(v, path, issues)?;
    let kind =
        required(obj, "type", path, issues).and_then(|t| as_str(t, &join(path, "type"), issues));
    let coords_path = join(path, "coordinates");
    let coords = required(obj, "coordinates", path, issues);
    let (kind, coords) = (kind?, coords?);
    let polygons: Vec<(String, &Value)> = match kind {
        "Polygon" => vec![(coords_path.clone(), coords)],
        "MultiPolygon" => as_array(coords, &coords_path, issues)?
            .iter()
            .enumerate()
            .map(|(j, p)| (format!("{coords_path}[{j}]"), p))
            .collect(),
        other => {
            issues.add(
                &join(path, "type"),
                other.to_string(),
                "REGISTRY_BAD_GEOMETRY",
                "expected a GeoJSON \"Polygon\" or \"MultiPolygon\"",
            );
            return None;
        }
    };
    let mut out = Vec::with_capacity(polygons.len());
    for (ppath, pv) in polygons {
        let rings = as_array(pv, &ppath, issues)?;
        if rings.is_empty() {
            issues.add(
                &ppath,
                show(pv),
                "REGISTRY_BAD_GEOMETRY",
                "a polygon needs an exterior ring",
            );
            return None;
        }
        let mut lines = Vec::with_capacity(rings.len());
        for (k, rv) in rings.iter().enumerate() {
            let rpath = format!("{ppath}[{k}]");
            let positions = as_array(rv, &rpath, issues)?;
            let mut ring = Vec::with_capacity(positions.len());
            for (m, pos) in positions.iter().enumerate() {
                let xy = pos
                    .as_array()
                    .filter(|a| a.len() >= 2)
                    .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?)));
                let Some((x, y)) = xy else {
                    issues.add(
                        &format!("{rpath}[{m}]"),
                        show(pos),
                        "REGISTRY_BAD_GEOMETRY",
                        "a position is an array of two numbers [x, y]",
                    );
                    return None;
                };
                ring.push(Coord { x, y });
            }
            if ring.len() < 4 {
                issues.add(
                    &rpath,
                    show(rv),
                    "REGISTRY_BAD_GEOMETRY",
                    format!(
                        "a linear ring needs at least 4 positions, the last equal to the first (got {})",
                        ring.len()
                    ),
                );
                return None;
            }
            if ring.first() != ring.last() {
                issues.add(
                    &rpath,
                    show(rv),
                    "REGISTRY_BAD_GEOMETRY",
                    "the ring is not closed: its last position must equal its first",
                );
                return None;
            }
            if let Some(crs) = crs {
                for (m, c) in ring.iter().enumerate() {
                    if let Err(e) = crs.check(c.x, c.y) {
                        issues.add(
                            &format!("{rpath}[{m}]"),
                            format!("[{}, {}]", c.x, c.y),
                            "REGISTRY_OUT_OF_AREA",
                            e.to_string(),
                        );
                        return None;
                    }
                }
            }
            lines.push(LineString::new(ring));
        }
        let mut it = lines.into_iter();
        if let Some(exterior) = it.next() {
            out.push(Polygon::new(exterior, it.collect()));
        }
    }
    let mp = MultiPolygon::new(out);
    let problems = mp.validation_errors();
    if !problems.is_empty() {
        let text: Vec<String> = problems.iter().take(3).map(|p| p.to_string()).collect();
        issues.add(
            path,
            format!("{} problem(s)", problems.len()),
            "REGISTRY_BAD_GEOMETRY",
            format!("invalid polygon: {}", text.join("; ")),
        );
        return None;
    }
    let area = mp.unsigned_area();
    if mp.0.is_empty() || area <= 0.0 || area.is_nan() {
        issues.add(
            path,
            format!("{} polygon(s), area {area}", mp.0.len()),
            "REGISTRY_EMPTY_GEOMETRY",
            "the place has no area",
        );
        return None;
    }
    Some(mp)
}

fn read_interventions(
    arr: &[Value],
    places: &[String],
    places_known: bool,
    crs: Option<Crs>,
    taxonomy: &Taxonomy,
    issues: &mut Issues,
) -> Vec<Option<Intervention>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(arr.len());
    for (i, v) in arr.iter().enumerate() {
        let path = format!("interventions[{i}]");
        let Some(obj) = as_object(v, &path, issues) else {
            out.push(None);
            continue;
        };
        let p = |key: &str| join(&path, key);

        let id =
            required(obj, "id", &path, issues).and_then(|v| non_empty_str(v, &p("id"), issues));
        if let Some(id) = &id {
            if let Some(first) = seen.get(id) {
                issues.add(
                    &p("id"),
                    id.clone(),
                    "REGISTRY_DUPLICATE_ID",
                    format!("intervention id already used by interventions[{first}]"),
                );
            } else {
                seen.insert(id.clone(), i);
            }
        }
        let name =
            required(obj, "name", &path, issues).and_then(|v| non_empty_str(v, &p("name"), issues));

        let place_ref = |key: &str, v: &Value, issues: &mut Issues| -> Option<String> {
            let s = non_empty_str(v, &p(key), issues)?;
            if places_known && !places.contains(&s) {
                let hint = closest(&s, places.iter().map(String::as_str))
                    .map(|k| format!(" (did you mean {k:?}?)"))
                    .unwrap_or_default();
                issues.add(
                    &p(key),
                    s.clone(),
                    "REGISTRY_UNKNOWN_PLACE",
                    format!("no place with this name in \"places\"{hint}"),
                );
                return None;
            }
            Some(s)
        };
        let target =
            required(obj, "target", &path, issues).and_then(|v| place_ref("target", v, issues));
        let control = optional(obj, "control").map(|v| place_ref("control", v, issues));
        let buffer = optional(obj, "buffer").map(|v| place_ref("buffer", v, issues));
        if let (Some(t), Some(Some(c))) = (&target, &control)
            && t == c
        {
            issues.add(
                &p("control"),
                c.clone(),
                "REGISTRY_SAME_PLACE",
                "the control area must differ from the target",
            );
        }
        if let Some(Some(b)) = &buffer {
            if target.as_ref() == Some(b) {
                issues.add(
                    &p("buffer"),
                    b.clone(),
                    "REGISTRY_SAME_PLACE",
                    "the buffer (displacement) area must differ from the target",
                );
            } else if let Some(Some(c)) = &control
                && c == b
            {
                issues.add(
                    &p("buffer"),
                    b.clone(),
                    "REGISTRY_SAME_PLACE",
                    "the buffer (displacement) area must differ from the control area",
                );
            }
        }

        let buffer_m = optional(obj, "buffer_m").map(|v| {
            let x = as_f64(v, &p("buffer_m"), issues)?;
            if x <= 0.0 {
                issues.add(
                    &p("buffer_m"),
                    show(v),
                    "REGISTRY_BAD_BUFFER",
                    "the buffer ring width must be a positive number of metres",
                );
                return None;
            }
            if buffer.is_some() {
                issues.add(
                    &p("buffer_m"),
                    show(v),
                    "REGISTRY_BUFFER_CONFLICT",
                    "give either \"buffer\" (a place) or \"buffer_m\" (a ring), not both",
                );
                return None;
            }
            if let Some(c) = crs
                && c.is_geographic()
            {
                issues.add(
                    &p("buffer_m"),
                    show(v),
                    "REGISTRY_BUFFER_NEEDS_METRIC",
                    format!(
                        "a ring in metres needs a projected CRS, but the registry is in {c}; use \
                         a buffer place or a projected CRS such as EPSG:3006"
                    ),
                );
                return None;
            }
            Some(x)
        });

        let start =
            required(obj, "start", &path, issues).and_then(|v| as_date(v, &p("start"), issues));
        let end = optional(obj, "end").map(|v| as_date(v, &p("end"), issues));
        if let (Some(s), Some(Some(e))) = (start, end)
            && e < s
        {
            issues.add(
                &p("end"),
                e.to_string(),
                "REGISTRY_INVERTED_DATES",
                format!("the last day ({e}) is before the first day ({s})"),
            );
        }

        let categories = required(obj, "categories", &path, issues)
            .and_then(|v| as_array(v, &p("categories"), issues))
            .and_then(|arr| {
                if arr.is_empty() {
                    issues.add(
                        &p("categories"),
                        "[]".to_string(),
                        "REGISTRY_EMPTY_VALUE",
                        "list at least one category (a group such as \"skadegorelse\" includes \
                         its subcategories)",
                    );
                    return None;
                }
                let mut ok = true;
                let mut cats = Vec::with_capacity(arr.len());
                for (j, c) in arr.iter().enumerate() {
                    let cpath = format!("{}[{j}]", p("categories"));
                    let Some(s) = as_str(c, &cpath, issues) else {
                        ok = false;
                        continue;
                    };
                    match taxonomy.resolve(s) {
                        Ok(_) => cats.push(s.to_string()),
                        Err(TaxonomyError::Empty) => {
                            issues.add(
                                &cpath,
                                String::new(),
                                "REGISTRY_EMPTY_VALUE",
                                "must not be empty",
                            );
                            ok = false;
                        }
                        Err(e) => {
                            issues.add(
                                &cpath,
                                s.to_string(),
                                "REGISTRY_UNKNOWN_CATEGORY",
                                e.to_string(),
                            );
                            ok = false;
                        }
                    }
                }
                ok.then_some(cats)
            });

        let organisations = match optional(obj, "organisations") {
            None => Some(Vec::new()),
            Some(v) => as_array(v, &p("organisations"), issues).and_then(|arr| {
                let orgs: Vec<Option<String>> = arr
                    .iter()
                    .enumerate()
                    .map(|(j, o)| non_empty_str(o, &format!("{}[{j}]", p("organisations")), issues))
                    .collect();
                orgs.into_iter().collect::<Option<Vec<_>>>()
            }),
        };
        let description = optional(obj, "description")
            .map(|v| as_str(v, &p("description"), issues).map(str::to_string));
        let goal_irr = optional(obj, "goal_irr").map(|v| {
            let x = as_f64(v, &p("goal_irr"), issues)?;
            if !(x > 0.0 && x <= 1.0) {
                issues.add(
                    &p("goal_irr"),
                    show(v),
                    "REGISTRY_BAD_GOAL_IRR",
                    "the goal is an incidence rate ratio in (0, 1] (0.8 = a 20 % reduction)",
                );
                return None;
            }
            Some(x)
        });
        unknown_fields(obj, INTERVENTION_FIELDS, &path, issues);

        let built = (|| {
            Some(Intervention {
                id: id?,
                name: name?,
                target: target?,
                control: control.map_or(Some(None), |c| c.map(Some))?,
                buffer: buffer.map_or(Some(None), |c| c.map(Some))?,
                buffer_m: buffer_m.map_or(Some(None), |c| c.map(Some))?,
                start: start?,
                end: end.map_or(Some(None), |c| c.map(Some))?,
                categories: categories?,
                organisations: organisations?,
                description: description.map_or(Some(None), |c| c.map(Some))?,
                goal_irr: goal_irr.map_or(Some(None), |c| c.map(Some))?,
            })
        })();
        out.push(built);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Value {
        json!({"type": "Polygon", "coordinates": [[[x0, y0], [x0 + side, y0], [x0 + side, y0 + side],
            [x0, y0 + side], [x0, y0]]]})
    }

    fn valid() -> Value {
        json!({
            "schema": SCHEMA_V1, "crs": 3006,
            "places": [
                {"name": "A", "geometry": square(660_000.0, 6_610_000.0, 500.0)},
                {"name": "B", "geometry": square(662_000.0, 6_610_000.0, 500.0)},
            ],
            "interventions": [
                {"id": "i1", "name": "Kameror", "target": "A", "control": "B", "start": "2024-01-01",
                 "end": "2024-06-30", "categories": ["skadegorelse"], "goal_irr": 0.7,
                 "description": "intern anteckning"}
            ]
        })
    }

    #[test]
    fn valid_registry_round_trips_and_public_json_drops_descriptions() {
        let tax = Taxonomy::default();
        let r = Registry::from_json(&valid().to_string(), &tax).unwrap();
        assert_eq!(r.places.len(), 2);
        assert_eq!(r.interventions[0].end, NaiveDate::from_ymd_opt(2024, 6, 30));
        let back = Registry::from_json(&r.to_json().unwrap(), &tax).unwrap();
        assert_eq!(back, r);
        let public = r.to_public_json().unwrap();
        assert!(!public.contains("intern anteckning"));
        assert!(r.to_json().unwrap().contains("intern anteckning"));
        r.validate(&tax).unwrap();
    }

    #[test]
    fn unknown_intervention_lists_known_ids() {
        let r = Registry::from_json(&valid().to_string(), &Taxonomy::default()).unwrap();
        let e = r.intervention("x").unwrap_err();
        assert_eq!(
            e,
            FollowupError::UnknownIntervention {
                id: "x".into(),
                known: "i1".into()
            }
        );
        assert!(r.place("B").is_some());
        assert!(r.place("C").is_none());
    }

    fn issues(v: &Value) -> Vec<(String, String)> {
        match Registry::from_json(&v.to_string(), &Taxonomy::default()) {
            Err(crate::Error::Followup(FollowupError::InvalidRegistry { issues })) => {
                issues.into_iter().map(|i| (i.path, i.code)).collect()
            }
            other => panic!("expected InvalidRegistry, got {other:?}"),
        }
    }

    #[test]
    fn not_json_is_one_issue() {
        let e = Registry::from_json("{", &Taxonomy::default()).unwrap_err();
        assert_eq!(e.code(), "FOLLOWUP_INVALID_REGISTRY");
        assert!(
            e.to_string().contains("REGISTRY_JSON") || e.to_string().contains("not valid JSON")
        );
    }

    #[test]
    fn geometry_problems() {
        let mut v = valid();
        v["places"][0]["geometry"] = json!({"type": "Polygon", "coordinates": [[[660000, 6610000], [660100, 6610000], [660000, 6610000]]]});
        v["places"][1]["geometry"] = json!({"type": "Point", "coordinates": [660000, 6610000]});
        assert_eq!(
            issues(&v),
            vec![
                (
                    "places[0].geometry.coordinates[0]".into(),
                    "REGISTRY_BAD_GEOMETRY".into()
                ),
                (
                    "places[1].geometry.type".into(),
                    "REGISTRY_BAD_GEOMETRY".into()
                ),
            ]
        );
        // A bow tie is self-intersecting; swapped axes are named.
        let mut v = valid();
        v["places"][0]["geometry"] = json!({"type": "Polygon", "coordinates": [[[660000, 6610000], [660100, 6610100], [660100, 6610000], [660000, 6610100], [660000, 6610000]]]});
        v["places"][1]["geometry"] = square(6_610_000.0, 660_000.0, 100.0);
        assert_eq!(
            issues(&v),
            vec![
                ("places[0].geometry".into(), "REGISTRY_BAD_GEOMETRY".into()),
                (
                    "places[1].geometry.coordinates[0][0]".into(),
                    "REGISTRY_OUT_OF_AREA".into()
                ),
            ]
        );
    }

    #[test]
    fn buffer_rules() {
        let mut v = valid();
        v["interventions"][0]["buffer"] = json!("B");
        v["interventions"][0]["buffer_m"] = json!(100);
        assert_eq!(
            issues(&v),
            vec![
                (
                    "interventions[0].buffer".into(),
                    "REGISTRY_SAME_PLACE".into()
                ),
                (
                    "interventions[0].buffer_m".into(),
                    "REGISTRY_BUFFER_CONFLICT".into()
                ),
            ]
        );
        let mut v = valid();
        v["interventions"][0]["buffer_m"] = json!(-5);
        assert_eq!(
            issues(&v),
            vec![(
                "interventions[0].buffer_m".into(),
                "REGISTRY_BAD_BUFFER".into()
            )]
        );
    }
}
