import { parseMailSettings, type MailSettings } from "@monorepo-auth/mail/mail-settings";
import { z } from "zod";

import { parseEncryptionKeys } from "../factors/secret-box.ts";
import { parseProviderSettings, type ProviderSettings } from "../providers/provider-settings.ts";
import { parseAppOrigin } from "./app-origin.ts";
import { checkCookieDomain } from "./cookie-domain.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** Everything the auth core and the apps need to know, parsed from environment variables. */
export interface AuthSettings {
  mongodbUri: string;
  mongodbDbName: string;
  /** Where people sign up and sign in. */
  landingOrigin: string;
  /** Where they go after signing in, unless they were on their way elsewhere. */
  webOrigin: string;
  /**
   * Every app's origin: landing, web and AUTH_APP_ORIGINS, in that order. The only origins
   * that may change state, receive a form, or be returned to after signing in.
   */
  appOrigins: readonly string[];
  /** Shared cookie domain in production (`example.com`); undefined on localhost. */
  cookieDomain: string | undefined;
  /** True when the apps are served over https: `Secure` cookies with the `__Secure-` prefix. */
  secureCookies: boolean;
  sessionIdleTimeoutMs: number;
  sessionAbsoluteLifetimeMs: number;
  /** Live sessions one user may hold; signing in beyond this ends the oldest. */
  maxSessionsPerUser: number;
  /** How many reverse proxies in front of the apps append to X-Forwarded-For; 0 = trust none. */
  trustProxyHops: number;
  ipAttemptLimit: number;
  ipAttemptWindowMs: number;
  breachedPasswordCheck: { enabled: boolean; apiUrl: string };
  /** SMTP_URL and MAIL_FROM; null when SMTP_URL is not set and no mail is sent. */
  mail: MailSettings | null;
  /** SIGNUP_EMAIL: whether sign-up asks for an email address, and whether it must be given. */
  signupEmail: "optional" | "required";
  /**
   * AUTH_ENCRYPTION_KEY: the keys that seal authenticator keys, newest first; null when
   * unset, and then no one can turn on an authenticator app.
   */
  encryptionKeys: readonly Uint8Array[] | null;
  /** The sign-in providers turned on (GITHUB_*, GOOGLE_*, OIDC_*), in the order of their buttons. */
  providers: readonly ProviderSettings[];
}

const DEFAULT_DB_NAME = "monorepo-auth";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

// Names are the environment variables' own, so an error can name the variable.
const schema = z.object({
  MONGODB_URI: z
    .string({ error: "is required (a mongodb:// or mongodb+srv:// connection string)" })
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, "must be a mongodb:// or mongodb+srv:// URI"),
  MONGODB_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, "must be 1–63 letters, digits, _ or -")
    .optional(),
  LANDING_URL: z.string().default("http://localhost:4321"),
  WEB_URL: z.string().default("http://localhost:3000"),
  AUTH_APP_ORIGINS: z.string().default(""),
  AUTH_COOKIE_DOMAIN: z.string().optional(),
  AUTH_ALLOW_INSECURE_HTTP: z.stringbool().default(false),
  SESSION_IDLE_TIMEOUT_DAYS: positiveInt(14),
  SESSION_ABSOLUTE_LIFETIME_DAYS: positiveInt(30),
  MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).max(1000).default(50),
  SIGNUP_EMAIL: z.enum(["optional", "required"]).default("optional"),
  AUTH_ENCRYPTION_KEY: z.string().optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  IP_ATTEMPT_LIMIT: positiveInt(30),
  IP_ATTEMPT_WINDOW_MINUTES: positiveInt(10),
  BREACHED_PASSWORD_CHECK: z.stringbool().default(false),
  BREACHED_PASSWORD_API_URL: z
    .url({ protocol: /^https?$/ })
    .default("https://api.pwnedpasswords.com"),
});

/**
 * Parses and checks the auth settings from an environment record (the app passes
 * `process.env`). Empty strings count as unset.
 * @throws {Error} naming every bad variable, without echoing values (a URI may hold a password).
 */
