"""The time methods through Python: calendar periods, the space-time cube, Mann–Kendall
(pymannkendall goldens), emerging hot spots, Chainey classes, change, early warning, the
space-time scan, the Knox test (observed pairs against a brute-force numpy count) and
temporal profiles; the two-rate Poisson tests against statsmodels.

Goldens (tests/golden, provenance in its README): ``mk_cases.json`` and
``mk_sample_town_2k_500m_weekly.json`` (pymannkendall 1.4.3), ``ehsa_boston_k1.json``
(the rule table and pymannkendall on sfdep's Boston z values), ``rates_statsmodels.json``
(statsmodels 0.15.0, scipy 1.17.1) and ``knox_sample_town_2k.json`` (the project's
``ref_knox.py``, numpy).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import pytest

import est
from conftest import FIXTURES, GOLDEN

#: pymannkendall agreement, relative to max(1, |reference|) (the core's tolerance: different
#: summation order and normal tail).
TOL_MK = 1e-9
#: statsmodels / scipy agreement, relative (the core's `REL`).
REL = 1e-8
#: statsmodels' E-test truncates its grid at the 1 − 1e-13 quantile: absolute allowance.
ETEST_ABS = 1e-12
#: statsmodels' score interval comes from Nelder–Mead with xtol = 1e-8: absolute allowance.
SCORE_CI_ABS = 1e-7

UTC = dt.timezone.utc


def golden(name: str) -> Any:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def town2k() -> est.Incidents:
    """The project's fixture: SampleTown::new(2000, 7), SWEREF 99 TM."""
    return est.read_incidents(FIXTURES / "sample_town_2k_seed7.csv", crs=3006)


# --- periods -----------------------------------------------------------------------------------


def test_iso_weeks_in_stockholm_local_time() -> None:
    # Method reference §1.2: 23:30 UTC on Sunday is 00:30 on Monday in Stockholm.
    assert est.iso_week("2025-01-05T23:30:00Z") == (2025, 2)
    assert est.iso_week("2021-01-03T22:59:59Z") == (2020, 53)
    assert est.iso_week(dt.datetime(2021, 1, 3, 23, 0, tzinfo=UTC)) == (2021, 1)


def test_periods_tertials_with_partial_coverage() -> None:
    p = est.periods("tertial", "2025-12-31T23:00:00Z", "2026-10-31T23:00:00Z")
    assert isinstance(p, est.Periods) and len(p) == 3
    assert p.labels == ["2026-T1", "2026-T2", "2026-T3"]
    assert p.kind == "tertial" and p.zone == "Europe/Stockholm"
    assert p.coverage[0] == 1.0 and 0.49 < p.coverage[2] < 0.51
    assert p.index_of("2026-10-31T22:59:59Z") == 2
    assert p.index_of("2027-01-01T00:00:00Z") is None
    b = p[-1]
    assert isinstance(b, est.Bin) and b.label == "2026-T3"
    assert b.start == dt.datetime(2026, 8, 31, 22, 0, tzinfo=UTC)
    assert b.contains("2026-09-15T12:00:00Z") and not b.contains(b.end)
    assert p.starts.dtype == np.dtype("datetime64[s]")
    assert [x.label for x in p.bins] == p.labels
    assert "2026-T1" in repr(p)


def test_dst_days_last_23_and_25_hours() -> None:
    p = est.periods("dag", "2026-03-27T23:00:00Z", "2026-03-30T22:00:00Z")
    assert [b.seconds for b in p.bins] == [86_400, 82_800, 86_400]
    w = est.weeks_ending("2025-10-26T12:00:00Z", 2)
    assert w.labels == ["2025-W42", "2025-W43"] and w[1].seconds == 169 * 3_600


