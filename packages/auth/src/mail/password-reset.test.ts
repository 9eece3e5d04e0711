// Password reset through the core, with its mail read back from the tests' Mailpit:
// the link goes only to a verified address (ML-04), works once and only while nothing
// changed (ML-05), ends every session and signs in (ML-06), and asking tells nothing about
// who exists (ML-03).
import { randomBytes } from "node:crypto";

import { findUserById } from "@monorepo-auth/db/users";
import { linkIn, mailTo, waitForMail } from "@monorepo-auth/testing/mailpit";
import { uniqueEmail } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { authenticatorCode } from "@monorepo-auth/testing/totp";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";

const PASSWORD = "correct horse 7";
const NEW_PASSWORD = "a new secret 42";
const MINUTE = 60_000;
const RESET_SUBJECT = /^Reset your .+ password$/;

describe("password reset", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({
      mail: true,
      env: { IP_ATTEMPT_LIMIT: "1000", AUTH_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A new user with `email` given at sign-up; verified unless told otherwise. */
  async function newUser(email: string | null, options: { verify?: boolean } = {}) {
    const username = `resetter${String(++users)}`;
    const result = await t.auth.signUp({
      username,
      password: PASSWORD,
      ...(email ? { email } : {}),
      ...CLIENT,
      // Each from an address of its own: the IP's budget of mails is not what is tested here.
      ip: `198.51.100.${String(users)}`,
    });
    if (!result.ok) throw new Error(result.error);
    await result.sending;
    if (email && options.verify !== false) {
      const [mail] = await waitForMail(email);
      if (!mail) throw new Error("no verification mail");
      const token = linkIn(mail, `${t.auth.settings.landingOrigin}/verify-email#`).split("#")[1];
      expect((await t.auth.verifyEmail(token)).ok).toBe(true);
    }
    return { username, user: result.user, token: result.token };
  }

  /** Asks for a reset and waits until its work after the answer is done. */
  async function ask(identifier: string, ip: string | null = CLIENT.ip) {
    const result = await t.auth.requestPasswordReset({ identifier, ip });
    if (!result.ok) throw new Error(result.error);
    await result.sending;
    return result;
  }

  /** The token of the newest reset mail to `email`, once it has had `count` of them. */
  async function resetToken(email: string, count: number): Promise<string> {
    const [mail] = await waitForMail(email, { count, subject: RESET_SUBJECT });
    if (!mail) throw new Error("no mail");
    const link = linkIn(mail, `${t.auth.settings.landingOrigin}/reset-password#`);
    return link.split("#")[1] ?? "";
  }

  it("ML-06: by username or address, the link sets the password, ends every session, signs in and tells the address", async () => {
    const email = uniqueEmail("reset");
    const { username, token: firstSession } = await newUser(email);
    const other = await t.auth.logIn({ username, password: PASSWORD, ...CLIENT });
    if (!other.ok) throw new Error(other.error);

    await ask(username);
    const byName = await resetToken(email, 1);
    await ask(email.toUpperCase().replace("@EXAMPLE.COM", "@example.com"));
    const byAddress = await resetToken(email, 2);
    // Only the newest link works.
    expect(byAddress).not.toBe(byName);

    const reset = await t.auth.resetPassword({
      token: byAddress,
      newPassword: NEW_PASSWORD,
      client: CLIENT,
    });
    if (!reset.ok) throw new Error(reset.error);
    if (!("token" in reset)) throw new Error("asked for a second step");
    await reset.notice;
    expect(reset.user.username).toBe(username);
    expect((await t.auth.validateSessionToken(firstSession)).session).toBeNull();
    expect((await t.auth.validateSessionToken(other.token)).session).toBeNull();
    expect((await t.auth.validateSessionToken(reset.token)).user?.username).toBe(username);
    expect((await t.auth.logIn({ username, password: PASSWORD, ...CLIENT })).ok).toBe(false);
    expect((await t.auth.logIn({ username, password: NEW_PASSWORD, ...CLIENT })).ok).toBe(true);

    const [notice] = await waitForMail(email, { subject: /password was changed$/ });
    expect(notice?.text).not.toContain(NEW_PASSWORD);
    for (const used of [byAddress, byName]) {
      expect(
        await t.auth.resetPassword({
          token: used,
          newPassword: "yet another one 5",
          client: CLIENT,
        }),
      ).toEqual({ ok: false, error: "link_invalid" });
    }
  });

  it("ML-04: an unverified address, an unknown name and an unknown address get nothing, with the same answer", async () => {
    const unverified = uniqueEmail("unverified");
    const { username } = await newUser(unverified, { verify: false });
    const bare = await newUser(null);
    const before = t.events.length;
    const answers = await Promise.all(
      [username, unverified, bare.username, "nobody-here", uniqueEmail("nobody")].map(
        async (identifier) => {
          const result = await ask(identifier);
          return Object.keys(result).sort();
        },
      ),
    );
    for (const keys of answers) expect(keys).toEqual(["ok", "sending"]);
    // Only its verification mail ever reached the unverified address.
    expect(await mailTo(unverified)).toHaveLength(1);
    const kinds = t.events.slice(before).map((event) => event.type);
    expect(kinds.filter((kind) => kind === "password_reset_requested")).toHaveLength(5);
    expect(kinds).not.toContain("mail_failed");
  });

  it("refuses what is neither a username nor an address, before anything is looked up", async () => {
    for (const identifier of ["", "a", "not an address@", "x".repeat(300), 42, { $ne: "" }]) {
      expect(await t.auth.requestPasswordReset({ identifier, ip: CLIENT.ip })).toEqual({
        ok: false,
        error: "identifier_invalid",
      });
    }
  });

  it("ML-05: a refused new password keeps the link; another purpose's token, a made-up one, or reuse do not work", async () => {
    const email = uniqueEmail("rules");
    const { username } = await newUser(email);
    await ask(username);
    const token = await resetToken(email, 1);
    for (const weak of ["short", "password123", `${username}-secret`]) {
      const refused = await t.auth.resetPassword({ token, newPassword: weak, client: CLIENT });
      expect(refused.ok ? null : refused.error).toMatch(/^password_/);
    }
    // A verification link (of another, unverified account) is no reset link.
    const pending = uniqueEmail("pending");
    await newUser(pending, { verify: false });
    const [verificationMail] = await waitForMail(pending);
    const verification = verificationMail ? linkIn(verificationMail, "http").split("#")[1] : "";
    for (const wrong of [verification, `${token}x`, "a.b", ""]) {
      expect(
        await t.auth.resetPassword({ token: wrong, newPassword: NEW_PASSWORD, client: CLIENT }),
      ).toEqual({ ok: false, error: "link_invalid" });
    }
    const reset = await t.auth.resetPassword({ token, newPassword: NEW_PASSWORD, client: CLIENT });
    expect(reset.ok).toBe(true);
    expect(
      await t.auth.resetPassword({ token, newPassword: "and another 77", client: CLIENT }),
    ).toEqual({ ok: false, error: "link_invalid" });
  });

  it("ML-05: a link mailed before a password change or an address change is void", async () => {
    const email = uniqueEmail("changes");
    const { username, user, token: session } = await newUser(email);
    const current = await t.auth.validateSessionToken(session);
    if (!current.session) throw new Error("no session");
    await ask(username);
    const beforePasswordChange = await resetToken(email, 1);
    const changed = await t.auth.changePassword({
      user,
      currentSessionId: current.session.id,
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      ip: CLIENT.ip,
    });
    expect(changed.ok).toBe(true);
    expect(
      await t.auth.resetPassword({
        token: beforePasswordChange,
        newPassword: "too late 1234",
        client: CLIENT,
      }),
    ).toEqual({ ok: false, error: "link_invalid" });

    await ask(username);
    const beforeAddressChange = await resetToken(email, 2);
    const moved = await t.auth.changeEmail({
      user,
      email: uniqueEmail("elsewhere"),
      currentPassword: NEW_PASSWORD,
      ip: CLIENT.ip,
    });
    expect(moved.ok).toBe(true);
    expect(
      await t.auth.resetPassword({
        token: beforeAddressChange,
        newPassword: "too late 1234",
        client: CLIENT,
      }),
    ).toEqual({ ok: false, error: "link_invalid" });
  });

  it("ML-05: a reset link expires after 30 minutes", async () => {
    const email = uniqueEmail("late");
    const { username } = await newUser(email);
    await ask(username);
    const token = await resetToken(email, 1);
    t.clock.advance(30 * MINUTE);
    expect(
      await t.auth.resetPassword({ token, newPassword: NEW_PASSWORD, client: CLIENT }),
    ).toEqual({ ok: false, error: "link_expired" });
  });

  it("of eight spending one link at once, exactly one sets its password", async () => {
    const email = uniqueEmail("race");
    const { username, user } = await newUser(email);
    await ask(username);
    const token = await resetToken(email, 1);
    const passwords = Array.from({ length: 8 }, (_, index) => `racing password ${String(index)}`);
    const results = await Promise.all(
      passwords.map((newPassword) => t.auth.resetPassword({ token, newPassword, client: CLIENT })),
    );
    const winners = results.flatMap((result, index) => (result.ok ? [passwords[index]] : []));
    expect(winners).toHaveLength(1);
    for (const result of results) if (!result.ok) expect(result.error).toMatch(/^link_|^busy$/);
    const login = await t.auth.logIn({ username, password: winners[0] ?? "", ...CLIENT });
    expect(login.ok).toBe(true);
    expect((await findUserById(t.database, user.id))?.username).toBe(username);
  });

  it("MF-08: a reset does not skip the second step of an account with an authenticator app", async () => {
    const email = uniqueEmail("two-factors");
    const { username, user, token: session } = await newUser(email);
    const current = await t.auth.validateSessionToken(session);
    const started = await t.auth.startAuthenticatorSetup(user);
    if (!started.ok || !current.session) throw new Error("set-up failed");
    const confirmed = await t.auth.confirmAuthenticatorSetup({
      user,
      code: authenticatorCode(started.secret, t.clock()),
      currentSessionId: current.session.id,
      ip: CLIENT.ip,
    });
    expect(confirmed.ok).toBe(true);
    t.clock.advance(60_000);

    await ask(username);
    const token = await resetToken(email, 1);
    const reset = await t.auth.resetPassword({ token, newPassword: NEW_PASSWORD, client: CLIENT });
    if (!reset.ok) throw new Error(reset.error);
    expect("token" in reset).toBe(false);
    if (!("pending" in reset)) throw new Error("signed in without the second step");
    // Every session ended, the one that turned the app on too.
    expect((await t.auth.validateSessionToken(session)).session).toBeNull();
    const headers = new Headers({ cookie: `pending=${reset.pending.token}` });
    const done = await t.auth.completeSignIn({
      headers,
      code: authenticatorCode(started.secret, t.clock()),
      client: CLIENT,
    });
    expect(done.ok ? done.session.method : done.error).toBe("password+totp");
  });
});
