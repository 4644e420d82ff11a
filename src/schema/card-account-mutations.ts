import type { AccountKey } from "../domain/keys.ts";
import type { AccountType } from "../enkash/wire/vocabulary.ts";
import { builder } from "./builder.ts";
import { AccountTypeEnum } from "./enums.ts";
import { type UserError, userError } from "./errors.ts";
import { idempotencyKeyField, withIdempotency } from "./idempotency.ts";
import { attempt, userErrorsField } from "./mutation-support.ts";
import { CardAccountRef } from "./refs.ts";

const CreateCardAccountInput = builder.inputType("CreateCardAccountInput", {
  description: "A new card programme account under a company onboarded on EnKash.",
  fields: (t) => ({
    idempotencyKey: idempotencyKeyField(t),
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
});

type Shape = { cardAccount?: AccountKey; userErrors: UserError[] };

builder.mutationField("createCardAccount", (t) =>
  t.field({
    authScopes: { scope: "accounts:write" },
    type: builder.objectRef<Shape>("CreateCardAccountPayload").implement({
      description: "The result of createCardAccount.",
      fields: (f) => ({
        cardAccount: f.field({
          type: CardAccountRef,
          nullable: true,
          description: "The new account (its balance starts at 0).",
          resolve: (payload) => payload.cardAccount ?? null,
        }),
        userErrors: userErrorsField(f),
      }),
    }),
    description:
      "Opens a card account under a company. The account is served here from then on; EnKash must fund it before cards can be loaded.",
    args: { input: t.arg({ type: CreateCardAccountInput, description: "The account to open." }) },
    resolve: (_root, { input }, ctx) => {
      if (!ctx.access.company(input.companyId)) {
        return {
          userErrors: [userError("NOT_FOUND", "No such company is served here", ["input", "companyId"])],
        };
      }
      // No recovery rule: EnKash cannot list a company's accounts, so a lost create cannot be found;
      // a retry answers OUTCOME_UNKNOWN (idempotency.ts) rather than open a second account.
      return withIdempotency("createCardAccount", input, ctx, async () =>
        attempt(
          async () => {
            const record = await ctx.enkash.call("createCardAccount", {
              companyId: input.companyId,
              companyName: input.companyName,
              planMasterId: input.planMasterId,
              accountTitle: input.title,
              accountType: input.type as AccountType,
              email: input.adminEmail,
              mobile: input.adminMobile,
            });
            await ctx.directory.remember(input.companyId, record.cardAccountId);
            ctx.loaders.account.prime(`${input.companyId}/${record.cardAccountId}`, record);
            return { cardAccount: { companyId: input.companyId, cardAccountId: record.cardAccountId } };
          },
          {
            companyName: ["input", "companyName"],
            planMasterId: ["input", "planMasterId"],
            accountTitle: ["input", "title"],
            email: ["input", "adminEmail"],
            mobile: ["input", "adminMobile"],
          },
        ),
      );
    },
  }),
);
