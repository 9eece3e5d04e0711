import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type Database } from "./database.ts";
import { purgeExpired } from "./purge.ts";

describe("purgeExpired (the TTL index's job on servers without one)", () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(() => {
    test = createTestDatabase();
    database = createDatabase({ uri: test.uri, dbName: test.dbName });
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it("deletes expired sessions and attempts, and nothing else", async () => {
    const { connection } = await database.models();
    const now = new Date("2026-06-01T12:00:00Z");
    const past = new Date(now.getTime() - 1);
    const future = new Date(now.getTime() + 1);
    await connection.collection("sessions").insertMany([
      { _id: "old" as never, expiresAt: past },
      { _id: "live" as never, expiresAt: future },
    ]);
    await connection.collection("attempts").insertMany([
      { key: "ip:x", at: past, expiresAt: past },
      { key: "ip:x", at: now, expiresAt: future },
    ]);

    expect(await purgeExpired(connection, now)).toBe(2);
    const sessions = await connection.collection("sessions").find().toArray();
    expect(sessions.map((doc) => doc._id)).toEqual(["live"]);
    expect(await connection.collection("attempts").countDocuments()).toBe(1);
  });
});
