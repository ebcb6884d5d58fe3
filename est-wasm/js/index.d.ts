// Types of the est-wasm package entry (index.js). The API itself is declared in the
// generated ./pkg/est_wasm.d.ts (from the Rust doc comments and TypeScript sections).
export * from "./pkg/est_wasm.js";
import type { EstErrorDetails, EstErrorName } from "./pkg/est_wasm.js";

/**
 * The class of every error est throws.
 *
 * ```ts
 * try {
 *   est.readIncidents(text, { crs: 3006 });
 * } catch (e) {
 *   if (e instanceof est.EstError && e.name === "ValidationError") {
 *     for (const row of e.details.errors ?? []) console.log(row.line, row.field, row.code);
 *   }
 * }
 * ```
 */
export declare class EstError extends Error {
  constructor(name: EstErrorName, code: string, message: string, details?: EstErrorDetails);
  /** The error family: `"CrsError"`, `"ValidationError"`, `"ParseError"` … */
  name: EstErrorName;
  /** Stable machine-readable code: `"CRS_OUT_OF_AREA"`, `"INVALID_ROWS"` … */
  code: string;
  /** The values behind the failure; for a `ValidationError`, `errors` and `rowsRead`. */
  details: EstErrorDetails;
}

/** The version of est, e.g. `"0.1.0"`. */
export declare const version: string;
