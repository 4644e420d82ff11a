import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * `npm run build [-- --no-check]`: compiles src/ and scripts/token.ts to dist/ with
 * tsconfig.build.json, then copies what the server reads at run time beside it. Plain JavaScript,
 * so that it can say what is wrong when the dev dependencies are missing (an --omit=dev install).
 *
 * --no-check emits without type-checking (as tsx runs code today; a fifth of the time): `npm start`
 * builds this way, and `npm run typecheck` and CI check the types.
 */
const root = join(import.meta.dirname, "..");
const noCheck = process.argv.includes("--no-check");
const started = performance.now();

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  console.error(
    "Building needs the dev dependencies (typescript), which this install omits. In production, build\n" +
      "dist/ where they are installed (npm ci && npm run build), then run it with `npm run start:prod`.",
  );
  process.exit(1);
}

// From empty: a module deleted from src/ must not live on in dist/.
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const compiled = spawnSync(
  process.execPath,
  [tsc, "-p", join(root, "tsconfig.build.json"), ...(noCheck ? ["--noCheck"] : [])],
  { stdio: "inherit" },
);
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// src/app.ts reads the example operations from ../operations beside its own folder (GraphiQL's
// default query, the metrics' operation names): dist/src/app.js finds them in dist/operations.
const operations = join(dist, "operations");
mkdirSync(operations);
for (const file of readdirSync(join(root, "operations")).filter((name) => name.endsWith(".graphql")))
  copyFileSync(join(root, "operations", file), join(operations, file));

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Built dist/ in ${seconds} s${noCheck ? " (types not checked)" : ""}.`);
