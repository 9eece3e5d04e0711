// What every way of signing in shares: the sessions a request carried end (SF-09), and one
// user holds a bounded number of sessions (BF-08).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";

const PASSWORD = "correct horse 7";

describe("signing in", () => {
  let t: TestAuth;
  let users = 0;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "10000", MAX_SESSIONS_PER_USER: "5" } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function signUp(sessionTokens: string[] = []) {
    const username = `signer${String(++users)}`;
    const result = await t.auth.signUp({ username, password: PASSWORD, ...CLIENT, sessionTokens });
    if (!result.ok) throw new Error(result.error);
    return result;
  }
  const alive = async (token: string) =>
    (await t.auth.validateSessionToken(token)).session !== null;

  it("SF-09: signing up while signed in ends the session the request carried", async () => {
    const alice = await signUp();
    const bob = await signUp([alice.token]);
    expect(await alive(alice.token)).toBe(false);
    expect(await alive(bob.token)).toBe(true);
  });

  it("SF-09: signing in ends every genuine session the request carried, of anyone", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const carol = await signUp();
    const login = await t.auth.logIn({
      username: carol.user.username,
      password: PASSWORD,
      ...CLIENT,
      sessionTokens: [alice.token, "junk", bob.token],
    });
    expect(login.ok).toBe(true);
    expect(await alive(alice.token)).toBe(false);
    expect(await alive(bob.token)).toBe(false);
    expect(await alive(carol.token)).toBe(true);
  });

  it("BF-08: a user keeps at most MAX_SESSIONS_PER_USER sessions; the oldest end first", async () => {
    const first = await signUp();
    const tokens = [first.token];
    for (let index = 0; index < 7; index++) {
      t.clock.advance(1_000);
      const login = await t.auth.logIn({
        username: first.user.username,
        password: PASSWORD,
        ...CLIENT,
      });
      if (!login.ok) throw new Error(login.error);
      tokens.push(login.token);
    }
    const states = await Promise.all(tokens.map(alive));
    expect(states).toEqual([false, false, false, true, true, true, true, true]);
    expect(await t.auth.listSessions(first.user.id)).toHaveLength(5);
  });

  it("BF-08: many logins at once still leave at most the limit", async () => {
    const user = await signUp();
    const logins = await Promise.all(
      Array.from({ length: 24 }, () =>
        t.auth.logIn({ username: user.user.username, password: PASSWORD, ...CLIENT }),
      ),
    );
    // One account may hold only its share of the hashing slots: the rest are turned away busy.
    expect(logins.every((login) => login.ok || login.error === "busy")).toBe(true);
    expect(logins.filter((login) => login.ok).length).toBeGreaterThan(5);
    expect((await t.auth.listSessions(user.user.id)).length).toBeLessThanOrEqual(5);
  });
});
