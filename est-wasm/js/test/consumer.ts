// Type-checked by types.test.mjs (tsc --noEmit --strict): a consumer of the published API.
import * as est from "est-wasm";
import { EstError, Incidents, Taxonomy, readIncidents, sampleTown, transform } from "est-wasm";
import type { ReadOptions, RowError, TransformResult } from "est-wasm";

const v: string = est.version;
const options: ReadOptions = { crs: 3006, onError: "collect", now: new Date(), decimal: "comma" };
const inc: Incidents = readIncidents("id,time,category,x,y\n", options);
const n: number = inc.length;
const xs: Float64Array = inc.x;
const ids: string[] = inc.ids;
const errors: RowError[] = inc.errors;
const lines: number[] = errors.map((e) => e.line);
const wgs: Incidents = sampleTown(10, 1, { weeks: 20 }).toCrs("EPSG:4326");
const t: TransformResult = transform([18.06], new Float64Array([59.33]), 4326, "EPSG:3006");
const e0: number = t.x[0] + wgs.y[0] + n + xs.length + ids.length + lines.length;
const code: string = Taxonomy.default().resolve("klotter");
const parent: string | null = new Taxonomy().categories[0].parent;
const polisen: string | null = new Taxonomy().polisenCategory("Stöld");

try {
  readIncidents("x", { crs: "EPSG:3006" });
} catch (e) {
  if (e instanceof EstError) {
    const name: est.EstErrorName = e.name;
    const rows: RowError[] | undefined = e.details.errors;
    console.log(name, e.code, rows?.length, v, e0, code, parent, polisen);
  }
}

// Wrong argument types are rejected:
// @ts-expect-error: coordinates must be numbers, not strings
transform(["18.06"], [59.33], 4326, 3006);
// @ts-expect-error: onError is "raise" | "collect"
readIncidents("", { onError: "ignore" });
// @ts-expect-error: unknown option name
readIncidents("", { onErorr: "collect" });
// @ts-expect-error: sampleTown needs a seed
sampleTown(10);

// Grids, study areas, the spatial index, GeoJSON / polisen.se and the lägesbild.
import { Grid, IncidentIndex, Lagesbild, StudyArea, autoCellSize, lagesbild, readGeoJSON, readPolisenJSON } from "est-wasm";
import type { CellCounts, ClipMode, GridOptions, LagesbildPeriod, NearestResult, ParamUsed } from "est-wasm";

const town: Incidents = sampleTown(500, 1);
const gopts: GridOptions = { cellSize: 250, shape: "hexagon", maxCells: 1e6 };
const grid: Grid = Grid.forIncidents(town, gopts);
const g2: Grid = Grid.fromPoints(town.x, Array.from(town.y), 3006);
const g3: Grid = Grid.fromExtent(670000, 6580000, 672000, 6581000, "EPSG:3006", { cellSize: 100 });
const area: StudyArea = StudyArea.fromGeoJSON("{}", { crs: 4326, target: 3006 });
const mode: ClipMode = "centroidInside";
const clipped: Grid = grid.clip(area, mode);
const clipMode: ClipMode | null = clipped.clipMode;
const cell: number | undefined = grid.cellOf(674000, 6580000);
const counts: CellCounts = grid.countsFor(town);
const weighted: CellCounts = grid.counts(town.x, town.y, town.weights);
const perCell: Float64Array = counts.counts;
const cells: Uint32Array = grid.cells;
const fractions: Float64Array = clipped.insideFraction;
const params: ParamUsed[] = grid.paramsUsed;
const rule: string | undefined = params[0].rule;
const source: "user" | "default" | "auto" = params[0].source;
const shape: "square" | "hexagon" = grid.shape;
const centres: { x: Float64Array; y: Float64Array } = grid.centroids();
const gj: string = grid.toGeoJSON({ n: counts.counts, share: [0.5] });
const dims: number = grid.ncol * grid.nrow + grid.nCells + grid.cellSize + grid.origin.x + grid.crs + autoCellSize(5000, 4000);
const index: IncidentIndex = new IncidentIndex(town);
const near: NearestResult = IncidentIndex.fromPoints([1, 2], [3, 4]).nearest(0, 0, 1);
const rows: Uint32Array = index.withinRadius(674000, 6580000, 100);
const inBox: Uint32Array = index.inBbox(0, 0, 1, 1);
const inArea: Uint32Array = index.inPolygon(area);
const fromGj: Incidents = readGeoJSON(town.toGeoJSON({ includeIds: true, includeText: false }), { onError: "collect", now: Date.now() });
const pol: Incidents = readPolisenJSON("[]", { now: new Date() });
const skipped: number = pol.skipped + pol.dstGap + pol.dstOverlap + pol.report.skipped;
const lb: Lagesbild = lagesbild(town, { title: "Lägesbild", periodEnd: "2026-11-22", periodWeeks: 2, language: "en", shape: "square" });
const period: LagesbildPeriod = lb.period;
const week: string = period.isoWeek;
const html: string = lb.toHtml() + lb.toJson();
const lbGrid: Grid = lb.grid;
const nCurrent: number = lb.nCurrent + lb.warnings.length;
console.log(g2, g3, clipMode, cell, weighted, perCell, cells, fractions, rule, source, shape, centres, gj, dims,
  near.rows, near.distances, rows, inBox, inArea, fromGj, skipped, week, html, lbGrid, nCurrent);

