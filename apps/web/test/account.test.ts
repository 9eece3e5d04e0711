// The account page and its server actions, submitted as a browser without JavaScript
// does (see support/forms.ts): the session list, revoking one session, signing out
// everywhere (LO-03), changing the password, and every action called without a session
// (MB-03).
import { clearsSessionCookie, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { logIn, logInAttempt, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionCount, sessionDocument } from "@monorepo-auth/testing/stored-sessions";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  CHROME_ON_LINUX,
  FIREFOX_ON_WINDOWS,
  get,
  me,
  pageText,
  startApps,
} from "./support/apps.ts";
import {
  changePasswordForm,
  formStatus,
  formsIn,
  revokeForm,
  signOutEverywhereForm,
  submitForm,
  type PageForm,
} from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;

beforeAll(async () => {
  apps = await startApps();
});

afterAll(async () => {
  await apps.stop();
});

const accountUrl = () => `${apps.web.url}/account`;

async function accountPage(token: string): Promise<string> {
  const result = await get(accountUrl(), token);
  expect(result.status).toBe(200);
  return result.body;
}

/** Whether `token` is alive, asked of both apps: web's /api/me and landing's /login. */
async function isAlive(token: string): Promise<{ web: number; landing: number }> {
  const [web, landing] = await Promise.all([
    get(`${apps.web.url}/api/me`, token),
    get(`${apps.landing.url}/login`, token),
  ]);
  // Landing sends a signed-in person on to web (303), and shows the form (200) otherwise.
  return { web: web.status, landing: landing.status };
}

const ALIVE = { web: 200, landing: 303 };
const DEAD = { web: 401, landing: 200 };

/** The `<li>` of the session list that holds this session's revoke form. */
function sessionItem(html: string, sessionId: string): string {
  const item = [...html.matchAll(/<li class="session"[\s\S]*?<\/li>/g)]
    .map(([li]) => li)
    .find((li) => li.includes(`value="${sessionId}"`));
  if (!item) throw new Error(`session ${sessionId} is not listed`);
  return item;
}

