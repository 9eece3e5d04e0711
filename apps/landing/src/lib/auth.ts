import { createAuth, type Auth } from "@monorepo-auth/auth/auth";

import { env } from "../env.ts";
import { database } from "./database.ts";

let instance: Auth | undefined;

/** This app's auth core: one per process, created on first use (never at import). */
export function auth(): Auth {
  instance ??= createAuth({ database: database(), settings: env() });
  return instance;
}
