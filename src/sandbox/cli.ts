import { parseArgs } from "node:util";
import { describeBindFailure } from "../shared/bind-failure.ts";
import { sandboxBanner } from "./banner.ts";
import { type Sandbox, startSandbox } from "./index.ts";

/**
 * `npm run sandbox -- --port N [--seed N] [--cards-per-account N] [--encryption aes-128-ecb]
 * [--documented-partner-ids] [--webhook-url URL --webhook-secret S] [--webhook-drop R] ...`:
 * runs the EnKash sandbox alone and prints what a client needs to talk to it. The credentials
 * printed are the sandbox's own fixed test values, not real EnKash secrets. Its webhooks go to
 * `--webhook-url`, signed with `--webhook-secret` or, better (a command line is visible to every
 * user of the machine), `ENKASH_WEBHOOK_SECRET` from the environment, the server's setting of the
 * same name; the secret is never printed.
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
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    "webhook-drop": { type: "string", default: "0" },
    "webhook-repeat": { type: "string", default: "0" },
    "webhook-reorder": { type: "string", default: "0" },
    "webhook-delay-ms": { type: "string", default: "0" },
    "webhook-jitter-ms": { type: "string", default: "0" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "Usage: npm run sandbox -- [--port N] [--host H] [--seed N] [--cards-per-account N] [--encryption none|aes-128-ecb]\n" +
      "         [--partner-id ID] [--client-id ID] [--client-secret S] [--username U] [--password P] [--otp CODE]\n" +
      "         [--documented-partner-ids]\n" +
      "         [--webhook-url URL] [--webhook-secret S (or ENKASH_WEBHOOK_SECRET)] [--webhook-drop R] [--webhook-repeat R]\n" +
      "         [--webhook-reorder R] [--webhook-delay-ms N] [--webhook-jitter-ms N]   (R: a share from 0 to 1)",
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

// Never quoted back: a mistyped value may be a pasted secret.
const rate = (name: string, text: string): number => {
  const value = /^(0(\.\d+)?|1(\.0+)?)$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value)) {
    console.error(`--${name} must be a share from 0 to 1 (0.05 is 5%)`);
    process.exit(2);
  }
  return value;
};

const webhookSecret = values["webhook-secret"] ?? process.env.ENKASH_WEBHOOK_SECRET ?? null;
if (values["webhook-url"] && !webhookSecret) {
  console.error("--webhook-url needs a secret to sign with: ENKASH_WEBHOOK_SECRET or --webhook-secret");
  process.exit(2);
}

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
    ...(values["webhook-url"] ? { webhooks: { url: values["webhook-url"], secret: webhookSecret } } : {}),
    webhookFaults: {
      drop: rate("webhook-drop", values["webhook-drop"]),
      repeat: rate("webhook-repeat", values["webhook-repeat"]),
      reorder: rate("webhook-reorder", values["webhook-reorder"]),
      delay: {
        fixedMs: integer("webhook-delay-ms", values["webhook-delay-ms"]),
        jitterMs: integer("webhook-jitter-ms", values["webhook-jitter-ms"]),
      },
    },
  });
  console.log(`${sandboxBanner(sandbox)}\n  webhooks       ${webhooksLine(sandbox)}\nPress Ctrl+C to stop.`);
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

/** Where the webhooks go and their faults; never the secret. */
function webhooksLine(sandbox: Sandbox): string {
  const { url, signatureHeader } = sandbox.options.webhooks;
  if (!url) return "not sent (no --webhook-url)";
  const { drop, repeat, reorder, delay } = sandbox.faults.settings().webhooks;
  const faults = [
    drop > 0 ? `drop ${drop}` : "",
    repeat > 0 ? `repeat ${repeat}` : "",
    reorder > 0 ? `reorder ${reorder}` : "",
    delay.fixedMs > 0 || delay.jitterMs > 0 ? `delay ${delay.fixedMs} ms + up to ${delay.jitterMs} ms` : "",
  ].filter(Boolean);
  return `${url} (signed, ${signatureHeader}; faults: ${faults.join(", ") || "none"})`;
}
