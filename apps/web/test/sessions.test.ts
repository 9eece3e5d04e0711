// The session's life across both apps, seen from web: signing out on either app (LO-01,
// LO-02), logging in again (SF-02), and expiry and its refresh, with the session
// document edited directly as time passing would leave it (EX-01, EX-02, EX-04).
import { clearsSessionCookie, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { cookieAttributes, postForm } from "@monorepo-auth/testing/http";
import { logIn, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionDocument, setSessionTimes } from "@monorepo-auth/testing/stored-sessions";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DAY_MS, get, HOUR_MS, me, startApps } from "./support/apps.ts";

let apps: TestApps<"landing" | "web">;

beforeAll(async () => {
  apps = await startApps();
});

afterAll(async () => {
  await apps.stop();
});

const loginUrl = (path: string) => `${apps.landing.url}/login?returnTo=${encodeURIComponent(path)}`;

/** Checks that `token` opens nothing on either app any more, and that both say so. */
async function expectRejectedEverywhere(token: string): Promise<void> {
  const [apiMe, home, account, landingLogin] = await Promise.all([
    get(`${apps.web.url}/api/me`, token),
    get(`${apps.web.url}/`, token),
    get(`${apps.web.url}/account`, token),
    get(`${apps.landing.url}/login`, token),
  ]);
  expect(apiMe.status).toBe(401);
  expect(JSON.parse(apiMe.body)).toStrictEqual({ error: "unauthenticated" });
  expect(clearsSessionCookie(apiMe)).toBe(true);

  expect(home.status).toBe(303);
  expect(home.location).toBe(loginUrl("/"));
  expect(home.body).not.toContain("Hello,");
  expect(clearsSessionCookie(home)).toBe(true);
  expect(account.status).toBe(303);
  expect(account.location).toBe(loginUrl("/account"));

  // Landing shows its login form instead of sending the person on to web.
  expect(landingLogin.status).toBe(200);
  expect(landingLogin.body).toMatch(/<form\b[^>]*action="\/api\/login"/);
  expect(clearsSessionCookie(landingLogin)).toBe(true);
}

/** Checks that `token` is signed in as `person` on both apps. */
async function expectAccepted(token: string, person: SignedIn): Promise<void> {
  expect(await me(apps, token)).toMatchObject({
    status: 200,
    body: { user: { username: person.username } },
  });
  const landingLogin = await get(`${apps.landing.url}/login`, token);
  expect(landingLogin.status).toBe(303);
  expect(landingLogin.location).toBe(`${apps.web.url}/`);
}

/** The Max-Age the response gives the session cookie, or null if it does not set it. */
function maxAgeSet(lines: string[]): number | null {
  const [line] = lines;
  if (lines.length !== 1 || line === undefined) return null;
  return Number(cookieAttributes(line)["max-age"]);
}

