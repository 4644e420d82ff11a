import { z } from "zod";
import { toRupees } from "../../shared/money.ts";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { isGiftAccount } from "../state/cards.ts";
import { recordTransaction } from "../state/ledger.ts";
import { requireAccount, requireCard } from "../state/lookup.ts";
import { maskedNumberField } from "../state/masks.ts";
import { id, positiveAmount } from "./fields.ts";

/** The balance `type` values EnKash lists (the list is cut off after ALLO…; ALLOCATE_FUND is in its examples). */
const LOAD_TYPES = [
  "SALE",
  "REPAYMENT",
  "RECOVERY",
  "LOAD_MONEY",
  "REFUND",
  "REVERSAL",
  "CREDIT",
  "FEE",
  "ALLOCATE_FUND",
] as const;

const loadSchema = z.object({
  // Optional in EnKash's schema; the sandbox needs them to find the account and checks them.
  companyId: id,
  cardAccountId: id,
  enKashCardId: id,
  createdBy: z.string().max(255).nullish(),
  amount: positiveAmount,
  transactionType: z.enum(["CR", "DR"]),
  description: z.string().max(255).nullish(),
  type: z.enum(LOAD_TYPES).nullish(),
  transactionCode: z.string().max(64).nullish(),
  // Treated as required: it is the only protection against loading twice.
  uniqueReferenceNumber: z.string().trim().min(1).max(64),
  remarks: z.string().max(255).nullish(),
});

/**
 * Load Card Balance (reference 7.11): moves money from the account to a card. CR only; not for
 * gift cards or blocked cards; a repeated `uniqueReferenceNumber` or a short account balance is
 * rejected and moves nothing.
 */
export const loadCardBalance: Route = {
  name: "loadCardBalance",
  method: "POST",
  path: "/api/v0/partner/enKashCard/balance",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(loadSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const card = requireCard(state, account, input.enKashCardId);
    if (input.transactionType !== "CR")
      throw new BusinessError("Only CR transactions are allowed for this card type");
    if (isGiftAccount(account)) throw new BusinessError("Gift cards cannot be reloaded");
    if (card.status === "BL") throw new BusinessError("Card is blocked; it cannot be loaded");
    if (state.hasReference(account.cardAccountId, input.uniqueReferenceNumber)) {
      throw new BusinessError("Duplicate uniqueReferenceNumber; this load was already processed");
    }
    if (input.amount > account.availableBalance)
      throw new BusinessError("Insufficient balance in card account");

    account.availableBalance -= input.amount;
    const txn = recordTransaction(state, {
      card,
      amount: input.amount,
      direction: "CR",
      type: input.type ?? "ALLOCATE_FUND",
      transactionCode: input.transactionCode ?? "ALLOCATION",
      status: "SUCCESS",
      at: state.now(),
      description: input.description ?? "Load from card account",
      pgReferenceNumber: input.uniqueReferenceNumber,
    });
    card.lastAllocatedAmount = input.amount;
    card.lastTransactionId = txn.enKashTransactionId;
    card.modifiedOn = txn.at;
    return success({
      enKashCardId: card.enKashCardId,
      cardAccountId: account.cardAccountId,
      enkashCardTxnId: txn.enKashTransactionId,
      pgReferenceNumber: txn.pgReferenceNumber,
      amount: toRupees(txn.amount),
      otbBalance: toRupees(card.balance),
      accountBalance: toRupees(account.availableBalance),
      ...maskedNumberField(card, options.masks),
    });
  },
};
