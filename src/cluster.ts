import cluster, { type Worker } from "node:cluster";
import { generateKeyPairSync } from "node:crypto";
import { modeBanner } from "./bootstrap.ts";
import { answerMetricsRequests } from "./cluster-metrics.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";

/**
 * PROCESSES above 1: this process (the primary) serves nothing itself. It forks that many server
 * processes, which all listen on PORT through Node's cluster (the primary accepts connections and
 * hands them to the workers in turn), restarts a worker that dies while serving, and on SIGINT or
 * SIGTERM passes the signal on and waits for every worker's drain. Shared state is in Redis
 * (config.ts refuses PROCESSES above 1 without REDIS_URL), so any worker can answer any request.
 */

/** What a worker tells the primary over the cluster's IPC channel. */
const READY_MESSAGE = "enkash-graphql:ready";

/** A worker that has not said it is ready this long after its fork is stuck: start-up failed. */
const START_TIMEOUT_MS = 60_000;
/** More restarts than this within the window means a crash loop: the primary gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** After the workers' own drain time, how long the primary waits before it kills what is left. */
const STOP_MARGIN_MS = 5_000;

export interface PrimaryIo {
  print(text: string): void;
  logger: Logger;
}

/** Runs the primary until every worker has stopped; resolves with the exit code for the process. */
export function runPrimary(config: Readonly<Config>, io: PrimaryIo): Promise<number> {
  const { logger } = io;
  io.print(modeBanner(config));
  const ready = new Set<Worker>();
  // Only workers that serve are asked for their metrics (a starting one has none yet).
  answerMetricsRequests(() => ready);
  // The workers must decrypt PINs encrypted to the public key any one of them handed out: without
  // a configured key, the primary makes one for all of them (it lives in memory and the workers'
  // environment only, as each process's own key would).
  const env: Record<string, string> = {};
  if (!config.pinPrivateKeyPem)
    env.PIN_ENCRYPTION_PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();

  const restarts: number[] = [];
  let announced = false;
  let stopping = false;
  let exitCode = 0;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const fork = (): Worker => {
    const worker = cluster.fork(env);
    const stuck = setTimeout(() => {
      logger.error({ worker: worker.id }, "a server process did not start in time");
      stop("a server process did not start", 1);
    }, START_TIMEOUT_MS);
    stuck.unref();
    worker.on("message", (message: { type?: string; url?: string }) => {
      if (message?.type !== READY_MESSAGE) return;
      clearTimeout(stuck);
      ready.add(worker);
      if (announced) {
        logger.info({ worker: worker.id }, "a new server process took over");
      } else if (ready.size === config.processes) {
        announced = true;
        io.print(`GraphQL API ready at ${message.url} (${config.processes} processes)`);
        logger.info({ processes: config.processes }, "all server processes listening");
      }
    });
    worker.on("exit", (code, signal) => {
      clearTimeout(stuck);
      const wasReady = ready.delete(worker);
      if (stopping) {
        // One still starting has no handler yet: the SIGTERM sent to it ends it, as asked.
        const stoppedAsAsked = code === 0 || (!wasReady && signal === "SIGTERM");
        if (!stoppedAsAsked && exitCode === 0) exitCode = 1;
        if (Object.keys(cluster.workers ?? {}).length === 0) finish(exitCode);
        return;
      }
      logger.error({ worker: worker.id, code, signal }, "a server process ended");
      if (!wasReady) {
        // It never served: its start-up failed (no EnKash token, say) and so would a new one's.
        stop("a server process could not start", code === 2 ? 2 : 1);
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while ((restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS) {
        stop("server processes keep ending", 1);
        return;
      }
      fork();
    });
    return worker;
  };

  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.info({ reason }, "stopping");
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    if (workers.length === 0) {
      finish(exitCode);
      return;
    }
    // Each worker drains as a single server does on SIGTERM (SHUTDOWN_GRACE_MS), then exits.
    for (const worker of workers) worker.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    }, config.shutdownGraceMs + STOP_MARGIN_MS).unref();
  };

  // Kept installed while stopping (stop() ignores repeats): a signal repeated by the terminal or an
  // npm above must not kill this process mid-drain.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal, 0));
  for (let i = 0; i < config.processes; i++) fork();
  return finished;
}

/** In a worker: tells the primary this process is listening (the primary prints one line for all). */
export function reportReady(url: string): void {
  process.send?.({ type: READY_MESSAGE, url });
}
