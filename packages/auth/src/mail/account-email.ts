import { findUserById } from "@monorepo-auth/db/users";

import type { AuthContext } from "../auth-context.ts";
import { failure, type AuthResult } from "../errors.ts";
import type { SessionUser } from "../session/session.ts";
import { checkOwnPassword, type OwnPasswordError } from "../users/check-own-password.ts";
import { deliver, deliverLater, type Delivery } from "./deliver.ts";
import { canonicalEmail } from "./email-address.ts";
import { startEmailVerification } from "./email-verification.ts";
import { appName, forgotPasswordUrl } from "./mail-links.ts";
import { addressChangedMail } from "./mail-texts.ts";
import {
  mailAccountClaim,
  mailIpClaim,
  mailRecipientClaim,
  takeMailBudget,
} from "./mail-throttle.ts";

export interface ChangeEmailInput {
  user: SessionUser;
  /** The new address, as typed. */
  email: string;
  currentPassword: string;
  ip: string | null;
}

export type ChangeEmailError =
  "email_invalid" | "email_unchanged" | OwnPasswordError | "too_many_attempts";

/**
 * A signed-in user gives their account a new address: it needs the password (a stolen
 * session alone cannot move the account's mail elsewhere), the old verified address is
 * told, and the new one gets a verification link. Until the link is followed the new
 * address is unverified and never used for a reset. `delivery` says whether the link's mail
 * went out; the owner, and only the owner, is told when it did not.
 */
export async function changeEmail(
  context: AuthContext,
  input: ChangeEmailInput,
): Promise<AuthResult<{ email: string; delivery: Delivery }, ChangeEmailError>> {
  const { user, ip } = input;
  const email = canonicalEmail(input.email);
  if (!email) return failure("email_invalid");
  const row = await findUserById(context.database, user.id);
  if (!row) return failure("unauthenticated");
  const previous = row.email === null ? null : canonicalEmail(row.email);
  // The same mailbox, however its local part is written, is no change.
  if (previous?.key === email.key && row.emailVerifiedAt) return failure("email_unchanged");
  const checked = await checkOwnPassword(context, user, input.currentPassword);
  if (!checked.ok) return checked;
  const budget = await takeMailBudget(context, [
    mailAccountClaim(user.id),
    mailIpClaim(ip),
    mailRecipientClaim(email.key),
  ]);
  if (!budget.allowed) return failure("too_many_attempts", budget.retryAfterSeconds);

  const started = await startEmailVerification(context, { userId: user.id, email: email.address });
  if (!started.ok) return started;
  context.emit({ type: "email_added", username: user.username, userId: user.id, ip });
  if (previous && row.emailVerifiedAt && previous.key !== email.key) {
    const words = addressChangedMail({
      appName: appName(context),
      resetUrl: forgotPasswordUrl(context),
    });
    void deliverLater(context, () =>
      deliver(context, { to: previous.address, ...words }, { userId: user.id, ip }),
    );
  }
  const delivery = await deliver(context, started.mail, { userId: user.id, ip });
  return { ok: true, email: email.address, delivery };
}

/**
 * Mails a new verification link for the account's unverified address (the last one may
 * have expired, been lost, or not gone out). Throttled like every mail.
 */
export async function resendVerification(
  context: AuthContext,
  input: { user: SessionUser; ip: string | null },
): Promise<
  AuthResult<
    { email: string },
    | "nothing_to_verify"
    | "too_many_attempts"
    | "mail_unavailable"
    | "unauthenticated"
    | "email_invalid"
  >
> {
  const { user, ip } = input;
  const row = await findUserById(context.database, user.id);
  if (!row) return failure("unauthenticated");
  const email = row.emailVerifiedAt ? null : canonicalEmail(row.email);
  if (!email) return failure("nothing_to_verify");
  const budget = await takeMailBudget(context, [
    mailAccountClaim(user.id),
    mailIpClaim(ip),
    mailRecipientClaim(email.key),
  ]);
  if (!budget.allowed) return failure("too_many_attempts", budget.retryAfterSeconds);
  const started = await startEmailVerification(context, { userId: user.id, email: email.address });
  if (!started.ok) return started;
  const delivery = await deliver(context, started.mail, { userId: user.id, ip });
  return delivery === "sent" ? { ok: true, email: email.address } : failure("mail_unavailable");
}

/**
 * A new account's address, given at sign-up: set unverified before the sign-up answers,
 * and its link mailed after (`sending`, not waited for). A spent budget or a failing
 * server shows only as "unverified" on the account page, where the owner can ask again.
 */
export async function addNewAccountEmail(
  context: AuthContext,
  input: { user: SessionUser; email: string; ip: string | null },
): Promise<{ sending: Promise<void> }> {
  const { user, ip } = input;
  const started = await startEmailVerification(context, { userId: user.id, email: input.email });
  if (!started.ok) return { sending: Promise.resolve() };
  context.emit({ type: "email_added", username: user.username, userId: user.id, ip });
  const sending = deliverLater(context, async () => {
    const key = canonicalEmail(started.mail.to)?.key ?? started.mail.to;
    const budget = await takeMailBudget(context, [mailIpClaim(ip), mailRecipientClaim(key)]);
    if (!budget.allowed) {
      context.emit({ type: "mail_throttled", username: user.username, userId: user.id, ip });
      return;
    }
    await deliver(context, started.mail, { userId: user.id, ip });
  });
  return { sending };
}
