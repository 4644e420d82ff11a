import { z } from "zod";
import { BusinessError, notFound } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { requireAccount } from "../state/lookup.ts";
import { renderAccount } from "../state/render.ts";
import { ACCOUNT_TYPES } from "../state/types.ts";
import { email, id, mobile } from "./fields.ts";

const createSchema = z.object({
  companyId: id,
  companyName: z.string().trim().min(1).max(255),
  userId: z.string().max(64).nullish(),
  planMasterId: id,
  email,
  mobile,
  accountTitle: z.string().trim().min(1).max(255),
  accountType: z.enum(ACCOUNT_TYPES),
});

/** Create Card Account (reference 7.1): opens an account under a company; balance starts at 0. */
export const createCardAccount: Route = {
  name: "createCardAccount",
  method: "POST",
  path: "/api/v0/partner/enKashCard/cardAccount/create",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(createSchema, body);
    if (!state.companies.has(input.companyId))
      throw notFound(`Company not found for companyId: ${input.companyId}`);
    if (!state.plans.has(input.planMasterId))
      throw new BusinessError("Plan master not found for this partner");
    const duplicate = [...state.accounts.values()].some(
      (account) =>
        account.companyId === input.companyId &&
        account.accountTitle.toLowerCase() === input.accountTitle.toLowerCase(),
    );
    if (duplicate) throw new BusinessError("A card account with this title already exists for the company");
    const account = {
      cardAccountId: state.ids.next("CA", 7),
      companyId: input.companyId,
      accountTitle: input.accountTitle,
      accountType: input.accountType,
      planMasterId: input.planMasterId,
      email: input.email,
      mobile: input.mobile,
      availableBalance: 0,
      primaryCardId: null,
      physicalCardAllowed: true,
      createdOn: state.now(),
    };
    state.addAccount(account);
    return success(renderAccount(state, account, options.masks));
  },
};

const getSchema = z.object({ companyId: id, cardAccountId: id });

/** Get Card Account Details (reference 7.15), envelope B. */
export const getCardAccount: Route = {
  name: "getCardAccount",
  method: "POST",
  path: "/api/v0/partner/enKashCard/cardAccount/get",
  kind: "card",
  body: "json",
  envelope: "B",
  handle({ state, body, options }) {
    const input = parseRequest(getSchema, body);
    return success(
      renderAccount(state, requireAccount(state, input.companyId, input.cardAccountId), options.masks),
    );
  },
};
