import { Types, trusted } from "mongoose";

import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";

/** Records one attempt against `key`'s budget; it counts until `expiresAt`. Returns its id. */
export async function recordAttempt(
  database: Database,
  key: string,
  at: Date,
  expiresAt: Date,
): Promise<string> {
  const { Attempt } = await database.models();
  const doc = await withAvailability(() => Attempt.create({ key, at, expiresAt }));
  return doc._id.toHexString();
}

/** Takes back one attempt (one that never got to be made). */
export async function deleteAttempt(database: Database, id: string): Promise<void> {
  const { Attempt } = await database.models();
  await withAvailability(() => Attempt.deleteOne({ _id: id }).exec());
}

/**
 * How many attempts against `key` were made after `since`; with `upTo`, only those made
 * no later than that attempt — ordered by time, then by id for attempts made in the same
 * millisecond. This ranks concurrent attempts: of twenty made at once, each learns how
 * many came before it, on one app instance or several.
 */
export async function countAttempts(
  database: Database,
  key: string,
  since: Date,
  upTo?: { at: Date; id: string },
): Promise<number> {
  const { Attempt } = await database.models();
  const filter = {
    key,
    at: trusted({ $gt: since }),
    ...(upTo === undefined
      ? {}
      : {
          $or: [
            { at: trusted({ $lt: upTo.at }) },
            { at: upTo.at, _id: trusted({ $lte: new Types.ObjectId(upTo.id) }) },
          ],
        }),
  };
  return withAvailability(() => Attempt.countDocuments(filter).exec());
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

/** Forgets every attempt against `key` (a successful login clears the account's failures). */
export async function clearAttempts(database: Database, key: string): Promise<void> {
  const { Attempt } = await database.models();
  await withAvailability(() => Attempt.deleteMany({ key }).exec());
}
