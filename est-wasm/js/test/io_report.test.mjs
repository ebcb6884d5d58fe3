// GeoJSON and polisen.se import/export, and the lägesbild.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as est from "../index.js";

const NOW = "2027-01-01T00:00:00Z";

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
  return err;
}

test("GeoJSON round trip: ids, times, positions within 2 cm", () => {
  const town = est.sampleTown(500, 3);
  const text = town.toGeoJSON();
  const fc = JSON.parse(text);
  assert.equal(fc.type, "FeatureCollection");
  assert.equal(fc.features.length, town.length);
  const [lon, lat] = fc.features[0].geometry.coordinates;
  assert.ok(lon > 17 && lon < 19 && lat > 59 && lat < 60);

  const back = est.readGeoJSON(text, { now: NOW });
  assert.equal(back.crs, 4326);
  assert.equal(back.length, town.length);
  assert.deepEqual(back.ids, town.ids);
  assert.deepEqual(Array.from(back.times), Array.from(town.times));
  assert.deepEqual(back.categories, town.categories);
  assert.deepEqual(back.organisations, town.organisations);
  const metric = back.toCrs(3006);
  for (let i = 0; i < town.length; i++) {
    const d = Math.hypot(metric.x[i] - town.x[i], metric.y[i] - town.y[i]);
    assert.ok(d <= 0.02, `incident ${i}: ${d} m`);
  }
  assert.equal(back.skipped, 0);
  assert.equal(back.dstGap, 0);
  assert.equal(back.dstOverlap, 0);
  assert.equal(back.report.skipped, 0);
});

test("toGeoJSON: no free text unless includeText; ids can be left out", () => {
  const town = est.sampleTown(300, 3);
  const has = (text) => JSON.parse(text).features.some((f) => "text" in f.properties);
  assert.equal(has(town.toGeoJSON()), false);
  assert.equal(has(town.toGeoJSON({ includeText: false })), false);
  assert.equal(has(town.toGeoJSON({ includeText: true })), true);
  const noIds = JSON.parse(town.toGeoJSON({ includeIds: false }));
  assert.ok(noIds.features.every((f) => !("id" in f.properties)));
  throwsEst(() => town.toGeoJSON({ includeTxt: true }), "OptionsError", "INVALID_OPTION");
});

test("readGeoJSON: options, collected feature errors, bad text", () => {
  const fc = (features) => JSON.stringify({ type: "FeatureCollection", features });
  const pt = (coordinates, properties) => ({ type: "Feature", geometry: { type: "Point", coordinates }, properties });
  const text = fc([
    pt([18.0649, 59.3326], { id: "a1", tid: "2025-05-01T22:10:00+02:00", kategori: "Klotter" }),
    { type: "Feature", geometry: { type: "LineString", coordinates: [[18, 59], [18.1, 59.1]] },
      properties: { id: "a2", time: "2025-05-01T22:10:00+02:00", category: "klotter" } },
    pt([18.07, 59.33], { id: "a3", time: "2025-05-01T22:10:00+02:00", category: "nope" }),
  ]);
  const inc = est.readGeoJSON(text, { onError: "collect", now: NOW });
  assert.equal(inc.length, 1);
  assert.deepEqual(inc.ids, ["a1"]);
  assert.deepEqual(inc.categories, ["klotter"]);
  assert.deepEqual(inc.errors.map((e) => [e.line, e.code]), [[2, "BAD_GEOMETRY"], [3, "UNKNOWN_CATEGORY"]]);
  const e = throwsEst(() => est.readGeoJSON(text, { now: NOW }), "ValidationError", "INVALID_ROWS");
  assert.equal(e.details.errors.length, 2);
  // SWEREF 99 TM coordinates, declared
  const sweref = fc([pt([674344.6, 6581100.5], { id: "s", time: "2025-05-01T22:10:00+02:00", category: "stöld" })]);
  const s = est.readGeoJSON(sweref, { crs: 3006, now: NOW });
  assert.equal(s.crs, 3006);
  assert.deepEqual(Array.from(s.x), [674344.6]);
  // a future time is caught against `now`
  const future = fc([pt([18.0649, 59.3326], { id: "f", time: "2030-01-01T00:00:00Z", category: "klotter" })]);
  assert.deepEqual(est.readGeoJSON(future, { onError: "collect", now: NOW }).errors.map((r) => r.code), ["FUTURE_TIME"]);
  throwsEst(() => est.readGeoJSON("{nope", { now: NOW }), "ParseError", "FORMAT");
  throwsEst(() => est.readGeoJSON(text, { crs: 3006, onErorr: "collect" }), "OptionsError", "INVALID_OPTION");
  throwsEst(() => est.readGeoJSON(text, { now: "soon" }), "OptionsError", "INVALID_OPTION");
});

const POLISEN = JSON.stringify([
  {
    id: 1, datetime: "2025-03-01 22:10:05 +01:00", type: "Skadegörelse",
    name: "01 mars 22.10, Skadegörelse, Sollentuna", summary: "Fönster krossat.",
    location: { name: "Sollentuna", gps: "59.428,17.950833" },
  },
  {
    id: 2, datetime: "2025-03-02 07:00:00 +01:00", type: "Sammanfattning natt",
    name: "02 mars 07.00, Sammanfattning natt, Stockholms län", summary: "…",
    location: { name: "Stockholms län", gps: "59.3,18.0" },
  },
]);

