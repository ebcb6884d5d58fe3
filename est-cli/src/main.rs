//! `est`: the command-line front of est.
//!
//! ```text
//! est lagesbild                      # the bundled sample town → out/lagesbild.html + .json
//!                                    #   + out/public-<week>.geojson
//! est lagesbild --input incidents.csv --crs 3011 --out rapport
//! est validate incidents.csv --crs 3006
//! est sample --n 6000 --seed 2026 --out data/sample_town.csv
//! ```

use clap::{Parser, Subcommand, ValueEnum};
use est_core::Error;
use est_core::crs::Crs;
use est_core::followup::registry::Registry;
use est_core::grid::{GridOptions, GridShape};
use est_core::incident::{Incidents, LoadOptions, OnError};
use est_core::io::csv::{CsvOptions, CsvWriteOptions, read_incidents_bytes, write_incidents};
use est_core::report::public::{PublicExport, PublicOptions};
use est_core::report::{Lagesbild, LagesbildOptions, Language, ReportUnit};
use est_core::sample::SampleTown;
use est_core::taxonomy::Taxonomy;
use std::path::PathBuf;
use std::process::ExitCode;

/// The bundled sample town (6 000 incidents, seed 2026), made by `est sample`.
const SAMPLE_TOWN: &str = include_str!("../../data/sample_town.csv");

/// The sample town's intervention registry (two made-up interventions with their places).
const SAMPLE_REGISTRY: &str = include_str!("../../data/sample_interventions.json");

#[derive(Parser)]
#[command(
    name = "est",
    version,
    about = "Crime-prevention analysis for EST (Effektiv samordning för trygghet)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Shape {
    Square,
    Hexagon,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    Sv,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Writes the lägesbild (HTML page and JSON) for a CSV of incidents, by default the
    /// bundled sample town.
    Lagesbild {
        /// Incidents (CSV). Default: the bundled sample town.
        #[arg(long)]
        input: Option<PathBuf>,
        /// CRS of x/y columns, e.g. 3006 or EPSG:3011 (lon/lat columns need none).
        #[arg(long)]
        crs: Option<String>,
        /// Output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Title of the page.
        #[arg(long)]
        title: Option<String>,
        /// Last day of the reporting period (YYYY-MM-DD). Default: the latest incident's day.
        #[arg(long)]
        end: Option<chrono::NaiveDate>,
        /// Weeks per reporting period (1 = weekly, 2 = fortnightly).
        #[arg(long, default_value_t = 1)]
        weeks: u32,
        /// Reporting unit: weeks (see --weeks), month, tertial or year.
        #[arg(long, default_value = "weeks")]
        unit: String,
        /// Grid cell size in metres. Default: automatic (sfhotspot's rule).
        #[arg(long)]
        cell_size: Option<f64>,
        /// Grid cell shape.
        #[arg(long, value_enum, default_value_t = Shape::Square)]
        shape: Shape,
        /// Language of the page.
        #[arg(long, value_enum, default_value_t = Lang::Sv)]
        lang: Lang,
        /// Keep the good rows when some are bad (the bad ones are listed).
        #[arg(long)]
        keep_good_rows: bool,
        /// The municipality's own categories and aliases (CSV `code,sv,en,parent,aliases` or
        /// a JSON array), added to the EST categories.
        #[arg(long)]
        categories: Option<PathBuf>,
        /// Named places and interventions (JSON, schema est.interventions/1): places are used
        /// by the early warning and drawn on the maps; each intervention gets its follow-up.
        /// Default for the sample town: its bundled registry.
        #[arg(long)]
        registry: Option<PathBuf>,
        /// Background tiles under the maps, a URL template with {z}, {x} and {y} (Web
        /// Mercator). Without it the page needs no network.
        #[arg(long)]
        tiles: Option<String>,
        /// Smallest count shown in the public export (public-<week>.geojson).
        #[arg(long, default_value_t = 5)]
        public_k: u64,
    },
    /// Checks a CSV of incidents and lists every bad row.
    Validate {
        /// Incidents (CSV).
        input: PathBuf,
        /// CRS of x/y columns.
        #[arg(long)]
        crs: Option<String>,
        /// The municipality's own categories and aliases (CSV or JSON).
        #[arg(long)]
        categories: Option<PathBuf>,
    },
    /// Writes the synthetic sample town as CSV.
    Sample {
        /// Number of incidents.
        #[arg(long, default_value_t = 6_000)]
        n: usize,
        /// Seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Output file.
        #[arg(long, default_value = "sample_town.csv")]
        out: PathBuf,
    },
}

/// The EST taxonomy, extended from a CSV or JSON file when one is given.
fn taxonomy(file: Option<&PathBuf>) -> Result<Taxonomy, String> {
    let mut tax = Taxonomy::default();
    if let Some(p) = file {
        let text =
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        let json = p
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json"));
        let added = if json {
            tax.extend_from_json(&text)
        } else {
            tax.extend_from_csv(&text)
        };
        let n = added.map_err(|e| format!("{}: {e}", p.display()))?;
        eprintln!("est: {n} categories added from {}", p.display());
    }
    Ok(tax)
}

