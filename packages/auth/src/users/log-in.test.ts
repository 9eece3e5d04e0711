import { hash } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";
import { ACCOUNT_FAILURE_LIMIT } from "../throttle/throttle.ts";
import type { LogInInput } from "./log-in.ts";

const PASSWORD = "correct horse 7";
const MINUTE = 60_000;

describe("logIn", () => {
  let t: TestAuth;
  let noHashing: TestAuth;
  let users = 0;
  beforeAll(() => {
    const env = { IP_ATTEMPT_LIMIT: "1000" };
    t = createTestAuth({ env });
    // A second instance on the same database that refuses every hash: whatever it answers
    // other than "busy" was decided before hashing.
    noHashing = createTestAuth({ env, shareWith: t, hashLimits: { concurrency: 0, maxQueued: 0 } });
  });
  afterAll(async () => {
    await noHashing.close();
    await t.close();
  });

  async function newUser(): Promise<{ username: string; token: string }> {
    const username = `member${String(++users)}`;
    const result = await t.auth.signUp({ username, password: PASSWORD, ...CLIENT });
    if (!result.ok) throw new Error(result.error);
    return { username, token: result.token };
  }
  const attempt = (input: Partial<LogInInput> & { username: string }, on = t) =>
    on.auth.logIn({ password: PASSWORD, ...CLIENT, ...input });

  it("signs in with the right password, whatever the case of the username", async () => {
    const { username } = await newUser();
    const result = await attempt({ username: username.toUpperCase() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((await t.auth.validateSessionToken(result.token)).user?.username).toBe(username);
  });

  it("fails an unknown user and a wrong password in exactly the same way (EN-01)", async () => {
    const { username } = await newUser();
    const wrong = await attempt({ username, password: "not the password" });
    const unknown = await attempt({ username: "nobody-here", password: "not the password" });
    expect(wrong).toEqual({ ok: false, error: "invalid_credentials" });
    expect(unknown).toEqual(wrong);
  });

  it("does the same work for both: each verifies a hash (a limiter refusing all hashing says busy to both)", async () => {
    await newUser();
    const { username } = await newUser();
    expect(await attempt({ username, password: "not the password" }, noHashing)).toEqual({
      ok: false,
      error: "busy",
    });
    expect(await attempt({ username: "nobody-here", password: "x-not-it" }, noHashing)).toEqual({
      ok: false,
      error: "busy",
    });
  });

  it.each([
    { label: "an invalid username", input: { username: "<script>" } },
    { label: "an operator object", input: { username: { $ne: "" } as unknown as string } },
    { label: "an empty password", input: { username: "member1", password: "" } },
    {
      label: "a 10,000-character password",
      input: { username: "member1", password: "x".repeat(10_000) },
    },
  ])("refuses $label as wrong credentials, without hashing", async ({ input }) => {
    expect(await attempt(input, noHashing)).toEqual({ ok: false, error: "invalid_credentials" });
  });

  it("issues a fresh token and never adopts one the client brings (SF-01)", async () => {
    const { username } = await newUser();
    const planted = `${"A".repeat(22)}.${"B".repeat(43)}`;
    const result = await attempt({ username, sessionTokens: [planted] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.token).not.toBe(planted);
    const { connection } = await t.database.models();
    expect(
      await connection.collection("sessions").findOne({ _id: "A".repeat(22) as never }),
    ).toBeNull();
  });

  it("ends the session the request already carried when logging in again (SF-02)", async () => {
    const { username, token: old } = await newUser();
    const result = await attempt({ username, sessionTokens: [old] });
    expect(result.ok).toBe(true);
    expect((await t.auth.validateSessionToken(old)).session).toBeNull();
  });

  it("locks the account after 10 failures: the 11th is refused, the right password too, until the window passes (BF-01)", async () => {
    const { username } = await newUser();
    for (let index = 0; index < 10; index++) {
      expect(await attempt({ username, password: `wrong-${String(index)}-x` })).toEqual({
        ok: false,
        error: "invalid_credentials",
      });
    }
    expect(await attempt({ username, password: "wrong-again" })).toEqual({
      ok: false,
      error: "too_many_attempts",
      retryAfterSeconds: 15 * 60,
    });
    expect((await attempt({ username })).ok).toBe(false);
    // Refused before any hashing: the instance that cannot hash says "throttled", not "busy".
    expect(await attempt({ username }, noHashing)).toMatchObject({ error: "too_many_attempts" });

    t.clock.advance(15 * MINUTE);
    expect((await attempt({ username })).ok).toBe(true);
  });

  it("locks unknown usernames the same way, so locking reveals nothing", async () => {
    for (let index = 0; index < 10; index++)
      await attempt({ username: "ghost", password: "nope-nope" });
    expect(await attempt({ username: "ghost", password: "nope-nope" })).toMatchObject({
      error: "too_many_attempts",
    });
  });

  it("forgets the failures after a successful login", async () => {
    const { username } = await newUser();
    for (let index = 0; index < 9; index++) await attempt({ username, password: "wrong-pass" });
    expect((await attempt({ username })).ok).toBe(true);
    for (let index = 0; index < 9; index++) await attempt({ username, password: "wrong-pass" });
    expect((await attempt({ username })).ok).toBe(true);
  });

  it("gives a busy server's attempt back, so load cannot lock an account", async () => {
    const { username } = await newUser();
    for (let index = 0; index < 15; index++) {
      expect(await attempt({ username }, noHashing)).toEqual({ ok: false, error: "busy" });
    }
    expect((await attempt({ username })).ok).toBe(true);
  });

  it("rehashes a password stored with older parameters", async () => {
    const { connection } = await t.database.models();
    const old = await hash(PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await connection.collection("users").insertOne({
      _id: "legacy-user" as never,
      username: "legacy",
      passwordHash: old,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await connection
      .collection("usernames")
      .insertOne({ _id: "legacy" as never, userId: "legacy-user", createdAt: new Date() });
    expect((await attempt({ username: "legacy" })).ok).toBe(true);
    const stored = await connection.collection("users").findOne({ username: "legacy" });
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await attempt({ username: "legacy" })).ok).toBe(true);
  });

  it("records events with time, IP and canonical username, and never a secret", async () => {
    const { username } = await newUser();
    await attempt({ username: username.toUpperCase(), password: "wrong-secret-123" });
    const result = await attempt({ username });
    expect(result.ok).toBe(true);
    const failed = t.events.findLast((event) => event.type === "login_failed");
    expect(failed).toMatchObject({ username, ip: CLIENT.ip, reason: "invalid_credentials" });
    expect(failed?.time).toMatch(/^\d{4}-\d\d-\d\dT/);

    const log = JSON.stringify(t.events);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain("wrong-secret-123");
    expect(log).not.toContain("$argon2");
    if (!result.ok) return;
    expect(log).not.toContain(result.token);
    expect(log).not.toContain(result.token.split(".")[1]);
  });
});

describe("logIn with a per-IP budget", () => {
  it("refuses the client after its budget, whichever accounts it tries (BF-03)", async () => {
    const t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "5" } });
    try {
      const results = [];
      for (let index = 0; index < 7; index++) {
        results.push(
          await t.auth.logIn({
            username: `target${String(index)}`,
            password: "guess-guess",
            ...CLIENT,
          }),
        );
      }
      expect(
        results.slice(0, 5).every((result) => !result.ok && result.error === "invalid_credentials"),
      ).toBe(true);
      expect(results.slice(5)).toEqual([
        { ok: false, error: "too_many_attempts", retryAfterSeconds: 600 },
        { ok: false, error: "too_many_attempts", retryAfterSeconds: 600 },
      ]);
    } finally {
      await t.close();
    }
  });
});

describe("logIn guessed at once (BF-09)", () => {
  // Failures are counted before the hash and written only when a login fails, so logins
  // hashing at once have not failed yet when the next one counts. One address or account
  // holds at most SHARE places in an instance's hashing queue, held from before it counts.
  const SHARE = 9;
  const limits = { concurrency: 2, maxQueued: 32, maxPerKey: SHARE };
  const env = { IP_ATTEMPT_LIMIT: "1000" };
  let first: TestAuth;
  let second: TestAuth;
  beforeAll(() => {
    first = createTestAuth({ env, hashLimits: limits });
    second = createTestAuth({ env, hashLimits: limits, shareWith: first });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  async function spentAccount(name: string, failures: number): Promise<void> {
    const signedUp = await first.auth.signUp({ username: name, password: PASSWORD, ...CLIENT });
    if (!signedUp.ok) throw new Error(signedUp.error);
    for (let index = 0; index < failures; index++) {
      await first.auth.logIn({ username: name, password: "wrong-pass", ...CLIENT });
    }
  }
  const guesses = (on: TestAuth, username: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, index) =>
        on.auth.logIn({ username, password: `guess-${String(index)}`, ...CLIENT }),
      ),
    );
  const errors = (results: { ok: boolean; error?: string }[]) =>
    results.map((result) => (result.ok ? "ok" : result.error));

  it("one instance lets exactly the budget's remaining guesses through, however many come at once", async () => {
    await spentAccount("burst1", 6);
    const results = errors(await guesses(first, "burst1", SHARE));
    expect(results.filter((error) => error === "invalid_credentials")).toHaveLength(4);
    // The rest wait for those in flight: "busy", not yet "too many attempts".
    expect(results.filter((error) => error === "busy")).toHaveLength(SHARE - 4);
    expect(
      errors([await first.auth.logIn({ username: "burst1", password: PASSWORD, ...CLIENT })]),
    ).toEqual(["too_many_attempts"]);
  });

  it("beyond its share, an account's logins are told busy before anything is read", async () => {
    await spentAccount("burst2", 0);
    const results = errors(await guesses(first, "burst2", SHARE + 5));
    expect(results.filter((error) => error === "busy")).toHaveLength(5);
    expect(results.filter((error) => error === "invalid_credentials")).toHaveLength(SHARE);
  });

  it("two instances overshoot by at most one instance's share (the bound docs/security.md states)", async () => {
    await spentAccount("burst3", 6);
    const [a, b] = await Promise.all([
      guesses(first, "burst3", SHARE),
      guesses(second, "burst3", SHARE),
    ]);
    const wrong = [...errors(a), ...errors(b)].filter((error) => error === "invalid_credentials");
    // Each instance alone stops at the budget's remaining 4.
    expect(wrong.length).toBeGreaterThanOrEqual(4);
    expect(wrong.length).toBeLessThanOrEqual(4 + 4);
    expect(6 + wrong.length).toBeLessThanOrEqual(ACCOUNT_FAILURE_LIMIT + SHARE);
    // Spent for good afterwards, on both.
    for (const on of [first, second]) {
      expect(
        errors([await on.auth.logIn({ username: "burst3", password: PASSWORD, ...CLIENT })]),
      ).toEqual(["too_many_attempts"]);
    }
  });
});
