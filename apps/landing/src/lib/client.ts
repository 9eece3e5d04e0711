import type { APIContext } from "astro";

import { auth } from "./auth.ts";

// Longer user agents are not real browsers; keep what an account page can show.
const MAX_USER_AGENT_LENGTH = 512;

/** The client's IP (socket address, or X-Forwarded-For behind trusted proxies only). */
export function clientIp(context: APIContext): string | null {
  return auth().clientIp(context.request.headers, context.clientAddress);
}

export function userAgent(context: APIContext): string | null {
  return context.request.headers.get("user-agent")?.slice(0, MAX_USER_AGENT_LENGTH) ?? null;
}

/**
 * Where a sign-in form may send the person afterwards, or "" for the web app's home: only
 * targets on the web app survive, so nothing else is ever written into a page.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value) return "";
  const a = auth();
  const target = a.redirectAfterSignIn(value);
  return target === a.redirectAfterSignIn(null) ? "" : target;
}
