import node from "@astrojs/node";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "server",
  // Auth forms are read up to 16 KiB by the auth core; nothing here takes more than 1 MiB.
  // Middleware mode: server.ts serves dist/client itself, from a list made at start.
  adapter: node({ mode: "middleware", bodySizeLimit: 1024 * 1024 }),
  // Styles as files, never inline: the Content-Security-Policy allows no inline code.
  build: { inlineStylesheets: "never" },
  // Every state-changing request passes the shared origin check in src/middleware.ts, the
  // same rule the web app applies; Astro's own check would be a second, different rule.
  security: { checkOrigin: false },
  server: { port: 4321 },
  devToolbar: { enabled: false },
});
