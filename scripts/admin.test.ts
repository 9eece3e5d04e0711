// `npm run admin`: the command that makes the first administrator, run as a shell would run
// it, against the test database.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { createDatabase, type Database } from "@monorepo-auth/db/database";
import { createTestDatabase, type TestDatabase } from "@monorepo-auth/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ADMIN_SCRIPT = fileURLToPath(new URL("admin.ts", import.meta.url));

let test: TestDatabase;
let database: Database;

beforeAll(async () => {
  test = createTestDatabase();
  database = createDatabase({ uri: test.uri, dbName: test.dbName });
  const { User, Username } = await database.models();
  for (const username of ["alice", "bob"]) {
    await User.create({ _id: `id-${username}`, username, passwordHash: "$argon2id$x" });
    await Username.create({ _id: username, userId: `id-${username}`, createdAt: new Date() });
  }
});
afterAll(async () => {
  await database.close();
  await test.drop();
});

/** Runs the command; resolves with its exit code and output. */
async function admin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [ADMIN_SCRIPT, ...args],
      {
        env: { PATH: process.env.PATH ?? "", MONGODB_URI: test.uri, MONGODB_DB_NAME: test.dbName },
      },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

async function roles(username: string): Promise<string[]> {
  const { User } = await database.models();
  return (await User.findOne({ username }).lean().exec())?.roles ?? [];
}

describe("npm run admin", () => {
  it("grants the admin role by username, whatever its case, and audits it", async () => {
    const result = await admin("grant", "ALICE");
    expect(result).toMatchObject({ code: 0, out: "alice is now an administrator.\n" });
    expect(await roles("alice")).toEqual(["admin"]);
    const { AuditEntry } = await database.models();
    expect(await AuditEntry.findOne({ action: "grant_admin" }).lean().exec()).toMatchObject({
      actor: null,
      target: { id: "id-alice", username: "alice" },
    });
  });

  it("never revokes the last administrator", async () => {
    const result = await admin("revoke", "alice");
    expect(result.code).toBe(1);
    expect(result.err).toContain("alice is the last administrator");
    expect(await roles("alice")).toEqual(["admin"]);
  });

  it("revokes once another administrator exists", async () => {
    expect((await admin("grant", "bob")).code).toBe(0);
    expect(await admin("revoke", "alice")).toMatchObject({
      code: 0,
      out: "alice is no longer an administrator.\n",
    });
    expect(await roles("alice")).toEqual([]);
  });

  it("says so for an unknown user, and shows its usage for anything else", async () => {
    expect(await admin("grant", "nobody")).toMatchObject({ code: 1 });
    expect((await admin("grant", "nobody")).err).toContain('No user is called "nobody"');
    for (const args of [[], ["promote", "alice"], ["grant"], ["grant", "a", "b"]]) {
      const result = await admin(...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain("usage: npm run admin");
    }
  });
});
