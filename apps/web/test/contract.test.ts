// Web's HTTP contract, against the production build and the real database: the pages and
// routes a signed-in and a signed-out browser see, the headers on them, the cookie shared
// with landing (CK-03), methods other than POST on /api/logout (CS-13), junk cookies
// (SF-05), and what the HTML and RSC payloads must never carry.
import { createHash } from "node:crypto";

import {
  clearsSessionCookie,
  cookieHeader,
  sessionCookieLines,
} from "@monorepo-auth/testing/auth-cookies";
import { request, type HttpResult } from "@monorepo-auth/testing/http";
import { logIn, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionDocument, storedSecretHash } from "@monorepo-auth/testing/stored-sessions";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, me, pageText, startApps } from "./support/apps.ts";

let apps: TestApps<"landing" | "web">;
let alice: SignedIn;

beforeAll(async () => {
  apps = await startApps();
  alice = await signUp(apps, { prefix: "alice" });
});

afterAll(async () => {
  await apps.stop();
});

const loginUrl = (path: string) => `${apps.landing.url}/login?returnTo=${encodeURIComponent(path)}`;

/** The nonce in the CSP's script-src, or null. */
function cspNonce(result: HttpResult): string | null {
  const csp = result.headers.get("content-security-policy") ?? "";
  return /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? null;
}

describe("GET / and GET /account signed in", () => {
  it("/ answers 200, greets the user by name and has a sign-out form posting to /api/logout", async () => {
    const result = await get(`${apps.web.url}/`, alice.token);
    expect(result.status).toBe(200);
    expect(pageText(result.body)).toContain(`Hello, ${alice.username}`);
    expect(result.body).toMatch(
      /<form\b(?=[^>]*\baction="\/api\/logout")(?=[^>]*\bmethod="post")/i,
    );
  });

  it.each(["/", "/account"])(
    "%s is not cacheable and carries a CSP whose nonce is on every script",
    async (path) => {
      const result = await get(`${apps.web.url}${path}`, alice.token);
      expect(result.status).toBe(200);
      expect(result.headers.get("cache-control")).toContain("no-store");
      const nonce = cspNonce(result);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const csp = result.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      const scripts = [...result.body.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${String(nonce)}"`);
    },
  );

  it("uses a fresh nonce for every response", async () => {
    const [first, second] = await Promise.all([
      get(`${apps.web.url}/`, alice.token),
      get(`${apps.web.url}/`, alice.token),
    ]);
    expect(cspNonce(first)).not.toBeNull();
    expect(cspNonce(first)).not.toBe(cspNonce(second));
  });
});

describe("pages signed out", () => {
  it.each([
    ["/", "/"],
    ["/account", "/account"],
    ["/account?tab=sessions&x=%2F", "/account?tab=sessions&x=%2F"],
  ])("%s without a cookie is a 303 to landing's login, returning there", async (path, returnTo) => {
    const result = await get(`${apps.web.url}${path}`);
    expect(result.status).toBe(303);
    expect(result.location).toBe(loginUrl(returnTo));
    expect(result.body).not.toContain("Hello,");
  });

  it.each(["/", "/account"])(
    "%s with a dead cookie is a 303 to landing's login that clears the cookie",
    async (path) => {
      const dead = "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
      const result = await get(`${apps.web.url}${path}`, dead);
      expect(result.status).toBe(303);
      expect(result.location).toBe(loginUrl(path));
      expect(clearsSessionCookie(result)).toBe(true);
      expect(result.body).not.toContain("Hello,");
    },
  );
});

describe("GET /api/me", () => {
  it("answers 200 with exactly the user's id and username, not cacheable", async () => {
    const result = await get(`${apps.web.url}/api/me`, alice.token);
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^application\/json/);
    expect(result.headers.get("cache-control")).toContain("no-store");
    const stored = await sessionDocument(apps, alice.sessionId);
    expect(JSON.parse(result.body)).toStrictEqual({
      user: { id: stored?.userId, username: alice.username },
    });
    expect(stored?.userId).toEqual(expect.any(String));
  });

  it("answers 401 unauthenticated without a cookie, and sets none", async () => {
    const result = await get(`${apps.web.url}/api/me`);
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toStrictEqual({ error: "unauthenticated" });
    expect(result.headers.get("cache-control")).toContain("no-store");
    expect(result.setCookies).toEqual([]);
  });

  it("answers 401 to a dead cookie and clears it", async () => {
    const dead = `${alice.sessionId}.${"A".repeat(43)}`;
    const result = await get(`${apps.web.url}/api/me`, dead);
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toStrictEqual({ error: "unauthenticated" });
    expect(clearsSessionCookie(result)).toBe(true);
    // A wrong secret for a real id must not end (or reveal) the real session.
    expect((await me(apps, alice.token)).status).toBe(200);
  });
});

