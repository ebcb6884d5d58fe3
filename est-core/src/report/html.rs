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
        lb.period.iso_week
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{} {} ({} – {}) · {} {} – {} · {}</p></header>",
        escape(&lb.title),
        t(lang, "Vecka", "Week"),
        lb.period.iso_week,
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
