import svelte from "eslint-plugin-svelte";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

import { base } from "./base.js";

/**
 * Base rules plus Svelte's. The script of a `.svelte` file is TypeScript, linted with type
 * information like any other file; SvelteKit's generated files and the build are not linted.
 */
export const svelteConfig = defineConfig(
  { ignores: ["**/.svelte-kit/**", "**/build/**"] },
  base,
  svelte.configs.recommended,
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: [".svelte"],
        parser: tseslint.parser,
      },
    },
  },
);

export default svelteConfig;
