/** What a test needs from a response: status, headers, body text, and the cookies it set. */
export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
  /** Set-Cookie lines, as sent. */
  setCookies: string[];
  location: string | null;
  ms: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: RequestInit["body"];
  /** Value of the session cookie to send (as `<name>=<value>`), or a whole Cookie header. */
  cookie?: string;
}

/** One HTTP request, redirects not followed, timed. */
export async function request(url: string, options: RequestOptions = {}): Promise<HttpResult> {
  const headers = new Headers(options.headers);
  if (options.cookie !== undefined) headers.set("cookie", options.cookie);
  const started = performance.now();
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    redirect: "manual",
  });
  const body = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body,
    setCookies: response.headers.getSetCookie(),
    location: response.headers.get("location"),
    ms: performance.now() - started,
  };
}

/**
 * A form POST as a browser on `origin` sends it: url-encoded, with `Origin` and
 * `Sec-Fetch-Site: same-origin` (override either through `headers`).
 */
export function postForm(
  url: string,
  fields: Record<string, string>,
  options: Omit<RequestOptions, "method" | "body"> = {},
): Promise<HttpResult> {
  const origin = new URL(url).origin;
  return request(url, {
    ...options,
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin,
      "sec-fetch-site": "same-origin",
      ...options.headers,
    },
  });
}

/** The value a Set-Cookie line gives the named cookie, or null if it sets another. */
export function cookieValue(setCookie: string, name: string): string | null {
  const [pair = ""] = setCookie.split(";");
  const separator = pair.indexOf("=");
  if (separator === -1 || pair.slice(0, separator).trim() !== name) return null;
  return pair.slice(separator + 1).trim();
}

/** The attributes of a Set-Cookie line, lower-cased names: `{ "max-age": "3600", httponly: "" }`. */
export function cookieAttributes(setCookie: string): Record<string, string> {
  const [, ...attributes] = setCookie.split(";");
  return Object.fromEntries(
    attributes.map((attribute) => {
      const [name = "", ...value] = attribute.trim().split("=");
      return [name.toLowerCase(), value.join("=")];
    }),
  );
}

/** The session token a response set, or null. */
export function sessionTokenFrom(result: HttpResult, cookieName = "session"): string | null {
  for (const line of result.setCookies) {
    const value = cookieValue(line, cookieName);
    if (value) return value;
  }
  return null;
}
