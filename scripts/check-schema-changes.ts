import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { describeVerdict, type IntendedChange, judgeSchemaChanges } from "./schema-changes.ts";

/**
 * `npm run check:schema` (CI, after codegen): schema.graphql against the last release's
 * schema/released.graphql; exits 1 on a breaking change not in schema/intended-breaking-changes.json
 * or a deprecation without a reason. Non-breaking changes are counted (listed with --verbose). How
 * to cut a release: docs/schema-changelog.md.
 */
const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

// A reason may be missing here: the verdict names the entry, rather than this parse failing.
const intendedList = z.array(
  z.object({ type: z.string(), path: z.string(), reason: z.string().default("") }),
);
const intended: IntendedChange[] = intendedList.parse(
  JSON.parse(read("schema/intended-breaking-changes.json")),
);
const verdict = await judgeSchemaChanges(read("schema/released.graphql"), read("schema.graphql"), intended);
const verbose = process.argv.includes("--verbose");
for (const line of describeVerdict(verdict, { verbose })) console.log(line);
console.log(verdict.ok ? "schema check: passed" : "schema check: FAILED");
process.exit(verdict.ok ? 0 : 1);
