//! Property tests for `est_core::grid` (seeded with `SEED`). The method reference's Memphis
//! golden value is in the `est-tests` crate (`tests/tests/real_data.rs`).
//!
//! Invariants: every point of the extent falls in exactly one active cell; counts plus
//! outside equal the number of points; a hexagon assignment is the nearest hexagon centre
//! (brute force over all cells); in `Cut` mode `Σ inside_fraction · cell area` equals the area
//! of study area ∩ grid (1e-6 relative).

use est_core::crs::Crs;
use est_core::grid::{ClipMode, Grid, GridOptions, GridShape, StudyArea};
use geo::{Area, BooleanOps, Coord, Intersects, LineString, MultiPolygon, Point, Polygon, Rect};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// The seed of every property test in this file.
const SEED: u64 = 3006;
const E0: f64 = 674_000.0;
const N0: f64 = 6_580_000.0;
const TM: Crs = Crs::SWEREF99_TM;

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(SEED),
        ..Config::default()
    }
}

/// 1–150 points in a 5 km square around Stockholm (SWEREF 99 TM), some on a 50 m lattice so
/// that points on cell edges and duplicates occur.
fn points() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    let lattice =
        (0u32..100, 0u32..100).prop_map(|(i, j)| (f64::from(i) * 50.0, f64::from(j) * 50.0));
    let free = (0.0f64..5000.0, 0.0f64..5000.0);
    prop::collection::vec(prop_oneof![lattice, free], 1..150)
        .prop_map(|pts| pts.into_iter().map(|(x, y)| (E0 + x, N0 + y)).unzip())
}

/// A star-shaped (hence simple) polygon around a random centre.
fn star() -> impl Strategy<Value = Polygon<f64>> {
    (
        (-1000.0f64..6000.0, -1000.0f64..6000.0),
        prop::collection::vec((0.0f64..1.0, 100.0f64..3000.0), 3..14),
    )
        .prop_map(|((cx, cy), spokes)| {
            let n = spokes.len() as f64;
            let coords: Vec<Coord<f64>> = spokes
                .iter()
                .enumerate()
                .map(|(k, (jitter, r))| {
                    let a = (k as f64 + 0.8 * jitter) / n * std::f64::consts::TAU;
                    Coord {
                        x: E0 + cx + r * a.cos(),
                        y: N0 + cy + r * a.sin(),
                    }
                })
                .collect();
            Polygon::new(LineString::new(coords), vec![])
        })
}

