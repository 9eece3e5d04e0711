import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// The admin console's framework settings, without the console: the node adapter's own
// server (`node dist/index.js`); dist/ rather than build/, where the repository keeps builds.
export default defineConfig({
  plugins: [sveltekit({ adapter: adapter({ out: "dist" }) })],
});
