//! Inline SVG for the lägesbild: the map (counts grid and incidents) and the weekly chart.
//! Plain SVG 1.1 with no scripts and no external references, so the page works offline,
//! prints, and scales to a phone screen.

use super::{Lagesbild, Language};
use crate::incident::Incidents;
use std::fmt::Write;

/// Sequential palette (light → dark red) for the counts grid.
pub(super) const PALETTE: [&str; 6] = [
    "#fee5d9", "#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15",
];

/// Category colours (cycled), chosen to stay apart for common colour-vision deficiencies.
const CATEGORY_COLOURS: [&str; 10] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    "#7f7f7f", "#d62728",
];

/// The colour of category `k` (its index in the lägesbild's category table).
pub(super) fn category_colour(k: usize) -> &'static str {
    CATEGORY_COLOURS[k % CATEGORY_COLOURS.len()]
}

/// Upper bounds of the count classes: 1, 2, 4, … doubling up to the maximum.
pub(super) fn class_breaks(max: u64) -> Vec<u64> {
    let mut breaks = Vec::new();
    let mut b = 1u64;
    while b < max && breaks.len() + 1 < PALETTE.len() {
        breaks.push(b);
        b = b.saturating_mul(2);
    }
    breaks.push(max.max(1));
    breaks
}

fn class_of(v: u64, breaks: &[u64]) -> usize {
    breaks
        .iter()
        .position(|b| v <= *b)
        .unwrap_or(breaks.len().saturating_sub(1))
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The map: grid cells coloured by the number of incidents, incidents of the reporting period
/// as coloured dots (earlier ones as small grey dots), a 1 km scale bar and a north arrow.
/// What the map's cells show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layer {
    /// Incidents per cell (sequential reds).
    Counts,
    /// Gi* classes (diverging: hot red, cold blue; cells with incidents but no significant
    /// cluster in light grey).
    Hotspots,
    /// Emerging hot spot patterns (new/consecutive/intensifying in strong reds, persistent and
    /// others in lighter tones).
    Emerging,
    /// Kernel density (sequential purples by quantile).
    Kde,
}

/// Colour of an emerging-hot-spot pattern code (hot side; cold and none are not drawn).
pub(super) fn pattern_colour(code: i8) -> &'static str {
    match code {
        1 => "#fdae61", // new
        2 => "#f46d43", // consecutive
        3 => "#a50026", // intensifying
        4 => "#d73027", // persistent
        5 => "#fee090", // diminishing
        6 => "#fdd0a2", // sporadic
        7 => "#c994c7", // oscillating
        8 => "#bdbdbd", // historical
        _ => "#e8e8e4",
    }
}

/// Sequential palette for the kernel density (light → dark purple).
pub(super) const KDE_PALETTE: [&str; 5] = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];

/// Upper bounds of the density classes: the 50, 75, 90, 97.5 and 100th percentiles of the
/// positive densities.
pub(super) fn kde_breaks(density: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = density.iter().copied().filter(|d| *d > 0.0).collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return vec![0.0; 5];
    }
    [0.5, 0.75, 0.9, 0.975, 1.0]
        .iter()
        .map(|q| {
            let k = ((v.len() - 1) as f64 * q).round() as usize;
            v.get(k).copied().unwrap_or(0.0)
        })
        .collect()
}

/// Colours of the Gi* classes −3 … +3 (ColorBrewer RdBu; 0 is light grey).
pub(super) const CLASS_COLOURS: [&str; 7] = [
    "#2166ac", "#67a9cf", "#d1e5f0", "#e8e8e4", "#fddbc7", "#ef8a62", "#b2182b",
];

/// The colour of a Gi* class.
pub(super) fn class_colour(class: i8) -> &'static str {
    CLASS_COLOURS[usize::try_from(i16::from(class.clamp(-3, 3)) + 3).unwrap_or(3)]
}

