/**
 * The values that must be the same whichever server answered: card IDs, statuses, balances,
 * transaction IDs and amounts, account title. Read from our schema's answer (this project and the
 * Apollo peers) or from EnKash-shaped data (Hive Gateway and the raw baseline, bench/hive-documents.ts
 * and bench/raw-operations.ts), in one comparable form: amounts in paise, statuses in our enum.
 * Formatting (₹ strings, masks) is each server's own business and is not compared.
 */
// biome-ignore lint/suspicious/noExplicitAny: answers are untyped JSON, read field by field
type Json = any;

const STATUS: Record<string, string> = {
  UL: "ACTIVE",
  L: "LOCKED",
  BL: "BLOCKED",
  AP: "ACTIVATION_IN_PROGRESS",
};
/** Rupees (a number, or our Decimal's text) to paise. */
const paise = (rupees: unknown) =>
  rupees === null || rupees === undefined ? null : Math.round(Number(rupees) * 100);
/** The last part of a global ID's key: the EnKash ID of a card or transaction. */
const localId = (globalId: string) => Buffer.from(globalId, "base64").toString().split("/").at(-1);
const last4 = (mask: string | null | undefined) =>
  /\d{4}$/.exec((mask ?? "").replaceAll(" ", ""))?.[0] ?? null;

export function cardScreenFromGraphql(data: Json): unknown {
  const card = data.card;
  return {
    card: card.enKashCardId,
    status: card.status,
    balance: paise(card.balance.amount),
    controls: [card.controls.pos, card.controls.online, card.controls.atm, card.controls.international],
    account: card.account.title,
    transactions: card.transactions.edges.map((e: Json) => [localId(e.node.id), paise(e.node.amount.amount)]),
    more: card.transactions.pageInfo.hasNextPage,
  };
}

export function cardScreenFromWire(data: Json): unknown {
  const { details, controls, transactions, account } = data;
  return {
    card: details.enKashCardId,
    status: STATUS[details.cardStatus.name],
    balance: paise(details.otbBalance),
    controls: [
      controls.posAllowed,
      controls.onlineAllowed,
      controls.atmAllowed,
      controls.internationalAllowed,
    ],
    account: account.accountTitle,
    transactions: transactions.content
      .slice(0, 10)
      .map((t: Json) => [t.enKashTransactionId, paise(t.principalAmount)]),
    // The raw baseline asks for 11 to learn whether there are more; Hive reads the page's `last`.
    more: transactions.content.length > 10 || !transactions.last,
  };
}

export function transactionsFromGraphql(data: Json): unknown {
  return data.cardAccount.transactions.edges.map((e: Json) => [
    e.node.enKashTransactionId,
    paise(e.node.amount.amount),
    e.node.card.last4,
  ]);
}

export function transactionsFromWire(data: Json): unknown {
  return data.transactions.content.map((t: Json) => [
    t.enKashTransactionId,
    paise(t.principalAmount),
    last4(t.maskedCard),
  ]);
}

export function dashboardFromGraphql(data: Json): unknown {
  const account = data.cardAccount;
  return {
    title: account.title,
    balance: paise(account.availableBalance.formatted.replace(/[₹,]/g, "")),
    cards: account.cards.edges.map((e: Json) => [
      localId(e.node.id),
      e.node.status,
      paise(e.node.balance.amount),
      e.node.transactions.edges.map((t: Json) => localId(t.node.id)),
    ]),
  };
}

/** Each card's latest 5 from whatever pages and searches were made (newest first, each once). */
export function dashboardFromWire(data: Json): unknown {
  const byCard = new Map<string, Json[]>();
  const seen = new Set<string>();
  for (const page of data.transactions)
    for (const t of page.content) {
      if (seen.has(t.enKashTransactionId)) continue;
      seen.add(t.enKashTransactionId);
      byCard.set(t.enKashCardId, [...(byCard.get(t.enKashCardId) ?? []), t]);
    }
  const latest = (id: string) =>
    (byCard.get(id) ?? [])
      .sort((a, b) => Date.parse(b.txnDate) - Date.parse(a.txnDate))
      .slice(0, 5)
      .map((t) => t.enKashTransactionId);
  return {
    title: data.account.accountTitle,
    balance: paise(data.account.availableBalance),
    cards: data.cards.content.map((c: Json) => [
      c.enKashCardId,
      STATUS[c.cardStatus.name],
      paise(c.otbBalance),
      latest(c.enKashCardId),
    ]),
  };
}

export function refetchFromGraphql(data: Json): unknown {
  return data.nodes.map((n: Json) => [localId(n.id), n.status, paise(n.balance.amount)]);
}

/** The cards asked for, in order, from a card list or from lookups. */
export const refetchFromWire =
  (ids: string[]) =>
  (data: Json): unknown =>
    ids.map((id) => {
      const card = data.cards.find((c: Json) => c.enKashCardId === id);
      return [id, STATUS[card?.cardStatus?.name], paise(card?.otbBalance)];
    });

/** A mutation's card: only its status compares (each server creates or blocks a card of its own). */
export const statusFromGraphql = (data: Json, field: string): unknown => data[field].card.status;
export const statusFromWire = (data: Json): unknown => STATUS[data.card.cardStatus.name];
