import { describe, expect, it } from "vitest";
import { checkLayers, type Import, packageOf, summary } from "../../scripts/layers.ts";

/**
 * The layer rules of scripts/layers.ts on small made-up import graphs (npm run check:layers runs
 * them on src/ itself).
 */
const value = (from: string, to: string): Import => ({ from, to, typeOnly: false });
const typeOf = (from: string, to: string): Import => ({ from, to, typeOnly: true });
const filesOf = (imports: Import[]) => [...new Set(imports.flatMap(({ from, to }) => [from, to]))];
const check = (imports: Import[]) => checkLayers(filesOf(imports), imports);

describe("layers", () => {
  it("maps each file to its package: its folder under src/, or the wiring directly in src/", () => {
    expect(packageOf("app.ts")).toBe("root");
    expect(packageOf("schema/card.ts")).toBe("schema");
    expect(packageOf("enkash/wire/requests.ts")).toBe("enkash");
    expect(packageOf("events/intake.ts")).toBe("events");
    expect(packageOf("streams/stream.ts")).toBeNull();
    expect(packageOf("root/x.ts")).toBeNull();
  });

  it("passes a graph that points one way, with the wiring's types named below it", () => {
    const report = check([
      value("main.ts", "app.ts"),
      value("app.ts", "schema/index.ts"),
      value("app.ts", "plugins/use-masked-errors.ts"),
      value("schema/index.ts", "schema/card.ts"),
      value("schema/card.ts", "enkash/loaders.ts"),
      value("schema/card.ts", "domain/keys.ts"),
      value("enkash/loaders.ts", "enkash/planner.ts"),
      value("enkash/planner.ts", "domain/keys.ts"),
      value("domain/keys.ts", "shared/money.ts"),
      value("sandbox/seed.ts", "shared/money.ts"),
      typeOf("schema/card.ts", "context.ts"),
      typeOf("plugins/use-masked-errors.ts", "context.ts"),
      value("context.ts", "enkash/loaders.ts"),
    ]);
    expect(report).toEqual({
      files: 11,
      packages: 7,
      packageImports: [
        "domain -> shared",
        "enkash -> domain",
        "root -> enkash",
        "root -> plugins",
        "root -> schema",
        "sandbox -> shared",
        "schema -> domain",
        "schema -> enkash",
      ],
      violations: [],
      fileCycles: [],
      packageCycles: [],
    });
    expect(summary(report)).toBe(
      "layers: 11 files in 7 packages, 8 package dependencies; no cycle between files or packages; every import follows the layers",
    );
  });

  it("fails a cycle between packages, even when each import is allowed on its own", () => {
    const report = check([
      value("enkash/loaders.ts", "auth/access.ts"),
      value("auth/viewer.ts", "enkash/client.ts"),
      value("schema/card.ts", "auth/viewer.ts"),
    ]);
    expect(report.violations).toEqual([]);
    expect(report.fileCycles).toEqual([]);
    expect(report.packageCycles).toEqual(["auth -> enkash -> auth"]);
    expect(summary(report)).toBe(
      "layers: 5 files in 3 packages, 3 package dependencies; 0 imports against the layers, 0 file cycles, 1 package cycles",
    );
  });

  it("fails a cycle between files, type-only imports included", () => {
    const report = check([
      value("schema/a.ts", "schema/b.ts"),
      value("schema/b.ts", "schema/c.ts"),
      typeOf("schema/c.ts", "schema/a.ts"),
      value("schema/c.ts", "schema/d.ts"),
      value("shared/self.ts", "shared/self.ts"),
    ]);
    expect(report.fileCycles).toEqual([
      "schema/a.ts -> schema/b.ts -> schema/c.ts -> schema/a.ts",
      "shared/self.ts -> shared/self.ts",
    ]);
    expect(report.packageCycles).toEqual([]);
  });

  it("fails an import against the direction, and code taken from the wiring", () => {
    const report = check([
      value("auth/viewer.ts", "schema/ids.ts"),
      typeOf("enkash/loaders.ts", "plugins/use-upstream-calls.ts"),
      value("plugins/use-masked-errors.ts", "schema/errors.ts"),
      value("sandbox/state/otp.ts", "enkash/wire/vocabulary.ts"),
      typeOf("domain/keys.ts", "context.ts"),
      value("schema/otp-guard.ts", "rate-limit.ts"),
      value("app.ts", "schema/index.ts"),
      value("streams/stream.ts", "domain/keys.ts"),
      value("events/intake.ts", "schema/card-events.ts"),
    ]);
    expect(report.violations).toEqual([
      "streams/stream.ts is in no package of scripts/layers.ts",
      "auth/viewer.ts -> schema/ids.ts: auth may not import schema",
      "enkash/loaders.ts -> plugins/use-upstream-calls.ts: enkash may not import plugins (not even types)",
      "plugins/use-masked-errors.ts -> schema/errors.ts: plugins may not import schema",
      "sandbox/state/otp.ts -> enkash/wire/vocabulary.ts: sandbox may not import enkash",
      "domain/keys.ts -> context.ts: domain may not import root (not even types)",
      "schema/otp-guard.ts -> rate-limit.ts: schema may not import root",
      "events/intake.ts -> schema/card-events.ts: events may not import schema",
    ]);
    // The schema running the wiring's code, which runs the schema's.
    expect(report.packageCycles).toEqual(["root -> schema -> root"]);
  });
});
