import { spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "undici";
import { describe, expect, it } from "vitest";

/** The server as `npm start` runs it (src/main.ts in a process of its own): start-up and refusals. */
describe("npm start", () => {
  it("starts the embedded sandbox, proves a token can be had, serves /graphql, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, SANDBOX_PORT: "0", PORT: "0", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await expect.poll(() => output, { timeout: 15_000 }).toContain("EnKash credentials accepted");
    expect(output).toContain("EnKash sandbox is running.");
    expect(output).toMatch(/"mode":"sandbox"/);
    await expect
      .poll(() => output, { timeout: 15_000 })
      .toMatch(/GraphQL API ready at http:\/\/127\.0\.0\.1:\d+\/graphql/);
    const url = /GraphQL API ready at (\S+)/.exec(output)?.[1] ?? "";
    const token = /partner admin\s+(\S+)/.exec(output)?.[1] ?? "";
    const page = await request(url, { method: "GET", headers: { accept: "text/html" } });
    const html = await page.body.text();
    expect(html).toContain("query CardScreen");
    expect(html).toContain(token);
    const refused = await request(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(refused.statusCode).toBe(401);
    await refused.body.text();
    const response = await request(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: "query Smoke { companies { companyId cardAccounts { cardAccountId } } }",
      }),
    });
    const body = (await response.body.json()) as { data: { companies: { companyId: string }[] } };
    expect(body.data.companies.map((company) => company.companyId).sort()).toEqual([
      "CEK7T1WMC6",
      "CEKEP5GSGP",
    ]);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});
