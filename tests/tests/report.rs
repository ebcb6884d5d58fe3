//! The lägesbild on the sample town: the period, the counts, the grid and the page.

use est_core::report::{Lagesbild, LagesbildOptions, Language};
use est_core::sample::SampleTown;

#[test]
fn lagesbild_of_the_sample_town() {
    let incidents = SampleTown::new(6_000, 2026).generate().unwrap();
    let lb = Lagesbild::build(&incidents, &LagesbildOptions::default()).unwrap();
    assert_eq!(lb.period.iso_week, "2026-W47");
    assert_eq!(lb.period.start.to_string(), "2026-11-16");
    // Counts agree with a direct count over local dates.
    let current = incidents
        .times()
        .iter()
        .filter(|t| {
            let d = chrono::DateTime::from_timestamp(**t, 0)
                .unwrap()
                .with_timezone(&chrono_tz::Europe::Stockholm)
                .date_naive();
            d >= lb.period.start && d <= lb.period.end
        })
        .count() as u64;
    assert_eq!(lb.n_current, current);
    assert_eq!(
        lb.categories.iter().map(|c| c.current).sum::<u64>(),
        current
    );
    assert_eq!(lb.cells.iter().map(|c| c.total).sum::<u64>(), 6_000);
    assert_eq!(lb.weeks.iter().map(|w| w.count).sum::<u64>(), 6_000);
    // The automatic cell size is recorded with its rule.
    let cell = lb
        .params_used
        .iter()
        .find(|p| p.name == "cell_size_m")
        .unwrap();
    assert_eq!(cell.value, serde_json::json!(lb.grid.cell_size()));
    // The Gi* layer finds the town's persistent hotspots (method reference §4.2 defaults:
    // queen + self, analytic p, Benjamini–Hochberg).
    let hs = lb.hotspot.as_ref().expect("Gi* layer");
    assert!(hs.class_counts[6] > 0, "{:?}", hs.class_counts);
    assert_eq!(hs.adjustment, "fdr_bh");
    assert!(hs.cells.iter().all(|c| c.class != 0 && c.p_adjusted < 0.10));
    let html = lb.to_html(&incidents).unwrap();
    assert!(html.contains("class=\"gi\"") && html.contains("id=\"hotspot-legend\""));
    assert!(
        html.contains("<svg")
            && html.contains("class=\"cell\"")
            && html.contains("class=\"incident\"")
    );
    // No network references: the only URL is the SVG namespace.
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    assert!(!html.contains("<script"), "the page needs no scripts");
    assert!(
        !html.contains("Klotter på fasad"),
        "free text must not be written"
    );
    assert!(!html.contains("SJ-000"), "ids must not be written");
    let json: serde_json::Value = serde_json::from_str(&lb.to_json().unwrap()).unwrap();
    assert_eq!(json["schema"], "est.lagesbild/1");
    assert_eq!(json["period"]["iso_week"], "2026-W47");
    let en = Lagesbild::build(
        &incidents,
        &LagesbildOptions {
            language: Language::En,
            ..Default::default()
        },
    )
    .unwrap()
    .to_html(&incidents)
    .unwrap();
    assert!(en.contains("Incidents by category"));
}

#[test]
fn absurd_periods_are_errors_not_panics() {
    let incidents = SampleTown::new(300, 1).generate().unwrap();
    for options in [
        LagesbildOptions {
            period_end: Some(chrono::NaiveDate::MAX),
            ..Default::default()
        },
        LagesbildOptions {
            period_end: Some(chrono::NaiveDate::MIN),
            ..Default::default()
        },
        LagesbildOptions {
            baseline_periods: 5_000_000,
            ..Default::default()
        },
        LagesbildOptions {
            period_weeks: 0,
            ..Default::default()
        },
    ] {
        let e = Lagesbild::build(&incidents, &options).unwrap_err();
        assert_eq!(e.kind(), "ReportError", "{e}");
    }
}

