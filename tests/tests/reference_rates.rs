//! est's two-rate Poisson tests, rate-ratio intervals, distribution tails, two-period change
//! and weekly early warning against statsmodels 0.15.0 and scipy 1.17.1
//! (`tests/golden/rates_statsmodels.json`, made by `tests/reference/ref_rates.py`), and the
//! follow-up baseline's rate tests when that file is present.
//!
//! Tolerance: 1e-8 relative (`REL`) throughout, except
//! - E-test p-values: statsmodels truncates its grid at the Poisson 1 − 1e-13 quantile and so
//!   leaves out up to ~2e-13 of probability, all of it in the rejection region; est sums to
//!   1e-20. Allowed: `REL·|p| + ETEST_ABS` with `ETEST_ABS = 1e-12`.
//! - statsmodels' score interval is found by Nelder–Mead (`optimize.fmin`, `xtol = 1e-8` on
//!   the ratio, minimising the squared distance of the p-value from alpha); est solves the
//!   quadratic in closed form. Allowed: `REL·|v| + SCORE_CI_ABS` with `SCORE_CI_ABS = 1e-7`.

use est_core::stats::StatsError;
use est_core::stats::poisson::{
    RatioCi, TwoRateMethod, binom_sf, binom_test_minlike, nbinom_sf, normal_quantile, poisson_sf,
    rate_ratio, test_poisson_2indep,
};
use est_tests::golden;
use serde_json::Value;

/// Relative tolerance against the reference values.
const REL: f64 = 1e-8;
/// Absolute allowance for the E-test (statsmodels' truncated grid, see the module doc).
const ETEST_ABS: f64 = 1e-12;
/// Absolute allowance for statsmodels' score interval (its optimiser's `xtol`, see the doc).
const SCORE_CI_ABS: f64 = 1e-7;

