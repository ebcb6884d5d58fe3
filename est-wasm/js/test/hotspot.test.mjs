// Hotspot statistics from JS: Gi/Gi* against esda (the methods.md doctest and the 289-cell
// synthetic golden), multiple testing against statsmodels, Moran / General G against esda,
// KDE against scikit-learn and a direct sum, the one-call map on the sample town and on the
// real Memphis robberies (skipped with a message when the data are absent).
//
// Goldens: tests/golden/gistar_synthetic_2k_500m.json (ref_gistar.py: esda 2.9.0, libpysal
// 4.14.1, statsmodels 0.15.0) and tests/golden/kde_sample_town_2k_250m_h600.json
// (ref_kde.py: scikit-learn 1.9.1, exact tree sums).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as est from "../index.js";

const repo = new URL("../../../", import.meta.url);
const golden = (name) => JSON.parse(readFileSync(new URL(`tests/golden/${name}`, repo), "utf8"));

/** Named tolerances (the figures). */
const TOL_Z = 1e-9; // Gi* z vs esda
const TOL_DOCTEST = 1e-8; // the doctest values are printed to 8 decimals
const TOL_ADJUST = 1e-12; // adjusted p vs statsmodels
const TOL_KDE_REL = 1e-9; // KDE vs scikit-learn / direct sum
const TOL_GLOBAL = 1e-9; // Moran, General G, Local Moran vs esda (relative)

function close(got, want, tol, what) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    assert.ok(d <= tol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

// ---- the esda G_Local doctest (methods.md) -------------------------------------------

const X = [10, 20, 40, 15, 30, 30];
const Y = [10, 10, 10, 20, 20, 30];
const V = [2, 3, 3.2, 5, 8, 7];
const GI_STAR = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];
const GI = [-1.0136729, -0.04361589, 1.31558703, -0.31412676, 1.15373986, 1.77833941];

test("localG: the esda doctest, Gi* and Gi, binary and row-standardised", () => {
  const r = est.localG(V, X, Y, { distance: 15 });
  assert.equal(r.star, true);
  assert.ok(r.z instanceof Float64Array && r.pNorm instanceof Float64Array && r.g instanceof Float64Array);
  close(r.z, GI_STAR, TOL_DOCTEST, "Gi* z");
  assert.ok(r.pSim instanceof Float64Array && r.pSim.every((p) => p > 0 && p <= 1));
  assert.ok(r.islands instanceof Uint32Array && r.undefinedUnits instanceof Uint32Array);
  assert.deepEqual(Array.from(r.islands), []);
  assert.ok(r.paramsUsed.some((p) => p.name === "permutations" && p.value === 999));
  close(est.localG(V, X, Y, { distance: 15, binary: false }).z, GI_STAR, TOL_DOCTEST, "Gi* z, row");
  const gi = est.localG(V, new Float64Array(X), new Float64Array(Y), { distance: 15, star: false, permutations: 0 });
  assert.equal(gi.star, false);
  assert.equal(gi.pSim, null);
  close(gi.z, GI, TOL_DOCTEST, "Gi z");
  close(est.localG(V, X, Y, { distance: 15, star: false, binary: false, permutations: 0 }).z, GI, TOL_DOCTEST, "Gi z, row");
  // Two-sided analytic p.
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(r.pNorm[i] - gi.pNorm[i]) >= 0);
  assert.ok(Math.abs(r.pNorm[5] - 0.04294) < 1e-4, String(r.pNorm[5]));
});

