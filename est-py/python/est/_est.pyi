"""Type stub of the extension module ``est._est`` (re-exported by ``est``)."""

import datetime
import os
import pathlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, Optional, Union, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "AccuracyError",
    "Alert",
    "AreaChange",
    "Bin",
    "CellCounts",
    "Chainey",
    "Change",
    "Cluster",
    "CrsError",
    "Did",
    "DualKde",
    "EarlyWarning",
    "EmergingHotspots",
    "EstError",
    "EstIOError",
    "Evaluation",
    "FollowupError",
    "GeneralG",
    "Grid",
    "GridError",
    "HotspotError",
    "HotspotMap",
    "IncidentIndex",
    "Incidents",
    "Kde",
    "Knox",
    "Lagesbild",
    "LocalG",
    "LocalMoran",
    "MannKendall",
    "MannKendallCube",
    "Moran",
    "PaiCurve",
    "ParseError",
    "Pattern",
    "Periods",
    "PublicExport",
    "RateRatio",
    "Recommendation",
    "Registry",
    "RelativeIrr",
    "ReportError",
    "RowError",
    "RowWarning",
    "Scan",
    "SpaceTimeCube",
    "SpatialIndexError",
    "SpatialWeights",
    "StatsError",
    "StudyArea",
    "Taxonomy",
    "TaxonomyError",
    "TemporalProfile",
    "Tne",
    "TrendError",
    "TwoRateTest",
    "ValidationError",
    "Wdd",
    "WddHarm",
    "Wdq",
    "__version__",
    "adjust_pvalues",
    "aoristic_profile",
    "auto_cell_size",
    "bandwidth",
    "bars_svg",
    "chainey",
    "change",
    "change_for_grid",
    "classify_chainey",
    "classify_pattern",
    "concentration_curve",
    "counts",
    "counts_per_area",
    "crs_info",
    "cube",
    "did_2x2",
    "did_panel",
    "dual_kde",
    "early_warning",
    "early_warning_for_areas",
    "emerging_hotspots",
    "emerging_patterns",
    "empirical_bayes",
    "esda_fdr",
    "evaluate",
    "general_g",
    "gini",
    "gross_net_effect",
    "heatmap_hour_weekday_svg",
    "hotspots",
    "hour_bars_svg",
    "iso_week",
    "kde",
    "knox",
    "knox_incidents",
    "lagesbild",
    "local_g",
    "local_moran",
    "mann_kendall",
    "mann_kendall_cube",
    "midpoint_boundary",
    "moran",
    "pai_curve",
    "periods",
    "profile",
    "public_export",
    "rate_ratio",
    "raw_rates",
    "read_geojson",
    "read_geojson_text",
    "read_incidents",
    "read_incidents_text",
    "read_polisen_json",
    "read_polisen_json_text",
    "recapture_rate_index",
    "recommend",
    "recommend_from_numbers",
    "relative_irr",
    "sample_town",
    "scan",
    "sen_slope_ci",
    "space_time_scan",
    "spatial_empirical_bayes",
    "spatial_rate",
    "test_poisson_2indep",
    "tne",
    "top_share",
    "transform",
    "wdd",
    "wdd_harm",
    "wdq",
    "weekday_bars_svg",
    "weeks_ending",
    "year_wheel_svg",
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
    registry: Optional[Registry] = None,
    trend_weeks: int = 26,
    tiles_url: Optional[str] = None,
    unit: Literal["weeks", "month", "tertial", "year"] = "weeks",
) -> Lagesbild:
    """Builds the lägesbild of ``incidents`` (any CRS; lon/lat is projected to SWEREF 99 TM
    for the grid, and the choice recorded).

    The reporting period is the ``period_weeks`` whole ISO weeks (Monday–Sunday,
    Europe/Stockholm) ending with the week of ``period_end`` (a ``datetime.date`` or
    ``"YYYY-MM-DD"``; default the date of the latest incident); the baseline is the
    ``baseline_periods`` periods before it. ``cell_size`` and ``shape`` set the counts grid
    (automatic size by default). ``language`` is ``"sv"`` (default) or ``"en"``.
    ``registry`` (a :class:`Registry`) gives named places — used by the early warning ("Nya
    problem") and drawn on the maps — and interventions, each with its follow-up and
    recommendation. ``trend_weeks`` is the length of the emerging hot spot analysis and the
    category trends (default 26). ``tiles_url`` (a ``{z}/{x}/{y}`` URL template of Web
    Mercator tiles) puts background tiles under the maps; without it the page needs no
    network. ``unit`` chooses whole ISO weeks (``period_weeks`` of them, default) or the
    calendar ``"month"``, ``"tertial"`` (Jan–Apr, May–Aug, Sep–Dec) or ``"year"`` containing
    ``period_end``; the baseline is ``baseline_periods`` such units. The JSON
    (``to_json()``) holds every section.

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

# --- stats: two-rate Poisson tests ---------------------------------------------------------

_TwoRateMethod = Literal[
    "score", "wald", "exact-cond", "cond-midp", "etest-score", "etest", "etest-wald"
]

@final
class TwoRateTest:
    """A two-sided test of equal Poisson rates ``c1/e1 = c2/e2`` (statsmodels
    ``test_poisson_2indep``, ``compare="ratio"``)."""

    @property
    def method(self) -> str:
        """The statsmodels name of the method used."""
    @property
    def statistic(self) -> float:
        """z (score, Wald) or the E-test's statistic; NaN for the exact conditional tests."""
    @property
    def p(self) -> float:
        """Two-sided p-value."""
    @property
    def pvalue(self) -> float:
        """Two-sided p-value (statsmodels' name; same as ``p``)."""
    @property
    def c1(self) -> int:
        """First count."""
    @property
    def e1(self) -> float:
        """First exposure."""
    @property
    def c2(self) -> int:
        """Second count."""
    @property
    def e2(self) -> float:
        """Second exposure."""

def test_poisson_2indep(
    c1: int, e1: float, c2: int, e2: float, method: _TwoRateMethod = "score"
) -> TwoRateTest:
    """Two-sided test of equal Poisson rates: counts ``c1``, ``c2`` over exposures ``e1``,
    ``e2`` (days, weeks …). ``method`` takes statsmodels' names: ``"score"`` (default),
    ``"wald"``, ``"exact-cond"`` (binomial, minlike p as scipy's ``binomtest``),
    ``"cond-midp"``, ``"etest-score"`` (``"etest"``, pooled E-test) and ``"etest-wald"``
    (unpooled E-test, the paper's). Agrees with statsmodels 0.15.0 to 1e-8.

    Raises :class:`StatsError`: ``STATS_UNKNOWN_METHOD``, ``STATS_INVALID_INPUT`` (a
    negative count, an exposure that is not positive, an E-test grid too large),
    ``STATS_UNDEFINED`` (``c1 = c2 = 0``)."""

@final
class RateRatio:
    """The incidence rate ratio ``(c1/e1)/(c2/e2)`` with a two-sided ``1 − alpha`` interval."""

    @property
    def irr(self) -> float:
        """The ratio (inf when ``c2 = 0 < c1``)."""
    @property
    def lower(self) -> float:
        """Lower limit."""
    @property
    def upper(self) -> float:
        """Upper limit (inf when ``c2 = 0`` for the exact and score intervals)."""
    @property
    def ci(self) -> str:
        """``"exact"``, ``"wald-log"`` or ``"score"``."""
    @property
    def alpha(self) -> float:
        """The significance level."""

def rate_ratio(
    c1: int,
    e1: float,
    c2: int,
    e2: float,
    ci: Literal["exact", "wald-log", "score"] = "exact",
    alpha: float = 0.05,
) -> RateRatio:
    """The incidence rate ratio with an ``"exact"`` (Clopper–Pearson, mapped), ``"wald-log"``
    or ``"score"`` (closed-form inversion of the score test) interval. Raises
    :class:`StatsError` (``STATS_UNKNOWN_METHOD``, ``STATS_INVALID_INPUT``,
    ``STATS_INVALID_ALPHA``, ``STATS_UNDEFINED`` for ``c1 = c2 = 0`` or Wald-log with a zero
    count)."""

# --- trend: periods ------------------------------------------------------------------------

_Instant = Union[datetime.datetime, str]
"""A timezone-aware ``datetime`` or an ISO 8601 string with an offset or ``Z``."""

_PeriodName = Literal[
    "day", "week", "month", "quarter", "tertial", "year", "custom",
    "dag", "vecka", "månad", "kvartal", "år",
]

@final
class Bin:
    """One calendar period ``[start, end)`` with its label."""

    @property
    def label(self) -> str:
        """``"2026-W47"``, ``"2026-11-23"``, ``"2026-11"``, ``"2026-T3"``, ``"2026-Q4"``,
        ``"2026"``, or a custom block's start date."""
    @property
    def start(self) -> datetime.datetime:
        """First instant (timezone-aware, UTC)."""
    @property
    def end(self) -> datetime.datetime:
        """First instant after the bin (timezone-aware, UTC)."""
    @property
    def coverage(self) -> float:
        """Share of the bin inside the requested window (1 for a whole bin)."""
    @property
    def seconds(self) -> int:
        """Length in seconds (a DST day lasts 82 800 or 90 000)."""
    def contains(self, t: _Instant) -> bool:
        """Whether the instant lies in ``[start, end)``."""

