import { timingSafeEqual } from "node:crypto";

import {
  findOAuthFlow,
  insertOAuthFlow,
  takeOAuthFlow,
  type OAuthFlowRow,
} from "@monorepo-auth/db/oauth-flows";
import * as oidc from "openid-client";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import {
  generateSessionToken,
  parseSessionToken,
  verifySessionSecret,
} from "../session/session-token.ts";
import type { ProviderClient } from "./provider-client.ts";
import { githubProfile, openIdProfile, type ProviderProfile } from "./provider-profile.ts";
import { refusalReason } from "./provider-refusal.ts";
import { authorizationOrigin, type ProviderSettings } from "./provider-settings.ts";

/** How long a browser has to come back from the provider, and then to choose a username. */
export const PROVIDER_FLOW_MS = 10 * 60 * 1000;

/** Where a provider sends the browser back: landing's callback of that provider. */
export function redirectUri(context: AuthContext, provider: ProviderSettings): string {
  return `${context.landingOrigin}/api/oauth/callback/${provider.id}`;
}

const SCOPES = { openId: "openid email profile", github: "read:user user:email" };

export type FlowError = "provider_sign_in_failed" | "provider_unavailable";

/**
 * Sends a browser to the provider: a fresh PKCE verifier (S256), `state`, and for OpenID
 * Connect a `nonce`, all kept in a flow row the browser's cookie names. Nothing identifies
 * the person yet; a `link` flow remembers who asked, and in which session.
 */
export async function startProviderFlow(
  context: AuthContext,
  input: {
    provider: ProviderSettings;
    purpose: "sign-in" | "link";
    userId?: string;
    sessionId?: string;
    returnTo: string;
  },
): Promise<AuthResult<{ url: string; token: string; expiresAt: Date }, "provider_unavailable">> {
  const { provider } = input;
  const client = await providerClient(context, provider);
  if (!client) return failure("provider_unavailable");
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = client.openId ? oidc.randomNonce() : "";
  const url = oidc.buildAuthorizationUrl(client.config, {
    redirect_uri: redirectUri(context, provider),
    scope: client.openId ? SCOPES.openId : SCOPES.github,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    ...(client.openId ? { nonce } : {}),
  });
  // The apps' form-action lets a form's redirect reach only this origin (see the settings).
  if (url.origin !== authorizationOrigin(provider)) {
    context.emit({ type: "provider_sign_in_refused", reason: `${provider.id}:foreign_endpoint` });
    return failure("provider_unavailable");
  }
  const now = context.clock();
  const { token, id, secretHash } = generateSessionToken();
  const expiresAt = new Date(now.getTime() + PROVIDER_FLOW_MS);
  await insertOAuthFlow(context.database, {
    id,
    secretHash,
    stage: "authorize",
    provider: provider.id,
    purpose: input.purpose,
    userId: input.userId ?? null,
    sessionId: input.sessionId ?? null,
    state,
    nonce,
    codeVerifier,
    returnTo: input.returnTo,
    profile: null,
    createdAt: now,
    expiresAt,
  });
  return { ok: true, url: url.href, token, expiresAt };
}

/**
 * A flow the browser's token names, if genuine, of this stage and provider, and within its
 * 10 minutes; null otherwise.
 */
export async function openFlow(
  context: AuthContext,
  token: string | null,
  expected: { stage: OAuthFlowRow["stage"]; provider?: string },
): Promise<OAuthFlowRow | null> {
  const parts = parseSessionToken(token);
  const flow = parts ? await findOAuthFlow(context.database, parts.id) : null;
  if (
    !parts ||
    !flow ||
    !verifySessionSecret(parts.secret, flow.secretHash) ||
    flow.stage !== expected.stage ||
    (expected.provider !== undefined && flow.provider !== expected.provider) ||
    flow.expiresAt.getTime() <= context.clock().getTime()
  ) {
    return null;
  }
  return flow;
}

/** Why a callback was refused, for the event: never a token or a code. */
export interface Refusal {
  error: FlowError | "provider_sign_in_cancelled";
  reason: string;
}

