import { GraphQLError, Kind } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { formatRupees, parseRupees } from "../shared/money.ts";
import { builder } from "./builder.ts";

/**
 * Custom scalars. The sensitive ones (Pin, Otp) never put the value they were given into an error;
 * graphql-js adds the value of an invalid variable to its own message, which the
 * useRedactedInputErrors plugin removes.
 */

/** Thrown by sensitive scalars: a message naming the rule, never the value. */
class SensitiveInputError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: "BAD_USER_INPUT" } });
  }
}

function sensitiveScalar(name: "Pin" | "Otp", pattern: RegExp, rule: string, description: string) {
  const check = (value: unknown): string => {
    if (typeof value !== "string" || !pattern.test(value)) throw new SensitiveInputError(`${name} ${rule}`);
    return value;
  };
  builder.scalarType(name, {
    description,
    serialize: () => {
      throw new GraphQLError(`${name} values are never returned`);
    },
    parseValue: check,
    parseLiteral: (node) => check(node.kind === Kind.STRING ? node.value : undefined),
  });
}

sensitiveScalar(
  "Pin",
  /^\d{4}$/,
  "must be a string of exactly 4 digits",
  "A card PIN: a string of exactly 4 digits. Input only; never logged, stored or echoed, not even in errors.",
);
sensitiveScalar(
  "Otp",
  /^\d{4,8}$/,
  "must be a string of 4 to 8 digits",
  "A one-time password or authenticator code: a string of 4 to 8 digits. Input only; never echoed, not even in errors.",
);

builder.scalarType("Decimal", {
  description:
    'An exact amount in rupees as a decimal string with at most 2 decimals, e.g. "1500.50". Never a float: amounts are carried as whole paise inside the server.',
  serialize: (paise) => formatRupees(paise),
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (node) =>
    parseDecimal(node.kind === Kind.STRING ? node.value : node.kind === Kind.INT ? node.value : undefined),
});

function parseDecimal(value: unknown): number {
  const paise = typeof value === "string" ? parseRupees(value) : undefined;
  if (paise === undefined)
    // No example with 4 digits in a row: the redaction of input errors would hide it.
    throw new GraphQLError("Decimal must be a string of rupees with at most 2 decimals, such as 150.50");
  return paise;
}

/**
 * graphql-scalars' DateTime (RFC 3339 date-times, validated there), carried as ISO strings inside
 * the server. Its messages quote the value it refused, so ours name the rule instead; a time
 * without seconds (09:30Z) is read as :00, as before graphql-scalars did the checking.
 */
builder.addScalarType("DateTime", DateTimeResolver, {
  description: "An instant as an ISO-8601 string with a time zone, e.g. 2026-11-22T09:30:00Z.",
  // Our resolvers return ISO strings made by toISOString (src/shared/enkash-dates.ts): they pass as
  // they are, without a parse per value (1.5 µs each, hundreds on a dashboard); anything else is
  // checked by graphql-scalars.
  serialize: (value) =>
    typeof value === "string" ? value : isoString(() => DateTimeResolver.serialize(value)),
  parseValue: (value) => isoString(() => DateTimeResolver.parseValue(withSeconds(value))),
  parseLiteral: (node) =>
    isoString(() => DateTimeResolver.parseValue(withSeconds(node.kind === Kind.STRING ? node.value : null))),
});

function withSeconds(value: unknown): unknown {
  return typeof value === "string"
    ? value.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?=Z|[+-])/, "$1:00")
    : value;
}

function isoString(read: () => unknown): string {
  try {
    const instant = read();
    if (instant instanceof Date) return instant.toISOString();
  } catch {
    // graphql-scalars' own message would echo the value.
  }
  throw new GraphQLError("DateTime must be an ISO date-time with a time zone (Z or +hh:mm)");
}