// @ts-expect-error: clip modes are camelCase ("centroidInside")
grid.clip(area, "centroid_inside");
// @ts-expect-error: shape is "square" | "hexagon"
Grid.forIncidents(town, { shape: "triangle" });
// @ts-expect-error: unknown grid option
Grid.forIncidents(town, { cellsize: 100 });
// @ts-expect-error: language is "sv" | "en"
lagesbild(town, { language: "de" });
// @ts-expect-error: periodEnd is a "YYYY-MM-DD" string
lagesbild(town, { periodEnd: new Date() });
// @ts-expect-error: toGeoJSON columns are numbers
grid.toGeoJSON({ n: ["1"] });
// @ts-expect-error: nearest needs k
index.nearest(0, 0);

// Hotspots: weights, Gi*, Moran, General G, KDE, multiple testing and the one-call map.
import { HotspotMap, SpatialWeights, adjustPValues, bandwidth, esdaFdr, generalG, hotspots, kde, localG, localMoran, moran } from "est-wasm";
import type { GeneralGResult, KdeResult, LocalGOptions, LocalGResult, LocalMoranResult, MoranResult, HotspotOptions } from "est-wasm";

const sw: SpatialWeights = SpatialWeights.gridContiguity(grid, "rook", { selfWeight: true, style: "binary" });
const sw2: SpatialWeights = SpatialWeights.distanceBand([0, 1, 2], new Float64Array([0, 0, 0]), 1.5, { style: "row" });
const sw3: SpatialWeights = SpatialWeights.knn([0, 1, 2], [0, 0, 0], 1);
const card: Uint32Array = sw.cardinalities;
const isl: Uint32Array = sw2.islands;
const nUnits: number = sw3.n + card.length + isl.length;
const lgo: LocalGOptions = { distance: 500, star: true, binary: false, permutations: 99, seed: 2n ** 60n, ties: "esda", alternative: "folded" };
const lg: LocalGResult = localG([1, 2, 3], [0, 1, 2], [0, 0, 0], lgo);
const lgW: LocalGResult = localG(new Float64Array(3), null, null, { weights: sw, seed: 7 });
const pSimG: Float64Array | null = lg.pSim;
const undef: Uint32Array = lgW.undefinedUnits;
const gg: GeneralGResult = generalG([1, 2, 3, 4], [0, 1, 2, 3], [0, 0, 0, 0], { distance: 1.5 });
const ggp: number | null = gg.pSim;
const mi: MoranResult = moran([1, 2, 3, 4], [0, 1, 2, 3], [0, 0, 0, 0], { distance: 1.5, rowStandardise: false });
const lmi: LocalMoranResult = localMoran([1, 2, 3, 4], [0, 1, 2, 3], [0, 0, 0, 0], { weights: sw, significance: 0.01 });
const quads: Int8Array = lmi.quadrants;
const surf: KdeResult = kde(town.x, town.y, { grid, kernel: "gaussian", bandwidth: "silverman", adjust: 0.8, gaussianCutoff: Infinity });
const dens: Float64Array = surf.densityPerKm2;
const h: number = bandwidth(town.x, town.y, "esri", "quartic") + esdaFdr([0.01, 0.2], 0.05) + ggp! + mi.i;
const adj: Float64Array = adjustPValues([0.01, 0.2], "fdr_by");
const hopts: HotspotOptions = { cellSize: 250, shape: "hexagon", neighbourhood: 400, kernel: "quartic", bandwidth: 600, permutations: 999, seed: 1, adjustment: "holm", classP: "analytic" };
const hm: HotspotMap = hotspots(town, hopts);
const hmGrid: Grid = hm.grid;
const cls: Int8Array = hm.classes;
const cc: Uint32Array = hm.classCounts;
const hmPSim: Float64Array | null = hm.pSim;
const hmGeo: string = hm.toGeoJSON();
const hmCols: Float64Array[] = [hm.counts, hm.densityPerKm2, hm.expected, hm.z, hm.p, hm.pAdjusted];
const hmParams: ParamUsed[] = hm.paramsUsed;
console.log(sw, nUnits, pSimG, undef, quads, dens, h, adj, hmGrid, cls, cc, hmPSim, hmGeo, hmCols, hmParams, hm.warnings);

