import { beforeEach, describe, expect, it } from "vitest";
import { useSandbox } from "./helpers/sandbox.ts";

/**
 * The five original pages in ../shared/enkash/source-docs/, each example request sent as the page
 * shows it (its own `partnerId` header, its own body text), answered as the page documents.
 * Expected answers are literal JSON copied from the pages, never derived from the sandbox.
 */

const ctx = useSandbox({ documentedPartnerIds: true });
beforeEach(() => ctx.reset());

const ACCOUNT = { cardAccountId: "CAVBMRFE8", companyId: "CEK7T1WMC6" };

describe("documentedPartnerIds", () => {
  it("accepts every partner ID the pages show, besides the configured one", async () => {
    for (const partnerId of ["CRSANDBOX1", "CRXXXXXXX", "CRM338L2H", "CRMXWB3ZM", "CRMAXZ11Q"]) {
      const answer = await ctx.caller.card("cardAccount/get", ACCOUNT, { partnerId });
      expect(answer.status, partnerId).toBe(200);
      expect(answer.json.response_code, partnerId).toBe(0);
    }
  });

  it("still refuses any other partner ID with the documented 422, changing nothing", async () => {
    const before = ctx.sandbox.state.snapshot();
    const answer = await ctx.caller.card(
      "block",
      { ...ACCOUNT, enKashCardId: "EKCQMY9BQ0", blockCode: "BL", otpMedium: "MOBILE", otpRequired: false },
      { partnerId: "CRM0THER1" },
    );
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      code: 422,
      message: "Card Account does not exist for this partner",
      payload: "Card Account does not exist for this partner",
    });
    expect(answer.text).not.toContain("CRM0THER1");
    expect(ctx.sandbox.state.snapshot()).toBe(before);
  });
});
