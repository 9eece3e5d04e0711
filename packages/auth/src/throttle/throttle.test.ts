import { createDatabase, type Database } from "@monorepo-auth/db/database";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { takeAttempts, type Budget } from "./throttle.ts";

const takeAttempt = (database: Database, key: string, budget: Budget, now: Date) =>
  takeAttempts(database, [{ key, budget }], now);

const MINUTE = 60_000;

describe("takeAttempt (sliding-window budgets in MongoDB)", () => {
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

  const budget = { limit: 3, windowMs: 10 * MINUTE };
  // From the current minute: attempts already expired by the real clock could be purged mid-test.
  const start = Math.floor(Date.now() / MINUTE) * MINUTE;
  const at = (minutes: number) => new Date(start + minutes * MINUTE);

  it("allows `limit` attempts per window, then refuses with the wait until one frees up", async () => {
    const key = "ip:198.51.100.1";
    expect((await takeAttempt(database, key, budget, at(0))).allowed).toBe(true);
    expect((await takeAttempt(database, key, budget, at(1))).allowed).toBe(true);
    expect((await takeAttempt(database, key, budget, at(2))).allowed).toBe(true);
    expect(await takeAttempt(database, key, budget, at(4))).toEqual({
      allowed: false,
      refusedKey: key,
      retryAfterSeconds: 6 * 60,
    });
    // The first attempt has left the window: one more is allowed.
    expect((await takeAttempt(database, key, budget, at(10))).allowed).toBe(true);
  });

  it("does not record refused attempts, so hammering a spent budget does not extend it", async () => {
    const key = "ip:198.51.100.2";
    for (let minute = 0; minute < 3; minute++) await takeAttempt(database, key, budget, at(minute));
    for (let second = 0; second < 50; second++) {
      expect((await takeAttempt(database, key, budget, at(5 + second / 60))).allowed).toBe(false);
    }
    expect((await takeAttempt(database, key, budget, at(10))).allowed).toBe(true);
  });

  it("lets exactly `limit` of many concurrent attempts through, even without atomic updates", async () => {
    const key = "account:racer";
    const results = await Promise.all(
      Array.from({ length: 20 }, () => takeAttempt(database, key, { ...budget, limit: 5 }, at(0))),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
  });

  it("keeps budgets of different keys apart", async () => {
    const spent = "ip:198.51.100.3";
    for (let minute = 0; minute < 3; minute++)
      await takeAttempt(database, spent, budget, at(minute));
    expect((await takeAttempt(database, spent, budget, at(3))).allowed).toBe(false);
    expect((await takeAttempt(database, "ip:198.51.100.4", budget, at(3))).allowed).toBe(true);
  });

  it("holds across two handles on the same database, as two app instances would have", async () => {
    const other = createDatabase({ uri: test.uri, dbName: test.dbName });
    try {
      const key = "ip:198.51.100.5";
      await takeAttempt(database, key, budget, at(0));
      await takeAttempt(other, key, budget, at(0));
      await takeAttempt(database, key, budget, at(0));
      expect((await takeAttempt(other, key, budget, at(1))).allowed).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("takes from several budgets all or none: a refusal by one gives the other's attempt back", async () => {
    const spent = "account:locked";
    for (let minute = 0; minute < 3; minute++)
      await takeAttempt(database, spent, budget, at(minute));
    const both = [
      { key: "ip:198.51.100.6", budget },
      { key: spent, budget },
    ];
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await takeAttempts(database, both, at(4))).toMatchObject({
        allowed: false,
        refusedKey: spent,
      });
    }
    // The IP's budget was never spent by those refusals.
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await takeAttempt(database, "ip:198.51.100.6", budget, at(5))).allowed).toBe(true);
    }
  });
});
