import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";

import { createDatabase, type Database } from "./database.ts";
import { PURGE_BATCH, purgeExpired } from "./purge.ts";

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

  it("purges more expired documents than one SQL statement may name, a batch at a time", async () => {
    // Each round reads every expired document on FerretDB: on a busy machine that can take
    // longer than an app's 4 s, and the purge simply tries again at its next tick.
    const patient = createDatabase({
      uri: test.uri,
      dbName: test.dbName,
      operationTimeoutMs: 30_000,
    });
    onTestFinished(() => patient.close());
    const { connection } = await patient.models();
    const now = new Date("2026-06-01T12:00:00Z");
    const past = new Date(now.getTime() - 1);
    // SQLite's limit on the variables of one statement is 32,766.
    const many = 32_766 + 7;
    const attempts = connection.collection("attempts");
    await attempts.deleteMany({});
    for (let start = 0; start < many; start += PURGE_BATCH) {
      const size = Math.min(PURGE_BATCH, many - start);
      await attempts.insertMany(
        Array.from({ length: size }, (_, index) => {
          // A flood's attempts expire a few to a millisecond.
          const expiresAt = new Date(past.getTime() - Math.floor((start + index) / 4));
          return { key: "ip:flood", at: expiresAt, expiresAt };
        }),
      );
    }
    await attempts.insertOne({ key: "ip:flood", at: now, expiresAt: new Date(now.getTime() + 1) });

    expect(await purgeExpired(connection, now)).toBe(many);
    expect(await attempts.countDocuments()).toBe(1);
  }, 180_000);
});
