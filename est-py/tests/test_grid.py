"""est.Grid and est.StudyArea on the sample town: layout, counts, clipping, GeoJSON export."""

from __future__ import annotations

import json

import numpy as np
import pytest

import est

#: The sample town lies around 17.77–17.90 E, 59.56–59.63 N. A pentagon (WGS 84) over its
#: middle, with slanted edges so that clipping cuts cells.
STUDY_AREA = json.dumps(
    {
        "type": "Feature",
        "properties": {"name": "Centrum"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [
                    [17.80, 59.580],
                    [17.87, 59.585],
                    [17.875, 59.615],
                    [17.835, 59.625],
                    [17.805, 59.610],
                    [17.80, 59.580],
                ]
            ],
        },
    }
)

#: Relative tolerance for sums of cut-cell areas against the study area (polygon clipping in
#: double precision).
AREA_RTOL = 1e-9


@pytest.fixture(scope="module")
def town() -> est.Incidents:
    return est.sample_town(3000, 1)


@pytest.fixture(scope="module")
def grid(town: est.Incidents) -> est.Grid:
    return est.Grid.for_incidents(town)


@pytest.fixture(scope="module")
def area() -> est.StudyArea:
    return est.StudyArea.from_geojson(STUDY_AREA)


def test_counts_sum_plus_outside_is_n(town: est.Incidents, grid: est.Grid) -> None:
    result = grid.counts(town.x, town.y)
    assert isinstance(result, est.CellCounts)
    assert result.counts.dtype == np.float64 and result.counts.shape == (grid.n_cells,)
    assert len(result) == grid.n_cells
    assert result.counts.sum() + result.outside == len(town)
    assert result.outside == 0 and result.total == len(town)
    np.testing.assert_array_equal(grid.counts_for(town).counts, result.counts)
    # Points off the grid are counted outside.
    x = np.append(town.x, grid.extent[2] + 10 * grid.cell_size)
    y = np.append(town.y, grid.extent[3])
    off = grid.counts(x, y)
    assert off.outside == 1 and off.counts.sum() + off.outside == len(town) + 1
    # Weighted: sums of weights, the rest in outside_weight.
    w = np.linspace(0.5, 2.0, len(x))
    weighted = grid.counts(x, y, w)
    assert weighted.outside == 1 and weighted.outside_weight == pytest.approx(w[-1])
    assert weighted.counts.sum() + weighted.outside_weight == pytest.approx(w.sum())
    with pytest.raises(est.GridError) as info:
        grid.counts(x, y, w[:-1])
    assert info.value.code == "GRID_WEIGHTS_LENGTH"
    with pytest.raises(est.GridError) as info:
        grid.counts([np.nan], [6_610_000.0])
    assert info.value.code == "GRID_NOT_FINITE"


def test_counts_match_numpy_binning(town: est.Incidents, grid: est.Grid) -> None:
    x0, y0 = grid.origin
    col = np.floor((town.x - x0) / grid.cell_size).astype(np.int64)
    row = np.floor((town.y - y0) / grid.cell_size).astype(np.int64)
    expected = np.bincount(row * grid.ncol + col, minlength=grid.ncol * grid.nrow)
    np.testing.assert_array_equal(grid.counts(town.x, town.y).counts, expected)
    for i in range(0, len(town), 97):
        assert grid.cell_of(town.x[i], town.y[i]) == row[i] * grid.ncol + col[i]
    assert grid.cell_of(0.0, 0.0) is None


