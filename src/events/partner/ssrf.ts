import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * What a partner's webhook URL may point at. Partners choose the URL and this server sends to it,
 * so an unchecked URL would let a tenant make the server call its own network (Redis, cloud
 * metadata at 169.254.169.254, an admin port on loopback): server-side request forgery.
 *
 * The rule is an allow-list of address kinds, not a deny-list: only addresses ipaddr.js classes as
 * public `unicast` are reachable. Loopback, private (RFC 1918), link-local, CGNAT, multicast,
 * broadcast, unspecified, reserved and documentation ranges, IPv6 unique-local and link-local, and
 * the IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
 * NAT64, 6to4, Teredo) are all refused, unless the operator's allow-list
 * (PARTNER_WEBHOOK_ALLOWED_TARGETS, CIDRs) holds the address. A mapped address is judged as the IPv4 address it carries.
 *
 * The check runs twice: at registration (every address the host resolves to) and again at every
 * connection (`guardedLookup`, given to undici's connector), since the host's DNS may answer
 * differently later (DNS rebinding).
 */
export class TargetRefusedError extends Error {
  readonly code = "WEBHOOK_TARGET_REFUSED";
  constructor(readonly reason: string) {
    // The reason names the kind of address, never the URL or the address itself.
    super(`The endpoint's host resolves to a ${reason} address, which is not allowed`);
    this.name = "TargetRefusedError";
  }
}

/** CIDRs the operator allows in spite of the rule (tests: 127.0.0.1/32). */
export type TargetAllowList = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** Parses `a.b.c.d/n,…` (a bare address is /32 or /128); throws naming the bad entry's position. */
export function parseAllowList(text: string): TargetAllowList {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      try {
        return entry.includes("/")
          ? ipaddr.parseCIDR(entry)
          : ipaddr.parseCIDR(`${entry}/${isIP(entry) === 6 ? 128 : 32}`);
      } catch {
        throw new Error(`entry ${index + 1} is not an IP address or CIDR`);
      }
    });
}

/** Null when `address` may be sent to; else the kind of address that is refused. */
export function refusedAddressKind(address: string, allow: TargetAllowList): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return "malformed";
  }
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (allow.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) return null;
  const kind = parsed.range();
  // ipaddr.js calls `::a.b.c.d` (IPv4-compatible, deprecated by RFC 4291) unicast, yet it carries
  // an IPv4 address that a host with automatic tunnelling (sit0) sends to: refused like the rest.
  if (kind === "unicast" && parsed.kind() === "ipv6" && parsed.match(IPV4_COMPATIBLE))
    return "ipv4Compatible";
  return kind === "unicast" ? null : kind;
}

/** `::/96`: the IPv6 addresses made of 96 zero bits and an IPv4 address. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");

type Lookup = (hostname: string) => Promise<LookupAddress[]>;

/** How long registration waits for the host to resolve (a registering request must not hang on DNS). */
const REGISTRATION_LOOKUP_MS = 5_000;

const resolveAll: Lookup = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** Why a webhook URL cannot be registered; the message never repeats the URL. */
export class EndpointUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EndpointUrlError";
  }
}

/**
 * Checks a URL a partner registers: https (http only when every address is allow-listed), no
 * user or password in it, a host that resolves, and every address it resolves to allowed.
 * Returns the URL as it will be called (normalised by WHATWG URL parsing).
 */
export async function checkEndpointUrl(
  text: string,
  allow: TargetAllowList,
  lookup: Lookup = resolveAll,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EndpointUrlError("The URL cannot be parsed; give an absolute https:// URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new EndpointUrlError("The URL must use https");
  if (url.username || url.password)
    throw new EndpointUrlError("The URL must not carry a user name or password");
  if (url.hash) throw new EndpointUrlError("The URL must not have a #fragment");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await Promise.race([
          lookup(host),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error("timed out")), REGISTRATION_LOOKUP_MS).unref(),
          ),
        ]);
  } catch {
    throw new EndpointUrlError("The URL's host does not resolve");
  }
  if (addresses.length === 0) throw new EndpointUrlError("The URL's host does not resolve");
  for (const { address } of addresses) {
    const refused = refusedAddressKind(address, allow);
    if (refused)
      throw new EndpointUrlError(`The URL's host resolves to a ${refused} address, which is not allowed`);
  }
  // Plain http is for the operator's own targets (a test receiver on loopback), never a partner's.
  const allowListed = addresses.every(
    ({ address }) => refusedAddressKind(address, allow) === null && refusedAddressKind(address, []) !== null,
  );
  if (url.protocol === "http:" && !allowListed)
    throw new EndpointUrlError("The URL must use https (http only for targets the operator allows)");
  return url.href;
}

type ConnectLookup = (
  hostname: string,
  options: object,
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * A `lookup` for the connector of every delivery: resolves as Node would, and fails the connection
 * when any address is refused, so a host that passed at registration and resolves to loopback now
 * is not called.
 */
export function guardedLookup(allow: TargetAllowList, lookup: Lookup = resolveAll): ConnectLookup {
  return (hostname, options, callback) => {
    const all = "all" in options && options.all === true;
    lookup(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const refused = refusedAddressKind(address, allow);
          if (refused) return callback(new TargetRefusedError(refused), all ? [] : "");
        }
        const [first] = addresses;
        if (!first) return callback(new TargetRefusedError("unresolvable"), all ? [] : "");
        return all ? callback(null, addresses) : callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, all ? [] : ""),
    );
  };
}
