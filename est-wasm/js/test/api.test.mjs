// The JS-shaped API: option objects, classes, typed arrays, round trips.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as est from "../index.js";

const CSV = "id;tidpunkt;kategori;x;y;organisation;plats\n" +
  "A1;2025-03-14 21:30;Klotter;674 344,6;6 581 100,5;Kommun;Sergels torg\n" +
  "A2;2025-03-15T08:00:00Z;stöld;674400;6581200;polis;\n";

test("version is the crate version", () => {
  assert.match(est.version, /^\d+\.\d+\.\d+/);
});

test("readIncidents: Swedish CSV, columns as typed arrays and strings", () => {
  const inc = est.readIncidents(CSV, { crs: "EPSG:3006", now: new Date("2026-01-01T00:00:00Z") });
  assert.ok(inc instanceof est.Incidents);
  assert.equal(inc.length, 2);
  assert.equal(inc.rowsRead, 2);
  assert.equal(inc.crs, 3006);
  assert.ok(inc.x instanceof Float64Array);
  assert.deepEqual(Array.from(inc.x), [674344.6, 674400]);
  assert.deepEqual(Array.from(inc.y), [6581100.5, 6581200]);
  assert.deepEqual(Array.from(inc.times), [Date.parse("2025-03-14T20:30:00Z"), Date.parse("2025-03-15T08:00:00Z")]);
  assert.deepEqual(inc.ids, ["A1", "A2"]);
  assert.deepEqual(inc.categories, ["klotter", "stold"]);
  assert.deepEqual(inc.organisations, ["kommun", "polis"]);
  assert.deepEqual(inc.places, ["Sergels torg", ""]);
  assert.deepEqual(inc.errors, []);
  assert.deepEqual(inc.warnings, []);
  assert.equal(inc.get(0).id, "A1");
  assert.equal(inc.get(5), undefined);
  assert.equal(inc.report.rowsKept, 2);
});

test("readIncidents: now defaults to the host clock, so future times are caught", () => {
  const future = new Date(Date.now() + 7 * 86400e3).toISOString();
  const csv = `id,time,category,x,y\n1,${future},klotter,674344.6,6581100.5\n`;
  const inc = est.readIncidents(csv, { crs: 3006, onError: "collect" });
  assert.equal(inc.length, 0);
  assert.deepEqual(inc.errors.map((e) => e.code), ["FUTURE_TIME"]);
  // …and an explicit `now` (string, Date or ms) moves the clock.
  for (const now of ["2030-01-01T00:00:00Z", new Date("2030-01-01"), Date.parse("2030-01-01")]) {
    assert.equal(est.readIncidents(csv, { crs: 3006, now }).length, 1);
  }
});

test("readIncidents: options are checked", () => {
  const bad = [
    [{ crs: 3006, onErorr: "collect" }, "options"],
    [{ crs: 3006, onError: "ignore" }, "options"],
    [{ crs: 3006, delimiter: ";;" }, "delimiter"],
    [{ crs: 3006, now: "tomorrow" }, "now"],
    [{ crs: 3006, now: new Date("nonsense") }, "now"],
    [{ crs: {} }, "crs"],
    [{ crs: 3006, columns: { tiem: "när" } }, "columns"],
  ];
  for (const [options, option] of bad) {
    assert.throws(() => est.readIncidents(CSV, options), (e) => {
      assert.ok(e instanceof est.EstError, String(e));
      assert.equal(e.name, "OptionsError");
      assert.equal(e.code, "INVALID_OPTION");
      assert.equal(e.details.option, option);
      return true;
    });
  }
});

test("readIncidents: columns, delimiter, decimal and a custom taxonomy", () => {
  const tax = est.Taxonomy.default();
  tax.addCategory({ code: "e_skoter", sv: "Elsparkcykel", en: "E-scooter", parent: "fordon", aliases: ["elsparkis"] });
  const csv = "nr|när|vad|öst|nord\n7|2025-01-02 10:00|Elsparkis|674344,5|6581100,25\n";
  const opts = {
    crs: 3006, now: "2026-01-01T00:00:00Z", delimiter: "|", decimal: "comma", taxonomy: tax,
    columns: { id: "nr", time: "när", category: "vad", x: "öst", y: "nord" },
  };
  const inc = est.readIncidents(csv, opts);
  assert.deepEqual(inc.categories, ["e_skoter"]);
  assert.deepEqual(Array.from(inc.x), [674344.5]);
  // the taxonomy is still usable after being passed
  assert.equal(tax.resolve("elsparkis"), "e_skoter");
  // without it the category is unknown
  assert.throws(() => est.readIncidents(csv, { ...opts, taxonomy: undefined }), { name: "ValidationError" });
});

test("ValidationError details carry every field of every row error", () => {
  const csv = "id,time,category,x,y\n1,never,nope,674344.6,6581100.5\n";
  try {
    est.readIncidents(csv, { crs: 3006, now: "2026-01-01T00:00:00Z" });
    assert.fail("no throw");
  } catch (e) {
    assert.equal(e.details.rowsRead, 1);
    assert.deepEqual(Object.keys(e.details.errors[0]).sort(), ["code", "field", "line", "message", "value"]);
    assert.equal(e.details.errors[1].value, "nope");
    assert.match(String(e), /^ValidationError: /);
  }
});

