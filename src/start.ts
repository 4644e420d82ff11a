import { bootstrap, type RunningApp, StartupError } from "./bootstrap.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createJsonLogger, type Logger } from "./logger.ts";
import { plannedPorts, refuseBusyPorts } from "./ports.ts";

/** Where start-up writes: stdout for what a person reads, stderr for refusals; JSON logs apart. */
export interface StartIo {
  print(text: string): void;
  printError(text: string): void;
  /** Structured logs at the configured level; JSON lines on stderr when absent. */
  logger?: (config: Readonly<Config>) => Logger;
  /**
   * False in a cluster worker: its primary checked PORT before forking, and the workers listen on
   * it together (one worker's probe would find it taken by another).
   */
  checkPorts?: boolean;
}

/** Either the running server, or the exit code start-up ended with and nothing left running. */
export type Started = { running: RunningApp; logger: Logger } | { exitCode: 1 | 2 };

/**
 * Reads the environment and starts the server: 2 on a bad configuration (the message names the
 * settings, never their values), 1 when start-up fails (a port in use, no EnKash token). No process.exit and no
 * signal handlers here, so tests run it in process; src/main.ts is the process shell around it.
 */
export async function start(env: NodeJS.ProcessEnv, io: StartIo): Promise<Started> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(env);
  } catch (error) {
    io.printError(error instanceof ConfigError ? error.message : String(error));
    return { exitCode: 2 };
  }
  // Before anything is printed: a port in use is the only line, not the end of a banner and tokens.
  const busy = io.checkPorts === false ? null : await refuseBusyPorts(plannedPorts(config));
  if (busy) {
    io.printError(busy);
    return { exitCode: 1 };
  }
  const logger =
    io.logger?.(config) ??
    createJsonLogger(config.logLevel, undefined, { traceIds: config.tracing !== null });
  try {
    return { running: await bootstrap(config, { print: io.print, logger }), logger };
  } catch (error) {
    io.printError(error instanceof StartupError ? error.message : String(error));
    return { exitCode: 1 };
  }
}
