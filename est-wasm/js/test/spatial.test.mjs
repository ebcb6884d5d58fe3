// Grids, study areas and the spatial index: counts, automatic cell size, hexagons, clipping,
// GeoJSON export, and index queries checked against brute force in plain JS.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as est from "../index.js";

const N = 3000;
const town = est.sampleTown(N, 1);
const sum = (a) => a.reduce((s, v) => s + v, 0);

/** Asserts that `fn` throws an EstError with this name and code; returns the error. */
function throwsEst(fn, name, code) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof est.EstError, `not an EstError: ${err}`);
  assert.equal(err.name, name, err.message);
  assert.equal(err.code, code, err.message);
  assert.equal(typeof err.details, "object");
  return err;
}

// A pentagon (WGS 84) over the middle of Sjöstad (lon 17.77–17.90, lat 59.56–59.63).
const RING = [[17.80, 59.575], [17.87, 59.578], [17.885, 59.60], [17.845, 59.622], [17.805, 59.61], [17.80, 59.575]];
const POLYGON = JSON.stringify({
  type: "Feature",
  properties: { name: "Centrum" },
  geometry: { type: "Polygon", coordinates: [RING] },
});

test("Grid.forIncidents + countsFor: every incident counted once", () => {
  const grid = est.Grid.forIncidents(town);
  assert.ok(grid instanceof est.Grid);
  assert.equal(grid.crs, 3006);
  assert.equal(grid.shape, "square");
  assert.equal(grid.clipMode, null);
  assert.equal(grid.nCells, grid.ncol * grid.nrow);
  const cells = grid.cells;
  assert.ok(cells instanceof Uint32Array);
  assert.equal(cells.length, grid.nCells);
  assert.ok(grid.insideFraction.every((f) => f === 1));
  const c = grid.countsFor(town);
  assert.ok(c.counts instanceof Float64Array);
  assert.equal(c.counts.length, grid.nCells);
  assert.equal(c.outside, 0);
  assert.equal(sum(c.counts) + c.outside, N);
  // counts(xs, ys) agrees, and cellOf puts each point in a cell with a count.
  const c2 = grid.counts(town.x, town.y);
  assert.deepEqual(Array.from(c2.counts), Array.from(c.counts));
  const byCell = new Map();
  for (let i = 0; i < N; i++) {
    const id = grid.cellOf(town.x[i], town.y[i]);
    assert.equal(typeof id, "number");
    byCell.set(id, (byCell.get(id) ?? 0) + 1);
  }
  cells.forEach((id, k) => assert.equal(c.counts[k], byCell.get(id) ?? 0));
  assert.equal(grid.cellOf(0, 0), undefined);
  // weighted: sums of weights
  const w = grid.counts(town.x, town.y, town.weights);
  assert.ok(Math.abs(sum(w.counts) - sum(town.weights)) < 1e-6);
  // centroids: one per active cell, inside that cell
  const { x, y } = grid.centroids();
  assert.equal(x.length, grid.nCells);
  for (let k = 0; k < cells.length; k += 97) assert.equal(grid.cellOf(x[k], y[k]), cells[k]);
});

test("automatic cell size is recorded with its rule; an explicit one as user", () => {
  const grid = est.Grid.forIncidents(town);
  const p = grid.paramsUsed.find((q) => q.name === "cell_size_m");
  assert.ok(p, JSON.stringify(grid.paramsUsed));
  assert.equal(p.source, "auto");
  assert.equal(p.rule, "min_side/50, floor to 100 m");
  assert.equal(p.value, grid.cellSize);
  const xs = Array.from(town.x), ys = Array.from(town.y);
  const width = Math.max(...xs) - Math.min(...xs), height = Math.max(...ys) - Math.min(...ys);
  assert.equal(grid.cellSize, est.autoCellSize(width, height));
  assert.equal(est.autoCellSize(31674.2, 28558.27), 500);
  assert.equal(est.autoCellSize(4000, 3000), 60);
  throwsEst(() => est.autoCellSize(1000, 0), "GridError", "GRID_DEGENERATE_EXTENT");

  const user = est.Grid.fromPoints(town.x, town.y, "EPSG:3006", { cellSize: 250 });
  assert.equal(user.cellSize, 250);
  const q = user.paramsUsed.find((r) => r.name === "cell_size_m");
  assert.equal(q.source, "user");
  assert.equal(q.rule, undefined);
  assert.deepEqual(user.origin, { x: Math.min(...xs) - 125, y: Math.min(...ys) - 125 });
});

