// The time dimension from JS: Mann–Kendall against pymannkendall (tests/golden/mk_cases.json
// and the sample town's weekly cube, mk_sample_town_2k_500m_weekly.json, both made by
// ref_mannkendall.py with pymannkendall 1.4.3), the cube's weekly counts against the same
// script, Knox observed pairs against a brute-force double loop, change and early warning
// against statsmodels/scipy (tests/golden/rates_statsmodels.json, ref_rates.py), calendar
// periods against the method reference's zoneinfo table, emerging hot spots and Chainey
// classes on the core's documented examples, profiles, the scan, and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as est from "../index.js";

const repo = new URL("../../../", import.meta.url);
const golden = (name) => JSON.parse(readFileSync(new URL(`tests/golden/${name}`, repo), "utf8"));
const fixtureText = (name) => readFileSync(new URL(`tests/fixtures/${name}`, repo), "utf8");
const sampleTown = () =>
  est.readIncidents(fixtureText("sample_town_2k_seed7.csv"), { crs: 3006, now: "2100-01-01T00:00:00Z" });

/** Tolerances. */
const TOL_MK = 1e-9; // pymannkendall: floating values relative to max(1, |ref|) (S, Var(S) exact)
const TOL_RATES = 1e-8; // statsmodels / scipy, relative (method reference §9.5)
const ETEST_ABS = 1e-12; // E-test grid truncation differs (statsmodels 1 − 1e-13 quantile)

function near(got, want, tol, what, abs = 0) {
  const d = Math.abs(got - want);
  assert.ok(d <= tol * Math.max(1, Math.abs(want)) + abs, `${what}: ${got} vs ${want} (|d| = ${d})`);
  return d / Math.max(1, Math.abs(want));
}

function throwsEst(fn, name, code) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof est.EstError, `expected an EstError, got ${err}`);
  assert.equal(err.name, name, err.message);
  assert.equal(err.code, code, err.message);
  assert.equal(typeof err.details, "object");
  return err;
}

// ---- Mann–Kendall ------------------------------------------------------------------------

test("mannKendall matches pymannkendall on every hand-written series (mk_cases.json)", () => {
  const g = golden("mk_cases.json");
  const r = g.results;
  let worst = 0;
  assert.equal(g.series.length, g.n_series);
  g.series.forEach((padded, i) => {
    const x = padded.filter((v) => v !== null);
    const mk = est.mannKendall(x, g.params.alpha);
    const id = g.ids[i];
    assert.equal(mk.trend, r.trend[i], id);
    assert.equal(mk.h, r.h[i], id);
    assert.equal(mk.n, r.n[i], id);
    assert.equal(mk.n, x.length, id);
    assert.equal(mk.s, r.s[i], `${id}: S exact`);
    assert.equal(18 * mk.varS, 18 * r.var_s[i], `${id}: Var(S) exact`);
    for (const [k, want] of [["p", r.p[i]], ["z", r.z[i]], ["tau", r.Tau[i]], ["slope", r.slope[i]], ["intercept", r.intercept[i]]]) {
      worst = Math.max(worst, near(mk[k], want, TOL_MK, `${id} ${k}`));
    }
    assert.equal(mk.noVariation, r.var_s[i] === 0, id);
  });
  // The method reference's two complete series (§5.2).
  const pi = est.mannKendall([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]);
  assert.deepEqual([pi.s, pi.varS, pi.trend], [55, 399, "increasing"]);
  console.log(`mk_cases.json: ${g.n_series} series, max relative difference ${worst.toExponential(2)}`);
});

