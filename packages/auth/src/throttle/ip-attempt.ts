import type { AuthContext } from "../auth-context.ts";
import { ipThrottleKey } from "../request/client-ip.ts";
import { ipKey, takeAttempt, type ThrottleDecision } from "./throttle.ts";

/** Takes one login/signup attempt from the client IP's budget (IPv6 counted by /64). */
export function takeIpAttempt(context: AuthContext, ip: string | null): Promise<ThrottleDecision> {
  // Without a known address every such request shares one budget: safe, if strict.
  const key = ipKey(ip ? ipThrottleKey(ip) : "unknown");
  return takeAttempt(context.database, key, context.ipBudget, context.clock());
}
