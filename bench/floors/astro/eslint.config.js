export { default } from "@monorepo-auth/eslint-config/astro";
