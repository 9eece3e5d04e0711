import type { Connection } from "mongoose";

// Every collection whose documents carry an `expiresAt` and a TTL index on MongoDB.
const EXPIRING = ["sessions", "attempts", "devices", "audit"] as const;

/** Deletes expired sessions, throttling records, devices and audit entries: the TTL index's job, for servers without one. */
export async function purgeExpired(connection: Connection, now: Date): Promise<number> {
  const filter = { expiresAt: { $lte: now } };
  const results = await Promise.all(
    EXPIRING.map((name) => connection.collection(name).deleteMany(filter)),
  );
  return results.reduce((sum, result) => sum + result.deletedCount, 0);
}
