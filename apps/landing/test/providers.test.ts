// Signing in through an OpenID provider over HTTP, on landing's production build, against a
// real provider running here (oidc-provider): the buttons, the flow cookie, the username page,
// and every refusal of the callback (OA-01 to OA-05, OA-08 in docs/security.md).
import { cookieHeader, sessionCookieLines } from "@monorepo-auth/testing/auth-cookies";
import { cookieAttributes } from "@monorepo-auth/testing/http";
import { authEvents } from "@monorepo-auth/testing/logs";
import { startOidcProvider, type TestOidcProvider } from "@monorepo-auth/testing/oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { alertMessage, input } from "./support/html.ts";
import { get, post, type Landing } from "./support/landing.ts";
import {
  FLOW_COOKIE,
  flowCookieFrom,
  followCallback,
  landingCallback,
  startFlow,
  startLandingWithProvider,
} from "./support/providers.ts";

let landing: Landing;
let provider: TestOidcProvider;
let people = 0;

beforeAll(async () => {
  const { port, callback } = await landingCallback();
  provider = await startOidcProvider({ redirectUris: [callback] });
  landing = await startLandingWithProvider(port, provider);
});
afterAll(async () => {
  await landing.stop();
  await provider.stop();
});

function person(): string {
  const subject = `landing-person-${String(++people)}-${String(Date.now())}`;
  provider.addAccount({ subject, preferredUsername: `Robin ${String(people)}` });
  return subject;
}

/** Start, the provider's pages, and the callback: what the browser gets back from landing. */
async function roundTrip(subject: string, returnTo?: string) {
  const flow = await startFlow(landing, returnTo);
  const callback = await provider.authorize(flow.url, subject);
  return { flow, callback, result: await followCallback(landing, callback, flow.cookie) };
}

/** A whole sign-up through the provider: the username page's answer. */
async function signUpThrough(subject: string, returnTo?: string) {
  const { result } = await roundTrip(subject, returnTo);
  const waiting = flowCookieFrom(result);
  if (result.location !== "/welcome" || !waiting) throw new Error("no username page");
  const cookie = `${FLOW_COOKIE}=${waiting}`;
  const page = await get(landing, "/welcome", { cookie });
  const username = input(page.body, "username")?.value ?? "";
  return post(landing, "/api/oauth/sign-up", { username }, { cookie });
}

const refusedWith = (location: string | null) =>
  location === null ? null : new URL(location, "http://x").searchParams.get("error");

describe("the providers' buttons", () => {
  it("are on the login and sign-up pages, as forms that keep where the person was going", async () => {
    const returnTo = `${landing.webUrl}/account`;
    for (const page of ["/login", "/signup"]) {
      const html = (await get(landing, `${page}?returnTo=${encodeURIComponent(returnTo)}`)).body;
      expect(html).toContain("Continue with Test ID");
      expect(html).toMatch(/<form[^>]*action="\/api\/oauth\/start"/);
      expect(input(html, "provider")?.value).toBe("oidc");
      expect(input(html, "returnTo")?.value).toBe(returnTo);
    }
  });

  it("may send a form's redirect to the provider, and nowhere else", async () => {
    const csp = (await get(landing, "/login")).headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`form-action 'self' ${landing.origin} ${landing.webUrl}`);
    expect(csp).toContain(provider.issuer);
  });

  it("give the browser a flow cookie (HttpOnly, Lax, 10 minutes) and send it to the provider", async () => {
    const { started, url } = await startFlow(landing);
    const line = started.setCookies.find((cookie) => cookie.startsWith(`${FLOW_COOKIE}=`)) ?? "";
    const attributes = cookieAttributes(line);
    expect(attributes).toMatchObject({ path: "/", samesite: "Lax" });
    expect(Number(attributes["max-age"])).toBeGreaterThan(590);
    expect(Number(attributes["max-age"])).toBeLessThanOrEqual(600);
    expect(line).toContain("HttpOnly");
    const sent = new URL(url);
    expect(sent.origin).toBe(provider.issuer);
    expect(sent.searchParams.get("code_challenge_method")).toBe("S256");
    expect(sent.searchParams.get("redirect_uri")).toBe(`${landing.origin}/api/oauth/callback/oidc`);
  });

  it("refuse a provider that is not turned on", async () => {
    const result = await post(landing, "/api/oauth/start", { provider: "github" });
    expect(result.status).toBe(404);
    expect(flowCookieFrom(result)).toBeNull();
  });
});

describe("OA-08: a new person", () => {
  it("chooses a username (proposed from the profile), and is signed in on web", async () => {
    const result = await signUpThrough(person());
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${landing.webUrl}/`);
    expect(sessionCookieLines(result)).toHaveLength(1);
    // The flow is over: its cookie is cleared.
    expect(flowCookieFrom(result)).toBe("");
  });

  it("comes back through the provider straight into the same account", async () => {
    const subject = person();
    await signUpThrough(subject);
    const { result } = await roundTrip(subject);
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${landing.webUrl}/`);
    expect(sessionCookieLines(result)).toHaveLength(1);
    const events = authEvents(landing.app.logs()).filter((e) => e.type === "login_succeeded");
    expect(events.at(-1)?.reason).toBe("oidc");
  });

  it("without a flow, the username page says to start again", async () => {
    const page = await get(landing, "/welcome");
    expect(page.status).toBe(401);
    expect(alertMessage(page.body)).toContain("expired");
    const made = await post(landing, "/api/oauth/sign-up", { username: "nobody-here" });
    expect(made.status).toBe(401);
    expect(sessionCookieLines(made)).toHaveLength(0);
  });
});

