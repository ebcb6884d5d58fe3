"""est — crime-prevention analysis for EST (Effektiv samordning för trygghet).

Incidents are read and validated (every bad row reported), placed in SWEREF 99 metres and
analysed by a pure-Rust core; this package is its Python face.

>>> import est
>>> inc = est.sample_town(500, seed=7)
>>> len(inc), inc.crs
(500, 3006)
"""

from __future__ import annotations

from est._est import (
    CellCounts,
    CrsError,
    EstError,
    EstIOError,
    Grid,
    GridError,
    IncidentIndex,
    Incidents,
    Lagesbild,
    ParseError,
    ReportError,
    RowError,
    RowWarning,
    SpatialIndexError,
    StudyArea,
    Taxonomy,
    TaxonomyError,
    ValidationError,
    __version__,
    auto_cell_size,
    crs_info,
    lagesbild,
    read_geojson,
    read_geojson_text,
    read_incidents,
    read_incidents_text,
    read_polisen_json,
    read_polisen_json_text,
    sample_town,
    transform,
)

__all__ = [
    "CellCounts",
    "CrsError",
    "EstError",
    "EstIOError",
    "Grid",
    "GridError",
    "IncidentIndex",
    "Incidents",
    "Lagesbild",
    "ParseError",
    "ReportError",
    "RowError",
    "RowWarning",
    "SpatialIndexError",
    "StudyArea",
    "Taxonomy",
    "TaxonomyError",
    "ValidationError",
    "__version__",
    "auto_cell_size",
    "crs_info",
    "lagesbild",
    "read_geojson",
    "read_geojson_text",
    "read_incidents",
    "read_incidents_text",
    "read_polisen_json",
    "read_polisen_json_text",
    "sample_town",
    "transform",
]
