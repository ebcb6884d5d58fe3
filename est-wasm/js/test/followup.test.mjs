// Intervention follow-up and the two-rate Poisson tests from JS: the method reference's §9
// golden values (hand arithmetic, ptools' test suite, Wheeler & Ratcliffe 2018), ptools' WDD
// on est's own cases (tests/golden/followup_est_cases.json, ref_followup.py), statsmodels'
// two-rate tests and intervals (tests/golden/rates_statsmodels.json, ref_rates.py) and
// Poisson GLM difference in differences with scipy's exact conditional interval
// (tests/golden/did_panel.json, ref_did.py), the registry fixtures, an evaluation of the
// sample town against an independent count, and the recommendation: one case per rule R0–R8.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as est from "../index.js";

const repo = new URL("../../../", import.meta.url);
const golden = (name) => JSON.parse(readFileSync(new URL(`tests/golden/${name}`, repo), "utf8"));
const fixtureText = (name) => readFileSync(new URL(`tests/fixtures/${name}`, repo), "utf8");

/** Tolerances. */
const printed = (k) => 0.5 * 10 ** -k; // a value printed with k decimals
const WDD_ABS = 1e-8; // ptools' formula in Python, f64 throughout
const RATE_REL = 1e-8; // statsmodels / scipy
const ETEST_ABS = 1e-12; // statsmodels truncates the E-test grid at 1 − 1e-13
const SCORE_CI_ABS = 1e-7; // statsmodels finds the score interval by Nelder–Mead (xtol 1e-8)
const GLM_REL = 1e-6; // statsmodels' IRLS convergence
const EXACT_CI_REL = 1e-8; // scipy odds_ratio(kind="conditional") solves with brentq

function close(got, want, tol, what) {
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);
  return Math.abs(got - want);
}

function rel(got, want) {
  if (got === want) return 0;
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
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
  return err;
}

// ---- §9.1–9.4, 9.7: the method reference's golden values -----------------------------------

