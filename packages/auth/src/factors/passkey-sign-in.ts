import {
  findPasskey,
  listUserPasskeys,
  recordPasskeyUse,
  type PasskeyRow,
} from "@monorepo-auth/db/passkeys";
import { findUserById } from "@monorepo-auth/db/users";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, vouchesFor } from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import type { Client } from "../request/client.ts";
import type { Session, SessionUser } from "../session/session.ts";
import { signIn } from "../users/sign-in.ts";
import { finishPendingSignIn, openPendingSignIn } from "./two-step.ts";
import { isCredentialJson, newChallenge, spendChallenge } from "./webauthn-challenges.ts";

/** Starts a sign-in with a passkey alone: the browser lets the person pick one. */
export async function startPasskeySignIn(
  context: AuthContext,
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({
    rpID: context.relyingParty.id,
    userVerification: "required",
  });
  const challengeId = await newChallenge(context, options.challenge, "sign-in", null);
  return { challengeId, options };
}

/**
 * Checks a browser's answer to `challenge`: the signature against the stored key, for this
 * origin and relying party, the user verified when `requireUserVerification`, the user
 * handle the passkey's owner's, the counter forward. Records the use. The passkey, or null.
 */
async function checkAssertion(
  context: AuthContext,
  input: {
    challenge: string;
    response: { id: string; response: object };
    requireUserVerification: boolean;
    ip: string | null;
  },
): Promise<PasskeyRow | null> {
  const passkey = await findPasskey(context.database, input.response.id);
  if (!passkey) return null;
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: input.response as AuthenticationResponseJSON,
      expectedChallenge: input.challenge,
      expectedOrigin: [...context.relyingParty.origins],
      expectedRPID: context.relyingParty.id,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: input.requireUserVerification,
    });
  } catch {
    context.emit({ type: "login_failed", userId: passkey.userId, ip: input.ip, reason: "passkey" });
    return null;
  }
  const userHandle = (input.response.response as { userHandle?: unknown }).userHandle;
  const expectedHandle = Buffer.from(passkey.userId).toString("base64url");
  const handleMatches =
    userHandle === undefined || userHandle === null || userHandle === expectedHandle;
  if (!verified.verified || !handleMatches) return null;
  const recorded = await recordPasskeyUse(context.database, passkey.id, {
    from: passkey.counter,
    to: verified.authenticationInfo.newCounter,
    at: context.clock(),
  });
  return recorded ? passkey : null;
}

/**
 * Signs in with a passkey alone (user verification required: the authenticator checked a
 * PIN or a biometric). A counter that went backwards (a cloned authenticator) is refused;
 * the session starts as every sign-in does, as `passkey`.
 */
export async function finishPasskeySignIn(
  context: AuthContext,
  input: { challengeId: unknown; response: unknown; client: Client },
): Promise<
  AuthResult<
    { user: SessionUser; token: string; session: Session },
    "passkey_invalid" | "account_locked"
  >
> {
  const { client } = input;
  const challenge = await spendChallenge(context, input.challengeId, "sign-in", null);
  if (!challenge || !isCredentialJson(input.response)) return failure("passkey_invalid");
  const passkey = await checkAssertion(context, {
    challenge,
    response: input.response,
    requireUserVerification: true,
    ip: client.ip,
  });
  if (!passkey) return failure("passkey_invalid");
  const row = await findUserById(context.database, passkey.userId);
  if (!row) return failure("passkey_invalid");
  const user: SessionUser = { id: row.id, username: row.username };
  if (row.lockedAt) {
    context.emit({
      type: "login_failed",
      username: user.username,
      ip: client.ip,
      reason: "account_locked",
    });
    return failure("account_locked");
  }
  const started = await signIn(context, {
    user,
    securityStamp: row.securityStamp,
    client,
    method: "passkey",
  });
  if (!started.ok) return failure("passkey_invalid");
  context.emit({
    type: "login_succeeded",
    username: user.username,
    userId: user.id,
    ip: client.ip,
    reason: "passkey",
  });
  return { ok: true, user, token: started.token, session: started.session };
}

/**
 * The second step by a passkey, after a right password: options naming only the pending
 * user's passkeys, and the challenge bound to that user.
 */
export async function startPasskeySecondStep(
  context: AuthContext,
  pendingToken: string | null,
): Promise<
  AuthResult<
    { challengeId: string; options: PublicKeyCredentialRequestOptionsJSON },
    "pending_sign_in_invalid" | "passkey_invalid"
  >
> {
  const opened = await openPendingSignIn(context, pendingToken);
  if (!opened) return failure("pending_sign_in_invalid");
  const passkeys = await listUserPasskeys(context.database, opened.user.id);
  if (passkeys.length === 0) return failure("passkey_invalid");
  const options = await generateAuthenticationOptions({
    rpID: context.relyingParty.id,
    allowCredentials: passkeys.map(({ id, transports }) => ({ id, transports })),
    userVerification: "preferred",
  });
  const challengeId = await newChallenge(context, options.challenge, "second-step", opened.user.id);
  return { ok: true, challengeId, options };
}

/**
 * Finishes a pending sign-in with one of its user's passkeys (user presence suffices: the
 * password was the other factor). Another user's passkey, or another pending sign-in's
 * challenge, gets nothing. The session starts as `password+passkey` (or `github+passkey`…).
 */
export async function finishPasskeySecondStep(
  context: AuthContext,
  input: { pendingToken: string | null; challengeId: unknown; response: unknown; client: Client },
): Promise<
  AuthResult<
    {
      user: SessionUser;
      token: string;
      session: Session;
      device: { token: string; expiresAt: Date } | null;
    },
    "pending_sign_in_invalid" | "passkey_invalid"
  >
> {
  const { client } = input;
  const opened = await openPendingSignIn(context, input.pendingToken);
  if (!opened) return failure("pending_sign_in_invalid");
  const challenge = await spendChallenge(context, input.challengeId, "second-step", opened.user.id);
  if (!challenge || !isCredentialJson(input.response)) return failure("passkey_invalid");
  const passkey = await checkAssertion(context, {
    challenge,
    response: input.response,
    requireUserVerification: false,
    ip: client.ip,
  });
  if (passkey?.userId !== opened.user.id) return failure("passkey_invalid");
  const device = await findKnownDevice(context.database, client.deviceToken, context.clock());
  const trusted = vouchesFor(device, opened.row) ? device : null;
  return finishPendingSignIn(context, opened, {
    client,
    method: `${opened.firstFactor}+passkey`,
    trusted,
  });
}
