// Landing's mail pages over HTTP, on the production build, with the mail read from the
// tests' Mailpit: forgot-password answers alike for everyone (ML-03), links come from
// LANDING_URL whatever the request says (ML-07), the mailed-link pages send no Referer to
// other sites and spend nothing on GET (ML-08), and the reset and verification forms work
// without JavaScript, by pasting the link.
import { cookieHeader } from "@monorepo-auth/testing/auth-cookies";
import type { HttpResult } from "@monorepo-auth/testing/http";
import { linkIn, mailTo, waitForMail } from "@monorepo-auth/testing/mailpit";
import { median } from "@monorepo-auth/testing/statistics";
import { signUp } from "@monorepo-auth/testing/sign-in";
import { uniqueEmail, uniqueUsername } from "@monorepo-auth/testing/unique";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertMessage, input } from "./support/html.ts";
import { get, post, startLanding, type Landing } from "./support/landing.ts";

const PASSWORD = "correct horse 7";
const NEW_PASSWORD = "a new secret 42";
const RESET_SUBJECT = /^Reset your/;

let landing: Landing;

beforeAll(async () => {
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "10000" } });
});
afterAll(async () => {
  await landing.stop();
});

/** Signs up through landing's form with an address, and follows its verification link. */
async function verifiedPerson(): Promise<{ username: string; email: string; token: string }> {
  const username = uniqueUsername("mailed");
  const email = uniqueEmail("mailed");
  const result = await post(landing, "/api/signup", { username, password: PASSWORD, email });
  expect(result.status).toBe(303);
  const token = /session=([^;]+)/.exec(result.setCookies.join("\n"))?.[1] ?? "";
  const [mail] = await waitForMail(email);
  if (!mail) throw new Error("no verification mail");
  const verified = await post(
    landing,
    "/api/verify-email",
    linkForm(linkIn(mail, `${landing.origin}/verify-email#`)),
  );
  expect(verified.status).toBe(200);
  return { username, email, token };
}

/** The form of a mailed link's page (typed, so that `link` is a field, not String#link). */
const linkForm = (link: string, fields: Record<string, string> = {}): Record<string, string> => ({
  link,
  ...fields,
});

/** The headers but Date, as sorted lines. */
const headerLines = (result: HttpResult): string[] =>
  [...result.headers.entries()]
    .filter(([name]) => name !== "date")
    .map(([name, value]) => `${name}: ${value}`)
    .sort();

