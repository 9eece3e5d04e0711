// The account page's "Sign-in methods" card, submitted as a browser without JavaScript does
// (see support/forms.ts), against a real OpenID provider running here: a link with a wrong
// password goes nowhere; with the right one the browser leaves for the provider with the
// flow cookie, comes back through landing's callback, and the identity is listed; unlinking
// it needs the password too (OA-09).
import { freePort } from "@monorepo-auth/testing/app-server";
import { cookieAttributes, cookieValue } from "@monorepo-auth/testing/http";
import { startOidcProvider, type TestOidcProvider } from "@monorepo-auth/testing/oidc-provider";
import { PASSWORD, signUp } from "@monorepo-auth/testing/sign-in";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { get, pageText } from "./support/apps.ts";
import { formsIn, submitForm, type PageForm } from "./support/forms.ts";

let apps: TestApps<"landing" | "web">;
let provider: TestOidcProvider;

beforeAll(async () => {
  const port = await freePort();
  provider = await startOidcProvider({
    redirectUris: [`http://127.0.0.1:${String(port)}/api/oauth/callback/oidc`],
  });
  apps = await startTestApps(["landing", "web"], {
    ports: { landing: port },
    env: {
      TRUST_PROXY_HOPS: "1",
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: "Test ID",
    },
    appEnv: { landing: { IP_ATTEMPT_LIMIT: "1000" } },
  });
});
afterAll(async () => {
  await apps.stop();
  await provider.stop();
});

const accountUrl = () => `${apps.web.url}/account`;

async function accountPage(token: string): Promise<string> {
  const result = await get(accountUrl(), token);
  expect(result.status).toBe(200);
  return result.body;
}

/** The action form whose markup holds `text` (a button's words). */
function formWith(html: string, text: string): PageForm {
  const form = formsIn(html).find((candidate) => pageText(candidate.html).includes(text));
  if (!form) throw new Error(`no form with "${text}" on the page`);
  return form;
}

describe("OA-09: linking and unlinking on the account page, without JavaScript", () => {
  it("links with the password, through the provider and landing's callback, then unlinks", async () => {
    const alice = await signUp(apps, { prefix: "linker" });
    const subject = `web-${String(Date.now())}`;
    provider.addAccount({ subject, email: "alice@example.com", emailVerified: true });

    const wrong = await submitForm(
      accountUrl(),
      formWith(await accountPage(alice.token), "Link Test ID"),
      { password: "not the password 9" },
      { token: alice.token },
    );
    expect(wrong.status).toBe(200);
    expect(pageText(wrong.body)).toContain("The current password is wrong.");
    expect(wrong.setCookies.some((line) => cookieValue(line, "oauth") !== null)).toBe(false);

    const linking = await submitForm(
      accountUrl(),
      formWith(await accountPage(alice.token), "Link Test ID"),
      { password: PASSWORD },
      { token: alice.token },
    );
    expect(linking.status).toBe(303);
    expect(linking.location?.startsWith(`${provider.issuer}/`)).toBe(true);
    const line = linking.setCookies.find((cookie) => cookieValue(cookie, "oauth") !== null) ?? "";
    expect(cookieAttributes(line)).toMatchObject({ path: "/", samesite: "lax" });
    expect(line.toLowerCase()).toContain("httponly");
    const flow = cookieValue(line, "oauth") ?? "";

    const callback = await provider.authorize(linking.location ?? "", subject);
    expect(callback.origin).toBe(apps.origins.landing);
    const back = await get(`${apps.landing.url}${callback.pathname}${callback.search}`, null, {
      cookie: `session=${alice.token}; oauth=${flow}`,
    });
    expect(back.status).toBe(303);
    expect(back.location).toBe(`${apps.origins.web}/account`);

    const linked = pageText(await accountPage(alice.token));
    expect(linked).toContain("Test ID · alice@example.com");

    const unlinked = await submitForm(
      accountUrl(),
      formWith(await accountPage(alice.token), "Unlink"),
      { password: PASSWORD },
      { token: alice.token },
    );
    expect(unlinked.status).toBe(200);
    expect(pageText(unlinked.body)).toContain("Test ID unlinked. 0 other sessions ended.");
    expect(pageText(await accountPage(alice.token))).not.toContain("Test ID · alice@example.com");
  });
});
