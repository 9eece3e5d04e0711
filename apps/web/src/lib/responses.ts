import "server-only";

import type { AuthErrorCode } from "@monorepo-auth/auth/errors";
import { prefersJson } from "@monorepo-auth/auth/http/content-negotiation";
import {
  ERROR_STATUS,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from "@monorepo-auth/auth/http/error-status";

import { problemPage } from "./problem-page.ts";

/**
 * A failure as route handlers and the proxy answer it: `{"error":"<code>"}` for clients
 * that prefer JSON (and for every /api route), otherwise a small page with the message.
 */
export function failureResponse(
  request: Request,
  code: AuthErrorCode,
  options: { json?: boolean; headers?: Record<string, string>; nonce?: string } = {},
): Response {
  const headers = new Headers({ "Cache-Control": "no-store", ...options.headers });
  if (code === "unavailable" || code === "busy") {
    headers.set("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  }
  const status = ERROR_STATUS[code];
  if (options.json ?? prefersJson(request.headers.get("accept"))) {
    return Response.json({ error: code }, { status, headers });
  }
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(problemPage(code, options.nonce), { status, headers });
}
