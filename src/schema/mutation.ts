import type { InputFieldMap, InputShapeFromFields, ObjectRef } from "@pothos/core";
import type { z } from "zod";
import type { Scope } from "../auth/viewer.ts";
import type { Context } from "../context.ts";
import type { OtpProof } from "../enkash/wire/common.ts";
import { describeZodIssues } from "../shared/zod-issues.ts";
import { type BuilderTypes, builder } from "./builder.ts";
import { type KnownRefusal, type UserError, userError } from "./errors.ts";
import { idempotencyKeyField, withIdempotency } from "./idempotency.ts";
import { attempt, isUserError, OtpProofInput, otpProofOf, userErrorsField } from "./mutation-support.ts";
import { type OtpSubject, withOtpAttempt } from "./otp-guard.ts";

/**
 * Mutations by declaration. Each mutation states what it takes, who may call it, what it acts on,
 * whether it needs the cardholder's OTP, its rules, and its work at EnKash; this one skeleton runs
 * them in the same order for every mutation:
 *
 *   scope (scope-auth, before anything) → input rules (zod, issues at their input path) → the
 *   target, authorized (a card, account, company or payment) → the OTP proof → checks → at most
 *   once per idempotency key (recovering a lost result by the mutation's rule) → within the OTP
 *   bounds → the work, its EnKash failures turned into userErrors.
 *
 * Nothing reaches EnKash before every step up to the work has passed.
 */

type Payload = { userErrors: UserError[] };

/** The builder of a mutation's input fields (annotate `fields: (t: InputFields) => …` to type the input). */
export type InputFields = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, "InputObject">;
type Outcome<Result> = (Result & Payload) | Payload;

/** What a mutation's steps are given. */
export interface MutationArgs<Input, Target> {
  ctx: Context;
  input: Input;
  target: Target;
  /** The OTP proof, when the mutation takes one and it was given. */
  otp: OtpProof | undefined;
}

export interface MutationSpec<Fields extends InputFieldMap, Target, Result extends object> {
  name: string;
  description: string;
  /** Who may call it: a scope, or a rule over the input. Checked before anything runs. */
  scope: Scope | ((input: InputShapeFromFields<Fields>, ctx: Context) => boolean);
  input: {
    description: string;
    fields: (t: InputFields) => Fields;
  };
  /** The payload type; `userErrors` is added to whatever the work returns. */
  payload: ObjectRef<BuilderTypes, Outcome<Result>>;
  /** Takes an idempotency key and runs at most once per key (idempotency.ts). */
  idempotent: boolean;
  /** What the key's input hash covers, when not the input as sent (an encrypted PIN counts as the PIN). */
  hashedInput?: (args: MutationArgs<InputShapeFromFields<Fields>, Target>) => object;
  /** Rules over the input as sent, with the input's shape: each issue is INVALID_INPUT at its path. */
  validate?: z.ZodType;
  /** The object acted on, from the input, authorized for the viewer; or why not. */
  target: (input: InputShapeFromFields<Fields>, ctx: Context) => Target | UserError;
  /** The cardholder's OTP: whether the schema requires it, and whose OTP bounds it counts against. */
  otp?: { required: boolean; description: string; subject: (target: Target) => OtpSubject };
  /** For a mutation that proves a code in a field of its own (a payment's OTP): whose bounds it counts against. */
  provesCodeOf?: (target: Target) => OtpSubject;
  /** Checks before anything is written (policy, the target's state); a user error stops here. */
  check?: (
    args: MutationArgs<InputShapeFromFields<Fields>, Target>,
  ) => Promise<UserError | null> | UserError | null;
  /** EnKash's words for refusals this mutation reads better than the general rules do. */
  refusals?: readonly KnownRefusal[];
  /** The work at EnKash. A `Refusal` thrown here is an expected failure. */
  run: (args: MutationArgs<InputShapeFromFields<Fields>, Target>) => Promise<Result>;
  /**
   * How a retry reconciles with EnKash when the first run sent its write and its result was lost
   * (docs/operations.md, "Recovery by mutation"); `again` is the whole normal path. Without a rule,
   * the retry answers OUTCOME_UNKNOWN.
   */
  recover?: (
    args: MutationArgs<InputShapeFromFields<Fields>, Target> & {
      since: number;
      again: () => Promise<Outcome<Result>>;
    },
  ) => Promise<Outcome<Result>>;
}

