"""pandas glue for `Incidents.to_pandas()`, `HotspotMap.to_pandas()`,
`HotspotMap.to_geopandas()` and `PaiCurve.to_pandas()` (plain Python: the data come from
the core)."""

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
