// What landing's provider tests share: landing started with one OpenID provider turned on
// (a real one, or the misbehaving one), and a browser's round trip through it over HTTP,
// the flow cookie carried by hand.
import { freePort } from "@monorepo-auth/testing/app-server";
import { cookieValue, type HttpResult } from "@monorepo-auth/testing/http";

import { get, post, startLanding, type Landing } from "./landing.ts";

/** The flow cookie's name over http. */
export const FLOW_COOKIE = "oauth";

/** What landing needs to know of a provider; where it answers, and its client. */
export interface ProviderSetup {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The redirect URI the provider must know, before landing starts: so the port comes first. */
export async function landingCallback(): Promise<{ port: number; callback: string }> {
  const port = await freePort();
  return { port, callback: `http://127.0.0.1:${String(port)}/api/oauth/callback/oidc` };
}

/** Landing on `port`, with the provider as its OpenID provider ("Test ID"). */
export function startLandingWithProvider(port: number, provider: ProviderSetup): Promise<Landing> {
  return startLanding({
    port,
    env: {
      IP_ATTEMPT_LIMIT: "10000",
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: "Test ID",
    },
  });
}

/** The value a response gave the flow cookie, or null when it set none. */
export function flowCookieFrom(result: HttpResult): string | null {
  for (const line of result.setCookies) {
    const value = cookieValue(line, FLOW_COOKIE);
    if (value !== null) return value;
  }
  return null;
}

/** The provider's button: the flow cookie (as a `Cookie` header) and the provider's URL. */
export async function startFlow(landing: Landing, returnTo?: string) {
  const started = await post(landing, "/api/oauth/start", {
    provider: "oidc",
    ...(returnTo === undefined ? {} : { returnTo }),
  });
  const flow = flowCookieFrom(started);
  if (started.status !== 303 || !started.location || !flow) {
    throw new Error(`the provider's button answered ${String(started.status)}`);
  }
  return { started, cookie: `${FLOW_COOKIE}=${flow}`, url: started.location };
}

/** The callback as the browser follows it: landing's path and query of the provider's redirect. */
export function followCallback(landing: Landing, callback: URL, cookie?: string) {
  return get(landing, `${callback.pathname}${callback.search}`, cookie ? { cookie } : {});
}