// @ts-expect-error: adjustment names are statsmodels' ("fdr_bh"), not "BH"
adjustPValues([0.01], "BH");
// @ts-expect-error: localG needs options (the neighbours)
localG([1, 2, 3], [0, 1, 2], [0, 0, 0]);
// @ts-expect-error: ties is "atLeastAsExtreme" | "esda"
localG([1, 2, 3], [0, 1, 2], [0, 0, 0], { distance: 1, ties: "mid" });
// @ts-expect-error: weights must be SpatialWeights, not a grid
localG([1, 2, 3], null, null, { weights: grid });
// @ts-expect-error: kde needs a grid
kde(town.x, town.y, { bandwidth: 600 });
// @ts-expect-error: unknown kernel
kde(town.x, town.y, { grid, kernel: "cosine" });
// @ts-expect-error: neighbourhood is "queen" | "rook" | number
hotspots(town, { neighbourhood: "bishop" });
// @ts-expect-error: classes are an Int8Array
const badClasses: Float64Array = hm.classes;
// @ts-expect-error: contiguity is "queen" | "rook"
SpatialWeights.gridContiguity(grid, "king");

// Accuracy, concentration, counts, dual KDE and rate smoothing.
import { concentrationCurve, counts as countsOf, countsPerArea, dualKde, empiricalBayes, gini, paiCurve, rawRates, recaptureRateIndex, spatialEmpiricalBayes, spatialRate, topShare } from "est-wasm";
import type { ConcentrationCurve, CountsOptions, DualKdeOptions, DualKdeResult, DualMeasure, Gini, PaiCurve, PointSet, SelectionOptions } from "est-wasm";

const pc: PaiCurve = paiCurve([6, 3, 0], new Float64Array([3, 2, 1]), [1, 1, 1]);
const pcOrder: Uint32Array = pc.order;
const pcCols: Float64Array[] = [pc.areaShare, pc.hitRate, pc.pai, pc.pei, pc.predObsRatio];
const gi: Gini = gini([10, 8, 2, 0]);
const giNums: number = gi.gini + gi.giniUnbiased + gi.generalised + gi.generalisedUnbiased;
const rri: number = recaptureRateIndex(20, 30, 100, 300) + topShare(new Float64Array([1, 2]), 0.5);
const lc: ConcentrationCurve = concentrationCurve([3, 1]);
const lcCols: Float64Array[] = [lc.unitShare, lc.eventShare];
const copts: CountsOptions = { grid, categories: ["skadegörelse"], start: new Date(0), end: "2026-01-01T00:00:00+01:00", weighted: true };
const cellCounts: CellCounts = countsOf(town, copts);
const sel: SelectionOptions = { categories: ["klotter"], start: 0 };
const perArea: Record<string, number> = countsPerArea(town, { centrum: area }, sel);
const perArea2: Record<string, number> = countsPerArea(town, { centrum: area });
const ps: PointSet = { xs: town.x, ys: [0], weights: town.weights };
const measure: DualMeasure = "relativeRisk";
const dko: DualKdeOptions = { grid, measure, kernel: "quartic", bandwidth: "nrd", adjust: 1.2, floor: 1e-9 };
const dk: DualKdeResult = dualKde(ps, { xs: town.x, ys: town.y }, dko);
const dkVals: Float64Array = dk.values;
const dkH: number = dk.bandwidthM + dk.floor;
const dkMeasure: DualMeasure = dk.measure;
const rates: Float64Array[] = [rawRates([1], [10]), empiricalBayes([1], new Float64Array([10])), spatialRate([1], [10], sw), spatialEmpiricalBayes([1], [10], sw)];
const accErr: est.EstErrorName = "AccuracyError";
console.log(pcOrder, pcCols, giNums, rri, lcCols, cellCounts, perArea, perArea2, dkVals, dkH, dkMeasure, rates, accErr);

