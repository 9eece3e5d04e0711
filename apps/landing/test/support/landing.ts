// What landing's integration tests share beyond the test client: landing alone on a fresh
// database, under the names its tests use, and requests to a path of landing as a browser
// on landing sends them, each from an address of its own.
import type { AppServer } from "@monorepo-auth/testing/app-server";
import {
  getAsClient,
  postAsClient,
  type ClientOptions,
  type FormBody,
} from "@monorepo-auth/testing/client-request";
import type { HttpResult } from "@monorepo-auth/testing/http";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";
import { uniqueIp } from "@monorepo-auth/testing/unique";

export interface Landing extends TestApps<"landing"> {
  app: AppServer;
  /** Where landing listens, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Landing's own origin as it knows it (LANDING_URL): `url` unless the env says otherwise. */
  origin: string;
  /** The web app's origin as landing knows it (nothing listens there). */
  webUrl: string;
}

export interface StartLandingOptions {
  /** Extra settings (IP_ATTEMPT_LIMIT…); WEB_URL, MONGODB_* and TRUST_PROXY_HOPS have defaults. */
  env?: Record<string, string>;
  /** Where the app finds the database (a proxy's URI, say); the test database by default. */
  mongodbUri?: string;
  /** Landing believes one proxy hop (`X-Forwarded-For`) unless this is false. */
  trustProxy?: boolean;
  port?: number;
}

/**
 * Starts landing's production build on a fresh database. It trusts one proxy hop, so each
 * request can come from an `X-Forwarded-For` address of its own, and knows a web app on
 * another port of 127.0.0.1 where nothing listens (redirects to it are never followed).
 */
export async function startLanding(options: StartLandingOptions = {}): Promise<Landing> {
  const apps = await startTestApps(["landing"], {
    env: { ...(options.trustProxy === false ? {} : { TRUST_PROXY_HOPS: "1" }), ...options.env },
    ...(options.mongodbUri === undefined ? {} : { mongodbUri: options.mongodbUri }),
    ...(options.port === undefined ? {} : { ports: { landing: options.port } }),
  });
  return Object.assign(apps, {
    app: apps.landing,
    url: apps.landing.url,
    origin: apps.origins.landing,
    webUrl: apps.origins.web,
  });
}

/** A GET on landing as a browser sends it (path relative to landing's origin). */
export function get(
  landing: Landing,
  path: string,
  options: ClientOptions = {},
): Promise<HttpResult> {
  return getAsClient(`${landing.url}${path}`, { ...options, ip: options.ip ?? uniqueIp() });
}

/**
 * A POST on landing as a form on landing itself sends it: `Origin` landing's and
 * `Sec-Fetch-Site: same-origin`, url-encoded unless the body says otherwise (a string is
 * sent as is, with the url-encoded content type unless `headers` give another).
 */
export function post(
  landing: Landing,
  path: string,
  body: FormBody,
  options: ClientOptions & { method?: string } = {},
): Promise<HttpResult> {
  return postAsClient(`${landing.url}${path}`, body, {
    ...options,
    ip: options.ip ?? uniqueIp(),
    origin: landing.origin,
  });
}
