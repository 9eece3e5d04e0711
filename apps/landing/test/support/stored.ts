// What landing stored in its database, read by the tests directly (never through the app).
import type { Landing } from "./landing.ts";

/** The raw session documents of the app's database (as stored, hash included). */
export async function sessionDocuments(landing: Landing): Promise<Record<string, unknown>[]> {
  const { connection } = await landing.database.models();
  return connection.collection("sessions").find({}).toArray();
}

/** The raw user document stored for a canonical username, or null. */
export async function userDocument(
  landing: Landing,
  username: string,
): Promise<Record<string, unknown> | null> {
  const { connection } = await landing.database.models();
  return connection.collection("users").findOne({ username });
}

/** Whether a session document with this id exists. */
export async function sessionExists(landing: Landing, sessionId: string): Promise<boolean> {
  const { Session } = await landing.database.models();
  return (await Session.exists({ _id: sessionId })) !== null;
}
