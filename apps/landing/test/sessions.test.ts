// Session tokens on landing: never adopted from the client (SF-01), replaced at every login
// (SF-02), junk cookies cleared fast (SF-05), unique and stored only as a hash (SF-06), seen
// only in Set-Cookie (CK-04), and dead after logout (LO-01).
import { createHash, randomBytes } from "node:crypto";

import { clearsSessionCookie, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import type { HttpResult } from "@monorepo-auth/testing/http";
import { logIn, signUp, tokenParts, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionDocuments, sessionExists } from "@monorepo-auth/testing/stored-sessions";
import { landingAccepts } from "@monorepo-auth/testing/token-accepted";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { expectNoStackTrace } from "./support/html.ts";
import { get, post, startLanding, type Landing } from "./support/landing.ts";

/** How many tokens SF-06 mints, each by a real sign-up or login (half a minute on two cores). */
const TOKENS = 1_000;

let landing: Landing;
/** Every token any test of this file was given, for CK-04. */
const minted: SignedIn[] = [];

beforeAll(async () => {
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "1000" } });
});
afterAll(async () => {
  await landing.stop();
});

async function newPerson(): Promise<SignedIn> {
  const person = await signUp(landing);
  minted.push(person);
  return person;
}

async function again(person: SignedIn, token?: string): Promise<SignedIn> {
  const next = await logIn(landing, person, token === undefined ? {} : { token });
  minted.push(next);
  return next;
}

/** A token of the right shape that the server never issued. */
function plantedToken(): string {
  return `${randomBytes(16).toString("base64url")}.${randomBytes(32).toString("base64url")}`;
}

/** A page request with a cookie the server must not accept: signed out, cookie cleared. */
function expectSignedOutAndCleared(result: HttpResult): void {
  expect(result.status).toBe(200);
  expect(result.location).toBeNull();
  expect(clearsSessionCookie(result)).toBe(true);
}

describe("fixation", () => {
  it("SF-01: a login carrying a planted token gets a new one; the planted id is never stored", async () => {
    const person = await newPerson();
    const planted = plantedToken();
    const plantedId = tokenParts(planted).sessionId;

    const login = await again(person, planted);
    expect(login.token).not.toBe(planted);
    expect(login.sessionId).not.toBe(plantedId);
    expect(login.secret).not.toBe(tokenParts(planted).secret);
    expect(await sessionExists(landing, plantedId)).toBe(false);

    // Signing up with a planted cookie does not adopt it either.
    const plantedAtSignup = plantedToken();
    const signup = await signUp(landing, {}, { token: plantedAtSignup });
    minted.push(signup);
    expect(signup.token).not.toBe(plantedAtSignup);
    expect(await sessionExists(landing, tokenParts(plantedAtSignup).sessionId)).toBe(false);

    // And the planted token itself is worth nothing.
    expectSignedOutAndCleared(await get(landing, "/login", { token: planted }));
    const ids = (await sessionDocuments(landing)).map((session) => session._id);
    expect(ids).not.toContain(plantedId);
    expect(ids).toContain(login.sessionId);
  });

  it("SF-02: logging in again while signed in gives a new token and ends the old one", async () => {
    const person = await newPerson();
    const second = await again(person, person.token);
    expect(second.token).not.toBe(person.token);
    expect(second.sessionId).not.toBe(person.sessionId);

    const replay = await get(landing, "/login", { token: person.token });
    expectSignedOutAndCleared(replay);
    expect((await get(landing, "/", { token: person.token })).status).toBe(200);
    expect(await sessionExists(landing, person.sessionId)).toBe(false);
    expect(await landingAccepts(landing.url, second.token)).toBe(true);
  });

  it("SF-02: logging in as someone else ends the first person's session in that browser", async () => {
    const first = await newPerson();
    const second = await newPerson();
    const switched = await again(second, first.token);
    expect(await sessionExists(landing, first.sessionId)).toBe(false);
    expect(await landingAccepts(landing.url, switched.token)).toBe(true);
    expect(await landingAccepts(landing.url, second.token)).toBe(true);
  });
});

