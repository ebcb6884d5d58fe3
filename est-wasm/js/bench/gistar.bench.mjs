// Benchmark (not a test): Gi* with 999 conditional permutations on 10 000 cells in
// WebAssembly, the speed target (at most 15 ms in Node on the reference machine).
//
//   node est-wasm/js/bench/gistar.bench.mjs [runs=20]
//
// Data: a 100 × 100 grid of 100 m cells (Grid.fromExtent in SWEREF 99 TM) with integer
// incident counts, zero-heavy like real burglary counts (seeded, deterministic: a weak
// background plus a few Gaussian hotspots). Weights: queen contiguity plus the cell itself
// (SpatialWeights.gridContiguity, built once, outside the timing). Timed: localG with the
// default options (Gi*, 999 permutations, seed 0x5EED), median of `runs` runs after warm-up.
import * as est from "../index.js";

const runs = Number(process.argv[2] ?? 20);
// sfhotspot's layout pads half a cell on each side: a 9 900 m extent gives 100 × 100 cells.
const grid = est.Grid.fromExtent(600000, 6500000, 609900, 6509900, 3006, { cellSize: 100 });
if (grid.ncol !== 100 || grid.nrow !== 100) throw new Error(`grid is ${grid.ncol} × ${grid.nrow}`);
const weights = est.SpatialWeights.gridContiguity(grid, "queen", { selfWeight: true });

// Deterministic counts: xorshift32 uniforms, Poisson by inversion.
let s = 0x9e3779b9;
const rand = () => {
  s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
  return s / 4294967296;
};
const poisson = (lambda) => {
  let k = 0, p = Math.exp(-lambda), f = p;
  const u = rand();
  while (u > f && k < 1000) { k++; p *= lambda / k; f += p; }
  return k;
};
const centres = [[20, 30, 6], [70, 60, 8], [45, 80, 5], [80, 15, 4]];
const values = new Float64Array(grid.nCells);
for (let i = 0; i < values.length; i++) {
  const col = i % 100, row = Math.floor(i / 100);
  let lambda = 0.15;
  for (const [c, r, sd] of centres) lambda += 3 * Math.exp(-((col - c) ** 2 + (row - r) ** 2) / (2 * sd * sd));
  values[i] = poisson(lambda);
}
const zeros = values.filter((v) => v === 0).length;

const call = () => est.localG(values, null, null, { weights, permutations: 999 });
for (let i = 0; i < 5; i++) call(); // warm-up (JIT, wasm tier-up, allocator)
const times = [];
let last;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  last = call();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
console.log(`Gi* (queen + self), 999 permutations, ${values.length} cells (${zeros} zero), ` +
  `${last.nProblems} distinct conditional problems, Node ${process.versions.node}, est ${est.version}`);
console.log(`localG: median ${median.toFixed(2)} ms over ${runs} runs ` +
  `(min ${times[0].toFixed(2)}, max ${times[times.length - 1].toFixed(2)}); target ≤ 15 ms`);