describe("the account page", () => {
  let alice: SignedIn;
  let laptop: SignedIn;
  let html: string;

  beforeAll(async () => {
    alice = await signUp(
      apps,
      { prefix: "acct" },
      { userAgent: CHROME_ON_LINUX, ip: "10.20.30.40" },
    );
    laptop = await logIn(apps, alice, { userAgent: FIREFOX_ON_WINDOWS, ip: "10.20.30.41" });
    await signUp(apps, { prefix: "stranger" }, { userAgent: CHROME_ON_LINUX, ip: "10.20.30.42" });
    html = await accountPage(alice.token);
  });

  it("lists each of the user's sessions, and only theirs, with a revoke form each", () => {
    const items = [...html.matchAll(/<li class="session"/g)];
    expect(items).toHaveLength(2);
    expect(revokeForm(html, alice.sessionId).html).toMatch(/<button[^>]*type="submit"/);
    expect(revokeForm(html, laptop.sessionId).html).toMatch(/<button[^>]*type="submit"/);
    expect(pageText(html)).toContain(`Signed in as <strong>${alice.username}</strong>`);
  });

  it("marks this device, and describes each device and its address", () => {
    const current = pageText(sessionItem(html, alice.sessionId));
    expect(current).toContain("This device");
    expect(current).toContain("Chrome on Linux");
    expect(current).toContain("10.20.30.40");
    expect(current).toMatch(/Sign out<\/button>/);

    const other = pageText(sessionItem(html, laptop.sessionId));
    expect(other).not.toContain("This device");
    expect(other).toContain("Firefox on Windows");
    expect(other).toContain("10.20.30.41");
    expect(other).toMatch(/End session<\/button>/);
    const items = [...html.matchAll(/<li class="session"[\s\S]*?<\/li>/g)].map(([li]) => li);
    expect(items.filter((li) => li.includes("This device"))).toHaveLength(1);
  });

  it("shows when each session started and was last seen", () => {
    const current = pageText(sessionItem(html, alice.sessionId));
    expect(current).toMatch(/signed in [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC/);
    expect(current).toMatch(/last seen [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  });

  it("marks the other session as this device when asked with its cookie", async () => {
    const fromLaptop = await accountPage(laptop.token);
    expect(sessionItem(fromLaptop, laptop.sessionId)).toContain("This device");
    expect(sessionItem(fromLaptop, alice.sessionId)).not.toContain("This device");
  });

  it("has sign-out-everywhere and sign-out forms", () => {
    expect(signOutEverywhereForm(html).html).toContain("Sign out everywhere");
    expect(
      formsIn(html).some(
        (form) => form.html.includes('action="/api/logout"') && /method="post"/i.test(form.html),
      ),
    ).toBe(true);
  });

  it("has a change-password form with the right autocomplete hints and the rules", () => {
    const form = changePasswordForm(html).html;
    expect(form).toMatch(
      /<input\b(?=[^>]*name="currentPassword")(?=[^>]*autocomplete="current-password")[^>]*>/i,
    );
    expect(form).toMatch(
      /<input\b(?=[^>]*name="newPassword")(?=[^>]*autocomplete="new-password")[^>]*>/i,
    );
    expect(form).toMatch(/<input\b(?=[^>]*name="currentPassword")(?=[^>]*type="password")/);
    expect(form).toMatch(/<input\b(?=[^>]*name="newPassword")(?=[^>]*type="password")/);
    const rules = pageText(form);
    expect(rules).toContain("8 to 256 characters");
    expect(rules).toContain("Not a commonly used password, and not containing your username.");
    expect(rules).toContain("Every other session of yours will be signed out.");
  });
});

describe("LO-03: sign out everywhere", () => {
  it("ends every session of the user on both apps, and nobody else's", async () => {
    const alice = await signUp(apps, { prefix: "lo03" });
    const alice2 = await logIn(apps, alice);
    const bob = await signUp(apps, { prefix: "lo03bob" });
    const form = signOutEverywhereForm(await accountPage(alice.token));

    const result = await submitForm(accountUrl(), form, {}, { token: alice.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${apps.landing.url}/`);
    expect(clearsSessionCookie(result)).toBe(true);

    expect(await isAlive(alice.token)).toEqual(DEAD);
    expect(await isAlive(alice2.token)).toEqual(DEAD);
    expect(await sessionCount(apps, alice.username)).toBe(0);
    expect(await isAlive(bob.token)).toEqual(ALIVE);
  });
});

describe("revoking one session", () => {
  let alice: SignedIn;
  let phone: SignedIn;
  let bob: SignedIn;
  let form: PageForm;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "revoke" });
    phone = await logIn(apps, alice);
    bob = await signUp(apps, { prefix: "revokebob" });
    form = revokeForm(await accountPage(alice.token), phone.sessionId);
  });

  it("a session id of another user changes nothing", async () => {
    const result = await submitForm(
      accountUrl(),
      form,
      { sessionId: bob.sessionId },
      {
        token: alice.token,
      },
    );
    expect(result.status).toBe(200);
    expect(sessionCookieLines(result)).toEqual([]);
    expect(await isAlive(bob.token)).toEqual(ALIVE);
    expect(await sessionDocument(apps, bob.sessionId)).not.toBeNull();
    expect(await isAlive(alice.token)).toEqual(ALIVE);
    expect(await isAlive(phone.token)).toEqual(ALIVE);
  });

  it.each([
    ["malformed", "../../etc"],
    ["empty", ""],
    ["unknown", "AAAAAAAAAAAAAAAAAAAAAA"],
  ])("a %s session id changes nothing", async (_label, sessionId) => {
    const result = await submitForm(accountUrl(), form, { sessionId }, { token: alice.token });
    expect(result.status).toBe(200);
    expect(await sessionCount(apps, alice.username)).toBe(2);
    expect(await isAlive(phone.token)).toEqual(ALIVE);
  });

  it("ends only the chosen session of the user, on both apps", async () => {
    const result = await submitForm(accountUrl(), form, {}, { token: alice.token });
    expect(result.status).toBe(200);
    expect(sessionCookieLines(result)).toEqual([]);
    // The page comes back without the ended session.
    expect(result.body).not.toContain(phone.sessionId);
    expect(result.body).toContain(alice.sessionId);

    expect(await isAlive(phone.token)).toEqual(DEAD);
    expect(await isAlive(alice.token)).toEqual(ALIVE);
    expect(await isAlive(bob.token)).toEqual(ALIVE);
  });

  it("revoking this device's own session signs it out", async () => {
    const own = revokeForm(await accountPage(alice.token), alice.sessionId);
    const result = await submitForm(accountUrl(), own, {}, { token: alice.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${apps.landing.url}/`);
    expect(clearsSessionCookie(result)).toBe(true);
    expect(await isAlive(alice.token)).toEqual(DEAD);
    expect(await isAlive(bob.token)).toEqual(ALIVE);
  });
});

describe("changing the password", () => {
  let alice: SignedIn;
  let other: SignedIn;
  let form: PageForm;
  const newPassword = "a whole new passphrase 7";

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "pw" });
    other = await logIn(apps, alice);
    form = changePasswordForm(await accountPage(alice.token));
  });

  it("refuses a wrong current password, and changes nothing", async () => {
    const result = await submitForm(
      accountUrl(),
      form,
      { currentPassword: "not my password", newPassword },
      { token: alice.token },
    );
    expect(result.status).toBe(200);
    expect(formStatus(result.body)).toBe("The current password is wrong.");
    expect(await isAlive(other.token)).toEqual(ALIVE);
  });

  it("refuses a new password that contains the username, and changes nothing", async () => {
    const result = await submitForm(
      accountUrl(),
      form,
      { currentPassword: alice.password, newPassword: `my ${alice.username} pass` },
      { token: alice.token },
    );
    expect(result.status).toBe(200);
    expect(formStatus(result.body)).toBe("The password must not contain the username.");
    expect(await isAlive(other.token)).toEqual(ALIVE);
    expect((await logIn(apps, alice)).token).toBeTruthy();
  });

  it("sets the new password, ends the other sessions, and keeps this one", async () => {
    // The login in the previous test left a third session; all but this one must end.
    const before = await sessionCount(apps, alice.username);
    expect(before).toBeGreaterThanOrEqual(2);
    const result = await submitForm(
      accountUrl(),
      form,
      { currentPassword: alice.password, newPassword },
      { token: alice.token },
    );
    expect(result.status).toBe(200);
    const ended = before - 1;
    expect(formStatus(result.body)).toBe(
      `Password changed. ${String(ended)} other session${ended === 1 ? "" : "s"} ended.`,
    );
    expect(sessionCookieLines(result).filter((line) => line.startsWith("session=;"))).toEqual([]);

    expect(await isAlive(other.token)).toEqual(DEAD);
    expect(await isAlive(alice.token)).toEqual(ALIVE);
    expect(await sessionCount(apps, alice.username)).toBe(1);

    const old = await logInAttempt(apps, alice);
    expect(old.status).toBe(400);
    expect(sessionCookieLines(old)).toEqual([]);
    const fresh = await logIn(apps, { username: alice.username, password: newPassword });
    expect(await me(apps, fresh.token)).toMatchObject({ status: 200 });
  });
});

