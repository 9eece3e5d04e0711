import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type Database } from "./database.ts";
import { deleteUserSession, extendSession, findSession, insertSession } from "./sessions.ts";

let test: TestDatabase;
let database: Database;
let serial = 0;

async function stored(userId: string): Promise<string> {
  const id = `session-${String(++serial)}`;
  const at = new Date("2026-06-01T12:00:00Z");
  await insertSession(database, {
    id,
    secretHash: new Uint8Array(32),
    userId,
    username: userId,
    method: "password",
    createdAt: at,
    lastVerifiedAt: at,
    expiresAt: new Date(at.getTime() + 60_000),
    userAgent: null,
    ip: null,
  });
  return id;
}

beforeAll(() => {
  test = createTestDatabase();
  database = createDatabase({ uri: test.uri, dbName: test.dbName });
});
afterAll(async () => {
  await database.close();
  await test.drop();
});

describe("sessions, written by _id alone", () => {
  it("an extension never moves a session back, whatever order concurrent ones land in", async () => {
    const id = await stored("extended");
    const later = {
      lastVerifiedAt: new Date("2026-06-01T13:00:00Z"),
      expiresAt: new Date("2026-06-02T13:00:00Z"),
    };
    const earlier = {
      lastVerifiedAt: new Date("2026-06-01T12:30:00Z"),
      expiresAt: new Date("2026-06-02T12:30:00Z"),
    };
    await extendSession(database, id, later);
    await extendSession(database, id, earlier);
    expect(await findSession(database, id)).toMatchObject(later);
  });

  it("an extension does not bring back a session that was ended", async () => {
    const id = await stored("ended");
    expect(await deleteUserSession(database, "ended", id)).toBe(true);
    await extendSession(database, id, {
      lastVerifiedAt: new Date("2026-06-01T13:00:00Z"),
      expiresAt: new Date("2026-06-02T13:00:00Z"),
    });
    expect(await findSession(database, id)).toBeNull();
  });

  it("ends one of a user's sessions only for that user", async () => {
    const id = await stored("owner");
    expect(await deleteUserSession(database, "someone-else", id)).toBe(false);
    expect(await findSession(database, id)).not.toBeNull();
    expect(await deleteUserSession(database, "owner", id)).toBe(true);
    expect(await deleteUserSession(database, "owner", id)).toBe(false);
  });
});
