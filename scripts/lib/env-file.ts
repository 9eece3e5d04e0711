import { existsSync } from "node:fs";
import { join } from "node:path";

import { repoRoot } from "./paths.ts";

/**
 * Loads the root `.env` into process.env when it exists; variables already set win.
 * Returns the file's path, or null when there is none (the apps' defaults then apply).
 */
export function loadRootEnvFile(): string | null {
  const path = join(repoRoot, ".env");
  if (!existsSync(path)) return null;
  process.loadEnvFile(path);
  return path;
}
