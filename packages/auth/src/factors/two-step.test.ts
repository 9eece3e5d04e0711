// An authenticator app through the core: set up with a first code, then asked after every
// right password; recovery codes; what a pending sign-in and a code can and cannot do
// (MF-01 to MF-06).
import { randomBytes } from "node:crypto";

import { authenticatorCode } from "@monorepo-auth/testing/totp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import type { SessionUser } from "../session/session.ts";

const PASSWORD = "correct horse 7";
const MINUTE = 60_000;

describe("an authenticator app", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({
      env: {
        IP_ATTEMPT_LIMIT: "1000",
        AUTH_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A user with the app on: its secret, recovery codes, and the session that set it up. */
  async function withApp() {
    const username = `second${String(++users)}`;
    const signedUp = await t.auth.signUp({ username, password: PASSWORD, ...CLIENT });
    if (!signedUp.ok) throw new Error(signedUp.error);
    const user: SessionUser = signedUp.user;
    const started = await t.auth.startAuthenticatorSetup(user);
    if (!started.ok) throw new Error(started.error);
    const confirmed = await t.auth.confirmAuthenticatorSetup({
      user,
      code: authenticatorCode(started.secret, t.clock()),
      currentSessionId: signedUp.session.id,
      ip: CLIENT.ip,
    });
    if (!confirmed.ok) throw new Error(confirmed.error);
    // Codes are good once per 30 s step: later steps for the tests' codes.
    t.clock.advance(MINUTE);
    return { username, user, secret: started.secret, codes: confirmed.recoveryCodes, signedUp };
  }

  /** Logs in with the password; returns the pending sign-in's cookie header. */
  async function password(username: string): Promise<Headers> {
    const result = await t.auth.logIn({ username, password: PASSWORD, ...CLIENT });
    if (result.ok || result.error !== "second_factor_required") {
      throw new Error(`expected a second step, got ${result.ok ? "a session" : result.error}`);
    }
    return new Headers({ cookie: `pending=${result.pending.token}` });
  }

  const finish = (headers: Headers, code: string) =>
    t.auth.completeSignIn({ headers, code, client: CLIENT });

  it("MF-07: turns on with a first code only; the key is sealed at rest, never in an event", async () => {
    const signedUp = await t.auth.signUp({ username: "setting-up", password: PASSWORD, ...CLIENT });
    if (!signedUp.ok) throw new Error(signedUp.error);
    const other = await t.auth.logIn({ username: "setting-up", password: PASSWORD, ...CLIENT });
    if (!other.ok) throw new Error(other.error);
    const started = await t.auth.startAuthenticatorSetup(signedUp.user);
    if (!started.ok) throw new Error(started.error);
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.uri).toContain(`secret=${started.secret}`);
    // Not on until confirmed: the password alone still signs in.
    expect((await t.auth.logIn({ username: "setting-up", password: PASSWORD, ...CLIENT })).ok).toBe(
      true,
    );
    const input = { user: signedUp.user, currentSessionId: signedUp.session.id, ip: CLIENT.ip };
    expect(await t.auth.confirmAuthenticatorSetup({ ...input, code: "000000" })).toMatchObject({
      ok: false,
      error: "code_invalid",
    });
    const confirmed = await t.auth.confirmAuthenticatorSetup({
      ...input,
      code: authenticatorCode(started.secret, t.clock()),
    });
    if (!confirmed.ok) throw new Error(confirmed.error);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    // Turning it on ends the other sessions, not this one.
    expect((await t.auth.validateSessionToken(other.token)).session).toBeNull();
    expect((await t.auth.validateSessionToken(signedUp.token)).session).not.toBeNull();
    expect(await t.auth.authenticatorStatus(signedUp.user.id)).toEqual({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    const { TotpFactor } = await t.database.models();
    const stored = await TotpFactor.findById(signedUp.user.id).lean().exec();
    expect(stored?.sealedKey).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain(started.secret);
    expect(JSON.stringify(t.events)).not.toContain(started.secret);
    expect(await t.auth.startAuthenticatorSetup(signedUp.user)).toEqual({
      ok: false,
      error: "totp_enabled",
    });
  });

  it("MF-01: a right password gives no session, only a pending sign-in; the code finishes it", async () => {
    const { username, secret } = await withApp();
    const result = await t.auth.logIn({ username, password: PASSWORD, ...CLIENT });
    expect(result).toMatchObject({ ok: false, error: "second_factor_required" });
    expect("token" in result).toBe(false);
    const headers = await password(username);
    const done = await finish(headers, authenticatorCode(secret, t.clock()));
    if (!done.ok) throw new Error(done.error);
    expect(done.session.method).toBe("password+totp");
    expect(done.recoveryCodesLeft).toBeNull();
    expect((await t.auth.validateSessionToken(done.token)).user?.username).toBe(username);
    const listed = await t.auth.listSessions(done.user.id);
    expect(listed.find((session) => session.id === done.session.id)?.method).toBe("password+totp");
  });

  it("MF-02: a pending sign-in is good once, for 5 minutes, and not after a password change", async () => {
    const { username, user, secret, signedUp } = await withApp();
    const headers = await password(username);
    expect((await finish(headers, authenticatorCode(secret, t.clock()))).ok).toBe(true);
    t.clock.advance(MINUTE);
    expect(await finish(headers, authenticatorCode(secret, t.clock()))).toEqual({
      ok: false,
      error: "pending_sign_in_invalid",
    });

    const late = await password(username);
    t.clock.advance(5 * MINUTE);
    expect(await finish(late, authenticatorCode(secret, t.clock()))).toEqual({
      ok: false,
      error: "pending_sign_in_invalid",
    });

    const beforeChange = await password(username);
    const changed = await t.auth.changePassword({
      user,
      currentSessionId: signedUp.session.id,
      currentPassword: PASSWORD,
      newPassword: "changed meanwhile 8",
      ip: CLIENT.ip,
    });
    expect(changed.ok).toBe(true);
    t.clock.advance(MINUTE);
    expect(await finish(beforeChange, authenticatorCode(secret, t.clock()))).toEqual({
      ok: false,
      error: "pending_sign_in_invalid",
    });
    for (const cookie of ["", "pending=", "pending=a.b", `pending=${"x".repeat(22)}.y`]) {
      expect(
        await finish(new Headers({ cookie }), authenticatorCode(secret, t.clock())),
      ).toMatchObject({ ok: false, error: "pending_sign_in_invalid" });
    }
  });

  it("MF-03: a code is good once: not again in its window, not by two sign-ins at once", async () => {
    const { username, secret } = await withApp();
    const code = authenticatorCode(secret, t.clock());
    const first = await password(username);
    expect((await finish(first, code)).ok).toBe(true);
    const second = await password(username);
    expect(await finish(second, code)).toMatchObject({ ok: false, error: "code_invalid" });
    // The step before the one used is refused too; the next step works.
    expect(await finish(second, authenticatorCode(secret, t.clock(), -1))).toMatchObject({
      ok: false,
      error: "code_invalid",
    });
    t.clock.advance(30_000);
    const next = authenticatorCode(secret, t.clock());
    const racing = await Promise.all([password(username), password(username)]);
    const results = await Promise.all(racing.map((headers) => finish(headers, next)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("MF-04: recovery codes work once each, in any case and spacing, and say how many are left", async () => {
    const { username, codes } = await withApp();
    const [first = "", second = ""] = codes;
    const done = await finish(await password(username), first.toUpperCase().replace("-", " "));
    if (!done.ok) throw new Error(done.error);
    expect(done.session.method).toBe("password+recovery-code");
    expect(done.recoveryCodesLeft).toBe(9);
    expect(await finish(await password(username), first)).toMatchObject({
      ok: false,
      error: "code_invalid",
    });
    expect((await finish(await password(username), second)).ok).toBe(true);
  });

  it("MF-05: guessing codes spends the account's budget of failed logins", async () => {
    const { username, secret } = await withApp();
    const headers = await password(username);
    const answers: string[] = [];
    for (let guess = 0; guess < 11; guess++) {
      const result = await finish(headers, String(100000 + guess));
      answers.push(result.ok ? "ok" : result.error);
    }
    expect(answers.slice(0, 10)).toEqual(Array<string>(10).fill("code_invalid"));
    expect(answers[10]).toBe("too_many_attempts");
    // Even the right code waits now.
    expect(await finish(headers, authenticatorCode(secret, t.clock()))).toMatchObject({
      ok: false,
      error: "too_many_attempts",
    });
  });

  it("MF-05: strangers' wrong codes do not lock out the browser its owner signed in with", async () => {
    const { username, secret } = await withApp();
    const first = await finish(await password(username), authenticatorCode(secret, t.clock()));
    if (!first.ok) throw new Error(first.error);
    const deviceToken = first.device?.token ?? null;
    expect(deviceToken).not.toBeNull();
    const stranger = await password(username);
    for (let guess = 0; guess < 11; guess++) await finish(stranger, String(200000 + guess));
    expect(await finish(stranger, "999999")).toMatchObject({ error: "too_many_attempts" });

    t.clock.advance(30_000);
    const owner = { ...CLIENT, deviceToken };
    const login = await t.auth.logIn({ username, password: PASSWORD, ...owner });
    if (login.ok || !("pending" in login)) throw new Error("expected a second step");
    const done = await t.auth.completeSignIn({
      headers: new Headers({ cookie: `pending=${login.pending.token}` }),
      code: authenticatorCode(secret, t.clock()),
      client: owner,
    });
    expect(done.ok).toBe(true);
    // Already known, this browser gets no new device token.
    expect(done.ok ? done.device : "failed").toBeNull();
  });

  it("MF-06: turning it off needs the password and a code; then the password alone signs in", async () => {
    const { username, user, secret, signedUp } = await withApp();
    const input = { user, currentSessionId: signedUp.session.id, ip: CLIENT.ip };
    const code = authenticatorCode(secret, t.clock());
    expect(
      await t.auth.disableAuthenticator({ ...input, password: "not mine", code }),
    ).toMatchObject({ ok: false, error: "current_password_wrong" });
    expect(
      await t.auth.disableAuthenticator({ ...input, password: PASSWORD, code: "123456" }),
    ).toMatchObject({ ok: false, error: "code_invalid" });
    expect((await t.auth.disableAuthenticator({ ...input, password: PASSWORD, code })).ok).toBe(
      true,
    );
    expect(await t.auth.authenticatorStatus(user.id)).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
    });
    expect((await t.auth.logIn({ username, password: PASSWORD, ...CLIENT })).ok).toBe(true);
  });

  it("new recovery codes need the password, and void the old ones", async () => {
    const { username, user, codes } = await withApp();
    expect(
      await t.auth.regenerateRecoveryCodes({ user, password: "not mine", ip: CLIENT.ip }),
    ).toMatchObject({ ok: false, error: "current_password_wrong" });
    const renewed = await t.auth.regenerateRecoveryCodes({
      user,
      password: PASSWORD,
      ip: CLIENT.ip,
    });
    if (!renewed.ok) throw new Error(renewed.error);
    expect(await finish(await password(username), codes[0] ?? "")).toMatchObject({
      ok: false,
      error: "code_invalid",
    });
    expect((await finish(await password(username), renewed.recoveryCodes[0] ?? "")).ok).toBe(true);
  });

  it("without AUTH_ENCRYPTION_KEY no one can turn it on", async () => {
    const bare = createTestAuth({ shareWith: t });
    try {
      const signedUp = await bare.auth.signUp({
        username: "no-key",
        password: PASSWORD,
        ...CLIENT,
      });
      if (!signedUp.ok) throw new Error(signedUp.error);
      expect(await bare.auth.startAuthenticatorSetup(signedUp.user)).toEqual({
        ok: false,
        error: "factors_unavailable",
      });
    } finally {
      await bare.close();
    }
  });
});
