"""Type stub of the extension module ``est._est`` (re-exported by ``est``)."""

import datetime
import os
import pathlib
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Optional, Union, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "AccuracyError",
    "FollowupError",
    "TrendError",
    "CellCounts",
    "CrsError",
    "DualKde",
    "EstError",
    "EstIOError",
    "GeneralG",
    "Grid",
    "GridError",
    "HotspotError",
    "HotspotMap",
    "IncidentIndex",
    "Incidents",
    "Kde",
    "Lagesbild",
    "LocalG",
    "LocalMoran",
    "Moran",
    "PaiCurve",
    "ParseError",
    "ReportError",
    "RowError",
    "RowWarning",
    "SpatialIndexError",
    "SpatialWeights",
    "StatsError",
    "StudyArea",
    "Taxonomy",
    "TaxonomyError",
    "ValidationError",
    "__version__",
    "adjust_pvalues",
    "auto_cell_size",
    "bandwidth",
    "concentration_curve",
    "counts",
    "counts_per_area",
    "crs_info",
    "dual_kde",
    "empirical_bayes",
    "esda_fdr",
    "general_g",
    "gini",
    "hotspots",
    "kde",
    "lagesbild",
    "local_g",
    "local_moran",
    "moran",
    "pai_curve",
    "raw_rates",
    "read_geojson",
    "read_geojson_text",
    "read_incidents",
    "read_incidents_text",
    "read_polisen_json",
    "read_polisen_json_text",
    "recapture_rate_index",
    "sample_town",
    "spatial_empirical_bayes",
    "spatial_rate",
    "top_share",
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
    """Grid construction problem: no points, degenerate extent, too many cells, an invalid
    study area, export columns of the wrong length (codes ``GRID_*``). A grid refused for
    longitude/latitude data raises :class:`CrsError` (``CRS_NOT_METRIC``) instead."""

class SpatialIndexError(EstError):
    """Spatial index problem: points or query values that are not finite, an invalid radius,
    box or k (codes ``INDEX_*``). Not named IndexError, which would shadow Python's."""

class ReportError(EstError):
    """The lägesbild could not be rendered."""

class HotspotError(EstError):
    """Hotspot statistics problem (codes ``HOTSPOT_*``): too few units, all values equal
    (zero variance), inputs of different lengths, a value that is not finite, invalid
    weights, an unknown kernel (the message lists the known ones), a bandwidth that is not a
    positive number of metres, a parameter out of range, an undefined statistic."""

class AccuracyError(EstError):
    """Accuracy or concentration measure problem (codes ``ACCURACY_*``): no events
    (``ACCURACY_NO_EVENTS``), a zero study area, inputs of different lengths, a negative or
    non-finite value, fewer than 2 units for a Gini coefficient, a fraction outside (0, 1]."""

class StatsError(EstError):
    """Shared statistics problem (codes ``STATS_*``): a p-value outside [0, 1], a
    significance level outside (0, 1), an unknown multiple-testing method (the message lists
    the known ones)."""

class TrendError(EstError):
    """Time-method problem (codes ``TREND_*``): a series too short, an invalid period, band or
    parameter, inputs of different lengths, no incidents in the period, no older periods
    for the Chainey classification, a computation too large."""