test("localG with prebuilt SpatialWeights: shared, reusable, same z", () => {
  const w = est.SpatialWeights.distanceBand(X, Y, 15, { selfWeight: true });
  assert.equal(w.n, 6);
  assert.equal(w.hasSelfWeights, true);
  assert.deepEqual(Array.from(w.cardinalities), [2, 2, 1, 3, 4, 2].map((_, i) => w.neighbours(i).indices.length));
  assert.deepEqual(Array.from(w.neighbours(4).indices), [1, 2, 3, 5]);
  assert.ok(w.islands instanceof Uint32Array);
  for (let k = 0; k < 2; k++) close(est.localG(V, null, null, { weights: w }).z, GI_STAR, TOL_DOCTEST, "Gi* z (weights)");
  assert.equal(w.n, 6); // still usable
  const knn = est.SpatialWeights.knn(X, Y, 2);
  assert.deepEqual(Array.from(knn.cardinalities), [2, 2, 2, 2, 2, 2]);
  assert.throws(() => est.localG(V, X, Y, { distance: 15, weights: w }), { name: "OptionsError" });
  assert.throws(() => est.localG(V, X, Y, {}), { name: "OptionsError" });
  assert.throws(() => est.localG(V, null, null, { weights: w, binary: true }), { name: "OptionsError" });
  assert.throws(() => est.localG(V, null, null, { weights: {} }), { name: "OptionsError", message: /SpatialWeights/ });
  assert.throws(() => est.localG(V, X, Y, { distance: 15, permutaions: 9 }), { name: "OptionsError", message: /permutaions/ });
  assert.throws(() => est.localG(V, X, Y, { distance: 15, ties: "mid" }), { name: "OptionsError", message: /atLeastAsExtreme/ });
  assert.throws(() => est.SpatialWeights.distanceBand(X, Y, 15, { style: "R" }), { name: "OptionsError" });
  assert.throws(() => est.SpatialWeights.distanceBand(X, Y, -1), (e) => e.name === "HotspotError" && e.code === "HOTSPOT_INVALID_PARAMETER");
  assert.throws(() => est.SpatialWeights.knn(X, Y, 6), { name: "HotspotError", code: "HOTSPOT_INVALID_PARAMETER" });
  const e = (() => { try { est.localG([1, 2, 3, 4, 5, 6, 7], X, Y, { distance: 15 }); } catch (err) { return err; } })();
  assert.ok(e instanceof est.EstError);
  assert.equal(e.code, "HOTSPOT_LENGTH_MISMATCH");
  assert.deepEqual([e.details.expected, e.details.found], [6, 7]);
});

test("seeds: number or bigint, recorded; same seed same p, big numbers refused", () => {
  const a = est.localG(V, X, Y, { distance: 15, seed: 7 });
  const b = est.localG(V, X, Y, { distance: 15, seed: 7n });
  assert.deepEqual(a.pSim, b.pSim);
  const big = 2n ** 63n + 5n;
  const c = est.localG(V, X, Y, { distance: 15, seed: big });
  assert.equal(c.paramsUsed.find((p) => p.name === "seed").value, big);
  assert.deepEqual(c.pSim, est.localG(V, X, Y, { distance: 15, seed: big }).pSim);
  assert.throws(() => est.localG(V, X, Y, { distance: 15, seed: 2 ** 60 }), { name: "OptionsError", message: /seed/ });
  assert.throws(() => est.localG(V, X, Y, { distance: 15, seed: 2n ** 64n }), { name: "OptionsError", message: /seed/ });
  assert.throws(() => est.localG(V, X, Y, { distance: 15, seed: -1 }), { name: "OptionsError" });
});

// ---- the 289-cell synthetic golden (esda 2.9.0, statsmodels 0.15.0) ---------------------

const G = golden("gistar_synthetic_2k_500m.json");
const values = G.values;
// Cell i at col i % 17, row i // 17; 500 m cells.
const gx = values.map((_, i) => (i % 17) * 500);
const gy = values.map((_, i) => Math.floor(i / 17) * 500);

