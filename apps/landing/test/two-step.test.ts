// The second step over HTTP, on landing's production build: a right password of an account
// with an authenticator app gives a pending sign-in cookie and the two-step page, never a
// session (MF-01); the code, or a recovery code, finishes it; the pending cookie is good
// once and in the browser that holds it (MF-02).
import { cookieHeader, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { userDocument } from "@monorepo-auth/testing/stored-users";
import { authenticatorCode } from "@monorepo-auth/testing/totp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { enableAuthenticator, type Authenticator } from "./support/authenticator.ts";
import { alertMessage, input } from "./support/html.ts";
import { get, post, startLanding, type Landing } from "./support/landing.ts";

let landing: Landing;

beforeAll(async () => {
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "10000" } });
});
afterAll(async () => {
  await landing.stop();
});

async function personWithApp(): Promise<{ username: string; app: Authenticator }> {
  const person = await signUp(landing);
  const stored = await userDocument(landing, person.username);
  if (typeof stored?._id !== "string") throw new Error("no user");
  const app = await enableAuthenticator(landing, { id: stored._id, username: person.username });
  return { username: person.username, app };
}

/** Logs in with the right password: the pending cookie, as `Cookie` header value. */
async function password(username: string, returnTo?: string) {
  const result = await post(landing, "/api/login", {
    username,
    password: PASSWORD,
    ...(returnTo ? { returnTo } : {}),
  });
  const pending = result.setCookies.find((line) => line.startsWith("pending="));
  return { result, cookie: pending?.split(";")[0] ?? "" };
}

describe("the second step", () => {
  it("MF-01: a right password gives the two-step page and a pending cookie, no session", async () => {
    const { username } = await personWithApp();
    const { result, cookie } = await password(username, `${landing.webUrl}/account`);
    expect(result.status).toBe(303);
    expect(result.location).toBe(
      `/two-step?returnTo=${encodeURIComponent(`${landing.webUrl}/account`)}`,
    );
    expect(sessionCookieLines(result)).toEqual([]);
    const line = result.setCookies.find((set) => set.startsWith("pending=")) ?? "";
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Max-Age=(29\d|300);/);
    expect(cookie).toMatch(/^pending=[\w-]+\.[\w-]+$/);

    const page = await get(
      landing,
      `/two-step?returnTo=${encodeURIComponent(`${landing.webUrl}/account`)}`,
      { cookie },
    );
    expect(page.status).toBe(200);
    expect(input(page.body, "code")?.autocomplete).toBe("one-time-code");
    expect(input(page.body, "returnTo")?.value).toBe(`${landing.webUrl}/account`);

    const json = await post(
      landing,
      "/api/login",
      { username, password: PASSWORD },
      { headers: { accept: "application/json" } },
    );
    expect(json.status).toBe(401);
    expect(JSON.parse(json.body)).toEqual({ error: "second_factor_required" });
    expect(sessionCookieLines(json)).toEqual([]);
  });

  it("the app's code finishes it: the session cookie, the pending one cleared, on to returnTo", async () => {
    const { username, app } = await personWithApp();
    const returnTo = `${landing.webUrl}/account`;
    const { cookie } = await password(username, returnTo);
    const wrong = await post(landing, "/api/two-step", { code: "000000", returnTo }, { cookie });
    expect(wrong.status).toBe(400);
    expect(alertMessage(wrong.body)).toBe("That code is not right, or it was used already.");
    expect(sessionCookieLines(wrong)).toEqual([]);

    const done = await post(
      landing,
      "/api/two-step",
      { code: authenticatorCode(app.secret), returnTo },
      { cookie },
    );
    expect(done.status).toBe(303);
    expect(done.location).toBe(returnTo);
    expect(sessionCookieLines(done)).toHaveLength(1);
    expect(done.setCookies.some((line) => /^pending=;.*Max-Age=0/.test(line))).toBe(true);
  });

  it("MF-02: without the pending cookie, with another browser's, or used once already: log in again", async () => {
    const { username, app } = await personWithApp();
    const { cookie } = await password(username);
    const other = await password(username);
    for (const sent of ["", "pending=made.up", "pending=a"]) {
      const refused = await post(
        landing,
        "/api/two-step",
        { code: authenticatorCode(app.secret) },
        { cookie: sent },
      );
      expect(refused.status).toBe(401);
      expect(refused.body).toContain("Please log in again");
      expect(sessionCookieLines(refused)).toEqual([]);
    }
    const done = await post(
      landing,
      "/api/two-step",
      { code: authenticatorCode(app.secret) },
      { cookie },
    );
    expect(done.status).toBe(303);
    const replay = await post(
      landing,
      "/api/two-step",
      { code: authenticatorCode(app.secret, new Date(), 1) },
      { cookie },
    );
    expect(replay.status).toBe(401);
    // The other browser's pending sign-in is its own, and still good.
    const second = await post(
      landing,
      "/api/two-step",
      { code: authenticatorCode(app.secret, new Date(), 1) },
      { cookie: other.cookie },
    );
    expect(second.status).toBe(303);
  });

  it("MF-04: a recovery code signs in once, with a page saying how many are left", async () => {
    const { username, app } = await personWithApp();
    const [code = ""] = app.recoveryCodes;
    const { cookie } = await password(username);
    const done = await post(landing, "/api/two-step", { code }, { cookie });
    expect(done.status).toBe(200);
    expect(done.body).toContain("You have 9 recovery codes left.");
    expect(sessionCookieLines(done)).toHaveLength(1);
    const token = /session=([^;]+)/.exec(done.setCookies.join("\n"))?.[1] ?? "";
    // Signed in: the login page sends the person on.
    expect((await get(landing, "/login", { cookie: cookieHeader(token) })).status).toBe(303);

    const again = await password(username);
    const reused = await post(landing, "/api/two-step", { code }, { cookie: again.cookie });
    expect(reused.status).toBe(400);
  });

  it("is a form like the others: other sites refused, other methods 405", async () => {
    const foreign = await post(
      landing,
      "/api/two-step",
      { code: "123456" },
      { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
    );
    expect(foreign.status).toBe(403);
    const got = await get(landing, "/api/two-step");
    expect(got.status).toBe(405);
    expect(got.headers.get("allow")).toBe("POST");
  });
});