def test_custom_periods_need_a_length() -> None:
    p = est.periods(
        "custom", "2026-11-23T10:00:00Z", "2026-11-23T10:00:01Z", length_days=28,
        origin="2026-01-04T23:00:00Z",
    )
    assert p.labels == ["2026-11-09"] and p.kind == "custom"
    with pytest.raises(ValueError, match="length_days"):
        est.periods("custom", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
    with pytest.raises(ValueError, match="custom"):
        est.periods("week", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", length_days=7)
    with pytest.raises(est.TrendError) as info:
        est.periods("fortnight", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
    assert info.value.code == "TREND_INVALID_PARAMETER" and "fortnight" in str(info.value)
    with pytest.raises(est.TrendError) as info:
        est.periods("day", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
    assert info.value.code == "TREND_INVALID_PARAMETER"


# --- space-time cube ---------------------------------------------------------------------------


def test_cube_on_a_grid(town2k: est.Incidents) -> None:
    grid = est.Grid.for_incidents(town2k, cell_size=500)
    cube = est.cube(town2k, grid)
    assert isinstance(cube, est.SpaceTimeCube)
    assert cube.counts.shape == (grid.n_cells, 70) == (len(cube), cube.n_periods)
    assert cube.periods[0] == "2025-W30" and cube.periods[-1] == "2026-W47"
    assert cube.total == 2000.0 == cube.counts.sum()
    np.testing.assert_array_equal(cube.totals_per_location(), cube.counts.sum(axis=1))
    np.testing.assert_array_equal(cube.totals_per_period(), cube.counts.sum(axis=0))
    np.testing.assert_array_equal(cube.series(3), cube.counts[3])
    assert cube.rule == "all" and cube.crs == 3006 and cube.grid is not None
    assert cube.cell_ids is not None and cube.cell_ids.tolist() == grid.cells.tolist()
    cx, cy = grid.centroids()
    np.testing.assert_array_equal(cube.xy, np.column_stack([cx, cy]))
    # The cube's cells agree with the counts of the whole period.
    np.testing.assert_array_equal(cube.counts.sum(axis=1), grid.counts_for(town2k).counts)
    busy = est.cube(town2k, grid, locations="with_incidents")
    assert busy.rule == "with_incidents" and 0 < len(busy) < len(cube)
    assert (busy.counts.sum(axis=1) > 0).all()
    with pytest.raises(IndexError):
        cube.series(len(cube))
    with pytest.raises(ValueError, match="with_incidents"):
        est.cube(town2k, grid, locations="busy")  # type: ignore[arg-type]


def test_cube_periods_categories_and_pandas(town2k: est.Incidents) -> None:
    pytest.importorskip("pandas")
    grid = est.Grid.for_incidents(town2k, cell_size=1000)
    months = est.cube(town2k, grid, period="month", categories=["skadegorelse"])
    assert months.periods[0] == "2025-07" and months.bins.kind == "month"
    whole = est.counts(town2k, grid=grid, categories=["skadegorelse"]).counts
    np.testing.assert_array_equal(months.counts.sum(axis=1), whole)
    assert "skadegorelse" in months.selection
    q = est.periods("quarter", "2026-01-01T00:00:00+01:00", "2026-07-01T00:00:00+02:00")
    half = est.cube(town2k, grid, period=q)
    assert half.periods == ["2026-Q1", "2026-Q2"]
    df = half.to_pandas()
    assert list(df.columns) == ["location", "cell", "period", "start", "x", "y", "count"]
    assert len(df) == len(half) * 2 and df["count"].sum() == half.total
    assert str(df["start"].dt.tz) == "Europe/Stockholm"


def test_cube_for_named_areas(town2k: est.Incidents) -> None:
    x, y = town2k.x, town2k.y
    mx, my = float(np.median(x)), float(np.median(y))

    def square(x0: float, y0: float, x1: float, y1: float) -> est.StudyArea:
        ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
        text = json.dumps({"type": "Polygon", "coordinates": [ring]})
        return est.StudyArea.from_geojson(text, crs=3006, target=3006)

    areas = {"väst": square(x.min(), y.min(), mx, y.max() + 1), "öst": square(mx, y.min(), x.max() + 1, y.max() + 1)}
    cube = est.cube(town2k, areas, period="quarter")
    assert cube.labels == ["väst", "öst"] and cube.cell_ids is None and cube.grid is None
    direct = est.counts_per_area(town2k, areas)
    assert cube.counts.sum(axis=1).tolist() == [direct["väst"], direct["öst"]]
    wgs = est.StudyArea.from_geojson(
        json.dumps({"type": "Polygon", "coordinates": [[[17, 59], [18, 59], [18, 60], [17, 59]]]}),
        target=3010,
    )
    with pytest.raises(est.CrsError) as info:
        est.cube(town2k, {"fel": wgs})
    assert info.value.code == "CRS_MISMATCH"
    with pytest.raises(TypeError, match="Grid or a dict"):
        est.cube(town2k, [1, 2])  # type: ignore[arg-type]


# --- Mann–Kendall ------------------------------------------------------------------------------


def _mk_series(g: Any) -> list[list[float]]:
    out = []
    for row in g["series"]:
        vals = []
        for v in row:
            if v is None:
                break
            vals.append(v)
        out.append(vals)
    return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOL_MK * max(1.0, abs(b))


def _check_mk_golden(name: str) -> tuple[int, float]:
    g = golden(name)
    assert g["versions"]["pymannkendall"] == "1.4.3"
    r = g["results"]
    worst = 0.0
    series = _mk_series(g)
    for i, x in enumerate(series):
        assert len(x) == r["n"][i]
        mk = est.mann_kendall(x, g["params"]["alpha"])
        assert mk.n == len(x)
        assert mk.s == r["s"][i], (g["ids"][i], mk.s)
        assert round(mk.var_s * 18) == round(r["var_s"][i] * 18)
        assert mk.trend == r["trend"][i] and mk.h == r["h"][i]
        for key in ("p", "z", "Tau", "slope", "intercept", "var_s"):
            ours, theirs = getattr(mk, key), r[key][i]
            assert _close(ours, theirs), (g["ids"][i], key, ours, theirs)
            worst = max(worst, abs(ours - theirs) / max(1.0, abs(theirs)))
        assert mk.no_variation == (mk.var_s == 0)
    return len(series), worst


def test_mann_kendall_against_pymannkendall_hand_written_cases() -> None:
    n, worst = _check_mk_golden("mk_cases.json")
    assert n == 19 and worst <= TOL_MK


def test_mann_kendall_against_pymannkendall_sample_town_cube(town2k: est.Incidents) -> None:
    n, worst = _check_mk_golden("mk_sample_town_2k_500m_weekly.json")
    assert n == 289 and worst <= TOL_MK
    # The same cube made by est: same weekly counts per cell, same trends.
    g = golden("mk_sample_town_2k_500m_weekly.json")
    grid = est.Grid.for_incidents(town2k, cell_size=500)
    cube = est.cube(town2k, grid)
    assert grid.origin == pytest.approx((g["input"]["grid"]["origin_x"], g["input"]["grid"]["origin_y"]))
    assert cube.cell_ids is not None and cube.cell_ids.tolist() == g["ids"]
    np.testing.assert_array_equal(cube.counts, np.array(g["series"], dtype=float))
    mk = est.mann_kendall_cube(cube)
    assert mk.trend_names == g["results"]["trend"]
    assert mk.counts() == g["trend_counts"]
    np.testing.assert_allclose(mk.p, g["results"]["p"], rtol=TOL_MK, atol=TOL_MK)


def test_mann_kendall_direct_against_pymannkendall_when_installed() -> None:
    pymk = pytest.importorskip("pymannkendall")
    for x in _mk_series(golden("mk_cases.json")):
        ref = pymk.original_test(x)
        mk = est.mann_kendall(x)
        assert mk.trend == ref.trend and mk.h == ref.h and mk.s == ref.s
        for key in ("p", "z", "Tau", "var_s", "slope", "intercept"):
            assert _close(getattr(mk, key), getattr(ref, key)), key


def test_mann_kendall_result_reads_like_pymannkendall() -> None:
    x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]
    mk = est.mann_kendall(x)
    trend, h, p, z, Tau, s, var_s, slope, intercept = mk
    assert (trend, h, s, var_s) == ("increasing", True, 55.0, 399.0)
    assert slope == pytest.approx(4 / 9, abs=1e-15) and Tau == mk.tau
    d = mk._asdict()
    assert list(d) == ["trend", "h", "p", "z", "Tau", "s", "var_s", "slope", "intercept"]
    assert "MannKendall(trend=\"increasing\"" in repr(mk)
    flat = est.mann_kendall([0.0] * 8)
    assert flat.no_variation and flat.p == 1.0 and flat.trend == "no trend"
    lo, hi = est.sen_slope_ci(x)
    assert 0 < lo <= mk.slope <= hi


def test_mann_kendall_cube_equals_a_loop() -> None:
    rng = np.random.default_rng(20261123)
    values = rng.poisson(1.5, size=(200, 52)).astype(float)
    values[7] = 0.0
    many = est.mann_kendall_cube(values, alpha=0.1)
    assert isinstance(many, est.MannKendallCube) and len(many) == 200
    assert many.trend.dtype == np.int8 and many.h.dtype == np.bool_
    assert many.labels is None
    for i in range(200):
        one = est.mann_kendall(values[i], alpha=0.1)
        code = {"increasing": 1, "decreasing": -1, "no trend": 0}[one.trend]
        assert many.trend[i] == code and many.trend_names[i] == one.trend
        for key in ("p", "z", "Tau", "s", "var_s", "slope", "intercept"):
            assert getattr(many, key)[i] == getattr(one, key), (i, key)
        assert many[i].p == one.p
    assert many.no_variation[7] and many[-1].n == 52
    # Integer input and lists work too.
    assert est.mann_kendall_cube(values.astype(np.int64).tolist()).p.tolist() == est.mann_kendall_cube(values).p.tolist()


def test_mann_kendall_errors() -> None:
    with pytest.raises(est.TrendError) as info:
        est.mann_kendall([1.0, 2.0])
    assert info.value.code == "TREND_TOO_SHORT"
    with pytest.raises(est.TrendError) as info:
        est.mann_kendall([1.0, math.nan, 2.0, 3.0])
    assert info.value.code == "TREND_INVALID_VALUE" and "1" in str(info.value)
    with pytest.raises(est.TrendError) as info:
        est.mann_kendall([1.0, 2.0, 3.0], alpha=1.5)
    assert info.value.code == "TREND_INVALID_PARAMETER" and "alpha" in str(info.value)
    with pytest.raises(est.TrendError) as info:
        est.mann_kendall_cube(np.zeros((3, 2)))
    assert info.value.code == "TREND_TOO_SHORT"
    with pytest.raises(TypeError, match="2-D array"):
        est.mann_kendall_cube([1.0, 2.0, 3.0])


# --- emerging hot spots and Chainey classes ----------------------------------------------------


def test_classify_pattern_rule_table() -> None:
    hot = [False] * 7 + [True] * 3
    p = est.classify_pattern(hot, [False] * 10)
    assert (p.code, p.name, p.label_en, p.label_sv) == (
        2, "consecutive_hot", "consecutive hot spot", "sammanhängande hotspot"
    )
    assert p.is_emerging and p.is_hot and not p.is_cold
    assert est.classify_pattern([True] * 10, [False] * 10, up=True).name == "intensifying_hot"
    assert est.classify_pattern([False] * 10, [True] * 10, down=True).code == -3
    assert p == est.classify_pattern(np.array(hot), np.zeros(10, dtype=bool))
    assert len(est.emerging_patterns()) == 17
    assert {q.code for q in est.emerging_patterns()} == set(range(-8, 9))
    with pytest.raises(est.TrendError) as info:
        est.classify_pattern([True, True], [True, False])
    assert info.value.code == "TREND_INVALID_PARAMETER"
    with pytest.raises(est.TrendError) as info:
        est.classify_pattern([True], [False])
    assert info.value.code == "TREND_TOO_SHORT"


def test_rule_table_and_mann_kendall_on_the_boston_golden() -> None:
    """The Boston golden's significant bins and pymannkendall trends of Gi* z give its
    reference implementation of est's rule; z through mann_kendall_cube gives the trends."""
    g = golden("ehsa_boston_k1.json")
    bins = np.array(g["bins"])
    mk_ref = g["mann_kendall"]
    codes = []
    for i in range(len(bins)):
        trend = mk_ref["trend"][i]
        p = est.classify_pattern(
            bins[i] == 1, bins[i] == -1, up=trend == "increasing", down=trend == "decreasing"
        )
        codes.append(p.code)
    assert codes == g["est_rule_codes"]
    mk = est.mann_kendall_cube(np.array(g["gistar_z"]), alpha=g["params"]["alpha_trend"])
    assert mk.trend_names == mk_ref["trend"]
    for key in ("p", "z", "Tau", "s", "var_s", "slope", "intercept"):
        if key in mk_ref:
            np.testing.assert_allclose(getattr(mk, key), mk_ref[key], rtol=TOL_MK, atol=TOL_MK)


def _line_weights(n: int) -> est.SpatialWeights:
    return est.SpatialWeights.distance_band(np.arange(n, dtype=float), np.zeros(n), 1.0)


def test_emerging_hotspots_on_an_array() -> None:
    # The core's example: 25 locations on a line; 11–13 flare up in the last three of 12 steps.
    t = 12
    values = np.ones((25, t))
    values[11:14, 9:12] = 30.0
    e = est.emerging_hotspots(values, _line_weights(25))
    assert isinstance(e, est.EmergingHotspots) and len(e) == 25
    assert e.pattern_names[12] == "consecutive_hot" and e.patterns[12].code == 2
    assert e.pattern_names[0] == "no_pattern" and e.labels[0] == "location 0"
    assert e.z.shape == e.hot.shape == (25, t) and e.hot.dtype == np.bool_
    assert e.hot[12, 11] and not e.hot[0].any()
    assert e.location_rule is None and e.cell_ids is None
    assert e.codes.dtype == np.int8 and e.codes[12] == 2
    assert e.counts()["consecutive_hot"] >= 1 and sum(e.counts().values()) == 25
    assert isinstance(e.trend, est.MannKendallCube) and len(e.trend) == 25
    names = {p["name"] for p in e.params_used}
    assert {"time_steps", "alpha_bin", "alpha_trend", "adjustment"} <= names
    with pytest.raises(ValueError, match="weights="):
        est.emerging_hotspots(values)
    with pytest.raises(est.HotspotError) as info:
        est.emerging_hotspots(values, _line_weights(24))
    assert info.value.code.startswith("HOTSPOT_")
    with pytest.raises(est.StatsError):
        est.emerging_hotspots(values, _line_weights(25), adjustment="magic")
    with pytest.raises(est.TrendError) as info:
        est.emerging_hotspots(values, _line_weights(25), alpha_bin=0.0)
    assert info.value.code == "TREND_INVALID_PARAMETER"


def test_emerging_hotspots_on_a_cube(town2k: est.Incidents) -> None:
    grid = est.Grid.for_incidents(town2k, cell_size=500)
    cube = est.cube(town2k, grid)
    e = est.emerging_hotspots(cube)
    queen = est.SpatialWeights.grid_contiguity(grid, "queen")
    same = est.emerging_hotspots(cube.counts, queen)
    assert e.codes.tolist() == same.codes.tolist()
    np.testing.assert_array_equal(e.z, same.z)
    assert e.labels == cube.labels and e.location_rule == "all"
    assert e.cell_ids is not None and e.cell_ids.tolist() == grid.cells.tolist()
    # Cells with incidents only: contiguity among the kept cells.
    busy = est.cube(town2k, grid, locations="with_incidents")
    eb = est.emerging_hotspots(busy)
    assert len(eb) == len(busy) and eb.location_rule == "with_incidents"
    by_band = est.emerging_hotspots(busy, neighbourhood=750.0)
    assert len(by_band) == len(busy)


def test_emerging_to_pandas(town2k: est.Incidents) -> None:
    pytest.importorskip("pandas")
    grid = est.Grid.for_incidents(town2k, cell_size=500)
    e = est.emerging_hotspots(est.cube(town2k, grid))
    df = e.to_pandas()
    assert len(df) == len(e) and df["code"].tolist() == e.codes.tolist()
    assert df["pattern"].tolist() == e.pattern_names


def test_chainey_core_example() -> None:
    # 30 cells on a line, 10 periods; cells 14–16 are busy in the last two periods only.
    counts = np.ones((30, 10))
    counts[14:17, 8:10] = 20.0
    ch = est.chainey(counts, _line_weights(30))
    assert isinstance(ch, est.Chainey) and ch.recent_periods == 2
    assert ch.classes[15] == "emerging_hot" and ch.labels_en[15] == "emerging hotspot"
    assert ch.classes[0] == "no_pattern" and ch.labels_sv[0] == "inget mönster"
    assert ch.z.shape == (30, 10) and ch.sig_hot[15, 9]
    assert ch.hot_shares["recent"][15] == 1.0 and ch.hot_shares["older"][15] == 0.0
    assert ch.counts()["emerging_hot"] >= 1
    # A single period has no older periods.
    with pytest.raises(est.TrendError) as info:
        est.chainey(counts[:, :1], _line_weights(30))
    assert info.value.code == "TREND_NO_OLDER_PERIODS"
    hot = [[False] * 8 + [True, True], [True] * 3 + [False] * 7]
    cold = [[False] * 10, [False] * 10]
    assert est.classify_chainey(hot, cold) == ["emerging_hot", "former_hot"]


def test_chainey_on_a_cube(town2k: est.Incidents) -> None:
    grid = est.Grid.for_incidents(town2k, cell_size=500)
    cube = est.cube(town2k, grid, period="month")
    ch = est.chainey(cube)
    assert len(ch) == len(cube) and ch.labels == cube.labels
    assert sum(ch.counts().values()) == len(cube)


# --- change, early warning, scan ---------------------------------------------------------------


def test_change_against_statsmodels() -> None:
    g = golden("rates_statsmodels.json")["change"]
    c = est.change(
        g["before"], g["after"], g["length_before"], g["length_after"], labels=g["labels"],
        alpha=g["alpha"],
    )
    assert isinstance(c, est.Change) and len(c) == 8 and c.labels == g["labels"]
    assert c.untestable == 1
    for i, u in enumerate(g["units"]):
        assert bool(c.testable[i]) == u["testable"]
        if not u["testable"]:
            assert math.isnan(c.p[i]) and math.isnan(c.p_adjusted[i])
            continue
        for key in ("score_z", "p", "p_adjusted", "wheeler_z", "rate_ratio"):
            want = u[key]
            got = getattr(c, key)[i]
            if want is None:
                assert math.isinf(got), (u["label"], key)
            else:
                assert abs(got - want) <= REL * abs(want) + 1e-15, (u["label"], key, got, want)
    et = est.change(
        g["before"], g["after"], g["length_before"], g["length_after"], method="etest-wald"
    )
    for i, u in enumerate(g["units"]):
        if u["testable"]:
            assert et.p[i] == pytest.approx(u["p_etest_wald"], rel=REL, abs=ETEST_ABS)
            assert et.p_adjusted[i] == pytest.approx(u["p_etest_wald_adjusted"], rel=REL, abs=ETEST_ABS)
    assert c.labels[0] == "A" and est.change([1], [2], 1, 1).labels == ["unit 0"]
    assert c.boundary == dt.datetime(1970, 1, 1, tzinfo=UTC)
    with pytest.raises(est.TrendError) as info:
        est.change([1, 2.5], [1, 1], 7, 7)
    assert info.value.code == "TREND_INVALID_VALUE"
    with pytest.raises(est.TrendError) as info:
        est.change([1, 2], [1], 7, 7)
    assert info.value.code == "TREND_LENGTH_MISMATCH"
    with pytest.raises(est.StatsError) as info:
        est.change([1], [2], 7, 7, method="bayes")  # type: ignore[arg-type]
    assert info.value.code == "STATS_UNKNOWN_METHOD"


def test_change_for_grid(town2k: est.Incidents) -> None:
    pytest.importorskip("pandas")
    grid = est.Grid.for_incidents(town2k, cell_size=1000)
    mid = est.midpoint_boundary(town2k)
    assert isinstance(mid, dt.datetime) and mid.tzinfo is not None
    first, last = "2025-07-01T00:00:00Z", "2026-12-01T00:00:00Z"
    c = est.change_for_grid(town2k, grid, before=(first, mid), after=(mid, last))
    assert len(c) == grid.n_cells and c.boundary == mid
    assert c.before.sum() + c.after.sum() == 2000
    df = c.to_pandas()
    assert list(df.columns)[:3] == ["label", "before", "after"] and len(df) == len(c)
    with pytest.raises(est.TrendError) as info:
        est.change_for_grid(town2k, grid, before=(first, last), after=(mid, last))
    assert info.value.code == "TREND_INVALID_PARAMETER"
    with pytest.raises(TypeError, match="pair"):
        est.change_for_grid(town2k, grid, before=first, after=(mid, last))  # type: ignore[arg-type]


def test_early_warning_against_scipy_and_statsmodels() -> None:
    t = golden("rates_statsmodels.json")["early_warning_table"]
    inp = t["input"]
    counts = np.array(inp["counts"], dtype=float).reshape(
        len(inp["places"]), len(inp["categories"]), len(inp["weeks"])
    )
    for method, res in t["results"].items():
        ew = est.early_warning(
            counts, inp["places"], inp["categories"], inp["weeks"], alpha=inp["alpha"],
            min_count=inp["min_count"], method=method,
        )
        assert isinstance(ew, est.EarlyWarning) and ew.tested == res["tested"]
        by_unit = {(a.place, a.category): a for a in ew.all}
        flagged = {(a.place, a.category) for a in ew.alerts}
        for u in res["units"]:
            key = (u["place"], u["category"])
            if not u["tested"]:
                assert key not in by_unit
                continue
            a = by_unit[key]
            assert a.observed == u["observed"] and a.method == u["method"]
            assert a.expected == pytest.approx(u["expected"], rel=REL)
            assert a.p == pytest.approx(u["p"], rel=REL)
            assert a.p_adjusted == pytest.approx(u["p_adjusted"], rel=REL)
            assert a.z == pytest.approx(u["z"], rel=REL, abs=1e-15)
            assert (key in flagged) == u["flagged"]
    ew = est.early_warning(counts, inp["places"], inp["categories"], inp["weeks"])
    top = ew.alerts[0]
    assert top.rank == 1 and isinstance(top, est.Alert)
    assert top.sentence_sv.startswith(top.category_sv) and "händelser" in top.sentence_sv
    assert top.baseline.shape == (8,)
    with pytest.raises(est.TrendError) as info:
        est.early_warning(counts[:, :, :1], inp["places"], inp["categories"], inp["weeks"][:1])
    assert info.value.code == "TREND_TOO_SHORT"
    with pytest.raises(est.TrendError) as info:
        est.early_warning(counts, inp["places"], inp["categories"], inp["weeks"], method="magic")  # type: ignore[arg-type]
    assert info.value.code == "TREND_INVALID_PARAMETER"
    with pytest.raises(est.TaxonomyError):
        est.early_warning(counts, inp["places"], ["skadegorelse", "rymdskepp"], inp["weeks"])


def test_early_warning_core_example_and_pandas() -> None:
    pytest.importorskip("pandas")
    weeks = [f"2026-W{w:02d}" for w in range(1, 10)]
    ew = est.early_warning(
        [2, 0, 1, 3, 1, 2, 0, 1, 9], ["Ekparken"], ["skadegorelse"], weeks
    )
    assert (ew.tested, len(ew.alerts), ew.week) == (1, 1, "2026-W09")
    a = ew.alerts[0]
    assert a.sentence_sv == "Skadegörelse vid Ekparken: 9 händelser senaste veckan mot normalt 1,3"
    assert a.sentence_en == "Criminal damage at Ekparken: 9 incidents last week against a usual 1.3"
    df = ew.to_pandas()
    assert df["flagged"].tolist() == [True] and df["observed"].tolist() == [9]
    seasonal = est.early_warning(
        [2, 0, 1, 3, 1, 2, 0, 1, 9], ["Ekparken"], ["skadegorelse"], weeks,
        seasonal=(1, 2), min_baseline_weeks_with_data=0,
    )
    assert seasonal.insufficient_baseline == 1


def test_early_warning_for_areas(town2k: est.Incidents) -> None:
    x, y = town2k.x, town2k.y
    ring = [[x.min(), y.min()], [x.max() + 1, y.min()], [x.max() + 1, y.max() + 1],
            [x.min(), y.max() + 1], [x.min(), y.min()]]
    area = est.StudyArea.from_geojson(
        json.dumps({"type": "Polygon", "coordinates": [ring]}), crs=3006, target=3006
    )
    ew = est.early_warning_for_areas(town2k, {"hela staden": area}, "2026-11-20T12:00:00Z")
    assert ew.week == "2026-W47"
    assert ew.tested + ew.insufficient_baseline + ew.untestable >= 1
    with pytest.raises(est.TrendError) as info:
        est.early_warning_for_areas(town2k, {"hela staden": area}, "2030-01-01T00:00:00Z")
    assert info.value.code == "TREND_INVALID_PARAMETER"


def test_space_time_scan_finds_an_injected_cluster() -> None:
    # The core's example: 9 zones 100 m apart, 60 spread cases, 8 cases in zone 4 at the end.
    zx = [float(i % 3) * 100 for i in range(9)]
    zy = [float(i // 3) * 100 for i in range(9)]
    zone = [(i * 7) % 9 for i in range(60)] + [4] * 8
    day = [20_000 + (i * 11) % 28 for i in range(60)] + [20_026 + i % 2 for i in range(8)]
    s = est.space_time_scan(zx, zy, zone, day, max_radius_m=50.0, permutations=99)
    assert isinstance(s, est.Scan) and len(s) >= 1
    top = s.clusters[0]
    assert top.zones == [4] and top.observed >= 8 and top.p <= 0.05
    assert top.end_day == dt.date(1970, 1, 1) + dt.timedelta(days=20_027) == s.last_day
    assert top.recurrence_days == pytest.approx(1 / top.p)
    assert s.zone_xy.shape == (9, 2) and s.permutations == 99
    with pytest.raises(est.TrendError) as info:
        est.space_time_scan(zx, zy[:3], zone, day)
    assert info.value.code == "TREND_LENGTH_MISMATCH"


def test_scan_on_incidents(town2k: est.Incidents) -> None:
    grid = est.Grid.for_incidents(town2k, cell_size=250)
    s = est.scan(town2k, grid, permutations=49)
    assert s.days == 28 and all(c.end_day == s.last_day for c in s.clusters)
    assert s.zone_cells.shape == (s.zones,)
    again = est.scan(town2k, grid, permutations=49)
    assert [c.p for c in again.clusters] == [c.p for c in s.clusters]


# --- Knox ----------------------------------------------------------------------------------------


def brute_force_knox(x: np.ndarray, y: np.ndarray, t: np.ndarray, s: list[float],
                     u: list[float]) -> np.ndarray:
    """Observed pairs by the definition: every unordered pair, Manhattan distance, half-open
    bands."""
    i, j = np.triu_indices(len(x), k=1)
    d = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j])
    tau = np.abs(t[i] - t[j])
    out = np.zeros((len(s) - 1, len(u) - 1), dtype=np.int64)
    for k in range(len(s) - 1):
        in_s = (d >= s[k]) & (d < s[k + 1])
        for m in range(len(u) - 1):
            out[k, m] = int(np.count_nonzero(in_s & (tau >= u[m]) & (tau < u[m + 1])))
    return out


def test_knox_on_the_sample_town(town2k: est.Incidents) -> None:
    g = golden("knox_sample_town_2k.json")
    k = est.knox_incidents(town2k)
    assert isinstance(k, est.Knox) and k.n_events == 2000 == g["n_events"]
    assert k.permutations == 999 and k.seed == 0x5EED and k.metric == "manhattan"
    assert k.close_pairs == g["n_pairs_enumerated"]
    # Observed: exactly the reference's, and exactly a brute-force numpy count.
    np.testing.assert_array_equal(k.observed, np.array(g["observed"]))
    t_days = town2k.times.astype("int64") / 86_400.0
    brute = brute_force_knox(town2k.x, town2k.y, t_days, [0, 0.1, 200, 400, 600], [0, 7, 14, 21])
    np.testing.assert_array_equal(k.observed, brute)
    # Expected: the reference used numpy's generator, est ChaCha8; both are means of 999
    # replicates, so they differ by Monte-Carlo error: within 5 standard errors of the
    # difference of two independent means (sd·√(2/R)), plus 0.05 for the near-empty band.
    tol = 5 * k.sd * math.sqrt(2 / 999) + 0.05
    assert (np.abs(k.expected - np.array(g["sim_mean"])) <= tol).all()
    assert k.observed.dtype == np.int64 and k.ratio.shape == (4, 3)
    # The same through the plain-array form.
    again = est.knox(town2k.x, town2k.y, t_days, permutations=999)
    np.testing.assert_array_equal(again.observed, k.observed)
    np.testing.assert_array_equal(again.p, k.p)


def test_knox_small_and_errors() -> None:
    pytest.importorskip("pandas")
    k = est.knox([0.0, 50.0, 5000.0], [0.0, 0.0, 0.0], [0.0, 3.0, 100.0], permutations=99, seed=3)
    assert k.close_pairs == 1 and k.observed[1, 0] == 1 and 0 < k.p[1, 0] <= 1
    assert math.isnan(k.median_ratio[0, 0])
    df = k.to_pandas()
    assert len(df) == 12 and df["space_band"][3] == "[0.1, 200)"
    e = est.knox(
        [0.0, 50.0, 120.0], [0.0, 0.0, 0.0], [0.0, 3.0, 4.0], space_bands=[0, 100],
        time_bands=[0, 7, math.inf], metric="euclidean", permutations=9,
    )
    assert e.observed.shape == (1, 2) and e.metric == "euclidean"
    with pytest.raises(est.TrendError) as info:
        est.knox([0.0], [0.0], [0.0])
    assert info.value.code == "TREND_TOO_SHORT"
    with pytest.raises(est.TrendError) as info:
        est.knox([0.0, 1.0], [0.0, 1.0], [0.0, 1.0], metric="chebyshev")  # type: ignore[arg-type]
    assert info.value.code == "TREND_INVALID_PARAMETER" and "chebyshev" in str(info.value)
    with pytest.raises(est.TrendError) as info:
        est.knox([0.0, 1.0], [0.0, 1.0], [0.0, 1.0], space_bands=[0, 200, 100])
    assert info.value.code == "TREND_INVALID_PARAMETER"
    lonlat = est.sample_town(200, 1).to_crs(4326)
    with pytest.raises(est.CrsError) as info:
        est.knox_incidents(lonlat, permutations=9)
    assert info.value.code == "CRS_NOT_METRIC"


# --- profiles ------------------------------------------------------------------------------------


def test_profile_of_incidents(town2k: est.Incidents) -> None:
    p = est.profile(town2k)
    assert isinstance(p, est.TemporalProfile) and p.total == 2000.0 == p.hour.sum()
    assert p.hour_weekday.shape == (7, 24) and p.exposure.shape == (7, 24)
    np.testing.assert_allclose(p.hour_weekday.sum(axis=0), p.hour)
    np.testing.assert_allclose(p.hour_weekday.sum(axis=1), p.weekday)
    assert p.month_year.shape == (len(p.years), 12) and p.years == [2025, 2026]
    assert p.month_year.sum() == 2000.0 and p.iso_week.shape == (53,)
    assert p.exposure_window is not None and p.zone == "Europe/Stockholm"
    rates = p.rates_hour_weekday()
    np.testing.assert_allclose(rates, np.where(p.exposure > 0, p.hour_weekday / np.maximum(p.exposure, 1), 0))
    svg = p.to_svg()
    assert svg.startswith("<svg") and "Mån" in svg
    assert "Mon" in p.to_svg(lang="en") and "Dec" in p.to_svg("year_wheel", lang="en")
    assert est.heatmap_hour_weekday_svg(p) == svg
    assert est.year_wheel_svg(p, "en") == p.to_svg("year_wheel", lang="en")
    assert est.hour_bars_svg(p).startswith("<svg") and est.weekday_bars_svg(p, "en").startswith("<svg")
    assert "Ett" in est.bars_svg("Ett diagram", ["a", "b"], [1, 2])
    with pytest.raises(ValueError, match="hour_weekday"):
        p.to_svg("pie")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='"sv" or "en"'):
        p.to_svg(lang="de")  # type: ignore[arg-type]
    burglary = est.profile(town2k, categories=["inbrott"])
    assert 0 < burglary.total < 2000
    with pytest.raises(est.TrendError) as info:
        est.profile(town2k, start="2030-01-01T00:00:00Z")
    assert info.value.code == "TREND_EMPTY"


def test_aoristic_profile() -> None:
    # The core's example: Friday 18:00 to Monday 07:00 local (61 h), spread over 61 hours.
    start = 1_763_139_600  # 2025-11-14T17:00:00Z
    w = est.aoristic_profile(np.array([start]), np.array([start + 61 * 3_600]))
    assert w.total == pytest.approx(1.0, abs=1e-12)
    assert w.hour_weekday[4, 18] == pytest.approx(1 / 61, abs=1e-12)
    same = est.aoristic_profile(
        np.array(["2025-11-14T17:00:00"], dtype="datetime64[s]"),
        ["2025-11-17T06:00:00Z"],
    )
    np.testing.assert_allclose(same.hour_weekday, w.hour_weekday)
    s0, s61 = np.array([start]), np.array([start + 61 * 3_600])
    eq = est.aoristic_profile(s0, s61, method="equal")
    assert eq.method == "equal"
    long = est.aoristic_profile(s0, np.array([start + 200 * 3_600]))
    assert long.imprecise == 1.0 and long.total == 0.0
    with pytest.raises(est.TrendError) as info:
        est.aoristic_profile(s0 + 10, s0)
    assert info.value.code == "TREND_INVALID_VALUE"
    with pytest.raises(est.TrendError) as info:
        est.aoristic_profile(s0, s0, cap_hours=0.0)
    assert info.value.code == "TREND_INVALID_PARAMETER"
    with pytest.raises(ValueError, match="equal"):
        est.aoristic_profile(s0, s0, method="mean")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="timezone-aware"):
        est.aoristic_profile([start], [start])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="NaT"):
        est.aoristic_profile(np.array(["NaT"], dtype="datetime64[s]"), s0)


