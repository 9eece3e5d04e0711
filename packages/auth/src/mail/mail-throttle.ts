import type { AuthContext } from "../auth-context.ts";
import { ipThrottleKey } from "../request/client-ip.ts";
import { takeAttempts, type Budget, type Claim } from "../throttle/throttle.ts";

const HOUR_MS = 60 * 60 * 1000;

/**
 * How many verification and reset mails may go out, stored in MongoDB like login attempts:
 * per account an hour (reset links asked from a browser the account signed in on count
 * apart, as failed logins do), per asking IP an hour, and per recipient address a day (the
 * address many accounts could type), so that no one can flood a mailbox (theirs or a
 * victim's) or the mail server's reputation.
 */
export const MAIL_BUDGETS = {
  account: { limit: 5, windowMs: HOUR_MS },
  ip: { limit: 20, windowMs: HOUR_MS },
  recipient: { limit: 10, windowMs: 24 * HOUR_MS },
} as const satisfies Record<string, Budget>;

/** The asking IP's budget of mails (IPv6 counted by /64). */
export const mailIpClaim = (ip: string | null): Claim => ({
  key: `mail-ip:${ip ? ipThrottleKey(ip) : "unknown"}`,
  budget: MAIL_BUDGETS.ip,
});

export const mailAccountClaim = (userId: string): Claim => ({
  key: `mail-account:${userId}`,
  budget: MAIL_BUDGETS.account,
});

/** Reset links asked from a browser holding a device token of the account. */
export const mailDeviceClaim = (deviceId: string): Claim => ({
  key: `mail-device:${deviceId}`,
  budget: MAIL_BUDGETS.account,
});

/** `emailKey`: the address's comparison key (see `canonicalEmail`). */
export const mailRecipientClaim = (emailKey: string): Claim => ({
  key: `mail-to:${emailKey}`,
  budget: MAIL_BUDGETS.recipient,
});

/** Takes one mail from each budget, all or none; the wait when one is spent. */
export async function takeMailBudget(
  context: AuthContext,
  claims: readonly Claim[],
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const decision = await takeAttempts(context.database, claims, context.clock());
  return decision.allowed
    ? { allowed: true }
    : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
}
