export { default } from "@monorepo-auth/eslint-config/svelte";
