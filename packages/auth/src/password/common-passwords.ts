import { dictionary } from "@zxcvbn-ts/language-common";

let common: ReadonlySet<string> | undefined;

/**
 * Whether a password is on the bundled list of commonly used passwords (about 18,000 of
 * at least 8 characters, from zxcvbn-ts). Offline: nothing leaves the server. Case does
 * not matter: "Password123" is as common as "password123".
 */
export function isCommonPassword(normalizedPassword: string): boolean {
  common ??= new Set(dictionary["passwords-common"].filter((password) => password.length >= 8));
  return common.has(normalizedPassword.toLowerCase());
}
