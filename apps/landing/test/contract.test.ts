// The HTTP contract of landing's form endpoints, against the production build: every status
// of POST /api/signup and POST /api/login, JSON or HTML by `Accept`, the session cookie,
// logout, 405s, and the headers every response carries.
import { AUTH_ERROR_CODES, type AuthErrorCode } from "@monorepo-auth/auth/errors";
import { clearsSessionCookie, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { cookieAttributes, cookieValue, type HttpResult } from "@monorepo-auth/testing/http";
import { logIn, PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { sessionDocuments } from "@monorepo-auth/testing/stored-sessions";
import { userDocument } from "@monorepo-auth/testing/stored-users";
import { landingAccepts } from "@monorepo-auth/testing/token-accepted";
import { uniqueIp, uniqueUsername } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertMessage, expectNoStackTrace } from "./support/html.ts";
import { get, post, startLanding, type Landing } from "./support/landing.ts";

const FOURTEEN_DAYS_SECONDS = 14 * 24 * 60 * 60;
const TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
const ENDPOINTS = ["signup", "login"] as const;
const JSON_ACCEPT = { accept: "application/json" };
// What a browser sends with a form navigation.
const BROWSER_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

let landing: Landing;

beforeAll(async () => {
  // A small IP budget, so that 429 is three requests away; every other test uses
  // addresses of its own.
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "3" } });
});
afterAll(async () => {
  await landing.stop();
});