test("cube reproduces the reference's weekly counts and mannKendallCube its tests", () => {
  const g = golden("mk_sample_town_2k_500m_weekly.json");
  const town = sampleTown();
  const grid = est.Grid.forIncidents(town, { cellSize: 500 });
  assert.deepEqual([grid.origin.x, grid.origin.y], [g.input.grid.origin_x, g.input.grid.origin_y]);
  // The script's 70 weeks from Monday 2025-07-21 (local midnight) are ISO weeks.
  const c = est.cube(town, grid, { period: "week", start: "2025-07-21T00:00:00+02:00", end: "2026-11-23T00:00:00+01:00" });
  assert.equal(c.nLocations, g.n_series);
  assert.equal(c.nPeriods, g.n_bins);
  assert.equal(c.periods.labels[0], "2025-W30");
  assert.equal(c.periods.labels[69], "2026-W47");
  assert.ok(c.periods.bins.every((b) => b.coverage === 1));
  assert.deepEqual(Array.from(c.cellIds), g.ids);
  assert.ok(c.counts instanceof Float64Array);
  const flat = g.series.flat();
  assert.deepEqual(Array.from(c.counts), flat, "every cell-week count, exactly");
  assert.equal(c.counts.reduce((a, b) => a + b, 0), g.input.n_events_in_cube);
  assert.equal(c.locationRule, "all");
  assert.equal(c.crs, 3006);

  const mk = est.mannKendallCube(c.counts, c.nLocations, c.nPeriods, g.params.alpha);
  const r = g.results;
  const code = { increasing: 1, decreasing: -1, "no trend": 0 };
  let worst = 0;
  for (let i = 0; i < g.n_series; i++) {
    assert.equal(mk.trend[i], code[r.trend[i]], `cell ${i}`);
    assert.equal(mk.h[i], r.h[i] ? 1 : 0);
    assert.equal(mk.s[i], r.s[i]);
    assert.equal(18 * mk.varS[i], 18 * r.var_s[i]);
    for (const [k, want] of [["p", r.p[i]], ["z", r.z[i]], ["tau", r.Tau[i]], ["slope", r.slope[i]], ["intercept", r.intercept[i]]]) {
      worst = Math.max(worst, near(mk[k][i], want, TOL_MK, `cell ${i} ${k}`));
    }
  }
  assert.ok(mk.p instanceof Float64Array && mk.trend instanceof Int8Array && mk.h instanceof Uint8Array);
  console.log(`mk_sample_town_2k_500m_weekly.json: ${g.n_series} × ${g.n_bins} counts equal, MK max relative difference ${worst.toExponential(2)}`);

  // The cube's totals agree with plain counts per cell and per week.
  const flatCounts = grid.countsFor(town).counts;
  for (let l = 0; l < c.nLocations; l++) {
    let s = 0;
    for (let t = 0; t < c.nPeriods; t++) s += c.counts[l * c.nPeriods + t];
    assert.equal(s, flatCounts[l]);
  }
  const b = c.periods.bins[40];
  const week = est.counts(town, { grid, start: b.start, end: b.end }).counts;
  for (let l = 0; l < c.nLocations; l++) assert.equal(c.counts[l * c.nPeriods + 40], week[l]);
});

test("senSlopeCi brackets Sen's slope; mannKendallCube rejects a wrong shape", () => {
  const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
  const ci = est.senSlopeCi(x);
  const slope = est.mannKendall(x).slope;
  assert.ok(ci.lower <= slope && slope <= ci.upper && ci.lower > 0);
  throwsEst(() => est.mannKendallCube([1, 2, 3, 4, 5], 2, 3), "TrendError", "TREND_LENGTH_MISMATCH");
  const flat = est.mannKendallCube(new Float64Array([0, 0, 0, 0, 1, 2, 3, 4]), 2, 4);
  assert.deepEqual(Array.from(flat.noVariation), [1, 0]);
  assert.equal(flat.p[0], 1);
});

// ---- periods -----------------------------------------------------------------------------

test("isoWeek and periods follow Stockholm local time (method reference §1.2)", () => {
  const cases = [
    ["2025-01-05T23:30:00Z", [2025, 2]],
    ["2024-12-29T23:30:00Z", [2025, 1]],
    ["2021-01-03T22:59:59Z", [2020, 53]],
    ["2021-01-03T23:00:00Z", [2021, 1]],
    ["2026-03-29T00:59:59Z", [2026, 13]],
    ["2026-03-29T01:00:00Z", [2026, 13]],
    ["2025-10-26T00:30:00Z", [2025, 43]],
    ["2025-10-26T01:30:00Z", [2025, 43]],
  ];
  for (const [t, w] of cases) assert.deepEqual(est.isoWeek(t), w, t);
  // DST days last 23 and 25 hours.
  const days = est.periods("day", "2026-03-28T00:00:00+01:00", "2026-03-31T00:00:00+02:00");
  assert.deepEqual(days.bins.map((b) => (b.end - b.start) / 3.6e6), [24, 23, 24]);
  const weeks = est.weeksEnding(new Date("2025-10-26T12:00:00Z"), 2);
  assert.deepEqual(weeks.labels, ["2025-W42", "2025-W43"]);
  assert.equal((weeks.bins[1].end - weeks.bins[1].start) / 3.6e6, 169);
  const t = est.periods("tertial", "2026-01-01T00:00:00+01:00", "2026-11-01T00:00:00+01:00");
  assert.deepEqual(t.labels, ["2026-T1", "2026-T2", "2026-T3"]);
  assert.ok(t.bins[2].coverage > 0.49 && t.bins[2].coverage < 0.51);
  assert.equal(est.periods("vecka", Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 6)).kind, "week");
  const custom = est.periods({ lengthDays: 28, origin: "2026-01-05T00:00:00+01:00" }, "2026-11-23T10:00:00Z", "2026-11-23T10:00:01Z");
  assert.equal(custom.bins[0].label, "2026-11-09");
  throwsEst(() => est.periods("fortnight", 0, 1), "TrendError", "TREND_INVALID_PARAMETER");
  throwsEst(() => est.periods("week", 10, 10), "TrendError", "TREND_INVALID_PARAMETER");
});

