import { type Paise, parseRupees } from "../shared/money.ts";
import { Random } from "./random.ts";
import {
  CATEGORIES_BY_ACCOUNT_TYPE,
  FIRST_NAMES,
  LAST_NAMES,
  MERCHANTS,
  PLACES,
  STREETS,
} from "./seed-data.ts";
import { buildCard, makePrimary, NO_DELIVERY } from "./state/cards.ts";
import { recordTransaction } from "./state/ledger.ts";
import { purchase } from "./state/purchase.ts";
import { SandboxState } from "./state/store.ts";
import type {
  AccountType,
  BlockCode,
  Card,
  CardAccount,
  Cardholder,
  KycStatus,
  PgPayment,
} from "./state/types.ts";

export interface SeedOptions {
  seed: number;
  /** The instant seed history runs up to; 90 days of transactions end here. */
  anchor: number;
  cardsPerAccount: number;
  transactionsPerCard: number;
  now: () => number;
}

const DAY = 24 * 60 * 60 * 1000;

function rupees(text: string): Paise {
  const paise = parseRupees(text);
  if (paise === undefined) throw new Error(`bad seed amount ${text}`);
  return paise;
}

/**
 * Builds the sandbox's starting state: the companies, accounts and cards named in EnKash's
 * documented examples (so every example request works verbatim), then generated cards with
 * 90 days of history. The same options always give the same state.
 */
export function seedState(options: SeedOptions): SandboxState {
  const state = new SandboxState(options.seed, options.now);
  const random = new Random(options.seed, 1);
  const { anchor } = options;

  for (const [planMasterId, description] of [
    ["PMGAZ7L5A", "Gift card programme"],
    ["PMRGPR001", "Reloadable prepaid programme"],
    ["PMMEAL001", "Meal card programme"],
    ["PMCORP001", "Corporate expense programme"],
  ] as const) {
    state.plans.set(planMasterId, { planMasterId, description });
  }

  state.addCompany({
    companyId: "CEKEP5GSGP",
    companyName: "Anay Gift",
    email: "anay.nagar+apitest@enkash.com",
    mobile: "6001020030",
  });
  state.addCompany({
    companyId: "CEK7T1WMC6",
    companyName: "Vikram Singh",
    email: "vikram.singh@example.in",
    mobile: "9167019711",
  });

  const account = (
    cardAccountId: string,
    companyId: string,
    accountType: AccountType,
    accountTitle: string,
    planMasterId: string,
    availableBalance: string,
  ): CardAccount => {
    const company = state.companies.get(companyId);
    const created: CardAccount = {
      cardAccountId,
      companyId,
      accountTitle,
      accountType,
      planMasterId,
      email: company?.email ?? "",
      mobile: company?.mobile ?? "",
      availableBalance: rupees(availableBalance),
      primaryCardId: null,
      // Every account may issue physical cards; gift cards too (the newest portal: "physical or
      // virtual"). Whether a card may order one later is the card's own physicalCardAllowed.
      physicalCardAllowed: true,
      createdOn: anchor - 400 * DAY,
    };
    state.addAccount(created);
    return created;
  };
  const gift = account("CAA8W45", "CEKEP5GSGP", "GIFT", "Anay Gift Cards", "PMGAZ7L5A", "99500");
  const prepaid = account(
    "CABFIPS",
    "CEKEP5GSGP",
    "RELOADABLE_GPR",
    "Anay Reloadable Prepaid",
    "PMRGPR001",
    "500000",
  );
  const meal = account("CAC7975", "CEKEP5GSGP", "MEAL", "Anay Meal Cards", "PMMEAL001", "250000");
  const corporate = account(
    "CAVBMRFE8",
    "CEK7T1WMC6",
    "CORPORATE",
    "Vikram Corporate Expenses",
    "PMCORP001",
    "898138",
  );

  seedDocumentedCards(state, { gift, prepaid, meal, corporate }, random, anchor);

  for (const target of [gift, prepaid, meal, corporate]) {
    for (let i = 0; i < options.cardsPerAccount; i++) {
      seedGeneratedCard(state, target, random, anchor, options.transactionsPerCard);
    }
  }

  // EnKash's example for CAVBMRFE8 shows 92415.44 on its cards; settle the generated history to it.
  // After every generated transaction (they end a minute before the anchor), so running balances hold.
  settleCardBalances(state, corporate, rupees("92415.44"), anchor - 30_000);
  state.sortTransactions();
  seedPgPayments(state, anchor);
  return state;
}

