// Landing's framework settings, without landing: the same adapter in its own standalone
// server (`node dist/server/entry.mjs`), styles as files.
import node from "@astrojs/node";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
  build: { inlineStylesheets: "never" },
  devToolbar: { enabled: false },
});
