import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { type EndpointName, endpoints } from "../src/enkash/endpoints.ts";

/**
 * The raw baseline: what calling EnKash by hand costs. The same EnKash calls made with undici
 * directly (no validation, retries, breaker or GraphQL), their JSON parsed, and the answer
 * serialized by a bare node:http handler, so that both sides of the comparison include the
 * HTTP hop from the load generator.
 */
export class RawEnkash {
  private readonly pool: Pool;
  private token = "";
  /** Wire bodies by input: a hand-written client would build them once. */
  private readonly bodies = new Map<string, string>();

  constructor(
    origin: string,
    private readonly credentials: {
      tokenUrl: string;
      partnerId: string;
      clientId: string;
      clientSecret: string;
      username: string;
      password: string;
    },
  ) {
    this.pool = new Pool(origin, { connections: 64 });
  }

  async login(): Promise<void> {
    const { tokenUrl, clientId, clientSecret, username, password } = this.credentials;
    const response = await this.pool.request({
      method: "POST",
      path: new URL(tokenUrl).pathname,
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ username, password, grant_type: "password", clientId }).toString(),
    });
    this.token = ((await response.body.json()) as { access_token: string }).access_token;
  }

  async call(name: EndpointName, input: Record<string, unknown>): Promise<unknown> {
    const endpoint = endpoints[name];
    const key = `${name}:${JSON.stringify(input)}`;
    let body = this.bodies.get(key);
    if (body === undefined) {
      body = JSON.stringify(endpoint.request.parse(input));
      if (endpoint.kind === "read") this.bodies.set(key, body);
    }
    const response = await this.pool.request({
      method: "POST",
      path: endpoint.path,
      headers: {
        authorization: `Bearer ${this.token}`,
        partnerId: this.credentials.partnerId,
        "content-type": "application/json",
        accept: "application/json",
      },
      body,
    });
    return response.body.json();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export type RawHandler = (variables: Record<string, unknown>) => Promise<unknown>;

/**
 * A bare HTTP endpoint per operation: POST /<name> with the operation's variables as a JSON body
 * runs the handler and answers its JSON.
 */
export async function startRawServer(
  handlers: Record<string, RawHandler>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const handler = handlers[(req.url ?? "/").slice(1)];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.stringify({
      data: await handler(JSON.parse(Buffer.concat(chunks).toString() || "{}")),
    });
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