describe("LO-02: signing out on web", () => {
  it("ends the session for both apps, clears the cookie and goes to landing", async () => {
    const alice = await signUp(apps, { prefix: "lo02" });
    const bob = await signUp(apps, { prefix: "lo02b" });
    const result = await postForm(
      `${apps.web.url}/api/logout`,
      {},
      { cookie: `session=${alice.token}` },
    );
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${apps.landing.url}/`);
    expect(clearsSessionCookie(result)).toBe(true);
    expect(result.headers.get("cache-control")).toContain("no-store");

    expect(await sessionDocument(apps, alice.sessionId)).toBeNull();
    await expectRejectedEverywhere(alice.token);
    // Nobody else was signed out.
    await expectAccepted(bob.token, bob);
  });

  it("a second sign-out with the old cookie changes nothing and still clears it", async () => {
    const alice = await signUp(apps, { prefix: "lo02c" });
    const other = await logIn(apps, alice);
    const first = await postForm(
      `${apps.web.url}/api/logout`,
      {},
      { cookie: `session=${alice.token}` },
    );
    expect(first.status).toBe(303);
    const again = await postForm(
      `${apps.web.url}/api/logout`,
      {},
      { cookie: `session=${alice.token}` },
    );
    expect(again.status).toBe(303);
    expect(clearsSessionCookie(again)).toBe(true);
    // Only the session of that cookie ended: the same person's other one lives on.
    await expectAccepted(other.token, other);
  });
});

describe("LO-01: signing out on landing", () => {
  it("the old cookie is rejected on web at once", async () => {
    const alice = await signUp(apps, { prefix: "lo01" });
    expect(await me(apps, alice.token)).toMatchObject({ status: 200 });
    const result = await postForm(
      `${apps.landing.url}/api/logout`,
      {},
      {
        cookie: `session=${alice.token}`,
      },
    );
    expect(result.status).toBe(303);
    expect(clearsSessionCookie(result)).toBe(true);
    expect(await sessionDocument(apps, alice.sessionId)).toBeNull();
    await expectRejectedEverywhere(alice.token);
  });
});

describe("SF-02: logging in again while signed in", () => {
  it("issues a new token, and the old one no longer opens web", async () => {
    const alice = await signUp(apps, { prefix: "sf02" });
    const again = await logIn(apps, alice, { token: alice.token });
    expect(again.token).not.toBe(alice.token);
    expect(again.sessionId).not.toBe(alice.sessionId);
    expect(await sessionDocument(apps, alice.sessionId)).toBeNull();
    await expectRejectedEverywhere(alice.token);
    await expectAccepted(again.token, again);
  });
});

describe("EX-01 / EX-04: expired sessions", () => {
  it("EX-01: a session whose expiresAt has passed is rejected by both apps at once", async () => {
    const alice = await signUp(apps, { prefix: "ex01" });
    await expectAccepted(alice.token, alice);
    await setSessionTimes(apps, alice.sessionId, { expiresAt: new Date(Date.now() - 1_000) });
    await expectRejectedEverywhere(alice.token);
  });

  it("EX-04: a session created more than 30 days ago is rejected, whatever its expiresAt", async () => {
    const alice = await signUp(apps, { prefix: "ex04" });
    const now = Date.now();
    await setSessionTimes(apps, alice.sessionId, {
      createdAt: new Date(now - 31 * DAY_MS),
      lastVerifiedAt: new Date(now - 10 * 60_000),
      expiresAt: new Date(now + 13 * DAY_MS),
    });
    await expectRejectedEverywhere(alice.token);
    expect(await sessionDocument(apps, alice.sessionId)).toBeNull();
  });

  it("EX-04: one just under 30 days old still works", async () => {
    const alice = await signUp(apps, { prefix: "ex04b" });
    const now = Date.now();
    await setSessionTimes(apps, alice.sessionId, {
      createdAt: new Date(now - 30 * DAY_MS + HOUR_MS),
      lastVerifiedAt: new Date(now - 10 * 60_000),
      expiresAt: new Date(now + HOUR_MS),
    });
    await expectAccepted(alice.token, alice);
  });

  it("a session idle for longer than 14 days is rejected", async () => {
    const alice = await signUp(apps, { prefix: "idle" });
    const now = Date.now();
    const lastVerifiedAt = new Date(now - 14 * DAY_MS - 60_000);
    await setSessionTimes(apps, alice.sessionId, {
      createdAt: new Date(now - 20 * DAY_MS),
      lastVerifiedAt,
      expiresAt: new Date(lastVerifiedAt.getTime() + 14 * DAY_MS),
    });
    await expectRejectedEverywhere(alice.token);
  });
});

describe("EX-02: a session due a refresh", () => {
  /** Makes the session look last verified two hours ago, its expiry consistent with that. */
  async function ageByTwoHours(person: SignedIn): Promise<Date> {
    const lastVerifiedAt = new Date(Date.now() - 2 * HOUR_MS);
    await setSessionTimes(apps, person.sessionId, {
      lastVerifiedAt,
      expiresAt: new Date(lastVerifiedAt.getTime() + 14 * DAY_MS),
    });
    return lastVerifiedAt;
  }

  const FOURTEEN_DAYS_S = (14 * DAY_MS) / 1000;

  async function expectRefreshedAt(person: SignedIn, before: number): Promise<void> {
    const stored = await sessionDocument(apps, person.sessionId);
    expect(stored?.lastVerifiedAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(stored?.lastVerifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(stored?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * DAY_MS - 60_000);
  }

  // Landing's pages send a signed-in visitor on to the web app.
  it.each([
    ["web's /", 200, (url: { web: string; landing: string }) => `${url.web}/`],
    ["web's /account", 200, (url: { web: string; landing: string }) => `${url.web}/account`],
    ["web's /api/me", 200, (url: { web: string; landing: string }) => `${url.web}/api/me`],
    ["landing's /login", 303, (url: { web: string; landing: string }) => `${url.landing}/login`],
    ["landing's /", 303, (url: { web: string; landing: string }) => `${url.landing}/`],
  ])(
    "the next request to %s re-sends the cookie for 14 more days and moves lastVerifiedAt",
    async (_label, status, target) => {
      const alice = await signUp(apps, { prefix: "ex02" });
      await ageByTwoHours(alice);
      const before = Date.now();
      const result = await get(
        target({ web: apps.web.url, landing: apps.landing.url }),
        alice.token,
      );
      expect(result.status).toBe(status);
      const lines = sessionCookieLines(result);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`session=${alice.token};`);
      const maxAge = maxAgeSet(lines);
      expect(maxAge).toBeGreaterThan(FOURTEEN_DAYS_S - 60);
      expect(maxAge).toBeLessThanOrEqual(FOURTEEN_DAYS_S);
      await expectRefreshedAt(alice, before);

      // Refreshed once: the request right after leaves both the cookie and the document alone.
      const stored = await sessionDocument(apps, alice.sessionId);
      const next = await get(target({ web: apps.web.url, landing: apps.landing.url }), alice.token);
      expect(sessionCookieLines(next)).toEqual([]);
      expect((await sessionDocument(apps, alice.sessionId))?.lastVerifiedAt).toEqual(
        stored?.lastVerifiedAt,
      );
    },
  );

  it("a session verified less than an hour ago is not re-sent", async () => {
    const alice = await signUp(apps, { prefix: "ex02b" });
    const lastVerifiedAt = new Date(Date.now() - 30 * 60_000);
    await setSessionTimes(apps, alice.sessionId, {
      lastVerifiedAt,
      expiresAt: new Date(lastVerifiedAt.getTime() + 14 * DAY_MS),
    });
    for (const path of ["/", "/api/me"]) {
      const result = await get(`${apps.web.url}${path}`, alice.token);
      expect(result.status).toBe(200);
      expect(sessionCookieLines(result)).toEqual([]);
    }
    expect((await sessionDocument(apps, alice.sessionId))?.lastVerifiedAt).toEqual(lastVerifiedAt);
  });

  it("a refresh near the 30-day limit re-sends the cookie only up to that limit", async () => {
    const alice = await signUp(apps, { prefix: "ex02c" });
    const now = Date.now();
    const createdAt = new Date(now - 29 * DAY_MS);
    const lastVerifiedAt = new Date(now - 2 * HOUR_MS);
    await setSessionTimes(apps, alice.sessionId, {
      createdAt,
      lastVerifiedAt,
      expiresAt: new Date(createdAt.getTime() + 30 * DAY_MS),
    });
    const result = await get(`${apps.web.url}/`, alice.token);
    expect(result.status).toBe(200);
    const maxAge = maxAgeSet(sessionCookieLines(result));
    expect(maxAge).toBeGreaterThan(DAY_MS / 1000 - 60);
    expect(maxAge).toBeLessThanOrEqual(DAY_MS / 1000);
  });
});
