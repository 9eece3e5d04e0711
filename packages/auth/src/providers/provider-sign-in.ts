import { findEmailOwner } from "@monorepo-auth/db/email-claims";
import {
  deleteIdentity,
  findIdentity,
  insertIdentity,
  recordIdentityUse,
} from "@monorepo-auth/db/identities";
import type { OAuthFlowRow } from "@monorepo-auth/db/oauth-flows";
import { findUserById, type UserRow } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, rememberDevice, vouchesFor } from "../device/trusted-device.ts";
import { needsSecondFactor, startPendingSignIn } from "../factors/two-step.ts";
import { canonicalEmail } from "../mail/email-address.ts";
import type { Client } from "../request/client.ts";
import { validateSessionToken, type Session, type SessionUser } from "../session/session.ts";
import { signIn } from "../users/sign-in.ts";
import type { ProviderId } from "./provider-ids.ts";
import { finishProviderFlow } from "./provider-flow.ts";
import type { ProviderProfile } from "./provider-profile.ts";
import type { ProviderSettings } from "./provider-settings.ts";
import { startProviderSignUp, type Expiring } from "./provider-sign-up.ts";

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
  // An identity whose user was deleted (by hand: the kit deletes no one) holds nothing.
  if (identity) {
    await deleteIdentity(context.database, identity.userId, provider.id, profile.subject);
  }

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
