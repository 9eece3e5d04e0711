import { toBytes } from "./binary.ts";
import type { Database } from "./database.ts";
import { isDuplicateKeyError, withAvailability } from "./errors.ts";
import type { WebauthnPurpose } from "./models/webauthn-challenge.ts";

export type { WebauthnPurpose } from "./models/webauthn-challenge.ts";

export interface PasskeyRow {
  /** The credential id, base64url. */
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

type PasskeyLean = {
  _id: string;
  publicKey: unknown;
} & Omit<PasskeyRow, "id" | "publicKey">;

const toRow = ({ _id, publicKey, ...rest }: PasskeyLean): PasskeyRow => ({
  id: _id,
  publicKey: toBytes(publicKey),
  ...rest,
});

/** Stores a new passkey; "taken" when a passkey of that credential id exists already. */
export async function insertPasskey(
  database: Database,
  passkey: PasskeyRow,
): Promise<"created" | "taken"> {
  const { Passkey } = await database.models();
  const { id, publicKey, ...rest } = passkey;
  try {
    await withAvailability(() =>
      Passkey.create({ _id: id, publicKey: Buffer.from(publicKey), ...rest }),
    );
    return "created";
  } catch (error) {
    if (isDuplicateKeyError(error)) return "taken";
    throw error;
  }
}

/** One read by `_id`. */
export async function findPasskey(database: Database, id: string): Promise<PasskeyRow | null> {
  const { Passkey } = await database.models();
  const doc = await withAvailability(() => Passkey.findById(id).lean().exec());
  return doc ? toRow(doc) : null;
}

/** A user's passkeys, oldest first. */
export async function listUserPasskeys(database: Database, userId: string): Promise<PasskeyRow[]> {
  const { Passkey } = await database.models();
  const docs = await withAvailability(() =>
    Passkey.find({ userId }).sort({ createdAt: 1 }).lean().exec(),
  );
  return docs.map(toRow);
}

/**
 * Records a use: the counter the authenticator reported, only over the one that was
 * checked (two sign-ins with one passkey at once cannot both move it). True when it did.
 */
export async function recordPasskeyUse(
  database: Database,
  id: string,
  use: { from: number; to: number; at: Date },
): Promise<boolean> {
  const { Passkey } = await database.models();
  const result = await withAvailability(() =>
    Passkey.updateOne(
      { _id: id, counter: use.from },
      { $set: { counter: use.to, lastUsedAt: use.at } },
    ).exec(),
  );
  return result.modifiedCount === 1;
}

/** Renames one of the user's passkeys; false when the user has no passkey of that id. */
export async function renamePasskey(
  database: Database,
  userId: string,
  id: string,
  name: string,
): Promise<boolean> {
  const { Passkey } = await database.models();
  const result = await withAvailability(() =>
    Passkey.updateOne({ _id: id, userId }, { $set: { name } }).exec(),
  );
  return result.matchedCount === 1;
}

/** Removes one of the user's passkeys; false when the user has no passkey of that id. */
export async function deletePasskey(
  database: Database,
  userId: string,
  id: string,
): Promise<boolean> {
  const { Passkey } = await database.models();
  const result = await withAvailability(() => Passkey.deleteOne({ _id: id, userId }).exec());
  return result.deletedCount === 1;
}

export interface WebauthnChallengeRow {
  id: string;
  challenge: string;
  purpose: WebauthnPurpose;
  userId: string | null;
  expiresAt: Date;
}

export async function insertWebauthnChallenge(
  database: Database,
  row: WebauthnChallengeRow,
): Promise<void> {
  const { WebauthnChallenge } = await database.models();
  const { id, ...rest } = row;
  await withAvailability(() => WebauthnChallenge.create({ _id: id, ...rest }));
}

/**
 * Spends a challenge: its row, for the one caller whose delete removed it; null for every
 * other (unknown, used, or taken by a request at the same time).
 */
export async function takeWebauthnChallenge(
  database: Database,
  id: string,
): Promise<WebauthnChallengeRow | null> {
  const { WebauthnChallenge } = await database.models();
  const doc = await withAvailability(() => WebauthnChallenge.findById(id).lean().exec());
  if (!doc) return null;
  const result = await withAvailability(() => WebauthnChallenge.deleteOne({ _id: id }).exec());
  if (result.deletedCount !== 1) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
