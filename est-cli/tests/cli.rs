//! The `est` command as a user runs it.
#![allow(clippy::unwrap_used)] // test helpers fail the test by unwrapping

use std::process::Command;

fn est() -> Command {
    Command::new(env!("CARGO_BIN_EXE_est"))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("est-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn lagesbild_on_the_bundled_sample_writes_html_and_json() {
    let out = scratch("lagesbild");
    let status = est()
        .args(["lagesbild", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("lagesbild.html")).unwrap();
    assert!(html.contains("Lägesbild Sjöstad") && html.contains("class=\"cell\""));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("lagesbild.json")).unwrap())
            .unwrap();
    assert_eq!(json["n_incidents"], 6000);
    assert_eq!(json["period"]["iso_week"], "2026-W47");
}

#[test]
fn validate_lists_every_bad_row_and_fails() {
    let dir = scratch("validate");
    let file = dir.join("bad.csv");
    std::fs::write(
        &file,
        "id;tidpunkt;kategori;x;y\n1;2025-03-14 21:30;klotter;674344,6;6581100,5\n\
         2;2025-03-14 21:30;klotr;674344,6;6581100,5\n3;igår;hot;NaN;6581100,5\n",
    )
    .unwrap();
    let out = est()
        .args(["validate", "--crs", "3006"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("line 3, field 'kategori'"), "{text}");
    assert!(text.contains("line 4, field 'tidpunkt'"), "{text}");
    assert!(text.contains("line 4, field 'x'"), "{text}");
    assert!(
        text.contains("3 rows read, 1 valid, 2 with errors"),
        "{text}"
    );
}

#[test]
fn xy_file_without_crs_is_refused_with_advice() {
    let dir = scratch("nocrs");
    let file = dir.join("a.csv");
    std::fs::write(
        &file,
        "id,time,category,x,y\n1,2025-01-01T10:00:00Z,hot,674000,6581000\n",
    )
    .unwrap();
    let out = est()
        .args(["lagesbild", "--input"])
        .arg(&file)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no CRS was declared") && err.contains("3006"),
        "{err}"
    );
}

#[test]
fn a_municipality_adds_its_own_categories() {
    let dir = scratch("categories");
    let cats = dir.join("kategorier.csv");
    std::fs::write(
        &cats,
        "code,sv,en,parent,aliases\ne_skoter,Elsparkcykel,E-scooter,fordon,elsparkis\n",
    )
    .unwrap();
    let data = dir.join("a.csv");
    std::fs::write(
        &data,
        "id,time,category,x,y\n1,2025-01-01T10:00:00Z,Elsparkis,674000,6581000\n",
    )
    .unwrap();
    let plain = est()
        .args(["validate", "--crs", "3006"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        !plain.status.success(),
        "without the file the label is unknown"
    );
    let out = est()
        .args(["validate", "--crs", "3006", "--categories"])
        .arg(&cats)
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
