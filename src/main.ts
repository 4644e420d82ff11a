import cluster from "node:cluster";
import { reportReady, runPrimary } from "./cluster.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createJsonLogger, type Logger } from "./logger.ts";
import { plannedPorts, refuseBusyPorts } from "./ports.ts";
import { start } from "./start.ts";

/**
 * The process shell: the only module that touches process.env, exit codes and signals. It starts
 * the server (src/start.ts) and stops it gracefully on SIGINT or SIGTERM.
 */
let logger: Logger = createJsonLogger("info");
// A rejection nobody handled is a bug, but one request's bug must not end the process (and every
// other caller's requests with it): it is logged, by name and code only, and the server goes on.
process.on("unhandledRejection", (reason) => {
  const error = reason instanceof Error ? reason : new Error("non-error rejection");
  logger.error(
    { error: { name: error.name, code: (error as { code?: unknown }).code } },
    "unhandled rejection (a bug: please report it)",
  );
});

// PROCESSES above 1: this process supervises that many server processes (src/cluster.ts) and serves
// nothing itself. They run this same file as cluster workers.
if (cluster.isPrimary) {
  let config: ReturnType<typeof loadConfig> | undefined;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(2);
  }
  if (config.processes > 1) {
    // The workers skip this check (they share PORT through this process): it is made once, here.
    const busy = await refuseBusyPorts(plannedPorts(config));
    if (busy) {
      console.error(busy);
      process.exit(1);
    }
    logger = createJsonLogger(config.logLevel);
    process.exit(await runPrimary(config, { print: (text) => console.log(text), logger }));
  }
}

// A worker leaves the human-readable lines (the banner, "ready") to the primary, which prints
// them once for all; its JSON logs and refusals go out as a single server's do.
const started = await start(process.env, {
  print: cluster.isWorker ? () => {} : (text) => console.log(text),
  printError: (text) => console.error(text),
  checkPorts: !cluster.isWorker,
  logger: (config) => {
    logger = createJsonLogger(config.logLevel, undefined, { traceIds: config.tracing !== null });
    return logger;
  },
});
if ("exitCode" in started) process.exit(started.exitCode);
const { running } = started;
if (cluster.isWorker) reportReady(running.url);

// The handlers stay installed while draining: one Ctrl+C can arrive more than once (from the
// terminal to the whole process group, and again from each npm above that forwards it), and a
// second signal with no handler would kill the process mid-drain. The drain itself is bounded
// (SHUTDOWN_GRACE_MS), so a repeated signal has nothing to hurry.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) {
      logger.info({ signal }, "already stopping");
      return;
    }
    stopping = true;
    void running.stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
