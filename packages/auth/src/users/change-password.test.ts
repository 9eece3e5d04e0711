import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";

const OLD = "correct horse 7";
const NEW = "battery staple 9";

describe("changePassword", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "1000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function twoSessions() {
    const username = `changer${String(++users)}`;
    const first = await t.auth.signUp({ username, password: OLD, ...CLIENT });
    const second = await t.auth.logIn({ username, password: OLD, ...CLIENT });
    if (!first.ok || !second.ok) throw new Error("set-up failed");
    return { user: first.user, current: first, other: second };
  }

  it("replaces the password and ends every other session, keeping the current one", async () => {
    const { user, current, other } = await twoSessions();
    const result = await t.auth.changePassword({
      user,
      currentSessionId: current.session.id,
      currentPassword: OLD,
      newPassword: NEW,
      ip: CLIENT.ip,
    });
    expect(result).toEqual({ ok: true, endedSessions: 1, first: false });
    expect((await t.auth.validateSessionToken(current.token)).session).not.toBeNull();
    expect((await t.auth.validateSessionToken(other.token)).session).toBeNull();

    const login = (password: string) =>
      t.auth.logIn({ username: user.username, password, ...CLIENT });
    expect((await login(OLD)).ok).toBe(false);
    expect((await login(NEW)).ok).toBe(true);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const { user, current, other } = await twoSessions();
    const result = await t.auth.changePassword({
      user,
      currentSessionId: current.session.id,
      currentPassword: "not it at all",
      newPassword: NEW,
      ip: CLIENT.ip,
    });
    expect(result).toEqual({ ok: false, error: "current_password_wrong" });
    expect((await t.auth.validateSessionToken(other.token)).session).not.toBeNull();
  });

  it.each([
    ["short", "password_too_short"],
    ["password1234", "password_common"],
  ])("applies the password rules to the new password (%s)", async (newPassword, error) => {
    const { user, current } = await twoSessions();
    const result = await t.auth.changePassword({
      user,
      currentSessionId: current.session.id,
      currentPassword: OLD,
      newPassword,
      ip: CLIENT.ip,
    });
    expect(result).toEqual({ ok: false, error });
  });

  it("counts wrong current passwords against the account, so a stolen session cannot guess it", async () => {
    const { user, current } = await twoSessions();
    const change = (currentPassword: string) =>
      t.auth.changePassword({
        user,
        currentSessionId: current.session.id,
        currentPassword,
        newPassword: NEW,
        ip: CLIENT.ip,
      });
    for (let index = 0; index < 10; index++) await change(`guess-${String(index)}-x`);
    expect(await change(OLD)).toMatchObject({ ok: false, error: "too_many_attempts" });
  });
});

describe("SF-08: a login racing a password change", () => {
  let t: TestAuth;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "10000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  // A login that checks the old password while the change is under way — starting at every
  // moment of the change in turn, with real hashing and real database round trips — must
  // never leave a session alive once the change has finished. The dangerous moment is a
  // login that read the old hash before the change wrote the new one, and writes its
  // session after the change ended the others.
  it("never leaves the login's session alive, wherever in the change the login falls", async () => {
    const survivors: number[] = [];
    for (let startMs = 0; startMs <= 200; startMs += 10) {
      const username = `racer${String(startMs)}`;
      const signedUp = await t.auth.signUp({ username, password: OLD, ...CLIENT });
      if (!signedUp.ok) throw new Error("set-up failed");
      const change = t.auth.changePassword({
        user: signedUp.user,
        currentSessionId: signedUp.session.id,
        currentPassword: OLD,
        newPassword: NEW,
        ip: CLIENT.ip,
      });
      const login = delay(startMs).then(() => t.auth.logIn({ username, password: OLD, ...CLIENT }));
      const [changed, loggedIn] = await Promise.all([change, login]);
      expect(changed.ok).toBe(true);
      if (loggedIn.ok && (await t.auth.validateSessionToken(loggedIn.token)).session) {
        survivors.push(startMs);
      }
    }
    expect(survivors).toEqual([]);
  });
});
