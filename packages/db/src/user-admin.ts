import type { Database } from "./database.ts";
import { withAvailability } from "./errors.ts";

/**
 * Locks an account (with a new security stamp, so a sign-in in flight is overtaken) or
 * unlocks it (`lockedAt` null). Returns whether the user exists.
 */
export async function setLocked(
  database: Database,
  userId: string,
  change: { lockedAt: Date; securityStamp: string } | { lockedAt: null },
): Promise<boolean> {
  const { User } = await database.models();
  const update = change.lockedAt === null ? { $unset: { lockedAt: 1 } } : { $set: change };
  const result = await withAvailability(() => User.updateOne({ _id: userId }, update).exec());
  return result.matchedCount > 0;
}

/** Gives a user a role; true when the user exists. */
export async function addRole(database: Database, userId: string, role: string): Promise<boolean> {
  const { User } = await database.models();
  const result = await withAvailability(() =>
    User.updateOne({ _id: userId }, { $addToSet: { roles: role } }).exec(),
  );
  return result.matchedCount > 0;
}

/** Takes a role from a user; true when the user had it. */
export async function removeRole(
  database: Database,
  userId: string,
  role: string,
): Promise<boolean> {
  const { User } = await database.models();
  const result = await withAvailability(() =>
    User.updateOne({ _id: userId, roles: role }, { $pull: { roles: role } }).exec(),
  );
  return result.modifiedCount > 0;
}

/** How many users hold `role` and are not locked: those who can still use it. */
export async function countUnlockedWithRole(database: Database, role: string): Promise<number> {
  const { User } = await database.models();
  return withAvailability(() => User.countDocuments({ roles: role, lockedAt: null }).exec());
}