test("WDQ, TNE, gross and net effect: method reference §9.1–9.3", () => {
  const q = est.wdq(100, 60, 80, 70, 400, 380);
  close(q.value, 6 / 35, 1e-12, "WDQ = 6/35");
  close(q.success, -0.0921053, printed(7), "success");
  close(q.buffer, -0.0157895, printed(7), "buffer");
  assert.equal(q.interpretable, true);
  assert.equal(q.reading, "diffusion");
  const t = est.tne(100, 60, 80, 70, 400, 380);
  close(t.value, 41, 1e-12, "TNE");
  close(t.target, 35, 1e-12, "TNE target");
  close(t.buffer, 6, 1e-12, "TNE buffer");
  const g = est.grossNetEffect(100, 60, 400, 380);
  assert.equal(g.gross, 40);
  close(g.net, 0.0921053, printed(7), "net effect");
  // Success measure not negative: returned, not interpretable.
  assert.equal(est.wdq(60, 100, 80, 70, 400, 380).reading, "notInterpretable");
  throwsEst(() => est.wdq(100, 60, 80, 70, 0, 380), "FollowupError", "FOLLOWUP_UNDEFINED");
  throwsEst(() => est.wdq(-1, 60, 80, 70, 400, 380), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
  throwsEst(() => est.tne(100, 60, 80, 70, 0, 380), "FollowupError", "FOLLOWUP_UNDEFINED");
});

test("WDD: the paper, area weights, time weights, local only, the blog (method reference §9.4)", () => {
  const paper = est.wdd([308, 318], [207, 110], { dispControl: [150, 140], dispTreated: [178, 157] });
  assert.equal(paper.local.estimate, -107);
  close(paper.local.se, 30.708305, printed(6), "local SE");
  assert.equal(paper.displacement.estimate, -11);
  assert.equal(paper.displacement.se, 25);
  assert.equal(paper.estimate, -118);
  close(paper.se, Math.sqrt(1568), 1e-12, "SE = √1568");
  close(paper.z, -2.97995, printed(6), "Z");
  close(paper.lower, -195.6106, printed(4), "low");
  close(paper.upper, -40.3894, printed(4), "high");
  assert.deepEqual(paper.counts.areaWeights, [1, 1, 1, 1]);
  const area = est.wdd([308, 318], [207, 110], {
    dispControl: [150, 140],
    dispTreated: [178, 157],
    areaWeights: [0.9, 1.2, 1.6, 1.5],
  });
  close(area.estimate, -99.69444444, printed(8), "area-weighted estimate");
  close(area.se, 35.4280755, printed(7), "area-weighted SE");
  close(area.z, -2.813995483, printed(9), "area-weighted Z");
  close(area.lower, -169.1321965, printed(7), "area-weighted low");
  close(area.upper, -30.25669241, printed(8), "area-weighted high");
  const time = est.wdd([100, 50], [80, 20], { timeWeights: [2, 1] });
  assert.equal(time.estimate, -20);
  close(time.se, Math.sqrt(115), 1e-12, "SE = √115");
  assert.equal(est.wdd([20, 20], [20, 10]).estimate, -10);
  const blog = est.wdd([100, 90], [100, 80]);
  assert.equal(blog.estimate, -10);
  close(blog.se, Math.sqrt(370), 1e-12, "SE = √370");
  throwsEst(() => est.wdd([0, 0], [0, 0]), "FollowupError", "FOLLOWUP_UNDEFINED");
  throwsEst(() => est.wdd([1, 1], [1, 1], { timeWeights: [0, 1] }), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
  throwsEst(() => est.wdd([1, 1], [1, 1], { areaWeights: [1, 1] }), "OptionsError", "INVALID_OPTION");
});

test("wddHarm: ptools' five crime types", () => {
  const rows = [
    [[133, 91], [130, 74]],
    [[388, 305], [327, 202]],
    [[148, 97], [398, 190]],
    [[86, 64], [144, 92]],
    [[94, 67], [183, 96]],
  ];
  const wdds = rows.map(([c, t]) => est.wdd(c, t));
  assert.deepEqual(wdds.map((w) => w.estimate), [-14, -42, -157, -30, -60]);
  const h = est.wddHarm(wdds.map((w) => w.estimate), wdds.map((w) => w.se), [3, 2, 5, 7, 10]);
  close(h.estimate, -1721, 1e-9, "H");
  close(h.se, 304.10360077, printed(8), "SE");
  close(h.z, -5.65925558, printed(8), "Z");
  close(h.lower, -2317.03210507, printed(8), "low");
  close(h.upper, -1124.96789493, printed(8), "high");
  assert.deepEqual(h.weights, [3, 2, 5, 7, 10]);
  throwsEst(() => est.wddHarm([1, 2], [1], [1, 1]), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
});

test("did2x2: the WDD paper's counts (method reference §9.7) and statsmodels' GLM", () => {
  const d = est.did2x2(207, 110, 308, 318);
  assert.equal(d.method, "closedForm2x2");
  close(d.irr, 0.5146902, printed(7), "IRR");
  close(d.seLog, 0.1425245, printed(7), "SE(log)");
  close(d.lower, 0.38925, printed(6), "low");
  close(d.upper, 0.680555, printed(6), "high");
  close(d.z, -4.660181, printed(6), "z");
  const sm = golden("did_panel.json").cases.paper_2x2.poisson;
  for (const [k, want] of [["logIrr", sm.log_irr], ["seLog", sm.se_log], ["z", sm.z], ["p", sm.p], ["lower", sm.lower], ["upper", sm.upper]]) {
    assert.ok(rel(d[k], want) <= 1e-9, `${k}: ${d[k]} vs ${want}`);
  }
  throwsEst(() => est.did2x2(0, 110, 308, 318), "FollowupError", "FOLLOWUP_UNDEFINED");
  throwsEst(() => est.did2x2(1.5, 110, 308, 318), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
});

test("didPanel matches statsmodels' Poisson and quasi-Poisson GLM (did_panel.json)", () => {
  const g = golden("did_panel.json");
  let worst = 0;
  let n = 0;
  for (const name of ["poisson", "overdispersed"]) {
    const { input, ...fits } = g.cases[name];
    for (const [kind, over] of [["poisson", false], ["quasi_poisson", true]]) {
      const want = fits[kind];
      const got = est.didPanel(input.y, input.group, input.time, input.treated_post, { exposure: input.exposure, overdispersion: over });
      assert.equal(got.method, over ? "quasiPoissonGlm" : "poissonGlm");
      assert.equal(got.dfResid, want.df_resid);
      assert.equal(got.nObs, want.n_obs);
      for (const [k, w] of [["logIrr", "log_irr"], ["irr", "irr"], ["seLog", "se_log"], ["z", "z"], ["p", "p"], ["lower", "lower"], ["upper", "upper"], ["scale", "scale"], ["pearsonChi2", "pearson_chi2"], ["deviance", "deviance"]]) {
        const r = rel(got[k], want[w]);
        assert.ok(r <= GLM_REL, `${name}/${kind} ${k}: ${got[k]} vs ${want[w]}`);
        worst = Math.max(worst, r);
        n++;
      }
    }
  }
  assert.equal(n, 40);
  console.log(`didPanel: ${n} values, max relative difference vs statsmodels ${worst.toExponential(2)}`);
});

test("relativeIrr: scipy's exact conditional interval (did_panel.json)", () => {
  const rows = golden("did_panel.json").exact_conditional;
  let worst = 0;
  for (const row of rows) {
    for (const [key, alpha] of [["ci_95", 0.05], ["ci_90", 0.1]]) {
      const got = est.relativeIrr(row.t0, row.t1, row.c0, row.c1, { ci: "exact", alpha });
      assert.equal(got.ci, "exactConditional");
      const bound = (v) => (v === "inf" ? Infinity : v);
      for (const [k, want] of [["lower", bound(row[key][0])], ["upper", bound(row[key][1])]]) {
        if (!Number.isFinite(want) || want === 0) {
          assert.equal(got[k], want, `${JSON.stringify(row)} ${key} ${k}`);
        } else {
          const r = rel(got[k], want);
          assert.ok(r <= EXACT_CI_REL, `${JSON.stringify(row)} ${key} ${k}: ${got[k]} vs ${want}`);
          worst = Math.max(worst, r);
        }
      }
    }
  }
  const auto = est.relativeIrr(200, 116, 500, 500);
  assert.equal(auto.ci, "waldLog");
  assert.deepEqual([auto.target, auto.control], [[200, 116], [500, 500]]);
  assert.equal(est.relativeIrr(3, 1, 500, 500).ci, "exactConditional");
  throwsEst(() => est.relativeIrr(3, 1, 0, 500), "FollowupError", "FOLLOWUP_UNDEFINED");
  console.log(`relativeIrr exact: max relative difference vs scipy ${worst.toExponential(2)}`);
});

// ---- ptools WDD and statsmodels rate tests on est's own cases ------------------------------

test("WDD, harm and rate tests on est's cases match ref_followup.py (ptools, statsmodels)", () => {
  const g = golden("followup_est_cases.json");
  assert.equal(g.all_golden_pass, true);
  const lines = fixtureText("followup_est_cases.csv").trim().split("\n");
  const head = lines[0].split(",");
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i], i === 0 ? v : Number(v)])));
  assert.equal(rows.length, g.cases.length);
  let worstWdd = 0;
  let worstRate = 0;
  let nRate = 0;
  const locals = [[], [], []];
  rows.forEach((r, i) => {
    const c = g.cases[i];
    assert.equal(c.id, r.id);
    const w = est.wdd([r.control_pre, r.control_post], [r.treated_pre, r.treated_post], {
      dispControl: [r.disp_control_pre, r.disp_control_post],
      dispTreated: [r.disp_treated_pre, r.disp_treated_post],
      timeWeights: [r.time_weight_pre, r.time_weight_post],
      areaWeights: [r.area_weight_control, r.area_weight_treated, r.area_weight_disp_control, r.area_weight_disp_treated],
    });
    const want = c.wdd;
    for (const [what, got, exp] of [
      ["Est_Local", w.local.estimate, want.Est_Local],
      ["SE_Local", w.local.se, want.SE_Local],
      ["Est_Displace", w.displacement.estimate, want.Est_Displace],
      ["SE_Displace", w.displacement.se, want.SE_Displace],
      ["Est_Total", w.estimate, want.Est_Total],
      ["SE_Total", w.se, want.SE_Total],
      ["Z", w.z, want.Z],
      ["LowCI", w.lower, want.LowCI],
      ["HighCI", w.upper, want.HighCI],
    ]) {
      worstWdd = Math.max(worstWdd, close(got, exp, WDD_ABS, `${r.id} ${what}`));
    }
    locals[0].push(w.local.estimate);
    locals[1].push(w.local.se);
    locals[2].push(r.harm_weight);
    const rt = c.treated_post_vs_pre_rate_tests;
    for (const name of ["score", "etest", "exact-cond"]) {
      if (rt.count1 === 0 && rt.count2 === 0) {
        throwsEst(() => est.testPoisson2indep(rt.count1, rt.exposure1, rt.count2, rt.exposure2, name), "StatsError", "STATS_UNDEFINED");
        continue;
      }
      const got = est.testPoisson2indep(rt.count1, rt.exposure1, rt.count2, rt.exposure2, name);
      const allow = RATE_REL * Math.abs(rt[name].pvalue) + (name === "etest" ? ETEST_ABS : 0);
      assert.ok(Math.abs(got.p - rt[name].pvalue) <= allow, `${r.id} ${name}: ${got.p} vs ${rt[name].pvalue}`);
      if (name !== "etest") worstRate = Math.max(worstRate, rel(got.p, rt[name].pvalue));
      nRate++;
    }
  });
  const h = est.wddHarm(locals[0], locals[1], locals[2]);
  const want = g.wdd_harm;
  for (const [what, got, exp] of [["HarmEst", h.estimate, want.HarmEst], ["SE_HarmEst", h.se, want.SE_HarmEst], ["Z", h.z, want.Z], ["LowCI", h.lower, want.LowCI], ["HighCI", h.upper, want.HighCI]]) {
    worstWdd = Math.max(worstWdd, close(got, exp, WDD_ABS, `harm ${what}`));
  }
  assert.ok(nRate >= 27, `only ${nRate} rate tests`);
  console.log(`ref_followup: ${rows.length} cases, WDD max |diff| ${worstWdd.toExponential(2)}; ${nRate} rate tests, max rel diff ${worstRate.toExponential(2)}`);
});

