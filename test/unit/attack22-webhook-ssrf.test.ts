import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { PartnerSender } from "../../src/events/partner/sender.ts";
import {
  checkEndpointUrl,
  guardedLookup,
  parseAllowList,
  TargetRefusedError,
} from "../../src/events/partner/ssrf.ts";

/**
 * Attack 22 on partner webhook SSRF (src/events/partner/ssrf.ts). The hole: ipaddr.js classes the
 * IPv4-compatible IPv6 form `::a.b.c.d` (::/96, deprecated by RFC 4291) as `unicast`, so
 * `https://[::7f00:1]/` and `https://[::a9fe:a9fe]/` (loopback and cloud metadata in that
 * spelling) were accepted at registration and sent to at delivery, though the doc says every IPv6
 * form carrying an IPv4 address is refused. A host with automatic tunnelling (sit0) routes them
 * to the IPv4 address. The other spellings tried below were already refused or normalised.
 */
const testAllow = parseAllowList("127.0.0.1/32");
const compatible = ["[::7f00:1]", "[::127.0.0.1]", "[::a9fe:a9fe]", "[::a00:1]", "[::808:808]"];

describe("IPv4-compatible IPv6 addresses", () => {
  it.each(compatible)("refuses https://%s/ at registration without echoing it", async (host) => {
    const error = await checkEndpointUrl(`https://${host}/hook`, testAllow).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      "The URL's host resolves to a ipv4Compatible address, which is not allowed",
    );
    expect((error as Error).message).not.toContain(host.slice(1, -1));
  });

  it("refuses a host that resolves to one at connection time (DNS rebinding)", async () => {
    const lookup = guardedLookup(
      testAllow,
      async (): Promise<LookupAddress[]> => [{ address: "::7f00:1", family: 6 }],
    );
    const error = await new Promise<Error | null>((resolve) =>
      lookup("rebound.example", {}, (e) => resolve(e)),
    );
    expect(error).toBeInstanceOf(TargetRefusedError);
  });

  it("does not send to one written in the URL (no lookup happens for a literal)", async () => {
    const sender = new PartnerSender(testAllow, 1_000);
    try {
      const result = await sender.send("https://[::7f00:1]/hook", "{}", {});
      expect(result).toMatchObject({ statusCode: null, errorKind: "TARGET_REFUSED" });
    } finally {
      await sender.close();
    }
  });

  it("still honours an operator who allow-lists one", async () => {
    await expect(checkEndpointUrl("http://[::7f00:1]/", parseAllowList("::7f00:1/128"))).resolves.toBe(
      "http://[::7f00:1]/",
    );
  });
});

describe("spellings of loopback and internal targets that were tried and hold", () => {
  const none = parseAllowList("");
  it.each([
    "https://2130706433/",
    "https://0x7f.0.0.1/",
    "https://017700000001/",
    "https://127.1/",
    "https://[::ffff:7f00:1]/",
    "https://[::1]/",
    "https://0.0.0.0/",
    "https://0/",
    "https://[::]/",
    "https://127.0.0.2./",
    "https://[::ffff:0:7f00:1]/",
    "https://[64:ff9b::a9fe:a9fe]/",
    "https://[2002:7f00:1::]/",
    "https://[fe80::1%25eth0]/",
    "https://a@127.0.0.1/",
  ])("refuses %s with no allow-list", async (url) => {
    const error = await checkEndpointUrl(url, none).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toMatch(/127|7f|2130706433|a9fe|@/i);
  });
});
