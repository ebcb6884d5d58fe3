//! Property tests for `est_core::index`: every query equals a brute-force linear scan over the
//! same points (the oracle of rstar's own nearest-neighbour tests), on random point sets with
//! many duplicates and ties. The generator is seeded (`SEED`), so failures reproduce.

use est_core::index::IncidentIndex;
use geo::{Intersects, MultiPolygon, Point, polygon};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// The seed of every property test in this file.
const SEED: u64 = 3006;

fn config() -> Config {
    Config {
        cases: 200,
        rng_seed: RngSeed::Fixed(SEED),
        ..Config::default()
    }
}

/// Points around a SWEREF 99 TM position: half on a coarse 10 m lattice (duplicates, equal
/// distances), half anywhere in a 1 km square.
fn points() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    let lattice =
        (0u32..30, 0u32..30).prop_map(|(i, j)| (f64::from(i) * 10.0, f64::from(j) * 10.0));
    let free = (0.0f64..1000.0, 0.0f64..1000.0);
    prop::collection::vec(prop_oneof![lattice, free], 0..300).prop_map(|pts| {
        pts.into_iter()
            .map(|(x, y)| (674_000.0 + x, 6_580_000.0 + y))
            .unzip()
    })
}

fn query() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        (0u32..30, 0u32..30).prop_map(|(i, j)| (f64::from(i) * 10.0, f64::from(j) * 10.0)),
        (-100.0f64..1100.0, -100.0f64..1100.0),
    ]
    .prop_map(|(x, y)| (674_000.0 + x, 6_580_000.0 + y))
}

fn d2(x: f64, y: f64, px: f64, py: f64) -> f64 {
    let (dx, dy) = (px - x, py - y);
    dx * dx + dy * dy
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn within_radius_equals_linear_scan(
        (xs, ys) in points(),
        (qx, qy) in query(),
        r in prop_oneof![Just(0.0), Just(10.0), Just(50.0), 0.0f64..400.0],
    ) {
        let index = IncidentIndex::from_points(&xs, &ys).unwrap();
        prop_assert_eq!(index.len(), xs.len());
        let oracle: Vec<u32> = (0..xs.len())
            .filter(|&i| d2(qx, qy, xs[i], ys[i]) <= r * r)
            .map(|i| i as u32)
            .collect();
        prop_assert_eq!(index.within_radius(qx, qy, r).unwrap(), oracle);
    }

    #[test]
    fn in_bbox_equals_linear_scan(
        (xs, ys) in points(),
        (ax, ay) in query(),
        (bx, by) in query(),
    ) {
        let index = IncidentIndex::from_points(&xs, &ys).unwrap();
        let (x0, x1) = (ax.min(bx), ax.max(bx));
        let (y0, y1) = (ay.min(by), ay.max(by));
        let oracle: Vec<u32> = (0..xs.len())
            .filter(|&i| xs[i] >= x0 && xs[i] <= x1 && ys[i] >= y0 && ys[i] <= y1)
            .map(|i| i as u32)
            .collect();
        prop_assert_eq!(index.in_bbox(x0, y0, x1, y1).unwrap(), oracle);
    }

    #[test]
    fn in_polygon_equals_linear_scan(
        (xs, ys) in points(),
        (ax, ay) in query(),
        (bx, by) in query(),
        (cx, cy) in query(),
    ) {
        let index = IncidentIndex::from_points(&xs, &ys).unwrap();
        // A triangle plus a lattice-aligned square (boundary points on it are common).
        let tri = polygon![(x: ax, y: ay), (x: bx, y: by), (x: cx, y: cy)];
        let sq = polygon![
            (x: 674_100.0, y: 6_580_100.0), (x: 674_200.0, y: 6_580_100.0),
            (x: 674_200.0, y: 6_580_200.0), (x: 674_100.0, y: 6_580_200.0)
        ];
        let area = MultiPolygon::new(vec![tri, sq]);
        let oracle: Vec<u32> = (0..xs.len())
            .filter(|&i| area.intersects(&Point::new(xs[i], ys[i])))
            .map(|i| i as u32)
            .collect();
        prop_assert_eq!(index.in_polygon(&area), oracle);
    }

    #[test]
    fn nearest_equals_linear_scan(
        (xs, ys) in points(),
        (qx, qy) in query(),
        k in 1usize..40,
    ) {
        let index = IncidentIndex::from_points(&xs, &ys).unwrap();
        let mut all: Vec<(f64, u32)> =
            (0..xs.len()).map(|i| (d2(qx, qy, xs[i], ys[i]), i as u32)).collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        all.truncate(k);
        let oracle: Vec<(u32, f64)> = all.into_iter().map(|(d, i)| (i, d.sqrt())).collect();
        prop_assert_eq!(index.nearest(qx, qy, k).unwrap(), oracle);
    }
}

#[test]
fn bad_arguments_are_errors() {
    let index = IncidentIndex::from_points(&[674_000.0], &[6_580_000.0]).unwrap();
    assert_eq!(
        index.within_radius(0.0, 0.0, -1.0).unwrap_err().code(),
        "INDEX_INVALID_RADIUS"
    );
    assert_eq!(
        index.nearest(0.0, 0.0, 0).unwrap_err().code(),
        "INDEX_INVALID_K"
    );
    assert_eq!(
        index.nearest(f64::INFINITY, 0.0, 1).unwrap_err().code(),
        "INDEX_INVALID_QUERY_POINT"
    );
}
