import { setLocked } from "@monorepo-auth/db/user-admin";
import { findUserById, replacePassword } from "@monorepo-auth/db/users";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { issueMailToken, MAIL_TOKEN_LIFETIME_MS, redeemMailToken } from "./mail-token.ts";

const PASSWORD = "correct horse 7";
const MINUTE = 60_000;

describe("mail tokens (ML-01)", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "1000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function owner() {
    const signedUp = await t.auth.signUp({
      username: `reader${String(++users)}`,
      password: PASSWORD,
      ...CLIENT,
    });
    if (!signedUp.ok) throw new Error(signedUp.error);
    const user = await findUserById(t.database, signedUp.user.id);
    if (!user) throw new Error("no user");
    return { userId: user.id, securityStamp: user.securityStamp, email: "reader@example.com" };
  }
  const issue = async (purpose: "reset-password" | "verify-email" = "reset-password") => {
    const who = await owner();
    return { who, token: await issueMailToken(t.database, who, purpose, t.clock()) };
  };
  const redeem = (token: unknown, purpose: "reset-password" | "verify-email" = "reset-password") =>
    redeemMailToken(t.database, token, purpose, t.clock());

  it("is redeemed once, for its user and address; the database keeps no token", async () => {
    const { who, token } = await issue();
    const { connection } = await t.database.models();
    const stored = await connection.collection("mail_tokens").findOne({ userId: who.userId });
    expect(JSON.stringify(stored)).not.toContain(token.split(".")[1]);
    expect(await redeem(token)).toEqual({ ok: true, userId: who.userId, email: who.email });
    expect(await redeem(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("goes to exactly one of many redeeming it at once", async () => {
    const { token } = await issue();
    const results = await Promise.all(Array.from({ length: 12 }, () => redeem(token)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("is good for its purpose alone, and a try for another purpose does not spend it", async () => {
    const { token } = await issue("verify-email");
    expect(await redeem(token, "reset-password")).toEqual({ ok: false, reason: "invalid" });
    expect((await redeem(token, "verify-email")).ok).toBe(true);
  });

  it("refuses a wrong secret, a made-up id and foreign shapes, without spending the real one", async () => {
    const { token } = await issue();
    const [id, secret] = token.split(".") as [string, string];
    const flipped = `${id}.${secret.startsWith("A") ? "B" : "A"}${secret.slice(1)}`;
    for (const guess of [flipped, `${"A".repeat(22)}.${secret}`, { $ne: null }, `${token} `, ""]) {
      expect(await redeem(guess)).toEqual({ ok: false, reason: "invalid" });
    }
    expect((await redeem(token)).ok).toBe(true);
  });

  it("expires: a reset after 30 minutes, a verification after a day", async () => {
    expect(MAIL_TOKEN_LIFETIME_MS).toEqual({
      "reset-password": 30 * MINUTE,
      "verify-email": 24 * 60 * MINUTE,
    });
    const reset = await issue("reset-password");
    const verify = await issue("verify-email");
    t.clock.advance(30 * MINUTE);
    expect(await redeem(reset.token)).toEqual({ ok: false, reason: "expired" });
    expect((await redeem(verify.token, "verify-email")).ok).toBe(true);
  });

  it("only the newest link of a purpose works", async () => {
    const who = await owner();
    const first = await issueMailToken(t.database, who, "reset-password", t.clock());
    const second = await issueMailToken(t.database, who, "reset-password", t.clock());
    expect(await redeem(first)).toEqual({ ok: false, reason: "invalid" });
    expect((await redeem(second)).ok).toBe(true);
  });

  it("is void once the password changed or the account was locked after it was made", async () => {
    const changed = await issue();
    await replacePassword(t.database, changed.who.userId, {
      passwordHash: "$argon2id$changed",
      securityStamp: newSecurityStamp(),
    });
    expect(await redeem(changed.token)).toEqual({ ok: false, reason: "invalid" });

    const locked = await issue();
    // Locked with the stamp kept, so that the lock alone is what voids the token.
    await setLocked(t.database, locked.who.userId, {
      lockedAt: t.clock(),
      securityStamp: locked.who.securityStamp,
    });
    expect(await redeem(locked.token)).toEqual({ ok: false, reason: "invalid" });
  });
});