describe("MB-03: actions without a session", () => {
  let bob: SignedIn;
  let forms: { revoke: PageForm; everywhere: PageForm; password: PageForm };

  beforeAll(async () => {
    // The forms (and so the action ids) come from a page someone signed in was shown.
    const alice = await signUp(apps, { prefix: "mb03" });
    bob = await signUp(apps, { prefix: "mb03bob" });
    const html = await accountPage(alice.token);
    forms = {
      revoke: revokeForm(html, alice.sessionId),
      everywhere: signOutEverywhereForm(html),
      password: changePasswordForm(html),
    };
  });

  const cases = [
    ["revoke, aimed at another user's session", "revoke"],
    ["sign out everywhere", "everywhere"],
    ["change password", "password"],
  ] as const;

  for (const [cookieLabel, token] of [
    ["no cookie", undefined],
    ["a dead cookie", "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"],
  ] as const) {
    it.each(cases)(
      `%s with ${cookieLabel} redirects to login and does nothing`,
      async (_label, kind) => {
        const fields: Record<string, string> =
          kind === "revoke"
            ? { sessionId: bob.sessionId }
            : kind === "password"
              ? { currentPassword: bob.password, newPassword: "another passphrase 9" }
              : {};
        const before = await sessionCount(apps, bob.username);
        const result = await submitForm(accountUrl(), forms[kind], fields, {
          ...(token ? { token } : {}),
        });
        expect(result.status).toBe(303);
        expect(result.location).toBe(
          `${apps.landing.url}/login?returnTo=${encodeURIComponent("/account")}`,
        );
        expect(result.body).not.toContain(bob.username);
        expect(result.body).not.toContain(bob.sessionId);
        expect(result.body).not.toContain("Active sessions");
        expect(await isAlive(bob.token)).toEqual(ALIVE);
        expect(await sessionCount(apps, bob.username)).toBe(before);
        // Bob's password is unchanged.
        expect((await logInAttempt(apps, bob)).status).toBe(303);
      },
    );
  }
});
