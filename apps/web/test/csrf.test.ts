// Requests that must not change anything: state-changing requests from another origin
// (CS-12), requests that try to skip the proxy as CVE-2025-29927 did, and a sign-out with
// no session (MB-03).
import { cookieHeader, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { postForm, request, type HttpResult } from "@monorepo-auth/testing/http";
import { logIn, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import { sessionCount, sessionDocument } from "@monorepo-auth/testing/stored-sessions";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, me, pageText, startApps } from "./support/apps.ts";
import {
  changePasswordForm,
  revokeForm,
  signOutEverywhereForm,
  submitForm,
} from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;

beforeAll(async () => {
  apps = await startApps();
});

afterAll(async () => {
  await apps.stop();
});

/** A port on the same host that is neither app's. */
function siblingPort(): number {
  const next = apps.web.port + 1;
  return next === apps.landing.port ? next + 1 : next;
}

/** Header sets a browser sends (or a forger could) that the origin check must refuse. */
const foreign: [string, () => Record<string, string>][] = [
  [
    "https://evil.example",
    () => ({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
  ],
  ["Origin: null", () => ({ origin: "null" })],
  [
    "a sibling port",
    () => ({ origin: `http://127.0.0.1:${String(siblingPort())}`, "sec-fetch-site": "same-site" }),
  ],
  ["localhost for 127.0.0.1", () => ({ origin: `http://localhost:${String(apps.web.port)}` })],
  ["https for http", () => ({ origin: `https://127.0.0.1:${String(apps.web.port)}` })],
  ["a trailing slash", () => ({ origin: `${apps.web.url}/`, "sec-fetch-site": "same-origin" })],
  ["two origins", () => ({ origin: `${apps.web.url}, https://evil.example` })],
  ["no Origin and no Sec-Fetch-Site", () => ({})],
  ["no Origin with Sec-Fetch-Site: same-site", () => ({ "sec-fetch-site": "same-site" })],
  ["no Origin with Sec-Fetch-Site: cross-site", () => ({ "sec-fetch-site": "cross-site" })],
  [
    "the right Origin with Sec-Fetch-Site: cross-site",
    () => ({ origin: apps.web.url, "sec-fetch-site": "cross-site" }),
  ],
  [
    "the right Origin with Sec-Fetch-Site: none",
    () => ({ origin: apps.web.url, "sec-fetch-site": "none" }),
  ],
];

function logout(token: string | null, headers: Record<string, string>): Promise<HttpResult> {
  return request(`${apps.web.url}/api/logout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: "",
    ...(token ? { cookie: cookieHeader(token) } : {}),
  });
}

async function expectStillSignedIn(person: SignedIn): Promise<void> {
  expect(await me(apps, person.token)).toMatchObject({
    status: 200,
    body: { user: { username: person.username } },
  });
  expect(await sessionDocument(apps, person.sessionId)).not.toBeNull();
}

describe("CS-12: POST /api/logout from another origin", () => {
  let alice: SignedIn;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "cs12" });
  });

  it.each(foreign)("from %s: 403, and the session lives on", async (_label, headers) => {
    const result = await logout(alice.token, headers());
    expect(result.status).toBe(403);
    expect(JSON.parse(result.body)).toStrictEqual({ error: "invalid_origin" });
    expect(sessionCookieLines(result)).toEqual([]);
    expect(result.location).toBeNull();
    await expectStillSignedIn(alice);
  });

  it.each([
    ["web's own origin", () => ({ origin: apps.web.url, "sec-fetch-site": "same-origin" })],
    ["landing's origin", () => ({ origin: apps.landing.url, "sec-fetch-site": "same-site" })],
    ["web's origin, no Sec-Fetch-Site", () => ({ origin: apps.web.url })],
    ["no Origin with Sec-Fetch-Site: same-origin", () => ({ "sec-fetch-site": "same-origin" })],
  ])("from %s it signs out (the check is not a blanket refusal)", async (_label, headers) => {
    const person = await signUp(apps, { prefix: "cs12ok" });
    const result = await logout(person.token, headers());
    expect(result.status).toBe(303);
    expect(await me(apps, person.token)).toMatchObject({ status: 401 });
  });
});

describe("CS-12: server actions from another origin", () => {
  let alice: SignedIn;
  let phone: SignedIn;
  let html: string;

  beforeAll(async () => {
    alice = await signUp(apps, { prefix: "cs12act" });
    phone = await logIn(apps, alice);
    const page = await get(`${apps.web.url}/account`, alice.token);
    expect(page.status).toBe(200);
    html = page.body;
  });

  it.each(foreign)("sign out everywhere from %s: 403, nothing ends", async (_label, headers) => {
    const result = await submitForm(
      `${apps.web.url}/account`,
      signOutEverywhereForm(html),
      {},
      {
        token: alice.token,
        headers: headers(),
      },
    );
    expect(result.status).toBe(403);
    expect(sessionCookieLines(result)).toEqual([]);
    expect(await sessionCount(apps, alice.username)).toBe(2);
    await expectStillSignedIn(alice);
    await expectStillSignedIn(phone);
  });

  it.each(foreign)("revoking a session from %s: 403, it lives on", async (_label, headers) => {
    const result = await submitForm(
      `${apps.web.url}/account`,
      revokeForm(html, phone.sessionId),
      {},
      { token: alice.token, headers: headers() },
    );
    expect(result.status).toBe(403);
    await expectStillSignedIn(phone);
  });

  it("changing the password from another origin: 403, the password stays", async () => {
    const result = await submitForm(
      `${apps.web.url}/account`,
      changePasswordForm(html),
      { currentPassword: alice.password, newPassword: "a forged new passphrase" },
      {
        token: alice.token,
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      },
    );
    expect(result.status).toBe(403);
    await expectStillSignedIn(phone);
    const login = await postForm(`${apps.landing.url}/api/login`, {
      username: alice.username,
      password: alice.password,
    });
    expect(login.status).toBe(303);
  });
});

describe("CVE-2025-29927: x-middleware-subrequest does not skip the checks", () => {
  const bypass: [string, Record<string, string>][] = [
    ["middleware", { "x-middleware-subrequest": "middleware" }],
    ["proxy x5", { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" }],
    [
      "src/proxy x5",
      { "x-middleware-subrequest": "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy" },
    ],
    [
      "middleware x5",
      { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    ],
    [
      "src/proxy x5 + x-middleware-prefetch",
      {
        "x-middleware-subrequest": "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy",
        "x-middleware-prefetch": "1",
      },
    ],
    [
      "proxy x5 + x-nextjs-data",
      { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy", "x-nextjs-data": "1" },
    ],
  ];

  let victim: SignedIn;
  let ended: SignedIn;

  beforeAll(async () => {
    victim = await signUp(apps, { prefix: "cve" });
    // A cookie that once was good: were validation skipped, it would show the victim's data.
    ended = await logIn(apps, victim);
    const out = await postForm(
      `${apps.web.url}/api/logout`,
      {},
      { cookie: cookieHeader(ended.token) },
    );
    expect(out.status).toBe(303);
  });

  /**
   * Next's own answer to a middleware prefetch (`x-middleware-prefetch: 1`) once the proxy
   * lets the request on: `{}` and `x-middleware-skip`, nothing rendered or run.
   */
  function isEmptyPrefetchAnswer(result: HttpResult): boolean {
    return (
      result.status === 200 &&
      result.body.trim() === "{}" &&
      result.headers.get("x-middleware-skip") === "1"
    );
  }

  function expectNothingProtected(result: HttpResult): void {
    const text = pageText(result.body);
    expect(text).not.toContain("Hello,");
    expect(text).not.toContain(victim.username);
    expect(text).not.toContain("Active sessions");
    expect(text).not.toContain(victim.sessionId);
  }

  for (const [cookieLabel, token] of [
    ["no cookie", () => null],
    ["an ended session's cookie", () => ended.token],
  ] as const) {
    it.each(bypass)(
      `%s with ${cookieLabel}: pages show nothing and redirect to login`,
      async (_label, headers) => {
        for (const path of ["/", "/account"]) {
          const result = await get(`${apps.web.url}${path}`, token(), headers);
          expectNothingProtected(result);
          if (headers["x-middleware-prefetch"] && isEmptyPrefetchAnswer(result)) continue;
          expect([303, 307]).toContain(result.status);
          expect(result.location).toBe(
            `${apps.landing.url}/login?returnTo=${encodeURIComponent(path)}`,
          );
        }
      },
    );

    it.each(bypass)(`%s with ${cookieLabel}: /api/me shows no user`, async (_label, headers) => {
      const result = await get(`${apps.web.url}/api/me`, token(), headers);
      expectNothingProtected(result);
      if (headers["x-middleware-prefetch"] && isEmptyPrefetchAnswer(result)) return;
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body)).toStrictEqual({ error: "unauthenticated" });
    });
  }

  it.each(bypass)("%s does not let a foreign POST /api/logout through", async (_label, headers) => {
    const result = await logout(victim.token, {
      ...headers,
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(result.status).toBe(403);
    await expectStillSignedIn(victim);
  });

  it.each(bypass)("%s does not let a foreign server action through", async (_label, headers) => {
    const page = await get(`${apps.web.url}/account`, victim.token);
    const result = await submitForm(
      `${apps.web.url}/account`,
      signOutEverywhereForm(page.body),
      {},
      {
        token: victim.token,
        headers: { ...headers, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      },
    );
    expect(result.status).toBe(403);
    await expectStillSignedIn(victim);
  });
});

describe("MB-03: POST /api/logout with no session", () => {
  let bob: SignedIn;

  beforeAll(async () => {
    bob = await signUp(apps, { prefix: "mb03" });
  });

  it.each([
    ["no cookie", null],
    ["a junk cookie", "x"],
    [
      "a well-formed unknown token",
      "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
    ],
    ["bob's session id with a wrong secret", () => `${bob.sessionId}.${"B".repeat(43)}`],
  ] as const)(
    "with %s: a 303 to landing, an empty body, and nobody signed out",
    async (_label, cookie) => {
      const token = typeof cookie === "function" ? cookie() : cookie;
      const result = await postForm(
        `${apps.web.url}/api/logout`,
        {},
        {
          ...(token === null ? {} : { cookie: cookieHeader(token) }),
        },
      );
      expect(result.status).toBe(303);
      expect(result.location).toBe(`${apps.landing.url}/`);
      expect(result.body).toBe("");
      await expectStillSignedIn(bob);
      expect(await sessionCount(apps, bob.username)).toBe(1);
    },
  );
});
