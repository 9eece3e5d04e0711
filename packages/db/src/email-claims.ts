import type { Database } from "./database.ts";
import { isDuplicateKeyError, withAvailability } from "./errors.ts";

/**
 * Claims a verified address for `userId`: "claimed" when it is now theirs (or already
 * was), "taken" when another user holds it. The `_id` decides a contested address on any
 * server: of two verifying it at once, one insert fails.
 */
export async function claimEmail(
  database: Database,
  claim: { key: string; userId: string; at: Date },
): Promise<"claimed" | "taken"> {
  const { EmailClaim } = await database.models();
  try {
    await withAvailability(() =>
      EmailClaim.create({ _id: claim.key, userId: claim.userId, createdAt: claim.at }),
    );
    return "claimed";
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return (await findEmailOwner(database, claim.key)) === claim.userId ? "claimed" : "taken";
}

/** The user holding a verified address, or null; one read by `_id`. */
export async function findEmailOwner(database: Database, key: string): Promise<string | null> {
  const { EmailClaim } = await database.models();
  const doc = await withAvailability(() => EmailClaim.findById(key).lean().exec());
  return doc?.userId ?? null;
}

/** Gives an address back, only if `userId` holds it; true when it was theirs. */
export async function releaseEmail(
  database: Database,
  key: string,
  userId: string,
): Promise<boolean> {
  const { EmailClaim } = await database.models();
  const result = await withAvailability(() => EmailClaim.deleteOne({ _id: key, userId }).exec());
  return result.deletedCount === 1;
}
