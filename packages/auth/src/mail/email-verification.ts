import { claimEmail, releaseEmail } from "@monorepo-auth/db/email-claims";
import { deleteUserMailTokens } from "@monorepo-auth/db/mail-tokens";
import { findUserById, markEmailVerified, setUserEmail } from "@monorepo-auth/db/users";
import type { Mail } from "@monorepo-auth/mail/mailer";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import { canonicalEmail } from "./email-address.ts";
import { appName, mailLink } from "./mail-links.ts";
import { verificationMail } from "./mail-texts.ts";
import { issueMailToken, MAIL_TOKEN_LIFETIME_MS, redeemMailToken } from "./mail-token.ts";

const HOUR_MS = 60 * 60 * 1000;

/**
 * Gives the user `email` as a new, unverified address and returns the mail that verifies
 * it, for the caller to send once it has answered. Nothing is claimed until the link is
 * followed, so typing an address neither holds it nor says whether another account has
 * it; an address the user had verified before is given up, and reset links mailed to it
 * stop working.
 */
export async function startEmailVerification(
  context: AuthContext,
  input: { userId: string; email: string },
): Promise<AuthResult<{ mail: Mail }, "email_invalid" | "unauthenticated">> {
  const email = canonicalEmail(input.email);
  if (!email) return failure("email_invalid");
  const user = await findUserById(context.database, input.userId);
  if (!user) return failure("unauthenticated");
  const previous = user.email === null ? null : canonicalEmail(user.email);
  if (user.email !== email.address || user.emailVerifiedAt !== null) {
    await setUserEmail(context.database, user.id, email.address);
    await deleteUserMailTokens(context.database, user.id, "reset-password");
    if (previous) await releaseEmail(context.database, previous.key, user.id);
  }
  const token = await issueMailToken(
    context.database,
    { userId: user.id, securityStamp: user.securityStamp, email: email.address },
    "verify-email",
    context.clock(),
  );
  const link = mailLink(context, "verify-email", token);
  const hours = MAIL_TOKEN_LIFETIME_MS["verify-email"] / HOUR_MS;
  const words = verificationMail({ appName: appName(context), link, hours });
  return { ok: true, mail: { to: email.address, ...words } };
}

/**
 * Follows a verification link: the address becomes the user's verified address, unless
 * another account verified it first. A link for an address the user has since replaced
 * is not valid.
 */
export async function verifyEmail(
  context: AuthContext,
  token: unknown,
  ip: string | null = null,
): Promise<
  AuthResult<{ userId: string; email: string }, "link_invalid" | "link_expired" | "email_taken">
> {
  const now = context.clock();
  const redeemed = await redeemMailToken(context.database, token, "verify-email", now);
  if (!redeemed.ok) return failure(redeemed.reason === "expired" ? "link_expired" : "link_invalid");
  const email = canonicalEmail(redeemed.email);
  if (!email) return failure("link_invalid");
  const claim = { key: email.key, userId: redeemed.userId, at: now };
  if ((await claimEmail(context.database, claim)) === "taken") return failure("email_taken");
  if (!(await markEmailVerified(context.database, redeemed.userId, email.address, now))) {
    await releaseEmail(context.database, email.key, redeemed.userId);
    return failure("link_invalid");
  }
  context.emit({ type: "email_verified", userId: redeemed.userId, ip });
  return { ok: true, userId: redeemed.userId, email: email.address };
}
