import { parseArgs } from "node:util";
import { describeBindFailure } from "../shared/bind-failure.ts";
import { sandboxBanner } from "./banner.ts";
import { startSandbox } from "./index.ts";

/**
 * `npm run sandbox -- --port N [--seed N] [--cards-per-account N] [--encryption aes-128-ecb]
 * [--documented-partner-ids]`:
 * runs the EnKash sandbox alone and prints what a client needs to talk to it. The credentials
 * printed are the sandbox's own fixed test values, not real EnKash secrets.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string", default: "1" },
    "cards-per-account": { type: "string" },
    encryption: { type: "string", default: "none" },
    "partner-id": { type: "string" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    username: { type: "string" },
    password: { type: "string" },
    otp: { type: "string" },
    "documented-partner-ids": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "Usage: npm run sandbox -- [--port N] [--host H] [--seed N] [--cards-per-account N] [--encryption none|aes-128-ecb]\n" +
      "         [--partner-id ID] [--client-id ID] [--client-secret S] [--username U] [--password P] [--otp CODE]\n" +
      "         [--documented-partner-ids]",
  );
  process.exit(0);
}

const integer = (name: string, text: string): number => {
  if (!/^\d+$/.test(text)) {
    console.error(`--${name} must be a whole number`);
    process.exit(2);
  }
  return Number(text);
};

try {
  const sandbox = await startSandbox({
    port: integer("port", values.port),
    host: values.host,
    seed: integer("seed", values.seed),
    encryption: values.encryption as "none" | "aes-128-ecb",
    credentials: {
      ...(values["partner-id"] ? { partnerId: values["partner-id"] } : {}),
      ...(values["client-id"] ? { clientId: values["client-id"] } : {}),
      ...(values["client-secret"] ? { clientSecret: values["client-secret"] } : {}),
      ...(values.username ? { username: values.username } : {}),
      ...(values.password ? { password: values.password } : {}),
    },
    ...(values.otp ? { otpCode: values.otp } : {}),
    documentedPartnerIds: values["documented-partner-ids"],
    ...(values["cards-per-account"]
      ? { size: { cardsPerAccount: integer("cards-per-account", values["cards-per-account"]) } }
      : {}),
  });
  console.log(`${sandboxBanner(sandbox)}\nPress Ctrl+C to stop.`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  const port = Number(values.port);
  console.error(
    describeBindFailure("--port", port, error) ?? (error instanceof Error ? error.message : error),
  );
  process.exit(1);
}
