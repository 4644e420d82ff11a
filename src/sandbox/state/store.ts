import { IdFactory, Random } from "../random.ts";
import type { Card, CardAccount, Company, OtpRequest, PgPayment, Plan, Transaction } from "./types.ts";

/**
 * All sandbox state, in memory, with the indexes the routes need. Operations validate first and
 * mutate last, so that a rejected request leaves this object as it found it.
 */
/** A change EnKash reports by webhook: a transaction recorded, or a card's status changed. */
export type StateChange = { kind: "transaction"; transaction: Transaction } | { kind: "status"; card: Card };

export class SandboxState {
  readonly companies = new Map<string, Company>();
  readonly plans = new Map<string, Plan>();
  readonly accounts = new Map<string, CardAccount>();
  readonly cards = new Map<string, Card>();
  readonly otps = new Map<string, OtpRequest>();
  readonly pgPayments = new Map<string, PgPayment>();
  readonly transactions = new Map<string, Transaction>();
  /**
   * The company and card the seed offers as examples (start-up mints a company admin's and a
   * cardholder's token for them; the example operations use them). Set by the seed.
   */
  examples: { companyId: string; enKashCardId: string } | null = null;
  /**
   * Told of every change EnKash would report by webhook, once seeding is over (the sandbox sets it
   * after the seed, so seed history sends nothing).
   */
  onChange: ((change: StateChange) => void) | null = null;

  private readonly cardIdsByAccount = new Map<string, string[]>();
  private readonly transactionsByCard = new Map<string, Transaction[]>();
  private readonly transactionsByAccount = new Map<string, Transaction[]>();
  private readonly referencesByAccount = new Map<string, Set<string>>();

  /** IDs for objects created at run time; deterministic for a given seed and call order. */
  readonly ids: IdFactory;
  /** Draws for run-time values such as new card numbers' last digits and expiry months. */
  readonly random: Random;

  constructor(
    seed: number,
    /** The sandbox clock; everything time-dependent reads it. */
    readonly now: () => number,
  ) {
    this.random = new Random(seed, 2);
    this.ids = new IdFactory(new Random(seed, 3));
  }

  addCompany(company: Company): void {
    this.ids.reserve(company.companyId);
    this.companies.set(company.companyId, company);
  }

  addAccount(account: CardAccount): void {
    this.ids.reserve(account.cardAccountId);
    this.accounts.set(account.cardAccountId, account);
    this.cardIdsByAccount.set(account.cardAccountId, []);
    this.transactionsByAccount.set(account.cardAccountId, []);
    this.referencesByAccount.set(account.cardAccountId, new Set());
  }

  addCard(card: Card): void {
    this.ids.reserve(card.enKashCardId);
    this.ids.reserve(card.holder.userId);
    this.cards.set(card.enKashCardId, card);
    this.cardIdsByAccount.get(card.cardAccountId)?.push(card.enKashCardId);
    this.transactionsByCard.set(card.enKashCardId, []);
  }

  addTransaction(transaction: Transaction): void {
    this.ids.reserve(transaction.enKashTransactionId);
    this.transactions.set(transaction.enKashTransactionId, transaction);
    this.transactionsByCard.get(transaction.enKashCardId)?.push(transaction);
    this.transactionsByAccount.get(transaction.cardAccountId)?.push(transaction);
    if (transaction.pgReferenceNumber !== null && transaction.direction === "CR") {
      this.referencesByAccount.get(transaction.cardAccountId)?.add(transaction.pgReferenceNumber);
    }
    this.onChange?.({ kind: "transaction", transaction });
  }

  /** Called by whatever changes a card's status, once the card shows the change (modifiedOn too). */
  statusChanged(card: Card): void {
    this.onChange?.({ kind: "status", card });
  }

  /** Puts each account's and card's transactions in time order (seeding adds them card by card). */
  sortTransactions(): void {
    const byTime = (a: Transaction, b: Transaction) =>
      a.at - b.at || compare(a.enKashTransactionId, b.enKashTransactionId);
    for (const list of this.transactionsByAccount.values()) list.sort(byTime);
    for (const list of this.transactionsByCard.values()) list.sort(byTime);
  }

  cardsOf(cardAccountId: string): Card[] {
    const ids = this.cardIdsByAccount.get(cardAccountId) ?? [];
    return ids.flatMap((id) => {
      const card = this.cards.get(id);
      return card ? [card] : [];
    });
  }

  transactionsOfCard(enKashCardId: string): readonly Transaction[] {
    return this.transactionsByCard.get(enKashCardId) ?? [];
  }

  transactionsOfAccount(cardAccountId: string): readonly Transaction[] {
    return this.transactionsByAccount.get(cardAccountId) ?? [];
  }

  /** Whether a load with this `uniqueReferenceNumber` already reached this account. */
  hasReference(cardAccountId: string, reference: string): boolean {
    return this.referencesByAccount.get(cardAccountId)?.has(reference) ?? false;
  }

  /**
   * A canonical JSON picture of everything a request could change, for tests that prove a
   * rejected request changed nothing.
   */
  snapshot(): string {
    const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => compare(a, b));
    return JSON.stringify({
      companies: sorted(this.companies),
      plans: sorted(this.plans),
      accounts: sorted(this.accounts),
      cards: sorted(this.cards),
      transactions: sorted(this.transactions),
      otps: sorted(this.otps),
      pgPayments: sorted(this.pgPayments),
    });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
