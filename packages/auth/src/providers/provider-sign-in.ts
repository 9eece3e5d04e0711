import { randomBytes } from "node:crypto";

import { claimEmail, findEmailOwner } from "@monorepo-auth/db/email-claims";
import {
  deleteIdentity,
  findIdentity,
  insertIdentity,
  recordIdentityUse,
} from "@monorepo-auth/db/identities";
import { insertOAuthFlow, takeOAuthFlow, type OAuthFlowRow } from "@monorepo-auth/db/oauth-flows";
import {
  findUserById,
  findUserByUsername,
  insertUser,
  markEmailVerified,
  setUserEmail,
  type UserRow,
} from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, rememberDevice, vouchesFor } from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import { needsSecondFactor, startPendingSignIn } from "../factors/two-step.ts";
import { canonicalEmail } from "../mail/email-address.ts";
import type { Client } from "../request/client.ts";
import { generateSessionToken } from "../session/session-token.ts";
import { validateSessionToken, type Session, type SessionUser } from "../session/session.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { signIn } from "../users/sign-in.ts";
import { canonicalUsername, usernameFromHint } from "../users/username.ts";
import { isProviderId, type ProviderId } from "./provider-ids.ts";
import { finishProviderFlow, openFlow, PROVIDER_FLOW_MS } from "./provider-flow.ts";
import type { ProviderProfile } from "./provider-profile.ts";
import type { ProviderSettings } from "./provider-settings.ts";

interface Expiring {
  token: string;
  expiresAt: Date;
}

export type ProviderCallbackResult =
  | {
      ok: true;
      outcome: "signed-in";
      user: SessionUser;
      token: string;
      session: Session;
      device: Expiring | null;
      returnTo: string;
    }
  | { ok: true; outcome: "second-step"; pending: Expiring; returnTo: string }
  | { ok: true; outcome: "choose-username"; flow: Expiring; returnTo: string }
  | { ok: true; outcome: "linked"; returnTo: string }
  | {
      ok: false;
      error:
        | "provider_sign_in_failed"
        | "provider_sign_in_cancelled"
        | "provider_unavailable"
        | "identity_taken"
        | "email_in_use"
        | "account_locked";
      /** Where a link was started from, to go back to; empty for a sign-in. */
      returnTo: string;
    };

/**
 * Landing's callback: the provider's answer is checked (see `finishProviderFlow`), then
 * - a link flow links the identity to the user who started it, if that browser is still
 *   signed in to them in the same session;
 * - a known identity signs its user in, through the second step when they have a factor;
 * - an unknown one becomes a new account once the person chooses a username. An address
 *   the provider verified that an account here holds already is not taken over, nor is
 *   that account joined: its owner links the provider from inside (decision 0025).
 */
export async function providerCallback(
  context: AuthContext,
  input: {
    provider: ProviderSettings;
    flowToken: string | null;
    query: URLSearchParams;
    client: Client;
  },
): Promise<ProviderCallbackResult> {
  const { provider, client } = input;
  const finished = await finishProviderFlow(context, input);
  if (!finished.ok) {
    context.emit({
      type: "provider_sign_in_refused",
      ip: client.ip,
      reason: `${provider.id}:${finished.reason}`,
    });
    return { ok: false, error: finished.error, returnTo: "" };
  }
  const { flow, profile } = finished;
  if (flow.purpose === "link") return linkIdentity(context, provider, flow, profile, client);

  const identity = await findIdentity(context.database, provider.id, profile.subject);
  const user = identity ? await findUserById(context.database, identity.userId) : null;
  if (user) return signInWithIdentity(context, provider.id, user, profile, flow, client);

  const refuse = (error: "email_in_use", reason: string): ProviderCallbackResult => {
    context.emit({ type: "provider_sign_in_refused", ip: client.ip, reason });
    return { ok: false, error, returnTo: "" };
  };
  const email = profile.emailVerified ? canonicalEmail(profile.email) : null;
  if (email && (await findEmailOwner(context.database, email.key))) {
    return refuse("email_in_use", `${provider.id}:email_in_use`);
  }
  const chosen = await startProviderSignUp(context, flow, profile);
  return { ok: true, outcome: "choose-username", flow: chosen, returnTo: flow.returnTo };
}