pub(super) fn map(
    lb: &Lagesbild,
    metric: &Incidents,
    category_index: &[Option<usize>],
    layer: Layer,
) -> String {
    let grid = &lb.grid;
    let [x0, y0, x1, y1] = grid.bounds();
    let (w, h) = (x1 - x0, y1 - y0);
    let pad = 0.03 * w.max(h);
    let sx = |x: f64| x - x0 + pad;
    let sy = |y: f64| y1 - y + pad;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" viewBox="0 0 {:.0} {:.0}" preserveAspectRatio="xMidYMid meet"><title>{}</title><rect x="0" y="0" width="100%" height="100%" fill="#f7f7f4"/>"##,
        w + 2.0 * pad,
        h + 2.0 * pad,
        escape(&lb.title)
    );
    if let Some(url) = &lb.tiles_url {
        s.push_str(&tiles(lb, url, &sx, &sy));
    }
    // Grid.
    let max = lb.cells.iter().map(|c| c.total).max().unwrap_or(1);
    let breaks = class_breaks(max);
    let id = match layer {
        Layer::Counts => "grid",
        Layer::Hotspots => "hotspots",
        Layer::Emerging => "emerging-map",
        Layer::Kde => "kde",
    };
    let _ = write!(s, r##"<g id="{id}" stroke="#ffffff" stroke-width="1">"##);
    // Cells with incidents, plus (hotspot layer) significant cells without any, e.g. cold spots.
    let mut cells: Vec<(u32, u64)> = lb.cells.iter().map(|c| (c.cell, c.total)).collect();
    let kde_breaks = lb.kde.as_deref().map(kde_breaks).unwrap_or_default();
    if layer == Layer::Kde
        && let Some(kde) = &lb.kde
    {
        let lowest = kde_breaks.first().copied().unwrap_or(0.0) * 0.2;
        cells = grid
            .cells()
            .iter()
            .zip(kde)
            .filter(|(_, d)| **d > lowest)
            .map(|(c, _)| (*c, 0))
            .collect();
    }
    if let (Layer::Hotspots, Some(h)) = (layer, &lb.hotspot) {
        let known: std::collections::HashSet<u32> = cells.iter().map(|c| c.0).collect();
        cells.extend(
            h.cells
                .iter()
                .filter(|c| !known.contains(&c.cell))
                .map(|c| (c.cell, 0)),
        );
    }
    for (cell, total) in cells {
        let poly = grid.cell_polygon(cell);
        let mut d = String::new();
        for (i, p) in poly.exterior().points().enumerate() {
            let _ = write!(
                d,
                "{}{:.1} {:.1}",
                if i == 0 { "M" } else { "L" },
                sx(p.x()),
                sy(p.y())
            );
        }
        match layer {
            Layer::Counts => {
                let colour = PALETTE[class_of(total, &breaks).min(PALETTE.len() - 1)];
                let _ = write!(
                    s,
                    r##"<path class="cell" d="{d}Z" fill="{colour}" data-cell="{cell}" data-count="{total}"><title>{total}</title></path>"##
                );
            }
            Layer::Emerging => {
                let pc = lb
                    .emerging
                    .as_ref()
                    .and_then(|e| e.cells.iter().find(|c| c.cell == cell));
                let (fill, code, label) = match pc {
                    Some(c) => (
                        pattern_colour(c.code),
                        c.code,
                        match lb.language {
                            Language::Sv => c.sv.as_str(),
                            Language::En => c.en.as_str(),
                        },
                    ),
                    None => ("#e8e8e4", 0, ""),
                };
                let _ = write!(
                    s,
                    r##"<path class="ehsa" d="{d}Z" fill="{fill}" data-cell="{cell}" data-pattern="{code}"><title>{}</title></path>"##,
                    escape(label)
                );
            }
            Layer::Kde => {
                let k = grid.cells().iter().position(|c| *c == cell);
                let dens = k
                    .and_then(|k| lb.kde.as_ref().and_then(|v| v.get(k)))
                    .copied()
                    .unwrap_or(0.0);
                let class = kde_breaks
                    .iter()
                    .position(|b| dens <= *b)
                    .unwrap_or(KDE_PALETTE.len() - 1);
                let _ = write!(
                    s,
                    r##"<path class="kde" d="{d}Z" fill="{}" stroke="none" data-cell="{cell}"><title>{dens:.1} / km²</title></path>"##,
                    KDE_PALETTE[class.min(KDE_PALETTE.len() - 1)]
                );
            }
            Layer::Hotspots => {
                let class = lb.hotspot.as_ref().map_or(0, |h| h.class_of(cell));
                let _ = write!(
                    s,
                    r##"<path class="gi" d="{d}Z" fill="{}" data-cell="{cell}" data-class="{class}"><title>Gi* {class:+}, {total}</title></path>"##,
                    class_colour(class)
                );
            }
        }
    }
    s.push_str("</g>");
    // Named places: outlines and names.
    if !lb.places.is_empty() {
        let fs = w.max(h) / 55.0;
        let _ = write!(
            s,
            r##"<g id="places" fill="none" stroke="#1d1d1b" stroke-width="{:.1}" stroke-dasharray="{:.0} {:.0}">"##,
            (w.max(h) / 700.0).max(1.0),
            fs * 0.5,
            fs * 0.3
        );
        for p in &lb.places {
            for ring in &p.rings {
                let mut d = String::new();
                for (i, (x, y)) in ring.iter().enumerate() {
                    let _ = write!(
                        d,
                        "{}{:.1} {:.1}",
                        if i == 0 { "M" } else { "L" },
                        sx(*x),
                        sy(*y)
                    );
                }
                let _ = write!(s, r##"<path d="{d}Z"/>"##);
            }
        }
        s.push_str("</g>");
        let _ = write!(
            s,
            r##"<g id="place-names" font-family="sans-serif" font-size="{fs:.0}" text-anchor="middle" fill="#1d1d1b" stroke="#ffffff" stroke-width="{:.0}" paint-order="stroke">"##,
            fs * 0.25
        );
        for p in &lb.places {
            let _ = write!(
                s,
                r##"<text class="place" x="{:.0}" y="{:.0}">{}</text>"##,
                sx(p.label_xy.0),
                sy(p.label_xy.1),
                escape(&p.name)
            );
        }
        s.push_str("</g>");
    }
    // Incidents: earlier ones grey and small, the reporting period coloured on top.
    let r_small = (w.max(h) / 600.0).max(2.0);
    let start =
        crate::trend::period::local_midnight(lb.period.start).map_or(i64::MIN, |t| t.timestamp());
    let end = crate::trend::period::local_midnight(lb.period.end + chrono::Duration::days(1))
        .map_or(i64::MAX, |t| t.timestamp());
    let approx = crate::incident::flags::APPROX_POSITION;
    s.push_str(r##"<g id="incidents-earlier" fill="#555" fill-opacity="0.25">"##);
    let mut current = Vec::new();
    for i in 0..metric.len() {
        let (Some(&x), Some(&y), Some(&t), Some(&f)) = (
            metric.x().get(i),
            metric.y().get(i),
            metric.times().get(i),
            metric.flags().get(i),
        ) else {
            continue;
        };
        if f & approx != 0 {
            continue;
        }
        if t >= start && t < end {
            current.push(i);
        } else {
            let _ = write!(
                s,
                r##"<circle cx="{:.0}" cy="{:.0}" r="{:.0}"/>"##,
                sx(x),
                sy(y),
                r_small
            );
        }
    }
    s.push_str("</g>");
    s.push_str(r##"<g id="incidents-current" stroke="#000" stroke-width="1.5">"##);
    let tax = metric.taxonomy();
    for i in current {
        let (x, y) = (metric.x()[i], metric.y()[i]);
        let cat = metric.categories()[i];
        let k = category_index
            .get(usize::from(cat.0))
            .copied()
            .flatten()
            .unwrap_or(0);
        let label = tax.get(cat).map_or("", |c| match lb.language {
            Language::Sv => c.sv.as_str(),
            Language::En => c.en.as_str(),
        });
        let _ = write!(
            s,
            r##"<circle class="incident" cx="{:.0}" cy="{:.0}" r="{:.0}" fill="{}"><title>{}</title></circle>"##,
            sx(x),
            sy(y),
            r_small * 3.0,
            category_colour(k),
            escape(label)
        );
    }
    s.push_str("</g>");
    // Scale bar (1 km, or 100 m for small areas) and north arrow.
    let bar = if w > 3_000.0 { 1_000.0 } else { 100.0 };
    let (bx, by) = (pad, h + 2.0 * pad - pad * 0.4);
    let fs = w.max(h) / 40.0;
    let _ = write!(
        s,
        r##"<g id="scale" font-family="sans-serif" font-size="{fs:.0}"><rect x="{bx:.0}" y="{:.0}" width="{bar:.0}" height="{:.0}" fill="#222"/><text x="{:.0}" y="{:.0}">{}</text></g>"##,
        by - fs * 0.3,
        fs * 0.3,
        bx + bar + fs * 0.4,
        by,
        if bar >= 1_000.0 { "1 km" } else { "100 m" }
    );
    let (nx, ny) = (w + 2.0 * pad - pad, pad + fs);
    let _ = write!(
        s,
        r##"<g id="north" font-family="sans-serif" font-size="{fs:.0}" text-anchor="middle"><path d="M{nx:.0} {:.0} L{:.0} {:.0} L{:.0} {:.0} Z" fill="#222"/><text x="{nx:.0}" y="{ny:.0}">N</text></g>"##,
        ny + fs * 0.3,
        nx - fs * 0.5,
        ny + fs * 1.8,
        nx + fs * 0.5,
        ny + fs * 1.8
    );
    s.push_str("</svg>");
    s
}

/// Legend rows (label, colour) for the grid classes.
pub(super) fn grid_legend(lb: &Lagesbild) -> Vec<(String, &'static str)> {
    let max = lb.cells.iter().map(|c| c.total).max().unwrap_or(1);
    let breaks = class_breaks(max);
    let mut lo = 1u64;
    breaks
        .iter()
        .enumerate()
        .map(|(k, &hi)| {
            let label = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo}–{hi}")
            };
            lo = hi + 1;
            (label, PALETTE[k.min(PALETTE.len() - 1)])
        })
        .collect()
}

/// Bar chart of incidents per ISO week; the reporting period's bars are dark.
pub(super) fn weekly_chart(lb: &Lagesbild) -> String {
    let n = lb.weeks.len().max(1);
    let (w, h, left, bottom) = (800.0, 220.0, 40.0, 30.0);
    let bw = (w - left) / n as f64;
    let max = lb.weeks.iter().map(|x| x.count).max().unwrap_or(1).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" role="img"><g font-family="sans-serif" font-size="11">"##
    );
    for frac in [0.0, 0.5, 1.0] {
        let y = h - bottom - frac * (h - bottom - 10.0);
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{w}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.0}" y="{:.1}" text-anchor="end">{:.0}</text>"##,
            left - 4.0,
            y + 4.0,
            frac * max
        );
    }
    for (k, wk) in lb.weeks.iter().enumerate() {
        let bh = wk.count as f64 / max * (h - bottom - 10.0);
        let current = wk.monday >= lb.period.start && wk.monday <= lb.period.end;
        let baseline = wk.monday >= lb.period.baseline_start && wk.monday < lb.period.start;
        let fill = if current {
            "#a50f15"
        } else if baseline {
            "#7a9cc6"
        } else {
            "#c6d4e6"
        };
        let _ = write!(
            s,
            r##"<rect class="week" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{fill}"><title>{}: {}</title></rect>"##,
            left + k as f64 * bw + 0.5,
            h - bottom - bh,
            (bw - 1.0).max(0.5),
            bh,
            wk.week,
            wk.count
        );
        if k % 8 == 0 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}">{}</text>"##,
                left + k as f64 * bw,
                h - bottom + 14.0,
                wk.week
            );
        }
    }
    s.push_str("</g></svg>");
    s
}

