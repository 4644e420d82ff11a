import type { AccountKey, CardKey } from "../domain/keys.ts";
import type { TransactionRecord } from "../enkash/wire/responses.ts";
import type { MaskedCardNumber } from "../shared/card-number.ts";
import { builder } from "./builder.ts";

/**
 * The graph's object types, declared once so the noun files can point at each other without
 * import cycles. Each is implemented in its own file. Parents are keys; fields load what they need.
 */
export const CompanyRef = builder.objectRef<{ companyId: string }>("Company");
export const CardAccountRef = builder.objectRef<AccountKey>("CardAccount");
/** A card; its `mask`, when its parent already knows it (a transaction does), saves a lookup. */
export const CardRef = builder.objectRef<CardKey & { mask?: MaskedCardNumber | null }>("Card");
/** A transaction is always loaded whole (searches return whole records). */
export const TransactionRef = builder.objectRef<
  TransactionRecord & { companyId: string; cardAccountId: string }
>("Transaction");
