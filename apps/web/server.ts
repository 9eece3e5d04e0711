// The production server (`npm start`): Next's request handler inside the server every app
// of the kit runs in (packages/server). It does what Next does not:
//  - app code learns the socket's address (Next hides it, and X-Forwarded-For is written by
//    the client unless trusted proxies are configured);
//  - every response, static files included, carries the security headers;
//  - a page or action during which the database failed is answered 503 with the
//    unavailable notice, not 500 or 200; a server-action request so malformed that no
//    action ran (a body that is not multipart, a reference React cannot decode) is 400.
import type { IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";

import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { appSecurityHeaders } from "@monorepo-auth/auth/http/security-headers";
import { serveApp } from "@monorepo-auth/server/serve-app";
import next from "next";

import { env, listenAddress } from "./src/env.ts";
import { problemPage } from "./src/lib/problem-page.ts";

await serveApp({
  name: "web",
  settings: () => ({
    headers: appSecurityHeaders(env()),
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    ...listenAddress(),
  }),
  async load() {
    const { host, port } = listenAddress();
    const dir = fileURLToPath(new URL(".", import.meta.url));
    const app = next({ dev: false, dir, hostname: host, port });
    await app.prepare();
    return app.getRequestHandler();
  },
  review: (request, scope, status) =>
    status >= 500 && isActionRequest(request) && !scope.handlerBegan
      ? {
          status: 400,
          headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
          body: problemPage("invalid_request"),
        }
      : null,
});

// A POST to a page is a server action (with JavaScript, it also names one in a header).
function isActionRequest(request: IncomingMessage): boolean {
  return (
    request.headers["next-action"] !== undefined ||
    (request.method === "POST" && !request.url?.startsWith("/api/"))
  );
}
