import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useSandbox } from "../helpers/sandbox.ts";

/**
 * Reference section 4, written out independently of the sandbox's own crypto module:
 * AES-128-ECB, PKCS5 padding, key = first 16 bytes of SHA-256(client secret) (or the raw secret).
 */
function key(secret: string, derivation: "sha256-16" | "raw-16"): Buffer {
  if (derivation === "raw-16") return Buffer.concat([Buffer.from(secret), Buffer.alloc(16)]).subarray(0, 16);
  return createHash("sha256").update(secret).digest().subarray(0, 16);
}
const encrypt = (value: unknown, secret: string, derivation: "sha256-16" | "raw-16" = "sha256-16") => {
  const cipher = createCipheriv("aes-128-ecb", key(secret, derivation), null);
  return Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]).toString("base64");
};
const decrypt = (base64: string, secret: string, derivation: "sha256-16" | "raw-16" = "sha256-16") => {
  const decipher = createDecipheriv("aes-128-ecb", key(secret, derivation), null);
  return JSON.parse(
    Buffer.concat([decipher.update(Buffer.from(base64, "base64")), decipher.final()]).toString("utf8"),
  );
};

const ACCOUNT = { cardAccountId: "CAVBMRFE8", companyId: "CEK7T1WMC6" };

describe("encryption on (aes-128-ecb, sha256-16)", () => {
  const ctx = useSandbox({ encryption: "aes-128-ecb" });

  it("takes an encrypted request and answers an encrypted envelope", async () => {
    const answer = await ctx.caller.card("cardAccount/get", { request: encrypt(ACCOUNT, "sandbox-secret") });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(["request"]);
    expect(decrypt(answer.json.request, "sandbox-secret")).toMatchObject({
      response_code: 0,
      response_message: "Success",
      payload: { availableBalance: 898138 },
    });
  });

  it("encrypts business failures and validation errors of a decrypted request", async () => {
    const answer = await ctx.caller.card("balance", {
      request: encrypt(
        {
          ...ACCOUNT,
          enKashCardId: "EKCQMY9BQ0",
          amount: 1,
          transactionType: "DR",
          uniqueReferenceNumber: "E1",
        },
        "sandbox-secret",
      ),
    });
    expect(decrypt(answer.json.request, "sandbox-secret")).toEqual({
      code: 1,
      message: "Only CR transactions are allowed for this card type",
      payload: "Only CR transactions are allowed for this card type",
    });
    const invalid = await ctx.caller.card("cardAccount/get", {
      request: encrypt({ companyId: "CEK7T1WMC6" }, "sandbox-secret"),
    });
    expect(invalid.status).toBe(400);
    expect(decrypt(invalid.json.request, "sandbox-secret").payload).toEqual([
      { field: "cardAccountId", rule: "is required" },
    ]);
  });

  it("refuses a plain body with the documented 422, in clear", async () => {
    const answer = await ctx.caller.card("cardAccount/get", ACCOUNT);
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      response_code: 422,
      response_message: "Invalid encrypted request",
      payload: "Invalid encrypted request",
    });
  });

  it("refuses a body encrypted with another key, and base64 garbage", async () => {
    for (const request of [encrypt(ACCOUNT, "another-secret"), "bm90IGNpcGhlcnRleHQ=", "%%%"]) {
      const answer = await ctx.caller.card("cardAccount/get", { request });
      expect(answer.status).toBe(422);
      expect(answer.json.response_message).toBe("Invalid encrypted request");
    }
  });

  it("leaves the token endpoint in clear", async () => {
    expect((await ctx.caller.requestToken()).json.token_type).toBe("bearer");
  });
});

describe("encryption on with raw-16 key derivation", () => {
  const ctx = useSandbox({ encryption: "aes-128-ecb", keyDerivation: "raw-16" });

  it("uses the secret's own bytes as the key", async () => {
    const answer = await ctx.caller.card("cardAccount/get", {
      request: encrypt(ACCOUNT, "sandbox-secret", "raw-16"),
    });
    expect(decrypt(answer.json.request, "sandbox-secret", "raw-16").response_code).toBe(0);
    const wrongDerivation = await ctx.caller.card("cardAccount/get", {
      request: encrypt(ACCOUNT, "sandbox-secret"),
    });
    expect(wrongDerivation.status).toBe(422);
  });
});

describe("encryption off (default)", () => {
  const ctx = useSandbox();

  it("refuses an encrypted wrapper with 422 Invalid request format", async () => {
    const answer = await ctx.caller.card("cardAccount/get", { request: encrypt(ACCOUNT, "sandbox-secret") });
    expect(answer.status).toBe(422);
    expect(answer.json.response_message).toBe(
      "Invalid request format: encryption is not enabled for this partner",
    );
  });
});
