export interface SecurityHeaderOptions {
  /** Both apps' origins: the only places a form may post to (or be redirected to after). */
  appOrigins: readonly string[];
  /** A per-request nonce for the framework's inline scripts and styles (Next.js). */
  nonce?: string;
  /** Development servers need eval and inline styles for hot reloading. */
  development?: boolean;
}

/**
 * Headers every HTML response of every app carries. The CSP allows no inline code except
 * what carries this request's nonce; forms may post only to the apps' own origins (a
 * successful sign-in redirects from landing to web, and Chromium applies form-action to
 * that redirect); nothing may frame the apps.
 */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const { nonce, development = false } = options;
  const scripts = ["'self'"];
  const styles = ["'self'"];
  if (nonce) {
    scripts.push(`'nonce-${nonce}'`, "'strict-dynamic'");
    if (!development) styles.push(`'nonce-${nonce}'`);
  }
  if (development) {
    scripts.push("'unsafe-eval'");
    styles.push("'unsafe-inline'");
  }
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src ${scripts.join(" ")}`,
      `style-src ${styles.join(" ")}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      `form-action 'self' ${options.appOrigins.join(" ")}`,
      "frame-ancestors 'none'",
    ].join("; "),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}
