"""Incidents: sample town, reading files, columns, CSV and pandas round trips, taxonomy."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

import est

NOW = "2026-12-01T00:00:00Z"


@pytest.fixture(scope="module")
def town() -> est.Incidents:
    return est.sample_town(2000, seed=5)


def test_version() -> None:
    assert isinstance(est.__version__, str)
    assert est.__version__.count(".") >= 2
    assert "__version__" in est.__all__


def test_all_is_complete() -> None:
    for name in est.__all__:
        assert hasattr(est, name), name


def test_sample_town_is_deterministic(town: est.Incidents) -> None:
    again = est.sample_town(2000, seed=5)
    assert len(town) == 2000
    assert town.ids == again.ids
    np.testing.assert_array_equal(town.x, again.x)
    np.testing.assert_array_equal(town.times, again.times)
    other = est.sample_town(2000, seed=6)
    assert not np.array_equal(town.x, other.x)
    assert len(est.sample_town()) == 5000
    assert len(est.sample_town(100, 1, weeks=20)) == 100


def test_columns(town: est.Incidents) -> None:
    n = len(town)
    assert town.crs == 3006
    for arr in (town.x, town.y, town.weights):
        assert arr.dtype == np.float64 and arr.shape == (n,)
    assert town.times.dtype == np.dtype("datetime64[s]")
    assert town.flags.dtype == np.uint8
    assert town.times.min() >= np.datetime64("2025-06-01T00:00:00")
    assert town.times.max() <= np.datetime64("2026-11-23T00:00:00")
    assert len(town.ids) == len(set(town.ids)) == n
    assert set(town.categories) <= {c["code"] for c in town.taxonomy.categories}
    assert set(town.organisations) <= {
        "kommun", "polis", "fastighetsagare", "vaktbolag", "handel", "raddningstjanst",
        "ovrig", "okand",
    }
    assert len(town.places) == len(town.texts) == n
    assert town.errors == [] and town.rows_read == n and town.rows_kept == n
    assert "2000 rows" in repr(town) and "EPSG:3006" in repr(town)


def test_columns_are_copies(town: est.Incidents) -> None:
    x = town.x
    x[:] = 0.0
    assert town.x[0] != 0.0


def test_to_crs(town: est.Incidents) -> None:
    wgs = town.to_crs(4326)
    assert wgs.crs == 4326 and len(wgs) == len(town)
    assert 10 < wgs.x.mean() < 25 and 55 < wgs.y.mean() < 70
    back = wgs.to_crs("EPSG:3006")
    np.testing.assert_allclose(back.x, town.x, atol=1e-3)
    np.testing.assert_allclose(back.y, town.y, atol=1e-3)
    with pytest.raises(est.CrsError):
        town.to_crs(32633 + 20)  # UTM zone 53N: Sweden is far outside


def test_to_csv_round_trip(town: est.Incidents, tmp_path: Path) -> None:
    text = town.to_csv()
    assert text is not None and text.startswith("id,time,category,x,y,organisation,place,weight")
    back = est.read_incidents_text(text, crs=3006, now=NOW)
    assert back.ids == town.ids
    assert back.categories == town.categories
    assert back.organisations == town.organisations
    np.testing.assert_array_equal(back.x, town.x)
    np.testing.assert_array_equal(back.times, town.times)

    path = tmp_path / "ut.csv"
    assert town.to_csv(path, delimiter=";", decimal_comma=True) is None
    again = est.read_incidents(path, crs=3006, now=NOW)
    np.testing.assert_array_equal(again.y, town.y)
    assert again.places == town.places
    assert "text" not in path.read_text(encoding="utf-8").splitlines()[0]


def test_read_file_semicolon_decimal_comma_bom(tmp_path: Path) -> None:
    path = tmp_path / "händelser.csv"
    path.write_bytes(
        "\ufeffID;Tidpunkt;Kategori;X;Y;Källa;Plats\n"
        "7;2025-03-14 21:30;Klotter;674 344,6;6 581 100,5;Kommun;Sergels torg\n"
        "8;2025-03-15;Skadegörelse;674 350,0;6 581 090,25;polisen;\n".encode("utf-8")
    )
    inc = est.read_incidents(str(path), crs="SWEREF99TM", now=NOW)
    assert len(inc) == 2
    assert inc.ids == ["7", "8"]
    assert inc.categories == ["klotter", "skadegorelse"]
    assert inc.organisations == ["kommun", "polis"]
    assert inc.places == ["Sergels torg", ""]
    np.testing.assert_array_equal(inc.x, [674_344.6, 674_350.0])
    np.testing.assert_array_equal(inc.y, [6_581_100.5, 6_581_090.25])
    # 21:30 CET is 20:30 UTC; a bare date is local midnight (flag 2).
    assert inc.times[0] == np.datetime64("2025-03-14T20:30:00")
    assert list(inc.flags) == [0, 2]
    # Explicit options give the same result.
    same = est.read_incidents(
        path, crs=3006, now=NOW, delimiter=";", decimal="comma",
        columns={"time": "Tidpunkt", "category": "Kategori", "organisation": "Källa"},
    )
    assert same.ids == inc.ids and same.categories == inc.categories


def test_lonlat_columns_are_wgs84() -> None:
    inc = est.read_incidents_text(
        "id,time,category,lat,lon\n1,2025-01-01T10:00:00Z,hot,59.33,18.06\n", now=NOW
    )
    assert inc.crs == 4326


def test_file_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "finns_inte.csv"
    with pytest.raises(est.EstIOError) as info:
        est.read_incidents(missing, crs=3006)
    exc = info.value
    assert isinstance(exc, OSError) and isinstance(exc, est.EstError)
    assert exc.code == "IO"
    assert str(missing) in str(exc)
    assert exc.filename == str(missing)
    assert exc.errno == 2
    with pytest.raises(OSError):
        est.read_incidents(missing, crs=3006)


def test_write_to_missing_directory(town: est.Incidents, tmp_path: Path) -> None:
    with pytest.raises(est.EstIOError):
        town.to_csv(tmp_path / "no" / "such" / "dir.csv")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,time,category,x,y\n1,2025-01-01,Skadegörelse,674000,6581000\n".encode("latin-1"))
    with pytest.raises(est.ParseError) as info:
        est.read_incidents(path, crs=3006, now=NOW)
    assert info.value.code == "ENCODING"
    assert "line 2" in str(info.value)


def test_to_pandas(town: est.Incidents) -> None:
    pd = pytest.importorskip("pandas")
    df = town.to_pandas()
    assert list(df.columns) == [
        "id", "time", "category", "category_sv", "x", "y", "organisation", "place",
        "weight", "text", "flags",
    ]
    assert len(df) == len(town)
    assert isinstance(df["time"].dtype, pd.DatetimeTZDtype)
    assert str(df["time"].dt.tz) == "Europe/Stockholm"
    for col in ("x", "y", "weight"):
        assert df[col].dtype == np.float64, col
    assert df["flags"].dtype == np.uint8
    for col in ("id", "category", "category_sv", "organisation", "place", "text"):
        assert pd.api.types.is_string_dtype(df[col]) or df[col].dtype == object, col
    sv = {c["code"]: c["sv"] for c in town.taxonomy.categories}
    assert [sv[c] for c in df["category"]] == list(df["category_sv"])
    # Local time agrees with the UTC column.
    utc = df["time"].dt.tz_convert(None).to_numpy().astype("datetime64[s]")
    np.testing.assert_array_equal(utc, town.times)


def test_taxonomy_basics() -> None:
    tax = est.Taxonomy.default()
    assert len(tax) == len(est.Taxonomy()) >= 18
    assert tax.resolve("Graffiti") == "klotter"
    assert tax.resolve("SKADEGÖRELSE ") == "skadegorelse"
    assert tax.resolve("skadegorelse") == "skadegorelse"
    assert "klotter" in tax and "nonsense" not in tax
    assert tax.is_in_group("klotter", "skadegörelse")
    assert not tax.is_in_group("skadegorelse", "klotter")
    assert tax.group_of("arson") == "brand"
    assert tax.polisen_category("Skadegörelse") == "skadegorelse"
    assert tax.polisen_category("Sammanfattning natt") is None
    with pytest.raises(est.TaxonomyError):
        tax.polisen_category("Inte en händelsetyp")
    first = tax.categories[0]
    assert set(first) == {"code", "sv", "en", "parent", "aliases"}
    klotter = next(c for c in tax.categories if c["code"] == "klotter")
    assert klotter["parent"] == "skadegorelse" and "graffiti" in klotter["aliases"]
    assert "Taxonomy" in repr(tax)


def test_taxonomy_extension_and_reading() -> None:
    tax = est.Taxonomy.default()
    n = len(tax)
    assert tax.add_category("e_skoter", "Elsparkcykel", "E-scooter", parent="fordon",
                            aliases=["elsparkis"]) == "e_skoter"
    tax.add_alias("tags", "klotter")
    assert tax.extend_from_csv("code,sv,en,parent,aliases\ne_cykel,Elcykel,E-bike,fordon,\n") == 1
    assert tax.extend_from_json(
        json.dumps([{"code": "drone", "sv": "Drönare", "en": "Drone", "aliases": ["uav"]}])
    ) == 1
    assert len(tax) == n + 3
    assert tax.resolve("Elsparkis") == "e_skoter"
    assert tax.is_in_group("elsparkis", "fordon")
    assert tax.resolve("tags") == "klotter"

    with pytest.raises(est.TaxonomyError) as info:
        tax.add_category("Bad Code", "X", "X")
    assert info.value.code == "TAXONOMY_INVALID_CODE"
    with pytest.raises(est.TaxonomyError) as info:
        tax.add_alias("graffiti", "brand")
    assert info.value.code == "TAXONOMY_CONFLICT"
    with pytest.raises(est.TaxonomyError) as info:
        tax.extend_from_csv("code,sv,en,parent\nx1,X,X,nope\n")
    assert info.value.code == "TAXONOMY_FILE" and "line 2" in str(info.value)

    text = "id,time,category,x,y\n1,2025-06-01,elsparkis,674344.6,6581100.5\n"
    with pytest.raises(est.ValidationError):
        est.read_incidents_text(text, crs=3006, now=NOW)
    inc = est.read_incidents_text(text, crs=3006, now=NOW, taxonomy=tax)
    assert inc.categories == ["e_skoter"]
    assert inc.taxonomy.resolve("uav") == "drone"
    # The reader copied the taxonomy: later changes do not reach the incidents.
    tax.add_alias("sparkcykel", "e_skoter")
    assert "sparkcykel" not in inc.taxonomy
    assert "sparkcykel" in copy.copy(tax)
