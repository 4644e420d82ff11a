import { isIP } from "node:net";
import { Agent, errors, request } from "undici";
import type { AttemptErrorKind } from "./deliveries.ts";
import { guardedLookup, refusedAddressKind, type TargetAllowList, TargetRefusedError } from "./ssrf.ts";

/**
 * One POST to a partner's endpoint, as an untrusted peer: every connection's addresses checked
 * again (ssrf.ts, against DNS rebinding), no redirect followed (a 3xx is a failed attempt, not a
 * new target), bounded in time, and the answer's body read up to 64 KiB and thrown away (only the
 * status counts; a partner's body is never logged or stored).
 */
export interface SendResult {
  statusCode: number | null;
  errorKind: AttemptErrorKind | null;
  durationMs: number;
}

/** The most of a partner's answer read (and discarded) before the connection is dropped. */
const ANSWER_LIMIT_BYTES = 64 * 1024;

export class PartnerSender {
  private readonly agent: Agent;

  constructor(
    private readonly allow: TargetAllowList,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(allow), timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connections: 8,
    });
  }

  async send(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    // An address in the URL itself is connected to without a lookup: judged here instead.
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && refusedAddressKind(host, this.allow) !== null)
      return { statusCode: null, errorKind: "TARGET_REFUSED", durationMs: durationMs() };
    try {
      const answer = await request(url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "user-agent": "EnKash-GraphQL-Webhooks/1",
          ...headers,
        },
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await answer.body.dump({ limit: ANSWER_LIMIT_BYTES }).catch(() => {});
      const ok = answer.statusCode >= 200 && answer.statusCode < 300;
      return {
        statusCode: answer.statusCode,
        errorKind: ok ? null : "HTTP_STATUS",
        durationMs: durationMs(),
      };
    } catch (error) {
      return { statusCode: null, errorKind: errorKindOf(error), durationMs: durationMs() };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function errorKindOf(error: unknown): AttemptErrorKind {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof TargetRefusedError || (cause as { code?: string }).code === "WEBHOOK_TARGET_REFUSED")
      return "TARGET_REFUSED";
    if (
      cause instanceof errors.ConnectTimeoutError ||
      cause instanceof errors.HeadersTimeoutError ||
      cause instanceof errors.BodyTimeoutError ||
      cause.name === "TimeoutError"
    )
      return "TIMEOUT";
  }
  return "CONNECTION";
}
