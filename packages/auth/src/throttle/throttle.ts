import type { Database } from "@monorepo-auth/db/database";
import {
  attemptTime,
  deleteAttempts,
  rankAttempts,
  recordAttempts,
} from "@monorepo-auth/db/attempts";

/**
 * Per account (from clients it does not know) and per known device: this many failed logins
 * within the window lock that budget for the rest of the window.
 */
export const ACCOUNT_FAILURE_LIMIT = 10;
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** At most `limit` attempts per sliding window of `windowMs`. */
export interface Budget {
  limit: number;
  windowMs: number;
}

export const ACCOUNT_BUDGET: Budget = {
  limit: ACCOUNT_FAILURE_LIMIT,
  windowMs: ACCOUNT_FAILURE_WINDOW_MS,
};

/** Failures from clients that hold no device token for the account. */
export const accountKey = (canonicalUsername: string): string => `account:${canonicalUsername}`;
/** Failures made with one device token. */
export const deviceKey = (deviceId: string): string => `device:${deviceId}`;
export const ipKey = (ipThrottleKey: string): string => `ip:${ipThrottleKey}`;

/** One budget an attempt draws on; the keys of one request's claims must differ. */
export interface Claim {
  key: string;
  budget: Budget;
}

export type ThrottleDecision =
  | { allowed: true; attemptIds: string[] }
  | { allowed: false; refusedKey: string; retryAfterSeconds: number };

/**
 * Takes one attempt from each budget, all or none. Budgets live in MongoDB, so they hold
 * across app instances and restarts. The attempts are written first (one write), then
 * ranked among the attempts of their window by time, and by id within a millisecond (one
 * query): of many concurrent requests only `limit` get through, even on servers without
 * atomic updates. A refused request's attempts are taken back at once, so hammering a
 * spent budget does not keep it spent.
 */
export async function takeAttempts(
  database: Database,
  claims: readonly Claim[],
  now: Date,
): Promise<ThrottleDecision> {
  const attemptIds = await oneAtATime(
    claims.map(({ key }) => key),
    () =>
      recordAttempts(
        database,
        now,
        claims.map(({ key, budget }) => ({
          key,
          expiresAt: new Date(now.getTime() + budget.windowMs),
        })),
      ),
  );
  const windows = claims.map(({ key, budget }, index) => ({
    key,
    since: new Date(now.getTime() - budget.windowMs),
    at: now,
    id: attemptIds[index] ?? "",
  }));
  const ranks = await rankAttempts(database, windows);
  const refused = windows
    .map((window, index) => ({ ...window, rank: ranks[index] ?? 0, budget: claims[index]?.budget }))
    .find(({ rank, budget }) => budget !== undefined && rank > budget.limit);
  if (!refused?.budget) return { allowed: true, attemptIds };

  await deleteAttempts(database, { ids: attemptIds });
  return {
    allowed: false,
    refusedKey: refused.key,
    retryAfterSeconds: await secondsUntilRoom(
      database,
      { key: refused.key, since: refused.since, budget: refused.budget },
      refused.rank - 1,
      now,
    ),
  };
}

/**
 * Seconds until a budget that already holds `spent` attempts (of its window, since `since`)
 * has room for one more: when enough of the oldest have left the window.
 */
export async function secondsUntilRoom(
  database: Database,
  window: { key: string; since: Date; budget: Budget },
  spent: number,
  now: Date,
): Promise<number> {
  const index = Math.max(0, spent - window.budget.limit);
  const freeing = await attemptTime(database, window.key, window.since, index);
  const freesAt = (freeing ?? now).getTime() + window.budget.windowMs;
  return Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000));
}

/**
 * Gives attempts back in one write: `attemptIds` that do not count (the server was too
 * busy to make them; a login that succeeded, for the IP budget) and every attempt of
 * `forgetKeys` (a successful login clears the account's failures).
 */
export function giveBackAttempts(
  database: Database,
  which: { attemptIds?: readonly string[]; forgetKeys?: readonly string[] },
): Promise<void> {
  return deleteAttempts(database, {
    ...(which.attemptIds ? { ids: which.attemptIds } : {}),
    ...(which.forgetKeys ? { keys: which.forgetKeys } : {}),
  });
}

// Attempts are ranked by their time, then by id (an ObjectId, made in this process as each
// insert starts). Writing a key's attempts one at a time makes them reach the database in
// that order, so a rank once counted cannot be undercut by an earlier attempt arriving late.
// Across instances only clock skew and network delay could reorder two attempts. Several
// keys are locked in sorted order, so two requests can never wait on each other.
const writing = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...keys].sort();
  if (first === undefined) return task();
  const previous = writing.get(first) ?? Promise.resolve();
  const current = previous.then(
    () => oneAtATime(rest, task),
    () => oneAtATime(rest, task),
  );
  const settled = current.catch(() => undefined);
  writing.set(first, settled);
  try {
    return await current;
  } finally {
    if (writing.get(first) === settled) writing.delete(first);
  }
}