describe("OA-01: login CSRF: the callback is accepted only in the browser that started it", () => {
  it("refuses a callback without the flow cookie", async () => {
    const { callback } = await roundTrip(person()).then(async () => {
      const flow = await startFlow(landing);
      return { callback: await provider.authorize(flow.url, person()) };
    });
    const result = await followCallback(landing, callback);
    expect(result.status).toBe(303);
    expect(refusedWith(result.location)).toBe("provider_sign_in_failed");
    expect(sessionCookieLines(result)).toHaveLength(0);
    expect(authEvents(landing.app.logs()).at(-1)).toMatchObject({
      type: "provider_sign_in_refused",
      reason: "oidc:flow_missing",
    });
  });

  it("refuses a stranger's callback in a browser with a flow of its own, which still works", async () => {
    const victim = await startFlow(landing);
    const attacker = await startFlow(landing);
    const attackersCallback = await provider.authorize(attacker.url, person());
    const swapped = await followCallback(landing, attackersCallback, victim.cookie);
    expect(refusedWith(swapped.location)).toBe("provider_sign_in_failed");
    expect(sessionCookieLines(swapped)).toHaveLength(0);
    expect(authEvents(landing.app.logs()).at(-1)?.reason).toBe("oidc:state_mismatch");
    // The victim's own flow was not spent by the stranger's callback.
    const own = await followCallback(
      landing,
      await provider.authorize(victim.url, person()),
      victim.cookie,
    );
    expect(own.location).toBe("/welcome");
  });

  it("refuses a callback with the state taken out", async () => {
    const flow = await startFlow(landing);
    const callback = await provider.authorize(flow.url, person());
    callback.searchParams.delete("state");
    const result = await followCallback(landing, callback, flow.cookie);
    expect(refusedWith(result.location)).toBe("provider_sign_in_failed");
  });

  it("refuses two flow cookies of one name", async () => {
    const one = await startFlow(landing);
    const two = await startFlow(landing);
    const callback = await provider.authorize(one.url, person());
    const result = await followCallback(landing, callback, `${one.cookie}; ${two.cookie}`);
    expect(refusedWith(result.location)).toBe("provider_sign_in_failed");
  });
});

describe("OA-02, OA-03: codes are good once, and only with their own PKCE verifier", () => {
  it("OA-02: the same callback again is refused, and starts no second session", async () => {
    const subject = person();
    await signUpThrough(subject);
    const { flow, callback, result } = await roundTrip(subject);
    expect(sessionCookieLines(result)).toHaveLength(1);
    const replayed = await followCallback(landing, callback, flow.cookie);
    expect(refusedWith(replayed.location)).toBe("provider_sign_in_failed");
    expect(sessionCookieLines(replayed)).toHaveLength(0);
  });

  it("OA-02: a spent code with a fresh flow's state is refused by the provider", async () => {
    const subject = person();
    await signUpThrough(subject);
    const { callback } = await roundTrip(subject);
    const fresh = await startFlow(landing);
    const injected = new URL(callback);
    injected.searchParams.set("state", new URL(fresh.url).searchParams.get("state") ?? "");
    const result = await followCallback(landing, injected, fresh.cookie);
    expect(refusedWith(result.location)).toBe("provider_sign_in_failed");
    expect(authEvents(landing.app.logs()).at(-1)?.reason).toBe("oidc:token_refused");
  });

  it("OA-03: a code sent with another flow's verifier is refused by the provider", async () => {
    // An unspent code of one flow, presented in a browser whose flow has another verifier.
    const stolen = await startFlow(landing);
    const code = (await provider.authorize(stolen.url, person())).searchParams.get("code") ?? "";
    const other = await startFlow(landing);
    const callback = await provider.authorize(other.url, person());
    callback.searchParams.set("code", code);
    const result = await followCallback(landing, callback, other.cookie);
    expect(refusedWith(result.location)).toBe("provider_sign_in_failed");
    expect(sessionCookieLines(result)).toHaveLength(0);
    expect(authEvents(landing.app.logs()).at(-1)?.reason).toBe("oidc:token_refused");
  });
});

describe("OA-05: where the person was going survives the round trip, through the allowlist", () => {
  it("comes back to a page of the apps", async () => {
    const result = await signUpThrough(person(), `${landing.webUrl}/account?tab=1`);
    expect(result.location).toBe(`${landing.webUrl}/account?tab=1`);
  });

  it("never to another site, however it is written", async () => {
    for (const returnTo of ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]) {
      const result = await signUpThrough(person(), returnTo);
      expect(result.location).toBe(`${landing.webUrl}/`);
    }
  });
});