test("localG vs esda G_Local on the synthetic golden: z to 1e-9 (rook = band 500, queen)", () => {
  const R = G.results;
  close(est.localG(values, gx, gy, { distance: 500, permutations: 0 }).z, R.distance.gi_star.Zs, TOL_Z, "Gi* rook");
  close(est.localG(values, gx, gy, { distance: 500, star: false, permutations: 0 }).z, R.distance.gi.Zs, TOL_Z, "Gi rook");
  // Queen contiguity = the band √2 · 500 m.
  close(est.localG(values, gx, gy, { distance: 708, permutations: 0 }).z, R.queen.gi_star.Zs, TOL_Z, "Gi* queen");
  close(est.localG(values, gx, gy, { distance: 708, star: false, permutations: 0 }).z, R.queen.gi.Zs, TOL_Z, "Gi queen");
  const grid = est.Grid.fromExtent(0, 0, 16 * 500, 16 * 500, 3006, { cellSize: 500 });
  assert.equal(grid.nCells, 289);
  const w = est.SpatialWeights.gridContiguity(grid, "queen", { selfWeight: true });
  close(est.localG(values, null, null, { weights: w, permutations: 0 }).z, R.queen.gi_star.Zs, TOL_Z, "Gi* gridContiguity");
  const rook = est.SpatialWeights.gridContiguity(grid, "rook");
  assert.equal(Math.min(...rook.cardinalities), R.distance.weights.cardinality_min);
  assert.equal(Math.max(...rook.cardinalities), R.distance.weights.cardinality_max);
});

test("adjustPValues vs statsmodels multipletests to 1e-12, esdaFdr vs esda fdr", () => {
  for (const scheme of ["distance", "queen"]) {
    const mt = G.results[scheme].multiple_testing;
    for (const [family, p] of [
      ["gi_star_p_norm_two_sided", G.results[scheme].gi_star.p_norm_two_sided],
      ["gi_star_p_sim_two_sided", G.results[scheme].gi_star.p_sim_two_sided],
      ["gi_star_p_sim_directed", G.results[scheme].gi_star.p_sim_directed],
    ]) {
      for (const method of ["fdr_bh", "fdr_by", "holm", "bonferroni"]) {
        const got = est.adjustPValues(p, method);
        assert.ok(got instanceof Float64Array);
        close(got, mt[family][method].p_adjusted, TOL_ADJUST, `${scheme} ${family} ${method}`);
        assert.equal(got.filter((q) => q <= mt.alpha).length, mt[family][method].n_reject, `${family} ${method} rejections`);
      }
      close([est.esdaFdr(p, mt.alpha)], [mt[family].esda_fdr_cutoff], TOL_ADJUST, `${family} esda fdr`);
    }
  }
  // The default is Benjamini–Hochberg; NaN is "not tested".
  const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04, 0.9];
  assert.deepEqual(est.adjustPValues(p), est.adjustPValues(p, "fdr_bh"));
  const withNaN = est.adjustPValues([0.01, NaN, 0.02], "bonferroni");
  assert.ok(Number.isNaN(withNaN[1]));
  close([withNaN[0], withNaN[2]], [0.02, 0.04], TOL_ADJUST, "NaN left out of m");
  assert.deepEqual(Array.from(est.adjustPValues(p, "none")), p);
  assert.throws(() => est.esdaFdr(p, 1.5), { name: "StatsError", code: "STATS_INVALID_ALPHA" });
});

test("moran, generalG and localMoran vs esda on the synthetic golden", () => {
  const R = G.results.distance;
  const m = est.moran(values, gx, gy, { distance: 500, permutations: 99 });
  close([m.i, m.expected, m.varNorm, m.zNorm, m.pNorm, m.varRand, m.zRand, m.pRand],
    [R.moran.I, R.moran.EI, R.moran.VI_norm, R.moran.z_norm, R.moran.p_norm, R.moran.VI_rand, R.moran.z_rand, R.moran.p_rand],
    TOL_GLOBAL, "Moran");
  assert.ok(m.pSim > 0 && m.pSim <= 0.05, String(m.pSim));
  const g = est.generalG(values, gx, gy, { distance: 500, permutations: 0 });
  close([g.g, g.expected, g.variance, g.z, g.pNormOneSided],
    [R.general_g.G, R.general_g.EG, R.general_g.VG, R.general_g.z_norm, R.general_g.p_norm], TOL_GLOBAL, "General G");
  assert.equal(g.pSim, null);
  const lm = est.localMoran(values, gx, gy, { distance: 500 });
  close(lm.i, R.moran_local.Is, TOL_GLOBAL, "Is");
  close(lm.expected, R.moran_local.EI, TOL_GLOBAL, "EI");
  close(lm.variance, R.moran_local.VI, TOL_GLOBAL, "VI");
  close(lm.expectedConditional, R.moran_local.EIc, TOL_GLOBAL, "EIc");
  close(lm.varianceConditional, R.moran_local.VIc, TOL_GLOBAL, "VIc");
  // Quadrants numbered as esda: 1 HH, 2 LH, 3 LL, 4 HL.
  assert.ok(lm.quadrants instanceof Int8Array && lm.clusters instanceof Int8Array);
  assert.deepEqual(Array.from(lm.quadrants), R.moran_local.q);
  const label = { 0: "Insignificant", 1: "High-High", 2: "Low-High", 3: "Low-Low", 4: "High-Low" };
  const agree = Array.from(lm.clusters).filter((c, i) => label[c] === R.moran_local["cluster_labels_p_sim_0.05"][i]).length;
  // Permutation p is compared statistically: another RNG, and est's two-sided p with its ties
  // rule against esda 2.9.0's directed p_sim.
  assert.ok(agree >= 0.9 * values.length, `clusters agree on ${agree} of ${values.length}`);
  assert.throws(() => est.generalG([1, 0, 0, 0, 0, 0], X, Y, { distance: 15 }), { name: "HotspotError", code: "HOTSPOT_UNDEFINED" });
});

