import { z } from "zod";
import { paise } from "../enkash/wire/common.ts";
import { countLimit } from "../enkash/wire/rules.ts";
import { builder } from "./builder.ts";
import { cardPayload, cardTarget, fresh } from "./card-payload.ts";
import { defineMutation, type InputFields } from "./mutation.ts";

/** updateCardControls: EnKash's Card Usage Controls (reference 7.9). */

const LimitsInput = builder.inputType("CardLimitsInput", {
  description: "Limits to change; absent fields stay as they are, null removes a limit.",
  fields: (t) => ({
    perTransaction: t.field({
      type: "Decimal",
      required: false,
      description: "Most one spend may be (rupees).",
    }),
    daily: t.field({ type: "Decimal", required: false, description: "Most spent per day." }),
    monthly: t.field({ type: "Decimal", required: false, description: "Most spent per month." }),
    yearly: t.field({ type: "Decimal", required: false, description: "Most spent per year." }),
    posDaily: t.field({ type: "Decimal", required: false, description: "Most spent in stores per day." }),
    onlineDaily: t.field({ type: "Decimal", required: false, description: "Most spent online per day." }),
    contactlessDaily: t.field({
      type: "Decimal",
      required: false,
      description: "Most spent by tap per day.",
    }),
    dailyCount: t.int({ required: false, description: "Most spends per day." }),
    monthlyCount: t.int({ required: false, description: "Most spends per month." }),
    yearlyCount: t.int({ required: false, description: "Most spends per year." }),
    posDailyCount: t.int({ required: false, description: "Most store spends per day." }),
    onlineDailyCount: t.int({ required: false, description: "Most online spends per day." }),
    contactlessDailyCount: t.int({ required: false, description: "Most tap spends per day." }),
  }),
});

/** A switch is on or off; null would mean "remove", which a switch cannot be. */
const onOff = z.boolean({ message: "must be true or false" }).optional();
/** A limit: a value, or null to remove it. */
const amount = paise.nullable().optional();
const count = countLimit.nullable().optional();

defineMutation({
  name: "updateCardControls",
  description: "Changes where and how much a card may be used. Not allowed on a BLOCKED card.",
  scope: "cards:write",
  idempotent: true,
  input: {
    description: "Channel switches and limits to change on a card; absent fields stay as they are.",
    fields: (t: InputFields) => ({
      cardId: t.id({ description: "Global ID of the Card." }),
      pos: t.boolean({ required: false, description: "Allow in-store spends." }),
      online: t.boolean({ required: false, description: "Allow online spends." }),
      atm: t.boolean({ required: false, description: "Allow ATM withdrawals." }),
      international: t.boolean({ required: false, description: "Allow spends abroad." }),
      contactless: t.boolean({ required: false, description: "Allow tap-to-pay." }),
      limits: t.field({ type: LimitsInput, required: false, description: "Amount and count limits." }),
    }),
  },
  payload: cardPayload("updateCardControls"),
  validate: z.object({
    pos: onOff,
    online: onOff,
    atm: onOff,
    international: onOff,
    contactless: onOff,
    limits: z
      .object({
        perTransaction: amount,
        daily: amount,
        monthly: amount,
        yearly: amount,
        posDaily: amount,
        onlineDaily: amount,
        contactlessDaily: amount,
        dailyCount: count,
        monthlyCount: count,
        yearlyCount: count,
        posDailyCount: count,
        onlineDailyCount: count,
        contactlessDailyCount: count,
      })
      .nullish(),
  }),
  target: cardTarget,
  run: async ({ ctx, input, target: card }) => {
    const limits = input.limits ?? {};
    // Absent stays as it is: only what was given is sent.
    const changes = Object.fromEntries(
      Object.entries({
        posAllowed: input.pos,
        onlineAllowed: input.online,
        atmAllowed: input.atm,
        internationalAllowed: input.international,
        contactlessAllowed: input.contactless,
        perTxnLimit: limits.perTransaction,
        dailyLimit: limits.daily,
        monthlyLimit: limits.monthly,
        yearlyLimit: limits.yearly,
        posDailyLimit: limits.posDaily,
        ecomDailyLimit: limits.onlineDaily,
        contactlessDailyLimit: limits.contactlessDaily,
        dailyCount: limits.dailyCount,
        monthlyCount: limits.monthlyCount,
        yearlyCount: limits.yearlyCount,
        posDailyCount: limits.posDailyCount,
        ecomDailyCount: limits.onlineDailyCount,
        contactlessDailyCount: limits.contactlessDailyCount,
      }).filter(([, value]) => value !== undefined),
    );
    await ctx.enkash.call("updateUsageControls", {
      companyId: card.companyId,
      cardAccountId: card.cardAccountId,
      enKashCardIds: [card.enKashCardId],
      ...changes,
    });
    return fresh(ctx, card);
  },
  // Recovery: setting the same controls again gives the same controls.
  recover: ({ again }) => again(),
});