// ---- Knox --------------------------------------------------------------------------------

/** O(N²) reference: pairs i < j by half-open space band × time band. */
function bruteKnox(x, y, t, sb, tb, metric) {
  const K = sb.length - 1;
  const L = tb.length - 1;
  const O = Array.from({ length: K }, () => new Array(L).fill(0));
  const band = (edges, v) => {
    if (!(v >= edges[0] && v < edges[edges.length - 1])) return -1;
    let k = 0;
    while (k + 1 < edges.length - 1 && v >= edges[k + 1]) k++;
    return k;
  };
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = x[i] - x[j];
      const dy = y[i] - y[j];
      const d = metric === "euclidean" ? Math.sqrt(dx * dx + dy * dy) : Math.abs(dx) + Math.abs(dy);
      const k = band(sb, d);
      if (k < 0) continue;
      const l = band(tb, Math.abs(t[i] - t[j]));
      if (l >= 0) O[k][l] += 1;
    }
  }
  return O;
}

test("Knox observed pairs equal a brute-force double loop on est's sample town", () => {
  const town = sampleTown();
  const x = town.x;
  const y = town.y;
  const tDays = Float64Array.from(town.times, (ms) => ms / 86_400_000);
  const k = est.knoxIncidents(town, { permutations: 19, seed: 3 });
  const defaults = bruteKnox(x, y, tDays, [0, 0.1, 200, 400, 600], [0, 7, 14, 21], "manhattan");
  assert.deepEqual(k.observed, defaults);
  // The reference script's table on the same fixture (ref_knox.py).
  assert.deepEqual(k.observed, golden("knox_sample_town_2k.json").observed);
  assert.equal(k.nEvents, 2000);
  assert.equal(k.metric, "manhattan");
  assert.equal(k.permutations, 19);
  assert.equal(k.seed, 3);
  // Other bands, Euclidean, and an infinite last time edge, through the plain-array call.
  const sb = [0, 50, 150, 300, 1000];
  const tb = [0, 1, 3, 10, Infinity];
  const e = est.knox(x, y, tDays, { spaceBands: sb, timeBands: tb, metric: "euclidean", permutations: 9 });
  assert.deepEqual(e.observed, bruteKnox(x, y, tDays, sb, tb, "euclidean"));
  assert.deepEqual(e.timeBands, tb);
  assert.equal(e.closePairs, e.observed.flat().reduce((a, b) => a + b, 0));
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      const p = e.p[a][b];
      assert.ok(p >= 1 / 10 && p <= 1, `p ${p}`);
      if (e.expected[a][b] > 0) near(e.ratio[a][b], e.observed[a][b] / e.expected[a][b], 1e-15, "ratio");
    }
  }
  // Same seed, same tables.
  assert.deepEqual(est.knoxIncidents(town, { permutations: 19, seed: 3 }).p, k.p);
});

test("Knox errors are TrendErrors", () => {
  throwsEst(() => est.knox([0], [0], [0]), "TrendError", "TREND_TOO_SHORT");
  throwsEst(() => est.knox([0, 1], [0, 1], [0]), "TrendError", "TREND_LENGTH_MISMATCH");
  throwsEst(() => est.knox([0, NaN], [0, 1], [0, 1]), "TrendError", "TREND_INVALID_VALUE");
  throwsEst(() => est.knox([0, 1], [0, 1], [0, 1], { metric: "chebyshev" }), "TrendError", "TREND_INVALID_PARAMETER");
  throwsEst(() => est.knox([0, 1], [0, 1], [0, 1], { permutations: 0 }), "TrendError", "TREND_INVALID_PARAMETER");
  throwsEst(() => est.knox([0, 1], [0, 1], [0, 1], { spaceBands: [0, 100, 50] }), "TrendError", "TREND_INVALID_PARAMETER");
  throwsEst(() => est.knox([0, 1], [0, 1], [0, 1], { bands: [0, 1] }), "OptionsError", "INVALID_OPTION");
  const wgs = est.sampleTown(50, 1).toCrs(4326);
  throwsEst(() => est.knoxIncidents(wgs), "CrsError", "CRS_NOT_METRIC");
});

