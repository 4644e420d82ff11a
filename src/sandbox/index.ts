import type { AddressInfo } from "node:net";
import { SandboxAuth } from "./auth.ts";
import { CallLog } from "./call-log.ts";
import { SandboxClock } from "./clock.ts";
import { FaultInjector } from "./faults.ts";
import { Router } from "./http/router.ts";
import { createSandboxServer } from "./http/server.ts";
import { parseSandboxOptions, type SandboxOptions, type SandboxOptionsInput } from "./options.ts";
import { routes } from "./routes/index.ts";
import { seedState } from "./seed.ts";
import type { SandboxState } from "./state/store.ts";
import { WebhookSender } from "./webhooks.ts";

export type { SandboxOptionsInput } from "./options.ts";

export interface Sandbox {
  /** Base URL of the card API, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The OAuth token endpoint (`${url}/oauth/token`). */
  readonly tokenUrl: string;
  readonly options: SandboxOptions;
  /** Every call answered, with counters. */
  readonly calls: CallLog;
  /** The live state (replaced by `reset()`). */
  readonly state: SandboxState;
  readonly clock: SandboxClock;
  readonly auth: SandboxAuth;
  readonly faults: FaultInjector;
  /** The webhooks it sends on every transaction and status change (configure() sets where to). */
  readonly webhooks: WebhookSender;
  /** Back to the seeded state: data, tokens, login lock and clock. The call log is kept. */
  reset(): void;
  close(): Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Starts the embedded EnKash sandbox on loopback: a stateful simulator of the EnKash card
 * partner API, seeded deterministically from `seed`.
 */
export async function startSandbox(input: SandboxOptionsInput = {}): Promise<Sandbox> {
  const options = parseSandboxOptions(input);
  const clock = new SandboxClock();
  const anchor = options.anchor?.getTime() ?? Math.floor(Date.now() / DAY) * DAY;
  const seed = () =>
    seedState({
      seed: options.seed,
      anchor,
      cardsPerAccount: options.size.cardsPerAccount,
      transactionsPerCard: options.size.transactionsPerCard,
      now: () => clock.now(),
    });
  const auth = new SandboxAuth(options, () => clock.now());
  const calls = new CallLog();
  const faults = new FaultInjector(options);
  const webhooks = new WebhookSender(options.webhooks, faults);
  const seeded = () => {
    const fresh = seed();
    // After the seed: its history is not reported.
    fresh.onChange = webhooks.listener(fresh, options.masks);
    return fresh;
  };
  let state = seeded();
  const reset = () => {
    clock.reset();
    auth.reset();
    state = seeded();
  };

  const { server, close: closeServer } = createSandboxServer({
    router: new Router(routes),
    options,
    calls,
    faults,
    context: () => ({ state, options, auth, clock, calls, faults, reset }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    tokenUrl: `${url}/oauth/token`,
    options,
    calls,
    get state() {
      return state;
    },
    clock,
    auth,
    faults,
    webhooks,
    reset,
    async close() {
      await webhooks.close();
      await closeServer();
    },
  };
}
