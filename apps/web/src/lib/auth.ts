import "server-only";

import { appAuth, type AppAuth } from "@monorepo-auth/auth/app-auth";
import type { Client } from "@monorepo-auth/auth/request/client";
import { peerAddress } from "@monorepo-auth/server/request-scope";

import { env } from "../env.ts";

/** This app's auth core: one per process, created on first use (never at import). */
export function auth(): AppAuth {
  return appAuth(env());
}

/**
 * Who is asking. The address is the socket's, which server.ts hands over (Next keeps it
 * from app code), or the trusted proxies' entry in X-Forwarded-For when TRUST_PROXY_HOPS
 * says so — never an address the client wrote. Under `next dev` there is no socket to
 * read and, without trusted proxies, the address is unknown.
 */
export function clientFrom(headers: Headers): Client {
  return auth().client(headers, peerAddress());
}
