import { bootstrap, type RunningApp, StartupError } from "./bootstrap.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createJsonLogger } from "./logger.ts";

/**
 * The server's entry point: the only module that reads the environment. It parses it (exit 2 on a
 * bad configuration, naming the settings), starts the server (exit 1 when that fails), and stops
 * it gracefully on SIGINT or SIGTERM.
 */
let config: Readonly<Config>;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
}

const logger = createJsonLogger(config.logLevel);
// A rejection nobody handled is a bug, but one request's bug must not end the process (and every
// other caller's requests with it): it is logged, by name and code only, and the server goes on.
process.on("unhandledRejection", (reason) => {
  const error = reason instanceof Error ? reason : new Error("non-error rejection");
  logger.error(
    { error: { name: error.name, code: (error as { code?: unknown }).code } },
    "unhandled rejection (a bug: please report it)",
  );
});

let running: RunningApp;
try {
  running = await bootstrap(config, { print: (text) => console.log(text), logger });
} catch (error) {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    void running.stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
