import { AUTH_ERROR_CODES, type AuthErrorCode } from "@monorepo-auth/auth/errors";
import { ERROR_STATUS } from "@monorepo-auth/auth/http/error-status";
import { prefersJson } from "@monorepo-auth/auth/http/content-negotiation";
import type { APIContext } from "astro";

/** How a request ended, for the page that shows it. */
export interface PageOutcome {
  code: AuthErrorCode;
  status: number;
  retryAfterSeconds?: number;
  /** Extra response headers, such as `Allow` on a 405. */
  headers?: Record<string, string>;
  /**
   * What the person typed, to put back in the form (never the password). `link` is a reset
   * link's token, put back only into the form of the POST that sent it (decision 0021).
   */
  values?: {
    username?: string;
    returnTo?: string;
    email?: string;
    identifier?: string;
    link?: string;
  };
}

/**
 * Answers a failed request: `{"error":"<code>"}` for clients that prefer JSON, otherwise
 * the page `page` (a form, or the problem page) showing the message, with the status.
 */
export function respondWithFailure(
  context: APIContext,
  code: AuthErrorCode,
  options: {
    page?: string;
    retryAfterSeconds?: number | undefined;
    headers?: Record<string, string>;
    values?: PageOutcome["values"];
  } = {},
): Promise<Response> | Response {
  const outcome: PageOutcome = {
    code,
    status: ERROR_STATUS[code],
    ...(options.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.values ? { values: options.values } : {}),
  };
  if (prefersJson(context.request.headers.get("accept"))) {
    const headers = new Headers({ "Cache-Control": "no-store", ...outcome.headers });
    if (outcome.retryAfterSeconds !== undefined) {
      headers.set("Retry-After", String(outcome.retryAfterSeconds));
    }
    return Response.json({ error: code }, { status: outcome.status, headers });
  }
  context.locals.outcome = outcome;
  return context.rewrite(options.page ?? "/problem");
}

/** The message a person reads for an outcome, with the wait spelled out when there is one. */
export function outcomeMessage(outcome: PageOutcome): string {
  const { message } = AUTH_ERROR_CODES[outcome.code];
  if (outcome.retryAfterSeconds === undefined) return message;
  const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
  return `${message} You can try again in ${minutes === 1 ? "1 minute" : `${String(minutes)} minutes`}.`;
}

/** Applies an outcome's status and headers to the page being rendered (`Astro.response`). */
export function applyOutcome(
  response: { status?: number; headers: Headers },
  outcome: PageOutcome | undefined,
): void {
  if (!outcome) return;
  response.status = outcome.status;
  for (const [name, value] of Object.entries(outcome.headers ?? {}))
    response.headers.set(name, value);
  if (outcome.retryAfterSeconds !== undefined) {
    response.headers.set("Retry-After", String(outcome.retryAfterSeconds));
  }
}
