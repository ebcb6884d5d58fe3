"""pandas glue for `Incidents.to_pandas()`, `HotspotMap.to_pandas()`,
`HotspotMap.to_geopandas()`, `PaiCurve.to_pandas()` and the `to_pandas()` of the time
results (`SpaceTimeCube`, `MannKendallCube`, `EmergingHotspots`, `Chainey`, `Change`,
`EarlyWarning`, `Knox`) — plain Python: the data come from the core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from est._est import HotspotMap, Incidents, PaiCurve

COLUMNS = (
    "id",
    "time",
    "category",
    "category_sv",
    "x",
    "y",
    "organisation",
    "place",
    "weight",
    "text",
    "flags",
)


HOTSPOT_COLUMNS = (
    "cell",
    "row",
    "col",
    "x",
    "y",
    "lon",
    "lat",
    "count",
    "density_per_km2",
    "expected",
    "gi_z",
    "gi_p",
    "gi_p_sim",
    "gi_p_adjusted",
    "gi_class",
)


def _pandas(what: str) -> Any:
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            f"{what} needs pandas, which is not installed; "
            "install it with `pip install pandas` or `pip install 'est[pandas]'`"
        ) from e
    return pd


def incidents_to_pandas(incidents: Incidents) -> Any:
    """One row per incident; ``time`` is tz-aware (Europe/Stockholm)."""
    pd = _pandas("Incidents.to_pandas()")
    sv = {c["code"]: c["sv"] for c in incidents.taxonomy.categories}
    categories = incidents.categories
    time = pd.DatetimeIndex(pd.to_datetime(incidents.times, utc=True)).tz_convert(
        "Europe/Stockholm"
    )
    data = {
        "id": incidents.ids,
        "time": time,
        "category": categories,
        "category_sv": [sv.get(c, c) for c in categories],
        "x": incidents.x,
        "y": incidents.y,
        "organisation": incidents.organisations,
        "place": incidents.places,
        "weight": incidents.weights,
        "text": incidents.texts,
        "flags": incidents.flags,
    }
    return pd.DataFrame(data, columns=list(COLUMNS))


def hotspots_to_pandas(hotspot_map: HotspotMap) -> Any:
    """One row per active cell (``HOTSPOT_COLUMNS``); ``gi_p_sim`` is NaN without
    permutations."""
    pd = _pandas("HotspotMap.to_pandas()")
    return pd.DataFrame(hotspot_map.columns(), columns=list(HOTSPOT_COLUMNS))


def hotspots_to_geopandas(hotspot_map: HotspotMap) -> Any:
    """The cell polygons in WGS 84 (EPSG:4326) with the GeoJSON properties as columns."""
    try:
        import geopandas as gpd  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as e:
        raise ImportError(
            "HotspotMap.to_geopandas() needs geopandas, which is not installed; install it "
            "with `pip install geopandas`, or use HotspotMap.to_pandas() (a plain DataFrame "
            "with lon/lat cell centres) or HotspotMap.to_geojson()"
        ) from e
    return gpd.GeoDataFrame.from_features(hotspot_map.__geo_interface__, crs="EPSG:4326")


PAI_COLUMNS = ("order", "area_share", "hit_rate", "pai", "pei", "pred_obs_ratio")


def pai_curve_to_pandas(curve: PaiCurve) -> Any:
    """One row per rank (the top k + 1 cells flagged), ``PAI_COLUMNS``."""
    pd = _pandas("PaiCurve.to_pandas()")
    return pd.DataFrame({c: getattr(curve, c) for c in PAI_COLUMNS}, columns=list(PAI_COLUMNS))


# --- trend -------------------------------------------------------------------------------------


def cube_to_pandas(cube: Any) -> Any:
    """Long format: one row per location × period (``location``, ``cell``, ``period``,
    ``start`` (tz-aware, Europe/Stockholm), ``x``, ``y``, ``count``)."""
    import numpy as np

    pd = _pandas("SpaceTimeCube.to_pandas()")
    counts = cube.counts
    n_loc, n_per = counts.shape
    xy = cube.xy
    cells = cube.cell_ids
    starts = pd.DatetimeIndex(pd.to_datetime(cube.bins.starts, utc=True)).tz_convert(
        "Europe/Stockholm"
    )
    data = {
        "location": np.repeat(np.asarray(cube.labels, dtype=object), n_per),
        "cell": np.repeat(cells, n_per) if cells is not None else np.full(n_loc * n_per, -1),
        "period": np.tile(np.asarray(cube.periods, dtype=object), n_loc),
        "start": np.tile(starts, n_loc),
        "x": np.repeat(xy[:, 0], n_per),
        "y": np.repeat(xy[:, 1], n_per),
        "count": counts.reshape(-1),
    }
    return pd.DataFrame(data)


MK_COLUMNS = ("trend", "h", "p", "z", "Tau", "s", "var_s", "slope", "intercept")


def mann_kendall_cube_to_pandas(mk: Any) -> Any:
    """One row per series: ``label`` (when the input was a cube) and pymannkendall's fields
    (``trend`` as its name)."""
    pd = _pandas("MannKendallCube.to_pandas()")
    data: dict[str, Any] = {}
    if mk.labels is not None:
        data["label"] = mk.labels
    data["trend"] = mk.trend_names
    for c in MK_COLUMNS[1:]:
        data[c] = getattr(mk, c)
    data["no_variation"] = mk.no_variation
    return pd.DataFrame(data)


def emerging_to_pandas(ehsa: Any) -> Any:
    """One row per location: ``label``, ``cell``, ``code``, ``pattern``, ``label_sv``,
    ``label_en``, and the Mann–Kendall trend of z (``trend_z``, ``trend_p``, ``trend_tau``,
    ``trend``)."""
    pd = _pandas("EmergingHotspots.to_pandas()")
    trend = ehsa.trend
    data = {
        "label": ehsa.labels,
        "cell": ehsa.cell_ids if ehsa.cell_ids is not None else [-1] * len(ehsa),
        "code": ehsa.codes,
        "pattern": ehsa.pattern_names,
        "label_sv": ehsa.labels_sv,
        "label_en": ehsa.labels_en,
        "trend": trend.trend_names,
        "trend_z": trend.z,
        "trend_p": trend.p,
        "trend_tau": trend.tau,
    }
    return pd.DataFrame(data)


def chainey_to_pandas(ch: Any) -> Any:
    """One row per cell: ``label`` (cube input), ``class``, ``label_sv``, ``label_en`` and the
    hot/cold shares (``hot_overall``, ``hot_recent``, ``hot_older``, ``cold_…``)."""
    pd = _pandas("Chainey.to_pandas()")
    data: dict[str, Any] = {}
    if ch.labels is not None:
        data["label"] = ch.labels
    data["class"] = ch.classes
    data["label_sv"] = ch.labels_sv
    data["label_en"] = ch.labels_en
    for side, shares in (("hot", ch.hot_shares), ("cold", ch.cold_shares)):
        for k in ("overall", "recent", "older"):
            data[f"{side}_{k}"] = shares[k]
    return pd.DataFrame(data)


CHANGE_COLUMNS = (
    "label",
    "before",
    "after",
    "difference",
    "rate_ratio",
    "score_z",
    "p",
    "p_adjusted",
    "significant",
    "testable",
    "wheeler_z",
)


def change_to_pandas(change: Any) -> Any:
    """One row per unit, ``CHANGE_COLUMNS``."""
    pd = _pandas("Change.to_pandas()")
    data = {c: getattr(change, "labels" if c == "label" else c) for c in CHANGE_COLUMNS}
    return pd.DataFrame(data, columns=list(CHANGE_COLUMNS))


ALERT_COLUMNS = (
    "rank",
    "place",
    "category",
    "category_sv",
    "week",
    "observed",
    "expected",
    "p",
    "p_adjusted",
    "method",
    "z",
    "excess",
    "flagged",
    "sentence_sv",
    "sentence_en",
)


def early_warning_to_pandas(ew: Any) -> Any:
    """One row per tested unit (ranked), ``ALERT_COLUMNS``; ``flagged`` marks the alerts."""
    pd = _pandas("EarlyWarning.to_pandas()")
    flagged = {(a.place, a.category) for a in ew.alerts}
    rows = [
        {
            **{c: getattr(a, c) for c in ALERT_COLUMNS if c != "flagged"},
            "flagged": (a.place, a.category) in flagged,
        }
        for a in ew.all
    ]
    return pd.DataFrame(rows, columns=list(ALERT_COLUMNS))


KNOX_COLUMNS = (
    "space_band",
    "time_band",
    "observed",
    "expected",
    "median",
    "sd",
    "ratio",
    "median_ratio",
    "p",
)


def knox_to_pandas(k: Any) -> Any:
    """One row per space band × time band, ``KNOX_COLUMNS``; bands as ``"[a, b)"`` labels."""
    pd = _pandas("Knox.to_pandas()")
    s, t = k.space_bands, k.time_bands
    sl = [f"[{s[i]:g}, {s[i + 1]:g})" for i in range(len(s) - 1)]
    tl = [f"[{t[j]:g}, {t[j + 1]:g})" for j in range(len(t) - 1)]
    data = {
        "space_band": [a for a in sl for _ in tl],
        "time_band": [b for _ in sl for b in tl],
    }
    for c in KNOX_COLUMNS[2:]:
        data[c] = getattr(k, c).reshape(-1)
    return pd.DataFrame(data, columns=list(KNOX_COLUMNS))
