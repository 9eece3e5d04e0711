import astro from "eslint-plugin-astro";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

import { base } from "./base.js";

/** Base rules plus Astro's; `.astro` files are linted without type information. */
export const astroConfig = defineConfig(base, astro.configs.recommended, {
  files: ["**/*.astro"],
  extends: [tseslint.configs.disableTypeChecked],
});

export default astroConfig;
