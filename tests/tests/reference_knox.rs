//! The Knox near-repeat test (method reference §7) against the published NearRepeat vignette
//! (Chicago burglary, January 2016), the project's `ref_knox.py` goldens, and the O(N²) loop.
//!
//! Tolerances (both est and the references draw their permutations from their own
//! generators, so only observed counts are deterministic):
//! * observed pair counts: `EXACT`;
//! * expected counts `E` (mean of `R` permuted tables on each side): `|ΔE| ≤ 4·sd·√(2/R)`,
//!   `sd` = est's standard deviation of the permuted counts (the difference of two independent
//!   Monte-Carlo means has standard error `sd·√(2/R)`), plus 1e-9;
//! * ratios `O/E`: the same bound carried through `O/E`, i.e.
//!   `|Δratio| ≤ O·tol_E / (E_ref·(E_ref − tol_E))`;
//! * p-values: `|Δp| ≤ 3·√(2·p̄(1 − p̄)/R) + 1/(R + 1)`, `p̄` the mean of the two (`TOL_PERM`
//!   of §0.3 with the variance of a difference of two estimates);
//! * the vignette's printed ratios: ±0.05 (§7), which is also ≥ 3 Monte-Carlo standard errors
//!   for every cell.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate};
use est_core::trend::knox::{Knox, KnoxParams, Metric, knox};
use est_tests::{fixture, golden, real_data, workspace_root};
use serde_json::Value;

const R: usize = 999;

/// The NearRepeat vignette's observed table (§7, `EXACT`; recomputed by `ref_knox.py`).
const CHICAGO_OBSERVED: [[u64; 3]; 4] =
    [[28, 5, 5], [141, 69, 27], [186, 140, 100], [237, 192, 128]];
/// The vignette's Knox ratios (`set.seed(9489)`, 999 permutations), printed to 3 decimals.
const CHICAGO_VIGNETTE_RATIO: [[f64; 3]; 4] = [
    [1.803, 0.404, 0.613],
    [1.412, 0.862, 0.517],
    [1.014, 0.950, 1.051],
    [0.975, 0.981, 1.007],
];

/// `(x, y, days since 1970-01-01)` of the Chicago file (EPSG:26971 metres, whole days).
fn chicago() -> Option<(Vec<f64>, Vec<f64>, Vec<f64>)> {
    let path = real_data("chicago_burglary_month1/chicago_burglary_month1.csv")?;
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let (mut x, mut y, mut t) = (Vec::new(), Vec::new(), Vec::new());
    for row in rdr.records() {
        let row = row.unwrap();
        x.push(row[0].parse::<f64>().unwrap());
        y.push(row[1].parse::<f64>().unwrap());
        let d = NaiveDate::parse_from_str(&row[2], "%Y-%m-%d").unwrap();
        t.push((d - epoch).num_days() as f64);
    }
    assert_eq!(x.len(), 970);
    Some((x, y, t))
}

/// A golden of `../shared/baselines/golden/` (read in place, not copied into the repository).
fn shared_golden(name: &str) -> Option<Value> {
    let path: PathBuf = workspace_root()
        .join("..")
        .join("shared")
        .join("baselines")
        .join("golden")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).unwrap()),
        Err(_) => {
            eprintln!("SKIPPED: shared golden {} is not available", path.display());
            None
        }
    }
}

fn table_f64(v: &Value) -> Vec<Vec<Option<f64>>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|row| row.as_array().unwrap().iter().map(Value::as_f64).collect())
        .collect()
}

fn table_u64(v: &Value) -> Vec<Vec<u64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_u64().unwrap())
                .collect()
        })
        .collect()
}

/// Largest differences seen, printed with each comparison.
#[derive(Default, Debug)]
struct Agreement {
    max_abs_expected: f64,
    /// Over cells with `E_ref ≥ 1`.
    max_rel_expected: f64,
    max_abs_ratio: f64,
    max_abs_p: f64,
    cells: usize,
}

