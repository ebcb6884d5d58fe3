//! CSV in and out, the way Swedish municipal systems and spreadsheets write it: comma or
//! semicolon separated, decimal point or decimal comma, UTF-8 with or without a byte-order
//! mark, configurable header names, projected x/y or lon/lat columns.
//!
//! Every bad row is reported (line, field, value, reason); see [`crate::incident`].
//!
//! ```
//! use est_core::io::csv::{read_incidents, CsvOptions};
//! use est_core::crs::Crs;
//!
//! let text = "id;tidpunkt;kategori;x;y\n\
//!             1;2025-03-14 21:30;Klotter;674344,6;6581100,5\n";
//! let inc = read_incidents(text, &CsvOptions { crs: Some(Crs::SWEREF99_TM), ..CsvOptions::default() })?;
//! assert_eq!(inc.len(), 1);
//! assert_eq!(inc.x()[0], 674_344.6);
//! # Ok::<(), est_core::Error>(())
//! ```

use crate::Error;
use crate::crs::Crs;
use crate::incident::{FieldNames, Incidents, IncidentsBuilder, LoadOptions, RowError, RowInput};
use crate::io::IoError;
use crate::io::names::{CATEGORY, ID, LAT, LON, ORG, PLACE, TEXT, TIME, WEIGHT, X, Y};
use crate::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};

/// How decimal numbers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decimal {
    /// `674344.5`
    Point,
    /// `674344,5` (Swedish); spaces as thousands separators are allowed.
    Comma,
    /// Either, decided per value: a value with a comma and no point is read as decimal comma.
    #[default]
    Auto,
}

/// Column names. `None` means "find it": each field has a list of common English and
/// Swedish header names (case-insensitive), shown in the error when none is found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnMap {
    /// Incident id (optional: without it ids are `L<line>`).
    pub id: Option<String>,
    /// Timestamp.
    pub time: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Easting (projected CRS).
    pub x: Option<String>,
    /// Northing (projected CRS).
    pub y: Option<String>,
    /// Longitude (WGS 84).
    pub lon: Option<String>,
    /// Latitude (WGS 84).
    pub lat: Option<String>,
    /// Reporting organisation (optional).
    pub organisation: Option<String>,
    /// Place name (optional).
    pub place: Option<String>,
    /// Weight (optional).
    pub weight: Option<String>,
    /// Free text (optional; never written by public exports).
    pub text: Option<String>,
}

/// Options for [`read_incidents`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvOptions {
    /// Field separator; `None` detects `;`, `,` or tab from the header line.
    pub delimiter: Option<u8>,
    /// Decimal separator.
    pub decimal: Decimal,
    /// Column names.
    pub columns: ColumnMap,
    /// CRS of x/y. Required for x/y columns (est never guesses a CRS); lon/lat columns are
    /// WGS 84 unless another geographic CRS is given.
    pub crs: Option<Crs>,
    /// Validation options (on_error, now …).
    pub load: LoadOptions,
    /// The taxonomy to resolve categories with (the EST default if `None`).
    #[serde(skip)]
    pub taxonomy: Option<Taxonomy>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: None,
            decimal: Decimal::Auto,
            columns: ColumnMap::default(),
            crs: None,
            load: LoadOptions::default(),
            taxonomy: None,
        }
    }
}

/// Reads a number in the given decimal convention.
///
/// # Errors
/// A message naming what was expected.
pub fn parse_number(text: &str, decimal: Decimal) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty: a number is required".into());
    }
    let cleaned: String = match decimal {
        Decimal::Point => t.to_string(),
        Decimal::Comma => t
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect(),
        Decimal::Auto => {
            if t.contains(',') && !t.contains('.') {
                t.chars()
                    .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
                    .map(|c| if c == ',' { '.' } else { c })
                    .collect()
            } else {
                t.chars()
                    .filter(|c| !matches!(c, '\u{a0}' | '\u{202f}'))
                    .collect()
            }
        }
    };
    let lower = cleaned.to_ascii_lowercase();
    match lower.as_str() {
        "nan" => return Ok(f64::NAN),
        "inf" | "+inf" | "infinity" => return Ok(f64::INFINITY),
        "-inf" | "-infinity" => return Ok(f64::NEG_INFINITY),
        _ => {}
    }
    cleaned.parse::<f64>().map_err(|_| {
        let hint = match decimal {
            Decimal::Point => "a number with a decimal point, e.g. 674344.5",
            Decimal::Comma => "a number with a decimal comma, e.g. 674344,5",
            Decimal::Auto => "a number, e.g. 674344.5 or 674344,5",
        };
        format!("not a number: expected {hint}")
    })
}

