import type { Database } from "@monorepo-auth/db/database";
import {
  attemptTime,
  clearAttempts,
  countAttempts,
  deleteAttempt,
  recordAttempt,
} from "@monorepo-auth/db/attempts";

/** Per account: this many failed logins within the window lock it for the rest of the window. */
export const ACCOUNT_FAILURE_LIMIT = 10;
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** At most `limit` attempts per sliding window of `windowMs`. */
export interface Budget {
  limit: number;
  windowMs: number;
}

export type ThrottleDecision =
  { allowed: true; attemptId: string } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one attempt from a sliding-window budget kept in MongoDB, so it holds across app
 * instances and restarts. The attempt is written first and counted after, so of many
 * concurrent requests only `limit` get through, even on servers without atomic updates.
 * A refused request is not recorded when the budget was already spent: hammering a locked
 * budget does not keep it locked.
 */
export async function takeAttempt(
  database: Database,
  key: string,
  budget: Budget,
  now: Date,
): Promise<ThrottleDecision> {
  const since = new Date(now.getTime() - budget.windowMs);
  const before = await countAttempts(database, key, since);
  if (before >= budget.limit) {
    return refuse(database, key, budget, since, before, now);
  }
  const attemptId = await recordAttempt(
    database,
    key,
    now,
    new Date(now.getTime() + budget.windowMs),
  );
  const after = await countAttempts(database, key, since);
  if (after > budget.limit) return refuse(database, key, budget, since, after, now);
  return { allowed: true, attemptId };
}

/** Gives back an attempt that was never made (the server was too busy to make it). */
export function returnAttempt(database: Database, attemptId: string): Promise<void> {
  return deleteAttempt(database, attemptId);
}

/** Forgets a key's attempts: a successful login clears the account's failures. */
export function forgetAttempts(database: Database, key: string): Promise<void> {
  return clearAttempts(database, key);
}

// The budget frees up when enough of the oldest attempts have left the window.
async function refuse(
  database: Database,
  key: string,
  budget: Budget,
  since: Date,
  count: number,
  now: Date,
): Promise<ThrottleDecision> {
  const freeing = await attemptTime(database, key, since, count - budget.limit);
  const freesAt = (freeing ?? now).getTime() + budget.windowMs;
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)),
  };
}

export const accountKey = (canonicalUsername: string): string => `account:${canonicalUsername}`;
export const ipKey = (ipThrottleKey: string): string => `ip:${ipThrottleKey}`;
export const ACCOUNT_BUDGET: Budget = {
  limit: ACCOUNT_FAILURE_LIMIT,
  windowMs: ACCOUNT_FAILURE_WINDOW_MS,
};