# --- two-rate Poisson tests ----------------------------------------------------------------------


def test_poisson_two_rate_tests_against_statsmodels() -> None:
    g = golden("rates_statsmodels.json")
    n = 0
    for case in g["two_rate"]:
        c1, e1, c2, e2 = case["c1"], case["e1"], case["c2"], case["e2"]
        for method, want in case["tests"].items():
            r = est.test_poisson_2indep(c1, e1, c2, e2, method=method)
            assert isinstance(r, est.TwoRateTest) and r.p == r.pvalue
            if want["statistic"] is None:
                assert not math.isfinite(r.statistic)
            else:
                assert abs(r.statistic - want["statistic"]) <= REL * abs(want["statistic"])
            abs_tol = ETEST_ABS if method.startswith("etest") else 0.0
            assert abs(r.p - want["pvalue"]) <= REL * abs(want["pvalue"]) + abs_tol, (case, method)
            n += 1
        for ci in case["ci"]:
            for key, kind, abs_tol in (("wald_log", "wald-log", 0.0), ("score", "score", SCORE_CI_ABS),
                                       ("exact", "exact", 0.0)):
                want = ci.get(key)
                if want is None:
                    continue
                rr = est.rate_ratio(c1, e1, c2, e2, ci=kind, alpha=ci["alpha"])  # type: ignore[arg-type]
                for got, w in ((rr.lower, want[0]), (rr.upper, want[1])):
                    if w is None:
                        assert math.isinf(got)
                    else:
                        assert abs(got - w) <= REL * abs(w) + abs_tol, (case, key)
    assert n == 26 * 6


