// The production server (`npm start`): Next's request handler inside the server every app
// of the kit runs in (packages/server). It does what Next does not:
//  - app code learns the socket's address (Next hides it, and X-Forwarded-For is written by
//    the client unless trusted proxies are configured);
//  - every response, static files included, carries the security headers;
//  - a page or action during which the database failed is answered 503 with the
//    unavailable notice, not 500 or 200; a server-action request so malformed that no
//    action ran (a body that is not multipart, a reference React cannot decode) is 400.
import { appSecurityHeaders } from "@monorepo-auth/auth/http/security-headers";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { onDatabaseUnavailable } from "@monorepo-auth/db/errors";
import { createAppServer } from "@monorepo-auth/server/app-server";
import { reportDatabaseUnavailable } from "@monorepo-auth/server/request-scope";
import next from "next";
import type { IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";

import { env, listenAddress } from "./src/env.ts";
import { problemPage } from "./src/lib/problem-page.ts";

let settings;
let address;
try {
  settings = env();
  address = listenAddress();
} catch (error) {
  console.error(`web: invalid environment: ${(error as Error).message}`);
  process.exit(1);
}

// Whatever app code does with a database error, the request it happened in is marked.
onDatabaseUnavailable(reportDatabaseUnavailable);

const app = next({
  dev: false,
  dir: fileURLToPath(new URL(".", import.meta.url)),
  hostname: address.host,
  port: address.port,
});
const handle = app.getRequestHandler();
await app.prepare();

const server = createAppServer({
  handle: (request, response) => handle(request, response),
  headers: appSecurityHeaders(settings),
  review(request, scope, status) {
    // A page that met the database failing renders the unavailable notice (200), or Next's
    // error page (500): either way the answer is 503.
    if (scope.databaseFailed && (status < 300 || status >= 500)) {
      const retryAfter = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
      return { status: 503, headers: { "Retry-After": retryAfter }, body: null };
    }
    if (status >= 500 && isActionRequest(request) && !scope.handlerBegan) {
      const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
      return { status: 400, headers, body: problemPage("invalid_request") };
    }
    return null;
  },
});
server.listen(address.port, address.host, () => {
  console.log(`web: listening on http://${address.host}:${String(address.port)}`);
});

// A POST to a page is a server action (with JavaScript, it also names one in a header).
function isActionRequest(request: IncomingMessage): boolean {
  return (
    request.headers["next-action"] !== undefined ||
    (request.method === "POST" && !request.url?.startsWith("/api/"))
  );
}