test("ties: est's default keeps all-zero neighbourhoods out of the cold spots, esda's rule does not", () => {
  const zeros = values.map((v, i) => (i % 5 === 0 ? v : 0));
  const est_ = est.localG(zeros, gx, gy, { distance: 500 });
  const esda = est.localG(zeros, gx, gy, { distance: 500, ties: "esda", alternative: "lesser" });
  const allZero = zeros.map((_, i) => i).filter((i) => {
    const ns = zeros.map((_, j) => j).filter((j) => Math.hypot(gx[i] - gx[j], gy[i] - gy[j]) <= 500);
    return ns.every((j) => zeros[j] === 0);
  });
  assert.ok(allZero.length > 20, String(allZero.length));
  for (const i of allZero) {
    assert.ok(esda.pSim[i] <= 0.002, `esda p ${esda.pSim[i]}`); // the spurious "cold spot"
    assert.ok(est_.pSim[i] > 0.5, `est p ${est_.pSim[i]}`);
  }
});

// ---- KDE vs scikit-learn and the direct quartic sum ------------------------------------

test("kde vs scikit-learn KernelDensity and the direct quartic sum, five kernels", () => {
  const K = golden("kde_sample_town_2k_250m_h600.json");
  const text = readFileSync(new URL("tests/fixtures/sample_town_2k_seed7.csv", repo), "utf8");
  const inc = est.readIncidents(text, { crs: 3006, now: "2100-01-01T00:00:00Z" });
  assert.equal(inc.length, K.n_points);
  const grid = est.Grid.forIncidents(inc, { cellSize: 250 });
  assert.deepEqual([grid.ncol, grid.nrow], [K.grid.ncols, K.grid.nrows]);
  assert.ok(Math.abs(grid.origin.x - K.grid.origin_x) < 1e-6 && Math.abs(grid.origin.y - K.grid.origin_y) < 1e-6);
  const h = K.params.bandwidth;
  for (const [kernel, key] of [["epanechnikov", "epanechnikov"], ["gaussian", "gaussian"], ["uniform", "tophat"],
    ["triangular", "linear"], ["quartic", "quartic"]]) {
    const s = est.kde(inc.x, inc.y, { grid, kernel, bandwidth: h, gaussianCutoff: Infinity });
    assert.equal(s.kernel, kernel);
    assert.equal(s.bandwidthM, h);
    assert.ok(s.densityPerKm2 instanceof Float64Array && s.expectedPerCell instanceof Float64Array);
    const want = K.results[key].intensity_per_km2;
    const peak = Math.max(...want);
    assert.equal(s.densityPerKm2.length, want.length);
    for (let i = 0; i < want.length; i++) {
      const d = Math.abs(s.densityPerKm2[i] - want[i]);
      assert.ok(d <= TOL_KDE_REL * Math.abs(want[i]) + 1e-12 * peak, `${key}[${i}]: ${s.densityPerKm2[i]} vs ${want[i]}`);
    }
    if (key === "quartic") {
      const unscaled = K.results.quartic.quartic_unscaled;
      for (let i = 0; i < unscaled.length; i++) {
        assert.ok(Math.abs(s.kernelSum[i] - unscaled[i]) <= TOL_KDE_REL * Math.max(Math.abs(unscaled[i]), 1e-9), `kernel sum ${i}`);
      }
    }
  }
  // Rules and bandwidth(): the default is nrd (mean of E and N), recorded.
  const auto = est.kde(inc.x, inc.y, { grid });
  assert.equal(auto.kernel, "quartic");
  assert.equal(auto.bandwidthM, est.bandwidth(inc.x, inc.y));
  assert.ok(auto.paramsUsed.some((p) => p.name === "bandwidth_m"));
  assert.notEqual(est.bandwidth(inc.x, inc.y, "silverman", "gaussian"), est.bandwidth(inc.x, inc.y, "silverman", "quartic"));
  assert.ok(est.bandwidth(inc.x, inc.y, "esri") > 0);
  assert.equal(est.kde(inc.x, inc.y, { grid, bandwidth: "nrd", adjust: 0.5 }).bandwidthM, auto.bandwidthM / 2);
  assert.throws(() => est.kde(inc.x, inc.y, { grid, bandwidth: "scott" }), { name: "OptionsError" });
  assert.throws(() => est.kde(inc.x, inc.y, { bandwidth: 600 }), { name: "OptionsError", message: /grid/ });
  assert.throws(() => est.kde(inc.x, inc.y, { grid: {} }), { name: "OptionsError", message: /Grid/ });
  assert.equal(grid.nCells, K.grid.ncols * K.grid.nrows); // the grid passed in is still usable
  // A bandwidth smaller than the cell is warned about.
  assert.ok(est.kde(inc.x, inc.y, { grid, bandwidth: 100 }).warnings.length > 0);
});

