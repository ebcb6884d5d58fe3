// est-wasm: the package entry. Loads its own WebAssembly module from ./pkg/ (no network,
// no CDN) and re-exports the API, so that after
//
//     import * as est from "est-wasm";
//
// everything is ready to use (top-level await).
//
// * Node (>= 20): the .wasm file is read from disk next to this file and instantiated
//   synchronously.
// * Browsers and other hosts: the wasm-bindgen `--target web` loader fetches the .wasm file
//   at a URL relative to this module (same origin as the page's copy of the package).
import init, { initSync, __estErrorClass, __estVersion } from "./pkg/est_wasm.js";

const wasmUrl = new URL("./pkg/est_wasm_bg.wasm", import.meta.url);
const isNode =
  typeof process !== "undefined" && process.versions != null && process.versions.node != null;

if (isNode && wasmUrl.protocol === "file:") {
  const { readFileSync } = await import("node:fs");
  initSync({ module: readFileSync(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

export * from "./pkg/est_wasm.js";

/**
 * The class of every error est throws: `name` (the error family), `code` (stable), `message`
 * and `details`.
 */
export const EstError = __estErrorClass();

/** The version of est, e.g. "0.1.0". */
export const version = __estVersion();