#[test]
fn lagesbild_without_a_hotspot_layer_when_gi_is_undefined() {
    // One incident in each of the four cells of a 2 × 2 grid: every count is equal, so Gi* is
    // undefined; the lägesbild is still written, without the layer and with the reason.
    let mut text = String::from("id,time,category,x,y\n");
    for (i, (x, y)) in [
        (674_000, 6_581_000),
        (675_000, 6_581_000),
        (674_000, 6_582_000),
        (675_000, 6_582_000),
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!("{i},2026-11-20T10:00:00Z,hot,{x},{y}\n"));
    }
    let opts = est_core::io::csv::CsvOptions {
        crs: Some(est_core::crs::Crs::SWEREF99_TM),
        ..Default::default()
    };
    let inc = est_core::io::csv::read_incidents(&text, &opts).unwrap();
    let options = LagesbildOptions {
        grid: est_core::grid::GridOptions::default().with_cell_size(1_000.0),
        ..Default::default()
    };
    let lb = Lagesbild::build(&inc, &options).unwrap();
    assert_eq!(lb.grid.n_cells(), 4);
    assert!(lb.hotspot.is_none());
    assert!(
        lb.warnings
            .iter()
            .any(|w| w.starts_with("no hotspot analysis")),
        "{:?}",
        lb.warnings
    );
    assert!(!lb.to_html(&inc).unwrap().contains("class=\"gi\""));
}

/// The main job's lägesbild: the emerging place is named under "Nya problem" from its first
/// weeks, the emerging hot spot analysis finds it, and both interventions get a follow-up.
#[test]
fn lagesbild_names_the_emerging_problem_and_follows_up_the_interventions() {
    use est_core::followup::registry::Registry;
    let town = SampleTown::new(6_000, 2026);
    let incidents = town.generate().unwrap();
    let text =
        std::fs::read_to_string(est_tests::workspace_root().join("data/sample_interventions.json"))
            .unwrap();
    let registry = Registry::from_json(&text, incidents.taxonomy()).unwrap();
    let truth = town.truth();
    let ekparken = truth.emerging.name.as_str();
    let first_week = truth.start + chrono::Duration::weeks(i64::from(truth.emerging.weeks.0));
    // From the emerging place's first week to the last week of the data.
    for k in 0..6 {
        let end = first_week + chrono::Duration::weeks(k) + chrono::Duration::days(6);
        let options = LagesbildOptions {
            period_end: Some(end),
            places: town.places(),
            registry: Some(registry.clone()),
            ..LagesbildOptions::default()
        };
        let lb = Lagesbild::build(&incidents, &options).unwrap();
        let np = lb.new_problems.as_ref().expect("the early warning ran");
        let named = np.alerts.iter().any(|a| a.place == ekparken);
        if k <= 1 {
            assert!(
                named,
                "week {k} of the emerging place: no alert for it: {:?}",
                np.alerts
            );
        }
        if k == 5 {
            // The last week (the main job's): alert, emerging pattern, follow-ups.
            assert!(named);
            assert!(
                np.alerts
                    .iter()
                    .all(|a| a.p_adjusted < 0.01 && a.observed >= 3)
            );
            let e = lb.emerging.as_ref().unwrap();
            assert!(
                e.cells.iter().any(|c| c.near.as_deref() == Some(ekparken)
                    && est_core::trend::emerging::Pattern::from_code(c.code)
                        .is_some_and(|p| p.is_emerging())),
                "no emerging pattern at {ekparken}"
            );
            assert_eq!(lb.interventions.len(), 2);
            let school = &lb.interventions[0];
            let ev = school.evaluation.as_ref().unwrap();
            // The before period never reaches back before the data begin.
            let first = incidents.time_range().unwrap().0;
            assert!(ev.before.start >= first - chrono::Duration::days(1));
            assert!(
                ev.intervention.description.is_none(),
                "free text in the lägesbild"
            );
            let rec = school.recommendation.as_ref().unwrap();
            assert_eq!(rec.rule_id, "R3", "{:?}", rec.reasons_en);
            let square = lb.interventions[1].recommendation.as_ref().unwrap();
            assert_eq!(square.rule_id, "R0");
            assert!(lb.profile.as_ref().is_some_and(|p| p.total > 0.0));
            assert!(!lb.trends.is_empty());
            let html = lb.to_html(&incidents).unwrap();
            assert!(html.contains("id=\"alerts\"") && html.contains(ekparken));
            assert!(!html.contains("påhittat exempel"), "free text in the page");
            let json = lb.to_json().unwrap();
            assert!(!json.contains("påhittat exempel"), "free text in the JSON");
        }
    }
}

