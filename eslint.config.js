// Lints the root scripts and configs; each workspace has its own eslint.config.js.
import { base } from "@monorepo-auth/eslint-config/base";
import { defineConfig } from "eslint/config";

export default defineConfig(
  { ignores: ["apps/**", "packages/**", "tooling/**", "tools/**"] },
  base,
  {
    // Scripts are where the environment is read and handed to the apps.
    files: ["scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
