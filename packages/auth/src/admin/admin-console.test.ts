import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";

const PASSWORD = "correct horse 7";
const MINUTE = 60_000;

describe("the admin console", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "10000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function person(prefix = "person") {
    const username = `${prefix}${String(++users)}`;
    const result = await t.auth.signUp({ username, password: PASSWORD, ...CLIENT });
    if (!result.ok) throw new Error(result.error);
    return result;
  }

  async function admin(prefix = "admin") {
    const signedUp = await person(prefix);
    const granted = await t.auth.changeAdminRoleFromCommandLine("grant", signedUp.user.username);
    expect(granted.ok).toBe(true);
    return signedUp;
  }

  /** Opens the console as this signed-in person, with their session as stored now. */
  async function consoleOf(signedIn: { token: string }) {
    const { user, session } = await t.auth.validateSessionToken(signedIn.token);
    if (!user) throw new Error("not signed in");
    const opened = await t.auth.openAdminConsole({ user, session, ip: CLIENT.ip });
    if (!opened.ok) throw new Error(opened.error);
    return opened.console;
  }

  async function steppedUp(signedIn: { token: string; user: { id: string; username: string } }) {
    const { session } = await t.auth.validateSessionToken(signedIn.token);
    if (!session) throw new Error("not signed in");
    const confirmed = await t.auth.confirmPassword({
      user: signedIn.user,
      sessionId: session.id,
      password: PASSWORD,
      ip: CLIENT.ip,
    });
    expect(confirmed).toEqual({ ok: true });
    return consoleOf(signedIn);
  }

  it("is refused to anyone without the admin role, and to a locked admin", async () => {
    const plain = await person();
    const { user, session } = await t.auth.validateSessionToken(plain.token);
    if (!user) throw new Error("not signed in");
    expect(await t.auth.openAdminConsole({ user, session, ip: CLIENT.ip })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(t.events.findLast((event) => event.type === "admin_refused")).toMatchObject({
      username: user.username,
    });

    const locked = await admin("lockedadmin");
    const { connection } = await t.database.models();
    await connection
      .collection("users")
      .updateOne({ _id: locked.user.id as never }, { $set: { lockedAt: new Date() } });
    const current = await t.auth.validateSessionToken(locked.token);
    if (!current.user) throw new Error("not signed in");
    expect(
      await t.auth.openAdminConsole({ user: current.user, session: current.session, ip: null }),
    ).toEqual({ ok: false, error: "forbidden" });
  });

  it("asks for the password again before anything destructive, and only for 10 minutes", async () => {
    const boss = await admin();
    const target = await person();
    const plain = await consoleOf(boss);
    expect(plain.steppedUp).toBe(false);
    expect(await plain.lock(target.user.id)).toEqual({ ok: false, error: "step_up_required" });
    expect(await plain.endAllSessions(target.user.id)).toMatchObject({ error: "step_up_required" });
    expect(await plain.grantAdmin(target.user.id)).toMatchObject({ error: "step_up_required" });

    const { session } = await t.auth.validateSessionToken(boss.token);
    const wrong = await t.auth.confirmPassword({
      user: boss.user,
      sessionId: session?.id ?? "",
      password: "not my password",
      ip: CLIENT.ip,
    });
    expect(wrong).toEqual({ ok: false, error: "current_password_wrong" });

    const sudo = await steppedUp(boss);
    expect(sudo.steppedUp).toBe(true);
    t.clock.advance(9 * MINUTE);
    expect((await consoleOf(boss)).steppedUp).toBe(true);
    t.clock.advance(2 * MINUTE);
    expect((await consoleOf(boss)).steppedUp).toBe(false);
  });

  it("locks an account: every session ends at once, and it cannot sign in until unlocked", async () => {
    const boss = await admin();
    const target = await person("locked");
    const sudo = await steppedUp(boss);
    expect(await sudo.lock(target.user.id)).toEqual({ ok: true });
    expect((await t.auth.validateSessionToken(target.token)).session).toBeNull();

    const login = (password: string) =>
      t.auth.logIn({ username: target.user.username, password, ...CLIENT });
    expect(await login("a wrong guess")).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await login(PASSWORD)).toEqual({ ok: false, error: "account_locked" });

    expect(await sudo.unlock(target.user.id)).toEqual({ ok: true });
    expect((await login(PASSWORD)).ok).toBe(true);
  });

  it("never locks the last administrator who can sign in, even two locking each other at once", async () => {
    const only = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "10000" } });
    try {
      const steppedUpAdmin = async (username: string) => {
        const result = await only.auth.signUp({ username, password: PASSWORD, ...CLIENT });
        if (!result.ok) throw new Error(result.error);
        await only.auth.changeAdminRoleFromCommandLine("grant", username);
        await only.auth.confirmPassword({
          user: result.user,
          sessionId: result.session.id,
          password: PASSWORD,
          ip: null,
        });
        const { user, session } = await only.auth.validateSessionToken(result.token);
        if (!user) throw new Error("not signed in");
        const opened = await only.auth.openAdminConsole({ user, session, ip: null });
        if (!opened.ok) throw new Error(opened.error);
        return { id: result.user.id, console: opened.console };
      };
      const [a, b] = await Promise.all([steppedUpAdmin("cat"), steppedUpAdmin("dan")]);
      const results = await Promise.all([a.console.lock(b.id), b.console.lock(a.id)]);
      const locked = results.filter((result) => result.ok).length;
      expect(locked).toBeLessThan(2);
      const { connection } = await only.database.models();
      const unlocked = await connection
        .collection("users")
        .countDocuments({ roles: "admin", lockedAt: null });
      expect(unlocked).toBe(2 - locked);
    } finally {
      await only.close();
    }
  });

  it("never lets an admin lock themselves", async () => {
    const boss = await admin();
    const sudo = await steppedUp(boss);
    expect(await sudo.lock(boss.user.id)).toEqual({ ok: false, error: "cannot_lock_self" });
  });

  it("ends one session or all of a user's, and only that user's", async () => {
    const boss = await admin();
    const target = await person();
    const second = await t.auth.logIn({
      username: target.user.username,
      password: PASSWORD,
      ...CLIENT,
    });
    const other = await person();
    if (!second.ok) throw new Error("login failed");
    const sudo = await steppedUp(boss);

    expect(await sudo.endSession(target.user.id, other.session.id)).toEqual({
      ok: false,
      error: "not_found",
    });
    expect((await t.auth.validateSessionToken(other.token)).session).not.toBeNull();
    expect(await sudo.endSession(target.user.id, second.session.id)).toEqual({ ok: true });
    expect((await t.auth.validateSessionToken(second.token)).session).toBeNull();
    expect((await t.auth.validateSessionToken(target.token)).session).not.toBeNull();
    expect(await sudo.endAllSessions(target.user.id)).toEqual({ ok: true });
    expect((await t.auth.validateSessionToken(target.token)).session).toBeNull();
    expect(await sudo.endAllSessions("no-such-user")).toEqual({ ok: false, error: "not_found" });
  });

  it("grants and revokes the role, but never takes it from the last admin who can sign in", async () => {
    const only = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "10000" } });
    try {
      const first = await only.auth.signUp({ username: "first", password: PASSWORD, ...CLIENT });
      if (!first.ok) throw new Error(first.error);
      expect((await only.auth.changeAdminRoleFromCommandLine("grant", "FIRST")).ok).toBe(true);
      expect(await only.auth.changeAdminRoleFromCommandLine("revoke", "first")).toEqual({
        ok: false,
        error: "last_admin",
      });
      expect(await only.auth.changeAdminRoleFromCommandLine("grant", "nobody")).toEqual({
        ok: false,
        error: "not_found",
      });
    } finally {
      await only.close();
    }
  });

  it("two admins revoking each other at once leave at least one", async () => {
    const only = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "10000" } });
    try {
      const signUp = async (username: string) => {
        const result = await only.auth.signUp({ username, password: PASSWORD, ...CLIENT });
        if (!result.ok) throw new Error(result.error);
        await only.auth.changeAdminRoleFromCommandLine("grant", username);
        const confirmed = await only.auth.confirmPassword({
          user: result.user,
          sessionId: result.session.id,
          password: PASSWORD,
          ip: null,
        });
        expect(confirmed.ok).toBe(true);
        const { user, session } = await only.auth.validateSessionToken(result.token);
        if (!user) throw new Error("not signed in");
        const opened = await only.auth.openAdminConsole({ user, session, ip: null });
        if (!opened.ok) throw new Error(opened.error);
        return { id: result.user.id, console: opened.console };
      };
      const [a, b] = await Promise.all([signUp("ann"), signUp("ben")]);
      const results = await Promise.all([a.console.revokeAdmin(b.id), b.console.revokeAdmin(a.id)]);
      // Never both: each that was refused says why, and the roles left match what was said.
      const revoked = results.filter((result) => result.ok).length;
      expect(revoked).toBeLessThan(2);
      expect(results.filter((result) => !result.ok)).toEqual(
        Array.from({ length: 2 - revoked }, () => ({ ok: false, error: "last_admin" })),
      );
      const { connection } = await only.database.models();
      expect(await connection.collection("users").countDocuments({ roles: "admin" })).toBe(
        2 - revoked,
      );
    } finally {
      await only.close();
    }
  });

  it("lists users by username prefix, a page at a time, with their sessions and last use", async () => {
    const boss = await admin("lister");
    for (let index = 0; index < 3; index++) await person("zeta");
    const listing = await consoleOf(boss);
    const page = await listing.listUsers({ prefix: "ZETA", page: 0 });
    expect(page.users.map((user) => user.username)).toEqual(
      [...page.users.map((user) => user.username)].sort(),
    );
    expect(page.users).toHaveLength(3);
    expect(page.users[0]).toMatchObject({ isAdmin: false, lockedAt: null, sessionCount: 1 });
    expect(page.users[0]?.lastSeenAt).toBeInstanceOf(Date);
    expect(await listing.listUsers({ prefix: ".*", page: 0 })).toEqual({
      users: [],
      hasMore: false,
    });
    expect(await listing.listUsers({ prefix: "zeta", page: 1 })).toEqual({
      users: [],
      hasMore: false,
    });
  });

  it("writes every action to the audit log: who, what, whom, when, from where", async () => {
    const boss = await admin("auditor");
    const target = await person("audited");
    const sudo = await steppedUp(boss);
    await sudo.lock(target.user.id);
    await sudo.unlock(target.user.id);
    const entries = await sudo.auditLog(null);
    expect(entries.slice(0, 2)).toMatchObject([
      { action: "unlock", actor: boss.user, target: target.user, ip: CLIENT.ip },
      { action: "lock", actor: boss.user, target: target.user, ip: CLIENT.ip },
    ]);
    expect(entries[0]?.at).toBeInstanceOf(Date);
    const older = await sudo.auditLog(entries[0]?.id ?? null);
    expect(older[0]?.action).toBe("lock");
    const { connection } = await t.database.models();
    const stored = await connection
      .collection<{ at: Date; expiresAt: Date }>("audit")
      .findOne({ action: "lock" });
    expect((stored?.expiresAt.getTime() ?? 0) - (stored?.at.getTime() ?? 0)).toBe(
      90 * 24 * 60 * MINUTE,
    );
  });
});
