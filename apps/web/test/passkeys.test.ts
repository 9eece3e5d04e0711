// The passkeys card of the account page and its two JSON routes. Over HTTP no browser makes
// the passkey: a software authenticator with real P-256 signatures answers the options as
// a platform authenticator would (the browser journeys use Chromium's). Covered: the card
// without JavaScript, the options, adding one (and what refuses it), renaming and removing
// through the forms, and a session started with a passkey in the sessions list.
import { postAsClient } from "@monorepo-auth/testing/client-request";
import { decodeEntities } from "@monorepo-auth/testing/html";
import { sessionTokenFrom, type HttpResult } from "@monorepo-auth/testing/http";
import { authEvents } from "@monorepo-auth/testing/logs";
import { logIn, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { softAuthenticator } from "@monorepo-auth/testing/soft-authenticator";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, pageText, startApps } from "./support/apps.ts";
import { formsIn, removePasskeyForm, renamePasskeyForm, submitForm } from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;
let authenticator: ReturnType<typeof softAuthenticator>;

beforeAll(async () => {
  apps = await startApps();
  authenticator = softAuthenticator({
    origin: apps.origins.web,
    rpId: new URL(apps.origins.landing).hostname,
  });
});

afterAll(async () => {
  await apps.stop();
});

const accountUrl = () => `${apps.web.url}/account`;
const optionsUrl = () => `${apps.web.url}/api/passkeys/options`;
const passkeysUrl = () => `${apps.web.url}/api/passkeys`;

interface Started {
  challengeId: string;
  options: {
    challenge: string;
    rp: { id: string; name: string };
    user: { id: string; name: string };
    authenticatorSelection: { residentKey: string; userVerification: string };
  };
}

/** A JSON POST as the page's script sends it, from web's own origin unless told otherwise. */
function postJson(
  url: string,
  body: unknown,
  token: string | null,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return postAsClient(url, typeof body === "string" ? body : JSON.stringify(body), {
    token,
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
  });
}

async function startAdding(person: SignedIn): Promise<Started> {
  const result = await postJson(optionsUrl(), {}, person.token);
  expect(result.status, result.body).toBe(200);
  return JSON.parse(result.body) as Started;
}

/** Adds a passkey for `person` as the "Add a passkey" button does; the route's answer. */
async function addPasskey(person: SignedIn, name = "Laptop"): Promise<HttpResult> {
  const { challengeId, options } = await startAdding(person);
  return postJson(
    passkeysUrl(),
    { challengeId, response: authenticator.create(options), name },
    person.token,
  );
}

async function accountPage(token: string): Promise<string> {
  const result = await get(accountUrl(), token);
  expect(result.status).toBe(200);
  return result.body;
}

/** The passkeys card of a page, without React's text separators. */
function passkeysCard(html: string): string {
  const card = /<section[^>]*aria-labelledby="passkeys-title"[\s\S]*?<\/section>/.exec(html);
  if (!card) throw new Error("no passkeys card on the page");
  return pageText(card[0]);
}

