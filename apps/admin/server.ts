// The production server (`npm start`): the node adapter's handler (pages, actions and the
// files in build/client) inside the server every app of the kit runs in (packages/server),
// so that static files carry the same security headers as pages, and a request in which
// the database failed is never answered 500.
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { appSecurityHeaders } from "@monorepo-auth/auth/http/security-headers";
import type { NodeHandler } from "@monorepo-auth/server/app-server";
import { serveApp } from "@monorepo-auth/server/serve-app";

import { env, listenAddress, prepareAdapterEnvironment } from "./src/lib/server/env.ts";

await serveApp({
  name: "admin",
  settings: () => {
    const settings = env();
    // Before the handler loads: the adapter reads its variables when its module loads.
    prepareAdapterEnvironment();
    return {
      headers: appSecurityHeaders(settings),
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      ...listenAddress(),
    };
  },
  async load() {
    // The build's output (`vite build`), which has no type declarations.
    const entry = new URL("./build/handler.js", import.meta.url).href;
    return ((await import(entry)) as { handler: NodeHandler }).handler;
  },
});
