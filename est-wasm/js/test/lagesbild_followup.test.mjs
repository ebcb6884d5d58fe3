// The full lägesbild from JS: a registry of places and interventions gives every
// intervention its follow-up and recommendation; a bad registry is a FollowupError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as est from "../index.js";

const registry = readFileSync(new URL("../../../data/sample_interventions.json", import.meta.url), "utf8");

test("lagesbild with a registry: new problems, emerging hot spots, follow-up", () => {
  const town = est.sampleTown(6000, 2026);
  const lb = est.lagesbild(town, { registry, trendWeeks: 26 });
  const d = JSON.parse(lb.toJson());
  assert.equal(d.interventions.length, 2);
  const [school, square] = d.interventions.map((i) => i.recommendation);
  assert.equal(school.rule_id, "R3");
  assert.equal(school.suggestion, "end");
  assert.equal(square.rule_id, "R0");
  assert.ok(school.reasons_sv.length > 0 && school.reasons_en.length > 0);
  assert.ok(d.new_problems.tested > 0);
  assert.ok(d.emerging.weeks === 26, String(d.emerging.weeks));
  const html = lb.toHtml();
  assert.match(html, /id="interventions"/);
  assert.match(html, /Björkskolan/);
  assert.doesNotMatch(html, /påhittat exempel/, "free text in the page");
});

test("lagesbild with a broken registry throws a FollowupError listing every problem", () => {
  const town = est.sampleTown(500, 1);
  const bad = registry.replace("2025-12-29", "2025-12-32").replace('"inbrott"', '"inbrot"');
  assert.throws(() => est.lagesbild(town, { registry: bad }), (e) => {
    assert.ok(e instanceof est.EstError);
    assert.equal(e.name, "FollowupError");
    assert.equal(e.code, "FOLLOWUP_INVALID_REGISTRY");
    assert.match(e.message, /interventions\[0\]\.start/);
    assert.match(e.message, /interventions\[0\]\.categories\[2\]/);
    assert.equal(e.details.issues.length, 2);
    return true;
  });
  assert.throws(() => est.lagesbild(town, { trendWeeks: -1 }), { name: "OptionsError" });
});

test("lagesbild: background tiles only with a URL", () => {
  const town = est.sampleTown(800, 3);
  assert.doesNotMatch(est.lagesbild(town).toHtml(), /<image/);
  const html = est.lagesbild(town, { tilesUrl: "https://tiles.example.org/{z}/{x}/{y}.png" }).toHtml();
  assert.match(html, /<image href="https:\/\/tiles\.example\.org\//);
  assert.throws(() => est.lagesbild(town, { tilesUrl: "tiles/{z}.png" }), { name: "ReportError", code: "REPORT_INVALID_OPTION" });
});

test("lagesbild by tertial, and an unknown unit is a ReportError", () => {
  const town = est.sampleTown(1500, 2026);
  const d = JSON.parse(est.lagesbild(town, { unit: "tertial", baselinePeriods: 3 }).toJson());
  assert.equal(d.period.label, "2026-T3");
  assert.deepEqual([d.period.start, d.period.end], ["2026-09-01", "2026-12-31"]);
  assert.throws(() => est.lagesbild(town, { unit: "fortnight" }), { name: "ReportError", code: "REPORT_INVALID_OPTION" });
});
