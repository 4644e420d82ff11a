import { getArgumentValues, getNamedType, Kind } from "graphql";

/**
 * The Apollo peers' resolvers. Both styles share everything but how `card` and `cardAccount`
 * start their EnKash calls:
 * - eager: the root resolver starts every call its selected fields will need (card details,
 *   usage controls, transactions, account; or account, card list, transactions) at once, and the
 *   fields pick up the same calls through the data source's de-duplication: one round;
 * - lookup: the root resolver looks the object up, then each field calls what it needs: two rounds.
 * A card's fields read its EnKash record: the one its list answer carried, or a details call.
 */

const STATUS = { UL: "ACTIVE", L: "LOCKED", BL: "BLOCKED", AP: "ACTIVATION_IN_PROGRESS" };
const DIRECTION = { DR: "DEBIT", CR: "CREDIT" };
const WIRE_DIRECTION = { DEBIT: "DR", CREDIT: "CR" };
const NETWORKS = new Set(["RUPAY", "VISA", "MASTERCARD"]);
const KYC = new Set(["FULL_KYC", "MIN_KYC", "NOT_UPLOADED", "REJECTED", "UNDER_REVIEW"]);
const TXN_STATUS = new Set(["SUCCESS", "DECLINED", "PENDING"]);

const paise = (rupees) => (rupees === null || rupees === undefined ? null : Math.round(Number(rupees) * 100));
const globalId = (type, ...parts) => Buffer.from(`${type}:${parts.join("/")}`).toString("base64");
const cursor = (offset) => Buffer.from(String(offset)).toString("base64");
const offsetOf = (after) => (after ? Number(Buffer.from(after, "base64").toString()) + 1 : 0);
const accountRef = ({ companyId, cardAccountId }) => ({ companyId, cardAccountId });

/** ₹ with Indian digit grouping, from paise. */
function formatInr(amount) {
  const [whole, fraction] = (Math.abs(amount) / 100).toFixed(2).split(".");
  const head = whole.slice(0, -3);
  const grouped = head ? `${head.replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${whole.slice(-3)}` : whole;
  return `${amount < 0 ? "-" : ""}₹${grouped}.${fraction}`;
}

/** The selected sub-fields of the resolver's field, by name, with their arguments (fragments not followed: the bench's documents use none there). */
function selected(info) {
  const type = getNamedType(info.returnType);
  const fields = new Map();
  for (const node of info.fieldNodes[0].selectionSet?.selections ?? []) {
    if (node.kind !== Kind.FIELD) continue;
    const definition = type.getFields()[node.name.value];
    if (definition) fields.set(node.name.value, getArgumentValues(definition, node, info.variableValues));
  }
  return fields;
}

/** One page of `first` transactions (newest first) after the cursor, filtered, in EnKash's terms. */
function transactionPage(api, ref, { first = 20, after, filter }) {
  const offset = offsetOf(after);
  return {
    offset,
    page: api.searchTransactions(ref, {
      page: Math.floor(offset / first),
      size: first,
      direction: WIRE_DIRECTION[filter?.direction],
      amountFrom: filter?.minAmount === undefined ? undefined : Number(filter.minAmount),
    }),
  };
}

