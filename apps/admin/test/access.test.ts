// Who may use the admin console, asked before any page or action runs: an unlocked
// administrator only (read from the database on every request); everyone else signed in
// gets the 403 page and changes nothing; a signed-out visitor goes to landing's login and
// comes back; and no action is taken from another site (the shared origin check).
import { cookieHeader } from "@monorepo-auth/testing/auth-cookies";
import { postAsClient } from "@monorepo-auth/testing/client-request";
import { request, sessionTokenFrom, type HttpResult } from "@monorepo-auth/testing/http";
import type { SignedIn } from "@monorepo-auth/testing/sign-in";
import { uniqueIp } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  confirmPassword,
  get,
  loginUrlFor,
  pageText,
  postAction,
  setLockedAt,
  signUp,
  signUpAdmin,
  startApps,
  storedState,
  userIdOf,
  type TestApps,
} from "./support/apps.ts";

let apps: TestApps;
/** An administrator whose password is confirmed: any action of theirs would go through. */
let boss: SignedIn;
let plain: SignedIn;
let lockedAdmin: SignedIn;
let target: SignedIn;
let ids: { boss: string; plain: string; target: string };

beforeAll(async () => {
  apps = await startApps();
  [boss, plain, lockedAdmin, target] = await Promise.all([
    signUpAdmin(apps, "boss"),
    signUp(apps, "plain"),
    signUpAdmin(apps, "locked-admin"),
    signUp(apps, "target"),
  ]);
  await confirmPassword(apps, boss);
  // Locking through the console would end every session of theirs: the lock is set behind
  // its back, so that a locked administrator still holds a live session.
  await setLockedAt(apps, lockedAdmin.username, new Date());
  ids = {
    boss: await userIdOf(apps, boss.username),
    plain: await userIdOf(apps, plain.username),
    target: await userIdOf(apps, target.username),
  };
});
afterAll(async () => {
  await apps.stop();
});

/** Every page of the console, as paths. */
function pages(): string[] {
  return [
    "/",
    "/?q=t&page=2",
    `/users/${ids.target}`,
    `/users/${ids.boss}`,
    "/audit",
    "/audit?before=0123456789abcdef01234567",
    "/confirm",
    "/confirm?returnTo=%2Faudit",
    "/no/such/page",
  ];
}

/** Every form the console has, with fields that would succeed for a stepped-up admin. */
function actions(): { path: string; action: string | null; fields: Record<string, string> }[] {
  const user = `/users/${ids.target}`;
  return [
    { path: user, action: "lock", fields: {} },
    { path: user, action: "unlock", fields: {} },
    { path: user, action: "endSession", fields: { sessionId: target.sessionId } },
    { path: user, action: "endAllSessions", fields: {} },
    { path: `/users/${ids.plain}`, action: "grantAdmin", fields: {} },
    { path: `/users/${ids.boss}`, action: "revokeAdmin", fields: {} },
    { path: "/confirm", action: null, fields: { password: "", returnTo: "/" } },
    { path: "/", action: null, fields: {} },
    { path: "/audit", action: null, fields: {} },
  ];
}

function expectForbidden(result: HttpResult, person: SignedIn, what: string): void {
  expect(result.status, what).toBe(403);
  expect(result.headers.get("content-type"), what).toMatch(/^text\/html/);
  const text = pageText(result.body);
  expect(text, what).toContain("Not for this account");
  expect(text, what).toContain(`You are signed in as <strong>${person.username}</strong>`);
  expect(result.location, what).toBeNull();
  // Nothing of the console: no navigation to its sections, no user, no entry.
  expect(text, what).not.toContain("Audit log");
  expect(text, what).not.toContain(target.username);
}

describe("AD-01: signed in without the admin role", () => {
  it("AD-01 every page answers the 403 page, naming who is signed in", async () => {
    for (const path of pages()) {
      expectForbidden(await get(`${apps.admin.url}${path}`, plain.token), plain, path);
    }
  });

  it("AD-01 every action answers the 403 page and changes nothing", async () => {
    const before = await storedState(apps);
    for (const { path, action, fields } of actions()) {
      const withPassword = action === null && path === "/confirm";
      const body = withPassword ? { ...fields, password: plain.password } : fields;
      const result = await postAction(apps, path, action, body, { token: plain.token });
      expectForbidden(result, plain, `${path} ${String(action)}`);
    }
    expect(await storedState(apps)).toEqual(before);
  });

  it("AD-01 the refusal is decided on every request: a role granted and taken counts at once", async () => {
    const later = await signUp(apps, "later");
    expect((await get(`${apps.admin.url}/`, later.token)).status).toBe(403);
    const laterId = await userIdOf(apps, later.username);
    expect(
      (await postAction(apps, `/users/${laterId}`, "grantAdmin", {}, { token: boss.token })).status,
    ).toBe(303);
    expect((await get(`${apps.admin.url}/`, later.token)).status).toBe(200);
    expect(
      (await postAction(apps, `/users/${laterId}`, "revokeAdmin", {}, { token: boss.token }))
        .status,
    ).toBe(303);
    expectForbidden(await get(`${apps.admin.url}/`, later.token), later, "after revoking");
  });
});

