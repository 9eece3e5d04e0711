// A signed-in user's address: changed only with the password, the old address told, the
// new one unverified until its link is followed (ML-10); sent again on request.
import { findUserById } from "@monorepo-auth/db/users";
import { linkIn, mailTo, waitForMail } from "@monorepo-auth/testing/mailpit";
import { uniqueEmail } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import type { SessionUser } from "../session/session.ts";

const PASSWORD = "correct horse 7";
const VERIFY_SUBJECT = /^Verify your email address/;

describe("the account's address", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ mail: true, env: { IP_ATTEMPT_LIMIT: "1000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function newUser(): Promise<SessionUser> {
    const result = await t.auth.signUp({
      username: `holder${String(++users)}`,
      password: PASSWORD,
      ...CLIENT,
    });
    if (!result.ok) throw new Error(result.error);
    return result.user;
  }

  const change = (user: SessionUser, email: string, currentPassword = PASSWORD) =>
    t.auth.changeEmail({ user, email, currentPassword, ip: CLIENT.ip });

  /** Follows the newest verification link mailed to `email`. */
  async function verify(email: string, count = 1) {
    const [mail] = await waitForMail(email, { count, subject: VERIFY_SUBJECT });
    if (!mail) throw new Error("no mail");
    const token = linkIn(mail, `${t.auth.settings.landingOrigin}/verify-email#`).split("#")[1];
    return t.auth.verifyEmail(token);
  }

  it("ML-10: needs the password; a wrong one changes nothing and mails nothing", async () => {
    const user = await newUser();
    const email = uniqueEmail("stolen-session");
    expect(await change(user, email, "not my password")).toEqual({
      ok: false,
      error: "current_password_wrong",
    });
    expect(await t.auth.accountEmail(user.id)).toBeNull();
    expect(await mailTo(email)).toEqual([]);
    expect(await change(user, "not an address")).toEqual({ ok: false, error: "email_invalid" });
  });

  it("ML-10: a new address is unverified until its link is followed; the old one is told and given up", async () => {
    const user = await newUser();
    const first = uniqueEmail("first");
    expect(await change(user, ` ${first} `)).toEqual({ ok: true, email: first, delivery: "sent" });
    expect(await t.auth.accountEmail(user.id)).toEqual({ address: first, verified: false });
    expect((await verify(first)).ok).toBe(true);
    expect(await t.auth.accountEmail(user.id)).toEqual({ address: first, verified: true });
    expect(await change(user, first.toUpperCase().replace("@EXAMPLE.COM", "@example.com"))).toEqual(
      { ok: false, error: "email_unchanged" },
    );

    const second = uniqueEmail("second");
    expect((await change(user, second)).ok).toBe(true);
    expect(await t.auth.accountEmail(user.id)).toEqual({ address: second, verified: false });
    const [notice] = await waitForMail(first, { subject: /email address .* was changed$/ });
    expect(notice?.text).toContain("was changed");
    expect(notice?.text).not.toContain(second);

    // The old address is free: another account may verify it now.
    const other = await newUser();
    expect((await change(other, first)).ok).toBe(true);
    expect((await verify(first, 2)).ok).toBe(true);
  });

  it("ML-10: an address verified by another account cannot be taken by typing it", async () => {
    const owner = await newUser();
    const address = uniqueEmail("owned");
    await change(owner, address);
    expect((await verify(address)).ok).toBe(true);

    const attacker = await newUser();
    expect((await change(attacker, address)).ok).toBe(true);
    // The link goes to the owner's mailbox; even followed, the address stays the owner's.
    expect(await verify(address, 2)).toEqual({ ok: false, error: "email_taken" });
    expect(await t.auth.accountEmail(owner.id)).toEqual({ address, verified: true });
    expect(await t.auth.accountEmail(attacker.id)).toEqual({ address, verified: false });
    // And a reset asked by that address reaches the owner's account only.
    const asked = await t.auth.requestPasswordReset({ identifier: address, ip: CLIENT.ip });
    if (!asked.ok) throw new Error(asked.error);
    await asked.sending;
    const [reset] = await waitForMail(address, { subject: /^Reset your/ });
    const token = reset ? linkIn(reset, "http").split("#")[1] : "";
    const done = await t.auth.resetPassword({
      token,
      newPassword: "owner's new secret",
      client: CLIENT,
    });
    expect(done.ok ? done.user.id : done.error).toBe(owner.id);
  });

  it("sends the link again for an unverified address, and only then", async () => {
    const user = await newUser();
    expect(await t.auth.resendVerification({ user, ip: CLIENT.ip })).toEqual({
      ok: false,
      error: "nothing_to_verify",
    });
    const email = uniqueEmail("again");
    await change(user, email);
    expect(await t.auth.resendVerification({ user, ip: CLIENT.ip })).toEqual({ ok: true, email });
    const mails = await waitForMail(email, { count: 2, subject: VERIFY_SUBJECT });
    expect(mails).toHaveLength(2);
    // Only the newest link works.
    const [newest, older] = mails;
    const tokenOf = (mail: typeof newest) => (mail ? linkIn(mail, "http").split("#")[1] : "");
    expect(await t.auth.verifyEmail(tokenOf(older))).toEqual({ ok: false, error: "link_invalid" });
    expect((await t.auth.verifyEmail(tokenOf(newest))).ok).toBe(true);
    expect(await t.auth.resendVerification({ user, ip: CLIENT.ip })).toEqual({
      ok: false,
      error: "nothing_to_verify",
    });
  });

  it("an address given at sign-up is set unverified, and its link mailed after the answer", async () => {
    const email = uniqueEmail("signup");
    const result = await t.auth.signUp({
      username: `holder${String(++users)}`,
      password: PASSWORD,
      email: `  ${email}`,
      ...CLIENT,
    });
    if (!result.ok) throw new Error(result.error);
    expect((await findUserById(t.database, result.user.id))?.email).toBe(email);
    await result.sending;
    expect((await verify(email)).ok).toBe(true);
    for (const bad of ["nope", "a@b", "@example.com"]) {
      const refused = await t.auth.signUp({
        username: `holder${String(++users)}`,
        password: PASSWORD,
        email: bad,
        ...CLIENT,
      });
      expect(refused).toEqual({ ok: false, error: "email_invalid" });
    }
  });

  it("SIGNUP_EMAIL=required refuses a sign-up without an address", async () => {
    const strict = createTestAuth({ mail: true, env: { SIGNUP_EMAIL: "required" } });
    try {
      const input = { username: "no-address", password: PASSWORD, ...CLIENT };
      expect(await strict.auth.signUp(input)).toEqual({ ok: false, error: "email_required" });
      expect(await strict.auth.signUp({ ...input, email: "  " })).toEqual({
        ok: false,
        error: "email_required",
      });
      const given = await strict.auth.signUp({ ...input, email: uniqueEmail("required") });
      expect(given.ok).toBe(true);
    } finally {
      await strict.close();
    }
  });
});