@final
class Periods:
    """Consecutive calendar periods of one kind in Europe/Stockholm local time; ``len``,
    indexing (``periods[-1]``) and :attr:`bins` give the bins."""

    @property
    def kind(self) -> str:
        """``"day"``, ``"week"``, ``"month"``, ``"quarter"``, ``"tertial"``, ``"year"`` or
        ``"custom"``."""
    @property
    def zone(self) -> str:
        """``"Europe/Stockholm"``."""
    @property
    def labels(self) -> list[str]:
        """The labels in order."""
    @property
    def starts(self) -> npt.NDArray[np.datetime64]:
        """Starts as ``datetime64[s]`` (UTC)."""
    @property
    def ends(self) -> npt.NDArray[np.datetime64]:
        """Ends (exclusive) as ``datetime64[s]`` (UTC)."""
    @property
    def coverage(self) -> npt.NDArray[np.float64]:
        """Share of each bin inside the requested window (below 1 for a partial first or last
        bin: use it as exposure)."""
    @property
    def bins(self) -> list[Bin]:
        """The bins."""
    def index_of(self, t: _Instant) -> Optional[int]:
        """The index of the bin containing the instant, or None."""
    def __len__(self) -> int: ...
    def __getitem__(self, key: int, /) -> Bin: ...

def periods(
    kind: _PeriodName,
    start: _Instant,
    end: _Instant,
    *,
    length_days: Optional[int] = None,
    origin: Optional[_Instant] = None,
) -> Periods:
    """Every bin of ``kind`` touching ``[start, end)``: ``"day"``, ``"week"`` (ISO weeks,
    Monday–Sunday, week-year labels), ``"month"``, ``"quarter"``, ``"tertial"`` (Jan–Apr,
    May–Aug, Sep–Dec), ``"year"`` (or the Swedish names), or ``"custom"`` blocks of
    ``length_days`` local days from ``origin`` (default a Monday midnight). Bins are local
    midnights in Europe/Stockholm (a DST day lasts 23 or 25 hours); a bin only partly
    inside the window has ``coverage < 1``.

    Raises :class:`TrendError` ``TREND_INVALID_PARAMETER`` (an unknown name, ``end ≤
    start``, ``length_days = 0``), ``TREND_TOO_LARGE`` (over 100 000 bins); ValueError for
    ``length_days``/``origin`` without ``"custom"``."""

def weeks_ending(t: _Instant, n: int) -> Periods:
    """``n`` whole ISO weeks, the last one containing ``t`` (the lägesbild's period and its
    baseline). Raises :class:`TrendError` for ``n = 0``."""

def iso_week(t: _Instant) -> tuple[int, int]:
    """ISO week-year and week of the Stockholm local date of the instant
    (``"2025-01-05T23:30:00Z"`` is 00:30 on Monday: ``(2025, 2)``)."""

# --- trend: space-time cube ----------------------------------------------------------------

@final
class SpaceTimeCube:
    """Counts per location (grid cell or named area) and period; ``len(cube)`` is the number
    of locations."""

    @property
    def counts(self) -> npt.NDArray[np.float64]:
        """Counts (or weights), shape (locations, periods); empty bins are 0."""
    @property
    def labels(self) -> list[str]:
        """One label per location: the area's name or ``"cell <id>"``."""
    @property
    def periods(self) -> list[str]:
        """The period labels (columns), e.g. ``"2026-W47"``."""
    @property
    def bins(self) -> Periods:
        """The periods with their starts, ends and coverage."""
    @property
    def xy(self) -> npt.NDArray[np.float64]:
        """Location centroids, shape (locations, 2): easting, northing."""
    @property
    def cell_ids(self) -> Optional[npt.NDArray[np.int64]]:
        """Grid cell ids of the locations; None for areas."""
    @property
    def rule(self) -> str:
        """``"all"`` (every active cell) or ``"with_incidents"``."""
    @property
    def crs(self) -> int:
        """EPSG code of ``xy``."""
    @property
    def selection(self) -> str:
        """What was counted (categories, window, counts or weights)."""
    @property
    def grid(self) -> Optional[Grid]:
        """The grid of a grid cube (a copy); None for areas."""
    @property
    def n_locations(self) -> int:
        """Number of locations."""
    @property
    def n_periods(self) -> int:
        """Number of periods."""
    @property
    def total(self) -> float:
        """Sum of all counts."""
    def totals_per_period(self) -> npt.NDArray[np.float64]:
        """Total of each period over all locations."""
    def totals_per_location(self) -> npt.NDArray[np.float64]:
        """Total of each location over all periods."""
    def series(self, i: int) -> npt.NDArray[np.float64]:
        """The time series of location ``i`` (IndexError out of range)."""
    def to_pandas(self) -> Any:
        """A long ``pandas.DataFrame``: one row per location × period with ``location``,
        ``cell`` (−1 for areas), ``period``, ``start`` (tz-aware, Europe/Stockholm), ``x``,
        ``y``, ``count``. pandas is imported on first use."""
    def __len__(self) -> int: ...

def cube(
    incidents: Incidents,
    grid_or_areas: Union[Grid, Mapping[str, StudyArea]],
    *,
    period: Union[_PeriodName, Periods] = "week",
    categories: Optional[Sequence[str]] = None,
    start: Optional[_Instant] = None,
    end: Optional[_Instant] = None,
    locations: Literal["all", "with_incidents"] = "all",
    weighted: bool = False,
    length_days: Optional[int] = None,
    origin: Optional[_Instant] = None,
) -> SpaceTimeCube:
    """The space-time cube: counts of the selected incidents per location and period.

    Locations are the active cells of a :class:`Grid` (``locations="all"``, the default:
    every active cell, with a study-area clip every in-area cell; ``"with_incidents"``: only
    cells with at least one selected incident, Esri's rule), or named areas (a dict of
    name → :class:`StudyArea` in the incidents' CRS; a point on a boundary counts, overlapping
    areas count it in each). ``period`` is a name as in :func:`periods` (``length_days`` and
    ``origin`` for ``"custom"``) laid over ``[start, end)`` — by default from the first to
    the last incident — or a :class:`Periods` object. ``categories``, ``start``, ``end`` and
    ``weighted`` select as :func:`counts` does.

    Raises :class:`GridError` (``GRID_CRS_MISMATCH``) or :class:`CrsError`
    (``CRS_MISMATCH`` for areas) for other CRSs, :class:`TrendError` (``TREND_EMPTY``
    without incidents, ``TREND_TOO_LARGE`` above 50 million values,
    ``TREND_INVALID_PARAMETER``), :class:`TaxonomyError` for an unknown category."""

# --- trend: Mann–Kendall -------------------------------------------------------------------

@final
class MannKendall:
    """A Mann–Kendall trend test with Sen's slope; the fields of pymannkendall's
    ``original_test`` result (it unpacks the same way:
    ``trend, h, p, z, Tau, s, var_s, slope, intercept = est.mann_kendall(x)``)."""

    @property
    def trend(self) -> str:
        """``"increasing"``, ``"decreasing"`` or ``"no trend"``."""
    @property
    def h(self) -> bool:
        """True when ``p < alpha``."""
    @property
    def p(self) -> float:
        """Two-sided p-value ``2·(1 − Φ(|z|))``."""
    @property
    def z(self) -> float:
        """Standardised statistic with continuity correction."""
    @property
    def Tau(self) -> float:
        """Kendall's tau-a ``S/(n(n−1)/2)`` (pymannkendall's name)."""
    @property
    def tau(self) -> float:
        """Kendall's tau-a (same as ``Tau``)."""
    @property
    def s(self) -> float:
        """Mann–Kendall score S."""
    @property
    def var_s(self) -> float:
        """Var(S) with the tie correction."""
    @property
    def slope(self) -> float:
        """Theil–Sen slope per period."""
    @property
    def intercept(self) -> float:
        """Conover intercept at period 0."""
    @property
    def n(self) -> int:
        """Series length."""
    @property
    def no_variation(self) -> bool:
        """True for a constant series (Var(S) = 0: z = 0, p = 1, no trend)."""
    def _asdict(self) -> dict[str, Any]:
        """The nine pymannkendall fields as a dict."""
    def __iter__(self) -> Iterator[Any]: ...

def mann_kendall(series: _ArrayLike1, alpha: float = 0.05) -> MannKendall:
    """Mann–Kendall trend test with Sen's slope (pymannkendall 1.4.3 ``original_test``;
    agreement 1e-9). Time positions are 0 … n − 1; ``alpha`` is 0.05 as in pymannkendall.
    The normal approximation is rough below 10 values.

    Unlike pymannkendall, missing values are refused (an empty bin of a cube is 0). Raises
    :class:`TrendError`: ``TREND_TOO_SHORT`` (fewer than 3 values), ``TREND_INVALID_VALUE``
    (NaN or infinite, with its index), ``TREND_INVALID_PARAMETER`` (``alpha`` outside
    (0, 1))."""

def sen_slope_ci(series: _ArrayLike1, alpha: float = 0.05) -> tuple[float, float]:
    """Gilbert's (1987) ``1 − alpha`` confidence interval of Sen's slope. Raises as
    :func:`mann_kendall`."""