describe("asking for a reset link", () => {
  it("ML-03: a verified account, an unverified one, one without an address and nobody get the same answer", async () => {
    const verified = await verifiedPerson();
    const unverifiedName = uniqueUsername("unverified");
    await post(landing, "/api/signup", {
      username: unverifiedName,
      password: PASSWORD,
      email: uniqueEmail("unverified"),
    });
    const bare = await signUp(landing);
    const identifiers = [
      verified.username,
      verified.email,
      unverifiedName,
      bare.username,
      uniqueUsername("nobody"),
      uniqueEmail("nobody"),
    ];
    for (const accept of ["text/html", "application/json"]) {
      const answers = await Promise.all(
        identifiers.map((identifier) =>
          post(landing, "/api/forgot-password", { identifier }, { headers: { accept } }),
        ),
      );
      const [first] = answers;
      if (!first) throw new Error("no answer");
      expect(first.status).toBe(accept === "text/html" ? 200 : 202);
      for (const answer of answers) {
        expect(answer.status).toBe(first.status);
        expect(headerLines(answer)).toEqual(headerLines(first));
        expect(answer.setCookies).toEqual([]);
        expect(answer.body).toBe(first.body);
      }
      if (accept === "application/json") expect(JSON.parse(first.body)).toEqual({ status: "sent" });
      else expect(first.body).toContain("If an account matches, we sent a link");
    }
    // Only the verified address got links: one per ask, by name and by address.
    await waitForMail(verified.email, { count: 4, subject: RESET_SUBJECT });
  });

  it("ML-03: the answer does not wait for the look-up: known and unknown take the same time (sanity bound)", async () => {
    const known = await verifiedPerson();
    const samples = { known: [] as number[], unknown: [] as number[] };
    for (let index = 0; index < 12; index++) {
      const [a, b] = await Promise.all([
        post(landing, "/api/forgot-password", { identifier: known.username }),
        post(landing, "/api/forgot-password", { identifier: uniqueUsername("ghost") }),
      ]);
      samples.known.push(a.ms);
      samples.unknown.push(b.ms);
    }
    const ratio = median(samples.known) / median(samples.unknown);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("from another site, or with a malformed body, is refused and mails nothing", async () => {
    const person = await verifiedPerson();
    const foreign = await post(
      landing,
      "/api/forgot-password",
      { identifier: person.username },
      { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
    );
    expect(foreign.status).toBe(403);
    const malformed: Record<string, string>[] = [{}, { identifier: "a", extra: "x" }];
    for (const body of malformed) {
      const result = await post(landing, "/api/forgot-password", body);
      expect(result.status).toBe(400);
    }
    const repeated = await post(landing, "/api/forgot-password", "identifier=a&identifier=b");
    expect(repeated.status).toBe(400);
    // Only its verification mail: nothing was asked for.
    expect(await mailTo(person.email)).toHaveLength(1);
  });

  it("refuses an identifier of no possible shape with a message, keeping what was typed", async () => {
    const result = await post(landing, "/api/forgot-password", { identifier: "a b" });
    expect(result.status).toBe(400);
    expect(alertMessage(result.body)).toBe("Enter your username or your email address.");
    expect(input(result.body, "identifier")?.value).toBe("a b");
  });

  it("ML-07: a forged Host or X-Forwarded-Host never reaches the link", async () => {
    const person = await verifiedPerson();
    const forged = await post(
      landing,
      "/api/forgot-password",
      { identifier: person.username },
      { headers: { host: "evil.example", "x-forwarded-host": "evil.example" } },
    );
    expect(forged.status).toBe(200);
    const [mail] = await waitForMail(person.email, { subject: RESET_SUBJECT });
    expect(mail?.text).not.toContain("evil.example");
    expect(mail?.html).not.toContain("evil.example");
    expect(linkIn(mail ?? ({} as never), `${landing.origin}/reset-password#`)).toBeTruthy();
  });
});

describe("the mailed-link pages", () => {
  it("ML-08: send no Referer to other sites, are not stored, load only the kit's script, and spend nothing on GET", async () => {
    for (const path of ["/reset-password", "/verify-email"]) {
      const page = await get(landing, path);
      expect(page.status).toBe(200);
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.body).toContain('<meta name="referrer" content="same-origin"');
      expect(page.body).toContain('<script src="/mailed-link.js" defer');
      expect(input(page.body, "link")?.type).toBe("text");
    }
    const script = await get(landing, "/mailed-link.js");
    expect(script.status).toBe(200);
    expect(script.body).toContain("history.replaceState");
  });

  it("a reset by a pasted link: a refused password keeps the link; then every session ends and this browser is signed in", async () => {
    const person = await verifiedPerson();
    await post(landing, "/api/forgot-password", { identifier: person.email });
    const [mail] = await waitForMail(person.email, { subject: RESET_SUBJECT });
    const link = linkIn(mail ?? ({} as never), `${landing.origin}/reset-password#`);
    const token = link.split("#")[1] ?? "";
    // Opening the page spends nothing.
    expect((await get(landing, "/reset-password")).status).toBe(200);

    const weak = await post(
      landing,
      "/api/reset-password",
      linkForm(link, { password: "password123" }),
    );
    expect(weak.status).toBe(400);
    expect(alertMessage(weak.body)).toMatch(/too common/);
    // The link goes back hidden into this answer's form, never into a URL.
    expect(input(weak.body, "link")).toMatchObject({ type: "hidden", value: token });
    expect(weak.body).toContain('<meta name="referrer" content="same-origin"');

    const done = await post(
      landing,
      "/api/reset-password",
      linkForm(token, { password: NEW_PASSWORD }),
    );
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${landing.webUrl}/`);
    const session = /session=([^;]+)/.exec(done.setCookies.join("\n"))?.[1] ?? "";
    expect(session).not.toBe("");
    // The old session is over; the new one is signed in.
    const before = await get(landing, "/login", { cookie: cookieHeader(person.token) });
    expect(before.status).toBe(200);
    const after = await get(landing, "/login", { cookie: cookieHeader(session) });
    expect(after.status).toBe(303);

    const again = await post(
      landing,
      "/api/reset-password",
      linkForm(link, { password: "another one 99" }),
    );
    expect(again.status).toBe(400);
    expect(alertMessage(again.body)).toBe(
      "This link is not valid: it was used already, or a newer one was sent.",
    );
    expect(again.body).toContain('href="/forgot-password"');
    await waitForMail(person.email, { subject: /password was changed$/ });
  });

  it("a verification link spent, and one expired, get a clear page", async () => {
    const email = uniqueEmail("twice");
    await post(landing, "/api/signup", {
      username: uniqueUsername("twice"),
      password: PASSWORD,
      email,
    });
    const [mail] = await waitForMail(email);
    const link = linkIn(mail ?? ({} as never), `${landing.origin}/verify-email#`);
    const first = await post(landing, "/api/verify-email", linkForm(link));
    expect(first.status).toBe(200);
    expect(first.body).toContain(email);
    const second = await post(landing, "/api/verify-email", linkForm(link));
    expect(second.status).toBe(400);
    expect(second.body).toContain("This link does not work");

    const lateEmail = uniqueEmail("late");
    await post(landing, "/api/signup", {
      username: uniqueUsername("late"),
      password: PASSWORD,
      email: lateEmail,
    });
    const [lateMail] = await waitForMail(lateEmail);
    const { MailToken } = await landing.database.models();
    await MailToken.updateMany({ email: lateEmail }, { $set: { expiresAt: new Date() } }).exec();
    const late = await post(
      landing,
      "/api/verify-email",
      linkForm(linkIn(lateMail ?? ({} as never), `${landing.origin}/verify-email#`)),
    );
    expect(late.status).toBe(410);
    expect(alertMessage(late.body)).toBe("This link has expired. Ask for a new one.");
    expect(await mailTo(lateEmail)).toHaveLength(1);
  });
});