// ---- emerging hot spots and Chainey ------------------------------------------------------

/** 25 (or n) locations on a line, neighbours within 1. */
function line(n) {
  const xs = Array.from({ length: n }, (_, i) => i);
  return { xs, ys: new Array(n).fill(0) };
}

test("emergingHotspots: a flare-up in the last three steps is a consecutive hot spot", () => {
  // The core's documented example.
  const { xs, ys } = line(25);
  const w = est.SpatialWeights.distanceBand(xs, ys, 1, { selfWeight: true });
  const T = 12;
  const values = new Float64Array(25 * T).fill(1);
  for (let step = 9; step < 12; step++) for (let loc = 11; loc <= 13; loc++) values[loc * T + step] = 30;
  const e = est.emergingHotspots({ counts: values, nLocations: 25 }, w);
  assert.equal(e.patterns[12], "consecutiveHot");
  assert.equal(e.codes[12], 2);
  assert.equal(e.labelsEn[12], "consecutive hot spot");
  assert.equal(e.labelsSv[12], "sammanhängande hotspot");
  assert.equal(e.patterns[0], "noPattern");
  assert.equal(e.nPeriods, T);
  assert.equal(e.z.length, 25 * T);
  assert.equal(e.trend.p.length, 25);
  assert.equal(e.labels[0], "location 0");
  assert.equal(e.locationRule, null);
  assert.equal(Object.values(e.counts).reduce((a, b) => a + b, 0), 25);
  assert.equal(Object.keys(e.counts).length, 17);
  // The weights stay usable.
  assert.equal(w.n, 25);
  throwsEst(() => est.emergingHotspots({ counts: values.subarray(0, 50), nLocations: 25 }, w), "TrendError", "TREND_TOO_SHORT");
  throwsEst(() => est.emergingHotspots({ counts: new Float64Array(25 * 4).fill(2), nLocations: 25 }, w), "HotspotError", "HOTSPOT_ZERO_VARIANCE");
  const row = est.SpatialWeights.distanceBand(xs, ys, 1, { style: "row" });
  throwsEst(() => est.emergingHotspots({ counts: values, nLocations: 25 }, row), "HotspotError", "HOTSPOT_INVALID_WEIGHTS");
});

test("emergingHotspots on a cube of the sample town carries its labels and cell ids", () => {
  const town = sampleTown();
  const grid = est.Grid.forIncidents(town, { cellSize: 500 });
  const c = est.cube(town, grid, { period: "month" });
  const e = est.emergingHotspots(c, est.SpatialWeights.gridContiguity(grid));
  assert.deepEqual(e.labels, c.labels);
  assert.deepEqual(Array.from(e.cellIds), Array.from(c.cellIds));
  assert.equal(e.locationRule, "all");
  assert.ok(e.patterns.some((p) => p !== "noPattern"));
});

test("classifyPattern: Esri's rules, and hot/cold mirror symmetry over every short series", () => {
  const f = (s) => [...s].map((c) => c === "H");
  const g = (s) => [...s].map((c) => c === "C");
  const cls = (s, up = false, down = false) => est.classifyPattern(f(s), g(s), up, down).pattern;
  assert.equal(cls("..........H"), "newHot");
  assert.equal(cls(".......HHH"), "consecutiveHot");
  assert.equal(cls("HHHHHHHHHH", true), "intensifyingHot");
  assert.equal(cls("HHHHHHHHHH"), "persistentHot");
  assert.equal(cls("HHHHHHHHHH", false, true), "diminishingHot");
  assert.equal(cls("..H..H...H"), "sporadicHot");
  assert.equal(cls("C........H"), "oscillatingHot");
  assert.equal(cls("HHHHHHHHH."), "historicalHot");
  assert.equal(cls("CCCCCCCCC."), "historicalCold");
  const info = est.classifyPattern([false, true], [false, false]);
  assert.deepEqual(info, { pattern: "newHot", code: 1, labelEn: "new hot spot", labelSv: "ny hotspot", emerging: true });
  const all = est.emergingPatterns();
  assert.equal(all.length, 17);
  assert.equal(new Set(all.map((p) => p.code)).size, 17);
  // Every sequence of length 2 … 5 over {hot, cold, none} × trend {up, down, flat}: one
  // pattern, and swapping hot ↔ cold and up ↔ down negates its code.
  let n = 0;
  for (let T = 2; T <= 5; T++) {
    for (let m = 0; m < 3 ** T; m++) {
      let s = "";
      for (let q = m, i = 0; i < T; i++, q = Math.floor(q / 3)) s += ".HC"[q % 3];
      const mirror = [...s].map((c) => (c === "H" ? "C" : c === "C" ? "H" : c)).join("");
      for (const [up, down] of [[false, false], [true, false], [false, true]]) {
        const a = est.classifyPattern(f(s), g(s), up, down).code;
        const b = est.classifyPattern(f(mirror), g(mirror), down, up).code;
        assert.equal(b, -a || 0, `${s} ${up} ${down}`);
        n++;
      }
    }
  }
  assert.equal(n, 3 * (9 + 27 + 81 + 243));
  throwsEst(() => est.classifyPattern([true], [false]), "TrendError", "TREND_TOO_SHORT");
  throwsEst(() => est.classifyPattern([true, true], [true, false]), "TrendError", "TREND_INVALID_PARAMETER");
  throwsEst(() => est.classifyPattern([true, true], [false]), "TrendError", "TREND_LENGTH_MISMATCH");
});

