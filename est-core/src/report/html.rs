//! The lägesbild page: one HTML file with inline CSS and SVG, no scripts, no fonts or tiles
//! from the network.

use super::svg::{self, escape};
use super::{Lagesbild, Language};
use crate::Error;
use crate::incident::Incidents;
use std::fmt::Write;

fn t(lang: Language, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Sv => sv,
        Language::En => en,
    }
}

const CSS: &str = r##"
:root { --ink: #1d1d1b; --muted: #5f5f5a; --line: #d9d9d3; --accent: #a50f15; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 1rem; line-height: 1.45; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
h1 { margin: 0 0 .2rem; font-size: 1.7rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 .5rem; }
.sub { color: var(--muted); margin: 0 0 .6rem; }
.kpis { display: flex; flex-wrap: wrap; gap: .8rem; margin: .8rem 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; min-width: 9rem; }
.kpi b { display: block; font-size: 1.5rem; }
.grid2 { display: grid; grid-template-columns: 2fr 1fr; gap: 1rem; align-items: start; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
svg.map { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
svg.chart { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid var(--line); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.legend { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-wrap: wrap; gap: .3rem .9rem; font-size: .9rem; }
.sw { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; vertical-align: -2px; margin-right: .3rem; border: 1px solid #0002; }
.dot { border-radius: 50%; }
.up { color: var(--accent); font-weight: 600; }
.muted { color: var(--muted); font-size: .9rem; }
ol.alerts { padding-left: 1.3rem; } li.alert { margin: .3rem 0; }
.ok { color: #1a7f37; }
td.down { color: #1a7f37; font-weight: 600; }
.grid2.even { grid-template-columns: 1fr 1fr; }
article.intervention { border: 1px solid var(--line); border-radius: 6px; padding: .2rem .9rem .6rem; margin: .8rem 0; }
article.intervention h3 { margin: .5rem 0 .2rem; font-size: 1.05rem; }
table.counts { width: auto; min-width: 50%; }
.recommendation { border-left: 5px solid #888; padding: .2rem .8rem; margin-top: .6rem; background: #fafaf7; }
.recommendation.continue { border-color: #2166ac; } .recommendation.expand { border-color: #1a7f37; }
.recommendation.change { border-color: #e0a800; } .recommendation.end { border-color: #5f5f5a; }
svg { max-width: 100%; }
td { overflow-wrap: anywhere; }
@media (max-width: 600px) { table { display: block; overflow-x: auto; max-width: 100%; } body { padding: .5rem; } .kpi { min-width: 7rem; } }
.warn { background: #fff7e0; border-left: 4px solid #e0a800; padding: .4rem .7rem; font-size: .9rem; }
details { margin: .6rem 0; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .6rem; }
@media print { body { max-width: none; } .grid2 { grid-template-columns: 2fr 1fr; } details { display: none; } }
"##;

pub(super) fn render(lb: &Lagesbild, incidents: &Incidents) -> Result<String, Error> {
    let lang = lb.language;
    let approx = crate::incident::flags::APPROX_POSITION;
    let exact = incidents.filter(|i| incidents.flags().get(i).is_some_and(|f| f & approx == 0));
    let metric = if exact.crs() == lb.grid.crs() {
        exact
    } else {
        exact.to_crs(lb.grid.crs())?
    };
    // Category id → row in the lägesbild's category table (for colours).
    let tax = incidents.taxonomy();
    let category_index: Vec<Option<usize>> = tax
        .categories()
        .iter()
        .map(|c| lb.categories.iter().position(|r| r.code == c.code))
        .collect();
    let label = |sv: &str, en: &str| -> String {
        escape(match lang {
            Language::Sv => sv,
            Language::En => en,
        })
    };

    let mut h = String::with_capacity(256 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} {}</title><style>{CSS}</style></head><body>",
        t(lang, "sv", "en"),
        escape(&lb.title),
        lb.period.label
    );
    let unit_word = match lb.period.unit {
        super::ReportUnit::Weeks => t(lang, "Vecka", "Week"),
        super::ReportUnit::Month => t(lang, "Månad", "Month"),
        super::ReportUnit::Tertial => t(lang, "Tertial", "Tertial"),
        super::ReportUnit::Year => t(lang, "År", "Year"),
    };
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{} {} ({} – {}) · {} {} – {} · {}</p></header>",
        escape(&lb.title),
        unit_word,
        escape(&lb.period.label),
        lb.period.start,
        lb.period.end,
        t(lang, "jämfört med", "compared with"),
        lb.period.baseline_start,
        lb.period.baseline_end,
        t(
            lang,
            "tider i svensk tid (Europe/Stockholm)",
            "times in Swedish time (Europe/Stockholm)"
        )
    );
    let baseline_total: f64 = lb.categories.iter().map(|c| c.baseline_mean).sum();
    let _ = write!(
        h,
        "<section class=\"kpis\"><div class=\"kpi\">{}<b id=\"n-current\">{}</b></div><div class=\"kpi\">{}<b>{:.1}</b></div><div class=\"kpi\">{}<b>{}</b></div><div class=\"kpi\">{}<b>{}</b></div></section>",
        t(lang, "Händelser perioden", "Incidents this period"),
        lb.n_current,
        t(lang, "Normalt per period", "Usual per period"),
        baseline_total,
        t(lang, "Händelser totalt", "Incidents in total"),
        lb.n_incidents,
        t(lang, "Rutor med händelser", "Cells with incidents"),
        lb.cells.len()
    );
    for w in &lb.warnings {
        let _ = write!(h, "<p class=\"warn\">{}</p>", escape(w));
    }

    new_problems(&mut h, lb);

    // Hotspot map (Gi* classes), then the counts map.
    if let Some(hs) = &lb.hotspot {
        let _ = write!(
            h,
            "<h2>{}</h2><div class=\"grid2\"><div>",
            t(
                lang,
                "Hotspots (Getis–Ord Gi*)",
                "Hot spots (Getis–Ord Gi*)"
            )
        );
        h.push_str(&svg::map(
            lb,
            &metric,
            &category_index,
            svg::Layer::Hotspots,
        ));
        let _ = write!(
            h,
            "</div><div><p>{} {:.0} m. {} ({}).</p><ul class=\"legend\" id=\"hotspot-legend\">",
            t(
                lang,
                "Gi* på antal händelser per ruta om",
                "Gi* on incidents per cell of"
            ),
            lb.grid.cell_size(),
            t(
                lang,
                "Rutan och dess grannar har fler (varma) eller färre (kalla) händelser än slumpen ger, efter korrigering för många tester",
                "The cell and its neighbours have more (hot) or fewer (cold) incidents than chance gives, after correcting for many tests"
            ),
            escape(&hs.adjustment)
        );
        let labels_sv = [
            "Kall 99 %",
            "Kall 95 %",
            "Kall 90 %",
            "Inte signifikant",
            "Varm 90 %",
            "Varm 95 %",
            "Varm 99 %",
        ];
        let labels_en = [
            "Cold 99 %",
            "Cold 95 %",
            "Cold 90 %",
            "Not significant",
            "Hot 90 %",
            "Hot 95 %",
            "Hot 99 %",
        ];
        for k in (0..7).rev() {
            let class = i8::try_from(k).unwrap_or(3) - 3;
            let label = match lang {
                Language::Sv => labels_sv[k],
                Language::En => labels_en[k],
            };
            let _ = write!(
                h,
                "<li><span class=\"sw\" style=\"background:{}\"></span>{label} ({})</li>",
                svg::class_colour(class),
                hs.class_counts[k]
            );
        }
        h.push_str("</ul></div></div>");
    }
    kde_map(&mut h, lb, &metric, &category_index);
    emerging(&mut h, lb, &metric, &category_index);
    let _ = write!(
        h,
        "<h2>{}</h2><div class=\"grid2\"><div>",
        t(lang, "Antal händelser per ruta", "Incidents per cell")
    );
    h.push_str(&svg::map(lb, &metric, &category_index, svg::Layer::Counts));
    let _ = write!(
        h,
        "</div><div><p>{} {:.0} m ({}). {}</p><ul class=\"legend\">",
        t(lang, "Rutnät med rutor om", "Grid of cells of"),
        lb.grid.cell_size(),
        t(
            lang,
            "antal händelser hela perioden",
            "incidents over the whole data set"
        ),
        t(
            lang,
            "Färgade prickar: händelser denna period. Grå: tidigare.",
            "Coloured dots: incidents this period. Grey: earlier."
        )
    );
    for (lbl, colour) in svg::grid_legend(lb) {
        let _ = write!(
            h,
            "<li><span class=\"sw\" style=\"background:{colour}\"></span>{lbl}</li>"
        );
    }
    h.push_str("</ul><ul class=\"legend\">");
    for (k, c) in lb
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| c.current > 0)
    {
        let _ = write!(
            h,
            "<li><span class=\"sw dot\" style=\"background:{}\"></span>{}</li>",
            svg::category_colour(k),
            label(&c.sv, &c.en)
        );
    }
    h.push_str("</ul></div></div>");

    // Categories.
    let _ = write!(
        h,
        "<h2>{}</h2><table id=\"categories\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        t(lang, "Händelser per kategori", "Incidents by category"),
        t(lang, "Kategori", "Category"),
        t(lang, "Perioden", "This period"),
        t(lang, "Normalt", "Usual"),
        t(lang, "Totalt", "Total")
    );
    for c in &lb.categories {
        let up = c.current as f64 > 2.0 * c.baseline_mean + 2.0;
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n{}\">{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{}</td></tr>",
            label(&c.sv, &c.en),
            if up { " up" } else { "" },
            c.current,
            c.baseline_mean,
            c.total
        );
    }
    h.push_str("</tbody></table>");

    // Weekly chart.
    let _ = write!(
        h,
        "<h2>{}</h2>",
        t(lang, "Händelser per vecka", "Incidents per week")
    );
    h.push_str(&svg::weekly_chart(lb));
    trends(&mut h, lb);
    profile(&mut h, lb);
    interventions(&mut h, lb);

    // Organisations.
    let _ = write!(
        h,
        "<h2>{}</h2><table id=\"organisations\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        t(lang, "Vem rapporterar", "Who reports"),
        t(lang, "Organisation", "Organisation"),
        t(lang, "Perioden", "This period"),
        t(lang, "Totalt", "Total")
    );
    for o in &lb.organisations {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&o.sv),
            o.current,
            o.total
        );
    }
    h.push_str("</tbody></table>");

    // Parameters.
    let _ = write!(
        h,
        "<details><summary>{}</summary><table><tbody>",
        t(
            lang,
            "Parametrar och hur de valdes",
            "Parameters and how they were chosen"
        )
    );
    for p in &lb.params_used {
        let how = match &p.source {
            crate::params::Source::User => t(lang, "angiven", "given").to_string(),
            crate::params::Source::Default => t(lang, "standard", "default").to_string(),
            crate::params::Source::Auto { rule } => {
                format!("{}: {}", t(lang, "automatisk", "automatic"), rule)
            }
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&p.name),
            escape(&p.value.to_string()),
            escape(&how)
        );
    }
    let _ = writeln!(
        h,
        "</tbody></table></details><footer>{} est {} · {} · {}</footer></body></html>",
        t(lang, "Skapad med", "Made with"),
        escape(&lb.est_version),
        lb.grid.crs(),
        t(
            lang,
            "Fritext och id:n ingår inte i denna sida.",
            "Free text and ids are not included in this page."
        )
    );
    Ok(h)
}

/// A number with two significant decimals in the page's language (decimal comma in Swedish).
fn num2(v: f64, lang: Language) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{v:.2}");
    match lang {
        Language::Sv => s.replace('.', ",").replace('-', "−"),
        Language::En => s.replace('-', "−"),
    }
}

fn p_text(p: f64, lang: Language) -> String {
    if p < 0.001 {
        match lang {
            Language::Sv => "p < 0,001".into(),
            Language::En => "p < 0.001".into(),
        }
    } else {
        format!("p = {}", num2_3(p, lang))
    }
}

fn num2_3(v: f64, lang: Language) -> String {
    let s = format!("{v:.3}");
    match lang {
        Language::Sv => s.replace('.', ","),
        Language::En => s,
    }
}

/// "Nya problem": the week's alerts (early warning) and space-time clusters.
fn new_problems(h: &mut String, lb: &Lagesbild) {
    let lang = lb.language;
    let Some(np) = &lb.new_problems else {
        return;
    };
    let _ = write!(
        h,
        "<section id=\"alerts\"><h2>{} ({})</h2>",
        t(lang, "Nya problem", "New problems"),
        escape(&np.week)
    );
    if np.alerts.is_empty() {
        let _ = write!(
            h,
            "<p class=\"ok\">{}</p>",
            t(
                lang,
                "Inga platser eller kategorier ligger ovanligt högt denna vecka.",
                "No place or category is unusually high this week."
            )
        );
    } else {
        h.push_str("<ol class=\"alerts\">");
        for a in &np.alerts {
            let sentence = match lang {
                Language::Sv => &a.sentence_sv,
                Language::En => &a.sentence_en,
            };
            let _ = write!(
                h,
                "<li class=\"alert\" data-place=\"{}\" data-category=\"{}\"><b>{}</b> <span class=\"muted\">({}, {} {})</span></li>",
                escape(&a.place),
                escape(&a.category),
                escape(sentence),
                p_text(a.p_adjusted, lang),
                t(lang, "justerat för", "adjusted for"),
                match lang {
                    Language::Sv => format!("{} tester", np.tested),
                    Language::En => format!("{} tests", np.tested),
                }
            );
        }
        h.push_str("</ol>");
    }
    if !np.clusters.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p><ul class=\"clusters\">",
            t(
                lang,
                "Kluster i tid och rum de senaste tolv veckorna (Kulldorffs rum–tid-permutationsscan):",
                "Space-time clusters in the last twelve weeks (Kulldorff's space-time permutation scan):"
            )
        );
        for c in &np.clusters {
            let place = c.near.as_deref().map_or_else(
                || format!("{:.4}, {:.4}", c.lat, c.lon),
                |n| match lang {
                    Language::Sv => format!("vid {n}"),
                    Language::En => format!("at {n}"),
                },
            );
            let _ = write!(
                h,
                "<li class=\"cluster\">{} ({} {:.0} m), {} – {}: {} {} {} ({})</li>",
                escape(&place),
                t(lang, "radie", "radius"),
                c.radius_m,
                c.start_day,
                c.end_day,
                c.observed,
                t(
                    lang,
                    "händelser mot väntat",
                    "incidents against an expected"
                ),
                num2(c.expected, lang),
                p_text(c.p, lang)
            );
        }
        h.push_str("</ul>");
    }
    let _ = write!(
        h,
        "<p class=\"muted\">{}</p></section>",
        t(
            lang,
            "Varje plats och kategori jämförs med de åtta veckorna före (exakt betingat test); p-värdena är justerade för antalet tester (Benjamini–Hochberg). Larm kräver minst 3 händelser.",
            "Each place and category is compared with the eight weeks before (exact conditional test); p-values are adjusted for the number of tests (Benjamini–Hochberg). An alert needs at least 3 incidents."
        )
    );
}

fn kde_map(h: &mut String, lb: &Lagesbild, metric: &Incidents, category_index: &[Option<usize>]) {
    let lang = lb.language;
    if lb.kde.is_none() {
        return;
    }
    let bandwidth = lb
        .params_used
        .iter()
        .find(|p| p.name == "bandwidth_m")
        .and_then(|p| p.value.as_f64());
    let _ = write!(
        h,
        "<h2>{}</h2><div class=\"grid2\"><div>",
        t(lang, "Täthet (kärnskattning)", "Density (kernel density)")
    );
    h.push_str(&svg::map(lb, metric, category_index, svg::Layer::Kde));
    let _ = write!(
        h,
        "</div><div><p>{}{}</p><ul class=\"legend\">",
        t(
            lang,
            "Händelser per km², utjämnade med en kvartisk kärna",
            "Incidents per km², smoothed with a quartic kernel"
        ),
        bandwidth.map_or(String::new(), |b| match lang {
            Language::Sv => format!(" (bandbredd {b:.0} m)."),
            Language::En => format!(" (bandwidth {b:.0} m)."),
        })
    );
    let labels = match lang {
        Language::Sv => ["låg", "", "", "", "hög"],
        Language::En => ["low", "", "", "", "high"],
    };
    for (k, c) in svg::KDE_PALETTE.iter().enumerate() {
        let _ = write!(
            h,
            "<li><span class=\"sw\" style=\"background:{c}\"></span>{}</li>",
            labels[k]
        );
    }
    h.push_str("</ul></div></div>");
}

fn emerging(h: &mut String, lb: &Lagesbild, metric: &Incidents, category_index: &[Option<usize>]) {
    let lang = lb.language;
    let Some(e) = &lb.emerging else {
        return;
    };
    let _ = write!(
        h,
        "<section id=\"emerging\"><h2>{} ({} – {})</h2><div class=\"grid2\"><div>",
        t(lang, "Framväxande hotspots", "Emerging hot spots"),
        escape(&e.first_week),
        escape(&e.last_week)
    );
    h.push_str(&svg::map(lb, metric, category_index, svg::Layer::Emerging));
    let _ = write!(
        h,
        "</div><div><p>{}</p><ul class=\"legend\">",
        match lang {
            Language::Sv => format!(
                "Gi* i rum och tid för varje ruta och vecka ({} veckor), trend enligt Mann–Kendall och Esris mönster.",
                e.weeks
            ),
            Language::En => format!(
                "Space-time Gi* for every cell and week ({} weeks), Mann–Kendall trend and Esri's patterns.",
                e.weeks
            ),
        }
    );
    for c in &e.counts {
        if c.code <= 0 {
            continue;
        }
        let _ = write!(
            h,
            "<li class=\"pattern\" data-code=\"{}\"><span class=\"sw\" style=\"background:{}\"></span>{} ({})</li>",
            c.code,
            svg::pattern_colour(c.code),
            escape(match lang {
                Language::Sv => &c.sv,
                Language::En => &c.en,
            }),
            c.n
        );
    }
    h.push_str("</ul>");
    // Per named place: the cells with each hot pattern and their incidents last week.
    let mut groups: Vec<(&str, i8, usize, f64)> = Vec::new();
    for c in &e.cells {
        let Some(place) = c.near.as_deref() else {
            continue;
        };
        match groups.iter_mut().find(|g| g.0 == place && g.1 == c.code) {
            Some(g) => {
                g.2 += 1;
                g.3 += c.last_week;
            }
            None => groups.push((place, c.code, 1, c.last_week)),
        }
    }
    if !groups.is_empty() {
        h.push_str("<ul class=\"named\">");
        for (place, code, n, last) in groups.iter().take(10) {
            let label =
                crate::trend::emerging::Pattern::from_code(*code).map_or("", |p| match lang {
                    Language::Sv => p.label_sv(),
                    Language::En => p.label_en(),
                });
            let _ = write!(
                h,
                "<li class=\"named-pattern\" data-place=\"{}\">{} {}: {}, {}, {} {}</li>",
                escape(place),
                t(lang, "Vid", "At"),
                escape(place),
                escape(label),
                match lang {
                    Language::Sv => format!("{n} {}", if *n == 1 { "ruta" } else { "rutor" }),
                    Language::En => format!("{n} {}", if *n == 1 { "cell" } else { "cells" }),
                },
                last,
                t(lang, "händelser senaste veckan", "incidents last week")
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</div></div></section>");
}

fn trends(h: &mut String, lb: &Lagesbild) {
    let lang = lb.language;
    if lb.trends.is_empty() {
        return;
    }
    let weeks = lb.trends.first().map_or(0, |t| t.weeks);
    let _ = write!(
        h,
        "<section id=\"trends\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">p</th><th class=\"n\">{}</th></tr></thead><tbody>",
        match lang {
            Language::Sv => format!("Trender de senaste {weeks} veckorna"),
            Language::En => format!("Trends over the last {weeks} weeks"),
        },
        t(lang, "Kategori", "Category"),
        t(lang, "Trend", "Trend"),
        t(lang, "Förändring per vecka", "Change per week"),
        t(lang, "Händelser", "Incidents"),
    );
    for tr in &lb.trends {
        let (arrow, class, word) = match tr.trend.as_str() {
            "increasing" => ("▲", "up", t(lang, "ökande", "increasing")),
            "decreasing" => ("▼", "down", t(lang, "minskande", "decreasing")),
            _ => ("–", "", t(lang, "ingen trend", "no trend")),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"{class}\">{arrow} {word}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(match lang {
                Language::Sv => &tr.sv,
                Language::En => &tr.en,
            }),
            num2(tr.slope, lang),
            num2_3(tr.p, lang),
            tr.total
        );
    }
    let _ = write!(
        h,
        "</tbody></table><p class=\"muted\">{}</p></section>",
        t(
            lang,
            "Mann–Kendalls trendtest (5 %) på antal per vecka; förändringen är Sens lutning.",
            "Mann–Kendall trend test (5 %) on weekly counts; the change is Sen's slope."
        )
    );
}

fn profile(h: &mut String, lb: &Lagesbild) {
    let lang = lb.language;
    let Some(p) = &lb.profile else {
        return;
    };
    let _ = write!(
        h,
        "<section id=\"profile\"><h2>{}</h2><div class=\"grid2 even\"><div>",
        t(lang, "När händer det?", "When does it happen?")
    );
    h.push_str(&super::charts::heatmap_hour_weekday_svg(p, lang));
    h.push_str("</div><div>");
    h.push_str(&super::charts::year_wheel_svg(p, lang));
    let _ = write!(
        h,
        "</div></div><p class=\"muted\">{}</p></section>",
        t(
            lang,
            "Perioden och jämförelseperioden, i svensk tid.",
            "The period and its baseline, in Swedish time."
        )
    );
}

fn interventions(h: &mut String, lb: &Lagesbild) {
    let lang = lb.language;
    if lb.interventions.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"interventions\"><h2>{}</h2>",
        t(
            lang,
            "Insatser och uppföljning",
            "Interventions and follow-up"
        )
    );
    for iv in &lb.interventions {
        let _ = write!(
            h,
            "<article class=\"intervention\" data-id=\"{}\"><h3>{}</h3>",
            escape(&iv.id),
            escape(&iv.name)
        );
        if let Some(ev) = &iv.evaluation {
            let _ = write!(
                h,
                "<p class=\"muted\">{} {} · {} {} – {} · {} {} – {} ({:.0} {})</p>",
                t(lang, "Plats:", "Place:"),
                escape(&iv.target),
                t(lang, "före", "before"),
                // Equal elapsed lengths across a DST change start an hour off midnight.
                (ev.before.start + chrono::Duration::hours(2))
                    .with_timezone(&chrono_tz::Europe::Stockholm)
                    .date_naive(),
                (ev.before.end - chrono::Duration::seconds(1))
                    .with_timezone(&chrono_tz::Europe::Stockholm)
                    .date_naive(),
                t(lang, "efter", "after"),
                ev.after
                    .start
                    .with_timezone(&chrono_tz::Europe::Stockholm)
                    .date_naive(),
                (ev.after.end - chrono::Duration::seconds(1))
                    .with_timezone(&chrono_tz::Europe::Stockholm)
                    .date_naive(),
                ev.followup_weeks,
                t(lang, "veckor", "weeks")
            );
            let _ = write!(
                h,
                "<table class=\"counts\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
                t(lang, "Område", "Area"),
                t(lang, "Före", "Before"),
                t(lang, "Efter", "After")
            );
            let mut rows = vec![
                (t(lang, "Målområde", "Target"), &ev.target),
                (t(lang, "Kontrollområde", "Control"), &ev.control),
            ];
            if let Some(b) = &ev.buffer {
                rows.push((t(lang, "Buffertzon", "Buffer"), b));
            }
            for (name, a) in rows {
                let _ = write!(
                    h,
                    "<tr><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    a.before, a.after
                );
            }
            h.push_str("</tbody></table>");
        }
        if let Some(r) = &iv.recommendation {
            let (label, reasons) = match lang {
                Language::Sv => (&r.label_sv, &r.reasons_sv),
                Language::En => (&r.label_en, &r.reasons_en),
            };
            let suggestion = serde_json::to_value(r.suggestion)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = write!(
                h,
                "<div class=\"recommendation {suggestion}\" data-suggestion=\"{suggestion}\" data-rule=\"{}\"><p><b>{}: {}</b> <span class=\"muted\">({} {})</span></p><ul>",
                escape(&r.rule_id),
                t(lang, "Förslag", "Suggestion"),
                escape(label),
                t(lang, "regel", "rule"),
                escape(&r.rule_id)
            );
            for reason in reasons {
                let _ = write!(h, "<li>{}</li>", escape(reason));
            }
            let _ = write!(
                h,
                "</ul><p class=\"muted\">{}</p></div>",
                t(
                    lang,
                    "Förslaget är ett stöd för gruppens beslut, inte ett beslut.",
                    "The suggestion supports the group's decision; it does not make it."
                )
            );
        }
        if let Some(e) = &iv.error {
            let _ = write!(h, "<p class=\"warn\">{}</p>", escape(e));
        }
        h.push_str("</article>");
    }
    h.push_str("</section>");
}
