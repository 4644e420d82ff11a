import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * The benchmark harness end to end, briefly (timings are the benchmark's business, not a test's):
 * it runs every named operation, and results.json has what runs are compared by, with each
 * operation's EnKash calls at the minimum the benchmark works out.
 */
describe("npm run bench", () => {
  it("writes one comparable entry per operation, each at its minimum of EnKash calls", async () => {
    const out = mkdtempSync(join(tmpdir(), "bench-"));
    await promisify(execFile)(
      process.execPath,
      // --no-peers: the peers (bench/peers) are installed by the bench itself, not by CI's npm ci.
      [
        "--import",
        "tsx",
        "bench/run.ts",
        "--seconds",
        "0.3",
        "--rounds",
        "1",
        "--no-peers",
        "--no-scaling",
        "--out",
        out,
      ],
      { env: { ...process.env, NODE_ENV: "production" }, timeout: 120_000 },
    );
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      operations: Record<string, unknown>[];
    };
    expect(results.operations.map((op) => op.name)).toEqual([
      "CardScreen",
      "AccountDashboard",
      "TransactionsPage",
      "RefetchCards",
      "CreateCard",
      "BlockCard",
    ]);
    for (const op of results.operations) {
      for (const field of ["p50Ms", "p99Ms", "criticalPathMs", "overheadCpuMs"])
        expect(typeof op[field], `${op.name}.${field}`).toBe("number");
      expect(op.upstreamCalls, String(op.name)).toBe(op.minimumUpstreamCalls);
    }
    expect(readFileSync(join(out, "BENCHMARKS.md"), "utf8")).toContain("| CardScreen | 4 (4) |");
  }, 150_000);
});
