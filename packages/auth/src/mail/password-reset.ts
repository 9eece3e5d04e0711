import { findEmailOwner } from "@monorepo-auth/db/email-claims";
import {
  findUserById,
  findUserByUsername,
  replacePassword,
  type UserRow,
} from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { findKnownDevice, vouchesFor } from "../device/trusted-device.ts";
import { needsSecondFactor, startPendingSignIn } from "../factors/two-step.ts";
import { failure, type AuthResult } from "../errors.ts";
import { checkBreachedPassword } from "../password/breached-password.ts";
import { BUSY } from "../password/hash-limiter.ts";
import { hashPassword } from "../password/password-hash.ts";
import {
  checkNewPassword,
  normalizePassword,
  type PasswordProblem,
} from "../password/password-rules.ts";
import type { Client } from "../request/client.ts";
import { invalidateUserSessions, type Session, type SessionUser } from "../session/session.ts";
import { accountKey, giveBackAttempts } from "../throttle/throttle.ts";
import { newSecurityStamp } from "../users/security-stamp.ts";
import { signIn } from "../users/sign-in.ts";
import { canonicalUsername } from "../users/username.ts";
import { deliver, deliverLater } from "./deliver.ts";
import { canonicalEmail } from "./email-address.ts";
import { appName, forgotPasswordUrl, mailLink } from "./mail-links.ts";
import { passwordChangedMail, resetMail } from "./mail-texts.ts";
import { mailAccountClaim, mailDeviceClaim, mailIpClaim, takeMailBudget } from "./mail-throttle.ts";
import {
  inspectMailToken,
  issueMailToken,
  MAIL_TOKEN_LIFETIME_MS,
  redeemMailToken,
} from "./mail-token.ts";

const MINUTE_MS = 60_000;

/** Who a reset is asked for: a username, or an address (used only if verified). */
type ResetTarget = { username: string } | { emailKey: string };

function parseIdentifier(input: unknown): ResetTarget | null {
  if (typeof input !== "string") return null;
  if (input.includes("@")) {
    const email = canonicalEmail(input);
    return email ? { emailKey: email.key } : null;
  }
  const username = canonicalUsername(input);
  return username ? { username } : null;
}

/**
 * "Forgot password": mails a reset link to the account's verified address. The answer is
 * decided before anything is looked up — only the shape of what was typed and the asking
 * IP's budget of mails can change it — and the look-up and the mail happen after it, in
 * `sending`, which the caller does not wait for: whether an account, or a verified address,
 * exists shows neither in the answer nor in its time. The account's budget of mails, when
 * spent, holds the mail back silently for the same reason. As at login, strangers spend
 * a budget of their own: a browser holding a device token of the account (`deviceToken`)
 * has its own, so that asking for someone else's link again and again cannot keep its
 * owner from getting one (decision 0022).
 */
export async function requestPasswordReset(
  context: AuthContext,
  input: { identifier: unknown; ip: string | null; deviceToken?: string | null },
): Promise<AuthResult<{ sending: Promise<void> }, "identifier_invalid" | "too_many_attempts">> {
  const target = parseIdentifier(input.identifier);
  if (!target) return failure("identifier_invalid");
  const budget = await takeMailBudget(context, [mailIpClaim(input.ip)]);
  if (!budget.allowed) {
    context.emit({ type: "mail_throttled", ip: input.ip, reason: "reset_ip" });
    return failure("too_many_attempts", budget.retryAfterSeconds);
  }
  context.emit({
    type: "password_reset_requested",
    username: "username" in target ? target.username : null,
    ip: input.ip,
  });
  return {
    ok: true,
    sending: deliverLater(context, () =>
      mailResetLink(context, target, { ip: input.ip, deviceToken: input.deviceToken ?? null }),
    ),
  };
}

async function findResetUser(context: AuthContext, target: ResetTarget): Promise<UserRow | null> {
  if ("username" in target) return findUserByUsername(context.database, target.username);
  const owner = await findEmailOwner(context.database, target.emailKey);
  return owner ? findUserById(context.database, owner) : null;
}

async function mailResetLink(
  context: AuthContext,
  target: ResetTarget,
  asker: { ip: string | null; deviceToken: string | null },
) {
  const { ip } = asker;
  const [user, device] = await Promise.all([
    findResetUser(context, target),
    findKnownDevice(context.database, asker.deviceToken, context.clock()),
  ]);
  // Only a verified address, and only the one the account holds now, ever gets a link.
  const email = user?.emailVerifiedAt ? canonicalEmail(user.email) : null;
  if (!user || !email || user.lockedAt) return;
  if ("emailKey" in target && target.emailKey !== email.key) return;
  // A verified address belongs to this account alone: its budget bounds the address's too.
  const budget = await takeMailBudget(context, [
    device && vouchesFor(device, user) ? mailDeviceClaim(device.id) : mailAccountClaim(user.id),
  ]);
  if (!budget.allowed) {
    context.emit({ type: "mail_throttled", username: user.username, userId: user.id, ip });
    return;
  }
  const owner = { userId: user.id, securityStamp: user.securityStamp, email: email.address };
  const token = await issueMailToken(context.database, owner, "reset-password", context.clock());
  const minutes = MAIL_TOKEN_LIFETIME_MS["reset-password"] / MINUTE_MS;
  const link = mailLink(context, "reset-password", token);
  const words = resetMail({ appName: appName(context), link, minutes });
  await deliver(context, { to: email.address, ...words }, { userId: user.id, ip });
}