test("chainey: busy cells in the last two of ten periods are an emerging hot spot", () => {
  // The core's documented example: 30 cells on a line, 10 periods.
  const { xs, ys } = line(30);
  const w = est.SpatialWeights.distanceBand(xs, ys, 1, { selfWeight: true });
  const T = 10;
  const counts = new Float64Array(30 * T).fill(1);
  for (let cell = 14; cell <= 16; cell++) {
    counts[cell * T + 8] = 20;
    counts[cell * T + 9] = 20;
  }
  const r = est.chainey({ counts, nLocations: 30 }, w);
  assert.equal(r.recentPeriods, 2);
  assert.equal(r.classes[15], "emergingHot");
  assert.equal(r.labelsEn[15], "emerging hotspot");
  assert.equal(r.classes[0], "noPattern");
  assert.equal(r.hotShares.recent[15], 1);
  assert.equal(r.hotShares.older[15], 0);
  assert.equal(r.sigHot.length, 30 * T);
  // The same classes from the flags.
  assert.deepEqual(est.classifyChainey(r.sigHot, r.sigCold, T), r.classes);
  // T − r < 1.
  throwsEst(() => est.chainey({ counts: counts.subarray(0, 30), nLocations: 30 }, w), "TrendError", "TREND_NO_OLDER_PERIODS");
  throwsEst(() => est.chainey({ counts, nLocations: 30 }, w, { hotspotProp: 0 }), "TrendError", "TREND_INVALID_PARAMETER");
});

// ---- change and early warning ------------------------------------------------------------

test("change matches statsmodels (exact-cond and E-test) with BH over the testable units", () => {
  const g = golden("rates_statsmodels.json").change;
  let worst = 0;
  for (const [method, key] of [["exact-cond", "p"], ["etest-wald", "p_etest_wald"]]) {
    const c = est.change(g.before, g.after, {
      labels: g.labels,
      lengthBefore: g.length_before,
      lengthAfter: g.length_after,
      alpha: g.alpha,
      method,
    });
    assert.equal(c.units.length, g.units.length);
    assert.equal(c.untestable, g.units.filter((u) => !u.testable).length);
    assert.equal(c.boundary, 0);
    c.units.forEach((u, i) => {
      const want = g.units[i];
      assert.equal(u.label, want.label);
      assert.equal(u.testable, want.testable);
      if (!want.testable) {
        assert.ok(Number.isNaN(u.p) && Number.isNaN(u.pAdjusted));
        return;
      }
      const abs = method === "etest-wald" ? ETEST_ABS : 0;
      worst = Math.max(worst, near(u.p, want[key], TOL_RATES, `${want.label} p`, abs));
      worst = Math.max(worst, near(u.pAdjusted, want[`${key}_adjusted`], TOL_RATES, `${want.label} p_adjusted`, abs));
      near(u.scoreZ, want.score_z, TOL_RATES, `${want.label} score z`);
      near(u.wheelerZ, want.wheeler_z, TOL_RATES, `${want.label} Wheeler z`);
      if (want.rate_ratio === null) assert.equal(u.rateRatio, Infinity);
      else near(u.rateRatio, want.rate_ratio, TOL_RATES, `${want.label} rate ratio`);
      assert.equal(u.significant, u.pAdjusted < g.alpha);
    });
  }
  console.log(`change: max relative difference vs statsmodels ${worst.toExponential(2)}`);
  throwsEst(() => est.change([1, 2], [1]), "TrendError", "TREND_LENGTH_MISMATCH");
  throwsEst(() => est.change([1.5], [1]), "TrendError", "TREND_INVALID_VALUE");
  throwsEst(() => est.change([1], [1], { method: "t-test" }), "StatsError", "STATS_UNKNOWN_METHOD");
});

