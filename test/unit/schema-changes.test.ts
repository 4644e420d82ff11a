import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeVerdict, judgeSchemaChanges } from "../../scripts/schema-changes.ts";

/**
 * The schema check (scripts/schema-changes.ts, run by `npm run check:schema` in CI) on the real
 * schema with deliberate edits: what partners are protected from, and what a developer must write
 * down to make a breaking change on purpose.
 */
const root = join(import.meta.dirname, "../..");
const current = readFileSync(join(root, "schema.graphql"), "utf8");
const released = readFileSync(join(root, "schema/released.graphql"), "utf8");
// The deliberate edits below are judged against schema.graphql itself as if it were released, so
// what was added since the last release (additions, never breaking) does not enter their reports.

/** The SDL with the body of one type (between its braces) edited; the edit must change something. */
function editType(sdl: string, typeName: string, edit: (body: string) => string): string {
  const body = new RegExp(`\\ntype ${typeName} [^{]*\\{([\\s\\S]*?)\\n\\}`).exec(sdl)?.[1];
  if (!body) throw new Error(`no type ${typeName}`);
  const edited = edit(body);
  expect(edited).not.toBe(body);
  return sdl.replace(body, edited);
}

/** schema.graphql with one field (its description and definition) taken out of a type. */
function withoutField(sdl: string, typeName: string, field: string): string {
  return editType(sdl, typeName, (body) =>
    body
      .split(/\n\n/)
      .filter((block) => !new RegExp(`^\\s*${field}[(:]`, "m").test(block.replace(/"""[\s\S]*?"""/g, "")))
      .join("\n\n"),
  );
}

describe("schema changes against the last release", () => {
  it("the committed schema.graphql passes against schema/released.graphql (what CI runs)", async () => {
    const verdict = await judgeSchemaChanges(released, current, []);
    expect(verdict.unintended).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it("a removed field is breaking and fails the check, named in the report", async () => {
    const broken = withoutField(current, "Card", "balance");
    const verdict = await judgeSchemaChanges(current, broken, []);
    expect(verdict.ok).toBe(false);
    expect(verdict.unintended.map((change) => [change.type, change.path])).toEqual([
      ["FIELD_REMOVED", "Card.balance"],
    ]);
    expect(describeVerdict(verdict).join("\n")).toContain(
      "breaking and not intended: FIELD_REMOVED Card.balance",
    );
  });

  it("an argument made required is breaking too", async () => {
    const required = editType(current, "Subscription", (body) =>
      body.replace(/(accountEvents\([\s\S]*?after: String)\n/, "$1!\n"),
    );
    const verdict = await judgeSchemaChanges(current, required, []);
    expect(verdict.ok).toBe(false);
    expect(verdict.unintended.map((change) => change.path)).toEqual(["Subscription.accountEvents.after"]);
  });

  it("the same removal listed as intended, with a reason, passes", async () => {
    const broken = withoutField(current, "Card", "balance");
    const verdict = await judgeSchemaChanges(current, broken, [
      {
        type: "FIELD_REMOVED",
        path: "Card.balance",
        reason: "Deprecated in 0.1.0 (an example for this test).",
      },
    ]);
    expect(verdict.ok).toBe(true);
    expect(verdict.changes.map((change) => change.criticality.level)).toEqual(["BREAKING"]);
  });

  it("an intended entry without a reason, or for a change that is not there, fails", async () => {
    const broken = withoutField(current, "Card", "balance");
    const unexplained = await judgeSchemaChanges(current, broken, [
      { type: "FIELD_REMOVED", path: "Card.balance", reason: " " },
    ]);
    expect(unexplained.ok).toBe(false);
    expect(describeVerdict(unexplained)).toContain("intended without a reason: FIELD_REMOVED Card.balance");
    const stale = await judgeSchemaChanges(current, current, [
      { type: "FIELD_REMOVED", path: "Card.balance", reason: "removed" },
    ]);
    expect(stale.ok).toBe(false);
    expect(stale.stale.map((entry) => entry.path)).toEqual(["Card.balance"]);
  });

  it("a deprecation without a reason fails; with one it passes, and is not breaking", async () => {
    const bare = editType(current, "Card implements Node", (body) =>
      body.replace(/\n {2}balance: Money!/, (line) => `${line} @deprecated`),
    );
    const refused = await judgeSchemaChanges(current, bare, []);
    expect(refused.ok).toBe(false);
    expect(refused.deprecationsWithoutReason).toEqual(["Card.balance"]);
    const explained = bare.replace(/@deprecated/, '@deprecated(reason: "Use `money.available`.")');
    const accepted = await judgeSchemaChanges(current, explained, []);
    expect(accepted.ok).toBe(true);
    expect(accepted.unintended).toEqual([]);
  });
});