function seedDocumentedCards(
  state: SandboxState,
  accounts: Record<"gift" | "prepaid" | "meal" | "corporate", CardAccount>,
  random: Random,
  anchor: number,
): void {
  // The card object of EnKash's create-card response example, field for field.
  const created = Date.parse("2025-01-29T06:27:51Z");
  const johnny = buildCard(state, {
    account: accounts.gift,
    enKashCardId: "EKC94AEX89",
    token: "cf5295da683104b6580",
    extEntityId: "EXT58EDZTA1U1",
    last4: "3211",
    expiry: { month: "01", year: "2027" },
    createdOn: created,
    holder: {
      userId: "EK94JCMP",
      title: "Mr",
      firstName: "Johnny",
      middleName: null,
      lastName: "Dew",
      gender: "M",
      email: "johnnydew@enkash.com",
      mobile: "6876543211",
      specialDate: "2000-02-14",
      address: "123 Street Name",
      address2: "Apt 456",
      city: "Pune",
      state: "Maharashtra",
      country: "India",
      pincode: "323908",
      pan: null,
    },
    physicalCard: false,
    physicalDeliveryAddressFlag: true,
    delivery: {
      deliveryAddress: "789 Delivery St",
      deliveryAddress2: "Suite 101",
      deliveryCity: "Mumbai",
      deliveryState: "Maharashtra",
      deliveryCountry: "India",
      deliveryPincode: "323307",
    },
    primaryCard: false,
    remarks: "This is a test card",
    status: "UL",
  });
  // Source 002 shows every POS/ATM/online switch off, the administrator's too.
  johnny.controls.flags = {
    ...johnny.controls.flags,
    posAllowed: false,
    onlineAllowed: false,
    atmAllowed: false,
  };
  johnny.controls.adminFlags = { posAllowedAdmin: false, onlineAllowedAdmin: false, atmAllowedAdmin: false };
  state.addCard(johnny);
  makePrimary(state, johnny);
  initialLoad(state, johnny, rupees("500"), created, "ECTNY27ELILVP");

  const documented: [
    CardAccount,
    string,
    Partial<Cardholder>,
    { token?: string; bin?: string; last4?: string; month?: string },
  ][] = [
    [accounts.prepaid, "EKCMB7KAEW", {}, {}],
    [accounts.meal, "EKCBEFFEC1", { mobile: "6012345611" }, {}],
    // Reference 7.15 shows this card as `2004 01XX XXXX XX87`: its BIN is 200401, its last
    // digits 87 (the two hidden ones are the sandbox's).
    [
      accounts.corporate,
      "EKCQMY9BQ0",
      { userId: "EK8IHN4B" },
      { token: "30acb157bcea5ae6d3b9", bin: "200401", last4: "4587", month: "08" },
    ],
    [
      accounts.corporate,
      "EKCE54IDPE",
      { userId: "EKHCPB7W" },
      { token: "1cfc6f4d558064eb6a20", last4: "2209" },
    ],
  ];
  // The first documented card (reference 7.4's examples) is the one a newcomer tries first.
  state.examples = { companyId: accounts.prepaid.companyId, enKashCardId: "EKCMB7KAEW" };
  for (const [account, enKashCardId, holder, card] of documented) {
    const createdOn = anchor - 85 * DAY;
    const built = buildCard(state, {
      account,
      enKashCardId,
      ...(card.token ? { token: card.token } : {}),
      ...(card.bin ? { bin: card.bin } : {}),
      ...(card.last4 ? { last4: card.last4 } : {}),
      ...(card.month ? { expiry: { month: card.month, year: "2029" } } : {}),
      createdOn,
      holder: { ...generateHolder(state, random), ...holder },
      physicalCard: false,
      physicalDeliveryAddressFlag: false,
      delivery: NO_DELIVERY,
      primaryCard: false,
      remarks: null,
      status: "UL",
      kycStatus: "MIN_KYC",
    });
    state.addCard(built);
    if (account.primaryCardId === null) makePrimary(state, built);
    seedHistory(state, built, account, random, anchor, 40);
  }
}

