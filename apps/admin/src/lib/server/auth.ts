import { createAuth, type Auth } from "@monorepo-auth/auth/auth";

import { database } from "./database.ts";
import { env } from "./env.ts";

let instance: Auth | undefined;

/** This app's auth core: one per process, created on first use (never at import). */
export function auth(): Auth {
  instance ??= createAuth({ database: database(), settings: env() });
  return instance;
}
