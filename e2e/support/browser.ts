import { chromiumPath } from "./env.ts";

/**
 * How Chromium is launched here: the system's binary, as root without the sandbox, and
 * without the background traffic a closed network would refuse.
 */
export function chromiumLaunchOptions(extraArgs: string[] = []) {
  return {
    executablePath: chromiumPath(),
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
