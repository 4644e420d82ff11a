import { createServer, type Server } from "node:net";
import type { Config } from "./config.ts";
import { describeBindFailure } from "./shared/bind-failure.ts";

/** A port start-up will listen on, and the setting that chose it. */
interface PlannedPort {
  setting: "PORT" | "SANDBOX_PORT";
  port: number;
  host: string;
}

/** The ports this configuration listens on (0, "any free port", cannot be taken). */
export function plannedPorts(config: Readonly<Config>): PlannedPort[] {
  const ports: PlannedPort[] = [{ setting: "PORT", port: config.port, host: config.host }];
  // The embedded sandbox listens on loopback (startSandbox's default host).
  if (config.mode === "sandbox")
    ports.push({ setting: "SANDBOX_PORT", port: config.sandboxPort, host: "127.0.0.1" });
  return ports.filter((planned) => planned.port !== 0);
}

/**
 * Binds every planned port at once, then lets them go: the one-line refusal of the first that
 * cannot be bound, or null. Start-up runs this before it prints anything (the banner, the sandbox's
 * tokens), so a port in use is the only line printed. Holding them together also catches PORT and
 * SANDBOX_PORT set to the same port. Someone may still take a port in the moment between this and
 * the real listen; bootstrap refuses that with the same line.
 */
export async function refuseBusyPorts(ports: readonly PlannedPort[]): Promise<string | null> {
  const held: Server[] = [];
  try {
    for (const { setting, port, host } of ports) {
      const probe = createServer();
      try {
        await new Promise<void>((resolve, reject) => {
          probe.once("error", reject);
          probe.listen(port, host, () => resolve());
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === "EADDRNOTAVAIL")
          return "HOST is not an address of this machine; set HOST to one of its addresses (or 0.0.0.0).";
        return (
          describeBindFailure(setting, port, error) ??
          `${setting} ${port} cannot be listened on with this HOST.`
        );
      }
      held.push(probe);
    }
    return null;
  } finally {
    await Promise.all(held.map((probe) => new Promise((resolve) => probe.close(resolve))));
  }
}
