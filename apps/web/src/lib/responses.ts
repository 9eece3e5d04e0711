import "server-only";

import { AUTH_ERROR_CODES, type AuthErrorCode } from "@monorepo-auth/auth/errors";
import { prefersJson } from "@monorepo-auth/auth/http/content-negotiation";
import {
  ERROR_STATUS,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from "@monorepo-auth/auth/http/error-status";

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

// A page that needs nothing else to render: the proxy answers with it before Next runs.
function problemPage(code: AuthErrorCode, nonce: string | undefined): string {
  const title = ERROR_STATUS[code] >= 500 ? "Temporarily unavailable" : "This did not work";
  const style = nonce ? ` nonce="${nonce}"` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · monorepo-auth</title>
<style${style}>
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:Canvas;color:CanvasText}
main{max-width:32rem;padding:2rem;border:1px solid color-mix(in srgb,CanvasText 20%,transparent);border-radius:.625rem}
</style></head>
<body><main><h1>${title}</h1><p role="alert" data-code="${code}">${AUTH_ERROR_CODES[code].message}</p>
<p><a href="/">Try again</a></p></main></body></html>`;
}
