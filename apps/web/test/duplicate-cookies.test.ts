// Two cookies of one name (SF-07). A sibling subdomain sharing the cookie domain can plant a
// second `session` cookie under another Path or Domain, and the browser then sends both. No
// read path of the web app picks one: pages, the proxy, /api/me, sign-out and server actions
// all see the request as signed out and clear nothing. A token is accepted only as issued,
// never percent-encoded.
import { SESSION_COOKIE_NAME, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { request } from "@monorepo-auth/testing/http";
import { signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, me, startApps } from "./support/apps.ts";
import { revokeForm, submitForm } from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;
let alice: SignedIn;
let bob: SignedIn;

beforeAll(async () => {
  apps = await startApps();
  alice = await signUp(apps, { prefix: "dup-alice" });
  bob = await signUp(apps, { prefix: "dup-bob" });
});
afterAll(async () => {
  await apps.stop();
});

const pair = (first: string, second: string) =>
  `${SESSION_COOKIE_NAME}=${first}; ${SESSION_COOKIE_NAME}=${second}`;

describe("SF-07: several session cookies on web", () => {
  const cases = [
    ["junk, then a valid one", () => pair("junk", alice.token)],
    ["a valid one, then junk", () => pair(alice.token, "junk")],
    ["two users' valid cookies", () => pair(alice.token, bob.token)],
    ["the same valid cookie twice", () => pair(alice.token, alice.token)],
  ] as const;

  it.each(cases)("%s: pages redirect to login and clear nothing", async (_label, cookie) => {
    for (const path of ["/", "/account"]) {
      const result = await request(`${apps.web.url}${path}`, { cookie: cookie() });
      expect(result.status).toBe(303);
      expect(result.location).toContain("/login?returnTo=");
      expect(result.body).not.toContain("Hello,");
      expect(result.setCookies).toEqual([]);
    }
  });

  it.each(cases)("%s: /api/me is 401 and clears nothing", async (_label, cookie) => {
    const result = await request(`${apps.web.url}/api/me`, { cookie: cookie() });
    expect(result.status).toBe(401);
    expect(result.setCookies).toEqual([]);
  });

  it("the sessions behind the cookies are untouched", async () => {
    expect((await me(apps, alice.token)).status).toBe(200);
    expect((await me(apps, bob.token)).status).toBe(200);
  });

  it("a server action sent with two cookies does nothing", async () => {
    const page = await get(`${apps.web.url}/account`, alice.token);
    const form = revokeForm(page.body, alice.sessionId);
    const result = await request(`${apps.web.url}/account`, {
      method: "POST",
      body: (() => {
        const body = new FormData();
        for (const [name, value] of form.hidden) body.append(name, value);
        return body;
      })(),
      headers: { origin: apps.web.url, "sec-fetch-site": "same-origin" },
      cookie: pair("junk", alice.token),
    });
    // Signed out: the action sends the browser to log in, and ends nothing.
    expect(result.status).toBe(303);
    expect(result.location).toContain("/login?returnTo=");
    expect(sessionCookieLines(result)).toEqual([]);
    expect((await me(apps, alice.token)).status).toBe(200);
    // The same form with the one cookie does end it: the two-cookie request was refused.
    const ended = await submitForm(`${apps.web.url}/account`, form, {}, { token: alice.token });
    expect(ended.status).toBe(303);
    expect((await me(apps, alice.token)).status).toBe(401);
    alice = await signUp(apps, { prefix: "dup-alice" });
  });

  it("signing out with two cookies ends every session named, and clears the cookie", async () => {
    const carol = await signUp(apps, { prefix: "dup-carol" });
    const dave = await signUp(apps, { prefix: "dup-dave" });
    const result = await request(`${apps.web.url}/api/logout`, {
      method: "POST",
      headers: { origin: apps.web.url, "sec-fetch-site": "same-origin" },
      cookie: pair(carol.token, dave.token),
    });
    expect(result.status).toBe(303);
    expect((await me(apps, carol.token)).status).toBe(401);
    expect((await me(apps, dave.token)).status).toBe(401);
  });

  it("a token sent percent-encoded or quoted is refused on every read path", async () => {
    for (const value of [alice.token.replace(".", "%2E"), `"${alice.token}"`]) {
      const cookie = `${SESSION_COOKIE_NAME}=${value}`;
      const page = await request(`${apps.web.url}/`, { cookie });
      expect(page.status).toBe(303);
      expect(page.body).not.toContain("Hello,");
      expect((await request(`${apps.web.url}/api/me`, { cookie })).status).toBe(401);
    }
    expect((await me(apps, alice.token)).status).toBe(200);
  });
});
