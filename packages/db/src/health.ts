import type { Database } from "./database.ts";

export const DEFAULT_HEALTH_TIMEOUT_MS = 2_500;

/** "up" when the server answers a ping within `timeoutMs`; never throws, never waits longer. */
export async function databaseHealth(
  database: Database,
  timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
): Promise<"up" | "down"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false);
  });
  try {
    return (await Promise.race([database.ping(), timeout])) ? "up" : "down";
  } finally {
    clearTimeout(timer);
  }
}
