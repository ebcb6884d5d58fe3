//! Charts of temporal profiles as plain SVG strings: the hour × weekday heat map, the
//! month × year heat map (*årshjul*) and bar charts.
//!
//! Every chart is self-contained SVG 1.1 (no scripts, no external references, no CSS
//! classes that need a style sheet), 640 units wide for a report column, with a `viewBox` so it
//! scales down on a phone. It is accessible: `role="img"`, a `<title>` and a `<desc>` that
//! states the main finding in words, and a tooltip (`<title>`) on every cell or bar. Labels
//! are Swedish by default (Mån … Sön, jan … dec, decimal comma) and English on request.
//!
//! The colour ramp is ColorBrewer's sequential YlOrRd (light yellow → dark red; readable with
//! the common colour-vision deficiencies and in grey-scale print); slots with no incidents are
//! light grey, so that "none" and "few" are told apart.
//!
//! ```
//! use est_core::hotspot::counts::Selection;
//! use est_core::report::charts::{heatmap_hour_weekday_svg, year_wheel_svg, Lang};
//! use est_core::sample::SampleTown;
//! use est_core::trend::profile::profile;
//!
//! let town = SampleTown::new(1_000, 7).generate()?;
//! let p = profile(&town, &Selection::default())?;
//! let svg = heatmap_hour_weekday_svg(&p, Lang::Sv);
//! assert!(svg.starts_with("<svg") && svg.contains("Mån") && svg.contains(">23<"));
//! assert!(year_wheel_svg(&p, Lang::En).contains("Dec"));
//! # Ok::<(), est_core::Error>(())
//! ```

use crate::trend::period::local_midnight;
use crate::trend::profile::TemporalProfile;
use chrono::{Months, NaiveDate};
use std::fmt::Write;

/// The chart language: the report's [`super::Language`] (Swedish by default).
pub type Lang = super::Language;

/// Width of every chart in SVG units (a report column).
pub const WIDTH: f64 = 640.0;

/// ColorBrewer YlOrRd, 9 classes (light → dark).
const RAMP: [(u8, u8, u8); 9] = [
    (0xff, 0xff, 0xcc),
    (0xff, 0xed, 0xa0),
    (0xfe, 0xd9, 0x76),
    (0xfe, 0xb2, 0x4c),
    (0xfd, 0x8d, 0x3c),
    (0xfc, 0x4e, 0x2a),
    (0xe3, 0x1a, 0x1c),
    (0xbd, 0x00, 0x26),
    (0x80, 0x00, 0x26),
];

/// Fill of a slot with no incidents.
const EMPTY: &str = "#ececea";
/// Text and axis colour.
const INK: &str = "#222222";
/// Secondary text colour.
const MUTED: &str = "#5f5f5f";
/// Bar colour.
const BAR: &str = "#2c7fb8";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

const WEEKDAYS_SV: [&str; 7] = ["Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_LONG_SV: [&str; 7] = [
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
];
const WEEKDAYS_LONG_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_SV: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn weekdays(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Sv => WEEKDAYS_SV,
        Lang::En => WEEKDAYS_EN,
    }
}

fn months(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::Sv => MONTHS_SV,
        Lang::En => MONTHS_EN,
    }
}

/// Escapes text for SVG content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number for people: integers with a thousands separator (thin space in Swedish, comma in
/// English), other values with one decimal (decimal comma in Swedish).
pub fn format_number(v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let neg = v < 0.0;
    let a = v.abs();
    let (int, frac) = if (a - a.round()).abs() < 1e-9 {
        (a.round(), None)
    } else {
        let r = (a * 10.0).round() / 10.0;
        (r.trunc(), Some(((r - r.trunc()) * 10.0).round() as u8))
    };
    let digits = format!("{int:.0}");
    let sep = match lang {
        Lang::Sv => '\u{202f}',
        Lang::En => ',',
    };
    let mut grouped = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(ch);
    }
    let mut s = String::new();
    if neg {
        s.push('−');
    }
    s.push_str(&grouped);
    if let Some(f) = frac {
        s.push(match lang {
            Lang::Sv => ',',
            Lang::En => '.',
        });
        let _ = write!(s, "{}", f.min(9));
    }
    s
}