// @ts-expect-error: counts needs the grid
countsOf(town, { categories: ["klotter"] });
// @ts-expect-error: categories are strings
countsOf(town, { grid, categories: [1] });
// @ts-expect-error: areas are StudyArea instances
countsPerArea(town, { centrum: grid });
// @ts-expect-error: unknown dual measure
dualKde(ps, ps, { grid, measure: "odds" });
// @ts-expect-error: a point set needs ys
dualKde({ xs: [1] }, ps, { grid });
// @ts-expect-error: spatialRate needs SpatialWeights
spatialRate([1], [10], grid);
// @ts-expect-error: a PAI curve's order is a Uint32Array
const badOrder: Float64Array = pc.order;

// The time dimension: periods, cubes, Mann–Kendall, emerging hot spots, Chainey, change, early
// warning, the scan, Knox and temporal profiles.
import {
  TemporalProfile, aoristicProfile, barsSvg, chainey, change, changeForGrid, classifyChainey, classifyPattern,
  cube, earlyWarning, earlyWarningForAreas, emergingHotspots, emergingPatterns, isoWeek, knox, knoxIncidents,
  mannKendall, mannKendallCube, midpointBoundary, periods, profile, profileSvg, scan, senSlopeCi, spaceTimeScan,
  weeksEnding,
} from "est-wasm";
import type {
  Alert, ChaineyClass, ChaineyResult, ChangeResult, CubeLike, EarlyWarningResult, EmergingPattern, EmergingResult,
  KnoxOptions, KnoxResult, MannKendallCubeResult, MannKendallResult, MonthYearTable, NamedAreas, PatternInfo,
  PeriodBin, Periods, ScanCluster, ScanResult, SlopeInterval, SpaceTimeCube, TrendDirection, UnitChange, WeeklyTable,
} from "est-wasm";

