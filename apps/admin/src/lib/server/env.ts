// The only place in this app that reads process.env. Parsed once, on first use; server.ts
// calls it at start so a bad setting stops the process with its name.
import { parseAuthSettings, type AuthSettings } from "@monorepo-auth/auth/config/environment";
import { parseAppOrigin } from "@monorepo-auth/auth/config/app-origin";
import { listenAddress as parseListenAddress } from "@monorepo-auth/server/listen-address";

export interface AdminSettings extends AuthSettings {
  /** This app's own public origin (ADMIN_URL): where people come back to after logging in. */
  adminOrigin: string;
}

const DEFAULT_ADMIN_URL = "http://localhost:5173";

let settings: AdminSettings | undefined;

export function env(): AdminSettings {
  settings ??= parseAdminSettings(process.env);
  return settings;
}

/**
 * The shared settings plus ADMIN_URL, which must be one of the app origins: the other apps
 * read the same AUTH_APP_ORIGINS, and only origins listed there may post forms, pass the
 * origin check, or be returned to after signing in.
 * @throws {Error} naming the variables, never their values beyond the origins.
 */
export function parseAdminSettings(
  vars: Readonly<Record<string, string | undefined>>,
): AdminSettings {
  const shared = parseAuthSettings(vars);
  // Empty counts as unset, as for every other setting.
  const value =
    vars.ADMIN_URL === undefined || vars.ADMIN_URL === "" ? DEFAULT_ADMIN_URL : vars.ADMIN_URL;
  let origin: string;
  try {
    // Plain http on a public host is judged with the app origins, which this must be among.
    origin = parseAppOrigin(value, true).origin;
  } catch (error) {
    throw new Error(`ADMIN_URL ${(error as Error).message}`, { cause: error });
  }
  if (!shared.appOrigins.includes(origin)) {
    throw new Error(
      `ADMIN_URL (${origin}) must be one of the app origins: add it to AUTH_APP_ORIGINS ` +
        `(now ${shared.appOrigins.join(", ")}), the same value every app reads`,
    );
  }
  return { ...shared, adminOrigin: origin };
}

/** Where the production server (server.ts) listens: HOST and PORT. */
export function listenAddress(): { host: string; port: number } {
  return parseListenAddress(process.env, 5173);
}

/**
 * The node adapter's handler reads a few variables when it is imported. Two of them would
 * take the client's address from a header of the client's choosing; here the address is
 * the socket's, or X-Forwarded-For's as TRUST_PROXY_HOPS says (in the auth core). The body
 * limit is set low: the admin's forms are a few short fields.
 */
export function prepareAdapterEnvironment(): void {
  for (const name of ["ADDRESS_HEADER", "XFF_DEPTH"]) {
    if (process.env[name]) {
      throw new Error(`${name} is not used: set TRUST_PROXY_HOPS for proxies in front of the apps`);
    }
  }
  process.env.BODY_SIZE_LIMIT ??= "64K";
}