/// Colour of `v` on the ramp scaled to `[0, max]`; [`EMPTY`] for 0.
fn colour(v: f64, max: f64) -> String {
    if v.is_nan() || max.is_nan() || v <= 0.0 || max <= 0.0 {
        return EMPTY.to_string();
    }
    let x = (v / max).clamp(0.0, 1.0) * (RAMP.len() - 1) as f64;
    let k = (x.floor() as usize).min(RAMP.len() - 2);
    let f = x - k as f64;
    let (a, b) = (RAMP[k], RAMP[k + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Whether text on `v`'s colour should be white (dark end of the ramp).
fn dark(v: f64, max: f64) -> bool {
    max > 0.0 && v / max > 0.62
}

/// A short deterministic id suffix from the chart's content (FNV-1a), so that several charts
/// on one page do not share `id`s.
fn id_of(kind: &str, values: &[f64]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in kind
        .bytes()
        .chain(values.iter().flat_map(|v| v.to_bits().to_le_bytes()))
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("est-{kind}-{:08x}", h as u32)
}

/// Opens the SVG element with its title and description.
fn open(s: &mut String, id: &str, height: f64, title: &str, desc: &str) {
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0} {height:.0}" width="{WIDTH:.0}" height="{height:.0}" style="max-width:100%;height:auto" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><rect width="{WIDTH:.0}" height="{height:.0}" fill="#ffffff"/>"##,
        esc(title),
        esc(desc)
    );
}

/// Title and subtitle lines at the top.
fn heading(s: &mut String, title: &str, subtitle: &str) {
    let _ = write!(
        s,
        r##"<text x="12" y="22" font-size="15" font-weight="600" fill="{INK}">{}</text><text x="12" y="40" font-size="11.5" fill="{MUTED}">{}</text>"##,
        esc(title),
        esc(subtitle)
    );
}

/// The colour legend: a grey "0" swatch and the ramp from the smallest positive value to
/// `max`, with its caption.
fn legend(s: &mut String, id: &str, y: f64, max: f64, caption: &str, lang: Lang) {
    let _ = write!(
        s,
        r##"<defs><linearGradient id="{id}-ramp" x1="0" x2="1" y1="0" y2="0">"##
    );
    for (k, (r, g, b)) in RAMP.iter().enumerate() {
        let _ = write!(
            s,
            r##"<stop offset="{:.3}" stop-color="#{r:02x}{g:02x}{b:02x}"/>"##,
            k as f64 / (RAMP.len() - 1) as f64
        );
    }
    s.push_str("</linearGradient></defs>");
    let x0 = 12.0;
    let _ = write!(
        s,
        r##"<g font-size="11" fill="{INK}"><text x="{x0}" y="{:.1}" fill="{MUTED}">{}</text><rect x="{:.1}" y="{y:.1}" width="14" height="12" fill="{EMPTY}" stroke="#c8c8c4" stroke-width="0.5"/><text x="{:.1}" y="{:.1}">0</text>"##,
        y + 10.0,
        esc(caption),
        x0 + 96.0,
        x0 + 114.0,
        y + 10.0
    );
    let (gx, gw) = (x0 + 140.0, 220.0);
    let _ = write!(
        s,
        r##"<rect x="{gx:.1}" y="{y:.1}" width="{gw:.0}" height="12" fill="url(#{id}-ramp)" stroke="#c8c8c4" stroke-width="0.5"/><text x="{gx:.1}" y="{:.1}" text-anchor="start">&gt; 0</text><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text></g>"##,
        y + 26.0,
        gx + gw,
        y + 26.0,
        esc(&format_number(max, lang))
    );
    if max >= 2.0 {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="{INK}" text-anchor="middle">{}</text>"##,
            gx + gw / 2.0,
            y + 26.0,
            esc(&format_number(max / 2.0, lang))
        );
    }
}

