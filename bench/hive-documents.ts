import type { GraphqlAnswer } from "./stack.ts";

/**
 * What a client of the Hive Gateway peer sends for each operation: documents over the schema Mesh
 * generates from the OpenAPI description (bench/peers/enkash-openapi.json), one root field per
 * EnKash call, selecting the same data our documents show (raw EnKash fields: the client formats).
 * Each returns the answer's data reshaped as EnKash payloads, the form the raw baseline answers
 * in, so bench/values.ts reads both the same way.
 */
type Gql = (query: string, variables: Record<string, unknown>) => Promise<GraphqlAnswer>;
export type HiveOperation = (
  gql: Gql,
  v: Record<string, unknown>,
) => Promise<{ data?: unknown; errors?: unknown }>;
type Envelopes = Record<string, { payload: unknown } | null>;

const CARD_FIELDS = `enKashCardId maskedNumber expiryMonth expiryYear firstName lastName mobile email otbBalance usedDtd
  physicalCard cardActivated prepaidCard cardStatus { name } kycStatus { name } kitType { name }`;
const TRANSACTION_FIELDS = `enKashTransactionId enKashCardId companyId cardAccountId maskedCard principalAmount balance
  cardTransactionType type status declineReason txnDate pgReferenceNumber txnDetails { merchantName mcc channel }`;
const ACCOUNT_FIELDS =
  "accountTitle accountType { name } availableBalance availableCardBalance totalCards activeCards";

/** Envelopes to payloads (every field of these documents is an EnKash call answered in one). */
const payloads = (data: unknown) =>
  Object.fromEntries(Object.entries((data ?? {}) as Envelopes).map(([key, value]) => [key, value?.payload]));

const CARD_SCREEN = `query CardScreen($card: CardRequest_Input, $account: AccountRequest_Input, $transactions: SearchTransactionsRequest_Input) {
  details: getCardDetails(input: $card) { payload { ${CARD_FIELDS} } }
  controls: getUsageControls(input: $card) {
    payload { posAllowed onlineAllowed atmAllowed internationalAllowed contactlessAllowed perTxnLimit dtd dtdCount }
  }
  transactions: searchTransactions(input: $transactions) { payload { last content { ${TRANSACTION_FIELDS} } } }
  account: getCardAccount(input: $account) { payload { accountTitle accountType { name } } }
}`;

export const cardScreen: HiveOperation = async (gql, v) => {
  const { companyId, cardAccountId, enKashCardId } = v;
  const answer = await gql(CARD_SCREEN, {
    card: { companyId, cardAccountId, enKashCardId },
    account: { companyId, cardAccountId },
    transactions: { companyId, cardAccountId, enKashCardId, size: 10 },
  });
  return { data: payloads(answer.data), errors: answer.errors };
};

const TRANSACTIONS_PAGE = `query TransactionsPage($account: AccountRequest_Input, $transactions: SearchTransactionsRequest_Input) {
  account: getCardAccount(input: $account) { payload { cardAccountId } }
  transactions: searchTransactions(input: $transactions) { payload { last content { ${TRANSACTION_FIELDS} } } }
}`;

export const transactionsPage: HiveOperation = async (gql, v) => {
  const account = { companyId: v.companyId, cardAccountId: v.cardAccountId };
  const answer = await gql(TRANSACTIONS_PAGE, {
    account,
    transactions: { ...account, cardTransactionType: "DR", amountFrom: 100, size: v.first },
  });
  return { data: payloads(answer.data), errors: answer.errors };
};

const DASHBOARD = `query AccountDashboard($account: AccountRequest_Input, $cards: ListCardsRequest_Input) {
  account: getCardAccount(input: $account) { payload { ${ACCOUNT_FIELDS} } }
  cards: listCards(input: $cards) {
    payload { totalElements last content { enKashCardId maskedNumber otbBalance firstName lastName cardStatus { name } } }
  }
}`;

/**
 * Two documents, one after the other: the generated schema has no field from a card to its
 * transactions, so the client learns the card IDs first, then asks for each card's last 5.
 */
export const accountDashboard: HiveOperation = async (gql, v) => {
  const account = { companyId: v.companyId, cardAccountId: v.cardAccountId };
  const first = await gql(DASHBOARD, { account, cards: { ...account, size: v.cards } });
  if (first.errors) return first;
  const data = payloads(first.data) as { cards: { content: { enKashCardId: string }[] } };
  const ids = data.cards.content.map((card) => card.enKashCardId);
  const second = await gql(transactionsOf(ids), account);
  const envelopes = (second.data ?? {}) as Envelopes;
  return {
    data: { ...data, transactions: ids.map((_, i) => envelopes[`t${i}`]?.payload) },
    errors: second.errors,
  };
};

/** One search per card, aliased; the document is the same from run to run (cached by the gateway). */
const transactionDocuments = new Map<string, string>();
function transactionsOf(ids: string[]): string {
  const key = ids.join();
  let document = transactionDocuments.get(key);
  if (!document) {
    const fields = ids.map(
      (id, i) =>
        `t${i}: searchTransactions(input: { companyId: $companyId, cardAccountId: $cardAccountId, enKashCardId: "${id}", size: 5 }) {
    payload { content { enKashTransactionId enKashCardId principalAmount cardTransactionType status txnDate txnDetails { merchantName } } }
  }`,
    );
    document = `query DashboardTransactions($companyId: String!, $cardAccountId: String!) {\n  ${fields.join("\n  ")}\n}`;
    transactionDocuments.set(key, document);
  }
  return document;
}

/** Twenty aliased card lookups: the generated schema fetches cards by their EnKash IDs only. */
export function refetchCards(
  account: { companyId: string; cardAccountId: string },
  ids: string[],
): HiveOperation {
  const document = `query RefetchCards {\n${ids
    .map(
      (id, i) =>
        `  c${i}: getCardDetails(input: { companyId: "${account.companyId}", cardAccountId: "${account.cardAccountId}", enKashCardId: "${id}" }) { payload { enKashCardId otbBalance cardStatus { name } } }`,
    )
    .join("\n")}\n}`;
  return async (gql) => {
    const answer = await gql(document, {});
    return { data: { cards: Object.values(payloads(answer.data)) }, errors: answer.errors };
  };
}
