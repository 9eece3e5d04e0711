import { toBytes } from "./binary.ts";
import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";
import type { MailTokenPurpose } from "./models/mail-token.ts";

export type { MailTokenPurpose } from "./models/mail-token.ts";

/** A stored mail token. `secretHash` is SHA-256 of the token's secret half. */
export interface MailTokenRow {
  id: string;
  secretHash: Uint8Array;
  userId: string;
  purpose: MailTokenPurpose;
  email: string;
  securityStamp: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertMailToken(database: Database, token: MailTokenRow): Promise<void> {
  const { MailToken } = await database.models();
  const { id, secretHash, ...rest } = token;
  await withAvailability(() =>
    MailToken.create({ _id: id, secretHash: Buffer.from(secretHash), ...rest }),
  );
}

/** One read by `_id`. */
export async function findMailToken(database: Database, id: string): Promise<MailTokenRow | null> {
  const { MailToken } = await database.models();
  const doc = await withAvailability(() => MailToken.findById(id).lean().exec());
  if (!doc) return null;
  const { _id, secretHash, ...rest } = doc;
  return { id: _id, secretHash: toBytes(secretHash), ...rest };
}

/**
 * Deletes the token; true only for the one caller whose delete removed it. Of several
 * redeeming one token at once, exactly one gets true: a delete by `_id` is atomic on every
 * server, where a read-then-mark would not be on FerretDB.
 */
export async function takeMailToken(database: Database, id: string): Promise<boolean> {
  const { MailToken } = await database.models();
  const result = await withAvailability(() => MailToken.deleteOne({ _id: id }).exec());
  return result.deletedCount === 1;
}

/** Deletes a user's tokens of one purpose, or of every purpose; returns how many went. */
export async function deleteUserMailTokens(
  database: Database,
  userId: string,
  purpose?: MailTokenPurpose,
): Promise<number> {
  const { MailToken } = await database.models();
  const filter = purpose === undefined ? { userId } : { userId, purpose };
  const result = await withAvailability(() => MailToken.deleteMany(filter).exec());
  return result.deletedCount;
}