function seedGeneratedCard(
  state: SandboxState,
  account: CardAccount,
  random: Random,
  anchor: number,
  transactions: number,
): void {
  const physical = random.chance(0.3);
  const createdOn = anchor - random.int(60, 90) * DAY - random.int(0, DAY - 1);
  const holder = generateHolder(state, random);
  const card = buildCard(state, {
    account,
    createdOn,
    holder,
    physicalCard: physical,
    physicalDeliveryAddressFlag: physical && random.chance(0.5),
    delivery: physical
      ? {
          deliveryAddress: holder.address,
          deliveryAddress2: holder.address2,
          deliveryCity: holder.city,
          deliveryState: holder.state,
          deliveryCountry: holder.country,
          deliveryPincode: holder.pincode,
        }
      : NO_DELIVERY,
    primaryCard: false,
    remarks: null,
    status: "UL",
    kycStatus:
      account.accountType === "GIFT"
        ? random.pick<KycStatus>(["NOT_UPLOADED", "MIN_KYC"])
        : random.weighted<KycStatus>([
            ["NOT_UPLOADED", 2],
            ["MIN_KYC", 5],
            ["FULL_KYC", 2],
            ["UNDER_REVIEW", 1],
          ]),
  });
  state.addCard(card);
  if (account.primaryCardId === null) makePrimary(state, card);
  seedHistory(state, card, account, random, anchor, transactions);
  // The card's state today: most usable, some frozen, blocked or (physical, never activated) in AP.
  const status: BlockCode =
    physical && random.chance(0.25)
      ? "AP"
      : random.weighted<BlockCode>([
          ["UL", 16],
          ["L", 2],
          ["BL", 2],
        ]);
  card.status = status;
  card.cardActivated = status !== "AP" && random.chance(0.8);
  if (status === "BL")
    card.blockReason = random.pick(["Card lost", "Card stolen", "Suspicious activity", "Employee exited"]);
  if (status === "L") card.blockReason = "Temporarily locked by cardholder";
}

/** A cardholder with an Indian name, address, mobile and (sometimes) PAN. */
function generateHolder(state: SandboxState, random: Random): Cardholder {
  const [firstName, gender] = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const [city, region, pinPrefix] = random.pick(PLACES);
  const year = random.int(1965, 2003);
  return {
    userId: state.ids.next("EK", 6),
    title: gender === "M" ? "Mr" : random.pick(["Ms", "Mrs"]),
    firstName,
    middleName: null,
    lastName,
    gender,
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}${random.int(1, 99)}@example.in`,
    mobile: `${random.int(6, 9)}${random.digits(9)}`,
    specialDate: `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`,
    address: `${random.int(1, 250)}, ${random.pick(STREETS)}`,
    address2: random.chance(0.5) ? `Flat ${random.int(101, 1204)}` : null,
    city,
    state: region,
    country: "India",
    pincode: `${pinPrefix}${random.digits(3)}`,
    pan: random.chance(0.5)
      ? `${random.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3)}P${lastName.charAt(0)}${random.digits(4)}${random.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1)}`
      : null,
  };
}

function initialLoad(state: SandboxState, card: Card, amount: Paise, at: number, id?: string): void {
  const txn = recordTransaction(state, {
    card,
    amount,
    direction: "CR",
    type: "ALLOCATE_FUND",
    transactionCode: "ALLOCATION",
    status: "SUCCESS",
    at,
    description: "Initial load on card issue",
    pgReferenceNumber: `SEED${card.enKashCardId}`,
    ...(id ? { id } : {}),
  });
  // The load at issue is the card's loadAmount; source 002 shows lastAllocatedAmount 0 beside
  // loadAmount 500, so only later loads count as allocations.
  card.loadAmount = amount;
  card.lastTransactionId = txn.enKashTransactionId;
}

/** Loads, spends (some declined), and refunds from the card's issue up to the anchor. */
function seedHistory(
  state: SandboxState,
  card: Card,
  account: CardAccount,
  random: Random,
  anchor: number,
  count: number,
): void {
  const isGift = account.accountType === "GIFT";
  const span = anchor - card.createdOn;
  const firstLoad = rupees(String(isGift ? random.pick([500, 1000, 2000, 5000]) : random.int(20, 200) * 100));
  initialLoad(state, card, firstLoad, card.createdOn + 60_000);
  if (count === 0) return;
  const times = Array.from(
    { length: count - 1 },
    () => card.createdOn + 120_000 + Math.floor(random.next() * (span - 180_000)),
  ).sort((a, b) => a - b);
  const categories =
    CATEGORIES_BY_ACCOUNT_TYPE[account.accountType] ?? CATEGORIES_BY_ACCOUNT_TYPE.RELOADABLE_GPR ?? [];
  const merchants = MERCHANTS.filter(
    (merchant) => categories.includes(merchant.category) && !(isGift && merchant.channel === "ATM"),
  );
  const purchases: { amount: Paise; name: string }[] = [];
  for (const at of times) {
    const roll = random.next();
    if (!isGift && roll < 0.15) {
      const amount = rupees(String(random.int(10, 150) * 100));
      const txn = recordTransaction(state, {
        card,
        amount,
        direction: "CR",
        type: "ALLOCATE_FUND",
        transactionCode: "ALLOCATION",
        status: "SUCCESS",
        at,
        description: "Load from card account",
        pgReferenceNumber: `SEED${random.chars("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10)}`,
      });
      card.lastAllocatedAmount = amount;
      card.lastTransactionId = txn.enKashTransactionId;
    } else if (roll < 0.2 && purchases.length > 0) {
      const refunded = purchases.splice(random.int(0, purchases.length - 1), 1)[0];
      if (!refunded) continue;
      recordTransaction(state, {
        card,
        amount: refunded.amount,
        direction: "CR",
        type: "REFUND",
        status: "SUCCESS",
        at,
        description: `Refund from ${refunded.name}`,
      });
    } else {
      const template = random.pick(merchants);
      const amount = random.int(template.min * 100, template.max * 100);
      const [city] = random.pick(PLACES);
      const txn = purchase(
        state,
        card,
        {
          amount,
          merchant: { name: template.name, mcc: template.mcc, channel: template.channel, city },
          international: false,
          contactless: template.channel === "POS" && random.chance(0.4),
        },
        at,
      );
      if (txn.status === "SUCCESS") purchases.push({ amount, name: template.name });
    }
  }
}

