import "server-only";

import { createAuth, type Auth } from "@monorepo-auth/auth/auth";

import { env } from "../env.ts";
import { database } from "./database.ts";

let instance: Auth | undefined;

/** This app's auth core: one per process, created on first use (never at import). */
export function auth(): Auth {
  instance ??= createAuth({ database: database(), settings: env() });
  return instance;
}

/**
 * The client's IP for the event log. Next hides the socket from route handlers and
 * actions, but writes its address into X-Forwarded-For when the request has none; behind
 * TRUST_PROXY_HOPS trusted proxies their entries are used instead. Only logged: the web
 * app makes no decision on it (throttling happens on landing, which sees the socket).
 */
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return auth().clientIp(headers, forwarded);
}
