// The floors (floors/*) are workspaces of their own, each linted by its own eslint.config.js.
import { base } from "@monorepo-auth/eslint-config/base";
import { defineConfig } from "eslint/config";

export default defineConfig({ ignores: ["floors/**"] }, base);
