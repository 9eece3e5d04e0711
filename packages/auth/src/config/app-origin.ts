/**
 * Parses an app's public URL into its origin, refusing anything that is not a bare
 * http(s) origin. Plain http is allowed only for hosts that never leave the machine or
 * the test network (localhost, loopback, *.localhost, *.test) unless explicitly allowed:
 * over plain http a session cookie is readable by anyone on the path.
 */
export function parseAppOrigin(value: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("must be an absolute URL such as https://example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error("must use https (or http on a local host)");
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") {
    throw new Error("must be an origin only: scheme, host and optional port, no path");
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLocalHost(url.hostname)) {
    throw new Error(
      "uses http on a public host; use https, or set AUTH_ALLOW_INSECURE_HTTP=true knowingly",
    );
  }
  return url;
}

function isLocalHost(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname.endsWith(".test") ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}
