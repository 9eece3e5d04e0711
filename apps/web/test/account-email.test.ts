// The email card of the account page, submitted as a browser without JavaScript does (see
// support/forms.ts): adding an address and the link mailed to it, the refusals that change
// nothing and mail nothing, sending the link again, the notice a verified address gets when
// it is replaced, and a mail server that is down.
import { freePort, startApp, type AppServer } from "@monorepo-auth/testing/app-server";
import { postAsClient } from "@monorepo-auth/testing/client-request";
import { linkIn, mailTo, waitForMail } from "@monorepo-auth/testing/mailpit";
import { signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { userDocument } from "@monorepo-auth/testing/stored-users";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { uniqueEmail, uniqueIp } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, pageText, startApps } from "./support/apps.ts";
import {
  changeEmailForm,
  formStatus,
  resendVerificationForm,
  submitForm,
  type PageForm,
} from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;

beforeAll(async () => {
  // The test apps send their mail to the tests' Mailpit (SMTP_URL), where it is read here.
  apps = await startApps();
});

afterAll(async () => {
  await apps.stop();
});

const accountUrl = () => `${apps.web.url}/account`;
const verifyLinkPrefix = () => `${apps.origins.landing}/verify-email#`;

async function accountPage(token: string, url = accountUrl()): Promise<string> {
  const result = await get(url, token);
  expect(result.status).toBe(200);
  return result.body;
}

/** The email card of a page, without React's text separators. */
function emailCard(html: string): string {
  const card = /<section[^>]*aria-labelledby="email-title"[\s\S]*?<\/section>/.exec(html);
  if (!card) throw new Error("no email card on the page");
  return pageText(card[0]);
}

/** Submits the change-email form of `person`'s account page. */
async function changeEmail(
  person: SignedIn,
  fields: { email: string; currentPassword?: string },
  url = accountUrl(),
) {
  const form = changeEmailForm(await accountPage(person.token, url));
  const result = await submitForm(
    url,
    form,
    { currentPassword: person.password, ...fields },
    { token: person.token },
  );
  expect(result.status).toBe(200);
  return result;
}

/** The account's stored address and whether it is verified. */
async function storedEmail(person: SignedIn): Promise<{ email: unknown; verified: boolean }> {
  const user = await userDocument(apps, person.username);
  return { email: user?.email ?? null, verified: Boolean(user?.emailVerifiedAt) };
}

/** Follows a mailed verification link as landing's page does: its form posts the link. */
async function followVerificationLink(link: string): Promise<void> {
  // Typed apart: a literal would be checked against `string` too, whose `link` is deprecated.
  const fields: Record<string, string> = { link };
  const result = await postAsClient(`${apps.landing.url}/api/verify-email`, fields, {
    origin: apps.origins.landing,
    ip: uniqueIp(),
    headers: { accept: "application/json" },
  });
  expect(result.status, result.body).toBe(200);
}

