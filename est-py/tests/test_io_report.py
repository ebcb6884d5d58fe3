"""GeoJSON and polisen.se I/O, load-report extras, and the lägesbild."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

import est

NOW = "2026-12-01T00:00:00Z"
#: GeoJSON positions are rounded to 7 decimals (≈ 1 cm); a round trip stays within 2 cm.
ROUND_TRIP_M = 0.02
SECRET = "Hemlig anteckning om en namngiven person"

POLISEN = json.dumps(
    [
        {
            "id": 101,
            "datetime": "2025-03-01 22:10:05 +01:00",
            "name": "01 mars 22.10, Skadegörelse, Sollentuna",
            "summary": "Fönsterruta krossad.",
            "url": "/aktuellt/handelser/2025/mars/1/",
            "type": "Skadegörelse",
            "location": {"name": "Sollentuna", "gps": "59.428,17.950833"},
        },
        {
            "id": 102,
            "datetime": "2025-03-02 07:00:00 +01:00",
            "name": "02 mars 07.00, Sammanfattning natt, Stockholms län",
            "summary": "Lugn natt.",
            "type": "Sammanfattning natt",
            "location": {"name": "Stockholms län", "gps": "59.3,18.0"},
        },
    ],
    ensure_ascii=False,
)


@pytest.fixture(scope="module")
def town() -> est.Incidents:
    return est.sample_town(500, seed=3)


def with_text() -> est.Incidents:
    return est.read_incidents_text(
        "id,time,category,x,y,place,text\n"
        f"a1,2025-06-01T12:00:00+02:00,klotter,674344.6,6581100.5,Torget,{SECRET}\n",
        crs=3006,
        now=NOW,
    )


# --- GeoJSON ------------------------------------------------------------------------------


def test_geojson_round_trip(town: est.Incidents, tmp_path: Path) -> None:
    text = town.to_geojson()
    back = est.read_geojson_text(text, now=NOW)
    assert back.crs == 4326 and len(back) == len(town)
    assert back.ids == town.ids
    np.testing.assert_array_equal(back.times, town.times)
    assert back.categories == town.categories
    assert back.organisations == town.organisations
    assert back.places == town.places
    np.testing.assert_array_equal(back.weights, town.weights)
    metric = back.to_crs(3006)
    assert np.abs(metric.x - town.x).max() < ROUND_TRIP_M
    assert np.abs(metric.y - town.y).max() < ROUND_TRIP_M

    path = tmp_path / "händelser.geojson"
    path.write_text(text, encoding="utf-8")
    from_file = est.read_geojson(path, now=NOW)
    assert from_file.ids == town.ids
    np.testing.assert_array_equal(from_file.x, back.x)


def test_geojson_document(town: est.Incidents) -> None:
    doc = json.loads(town.to_geojson())
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(town)
    f = doc["features"][0]
    assert f["geometry"]["type"] == "Point"
    lon, lat = f["geometry"]["coordinates"]
    assert 17.7 < lon < 18.0 and 59.5 < lat < 59.7
    assert {"id", "time", "category", "category_sv", "organisation", "weight",
            "approximate_position"} <= set(f["properties"])
    assert town.__geo_interface__ == doc
    no_ids = json.loads(town.to_geojson(include_ids=False))
    assert all("id" not in f["properties"] for f in no_ids["features"])
    # Without ids the reader numbers the features.
    assert est.read_geojson_text(town.to_geojson(include_ids=False), now=NOW).ids[:2] == [
        "F1", "F2",
    ]


def test_free_text_only_when_asked() -> None:
    inc = with_text()
    assert inc.texts == [SECRET]
    assert SECRET not in inc.to_geojson()
    assert SECRET not in json.dumps(inc.__geo_interface__, ensure_ascii=False)
    assert "text" not in inc.__geo_interface__["features"][0]["properties"]
    with_secret = inc.to_geojson(include_text=True)
    assert SECRET in with_secret
    assert est.read_geojson_text(with_secret, now=NOW).texts == [SECRET]


def test_geojson_in_sweref_and_errors() -> None:
    text = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [674344.6, 6581100.5]},
         "properties": {"id": "s1", "time": "2025-06-01T12:00:00+02:00", "category": "klotter"}},
        {"type": "Feature", "geometry": {"type": "LineString",
                                         "coordinates": [[674344.6, 6581100.5], [1, 2]]},
         "properties": {"id": "s2", "time": "2025-06-01T12:00:00+02:00", "category": "klotr"}},
    ]})
    inc = est.read_geojson_text(text, crs=3006, now=NOW, on_error="collect")
    assert inc.crs == 3006 and inc.ids == ["s1"]
    assert {(e.line, e.field, e.code) for e in inc.errors} >= {(2, "geometry", "BAD_GEOMETRY")}
    with pytest.raises(est.ValidationError) as info:
        est.read_geojson_text(text, crs=3006, now=NOW)
    assert all(e.line == 2 for e in info.value.errors)
    with pytest.raises(est.ParseError) as pinfo:
        est.read_geojson_text("{not geojson", now=NOW)
    assert pinfo.value.code == "FORMAT"


def test_geojson_file_errors(tmp_path: Path) -> None:
    with pytest.raises(est.EstIOError) as info:
        est.read_geojson(tmp_path / "saknas.geojson")
    assert info.value.errno == 2 and info.value.code == "IO"
    bad = tmp_path / "latin1.geojson"
    bad.write_bytes('{"type": "FeatureCollection", "features": []}\n"Skadegörelse"'.encode("latin-1"))
    with pytest.raises(est.ParseError) as pinfo:
        est.read_geojson(bad)
    assert pinfo.value.code == "ENCODING" and "line 2" in str(pinfo.value)


# --- polisen.se ---------------------------------------------------------------------------


def test_read_polisen_json_text() -> None:
    inc = est.read_polisen_json_text(POLISEN, now=NOW)
    assert len(inc) == 1 and inc.rows_read == 2
    assert inc.skipped == 1
    assert inc.crs == 4326
    assert inc.ids == ["polisen-101"]
    assert inc.categories == ["skadegorelse"]
    assert inc.organisations == ["polis"]
    assert inc.places == ["Sollentuna"]
    assert inc.flags[0] & 1 == 1  # approximate position
    assert (inc.x[0], inc.y[0]) == pytest.approx((17.950833, 59.428))
    assert inc.times[0] == np.datetime64("2025-03-01T21:10:05")
    messages = " ".join(w.message for w in inc.warnings)
    assert "centroid" in messages and "Sammanfattning natt" in messages
    # The summary is internal free text.
    assert inc.texts == ["Fönsterruta krossad."]
    assert "Fönsterruta" not in inc.to_geojson()
    assert json.loads(inc.to_geojson())["features"][0]["properties"]["approximate_position"]


def test_read_polisen_json_file_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(POLISEN, encoding="utf-8")
    inc = est.read_polisen_json(path, now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert inc.ids == ["polisen-101"] and inc.skipped == 1
    with pytest.raises(est.ParseError) as info:
        est.read_polisen_json_text('{"not": "an array"}')
    assert info.value.code == "FORMAT"
    unknown = json.dumps([{"id": 1, "datetime": "2025-03-01 22:10:05 +01:00",
                           "type": "Skadegörelsee", "location": {"name": "X", "gps": "59.4,17.9"}}])
    with pytest.raises(est.ValidationError) as vinfo:
        est.read_polisen_json_text(unknown, now=NOW)
    assert [(e.line, e.field) for e in vinfo.value.errors] == [(1, "type")]
    assert "Skadegörelse" in vinfo.value.errors[0].message
    with pytest.raises(ValueError, match="raise.*collect"):
        est.read_polisen_json_text(POLISEN, on_error="skip")  # type: ignore[arg-type]


# --- load report extras -------------------------------------------------------------------


def test_load_report_dst_counts(town: est.Incidents) -> None:
    inc = est.read_incidents_text(
        "id,time,category,x,y\n"
        "1,2025-03-30 02:30,klotter,674344.6,6581100.5\n"
        "2,2025-10-26 02:30,klotter,674344.6,6581100.5\n"
        "3,2025-10-26 12:30,klotter,674344.6,6581100.5\n",
        crs=3006,
        now=NOW,
    )
    assert (inc.dst_gap, inc.dst_overlap, inc.skipped) == (1, 1, 0)
    assert list(inc.flags) == [4, 4, 0]
    assert (town.dst_gap, town.dst_overlap, town.skipped) == (0, 0, 0)


# --- lägesbild ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> est.Lagesbild:
    return est.lagesbild(est.sample_town(3000, 1))


def test_lagesbild_period(report: est.Lagesbild) -> None:
    p = report.period
    assert p["iso_week"] == "2026-W47"
    assert p["start"] == dt.date(2026, 11, 16) and p["end"] == dt.date(2026, 11, 22)
    assert p["baseline_end"] == dt.date(2026, 11, 15)
    assert p["baseline_start"] == dt.date(2026, 11, 16) - dt.timedelta(weeks=12)
    assert p["baseline_periods"] == 12 and p["time_zone"] == "Europe/Stockholm"
    assert report.n_incidents == 3000 and 0 < report.n_current < 3000
    assert report.n_approximate == 0
    assert report.title == "Lägesbild" and report.language == "sv"
    assert isinstance(report.grid, est.Grid) and report.grid.crs == 3006
    names = {q["name"]: q for q in report.params_used}
    assert names["period_end"]["source"] == "auto"
    assert names["cell_size_m"]["rule"] == "min_side/50, floor to 100 m"
    assert isinstance(report.warnings, list)
    assert "2026-W47" in repr(report)


def test_lagesbild_html(report: est.Lagesbild) -> None:
    html = report.to_html()
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "<script" not in html.lower()
    assert "Händelser per kategori" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_lagesbild_json_and_write(report: est.Lagesbild, tmp_path: Path) -> None:
    doc = json.loads(report.to_json())
    assert doc["schema"] == "est.lagesbild/1"
    assert doc["period"]["iso_week"] == "2026-W47"
    assert doc["n_current"] == report.n_current
    assert report.to_dict() == doc
    html_path, json_path = report.write(tmp_path / "ut")
    assert html_path == tmp_path / "ut" / "lagesbild.html"
    assert json_path == tmp_path / "ut" / "lagesbild.json"
    assert "<svg" in html_path.read_text(encoding="utf-8")
    written = json.loads(json_path.read_text(encoding="utf-8"))
    assert written["schema"] == "est.lagesbild/1"
    assert written["period"] == doc["period"]
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(est.EstIOError):
        report.write(blocker)


def test_lagesbild_options() -> None:
    town = est.sample_town(3000, 1)
    en = est.lagesbild(town, language="en", title="Situation report")
    html = en.to_html()
    assert "Incidents by category" in html and "Incidents per week" in html
    assert "Händelser per kategori" not in html
    assert en.language == "en" and en.title == "Situation report"
    assert "<title>Situation report" in html

    by_date = est.lagesbild(town, period_end=dt.date(2026, 11, 4), period_weeks=2,
                            baseline_periods=4, cell_size=250, shape="hexagon")
    by_text = est.lagesbild(town, period_end="2026-11-04", period_weeks=2,
                            baseline_periods=4, cell_size=250, shape="hexagon")
    assert by_date.to_json() == by_text.to_json()
    p = by_date.period
    assert p["iso_week"] == "2026-W45"
    assert (p["start"], p["end"]) == (dt.date(2026, 10, 26), dt.date(2026, 11, 8))
    assert p["baseline_start"] == dt.date(2026, 10, 26) - dt.timedelta(weeks=8)
    assert by_date.grid.shape == "hexagon" and by_date.grid.cell_size == 250.0

    with pytest.raises(ValueError, match='"sv" or "en"'):
        est.lagesbild(town, language="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='"square" or "hexagon"'):
        est.lagesbild(town, shape="round")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="datetime.date"):
        est.lagesbild(town, period_end=dt.datetime(2026, 11, 4, 12, 0))
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        est.lagesbild(town, period_end="4/11/2026")
    with pytest.raises(est.ReportError) as info:
        est.lagesbild(town, period_weeks=0)
    assert info.value.code == "REPORT_INVALID_OPTION"


def test_lagesbild_of_polisen_events() -> None:
    """Approximate positions are left off the grid; with nothing else there is no map."""
    with pytest.raises(est.ReportError) as info:
        est.lagesbild(est.read_polisen_json_text(POLISEN, now=NOW))
    assert info.value.code == "REPORT_EMPTY"