test("transform: arrays or Float64Array, EPSG number or text", () => {
  const a = est.transform([18.0649], [59.3326], 4326, 3006);
  const b = est.transform(new Float64Array([18.0649]), new Float64Array([59.3326]), "EPSG:4326", "SWEREF 99 TM");
  assert.ok(a.x instanceof Float64Array && a.y instanceof Float64Array);
  assert.deepEqual(a, b);
  assert.ok(Math.abs(a.x[0] - 674344.559) < 1e-3 && Math.abs(a.y[0] - 6581100.536) < 1e-3);
  const empty = est.transform([], [], 4326, 3006);
  assert.equal(empty.x.length, 0);
  assert.throws(() => est.transform([18, null], [59, 59], 4326, 3006), { name: "OptionsError" });
  assert.throws(() => est.transform("18", [59], 4326, 3006), { name: "OptionsError" });
  assert.throws(() => est.transform([18], [59], 3006.5, 3006), { name: "CrsError", code: "CRS_UNPARSEABLE" });
});

test("CrsError details name the point", () => {
  try {
    est.transform([18, -70], [59, 40], 4326, 3006);
    assert.fail("no throw");
  } catch (e) {
    assert.equal(e.code, "CRS_OUT_OF_AREA");
    assert.equal(e.details.index, 1);
    assert.equal(e.details.crs, 3006); // the point has no place in SWEREF 99 TM
    assert.equal(typeof e.details.areaOfUse.lonMin, "number");
  }
  assert.equal(est.crsInfo("sweref99tm").epsg, 3006);
  assert.equal(est.crsInfo(4326).geographic, true);
});

test("sampleTown is deterministic and converts to WGS 84", () => {
  const a = est.sampleTown(500, 7);
  const b = est.sampleTown(500, 7);
  assert.equal(a.length, 500);
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.ids, b.ids);
  assert.notDeepEqual(est.sampleTown(500, 8).x, a.x);
  const w = a.toCrs(4326);
  assert.equal(w.crs, 4326);
  assert.ok(w.x.every((v) => v > 10 && v < 25) && w.y.every((v) => v > 55 && v < 70));
  assert.equal(est.sampleTown(100, 1, { weeks: 12, end: "2025-06-01" }).length, 100);
  assert.throws(() => est.sampleTown(-1, 1), { name: "OptionsError" });
  assert.throws(() => est.sampleTown(10, 1.5), { name: "OptionsError" });
  assert.throws(() => est.sampleTown(10, 1, { week: 3 }), { name: "OptionsError" });
  assert.throws(() => a.toCsv({ decimal: "comma" }), { name: "OptionsError" });
});

test("toCsv round trip", () => {
  const a = est.sampleTown(200, 3);
  const text = a.toCsv();
  const b = est.readIncidents(text, { crs: a.crs });
  assert.deepEqual(b.ids, a.ids);
  assert.deepEqual(b.x, a.x);
  assert.deepEqual(b.times, a.times);
  const sv = a.toCsv({ delimiter: ";", decimalComma: true });
  assert.deepEqual(est.readIncidents(sv, { crs: 3006 }).y, a.y);
});

test("Taxonomy: resolve, categories, aliases, extensions, polisen", () => {
  const t = new est.Taxonomy();
  assert.equal(t.resolve("SKADEGÖRELSE "), "skadegorelse");
  assert.equal(t.resolve("Graffiti"), "klotter");
  assert.ok(t.isInGroup("klotter", "skadegörelse"));
  const n = t.length;
  assert.equal(t.categories.length, n);
  const klotter = t.categories.find((c) => c.code === "klotter");
  assert.equal(klotter.parent, "skadegorelse");
  assert.equal(t.categories.find((c) => c.code === "hot").parent, null);
  t.addAlias("tags", "klotter");
  assert.equal(t.resolve("tags"), "klotter");
  assert.equal(t.extendFromCsv("code,sv,en,parent,aliases\ne_skoter,Elsparkcykel,E-scooter,fordon,elsparkis\n"), 1);
  assert.equal(t.length, n + 1);
  assert.equal(t.polisenCategory("Skadegörelse"), "skadegorelse");
  assert.equal(t.polisenCategory("Sammanfattning natt"), null);
  assert.throws(() => t.polisenCategory("Blaha"), { name: "TaxonomyError", code: "UNKNOWN_CATEGORY" });
  assert.throws(() => t.addCategory({ code: "Bad Code", sv: "x", en: "x" }), { name: "TaxonomyError", code: "TAXONOMY_INVALID_CODE" });
  assert.throws(() => t.addCategory({ code: "x" }), { name: "OptionsError" });
  assert.throws(() => t.extendFromCsv("code,sv,en,parent\nx1,X,X,nope\n"), (e) => e.code === "TAXONOMY_FILE" && /line 2/.test(e.message));
  try {
    t.resolve("inbrot");
  } catch (e) {
    assert.equal(e.details.label, "inbrot");
    assert.equal(e.details.suggestions[0], "inbrott");
  }
});

test("EstError can be constructed and caught like any Error", () => {
  const e = new est.EstError("CrsError", "X", "msg", { a: 1 });
  assert.ok(e instanceof Error);
  assert.equal(e.name, "CrsError");
  assert.equal(e.details.a, 1);
  assert.ok(e.stack.includes("msg"));
});
