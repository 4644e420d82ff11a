import { createHash, createHmac } from "node:crypto";
import type { Viewer } from "../auth/viewer.ts";
import type { Context } from "../context.ts";
import type { BuilderTypes } from "./builder.ts";
import { type UserError, userError } from "./errors.ts";

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
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
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

/** Runs a mutation's work at most once per idempotency key (see above). */
export async function withIdempotency<R extends Payload>(
  mutation: string,
  input: InputWithKey,
  ctx: Context,
  run: () => Promise<R>,
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
  const claimed = await ctx.store.setIfAbsent(
    recordKey,
    JSON.stringify({ state: "running", inputHash }),
    IDEMPOTENCY_TTL_MS,
  );
  if (!claimed) {
    const record = JSON.parse((await ctx.store.get(recordKey)) ?? "{}") as {
      state?: string;
      inputHash?: string;
      result?: Payload;
    };
    if (record.inputHash !== inputHash) {
      return {
        userErrors: [
          userError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used with a different request", [
            "input",
            "idempotencyKey",
          ]),
        ],
      };
    }
    if (record.state !== "done" || !record.result) {
      return {
        userErrors: [
          userError(
            "IDEMPOTENCY_IN_PROGRESS",
            "A request with this idempotency key is still running; try again shortly",
          ),
        ],
      };
    }
    ctx.metrics.idempotentReplay();
    return record.result;
  }
  try {
    const result = await run();
    // Nothing happened (or nobody knows): a retry with the same key may try again.
    if (
      result.userErrors.some((error) =>
        ["UPSTREAM_UNAVAILABLE", "RATE_LIMITED", "OUTCOME_UNKNOWN"].includes(error.code),
      )
    ) {
      await ctx.store.delete(recordKey);
    } else {
      await ctx.store.set(
        recordKey,
        JSON.stringify({ state: "done", inputHash, result }),
        IDEMPOTENCY_TTL_MS,
      );
    }
    return result;
  } catch (error) {
    await ctx.store.delete(recordKey);
    throw error;
  }
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
