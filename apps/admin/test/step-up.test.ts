// Step-up: the destructive actions (locking, ending sessions, role changes) need the
// password confirmed within 10 minutes in the very session that acts. Without it the browser
// is sent to confirm the password and comes back to the page it came from; nothing changes.
import { tagAttributes } from "@monorepo-auth/testing/html";
import { logIn, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionDocument } from "@monorepo-auth/testing/stored-sessions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertText, textOf } from "./support/html.ts";
import {
  confirmPassword,
  get,
  postAction,
  rolesOf,
  setSteppedUpAt,
  signUp,
  signUpAdmin,
  startApps,
  storedState,
  userIdOf,
  type TestApps,
} from "./support/apps.ts";

const MINUTE_MS = 60_000;

let apps: TestApps;
let boss: SignedIn;
let target: SignedIn;
let targetId: string;

beforeAll(async () => {
  apps = await startApps();
  [boss, target] = await Promise.all([signUpAdmin(apps, "boss"), signUp(apps, "target")]);
  targetId = await userIdOf(apps, target.username);
});
afterAll(async () => {
  await apps.stop();
});

/** Each destructive action on the target's page, with what it needs. */
function destructive(): { action: string; fields: Record<string, string> }[] {
  return [
    { action: "lock", fields: {} },
    { action: "endSession", fields: { sessionId: target.sessionId } },
    { action: "endAllSessions", fields: {} },
    { action: "grantAdmin", fields: {} },
  ];
}

const userPage = () => `/users/${targetId}`;
const confirmUrl = () => `/confirm?returnTo=${encodeURIComponent(userPage())}`;

async function expectSentToConfirm(person: SignedIn): Promise<void> {
  const before = await storedState(apps);
  for (const { action, fields } of destructive()) {
    const result = await postAction(apps, userPage(), action, fields, { token: person.token });
    expect(result.status, action).toBe(303);
    expect(result.location, action).toBe(confirmUrl());
  }
  expect(await storedState(apps)).toEqual(before);
}

