import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { instanceEnv } from "../../soak/cluster.ts";
import { mintToken } from "../../src/auth/mint.ts";
import { freePort } from "../helpers/free-port.ts";
import { hasRedisServer, useRedisServer } from "../helpers/redis.ts";
import { useSandbox } from "../helpers/sandbox.ts";

const SECRET = "cluster-test-secret-with-enough-length-00";

/**
 * PROCESSES=2 (src/cluster.ts) as an operator runs it: src/main.ts in a process of its own, in
 * front of a sandbox apart and a real redis-server. Connections are spread over the workers, so
 * each request here opens a fresh one (`reset`): with keep-alive they would all reach one worker.
 */
// Whole processes starting and stopping: well past 20 s on a loaded 2-core machine.
describe.skipIf(!hasRedisServer())("PROCESSES above 1", { timeout: 60_000 }, () => {
  const redis = useRedisServer();
  const sandboxes = useSandbox();
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });

  const startCluster = async (extra: Record<string, string>) => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: instanceEnv(sandboxes.sandbox, redis.url, {
        AUTH_JWT_SECRET: SECRET,
        PROCESSES: "2",
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        ...extra,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const output = { stdout: "", stderr: "" };
    child.stdout?.on("data", (chunk: Buffer) => {
      output.stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output.stderr += chunk.toString();
    });
    return { child, output, url: `http://127.0.0.1:${port}` };
  };

  const token = () =>
    mintToken({
      secret: SECRET,
      issuer: "enkash-graphql",
      audience: "enkash-graphql",
      subject: "cluster-test",
      role: "PARTNER_ADMIN",
      ttlSeconds: 600,
    });

  it("serves from every worker with one PIN key and one set of metrics, restarts a worker that dies, and drains on SIGTERM", async () => {
    const { child, output, url } = await startCluster({});
    await expect
      .poll(() => output.stdout, { timeout: 30_000 })
      .toMatch(/GraphQL API ready at \S+ \(2 processes\)/);
    // One banner and one "ready" line for the machine, not one per worker.
    expect(output.stdout.match(/MODE: ENKASH/g)).toHaveLength(1);
    expect(output.stdout.match(/GraphQL API ready/g)).toHaveLength(1);
    const workers = () =>
      execFileSync("ps", ["-o", "pid=", "--ppid", String(child.pid)])
        .toString()
        .split("\n")
        .map((line) => Number(line.trim()))
        .filter(
          (pid) =>
            pid > 0 &&
            execFileSync("ps", ["-o", "args=", "-p", String(pid)])
              .toString()
              .includes("main.ts"),
        );
    expect(workers()).toHaveLength(2);

    const bearer = await token();
    const ask = async (query: string) => {
      const response = await request(`${url}/graphql`, {
        method: "POST",
        reset: true,
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query }),
      });
      return (await response.body.json()) as { data?: Record<string, { keyId: string }>; errors?: unknown };
    };
    // Without a configured key, each process would make its own: a PIN encrypted to the key one
    // worker handed out could not be read by the next. The primary makes one for all.
    const keys = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const answer = await ask("query PinKey { pinEncryptionKey { keyId } }");
      keys.add(answer.data?.pinEncryptionKey?.keyId ?? "none");
    }
    expect([...keys]).toHaveLength(1);
    expect(keys.has("none")).toBe(false);

    // /metrics is the whole machine's, whichever worker the scrape reaches: 12 operations (named
    // "other": PinKey is not one of operations/), though
    // each worker ran about half of them.
    for (let i = 0; i < 3; i++) {
      const metrics = await request(`${url}/metrics`, { reset: true });
      const text = await metrics.body.text();
      expect(text).toMatch(/graphql_requests_total\{operation="other",outcome="ok"\} 12\n/);
    }

    // A worker killed outright is replaced, and the machine keeps serving.
    const [victim] = workers();
    process.kill(victim as number, "SIGKILL");
    await expect.poll(() => output.stderr, { timeout: 10_000 }).toContain("a server process ended");
    await expect.poll(() => output.stderr, { timeout: 30_000 }).toContain("a new server process took over");
    expect(workers().filter((pid) => pid !== victim)).toHaveLength(2);
    for (let i = 0; i < 6; i++)
      expect((await ask("query PinKey { pinEncryptionKey { keyId } }")).data?.pinEncryptionKey?.keyId).toBe(
        [...keys][0],
      );

    // SIGTERM to the primary: every worker drains and the process ends with 0, leaving nothing.
    const before = workers();
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    for (const pid of before) expect(() => process.kill(pid, 0)).toThrow();
    expect(output.stderr.match(/"msg":"drained"/g)?.length).toBe(2);
  });

  it("ends with 1, without restarting in a loop, when the workers cannot start", async () => {
    const { child, output } = await startCluster({ ENKASH_CLIENT_SECRET: "not-the-secret" });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output.stdout).not.toContain("GraphQL API ready");
    expect(output.stderr).toContain("a server process could not start");
  });
});
