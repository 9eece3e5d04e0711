// The production server (`npm start`): the node adapter's handler (pages, endpoints and the
// files in dist/client) inside the server every app of the kit runs in (packages/server),
// so that static files carry the same security headers as pages, and a request in which
// the database failed is never answered 500.
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { appSecurityHeaders } from "@monorepo-auth/auth/http/security-headers";
import type { NodeHandler } from "@monorepo-auth/server/app-server";
import { serveApp } from "@monorepo-auth/server/serve-app";

import { env, keepAdapterFromListening, listenAddress } from "./src/env.ts";

await serveApp({
  name: "landing",
  settings: () => ({
    headers: appSecurityHeaders(env()),
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    ...listenAddress(),
  }),
  async load() {
    keepAdapterFromListening();
    // The build's output (`astro build`), which has no type declarations.
    const entry = new URL("./dist/server/entry.mjs", import.meta.url).href;
    return ((await import(entry)) as { handler: NodeHandler }).handler;
  },
});