test("testPoisson2indep and rateRatio match statsmodels on every case (rates_statsmodels.json)", () => {
  const g = golden("rates_statsmodels.json");
  let worst = 0;
  let n = 0;
  for (const c of g.two_rate) {
    for (const [method, want] of Object.entries(c.tests)) {
      const got = est.testPoisson2indep(c.c1, c.e1, c.c2, c.e2, method);
      assert.equal(got.method, method);
      const abs = method.startsWith("etest") ? ETEST_ABS : 0;
      const d = Math.abs(got.p - want.pvalue);
      assert.ok(d <= RATE_REL * want.pvalue + abs, `(${c.c1}, ${c.e1}, ${c.c2}, ${c.e2}) ${method} p: ${got.p} vs ${want.pvalue}`);
      if (!abs) worst = Math.max(worst, rel(got.p, want.pvalue));
      if (want.statistic === null) assert.ok(Number.isNaN(got.statistic));
      else assert.ok(rel(got.statistic, want.statistic) <= RATE_REL, `${method} statistic`);
      n++;
    }
    for (const ci of c.ci) {
      for (const [key, method] of [["wald_log", "wald-log"], ["score", "score"], ["exact", "exact"]]) {
        if (!(key in ci)) continue;
        const got = est.rateRatio(c.c1, c.e1, c.c2, c.e2, method, ci.alpha);
        assert.equal(got.method, method);
        assert.equal(got.alpha, ci.alpha);
        const abs = key === "score" ? SCORE_CI_ABS : 0;
        ["lower", "upper"].forEach((k, j) => {
          const want = ci[key][j];
          if (want === 0 || want === null) {
            assert.equal(got[k], want === null ? Infinity : 0, `${key} ${k}`);
            return;
          }
          assert.ok(Math.abs(got[k] - want) <= RATE_REL * Math.abs(want) + abs, `(${c.c1}, ${c.e1}, ${c.c2}, ${c.e2}) ${key} ${k}: ${got[k]} vs ${want}`);
          if (!abs) worst = Math.max(worst, rel(got[k], want));
        });
        n++;
      }
    }
  }
  assert.ok(n > 200, `${n} comparisons`);
  console.log(`two-rate tests and intervals: ${n} cases, max relative difference ${worst.toExponential(2)}`);
  // Defaults: score test; exact interval.
  assert.equal(est.testPoisson2indep(30, 1, 50, 1).method, "score");
  assert.equal(est.rateRatio(30, 1, 50, 1).method, "exact");
  throwsEst(() => est.testPoisson2indep(0, 1, 0, 1), "StatsError", "STATS_UNDEFINED");
  throwsEst(() => est.testPoisson2indep(1, 0, 2, 1), "StatsError", "STATS_INVALID_INPUT");
  throwsEst(() => est.testPoisson2indep(1.5, 1, 2, 1), "StatsError", "STATS_INVALID_INPUT");
  throwsEst(() => est.testPoisson2indep(1, 1, 2, 1, "t-test"), "StatsError", "STATS_UNKNOWN_METHOD");
  throwsEst(() => est.rateRatio(0, 4, 6, 8, "wald-log"), "StatsError", "STATS_UNDEFINED");
  throwsEst(() => est.rateRatio(1, 4, 6, 8, "exact", 1.5), "StatsError", "STATS_INVALID_ALPHA");
});

