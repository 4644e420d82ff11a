/**
 * EnKash's OAuth password grant (as bench/raw.ts does it): the peers log in once at start-up and
 * send the bearer token with every card call. The sandbox's tokens last a day, longer than a bench
 * run, so the peers do not refresh them.
 */
export async function login(env) {
  const basic = Buffer.from(`${env.ENKASH_CLIENT_ID}:${env.ENKASH_CLIENT_SECRET}`).toString("base64");
  const response = await fetch(env.ENKASH_TOKEN_URL, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      username: env.ENKASH_USERNAME,
      password: env.ENKASH_PASSWORD,
      grant_type: "password",
      clientId: env.ENKASH_CLIENT_ID,
    }),
  });
  if (!response.ok) throw new Error(`EnKash login refused: HTTP ${response.status}`);
  return (await response.json()).access_token;
}