/** The card's words as a person reads them: tags out, entities decoded, spaces collapsed. */
function cardText(html: string): string {
  return decodeEntities(passkeysCard(html).replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

async function isAlive(token: string): Promise<boolean> {
  return (await get(`${apps.web.url}/api/me`, token)).status === 200;
}

function errorOf(result: HttpResult): unknown {
  return (JSON.parse(result.body) as { error?: unknown }).error;
}

describe("the card without passkeys", () => {
  let html: string;

  beforeAll(async () => {
    const alice = await signUp(apps, { prefix: "pknone" });
    html = await accountPage(alice.token);
  });

  it("explains passkeys and says there are none", () => {
    const text = cardText(html);
    expect(text).toContain("Passkeys");
    expect(text).toContain("Sign in with a passkey instead of a password, on any of these apps.");
    expect(text).toContain("You have no passkeys yet.");
  });

  it("says that adding one needs JavaScript, and offers the button only to the script", () => {
    const card = passkeysCard(html);
    expect(card).toMatch(/<p class="muted">Adding a passkey needs JavaScript\.<\/p>/);
    expect(card).toMatch(/<label for="passkey-new-name">Passkey name<\/label>/);
    const button = /<button\b[^>]*>Add a passkey<\/button>/.exec(card)?.[0] ?? "";
    expect(button).toMatch(/\bhidden=""/);
    expect(button).toMatch(/\bdisabled=""/);
    // The CSP forbids inline scripts and styles: the card needs neither.
    expect(card).not.toMatch(/<script|\sstyle=/i);
    expect(formsIn(card).filter((form) => form.html.includes("Add a passkey"))).toHaveLength(1);
  });

  it("sits between the two-step card and the change-password card", () => {
    const order = ["two-step-title", "passkeys-title", "password-title"].map((id) =>
      html.indexOf(`aria-labelledby="${id}"`),
    );
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("POST /api/passkeys/options", () => {
  let alice: SignedIn;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "pkopts" });
  });

  it("gives a signed-in user options for a discoverable passkey with user verification", async () => {
    const result = await postJson(optionsUrl(), {}, alice.token);
    expect(result.status).toBe(200);
    expect(result.headers.get("cache-control")).toBe("no-store");
    const { challengeId, options } = JSON.parse(result.body) as Started;
    expect(challengeId).toMatch(/^[\w-]{22}$/);
    expect(options.rp.id).toBe(new URL(apps.origins.landing).hostname);
    expect(options.user.name).toBe(alice.username);
    expect(options.authenticatorSelection.userVerification).toBe("required");
    expect(options.authenticatorSelection.residentKey).toBe("required");
  });

  it("answers 401 without a session, or with a dead one", async () => {
    for (const token of [null, "x".repeat(22) + "." + "y".repeat(43)]) {
      const result = await postJson(optionsUrl(), {}, token);
      expect(result.status).toBe(401);
      expect(errorOf(result)).toBe("unauthenticated");
      expect(result.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("refuses another site's request with 403", async () => {
    const result = await postJson(optionsUrl(), {}, alice.token, {
      origin: "https://evil.test",
      "sec-fetch-site": "cross-site",
    });
    expect(result.status).toBe(403);
    expect(errorOf(result)).toBe("invalid_origin");
  });

  it("takes only POST", async () => {
    const result = await get(optionsUrl(), alice.token, { accept: "application/json" });
    expect(result.status).toBe(405);
    expect(result.headers.get("allow")).toBe("POST");
  });
});

describe("PK-02: what POST /api/passkeys refuses", () => {
  let alice: SignedIn;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "pkbad" });
  });

  it("answers malformed JSON with 400 invalid_request", async () => {
    for (const body of ["{", "[]", "null", '"text"']) {
      const result = await postJson(passkeysUrl(), body, alice.token);
      expect(result.status, body).toBe(400);
      expect(errorOf(result)).toBe("invalid_request");
      expect(result.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("refuses a body that is not JSON (415) or larger than 16 KiB (413)", async () => {
    const form = await postAsClient(passkeysUrl(), { challengeId: "x" }, { token: alice.token });
    expect(form.status).toBe(415);
    const large = await postJson(passkeysUrl(), { name: "x".repeat(17 * 1024) }, alice.token);
    expect(large.status).toBe(413);
  });

  it("answers a bogus response, or a made-up challenge, with 400 passkey_invalid", async () => {
    const { challengeId, options } = await startAdding(alice);
    const bogus = await postJson(
      passkeysUrl(),
      { challengeId, response: { id: "abc", type: "public-key" }, name: "Bogus" },
      alice.token,
    );
    expect(bogus.status).toBe(400);
    expect(errorOf(bogus)).toBe("passkey_invalid");
    const madeUp = await postJson(
      passkeysUrl(),
      { challengeId: "A".repeat(22), response: authenticator.create(options) },
      alice.token,
    );
    expect(madeUp.status).toBe(400);
    expect(errorOf(madeUp)).toBe("passkey_invalid");
    expect(cardText(await accountPage(alice.token))).toContain("You have no passkeys yet.");
  });

  it("spends a challenge once: the same challenge again is refused", async () => {
    const { challengeId, options } = await startAdding(alice);
    const first = await postJson(
      passkeysUrl(),
      { challengeId, response: authenticator.create(options), name: "First" },
      alice.token,
    );
    expect(first.status, first.body).toBe(201);
    const again = await postJson(
      passkeysUrl(),
      { challengeId, response: authenticator.create(options), name: "Again" },
      alice.token,
    );
    expect(again.status).toBe(400);
    expect(errorOf(again)).toBe("passkey_invalid");
  });

  it("refuses another user's challenge", async () => {
    const bob = await signUp(apps, { prefix: "pkbob" });
    const { challengeId, options } = await startAdding(bob);
    const result = await postJson(
      passkeysUrl(),
      { challengeId, response: authenticator.create(options) },
      alice.token,
    );
    expect(result.status).toBe(400);
    expect(errorOf(result)).toBe("passkey_invalid");
  });

  it("answers 401 without a session and 403 from another site, before reading the body", async () => {
    const signedOut = await postJson(passkeysUrl(), "{", null);
    expect(signedOut.status).toBe(401);
    expect(errorOf(signedOut)).toBe("unauthenticated");
    const foreign = await postJson(passkeysUrl(), "{", alice.token, {
      origin: "https://evil.test",
      "sec-fetch-site": "cross-site",
    });
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign)).toBe("invalid_origin");
  });
});

describe("PK-01: adding, renaming and removing a passkey", () => {
  let alice: SignedIn;
  let laptop: SignedIn;
  let added: HttpResult;
  let passkeyId: string;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "pkadd" });
    laptop = await logIn(apps, alice);
    added = await addPasskey(alice, "  Work laptop  ");
    passkeyId = (JSON.parse(added.body) as { passkey: { id: string } }).passkey.id;
  });

  it("adds it (201, its name trimmed) and ends the user's other sessions", async () => {
    expect(added.status, added.body).toBe(201);
    expect(added.headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(added.body)).toEqual({
      passkey: { id: passkeyId, name: "Work laptop" },
      endedSessions: 1,
    });
    expect(await isAlive(laptop.token)).toBe(false);
    expect(await isAlive(alice.token)).toBe(true);
    const events = authEvents(apps.web.logs());
    expect(events.some((event) => event.type === "passkey_added")).toBe(true);
  });

  it("lists it with its dates, and a rename and a remove form labelled with its name", async () => {
    const html = await accountPage(alice.token);
    const text = cardText(html);
    expect(text).not.toContain("You have no passkeys yet.");
    expect(text).toMatch(
      /Work laptop added \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC · never used/,
    );
    const rename = renamePasskeyForm(html, passkeyId).html;
    expect(pageText(rename)).toMatch(
      /<label for="passkey-0-name">Name<span class="visually-hidden"> of Work laptop<\/span><\/label>/,
    );
    expect(rename).toMatch(/<input\b(?=[^>]*name="name")(?=[^>]*value="Work laptop")/);
    const remove = removePasskeyForm(html, passkeyId).html;
    expect(pageText(remove)).toMatch(
      /<label for="passkey-0-password">Password to remove<span class="visually-hidden"> Work laptop<\/span><\/label>/,
    );
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map(([, id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names a passkey sent without a name 'Passkey'", async () => {
    const result = await addPasskey(alice, "");
    expect(result.status).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({ passkey: { name: "Passkey" } });
  });

  it("renames it through its form, and refuses an empty name", async () => {
    const html = await accountPage(alice.token);
    const empty = await submitForm(
      accountUrl(),
      renamePasskeyForm(html, passkeyId),
      { name: "   " },
      { token: alice.token },
    );
    expect(empty.status).toBe(200);
    expect(cardText(empty.body)).toContain("Enter a name for the passkey.");
    const renamed = await submitForm(
      accountUrl(),
      renamePasskeyForm(html, passkeyId),
      { name: "Phone" },
      { token: alice.token },
    );
    expect(renamed.status).toBe(200);
    expect(cardText(renamed.body)).toContain("Passkey renamed.");
    expect(cardText(await accountPage(alice.token))).toMatch(/Phone added /);
  });

  it("keeps it on a wrong password, and removes it with the right one", async () => {
    const html = await accountPage(alice.token);
    const wrong = await submitForm(
      accountUrl(),
      removePasskeyForm(html, passkeyId),
      { password: "not the password" },
      { token: alice.token },
    );
    expect(wrong.status).toBe(200);
    expect(cardText(wrong.body)).toContain("The current password is wrong.");
    expect(() => removePasskeyForm(wrong.body, passkeyId)).not.toThrow();

    const removed = await submitForm(
      accountUrl(),
      removePasskeyForm(html, passkeyId),
      { password: alice.password },
      { token: alice.token },
    );
    expect(removed.status).toBe(200);
    expect(cardText(removed.body)).toContain("Passkey removed. 0 other sessions ended.");
    expect(() => removePasskeyForm(removed.body, passkeyId)).toThrow();
    expect(await isAlive(alice.token)).toBe(true);
  });
});

describe("a session started with a passkey", () => {
  it("says so in the sessions list", async () => {
    const alice = await signUp(apps, { prefix: "pksess" });
    const added = await addPasskey(alice);
    expect(added.status).toBe(201);
    const { passkey } = JSON.parse(added.body) as { passkey: { id: string } };

    const landingJson = (path: string, body: unknown) =>
      postAsClient(`${apps.landing.url}${path}`, JSON.stringify(body), {
        origin: apps.origins.landing,
        headers: { "content-type": "application/json", accept: "application/json" },
      });
    const started = await landingJson("/api/passkey/options", {});
    expect(started.status, started.body).toBe(200);
    const { challengeId, options } = JSON.parse(started.body) as {
      challengeId: string;
      options: { challenge: string };
    };
    const signedIn = await landingJson("/api/passkey/sign-in", {
      challengeId,
      response: authenticator.get(options, passkey.id, { origin: apps.origins.landing }),
    });
    expect(signedIn.status, signedIn.body).toBe(200);
    const token = sessionTokenFrom(signedIn);
    if (!token) throw new Error("no session from the passkey sign-in");
    expect(pageText(await accountPage(token))).toMatch(/ UTC with passkey · last seen /);
  });
});
