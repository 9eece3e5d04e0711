// The sessions the apps stored, read and edited by the test through its own connection
// (never through the apps, nor through a proxy in front of the database).
import type { SessionDocument } from "@monorepo-auth/db/sessions";

import type { WithDatabase } from "./test-apps.ts";

/** Every session document as stored, hash included. */
export async function sessionDocuments(apps: WithDatabase): Promise<Record<string, unknown>[]> {
  const { connection } = await apps.database.models();
  return connection.collection("sessions").find({}).toArray();
}

/** The stored session document, or null once it is gone. */
export async function sessionDocument(
  apps: WithDatabase,
  sessionId: string,
): Promise<SessionDocument | null> {
  const { Session } = await apps.database.models();
  return Session.findById(sessionId).lean<SessionDocument>().exec();
}

/** Whether a session document with this id exists. */
export async function sessionExists(apps: WithDatabase, sessionId: string): Promise<boolean> {
  const { Session } = await apps.database.models();
  return (await Session.exists({ _id: sessionId })) !== null;
}

/** How many sessions a user has in the database. */
export async function sessionCount(apps: WithDatabase, username: string): Promise<number> {
  const { Session } = await apps.database.models();
  return Session.countDocuments({ username }).exec();
}

/** The stored SHA-256 of a session's secret, as bytes (lean reads hand back BSON Binary). */
export async function storedSecretHash(apps: WithDatabase, sessionId: string): Promise<Buffer> {
  const stored: unknown = (await sessionDocument(apps, sessionId))?.secretHash;
  if (stored instanceof Uint8Array) return Buffer.from(stored);
  if (typeof stored === "object" && stored !== null && "buffer" in stored) {
    const { buffer } = stored;
    if (buffer instanceof Uint8Array) return Buffer.from(buffer);
  }
  throw new TypeError(`session ${sessionId} has no binary secretHash`);
}

/** Edits a stored session's timestamps, as time passing (or a hand edit) would. */
export async function setSessionTimes(
  apps: WithDatabase,
  sessionId: string,
  times: Partial<Pick<SessionDocument, "createdAt" | "lastVerifiedAt" | "expiresAt">>,
): Promise<void> {
  const { Session } = await apps.database.models();
  const result = await Session.updateOne({ _id: sessionId }, { $set: times }).exec();
  if (result.matchedCount !== 1) throw new Error(`no session ${sessionId} to edit`);
}