/// The 24 × 7 heat map of incidents by local hour (columns 00–23) and ISO weekday (rows
/// Mån–Sön / Mon–Sun), with a colour legend. Cells carry tooltips with their count; the
/// description names the busiest slot.
pub fn heatmap_hour_weekday_svg(p: &TemporalProfile, lang: Lang) -> String {
    let flat: Vec<f64> = p.hour_weekday.iter().flatten().copied().collect();
    let max = flat.iter().copied().fold(0.0, f64::max);
    let id = id_of("hw", &flat);
    let days = weekdays(lang);
    let long = match lang {
        Lang::Sv => WEEKDAYS_LONG_SV,
        Lang::En => WEEKDAYS_LONG_EN,
    };
    let (left, top, right) = (46.0, 56.0, 12.0);
    let cw = (WIDTH - left - right) / 24.0;
    let ch = 25.0;
    let grid_bottom = top + 7.0 * ch;
    let height = grid_bottom + 96.0;
    let total = format_number(p.total, lang);
    let (title, subtitle) = match lang {
        Lang::Sv => (
            "Händelser per veckodag och timme".to_string(),
            format!("{total} händelser · lokal tid ({})", p.zone),
        ),
        Lang::En => (
            "Incidents by weekday and hour".to_string(),
            format!("{total} incidents · local time ({})", p.zone),
        ),
    };
    let busiest = p
        .hour_weekday
        .iter()
        .enumerate()
        .flat_map(|(d, row)| row.iter().enumerate().map(move |(h, v)| (d, h, *v)))
        .fold(None, |best: Option<(usize, usize, f64)>, x| match best {
            Some(b) if b.2 >= x.2 => Some(b),
            _ => Some(x),
        });
    let mut desc = match lang {
        Lang::Sv => format!(
            "Värmekarta över {total} händelser fördelade på veckodag (rader, måndag–söndag) och \
             timme (kolumner, 00–23) i lokal tid."
        ),
        Lang::En => format!(
            "Heat map of {total} incidents by weekday (rows, Monday–Sunday) and hour (columns, \
             00–23) in local time."
        ),
    };
    match busiest {
        Some((d, h, v)) if v > 0.0 => {
            let _ = match lang {
                Lang::Sv => write!(
                    desc,
                    " Flest: {} kl. {h:02}–{:02} ({}).",
                    long[d],
                    (h + 1) % 24,
                    format_number(v, lang)
                ),
                Lang::En => write!(
                    desc,
                    " Busiest: {} {h:02}:00–{:02}:00 ({}).",
                    long[d],
                    (h + 1) % 24,
                    format_number(v, lang)
                ),
            };
        }
        _ => desc.push_str(match lang {
            Lang::Sv => " Inga händelser.",
            Lang::En => " No incidents.",
        }),
    }
    let mut s = String::new();
    open(&mut s, &id, height, &title, &desc);
    heading(&mut s, &title, &subtitle);
    // Cells.
    s.push_str(r##"<g stroke="#ffffff" stroke-width="1">"##);
    for (d, row) in p.hour_weekday.iter().enumerate().take(7) {
        for (h, &v) in row.iter().enumerate() {
            let _ = write!(
                s,
                r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{ch:.0}" fill="{}"><title>{} {h:02}–{:02}: {}</title></rect>"##,
                left + h as f64 * cw,
                top + d as f64 * ch,
                cw,
                colour(v, max),
                days[d],
                (h + 1) % 24,
                format_number(v, lang)
            );
        }
    }
    s.push_str("</g>");
    // Axes.
    let _ = write!(s, r##"<g font-size="11" fill="{INK}">"##);
    for (d, name) in days.iter().enumerate() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{name}</text>"##,
            left - 6.0,
            top + d as f64 * ch + ch / 2.0 + 4.0
        );
    }
    for h in 0..24 {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10">{h:02}</text>"##,
            left + (h as f64 + 0.5) * cw,
            grid_bottom + 14.0
        );
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}">{}</text></g>"##,
        left + 12.0 * cw,
        grid_bottom + 32.0,
        match lang {
            Lang::Sv => "Timme (lokal tid)",
            Lang::En => "Hour (local time)",
        }
    );
    let caption = match lang {
        Lang::Sv => "Antal händelser",
        Lang::En => "Incidents",
    };
    legend(&mut s, &id, grid_bottom + 50.0, max, caption, lang);
    s.push_str("</svg>");
    s
}

