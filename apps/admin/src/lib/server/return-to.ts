/**
 * Where step-up may send the browser back to: a page of this console only. The value is
 * parsed as a URL against the console's own origin (ADMIN_URL, never the request's Host) and
 * refused unless it stays there; a path starting `//` is refused too, as a browser would read
 * it as another host. Returns the path and query, `/` when none was given, or null.
 */
export function adminReturnPath(value: unknown, adminOrigin: string): string | null {
  if (value === null || value === undefined || value === "") return "/";
  if (typeof value !== "string" || value.length > 2_000) return null;
  let url: URL;
  try {
    url = new URL(value, `${adminOrigin}/`);
  } catch {
    return null;
  }
  if (url.origin !== adminOrigin || url.username !== "" || url.password !== "") return null;
  if (url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}`;
}

/** The step-up page, to come back to `path` once the password is confirmed. */
export function confirmPath(path: string): string {
  return `/confirm?returnTo=${encodeURIComponent(path)}`;
}
