import { type CSRFPreventionPluginOptions, useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { Plugin } from "graphql-yoga";

/**
 * Yoga's CSRF prevention (a GET or a non-JSON POST must carry a custom header, which a browser
 * cannot add cross-site without a CORS preflight), applied only to requests without explicit
 * credentials.
 *
 * A request with `Authorization: Bearer …`, `Authorization: ApiKey …` or `X-API-Key` cannot be
 * forged cross-site either: those are not CORS-safelisted headers, so a browser preflights them
 * (and only origins in CORS_ORIGINS pass the preflight). Demanding one more header of them only
 * broke ordinary clients (urql's GET, graphql-http's audits). Other Authorization schemes keep
 * the check: a browser attaches Basic, Digest or Negotiate credentials on its own. Today every
 * request without explicit credentials is refused by authentication first, so this is the second
 * line, for any future cookie-style or anonymous access. Yoga's plugin is wrapped, not rewritten:
 * its rule (which content types are preflighted) stays the maintained one.
 */
const EXPLICIT_SCHEME = /^(bearer|apikey)\s/i;

function carriesExplicitCredentials(headers: Headers): boolean {
  return headers.has("x-api-key") || EXPLICIT_SCHEME.test(headers.get("authorization") ?? "");
}

export function useCsrfPrevention(options: CSRFPreventionPluginOptions): Plugin {
  const yogaPlugin = useCSRFPrevention(options);
  const check = yogaPlugin.onRequestParse;
  return {
    ...yogaPlugin,
    onRequestParse(payload) {
      if (carriesExplicitCredentials(payload.request.headers)) return;
      return check?.(payload);
    },
  };
}
