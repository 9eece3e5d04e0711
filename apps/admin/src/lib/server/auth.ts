import { appAuth, type AppAuth } from "@monorepo-auth/auth/app-auth";

import { env } from "./env.ts";

/** This app's auth core: one per process, created on first use (never at import). */
export function auth(): AppAuth {
  return appAuth(env());
}
