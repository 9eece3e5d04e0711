import type { AuthContext } from "../auth-context.ts";

/** Landing's pages that mailed links open; the token rides in the fragment (decision 0021). */
export const MAIL_LINK_PATHS = {
  "verify-email": "/verify-email",
  "reset-password": "/reset-password",
} as const;

/** Where a person asks for a reset link: named in every mail about a changed credential. */
export const FORGOT_PASSWORD_PATH = "/forgot-password";

/**
 * A link for a mail. Built from the configured origin, never from the request: a forged
 * `Host` cannot send a person's token to another server.
 */
export function mailLink(
  context: AuthContext,
  purpose: keyof typeof MAIL_LINK_PATHS,
  token: string,
): string {
  return `${context.landingOrigin}${MAIL_LINK_PATHS[purpose]}#${token}`;
}

/** How mails name the product: landing's host, which is what people know it by. */
export const appName = (context: AuthContext): string => new URL(context.landingOrigin).host;

/** Where to ask for a reset link, for mails saying "if it was not you". */
export const forgotPasswordUrl = (context: AuthContext): string =>
  `${context.landingOrigin}${FORGOT_PASSWORD_PATH}`;
