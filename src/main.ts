import { sandboxBanner } from "./sandbox/banner.ts";
import { startSandbox } from "./sandbox/index.ts";

/**
 * The server's entry point: the only module that reads the environment and listens.
 *
 * Today it starts the embedded EnKash sandbox (the default when no EnKash credentials are
 * configured). The GraphQL layer that sits in front of it, and the switch to real EnKash when
 * credentials are set, are not built yet; the README says what is there.
 */
const port = Number(process.env.SANDBOX_PORT ?? "4010");
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error("SANDBOX_PORT must be a port number (0-65535)");
  process.exit(2);
}

const sandbox = await startSandbox({ port });
console.log(sandboxBanner(sandbox));

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the sandbox`);
  void sandbox.close().then(() => process.exit(0));
};
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));
