import {
  deletePasskey,
  insertPasskey,
  listUserPasskeys,
  renamePasskey as renameStoredPasskey,
} from "@monorepo-auth/db/passkeys";
import { renewSecurityStamp } from "@monorepo-auth/db/users";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { invalidateUserSessions, type SessionUser } from "../session/session.ts";
import { checkOwnPassword, type OwnPasswordError } from "../users/check-own-password.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { isCredentialJson, newChallenge, spendChallenge } from "./webauthn-challenges.ts";
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
