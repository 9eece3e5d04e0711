import { isCommonPassword } from "./common-passwords.ts";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem =
  "password_too_short" | "password_too_long" | "password_common" | "password_contains_username";

/**
 * The form in which a password is hashed and compared: NFKC, so that the same password
 * typed on different keyboards (composed or decomposed accents, full-width digits) is the
 * same password. Never truncated.
 */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Length in code points (what a person counts), not UTF-16 units. */
export function passwordLength(normalizedPassword: string): number {
  let length = 0;
  for (const _ of normalizedPassword) length++;
  return length;
}

/**
 * The rules for a new password (NIST SP 800-63B): 8–256 code points, not a common
 * password, not containing the username. No composition rules.
 * @param username the canonical username, or null when unknown.
 */
export function checkNewPassword(
  password: string,
  username: string | null,
): PasswordProblem | null {
  // Bound the work before normalizing. NFKC composes at most a few code points into one,
  // so no acceptable password is anywhere near this long as sent.
  if (password.length > PASSWORD_MAX_LENGTH * 4) return "password_too_long";
  const normalized = normalizePassword(password);
  const length = passwordLength(normalized);
  if (length < PASSWORD_MIN_LENGTH) return "password_too_short";
  if (length > PASSWORD_MAX_LENGTH) return "password_too_long";
  if (isCommonPassword(normalized)) return "password_common";
  if (username && normalized.toLowerCase().includes(username)) return "password_contains_username";
  return null;
}

/**
 * Whether a password presented at login could possibly be right. Out-of-bounds input is
 * refused without hashing, so a 10,000-character password costs nothing.
 */
export function isPlausiblePassword(password: string): boolean {
  if (password.length === 0 || password.length > PASSWORD_MAX_LENGTH * 4) return false;
  return passwordLength(normalizePassword(password)) <= PASSWORD_MAX_LENGTH;
}