async function connection({ offset, page }, node) {
  const { content, last } = await page;
  const edges = content.map((item, i) => ({ cursor: cursor(offset + i), node: node(item) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: !last,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: null,
  };
}

const cardOf = (record) => ({
  ref: {
    companyId: record.companyId,
    cardAccountId: record.cardAccountId,
    enKashCardId: record.enKashCardId,
  },
  record,
});
const transactionOf = (txn) => txn;
const record = (card, api) => card.record ?? api.cardDetails(card.ref);

/** Starts what the selected fields of a card will need (eager style); the fields find it de-duplicated. */
function prefetchCard(api, ref, fields) {
  const started = [];
  if (fields.has("controls")) started.push(api.usageControls(ref));
  if (fields.has("account")) started.push(api.cardAccount(ref));
  if (fields.has("transactions")) started.push(transactionPage(api, ref, fields.get("transactions")).page);
  // The fields await these same calls; a failure is theirs to report.
  for (const call of started) call.catch(() => {});
}

function prefetchAccount(api, ref, fields) {
  const started = [];
  if (fields.has("cards")) started.push(api.listCards(ref, { size: fields.get("cards").first ?? 20 }));
  if (fields.has("transactions")) started.push(transactionPage(api, ref, fields.get("transactions")).page);
  for (const call of started) call.catch(() => {});
}

export function resolvers(style) {
  const eager = style === "eager";
  return {
    Query: {
      card: async (_, ref, { api }, info) => {
        if (eager) prefetchCard(api, ref, selected(info));
        return { ref, record: await api.cardDetails(ref) };
      },
      cardAccount: async (_, ref, { api }, info) => {
        if (eager) prefetchAccount(api, ref, selected(info));
        return { ref, record: await api.cardAccount(ref) };
      },
      nodes: (_, { ids }, { api }) =>
        ids.map(async (id) => {
          const [type, local = ""] = Buffer.from(id, "base64").toString().split(":");
          const [companyId, cardAccountId, enKashCardId] = local.split("/");
          if (type !== "Card" || !enKashCardId) return null;
          const ref = { companyId, cardAccountId, enKashCardId };
          return { __typename: "Card", ref, record: await api.cardDetails(ref) };
        }),
    },
    Node: { __resolveType: (node) => node.__typename },
    Money: {
      amount: (p) => (p / 100).toFixed(2),
      currency: () => "INR",
      formatted: (p) => formatInr(p),
    },
    Card: {
      id: ({ ref }) => globalId("Card", ref.companyId, ref.cardAccountId, ref.enKashCardId),
      enKashCardId: ({ ref }) => ref.enKashCardId,
      kind: async (card, _, { api }) =>
        (await record(card, api)).prepaidCard === false ? "GIFT" : "PREPAID",
      status: async (card, _, { api }) => STATUS[(await record(card, api)).cardStatus?.name],
      maskedNumber: async (card, _, { api }) => card.masked ?? (await record(card, api)).maskedNumber ?? null,
      last4: async (card, _, { api }) => {
        const mask = (card.masked ?? (await record(card, api)).maskedNumber ?? "").replaceAll(" ", "");
        return /\d{4}$/.exec(mask)?.[0] ?? null;
      },
      expiry: async (card, _, { api }) => {
        const { expiryMonth, expiryYear } = await record(card, api);
        if (!expiryMonth || !expiryYear) return null;
        return {
          month: Number(expiryMonth),
          year: Number(expiryYear),
          text: `${expiryMonth}/${expiryYear.slice(-2)}`,
        };
      },
      network: async (card, _, { api }) => {
        const name = (await record(card, api)).kitType?.name;
        return name ? (NETWORKS.has(name) ? name : "OTHER") : null;
      },
      physical: async (card, _, { api }) => (await record(card, api)).physicalCard ?? null,
      activated: async (card, _, { api }) => (await record(card, api)).cardActivated ?? null,
      kycStatus: async (card, _, { api }) => {
        const name = (await record(card, api)).kycStatus?.name;
        return name ? (KYC.has(name) ? name : "OTHER") : null;
      },
      cardholder: (card, _, { api }) => record(card, api),
      balance: async (card, _, { api }) => paise((await record(card, api)).otbBalance),
      spentToday: async (card, _, { api }) => paise((await record(card, api)).usedDtd),
      controls: ({ ref }, _, { api }) => api.usageControls(ref),
      account: async ({ ref }, _, { api }) => ({ ref: accountRef(ref), record: await api.cardAccount(ref) }),
      transactions: ({ ref }, args, { api }) => connection(transactionPage(api, ref, args), transactionOf),
    },
    Cardholder: {
      name: (r) => [r.firstName, r.lastName].filter(Boolean).join(" ") || null,
      maskedMobile: ({ mobile }) =>
        mobile ? `${mobile.slice(0, 2)}${"X".repeat(mobile.length - 4)}${mobile.slice(-2)}` : null,
      maskedEmail: ({ email }) => {
        if (!email) return null;
        const [local, domain] = email.split("@");
        return `${local.slice(0, 2)}${"*".repeat(Math.max(1, local.length - 2))}@${domain}`;
      },
    },
    CardControls: {
      pos: (c) => c.posAllowed ?? null,
      online: (c) => c.onlineAllowed ?? null,
      atm: (c) => c.atmAllowed ?? null,
      international: (c) => c.internationalAllowed ?? null,
      contactless: (c) => c.contactlessAllowed ?? null,
      limits: (c) => c,
    },
    CardLimits: {
      perTransaction: (c) => paise(c.perTxnLimit),
      daily: (c) => paise(c.dtd),
      dailyCount: (c) => c.dtdCount ?? null,
    },
    CardAccount: {
      id: ({ ref }) => globalId("CardAccount", ref.companyId, ref.cardAccountId),
      cardAccountId: ({ ref }) => ref.cardAccountId,
      title: ({ record }) => record.accountTitle ?? null,
      type: ({ record }) => record.accountType?.name ?? null,
      availableBalance: ({ record }) => paise(record.availableBalance),
      balanceOnCards: ({ record }) => paise(record.availableCardBalance),
      cardCounts: ({ record }) => ({ total: record.totalCards ?? null, active: record.activeCards ?? null }),
      cards: async ({ ref }, { first = 20, after }, { api }) => {
        const offset = offsetOf(after);
        const page = await api.listCards(ref, { page: Math.floor(offset / first), size: first });
        const result = await connection({ offset, page }, cardOf);
        return { ...result, totalCount: page.totalElements ?? null };
      },
      transactions: ({ ref }, args, { api }) => connection(transactionPage(api, ref, args), transactionOf),
    },
    Transaction: {
      id: (t) => globalId("Transaction", t.companyId, t.cardAccountId, t.enKashCardId, t.enKashTransactionId),
      amount: (t) => paise(t.principalAmount),
      balanceAfter: (t) => paise(t.balance),
      direction: (t) => DIRECTION[t.cardTransactionType],
      rawStatus: (t) => t.status,
      status: (t) => (TXN_STATUS.has(t.status) ? t.status : "OTHER"),
      time: (t) => t.txnDate,
      referenceNumber: (t) => t.pgReferenceNumber ?? null,
      merchant: ({ txnDetails }) =>
        txnDetails?.merchantName
          ? {
              name: txnDetails.merchantName,
              mcc: txnDetails.mcc ?? null,
              channel: txnDetails.channel ?? null,
            }
          : null,
      card: (t) => ({
        ref: { companyId: t.companyId, cardAccountId: t.cardAccountId, enKashCardId: t.enKashCardId },
        masked: t.maskedCard,
      }),
    },
  };
}
