import { bootstrap, type RunningApp, StartupError } from "./bootstrap.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";

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

let running: RunningApp;
try {
  running = await bootstrap(config, { print: (text) => console.log(text) });
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
