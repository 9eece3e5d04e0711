import { createHash, randomInt } from "node:crypto";

/** How many recovery codes a user gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const GROUP = 5;

/** Ten new codes like `k7m2p-x9q4r` (about 49 bits each), to show once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: GROUP * 2 }, () => ALPHABET[randomInt(ALPHABET.length)]);
    return `${chars.slice(0, GROUP).join("")}-${chars.slice(GROUP).join("")}`;
  });
}

/** A code as typed, made canonical: case, spaces and dashes do not matter; null if not one. */
export function canonicalRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, "");
  const pattern = new RegExp(`^[${ALPHABET}]{${String(GROUP * 2)}}$`);
  return pattern.test(compact) ? compact : null;
}

/** What is stored: SHA-256 of the canonical code (random codes need no slow hash). */
export function recoveryCodeHash(canonical: string): string {
  return createHash("sha256").update(canonical).digest("hex");
}
