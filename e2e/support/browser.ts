import { chromiumPath } from "./env.ts";

/**
 * How Chromium is launched here: the binary `chromiumPath()` finds (Playwright's own when
 * it finds none), as root without the sandbox, and without the background traffic a
 * closed network would refuse.
 */
export function chromiumLaunchOptions(extraArgs: string[] = []) {
  const executablePath = chromiumPath();
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  };
}
