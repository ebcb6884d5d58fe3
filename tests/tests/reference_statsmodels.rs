//! Multiple-testing corrections against statsmodels 0.15.0 `multipletests` and esda 2.9.0
//! `fdr`, on the three 289-value p-vectors of `tests/golden/gistar_synthetic_2k_500m.json`
//! (Gi* analytic two-sided p, permutation two-sided p, esda's "directed" permutation p).

use est_core::stats::multitest::{Adjustment, adjust, esda_fdr_cutoff, reject_at};
use serde_json::Value;

/// Oracle values printed with full f64 precision; only the summation order differs.
const TOL_FULL_REL: f64 = 1e-12;

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

#[test]
fn statsmodels_multipletests_gistar_synthetic_2k() {
    let text = std::fs::read_to_string(est_tests::golden("gistar_synthetic_2k_500m.json")).unwrap();
    let g: Value = serde_json::from_str(&text).unwrap();
    let mt = &g["results"]["distance"]["multiple_testing"];
    let alpha = mt["alpha"].as_f64().unwrap();
    let sources = [
        (
            "gi_star_p_norm_two_sided",
            &g["results"]["distance"]["gi_star"]["p_norm_two_sided"],
        ),
        (
            "gi_star_p_sim_two_sided",
            &g["results"]["distance"]["gi_star"]["p_sim_two_sided"],
        ),
        (
            "gi_star_p_sim_directed",
            &g["results"]["distance"]["gi_star"]["p_sim_directed"],
        ),
    ];
    let mut worst = 0.0f64;
    for (name, pv) in sources {
        let p = floats(pv);
        let want = &mt[name];
        assert_eq!(
            want["n_tests"].as_u64().unwrap() as usize,
            p.iter().filter(|x| x.is_finite()).count()
        );
        for (method, key) in [
            (Adjustment::Bonferroni, "bonferroni"),
            (Adjustment::Holm, "holm"),
            (Adjustment::BenjaminiHochberg, "fdr_bh"),
            (Adjustment::BenjaminiYekutieli, "fdr_by"),
        ] {
            let got = adjust(&p, method).unwrap();
            let exp = floats(&want[key]["p_adjusted"]);
            for (a, b) in got.iter().zip(&exp) {
                let rel = (a - b).abs() / b.abs().max(1e-300);
                worst = worst.max(rel);
                assert!(rel <= TOL_FULL_REL, "{name} {key}: {a} vs {b}");
            }
            let rej = reject_at(&p, method, alpha).unwrap();
            let exp_rej: Vec<bool> = want[key]["reject"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_bool().unwrap())
                .collect();
            assert_eq!(rej, exp_rej, "{name} {key}");
        }
        let cut = esda_fdr_cutoff(&p, alpha).unwrap();
        let exp_cut = want["esda_fdr_cutoff"].as_f64().unwrap();
        assert!(
            (cut - exp_cut).abs() <= TOL_FULL_REL * exp_cut,
            "{name}: {cut} vs {exp_cut}"
        );
    }
    eprintln!("multipletests agreement: max relative difference {worst:.2e}");
}