fn hex_norm(dx: f64, dy: f64) -> f64 {
    dx.abs().max(dx.abs() / 2.0 + 3f64.sqrt() / 2.0 * dy.abs())
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn square_every_point_in_exactly_one_cell((xs, ys) in points(), l in 20.0f64..700.0) {
        let g = Grid::from_points(&xs, &ys, TM, &GridOptions::default().with_cell_size(l)).unwrap();
        let (x0, y0) = g.origin();
        let tol = 1e-9 * l;
        for (&x, &y) in xs.iter().zip(&ys) {
            let id = g.cell_of(x, y);
            prop_assert!(id.is_some(), "({x}, {y}) outside the grid");
            let (row, col) = g.row_col(id.unwrap_or(0));
            // inside its own half-open cell (up to rounding of the edges) …
            let (cx0, cy0) = (x0 + f64::from(col) * l, y0 + f64::from(row) * l);
            prop_assert!(x >= cx0 - tol && x < cx0 + l + tol && y >= cy0 - tol && y < cy0 + l + tol);
            // … and strictly inside no other cell
            let others = g.cells().iter().filter(|&&c| Some(c) != id).filter(|&&c| {
                let (r, k) = g.row_col(c);
                let (a, b) = (x0 + f64::from(k) * l, y0 + f64::from(r) * l);
                x > a + tol && x < a + l - tol && y > b + tol && y < b + l - tol
            }).count();
            prop_assert_eq!(others, 0);
        }
        let c = g.counts(&xs, &ys, None).unwrap();
        prop_assert_eq!(c.outside, 0);
        prop_assert_eq!(c.counts.iter().sum::<f64>(), xs.len() as f64);
    }

    #[test]
    fn hex_assignment_is_nearest_centre((xs, ys) in points(), l in 150.0f64..900.0) {
        let opts = GridOptions::default().with_cell_size(l).with_shape(GridShape::Hexagon);
        let g = Grid::from_points(&xs, &ys, TM, &opts).unwrap();
        let all: Vec<(f64, f64)> = (0..g.ncol() * g.nrow()).map(|c| g.centroid(c)).collect();
        for (&x, &y) in xs.iter().zip(&ys) {
            let id = g.cell_of(x, y);
            prop_assert!(id.is_some(), "({x}, {y}) outside the hex grid");
            let (cx, cy) = g.centroid(id.unwrap_or(0));
            let mine = (x - cx).hypot(y - cy);
            let best = all.iter().map(|&(a, b)| (x - a).hypot(y - b)).fold(f64::INFINITY, f64::min);
            prop_assert!(mine <= best + 1e-9 * l, "{mine} > {best}");
            prop_assert!(hex_norm(x - cx, y - cy) <= l / 2.0 * (1.0 + 1e-9));
        }
        let c = g.counts(&xs, &ys, None).unwrap();
        prop_assert_eq!(c.outside, 0);
        prop_assert_eq!(c.counts.iter().sum::<f64>(), xs.len() as f64);
    }

    #[test]
    fn counts_plus_outside_is_n_after_clipping(
        (xs, ys) in points(),
        area in star(),
        l in 100.0f64..600.0,
        hex in any::<bool>(),
        mode in prop_oneof![Just(ClipMode::Intersects), Just(ClipMode::CentroidInside), Just(ClipMode::Cut)],
        w in prop::collection::vec(0.0f64..5.0, 150),
    ) {
        let shape = if hex { GridShape::Hexagon } else { GridShape::Square };
        let opts = GridOptions::default().with_cell_size(l).with_shape(shape);
        let g = Grid::from_extent(E0, N0, E0 + 5000.0, N0 + 5000.0, TM, &opts).unwrap();
        let sa = StudyArea::new(MultiPolygon::new(vec![area]), TM).unwrap();
        let Ok(clipped) = g.clip(&sa, mode) else { return Ok(()); };
        let weights = &w[..xs.len()];
        let c = clipped.counts(&xs, &ys, Some(weights)).unwrap();
        prop_assert_eq!(c.counts.len(), clipped.n_cells());
        let total: f64 = weights.iter().sum();
        let got: f64 = c.counts.iter().sum::<f64>() + c.outside_weight;
        prop_assert!((got - total).abs() <= 1e-9 * total.max(1.0));
        let n = clipped.counts(&xs, &ys, None).unwrap();
        prop_assert_eq!(n.counts.iter().sum::<f64>() as usize + n.outside, xs.len());
        // points in removed cells are outside, points in kept cells are counted there
        for (&x, &y) in xs.iter().zip(&ys) {
            let kept = clipped.cell_of(x, y);
            let full = g.cell_of(x, y);
            prop_assert!(kept.is_none() || kept == full);
            if let Some(id) = kept {
                prop_assert!(clipped.cells().binary_search(&id).is_ok());
            }
        }
        for (&id, &f) in clipped.cells().iter().zip(clipped.inside_fractions()) {
            prop_assert!((0.0..=1.0).contains(&f));
            if mode == ClipMode::CentroidInside {
                let (cx, cy) = clipped.centroid(id);
                prop_assert!(sa.area().intersects(&Point::new(cx, cy)));
            } else {
                prop_assert!(f > 0.0);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn cut_area_equals_study_area_inside_grid(area in star(), l in 150.0f64..700.0) {
        let opts = GridOptions::default().with_cell_size(l);
        let g = Grid::from_extent(E0, N0, E0 + 5000.0, N0 + 5000.0, TM, &opts).unwrap();
        let poly = MultiPolygon::new(vec![area]);
        let sa = StudyArea::new(poly.clone(), TM).unwrap();
        let [a, b, c, d] = g.bounds();
        let rect = Rect::new(Coord { x: a, y: b }, Coord { x: c, y: d }).to_polygon();
        let expected = poly.intersection(&MultiPolygon::new(vec![rect])).unsigned_area();
        match g.clip(&sa, ClipMode::Cut) {
            Ok(cut) => {
                let got: f64 = cut.active_areas().iter().sum();
                prop_assert!((got - expected).abs() <= 1e-6 * expected, "{got} vs {expected}");
                let inter = g.clip(&sa, ClipMode::Intersects).unwrap();
                prop_assert_eq!(inter.cells(), cut.cells());
                prop_assert_eq!(inter.inside_fractions(), cut.inside_fractions());
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "GRID_NO_CELLS_IN_STUDY_AREA");
                prop_assert!(expected <= 1e-6 * l * l);
            }
        }
    }

    #[test]
    fn hex_cut_area_equals_study_area(
        (cx, cy) in (1500.0f64..3500.0, 1500.0f64..3500.0),
        spokes in prop::collection::vec((0.0f64..1.0, 100.0f64..1400.0), 3..14),
        l in 150.0f64..700.0,
    ) {
        // a star inside the extent, so every part of it lies in an active hexagon
        let n = spokes.len() as f64;
        let coords: Vec<Coord<f64>> = spokes.iter().enumerate().map(|(k, (j, r))| {
            let a = (k as f64 + 0.8 * j) / n * std::f64::consts::TAU;
            Coord { x: E0 + cx + r * a.cos(), y: N0 + cy + r * a.sin() }
        }).collect();
        let poly = MultiPolygon::new(vec![Polygon::new(LineString::new(coords), vec![])]);
        let expected = poly.unsigned_area();
        let opts = GridOptions::default().with_cell_size(l).with_shape(GridShape::Hexagon);
        let g = Grid::from_extent(E0, N0, E0 + 5000.0, N0 + 5000.0, TM, &opts).unwrap();
        let cut = g.clip(&StudyArea::new(poly, TM).unwrap(), ClipMode::Cut).unwrap();
        let got: f64 = cut.active_areas().iter().sum();
        prop_assert!((got - expected).abs() <= 1e-6 * expected, "{got} vs {expected}");
    }
}
