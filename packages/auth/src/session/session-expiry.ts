/** How long a session may go unused, and how long it may live at all. */
export interface SessionLifetime {
  idleTimeoutMs: number;
  absoluteLifetimeMs: number;
}

/**
 * `lastVerifiedAt` (and with it the expiry) moves at most this often, so validating a
 * session is one read and almost never a write. The idle timeout is therefore honoured
 * to within this interval.
 */
export const SESSION_REFRESH_INTERVAL_MS = 60 * 60 * 1000;

interface SessionTimes {
  createdAt: Date;
  lastVerifiedAt: Date;
  expiresAt: Date;
}

/** When a session verified at `lastVerifiedAt` ends: idle timeout or absolute lifetime, first. */
export function sessionExpiresAt(
  createdAt: Date,
  lastVerifiedAt: Date,
  lifetime: SessionLifetime,
): Date {
  return new Date(
    Math.min(
      lastVerifiedAt.getTime() + lifetime.idleTimeoutMs,
      createdAt.getTime() + lifetime.absoluteLifetimeMs,
    ),
  );
}

/**
 * Whether the session is over at `now`. Checks the stored expiry and recomputes it from the
 * timestamps with the current lifetime, so that shortening the lifetime applies at once and a
 * document edited by hand cannot outlive it.
 */
export function isSessionExpired(
  session: SessionTimes,
  lifetime: SessionLifetime,
  now: Date,
): boolean {
  const end = Math.min(
    session.expiresAt.getTime(),
    sessionExpiresAt(session.createdAt, session.lastVerifiedAt, lifetime).getTime(),
  );
  return now.getTime() >= end;
}

/** Whether this validation should move `lastVerifiedAt` (and so the expiry) forward. */
export function shouldRefreshSession(lastVerifiedAt: Date, now: Date): boolean {
  return now.getTime() - lastVerifiedAt.getTime() >= SESSION_REFRESH_INTERVAL_MS;
}
