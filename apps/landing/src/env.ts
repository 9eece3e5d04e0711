// The only place in this app that reads process.env. Parsed once, on first use; the
// server entry calls it at start so a bad setting stops the process with its name.
import { parseAuthSettings, type AuthSettings } from "@monorepo-auth/auth/config/environment";
import { listenAddress as parseListenAddress } from "@monorepo-auth/server/listen-address";

let settings: AuthSettings | undefined;

export function env(): AuthSettings {
  settings ??= parseAuthSettings(process.env);
  return settings;
}

/** Where the production server (server.ts) listens: HOST and PORT. */
export function listenAddress(): { host: string; port: number } {
  return parseListenAddress(process.env, 4321);
}
