import { AUTH_ERROR_CODES, type AuthErrorCode } from "@monorepo-auth/auth/errors";
import { ERROR_STATUS } from "@monorepo-auth/auth/http/error-status";

/**
 * A page that needs nothing else to render, for answers given before (or instead of) Next:
 * the proxy's refusals and the server's replacement of a 500. It says what happened in
 * words and nothing of the cause.
 */
export function problemPage(code: AuthErrorCode, nonce?: string): string {
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
