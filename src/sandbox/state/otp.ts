import { OTP_ACTIONS, type OtpAction } from "../../shared/enkash-vocabulary.ts";
import { BusinessError } from "../http/errors.ts";
import type { SandboxOptions } from "../options.ts";
import type { SandboxState } from "./store.ts";
import type { Card, OtpRequest } from "./types.ts";

/**
 * One-time passwords. `/otp` opens a request bound to one card and one action; a gated call
 * names it with `otpRequestId` and proves it with the code (`otp`, or `mfaCode` for MFA). A
 * request expires, is single-use and dies after too many wrong codes. The code itself is the
 * sandbox's fixed test code and is never stored.
 */

/** The only documented action; accepted by every OTP-gated operation. */
const GENERIC_OTP_ACTION: OtpAction = "TRANSACTION_OTP";
export { OTP_ACTIONS, type OtpAction };

export interface OtpSettings {
  code: string;
  ttlSeconds: number;
  maxAttempts: number;
}

export function otpSettings(options: SandboxOptions): OtpSettings {
  return { code: options.otpCode, ttlSeconds: options.otpTtlSeconds, maxAttempts: options.otpMaxAttempts };
}

export function openOtpRequest(
  state: SandboxState,
  card: Card,
  action: OtpAction,
  settings: OtpSettings,
): OtpRequest {
  const request: OtpRequest = {
    otpRequestId: state.ids.next("EK", 8),
    enKashCardId: card.enKashCardId,
    cardAccountId: card.cardAccountId,
    action,
    expiresAt: state.now() + settings.ttlSeconds * 1000,
    failedAttempts: 0,
    used: false,
  };
  state.otps.set(request.otpRequestId, request);
  return request;
}

/**
 * Block Card and Request Card Replacement take `otpRequired`: `false` means no OTP is checked
 * (source 004: "to be passed as false"; G2 replaceCard: "pass false"); absent or `true` means the
 * OTP proof is required. Set PIN differs: its documented example omits the field, so there
 * absent means false.
 */
export function otpRequiredUnlessFalse(input: { otpRequired?: boolean | undefined }): boolean {
  return input.otpRequired !== false;
}

export interface OtpProof {
  otpMedium?: "MOBILE" | "MFA" | undefined;
  otpRequestId?: string | undefined;
  otp?: string | undefined;
  mfaCode?: string | undefined;
}

/**
 * Checks an OTP proof for `card` and `action`. On success the request is spent; on a wrong code
 * the attempt is counted (the one change a refused request makes, by design).
 * Call it after every other check of the operation, just before changing state.
 */
export function consumeOtp(
  state: SandboxState,
  card: Card,
  action: OtpAction,
  proof: OtpProof,
  settings: OtpSettings,
): void {
  const medium = proof.otpMedium ?? "MOBILE";
  const code = medium === "MFA" ? proof.mfaCode : proof.otp;
  if (!code)
    throw new BusinessError(
      medium === "MFA" ? "mfaCode is required for this operation" : "OTP is required for this operation",
    );
  if (medium === "MFA") {
    // An authenticator code is not tied to an OTP request.
    if (code !== settings.code) throw new BusinessError("Invalid MFA code");
    return;
  }
  if (!proof.otpRequestId) throw new BusinessError("otpRequestId is required for this operation");
  const request = state.otps.get(proof.otpRequestId);
  if (!request || request.enKashCardId !== card.enKashCardId) throw new BusinessError("Invalid OTP request");
  if (request.action !== GENERIC_OTP_ACTION && request.action !== action) {
    throw new BusinessError("OTP was generated for a different action");
  }
  if (request.used) throw new BusinessError("OTP has already been used");
  if (request.failedAttempts >= settings.maxAttempts) {
    throw new BusinessError("OTP attempts exceeded; generate a new OTP");
  }
  if (request.expiresAt <= state.now()) throw new BusinessError("OTP has expired; generate a new OTP");
  if (code !== settings.code) {
    request.failedAttempts++;
    const left = settings.maxAttempts - request.failedAttempts;
    throw new BusinessError(
      left > 0
        ? `Invalid OTP; ${left} attempt(s) left`
        : "Invalid OTP; attempts exceeded, generate a new OTP",
    );
  }
  request.used = true;
}