/// Share of local month `month0` (0 = January) of `year` inside the profile's exposure window
/// (1 without a window).
fn month_coverage(p: &TemporalProfile, year: i32, month0: u32) -> f64 {
    let Some((a, b)) = p.exposure_window else {
        return 1.0;
    };
    let Some(first) = NaiveDate::from_ymd_opt(year, month0 + 1, 1) else {
        return 1.0;
    };
    let bounds = first
        .checked_add_months(Months::new(1))
        .and_then(|next| Some((local_midnight(first)?, local_midnight(next)?)));
    let Some((s, e)) = bounds else {
        return 1.0;
    };
    let (s, e) = (s.timestamp(), e.timestamp());
    let overlap = (e.min(b.timestamp()) - s.max(a.timestamp())).max(0);
    overlap as f64 / (e - s).max(1) as f64
}

/// The month × year heat map (*årshjul*): one row per year, one column per month, the count
/// written in each cell, with a colour legend.
pub fn year_wheel_svg(p: &TemporalProfile, lang: Lang) -> String {
    let flat: Vec<f64> = p
        .month_year
        .iter()
        .flat_map(|(_, m)| m.iter())
        .copied()
        .collect();
    let max = flat.iter().copied().fold(0.0, f64::max);
    let id = id_of("ym", &flat);
    let names = months(lang);
    let (left, top, right) = (52.0, 74.0, 12.0);
    let cw = (WIDTH - left - right) / 12.0;
    let ch = 30.0;
    let rows = p.month_year.len().max(1) as f64;
    let grid_bottom = top + rows * ch;
    let height = grid_bottom + 74.0;
    let total = format_number(p.total, lang);
    let (title, subtitle) = match lang {
        Lang::Sv => (
            "Händelser per månad och år (årshjul)".to_string(),
            format!("{total} händelser · lokal tid ({})", p.zone),
        ),
        Lang::En => (
            "Incidents by month and year (seasonal calendar)".to_string(),
            format!("{total} incidents · local time ({})", p.zone),
        ),
    };
    let busiest = p
        .month_year
        .iter()
        .flat_map(|(y, m)| m.iter().enumerate().map(move |(k, v)| (*y, k, *v)))
        .fold(None, |best: Option<(i32, usize, f64)>, x| match best {
            Some(b) if b.2 >= x.2 => Some(b),
            _ => Some(x),
        });
    let years = match (p.month_year.first(), p.month_year.last()) {
        (Some(a), Some(b)) if a.0 != b.0 => format!("{}–{}", a.0, b.0),
        (Some(a), _) => a.0.to_string(),
        _ => String::new(),
    };
    let mut desc = match lang {
        Lang::Sv => format!(
            "Värmekarta över {total} händelser per månad (kolumner, januari–december) och år \
             (rader{}{years}).",
            if years.is_empty() { "" } else { ", " }
        ),
        Lang::En => format!(
            "Heat map of {total} incidents by month (columns, January–December) and year \
             (rows{}{years}).",
            if years.is_empty() { "" } else { ", " }
        ),
    };
    if let Some((y, k, v)) = busiest.filter(|b| b.2 > 0.0) {
        let _ = match lang {
            Lang::Sv => write!(
                desc,
                " Flest: {} {y} ({}).",
                names[k],
                format_number(v, lang)
            ),
            Lang::En => write!(
                desc,
                " Busiest: {} {y} ({}).",
                names[k],
                format_number(v, lang)
            ),
        };
    }
    let mut s = String::new();
    open(&mut s, &id, height, &title, &desc);
    heading(&mut s, &title, &subtitle);
    let _ = write!(
        s,
        r##"<g font-size="11" fill="{INK}" text-anchor="middle">"##
    );
    for (k, m) in names.iter().enumerate() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}">{m}</text>"##,
            left + (k as f64 + 0.5) * cw,
            top - 8.0
        );
    }
    s.push_str("</g>");
    let mut partial = false;
    for (r, (year, row)) in p.month_year.iter().enumerate() {
        let y = top + r as f64 * ch;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="{INK}" text-anchor="end">{year}</text>"##,
            left - 6.0,
            y + ch / 2.0 + 4.0
        );
        for (k, &v) in row.iter().enumerate() {
            let x = left + k as f64 * cw;
            let cov = month_coverage(p, *year, k as u32);
            if cov <= 0.0 && v == 0.0 {
                // Outside the data window: an outline, not a zero.
                let _ = write!(
                    s,
                    r##"<rect x="{:.2}" y="{:.1}" width="{:.2}" height="{:.0}" fill="#ffffff" stroke="#d6d6d2" stroke-dasharray="3 2"><title>{} {year}: {}</title></rect>"##,
                    x + 1.0,
                    y + 1.0,
                    cw - 2.0,
                    ch - 2.0,
                    names[k],
                    match lang {
                        Lang::Sv => "utanför perioden",
                        Lang::En => "outside the period",
                    }
                );
                continue;
            }
            let star = if cov < 1.0 { "*" } else { "" };
            partial |= cov < 1.0;
            let _ = write!(
                s,
                r##"<rect x="{x:.2}" y="{y:.1}" width="{cw:.2}" height="{ch:.0}" fill="{}" stroke="#ffffff" stroke-width="1.5"><title>{} {year}: {}{}</title></rect>"##,
                colour(v, max),
                names[k],
                format_number(v, lang),
                if cov < 1.0 {
                    match lang {
                        Lang::Sv => format!(
                            " ({} % av månaden i perioden)",
                            format_number((cov * 100.0).round(), lang)
                        ),
                        Lang::En => format!(
                            " ({}% of the month in the period)",
                            format_number((cov * 100.0).round(), lang)
                        ),
                    }
                } else {
                    String::new()
                }
            );
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="10.5" text-anchor="middle" fill="{}">{}{star}</text>"##,
                x + cw / 2.0,
                y + ch / 2.0 + 4.0,
                if dark(v, max) { "#ffffff" } else { INK },
                format_number(v, lang)
            );
        }
    }
    if partial {
        let _ = write!(
            s,
            r##"<text x="12" y="{:.1}" font-size="10.5" fill="{MUTED}">{}</text>"##,
            grid_bottom + 62.0,
            match lang {
                Lang::Sv => "* Månaden ligger bara delvis inom perioden.",
                Lang::En => "* The month is only partly inside the period.",
            }
        );
    }
    if p.month_year.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="{MUTED}" text-anchor="middle">{}</text>"##,
            WIDTH / 2.0,
            top + ch / 2.0 + 4.0,
            match lang {
                Lang::Sv => "Inga händelser",
                Lang::En => "No incidents",
            }
        );
    }
    let caption = match lang {
        Lang::Sv => "Antal händelser",
        Lang::En => "Incidents",
    };
    legend(&mut s, &id, grid_bottom + 18.0, max, caption, lang);
    s.push_str("</svg>");
    s
}