def test_poisson_method_reference_values() -> None:
    # Method reference §9.5/§9.6 (statsmodels 0.15.0), printed to 8 and 6 decimals.
    t = est.test_poisson_2indep(30, 1, 50, 1)
    assert t.statistic == pytest.approx(-2.23606798, abs=5e-9) and t.p == pytest.approx(0.02534732, abs=5e-9)
    assert est.test_poisson_2indep(30, 1, 50, 1, "exact-cond").p == pytest.approx(0.03299262, abs=5e-9)
    assert est.test_poisson_2indep(0, 4, 6, 8, "etest-wald").p == pytest.approx(0.02975808, abs=5e-9)
    irr = est.rate_ratio(30, 1, 50, 1)
    assert (irr.irr, irr.ci, irr.alpha) == (0.6, "exact", 0.05)
    assert (irr.lower, irr.upper) == pytest.approx((0.368351, 0.962149), abs=5e-7)
    zero = est.rate_ratio(0, 4, 6, 8)
    assert zero.irr == 0 and zero.lower == 0 and zero.upper == pytest.approx(1.698622, abs=5e-7)


def test_poisson_errors() -> None:
    with pytest.raises(est.StatsError) as info:
        est.test_poisson_2indep(0, 1, 0, 1)
    assert info.value.code == "STATS_UNDEFINED"
    with pytest.raises(est.StatsError) as info:
        est.test_poisson_2indep(-1, 1, 3, 1)
    assert info.value.code == "STATS_INVALID_INPUT" and "c1" in str(info.value)
    with pytest.raises(est.StatsError) as info:
        est.test_poisson_2indep(1, 0.0, 3, 1)
    assert info.value.code == "STATS_INVALID_INPUT"
    with pytest.raises(est.StatsError) as info:
        est.test_poisson_2indep(1, 1, 3, 1, method="fisher")  # type: ignore[arg-type]
    assert info.value.code == "STATS_UNKNOWN_METHOD" and "exact-cond" in str(info.value)
    with pytest.raises(est.StatsError) as info:
        est.rate_ratio(0, 4, 6, 8, ci="wald-log")
    assert info.value.code == "STATS_UNDEFINED"
    with pytest.raises(est.StatsError) as info:
        est.rate_ratio(3, 4, 6, 8, ci="bootstrap")  # type: ignore[arg-type]
    assert info.value.code == "STATS_UNKNOWN_METHOD"
    with pytest.raises(est.StatsError) as info:
        est.rate_ratio(3, 4, 6, 8, alpha=0)
    assert info.value.code == "STATS_INVALID_ALPHA"


