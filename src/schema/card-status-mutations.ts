import { mayChangeStatusWithoutOtp, type StatusChange } from "../auth/otp-policy.ts";
import type { Context } from "../context.ts";
import { type CardKey, cardKey } from "../domain/keys.ts";
import { publishStatusChange } from "./card-events.ts";
import { cardPayload, cardTarget, fresh } from "./card-payload.ts";
import { Refusal, type UserError, userError } from "./errors.ts";
import { defineMutation, type InputFields } from "./mutation.ts";
import { cardOtpSubject } from "./otp-guard.ts";
import { recoverByCard } from "./recovery.ts";

/**
 * lockCard, unlockCard, blockCard and resetCardActivation: EnKash's Block Card (source 004) with
 * its four block codes. Who must prove the cardholder's OTP is src/auth/otp-policy.ts.
 */

/** EnKash's `createdBy`: who asked, as authentication named them (bounded to EnKash's field). */
const createdByOf = (ctx: Context) => ctx.viewer.subject.slice(0, 255);

/**
 * A LOCKED card sent back to activation becomes spendable again with a new PIN, which an admin may
 * set without the cardholder: that would be an unlock without their OTP. So without an OTP, AP is
 * taken only from a card that is not LOCKED (read first: one more EnKash call, on this path only).
 */
async function lockedCardRefusal(ctx: Context, card: CardKey): Promise<UserError | null> {
  const record = await ctx.loaders.card.load(cardKey(card));
  if (record?.cardStatus.name !== "L") return null;
  return userError(
    "OTP_REQUIRED",
    "A locked card goes back to activation only with the cardholder's OTP: a new PIN would make it spendable again",
    ["input", "otp"],
  );
}

function statusMutation(options: {
  name: "lockCard" | "unlockCard" | "blockCard" | "resetCardActivation";
  blockCode: StatusChange;
  description: string;
  inputDescription: string;
}) {
  const { name, blockCode } = options;
  const protective = blockCode !== "UL";
  defineMutation({
    name,
    description: options.description,
    scope: "cards:block",
    idempotent: true,
    input: {
      description: options.inputDescription,
      fields: (t: InputFields) => ({
        cardId: t.id({ description: "Global ID of the Card." }),
        reason: t.string({ required: false, description: "Why (lost, stolen, fraud…); kept by EnKash." }),
      }),
    },
    payload: cardPayload(name),
    target: cardTarget,
    otp: {
      required: !protective,
      description: protective
        ? "The cardholder's approval (generateCardOtp first for SMS). Required of cardholders; an admin role named in PROTECTIVE_ACTIONS_WITHOUT_OTP (both admin roles by default) may leave it out, and EnKash is then told otpRequired false."
        : "The cardholder's approval (generateCardOtp first for SMS). Always required: making a card spendable again needs the cardholder.",
      subject: cardOtpSubject,
    },
    check: ({ ctx, otp }) =>
      otp || mayChangeStatusWithoutOtp(ctx.viewer, blockCode, ctx.settings.protectiveActionsWithoutOtp)
        ? null
        : userError("OTP_REQUIRED", "The cardholder's OTP is required for this change", ["input", "otp"]),
    run: async ({ ctx, input, target: card, otp }) => {
      if (!otp && blockCode === "AP") {
        const refusal = await lockedCardRefusal(ctx, card);
        if (refusal) throw new Refusal(refusal);
      }
      await ctx.enkash.call("blockCard", {
        ...card,
        blockCode,
        ...(input.reason ? { reason: input.reason } : {}),
        createdBy: createdByOf(ctx),
        ...(otp ? { otp } : {}),
      });
      const result = fresh(ctx, card);
      await publishStatusChange(ctx, card);
      return result;
    },
    // Recovery: the status EnKash shows says whether the lost first run's change was made.
    recover: ({ ctx, target: card, again }) =>
      recoverByCard(
        ctx,
        card,
        (record) => record.cardStatus.name === blockCode,
        // The lost first run made the change but published nothing: its event now.
        async () => {
          await publishStatusChange(ctx, card);
          return { card };
        },
        again,
      ),
  });
}

const WITHOUT_OTP_NOTE =
  "OTP-gated for cardholders; an admin may act without the OTP (PROTECTIVE_ACTIONS_WITHOUT_OTP).";

statusMutation({
  name: "lockCard",
  blockCode: "L",
  description: `Freezes an ACTIVE card (EnKash L): spends are declined until unlockCard. Reversible. ${WITHOUT_OTP_NOTE}`,
  inputDescription: "The card to lock, and the cardholder's approval when needed.",
});
statusMutation({
  name: "unlockCard",
  blockCode: "UL",
  description: "Unfreezes a LOCKED card (EnKash UL). Always OTP-gated, for every role.",
  inputDescription: "The card to unlock, and the cardholder's approval.",
});
statusMutation({
  name: "blockCard",
  blockCode: "BL",
  description: `Blocks a card for good (EnKash BL), e.g. when lost or stolen. FINAL: a blocked card can never be unlocked, loaded or used again; requestCardReplacement issues a new one. ${WITHOUT_OTP_NOTE}`,
  inputDescription: "The card to block, why, and the cardholder's approval when needed.",
});
statusMutation({
  name: "resetCardActivation",
  blockCode: "AP",
  description: `Puts an ACTIVE or LOCKED card back to ACTIVATION_IN_PROGRESS (EnKash AP): spends are declined until a new PIN is set with setCardPin, which makes it ACTIVE again. For a PIN that may be known to someone else, or a plastic card not yet in the cardholder's hands. ${WITHOUT_OTP_NOTE}`,
  inputDescription: "The card to send back to activation, and the cardholder's approval when needed.",
});
