import { GraphQLError } from "graphql";
import { parseAccountKey, parseCardKey, parseCompanyKey, parseTransactionKey } from "../domain/keys.ts";

/**
 * Global IDs: base64 of `Type:local key` (Relay's form). Only the four node types exist, each with
 * its own key shape; anything else is bad input, answered with a code and without the ID (an ID
 * may be anything a caller typed). A well-formed ID of something missing or hidden is not an
 * error: it resolves as null.
 */
const LOCAL_KEYS: Record<string, (local: string) => unknown> = {
  Company: parseCompanyKey,
  CardAccount: parseAccountKey,
  Card: parseCardKey,
  Transaction: parseTransactionKey,
};

class InvalidGlobalIdError extends GraphQLError {
  constructor() {
    super("Invalid global ID: pass an `id` this API returned", { extensions: { code: "BAD_USER_INPUT" } });
  }
}

/** The type and local key of a global ID of this API; throws InvalidGlobalIdError otherwise. */
export function decodeGlobalId(globalID: string): { typename: string; id: string } {
  const text = Buffer.from(globalID, "base64").toString("utf8");
  const colon = text.indexOf(":");
  const typename = text.slice(0, colon);
  const id = text.slice(colon + 1);
  const parse = colon > 0 ? LOCAL_KEYS[typename] : undefined;
  if (!parse || parse(id) === null) throw new InvalidGlobalIdError();
  return { typename, id };
}
