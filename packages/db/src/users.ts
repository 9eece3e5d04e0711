import type { Database } from "./database.ts";
import { isDuplicateKeyError, withAvailability } from "./errors.ts";

/** A user as the auth core sees it. `username` is canonical. */
export interface UserRow {
  id: string;
  username: string;
  passwordHash: string;
  createdAt: Date;
}

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
}

/** Inserts a user; "taken" when the canonical username exists (the unique index decides). */
export async function insertUser(database: Database, user: NewUser): Promise<"created" | "taken"> {
  const { User } = await database.models();
  try {
    await withAvailability(() =>
      User.create({ _id: user.id, username: user.username, passwordHash: user.passwordHash }),
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

export async function updatePasswordHash(
  database: Database,
  userId: string,
  passwordHash: string,
): Promise<void> {
  const { User } = await database.models();
  await withAvailability(() => User.updateOne({ _id: userId }, { $set: { passwordHash } }).exec());
}

function toUserRow(doc: {
  _id: string;
  username: string;
  passwordHash: string;
  createdAt: Date;
}): UserRow {
  return {
    id: doc._id,
    username: doc.username,
    passwordHash: doc.passwordHash,
    createdAt: doc.createdAt,
  };
}
