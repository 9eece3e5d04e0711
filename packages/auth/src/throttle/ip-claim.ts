import type { AuthContext } from "../auth-context.ts";
import { ipThrottleKey } from "../request/client-ip.ts";
import { ipKey, type Claim } from "./throttle.ts";

/** The client IP's budget of sign-ups and failed logins (IPv6 counted by /64). */
export function ipClaim(context: AuthContext, ip: string | null): Claim {
  // Without a known address every such request shares one budget: safe, if strict.
  return { key: ipKey(ip ? ipThrottleKey(ip) : "unknown"), budget: context.ipBudget };
}
