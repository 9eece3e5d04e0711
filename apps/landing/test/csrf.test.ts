// The origin check (CS-01…CS-07, CS-13) on landing's state-changing endpoints. Landing runs
// as http://localhost:<port> here (its web app on another port of localhost), so that a
// loopback alias (127.0.0.1) and an upper-case host are near misses of the real origin.
// Each refused request must change nothing: no session, no user, no sign-out.
import { freePort } from "@monorepo-auth/testing/app-server";
import { cookieHeader, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { request, type HttpResult } from "@monorepo-auth/testing/http";
import { PASSWORD, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionDocuments } from "@monorepo-auth/testing/stored-sessions";
import { userDocument } from "@monorepo-auth/testing/stored-users";
import { landingAccepts } from "@monorepo-auth/testing/token-accepted";
import { uniqueIp, uniqueUsername } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertMessage, expectNoStackTrace } from "./support/html.ts";
import { startLanding, type Landing } from "./support/landing.ts";

let landing: Landing;
/** Landing's origin (LANDING_URL) and the web app's (WEB_URL). */
let A: string;
let W: string;
let port: number;
let person: SignedIn;

beforeAll(async () => {
  port = await freePort();
  A = `http://localhost:${port}`;
  W = `http://localhost:${await freePort()}`;
  landing = await startLanding({ port, env: { LANDING_URL: A, WEB_URL: W } });
  person = await signUp(landing);
});
afterAll(async () => {
  await landing.stop();
});

type Endpoint = "login" | "signup" | "logout";

/**
 * A POST with exactly the headers given (plus a fresh forwarded address): no Origin or
 * Sec-Fetch-Site unless the test sends them. Login uses the right password and sign-up a
 * free username, so anything but a refusal would show.
 */
function attempt(
  endpoint: Endpoint,
  headers: Record<string, string>,
  options: { username?: string; token?: string; body?: string } = {},
): Promise<HttpResult> {
  const fields: Record<string, string> =
    endpoint === "login"
      ? { username: person.username, password: PASSWORD }
      : endpoint === "signup"
        ? { username: options.username ?? uniqueUsername(), password: PASSWORD }
        : {};
  return request(`${landing.url}/api/${endpoint}`, {
    method: "POST",
    body: options.body ?? new URLSearchParams(fields).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": uniqueIp(),
      ...headers,
    },
    ...(options.token ? { cookie: cookieHeader(options.token) } : {}),
  });
}

async function sessionCount(): Promise<number> {
  return (await sessionDocuments(landing)).length;
}

async function attemptCount(): Promise<number> {
  const { connection } = await landing.database.models();
  return connection.collection("attempts").countDocuments();
}

/** A refusal: 403, the problem page (or JSON), no cookie, no redirect. */
function expectRefused(result: HttpResult): void {
  expect(result.status).toBe(403);
  expect(sessionCookieLines(result)).toEqual([]);
  expect(result.location).toBeNull();
  expect(result.headers.get("cache-control")).toBe("no-store");
  if (result.headers.get("content-type")?.startsWith("application/json")) {
    expect(JSON.parse(result.body)).toEqual({ error: "invalid_origin" });
  } else {
    expect(alertMessage(result.body)).toBe("This request came from another site and was refused.");
    expectNoStackTrace(result.body);
  }
}

/**
 * Sends the header set to all three endpoints and checks that each was refused and
 * changed nothing: no session started, no user created, the session still valid.
 */
async function expectRefusedEverywhere(headers: Record<string, string>): Promise<void> {
  const sessionsBefore = await sessionCount();
  const attemptsBefore = await attemptCount();
  const username = uniqueUsername("csrf");

  expectRefused(await attempt("login", headers));
  expectRefused(await attempt("signup", headers, { username }));
  expectRefused(await attempt("logout", headers, { token: person.token }));

  expect(await sessionCount()).toBe(sessionsBefore);
  expect(await userDocument(landing, username)).toBeNull();
  expect(await landingAccepts(landing.url, person.token)).toBe(true);
  // Refused before any work: not even a throttling attempt was written.
  expect(await attemptCount()).toBe(attemptsBefore);
}

describe("requests that pass (the rule is not simply 'refuse everything')", () => {
  it.each([
    [
      "Origin: A, Sec-Fetch-Site: same-origin",
      () => ({ origin: A, "sec-fetch-site": "same-origin" }),
    ],
    ["Origin: A, no Sec-Fetch-Site (older browsers)", () => ({ origin: A })],
    [
      "Origin: W (the web app), Sec-Fetch-Site: same-site",
      () => ({ origin: W, "sec-fetch-site": "same-site" }),
    ],
    ["no Origin, Sec-Fetch-Site: same-origin", () => ({ "sec-fetch-site": "same-origin" })],
  ])("%s → login 303", async (_label, headers) => {
    const result = await attempt("login", headers());
    expect(result.status).toBe(303);
    expect(sessionCookieLines(result)).toHaveLength(1);
  });

  it("Origin: A → sign-up 303, logout 303", async () => {
    const username = uniqueUsername();
    expect((await attempt("signup", { origin: A }, { username })).status).toBe(303);
    expect(await userDocument(landing, username)).not.toBeNull();
    const someone = await signUp(landing);
    expect((await attempt("logout", { origin: A }, { token: someone.token })).status).toBe(303);
    expect(await landingAccepts(landing.url, someone.token)).toBe(false);
  });
});

