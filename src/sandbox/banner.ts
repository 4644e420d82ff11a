import { DOCUMENTED_PARTNER_IDS } from "./auth.ts";
import type { Sandbox } from "./index.ts";

/**
 * What a developer needs to call the sandbox. The credentials shown are the sandbox's own
 * fixed test values (documented in docs/sandbox.md), never real EnKash secrets.
 */
export function sandboxBanner(sandbox: Sandbox): string {
  const { credentials, otpCode, encryption, seed, documentedPartnerIds } = sandbox.options;
  return [
    "EnKash sandbox is running.",
    `  base URL       ${sandbox.url}`,
    `  token URL      ${sandbox.tokenUrl}`,
    `  partnerId      ${credentials.partnerId}`,
    ...(documentedPartnerIds ? [`  also accepted  ${DOCUMENTED_PARTNER_IDS.join(", ")}`] : []),
    `  clientId       ${credentials.clientId}`,
    `  clientSecret   ${credentials.clientSecret}`,
    `  username       ${credentials.username}`,
    `  password       ${credentials.password}`,
    `  OTP / MFA code ${otpCode}`,
    `  encryption     ${encryption}`,
    `  seed           ${seed} (${sandbox.state.cards.size} cards, ${sandbox.state.transactions.size} transactions)`,
    `  helpers        ${sandbox.url}/__sandbox/calls, /__sandbox/purchase, /__sandbox/reset (see docs/sandbox.md)`,
  ].join("\n");
}