/// Compares est with a `ref_knox.py` output under the tolerances of the module docs.
fn compare_with_ref(k: &Knox, g: &Value, label: &str) -> Agreement {
    let r_ref = g["params"]["permutations"].as_u64().unwrap() as f64;
    assert_eq!(
        k.permutations as f64, r_ref,
        "{label}: same R on both sides"
    );
    assert_eq!(
        g["n_events"].as_u64().unwrap() as usize,
        k.n_events,
        "{label}"
    );
    assert_eq!(
        k.observed,
        table_u64(&g["observed"]),
        "{label}: observed tables differ"
    );
    let e_ref = table_f64(&g["sim_mean"]);
    let ratio_ref = table_f64(&g["knox_ratio"]);
    let p_ref = table_f64(&g["p_value"]);
    let r = k.permutations as f64;
    let mut a = Agreement::default();
    for (s, row) in k.observed.iter().enumerate() {
        for (t, &o) in row.iter().enumerate() {
            a.cells += 1;
            let e = k.expected[s][t];
            let er = e_ref[s][t].unwrap();
            let tol_e = 4.0 * k.sd[s][t] * (2.0 / r).sqrt() + 1e-9;
            let de = (e - er).abs();
            assert!(
                de <= tol_e,
                "{label} [{s}][{t}]: E {e} vs ref {er} (tol {tol_e})"
            );
            a.max_abs_expected = a.max_abs_expected.max(de);
            if er >= 1.0 {
                a.max_rel_expected = a.max_rel_expected.max(de / er);
            }
            if let Some(rr) = ratio_ref[s][t]
                && er > tol_e
                && o > 0
            {
                let tol_r = o as f64 * tol_e / (er * (er - tol_e));
                let dr = (k.ratio[s][t] - rr).abs();
                assert!(
                    dr <= tol_r,
                    "{label} [{s}][{t}]: ratio {} vs ref {rr} (tol {tol_r})",
                    k.ratio[s][t]
                );
                a.max_abs_ratio = a.max_abs_ratio.max(dr);
            }
            let pr = p_ref[s][t].unwrap();
            let pe = k.p[s][t];
            let pbar = (pe + pr) / 2.0;
            let tol_p = 3.0 * (2.0 * pbar * (1.0 - pbar) / r).sqrt() + 1.0 / (r + 1.0);
            let dp = (pe - pr).abs();
            assert!(
                dp <= tol_p,
                "{label} [{s}][{t}]: p {pe} vs ref {pr} (tol {tol_p})"
            );
            a.max_abs_p = a.max_abs_p.max(dp);
        }
    }
    eprintln!("{label}: {a:?}");
    a
}

#[test]
fn nearrepeat_vignette_chicago_burglary_month1() {
    let Some((x, y, t)) = chicago() else {
        eprintln!("skipped: Chicago burglary data (NearRepeat vignette) not available");
        return;
    };
    let k = knox(&x, &y, &t, &KnoxParams::default()).unwrap();
    assert_eq!(k.metric, Metric::Manhattan);
    assert_eq!(k.permutations, R);
    // Observed: EXACT.
    let obs: Vec<Vec<u64>> = CHICAGO_OBSERVED.iter().map(|r| r.to_vec()).collect();
    assert_eq!(k.observed, obs);
    // Ratios: ±0.05 of the vignette (§7).
    let mut worst = 0.0f64;
    for (s, row) in CHICAGO_VIGNETTE_RATIO.iter().enumerate() {
        for (t, &v) in row.iter().enumerate() {
            let d = (k.ratio[s][t] - v).abs();
            worst = worst.max(d);
            assert!(
                d <= 0.05,
                "[{s}][{t}]: ratio {} vs vignette {v}",
                k.ratio[s][t]
            );
        }
    }
    // p = 0.001 in the first-week column of the first two rows (the smallest possible value
    // with R = 999); TOL_PERM(0.001, 999) = 3·√(0.001·0.999/999) + 1/1000 ≈ 0.004.
    for s in 0..2 {
        let tol = 3.0 * (0.001f64 * 0.999 / R as f64).sqrt() + 1.0 / (R as f64 + 1.0);
        assert!(k.p[s][0] <= 0.001 + tol, "p[{s}][0] = {}", k.p[s][0]);
    }
    eprintln!("Chicago vs vignette: max |Δratio| = {worst:.4}");
}

