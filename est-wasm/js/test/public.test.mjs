// The privacy-safe public export from JS: the k rule checked against an independent count
// of the same lattice (cells and category groups), secondary suppression, no identifying
// fields, identical numbers for a cell shared by two overlapping exports, and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as est from "../index.js";

const WEEK = "2026-W47";
const town = est.sampleTown(6000, 2026);
const tax = est.Taxonomy.default();

/** The top-level group of each category code. */
const groupOf = (() => {
  const parent = new Map(tax.categories.map((c) => [c.code, c.parent]));
  return (code) => {
    let c = code;
    while (parent.get(c)) c = parent.get(c);
    return c;
  };
})();

/** Independent counts per lattice cell (and group) of the incidents in the ISO week. */
function latticeCounts(size) {
  const week = est.weeksEnding("2026-11-18T12:00:00+01:00", 1);
  assert.equal(week.labels[0], WEEK);
  const { start, end } = week.bins[0];
  const cells = new Map();
  const x = town.x;
  const y = town.y;
  const t = town.times;
  const cats = town.categories;
  for (let i = 0; i < town.length; i++) {
    if (t[i] < start || t[i] >= end) continue;
    const key = `${size}m:E${Math.floor(x[i] / size) * size}N${Math.floor(y[i] / size) * size}`;
    const c = cells.get(key) ?? { count: 0, groups: new Map() };
    c.count += 1;
    const g = groupOf(cats[i]);
    c.groups.set(g, (c.groups.get(g) ?? 0) + 1);
    cells.set(key, c);
  }
  return cells;
}

for (const k of [1, 3, 5, 10]) {
  test(`publicExport k = ${k}: exactly the cells with at least k incidents, groups and rest never 1 … k − 1`, () => {
    const size = 500;
    const ex = est.publicExport(town, WEEK, { k, cellSizeM: size });
    const want = latticeCounts(size);
    const published = [...want].filter(([, c]) => c.count >= k);
    assert.ok(published.length > 0);
    assert.deepEqual(
      ex.cells.map((c) => [c.key, c.count]).sort(),
      published.map(([key, c]) => [key, c.count]).sort(),
    );
    assert.equal(ex.suppressedCells, [...want.values()].filter((c) => c.count < k).length);
    assert.equal(ex.publishedTotal, published.reduce((a, [, c]) => a + c.count, 0));
    assert.equal(ex.k, k);
    assert.equal(ex.week, WEEK);
    assert.equal(ex.monday, "2026-11-16");
    assert.equal(ex.cellSizeM, size);
    for (const c of ex.cells) {
      assert.ok(c.count >= k);
      assert.equal(c.x0 % size, 0);
      assert.equal(c.y0 % size, 0);
      assert.equal(c.lonlat.length, 4);
      const groups = want.get(c.key).groups;
      let sum = 0;
      for (const g of c.groups) {
        assert.ok(g.count >= k, `${c.key} ${g.code} ${g.count}`);
        assert.equal(g.count, groups.get(g.code), `${c.key} ${g.code}`);
        assert.equal(typeof g.sv, "string");
        sum += g.count;
      }
      const rest = c.count - sum;
      assert.ok(rest === 0 || rest >= k, `${c.key}: rest ${rest} would reveal a small count`);
    }
  });
}

test("publicExport: no ids, free text, organisations or exact positions; GeoJSON of the cells", () => {
  const ex = est.publicExport(town, WEEK);
  const json = ex.toJson();
  const doc = JSON.parse(json);
  assert.equal(doc.schema, "est.public/1");
  assert.equal(doc.k, 5);
  assert.equal(doc.cell_size_m, 500);
  for (const word of ['"id"', '"text"', '"organisation"', "SJ-", '"place"']) assert.ok(!json.includes(word), word);
  const xs = new Set(Array.from(town.x, String));
  for (const c of doc.cells) assert.ok(!xs.has(String(c.x0)) || c.x0 % 500 === 0);
  const gj = JSON.parse(ex.toGeoJson());
  assert.equal(gj.type, "FeatureCollection");
  assert.equal(gj.features.length, ex.cells.length);
  for (const f of gj.features) {
    assert.ok(f.properties.count >= 5);
    assert.equal(f.properties.week, WEEK);
    assert.equal(f.geometry.coordinates[0].length, 5);
  }
  assert.equal(gj.est.suppressed_cells, ex.suppressedCells);
  assert.ok(ex.noteSv.includes("500 m") && ex.noteEn.includes("fewer than 5"));
  const noGroups = est.publicExport(town, WEEK, { groups: false });
  assert.ok(noGroups.cells.every((c) => c.groups.length === 0));
});

test("publicExport: two overlapping exports publish the same number for every shared cell", () => {
  const whole = est.publicExport(town, WEEK);
  const xs = whole.cells.map((c) => c.x0);
  const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
  const ys = whole.cells.map((c) => c.y0);
  const [x0, y0, y1] = [Math.min(...xs) - 1000, Math.min(...ys) - 1000, Math.max(...ys) + 1000];
  const west = est.StudyArea.fromGeoJSON(
    JSON.stringify({ type: "Polygon", coordinates: [[[x0, y0], [mid, y0], [mid, y1], [x0, y1], [x0, y0]]] }),
    { crs: 3006, target: 3006 },
  );
  const part = est.publicExport(town, WEEK, { area: west });
  assert.ok(part.cells.length > 0 && part.cells.length < whole.cells.length);
  const byKey = new Map(whole.cells.map((c) => [c.key, c]));
  for (const c of part.cells) {
    assert.ok(c.x0 + 250 <= mid);
    assert.deepEqual(c, byKey.get(c.key));
  }
  assert.ok(part.suppressedCells <= whole.suppressedCells);
});

test("publicExport errors", () => {
  const bad = (fn, name, code) => {
    let err;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof est.EstError, String(err));
    assert.equal(err.name, name, err.message);
    assert.equal(err.code, code, err.message);
    return err;
  };
  const e = bad(() => est.publicExport(town, "2026-W60"), "ReportError", "REPORT_INVALID_OPTION");
  assert.equal(e.details.option, "week");
  assert.equal(bad(() => est.publicExport(town, WEEK, { k: 0 }), "ReportError", "REPORT_INVALID_OPTION").details.option, "k");
  assert.equal(bad(() => est.publicExport(town, WEEK, { cellSizeM: 50 }), "ReportError", "REPORT_INVALID_OPTION").details.option, "cellSizeM");
  bad(() => est.publicExport(town, WEEK, { cellSize: 500 }), "OptionsError", "INVALID_OPTION");
  bad(() => est.publicExport(town, WEEK, { k: 2.5 }), "OptionsError", "INVALID_OPTION");
  const area = est.StudyArea.fromGeoJSON(
    JSON.stringify({ type: "Polygon", coordinates: [[[12, 58], [12.1, 58], [12.1, 58.1], [12, 58.1], [12, 58]]] }),
    { target: 3007 },
  );
  bad(() => est.publicExport(town, WEEK, { area }), "OptionsError", "INVALID_OPTION");
});
