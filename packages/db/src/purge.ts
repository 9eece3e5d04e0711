import type { Connection } from "mongoose";

/** Deletes expired sessions and throttling records: the TTL index's job, for servers without one. */
export async function purgeExpired(connection: Connection, now: Date): Promise<number> {
  const filter = { expiresAt: { $lte: now } };
  const [sessions, attempts] = await Promise.all([
    connection.collection("sessions").deleteMany(filter),
    connection.collection("attempts").deleteMany(filter),
  ]);
  return sessions.deletedCount + attempts.deletedCount;
}
