"""pandas glue for `Incidents.to_pandas()` (plain Python: the data come from the core)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from est._est import Incidents

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


def incidents_to_pandas(incidents: Incidents) -> Any:
    """One row per incident; ``time`` is tz-aware (Europe/Stockholm)."""
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "Incidents.to_pandas() needs pandas, which is not installed; "
            "install it with `pip install pandas` or `pip install 'est[pandas]'`"
        ) from e
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