def test_auto_cell_size_is_recorded(town: est.Incidents, grid: est.Grid) -> None:
    min_x, min_y, max_x, max_y = grid.extent
    assert (min_x, max_x) == (town.x.min(), town.x.max())
    assert (min_y, max_y) == (town.y.min(), town.y.max())
    assert grid.cell_size == est.auto_cell_size(max_x - min_x, max_y - min_y) == 100.0
    params = {p["name"]: p for p in grid.params_used}
    assert params["cell_size_m"] == {
        "name": "cell_size_m",
        "value": grid.cell_size,
        "source": "auto",
        "rule": "min_side/50, floor to 100 m",
    }
    assert params["shape"]["source"] == "default" and params["shape"]["value"] == "square"
    assert params["max_cells"] == {
        "name": "max_cells", "value": 10_000_000, "source": "default", "rule": None,
    }
    assert grid.origin == (min_x - 50.0, min_y - 50.0)
    assert grid.shape == "square" and grid.crs == 3006 and grid.clip_mode is None
    assert len(grid) == grid.n_cells == grid.ncol * grid.nrow
    np.testing.assert_array_equal(grid.cells, np.arange(grid.n_cells, dtype=np.uint32))
    assert grid.cells.dtype == np.uint32
    np.testing.assert_array_equal(grid.inside_fraction, np.ones(grid.n_cells))
    np.testing.assert_allclose(grid.areas, np.full(grid.n_cells, 100.0 * 100.0))
    assert grid.warnings == []
    assert "square 100 m cells" in repr(grid)

    user = est.Grid.for_incidents(town, cell_size=250)
    assert user.cell_size == 250.0
    (cell,) = [p for p in user.params_used if p["name"] == "cell_size_m"]
    assert cell == {"name": "cell_size_m", "value": 250.0, "source": "user", "rule": None}


def test_auto_cell_size_function() -> None:
    assert est.auto_cell_size(31_674.2, 28_558.27) == 500.0
    assert est.auto_cell_size(4_000.0, 3_000.0) == 60.0
    with pytest.raises(est.GridError) as info:
        est.auto_cell_size(1_000.0, 0.0)
    assert info.value.code == "GRID_DEGENERATE_EXTENT"


def test_from_extent_and_limits() -> None:
    g = est.Grid.from_extent(670_000.0, 6_580_000.0, 672_000.0, 6_581_000.0, "EPSG:3006",
                             cell_size=250)
    assert (g.ncol, g.nrow, g.n_cells) == (9, 5, 45)
    assert g.cell_of(670_000.0, 6_580_000.0) == 0
    xs, ys = g.centroids()
    assert (xs[0], ys[0]) == (670_000.0, 6_580_000.0)
    with pytest.raises(est.GridError) as info:
        est.Grid.from_extent(1.0, 0.0, 0.0, 1.0, 3006, cell_size=1)
    assert info.value.code == "GRID_INVALID_EXTENT"
    with pytest.raises(est.GridError) as info:
        est.Grid.from_extent(600_000.0, 6_500_000.0, 610_000.0, 6_510_000.0, 3006,
                             cell_size=100, max_cells=1000)
    assert info.value.code == "GRID_TOO_MANY_CELLS"
    assert "cell size of at least" in str(info.value)
    big = est.Grid.from_extent(600_000.0, 6_500_000.0, 610_000.0, 6_510_000.0, 3006,
                               cell_size=100, warn_cells=1000)
    assert len(big.warnings) == 1 and "10201 cells" in big.warnings[0]


def test_hexagon_grid(town: est.Incidents) -> None:
    hexes = est.Grid.for_incidents(town, shape="hexagon", cell_size=300)
    assert hexes.shape == "hexagon" and hexes.cell_size == 300.0
    params = {p["name"]: p for p in hexes.params_used}
    assert params["shape"] == {"name": "shape", "value": "hexagon", "source": "user",
                               "rule": None}
    # Margin cells that do not touch the extent are inactive; every point is in a cell.
    assert 0 < hexes.n_cells <= hexes.ncol * hexes.nrow
    counts = hexes.counts_for(town)
    assert counts.outside == 0 and counts.counts.sum() == len(town)
    np.testing.assert_allclose(hexes.areas, np.full(hexes.n_cells, np.sqrt(3) / 2 * 300**2))
    # A point belongs to the hexagon with the nearest centre.
    cx, cy = hexes.centroids()
    cells = hexes.cells
    for i in range(0, len(town), 151):
        d2 = (cx - town.x[i]) ** 2 + (cy - town.y[i]) ** 2
        assert hexes.cell_of(town.x[i], town.y[i]) == cells[np.argmin(d2)]
    doc = json.loads(hexes.to_geojson())
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    assert len(ring) == 7  # six corners, closed