fn load() -> Value {
    let path = golden("rates_statsmodels.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["tool"], "tests/reference/ref_rates.py",
        "golden without provenance"
    );
    assert_eq!(v["versions"]["statsmodels"], "0.15.0");
    assert_eq!(v["versions"]["scipy"], "1.17.1");
    v
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Relative difference (absolute when the reference is zero).
fn rel(got: f64, want: f64) -> f64 {
    if got == want {
        0.0
    } else if want == 0.0 {
        got.abs()
    } else {
        (got - want).abs() / want.abs()
    }
}

#[derive(Default)]
struct Worst {
    n: usize,
    rel: f64,
    abs: f64,
}

impl Worst {
    fn check(&mut self, what: &str, got: f64, want: f64, rel_tol: f64, abs_tol: f64) {
        let d = (got - want).abs();
        assert!(
            d <= rel_tol * want.abs() + abs_tol,
            "{what}: est {got:e} vs reference {want:e} (difference {d:e})"
        );
        self.n += 1;
        self.rel = self.rel.max(rel(got, want));
        self.abs = self.abs.max(d);
    }
    fn report(&self, name: &str) {
        assert!(self.n > 0, "{name}: no case ran");
        println!(
            "{name}: {} values, max rel diff {:.2e}, max abs diff {:.2e}",
            self.n, self.rel, self.abs
        );
    }
}

#[test]
fn statsmodels_test_poisson_2indep_grid() {
    let g = load();
    let mut worst_z = Worst::default();
    let mut worst_p = Worst::default();
    let mut worst_e = Worst::default();
    let mut undefined = 0;
    for case in g["two_rate"].as_array().unwrap() {
        let c1 = case["c1"].as_u64().unwrap();
        let c2 = case["c2"].as_u64().unwrap();
        let e1 = case["e1"].as_f64().unwrap();
        let e2 = case["e2"].as_f64().unwrap();
        for (name, want) in case["tests"].as_object().unwrap() {
            let m = TwoRateMethod::parse(name).unwrap();
            let t = test_poisson_2indep(c1, e1, c2, e2, m).unwrap();
            let what = format!("{name} ({c1}, {e1}, {c2}, {e2})");
            match num(&want["statistic"]) {
                Some(z) => worst_z.check(&format!("{what} statistic"), t.statistic, z, REL, 0.0),
                None if matches!(m, TwoRateMethod::ExactCond | TwoRateMethod::ExactCondMidP) => {
                    assert!(t.statistic.is_nan())
                }
                None => {
                    // Wald with one zero count and 0/0 cannot occur here (c1 + c2 > 0), but
                    // statsmodels gives NaN when the variance estimate is zero.
                    assert!(
                        !t.statistic.is_finite(),
                        "{what}: reference NaN, est {}",
                        t.statistic
                    );
                    undefined += 1;
                    continue;
                }
            }
            let p = num(&want["pvalue"]).unwrap();
            if name.starts_with("etest") {
                worst_e.check(&format!("{what} p"), t.p, p, REL, ETEST_ABS);
            } else {
                worst_p.check(&format!("{what} p"), t.p, p, REL, 0.0);
            }
        }
    }
    worst_z.report("statistics (score, Wald, E-test)");
    worst_p.report("p-values (score, Wald, exact-cond, cond-midp)");
    worst_e.report("E-test p-values");
    println!("cases with a NaN reference statistic: {undefined}");
}

#[test]
fn statsmodels_and_scipy_rate_ratio_intervals() {
    let g = load();
    let mut wald = Worst::default();
    let mut score = Worst::default();
    let mut exact = Worst::default();
    for case in g["two_rate"].as_array().unwrap() {
        let c1 = case["c1"].as_u64().unwrap();
        let c2 = case["c2"].as_u64().unwrap();
        let e1 = case["e1"].as_f64().unwrap();
        let e2 = case["e2"].as_f64().unwrap();
        for ci in case["ci"].as_array().unwrap() {
            let alpha = ci["alpha"].as_f64().unwrap();
            let what = format!("({c1}, {e1}, {c2}, {e2}) alpha {alpha}");
            let cmp = |w: &mut Worst, kind: RatioCi, key: &str, abs: f64| {
                let Some(want) = ci.get(key) else {
                    return;
                };
                let r = rate_ratio(c1, e1, c2, e2, kind, alpha).unwrap();
                for (got, want) in [(r.lower, &want[0]), (r.upper, &want[1])] {
                    match num(want) {
                        Some(v) => w.check(&format!("{what} {key}"), got, v, REL, abs),
                        None => {
                            assert!(got.is_infinite(), "{what} {key}: est {got}, reference inf")
                        }
                    }
                }
            };
            cmp(&mut wald, RatioCi::WaldLog, "wald_log", 0.0);
            cmp(&mut score, RatioCi::Score, "score", SCORE_CI_ABS);
            cmp(&mut exact, RatioCi::Exact, "exact", 0.0);
            if c1 == 0 || c2 == 0 {
                assert!(matches!(
                    rate_ratio(c1, e1, c2, e2, RatioCi::WaldLog, alpha),
                    Err(StatsError::Undefined { .. })
                ));
            }
        }
    }
    wald.report("Wald-log interval");
    score.report("score interval");
    exact.report("exact (Clopper-Pearson) interval");
}

#[test]
fn scipy_distribution_tails() {
    let g = load();
    let d = &g["distributions"];
    let mut w = Worst::default();
    for c in d["binom_sf"].as_array().unwrap() {
        let (k, n, p) = (
            c["k"].as_u64().unwrap(),
            c["n"].as_u64().unwrap(),
            c["p"].as_f64().unwrap(),
        );
        let want = c["value"].as_f64().unwrap();
        w.check(
            &format!("binom_sf({k}, {n}, {p})"),
            binom_sf(k, n, p),
            want,
            REL,
            0.0,
        );
    }
    w.report("binomial survival function");
    let mut w = Worst::default();
    for c in d["binom_test"].as_array().unwrap() {
        let (k, n, p) = (
            c["k"].as_u64().unwrap(),
            c["n"].as_u64().unwrap(),
            c["p"].as_f64().unwrap(),
        );
        let want = c["value"].as_f64().unwrap();
        w.check(
            &format!("binomtest({k}, {n}, {p})"),
            binom_test_minlike(k, n, p),
            want,
            REL,
            0.0,
        );
    }
    w.report("binomtest two-sided (minlike)");
    let mut w = Worst::default();
    for c in d["poisson_sf"].as_array().unwrap() {
        let (k, mu) = (c["k"].as_u64().unwrap(), c["mu"].as_f64().unwrap());
        let want = c["value"].as_f64().unwrap();
        w.check(
            &format!("poisson_sf({k}, {mu})"),
            poisson_sf(k, mu),
            want,
            REL,
            0.0,
        );
    }
    w.report("Poisson survival function");
    let mut w = Worst::default();
    for c in d["nbinom_sf"].as_array().unwrap() {
        let (k, m, s) = (
            c["k"].as_u64().unwrap(),
            c["mean"].as_f64().unwrap(),
            c["size"].as_f64().unwrap(),
        );
        let want = c["value"].as_f64().unwrap();
        w.check(
            &format!("nbinom_sf({k}, {m}, {s})"),
            nbinom_sf(k, m, s),
            want,
            REL,
            0.0,
        );
    }
    w.report("negative-binomial survival function");
    let mut w = Worst::default();
    for c in d["norm_ppf"].as_array().unwrap() {
        let p = c["p"].as_f64().unwrap();
        let want = c["value"].as_f64().unwrap();
        w.check(
            &format!("norm.ppf({p})"),
            normal_quantile(p),
            want,
            REL,
            1e-15,
        );
    }
    w.report("normal quantile");
}

/// The follow-up baseline's `test_poisson_2indep` values (statsmodels 0.15.0, methods score,
/// etest = etest-score, exact-cond), read from the shared baselines when present.
#[test]
fn baseline_followup_cases_rate_tests() {
    let path = est_tests::workspace_root()
        .join("..")
        .join("shared")
        .join("baselines")
        .join("golden")
        .join("followup_cases.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not available", path.display());
        return;
    };
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut w = Worst::default();
    for case in v["cases"].as_array().unwrap() {
        for (_, t) in case.as_object().unwrap() {
            let Some(c1) = t.get("count1").and_then(Value::as_u64) else {
                continue;
            };
            let c2 = t["count2"].as_u64().unwrap();
            let e1 = t["exposure1"].as_f64().unwrap();
            let e2 = t["exposure2"].as_f64().unwrap();
            for (key, m) in [
                ("score", TwoRateMethod::Score),
                ("etest", TwoRateMethod::ETestPooled),
                ("exact-cond", TwoRateMethod::ExactCond),
            ] {
                let Some(want) = t.get(key) else { continue };
                let got = test_poisson_2indep(c1, e1, c2, e2, m).unwrap();
                let p = want["pvalue"].as_f64().unwrap();
                let abs = if key == "etest" { ETEST_ABS } else { 0.0 };
                w.check(&format!("followup {key} ({c1}, {c2})"), got.p, p, REL, abs);
                if let Some(z) = want["statistic"].as_f64() {
                    w.check(&format!("followup {key} z"), got.statistic, z, REL, 0.0);
                }
            }
        }
    }
    w.report("followup_cases.json rate tests");
}

