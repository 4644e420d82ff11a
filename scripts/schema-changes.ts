import { type Change, CriticalityLevel, diff } from "@graphql-inspector/core";
import { buildSchema, Kind, parse, visit } from "graphql";

/**
 * What partners may rely on between releases, judged by GraphQL Inspector's rules: the schema now
 * against the last released one (schema/released.graphql). A breaking change (a field, type,
 * argument or enum value removed, a type changed, an argument made required…) fails unless it is
 * listed as intended with a reason; every deprecation must say why and what to use instead. This
 * file only judges; scripts/check-schema-changes.ts reads the files and prints the verdict, so the
 * unit test can hand it made-up schemas.
 */

/** One entry of schema/intended-breaking-changes.json: a breaking change made on purpose. */
export interface IntendedChange {
  /** Inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** The schema coordinate, e.g. Card.balance. */
  path: string;
  /** Why, in words partners read (it goes into docs/schema-changelog.md too). */
  reason: string;
}

export interface SchemaVerdict {
  /** Every change since the release, as Inspector reports it. */
  changes: Change[];
  /** Breaking changes not listed as intended: each fails the check. */
  unintended: Change[];
  /** Listed as intended, but no such change: a stale list fails too (clear it at a release). */
  stale: IntendedChange[];
  /** Intended entries whose reason is missing. */
  unexplained: IntendedChange[];
  /** Deprecations (by coordinate) with no reason of their own. */
  deprecationsWithoutReason: string[];
  ok: boolean;
}

/** graphql-js's text for a bare @deprecated: says nothing a partner can act on. */
const DEFAULT_DEPRECATION = "No longer supported";

export async function judgeSchemaChanges(
  released: string,
  current: string,
  intended: readonly IntendedChange[],
): Promise<SchemaVerdict> {
  const changes = await diff(buildSchema(released), buildSchema(current));
  const breaking = changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking);
  const listed = (change: Change) =>
    intended.some((entry) => entry.type === change.type && entry.path === change.path);
  const unintended = breaking.filter((change) => !listed(change));
  const stale = intended.filter(
    (entry) => !breaking.some((change) => entry.type === change.type && entry.path === change.path),
  );
  const unexplained = intended.filter(
    (entry) => typeof entry.reason !== "string" || entry.reason.trim() === "",
  );
  const deprecationsWithoutReason = deprecatedWithoutReason(current);
  return {
    changes,
    unintended,
    stale,
    unexplained,
    deprecationsWithoutReason,
    ok:
      unintended.length === 0 &&
      stale.length === 0 &&
      unexplained.length === 0 &&
      deprecationsWithoutReason.length === 0,
  };
}

/** Coordinates (Type.field, Type.field(arg), Enum.VALUE) whose @deprecated gives no reason. */
export function deprecatedWithoutReason(sdl: string): string[] {
  const found: string[] = [];
  const path: string[] = [];
  const named = new Set<string>([
    Kind.OBJECT_TYPE_DEFINITION,
    Kind.OBJECT_TYPE_EXTENSION,
    Kind.INTERFACE_TYPE_DEFINITION,
    Kind.INTERFACE_TYPE_EXTENSION,
    Kind.INPUT_OBJECT_TYPE_DEFINITION,
    Kind.ENUM_TYPE_DEFINITION,
    Kind.DIRECTIVE_DEFINITION,
    Kind.FIELD_DEFINITION,
    Kind.INPUT_VALUE_DEFINITION,
    Kind.ENUM_VALUE_DEFINITION,
  ]);
  visit(parse(sdl), {
    enter(node) {
      if (named.has(node.kind) && "name" in node && node.name) path.push(node.name.value);
      if (node.kind !== Kind.DIRECTIVE || node.name.value !== "deprecated") return;
      const reason = node.arguments?.find((argument) => argument.name.value === "reason")?.value;
      const text = reason?.kind === Kind.STRING ? reason.value.trim() : "";
      if (text === "" || text === DEFAULT_DEPRECATION) found.push(path.join("."));
    },
    leave(node) {
      if (named.has(node.kind) && "name" in node && node.name) path.pop();
    },
  });
  return found;
}

/** The verdict as lines a person reads in CI. */
export function describeVerdict(verdict: SchemaVerdict, { verbose = true } = {}): string[] {
  const lines: string[] = [];
  const levels = [CriticalityLevel.Breaking, CriticalityLevel.Dangerous, CriticalityLevel.NonBreaking];
  for (const level of levels) {
    const changes = verdict.changes.filter((change) => change.criticality.level === level);
    if (changes.length > 0) lines.push(`${level} (${changes.length}):`);
    // Additions are many and harmless: counted, and listed only when asked for.
    if (level === CriticalityLevel.NonBreaking && !verbose) {
      if (changes.length > 0) lines.push("  (listed with --verbose)");
      continue;
    }
    for (const change of changes)
      lines.push(`  ${change.type} ${change.path ?? ""}: ${change.message}`.replace(/\s+:/, ":"));
  }
  if (verdict.changes.length === 0) lines.push("No change since the released schema.");
  for (const change of verdict.unintended)
    lines.push(
      `breaking and not intended: ${change.type} ${change.path ?? ""} (${change.message}); undo it, or list {"type", "path", "reason"} in schema/intended-breaking-changes.json`,
    );
  for (const entry of verdict.stale)
    lines.push(`listed as intended but not in the schema's changes: ${entry.type} ${entry.path}`);
  for (const entry of verdict.unexplained)
    lines.push(`intended without a reason: ${entry.type} ${entry.path}`);
  for (const coordinate of verdict.deprecationsWithoutReason)
    lines.push(`deprecated without a reason: ${coordinate} (say why, and what to use instead)`);
  return lines;
}
