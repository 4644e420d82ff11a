import { performance } from "node:perf_hooks";
import { seedState } from "../src/sandbox/seed.ts";

/**
 * `npm run bench:seed`: how long the sandbox takes to seed its default data and the 10,000-card
 * size used by benchmarks. Prints one line per size.
 */
const anchor = Date.parse("2026-11-01T00:00:00Z");
for (const [cardsPerAccount, transactionsPerCard] of [
  [14, 40],
  [2_500, 5],
  [2_500, 10],
] as const) {
  const started = performance.now();
  const state = seedState({ seed: 1, anchor, cardsPerAccount, transactionsPerCard, now: () => anchor });
  const ms = performance.now() - started;
  console.log(
    `cardsPerAccount=${cardsPerAccount} transactionsPerCard=${transactionsPerCard}: ` +
      `${state.cards.size} cards, ${state.transactions.size} transactions in ${ms.toFixed(0)} ms`,
  );
}
