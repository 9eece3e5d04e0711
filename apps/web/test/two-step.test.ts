// The two-step card of the account page, submitted as a browser without JavaScript does (see
// support/forms.ts): setting up an authenticator app (its QR code and key, a wrong code, the
// first right code and the recovery codes shown once), signing in with it, new recovery
// codes, turning it off, a server without the key to seal authenticator keys, and the
// actions without a session. The codes are computed as an app computes them.
import { freePort, startApp, type AppServer } from "@monorepo-auth/testing/app-server";
import { postAsClient } from "@monorepo-auth/testing/client-request";
import { tagAttributes } from "@monorepo-auth/testing/html";
import { cookieValue, sessionTokenFrom, type HttpResult } from "@monorepo-auth/testing/http";
import { authEvents } from "@monorepo-auth/testing/logs";
import { logIn, logInAttempt, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { authenticatorCode } from "@monorepo-auth/testing/totp";
import { uniqueIp } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, pageText, startApps } from "./support/apps.ts";
import {
  authenticatorSetupForm,
  formStatus,
  formsIn,
  newRecoveryCodesForm,
  submitForm,
  turnOffTwoStepForm,
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
const RECOVERY_CODE = /^[a-z2-9]{5}-[a-z2-9]{5}$/;
const SAVE_NOW = "Save these now; each works once; they will not be shown again.";

async function accountPage(token: string, url = accountUrl()): Promise<string> {
  const result = await get(url, token);
  expect(result.status).toBe(200);
  return result.body;
}

/** The two-step card of a page, without React's text separators. */
function twoStepCard(html: string): string {
  const card = /<section[^>]*aria-labelledby="two-step-title"[\s\S]*?<\/section>/.exec(html);
  if (!card) throw new Error("no two-step card on the page");
  return pageText(card[0]);
}

/** Submits a form of `html` (a page `person` was shown) as `person`; the answer is the page. */
async function submitIn(
  person: SignedIn,
  html: string,
  which: (html: string) => PageForm,
  fields: Record<string, string> = {},
  url = accountUrl(),
): Promise<HttpResult> {
  const result = await submitForm(url, which(html), fields, { token: person.token });
  expect(result.status, result.body.slice(0, 300)).toBe(200);
  return result;
}

/** Submits a form of `person`'s account page as it is now. */
async function submit(
  person: SignedIn,
  which: (html: string) => PageForm,
  fields: Record<string, string> = {},
): Promise<HttpResult> {
  return submitIn(person, await accountPage(person.token), which, fields);
}

/** The key shown for typing in, spaces taken out, and the QR code's image source. */
function shownKey(html: string): { grouped: string; secret: string; qrCode: string } {
  const grouped = /<code aria-labelledby="totp-secret-label">([^<]*)<\/code>/.exec(html)?.[1];
  const img = /<img\b[^>]*class="qr-code"[^>]*>/.exec(html)?.[0];
  if (grouped === undefined || img === undefined) throw new Error("no key on the page");
  return { grouped, secret: grouped.replace(/ /g, ""), qrCode: tagAttributes(img).src ?? "" };
}

/** The recovery codes a page shows, in order. */
function recoveryCodesIn(html: string): string[] {
  const list = /<ul class="recovery-codes"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
  return [...list.matchAll(/<code>([^<]*)<\/code>/g)].map(([, code]) => code ?? "");
}

/** Six digits that are none of the codes the server accepts around now. */
function wrongCode(secret: string): string {
  const near = [-2, -1, 0, 1, 2].map((offset) => authenticatorCode(secret, new Date(), offset));
  const code = ["000000", "111111", "222222", "333333", "444444", "555555"].find(
    (candidate) => !near.includes(candidate),
  );
  if (!code) throw new Error("no wrong code");
  return code;
}

/** Whether `token` is a live session, as web's /api/me says. */
async function isAlive(token: string): Promise<boolean> {
  const result = await get(`${apps.web.url}/api/me`, token);
  return result.status === 200;
}

/** The hidden fields of every form of a page, as one text: what a later post sends back. */
function hiddenFields(html: string): string {
  return formsIn(html)
    .flatMap((form) => form.hidden.map(([, value]) => value))
    .join("\n");
}

/** Sets up and turns on an authenticator app for `person`, with the current step's code. */
async function turnOn(
  person: SignedIn,
): Promise<{ secret: string; recoveryCodes: string[]; answer: HttpResult }> {
  const started = await submit(person, authenticatorSetupForm);
  const { secret } = shownKey(started.body);
  const answer = await submitIn(person, started.body, authenticatorSetupForm, {
    code: authenticatorCode(secret),
  });
  return { secret, recoveryCodes: recoveryCodesIn(answer.body), answer };
}

/** Logs in on landing and finishes the second step with `code`: landing's answer. */
async function logInWithCode(person: SignedIn, code: string): Promise<HttpResult> {
  const ip = uniqueIp();
  const attempt = await logInAttempt(apps, person, { ip });
  expect(attempt.status).toBe(303);
  expect(attempt.location).toMatch(/^\/two-step/);
  expect(sessionTokenFrom(attempt)).toBeNull();
  const pending = attempt.setCookies.map((line) => cookieValue(line, "pending")).find(Boolean);
  if (!pending) throw new Error("no pending sign-in cookie");
  return postAsClient(
    `${apps.landing.url}/api/two-step`,
    { code },
    { ip, cookie: `pending=${pending}`, origin: apps.origins.landing },
  );
}

describe("the card while two-step verification is off", () => {
  let alice: SignedIn;
  let html: string;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "twooff" });
    html = await accountPage(alice.token);
  });

  it("explains it, and offers to set up an app", () => {
    const card = twoStepCard(html);
    expect(card).toContain("Two-step verification");
    expect(card).toContain("Ask for a code from an authenticator app after your password.");
    expect(authenticatorSetupForm(html).html).toMatch(/Set up an authenticator app<\/button>/);
    expect(card).not.toContain("recovery codes left");
    expect(() => newRecoveryCodesForm(html)).toThrow();
    expect(() => turnOffTwoStepForm(html)).toThrow();
  });

  it("sits between the email card and the change-password card", () => {
    const order = ["email-title", "two-step-title", "password-title"].map((id) =>
      html.indexOf(`aria-labelledby="${id}"`),
    );
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("says the session signed in with a password", () => {
    expect(pageText(html)).toMatch(/ UTC with password · last seen /);
  });
});

