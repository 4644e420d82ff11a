import { startSandbox } from "../src/sandbox/index.ts";

/**
 * The sandbox in a process of its own (forked by bench/remote-sandbox.ts), so that the CPU the
 * benchmark measures is the server's, not the simulated EnKash's. Options come as JSON in argv;
 * the parent sets latency, reads the account list and counts EnKash calls over IPC (the call log's
 * total counts every server alike: ours, the peers and the raw baseline).
 */
const options = JSON.parse(process.argv[2] ?? "{}") as {
  cardsPerAccount: number;
  transactionsPerCard: number;
};
const sandbox = await startSandbox({
  seed: 9,
  size: { cardsPerAccount: options.cardsPerAccount, transactionsPerCard: options.transactionsPerCard },
});

type Message =
  | { id: number; kind: "latency"; fixedMs: number }
  | { id: number; kind: "calls" }
  | { id: number; kind: "close" };

process.on("message", async (message: Message) => {
  if (message.kind === "latency") {
    sandbox.faults.configure({ latency: { default: { fixedMs: message.fixedMs, jitterMs: 0 }, routes: {} } });
    process.send?.({ id: message.id });
  } else if (message.kind === "calls") {
    process.send?.({ id: message.id, total: sandbox.calls.count() });
  } else {
    await sandbox.close();
    process.send?.({ id: message.id });
    process.exit(0);
  }
});

const accounts: Record<string, string[]> = {};
for (const account of sandbox.state.accounts.values())
  accounts[account.companyId] = [...(accounts[account.companyId] ?? []), account.cardAccountId];
process.send?.({
  ready: true,
  url: sandbox.url,
  tokenUrl: sandbox.tokenUrl,
  accounts,
  corporateCards: sandbox.state.cardsOf("CAVBMRFE8").map((card) => card.enKashCardId),
  transactions: sandbox.state.transactions.size,
});