test("hexagon grid", () => {
  const hex = est.Grid.forIncidents(town, { shape: "hexagon", cellSize: 300 });
  assert.equal(hex.shape, "hexagon");
  assert.equal(hex.cellSize, 300);
  assert.ok(hex.nCells > 0 && hex.nCells <= hex.ncol * hex.nrow);
  const c = hex.countsFor(town);
  assert.equal(sum(c.counts) + c.outside, N);
  assert.equal(c.outside, 0);
  assert.equal(hex.paramsUsed.find((p) => p.name === "shape").value, "hexagon");
});

test("fromExtent and the size guard", () => {
  const g = est.Grid.fromExtent(670000, 6580000, 672000, 6581000, 3006, { cellSize: 250 });
  assert.deepEqual([g.ncol, g.nrow, g.nCells], [9, 5, 45]);
  assert.equal(g.cellOf(670000, 6580000), 0);
  assert.deepEqual(Array.from(g.extent), [670000, 6580000, 672000, 6581000]);
  throwsEst(() => est.Grid.fromExtent(1, 0, 0, 1, 3006, { cellSize: 1 }), "GridError", "GRID_INVALID_EXTENT");
  const e = throwsEst(
    () => est.Grid.fromExtent(600000, 6500000, 700000, 6600000, 3006, { cellSize: 10 }),
    "GridError", "GRID_TOO_MANY_CELLS");
  assert.equal(e.details.cellSize, 10);
  assert.equal(e.details.maxCells, 10_000_000);
  assert.ok(e.details.cells > 10_000_000);
  assert.equal(typeof e.details.minCellSize, "number");
  assert.ok(e.message.includes(`${e.details.minCellSize} m`));
  // maxCells and warnCells
  throwsEst(() => est.Grid.forIncidents(town, { cellSize: 100, maxCells: 100 }), "GridError", "GRID_TOO_MANY_CELLS");
  const warned = est.Grid.forIncidents(town, { cellSize: 100, warnCells: 10 });
  assert.equal(warned.warnings.length, 1);
});

test("clip to a WGS 84 GeoJSON polygon in every mode", () => {
  const area = est.StudyArea.fromGeoJSON(POLYGON);
  assert.ok(area instanceof est.StudyArea);
  assert.equal(area.crs, 3006);
  assert.ok(area.areaM2 > 5e6 && area.areaM2 < 5e7, String(area.areaM2));
  assert.equal(est.StudyArea.fromGeoJSON(POLYGON, { crs: 4326, target: "EPSG:3006" }).areaM2, area.areaM2);

  const grid = est.Grid.forIncidents(town, { cellSize: 200 });
  const kept = {};
  for (const mode of ["intersects", "centroidInside", "cut"]) {
    const clipped = grid.clip(area, mode);
    assert.equal(clipped.clipMode, mode);
    assert.ok(clipped.nCells > 0 && clipped.nCells < grid.nCells, `${mode}: ${clipped.nCells}`);
    const f = clipped.insideFraction;
    assert.equal(f.length, clipped.nCells);
    assert.ok(f.every((v) => v > 0 && v <= 1), mode);
    assert.ok(f.some((v) => v < 1), mode);
    const c = clipped.countsFor(town);
    assert.equal(sum(c.counts) + c.outside, N);
    assert.ok(c.outside > 0);
    kept[mode] = clipped.nCells;
    // The clip is recorded with the other parameters.
    assert.ok(clipped.paramsUsed.length >= grid.paramsUsed.length);
  }
  assert.equal(kept.intersects, kept.cut);
  assert.ok(kept.centroidInside <= kept.intersects);
  // default mode, and a clipped grid cannot be clipped again
  assert.equal(grid.clip(area).clipMode, "intersects");
  const again = throwsEst(() => grid.clip(area, "cut").clip(area), "GridError", "GRID_ALREADY_CLIPPED");
  assert.equal(again.details.mode, "cut");
  // the study area in another CRS than the grid
  const utm = est.StudyArea.fromGeoJSON(POLYGON, { target: 3011 });
  throwsEst(() => grid.clip(utm), "GridError", "GRID_CRS_MISMATCH");
  // options
  throwsEst(() => grid.clip(area, "centroid_inside"), "OptionsError", "INVALID_OPTION");
  throwsEst(() => est.StudyArea.fromGeoJSON(POLYGON, { tagret: 3006 }), "OptionsError", "INVALID_OPTION");
  throwsEst(() => est.StudyArea.fromGeoJSON("{"), "GridError", "GRID_STUDY_AREA_JSON");
  throwsEst(() => est.StudyArea.fromGeoJSON('{"type":"Point","coordinates":[18,59]}'), "GridError",
    "GRID_STUDY_AREA_NOT_POLYGON");
});

