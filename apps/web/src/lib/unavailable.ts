import "server-only";

import { isUnavailableError } from "@monorepo-auth/auth/errors";

/** What a page's loading comes to when the database could not answer. */
export const UNAVAILABLE = Symbol("unavailable");

/**
 * Runs a page's loading, turning a database failure into {@link UNAVAILABLE} so that the
 * page renders the unavailable notice on the server — readable without JavaScript, which
 * Next's error page is not — and the server answers it 503 (see server.ts). Redirects and
 * every other error pass through.
 */
export async function orUnavailable<T>(load: () => Promise<T>): Promise<T | typeof UNAVAILABLE> {
  try {
    return await load();
  } catch (error) {
    if (isUnavailableError(error)) return UNAVAILABLE;
    throw error;
  }
}
