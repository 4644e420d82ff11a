import { parseCompanyKey } from "../domain/keys.ts";
import { enkashIdArg } from "./args.ts";
import { builder } from "./builder.ts";
import { queryError } from "./errors.ts";
import { CardAccountRef, CompanyRef } from "./refs.ts";

builder.node(CompanyRef, {
  description: "A company onboarded on EnKash (the employer or business that funds card accounts).",
  visibleTo: (company, ctx) => ctx.access.company(company.companyId),
  id: { resolve: (company) => company.companyId, parse: (id) => parseCompanyKey(id) ?? "" },
  loadOne: (companyId, ctx) => (ctx.access.company(companyId) ? { companyId } : null),
  fields: (t) => ({
    companyId: t.exposeString("companyId", {
      description: "EnKash's company ID (CEK…), for reconciliation.",
    }),
    name: t.string({
      nullable: true,
      description:
        "Legal name, as EnKash reports it on the company's card accounts; null if no account says.",
      resolve: async (company, _args, ctx) => {
        const first = ctx.directory.accountsOf(company.companyId)[0];
        if (!first) return null;
        try {
          const account = await ctx.loaders.account.load(`${company.companyId}/${first}`);
          return account?.companyName ?? null;
        } catch (error) {
          throw queryError(error);
        }
      },
    }),
    cardAccounts: t.field({
      type: [CardAccountRef],
      description:
        "The company's card accounts served here: the onboarded ones from configuration and those created through this server.",
      resolve: (company, _args, ctx) =>
        ctx.directory
          .accountsOf(company.companyId)
          .map((cardAccountId) => ({ companyId: company.companyId, cardAccountId })),
    }),
  }),
});

builder.queryFields((t) => ({
  companies: t.field({
    authScopes: { scope: "cards:read" },
    type: [CompanyRef],
    description: "Every company served here (from configuration, plus those with accounts created here).",
    resolve: (_root, _args, ctx) =>
      ctx.directory
        .companies()
        .filter((companyId) => ctx.access.company(companyId))
        .map((companyId) => ({ companyId })),
  }),
  company: t.field({
    authScopes: { scope: "cards:read" },
    type: CompanyRef,
    nullable: true,
    description: "A company by its EnKash company ID; null when it is not served here.",
    args: { companyId: enkashIdArg(t.arg, "EnKash company ID, e.g. CEKEP5GSGP.") },
    resolve: (_root, { companyId }, ctx) => (ctx.access.company(companyId) ? { companyId } : null),
  }),
}));