test("changeForGrid: counts per cell before and after the sfhotspot midpoint", () => {
  const town = sampleTown();
  const grid = est.Grid.forIncidents(town, { cellSize: 500 });
  const b = est.midpointBoundary(town);
  const t = town.times;
  assert.equal(b, Math.min(...t) + (Math.max(...t) - Math.min(...t)) / 2);
  const c = est.changeForGrid(town, grid);
  assert.equal(c.boundary, b);
  const before = est.counts(town, { grid, end: b }).counts;
  const after = est.counts(town, { grid, start: b }).counts;
  c.units.forEach((u, i) => {
    assert.equal(u.before, before[i]);
    assert.equal(u.after, after[i]);
    assert.equal(u.label, `cell ${grid.cells[i]}`);
  });
  const w = est.changeForGrid(town, grid, {
    before: ["2026-01-05T00:00:00+01:00", "2026-04-06T00:00:00+02:00"],
    after: ["2026-04-06T00:00:00+02:00", "2026-07-06T00:00:00+02:00"],
    categories: ["skadegorelse"],
  });
  assert.equal(w.units.length, grid.nCells);
  assert.ok(w.paramsUsed.some((p) => p.name === "before"));
  throwsEst(
    () => est.changeForGrid(town, grid, { before: [b, b - 1], after: [b, b + 1] }),
    "TrendError",
    "TREND_INVALID_PARAMETER",
  );
  assert.equal(est.midpointBoundary(est.sampleTown(0, 1)), null);
});

test("earlyWarning matches the scipy reference table for every test method", () => {
  const g = golden("rates_statsmodels.json").early_warning_table;
  const inp = g.input;
  const table = { places: inp.places, categories: inp.categories, weeks: inp.weeks, counts: inp.counts.flat() };
  const js = { exact_conditional: "exactConditional", poisson: "poisson", negative_binomial: "negativeBinomial", auto: "auto" };
  let worst = 0;
  for (const [method, want] of Object.entries(g.results)) {
    const ew = est.earlyWarning(table, { method: js[method], alpha: inp.alpha, minCount: inp.min_count });
    assert.equal(ew.tested, want.tested, method);
    assert.equal(ew.week, inp.weeks.at(-1));
    const flagged = new Set(ew.alerts.map((a) => `${a.place}/${a.category}`));
    for (const u of want.units) {
      const got = ew.all.find((a) => a.place === u.place && a.category === u.category);
      if (!u.tested) {
        assert.equal(got, undefined);
        continue;
      }
      assert.equal(got.observed, u.observed);
      assert.equal(got.method, js[u.method], `${method} ${u.place}/${u.category}`);
      worst = Math.max(worst, near(got.p, u.p, TOL_RATES, `${method} p`));
      worst = Math.max(worst, near(got.pAdjusted, u.p_adjusted, TOL_RATES, `${method} p_adjusted`));
      near(got.expected, u.expected, 1e-15, "expected");
      near(got.z, u.z, 1e-12, "z");
      assert.equal(flagged.has(`${u.place}/${u.category}`), u.flagged, `${method} flagged`);
    }
  }
  const first = est.earlyWarning(table, { alpha: inp.alpha }).alerts[0];
  assert.equal(first.rank, 1);
  assert.match(first.sentenceSv, /^Skadegörelse vid Ekparken: 9 händelser senaste veckan mot normalt/);
  assert.match(first.sentenceEn, /^Criminal damage at Ekparken: 9 incidents last week/);
  console.log(`earlyWarning: max relative difference vs scipy/statsmodels ${worst.toExponential(2)}`);
  throwsEst(() => est.earlyWarning({ ...table, counts: table.counts.slice(1) }), "TrendError", "TREND_LENGTH_MISMATCH");
  throwsEst(() => est.earlyWarning({ ...table, categories: ["skadegörelse", "rymdskepp"] }), "TaxonomyError", "UNKNOWN_CATEGORY");
  throwsEst(() => est.earlyWarning(table, { alpha: 2 }), "TrendError", "TREND_INVALID_PARAMETER");
});

