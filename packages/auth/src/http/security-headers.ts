export interface SecurityHeaderOptions {
  /** Every app's origin: the only places a form may post to (or be redirected to after). */
  appOrigins: readonly string[];
  /**
   * The sign-in providers' origins: a provider's button and the account page's link form
   * post to an app, which redirects to the provider, and Chromium applies form-action to
   * that redirect too.
   */
  providerOrigins?: readonly string[];
  /** A per-request nonce for the framework's inline scripts and styles (Next.js). */
  nonce?: string;
  /** Development servers need eval and inline styles for hot reloading. */
  development?: boolean;
  /**
   * HTTP Strict Transport Security, sent when the apps are served over https: for this host,
   * or for the shared cookie domain's subdomains too (a plain-http sibling could otherwise
   * be used to plant cookies).
   */
  strictTransport?: "off" | "host" | "subdomains";
}

import type { AuthSettings } from "../config/environment.ts";
import { authorizationOrigin } from "../providers/provider-settings.ts";

/** One year, as browsers' preload lists expect. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Headers every response of every app carries, static files included. The CSP allows no inline code except
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
  const headers: Record<string, string> = {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src ${scripts.join(" ")}`,
      `style-src ${styles.join(" ")}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      `form-action 'self' ${[...options.appOrigins, ...(options.providerOrigins ?? [])].join(" ")}`,
      "frame-ancestors 'none'",
    ].join("; "),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  const strictTransport = options.strictTransport ?? "off";
  if (strictTransport !== "off") {
    headers["Strict-Transport-Security"] =
      `max-age=${String(HSTS_MAX_AGE_SECONDS)}` +
      (strictTransport === "subdomains" ? "; includeSubDomains" : "");
  }
  return headers;
}

/**
 * The security headers for these settings: every app's origin may receive forms, and over
 * https HSTS is sent — with `includeSubDomains` when the apps share a cookie domain.
 */
export function appSecurityHeaders(
  settings: Pick<AuthSettings, "appOrigins" | "secureCookies" | "cookieDomain" | "providers">,
  options: { nonce?: string; development?: boolean } = {},
): Record<string, string> {
  return securityHeaders({
    appOrigins: settings.appOrigins,
    providerOrigins: [...new Set(settings.providers.map(authorizationOrigin))],
    ...options,
    strictTransport: !settings.secureCookies
      ? "off"
      : settings.cookieDomain
        ? "subdomains"
        : "host",
  });
}
