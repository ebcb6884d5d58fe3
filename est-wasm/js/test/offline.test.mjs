// The package works with no network at all: a child `node` runs in a new network namespace
// (unshare -n: only a downed loopback) with `fetch` replaced by a function that throws,
// imports the package and computes a transform.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = new URL("../index.js", import.meta.url).href;

const script = `
globalThis.fetch = () => { throw new Error("network access attempted"); };
const est = await import(${JSON.stringify(entry)});
const r = est.transform([18.0649], [59.3326], 4326, 3006);
let offline = "unknown";
try {
  const net = await import("node:net");
  await new Promise((resolve, reject) => {
    const s = net.connect({ host: "1.1.1.1", port: 443, timeout: 2000 });
    s.on("connect", () => { s.destroy(); reject(new Error("connected")); });
    s.on("timeout", () => { s.destroy(); resolve(); });
    s.on("error", resolve);
  });
  offline = "yes";
} catch { offline = "no"; }
console.log(JSON.stringify({ x: r.x[0], y: r.y[0], version: est.version, offline }));
`;

function isolation() {
  // Prefer an unprivileged user namespace; as root, a plain network namespace also works.
  for (const args of [["-rn"], ["-n"]]) {
    const probe = spawnSync("unshare", [...args, "true"], { encoding: "utf8" });
    if (probe.status === 0) return args;
  }
  return null;
}

test("import and transform with networking unavailable", (t) => {
  const ns = isolation();
  const cmd = ns ? "unshare" : process.execPath;
  const args = [...(ns ? [...ns, process.execPath] : []), "--input-type=module", "-e", script];
  if (!ns) t.diagnostic("unshare is not available: only fetch is disabled");
  const out = spawnSync(cmd, args, {
    encoding: "utf8",
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    timeout: 60_000,
  });
  assert.equal(out.status, 0, out.stderr);
  const r = JSON.parse(out.stdout.trim().split("\n").pop());
  assert.ok(Math.abs(r.x - 674344.559) < 1e-3 && Math.abs(r.y - 6581100.536) < 1e-3, out.stdout);
  assert.match(r.version, /^\d+\.\d+\.\d+/);
  if (ns) assert.equal(r.offline, "yes", "the child could open a connection");
});