// ---- registry, evaluation ----------------------------------------------------------------

test("Registry: the valid fixture round-trips; descriptions never reach the public JSON", () => {
  const text = fixtureText("interventions_valid.json");
  const tax = est.Taxonomy.default();
  const r = est.Registry.fromJson(text, tax);
  assert.equal(tax.length > 0, true, "the taxonomy stays usable");
  assert.equal(r.schema, "est.interventions/1");
  assert.equal(r.crs, 3006);
  assert.equal(r.length, 3);
  assert.equal(r.places.length, 6);
  assert.equal(r.places[1].geometry.coordinates.length, 2, "a polygon with a hole");
  assert.equal(r.places[4].geometry.type, "MultiPolygon");
  const i2 = r.intervention("2026-02");
  assert.equal(i2.bufferM, 300);
  assert.equal(i2.end, "2026-09-27");
  assert.deepEqual(i2.categories, ["Stöld", "narkotika"]);
  assert.equal(r.interventions[0].goalIrr, 0.7);
  const json = r.toJson();
  assert.ok(json.includes("Intern anteckning"));
  assert.deepEqual(JSON.parse(est.Registry.fromJson(json).toJson()), JSON.parse(json));
  const pub = r.toPublicJson();
  assert.ok(!pub.includes("Intern anteckning"));
  r.validate();
  r.validate(tax);
  throwsEst(() => r.intervention("2099-99"), "FollowupError", "FOLLOWUP_UNKNOWN_INTERVENTION");
});

