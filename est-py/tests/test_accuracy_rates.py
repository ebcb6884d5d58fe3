"""Accuracy and concentration (PAI/PEI/RRI, Gini), selected counts, dual KDE and
empirical-Bayes rates against ptools, lorenzgini and esda values."""

from __future__ import annotations

import datetime
import json
import math

import numpy as np
import pytest

import est
from conftest import FIXTURES, GOLDEN

TOL_PRINTED = 0.5e-6  # values printed to 6 decimals
TOL_FULL_REL = 1e-12


# --- accuracy ---------------------------------------------------------------------------------


def test_pai_ptools_test_suite() -> None:
    c = est.pai_curve([6, 3, 0], [3, 2, 1], [1, 1, 1])
    assert isinstance(c, est.PaiCurve) and len(c) == 3
    np.testing.assert_allclose(c.pai, [2.0, 1.5, 1.0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(c.pei, [1.0, 1.0, 1.0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(c.pred_obs_ratio, [0.5, 5 / 9, 6 / 9], rtol=0, atol=1e-12)
    # area=None means unit areas.
    np.testing.assert_array_equal(est.pai_curve([6, 3, 0], [3, 2, 1]).pai, c.pai)


def test_pai_ptools_doc_example() -> None:
    c = est.pai_curve(
        np.array([6, 7, 3, 2, 1, 0]), np.array([8, 4, 4, 2, 1, 0]), area=np.ones(6)
    )
    assert c.order.dtype == np.int64
    assert c.order.tolist() == [0, 2, 1, 3, 4, 5]
    t = TOL_PRINTED
    np.testing.assert_allclose(
        c.pai, [1.894737, 1.421053, 1.684211, 1.421053, 1.2, 1.0], rtol=0, atol=t
    )
    np.testing.assert_allclose(
        c.pei, [0.857143, 0.692308, 1.0, 1.0, 1.0, 1.0], rtol=0, atol=t
    )
    np.testing.assert_allclose(
        c.pred_obs_ratio, [1.333333, 1.333333, 1.0, 1.0, 1.0, 1.0], rtol=0, atol=t
    )
    np.testing.assert_allclose(c.area_share, np.arange(1, 7) / 6, rtol=0, atol=1e-15)
    np.testing.assert_allclose(c.hit_rate[-1], 1.0, rtol=0, atol=1e-15)
    df = c.to_pandas()
    assert list(df.columns) == ["order", "area_share", "hit_rate", "pai", "pei", "pred_obs_ratio"]
    assert len(df) == 6 and df["order"].tolist() == [0, 2, 1, 3, 4, 5]


def test_recapture_rate_index() -> None:
    assert est.recapture_rate_index(10, 8, 100, 80) == pytest.approx(1.0, abs=1e-12)
    assert est.recapture_rate_index(10, 20, 100, 100) == pytest.approx(2.0, abs=1e-12)


def _units(n: int, head: list[float]) -> list[float]:
    return head + [0.0] * (n - len(head))


def test_gini_lorenzgini_examples() -> None:
    g = est.gini(_units(10, [10, 8, 2]))
    assert set(g) == {"gini", "gini_unbiased", "generalised", "generalised_unbiased"}
    assert g["gini"] == pytest.approx(0.78, abs=1e-12)
    assert g["generalised"] == pytest.approx(0.78, abs=1e-12)
    assert g["gini_unbiased"] == pytest.approx(0.8666667, abs=0.5e-7)
    g = est.gini(_units(10, [5, 2, 1]))
    assert g["gini"] == pytest.approx(0.8, abs=1e-12)
    assert g["generalised"] == pytest.approx(0.75, abs=1e-12)
    assert est.gini(_units(10, [10]))["gini"] == pytest.approx(0.9, abs=1e-12)
    g = est.gini(_units(100, [10]))
    assert g["gini"] == pytest.approx(0.99, abs=1e-12)
    assert g["generalised"] == pytest.approx(0.9, abs=1e-12)


def test_top_share_and_concentration_curve() -> None:
    v = [5, 3, 1, 1]
    assert est.top_share(v, 0.25) == 0.5
    assert est.top_share(v, 1.0) == 1.0
    units, events = est.concentration_curve(v)
    assert units.dtype == np.float64 and events.dtype == np.float64
    np.testing.assert_allclose(units, [0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(events, [0.5, 0.8, 0.9, 1.0])


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: est.gini([0, 0, 0]), "ACCURACY_NO_EVENTS"),
        (lambda: est.gini([1]), "ACCURACY_TOO_FEW_UNITS"),
        (lambda: est.gini([1, -1]), "ACCURACY_INVALID_VALUE"),
        (lambda: est.gini([1, math.nan]), "ACCURACY_INVALID_VALUE"),
        (lambda: est.pai_curve([1], [1, 2]), "ACCURACY_LENGTH_MISMATCH"),
        (lambda: est.pai_curve([0, 0], [1, 2]), "ACCURACY_NO_EVENTS"),
        (lambda: est.pai_curve([1, 0], [1, 2], [0, 0]), "ACCURACY_ZERO_AREA"),
        (lambda: est.top_share([1, 2], 0.0), "ACCURACY_INVALID_FRACTION"),
        (lambda: est.top_share([1, 2], 1.5), "ACCURACY_INVALID_FRACTION"),
        (lambda: est.recapture_rate_index(0, 1, 10, 10), "ACCURACY_NO_EVENTS"),
        (lambda: est.concentration_curve([0, 0]), "ACCURACY_NO_EVENTS"),
    ],
)
def test_accuracy_errors(call, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(est.AccuracyError) as info:
        call()
    assert info.value.code == code
    assert isinstance(info.value, est.EstError) and isinstance(info.value, ValueError)


# --- counts ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def town() -> est.Incidents:
    return est.sample_town(3000, 2)


@pytest.fixture(scope="module")
def grid(town: est.Incidents) -> est.Grid:
    return est.Grid.for_incidents(town, cell_size=500.0)


def test_counts_category_group_matches_pandas(town: est.Incidents, grid: est.Grid) -> None:
    c = est.counts(town, grid=grid, categories=["skadegörelse"])
    assert isinstance(c, est.CellCounts) and len(c) == len(grid)
    df = town.to_pandas()
    want = int(df["category"].isin(["skadegorelse", "klotter"]).sum())
    assert want > 0
    assert c.total + c.outside == want
    assert c.total == want  # the grid covers every incident
    everything = est.counts(town, grid=grid)
    np.testing.assert_array_equal(everything.counts, grid.counts_for(town).counts)
    assert est.counts(town, grid=grid, weighted=True).total == 3000.0  # weights are 1
    with pytest.raises(est.TaxonomyError):
        est.counts(town, grid=grid, categories=["no such category"])


def test_counts_time_windows_partition_the_total(town: est.Incidents, grid: est.Grid) -> None:
    times = town.times
    lo, hi = times.min(), times.max()
    mid = lo + (hi - lo) // 2
    mid_iso = np.datetime_as_string(mid, unit="s") + "Z"
    mid_dt = datetime.datetime.fromisoformat(mid_iso.replace("Z", "+00:00"))
    first = est.counts(town, grid=grid, end=mid_iso)
    second = est.counts(town, grid=grid, start=mid_dt)
    assert 0 < first.total < 3000
    assert first.total + second.total == 3000.0
    np.testing.assert_array_equal(
        first.counts + second.counts, est.counts(town, grid=grid).counts
    )
    want_first = int((times < mid).sum())
    assert first.total == want_first
    # A window combined with a category.
    both = est.counts(town, grid=grid, categories=["skadegorelse"], start=mid_iso)
    assert both.total <= second.total
    with pytest.raises(ValueError, match="timezone-aware"):
        est.counts(town, grid=grid, start=datetime.datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        est.counts(town, grid=grid, start=12)  # type: ignore[arg-type]


def _rect(x0: float, y0: float, x1: float, y1: float) -> str:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def test_counts_per_area(town: est.Incidents) -> None:
    whole = est.StudyArea.from_geojson(
        _rect(600_000, 6_600_000, 700_000, 6_700_000), crs=3006, target=3006
    )
    xmid = float(np.median(town.x))
    west = est.StudyArea.from_geojson(
        _rect(600_000, 6_600_000, xmid - 1e-6, 6_700_000), crs=3006, target=3006
    )
    got = est.counts_per_area(town, {"all": whole, "west": west})
    assert list(got) == ["all", "west"]
    assert got["all"] == 3000.0
    assert got["west"] == float((town.x < xmid).sum())
    dmg = est.counts_per_area(town, {"all": whole}, categories=["skadegörelse"])
    assert dmg["all"] == est.counts(
        town, grid=est.Grid.for_incidents(town), categories=["skadegörelse"]
    ).total
    other = est.StudyArea.from_geojson(
        _rect(17.0, 59.0, 18.0, 60.0), crs=4326, target=3011
    )
    with pytest.raises(est.CrsError, match="3011") as info:
        est.counts_per_area(town, {"zone 18 00": other})
    assert info.value.code == "CRS_MISMATCH"
    assert "3006" in str(info.value)


# --- dual kde ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("measure", "value"), [("ratio", 1.0), ("relative_risk", 1.0), ("log", 0.0)])
def test_dual_kde_of_a_set_with_itself(
    town: est.Incidents, grid: est.Grid, measure: str, value: float
) -> None:
    x, y = town.x, town.y
    d = est.dual_kde(x, y, x, y, grid=grid, measure=measure, bandwidth=400.0)  # type: ignore[arg-type]
    assert isinstance(d, est.DualKde) and d.measure == measure and d.floor == 1e-12
    assert d.values.dtype == np.float64 and len(d) == len(grid)
    defined = ~np.isnan(d.values)
    assert defined.any() and (~defined).any()  # quartic support: far cells have no density
    np.testing.assert_allclose(d.values[defined], value, rtol=0, atol=1e-12)
    # Undefined exactly where the denominator has no density.
    np.testing.assert_array_equal(defined, d.y.density_per_km2 > 0)
    assert not np.isinf(d.values).any()
    assert isinstance(d.x, est.Kde) and d.x.bandwidth_m == d.y.bandwidth_m == 400.0


def test_dual_kde_other_measures_and_errors(town: est.Incidents, grid: est.Grid) -> None:
    x, y = town.x, town.y
    half = len(x) // 2
    diff = est.dual_kde(x, y, x, y, grid=grid, measure="difference")
    np.testing.assert_array_equal(diff.values, np.zeros(len(grid)))
    s = est.dual_kde(x[:half], y[:half], x, y, grid=grid, measure="sum", weights2=np.ones(len(x)))
    assert not np.isnan(s.values).any()
    with pytest.raises(ValueError, match="measure"):
        est.dual_kde(x, y, x, y, grid=grid, measure="quotient")  # type: ignore[arg-type]
    with pytest.raises(est.HotspotError):
        est.dual_kde(x, y, x, y, grid=grid, floor=1.5)
    with pytest.raises(est.HotspotError):
        est.dual_kde(x, y, x, y, grid=grid, kernel="nope")


# --- empirical Bayes -------------------------------------------------------------------------

EB_GOLDEN = GOLDEN / "eb_sample_town_500m.json"


def test_rates_against_esda() -> None:
    if not EB_GOLDEN.exists():
        pytest.skip(f"{EB_GOLDEN.name} not present (made by tests/reference/ref_smoothing.py)")
    g = json.loads(EB_GOLDEN.read_text(encoding="utf-8"))
    inc = est.read_incidents(FIXTURES / "sample_town_2k_seed7.csv", crs=3006)
    grid = est.Grid.for_incidents(inc, cell_size=500.0)
    events = grid.counts_for(inc).counts
    np.testing.assert_array_equal(events, g["events"])
    base = np.asarray(g["base"], dtype=float)
    w = est.SpatialWeights.grid_contiguity(grid, "queen")
    assert [sorted(nb) for nb in w.to_lists()[0]] == g["neighbours"]
    got = {
        "raw": est.raw_rates(events, base),
        "empirical_bayes": est.empirical_bayes(events, base),
        "spatial_rate": est.spatial_rate(events, base, w),
        "spatial_empirical_bayes": est.spatial_empirical_bayes(events, base, w),
    }
    for key, values in got.items():
        assert values.dtype == np.float64 and values.shape == (len(base),)
        want = np.array([math.nan if v is None else v for v in g[key]])
        defined = ~np.isnan(want)
        assert defined.sum() > len(base) // 2, key
        np.testing.assert_allclose(values[defined], want[defined], rtol=TOL_FULL_REL, atol=0, err_msg=key)
        # esda: 0/0 in a neighbourhood without events; est: that neighbourhood's rate, 0.
        np.testing.assert_array_equal(values[~defined], 0.0, err_msg=key)


def test_rate_errors() -> None:
    with pytest.raises(est.HotspotError):
        est.raw_rates([1, 2], [1])
    with pytest.raises(est.HotspotError):
        est.empirical_bayes([1], [0])
    w = est.SpatialWeights.distance_band([0, 1000, 5000], [0, 0, 0], 1500)
    np.testing.assert_allclose(
        est.spatial_rate([1, 3, 4], [10, 30, 20], w), [0.1, 0.1, 0.2], rtol=0, atol=1e-15
    )
    with pytest.raises(est.HotspotError):
        est.spatial_empirical_bayes([1, 2], [10, 10], w)