export function parseAuthSettings(env: Readonly<Record<string, string | undefined>>): AuthSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new Error(
      result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; "),
    );
  }
  const vars = result.data;
  const problems: string[] = [];

  const origin = (name: "LANDING_URL" | "WEB_URL"): URL | undefined => {
    try {
      return parseAppOrigin(vars[name], vars.AUTH_ALLOW_INSECURE_HTTP);
    } catch (error) {
      problems.push(`${name} ${(error as Error).message}`);
      return undefined;
    }
  };
  const landing = origin("LANDING_URL");
  const web = origin("WEB_URL");
  const others = otherAppOrigins(vars.AUTH_APP_ORIGINS, vars.AUTH_ALLOW_INSECURE_HTTP, problems);
  const apps = landing && web ? [landing, web, ...others] : [];

  if (apps.some((app) => app.protocol !== landing?.protocol)) {
    problems.push("LANDING_URL, WEB_URL and AUTH_APP_ORIGINS must all use https, or all http");
  }
  const hosts = [...new Set(apps.map((app) => app.hostname))];
  if (vars.AUTH_COOKIE_DOMAIN !== undefined && hosts.length > 0) {
    const problem = checkCookieDomain(vars.AUTH_COOKIE_DOMAIN, hosts);
    if (problem) problems.push(`AUTH_COOKIE_DOMAIN ${problem}`);
  }
  if (vars.AUTH_COOKIE_DOMAIN === undefined && hosts.length > 1) {
    problems.push(
      "AUTH_COOKIE_DOMAIN is required when the apps run on different hosts " +
        `(${hosts.join(", ")}): set it to their common parent domain`,
    );
  }
  if (vars.SESSION_ABSOLUTE_LIFETIME_DAYS < vars.SESSION_IDLE_TIMEOUT_DAYS) {
    problems.push(
      "SESSION_ABSOLUTE_LIFETIME_DAYS must not be shorter than SESSION_IDLE_TIMEOUT_DAYS",
    );
  }
  let encryptionKeys: Uint8Array[] | null = null;
  if (vars.AUTH_ENCRYPTION_KEY !== undefined && vars.AUTH_ENCRYPTION_KEY.trim() !== "") {
    try {
      encryptionKeys = parseEncryptionKeys(vars.AUTH_ENCRYPTION_KEY);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const providers = parseProviderSettings(
    present,
    // An http issuer only where the apps run on http themselves (local development, tests).
    { allowInsecureHttp: vars.AUTH_ALLOW_INSECURE_HTTP || landing?.protocol === "http:" },
    problems,
  );
  let mail: MailSettings | null = null;
  try {
    mail = parseMailSettings(present, `no-reply@${landing?.hostname ?? "localhost"}`);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0 || !landing || !web) throw new Error(problems.join("; "));

  return {
    mongodbUri: vars.MONGODB_URI,
    mongodbDbName: vars.MONGODB_DB_NAME ?? dbNameInUri(vars.MONGODB_URI) ?? DEFAULT_DB_NAME,
    landingOrigin: landing.origin,
    webOrigin: web.origin,
    appOrigins: [...new Set(apps.map((app) => app.origin))],
    cookieDomain: vars.AUTH_COOKIE_DOMAIN,
    secureCookies: landing.protocol === "https:",
    sessionIdleTimeoutMs: vars.SESSION_IDLE_TIMEOUT_DAYS * DAY_MS,
    sessionAbsoluteLifetimeMs: vars.SESSION_ABSOLUTE_LIFETIME_DAYS * DAY_MS,
    maxSessionsPerUser: vars.MAX_SESSIONS_PER_USER,
    trustProxyHops: vars.TRUST_PROXY_HOPS,
    ipAttemptLimit: vars.IP_ATTEMPT_LIMIT,
    ipAttemptWindowMs: vars.IP_ATTEMPT_WINDOW_MINUTES * MINUTE_MS,
    breachedPasswordCheck: {
      enabled: vars.BREACHED_PASSWORD_CHECK,
      apiUrl: vars.BREACHED_PASSWORD_API_URL,
    },
    mail,
    signupEmail: vars.SIGNUP_EMAIL,
    encryptionKeys,
    providers,
  };
}

/**
 * The origins AUTH_APP_ORIGINS lists (separated by commas or spaces): the apps beyond landing
 * and web, such as an admin console. Each must be a bare origin, like LANDING_URL.
 */
function otherAppOrigins(value: string, allowInsecureHttp: boolean, problems: string[]): URL[] {
  return value
    .split(/[\s,]+/)
    .filter((entry) => entry !== "")
    .flatMap((entry) => {
      try {
        return [parseAppOrigin(entry, allowInsecureHttp)];
      } catch (error) {
        problems.push(
          `AUTH_APP_ORIGINS entry ${JSON.stringify(entry)} ${(error as Error).message}`,
        );
        return [];
      }
    });
}

/** The database named in a connection string's path, if any (mongodb://host/name?options). */
function dbNameInUri(uri: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1];
  return name ? decodeURIComponent(name) : undefined;
}
