// The demo page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core:
// no browser download). A local http server serves est-wasm/js/; every request that does
// not go to 127.0.0.1 is blocked, so the page must work with what the package ships.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as est from "../index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(root, "test-output");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
  ".css": "text/css",
};

function serve() {
  const served = [];
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    const file = join(root, path);
    if (!file.startsWith(root) || file.split(sep).includes("node_modules")) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      served.push([path, TYPES[extname(path)]]);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, served })));
}

test("demo page: sample town and its Gi* hotspot map on an SVG map, and an EstError, in Chromium", async (t) => {
  const { server, served } = await serve();
  t.after(() => server.close());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  const pageErrors = [];
  const consoleErrors = [];
  const blocked = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    blocked.push(url.href);
    return route.abort();
  });

  const port = server.address().port;
  await page.goto(`http://127.0.0.1:${port}/demo/index.html`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
  const r = await page.evaluate(() => window.__result);

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(blocked, []);
  // The browser computed what Node computes.
  const node = est.sampleTown(2000, 1);
  const wgs = est.transform(node.x, node.y, 3006, 4326);
  assert.equal(r.version, est.version);
  assert.equal(r.n, 2000);
  assert.equal(r.crs, 3006);
  assert.equal(r.firstId, node.ids[0]);
  assert.deepEqual(r.lon, [Math.min(...wgs.x), Math.max(...wgs.x)]);
  assert.deepEqual(r.lat, [Math.min(...wgs.y), Math.max(...wgs.y)]);
  assert.ok(r.lon[0] > 10 && r.lon[1] < 25 && r.lat[0] > 55 && r.lat[1] < 70, JSON.stringify(r));
  assert.equal(r.circles, 2000);
  // The hotspot map: one rect per cell with incidents or a significant Gi* class, under the
  // points, coloured by class — the same map as in Node.
  const map = est.hotspots(node, { cellSize: 250 });
  const counts = map.counts, classes = map.classes;
  assert.equal(r.cellSize, 250);
  assert.equal(r.nCells, map.nCells);
  assert.equal(r.cellsDrawn, counts.filter((c, k) => c > 0 || classes[k] !== 0).length);
  assert.deepEqual(r.classCounts, Array.from(map.classCounts));
  assert.ok(r.classCounts[6] > 0, `no 99 % hot spot: ${r.classCounts}`);
  // Every significant cell is drawn with its class, and the classes get distinct colours.
  const drawnHot = r.drawnClasses.filter((c) => c === 3).length;
  assert.equal(drawnHot, r.classCounts[6]);
  assert.equal(r.drawnClasses.filter((c) => c !== 0).length, classes.filter((c) => c !== 0).length);
  assert.ok(r.drawnFills.length >= 2, JSON.stringify(r.drawnFills));
  assert.ok(r.cellsDrawn > 20, String(r.cellsDrawn));
  assert.equal(r.cellCountSum, 2000);
  assert.equal(r.cellsBeforePoints, true);
  assert.equal(r.errIsEstError, true);
  assert.equal(r.errIsError, true);
  assert.equal(r.errName, "ValidationError");
  assert.equal(r.errCode, "INVALID_ROWS");
  assert.deepEqual(r.errRows, [[2, "x/y", "PROBABLE_SWAP"]]);
  // The wasm file was served (with the right type) from this origin.
  assert.ok(served.some(([p, type]) => p.endsWith("est_wasm_bg.wasm") && type === "application/wasm"));

  await mkdir(outDir, { recursive: true });
  await page.screenshot({ path: join(outDir, "demo.png"), fullPage: true });
});
