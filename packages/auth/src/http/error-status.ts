import type { AuthErrorCode } from "../errors.ts";

/** The HTTP status each failure is answered with, by every app. */
export const ERROR_STATUS = {
  invalid_request: 400,
  username_invalid: 400,
  username_taken: 409,
  password_too_short: 400,
  password_too_long: 400,
  password_common: 400,
  password_contains_username: 400,
  password_breached: 400,
  invalid_credentials: 400,
  email_invalid: 400,
  email_taken: 409,
  link_invalid: 400,
  link_expired: 410,
  email_required: 400,
  identifier_invalid: 400,
  email_unchanged: 400,
  nothing_to_verify: 409,
  mail_unavailable: 503,
  current_password_wrong: 400,
  too_many_attempts: 429,
  invalid_origin: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  account_locked: 403,
  forbidden: 403,
  step_up_required: 403,
  last_admin: 409,
  cannot_lock_self: 409,
  not_found: 404,
  method_not_allowed: 405,
  busy: 503,
  unavailable: 503,
} as const satisfies Record<AuthErrorCode, number>;

/** How long to suggest waiting after a 503: a database restart or a burst of logins. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
