"use client";

import { useSession } from "../lib/use-session.ts";

/** "Signed in as …", filled in from /api/me once the page runs in the browser. */
export function SessionBadge() {
  const { status, user } = useSession();
  if (status !== "authenticated" || !user) return null;
  return (
    <p className="badge" data-testid="session-badge">
      Signed in as <strong>{user.username}</strong>
    </p>
  );
}
