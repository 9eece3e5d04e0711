/**
 * Headers every HTML response of every app carries. The CSP allows forms to post to the
 * apps' own origins only (a successful sign-in redirects from landing to web, and Chromium
 * applies form-action to that redirect); no inline scripts, no framing.
 */
export function securityHeaders(appOrigins: readonly string[]): Record<string, string> {
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      `form-action 'self' ${appOrigins.join(" ")}`,
      "frame-ancestors 'none'",
    ].join("; "),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}
