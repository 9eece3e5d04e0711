import { Types, trusted } from "mongoose";

import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";

/** An attempt to record against a budget's key; it counts until `expiresAt`. */
export interface NewAttempt {
  key: string;
  expiresAt: Date;
}

/** Records attempts made at `at`, in one write, in order; returns their ids in the same order. */
export async function recordAttempts(
  database: Database,
  at: Date,
  attempts: readonly NewAttempt[],
): Promise<string[]> {
  const { Attempt } = await database.models();
  const docs = await withAvailability(() =>
    Attempt.insertMany(
      attempts.map(({ key, expiresAt }) => ({ key, at, expiresAt })),
      { ordered: true },
    ),
  );
  return docs.map((doc) => doc._id.toHexString());
}

/** A recorded attempt to rank among the attempts of its key made after `since`. */
export interface AttemptToRank {
  key: string;
  since: Date;
  at: Date;
  id: string;
}

/**
 * For each attempt, how many attempts of its key were made after `since` and no later
 * than it — ordered by time, then by id for attempts of the same millisecond — itself
 * included. One query for all of them. This ranks concurrent attempts: of twenty made at
 * once, each learns how many came before it, on one app instance or several.
 */
export async function rankAttempts(
  database: Database,
  attempts: readonly AttemptToRank[],
): Promise<number[]> {
  const { Attempt } = await database.models();
  // An aggregation is not cast or sanitized by Mongoose: every value here is built by the
  // auth core from validated input, with the ids as real ObjectIds.
  const match = {
    $or: attempts.map(({ key, since, at, id }) => ({
      key,
      at: { $gt: since },
      $or: [{ at: { $lt: at } }, { at, _id: { $lte: new Types.ObjectId(id) } }],
    })),
  };
  const groups = await withAvailability(() =>
    Attempt.aggregate<{ _id: string; count: number }>([
      { $match: match },
      { $group: { _id: "$key", count: { $sum: 1 } } },
    ]).exec(),
  );
  const counts = new Map(groups.map((group) => [group._id, group.count]));
  return attempts.map(({ key }) => counts.get(key) ?? 0);
}

/** A key's window: the attempts made after `since` count. */
export interface AttemptWindow {
  key: string;
  since: Date;
}

/** How many attempts each key has in its window; one query for all of them. */
export async function countAttempts(
  database: Database,
  windows: readonly AttemptWindow[],
): Promise<number[]> {
  if (windows.length === 0) return [];
  const { Attempt } = await database.models();
  // Not cast or sanitized by Mongoose (an aggregation): the keys and dates are the core's.
  const match = { $or: windows.map(({ key, since }) => ({ key, at: { $gt: since } })) };
  const groups = await withAvailability(() =>
    Attempt.aggregate<{ _id: string; count: number }>([
      { $match: match },
      { $group: { _id: "$key", count: { $sum: 1 } } },
    ]).exec(),
  );
  const counts = new Map(groups.map((group) => [group._id, group.count]));
  return windows.map(({ key }) => counts.get(key) ?? 0);
}

/**
 * The time of the `index`-th (0-based, oldest first) attempt against `key` after `since`,
 * or null. Used to tell when enough attempts will have aged out of the window.
 */
export async function attemptTime(
  database: Database,
  key: string,
  since: Date,
  index: number,
): Promise<Date | null> {
  const { Attempt } = await database.models();
  const doc = await withAvailability(() =>
    Attempt.findOne({ key, at: trusted({ $gt: since }) }, { at: 1 })
      .sort({ at: 1 })
      .skip(index)
      .lean()
      .exec(),
  );
  return doc ? doc.at : null;
}

/**
 * Deletes, in one write, the attempts with the given ids (taken back: they do not count)
 * and every attempt of the given keys (forgotten: a successful login clears the account).
 */
export async function deleteAttempts(
  database: Database,
  which: { ids?: readonly string[]; keys?: readonly string[] },
): Promise<void> {
  const ids = (which.ids ?? []).map((id) => new Types.ObjectId(id));
  const keys = which.keys ?? [];
  const clauses = [
    ...(ids.length > 0 ? [{ _id: trusted({ $in: ids }) }] : []),
    ...(keys.length > 0 ? [{ key: trusted({ $in: keys }) }] : []),
  ];
  if (clauses.length === 0) return;
  const { Attempt } = await database.models();
  await withAvailability(() => Attempt.deleteMany({ $or: clauses }).exec());
}