/** A WGS 84 square around a SWEREF 99 TM point (half-side in metres). */
function squareAround(x, y, h) {
  const { x: lon, y: lat } = est.transform([x - h, x + h, x + h, x - h], [y - h, y - h, y + h, y + h], 3006, 4326);
  const ring = [0, 1, 2, 3, 0].map((i) => [lon[i], lat[i]]);
  return { type: "Polygon", coordinates: [ring] };
}

test("earlyWarningForAreas counts each area's weeks like the cube does", () => {
  const town = sampleTown();
  const areas = { Torget: squareAround(660250, 6609850, 600), Väst: squareAround(657500, 6609000, 900) };
  const ew = est.earlyWarningForAreas(town, areas, { categories: ["skadegorelse", "stold"], minBaselineWeeksWithData: 1 });
  assert.ok(ew.tested > 0);
  const weeks = est.weeksEnding(Math.max(...town.times), 9);
  assert.equal(ew.week, weeks.labels.at(-1));
  const c = est.cube(town, areas, {
    period: "week",
    start: weeks.bins[0].start,
    end: weeks.bins.at(-1).end,
    categories: ["skadegorelse"],
  });
  assert.deepEqual(c.labels, ["Torget", "Väst"]);
  for (const a of ew.all.filter((u) => u.category === "skadegorelse")) {
    const l = c.labels.indexOf(a.place);
    assert.equal(a.observed, c.counts[l * c.nPeriods + 8], a.place);
    assert.deepEqual(a.baseline, Array.from(c.counts.subarray(l * c.nPeriods, l * c.nPeriods + 8)));
  }
  throwsEst(() => est.earlyWarningForAreas(town, areas, { week: "2000-01-01T00:00:00Z" }), "TrendError", "TREND_INVALID_PARAMETER");
  throwsEst(() => est.earlyWarningForAreas(town, [1, 2]), "OptionsError", "INVALID_OPTION");
});

// ---- scan, profiles ----------------------------------------------------------------------

test("scan: prospective clusters end on the last day; spaceTimeScan finds a planted cluster", () => {
  const town = sampleTown();
  const grid = est.Grid.forIncidents(town, { cellSize: 250 });
  const s = est.scan(town, grid, { permutations: 49, seed: 7 });
  assert.equal(s.days, 28);
  assert.ok(s.clusters.every((c) => c.endDay === s.lastDay));
  assert.ok(s.clusters.every((c) => c.p > 0 && c.p <= 1 && c.observed >= 2));
  assert.equal(s.zoneX.length, s.zones);
  assert.equal(s.zoneCells.length, s.zones);
  assert.deepEqual(est.scan(town, grid, { permutations: 49, seed: 7 }).clusters, s.clusters);
  // 10 zones on a line, 30 days; zone 4 gets 12 extra cases in the last 3 days.
  const zx = Array.from({ length: 10 }, (_, i) => i * 100);
  const zy = new Array(10).fill(0);
  const zone = [];
  const day = [];
  for (let d = 0; d < 30; d++) for (let z = 0; z < 10; z++) if ((d + z) % 3 === 0) { zone.push(z); day.push(20_000 + d); }
  for (let d = 27; d < 30; d++) for (let k = 0; k < 4; k++) { zone.push(4); day.push(20_000 + d); }
  const r = est.spaceTimeScan(zx, zy, zone, day, { permutations: 99, maxRadiusM: 150, studyDays: null });
  assert.equal(r.days, 30);
  assert.ok(r.clusters[0].zones.includes(4), JSON.stringify(r.clusters[0]));
  assert.equal(r.clusters[0].endDay, r.lastDay);
  assert.ok(r.clusters[0].p <= 0.05, `p ${r.clusters[0].p}`);
  throwsEst(() => est.spaceTimeScan([0], [0], [], []), "TrendError", "TREND_EMPTY");
  throwsEst(() => est.spaceTimeScan([0], [0], [0, 0], [1, 2], { maxDays: 0 }), "TrendError", "TREND_INVALID_PARAMETER");
});

