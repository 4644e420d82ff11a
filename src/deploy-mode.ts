/**
 * Which EnKash the server talks to, decided so that a deployment cannot fail open: the embedded
 * sandbox (simulated cards, a signing secret of its own, GraphiQL with a ready token) runs only
 * when asked for (ENKASH_MODE=sandbox) or when nothing of a deployment is configured, i.e. `npm
 * start` on a developer's machine. A deployment that lost its EnKash credentials refuses to start
 * instead of serving the simulator. Messages name settings, never values.
 */
export type DeployMode = "sandbox" | "enkash";

export const CREDENTIAL_SETTINGS = [
  "ENKASH_BASE_URL",
  "ENKASH_TOKEN_URL",
  "ENKASH_PARTNER_ID",
  "ENKASH_CLIENT_ID",
  "ENKASH_CLIENT_SECRET",
  "ENKASH_USERNAME",
  "ENKASH_PASSWORD",
] as const;

/** Settings only a deployment has: any of them present means "this is not a developer's laptop". */
export const PRODUCTION_SETTINGS = [
  ...CREDENTIAL_SETTINGS,
  "AUTH_JWT_SECRET",
  "AUTH_JWKS_URL",
  "AUTH_API_KEYS",
  "REDIS_URL",
  "ENKASH_ACCOUNTS",
  "TRUSTED_DOCUMENTS",
  "PIN_ENCRYPTION_PRIVATE_KEY",
  "CORS_ORIGINS",
  "ENKASH_WEBHOOK_SECRET",
  "PARTNER_WEBHOOK_SIGNING_KEY",
] as const;

const ALL = CREDENTIAL_SETTINGS.join(", ");

/** The mode, and what is wrong with the settings for it (empty when nothing is). */
export function chooseMode(
  requested: DeployMode | undefined,
  present: (name: string) => boolean,
): { mode: DeployMode; problems: string[] } {
  const given = CREDENTIAL_SETTINGS.filter(present);
  const missing = CREDENTIAL_SETTINGS.filter((name) => !present(name));
  if (requested === "sandbox") {
    return {
      mode: "sandbox",
      problems:
        given.length > 0
          ? [
              `${given.join(", ")} must not be set with ENKASH_MODE=sandbox: the embedded sandbox uses its own test credentials (unset them, or set ENKASH_MODE=enkash)`,
            ]
          : [],
    };
  }
  if (requested === "enkash" || given.length > 0) {
    if (missing.length === 0) return { mode: "enkash", problems: [] };
    return {
      mode: "enkash",
      problems: [
        given.length > 0
          ? `${missing.join(", ")} must be set too: real EnKash needs all of ${ALL}`
          : `${ALL} must be set: ENKASH_MODE=enkash needs all of them`,
      ],
    };
  }
  const deployment = PRODUCTION_SETTINGS.filter(present);
  if (deployment.length === 0) return { mode: "sandbox", problems: [] };
  return {
    mode: "sandbox",
    problems: [
      `${ALL} must be set: ${deployment.join(", ")} ${deployment.length === 1 ? "is" : "are"} set, so this looks like a deployment, and a deployment never falls back to the embedded sandbox. To run the sandbox with ${deployment.length === 1 ? "this setting" : "these settings"}, set ENKASH_MODE=sandbox`,
    ],
  };
}