fn read(
    input: Option<&PathBuf>,
    crs: Option<&str>,
    on_error: OnError,
    categories: Option<&PathBuf>,
) -> Result<Incidents, String> {
    let crs = match crs {
        Some(c) => Some(Crs::parse(c).map_err(|e| e.to_string())?),
        None if input.is_none() => Some(Crs::SWEREF99_TM),
        None => None,
    };
    let options = CsvOptions {
        crs,
        load: LoadOptions {
            on_error,
            ..LoadOptions::default()
        },
        taxonomy: Some(taxonomy(categories)?),
        ..CsvOptions::default()
    };
    let bytes = match input {
        Some(p) => std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?,
        None => SAMPLE_TOWN.as_bytes().to_vec(),
    };
    read_incidents_bytes(&bytes, &options).map_err(|e: Error| format!("{}: {e}", e.kind()))
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Lagesbild {
            input,
            crs,
            out,
            title,
            end,
            weeks,
            unit,
            cell_size,
            shape,
            lang,
            keep_good_rows,
            categories,
            registry,
            tiles,
            public_k,
        } => {
            let on_error = if keep_good_rows {
                OnError::Collect
            } else {
                OnError::Raise
            };
            let incidents = read(
                input.as_ref(),
                crs.as_deref(),
                on_error,
                categories.as_ref(),
            )?;
            for e in &incidents.report().errors {
                eprintln!("skipped bad row: {e}");
            }
            let options = LagesbildOptions {
                title: title.unwrap_or_else(|| match input {
                    None => "Lägesbild Sjöstad (exempeldata)".into(),
                    Some(_) => "Lägesbild".into(),
                }),
                period_end: end,
                period_weeks: weeks,
                unit: ReportUnit::parse(&unit).map_err(|e| e.to_string())?,
                grid: GridOptions {
                    shape: match shape {
                        Shape::Square => GridShape::Square,
                        Shape::Hexagon => GridShape::Hexagon,
                    },
                    cell_size_m: cell_size,
                    ..GridOptions::default()
                },
                language: match lang {
                    Lang::Sv => Language::Sv,
                    Lang::En => Language::En,
                },
                places: if input.is_none() {
                    SampleTown::new(6_000, 2026).places()
                } else {
                    Vec::new()
                },
                registry: match (&registry, &input) {
                    (Some(p), _) => {
                        let text = std::fs::read_to_string(p)
                            .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
                        Some(
                            Registry::from_json(&text, incidents.taxonomy())
                                .map_err(|e| format!("{}: {e}", e.kind()))?,
                        )
                    }
                    (None, None) => Some(
                        Registry::from_json(SAMPLE_REGISTRY, incidents.taxonomy())
                            .map_err(|e| format!("{}: {e}", e.kind()))?,
                    ),
                    (None, Some(_)) => None,
                },
                tiles_url: tiles,
                ..LagesbildOptions::default()
            };
            eprintln!(
                "est: building the lägesbild for {} incidents …",
                incidents.len()
            );
            let lb = Lagesbild::build(&incidents, &options).map_err(|e| e.to_string())?;
            let html = lb.to_html(&incidents).map_err(|e| e.to_string())?;
            let json = lb.to_json().map_err(|e| e.to_string())?;
            std::fs::create_dir_all(&out)
                .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
            let (h, j) = (out.join("lagesbild.html"), out.join("lagesbild.json"));
            std::fs::write(&h, html).map_err(|e| format!("cannot write {}: {e}", h.display()))?;
            std::fs::write(&j, json).map_err(|e| format!("cannot write {}: {e}", j.display()))?;
            let public = PublicExport::build(
                &incidents,
                &lb.period.iso_week,
                &PublicOptions {
                    k: public_k,
                    ..PublicOptions::default()
                },
            )
            .map_err(|e| e.to_string())?;
            let pfile = out.join(format!("public-{}.geojson", lb.period.iso_week));
            std::fs::write(&pfile, public.to_geojson().map_err(|e| e.to_string())?)
                .map_err(|e| format!("cannot write {}: {e}", pfile.display()))?;
            if let Some(np) = &lb.new_problems {
                for a in &np.alerts {
                    println!(
                        "alert: {}",
                        match lb.language {
                            Language::Sv => &a.sentence_sv,
                            Language::En => &a.sentence_en,
                        }
                    );
                }
            }
            for iv in &lb.interventions {
                if let Some(r) = &iv.recommendation {
                    println!("intervention {}: {} ({})", iv.name, r.label_en, r.rule_id);
                }
            }
            println!(
                "wrote {} and {} (week {}, {} incidents in the period, grid {} m)",
                h.display(),
                j.display(),
                lb.period.iso_week,
                lb.n_current,
                lb.grid.cell_size()
            );
            for w in &lb.warnings {
                eprintln!("note: {w}");
            }
            Ok(())
        }
        Command::Validate {
            input,
            crs,
            categories,
        } => {
            let incidents = read(
                Some(&input),
                crs.as_deref(),
                OnError::Collect,
                categories.as_ref(),
            )?;
            let r = incidents.report();
            for e in &r.errors {
                println!("{e}");
            }
            for w in &r.warnings {
                println!("note: line {}, {}: {}", w.line, w.field, w.message);
            }
            println!(
                "{} rows read, {} valid, {} with errors",
                r.rows_read,
                r.rows_kept,
                r.bad_lines().len()
            );
            if r.errors.is_empty() {
                Ok(())
            } else {
                Err("the file has invalid rows".into())
            }
        }
        Command::Sample { n, seed, out } => {
            let inc = SampleTown::new(n, seed)
                .generate()
                .map_err(|e| e.to_string())?;
            let csv = write_incidents(
                &inc,
                &CsvWriteOptions {
                    include_text: true,
                    ..CsvWriteOptions::default()
                },
            )
            .map_err(|e| e.to_string())?;
            std::fs::write(&out, csv)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("wrote {} incidents to {}", inc.len(), out.display());
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("est: {e}");
            ExitCode::FAILURE
        }
    }
}
