import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";

export interface RemoteSandbox {
  url: string;
  tokenUrl: string;
  accounts: Record<string, string[]>;
  /** Card IDs of the corporate account CAVBMRFE8, in the sandbox's order. */
  corporateCards: string[];
  transactions: number;
  /** Pid of the sandbox process (its CPU is not the server's). */
  pid: number;
  setLatency(fixedMs: number): Promise<void>;
  /** EnKash calls the sandbox has answered so far (every caller's; take differences). */
  calls(): Promise<number>;
  close(): Promise<void>;
}

/** Starts the sandbox in a child process (bench/sandbox-process.ts) and waits until it listens. */
export async function startRemoteSandbox(size: {
  cardsPerAccount: number;
  transactionsPerCard: number;
}): Promise<RemoteSandbox> {
  const child: ChildProcess = fork(join(import.meta.dirname, "sandbox-process.ts"), [JSON.stringify(size)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await once(child, "message")) as [
    Omit<RemoteSandbox, "setLatency" | "calls" | "close" | "pid">,
  ];
  let next = 0;
  const ask = (message: Record<string, unknown>) =>
    new Promise<{ total?: number }>((resolve) => {
      const id = ++next;
      const onMessage = (answer: { id?: number; total?: number }) => {
        if (answer.id !== id) return;
        child.off("message", onMessage);
        resolve(answer);
      };
      child.on("message", onMessage);
      child.send({ ...message, id });
    });
  return {
    ...ready,
    pid: child.pid ?? 0,
    setLatency: async (fixedMs) => {
      await ask({ kind: "latency", fixedMs });
    },
    calls: async () => (await ask({ kind: "calls" })).total ?? Number.NaN,
    close: async () => {
      const exited = once(child, "exit");
      await ask({ kind: "close" });
      await exited;
    },
  };
}
