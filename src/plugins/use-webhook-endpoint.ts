import type { Plugin } from "graphql-yoga";
import type { WebhookAnswer } from "../events/intake.ts";

/**
 * `POST /webhooks/enkash`: EnKash's card webhooks, answered here, before authentication (EnKash
 * sends no bearer token: the signature is the credential) and outside GraphQL. Its own rules:
 *
 * - POST only (405); `application/json` or no content type (415 otherwise);
 * - at most `maxBytes` of body, whether declared (413 before reading) or streamed (413 once past);
 * - the signature is checked on the raw bytes before anything is parsed (401), then the body (400
 *   with a code); answers are the server's own words, never a part of the input;
 * - anything thrown is caught: whatwg-node's default answer to an error is its stack.
 */
export const WEBHOOK_PATH = "/webhooks/enkash";

export interface WebhookReceiver {
  receiveWebhook(body: Uint8Array, header: (name: string) => string | null): Promise<WebhookAnswer>;
}

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  answer(status, { error: { code, message } }, headers);

export function useWebhookEndpoint(options: { receiver: WebhookReceiver; maxBytes: number }): Plugin {
  const { receiver, maxBytes } = options;
  const tooLarge = () => error(413, "PAYLOAD_TOO_LARGE", `The body exceeds ${maxBytes} bytes.`);
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== WEBHOOK_PATH) return;
      try {
        if (request.method !== "POST")
          return endResponse(error(405, "METHOD_NOT_ALLOWED", "Webhooks are POSTed.", { allow: "POST" }));
        const type = request.headers.get("content-type");
        if (type !== null && !/^application\/json\s*(;|$)/i.test(type))
          return endResponse(error(415, "UNSUPPORTED_MEDIA_TYPE", "Send application/json."));
        const length = request.headers.get("content-length");
        if (length !== null && (!/^\d+$/.test(length) || Number(length) > maxBytes))
          return endResponse(tooLarge());
        const body = await readLimited(request, maxBytes);
        if (body === null) return endResponse(tooLarge());
        const result = await receiver.receiveWebhook(body, (name) => request.headers.get(name));
        return endResponse(answer(result.status, result.body));
      } catch {
        return endResponse(
          error(500, "INTERNAL_ERROR", "The webhook could not be handled; send it again later."),
        );
      }
    },
  };
}

/** The body's bytes, or null once it passes `maxBytes` (reading stops there). */
async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
