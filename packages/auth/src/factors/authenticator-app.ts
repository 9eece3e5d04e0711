import {
  deleteTotpFactor,
  enableTotpFactor,
  findTotpFactor,
  replaceRecoveryCodes,
  startTotpFactor,
  countRecoveryCodes,
} from "@monorepo-auth/db/second-factors";
import { renewSecurityStamp } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { invalidateUserSessions, type SessionUser } from "../session/session.ts";
import { checkOwnPassword, type OwnPasswordError } from "../users/check-own-password.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { newRecoveryCodes, recoveryCodeHash } from "./recovery-codes.ts";
import { openTotpKey, proveSecondFactor, type SecondFactorError } from "./second-factor.ts";
import { base32, newTotpKey, totpKeyUri } from "./totp.ts";

/** What the account page shows: whether the app is on, and how many recovery codes are left. */
export async function authenticatorStatus(
  context: AuthContext,
  userId: string,
): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const [factor, left] = await Promise.all([
    findTotpFactor(context.database, userId),
    countRecoveryCodes(context.database, userId),
  ]);
  return { enabled: factor?.enabledAt != null, recoveryCodesLeft: left };
}

/**
 * Starts setting up an authenticator app: a new key, stored sealed and not yet asked for at
 * sign-in. Returns it as text and as the `otpauth://` URI a QR code carries; this is the
 * only time either leaves the server (decision 0023).
 */
export async function startAuthenticatorSetup(
  context: AuthContext,
  user: SessionUser,
): Promise<AuthResult<{ secret: string; uri: string }, "factors_unavailable" | "totp_enabled">> {
  if (!context.secretBox) return failure("factors_unavailable");
  const key = newTotpKey();
  const sealedKey = context.secretBox.seal(key, user.id);
  const started = await startTotpFactor(context.database, {
    userId: user.id,
    sealedKey,
    createdAt: context.clock(),
  });
  if (started === "enabled") return failure("totp_enabled");
  const issuer = new URL(context.landingOrigin).host;
  return {
    ok: true,
    secret: base32(key),
    uri: totpKeyUri({ issuer, account: user.username, key }),
  };
}

/**
 * Turns the app on with its first code, and gives the ten recovery codes, to show once.
 * Every other session of the user ends, and the security stamp is replaced: a sign-in that
 * checked the password before this cannot finish without the code.
 */
export async function confirmAuthenticatorSetup(
  context: AuthContext,
  input: { user: SessionUser; code: string; currentSessionId: string; ip: string | null },
): Promise<
  AuthResult<
    { recoveryCodes: string[]; endedSessions: number },
    SecondFactorError | "totp_not_enabled"
  >
> {
  const { user } = input;
  const pending = await openTotpKey(context, user.id, "being-set-up");
  if (pending === "unavailable") return failure("factors_unavailable");
  if (!pending) return failure("totp_not_enabled");
  const proved = await proveSecondFactor(context, user, input.code, {
    ip: input.ip,
    which: "being-set-up",
  });
  if (!proved.ok) return proved;
  // Another tab may have started over meanwhile: only the key this code proved goes on.
  if (!(await enableTotpFactor(context.database, user.id, pending.sealedKey, context.clock()))) {
    return failure("code_invalid");
  }
  const recoveryCodes = await renewRecoveryCodes(context, user.id);
  const endedSessions = await secureSessions(context, user.id, input.currentSessionId);
  context.emit({ type: "totp_enabled", username: user.username, userId: user.id, ip: input.ip });
  return { ok: true, recoveryCodes, endedSessions };
}

/** Ten new recovery codes, the old ones void; needs the password. */
export async function regenerateRecoveryCodes(
  context: AuthContext,
  input: { user: SessionUser; password: string; ip: string | null },
): Promise<AuthResult<{ recoveryCodes: string[] }, OwnPasswordError | "totp_not_enabled">> {
  const { user } = input;
  const checked = await checkOwnPassword(context, user, input.password);
  if (!checked.ok) return checked;
  const factor = await findTotpFactor(context.database, user.id);
  if (!factor?.enabledAt) return failure("totp_not_enabled");
  const recoveryCodes = await renewRecoveryCodes(context, user.id);
  context.emit({
    type: "recovery_codes_renewed",
    username: user.username,
    userId: user.id,
    ip: input.ip,
  });
  return { ok: true, recoveryCodes };
}

/**
 * Turns the app off: needs the password and a code (or a recovery code), so neither a
 * stolen session nor a stolen password alone can remove the second factor. Every other
 * session ends.
 */
export async function disableAuthenticator(
  context: AuthContext,
  input: {
    user: SessionUser;
    password: string;
    code: string;
    currentSessionId: string;
    ip: string | null;
  },
): Promise<
  AuthResult<{ endedSessions: number }, OwnPasswordError | SecondFactorError | "totp_not_enabled">
> {
  const { user } = input;
  const factor = await findTotpFactor(context.database, user.id);
  if (!factor?.enabledAt) return failure("totp_not_enabled");
  const checked = await checkOwnPassword(context, user, input.password);
  if (!checked.ok) return checked;
  const proved = await proveSecondFactor(context, user, input.code, { ip: input.ip });
  if (!proved.ok) return proved;
  await deleteTotpFactor(context.database, user.id);
  const endedSessions = await secureSessions(context, user.id, input.currentSessionId);
  context.emit({ type: "totp_disabled", username: user.username, userId: user.id, ip: input.ip });
  return { ok: true, endedSessions };
}

async function renewRecoveryCodes(context: AuthContext, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(
    context.database,
    userId,
    codes.map((code) => recoveryCodeHash(code.replace("-", ""))),
    context.clock(),
  );
  return codes;
}

/** A factor turned on or off: a new stamp, then every other session ends (see `sign-in.ts`). */
async function secureSessions(
  context: AuthContext,
  userId: string,
  currentSessionId: string,
): Promise<number> {
  await renewSecurityStamp(context.database, userId, newSecurityStamp());
  return invalidateUserSessions(context.database, userId, currentSessionId);
}
