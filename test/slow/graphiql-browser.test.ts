import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bootstrap, type RunningApp } from "../../src/bootstrap.ts";
import { loadConfig } from "../../src/config.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { GRAPHIQL_ASSETS_PATH, GRAPHIQL_PAGE_CSP } from "../../src/plugins/graphiql-page.ts";
import { hasChromium, launchChromium } from "../helpers/chromium.ts";
import { PREPAID_CARD } from "../helpers/enkash.ts";
import { sandboxPurchase } from "../helpers/sandbox-purchase.ts";

/**
 * Issue 17, point 2, and issue 16's "GraphiQL runs a subscription": GraphiQL in a real browser
 * (Debian's chromium, headless), on the server `npm start` runs (bootstrap with the embedded
 * sandbox), offline: any request to another origin is refused and fails the test, and so does any
 * Content-Security-Policy violation. It runs the CardScreen example (picked in GraphiQL's operation
 * menu, as a person would) and sees the card; then the CardEvents subscription, and sees a
 * purchase made in the sandbox arrive; and its editor's language workers, from this server too,
 * check a query against the schema.
 *
 * GRAPHIQL_SCREENSHOTS=<folder> saves what the browser showed after each (docs/images/ holds one).
 */
const available = hasChromium();
if (!available)
  console.warn("SKIPPED: the GraphiQL browser test needs /usr/bin/chromium (apt-get install chromium).");

describe.skipIf(!available)("GraphiQL in a real browser, offline", () => {
  let app: RunningApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  /** Requests to anywhere but the server, refused. */
  const foreign: string[] = [];
  /** CSP violations, as the page's own listener and the console report them. */
  const violations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await bootstrap(loadConfig({ SANDBOX_PORT: "0", PORT: "0", SHUTDOWN_GRACE_MS: "1000" }), {
      print: () => {},
      logger: createJsonLogger("error", () => {}),
    });
    origin = new URL(app.url).origin;
    browser = await launchChromium();
    context = browser.context;
    // Offline: only this server answers; anything else is refused and recorded.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      foreign.push(url);
      return route.abort("internetdisconnected");
    });
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
      });
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (/Content.Security.Policy|CSP violation/i.test(message.text())) violations.push(message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("loads from the server alone, under its own strict policy, with the examples and the sandbox token", async () => {
    const response = await page.goto(app.url);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()["content-security-policy"];
    expect(csp).toBe(GRAPHIQL_PAGE_CSP);
    expect(csp).toMatch(/script-src 'self';/);
    await page.locator(".graphiql-execute-button").waitFor();
    // The sandbox's partner token is preset in the headers editor.
    await page.getByText("Headers", { exact: true }).click();
    await expect
      .poll(() => editorText(page, ".graphiql-editor-tool"))
      .toContain('"Authorization": "Bearer eyJ');
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("runs the CardScreen example, picked in the operation menu, and shows the card", async () => {
    await runOperation(page, "CardScreen");
    await expect
      .poll(() => editorText(page, ".graphiql-response"), { timeout: 15_000 })
      .toContain(`"enKashCardId": "${PREPAID_CARD.enKashCardId}"`);
    const result = await editorText(page, ".graphiql-response");
    expect(result).toContain('"status": "ACTIVE"');
    expect(result).toContain('"maskedNumber"');
    expect(result).not.toContain('"errors"');
    await screenshot(page, "graphiql-card-screen.png", "query CardScreen(");
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("runs the CardEvents subscription and shows a purchase made in the sandbox as it happens", async () => {
    await runOperation(page, "CardEvents");
    // Subscribed once this instance's event follower has it: a purchase from now on reaches it.
    await vi.waitFor(() => expect(app.subscriptions.listening).toBe(1), { timeout: 15_000 });
    const transactionId = await purchase(app, 249);
    await app.sandbox?.webhooks.idle();
    const logged = (await app.events.readAfter(null, 1_000)).filter(
      ({ event }) => event.type === "BALANCE_CHANGED" && event.transactionId === transactionId,
    );
    expect(logged).toHaveLength(1);
    // GraphiQL shows a subscription's latest event: the purchase's balance change, by its log ID.
    await expect
      .poll(() => editorText(page, ".graphiql-response"), { timeout: 15_000 })
      .toContain(`"id": "${logged[0]?.id}"`);
    expect(await editorText(page, ".graphiql-response")).toContain('"__typename": "BalanceChangedEvent"');
    await screenshot(page, "graphiql-card-events.png", "subscription CardEvents(");
    // Stopping it in GraphiQL ends the subscription on the server.
    await page.locator(".graphiql-execute-button").click();
    await vi.waitFor(() => expect(app.subscriptions.active()).toBe(0), { timeout: 15_000 });
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("the editor's language workers come from this server and check a query against the schema", async () => {
    await page.getByRole("button", { name: "New tab" }).click();
    await page.locator(".graphiql-query-editor .view-lines").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("query Probe { noSuchField }");
    // Monaco's GraphQL worker (validation against the introspected schema) marks the unknown field.
    await page.locator(".graphiql-query-editor .squiggly-error").first().waitFor();
    const workers = page.workers().map((worker) => worker.url());
    expect(workers).toContain(`${origin}${GRAPHIQL_ASSETS_PATH}graphql.worker.js`);
    expect(workers.filter((url) => !url.startsWith(`${origin}${GRAPHIQL_ASSETS_PATH}`))).toEqual([]);
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/** The execute button offers every operation of the editor when it holds several: pick one. */
async function runOperation(page: Page, name: string): Promise<void> {
  await page.locator(".graphiql-execute-button").click();
  await page.getByRole("menuitem", { name, exact: true }).click();
}

/** What the Monaco editors under `selector` show (rendered lines; spaces come as no-break spaces). */
async function editorText(page: Page, selector: string): Promise<string> {
  const texts = await page.locator(`${selector} .view-lines`).allTextContents();
  return texts.join("\n").replace(/\u00a0/g, " ");
}

const purchase = (app: RunningApp, amount: number) =>
  sandboxPurchase(String(app.sandbox?.url), amount, { merchantName: "Chai Point", mcc: "5812" });

/** Saves what the browser shows, the query editor scrolled (with Monaco's find) to `operation`. */
async function screenshot(page: Page, file: string, operation: string): Promise<void> {
  const folder = process.env.GRAPHIQL_SCREENSHOTS;
  if (!folder) return;
  await page.locator(".graphiql-query-editor .view-lines").click();
  await page.keyboard.press("Control+F");
  await page.keyboard.type(operation);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, file) });
}
