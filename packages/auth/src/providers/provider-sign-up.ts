import { randomBytes } from "node:crypto";

import { claimEmail } from "@monorepo-auth/db/email-claims";
import { deleteIdentity, insertIdentity } from "@monorepo-auth/db/identities";
import { insertOAuthFlow, takeOAuthFlow, type OAuthFlowRow } from "@monorepo-auth/db/oauth-flows";
import {
  findUserById,
  findUserByUsername,
  insertUser,
  markEmailVerified,
  setUserEmail,
} from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { rememberDevice } from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import { canonicalEmail } from "../mail/email-address.ts";
import type { Client } from "../request/client.ts";
import { generateSessionToken } from "../session/session-token.ts";
import type { Session, SessionUser } from "../session/session.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { signIn } from "../users/sign-in.ts";
import { canonicalUsername, usernameFromHint } from "../users/username.ts";
import { isProviderId } from "./provider-ids.ts";
import { openFlow, PROVIDER_FLOW_MS } from "./provider-flow.ts";
import type { ProviderProfile } from "./provider-profile.ts";

// A person a provider vouched for whom no account knows yet: they wait in a flow of their
// own (its `sign-up` stage) until they choose a username, and the account is made.

/** A token for the browser's cookie, and when it stops working. */
export interface Expiring {
  token: string;
  expiresAt: Date;
}

/** The person the provider vouched for waits, in a flow of its own, to choose a username. */
export async function startProviderSignUp(
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