// ---- the one-call map --------------------------------------------------------------------

test("hotspots(sampleTown(3000, 1)): counts, hot cells, GeoJSON, reproducible", () => {
  const town = est.sampleTown(3000, 1);
  const m = est.hotspots(town);
  assert.ok(m instanceof est.HotspotMap);
  assert.ok(m.grid instanceof est.Grid);
  assert.equal(m.nCells, m.grid.nCells);
  assert.equal(m.counts.reduce((a, b) => a + b, 0), 3000);
  for (const k of ["counts", "densityPerKm2", "expected", "z", "p", "pSim", "pAdjusted"]) {
    assert.ok(m[k] instanceof Float64Array, k);
    assert.equal(m[k].length, m.nCells, k);
  }
  assert.ok(m.classes instanceof Int8Array);
  assert.ok(m.classes.some((c) => c === 3));
  assert.ok(m.classCounts instanceof Uint32Array && m.classCounts.length === 7);
  assert.equal(m.classCounts.reduce((a, b) => a + b, 0), m.nCells);
  assert.equal(m.classCounts[6], m.classes.filter((c) => c === 3).length);
  const names = m.paramsUsed.map((p) => p.name);
  for (const n of ["cell_size_m", "neighbourhood", "adjustment", "bandwidth_m", "permutations", "seed"]) assert.ok(names.includes(n), n);
  assert.ok(Array.isArray(m.warnings));
  const gj = JSON.parse(m.toGeoJSON());
  assert.equal(gj.type, "FeatureCollection");
  assert.equal(gj.features.length, m.nCells);
  const props = gj.features[0].properties;
  for (const k of ["count", "density_per_km2", "gi_z", "gi_p", "gi_p_sim", "gi_p_adjusted", "gi_class"]) assert.ok(k in props, k);
  const [lon, lat] = gj.features[0].geometry.coordinates[0][0];
  assert.ok(lon > 10 && lon < 25 && lat > 55 && lat < 70, `${lon} ${lat}`);
  assert.equal(gj.features.filter((f) => f.properties.gi_class === 3).length, m.classCounts[6]);
  // Same seed, same map.
  const again = est.hotspots(est.sampleTown(3000, 1));
  assert.deepEqual(again.classes, m.classes);
  assert.deepEqual(again.pSim, m.pSim);
  assert.equal(again.toGeoJSON(), m.toGeoJSON());
});

