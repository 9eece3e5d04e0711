import { trusted } from "mongoose";

import type { Database } from "./database.ts";
import { isDuplicateKeyError, withAvailability } from "./errors.ts";

/** A user's authenticator key as stored: sealed, and enabled or still being set up. */
export interface TotpFactorRow {
  userId: string;
  sealedKey: string;
  createdAt: Date;
  enabledAt: Date | null;
}

/** One read by `_id`. */
export async function findTotpFactor(
  database: Database,
  userId: string,
): Promise<TotpFactorRow | null> {
  const { TotpFactor } = await database.models();
  const doc = await withAvailability(() => TotpFactor.findById(userId).lean().exec());
  return doc
    ? {
        userId: doc._id,
        sealedKey: doc.sealedKey,
        createdAt: doc.createdAt,
        enabledAt: doc.enabledAt,
      }
    : null;
}

/**
 * Stores a key being set up, replacing an earlier one being set up; "enabled" when the user
 * has an enabled key already, which this never replaces.
 */
export async function startTotpFactor(
  database: Database,
  factor: { userId: string; sealedKey: string; createdAt: Date },
): Promise<"started" | "enabled"> {
  const { TotpFactor } = await database.models();
  try {
    await withAvailability(() =>
      TotpFactor.replaceOne(
        { _id: factor.userId, enabledAt: null },
        { sealedKey: factor.sealedKey, createdAt: factor.createdAt, enabledAt: null },
        { upsert: true },
      ).exec(),
    );
    return "started";
  } catch (error) {
    // The upsert met the enabled key's `_id`.
    if (isDuplicateKeyError(error)) return "enabled";
    throw error;
  }
}

/** Turns on the key being set up, only if it is still `sealedKey`; true when it did. */
export async function enableTotpFactor(
  database: Database,
  userId: string,
  sealedKey: string,
  at: Date,
): Promise<boolean> {
  const { TotpFactor } = await database.models();
  const result = await withAvailability(() =>
    TotpFactor.updateOne(
      { _id: userId, sealedKey, enabledAt: null },
      { $set: { enabledAt: at } },
    ).exec(),
  );
  return result.modifiedCount === 1;
}

/** Seals a key again under the newest encryption key (rotation), if it is unchanged. */
export async function resealTotpKey(
  database: Database,
  userId: string,
  change: { from: string; to: string },
): Promise<void> {
  const { TotpFactor } = await database.models();
  await withAvailability(() =>
    TotpFactor.updateOne(
      { _id: userId, sealedKey: change.from },
      { $set: { sealedKey: change.to } },
    ).exec(),
  );
}

/** Removes the user's key and recovery codes; true when there was a key. */
export async function deleteTotpFactor(database: Database, userId: string): Promise<boolean> {
  const { TotpFactor, RecoveryCode } = await database.models();
  const [result] = await withAvailability(() =>
    Promise.all([
      TotpFactor.deleteOne({ _id: userId }).exec(),
      RecoveryCode.deleteMany({ userId }).exec(),
    ]),
  );
  return result.deletedCount === 1;
}

/**
 * Accepts a code's time step for the user: "used" when that step, or a later one, was
 * accepted before. The insert by `_id` decides between two requests with one code.
 */
export async function claimTotpStep(
  database: Database,
  claim: { userId: string; step: number; expiresAt: Date },
): Promise<"claimed" | "used"> {
  const { TotpStep } = await database.models();
  const later = await withAvailability(() =>
    TotpStep.findOne({ userId: claim.userId, step: trusted({ $gte: claim.step }) }, { _id: 1 })
      .lean()
      .exec(),
  );
  if (later) return "used";
  try {
    await withAvailability(() =>
      TotpStep.create({ _id: `${claim.userId}:${String(claim.step)}`, ...claim }),
    );
    return "claimed";
  } catch (error) {
    if (isDuplicateKeyError(error)) return "used";
    throw error;
  }
}

/** Replaces the user's recovery codes by these hashes. */
export async function replaceRecoveryCodes(
  database: Database,
  userId: string,
  hashes: readonly string[],
  at: Date,
): Promise<void> {
  const { RecoveryCode } = await database.models();
  await withAvailability(() => RecoveryCode.deleteMany({ userId }).exec());
  await withAvailability(() =>
    RecoveryCode.insertMany(hashes.map((hash) => ({ _id: hash, userId, createdAt: at }))),
  );
}

/** Uses one recovery code: true for the one caller whose delete removed it. */
export async function takeRecoveryCode(
  database: Database,
  userId: string,
  hash: string,
): Promise<boolean> {
  const { RecoveryCode } = await database.models();
  const result = await withAvailability(() => RecoveryCode.deleteOne({ _id: hash, userId }).exec());
  return result.deletedCount === 1;
}

export async function countRecoveryCodes(database: Database, userId: string): Promise<number> {
  const { RecoveryCode } = await database.models();
  return withAvailability(() => RecoveryCode.countDocuments({ userId }).exec());
}
