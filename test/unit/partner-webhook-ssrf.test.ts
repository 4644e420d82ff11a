import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import {
  checkEndpointUrl,
  guardedLookup,
  parseAllowList,
  refusedAddressKind,
  TargetRefusedError,
} from "../../src/events/partner/ssrf.ts";

/**
 * Partner webhook URLs against SSRF (src/events/partner/ssrf.ts, docs/webhooks.md): only public
 * unicast addresses unless the operator's allow-list holds them; checked at registration and at
 * every connection (DNS rebinding). Lookups are stubbed here so the rules are tested on exact
 * answers; the sender's test (test/slow/partner-webhooks.test.ts) does it with real DNS and sockets.
 */
const none = parseAllowList("");
const loopbackOnly = parseAllowList("127.0.0.1/32");
const resolvesTo =
  (...addresses: string[]) =>
  async (): Promise<LookupAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("which addresses a delivery may reach", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["64:ff9b::7f00:1", "rfc6052"],
    ["2002:7f00:1::", "6to4"],
  ])("%s is refused (%s)", (address, kind) => {
    expect(refusedAddressKind(address, none)).toBe(kind);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "2606:4700:4700::1111",
  ])("%s (public unicast) is allowed", (address) => {
    expect(refusedAddressKind(address, none)).toBeNull();
  });

  it("the operator's allow-list opens exactly what it lists: 127.0.0.1, not ::1 or 127.0.0.2", () => {
    expect(refusedAddressKind("127.0.0.1", loopbackOnly)).toBeNull();
    expect(refusedAddressKind("::ffff:127.0.0.1", loopbackOnly)).toBeNull();
    expect(refusedAddressKind("127.0.0.2", loopbackOnly)).toBe("loopback");
    expect(refusedAddressKind("::1", loopbackOnly)).toBe("loopback");
    expect(refusedAddressKind("10.0.0.1", loopbackOnly)).toBe("private");
  });

  it("an allow-list that is not addresses is refused, naming the entry's position only", () => {
    expect(() => parseAllowList("127.0.0.1/32, internal.example")).toThrow(
      "entry 2 is not an IP address or CIDR",
    );
  });
});

describe("registration", () => {
  it("takes an https URL resolving to public addresses, normalised", async () => {
    await expect(
      checkEndpointUrl("https://Hooks.Partner.example/enkash?x=1", none, resolvesTo("93.184.216.34")),
    ).resolves.toBe("https://hooks.partner.example/enkash?x=1");
  });

  it.each([
    ["not a URL", "not a url", "cannot be parsed"],
    ["ftp", "ftp://files.partner.example/x", "must use https"],
    ["http to a public host", "http://hooks.partner.example/x", "must use https"],
    ["credentials", "https://user:pw@hooks.partner.example/x", "user name or password"],
    ["a fragment", "https://hooks.partner.example/x#y", "fragment"],
  ])("refuses %s, without repeating the URL", async (_name, url, message) => {
    const refusal = checkEndpointUrl(url, none, resolvesTo("93.184.216.34"));
    await expect(refusal).rejects.toThrow(message);
    await expect(refusal).rejects.not.toThrow("partner.example");
  });

  it("refuses a host name that resolves to loopback (or to any non-public address among public ones)", async () => {
    await expect(
      checkEndpointUrl("https://sneaky.partner.example/", none, resolvesTo("127.0.0.1")),
    ).rejects.toThrow("resolves to a loopback address");
    await expect(
      checkEndpointUrl("https://mixed.partner.example/", none, resolvesTo("93.184.216.34", "10.1.2.3")),
    ).rejects.toThrow("resolves to a private address");
  });

  it("refuses address literals in every spelling: IPv4, IPv6, mapped, decimal", async () => {
    for (const url of [
      "https://127.0.0.1/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:a9fe:a9fe]/",
      "https://2130706433/",
      "https://0x7f.1/",
      "https://169.254.169.254/latest/meta-data",
    ])
      await expect(checkEndpointUrl(url, none, resolvesTo("93.184.216.34")), url).rejects.toThrow("address");
  });

  it("refuses a host that does not resolve", async () => {
    const failing = async (): Promise<LookupAddress[]> => {
      throw new Error("ENOTFOUND");
    };
    await expect(checkEndpointUrl("https://nowhere.partner.example/", none, failing)).rejects.toThrow(
      "does not resolve",
    );
  });

  it("allows plain http only to allow-listed targets (the tests' loopback receiver)", async () => {
    await expect(checkEndpointUrl("http://127.0.0.1:8080/hook", loopbackOnly)).resolves.toBe(
      "http://127.0.0.1:8080/hook",
    );
    await expect(checkEndpointUrl("http://[::1]:8080/hook", loopbackOnly)).rejects.toThrow("loopback");
  });
});

describe("every connection (DNS rebinding)", () => {
  const lookupThrough = (lookup: ReturnType<typeof guardedLookup>, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      lookup("hooks.partner.example", { all }, (error, address) => resolve({ error, address })),
    );

  it("a host that passed registration and now resolves to loopback fails the connection", async () => {
    for (const all of [true, false]) {
      const { error } = await lookupThrough(guardedLookup(none, resolvesTo("127.0.0.1")), all);
      expect(error).toBeInstanceOf(TargetRefusedError);
      expect(error?.message).not.toContain("127.0.0.1");
    }
    const mapped = await lookupThrough(guardedLookup(none, resolvesTo("::ffff:10.0.0.7")), true);
    expect(mapped.error).toBeInstanceOf(TargetRefusedError);
  });

  it("public answers pass through as Node's connect expects them", async () => {
    const all = await lookupThrough(guardedLookup(none, resolvesTo("93.184.216.34", "2606:4700::1")), true);
    expect(all).toEqual({
      error: null,
      address: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:4700::1", family: 6 },
      ],
    });
    const one = await lookupThrough(guardedLookup(none, resolvesTo("93.184.216.34")), false);
    expect(one).toEqual({ error: null, address: "93.184.216.34" });
  });
});
