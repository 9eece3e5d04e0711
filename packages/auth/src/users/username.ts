/** Usernames are public handles: 3–31 of a–z, 0–9, `_` and `-`, compared in canonical form. */
export const USERNAME_PATTERN = /^[a-z0-9_-]{3,31}$/;

// Longer input cannot become a valid username; refuse it before normalizing.
const MAX_RAW_LENGTH = 128;

/**
 * The canonical form of a username — NFKC, then lower case — or null when it is not a
 * valid username. "Alice", "ALICE" and full-width "ａｌｉｃｅ" are all "alice".
 */
export function canonicalUsername(input: unknown): string | null {
  if (typeof input !== "string" || input.length > MAX_RAW_LENGTH) return null;
  const canonical = input.normalize("NFKC").toLowerCase();
  return USERNAME_PATTERN.test(canonical) ? canonical : null;
}

/**
 * A valid username made from whatever a provider calls the person (a login name, a full
 * name, an address's local part): lowercased, every run of other characters one `-`, cut
 * to fit. Null when too little is left; the caller makes it unique, and the person may
 * change it before the account exists.
 */
export function usernameFromHint(hint: string | null): string | null {
  if (hint === null) return null;
  const base = hint
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 24)
    .replace(/[-_]+$/, "");
  return USERNAME_PATTERN.test(base) ? base : null;
}