# --- README-style example ------------------------------------------------------------------------


def test_readme_style_trend_example() -> None:
    town = est.sample_town(3000, seed=1)
    grid = est.Grid.for_incidents(town, cell_size=500)
    weekly = est.cube(town, grid, period="week")          # cells × ISO weeks (Stockholm)
    trends = est.mann_kendall_cube(weekly)                # pymannkendall fields, all cells
    ehsa = est.emerging_hotspots(weekly)                  # Esri's 17 patterns, queen cells
    classes = est.chainey(est.cube(town, grid, period="month"))
    near = est.knox_incidents(town, categories=["inbrott"], permutations=99)
    when = est.profile(town, categories=["skadegorelse"]).to_svg()
    assert len(trends) == len(ehsa) == weekly.n_locations == len(classes)
    assert near.observed.shape == (4, 3) and when.startswith("<svg")
    assert set(ehsa.pattern_names) <= {p.name for p in est.emerging_patterns()}


# --- the shared bad-input runner on the time and follow-up kinds ---------------------------------

RUNNER_CASES: list[dict[str, Any]] = [
    {"name": "mk_nan", "kind": "mann_kendall", "series": [1.0, None, 3.0, 4.0], "alpha": 0.05,
     "expect": {"error": "TrendError", "code": "TREND_INVALID_VALUE", "message_contains": ["1"]}},
    {"name": "mk_short", "kind": "mann_kendall", "series": [1.0, 2.0], "alpha": 0.05,
     "expect": {"error": "TrendError", "code": "TREND_TOO_SHORT", "message_contains": ["2", "3"]}},
    {"name": "knox_metric", "kind": "knox", "x": [0.0, 1.0], "y": [0.0, 1.0], "t_days": [0.0, 1.0],
     "space_bands": [0, 100], "time_bands": [0, 7], "metric": "chebyshev", "permutations": 9,
     "expect": {"error": "TrendError", "code": "TREND_INVALID_PARAMETER",
                "message_contains": ["chebyshev"]}},
    {"name": "knox_nan", "kind": "knox", "x": [0.0, None], "y": [0.0, 1.0], "t_days": [0.0, 1.0],
     "space_bands": [0, 100], "time_bands": [0, 7], "metric": "manhattan", "permutations": 9,
     "expect": {"error": "TrendError", "code": "TREND_INVALID_VALUE", "message_contains": []}},
    {"name": "poisson_zero", "kind": "poisson_2indep", "c1": 0, "e1": 1.0, "c2": 0, "e2": 1.0,
     "method": "score",
     "expect": {"error": "StatsError", "code": "STATS_UNDEFINED", "message_contains": ["c1 = c2 = 0"]}},
    {"name": "poisson_method", "kind": "poisson_2indep", "c1": 3, "e1": 1.0, "c2": 4, "e2": 1.0,
     "method": "fisher",
     "expect": {"error": "StatsError", "code": "STATS_UNKNOWN_METHOD", "message_contains": ["fisher"]}},
    {"name": "registry_date", "kind": "registry", "json": json.dumps({
        "schema": "est.interventions/1", "crs": 3006,
        "places": [{"name": "T", "geometry": {"type": "Polygon", "coordinates": [[
            [660000, 6610000], [660100, 6610000], [660100, 6610100], [660000, 6610000]]]}}],
        "interventions": [{"id": "a", "name": "a", "target": "T", "start": "2026-02-30",
                           "categories": ["kloter"]}]}),
     "expect": {"error": "FollowupError", "code": "FOLLOWUP_INVALID_REGISTRY",
                "message_contains": ["interventions[0].start", "interventions[0].categories[0]"]}},
    {"name": "period_name", "kind": "period", "period": "fortnight",
     "expect": {"error": "TrendError", "code": "TREND_INVALID_PARAMETER",
                "message_contains": ["fortnight"]}},
]


@pytest.mark.parametrize("case", RUNNER_CASES, ids=[c["name"] for c in RUNNER_CASES])
def test_bad_input_runner_knows_the_new_kinds(case: dict[str, Any]) -> None:
    """The runner of test_errors.py (which the shared fixture drives) on one case per new
    kind, in the fixture's format."""
    import test_errors

    test_errors.test_bad_input(case)


def test_bad_input_runner_fails_loudly_on_an_unknown_kind() -> None:
    import test_errors

    with pytest.raises(AssertionError, match="unknown case kind"):
        test_errors.run({"kind": "horoscope"})
