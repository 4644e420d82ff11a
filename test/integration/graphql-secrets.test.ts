import { describe, expect, it } from "vitest";
import { SetCardPinDocument } from "../../operations/generated.ts";
import { redactInputValues } from "../../src/plugins/use-redacted-input-errors.ts";
import { assertNoSecrets } from "../helpers/enkash.ts";
import { useHarness } from "../helpers/harness.ts";
import { PREPAID_CARD_ID as CARD } from "../helpers/ids.ts";

const h = useHarness();

describe("a wrong PIN or OTP never comes back in an error", () => {
  const WRONG_PIN = "98765";

  it("in a variable of type Pin", async () => {
    const result = await h.gql(
      `mutation P($pin: Pin!) { setCardPin(input: { cardId: "${CARD}", pin: $pin }) { userErrors { code } } }`,
      { pin: WRONG_PIN },
    );
    expect(result.errors?.[0]?.message).toBe(
      'Variable "$pin" got invalid value; Pin must be a string of exactly 4 digits',
    );
    expect(JSON.stringify(result)).not.toContain(WRONG_PIN);
  });

  it("inside an input object variable", async () => {
    const result = await h.gql(SetCardPinDocument, { input: { cardId: CARD, pin: WRONG_PIN } });
    expect(result.errors?.[0]?.message).toBe(
      'Variable "$input" got invalid value at "input.pin"; Pin must be a string of exactly 4 digits',
    );
    expect(JSON.stringify(result)).not.toContain(WRONG_PIN);
  });

  it("inline in the document", async () => {
    const result = await h.gql(
      `mutation P { setCardPin(input: { cardId: "${CARD}", pin: "${WRONG_PIN}" }) { userErrors { code } } }`,
    );
    expect(result.errors?.[0]?.message).toBe("Pin must be a string of exactly 4 digits");
    expect(JSON.stringify(result)).not.toContain(WRONG_PIN);
  });

  it("as a number, and as an OTP code", async () => {
    const number = await h.gql(
      `mutation P($pin: Pin!) { setCardPin(input: { cardId: "${CARD}", pin: $pin }) { userErrors { code } } }`,
      { pin: 98765 },
    );
    expect(JSON.stringify(number)).not.toContain(WRONG_PIN);
    const otp = await h.gql(
      `mutation O { lockCard(input: { cardId: "${CARD}", otp: { otpRequestId: "EKABCDEFGH", code: "12x45678" } }) { userErrors { code } } }`,
    );
    expect(otp.errors?.[0]?.message).toBe("Otp must be a string of 4 to 8 digits");
    expect(JSON.stringify(otp)).not.toContain("12x45678");
  });

  it("strips values from graphql-js messages of every kind", () => {
    expect(
      redactInputValues(
        'Variable "$x" got invalid value { pin: "1234" }; Field "y" is not defined',
        'Field "y" is not defined',
      ),
    ).toBe('Variable "$x" got invalid value; Field "y" is not defined');
    expect(redactInputValues('Expected value of type "Int!", found "4321".')).toBe(
      'Expected value of type "Int!".',
    );
  });

  it("a PIN that is set is not logged anywhere", async () => {
    const result = await h.gql(SetCardPinDocument, { input: { cardId: CARD, pin: "4862" } });
    expect(result.data?.setCardPin.userErrors).toEqual([]);
    assertNoSecrets([...h.logs, JSON.stringify(result)].join("\n"), [
      "4862",
      WRONG_PIN,
      "Sandbox@123",
      "sandbox-secret",
      ...h.sandbox.auth.issuedTokens(),
    ]);
  });
});

describe("unexpected errors", () => {
  const broken = useHarness({ encryption: "aes-128-ecb" }, { encryption: "none" });

  it("are masked with a request ID, and their cause is logged without secrets", async () => {
    const result = await broken.gql(
      `query Q { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: "EKCMB7KAEW") { status } }`,
    );
    expect(result.errors?.[0]).toMatchObject({
      message: "Unexpected error.",
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    const requestId = (result.errors?.[0]?.extensions as { requestId: string }).requestId;
    const logged = broken.logs.find((line) => line.includes(requestId));
    expect(logged).toMatch(/ENKASH_INVALID_REQUEST/);
    assertNoSecrets(broken.logs.join("\n"), [
      "Sandbox@123",
      "sandbox-secret",
      ...broken.sandbox.auth.issuedTokens(),
    ]);
  });
});
