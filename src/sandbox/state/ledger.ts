import type { Paise } from "../../shared/money.ts";
import type { SandboxState } from "./store.ts";
import type { Card, Direction, Merchant, Transaction, TransactionStatus } from "./types.ts";

export interface TransactionInput {
  card: Card;
  amount: Paise;
  direction: Direction;
  type: string;
  status: TransactionStatus;
  at: number;
  description: string;
  transactionCode?: string | null;
  pgReferenceNumber?: string | null;
  merchant?: Merchant | null;
  international?: boolean;
  contactless?: boolean;
  declineReason?: string | null;
  id?: string;
}

/**
 * Records a transaction against a card. A successful one moves the card's balance; a declined
 * one is kept for the record and moves nothing. Account balances are the caller's business.
 */
export function recordTransaction(state: SandboxState, input: TransactionInput): Transaction {
  const { card } = input;
  if (input.status === "SUCCESS") {
    card.balance += input.direction === "CR" ? input.amount : -input.amount;
  }
  const transaction: Transaction = {
    enKashTransactionId: input.id ?? state.ids.next("ECTR", 9),
    enKashCardId: card.enKashCardId,
    cardAccountId: card.cardAccountId,
    companyId: card.companyId,
    amount: input.amount,
    direction: input.direction,
    type: input.type,
    transactionCode: input.transactionCode ?? null,
    status: input.status,
    pgReferenceNumber: input.pgReferenceNumber ?? null,
    description: input.description,
    at: input.at,
    balanceAfter: card.balance,
    merchant: input.merchant ?? null,
    international: input.international ?? false,
    contactless: input.contactless ?? false,
    declineReason: input.declineReason ?? null,
    retrievalRefNo: state.random.digits(12),
    traceNo: state.random.digits(6),
  };
  state.addTransaction(transaction);
  return transaction;
}
