import type { Database } from "./database.ts";
import { isDuplicateKeyError, withAvailability } from "./errors.ts";

/** A user as the auth core sees it. `username` is canonical. */
export interface UserRow {
  id: string;
  username: string;
  passwordHash: string;
  /** Replaced whenever the credentials change; "" for users stored before it existed. */
  securityStamp: string;
  roles: string[];
  /** When an administrator locked the account, or null. */
  lockedAt: Date | null;
  createdAt: Date;
}

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  securityStamp: string;
}

/** Inserts a user; "taken" when the canonical username exists (the unique index decides). */
export async function insertUser(database: Database, user: NewUser): Promise<"created" | "taken"> {
  const { User } = await database.models();
  try {
    await withAvailability(() =>
      User.create({
        _id: user.id,
        username: user.username,
        passwordHash: user.passwordHash,
        securityStamp: user.securityStamp,
      }),
    );
    return "created";
  } catch (error) {
    if (isDuplicateKeyError(error)) return "taken";
    throw error;
  }
}

export async function findUserByUsername(
  database: Database,
  username: string,
): Promise<UserRow | null> {
  const { User } = await database.models();
  const doc = await withAvailability(() => User.findOne({ username }).lean().exec());
  return doc ? toUserRow(doc) : null;
}

export async function findUserById(database: Database, id: string): Promise<UserRow | null> {
  const { User } = await database.models();
  const doc = await withAvailability(() => User.findById(id).lean().exec());
  return doc ? toUserRow(doc) : null;
}

/**
 * What decides, after a session was written, whether it may stand: the user's security
 * stamp and lock as stored now; null when the user is gone.
 */
export async function findSignInState(
  database: Database,
  id: string,
): Promise<{ securityStamp: string; locked: boolean } | null> {
  const { User } = await database.models();
  const doc = await withAvailability(() =>
    User.findById(id, { securityStamp: 1, lockedAt: 1 }).lean().exec(),
  );
  if (!doc) return null;
  return { securityStamp: doc.securityStamp ?? "", locked: (doc.lockedAt ?? null) !== null };
}

/** Stores a new hash of the same password (new parameters): the credentials stay the same. */
export async function updatePasswordHash(
  database: Database,
  userId: string,
  passwordHash: string,
): Promise<void> {
  const { User } = await database.models();
  await withAvailability(() => User.updateOne({ _id: userId }, { $set: { passwordHash } }).exec());
}

/** Sets a new password, with a new security stamp: whatever checked the old one is overtaken. */
export async function replacePassword(
  database: Database,
  userId: string,
  change: { passwordHash: string; securityStamp: string },
): Promise<void> {
  const { User } = await database.models();
  await withAvailability(() => User.updateOne({ _id: userId }, { $set: change }).exec());
}

/** A stored user document as the auth core sees it (absent fields read as their defaults). */
export function toUserRow(doc: {
  _id: string;
  username: string;
  passwordHash: string;
  securityStamp?: string | undefined;
  roles?: string[] | undefined;
  lockedAt?: Date | null | undefined;
  createdAt: Date;
}): UserRow {
  return {
    id: doc._id,
    username: doc.username,
    passwordHash: doc.passwordHash,
    securityStamp: doc.securityStamp ?? "",
    roles: doc.roles ?? [],
    lockedAt: doc.lockedAt ?? null,
    createdAt: doc.createdAt,
  };
}
