//! Permutation p-values of Gi* against esda 2.9.0 with R = 9 999 on both sides (issue 5),
//! on est's sample-town fixture (`tests/golden/gistar_sample_town_500m_queen_r9999.json`).
//!
//! Two Monte Carlo estimates with R = 9 999 differ by up to ≈ 3·sqrt(2·p(1−p)/R) ≈ 0.02 by
//! chance alone near p = 0.5, so the issue's |Δp| < 0.01 cannot hold for every cell (the test
//! prints how many cells meet it: 281/289 for `greater`, 269/289 for `lesser`). It requires
//! every cell within `4·sqrt(2·p(1−p)/R) + 2/(R+1)`, a mean |Δp| below 0.005 and a mean
//! standardised squared difference below 2 (1 for pure Monte Carlo noise; observed 1.11 for
//! `greater` and 1.61 for `lesser`, where esda's shared permutation table and its float
//! comparison of integer sums add a little).

use est_core::crs::Crs;
use est_core::grid::{Grid, GridOptions};
use est_core::hotspot::gistar::{LocalGParams, local_g};
use est_core::hotspot::weights::{Contiguity, SpatialWeights, WeightsOptions};
use est_core::stats::permutation::{Alternative, PermutationParams};
use serde_json::Value;

const R: usize = 9_999;

#[test]
fn esda_g_local_star_permutation_p_r9999() {
    let g: Value = serde_json::from_str(
        &std::fs::read_to_string(est_tests::golden(
            "gistar_sample_town_500m_queen_r9999.json",
        ))
        .unwrap(),
    )
    .unwrap();
    let gi = &g["input"]["grid"];
    let (x0, y0, c) = (
        gi["origin_x"].as_f64().unwrap(),
        gi["origin_y"].as_f64().unwrap(),
        gi["cell"].as_f64().unwrap(),
    );
    let (ncol, nrow) = (
        gi["ncols"].as_u64().unwrap() as f64,
        gi["nrows"].as_u64().unwrap() as f64,
    );
    let opts = GridOptions::default().with_cell_size(c);
    let grid = Grid::from_extent(
        x0 + c / 2.0,
        y0 + c / 2.0,
        x0 + c / 2.0 + (ncol - 1.0) * c,
        y0 + c / 2.0 + (nrow - 1.0) * c,
        Crs::SWEREF99_TM,
        &opts,
    )
    .unwrap();
    let values: Vec<f64> = g["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(grid.n_cells(), values.len());
    let w = SpatialWeights::grid_contiguity(&grid, Contiguity::Queen, &WeightsOptions::gi_star())
        .unwrap();
    let reference = &g["results"]["queen"]["gi_star"];
    for (alternative, key) in [
        (Alternative::Greater, "p_sim_greater"),
        (Alternative::Lesser, "p_sim_lesser"),
    ] {
        let params = LocalGParams::default().with_permutation(
            PermutationParams::default()
                .with_permutations(R)
                .with_seed(7)
                .with_alternative(alternative),
        );
        let p = local_g(&values, &w, &params).unwrap().p_sim.unwrap();
        let want: Vec<f64> = reference[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let d: Vec<f64> = p.iter().zip(&want).map(|(a, b)| (a - b).abs()).collect();
        let over = d.iter().filter(|x| **x >= 0.01).count();
        let mean = d.iter().sum::<f64>() / d.len() as f64;
        let max = d.iter().copied().fold(0.0, f64::max);
        eprintln!(
            "{key}: max |Δp| {max:.4}, mean {mean:.4}, {over}/{} cells with |Δp| ≥ 0.01",
            d.len()
        );
        // Standardised differences: (Δp)² / Var(Δp) averages 1 when the two estimate the same
        // p with independent generators.
        let chi: Vec<f64> = p
            .iter()
            .zip(&want)
            .filter_map(|(a, b)| {
                let pbar = (a + b) / 2.0;
                let var = 2.0 * pbar * (1.0 - pbar) / R as f64;
                (var > 0.0).then(|| (a - b).powi(2) / var)
            })
            .collect();
        let chi_mean = chi.iter().sum::<f64>() / chi.len() as f64;
        eprintln!(
            "{key}: mean standardised squared difference {chi_mean:.3} over {} cells",
            chi.len()
        );
        assert!(chi_mean < 2.0, "{key}: {chi_mean}");
        assert!(mean < 0.005, "{key}: mean |Δp| {mean}");
        for (i, (a, b)) in p.iter().zip(&want).enumerate() {
            let pbar = (a + b) / 2.0;
            let tol = 4.0 * (2.0 * pbar * (1.0 - pbar) / R as f64).sqrt() + 2.0 / (R as f64 + 1.0);
            assert!((a - b).abs() <= tol, "{key}[{i}]: {a} vs {b} (tol {tol})");
        }
    }
}