test("Registry: every problem of the invalid fixture is listed with its path and code", () => {
  const err = throwsEst(() => est.Registry.fromJson(fixtureText("interventions_invalid.json")), "FollowupError", "FOLLOWUP_INVALID_REGISTRY");
  const got = err.details.issues.map((i) => [i.path, i.code]);
  assert.deepEqual(got.slice(0, 4), [
    ["schema", "REGISTRY_SCHEMA_VERSION"],
    ["kommentar", "REGISTRY_UNKNOWN_FIELD"],
    ["places[1].name", "REGISTRY_DUPLICATE_PLACE"],
    ["places[2].name", "REGISTRY_EMPTY_VALUE"],
  ]);
  assert.ok(got.length >= 30, `${got.length} issues`);
  assert.ok(got.some(([p, c]) => p === "interventions[1].start" && c === "REGISTRY_BAD_DATE"));
  for (const i of err.details.issues) for (const k of ["path", "value", "message", "code"]) assert.equal(typeof i[k], "string");
  const notJson = throwsEst(() => est.Registry.fromJson("{"), "FollowupError", "FOLLOWUP_INVALID_REGISTRY");
  assert.equal(notJson.details.issues[0].code, "REGISTRY_JSON");
});

/** A square [cx ± h] × [cy ± h]. */
const square = (cx, cy, h) => ({
  contains: (x, y) => x >= cx - h && x <= cx + h && y >= cy - h && y <= cy + h,
  distance: (x, y) => Math.hypot(Math.max(cx - h - x, 0, x - cx - h), Math.max(cy - h - y, 0, y - cy - h)),
});