describe("setting up an authenticator app", () => {
  let alice: SignedIn;
  let laptop: SignedIn;
  let started: HttpResult;
  let secret: string;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "twosetup" });
    laptop = await logIn(apps, alice);
    started = await submit(alice, authenticatorSetupForm);
    secret = shownKey(started.body).secret;
  });

  it("shows a QR code of the key as an SVG image, and the key in groups of four", () => {
    const { grouped, qrCode } = shownKey(started.body);
    expect(grouped).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    const svg = Buffer.from(qrCode.split(",")[1] ?? "", "base64").toString();
    expect(svg).toMatch(/^<svg\b[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|on\w+=/i);
    expect(pageText(started.body)).toMatch(/<span id="totp-secret-label">Key<\/span>/);
  });

  it("asks for the app's code in a field made for one-time codes", () => {
    const form = authenticatorSetupForm(started.body).html;
    expect(form).toMatch(
      /<input\b(?=[^>]*name="code")(?=[^>]*inputmode="numeric")(?=[^>]*autocomplete="one-time-code")[^>]*>/i,
    );
    expect(form).toMatch(/<label for="totp-setup-code">Code from the app<\/label>/);
    const ids = [...started.body.matchAll(/\bid="([^"]+)"/g)].map(([, id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("puts the key in no URL and no cookie, and leaves the app off until a code confirms it", async () => {
    expect(started.location).toBeNull();
    expect(started.setCookies).toEqual([]);
    const html = await accountPage(alice.token);
    expect(html).not.toContain(secret);
    expect(twoStepCard(html)).toContain("Ask for a code from an authenticator app");
  });

  it("refuses a wrong code, turns nothing on, and shows the same key again", async () => {
    const answer = await submitIn(alice, started.body, authenticatorSetupForm, {
      code: wrongCode(secret),
    });
    const message = "That code is not right, or it was used already.";
    expect(formStatus(answer.body, authenticatorSetupForm)).toBe(message);
    const form = authenticatorSetupForm(answer.body).html;
    expect(pageText(form)).toContain(`id="totp-setup-code-error">${message}<`);
    expect(form).toMatch(/<input\b(?=[^>]*name="code")(?=[^>]*aria-invalid="true")/);
    expect(shownKey(answer.body).secret).toBe(secret);
    expect(recoveryCodesIn(answer.body)).toEqual([]);
    const card = twoStepCard(await accountPage(alice.token));
    expect(card).toContain("Ask for a code from an authenticator app");
    expect(await isAlive(laptop.token)).toBe(true);
    // The page the refusal answered with is where the next try comes from.
    started = answer;
  });

  it("shows nothing of a form state that was not the server's", async () => {
    // Without JavaScript the form carries its state back (`$ACTION_<n>:1`): anyone can edit it.
    const form = authenticatorSetupForm(started.body);
    const [stateField] = form.hidden.find(([name]) => /^\$ACTION_\d+:1$/.test(name)) ?? [];
    if (!stateField) throw new Error("no form state in the setup form");
    const forged = {
      step: "confirm",
      secret: "AAAAAAAAAAAAAAAA",
      uri: "https://evil.test/?secret=AAAAAAAAAAAAAAAA",
      qrCode: "data:image/svg+xml;base64,PHN2Zy8+",
      message: "",
      field: null,
    };
    for (const state of ["[null]", JSON.stringify([forged])]) {
      const answer = await submitIn(alice, started.body, authenticatorSetupForm, {
        [stateField]: state,
        code: wrongCode(secret),
      });
      expect(formStatus(answer.body, authenticatorSetupForm)).toBe(
        "This setup has ended: it was finished or started again elsewhere. Please start again.",
      );
      expect(answer.body).not.toMatch(/evil\.test|PHN2Zy8\+|AAAAAAAAAAAAAAAA/);
    }
  });

  describe("with the right code", () => {
    let answer: HttpResult;
    let recoveryCodes: string[];

    beforeAll(async () => {
      answer = await submitIn(alice, started.body, authenticatorSetupForm, {
        code: authenticatorCode(secret),
      });
      recoveryCodes = recoveryCodesIn(answer.body);
    });

    it("turns it on and shows ten recovery codes, once", async () => {
      const card = twoStepCard(answer.body);
      expect(card).toContain("Two-step verification is on. 1 other session ended.");
      expect(card).toContain(SAVE_NOW);
      expect(recoveryCodes).toHaveLength(10);
      for (const code of recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
      expect(new Set(recoveryCodes).size).toBe(10);
      // Not in a form that would send them back, nor in a URL or a cookie, nor shown again.
      const hidden = hiddenFields(answer.body);
      for (const code of recoveryCodes) expect(hidden).not.toContain(code);
      expect(answer.location).toBeNull();
      expect(answer.setCookies).toEqual([]);
      const later = await accountPage(alice.token);
      for (const code of [...recoveryCodes, secret]) expect(later).not.toContain(code);
    });

    it("ends the user's other sessions, and keeps this one", async () => {
      expect(await isAlive(laptop.token)).toBe(false);
      expect(await isAlive(alice.token)).toBe(true);
    });

    it("then shows the card on, with ten recovery codes left", async () => {
      const html = await accountPage(alice.token);
      const card = twoStepCard(html);
      expect(card).toContain("<strong>On</strong> — you are asked for a code after your password.");
      expect(card).toContain("10 recovery codes left.");
      expect(() => authenticatorSetupForm(html)).toThrow();
      expect(newRecoveryCodesForm(html).html).toMatch(/New recovery codes<\/button>/);
      expect(turnOffTwoStepForm(html).html).toMatch(/Turn off<\/button>/);
      const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map(([, id]) => id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("asks for a code at the next login; each session says how it signed in", async () => {
      // The setup spent this step's code: the next step's is the one an app shows next.
      const withApp = await logInWithCode(alice, authenticatorCode(secret, new Date(), 1));
      expect(withApp.status).toBe(303);
      const appToken = sessionTokenFrom(withApp);
      const withRecovery = await logInWithCode(alice, recoveryCodes[0] ?? "");
      expect(withRecovery.status).toBe(200);
      const recoveryToken = sessionTokenFrom(withRecovery);
      if (!appToken || !recoveryToken) throw new Error("a second step did not sign in");

      const html = pageText(await accountPage(alice.token));
      expect(html).toMatch(/ UTC with password · last seen /);
      expect(html).toMatch(/ UTC with password and app code · last seen /);
      expect(html).toMatch(/ UTC with password and recovery code · last seen /);
      expect(twoStepCard(html)).toContain("9 recovery codes left.");
    });

    it("logs that it was turned on, and never the key or a code", () => {
      const logs = apps.web.logs() + apps.landing.logs();
      expect(authEvents(apps.web.logs()).some((event) => event.type === "totp_enabled")).toBe(true);
      for (const code of [...recoveryCodes, secret]) expect(logs).not.toContain(code);
    });
  });
});

describe("MF-04, MF-06: with two-step verification on", () => {
  let bob: SignedIn;
  let secret: string;
  let first: string[];

  beforeAll(async () => {
    bob = await signUp(apps, { prefix: "twoon" });
    ({ secret, recoveryCodes: first } = await turnOn(bob));
  });

  it("new recovery codes need the password", async () => {
    const refused = await submit(bob, newRecoveryCodesForm, { password: "not my password" });
    const message = "The current password is wrong.";
    expect(formStatus(refused.body, newRecoveryCodesForm)).toBe(message);
    expect(pageText(newRecoveryCodesForm(refused.body).html)).toContain(
      `id="codes-password-error">${message}<`,
    );
    expect(recoveryCodesIn(refused.body)).toEqual([]);
    expect(refused.body).not.toContain("not my password");

    const answer = await submit(bob, newRecoveryCodesForm, { password: bob.password });
    const fresh = recoveryCodesIn(answer.body);
    const card = twoStepCard(answer.body);
    expect(card).toContain("New recovery codes made: the old ones no longer work.");
    expect(card).toContain(SAVE_NOW);
    expect(fresh).toHaveLength(10);
    for (const code of fresh) expect(code).toMatch(RECOVERY_CODE);
    expect(fresh.filter((code) => first.includes(code))).toEqual([]);
    const hidden = hiddenFields(answer.body);
    for (const code of fresh) expect(hidden).not.toContain(code);
    expect(twoStepCard(await accountPage(bob.token))).toContain("10 recovery codes left.");
  });

  it("turning off needs the password", async () => {
    const answer = await submit(bob, turnOffTwoStepForm, {
      password: "not my password",
      code: authenticatorCode(secret, new Date(), 1),
    });
    const message = "The current password is wrong.";
    expect(formStatus(answer.body, turnOffTwoStepForm)).toBe(message);
    expect(pageText(turnOffTwoStepForm(answer.body).html)).toContain(
      `id="totp-off-password-error">${message}<`,
    );
    expect(twoStepCard(answer.body)).toContain("<strong>On</strong>");
  });

  it("turning off needs a right code: a recovery code made void is refused", async () => {
    const answer = await submit(bob, turnOffTwoStepForm, {
      password: bob.password,
      code: first[0] ?? "",
    });
    const message = "That code is not right, or it was used already.";
    expect(formStatus(answer.body, turnOffTwoStepForm)).toBe(message);
    const form = turnOffTwoStepForm(answer.body).html;
    expect(pageText(form)).toContain(`id="totp-off-code-error">${message}<`);
    expect(form).toMatch(/<input\b(?=[^>]*name="code")(?=[^>]*aria-invalid="true")/);
    expect(twoStepCard(await accountPage(bob.token))).toContain("<strong>On</strong>");
  });

  it("turns off with the password and a code from the app", async () => {
    const answer = await submit(bob, turnOffTwoStepForm, {
      password: bob.password,
      code: authenticatorCode(secret, new Date(), 1),
    });
    const card = twoStepCard(answer.body);
    expect(card).toContain("Two-step verification is off. 0 other sessions ended.");
    expect(card).toContain("Ask for a code from an authenticator app after your password.");
    expect(authenticatorSetupForm(answer.body).html).toMatch(/Set up an authenticator app/);
    const html = await accountPage(bob.token);
    expect(twoStepCard(html)).not.toContain("recovery codes left");
    expect(() => turnOffTwoStepForm(html)).toThrow();
    // Logging in asks for no code any more.
    const again = await logIn(apps, bob);
    expect(await isAlive(again.token)).toBe(true);
  });
});

describe("a server without AUTH_ENCRYPTION_KEY", () => {
  let plain: AppServer;
  let carol: SignedIn;

  beforeAll(async () => {
    // Another web process on the same database, without the key that seals app keys. It is
    // its own origin: Next refuses an action whose Origin is not the host it came to.
    const port = await freePort();
    plain = await startApp("web", {
      port,
      env: {
        MONGODB_URI: apps.test.uri,
        MONGODB_DB_NAME: apps.test.dbName,
        LANDING_URL: apps.origins.landing,
        WEB_URL: `http://127.0.0.1:${String(port)}`,
        TRUST_PROXY_HOPS: "1",
      },
    });
    carol = await signUp(apps, { prefix: "twonokey" });
  });

  afterAll(async () => {
    await plain.stop();
  });

  it("says that no app can be set up, and shows no key", async () => {
    const url = `${plain.url}/account`;
    const html = await accountPage(carol.token, url);
    const answer = await submitIn(carol, html, authenticatorSetupForm, {}, url);
    expect(formStatus(answer.body, authenticatorSetupForm)).toBe(
      "Two-step verification is not set up on this server. Please contact an administrator.",
    );
    expect(answer.body).not.toMatch(/class="qr-code"|totp-secret-label/);
  });
});

describe("the two-step actions without a session", () => {
  let dave: SignedIn;
  let forms: Record<"setup" | "codes" | "off", PageForm>;

  beforeAll(async () => {
    // The forms (and so the action ids) come from pages someone signed in was shown.
    const erin = await signUp(apps, { prefix: "twomb03" });
    const setup = authenticatorSetupForm(await accountPage(erin.token));
    await turnOn(erin);
    const html = await accountPage(erin.token);
    forms = { setup, codes: newRecoveryCodesForm(html), off: turnOffTwoStepForm(html) };
    dave = await signUp(apps, { prefix: "twomb03dave" });
  });

  it.each(["setup", "codes", "off"] as const)(
    "%s with no cookie redirects to login and does nothing",
    async (kind) => {
      const result = await submitForm(accountUrl(), forms[kind], {
        password: dave.password,
        code: "000000",
      });
      expect(result.status).toBe(303);
      expect(result.location).toBe(
        `${apps.landing.url}/login?returnTo=${encodeURIComponent("/account")}`,
      );
      expect(twoStepCard(await accountPage(dave.token))).toContain(
        "Ask for a code from an authenticator app",
      );
    },
  );
});