describe("refused: 403 and no effect", () => {
  it("CS-01: login with Origin: https://evil.example → 403, no cookie, no session written", async () => {
    const before = await sessionDocuments(landing);
    const variants: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example", "sec-fetch-site": "same-origin" },
    ];
    for (const headers of variants) {
      expectRefused(await attempt("login", headers));
    }
    const after = await sessionDocuments(landing);
    expect(after.map((session) => session._id)).toEqual(before.map((session) => session._id));
  });

  it("CS-02: sign-up with Origin: null → 403, no user created", async () => {
    const username = uniqueUsername("cs02");
    expectRefused(await attempt("signup", { origin: "null" }, { username }));
    expectRefused(
      await attempt("signup", { origin: "null", "sec-fetch-site": "same-origin" }, { username }),
    );
    expect(await userDocument(landing, username)).toBeNull();
  });

  it("CS-03: logout with the cookie but neither Origin nor Sec-Fetch-Site → 403, still signed in", async () => {
    const someone = await signUp(landing);
    expectRefused(await attempt("logout", {}, { token: someone.token }));
    // Proof of validity: the login page sends a signed-in visitor on to the web app.
    expect(await landingAccepts(landing.url, someone.token)).toBe(true);
  });

  it.each([["cross-site"], ["same-site"], ["none"]])(
    "no Origin and Sec-Fetch-Site: %s → 403 everywhere",
    async (site) => {
      await expectRefusedEverywhere({ "sec-fetch-site": site });
    },
  );

  it("no Origin and no Sec-Fetch-Site → 403 everywhere", async () => {
    await expectRefusedEverywhere({});
  });

  it.each([["cross-site"], ["none"], ["Same-Origin"]])(
    "CS-04: Origin: A but Sec-Fetch-Site: %s → 403 everywhere",
    async (site) => {
      await expectRefusedEverywhere({ origin: A, "sec-fetch-site": site });
    },
  );

  it("CS-05: Origin on another port (http://127.0.0.1:5555, http://localhost:5555) → 403 everywhere", async () => {
    await expectRefusedEverywhere({ origin: "http://127.0.0.1:5555" });
    await expectRefusedEverywhere({
      origin: "http://localhost:5555",
      "sec-fetch-site": "same-site",
    });
  });

  it("CS-06: Origin that starts like A (http://localhost:<port>.evil.com) → 403 everywhere", async () => {
    await expectRefusedEverywhere({ origin: `${A}.evil.com` });
    await expectRefusedEverywhere({ origin: `http://127.0.0.1:${port}.evil.com` });
    await expectRefusedEverywhere({ origin: `http://evil.com.localhost:${port}` });
  });

  it.each([
    ["https:// instead of http://", () => `https://localhost:${port}`],
    ["a trailing slash", () => `${A}/`],
    ["an upper-case host", () => `http://LOCALHOST:${port}`],
    ["an upper-case scheme", () => `HTTP://localhost:${port}`],
    ["127.0.0.1 for localhost", () => `http://127.0.0.1:${port}`],
    ["[::1] for localhost", () => `http://[::1]:${port}`],
    ["no port", () => "http://localhost"],
    ["a path", () => `${A}/api/login`],
    ["two origins joined", () => `${A}, https://evil.example`],
  ])("near miss of A — %s → 403 everywhere", async (_label, origin) => {
    await expectRefusedEverywhere({ origin: origin(), "sec-fetch-site": "same-origin" });
  });

  it.each([
    ["application/x-www-form-urlencoded; x"],
    ["text/plain"],
    ["application/json"],
    ["multipart/form-data; boundary=x"],
  ])(
    "CS-07: a foreign origin with Content-Type: %s → 403 (origin before content type)",
    async (type) => {
      const sessionsBefore = await sessionCount();
      for (const endpoint of ["login", "signup", "logout"] as const) {
        const body =
          type === "application/json"
            ? JSON.stringify({ username: person.username, password: PASSWORD })
            : `username=${person.username}&password=${encodeURIComponent(PASSWORD)}`;
        const result = await attempt(
          endpoint,
          { origin: "https://evil.example", "content-type": type, accept: "application/json" },
          { body, token: person.token },
        );
        expectRefused(result);
        expect(result.headers.get("content-type")).toMatch(/^application\/json/);
      }
      expect(await sessionCount()).toBe(sessionsBefore);
      expect(await landingAccepts(landing.url, person.token)).toBe(true);
    },
  );
});

describe("GET never changes state", () => {
  it("CS-13: GET /api/logout → 405, the session still valid", async () => {
    const someone = await signUp(landing);
    const variants: Record<string, string>[] = [
      {},
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of variants) {
      const result = await request(`${landing.url}/api/logout`, {
        headers: { "x-forwarded-for": uniqueIp(), ...headers },
        cookie: cookieHeader(someone.token),
      });
      expect(result.status).toBe(405);
      expect(result.headers.get("allow")).toBe("POST");
      expect(sessionCookieLines(result)).toEqual([]);
    }
    expect(await landingAccepts(landing.url, someone.token)).toBe(true);
  });

  it("GET /api/login and /api/signup with credentials in the query → 405, nothing happens", async () => {
    const username = uniqueUsername();
    const query = new URLSearchParams({ username, password: PASSWORD }).toString();
    const signup = await request(`${landing.url}/api/signup?${query}`, {
      headers: { "x-forwarded-for": uniqueIp() },
    });
    expect(signup.status).toBe(405);
    expect(await userDocument(landing, username)).toBeNull();
    const login = await request(
      `${landing.url}/api/login?${new URLSearchParams({ username: person.username, password: PASSWORD }).toString()}`,
      { headers: { "x-forwarded-for": uniqueIp() } },
    );
    expect(login.status).toBe(405);
    expect(sessionCookieLines(login)).toEqual([]);
  });
});
