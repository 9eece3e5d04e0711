import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@monorepo-auth/auth/http/error-status";
import type { Answer } from "@monorepo-auth/server/app-server";
import type { RequestScope } from "@monorepo-auth/server/request-scope";

/**
 * What server.ts answers instead of SvelteKit's status: a request during which the database
 * failed is a 503 with `Retry-After` — never a 500 (an error page), nor a 200 (a page that
 * caught the failure) — keeping the page SvelteKit rendered. Redirects and refusals stand.
 * The same policy as landing's.
 */
export function reviewStatus(
  scope: Pick<RequestScope, "databaseFailed">,
  status: number,
): Answer | null {
  if (!scope.databaseFailed || (status >= 300 && status < 500)) return null;
  return {
    status: 503,
    headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    body: null,
  };
}