/** The headers every dynamic response of landing carries. */
function expectStandardHeaders(result: HttpResult): void {
  expect(result.headers.get("cache-control")).toBe("no-store");
  expect(result.headers.get("x-frame-options")).toBe("DENY");
  expect(result.headers.get("x-content-type-options")).toBe("nosniff");
  expect(result.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  const csp = result.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain(`form-action 'self' ${landing.url} ${landing.webUrl}`);
  expect(csp).not.toContain("unsafe-inline");
}

/** A failure answered as JSON: `{"error":"<code>"}` and nothing else, no cookie. */
function expectJsonFailure(result: HttpResult, status: number, code: AuthErrorCode): void {
  expect(result.status).toBe(status);
  expect(result.headers.get("content-type")).toMatch(/^application\/json/);
  expect(JSON.parse(result.body)).toEqual({ error: code });
  expect(sessionCookieLines(result)).toEqual([]);
  expect(result.location).toBeNull();
  expectStandardHeaders(result);
}

/** A failure answered as a page: HTML with the message in `role="alert"`, no cookie. */
function expectHtmlFailure(result: HttpResult, status: number, code: AuthErrorCode): void {
  expect(result.status).toBe(status);
  expect(result.headers.get("content-type")).toMatch(/^text\/html/);
  expect(result.body).toContain('role="alert"');
  expect(alertMessage(result.body)).toContain(AUTH_ERROR_CODES[code].message);
  expect(sessionCookieLines(result)).toEqual([]);
  expect(result.location).toBeNull();
  expectNoStackTrace(result.body);
  expectStandardHeaders(result);
}

/** Sends the same failing request twice, as a browser and as a JSON client, and checks both. */
async function expectFailure(
  send: (headers: Record<string, string>) => Promise<HttpResult>,
  status: number,
  code: AuthErrorCode,
): Promise<void> {
  expectHtmlFailure(await send({ accept: BROWSER_ACCEPT }), status, code);
  expectJsonFailure(await send(JSON_ACCEPT), status, code);
}

/** The one session Set-Cookie line of a response. */
function sessionCookie(result: HttpResult): string {
  const lines = sessionCookieLines(result);
  expect(lines).toHaveLength(1);
  return lines[0] ?? "";
}

/** CK-01: exactly the attributes of a local (http, no shared domain) session cookie. */
function expectLocalSessionCookie(line: string): void {
  expect(cookieValue(line, "session")).toMatch(TOKEN);
  const attributes = cookieAttributes(line);
  expect(Object.keys(attributes).sort()).toEqual(["httponly", "max-age", "path", "samesite"]);
  expect(attributes.httponly).toBe("");
  expect(attributes.path).toBe("/");
  expect(attributes.samesite).toBe("Lax");
  const maxAge = Number(attributes["max-age"]);
  expect(maxAge).toBeGreaterThan(FOURTEEN_DAYS_SECONDS - 60);
  expect(maxAge).toBeLessThanOrEqual(FOURTEEN_DAYS_SECONDS);
  expect(line).not.toMatch(/domain/i);
  expect(line).not.toMatch(/secure/i);
}

describe("successful sign-up and login", () => {
  it("POST /api/signup: 303 to the web app's home with the session cookie (CK-01)", async () => {
    const person = await signUp(landing);
    expect(person.result.status).toBe(303);
    expect(person.result.location).toBe(`${landing.webUrl}/`);
    expect(person.result.body).toBe("");
    expectLocalSessionCookie(sessionCookie(person.result));
    expectStandardHeaders(person.result);
    expect(await userDocument(landing, person.username)).not.toBeNull();
    expect(await landingAccepts(landing.url, person.token)).toBe(true);
  });

  it("POST /api/login: 303 to the web app's home with a new session cookie (CK-01)", async () => {
    const person = await signUp(landing);
    const again = await logIn(landing, person);
    expect(again.result.location).toBe(`${landing.webUrl}/`);
    expectLocalSessionCookie(sessionCookie(again.result));
    expectStandardHeaders(again.result);
    expect(again.token).not.toBe(person.token);
    expect(await landingAccepts(landing.url, again.token)).toBe(true);
  });

  it("logs in whatever the case of the username", async () => {
    const person = await signUp(landing);
    const again = await logIn(landing, { ...person, username: person.username.toUpperCase() });
    expect(again.result.location).toBe(`${landing.webUrl}/`);
  });

  it("goes on to returnTo when it is on the web app, at sign-up and at login", async () => {
    const person = await signUp(landing);
    const signup = await post(landing, "/api/signup", {
      username: uniqueUsername(),
      password: PASSWORD,
      returnTo: `${landing.webUrl}/account?tab=sessions`,
    });
    expect(signup.status).toBe(303);
    expect(signup.location).toBe(`${landing.webUrl}/account?tab=sessions`);

    const login = await post(landing, "/api/login", {
      username: person.username,
      password: PASSWORD,
      returnTo: "/account",
    });
    expect(login.status).toBe(303);
    expect(login.location).toBe(`${landing.webUrl}/account`);
  });

  it("accepts multipart/form-data at sign-up and at login", async () => {
    const username = uniqueUsername("multi");
    const form = new FormData();
    form.set("username", username);
    form.set("password", PASSWORD);
    form.set("returnTo", "/welcome");
    const signup = await post(landing, "/api/signup", form);
    expect(signup.status).toBe(303);
    expect(signup.location).toBe(`${landing.webUrl}/welcome`);
    expectLocalSessionCookie(sessionCookie(signup));

    const loginForm = new FormData();
    loginForm.set("username", username);
    loginForm.set("password", PASSWORD);
    const login = await post(landing, "/api/login", loginForm);
    expect(login.status).toBe(303);
    expect(login.location).toBe(`${landing.webUrl}/`);
    expectLocalSessionCookie(sessionCookie(login));
  });
});

describe("failures of both form endpoints", () => {
  it.each(ENDPOINTS)("/api/%s: 400 when a field is missing", async (endpoint) => {
    await expectFailure(
      (headers) => post(landing, `/api/${endpoint}`, { username: uniqueUsername() }, { headers }),
      400,
      "invalid_request",
    );
    await expectFailure(
      (headers) => post(landing, `/api/${endpoint}`, { password: PASSWORD }, { headers }),
      400,
      "invalid_request",
    );
  });

  it("/api/signup: 400 for an invalid username, 400 for a bad password", async () => {
    await expectFailure(
      (headers) =>
        post(landing, "/api/signup", { username: "a b", password: PASSWORD }, { headers }),
      400,
      "username_invalid",
    );
    await expectFailure(
      (headers) =>
        post(
          landing,
          "/api/signup",
          { username: uniqueUsername(), password: "short" },
          { headers },
        ),
      400,
      "password_too_short",
    );
  });

  it("/api/login: 400 for a wrong password and for an unknown user", async () => {
    const person = await signUp(landing);
    await expectFailure(
      (headers) =>
        post(
          landing,
          "/api/login",
          { username: person.username, password: "not the password" },
          { headers },
        ),
      400,
      "invalid_credentials",
    );
    await expectFailure(
      (headers) =>
        post(
          landing,
          "/api/login",
          { username: uniqueUsername("nobody"), password: PASSWORD },
          { headers },
        ),
      400,
      "invalid_credentials",
    );
    // Nothing of it left a session behind.
    const sessions = await sessionDocuments(landing);
    expect(sessions.filter((session) => session.username === person.username)).toHaveLength(1);
  });

  it("/api/signup: 409 when the username is taken, in any case", async () => {
    const person = await signUp(landing);
    await expectFailure(
      (headers) =>
        post(
          landing,
          "/api/signup",
          { username: person.username.toUpperCase(), password: "another password 9" },
          { headers },
        ),
      409,
      "username_taken",
    );
    // The first account is untouched: its password still works.
    expect((await logIn(landing, person)).result.status).toBe(303);
  });

  it.each(ENDPOINTS)("/api/%s: 413 for a form over 16 KiB", async (endpoint) => {
    const body = new URLSearchParams({
      username: uniqueUsername(),
      password: PASSWORD,
      padding: "p".repeat(17 * 1024),
    }).toString();
    await expectFailure(
      (headers) => post(landing, `/api/${endpoint}`, body, { headers }),
      413,
      "payload_too_large",
    );
  });

  it.each(ENDPOINTS)("/api/%s: 415 for another content type", async (endpoint) => {
    for (const contentType of ["text/plain", "application/json", "application/xml"]) {
      await expectFailure(
        (headers) =>
          post(landing, `/api/${endpoint}`, `username=${uniqueUsername()}&password=x`, {
            headers: { ...headers, "content-type": contentType },
          }),
        415,
        "unsupported_media_type",
      );
    }
  });

  it.each(ENDPOINTS)("/api/%s: 403 from another origin", async (endpoint) => {
    await expectFailure(
      (headers) =>
        post(
          landing,
          `/api/${endpoint}`,
          { username: uniqueUsername(), password: PASSWORD },
          {
            headers: { ...headers, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
          },
        ),
      403,
      "invalid_origin",
    );
  });

  it("/api/signup: 429 with Retry-After once the address has spent its budget", async () => {
    const ip = uniqueIp();
    for (let index = 0; index < 3; index++) {
      expect(
        (
          await post(
            landing,
            "/api/signup",
            { username: uniqueUsername(), password: PASSWORD },
            { ip },
          )
        ).status,
      ).toBe(303);
    }
    const username = uniqueUsername();
    for (const accept of [BROWSER_ACCEPT, "application/json"]) {
      const refused = await post(
        landing,
        "/api/signup",
        { username, password: PASSWORD },
        { ip, headers: { accept } },
      );
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(500);
      expect(retryAfter).toBeLessThanOrEqual(600);
      if (accept === BROWSER_ACCEPT) {
        expectHtmlFailure(refused, 429, "too_many_attempts");
        expect(alertMessage(refused.body)).toMatch(/You can try again in 10 minutes\./);
      } else {
        expectJsonFailure(refused, 429, "too_many_attempts");
      }
    }
    expect(await userDocument(landing, username)).toBeNull();
  });

  it("/api/login: 429 with Retry-After once the address has spent its budget", async () => {
    const ip = uniqueIp();
    const person = await signUp(landing);
    for (let index = 0; index < 3; index++) {
      const failed = await post(
        landing,
        "/api/login",
        { username: uniqueUsername("nobody"), password: PASSWORD },
        { ip },
      );
      expect(failed.status).toBe(400);
    }
    // Even the right password is refused from that address now.
    for (const accept of [BROWSER_ACCEPT, "application/json"]) {
      const refused = await post(
        landing,
        "/api/login",
        { username: person.username, password: PASSWORD },
        { ip, headers: { accept } },
      );
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(500);
      expect(retryAfter).toBeLessThanOrEqual(600);
      if (accept === BROWSER_ACCEPT) expectHtmlFailure(refused, 429, "too_many_attempts");
      else expectJsonFailure(refused, 429, "too_many_attempts");
    }
  });
});

describe("JSON or HTML, by Accept", () => {
  // An impossible username fails as wrong credentials without hashing or spending budget.
  const failLogin = (accept?: string) =>
    post(
      landing,
      "/api/login",
      { username: "no such user!", password: PASSWORD },
      accept === undefined ? {} : { headers: { accept } },
    );

  it.each([
    ["application/json"],
    ["application/json, text/html;q=0.5"],
    ["text/html;q=0.1, application/json"],
  ])("Accept: %s → JSON", async (accept) => {
    expectJsonFailure(await failLogin(accept), 400, "invalid_credentials");
  });

  it.each([
    ["text/html,application/json;q=0.9"],
    ["*/*"],
    ["application/json;q=0.5, */*"],
    [BROWSER_ACCEPT],
    ["text/plain"],
  ])("Accept: %s → HTML", async (accept) => {
    expectHtmlFailure(await failLogin(accept), 400, "invalid_credentials");
  });

  it("no Accept header → HTML", async () => {
    expectHtmlFailure(await failLogin(), 400, "invalid_credentials");
  });
});

describe("POST /api/logout", () => {
  it("ends the session: 303 to / with a clearing cookie", async () => {
    const person = await signUp(landing);
    const result = await post(landing, "/api/logout", null, { token: person.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe("/");
    expect(sessionCookieLines(result)).toEqual([
      "session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    ]);
    expect(clearsSessionCookie(result)).toBe(true);
    expectStandardHeaders(result);
    expect(await landingAccepts(landing.url, person.token)).toBe(false);
  });

  it("answers the same without a session", async () => {
    const result = await post(landing, "/api/logout", null);
    expect(result.status).toBe(303);
    expect(result.location).toBe("/");
    expect(clearsSessionCookie(result)).toBe(true);
  });

  it("ends only the session it is sent with", async () => {
    const person = await signUp(landing);
    const other = await logIn(landing, person);
    await post(landing, "/api/logout", null, { token: person.token });
    expect(await landingAccepts(landing.url, person.token)).toBe(false);
    expect(await landingAccepts(landing.url, other.token)).toBe(true);
  });
});

describe("other methods on the API endpoints", () => {
  const METHODS = ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"];

  it.each([
    "/api/signup",
    "/api/login",
    "/api/logout",
    "/api/forgot-password",
    "/api/reset-password",
    "/api/verify-email",
    "/api/oauth/start",
    "/api/oauth/sign-up",
  ])("%s: 405 with Allow: POST for every other method", async (path) => {
    for (const method of METHODS) {
      const result = await post(landing, path, null, { method });
      expect(result.status, method).toBe(405);
      expect(result.headers.get("allow"), method).toBe("POST");
      expectStandardHeaders(result);
      expect(sessionCookieLines(result), method).toEqual([]);
      if (method !== "HEAD") {
        expect(alertMessage(result.body)).toBe(AUTH_ERROR_CODES.method_not_allowed.message);
        expectNoStackTrace(result.body);
      }
    }
    expectJsonFailure(
      await post(landing, path, null, { method: "PUT", headers: JSON_ACCEPT }),
      405,
      "method_not_allowed",
    );
  });

  it("PUT /api/signup with a valid form creates nobody", async () => {
    const username = uniqueUsername();
    const result = await post(
      landing,
      "/api/signup",
      { username, password: PASSWORD },
      { method: "PUT" },
    );
    expect(result.status).toBe(405);
    expect(await userDocument(landing, username)).toBeNull();
  });

  it("PUT and PATCH /api/login with the right password start no session", async () => {
    const person = await signUp(landing);
    for (const method of ["PUT", "PATCH"]) {
      const result = await post(
        landing,
        "/api/login",
        { username: person.username, password: PASSWORD },
        { method },
      );
      expect(result.status).toBe(405);
      expect(sessionCookieLines(result)).toEqual([]);
    }
    const sessions = await sessionDocuments(landing);
    expect(sessions.filter((session) => session.username === person.username)).toHaveLength(1);
  });

  it("DELETE and PUT /api/logout leave the session alone", async () => {
    const person = await signUp(landing);
    for (const method of ["DELETE", "PUT", "GET"]) {
      const result = await post(landing, "/api/logout", null, { method, token: person.token });
      expect(result.status).toBe(405);
      expect(sessionCookieLines(result)).toEqual([]);
    }
    expect(await landingAccepts(landing.url, person.token)).toBe(true);
  });
});

describe("no stack traces", () => {
  it("malformed URLs and odd requests are answered without a trace of the server's insides", async () => {
    const results: [string, HttpResult, number][] = [
      ["a lone %", await get(landing, "/login?returnTo=%"), 400],
      ["a cut UTF-8 sequence", await get(landing, "/login?returnTo=%E0%A4%A"), 400],
      ["a lone % in the path", await get(landing, "/%"), 400],
      // Another parameter than returnTo: not read, the page shown.
      ["returnTo[]", await get(landing, "/login?returnTo[]=x"), 200],
      ["no such page", await get(landing, "/no-such-page"), 404],
      [
        "a lone % on a form post",
        await post(landing, "/api/login?returnTo=%", { username: "someone", password: PASSWORD }),
        400,
      ],
      [
        "multipart without a boundary",
        await post(landing, "/api/login", "--x\r\n", {
          headers: { "content-type": "multipart/form-data; boundary=" },
        }),
        400,
      ],
    ];
    for (const [label, result, status] of results) {
      expect(result.status, label).toBe(status);
      expectNoStackTrace(result.body);
    }
  });
});

describe("headers on every response", () => {
  it("pages, redirects, failures and 404s carry no-store and the security headers", async () => {
    const person = await signUp(landing);
    const results = [
      await get(landing, "/"),
      await get(landing, "/login"),
      await get(landing, "/signup"),
      await get(landing, "/login", { token: person.token }),
      await get(landing, "/no-such-page"),
      await get(landing, "/problem"),
      await post(landing, "/api/login", { username: "no such user!", password: "x" }),
      person.result,
    ];
    expect(results.map((result) => result.status)).toEqual([
      200, 200, 200, 303, 404, 404, 400, 303,
    ]);
    for (const result of results) expectStandardHeaders(result);
  });
});