def test_invalid_shape_and_mode(town: est.Incidents, grid: est.Grid,
                                area: est.StudyArea) -> None:
    with pytest.raises(ValueError, match='"square" or "hexagon"') as info:
        est.Grid.for_incidents(town, shape="triangle")  # type: ignore[arg-type]
    assert not isinstance(info.value, est.EstError)
    with pytest.raises(ValueError, match='"intersects", "centroid_inside" or "cut"') as info:
        grid.clip(area, mode="within")  # type: ignore[arg-type]
    assert not isinstance(info.value, est.EstError)


def test_study_area(area: est.StudyArea) -> None:
    assert area.crs == 3006 and area.n_polygons == 1
    # About 3.9 km × 4.5 km, a bit less for the slanted edges.
    assert 8e6 < area.area_m2 < 20e6
    assert "StudyArea" in repr(area)
    same = est.StudyArea.from_geojson(STUDY_AREA, crs="WGS84", target="EPSG:3006")
    assert same.area_m2 == area.area_m2
    local = est.StudyArea.from_geojson(STUDY_AREA, target=3011)  # SWEREF 99 18 00
    assert local.crs == 3011
    with pytest.raises(est.GridError) as info:
        est.StudyArea.from_geojson("{not json")
    assert info.value.code == "GRID_STUDY_AREA_JSON"
    with pytest.raises(est.GridError) as info:
        est.StudyArea.from_geojson('{"type": "Point", "coordinates": [17.8, 59.6]}')
    assert info.value.code == "GRID_STUDY_AREA_NOT_POLYGON"
    with pytest.raises(est.CrsError) as cinfo:
        est.StudyArea.from_geojson(STUDY_AREA, target=4326)
    assert cinfo.value.code == "CRS_NOT_METRIC"


@pytest.mark.parametrize("mode", ["intersects", "centroid_inside", "cut"])
def test_clip_modes(town: est.Incidents, grid: est.Grid, area: est.StudyArea,
                    mode: str) -> None:
    clipped = grid.clip(area, mode)  # type: ignore[arg-type]
    assert clipped.clip_mode == mode
    assert grid.clip_mode is None and grid.n_cells == grid.ncol * grid.nrow  # unchanged
    assert 0 < clipped.n_cells < grid.n_cells
    assert (clipped.ncol, clipped.nrow, clipped.origin) == (grid.ncol, grid.nrow, grid.origin)
    frac = clipped.inside_fraction
    assert frac.shape == (clipped.n_cells,)
    if mode == "centroid_inside":
        assert np.all((frac >= 0) & (frac <= 1))
    else:
        assert np.all((frac > 0) & (frac <= 1))
    assert np.any(frac < 1) and np.any(frac == 1)
    assert set(clipped.cells) <= set(grid.cells)
    assert np.all(np.diff(clipped.cells.astype(np.int64)) > 0)
    assert {"name": "clip_mode", "value": mode, "source": "user", "rule": None} in (
        clipped.params_used
    )
    counts = clipped.counts_for(town)
    assert counts.outside > 0
    assert counts.counts.sum() + counts.outside == len(town)
    # A point in a clipped-away cell has no cell.
    kept = set(clipped.cells.tolist())
    for i in range(0, len(town), 53):
        c = grid.cell_of(town.x[i], town.y[i])
        assert clipped.cell_of(town.x[i], town.y[i]) == (c if c in kept else None)
    if mode == "cut":
        # Cut cells tile the study area exactly.
        assert clipped.areas.sum() == pytest.approx(area.area_m2, rel=AREA_RTOL)
    with pytest.raises(est.GridError) as info:
        clipped.clip(area, mode)  # type: ignore[arg-type]
    assert info.value.code == "GRID_ALREADY_CLIPPED"


