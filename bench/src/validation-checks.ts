// The kit's own work in a validation, without the read: what `validateSessionToken` (and the
// app's cookie read) do in-process around `findSession` (packages/auth/src/session/). Too
// quick to see in a benchmark that includes a database round trip, so it is timed on its own,
// over many iterations, with the same functions.
import { readSessionCookies } from "@monorepo-auth/auth/internals/session/session-cookie";
import {
  isSessionExpired,
  shouldRefreshSession,
} from "@monorepo-auth/auth/internals/session/session-expiry";
import {
  parseSessionToken,
  verifySessionSecret,
} from "@monorepo-auth/auth/internals/session/session-token";
import { findSession } from "@monorepo-auth/db/sessions";

import type { KitUnderTest } from "./kit.ts";

/** Mean µs per validation of the kit's checks: cookie read, token split, SHA-256, expiry. */
export async function timeKitChecks(
  kit: KitUnderTest,
  headers: Headers,
  iterations: number,
): Promise<number> {
  const { auth, database } = kit;
  const lifetime = {
    idleTimeoutMs: auth.settings.sessionIdleTimeoutMs,
    absoluteLifetimeMs: auth.settings.sessionAbsoluteLifetimeMs,
  };
  const parts = parseSessionToken(onlySessionCookie(headers, auth));
  const row = parts ? await findSession(database, parts.id) : null;
  if (!row) throw new Error("no session to time the kit's checks with");

  const check = (): boolean => {
    const token = parseSessionToken(onlySessionCookie(headers, auth));
    const now = new Date();
    return (
      token !== null &&
      verifySessionSecret(token.secret, row.secretHash) &&
      !isSessionExpired(row, lifetime, now) &&
      !shouldRefreshSession(row.lastVerifiedAt, now)
    );
  };
  // Warm-up, so that what is timed is optimized code.
  for (let i = 0; i < 10_000; i++) check();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (!check()) throw new Error("the kit's checks refused its own session");
  }
  return ((performance.now() - started) * 1000) / iterations;
}

/** The session cookie's value when the request carries exactly one, as the kit reads it. */
function onlySessionCookie(headers: Headers, auth: KitUnderTest["auth"]): string | null {
  const values = readSessionCookies(headers.get("cookie"), {
    secure: auth.settings.secureCookies,
    domain: auth.settings.cookieDomain,
  });
  return values.length === 1 ? (values[0] ?? null) : null;
}
