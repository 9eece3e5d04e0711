import { createHmac, randomBytes } from "node:crypto";

/**
 * TOTP as authenticator apps compute it (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps.
 * SHA-1 is what every app supports; with HMAC and a 160-bit random key it is not the weak
 * point (RFC 6238 §5.1).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A code of the step before or after also counts: clocks drift, people type slowly. */
const ACCEPTED_DRIFT_STEPS = 1;
const KEY_BYTES = 20;

/** A new random key (160 bits, the size RFC 4226 recommends). */
export function newTotpKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

/** The 30-second step a moment falls in. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of one step (RFC 4226's HOTP of the step count). */
export function totpCode(key: Uint8Array, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = (mac.at(-1) ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, "0");
}

/**
 * The step whose code `code` is, among the steps around `now`, or null. Comparing every
 * candidate (never stopping at the first match) keeps the time independent of which matched.
 */
export function matchTotpStep(key: Uint8Array, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStep(now);
  let matched: number | null = null;
  for (let drift = -ACCEPTED_DRIFT_STEPS; drift <= ACCEPTED_DRIFT_STEPS; drift++) {
    const step = current + drift;
    if (timingSafeEqualText(totpCode(key, step), code) && matched === null) matched = step;
  }
  return matched;
}

function timingSafeEqualText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    difference |= (a.charCodeAt(index) || 0) ^ (b.charCodeAt(index) || 0);
  }
  return difference === 0;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The key as authenticator apps take it typed in: RFC 4648 base32, without padding. */
export function base32(key: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of key) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32.charAt((value << (5 - bits)) & 31);
  return out;
}

/**
 * The `otpauth://` URI a QR code carries (Google Authenticator's key-URI format, which every
 * app reads): the product and the account's name, the key, and the parameters above.
 */
export function totpKeyUri(input: { issuer: string; account: string; key: Uint8Array }): string {
  const label = encodeURIComponent(`${input.issuer}:${input.account}`);
  const params = new URLSearchParams({
    secret: base32(input.key),
    issuer: input.issuer,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