/// A "nice" axis step (1, 2, 2.5 or 5 × 10ᵏ) for about four intervals up to `max`.
fn nice_step(max: f64) -> f64 {
    if max.is_nan() || max <= 0.0 {
        return 1.0;
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    // Counts below 4 would give fractional steps: keep whole numbers.
    if max <= 4.0 && max.fract() == 0.0 {
        1.0
    } else {
        step
    }
}

/// A vertical bar chart of `values` with one label per bar (`labels` shorter than `values`
/// leave bars unlabelled), horizontal grid lines at round values and tooltips. Labels are
/// thinned to stay readable when there are many bars.
pub fn bars_svg<S: AsRef<str>>(title: &str, labels: &[S], values: &[f64], lang: Lang) -> String {
    let n = values.len();
    let max = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let id = id_of(&format!("bars-{}", title.len()), values);
    let (left, top, right, bottom) = (52.0, 56.0, 12.0, 30.0);
    let plot_h = 170.0;
    let height = top + plot_h + bottom;
    let total: f64 = values.iter().copied().filter(|v| v.is_finite()).sum();
    let step = nice_step(max);
    let axis_max = if max > 0.0 {
        (max / step).ceil() * step
    } else {
        1.0
    };
    let label = |k: usize| labels.get(k).map_or("", |l| l.as_ref());
    let top_bar = values
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f64)>, (k, &v)| match best {
            Some(b) if b.1 >= v => Some(b),
            _ => Some((k, v)),
        });
    let mut desc = match lang {
        Lang::Sv => format!(
            "Stapeldiagram med {n} staplar, totalt {}.",
            format_number(total, lang)
        ),
        Lang::En => format!(
            "Bar chart with {n} bars, {} in total.",
            format_number(total, lang)
        ),
    };
    if let Some((k, v)) = top_bar.filter(|b| b.1 > 0.0) {
        let _ = match lang {
            Lang::Sv => write!(desc, " Högst: {} ({}).", label(k), format_number(v, lang)),
            Lang::En => write!(desc, " Highest: {} ({}).", label(k), format_number(v, lang)),
        };
    }
    let subtitle = match lang {
        Lang::Sv => format!("Totalt {}", format_number(total, lang)),
        Lang::En => format!("Total {}", format_number(total, lang)),
    };
    let mut s = String::new();
    open(&mut s, &id, height, title, &desc);
    heading(&mut s, title, &subtitle);
    let y_of = |v: f64| top + plot_h - v / axis_max * plot_h;
    // Grid lines and y labels.
    let _ = write!(s, r##"<g font-size="10.5" fill="{MUTED}">"##);
    let mut v = 0.0;
    while v <= axis_max + step * 1e-9 {
        let y = y_of(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{}" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            WIDTH - right,
            if v == 0.0 { "#9a9a96" } else { "#e4e4e0" },
            left - 6.0,
            y + 3.5,
            format_number(v, lang)
        );
        v += step;
    }
    s.push_str("</g>");
    let bw = (WIDTH - left - right) / n.max(1) as f64;
    let gap = (bw * 0.18).min(6.0);
    let _ = write!(s, r##"<g fill="{BAR}">"##);
    for (k, &v) in values.iter().enumerate() {
        let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
        let y = y_of(v);
        let _ = write!(
            s,
            r##"<rect x="{:.2}" y="{y:.2}" width="{:.2}" height="{:.2}"><title>{}: {}</title></rect>"##,
            left + k as f64 * bw + gap / 2.0,
            (bw - gap).max(0.5),
            top + plot_h - y,
            esc(label(k)),
            format_number(v, lang)
        );
    }
    s.push_str("</g>");
    // X labels, thinned so that they are at least ~30 units apart.
    let longest = (0..n).map(|k| label(k).chars().count()).max().unwrap_or(0);
    let need = (longest as f64 * 6.0 + 8.0).max(18.0);
    let every = ((need / bw).ceil() as usize).max(1);
    let _ = write!(
        s,
        r##"<g font-size="10.5" fill="{INK}" text-anchor="middle">"##
    );
    for k in (0..n).step_by(every) {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}">{}</text>"##,
            left + (k as f64 + 0.5) * bw,
            top + plot_h + 15.0,
            esc(label(k))
        );
    }
    s.push_str("</g>");
    if n == 0 || max <= 0.0 {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="{MUTED}" text-anchor="middle">{}</text>"##,
            WIDTH / 2.0,
            top + plot_h / 2.0,
            match lang {
                Lang::Sv => "Inga händelser",
                Lang::En => "No incidents",
            }
        );
    }
    s.push_str("</svg>");
    s
}

