import type { Context } from "../context.ts";
import { type CardKey, cardKey } from "../domain/keys.ts";
import { type UserError, type UserErrorCode, userError } from "./errors.ts";
import { stateStoreUnavailable } from "./idempotency.ts";

/**
 * Bounds on OTPs, in the shared state store so that every instance counts together. Counted per
 * field execution, so aliases and batches count each time. The subject is what the OTP approves:
 * a card (its SMS OTPs) or an EnKash Payment Gateway payment (its payment OTP); the same rules hold.
 *
 * - Sending: 5 OTPs per viewer and subject, and 10 per subject from anyone, per 15 minutes.
 * - Proving: 10 OTP-gated attempts per viewer and subject per 15 minutes; and per subject, from
 *   anyone, 5 wrong codes per 15 minutes, after which it refuses every OTP-gated attempt for 30
 *   minutes (OTP_LOCKED). A correct code gives its count back, so the lock tracks guesses, not use.
 *   The count is taken before EnKash is asked, so parallel guesses cannot slip past it.
 *
 * The numbers live here, beside the one guard that applies them; src/rate-limit.ts counts.
 */
const OTP_LIMITS = {
  sendOtp: { limit: 5, windowMs: 15 * 60_000 },
  useOtp: { limit: 10, windowMs: 15 * 60_000 },
  sendOtpPerCard: { limit: 10, windowMs: 15 * 60_000 },
  wrongOtpPerCard: { limit: 5, windowMs: 15 * 60_000 },
} as const;

/** How long a subject whose wrong OTP codes ran out refuses OTP-gated attempts. */
const OTP_LOCK_MS = 30 * 60_000;

/** What an OTP approves. */
export interface OtpSubject {
  /** Names the subject in counters and locks. */
  key: string;
  noun: "card" | "payment";
}

export const cardOtpSubject = (card: CardKey): OtpSubject => ({ key: cardKey(card), noun: "card" });
export const paymentOtpSubject = (paymentId: string): OtpSubject => ({
  key: `payment:${paymentId}`,
  noun: "payment",
});

type Payload = { userErrors: UserError[] };

/** Outcomes that may have been a wrong guess (an unknown outcome counts, to be safe). */
const GUESS_OUTCOMES = new Set<UserErrorCode>(["OTP_INVALID", "OTP_EXPIRED", "OUTCOME_UNKNOWN"]);

/**
 * Counters and locks name the card as the caller did, with its company and account: those are
 * what the viewer was authorized for. A card ID of another company named under one's own account
 * reaches EnKash only as that (refused) pair, so it cannot touch the real card's counters or lock.
 */
const lockKey = (subject: OtpSubject) => `otp-lock:${subject.key}`;
const locked = (subject: OtpSubject) =>
  userError(
    "OTP_LOCKED",
    `Too many wrong OTP codes for this ${subject.noun}; OTP-gated operations on it are refused for ${OTP_LOCK_MS / 60_000} minutes`,
  );

/** Counts one OTP sent for the subject; a user error when the viewer or the subject is over its limit. */
export async function otpSendRefusal(ctx: Context, subject: OtpSubject): Promise<UserError | null> {
  const name = subject.key;
  let allowed: boolean;
  try {
    allowed =
      (await ctx.limiter.take(`sendOtp:${ctx.viewer.subject}:${name}`, OTP_LIMITS.sendOtp)) &&
      (await ctx.limiter.take(`sendOtpPerCard:${name}`, OTP_LIMITS.sendOtpPerCard));
  } catch {
    // Fail closed: uncounted OTPs are what the bound exists to prevent.
    return stateStoreUnavailable();
  }
  return allowed
    ? null
    : userError("RATE_LIMITED", `Too many OTPs for this ${subject.noun}; wait before asking again`);
}

/**
 * Runs one OTP-gated attempt on a card within the bounds above. Two counts per card: attempts that
 * may be wrong (taken before EnKash is asked, so parallel guesses cannot slip past; given back when
 * the code turns out right or was never checked), and confirmed wrong codes, which alone lock the
 * card. So no one can lock a card with attempts that EnKash refuses for another reason, or with
 * attempts that are merely in flight together.
 */
export async function withOtpAttempt<R extends Payload>(
  ctx: Context,
  subject: OtpSubject,
  run: () => Promise<R>,
): Promise<R | Payload> {
  const name = subject.key;
  const rule = OTP_LIMITS.wrongOtpPerCard;
  let attempt: Awaited<ReturnType<typeof ctx.limiter.reserve>>;
  try {
    if (await ctx.store.get(lockKey(subject))) return { userErrors: [locked(subject)] };
    if (!(await ctx.limiter.take(`useOtp:${ctx.viewer.subject}:${name}`, OTP_LIMITS.useOtp)))
      return { userErrors: [tooMany(subject)] };
    attempt = await ctx.limiter.reserve(`otpAttempts:${name}`, rule);
  } catch {
    // Fail closed: uncounted guesses are what the bound exists to prevent. Nothing was sent.
    return { userErrors: [stateStoreUnavailable()] };
  }
  // A count not given back (the store went away) only makes the bound stricter for a while.
  const giveBack = () => attempt.giveBack().catch(() => {});
  if (attempt.count > rule.limit) {
    await giveBack();
    return { userErrors: [tooMany(subject)] };
  }
  let result: R;
  try {
    result = await run();
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (!result.userErrors.some((error) => GUESS_OUTCOMES.has(error.code))) {
    await giveBack();
    return result;
  }
  try {
    const wrong = await ctx.limiter.reserve(`wrongOtp:${name}`, rule);
    if (wrong.count >= rule.limit) await ctx.store.setIfAbsent(lockKey(subject), "locked", OTP_LOCK_MS);
  } catch {
    // EnKash has answered: its answer stands; this one wrong code goes uncounted.
  }
  return result;
}

const tooMany = (subject: OtpSubject) =>
  userError("RATE_LIMITED", `Too many OTP attempts for this ${subject.noun}; wait before trying again`);
