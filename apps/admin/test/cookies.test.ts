// What the admin console does with the session cookie it is sent: a cookie naming no live
// session is cleared; several session cookies are signed out with nothing cleared, since
// their order cannot tell which one is ours (decision 0012).
import { postForm, request } from "@monorepo-auth/testing/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  COOKIE_NAME,
  clearsSessionCookie,
  get,
  loginUrlFor,
  signUp,
  signUpAdmin,
  startApps,
  type SignedIn,
  type TestApps,
} from "./support/apps.ts";

let apps: TestApps;
let alice: SignedIn;
let bob: SignedIn;

beforeAll(async () => {
  apps = await startApps();
  [alice, bob] = await Promise.all([signUpAdmin(apps, "cookie-a"), signUpAdmin(apps, "cookie-b")]);
});
afterAll(async () => {
  await apps.stop();
});

describe("a dead session cookie", () => {
  it.each([
    [
      "a token of the right shape that names no session",
      "abcdefghijklmnop.qrstuvwxyzabcdefghijklmnopqrstuv",
    ],
    ["junk", "junk"],
  ])("%s: cleared, and on to login", async (_label, token) => {
    const result = await get(`${apps.admin.url}/`, token);
    expect(result.status).toBe(303);
    expect(result.location).toBe(loginUrlFor(apps, `${apps.admin.url}/`));
    expect(clearsSessionCookie(result)).toBe(true);
  });

  it("a session ended on landing is cleared here", async () => {
    const carol = await signUp(apps, "cookie-c");
    const logout = await postForm(
      `${apps.landing.url}/api/logout`,
      {},
      { cookie: `${COOKIE_NAME}=${carol.token}` },
    );
    expect(logout.status).toBe(303);
    const result = await get(`${apps.admin.url}/`, carol.token);
    expect(result.status).toBe(303);
    expect(clearsSessionCookie(result)).toBe(true);
  });
});

describe("several session cookies", () => {
  const pair = (first: string, second: string) =>
    `${COOKIE_NAME}=${first}; ${COOKIE_NAME}=${second}`;

  it.each([
    ["junk, then a valid one", () => pair("junk", alice.token)],
    ["a valid one, then junk", () => pair(alice.token, "junk")],
    ["two people's valid cookies", () => pair(alice.token, bob.token)],
    ["the same valid cookie twice", () => pair(alice.token, alice.token)],
  ])("%s: signed out, nothing cleared", async (_label, cookie) => {
    const result = await request(`${apps.admin.url}/`, { cookie: cookie() });
    expect(result.status).toBe(303);
    expect(result.location).toBe(loginUrlFor(apps, `${apps.admin.url}/`));
    expect(result.setCookies).toEqual([]);
    expect(result.body).not.toContain("Signed in as");
  });

  it("the sessions behind them are untouched", async () => {
    for (const person of [alice, bob]) {
      expect((await get(`${apps.admin.url}/`, person.token)).status).toBe(200);
    }
  });
});
