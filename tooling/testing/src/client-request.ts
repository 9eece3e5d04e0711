// Requests as a browser sends them, from behind the apps' trusted proxy: the session
// cookie it holds, the address the proxy reports, and for a form the page it was sent from.
import { cookieHeader } from "./auth-cookies.ts";
import { request, type HttpResult, type RequestOptions } from "./http.ts";

/** Who sends a request. */
export interface ClientOptions {
  /** The client's address as the trusted proxy reports it (`X-Forwarded-For`); none if unset. */
  ip?: string;
  /** The session token the browser holds. */
  token?: string | null;
  /** A whole `Cookie` header, for cookies that are not only a token; sent instead of `token`. */
  cookie?: string;
  userAgent?: string;
  /** Extra or overriding headers (Origin, Sec-Fetch-Site, Accept…). */
  headers?: Record<string, string>;
}

/** What a form post may carry: fields (sent url-encoded), or a body sent as it is. */
export type FormBody = Record<string, string> | string | FormData | Uint8Array<ArrayBuffer> | null;

function clientRequestOptions(client: ClientOptions): RequestOptions {
  const cookie = client.cookie ?? (client.token ? cookieHeader(client.token) : undefined);
  return {
    headers: {
      ...(client.ip === undefined ? {} : { "x-forwarded-for": client.ip }),
      ...(client.userAgent === undefined ? {} : { "user-agent": client.userAgent }),
      ...client.headers,
    },
    ...(cookie === undefined ? {} : { cookie }),
  };
}

/** A GET as the client sends it, redirects not followed. */
export function getAsClient(url: string, client: ClientOptions = {}): Promise<HttpResult> {
  return request(url, clientRequestOptions(client));
}

/**
 * A POST as a form on a page of `origin` sends it (the URL's own origin by default):
 * `Origin` and `Sec-Fetch-Site: same-origin`, url-encoded fields unless the body is already
 * encoded (a string keeps the url-encoded type unless `headers` give another; FormData sets
 * its own). Any of these headers can be overridden through `headers`.
 */
export function postAsClient(
  url: string,
  body: FormBody,
  client: ClientOptions & { origin?: string; method?: string } = {},
): Promise<HttpResult> {
  const base = clientRequestOptions(client);
  const formType: Record<string, string> =
    body instanceof FormData ? {} : { "content-type": "application/x-www-form-urlencoded" };
  const encoded =
    body === null ||
    typeof body === "string" ||
    body instanceof FormData ||
    body instanceof Uint8Array
      ? body
      : new URLSearchParams(body).toString();
  return request(url, {
    ...base,
    method: client.method ?? "POST",
    ...(encoded === null ? {} : { body: encoded }),
    headers: {
      ...formType,
      origin: client.origin ?? new URL(url).origin,
      "sec-fetch-site": "same-origin",
      ...base.headers,
    },
  });
}
