import { describe, expect, it } from "vitest";
import { MemoryStateStore } from "../../src/state-store.ts";
import { useHarness } from "../helpers/harness.ts";

/**
 * OTP guessing is bounded per card, across every viewer and every instance: 5 wrong codes per card
 * in 15 minutes, then the card refuses OTP-gated attempts for 30 minutes (OTP_LOCKED). A correct
 * code does not count.
 */
const store = new MemoryStateStore();
const a = useHarness({}, {}, { store: () => store });
// Two instances of the server on one shared store and one EnKash.
const b = useHarness({}, {}, { store: () => store, sandbox: () => a.sandbox });
const id = (key: string) => Buffer.from(`Card:${key}`).toString("base64");

const gated =
  (mutation: "lockCard" | "unlockCard") => (harness: typeof a, card: string, code: string, token: string) =>
    harness
      .gql(
        `mutation L($card: ID!, $code: Otp!) { ${mutation}(input: { cardId: $card, otp: { medium: AUTHENTICATOR, code: $code } }) { userErrors { code } } }`,
        { card, code },
        { token },
      )
      .then((result) => {
        const payload = (result.data as Record<string, { userErrors: { code: string }[] }> | null)?.[
          mutation
        ];
        return payload?.userErrors[0]?.code ?? (result.errors ? "ERROR" : "ok");
      });
const lock = gated("lockCard");
const unlock = gated("unlockCard");

describe("OTP attempts per card, across viewers and instances", () => {
  it("five tokens guessing in parallel on two instances reach EnKash at most 5 times; then the card is locked", async () => {
    const card = id("CEKEP5GSGP/CABFIPS/EKCMB7KAEW");
    const tokens = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        a.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: `guesser-${i}` }),
      ),
    );
    const before = a.sandbox.calls.count("blockCard");
    const outcomes = await Promise.all(
      tokens.flatMap((token, t) =>
        Array.from({ length: 10 }, (_, g) => lock(g % 2 ? a : b, card, `7${t}${g}000`, token)),
      ),
    );
    const reached = a.sandbox.calls.count("blockCard") - before;
    expect(reached).toBeLessThanOrEqual(5);
    expect(outcomes.filter((code) => code === "OTP_INVALID").length).toBe(reached);
    // The rest were not tried: too many at once, then the card locked by the wrong codes.
    expect(
      outcomes
        .filter((code) => code !== "OTP_INVALID")
        .every((code) => ["RATE_LIMITED", "OTP_LOCKED"].includes(code)),
    ).toBe(true);
    // Locked: even the right code, from a viewer who never guessed, is refused without a call.
    const fresh = await b.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: "owner" });
    const lockedAt = a.sandbox.calls.count("blockCard");
    expect(await lock(b, card, "123456", fresh)).toBe("OTP_LOCKED");
    expect(a.sandbox.calls.count("blockCard")).toBe(lockedAt);
  });

  it("a correct code does not count towards the lock", async () => {
    const card = id("CEK7T1WMC6/CAVBMRFE8/EKCQMY9BQ0");
    const token = await a.token({ subject: "careful" });
    const outcomes: string[] = [];
    for (const code of ["111111", "222222", "333333", "444444"])
      outcomes.push(await lock(a, card, code, token));
    outcomes.push(await lock(b, card, "123456", token));
    outcomes.push(await unlock(a, card, "555555", token));
    outcomes.push(await unlock(b, card, "123456", token));
    expect(outcomes).toEqual([
      "OTP_INVALID",
      "OTP_INVALID",
      "OTP_INVALID",
      "OTP_INVALID",
      "ok",
      "OTP_INVALID",
      "OTP_LOCKED",
    ]);
  });

  it("another company cannot lock a card, or use up its OTP sends, by naming it under its own account", async () => {
    const vikramCard = id("CEK7T1WMC6/CAVBMRFE8/EKCE54IDPE");
    const underAnay = id("CEKEP5GSGP/CABFIPS/EKCE54IDPE");
    const intruders = await Promise.all(
      [0, 1].map((i) =>
        a.token({ role: "COMPANY_ADMIN", companies: ["CEKEP5GSGP"], subject: `intruder-${i}` }),
      ),
    );
    const tries = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        lock(i % 2 ? a : b, underAnay, `55${i}555`, intruders[i % 2] as string),
      ),
    );
    expect(tries.every((code) => ["NOT_FOUND", "RATE_LIMITED"].includes(code))).toBe(true);
    for (const token of intruders)
      for (let i = 0; i < 5; i++)
        await a.gql(
          `mutation O($card: ID!) { generateCardOtp(input: { cardId: $card }) { userErrors { code } } }`,
          { card: underAnay },
          { token },
        );
    const owner = await b.token({
      role: "COMPANY_ADMIN",
      companies: ["CEK7T1WMC6"],
      subject: "vikram-owner",
    });
    const sent = await b.gql(
      `mutation O($card: ID!) { generateCardOtp(input: { cardId: $card }) { userErrors { code } } }`,
      { card: vikramCard },
      { token: owner },
    );
    expect((sent.data as { generateCardOtp: { userErrors: unknown[] } }).generateCardOtp.userErrors).toEqual(
      [],
    );
    expect(await lock(b, vikramCard, "123456", owner)).toBe("ok");
  });
});
