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
