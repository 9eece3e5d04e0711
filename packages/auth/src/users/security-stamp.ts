import { randomBytes } from "node:crypto";

/**
 * A fresh security stamp: replaced whenever a user's credentials change, so that anything
 * checked against the old ones (a login in flight, a remembered device) can tell.
 */
export function newSecurityStamp(): string {
  return randomBytes(16).toString("base64url");
}
