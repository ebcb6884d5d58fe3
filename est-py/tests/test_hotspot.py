"""Hotspot methods through the Python API: Gi/Gi*, General G, Moran, multiple testing, KDE
and the one-call map, against the reference values of esda, statsmodels and scikit-learn.

Tolerances (stated per test):
* esda ``G_Local`` doctest z: 1e-8 absolute (the doctest prints 8 decimals).
* Synthetic 289-cell golden (esda 2.9.0 / statsmodels 0.15.0, ``tests/golden/
  gistar_synthetic_2k_500m.json``): Gi* z 1e-9 absolute, adjusted p 1e-12 absolute,
  global Moran I and General G 1e-12 relative, local Moran ``Is`` 1e-9 absolute.
* KDE (scikit-learn 1.9.1 ``KernelDensity`` and the direct quartic sum, ``tests/golden/
  kde_sample_town_2k_250m_h600.json``): 1e-9·|ref| + 1e-12·peak per cell.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import est
from conftest import FIXTURES, GOLDEN, ROOT

# --- esda G_Local doctest ------------------------------------------------------------------

X6 = [10.0, 20.0, 40.0, 15.0, 30.0, 30.0]
Y6 = [10.0, 10.0, 10.0, 20.0, 20.0, 30.0]
V6 = [2.0, 3.0, 3.2, 5.0, 8.0, 7.0]
GI_STAR_Z = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
GI_Z = [-1.0136729, -0.04361589, 1.31558703, -0.31412676, 1.15373986, 1.77833941]
TOL_DOCTEST = 1e-8


def test_esda_doctest_gi_star_and_gi() -> None:
    star = est.local_g(V6, X6, Y6, distance=15.0)
    assert isinstance(star, est.LocalG) and star.star and len(star) == 6
    np.testing.assert_allclose(star.z, GI_STAR_Z, rtol=0, atol=TOL_DOCTEST)
    gi = est.local_g(V6, X6, Y6, distance=15.0, star=False)
    assert not gi.star
    np.testing.assert_allclose(gi.z, GI_Z, rtol=0, atol=TOL_DOCTEST)
    for r in (star, gi):
        assert r.z.dtype == np.float64 and r.p_norm.dtype == np.float64
        assert r.p_sim is not None and r.p_sim.shape == (6,)
        assert np.all((r.p_sim > 0) & (r.p_sim <= 1))
        # p_norm is two-sided.
        np.testing.assert_allclose(
            r.p_norm, [math.erfc(abs(z) / math.sqrt(2)) for z in r.z], rtol=1e-12
        )
        assert r.islands.tolist() == [] and r.undefined.tolist() == []
        names = {p["name"] for p in r.params_used}
        assert {"star", "permutations", "seed", "ties", "alternative"} <= names
        assert r.g.shape == (6,)


def test_row_standardised_weights_give_the_same_z() -> None:
    """The Ord–Getis z does not change when a row is rescaled (esda's transform="R" z does)."""
    for star, want in ((True, GI_STAR_Z), (False, GI_Z)):
        row = est.local_g(V6, X6, Y6, distance=15.0, star=star, binary=False, permutations=0)
        np.testing.assert_allclose(row.z, want, rtol=0, atol=TOL_DOCTEST)
        binary = est.local_g(V6, X6, Y6, distance=15.0, star=star, permutations=0)
        np.testing.assert_allclose(row.z, binary.z, rtol=1e-12, atol=1e-12)
    # The same through a SpatialWeights object (with and without self weights).
    w = est.SpatialWeights.distance_band(X6, Y6, 15.0)
    assert w.n == len(w) == 6 and w.self_weights is None and w.style == "binary"
    for weights in (w, est.SpatialWeights.distance_band(X6, Y6, 15.0, self_weight=True)):
        for binary in (True, False):
            r = est.local_g(V6, weights=weights, binary=binary, permutations=0)
            np.testing.assert_allclose(r.z, GI_STAR_Z, rtol=0, atol=TOL_DOCTEST)
    r = est.local_g(
        V6, weights=est.SpatialWeights.distance_band(X6, Y6, 15.0, style="row"), star=False,
        permutations=0,
    )
    np.testing.assert_allclose(r.z, GI_Z, rtol=0, atol=TOL_DOCTEST)


def test_spatial_weights_views() -> None:
    w = est.SpatialWeights.distance_band(X6, Y6, 15.0)
    idx, wt = w.neighbours(4)
    assert idx.tolist() == [1, 2, 3, 5] and wt.tolist() == [1.0] * 4
    assert w.cardinalities.dtype == np.int64
    assert w.cardinalities.tolist() == [2, 3, 1, 3, 4, 1]
    neighbours, weights = w.to_lists()
    assert neighbours[4] == [1, 2, 3, 5] and len(weights) == 6
    with pytest.raises(IndexError):
        w.neighbours(6)
    row = w.row_standardised()
    assert row.neighbours(4)[1].tolist() == [0.25] * 4
    assert est.SpatialWeights.distance_band(X6, Y6, 15.0, style="row").style == "row"
    assert w.with_self_weights(1.0).self_weights is not None
    knn = est.SpatialWeights.knn(X6, Y6, 2)
    assert knn.cardinalities.tolist() == [2] * 6
    island = est.SpatialWeights.distance_band(X6 + [500.0], Y6 + [500.0], 15.0)
    assert island.islands.tolist() == [6]
    grid = est.Grid.from_extent(600_000, 6_500_000, 600_200, 6_500_200, 3006, cell_size=100)
    queen = est.SpatialWeights.grid_contiguity(grid, self_weight=True)
    rook = est.SpatialWeights.grid_contiguity(grid, "rook")
    assert queen.n == rook.n == grid.n_cells == 9
    assert queen.neighbours(4)[0].size == 8 and rook.neighbours(4)[0].size == 4
    assert "SpatialWeights" in repr(queen)
    with pytest.raises(est.HotspotError) as info:
        est.SpatialWeights.distance_band(X6, Y6, -1.0)
    assert info.value.code == "HOTSPOT_INVALID_PARAMETER"


def test_permutation_options() -> None:
    a = est.local_g(V6, X6, Y6, distance=15.0, seed=42)
    b = est.local_g(V6, X6, Y6, distance=15.0, seed=42)
    default = est.local_g(V6, X6, Y6, distance=15.0)
    explicit = est.local_g(V6, X6, Y6, distance=15.0, seed=0x5EED)
    assert a.p_sim is not None and b.p_sim is not None
    np.testing.assert_array_equal(a.p_sim, b.p_sim)
    assert default.p_sim is not None and explicit.p_sim is not None
    np.testing.assert_array_equal(default.p_sim, explicit.p_sim)
    assert est.local_g(V6, X6, Y6, distance=15.0, permutations=0).p_sim is None
    for alternative in ("two-sided", "greater", "lesser", "folded"):
        r = est.local_g(V6, X6, Y6, distance=15.0, alternative=alternative)  # type: ignore[arg-type]
        assert r.p_sim is not None and np.all((r.p_sim > 0) & (r.p_sim <= 1))


def test_ties_policy_on_a_zero_heavy_grid() -> None:
    """Cells whose whole neighbourhood is zero are not "cold spots" under est's default
    ties policy; esda's rule gives them p = 2/(R+1) (two-sided here)."""
    n = 20
    values = np.zeros(n * n)
    rng = np.random.default_rng(3)
    values[rng.choice(n * n, 25, replace=False)] = rng.integers(1, 5, 25)
    xs = np.tile(np.arange(n), n) * 100.0
    ys = np.repeat(np.arange(n), n) * 100.0
    ours = est.local_g(values, xs, ys, distance=100.0, permutations=999)
    esda = est.local_g(values, xs, ys, distance=100.0, permutations=999, ties="esda")
    assert ours.p_sim is not None and esda.p_sim is not None
    assert (esda.p_sim < 0.05).sum() > (ours.p_sim < 0.05).sum() + 50


# --- synthetic 289-cell golden (esda, statsmodels) ------------------------------------------


@pytest.fixture(scope="module")
def synthetic() -> dict[str, Any]:
    g: dict[str, Any] = json.loads((GOLDEN / "gistar_synthetic_2k_500m.json").read_text())
    return g


def lattice(g: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell i at column i % 17, row i // 17, 500 m cells."""
    grid = g["input"]["grid"]
    ncols, cell = grid["ncols"], grid["cell"]
    values = np.asarray(g["values"], dtype=float)
    i = np.arange(values.size)
    return values, (i % ncols) * cell, (i // ncols) * cell


def test_synthetic_gi_star_moran_general_g(synthetic: dict[str, Any]) -> None:
    values, xs, ys = lattice(synthetic)
    assert values.size == 289
    for key, band in (("distance", 500.0), ("queen", 500.0 * math.sqrt(2) * (1 + 1e-9))):
        res = synthetic["results"][key]
        gi = est.local_g(values, xs, ys, distance=band, permutations=0)
        np.testing.assert_allclose(gi.z, res["gi_star"]["Zs"], rtol=0, atol=1e-9)
        np.testing.assert_allclose(gi.g, res["gi_star"]["Gs"], rtol=1e-9, atol=0)
        np.testing.assert_allclose(
            gi.p_norm, res["gi_star"]["p_norm_two_sided"], rtol=1e-9, atol=1e-15
        )
        plain = est.local_g(values, xs, ys, distance=band, star=False, permutations=0)
        np.testing.assert_allclose(plain.z, res["gi"]["Zs"], rtol=0, atol=1e-9)
        m = est.moran(values, xs, ys, distance=band, permutations=0)
        assert m.p_sim is None
        assert m.i == pytest.approx(res["moran"]["I"], rel=1e-12, abs=0)
        assert m.z_rand == pytest.approx(res["moran"]["z_rand"], rel=1e-9)
        assert m.z_norm == pytest.approx(res["moran"]["z_norm"], rel=1e-9)
        gg = est.general_g(values, xs, ys, distance=band, permutations=0)
        assert gg.g == pytest.approx(res["general_g"]["G"], rel=1e-12, abs=0)
        assert gg.expected == pytest.approx(res["general_g"]["EG"], rel=1e-12, abs=0)
        assert gg.z == pytest.approx(res["general_g"]["z_norm"], rel=1e-9)
        assert gg.p_norm_one_sided == pytest.approx(res["general_g"]["p_norm"], rel=1e-6)
        lm = est.local_moran(values, xs, ys, distance=band, permutations=99)
        np.testing.assert_allclose(lm.i, res["moran_local"]["Is"], rtol=0, atol=1e-9)
        np.testing.assert_allclose(lm.variance, res["moran_local"]["VI"], rtol=1e-9, atol=1e-12)
        assert lm.quadrants.dtype == np.int8
        assert lm.quadrants.tolist() == res["moran_local"]["q"]
        assert set(lm.cluster_labels) <= {
            "High-High", "Low-High", "Low-Low", "High-Low", "Insignificant"
        }
        assert lm.p_sim is not None and lm.clusters.dtype == np.int8


def test_synthetic_multiple_testing_statsmodels(synthetic: dict[str, Any]) -> None:
    """statsmodels 0.15.0 multipletests on the golden's three p-vectors, 1e-12 absolute."""
    mt = synthetic["results"]["distance"]["multiple_testing"]
    src = synthetic["results"]["distance"]["gi_star"]
    vectors = {
        "gi_star_p_norm_two_sided": src["p_norm_two_sided"],
        "gi_star_p_sim_two_sided": src["p_sim_two_sided"],
        "gi_star_p_sim_directed": src["p_sim_directed"],
    }
    checked = 0
    for name, p in vectors.items():
        for method in ("fdr_bh", "fdr_by", "holm", "bonferroni"):
            got = est.adjust_pvalues(p, method)
            assert got.dtype == np.float64
            np.testing.assert_allclose(got, mt[name][method]["p_adjusted"], rtol=0, atol=1e-12)
            checked += 1
        assert est.esda_fdr(p, mt["alpha"]) == pytest.approx(
            mt[name]["esda_fdr_cutoff"], rel=1e-12
        )
    assert checked == 12
    # Our own two-sided p gives the same BH adjustment as esda's to 1e-9.
    values, xs, ys = lattice(synthetic)
    gi = est.local_g(values, xs, ys, distance=500.0, permutations=0)
    np.testing.assert_allclose(
        est.adjust_pvalues(gi.p_norm),
        mt["gi_star_p_norm_two_sided"]["fdr_bh"]["p_adjusted"],
        rtol=1e-9,
        atol=1e-15,
    )


def test_adjust_pvalues_nan_is_not_tested() -> None:
    p = [0.01, math.nan, 0.04, 0.03]
    got = est.adjust_pvalues(p, "bonferroni")
    assert math.isnan(got[1])
    np.testing.assert_allclose(got[[0, 2, 3]], [0.03, 0.12, 0.09], rtol=1e-15)
    np.testing.assert_array_equal(est.adjust_pvalues(p, "none")[[0, 2, 3]], [0.01, 0.04, 0.03])
    assert est.adjust_pvalues(np.array([], dtype=float)).size == 0


# --- kernel density (scikit-learn, direct quartic sum) --------------------------------------

KERNELS = (
    ("epanechnikov", "epanechnikov"),
    ("gaussian", "gaussian"),
    ("tophat", "uniform"),
    ("linear", "triangular"),
    ("quartic", "quartic"),
)


def test_kde_matches_sklearn_and_direct_sum() -> None:
    g = json.loads((GOLDEN / "kde_sample_town_2k_250m_h600.json").read_text())
    inc = est.read_incidents(FIXTURES / "sample_town_2k_seed7.csv", crs=3006)
    assert len(inc) == g["n_points"]
    grid = est.Grid.for_incidents(inc, cell_size=250)
    assert (grid.ncol, grid.nrow) == (g["grid"]["ncols"], g["grid"]["nrows"])
    assert grid.origin[0] == pytest.approx(g["grid"]["origin_x"], abs=1e-6)
    assert grid.origin[1] == pytest.approx(g["grid"]["origin_y"], abs=1e-6)
    h = g["params"]["bandwidth"]
    for ref_key, kernel in KERNELS:
        surface = est.kde(inc, grid=grid, kernel=kernel, bandwidth=h, gaussian_cutoff=math.inf)
        assert isinstance(surface, est.Kde)
        assert surface.kernel == kernel and surface.bandwidth_m == h
        want = np.asarray(g["results"][ref_key]["intensity_per_km2"], dtype=float)
        got = surface.density_per_km2
        peak = want.max()
        assert got.shape == want.shape
        bad = np.abs(got - want) > 1e-9 * np.abs(want) + 1e-12 * peak
        assert not bad.any(), (ref_key, np.flatnonzero(bad)[:5])
        np.testing.assert_allclose(
            surface.expected_per_cell, got * grid.areas / 1e6, rtol=1e-12, atol=1e-300
        )
        if ref_key == "quartic":
            np.testing.assert_allclose(
                surface.kernel_sum, g["results"]["quartic"]["quartic_unscaled"],
                rtol=1e-9, atol=1e-12,
            )
    # Bare arrays and the incidents give the same surface; the scikit-learn alias names work.
    a = est.kde(inc.x, inc.y, grid=grid, bandwidth=h)
    b = est.kde(inc, grid=grid, bandwidth=h, kernel="biweight")
    np.testing.assert_array_equal(a.density_per_km2, b.density_per_km2)


def test_kde_defaults_rules_and_lonlat() -> None:
    inc = est.sample_town(1000, 2)
    surface = est.kde(inc)
    rule = est.bandwidth(inc.x, inc.y)
    assert surface.bandwidth_m == pytest.approx(rule, rel=1e-12)
    assert surface.grid.n_cells == len(surface) > 0
    names = {p["name"] for p in surface.params_used}
    assert "kernel" in names
    for name in ("nrd", "silverman", "esri"):
        assert est.bandwidth(inc.x, inc.y, rule=name) > 0  # type: ignore[arg-type]
        assert est.kde(inc, bandwidth=name, adjust=0.5).bandwidth_m == pytest.approx(
            0.5 * est.bandwidth(inc.x, inc.y, rule=name), rel=1e-12  # type: ignore[arg-type]
        )
    # lon/lat incidents are transformed to SWEREF 99 TM explicitly: same surface.
    lonlat = inc.to_crs(4326)
    c = est.kde(lonlat, grid=surface.grid)
    np.testing.assert_allclose(c.density_per_km2, surface.density_per_km2, rtol=1e-6,
                               atol=1e-9 * surface.density_per_km2.max())
    d = est.kde(lonlat)
    assert d.grid.crs == 3006
    # Arrays without a grid need a CRS.
    with pytest.raises(ValueError, match="crs"):
        est.kde(inc.x, inc.y)
    e = est.kde(inc.x, inc.y, crs=3006)
    np.testing.assert_array_equal(e.density_per_km2, surface.density_per_km2)
    with pytest.raises(ValueError, match="y and crs must be None"):
        est.kde(inc, inc.y)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bandwidth"):
        est.kde(inc, bandwidth=True)  # type: ignore[arg-type]
    weighted = est.kde(inc, grid=surface.grid, weights=np.full(len(inc), 2.0))
    np.testing.assert_allclose(weighted.density_per_km2, 2 * surface.density_per_km2,
                               rtol=1e-12)


# --- the one-call map ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def town_map() -> est.HotspotMap:
    return est.hotspots(est.sample_town(3000, 1))


def test_hotspots_sample_town(town_map: est.HotspotMap) -> None:
    m = town_map
    n = m.grid.n_cells
    assert len(m) == n
    assert m.counts.sum() == 3000
    assert 3 in m.classes.tolist()
    assert m.classes.dtype == np.int8
    for arr in (m.counts, m.density_per_km2, m.expected, m.z, m.p, m.p_adjusted):
        assert arr.shape == (n,) and arr.dtype == np.float64
    assert m.p_sim is not None and m.p_sim.shape == (n,)
    counts = m.class_counts
    assert sorted(counts) == [-3, -2, -1, 0, 1, 2, 3] and sum(counts.values()) == n
    assert counts[3] == int((m.classes == 3).sum())
    np.testing.assert_allclose(m.p_adjusted, est.adjust_pvalues(m.p, "fdr_bh"), rtol=1e-15)
    names = {p["name"] for p in m.params_used}
    assert {"cell_size_m", "neighbourhood", "permutations", "seed", "adjustment"} <= names
    assert isinstance(m.warnings, list)
    assert isinstance(m.gi_star, est.LocalG) and isinstance(m.kde, est.Kde)
    assert "HotspotMap" in repr(m)


def test_hotspots_exports(town_map: est.HotspotMap) -> None:
    m = town_map
    df = m.to_pandas()
    assert list(df.columns) == [
        "cell", "row", "col", "x", "y", "lon", "lat", "count", "density_per_km2", "expected",
        "gi_z", "gi_p", "gi_p_sim", "gi_p_adjusted", "gi_class",
    ]
    assert len(df) == m.grid.n_cells
    assert df["count"].sum() == 3000
    assert (df["cell"].to_numpy() == m.grid.cells).all()
    cx, cy = m.grid.centroids()
    np.testing.assert_array_equal(df["x"].to_numpy(), cx)
    np.testing.assert_array_equal(df["y"].to_numpy(), cy)
    assert ((df["lon"] > 10) & (df["lon"] < 25) & (df["lat"] > 55) & (df["lat"] < 70)).all()
    assert (df["cell"] == df["row"] * m.grid.ncol + df["col"]).all()
    fc = json.loads(m.to_geojson())
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == m.grid.n_cells
    assert all("gi_class" in f["properties"] for f in fc["features"])
    classes = [f["properties"]["gi_class"] for f in fc["features"]]
    assert classes == m.classes.tolist()
    assert m.__geo_interface__ == fc


def test_to_geopandas_without_geopandas(town_map: est.HotspotMap) -> None:
    try:
        import geopandas  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="geopandas"):
            town_map.to_geopandas()
    else:  # pragma: no cover - geopandas is not in the test environment
        gdf = town_map.to_geopandas()
        assert len(gdf) == town_map.grid.n_cells


def test_hotspots_deterministic_and_options() -> None:
    inc = est.sample_town(2000, 4)
    a = est.hotspots(inc, seed=9, permutations=199)
    b = est.hotspots(inc, seed=9, permutations=199)
    assert a.p_sim is not None and b.p_sim is not None
    np.testing.assert_array_equal(a.p_sim, b.p_sim)
    np.testing.assert_array_equal(a.classes, b.classes)
    none = est.hotspots(inc, permutations=0)
    assert none.p_sim is None
    assert np.isnan(none.to_pandas()["gi_p_sim"]).all()
    assert "gi_p_sim" not in json.loads(none.to_geojson())["features"][0]["properties"]
    rook = est.hotspots(inc, neighbourhood="rook", permutations=0, cell_size=250)
    band = est.hotspots(inc, neighbourhood=250.0, permutations=0, cell_size=250)
    np.testing.assert_allclose(rook.z, band.z, rtol=1e-12, atol=1e-12)
    assert rook.grid.cell_size == 250
    perm = est.hotspots(inc, class_p="permutation", adjustment="none", permutations=99)
    assert perm.p_sim is not None
    np.testing.assert_array_equal(perm.p_adjusted, perm.p_sim)
    with pytest.raises(est.HotspotError):
        est.hotspots(inc, class_p="permutation", permutations=0)
    with pytest.raises(est.StatsError):
        est.hotspots(inc, adjustment="sidak", permutations=0)
    with pytest.raises(est.HotspotError):
        est.hotspots(inc, kernel="cosine", permutations=0)


# --- real data: Memphis robberies 2019 (sfhotspot) ------------------------------------------


def memphis_csv() -> Path | None:
    env = os.environ.get("EST_REAL_DATA")
    candidates = [ROOT.parent / "shared" / "data" / "real"]
    if env:
        candidates.insert(0, Path(env))
    for base in candidates:
        path = base / "memphis_robberies" / "memphis_robberies.csv"
        if path.is_file():
            return path
    return None


def test_memphis_robberies_one_call_map() -> None:
    path = memphis_csv()
    if path is None:
        pytest.skip(
            "real data absent: ../shared/data/real/memphis_robberies/memphis_robberies.csv "
            "(or $EST_REAL_DATA/memphis_robberies/memphis_robberies.csv)"
        )
    taxonomy = est.Taxonomy.default()
    taxonomy.add_alias("personal robbery", "ran")  # the only offense_type in the file
    inc = est.read_incidents(
        path,
        columns={"id": "uid", "category": "offense_type", "time": "timestamp",
                 "lon": "lon", "lat": "lat"},
        on_error="collect",
        taxonomy=taxonomy,
    )
    assert inc.crs == 4326
    assert inc.errors == [], inc.errors[:3]
    assert len(inc) == 2245
    assert set(inc.categories) == {"ran"}
    utm = inc.to_crs(32615)  # WGS 84 / UTM zone 15N, metres
    m = est.hotspots(utm)
    cell = {p["name"]: p for p in m.params_used}["cell_size_m"]
    hot = {k: v for k, v in m.class_counts.items() if k > 0}
    print(
        f"\nMemphis robberies 2019: {len(inc)} incidents read from {path} "
        f"(lon/lat, alias 'personal robbery' -> ran), projected to EPSG:32615; "
        f"hotspots(): {m.grid.n_cells} cells of {m.grid.cell_size:g} m "
        f"({cell['source']}: {cell.get('rule')}), bandwidth {m.kde.bandwidth_m:.0f} m, "
        f"class counts {m.class_counts}"
    )
    assert m.grid.crs == 32615
    assert m.counts.sum() == len(inc)
    assert m.grid.cell_size == 500  # method reference §2.1: memphis_robberies → L = 500
    assert cell["source"] == "auto"
    assert sum(hot.values()) > 0
