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
  /** The user's email address (canonical), or null; trusted only once verified. */
  email: string | null;
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  securityStamp: string;
}

/**
 * Inserts a user; "taken" when the canonical username is held. The name is claimed first
 * (a `usernames` document keyed by it: the `_id` decides who gets a contested name), then
 * the user is written; if that fails the claim is given back, so a name is never held by
 * nobody. The unique index on `users.username` still stands behind it.
 */
export async function insertUser(database: Database, user: NewUser): Promise<"created" | "taken"> {
  const { User } = await database.models();
  if (!(await claimUsername(database, user))) return "taken";
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
    await releaseUsername(database, user).catch(() => undefined);
    if (isDuplicateKeyError(error)) return "taken";
    throw error;
  }
}

// A claim whose user was never written (the app stopped between the two writes, and could
// not give it back) is taken over once it is this old: older than any sign-up still running.
const ABANDONED_CLAIM_MS = 60_000;

/** Claims a canonical username for a new user id; false when someone holds it. */
async function claimUsername(database: Database, user: NewUser): Promise<boolean> {
  const { Username } = await database.models();
  const claim = () =>
    withAvailability(() =>
      Username.create({ _id: user.username, userId: user.id, createdAt: new Date() }),
    );
  try {
    await claim();
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const held = await withAvailability(() => Username.findById(user.username).lean().exec());
  if (!held || Date.now() - held.createdAt.getTime() < ABANDONED_CLAIM_MS) return false;
  if (await findUserById(database, held.userId)) return false;
  // Only that abandoned claim is removed, never one another sign-up made since.
  await withAvailability(() =>
    Username.deleteOne({ _id: user.username, userId: held.userId }).exec(),
  );
  try {
    await claim();
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

async function releaseUsername(database: Database, user: NewUser): Promise<void> {
  const { Username } = await database.models();
  await withAvailability(() => Username.deleteOne({ _id: user.username, userId: user.id }).exec());
}

// An id no user has (ids are 22 base64url characters): looked up for a name nobody holds,
// so that an unknown name costs the same two reads as a known one.
const NO_USER = "-";

/**
 * The user holding a canonical username: two reads by `_id` (the name's claim, then its
 * user), whether or not the name exists, so the answer takes the same time either way.
 */
export async function findUserByUsername(
  database: Database,
  username: string,
): Promise<UserRow | null> {
  const { Username } = await database.models();
  const claim = await withAvailability(() => Username.findById(username).lean().exec());
  const user = await findUserById(database, claim?.userId ?? NO_USER);
  return user?.username === username ? user : null;
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

/**
 * Stores a new hash of the same password (new parameters): the credentials stay the same.
 * Only over the hash that was verified, so a password changed meanwhile is never replaced
 * by a rehash of the old one.
 */
export async function updatePasswordHash(
  database: Database,
  userId: string,
  change: { from: string; to: string },
): Promise<void> {
  const { User } = await database.models();
  await withAvailability(() =>
    User.updateOne(
      { _id: userId, passwordHash: change.from },
      { $set: { passwordHash: change.to } },
    ).exec(),
  );
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
  email?: string | null | undefined;
  emailVerifiedAt?: Date | null | undefined;
  createdAt: Date;
}): UserRow {
  return {
    id: doc._id,
    username: doc.username,
    passwordHash: doc.passwordHash,
    securityStamp: doc.securityStamp ?? "",
    roles: doc.roles ?? [],
    lockedAt: doc.lockedAt ?? null,
    email: doc.email ?? null,
    emailVerifiedAt: doc.emailVerifiedAt ?? null,
    createdAt: doc.createdAt,
  };
}

/** Gives the user a new, unverified address, or none; the old one is no longer theirs. */
export async function setUserEmail(
  database: Database,
  userId: string,
  email: string | null,
): Promise<void> {
  const { User } = await database.models();
  const update =
    email === null
      ? { $unset: { email: 1, emailVerifiedAt: 1 } }
      : { $set: { email }, $unset: { emailVerifiedAt: 1 } };
  await withAvailability(() => User.updateOne({ _id: userId }, update).exec());
}

/** Marks `email` verified, only if it is still the user's address; true when it was. */
export async function markEmailVerified(
  database: Database,
  userId: string,
  email: string,
  at: Date,
): Promise<boolean> {
  const { User } = await database.models();
  const result = await withAvailability(() =>
    User.updateOne({ _id: userId, email }, { $set: { emailVerifiedAt: at } }).exec(),
  );
  return result.matchedCount === 1;
}

/**
 * Replaces the user's security stamp alone (a second factor turned on or off): sign-ins
 * that checked the credentials before it end their own sessions (see `sign-in.ts`).
 */
export async function renewSecurityStamp(
  database: Database,
  userId: string,
  securityStamp: string,
): Promise<void> {
  const { User } = await database.models();
  await withAvailability(() => User.updateOne({ _id: userId }, { $set: { securityStamp } }).exec());
}