/// Bars of incidents by local hour of day (00–23).
pub fn hour_bars_svg(p: &TemporalProfile, lang: Lang) -> String {
    let labels: Vec<String> = (0..24).map(|h| format!("{h:02}")).collect();
    let title = match lang {
        Lang::Sv => "Händelser per timme (lokal tid)",
        Lang::En => "Incidents by hour (local time)",
    };
    bars_svg(title, &labels, &p.hour, lang)
}

/// Bars of incidents by ISO weekday (Mån–Sön / Mon–Sun).
pub fn weekday_bars_svg(p: &TemporalProfile, lang: Lang) -> String {
    let title = match lang {
        Lang::Sv => "Händelser per veckodag",
        Lang::En => "Incidents by weekday",
    };
    bars_svg(title, &weekdays(lang), &p.weekday, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::profile::{Aoristic, aoristic_profile};

    fn sample() -> TemporalProfile {
        // Monday 2026-02-02 00:00 local = 2026-02-01T23:00Z; a few points through the week.
        let base = 1_769_986_800i64;
        let t: Vec<i64> = (0..200)
            .map(|k| base + (k * 7_919) % (14 * 86_400))
            .collect();
        aoristic_profile(&t, &t, Aoristic::Proportional, 168.0).unwrap()
    }

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox=\"0 0 640 "));
        assert!(svg.contains("role=\"img\"") && svg.contains("<desc"));
        assert!(!svg.contains("<script"));
        // Balanced tags for the elements used.
        for tag in ["g", "text", "title", "rect", "svg"] {
            let opens =
                svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
            let closes = svg.matches(&format!("</{tag}>")).count();
            let selfc = svg
                .split(&format!("<{tag} "))
                .skip(1)
                .filter(|rest| {
                    let end = rest.find('>').unwrap();
                    rest[..end].ends_with('/')
                })
                .count();
            assert_eq!(opens, closes + selfc, "<{tag}> unbalanced");
        }
    }

    #[test]
    fn heatmap_has_axes_legend_and_cells() {
        let p = sample();
        let sv = heatmap_hour_weekday_svg(&p, Lang::Sv);
        well_formed(&sv);
        for d in WEEKDAYS_SV {
            assert!(sv.contains(&format!(">{d}</text>")), "{d}");
        }
        assert!(sv.contains(">00</text>") && sv.contains(">23</text>"));
        assert_eq!(sv.matches("<rect x=").count(), 7 * 24 + 2); // cells + legend
        assert!(sv.contains("Flest:") && sv.contains("Timme (lokal tid)"));
        assert!(sv.contains("linearGradient"));
        let en = heatmap_hour_weekday_svg(&p, Lang::En);
        well_formed(&en);
        assert!(en.contains(">Sun</text>") && en.contains("Busiest:"));
    }

    #[test]
    fn year_wheel_and_bars() {
        let p = sample();
        let y = year_wheel_svg(&p, Lang::Sv);
        well_formed(&y);
        assert!(y.contains(">maj</text>") && y.contains(">2026</text>"));
        let b = weekday_bars_svg(&p, Lang::En);
        well_formed(&b);
        assert!(b.contains(">Mon</text>"));
        let h = hour_bars_svg(&p, Lang::Sv);
        well_formed(&h);
        let empty = bars_svg::<&str>("Tomt <&>", &[], &[], Lang::Sv);
        well_formed(&empty);
        assert!(empty.contains("Tomt &lt;&amp;&gt;") && empty.contains("Inga händelser"));
    }

    #[test]
    fn numbers_and_colours() {
        assert_eq!(format_number(2_000.0, Lang::Sv), "2\u{202f}000");
        assert_eq!(format_number(2_000.0, Lang::En), "2,000");
        assert_eq!(format_number(1.25, Lang::Sv), "1,3");
        assert_eq!(format_number(0.04, Lang::En), "0.0");
        assert_eq!(format_number(-3.0, Lang::En), "−3");
        assert_eq!(colour(0.0, 5.0), EMPTY);
        assert_eq!(colour(5.0, 5.0), "#800026");
        assert_eq!(colour(1e-9, 5.0), "#ffffcc");
        assert_eq!(nice_step(3.0), 1.0);
        assert_eq!(nice_step(100.0), 25.0);
        assert_eq!(nice_step(37.0), 10.0);
    }
}
