"""Every case of the shared bad-input fixture through the Python API.

The same file drives the Rust and JS suites: each case names the exception class, the
stable code and, for row errors, the (line, field, code) of every reported problem.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

import est
from conftest import FIXTURES

FIXTURE = FIXTURES / "bad_inputs.json"
CASES: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]


#: Case kinds whose Python entry point does not exist yet, with the reason (each is skipped,
#: visibly, until its binding is written).
PENDING: dict[str, str] = {}


def test_fixture_has_cases() -> None:
    assert len(CASES) >= 20
    kinds = {c["kind"] for c in CASES}
    assert kinds <= {
        "read_csv", "transform", "taxonomy", "grid", "adjust", "kde", "local_g",
        "mann_kendall", "knox", "poisson_2indep", "registry", "period",
    } | set(PENDING), kinds


def nan(v: Any) -> Any:
    """JSON has no NaN: the fixture writes null."""
    return math.nan if v is None else v


def run(case: dict[str, Any]) -> Any:
    kind = case["kind"]
    if kind == "read_csv":
        opts = case.get("options", {})
        kwargs: dict[str, Any] = {"crs": opts.get("crs"), "now": opts.get("now")}
        if "on_error" in opts:
            kwargs["on_error"] = opts["on_error"]
        return est.read_incidents_text(case["csv"], **kwargs)
    if kind == "transform":
        return est.transform(
            [nan(v) for v in case["x"]], [nan(v) for v in case["y"]], case["src"], case["dst"]
        )
    if kind == "taxonomy":
        return est.Taxonomy.default().resolve(case["label"])
    if kind == "grid":
        return est.Grid.from_points(
            [nan(v) for v in case["x"]],
            [nan(v) for v in case["y"]],
            case["crs"],
            cell_size=case.get("cell_size"),
        )
    if kind == "adjust":
        return est.adjust_pvalues([nan(v) for v in case["p"]], case["method"])
    if kind == "kde":
        x = [nan(v) for v in case["x"]]
        y = [nan(v) for v in case["y"]]
        grid = est.Grid.from_points(x, y, case["crs"], cell_size=case["cell_size"])
        return est.kde(x, y, grid=grid, kernel=case["kernel"], bandwidth=case["bandwidth"])
    if kind == "local_g":
        return est.local_g(
            [nan(v) for v in case["values"]],
            [nan(v) for v in case["x"]],
            [nan(v) for v in case["y"]],
            distance=case["distance"],
        )
    if kind == "mann_kendall":
        return est.mann_kendall([nan(v) for v in case["series"]], case.get("alpha", 0.05))
    if kind == "knox":
        return est.knox(
            [nan(v) for v in case["x"]],
            [nan(v) for v in case["y"]],
            [nan(v) for v in case["t_days"]],
            space_bands=case.get("space_bands"),
            time_bands=case.get("time_bands"),
            metric=case.get("metric", "manhattan"),
            permutations=case.get("permutations", 999),
        )
    if kind == "poisson_2indep":
        return est.test_poisson_2indep(
            case["c1"], case["e1"], case["c2"], case["e2"], method=case.get("method", "score")
        )
    if kind == "registry":
        # Categories resolve against the EST taxonomy (the default).
        return est.Registry.from_json(case["json"])
    if kind == "period":
        return est.periods(case["period"], "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
    raise AssertionError(f"unknown case kind {kind!r}")


def rows(errors: list[est.RowError]) -> list[tuple[int, str, str]]:
    return [(e.line, e.field, e.code) for e in errors]


def expected_rows(expect: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [(r["line"], r["field"], r["code"]) for r in expect.get("rows", [])]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict[str, Any]) -> None:
    if case["kind"] in PENDING:
        pytest.skip(PENDING[case["kind"]])
    expect = case["expect"]
    if "error" not in expect:
        # on_error="collect": the good rows are kept, the bad ones listed.
        inc = run(case)
        assert len(inc) == expect["kept"]
        assert rows(inc.errors) == expected_rows(expect)
        assert all(isinstance(e, est.RowError) for e in inc.errors)
        return

    cls = getattr(est, expect["error"])
    with pytest.raises(cls) as info:
        run(case)
    exc = info.value
    assert type(exc) is cls, type(exc)
    assert isinstance(exc, est.EstError)
    assert isinstance(exc, ValueError)
    assert exc.code == expect["code"]
    message = str(exc)
    for part in expect.get("message_contains", []):
        assert part in message, f"{part!r} not in {message!r}"
    if expect["error"] == "ValidationError":
        assert rows(exc.errors) == expected_rows(expect)
        assert exc.rows_read >= len({r[0] for r in expected_rows(expect)})
        for line, field, _ in expected_rows(expect):
            assert f"line {line}" in message, message
            assert field in message, message
    else:
        assert not hasattr(exc, "errors")


def test_every_family_is_exported() -> None:
    for name in ("CrsError", "TaxonomyError", "ValidationError", "ParseError", "GridError",
                 "SpatialIndexError", "ReportError", "HotspotError", "StatsError",
                 "EstIOError"):
        cls = getattr(est, name)
        assert issubclass(cls, est.EstError) and issubclass(cls, ValueError), name
        assert cls.__module__ == "est", (name, cls.__module__)
    assert issubclass(est.EstIOError, OSError)


def test_row_error_is_frozen_and_readable() -> None:
    inc = est.read_incidents_text(
        "id,time,category,x,y\n1,2025-06-01T12:00:00+02:00,klotter,NaN,6581100.5\n"
        "2,2025-06-01T12:00:00+02:00,klotter,674344.6,6581100.5\n",
        crs=3006,
        on_error="collect",
        now="2026-01-01T00:00:00Z",
    )
    (e,) = inc.errors
    assert (e.line, e.field, e.value, e.code) == (2, "x", "NaN", "NOT_FINITE")
    assert "RowError(line=2" in repr(e) and "NOT_FINITE" in repr(e)
    assert "line 2" in str(e)
    with pytest.raises(AttributeError):
        e.line = 3  # type: ignore[misc]
    assert e == inc.errors[0]


def test_on_error_must_be_raise_or_collect() -> None:
    with pytest.raises(ValueError, match="raise.*collect") as info:
        est.read_incidents_text("id,time,category,x,y\n", crs=3006, on_error="ignore")  # type: ignore[arg-type]
    assert not isinstance(info.value, est.EstError)


def test_naive_now_is_refused() -> None:
    import datetime as dt

    with pytest.raises(ValueError, match="timezone-aware"):
        est.read_incidents_text(
            "id,time,category,x,y\n1,2025-06-01,klotter,674344.6,6581100.5\n",
            crs=3006,
            now=dt.datetime(2026, 1, 1),
        )


def test_aware_now_is_used() -> None:
    import datetime as dt

    text = "id,time,category,x,y\n1,2026-06-01T12:00:00Z,klotter,674344.6,6581100.5\n"
    before = dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with pytest.raises(est.ValidationError) as info:
        est.read_incidents_text(text, crs=3006, now=before)
    assert [e.code for e in info.value.errors] == ["FUTURE_TIME"]
    after = dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc)
    assert len(est.read_incidents_text(text, crs=3006, now=after)) == 1


def test_bad_keyword_values() -> None:
    text = "id,time,category,x,y\n1,2025-06-01,klotter,674344.6,6581100.5\n"
    with pytest.raises(ValueError, match="single ASCII character"):
        est.read_incidents_text(text, crs=3006, delimiter=";;")
    with pytest.raises(ValueError, match="decimal"):
        est.read_incidents_text(text, crs=3006, decimal="dot")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='unknown field "tid"'):
        est.read_incidents_text(text, crs=3006, columns={"tid": "time"})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="crs must be"):
        est.read_incidents_text(text, crs=3006.0)  # type: ignore[arg-type]
    with pytest.raises(est.CrsError) as info:
        est.read_incidents_text(text, crs=-1)
    assert info.value.code == "CRS_UNPARSEABLE"


def test_every_fixture_kind_runs() -> None:
    """No case of the shared fixture is skipped."""
    assert not PENDING
    assert {"adjust", "kde", "local_g"} <= {c["kind"] for c in CASES}


def test_hotspot_enum_strings_name_the_allowed_values() -> None:
    x, y = [0.0, 100.0, 200.0, 0.0, 100.0], [0.0, 0.0, 0.0, 100.0, 100.0]
    v = [1.0, 2.0, 0.0, 4.0, 3.0]
    with pytest.raises(ValueError, match='"at_least_as_extreme" or "esda"'):
        est.local_g(v, x, y, distance=150.0, ties="mid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='"two-sided", "greater", "lesser" or "folded"'):
        est.local_g(v, x, y, distance=150.0, alternative="less")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='"binary" or "row"'):
        est.SpatialWeights.distance_band(x, y, 150.0, style="R")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='"queen" or "rook"'):
        grid = est.Grid.from_extent(0, 0, 300, 300, 3006, cell_size=100)
        est.SpatialWeights.grid_contiguity(grid, "bishop")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='"nrd", "silverman" or "esri"'):
        est.bandwidth(x, y, rule="scott")  # type: ignore[arg-type]
    with pytest.raises(est.HotspotError, match="quartic"):
        est.bandwidth(x, y, kernel="cosine")
    with pytest.raises(est.StatsError, match="fdr_bh") as info:
        est.adjust_pvalues([0.1], "BH-FDR")
    assert info.value.code == "STATS_UNKNOWN_METHOD"
    inc = est.sample_town(300, 1)
    with pytest.raises(ValueError, match='"analytic" or "permutation"'):
        est.hotspots(inc, class_p="exact", permutations=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='"queen", "rook" or a distance band'):
        est.hotspots(inc, neighbourhood="king", permutations=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='either weights'):
        w = est.SpatialWeights.distance_band(x, y, 150.0)
        est.local_g(v, x, y, distance=150.0, weights=w)
    with pytest.raises(ValueError, match="x, y and distance"):
        est.local_g(v, x, y)
    with pytest.raises(est.StatsError) as info:
        est.esda_fdr([0.1, 0.2], alpha=1.5)
    assert info.value.code == "STATS_INVALID_ALPHA"
