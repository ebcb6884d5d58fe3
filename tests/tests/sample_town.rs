//! The bundled sample town (`data/sample_town.csv`) is exactly what est's generator writes
//! for its documented parameters, so anyone can regenerate it:
//! `EST_REGENERATE_SAMPLE=1 cargo test -p est-tests --test sample_town`.

use est_core::crs::Crs;
use est_core::incident::{LoadOptions, OnError};
use est_core::io::csv::{CsvOptions, CsvWriteOptions, read_incidents, write_incidents};
use est_core::sample::SampleTown;

/// The parameters of the bundled file (also in the README and the CLI's `sample` command).
const N: usize = 6_000;
const SEED: u64 = 2026;

fn generated_csv() -> String {
    let inc = SampleTown::new(N, SEED).generate().unwrap();
    write_incidents(
        &inc,
        &CsvWriteOptions {
            include_text: true,
            ..CsvWriteOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn bundled_sample_matches_the_generator() {
    let path = est_tests::sample_town_csv();
    let fresh = generated_csv();
    if std::env::var_os("EST_REGENERATE_SAMPLE").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let bundled = std::fs::read_to_string(&path).unwrap();
    assert!(
        bundled == fresh,
        "data/sample_town.csv differs from the generator's output"
    );
}

#[test]
fn bundled_sample_reads_back_without_errors() {
    let text = std::fs::read_to_string(est_tests::sample_town_csv()).unwrap();
    let opts = CsvOptions {
        crs: Some(Crs::SWEREF99_TM),
        load: LoadOptions {
            on_error: OnError::Raise,
            ..LoadOptions::default()
        },
        ..CsvOptions::default()
    };
    let inc = read_incidents(&text, &opts).unwrap();
    assert_eq!(inc.len(), N);
    assert_eq!(
        inc,
        SampleTown::new(N, SEED)
            .generate()
            .unwrap()
            .filter(|_| true)
    );
}

/// `tests/fixtures/sample_town_2k_seed7.csv`: the input of the KDE and Gi* goldens made with
/// the project's reference scripts (`tests/golden/README.md`); it must stay the generator's
/// output for `SampleTown::new(2000, 7)` so that the goldens keep their meaning.
#[test]
fn reference_fixture_matches_the_generator() {
    let path = est_tests::fixture("sample_town_2k_seed7.csv");
    let inc = SampleTown::new(2_000, 7).generate().unwrap();
    let fresh = write_incidents(
        &inc,
        &CsvWriteOptions {
            include_text: true,
            ..CsvWriteOptions::default()
        },
    )
    .unwrap();
    if std::env::var_os("EST_REGENERATE_SAMPLE").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap() == fresh,
        "{} differs from the generator",
        path.display()
    );
}
