import { toBytes } from "./binary.ts";
import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";

/** A sign-in waiting for its second factor. `secretHash` is SHA-256 of the token's secret. */
export interface PendingSignInRow {
  id: string;
  secretHash: Uint8Array;
  userId: string;
  securityStamp: string;
  /** "password", or the provider that vouched for the person. */
  firstFactor: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertPendingSignIn(
  database: Database,
  pending: PendingSignInRow,
): Promise<void> {
  const { PendingSignIn } = await database.models();
  const { id, secretHash, ...rest } = pending;
  await withAvailability(() =>
    PendingSignIn.create({ _id: id, secretHash: Buffer.from(secretHash), ...rest }),
  );
}

/** One read by `_id`. */
export async function findPendingSignIn(
  database: Database,
  id: string,
): Promise<PendingSignInRow | null> {
  const { PendingSignIn } = await database.models();
  const doc = await withAvailability(() => PendingSignIn.findById(id).lean().exec());
  if (!doc) return null;
  const { _id, secretHash, ...rest } = doc;
  return { id: _id, secretHash: toBytes(secretHash), ...rest };
}

/** Ends a pending sign-in; true only for the one caller whose delete removed it. */
export async function takePendingSignIn(database: Database, id: string): Promise<boolean> {
  const { PendingSignIn } = await database.models();
  const result = await withAvailability(() => PendingSignIn.deleteOne({ _id: id }).exec());
  return result.deletedCount === 1;
}