const terts: Periods = periods("tertial", "2026-01-01T00:00:00+01:00", new Date("2026-11-01"));
const bin: PeriodBin = terts.bins[0];
const wk: Periods = weeksEnding(Date.now(), 8);
const [isoYear, isoWk]: [number, number] = isoWeek("2025-01-05T23:30:00Z");
const custom: Periods = periods({ lengthDays: 28, origin: "2026-01-05T00:00:00+01:00" }, 0, 1);
const stc: SpaceTimeCube = cube(town, grid, { period: "month", categories: ["klotter"], locations: "withIncidents" });
const areas: NamedAreas = { Torget: area, Park: { type: "Polygon", coordinates: [[[18, 59], [18.1, 59], [18, 59.1], [18, 59]]] } };
const areaCube: SpaceTimeCube = cube(town, areas, { period: "vecka", start: 0, end: Date.now(), weighted: true });
const stcCells: Uint32Array | null = stc.cellIds;
const mk: MannKendallResult = mannKendall([1, 2, 3, 4], 0.1);
const dir: TrendDirection = mk.trend;
const mkNums: number = mk.p + mk.z + mk.tau + mk.s + mk.varS + mk.slope + mk.intercept + mk.n;
const mkc: MannKendallCubeResult = mannKendallCube(stc.counts, stc.nLocations, stc.nPeriods);
const mkTrend: Int8Array = mkc.trend;
const slopeCi: SlopeInterval = senSlopeCi(new Float64Array([1, 2, 3, 5]));
const own: CubeLike = { counts: [1, 2, 3, 4, 5, 6], nLocations: 2, labels: ["a", "b"] };
const ehsa: EmergingResult = emergingHotspots(stc, sw, { timeSteps: 2, alphaBin: 0.1, alphaTrend: 0.05, adjustment: "fdr_bh" });
const ehsa2: EmergingResult = emergingHotspots(own, sw);
const pat: EmergingPattern = ehsa.patterns[0];
const nNew: number = ehsa.counts.newHot + ehsa2.nTested;
const pinfo: PatternInfo = classifyPattern([false, true], new Uint8Array([0, 0]), true);
const allPatterns: PatternInfo[] = emergingPatterns();
const ch: ChaineyResult = chainey(stc, sw, { hotspotProp: 0.1, recentProp: 0.25, acrossPeriods: "holm" });
const chCls: ChaineyClass[] = classifyChainey(ch.sigHot, [false, true], stc.nPeriods, { persistentProp: 0.7 });
const chg: ChangeResult = change([1, 2], new Float64Array([3, 4]), { lengthBefore: 181, lengthAfter: 184, method: "exact-cond", labels: ["a", "b"] });
const unit: UnitChange = chg.units[0];
const chg2: ChangeResult = changeForGrid(town, grid, { boundary: midpointBoundary(town) ?? 0, categories: ["stold"], method: "etest-wald" });
const chg3: ChangeResult = changeForGrid(town, grid, { before: [0, 1], after: [1, new Date()] });
const table: WeeklyTable = { places: ["A"], categories: ["stold"], weeks: ["2026-W01", "2026-W02"], counts: [1, NaN] };
const ew: EarlyWarningResult = earlyWarning(table, { method: "negativeBinomial", seasonal: { years: 3, halfWidthWeeks: 2 }, taxonomy: Taxonomy.default() });
const ew2: EarlyWarningResult = earlyWarningForAreas(town, areas, { week: Date.now(), categories: ["klotter"], seasonal: true });
const alert: Alert | undefined = ew.alerts[0];
const sentence: string = alert?.sentenceSv ?? ew2.week;
const sc: ScanResult = scan(town, grid, { maxRadiusM: 500, maxDays: 7, studyDays: null, permutations: 99, seed: 1n, categories: ["inbrott"] });
const cluster: ScanCluster | undefined = sc.clusters[0];
const sc2: ScanResult = spaceTimeScan([0, 100], [0, 0], [0, 1, 1], [20000, 20001, 20001], { prospective: false });
const kopts: KnoxOptions = { spaceBands: [0, 100, 200], timeBands: [0, 7, Infinity], metric: "euclidean", permutations: 99, seed: 5 };
const kx: KnoxResult = knox(town.x, town.y, [0, 1], kopts);
const kObs: number[][] = kx.observed;
const kxi: KnoxResult = knoxIncidents(town, { categories: ["inbrott"], start: "2026-01-01T00:00:00+01:00" });
const prof: TemporalProfile = profile(town, { categories: ["klotter"], weighted: true });
const hw: Float64Array = prof.hourWeekday;
const my: MonthYearTable = prof.monthYear;
const win: [number, number] | null = prof.exposureWindow;
const ao: TemporalProfile = aoristicProfile([0], new Float64Array([3_600_000]), { method: "equal", capHours: 24 });
const svgs: string = profileSvg(prof) + profileSvg(ao, "en", "yearWheel") + barsSvg("Per vecka", ["v1"], [3], "sv");
console.log(bin, wk, isoYear, isoWk, custom, areaCube, stcCells, dir, mkNums, mkTrend, slopeCi, pat, nNew, pinfo, allPatterns,
  chCls, unit, chg2, chg3, sentence, cluster, sc2, kObs, kxi, hw, my, win, svgs);

// @ts-expect-error: period names are English or Swedish words, not "P1W"
periods("P1W", 0, 1);
// @ts-expect-error: locations is "all" | "withIncidents"
cube(town, grid, { locations: "busy" });
// @ts-expect-error: mannKendall takes numbers
mannKendall(["1", "2", "3"]);
// @ts-expect-error: emergingHotspots needs weights
emergingHotspots(stc);
// @ts-expect-error: patterns are camelCase ("newHot")
const badPattern: EmergingPattern = "new_hot";
// @ts-expect-error: knox metric is "manhattan" | "euclidean"
knox([0], [0], [0], { metric: "chebyshev" });
// @ts-expect-error: Knox tables are arrays of rows
const badObs: Float64Array = kx.observed;
// @ts-expect-error: exceedance methods are camelCase
earlyWarning(table, { method: "exact_conditional" });
// @ts-expect-error: unknown chart
profileSvg(prof, "sv", "polar");