class FollowupError(EstError):
    """Follow-up problem (codes ``FOLLOWUP_*``): an invalid intervention registry (every
    problem in ``.issues``, dicts with ``path``, ``value``, ``message``, ``code``), a measure
    undefined for zero counts, an invalid parameter, an unknown intervention id."""

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
    def skipped(self) -> int:
        """Rows read but deliberately not loaded (e.g. polisen.se summaries), each with a
        warning."""
    @property
    def dst_gap(self) -> int:
        """Naive local times that fell in a DST gap (moved forward by the gap length)."""
    @property
    def dst_overlap(self) -> int:
        """Naive local times that fell in a DST overlap (the earlier instant taken)."""
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
    def to_geojson(self, *, include_ids: bool = True, include_text: bool = False) -> str:
        """A GeoJSON (RFC 7946) FeatureCollection of points in WGS 84 longitude/latitude
        (rounded to 7 decimals, about 1 cm), whatever the CRS of the incidents.

        Properties: ``id`` (unless ``include_ids=False``), ``time`` (RFC 3339 with the
        Europe/Stockholm offset), ``category``, ``category_sv``, ``organisation``, ``place``
        (when not empty), ``weight``, ``approximate_position``. Free text is internal and only
        written with ``include_text=True``. Raises :class:`CrsError` if a position cannot be
        transformed.
        """
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The incidents as a GeoJSON FeatureCollection dict in WGS 84 (``to_geojson()``
        parsed; no free text), for shapely, geopandas and other ``__geo_interface__``
        consumers."""
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

def read_geojson(
    path: Union[str, os.PathLike[str]],
    *,
    crs: Optional[_CrsLike] = None,
    on_error: Literal["raise", "collect"] = "raise",
    now: Union[datetime.datetime, str, None] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> Incidents:
    """Reads incidents from a GeoJSON file: a FeatureCollection (or one Feature) of Point
    features whose properties are named like the CSV columns (``id``, ``time``,
    ``category``, ``organisation``, ``place``, ``weight``, ``text`` or their Swedish forms).

    GeoJSON is WGS 84 longitude/latitude (RFC 7946), so the incidents come back in EPSG:4326
    unless ``crs`` says the file is in another CRS (older files in SWEREF 99 TM); use
    :meth:`Incidents.to_crs` before metric methods. A feature without an ``id`` property uses
    the feature's own id, else ``"F<position>"``.

    ``on_error``, ``now`` and ``taxonomy`` are as in :func:`read_incidents`; a bad feature is
    reported with its 1-based position as the line and ``geometry`` or the property as the
    field. Raises :class:`EstIOError`, :class:`ParseError` (not GeoJSON, not UTF-8) and
    :class:`ValidationError`.
    """

def read_geojson_text(
    text: str,
    *,
    crs: Optional[_CrsLike] = None,
    on_error: Literal["raise", "collect"] = "raise",
    now: Union[datetime.datetime, str, None] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> Incidents:
    """Reads incidents from GeoJSON text; the options are those of :func:`read_geojson`."""

def read_polisen_json(
    path: Union[str, os.PathLike[str]],
    *,
    on_error: Literal["raise", "collect"] = "raise",
    now: Union[datetime.datetime, str, None] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> Incidents:
    """Reads the Swedish Police's published events (the JSON array of the polisen.se events
    API) as incidents in WGS 84 with organisation ``"polis"``.

    **Positions are municipality or county centroids**, not incident places: every incident
    has flag 1 (approximate position) and a warning says so. Use them for counts and trends
    per area, never for hotspots or distances. Event types are mapped to categories
    (:meth:`Taxonomy.polisen_category`); types that are not incident reports (summaries,
    traffic accidents …) are skipped and counted in :attr:`Incidents.skipped`; an unknown
    type is a row error naming the closest types. The summary is kept as free text.

    Raises :class:`EstIOError`, :class:`ParseError` (malformed JSON) and
    :class:`ValidationError`.
    """

def read_polisen_json_text(
    text: str,
    *,
    on_error: Literal["raise", "collect"] = "raise",
    now: Union[datetime.datetime, str, None] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> Incidents:
    """Reads polisen.se events from JSON text; the options are those of
    :func:`read_polisen_json`."""

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

# --- grid ---------------------------------------------------------------------------------

_GridShape = Literal["square", "hexagon"]
_ClipMode = Literal["intersects", "centroid_inside", "cut"]

def auto_cell_size(width_m: float, height_m: float) -> float:
    """sfhotspot's automatic cell size for a ``width_m × height_m`` bounding box: with
    ``side = min(width, height)``, ``floor(side/50/100)·100`` when that is positive, else
    ``side/50`` (rule "min_side/50, floor to 100 m").

    Raises :class:`GridError` (``GRID_DEGENERATE_EXTENT``) when ``side`` is not positive.
    """

@final
class StudyArea:
    """A study area (municipality, district, EST area) as a multipolygon in projected metres.

    Made by :meth:`StudyArea.from_geojson`; used by :meth:`Grid.clip` and
    :meth:`IncidentIndex.in_polygon`.
    """

    @staticmethod
    def from_geojson(
        text: str, *, crs: Optional[_CrsLike] = 4326, target: Optional[_CrsLike] = 3006
    ) -> StudyArea:
        """Reads a GeoJSON Polygon, MultiPolygon, Feature, FeatureCollection or
        GeometryCollection (all polygons combined) whose coordinates are in ``crs`` (WGS 84
        by default, as RFC 7946 says) and transforms every vertex to ``target`` (projected
        metres; SWEREF 99 TM by default). None means the default.

        Raises :class:`GridError` (``GRID_STUDY_AREA_*``: not JSON, not polygons, a bad
        vertex, no area) and :class:`CrsError` (a vertex outside the area of use, a
        geographic ``target``).
        """
    @property
    def area_m2(self) -> float:
        """Area in square metres."""
    @property
    def crs(self) -> int:
        """EPSG code of the coordinates."""
    @property
    def n_polygons(self) -> int:
        """Number of polygons."""

@final
class CellCounts:
    """Counts (or weighted sums) per active cell, and what fell outside the active cells.

    ``counts.sum() + outside == len(points)`` for unweighted counts (and likewise
    ``counts.sum() + outside_weight`` for weights).
    """

    @property
    def counts(self) -> npt.NDArray[np.float64]:
        """Per active cell, in :attr:`Grid.cells` order: the number of points, or the sum of
        their weights."""
    @property
    def outside(self) -> int:
        """Points outside every active cell (outside the grid, or in a clipped-away cell)."""
    @property
    def outside_weight(self) -> float:
        """Sum of the weights of those points (their number when unweighted)."""
    @property
    def total(self) -> float:
        """``counts.sum()``."""
    def __len__(self) -> int: ...

@final
class Grid:
    """A square or hexagonal grid in projected metres with its active cells.

    Cell ids are ``row · ncol + col`` (row 0 at the south, column 0 at the west); the centre
    of cell 0 is the data extent's south-west corner, as in ``sf::st_make_grid`` /
    sfhotspot. Squares are half-open (west and south edges belong to the cell); hexagons are
    pointy-topped with ``cell_size`` = flat-to-flat width. Per-cell outputs follow the
    active cells (:attr:`cells`, ascending ids); clipping removes cells (absent from counts,
    not zeros). ``len(grid)`` is the number of active cells.

    The constructors share the keywords ``cell_size`` (metres; None = automatic, see
    :func:`auto_cell_size`, recorded in :attr:`params_used`), ``shape``, ``max_cells``
    (refused above, before allocating) and ``warn_cells`` (a warning above).
    """

    @staticmethod
    def from_points(
        x: _ArrayLike1,
        y: _ArrayLike1,
        crs: _CrsLike,
        *,
        cell_size: Optional[float] = None,
        shape: _GridShape = "square",
        max_cells: int = 10_000_000,
        warn_cells: int = 100_000,
    ) -> Grid:
        """A grid over the bounding box of the points ``(x[i], y[i])`` in ``crs``.

        Raises :class:`CrsError` (``CRS_NOT_METRIC``) for longitude/latitude; :class:`GridError`
        for no points (``GRID_EMPTY``), a NaN point (``GRID_NOT_FINITE``), an invalid cell size,
        an automatic size over a zero-width extent (``GRID_DEGENERATE_EXTENT``) or too many
        cells (``GRID_TOO_MANY_CELLS``, naming the smallest cell size that fits); ValueError
        for an unknown ``shape``.
        """
    @staticmethod
    def for_incidents(
        incidents: Incidents,
        *,
        cell_size: Optional[float] = None,
        shape: _GridShape = "square",
        max_cells: int = 10_000_000,
        warn_cells: int = 100_000,
    ) -> Grid:
        """A grid over the positions of ``incidents`` (see :meth:`from_points`); lon/lat
        incidents raise :class:`CrsError` — transform them with :meth:`Incidents.to_crs`."""
    @staticmethod
    def from_extent(
        min_x: float,
        min_y: float,
        max_x: float,
        max_y: float,
        crs: _CrsLike,
        *,
        cell_size: Optional[float] = None,
        shape: _GridShape = "square",
        max_cells: int = 10_000_000,
        warn_cells: int = 100_000,
    ) -> Grid:
        """A grid over the rectangle ``[min_x, max_x] × [min_y, max_y]``, laid out exactly as
        over points with that bounding box. :class:`GridError` (``GRID_INVALID_EXTENT``) for a
        non-finite or unordered extent."""
    def clip(self, study_area: StudyArea, mode: _ClipMode = "intersects") -> Grid:
        """A new grid clipped to ``study_area`` (in the grid's CRS); this one is unchanged.

        ``"intersects"`` keeps whole cells overlapping the area's interior,
        ``"centroid_inside"`` whole cells whose centre is inside (or on the boundary),
        ``"cut"`` the overlapping cells cut to the area (their exported geometry and
        :attr:`areas` shrink). Every kept cell records :attr:`inside_fraction`.

        Raises :class:`GridError`: ``GRID_CRS_MISMATCH``, ``GRID_ALREADY_CLIPPED``,
        ``GRID_NO_CELLS_IN_STUDY_AREA``; ValueError for an unknown ``mode``.
        """
    def cell_of(self, x: float, y: float) -> Optional[int]:
        """The id of the active cell containing ``(x, y)``; None outside the grid or in a
        clipped-away cell."""
    def centroids(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Centres ``(x, y)`` of the active cells, in :attr:`cells` order."""
    def counts(
        self, x: _ArrayLike1, y: _ArrayLike1, weights: Optional[_ArrayLike1] = None
    ) -> CellCounts:
        """Counts the points ``(x[i], y[i])`` per active cell (sums ``weights`` when given).

        Returns a :class:`CellCounts`: ``.counts`` (float64 per active cell) and
        ``.outside`` / ``.outside_weight`` for the points in no active cell. Raises
        :class:`GridError` for x/y/weights of different lengths or a NaN point.
        """
    def counts_for(self, incidents: Incidents) -> CellCounts:
        """Counts ``incidents`` per active cell (unweighted; use :meth:`counts` with
        ``incidents.weights`` for weighted sums). :class:`GridError`
        (``GRID_CRS_MISMATCH``) when the incidents are in another CRS."""
    def to_geojson(self, columns: Optional[Mapping[str, _ArrayLike1]] = None) -> str:
        """The active cells as a GeoJSON FeatureCollection in WGS 84 (counter-clockwise
        rings), one feature per active cell with the properties ``cell``, ``row``, ``col``,
        ``inside_fraction`` and one per column (one value per active cell; NaN is written as
        null). Cut cells are written cut.

        Raises :class:`GridError` (``GRID_COLUMN_LENGTH``, ``GRID_DUPLICATE_COLUMN`` for a
        name used twice or clashing with a built-in property) and :class:`CrsError`.
        """
    def to_geojson_dict(self, columns: Optional[Mapping[str, _ArrayLike1]] = None) -> dict[str, Any]:
        """:meth:`to_geojson` parsed into a dict."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The active cells as a GeoJSON dict (``to_geojson_dict()``)."""
    @property
    def shape(self) -> _GridShape:
        """``"square"`` or ``"hexagon"``."""
    @property
    def cell_size(self) -> float:
        """Cell size in metres (square side or hexagon flat-to-flat width)."""
    @property
    def origin(self) -> tuple[float, float]:
        """South-west corner ``(x, y)`` of cell 0's bounding box."""
    @property
    def ncol(self) -> int:
        """Number of columns."""
    @property
    def nrow(self) -> int:
        """Number of rows."""
    @property
    def n_cells(self) -> int:
        """Number of active cells (after clipping; hexagon margin cells not touching the
        extent are inactive)."""
    @property
    def crs(self) -> int:
        """EPSG code of the grid."""
    @property
    def extent(self) -> tuple[float, float, float, float]:
        """The data extent the grid was laid over, ``(min_x, min_y, max_x, max_y)``."""
    @property
    def cells(self) -> npt.NDArray[np.uint32]:
        """Active cell ids, ascending; per-cell outputs are in this order."""
    @property
    def inside_fraction(self) -> npt.NDArray[np.float64]:
        """Per active cell, ``area(cell ∩ study area) / area(cell)``, in (0, 1] (1 when
        unclipped)."""
    @property
    def areas(self) -> npt.NDArray[np.float64]:
        """Per active cell, the area inside the study area in m² (``inside_fraction`` × cell
        area): the denominator for densities."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter as a dict ``{"name", "value", "source", "rule"}``: ``source`` is
        ``"user"``, ``"default"`` or ``"auto"``, ``rule`` the automatic rule (else None)."""
    @property
    def warnings(self) -> list[str]:
        """Warnings (e.g. more than ``warn_cells`` cells)."""
    @property
    def clip_mode(self) -> Optional[_ClipMode]:
        """The clip mode, None for an unclipped grid."""
    def __len__(self) -> int: ...

# --- index --------------------------------------------------------------------------------

@final
class IncidentIndex:
    """An R-tree over points in projected metres. Queries return row ids (positions in the
    incidents or coordinate arrays it was built from) as uint32 arrays in a deterministic
    order; the results equal a linear scan.

    ``IncidentIndex(incidents)`` indexes incidents (lon/lat raises :class:`CrsError`
    ``CRS_NOT_METRIC``; non-finite positions are left out); :meth:`from_points` indexes
    coordinate arrays. Invalid queries raise :class:`SpatialIndexError`.
    """

    def __new__(cls, incidents: Incidents) -> IncidentIndex: ...
    @staticmethod
    def from_points(x: _ArrayLike1, y: _ArrayLike1) -> IncidentIndex:
        """Indexes the points ``(x[i], y[i])``; row id ``i``. :class:`SpatialIndexError` for
        x/y of different lengths or a non-finite point (naming the first)."""
    def within_radius(self, x: float, y: float, radius_m: float) -> npt.NDArray[np.uint32]:
        """Row ids of the points at distance ≤ ``radius_m`` from ``(x, y)``, ascending.
        :class:`SpatialIndexError` for a non-finite location or a negative/NaN radius."""
    def in_bbox(
        self, min_x: float, min_y: float, max_x: float, max_y: float
    ) -> npt.NDArray[np.uint32]:
        """Row ids of the points with ``min_x ≤ x ≤ max_x`` and ``min_y ≤ y ≤ max_y``,
        ascending. :class:`SpatialIndexError` for a non-finite or unordered box."""
    def in_polygon(self, area: StudyArea) -> npt.NDArray[np.uint32]:
        """Row ids of the points inside ``area`` or on its boundary, ascending. An index of
        incidents raises ValueError when ``area`` is in another CRS."""
    def nearest(
        self, x: float, y: float, k: int
    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.float64]]:
        """The ``k`` nearest points to ``(x, y)``: row ids and distances in metres, by
        ascending distance (ties by row id); fewer when the index holds fewer points.
        :class:`SpatialIndexError` for ``k = 0`` or a non-finite location."""
    def __len__(self) -> int: ...