describe("CS-13: /api/logout takes only POST", () => {
  it.each(["GET", "PUT", "PATCH", "DELETE"])(
    "%s answers 405 with Allow: POST and leaves the session alive",
    async (method) => {
      const person = await signUp(apps, { prefix: "cs13" });
      const result = await request(`${apps.web.url}/api/logout`, {
        method,
        cookie: cookieHeader(person.token),
        headers: { origin: apps.web.url, "sec-fetch-site": "same-origin" },
      });
      expect(result.status).toBe(405);
      expect(result.headers.get("allow")).toBe("POST");
      expect(sessionCookieLines(result)).toEqual([]);
      expect(result.location).toBeNull();
      expect(await me(apps, person.token)).toMatchObject({ status: 200 });
      expect(await sessionDocument(apps, person.sessionId)).not.toBeNull();
    },
  );
});

describe("CK-03: one cookie for both apps", () => {
  it("a cookie from landing's sign-up opens web, and landing still accepts it afterwards", async () => {
    const person = await signUp(apps, { prefix: "ck03" });
    const home = await get(`${apps.web.url}/`, person.token);
    expect(home.status).toBe(200);
    expect(pageText(home.body)).toContain(`Hello, ${person.username}`);
    expect(await me(apps, person.token)).toMatchObject({
      status: 200,
      body: { user: { username: person.username } },
    });

    const login = await get(`${apps.landing.url}/login`, person.token);
    expect(login.status).toBe(303);
    expect(login.location).toBe(`${apps.web.url}/`);
    expect(clearsSessionCookie(login)).toBe(false);
    expect(await me(apps, person.token)).toMatchObject({ status: 200 });
  });

  it("a cookie from landing's login opens web too", async () => {
    const person = await signUp(apps, { prefix: "ck03b" });
    const again = await logIn(apps, person);
    expect((await get(`${apps.web.url}/account`, again.token)).status).toBe(200);
  });
});

describe("SF-05: junk cookies", () => {
  const junk = [
    ["x", "x"],
    ["4 KB of a", "a".repeat(4_096)],
    ["an operator object", '{"$ne":null}'],
  ] as const;

  it.each(junk)("%s on / is a quick redirect to login that clears it", async (_label, value) => {
    const result = await request(`${apps.web.url}/`, { cookie: cookieHeader(value) });
    expect(result.status).toBe(303);
    expect(result.location).toBe(loginUrl("/"));
    expect(clearsSessionCookie(result)).toBe(true);
    expect(result.ms).toBeLessThan(1_000);
  });

  it.each(junk)("%s on /api/me is a quick 401 that clears it", async (_label, value) => {
    const result = await request(`${apps.web.url}/api/me`, { cookie: cookieHeader(value) });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toStrictEqual({ error: "unauthenticated" });
    expect(clearsSessionCookie(result)).toBe(true);
    expect(result.ms).toBeLessThan(1_000);
  });

  it("a junk cookie next to other cookies does not break the page", async () => {
    const result = await request(`${apps.web.url}/account`, {
      cookie: `theme=dark; ${cookieHeader('{"$ne":null}')}; lang=en`,
    });
    expect(result.status).toBe(303);
    expect(result.location).toBe(loginUrl("/account"));
    expect(clearsSessionCookie(result)).toBe(true);
  });
});

describe("what pages never carry", () => {
  /** The page as HTML, or as the RSC payload a client-side navigation fetches. */
  async function fetchPage(path: string, token: string, rsc: boolean): Promise<HttpResult> {
    const headers: Record<string, string> = rsc ? { rsc: "1" } : {};
    let result = await get(`${apps.web.url}${path}`, token, headers);
    // Next answers an RSC request without its cache-busting `_rsc` parameter with a 307
    // to the same page with it, as the client router would have asked.
    if (rsc && result.status === 307 && result.location?.includes("_rsc")) {
      result = await get(new URL(result.location, apps.web.url).href, token, headers);
    }
    return result;
  }

  it.each([
    ["/", false],
    ["/", true],
    ["/account", false],
    ["/account", true],
  ])("%s (RSC %s) holds no token, secret, hash or hash field name", async (path, rsc) => {
    const person = await signUp(apps, { prefix: "leak" });
    const other = await logIn(apps, person);
    const result = await fetchPage(path, person.token, rsc);
    expect(result.status).toBe(200);
    if (rsc) expect(result.headers.get("content-type")).toContain("text/x-component");
    // The payload really is the signed-in page, so the checks below look at real data.
    expect(result.body).toContain(person.username);

    const { User } = await apps.database.models();
    const user = await User.findOne({ username: person.username }).lean().exec();
    expect(user?.passwordHash).toMatch(/^\$argon2/);
    const forbidden = [person.token, person.secret, other.token, other.secret];
    for (const session of [person, other]) {
      const hashes = [
        await storedSecretHash(apps, session.sessionId),
        createHash("sha256").update(session.secret).digest(),
      ];
      expect(hashes[0]?.equals(hashes[1] ?? Buffer.alloc(0))).toBe(true);
      for (const hash of hashes) {
        expect(hash).toHaveLength(32);
        forbidden.push(hash.toString("hex"), hash.toString("base64"), hash.toString("base64url"));
      }
    }
    forbidden.push(user?.passwordHash ?? "$argon2", "secretHash", "passwordHash", "$argon2");
    for (const value of forbidden) expect(result.body).not.toContain(value);
  });
});
