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
    let html = lb.to_html(&incidents).unwrap();
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