@final
class MannKendallCube:
    """Mann–Kendall tests of many series (the rows of a cube); every array has one entry per
    series, and ``mk[i]`` is the :class:`MannKendall` of series ``i``."""

    @property
    def trend(self) -> npt.NDArray[np.int8]:
        """Trend codes: 1 increasing, −1 decreasing, 0 no trend."""
    @property
    def trend_names(self) -> list[str]:
        """``"increasing"``, ``"decreasing"`` or ``"no trend"`` per series."""
    @property
    def h(self) -> npt.NDArray[np.bool_]:
        """True where ``p < alpha``."""
    @property
    def p(self) -> npt.NDArray[np.float64]:
        """Two-sided p-values."""
    @property
    def z(self) -> npt.NDArray[np.float64]:
        """z statistics."""
    @property
    def Tau(self) -> npt.NDArray[np.float64]:
        """Kendall's tau-a."""
    @property
    def tau(self) -> npt.NDArray[np.float64]:
        """Kendall's tau-a (same as ``Tau``)."""
    @property
    def s(self) -> npt.NDArray[np.float64]:
        """Scores S."""
    @property
    def var_s(self) -> npt.NDArray[np.float64]:
        """Var(S)."""
    @property
    def slope(self) -> npt.NDArray[np.float64]:
        """Sen's slopes."""
    @property
    def intercept(self) -> npt.NDArray[np.float64]:
        """Intercepts."""
    @property
    def no_variation(self) -> npt.NDArray[np.bool_]:
        """True for constant series."""
    @property
    def labels(self) -> Optional[list[str]]:
        """The cube's location labels; None for a plain array."""
    def counts(self) -> dict[str, int]:
        """Number of series per trend name (all three keys present)."""
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per series: ``label`` (cube input), ``trend``
        (name), ``h``, ``p``, ``z``, ``Tau``, ``s``, ``var_s``, ``slope``, ``intercept``,
        ``no_variation``."""
    def __len__(self) -> int: ...
    def __getitem__(self, key: int, /) -> MannKendall: ...

def mann_kendall_cube(
    values: Union[SpaceTimeCube, npt.ArrayLike], alpha: float = 0.05
) -> MannKendallCube:
    """Mann–Kendall with Sen's slope on every row of a 2-D array (locations × periods) or of
    a :class:`SpaceTimeCube`, with the GIL released on all cores (results identical to a
    loop of :func:`mann_kendall`). Raises as :func:`mann_kendall` (the index of a bad value
    is its position in the flattened array)."""

# --- trend: emerging hot spots and Chainey classes -----------------------------------------

_Neighbourhood = Union[Literal["queen", "rook"], float]

@final
class Pattern:
    """One of Esri's 17 emerging hot spot patterns."""

    @property
    def code(self) -> int:
        """−8 … 8: 1 new, 2 consecutive, 3 intensifying, 4 persistent, 5 diminishing,
        6 sporadic, 7 oscillating, 8 historical; negative for cold spots; 0 no pattern."""
    @property
    def name(self) -> str:
        """Snake-case name, e.g. ``"new_hot"``, ``"historical_cold"``, ``"no_pattern"``."""
    @property
    def label_sv(self) -> str:
        """Swedish label, e.g. ``"ny hotspot"``."""
    @property
    def label_en(self) -> str:
        """Esri's English label, e.g. ``"new hot spot"``."""
    @property
    def is_emerging(self) -> bool:
        """New, consecutive or intensifying hot spot."""
    @property
    def is_hot(self) -> bool:
        """A hot-spot pattern (code > 0)."""
    @property
    def is_cold(self) -> bool:
        """A cold-spot pattern (code < 0)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

def classify_pattern(
    hot: Sequence[bool], cold: Sequence[bool], up: bool = False, down: bool = False
) -> Pattern:
    """The pattern of one location from its significant hot and cold steps (time order) and
    the direction of the Mann–Kendall trend of its z (``up``/``down``): Esri's rule table,
    first match; "≥ 90 %" is ``10·#H ≥ 9·T``. Raises :class:`TrendError` for fewer than 2
    steps, flags of different lengths, a step both hot and cold, or both trends."""

def emerging_patterns() -> list[Pattern]:
    """All 17 patterns: hot side by code, cold side, no pattern."""

@final
class EmergingHotspots:
    """An emerging hot spot analysis. Per-bin arrays have shape (locations, periods),
    per-location lists one entry per location."""

    @property
    def n_locations(self) -> int:
        """Number of locations."""
    @property
    def n_periods(self) -> int:
        """Number of time steps."""
    @property
    def z(self) -> npt.NDArray[np.float64]:
        """Space-time Gi* z per bin (NaN where undefined)."""
    @property
    def p(self) -> npt.NDArray[np.float64]:
        """Two-sided p per bin."""
    @property
    def p_adjusted(self) -> npt.NDArray[np.float64]:
        """Adjusted p per bin (over all bins with a finite p)."""
    @property
    def hot(self) -> npt.NDArray[np.bool_]:
        """Significant hot bins (z > 0, adjusted p < alpha_bin)."""
    @property
    def cold(self) -> npt.NDArray[np.bool_]:
        """Significant cold bins."""
    @property
    def trend(self) -> MannKendallCube:
        """Mann–Kendall of each location's z series."""
    @property
    def codes(self) -> npt.NDArray[np.int8]:
        """Pattern codes −8 … 8."""
    @property
    def patterns(self) -> list[Pattern]:
        """The pattern of each location."""
    @property
    def pattern_names(self) -> list[str]:
        """Pattern names (``"new_hot"`` …)."""
    @property
    def labels_sv(self) -> list[str]:
        """Swedish pattern labels."""
    @property
    def labels_en(self) -> list[str]:
        """English pattern labels."""
    @property
    def labels(self) -> list[str]:
        """Location labels (the cube's, or ``"location <i>"``)."""
    @property
    def cell_ids(self) -> Optional[npt.NDArray[np.int64]]:
        """Grid cell ids of the locations; None without a grid cube."""
    @property
    def location_rule(self) -> Optional[str]:
        """The cube's rule (``"all"``, ``"with_incidents"``); None for a plain array."""
    @property
    def n_tested(self) -> int:
        """Bins in the multiple-testing family."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    @property
    def warnings(self) -> list[str]:
        """Warnings (fewer than 10 steps, islands, undefined z)."""
    def counts(self) -> dict[str, int]:
        """Number of locations per pattern name (all 17 listed)."""
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per location: ``label``, ``cell``, ``code``,
        ``pattern``, ``label_sv``, ``label_en``, ``trend``, ``trend_z``, ``trend_p``,
        ``trend_tau``."""
    def __len__(self) -> int: ...

def emerging_hotspots(
    values: Union[SpaceTimeCube, npt.ArrayLike],
    weights: Optional[SpatialWeights] = None,
    *,
    neighbourhood: _Neighbourhood = "queen",
    time_steps: int = 1,
    alpha_bin: float = 0.1,
    alpha_trend: float = 0.05,
    adjustment: str = "fdr_bh",
) -> EmergingHotspots:
    """Emerging hot spot analysis (Esri's 17 patterns) of a :class:`SpaceTimeCube` or a 2-D
    array (locations × periods, at least 3 periods).

    1. Space-time Gi* per bin: the neighbourhood of ``(i, t)`` is ``i``, its spatial
       neighbours, at steps ``t … t − time_steps`` (default 1, Esri and sfdep); mean and
       variance over the whole cube; two-sided p adjusted over all bins (``adjustment``,
       Benjamini–Hochberg by default); a bin is hot/cold at adjusted p < ``alpha_bin``
       (0.10, Esri's 90 %).
    2. Mann–Kendall on each location's z series at ``alpha_trend`` (0.05).
    3. Esri's rule table (:func:`classify_pattern`).

    Spatial neighbours: ``weights`` (binary :class:`SpatialWeights` over the rows), or for a
    cube ``neighbourhood``: ``"queen"`` (default) or ``"rook"`` contiguity of the cube's grid
    cells (also with ``locations="with_incidents"``), or a distance band in metres over the
    location centroids (the only choice for a cube of named areas besides ``weights``). A
    plain array needs ``weights`` (e.g. ``SpatialWeights.grid_contiguity(grid)``).

    Raises :class:`TrendError` (too few steps, an alpha out of range, a NaN value),
    :class:`HotspotError` (weights for another number of locations, non-binary weights,
    every bin equal), :class:`StatsError` (unknown adjustment); ValueError for a missing
    ``weights``."""

@final
class Chainey:
    """Chainey-style classes (persistent, emerging, former, intermittent hot and cold spots)
    from per-period Gi*; per cell-period arrays have shape (cells, periods)."""

    @property
    def n_locations(self) -> int:
        """Number of cells."""
    @property
    def n_periods(self) -> int:
        """Number of periods ``T``."""
    @property
    def recent_periods(self) -> int:
        """Number of recent periods ``r = max(1, floor(recent_prop·T))`` (the last ``r``)."""
    @property
    def z(self) -> npt.NDArray[np.float64]:
        """Gi* z per cell-period (NaN in constant periods)."""
    @property
    def p(self) -> npt.NDArray[np.float64]:
        """Two-sided p per cell-period."""
    @property
    def p_adjusted(self) -> npt.NDArray[np.float64]:
        """p after the per-period and across-period adjustments."""
    @property
    def sig_hot(self) -> npt.NDArray[np.bool_]:
        """Significant hot cell-periods."""
    @property
    def sig_cold(self) -> npt.NDArray[np.bool_]:
        """Significant cold cell-periods."""
    @property
    def hot_shares(self) -> dict[str, npt.NDArray[np.float64]]:
        """Shares of significant hot periods per cell: ``"overall"``, ``"recent"``,
        ``"older"``."""
    @property
    def cold_shares(self) -> dict[str, npt.NDArray[np.float64]]:
        """Shares of significant cold periods per cell."""
    @property
    def classes(self) -> list[str]:
        """Class names: ``"persistent_hot"``, ``"emerging_hot"``, ``"former_hot"``,
        ``"intermittent_hot"``, the same ``…_cold``, ``"mixed"``, ``"no_pattern"``."""
    @property
    def labels_sv(self) -> list[str]:
        """Swedish class labels."""
    @property
    def labels_en(self) -> list[str]:
        """English class labels (sfhotspot's)."""
    @property
    def labels(self) -> Optional[list[str]]:
        """The cube's location labels; None for a plain array."""
    @property
    def constant_periods(self) -> npt.NDArray[np.int64]:
        """Periods in which every cell has the same count (Gi* undefined there)."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    @property
    def warnings(self) -> list[str]:
        """Warnings."""
    def counts(self) -> dict[str, int]:
        """Number of cells per class name (every class listed)."""
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per cell: ``label`` (cube input), ``class``,
        ``label_sv``, ``label_en``, ``hot_overall``, ``hot_recent``, ``hot_older``,
        ``cold_overall``, ``cold_recent``, ``cold_older``."""
    def __len__(self) -> int: ...