fn detect_delimiter(header: &str) -> u8 {
    let count = |c: char| header.chars().filter(|h| *h == c).count();
    let (semi, comma, tab) = (count(';'), count(','), count('\t'));
    if tab > semi && tab > comma {
        b'\t'
    } else if semi >= comma && semi > 0 {
        b';'
    } else {
        b','
    }
}

fn find(headers: &[String], given: &Option<String>, candidates: &[&str]) -> Option<usize> {
    match given {
        Some(name) => headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim())),
        None => candidates
            .iter()
            .find_map(|c| headers.iter().position(|h| h.trim().to_lowercase() == *c)),
    }
}

fn missing(what: &str, given: &Option<String>, candidates: &[&str], headers: &[String]) -> IoError {
    IoError::MissingColumn {
        what: what.to_string(),
        tried: match given {
            Some(g) => g.clone(),
            None => candidates.join(", "),
        },
        found: headers.join(", "),
    }
}

/// Reads incidents from CSV bytes (checks that they are UTF-8 first).
///
/// # Errors
/// As [`read_incidents`], plus [`IoError::Encoding`].
pub fn read_incidents_bytes(bytes: &[u8], options: &CsvOptions) -> Result<Incidents, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => read_incidents(text, options),
        Err(e) => {
            let line = bytes
                .get(..e.valid_up_to())
                .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count())
                + 1;
            Err(IoError::Encoding { line }.into())
        }
    }
}