describe("an account without an address", () => {
  let alice: SignedIn;
  let html: string;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "noemail" });
    html = await accountPage(alice.token);
  });

  it("says so, and offers to add one", () => {
    const card = emailCard(html);
    expect(card).toContain("No email address. Add one to be able to reset a forgotten password.");
    expect(card).toMatch(/Add address<\/button>/);
    expect(card).not.toContain("Send the link again");
  });

  it("places the card between the sessions and the change-password card", () => {
    const order = ["sessions-title", "email-title", "password-title"].map((id) =>
      html.indexOf(`aria-labelledby="${id}"`),
    );
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("has an address field and a current-password field with the right hints", () => {
    const form = changeEmailForm(html).html;
    expect(form).toMatch(
      /<input\b(?=[^>]*name="email")(?=[^>]*type="email")(?=[^>]*autocomplete="email")[^>]*>/i,
    );
    expect(form).toMatch(
      /<input\b(?=[^>]*name="currentPassword")(?=[^>]*type="password")(?=[^>]*autocomplete="current-password")[^>]*>/i,
    );
    // The change-password form has a current-password field too: the ids must differ.
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map(([, id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("adding an address", () => {
  let alice: SignedIn;
  const address = uniqueEmail("web");
  let answer: string;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "addemail" });
    answer = (await changeEmail(alice, { email: address })).body;
  });

  it("says where the link went, and shows the address as not verified", async () => {
    expect(formStatus(answer, changeEmailForm)).toBe(
      `We sent a link to ${address}. Follow it to verify the address.`,
    );
    for (const html of [answer, await accountPage(alice.token)]) {
      const card = emailCard(html);
      expect(card).toContain(address);
      expect(card).toContain("Not verified");
      expect(card).toContain(
        "We sent a link to this address. Until you follow it, it cannot be used to reset your password.",
      );
      expect(card).toMatch(/Change address<\/button>/);
      expect(resendVerificationForm(html).html).toMatch(/<button[^>]*type="submit"/);
    }
    expect(await storedEmail(alice)).toEqual({ email: address, verified: false });
  });

  it("mails the address a link to landing's verify-email page, shown nowhere else", async () => {
    const [mail] = await waitForMail(address);
    if (!mail) throw new Error("no mail");
    const link = linkIn(mail, verifyLinkPrefix());
    const token = link.slice(verifyLinkPrefix().length);
    expect(token.length).toBeGreaterThan(20);
    const page = await accountPage(alice.token);
    for (const html of [answer, page]) {
      expect(html).not.toContain(token);
      expect(html).not.toContain(alice.password);
    }
  });

  it("sends the link again on request: a second mail with a new link", async () => {
    const form = resendVerificationForm(await accountPage(alice.token));
    const result = await submitForm(accountUrl(), form, {}, { token: alice.token });
    expect(result.status).toBe(200);
    expect(formStatus(result.body, resendVerificationForm)).toBe(
      `We sent a link to ${address}. Follow it to verify the address.`,
    );
    const mails = await waitForMail(address, { count: 2 });
    expect(mails).toHaveLength(2);
    const links = mails.map((mail) => linkIn(mail, verifyLinkPrefix()));
    expect(new Set(links).size).toBe(2);
    for (const link of links) expect(result.body).not.toContain(link.split("#")[1]);
  });
});

describe("ML-10: refusals change nothing and mail nothing", () => {
  let alice: SignedIn;
  const kept = uniqueEmail("web");

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "refuse" });
    await changeEmail(alice, { email: kept });
    await waitForMail(kept);
  });

  it("a wrong current password", async () => {
    const wanted = uniqueEmail("web");
    const result = await changeEmail(alice, { email: wanted, currentPassword: "not my password" });
    expect(formStatus(result.body, changeEmailForm)).toBe("The current password is wrong.");
    const form = changeEmailForm(result.body).html;
    expect(pageText(form)).toMatch(
      /id="email-currentPassword-error">The current password is wrong\.</,
    );
    expect(form).toMatch(/<input\b(?=[^>]*name="currentPassword")(?=[^>]*aria-invalid="true")/);
    // The message is the submitted form's only: the change-password form says nothing.
    expect(formStatus(result.body)).toBe("");
    expect(result.body).not.toContain("not my password");
    expect(emailCard(result.body)).toContain(kept);
    expect(emailCard(result.body)).not.toContain(wanted);
    expect(await storedEmail(alice)).toEqual({ email: kept, verified: false });
    // The verification mail goes out before the action answers: none went.
    expect(await mailTo(wanted)).toEqual([]);
    expect(await mailTo(kept)).toHaveLength(1);
  });

  it("an address that is not one", async () => {
    const result = await changeEmail(alice, { email: "not-an-address" });
    const message = "Enter an email address such as name@example.com.";
    expect(formStatus(result.body, changeEmailForm)).toBe(message);
    const form = changeEmailForm(result.body).html;
    expect(pageText(form)).toContain(`id="email-error">${message}<`);
    expect(form).toMatch(/<input\b(?=[^>]*name="email")(?=[^>]*aria-invalid="true")/);
    expect(await storedEmail(alice)).toEqual({ email: kept, verified: false });
    expect(await mailTo(kept)).toHaveLength(1);
  });
});

