import { base } from "@monorepo-auth/eslint-config/base";

export default base;
