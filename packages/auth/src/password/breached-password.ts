import { createHash } from "node:crypto";

export interface BreachedPasswordCheck {
  apiUrl: string;
  /** How long to wait for the service; after that the password is let through. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

export const BREACH_CHECK_TIMEOUT_MS = 2_000;

/**
 * Asks a Have I Been Pwned–compatible range API whether the password appears in known
 * breaches. k-anonymity: only the first 5 hex characters of its SHA-1 leave the server.
 * @returns "breached" on a match, "clear" when not found, "unknown" when the service
 * could not be asked (network failure, timeout, an error status): the caller then lets the
 * password through rather than lock people out of signing up.
 */
export async function checkBreachedPassword(
  normalizedPassword: string,
  options: BreachedPasswordCheck,
): Promise<"breached" | "clear" | "unknown"> {
  const digest = createHash("sha1").update(normalizedPassword).digest("hex").toUpperCase();
  const prefix = digest.slice(0, 5);
  const suffix = digest.slice(5);
  try {
    const response = await (options.fetch ?? fetch)(
      new URL(`range/${prefix}`, withTrailingSlash(options.apiUrl)),
      { headers: { "Add-Padding": "true" }, signal: AbortSignal.timeout(options.timeoutMs) },
    );
    if (!response.ok) return "unknown";
    const body = await response.text();
    for (const line of body.split("\n")) {
      const [candidate, count] = line.trim().split(":");
      if (candidate === suffix && Number(count) > 0) return "breached";
    }
    return "clear";
  } catch {
    return "unknown";
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