# --- report -------------------------------------------------------------------------------

@final
class Lagesbild:
    """A lägesbild (situation picture): a reporting period's incidents against a baseline,
    per category, organisation, week and grid cell, with every parameter it chose.

    Made by :func:`lagesbild`; keeps a copy of the incidents for the map in :meth:`to_html`.
    """

    def to_html(self) -> str:
        """One self-contained HTML page: inline CSS and SVG map, category table and weekly
        chart; no scripts, no network, printable. Free text is never written."""
    def to_json(self) -> str:
        """The content as pretty-printed JSON (``"schema": "est.lagesbild/1"``)."""
    def to_dict(self) -> dict[str, Any]:
        """:meth:`to_json` parsed into a dict (dates as ISO strings)."""
    def write(
        self, out_dir: Union[str, os.PathLike[str]]
    ) -> tuple[pathlib.Path, pathlib.Path]:
        """Writes ``lagesbild.html`` and ``lagesbild.json`` into ``out_dir`` (created if
        missing) and returns their paths. :class:`EstIOError` on an OS failure."""
    @property
    def title(self) -> str:
        """Title (``"Lägesbild"`` unless given)."""
    @property
    def period(self) -> dict[str, Any]:
        """The reporting period and baseline: ``start``, ``end``, ``baseline_start``,
        ``baseline_end`` (``datetime.date``, inclusive, Europe/Stockholm), ``iso_week``
        (e.g. ``"2026-W47"``), ``baseline_periods``, ``time_zone``."""
    @property
    def n_incidents(self) -> int:
        """Incidents in the data set."""
    @property
    def n_current(self) -> int:
        """Incidents in the reporting period."""
    @property
    def n_approximate(self) -> int:
        """Incidents with an approximate position (area centroids), left off the map and
        grid."""
    @property
    def warnings(self) -> list[str]:
        """Things the reader should know (incomplete last week, short baseline …)."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter as in :attr:`Grid.params_used`."""
    @property
    def grid(self) -> Grid:
        """The counts grid (a copy), over the incidents with exact positions in metres."""
    @property
    def language(self) -> Literal["sv", "en"]:
        """Language of the page."""

