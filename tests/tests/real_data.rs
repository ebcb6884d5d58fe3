//! est on the real public data sets (read from outside the repository; each test skips with a
//! message when the data are absent).

use est_core::incident::{LoadOptions, OnError, flags};
use est_core::io::polisen::{PolisenEvent, PolisenLocation, PolisenOptions, read_polisen_events};
use est_core::taxonomy::{POLISEN_TYPE_MAP, Taxonomy};

#[test]
fn polisen_every_archived_type_is_mapped() {
    let Some(path) = est_tests::real_data("polisen_events/types.csv") else {
        return;
    };
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let tax = Taxonomy::default();
    let mut n = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        let t = &r[0];
        assert!(
            tax.polisen_category(t).is_ok(),
            "polisen.se type {t:?} is missing from POLISEN_TYPE_MAP"
        );
        n += 1;
    }
    assert_eq!(n, 97);
    assert!(POLISEN_TYPE_MAP.len() >= n);
}

#[test]
fn polisen_events_import_flags_centroids_and_reports_skips() {
    let Some(path) = est_tests::real_data("polisen_events/polisen_events_est_sample.csv") else {
        return;
    };
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (id, raw, ty, place, lat, lon, summary) = (
        col("id"),
        col("datetime_raw"),
        col("type"),
        col("location_name"),
        col("lat"),
        col("lon"),
        col("summary"),
    );
    let events: Vec<PolisenEvent> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            PolisenEvent {
                id: r[id].into(),
                datetime: r[raw].to_string(),
                event_type: r[ty].to_string(),
                name: String::new(),
                summary: r[summary].to_string(),
                location: PolisenLocation {
                    name: r[place].to_string(),
                    gps: format!("{},{}", &r[lat], &r[lon]),
                },
            }
        })
        .collect();
    assert_eq!(events.len(), 3552);
    let opts = PolisenOptions {
        load: LoadOptions {
            on_error: OnError::Raise,
            ..LoadOptions::default()
        },
        taxonomy: None,
    };
    let inc = read_polisen_events(&events, &opts).unwrap();
    let rep = inc.report();
    assert_eq!(rep.rows_read, 3552);
    assert!(rep.errors.is_empty());
    assert_eq!(inc.len() + rep.skipped, 3552);
    assert!(
        rep.skipped > 0 && inc.len() > 1000,
        "kept {} skipped {}",
        inc.len(),
        rep.skipped
    );
    assert!(inc.flags().iter().all(|f| f & flags::APPROX_POSITION != 0));
    eprintln!(
        "polisen.se sample: {} incidents kept, {} non-incident events skipped",
        inc.len(),
        rep.skipped
    );
}
