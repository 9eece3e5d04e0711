import { randomBytes, randomInt } from "node:crypto";

/**
 * A username no other test uses: `prefix`, a dash and ten hex digits, within the rules
 * (3–31 characters of a–z, 0–9 and `-`) for any prefix of up to twenty.
 */
export function uniqueUsername(prefix = "user"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

const ADDRESSES = 1 << 24;
// Counting on from a random point of 10.0.0.0/8: no two calls of a run share an address, and
// one a test writes out by hand (10.0.0.1) is not the first one handed out.
let issued = randomInt(ADDRESSES);

/**
 * An address of its own for each client, to send as `X-Forwarded-For` behind a trusted
 * proxy: no test spends another's budget of attempts per address.
 */
export function uniqueIp(): string {
  issued = (issued + 1) % ADDRESSES;
  return `10.${String((issued >> 16) & 255)}.${String((issued >> 8) & 255)}.${String(issued & 255)}`;
}

/**
 * An email address no other test uses (the tests share one Mailpit, whose inbox outlives a
 * test's database): `prefix`, a dash and ten hex digits, at example.com.
 */
export function uniqueEmail(prefix = "person"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.com`;
}
