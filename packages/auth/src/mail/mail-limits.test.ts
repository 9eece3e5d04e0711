// How many mails go out (ML-09), and what a failing mail server changes (ML-11): never the
// answer to someone who may not own the account, and only a signed-in owner is told.
import { linkIn, mailTo, waitForMail } from "@monorepo-auth/testing/mailpit";
import { uniqueEmail } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import type { SessionUser } from "../session/session.ts";
import { MAIL_BUDGETS } from "./mail-throttle.ts";

const PASSWORD = "correct horse 7";
const HOUR = 60 * 60_000;

let ips = 0;
/** A client address of its own, so that only the budget under test is spent. */
const freshIp = () => `198.51.100.${String(++ips % 250)}`;

describe("mail budgets (ML-09)", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ mail: true, env: { IP_ATTEMPT_LIMIT: "1000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function newUser(email?: string): Promise<SessionUser> {
    const result = await t.auth.signUp({
      username: `flooded${String(++users)}`,
      password: PASSWORD,
      ...CLIENT,
      ip: freshIp(),
    });
    if (!result.ok) throw new Error(result.error);
    if (email) {
      const changed = await t.auth.changeEmail({
        user: result.user,
        email,
        currentPassword: PASSWORD,
        ip: freshIp(),
      });
      if (!changed.ok) throw new Error(changed.error);
      const [mail] = await waitForMail(email);
      const verified = await t.auth.verifyEmail(mail ? linkIn(mail, "http").split("#")[1] : "");
      if (!verified.ok) throw new Error(verified.error);
    }
    return result.user;
  }

  async function ask(identifier: string, ip = freshIp(), deviceToken: string | null = null) {
    const result = await t.auth.requestPasswordReset({ identifier, ip, deviceToken });
    if (result.ok) await result.sending;
    return result;
  }

  it(`at most ${String(MAIL_BUDGETS.account.limit)} mails an hour reach one account, and the answer never changes`, async () => {
    const email = uniqueEmail("account-flood");
    const user = await newUser(email);
    const limit = MAIL_BUDGETS.account.limit;
    // Adding the address spent one of the hour's mails.
    for (let index = 0; index < limit + 3; index++) {
      expect((await ask(user.username)).ok).toBe(true);
    }
    expect(await mailTo(email)).toHaveLength(limit);
    expect(t.events.some((event) => event.type === "mail_throttled")).toBe(true);
    t.clock.advance(HOUR);
    await ask(user.username);
    await waitForMail(email, { count: limit + 1 });
  });

  it("strangers who spend an account's budget do not keep its owner's browser from a link", async () => {
    const email = uniqueEmail("owner");
    const user = await newUser(email);
    const login = await t.auth.logIn({
      username: user.username,
      password: PASSWORD,
      ...CLIENT,
      ip: freshIp(),
    });
    const deviceToken = login.ok ? (login.device?.token ?? null) : null;
    expect(deviceToken).not.toBeNull();
    const limit = MAIL_BUDGETS.account.limit;
    for (let index = 0; index < limit + 2; index++) await ask(user.username);
    expect(await mailTo(email)).toHaveLength(limit);
    // A forged or foreign device token is a stranger's.
    await ask(user.username, freshIp(), "forged.token");
    expect(await mailTo(email)).toHaveLength(limit);
    await ask(user.username, freshIp(), deviceToken);
    await waitForMail(email, { count: limit + 1 });
  });

  it(`at most ${String(MAIL_BUDGETS.recipient.limit)} mails a day reach one address, whichever accounts ask`, async () => {
    const victim = uniqueEmail("victim");
    const limit = MAIL_BUDGETS.recipient.limit;
    const answers: string[] = [];
    for (let index = 0; index < limit + 2; index++) {
      const user = await newUser();
      const changed = await t.auth.changeEmail({
        user,
        email: victim,
        currentPassword: PASSWORD,
        ip: freshIp(),
      });
      answers.push(changed.ok ? "sent" : changed.error);
    }
    expect(answers.slice(0, limit)).toEqual(Array<string>(limit).fill("sent"));
    expect(answers.slice(limit)).toEqual(["too_many_attempts", "too_many_attempts"]);
    // Sign-ups naming the address are held back silently.
    const signup = await t.auth.signUp({
      username: `flooded${String(++users)}`,
      password: PASSWORD,
      email: victim,
      ...CLIENT,
      ip: freshIp(),
    });
    if (!signup.ok) throw new Error(signup.error);
    await signup.sending;
    expect(await mailTo(victim)).toHaveLength(limit);
  });

  it(`one address may ask ${String(MAIL_BUDGETS.ip.limit)} resets an hour, known accounts or not`, async () => {
    const ip = "192.0.2.200";
    const limit = MAIL_BUDGETS.ip.limit;
    for (let index = 0; index < limit; index++) {
      expect((await ask(`nobody-${String(index)}`, ip)).ok).toBe(true);
    }
    const refused = await ask("nobody-else", ip);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe("a failing mail server (ML-11)", () => {
  let t: TestAuth;
  const logged: string[] = [];
  beforeAll(() => {
    // Nothing listens on port 1: every mail is refused at once.
    t = createTestAuth({
      env: { IP_ATTEMPT_LIMIT: "1000", SMTP_URL: "smtp://mailer:hunter2@127.0.0.1:1" },
      onMailError: (error) => logged.push(error instanceof Error ? error.message : String(error)),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it("leaves every answer as it was; only the signed-in owner is told, and the log names the server only", async () => {
    const email = uniqueEmail("down");
    const signup = await t.auth.signUp({
      username: "mail-is-down",
      password: PASSWORD,
      email,
      ...CLIENT,
    });
    if (!signup.ok) throw new Error(signup.error);
    await signup.sending;

    const asked = await t.auth.requestPasswordReset({ identifier: "mail-is-down", ip: CLIENT.ip });
    expect(Object.keys(asked).sort()).toEqual(["ok", "sending"]);

    const { user } = signup;
    expect(await t.auth.resendVerification({ user, ip: CLIENT.ip })).toEqual({
      ok: false,
      error: "mail_unavailable",
    });
    expect(
      await t.auth.changeEmail({
        user,
        email: uniqueEmail("down-too"),
        currentPassword: PASSWORD,
        ip: CLIENT.ip,
      }),
    ).toMatchObject({ ok: true, delivery: "failed" });

    expect(t.events.filter((event) => event.type === "mail_failed").length).toBeGreaterThanOrEqual(
      3,
    );
    expect(logged.length).toBeGreaterThanOrEqual(3);
    for (const line of logged) {
      expect(line).toContain("smtp://127.0.0.1:1");
      expect(line).not.toContain("hunter2");
      expect(line).not.toContain(email);
      expect(line).not.toMatch(/#[A-Za-z0-9_-]{10,}/);
    }
  });
});
