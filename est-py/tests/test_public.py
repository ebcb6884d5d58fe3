"""The privacy-safe public export through Python: the k rule (every published number ≥ k,
the suppressed cells counted, never summed), checked against an independent numpy count on
the fixed SWEREF 99 TM lattice; the group rule with secondary suppression; no ids or free
text; stable cells across overlapping extents; errors."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import numpy as np
import pytest

import est

WEEK = "2026-W47"
# Monday 2026-11-16 00:00 to Monday 2026-11-23 00:00, Europe/Stockholm (CET).
CET = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime(2026, 11, 16, tzinfo=CET)
END = dt.datetime(2026, 11, 23, tzinfo=CET)


@pytest.fixture(scope="module")
def town() -> est.Incidents:
    return est.sample_town(6000, 2026)


def lattice_counts(inc: est.Incidents, size: float) -> Counter[str]:
    """Incidents of the week per lattice cell, keyed as the export keys them."""
    t = inc.times.astype("int64")
    week = (t >= int(START.timestamp())) & (t < int(END.timestamp())) & ((inc.flags & 1) == 0)
    cols = np.floor(inc.x[week] / size).astype(np.int64)
    rows = np.floor(inc.y[week] / size).astype(np.int64)
    return Counter(
        f"{size:.0f}m:E{c * size:.0f}N{r * size:.0f}" for c, r in zip(cols.tolist(), rows.tolist())
    )


def test_k_rule_against_a_numpy_count(town: est.Incidents) -> None:
    e = est.public_export(town, WEEK)
    assert isinstance(e, est.PublicExport)
    assert (e.week, e.k, e.cell_size_m) == (WEEK, 5, 500.0)
    assert e.monday == dt.date(2026, 11, 16)
    counts = lattice_counts(town, 500.0)
    published = {c["key"]: c["count"] for c in e.cells}
    assert published == {k: n for k, n in counts.items() if n >= 5}
    assert e.suppressed_cells == sum(1 for n in counts.values() if 1 <= n < 5)
    assert e.published_total == sum(published.values()) and len(e) == len(published)
    for c in e.cells:
        assert c["x0"] % 500 == 0 and c["y0"] % 500 == 0 and len(c["lonlat"]) == 4
    # k = 1 publishes every cell; a larger k publishes fewer.
    every = est.public_export(town, WEEK, k=1, groups=False)
    assert {c["key"]: c["count"] for c in every.cells} == dict(counts)
    assert every.suppressed_cells == 0
    strict = est.public_export(town, WEEK, k=10)
    assert all(c["count"] >= 10 for c in strict.cells) and len(strict) <= len(e)


def test_groups_never_reveal_a_small_remainder(town: est.Incidents) -> None:
    e = est.public_export(town, WEEK, k=3, cell_size_m=1000.0)
    assert any(c["groups"] for c in e.cells)
    for c in e.cells:
        published = sum(g["count"] for g in c["groups"])
        assert all(g["count"] >= 3 for g in c["groups"])
        rest = c["count"] - published
        assert rest == 0 or rest >= 3, c
        for g in c["groups"]:
            assert g["code"] and g["sv"] and g["en"]
    none = est.public_export(town, WEEK, k=3, cell_size_m=1000.0, groups=False)
    assert all(c["groups"] == [] for c in none.cells)


def test_outputs_carry_no_ids_texts_or_exact_positions(town: est.Incidents) -> None:
    e = est.public_export(town, WEEK)
    text = e.to_json()
    d = json.loads(text)
    assert d == e.to_dict() and d["schema"] == "est.public/1"
    for forbidden in ('"id"', '"text"', '"place"', '"organisation"'):
        assert forbidden not in text
    xs = {f"{x:.1f}" for x in town.x[:50]}
    assert not any(x in text for x in xs)
    gj = json.loads(e.to_geojson())
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == len(e)
    assert gj == e.__geo_interface__
    assert gj["est"]["suppressed_cells"] == e.suppressed_cells
    assert "fewer than 5" in e.note_en and "färre än 5" in e.note_sv
    assert "2026-W47" in repr(e)


def test_overlapping_extents_publish_the_same_numbers(town: est.Incidents) -> None:
    x, y = town.x, town.y
    mx = float(np.median(x))

    def area(x0: float, x1: float) -> est.StudyArea:
        ring = [[x0, y.min() - 1], [x1, y.min() - 1], [x1, y.max() + 1], [x0, y.max() + 1], [x0, y.min() - 1]]
        return est.StudyArea.from_geojson(
            json.dumps({"type": "Polygon", "coordinates": [ring]}), crs=3006, target=3006
        )

    west = est.public_export(town, WEEK, k=2, area=area(x.min() - 1, mx + 1500))
    east = est.public_export(town, WEEK, k=2, area=area(mx - 1500, x.max() + 1))
    a = {c["key"]: c["count"] for c in west.cells}
    b = {c["key"]: c["count"] for c in east.cells}
    shared = set(a) & set(b)
    assert shared and all(a[k] == b[k] for k in shared)
    with pytest.raises(est.CrsError) as info:
        est.public_export(town, WEEK, area=est.StudyArea.from_geojson(
            json.dumps({"type": "Polygon", "coordinates": [[[17, 59], [18, 59], [18, 60], [17, 59]]]}),
            target=3010,
        ))
    assert info.value.code == "CRS_MISMATCH"


def test_public_export_errors(town: est.Incidents) -> None:
    for kwargs, name in (({"k": 0}, "k"), ({"cell_size_m": 50.0}, "cell_size_m")):
        with pytest.raises(est.ReportError) as info:
            est.public_export(town, WEEK, **kwargs)  # type: ignore[arg-type]
        assert info.value.code == "REPORT_INVALID_OPTION" and name in str(info.value)
    with pytest.raises(est.ReportError) as info:
        est.public_export(town, "2026-W60")
    assert info.value.code == "REPORT_INVALID_OPTION" and "2026-W60" in str(info.value)


def test_readme_style_public_example(town: est.Incidents) -> None:
    export = est.public_export(town, "2026-W47", k=5)       # residents' weekly map
    geojson = export.to_geojson()                           # for a web map
    assert json.loads(geojson)["features"] or export.suppressed_cells > 0
