export { default } from "@monorepo-auth/eslint-config/base";
