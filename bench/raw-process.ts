import { RawEnkash, startRawServer } from "./raw.ts";
import { rawHandlers } from "./raw-operations.ts";

/**
 * The raw baseline in a process of its own (started by bench/peers.ts like every server under
 * test), so that its CPU is measured the same way. Env: ENKASH_BASE_URL, ENKASH_TOKEN_URL and the
 * five credentials.
 */
const env = process.env as Record<string, string>;
const raw = new RawEnkash(new URL(env.ENKASH_BASE_URL as string).origin, {
  tokenUrl: env.ENKASH_TOKEN_URL as string,
  partnerId: env.ENKASH_PARTNER_ID as string,
  clientId: env.ENKASH_CLIENT_ID as string,
  clientSecret: env.ENKASH_CLIENT_SECRET as string,
  username: env.ENKASH_USERNAME as string,
  password: env.ENKASH_PASSWORD as string,
});
await raw.login();
const server = await startRawServer(rawHandlers(raw));
console.log(`raw baseline ready at ${server.url}/`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    void Promise.all([server.close(), raw.close()]).then(() => process.exit(0));
  });
