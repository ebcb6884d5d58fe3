// The published .d.ts is a complete, strict TypeScript API: consumer.ts (which imports
// "est-wasm" through the package's own "exports") type-checks with --strict, and its
// @ts-expect-error lines prove that wrong argument types are rejected.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

test("consumer.ts type-checks with tsc --strict", () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const out = spawnSync(process.execPath, [
    tsc, "--noEmit", "--strict", "--target", "es2022", "--module", "es2022",
    "--moduleResolution", "bundler", "--lib", "es2022,dom,esnext.disposable",
    "test/consumer.ts",
  ], { cwd: root, encoding: "utf8", timeout: 120_000 });
  assert.equal(out.status, 0, out.stdout + out.stderr);
});

test("no `any` in the option and result types of the public API", () => {
  const dts = readFileSync(new URL("../pkg/est_wasm.d.ts", import.meta.url), "utf8");
  const api = dts.slice(0, dts.indexOf("export type InitInput"));
  const code = api.split("\n").filter((l) => !/^\s*(\/\*|\*)/.test(l));
  const anys = code.filter((l) => /(:\s*any\b|\bany\[\]|<any>|\|\s*any\b)/.test(l));
  assert.deepEqual(anys, []);
});