describe("AD-06: a destructive action without a confirmed password", () => {
  it("AD-06 sends the browser to confirm the password, back to the page it came from; nothing changes", async () => {
    await expectSentToConfirm(boss);
  });

  it("AD-06 taking the admin role away asks for it too", async () => {
    const other = await signUpAdmin(apps, "other");
    const otherId = await userIdOf(apps, other.username);
    const result = await postAction(
      apps,
      `/users/${otherId}`,
      "revokeAdmin",
      {},
      { token: boss.token },
    );
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/confirm?returnTo=${encodeURIComponent(`/users/${otherId}`)}`);
    expect(await rolesOf(apps, other.username)).toEqual(["admin"]);
  });

  it("AD-06 after confirming there, the browser goes back and the action is done", async () => {
    const page = await get(`${apps.admin.url}${confirmUrl()}`, boss.token);
    expect(page.status).toBe(200);
    const confirmed = await postAction(
      apps,
      confirmUrl(),
      null,
      { username: boss.username, password: boss.password, returnTo: userPage() },
      { token: boss.token },
    );
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(userPage());

    const result = await postAction(apps, userPage(), "grantAdmin", {}, { token: boss.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${userPage()}?done=grant_admin`);
    expect(await rolesOf(apps, target.username)).toEqual(["admin"]);
    const shown = await get(`${apps.admin.url}${result.location ?? ""}`, boss.token);
    expect(textOf(shown.body)).toContain("This user is now an administrator.");
    expect(textOf(shown.body)).toMatch(/Your password is confirmed until .+ UTC/);
  });

  it("AD-06 a confirmation 10 minutes old no longer counts; one 9 minutes old still does", async () => {
    await confirmPassword(apps, boss);
    await setSteppedUpAt(apps, boss.sessionId, new Date(Date.now() - 10 * MINUTE_MS - 1_000));
    await expectSentToConfirm(boss);

    await setSteppedUpAt(apps, boss.sessionId, new Date(Date.now() - 9 * MINUTE_MS));
    const result = await postAction(apps, userPage(), "revokeAdmin", {}, { token: boss.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${userPage()}?done=revoke_admin`);
    expect(await rolesOf(apps, target.username)).toEqual([]);
  });

  it("AD-06 a confirmation in the future (a clock set back, a hand edit) does not count", async () => {
    await setSteppedUpAt(apps, boss.sessionId, new Date(Date.now() + 5 * MINUTE_MS));
    await expectSentToConfirm(boss);
  });

  it("AD-06 the confirmation does not carry over to another session of the same admin", async () => {
    await confirmPassword(apps, boss);
    const elsewhere = await logIn(apps, boss);
    await expectSentToConfirm(elsewhere);
    expect((await sessionDocument(apps, elsewhere.sessionId))?.steppedUpAt ?? null).toBeNull();
    // The session that confirmed can act.
    const result = await postAction(apps, userPage(), "lock", {}, { token: boss.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${userPage()}?done=lock`);
  });

  it("AD-06 unlocking is not destructive: it needs no confirmation", async () => {
    const fresh = await logIn(apps, boss);
    const result = await postAction(apps, userPage(), "unlock", {}, { token: fresh.token });
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${userPage()}?done=unlock`);
  });
});

describe("the confirm page", () => {
  it("asks for the password, with the username for password managers, and says how long it lasts", async () => {
    const result = await get(`${apps.admin.url}${confirmUrl()}`, boss.token);
    expect(result.status).toBe(200);
    const text = textOf(result.body);
    expect(text).toContain("Confirm your password");
    expect(text).toContain("it lasts 10 minutes, in this session only");
    const inputs = [...result.body.matchAll(/<input[^>]*>/g)].map(([tag]) => tagAttributes(tag));
    expect(inputs.find((input) => input.name === "username")).toMatchObject({
      type: "text",
      autocomplete: "username",
      value: boss.username,
      hidden: "",
      readonly: "",
    });
    expect(inputs.find((input) => input.name === "password")).toMatchObject({
      type: "password",
      autocomplete: "current-password",
      required: "",
    });
    expect(inputs.find((input) => input.name === "returnTo")?.value).toBe(userPage());
    expect(result.body).toMatch(/<label for="password">Password<\/label>/);
  });

  it("a wrong password: the form again with the message beside the field and announced (400)", async () => {
    const person = await signUpAdmin(apps, "wrong");
    const result = await postAction(
      apps,
      "/confirm",
      null,
      { password: "not my password at all", returnTo: "/" },
      { token: person.token },
    );
    expect(result.status).toBe(400);
    expect(alertText(result.body)).toBe("The current password is wrong.");
    expect(result.body).toMatch(
      /<input[^>]*aria-invalid="true"[^>]*aria-describedby="password-error"/,
    );
    expect(result.body).toMatch(
      /<span class="error" id="password-error">The current password is wrong.<\/span>/,
    );
    expect(result.body).not.toContain("not my password at all");
    expect((await sessionDocument(apps, person.sessionId))?.steppedUpAt ?? null).toBeNull();
  });

  it("throttled after repeated wrong passwords: 429 with the wait, even for the right one", async () => {
    const person = await signUpAdmin(apps, "guessed");
    const attempt = (password: string) =>
      postAction(apps, "/confirm", null, { password, returnTo: "/" }, { token: person.token });
    let result = await attempt("wrong guess 0");
    for (let guess = 1; guess < 15 && result.status === 400; guess++) {
      result = await attempt(`wrong guess ${String(guess)}`);
    }
    expect(result.status).toBe(429);
    const wait = Number(result.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(alertText(result.body)).toMatch(
      /^Too many attempts\. Please wait before trying again\. You can try again in \d+ minutes?\.$/,
    );
    const right = await attempt(person.password);
    expect(right.status).toBe(429);
    expect((await sessionDocument(apps, person.sessionId))?.steppedUpAt ?? null).toBeNull();
  });

  it("returns only to the console's own pages: anything else is refused (400), nothing confirmed", async () => {
    const person = await signUpAdmin(apps, "returns");
    const foreign = [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example/",
      "https:evil.example",
      "javascript:alert(1)",
      `${apps.landing.url}/`,
      `${apps.web.url}/account`,
      "http://user:pw@" + new URL(apps.admin.url).host + "/",
    ];
    for (const returnTo of foreign) {
      const page = await get(
        `${apps.admin.url}/confirm?returnTo=${encodeURIComponent(returnTo)}`,
        person.token,
      );
      expect(page.status, returnTo).toBe(400);
      expect(textOf(page.body), returnTo).toContain(
        "The page to return to is not one of this console's.",
      );
      const posted = await postAction(
        apps,
        "/confirm",
        null,
        { password: person.password, returnTo },
        { token: person.token },
      );
      expect(posted.status, returnTo).toBe(400);
      expect(posted.location, returnTo).toBeNull();
    }
    expect((await sessionDocument(apps, person.sessionId))?.steppedUpAt ?? null).toBeNull();
  });

  it("honours the console's own pages, written as paths or as full addresses", async () => {
    const person = await signUpAdmin(apps, "honoured");
    for (const [returnTo, expected] of [
      ["/audit?before=0123456789abcdef01234567", "/audit?before=0123456789abcdef01234567"],
      [`${apps.admin.url}/users/${targetId}`, `/users/${targetId}`],
      ["", "/"],
    ] as const) {
      const result = await postAction(
        apps,
        "/confirm",
        null,
        { password: person.password, returnTo },
        { token: person.token },
      );
      expect(result.status, returnTo).toBe(303);
      expect(result.location, returnTo).toBe(expected);
    }
    expect((await sessionDocument(apps, person.sessionId))?.steppedUpAt).toBeInstanceOf(Date);
  });
});
