// Every case of the shared bad-input fixture (tests/fixtures/bad_inputs.json), which the Rust
// and Python suites run too: the JS error must carry the same family, code, rows and words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as est from "../index.js";

const fixtureUrl = new URL("../../../tests/fixtures/bad_inputs.json", import.meta.url);
const { cases } = JSON.parse(readFileSync(fixtureUrl, "utf8"));

/** Every fixture kind runs here: none is skipped. */
const KINDS = [
  "read_csv",
  "taxonomy",
  "transform",
  "grid",
  "adjust",
  "kde",
  "local_g",
  "mann_kendall",
  "knox",
  "poisson_2indep",
  "registry",
  "period",
];

test("the fixture has cases of every kind this suite runs, and no other", () => {
  const kinds = new Set(cases.map((c) => c.kind));
  for (const k of KINDS) assert.ok(kinds.has(k), k);
  for (const k of kinds) assert.ok(KINDS.includes(k), `unknown kind ${k}`);
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
  assert.equal(cases.filter((c) => c.kind === "grid").length, 7);
});

const nan = (v) => (v === null ? NaN : v);
/** A band edge: null is NaN, "inf"/"Infinity" (JSON has no infinity) is Infinity. */
const edge = (v) => (v === "inf" || v === "Infinity" ? Infinity : nan(v));
/** Copies the keys that are present, renamed (snake_case fixture → camelCase option). */
function present(c, names) {
  const o = {};
  for (const [from, to, f] of names) if (c[from] !== undefined) o[to] = f ? f(c[from]) : c[from];
  return o;
}

function run(c) {
  switch (c.kind) {
    case "read_csv": {
      const o = c.options ?? {};
      const options = { now: o.now };
      if (o.crs !== null && o.crs !== undefined) options.crs = o.crs;
      if (o.on_error !== undefined) options.onError = o.on_error;
      return est.readIncidents(c.csv, options);
    }
    case "transform":
      return est.transform(c.x.map(nan), c.y.map(nan), c.src, c.dst);
    case "taxonomy":
      return est.Taxonomy.default().resolve(c.label);
    case "grid":
      // null in x/y is NaN, [] no points; no cell_size means the automatic size.
      return est.Grid.fromPoints(c.x.map(nan), c.y.map(nan), c.crs, { cellSize: c.cell_size });
    case "adjust":
      return est.adjustPValues(c.p.map(nan), c.method);
    case "kde": {
      const [x, y] = [c.x.map(nan), c.y.map(nan)];
      const grid = est.Grid.fromPoints(x, y, c.crs, { cellSize: c.cell_size });
      return est.kde(x, y, { grid, kernel: c.kernel, bandwidth: c.bandwidth });
    }
    case "local_g":
      // null in values/x/y is NaN.
      return est.localG(c.values.map(nan), c.x.map(nan), c.y.map(nan), { distance: c.distance });
    case "mann_kendall":
      // null in the series is NaN (a missing value, refused by the core).
      return est.mannKendall(c.series.map(nan), c.alpha);
    case "knox":
      return est.knox(
        c.x.map(nan),
        c.y.map(nan),
        c.t_days.map(nan),
        present(c, [
          ["space_bands", "spaceBands", (b) => b.map(edge)],
          ["time_bands", "timeBands", (b) => b.map(edge)],
          ["metric", "metric"],
          ["permutations", "permutations"],
        ]),
      );
    case "poisson_2indep":
      return est.testPoisson2indep(c.c1, c.e1, c.c2, c.e2, c.method);
    case "registry":
      // The EST taxonomy (the default).
      return est.Registry.fromJson(c.json);
    case "period":
      return est.periods(c.period, "2026-01-01T00:00:00+01:00", "2026-12-31T00:00:00+01:00");
    default:
      throw new Error(`unknown fixture kind ${c.kind}`);
  }
}

const rowsOf = (errors) => errors.map((e) => [e.line, e.field, e.code]);

for (const c of cases) {
  test(`${c.kind}: ${c.name} (${c.description})`, () => {
    const expect = c.expect;
    if (expect.error === undefined) {
      // "collect": no throw, good rows kept, bad rows listed.
      const inc = run(c);
      assert.equal(inc.length, expect.kept);
      assert.deepEqual(rowsOf(inc.errors), expect.rows.map((r) => [r.line, r.field, r.code]));
      for (const e of inc.errors) {
        assert.equal(typeof e.message, "string");
        assert.equal(typeof e.value, "string");
      }
      return;
    }
    let err;
    try {
      run(c);
    } catch (e) {
      err = e;
    }
    assert.ok(err !== undefined, "expected a throw");
    assert.ok(err instanceof est.EstError, `not an EstError: ${err}`);
    assert.ok(err instanceof Error);
    assert.equal(err.name, expect.error);
    assert.equal(err.code, expect.code);
    assert.equal(typeof err.message, "string");
    assert.equal(typeof err.details, "object");
    for (const word of expect.message_contains ?? []) {
      assert.ok(err.message.includes(word), `message lacks ${JSON.stringify(word)}: ${err.message}`);
    }
    if (expect.rows !== undefined) {
      assert.deepEqual(rowsOf(err.details.errors), expect.rows.map((r) => [r.line, r.field, r.code]));
      assert.ok(err.details.rowsRead >= 1);
      for (const r of expect.rows) {
        assert.ok(err.message.includes(`line ${r.line}`), `message lacks line ${r.line}: ${err.message}`);
        assert.ok(err.message.includes(`'${r.field}'`), `message lacks field ${r.field}: ${err.message}`);
      }
    }
    if (expect.error === "ValidationError") {
      assert.ok(Array.isArray(err.details.errors));
      assert.equal(typeof err.details.rowsRead, "number");
    }
  });
}
