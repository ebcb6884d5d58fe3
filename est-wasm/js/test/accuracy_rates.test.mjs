// Accuracy, concentration, counts, dual KDE and rate smoothing from JS: PAI/PEI against
// ptools (R) `pai`, Gini against lorenzgini (R) examples, counts against a direct JS count,
// dual KDE identities, and empirical Bayes against esda 2.9.0
// (tests/golden/eb_sample_town_500m.json, made by tests/reference/ref_smoothing.py; skipped
// with a message when absent).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as est from "../index.js";

const repo = new URL("../../../", import.meta.url);

/** Named tolerances. */
const TOL_REF = 0.5e-6; // ptools / lorenzgini values are printed to 6–7 decimals
const TOL_EXACT = 1e-12; // closed forms and esda goldens (relative)

function close(got, want, tol, what) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    assert.ok(d <= tol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

// ---- PAI / PEI (ptools) -----------------------------------------------------------------

test("paiCurve: the ptools test (unit areas)", () => {
  const c = est.paiCurve([6, 3, 0], [3, 2, 1]);
  assert.ok(c.order instanceof Uint32Array && c.pai instanceof Float64Array);
  assert.deepEqual([...c.order], [0, 1, 2]);
  close(c.pai, [2, 1.5, 1], TOL_EXACT, "pai");
  close(c.pei, [1, 1, 1], TOL_EXACT, "pei");
  close(c.areaShare, [1 / 3, 2 / 3, 1], TOL_EXACT, "areaShare");
  close(c.hitRate, [6 / 9, 1, 1], TOL_EXACT, "hitRate");
  // Explicit unit areas give the same curve.
  close(est.paiCurve([6, 3, 0], new Float64Array([3, 2, 1]), [1, 1, 1]).pai, [2, 1.5, 1], TOL_EXACT, "pai (area)");
});

test("paiCurve: the ptools documentation data", () => {
  const c = est.paiCurve([6, 7, 3, 2, 1, 0], [8, 4, 4, 2, 1, 0]);
  assert.deepEqual([...c.order], [0, 2, 1, 3, 4, 5]);
  close(c.pai, [1.894737, 1.421053, 1.684211, 1.421053, 1.2, 1], TOL_REF, "pai");
  close(c.pei, [0.857143, 0.692308, 1, 1, 1, 1], TOL_REF, "pei");
  close(c.predObsRatio, [1.333333, 1.333333, 1, 1, 1, 1], TOL_REF, "predObsRatio");
  assert.equal(c.hitRate.length, 6);
});

test("recaptureRateIndex, topShare, concentrationCurve", () => {
  // (n2/n1)/(N2/N1) = (30/20)/(300/100) = 0.5
  assert.ok(Math.abs(est.recaptureRateIndex(20, 30, 100, 300) - 0.5) < TOL_EXACT);
  const counts = [10, 0, 5, 5, 0, 0, 0, 0, 0, 0];
  assert.ok(Math.abs(est.topShare(counts, 0.1) - 0.5) < TOL_EXACT);
  assert.ok(Math.abs(est.topShare(counts, 0.3) - 1) < TOL_EXACT);
  const lc = est.concentrationCurve(counts);
  assert.ok(lc.unitShare instanceof Float64Array && lc.eventShare instanceof Float64Array);
  close(lc.unitShare.slice(0, 3), [0.1, 0.2, 0.3], TOL_EXACT, "unitShare");
  close(lc.eventShare.slice(0, 3), [0.5, 0.75, 1], TOL_EXACT, "eventShare");
  assert.throws(() => est.topShare(counts, 1.5), { name: "AccuracyError", code: "ACCURACY_INVALID_FRACTION" });
});

// ---- Gini (lorenzgini) --------------------------------------------------------------------

test("gini: the lorenzgini examples", () => {
  const zeros = (n) => new Array(n).fill(0);
  const a = est.gini([10, 8, 2, ...zeros(7)]);
  assert.ok(Math.abs(a.gini - 0.78) < TOL_REF && Math.abs(a.generalised - 0.78) < TOL_REF, JSON.stringify(a));
  assert.ok(Math.abs(a.giniUnbiased - 0.8666667) < TOL_REF, `${a.giniUnbiased}`);
  const b = est.gini([5, 2, 1, ...zeros(7)]);
  assert.ok(Math.abs(b.gini - 0.8) < TOL_REF && Math.abs(b.generalised - 0.75) < TOL_REF, JSON.stringify(b));
  const c = est.gini(new Float64Array([10, ...zeros(99)]));
  assert.ok(Math.abs(c.gini - 0.99) < TOL_REF && Math.abs(c.generalised - 0.9) < TOL_REF, JSON.stringify(c));
  assert.equal(typeof c.generalisedUnbiased, "number");
});

test("AccuracyError: gini of zeros, with details", () => {
  assert.throws(() => est.gini([0, 0, 0]), (e) => {
    assert.ok(e instanceof est.EstError);
    assert.equal(e.name, "AccuracyError");
    assert.equal(e.code, "ACCURACY_NO_EVENTS");
    assert.equal(e.details.total, 0);
    return true;
  });
  assert.throws(() => est.paiCurve([1, 2], [1]), (e) => {
    assert.equal(e.code, "ACCURACY_LENGTH_MISMATCH");
    assert.deepEqual({ ...e.details }, { what: "predicted", expected: 2, found: 1 });
    return true;
  });
  assert.throws(() => est.paiCurve([1, -2], [1, 1]), { name: "AccuracyError", code: "ACCURACY_INVALID_VALUE" });
});

// ---- counts per cell and per area ---------------------------------------------------------

test("counts: a category group equals a direct JS count; time windows partition the total", () => {
  const town = est.sampleTown(3000, 2);
  const grid = est.Grid.forIncidents(town, { cellSize: 500 });
  const sum = (a) => a.reduce((s, v) => s + v, 0);
  const total = (opts) => {
    const c = est.counts(town, { grid, ...opts });
    assert.ok(c.counts instanceof Float64Array);
    assert.equal(c.counts.length, grid.nCells);
    return sum(c.counts) + c.outside;
  };
  const direct = town.categories.filter((c) => c === "skadegorelse" || c === "klotter").length;
  assert.ok(direct > 0);
  assert.equal(total({ categories: ["skadegörelse"] }), direct);
  assert.equal(total({}), 3000);
  assert.equal(total({ weighted: true }), 3000);

  const times = town.times;
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  const mid = Math.floor((lo + hi) / 2 / 1000) * 1000;
  const first = total({ start: new Date(lo), end: new Date(mid).toISOString() });
  const second = total({ start: mid, end: new Date(hi + 1000) });
  assert.ok(first > 0 && second > 0);
  assert.equal(first + second, 3000);
  assert.equal(first, [...times].filter((t) => t < mid).length);

  assert.throws(() => est.counts(town, { grid, categories: ["nope"] }), { name: "TaxonomyError" });
  assert.throws(() => est.counts(town, { grid, colour: "red" }), { name: "OptionsError" });
  assert.throws(() => est.counts(town, { grid, start: "2024-01-01" }), { name: "OptionsError" });
  assert.throws(() => est.counts(town, { categories: ["klotter"] }), { name: "OptionsError" });
});

test("countsPerArea: named areas, and a clear refusal across CRSs", () => {
  const town = est.sampleTown(3000, 2);
  const [minX, minY, maxX, maxY] = extent(town);
  const midX = (minX + maxX) / 2;
  const rect = (x0, y0, x1, y1) =>
    JSON.stringify({ type: "Polygon", coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
  const opts = { crs: 3006, target: 3006 };
  const west = est.StudyArea.fromGeoJSON(rect(minX - 1, minY - 1, midX, maxY + 1), opts);
  const all = est.StudyArea.fromGeoJSON(rect(minX - 1, minY - 1, maxX + 1, maxY + 1), opts);
  const r = est.countsPerArea(town, { west, all });
  assert.deepEqual(Object.keys(r), ["west", "all"]);
  assert.equal(r.all, 3000);
  assert.equal(r.west, [...town.x].filter((x) => x <= midX).length);
  const klotter = est.countsPerArea(town, { all }, { categories: ["klotter"] });
  assert.equal(klotter.all, town.categories.filter((c) => c === "klotter").length);

  const other = est.StudyArea.fromGeoJSON(rect(17.5, 59.5, 18.5, 60.5), { target: 3011 });
  assert.throws(() => est.countsPerArea(town, { other }), (e) => {
    assert.equal(e.name, "OptionsError");
    assert.match(e.message, /3011/);
    assert.match(e.message, /3006/);
    return true;
  });
  assert.throws(() => est.countsPerArea(town, { west: 1 }), { name: "OptionsError" });
});

function extent(inc) {
  const xs = inc.x;
  const ys = inc.y;
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

// ---- dual KDE -----------------------------------------------------------------------------

test("dualKde of a set with itself: ratio 1, relative risk 1, log 0 where defined, NaN elsewhere", () => {
  const town = est.sampleTown(500, 3);
  const grid = est.Grid.forIncidents(town, { cellSize: 250 });
  const set = { xs: town.x, ys: town.y };
  const expect = { ratio: 1, relativeRisk: 1, log: 0 };
  for (const [measure, want] of Object.entries(expect)) {
    const d = est.dualKde(set, set, { grid, measure, bandwidth: 400 });
    assert.equal(d.measure, measure);
    assert.equal(d.bandwidthM, 400);
    assert.ok(d.values instanceof Float64Array && d.values.length === grid.nCells);
    let defined = 0;
    let undef = 0;
    for (const v of d.values) {
      if (Number.isNaN(v)) {
        undef += 1;
      } else {
        defined += 1;
        assert.ok(Math.abs(v - want) < 1e-9, `${measure}: ${v}`);
      }
    }
    assert.ok(defined > 0, measure);
    // With a 400 m quartic kernel some cells of the town's grid are out of reach: no value.
    assert.ok(undef > 0, `${measure}: every cell defined`);
  }
  const diff = est.dualKde(set, { ...set, weights: new Float64Array(town.length).fill(2) }, { grid, measure: "difference" });
  assert.equal(diff.measure, "difference");
  assert.ok(diff.values.every((v) => Number.isFinite(v) && v <= 1e-12));
  assert.ok(diff.bandwidthM > 0);
  const sum = est.dualKde(set, set, { grid, measure: "sum", bandwidth: "nrd", adjust: 0.5, kernel: "gaussian" });
  assert.ok(sum.values.every((v) => Number.isFinite(v) && v >= 0));
  assert.throws(() => est.dualKde(set, set, { grid, measure: "odds" }), { name: "OptionsError" });
  assert.throws(() => est.dualKde(set, set, { grid, floor: 1 }), { name: "HotspotError", code: "HOTSPOT_INVALID_PARAMETER" });
  assert.throws(() => est.dualKde({ xs: town.x }, set, { grid }), { name: "OptionsError" });
  assert.throws(() => est.dualKde({ ...set, w: [] }, set, { grid }), { name: "OptionsError" });
});

// ---- rate smoothing vs esda ---------------------------------------------------------------

test("rawRates, empiricalBayes, spatialRate, spatialEmpiricalBayes vs esda 2.9.0", (t) => {
  const path = new URL("tests/golden/eb_sample_town_500m.json", repo);
  if (!existsSync(path)) {
    t.skip("tests/golden/eb_sample_town_500m.json is absent (tests/reference/ref_smoothing.py)");
    return;
  }
  const G = JSON.parse(readFileSync(path, "utf8"));
  const text = readFileSync(new URL("tests/fixtures/sample_town_2k_seed7.csv", repo), "utf8");
  const inc = est.readIncidents(text, { crs: 3006, now: "2100-01-01T00:00:00Z" });
  const grid = est.Grid.forIncidents(inc, { cellSize: 500 });
  const events = est.counts(inc, { grid }).counts;
  assert.deepEqual([...events], G.events);
  const base = new Float64Array(G.base);
  // The reference's lat2W queen weights, binary, no self: the grid's queen contiguity.
  const w = est.SpatialWeights.gridContiguity(grid, "queen");
  G.neighbours.forEach((want, i) => {
    const got = [...w.neighbours(i).indices].sort((a, b) => a - b);
    assert.deepEqual(got, want, `neighbours of cell ${i}`);
  });
  const cases = {
    raw: est.rawRates(events, base),
    empirical_bayes: est.empiricalBayes(events, base),
    spatial_rate: est.spatialRate(events, base, w),
    spatial_empirical_bayes: est.spatialEmpiricalBayes(events, base, w),
  };
  for (const [key, got] of Object.entries(cases)) {
    assert.ok(got instanceof Float64Array, key);
    let compared = 0;
    G[key].forEach((want, i) => {
      if (want === null) {
        // esda: 0/0 where a whole neighbourhood has no events; est: that rate, 0.
        assert.equal(got[i], 0, `${key}[${i}]`);
      } else {
        assert.ok(Math.abs(got[i] - want) <= TOL_EXACT * Math.max(Math.abs(want), 1e-300), `${key}[${i}]: ${got[i]} vs ${want}`);
        compared += 1;
      }
    });
    assert.ok(compared >= 280, `${key}: ${compared}`);
  }
  assert.throws(() => est.rawRates([1, 2], [1, 0]), { name: "HotspotError", code: "HOTSPOT_INVALID_PARAMETER" });
  assert.throws(() => est.spatialRate([1, 2], [1, 1], w), { name: "HotspotError", code: "HOTSPOT_LENGTH_MISMATCH" });
});
