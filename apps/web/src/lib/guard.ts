import "server-only";

import { reportHandlerBegan } from "@monorepo-auth/server/request-scope";
import { headers } from "next/headers";

import { auth, clientFrom } from "./auth.ts";
import { requireSession, type SignedIn } from "./session.ts";

/**
 * The first lines of every server action that changes state: the origin check again (the
 * proxy may be bypassed, as CVE-2025-29927 showed); then it tells the server that the
 * action proper began — a failure before this is the request's fault, answered 400, not
 * 500 — and requires a session validated against the database. Without a session the
 * action does nothing and the browser goes to the login.
 */
export async function guardAction(returnPath: string): Promise<SignedIn & { ip: string | null }> {
  const requestHeaders = await headers();
  if (!auth().isAllowedOrigin({ method: "POST", headers: requestHeaders })) {
    throw new Error("Refused: the request did not come from this app");
  }
  reportHandlerBegan();
  const current = await requireSession(returnPath);
  return { ...current, ip: clientFrom(requestHeaders).ip };
}
