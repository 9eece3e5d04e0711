// The production server (`npm start`): the node adapter's handler (pages, endpoints and the
// files in build/client) inside the server every app of the kit runs in (packages/server),
// so that static files carry the same security headers as pages, and a request in which
// the database failed is never answered 500.
import { appSecurityHeaders } from "@monorepo-auth/auth/http/security-headers";
import { onDatabaseUnavailable } from "@monorepo-auth/db/errors";
import { createAppServer, type NodeHandler } from "@monorepo-auth/server/app-server";
import { reportDatabaseUnavailable } from "@monorepo-auth/server/request-scope";

import { env, listenAddress, prepareAdapterEnvironment } from "./src/lib/server/env.ts";
import { reviewStatus } from "./src/lib/server/review.ts";

let settings;
let address;
try {
  settings = env();
  address = listenAddress();
  // Before the import below: the adapter reads its variables when its module loads.
  prepareAdapterEnvironment();
} catch (error) {
  console.error(`admin: invalid environment: ${(error as Error).message}`);
  process.exit(1);
}

// The build's output (`vite build`), which has no type declarations.
const entry = new URL("./build/handler.js", import.meta.url).href;
const { handler } = (await import(entry)) as { handler: NodeHandler };

// Whatever app code does with a database error, the request it happened in is marked.
onDatabaseUnavailable(reportDatabaseUnavailable);
const server = createAppServer({
  handle: handler,
  headers: appSecurityHeaders(settings),
  review: (_request, scope, status) => reviewStatus(scope, status),
});
server.listen(address.port, address.host, () => {
  console.log(`admin: listening on http://${address.host}:${String(address.port)}`);
});
