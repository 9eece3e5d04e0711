// Web logs the client's address as the socket saw it (LG-02). Next hides the socket from
// app code and keeps an X-Forwarded-For the client wrote; the server hands the socket's
// address over, and a header is believed only from TRUST_PROXY_HOPS trusted proxies.
import { cookieHeader } from "@monorepo-auth/testing/auth-cookies";
import { request } from "@monorepo-auth/testing/http";
import { loggedEvents } from "@monorepo-auth/testing/logs";
import { logIn, signUp, type SignedIn } from "@monorepo-auth/testing/sign-in";
import type { TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, startApps } from "./support/apps.ts";
import { changePasswordForm, revokeForm, submitForm } from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;
let alice: SignedIn;

beforeAll(async () => {
  apps = await startApps({ webEnv: { TRUST_PROXY_HOPS: "0" } });
  alice = await signUp(apps, { prefix: "address" });
});
afterAll(async () => {
  await apps.stop();
});

// What a client sends to pass for another address.
const FORGED = { "x-forwarded-for": "6.6.6.6" };
const sameOrigin = () => ({ origin: apps.web.url, "sec-fetch-site": "same-origin", ...FORGED });

describe("LG-02: web's events name the socket's address", () => {
  it("a revoke, a password change and a sign-out with a forged X-Forwarded-For log 127.0.0.1", async () => {
    const other = await logIn(apps, alice);
    let page = await get(`${apps.web.url}/account`, alice.token, FORGED);
    const revoked = await submitForm(
      `${apps.web.url}/account`,
      revokeForm(page.body, other.sessionId),
      {},
      { token: alice.token, headers: sameOrigin() },
    );
    expect(revoked.status).toBe(200);
    page = await get(`${apps.web.url}/account`, alice.token, FORGED);
    const changed = await submitForm(
      `${apps.web.url}/account`,
      changePasswordForm(page.body),
      { currentPassword: alice.password, newPassword: "a brand new password 42" },
      { token: alice.token, headers: sameOrigin() },
    );
    expect(changed.status).toBe(200);
    const loggedOut = await request(`${apps.web.url}/api/logout`, {
      method: "POST",
      headers: sameOrigin(),
      cookie: cookieHeader(alice.token),
    });
    expect(loggedOut.status).toBe(303);

    const events = loggedEvents<{ type: string; ip: string | null }>(apps.web.logs(), "auth");
    expect(events.map((event) => event.type)).toEqual([
      "session_revoked",
      "password_changed",
      "logout",
    ]);
    for (const event of events) expect(event.ip).toBe("127.0.0.1");
    expect(apps.web.logs()).not.toContain("6.6.6.6");
  });
});
