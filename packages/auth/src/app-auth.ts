import { getDatabase } from "@monorepo-auth/db/database";
import { databaseHealth } from "@monorepo-auth/db/health";
import { databaseOutageLog } from "@monorepo-auth/db/outage-log";
import { createMailer } from "@monorepo-auth/mail/mailer";

import { createAuth, type Auth } from "./auth.ts";
import type { AuthSettings } from "./config/environment.ts";

// One per process and settings, kept on globalThis: a dev server that reloads modules keeps
// its core (and the hashing queue's count) instead of making another.
const KEY = Symbol.for("monorepo-auth.app-auth");
const shared = globalThis as { [KEY]?: WeakMap<AuthSettings, AppAuth> };
const instances = (shared[KEY] ??= new WeakMap());

/** The auth core as an app uses it, with the health of its database. */
export type AppAuth = Auth & {
  /** `GET /api/health`: 200 `{"status":"ok","db":"up"}`, or 503 `{"status":"degraded","db":"down"}`. */
  healthResponse(): Promise<Response>;
};

/**
 * The auth core of an app's process: created on first use (never at import), on the
 * process's one database handle and mail transport (when SMTP_URL is set), whose outages are logged once each as a JSON line on
 * standard error, with their cause and without credentials.
 */
export function appAuth(settings: AuthSettings): AppAuth {
  let instance = instances.get(settings);
  if (!instance) {
    const database = getDatabase({
      uri: settings.mongodbUri,
      dbName: settings.mongodbDbName,
      onEvent: databaseOutageLog({
        uri: settings.mongodbUri,
        write: (line) => process.stderr.write(line),
      }),
    });
    const mailer = settings.mail ? createMailer(settings.mail) : null;
    instance = Object.assign(createAuth({ database, settings, mailer }), {
      async healthResponse(): Promise<Response> {
        const db = await databaseHealth(database);
        const up = db === "up";
        return Response.json(
          { status: up ? "ok" : "degraded", db },
          { status: up ? 200 : 503, headers: { "Cache-Control": "no-store" } },
        );
      },
    });
    instances.set(settings, instance);
  }
  return instance;
}
