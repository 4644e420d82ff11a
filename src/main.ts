import { type Config, ConfigError, type EnkashCredentials, loadConfig } from "./config.ts";
import { EnkashClient } from "./enkash/client.ts";
import { EnkashError } from "./enkash/errors.ts";
import { createJsonLogger } from "./logger.ts";
import { sandboxBanner } from "./sandbox/banner.ts";
import { type Sandbox, startSandbox } from "./sandbox/index.ts";

/**
 * The server's entry point: the only module that reads the environment and listens.
 *
 * Without EnKash credentials it starts the embedded sandbox and points the EnKash client at it;
 * with credentials it uses the real EnKash. Either way it proves at start-up that a token can be
 * had. The GraphQL layer in front of the client is the next piece of work (see the README).
 */
let config: Readonly<Config>;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
}

const logger = createJsonLogger(config.logLevel);
let sandbox: Sandbox | undefined;
let credentials: EnkashCredentials;
if (config.credentials) {
  credentials = config.credentials;
} else {
  sandbox = await startSandbox({
    port: config.sandboxPort,
    encryption: config.encryption,
    keyDerivation: config.keyDerivation,
  });
  console.log(sandboxBanner(sandbox));
  const sandboxCredentials = sandbox.options.credentials;
  credentials = {
    baseUrl: sandbox.url,
    tokenUrl: sandbox.tokenUrl,
    pgBaseUrl: undefined,
    ...sandboxCredentials,
  };
}

const enkash = new EnkashClient({
  ...credentials,
  ...(credentials.pgBaseUrl ? { pgBaseUrl: credentials.pgBaseUrl } : {}),
  encryption: config.encryption,
  keyDerivation: config.keyDerivation,
  timeouts: config.timeouts,
  connections: config.connections,
  maxInFlight: config.maxInFlight,
  retry: { maxRetries: config.readRetries },
  breaker: { coolDownMs: config.breakerCoolDownMs },
  logger,
});

try {
  await enkash.checkCredentials();
  logger.info(
    { mode: config.mode, enkash: new URL(credentials.baseUrl).origin },
    "EnKash credentials accepted",
  );
} catch (error) {
  const reason = error instanceof EnkashError ? `${error.code}: ${error.message}` : "unexpected error";
  logger.error({ mode: config.mode }, `Cannot obtain an EnKash token (${reason})`);
  await shutdown(1);
}

let stopping = false;
async function shutdown(code: number): Promise<never> {
  stopping = true;
  await enkash.close();
  await sandbox?.close();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    logger.info({ signal }, "stopping");
    void shutdown(0);
  });
}
