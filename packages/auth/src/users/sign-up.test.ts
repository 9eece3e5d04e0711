import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CLIENT, createTestAuth, type TestAuth } from "../../test/support.ts";

const PASSWORD = "correct horse 7";

describe("signUp", () => {
  let t: TestAuth;
  // A limiter that refuses every hash: any test using it proves no hashing happened.
  let noHashing: TestAuth;
  beforeAll(() => {
    // These tests all come from one IP; the IP budget has tests of its own below.
    const env = { IP_ATTEMPT_LIMIT: "1000" };
    t = createTestAuth({ env });
    noHashing = createTestAuth({ env, hashLimits: { concurrency: 0, maxQueued: 0 } });
  });
  afterAll(async () => {
    await t.close();
    await noHashing.close();
  });

  async function storedUser(username: string) {
    const { connection } = await t.database.models();
    return connection.collection("users").findOne({ username });
  }

  it("creates the user with an argon2id hash and signs them in", async () => {
    const result = await t.auth.signUp({ username: "Alice", password: PASSWORD, ...CLIENT });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.username).toBe("alice");
    expect((await t.auth.validateSessionToken(result.token)).user).toEqual(result.user);

    const doc = await storedUser("alice");
    expect(Object.keys(doc ?? {}).sort()).toEqual(
      ["_id", "createdAt", "passwordHash", "securityStamp", "updatedAt", "username"].sort(),
    );
    expect(doc?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[^$]+\$[^$]+$/);
    expect(JSON.stringify(doc)).not.toContain(PASSWORD);
  });

  it("salts every hash: two users with one password get different hashes (PW-11)", async () => {
    await t.auth.signUp({ username: "twin-one", password: PASSWORD, ...CLIENT });
    await t.auth.signUp({ username: "twin-two", password: PASSWORD, ...CLIENT });
    const [one, two] = [await storedUser("twin-one"), await storedUser("twin-two")];
    const parts = (hash: unknown) => String(hash).split("$");
    expect(parts(one?.passwordHash)[4]).not.toBe(parts(two?.passwordHash)[4]);
    expect(parts(one?.passwordHash)[5]).not.toBe(parts(two?.passwordHash)[5]);
  });

  it.each([
    ["<img src=x onerror=alert(1)>", "username_invalid"],
    ["ab", "username_invalid"],
    ["a".repeat(32), "username_invalid"],
  ])("refuses username %s before any hashing", async (username, error) => {
    const result = await noHashing.auth.signUp({ username, password: PASSWORD, ...CLIENT });
    expect(result).toEqual({ ok: false, error });
  });

  it.each([
    ["7 code points", "vq8#Lm2", "password_too_short"],
    ["257 code points", "x".repeat(257), "password_too_long"],
    ["10,000 characters", "x".repeat(10_000), "password_too_long"],
    ["a common password", "password1234", "password_common"],
    ["the username inside", "my-Bobby-pass-99", "password_contains_username"],
  ])("refuses a password with %s before any hashing", async (_label, password, error) => {
    const result = await noHashing.auth.signUp({ username: "bobby", password, ...CLIENT });
    expect(result).toEqual({ ok: false, error });
    expect(await storedUser("bobby")).toBeNull();
  });

  it("accepts 8 code points", async () => {
    const result = await t.auth.signUp({ username: "eight", password: "vq8#Lm2!", ...CLIENT });
    expect(result.ok).toBe(true);
  });

  it("treats NFKC-equivalent passwords as the same password", async () => {
    const fullWidth = "ｃｏｒｒｅｃｔ ｈｏｒｓｅ ７";
    expect((await t.auth.signUp({ username: "wide", password: fullWidth, ...CLIENT })).ok).toBe(
      true,
    );
    const login = await t.auth.logIn({
      username: "wide",
      password: PASSWORD,
      ...CLIENT,
    });
    expect(login.ok).toBe(true);
  });

  it("never truncates: a 100-character password does not match its first 72 (PW-04)", async () => {
    const long = "Tr0ub4dor&3-".repeat(9).slice(0, 100);
    await t.auth.signUp({ username: "longpass", password: long, ...CLIENT });
    const login = (password: string) => t.auth.logIn({ username: "longpass", password, ...CLIENT });
    expect((await login(long.slice(0, 72))).ok).toBe(false);
    expect((await login(long)).ok).toBe(true);
  });

  it("gives a contested name to exactly one of 20 concurrent sign-ups (RL-07)", async () => {
    const results = await Promise.all(
      // Twenty clients of their own: one address may hold only its share of the hashing.
      Array.from({ length: 20 }, (_, index) =>
        t.auth.signUp({
          username: "racer",
          password: PASSWORD,
          ...CLIENT,
          ip: `198.51.100.${String(index + 1)}`,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(
      results.filter((result) => !result.ok && result.error === "username_taken"),
    ).toHaveLength(19);
    const { connection } = await t.database.models();
    expect(await connection.collection("users").countDocuments({ username: "racer" })).toBe(1);
  });

  it("treats names that differ only in case or width as one name", async () => {
    const names = ["Mixed", "mixed", "MIXED", "ｍｉｘｅｄ", "MiXeD"];
    const results = await Promise.all(
      names.flatMap((username) =>
        [1, 2, 3, 4].map((client) =>
          t.auth.signUp({
            username,
            password: PASSWORD,
            ...CLIENT,
            ip: `198.51.101.${String(client)}`,
          }),
        ),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.every((result) => result.ok || result.error === "username_taken")).toBe(true);
  });

  it("says a name is taken (usernames are public handles)", async () => {
    await t.auth.signUp({ username: "taken", password: PASSWORD, ...CLIENT });
    const again = await t.auth.signUp({ username: "TAKEN", password: PASSWORD, ...CLIENT });
    expect(again).toEqual({ ok: false, error: "username_taken" });
  });
});

describe("signUp with a per-IP budget", () => {
  let t: TestAuth;
  beforeAll(() => {
    t = createTestAuth({ env: { IP_ATTEMPT_LIMIT: "3", IP_ATTEMPT_WINDOW_MINUTES: "10" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses the attempt over budget with a wait, counts IPv6 by /64, and frees up after the window", async () => {
    const ip = "2001:db8:aa:bb::1";
    for (let index = 0; index < 3; index++) {
      const result = await t.auth.signUp({
        username: `ipv6-${String(index)}`,
        password: PASSWORD,
        ip: `2001:db8:aa:bb::${String(index + 1)}`,
        userAgent: null,
        sessionTokens: [],
        deviceToken: null,
      });
      expect(result.ok).toBe(true);
    }
    const refused = await t.auth.signUp({
      username: "ipv6-x",
      password: PASSWORD,
      ip,
      userAgent: null,
      sessionTokens: [],
      deviceToken: null,
    });
    expect(refused).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 600 });

    const elsewhere = await t.auth.signUp({
      username: "ipv6-y",
      password: PASSWORD,
      ip: "2001:db8:aa:bc::1",
      userAgent: null,
      sessionTokens: [],
      deviceToken: null,
    });
    expect(elsewhere.ok).toBe(true);

    t.clock.advance(10 * 60_000);
    const later = await t.auth.signUp({
      username: "ipv6-x",
      password: PASSWORD,
      ip,
      userAgent: null,
      sessionTokens: [],
      deviceToken: null,
    });
    expect(later.ok).toBe(true);
  });
});

describe("signUp with the breached-password check", () => {
  const fakeApi =
    (respond: (prefix: string) => Response | Promise<Response>): typeof fetch =>
    (input) =>
      Promise.resolve(
        respond((input instanceof URL ? input.href : JSON.stringify(input)).slice(-5)),
      );

  it("refuses a password found in breaches", async () => {
    // SHA-1("correct horse 7") is looked up by prefix; answer with its own suffix.
    const { createHash } = await import("node:crypto");
    const digest = createHash("sha1").update(PASSWORD).digest("hex").toUpperCase();
    const t = createTestAuth({
      env: { BREACHED_PASSWORD_CHECK: "true" },
      fetch: fakeApi(
        () => new Response(`0000000000000000000000000000000000A:0\n${digest.slice(5)}:42\n`),
      ),
    });
    try {
      const result = await t.auth.signUp({ username: "breached", password: PASSWORD, ...CLIENT });
      expect(result).toEqual({ ok: false, error: "password_breached" });
    } finally {
      await t.close();
    }
  });

  it("lets the password through when the service is down", async () => {
    const t = createTestAuth({
      env: { BREACHED_PASSWORD_CHECK: "true" },
      fetch: fakeApi(() => new Response("", { status: 503 })),
    });
    try {
      const result = await t.auth.signUp({ username: "outage", password: PASSWORD, ...CLIENT });
      expect(result.ok).toBe(true);
    } finally {
      await t.close();
    }
  });
});
