import { MailUnavailableError, type Mail } from "@monorepo-auth/mail/mailer";

import type { AuthContext } from "../auth-context.ts";

export type Delivery = "sent" | "failed";

/**
 * Hands a mail to the mail server. Never throws: a server that is down, refuses the mail
 * or is not configured at all is reported (the event names the user, never the address
 * or the mail) and answers "failed", which only a signed-in person acting on their own
 * account is ever told.
 */
export async function deliver(
  context: AuthContext,
  mail: Mail,
  about: { userId: string; ip: string | null },
): Promise<Delivery> {
  if (!context.mailer) {
    context.emit({ type: "mail_failed", ...about, reason: "mail_not_configured" });
    return "failed";
  }
  try {
    await context.mailer.send(mail);
    return "sent";
  } catch (error) {
    if (!(error instanceof MailUnavailableError)) throw error;
    context.emit({ type: "mail_failed", ...about, reason: "mail_unavailable" });
    context.logMailError(error);
    return "failed";
  }
}

/**
 * Sends after the answer: the caller does not wait, and nothing about the mail (sent,
 * refused, throttled) can change what the person was told.
 */
export function deliverLater(context: AuthContext, work: () => Promise<unknown>): Promise<void> {
  return work().then(
    () => undefined,
    (error: unknown) => {
      context.logMailError(error);
    },
  );
}
