import {
  deletePasskey,
  type PasskeyRow,
  findPasskey,
  insertPasskey,
  insertWebauthnChallenge,
  listUserPasskeys,
  recordPasskeyUse,
  renamePasskey as renameStoredPasskey,
  takeWebauthnChallenge,
  type WebauthnPurpose,
} from "@monorepo-auth/db/passkeys";
import { findUserById, renewSecurityStamp } from "@monorepo-auth/db/users";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { randomBytes } from "node:crypto";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, vouchesFor } from "../device/trusted-device.ts";
import { failure, type AuthResult } from "../errors.ts";
import type { Client } from "../request/client.ts";
import { invalidateUserSessions, type Session, type SessionUser } from "../session/session.ts";
import { checkOwnPassword, type OwnPasswordError } from "../users/check-own-password.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { signIn } from "../users/sign-in.ts";
import { finishPendingSignIn, openPendingSignIn } from "./two-step.ts";

/** How long a browser has to answer a WebAuthn challenge. */
const CHALLENGE_MS = 5 * 60 * 1000;
const MAX_NAME = 64;

/** What the account page shows of a passkey: never its key. */
export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const summary = (row: PasskeySummary): PasskeySummary => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
});

async function newChallenge(
  context: AuthContext,
  challenge: string,
  purpose: WebauthnPurpose,
  userId: string | null,
): Promise<string> {
  const id = randomBytes(16).toString("base64url");
  const expiresAt = new Date(context.clock().getTime() + CHALLENGE_MS);
  await insertWebauthnChallenge(context.database, { id, challenge, purpose, userId, expiresAt });
  return id;
}

/** A challenge of `purpose` (and of `userId`, when given), spent now; null when it is not one. */
async function spendChallenge(
  context: AuthContext,
  challengeId: unknown,
  purpose: WebauthnPurpose,
  userId: string | null,
): Promise<string | null> {
  if (typeof challengeId !== "string" || !/^[\w-]{22}$/.test(challengeId)) return null;
  const row = await takeWebauthnChallenge(context.database, challengeId);
  if (row?.purpose !== purpose || row.userId !== userId) return null;
  if (row.expiresAt.getTime() <= context.clock().getTime()) return null;
  return row.challenge;
}

/** Only an object shaped like a credential reaches the verifier. */
function isCredentialJson(value: unknown): value is { id: string; response: object } {
  if (typeof value !== "object" || value === null) return false;
  const { id, rawId, type, response } = value as Record<string, unknown>;
  return (
    typeof id === "string" &&
    id.length <= 1024 &&
    rawId === id &&
    type === "public-key" &&
    typeof response === "object" &&
    response !== null
  );
}

/**
 * Starts adding a passkey for a signed-in user: the options for the browser's
 * `navigator.credentials.create`, and the id of the challenge they carry. Discoverable
 * (resident) credentials with user verification, so that the passkey alone can sign in.
 */
export async function startPasskeyRegistration(
  context: AuthContext,
  user: SessionUser,
): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await listUserPasskeys(context.database, user.id);
  const options = await generateRegistrationOptions({
    rpName: context.relyingParty.name,
    rpID: context.relyingParty.id,
    userName: user.username,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map(({ id, transports }) => ({ id, transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  const challengeId = await newChallenge(context, options.challenge, "register", user.id);
  return { challengeId, options };
}

/**
 * Checks the browser's answer and stores the passkey. Like turning on an authenticator app,
 * it ends the user's other sessions and replaces the security stamp.
 */
export async function finishPasskeyRegistration(
  context: AuthContext,
  input: {
    user: SessionUser;
    challengeId: unknown;
    response: unknown;
    name: unknown;
    currentSessionId: string;
    ip: string | null;
  },
): Promise<AuthResult<{ passkey: PasskeySummary; endedSessions: number }, "passkey_invalid">> {
  const { user } = input;
  const challenge = await spendChallenge(context, input.challengeId, "register", user.id);
  if (!challenge || !isCredentialJson(input.response)) return failure("passkey_invalid");
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: [...context.relyingParty.origins],
      expectedRPID: context.relyingParty.id,
      requireUserVerification: true,
    });
  } catch {
    return failure("passkey_invalid");
  }
  if (!verified.verified) return failure("passkey_invalid");
  const { credential } = verified.registrationInfo;
  const name =
    typeof input.name === "string" && input.name.trim() !== ""
      ? input.name.trim().slice(0, MAX_NAME)
      : "Passkey";
  const now = context.clock();
  const stored = {
    id: credential.id,
    userId: user.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports ?? [],
    name,
    createdAt: now,
    lastUsedAt: null,
  };
  if ((await insertPasskey(context.database, stored)) === "taken") {
    return failure("passkey_invalid");
  }
  await renewSecurityStamp(context.database, user.id, newSecurityStamp());
  const endedSessions = await invalidateUserSessions(
    context.database,
    user.id,
    input.currentSessionId,
  );
  context.emit({ type: "passkey_added", username: user.username, userId: user.id, ip: input.ip });
  return { ok: true, passkey: summary(stored), endedSessions };
}

export async function listPasskeys(
  context: AuthContext,
  userId: string,
): Promise<PasskeySummary[]> {
  return (await listUserPasskeys(context.database, userId)).map(summary);
}

export async function renamePasskey(
  context: AuthContext,
  input: { user: SessionUser; id: unknown; name: unknown },
): Promise<AuthResult<object, "not_found" | "invalid_request">> {
  if (typeof input.id !== "string" || typeof input.name !== "string") {
    return failure("invalid_request");
  }
  const name = input.name.trim().slice(0, MAX_NAME);
  if (name === "") return failure("invalid_request");
  const renamed = await renameStoredPasskey(context.database, input.user.id, input.id, name);
  return renamed ? { ok: true } : failure("not_found");
}

/** Removes a passkey: needs the password, and ends the other sessions (a factor off). */
export async function removePasskey(
  context: AuthContext,
  input: {
    user: SessionUser;
    id: unknown;
    password: string;
    currentSessionId: string;
    ip: string | null;
  },
): Promise<AuthResult<{ endedSessions: number }, OwnPasswordError | "not_found">> {
  const { user } = input;
  if (typeof input.id !== "string") return failure("not_found");
  const checked = await checkOwnPassword(context, user, input.password);
  if (!checked.ok) return checked;
  if (!(await deletePasskey(context.database, user.id, input.id))) return failure("not_found");
  await renewSecurityStamp(context.database, user.id, newSecurityStamp());
  const endedSessions = await invalidateUserSessions(
    context.database,
    user.id,
    input.currentSessionId,
  );
  context.emit({ type: "passkey_removed", username: user.username, userId: user.id, ip: input.ip });
  return { ok: true, endedSessions };
}

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
 * challenge, gets nothing. The session starts as `password+passkey`.
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
  return finishPendingSignIn(context, opened, { client, method: "password+passkey", trusted });
}