/**
 * The provider's answer at the callback. Refused unless this browser holds the flow it
 * started and the `state` it was sent with comes back; then the flow is spent (once), the
 * code exchanged with its PKCE verifier, and for OpenID Connect the ID token checked by
 * openid-client: signature against the provider's keys, issuer, audience, expiry, nonce.
 */
export async function finishProviderFlow(
  context: AuthContext,
  input: { provider: ProviderSettings; flowToken: string | null; query: URLSearchParams },
): Promise<{ ok: true; flow: OAuthFlowRow; profile: ProviderProfile } | ({ ok: false } & Refusal)> {
  const { provider } = input;
  // The URL the provider was given, with the answer's query: never the request's own Host.
  const callbackUrl = new URL(redirectUri(context, provider));
  callbackUrl.search = input.query.toString();
  const refuse = (error: Refusal["error"], reason: string) => ({
    ok: false as const,
    error,
    reason,
  });
  const flow = await openFlow(context, input.flowToken, {
    stage: "authorize",
    provider: provider.id,
  });
  if (!flow) return refuse("provider_sign_in_failed", "flow_missing");
  // A callback another browser was sent (login CSRF), or a stale tab's, spends nothing.
  if (!sameText(callbackUrl.searchParams.get("state"), flow.state)) {
    return refuse("provider_sign_in_failed", "state_mismatch");
  }
  if (!(await takeOAuthFlow(context.database, flow.id))) {
    return refuse("provider_sign_in_failed", "flow_spent");
  }
  if (callbackUrl.searchParams.get("error") === "access_denied") {
    return refuse("provider_sign_in_cancelled", "access_denied");
  }
  const client = await providerClient(context, provider);
  if (!client) return refuse("provider_unavailable", "discovery_failed");
  try {
    const tokens = await oidc.authorizationCodeGrant(client.config, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      ...(client.openId ? { expectedNonce: flow.nonce, idTokenExpected: true } : {}),
    });
    const profile = client.openId
      ? await openIdPerson(client, tokens)
      : await githubPerson(client, tokens.access_token);
    if (!profile) return refuse("provider_sign_in_failed", "profile_invalid");
    return { ok: true, flow, profile };
  } catch (error) {
    const reason = refusalReason(error);
    return refuse(
      reason === "unreachable" ? "provider_unavailable" : "provider_sign_in_failed",
      reason,
    );
  }
}

/** The provider's client, or null when its discovery document cannot be had now. */
async function providerClient(
  context: AuthContext,
  provider: ProviderSettings,
): Promise<ProviderClient | null> {
  try {
    return await context.providers.get(provider);
  } catch {
    return null;
  }
}

// The ID token proves who signed in; its claims are filled in from UserInfo, where many
// providers keep the address and name. UserInfo must be about the same subject.
async function openIdPerson(
  client: ProviderClient,
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
): Promise<ProviderProfile | null> {
  const claims = tokens.claims();
  if (!claims) return null;
  const info = client.config.serverMetadata().userinfo_endpoint
    ? await oidc.fetchUserInfo(client.config, tokens.access_token, claims.sub)
    : {};
  return openIdProfile({ ...info, ...claims });
}

async function githubPerson(
  client: ProviderClient,
  accessToken: string,
): Promise<ProviderProfile | null> {
  const read = async (path: string): Promise<unknown> => {
    const url = new URL(path, "https://api.github.com");
    // GitHub's API refuses requests without a User-Agent.
    const headers = new Headers({
      accept: "application/vnd.github+json",
      "user-agent": "monorepo-auth",
    });
    const response = await oidc.fetchProtectedResource(
      client.config,
      accessToken,
      url,
      "GET",
      undefined,
      headers,
    );
    if (!response.ok) throw new Error(`GitHub answered ${String(response.status)} to ${path}`);
    return response.json();
  };
  const [user, emails] = await Promise.all([read("/user"), read("/user/emails")]);
  return githubProfile(user, emails);
}

function sameText(given: string | null, expected: string): boolean {
  if (given?.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
