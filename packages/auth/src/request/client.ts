import { readDeviceCookie } from "../device/device-cookie.ts";
import { readSessionCookies, type SessionCookieSettings } from "../session/session-cookie.ts";
import { clientIp } from "./client-ip.ts";

// Longer user agents are not real browsers; keep what an account page can show.
const MAX_USER_AGENT_LENGTH = 512;

// A request carrying more session cookies than this is not a browser: the rest are ignored.
const MAX_CARRIED_SESSIONS = 8;

/** Who is asking, as far as a sign-in needs to know. */
export interface Client {
  ip: string | null;
  userAgent: string | null;
  /** Every session token the request carried: signing in ends each genuine one. */
  sessionTokens: readonly string[];
  /** This browser's device token, when it sent exactly one. */
  deviceToken: string | null;
}

/** Reads a {@link Client} from a request's headers and the socket's address. */
export function describeClient(
  headers: Headers,
  socketAddress: string | null | undefined,
  settings: { trustProxyHops: number; cookie: SessionCookieSettings },
): Client {
  const cookieHeader = headers.get("cookie");
  return {
    ip: clientIp(headers, socketAddress ?? undefined, settings.trustProxyHops),
    userAgent: headers.get("user-agent")?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
    sessionTokens: [...new Set(readSessionCookies(cookieHeader, settings.cookie))].slice(
      0,
      MAX_CARRIED_SESSIONS,
    ),
    deviceToken: readDeviceCookie(cookieHeader, settings.cookie.secure),
  };
}