describe("ML-10: replacing a verified address", () => {
  let alice: SignedIn;
  const old = uniqueEmail("web");
  const next = uniqueEmail("web");

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "swap" });
    await changeEmail(alice, { email: old });
    const [mail] = await waitForMail(old);
    if (!mail) throw new Error("no mail");
    await followVerificationLink(linkIn(mail, verifyLinkPrefix()));
  });

  it("shows the followed link's address as verified, with nothing to send again", async () => {
    const html = await accountPage(alice.token);
    const card = emailCard(html);
    expect(card).toContain(old);
    expect(card).toMatch(/>Verified</);
    expect(card).not.toContain("Not verified");
    expect(card).not.toContain("Send the link again");
    expect(await storedEmail(alice)).toEqual({ email: old, verified: true });
  });

  it("refuses the same address again", async () => {
    const result = await changeEmail(alice, { email: old });
    expect(formStatus(result.body, changeEmailForm)).toBe(
      "This is already the address of your account.",
    );
    expect(await storedEmail(alice)).toEqual({ email: old, verified: true });
  });

  it("mails the old address a notice, and the new one its link", async () => {
    const result = await changeEmail(alice, { email: next });
    expect(formStatus(result.body, changeEmailForm)).toBe(
      `We sent a link to ${next}. Follow it to verify the address.`,
    );
    const card = emailCard(result.body);
    expect(card).toContain(next);
    expect(card).toContain("Not verified");
    expect(card).not.toContain(old);

    const [link] = await waitForMail(next);
    if (!link) throw new Error("no mail");
    expect(linkIn(link, verifyLinkPrefix())).toBeTruthy();
    // The old address: its verification link, then the notice (sent after the answer).
    const [notice] = await waitForMail(old, { count: 2 });
    expect(notice?.subject).toMatch(/email address of your .* account was changed/);
    expect(notice?.text).not.toContain(next);
    expect(notice?.text).not.toContain(verifyLinkPrefix());
    expect(await storedEmail(alice)).toEqual({ email: next, verified: false });
  });
});

describe("ML-11: a mail server that is down", () => {
  let alice: SignedIn;
  let broken: AppServer;
  const address = uniqueEmail("web");

  beforeAll(async () => {
    // Another web process on the same database, whose mail server refuses every connection.
    // It is its own origin: Next refuses an action whose Origin is not the host it came to.
    const port = await freePort();
    broken = await startApp("web", {
      port,
      env: {
        MONGODB_URI: apps.test.uri,
        MONGODB_DB_NAME: apps.test.dbName,
        LANDING_URL: apps.origins.landing,
        WEB_URL: `http://127.0.0.1:${String(port)}`,
        TRUST_PROXY_HOPS: "1",
        SMTP_URL: "smtp://127.0.0.1:1",
      },
    });
    alice = await signUp(apps, { prefix: "nomail" });
  });

  afterAll(async () => {
    await broken.stop();
  });

  it("saves the address and says the link could not be sent", async () => {
    const result = await changeEmail(alice, { email: address }, `${broken.url}/account`);
    expect(formStatus(result.body, changeEmailForm)).toBe(
      "Address saved, but we could not send the verification mail. Please try again later with 'Send the link again'.",
    );
    expect(emailCard(result.body)).toContain("Not verified");
    expect(await storedEmail(alice)).toEqual({ email: address, verified: false });
  });

  it("says so when the link cannot be sent again either", async () => {
    const url = `${broken.url}/account`;
    const form = resendVerificationForm(await accountPage(alice.token, url));
    const result = await submitForm(url, form, {}, { token: alice.token });
    expect(result.status).toBe(200);
    expect(formStatus(result.body, resendVerificationForm)).toBe(
      "We could not send the mail. Please try again later.",
    );
    expect(await mailTo(address)).toEqual([]);
  });
});

describe("the email actions without a session", () => {
  let bob: SignedIn;
  let forms: { change: PageForm; resend: PageForm };

  beforeAll(async () => {
    // The forms (and so the action ids) come from a page someone signed in was shown.
    const alice = await signUp(apps, { prefix: "mb03mail" });
    await changeEmail(alice, { email: uniqueEmail("web") });
    bob = await signUp(apps, { prefix: "mb03mailbob" });
    const html = await accountPage(alice.token);
    forms = { change: changeEmailForm(html), resend: resendVerificationForm(html) };
  });

  it.each(["change", "resend"] as const)(
    "%s with no cookie redirects to login and does nothing",
    async (kind) => {
      const wanted = uniqueEmail("web");
      const result = await submitForm(accountUrl(), forms[kind], {
        email: wanted,
        currentPassword: bob.password,
      });
      expect(result.status).toBe(303);
      expect(result.location).toBe(
        `${apps.landing.url}/login?returnTo=${encodeURIComponent("/account")}`,
      );
      expect(await storedEmail(bob)).toEqual({ email: null, verified: false });
      expect(await mailTo(wanted)).toEqual([]);
    },
  );
});
