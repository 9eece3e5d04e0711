// The origin check every app shares, on the admin console: only the apps' own origins may
// send anything that can change state; and the apps' own origins may post to each other, as
// the console's sign-out form does to landing.
import { postForm, request } from "@monorepo-auth/testing/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  COOKIE_NAME,
  clearsSessionCookie,
  get,
  loginUrlFor,
  pageText,
  signUp,
  signUpAdmin,
  startApps,
  type SignedIn,
  type TestApps,
} from "./support/apps.ts";

let apps: TestApps;
let alice: SignedIn;

beforeAll(async () => {
  apps = await startApps();
  alice = await signUp(apps, "origin");
});
afterAll(async () => {
  await apps.stop();
});

const cookie = (token: string) => `${COOKIE_NAME}=${token}`;

describe("a state-changing request to the admin console", () => {
  it.each([
    ["from a foreign origin", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["from a sibling port of the same host", { origin: "http://127.0.0.1:1" }],
    ["with Origin: null", { origin: "null" }],
    ["with no Origin and no Sec-Fetch-Site", { origin: "", "sec-fetch-site": "" }],
    ["with no Origin, cross-site", { origin: "", "sec-fetch-site": "cross-site" }],
  ])("%s is refused with 403, whoever is signed in", async (_label, headers) => {
    const sent = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ""));
    const result = await request(`${apps.admin.url}/`, {
      method: "POST",
      cookie: cookie(alice.token),
      body: "anything=1",
      headers: { "content-type": "application/x-www-form-urlencoded", ...sent },
    });
    expect(result.status).toBe(403);
    expect(result.headers.get("content-type")).toMatch(/^text\/html/);
    expect(pageText(result.body)).toContain("This request came from another site and was refused.");
    expect(result.setCookies).toEqual([]);
    expect(result.location).toBeNull();
  });

  it("from the console itself or from another app passes the check", async () => {
    for (const origin of [apps.admin.url, apps.landing.url]) {
      const result = await postForm(`${apps.admin.url}/`, {}, { headers: { origin } });
      // Signed out: on to login; nothing was refused.
      expect(result.status, origin).toBe(303);
      expect(result.location).toBe(loginUrlFor(apps, `${apps.admin.url}/`));
    }
  });
});

describe("signing out from the admin console", () => {
  it("its form posts to landing, which ends the session for every app", async () => {
    const bob = await signUpAdmin(apps, "signout");
    expect((await get(`${apps.admin.url}/`, bob.token)).status).toBe(200);

    // As the browser sends the console's form: from the console's origin, cross-origin.
    const result = await postForm(
      `${apps.landing.url}/api/logout`,
      {},
      {
        cookie: cookie(bob.token),
        headers: { origin: apps.admin.url, "sec-fetch-site": "same-site" },
      },
    );
    expect(result.status).toBe(303);
    expect(clearsSessionCookie(result)).toBe(true);

    const after = await get(`${apps.admin.url}/`, bob.token);
    expect(after.status).toBe(303);
    expect(after.location).toBe(loginUrlFor(apps, `${apps.admin.url}/`));
  });

  it("the console's pages allow that form: form-action lists landing", async () => {
    const page = await get(`${apps.admin.url}/`, alice.token);
    const formAction = page.headers
      .get("content-security-policy")
      ?.split(";")
      .map((directive) => directive.trim())
      .find((directive) => directive.startsWith("form-action"));
    expect(formAction?.split(" ")).toContain(apps.landing.url);
  });
});