// Two-rate tests, follow-up and the public export.
import {
  PublicExport, Registry, did2x2, didPanel, evaluate, grossNetEffect, publicExport, rateRatio, recommend,
  recommendFromNumbers, relativeIrr, testPoisson2indep, tne, wdd, wddHarm, wdq,
} from "est-wasm";
import type {
  Defined, DidResult, Evaluation, FollowupNumbers, GrossNetResult, Intervention, PublicCell, RateRatioResult,
  Recommendation, RelativeIrr, Suggestion, TneResult, TwoRateTestResult, WddHarmResult, WddResult, WdqReading, WdqResult,
} from "est-wasm";

const tr: TwoRateTestResult = testPoisson2indep(30, 1, 50, 1, "etest-wald");
const tr2: TwoRateTestResult = testPoisson2indep(30, 1, 50, 1);
const rr: RateRatioResult = rateRatio(0, 4, 6, 8, "wald-log", 0.1);
const rr2: RateRatioResult = rateRatio(0, 4, 6, 8);
const q: WdqResult = wdq(100, 60, 80, 70, 400, 380);
const reading: WdqReading = q.reading;
const tn: TneResult = tne(100, 60, 80, 70, 400, 380);
const gn: GrossNetResult = grossNetEffect(100, 60, 400, 380);
const wd: WddResult = wdd([308, 318], [207, 110], { dispControl: [150, 140], dispTreated: [178, 157], timeWeights: [1, 1], areaWeights: [1, 1, 1, 1], alpha: 0.1 });
const wh: WddHarmResult = wddHarm([wd.estimate], [wd.se], [3]);
const dd: DidResult = did2x2(207, 110, 308, 318, 0.05);
const dp: DidResult = didPanel([1, 2, 3, 4], [0, 0, 1, 1], [0, 1, 0, 1], [false, false, false, true], { exposure: [1, 1, 1, 1], overdispersion: true });
const ri: RelativeIrr = relativeIrr(200, 116, 500, 500, { ci: "auto", exactBelow: 10 });
const reg: Registry = Registry.fromJson("{}", Taxonomy.default());
const reg2: Registry = Registry.fromJson("{}");
reg.validate();
const iv: Intervention = reg.intervention("2026-01");
const goal: number | undefined = iv.goalIrr;
const ev: Evaluation = evaluate(reg, "2026-01", town, { asOf: "2026-11-23T00:00:00+01:00", alpha: 0.1, studyArea: "Tätorten", exactBelow: 5 });
const evWdd: Defined<WddResult> = ev.wdd;
const evWddValue: number | undefined = "value" in evWdd ? evWdd.value.estimate : undefined;
const nums: FollowupNumbers = { target: [100, 60], control: [400, 380], buffer: [80, 70], beforeDays: 91, afterDays: 91, goalIrr: 0.8 };
const rec: Recommendation = recommend(ev, { problemPersists: true, nearbyEmerging: 2 }, { minFollowupWeeks: 8, goalIrr: 0.7 });
const rec2: Recommendation = recommendFromNumbers(nums);
const sug: Suggestion = rec.suggestion;
const px: PublicExport = publicExport(town, "2026-W47", { k: 5, cellSizeM: 500, groups: true, area });
const pcell: PublicCell | undefined = px.cells[0];
const pxOut: string = px.toJson() + px.toGeoJson() + px.week + px.monday + px.noteSv;
const pxNums: number = px.suppressedCells + px.publishedTotal + px.k + px.cellSizeM + reg2.length;
console.log(tr, tr2, rr, rr2, reading, tn, gn, wh, dd, dp, ri, goal, evWddValue, rec2, sug, pcell, pxOut, pxNums);

// @ts-expect-error: unknown two-rate method name
testPoisson2indep(1, 1, 2, 1, "t-test");
// @ts-expect-error: rate-ratio intervals are statsmodels' names ("wald-log")
rateRatio(1, 1, 2, 1, "waldLog");
// @ts-expect-error: wdd counts are [before, after]
wdd(308, 318);
// @ts-expect-error: a suggestion is continue | expand | change | end
const badSug: Suggestion = "stop";
// @ts-expect-error: publicExport's option is cellSizeM
publicExport(town, "2026-W47", { cellSize: 500 });
// @ts-expect-error: evaluate needs the incidents
evaluate(reg, "2026-01");
// @ts-expect-error: recommend's context names are camelCase
recommend(ev, { problem_persists: true });
