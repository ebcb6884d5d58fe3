// Benchmark (not a test): the time methods in WebAssembly under Node.
//
//   node est-wasm/js/bench/trend.bench.mjs [runs=7]
//
// * Mann–Kendall with Sen's slope on every series of a 10 000 locations × 52 weeks cube
//   (mannKendallCube; sparse Poisson counts, seeded, with a trend in a tenth of the cells).
// * The Knox test on 2 000 events (the sample town, seed 7, as the core's golden) with the
//   NearRepeat vignette bands and 999 permutations (knoxIncidents; wasm has no threads, so
//   this is the serial path).
//
// Timed: the call alone (inputs built outside), median of `runs` runs after one warm-up run.
import * as est from "../index.js";

const runs = Number(process.argv[2] ?? 7);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(label, call) {
  call(); // warm-up (JIT, wasm tier-up, allocator)
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = call();
    times.push(performance.now() - t0);
  }
  const s = [...times].sort((a, b) => a - b);
  console.log(`${label}: median ${median(times).toFixed(1)} ms over ${runs} runs ` +
    `(min ${s[0].toFixed(1)}, max ${s[s.length - 1].toFixed(1)})`);
  return last;
}

// Deterministic counts: xorshift32 uniforms, Poisson by inversion.
let state = 0x2545f491;
const rand = () => {
  state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
  return state / 4294967296;
};
const poisson = (lambda) => {
  let k = 0, p = Math.exp(-lambda), f = p;
  const u = rand();
  while (u > f && k < 1000) { k++; p *= lambda / k; f += p; }
  return k;
};

const L = 10_000;
const T = 52;
const values = new Float64Array(L * T);
for (let l = 0; l < L; l++) {
  const base = 0.2 + 2 * rand();
  const slope = l % 10 === 0 ? 0.03 : 0;
  for (let t = 0; t < T; t++) values[l * T + t] = poisson(base * (1 + slope * t));
}

console.log(`Node ${process.versions.node}, est ${est.version}`);
const mk = time(`mannKendallCube, ${L} × ${T}`, () => est.mannKendallCube(values, L, T));
const up = mk.trend.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
console.log(`  ${up} increasing, ${L - up} not`);

const town = est.sampleTown(2000, 7);
const k = time(`knoxIncidents, ${town.length} events × 999 permutations`, () => est.knoxIncidents(town, { permutations: 999 }));
console.log(`  ${k.closePairs} pairs within ${k.spaceBands.at(-1)} m; observed ${JSON.stringify(k.observed)}`);