def test_clip_modes_relate(grid: est.Grid, area: est.StudyArea) -> None:
    inter = grid.clip(area, "intersects")
    centre = grid.clip(area, "centroid_inside")
    cut = grid.clip(area, "cut")
    np.testing.assert_array_equal(inter.cells, cut.cells)
    np.testing.assert_array_equal(inter.inside_fraction, cut.inside_fraction)
    assert set(centre.cells) <= set(inter.cells)
    assert cut.areas.sum() < inter.areas.sum() + 1e-6
    assert inter.n_cells * 100.0**2 > area.area_m2


def test_clip_errors(grid: est.Grid) -> None:
    far = json.dumps({"type": "Polygon", "coordinates": [[
        [13.0, 55.6], [13.1, 55.6], [13.1, 55.7], [13.0, 55.6]]]})
    with pytest.raises(est.GridError) as info:
        grid.clip(est.StudyArea.from_geojson(far))
    assert info.value.code == "GRID_NO_CELLS_IN_STUDY_AREA"
    with pytest.raises(est.GridError) as info:
        grid.clip(est.StudyArea.from_geojson(STUDY_AREA, target=3011))
    assert info.value.code == "GRID_CRS_MISMATCH"


def test_to_geojson(town: est.Incidents, grid: est.Grid, area: est.StudyArea) -> None:
    clipped = grid.clip(area, "cut")
    counts = clipped.counts_for(town).counts
    density = counts / (clipped.areas / 1e6)
    text = clipped.to_geojson({"n": counts, "per_km2": density, "rank": list(range(len(counts)))})
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == clipped.n_cells
    for k, f in enumerate(doc["features"]):
        props = f["properties"]
        assert set(props) == {"cell", "row", "col", "inside_fraction", "n", "per_km2", "rank"}
        assert props["cell"] == clipped.cells[k]
        assert props["row"] * clipped.ncol + props["col"] == props["cell"]
        assert props["n"] == counts[k] and props["rank"] == k
        assert props["inside_fraction"] == pytest.approx(clipped.inside_fraction[k])
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    lon, lat = np.array(doc["features"][0]["geometry"]["coordinates"][0]).T
    assert np.all((17.7 < lon) & (lon < 18.0)) and np.all((59.5 < lat) & (lat < 59.7))
    assert clipped.to_geojson_dict({"n": counts}) == json.loads(clipped.to_geojson({"n": counts}))
    assert clipped.__geo_interface__ == json.loads(clipped.to_geojson())
    # NaN is written as null.
    nan = np.full(clipped.n_cells, np.nan)
    assert json.loads(clipped.to_geojson({"x": nan}))["features"][0]["properties"]["x"] is None
    with pytest.raises(est.GridError) as info:
        clipped.to_geojson({"n": counts[:-1]})
    assert info.value.code == "GRID_COLUMN_LENGTH"
    with pytest.raises(est.GridError) as info:
        clipped.to_geojson({"cell": counts})
    assert info.value.code == "GRID_DUPLICATE_COLUMN"
    with pytest.raises(TypeError, match="1-D array-like"):
        clipped.to_geojson({"n": "abc"})  # type: ignore[dict-item]


def test_lonlat_incidents_are_refused(town: est.Incidents, grid: est.Grid) -> None:
    wgs = town.to_crs(4326)
    with pytest.raises(est.CrsError) as info:
        est.Grid.for_incidents(wgs)
    assert info.value.code == "CRS_NOT_METRIC"
    assert "metres" in str(info.value)
    with pytest.raises(est.CrsError) as info:
        est.Grid.from_points(wgs.x, wgs.y, 4326, cell_size=0.01)
    assert info.value.code == "CRS_NOT_METRIC"
    with pytest.raises(est.GridError) as ginfo:
        grid.counts_for(wgs)
    assert ginfo.value.code == "GRID_CRS_MISMATCH"
