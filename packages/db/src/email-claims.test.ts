import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type Database } from "./database.ts";
import { claimEmail, findEmailOwner, releaseEmail } from "./email-claims.ts";

let test: TestDatabase;
let database: Database;
const at = new Date("2026-06-01T12:00:00Z");

beforeAll(() => {
  test = createTestDatabase();
  database = createDatabase({ uri: test.uri, dbName: test.dbName });
});
afterAll(async () => {
  await database.close();
  await test.drop();
});

describe("verified email addresses", () => {
  it("are held by one user: claimed again by them, taken for anyone else", async () => {
    expect(await claimEmail(database, { key: "ada@example.com", userId: "u1", at })).toBe(
      "claimed",
    );
    expect(await claimEmail(database, { key: "ada@example.com", userId: "u1", at })).toBe(
      "claimed",
    );
    expect(await claimEmail(database, { key: "ada@example.com", userId: "u2", at })).toBe("taken");
    expect(await findEmailOwner(database, "ada@example.com")).toBe("u1");
    expect(await findEmailOwner(database, "nobody@example.com")).toBeNull();
  });

  it("go to exactly one of many users verifying the same address at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        claimEmail(database, { key: "contested@example.com", userId: `racer${String(index)}`, at }),
      ),
    );
    expect(results.filter((result) => result === "claimed")).toHaveLength(1);
  });

  it("are given back only by their holder", async () => {
    await claimEmail(database, { key: "bob@example.com", userId: "u3", at });
    expect(await releaseEmail(database, "bob@example.com", "u4")).toBe(false);
    expect(await findEmailOwner(database, "bob@example.com")).toBe("u3");
    expect(await releaseEmail(database, "bob@example.com", "u3")).toBe(true);
    expect(await claimEmail(database, { key: "bob@example.com", userId: "u4", at })).toBe(
      "claimed",
    );
  });
});
