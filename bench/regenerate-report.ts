import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeReport } from "./report.ts";

/** `npx tsx bench/regenerate-report.ts`: rewrites BENCHMARKS.md from bench/results.json (after editing analysis.md). */
const results = JSON.parse(readFileSync(join(import.meta.dirname, "results.json"), "utf8"));
writeReport(join(import.meta.dirname, "..", "BENCHMARKS.md"), results);
