import type { Context } from "../context.ts";
import { builder } from "./builder.ts";
import { MoneyRef } from "./money.ts";

/** A card's usage controls (EnKash's Get Usage Controls, reference 7.9), a call of their own. */
type Controls = NonNullable<Awaited<ReturnType<Context["loaders"]["controls"]["load"]>>>;

const CardLimitsRef = builder.objectRef<Controls>("CardLimits").implement({
  description: "Spending limits; null means no limit.",
  fields: (t) => ({
    perTransaction: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most one spend may be.",
      resolve: (c) => c.perTxnLimit,
    }),
    daily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent per day (IST).",
      resolve: (c) => c.dtd,
    }),
    monthly: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent per calendar month.",
      resolve: (c) => c.mtd,
    }),
    yearly: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent per calendar year.",
      resolve: (c) => c.ytd,
    }),
    posDaily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent in stores per day.",
      resolve: (c) => c.posDailyLimit,
    }),
    onlineDaily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent online per day.",
      resolve: (c) => c.ecomDailyLimit,
    }),
    contactlessDaily: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Most spent by tap per day.",
      resolve: (c) => c.contactLessDailyLimit,
    }),
    dailyCount: t.int({ nullable: true, description: "Most spends per day.", resolve: (c) => c.dtdCount }),
    monthlyCount: t.int({
      nullable: true,
      description: "Most spends per month.",
      resolve: (c) => c.mtdCount,
    }),
    yearlyCount: t.int({ nullable: true, description: "Most spends per year.", resolve: (c) => c.ytdCount }),
    posDailyCount: t.int({
      nullable: true,
      description: "Most store spends per day.",
      resolve: (c) => c.posDailyLimitCount,
    }),
    onlineDailyCount: t.int({
      nullable: true,
      description: "Most online spends per day.",
      resolve: (c) => c.ecomDailyLimitCount,
    }),
    contactlessDailyCount: t.int({
      nullable: true,
      description: "Most tap spends per day.",
      resolve: (c) => c.contactLessDailyLimitCount,
    }),
  }),
});

export const CardControlsRef = builder.objectRef<Controls>("CardControls").implement({
  description: "Where and how much the card may be used.",
  fields: (t) => ({
    pos: t.boolean({
      nullable: true,
      description: "In-store (POS) spends allowed; null when EnKash does not say.",
      resolve: (c) => c.posAllowed,
    }),
    online: t.boolean({
      nullable: true,
      description: "Online (e-commerce) spends allowed.",
      resolve: (c) => c.onlineAllowed,
    }),
    atm: t.boolean({ nullable: true, description: "ATM withdrawals allowed.", resolve: (c) => c.atmAllowed }),
    international: t.boolean({
      nullable: true,
      description: "Spends abroad allowed.",
      resolve: (c) => c.internationalAllowed,
    }),
    contactless: t.boolean({
      nullable: true,
      description: "Tap-to-pay allowed.",
      resolve: (c) => c.contactlessAllowed,
    }),
    limits: t.field({ type: CardLimitsRef, description: "Amount and count limits.", resolve: (c) => c }),
  }),
});