test("toGeoJSON: one WGS 84 feature per active cell with the given columns", () => {
  const grid = est.Grid.forIncidents(town, { cellSize: 250 });
  const c = grid.countsFor(town);
  const perKm2 = Array.from(c.counts, (n) => n / 0.0625);
  const fc = JSON.parse(grid.toGeoJSON({ n: c.counts, per_km2: perKm2 }));
  assert.equal(fc.type, "FeatureCollection");
  assert.equal(fc.features.length, grid.nCells);
  const cells = grid.cells;
  fc.features.forEach((f, k) => {
    assert.equal(f.geometry.type, "Polygon");
    assert.equal(f.properties.cell, cells[k]);
    assert.equal(f.properties.n, c.counts[k]);
    assert.ok(Math.abs(f.properties.per_km2 - perKm2[k]) < 1e-9);
    assert.equal(f.properties.inside_fraction, 1);
  });
  const [lon, lat] = fc.features[0].geometry.coordinates[0][0];
  assert.ok(lon > 17 && lon < 19 && lat > 59 && lat < 60, `${lon}, ${lat}`);
  // no columns
  assert.equal(JSON.parse(grid.toGeoJSON()).features.length, grid.nCells);
  // a cut grid exports cut cells
  const cut = grid.clip(est.StudyArea.fromGeoJSON(POLYGON), "cut");
  assert.equal(JSON.parse(cut.toGeoJSON()).features.length, cut.nCells);
  // bad columns
  throwsEst(() => grid.toGeoJSON({ n: [1, 2, 3] }), "GridError", "GRID_COLUMN_LENGTH");
  throwsEst(() => grid.toGeoJSON({ cell: c.counts }), "GridError", "GRID_DUPLICATE_COLUMN");
  throwsEst(() => grid.toGeoJSON({ n: "many" }), "OptionsError", "INVALID_OPTION");
});

test("a grid over lon/lat is refused as a CRS error", () => {
  const wgs = town.toCrs(4326);
  let e = throwsEst(() => est.Grid.forIncidents(wgs), "CrsError", "CRS_NOT_METRIC");
  assert.equal(e.details.crs, 4326);
  e = throwsEst(() => est.Grid.fromPoints(wgs.x, wgs.y, 4326, { cellSize: 100 }), "CrsError", "CRS_NOT_METRIC");
  assert.ok(e.message.includes("metres"), e.message);
  throwsEst(() => est.Grid.fromExtent(17.7, 59.5, 17.9, 59.7, "WGS 84"), "CrsError", "CRS_NOT_METRIC");
  throwsEst(() => new est.IncidentIndex(wgs), "CrsError", "CRS_NOT_METRIC");
  // and a grid built in SWEREF 99 TM does not count lon/lat incidents
  const e2 = throwsEst(() => est.Grid.forIncidents(town).countsFor(wgs), "GridError", "GRID_CRS_MISMATCH");
  assert.deepEqual([e2.details.gridCrs, e2.details.dataCrs], [3006, 4326]);
});

test("grid options are checked", () => {
  for (const opts of [{ cellsize: 100 }, { shape: "triangle" }, { maxCells: 1.5 }, { warnCells: -1 }, 7]) {
    throwsEst(() => est.Grid.forIncidents(town, opts), "OptionsError", "INVALID_OPTION");
  }
  throwsEst(() => est.Grid.fromPoints([1, "2"], [3, 4], 3006), "OptionsError", "INVALID_OPTION");
  const e = throwsEst(() => est.Grid.fromPoints([600000, 600100], [6500000], 3006, { cellSize: 10 }),
    "GridError", "GRID_LENGTH_MISMATCH");
  assert.deepEqual([e.details.xLength, e.details.yLength], [2, 1]);
  throwsEst(() => est.Grid.forIncidents(town).counts(town.x, town.y, [1]), "GridError", "GRID_WEIGHTS_LENGTH");
});

// ---- spatial index against brute force -------------------------------------------------

const X = Array.from(town.x), Y = Array.from(town.y);
const d2 = (i, x, y) => (X[i] - x) * (X[i] - x) + (Y[i] - y) * (Y[i] - y);
const range = (n) => Array.from({ length: n }, (_, i) => i);

