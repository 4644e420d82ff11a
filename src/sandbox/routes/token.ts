import type { Route } from "../http/route.ts";
import { json } from "../http/route.ts";

/** Auth Token (reference 3.1): OAuth2 password grant, form-encoded, Basic client credentials. */
export const token: Route = {
  name: "token",
  method: "POST",
  path: "/oauth/token",
  kind: "token",
  body: "form",
  envelope: "A",
  handle({ auth, body, headers }) {
    const form = body instanceof URLSearchParams ? body : new URLSearchParams();
    return json(200, auth.issue(headers.authorization, form));
  },
};