def lagesbild(
    incidents: Incidents,
    *,
    title: Optional[str] = None,
    period_end: Union[datetime.date, str, None] = None,
    period_weeks: int = 1,
    baseline_periods: int = 12,
    cell_size: Optional[float] = None,
    shape: _GridShape = "square",
    language: Literal["sv", "en"] = "sv",
) -> Lagesbild:
    """Builds the lägesbild of ``incidents`` (any CRS; lon/lat is projected to SWEREF 99 TM
    for the grid, and the choice recorded).

    The reporting period is the ``period_weeks`` whole ISO weeks (Monday–Sunday,
    Europe/Stockholm) ending with the week of ``period_end`` (a ``datetime.date`` or
    ``"YYYY-MM-DD"``; default the date of the latest incident); the baseline is the
    ``baseline_periods`` periods before it. ``cell_size`` and ``shape`` set the counts grid
    (automatic size by default). ``language`` is ``"sv"`` (default) or ``"en"``.

    Raises :class:`ReportError` (no incidents, ``period_weeks`` outside 1–52),
    :class:`GridError` / :class:`CrsError` from the grid, ValueError for an unknown
    ``shape`` or ``language``, TypeError for a ``period_end`` that is not a date.
    """

# --- sample -------------------------------------------------------------------------------

def sample_town(n: int = 5000, seed: int = 1, *, weeks: int = 70) -> Incidents:
    """A seeded synthetic Swedish town (SWEREF 99 TM, EST taxonomy): ``n`` incidents over
    ``weeks`` weeks (at least 12) ending on Sunday 2026-11-22, with persistent, former and
    emerging hotspots. Identical for identical arguments."""

# --- stats --------------------------------------------------------------------------------

_Adjustment = Literal["none", "bonferroni", "holm", "fdr_bh", "fdr_by"]
_Alternative = Literal["two-sided", "greater", "lesser", "folded"]
_Ties = Literal["at_least_as_extreme", "esda"]

def adjust_pvalues(p: _ArrayLike1, method: str = "fdr_bh") -> npt.NDArray[np.float64]:
    """Multiple-testing adjusted p-values, in input order (statsmodels ``multipletests``).

    ``method``: ``"none"``, ``"bonferroni"``, ``"holm"``, ``"fdr_bh"`` (Benjamini–Hochberg,
    the default; also ``"bh"``, ``"fdr"``) or ``"fdr_by"`` (Benjamini–Yekutieli; ``"by"``),
    case-insensitive. NaN means "not tested": it is left out of the family (``m`` counts the
    non-NaN values) and stays NaN. Adjusted values are capped at 1.

    Raises :class:`StatsError` for a p-value outside [0, 1] (``STATS_INVALID_P``) or an
    unknown method (``STATS_UNKNOWN_METHOD``, naming the accepted ones).
    """

def esda_fdr(p: _ArrayLike1, alpha: float = 0.05) -> float:
    """PySAL esda's ``fdr(p, alpha)``: a p-value *cut-off* (not adjusted p-values) — the
    largest ``k·alpha/m`` with ``p_(k) < k·alpha/m``, or ``alpha/m`` when none qualifies.
    NaN p-values are not tested. Raises :class:`StatsError` for ``alpha`` outside (0, 1) or
    a p-value outside [0, 1]."""

# --- hotspot ------------------------------------------------------------------------------

@final
class SpatialWeights:
    """Sparse spatial weights: for each unit its non-self neighbours ``j`` with weights
    ``w_ij``, plus optional self weights ``w_ii`` (Getis–Ord Gi*).

    Built with :meth:`distance_band`, :meth:`knn` or :meth:`grid_contiguity`; ``style`` is
    ``"binary"`` (``w_ij = 1``, libpysal transform ``"B"``) or ``"row"`` (row-standardised,
    ``w_ij / W_i`` with the row sum including any self weight, libpysal ``"R"``).
    ``self_weight=True`` adds ``w_ii = 1`` before standardisation. ``len(w)`` is the number
    of units.
    """

    @staticmethod
    def distance_band(
        x: _ArrayLike1,
        y: _ArrayLike1,
        distance: float,
        *,
        self_weight: bool = False,
        style: Literal["binary", "row"] = "binary",
    ) -> SpatialWeights:
        """``j`` is a neighbour of ``i`` when ``0 < d_ij <= distance`` (Euclidean, projected
        metres), as libpysal ``DistanceBand(binary=True)``; coincident points are not
        neighbours. Raises :class:`HotspotError` for coordinates that are not finite, arrays
        of different lengths or a distance that is not positive."""
    @staticmethod
    def knn(
        x: _ArrayLike1,
        y: _ArrayLike1,
        k: int,
        *,
        self_weight: bool = False,
        style: Literal["binary", "row"] = "binary",
    ) -> SpatialWeights:
        """The ``k`` nearest other points of each point (among equidistant candidates the
        lower index wins). Raises :class:`HotspotError` when ``k`` is 0 or not below the
        number of points."""
    @staticmethod
    def grid_contiguity(
        grid: Grid,
        contiguity: Literal["queen", "rook"] = "queen",
        *,
        self_weight: bool = False,
        style: Literal["binary", "row"] = "binary",
    ) -> SpatialWeights:
        """Contiguity among the active cells of ``grid`` (units in ``grid.cells`` order):
        queen = 8 neighbours (shared edge or corner), rook = 4 (shared edge); hexagon grids
        always use their 6 neighbours. Clipped-away cells are not neighbours. Computed from
        integer cell offsets, never from floating distances."""
    @property
    def n(self) -> int:
        """Number of units."""
    @property
    def islands(self) -> npt.NDArray[np.int64]:
        """Units without non-self neighbours, ascending."""
    @property
    def cardinalities(self) -> npt.NDArray[np.int64]:
        """Number of non-self neighbours of each unit."""
    @property
    def self_weights(self) -> Optional[npt.NDArray[np.float64]]:
        """Self weights ``w_ii``, or None when the weights have no diagonal."""
    @property
    def style(self) -> Optional[Literal["binary", "row"]]:
        """``"binary"`` or ``"row"`` (None for weights of no builder style)."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """How the weights were built (kind, band or k, self weight, style) with provenance."""
    def neighbours(self, i: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Row ``i``: the non-self neighbour indices (ascending) and their weights.
        IndexError when ``i >= n``."""
    def to_lists(self) -> tuple[list[list[int]], list[list[float]]]:
        """Every row as lists, ``(neighbours, weights)`` with one list per unit (libpysal's
        ``W.neighbors`` / ``W.weights`` in unit order; self weights not included)."""
    def row_standardised(self) -> SpatialWeights:
        """A row-standardised copy (rows of islands stay zero)."""
    def with_self_weights(self, value: float) -> SpatialWeights:
        """A copy with the self weight ``w_ii = value`` for every unit (replacing any)."""
    def __len__(self) -> int: ...

