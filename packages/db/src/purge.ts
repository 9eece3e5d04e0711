import type { Connection } from "mongoose";

// Every collection whose documents carry an `expiresAt` and a TTL index on MongoDB.
const EXPIRING = [
  "sessions",
  "attempts",
  "devices",
  "audit",
  "mail_tokens",
  "totp_steps",
  "pending_sign_ins",
  "webauthn_challenges",
  "oauth_flows",
] as const;

// FerretDB deletes the documents a filter matched by listing their ids in one SQL
// statement, and SQLite refuses more than 32,766 of them: a purge after a flood would fail
// for ever. So it deletes about this many at a time: more only when expiries tie, and a
// batch cannot be split within one millisecond.
export const PURGE_BATCH = 5_000;

/**
 * Deletes expired sessions, throttling records, devices, audit entries, mail tokens, used
 * TOTP steps, pending sign-ins, WebAuthn challenges and
 * provider sign-ins, a batch at a time: the TTL index's job, for servers without one. Returns how many went.
 */
export async function purgeExpired(connection: Connection, now: Date): Promise<number> {
  const counts = await Promise.all(EXPIRING.map((name) => purgeCollection(connection, name, now)));
  return counts.reduce((sum, count) => sum + count, 0);
}

// Each round deletes up to the batch's newest expiry: deleting by a list of ids instead
// would make FerretDB match every document against every id.
async function purgeCollection(connection: Connection, name: string, now: Date): Promise<number> {
  const collection = connection.collection<{ expiresAt: Date }>(name);
  let purged = 0;
  for (;;) {
    const [last] = await collection
      .find({ expiresAt: { $lte: now } }, { projection: { expiresAt: 1 } })
      .sort({ expiresAt: 1 })
      .skip(PURGE_BATCH - 1)
      .limit(1)
      .toArray();
    const upTo = last?.expiresAt ?? now;
    purged += (await collection.deleteMany({ expiresAt: { $lte: upTo } })).deletedCount;
    if (!last) return purged;
  }
}