describe("cookies that are not a token", () => {
  const junk: [string, () => string][] = [
    ["x", () => "x"],
    ["4 KB of a", () => "a".repeat(4096)],
    ['{"$ne":null}, URL-encoded', () => encodeURIComponent('{"$ne":null}')],
    ['{"$ne":null}, raw', () => '{"$ne":null}'],
    ["an empty value", () => ""],
    ["a well-formed token never issued", plantedToken],
    ["a token with one character too many", () => `${plantedToken()}A`],
    ["a token with a character outside base64url", () => `${plantedToken().slice(0, -1)}+`],
  ];

  it.each(junk)("SF-05: %s → the normal page within 1 s, cookie cleared", async (_label, value) => {
    for (const path of ["/", "/login", "/signup"]) {
      const result = await get(landing, path, { cookie: `session=${value()}` });
      expectSignedOutAndCleared(result);
      expect(result.ms).toBeLessThan(1_000);
      expectNoStackTrace(result.body);
    }
  });

  it("SF-05: a real session id with a wrong secret is refused and does not end the real session", async () => {
    const person = await newPerson();
    const forged = `${person.sessionId}.${randomBytes(32).toString("base64url")}`;
    expectSignedOutAndCleared(await get(landing, "/login", { token: forged }));
    expect(await post(landing, "/api/logout", null, { token: forged })).toMatchObject({
      status: 303,
    });
    expect(await landingAccepts(landing.url, person.token)).toBe(true);
  });

  it("a logout with a junk cookie answers as any logout does", async () => {
    const result = await post(landing, "/api/logout", null, {
      cookie: `session=${encodeURIComponent('{"$ne":null}')}`,
    });
    expect(result.status).toBe(303);
    expect(result.location).toBe("/");
    expect(clearsSessionCookie(result)).toBe(true);
  });
});

describe("several session cookies", () => {
  it("SF-07: two session cookies on landing's pages are signed out, and nothing is cleared", async () => {
    const alice = await newPerson();
    const bob = await newPerson();
    for (const cookie of [
      `session=junk; session=${alice.token}`,
      `session=${alice.token}; session=${bob.token}`,
    ]) {
      for (const path of ["/", "/login", "/signup"]) {
        const result = await get(landing, path, { cookie });
        // Not sent on to web as signed in: the page for signed-out visitors.
        expect(result.status, path).toBe(200);
        expect(sessionCookieLines(result)).toEqual([]);
      }
    }
    expect(await landingAccepts(landing.url, alice.token)).toBe(true);
    expect(await landingAccepts(landing.url, bob.token)).toBe(true);
  });

  it("SF-07: a token sent percent-encoded is refused", async () => {
    const alice = await newPerson();
    const encoded = alice.token.replace(".", "%2E");
    const result = await get(landing, "/login", { cookie: `session=${encoded}` });
    expect(result.status).toBe(200);
    expect(clearsSessionCookie(result)).toBe(true);
    expect(await landingAccepts(landing.url, alice.token)).toBe(true);
  });

  it("SF-07: a logout carrying two session cookies ends both sessions", async () => {
    const alice = await newPerson();
    const bob = await newPerson();
    const result = await post(landing, "/api/logout", null, {
      cookie: `session=${alice.token}; session=${bob.token}`,
    });
    expect(result.status).toBe(303);
    expect(clearsSessionCookie(result)).toBe(true);
    expect(await landingAccepts(landing.url, alice.token)).toBe(false);
    expect(await landingAccepts(landing.url, bob.token)).toBe(false);
  });
});

describe("signing up while signed in", () => {
  it("SF-09: the session the request carried ends; the new account's begins", async () => {
    const alice = await newPerson();
    const bob = await signUp(landing, {}, { token: alice.token });
    minted.push(bob);
    expect(await landingAccepts(landing.url, alice.token)).toBe(false);
    expect(await sessionExists(landing, alice.sessionId)).toBe(false);
    expect(await landingAccepts(landing.url, bob.token)).toBe(true);
  });
});

describe("sessions per user", () => {
  it("BF-08: 64 logins of one account, 8 at a time, leave at most 50 live sessions, the newest", async () => {
    const person = await newPerson();
    const tokens: string[] = [];
    // Eight at once stays within one account's share of the hashing slots (a quarter).
    for (let batch = 0; batch < 8; batch++) {
      const logins = await Promise.all(Array.from({ length: 8 }, () => logIn(landing, person)));
      minted.push(...logins);
      tokens.push(...logins.map((login) => login.token));
    }
    const live = await Promise.all(tokens.map((token) => landingAccepts(landing.url, token)));
    // 65 sessions were made (the sign-up's too); the 15 oldest ended: the sign-up's, the
    // first batch and six of the second. Every later batch is whole.
    expect(live.filter(Boolean)).toHaveLength(50);
    expect(live.slice(0, 8).some(Boolean)).toBe(false);
    expect(live.slice(16).every(Boolean)).toBe(true);
    expect(await landingAccepts(landing.url, person.token)).toBe(false);
    const stored = (await sessionDocuments(landing)).filter(
      (document) => document.username === person.username,
    );
    expect(stored).toHaveLength(50);
  });
});

