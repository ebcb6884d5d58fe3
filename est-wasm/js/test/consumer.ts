// Type-checked by types.test.mjs (tsc --noEmit --strict): a consumer of the published API.
import * as est from "est-wasm";
import { EstError, Incidents, Taxonomy, readIncidents, sampleTown, transform } from "est-wasm";
import type { ReadOptions, RowError, TransformResult } from "est-wasm";

const v: string = est.version;
const options: ReadOptions = { crs: 3006, onError: "collect", now: new Date(), decimal: "comma" };
const inc: Incidents = readIncidents("id,time,category,x,y\n", options);
const n: number = inc.length;
const xs: Float64Array = inc.x;
const ids: string[] = inc.ids;
const errors: RowError[] = inc.errors;
const lines: number[] = errors.map((e) => e.line);
const wgs: Incidents = sampleTown(10, 1, { weeks: 20 }).toCrs("EPSG:4326");
const t: TransformResult = transform([18.06], new Float64Array([59.33]), 4326, "EPSG:3006");
const e0: number = t.x[0] + wgs.y[0] + n + xs.length + ids.length + lines.length;
const code: string = Taxonomy.default().resolve("klotter");
const parent: string | null = new Taxonomy().categories[0].parent;
const polisen: string | null = new Taxonomy().polisenCategory("Stöld");

try {
  readIncidents("x", { crs: "EPSG:3006" });
} catch (e) {
  if (e instanceof EstError) {
    const name: est.EstErrorName = e.name;
    const rows: RowError[] | undefined = e.details.errors;
    console.log(name, e.code, rows?.length, v, e0, code, parent, polisen);
  }
}

// Wrong argument types are rejected:
// @ts-expect-error: coordinates must be numbers, not strings
transform(["18.06"], [59.33], 4326, 3006);
// @ts-expect-error: onError is "raise" | "collect"
readIncidents("", { onError: "ignore" });
// @ts-expect-error: unknown option name
readIncidents("", { onErorr: "collect" });
// @ts-expect-error: sampleTown needs a seed
sampleTown(10);

// Grids, study areas, the spatial index, GeoJSON / polisen.se and the lägesbild.
import { Grid, IncidentIndex, Lagesbild, StudyArea, autoCellSize, lagesbild, readGeoJSON, readPolisenJSON } from "est-wasm";
import type { CellCounts, ClipMode, GridOptions, LagesbildPeriod, NearestResult, ParamUsed } from "est-wasm";

const town: Incidents = sampleTown(500, 1);
const gopts: GridOptions = { cellSize: 250, shape: "hexagon", maxCells: 1e6 };
const grid: Grid = Grid.forIncidents(town, gopts);
const g2: Grid = Grid.fromPoints(town.x, Array.from(town.y), 3006);
const g3: Grid = Grid.fromExtent(670000, 6580000, 672000, 6581000, "EPSG:3006", { cellSize: 100 });
const area: StudyArea = StudyArea.fromGeoJSON("{}", { crs: 4326, target: 3006 });
const mode: ClipMode = "centroidInside";
const clipped: Grid = grid.clip(area, mode);
const clipMode: ClipMode | null = clipped.clipMode;
const cell: number | undefined = grid.cellOf(674000, 6580000);
const counts: CellCounts = grid.countsFor(town);
const weighted: CellCounts = grid.counts(town.x, town.y, town.weights);
const perCell: Float64Array = counts.counts;
const cells: Uint32Array = grid.cells;
const fractions: Float64Array = clipped.insideFraction;
const params: ParamUsed[] = grid.paramsUsed;
const rule: string | undefined = params[0].rule;
const source: "user" | "default" | "auto" = params[0].source;
const shape: "square" | "hexagon" = grid.shape;
const centres: { x: Float64Array; y: Float64Array } = grid.centroids();
const gj: string = grid.toGeoJSON({ n: counts.counts, share: [0.5] });
const dims: number = grid.ncol * grid.nrow + grid.nCells + grid.cellSize + grid.origin.x + grid.crs + autoCellSize(5000, 4000);
const index: IncidentIndex = new IncidentIndex(town);
const near: NearestResult = IncidentIndex.fromPoints([1, 2], [3, 4]).nearest(0, 0, 1);
const rows: Uint32Array = index.withinRadius(674000, 6580000, 100);
const inBox: Uint32Array = index.inBbox(0, 0, 1, 1);
const inArea: Uint32Array = index.inPolygon(area);
const fromGj: Incidents = readGeoJSON(town.toGeoJSON({ includeIds: true, includeText: false }), { onError: "collect", now: Date.now() });
const pol: Incidents = readPolisenJSON("[]", { now: new Date() });
const skipped: number = pol.skipped + pol.dstGap + pol.dstOverlap + pol.report.skipped;
const lb: Lagesbild = lagesbild(town, { title: "Lägesbild", periodEnd: "2026-11-22", periodWeeks: 2, language: "en", shape: "square" });
const period: LagesbildPeriod = lb.period;
const week: string = period.isoWeek;
const html: string = lb.toHtml() + lb.toJson();
const lbGrid: Grid = lb.grid;
const nCurrent: number = lb.nCurrent + lb.warnings.length;
console.log(g2, g3, clipMode, cell, weighted, perCell, cells, fractions, rule, source, shape, centres, gj, dims,
  near.rows, near.distances, rows, inBox, inArea, fromGj, skipped, week, html, lbGrid, nCurrent);

// @ts-expect-error: clip modes are camelCase ("centroidInside")
grid.clip(area, "centroid_inside");
// @ts-expect-error: shape is "square" | "hexagon"
Grid.forIncidents(town, { shape: "triangle" });
// @ts-expect-error: unknown grid option
Grid.forIncidents(town, { cellsize: 100 });
// @ts-expect-error: language is "sv" | "en"
lagesbild(town, { language: "de" });
// @ts-expect-error: periodEnd is a "YYYY-MM-DD" string
lagesbild(town, { periodEnd: new Date() });
// @ts-expect-error: toGeoJSON columns are numbers
grid.toGeoJSON({ n: ["1"] });
// @ts-expect-error: nearest needs k
index.nearest(0, 0);