test("readPolisenJSON: summaries are skipped and counted; positions are approximate", () => {
  const inc = est.readPolisenJSON(POLISEN, { now: NOW });
  assert.equal(inc.length, 1);
  assert.equal(inc.skipped, 1);
  assert.equal(inc.report.skipped, 1);
  assert.equal(inc.rowsRead, 2);
  assert.equal(inc.crs, 4326);
  assert.deepEqual(inc.categories, ["skadegorelse"]);
  assert.deepEqual(inc.ids, ["polisen-1"]);
  assert.ok(inc.warnings.length >= 1);
  assert.equal(inc.get(0).time, Date.parse("2025-03-01T21:10:05Z"));
  assert.deepEqual([inc.x[0], inc.y[0]], [17.950833, 59.428]);
  // The free-text summary never leaves in exports.
  assert.ok(!inc.toGeoJSON().includes("Fönster"));
  assert.equal(JSON.parse(inc.toGeoJSON()).features[0].properties.approximate_position, true);
  // Positions are centroids: a lägesbild has no grid to draw them on.
  throwsEst(() => est.lagesbild(inc), "ReportError", "REPORT_EMPTY");

  throwsEst(() => est.readPolisenJSON("[{", { now: NOW }), "ParseError", "FORMAT");
  throwsEst(() => est.readPolisenJSON(POLISEN, { crs: 4326 }), "OptionsError", "INVALID_OPTION");
  const future = est.readPolisenJSON(POLISEN, { now: "2025-01-01T00:00:00Z", onError: "collect" });
  assert.equal(future.length, 0);
  assert.deepEqual(future.errors.map((e) => e.code), ["FUTURE_TIME"]);
});

test("lagesbild of the sample town: period, HTML, JSON", () => {
  const town = est.sampleTown(3000, 1);
  const lb = est.lagesbild(town);
  assert.ok(lb instanceof est.Lagesbild);
  assert.deepEqual(lb.period, {
    start: "2026-11-16", end: "2026-11-22", isoWeek: "2026-W47",
    baselineStart: "2026-08-24", baselineEnd: "2026-11-15", baselinePeriods: 12,
    timeZone: "Europe/Stockholm",
  });
  assert.equal(lb.nIncidents, 3000);
  assert.ok(lb.nCurrent > 0 && lb.nCurrent < 3000);
  assert.equal(lb.nApproximate, 0);
  assert.ok(Array.isArray(lb.warnings));
  assert.equal(lb.language, "sv");
  assert.equal(lb.title, "Lägesbild");
  const grid = lb.grid;
  assert.ok(grid instanceof est.Grid);
  assert.equal(grid.crs, 3006);
  const c = grid.countsFor(town);
  assert.equal(c.counts.reduce((a, b) => a + b, 0), 3000);
  const pe = lb.paramsUsed.find((p) => p.name === "period_end");
  assert.deepEqual(pe, { name: "period_end", value: "2026-11-22", source: "auto", rule: "date of the latest incident" });
  assert.ok(lb.paramsUsed.some((p) => p.name === "cell_size_m"));

  const html = lb.toHtml();
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.ok(html.includes("<svg"));
  assert.ok(!/<script/i.test(html));
  assert.ok(html.includes("Lägesbild"));
  assert.ok(html.includes('lang="sv"'));

  const json = JSON.parse(lb.toJson());
  assert.equal(json.schema, "est.lagesbild/1");
  assert.equal(json.period.iso_week, "2026-W47");
  assert.equal(json.n_current, lb.nCurrent);
  assert.equal(json.n_incidents, 3000);
  assert.equal(json.version ?? json.est_version, est.version);
});

test("lagesbild options: English, period end, weeks, grid, title", () => {
  const town = est.sampleTown(3000, 1);
  const en = est.lagesbild(town, { language: "en", title: "Situation <Sjöstad>" });
  assert.equal(en.language, "en");
  const html = en.toHtml();
  assert.ok(html.includes('lang="en"'));
  assert.ok(html.includes("Situation &lt;Sjöstad&gt;"));
  assert.ok(!html.includes("<Sjöstad>"));
  assert.equal(JSON.parse(en.toJson()).language, "en");

  const lb = est.lagesbild(town, { periodEnd: "2026-10-01", periodWeeks: 2, baselinePeriods: 4, cellSize: 250, shape: "hexagon" });
  assert.equal(lb.period.isoWeek, "2026-W40");
  assert.equal(lb.period.end, "2026-10-04");
  assert.equal(lb.period.start, "2026-09-21");
  assert.equal(lb.period.baselinePeriods, 4);
  assert.equal(lb.grid.cellSize, 250);
  assert.equal(lb.grid.shape, "hexagon");
  assert.equal(lb.paramsUsed.find((p) => p.name === "period_end").source, "user");

  // lon/lat incidents are projected for the grid
  const wgs = est.lagesbild(town.toCrs(4326));
  assert.equal(wgs.grid.crs, 3006);
  assert.ok(wgs.paramsUsed.some((p) => p.name === "map_crs"));

  const e = throwsEst(() => est.lagesbild(town, { periodWeeks: 0 }), "ReportError", "REPORT_INVALID_OPTION");
  assert.equal(e.details.option, "periodWeeks");
  for (const opts of [{ periodEnd: "22/11/2026" }, { language: "de" }, { periodWeks: 2 }, { baselinePeriods: 1e9 }, { periodWeeks: 1.5 }]) {
    throwsEst(() => est.lagesbild(town, opts), "OptionsError", "INVALID_OPTION");
  }
  throwsEst(() => est.lagesbild(town, { cellSize: -1 }), "GridError", "GRID_INVALID_CELL_SIZE");
  throwsEst(() => est.lagesbild(est.sampleTown(0, 1)), "ReportError", "REPORT_EMPTY");
});
