// Throttling on landing with its default budgets: an account locks after 10 failed logins
// (BF-01); an address gets 30 sign-ups and failed logins per 10 minutes (BF-03), counted by
// the socket's address when no proxy is trusted, whatever X-Forwarded-For says (BF-04); and
// a throttled request is answered without hashing, and fast (BF-06); guesses sent at once
// get no more than the budget's remaining failures (BF-09).
import { sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import type { HttpResult } from "@monorepo-auth/testing/http";
import { authEvents } from "@monorepo-auth/testing/logs";
import { logInAttempt, PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { median } from "@monorepo-auth/testing/statistics";
import { uniqueIp, uniqueUsername } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertMessage } from "./support/html.ts";
import { post, startLanding, type Landing } from "./support/landing.ts";
import { verificationCpuMs, withServerCpu } from "./support/work.ts";

const WRONG = "not the right password";
const IP_LIMIT = 30;
/** A sanity bound on how long a throttled login takes (median); the hash left out is proved. */
const THROTTLED_MEDIAN_MS = 50;

/** Behind one trusted proxy: each client's address is its X-Forwarded-For entry. */
let proxied: Landing;
/** Trusting no proxy: the address is the socket's (127.0.0.1 for every test request). */
let direct: Landing;

beforeAll(async () => {
  [proxied, direct] = await Promise.all([startLanding(), startLanding({ trustProxy: false })]);
});
afterAll(async () => {
  await Promise.all([proxied.stop(), direct.stop()]);
});

function retryAfter(result: HttpResult): number {
  return Number(result.headers.get("retry-after"));
}

function expectThrottled(result: HttpResult, minSeconds: number, maxSeconds: number): void {
  expect(result.status).toBe(429);
  expect(sessionCookieLines(result)).toEqual([]);
  expect(retryAfter(result)).toBeGreaterThanOrEqual(minSeconds);
  expect(retryAfter(result)).toBeLessThanOrEqual(maxSeconds);
}

describe("per account", () => {
  it("BF-09: guesses sent at once get no more than the budget's remaining failures", async () => {
    const person = await signUp(proxied);
    for (let attempt = 1; attempt <= 6; attempt++) {
      const result = await logInAttempt(proxied, { username: person.username, password: WRONG });
      expect(result.status, `attempt ${attempt}`).toBe(400);
    }
    const burst = await Promise.all(
      Array.from({ length: 9 }, (_, index) =>
        logInAttempt(proxied, { username: person.username, password: `${WRONG} ${index}` }),
      ),
    );
    const statuses = burst.map((result) => result.status);
    // 400: a guess was checked; 429: refused before hashing; 503: the queue had no room.
    expect(statuses.every((status) => [400, 429, 503].includes(status))).toBe(true);
    expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(4);
    expectThrottled(await logInAttempt(proxied, person), 880, 900);
  });

  it("BF-01: the 11th wrong password in a row → 429 with Retry-After ≈ 900 s; the right one is refused too", async () => {
    const person = await signUp(proxied);
    // Every attempt from another address: the account, not an address, is what locks.
    for (let attempt = 1; attempt <= 10; attempt++) {
      const result = await logInAttempt(proxied, { username: person.username, password: WRONG });
      expect(result.status, `attempt ${attempt}`).toBe(400);
    }
    const eleventh = await logInAttempt(proxied, { username: person.username, password: WRONG });
    expectThrottled(eleventh, 880, 900);
    expect(alertMessage(eleventh.body)).toBe(
      "Too many attempts. Please wait before trying again. You can try again in 15 minutes.",
    );

    const right = await logInAttempt(proxied, person, { headers: { accept: "application/json" } });
    expectThrottled(right, 880, 900);
    expect(JSON.parse(right.body)).toEqual({ error: "too_many_attempts" });

    // In any case of the username: the lock is on the account.
    const shouting = await logInAttempt(proxied, {
      ...person,
      username: person.username.toUpperCase(),
    });
    expectThrottled(shouting, 880, 900);

    // Other accounts are not affected.
    const other = await signUp(proxied);
    expect((await logInAttempt(proxied, other)).status).toBe(303);
  });

  it("a success before the limit clears the account's failures", async () => {
    const person = await signUp(proxied);
    for (let attempt = 0; attempt < 9; attempt++) {
      expect((await logInAttempt(proxied, { ...person, password: WRONG })).status).toBe(400);
    }
    expect((await logInAttempt(proxied, person)).status).toBe(303);
    for (let attempt = 0; attempt < 9; attempt++) {
      expect((await logInAttempt(proxied, { ...person, password: WRONG })).status).toBe(400);
    }
    expect((await logInAttempt(proxied, person)).status).toBe(303);
  });

  it("BF-06: a request on a locked account is answered without hashing, and fast", async () => {
    const locked = await signUp(proxied);
    // Each run of attempts is costed as a whole: the kernel counts CPU time in 10 ms ticks.
    const failures = await withServerCpu(proxied, async () => {
      for (let attempt = 0; attempt < 10; attempt++) {
        expect((await logInAttempt(proxied, { ...locked, password: WRONG })).status).toBe(400);
      }
    });
    const throttledTimes: number[] = [];
    const refused = await withServerCpu(proxied, async () => {
      for (let attempt = 0; attempt < 9; attempt++) {
        const result = await logInAttempt(proxied, locked);
        expect(result.status).toBe(429);
        throttledTimes.push(result.ms);
      }
    });

    // A throttled login does more database work than a failed one (its attempt is recorded,
    // ranked, then taken back), so only a hash left out can make it cost the server at least
    // half an argon2 verification less.
    const verification = await verificationCpuMs();
    const saved = (failures.cpuMs / 10 - refused.cpuMs / 9) / verification;
    expect(
      saved,
      `a throttled login costs ${saved.toFixed(2)} verifications less than a failed one (one is ${verification.toFixed(1)} ms of CPU)`,
    ).toBeGreaterThan(0.5);
    expect(median(throttledTimes)).toBeLessThan(THROTTLED_MEDIAN_MS);

    // The log tells the story: 10 failures were checked against the hash; the 9 later
    // attempts, right password and all, were refused before any hash was verified.
    const events = authEvents(proxied.app.logs()).filter(
      (event) => event.username === locked.username,
    );
    expect(events.filter((event) => event.type === "login_failed")).toHaveLength(10);
    const throttled = events.filter((event) => event.type === "login_throttled");
    expect(throttled).toHaveLength(9);
    for (const event of throttled) expect(event.reason).toBe("account");
    expect(events.some((event) => event.type === "login_succeeded")).toBe(false);
  });
});

describe("per address", () => {
  it("BF-03: 40 failed logins on different accounts from one address → 429 after 30", async () => {
    const ip = uniqueIp();
    const usernames = Array.from({ length: 40 }, () => uniqueUsername("spray"));
    const statuses: number[] = [];
    const throttledTimes: number[] = [];
    for (const username of usernames) {
      const result = await logInAttempt(proxied, { username, password: PASSWORD }, { ip });
      statuses.push(result.status);
      if (result.status === 429) {
        expectThrottled(result, 500, 600);
        throttledTimes.push(result.ms);
      }
    }
    expect(statuses).toEqual([
      ...Array<number>(IP_LIMIT).fill(400),
      ...Array<number>(40 - IP_LIMIT).fill(429),
    ]);

    // The address may not sign up or log in either; another address may.
    const person = await signUp(proxied);
    expectThrottled(await logInAttempt(proxied, person, { ip }), 500, 600);
    expectThrottled(
      await post(
        proxied,
        "/api/signup",
        { username: uniqueUsername(), password: PASSWORD },
        { ip },
      ),
      500,
      600,
    );
    expect((await logInAttempt(proxied, person)).status).toBe(303);

    // BF-06 for the address budget: fast, and no hash was verified for the refused ones.
    expect(median(throttledTimes)).toBeLessThan(THROTTLED_MEDIAN_MS);
    const events = authEvents(proxied.app.logs());
    for (const [index, username] of usernames.entries()) {
      const mine = events.filter((event) => event.username === username);
      const expected = index < IP_LIMIT ? "login_failed" : "login_throttled";
      expect(
        mine.map((event) => event.type),
        username,
      ).toEqual([expected]);
      expect(mine[0]?.ip).toBe(ip);
      if (index >= IP_LIMIT) expect(mine[0]?.reason).toBe("ip");
    }
  });

  it("sign-ups spend the same budget: the 31st from one address → 429", async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let index = 0; index < IP_LIMIT + 1; index++) {
      const result = await post(
        proxied,
        "/api/signup",
        { username: uniqueUsername("bulk"), password: PASSWORD },
        { ip },
      );
      statuses.push(result.status);
    }
    expect(statuses).toEqual([...Array<number>(IP_LIMIT).fill(303), 429]);
  });

  it("successful logins do not spend the budget", async () => {
    const ip = uniqueIp();
    const person = await signUp(proxied, {}, { ip });
    for (let index = 0; index < IP_LIMIT + 5; index++) {
      expect((await logInAttempt(proxied, person, { ip })).status).toBe(303);
    }
  });

  it("BF-04: without a trusted proxy a rotating X-Forwarded-For does not escape the budget", async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 40; index++) {
      const result = await logInAttempt(
        direct,
        { username: uniqueUsername("rotate"), password: PASSWORD },
        { ip: uniqueIp() },
      );
      statuses.push(result.status);
      if (result.status === 429) expectThrottled(result, 500, 600);
    }
    expect(statuses).toEqual([
      ...Array<number>(IP_LIMIT).fill(400),
      ...Array<number>(40 - IP_LIMIT).fill(429),
    ]);
    // The address on record is the socket's, not the header's.
    const addresses = new Set(
      authEvents(direct.app.logs())
        .filter((event) => event.type.startsWith("login_"))
        .map((event) => event.ip),
    );
    expect([...addresses]).toEqual(["127.0.0.1"]);
    // Nor does a list of addresses in the header help.
    const listed = await logInAttempt(
      direct,
      { username: uniqueUsername("rotate"), password: PASSWORD },
      { ip: `${uniqueIp()}, ${uniqueIp()}` },
    );
    expect(listed.status).toBe(429);
  });

  it("behind one trusted proxy, only the last X-Forwarded-For entry counts", async () => {
    const ip = uniqueIp();
    for (let index = 0; index < IP_LIMIT; index++) {
      const result = await logInAttempt(
        proxied,
        { username: uniqueUsername("spoof"), password: PASSWORD },
        { ip: `${uniqueIp()}, ${ip}` },
      );
      expect(result.status).toBe(400);
    }
    // A client-written entry in front changes nothing: the proxy's entry is the address.
    const refused = await logInAttempt(
      proxied,
      { username: uniqueUsername("spoof"), password: PASSWORD },
      { ip: `${uniqueIp()}, ${ip}` },
    );
    expectThrottled(refused, 500, 600);
  });
});
