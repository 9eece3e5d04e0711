import node from "@astrojs/node";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
  // Every state-changing request passes the shared origin check in src/middleware.ts, the
  // same rule the web app applies; Astro's own check would be a second, different rule.
  security: { checkOrigin: false },
  server: { port: 4321 },
  devToolbar: { enabled: false },
});
