import { z } from "zod";
import type { AccountKey } from "../domain/keys.ts";
import { email, enkashId, mobile } from "../enkash/wire/common.ts";
import { text } from "../enkash/wire/rules.ts";
import type { AccountType } from "../shared/enkash-vocabulary.ts";
import { AccountTypeEnum } from "./enums.ts";
import { type UserError, userError } from "./errors.ts";
import { defineMutation, type InputFields, payloadType } from "./mutation.ts";
import { CardAccountRef } from "./refs.ts";

/** createCardAccount: EnKash's Create Card Account (reference 7.1). */

type Created = { cardAccount?: AccountKey };

defineMutation({
  name: "createCardAccount",
  description:
    "Opens a card account under a company. The account is served here from then on; EnKash must fund it before cards can be loaded.",
  scope: "accounts:write",
  idempotent: true,
  input: {
    description: "A new card programme account under a company onboarded on EnKash.",
    fields: (t: InputFields) => ({
      companyId: t.string({ description: "EnKash company ID." }),
      companyName: t.string({ description: "The company's legal name." }),
      planMasterId: t.string({
        description: "The plan (programme) ID EnKash issued at onboarding, e.g. PMGAZ7L5A.",
      }),
      title: t.string({ description: "A display title, unique within the company." }),
      type: t.field({
        type: AccountTypeEnum,
        description: "The programme type; GIFT accounts issue gift cards.",
      }),
      adminEmail: t.string({ description: "Email of the company's account administrator." }),
      adminMobile: t.string({ description: "10-digit mobile of the account administrator." }),
    }),
  },
  payload: payloadType<Created & { userErrors: UserError[] }>(
    "CreateCardAccountPayload",
    "The result of createCardAccount.",
    (t) => ({
      cardAccount: t.field({
        type: CardAccountRef,
        nullable: true,
        description: "The new account (its balance starts at 0).",
        resolve: (payload) => payload.cardAccount ?? null,
      }),
    }),
  ),
  validate: z.object({
    companyName: text(),
    planMasterId: enkashId,
    title: text(),
    adminEmail: email,
    adminMobile: mobile,
  }),
  target: (input, ctx) =>
    ctx.access.company(input.companyId)
      ? { companyId: input.companyId }
      : userError("NOT_FOUND", "No such company is served here", ["input", "companyId"]),
  run: async ({ ctx, input, target: { companyId } }): Promise<Created> => {
    const record = await ctx.enkash.call("createCardAccount", {
      companyId,
      companyName: input.companyName,
      planMasterId: input.planMasterId,
      accountTitle: input.title,
      accountType: input.type as AccountType,
      email: input.adminEmail,
      mobile: input.adminMobile,
    });
    await ctx.directory.remember(companyId, record.cardAccountId);
    ctx.loaders.account.prime(`${companyId}/${record.cardAccountId}`, record);
    return { cardAccount: { companyId, cardAccountId: record.cardAccountId } };
  },
  // No recovery rule: EnKash cannot list a company's accounts, so a lost create cannot be found; a
  // retry answers OUTCOME_UNKNOWN (idempotency.ts) rather than open a second account.
});
