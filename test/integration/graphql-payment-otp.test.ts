import { describe, expect, it } from "vitest";
import { ResendPaymentOtpDocument, ValidatePaymentOtpDocument } from "../../operations/generated.ts";
import { useHarness } from "../helpers/harness.ts";

/** Payment Gateway OTPs (source 003 Resend OTP; reference 7.21 Validate OTP) through the graph. */
const h = useHarness();
let payments = 0;

/** A payment waiting for its payer's OTP, made in the sandbox. */
function pendingPayment(amountPaise = 50_000): string {
  const ekPayId = `EKPAYT${String(++payments).padStart(4, "0")}`;
  h.sandbox.state.pgPayments.set(ekPayId, {
    ekPayId,
    orderId: `ORD-${ekPayId}`,
    amount: amountPaise as never,
    status: "PENDING_OTP",
    failedAttempts: 0,
    resends: 0,
    createdOn: h.sandbox.clock.now(),
  });
  return ekPayId;
}

const validate = (paymentId: string, otp: string, token?: string) =>
  h.gql(ValidatePaymentOtpDocument, { input: { paymentId, otp } }, token ? { token } : {});
const resend = (paymentId: string, token?: string) =>
  h.gql(ResendPaymentOtpDocument, { input: { paymentId } }, token ? { token } : {});

