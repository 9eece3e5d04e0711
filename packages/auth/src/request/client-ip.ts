import { isIP } from "node:net";

/**
 * The client's IP address: the socket's peer, unless `trustProxyHops` reverse proxies of
 * our own sit in front of the app. Each of those appends the address it saw to
 * `X-Forwarded-For`, so the client is the entry `trustProxyHops` from the right; entries
 * further left were written by the client and are never believed.
 */
export function clientIp(
  headers: Headers,
  socketAddress: string | undefined,
  trustProxyHops: number,
): string | null {
  const socket = normalizeIp(socketAddress);
  if (trustProxyHops <= 0) return socket;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // Fewer entries than proxies: the request did not come through them all.
  if (forwarded.length < trustProxyHops) return socket;
  return normalizeIp(forwarded[forwarded.length - trustProxyHops]) ?? socket;
}

/** A valid IP address in plain form (IPv4-mapped IPv6 as IPv4), or null. */
export function normalizeIp(address: string | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const candidate = mapped?.[1] ?? address;
  return isIP(candidate) === 0 ? null : candidate.toLowerCase();
}

/**
 * The unit that IP throttling counts: an IPv4 address, or an IPv6 /64 — one subscriber
 * usually holds a whole /64, so counting single IPv6 addresses would count nothing.
 */
export function ipThrottleKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) fills two groups.
  const width = (groups: string[]) =>
    groups.reduce((sum, group) => sum + (group.includes(".") ? 2 : 1), 0);
  const missing = ip.includes("::") ? 8 - width(left) - width(right) : 0;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((group) =>
    group.includes(".") ? group : (Number.parseInt(group, 16) || 0).toString(16),
  );
}
