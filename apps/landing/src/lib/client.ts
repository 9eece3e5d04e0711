import type { Client } from "@monorepo-auth/auth/request/client";
import type { APIContext } from "astro";

import { auth } from "./auth.ts";

/**
 * Who is asking: the socket's address (or X-Forwarded-For behind trusted proxies only), the
 * user agent, and the session and device cookies the request carries.
 */
export function client(context: APIContext): Client {
  return auth().client(context.request.headers, context.clientAddress);
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
