import { constants, publicEncrypt } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentHash, trustedDocumentsFrom } from "../../src/trusted-documents.ts";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_CARD_ID as CARD } from "../helpers/ids.ts";

describe("PINs encrypted to the server's key", () => {
  const h = useHarness();
  const SET_PIN = `mutation SetPin($input: SetCardPinInput!) { setCardPin(input: $input) { card { activated } userErrors { code message field } } }`;

  it("a client encrypts the PIN to the published key and the server sets it", async () => {
    const key = await h.gql(`query K { pinEncryptionKey { algorithm publicKeyPem keyId } }`);
    const { publicKeyPem, algorithm } = (
      key.data as { pinEncryptionKey: { publicKeyPem: string; algorithm: string } }
    ).pinEncryptionKey;
    expect(algorithm).toBe("RSA-OAEP-256");
    const encryptedPin = publicEncrypt(
      { key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      Buffer.from("5791"),
    ).toString("base64");
    const before = h.sandbox.state.cards.get("EKCMB7KAEW")?.pin;
    const result = await h.gql(SET_PIN, { input: { cardId: CARD, encryptedPin } });
    expect(result.data).toEqual({ setCardPin: { card: { activated: true }, userErrors: [] } });
    expect(h.sandbox.state.cards.get("EKCMB7KAEW")?.pin).not.toEqual(before);
    expect(h.logs.join("\n")).not.toContain("5791");
  });

  it("refuses garbage, a non-PIN payload, and both or neither of pin and encryptedPin", async () => {
    const key = await h.gql(`query K { pinEncryptionKey { publicKeyPem } }`);
    const { publicKeyPem } = (key.data as { pinEncryptionKey: { publicKeyPem: string } }).pinEncryptionKey;
    const notAPin = publicEncrypt(
      { key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      Buffer.from("12345"),
    ).toString("base64");
    for (const encryptedPin of ["Z2FyYmFnZQ==", notAPin]) {
      const result = await h.gql(SET_PIN, { input: { cardId: CARD, encryptedPin } });
      expect(
        (result.data as { setCardPin: { userErrors: { field: string[] }[] } }).setCardPin.userErrors[0]
          ?.field,
      ).toEqual(["input", "encryptedPin"]);
    }
    const both = await h.gql(SET_PIN, { input: { cardId: CARD, pin: "1234", encryptedPin: notAPin } });
    expect(
      (both.data as { setCardPin: { userErrors: { message: string }[] } }).setCardPin.userErrors[0]?.message,
    ).toBe("give exactly one of pin and encryptedPin");
    const neither = await h.gql(SET_PIN, { input: { cardId: CARD } });
    expect((neither.data as { setCardPin: { userErrors: unknown[] } }).setCardPin.userErrors).toHaveLength(1);
  });
});

describe("trusted documents mode", () => {
  const documents = trustedDocumentsFrom(join(import.meta.dirname, "..", "..", "operations"));
  const h = useHarness({}, {}, { trustedDocuments: documents });

  it("runs a document of the allow-list by its hash, and refuses anything else", async () => {
    const companies = [...documents.values()].find((text) => text.includes("query Companies")) ?? "";
    const token = await h.token();
    const run = (body: unknown) =>
      h
        .fetch({
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        })
        .then((response) => response.json() as Promise<{ data?: unknown; errors?: { message: string }[] }>);
    const known = await run({
      extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(companies) } },
    });
    expect(known.errors).toBeUndefined();
    expect((known.data as { companies: unknown[] }).companies.length).toBe(2);
    const before = h.sandbox.calls.count();
    const arbitrary = await run({ query: "query Mine { companies { companyId } }" });
    expect(arbitrary.errors?.[0]?.message).toMatch(/PersistedQueryOnly|persisted/i);
    const unknown = await run({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expect(unknown.errors?.[0]?.message).toMatch(/PersistedQueryNotFound|not found/i);
    expect(h.sandbox.calls.count()).toBe(before);
  });
});