test("profile: every incident counted once at its local hour; SVG charts", () => {
  const town = sampleTown();
  const p = est.profile(town);
  assert.equal(p.n, town.length);
  assert.equal(p.total, town.length);
  assert.equal(p.hourWeekday.length, 168);
  assert.equal(p.hour.reduce((a, b) => a + b, 0), town.length);
  assert.equal(p.weekday.reduce((a, b) => a + b, 0), town.length);
  assert.equal(p.isoWeek.reduce((a, b) => a + b, 0), town.length);
  assert.equal(p.monthYear.counts.reduce((a, b) => a + b, 0), town.length);
  assert.equal(p.monthYear.counts.length, 12 * p.monthYear.years.length);
  assert.equal(p.zone, "Europe/Stockholm");
  // Independent count by local hour (Intl, Europe/Stockholm).
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Stockholm", hour: "2-digit", hourCycle: "h23" });
  const byHour = new Array(24).fill(0);
  for (const ms of town.times) byHour[Number(fmt.format(ms))] += 1;
  assert.deepEqual(Array.from(p.hour), byHour);
  assert.equal(p.exposureHourWeekday.length, 168);
  assert.ok(p.exposureWindow[0] < p.exposureWindow[1]);
  const svg = est.profileSvg(p);
  assert.ok(svg.startsWith("<svg") && svg.includes("Mån") && svg.includes('role="img"'));
  assert.ok(est.profileSvg(p, "en", "yearWheel").includes("Dec"));
  assert.ok(est.profileSvg(p, "en", "weekday").includes("Mon"));
  assert.ok(est.profileSvg(p, "sv", "hour").startsWith("<svg"));
  assert.ok(est.barsSvg("Test", ["a", "b"], [1, 2], "en").includes("Test"));
  throwsEst(() => est.profileSvg(p, "de"), "OptionsError", "INVALID_OPTION");
  const burglary = est.profile(town, { categories: ["inbrott"] });
  assert.ok(burglary.total > 0 && burglary.total < town.length);
});

test("aoristicProfile spreads each window's weight 1 over the hours it touches", () => {
  const h = 3_600_000;
  const from = [Date.UTC(2026, 0, 5, 8), Date.UTC(2026, 0, 5, 8, 30), Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 7, 12)];
  const to = [Date.UTC(2026, 0, 5, 8), Date.UTC(2026, 0, 5, 10, 30), Date.UTC(2026, 0, 20), Date.UTC(2026, 0, 7, 12)];
  const p = est.aoristicProfile(from, to);
  assert.equal(p.n, 4);
  assert.equal(p.imprecise, 1); // 19 days > 168 h
  near(p.total, 3, 1e-12, "total");
  // Monday 2026-01-05 09:30–11:30 local: a quarter in 09, half in 10, a quarter in 11.
  const mon = Array.from(p.hourWeekday.subarray(0, 24));
  near(mon[9], 1 + 0.25, 1e-12, "09");
  near(mon[10], 0.5, 1e-12, "10");
  near(mon[11], 0.25, 1e-12, "11");
  const eq = est.aoristicProfile(from, to, { method: "equal" });
  assert.equal(eq.method, "equal");
  near(eq.hourWeekday[10], 1 / 3, 1e-12, "equal share");
  throwsEst(() => est.aoristicProfile([2 * h], [h]), "TrendError", "TREND_INVALID_VALUE");
  throwsEst(() => est.aoristicProfile([h], [h], { capHours: 0 }), "TrendError", "TREND_INVALID_PARAMETER");
  throwsEst(() => est.aoristicProfile([], []), "TrendError", "TREND_EMPTY");
});

test("cube over named areas and bad cube inputs", () => {
  const town = sampleTown();
  const areas = {
    Torget: squareAround(660250, 6609850, 600),
    text: JSON.stringify(squareAround(657500, 6609000, 900)),
    area: est.StudyArea.fromGeoJSON(JSON.stringify(squareAround(661000, 6611000, 500))),
  };
  const c = est.cube(town, areas, { period: "month" });
  assert.deepEqual(c.labels, ["Torget", "text", "area"]);
  assert.equal(c.cellIds, null);
  assert.ok(c.counts.reduce((a, b) => a + b, 0) > 0);
  throwsEst(() => est.cube(town, areas, { period: "month", locations: "withIncidents" }), "OptionsError", "INVALID_OPTION");
  throwsEst(() => est.cube(town, areas, { perod: "month" }), "OptionsError", "INVALID_OPTION");
  throwsEst(() => est.cube(town, { bad: { type: "Point", coordinates: [18, 59] } }), "GridError", "GRID_STUDY_AREA_NOT_POLYGON");
  throwsEst(() => est.cube(est.sampleTown(0, 1), { a: squareAround(660250, 6609850, 600) }), "TrendError", "TREND_EMPTY");
  const grid = est.Grid.forIncidents(town, { cellSize: 500 });
  const busy = est.cube(town, grid, { locations: "withIncidents", period: "quarter" });
  assert.ok(busy.nLocations < grid.nCells);
  assert.equal(busy.locationRule, "withIncidents");
});
