import type { Database } from "./database.ts";
import { isDuplicateKeyError, withAvailability } from "./errors.ts";

/** A provider account that signs in to a user here. */
export interface IdentityRow {
  provider: string;
  subject: string;
  userId: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

// Provider names never hold a colon, so the first one splits the key unambiguously.
const identityKey = (provider: string, subject: string): string => `${provider}:${subject}`;

type IdentityLean = { _id: string } & IdentityRow;
const toRow = ({ _id: _key, ...row }: IdentityLean): IdentityRow => row;

/**
 * Links a provider account to a user; "taken" when it is linked already (to this user or
 * another: the caller reads which). The `_id` decides between two links at once.
 */
export async function insertIdentity(
  database: Database,
  identity: Omit<IdentityRow, "lastUsedAt">,
): Promise<"created" | "taken"> {
  const { Identity } = await database.models();
  try {
    await withAvailability(() =>
      Identity.create({
        _id: identityKey(identity.provider, identity.subject),
        ...identity,
        lastUsedAt: null,
      }),
    );
    return "created";
  } catch (error) {
    if (isDuplicateKeyError(error)) return "taken";
    throw error;
  }
}

/** One read by `_id`. */
export async function findIdentity(
  database: Database,
  provider: string,
  subject: string,
): Promise<IdentityRow | null> {
  const { Identity } = await database.models();
  const doc = await withAvailability(() =>
    Identity.findById(identityKey(provider, subject)).lean().exec(),
  );
  return doc ? toRow(doc) : null;
}

/** A user's linked provider accounts, oldest first. */
export async function listUserIdentities(
  database: Database,
  userId: string,
): Promise<IdentityRow[]> {
  const { Identity } = await database.models();
  const docs = await withAvailability(() =>
    Identity.find({ userId }).sort({ createdAt: 1 }).lean().exec(),
  );
  return docs.map(toRow);
}

/** Unlinks one of the user's identities; false when the user holds no such identity. */
export async function deleteIdentity(
  database: Database,
  userId: string,
  provider: string,
  subject: string,
): Promise<boolean> {
  const { Identity } = await database.models();
  const result = await withAvailability(() =>
    Identity.deleteOne({ _id: identityKey(provider, subject), userId }).exec(),
  );
  return result.deletedCount === 1;
}

export async function recordIdentityUse(
  database: Database,
  provider: string,
  subject: string,
  at: Date,
): Promise<void> {
  const { Identity } = await database.models();
  await withAvailability(() =>
    Identity.updateOne(
      { _id: identityKey(provider, subject) },
      { $set: { lastUsedAt: at } },
    ).exec(),
  );
}
