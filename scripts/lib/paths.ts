import { fileURLToPath } from "node:url";

/** The repository's root directory. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
