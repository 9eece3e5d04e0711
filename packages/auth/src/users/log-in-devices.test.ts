// OWASP's device cookies (BF-07): strangers failing cannot lock an account's owner out of
// the browsers they signed in with before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import type { LogInInput } from "./log-in.ts";

const PASSWORD = "correct horse 7";
const NEW_PASSWORD = "battery staple 9";
const MINUTE = 60_000;

describe("BF-07: logIn with device tokens", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "1000" } });
  });
  afterAll(async () => {
    await t.close();
  });

  const attempt = (input: Partial<LogInInput> & { username: string }) =>
    t.auth.logIn({ password: PASSWORD, ...CLIENT, ...input });

  /** A new user, and the device token of the browser they signed in with. */
  async function owner(): Promise<{ username: string; device: string }> {
    const username = `owner${String(++users)}`;
    const signedUp = await t.auth.signUp({ username, password: PASSWORD, ...CLIENT });
    if (!signedUp.ok) throw new Error(signedUp.error);
    const login = await attempt({ username });
    if (!login.ok || !login.device) throw new Error("no device token issued");
    return { username, device: login.device.token };
  }

  async function lockOutStrangers(username: string): Promise<void> {
    for (let index = 0; index < 10; index++) await attempt({ username, password: "a-wrong-one" });
    expect(await attempt({ username })).toMatchObject({ error: "too_many_attempts" });
  }

  it("issues a device token at login, stored only as a hash, and none again while it is valid", async () => {
    const { username, device } = await owner();
    expect(device).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const { connection } = await t.database.models();
    const stored = await connection
      .collection("devices")
      .findOne({ _id: device.split(".")[0] as never });
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(device.split(".")[1]);

    const again = await attempt({ username, deviceToken: device });
    expect(again).toMatchObject({ ok: true, device: null });
  });

  it("lets the owner's known browser in while strangers are locked out", async () => {
    const { username, device } = await owner();
    await lockOutStrangers(username);
    expect((await attempt({ username, deviceToken: device })).ok).toBe(true);
    // Strangers are still locked out.
    expect(await attempt({ username })).toMatchObject({ error: "too_many_attempts" });
  });

  it("locks only the device token that failed ten times, not the account", async () => {
    const { username, device } = await owner();
    for (let index = 0; index < 10; index++) {
      expect(
        await attempt({ username, password: "a-wrong-one", deviceToken: device }),
      ).toMatchObject({ error: "invalid_credentials" });
    }
    expect(await attempt({ username, deviceToken: device })).toMatchObject({
      error: "too_many_attempts",
    });
    // Another browser, or a stranger: not locked by the device's failures.
    expect((await attempt({ username })).ok).toBe(true);
    t.clock.advance(15 * MINUTE);
    expect((await attempt({ username, deviceToken: device })).ok).toBe(true);
  });

  it("does not vouch for another account, and a forged or unknown token counts as none", async () => {
    const alice = await owner();
    const bob = await owner();
    await lockOutStrangers(bob.username);
    expect(await attempt({ username: bob.username, deviceToken: alice.device })).toMatchObject({
      error: "too_many_attempts",
    });
    const [id] = bob.device.split(".");
    const forged = `${id ?? ""}.${"A".repeat(43)}`;
    expect(await attempt({ username: bob.username, deviceToken: forged })).toMatchObject({
      error: "too_many_attempts",
    });
    expect((await attempt({ username: bob.username, deviceToken: bob.device })).ok).toBe(true);
  });

  it("stops vouching once the password changed: every device proves itself again", async () => {
    const { username, device } = await owner();
    const signedIn = await attempt({ username, deviceToken: device });
    if (!signedIn.ok) throw new Error("login failed");
    const changed = await t.auth.changePassword({
      user: signedIn.user,
      currentSessionId: signedIn.session.id,
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      ip: CLIENT.ip,
    });
    expect(changed.ok).toBe(true);
    await lockOutStrangers(username);
    expect(await attempt({ username, password: NEW_PASSWORD, deviceToken: device })).toMatchObject({
      error: "too_many_attempts",
    });
  });

  it("refuses an expired device token", async () => {
    const { username, device } = await owner();
    t.clock.advance(181 * 24 * 60 * MINUTE);
    await lockOutStrangers(username);
    expect(await attempt({ username, deviceToken: device })).toMatchObject({
      error: "too_many_attempts",
    });
  });

  it("keeps at most 20 devices per account, forgetting the oldest", async () => {
    const { username, device: first } = await owner();
    for (let index = 0; index < 20; index++) {
      t.clock.advance(1_000);
      await attempt({ username });
    }
    const { connection } = await t.database.models();
    const signedUp = await connection.collection("users").findOne({ username });
    expect(await connection.collection("devices").countDocuments({ userId: signedUp?._id })).toBe(
      20,
    );
    await lockOutStrangers(username);
    expect(await attempt({ username, deviceToken: first })).toMatchObject({
      error: "too_many_attempts",
    });
  });
});