describe("OA-11: hostile requests to the provider endpoints", () => {
  it("malformed, oversized or wrongly typed bodies start no flow and make no account", async () => {
    const cases: [string, Parameters<typeof post>[2], number, Record<string, string>?][] = [
      ["/api/oauth/start", "provider=oidc&provider=github", 400],
      ["/api/oauth/start", { provider: "oidc" }, 415, { "content-type": "text/plain" }],
      ["/api/oauth/start", `provider=oidc&returnTo=${"x".repeat(20_000)}`, 413],
      ["/api/oauth/start", { provider: "__proto__" }, 404],
      ["/api/oauth/start", { provider: "[$ne]" }, 404],
      ["/api/oauth/start", "", 400],
      ["/api/oauth/sign-up", "username=a&username=b", 400],
      ["/api/oauth/sign-up", { username: "robin" }, 415, { "content-type": "application/json" }],
    ];
    for (const [path, body, status, headers] of cases) {
      const result = await post(landing, path, body, headers ? { headers } : {});
      expect(result.status, `${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(status);
      expect(flowCookieFrom(result)).toBeNull();
      expect(sessionCookieLines(result)).toHaveLength(0);
      expect(result.body).not.toMatch(/at \S+ \(|node_modules/);
    }
  });

  it("a form from another site starts no flow", async () => {
    const result = await post(
      landing,
      "/api/oauth/start",
      { provider: "oidc" },
      { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
    );
    expect(result.status).toBe(403);
    expect(flowCookieFrom(result)).toBeNull();
  });

  it("a callback with its state given twice is refused", async () => {
    const flow = await startFlow(landing);
    const callback = await provider.authorize(flow.url, person());
    callback.searchParams.append("state", "another");
    const result = await followCallback(landing, callback, flow.cookie);
    expect(refusedWith(result.location)).toBe("provider_sign_in_failed");
    expect(sessionCookieLines(result)).toHaveLength(0);
  });

  it("the username page sent for someone else's flow, or twice at once, makes one account", async () => {
    const { result } = await roundTrip(person());
    const cookie = `${FLOW_COOKIE}=${flowCookieFrom(result) ?? ""}`;
    const stranger = await post(landing, "/api/oauth/sign-up", { username: "stranger-x" });
    expect(stranger.status).toBe(401);
    const name = `twice${String(Date.now())}`.slice(0, 20);
    const both = await Promise.all([
      post(landing, "/api/oauth/sign-up", { username: name }, { cookie }),
      post(landing, "/api/oauth/sign-up", { username: `${name}b` }, { cookie }),
    ]);
    expect(both.filter((answer) => sessionCookieLines(answer).length === 1)).toHaveLength(1);
  });
});

describe("the callback's other answers", () => {
  it("a person who cancels at the provider is told so, and nothing changes", async () => {
    const flow = await startFlow(landing);
    const callback = new URL(`${landing.origin}/api/oauth/callback/oidc`);
    callback.searchParams.set("error", "access_denied");
    callback.searchParams.set("state", new URL(flow.url).searchParams.get("state") ?? "");
    const result = await followCallback(landing, callback, flow.cookie);
    expect(refusedWith(result.location)).toBe("provider_sign_in_cancelled");
    const page = await get(landing, result.location ?? "");
    expect(alertMessage(page.body)).toContain("cancelled");
  });

  it("the problem page shows only its own words, whatever its query holds", async () => {
    const page = await get(landing, "/sign-in-problem?error=%3Cscript%3Ealert(1)%3C/script%3E");
    expect(page.status).toBe(400);
    expect(page.body).not.toContain("<script>alert");
    expect(alertMessage(page.body)).toContain("did not work");
    const elsewhere = await get(
      landing,
      "/sign-in-problem?error=identity_taken&returnTo=https://evil.example/",
    );
    expect(elsewhere.body).not.toContain("evil.example");
  });

  it("a callback of a provider that is not turned on is not found", async () => {
    const result = await get(landing, "/api/oauth/callback/github?code=x&state=y");
    expect(result.status).toBe(404);
  });

  it("no code, state or flow token is ever written to the logs", async () => {
    const { flow, callback } = await roundTrip(person());
    const logs = landing.app.logs();
    for (const secret of [
      callback.searchParams.get("code") ?? "",
      callback.searchParams.get("state") ?? "",
      flow.cookie.split("=")[1] ?? "",
    ]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(logs).not.toContain(secret);
    }
  });

  it("a session the browser held ends when the provider signs it in as someone", async () => {
    const subject = person();
    const first = await signUpThrough(subject);
    const token = sessionCookieLines(first)[0]?.split(";")[0]?.split("=")[1] ?? "";
    const flow = await startFlow(landing);
    const callback = await provider.authorize(flow.url, subject);
    const result = await followCallback(
      landing,
      callback,
      `${flow.cookie}; ${cookieHeader(token)}`,
    );
    expect(sessionCookieLines(result)).toHaveLength(1);
    const me = await get(landing, "/login", { token });
    // The old token is signed out: the login page no longer redirects it to web.
    expect(me.status).toBe(200);
  });
});
