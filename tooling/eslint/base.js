import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

import { workspaceBoundaries } from "./rules/workspace-boundaries.js";

/**
 * The strict, type-checked rules every workspace shares. Two house rules on top: only an
 * app's `env.ts` (and the root scripts) may read `process.env`, since packages take their
 * settings as arguments; and imports follow the workspaces' one-way arrows
 * (rules/workspace-boundaries.js).
 */
export const base = defineConfig(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.next/**",
      "**/.astro/**",
      "**/.turbo/**",
      "**/next-env.d.ts",
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { house: { rules: { "workspace-boundaries": workspaceBoundaries } } },
    rules: {
      "house/workspace-boundaries": "error",
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read the environment only in the app's env.ts and pass values down.",
        },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/env.ts", "**/*.config.ts", "**/*.config.js"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);

export default base;