/// Reads incidents from CSV text.
///
/// # Errors
/// [`IoError::MissingColumn`] when a required column is not found, [`IoError::CrsRequired`]
/// for x/y columns without a declared CRS, [`IoError::Format`] for broken CSV structure, and
/// [`crate::incident::LoadError`] with every bad row.
pub fn read_incidents(text: &str, options: &CsvOptions) -> Result<Incidents, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(header_line));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| IoError::Format {
            format: "CSV".into(),
            line: Some(1),
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let c = &options.columns;
    let time =
        find(&headers, &c.time, TIME).ok_or_else(|| missing("time", &c.time, TIME, &headers))?;
    let category = find(&headers, &c.category, CATEGORY)
        .ok_or_else(|| missing("category", &c.category, CATEGORY, &headers))?;
    let id = find(&headers, &c.id, ID);
    if c.id.is_some() && id.is_none() {
        return Err(missing("id", &c.id, ID, &headers).into());
    }
    let (xy, crs) = match (find(&headers, &c.x, X), find(&headers, &c.y, Y)) {
        (Some(x), Some(y)) if c.lon.is_none() && c.lat.is_none() => {
            let crs = options.crs.ok_or_else(|| {
                IoError::CrsRequired(format!(
                    "the file has x/y columns ({:?}, {:?}) but no CRS was declared: est never \
                     guesses a CRS. Pass crs=3006 (SWEREF 99 TM), a local zone (3007–3018) or \
                     another EPSG code",
                    headers.get(x).map_or("", |s| s.as_str()),
                    headers.get(y).map_or("", |s| s.as_str())
                ))
            })?;
            ((x, y), crs)
        }
        _ => {
            let lon = find(&headers, &c.lon, LON);
            let lat = find(&headers, &c.lat, LAT);
            match (lon, lat) {
                (Some(lon), Some(lat)) => {
                    let crs = options.crs.unwrap_or(Crs::WGS84);
                    if !crs.is_geographic() {
                        return Err(IoError::CrsRequired(format!(
                            "the file has lon/lat columns but crs={crs} was declared, which is \
                             projected; use x/y columns or declare a geographic CRS (EPSG:4326)"
                        ))
                        .into());
                    }
                    ((lon, lat), crs)
                }
                _ => {
                    return Err(IoError::MissingColumn {
                        what: "position (x/y or lon/lat)".into(),
                        tried: format!(
                            "x: {}; y: {}; lon: {}; lat: {}",
                            X.join("|"),
                            Y.join("|"),
                            LON.join("|"),
                            LAT.join("|")
                        ),
                        found: headers.join(", "),
                    }
                    .into());
                }
            }
        }
    };
    let org = find(&headers, &c.organisation, ORG);
    let place = find(&headers, &c.place, PLACE);
    let weight = find(&headers, &c.weight, WEIGHT);
    let textc = find(&headers, &c.text, TEXT);
    let name = |i: usize| headers.get(i).cloned().unwrap_or_default();
    let names = FieldNames {
        id: id.map_or_else(|| "id".to_string(), name),
        time: name(time),
        category: name(category),
        x: name(xy.0),
        y: name(xy.1),
        organisation: org.map_or_else(|| "organisation".to_string(), name),
        weight: weight.map_or_else(|| "weight".to_string(), name),
    };
    let taxonomy = options.taxonomy.clone().unwrap_or_default();
    let mut b =
        IncidentsBuilder::new(taxonomy, crs, options.load.clone()).with_field_names(names.clone());
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(IoError::Format {
                    format: "CSV".into(),
                    line: Some(line),
                    message: e.to_string(),
                }
                .into());
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // blank line
        }
        let get = |i: usize| record.get(i).unwrap_or("");
        let opt = |i: Option<usize>| {
            i.map(|i| get(i).to_string())
                .filter(|s| !s.trim().is_empty())
        };
        let mut pre: Vec<RowError> = Vec::new();
        let mut num = |i: usize, field: &str| -> Option<f64> {
            let raw = get(i);
            match parse_number(raw, options.decimal) {
                Ok(v) => Some(v),
                Err(message) => {
                    let code = if raw.trim().is_empty() {
                        "MISSING_COORDINATE"
                    } else {
                        "BAD_NUMBER"
                    };
                    pre.push(RowError {
                        line,
                        field: field.to_string(),
                        value: raw.to_string(),
                        message: format!("{field}: {message}"),
                        code: code.into(),
                    });
                    None
                }
            }
        };
        let x = num(xy.0, &names.x);
        let y = num(xy.1, &names.y);
        let w = match weight {
            Some(wi) if !get(wi).trim().is_empty() => num(wi, &names.weight).or(Some(1.0)),
            _ => None,
        };
        let row = RowInput {
            line,
            id: id.map(|i| get(i).to_string()),
            time: get(time).to_string(),
            category: get(category).to_string(),
            x,
            y,
            organisation: opt(org),
            place: opt(place),
            weight: w,
            text: opt(textc),
            flags: 0,
        };
        b.push_with(row, pre);
    }
    Ok(b.finish()?)
}

/// Options for [`write_incidents`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvWriteOptions {
    /// Field separator (default `,`).
    pub delimiter: u8,
    /// Write decimal commas (default false; use with `;`).
    pub decimal_comma: bool,
    /// Include the free-text column (default false: free text is internal).
    pub include_text: bool,
}

impl Default for CsvWriteOptions {
    fn default() -> Self {
        CsvWriteOptions {
            delimiter: b',',
            decimal_comma: false,
            include_text: false,
        }
    }
}

