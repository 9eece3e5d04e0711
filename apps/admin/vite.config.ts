import { readFileSync } from "node:fs";

import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// SvelteKit 3 takes its configuration here (svelte.config.js is refused).
export default defineConfig({
  plugins: [
    sveltekit({
      // server.ts runs `build/handler.js`; the adapter's own server (build/index.js) is never
      // started.
      adapter: adapter(),
      csrf: {
        // Every state-changing request passes the shared origin check in hooks.server.ts, the
        // rule every app applies (exact app origins, else Sec-Fetch-Site: same-origin); kit's
        // own check would be a second, different rule.
        trustedOrigins: ["*"],
      },
    }),
  ],
  ssr: {
    // The workspace packages are TypeScript source, which Vite compiles into the server
    // build. What they depend on (mongoose, argon2's native binding, ...) stays out of it and
    // is loaded from node_modules at run time: the node adapter would otherwise bundle it.
    external: dependenciesOfWorkspacePackages(),
  },
  server: { port: 5173, strictPort: true },
});

/** The third-party dependencies of the `@monorepo-auth/*` packages this app depends on. */
function dependenciesOfWorkspacePackages(): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (manifest: URL): void => {
    const { dependencies = {} } = JSON.parse(readFileSync(manifest, "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(dependencies)) {
      if (!name.startsWith("@monorepo-auth/")) {
        found.add(name);
      } else if (!seen.has(name)) {
        seen.add(name);
        visit(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
      }
    }
  };
  visit(new URL("package.json", import.meta.url));
  return [...found];
}