/** Ray casting; the query polygon's points are not on its boundary. */
function inRing(px, py, xs, ys) {
  let inside = false;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
    if ((ys[i] > py) !== (ys[j] > py) && px < ((xs[j] - xs[i]) * (py - ys[i])) / (ys[j] - ys[i]) + xs[i]) {
      inside = !inside;
    }
  }
  return inside;
}

test("IncidentIndex queries equal brute force", () => {
  const index = new est.IncidentIndex(town);
  assert.equal(index.length, N);
  assert.equal(est.IncidentIndex.fromIncidents(town).length, N);
  const fromPoints = est.IncidentIndex.fromPoints(town.x, X);
  assert.equal(fromPoints.length, N);
  const queries = [[X[0], Y[0]], [X[1234], Y[1234] + 37.5], [675000, 6620000], [660000, 6610000]];
  for (const [x, y] of queries) {
    for (const r of [0, 50, 250, 1000]) {
      const got = index.withinRadius(x, y, r);
      assert.ok(got instanceof Uint32Array);
      assert.deepEqual(Array.from(got), range(N).filter((i) => d2(i, x, y) <= r * r), `${x},${y} r=${r}`);
    }
    for (const k of [1, 5, 40]) {
      const { rows, distances } = index.nearest(x, y, k);
      assert.ok(rows instanceof Uint32Array && distances instanceof Float64Array);
      const want = range(N).sort((a, b) => d2(a, x, y) - d2(b, x, y) || a - b).slice(0, k);
      assert.deepEqual(Array.from(rows), want, `${x},${y} k=${k}`);
      want.forEach((i, j) => assert.ok(Math.abs(distances[j] - Math.sqrt(d2(i, x, y))) < 1e-9));
    }
    const [minX, minY, maxX, maxY] = [x - 800, y - 500, x + 1200, y + 300];
    assert.deepEqual(Array.from(index.inBbox(minX, minY, maxX, maxY)),
      range(N).filter((i) => X[i] >= minX && X[i] <= maxX && Y[i] >= minY && Y[i] <= maxY));
  }
  // more neighbours than points
  assert.equal(est.IncidentIndex.fromPoints([1, 2], [3, 4]).nearest(0, 0, 10).rows.length, 2);

  const area = est.StudyArea.fromGeoJSON(POLYGON);
  const ring = est.transform(RING.map((p) => p[0]), RING.map((p) => p[1]), 4326, 3006);
  const want = range(N).filter((i) => inRing(X[i], Y[i], ring.x, ring.y));
  assert.ok(want.length > 100 && want.length < N, String(want.length));
  assert.deepEqual(Array.from(index.inPolygon(area)), want);
  // a study area in another CRS than the indexed incidents
  throwsEst(() => index.inPolygon(est.StudyArea.fromGeoJSON(POLYGON, { target: 3011 })), "OptionsError", "INVALID_OPTION");
});

test("bad index queries throw a SpatialIndexError", () => {
  const index = new est.IncidentIndex(town);
  for (const r of [-1, NaN, Infinity]) {
    const e = throwsEst(() => index.withinRadius(X[0], Y[0], r), "SpatialIndexError", "INDEX_INVALID_RADIUS");
    assert.ok(Object.is(e.details.radius, r));
  }
  const k0 = throwsEst(() => index.nearest(X[0], Y[0], 0), "SpatialIndexError", "INDEX_INVALID_K");
  assert.equal(k0.details.k, 0);
  throwsEst(() => index.nearest(X[0], Y[0], -1), "OptionsError", "INVALID_OPTION");
  throwsEst(() => index.nearest(X[0], Y[0], 2.5), "OptionsError", "INVALID_OPTION");
  throwsEst(() => index.nearest(NaN, Y[0], 3), "SpatialIndexError", "INDEX_INVALID_QUERY_POINT");
  throwsEst(() => index.withinRadius(X[0], Infinity, 5), "SpatialIndexError", "INDEX_INVALID_QUERY_POINT");
  const box = throwsEst(() => index.inBbox(10, 0, 0, 10), "SpatialIndexError", "INDEX_INVALID_BOX");
  assert.deepEqual([box.details.minX, box.details.maxX], [10, 0]);
  const nf = throwsEst(() => est.IncidentIndex.fromPoints([1, NaN], [2, 3]), "SpatialIndexError", "INDEX_NOT_FINITE");
  assert.equal(nf.details.index, 1);
  throwsEst(() => est.IncidentIndex.fromPoints([1, 2], [3]), "SpatialIndexError", "INDEX_LENGTH_MISMATCH");
});
