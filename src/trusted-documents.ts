import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Trusted documents: the operations a partner may run, by SHA-256 of their text. With the mode on,
 * a request must name a known document (`extensions.persistedQuery.sha256Hash`) and arbitrary
 * GraphQL is refused.
 */
export type TrustedDocuments = ReadonlyMap<string, string>;

export const documentHash = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Every `*.graphql` file of a folder, each file one document. */
export function trustedDocumentsFrom(directory: string): TrustedDocuments {
  const documents = new Map<string, string>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith(".graphql"))) {
    const text = readFileSync(join(directory, file), "utf8");
    documents.set(documentHash(text), text);
  }
  return documents;
}