@final
class LocalG:
    """Local Getis–Ord Gi* or Gi; every array has one entry per unit (input order)."""

    @property
    def star(self) -> bool:
        """True for Gi*, False for Gi."""
    @property
    def g(self) -> npt.NDArray[np.float64]:
        """The G statistic (esda ``Gs``): ``Σ_j w_ij x_j / Σ_j x_j`` (Gi: both sums
        without ``i``)."""
    @property
    def z(self) -> npt.NDArray[np.float64]:
        """Ord–Getis z (esda ``Zs`` with ``transform="B"``); NaN where undefined."""
    @property
    def p_norm(self) -> npt.NDArray[np.float64]:
        """Two-sided analytic p, ``2·(1 − Φ(|z|))`` (esda's ``p_norm`` is one-sided)."""
    @property
    def p_sim(self) -> Optional[npt.NDArray[np.float64]]:
        """Conditional permutation p, ``(M + 1)/(R + 1)`` under the chosen alternative and
        ties policy; None when ``permutations=0``."""
    @property
    def islands(self) -> npt.NDArray[np.int64]:
        """Units without non-self neighbours (Gi* reduces to the unit's own value there, Gi
        is undefined)."""
    @property
    def undefined(self) -> npt.NDArray[np.int64]:
        """Units whose z is undefined (NaN): the neighbourhood covers every unit, or (Gi)
        the other values are all equal or the unit is an island."""
    @property
    def n_problems(self) -> int:
        """Number of distinct conditional problems simulated (0 without permutations)."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter (weights, star, permutations, seed, RNG, alternative, ties) with
        its value and provenance."""
    @property
    def warnings(self) -> list[str]:
        """Warnings (islands, undefined z)."""
    def __len__(self) -> int: ...

def local_g(
    values: _ArrayLike1,
    x: Optional[_ArrayLike1] = None,
    y: Optional[_ArrayLike1] = None,
    *,
    distance: Optional[float] = None,
    star: bool = True,
    binary: bool = True,
    permutations: int = 999,
    seed: Optional[int] = None,
    ties: _Ties = "at_least_as_extreme",
    alternative: _Alternative = "two-sided",
    weights: Optional[SpatialWeights] = None,
) -> LocalG:
    """Local Getis–Ord Gi* (``star=True``, est's default) or Gi (``star=False``, esda's
    default) of ``values`` — the esda ``G_Local`` style call for values and coordinates of
    any units (cells, districts, points).

    Weights: a distance band ``0 < d_ij <= distance`` over the points ``(x, y)`` (projected
    metres), with the self weight ``w_ii = 1`` for Gi*; or ``weights=`` (a
    :class:`SpatialWeights`, then x, y and distance stay None). ``binary=True`` uses binary
    weights (esda ``transform="B"``); ``binary=False`` row-standardises them (given weights
    are row-standardised too, after Gi*'s ``w_ii = 1`` for binary weights without a
    diagonal; with ``binary=True`` given weights are used as they are).

    z is the Ord–Getis z, which does not change when a row of weights is rescaled: binary
    and row-standardised weights give the **same** z. esda's ``transform="R"`` z differs
    (it uses ``W_i(n − W_i)`` where ``n·S1_i − W_i²`` belongs and is smaller by about
    ``√(k+1)``); compare with esda's ``transform="B"``.

    Permutation inference: ``permutations`` conditional randomisations (0 = none, then
    ``p_sim`` is None) of the neighbourhood sum with the unit's own value held fixed;
    ``seed=None`` uses the core's default seed ``0x5EED``; ``alternative`` is
    ``"two-sided"`` (default), ``"greater"``, ``"lesser"`` or ``"folded"``; ``ties`` is
    ``"at_least_as_extreme"`` (est's default: a simulated sum equal to the observed one
    counts against the observation on whichever tail is tested, so an all-zero neighbourhood
    is not a "cold spot") or ``"esda"`` (esda/GeoDa: a tie counts as larger; for parity).

    Raises :class:`HotspotError`: fewer than 3 units, all values equal, a value that is not
    finite, lengths that differ, invalid weights; ValueError for an unknown ``ties`` /
    ``alternative`` or a missing x, y, distance.
    """

@final
class GeneralG:
    """The global General G (Getis & Ord 1992) with binary weights."""

    @property
    def g(self) -> float:
        """``G = ΣΣ_{j≠i} w_ij x_i x_j / ΣΣ_{j≠i} x_i x_j``."""
    @property
    def expected(self) -> float:
        """``E[G] = S0 / (n(n − 1))``."""
    @property
    def variance(self) -> float:
        """``Var[G]`` under randomisation."""
    @property
    def z(self) -> float:
        """``(G − E[G]) / sqrt(Var[G])``."""
    @property
    def p_norm(self) -> float:
        """Two-sided analytic p."""
    @property
    def p_norm_one_sided(self) -> float:
        """esda's one-sided ``1 − Φ(|z|)`` (for comparison)."""
    @property
    def p_sim(self) -> Optional[float]:
        """Permutation p over full permutations of the values; None without permutations."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""

def general_g(
    values: _ArrayLike1,
    x: Optional[_ArrayLike1] = None,
    y: Optional[_ArrayLike1] = None,
    *,
    distance: Optional[float] = None,
    weights: Optional[SpatialWeights] = None,
    permutations: int = 999,
    seed: Optional[int] = None,
    alternative: _Alternative = "two-sided",
    ties: _Ties = "at_least_as_extreme",
) -> GeneralG:
    """General G (esda ``G``) of non-negative ``values`` under a binary distance band over
    ``(x, y)`` or ``weights`` (any non-zero weight counts as 1; self weights are ignored).
    ``seed=None`` is the core default ``0x5EED``. Raises :class:`HotspotError` (fewer than 4
    units, a negative value, fewer than two non-zero values …)."""

@final
class Moran:
    """Global Moran's I with analytic (normality, randomisation) and permutation inference."""

    @property
    def i(self) -> float:
        """``I = (n/S0)·Σ_ij w_ij z_i z_j / Σ_i z_i²``."""
    @property
    def expected(self) -> float:
        """``E[I] = −1/(n − 1)``."""
    @property
    def var_norm(self) -> float:
        """Variance under normality."""
    @property
    def z_norm(self) -> float:
        """z under normality."""
    @property
    def p_norm(self) -> float:
        """Two-sided p under normality."""
    @property
    def var_rand(self) -> float:
        """Variance under randomisation."""
    @property
    def z_rand(self) -> float:
        """z under randomisation."""
    @property
    def p_rand(self) -> float:
        """Two-sided p under randomisation."""
    @property
    def p_sim(self) -> Optional[float]:
        """Permutation p; None without permutations."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""

def moran(
    values: _ArrayLike1,
    x: Optional[_ArrayLike1] = None,
    y: Optional[_ArrayLike1] = None,
    *,
    distance: Optional[float] = None,
    weights: Optional[SpatialWeights] = None,
    permutations: int = 999,
    seed: Optional[int] = None,
    row_standardise: bool = True,
    alternative: _Alternative = "two-sided",
    ties: _Ties = "at_least_as_extreme",
) -> Moran:
    """Global Moran's I (esda ``Moran``) of ``values`` under a binary distance band over
    ``(x, y)`` or ``weights`` (self weights ignored), row-standardised first by default (esda
    ``transformation="r"``). ``seed=None`` is the core default ``0x5EED``. Raises
    :class:`HotspotError` (fewer than 4 units, all values equal …)."""

@final
class LocalMoran:
    """Local Moran's I (LISA, Anselin 1995); every array has one entry per unit.

    Quadrants use esda's numbering: 1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low (GeoDa
    swaps 2 and 3).
    """

    @property
    def i(self) -> npt.NDArray[np.float64]:
        """Local statistic ``I_i = (n − 1)·z_i·lag_i / Σ_k z_k²`` (esda ``Is``)."""
    @property
    def z(self) -> npt.NDArray[np.float64]:
        """Standardised values ``(y − ȳ)/sd`` (population sd)."""
    @property
    def lag(self) -> npt.NDArray[np.float64]:
        """Spatial lag ``Σ_j w_ij z_j``."""
    @property
    def quadrants(self) -> npt.NDArray[np.int8]:
        """Quadrant of each unit (esda ``q``): 1 HH, 2 LH, 3 LL, 4 HL."""
    @property
    def clusters(self) -> npt.NDArray[np.int8]:
        """The quadrant where the permutation p is below ``significance``, else 0 (all 0
        without permutations)."""
    @property
    def cluster_labels(self) -> list[str]:
        """esda's labels: ``"High-High"``, ``"Low-High"``, ``"Low-Low"``, ``"High-Low"`` or
        ``"Insignificant"``."""
    @property
    def expected(self) -> npt.NDArray[np.float64]:
        """``E[I_i]`` under total randomisation (esda ``EI``)."""
    @property
    def variance(self) -> npt.NDArray[np.float64]:
        """``Var[I_i]`` under total randomisation (esda ``VI``)."""
    @property
    def expected_conditional(self) -> npt.NDArray[np.float64]:
        """``E[I_i]`` under conditional randomisation (esda ``EIc``)."""
    @property
    def variance_conditional(self) -> npt.NDArray[np.float64]:
        """``Var[I_i]`` under conditional randomisation (esda ``VIc``)."""
    @property
    def z_norm(self) -> npt.NDArray[np.float64]:
        """``(I_i − E[I_i])/sqrt(Var[I_i])``."""
    @property
    def p_norm(self) -> npt.NDArray[np.float64]:
        """Two-sided analytic p from ``z_norm`` (rough for skewed data)."""
    @property
    def p_sim(self) -> Optional[npt.NDArray[np.float64]]:
        """Conditional permutation p; None without permutations."""
    @property
    def islands(self) -> npt.NDArray[np.int64]:
        """Units without neighbours (lag 0)."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    def __len__(self) -> int: ...