test("hotspots options: every choice is honoured, recorded or refused", () => {
  const town = est.sampleTown(3000, 1);
  const m = est.hotspots(town, { cellSize: 250, neighbourhood: "rook", permutations: 0, adjustment: "holm",
    kernel: "epanechnikov", bandwidth: 500, seed: 3n });
  assert.equal(m.grid.cellSize, 250);
  assert.equal(m.pSim, null);
  assert.equal(m.bandwidthM, 500);
  assert.equal(m.paramsUsed.find((p) => p.name === "adjustment").value, "holm");
  assert.deepEqual(m.pAdjusted, est.adjustPValues(m.p, "holm"));
  const d = est.hotspots(town, { cellSize: 250, neighbourhood: 400, permutations: 99, classP: "permutation" });
  assert.deepEqual(d.pAdjusted, est.adjustPValues(d.pSim, "fdr_bh"));
  assert.throws(() => est.hotspots(town, { cellsize: 250 }), { name: "OptionsError", message: /cellsize/ });
  assert.throws(() => est.hotspots(town, { neighbourhood: "bishop" }), { name: "OptionsError" });
  assert.throws(() => est.hotspots(town, { adjustment: "sidak" }), { name: "StatsError", code: "STATS_UNKNOWN_METHOD" });
  assert.throws(() => est.hotspots(town, { classP: "permutation", permutations: 0 }), { name: "HotspotError" });
  assert.throws(() => est.hotspots(town, { kernel: "cosine" }), { name: "HotspotError", code: "HOTSPOT_INVALID_KERNEL" });
});

// ---- real data: Memphis robberies ----------------------------------------------------------

const memphisPath = process.env.EST_REAL_DATA
  ? new URL(`memphis_robberies/memphis_robberies.csv`, `file://${process.env.EST_REAL_DATA.replace(/\/?$/, "/")}`)
  : new URL("../shared/data/real/memphis_robberies/memphis_robberies.csv", repo);

test("hotspots on the real Memphis robberies (UTM 15N): counts add up, 500 m cells, hot cells", (t) => {
  if (!existsSync(memphisPath)) {
    t.skip(`real data absent: ${fileURLToPath(memphisPath)} (set EST_REAL_DATA to the data/real folder)`);
    return;
  }
  const text = readFileSync(memphisPath, "utf8");
  const taxonomy = est.Taxonomy.default();
  taxonomy.addAlias("personal robbery", "ran");
  const inc = est.readIncidents(text, {
    columns: { id: "uid", category: "offense_type", time: "timestamp", lon: "lon", lat: "lat" },
    taxonomy, onError: "collect", now: "2100-01-01T00:00:00Z",
  });
  assert.equal(inc.errors.length, 0, JSON.stringify(inc.errors.slice(0, 3)));
  assert.equal(inc.length, 2245);
  const utm = inc.toCrs(32615);
  const t0 = performance.now();
  const m = est.hotspots(utm);
  const ms = performance.now() - t0;
  assert.equal(m.counts.reduce((a, b) => a + b, 0), utm.length);
  assert.equal(m.grid.crs, 32615);
  // Method reference §2.1: sfhotspot's automatic rule gives 500 m on this extent.
  assert.equal(m.grid.cellSize, 500);
  assert.equal(m.paramsUsed.find((p) => p.name === "cell_size_m").source, "auto");
  assert.ok(m.classCounts[6] > 0, `no hot cells: ${m.classCounts}`);
  t.diagnostic(`Memphis: ${utm.length} robberies, ${m.nCells} cells of ${m.grid.cellSize} m, ` +
    `bandwidth ${m.bandwidthM.toFixed(0)} m, classes −3…+3 ${Array.from(m.classCounts).join("/")}, ${ms.toFixed(0)} ms`);
});