/// Writes incidents as CSV with the columns `id,time,category,x,y,organisation,place,weight`
/// (and `text` when asked), times in RFC 3339 with the Europe/Stockholm offset. Reading the
/// output back with the same CRS gives the same incidents.
///
/// # Errors
/// [`IoError::Format`] if the CSV writer fails.
pub fn write_incidents(incidents: &Incidents, options: &CsvWriteOptions) -> Result<String, Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .from_writer(Vec::new());
    let fmt_err = |e: csv::Error| IoError::Format {
        format: "CSV".into(),
        line: None,
        message: e.to_string(),
    };
    let mut header = vec![
        "id",
        "time",
        "category",
        "x",
        "y",
        "organisation",
        "place",
        "weight",
    ];
    if options.include_text {
        header.push("text");
    }
    w.write_record(&header).map_err(fmt_err)?;
    let tax = incidents.taxonomy();
    let num = |v: f64| {
        let s = format!("{v}");
        if options.decimal_comma {
            s.replace('.', ",")
        } else {
            s
        }
    };
    for r in incidents.iter() {
        let local = r
            .time
            .with_timezone(&chrono_tz::Europe::Stockholm)
            .to_rfc3339();
        let mut rec = vec![
            r.id.to_string(),
            local,
            tax.code(r.category).to_string(),
            num(r.x),
            num(r.y),
            r.organisation.code().to_string(),
            r.place.to_string(),
            num(r.weight),
        ];
        if options.include_text {
            rec.push(r.text.to_string());
        }
        w.write_record(&rec).map_err(fmt_err)?;
    }
    let bytes = w.into_inner().map_err(|e| IoError::Format {
        format: "CSV".into(),
        line: None,
        message: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|_| IoError::Encoding { line: 0 }.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::OnError;

    fn opts() -> CsvOptions {
        CsvOptions {
            crs: Some(Crs::SWEREF99_TM),
            load: LoadOptions {
                now: chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                    .ok()
                    .map(Into::into),
                on_error: OnError::Collect,
                ..LoadOptions::default()
            },
            ..CsvOptions::default()
        }
    }

    #[test]
    fn semicolon_decimal_comma_bom() {
        let text = "\u{feff}ID;Tidpunkt;Kategori;X;Y;Källa\n7;2025-03-14 21:30;Klotter;674 344,6;6 581 100,5;Kommun\n";
        let inc = read_incidents(text, &opts()).unwrap();
        assert_eq!(inc.len(), 1);
        assert_eq!(inc.id(0), Some("7"));
        assert_eq!(inc.y()[0], 6_581_100.5);
    }

    #[test]
    fn lonlat_columns_are_wgs84() {
        let text = "id,time,category,lat,lon\n1,2025-01-01T10:00:00Z,hot,59.33,18.06\n";
        let inc = read_incidents(
            text,
            &CsvOptions {
                crs: None,
                ..opts()
            },
        )
        .unwrap();
        assert_eq!(inc.crs(), Crs::WGS84);
        assert_eq!(inc.x()[0], 18.06);
    }

    #[test]
    fn xy_without_crs_is_refused() {
        let text = "id,time,category,x,y\n1,2025-01-01T10:00:00Z,hot,674000,6581000\n";
        let e = read_incidents(
            text,
            &CsvOptions {
                crs: None,
                ..opts()
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "CRS_REQUIRED");
    }

    #[test]
    fn bad_number_and_bad_category_both_reported() {
        let text = "id,time,category,x,y\n1,2025-01-01T10:00:00Z,klotr,abc,6581000\n2,2025-01-01T10:00:00Z,hot,674000,6581000\n";
        let inc = read_incidents(text, &opts()).unwrap();
        assert_eq!(inc.len(), 1);
        let codes: Vec<_> = inc
            .report()
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [(2, "x", "BAD_NUMBER"), (2, "category", "UNKNOWN_CATEGORY")]
        );
    }

    #[test]
    fn round_trip() {
        let text = "id,time,category,x,y,organisation,place\n1,2025-01-01T10:00:00+01:00,klotter,674000.25,6581000.5,polis,Torget\n";
        let inc = read_incidents(text, &opts()).unwrap();
        let out = write_incidents(&inc, &CsvWriteOptions::default()).unwrap();
        let back = read_incidents(&out, &opts()).unwrap();
        assert_eq!(back.get(0), inc.get(0));
    }
}