def local_moran(
    values: _ArrayLike1,
    x: Optional[_ArrayLike1] = None,
    y: Optional[_ArrayLike1] = None,
    *,
    distance: Optional[float] = None,
    weights: Optional[SpatialWeights] = None,
    permutations: int = 999,
    seed: Optional[int] = None,
    row_standardise: bool = True,
    significance: float = 0.05,
    alternative: _Alternative = "two-sided",
    ties: _Ties = "at_least_as_extreme",
) -> LocalMoran:
    """Local Moran's I (esda ``Moran_Local``) under a binary distance band over ``(x, y)``
    or ``weights``, row-standardised by default, with conditional permutation p (``seed=None``
    is the core default ``0x5EED``). Raises :class:`HotspotError` (fewer than 3 units, all
    values equal, ``significance`` outside (0, 1) …)."""

_Kernel = Literal[
    "quartic", "biweight", "epanechnikov", "triweight", "triangular", "linear", "uniform",
    "tophat", "gaussian", "normal",
]
_BandwidthRule = Literal["nrd", "silverman", "esri"]

@final
class Kde:
    """A kernel density surface at the centres of a grid's active cells (arrays in
    ``grid.cells`` order)."""

    @property
    def density_per_km2(self) -> npt.NDArray[np.float64]:
        """Incidents per km² (a true density; the kernels integrate to 1 in 2-D)."""
    @property
    def expected_per_cell(self) -> npt.NDArray[np.float64]:
        """Density × the cell's area: expected incidents per cell (comparable with counts)."""
    @property
    def kernel_sum(self) -> npt.NDArray[np.float64]:
        """``Σ wᵢ·profile(dᵢ/h)``: sfhotspot's / SpatialKDE's unscaled "weighted point count",
        not a density."""
    @property
    def bandwidth_m(self) -> float:
        """The bandwidth used, metres (the rule's value × ``adjust``)."""
    @property
    def kernel(self) -> str:
        """The kernel's name (``"quartic"``, ``"epanechnikov"``, ``"triweight"``,
        ``"triangular"``, ``"uniform"``, ``"gaussian"``)."""
    @property
    def grid(self) -> Grid:
        """The grid the surface is on."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Kernel, bandwidth rule and value, adjust … with provenance."""
    @property
    def warnings(self) -> list[str]:
        """E.g. a bandwidth smaller than the cell."""
    def __len__(self) -> int: ...

def kde(
    x: Union[_ArrayLike1, Incidents],
    y: Optional[_ArrayLike1] = None,
    *,
    grid: Optional[Grid] = None,
    weights: Optional[_ArrayLike1] = None,
    kernel: str = "quartic",
    bandwidth: Union[None, float, _BandwidthRule] = None,
    adjust: float = 1.0,
    gaussian_cutoff: float = 5.0,
    crs: Optional[_CrsLike] = None,
) -> Kde:
    """Kernel density of points at the centres of the active cells of ``grid``.

    Points: ``x``, ``y`` arrays in the grid's CRS (projected metres), or an
    :class:`Incidents` as ``x`` (``y`` and ``crs`` None): their metric coordinates are used —
    transformed to the grid's CRS when a grid is given, otherwise lon/lat data are
    transformed to SWEREF 99 TM (EPSG:3006) explicitly. ``weights``: one non-negative weight
    per point (None = unweighted).

    ``grid=None`` lays the default grid (automatic cell size, squares) over the points; with
    bare arrays this needs ``crs`` (est never guesses a CRS).

    ``kernel``: ``"quartic"`` (biweight, default), ``"epanechnikov"``, ``"triweight"``,
    ``"triangular"`` (scikit-learn's ``"linear"``), ``"uniform"`` (``"tophat"``) or
    ``"gaussian"`` (``h`` = standard deviation, truncated at ``gaussian_cutoff``·h;
    ``float("inf")`` sums every point as scikit-learn does). ``bandwidth``: None (the rule
    ``"nrd"``: mean of MASS ``bandwidth.nrd`` of x and y), a number of metres, or a rule
    ``"nrd"``, ``"silverman"`` (2-D normal reference per kernel), ``"esri"`` (ArcGIS's robust
    rule); multiplied by ``adjust``.

    Raises :class:`HotspotError` for an unknown kernel (``HOTSPOT_INVALID_KERNEL``), a
    bandwidth that is not positive (``HOTSPOT_INVALID_BANDWIDTH``), points or weights that
    are not finite; ValueError for an unknown rule or a missing grid/crs.
    """

def bandwidth(
    x: _ArrayLike1,
    y: _ArrayLike1,
    rule: _BandwidthRule = "nrd",
    kernel: str = "quartic",
) -> float:
    """The bandwidth in metres that ``rule`` (``"nrd"``, ``"silverman"``, ``"esri"``) gives
    for the points (``kernel`` matters for ``"silverman"`` only). Raises
    :class:`HotspotError` for fewer than 2 points or a degenerate spread."""

