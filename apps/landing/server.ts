// The production server (`npm start`): the node adapter's handler (pages and endpoints) and
// the files in dist/client inside the server every app of the kit runs in (packages/server),
// so that static files carry the same security headers as pages, and a request in which
// the database failed is never answered 500.
import { fileURLToPath } from "node:url";

import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import { appSecurityHeaders } from "@monorepo-auth/auth/http/security-headers";
import type { NodeHandler } from "@monorepo-auth/server/app-server";
import { serveApp } from "@monorepo-auth/server/serve-app";

import { env, listenAddress } from "./src/env.ts";
import { listStaticFiles, withStaticFiles } from "./static-files.ts";

await serveApp({
  name: "landing",
  settings: () => ({
    headers: appSecurityHeaders(env()),
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    ...listenAddress(),
  }),
  async load() {
    // The build's output (`astro build`, the adapter in middleware mode), which has no type
    // declarations: the handler renders pages and endpoints, and serves no files.
    const entry = new URL("./dist/server/entry.mjs", import.meta.url).href;
    const { handler } = (await import(entry)) as { handler: NodeHandler };
    const root = fileURLToPath(new URL("./dist/client/", import.meta.url));
    return withStaticFiles(root, listStaticFiles(root), handler);
  },
});
