import { base } from "@monorepo-auth/eslint-config/base";
import { defineConfig } from "eslint/config";

export default defineConfig(base, {
  // Mongoose schema definitions are plain objects by design, though its types declare classes.
  files: ["src/models/**"],
  rules: { "@typescript-eslint/no-unsafe-class-instance-assignment": "off" },
});
