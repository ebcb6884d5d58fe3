"""Type stub of the extension module ``est._est`` (re-exported by ``est``)."""

import datetime
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Optional, Union, final

import numpy as np
import numpy.typing as npt

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

__version__: str
"""The package version (from Cargo)."""

_CrsLike = Union[int, str]
"""An EPSG code: ``3006`` or a string such as ``"EPSG:3006"``, ``"SWEREF99TM"``, ``"WGS84"``."""

_ArrayLike1 = Union[Sequence[float], npt.NDArray[np.floating[Any]], npt.NDArray[np.integer[Any]]]

# --- errors -------------------------------------------------------------------------------

class EstError(ValueError):
    """Base class of every est error (a ValueError)."""

    code: str
    """Stable machine-readable code, e.g. ``"CRS_OUT_OF_AREA"``."""

class CrsError(EstError):
    """Coordinate problem: unknown EPSG code, point outside the area of use, swapped axes, NaN."""

class TaxonomyError(EstError):
    """Unknown category label or invalid taxonomy extension."""

class ValidationError(EstError):
    """Rows failed validation; ``errors`` lists every problem."""

    errors: list[RowError]
    """Every problem found, in input order (a row may have several)."""
    rows_read: int
    """Data rows read (header excluded)."""

class ParseError(EstError):
    """A file cannot be read as the format: missing column, undeclared CRS, broken structure."""

class GridError(EstError):
    """Grid construction problem: no points, degenerate extent, too many cells."""

class ReportError(EstError):
    """The lägesbild could not be rendered."""

class EstIOError(EstError, OSError):
    """Reading or writing a file failed at the operating-system level (also an OSError)."""

# --- incident -----------------------------------------------------------------------------

@final
class RowError:
    """One problem with one input row."""

    @property
    def line(self) -> int:
        """1-based line in the input (the header is line 1)."""
    @property
    def field(self) -> str:
        """The field (column name as given in the input, ``"x/y"`` for a position)."""
    @property
    def value(self) -> str:
        """The offending value, as text."""
    @property
    def message(self) -> str:
        """What is wrong and what was expected."""
    @property
    def code(self) -> str:
        """Stable machine-readable code (``"OUT_OF_AREA"``, ``"UNKNOWN_CATEGORY"`` …)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class RowWarning:
    """A row that was loaded or skipped with a remark (e.g. a DST adjustment)."""

    @property
    def line(self) -> int:
        """1-based line (0 for the whole load)."""
    @property
    def field(self) -> str:
        """The field."""
    @property
    def message(self) -> str:
        """What happened."""
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class Incidents:
    """Many incidents in columns, with the report of the load that made them.

    Made by :func:`read_incidents`, :func:`read_incidents_text` or :func:`sample_town`.
    Column properties return new lists or arrays on each access.
    """

    def __len__(self) -> int: ...
    @property
    def errors(self) -> list[RowError]:
        """Every problem found while loading (non-empty only with ``on_error="collect"``)."""
    @property
    def warnings(self) -> list[RowWarning]:
        """Remarks on rows that were loaded or skipped (DST adjustments …)."""
    @property
    def rows_read(self) -> int:
        """Data rows read (header excluded)."""
    @property
    def rows_kept(self) -> int:
        """Rows kept."""
    @property
    def crs(self) -> int:
        """EPSG code of the positions."""
    @property
    def x(self) -> npt.NDArray[np.float64]:
        """Eastings (or longitudes)."""
    @property
    def y(self) -> npt.NDArray[np.float64]:
        """Northings (or latitudes)."""
    @property
    def times(self) -> npt.NDArray[np.datetime64]:
        """Times as ``datetime64[s]``, UTC."""
    @property
    def ids(self) -> list[str]:
        """Incident ids (``"L<line>"`` where the input had no id column)."""
    @property
    def categories(self) -> list[str]:
        """Category codes."""
    @property
    def organisations(self) -> list[str]:
        """Organisation codes: kommun, polis, fastighetsagare, vaktbolag, handel,
        raddningstjanst, ovrig, okand."""
    @property
    def places(self) -> list[str]:
        """Place names (``""`` where none)."""
    @property
    def texts(self) -> list[str]:
        """Free texts (``""`` where none); internal, never written by public exports."""
    @property
    def weights(self) -> npt.NDArray[np.float64]:
        """Weights (1 where none was given)."""
    @property
    def flags(self) -> npt.NDArray[np.uint8]:
        """Per-incident flags: 1 approximate position, 2 date only, 4 DST resolved."""
    @property
    def taxonomy(self) -> Taxonomy:
        """A copy of the taxonomy the categories refer to."""
    def to_crs(self, dst: _CrsLike) -> Incidents:
        """The same incidents with positions transformed to ``dst``.

        Raises :class:`CrsError` naming the first incident outside the area of use of ``dst``.
        """
    def to_csv(
        self,
        path: Optional[Union[str, os.PathLike[str]]] = None,
        *,
        delimiter: str = ",",
        decimal_comma: bool = False,
        include_text: bool = False,
    ) -> Optional[str]:
        """CSV with the columns id,time,category,x,y,organisation,place,weight (+ text).

        Times are RFC 3339 with the Europe/Stockholm offset; reading the output back with the
        same CRS gives the same incidents. Returns the text, or writes it to ``path`` and
        returns None (an OS failure raises :class:`EstIOError`).
        """
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with the columns id, time (tz-aware, Europe/Stockholm),
        category, category_sv, x, y, organisation, place, weight, text, flags.

        pandas is imported on first use; ImportError if it is not installed.
        """