#[test]
fn ref_knox_chicago_goldens_manhattan_and_euclidean() {
    let Some((x, y, t)) = chicago() else {
        eprintln!("skipped: Chicago burglary data (NearRepeat vignette) not available");
        return;
    };
    let mut ran = 0;
    for metric in [Metric::Manhattan, Metric::Euclidean] {
        let Some(g) = shared_golden(&format!("knox_chicago_month1_{metric}.json")) else {
            continue;
        };
        assert_eq!(g["params"]["metric"].as_str().unwrap(), metric.as_str());
        assert_eq!(g["params"]["sds"].as_str().unwrap(), "0,0.1,200,400,600");
        assert_eq!(g["params"]["tds"].as_str().unwrap(), "0,7,14,21");
        let k = knox(&x, &y, &t, &KnoxParams::default().with_metric(metric)).unwrap();
        compare_with_ref(&k, &g, &format!("Chicago {metric}"));
        ran += 1;
    }
    if ran == 0 {
        eprintln!("skipped: no shared Knox golden available");
    }
}

/// `(x, y, days)` of est's sample-town fixture, times converted as `ref_knox.py` converts
/// ISO timestamps with offsets: fractional days since 1970-01-01 UTC.
fn sample_town() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut rdr = csv::Reader::from_path(fixture("sample_town_2k_seed7.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (ct, cx, cy) = (col("time"), col("x"), col("y"));
    let (mut x, mut y, mut t) = (Vec::new(), Vec::new(), Vec::new());
    for row in rdr.records() {
        let row = row.unwrap();
        x.push(row[cx].parse::<f64>().unwrap());
        y.push(row[cy].parse::<f64>().unwrap());
        let ts = DateTime::parse_from_rfc3339(&row[ct]).unwrap().timestamp();
        t.push(ts as f64 / 86_400.0);
    }
    (x, y, t)
}

#[test]
fn ref_knox_sample_town_2k() {
    let g: Value =
        serde_json::from_str(&std::fs::read_to_string(golden("knox_sample_town_2k.json")).unwrap())
            .unwrap();
    assert_eq!(g["tool"], "ref_knox.py");
    assert_eq!(
        g["time_interpretation"].as_str().unwrap(),
        "timestamp (fractional days, UTC)"
    );
    let (x, y, t) = sample_town();
    assert_eq!(x.len(), 2_000);
    let k = knox(&x, &y, &t, &KnoxParams::default()).unwrap();
    let a = compare_with_ref(&k, &g, "sample town 2k");
    assert_eq!(a.cells, 12);
    // The injected hot spots make near repeats: the first distance band after "same place"
    // is well above 1 in every week.
    assert!(k.ratio[1].iter().all(|&r| r > 1.2), "{:?}", k.ratio[1]);
}

#[test]
fn incidents_front_door_equals_the_slices() {
    // knox_incidents on the generated town = knox on its columns (UTC seconds / 86 400).
    use est_core::hotspot::counts::Selection;
    use est_core::sample::SampleTown;
    let town = SampleTown::new(2_000, 7).generate().unwrap();
    let p = KnoxParams::default().with_permutations(99);
    let a = est_core::trend::knox::knox_incidents(&town, &Selection::default(), &p).unwrap();
    let (x, y, t) = sample_town();
    let b = knox(&x, &y, &t, &p).unwrap();
    assert_eq!(a.observed, b.observed);
    assert_eq!(a.expected, b.expected);
}