def chainey(
    values: Union[SpaceTimeCube, npt.ArrayLike],
    weights: Optional[SpatialWeights] = None,
    *,
    neighbourhood: _Neighbourhood = "queen",
    hotspot_prop: float = 0.1,
    persistent_prop: float = 0.8,
    recent_prop: float = 0.2,
    critical_p: float = 0.05,
    adjustment: str = "fdr_bh",
    across_periods: str = "none",
) -> Chainey:
    """Chainey-style classes (after sfhotspot 1.0.0 ``hotspot_classify``, its two bugs
    fixed) of a :class:`SpaceTimeCube` or a 2-D array of counts (cells × periods).

    Per period, Gi* with analytic two-sided p, adjusted over the cells (``adjustment``, BH;
    sfhotspot: none), optionally per cell over its periods (``across_periods``; sfhotspot:
    ``"holm"``); significant at ``critical_p``. Recent periods are the last
    ``r = max(1, floor(recent_prop·T))``; first match: persistent (share ≥
    ``persistent_prop``), emerging (older < ``hotspot_prop`` ≤ recent), former (older ≥
    ``hotspot_prop`` > recent), intermittent (share ≥ ``hotspot_prop``). Defaults are
    sfhotspot's ``hotspot_classify_params()``. Weights as :func:`emerging_hotspots`
    (binary weights get the Gi* self weight 1).

    Raises :class:`TrendError` (``TREND_NO_OLDER_PERIODS`` when ``T − r < 1``, a share out of
    range, a NaN count), :class:`HotspotError`, :class:`StatsError`."""

def classify_chainey(
    sig_hot: Sequence[Sequence[bool]],
    sig_cold: Sequence[Sequence[bool]],
    *,
    hotspot_prop: float = 0.1,
    persistent_prop: float = 0.8,
    recent_prop: float = 0.2,
) -> list[str]:
    """The Chainey class names from significant hot and cold flags (rows: cells, columns:
    periods), with the rule of :func:`chainey`. Raises :class:`TrendError`."""

# --- trend: change, early warning, scan ----------------------------------------------------

_ExceedanceMethod = Literal["exact_conditional", "poisson", "negative_binomial", "auto"]

@final
class Change:
    """Change between two periods, one entry per unit in every array."""

    @property
    def labels(self) -> list[str]:
        """Unit labels (``"cell <id>"`` for grid cells)."""
    @property
    def before(self) -> npt.NDArray[np.float64]:
        """Counts before."""
    @property
    def after(self) -> npt.NDArray[np.float64]:
        """Counts after."""
    @property
    def difference(self) -> npt.NDArray[np.float64]:
        """``after − before``."""
    @property
    def rate_ratio(self) -> npt.NDArray[np.float64]:
        """``(after/L_a)/(before/L_b)``: inf when before = 0 < after, NaN when untestable."""
    @property
    def score_z(self) -> npt.NDArray[np.float64]:
        """Score z of after against before (positive = increase; NaN when untestable)."""
    @property
    def p(self) -> npt.NDArray[np.float64]:
        """Two-sided p of the chosen test (NaN when untestable)."""
    @property
    def p_adjusted(self) -> npt.NDArray[np.float64]:
        """Adjusted p over the testable units."""
    @property
    def significant(self) -> npt.NDArray[np.bool_]:
        """``p_adjusted < alpha``."""
    @property
    def testable(self) -> npt.NDArray[np.bool_]:
        """At least one incident in either period."""
    @property
    def wheeler_z(self) -> npt.NDArray[np.float64]:
        """Wheeler's display z ``2(√n_a − √(n_b·r))/√(1 + r)``, ``r = L_a/L_b``."""
    @property
    def length_before_days(self) -> float:
        """Length of the before period in days."""
    @property
    def length_after_days(self) -> float:
        """Length of the after period in days."""
    @property
    def boundary(self) -> datetime.datetime:
        """Start of the after period (UTC; the Unix epoch for plain counts)."""
    @property
    def untestable(self) -> int:
        """Units with no incident in either period (left out of the family)."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per unit: label, before, after, difference,
        rate_ratio, score_z, p, p_adjusted, significant, testable, wheeler_z."""
    def __len__(self) -> int: ...

def change(
    before: _ArrayLike1,
    after: _ArrayLike1,
    length_before: float,
    length_after: float,
    *,
    labels: Optional[Sequence[str]] = None,
    alpha: float = 0.05,
    adjustment: str = "fdr_bh",
    method: _TwoRateMethod = "exact-cond",
) -> Change:
    """Change between two periods from whole counts per unit (``labels`` default
    ``"unit <i>"``; lengths in days, only their ratio matters). Each unit with an incident is
    tested with ``method`` (statsmodels names; default the exact conditional test), the p
    adjusted over the testable units (``adjustment``, BH), significant at ``alpha``. Raises
    :class:`TrendError` (``TREND_LENGTH_MISMATCH``, ``TREND_INVALID_VALUE`` for a negative or
    fractional count, ``TREND_INVALID_PARAMETER``), :class:`StatsError` for an unknown
    method or adjustment."""

def change_for_grid(
    incidents: Incidents,
    grid: Grid,
    *,
    before: tuple[_Instant, _Instant],
    after: tuple[_Instant, _Instant],
    categories: Optional[Sequence[str]] = None,
    alpha: float = 0.05,
    adjustment: str = "fdr_bh",
    method: _TwoRateMethod = "exact-cond",
) -> Change:
    """:func:`change` per active cell of ``grid`` between the windows ``before`` and
    ``after`` (each ``(start, end)``, end exclusive, not overlapping), counting the
    incidents of ``categories``. Raises as :func:`change` and :func:`counts`."""

def midpoint_boundary(incidents: Incidents) -> Optional[datetime.datetime]:
    """sfhotspot's default change boundary: the middle of the incidents' time range (UTC);
    None without incidents."""

@final
class Alert:
    """One tested place × category of the week."""

    @property
    def place(self) -> str:
        """Place name."""
    @property
    def category(self) -> str:
        """Category code."""
    @property
    def category_sv(self) -> str:
        """Swedish category label."""
    @property
    def category_en(self) -> str:
        """English category label."""
    @property
    def week(self) -> str:
        """The week under test."""
    @property
    def observed(self) -> int:
        """This week's count ``x``."""
    @property
    def expected(self) -> float:
        """The baseline mean ``μ`` over the weeks with data."""
    @property
    def baseline(self) -> npt.NDArray[np.float64]:
        """The baseline weeks in time order (NaN = no data)."""
    @property
    def p(self) -> float:
        """Upper-tail p-value."""
    @property
    def p_adjusted(self) -> float:
        """Adjusted p over the week's tested units."""
    @property
    def method(self) -> str:
        """The test used: ``"exact_conditional"``, ``"poisson"`` or ``"negative_binomial"``."""
    @property
    def z(self) -> float:
        """Wheeler's display z ``2(√x − √μ)``."""
    @property
    def excess(self) -> float:
        """``x − μ``."""
    @property
    def sentence_sv(self) -> str:
        """E.g. "Skadegörelse vid Ekparken: 9 händelser senaste veckan mot normalt 1,3"."""
    @property
    def sentence_en(self) -> str:
        """E.g. "Criminal damage at Ekparken: 9 incidents last week against a usual 1.3"."""
    @property
    def rank(self) -> int:
        """1-based rank in its list (by p, then larger excess)."""

@final
class EarlyWarning:
    """The week's early warning; ``len`` is the number of alerts."""

    @property
    def alerts(self) -> list[Alert]:
        """Flagged units (``p_adjusted < alpha`` and ``observed ≥ min_count``), ranked."""
    @property
    def all(self) -> list[Alert]:
        """Every tested unit, flagged or not, ranked."""
    @property
    def tested(self) -> int:
        """Number of tests (the multiple-testing family)."""
    @property
    def insufficient_baseline(self) -> int:
        """Units not tested for lack of baseline weeks with data."""
    @property
    def untestable(self) -> int:
        """Units with nothing this week nor in the baseline."""
    @property
    def week(self) -> str:
        """The week under test."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` of every tested unit (rank, place, category, category_sv,
        week, observed, expected, p, p_adjusted, method, z, excess, flagged, sentence_sv,
        sentence_en)."""
    def __len__(self) -> int: ...