async function signInWithIdentity(
  context: AuthContext,
  providerId: ProviderId,
  user: UserRow,
  profile: ProviderProfile,
  flow: OAuthFlowRow,
  client: Client,
): Promise<ProviderCallbackResult> {
  const { username, id: userId } = user;
  if (user.lockedAt !== null) {
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "account_locked" });
    return { ok: false, error: "account_locked", returnTo: "" };
  }
  await recordIdentityUse(context.database, providerId, profile.subject, context.clock());
  if (await needsSecondFactor(context, userId)) {
    const pending = await startPendingSignIn(context, {
      userId,
      securityStamp: user.securityStamp,
      firstFactor: providerId,
    });
    context.emit({ type: "second_step_required", username, userId, ip: client.ip });
    return { ok: true, outcome: "second-step", pending, returnTo: flow.returnTo };
  }
  const sessionUser = { id: userId, username };
  const device = await findKnownDevice(context.database, client.deviceToken, context.clock());
  const [started, remembered] = await Promise.all([
    signIn(context, {
      user: sessionUser,
      securityStamp: user.securityStamp,
      client,
      method: providerId,
    }),
    vouchesFor(device, user) ? null : rememberDevice(context.database, user, context.clock()),
  ]);
  if (!started.ok) {
    context.emit({ type: "login_failed", username, ip: client.ip, reason: "credentials_changed" });
    return { ok: false, error: "provider_sign_in_failed", returnTo: "" };
  }
  context.emit({ type: "login_succeeded", username, userId, ip: client.ip, reason: providerId });
  return {
    ok: true,
    outcome: "signed-in",
    user: sessionUser,
    token: started.token,
    session: started.session,
    device: remembered,
    returnTo: flow.returnTo,
  };
}

/**
 * Links the identity to the user who started the link, only while this browser is signed
 * in to them in the session that started it: a link flow finished in another browser, or
 * after signing out, links nothing.
 */
async function linkIdentity(
  context: AuthContext,
  provider: ProviderSettings,
  flow: OAuthFlowRow,
  profile: ProviderProfile,
  client: Client,
): Promise<ProviderCallbackResult> {
  const { returnTo } = flow;
  const refuse = (
    error: "provider_sign_in_failed" | "identity_taken",
    reason: string,
  ): ProviderCallbackResult => {
    context.emit({
      type: "provider_sign_in_refused",
      ip: client.ip,
      reason: `${provider.id}:${reason}`,
      ...(flow.userId ? { userId: flow.userId } : {}),
    });
    return { ok: false, error, returnTo };
  };
  const [token] = client.sessionTokens;
  const current =
    client.sessionTokens.length === 1
      ? await validateSessionToken(context.database, token, context.lifetime, context.clock())
      : null;
  if (current?.session?.id !== flow.sessionId || current.user?.id !== flow.userId) {
    return refuse("provider_sign_in_failed", "link_session_changed");
  }
  const linked = await insertIdentity(context.database, {
    provider: provider.id,
    subject: profile.subject,
    userId: current.user.id,
    label: profile.label,
    createdAt: context.clock(),
  });
  if (linked === "taken") {
    const holder = await findIdentity(context.database, provider.id, profile.subject);
    if (holder?.userId !== current.user.id) return refuse("identity_taken", "identity_taken");
  }
  context.emit({
    type: "identity_linked",
    username: current.user.username,
    userId: current.user.id,
    ip: client.ip,
    reason: provider.id,
  });
  return { ok: true, outcome: "linked", returnTo };
}