export interface ResetPasswordInput {
  token: unknown;
  newPassword: string;
  client: Client;
}

export type ResetPasswordError =
  "link_invalid" | "link_expired" | PasswordProblem | "password_breached" | "busy";

export type ResetPasswordResult = AuthResult<
  { user: SessionUser; notice: Promise<void> } & (
    | { token: string; session: Session }
    /** The account has a second factor: a reset does not skip it (see `completeSignIn`). */
    | { pending: { token: string; expiresAt: Date } }
  ),
  ResetPasswordError
>;

/**
 * Sets a new password through a mailed reset link, then: every session of the user ends,
 * the person is signed in (or, when the account has a second factor, asked for it: the
 * mailbox alone is not both factors), and the account's verified address is told. A new password the
 * rules refuse leaves the link working, so the person can choose again; the link is spent
 * only once the new hash is ready, and of two spending it at once one wins.
 */
export async function resetPassword(
  context: AuthContext,
  input: ResetPasswordInput,
): Promise<ResetPasswordResult> {
  const { client } = input;
  const fail = (error: ResetPasswordError, user?: SessionUser) => {
    context.emit({
      type: "password_change_failed",
      ...(user ? { username: user.username, userId: user.id } : {}),
      ip: client.ip,
      reason: error,
    });
    return failure(error);
  };
  const link = await inspectMailToken(
    context.database,
    input.token,
    "reset-password",
    context.clock(),
  );
  if (!link.ok) return fail(link.reason === "expired" ? "link_expired" : "link_invalid");
  const row = await findUserById(context.database, link.userId);
  if (!row) return fail("link_invalid");
  const user: SessionUser = { id: row.id, username: row.username };

  const problem = checkNewPassword(input.newPassword, user.username);
  if (problem) return fail(problem, user);
  const next = normalizePassword(input.newPassword);
  if (context.breachCheck) {
    const verdict = await checkBreachedPassword(next, context.breachCheck);
    if (verdict === "breached") return fail("password_breached", user);
  }
  const key = accountKey(user.username);
  const passwordHash = await context.hashLimiter.run(() => hashPassword(next), [key]);
  if (passwordHash === BUSY) return fail("busy", user);

  // Spent here, after the checks; a password change or lock since it was mailed voids it.
  const redeemed = await redeemMailToken(
    context.database,
    input.token,
    "reset-password",
    context.clock(),
  );
  if (!redeemed.ok)
    return fail(redeemed.reason === "expired" ? "link_expired" : "link_invalid", user);
  const securityStamp = newSecurityStamp();
  await replacePassword(context.database, user.id, { passwordHash, securityStamp });
  await invalidateUserSessions(context.database, user.id);
  context.emit({ type: "password_reset", username: user.username, userId: user.id, ip: client.ip });
  const notice = notifyPasswordChanged(context, { userId: user.id, ip: client.ip });
  if (await needsSecondFactor(context, user.id)) {
    // Its failed codes stay counted: a reset must not buy more guesses at the code.
    const pending = await startPendingSignIn(context, { userId: user.id, securityStamp });
    return { ok: true, user, pending, notice };
  }
  // The person proved they hold the address: the account's failed logins are forgotten.
  await giveBackAttempts(context.database, { forgetKeys: [key] });
  const started = await signIn(context, { user, securityStamp, client });
  // Only a lock or another reset between the two writes above can get here.
  if (!started.ok) return fail("link_invalid", user);
  return { ok: true, user, token: started.token, session: started.session, notice };
}

/**
 * Tells the account's verified address that its password changed (after a reset or a
 * change), after the answer; an unverified address is never written to.
 */
export function notifyPasswordChanged(
  context: AuthContext,
  about: { userId: string; ip: string | null },
): Promise<void> {
  return deliverLater(context, async () => {
    const row = await findUserById(context.database, about.userId);
    if (!row?.email || !row.emailVerifiedAt) return;
    const words = passwordChangedMail({
      appName: appName(context),
      resetUrl: forgotPasswordUrl(context),
    });
    await deliver(context, { to: row.email, ...words }, about);
  });
}