/// Background map tiles (`{z}/{x}/{y}` URL template, Web Mercator), drawn only when the user
/// gave a URL: each tile's corners are projected into the map's CRS, so the tiles sit where
/// they belong (within the small distortion of a town-sized map). At most 64 tiles.
fn tiles(lb: &Lagesbild, url: &str, sx: &dyn Fn(f64) -> f64, sy: &dyn Fn(f64) -> f64) -> String {
    let crs = lb.grid.crs();
    let [x0, y0, x1, y1] = lb.grid.bounds();
    let (lon0, lat0) = crs.to_lonlat_unchecked(x0, y0);
    let (lon1, lat1) = crs.to_lonlat_unchecked(x1, y1);
    let lat_mid = (lat0 + lat1) / 2.0;
    let world = 40_075_016.686 * lat_mid.to_radians().cos();
    // About four tiles across the map.
    let z = ((world / ((x1 - x0).max(1.0) / 4.0)).log2().round()).clamp(1.0, 18.0) as i32;
    let n = f64::from(1u32 << z);
    let tx = |lon: f64| ((lon + 180.0) / 360.0 * n).floor();
    let ty = |lat: f64| {
        let r = lat.to_radians();
        ((1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor()
    };
    let lon_of = |x: f64| x / n * 360.0 - 180.0;
    let lat_of = |y: f64| {
        (std::f64::consts::PI * (1.0 - 2.0 * y / n))
            .sinh()
            .atan()
            .to_degrees()
    };
    let (ax, bx) = (tx(lon0.min(lon1)), tx(lon0.max(lon1)));
    let (ay, by) = (ty(lat0.max(lat1)), ty(lat0.min(lat1)));
    if !(ax.is_finite() && bx.is_finite() && ay.is_finite() && by.is_finite())
        || (bx - ax + 1.0) * (by - ay + 1.0) > 64.0
    {
        return String::new();
    }
    let mut s = String::from(r##"<g id="tiles" opacity="0.55">"##);
    let mut y = ay;
    while y <= by {
        let mut x = ax;
        while x <= bx {
            let (wx, ny) = crs.from_lonlat_unchecked(lon_of(x), lat_of(y));
            let (ex, sy_) = crs.from_lonlat_unchecked(lon_of(x + 1.0), lat_of(y + 1.0));
            let href = url
                .replace("{z}", &z.to_string())
                .replace("{x}", &format!("{x:.0}"))
                .replace("{y}", &format!("{y:.0}"));
            let _ = write!(
                s,
                r##"<image href="{}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" preserveAspectRatio="none"/>"##,
                escape(&href),
                sx(wx),
                sy(ny),
                (sx(ex) - sx(wx)).abs(),
                (sy(sy_) - sy(ny)).abs()
            );
            x += 1.0;
        }
        y += 1.0;
    }
    s.push_str("</g>");
    s
}
