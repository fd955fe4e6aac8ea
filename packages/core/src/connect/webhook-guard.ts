import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { ValidationError } from "../errors";

export * as WebhookGuard from "./webhook-guard";

/**
 * The SSRF guard: a webhook may only reach the public internet. Checked when a webhook is saved and again
 * on every delivery against the addresses the name resolves to then (a name may be re-pointed at an internal
 * address after it was checked: DNS rebinding), and the request goes to the address that was checked.
 */
export type AddressClass = "loopback" | "private" | "link_local" | "unique_local" | "unspecified" | "multicast" | "reserved";

const RANGES: Array<[AddressClass, string, number, "ipv4" | "ipv6"]> = [
  ["unspecified", "0.0.0.0", 8, "ipv4"],
  ["private", "10.0.0.0", 8, "ipv4"],
  ["private", "100.64.0.0", 10, "ipv4"], // carrier-grade NAT
  ["loopback", "127.0.0.0", 8, "ipv4"],
  ["link_local", "169.254.0.0", 16, "ipv4"], // includes the cloud metadata address 169.254.169.254
  ["private", "172.16.0.0", 12, "ipv4"],
  ["reserved", "192.0.0.0", 24, "ipv4"],
  ["reserved", "192.0.2.0", 24, "ipv4"],
  ["private", "192.168.0.0", 16, "ipv4"],
  ["reserved", "198.18.0.0", 15, "ipv4"],
  ["reserved", "198.51.100.0", 24, "ipv4"],
  ["reserved", "203.0.113.0", 24, "ipv4"],
  ["multicast", "224.0.0.0", 4, "ipv4"],
  ["reserved", "240.0.0.0", 4, "ipv4"], // includes 255.255.255.255
  ["unspecified", "::", 128, "ipv6"],
  ["loopback", "::1", 128, "ipv6"],
  ["reserved", "64:ff9b::", 96, "ipv6"], // NAT64 can reach IPv4 internals
  ["reserved", "100::", 64, "ipv6"],
  ["reserved", "2001:db8::", 32, "ipv6"],
  ["unique_local", "fc00::", 7, "ipv6"],
  ["link_local", "fe80::", 10, "ipv6"],
  ["reserved", "fec0::", 10, "ipv6"],
  ["multicast", "ff00::", 8, "ipv6"],
];

const lists = new Map<AddressClass, BlockList>();
for (const [cls, net, prefix, type] of RANGES) {
  if (!lists.has(cls)) lists.set(cls, new BlockList());
  lists.get(cls)!.addSubnet(net, prefix, type);
}

/** An IPv4 address carried in IPv6 (`::ffff:1.2.3.4` or `::ffff:102:304`), as IPv4; otherwise null. */
function mappedV4(address: string): string | null {
  const a = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The class of a non-public address, or null for a public one. Pure; throws nothing. */
export function classify(address: string): AddressClass | null {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const v = isIP(ip);
  if (v === 0) return "reserved";
  const v4 = v === 6 ? mappedV4(ip) : ip;
  for (const [cls, list] of lists) {
    if (v4 ? list.check(v4, "ipv4") : list.check(ip, "ipv6")) return cls;
  }
  return null;
}

/** The self-hosted setting: private targets and plain http allowed (a LAN install, the tests). */
export function allowPrivate(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE === "true";
}

function forbidden(reason: string): ValidationError {
  return new ValidationError(`This URL is not allowed: ${reason}`, { url: reason }, "webhook.url_forbidden");
}

/** Checks the URL's form: https (http only with the self-hosted setting), no credentials, a host. */
export function checkForm(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError("Enter a full URL such as https://example.com/hooks.", { url: "Not a URL." });
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowPrivate())) throw forbidden("Use an https:// URL.");
  if (url.username || url.password) throw forbidden("Leave credentials out of the URL; check the signature instead.");
  if (!url.hostname) throw forbidden("The URL has no host.");
  return url;
}

/**
 * Resolves the URL's host and returns the addresses to connect to, or throws `webhook.url_forbidden`
 * when any of them is not public (unless the self-hosted setting allows it).
 */
export async function resolve(url: URL): Promise<Array<{ address: string; family: number }>> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new ValidationError(`The host ${host} cannot be resolved.`, { url: "Unknown host." }, "webhook.url_unresolvable");
    }
  }
  if (!addresses.length) throw new ValidationError(`The host ${host} cannot be resolved.`, { url: "Unknown host." }, "webhook.url_unresolvable");
  if (!allowPrivate()) {
    for (const a of addresses) {
      const cls = classify(a.address);
      if (cls) throw forbidden(`The host resolves to a ${cls.replace("_", "-")} address (${a.address}).`);
    }
  }
  return addresses;
}

/** Both checks, for a URL given by a person. */
export async function check(raw: string): Promise<URL> {
  const url = checkForm(raw);
  await resolve(url);
  return url;
}