def early_warning(
    counts: npt.ArrayLike,
    places: Sequence[str],
    categories: Sequence[str],
    weeks: Sequence[str],
    *,
    taxonomy: Optional[Taxonomy] = None,
    baseline_weeks: int = 8,
    guard_weeks: int = 0,
    min_baseline_weeks_with_data: int = 4,
    alpha: float = 0.01,
    min_count: int = 3,
    adjustment: str = "fdr_bh",
    method: _ExceedanceMethod = "exact_conditional",
    seasonal: Union[None, bool, tuple[int, int]] = None,
) -> EarlyWarning:
    """The weekly early warning on a table of counts, shape (places, categories, weeks) or
    flat in that order; ``weeks`` are labels in time order (``"2026-W47"``), the last is the
    week under test; NaN marks a baseline week without data.

    The baseline is the ``baseline_weeks`` before (after a guard of ``guard_weeks``), or with
    ``seasonal`` the same ISO week ± ``w`` in each of ``y`` previous years (``True`` =
    Farrington's 5 years × ±3 weeks; ``(y, w)``). A unit with at least
    ``min_baseline_weeks_with_data`` baseline weeks is tested with ``method``: exact
    conditional (default; binomial given the total), Poisson, negative binomial when
    overdispersed, or ``"auto"``. The week's p-values are adjusted (``adjustment``, BH); an
    alert needs ``p_adjusted < alpha`` and at least ``min_count`` incidents.

    Raises :class:`TrendError` (a table of the wrong size, fewer than 2 weeks, a bad count or
    parameter), :class:`TaxonomyError` for an unknown category (resolved with ``taxonomy``,
    EST's by default)."""

def early_warning_for_areas(
    incidents: Incidents,
    areas: Mapping[str, StudyArea],
    week: _Instant,
    *,
    categories: Optional[Sequence[str]] = None,
    baseline_weeks: int = 8,
    guard_weeks: int = 0,
    min_baseline_weeks_with_data: int = 4,
    alpha: float = 0.01,
    min_count: int = 3,
    adjustment: str = "fdr_bh",
    method: _ExceedanceMethod = "exact_conditional",
    seasonal: Union[None, bool, tuple[int, int]] = None,
) -> EarlyWarning:
    """The early warning for named areas (in the incidents' CRS, as
    :func:`counts_per_area`) × categories, binned in ISO weeks (Europe/Stockholm); the week
    under test is the one containing ``week``. ``categories`` count their subgroups; None =
    every top-level group that occurs. Baseline weeks before the first incident are weeks
    without data. Other keywords as :func:`early_warning`.

    Raises :class:`TrendError` (``TREND_EMPTY``, ``TREND_INVALID_PARAMETER`` for a week
    outside the data), :class:`CrsError` (``CRS_MISMATCH``), :class:`TaxonomyError`."""

@final
class Cluster:
    """A space-time cluster: a circle of zones times a window of days."""

    @property
    def centre(self) -> tuple[float, float]:
        """Centre (easting, northing): the centroid of the central zone."""
    @property
    def radius_m(self) -> float:
        """Radius in metres (to the farthest zone centroid inside)."""
    @property
    def zones(self) -> list[int]:
        """Zone indices inside the circle, nearest first."""
    @property
    def start_day(self) -> datetime.date:
        """First day of the window."""
    @property
    def end_day(self) -> datetime.date:
        """Last day of the window."""
    @property
    def observed(self) -> int:
        """Cases in the cylinder."""
    @property
    def expected(self) -> float:
        """Expected cases ``N_S·N_D/C``."""
    @property
    def llr(self) -> float:
        """Log likelihood ratio."""
    @property
    def p(self) -> float:
        """Permutation p ``(1 + #{max_r ≥ LLR})/(R + 1)``."""
    @property
    def recurrence_days(self) -> float:
        """Recurrence interval ``1/p`` in days (daily analyses)."""

