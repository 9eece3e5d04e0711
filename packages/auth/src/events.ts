/**
 * What the auth core reports for the record. Only these fields exist: there is no place
 * for a password, a token or a hash, so none can be logged by mistake.
 */
export type AuthEventType =
  | "signup"
  | "signup_refused"
  | "login_succeeded"
  | "login_failed"
  | "login_throttled"
  | "logout"
  | "logout_everywhere"
  | "session_revoked"
  | "password_changed"
  | "password_change_failed"
  | "password_reset_requested"
  | "password_reset"
  | "email_added"
  | "email_verified"
  | "mail_throttled"
  | "mail_failed"
  | "second_step_required"
  | "second_factor_failed"
  | "totp_enabled"
  | "totp_disabled"
  | "recovery_codes_renewed"
  | "passkey_added"
  | "passkey_removed"
  | "provider_sign_in_refused"
  | "identity_linked"
  | "identity_unlinked"
  | "password_confirmed"
  | "password_confirm_failed"
  | "admin_action"
  | "admin_refused"
  | "busy"
  | "unavailable";

export interface AuthEvent {
  type: AuthEventType;
  /** Canonical username when known (never the raw input, which could be anything). */
  username?: string | null;
  userId?: string;
  ip?: string | null;
  /** A code from AUTH_ERROR_CODES, or a short fixed word. */
  reason?: string;
}

export interface AuthEventRecord extends AuthEvent {
  time: string;
}

export type AuthEventSink = (record: AuthEventRecord) => void;

/** Writes each event as one JSON line, the shape log collectors read. */
export function jsonLinesSink(write: (line: string) => void): AuthEventSink {
  return (record) => {
    write(`${JSON.stringify({ ...record, event: "auth" })}\n`);
  };
}
