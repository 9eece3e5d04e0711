const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one CSRF rule of every app. A request that may change state (any method but
 * GET, HEAD and OPTIONS) is accepted only when
 * - its `Origin` is exactly one of `allowedOrigins` (scheme, host and port) and its
 *   `Sec-Fetch-Site`, if sent, is `same-origin` or `same-site`; or
 * - it has no `Origin` and its `Sec-Fetch-Site` is `same-origin`.
 * Everything else — `Origin: null`, a sibling port or subdomain, no headers at all — is
 * refused. The rule never looks at the content type.
 */
export function isAllowedRequestOrigin(
  request: { method: string; headers: Headers },
  allowedOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  if (origin === null) return fetchSite === "same-origin";
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "same-site") return false;
  // Exact string comparison: several Origin headers arrive joined by ", " and match nothing.
  return allowedOrigins.includes(origin);
}
