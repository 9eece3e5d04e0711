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
 * instances and restarts. The attempt is written first, then ranked among the attempts in
 * the window by time (and id), so of many concurrent requests only `limit` get through,
 * even on servers without atomic updates. A refused attempt is taken back: hammering a spent budget
 * does not keep it spent.
 */
export async function takeAttempt(
  database: Database,
  key: string,
  budget: Budget,
  now: Date,
): Promise<ThrottleDecision> {
  const since = new Date(now.getTime() - budget.windowMs);
  const expiresAt = new Date(now.getTime() + budget.windowMs);
  const attemptId = await oneAtATime(key, () => recordAttempt(database, key, now, expiresAt));
  const rank = await countAttempts(database, key, since, { at: now, id: attemptId });
  if (rank <= budget.limit) return { allowed: true, attemptId };
  await deleteAttempt(database, attemptId);
  return refuse(database, key, budget, since, rank - 1, now);
}

/**
 * Gives back an attempt that does not count: one the server was too busy to make, or a
 * login that succeeded (the IP budget is for failures and sign-ups).
 */
export function returnAttempt(database: Database, attemptId: string): Promise<void> {
  return deleteAttempt(database, attemptId);
}

/** Forgets a key's attempts: a successful login clears the account's failures. */
export function forgetAttempts(database: Database, key: string): Promise<void> {
  return clearAttempts(database, key);
}

// Attempts are ranked by their time, then by id (an ObjectId, made in this process as each
// insert starts). Writing one key's attempts one at a time makes them reach the database in
// that order, so a rank once counted cannot be undercut by an earlier attempt arriving late.
// Across instances only clock skew and network delay could reorder two attempts.
const writing = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = writing.get(key) ?? Promise.resolve();
  const current = previous.then(task, task);
  const settled = current.catch(() => undefined);
  writing.set(key, settled);
  try {
    return await current;
  } finally {
    if (writing.get(key) === settled) writing.delete(key);
  }
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