@final
class HotspotMap:
    """The one-call hotspot map: grid, counts, kernel density and Gi* with classes from
    multiple-testing-adjusted p-values. Per-cell arrays follow ``grid.cells``; ``len(map)``
    is the number of active cells."""

    @property
    def grid(self) -> Grid:
        """The grid (projected metres)."""
    @property
    def counts(self) -> npt.NDArray[np.float64]:
        """Incidents per cell."""
    @property
    def density_per_km2(self) -> npt.NDArray[np.float64]:
        """Kernel density at the cell centre, incidents per km²."""
    @property
    def expected(self) -> npt.NDArray[np.float64]:
        """Kernel density × cell area: expected incidents per cell."""
    @property
    def z(self) -> npt.NDArray[np.float64]:
        """Gi* z of the counts."""
    @property
    def p(self) -> npt.NDArray[np.float64]:
        """Gi* two-sided analytic p."""
    @property
    def p_sim(self) -> Optional[npt.NDArray[np.float64]]:
        """Gi* permutation p; None when ``permutations=0``."""
    @property
    def p_adjusted(self) -> npt.NDArray[np.float64]:
        """The p-values the classes are drawn from (analytic or permutation, ``class_p``),
        adjusted across cells (``adjustment``)."""
    @property
    def classes(self) -> npt.NDArray[np.int8]:
        """Esri-style classes: +3/+2/+1 hot spot at 99/95/90 % (adjusted p < 0.01/0.05/0.10
        with z > 0), −3/−2/−1 cold spot, 0 not significant."""
    @property
    def class_counts(self) -> dict[int, int]:
        """Number of cells per class, keys −3 … 3."""
    @property
    def gi_star(self) -> LocalG:
        """The Gi* result behind the map."""
    @property
    def kde(self) -> Kde:
        """The kernel density surface behind the map."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter (cell size, bandwidth, neighbourhood, R, seed, adjustment …) with
        its value and provenance."""
    @property
    def warnings(self) -> list[str]:
        """Warnings from the grid, KDE and Gi*."""
    def to_geojson(self) -> str:
        """The cells as a GeoJSON FeatureCollection in WGS 84 (for MapLibre, Leaflet,
        GeoPandas) with the properties ``cell``, ``row``, ``col``, ``inside_fraction``,
        ``count``, ``density_per_km2``, ``expected``, ``gi_z``, ``gi_p``, ``gi_p_sim`` (when
        computed), ``gi_p_adjusted``, ``gi_class``."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """``to_geojson()`` parsed into a dict."""
    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """The per-cell table as arrays: ``cell``, ``row``, ``col``, ``x``, ``y`` (centre,
        grid CRS), ``lon``, ``lat`` (centre, WGS 84), ``count``, ``density_per_km2``,
        ``expected``, ``gi_z``, ``gi_p``, ``gi_p_sim`` (NaN without permutations),
        ``gi_p_adjusted``, ``gi_class`` (int8)."""
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per active cell and the columns of
        :meth:`columns`. pandas is imported on first use; ImportError if it is missing."""
    def to_geopandas(self) -> Any:
        """A ``geopandas.GeoDataFrame`` of the cell polygons in WGS 84 (EPSG:4326) with the
        GeoJSON properties as columns. geopandas is imported on first use; a clear
        ImportError if it is not installed."""
    def __len__(self) -> int: ...

def hotspots(
    incidents: Incidents,
    *,
    cell_size: Optional[float] = None,
    shape: _GridShape = "square",
    neighbourhood: Union[Literal["queen", "rook"], float] = "queen",
    kernel: str = "quartic",
    bandwidth: Union[None, float, _BandwidthRule] = None,
    permutations: int = 999,
    seed: Optional[int] = None,
    adjustment: str = "fdr_bh",
    class_p: Literal["analytic", "permutation"] = "analytic",
    alternative: _Alternative = "two-sided",
    ties: _Ties = "at_least_as_extreme",
    max_cells: int = 10_000_000,
    warn_cells: int = 100_000,
) -> HotspotMap:
    """The one-call hotspot map of ``incidents`` (lon/lat data are projected to SWEREF 99 TM
    first, and the choice recorded in ``params_used``).

    Steps: a grid over the incidents (``cell_size`` None = sfhotspot's automatic size;
    ``shape`` square or hexagon); counts per cell; kernel density (``kernel``, ``bandwidth``
    as in :func:`kde`); Gi* on the counts with ``neighbourhood`` = ``"queen"`` (8 cells, the
    default; 6 on hexagons), ``"rook"`` (4) or a distance band in metres, plus the cell
    itself; analytic p and ``permutations`` conditional permutations (``seed=None`` = the core
    default ``0x5EED``; 0 = none); the ``adjustment`` across cells (``"fdr_bh"`` default,
    ``"none"``, ``"bonferroni"``, ``"holm"``, ``"fdr_by"``); classes from the adjusted
    ``class_p`` p-values (``"analytic"`` default, as Esri/spdep/sfhotspot, or
    ``"permutation"``).

    Raises :class:`GridError`/:class:`CrsError` from the grid, :class:`HotspotError`
    (e.g. ``HOTSPOT_ZERO_VARIANCE`` when every cell has the same count, an unknown kernel),
    :class:`StatsError` for an unknown adjustment, ValueError for other unknown names.
    """

_DualMeasure = Literal["ratio", "log", "difference", "sum", "relative_risk"]

@final
class DualKde:
    """Two kernel densities on the same grid compared cell by cell (arrays in ``grid.cells``
    order)."""

    @property
    def values(self) -> npt.NDArray[np.float64]:
        """The measure per active cell, float64; **NaN where it is undefined**: the
        denominator at most ``floor × max(y.density_per_km2)`` (``ratio``, ``log``,
        ``relative_risk``) or a zero numerator (``log``). Never ±inf."""
    @property
    def measure(self) -> str:
        """``"ratio"``, ``"log"``, ``"difference"``, ``"sum"`` or ``"relative_risk"``."""
    @property
    def x(self) -> Kde:
        """Density of the first set (numerator)."""
    @property
    def y(self) -> Kde:
        """Density of the second set (denominator), with the first set's bandwidth."""
    @property
    def floor(self) -> float:
        """The relative floor of the denominator."""
    def __len__(self) -> int: ...

def dual_kde(
    x1: _ArrayLike1,
    y1: _ArrayLike1,
    x2: _ArrayLike1,
    y2: _ArrayLike1,
    *,
    grid: Grid,
    weights1: Optional[_ArrayLike1] = None,
    weights2: Optional[_ArrayLike1] = None,
    measure: _DualMeasure = "ratio",
    kernel: str = "quartic",
    bandwidth: Union[None, float, _BandwidthRule] = None,
    adjust: float = 1.0,
    floor: float = 1e-12,
) -> DualKde:
    """Compares the densities of two point sets (in the grid's CRS) on the active cells of
    ``grid`` — e.g. one category over all incidents, or incidents over population points.

    The bandwidth is chosen from the **first** set (``bandwidth``, ``adjust`` as in
    :func:`kde`) and used for both, as sfhotspot's ``hotspot_dual_kde``. Measures:
    ``"ratio"`` ``d1/d2``; ``"log"`` ``ln(d1/d2)``; ``"difference"`` ``d1 − d2``; ``"sum"``
    ``d1 + d2``; ``"relative_risk"`` ``(d1/Σw1)/(d2/Σw2)`` (1 where both sets are equally
    concentrated). Undefined cells are NaN in :attr:`DualKde.values`.

    Raises :class:`HotspotError` as :func:`kde`, and for a floor outside [0, 1);
    ValueError for an unknown measure.
    """