export const capitalize = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

export function defineMutation<Fields extends InputFieldMap, Target, Result extends object>(
  spec: MutationSpec<Fields, Target, Result>,
): void {
  type Input = InputShapeFromFields<Fields>;
  const inputType = builder.inputType(`${capitalize(spec.name)}Input`, {
    description: spec.input.description,
    fields: (t) => ({
      ...spec.input.fields(t),
      ...(spec.idempotent ? { idempotencyKey: idempotencyKeyField(t) } : {}),
      ...(spec.otp
        ? {
            otp: t.field({
              type: OtpProofInput,
              required: spec.otp.required,
              description: spec.otp.description,
            }),
          }
        : {}),
    }),
  });
  const { scope } = spec;
  const inputOf = (args: unknown) => (args as { input: Input & { otp?: unknown } }).input;
  builder.mutationField(spec.name, (t) =>
    // The generic plumbing is typed loosely here; each declaration is typed by its own fields.
    t.field({
      authScopes:
        typeof scope === "function"
          ? (_parent: unknown, args: unknown, ctx: Context) => scope(inputOf(args), ctx)
          : { scope },
      type: spec.payload,
      description: spec.description,
      args: { input: t.arg({ type: inputType, required: true, description: spec.input.description }) },
      resolve: (_root: unknown, args: unknown, ctx: Context) => resolveMutation(spec, inputOf(args), ctx),
    } as never),
  );
}

async function resolveMutation<Fields extends InputFieldMap, Target, Result extends object>(
  spec: MutationSpec<Fields, Target, Result>,
  input: InputShapeFromFields<Fields> & { otp?: unknown },
  ctx: Context,
): Promise<Outcome<Result>> {
  const invalid = spec.validate ? firstIssue(spec.validate, input) : null;
  if (invalid) return { userErrors: [invalid] };
  const target = spec.target(input, ctx);
  if (isUserError(target)) return { userErrors: [target] };
  const otp = spec.otp && input.otp ? otpProofOf(input.otp as never, ["input", "otp"]) : undefined;
  if (isUserError(otp)) return { userErrors: [otp] };
  const args = { ctx, input, target, otp };
  const refused = await spec.check?.(args);
  if (refused) return { userErrors: [refused] };

  const work = () => attempt(() => spec.run(args), pathsOf(input), spec.refusals);
  const bounds = otp && spec.otp ? spec.otp.subject(target) : spec.provesCodeOf?.(target);
  const again = (): Promise<Outcome<Result>> => (bounds ? withOtpAttempt(ctx, bounds, work) : work());
  if (!spec.idempotent) return again();
  const { recover } = spec;
  return withIdempotency(
    spec.name,
    (spec.hashedInput?.(args) ?? input) as { idempotencyKey?: string | null },
    ctx,
    again,
    recover ? (since) => recover({ ...args, since, again }) : undefined,
  );
}

/**
 * Where an EnKash refusal of a field points: the input field of the same name, else the input as a
 * whole. Rules the graph checks itself (`validate`) point exactly, before anything is sent.
 */
function pathsOf(input: object): Record<string, string[]> {
  return Object.fromEntries(Object.keys(input).map((field) => [field, ["input", field]]));
}

/** The first rule the input breaks, as INVALID_INPUT at its path; its message names field and rule. */
function firstIssue(schema: z.ZodType, input: unknown): UserError | null {
  // reportInput lets a rule tell "absent" from "wrong"; the value is tested, never printed.
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (!issue) return null;
  const path = issue.path.map(String);
  const [described] = describeZodIssues([{ ...issue, path: path.slice(-1) }]);
  return userError("INVALID_INPUT", described ? `${described.field} ${described.rule}` : "is not valid", [
    "input",
    ...path,
  ]);
}

/** A payload type: the fields a mutation returns, and `userErrors`. */
export function payloadType<Shape extends Payload>(
  name: string,
  description: string,
  fields: (t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, Shape>) => Record<string, unknown>,
): ObjectRef<BuilderTypes, Shape> {
  return builder.objectRef<Shape>(name).implement({
    description,
    fields: (t) => ({ ...(fields(t) as object), userErrors: userErrorsField(t) }) as never,
  });
}
