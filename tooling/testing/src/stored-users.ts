// The users the apps stored, read by the test through its own connection.
import type { WithDatabase } from "./test-apps.ts";

/** The raw user document stored for a canonical username, or null. */
export async function userDocument(
  apps: WithDatabase,
  username: string,
): Promise<Record<string, unknown> | null> {
  const { connection } = await apps.database.models();
  return connection.collection("users").findOne({ username });
}

/** How many user documents hold this canonical username: one, if names are really unique. */
export async function userCount(apps: WithDatabase, username: string): Promise<number> {
  const { connection } = await apps.database.models();
  return connection.collection("users").countDocuments({ username });
}