# --- io -----------------------------------------------------------------------------------

_ColumnField = Literal[
    "id", "time", "category", "x", "y", "lon", "lat", "organisation", "place", "weight", "text"
]

def read_incidents(
    path: Union[str, os.PathLike[str]],
    *,
    crs: Optional[_CrsLike] = None,
    columns: Optional[Mapping[_ColumnField, Optional[str]]] = None,
    on_error: Literal["raise", "collect"] = "raise",
    delimiter: Optional[str] = None,
    decimal: Literal["auto", "point", "comma"] = "auto",
    now: Union[datetime.datetime, str, None] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> Incidents:
    """Reads incidents from a CSV file.

    UTF-8 with or without BOM; ``,``, ``;`` or tab separated (detected from the header unless
    ``delimiter`` is given); decimal point or comma. Columns are found by common English and
    Swedish names unless named in ``columns`` (field → header). x/y columns need ``crs``
    (est never guesses a CRS); lon/lat columns are WGS 84.

    ``on_error="raise"`` fails with :class:`ValidationError` listing every bad row;
    ``"collect"`` keeps the good rows and lists the bad ones in ``Incidents.errors``.
    ``now`` (a timezone-aware datetime or an ISO 8601 string) fixes the clock for the
    future-time check. ``taxonomy`` resolves the categories (the EST default otherwise).

    Raises :class:`EstIOError` (an OSError) when the file cannot be read,
    :class:`ParseError` for a missing column, undeclared CRS, broken CSV or non-UTF-8 input,
    :class:`ValidationError` for bad rows.
    """

def read_incidents_text(
    text: str,
    *,
    crs: Optional[_CrsLike] = None,
    columns: Optional[Mapping[_ColumnField, Optional[str]]] = None,
    on_error: Literal["raise", "collect"] = "raise",
    delimiter: Optional[str] = None,
    decimal: Literal["auto", "point", "comma"] = "auto",
    now: Union[datetime.datetime, str, None] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> Incidents:
    """Reads incidents from CSV text; the options are those of :func:`read_incidents`."""

# --- crs ----------------------------------------------------------------------------------

def transform(
    x: _ArrayLike1, y: _ArrayLike1, src: _CrsLike, dst: _CrsLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Transforms coordinates from ``src`` to ``dst`` (x = easting or longitude).

    Accepts lists, tuples or 1-D arrays of any numeric dtype; returns float64 arrays. Every
    point is checked against the area of use; the first bad one raises :class:`CrsError`
    with its index ("point 3: …"). Large inputs are transformed with the GIL released.
    """

def crs_info(code: _CrsLike) -> dict[str, Any]:
    """What est knows about a CRS: ``epsg``, ``name``, ``geographic`` and ``area_of_use``
    (a dict of ``lon_min``, ``lon_max``, ``lat_min``, ``lat_max`` in degrees)."""

# --- taxonomy -----------------------------------------------------------------------------

@final
class Taxonomy:
    """The incident categories an analysis uses: codes, labels, groups and aliases.

    ``Taxonomy()`` and ``Taxonomy.default()`` give the built-in EST categories. Labels match
    case-insensitively, also without å/ä/ö.
    """

    def __init__(self) -> None: ...
    @staticmethod
    def default() -> Taxonomy:
        """The built-in EST categories."""
    def resolve(self, label: str) -> str:
        """The code of the category a code, label or alias names (TaxonomyError otherwise,
        with the closest known labels)."""
    def closest(self, label: str, k: int = 3) -> list[str]:
        """Up to ``k`` known labels closest to ``label``, best first."""
    @property
    def categories(self) -> list[dict[str, Any]]:
        """All categories as dicts with ``code``, ``sv``, ``en``, ``parent``, ``aliases``."""
    def add_category(
        self,
        code: str,
        sv: str,
        en: str,
        parent: Optional[str] = None,
        aliases: Sequence[str] = ...,
    ) -> str:
        """Adds a category (code: lower-case ASCII, digits, ``_``); ``parent`` is the code of
        its group. Returns the code."""
    def add_alias(self, alias: str, target: str) -> None:
        """Adds an alias to the category ``target`` names."""
    def extend_from_csv(self, text: str) -> int:
        """Extends from CSV with the header ``code,sv,en,parent,aliases`` (aliases separated
        by ``|``); existing codes only gain aliases. Returns the number of categories added."""
    def extend_from_json(self, text: str) -> int:
        """Extends from a JSON array of category objects. Returns the number added."""
    def polisen_category(self, event_type: str) -> Optional[str]:
        """The category code for a polisen.se event type; None for types that are not
        incident reports (summaries, traffic accidents …)."""
    def is_in_group(self, code: str, group: str) -> bool:
        """Whether ``code`` is ``group`` or lies below it (both: code, label or alias)."""
    def group_of(self, code: str) -> str:
        """The code of the top-level group of a category (itself when it has no parent)."""
    def copy(self) -> Taxonomy:
        """A copy."""
    def __copy__(self) -> Taxonomy: ...
    def __len__(self) -> int: ...
    def __contains__(self, key: str, /) -> bool: ...

# --- sample -------------------------------------------------------------------------------

def sample_town(n: int = 5000, seed: int = 1, *, weeks: int = 70) -> Incidents:
    """A seeded synthetic Swedish town (SWEREF 99 TM, EST taxonomy): ``n`` incidents over
    ``weeks`` weeks (at least 12) ending on Sunday 2026-11-22, with persistent, former and
    emerging hotspots. Identical for identical arguments."""