test("evaluate: the sample town's counts equal an independent count; recommend reads them", () => {
  const town = est.readIncidents(fixtureText("sample_town_2k_seed7.csv"), { crs: 3006, now: "2100-01-01T00:00:00Z" });
  const reg = est.Registry.fromJson(fixtureText("interventions_valid.json"));
  const asOf = "2026-11-23T00:00:00+01:00";
  const e = est.evaluate(reg, "2026-01", town, { asOf });
  const tax = est.Taxonomy.default();
  const cats = town.categories;
  const t = town.times;
  const x = town.x;
  const y = town.y;
  /** (before, after) counts of the evaluation's categories in `area`. */
  const count = (area, ev = e) => {
    const out = [0, 0];
    for (let i = 0; i < town.length; i++) {
      if (!ev.categories.includes(tax.resolve(cats[i]))) continue;
      if (!area(x[i], y[i])) continue;
      if (t[i] >= ev.before.start && t[i] < ev.before.end) out[0]++;
      else if (t[i] >= ev.after.start && t[i] < ev.after.end) out[1]++;
    }
    return out;
  };
  const torget = square(660250, 6609850, 240);
  const omgivning = square(660250, 6609850, 640);
  const vastra = [square(657500, 6609000, 800), square(657500, 6611500, 600)];
  const tc = count((x, y) => torget.contains(x, y));
  assert.deepEqual([e.target.before, e.target.after], tc);
  assert.ok(tc[0] + tc[1] > 20);
  assert.deepEqual([e.buffer.before, e.buffer.after], count((x, y) => omgivning.contains(x, y) && !torget.contains(x, y)));
  assert.deepEqual([e.control.before, e.control.after], count((x, y) => vastra.some((s) => s.contains(x, y))));
  assert.equal(e.after.start, Date.parse("2026-05-04T00:00:00+02:00"));
  assert.equal(e.after.end, Date.parse(asOf));
  assert.equal(e.intervention.description, undefined);
  assert.equal(e.goalIrr, 0.7);
  assert.ok("value" in e.irrTarget || "undefined" in e.irrTarget);
  assert.ok(e.paramsUsed.some((p) => p.name === "as_of"));
  // A ring buffer and the default control.
  const e2 = est.evaluate(reg, "2026-02", town, { asOf });
  const rese = square(659700, 6610200, 270);
  assert.deepEqual([e2.target.before, e2.target.after], count((x, y) => rese.contains(x, y), e2));
  assert.deepEqual([e2.buffer.before, e2.buffer.after], count((x, y) => !rese.contains(x, y) && rese.distance(x, y) <= 300, e2));
  assert.deepEqual([e2.control.before, e2.control.after], count((x, y) => rese.distance(x, y) > 300, e2));
  assert.equal(e2.after.end, Date.parse("2026-09-28T00:00:00+02:00"));
  assert.equal(e2.buffer.name, null);
  // The recommendation reads exactly these numbers.
  const r = est.recommend(e2, { problemPersists: true, nearbyEmerging: 1 });
  assert.deepEqual(r.inputs.numbers.target, [e2.target.before, e2.target.after]);
  assert.deepEqual(r.inputs.numbers.buffer, [e2.buffer.before, e2.buffer.after]);
  assert.equal(r.inputs.numbers.afterDays, e2.after.days);
  assert.equal(r.inputs.goalSource, "params");
  assert.equal(est.recommend(e, {}).inputs.goalSource, "registry");
  // Without asOf: the end of the data.
  const e3 = est.evaluate(reg, "2026-01", town);
  assert.equal(e3.after.end, Math.max(...t) + 1000);
  throwsEst(() => est.evaluate(reg, "nope", town, { asOf }), "FollowupError", "FOLLOWUP_UNKNOWN_INTERVENTION");
  throwsEst(() => est.evaluate(reg, "2026-01", town, { asOf, alpha: 2 }), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
  throwsEst(() => est.evaluate(reg, "2026-01", town, { asOf: "2026-01-01T00:00:00Z" }), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
});

// ---- recommendation: every rule and every outcome ------------------------------------------

/** 13 weeks before and after. */
const quarter = (target, control, extra = {}) => ({ target, control, beforeDays: 91, afterDays: 91, ...extra });

test("recommend: one case per rule R0–R8 (method reference §9.8), every outcome", () => {
  const cases = [
    ["R0", "continue", quarter([5, 3], [300, 310]), false, 0],
    ["R0", "continue", { target: [120, 40], control: [400, 410], beforeDays: 56, afterDays: 56 }, false, 0],
    ["R1", "change", quarter([40, 90], [300, 310]), false, 0],
    ["R2", "change", quarter([100, 50], [400, 400], { buffer: [100, 170] }), false, 0],
    ["R3", "end", quarter([200, 116], [500, 500]), false, 0],
    ["R4", "expand", quarter([100, 50], [400, 400], { buffer: [150, 90] }), true, 0],
    ["R4", "expand", quarter([100, 50], [400, 400]), true, 2],
    ["R5", "continue", quarter([1000, 860], [2000, 2000]), false, 0],
    ["R6", "continue", quarter([30, 22], [300, 300]), true, 0],
    ["R7", "end", quarter([30, 33], [300, 300]), false, 0],
    ["R8", "change", quarter([30, 33], [300, 300]), true, 0],
  ];
  const labels = { continue: "fortsätt", expand: "utvidga", change: "ändra", end: "avsluta" };
  for (const [rule, suggestion, numbers, problemPersists, nearbyEmerging] of cases) {
    const r = est.recommendFromNumbers(numbers, { problemPersists, nearbyEmerging });
    assert.equal(r.ruleId, rule, JSON.stringify(numbers));
    assert.equal(r.suggestion, suggestion);
    assert.equal(r.labelSv, labels[suggestion]);
    assert.equal(r.labelEn, suggestion);
    assert.ok(r.reasonsSv.length > 0 && r.reasonsEn.length === r.reasonsSv.length);
    assert.deepEqual(est.recommend(numbers, { problemPersists, nearbyEmerging }), r);
  }
  assert.deepEqual(new Set(cases.map((c) => c[1])), new Set(["continue", "expand", "change", "end"]));
  // R0's reasons, R2's displacement, R3's sentence with the interval.
  const r0 = est.recommendFromNumbers(quarter([5, 3], [300, 310]));
  assert.ok(r0.tooFewIncidents && r0.reasonsSv[0].includes("8 i målområdet") && r0.reasonsSv[0].includes("minst 10"));
  const r2 = est.recommendFromNumbers(quarter([100, 50], [400, 400], { buffer: [100, 170] }));
  assert.equal(r2.evidence, "reduction");
  assert.equal(r2.buffer, "displacement");
  assert.ok(r2.wdd.value.upper >= 0);
  const r3 = est.recommendFromNumbers(quarter([200, 116], [500, 500]));
  assert.equal(r3.irrTarget.ci, "waldLog");
  close(r3.irrTarget.irr, 0.58, 1e-12, "IRR");
  assert.match(r3.reasonsEn[0], /^Incidents in the target area fell by 42 % \(IRR 0\.58; 95 % CI 0\.\d\d–0\.\d\d\) relative to the control area\.$/);
  assert.match(r3.reasonsSv[0], /^Händelserna i målområdet minskade med 42 % \(IRR 0,58; 95 % KI 0,\d\d–0,\d\d\)/);
  // The registry's goal replaces the default.
  const r5 = est.recommendFromNumbers(quarter([200, 116], [500, 500], { goalIrr: 0.5 }));
  assert.deepEqual([r5.ruleId, r5.inputs.goalSource], ["R5", "registry"]);
  // Every threshold is a parameter.
  assert.notEqual(est.recommendFromNumbers(quarter([5, 3], [300, 310]), {}, { minEvents: 5 }).ruleId, "R0");
  throwsEst(() => est.recommendFromNumbers(quarter([5, 3], [300, 310]), {}, { goalIrr: 1.5 }), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
  throwsEst(() => est.recommendFromNumbers(quarter([5, 3], [300, 310]), { persists: true }), "OptionsError", "INVALID_OPTION");
  throwsEst(() => est.recommendFromNumbers({ target: [1, 2], control: [3, 4], beforeDays: 0, afterDays: 7 }), "FollowupError", "FOLLOWUP_INVALID_PARAMETER");
});
