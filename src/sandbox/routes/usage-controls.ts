import { z } from "zod";
import { toRupees } from "../../shared/money.ts";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { javaDate } from "../state/dates.ts";
import { requireAccount, requireCard } from "../state/lookup.ts";
import { AMOUNT_LIMITS, type Card, CONTROL_FLAGS, COUNT_LIMITS } from "../state/types.ts";
import { cardRef, id, limitAmount, limitCount } from "./fields.ts";

const amountLimitFields = Object.fromEntries(
  AMOUNT_LIMITS.map((name) => [name, limitAmount.optional()]),
) as Record<(typeof AMOUNT_LIMITS)[number], z.ZodOptional<typeof limitAmount>>;
const countLimitFields = Object.fromEntries(
  COUNT_LIMITS.map((name) => [name, limitCount.optional()]),
) as Record<(typeof COUNT_LIMITS)[number], z.ZodOptional<typeof limitCount>>;
const flagFields = Object.fromEntries(CONTROL_FLAGS.map((name) => [name, z.boolean().optional()])) as Record<
  (typeof CONTROL_FLAGS)[number],
  z.ZodOptional<z.ZodBoolean>
>;

const updateSchema = z.object({
  companyId: id,
  cardAccountId: id,
  // G1/G2 send an array of 1 to 100 IDs; G3's example sends one ID as a string.
  enKashCardIds: z.union([id.transform((single) => [single]), z.array(id).min(1).max(100)], {
    error: "must be a card ID or an array of 1 to 100 card IDs",
  }),
  adminUser: z.boolean().optional(),
  ...flagFields,
  ...amountLimitFields,
  ...countLimitFields,
});

/**
 * Card Usage Controls (reference 7.9): switches and limits for up to 100 cards at once, all or
 * nothing. Absent fields are left as they are; null clears a limit. With `adminUser` the
 * administrator's POS/ATM/online switches are set too.
 */
export const updateUsageControls: Route = {
  name: "updateUsageControls",
  method: "POST",
  path: "/api/v0/partner/enKashCard/velocity/rule",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body }) {
    const input = parseRequest(updateSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const cards = [...new Set(input.enKashCardIds)].map((cardId) => requireCard(state, account, cardId));
    const blocked = cards.find((card) => card.status === "BL");
    if (blocked)
      throw new BusinessError(`Card ${blocked.enKashCardId} is blocked; no further changes are allowed`);
    const now = state.now();
    for (const card of cards) {
      const controls = card.controls;
      for (const flag of CONTROL_FLAGS) {
        const value = input[flag];
        if (value === undefined) continue;
        controls.flags[flag] = value;
        if (input.adminUser && (flag === "posAllowed" || flag === "onlineAllowed" || flag === "atmAllowed")) {
          controls.adminFlags[`${flag}Admin`] = value;
        }
      }
      for (const limit of AMOUNT_LIMITS) {
        const value = input[limit];
        if (value !== undefined) controls.amountLimits[limit] = value;
      }
      for (const limit of COUNT_LIMITS) {
        const value = input[limit];
        if (value !== undefined) controls.countLimits[limit] = value;
      }
      controls.modifiedOn = now;
      card.modifiedOn = now;
    }
    return success("Success");
  },
};

const getSchema = z.object(cardRef);

/** Get Card Usage Limits (reference 7.10): the card's switches and limits; null means no limit. */
export const getUsageControls: Route = {
  name: "getUsageControls",
  method: "POST",
  path: "/api/v0/partner/enKashCard/velocity/rule/get",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body }) {
    const input = parseRequest(getSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    return success(renderControls(requireCard(state, account, input.enKashCardId)));
  },
};

function renderControls(card: Card): Record<string, unknown> {
  const { controls } = card;
  const amounts = Object.fromEntries(
    AMOUNT_LIMITS.map((name) => {
      const value = controls.amountLimits[name];
      return [name, value === null ? null : toRupees(value)];
    }),
  );
  return {
    createdBy: controls.createdBy,
    createdOn: javaDate(controls.createdOn),
    modifiedOn: javaDate(controls.modifiedOn),
    companyId: card.companyId,
    cardAccountId: card.cardAccountId,
    enKashCardId: card.enKashCardId,
    ...controls.flags,
    ...controls.adminFlags,
    ...amounts,
    ...controls.countLimits,
  };
}
