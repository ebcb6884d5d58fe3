"""est.IncidentIndex against a NumPy brute-force oracle on the sample town."""

from __future__ import annotations

import json

import numpy as np
import pytest

import est

#: Seed of the random query locations (explicit, as the oracle tests of rstar do).
SEED = 20_260_101
#: Distances from the index and from NumPy are computed with the same formula; allow for
#: a different summation order only.
DIST_RTOL = 1e-12


@pytest.fixture(scope="module")
def town() -> est.Incidents:
    return est.sample_town(3000, 1)


@pytest.fixture(scope="module")
def index(town: est.Incidents) -> est.IncidentIndex:
    return est.IncidentIndex(town)


def queries(town: est.Incidents, n: int = 25) -> list[tuple[float, float]]:
    """Some incident positions (exact hits) and uniform points over the extent."""
    rng = np.random.default_rng(SEED)
    picks = [(float(town.x[i]), float(town.y[i])) for i in rng.choice(len(town), n // 2)]
    xs = rng.uniform(town.x.min() - 200, town.x.max() + 200, n - len(picks))
    ys = rng.uniform(town.y.min() - 200, town.y.max() + 200, n - len(picks))
    return picks + list(zip(xs.tolist(), ys.tolist()))


def test_len_and_repr(town: est.Incidents, index: est.IncidentIndex) -> None:
    assert len(index) == len(town)
    assert "3000 points" in repr(index) and "EPSG:3006" in repr(index)
    assert len(est.IncidentIndex.from_points([], [])) == 0


@pytest.mark.parametrize("radius", [0.0, 25.0, 150.0, 600.0])
def test_within_radius(town: est.Incidents, index: est.IncidentIndex, radius: float) -> None:
    for qx, qy in queries(town):
        got = index.within_radius(qx, qy, radius)
        assert got.dtype == np.uint32
        d2 = (town.x - qx) ** 2 + (town.y - qy) ** 2
        np.testing.assert_array_equal(got, np.flatnonzero(d2 <= radius * radius))


def test_in_bbox(town: est.Incidents, index: est.IncidentIndex) -> None:
    rng = np.random.default_rng(SEED + 1)
    for qx, qy in queries(town):
        w, h = rng.uniform(0, 1500, 2)
        box = (qx - w / 2, qy - h / 2, qx + w / 2, qy + h / 2)
        got = index.in_bbox(*box)
        assert got.dtype == np.uint32
        inside = (town.x >= box[0]) & (town.x <= box[2]) & (town.y >= box[1]) & (town.y <= box[3])
        np.testing.assert_array_equal(got, np.flatnonzero(inside))
    # A degenerate box on an incident finds it (closed box).
    x0, y0 = float(town.x[7]), float(town.y[7])
    assert 7 in index.in_bbox(x0, y0, x0, y0)


def test_in_polygon_rectangle(town: est.Incidents, index: est.IncidentIndex) -> None:
    min_x, min_y = np.quantile(town.x, 0.3), np.quantile(town.y, 0.2)
    max_x, max_y = np.quantile(town.x, 0.7), np.quantile(town.y, 0.6)
    ring = [[min_x, min_y], [max_x, min_y], [max_x, max_y], [min_x, max_y], [min_x, min_y]]
    rect = est.StudyArea.from_geojson(
        json.dumps({"type": "Polygon", "coordinates": [ring]}), crs=3006, target=3006
    )
    got = index.in_polygon(rect)
    assert got.dtype == np.uint32
    inside = (town.x >= min_x) & (town.x <= max_x) & (town.y >= min_y) & (town.y <= max_y)
    assert inside.sum() > 100
    np.testing.assert_array_equal(got, np.flatnonzero(inside))
    np.testing.assert_array_equal(got, index.in_bbox(min_x, min_y, max_x, max_y))
    # A study area in another CRS than the indexed incidents is refused.
    other = est.StudyArea.from_geojson(
        json.dumps({"type": "Polygon", "coordinates": [ring]}), crs=3006, target=3011
    )
    with pytest.raises(ValueError, match="target=3006"):
        index.in_polygon(other)


@pytest.mark.parametrize("k", [1, 5, 40])
def test_nearest(town: est.Incidents, index: est.IncidentIndex, k: int) -> None:
    for qx, qy in queries(town):
        ids, dist = index.nearest(qx, qy, k)
        assert ids.dtype == np.uint32 and dist.dtype == np.float64
        assert len(ids) == len(dist) == k
        assert np.all(np.diff(dist) >= 0), "distances must be sorted ascending"
        d2 = (town.x - qx) ** 2 + (town.y - qy) ** 2
        order = np.lexsort((np.arange(len(town)), d2))[:k]  # by distance, ties by row id
        np.testing.assert_allclose(dist, np.sqrt(d2[order]), rtol=DIST_RTOL, atol=0)
        np.testing.assert_array_equal(ids, order)


def test_nearest_more_than_indexed() -> None:
    idx = est.IncidentIndex.from_points([0.0, 3.0, 0.0], [0.0, 4.0, 1.0])
    ids, dist = idx.nearest(0.0, 0.0, 10)
    assert ids.tolist() == [0, 2, 1]
    assert dist.tolist() == [0.0, 1.0, 5.0]


def test_from_points_equals_incidents(town: est.Incidents, index: est.IncidentIndex) -> None:
    other = est.IncidentIndex.from_points(town.x, town.y)
    assert len(other) == len(index)
    assert repr(other) == "<IncidentIndex: 3000 points>"
    for qx, qy in queries(town, 8):
        np.testing.assert_array_equal(other.within_radius(qx, qy, 300.0),
                                      index.within_radius(qx, qy, 300.0))
        np.testing.assert_array_equal(other.nearest(qx, qy, 7)[0], index.nearest(qx, qy, 7)[0])
    # Lists and integer arrays work too.
    ints = est.IncidentIndex.from_points(np.array([1, 2, 3]), [1, 2, 3])
    assert ints.within_radius(2, 2, 1.5).tolist() == [0, 1, 2]


def test_bad_queries_raise_spatial_index_error(index: est.IncidentIndex) -> None:
    cases = [
        (lambda: index.within_radius(660_000.0, 6_610_000.0, -1.0), "INDEX_INVALID_RADIUS"),
        (lambda: index.within_radius(660_000.0, 6_610_000.0, float("nan")),
         "INDEX_INVALID_RADIUS"),
        (lambda: index.within_radius(float("nan"), 6_610_000.0, 10.0),
         "INDEX_INVALID_QUERY_POINT"),
        (lambda: index.nearest(660_000.0, 6_610_000.0, 0), "INDEX_INVALID_K"),
        (lambda: index.nearest(float("inf"), 6_610_000.0, 3), "INDEX_INVALID_QUERY_POINT"),
        (lambda: index.in_bbox(1.0, 0.0, 0.0, 1.0), "INDEX_INVALID_BOX"),
        (lambda: est.IncidentIndex.from_points([1.0, float("nan")], [1.0, 2.0]),
         "INDEX_NOT_FINITE"),
        (lambda: est.IncidentIndex.from_points([1.0, 2.0], [1.0]), "INDEX_LENGTH_MISMATCH"),
    ]
    for call, code in cases:
        with pytest.raises(est.SpatialIndexError) as info:
            call()
        exc = info.value
        assert type(exc) is est.SpatialIndexError
        assert isinstance(exc, est.EstError) and isinstance(exc, ValueError)
        assert not isinstance(exc, IndexError)
        assert exc.code == code, (code, str(exc))
    with pytest.raises(OverflowError):
        index.nearest(660_000.0, 6_610_000.0, -1)


def test_lonlat_incidents_are_refused(town: est.Incidents) -> None:
    with pytest.raises(est.CrsError) as info:
        est.IncidentIndex(town.to_crs(4326))
    assert info.value.code == "CRS_NOT_METRIC"
