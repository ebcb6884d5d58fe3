"""est.transform against PROJ (golden table made with pyproj) and its argument handling."""

from __future__ import annotations

import csv
from collections import defaultdict

import numpy as np
import pytest

import est
from conftest import GOLDEN

#: Agreement with PROJ, metres (the core's Krüger series agree to micrometres).
TOL_M = 1e-3
#: Round trip WGS 84 → projected → WGS 84, degrees (≈ 1 mm).
TOL_DEG = 1e-8


def golden() -> dict[int, dict[str, np.ndarray]]:
    cols: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with (GOLDEN / "crs_sweden.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["in_area_of_use"] != "True":
                continue
            c = cols[int(row["epsg"])]
            for k in ("lat", "lon", "easting", "northing"):
                c[k].append(float(row[k]))
    return {epsg: {k: np.array(v) for k, v in c.items()} for epsg, c in cols.items()}


GOLDEN_BY_EPSG = golden()


def test_golden_covers_sweref99() -> None:
    assert set(GOLDEN_BY_EPSG) == set(range(3006, 3019))
    assert sum(len(g["lat"]) for g in GOLDEN_BY_EPSG.values()) > 100


@pytest.mark.parametrize("epsg", sorted(GOLDEN_BY_EPSG))
def test_proj_golden(epsg: int) -> None:
    g = GOLDEN_BY_EPSG[epsg]
    e, n = est.transform(g["lon"], g["lat"], 4326, epsg)
    assert np.max(np.abs(e - g["easting"])) <= TOL_M
    assert np.max(np.abs(n - g["northing"])) <= TOL_M
    lon, lat = est.transform(e, n, f"EPSG:{epsg}", "EPSG:4326")
    assert np.max(np.abs(lon - g["lon"])) <= TOL_DEG
    assert np.max(np.abs(lat - g["lat"])) <= TOL_DEG
    # Round trip in metres: projected → WGS 84 → projected.
    e2, n2 = est.transform(lon, lat, 4326, epsg)
    assert np.max(np.abs(e2 - e)) <= TOL_M and np.max(np.abs(n2 - n)) <= TOL_M


SERGELS_TORG = (18.0649, 59.3326, 674_344.559, 6_581_100.536)


@pytest.mark.parametrize(
    "make",
    [list, tuple, lambda v: np.array(v, dtype=np.float32), lambda v: np.array(v, dtype=np.float64)],
    ids=["list", "tuple", "float32", "float64"],
)
def test_accepts_sequences_and_dtypes(make) -> None:  # type: ignore[no-untyped-def]
    lon, lat, e, n = SERGELS_TORG
    x, y = est.transform(make([lon]), make([lat]), "WGS84", "SWEREF99TM")
    assert isinstance(x, np.ndarray) and isinstance(y, np.ndarray)
    assert x.dtype == np.float64 and y.dtype == np.float64
    assert x.shape == (1,)
    # float32 rounds the input by up to ~1 m; float64 must agree to 1 mm.
    tol = 5.0 if getattr(make([0.0]), "dtype", None) == np.float32 else TOL_M
    assert abs(x[0] - e) <= tol and abs(y[0] - n) <= tol


def test_crs_forms_are_equivalent() -> None:
    lon, lat, e, n = SERGELS_TORG
    for src, dst in [(4326, 3006), ("EPSG:4326", "epsg:3006"), ("WGS 84", "SWEREF 99 TM")]:
        x, y = est.transform([lon], [lat], src, dst)
        assert abs(x[0] - e) <= TOL_M and abs(y[0] - n) <= TOL_M


def test_large_array_and_non_contiguous() -> None:
    # Above the GIL-release threshold, and a strided view.
    rng = np.random.default_rng(3006)
    lon = rng.uniform(12.0, 20.0, 20_000)
    lat = rng.uniform(56.0, 66.0, 20_000)
    e, n = est.transform(lon, lat, 4326, 3006)
    e_s, n_s = est.transform(lon[::2], lat[::2], 4326, 3006)
    np.testing.assert_array_equal(e_s, e[::2])
    np.testing.assert_array_equal(n_s, n[::2])


def test_empty_input() -> None:
    x, y = est.transform([], [], 4326, 3006)
    assert x.shape == (0,) and y.dtype == np.float64


def test_bool_crs_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        est.transform([18.0], [59.0], True, 3006)  # type: ignore[arg-type]


def test_crs_info() -> None:
    info = est.crs_info("EPSG:3006")
    assert info["epsg"] == 3006
    assert info["name"] == "SWEREF99 TM"
    assert info["geographic"] is False
    assert set(info["area_of_use"]) == {"lon_min", "lon_max", "lat_min", "lat_max"}
    assert est.crs_info(4326)["geographic"] is True
    with pytest.raises(est.CrsError) as e:
        est.crs_info(9999)
    assert e.value.code == "CRS_UNKNOWN_EPSG"
