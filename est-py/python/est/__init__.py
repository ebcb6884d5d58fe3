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
    CrsError,
    EstError,
    EstIOError,
    GridError,
    Incidents,
    ParseError,
    ReportError,
    RowError,
    RowWarning,
    Taxonomy,
    TaxonomyError,
    ValidationError,
    __version__,
    crs_info,
    read_incidents,
    read_incidents_text,
    sample_town,
    transform,
)

__all__ = [
    "CrsError",
    "EstError",
    "EstIOError",
    "GridError",
    "Incidents",
    "ParseError",
    "ReportError",
    "RowError",
    "RowWarning",
    "Taxonomy",
    "TaxonomyError",
    "ValidationError",
    "__version__",
    "crs_info",
    "read_incidents",
    "read_incidents_text",
    "sample_town",
    "transform",
]
