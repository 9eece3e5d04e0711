import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// 128 random bits name the session (its `_id`); 256 more are the secret, of which the
// database keeps only the SHA-256. Both are base64url, so the token is cookie-safe.
const ID_BYTES = 16;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface SessionTokenParts {
  id: string;
  secret: string;
}

/** A new random `<id>.<secret>` token, with the hash of its secret for storage. */
export function generateSessionToken(): SessionTokenParts & {
  token: string;
  secretHash: Uint8Array;
} {
  const id = randomBytes(ID_BYTES).toString("base64url");
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { token: `${id}.${secret}`, id, secret, secretHash: hashSessionSecret(secret) };
}

/**
 * Splits a token into id and secret, or null when it is not exactly the shape we issue.
 * Anything else — too long, wrong alphabet, an object smuggled in — never reaches a query.
 */
export function parseSessionToken(token: unknown): SessionTokenParts | null {
  if (typeof token !== "string") return null;
  const match = TOKEN_PATTERN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  return { id: match[1], secret: match[2] };
}

export function hashSessionSecret(secret: string): Uint8Array {
  return createHash("sha256").update(secret).digest();
}

/** Compares a presented secret with the stored hash in constant time. */
export function verifySessionSecret(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSessionSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}
