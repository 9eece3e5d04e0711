import { startDatabaseProxy } from "@monorepo-auth/testing/database-proxy";
import { DatabaseUnavailableError } from "@monorepo-auth/db/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import { SESSION_REFRESH_INTERVAL_MS } from "./session-expiry.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe("sessions on the real database", () => {
  let t: TestAuth;
  let userCount = 0;
  beforeAll(() => {
    t = createTestAuth();
  });
  afterAll(async () => {
    await t.close();
  });

  async function signedIn(): Promise<{ token: string; userId: string; username: string }> {
    const username = `user${String(++userCount)}`;
    const result = await t.auth.signUp({ username, password: "correct horse 7", ...CLIENT });
    if (!result.ok) throw new Error(`sign-up failed: ${result.error}`);
    return { token: result.token, userId: result.user.id, username };
  }

  async function storedSession(id: string) {
    const { connection } = await t.database.models();
    return connection.collection("sessions").findOne({ _id: id as never });
  }

  it("validates a fresh token and returns the user, without a write", async () => {
    const { token, userId, username } = await signedIn();
    const result = await t.auth.validateSessionToken(token);
    expect(result.user).toEqual({ id: userId, username });
    expect(result.session?.userId).toBe(userId);
    expect(result.refreshed).toBe(false);
  });

  it("stores only the SHA-256 of the secret: no token or secret in the database", async () => {
    const { token } = await signedIn();
    const [id, secret] = token.split(".") as [string, string];
    const doc = await storedSession(id);
    expect(doc).not.toBeNull();
    const stored = JSON.stringify(doc);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(token);
    expect(Object.keys(doc ?? {}).sort()).toEqual(
      [
        "_id",
        "createdAt",
        "expiresAt",
        "ip",
        "lastVerifiedAt",
        "method",
        "secretHash",
        "userAgent",
        "userId",
        "username",
      ].sort(),
    );
  });

  it("rejects a token whose secret was tampered with, and keeps the session", async () => {
    const { token } = await signedIn();
    const last = token.at(-1) === "A" ? "B" : "A";
    const tampered = `${token.slice(0, -1)}${last}`;
    expect((await t.auth.validateSessionToken(tampered)).session).toBeNull();
    expect((await t.auth.validateSessionToken(token)).session).not.toBeNull();
  });

  it.each([
    { label: "x", value: "x" },
    { label: "4 KB of a", value: "a".repeat(4096) },
    { label: "an operator object", value: { $ne: null } },
    { label: "null", value: null },
    { label: "an empty string", value: "" },
  ])("rejects $label as no session", async ({ value }) => {
    expect(await t.auth.validateSessionToken(value)).toEqual({
      session: null,
      user: null,
      refreshed: false,
    });
  });

  it("writes lastVerifiedAt at most once an hour, however often the session is used", async () => {
    const { token } = await signedIn();
    const id = token.split(".")[0] ?? "";
    const first = (await storedSession(id))?.lastVerifiedAt as Date;

    let refreshes = 0;
    for (let minute = 0; minute < 59; minute++) {
      t.clock.advance(60_000);
      if ((await t.auth.validateSessionToken(token)).refreshed) refreshes++;
    }
    expect(refreshes).toBe(0);
    expect((await storedSession(id))?.lastVerifiedAt).toEqual(first);

    t.clock.advance(SESSION_REFRESH_INTERVAL_MS - 59 * 60_000);
    const refreshed = await t.auth.validateSessionToken(token);
    expect(refreshed.refreshed).toBe(true);
    expect((await storedSession(id))?.lastVerifiedAt).toEqual(t.clock());
    expect(refreshed.session?.expiresAt).toEqual(new Date(t.clock().getTime() + 14 * DAY));

    const again = await Promise.all(
      Array.from({ length: 20 }, () => t.auth.validateSessionToken(token)),
    );
    expect(again.every((result) => !result.refreshed)).toBe(true);
  });

  it("ends a session unused for longer than the idle timeout, and deletes it", async () => {
    const { token } = await signedIn();
    t.clock.advance(14 * DAY - 1);
    // Used just in time: the expiry moves.
    expect((await t.auth.validateSessionToken(token)).refreshed).toBe(true);
    t.clock.advance(14 * DAY);
    expect((await t.auth.validateSessionToken(token)).session).toBeNull();
    expect(await storedSession(token.split(".")[0] ?? "")).toBeNull();
  });

  it("ends a session at its absolute lifetime even when used every day", async () => {
    const { token } = await signedIn();
    for (let day = 1; day < 30; day++) {
      t.clock.advance(DAY);
      expect((await t.auth.validateSessionToken(token)).session).not.toBeNull();
    }
    t.clock.advance(DAY);
    expect((await t.auth.validateSessionToken(token)).session).toBeNull();
  });

  it("never extends the expiry past the absolute lifetime", async () => {
    const { token } = await signedIn();
    const created = t.clock().getTime();
    t.clock.advance(10 * DAY);
    await t.auth.validateSessionToken(token);
    t.clock.advance(10 * DAY);
    await t.auth.validateSessionToken(token);
    t.clock.advance(5 * DAY);
    const result = await t.auth.validateSessionToken(token);
    expect(result.refreshed).toBe(true);
    expect(result.session?.expiresAt.getTime()).toBe(created + 30 * DAY);
  });

  it("rejects a session whose expiresAt was set in the past directly in the database (EX-01)", async () => {
    const { token } = await signedIn();
    const { connection } = await t.database.models();
    await connection
      .collection("sessions")
      .updateOne(
        { _id: token.split(".")[0] as never },
        { $set: { expiresAt: new Date(t.clock().getTime() - 1) } },
      );
    expect((await t.auth.validateSessionToken(token)).session).toBeNull();
  });

  it("rejects a session created longer ago than the absolute lifetime, whatever its expiresAt (EX-04)", async () => {
    const { token } = await signedIn();
    const { connection } = await t.database.models();
    await connection.collection("sessions").updateOne(
      { _id: token.split(".")[0] as never },
      {
        $set: {
          createdAt: new Date(t.clock().getTime() - 31 * DAY),
          expiresAt: new Date(t.clock().getTime() + DAY),
        },
      },
    );
    expect((await t.auth.validateSessionToken(token)).session).toBeNull();
  });

  it("logs out: the token is rejected afterwards and the document is gone", async () => {
    const { token } = await signedIn();
    await t.auth.logOut({ ...CLIENT, sessionTokens: [token] });
    expect((await t.auth.validateSessionToken(token)).session).toBeNull();
    expect(await storedSession(token.split(".")[0] ?? "")).toBeNull();
  });

  it("signs out everywhere: all of one user's sessions end, other users' stay (LO-03)", async () => {
    const alice = await signedIn();
    const second = await t.auth.logIn({
      username: alice.username,
      password: "correct horse 7",
      ...CLIENT,
    });
    const bob = await signedIn();
    if (!second.ok) throw new Error("login failed");

    const user = { id: alice.userId, username: alice.username };
    expect(await t.auth.logOutEverywhere(user, CLIENT.ip)).toBe(2);
    expect((await t.auth.validateSessionToken(alice.token)).session).toBeNull();
    expect((await t.auth.validateSessionToken(second.token)).session).toBeNull();
    expect((await t.auth.validateSessionToken(bob.token)).session).not.toBeNull();
  });

  it("revokes only the user's own sessions", async () => {
    const alice = await signedIn();
    const bob = await signedIn();
    const bobSessionId = bob.token.split(".")[0] ?? "";
    const aliceUser = { id: alice.userId, username: alice.username };
    expect(await t.auth.revokeSession(aliceUser, bobSessionId, CLIENT.ip)).toBe(false);
    expect((await t.auth.validateSessionToken(bob.token)).session).not.toBeNull();
    expect(await t.auth.revokeSession(aliceUser, alice.token.split(".")[0] ?? "", CLIENT.ip)).toBe(
      true,
    );
    expect((await t.auth.validateSessionToken(alice.token)).session).toBeNull();
  });

  it("lists a user's live sessions with device and IP, never a hash or secret", async () => {
    const alice = await signedIn();
    const sessions = await t.auth.listSessions(alice.userId);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      id: alice.token.split(".")[0],
      userAgent: CLIENT.userAgent,
      ip: CLIENT.ip,
    });
    expect(Object.keys(sessions[0] ?? {})).not.toContain("secretHash");
    expect(JSON.stringify(sessions)).not.toContain(alice.token.split(".")[1]);
  });

  it("leaves expired sessions out of the list", async () => {
    const alice = await signedIn();
    t.clock.advance(31 * DAY);
    expect(await t.auth.listSessions(alice.userId)).toEqual([]);
  });
});

describe("sessions when the database is unreachable", () => {
  it("fail as unavailable, never as 'no session', and work again afterwards", async () => {
    const proxy = await startDatabaseProxy();
    const t = createTestAuth({ uri: proxy.uri });
    try {
      const result = await t.auth.signUp({
        username: "outage",
        password: "correct horse 7",
        ...CLIENT,
      });
      if (!result.ok) throw new Error("sign-up failed");

      await proxy.down();
      await expect(t.auth.validateSessionToken(result.token)).rejects.toBeInstanceOf(
        DatabaseUnavailableError,
      );

      await proxy.up();
      await expect
        .poll(async () => (await t.auth.validateSessionToken(result.token)).user?.username, {
          timeout: 15_000,
        })
        .toBe("outage");
    } finally {
      await t.close();
      await proxy.close();
    }
  });
});
