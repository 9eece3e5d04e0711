// Signing in with a passkey alone, over HTTP on landing's production build, answered by a
// software authenticator with real signatures: the session cookie and where to go; a
// challenge used twice, a forged answer, another site's request (PK-01, PK-02).
import { createAuth } from "@monorepo-auth/auth/auth";
import { parseAuthSettings } from "@monorepo-auth/auth/config/environment";
import { sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { softAuthenticator } from "@monorepo-auth/testing/soft-authenticator";
import { userDocument } from "@monorepo-auth/testing/stored-users";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, post, startLanding, type Landing } from "./support/landing.ts";

let landing: Landing;
let authenticator: ReturnType<typeof softAuthenticator>;

beforeAll(async () => {
  landing = await startLanding({ env: { IP_ATTEMPT_LIMIT: "10000" } });
  authenticator = softAuthenticator({
    origin: landing.origin,
    rpId: new URL(landing.origin).hostname,
  });
});
afterAll(async () => {
  await landing.stop();
});

/** A person with a passkey, added through the core as web's account page adds it. */
async function personWithPasskey(): Promise<{ username: string; credentialId: string }> {
  const person = await signUp(landing);
  const stored = await userDocument(landing, person.username);
  if (typeof stored?._id !== "string") throw new Error("no user");
  const user = { id: stored._id, username: person.username };
  const core = createAuth({
    database: landing.database,
    settings: parseAuthSettings({
      MONGODB_URI: "mongodb://127.0.0.1:1/",
      LANDING_URL: landing.origin,
      WEB_URL: landing.webUrl,
    }),
    onEvent: () => undefined,
  });
  const { challengeId, options } = await core.startPasskeyRegistration(user);
  const added = await core.finishPasskeyRegistration({
    user,
    challengeId,
    response: authenticator.create(options),
    name: "Test key",
    currentSessionId: "none",
    ip: null,
  });
  if (!added.ok) throw new Error(added.error);
  return { username: person.username, credentialId: added.passkey.id };
}

const json = (body: unknown) => JSON.stringify(body);
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };

async function options(): Promise<{
  challengeId: string;
  options: { challenge: string; rpId: string };
}> {
  const result = await post(landing, "/api/passkey/options", "{}", { headers: JSON_HEADERS });
  expect(result.status).toBe(200);
  return JSON.parse(result.body) as {
    challengeId: string;
    options: { challenge: string; rpId: string };
  };
}

describe("signing in with a passkey", () => {
  it("PK-01: the session cookie, and the way on to returnTo", async () => {
    const { credentialId } = await personWithPasskey();
    const started = await options();
    expect(started.options.rpId).toBe(new URL(landing.origin).hostname);
    const returnTo = `${landing.webUrl}/account`;
    const done = await post(
      landing,
      "/api/passkey/sign-in",
      json({
        challengeId: started.challengeId,
        response: authenticator.get(started.options, credentialId),
        returnTo,
      }),
      { headers: JSON_HEADERS },
    );
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body)).toEqual({ redirect: returnTo });
    expect(sessionCookieLines(done)).toHaveLength(1);
    expect(done.headers.get("cache-control")).toBe("no-store");
  });

  it("PK-02: a challenge used twice, a forged answer, or a foreign site get nothing", async () => {
    const { credentialId } = await personWithPasskey();
    const started = await options();
    const body = json({
      challengeId: started.challengeId,
      response: authenticator.get(started.options, credentialId),
    });
    const first = await post(landing, "/api/passkey/sign-in", body, { headers: JSON_HEADERS });
    expect(first.status).toBe(200);
    const replay = await post(landing, "/api/passkey/sign-in", body, { headers: JSON_HEADERS });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body)).toEqual({ error: "passkey_invalid" });
    expect(sessionCookieLines(replay)).toEqual([]);

    const next = await options();
    const forged = authenticator.get(next.options, credentialId, {
      origin: "https://evil.example",
    });
    const refused = await post(
      landing,
      "/api/passkey/sign-in",
      json({ challengeId: next.challengeId, response: forged }),
      { headers: JSON_HEADERS },
    );
    expect(refused.status).toBe(400);

    for (const bad of ["not json", json([1, 2]), json({ challengeId: 1, response: "x" })]) {
      const result = await post(landing, "/api/passkey/sign-in", bad, { headers: JSON_HEADERS });
      expect(result.status).toBe(400);
    }
    const form = await post(landing, "/api/passkey/sign-in", { challengeId: "x" });
    expect(form.status).toBe(415);
    const foreign = await post(landing, "/api/passkey/options", "{}", {
      headers: { ...JSON_HEADERS, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(foreign.status).toBe(403);
    for (const path of ["/api/passkey/options", "/api/passkey/sign-in"]) {
      expect((await get(landing, path)).status).toBe(405);
    }
  });

  it("the login page offers it, to browsers that run its script", async () => {
    const page = await get(landing, "/login");
    expect(page.body).toContain("Sign in with a passkey");
    expect(page.body).toMatch(/<div[^>]*data-passkey[^>]*hidden/);
    expect(page.body).toContain("Signing in with a passkey needs JavaScript.");
  });

  it("PK-07: after the password, one of the user's passkeys finishes the sign-in", async () => {
    const { username, credentialId } = await personWithPasskey();
    const login = await post(landing, "/api/login", { username, password: PASSWORD });
    expect(login.status).toBe(303);
    expect(login.location).toBe("/two-step");
    expect(sessionCookieLines(login)).toEqual([]);
    const cookie =
      login.setCookies.find((line) => line.startsWith("pending="))?.split(";")[0] ?? "";

    const page = await get(landing, "/two-step", { cookie });
    expect(page.body).toContain("Use a passkey");
    expect(page.body).toMatch(/<form[^>]*action="\/api\/two-step"[^>]*hidden/);

    const started = await post(landing, "/api/passkey/second-step-options", "{}", {
      headers: JSON_HEADERS,
      cookie,
    });
    expect(started.status).toBe(200);
    const { challengeId, options } = JSON.parse(started.body) as {
      challengeId: string;
      options: { challenge: string; allowCredentials: { id: string }[] };
    };
    expect(options.allowCredentials.map(({ id }) => id)).toEqual([credentialId]);
    const done = await post(
      landing,
      "/api/passkey/second-step",
      json({
        challengeId,
        response: authenticator.get(options, credentialId, { userVerified: false }),
      }),
      { headers: JSON_HEADERS, cookie },
    );
    expect(done.status).toBe(200);
    expect(sessionCookieLines(done)).toHaveLength(1);
    expect(done.setCookies.some((line) => /^pending=;.*Max-Age=0/.test(line))).toBe(true);

    const without = await post(landing, "/api/passkey/second-step-options", "{}", {
      headers: JSON_HEADERS,
    });
    expect(without.status).toBe(401);
  });
});