describe("tokens", () => {
  it("SF-06: 1,000 tokens from sign-ups and logins are all different; the database holds no token or secret", async () => {
    const people: SignedIn[] = [];
    for (let index = 0; index < 20; index++) people.push(await newPerson());
    const tokens: SignedIn[] = [...people];
    // Four at a time: the server hashes on as many threads as it has cores.
    while (tokens.length < TOKENS) {
      const batch = people.slice(tokens.length % 20, (tokens.length % 20) + 4);
      tokens.push(...(await Promise.all(batch.map((person) => again(person)))));
    }
    expect(tokens).toHaveLength(TOKENS);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(TOKENS);
    expect(new Set(tokens.map((t) => t.sessionId)).size).toBe(TOKENS);
    expect(new Set(tokens.map((t) => t.secret)).size).toBe(TOKENS);
    for (const { token } of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);

    const documents = await sessionDocuments(landing);
    const byId = new Map(documents.map((document) => [document._id, document]));
    // Everything stored but the hash itself, as text.
    const haystack = JSON.stringify(documents.map(({ secretHash: _hash, ...rest }) => rest));
    for (const { token, sessionId, secret } of tokens) {
      const bytes = Buffer.from(secret, "base64url");
      for (const encoded of [token, secret, bytes.toString("base64"), bytes.toString("hex")]) {
        expect(haystack.includes(encoded), "a secret in the database").toBe(false);
      }
      // What is kept is the SHA-256 of the secret, under the public id.
      const stored = byId.get(sessionId);
      expect(stored, "the session's document").toBeDefined();
      expect(Object.keys(stored ?? {}).sort()).toEqual([
        "_id",
        "createdAt",
        "expiresAt",
        "ip",
        "lastVerifiedAt",
        "method",
        "secretHash",
        "userAgent",
        "userId",
        "username",
      ]);
      const storedHash = (stored?.secretHash as { buffer: Uint8Array } | undefined)?.buffer;
      const expected = createHash("sha256").update(secret).digest();
      expect(Buffer.from(storedHash ?? []).equals(expected), "the stored hash").toBe(true);
    }
  }, 180_000);
});

describe("logout", () => {
  it("LO-01: after logout the old cookie is refused and the session document is gone", async () => {
    const person = await newPerson();
    expect(await sessionExists(landing, person.sessionId)).toBe(true);
    const logout = await post(landing, "/api/logout", null, { token: person.token });
    expect(logout.status).toBe(303);
    expect(clearsSessionCookie(logout)).toBe(true);
    expect(await sessionExists(landing, person.sessionId)).toBe(false);

    // A browser (or an attacker) replaying the old cookie is signed out.
    for (const path of ["/", "/login", "/signup"]) {
      expectSignedOutAndCleared(await get(landing, path, { token: person.token }));
    }
    const replayedLogout = await post(landing, "/api/logout", null, { token: person.token });
    expect(replayedLogout.status).toBe(303);
    // Other sessions of the same person live on.
    const other = await again(person);
    expect(await landingAccepts(landing.url, other.token)).toBe(true);
  });
});

describe("where the token appears", () => {
  it("CK-04: only in Set-Cookie — never in Location, body, other headers, or the server's logs", async () => {
    const person = await newPerson();
    const login = await again(person);
    const withReturn = await post(
      landing,
      "/api/login",
      { username: person.username, password: person.password, returnTo: "/account" },
      { token: login.token },
    );
    const fromReturn = sessionCookieLines(withReturn)[0] ?? "";
    expect(fromReturn).toMatch(/^session=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43};/);

    const logs = landing.app.logs();
    expect(minted.length).toBeGreaterThan(TOKENS);
    for (const { token, sessionId, secret, result } of minted) {
      const headers = [...result.headers.entries()].filter(([name]) => name !== "set-cookie");
      const visible = [result.location ?? "", result.body, JSON.stringify(headers)].join("\n");
      for (const part of [token, sessionId, secret]) {
        expect(visible.includes(part), "in the response outside Set-Cookie").toBe(false);
        expect(logs.includes(part), "in the server's logs").toBe(false);
      }
      expect(result.setCookies.join("\n")).toContain(token);
    }
  });
});
