import type { Server } from "node:http";

import { onDatabaseUnavailable } from "@monorepo-auth/db/errors";

import {
  createAppServer,
  type Answer,
  type AppServerOptions,
  type NodeHandler,
} from "./app-server.ts";
import { reportDatabaseUnavailable } from "./request-scope.ts";

/** What an app's server needs from its settings. */
export interface ServerSettings {
  /** The security headers every response carries. */
  headers: Record<string, string>;
  host: string;
  port: number;
  /** The `Retry-After` of a 503. */
  retryAfterSeconds: number;
}

export interface ServeAppOptions {
  /** The app's name, for its start-up line and its refusal to start. */
  name: string;
  /** Reads and checks the settings; throws, naming the variable, when one is wrong. */
  settings: () => ServerSettings;
  /** Loads the framework's handler, once the settings are known to be good. */
  load: () => Promise<NodeHandler>;
  /** The app's own say on a status, after the database's (see {@link createAppServer}). */
  review?: AppServerOptions["review"];
}

/**
 * Starts an app's production server (each app's `server.ts`): a bad setting stops the
 * process at once, naming it; the framework runs inside {@link createAppServer}; and any
 * request in which the database failed — a success that rendered the unavailable notice,
 * or an error — is answered 503.
 */
export async function serveApp(options: ServeAppOptions): Promise<Server> {
  let settings: ServerSettings;
  try {
    settings = options.settings();
  } catch (error) {
    console.error(`${options.name}: invalid environment: ${(error as Error).message}`);
    process.exit(1);
  }
  const handle = await options.load();
  onDatabaseUnavailable(reportDatabaseUnavailable);
  const unavailable: Answer = {
    status: 503,
    headers: { "Retry-After": String(settings.retryAfterSeconds) },
    body: null,
  };
  const server = createAppServer({
    handle,
    headers: settings.headers,
    review: (request, scope, status) =>
      scope.databaseFailed && (status < 300 || status >= 500)
        ? unavailable
        : (options.review?.(request, scope, status) ?? null),
  });
  const { host, port } = settings;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  console.log(`${options.name}: listening on http://${host}:${String(port)}`);
  return server;
}
