import nextPlugin from "@next/eslint-plugin-next";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

import { base } from "./base.js";

/** Base rules plus Next.js and the rules of hooks. */
export const nextConfig = defineConfig(base, {
  files: ["**/*.ts", "**/*.tsx"],
  plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
  languageOptions: { globals: { ...globals.browser, ...globals.node } },
  rules: {
    ...nextPlugin.configs.recommended.rules,
    ...nextPlugin.configs["core-web-vitals"].rules,
    ...reactHooks.configs.recommended.rules,
  },
});

export default nextConfig;
