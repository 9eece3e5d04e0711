// The production server (`npm start`): the node adapter's handler (pages, endpoints and the
// files in dist/client) inside the server every app of the kit runs in (packages/server),
// so that static files carry the same security headers as pages, and a request in which
// the database failed is never answered 500.
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { appSecurityHeaders } from "@monorepo-auth/auth/http/security-headers";
import { onDatabaseUnavailable } from "@monorepo-auth/db/errors";
import { createAppServer, type NodeHandler } from "@monorepo-auth/server/app-server";
import { reportDatabaseUnavailable } from "@monorepo-auth/server/request-scope";

import { env, keepAdapterFromListening, listenAddress } from "./src/env.ts";

let settings;
let address;
try {
  settings = env();
  address = listenAddress();
} catch (error) {
  console.error(`landing: invalid environment: ${(error as Error).message}`);
  process.exit(1);
}

keepAdapterFromListening();
// The build's output (`astro build`), which has no type declarations.
const entry = new URL("./dist/server/entry.mjs", import.meta.url).href;
const { handler } = (await import(entry)) as { handler: NodeHandler };

onDatabaseUnavailable(reportDatabaseUnavailable);
const server = createAppServer({
  handle: handler,
  headers: appSecurityHeaders(settings),
  review: (_request, scope, status) =>
    scope.databaseFailed && (status < 300 || status >= 500)
      ? {
          status: 503,
          headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
          body: null,
        }
      : null,
});
server.listen(address.port, address.host, () => {
  console.log(`landing: listening on http://${address.host}:${String(address.port)}`);
});
