// CRS goldens: tests/golden/crs_sweden.csv (pyproj 3.7.2 / PROJ 9.5.1; see its README).
// Every row inside PROJ's area of use must agree within 1 mm, forward and back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as est from "../index.js";

/** Tolerance of the golden comparison, metres (the same as the Rust reference tests). */
const TOL_M = 1e-3;
/** Inverse tolerance, degrees (1e-8° is about 1 mm). */
const TOL_DEG = 1e-8;

const text = readFileSync(new URL("../../../tests/golden/crs_sweden.csv", import.meta.url), "utf8");
const [header, ...lines] = text.trim().split(/\r?\n/);
const cols = header.split(",");
const rows = lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
const inArea = rows.filter((r) => r.in_area_of_use === "True");

test("golden file has the expected columns and rows", () => {
  assert.deepEqual(cols, ["id", "lat", "lon", "epsg", "easting", "northing", "in_area_of_use"]);
  assert.ok(inArea.length >= 300, `only ${inArea.length} rows in the area of use`);
});

const byEpsg = new Map();
for (const r of inArea) {
  const epsg = Number(r.epsg);
  if (!byEpsg.has(epsg)) byEpsg.set(epsg, []);
  byEpsg.get(epsg).push(r);
}
for (const [epsg, group] of byEpsg) {
  test(`EPSG:4326 → EPSG:${epsg} agrees with PROJ ≤ 1 mm (${group.length} points)`, () => {
    const lon = Float64Array.from(group, (r) => Number(r.lon));
    const lat = Float64Array.from(group, (r) => Number(r.lat));
    const out = est.transform(lon, lat, 4326, `EPSG:${epsg}`);
    assert.ok(out.x instanceof Float64Array && out.y instanceof Float64Array);
    let worst = 0;
    group.forEach((r, i) => {
      const d = Math.max(Math.abs(out.x[i] - Number(r.easting)), Math.abs(out.y[i] - Number(r.northing)));
      worst = Math.max(worst, d);
      assert.ok(d <= TOL_M, `${r.id}: off by ${d} m`);
    });
    const back = est.transform(Array.from(out.x), Array.from(out.y), epsg, "WGS 84");
    group.forEach((r, i) => {
      assert.ok(Math.abs(back.x[i] - lon[i]) <= TOL_DEG && Math.abs(back.y[i] - lat[i]) <= TOL_DEG, r.id);
    });
    assert.ok(worst <= TOL_M);
  });
}