/// Background tiles only when a URL is given, placed from the tile corners; a bad template is
/// an error that names the option.
#[test]
fn background_tiles_only_with_a_url() {
    let town = SampleTown::new(1_500, 3).generate().unwrap();
    let plain = Lagesbild::build(&town, &LagesbildOptions::default()).unwrap();
    let html = plain.to_html(&town).unwrap();
    // (The only "http" is the SVG namespace name, which is never fetched.)
    assert!(
        !html.contains("<image") && !html.contains("https://") && !html.contains("src="),
        "network reference without a URL"
    );
    let options = LagesbildOptions {
        tiles_url: Some("https://tiles.example.org/{z}/{x}/{y}.png".into()),
        ..LagesbildOptions::default()
    };
    let lb = Lagesbild::build(&town, &options).unwrap();
    let html = lb.to_html(&town).unwrap();
    let n = html
        .matches("<image href=\"https://tiles.example.org/")
        .count();
    assert!((4..=3 * 64).contains(&n), "{n} tile images");
    assert!(!html.contains("{z}"));
    let bad = LagesbildOptions {
        tiles_url: Some("tiles/{z}.png".into()),
        ..LagesbildOptions::default()
    };
    let e = Lagesbild::build(&town, &bad).unwrap_err();
    assert_eq!(e.code(), "REPORT_INVALID_OPTION");
    assert!(e.to_string().contains("tiles_url"));
}

/// A tertial lägesbild (the municipal reporting unit): calendar bounds, a baseline of whole
/// tertials, the early warning on the last week with data.
#[test]
fn tertial_month_and_year_periods() {
    use est_core::report::ReportUnit;
    let town = SampleTown::new(3_000, 2026).generate().unwrap();
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    for (unit, start, end, base, label) in [
        (
            ReportUnit::Tertial,
            d(2026, 9, 1),
            d(2026, 12, 31),
            d(2025, 9, 1),
            "2026-T3",
        ),
        (
            ReportUnit::Month,
            d(2026, 11, 1),
            d(2026, 11, 30),
            d(2025, 11, 1),
            "2026-11",
        ),
        (
            ReportUnit::Year,
            d(2026, 1, 1),
            d(2026, 12, 31),
            d(2023, 1, 1),
            "2026",
        ),
    ] {
        let baseline_periods = match unit {
            ReportUnit::Tertial => 3,
            ReportUnit::Month => 12,
            _ => 3,
        };
        let options = LagesbildOptions {
            unit,
            baseline_periods,
            period_end: Some(d(2026, 11, 22)),
            ..LagesbildOptions::default()
        };
        let lb = Lagesbild::build(&town, &options).unwrap();
        assert_eq!(
            (lb.period.start, lb.period.end, lb.period.baseline_start),
            (start, end, base),
            "{unit:?}"
        );
        assert_eq!(lb.period.label, label);
        assert_eq!(lb.period.iso_week, "2026-W47");
        // Incidents in the period, counted directly.
        let n = town
            .times()
            .iter()
            .filter(|t| {
                let day = chrono::DateTime::from_timestamp(**t, 0)
                    .unwrap()
                    .with_timezone(&chrono_tz::Europe::Stockholm)
                    .date_naive();
                day >= start && day <= end
            })
            .count() as u64;
        assert_eq!(lb.n_current, n, "{unit:?}");
        assert!(lb.warnings.iter().any(|w| w.contains("incomplete")));
        assert_eq!(lb.new_problems.as_ref().unwrap().week, "2026-W47");
        if unit == ReportUnit::Year {
            // 2023–2025 are three baseline years, but the data begin in July 2025.
            assert!(
                lb.warnings
                    .iter()
                    .any(|w| w.contains("cover only 1 of the 3")),
                "{:?}",
                lb.warnings
            );
        }
    }
    assert!(est_core::report::ReportUnit::parse("fortnight").is_err());
}