// ---------------------------------------------------------------------------------------------
// Two-period change and weekly early warning
// ---------------------------------------------------------------------------------------------

use est_core::taxonomy::Taxonomy;
use est_core::trend::change::{ChangeParams, change, midpoint_boundary};
use est_core::trend::early_warning::{
    EarlyWarningParams, ExceedanceMethod, WeeklyTable, early_warning, early_warning_for_areas,
    exceedance_p,
};

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Method reference §6.1 on eight hand-written units: score z, exact conditional p, E-test
/// (unpooled) p, BH-adjusted p over the units with n > 0 (statsmodels `multipletests`), rate
/// ratio and Wheeler's z (stated formula, computed in the reference script).
#[test]
fn statsmodels_two_period_change() {
    let g = load();
    let c = &g["change"];
    let labels: Vec<String> = c["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let before = f64s(&c["before"]);
    let after = f64s(&c["after"]);
    let (lb, la) = (
        c["length_before"].as_f64().unwrap(),
        c["length_after"].as_f64().unwrap(),
    );
    let mut w = Worst::default();
    for (method, p_key) in [
        (TwoRateMethod::ExactCond, "p"),
        (TwoRateMethod::ETestUnpooled, "p_etest_wald"),
    ] {
        let params = ChangeParams {
            method,
            ..ChangeParams::default()
        };
        let got = change(&labels, &before, &after, lb, la, &params).unwrap();
        let abs = if p_key == "p" { 0.0 } else { ETEST_ABS };
        for (u, want) in got.units.iter().zip(c["units"].as_array().unwrap()) {
            assert_eq!(u.testable, want["testable"].as_bool().unwrap());
            if !u.testable {
                assert!(u.p.is_nan() && u.p_adjusted.is_nan() && !u.significant);
                continue;
            }
            let l = &u.label;
            w.check(
                &format!("{l} score z"),
                u.score_z,
                want["score_z"].as_f64().unwrap(),
                REL,
                0.0,
            );
            w.check(
                &format!("{l} {p_key}"),
                u.p,
                want[p_key].as_f64().unwrap(),
                REL,
                abs,
            );
            let pa = want[format!("{p_key}_adjusted")].as_f64().unwrap();
            w.check(&format!("{l} {p_key} adjusted"), u.p_adjusted, pa, REL, abs);
            assert_eq!(u.significant, pa < 0.05);
            w.check(
                &format!("{l} Wheeler z"),
                u.wheeler_z,
                want["wheeler_z"].as_f64().unwrap(),
                REL,
                0.0,
            );
            match want["rate_ratio"].as_f64() {
                Some(r) => w.check(&format!("{l} rate ratio"), u.rate_ratio, r, REL, 0.0),
                None => assert!(u.rate_ratio.is_infinite()),
            }
        }
        assert_eq!(got.untestable, 1);
    }
    w.report("two-period change");
}

/// Method reference §6.2 cases (scipy): Poisson, conditional and negative-binomial tails and
/// Wheeler's z.
#[test]
fn scipy_early_warning_cases() {
    let g = load();
    let mut w = Worst::default();
    for c in g["early_warning_cases"].as_array().unwrap() {
        let b = f64s(&c["baseline"]);
        let x = c["x"].as_u64().unwrap();
        let (p, _) = exceedance_p(x, &b, ExceedanceMethod::ExactConditional);
        w.check(
            "conditional",
            p,
            c["conditional"].as_f64().unwrap(),
            REL,
            0.0,
        );
        if let Some(want) = c["poisson"].as_f64() {
            let (p, m) = exceedance_p(x, &b, ExceedanceMethod::Poisson);
            assert_eq!(m, ExceedanceMethod::Poisson);
            w.check("poisson", p, want, REL, 0.0);
        }
        if let Some(want) = c["negative_binomial"].as_f64() {
            let (p, m) = exceedance_p(x, &b, ExceedanceMethod::NegativeBinomial);
            assert_eq!(m, ExceedanceMethod::NegativeBinomial);
            w.check("negative binomial", p, want, REL, 0.0);
        }
    }
    w.report("early-warning tails (method reference §6.2)");
}

/// A 3 places × 2 categories × 9 weeks table through `early_warning` with each method:
/// p-values (scipy), BH-adjusted p (statsmodels), flags, tested count.
#[test]
fn scipy_statsmodels_early_warning_table() {
    let g = load();
    let inp = &g["early_warning_table"]["input"];
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let counts: Vec<f64> = inp["counts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(f64s)
        .collect();
    let table = WeeklyTable {
        places: strings(&inp["places"]),
        categories: strings(&inp["categories"]),
        weeks: strings(&inp["weeks"]),
        counts,
    };
    let mut w = Worst::default();
    for (name, method) in [
        ("exact_conditional", ExceedanceMethod::ExactConditional),
        ("poisson", ExceedanceMethod::Poisson),
        ("negative_binomial", ExceedanceMethod::NegativeBinomial),
        ("auto", ExceedanceMethod::Auto),
    ] {
        let want = &g["early_warning_table"]["results"][name];
        let params = EarlyWarningParams {
            method,
            alpha: inp["alpha"].as_f64().unwrap(),
            min_count: inp["min_count"].as_u64().unwrap(),
            ..EarlyWarningParams::default()
        };
        let ew = early_warning(&table, &Taxonomy::default(), &params).unwrap();
        assert_eq!(ew.tested as u64, want["tested"].as_u64().unwrap());
        let mut flagged = 0;
        for u in want["units"].as_array().unwrap() {
            let (place, cat) = (
                u["place"].as_str().unwrap(),
                u["category"].as_str().unwrap(),
            );
            let got = ew
                .all
                .iter()
                .find(|a| a.place == place && a.category == cat);
            if !u["tested"].as_bool().unwrap() {
                assert!(got.is_none());
                continue;
            }
            let a = got.unwrap();
            let what = format!("{name} {place} {cat}");
            assert_eq!(a.method.name(), u["method"].as_str().unwrap(), "{what}");
            w.check(
                &format!("{what} p"),
                a.p,
                u["p"].as_f64().unwrap(),
                REL,
                0.0,
            );
            w.check(
                &format!("{what} p_adjusted"),
                a.p_adjusted,
                u["p_adjusted"].as_f64().unwrap(),
                REL,
                0.0,
            );
            w.check(
                &format!("{what} z"),
                a.z,
                u["z"].as_f64().unwrap(),
                REL,
                1e-15,
            );
            w.check(
                &format!("{what} expected"),
                a.expected,
                u["expected"].as_f64().unwrap(),
                REL,
                0.0,
            );
            let is_flagged = ew
                .alerts
                .iter()
                .any(|x| x.place == place && x.category == cat);
            assert_eq!(is_flagged, u["flagged"].as_bool().unwrap(), "{what}");
            flagged += usize::from(is_flagged);
        }
        assert_eq!(ew.alerts.len(), flagged);
        // Ranked by p, then by larger excess.
        assert!(ew.all.windows(2).all(|p| p[0].p <= p[1].p));
    }
    w.report("early-warning table (4 methods)");
}

/// Method reference §6.1 golden: sfhotspot's midpoint boundary of the Memphis robberies,
/// 2019-07-02 08:30:00 UTC for the year and 2019-01-16 11:45:00 UTC for January (real data,
/// skipped when absent).
#[test]
fn sfhotspot_memphis_midpoint_boundary() {
    use est_core::io::csv::{ColumnMap, CsvOptions, read_incidents};
    for (file, want) in [
        (
            "memphis_robberies/memphis_robberies.csv",
            "2019-07-02T08:30:00+00:00",
        ),
        (
            "memphis_robberies/memphis_robberies_jan.csv",
            "2019-01-16T11:45:00+00:00",
        ),
    ] {
        let Some(path) = est_tests::real_data(file) else {
            eprintln!("skipped: {file} is not available");
            continue;
        };
        let mut tax = Taxonomy::default();
        tax.add_alias("personal robbery", "ran").unwrap();
        let options = CsvOptions {
            columns: ColumnMap {
                id: Some("uid".into()),
                category: Some("offense_type".into()),
                ..ColumnMap::default()
            },
            taxonomy: Some(tax),
            ..CsvOptions::default()
        };
        let inc = read_incidents(&std::fs::read_to_string(path).unwrap(), &options).unwrap();
        let b = midpoint_boundary(&inc).unwrap();
        assert_eq!(b.to_rfc3339(), want, "{file}");
        println!(
            "{file}: {} incidents, midpoint boundary {}",
            inc.len(),
            b.to_rfc3339()
        );
    }
}

/// The bundled sample town (`SampleTown::new(6000, 2026)`): named areas are discs of radius
/// 3σ around every place of `truth()`. Over the last six weeks (when Ekparken emerges, growing
/// week by week) the early warning must flag Ekparken within its first weeks, and must flag
/// the three persistent places (stable rates) no more often than a Binomial(tests, α) count
/// would at its 99.9 % quantile (a raw p below α is necessary for a flag; the tests are
/// conservative, so under a stable rate P(p < α) ≤ α).
#[test]
fn sample_town_early_warning_finds_ekparken() {
    use chrono::{Days, TimeZone};
    use est_core::sample::SampleTown;
    let town = SampleTown::new(6_000, 2026);
    let incidents = town.generate().unwrap();
    let truth = town.truth();
    let disc = |c: (f64, f64), r: f64| {
        let ring: Vec<geo::Coord<f64>> = (0..=64)
            .map(|k| {
                let a = std::f64::consts::TAU * f64::from(k % 64) / 64.0;
                geo::coord! { x: c.0 + r * a.cos(), y: c.1 + r * a.sin() }
            })
            .collect();
        geo::MultiPolygon::new(vec![geo::Polygon::new(geo::LineString::new(ring), vec![])])
    };
    let places: Vec<_> = truth
        .persistent
        .iter()
        .chain([&truth.former, &truth.emerging])
        .collect();
    let areas: Vec<(String, geo::MultiPolygon<f64>)> = places
        .iter()
        .map(|p| (p.name.clone(), disc(p.centre, 3.0 * p.sigma_m)))
        .collect();
    let persistent: Vec<&str> = truth.persistent.iter().map(|p| p.name.as_str()).collect();
    let params = EarlyWarningParams::default();
    let mut first_flag = None;
    let (mut persistent_tests, mut persistent_flags) = (0u64, 0u64);
    for k in 0..6u32 {
        let week_index = truth.emerging.weeks.0 + k;
        let thursday = truth.start + Days::new(u64::from(week_index) * 7 + 3);
        let noon = chrono_tz::Europe::Stockholm
            .from_local_datetime(&thursday.and_hms_opt(12, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc);
        let ew = early_warning_for_areas(&incidents, &areas, None, noon, &params).unwrap();
        let ek: Vec<_> = ew.alerts.iter().filter(|a| a.place == "Ekparken").collect();
        println!(
            "{} (Ekparken week {}): {} tests, {} alerts; Ekparken: {:?}",
            ew.week,
            k + 1,
            ew.tested,
            ew.alerts.len(),
            ek.iter()
                .map(|a| a.sentence_en.as_str())
                .collect::<Vec<_>>()
        );
        if first_flag.is_none() && !ek.is_empty() {
            first_flag = Some(k + 1);
        }
        persistent_tests += ew
            .all
            .iter()
            .filter(|a| persistent.contains(&a.place.as_str()))
            .count() as u64;
        persistent_flags += ew
            .alerts
            .iter()
            .filter(|a| persistent.contains(&a.place.as_str()))
            .count() as u64;
    }
    let first = first_flag.expect("Ekparken never flagged");
    println!("Ekparken first flagged in week {first} of its emergence");
    assert!(first <= 2, "Ekparken first flagged only in week {first}");
    let q = (0..=persistent_tests)
        .find(|&q| binom_sf(q + 1, persistent_tests, params.alpha) < 1e-3)
        .unwrap();
    println!(
        "persistent places: {persistent_flags} flags in {persistent_tests} tests (allowed ≤ {q})"
    );
    assert!(persistent_flags <= q);
}