@final
class PaiCurve:
    """PAI, PEI, hit rate and ptools' RRI after flagging the top 1, 2, … cells of a
    prediction; every array is in rank order (element k: the top k + 1 cells)."""

    @property
    def order(self) -> npt.NDArray[np.int64]:
        """Cell indices in rank order: predicted density descending, ties by observed count
        ascending (the least favourable order, as ptools)."""
    @property
    def area_share(self) -> npt.NDArray[np.float64]:
        """Share of the study area flagged."""
    @property
    def hit_rate(self) -> npt.NDArray[np.float64]:
        """Share of the observed events in the flagged cells, ``n/N``."""
    @property
    def pai(self) -> npt.NDArray[np.float64]:
        """Predictive accuracy index ``(n/N)/(a/A)`` (Chainey, Tompson & Uhlig 2008)."""
    @property
    def pei(self) -> npt.NDArray[np.float64]:
        """Predictive efficiency index: PAI over the best PAI reachable with as many cells
        (NaN where that is 0)."""
    @property
    def pred_obs_ratio(self) -> npt.NDArray[np.float64]:
        """ptools' ``RRI``: cumulative predicted / cumulative observed (NaN where nothing was
        observed). Not Levine's index (:func:`recapture_rate_index`)."""
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per rank and the columns order, area_share,
        hit_rate, pai, pei, pred_obs_ratio. ImportError if pandas is missing."""
    def __len__(self) -> int: ...

def pai_curve(
    observed: _ArrayLike1,
    predicted: _ArrayLike1,
    area: Optional[_ArrayLike1] = None,
) -> PaiCurve:
    """The PAI curve of ``predicted`` (e.g. last period's density or counts per cell)
    against ``observed`` counts of the evaluation period; ``area`` per cell (None: equal
    cells). Raises :class:`AccuracyError`: ``ACCURACY_NO_EVENTS``, ``ACCURACY_ZERO_AREA``,
    ``ACCURACY_LENGTH_MISMATCH``, ``ACCURACY_INVALID_VALUE``."""

def recapture_rate_index(n1: float, n2: float, total1: float, total2: float) -> float:
    """Levine's (2008) recapture rate index ``(n2/n1)/(total2/total1)`` of hot spots flagged
    in period 1 (``n``: events in them, ``total``: all events); 1 = they kept their share.
    Raises :class:`AccuracyError` (``ACCURACY_NO_EVENTS`` when n1, total1 or total2 is 0)."""

def gini(counts: _ArrayLike1) -> dict[str, float]:
    """Gini coefficients of counts per unit: ``gini`` (G), ``gini_unbiased`` (G·n/(n − 1)),
    ``generalised`` (Bernasco & Steenbeek's G' for fewer events than units) and
    ``generalised_unbiased`` (NaN when min(n, N) ≤ 1). Raises :class:`AccuracyError`
    (``ACCURACY_TOO_FEW_UNITS``, ``ACCURACY_NO_EVENTS`` for all zeros,
    ``ACCURACY_INVALID_VALUE``)."""

def top_share(counts: _ArrayLike1, fraction: float) -> float:
    """Share of all events in the top ``fraction`` of units (⌈fraction·n⌉, at least one).
    Raises :class:`AccuracyError` (``ACCURACY_INVALID_FRACTION`` outside (0, 1])."""

def concentration_curve(
    counts: _ArrayLike1,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The concentration (Lorenz) curve: (share of units, share of events) after the k units
    with most events, k = 1 … n. Raises :class:`AccuracyError`."""

def counts(
    incidents: Incidents,
    *,
    grid: Grid,
    categories: Optional[Sequence[str]] = None,
    start: Union[None, str, datetime.datetime] = None,
    end: Union[None, str, datetime.datetime] = None,
    weighted: bool = False,
) -> CellCounts:
    """Counts of the selected incidents per active cell of ``grid`` (the incidents must be
    in the grid's CRS: :class:`GridError` ``GRID_CRS_MISMATCH`` otherwise).

    ``categories``: codes, labels or aliases; an incident counts when its category is one of
    them or lies below one in the taxonomy (``"skadegörelse"`` includes ``klotter``); None =
    all. ``start`` (inclusive) and ``end`` (exclusive): timezone-aware datetimes or ISO 8601
    strings; None = unbounded. ``weighted``: sum the incidents' weights instead.
    Raises :class:`TaxonomyError` for an unknown label."""

def counts_per_area(
    incidents: Incidents,
    areas: Mapping[str, StudyArea],
    *,
    categories: Optional[Sequence[str]] = None,
    start: Union[None, str, datetime.datetime] = None,
    end: Union[None, str, datetime.datetime] = None,
    weighted: bool = False,
) -> dict[str, float]:
    """Counts of the selected incidents (keywords as :func:`counts`) per named area; an
    incident on a boundary counts, and areas may overlap (an incident counts in each).

    The areas must be in the incidents' CRS — nothing is transformed implicitly: a
    :class:`CrsError` (code ``CRS_MISMATCH``) names both CRSs otherwise; read the areas
    with ``StudyArea.from_geojson(text, target=incidents.crs)`` or use
    :meth:`Incidents.to_crs`."""

def raw_rates(events: _ArrayLike1, base: _ArrayLike1) -> npt.NDArray[np.float64]:
    """Raw rates ``events / base`` (``base``: population at risk, positive). Raises
    :class:`HotspotError` for lengths that differ, negative or non-finite events, a base that
    is not positive."""

def empirical_bayes(events: _ArrayLike1, base: _ArrayLike1) -> npt.NDArray[np.float64]:
    """Global empirical-Bayes rates (Marshall 1991; esda ``Empirical_Bayes``, except that a
    negative variance estimate is set to 0): small bases are pulled towards the overall
    rate. Raises as :func:`raw_rates`."""

def spatial_rate(
    events: _ArrayLike1, base: _ArrayLike1, weights: SpatialWeights
) -> npt.NDArray[np.float64]:
    """The rate of each unit's neighbourhood (itself and its neighbours in ``weights``,
    taken as binary; self weights ignored): esda ``Spatial_Rate``. Raises as
    :func:`raw_rates`, and for weights over another number of units."""

def spatial_empirical_bayes(
    events: _ArrayLike1, base: _ArrayLike1, weights: SpatialWeights
) -> npt.NDArray[np.float64]:
    """Spatial empirical-Bayes rates: each unit shrunk towards its neighbourhood's rate
    (esda ``Spatial_Empirical_Bayes``; where a whole neighbourhood has no events est gives
    0, esda NaN). Raises as :func:`spatial_rate`."""
