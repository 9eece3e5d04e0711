/**
 * Every failure the auth core reports, with the message a person sees and the form
 * field it concerns. Login failures have one generic code on purpose: an unknown user
 * and a wrong password must be indistinguishable. HTTP statuses are chosen at the edge
 * (see `http/error-status.ts`).
 */
export const AUTH_ERROR_CODES = {
  invalid_request: { field: null, message: "The form could not be read. Please try again." },
  username_invalid: {
    field: "username",
    message: "Usernames are 3–31 characters: letters a–z, digits, _ and -.",
  },
  username_taken: { field: "username", message: "This username is taken. Choose another." },
  password_too_short: { field: "password", message: "Use at least 8 characters." },
  password_too_long: { field: "password", message: "Use at most 256 characters." },
  password_common: {
    field: "password",
    message: "This password is too common. Choose one that is harder to guess.",
  },
  password_contains_username: {
    field: "password",
    message: "The password must not contain the username.",
  },
  password_breached: {
    field: "password",
    message: "This password has appeared in a data breach. Choose another.",
  },
  invalid_credentials: { field: null, message: "Wrong username or password." },
  email_invalid: { field: "email", message: "Enter an email address such as name@example.com." },
  email_taken: {
    field: null,
    message: "This address is already verified on another account.",
  },
  link_invalid: {
    field: null,
    message: "This link is not valid: it was used already, or a newer one was sent.",
  },
  link_expired: { field: null, message: "This link has expired. Ask for a new one." },
  email_required: { field: "email", message: "Enter your email address." },
  identifier_invalid: {
    field: "identifier",
    message: "Enter your username or your email address.",
  },
  email_unchanged: { field: "email", message: "This is already the address of your account." },
  nothing_to_verify: { field: null, message: "Your address is verified already." },
  second_factor_required: {
    field: null,
    message: "Enter the code from your authenticator app to finish signing in.",
  },
  code_invalid: {
    field: "code",
    message: "That code is not right, or it was used already.",
  },
  pending_sign_in_invalid: {
    field: null,
    message: "This sign-in has expired or was finished already. Please log in again.",
  },
  factors_unavailable: {
    field: null,
    message: "Two-step verification is not set up on this server. Please contact an administrator.",
  },
  passkey_invalid: {
    field: null,
    message: "The passkey could not be checked. Please try again.",
  },
  totp_enabled: { field: null, message: "An authenticator app is on already." },
  totp_not_enabled: { field: null, message: "No authenticator app is on for this account." },
  mail_unavailable: {
    field: null,
    message: "We could not send the mail. Please try again later.",
  },
  current_password_wrong: { field: "currentPassword", message: "The current password is wrong." },
  too_many_attempts: {
    field: null,
    message: "Too many attempts. Please wait before trying again.",
  },
  invalid_origin: {
    field: null,
    message: "This request came from another site and was refused.",
  },
  payload_too_large: { field: null, message: "The form is too large." },
  unsupported_media_type: {
    field: null,
    message: "The form was sent in a format we do not accept.",
  },
  unauthenticated: { field: null, message: "Please log in." },
  account_locked: {
    field: null,
    message: "This account is locked. Please contact an administrator.",
  },
  forbidden: { field: null, message: "You do not have access to this page." },
  step_up_required: {
    field: "password",
    message: "Confirm your password to continue.",
  },
  last_admin: {
    field: null,
    message: "There must always be at least one administrator.",
  },
  cannot_lock_self: { field: null, message: "You cannot lock your own account." },
  not_found: { field: null, message: "Nothing was found." },
  method_not_allowed: {
    field: null,
    message: "This address does not accept that kind of request.",
  },
  provider_sign_in_failed: {
    field: null,
    message: "Signing in through the provider did not work. Please start again.",
  },
  provider_sign_in_cancelled: {
    field: null,
    message: "Signing in was cancelled at the provider. Nothing changed here.",
  },
  provider_unavailable: {
    field: null,
    message: "The sign-in provider could not be reached. Please try again later.",
  },
  identity_taken: {
    field: null,
    message: "This account at the provider is linked to another account here already.",
  },
  email_in_use: {
    field: null,
    message:
      "An account here already uses this address. Log in to it, then link the provider from your account page.",
  },
  last_sign_in_method: {
    field: null,
    message: "This is your only way to sign in. Set a password or add a passkey first.",
  },
  reauthentication_required: {
    field: null,
    message: "To confirm it is you, sign out and in again, then do this within 10 minutes.",
  },
  busy: { field: null, message: "The server is busy. Please try again in a moment." },
  unavailable: {
    field: null,
    message: "The service is temporarily unavailable. Please try again in a moment.",
  },
} as const satisfies Record<string, { field: string | null; message: string }>;

export type AuthErrorCode = keyof typeof AUTH_ERROR_CODES;

/** A failed operation: the code, and for throttling, how long to wait. */
export interface AuthFailure<Code extends AuthErrorCode = AuthErrorCode> {
  ok: false;
  error: Code;
  retryAfterSeconds?: number;
}

export type AuthResult<T, Code extends AuthErrorCode = AuthErrorCode> =
  ({ ok: true } & T) | AuthFailure<Code>;

export function failure<Code extends AuthErrorCode>(
  error: Code,
  retryAfterSeconds?: number,
): AuthFailure<Code> {
  return retryAfterSeconds === undefined
    ? { ok: false, error }
    : { ok: false, error, retryAfterSeconds };
}

/**
 * Whether an error means the database could not answer (a 503, never "signed out"). The
 * apps ask the core rather than the db package, which they use only for the connection.
 */
export { isUnavailableError } from "@monorepo-auth/db/errors";
