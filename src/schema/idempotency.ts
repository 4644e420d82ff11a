import { createHash, createHmac } from "node:crypto";
import type { Viewer } from "../auth/viewer.ts";
import type { Context } from "../context.ts";
import type { BuilderTypes } from "./builder.ts";
import { type UserError, userError } from "./errors.ts";
import { type Claim, claimRecord, DEFAULT_LEASE_MS, LeaseLostError } from "./idempotency-lease.ts";

/**
 * Idempotent mutations. A key (the `Idempotency-Key` header, or `idempotencyKey` in the input, up
 * to 255 characters) makes a retry safe: the first result is kept 24 hours with a hash of the
 * input; a replay returns it without repeating the write; the same key with another input, or
 * while the first is still running, is a typed error.
 *
 * A record belongs to its caller: it is keyed by the principal (the token's subject together with
 * the role, companies and cards it was issued for), so another token with the same subject but
 * another scope never reaches it. Mutations authorize their input before they get here, and what a
 * replay returns passes the objects' own visibility checks like any other answer.
 *
 * Results hold IDs, errors and EnKash's non-secret answers (a payment's status), never a PIN or OTP. Secret inputs (a PIN, an OTP code) count in
 * the input hash through an HMAC under a key derived from the partner credentials, so the same key
 * with another PIN is IDEMPOTENCY_KEY_REUSED, yet the stored hash reveals nothing guessable.
 */
const SENSITIVE_FIELDS = new Set(["pin", "encryptedPin", "code", "otp", "checkSum"]);

type Payload = { userErrors: UserError[] } & Record<string, unknown>;

/** The optional `idempotencyKey` field of every side-effecting mutation's input. */
export function idempotencyKeyField(t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, "InputObject">) {
  return t.string({
    required: false,
    description:
      "Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too.",
  });
}

interface InputWithKey {
  idempotencyKey?: string | null;
}

/**
 * How a mutation recovers when a retry takes over a record whose first run sent a write to EnKash
 * and never stored its result (its instance died, or EnKash's answer was lost): reconcile with
 * EnKash's state and return the original outcome, or OUTCOME_UNKNOWN naming how to check; never a
 * second side effect. Mutations without a rule answer OUTCOME_UNKNOWN.
 */
export type Recover<R> = (since: number) => Promise<R | Payload>;

/** Outcomes after which nothing happened at EnKash: the key is released so a retry can go through. */
const NOTHING_HAPPENED = new Set(["UPSTREAM_UNAVAILABLE", "RATE_LIMITED", "STATE_STORE_UNAVAILABLE"]);

/** Runs a mutation's work at most once per idempotency key (see above and idempotency-lease.ts). */
export async function withIdempotency<R extends Payload>(
  mutation: string,
  input: InputWithKey,
  ctx: Context,
  run: () => Promise<R | Payload>,
  recover?: Recover<R>,
): Promise<R | Payload> {
  const key = input.idempotencyKey ?? ctx.idempotencyKey;
  if (!key) return run();
  if (key.length > 255)
    return {
      userErrors: [
        userError("INVALID_INPUT", "idempotencyKey must be at most 255 characters", [
          "input",
          "idempotencyKey",
        ]),
      ],
    };
  const recordKey = `idempotency:${hash(principalOf(ctx.viewer))}:${hash(key)}`;
  const inputHash = hash(`${mutation}:${canonical(input, ctx.inputHashKey)}`);
  let claim: Claim<Payload>;
  try {
    claim = await claimRecord<Payload>(
      ctx.store,
      recordKey,
      inputHash,
      ctx.settings.idempotencyLeaseMs ?? DEFAULT_LEASE_MS,
      ctx.settings.clock,
    );
  } catch {
    // Fail closed: without its record a retry could repeat the write.
    return { userErrors: [stateStoreUnavailable()] };
  }
  if (claim.kind === "reused")
    return {
      userErrors: [
        userError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used with a different request", [
          "input",
          "idempotencyKey",
        ]),
      ],
    };
  if (claim.kind === "busy") return { userErrors: [inProgress()] };
  if (claim.kind === "replay") {
    ctx.metrics.idempotentReplay();
    return claim.result;
  }
  const { lease, previousStep } = claim;
  const stopRenewing = lease.keepAlive();
  ctx.enkash.beforeWrite = async () => {
    try {
      await lease.markSent();
    } catch (error) {
      // The write is not sent: the record could not say it was (the store is away).
      throw error instanceof LeaseLostError ? error : new StateStoreUnavailableError();
    }
  };
  try {
    const result =
      previousStep === "sent"
        ? await (recover ? recover(lease.since) : outcomeUnknown(mutation))
        : await run();
    const codes = result.userErrors.map((error) => error.code);
    // A recovery that could not finish leaves the first run's outcome unknown: never released.
    const unknown = codes.includes("OUTCOME_UNKNOWN") || previousStep === "sent";
    if (codes.some((code) => NOTHING_HAPPENED.has(code))) await (unknown ? lease.giveUp() : lease.release());
    else if (codes.includes("OUTCOME_UNKNOWN")) await lease.giveUp();
    else await lease.finish(result);
    return result;
  } catch (error) {
    if (error instanceof LeaseLostError) return { userErrors: [inProgress()] };
    if (error instanceof StateStoreUnavailableError) {
      await lease.release();
      return { userErrors: [stateStoreUnavailable()] };
    }
    // Thrown before anything was sent: free again; after: unknown, the next retry recovers.
    await (lease.step === "claimed" && previousStep !== "sent" ? lease.release() : lease.giveUp());
    throw error;
  } finally {
    stopRenewing();
    ctx.enkash.beforeWrite = undefined;
  }
}

