import type { Database } from "@monorepo-auth/db/database";
import { countAttempts, deleteAttempts, recordAttempts } from "@monorepo-auth/db/attempts";

import { BUSY, type HashLimiter, type Reservation } from "../password/hash-limiter.ts";
import { secondsUntilRoom, type Claim, type ThrottleDecision } from "./throttle.ts";

/**
 * Whether one more attempt fits: refused with a wait when written failures spent a budget;
 * `crowded` when only the logins in flight could still spend it (the answer is "busy":
 * try again in a moment, when they are decided).
 */
export type Admission =
  | { allowed: true }
  | Extract<ThrottleDecision, { allowed: false }>
  | { allowed: false; crowded: true };

/**
 * A login's budgets of failures (decision 0007, amended): counted before the hash, written
 * only when the login fails. A login that succeeds writes nothing to them, unless it has
 * failures to forget.
 *
 * Counting instead of writing first leaves a window: logins hashing at once have not
 * failed yet when the next one counts. On one instance they are counted while in flight,
 * so a budget never lets more than its limit through. Across instances, each other
 * instance can overshoot by the logins it has in flight for that key, which its hashing
 * queue bounds (a key holds at most its share of the queue, held from before the count);
 * the tests pin this bound.
 */
export interface FailureBudgets {
  /** Whether one more attempt fits in every one of `claims` (all of them counted). */
  admit(claims: readonly Claim[]): Promise<Admission>;
  /** Records one failure against each of `claims`, in one write. */
  fail(claims: readonly Claim[]): Promise<void>;
  /** Forgets every failure of `claims` that has any; writes nothing otherwise. */
  forget(claims: readonly Claim[]): Promise<void>;
  /**
   * Ends this login's place among those in flight: once it cannot fail any more, or once
   * its failure is written. Safe to call again (in a `finally`).
   */
  release(): void;
}

/**
 * Per database handle (an app instance has one): the attempts of each key in flight,
 * counted and not yet failed or released.
 */
const inFlightByDatabase = new WeakMap<Database, Map<string, number>>();

function inFlightOn(database: Database): Map<string, number> {
  let inFlight = inFlightByDatabase.get(database);
  if (!inFlight) {
    inFlight = new Map();
    inFlightByDatabase.set(database, inFlight);
  }
  return inFlight;
}

/** Counts `claims`' failures in one query; every key a login may draw on must be among them. */
export async function countFailures(
  database: Database,
  claims: readonly Claim[],
  now: Date,
): Promise<FailureBudgets> {
  const inFlight = inFlightOn(database);
  const keys = [...new Set(claims.map(({ key }) => key))];
  // Taken before the query starts: whoever counts after this sees this login, either here
  // or (once it failed, and only then left) in the database.
  const others = new Map(keys.map((key) => [key, inFlight.get(key) ?? 0]));
  for (const key of keys) inFlight.set(key, (others.get(key) ?? 0) + 1);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    for (const key of keys) {
      const count = (inFlight.get(key) ?? 1) - 1;
      if (count === 0) inFlight.delete(key);
      else inFlight.set(key, count);
    }
  };

  const since = (claim: Claim): Date => new Date(now.getTime() - claim.budget.windowMs);
  let recorded: Map<string, number>;
  try {
    const counts = await countAttempts(
      database,
      claims.map((claim) => ({ key: claim.key, since: since(claim) })),
    );
    recorded = new Map(claims.map(({ key }, index) => [key, counts[index] ?? 0]));
  } catch (error) {
    release();
    throw error;
  }
  const spent = (key: string): number => (recorded.get(key) ?? 0) + (others.get(key) ?? 0);

  return {
    async admit(wanted) {
      const used = (key: string): number => recorded.get(key) ?? 0;
      // Spent by failures already written: refused until they leave the window.
      const spentOut = wanted.find(({ key, budget }) => used(key) + 1 > budget.limit);
      if (spentOut) {
        return {
          allowed: false,
          refusedKey: spentOut.key,
          retryAfterSeconds: await secondsUntilRoom(
            database,
            { key: spentOut.key, since: since(spentOut), budget: spentOut.budget },
            used(spentOut.key),
            now,
          ),
        };
      }
      // Room only if none of the logins in flight fails: this one waits for them.
      const crowded = wanted.some(({ key, budget }) => spent(key) + 1 > budget.limit);
      return crowded ? { allowed: false, crowded: true } : { allowed: true };
    },
    async fail(failed) {
      if (failed.length === 0) return;
      await recordAttempts(
        database,
        now,
        failed.map(({ key, budget }) => ({
          key,
          expiresAt: new Date(now.getTime() + budget.windowMs),
        })),
      );
    },
    async forget(forgotten) {
      const keys = forgotten.map(({ key }) => key).filter((key) => (recorded.get(key) ?? 0) > 0);
      if (keys.length > 0) await deleteAttempts(database, { keys });
    },
    release,
  };
}

/**
 * The frame of every password check: takes `placeKeys`' share of the hashing queue, counts
 * `claims`' failures, and runs `check` with both; gives both back however it ends, even
 * when a read failed first. {@link BUSY}, with nothing read, when a key already holds its
 * share: each address or account then has at most that many checks in flight, which is
 * what the failure budgets count.
 */
export async function withPasswordCheck<T>(
  database: Database,
  hashLimiter: HashLimiter,
  frame: { placeKeys: readonly string[]; claims: readonly Claim[]; now: Date },
  check: (place: Reservation, counting: Promise<FailureBudgets>) => Promise<T>,
): Promise<T | typeof BUSY> {
  const place = hashLimiter.reserve(frame.placeKeys);
  if (place === BUSY) return BUSY;
  const counting = countFailures(database, frame.claims, frame.now);
  try {
    return await check(place, counting);
  } finally {
    place.cancel();
    void counting.then(
      (budgets) => {
        budgets.release();
      },
      () => undefined,
    );
  }
}