/** The person the provider vouched for waits, in a flow of its own, to choose a username. */
async function startProviderSignUp(
  context: AuthContext,
  flow: OAuthFlowRow,
  profile: ProviderProfile,
): Promise<Expiring> {
  const now = context.clock();
  const { token, id, secretHash } = generateSessionToken();
  const expiresAt = new Date(now.getTime() + PROVIDER_FLOW_MS);
  await insertOAuthFlow(context.database, {
    ...flow,
    id,
    secretHash,
    stage: "sign-up",
    state: "",
    nonce: "",
    codeVerifier: "",
    profile: {
      subject: profile.subject,
      label: profile.label,
      email: profile.email,
      emailVerified: profile.emailVerified,
      suggestedUsername: await freeUsername(context, profile.nameHint),
    },
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

// A few readable tries (`alice`, `alice-2`…), then a random suffix; the insert decides anyway.
async function freeUsername(context: AuthContext, hint: string | null): Promise<string> {
  const base = usernameFromHint(hint) ?? "user";
  const candidates = [base, `${base}-2`, `${base}-3`];
  for (const candidate of candidates) {
    if (!(await findUserByUsername(context.database, candidate))) return candidate;
  }
  return `${base}-${randomBytes(3).toString("hex")}`;
}

/** What the username page shows: the provider and the name proposed. */
export async function providerSignUpOf(
  context: AuthContext,
  flowToken: string | null,
): Promise<{
  provider: string;
  label: string;
  suggestedUsername: string;
  email: string | null;
  returnTo: string;
} | null> {
  const flow = await openFlow(context, flowToken, { stage: "sign-up" });
  if (!flow?.profile) return null;
  const { label, suggestedUsername, email, emailVerified } = flow.profile;
  return {
    provider: flow.provider,
    label,
    suggestedUsername,
    email: emailVerified ? email : null,
    returnTo: flow.returnTo,
  };
}

export type ProviderSignUpResult = AuthResult<
  { user: SessionUser; token: string; session: Session; device: Expiring | null; returnTo: string },
  "username_invalid" | "username_taken" | "pending_sign_in_invalid"
>;

/**
 * The new account: the username the person chose, no password, the identity, and the
 * address when the provider verified it and no account holds it. The identity is written
 * first: of two submits of one page, one gets it; a taken username gives it back, and the
 * page can be sent again.
 */
export async function finishProviderSignUp(
  context: AuthContext,
  input: { flowToken: string | null; username: string; client: Client },
): Promise<ProviderSignUpResult> {
  const { client } = input;
  const flow = await openFlow(context, input.flowToken, { stage: "sign-up" });
  if (!flow?.profile || !isProviderId(flow.provider)) return failure("pending_sign_in_invalid");
  const provider = flow.provider;
  const username = canonicalUsername(input.username);
  if (!username) return failure("username_invalid");
  const { profile } = flow;
  const user = { id: randomBytes(16).toString("base64url"), username };
  const identity = {
    provider: flow.provider,
    subject: profile.subject,
    userId: user.id,
    label: profile.label,
    createdAt: context.clock(),
  };
  if ((await insertIdentity(context.database, identity)) === "taken") {
    await takeOAuthFlow(context.database, flow.id);
    return failure("pending_sign_in_invalid");
  }
  const securityStamp = newSecurityStamp();
  const inserted = await insertUser(context.database, { ...user, passwordHash: "", securityStamp });
  if (inserted === "taken") {
    await deleteIdentity(context.database, user.id, flow.provider, profile.subject);
    context.emit({ type: "signup_refused", username, ip: client.ip, reason: "username_taken" });
    return failure("username_taken");
  }
  await takeOAuthFlow(context.database, flow.id);
  await adoptVerifiedEmail(context, user.id, profile);

  const [started, device] = await Promise.all([
    signIn(context, { user, securityStamp, client, method: provider }),
    findUserById(context.database, user.id).then((row) =>
      row ? rememberDevice(context.database, row, context.clock()) : null,
    ),
  ]);
  if (!started.ok) throw new Error("A new user's security stamp changed during sign-up");
  context.emit({ type: "signup", username, userId: user.id, ip: client.ip, reason: flow.provider });
  return {
    ok: true,
    user,
    token: started.token,
    session: started.session,
    device,
    returnTo: flow.returnTo,
  };
}

// An address the provider verified becomes the account's, verified, unless an account took
// it meanwhile: then the account simply has none.
async function adoptVerifiedEmail(
  context: AuthContext,
  userId: string,
  profile: Pick<ProviderProfile, "email" | "emailVerified">,
): Promise<void> {
  const email = profile.emailVerified ? canonicalEmail(profile.email) : null;
  if (!email) return;
  const now = context.clock();
  const claim = await claimEmail(context.database, { key: email.key, userId, at: now });
  if (claim === "taken") return;
  await setUserEmail(context.database, userId, email.address);
  await markEmailVerified(context.database, userId, email.address, now);
}
