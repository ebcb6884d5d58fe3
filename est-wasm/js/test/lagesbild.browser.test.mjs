// The main job's lägesbild (the README's first command) opened in headless Chromium with the
// network cut off: the page must show its map, the early-warning alerts and the follow-up
// recommendation with nothing but the file itself. A screenshot is saved for people to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const outDir = join(repo, "est-wasm", "js", "test-output");
const jobDir = join(repo, "target", "lagesbild-browser");

function mainJob() {
  // The same command as the README's quick start, into a scratch folder.
  const r = spawnSync(
    "cargo",
    ["run", "--quiet", "--release", "--locked", "-p", "est-cli", "--", "lagesbild", "--out", jobDir],
    { cwd: repo, stdio: "inherit" },
  );
  assert.equal(r.status, 0, "the main job failed");
  return join(jobDir, "lagesbild.html");
}

for (const lang of ["sv", "en"]) {
  test(`lägesbild (${lang}) renders offline in Chromium with map, alerts and recommendation`, async (t) => {
    let html = mainJob();
    if (lang === "en") {
      const r = spawnSync(
        "cargo",
        ["run", "--quiet", "--release", "--locked", "-p", "est-cli", "--", "lagesbild", "--lang", "en", "--out", join(jobDir, "en")],
        { cwd: repo, stdio: "inherit" },
      );
      assert.equal(r.status, 0);
      html = join(jobDir, "en", "lagesbild.html");
    }
    assert.ok(existsSync(html), html);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
    });
    t.after(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requested = [];
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requested.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(html).href);

    const r = await page.evaluate(() => {
      const box = (sel) => {
        const el = document.querySelector(sel);
        if (!el) return null;
        const b = el.getBoundingClientRect();
        return { w: b.width, h: b.height };
      };
      return {
        lang: document.documentElement.lang,
        hotspotMap: box("svg.map #hotspots"),
        giCells: document.querySelectorAll("svg.map path.gi").length,
        hotCells: document.querySelectorAll('svg.map path.gi[data-class="3"]').length,
        alerts: [...document.querySelectorAll("#alerts .alert")].map((e) => e.textContent),
        recs: [...document.querySelectorAll("#interventions .recommendation")].map((e) => ({
          suggestion: e.dataset.suggestion,
          rule: e.dataset.rule,
          text: e.textContent,
        })),
        emerging: document.querySelectorAll("#emerging .pattern").length,
        profile: box("#profile svg"),
      };
    });
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(requested, [], "the page asked for the network");
    assert.equal(r.lang, lang);
    assert.ok(r.hotspotMap && r.hotspotMap.w > 200 && r.hotspotMap.h > 100, JSON.stringify(r.hotspotMap));
    assert.ok(r.giCells > 20 && r.hotCells > 0, `${r.giCells} cells, ${r.hotCells} hot`);
    // The sample town's emerging problem is the first alert, by name.
    assert.ok(r.alerts.length > 0, "no alerts");
    assert.match(r.alerts.join("\n"), /Ekparken/);
    // The intervention follow-up with its recommendation.
    assert.ok(r.recs.length >= 1, "no recommendation");
    for (const rec of r.recs) {
      assert.match(rec.suggestion, /^(continue|expand|change|end)$/);
      assert.match(rec.rule, /^R[0-8]$/);
      assert.ok(rec.text.length > 20, rec.text);
    }
    assert.ok(r.emerging > 0, "no emerging hot spot patterns");
    assert.ok(r.profile && r.profile.w > 200, "no temporal profile");

    mkdirSync(outDir, { recursive: true });
    const shot = join(outDir, `lagesbild-${lang}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    // A phone-sized view too: the page must not need horizontal scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `horizontal overflow of ${overflow} px on a phone`);
    await page.screenshot({ path: join(outDir, `lagesbild-${lang}-phone.png`), fullPage: false });
    console.log(`screenshot: ${shot}`);
  });
}
