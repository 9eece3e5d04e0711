// What the web app's integration tests share beyond the test client: both production
// builds with web's test settings, browsers to tell apart, and requests as a browser
// holding a session token sends them.
import { getAsClient } from "@monorepo-auth/testing/client-request";
import { sessionTokenFrom, type HttpResult } from "@monorepo-auth/testing/http";
import { startTestApps, type TestApps } from "@monorepo-auth/testing/test-apps";

export const CHROME_ON_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
export const FIREFOX_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

/**
 * Starts landing and web on one fresh database, each knowing the other's URL. Landing
 * trusts one proxy hop, so every sign-up can come from its own `X-Forwarded-For` address,
 * and its IP budget is raised: a test file signs up far more people than a real IP would.
 * `webMongodbUri` puts web (only) behind another URI, such as a database proxy; `webEnv`
 * gives web settings of its own (TRUST_PROXY_HOPS=0, say).
 */
export function startApps(
  options: { webMongodbUri?: string; webEnv?: Record<string, string> } = {},
): Promise<TestApps<"landing" | "web">> {
  return startTestApps(["landing", "web"], {
    env: { TRUST_PROXY_HOPS: "1" },
    appEnv: {
      landing: { IP_ATTEMPT_LIMIT: "1000" },
      web: {
        ...(options.webMongodbUri === undefined ? {} : { MONGODB_URI: options.webMongodbUri }),
        ...options.webEnv,
      },
    },
  });
}

/** The session token a login's answer set, or null when it set none (it failed). */
export function sessionTokenFromLogin(result: HttpResult): string | null {
  return result.status === 303 ? sessionTokenFrom(result) : null;
}

/** A GET as a browser holding `token` (or no cookie) sends it. */
export function get(
  url: string,
  token?: string | null,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return getAsClient(url, { token: token ?? null, headers });
}

/** Who web's `/api/me` says the token belongs to: the status and the parsed body. */
export async function me(
  apps: Pick<TestApps<"web">, "web">,
  token: string,
): Promise<{ status: number; body: unknown }> {
  const result = await get(`${apps.web.url}/api/me`, token);
  return { status: result.status, body: JSON.parse(result.body) as unknown };
}

/** A page's HTML without React's text separators (`Hello, <!-- -->alice`). */
export function pageText(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, "");
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
