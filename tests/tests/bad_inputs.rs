//! Runs the bad-input cases shared by the three front doors (`tests/fixtures/bad_inputs.json`)
//! through the Rust API: each case must fail (or collect) with the named error family, code,
//! and for row errors exactly the listed (line, field, code) triples.

use est_core::Error;
use est_core::crs::{Crs, transform_slices};
use est_core::followup::registry::Registry;
use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::gistar::{LocalGParams, local_g};
use est_core::hotspot::kde::{BandwidthRule, KdeOptions, Kernel, kde};
use est_core::hotspot::weights::{SpatialWeights, WeightsOptions};
use est_core::incident::{LoadOptions, OnError};
use est_core::io::csv::{CsvOptions, read_incidents};
use est_core::stats::multitest::{Adjustment, adjust};
use est_core::stats::poisson::{TwoRateMethod, test_poisson_2indep};
use est_core::taxonomy::Taxonomy;
use est_core::trend::knox::{KnoxParams, Metric, knox};
use est_core::trend::mann_kendall::mann_kendall;
use est_core::trend::period::PeriodKind;
use serde_json::Value;

fn crs_of(v: &Value) -> Result<Crs, Error> {
    Ok(match v {
        Value::Number(n) => Crs::from_epsg(n.as_u64().unwrap_or(0) as u32)?,
        Value::String(s) => Crs::parse(s)?,
        _ => panic!("bad crs in fixture: {v}"),
    })
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn run(case: &Value) -> Result<Option<est_core::incident::Incidents>, Error> {
    match case["kind"].as_str().unwrap() {
        "read_csv" => {
            let o = &case["options"];
            let options = CsvOptions {
                crs: if o["crs"].is_null() {
                    None
                } else {
                    Some(crs_of(&o["crs"])?)
                },
                load: LoadOptions {
                    on_error: o["on_error"]
                        .as_str()
                        .unwrap_or("raise")
                        .parse::<OnError>()
                        .unwrap(),
                    now: o["now"].as_str().map(|t| t.parse().unwrap()),
                    ..LoadOptions::default()
                },
                ..CsvOptions::default()
            };
            read_incidents(case["csv"].as_str().unwrap(), &options).map(Some)
        }
        "transform" => {
            let (src, dst) = (crs_of(&case["src"])?, crs_of(&case["dst"])?);
            transform_slices(&floats(&case["x"]), &floats(&case["y"]), src, dst)?;
            Ok(None)
        }
        "grid" => {
            let crs = crs_of(&case["crs"])?;
            let mut options = GridOptions::default();
            if let Some(c) = case["cell_size"].as_f64() {
                options.cell_size_m = Some(c);
            }
            Grid::from_points(&floats(&case["x"]), &floats(&case["y"]), crs, &options)
                .map_err(Error::from)?;
            Ok(None)
        }
        "adjust" => {
            let method: Adjustment = case["method"].as_str().unwrap().parse()?;
            adjust(&floats(&case["p"]), method)?;
            Ok(None)
        }
        "kde" => {
            let crs = crs_of(&case["crs"])?;
            let (x, y) = (floats(&case["x"]), floats(&case["y"]));
            let options =
                GridOptions::default().with_cell_size(case["cell_size"].as_f64().unwrap());
            let grid = Grid::from_points(&x, &y, crs, &options)?;
            let kernel: Kernel = case["kernel"].as_str().unwrap().parse()?;
            let bw = BandwidthRule::Fixed(case["bandwidth"].as_f64().unwrap());
            kde(
                &grid,
                &x,
                &y,
                None,
                &KdeOptions {
                    kernel,
                    bandwidth: bw,
                    ..KdeOptions::default()
                },
            )?;
            Ok(None)
        }
        "local_g" => {
            let (x, y) = (floats(&case["x"]), floats(&case["y"]));
            let w = SpatialWeights::distance_band(
                &x,
                &y,
                case["distance"].as_f64().unwrap(),
                &WeightsOptions::gi_star(),
            )?;
            local_g(&floats(&case["values"]), &w, &LocalGParams::default())?;
            Ok(None)
        }
        "taxonomy" => {
            Taxonomy::default().resolve(case["label"].as_str().unwrap())?;
            Ok(None)
        }
        "mann_kendall" => {
            mann_kendall(&floats(&case["series"]), case["alpha"].as_f64().unwrap())?;
            Ok(None)
        }
        "knox" => {
            let metric: Metric = case["metric"].as_str().unwrap().parse()?;
            let params = KnoxParams {
                space_bands: floats(&case["space_bands"]),
                time_bands: floats(&case["time_bands"]),
                metric,
                permutations: case["permutations"].as_u64().unwrap() as usize,
                seed: Some(1),
            };
            knox(
                &floats(&case["x"]),
                &floats(&case["y"]),
                &floats(&case["t_days"]),
                &params,
            )?;
            Ok(None)
        }
        "poisson_2indep" => {
            let method: TwoRateMethod = case["method"].as_str().unwrap().parse()?;
            test_poisson_2indep(
                case["c1"].as_u64().unwrap(),
                case["e1"].as_f64().unwrap(),
                case["c2"].as_u64().unwrap(),
                case["e2"].as_f64().unwrap(),
                method,
            )?;
            Ok(None)
        }
        "registry" => {
            Registry::from_json(case["json"].as_str().unwrap(), &Taxonomy::default())?;
            Ok(None)
        }
        "period" => {
            PeriodKind::parse(case["period"].as_str().unwrap())?;
            Ok(None)
        }
        other => panic!("unknown kind {other}"),
    }
}

fn triples(errors: &[est_core::incident::RowError]) -> Vec<(u64, String, String)> {
    errors
        .iter()
        .map(|e| (e.line as u64, e.field.clone(), e.code.clone()))
        .collect()
}

fn expected_triples(exp: &Value) -> Vec<(u64, String, String)> {
    exp["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["line"].as_u64().unwrap(),
                        r["field"].as_str().unwrap().to_string(),
                        r["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn shared_bad_input_cases() {
    let text = std::fs::read_to_string(est_tests::fixture("bad_inputs.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 20, "the issue asks for at least 20 cases");
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let exp = &case["expect"];
        match run(case) {
            Err(e) => {
                let want = exp["error"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{name}: unexpected error {e}"));
                assert_eq!(e.kind(), want, "{name}: {e}");
                assert_eq!(e.code(), exp["code"].as_str().unwrap(), "{name}: {e}");
                let msg = e.to_string();
                for needle in exp["message_contains"].as_array().into_iter().flatten() {
                    assert!(
                        msg.contains(needle.as_str().unwrap()),
                        "{name}: {msg:?} lacks {needle}"
                    );
                }
                if let Error::Load(load) = &e {
                    assert_eq!(triples(load.row_errors()), expected_triples(exp), "{name}");
                    for r in load.row_errors() {
                        assert!(msg.contains(&format!("line {}", r.line)), "{name}: {msg}");
                        assert!(msg.contains(&r.field), "{name}: {msg}");
                    }
                }
            }
            Ok(inc) => {
                assert!(
                    exp["error"].is_null(),
                    "{name}: expected {} but it succeeded",
                    exp["error"]
                );
                let inc = inc.unwrap();
                assert_eq!(inc.len() as u64, exp["kept"].as_u64().unwrap(), "{name}");
                assert_eq!(
                    triples(&inc.report().errors),
                    expected_triples(exp),
                    "{name}"
                );
            }
        }
    }
}