/** The record could not be marked `sent`, so the write was not sent. */
class StateStoreUnavailableError extends Error {
  constructor() {
    super("the state store did not answer");
    this.name = "StateStoreUnavailableError";
  }
}

const inProgress = () =>
  userError(
    "IDEMPOTENCY_IN_PROGRESS",
    "A request with this idempotency key is still running; try again shortly",
  );

export const stateStoreUnavailable = () =>
  userError(
    "STATE_STORE_UNAVAILABLE",
    "The server's shared state cannot be reached, so this change cannot be made safe against repeats; nothing was sent. Try again shortly.",
  );

/** The answer of a mutation that has no recovery rule, when its first run's outcome is unknown. */
function outcomeUnknown(mutation: string): Payload {
  return {
    userErrors: [
      userError(
        "OUTCOME_UNKNOWN",
        `The first ${mutation} with this idempotency key reached EnKash and its result was lost; check its effect before trying again with a new key.`,
      ),
    ],
  };
}

/**
 * A stable reference number for a load, derived from the viewer's subject and the key (EnKash
 * refuses repeats, so a retry cannot load twice, whatever token scope it comes with).
 */
export function referenceFromKey(ctx: Context, key: string): string {
  // Keyed (HMAC under the partner-derived key): a plain hash of the subject and key could be
  // computed and used first by anyone in the account, making the real load fail as a duplicate.
  const mac = createHmac("sha256", ctx.inputHashKey).update(`load-reference\n${ctx.viewer.subject}\n${key}`);
  return `IDEM${mac.digest("hex").slice(0, 28).toUpperCase()}`;
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Who a record belongs to: the subject and the whole scope its token was issued for. */
function principalOf(viewer: Viewer): string {
  const sorted = (list: readonly string[] | "all" | null) =>
    list === null || list === "all" ? list : [...list].sort();
  return JSON.stringify([
    viewer.subject,
    viewer.role,
    sorted(viewer.companies),
    sorted(viewer.cards),
    [...viewer.scopes].sort(),
  ]);
}

/** Input as stable JSON, without the idempotency key and with secrets replaced by a keyed hash. */
function canonical(value: unknown, secretKey: Buffer): string {
  return JSON.stringify(value, (name, field) => {
    if (name === "idempotencyKey") return undefined;
    // A secret is a scalar; an `otp` object (a card's OTP proof) is walked into, its `code` hashed.
    if (SENSITIVE_FIELDS.has(name) && (field == null || typeof field !== "object"))
      return field == null ? null : createHmac("sha256", secretKey).update(String(field)).digest("hex");
    if (field && typeof field === "object" && !Array.isArray(field)) {
      return Object.fromEntries(
        Object.entries(field as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return field;
  });
}
