// The ID token checks over HTTP, on landing's production build, against a provider that
// spoils its tokens on purpose: another audience, another issuer, a wrong or missing nonce,
// an expired token, a signature by a key it never published, no signature at all (OA-04).
// Each is refused with a clear page and an event naming the check; a well-formed token,
// from the same provider, is accepted, so the refusals come from the spoiling.
import { sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import {
  startFakeProvider,
  type FakeProvider,
  type IdTokenSpoiler,
} from "@monorepo-auth/testing/fake-provider";
import { authEvents } from "@monorepo-auth/testing/logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Landing } from "./support/landing.ts";
import {
  followCallback,
  landingCallback,
  startFlow,
  startLandingWithProvider,
} from "./support/providers.ts";

let landing: Landing;
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider();
  const { port } = await landingCallback();
  landing = await startLandingWithProvider(port, provider);
});
afterAll(async () => {
  await landing.stop();
  await provider.stop();
});

async function signInWith(spoiler: IdTokenSpoiler) {
  provider.spoil(spoiler);
  provider.signInAs({ subject: `token-${String(Date.now())}`, preferredUsername: "tok" });
  const flow = await startFlow(landing);
  const callback = await provider.authorize(flow.url);
  const result = await followCallback(landing, callback, flow.cookie);
  return { result, reason: authEvents(landing.app.logs()).at(-1)?.reason };
}

describe("OA-04: ID tokens", () => {
  it("a well-formed one is accepted", async () => {
    const { result } = await signInWith({});
    expect(result.location).toBe("/welcome");
  });

  it.each<[string, IdTokenSpoiler, string]>([
    ["another audience", { audience: "someone-else" }, "oidc:id_token_aud"],
    ["another issuer", { issuer: "https://issuer.example" }, "oidc:id_token_iss"],
    ["a wrong nonce", { nonce: "not-the-nonce" }, "oidc:id_token_nonce"],
    ["no nonce", { nonce: null }, "oidc:id_token_nonce"],
    ["an expired one", { expiresInSeconds: -120 }, "oidc:id_token_exp"],
    [
      "a signature by a key it never published",
      { signWithForeignKey: true },
      "oidc:id_token_signature",
    ],
  ])("with %s is refused", async (_case, spoiler, reason) => {
    const { result, reason: logged } = await signInWith(spoiler);
    expect(result.status).toBe(303);
    expect(new URL(result.location ?? "", landing.origin).pathname).toBe("/sign-in-problem");
    expect(sessionCookieLines(result)).toHaveLength(0);
    expect(logged).toBe(reason);
  });

  it("an unsigned one (alg none) is refused", async () => {
    const { result, reason } = await signInWith({ alg: "none" });
    expect(new URL(result.location ?? "", landing.origin).pathname).toBe("/sign-in-problem");
    expect(sessionCookieLines(result)).toHaveLength(0);
    expect(reason).toMatch(/^oidc:/);
  });

  it("the provider saw a token request for each, and refused none: landing did", () => {
    expect(provider.tokenRequests().refused).toBe(0);
    expect(provider.tokenRequests().total).toBeGreaterThanOrEqual(8);
  });
});