describe("resendPaymentOtp and validatePaymentOtp", () => {
  it("a partner admin resends the OTP, and the payer's code completes the payment with a typed answer", async () => {
    const paymentId = pendingPayment(125_050);
    const sent = await resend(paymentId);
    expect(sent.data?.resendPaymentOtp).toEqual({ paymentId, userErrors: [] });
    expect(h.sandbox.state.pgPayments.get(paymentId)?.resends).toBe(1);

    const wrong = await validate(paymentId, "000000");
    expect(wrong.data?.validatePaymentOtp).toMatchObject({
      result: null,
      userErrors: [{ code: "OTP_INVALID" }],
    });

    const done = await validate(paymentId, "123456");
    expect(done.data?.validatePaymentOtp.userErrors).toEqual([]);
    expect(done.data?.validatePaymentOtp.result).toMatchObject({
      transactionId: paymentId,
      orderId: `ORD-${paymentId}`,
      amount: { amount: "1250.50" },
      currency: "INR",
      status: "SUCCESS",
    });
    expect(done.data?.validatePaymentOtp.result?.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(h.sandbox.state.pgPayments.get(paymentId)?.status).toBe("SUCCESS");

    // Done once: neither a resend nor another code applies any more.
    const again = await validate(paymentId, "123456");
    expect(again.data?.validatePaymentOtp.userErrors).toEqual([
      {
        code: "TRANSITION_NOT_ALLOWED",
        message: "The payment is not waiting for an OTP (it has succeeded or failed already).",
        field: null,
      },
    ]);
    const late = await resend(paymentId);
    expect(late.data?.resendPaymentOtp.userErrors[0]?.code).toBe("TRANSITION_NOT_ALLOWED");
    // The code is never echoed, nor logged.
    expect(JSON.stringify([sent, wrong, done, again])).not.toContain("123456");
    expect(h.logs.join("\n")).not.toContain("123456");
  });

  it("payments belong to the partner: an admin of some companies, a company admin and a cardholder reach nothing", async () => {
    const paymentId = pendingPayment();
    const partnerOfOneCompany = await h.token({
      subject: "partner-admin-of-one",
      role: "PARTNER_ADMIN",
      companies: ["CEKEP5GSGP"],
    });
    const companyAdmin = await h.token({
      subject: "company-admin",
      role: "COMPANY_ADMIN",
      companies: ["CEKEP5GSGP"],
      scopes: ["cards:read", "payments:otp"],
    });
    const cardholder = await h.token({
      subject: "holder",
      role: "CARDHOLDER",
      companies: ["CEKEP5GSGP"],
      cards: ["EKCMB7KAEW"],
    });
    const { result, total } = await h.upstream(async () => ({
      resend: await resend(paymentId, partnerOfOneCompany),
      validate: await validate(paymentId, "123456", partnerOfOneCompany),
      company: await validate(paymentId, "123456", companyAdmin),
      holder: await validate(paymentId, "123456", cardholder),
    }));
    // The object check: the scope alone is not enough.
    const notServed = [
      { code: "NOT_FOUND", message: "No such payment is served here", field: ["input", "paymentId"] },
    ];
    expect(result.resend.data?.resendPaymentOtp.userErrors).toEqual(notServed);
    expect(result.validate.data?.validatePaymentOtp.userErrors).toEqual(notServed);
    // A token cannot widen its role's scopes, so these never get the scope at all.
    for (const refused of [result.company, result.holder]) {
      expect(refused.data?.validatePaymentOtp ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect(total).toBe(0);
    expect(h.sandbox.state.pgPayments.get(paymentId)?.status).toBe("PENDING_OTP");
  });

  it("an unknown payment is NOT_FOUND; a malformed ID is INVALID_INPUT without being echoed", async () => {
    const unknown = await validate("EKPAYNOSUCH1", "123456");
    expect(unknown.data?.validatePaymentOtp.userErrors).toEqual([
      { code: "NOT_FOUND", message: "EnKash has no such payment.", field: null },
    ]);
    const unknownResend = await resend("EKPAYNOSUCH1");
    expect(unknownResend.data?.resendPaymentOtp.userErrors[0]?.code).toBe("NOT_FOUND");
    const { result, total } = await h.upstream(() => resend("../admin<script>"));
    expect(result.data?.resendPaymentOtp.userErrors).toEqual([
      {
        code: "INVALID_INPUT",
        message: "paymentId must be 1 to 64 letters, digits, - or _",
        field: ["input", "paymentId"],
      },
    ]);
    expect(JSON.stringify(result)).not.toContain("script");
    expect(total).toBe(0);
  });

  it("sends are bounded per viewer and payment like a card's OTPs", async () => {
    const paymentId = pendingPayment();
    const { result, calls } = await h.upstream(async () => {
      const codes: string[] = [];
      for (let i = 0; i < 6; i++)
        codes.push((await resend(paymentId)).data?.resendPaymentOtp.userErrors[0]?.code ?? "OK");
      return codes;
    });
    expect(result).toEqual(["OK", "OK", "OK", "OK", "OK", "RATE_LIMITED"]);
    expect(calls.pgResendOtp).toBe(5);
  });

  it("five wrong codes from anyone lock the payment's OTP: the right code then reaches no EnKash", async () => {
    const paymentId = pendingPayment();
    const other = await h.token({ subject: "second-partner-admin", role: "PARTNER_ADMIN" });
    // EnKash fails a payment after its own three wrong codes; a resend opens new attempts.
    const wrongs: string[] = [];
    for (const [i, token] of [undefined, other, "resend", undefined, other, "resend", undefined].entries()) {
      if (token === "resend") {
        await resend(paymentId, i > 3 ? other : undefined);
        continue;
      }
      wrongs.push(
        (await validate(paymentId, "000000", token)).data?.validatePaymentOtp.userErrors[0]?.code ?? "",
      );
    }
    expect(wrongs).toEqual(["OTP_INVALID", "OTP_INVALID", "OTP_INVALID", "OTP_INVALID", "OTP_INVALID"]);
    const { result, total } = await h.upstream(() => validate(paymentId, "123456"));
    expect(result.data?.validatePaymentOtp.userErrors[0]).toMatchObject({
      code: "OTP_LOCKED",
      message:
        "Too many wrong OTP codes for this payment; OTP-gated operations on it are refused for 30 minutes",
    });
    expect(total).toBe(0);
    expect(h.sandbox.state.pgPayments.get(paymentId)?.status).toBe("PENDING_OTP");
  });
});
