import type { Context } from "../context.ts";
import type { CardKey } from "../domain/keys.ts";
import { OTP_LOCK_MS, RATE_LIMITS } from "../rate-limit.ts";
import { type UserError, type UserErrorCode, userError } from "./errors.ts";

/**
 * Bounds on OTPs, in the shared state store so that every instance counts together. Counted per
 * field execution, so aliases and batches count each time.
 *
 * - Sending: 5 OTPs per viewer and card, and 10 per card from anyone, per 15 minutes.
 * - Proving: 10 OTP-gated attempts per viewer and card per 15 minutes; and per card, from anyone,
 *   5 wrong codes per 15 minutes, after which the card refuses every OTP-gated attempt for 30
 *   minutes (OTP_LOCKED). A correct code gives its count back, so the lock tracks guesses, not use.
 *   The count is taken before EnKash is asked, so parallel guesses cannot slip past it.
 */
type Payload = { userErrors: UserError[] };

/** Outcomes that may have been a wrong guess (an unknown outcome counts, to be safe). */
const GUESS_OUTCOMES = new Set<UserErrorCode>(["OTP_INVALID", "OTP_EXPIRED", "OUTCOME_UNKNOWN"]);

/**
 * Counters and locks name the card by its EnKash card ID alone (unique at EnKash), not by the
 * company and account the caller named with it: the same card named under another account still
 * counts against the same bound.
 */
const cardName = (card: CardKey) => card.enKashCardId;
const lockKey = (card: CardKey) => `otp-lock:${cardName(card)}`;
const locked = () =>
  userError(
    "OTP_LOCKED",
    `Too many wrong OTP codes for this card; OTP-gated operations on it are refused for ${OTP_LOCK_MS / 60_000} minutes`,
  );

/** Counts one OTP sent for this card; a user error when the viewer or the card is over its limit. */
export async function otpSendRefusal(ctx: Context, card: CardKey): Promise<UserError | null> {
  const name = cardName(card);
  const allowed =
    (await ctx.limiter.take(`sendOtp:${ctx.viewer.subject}:${name}`, RATE_LIMITS.sendOtp)) &&
    (await ctx.limiter.take(`sendOtpPerCard:${name}`, RATE_LIMITS.sendOtpPerCard));
  return allowed ? null : userError("RATE_LIMITED", "Too many OTPs for this card; wait before asking again");
}

/** Runs one OTP-gated attempt on a card within the bounds above. */
export async function withOtpAttempt<R extends Payload>(
  ctx: Context,
  card: CardKey,
  run: () => Promise<R>,
): Promise<R | Payload> {
  if (await ctx.store.get(lockKey(card))) return { userErrors: [locked()] };
  const name = cardName(card);
  if (!(await ctx.limiter.take(`useOtp:${ctx.viewer.subject}:${name}`, RATE_LIMITS.useOtp)))
    return {
      userErrors: [
        userError("RATE_LIMITED", "Too many OTP attempts for this card; wait before trying again"),
      ],
    };
  const wrong = await ctx.limiter.reserve(`wrongOtpPerCard:${name}`, RATE_LIMITS.wrongOtpPerCard);
  const { limit } = RATE_LIMITS.wrongOtpPerCard;
  if (wrong.count > limit) {
    await ctx.store.setIfAbsent(lockKey(card), "locked", OTP_LOCK_MS);
    return { userErrors: [locked()] };
  }
  const result = await run();
  if (!result.userErrors.some((error) => GUESS_OUTCOMES.has(error.code))) await wrong.giveBack();
  else if (wrong.count >= limit) await ctx.store.setIfAbsent(lockKey(card), "locked", OTP_LOCK_MS);
  return result;
}
