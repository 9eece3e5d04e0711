import { existsSync } from "node:fs";

/**
 * Where Chromium and Chrome install themselves: Debian and Ubuntu packages, Google's
 * packages, the snap, then macOS. The first that exists is used.
 */
export const SYSTEM_CHROMIUM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/**
 * The browser the journeys launch: `configured` (CHROMIUM_PATH) when set, else the first
 * system Chromium or Chrome that exists, else undefined — Playwright's own build, which
 * `npx playwright install chromium` downloads. A system browser comes first because it
 * needs no download, and some machines cannot download one.
 */
export function findChromium(
  configured: string | undefined,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (configured) return configured;
  return SYSTEM_CHROMIUM_PATHS.find((path) => exists(path));
}