/**
 * Brings the sum of an account's card balances to `target`: tops up the primary card, or
 * recovers funds (type RECOVERY) from the fullest cards.
 */
function settleCardBalances(state: SandboxState, account: CardAccount, target: Paise, at: number): void {
  const cards = state.cardsOf(account.cardAccountId);
  let gap = target - cards.reduce((sum, card) => sum + card.balance, 0);
  const primary = account.primaryCardId ? state.cards.get(account.primaryCardId) : undefined;
  if (gap > 0 && primary) {
    recordTransaction(state, {
      card: primary,
      amount: gap,
      direction: "CR",
      type: "ALLOCATE_FUND",
      transactionCode: "ALLOCATION",
      status: "SUCCESS",
      at,
      description: "Load from card account",
      pgReferenceNumber: `SEEDSETTLE${account.cardAccountId}`,
    });
    return;
  }
  for (const card of [...cards].sort((a, b) => b.balance - a.balance)) {
    if (gap >= 0) break;
    const amount = Math.min(card.balance, -gap);
    if (amount === 0) continue;
    recordTransaction(state, {
      card,
      amount,
      direction: "DR",
      type: "RECOVERY",
      status: "SUCCESS",
      at,
      description: "Recovery to card account",
    });
    gap += amount;
  }
}

function seedPgPayments(state: SandboxState, anchor: number): void {
  const payments: PgPayment[] = [
    {
      ekPayId: "EKPAYSBX0001",
      orderId: "ORDER1001",
      amount: rupees("1499.00"),
      status: "PENDING_OTP",
      failedAttempts: 0,
      resends: 0,
      createdOn: anchor,
    },
    {
      ekPayId: "EKPAYSBX0002",
      orderId: "ORDER1002",
      amount: rupees("250.50"),
      status: "PENDING_OTP",
      failedAttempts: 0,
      resends: 0,
      createdOn: anchor,
    },
    {
      ekPayId: "EKPAYSBX0003",
      orderId: "ORDER1003",
      amount: rupees("99.99"),
      status: "SUCCESS",
      failedAttempts: 0,
      resends: 0,
      createdOn: anchor - DAY,
    },
  ];
  for (const payment of payments) {
    state.ids.reserve(payment.ekPayId);
    state.pgPayments.set(payment.ekPayId, payment);
  }
}
