import { findUserById, replacePassword } from "@monorepo-auth/db/users";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";

const PASSWORD = "correct horse 7";
const HOUR = 60 * 60_000;

describe("email verification (ML-02)", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "1000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function newUser(): Promise<string> {
    const result = await t.auth.signUp({
      username: `mailer${String(++users)}`,
      password: PASSWORD,
      ...CLIENT,
    });
    if (!result.ok) throw new Error(result.error);
    return result.user.id;
  }
  /** The token the verification mail links to, read from the link's fragment. */
  async function start(userId: string, email: string): Promise<string> {
    const started = await t.auth.startEmailVerification({ userId, email });
    if (!started.ok) throw new Error(started.error);
    const link = /https?:\/\/\S+/.exec(started.mail.text)?.[0] ?? "";
    expect(link.startsWith(`${t.auth.settings.landingOrigin}/verify-email#`)).toBe(true);
    return link.split("#")[1] ?? "";
  }

  it("mails a link to the canonical address; following it verifies the address, once", async () => {
    const userId = await newUser();
    const started = await t.auth.startEmailVerification({ userId, email: " Ada@Example.COM " });
    if (!started.ok) throw new Error(started.error);
    expect(started.mail.to).toBe("Ada@example.com");
    expect(await findUserById(t.database, userId)).toMatchObject({
      email: "Ada@example.com",
      emailVerifiedAt: null,
    });
    const token = await start(userId, "Ada@example.com");
    expect(await t.auth.verifyEmail(token)).toEqual({
      ok: true,
      userId,
      email: "Ada@example.com",
    });
    expect((await findUserById(t.database, userId))?.emailVerifiedAt).toEqual(t.clock());
    expect(await t.auth.verifyEmail(token)).toEqual({ ok: false, error: "link_invalid" });
  });

  it("refuses what is not an address, and holds nothing for an unverified one", async () => {
    const userId = await newUser();
    expect(await t.auth.startEmailVerification({ userId, email: "not an address" })).toEqual({
      ok: false,
      error: "email_invalid",
    });
    // Two accounts may type the same address; the first to follow its link gets it.
    const other = await newUser();
    const mine = await start(userId, "shared@example.com");
    const theirs = await start(other, "SHARED@example.com");
    expect((await t.auth.verifyEmail(theirs)).ok).toBe(true);
    expect(await t.auth.verifyEmail(mine)).toEqual({ ok: false, error: "email_taken" });
  });

  it("a link for an address since replaced, or after a password change, is not valid", async () => {
    const userId = await newUser();
    const old = await start(userId, "first@example.com");
    await start(userId, "second@example.com");
    expect(await t.auth.verifyEmail(old)).toEqual({ ok: false, error: "link_invalid" });

    const before = await start(userId, "third@example.com");
    await replacePassword(t.database, userId, {
      passwordHash: "$argon2id$changed",
      securityStamp: newSecurityStamp(),
    });
    expect(await t.auth.verifyEmail(before)).toEqual({ ok: false, error: "link_invalid" });
  });

  it("expires after a day", async () => {
    const userId = await newUser();
    const token = await start(userId, "late@example.com");
    t.clock.advance(24 * HOUR);
    expect(await t.auth.verifyEmail(token)).toEqual({ ok: false, error: "link_expired" });
  });

  it("changing a verified address gives the old one up for others", async () => {
    const first = await newUser();
    expect((await t.auth.verifyEmail(await start(first, "moving@example.com"))).ok).toBe(true);
    await start(first, "moved@example.com");
    const second = await newUser();
    expect((await t.auth.verifyEmail(await start(second, "moving@example.com"))).ok).toBe(true);
  });
});