@final
class Scan:
    """Kulldorff's space-time permutation scan; ``len`` is the number of clusters."""

    @property
    def clusters(self) -> list[Cluster]:
        """The most likely cluster first, then secondary ones (no shared zone) by LLR."""
    @property
    def cases(self) -> int:
        """Cases in the study period."""
    @property
    def zones(self) -> int:
        """Number of zones."""
    @property
    def days(self) -> int:
        """Days in the study period."""
    @property
    def first_day(self) -> datetime.date:
        """First day of the study period."""
    @property
    def last_day(self) -> datetime.date:
        """Last day of the study period."""
    @property
    def zone_xy(self) -> npt.NDArray[np.float64]:
        """Zone centroids, shape (zones, 2)."""
    @property
    def zone_cells(self) -> npt.NDArray[np.uint32]:
        """Grid cell id of each zone (:func:`scan`; empty for :func:`space_time_scan`)."""
    @property
    def outside_grid(self) -> int:
        """Selected incidents of the study period outside the grid (not scanned)."""
    @property
    def circles(self) -> int:
        """Distinct circles scanned."""
    @property
    def permutations(self) -> int:
        """Number of permutations."""
    @property
    def seed(self) -> int:
        """Seed used."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    def __len__(self) -> int: ...

def scan(
    incidents: Incidents,
    grid: Grid,
    *,
    categories: Optional[Sequence[str]] = None,
    start: Optional[_Instant] = None,
    end: Optional[_Instant] = None,
    max_radius_m: float = 1000.0,
    max_days: int = 7,
    study_days: Optional[int] = 28,
    prospective: bool = True,
    permutations: int = 999,
    seed: Optional[int] = None,
    max_clusters: int = 5,
) -> Scan:
    """Kulldorff's space-time permutation scan of the selected incidents: zones are the
    cells of ``grid`` holding cases, days Europe/Stockholm dates, the study period the last
    ``study_days`` days (None: from the first case) ending on the selection's end or the
    latest incident. Circles up to ``max_radius_m`` (and 50 % of the cases) × windows of at
    most ``max_days``, only windows ending on the last day when ``prospective``; p from
    ``permutations`` shuffles of the days (``seed`` None = 0x5EED); at most ``max_clusters``.
    Defaults: est's weekly surveillance (SaTScan: R = 999).

    Raises :class:`CrsError` (``CRS_NOT_METRIC``), :class:`GridError`
    (``GRID_CRS_MISMATCH``), :class:`TrendError` (``TREND_EMPTY``, ``TREND_TOO_SHORT``,
    ``TREND_INVALID_PARAMETER``, ``TREND_TOO_LARGE``)."""

def space_time_scan(
    zone_x: _ArrayLike1,
    zone_y: _ArrayLike1,
    case_zone: Sequence[int],
    case_day: Sequence[int],
    *,
    max_radius_m: float = 1000.0,
    max_days: int = 7,
    study_days: Optional[int] = 28,
    prospective: bool = True,
    permutations: int = 999,
    seed: Optional[int] = None,
    max_clusters: int = 5,
) -> Scan:
    """The scan of :func:`scan` on cases given by zone index and day (days since
    1970-01-01); zone centroids in projected metres. Raises :class:`TrendError`."""

# --- trend: Knox test ----------------------------------------------------------------------

@final
class Knox:
    """The banded Knox test; tables have shape (space bands, time bands)."""

    @property
    def observed(self) -> npt.NDArray[np.int64]:
        """Observed pair counts ``O``."""
    @property
    def expected(self) -> npt.NDArray[np.float64]:
        """Mean of the permuted counts ``E``."""
    @property
    def median(self) -> npt.NDArray[np.float64]:
        """Median of the permuted counts (numpy's)."""
    @property
    def sd(self) -> npt.NDArray[np.float64]:
        """Standard deviation of the permuted counts (divisor R)."""
    @property
    def ratio(self) -> npt.NDArray[np.float64]:
        """Knox ratio ``O/E`` (NaN where ``E = 0``)."""
    @property
    def median_ratio(self) -> npt.NDArray[np.float64]:
        """``O/median`` (NaN where the median is 0)."""
    @property
    def p(self) -> npt.NDArray[np.float64]:
        """``(#{O_r ≥ O} + 1)/(R + 1)``."""
    @property
    def space_bands(self) -> npt.NDArray[np.float64]:
        """Space band edges (metres)."""
    @property
    def time_bands(self) -> npt.NDArray[np.float64]:
        """Time band edges (days)."""
    @property
    def n_events(self) -> int:
        """Number of events."""
    @property
    def close_pairs(self) -> int:
        """Pairs in some space band, whatever their time."""
    @property
    def metric(self) -> str:
        """``"manhattan"`` or ``"euclidean"``."""
    @property
    def permutations(self) -> int:
        """Number of permutations R."""
    @property
    def seed(self) -> int:
        """Seed used."""
    @property
    def rng(self) -> str:
        """Generator and stream layout."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    def to_pandas(self) -> Any:
        """A long ``pandas.DataFrame``: one row per space band × time band (``space_band``,
        ``time_band`` as ``"[a, b)"``, observed, expected, median, sd, ratio, median_ratio,
        p)."""

def knox(
    x: _ArrayLike1,
    y: _ArrayLike1,
    t_days: _ArrayLike1,
    *,
    space_bands: Optional[Sequence[float]] = None,
    time_bands: Optional[Sequence[float]] = None,
    metric: Literal["manhattan", "euclidean"] = "manhattan",
    permutations: int = 999,
    seed: Optional[int] = None,
) -> Knox:
    """The banded Knox test (near repeats) of events at ``(x, y)`` (projected metres) with
    times ``t_days`` (days, any origin). Bands are half-open ``[a, b)`` edges: ``space_bands``
    None = ``[0, 0.1, 200, 400, 600]`` m, ``time_bands`` None = ``[0, 7, 14, 21]`` days (the
    NearRepeat vignette; the last time edge may be inf); ``metric`` Manhattan (the Near Repeat
    Calculator's) or Euclidean; the times are permuted ``permutations`` times (999) with
    ``seed`` (None = 0x5EED), all cores, GIL released.

    Raises :class:`TrendError`: ``TREND_LENGTH_MISMATCH``, ``TREND_TOO_SHORT`` (fewer than 2
    events), ``TREND_INVALID_VALUE`` (NaN), ``TREND_INVALID_PARAMETER`` (bad edges, metric or
    permutations), ``TREND_TOO_LARGE`` (more than 50 million close pairs)."""

def knox_incidents(
    incidents: Incidents,
    *,
    categories: Optional[Sequence[str]] = None,
    start: Optional[_Instant] = None,
    end: Optional[_Instant] = None,
    space_bands: Optional[Sequence[float]] = None,
    time_bands: Optional[Sequence[float]] = None,
    metric: Literal["manhattan", "euclidean"] = "manhattan",
    permutations: int = 999,
    seed: Optional[int] = None,
) -> Knox:
    """:func:`knox` on the selected incidents: positions in their projected CRS, times as
    exact elapsed days (UTC seconds / 86 400). Raises :class:`CrsError`
    (``CRS_NOT_METRIC``) for lon/lat, otherwise as :func:`knox`."""

# --- trend: temporal profiles --------------------------------------------------------------

_ProfileChart = Literal["hour_weekday", "year_wheel", "hour", "weekday"]
_Lang = Literal["sv", "en"]
_Instants = Union[npt.NDArray[np.datetime64], npt.NDArray[np.integer[Any]], Sequence[_Instant]]

@final
class TemporalProfile:
    """Counts (or weights) by local hour, weekday, hour × weekday, ISO week and month × year
    (Europe/Stockholm)."""

    @property
    def hour_weekday(self) -> npt.NDArray[np.float64]:
        """7 × 24: rows Monday … Sunday, columns hours 00 … 23."""
    @property
    def hour(self) -> npt.NDArray[np.float64]:
        """By hour of day (24)."""
    @property
    def weekday(self) -> npt.NDArray[np.float64]:
        """By ISO weekday, Monday … Sunday (7)."""
    @property
    def month_year(self) -> npt.NDArray[np.float64]:
        """Years × 12 months (the årshjul); rows are :attr:`years`."""
    @property
    def years(self) -> list[int]:
        """The years of the rows of :attr:`month_year`, first to last."""
    @property
    def iso_week(self) -> npt.NDArray[np.float64]:
        """By ISO week number 1 … 53 (index week − 1), all years together."""
    @property
    def exposure(self) -> npt.NDArray[np.int64]:
        """7 × 24: how often each hour × weekday slot began in the exposure window
        (DST-aware)."""
    @property
    def exposure_window(self) -> Optional[tuple[datetime.datetime, datetime.datetime]]:
        """The exposure window ``(start, end)`` (UTC), or None."""
    def rates_hour_weekday(self) -> npt.NDArray[np.float64]:
        """``hour_weekday / exposure`` (0 where a slot never occurred), 7 × 24."""
    @property
    def total(self) -> float:
        """Sum of the tables (``n − imprecise`` when unweighted)."""
    @property
    def imprecise(self) -> float:
        """Windows longer than the cap (not in the tables)."""
    @property
    def n(self) -> int:
        """Number of incidents (windows) considered."""
    @property
    def method(self) -> str:
        """``"proportional"`` or ``"equal"``."""
    @property
    def cap_hours(self) -> float:
        """The cap on a window, hours."""
    @property
    def zone(self) -> str:
        """``"Europe/Stockholm"``."""
    def to_svg(self, kind: _ProfileChart = "hour_weekday", *, lang: _Lang = "sv") -> str:
        """A self-contained, accessible SVG chart: ``"hour_weekday"`` (24 × 7 heat map),
        ``"year_wheel"`` (month × year), ``"hour"`` or ``"weekday"`` (bars), Swedish or
        English labels. ValueError for another kind or language."""

def profile(
    incidents: Incidents,
    *,
    categories: Optional[Sequence[str]] = None,
    start: Optional[_Instant] = None,
    end: Optional[_Instant] = None,
    weighted: bool = False,
) -> TemporalProfile:
    """The temporal profile of the selected incidents (selection as :func:`counts`) at their
    Stockholm local times; date-only incidents are spread over their local day. The exposure
    window is ``[start, end)`` when both are given, else the whole local days from the first
    to the last incident. Raises :class:`TrendError` (``TREND_EMPTY`` when nothing is
    selected and no window is given)."""

def aoristic_profile(
    start: _Instants,
    end: _Instants,
    *,
    method: Literal["proportional", "equal"] = "proportional",
    cap_hours: float = 168.0,
) -> TemporalProfile:
    """The aoristic profile of incidents known as windows ``[start[i], end[i]]``: each
    window's weight 1 is spread over the local clock hours it touches, in proportion to the
    overlap (default) or equally (Ratcliffe 2002); windows longer than ``cap_hours`` (one
    week) go to ``imprecise``. Times: ``datetime64`` arrays (UTC, e.g.
    :attr:`Incidents.times`), integer UTC seconds, or sequences of aware datetimes / ISO
    strings. Raises :class:`TrendError` (``TREND_LENGTH_MISMATCH``, ``TREND_INVALID_VALUE``
    for a window ending before it starts, ``TREND_INVALID_PARAMETER`` for the cap,
    ``TREND_EMPTY``)."""

def heatmap_hour_weekday_svg(profile: TemporalProfile, lang: _Lang = "sv") -> str:
    """The 24 × 7 heat map of a profile (ColorBrewer YlOrRd, tooltips, a description naming
    the busiest slot) as SVG text."""

def year_wheel_svg(profile: TemporalProfile, lang: _Lang = "sv") -> str:
    """The month × year heat map (årshjul) of a profile as SVG text."""

def hour_bars_svg(profile: TemporalProfile, lang: _Lang = "sv") -> str:
    """Bars of a profile by local hour of day as SVG text."""

def weekday_bars_svg(profile: TemporalProfile, lang: _Lang = "sv") -> str:
    """Bars of a profile by ISO weekday as SVG text."""

def bars_svg(title: str, labels: Sequence[str], values: _ArrayLike1, lang: _Lang = "sv") -> str:
    """A vertical bar chart of ``values`` with one label per bar, as SVG text."""

# --- report: public export -----------------------------------------------------------------

@final
class PublicExport:
    """A privacy-safe weekly export (schema ``est.public/1``): counts per cell of a fixed
    SWEREF 99 TM lattice, cells below ``k`` suppressed; ``len`` is the number of published
    cells."""

    def to_json(self) -> str:
        """The export as pretty JSON."""
    def to_dict(self) -> dict[str, Any]:
        """``to_json()`` parsed into a dict."""
    def to_geojson(self) -> str:
        """The published cells as a GeoJSON FeatureCollection (WGS 84 polygons; properties
        ``key``, ``week``, ``count`` and one per published group)."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """``to_geojson()`` parsed into a dict."""
    @property
    def cells(self) -> list[dict[str, Any]]:
        """Published cells: ``key`` (``"{size}m:E{x0}N{y0}"``), ``x0``, ``y0`` (south-west
        corner), ``lonlat`` (corners), ``count`` (≥ k), ``groups`` (each ≥ k)."""
    @property
    def suppressed_cells(self) -> int:
        """Number of cells with 1 … k − 1 incidents (their counts are never published, nor
        their sum)."""
    @property
    def published_total(self) -> int:
        """Sum of the published cells."""
    @property
    def week(self) -> str:
        """The ISO week."""
    @property
    def monday(self) -> datetime.date:
        """The Monday of the week."""
    @property
    def k(self) -> int:
        """The suppression threshold."""
    @property
    def cell_size_m(self) -> float:
        """Lattice cell size in metres."""
    @property
    def note_sv(self) -> str:
        """How the data were protected, in Swedish."""
    @property
    def note_en(self) -> str:
        """How the data were protected, in English."""
    def __len__(self) -> int: ...

def public_export(
    incidents: Incidents,
    week: str,
    *,
    k: int = 5,
    cell_size_m: float = 500.0,
    groups: bool = True,
    area: Optional[StudyArea] = None,
) -> PublicExport:
    """The public export of one ISO week (``"2026-W47"``, Europe/Stockholm): cells of a fixed
    lattice of ``cell_size_m`` (corners at multiples of the size in SWEREF 99 TM, so two
    exports publish the same number for a shared cell) with at least ``k`` incidents; with
    ``groups`` also the top-level category groups with at least ``k``, the smallest withdrawn
    too when the rest would fall in 1 … k − 1 (secondary suppression). Never ids, free
    text, places, organisations or exact positions; positions marked approximate are left
    out. ``area``: only cells whose centre lies in it (SWEREF 99 TM).

    Raises :class:`ReportError` (``REPORT_INVALID_OPTION``: a bad week, ``k = 0``, a cell
    size outside 100 … 100 000 m), :class:`CrsError`."""

# --- follow-up -----------------------------------------------------------------------------

_Pair = tuple[int, int]

@final
class Registry:
    """The intervention registry (*insatsregister*, schema ``est.interventions/1``): named
    places (GeoJSON polygons in the registry's CRS) and interventions; ``len`` is the number
    of interventions."""

    @staticmethod
    def from_json(text: str, taxonomy: Optional[Taxonomy] = None) -> Registry:
        """Reads and validates a registry; categories resolve against ``taxonomy`` (EST's by
        default). Raises :class:`FollowupError` ``FOLLOWUP_INVALID_REGISTRY`` listing every
        problem in ``.issues`` (dicts with ``path`` such as ``interventions[2].start``,
        ``value``, ``message``, ``code`` such as ``REGISTRY_BAD_DATE``)."""
    def validate(self, taxonomy: Optional[Taxonomy] = None) -> None:
        """Validates again (e.g. against a user taxonomy); raises as :meth:`from_json`."""
    def to_json(self) -> str:
        """The registry as pretty JSON, with descriptions (reads back equal)."""
    def to_public_json(self) -> str:
        """As :meth:`to_json` without any free-text ``description``, for publication."""
    @property
    def schema(self) -> str:
        """``"est.interventions/1"``."""
    @property
    def crs(self) -> int:
        """EPSG code of the place geometries."""
    @property
    def places(self) -> list[dict[str, Any]]:
        """The places as ``{"name", "geometry"}`` dicts."""
    @property
    def interventions(self) -> list[dict[str, Any]]:
        """The interventions as dicts (``id``, ``name``, ``target``, ``control``, ``buffer``,
        ``buffer_m``, ``start``, ``end``, ``categories``, ``organisations``,
        ``description``, ``goal_irr``; absent fields left out)."""
    def intervention(self, id: str) -> dict[str, Any]:
        """The intervention ``id`` as a dict (:class:`FollowupError`
        ``FOLLOWUP_UNKNOWN_INTERVENTION`` naming the known ids otherwise)."""
    def __len__(self) -> int: ...

@final
class Wdq:
    """The weighted displacement quotient (Bowers & Johnson 2003)."""

    @property
    def value(self) -> float:
        """``buffer / success``."""
    @property
    def success(self) -> float:
        """``R_a/C_a − R_b/C_b`` (negative = the target improved)."""
    @property
    def buffer(self) -> float:
        """``D_a/C_a − D_b/C_b`` (positive = displacement, negative = diffusion)."""
    @property
    def interpretable(self) -> bool:
        """Whether the success measure is negative (only then is the quotient read)."""
    @property
    def reading(self) -> str:
        """``"diffusion_exceeds_effect"``, ``"diffusion"``, ``"no_buffer_change"``,
        ``"displacement_net_benefit"``, ``"displacement_exceeds"`` or
        ``"not_interpretable"``."""
    @property
    def reading_sv(self) -> str:
        """The reading in Swedish."""
    @property
    def reading_en(self) -> str:
        """The reading in English."""

def wdq(r_b: float, r_a: float, d_b: float, d_a: float, c_b: float, c_a: float) -> Wdq:
    """Weighted displacement quotient ``(D_a/C_a − D_b/C_b)/(R_a/C_a − R_b/C_b)`` (target
    R, buffer D, control C; b before, a after). No interval exists: use :func:`wdd`.
    Raises :class:`FollowupError` (``FOLLOWUP_UNDEFINED`` for a zero control count or a zero
    success measure, ``FOLLOWUP_INVALID_PARAMETER`` for a negative count)."""

@final
class Tne:
    """The total net effect (Guerette 2009)."""

    @property
    def value(self) -> float:
        """``target + buffer`` (positive = incidents prevented)."""
    @property
    def target(self) -> float:
        """``R_b·C_a/C_b − R_a``."""
    @property
    def buffer(self) -> float:
        """``D_b·C_a/C_b − D_a``."""

def tne(r_b: float, r_a: float, d_b: float, d_a: float, c_b: float, c_a: float) -> Tne:
    """Total net effect ``[R_b·C_a/C_b − R_a] + [D_b·C_a/C_b − D_a]``. Raises
    :class:`FollowupError` (``FOLLOWUP_UNDEFINED`` when ``C_b = 0``)."""

def gross_net_effect(r_b: float, r_a: float, c_b: float, c_a: float) -> dict[str, float]:
    """Gross effect ``R_b − R_a`` and net effect ``R_b/C_b − R_a/C_a`` as
    ``{"gross", "net"}``. Raises :class:`FollowupError`."""

@final
class Wdd:
    """The weighted displacement difference test (Wheeler & Ratcliffe 2018)."""

    @property
    def estimate(self) -> float:
        """``local + displacement`` (negative = incidents prevented)."""
    @property
    def se(self) -> float:
        """Standard error."""
    @property
    def z(self) -> float:
        """``estimate / se``."""
    @property
    def p(self) -> float:
        """Two-sided normal p."""
    @property
    def lower(self) -> float:
        """Lower limit of the ``1 − alpha`` interval."""
    @property
    def upper(self) -> float:
        """Upper limit."""
    @property
    def alpha(self) -> float:
        """The significance level."""
    @property
    def local(self) -> tuple[float, float]:
        """The target-versus-control part ``(estimate, se)``."""
    @property
    def displacement(self) -> tuple[float, float]:
        """The displacement part ``(estimate, se)`` (0 without displacement counts)."""
    @property
    def counts(self) -> dict[str, Any]:
        """The inputs."""

def wdd(
    control: tuple[float, float],
    treated: tuple[float, float],
    disp_control: Optional[tuple[float, float]] = None,
    disp_treated: Optional[tuple[float, float]] = None,
    *,
    time_weights: tuple[float, float] = (1.0, 1.0),
    area_weights: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0),
    alpha: float = 0.05,
) -> Wdd:
    """Weighted displacement difference (ptools ``wdd`` argument order; counts as
    ``(before, after)``; displacement counts None = 0; each count divided by time weight ×
    area weight, area weights in the order control, treated, displacement control,
    displacement treated). ``alpha`` 0.05 (ptools: 0.1). Raises :class:`FollowupError`
    (``FOLLOWUP_INVALID_PARAMETER``, ``FOLLOWUP_UNDEFINED`` when every count is 0)."""

@final
class WddHarm:
    """A harm-weighted sum of WDD estimates (ptools ``wdd_harm``)."""

    @property
    def estimate(self) -> float:
        """``Σ h_k·est_k``."""
    @property
    def se(self) -> float:
        """``√(Σ h_k²·se_k²)``."""
    @property
    def z(self) -> float:
        """``estimate / se``."""
    @property
    def p(self) -> float:
        """Two-sided normal p."""
    @property
    def lower(self) -> float:
        """Lower limit."""
    @property
    def upper(self) -> float:
        """Upper limit."""
    @property
    def alpha(self) -> float:
        """The significance level."""
    @property
    def weights(self) -> list[float]:
        """The harm weights."""

def wdd_harm(
    est: _ArrayLike1, se: _ArrayLike1, weight: _ArrayLike1, *, alpha: float = 0.05
) -> WddHarm:
    """Harm-weighted WDD over crime types from each type's estimate and standard error
    (e.g. :attr:`Wdd.estimate`, :attr:`Wdd.se`) and harm weight. Raises
    :class:`FollowupError`."""

@final
class Did:
    """A Poisson difference-in-differences estimate."""

    @property
    def irr(self) -> float:
        """``e^δ``: the change in the treated relative to the controls."""
    @property
    def log_irr(self) -> float:
        """``δ``."""
    @property
    def se_log(self) -> float:
        """Standard error of ``δ`` (× √φ for quasi-Poisson)."""
    @property
    def lower(self) -> float:
        """Lower limit of the IRR's interval."""
    @property
    def upper(self) -> float:
        """Upper limit."""
    @property
    def z(self) -> float:
        """``δ / se``."""
    @property
    def p(self) -> float:
        """Two-sided normal p."""
    @property
    def alpha(self) -> float:
        """The significance level."""
    @property
    def method(self) -> str:
        """``"closed_form2x2"``, ``"poisson_glm"`` or ``"quasi_poisson_glm"``."""
    @property
    def scale(self) -> float:
        """Dispersion used (1 for Poisson)."""
    @property
    def pearson_chi2(self) -> float:
        """Pearson χ² of the fit."""
    @property
    def deviance(self) -> float:
        """Residual deviance."""
    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom."""
    @property
    def n_obs(self) -> int:
        """Observations used."""
    @property
    def iterations(self) -> int:
        """IRLS iterations (0 for the closed form)."""
    @property
    def dropped_groups(self) -> list[int]:
        """Group labels left out because all their counts are zero."""
    @property
    def dropped_times(self) -> list[int]:
        """Period labels left out because all their counts are zero."""

def did_2x2(t0: int, t1: int, c0: int, c1: int, *, alpha: float = 0.05) -> Did:
    """2 × 2 Poisson difference in differences: ``IRR = (T1/T0)/(C1/C0)``,
    ``SE(ln IRR) = √(1/T0 + 1/T1 + 1/C0 + 1/C1)``. Raises :class:`FollowupError`
    (``FOLLOWUP_UNDEFINED`` when a count is zero)."""

def did_panel(
    y: _ArrayLike1,
    group: Sequence[int],
    time: Sequence[int],
    treated_post: Sequence[bool],
    *,
    exposure: Optional[_ArrayLike1] = None,
    overdispersion: bool = False,
    alpha: float = 0.05,
) -> Did:
    """Poisson difference in differences on a panel by IRLS:
    ``log E[y] = α_group + γ_time + δ·treated_post (+ log exposure)``; ``overdispersion``
    scales the standard error by the quasi-Poisson ``√φ``. Agrees with statsmodels' Poisson
    GLM to 1e-6. Raises :class:`FollowupError`."""

@final
class RelativeIrr:
    """The target's incidence rate ratio relative to a control, ``(T1/T0)/(C1/C0)``."""

    @property
    def irr(self) -> float:
        """The ratio (0 when ``T1 = 0``, inf when ``T0 = 0 < T1``)."""
    @property
    def lower(self) -> float:
        """Lower limit."""
    @property
    def upper(self) -> float:
        """Upper limit."""
    @property
    def ci(self) -> str:
        """``"wald_log"`` or ``"exact_conditional"``."""
    @property
    def alpha(self) -> float:
        """The significance level."""
    @property
    def target(self) -> tuple[int, int]:
        """Target (before, after)."""
    @property
    def control(self) -> tuple[int, int]:
        """Control (before, after)."""

def relative_irr(
    t0: int,
    t1: int,
    c0: int,
    c1: int,
    *,
    ci: Literal["auto", "wald-log", "exact"] = "auto",
    alpha: float = 0.05,
    exact_below: int = 5,
) -> RelativeIrr:
    """The IRR of a target relative to a control with a Wald-log or exact conditional
    (noncentral hypergeometric) interval; ``"auto"`` is exact when a count is below
    ``exact_below``. Raises :class:`FollowupError`."""

@final
class AreaChange:
    """Counts of one area before and after, with the after-versus-before tests (None where
    a test is undefined)."""

    @property
    def name(self) -> Optional[str]:
        """The place's name (None for a ring buffer or the default control)."""
    @property
    def rule(self) -> str:
        """How the area was formed."""
    @property
    def before(self) -> int:
        """Incidents before."""
    @property
    def after(self) -> int:
        """Incidents after."""
    @property
    def irr(self) -> Optional[RateRatio]:
        """Rate ratio after/before per day with its interval."""
    @property
    def score(self) -> Optional[TwoRateTest]:
        """Score test of equal rates."""
    @property
    def exact_cond(self) -> Optional[TwoRateTest]:
        """Exact conditional test."""
    @property
    def etest(self) -> Optional[TwoRateTest]:
        """E-test, unpooled statistic."""
    @property
    def etest_pooled(self) -> Optional[TwoRateTest]:
        """E-test, pooled statistic."""

@final
class Evaluation:
    """The before/after evaluation of one registered intervention; measures that are
    undefined for the data are None (the reason in :attr:`undefined`)."""

    @property
    def intervention(self) -> dict[str, Any]:
        """The intervention (without its free-text description)."""
    @property
    def id(self) -> str:
        """The intervention's id."""
    @property
    def categories(self) -> list[str]:
        """Codes of the categories counted (with subcategories)."""
    @property
    def before(self) -> dict[str, Any]:
        """The before period ``{"start", "end", "days"}`` (UTC datetimes)."""
    @property
    def after(self) -> dict[str, Any]:
        """The after period ``{"start", "end", "days"}``."""
    @property
    def followup_weeks(self) -> float:
        """Length of the after period in weeks."""
    @property
    def target(self) -> AreaChange:
        """The target area."""
    @property
    def control(self) -> AreaChange:
        """The control area (also the buffer's control)."""
    @property
    def buffer(self) -> Optional[AreaChange]:
        """The buffer (displacement) area, if any."""
    @property
    def irr_target(self) -> Optional[RelativeIrr]:
        """The target's IRR relative to the control."""
    @property
    def irr_buffer(self) -> Optional[RelativeIrr]:
        """The buffer's IRR relative to the control."""
    @property
    def gross_net(self) -> Optional[dict[str, float]]:
        """Gross and net effect."""
    @property
    def wdq(self) -> Optional[Wdq]:
        """WDQ (needs a buffer)."""
    @property
    def tne(self) -> Optional[Tne]:
        """TNE (needs a buffer)."""
    @property
    def wdd(self) -> Optional[Wdd]:
        """WDD with time weights (before days / after days, 1)."""
    @property
    def did(self) -> Optional[Did]:
        """2 × 2 Poisson DiD, target versus control."""
    @property
    def undefined(self) -> dict[str, str]:
        """Why each undefined measure is undefined, by name."""
    @property
    def alpha(self) -> float:
        """Significance level."""
    @property
    def goal_irr(self) -> Optional[float]:
        """The goal from the registry, if any."""
    @property
    def notes(self) -> list[str]:
        """What the reader should know (area precedence, default control)."""
    @property
    def params_used(self) -> list[dict[str, Any]]:
        """Every parameter with its value and provenance."""
    def to_dict(self) -> dict[str, Any]:
        """The whole evaluation as plain objects (undefined measures as
        ``{"undefined": reason}``, NaN as None)."""
    def to_json(self) -> str:
        """The whole evaluation as pretty JSON."""

def evaluate(
    registry: Registry,
    id: str,
    incidents: Incidents,
    *,
    as_of: Optional[_Instant] = None,
    before: Optional[tuple[_Instant, _Instant]] = None,
    after: Optional[tuple[_Instant, _Instant]] = None,
    alpha: float = 0.05,
    study_area: Optional[str] = None,
    exact_below: int = 5,
) -> Evaluation:
    """The before/after evaluation of intervention ``id``: incidents of its categories (with
    subcategories) in the target, buffer (a named place or a ``buffer_m`` ring) and control
    areas, exclusive in that order (the control defaults to everything outside target and
    buffer, within the place ``study_area`` when given); per-area tests; IRRs relative to
    the control; gross/net effect, WDQ, TNE, WDD and the 2 × 2 DiD.

    The after period runs from the first day (00:00 Europe/Stockholm) to the earlier of the
    day after the last day and ``as_of`` (None = just after the latest incident: the end of
    the data); the before period is as long, ending where it starts; either can be given as
    ``(start, end)``. Raises :class:`FollowupError` (``FOLLOWUP_UNKNOWN_INTERVENTION``,
    ``FOLLOWUP_INVALID_REGISTRY``, ``FOLLOWUP_INVALID_PARAMETER``), :class:`CrsError`."""

@final
class Recommendation:
    """The advisory recommendation after a follow-up; the EST group decides."""

    @property
    def suggestion(self) -> str:
        """``"continue"``, ``"expand"``, ``"change"`` or ``"end"``."""
    @property
    def label_sv(self) -> str:
        """``"fortsätt"``, ``"utvidga"``, ``"ändra"`` or ``"avsluta"``."""
    @property
    def label_en(self) -> str:
        """The English label."""
    @property
    def rule_id(self) -> str:
        """The rule that fired, ``"R0"`` … ``"R8"``."""
    @property
    def evidence(self) -> str:
        """``"reduction"``, ``"increase"`` or ``"inconclusive"``."""
    @property
    def buffer(self) -> str:
        """``"displacement"``, ``"diffusion"`` or ``"neutral"``."""
    @property
    def too_few_incidents(self) -> bool:
        """Whether too few target incidents (or a zero control count) stopped the
        judgement."""
    @property
    def facts(self) -> dict[str, Any]:
        """The facts the rule read."""
    @property
    def irr_target(self) -> Optional[RelativeIrr]:
        """The target's IRR relative to the control, when defined."""
    @property
    def irr_buffer(self) -> Optional[RelativeIrr]:
        """The buffer's IRR relative to its control, when defined."""
    @property
    def wdq(self) -> Optional[Wdq]:
        """WDQ, when defined."""
    @property
    def wdd(self) -> Optional[Wdd]:
        """WDD total with its interval, when defined."""
    @property
    def reasons_sv(self) -> list[str]:
        """Plain Swedish sentences with the numbers."""
    @property
    def reasons_en(self) -> list[str]:
        """The same in English."""
    @property
    def inputs(self) -> dict[str, Any]:
        """Every input: numbers, context, thresholds, the goal applied and its source."""
    def to_dict(self) -> dict[str, Any]:
        """The whole recommendation as plain objects."""
    def to_json(self) -> str:
        """The whole recommendation as pretty JSON."""

def recommend(
    evaluation: Evaluation,
    *,
    problem_persists: bool = False,
    nearby_emerging: int = 0,
    alpha: float = 0.05,
    goal_irr: float = 0.8,
    min_followup_weeks: float = 12.0,
    max_followup_weeks: float = 52.0,
    min_events: int = 10,
    exact_below: int = 5,
) -> Recommendation:
    """The advisory recommendation (method reference §9.8, every threshold an est choice):
    R0 not yet evaluable (follow-up < ``min_followup_weeks``, fewer than ``min_events``
    target incidents, a zero control count) → continue; R1 increase → change; R2 reduction
    offset by displacement → change; R3 reduction reaching the goal (the registry's, else
    ``goal_irr``) and ``not problem_persists`` → end; R4 reduction with diffusion,
    displacement or ``nearby_emerging`` hot spots → expand; R5 reduction → continue; R6
    inconclusive but IRR < 1 before ``max_followup_weeks`` → continue; R7 inconclusive,
    problem gone → end; R8 → change. Raises :class:`FollowupError`
    (``FOLLOWUP_INVALID_PARAMETER``)."""

def recommend_from_numbers(
    target: _Pair,
    control: _Pair,
    before_days: float,
    after_days: float,
    *,
    buffer: Optional[_Pair] = None,
    buffer_control: Optional[_Pair] = None,
    registered_goal_irr: Optional[float] = None,
    problem_persists: bool = False,
    nearby_emerging: int = 0,
    alpha: float = 0.05,
    goal_irr: float = 0.8,
    min_followup_weeks: float = 12.0,
    max_followup_weeks: float = 52.0,
    min_events: int = 10,
    exact_below: int = 5,
) -> Recommendation:
    """:func:`recommend` from counts ``(before, after)`` directly: target, control, optional
    buffer and buffer control (None: the control), period lengths in days and the goal
    registered for the intervention (None: ``goal_irr``). Raises :class:`FollowupError`."""