describe("AD-01: an administrator whose account is locked", () => {
  it("AD-01 a locked admin with a live session gets the 403 page on every page", async () => {
    for (const path of pages()) {
      expectForbidden(await get(`${apps.admin.url}${path}`, lockedAdmin.token), lockedAdmin, path);
    }
  });

  it("AD-01 a locked admin's actions answer the 403 page and change nothing", async () => {
    const before = await storedState(apps);
    for (const { path, action, fields } of actions()) {
      const result = await postAction(apps, path, action, fields, { token: lockedAdmin.token });
      expectForbidden(result, lockedAdmin, `${path} ${String(action)}`);
    }
    expect(await storedState(apps)).toEqual(before);
  });
});

describe("AD-02: signed out", () => {
  it("AD-02 every page sends the visitor to landing's login, with the page to come back to", async () => {
    for (const path of pages()) {
      const result = await get(`${apps.admin.url}${path}`);
      expect(result.status, path).toBe(303);
      expect(result.location, path).toBe(loginUrlFor(apps, `${apps.admin.url}${path}`));
      expect(result.setCookies, path).toEqual([]);
    }
  });

  it("AD-02 every action goes to login too, and changes nothing", async () => {
    const before = await storedState(apps);
    for (const { path, action, fields } of actions()) {
      const result = await postAction(apps, path, action, fields);
      expect(result.status, path).toBe(303);
      expect(result.location, path).toMatch(new RegExp(`^${apps.landing.url}/login\\?returnTo=`));
    }
    expect(await storedState(apps)).toEqual(before);
  });

  it("AD-02 after logging in there, landing's 303 leads back to the very page", async () => {
    for (const path of pages().filter((page) => !page.startsWith("/no/"))) {
      const page = `${apps.admin.url}${path}`;
      const login = await postAsClient(
        `${apps.landing.url}/api/login`,
        { username: boss.username, password: boss.password, returnTo: page },
        { ip: uniqueIp(), origin: apps.origins.landing },
      );
      expect(login.status, path).toBe(303);
      expect(login.location, path).toBe(page);
      const shown = await get(page, sessionTokenFrom(login));
      expect(shown.status, path).toBe(200);
    }
  });
});

describe("AD-03: an action sent from another site", () => {
  const senders: [string, Record<string, string>][] = [
    ["from a foreign origin", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["from a sibling port of the same host", { origin: "http://127.0.0.1:1" }],
    ["with Origin: null", { origin: "null" }],
    ["with no Origin and no Sec-Fetch-Site", {}],
    ["with no Origin, cross-site", { "sec-fetch-site": "cross-site" }],
  ];

  it.each(senders)(
    "AD-03 every action %s is refused with 403 and changes nothing, though its sender could act",
    async (_label, headers) => {
      const before = await storedState(apps);
      for (const { path, action, fields } of actions()) {
        // The administrator's own cookie and password: only the origin check stands between.
        const body = path === "/confirm" ? { ...fields, password: boss.password } : fields;
        const url = `${apps.admin.url}${path}${action === null ? "" : `?/${action}`}`;
        const result = await request(url, {
          method: "POST",
          cookie: cookieHeader(boss.token),
          body: new URLSearchParams(body).toString(),
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        });
        const what = `${path} ${String(action)}`;
        expect(result.status, what).toBe(403);
        expect(pageText(result.body), what).toContain(
          "This request came from another site and was refused.",
        );
        expect(result.location, what).toBeNull();
        expect(result.setCookies, what).toEqual([]);
      }
      expect(await storedState(apps)).toEqual(before);
    },
  );

  it("AD-03 the same action from the console's own page goes through", async () => {
    const result = await postAction(
      apps,
      `/users/${ids.target}`,
      "endAllSessions",
      {},
      {
        token: boss.token,
      },
    );
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/users/${ids.target}?done=end_all_sessions`);
  });
});
